package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
)

// The browser test: Debian's headless Chromium, driven over the DevTools
// protocol (chromedp), signs in through the fake Slack, reads the pages a
// member and a moderator use, checks their DOM, keyboard use, a phone's
// width, the console (a CSP violation or a failed load is an error there),
// runs axe-core on each page, and saves a screenshot of each.
//
// It needs chromium (apt-get install chromium; .ci/run installs it) and
// axe-core (npm ci --prefix .ci/axe; make test runs it). Without them it
// is skipped with a message on a developer's machine, and fails in CI.

// chromiumPath finds Chromium, or skips (fails in CI).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("KBBOT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "chromium is not installed (apt-get install chromium): the browser test cannot run")
	return ""
}

// axeSource reads axe-core, or skips (fails in CI).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", ".ci", "axe", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		missing(t, "axe-core is not installed (npm ci --prefix .ci/axe, or make test): the accessibility check cannot run")
	}
	return string(b)
}

func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(why + "; CI must install it")
	}
	t.Skip(why + "; skipped on this machine")
}

// artefacts is where screenshots go: KBBOT_TEST_ARTEFACTS, or the test's
// temporary directory.
func artefacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("KBBOT_TEST_ARTEFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// profileDir is a Chromium profile directory removed after the test.
// Not t.TempDir: Chromium's helper processes can still be writing to it
// for a moment after the browser has been stopped, and t.TempDir fails a
// test whose directory cannot be removed. Removal is retried for a while,
// then given up with a log line (it is under the system's temporary
// directory).
func profileDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "kbbot-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		var err error
		for range 50 {
			if err = os.RemoveAll(dir); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond) // Chromium's helpers are exiting: nothing to wait on
		}
		t.Logf("Chromium profile %s not removed: %v", dir, err)
	})
	return dir
}

// tab is one Chromium tab with what its console said.
type tab struct {
	t      *testing.T
	ctx    context.Context
	dir    string
	axe    string
	mu     sync.Mutex
	errors []string
}

func newTab(t *testing.T) *tab {
	t.Helper()
	bin := chromiumPath(t)
	axe := axeSource(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profileDir(t)),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	tb := &tab{t: t, ctx: ctx, dir: artefacts(t), axe: axe}
	chromedp.ListenTarget(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError {
				msg = fmt.Sprintf("%s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *runtime.EventExceptionThrown:
			msg = "exception: " + ev.ExceptionDetails.Error()
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				msg = "console.error"
			}
		}
		if msg != "" {
			tb.mu.Lock()
			tb.errors = append(tb.errors, msg)
			tb.mu.Unlock()
		}
	})
	if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return tb
}

// run runs actions, failing the test on an error.
func (tb *tab) run(what string, actions ...chromedp.Action) {
	tb.t.Helper()
	if err := chromedp.Run(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to u (following every redirect) and returns where the tab
// ended up.
func (tb *tab) open(u string) string {
	tb.t.Helper()
	var loc string
	tb.run("open "+u, chromedp.Navigate(u), chromedp.WaitReady("body"), chromedp.Location(&loc))
	return loc
}

// eval evaluates a JavaScript expression into res.
func (tb *tab) eval(expr string, res any) {
	tb.t.Helper()
	tb.run("evaluate "+expr, chromedp.Evaluate(expr, res))
}

// shot saves a full-page PNG screenshot named name.
func (tb *tab) shot(name string) {
	tb.t.Helper()
	var png []byte
	tb.run("screenshot "+name, chromedp.FullScreenshot(&png, 100))
	path := filepath.Join(tb.dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Logf("screenshot: %s", path)
}

// consoleClean fails the test for any error the console has shown since
// the last check (a CSP violation, a failed load, an exception).
func (tb *tab) consoleClean(page string) {
	tb.t.Helper()
	tb.mu.Lock()
	errs := tb.errors
	tb.errors = nil
	tb.mu.Unlock()
	for _, e := range errs {
		tb.t.Errorf("%s: console error: %s", page, e)
	}
}

// axeResult is what axe.run reports that the test reads.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes []json.RawMessage `json:"passes"`
}

// accessible runs axe-core against the page (WCAG 2.0, 2.1 and 2.2, A and
// AA, and axe's best practices) and fails on any serious or critical
// violation; lesser ones are logged.
func (tb *tab) accessible(page string) {
	tb.t.Helper()
	var res axeResult
	script := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}, resultTypes: ["violations", "passes"]})`
	tb.run("axe on "+page,
		chromedp.Evaluate(tb.axe, nil),
		chromedp.Evaluate(script, &res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if len(res.Passes) == 0 {
		tb.t.Errorf("%s: axe reported no passing rule: it did not run", page)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s at %s", page, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
		if v.Impact == "serious" || v.Impact == "critical" {
			tb.t.Error(msg)
		} else {
			tb.t.Log(msg)
		}
	}
}

// check runs the checks every page gets and saves its screenshot.
func (tb *tab) check(name string) {
	tb.t.Helper()
	tb.consoleClean(name)
	tb.accessible(name)
	tb.shot(name)
}

func TestBrowser(t *testing.T) {
	c, named, anon := populated(t)
	tb := newTab(t)
	c.Slack.SignInAs(bottest.OIDCUser{UserID: member, TeamID: bottest.TeamID, Name: "Mira Member"})

	// Signing in: the browser goes to the fake Slack and back.
	if loc := tb.open(c.URL + "/"); loc != c.URL+"/" {
		t.Fatalf("signing in from / ended at %s", loc)
	}
	if n := len(c.Slack.Calls("openid.connect.authorize")); n != 1 {
		t.Errorf("the browser visited Slack's authorize page %d times, want 1", n)
	}
	var h1, who string
	var cards int
	tb.eval(`document.querySelector("h1").textContent`, &h1)
	tb.eval(`document.querySelector(".who").textContent`, &who)
	tb.eval(`document.querySelectorAll("article.card").length`, &cards)
	if h1 != "Find what colleagues have tried" || who != "Mira Member" || cards != 20 {
		t.Errorf("/ shows h1 %q, who %q, %d cards; want the catalogue for Mira Member with 20 cards", h1, who, cards)
	}
	tb.check("home")

	t.Run("keyboard: skip link first", func(t *testing.T) {
		var focused, hash string
		tb.run("tab", chromedp.KeyEvent(kb.Tab))
		tb.eval(`document.activeElement.textContent`, &focused)
		tb.run("enter", chromedp.KeyEvent(kb.Enter))
		tb.eval(`location.hash`, &hash)
		if focused != "Skip to main content" || hash != "#main" {
			t.Errorf("first Tab focuses %q and Enter goes to %q; want the skip link to #main", focused, hash)
		}
	})

	t.Run("filtered view", func(t *testing.T) {
		tb.open(c.URL + "/")
		// Open the outcome filter and follow its link, as a person would.
		tb.run("open the outcome filter", chromedp.Click(`details.facet:nth-of-type(4) summary`, chromedp.ByQuery))
		tb.run("choose stopped", chromedp.Click(`a[href="/?outcome=abandoned"]`, chromedp.ByQuery), chromedp.WaitReady(`.active`))
		var loc string
		var facts []string
		tb.run("read", chromedp.Location(&loc))
		tb.eval(`[...document.querySelectorAll("article.card .facts li:nth-child(2)")].map(e => e.textContent)`, &facts)
		if !strings.HasSuffix(loc, "/?outcome=abandoned") || len(facts) == 0 {
			t.Fatalf("filter link went to %s with %d cards", loc, len(facts))
		}
		for _, f := range facts {
			if !strings.HasPrefix(f, "Stopped") {
				t.Errorf("filtered to stopped pilots, a card shows %q", f)
			}
		}
		tb.check("filtered")
	})

	t.Run("search", func(t *testing.T) {
		tb.open(c.URL + "/")
		tb.run("search", chromedp.SendKeys(`#q`, "has anyone used AI to clear an x-ray backlog?", chromedp.ByID),
			chromedp.Submit(`#q`, chromedp.ByID), chromedp.WaitReady(`.answer`))
		var kind string
		var cards int
		tb.eval(`document.querySelector(".answer-kind").textContent`, &kind)
		tb.eval(`document.querySelectorAll("article.card").length`, &cards)
		if kind != "Confident answer" || cards == 0 {
			t.Errorf("search shows %q with %d sources; want a confident answer with sources", kind, cards)
		}
		tb.check("search")
	})

	t.Run("entry", func(t *testing.T) {
		tb.open(c.URL + "/entries/" + named.ID)
		var title, history string
		tb.eval(`document.querySelector("h1").textContent`, &title)
		tb.eval(`document.querySelector("#history-h") ? document.querySelector("#history-h").textContent : ""`, &history)
		if title != named.Title || history != "Outcome history" {
			t.Errorf("entry page: h1 %q, history %q", title, history)
		}
		tb.check("entry")
		tb.open(c.URL + "/entries/hostile-markdown")
		var strong, scripts int
		tb.eval(`document.querySelectorAll(".body strong").length`, &strong)
		tb.eval(`document.querySelectorAll("script, img, [onerror], [style]").length`, &scripts)
		if strong != 1 || scripts != 0 {
			t.Errorf("hostile entry: %d strong, %d script/img/inline-style elements; want 1 and 0", strong, scripts)
		}
		tb.consoleClean("hostile entry")
		tb.open(c.URL + "/entries/" + anon.ID)
		var text string
		tb.eval(`document.body.innerText`, &text)
		if strings.Contains(text, author) {
			t.Errorf("a member's page of an anonymous lesson names its author")
		}
		tb.consoleClean("anonymous entry")
	})

	t.Run("insights", func(t *testing.T) {
		tb.open(c.URL + "/insights")
		var charts, tables int
		var modPart bool
		tb.eval(`document.querySelectorAll("svg.chart").length`, &charts)
		tb.eval(`document.querySelectorAll("table").length`, &tables)
		tb.eval(`!!document.querySelector("#mod-h")`, &modPart)
		if charts != 5 || tables < 5 || modPart {
			t.Errorf("member's insights: %d charts, %d tables, moderator part %v; want 5, 5 or more, false", charts, tables, modPart)
		}
		tb.check("insights-member")
	})

	t.Run("phone", func(t *testing.T) {
		tb.run("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		for _, p := range []string{"/", "/insights", "/entries/" + named.ID} {
			tb.open(c.URL + p)
			var overflow bool
			tb.eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
			if overflow {
				t.Errorf("%s scrolls sideways on a 390px phone", p)
			}
		}
		tb.open(c.URL + "/")
		tb.check("home-phone")
		tb.open(c.URL + "/insights")
		tb.shot("insights-phone")
		tb.run("desktop", chromedp.EmulateViewport(1280, 900))
	})

	t.Run("moderator", func(t *testing.T) {
		tb.open(c.URL + "/")
		tb.run("sign out", chromedp.Click(`form.signout button`, chromedp.ByQuery),
			chromedp.WaitReady(`main a.button[href="/auth/login"]`, chromedp.ByQuery))
		var loc string
		tb.run("where", chromedp.Location(&loc))
		if loc != c.URL+"/auth/signed-out" {
			t.Fatalf("sign out ended at %s", loc)
		}
		tb.consoleClean("signed out")
		c.Slack.SignInAs(bottest.OIDCUser{UserID: moderator, TeamID: bottest.TeamID, Name: "Mo Moderator"})
		if loc := tb.open(c.URL + "/insights"); loc != c.URL+"/insights" {
			t.Fatalf("moderator sign-in ended at %s", loc)
		}
		var charts int
		var text string
		tb.eval(`document.querySelectorAll("svg.chart").length`, &charts)
		tb.eval(`document.body.innerText`, &text)
		if charts != 7 || !strings.Contains(text, feedbackReason) || !strings.Contains(text, gapQuestion) {
			t.Errorf("moderator's insights: %d charts, reason shown %v, gap shown %v; want 7, true, true",
				charts, strings.Contains(text, feedbackReason), strings.Contains(text, gapQuestion))
		}
		tb.check("insights-moderator")
		tb.open(c.URL + "/entries/" + anon.ID)
		tb.eval(`document.body.innerText`, &text)
		if !strings.Contains(text, "Shared by "+author) {
			t.Errorf("a moderator's page of an anonymous lesson does not name its author")
		}
		tb.check("entry-moderator")
	})
}
