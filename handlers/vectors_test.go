package handlers_test

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// Hybrid search through the use cases, against the fake embeddings server
// (llmtest) and a real redis-server: no mocks.

const (
	embedModel = "embed-test"
	// meaningQuestion shares no word with the entry that answers it
	// (meaningEntry) but "the"; the fake's concept table puts
	// "radiograph" with X-rays and "pile" with backlogs. Word search
	// reaches the entry only through the vocabulary ("radiograph" is an
	// X-ray), without confidence.
	meaningQuestion = "the radiograph pile never budged"
	meaningEntry    = "pilot-fracture-ai-xray-backlog"
	// seedSize is the seed's number of entries; a first pass over it
	// embeds them and the off-topic bank's questions.
	seedSize = 95
)

// bankSize is the off-topic bank's length.
func bankSize() int { return len(search.OffTopicQuestions()) }

// hybridOptions tune hybridApp.
type hybridOptions struct {
	titlesOnly bool
	readOnly   bool
	timeout    time.Duration
	noLoad     bool // build and index, but do not load the vectors
}

// newEmbedder is the real embeddings client on the fake.
func newEmbedder(t testing.TB, fake *llmtest.Server) *llm.Embedder {
	t.Helper()
	e, err := llm.NewEmbedder(slog.New(slog.DiscardHandler), llm.EmbedConfig{APIKey: "sk-test", BaseURL: fake.BaseURL(), Model: embedModel},
		privacy.New(privacy.DefaultAllowList()), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// hybridApp is a replica on rdb (seeded if empty, indexed) whose search is
// hybrid through the fake, with its vectors loaded unless o.noLoad.
func hybridApp(t testing.TB, rdb *redis.Client, fake *llmtest.Server, o hybridOptions) *testApp {
	t.Helper()
	if o.timeout == 0 {
		o.timeout = 5 * time.Second
	}
	store := redisstore.New(rdb, "kb")
	a := &testApp{App: buildApp(t, handlers.Deps{
		Store: store, Embedder: newEmbedder(t, fake), LLMTimeout: o.timeout,
		EmbedTitlesOnly: o.titlesOnly, VectorsReadOnly: o.readOnly,
	}), store: store, rdb: rdb}
	if _, err := a.EnsureSeeded(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !o.noLoad {
		if err := a.LoadVectors(t.Context(), nil); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// inputs are every text the fake was asked to embed.
func inputs(fake *llmtest.Server) []string {
	var out []string
	for _, r := range fake.EmbeddingRequests() {
		out = append(out, r.Input...)
	}
	return out
}

// TestHybridFindsMeaning: a question that shares no word with its entry is
// answered from it only with hybrid search on, at the cost of one
// embeddings request; off, the answer is word search's.
func TestHybridFindsMeaning(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	on := hybridApp(t, rdb, fake, hybridOptions{})
	off := appOn(t, rdb, "kb")
	if err := off.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	e, err := on.store.Get(t.Context(), meaningEntry)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(words.Tokens(search.EmbeddingText(e, false)), " ")
	for _, w := range words.Tokens(meaningQuestion) {
		if w != "the" && slices.Contains(strings.Fields(text), w) {
			t.Fatalf("the entry holds the question's word %q: the test proves nothing", w)
		}
	}
	if m, n := on.HybridSearch(); m != embedModel || n != seedSize {
		t.Fatalf("HybridSearch = %q, %d; want %q, %d", m, n, embedModel, seedSize)
	}

	// Word search alone may find the entry through the vocabulary
	// ("radiograph" is an X-ray), but not answer with it confidently.
	words := off.ask(t, meaningQuestion)
	if words.Confidence == knowledge.ConfidenceHigh && slices.Contains(sourceIDs(words), meaningEntry) {
		t.Fatalf("word search alone answered with %s, high: pick another question", meaningEntry)
	}
	before := len(fake.EmbeddingRequests())
	hybrid := on.ask(t, meaningQuestion)
	if got := sourceIDs(hybrid); len(got) == 0 || got[0] != meaningEntry {
		t.Errorf("hybrid: sources %v (%s), want %s first", got, hybrid.Confidence, meaningEntry)
	}
	if hybrid.Confidence != knowledge.ConfidenceHigh || hybrid.VectorFallback != "" {
		t.Errorf("hybrid: confidence %s, fallback %q", hybrid.Confidence, hybrid.VectorFallback)
	}
	reqs := fake.EmbeddingRequests()[before:]
	if len(reqs) != 1 || !slices.Equal(reqs[0].Input, []string{meaningQuestion}) || reqs[0].Model != embedModel {
		t.Errorf("question embedding requests = %+v; want one, of the question alone", reqs)
	}
	// A question word search answers is answered alike.
	w, h := off.ask(t, backlogQuestion), on.ask(t, backlogQuestion)
	if sourceIDs(w)[0] != sourceIDs(h)[0] || !h.Confident() {
		t.Errorf("x-ray question: words %v, hybrid %v (%s)", sourceIDs(w), sourceIDs(h), h.Confidence)
	}
}

// TestHybridFollowUpOneRequest: a follow-up is embedded with the thread's
// first question in one request.
func TestHybridFollowUpOneRequest(t *testing.T) {
	fake := llmtest.New(t, "unused")
	a := hybridApp(t, redistest.Client(t), fake, hybridOptions{})
	before := len(fake.EmbeddingRequests())
	ans, err := a.Ask(t.Context(), handlers.AskRequest{Question: "did it budge in the end?", Context: "the radiograph pile"})
	if err != nil {
		t.Fatal(err)
	}
	reqs := fake.EmbeddingRequests()[before:]
	if len(reqs) != 1 || !slices.Equal(reqs[0].Input, []string{"did it budge in the end?", "the radiograph pile"}) {
		t.Fatalf("requests = %+v; want one with the question and its context", reqs)
	}
	if ids := sourceIDs(ans); len(ids) == 0 || ids[0] != meaningEntry {
		t.Errorf("follow-up sources %v, want %s first", ids, meaningEntry)
	}
}

// TestVectorCache: vectors are kept in Redis per model and version: a
// second replica, or a restart, embeds nothing; an edited entry is
// embedded again alone (once, however many replicas follow the edit); an
// archived or deleted entry's vector goes.
func TestVectorCache(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	first := hybridApp(t, rdb, fake, hybridOptions{})
	if got, want := fake.EmbeddedTexts(), seedSize+bankSize(); got != want {
		t.Fatalf("first start embedded %d texts, want %d (entries and bank)", got, want)
	}
	if n := len(fake.EmbeddingRequests()); n != 11 {
		t.Errorf("first start made %d requests, want 11 (batches of 64)", n)
	}
	ids, err := first.store.VectorIDs(t.Context(), redisstore.VectorsEntries, embedModel)
	if err != nil || len(ids) != seedSize {
		t.Fatalf("kept entry vectors = %d, %v; want %d", len(ids), err, seedSize)
	}

	// A second replica, or the same after a restart: nothing embedded.
	second := hybridApp(t, rdb, fake, hybridOptions{})
	if got := fake.EmbeddedTexts(); got != seedSize+bankSize() {
		t.Errorf("second replica embedded %d more texts, want 0", got-seedSize-bankSize())
	}
	if a, b := sourceIDs(first.ask(t, meaningQuestion)), sourceIDs(second.ask(t, meaningQuestion)); !slices.Equal(a, b) {
		t.Errorf("replicas answer differently: %v and %v", a, b)
	}

	// An edit: the edited entry alone is embedded, once.
	n := fake.EmbeddedTexts()
	const edited = "guidance-dtac"
	if _, _, err := first.store.Update(t.Context(), edited, func(e *knowledge.Entry) error {
		e.Summary = "Suppliers complete DTAC; the radiograph pile is not its business."
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := first.SyncIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := inputs(fake)[n:]
	if len(got) != 1 || !strings.Contains(got[0], "the radiograph pile is not its business") {
		t.Fatalf("after an edit embedded %q, want the edited entry alone", got)
	}
	if err := second.SyncIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	if more := fake.EmbeddedTexts() - n; more != 1 {
		t.Errorf("the second replica embedded the edit again (%d texts in all)", more)
	}
	third := hybridApp(t, rdb, fake, hybridOptions{})
	if more := fake.EmbeddedTexts() - n; more != 1 {
		t.Errorf("a restart after the edit embedded %d texts, want none", more-1)
	}
	_ = third

	// Archive one entry, delete another: their vectors go.
	if _, _, err := first.store.Update(t.Context(), meaningEntry, func(e *knowledge.Entry) error {
		e.Status = knowledge.StatusArchived
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := first.store.Delete(t.Context(), "guidance-caldicott"); err != nil {
		t.Fatal(err)
	}
	if err := first.SyncIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	kept, err := first.store.Vectors(t.Context(), redisstore.VectorsEntries, embedModel, []string{meaningEntry, "guidance-caldicott", edited})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := kept[meaningEntry]; ok {
		t.Error("an archived entry's vector is still kept")
	}
	if _, ok := kept["guidance-caldicott"]; ok {
		t.Error("a deleted entry's vector is still kept")
	}
	if _, ok := kept[edited]; !ok {
		t.Error("the edited entry's vector is gone")
	}
	if ids := sourceIDs(first.ask(t, meaningQuestion)); slices.Contains(ids, meaningEntry) {
		t.Errorf("an archived entry is still found by its meaning: %v", ids)
	}
	if m, n := first.HybridSearch(); m != embedModel || n != seedSize-2 {
		t.Errorf("HybridSearch = %q, %d; want %d entries", m, n, seedSize-2)
	}
}

// TestVectorsReadOnly: a read-only App (eval against a real Redis) embeds
// what the cache lacks in memory and writes nothing.
func TestVectorsReadOnly(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	seeded := appOn(t, rdb, "kb")
	if _, err := seeded.EnsureSeeded(t.Context()); err != nil {
		t.Fatal(err)
	}
	keys := func() []string {
		k, err := rdb.Keys(t.Context(), "kb:vector*").Result()
		if err != nil {
			t.Fatal(err)
		}
		k2, _ := rdb.Keys(t.Context(), "kb:lock:*").Result()
		return append(k, k2...)
	}
	ro := hybridApp(t, rdb, fake, hybridOptions{readOnly: true})
	if k := keys(); len(k) != 0 {
		t.Errorf("read-only App wrote %q", k)
	}
	if m, n := ro.HybridSearch(); m != embedModel || n != seedSize {
		t.Errorf("read-only HybridSearch = %q, %d", m, n)
	}
	if ids := sourceIDs(ro.ask(t, meaningQuestion)); len(ids) == 0 || ids[0] != meaningEntry {
		t.Errorf("read-only hybrid sources %v", ids)
	}
}

// TestQuestionFallbacks: whatever goes wrong with the question's
// embedding, the answer is word search's, within the timeout, with the
// reason; the next question uses the vectors again.
func TestQuestionFallbacks(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	const timeout = 400 * time.Millisecond
	a := hybridApp(t, rdb, fake, hybridOptions{timeout: timeout})
	words := appOn(t, rdb, "kb")
	if err := words.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	noVector := wordsOnHybridIndex(t, a)
	for _, tc := range []struct {
		name   string
		reply  llmtest.EmbeddingReply
		reason string
	}{
		{"down", llmtest.EmbeddingReply{Status: http.StatusServiceUnavailable}, handlers.FallbackError},
		{"rate limited", llmtest.EmbeddingReply{Status: http.StatusTooManyRequests, RetryAfter: "20"}, handlers.FallbackRateLimited},
		{"slow", llmtest.EmbeddingReply{Delay: 10 * time.Second}, handlers.FallbackTimeout},
		{"not json", llmtest.EmbeddingReply{Garbage: llmtest.GarbageNotJSON}, handlers.FallbackGarbage},
		{"missing vector", llmtest.EmbeddingReply{Garbage: llmtest.GarbageMissing}, handlers.FallbackGarbage},
		{"empty vector", llmtest.EmbeddingReply{Garbage: llmtest.GarbageEmpty}, handlers.FallbackGarbage},
		{"zero vector", llmtest.EmbeddingReply{Garbage: llmtest.GarbageZero}, handlers.FallbackGarbage},
		{"overflow", llmtest.EmbeddingReply{Garbage: llmtest.GarbageOverflow}, handlers.FallbackGarbage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, q := range []string{meaningQuestion, backlogQuestion} {
				want := noVector(q)
				fake.NextEmbedding(tc.reply)
				start := time.Now()
				got := a.ask(t, q)
				took := time.Since(start)
				if got.VectorFallback != tc.reason {
					t.Errorf("%q: fallback %q, want %q", q, got.VectorFallback, tc.reason)
				}
				if !slices.Equal(sourceIDs(got), want.ids) || got.Confidence != want.confidence {
					t.Errorf("%q: answer %v (%s), want word search's %v (%s)", q, sourceIDs(got), got.Confidence, want.ids, want.confidence)
				}
				if took > timeout+time.Second {
					t.Errorf("%q: answered in %v, want within the timeout %v", q, took, timeout)
				}
			}
			// A question words answer well is answered as with hybrid
			// search off.
			if w, got := words.ask(t, backlogQuestion), noVector(backlogQuestion); !slices.Equal(sourceIDs(w), got.ids) || w.Confidence != got.confidence {
				t.Errorf("x-ray question by words: %v (%s) with hybrid off, %v (%s) in a fallback", sourceIDs(w), w.Confidence, got.ids, got.confidence)
			}
			// The endpoint is back: meaning again.
			if got := a.ask(t, meaningQuestion); got.VectorFallback != "" || len(got.Sources) == 0 || got.Sources[0].ID != meaningEntry {
				t.Errorf("after recovery: fallback %q, sources %v", got.VectorFallback, sourceIDs(got))
			}
		})
	}
}

// answerOf is the part of an answer a fallback is compared on.
type answerOf struct {
	ids        []string
	confidence knowledge.Confidence
}

// wordsOnHybridIndex returns how a search index holding the same vectors
// as a's answers a question that has no vector: the answer a fallback must
// give (its words ranked, and decided with the index's calibration, which
// includes the vectors).
func wordsOnHybridIndex(t *testing.T, a *testApp) func(q string) answerOf {
	t.Helper()
	vocab, err := search.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.New(slog.New(slog.DiscardHandler), vocab)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := a.store.ByStatus(t.Context(), knowledge.StatusApproved, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Rebuild(entries); err != nil {
		t.Fatal(err)
	}
	vecs := map[string][]float32{}
	for _, e := range entries {
		vecs[e.ID] = llmtest.Meaning(search.EmbeddingText(e, false))
	}
	var bank [][]float32
	for _, q := range search.OffTopicQuestions() {
		bank = append(bank, llmtest.Meaning(q))
	}
	ix.SetVectors(embedModel, vecs, bank)
	return func(q string) answerOf {
		res, err := ix.Search(t.Context(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		out := answerOf{confidence: res.Confidence}
		for _, h := range res.Hits {
			out.ids = append(out.ids, h.Entry.ID)
		}
		if len(out.ids) == 0 {
			out.confidence = knowledge.ConfidenceNone
		}
		return out
	}
}

// TestEndpointDownAtStart: with the embeddings endpoint down, loading fails
// and questions are answered by words alone without waiting on the
// endpoint; KeepVectors retries in the background and hybrid search comes
// on when the endpoint is back.
func TestEndpointDownAtStart(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	fake.SetEmbeddingDefault(llmtest.EmbeddingReply{Status: http.StatusBadGateway})
	a := hybridApp(t, rdb, fake, hybridOptions{noLoad: true})
	if err := a.LoadVectors(t.Context(), nil); err == nil || !strings.Contains(err.Error(), "502") {
		t.Fatalf("LoadVectors with the endpoint down = %v, want the 502", err)
	}
	n := len(fake.EmbeddingRequests())
	ans := a.ask(t, backlogQuestion)
	if ans.VectorFallback != handlers.FallbackNotReady || !ans.Confident() {
		t.Errorf("answer while down: fallback %q, %s; want not_ready and word search's answer", ans.VectorFallback, ans.Confidence)
	}
	if len(fake.EmbeddingRequests()) != n {
		t.Error("a question was sent to an endpoint whose entries are not embedded")
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	loaded := make(chan struct{})
	var once bool
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		a.KeepVectors(ctx, func(p handlers.VectorProgress) {
			if p.Phase == "entries" && p.Done() == p.Total && !once {
				once = true
				close(loaded)
			}
		})
	}()
	fake.SetEmbeddingDefault(llmtest.EmbeddingReply{}) // back
	select {
	case <-loaded:
	case <-time.After(20 * time.Second):
		t.Fatal("KeepVectors did not load the vectors once the endpoint was back")
	}
	// LoadVectors returns after its last progress report: ask for the
	// pass lock's holder to finish by running a pass of our own.
	if err := a.LoadVectors(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if got := a.ask(t, meaningQuestion); got.VectorFallback != "" || len(got.Sources) == 0 || got.Sources[0].ID != meaningEntry {
		t.Errorf("after recovery: fallback %q, sources %v", got.VectorFallback, sourceIDs(got))
	}
	cancel()
	<-stopped
}

// TestPrivacyBeforeEmbedding: nothing the privacy screen flags reaches the
// endpoint: a question is refused before any request, and an entry whose
// text holds an identifier (written around validation) is left out of
// hybrid search rather than sent.
func TestPrivacyBeforeEmbedding(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	store := redisstore.New(rdb, "kb")
	leaky := knowledge.Entry{ID: "insight-old-record", Kind: knowledge.KindInsight, Title: "An old record",
		Summary: "Imported long ago.", Body: "Patient 999 000 0018 was in the pile.", Status: knowledge.StatusApproved}
	clean := knowledge.Entry{ID: "pilot-backlog", Kind: knowledge.KindPilot, Title: "Radiograph backlog cleared",
		Summary: "The unreported pile fell by half.", Status: knowledge.StatusApproved}
	if err := store.Put(t.Context(), leaky, clean); err != nil {
		t.Fatal(err)
	}
	a := hybridApp(t, rdb, fake, hybridOptions{}) // the seed is not loaded: the store has entries
	for _, in := range inputs(fake) {
		if strings.Contains(in, "999 000 0018") {
			t.Fatal("an NHS number was sent to the embeddings endpoint")
		}
	}
	if m, n := a.HybridSearch(); m != embedModel || n != 1 {
		t.Errorf("HybridSearch = %q, %d; want the clean entry's vector alone", m, n)
	}
	n := len(fake.EmbeddingRequests())
	ans := a.ask(t, "my patient 999 000 0018 is in the radiograph pile")
	if ans.Refused != privacy.NHSNumber {
		t.Errorf("refused = %q, want an NHS number", ans.Refused)
	}
	if len(fake.EmbeddingRequests()) != n {
		t.Error("a refused question reached the embeddings endpoint")
	}
}

// TestTitlesModeEmbedsNoBody: KBBOT_LLM_CONTEXT=titles embeds titles,
// summaries and tags, never a body; and its vectors are its own (another
// version of the text), so switching modes re-embeds.
func TestTitlesModeEmbedsNoBody(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	a := hybridApp(t, rdb, fake, hybridOptions{titlesOnly: true})
	e, err := a.store.Get(t.Context(), meaningEntry)
	if err != nil {
		t.Fatal(err)
	}
	body := e.Body[:60]
	var sawTitle bool
	for _, in := range inputs(fake) {
		if strings.Contains(in, body) {
			t.Fatalf("titles mode sent a body: %q…", in[:80])
		}
		sawTitle = sawTitle || strings.HasPrefix(in, e.Title+"\n\n"+e.Summary)
	}
	if !sawTitle {
		t.Error("titles mode did not send the entry's title and summary")
	}
	n := fake.EmbeddedTexts()
	hybridApp(t, rdb, fake, hybridOptions{})
	if got := fake.EmbeddedTexts() - n; got != seedSize {
		t.Errorf("full mode after titles mode embedded %d texts, want the %d entries again (not the bank)", got, seedSize)
	}
	full := false
	for _, in := range inputs(fake)[n:] {
		full = full || strings.Contains(in, body)
	}
	if !full {
		t.Error("full mode did not send the body")
	}
}

// TestHybridOffMeansOff: without an Embedder nothing reaches /embeddings,
// whatever happens: loading, asking, following changes.
func TestHybridOffMeansOff(t *testing.T) {
	fake := llmtest.New(t, "Cleared [1].")
	app, store := llmApp(t, fake, 5*time.Second) // summaries on, embeddings off
	if err := app.LoadVectors(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	ans := askFound(t, app, backlogQuestion)
	app.Summarize(t.Context(), ans, "")
	if ans.VectorFallback != "" {
		t.Errorf("fallback %q with hybrid search off", ans.VectorFallback)
	}
	if _, _, err := store.Update(t.Context(), "guidance-dtac", func(e *knowledge.Entry) error { e.Summary += " Edited."; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := app.SyncIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	if m, _ := app.HybridSearch(); m != "" {
		t.Errorf("HybridSearch = %q with hybrid search off", m)
	}
	if n := len(fake.EmbeddingRequests()); n != 0 {
		t.Errorf("%d embeddings requests with hybrid search off", n)
	}
	if len(fake.Requests()) == 0 {
		t.Error("the summary never reached the fake: the test proves nothing")
	}
}

// TestEvalHybrid: kbbot eval's use case embeds the golden questions (in
// batches, follow-ups with their context) and scores hybrid search.
func TestEvalHybrid(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	a := hybridApp(t, rdb, fake, hybridOptions{})
	words := appOn(t, rdb, "kb")
	if err := words.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	qs := []search.Golden{
		{Q: meaningQuestion, Relevant: []string{meaningEntry}},
		{Q: "did it ever budge?", Context: "the radiograph pile", Relevant: []string{meaningEntry}},
		{Q: "where is the canteen", Relevant: []string{}},
	}
	n := len(fake.EmbeddingRequests())
	rep, err := a.Eval(t.Context(), qs)
	if err != nil {
		t.Fatal(err)
	}
	reqs := fake.EmbeddingRequests()[n:]
	if len(reqs) != 1 || len(reqs[0].Input) != 4 {
		t.Errorf("eval requests = %d (%v), want one carrying 4 texts", len(reqs), reqs)
	}
	base, err := words.Eval(t.Context(), qs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Recall3 != 1 || base.Recall3 >= rep.Recall3 {
		t.Errorf("recall@3: hybrid %.2f, words %.2f; want hybrid 1 and above words", rep.Recall3, base.Recall3)
	}
}
