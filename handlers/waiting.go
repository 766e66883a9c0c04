package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// "Notify me": a person whose question got "not sure" or "nothing found"
// can wait for an answer. When an entry that answers the question with
// high confidence is approved later (a lesson approved, an import, an
// edit, an outcome update), they get one DM with it and the wait ends. A
// wait lasts at most 90 days (the record's TTL; redisstore keeps the ids
// in a sorted set by expiry to list them). Moderators see in the gaps list
// how many people wait on each gap.

// Subscription is one person waiting for an answer to a question. The
// question has passed the privacy screen (twice: when asked, and again
// before it is kept here).
type Subscription struct {
	ID       string    `json:"id"`
	User     string    `json:"user"`
	Question string    `json:"question"`
	Context  string    `json:"context,omitempty"`
	At       time.Time `json:"at"`
	Expires  time.Time `json:"expires"`
}

// subscriptionID is one per person and answer: pressing Notify me twice
// waits once.
func subscriptionID(answerID, user string) string { return answerID + ":" + user }

func (a *App) subscriptions() redisstore.Record[Subscription] {
	return redisstore.RecordOf[Subscription](a.store, redisstore.KindSubscription)
}

// Subscribe makes user wait for an answer to the question of a kept
// answer that was not confident (low or none). It reports whether user
// was already waiting on it. An expired answer, a confident one, or a
// question that fails the privacy screen now gets a *knowledge.Error.
func (a *App) Subscribe(ctx context.Context, user, answerID string) (Subscription, bool, error) {
	rec, err := a.answerRecord(ctx, answerID, "That answer has expired. Ask again, then press Notify me on the new answer.")
	if err != nil {
		return Subscription{}, false, err
	}
	if a.answerFromRecord(rec).Confident() {
		return Subscription{}, false, knowledge.Errorf(knowledge.EConflict, "", "This question already has an answer, so there is nothing to wait for.")
	}
	// Screened when asked; screened again before it is kept for months.
	if f, found := a.screener.First(rec.Question + "\n" + rec.Context); found {
		a.lg.Warn("waiting question refused by the privacy screen", "answer_id", answerID, "kind", string(f.Kind))
		return Subscription{}, false, knowledge.Errorf(knowledge.EPrivacy, "", "I can't keep this question: it %s.", f.Kind.Message())
	}
	now := a.now().UTC()
	ttl := redisstore.KindSubscription.TTL()
	sub := Subscription{
		ID: subscriptionID(answerID, user), User: user, Question: rec.Question, Context: rec.Context,
		At: now, Expires: now.Add(ttl),
	}
	created, err := a.subscriptions().SetOnce(ctx, sub.ID, sub)
	if err != nil {
		return Subscription{}, false, err
	}
	if !created {
		old, found, err := a.subscriptions().Get(ctx, sub.ID)
		if err == nil && found {
			return old, true, nil
		}
	}
	if err := a.store.AddExpiring(ctx, redisstore.ExpiringNotify, sub.ID, sub.Expires); err != nil {
		return Subscription{}, false, err
	}
	a.lg.Info("waiting for an answer", "answer_id", answerID, "user", user)
	return sub, false, nil
}

// waiting returns every live subscription, soonest to expire first. Ids
// whose record has expired or gone are dropped from the sorted set.
func (a *App) waiting(ctx context.Context) ([]Subscription, error) {
	ids, err := a.store.Unexpired(ctx, redisstore.ExpiringNotify, a.now())
	if err != nil {
		return nil, err
	}
	var out []Subscription
	var gone []string
	for _, id := range ids {
		sub, found, err := a.subscriptions().Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if !found {
			gone = append(gone, id)
			continue
		}
		out = append(out, sub)
	}
	if err := a.store.RemoveExpiring(ctx, redisstore.ExpiringNotify, gone...); err != nil {
		a.lg.Warn("could not drop ended waits", "err", err)
	}
	return out, nil
}

// Waiting returns the questions user waits on, newest first, for /kb mine.
func (a *App) Waiting(ctx context.Context, user string) ([]Subscription, error) {
	all, err := a.waiting(ctx)
	if err != nil {
		return nil, err
	}
	var out []Subscription
	for _, s := range all {
		if s.User == user {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(x, y Subscription) int { return y.At.Compare(x.At) })
	return out, nil
}

// CancelWaiting ends one of user's waits. Someone else's, or one that has
// ended already, gets a *knowledge.Error.
func (a *App) CancelWaiting(ctx context.Context, user, id string) (Subscription, error) {
	sub, found, err := a.subscriptions().Get(ctx, id)
	if err != nil {
		return Subscription{}, err
	}
	if !found || sub.User != user {
		return Subscription{}, knowledge.Errorf(knowledge.ENotFound, "", "You're not waiting on that question any more.")
	}
	if _, err := a.subscriptions().Take(ctx, id); err != nil {
		return Subscription{}, err
	}
	if err := a.store.RemoveExpiring(ctx, redisstore.ExpiringNotify, id); err != nil {
		a.lg.Warn("could not drop an ended wait", "err", err)
	}
	a.lg.Info("stopped waiting for an answer", "user", user)
	return sub, nil
}

// notifyWaiting searches every waiting question again, with the search
// users get, and sends each person whose question one of the changed
// entries now answers with high confidence one DM with the answer; their
// wait then ends. Taking the record first makes that DM happen once, on
// whichever replica gets there first; if the DM certainly failed the wait
// is put back for the next change. The DM is sent at most once per wait
// (dmOnce, keyed by the wait and when it began): one that may have
// reached Slack ends the wait rather than being sent again by a job run a
// second time or by the next change. Without Slack (the command line)
// nothing is sent and every wait stays.
func (a *App) notifyWaiting(ctx context.Context, changed []string) {
	if _, nop := a.slack.(nopSlack); nop || len(changed) == 0 {
		return
	}
	subs, err := a.waiting(ctx)
	if err != nil {
		a.lg.Error("could not read waiting questions", "err", err)
		return
	}
	for _, sub := range subs {
		res, err := a.index.Search(ctx, search.Query{Text: sub.Question, Context: sub.Context})
		if err != nil {
			a.lg.Warn("could not search a waiting question again", "err", err)
			continue
		}
		if res.Confidence != knowledge.ConfidenceHigh || !answersWith(res.Hits, changed) {
			continue
		}
		if took, err := a.subscriptions().Take(ctx, sub.ID); err != nil || !took {
			continue // another replica sent it, or Redis failed: it stays
		}
		if err := a.deliverAnswer(ctx, sub, res.Hits); err != nil {
			a.lg.Error("could not send a waited-for answer; keeping the wait", "user", sub.User, "err", err)
			if err := a.subscriptions().Set(ctx, sub.ID, sub); err != nil {
				a.lg.Error("could not restore a wait", "user", sub.User, "err", err)
			}
			continue
		}
		if err := a.store.RemoveExpiring(ctx, redisstore.ExpiringNotify, sub.ID); err != nil {
			a.lg.Warn("could not drop an ended wait", "err", err)
		}
		a.lg.Info("waited-for answer sent", "user", sub.User, "sources", len(res.Hits))
	}
}

// answersWith reports whether one of the hits is a changed entry.
func answersWith(hits []search.Hit, changed []string) bool {
	for _, h := range hits {
		if slices.Contains(changed, h.Entry.ID) {
			return true
		}
	}
	return false
}

// deliverAnswer keeps the answer (so its buttons work) and DMs it.
func (a *App) deliverAnswer(ctx context.Context, sub Subscription, hits []search.Hit) error {
	ans := Answer{Question: sub.Question, Context: sub.Context, Confidence: knowledge.ConfidenceHigh, Text: hits[0].Entry.Summary}
	for _, h := range hits {
		ans.Sources = append(ans.Sources, sourceOf(h.Entry, h.Score))
	}
	if err := a.keep(ctx, &ans, AskRequest{Asker: sub.User}); err != nil {
		return err
	}
	return a.dmOnce(ctx, waitKey(sub), sub.User, Notice{
		Text:   "Good news: kbbot can now answer the question you asked me to watch: _%s_",
		Args:   []string{sub.Question},
		Answer: &ans,
	})
}

// waitKey names the DM that ends a wait in the delivery records: the wait
// (answer and person) and when it began, so that waiting again later on
// the same answer is told again. Ids and a time: no text.
func waitKey(sub Subscription) string {
	return fmt.Sprintf("waited:%s:%d", sub.ID, sub.At.UnixMilli())
}

// waitingOn counts, for each gap group, the people waiting on a question
// that falls in it (the same grouping as the gaps themselves).
func (a *App) waitingOn(ctx context.Context, clusters []*gapCluster) {
	subs, err := a.waiting(ctx)
	if err != nil {
		a.lg.Warn("could not count waiting people", "err", err)
		return
	}
	people := make([]map[string]bool, len(clusters))
	for _, s := range subs {
		terms := a.topicTerms(strings.TrimSpace(s.Question))
		best, bestSim := -1, 0.0
		for i, c := range clusters {
			if sim := similarity(terms, c.terms); sim > bestSim {
				best, bestSim = i, sim
			}
		}
		if best < 0 || bestSim < 0.5 {
			continue
		}
		if people[best] == nil {
			people[best] = map[string]bool{}
		}
		people[best][s.User] = true
	}
	for i, c := range clusters {
		c.group.Waiting = len(people[i])
	}
}
