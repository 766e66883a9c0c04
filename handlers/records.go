package handlers

import (
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Typed access to the records the use cases keep, one accessor per kind:
// each binds a redisstore kind (its key and TTL, listed with every other
// key in knowledge/redisstore/keys.go) to the Go type stored there.

func (a *App) threads() redisstore.Record[Thread] {
	return redisstore.RecordOf[Thread](a.store, redisstore.KindThread)
}

func (a *App) answers() redisstore.Record[AnswerRecord] {
	return redisstore.RecordOf[AnswerRecord](a.store, redisstore.KindAnswer)
}

// answerMessages maps a Slack message (redisstore.MessageID) to the id of
// the answer it shows.
func (a *App) answerMessages() redisstore.Record[string] {
	return redisstore.RecordOf[string](a.store, redisstore.KindAnswerMessage)
}

// summaries caches checked AI summaries by summaryKey.
func (a *App) summaries() redisstore.Record[string] {
	return redisstore.RecordOf[string](a.store, redisstore.KindSummary)
}

func (a *App) submissions() redisstore.Record[Submission] {
	return redisstore.RecordOf[Submission](a.store, redisstore.KindSubmission)
}

func (a *App) decisions() redisstore.Record[decisionRecord] {
	return redisstore.RecordOf[decisionRecord](a.store, redisstore.KindDecision)
}

// decisionClaims holds the SET NX claim on one version of a pending entry.
func (a *App) decisionClaims() redisstore.Record[decisionRecord] {
	return redisstore.RecordOf[decisionRecord](a.store, redisstore.KindDecisionClaim)
}

func (a *App) expertRecords() redisstore.Record[Expert] {
	return redisstore.RecordOf[Expert](a.store, redisstore.KindExpert)
}

// digests holds "last": when the last weekly digest ran.
func (a *App) digests() redisstore.Record[time.Time] {
	return redisstore.RecordOf[time.Time](a.store, redisstore.KindDigest)
}

// outcomeHistories keeps each pilot's outcome history once its author has
// updated it (OutcomeChange, oldest first).
func (a *App) outcomeHistories() redisstore.Record[[]OutcomeChange] {
	return redisstore.RecordOf[[]OutcomeChange](a.store, redisstore.KindOutcomes)
}
