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
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/joho/godotenv"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"github.com/prometheus/client_golang/prometheus"
	"go.yaml.in/yaml/v3"

	"github.com/nhs-ai-cop/kbbot/bot"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
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
	configMap := sortedKeys(configEnv(t))
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
		{"deploy/k8s/config.env", configMap},
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
	// The privacy migration runs before serving, once per screen version:
	// the liveness probe must not kill a replica in the middle of it.
	period, _ := dig(kb, "startupProbe", "periodSeconds").(int)
	failures, _ := dig(kb, "startupProbe", "failureThreshold").(int)
	if dig(kb, "startupProbe", "httpGet", "path") != "/healthz" || period*failures < 300 {
		t.Errorf("startupProbe = %v, want /healthz allowing at least 5 minutes", dig(kb, "startupProbe"))
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
	// The ConfigMap comes from kustomize's generator, whose hashed name
	// kustomize writes into this reference; the Secret is read key by key.
	if diff := cmp.Diff([]string{"configMapRef/kbbot-config"}, refs); diff != "" {
		t.Errorf("envFrom (-want +got):\n%s", diff)
	}
	secretName := fmt.Sprint(dig(k8sDoc(t, "deploy/k8s/secret.example.yaml", "Secret"), "metadata", "name"))
	refsByKey := secretKeyRefs(t, kb, secretName)
	secretKeys := keys(dig(k8sDoc(t, "deploy/k8s/secret.example.yaml", "Secret"), "stringData"))
	if diff := cmp.Diff(secretKeys, sortedKeys(refsByKey)); diff != "" {
		t.Errorf("Secret keys the Deployment reads (-Secret's keys +Deployment's refs):\n%s", diff)
	}
	// Required keys must make the pod fail to start when missing: above
	// all REDIS_URL, or each replica runs its own in-memory store.
	for _, k := range []string{"REDIS_URL", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"} {
		if opt, ok := refsByKey[k]; !ok || opt {
			t.Errorf("secretKeyRef %s: optional %v (present %v), want optional: false", k, opt, ok)
		}
	}
	if dig(dep, "spec", "template", "spec", "automountServiceAccountToken") != false {
		t.Errorf("pod automountServiceAccountToken = %v, want false: kbbot never calls the Kubernetes API", dig(dep, "spec", "template", "spec", "automountServiceAccountToken"))
	}
	for k, want := range map[string]any{"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true} {
		if got := dig(kb, "securityContext", k); got != want {
			t.Errorf("container securityContext.%s = %v, want %v", k, got, want)
		}
	}
	if got := strs(dig(kb, "securityContext", "capabilities", "drop")); !slices.Contains(got, "ALL") {
		t.Errorf("container capabilities drop %q, want ALL", got)
	}

	pdb := k8sDoc(t, "deploy/k8s/pdb.yaml", "PodDisruptionBudget")
	if diff := cmp.Diff(selector, dig(pdb, "spec", "selector", "matchLabels")); diff != "" {
		t.Errorf("PodDisruptionBudget selector (-Deployment's +PDB's):\n%s", diff)
	}
	svc := k8sDoc(t, "deploy/k8s/service.yaml", "Service")
	if diff := cmp.Diff(selector, dig(svc, "spec", "selector")); diff != "" {
		t.Errorf("Service selector (-Deployment's +Service's):\n%s", diff)
	}

	np := k8sDoc(t, "deploy/k8s/networkpolicy.yaml", "NetworkPolicy")
	if diff := cmp.Diff(selector, dig(np, "spec", "podSelector", "matchLabels")); diff != "" {
		t.Errorf("NetworkPolicy podSelector (-Deployment's +policy's):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Ingress", "Egress"}, strs(dig(np, "spec", "policyTypes"))); diff != "" {
		t.Errorf("NetworkPolicy policyTypes (-want +got):\n%s", diff)
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
	for _, r := range []string{"deployment.yaml", "pdb.yaml", "service.yaml", "networkpolicy.yaml"} {
		if !slices.Contains(res, r) {
			t.Errorf("Kustomization resources %q lack %s", res, r)
		}
	}
	// A ConfigMap listed as a resource keeps its name when edited, so the
	// pods never pick the change up; the generator hashes its content
	// into the name.
	for _, r := range res {
		for _, d := range yamlDocs(t, "deploy/k8s/"+r) {
			if d["kind"] == "ConfigMap" {
				t.Errorf("%s is a static ConfigMap: use the configMapGenerator so changes roll the pods", r)
			}
		}
	}
	gens, _ := kust["configMapGenerator"].([]any)
	if len(gens) != 1 || dig(gens[0], "name") != "kbbot-config" || !slices.Equal(strs(dig(gens[0], "envs")), []string{"config.env"}) {
		t.Errorf("configMapGenerator = %v, want one generator kbbot-config from config.env", gens)
	}
	if dig(kust, "generatorOptions", "disableNameSuffixHash") == true {
		t.Errorf("generatorOptions.disableNameSuffixHash is set: config changes would not roll the pods")
	}
}

// configEnv reads deploy/k8s/config.env as kustomize's env generator does:
// NAME=value lines, comments and blank lines skipped, values literal.
func configEnv(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(repoFile("deploy/k8s/config.env"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Errorf("config.env:%d: want NAME=value", i+1)
			continue
		}
		if strings.HasPrefix(v, `"`) || strings.HasPrefix(v, "'") {
			t.Errorf("config.env:%d: %s is quoted: kustomize keeps quotes as part of the value", i+1, k)
		}
		out[k] = v
	}
	if len(out) == 0 {
		t.Fatal("config.env sets nothing")
	}
	return out
}

// secretKeyRefs is every env entry of a container read from the named
// Secret: key → whether it is optional.
func secretKeyRefs(t *testing.T, container map[string]any, secret string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	env, _ := container["env"].([]any)
	for _, e := range env {
		ref := dig(e, "valueFrom", "secretKeyRef")
		if ref == nil {
			continue
		}
		if dig(ref, "name") != secret {
			t.Errorf("env %v reads Secret %v, want %s", dig(e, "name"), dig(ref, "name"), secret)
		}
		if dig(e, "name") != dig(ref, "key") {
			t.Errorf("env %v reads key %v: want the same name", dig(e, "name"), dig(ref, "key"))
		}
		opt, _ := dig(ref, "optional").(bool)
		out[fmt.Sprint(dig(ref, "key"))] = opt
	}
	return out
}

// TestDeployHTTPMode: the HTTP-mode overlay builds on the base, exposes only
// /slack/ to the internet, and requires the signing secret instead of the
// app-level token.
func TestDeployHTTPMode(t *testing.T) {
	kust := k8sDoc(t, "deploy/k8s-http/kustomization.yaml", "Kustomization")
	if res := strs(kust["resources"]); !slices.Contains(res, "../k8s") || !slices.Contains(res, "ingress.yaml") {
		t.Errorf("overlay resources %q, want ../k8s and ingress.yaml", res)
	}
	if kust["namespace"] != "kbbot" {
		t.Errorf("overlay namespace = %v, want kbbot (the Ingress lands in the default namespace otherwise)", kust["namespace"])
	}
	ing := k8sDoc(t, "deploy/k8s-http/ingress.yaml", "Ingress")
	svc := k8sDoc(t, "deploy/k8s/service.yaml", "Service")
	rules, _ := dig(ing, "spec", "rules").([]any)
	if len(rules) == 0 || dig(ing, "spec", "tls") == nil {
		t.Fatalf("Ingress has no rules or no tls: Slack only calls HTTPS URLs")
	}
	// Slack's endpoints and the web catalogue's pages, and never
	// /metrics, /healthz or /readyz.
	want := map[string]string{"/slack/": "Prefix", "/": "Exact", "/entries/": "Prefix", "/insights": "Exact", "/auth/": "Prefix", "/static/": "Prefix"}
	got := map[string]string{}
	for _, r := range rules {
		paths, _ := dig(r, "http", "paths").([]any)
		for _, p := range paths {
			got[fmt.Sprint(dig(p, "path"))] = fmt.Sprint(dig(p, "pathType"))
			if dig(p, "backend", "service", "name") != dig(svc, "metadata", "name") {
				t.Errorf("Ingress backend %v, want the kbbot Service", dig(p, "backend", "service", "name"))
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Ingress paths (-want +got), never /metrics, /healthz or /readyz:\n%s", diff)
	}
	patch := k8sDoc(t, "deploy/k8s-http/deployment-patch.yaml", "Deployment")
	containers, _ := dig(patch, "spec", "template", "spec", "containers").([]any)
	if len(containers) != 1 {
		t.Fatalf("patch containers = %v", containers)
	}
	var deleted []string
	required := map[string]bool{}
	for _, e := range dig(containers[0], "env").([]any) {
		if dig(e, "$patch") == "delete" {
			deleted = append(deleted, fmt.Sprint(dig(e, "name")))
		}
		if opt, ok := dig(e, "valueFrom", "secretKeyRef", "optional").(bool); ok && !opt {
			required[fmt.Sprint(dig(e, "name"))] = true
		}
	}
	if !slices.Contains(deleted, "SLACK_APP_TOKEN") || !required["SLACK_SIGNING_SECRET"] {
		t.Errorf("patch deletes %q and requires %v; want SLACK_APP_TOKEN gone and SLACK_SIGNING_SECRET required", deleted, required)
	}
}

// TestDeployDockerignore reads .dockerignore with Docker's own matcher: the
// build context holds every file `go build ./cmd/kbbot` needs and never
// .git, a .env or build output (COPY . . sent them all).
func TestDeployDockerignore(t *testing.T) {
	f, err := os.Open(repoFile(".dockerignore"))
	if err != nil {
		t.Fatalf(".dockerignore: %v (COPY . . would send .git and .env to the builder)", err)
	}
	patterns, err := ignorefile.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	excluded := func(path string) bool {
		ex, err := pm.MatchesOrParentMatches(path)
		if err != nil {
			t.Fatal(err)
		}
		return ex
	}
	for _, p := range []string{".env", ".env.local", "cmd/kbbot/.env", ".git/HEAD", ".git/config", "bin/kbbot", "kbbot",
		"cover.out", "kbbot-2026-11-27.jsonl", "deploy/k8s/secret.yaml", "cmd/kbbot/main_test.go"} {
		if !excluded(p) {
			t.Errorf("%s is in the build context", p)
		}
	}
	// What the build needs: go.mod, go.sum, and every source and embedded
	// file of the packages ./cmd/kbbot imports from this module.
	need := []string{"go.mod", "go.sum"}
	out, err := exec.CommandContext(t.Context(), "go", "list", "-deps", "-f",
		`{{if .Module}}{{if .Module.Main}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{end}}{{end}}`,
		"./").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	root, err := filepath.Abs(repoFile(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, abs := range strings.Fields(string(out)) {
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			t.Fatal(err)
		}
		need = append(need, filepath.ToSlash(rel))
	}
	if len(need) < 20 || !slices.Contains(need, "knowledge/seed/seed.jsonl") {
		t.Fatalf("go list found %d files, want the module's sources and embedded files", len(need))
	}
	for _, p := range need {
		if excluded(p) {
			t.Errorf("%s is needed by go build but left out of the build context", p)
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
	want := []string{"app_mentions:read", "channels:history", "chat:write", "commands", "groups:history", "im:history", "reactions:read", "reactions:write"}
	if diff := cmp.Diff(want, scopes); diff != "" {
		t.Errorf("bot scopes (-want +got):\n%s", diff)
	}
	// Sign in with Slack (the web catalogue): the openid and profile user
	// scopes, and a redirect URL ending in /auth/callback.
	user := strs(dig(m, "oauth_config", "scopes", "user"))
	slices.Sort(user)
	if diff := cmp.Diff([]string{"openid", "profile"}, user); diff != "" {
		t.Errorf("user scopes (-want +got):\n%s", diff)
	}
	redirects := strs(dig(m, "oauth_config", "redirect_urls"))
	if len(redirects) != 1 || !strings.HasPrefix(redirects[0], "https://") || !strings.HasSuffix(redirects[0], "/auth/callback") {
		t.Errorf("redirect_urls %q, want one https://HOST/auth/callback", redirects)
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
	// The metrics serve registers: the bot's, the work queue's and the LLM
	// client's.
	reg := &recordingRegisterer{Registry: prometheus.NewRegistry(), names: map[string]bool{}}
	bot.NewMetrics(reg)
	redisstore.NewQueueMetrics(reg, redisstore.New(nil, "kb"))
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

// TestDeployAlertsRunbook: every alert links to its own section of the
// README's runbook; a ratio divides one metric by itself (by label), never
// two unrelated counters; and the alerts an operator needs exist.
func TestDeployAlertsRunbook(t *testing.T) {
	anchors := readmeAnchors(t)
	doc := yamlDoc(t, "deploy/prometheus/alerts.yml")
	metricRE := regexp.MustCompile(`\bkbbot_[a-z0-9_]+`)
	var names []string
	for _, g := range doc["groups"].([]any) {
		rules, _ := dig(g, "rules").([]any)
		for _, r := range rules {
			name := fmt.Sprint(dig(r, "alert"))
			names = append(names, name)
			link := fmt.Sprint(dig(r, "annotations", "runbook_url"))
			_, frag, ok := strings.Cut(link, "/README.md#")
			if !ok || !strings.HasPrefix(link, "https://") {
				t.Errorf("alert %s runbook_url = %q, want https://…/README.md#section", name, link)
			} else if frag != strings.ToLower(name) || !anchors[frag] {
				t.Errorf("alert %s links to #%s: want #%s, a heading of README.md", name, frag, strings.ToLower(name))
			}
			expr := fmt.Sprint(dig(r, "expr"))
			if strings.Contains(expr, "/") {
				bases := map[string]bool{}
				for _, m := range metricRE.FindAllString(expr, -1) {
					for _, suffix := range []string{"_bucket", "_sum", "_count"} {
						m = strings.TrimSuffix(m, suffix)
					}
					bases[m] = true
				}
				if len(bases) > 1 {
					t.Errorf("alert %s divides %v: unrelated counters", name, sortedKeys(bases))
				}
			}
		}
	}
	for _, want := range []string{"KbbotAbsent", "KbbotAckSlow", "KbbotWorkDropped", "KbbotRedisUnreachable", "KbbotSlackErrors",
		"KbbotQueueBacklog", "KbbotJobsReclaimed", "KbbotJobsDeadLettered", "KbbotDataLoss", "KbbotQueueUnavailable"} {
		if !slices.Contains(names, want) {
			t.Errorf("alerts %q lack %s", names, want)
		}
	}
}

// readmeAnchors are the GitHub anchors of README.md's headings.
func readmeAnchors(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(repoFile("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(l, "#")))
		var slug strings.Builder
		for _, r := range h {
			switch {
			case r == ' ' || r == '-':
				slug.WriteRune('-')
			case r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				slug.WriteRune(r)
			}
		}
		out[slug.String()] = true
	}
	return out
}

// TestEnvExample: .env.example lists every variable kbbot reads, and its
// Slack lines say what the README says: Socket Mode is the default (an
// empty SLACK_APP_TOKEN started compose in HTTP mode, which crash-looped
// without a signing secret).
func TestEnvExample(t *testing.T) {
	vars := envExampleVars(t)
	var read []string
	if _, err := loadConfig(func(name string) (string, bool) {
		read = append(read, name)
		return "", false
	}); err != nil {
		t.Fatal(err)
	}
	for _, n := range read {
		if n != "KUBERNETES_SERVICE_HOST" && !slices.Contains(vars, n) {
			t.Errorf("kbbot reads %s, which .env.example does not list", n)
		}
	}
	example, err := godotenv.Read(repoFile(".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(repoFile("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "Socket Mode") || !strings.HasPrefix(example["SLACK_APP_TOKEN"], "xapp-") {
		t.Errorf("SLACK_APP_TOKEN=%q in .env.example: want the xapp- placeholder of Socket Mode, the README's default", example["SLACK_APP_TOKEN"])
	}
	// Copied unfilled, .env.example must stop serve with a line naming the
	// token, not start it in the wrong mode.
	cfg := config{SlackBotToken: example["SLACK_BOT_TOKEN"], SlackAppToken: example["SLACK_APP_TOKEN"], Addr: ":3000"}
	var lines []string
	for _, p := range cfg.problems(true) {
		if strings.Contains(p, "placeholder") {
			lines = append(lines, p)
		}
	}
	if len(lines) != 2 {
		t.Errorf("problems of an unfilled .env.example = %q, want both tokens named as placeholders", cfg.problems(true))
	}
}
