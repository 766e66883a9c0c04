package main

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// Hybrid search from the command line and serve: OPENAI_EMBEDDING_MODEL
// on the fake embeddings server, a real redis-server.

const (
	// hybridQuestion shares no word with hybridEntry but "the"; word
	// search reaches it only through the vocabulary, without confidence
	// (see handlers' TestHybridFindsMeaning).
	hybridQuestion = "the radiograph pile never budged"
	hybridEntry    = "pilot-fracture-ai-xray-backlog"
)

// hybridEnv is the environment for hybrid search on fake and redisURL
// ("" for the embedded store).
func hybridEnv(fake *llmtest.Server, redisURL string) map[string]string {
	env := map[string]string{
		"OPENAI_API_KEY":         "sk-test",
		"OPENAI_BASE_URL":        fake.BaseURL(),
		"OPENAI_EMBEDDING_MODEL": "embed-test",
	}
	if redisURL != "" {
		env["REDIS_URL"] = redisURL
	}
	return env
}

// askJSON runs kbbot ask --json and decodes its answer.
func askJSON(t *testing.T, env map[string]string, q string) (jsonAnswer, result) {
	t.Helper()
	r := kbbot(t, env, "ask", "--json", q)
	if r.code != 0 {
		t.Fatalf("kbbot ask exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	var ans jsonAnswer
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil {
		t.Fatalf("kbbot ask --json: %v\n%s", err, r.stdout)
	}
	return ans, r
}

// checkSlackEnv is what kbbot check needs of Slack to pass, on fake.
func checkSlackEnv(fake *bottest.Slack) map[string]string {
	return map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.APIURL()}
}

func firstID(ans jsonAnswer) string {
	if len(ans.Results) == 0 {
		return ""
	}
	return ans.Results[0].ID
}

// TestAskHybrid: `kbbot ask` finds by meaning what words miss; the first
// run embeds the knowledge base and keeps it in Redis, a second run (a new
// process) embeds the question alone; without OPENAI_EMBEDDING_MODEL
// nothing reaches /embeddings.
func TestAskHybrid(t *testing.T) {
	inTempDir(t)
	fake := llmtest.New(t, "unused")
	srv := redistest.Start(t)
	env := hybridEnv(fake, srv.URL())
	bank := len(search.OffTopicQuestions())

	ans, r := askJSON(t, env, hybridQuestion)
	if firstID(ans) != hybridEntry || ans.Confidence != "high" {
		t.Errorf("hybrid: first result %q (%s), want %s", firstID(ans), ans.Confidence, hybridEntry)
	}
	if !strings.Contains(r.stderr, "kbbot: embedded 95 entries and 542 off-topic questions with embed-test (kept in Redis for next time)") {
		t.Errorf("stderr does not say what was embedded:\n%s", r.stderr)
	}
	if got, want := fake.EmbeddedTexts(), 95+bank+1; got != want {
		t.Errorf("first ask embedded %d texts, want %d (entries, bank, question)", got, want)
	}
	if len(fake.Requests()) != 0 {
		t.Error("ask without --llm called the chat endpoint")
	}

	n := fake.EmbeddedTexts()
	again, r := askJSON(t, env, hybridQuestion)
	if got := fake.EmbeddedTexts() - n; got != 1 {
		t.Errorf("second ask embedded %d texts, want 1 (the question)", got)
	}
	if strings.Contains(r.stderr, "embedded") || firstID(again) != hybridEntry {
		t.Errorf("second ask: first result %q; stderr:\n%s", firstID(again), r.stderr)
	}

	// Off means off: the same endpoint and key, no embedding model.
	off := maps.Clone(env)
	delete(off, "OPENAI_EMBEDDING_MODEL")
	n = len(fake.EmbeddingRequests())
	words, _ := askJSON(t, off, hybridQuestion)
	if firstID(words) == hybridEntry && words.Confidence == "high" {
		t.Errorf("word search alone answered with %s, high: the test proves nothing", hybridEntry)
	}
	if r := kbbot(t, off, "ask", "--llm", xrayQuestion); r.code != 0 {
		t.Errorf("ask --llm exit %d: %s", r.code, r.stderr)
	}
	if got := len(fake.EmbeddingRequests()) - n; got != 0 {
		t.Errorf("%d embeddings requests without OPENAI_EMBEDDING_MODEL, want none", got)
	}
	if len(fake.Requests()) == 0 {
		t.Error("ask --llm never reached the fake: the off test proves nothing")
	}
}

// TestAskHybridEndpointDown: an embeddings endpoint that fails never stops
// an answer: kbbot ask answers by words alone and says why on stderr.
func TestAskHybridEndpointDown(t *testing.T) {
	inTempDir(t)
	fake := llmtest.New(t, "unused")
	fake.SetEmbeddingDefault(llmtest.EmbeddingReply{Status: http.StatusServiceUnavailable})
	ans, r := askJSON(t, hybridEnv(fake, redistest.Start(t).URL()), xrayQuestion)
	if ans.Confidence != "high" || len(ans.Results) == 0 {
		t.Errorf("answer %s with %d results, want word search's confident answer", ans.Confidence, len(ans.Results))
	}
	if !strings.Contains(r.stderr, "hybrid search is off for this question, answering by words alone") || !strings.Contains(r.stderr, "503") {
		t.Errorf("stderr does not say why:\n%s", r.stderr)
	}

	// The knowledge base embeds, but the question's request fails.
	fake.SetEmbeddingDefault(llmtest.EmbeddingReply{})
	fake.NextEmbedding(make([]llmtest.EmbeddingReply, 11)...) // entries and bank
	fake.NextEmbedding(llmtest.EmbeddingReply{Garbage: llmtest.GarbageMissing})
	if _, r := askJSON(t, hybridEnv(fake, ""), xrayQuestion); !strings.Contains(r.stderr, "answered by words alone: the question could not be embedded (garbage)") {
		t.Errorf("stderr does not name the question's fallback:\n%s", r.stderr)
	}
}

// TestHybridConfig: OPENAI_EMBEDDING_MODEL needs a key or a keyless
// endpoint; check reaches the embeddings endpoint when it is set, and says
// hybrid search is off when not.
func TestHybridConfig(t *testing.T) {
	inTempDir(t)
	r := kbbot(t, map[string]string{"OPENAI_EMBEDDING_MODEL": "text-embedding-3-small"}, "ask", "q")
	if r.code != 2 || !strings.Contains(r.stderr, "OPENAI_EMBEDDING_MODEL needs OPENAI_API_KEY") {
		t.Errorf("model without key: exit %d, stderr %q", r.code, r.stderr)
	}
	r = kbbot(t, map[string]string{"OPENAI_EMBEDDING_MODEL": "m", "OPENAI_API_TYPE": "azure", "OPENAI_BASE_URL": "https://x.openai.azure.com"}, "ask", "q")
	if r.code != 2 || !strings.Contains(r.stderr, "Azure OpenAI needs OPENAI_API_KEY") {
		t.Errorf("azure without key: exit %d, stderr %q", r.code, r.stderr)
	}

	fake := llmtest.New(t, "ok [1]")
	keyless := map[string]string{"OPENAI_BASE_URL": fake.BaseURL(), "OPENAI_EMBEDDING_MODEL": "nomic-embed-text"}
	maps.Copy(keyless, checkSlackEnv(bottest.NewSlack(t)))
	r = kbbot(t, keyless, "check")
	if got := checkLines(t, r.stdout)["embeddings"]; got[0] != "ok" || !strings.Contains(got[1], "nomic-embed-text") || !strings.Contains(got[1], "dimensions") {
		t.Errorf("embeddings check = %q; stdout:\n%s", got, r.stdout)
	}
	if got := checkLines(t, r.stdout)["llm"]; got[0] != "ok" || !strings.Contains(got[1], "off") {
		t.Errorf("llm check = %q, want off (no key: embeddings without summaries)", got)
	}
	if reqs := fake.EmbeddingRequests(); len(reqs) != 1 || reqs[0].Model != "nomic-embed-text" {
		t.Errorf("check sent %d embeddings requests, want one", len(reqs))
	}

	fake.SetEmbeddingDefault(llmtest.EmbeddingReply{Status: http.StatusNotFound})
	r = kbbot(t, keyless, "check")
	if got := checkLines(t, r.stdout)["embeddings"]; r.code != 1 || got[0] != "FAIL" || !strings.Contains(got[1], "404") {
		t.Errorf("embeddings check against a 404 = %q (exit %d)", got, r.code)
	}
	off := checkSlackEnv(bottest.NewSlack(t))
	off["OPENAI_API_KEY"], off["OPENAI_BASE_URL"] = "sk-test", fake.BaseURL()
	n := len(fake.EmbeddingRequests())
	r = kbbot(t, off, "check")
	if got := checkLines(t, r.stdout)["embeddings"]; got[0] != "ok" || !strings.Contains(got[1], "off") {
		t.Errorf("embeddings check with no model = %q, want off", got)
	}
	if len(fake.EmbeddingRequests()) != n {
		t.Error("check reached /embeddings with no embedding model")
	}
}

// TestEvalHybridReadOnly: eval against a real Redis scores hybrid search,
// embedding what Redis lacks in memory and writing nothing.
func TestEvalHybridReadOnly(t *testing.T) {
	inTempDir(t)
	fake := llmtest.New(t, "unused")
	srv := redistest.Start(t)
	env := hybridEnv(fake, srv.URL())
	words := maps.Clone(env)
	delete(words, "OPENAI_EMBEDDING_MODEL")
	if r := kbbot(t, words, "ask", xrayQuestion); r.code != 0 { // seeds Redis
		t.Fatalf("seeding ask: %s", r.stderr)
	}
	writeFile(t, "golden.jsonl", `{"q": "`+hybridQuestion+`", "relevant": ["`+hybridEntry+`"]}`+"\n"+`{"q": "where is the canteen", "relevant": []}`+"\n")
	r := kbbot(t, env, "eval", "golden.jsonl")
	if r.code != 0 {
		t.Fatalf("eval exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"recall@1 1.000", "answerable questions answered right, high:           1.000", "search: hybrid: words and meaning (embed-test, 95 entries with a vector)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "not kept: this command only reads Redis") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	if keys, err := rdb.Keys(t.Context(), "kb:vector*").Result(); err != nil || len(keys) != 0 {
		t.Errorf("eval wrote %q (%v)", keys, err)
	}
	if r := kbbot(t, words, "eval", "golden.jsonl"); !strings.Contains(r.stdout, "answerable questions answered right, high:           0.000") || !strings.Contains(r.stdout, "search: words") {
		t.Errorf("eval by words alone:\n%s", r.stdout)
	}
	fake.SetEmbeddingDefault(llmtest.EmbeddingReply{Status: http.StatusBadGateway})
	if r := kbbot(t, env, "eval", "golden.jsonl"); r.code != 1 || !strings.Contains(r.stderr, "could not be embedded") {
		t.Errorf("eval with the endpoint down: exit %d, stderr %q; want a failure, not word-search scores", r.code, r.stderr)
	}
}

// TestServeHybridEndpointDown: serve starts and answers with the
// embeddings endpoint down, and turns hybrid search on in the background
// once it is back; /metrics shows the entries with a vector.
func TestServeHybridEndpointDown(t *testing.T) {
	fake := llmtest.New(t, "unused")
	fake.SetEmbeddingDefault(llmtest.EmbeddingReply{Status: http.StatusServiceUnavailable})
	env := serveEnv(bottest.NewSlack(t), redistest.Start(t).URL())
	maps.Copy(env, map[string]string{"OPENAI_BASE_URL": fake.BaseURL(), "OPENAI_EMBEDDING_MODEL": "embed-test", "OPENAI_API_KEY": "sk-test"})
	srv := startServe(t, env)
	base := "http://" + srv.addr
	if st := getStatus(t, base+"/readyz"); st != http.StatusOK {
		t.Errorf("/readyz = %d with the embeddings endpoint down, want 200", st)
	}
	srv.stderr.waitMsg(t, "embedding the knowledge base failed; word search until it works", 10*time.Second)
	if v := metricValue(t, base, "kbbot_search_vectors"); v != "0" {
		t.Errorf("kbbot_search_vectors = %s while down, want 0", v)
	}
	fake.SetEmbeddingDefault(llmtest.EmbeddingReply{})
	srv.stderr.waitMsg(t, "search vectors loaded", 15*time.Second)
	if v := metricValue(t, base, "kbbot_search_vectors"); v != "95" {
		t.Errorf("kbbot_search_vectors = %s, want 95", v)
	}
	if v := metricValue(t, base, `kbbot_embedding_calls_total{result="error"}`); v == "" || v == "0" {
		t.Errorf("kbbot_embedding_calls_total{result=\"error\"} = %q, want the failed calls counted", v)
	}
	srv.stop(t)
}

// metricValue reads one sample of /metrics by its name and labels as
// printed ("" if absent).
func metricValue(t *testing.T, base, series string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, l := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(l, series+" "); ok {
			return v
		}
	}
	return ""
}
