package main

import (
	"crypto/tls"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
)

// validHTTP is a complete, valid HTTP-mode configuration with every
// setting in use.
var validHTTP = map[string]string{
	"SLACK_BOT_TOKEN":          "xoxb-1234-5678-abcdef",
	"SLACK_SIGNING_SECRET":     testSecret,
	"SLACK_API_URL":            "https://slack.com/api/",
	"KBBOT_ADDR":               ":3000",
	"REDIS_URL":                "rediss://:s3cret@cache.example.nhs.uk:6380/0",
	"KBBOT_NAMESPACE":          "kb",
	"KBBOT_MODERATORS":         "U0123ABCD, W0456EFGH",
	"KBBOT_MODERATION_CHANNEL": "C0123ABCD",
	"KBBOT_DIGEST_CHANNEL":     "G0456EFGH",
	"OPENAI_API_KEY":           "sk-test",
	"OPENAI_BASE_URL":          "http://vllm.internal:8000/v1",
	"OPENAI_MODEL":             "gpt-4o-mini",
	"OPENAI_API_TYPE":          "openai",
	"KBBOT_LLM_TIMEOUT":        "8s",
	"KBBOT_LLM_PER_USER_HOUR":  "12",
	"KBBOT_LLM_CONTEXT":        "titles",
	"KBBOT_LOG_LEVEL":          "debug",
	"KBBOT_LOG_FORMAT":         "text",
}

// configLines is what serve would say about a configuration: the error of
// loadConfig, else the problems serve checks, one per line.
func configLines(t *testing.T, env map[string]string) []string {
	t.Helper()
	cfg, err := loadConfig(fakeEnv(env))
	if err != nil {
		return lines(err.Error())
	}
	return cfg.problems(true)
}

func TestConfigProblems(t *testing.T) {
	inTempDir(t) // no .env
	minimal := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": testSecret}
	for _, tc := range []struct {
		name   string
		set    map[string]string // on top of minimal; "" deletes
		want   string            // the variable the one line must name
		secret string            // must not be echoed
	}{
		{"bot token missing", map[string]string{"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN", ""},
		{"bot token of the wrong kind", map[string]string{"SLACK_BOT_TOKEN": "xoxp-user-token-1"}, "SLACK_BOT_TOKEN", "user-token-1"},
		{"app token of the wrong kind", map[string]string{"SLACK_APP_TOKEN": "xoxb-app-token-2"}, "SLACK_APP_TOKEN", "app-token-2"},
		{"HTTP mode without signing secret", map[string]string{"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET", ""},
		{"signing secret not hex", map[string]string{"SLACK_SIGNING_SECRET": "not-a-hex-secret"}, "SLACK_SIGNING_SECRET", "not-a-hex-secret"},
		{"Slack API URL without scheme", map[string]string{"SLACK_API_URL": "slack.com/api/"}, "SLACK_API_URL", ""},
		{"Slack API URL of another scheme", map[string]string{"SLACK_API_URL": "ftp://slack.example/api/"}, "SLACK_API_URL", ""},
		{"OpenAI base URL not a URL", map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, "OPENAI_BASE_URL", ""},
		{"Redis URL bad scheme", map[string]string{"REDIS_URL": "http://:hunter22@redis.internal:6379"}, "REDIS_URL", "hunter22"},
		{"Redis URL bad db", map[string]string{"REDIS_URL": "redis://:hunter22@redis.internal:6379/main"}, "REDIS_URL", "hunter22"},
		{"Redis URL sentinel without master", map[string]string{"REDIS_URL": "redis+sentinel://:hunter22@a:26379,b:26379/0"}, "REDIS_URL", "hunter22"},
		{"Redis URL several hosts without topology", map[string]string{"REDIS_URL": "redis://a:6379,b:6379"}, "REDIS_URL", ""},
		{"listen address without port", map[string]string{"KBBOT_ADDR": "127.0.0.1"}, "KBBOT_ADDR", ""},
		{"moderator given by name", map[string]string{"KBBOT_MODERATORS": "U0123ABCD,alice"}, "KBBOT_MODERATORS", ""},
		{"moderation channel by name", map[string]string{"KBBOT_MODERATION_CHANNEL": "#general"}, "KBBOT_MODERATION_CHANNEL", ""},
		{"digest channel by name", map[string]string{"KBBOT_DIGEST_CHANNEL": "general"}, "KBBOT_DIGEST_CHANNEL", ""},
		{"LLM timeout not a duration", map[string]string{"KBBOT_LLM_TIMEOUT": "ten"}, "KBBOT_LLM_TIMEOUT", ""},
		{"LLM timeout negative", map[string]string{"KBBOT_LLM_TIMEOUT": "-5s"}, "KBBOT_LLM_TIMEOUT", ""},
		{"LLM per-user bound not a number", map[string]string{"KBBOT_LLM_PER_USER_HOUR": "lots"}, "KBBOT_LLM_PER_USER_HOUR", ""},
		{"LLM per-user bound negative", map[string]string{"KBBOT_LLM_PER_USER_HOUR": "-1"}, "KBBOT_LLM_PER_USER_HOUR", ""},
		{"log level unknown", map[string]string{"KBBOT_LOG_LEVEL": "loud"}, "KBBOT_LOG_LEVEL", ""},
		{"log format unknown", map[string]string{"KBBOT_LOG_FORMAT": "xml"}, "KBBOT_LOG_FORMAT", ""},
		{"API type unknown", map[string]string{"OPENAI_API_TYPE": "bedrock"}, "OPENAI_API_TYPE", ""},
		{"LLM context unknown", map[string]string{"KBBOT_LLM_CONTEXT": "all"}, "KBBOT_LLM_CONTEXT", ""},
		{"namespace with a space", map[string]string{"KBBOT_NAMESPACE": "my kb"}, "KBBOT_NAMESPACE", ""},
		{"catalogue without its credentials", map[string]string{"KBBOT_PUBLIC_URL": "https://kbbot.example.nhs.uk"}, "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET", ""},
		{"catalogue without its public URL", map[string]string{"SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "abcdef0123456789"}, "needs KBBOT_PUBLIC_URL", "abcdef0123456789"},
		{"catalogue on plain http", map[string]string{"KBBOT_PUBLIC_URL": "http://kbbot.example.nhs.uk", "SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "abcdef01"}, "KBBOT_PUBLIC_URL", ""},
		{"catalogue URL with a path", map[string]string{"KBBOT_PUBLIC_URL": "https://example.nhs.uk/kbbot", "SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "abcdef01"}, "KBBOT_PUBLIC_URL", ""},
		{"client id malformed", map[string]string{"KBBOT_PUBLIC_URL": "https://kbbot.example.nhs.uk", "SLACK_CLIENT_ID": "kbbot", "SLACK_CLIENT_SECRET": "abcdef01"}, "SLACK_CLIENT_ID", ""},
		{"client secret not hex", map[string]string{"KBBOT_PUBLIC_URL": "https://kbbot.example.nhs.uk", "SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "not-hex-secret"}, "SLACK_CLIENT_SECRET", "not-hex-secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := maps.Clone(minimal)
			for k, v := range tc.set {
				if v == "" {
					delete(env, k)
				} else {
					env[k] = v
				}
			}
			got := configLines(t, env)
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("problems = %q, want one line naming %s", got, tc.want)
			}
			if tc.secret != "" && strings.Contains(strings.Join(got, "\n"), tc.secret) {
				t.Errorf("problems = %q, repeat the secret %q", got, tc.secret)
			}
		})
	}

	for _, tc := range []struct {
		name string
		env  map[string]string
	}{
		{"Socket Mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1-A0-1-abc"}},
		{"HTTP mode", minimal},
		{"HTTP mode with every setting", validHTTP},
		{"web catalogue", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": testSecret,
			"KBBOT_PUBLIC_URL": "https://kbbot.example.nhs.uk/", "SLACK_CLIENT_ID": "1234567890.0987654321", "SLACK_CLIENT_SECRET": "0123456789abcdef"}},
		{"web catalogue on localhost", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": testSecret,
			"KBBOT_PUBLIC_URL": "http://localhost:3000", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "0123456789abcdef"}},
		{"Azure OpenAI", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": testSecret,
			"OPENAI_API_KEY": "k", "OPENAI_API_TYPE": "azure", "OPENAI_BASE_URL": "https://nhs-ai.openai.azure.com"}},
	} {
		t.Run("valid "+tc.name, func(t *testing.T) {
			if got := configLines(t, tc.env); len(got) != 0 {
				t.Errorf("problems = %q, want none", got)
			}
		})
	}

	t.Run("commands other than serve need no Slack settings", func(t *testing.T) {
		cfg, err := loadConfig(fakeEnv(nil))
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.problems(false); len(got) != 0 {
			t.Errorf("problems(false) of an empty environment = %q, want none", got)
		}
	})
}

// serveLines runs `kbbot serve` and returns its exit status and stderr
// lines; with a bad configuration it must stop before listening.
func serveLines(t *testing.T, env map[string]string) (int, []string) {
	t.Helper()
	r := kbbot(t, env, "serve")
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
	return r.code, lines(r.stderr)
}

func TestServeReportsEveryProblem(t *testing.T) {
	inTempDir(t)
	formProblems := map[string]string{
		// SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET unset.
		"KBBOT_ADDR":               "nowhere",
		"KBBOT_MODERATION_CHANNEL": "#moderators",
		"SLACK_API_URL":            "slack.com",
	}
	want := []string{"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "KBBOT_ADDR", "KBBOT_MODERATION_CHANNEL"}
	check := func(t *testing.T, env map[string]string, want []string) {
		t.Helper()
		code, got := serveLines(t, env)
		if code != 2 {
			t.Errorf("exit status %d, want 2", code)
		}
		if len(got) != len(want) {
			t.Errorf("stderr has %d lines, want %d, one per problem:\n%s", len(got), len(want), strings.Join(got, "\n"))
			return
		}
		for i, l := range got {
			if !strings.HasPrefix(l, "kbbot: ") || !strings.Contains(l, want[i]) {
				t.Errorf("line %d = %q, want \"kbbot: \" and %s", i+1, l, want[i])
			}
		}
	}
	check(t, formProblems, want)

	t.Run("with malformed values", func(t *testing.T) {
		env := maps.Clone(formProblems)
		env["KBBOT_LLM_TIMEOUT"] = "ten"
		env["KBBOT_LOG_LEVEL"] = "loud"
		check(t, env, append(slices.Clone(want), "KBBOT_LLM_TIMEOUT", "KBBOT_LOG_LEVEL"))
	})
}

func TestParseRedisURL(t *testing.T) {
	type opts struct {
		Addrs                    []string
		DB                       int
		Username, Password       string
		MasterName, SentinelPass string
		Cluster, TLS             bool
		ServerName               string
		MinTLS                   uint16
		DialTimeout, ReadTimeout time.Duration
		PoolSize, MaxRetries     int
		ClientName               string
	}
	// view flattens whichever options parseRedisURL chose.
	view := func(tg redisTarget) opts {
		var o opts
		var tc *tls.Config
		switch {
		case tg.single != nil:
			x := tg.single
			o = opts{Addrs: []string{x.Addr}, DB: x.DB, Username: x.Username, Password: x.Password,
				DialTimeout: x.DialTimeout, ReadTimeout: x.ReadTimeout, PoolSize: x.PoolSize, MaxRetries: x.MaxRetries, ClientName: x.ClientName}
			tc = x.TLSConfig
		case tg.failover != nil:
			x := tg.failover
			o = opts{Addrs: x.SentinelAddrs, DB: x.DB, Username: x.Username, Password: x.Password, MasterName: x.MasterName, SentinelPass: x.SentinelPassword,
				DialTimeout: x.DialTimeout, ReadTimeout: x.ReadTimeout, PoolSize: x.PoolSize, MaxRetries: x.MaxRetries, ClientName: x.ClientName}
			tc = x.TLSConfig
		case tg.cluster != nil:
			x := tg.cluster
			o = opts{Addrs: x.Addrs, Username: x.Username, Password: x.Password, Cluster: true,
				DialTimeout: x.DialTimeout, ReadTimeout: x.ReadTimeout, PoolSize: x.PoolSize, MaxRetries: x.MaxRetries, ClientName: x.ClientName}
			tc = x.TLSConfig
		}
		if tc != nil {
			o.TLS, o.ServerName, o.MinTLS = true, tc.ServerName, tc.MinVersion
		}
		return o
	}
	for _, tc := range []struct {
		url  string
		want opts
	}{
		{"redis://h:6379/2", opts{Addrs: []string{"h:6379"}, DB: 2}},
		{"redis://redis.internal", opts{Addrs: []string{"redis.internal:6379"}}},
		{"redis://[::1]:6379/1", opts{Addrs: []string{"[::1]:6379"}, DB: 1}},
		{"redis://[::1]", opts{Addrs: []string{"[::1]:6379"}}},
		{"redis://kbbot:pw@h:6379", opts{Addrs: []string{"h:6379"}, Username: "kbbot", Password: "pw"}},
		{"rediss://:pw@cache.example.nhs.uk:6380/0", opts{Addrs: []string{"cache.example.nhs.uk:6380"}, Password: "pw",
			TLS: true, ServerName: "cache.example.nhs.uk", MinTLS: tls.VersionTLS12}},
		{"redis+sentinel://:pw@a:26379,b:26379/0?master=m", opts{Addrs: []string{"a:26379", "b:26379"}, Password: "pw",
			MasterName: "m", SentinelPass: "pw"}},
		{"redis+cluster://a:6379,b:6379", opts{Addrs: []string{"a:6379", "b:6379"}, Cluster: true}},
		{"rediss+cluster://a:6379,b:6379", opts{Addrs: []string{"a:6379", "b:6379"}, Cluster: true, TLS: true, ServerName: "a", MinTLS: tls.VersionTLS12}},
		// go-redis's own query options are honoured in every form.
		{"redis://h:6379/0?dial_timeout=3s&read_timeout=2&pool_size=20&max_retries=5&client_name=kbbot",
			opts{Addrs: []string{"h:6379"}, DialTimeout: 3 * time.Second, ReadTimeout: 2 * time.Second, PoolSize: 20, MaxRetries: 5, ClientName: "kbbot"}},
		{"redis+sentinel://a:26379,b:26379?master=m&dial_timeout=1s&pool_size=7", opts{Addrs: []string{"a:26379", "b:26379"},
			MasterName: "m", DialTimeout: time.Second, PoolSize: 7}},
		{"redis+cluster://a:6379,b:6379?read_timeout=4s&max_retries=2", opts{Addrs: []string{"a:6379", "b:6379"}, Cluster: true,
			ReadTimeout: 4 * time.Second, MaxRetries: 2}},
	} {
		t.Run(tc.url, func(t *testing.T) {
			tg, err := parseRedisURL(tc.url)
			if err != nil {
				t.Fatalf("parseRedisURL: %v", err)
			}
			if diff := cmp.Diff(tc.want, view(tg)); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}

	for _, tc := range []struct{ url, want string }{
		{"", "want redis://"},
		{"redis.internal:6379", "want redis://"},
		{"http://h:6379", `unknown scheme "http"`},
		{"redis://h:6379/main", `database "main"`},
		{"redis://h:6379/-1", `database "-1"`},
		{"redis+sentinel://a:26379,b:26379/0", "?master=NAME"},
		{"redis://a:6379,b:6379", "several hosts"},
		{"redis+cluster://a:6379,b:6379/1", "only database 0"},
		{"redis+mesh://a:6379", `unknown topology "mesh"`},
		// Options were silently ignored before go-redis parsed them.
		{"redis://h:6379?dial_timout=3s", "unexpected option: dial_timout"},
		{"redis://h:6379?pool_size=many", "invalid pool_size number"},
		{"redis+cluster://a:6379?colour=red", "unexpected option: colour"},
	} {
		t.Run("error "+tc.url, func(t *testing.T) {
			_, err := parseRedisURL(tc.url)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("parseRedisURL(%q) = %v, want an error containing %q", tc.url, err, tc.want)
			}
		})
	}
}

// checkLines splits `kbbot check` output into its checks: name → "ok",
// "FAIL" or "skip" and the detail. Several lines of one name (one per
// configuration problem) are joined, FAIL winning.
func checkLines(t *testing.T, stdout string) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	for _, l := range lines(stdout) {
		f := strings.Fields(l)
		if len(f) < 2 || (f[0] != "ok" && f[0] != "FAIL" && f[0] != "skip") {
			t.Errorf("check line %q, want ok, FAIL or skip, a name and a detail", l)
			continue
		}
		mark, detail := f[0], strings.Join(f[2:], " ")
		if prev, ok := out[f[1]]; ok {
			if prev[0] == "FAIL" {
				mark = "FAIL"
			}
			detail = prev[1] + "; " + detail
		}
		out[f[1]] = [2]string{mark, detail}
	}
	return out
}

func TestCheck(t *testing.T) {
	inTempDir(t)

	// Nothing configured: serve refuses, so check must fail (it said ok
	// and exited 0).
	t.Run("nothing configured", func(t *testing.T) {
		r := kbbot(t, nil, "check")
		if r.code != 1 {
			t.Errorf("exit status %d, want 1; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		got := checkLines(t, r.stdout)
		if got["configuration"][0] != "FAIL" || !strings.Contains(got["configuration"][1], "SLACK_BOT_TOKEN") {
			t.Errorf("configuration check = %q, want FAIL naming SLACK_BOT_TOKEN", got["configuration"])
		}
		for _, name := range []string{"mode", "redis", "vocabulary", "llm"} {
			if got[name][0] != "ok" {
				t.Errorf("check %s = %q, want ok", name, got[name])
			}
		}
		if got["slack"][0] != "skip" || !strings.Contains(got["redis"][1], "embedded") || !strings.Contains(got["llm"][1], "off") {
			t.Errorf("details %q, want Slack skipped, the embedded store and the LLM off", got)
		}
	})

	slackEnv := func(fake *bottest.Slack) map[string]string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.APIURL()}
	}
	socketEnv := func(fake *bottest.Slack) map[string]string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-1-A0-test", "SLACK_API_URL": fake.APIURL()}
	}
	t.Run("Socket Mode, both tokens good", func(t *testing.T) {
		fake := bottest.NewSlack(t)
		r := kbbot(t, socketEnv(fake), "check")
		if r.code != 0 {
			t.Errorf("exit status %d, want 0; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		got := checkLines(t, r.stdout)
		for _, name := range []string{"configuration", "mode", "redis", "slack", "slack-app", "llm"} {
			if got[name][0] != "ok" {
				t.Errorf("check %s = %q, want ok", name, got[name])
			}
		}
		if calls := fake.Calls("apps.connections.open"); len(calls) != 1 || calls[0].Token() != "xapp-1-A0-test" {
			t.Errorf("apps.connections.open calls %d, want one with the app-level token", len(calls))
		}
		if strings.Contains(r.stdout+r.stderr, "xapp-1-A0-test") {
			t.Errorf("output shows the app-level token")
		}
	})
	// A bad app-level token: check said ok without trying it.
	t.Run("Socket Mode, app-level token refused", func(t *testing.T) {
		fake := bottest.NewSlack(t)
		fake.Handle("apps.connections.open", func(bottest.Call) (int, any) {
			return http.StatusOK, map[string]any{"ok": false, "error": "invalid_auth"}
		})
		r := kbbot(t, socketEnv(fake), "check")
		if r.code != 1 {
			t.Errorf("exit status %d, want 1", r.code)
		}
		got := checkLines(t, r.stdout)
		if got["slack-app"][0] != "FAIL" || !strings.Contains(got["slack-app"][1], "invalid_auth") || !strings.Contains(got["slack-app"][1], "SLACK_APP_TOKEN") {
			t.Errorf("slack-app check = %q, want FAIL naming invalid_auth and SLACK_APP_TOKEN", got["slack-app"])
		}
		if got["slack"][0] != "ok" {
			t.Errorf("slack check = %q, want ok (the bot token is fine)", got["slack"])
		}
	})
	t.Run("Slack unreachable names the address", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		r := kbbot(t, map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": "http://" + addr + "/api/"}, "check")
		got := checkLines(t, r.stdout)
		if r.code != 1 || got["slack"][0] != "FAIL" || !strings.Contains(got["slack"][1], addr) || !strings.Contains(got["slack"][1], "refused") {
			t.Errorf("exit %d, slack check = %q; want 1 and FAIL naming %s and the refused connection", r.code, got["slack"], addr)
		}
	})

	t.Run("Slack auth.test fails", func(t *testing.T) {
		fake := bottest.NewSlack(t)
		fake.Handle("auth.test", func(bottest.Call) (int, any) {
			return http.StatusOK, map[string]any{"ok": false, "error": "invalid_auth"}
		})
		r := kbbot(t, slackEnv(fake), "check")
		if r.code != 1 {
			t.Errorf("exit status %d, want 1", r.code)
		}
		got := checkLines(t, r.stdout)
		if got["slack"][0] != "FAIL" || !strings.Contains(got["slack"][1], "invalid_auth") {
			t.Errorf("slack check = %q, want FAIL naming invalid_auth", got["slack"])
		}
		for _, name := range []string{"configuration", "redis", "llm"} {
			if got[name][0] != "ok" {
				t.Errorf("check %s = %q, want ok", name, got[name])
			}
		}
		if calls := fake.Calls("auth.test"); len(calls) == 0 || calls[0].Token() != "xoxb-test" {
			t.Errorf("auth.test calls %d, want at least one with the bot token", len(calls))
		}
		if strings.Contains(r.stdout+r.stderr, "xoxb-test") {
			t.Errorf("output shows the bot token:\n%s%s", r.stdout, r.stderr)
		}
	})
	t.Run("Slack token set with another problem", func(t *testing.T) {
		fake := bottest.NewSlack(t)
		env := slackEnv(fake)
		delete(env, "SLACK_SIGNING_SECRET")
		r := kbbot(t, env, "check")
		got := checkLines(t, r.stdout)
		if got["configuration"][0] != "FAIL" || !strings.Contains(got["configuration"][1], "SLACK_SIGNING_SECRET") {
			t.Errorf("configuration check = %q, want FAIL naming SLACK_SIGNING_SECRET", got["configuration"])
		}
		if strings.Contains(got["slack"][1], "not set") || len(fake.Calls("auth.test")) != 1 {
			t.Errorf("slack check = %q after %d auth.test calls; want the token checked with auth.test", got["slack"], len(fake.Calls("auth.test")))
		}
	})
	t.Run("Slack auth.test passes", func(t *testing.T) {
		fake := bottest.NewSlack(t)
		r := kbbot(t, slackEnv(fake), "check")
		if r.code != 0 {
			t.Errorf("exit status %d, want 0; stdout:\n%s", r.code, r.stdout)
		}
		if got := checkLines(t, r.stdout)["slack"]; got[0] != "ok" || !strings.Contains(got[1], bottest.BotUserID) {
			t.Errorf("slack check = %q, want ok naming the bot user %s", got, bottest.BotUserID)
		}
	})

	t.Run("LLM answers", func(t *testing.T) {
		fake := llmtest.New(t, "ok [1]")
		env := slackEnv(bottest.NewSlack(t))
		maps.Copy(env, map[string]string{"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": fake.BaseURL(), "OPENAI_MODEL": "test-model"})
		r := kbbot(t, env, "check")
		if r.code != 0 {
			t.Errorf("exit status %d, want 0; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		if got := checkLines(t, r.stdout)["llm"]; got[0] != "ok" || !strings.Contains(got[1], "test-model") {
			t.Errorf("llm check = %q, want ok naming the model", got)
		}
		if reqs := fake.Requests(); len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "Bearer sk-test" {
			t.Errorf("LLM requests %d, want one with the API key", len(reqs))
		}
	})
	t.Run("LLM refuses the key", func(t *testing.T) {
		fake := llmtest.New(t, "ok [1]")
		fake.SetDefault(llmtest.Reply{Status: http.StatusUnauthorized})
		r := kbbot(t, map[string]string{"OPENAI_API_KEY": "sk-wrong", "OPENAI_BASE_URL": fake.BaseURL()}, "check")
		if r.code != 1 {
			t.Errorf("exit status %d, want 1", r.code)
		}
		if got := checkLines(t, r.stdout)["llm"]; got[0] != "FAIL" || !strings.Contains(got[1], "401") {
			t.Errorf("llm check = %q, want FAIL with the status 401", got)
		}
		if strings.Contains(r.stdout+r.stderr, "sk-wrong") {
			t.Errorf("output shows the API key")
		}
	})

	t.Run("configuration problems", func(t *testing.T) {
		r := kbbot(t, map[string]string{"KBBOT_DIGEST_CHANNEL": "general"}, "check")
		if r.code != 1 {
			t.Errorf("exit status %d, want 1", r.code)
		}
		if got := checkLines(t, r.stdout)["configuration"]; got[0] != "FAIL" || !strings.Contains(got[1], "KBBOT_DIGEST_CHANNEL") {
			t.Errorf("configuration check = %q, want FAIL naming KBBOT_DIGEST_CHANNEL", got)
		}
	})
}
