package knowledge

// Summary is a language model's one-paragraph answer from numbered
// entries, citing them as [n], and what it cost. knowledge/llm produces it
// and the use cases (handlers.Summarizer) consume it; it lives here, in the
// leaf, so that neither has to import the other.
type Summary struct {
	Text             string
	Model            string
	PromptTokens     int
	CompletionTokens int
	// NotAnswered is true when the model said that the sources do not
	// answer the question: the answer is then shown as low confidence,
	// never as a confident one.
	NotAnswered bool
}
