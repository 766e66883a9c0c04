package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/slacksig"
)

// Dummy but well-formed Slack settings for serve in HTTP mode: serve
// checks their form (a bot token starting xoxb-, a hexadecimal signing
// secret) and calls auth.test at start, which the fake below answers.
const (
	botToken      = "xoxb-0000000000-0000000000000-kbbotscale00000000000000"
	signingSecret = "6b62626f742d7363616c652d74657374"
	teamID        = "TKBSCALE"
	askerID       = "UKBSCALEASK"
)

// fakeSlack is the part of Slack kbbot needs to start and to answer /kb:
// auth.test (serve calls it before serving), any other Web API method
// (answered ok), and the response_url each /kb answer is posted to, where
// it is timed.
type fakeSlack struct {
	srv     *httptest.Server
	mu      sync.Mutex
	waiting map[string]chan struct{} // response_url path → closed on delivery
	seq     int
}

func newFakeSlack() *fakeSlack {
	f := &fakeSlack{waiting: map[string]chan struct{}{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serveHTTP))
	return f
}

// apiURL is SLACK_API_URL for serve.
func (f *fakeSlack) apiURL() string { return f.srv.URL + "/api/" }

func (f *fakeSlack) close() { f.srv.Close() }

func (f *fakeSlack) serveHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path == "/api/auth.test":
		fmt.Fprintf(w, `{"ok":true,"url":"https://kbbot-scale.slack.com/","team":"kbbot-scale","user":"kbbot","team_id":%q,"user_id":"UKBSCALEBOT","bot_id":"BKBSCALEBOT"}`, teamID)
	case strings.HasPrefix(r.URL.Path, "/respond/"):
		f.mu.Lock()
		if ch, ok := f.waiting[r.URL.Path]; ok {
			close(ch)
			delete(f.waiting, r.URL.Path)
		}
		f.mu.Unlock()
		_, _ = io.WriteString(w, `{"ok":true}`)
	default:
		_, _ = io.WriteString(w, `{"ok":true}`)
	}
}

// expect registers a new response_url and returns it with a channel closed
// when something is posted to it.
func (f *fakeSlack) expect() (string, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	path := "/respond/" + strconv.Itoa(f.seq)
	ch := make(chan struct{})
	f.waiting[path] = ch
	return f.srv.URL + path, ch
}

// askKB sends `/kb ask QUESTION` to serve at addr as Slack would (a signed
// slash command) and waits for the answer at its response_url: the time a
// person waits for an answer, in which the search is one part.
func (f *fakeSlack) askKB(ctx context.Context, client *http.Client, addr, question string) error {
	respURL, delivered := f.expect()
	form := url.Values{
		"command": {"/kb"}, "text": {"ask " + question}, "user_id": {askerID}, "user_name": {"kbbot-scale"},
		"channel_id": {"CKBSCALE"}, "team_id": {teamID}, "response_url": {respURL}, "trigger_id": {"1.2.kbbotscale"},
	}
	body := form.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(body))
	if err != nil {
		return err
	}
	ts, sig := slacksig.Sign(signingSecret, time.Now(), []byte(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("/kb: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/kb: serve answered %d", resp.StatusCode)
	}
	wait := time.NewTimer(30 * time.Second)
	defer wait.Stop()
	select {
	case <-delivered:
		return nil
	case <-wait.C:
		return fmt.Errorf("/kb: no answer at the response_url within 30 s")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// kbLatencies asks questions in turn through /kb (after warm unmeasured
// ones, which open the connection and touch the code paths once) and
// returns each answer's time.
func (f *fakeSlack) kbLatencies(ctx context.Context, addr string, questions []string, n, warm int) ([]time.Duration, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	d := make([]time.Duration, 0, n)
	for i := range warm + n {
		q := questions[i%len(questions)]
		start := time.Now()
		if err := f.askKB(ctx, client, addr, q); err != nil {
			return nil, fmt.Errorf("question %d: %w", i+1, err)
		}
		if i >= warm {
			d = append(d, time.Since(start))
		}
	}
	return d, nil
}

// httpOK reports whether a GET of u answers 200 within a second.
func httpOK(ctx context.Context, u string) bool {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// answerCounts reads serve's kbbot_answers_total from /metrics: answers
// by result (found, not_sure, not_found, refused, small_talk). ok is false
// when serve has no such metric.
func answerCounts(ctx context.Context, addr string) (counts map[string]int, ok bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/metrics", nil)
	if err != nil {
		return nil, false, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, false, fmt.Errorf("/metrics: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, false, fmt.Errorf("/metrics: %w", err)
	}
	counts, ok = parseAnswerCounts(string(body))
	return counts, ok, nil
}

// parseAnswerCounts reads the kbbot_answers_total samples of a Prometheus
// text exposition.
func parseAnswerCounts(text string) (map[string]int, bool) {
	const prefix = `kbbot_answers_total{result="`
	counts := map[string]int{}
	found := false
	for line := range strings.SplitSeq(text, "\n") {
		rest, ok := strings.CutPrefix(line, prefix)
		if !ok {
			continue
		}
		result, value, ok := strings.Cut(rest, `"} `)
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			continue
		}
		counts[result] = int(v)
		found = true
	}
	return counts, found
}

// checkAnswered waits (up to five seconds: serve counts an answer just
// after posting it) until serve has counted want answers, so that the
// times are those of answers, not of apologies; a serve without the
// metric is taken at its word. It returns the counts by result.
func checkAnswered(ctx context.Context, addr string, want int) (map[string]int, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		counts, ok, err := answerCounts(ctx, addr)
		if err != nil || !ok {
			return nil, err
		}
		got := counts["found"] + counts["not_sure"] + counts["not_found"]
		if got >= want {
			return counts, nil
		}
		if time.Now().After(deadline) {
			return counts, fmt.Errorf("/kb: serve counted %d answers to %d questions (%v): the rest were apologies or refusals", got, want, counts)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pollEvery): // polling another process's counter: no event to wait on
		}
	}
}
