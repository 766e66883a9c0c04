package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Texts that only moderators may ever see.
const (
	feedbackReason = "Wrong trust: ours uses a different PACS"
	gapQuestion    = "does anyone use AI for podiatry foot ulcer photos"
)

// hostileEntry's body tries every way to get HTML into the page.
func hostileEntry() knowledge.Entry {
	return knowledge.Entry{
		ID: "hostile-markdown", Kind: knowledge.KindInsight, Status: knowledge.StatusApproved,
		Title:   "Markdown <b>check</b> entry",
		Summary: "A summary with <i>tags</i> & ampersands.",
		Body: "## What we learned\n\n**Bold point** and a [good link](https://www.england.nhs.uk/).\n\n" +
			"<script>alert('body')</script>\n\n<img src=x onerror=alert(1)>\n\n[bad link](javascript:alert(2))\n\n" +
			"<div style=\"color:red\">raw block</div>\n\n- one\n- two\n",
		Category: knowledge.CategoryGovernance, URL: "javascript:alert(3)", Source: "Test source",
	}
}

// populated is a catalogue with the seed, the hostile entry, a named and
// an anonymous lesson, feedback with a reason and a gap.
func populated(t *testing.T) (*catalogue, knowledge.Entry, knowledge.Entry) {
	t.Helper()
	c := newCatalogue(t, catalogueOptions{seed: true, entries: []knowledge.Entry{hostileEntry()}})
	ctx := t.Context()
	share := func(user, title string, anonymous bool) knowledge.Entry {
		e, err := c.App.SubmitLesson(ctx, user, handlers.LessonForm{
			Title: title, Category: "clinical_documentation", OrgType: "primary_care", Outcome: "ongoing", Stage: "pilot",
			WhatHappened: "Twelve GPs used an ambient scribe for three months in routine consultations.",
			Lessons:      "Agree the DPIA and the safety case before the first consultation is recorded.",
			Evidence:     "internal_audit", Tags: "ambient scribe", Anonymous: anonymous,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.App.Approve(ctx, moderator, e.ID); err != nil {
			t.Fatal(err)
		}
		c.App.FinishDecision(ctx, e.ID)
		return e
	}
	named := share("UNAMED1", "Ambient scribe with a named contact", false)
	anon := share(author, "Ambient scribe shared anonymously", true)
	if err := c.App.SyncIndex(ctx); err != nil {
		t.Fatal(err)
	}
	ans, err := c.App.Ask(ctx, handlers.AskRequest{Question: "has anyone used AI to clear an x-ray backlog?", Asker: "UASKER", RecordGap: true})
	if err != nil || !ans.Confident() {
		t.Fatalf("seed question: %v, %s", err, ans.Confidence)
	}
	if err := c.App.RateAnswer(ctx, handlers.Feedback{AnswerID: ans.ID, User: "UASKER", Helpful: false, Reason: feedbackReason, Via: "button"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.App.Ask(ctx, handlers.AskRequest{Question: gapQuestion, Asker: "UASKER", RecordGap: true}); err != nil {
		t.Fatal(err)
	}
	return c, named, anon
}

// checkSafe asserts what every page must hold: the security headers, and
// no script or inline style anywhere.
func checkSafe(t *testing.T, p page) {
	t.Helper()
	if got := p.Header.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'none'") || strings.Contains(got, "unsafe") {
		t.Errorf("%s: CSP %q, want a strict one", p.Request.URL.Path, got)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
		if got := p.Header.Get(h); got != want {
			t.Errorf("%s: %s = %q, want %q", p.Request.URL.Path, h, got, want)
		}
	}
	low := strings.ToLower(p.Body)
	for _, bad := range []string{"<script", " style=", "javascript:", "onerror="} {
		if strings.Contains(low, bad) {
			t.Errorf("%s holds %q", p.Request.URL.Path, bad)
		}
	}
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// links returns a page's hrefs, unescaped.
func links(body string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestHome(t *testing.T) {
	c, _, _ := populated(t)
	b := c.browser()
	home := b.signIn(member, "/")
	checkSafe(t, home)
	if !strings.Contains(home.Body, `<label for="q">`) || !strings.Contains(home.Body, `id="q"`) {
		t.Errorf("search box has no label")
	}

	t.Run("filters are bookmarkable links", func(t *testing.T) {
		var pilotLink string
		for _, l := range links(home.Body) {
			if strings.HasPrefix(l, "/?kind=pilot") {
				pilotLink = l
			}
		}
		if pilotLink == "" {
			t.Fatalf("no link filtering pilots on /")
		}
		pilots := b.get(pilotLink)
		checkSafe(t, pilots)
		if n := strings.Count(pilots.Body, `<article class="card">`); n == 0 || n != strings.Count(pilots.Body, "<li>Pilot</li>") {
			t.Errorf("%s shows %d cards, %d of them pilots; want only pilots", pilotLink, n, strings.Count(pilots.Body, "<li>Pilot</li>"))
		}
		var both string
		for _, l := range links(pilots.Body) {
			if strings.Contains(l, "outcome=abandoned") && strings.Contains(l, "kind=pilot") {
				both = l
			}
		}
		if both == "" {
			t.Fatalf("the pilots page has no outcome link keeping kind=pilot")
		}
		abandoned := b.get(both)
		if !strings.Contains(abandoned.Body, "<li>Stopped") || strings.Contains(abandoned.Body, "<li>Success</li>") {
			t.Errorf("%s shows something not abandoned", both)
		}
		if !strings.Contains(abandoned.Body, "Showing only:") || !strings.Contains(abandoned.Body, "Clear all filters") {
			t.Errorf("%s does not list its filters with a way to clear them", both)
		}
		for _, f := range handlers.Facets() {
			if !strings.Contains(home.Body, "<summary>"+f.Label()) {
				t.Errorf("/ lacks the %s filter", f)
			}
		}
	})
	t.Run("three kinds of answer", func(t *testing.T) {
		high := b.get("/?q=" + url.QueryEscape("has anyone used AI to clear an x-ray backlog?"))
		checkSafe(t, high)
		if !strings.Contains(high.Body, "Confident answer") || !strings.Contains(high.Body, `<article class="card">`) {
			t.Errorf("x-ray question: no confident answer with sources")
		}
		none := b.get("/?q=" + url.QueryEscape("quantum blockchain for car parks"))
		if !strings.Contains(none.Body, "Nothing found") || !strings.Contains(none.Body, html.EscapeString(handlers.NothingFoundText)) || strings.Contains(none.Body, `<article class="card">`) {
			t.Errorf("nonsense question: want nothing found and no cards")
		}
		filtered := b.get("/?q=" + url.QueryEscape("has anyone used AI to clear an x-ray backlog?") + "&kind=guidance&stage=business_as_usual")
		if strings.Contains(filtered.Body, "Confident answer") && strings.Contains(filtered.Body, "<li>Pilot</li>") {
			t.Errorf("a search filtered to guidance shows pilots")
		}
		if !strings.Contains(filtered.Body, `name="kind" value="guidance"`) {
			t.Errorf("the search form does not keep the kind filter")
		}
	})
	t.Run("refused question is not echoed", func(t *testing.T) {
		p := b.get("/?q=" + url.QueryEscape("patient 999 000 0018 had a scan, any AI for that?"))
		if !strings.Contains(p.Body, "Not searched") || !strings.Contains(p.Body, "NHS number") {
			t.Errorf("question with an NHS number: want a refusal naming the kind of identifier")
		}
		for _, leak := range []string{"999 000 0018", "999+000+0018", "9990000018"} {
			if strings.Contains(p.Body, leak) {
				t.Errorf("refusal page echoes %q", leak)
			}
		}
	})
	t.Run("bad filter value", func(t *testing.T) {
		p := b.get("/?outcome=wonderful")
		if p.StatusCode != http.StatusBadRequest || !strings.Contains(p.Body, "not a known value") {
			t.Errorf("/?outcome=wonderful = %d, want 400 saying why", p.StatusCode)
		}
	})
	t.Run("pages", func(t *testing.T) {
		first := b.get("/")
		var next string
		for _, l := range links(first.Body) {
			if strings.Contains(l, "page=2") {
				next = l
			}
		}
		if next == "" {
			t.Fatalf("/ has no link to page 2 (the seed has more than 20 entries)")
		}
		if p := b.get(next); !strings.Contains(p.Body, "Page 2 of") {
			t.Errorf("page 2 does not say so")
		}
	})
}

func TestEntryPage(t *testing.T) {
	c, named, anon := populated(t)
	b := c.browser()
	b.signIn(member, "/")

	t.Run("markdown rendered safely", func(t *testing.T) {
		p := b.get("/entries/hostile-markdown")
		checkSafe(t, p)
		for _, want := range []string{"<strong>Bold point</strong>", `<a href="https://www.england.nhs.uk/">good link</a>`, "<li>one</li>",
			"Markdown &lt;b&gt;check&lt;/b&gt; entry", "&lt;i&gt;tags&lt;/i&gt; &amp; ampersands"} {
			if !strings.Contains(p.Body, want) {
				t.Errorf("entry page lacks %q", want)
			}
		}
		for _, bad := range []string{"<b>check</b>", "<i>tags</i>", "raw block", "<img", "alert("} {
			if strings.Contains(p.Body, bad) {
				t.Errorf("entry page holds %q: raw HTML got through", bad)
			}
		}
	})
	t.Run("contact, not an anonymous author", func(t *testing.T) {
		p := b.get("/entries/" + named.ID)
		if !strings.Contains(p.Body, "UNAMED1") || !strings.Contains(p.Body, "slack://user?team=") {
			t.Errorf("named lesson: no contact link")
		}
		if !strings.Contains(p.Body, "Outcome history") || !strings.Contains(p.Body, "<td>Ongoing</td>") {
			t.Errorf("named lesson: no outcome history")
		}
		p = b.get("/entries/" + anon.ID)
		if p.StatusCode != http.StatusOK {
			t.Fatalf("anonymous lesson = %d", p.StatusCode)
		}
		if strings.Contains(p.Body, author) || strings.Contains(p.Body, "Shared by") {
			t.Errorf("a member sees who shared an anonymous lesson")
		}
		mod := c.browser()
		mp := mod.signIn(moderator, "/entries/"+anon.ID)
		if !strings.Contains(mp.Body, "Shared by "+author) || !strings.Contains(mp.Body, "asked to stay anonymous") {
			t.Errorf("a moderator does not see who shared the anonymous lesson")
		}
	})
	t.Run("not approved or unknown", func(t *testing.T) {
		pending, err := c.App.SubmitLesson(t.Context(), author, handlers.LessonForm{
			Title: "Pending lesson about scribes", Category: "clinical_documentation", OrgType: "primary_care", Outcome: "ongoing",
			WhatHappened: "Still waiting for review by a moderator.", Lessons: "None yet, it is pending.", Evidence: "anecdotal",
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{pending.ID, "no-such-entry"} {
			if p := b.get("/entries/" + id); p.StatusCode != http.StatusNotFound || strings.Contains(p.Body, "Pending lesson") {
				t.Errorf("/entries/%s = %d, want 404 showing nothing", id, p.StatusCode)
			}
		}
		if p := b.get("/no/such/page"); p.StatusCode != http.StatusNotFound || !strings.Contains(p.Body, "Page not found") {
			t.Errorf("unknown path = %d", p.StatusCode)
		}
	})
}

func TestInsightsModeratorOnly(t *testing.T) {
	c, _, _ := populated(t)
	mem := c.browser()
	p := mem.signIn(member, "/insights")
	checkSafe(t, p)
	for _, want := range []string{"Pilots by what the AI does", "Pilots by organisation type", "Why pilots stopped", "Evidence levels", "Pilot lessons shared per month", "<svg", "<table"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("member's insights lack %q", want)
		}
	}
	if n, m := strings.Count(p.Body, `<svg class="chart"`), strings.Count(p.Body, "<table"); n != 5 || m < n {
		t.Errorf("member's insights: %d charts and %d tables, want 5 charts each with a table", n, m)
	}
	for _, secret := range []string{"How kbbot is doing", feedbackReason, gapQuestion, "Top gaps", "due for review"} {
		if strings.Contains(p.Body, secret) || strings.Contains(p.Body, html.EscapeString(secret)) {
			t.Errorf("a member's insights show %q", secret)
		}
	}
	mod := c.browser()
	mp := mod.signIn(moderator, "/insights")
	checkSafe(t, mp)
	for _, want := range []string{"How kbbot is doing", "Questions per week by kind of answer", html.EscapeString(feedbackReason), gapQuestion, "Entries due for review"} {
		if !strings.Contains(mp.Body, want) {
			t.Errorf("moderator's insights lack %q", want)
		}
	}
}
