package web_test

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/bot/web"
	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// The people of these tests. UMEMBER is who the fake signs in by default.
const (
	member    = "UMEMBER"
	moderator = "UMOD"
	author    = "UAUTHOR"
	clientID  = "1234.5678"
	secret    = "0123456789abcdef0123456789abcdef"
)

// clock is a settable clock for session expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// catalogue is the web catalogue on a real Redis, with the fake Slack
// serving Sign in with Slack, at a real loopback address.
type catalogue struct {
	t     testing.TB
	URL   string
	App   *handlers.App
	Store *redisstore.Store
	Slack *bottest.Slack
	Clock *clock
	Logs  *strings.Builder
	// Handler is the catalogue's handler, for benchmarks of server time.
	Handler http.Handler
}

type catalogueOptions struct {
	// seed loads the built-in seed; entries are added either way.
	seed    bool
	entries []knowledge.Entry
}

// newCatalogue starts the catalogue for a test.
func newCatalogue(t testing.TB, o catalogueOptions) *catalogue {
	t.Helper()
	clk := &clock{t: time.Now().UTC().Truncate(time.Second)}
	store := redisstore.New(redistest.Client(t), "kb", redisstore.WithClock(clk.Now))
	vocab, err := search.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.New(slog.New(slog.DiscardHandler), vocab)
	if err != nil {
		t.Fatal(err)
	}
	app := handlers.New(slog.New(slog.DiscardHandler), handlers.Deps{
		Store: store, Index: ix, Screener: privacy.New(privacy.DefaultAllowList()), Moderators: []string{moderator}, Now: clk.Now,
	})
	if o.seed {
		if _, err := app.EnsureSeeded(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	for start := 0; start < len(o.entries); start += 1000 {
		if err := store.Put(t.Context(), o.entries[start:min(start+1000, len(o.entries))]...); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	sl := bottest.NewSlack(t)
	sl.EnableOIDC(t, clientID, secret)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &strings.Builder{}
	var logMu sync.Mutex
	lg := slog.New(slog.NewJSONHandler(lockedWriter{&logMu, logs}, nil))
	c := &catalogue{t: t, URL: "http://" + ln.Addr().String(), App: app, Store: store, Slack: sl, Clock: clk, Logs: logs}
	srv, err := web.New(lg, web.Config{
		PublicURL: c.URL, ClientID: clientID, ClientSecret: secret, SlackAPIURL: sl.APIURL(), TeamID: bottest.TeamID, Now: clk.Now,
	}, app)
	if err != nil {
		t.Fatal(err)
	}
	c.Handler = srv.Handler()
	hs := &httptest.Server{Listener: ln, Config: &http.Server{Handler: c.Handler}}
	hs.Start()
	t.Cleanup(hs.Close)
	return c
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so each step of a sign-in can be checked.
type browser struct {
	t      testing.TB
	c      *catalogue
	client *http.Client
}

func (c *catalogue) browser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return &browser{t: c.t, c: c, client: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is a response with its body read.
type page struct {
	*http.Response
	Body string
}

// get fetches a URL (absolute, or a path of the catalogue).
func (b *browser) get(u string) page {
	b.t.Helper()
	return b.do(http.MethodGet, u, nil, nil)
}

func (b *browser) do(method, u string, form url.Values, header http.Header) page {
	b.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = b.c.URL + u
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(b.t.Context(), method, u, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{Response: resp, Body: string(raw)}
}

// follow fetches u and follows redirects, across the catalogue and the
// fake Slack, returning every response in order.
func (b *browser) follow(u string) []page {
	b.t.Helper()
	var pages []page
	for range 10 {
		p := b.get(u)
		pages = append(pages, p)
		loc := p.Header.Get("Location")
		if p.StatusCode < 300 || p.StatusCode > 399 || loc == "" {
			return pages
		}
		next, err := p.Request.URL.Parse(loc)
		if err != nil {
			b.t.Fatal(err)
		}
		u = next.String()
	}
	b.t.Fatalf("more than 10 redirects from %s", u)
	return nil
}

// signIn signs in through the fake as user, starting from path, and
// returns the page it lands on.
func (b *browser) signIn(user, path string) page {
	b.t.Helper()
	b.c.Slack.SignInAs(bottest.OIDCUser{UserID: user, TeamID: bottest.TeamID, Name: "Person " + user})
	pages := b.follow(path)
	last := pages[len(pages)-1]
	if last.StatusCode != http.StatusOK || last.Request.URL.RequestURI() != path {
		b.t.Fatalf("signing in as %s from %s ended at %s with %d:\n%s", user, path, last.Request.URL, last.StatusCode, last.Body)
	}
	return last
}

// cookie returns the named cookie a response set.
func cookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// csrf returns the CSRF token in a page's sign-out form.
func csrf(t testing.TB, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `name="csrf" value="`)
	if !ok {
		t.Fatalf("page has no CSRF field:\n%s", body)
	}
	tok, _, _ := strings.Cut(rest, `"`)
	return tok
}
