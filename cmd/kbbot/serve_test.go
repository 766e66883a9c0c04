package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// kbbot serve, end to end: run() with a fake getenv on 127.0.0.1:0, a real
// redis-server and a fake Slack; the address comes from the "kbbot
// serving" log line, as an operator would read it.

const (
	testSecret = "8f742231b10e8888abcd99aa0ff085a5" // hexadecimal, as Slack's are
	xrayQ      = "has anyone used AI to clear an x-ray backlog?"
	xrayTitle  = "AI fracture triage cleared a backlog of unreported X-rays"
)

// serveLog is a thread-safe stderr that watches for the "kbbot serving"
// line and hands over its addr attribute.
type serveLog struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	partial []byte
	msgs    []string      // the msg of every complete JSON line
	wake    chan struct{} // closed and replaced on every line
	addr    chan string
	sent    bool
	// starting gets the addr of the "kbbot starting" line: listening,
	// the knowledge base not yet ready.
	starting chan string
}

func newServeLog() *serveLog {
	return &serveLog{addr: make(chan string, 1), starting: make(chan string, 1), wake: make(chan struct{})}
}

func (l *serveLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		line := l.partial[:i]
		l.partial = l.partial[i+1:]
		var rec struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal(line, &rec) != nil {
			continue
		}
		l.msgs = append(l.msgs, rec.Msg)
		close(l.wake)
		l.wake = make(chan struct{})
		if rec.Msg == "kbbot starting" && rec.Addr != "" {
			select {
			case l.starting <- rec.Addr:
			default:
			}
		}
		if !l.sent && rec.Msg == "kbbot serving" && rec.Addr != "" {
			l.sent = true
			l.addr <- rec.Addr
		}
	}
	return len(p), nil
}

// waitMsg waits for a log line with the given msg.
func (l *serveLog) waitMsg(t *testing.T, msg string, timeout time.Duration) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		found := slices.Contains(l.msgs, msg)
		wake := l.wake
		l.mu.Unlock()
		if found {
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			t.Fatalf("no %q log line within %v", msg, timeout)
		}
	}
}

func (l *serveLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// fakeEnv is a fake os.LookupEnv: the variables of m are set, even to "".
func fakeEnv(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// serveProc is a running `kbbot serve`.
type serveProc struct {
	addr   string
	stderr *serveLog
	cancel context.CancelFunc
	done   chan error
}

// startServe runs `kbbot serve` with vars and waits for it to listen.
func startServe(t *testing.T, vars map[string]string) *serveProc {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	s := &serveProc{stderr: newServeLog(), cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, []string{"serve"}, fakeEnv(vars), strings.NewReader(""), io.Discard, s.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(15 * time.Second):
			t.Errorf("kbbot serve still running 15 s after cancel")
		}
		if t.Failed() {
			t.Logf("kbbot serve stderr:\n%s", s.stderr.String())
		}
	})
	select {
	case s.addr = <-s.stderr.addr:
	case err := <-s.done:
		s.done <- err // for the cleanup
		t.Fatalf("kbbot serve exited before serving: %v\nstderr:\n%s", err, s.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("no \"kbbot serving\" line within 30 s; stderr:\n%s", s.stderr.String())
	}
	return s
}

// stop cancels serve's context, as SIGTERM does, and checks it exits 0
// within DESIGN's 10 seconds.
func (s *serveProc) stop(t *testing.T) {
	t.Helper()
	start := time.Now()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("kbbot serve returned %v after SIGTERM, want nil (exit 0)", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("kbbot serve took %v to stop, want under 10 s", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("kbbot serve did not return within 10 s of SIGTERM")
	}
	s.done <- nil // for the cleanup
}

func serveEnv(fake *bottest.Slack, redisURL string) map[string]string {
	return map[string]string{
		"KBBOT_ADDR":           "127.0.0.1:0",
		"REDIS_URL":            redisURL,
		"SLACK_BOT_TOKEN":      "xoxb-test",
		"SLACK_SIGNING_SECRET": testSecret,
		"SLACK_API_URL":        fake.APIURL(),
	}
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return bottest.Do(t, req).Status
}

func TestServeHTTPMode(t *testing.T) {
	fake := bottest.NewSlack(t)
	srv := startServe(t, serveEnv(fake, redistest.Start(t).URL()))
	base := "http://" + srv.addr

	if got := fake.Calls("auth.test"); len(got) != 1 || got[0].Token() != "xoxb-test" {
		t.Errorf("auth.test calls = %d, want one with the bot token", len(got))
	}
	if st := getStatus(t, base+"/readyz"); st != http.StatusOK {
		t.Errorf("/readyz = %d, want 200", st)
	}

	ts := "1710000000.000001"
	body := bottest.JSON(bottest.EventCallback("EvSERVE1", bottest.AppMention("U1", "C1", ts, "", "<@"+bottest.BotUserID+"> "+xrayQ)))
	resp := bottest.Do(t, bottest.EventRequest(t, base+"/slack/events", testSecret, body))
	if resp.Status != http.StatusOK || resp.Elapsed > 3*time.Second {
		t.Fatalf("event answered %d after %v, want 200 within 3 s", resp.Status, resp.Elapsed)
	}
	post := fake.WaitFor(t, "the answer", 1, 10*time.Second, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == "C1" && c.OK()
	})[0]
	if post.Value("thread_ts") != ts || !strings.Contains(post.BlockText(), xrayTitle) {
		t.Errorf("answer thread_ts %q, blocks:\n%s\nwant the mention's thread and %q", post.Value("thread_ts"), post.BlockText(), xrayTitle)
	}
	unsigned := bottest.EventRequest(t, base+"/slack/events", "wrong", body)
	if st := bottest.Do(t, unsigned).Status; st != http.StatusUnauthorized {
		t.Errorf("badly signed event = %d, want 401", st)
	}

	srv.stop(t)
	if c, err := net.DialTimeout("tcp", srv.addr, time.Second); err == nil {
		c.Close()
		t.Errorf("still accepting connections on %s after stopping", srv.addr)
	}
	if strings.Contains(srv.stderr.String(), xrayQ) {
		t.Errorf("the question text was logged")
	}
}

// TestServeCatalogue: with its three settings serve also serves the web
// catalogue on KBBOT_ADDR, behind Sign in with Slack for the bot's team;
// without them there is no web page at all.
func TestServeCatalogue(t *testing.T) {
	fake := bottest.NewSlack(t)
	redisURL := redistest.Start(t).URL()
	env := serveEnv(fake, redisURL)
	env["KBBOT_PUBLIC_URL"] = "https://kbbot.example.nhs.uk"
	env["SLACK_CLIENT_ID"] = "1234.5678"
	env["SLACK_CLIENT_SECRET"] = "0123456789abcdef"
	srv := startServe(t, env)
	base := "http://" + srv.addr
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string) *http.Response {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := get(base + "/insights"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/auth/login") {
		t.Errorf("/insights signed out = %d to %q, want sent to sign in", resp.StatusCode, resp.Header.Get("Location"))
	}
	login := get(base + "/auth/login")
	to, err := url.Parse(login.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if to.Host != strings.TrimPrefix(fake.URL, "http://") || to.Path != "/openid/connect/authorize" ||
		to.Query().Get("redirect_uri") != "https://kbbot.example.nhs.uk/auth/callback" || to.Query().Get("team") != bottest.TeamID {
		t.Errorf("sign-in goes to %s, want the fake's authorize page with the public callback and the bot's team", to)
	}
	if st := getStatus(t, base+"/readyz"); st != http.StatusOK {
		t.Errorf("/readyz with the catalogue on = %d, want 200", st)
	}
	srv.stop(t)

	off := startServe(t, serveEnv(fake, redisURL))
	if st := getStatus(t, "http://"+off.addr+"/"); st != http.StatusNotFound {
		t.Errorf("GET / without the catalogue = %d, want 404", st)
	}
	off.stop(t)
}

// TestServeFinishesWorkInFlight: a question acknowledged just before
// SIGTERM is still answered before serve exits.
func TestServeFinishesWorkInFlight(t *testing.T) {
	fake := bottest.NewSlack(t)
	srv := startServe(t, serveEnv(fake, redistest.Start(t).URL()))
	base := "http://" + srv.addr
	// Hold the answer at Slack's door until serve has been told to stop.
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	t.Cleanup(open) // never leave the fake's handler blocked
	fake.Handle("chat.postMessage", func(c bottest.Call) (int, any) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-release
		return http.StatusOK, map[string]any{"ok": true, "channel": c.Value("channel"), "ts": "1700000000.999999"}
	})
	body := bottest.JSON(bottest.EventCallback("EvSERVE2", bottest.AppMention("U1", "C1", "1710000000.000002", "", "<@"+bottest.BotUserID+"> "+xrayQ)))
	if st := bottest.Do(t, bottest.EventRequest(t, base+"/slack/events", testSecret, body)).Status; st != http.StatusOK {
		t.Fatalf("event answered %d", st)
	}
	select {
	case <-arrived: // the job is posting
	case <-time.After(10 * time.Second):
		t.Fatalf("the answer was never posted")
	}
	srv.cancel()
	srv.stderr.waitMsg(t, "shutting down", 5*time.Second)
	open()
	srv.stop(t)
	if got := fake.Calls("chat.postMessage"); len(got) != 1 || !strings.Contains(got[0].BlockText(), xrayTitle) {
		t.Errorf("answers posted = %d, want the in-flight answer delivered", len(got))
	}
}

func TestServeSocketMode(t *testing.T) {
	fake := bottest.NewSlack(t)
	vars := serveEnv(fake, redistest.Start(t).URL())
	vars["SLACK_APP_TOKEN"] = "xapp-test"
	delete(vars, "SLACK_SIGNING_SECRET") // not needed in Socket Mode
	srv := startServe(t, vars)

	fake.WaitConnections(t, 1, 10*time.Second)
	id := fake.Push(t, bottest.Envelope{Type: "events_api", Payload: bottest.EventCallback("EvSERVE3",
		bottest.AppMention("U1", "C1", "1710000000.000003", "", "<@"+bottest.BotUserID+"> "+xrayQ))})
	fake.WaitAck(t, id, 3*time.Second)
	fake.WaitFor(t, "the answer", 1, 10*time.Second, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == "C1" && c.OK()
	})
	if st := getStatus(t, "http://"+srv.addr+"/readyz"); st != http.StatusOK {
		t.Errorf("/readyz once connected = %d, want 200", st)
	}
	if st := getStatus(t, "http://"+srv.addr+"/slack/events"); st == http.StatusOK {
		t.Errorf("Socket Mode serves /slack/events")
	}
	srv.stop(t)
}

func TestServeRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string // the one line must name this
	}{
		{"no bot token", map[string]string{"SLACK_SIGNING_SECRET": testSecret}, "SLACK_BOT_TOKEN"},
		{"user token as bot token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-123", "SLACK_SIGNING_SECRET": testSecret}, "SLACK_BOT_TOKEN"},
		{"HTTP mode without signing secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-123"}, "SLACK_SIGNING_SECRET"},
		{"bad app token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-123", "SLACK_APP_TOKEN": "xoxb-456"}, "SLACK_APP_TOKEN"},
		// .env.example's placeholders, and the example Secret's.
		{"bot token placeholder", map[string]string{"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-1-A-1"}, "SLACK_BOT_TOKEN is still the placeholder"},
		{"app token placeholder", map[string]string{"SLACK_BOT_TOKEN": "xoxb-123", "SLACK_APP_TOKEN": "xapp-REPLACE-ME"}, "SLACK_APP_TOKEN is still the placeholder"},
		// In a pod without REDIS_URL every replica kept its own in-memory
		// store, silently.
		{"Kubernetes without REDIS_URL", map[string]string{"SLACK_BOT_TOKEN": "xoxb-123", "SLACK_APP_TOKEN": "xapp-1-A-1",
			"KUBERNETES_SERVICE_HOST": "10.0.0.1"}, "REDIS_URL is required in Kubernetes"},
		{"bad seed setting", map[string]string{"SLACK_BOT_TOKEN": "xoxb-123", "SLACK_APP_TOKEN": "xapp-1-A-1", "KBBOT_SEED": "yes"}, "KBBOT_SEED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// An address that must never be bound: config is checked first.
			tt.vars["KBBOT_ADDR"] = "256.0.0.1:1"
			tt.vars["SLACK_API_URL"] = "http://127.0.0.1:1/api/" // never Slack itself
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), []string{"serve"}, fakeEnv(tt.vars), strings.NewReader(""), &stdout, &stderr)
			code := exitCode(err, &stderr)
			if code != 2 {
				t.Errorf("exit status %d, want 2 (err %v)", code, err)
			}
			out := strings.TrimRight(stderr.String(), "\n")
			if strings.Count(out, "\n") != 0 || !strings.Contains(out, tt.want) {
				t.Errorf("stderr = %q, want one line naming %s", out, tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
			// kbbot check fails whenever serve refuses, naming the same.
			r := kbbot(t, tt.vars, "check")
			if got := checkLines(t, r.stdout)["configuration"]; r.code != 1 || got[0] != "FAIL" || !strings.Contains(got[1], tt.want) {
				t.Errorf("check: exit %d, configuration %q; want 1 and FAIL naming %s", r.code, got, tt.want)
			}
		})
	}
}

// TestServeSeedOff: serve with KBBOT_SEED=off leaves an empty knowledge
// base empty, and still serves.
func TestServeSeedOff(t *testing.T) {
	fake := bottest.NewSlack(t)
	rs := redistest.Start(t)
	vars := serveEnv(fake, rs.URL())
	vars["KBBOT_SEED"] = "off"
	srv := startServe(t, vars)
	if st := getStatus(t, "http://"+srv.addr+"/readyz"); st != http.StatusOK {
		t.Errorf("/readyz = %d, want 200", st)
	}
	srv.stop(t)
	rdb := redis.NewClient(&redis.Options{Addr: rs.Addr})
	defer rdb.Close()
	if n, err := rdb.Exists(t.Context(), "kb:ids", "kb:entry:pilot-fracture-ai-xray-backlog").Result(); err != nil || n != 0 {
		t.Errorf("EXISTS kb:ids, a seed entry = %d, %v; want 0: nothing seeded", n, err)
	}
}

// TestServeLogsAreStructured: with JSON logs every line serve writes to
// stderr is a JSON object, the embedded-store warning and a fatal error
// included (they were plain lines amid the JSON).
func TestServeLogsAreStructured(t *testing.T) {
	inTempDir(t)
	fake := bottest.NewSlack(t)
	fake.Handle("auth.test", func(bottest.Call) (int, any) {
		return http.StatusOK, map[string]any{"ok": false, "error": "invalid_auth"}
	})
	vars := serveEnv(fake, "")
	delete(vars, "REDIS_URL") // the embedded store
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"serve"}, fakeEnv(vars), strings.NewReader(""), &stdout, &stderr)
	if code := exitCode(err, &stderr); code != 1 {
		t.Errorf("exit status %d, want 1 (err %v)", code, err)
	}
	ls := lines(stderr.String())
	if len(ls) < 2 {
		t.Fatalf("stderr = %q, want the warning and the error logged", stderr.String())
	}
	for _, l := range ls {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Errorf("stderr line is not JSON: %q", l)
		}
	}
	if !strings.Contains(stderr.String(), "embedded store") || !strings.Contains(stderr.String(), "invalid_auth") {
		t.Errorf("stderr = %q, want the embedded-store warning and the cause (invalid_auth)", stderr.String())
	}
}

// TestServeSocketModeSaysWhyItReconnects: a failed Socket Mode connection
// is logged with Slack's reason and when it retries (it reconnected
// without a word of why).
func TestServeSocketModeSaysWhyItReconnects(t *testing.T) {
	fake := bottest.NewSlack(t)
	fake.RejectNext("apps.connections.open", "internal_error", 1)
	vars := serveEnv(fake, redistest.Start(t).URL())
	vars["SLACK_APP_TOKEN"] = "xapp-test"
	srv := startServe(t, vars)
	fake.WaitConnections(t, 1, 20*time.Second)
	srv.stderr.waitMsg(t, "socket mode connection lost; reconnecting", 5*time.Second)
	var found bool
	for _, l := range lines(srv.stderr.String()) {
		var rec map[string]any
		if json.Unmarshal([]byte(l), &rec) != nil || rec["msg"] != "socket mode connection lost; reconnecting" {
			continue
		}
		found = true
		if rec["err"] != "internal_error" || rec["retry_in"] == nil {
			t.Errorf("log record %v, want err internal_error and retry_in", rec)
		}
	}
	if !found {
		t.Errorf("no reconnect record in:\n%s", srv.stderr.String())
	}
	srv.stop(t)
}

// TestServeHealthyWhileStarting: /healthz answers from the moment serve
// listens, while the knowledge base is still being prepared (here the
// privacy migration waits for another replica's lock); /readyz and
// Slack's deliveries say "not ready" until it is, then serve is ready.
func TestServeHealthyWhileStarting(t *testing.T) {
	fake := bottest.NewSlack(t)
	rs := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: rs.Addr})
	t.Cleanup(func() { rdb.Close() })
	// Another replica holds the migration's lock.
	if err := rdb.Set(t.Context(), "kb:lock:privacy-scrub", "other-replica", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	log := newServeLog()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, fakeEnv(serveEnv(fake, rs.URL())), strings.NewReader(""), io.Discard, log)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("stderr:\n%s", log.String())
		}
	})
	var base string
	select {
	case addr := <-log.starting:
		base = "http://" + addr
	case err := <-done:
		done <- err
		t.Fatalf("serve exited: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("no \"kbbot starting\" line within 30 s")
	}
	if st := getStatus(t, base+"/healthz"); st != http.StatusOK {
		t.Errorf("/healthz while starting = %d, want 200", st)
	}
	if st := getStatus(t, base+"/readyz"); st != http.StatusServiceUnavailable {
		t.Errorf("/readyz while starting = %d, want 503", st)
	}
	body := bottest.JSON(bottest.EventCallback("EvSTART1", bottest.AppMention("U1", "C1", "1710000000.000009", "", "<@"+bottest.BotUserID+"> "+xrayQ)))
	if st := bottest.Do(t, bottest.EventRequest(t, base+"/slack/events", testSecret, body)).Status; st != http.StatusServiceUnavailable {
		t.Errorf("a delivery while starting = %d, want 503 (Slack retries it)", st)
	}
	if n := len(fake.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d messages posted before the knowledge base was ready", n)
	}
	// The other replica lets go: this one migrates, seeds, indexes.
	if err := rdb.Del(t.Context(), "kb:lock:privacy-scrub").Err(); err != nil {
		t.Fatal(err)
	}
	log.waitMsg(t, "kbbot serving", 30*time.Second)
	if st := getStatus(t, base+"/readyz"); st != http.StatusOK {
		t.Errorf("/readyz once ready = %d, want 200", st)
	}
	// Slack's retry of the delivery is answered.
	if st := bottest.Do(t, bottest.EventRequest(t, base+"/slack/events", testSecret, body)).Status; st != http.StatusOK {
		t.Errorf("the retried delivery = %d, want 200", st)
	}
	fake.WaitFor(t, "the answer", 1, 10*time.Second, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == "C1" && c.OK()
	})
}
