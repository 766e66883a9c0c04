// Package bot is the only package that speaks Slack. It receives Slack's
// deliveries, in Socket Mode or over HTTP, verifies and acknowledges them,
// turns them into calls on the use cases in handlers, and renders the
// results as Block Kit.
//
// A tour:
//   - bot.go: Config, Bot, the worker pool hand-off (pool.go).
//   - http.go, routes.go, verify.go: the HTTP endpoints; every /slack/*
//     request is signature-checked (v0, 5-minute window, 1 MiB) before
//     anything else.
//   - socketmode.go: the Socket Mode connection, feeding the same dispatch.
//   - events.go, commands.go, interactions.go, curation.go: dispatch of
//     events, /kb subcommands, buttons, modals and shortcuts. Deliveries
//     are acknowledged first; slow work runs on the pool afterwards.
//   - answer.go, reply.go: answering a question, the LLM summary's in-place
//     update, and the reply paths (thread, DM, response_url, ephemeral)
//     with their fallbacks.
//   - render.go, lessonform.go, notify.go: Block Kit for answers, home,
//     stats, the pilot-lesson and other modals, review posts, DMs; notify.go
//     implements handlers.Slack.
//   - client.go: the Web API with retries on 429 (Retry-After) and 5xx.
//   - metrics.go: Prometheus metrics on a registry passed in.
//
// bot may import handlers and the knowledge packages; nothing imports bot
// but cmd/kbbot. It must never reach Redis directly: de-duplication and
// readiness come in as Config funcs.
package bot
