package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"go.yaml.in/yaml/v3"

	"github.com/nhs-ai-cop/kbbot/bot"
)

// The files under deploy/ are what operators run; nothing else executes
// them before a real deployment does. These tests read them as the tools
// would (YAML, Dockerfile instructions) and check them against the code and
// .env.example, so a renamed variable, metric or endpoint cannot drift.

// repoFile is a path relative to the repository root (tests run in
// cmd/kbbot).
func repoFile(rel string) string { return filepath.Join("..", "..", filepath.FromSlash(rel)) }

// yamlDocs parses every document of a YAML file.
func yamlDocs(t *testing.T, rel string) []map[string]any {
	t.Helper()
	f, err := os.Open(repoFile(rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []map[string]any
	dec := yaml.NewDecoder(f)
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: document %d: %v", rel, len(docs)+1, err)
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
	if len(docs) == 0 {
		t.Fatalf("%s: no YAML documents", rel)
	}
	return docs
}

// yamlDoc parses a file holding one document.
func yamlDoc(t *testing.T, rel string) map[string]any {
	t.Helper()
	docs := yamlDocs(t, rel)
	if len(docs) != 1 {
		t.Fatalf("%s: %d documents, want 1", rel, len(docs))
	}
	return docs[0]
}

// dig follows keys through nested maps; nil when a key is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// strs reads a YAML list of scalars (or a single scalar) as strings.
func strs(v any) []string {
	switch x := v.(type) {
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case nil:
		return nil
	default:
		return []string{fmt.Sprint(x)}
	}
}

func keys(v any) []string {
	m, _ := v.(map[string]any)
	return sortedKeys(m)
}

// envExampleVars are the variables .env.example lists, in order.
func envExampleVars(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(repoFile(".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	re := regexp.MustCompile(`^([A-Z][A-Z0-9_]*)=`)
	var vars []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			vars = append(vars, m[1])
		}
	}
	if len(vars) == 0 {
		t.Fatal(".env.example lists no variables")
	}
	return vars
}

func TestDeployYAMLParses(t *testing.T) {
	n := 0
	err := filepath.WalkDir(repoFile("deploy"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(path); d.IsDir() || ext != ".yaml" && ext != ".yml" {
			return nil
		}
		rel, _ := filepath.Rel(repoFile(""), path)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) { yamlDocs(t, filepath.ToSlash(rel)) })
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 8 {
		t.Errorf("found %d YAML files under deploy/, want the compose file, the k8s manifests, the Slack manifest and the alerts", n)
	}
}

func TestDeployCompose(t *testing.T) {
	c := yamlDoc(t, "deploy/compose.yaml")
	if diff := cmp.Diff([]string{"kbbot", "redis"}, keys(c["services"])); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
	redisSvc := dig(c, "services", "redis")
	cmd := strs(dig(redisSvc, "command"))
	if len(cmd) == 1 {
		cmd = strings.Fields(cmd[0])
	}
	for _, flag := range [][2]string{{"--appendonly", "yes"}, {"--appendfsync", "everysec"}} {
		i := slices.Index(cmd, flag[0])
		if i < 0 || i+1 >= len(cmd) || cmd[i+1] != flag[1] {
			t.Errorf("redis command %q, want %s %s", cmd, flag[0], flag[1])
		}
	}
	named := false
	for _, v := range strs(dig(redisSvc, "volumes")) {
		src, dst, _ := strings.Cut(v, ":")
		if dst == "/data" && slices.Contains(keys(c["volumes"]), src) {
			named = true
		}
	}
	if !named {
		t.Errorf("redis volumes %q, top-level volumes %q: want a named volume mounted on /data", strs(dig(redisSvc, "volumes")), keys(c["volumes"]))
	}

	kb := dig(c, "services", "kbbot")
	var envFiles []string
	switch ef := dig(kb, "env_file").(type) {
	case []any:
		for _, e := range ef {
			if m, ok := e.(map[string]any); ok {
				envFiles = append(envFiles, fmt.Sprint(m["path"]))
			} else {
				envFiles = append(envFiles, fmt.Sprint(e))
			}
		}
	default:
		envFiles = strs(ef)
	}
	if !slices.Contains(envFiles, "../.env") {
		t.Errorf("kbbot env_file = %q, want ../.env (the .env at the repository root)", envFiles)
	}
	env := composeEnv(t, kb)
	u, err := url.Parse(env["REDIS_URL"])
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Hostname() != "redis" {
		t.Errorf("kbbot REDIS_URL = %q, want a redis:// URL of the redis service", env["REDIS_URL"])
	}
	if _, err := parseRedisURL(env["REDIS_URL"]); err != nil {
		t.Errorf("kbbot REDIS_URL = %q: kbbot refuses it: %v", env["REDIS_URL"], err)
	}
	if deps := dig(kb, "depends_on"); !slices.Contains(strs(deps), "redis") && dig(deps, "redis") == nil {
		t.Errorf("kbbot depends_on = %v, want redis", deps)
	}
}

// composeEnv reads a compose service's environment, map or list form.
func composeEnv(t *testing.T, svc any) map[string]string {
	t.Helper()
	env := map[string]string{}
	switch e := dig(svc, "environment").(type) {
	case map[string]any:
		for k, v := range e {
			env[k] = fmt.Sprint(v)
		}
	case []any:
		for _, kv := range strs(e) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	case nil:
	default:
		t.Fatalf("environment is a %T", e)
	}
	return env
}

// dockerfile is a Dockerfile's instructions, continuation lines joined,
// comments dropped: each is {INSTRUCTION, arguments}.
func dockerfile(t *testing.T) [][2]string {
	t.Helper()
	b, err := os.ReadFile(repoFile("deploy/Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	var cur strings.Builder
	for line := range strings.SplitSeq(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || trimmed == "" && cur.Len() == 0 {
			continue
		}
		if s, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(s + " ")
			continue
		}
		cur.WriteString(trimmed)
		instr, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		out = append(out, [2]string{strings.ToUpper(instr), strings.TrimSpace(args)})
		cur.Reset()
	}
	return out
}

// dockerfileEnv is the names set by ENV instructions (both forms).
func dockerfileEnv(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, in := range dockerfile(t) {
		if in[0] != "ENV" {
			continue
		}
		if f := strings.Fields(in[1]); len(f) > 0 && !strings.Contains(f[0], "=") {
			names = append(names, f[0]) // ENV NAME value
			continue
		}
		for _, kv := range strings.Fields(in[1]) {
			if k, _, ok := strings.Cut(kv, "="); ok {
				names = append(names, k)
			}
		}
	}
	return names
}

func TestDeployDockerfile(t *testing.T) {
	// -X only sets package-level string variables: these must stay such.
	_ = []*string{&version, &commit}

	ins := dockerfile(t)
	last := -1
	for i, in := range ins {
		if in[0] == "FROM" {
			last = i
		}
	}
	if last < 0 {
		t.Fatal("Dockerfile has no FROM")
	}
	build := false
	for _, in := range ins[:last] {
		if in[0] != "RUN" || !strings.Contains(in[1], "go build") {
			continue
		}
		if slices.Contains(strings.Fields(in[1]), "./cmd/kbbot") {
			build = true
		}
		if !strings.Contains(in[1], "-X main.version=") {
			t.Errorf("go build %q does not set -X main.version", in[1])
		}
	}
	if !build {
		t.Errorf("no RUN go build … ./cmd/kbbot in the build stage")
	}
	final := ins[last:]
	var user, health string
	for _, in := range final {
		switch in[0] {
		case "USER":
			user = in[1]
		case "HEALTHCHECK":
			health = in[1]
		}
	}
	if u, _, _ := strings.Cut(user, ":"); u != "nonroot" && u != "65532" {
		t.Errorf("final stage USER = %q, want nonroot", user)
	}
	if !strings.Contains(health, "CMD") || strings.Contains(health, "NONE") {
		t.Errorf("final stage HEALTHCHECK = %q, want one that runs a command", health)
	}
	if strings.Contains(health, "healthcheck") {
		// The image has no shell or curl: the healthcheck is a kbbot
		// command, which must exist.
		inTempDir(t)
		r := kbbot(t, map[string]string{"KBBOT_ADDR": "127.0.0.1:1"}, "healthcheck")
		if strings.Contains(r.stderr, "unknown command") {
			t.Errorf("HEALTHCHECK runs kbbot healthcheck, which kbbot does not know: %s", r.stderr)
		}
	}
}

func TestDeployEnvironmentNames(t *testing.T) {
	vars := envExampleVars(t)
	configMap := keys(yamlDoc(t, "deploy/k8s/configmap.yaml")["data"])
	secretDoc := yamlDoc(t, "deploy/k8s/secret.example.yaml")
	secret := append(keys(secretDoc["stringData"]), keys(secretDoc["data"])...)
	compose := yamlDoc(t, "deploy/compose.yaml")
	composeNames := sortedKeys(composeEnv(t, dig(compose, "services", "kbbot")))
	raw, err := os.ReadFile(repoFile("deploy/compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`).FindAllStringSubmatch(string(raw), -1) {
		composeNames = append(composeNames, m[1]) // ${VAR} interpolation
	}

	for _, src := range []struct {
		name  string
		names []string
	}{
		{"deploy/compose.yaml", composeNames},
		{"deploy/k8s/configmap.yaml", configMap},
		{"deploy/k8s/secret.example.yaml", secret},
		{"deploy/Dockerfile ENV", dockerfileEnv(t)},
	} {
		if len(src.names) == 0 {
			t.Errorf("%s: no variables found", src.name)
		}
		for _, n := range src.names {
			if !slices.Contains(vars, n) {
				t.Errorf("%s uses %s, which .env.example does not list", src.name, n)
			}
		}
	}
	for _, n := range configMap {
		if slices.Contains(secret, n) {
			t.Errorf("%s is in both the ConfigMap and the Secret", n)
		}
	}
	for _, secretName := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "OPENAI_API_KEY", "REDIS_URL"} {
		if slices.Contains(configMap, secretName) {
			t.Errorf("%s is in the ConfigMap: credentials belong in the Secret", secretName)
		}
	}

	// slackAPIURLBug: see the subtest.
	const slackAPIURLBug = "SLACK_API_URL"
	for _, n := range vars {
		if n != slackAPIURLBug && !slices.Contains(configMap, n) && !slices.Contains(secret, n) {
			t.Errorf(".env.example lists %s, which neither the ConfigMap nor the Secret sets", n)
		}
	}
	t.Run(slackAPIURLBug, func(t *testing.T) {
		if !slices.Contains(configMap, slackAPIURLBug) && !slices.Contains(secret, slackAPIURLBug) {
			t.Errorf(".env.example lists %s, which neither the ConfigMap nor the Secret sets", slackAPIURLBug)
		}
	})
}

// k8sDoc returns the document of the given kind in a manifest.
func k8sDoc(t *testing.T, rel, kind string) map[string]any {
	t.Helper()
	for _, d := range yamlDocs(t, rel) {
		if d["kind"] == kind {
			return d
		}
	}
	t.Fatalf("%s: no %s", rel, kind)
	return nil
}

func TestDeployKubernetes(t *testing.T) {
	dep := k8sDoc(t, "deploy/k8s/deployment.yaml", "Deployment")
	if n, ok := dig(dep, "spec", "replicas").(int); !ok || n < 2 {
		t.Errorf("Deployment replicas = %v, want 2 or more", dig(dep, "spec", "replicas"))
	}
	selector, _ := dig(dep, "spec", "selector", "matchLabels").(map[string]any)
	if len(selector) == 0 {
		t.Fatalf("Deployment has no selector.matchLabels")
	}
	podLabels, _ := dig(dep, "spec", "template", "metadata", "labels").(map[string]any)
	for k, v := range selector {
		if podLabels[k] != v {
			t.Errorf("pod template label %s = %v, want %v (the Deployment's selector)", k, podLabels[k], v)
		}
	}
	containers, _ := dig(dep, "spec", "template", "spec", "containers").([]any)
	var kb map[string]any
	for _, c := range containers {
		if m, ok := c.(map[string]any); ok && m["name"] == "kbbot" {
			kb = m
		}
	}
	if kb == nil {
		t.Fatalf("Deployment has no container named kbbot")
	}
	if got := dig(kb, "livenessProbe", "httpGet", "path"); got != "/healthz" {
		t.Errorf("livenessProbe path = %v, want /healthz", got)
	}
	if got := dig(kb, "readinessProbe", "httpGet", "path"); got != "/readyz" {
		t.Errorf("readinessProbe path = %v, want /readyz", got)
	}
	for _, r := range []string{"cpu", "memory"} {
		if dig(kb, "resources", "requests", r) == nil {
			t.Errorf("container requests no %s", r)
		}
	}
	if dig(dep, "spec", "template", "spec", "securityContext", "runAsNonRoot") != true && dig(kb, "securityContext", "runAsNonRoot") != true {
		t.Errorf("neither the pod nor the container sets runAsNonRoot: true")
	}
	if args := strs(kb["args"]); !slices.Contains(args, "serve") && !slices.Contains(strs(kb["command"]), "serve") {
		t.Errorf("container args %q, want serve", args)
	}
	var refs []string
	for _, e := range kb["envFrom"].([]any) {
		for _, kind := range []string{"configMapRef", "secretRef"} {
			if n := dig(e, kind, "name"); n != nil {
				refs = append(refs, kind+"/"+fmt.Sprint(n))
			}
		}
	}
	want := []string{
		"configMapRef/" + fmt.Sprint(dig(k8sDoc(t, "deploy/k8s/configmap.yaml", "ConfigMap"), "metadata", "name")),
		"secretRef/" + fmt.Sprint(dig(k8sDoc(t, "deploy/k8s/secret.example.yaml", "Secret"), "metadata", "name")),
	}
	if diff := cmp.Diff(want, refs); diff != "" {
		t.Errorf("envFrom (-want +got: the ConfigMap's and Secret's names):\n%s", diff)
	}

	pdb := k8sDoc(t, "deploy/k8s/pdb.yaml", "PodDisruptionBudget")
	if diff := cmp.Diff(selector, dig(pdb, "spec", "selector", "matchLabels")); diff != "" {
		t.Errorf("PodDisruptionBudget selector (-Deployment's +PDB's):\n%s", diff)
	}
	svc := k8sDoc(t, "deploy/k8s/service.yaml", "Service")
	if diff := cmp.Diff(selector, dig(svc, "spec", "selector")); diff != "" {
		t.Errorf("Service selector (-Deployment's +Service's):\n%s", diff)
	}

	kust := k8sDoc(t, "deploy/k8s/kustomization.yaml", "Kustomization")
	res := strs(kust["resources"])
	if len(res) == 0 {
		t.Errorf("Kustomization lists no resources")
	}
	for _, r := range res {
		if _, err := os.Stat(repoFile("deploy/k8s/" + r)); err != nil {
			t.Errorf("Kustomization lists %s: %v", r, err)
		}
	}
	for _, r := range []string{"deployment.yaml", "configmap.yaml", "pdb.yaml", "service.yaml"} {
		if !slices.Contains(res, r) {
			t.Errorf("Kustomization resources %q lack %s", res, r)
		}
	}
}

func TestDeploySlackManifest(t *testing.T) {
	m := yamlDoc(t, "deploy/slack/manifest.yml")
	var commands []string
	for _, c := range dig(m, "features", "slash_commands").([]any) {
		commands = append(commands, fmt.Sprint(dig(c, "command")))
	}
	if !slices.Contains(commands, "/kb") {
		t.Errorf("slash commands %q, want /kb", commands)
	}
	shortcut := false
	for _, s := range dig(m, "features", "shortcuts").([]any) {
		if dig(s, "callback_id") == "save_as_lesson" && dig(s, "type") == "message" {
			shortcut = true
		}
	}
	if !shortcut {
		t.Errorf("no message shortcut with callback_id save_as_lesson")
	}
	events := strs(dig(m, "settings", "event_subscriptions", "bot_events"))
	for _, e := range []string{"app_mention", "message.im", "app_home_opened", "reaction_added"} {
		if !slices.Contains(events, e) {
			t.Errorf("bot events %q lack %s", events, e)
		}
	}
	scopes := strs(dig(m, "oauth_config", "scopes", "bot"))
	slices.Sort(scopes)
	want := []string{"app_mentions:read", "channels:history", "chat:write", "commands", "groups:history", "im:history", "reactions:read"}
	if diff := cmp.Diff(want, scopes); diff != "" {
		t.Errorf("bot scopes (-want +got):\n%s", diff)
	}
	if dig(m, "settings", "interactivity", "is_enabled") != true {
		t.Errorf("interactivity is not enabled: buttons and modals would not work")
	}
}

// recordingRegisterer registers on a real registry and notes the name of
// every metric registered.
type recordingRegisterer struct {
	*prometheus.Registry
	names map[string]bool
}

var fqNameRE = regexp.MustCompile(`fqName: "([^"]+)"`)

func (r *recordingRegisterer) Register(c prometheus.Collector) error {
	ch := make(chan *prometheus.Desc, 16)
	go func() { c.Describe(ch); close(ch) }()
	for d := range ch {
		if m := fqNameRE.FindStringSubmatch(d.String()); m != nil {
			r.names[m[1]] = true
		}
	}
	return r.Registry.Register(c)
}

func (r *recordingRegisterer) MustRegister(cs ...prometheus.Collector) {
	for _, c := range cs {
		if err := r.Register(c); err != nil {
			panic(err)
		}
	}
}

func TestDeployAlertsUseRegisteredMetrics(t *testing.T) {
	// The metrics serve registers: the bot's and the LLM client's.
	reg := &recordingRegisterer{Registry: prometheus.NewRegistry(), names: map[string]bool{}}
	bot.NewMetrics(reg)
	lg := slog.New(slog.DiscardHandler)
	if _, err := newSummarizer(lg, config{OpenAIKey: "sk-test", OpenAIModel: defaultModel, OpenAIAPIType: "openai", LLMContext: "full"}, reg); err != nil {
		t.Fatal(err)
	}
	if !reg.names["kbbot_answers_total"] || !reg.names["kbbot_llm_calls_total"] {
		t.Fatalf("registered names %v: the recorder missed kbbot's metrics", sortedKeys(reg.names))
	}

	doc := yamlDoc(t, "deploy/prometheus/alerts.yml")
	groups, _ := doc["groups"].([]any)
	if len(groups) == 0 {
		t.Fatal("alerts.yml has no groups")
	}
	metricRE := regexp.MustCompile(`\bkbbot_[a-z0-9_]+`)
	used := 0
	for _, g := range groups {
		rules, _ := dig(g, "rules").([]any)
		if len(rules) == 0 {
			t.Errorf("group %v has no rules", dig(g, "name"))
		}
		for _, r := range rules {
			name, expr := dig(r, "alert"), fmt.Sprint(dig(r, "expr"))
			if name == nil || strings.TrimSpace(expr) == "" || expr == "<nil>" {
				t.Errorf("rule %v: want an alert name and an expr", r)
				continue
			}
			if dig(r, "labels", "severity") == nil || dig(r, "annotations", "summary") == nil {
				t.Errorf("alert %v: want a severity label and a summary", name)
			}
			for _, m := range metricRE.FindAllString(expr, -1) {
				used++
				base := m
				for _, suffix := range []string{"_bucket", "_sum", "_count"} {
					if b, ok := strings.CutSuffix(m, suffix); ok && reg.names[b] {
						base = b
					}
				}
				if !reg.names[base] {
					t.Errorf("alert %v uses %s, which kbbot does not register (it registers %s)", name, m, strings.Join(sortedKeys(reg.names), ", "))
				}
			}
		}
	}
	if used == 0 {
		t.Errorf("no alert uses a kbbot_ metric")
	}
}
