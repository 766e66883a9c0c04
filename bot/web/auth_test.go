package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
)

// TestGate: without a session no page shows anything of the catalogue;
// the browser is sent to sign in and brought back where it was going.
func TestGate(t *testing.T) {
	c := newCatalogue(t, catalogueOptions{seed: true})
	b := c.browser()
	for _, path := range []string{"/", "/insights", "/entries/guidance-before-you-pilot", "/?q=scribe&kind=pilot", "/auth/logout"} {
		p := b.get(path)
		want := "/auth/login?next=" + url.QueryEscape(path)
		if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != want {
			t.Errorf("GET %s signed out = %d to %q, want 303 to %q", path, p.StatusCode, p.Header.Get("Location"), want)
		}
		if strings.Contains(p.Body, "governance checklist") || strings.Contains(p.Body, "Insights") {
			t.Errorf("GET %s signed out shows catalogue content", path)
		}
	}
	if p := b.get("/static/style.css"); p.StatusCode != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet = %d %s, want 200 text/css", p.StatusCode, p.Header.Get("Content-Type"))
	}

	login := b.get("/auth/login?next=%2Finsights")
	if login.StatusCode != http.StatusFound {
		t.Fatalf("/auth/login = %d, want 302", login.StatusCode)
	}
	to, err := url.Parse(login.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	q := to.Query()
	if got := to.Scheme + "://" + to.Host + to.Path; got != c.Slack.URL+"/openid/connect/authorize" {
		t.Errorf("sign-in goes to %s, want SLACK_API_URL's origin + /openid/connect/authorize", got)
	}
	for k, want := range map[string]string{"response_type": "code", "scope": "openid profile", "client_id": clientID,
		"redirect_uri": c.URL + "/auth/callback", "team": bottest.TeamID} {
		if q.Get(k) != want {
			t.Errorf("authorize %s = %q, want %q", k, q.Get(k), want)
		}
	}
	if len(q.Get("state")) < 20 || len(q.Get("nonce")) < 20 || q.Get("state") == q.Get("nonce") {
		t.Errorf("state %q and nonce %q: want two different long random values", q.Get("state"), q.Get("nonce"))
	}
	sc := cookie(login.Response, "kbbot_signin")
	if sc == nil || !sc.HttpOnly || !sc.Secure || sc.SameSite != http.SameSiteLaxMode || sc.Path != "/auth/" || sc.MaxAge <= 0 || sc.MaxAge > 600 {
		t.Errorf("sign-in cookie = %+v, want HttpOnly, Secure, SameSite=Lax, Path=/auth/, at most 10 minutes", sc)
	}
	if strings.Contains(sc.Value, q.Get("state")) || strings.Contains(sc.Value, q.Get("nonce")) {
		t.Errorf("sign-in cookie holds the state or nonce in clear")
	}
}

// TestSignIn: a member signs in through the fake and lands where they
// were going, with a session cookie of the right attributes.
func TestSignIn(t *testing.T) {
	c := newCatalogue(t, catalogueOptions{seed: true})
	b := c.browser()
	c.Slack.SignInAs(bottest.OIDCUser{UserID: member, TeamID: bottest.TeamID, Name: "Mira Member"})
	pages := b.follow("/insights")
	var session *http.Cookie
	for _, p := range pages {
		if ck := cookie(p.Response, "kbbot_session"); ck != nil {
			session = ck
		}
	}
	last := pages[len(pages)-1]
	if last.StatusCode != http.StatusOK || last.Request.URL.Path != "/insights" || !strings.Contains(last.Body, "Mira Member") {
		t.Fatalf("sign-in ended at %s %d, want /insights showing the member's name", last.Request.URL, last.StatusCode)
	}
	if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
		t.Fatalf("session cookie = %+v, want HttpOnly, Secure, SameSite=Lax, Path=/", session)
	}
	if session.MaxAge < int((11*time.Hour).Seconds()) || session.MaxAge > int((12*time.Hour).Seconds()) {
		t.Errorf("session MaxAge = %ds, want 12 hours", session.MaxAge)
	}
	if strings.Contains(session.Value, member) {
		t.Errorf("session cookie shows the user id in clear")
	}
	tokens := c.Slack.Calls("openid.connect.token")
	if len(tokens) != 1 || tokens[0].Value("client_secret") != secret || tokens[0].Value("redirect_uri") != c.URL+"/auth/callback" {
		t.Errorf("openid.connect.token calls = %d (%v), want one with the client secret and redirect_uri", len(tokens), tokens)
	}
	if n := len(c.Slack.Calls("openid.connect.userInfo")); n != 1 {
		t.Errorf("openid.connect.userInfo calls = %d, want 1", n)
	}
	if strings.Contains(c.Logs.String(), "xoxp-") || strings.Contains(c.Logs.String(), "code-") {
		t.Errorf("the log holds a token or code:\n%s", c.Logs)
	}
	t.Run("tampered session is refused", func(t *testing.T) {
		other := c.browser()
		u, _ := url.Parse(c.URL)
		v := []byte(session.Value)
		v[len(v)/2] ^= 1
		other.client.Jar.SetCookies(u, []*http.Cookie{{Name: "kbbot_session", Value: string(v), Path: "/"}})
		if p := other.get("/"); p.StatusCode != http.StatusSeeOther {
			t.Errorf("GET / with a tampered session = %d, want sent to sign in", p.StatusCode)
		}
	})
	t.Run("next stays on this site", func(t *testing.T) {
		for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
			other := c.browser()
			pages := other.follow("/auth/login?next=" + url.QueryEscape(next))
			last := pages[len(pages)-1]
			if last.Request.URL.Host != strings.TrimPrefix(c.URL, "http://") || last.Request.URL.Path != "/" {
				t.Errorf("next=%s landed on %s, want / of the catalogue", next, last.Request.URL)
			}
		}
	})
	// Last: it moves the clock.
	t.Run("expired session signs in again", func(t *testing.T) {
		if p := b.get("/"); p.StatusCode != http.StatusOK {
			t.Fatalf("GET / signed in = %d", p.StatusCode)
		}
		c.Clock.Add(12*time.Hour + time.Second)
		if p := b.get("/"); p.StatusCode != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/auth/login") {
			t.Errorf("GET / after 12 hours = %d to %q, want sent to sign in", p.StatusCode, p.Header.Get("Location"))
		}
	})
}

// callback starts a sign-in in b and returns the callback URL the fake
// redirected to, without visiting it.
func callback(t *testing.T, b *browser) string {
	t.Helper()
	login := b.get("/auth/login")
	auth := b.get(login.Header.Get("Location"))
	if auth.StatusCode != http.StatusFound {
		t.Fatalf("fake authorize = %d: %s", auth.StatusCode, auth.Body)
	}
	return auth.Header.Get("Location")
}

// TestCallbackRefusals: each way a callback can be wrong ends with a page
// that says so, no session, and a reason in the log.
func TestCallbackRefusals(t *testing.T) {
	c := newCatalogue(t, catalogueOptions{seed: true})
	noSession := func(t *testing.T, p page, status int, reason string) {
		t.Helper()
		if p.StatusCode != status {
			t.Errorf("callback = %d, want %d:\n%s", p.StatusCode, status, p.Body)
		}
		if ck := cookie(p.Response, "kbbot_session"); ck != nil && ck.MaxAge >= 0 {
			t.Errorf("callback set a session cookie")
		}
		if !strings.Contains(p.Body, "Sign-in failed") || !strings.Contains(p.Body, `href="/auth/login"`) {
			t.Errorf("callback page does not say sign-in failed with a way to try again:\n%s", p.Body)
		}
		if !strings.Contains(c.Logs.String(), `"reason":"`+reason+`"`) {
			t.Errorf("log lacks reason %s:\n%s", reason, c.Logs)
		}
		if p := c.browser().get("/"); p.StatusCode != http.StatusSeeOther {
			t.Errorf("a fresh browser is signed in?")
		}
	}
	t.Run("wrong state", func(t *testing.T) {
		b := c.browser()
		u, _ := url.Parse(callback(t, b))
		q := u.Query()
		q.Set("state", q.Get("state")+"x")
		u.RawQuery = q.Encode()
		noSession(t, b.get(u.String()), http.StatusBadRequest, "state_mismatch")
		if n := len(c.Slack.Calls("openid.connect.token")); n != 0 {
			t.Errorf("a wrong state still traded the code (%d token calls)", n)
		}
	})
	t.Run("no sign-in cookie", func(t *testing.T) {
		cb := callback(t, c.browser())
		noSession(t, c.browser().get(cb), http.StatusBadRequest, "no_signin_cookie")
	})
	t.Run("other team", func(t *testing.T) {
		c.Slack.SignInAs(bottest.OIDCUser{UserID: "UOUTSIDER", TeamID: "TOTHER99", Name: "Outsider"})
		b := c.browser()
		p := b.get(callback(t, b))
		noSession(t, p, http.StatusForbidden, "other_team")
		if !strings.Contains(p.Body, "only for members") {
			t.Errorf("other team's page does not say why:\n%s", p.Body)
		}
		c.Slack.SignInAs(bottest.OIDCUser{UserID: member, TeamID: bottest.TeamID, Name: "Mira"})
	})
	t.Run("replayed code", func(t *testing.T) {
		b := c.browser()
		login := b.get("/auth/login")
		signinCookie := cookie(login.Response, "kbbot_signin")
		cb := b.get(login.Header.Get("Location")).Header.Get("Location")
		if p := b.get(cb); p.StatusCode != http.StatusSeeOther {
			t.Fatalf("first use of the callback = %d, want 303:\n%s", p.StatusCode, p.Body)
		}
		// An attacker who saw the callback URL and kept the sign-in
		// cookie replays both: Slack refuses the spent code.
		thief := c.browser()
		u, _ := url.Parse(c.URL + "/auth/")
		thief.client.Jar.SetCookies(u, []*http.Cookie{{Name: signinCookie.Name, Value: signinCookie.Value, Path: "/auth/"}})
		noSession(t, thief.get(cb), http.StatusBadRequest, "token_invalid_code")
		// The same browser replaying it has no sign-in cookie left.
		if p := b.get(cb); p.StatusCode != http.StatusBadRequest {
			t.Errorf("second use in the same browser = %d, want 400", p.StatusCode)
		}
	})
	t.Run("wrong nonce", func(t *testing.T) {
		c.Slack.EditNextIDToken(func(claims map[string]any) { claims["nonce"] = "not-the-nonce-that-was-sent" })
		b := c.browser()
		noSession(t, b.get(callback(t, b)), http.StatusBadRequest, "nonce_mismatch")
	})
	t.Run("ID token for another app", func(t *testing.T) {
		c.Slack.EditNextIDToken(func(claims map[string]any) { claims["aud"] = "9999.0000" })
		b := c.browser()
		noSession(t, b.get(callback(t, b)), http.StatusBadRequest, "id_token_invalid")
	})
	t.Run("expired ID token", func(t *testing.T) {
		c.Slack.EditNextIDToken(func(claims map[string]any) { claims["exp"] = time.Now().Add(-time.Hour).Unix() })
		b := c.browser()
		noSession(t, b.get(callback(t, b)), http.StatusBadRequest, "id_token_invalid")
	})
	t.Run("cancelled at Slack", func(t *testing.T) {
		b := c.browser()
		u, _ := url.Parse(callback(t, b))
		q := u.Query()
		q.Del("code")
		q.Set("error", "access_denied")
		u.RawQuery = q.Encode()
		noSession(t, b.get(u.String()), http.StatusForbidden, "denied")
	})
}

// TestLogoutAndCSRF: signing out needs the session's CSRF token and a
// same-origin form; then the session is gone.
func TestLogoutAndCSRF(t *testing.T) {
	c := newCatalogue(t, catalogueOptions{seed: true})
	b := c.browser()
	home := b.signIn(member, "/")
	tok := csrf(t, home.Body)
	for name, form := range map[string]url.Values{"no token": {}, "wrong token": {"csrf": {tok + "x"}}} {
		p := b.do(http.MethodPost, "/auth/logout", form, nil)
		if p.StatusCode != http.StatusForbidden {
			t.Errorf("logout with %s = %d, want 403", name, p.StatusCode)
		}
		if again := b.get("/"); again.StatusCode != http.StatusOK {
			t.Errorf("after a refused logout (%s) the session is gone", name)
		}
	}
	cross := b.do(http.MethodPost, "/auth/logout", url.Values{"csrf": {tok}}, http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}})
	if cross.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site logout with the right token = %d, want 403", cross.StatusCode)
	}
	if page := b.get("/auth/logout"); page.StatusCode != http.StatusOK || csrf(t, page.Body) != tok {
		t.Errorf("GET /auth/logout = %d, want a sign-out form with the token", page.StatusCode)
	}
	out := b.do(http.MethodPost, "/auth/logout", url.Values{"csrf": {tok}}, nil)
	if out.StatusCode != http.StatusSeeOther || out.Header.Get("Location") != "/auth/signed-out" {
		t.Fatalf("logout = %d to %q, want 303 to /auth/signed-out", out.StatusCode, out.Header.Get("Location"))
	}
	if ck := cookie(out.Response, "kbbot_session"); ck == nil || ck.MaxAge >= 0 {
		t.Errorf("logout did not delete the session cookie: %+v", ck)
	}
	if p := b.get("/"); p.StatusCode != http.StatusSeeOther {
		t.Errorf("GET / after logout = %d, want sent to sign in", p.StatusCode)
	}
	if p := b.get("/auth/signed-out"); p.StatusCode != http.StatusOK || !strings.Contains(p.Body, "You have signed out") {
		t.Errorf("signed-out page = %d", p.StatusCode)
	}
}
