package bottest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Sign in with Slack (OpenID Connect), as Slack serves it: the browser is
// sent to /openid/connect/authorize on Slack's origin, which (once the
// person agrees) redirects back with a code and the state; the app trades
// the code for an access token and a signed ID token with the Web API
// method openid.connect.token, and reads the person with
// openid.connect.userInfo. The fake signs ID tokens with its own RSA key,
// published at /openid/connect/keys like Slack's, with Slack's issuer.

// OIDCIssuer is the iss of Slack's ID tokens, whatever URL serves them.
const OIDCIssuer = "https://slack.com"

// Method names the fake records for the browser's visits to the
// authorize page (its Form holds the query).
const AuthorizeMethod = "openid.connect.authorize"

// OIDCUser is who signs in at the fake's authorize page.
type OIDCUser struct {
	UserID   string
	TeamID   string
	Name     string
	TeamName string
}

// oidcCode is an authorization code the fake issued.
type oidcCode struct {
	user        OIDCUser
	redirectURI string
	nonce       string
	used        bool
}

// oidcFake is the fake's Sign in with Slack state.
type oidcFake struct {
	mu           sync.Mutex
	clientID     string
	clientSecret string
	key          *rsa.PrivateKey
	next         OIDCUser
	codes        map[string]*oidcCode
	tokens       map[string]OIDCUser
	editIDToken  func(claims map[string]any)
	seq          int
}

// EnableOIDC makes the fake serve Sign in with Slack for one app: its
// client id and secret, and the person who signs in (SignInAs changes
// it; by default UMEMBER of TeamID).
func (s *Slack) EnableOIDC(t testing.TB, clientID, clientSecret string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	o := &s.oidc
	o.mu.Lock()
	defer o.mu.Unlock()
	o.clientID, o.clientSecret, o.key = clientID, clientSecret, key
	o.next = OIDCUser{UserID: "UMEMBER", TeamID: TeamID, Name: "Member Person", TeamName: "Example"}
	o.codes = map[string]*oidcCode{}
	o.tokens = map[string]OIDCUser{}
}

// SignInAs sets who signs in at the authorize page from now on.
func (s *Slack) SignInAs(u OIDCUser) {
	s.oidc.mu.Lock()
	defer s.oidc.mu.Unlock()
	if u.TeamName == "" {
		u.TeamName = "Example"
	}
	s.oidc.next = u
}

// EditNextIDToken changes the claims of the next ID token the fake signs
// (a wrong nonce, audience or expiry), to test that the app checks them.
func (s *Slack) EditNextIDToken(f func(claims map[string]any)) {
	s.oidc.mu.Lock()
	defer s.oidc.mu.Unlock()
	s.oidc.editIDToken = f
}

// serveAuthorize is /openid/connect/authorize: it checks the request as
// Slack would and, the person having agreed, redirects to redirect_uri
// with a one-time code and the state.
func (s *Slack) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c := Call{Method: AuthorizeMethod, Form: q, At: time.Now(), Status: http.StatusFound}
	var violations []string
	bad := func(format string, args ...any) {
		violations = append(violations, AuthorizeMethod+": "+fmt.Sprintf(format, args...))
	}
	o := &s.oidc
	o.mu.Lock()
	if o.key == nil {
		o.mu.Unlock()
		c.Status = http.StatusBadRequest
		s.record(c, []string{AuthorizeMethod + ": the fake's OIDC is not enabled (EnableOIDC)"})
		http.Error(w, "oidc not enabled", http.StatusBadRequest)
		return
	}
	if q.Get("response_type") != "code" {
		bad("response_type = %q, want code", q.Get("response_type"))
	}
	if scopes := strings.Fields(q.Get("scope")); !slices.Contains(scopes, "openid") {
		bad("scope %q lacks openid", q.Get("scope"))
	}
	if q.Get("client_id") != o.clientID {
		bad("client_id = %q, want %q", q.Get("client_id"), o.clientID)
	}
	if len(q.Get("state")) < 16 || len(q.Get("nonce")) < 16 {
		bad("state and nonce must be long random values (got %d and %d characters)", len(q.Get("state")), len(q.Get("nonce")))
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || (redirect.Scheme != "https" && redirect.Scheme != "http") || redirect.Host == "" {
		o.mu.Unlock()
		bad("redirect_uri %q is not an absolute URL", q.Get("redirect_uri"))
		c.Status = http.StatusBadRequest
		s.record(c, violations)
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	o.seq++
	code := fmt.Sprintf("code-%06d-%s", o.seq, rand.Text())
	o.codes[code] = &oidcCode{user: o.next, redirectURI: q.Get("redirect_uri"), nonce: q.Get("nonce")}
	o.mu.Unlock()
	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	s.record(c, violations)
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// serveKeys is /openid/connect/keys: the public key that signs ID tokens.
func (s *Slack) serveKeys(w http.ResponseWriter, _ *http.Request) {
	s.oidc.mu.Lock()
	key := s.oidc.key
	s.oidc.mu.Unlock()
	if key == nil {
		http.Error(w, "oidc not enabled", http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "fake-1", Algorithm: "RS256", Use: "sig"}}})
}

// oidcToken answers openid.connect.token: a code is good once, for the
// client and redirect_uri it was issued to.
func (s *Slack) oidcToken(c Call) reply {
	o := &s.oidc
	o.mu.Lock()
	defer o.mu.Unlock()
	fail := func(code string) reply { return ok200(map[string]any{"ok": false, "error": code}) }
	switch {
	case o.key == nil:
		return fail("invalid_client_id")
	case c.Value("client_id") != o.clientID:
		return fail("invalid_client_id")
	case c.Value("client_secret") != o.clientSecret:
		return fail("bad_client_secret")
	}
	code := o.codes[c.Value("code")]
	switch {
	case code == nil, code.used:
		return fail("invalid_code")
	case c.Value("redirect_uri") != code.redirectURI:
		return fail("bad_redirect_uri")
	}
	code.used = true
	o.seq++
	access := fmt.Sprintf("xoxp-%06d-%s", o.seq, rand.Text())
	o.tokens[access] = code.user
	now := time.Now()
	claims := map[string]any{
		"iss": OIDCIssuer, "sub": code.user.UserID, "aud": o.clientID,
		"exp": now.Add(time.Hour).Unix(), "iat": now.Unix(), "auth_time": now.Unix(),
		"nonce": code.nonce, "at_hash": "fake",
		"https://slack.com/user_id": code.user.UserID, "https://slack.com/team_id": code.user.TeamID,
		"name": code.user.Name, "https://slack.com/team_name": code.user.TeamName,
	}
	if o.editIDToken != nil {
		o.editIDToken(claims)
		o.editIDToken = nil
	}
	idToken, err := signJWT(o.key, claims)
	if err != nil {
		return reply{status: http.StatusInternalServerError, body: map[string]any{"ok": false, "error": "internal_error"}}
	}
	return ok200(map[string]any{"ok": true, "access_token": access, "token_type": "Bearer", "id_token": idToken})
}

// oidcUserInfo answers openid.connect.userInfo for an access token the
// fake issued.
func (s *Slack) oidcUserInfo(c Call) reply {
	s.oidc.mu.Lock()
	u, ok := s.oidc.tokens[c.Token()]
	s.oidc.mu.Unlock()
	if !ok {
		return ok200(map[string]any{"ok": false, "error": "invalid_auth"})
	}
	return ok200(map[string]any{
		"ok": true, "sub": u.UserID, "https://slack.com/user_id": u.UserID, "https://slack.com/team_id": u.TeamID,
		"name": u.Name, "given_name": strings.Fields(u.Name + " x")[0], "https://slack.com/team_name": u.TeamName,
	})
}

func signJWT(key *rsa.PrivateKey, claims map[string]any) (string, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "fake-1"))
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}
