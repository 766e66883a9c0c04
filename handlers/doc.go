// Package handlers holds kbbot's use cases, one file per capability: asking
// (ask.go), importing and exporting (importexport.go), keeping the search
// index in step with the store (index.go), and, as they arrive, sharing,
// moderating, experts, gaps, the home view and scheduled jobs.
//
// Handlers take plain request structs and return plain results. The CLI
// (cmd/kbbot) and the Slack bot (bot) render the same results, so `kbbot
// ask` and a Slack mention run one code path.
//
// This package must never import slack-go, net/http handlers or the bot
// package. The outbound calls it needs from Slack (DM someone, post to the
// moderation channel, update a message) are the Slack interface declared
// here and implemented by bot; LLM summaries are the Summarizer interface,
// implemented by knowledge/llm. A nil Summarizer means extractive answers.
package handlers
