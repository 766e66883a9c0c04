package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	openai "github.com/sashabaranov/go-openai"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// Embeddings: the vectors of meaning behind hybrid search, from the
// /embeddings endpoint of the same provider as the summaries (OpenAI,
// Azure OpenAI, vLLM, Ollama, LiteLLM). What may be embedded is what may
// enter a prompt: a privacy-screened question, and the title, summary,
// tags and (unless titles only) body of approved entries. Every text is
// screened again here, and a call holding a flagged text sends nothing.

// EmbedConfig selects the embeddings endpoint and model. The provider
// settings are the chat client's (OPENAI_API_KEY, OPENAI_BASE_URL,
// OPENAI_API_TYPE, OPENAI_API_VERSION); only the model and, on Azure, its
// deployment are the embeddings' own.
type EmbedConfig struct {
	// APIKey may be empty for an endpoint that needs none (Ollama, a vLLM
	// inside the network); OpenAI's and Azure's need one.
	APIKey  string
	BaseURL string
	APIType string
	// APIVersion is Azure's api-version (default DefaultAzureAPIVersion).
	APIVersion string
	// Model is the embedding model (OPENAI_EMBEDDING_MODEL); Deployment is
	// Azure's deployment of it (default: Model).
	Model      string
	Deployment string
	// BatchSize is the most texts sent in one request (default
	// DefaultEmbedBatch); Embed splits longer lists.
	BatchSize int
}

// DefaultEmbedBatch is how many texts one embeddings request carries by
// default: within every provider's limit (OpenAI 2048, Azure 2048 on
// current API versions, Ollama and vLLM unbounded) and small enough that
// one request of long entries stays well under a provider's token limit.
const DefaultEmbedBatch = 64

// ErrGarbage is what an embeddings endpoint's unusable answer wraps: a
// 200 that is not JSON, or vectors that are missing, empty, of two
// lengths, not finite or without direction. The message says which,
// without quoting the answer. It is knowledge.ErrGarbage, so the use cases
// can tell it without importing this package.
var ErrGarbage = knowledge.ErrGarbage

// RefusedError is Embed's answer when the privacy screen flags one of its
// texts: nothing was sent. It names the text's position and the kind of
// identifier, never the text.
type RefusedError struct {
	Index int
	Kind  privacy.Kind
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("llm: embeddings not requested: text %d %s", e.Index, e.Kind.Message())
}

// Embedder calls the embeddings endpoint. It is safe for concurrent use.
type Embedder struct {
	lg       *slog.Logger
	c        *openai.Client
	cfg      EmbedConfig
	screener *privacy.Screener
	m        embedMetrics
}

type embedMetrics struct {
	calls   *prometheus.CounterVec
	latency prometheus.Histogram
	texts   prometheus.Counter
}

// Embedding call results, the values of kbbot_embedding_calls_total's
// result label.
const (
	resultOK          = "ok"
	resultError       = "error"
	resultRateLimited = "rate_limited"
	resultTimeout     = "timeout"
	resultGarbage     = "garbage"
	resultRefused     = "refused"
)

// NewEmbedder returns an Embedder and registers its metrics on reg (nil:
// none, for the command line).
func NewEmbedder(lg *slog.Logger, cfg EmbedConfig, screener *privacy.Screener, reg prometheus.Registerer) (*Embedder, error) {
	if cfg.Model == "" {
		return nil, errors.New("llm: no embedding model")
	}
	if screener == nil {
		return nil, errors.New("llm: embeddings need the privacy screen")
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultEmbedBatch
	}
	if cfg.APIKey == "" && cfg.BaseURL == "" {
		return nil, errors.New("llm: OpenAI's embeddings endpoint needs OPENAI_API_KEY (or set OPENAI_BASE_URL to an endpoint that needs no key, such as Ollama)")
	}
	oc, err := providerConfig(cfg.APIKey, cfg.BaseURL, cfg.APIType, cfg.APIVersion, or(cfg.Deployment, cfg.Model))
	if err != nil {
		return nil, err
	}
	e := &Embedder{lg: lg, c: openai.NewClientWithConfig(oc), cfg: cfg, screener: screener}
	e.m = embedMetrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_embedding_calls_total", Help: "Embeddings requests, by result (ok, error, rate_limited, timeout, garbage, refused).",
		}, []string{"result"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "kbbot_embedding_latency_seconds", Help: "Embeddings request latency.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2, 4, 8, 16},
		}),
		texts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_embedding_texts_total", Help: "Texts embedded (entries, off-topic bank questions and questions).",
		}),
	}
	if reg != nil {
		reg.MustRegister(e.m.calls, e.m.latency, e.m.texts)
	}
	return e, nil
}

// Model is the embedding model: cached vectors are valid for it alone.
func (e *Embedder) Model() string { return e.cfg.Model }

// Embed returns one vector per text, in order, all of one length, finite
// and non-zero, in requests of at most BatchSize texts. Every text is
// screened first: if any is flagged, nothing is sent and the error is a
// *RefusedError. An answer that does not hold such vectors is an error
// wrapping ErrGarbage; a provider error is a *StatusError (429 matches
// knowledge.ErrRateLimited). Errors never quote a text or the answer.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	for i, t := range texts {
		if f, found := e.screener.First(t); found {
			e.m.calls.WithLabelValues(resultRefused).Inc()
			return nil, &RefusedError{Index: i, Kind: f.Kind}
		}
	}
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += e.cfg.BatchSize {
		batch := texts[start:min(start+e.cfg.BatchSize, len(texts))]
		vecs, err := e.embedBatch(ctx, batch)
		if err != nil {
			return nil, err
		}
		if len(out) > 0 && len(vecs[0]) != len(out[0]) {
			e.m.calls.WithLabelValues(resultGarbage).Inc()
			return nil, fmt.Errorf("llm: embeddings: %w: vectors of %d and %d dimensions in one run", ErrGarbage, len(out[0]), len(vecs[0]))
		}
		out = append(out, vecs...)
	}
	return out, nil
}

// embedBatch is one request.
func (e *Embedder) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	start := time.Now()
	resp, err := e.c.CreateEmbeddings(ctx, openai.EmbeddingRequest{
		Input: texts, Model: openai.EmbeddingModel(e.cfg.Model), EncodingFormat: openai.EmbeddingEncodingFormatFloat,
	})
	e.m.latency.Observe(time.Since(start).Seconds())
	if err != nil {
		known, ok := classifyKnown(ctx, err)
		var se *StatusError
		switch {
		case !ok:
			// A 200 that does not decode (not JSON, a number no float32
			// holds): say what kind of failure, never the body.
			e.m.calls.WithLabelValues(resultGarbage).Inc()
			return nil, fmt.Errorf("llm: embeddings: %w: not OpenAI embeddings JSON (%T)", ErrGarbage, err)
		case errors.As(known, &se) && se.Status == http.StatusTooManyRequests:
			e.m.calls.WithLabelValues(resultRateLimited).Inc()
		case errors.Is(known, context.DeadlineExceeded):
			e.m.calls.WithLabelValues(resultTimeout).Inc()
		default:
			e.m.calls.WithLabelValues(resultError).Inc()
		}
		return nil, known
	}
	vecs, err := checkEmbeddings(resp.Data, len(texts))
	if err != nil {
		e.m.calls.WithLabelValues(resultGarbage).Inc()
		return nil, err
	}
	e.m.calls.WithLabelValues(resultOK).Inc()
	e.m.texts.Add(float64(len(texts)))
	return vecs, nil
}

// checkEmbeddings puts an answer's vectors in input order and checks them:
// exactly one per input (by index), each non-empty, finite, not all zero,
// and all of one length.
func checkEmbeddings(data []openai.Embedding, n int) ([][]float32, error) {
	if len(data) != n {
		return nil, fmt.Errorf("llm: embeddings: %w: %d vectors for %d texts", ErrGarbage, len(data), n)
	}
	out := make([][]float32, n)
	for _, d := range data {
		switch {
		case d.Index < 0 || d.Index >= n:
			return nil, fmt.Errorf("llm: embeddings: %w: a vector for text %d of %d", ErrGarbage, d.Index, n)
		case out[d.Index] != nil:
			return nil, fmt.Errorf("llm: embeddings: %w: two vectors for text %d", ErrGarbage, d.Index)
		case len(d.Embedding) == 0:
			return nil, fmt.Errorf("llm: embeddings: %w: an empty vector for text %d", ErrGarbage, d.Index)
		case len(d.Embedding) != len(data[0].Embedding):
			return nil, fmt.Errorf("llm: embeddings: %w: vectors of %d and %d dimensions", ErrGarbage, len(data[0].Embedding), len(d.Embedding))
		}
		var norm float64
		for _, x := range d.Embedding {
			f := float64(x)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("llm: embeddings: %w: a value that is not a finite number in the vector for text %d", ErrGarbage, d.Index)
			}
			norm += f * f
		}
		if norm == 0 || math.IsInf(norm, 0) {
			return nil, fmt.Errorf("llm: embeddings: %w: a vector without direction for text %d", ErrGarbage, d.Index)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}
