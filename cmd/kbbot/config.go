package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"
)

// config is every setting kbbot reads, from the environment with a .env
// file underneath it (real environment variables win). The names and
// defaults are those of DESIGN.md and .env.example.
type config struct {
	SlackBotToken      string
	SlackAppToken      string
	SlackSigningSecret string
	SlackAPIURL        string
	Addr               string
	RedisURL           string
	Namespace          string
	Moderators         []string
	ModerationChannel  string
	DigestChannel      string
	OpenAIKey          string
	OpenAIBaseURL      string
	OpenAIModel        string
	OpenAIAPIType      string
	OpenAIAPIVersion   string
	OpenAIDeployment   string
	// EmbeddingModel (OPENAI_EMBEDDING_MODEL) turns on hybrid search, on
	// the same endpoint and key as chat; EmbeddingDeployment is its Azure
	// deployment (default: the model's name).
	EmbeddingModel      string
	EmbeddingDeployment string
	LLMContext          string
	LLMTimeout          time.Duration
	LLMPerUserHour      int
	LogLevel            slog.Level
	LogLevelSet         bool
	LogFormat           string
	// PublicURL, SlackClientID and SlackClientSecret turn on the web
	// catalogue when all three are set (KBBOT_PUBLIC_URL, SLACK_CLIENT_ID,
	// SLACK_CLIENT_SECRET).
	PublicURL         string
	SlackClientID     string
	SlackClientSecret string
	// Seed is KBBOT_SEED: load the built-in seed into an empty knowledge
	// base (serve, import and ask only).
	Seed bool
	// InKubernetes is true inside a pod (KUBERNETES_SERVICE_HOST is set by
	// the kubelet); AllowEmbedded is KBBOT_ALLOW_EMBEDDED_STORE, which lets
	// serve run there on the embedded store all the same.
	InKubernetes  bool
	AllowEmbedded bool
	// loadProblems are the malformed values found while loading.
	loadProblems []string
}

// Defaults of DESIGN.md.
const (
	defaultAddr       = ":3000"
	defaultNamespace  = "kb"
	defaultModel      = "gpt-4o-mini"
	defaultLLMTimeout = 10 * time.Second
	// defaultLLMPerUserHour bounds one person's AI summaries in an hour.
	defaultLLMPerUserHour = 30
)

// loadConfig reads the configuration. lookupEnv is the real environment; a
// .env file in the working directory fills in what it leaves unset. A
// variable set to the empty string in the environment is set: it wins over
// .env, so `REDIS_URL= kbbot ask …` uses the embedded store.
func loadConfig(lookupEnv func(string) (string, bool)) (config, error) {
	dotenv, err := godotenv.Read(".env")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return config{}, usagef(".env: %v", err)
	}
	get := func(name string) string {
		if v, ok := lookupEnv(name); ok {
			return strings.TrimSpace(v)
		}
		return strings.TrimSpace(dotenv[name])
	}
	cfg := config{
		SlackBotToken:       get("SLACK_BOT_TOKEN"),
		SlackAppToken:       get("SLACK_APP_TOKEN"),
		SlackSigningSecret:  get("SLACK_SIGNING_SECRET"),
		SlackAPIURL:         get("SLACK_API_URL"),
		Addr:                or(get("KBBOT_ADDR"), defaultAddr),
		RedisURL:            get("REDIS_URL"),
		Namespace:           or(get("KBBOT_NAMESPACE"), defaultNamespace),
		ModerationChannel:   get("KBBOT_MODERATION_CHANNEL"),
		DigestChannel:       get("KBBOT_DIGEST_CHANNEL"),
		OpenAIKey:           get("OPENAI_API_KEY"),
		OpenAIBaseURL:       get("OPENAI_BASE_URL"),
		OpenAIModel:         or(get("OPENAI_MODEL"), defaultModel),
		OpenAIAPIType:       strings.ToLower(or(get("OPENAI_API_TYPE"), "openai")),
		OpenAIAPIVersion:    get("OPENAI_API_VERSION"),
		OpenAIDeployment:    get("OPENAI_DEPLOYMENT"),
		EmbeddingModel:      get("OPENAI_EMBEDDING_MODEL"),
		EmbeddingDeployment: get("OPENAI_EMBEDDING_DEPLOYMENT"),
		LLMContext:          strings.ToLower(or(get("KBBOT_LLM_CONTEXT"), "full")),
		LLMTimeout:          defaultLLMTimeout,
		LLMPerUserHour:      defaultLLMPerUserHour,
		LogFormat:           or(get("KBBOT_LOG_FORMAT"), "json"),
		PublicURL:           strings.TrimRight(get("KBBOT_PUBLIC_URL"), "/"),
		SlackClientID:       get("SLACK_CLIENT_ID"),
		SlackClientSecret:   get("SLACK_CLIENT_SECRET"),
	}
	k8sHost, _ := lookupEnv("KUBERNETES_SERVICE_HOST")
	cfg.InKubernetes = k8sHost != ""
	for _, m := range strings.Split(get("KBBOT_MODERATORS"), ",") {
		if m = strings.TrimSpace(m); m != "" {
			cfg.Moderators = append(cfg.Moderators, m)
		}
	}
	// Malformed values are collected, not returned at the first: serve
	// and check report every problem, one line each.
	bad := func(format string, args ...any) {
		cfg.loadProblems = append(cfg.loadProblems, fmt.Sprintf(format, args...))
	}
	if v := get("KBBOT_LLM_TIMEOUT"); v != "" {
		if d, err := time.ParseDuration(v); err != nil || d <= 0 {
			bad("KBBOT_LLM_TIMEOUT: want a positive duration such as 10s")
		} else {
			cfg.LLMTimeout = d
		}
	}
	if v := get("KBBOT_LLM_PER_USER_HOUR"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 0 {
			bad("KBBOT_LLM_PER_USER_HOUR: want a whole number of summaries per person per hour, 0 for no bound")
		} else {
			cfg.LLMPerUserHour = n
		}
	}
	if v := get("KBBOT_LOG_LEVEL"); v != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
			bad("KBBOT_LOG_LEVEL: want debug, info, warn or error")
		} else {
			cfg.LogLevelSet = true
		}
	}
	if cfg.OpenAIAPIType != "openai" && cfg.OpenAIAPIType != "azure" {
		bad("OPENAI_API_TYPE: want openai or azure")
	}
	if cfg.LLMContext != "full" && cfg.LLMContext != "titles" {
		bad("KBBOT_LLM_CONTEXT: want full or titles")
	}
	if cfg.OpenAIAPIType == "azure" && (cfg.OpenAIKey != "" || cfg.EmbeddingModel != "") && cfg.OpenAIBaseURL == "" {
		bad("OPENAI_BASE_URL is required for Azure OpenAI (https://NAME.openai.azure.com)")
	}
	switch {
	case cfg.EmbeddingModel == "":
	case cfg.OpenAIKey == "" && cfg.OpenAIAPIType == "azure":
		bad("OPENAI_EMBEDDING_MODEL on Azure OpenAI needs OPENAI_API_KEY")
	case cfg.OpenAIKey == "" && cfg.OpenAIBaseURL == "":
		bad("OPENAI_EMBEDDING_MODEL needs OPENAI_API_KEY for OpenAI's endpoint, or OPENAI_BASE_URL for one that needs no key (such as Ollama)")
	}
	if cfg.LogFormat != "json" && cfg.LogFormat != "text" {
		bad("KBBOT_LOG_FORMAT: want json or text")
		cfg.LogFormat = "json"
	}
	var ok bool
	if cfg.Seed, ok = onOff(get("KBBOT_SEED"), true); !ok {
		bad("KBBOT_SEED: want on or off")
	}
	if cfg.AllowEmbedded, ok = onOff(get("KBBOT_ALLOW_EMBEDDED_STORE"), false); !ok {
		bad("KBBOT_ALLOW_EMBEDDED_STORE: want on or off")
	}
	if strings.ContainsAny(cfg.Namespace, " \t\n") {
		bad("KBBOT_NAMESPACE: must not contain spaces")
	}
	return cfg, nil
}

// onOff reads an on/off setting; empty means def. ok is false for
// anything else.
func onOff(v string, def bool) (on, ok bool) {
	switch strings.ToLower(v) {
	case "":
		return def, true
	case "on":
		return true, true
	case "off":
		return false, true
	}
	return def, false
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// newLogger returns the structured logger. Commands other than serve log
// only warnings by default, so their output stays readable.
func newLogger(cfg config, w io.Writer, def slog.Level) *slog.Logger {
	level := def
	if cfg.LogLevelSet {
		level = cfg.LogLevel
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// configError lists every problem with the configuration, one per line.
type configError struct{ problems []string }

func (e *configError) Error() string { return strings.Join(e.problems, "\n") }

// problems checks every setting's form (not whether Slack or Redis
// answer: that is `kbbot check`). forServe adds what serve requires.
func (c config) problems(forServe bool) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	switch {
	case c.SlackBotToken == "" && forServe:
		add("SLACK_BOT_TOKEN is required to serve (the bot token, xoxb-…)")
	case c.SlackBotToken != "" && !strings.HasPrefix(c.SlackBotToken, "xoxb-"):
		add("SLACK_BOT_TOKEN: want a bot token starting xoxb-")
	case c.SlackBotToken != "" && isPlaceholder(c.SlackBotToken, "xoxb-") && forServe:
		add("SLACK_BOT_TOKEN is still the placeholder: paste the Bot User OAuth Token (OAuth & Permissions)")
	}
	switch {
	case c.SlackAppToken != "" && !strings.HasPrefix(c.SlackAppToken, "xapp-"):
		add("SLACK_APP_TOKEN: want an app-level token starting xapp- (or leave it empty for HTTP mode)")
	case c.SlackAppToken != "" && isPlaceholder(c.SlackAppToken, "xapp-") && forServe:
		add("SLACK_APP_TOKEN is still the placeholder: paste the app-level token (Basic Information → App-Level Tokens), or leave it empty for HTTP mode")
	}
	if forServe && c.RedisURL == "" && c.InKubernetes && !c.AllowEmbedded {
		add("REDIS_URL is required in Kubernetes: without it every replica keeps its own in-memory store and loses it on restart (KBBOT_ALLOW_EMBEDDED_STORE=on runs one throwaway pod anyway)")
	}
	if forServe && c.SlackAppToken == "" && c.SlackSigningSecret == "" {
		add("SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)")
	}
	if c.SlackSigningSecret != "" && !isHex(c.SlackSigningSecret) {
		add("SLACK_SIGNING_SECRET: want the hexadecimal signing secret from Basic Information → App Credentials")
	}
	if c.SlackAPIURL != "" && !isHTTPURL(c.SlackAPIURL) {
		add("SLACK_API_URL: want an http(s) URL such as https://slack.com/api/")
	}
	if c.OpenAIBaseURL != "" && !isHTTPURL(c.OpenAIBaseURL) {
		add("OPENAI_BASE_URL: want an http(s) URL")
	}
	if c.RedisURL != "" {
		if _, err := parseRedisURL(c.RedisURL); err != nil {
			add("REDIS_URL: %v", err)
		}
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		add("KBBOT_ADDR: want host:port or :port, such as :3000")
	}
	for _, m := range c.Moderators {
		if !isSlackID(m, "UW") {
			add("KBBOT_MODERATORS: %q is not a Slack user id (U… or W…)", m)
			break
		}
	}
	if c.ModerationChannel != "" && !isSlackID(c.ModerationChannel, "CGD") {
		add("KBBOT_MODERATION_CHANNEL: want a channel id such as C0123ABCD, not a channel name")
	}
	if c.DigestChannel != "" && !isSlackID(c.DigestChannel, "CGD") {
		add("KBBOT_DIGEST_CHANNEL: want a channel id such as C0123ABCD, not a channel name")
	}
	p = append(p, c.catalogueProblems()...)
	return append(p, c.loadProblems...)
}

// Catalogue reports whether the web catalogue is on: all three of its
// settings are set (a half-set configuration is a problem, below).
func (c config) Catalogue() bool {
	return c.PublicURL != "" && c.SlackClientID != "" && c.SlackClientSecret != ""
}

// catalogueProblems checks the web catalogue's settings: none or all
// three, a public https URL (http only on this machine, for trying it
// out), and credentials of the right form.
func (c config) catalogueProblems() []string {
	set := map[string]bool{"KBBOT_PUBLIC_URL": c.PublicURL != "", "SLACK_CLIENT_ID": c.SlackClientID != "", "SLACK_CLIENT_SECRET": c.SlackClientSecret != ""}
	var have, lack []string
	for _, name := range []string{"KBBOT_PUBLIC_URL", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"} {
		if set[name] {
			have = append(have, name)
		} else {
			lack = append(lack, name)
		}
	}
	var p []string
	if len(have) > 0 && len(lack) > 0 {
		p = append(p, fmt.Sprintf("the web catalogue needs %s as well as %s (or unset them all to turn it off)",
			strings.Join(lack, " and "), strings.Join(have, " and ")))
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		switch {
		case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
			p = append(p, "KBBOT_PUBLIC_URL: want the catalogue's public address, such as https://kbbot.example.nhs.uk")
		case u.Scheme == "http" && !isLoopback(u.Hostname()):
			p = append(p, "KBBOT_PUBLIC_URL: want https (session cookies are Secure; http only works on localhost)")
		case u.Path != "" || u.RawQuery != "":
			p = append(p, "KBBOT_PUBLIC_URL: want the site's root address with no path, such as https://kbbot.example.nhs.uk")
		}
	}
	if c.SlackClientID != "" && !isClientID(c.SlackClientID) {
		p = append(p, "SLACK_CLIENT_ID: want the app's Client ID from Basic Information → App Credentials (digits with a dot)")
	}
	if c.SlackClientSecret != "" && !isHex(c.SlackClientSecret) {
		p = append(p, "SLACK_CLIENT_SECRET: want the hexadecimal Client Secret from Basic Information → App Credentials")
	}
	return p
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isClientID reports whether s looks like a Slack app's client id
// (1234567890.1234567890).
func isClientID(s string) bool {
	a, b, ok := strings.Cut(s, ".")
	digits := func(x string) bool {
		return x != "" && strings.Trim(x, "0123456789") == ""
	}
	return ok && digits(a) && digits(b)
}

// validate returns the malformed values found while loading, for the
// commands that need nothing more.
func (c config) validate() error {
	if len(c.loadProblems) > 0 {
		return &configError{problems: c.loadProblems}
	}
	return nil
}

// validateServe checks what serve needs, with one line for each missing or
// malformed setting.
func (c config) validateServe() error {
	if p := c.problems(true); len(p) > 0 {
		return &configError{problems: p}
	}
	return nil
}

// isPlaceholder reports whether a token is only its prefix (as in
// .env.example) or the REPLACE-ME of the example Secret.
func isPlaceholder(token, prefix string) bool {
	return token == prefix || strings.Contains(strings.ToUpper(token), "REPLACE-ME")
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isHex(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return s != ""
}

// isSlackID reports whether s is a Slack id starting with one of prefixes.
func isSlackID(s, prefixes string) bool {
	if len(s) < 3 || !strings.ContainsRune(prefixes, rune(s[0])) {
		return false
	}
	for _, r := range s[1:] {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
