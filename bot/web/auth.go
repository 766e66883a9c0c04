package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// session is what the signed, encrypted session cookie holds: who signed
// in, a CSRF token for the forms, and when it ends.
type session struct {
	User string `json:"u"`
	Team string `json:"t"`
	Name string `json:"n"`
	CSRF string `json:"c"`
	Exp  int64  `json:"e"`
}

// signin is the short-lived cookie that ties a callback to the browser
// that started it: the state and nonce sent to Slack, and where to go.
type signin struct {
	State string `json:"s"`
	Nonce string `json:"n"`
	Next  string `json:"x"`
}

// viewer is the signed-in person a page is for.
type viewer struct {
	User      string
	Name      string
	Moderator bool
	CSRF      string
}

// member wraps a page that only members of the workspace may see: anyone
// without a valid session is sent to sign in, and comes back here after.
func (s *Server) member(page func(w http.ResponseWriter, r *http.Request, v viewer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(r)
		if !ok {
			http.Redirect(w, r, "/auth/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		page(w, r, viewer{User: sess.User, Name: sess.Name, Moderator: s.app.IsModerator(sess.User), CSRF: sess.CSRF})
	}
}

// session reads and checks the session cookie.
func (s *Server) session(r *http.Request) (session, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return session{}, false
	}
	var sess session
	if err := s.sessions.Decode(sessionCookie, c.Value, &sess); err != nil {
		return session{}, false
	}
	if sess.User == "" || sess.Team != s.cfg.TeamID || s.cfg.Now().Unix() >= sess.Exp {
		return session{}, false
	}
	return sess, true
}

// setCookie writes a cookie with the attributes every kbbot cookie has:
// HttpOnly, Secure, SameSite=Lax. maxAge < 0 deletes it.
func setCookie(w http.ResponseWriter, name, value, path string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: path, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
	if maxAge < 0 {
		c.MaxAge = -1
	} else {
		c.MaxAge = int(maxAge / time.Second)
	}
	http.SetCookie(w, c)
}

// handleLogin sends the browser to Slack's authorize page with a fresh
// state and nonce, remembered in a short-lived cookie for the callback.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	si := signin{State: rand.Text(), Nonce: rand.Text(), Next: localPath(r.URL.Query().Get("next"))}
	enc, err := s.signins.Encode(signinCookie, si)
	if err != nil {
		s.fail(w, r, viewer{}, err)
		return
	}
	setCookie(w, signinCookie, enc, "/auth/", signinTTL)
	q := url.Values{
		"response_type": {"code"},
		"scope":         {"openid profile"},
		"client_id":     {s.cfg.ClientID},
		"state":         {si.State},
		"nonce":         {si.Nonce},
		"redirect_uri":  {s.callback},
		"team":          {s.cfg.TeamID},
	}
	http.Redirect(w, r, s.authorize+"?"+q.Encode(), http.StatusFound)
}

// localPath keeps a "next" that is a path on this site; anything else (an
// absolute URL, //host, a backslash trick) becomes "/", so the sign-in
// cannot be used to send people elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	return p
}

// signinFailure is a sign-in that did not work, with what to tell the
// person and the HTTP status.
type signinFailure struct {
	status int
	msg    string
	reason string // for the log: a fixed word, never a token
}

func (f *signinFailure) Error() string { return "web: sign-in failed: " + f.reason }

// handleCallback finishes Sign in with Slack: the state must match the
// browser's sign-in cookie (which is then spent), the code is traded once
// for tokens, the ID token must be Slack's, for this app, unexpired and
// carry the nonce; the person must be in the bot's workspace.
func (s *Server) handleCallback(w http.ResponseWriter, r *http.Request) {
	sess, next, err := s.completeSignin(w, r)
	var sf *signinFailure
	if errors.As(err, &sf) {
		s.lg.Warn("sign-in refused", "reason", sf.reason)
		s.render(w, r, sf.status, "message", viewer{}, "Sign-in failed", message{
			Heading: "Sign-in failed", Text: sf.msg, Link: "/auth/login", LinkText: "Try signing in again",
		})
		return
	}
	if err != nil {
		s.fail(w, r, viewer{}, err)
		return
	}
	s.lg.Info("signed in to the catalogue", "user", sess.User, "moderator", s.app.IsModerator(sess.User))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// completeSignin checks a callback and, when it is good, sets the session
// cookie and returns the session and where the person was going.
func (s *Server) completeSignin(w http.ResponseWriter, r *http.Request) (session, string, error) {
	q := r.URL.Query()
	var si signin
	c, err := r.Cookie(signinCookie)
	if err != nil || s.signins.Decode(signinCookie, c.Value, &si) != nil {
		return session{}, "", &signinFailure{http.StatusBadRequest, "This sign-in expired or was started in another browser. Please try again.", "no_signin_cookie"}
	}
	// The sign-in cookie is spent whatever happens next: a callback can
	// be used once.
	setCookie(w, signinCookie, "", "/auth/", -1)
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(si.State)) != 1 {
		return session{}, "", &signinFailure{http.StatusBadRequest, "This sign-in did not match the one your browser started. Please try again.", "state_mismatch"}
	}
	if q.Get("error") != "" {
		return session{}, "", &signinFailure{http.StatusForbidden, "Slack did not sign you in (you may have cancelled). You can try again.", "denied"}
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	tok, err := slack.GetOpenIDConnectTokenContext(ctx, s.cfg.HTTPClient, s.cfg.ClientID, s.cfg.ClientSecret,
		q.Get("code"), s.callback, slack.OAuthOptionAPIURL(s.cfg.SlackAPIURL))
	if err != nil {
		var se slack.SlackErrorResponse
		if errors.As(err, &se) {
			return session{}, "", &signinFailure{http.StatusBadRequest, "Slack refused this sign-in (the link may have been used already). Please try again.", "token_" + se.Err}
		}
		return session{}, "", &signinFailure{http.StatusBadGateway, "kbbot could not reach Slack to sign you in. Please try again in a minute.", "token_unreachable"}
	}
	idt, err := s.verifier.Verify(ctx, tok.IdToken)
	if err != nil {
		return session{}, "", &signinFailure{http.StatusBadRequest, "Slack's answer could not be checked. Please try again.", "id_token_invalid"}
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(si.Nonce)) != 1 {
		return session{}, "", &signinFailure{http.StatusBadRequest, "This sign-in did not match the one your browser started. Please try again.", "nonce_mismatch"}
	}
	var claims struct {
		Team string `json:"https://slack.com/team_id"`
	}
	if err := idt.Claims(&claims); err != nil {
		return session{}, "", &signinFailure{http.StatusBadRequest, "Slack's answer could not be checked. Please try again.", "id_token_claims"}
	}
	info, err := slack.New(tok.AccessToken, slack.OptionAPIURL(s.cfg.SlackAPIURL), slack.OptionHTTPClient(s.cfg.HTTPClient)).
		GetOpenIDConnectUserInfoContext(ctx)
	if err != nil {
		return session{}, "", &signinFailure{http.StatusBadGateway, "kbbot could not read your Slack profile. Please try again.", "userinfo_failed"}
	}
	user := info.UserID
	if user == "" {
		user = info.Sub
	}
	if user != idt.Subject || info.TeamID != claims.Team {
		return session{}, "", &signinFailure{http.StatusBadRequest, "Slack's answers did not agree. Please try again.", "userinfo_mismatch"}
	}
	if info.TeamID != s.cfg.TeamID {
		return session{}, "", &signinFailure{http.StatusForbidden, "This catalogue is only for members of kbbot's own Slack workspace. Sign in to Slack with that workspace and try again.", "other_team"}
	}
	sess := session{User: user, Team: info.TeamID, Name: info.Name, CSRF: rand.Text(), Exp: s.cfg.Now().Add(s.cfg.SessionTTL).Unix()}
	enc, err := s.sessions.Encode(sessionCookie, sess)
	if err != nil {
		return session{}, "", err
	}
	setCookie(w, sessionCookie, enc, "/", s.cfg.SessionTTL)
	return sess, si.Next, nil
}

// validCSRF reports whether a form carries the session's CSRF token.
func validCSRF(r *http.Request, sess session) bool {
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) == 1
}

// handleLogoutPage offers the sign-out button (a form with the CSRF
// token), for anyone who types /auth/logout.
func (s *Server) handleLogoutPage(w http.ResponseWriter, r *http.Request, v viewer) {
	s.render(w, r, http.StatusOK, "logout", v, "Sign out", nil)
}

// handleLogout ends the session: the form must carry its CSRF token.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	sess, ok := s.session(r)
	if !ok {
		setCookie(w, sessionCookie, "", "/", -1)
		http.Redirect(w, r, "/auth/signed-out", http.StatusSeeOther)
		return
	}
	if !validCSRF(r, sess) {
		s.lg.Warn("form refused", "reason", "csrf", "path", r.URL.Path, "user", sess.User)
		s.render(w, r, http.StatusForbidden, "message", viewer{}, "Not signed out", message{
			Heading: "Not signed out", Text: "That form was out of date. Use the Sign out button on the page.", Link: "/auth/logout", LinkText: "Sign out",
		})
		return
	}
	setCookie(w, sessionCookie, "", "/", -1)
	s.lg.Info("signed out of the catalogue", "user", sess.User)
	http.Redirect(w, r, "/auth/signed-out", http.StatusSeeOther)
}

// handleSignedOut says the session ended.
func (s *Server) handleSignedOut(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "message", viewer{}, "Signed out", message{
		Heading: "You have signed out", Text: "Your session in kbbot's catalogue has ended.", Link: "/auth/login", LinkText: "Sign in with Slack",
	})
}
