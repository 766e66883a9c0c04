// Package bottest holds test helpers for kbbot's Slack edge: a fake Slack
// Web API (with a response_url endpoint and a Socket Mode server), Slack's
// v0 request signing, and builders for the payloads Slack sends. Tests drive
// the bot at its HTTP boundary with these, as Slack would, and assert what
// the bot sent back.
//
// It also serves Sign in with Slack (oidc.go: the authorize page, its
// keys, openid.connect.token and openid.connect.userInfo) for the web
// catalogue.
//
// The fake speaks Slack's real wire format (see the platform notes):
// form-encoded chat.* calls with a token field and `blocks` as a JSON
// string, JSON views.* calls with a Bearer token, Slack-style ts values,
// and a response_url that answers with a Content-Type. It records every
// call, can fail the next calls of a method (429 with Retry-After, 5xx,
// ok:false), and checks the Block Kit limits it can check cheaply,
// recording violations that fail the test at cleanup.
//
// bottest must never import package bot: it fakes Slack, not kbbot.
package bottest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Identity the fake's auth.test reports, and the workspace its payloads
// name.
const (
	BotUserID = "UBOT"
	BotID     = "BBOT"
	TeamID    = "T123ABC456"
	AppID     = "A123ABC456"
)

// ResponseURLMethod is the Method of a recorded call to a response_url.
const ResponseURLMethod = "response_url"

// failure is an injected answer for the next call of a method.
type failure struct {
	status     int
	retryAfter string
	slackError string // with status 200: {"ok":false,"error":slackError}
}

// Slack is a fake Slack: Web API under /api/, response_urls under
// /response/<id>, and a Socket Mode WebSocket under /link/. Its methods
// are safe for concurrent use.
type Slack struct {
	// Server is the underlying test server; URL is its base URL.
	Server *httptest.Server
	URL    string

	mu         sync.Mutex
	wake       chan struct{} // closed and replaced whenever something is recorded
	calls      []Call
	violations []string
	failures   map[string][]failure
	drops      map[string]int // history.go
	loses      map[string]int // history.go
	handlers   map[string]func(Call) (int, any)
	seq        int // for ts and ids

	// Socket Mode state (socket.go).
	upgrader  websocket.Upgrader
	conns     []*wsConn
	acks      []Ack
	envSeq    int
	gate      chan struct{} // non-nil: WebSocket dials wait until it is closed
	release   func()        // closes gate
	dials     int
	connected int

	// Sign in with Slack state (oidc.go).
	oidc oidcFake
}

// NewSlack starts a fake Slack for the test and stops it at cleanup. The
// test fails at cleanup if any call broke a checked Block Kit limit.
func NewSlack(t testing.TB) *Slack {
	t.Helper()
	s := &Slack{
		wake:     make(chan struct{}),
		failures: map[string][]failure{},
		drops:    map[string]int{},
		loses:    map[string]int{},
		handlers: map[string]func(Call) (int, any){},
		seq:      100,
		upgrader: websocket.Upgrader{
			// slack-go dials with Origin: https://api.slack.com; the
			// default check would refuse it.
			CheckOrigin: func(*http.Request) bool { return true },
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/response/", s.serveResponseURL)
	mux.HandleFunc("/link/", s.serveSocket)
	mux.HandleFunc("GET /openid/connect/authorize", s.serveAuthorize)
	mux.HandleFunc("GET /openid/connect/keys", s.serveKeys)
	s.Server = httptest.NewServer(mux)
	s.URL = s.Server.URL
	t.Cleanup(func() {
		s.closeSockets()
		s.Server.Close()
		if v := s.Violations(); len(v) > 0 {
			t.Errorf("fake Slack recorded %d violation(s):\n  %s", len(v), strings.Join(v, "\n  "))
		}
	})
	return s
}

// APIURL is the Web API base URL to give slack.OptionAPIURL (and
// SLACK_API_URL), with the trailing slash slack-go needs.
func (s *Slack) APIURL() string { return s.URL + "/api/" }

// ResponseURL returns a response_url whose posts are recorded with
// ResponseID id.
func (s *Slack) ResponseURL(id string) string { return s.URL + "/response/" + id }

// FailNext makes the next n calls of method (or ResponseURLMethod) answer
// HTTP status, with a Retry-After header when retryAfter is not empty: 429
// with "1" for Slack's rate limit, 500 or 503 for an outage.
func (s *Slack) FailNext(method string, status int, retryAfter string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures[method] = append(s.failures[method], failure{status: status, retryAfter: retryAfter})
	}
}

// RejectNext makes the next n calls of method answer HTTP 200 with
// {"ok":false,"error":code}, as Slack does for channel_not_found,
// not_in_channel or invalid_blocks.
func (s *Slack) RejectNext(method, code string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures[method] = append(s.failures[method], failure{status: http.StatusOK, slackError: code})
	}
}

// Handle replaces the fake's answer to a method: h returns the HTTP status
// and the JSON body. The call is recorded and checked as usual.
func (s *Slack) Handle(method string, h func(Call) (int, any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[method] = h
}

// Calls returns the recorded calls of method ("" for every call), oldest
// first.
func (s *Slack) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

func (s *Slack) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Find returns the recorded calls that match.
func (s *Slack) Find(match func(Call) bool) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if match(c) {
			out = append(out, c)
		}
	}
	return out
}

// Violations returns the Block Kit and protocol violations seen so far.
func (s *Slack) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// TakeViolations returns the violations seen so far and forgets them, for
// a test that provokes one on purpose.
func (s *Slack) TakeViolations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.violations
	s.violations = nil
	return v
}

// WaitCalls waits until at least n calls of method were recorded and
// returns them all; it fails the test after timeout.
func (s *Slack) WaitCalls(t testing.TB, method string, n int, timeout time.Duration) []Call {
	t.Helper()
	return s.WaitFor(t, fmt.Sprintf("%d %s call(s)", n, method), n, timeout, func(c Call) bool {
		return c.Method == method
	})
}

// WaitFor waits until at least n recorded calls match and returns every
// matching call; it fails the test after timeout, saying what it waited
// for (want) and listing the calls it saw. It waits on the fake's record,
// not on a clock.
func (s *Slack) WaitFor(t testing.TB, want string, n int, timeout time.Duration, match func(Call) bool) []Call {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		var got []Call
		for _, c := range s.calls {
			if match(c) {
				got = append(got, c)
			}
		}
		wake := s.wake
		all := s.summaryLocked()
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-wake:
		case <-deadline.C:
			t.Fatalf("fake Slack: waited %v for %s, got %d matching; calls seen:\n%s", timeout, want, len(got), all)
			return nil
		case <-t.Context().Done():
			t.Fatalf("fake Slack: test ended while waiting for %s", want)
			return nil
		}
	}
}

func (s *Slack) summaryLocked() string {
	if len(s.calls) == 0 {
		return "  (none)"
	}
	var b strings.Builder
	for _, c := range s.calls {
		fmt.Fprintf(&b, "  %s %s %d channel=%q thread_ts=%q\n", c.At.Format("15:04:05.000"), c.Method+c.ResponseID, c.Status, c.Value("channel"), c.Value("thread_ts"))
	}
	return b.String()
}

// record appends a call (and its violations) and wakes every waiter.
func (s *Slack) record(c Call, violations []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.violations = append(s.violations, violations...)
	s.broadcastLocked()
}

func (s *Slack) broadcastLocked() {
	close(s.wake)
	s.wake = make(chan struct{})
}

// nextTS returns a Slack-style message ts: seconds, a dot, six digits.
func (s *Slack) nextTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("1700000000.%06d", s.seq)
}

// takeFailure pops the next injected failure of method.
func (s *Slack) takeFailure(method string) (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.failures[method]
	if len(q) == 0 {
		return failure{}, false
	}
	s.failures[method] = q[1:]
	return q[0], true
}

// readCall decodes a request into a Call.
func readCall(r *http.Request, method string) (Call, error) {
	c := Call{Method: method, Auth: r.Header.Get("Authorization"), At: time.Now()}
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		return c, err
	}
	c.Raw = body
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ct == "application/json":
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := json.Unmarshal(body, &c.JSON); err != nil {
				return c, fmt.Errorf("JSON body: %w", err)
			}
		}
		if c.JSON == nil {
			c.JSON = map[string]any{}
		}
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return c, fmt.Errorf("form body: %w", err)
		}
		c.Form = form
	}
	return c, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// serveAPI answers /api/<method>.
func (s *Slack) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	c, err := readCall(r, method)
	if err == nil && s.takeLose(method) {
		dropConnection(w) // history.go: lost before Slack took it
		return
	}
	if err != nil {
		c.Status = http.StatusBadRequest
		s.record(c, []string{fmt.Sprintf("%s: unreadable request: %v", method, err)})
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "invalid_form_data"})
		return
	}
	violations, invalid := checkCall(c)
	rep := s.answer(c, invalid)
	c.Status = rep.status
	if m, ok := rep.body.(map[string]any); ok {
		c.Reply = m
	}
	s.record(c, violations)
	if s.takeDrop(method) {
		dropConnection(w) // history.go: done, but the answer is lost
		return
	}
	if rep.retryAfter != "" {
		w.Header().Set("Retry-After", rep.retryAfter)
	}
	writeJSON(w, rep.status, rep.body)
}

// reply is the fake's answer to one call.
type reply struct {
	status     int
	body       any
	retryAfter string
}

// answer decides the fake's reply to a Web API call.
func (s *Slack) answer(c Call, invalidBlocks bool) reply {
	if f, ok := s.takeFailure(c.Method); ok {
		switch {
		case f.slackError != "":
			return reply{status: http.StatusOK, body: map[string]any{"ok": false, "error": f.slackError}}
		case f.status == http.StatusTooManyRequests:
			return reply{status: f.status, body: map[string]any{"ok": false, "error": "ratelimited"}, retryAfter: f.retryAfter}
		default:
			return reply{status: f.status, body: map[string]any{"ok": false, "error": "internal_error"}, retryAfter: f.retryAfter}
		}
	}
	if c.Method == "openid.connect.token" {
		// Authenticated by the app's client id and secret, not a token.
		return s.oidcToken(c)
	}
	if !authorised(c) {
		return ok200(map[string]any{"ok": false, "error": "not_authed"})
	}
	if c.Method == "openid.connect.userInfo" {
		return s.oidcUserInfo(c)
	}
	s.mu.Lock()
	h := s.handlers[c.Method]
	s.mu.Unlock()
	if h != nil {
		status, body := h(c)
		return reply{status: status, body: body}
	}
	if invalidBlocks {
		// Real Slack refuses a message that breaks a Block Kit limit.
		return ok200(map[string]any{"ok": false, "error": "invalid_blocks"})
	}
	switch c.Method {
	case "auth.test":
		return ok200(map[string]any{"ok": true, "url": "https://example.slack.com/", "team": "Example", "user": "kbbot",
			"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID})
	case "chat.postMessage":
		ch := c.Value("channel")
		if strings.HasPrefix(ch, "U") || strings.HasPrefix(ch, "W") {
			ch = "D" + ch[1:] // posting to a user id opens their DM
		}
		ts := s.nextTS()
		return ok200(map[string]any{"ok": true, "channel": ch, "ts": ts,
			"message": map[string]any{"type": "message", "text": c.Value("text"), "user": BotUserID, "bot_id": BotID, "ts": ts, "thread_ts": c.Value("thread_ts")}})
	case "chat.postEphemeral":
		return ok200(map[string]any{"ok": true, "message_ts": s.nextTS()})
	case "chat.update":
		return ok200(map[string]any{"ok": true, "channel": c.Value("channel"), "ts": c.Value("ts"), "text": c.Value("text")})
	case "reactions.add":
		if c.Value("channel") == "" || c.Value("timestamp") == "" || c.Value("name") == "" {
			return ok200(map[string]any{"ok": false, "error": "invalid_arguments"})
		}
		return ok200(map[string]any{"ok": true})
	case "chat.delete":
		return ok200(map[string]any{"ok": true, "channel": c.Value("channel"), "ts": c.Value("ts")})
	case "conversations.history", "conversations.replies":
		return ok200(s.history(c)) // history.go
	case "views.open", "views.publish", "views.update", "views.push":
		v := c.View()
		return ok200(map[string]any{"ok": true, "view": map[string]any{
			"id": s.nextID("V"), "team_id": TeamID, "type": v["type"], "callback_id": v["callback_id"],
			"private_metadata": v["private_metadata"], "blocks": v["blocks"], "app_id": AppID, "bot_id": BotID,
		}})
	case "apps.connections.open":
		if !strings.HasPrefix(c.Auth, "Bearer xapp-") {
			return ok200(map[string]any{"ok": false, "error": "not_allowed_token_type"})
		}
		ws := "ws" + strings.TrimPrefix(s.URL, "http") + "/link/?ticket=" + s.nextID("t")
		return ok200(map[string]any{"ok": true, "url": ws})
	}
	return ok200(map[string]any{"ok": false, "error": "unknown_method"})
}

func ok200(body any) reply { return reply{status: http.StatusOK, body: body} }

func (s *Slack) nextID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s%06d", prefix, s.seq)
}

// authorised: form methods carry a token field, JSON methods a Bearer
// header (platform notes §7).
func authorised(c Call) bool {
	if c.Form != nil && c.Form.Get("token") != "" {
		return true
	}
	return strings.HasPrefix(c.Auth, "Bearer x")
}

// serveResponseURL answers a post to a response_url with application/json
// {"ok":true}: without a Content-Type, slack-go fails to read the answer.
func (s *Slack) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	c, err := readCall(r, ResponseURLMethod)
	c.ResponseID = strings.TrimPrefix(r.URL.Path, "/response/")
	if err != nil || c.JSON == nil {
		c.Status = http.StatusBadRequest
		s.record(c, []string{fmt.Sprintf("response_url %s: want a JSON body (%v)", c.ResponseID, err)})
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	violations, _ := checkCall(c)
	if f, ok := s.takeFailure(ResponseURLMethod); ok {
		c.Status = f.status
		s.record(c, violations)
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		writeJSON(w, f.status, map[string]any{"ok": false, "error": "failed"})
		return
	}
	c.Status = http.StatusOK
	s.record(c, violations)
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}
