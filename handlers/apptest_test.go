package handlers_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// testApp is an App with the store under it, so tests can check what was
// written, and the Redis client, so a second App can share the server.
type testApp struct {
	*handlers.App
	store *redisstore.Store
	rdb   *redis.Client
}

// newApp returns an App on a fresh real redis-server, seeded and with its
// search index built: what `kbbot serve` has after start-up.
func newApp(t testing.TB) *testApp {
	t.Helper()
	a := appOn(t, redistest.Client(t), "kb")
	if _, err := a.EnsureSeeded(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	return a
}

// buildApp is handlers.New for tests: d with a fresh search index and the
// default privacy screen filled in, logging nowhere.
func buildApp(t testing.TB, d handlers.Deps) *handlers.App {
	t.Helper()
	if d.Index == nil {
		vocab, err := search.DefaultVocabulary()
		if err != nil {
			t.Fatal(err)
		}
		if d.Index, err = search.New(slog.New(slog.DiscardHandler), vocab); err != nil {
			t.Fatal(err)
		}
	}
	if d.Screener == nil {
		d.Screener = privacy.New(privacy.DefaultAllowList())
	}
	return handlers.New(slog.New(slog.DiscardHandler), d)
}

// appOn returns an App on rdb under namespace ns, neither seeded nor
// indexed: a replica that has not started yet.
func appOn(t testing.TB, rdb *redis.Client, ns string) *testApp {
	t.Helper()
	store := redisstore.New(rdb, ns)
	return &testApp{App: buildApp(t, handlers.Deps{Store: store}), store: store, rdb: rdb}
}

// count returns how many entries the store holds, of any status.
func (a *testApp) count(t testing.TB) int {
	t.Helper()
	n, err := a.store.Count(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// export returns the store's export in format.
func (a *testApp) export(t testing.TB, format knowledge.Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := a.Export(t.Context(), &buf, format); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importJSONL imports lines as a JSON Lines file named name.
func (a *testApp) importJSONL(t testing.TB, name string, lines ...string) (handlers.ImportResult, error) {
	t.Helper()
	return a.Import(t.Context(), name, knowledge.FormatJSONL, strings.NewReader(strings.Join(lines, "\n")+"\n"))
}

// ask asks q and fails the test on an error.
func (a *testApp) ask(t testing.TB, q string) handlers.Answer {
	t.Helper()
	ans, err := a.Ask(t.Context(), handlers.AskRequest{Question: q})
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	return ans
}

// sourceIDs lists the ids of an answer's sources, best first.
func sourceIDs(ans handlers.Answer) []string {
	var ids []string
	for _, s := range ans.Sources {
		ids = append(ids, s.ID)
	}
	return ids
}
