package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// BenchmarkCatalogue times the catalogue's pages in the server (the
// handler, from request to rendered page, no network) at 10,000 entries,
// signed in: / with a question (cycling through the search question set),
// / browsing with a filter, and /insights for a member and for a moderator
// with 2,000 gaps and 5,000 ratings kept. It reports p50 and p99 per page.
func BenchmarkCatalogue(b *testing.B) {
	qs, err := searchtest.BenchQuestions()
	if err != nil {
		b.Fatal(err)
	}
	entries, err := searchtest.Corpus(10000)
	if err != nil {
		b.Fatal(err)
	}
	c := newCatalogue(b, catalogueOptions{entries: entries})
	ctx := b.Context()
	for i := range 2000 {
		if err := c.App.RecordGap(ctx, fmt.Sprintf("%s (variant %d)", qs[i%len(qs)], i), handlers.GapUnanswered, ""); err != nil {
			b.Fatal(err)
		}
	}
	ans, err := c.App.Ask(ctx, handlers.AskRequest{Question: qs[0], Asker: "UASKER"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 5000 {
		if err := c.App.RateAnswer(ctx, handlers.Feedback{AnswerID: ans.ID, User: fmt.Sprintf("U%05d", i), Helpful: i%3 != 0, Via: "button"}); err != nil {
			b.Fatal(err)
		}
	}
	cookies := map[string]string{}
	for _, user := range []string{member, moderator} {
		br := c.browser()
		br.signIn(user, "/")
		u, _ := url.Parse(c.URL)
		for _, ck := range br.client.Jar.Cookies(u) {
			if ck.Name == "kbbot_session" {
				cookies[user] = ck.Value
			}
		}
	}
	serve := func(b *testing.B, user string, path func(i int) string) {
		var lat searchtest.Latencies
		for i := 0; b.Loop(); i++ {
			req := httptest.NewRequest(http.MethodGet, path(i), nil)
			req.AddCookie(&http.Cookie{Name: "kbbot_session", Value: cookies[user]})
			rec := httptest.NewRecorder()
			lat.Time(func() { c.Handler.ServeHTTP(rec, req) })
			if rec.Code != http.StatusOK {
				b.Fatalf("%s = %d", req.URL, rec.Code)
			}
		}
		lat.Report(b)
	}
	b.Run("search/entries=10000", func(b *testing.B) {
		serve(b, member, func(i int) string { return "/?q=" + url.QueryEscape(qs[i%len(qs)]) })
	})
	b.Run("browse/entries=10000", func(b *testing.B) {
		serve(b, member, func(i int) string {
			return []string{"/", "/?kind=pilot", "/?kind=pilot&outcome=abandoned", "/?category=diagnostics_imaging&page=3"}[i%4]
		})
	})
	b.Run("insights/member/entries=10000", func(b *testing.B) {
		serve(b, member, func(int) string { return "/insights" })
	})
	b.Run("insights/moderator/entries=10000", func(b *testing.B) {
		serve(b, moderator, func(int) string { return "/insights" })
	})
}
