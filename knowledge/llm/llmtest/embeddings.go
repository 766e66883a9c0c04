package llmtest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// The embeddings side of the fake: POST /v1/embeddings (OpenAI, vLLM,
// Ollama, LiteLLM) and /openai/deployments/{deployment}/embeddings
// (Azure). Its vectors are deterministic and mean something: one
// dimension per concept of a small table, so that "our scan queue didn't
// budge" lands near "a backlog of unreported X-rays" although they share
// no word, and a few hashed dimensions for every other word (Meaning).

// Concepts is the fake's concept table: the words of one row share a
// dimension. It is small on purpose; tests pick their questions from it.
func Concepts() [][]string {
	return [][]string{
		{"backlog", "backlogs", "queue", "queues", "budge", "pile", "unreported", "waiting", "clog", "clogged"},
		{"abandoned", "binned", "scrapped", "stopped", "ditched", "dropped", "canned"},
		{"free", "freebie", "freebies", "gratis", "trial", "trials"},
		{"regulations", "regs", "rules", "law", "legal", "regulatory"},
		{"xray", "xrays", "x", "ray", "rays", "radiograph", "radiographs", "scan", "scans", "fracture", "fractures", "imaging"},
		{"scribe", "scribes", "ambient", "dictation", "notetaker", "transcription"},
		{"chatgpt", "chatbot", "chatbots", "copilot", "llm", "llms", "assistant"},
	}
}

// hashedDims are the dimensions shared by words outside the table.
const hashedDims = 16

// Dims is the length of the fake's vectors: the concepts, the hashed
// dimensions, and one for a text without words.
func Dims() int { return len(Concepts()) + hashedDims + 1 }

// Meaning is the fake's embedding of text: per concept of the table, the
// square root of how many of its words the text holds (an entry that says
// "X-ray" ten times is not ten times as much about X-rays, for a real
// model either), and a little weight (0.05) on one of 16 hashed dimensions
// for every other word; a text without words points along the last
// dimension, so that no vector is zero (a real model's never is). It is
// exported so that tests can compute what the fake would answer.
func Meaning(text string) []float32 {
	concepts := Concepts()
	v := make([]float32, Dims())
	toks := words.Tokens(text)
	if len(toks) == 0 {
		v[len(v)-1] = 1
	}
	counts := make([]float64, len(concepts))
	for _, w := range toks {
		hit := false
		for i, c := range concepts {
			if slices.Contains(c, w) {
				counts[i]++
				hit = true
			}
		}
		if !hit {
			h := fnv.New32a()
			h.Write([]byte(w))
			v[len(concepts)+int(h.Sum32()%hashedDims)] += 0.05
		}
	}
	for i, n := range counts {
		v[i] = float32(math.Sqrt(n))
	}
	return v
}

// Garbage is a way for the fake to answer an embeddings request with a
// well-formed HTTP 200 that a client must not trust.
type Garbage int

// Kinds of garbage.
const (
	GarbageNone Garbage = iota
	// GarbageMissing answers one vector fewer than there were inputs.
	GarbageMissing
	// GarbageMixedLengths makes the last vector one element shorter.
	GarbageMixedLengths
	// GarbageEmpty makes the first vector empty.
	GarbageEmpty
	// GarbageZero makes the first vector all zeros (no direction).
	GarbageZero
	// GarbageDuplicateIndex gives two vectors the index 0.
	GarbageDuplicateIndex
	// GarbageNotJSON answers a body that is not JSON at all.
	GarbageNotJSON
	// GarbageOverflow answers a number no float32 holds (1e39).
	GarbageOverflow
)

// EmbeddingReply is one scripted answer to an embeddings request. The
// zero value answers with Meaning of every input.
type EmbeddingReply struct {
	// Status is the HTTP status (default 200).
	Status int
	// Delay holds the answer back (slower than the caller's timeout); the
	// fake gives up when the caller does.
	Delay time.Duration
	// RetryAfter sets the Retry-After header (429s).
	RetryAfter string
	// Garbage spoils a 200 answer.
	Garbage Garbage
}

// EmbeddingRequest is a recorded embeddings request.
type EmbeddingRequest struct {
	Path  string
	Query string
	// Deployment is Azure's deployment name from the path ("" otherwise).
	Deployment     string
	Header         http.Header
	Model          string
	Input          []string
	EncodingFormat string
}

// embeddings is the fake's embeddings state, guarded by Server.mu.
type embeddings struct {
	requests []EmbeddingRequest
	script   []EmbeddingReply
	fallback EmbeddingReply
	texts    int
}

// NextEmbedding queues embeddings replies to give before the default one.
func (s *Server) NextEmbedding(r ...EmbeddingReply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emb.script = append(s.emb.script, r...)
}

// SetEmbeddingDefault changes the embeddings reply given when the script
// is empty (the zero value: good vectors).
func (s *Server) SetEmbeddingDefault(r EmbeddingReply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emb.fallback = r
}

// EmbeddingRequests returns the embeddings requests received so far.
func (s *Server) EmbeddingRequests() []EmbeddingRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.emb.requests)
}

// EmbeddedTexts is how many texts all embeddings requests so far carried.
func (s *Server) EmbeddedTexts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emb.texts
}

func (s *Server) handleEmbeddings(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req struct {
		Model          string          `json:"model"`
		Input          json.RawMessage `json:"input"`
		EncodingFormat string          `json:"encoding_format"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error")
		return
	}
	// input is a string or a list of strings.
	var inputs []string
	if err := json.Unmarshal(req.Input, &inputs); err != nil {
		var one string
		if err := json.Unmarshal(req.Input, &one); err != nil {
			writeError(w, http.StatusBadRequest, "invalid_request_error")
			return
		}
		inputs = []string{one}
	}
	rec := EmbeddingRequest{Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Model: req.Model, Input: inputs, EncodingFormat: req.EncodingFormat}
	if d, ok := strings.CutPrefix(r.URL.Path, "/openai/deployments/"); ok {
		rec.Deployment, _, _ = strings.Cut(d, "/")
	}
	s.mu.Lock()
	s.emb.requests = append(s.emb.requests, rec)
	s.emb.texts += len(inputs)
	reply := s.emb.fallback
	if len(s.emb.script) > 0 {
		reply, s.emb.script = s.emb.script[0], s.emb.script[1:]
	}
	s.mu.Unlock()
	if reply.Delay > 0 {
		select {
		case <-time.After(reply.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if reply.RetryAfter != "" {
		w.Header().Set("Retry-After", reply.RetryAfter)
	}
	if reply.Status != 0 && reply.Status != http.StatusOK {
		typ := "server_error"
		if reply.Status == http.StatusTooManyRequests {
			typ = "rate_limit_exceeded"
		}
		writeError(w, reply.Status, typ)
		return
	}
	if req.EncodingFormat != "" && req.EncodingFormat != "float" {
		writeError(w, http.StatusBadRequest, "invalid_request_error") // the fake speaks floats only
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch reply.Garbage {
	case GarbageNotJSON:
		_, _ = io.WriteString(w, "<html>gateway says hello</html>")
		return
	case GarbageOverflow:
		fmt.Fprintf(w, `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[1e39,1]}],"model":%q}`, req.Model)
		return
	}
	type item struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	data := make([]item, len(inputs))
	tokens := 0
	for i, in := range inputs {
		data[i] = item{Object: "embedding", Index: i, Embedding: Meaning(in)}
		tokens += len(words.Tokens(in))
	}
	if len(data) > 0 {
		switch reply.Garbage {
		case GarbageMissing:
			data = data[:len(data)-1]
		case GarbageMixedLengths:
			last := &data[len(data)-1]
			last.Embedding = last.Embedding[:len(last.Embedding)-1]
		case GarbageEmpty:
			data[0].Embedding = []float32{}
		case GarbageZero:
			data[0].Embedding = make([]float32, Dims())
		case GarbageDuplicateIndex:
			data[len(data)-1].Index = 0
		}
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]any{"prompt_tokens": tokens, "total_tokens": tokens},
	})
}

// writeError answers an OpenAI-style error.
func writeError(w http.ResponseWriter, status int, typ string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"message":"simulated %d","type":%q,"code":null}}`, status, typ)
}
