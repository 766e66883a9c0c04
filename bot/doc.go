// Package bot is the only package that speaks Slack. It receives Slack's
// deliveries, in Socket Mode or over HTTP, verifies and acknowledges them,
// and turns each into one call on the use cases in handlers, whose plain
// result it renders as Block Kit.
//
// A tour. Transport first:
//   - bot.go: Config, Bot, after (follow-up work) and urgently (modals,
//     which cannot wait: a trigger_id expires in three seconds).
//   - jobs.go: everything done after the acknowledgement is a job, a small
//     JSON record queued (Config.Enqueue: Redis's durable queue, wired by
//     serve) before Slack is acknowledged, its text screened first, its
//     event claimed in the same round trip; RunJob does a job for the
//     queue's workers on any replica, GiveUp apologises for one that
//     failed every attempt. pool.go runs jobs in this process only when
//     the queue cannot take them.
//   - deliver.go: a job's messages are posted at most once however often
//     it runs: recorded before and after sending, updated in place on a
//     second run, found by their metadata when Slack's answer was lost.
//   - http.go, routes.go, verify.go: the HTTP endpoints; every /slack/*
//     request is signature-checked (v0, 5-minute window, 1 MiB) before
//     anything else.
//   - socketmode.go: the Socket Mode connection, feeding the same dispatch.
//   - events.go: Events API callbacks: turned into jobs and queued, claimed
//     once across replicas.
//   - dispatch.go: the tables of /kb subcommands, button action ids and
//     modals, each naming its handler. A new subcommand is one entry there
//     and its handler in its capability's file.
//   - reply.go: where a reply goes (thread, DM, response_url, ephemeral,
//     with fallbacks), and how errors reach the user and a modal.
//   - client.go: the Web API with retries on 429 (Retry-After) and 5xx, and
//     Notifier, the handlers.Slack the use cases send through.
//   - render.go: Block Kit building blocks shared by the capabilities;
//     safe.go: safe, the one function every string from a person, an
//     entry or the LLM goes through (blocks and top-level text alike), and
//     kbbot's own mentions and links; mrkdwn.go: entry bodies from
//     Markdown to mrkdwn (goldmark), cut to Slack's section limit.
//   - lists.go: the paged lists (/kb queue, gaps, stale, mine), Previous /
//     Next, and redrawing a list in place after an action on it.
//   - metrics.go: Prometheus metrics on a registry passed in.
//
// Then one file per capability, mirroring handlers/, each parsing its
// payloads into a job (or answering at once), and each job's run calling
// the use case once and rendering the result:
//   - ask.go: mentions, DMs, thread follow-ups and /kb QUESTION →
//     handlers.Ask; the three kinds of answer (confident, not sure,
//     nothing found) and small talk (a line, the help, or a reaction in a
//     thread); the posted answer → AnswerPosted (link, AI summary,
//     updated in place); Share in channel → ShareAnswer.
//   - details.go: Details on a source → a modal opened at once with a
//     loading view, then filled in (views.update) from handlers.Details.
//   - waiting.go: Notify me → Subscribe; Stop waiting → CancelWaiting.
//   - feedback.go: 👍/👎 buttons, the reason modal, reactions → RateAnswer.
//   - share.go, lessonform.go: /kb share and the message shortcut open the
//     lesson form; its submission → SubmitLesson, then AnnounceSubmission.
//   - moderate.go: /kb queue, Approve, Edit, Reject and their modals →
//     Approve / Reject / SaveEdit, then FinishDecision / AfterEdit; the
//     review post's layout.
//   - mine.go: /kb mine, Withdraw, Update outcome.
//   - stale.go: /kb stale with Mark reviewed, Edit (the entry form) and
//     Archive. home.go: the App Home and its buttons (Ask, Share a lesson,
//     My lessons; Review queue, Gaps, Stale for moderators).
//   - gaps.go, stats.go, experts.go, help.go: the other subcommands and
//     "Ask a person".
//
// bot may import handlers and the knowledge packages; nothing imports bot
// but cmd/kbbot. It must never reach Redis directly: de-duplication and
// readiness come in as Config funcs. Every entry point passes its context
// down; work that outlives a delivery detaches from its end with
// context.WithoutCancel.
package bot
