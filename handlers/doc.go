// Package handlers holds kbbot's use cases, one file per capability. Each
// takes a context and plain request values and returns plain results; the
// Slack bot (bot) and the command line (cmd/kbbot) render the same
// results, so `kbbot ask` and a Slack mention run one code path, and a web
// page could call them the same way.
//
// A tour:
//   - handlers.go: Deps, App, New, and the interfaces the use cases
//     consume: Summarizer (knowledge/llm; nil means extractive answers),
//     Embedder (knowledge/llm; nil means word search alone) and Slack
//     (bot.Notifier; nil sends nothing).
//   - ask.go: Ask (screen, search, record a gap, keep the answer and its
//     thread) and AnswerPosted (link the posted message, summarise).
//     answers.go keeps answers and threads; summarize.go makes the cited AI
//     summary, cached and checked (or a "not sure" answer when the model
//     says the sources do not answer).
//   - vectors.go: hybrid search's vectors: loaded from Redis or embedded
//     in batches (LoadVectors, KeepVectors in serve), kept in step with
//     changes, and the question's, with every fallback to word search.
//   - smalltalk.go: greetings, thanks, acknowledgements and "help",
//     recognised before any search and never recorded.
//   - feedback.go, gaps.go: ratings of answers (one vote per person per
//     answer), and the questions kbbot could not answer well, grouped for
//     moderators with how many people wait on each.
//   - waiting.go: Notify me: a wait on a question kept up to 90 days, and
//     one DM when a changed, approved entry answers it (after SyncIndex).
//     details.go: the whole entry behind a source.
//   - share.go, lessonform.go: a pilot lesson from form to pending entry
//     (form checks, then building the entry), then announced for review.
//   - moderate.go: the review queue, Approve and Reject (each records the
//     decision once; FinishDecision then tells everyone), edits.
//   - mine.go, stale.go, experts.go, home.go, stats.go: an author's own
//     lessons, entries due for review, the directory of experts, App Home,
//     counts.
//   - catalogue.go, insights.go: the web catalogue's use cases: Browse by
//     six facets, one entry with its outcome history (and its author, for
//     moderators only), the pilots' picture and, for moderators, how kbbot
//     answers week by week; both read a snapshot of the index rebuilt when
//     it changes.
//   - schedule.go: outcome follow-ups and the weekly digest, once across
//     replicas. index.go: the search index following the store's change
//     log. importexport.go, audit.go, privacy.go: files in and out, the
//     moderation audit log, screening entries.
//   - notify.go: what the use cases tell people (Notice, Review, Digest);
//     records.go: typed access to the records kept in Redis, whose layout
//     is in knowledge/redisstore/keys.go.
//
// Errors a user may see are *knowledge.Error (and *FormError for a form);
// anything else is a failure the edge logs and apologises for.
//
// This package must never import slack-go, net/http handlers, bot or
// knowledge/llm: the outbound calls it needs are the Slack, Summarizer and
// Embedder interfaces declared here.
package handlers
