// Package web is kbbot's web catalogue: an edge beside Slack where members
// of the bot's workspace browse and search the knowledge base, read an
// entry in full and see the picture of what has been tried, and
// moderators see how well kbbot answers.
//
// A tour:
//   - web.go: Config, New and the routes, behind security headers (a
//     strict Content-Security-Policy with no script at all) and the
//     standard library's cross-origin protection.
//   - auth.go: Sign in with Slack (OpenID Connect): state and nonce, the
//     code traded with openid.connect.token (slack-go), the ID token
//     checked with go-oidc against Slack's keys, the person read with
//     openid.connect.userInfo, other workspaces refused; signed and
//     encrypted session cookies (gorilla/securecookie) with an expiry; a
//     CSRF token in every form that changes anything.
//   - pages.go: /, /entries/{id} and /insights, each one handlers call (or
//     two for a moderator's insights), rendered with html/template from
//     templates/ with the stylesheet in static/, both embedded.
//   - charts.go: the SVG charts, drawn on the server; every chart has a
//     table with the same numbers beside it.
//   - markdown.go: entry bodies rendered with goldmark, raw HTML dropped.
//
// Like bot, it calls handlers exactly as Slack does: a search is App.Ask
// with no Asker (nothing is kept), so the three kinds of answer are the
// same. It knows no Redis. Nothing it shows reveals who shared an
// anonymous lesson, or any feedback text, to anyone but a moderator: the
// use cases only return them to moderators.
package web

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gorilla/securecookie"
	"github.com/slack-go/slack"
	"github.com/yuin/goldmark"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Config is what the catalogue needs beyond the App.
type Config struct {
	// PublicURL is where people reach the catalogue (KBBOT_PUBLIC_URL),
	// such as https://kbbot.example.nhs.uk; the Slack app's redirect URL
	// is PublicURL + /auth/callback.
	PublicURL string
	// ClientID and ClientSecret are the Slack app's OAuth credentials.
	// The secret also keys the session cookies, so every replica reads
	// every other's, and changing it signs everyone out.
	ClientID     string
	ClientSecret string
	// SlackAPIURL is the Web API base (SLACK_API_URL; empty: Slack's).
	// Its origin serves the authorize page and the ID token keys.
	SlackAPIURL string
	// TeamID is the bot's own workspace (from auth.test): only its
	// members get in.
	TeamID string
	// SessionTTL is how long a session lasts (default 12 hours).
	SessionTTL time.Duration
	// HTTPClient calls Slack (default: a client with a 15 s timeout).
	HTTPClient *http.Client
	// Now replaces time.Now in tests.
	Now func() time.Time
}

// Server serves the catalogue. Its methods are safe for concurrent use.
type Server struct {
	lg        *slog.Logger
	cfg       Config
	app       *handlers.App
	pages     map[string]*template.Template
	static    http.Handler
	sessions  *securecookie.SecureCookie
	signins   *securecookie.SecureCookie
	verifier  *oidc.IDTokenVerifier
	authorize string // Slack's authorize page
	callback  string // our redirect_uri
	secure    bool   // PublicURL is https: add HSTS
	md        goldmark.Markdown
}

// Cookie names and lifetimes.
const (
	sessionCookie = "kbbot_session"
	signinCookie  = "kbbot_signin"
	signinTTL     = 10 * time.Minute
)

// New returns the catalogue's server.
func New(lg *slog.Logger, cfg Config, app *handlers.App) (*Server, error) {
	pub, err := url.Parse(strings.TrimRight(cfg.PublicURL, "/"))
	if err != nil || (pub.Scheme != "https" && pub.Scheme != "http") || pub.Host == "" {
		return nil, fmt.Errorf("web: public URL %q: want https://HOST", cfg.PublicURL)
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" || cfg.TeamID == "" {
		return nil, errors.New("web: client id, client secret and team id are required")
	}
	if cfg.SlackAPIURL == "" {
		cfg.SlackAPIURL = slack.APIURL
	}
	if !strings.HasSuffix(cfg.SlackAPIURL, "/") {
		cfg.SlackAPIURL += "/"
	}
	api, err := url.Parse(cfg.SlackAPIURL)
	if err != nil || api.Host == "" {
		return nil, fmt.Errorf("web: Slack API URL %q: %v", cfg.SlackAPIURL, err)
	}
	origin := api.Scheme + "://" + api.Host
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.PublicURL = pub.String()
	s := &Server{
		lg: lg, cfg: cfg, app: app,
		authorize: origin + "/openid/connect/authorize",
		callback:  cfg.PublicURL + "/auth/callback",
		secure:    pub.Scheme == "https",
		md:        newMarkdown(),
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static assets: %w", err)
	}
	s.static = http.StripPrefix("/static/", http.FileServerFS(static))
	s.sessions, err = cookieCodec(cfg.ClientSecret, "session", cfg.SessionTTL)
	if err != nil {
		return nil, err
	}
	if s.signins, err = cookieCodec(cfg.ClientSecret, "signin", signinTTL); err != nil {
		return nil, err
	}
	// Slack's ID tokens are signed with the keys it publishes on its
	// origin; go-oidc fetches and caches them (the context only carries
	// the HTTP client, and go-oidc detaches it from any cancellation).
	keys := oidc.NewRemoteKeySet(oidc.ClientContext(context.Background(), cfg.HTTPClient), origin+"/openid/connect/keys")
	s.verifier = oidc.NewVerifier(slackIssuer, keys, &oidc.Config{ClientID: cfg.ClientID, Now: cfg.Now})
	return s, nil
}

// slackIssuer is the iss of Slack's ID tokens.
const slackIssuer = "https://slack.com"

// cookieCodec returns a securecookie codec whose HMAC and AES keys are
// derived from secret with HKDF, one pair per purpose, valid for ttl.
func cookieCodec(secret, purpose string, ttl time.Duration) (*securecookie.SecureCookie, error) {
	hashKey, err := hkdf.Key(sha256.New, []byte(secret), nil, "kbbot web "+purpose+" signing", 32)
	if err != nil {
		return nil, fmt.Errorf("web: derive cookie key: %w", err)
	}
	blockKey, err := hkdf.Key(sha256.New, []byte(secret), nil, "kbbot web "+purpose+" encryption", 32)
	if err != nil {
		return nil, fmt.Errorf("web: derive cookie key: %w", err)
	}
	c := securecookie.New(hashKey, blockKey)
	c.MaxAge(int(ttl / time.Second))
	c.SetSerializer(securecookie.JSONEncoder{})
	return c, nil
}

// Handler returns the catalogue's routes: every one is listed here.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.member(s.handleHome))
	mux.HandleFunc("GET /entries/{id}", s.member(s.handleEntry))
	mux.HandleFunc("GET /insights", s.member(s.handleInsights))
	mux.HandleFunc("GET /auth/login", s.handleLogin)
	mux.HandleFunc("GET /auth/callback", s.handleCallback)
	mux.HandleFunc("GET /auth/logout", s.member(s.handleLogoutPage))
	mux.HandleFunc("POST /auth/logout", s.handleLogout)
	mux.HandleFunc("GET /auth/signed-out", s.handleSignedOut)
	mux.Handle("GET /static/", s.static)
	mux.HandleFunc("/", s.handleNotFound)
	// Cross-origin protection refuses a state-changing request another
	// site's page makes (Sec-Fetch-Site / Origin), before any CSRF token
	// is even read.
	cop := http.NewCrossOriginProtection()
	return s.headers(cop.Handler(mux))
}

// csp allows nothing but this site's stylesheet and images, and forms
// that post back here: no script runs on any page.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
	"base-uri 'none'; frame-ancestors 'none'"

// headers sets the security headers of every response.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages show members-only content: never cache them.
			h.Set("Cache-Control", "no-store")
		} else {
			h.Set("Cache-Control", "public, max-age=3600")
		}
		next.ServeHTTP(w, r)
	})
}
