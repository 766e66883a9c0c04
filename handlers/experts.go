package handlers

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// Expert is someone in the directory of experts: the report's most asked-for
// support ("a directory of experts that could be called on").
type Expert struct {
	User   string    `json:"user"`
	Topics []string  `json:"topics"`
	Mentor bool      `json:"mentor"`
	Since  time.Time `json:"since"`
}

// Contributor is the author of an approved lesson who agreed to be
// contacted.
type Contributor struct {
	User  string
	Title string
	ID    string
}

// People is who can help with a topic: experts in the directory and
// contributors of approved lessons on it, and the moderators, who can point
// to someone when nobody is listed.
type People struct {
	Experts      []Expert
	Contributors []Contributor
	Moderators   []string
}

// Limits of the experts directory.
const (
	maxTopics   = 10
	maxTopicLen = 60
)

// AddExpert adds user to the directory (or updates their topics) with the
// comma-separated topics, and whether they are happy to mentor another
// site. Topics are screened like any text.
func (a *App) AddExpert(ctx context.Context, user, topicsText string, mentor bool) (Expert, error) {
	// Screen the text as typed: lower-casing first would hide a name next
	// to a postcode ("Mr Smith SW1A 1AA").
	if f, found := a.screener.First(topicsText); found {
		return Expert{}, knowledge.Errorf(knowledge.EPrivacy, "topics", "One of your topics %s. Please remove it.", f.Kind.Message())
	}
	var topics []string
	for _, t := range strings.FieldsFunc(topicsText, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		t = strings.Join(strings.Fields(strings.ToLower(t)), " ")
		if t == "" || slices.Contains(topics, t) {
			continue
		}
		if utf8.RuneCountInString(t) > maxTopicLen {
			return Expert{}, knowledge.Errorf(knowledge.EInvalid, "topics", "each topic at most %d characters", maxTopicLen)
		}
		topics = append(topics, t)
	}
	if len(topics) == 0 {
		return Expert{}, knowledge.Errorf(knowledge.EInvalid, "topics", "name at least one topic, e.g. `ambient scribes, DPIA`")
	}
	if len(topics) > maxTopics {
		return Expert{}, knowledge.Errorf(knowledge.EInvalid, "topics", "at most %d topics", maxTopics)
	}
	if f, found := a.screener.First(strings.Join(topics, "\n")); found {
		return Expert{}, knowledge.Errorf(knowledge.EPrivacy, "topics", "One of your topics %s. Please remove it.", f.Kind.Message())
	}
	e := Expert{User: user, Topics: topics, Mentor: mentor, Since: a.now().UTC()}
	if err := a.expertRecords().Set(ctx, user, e); err != nil {
		return Expert{}, err
	}
	if err := a.store.AddToSet(ctx, redisstore.SetExperts, user); err != nil {
		return Expert{}, err
	}
	a.lg.Info("expert listed", "user", user, "topics", len(topics), "mentor", mentor)
	return e, nil
}

// RemoveExpert takes user out of the directory. It reports whether they
// were in it.
func (a *App) RemoveExpert(ctx context.Context, user string) (bool, error) {
	_, found, err := a.expertRecords().Get(ctx, user)
	if err != nil || !found {
		return false, err
	}
	if err := a.expertRecords().Delete(ctx, user); err != nil {
		return false, err
	}
	return true, a.store.RemoveFromSet(ctx, redisstore.SetExperts, user)
}

// Experts returns the experts whose topics match topic, matched with the
// same vocabulary and typo tolerance as search ("AVT" finds someone who
// listed "ambient scribes"). An empty topic lists everyone.
func (a *App) Experts(ctx context.Context, topic string) ([]Expert, error) {
	users, err := a.store.SetMembers(ctx, redisstore.SetExperts)
	if err != nil {
		return nil, err
	}
	slices.Sort(users)
	q := a.topicTerms(topic)
	var out []Expert
	for _, u := range users {
		e, found, err := a.expertRecords().Get(ctx, u)
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		if strings.TrimSpace(topic) == "" || overlaps(q, a.topicTerms(strings.Join(e.Topics, ", "))) {
			out = append(out, e)
		}
	}
	return out, nil
}

// topicTerms is what a topic means for matching: its vocabulary concepts
// and the stems of its other words, after typo correction.
func (a *App) topicTerms(text string) map[string]bool {
	terms := map[string]bool{}
	concepts, stems := a.index.Terms(text)
	for _, c := range concepts {
		terms["c:"+c] = true
	}
	for _, s := range stems {
		terms[s] = true
	}
	return terms
}

func overlaps(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// PeopleForTopic returns who can help with a topic, for /kb experts TOPIC:
// matching experts and contributors. An empty topic lists every expert.
func (a *App) PeopleForTopic(ctx context.Context, topic string) (People, error) {
	p, err := a.peopleFor(ctx, topic, nil)
	if err == nil && strings.TrimSpace(topic) == "" {
		p.Experts, err = a.Experts(ctx, "")
	}
	return p, err
}

// PeopleForAnswer returns who can help with what an answer was about (its
// question, read with the question it followed up), its own sources'
// contributors first: the answer's "Ask a person" button.
func (a *App) PeopleForAnswer(ctx context.Context, answerID string) (People, error) {
	rec, err := a.answerRecord(ctx, answerID, "That answer has expired. Ask again, or try `/kb experts TOPIC`.")
	if err != nil {
		return People{}, err
	}
	topic := rec.Question
	if rec.Context != "" {
		topic = rec.Context + " " + rec.Question
	}
	return a.peopleFor(ctx, topic, rec.SourceIDs)
}

// peopleFor returns who can help with a topic: matching experts, and the
// contributors of approved lessons on it (the given sources first) who
// agreed to be contacted, and the moderators. Anonymous lessons have no
// contact and never appear.
func (a *App) peopleFor(ctx context.Context, topic string, sourceIDs []string) (People, error) {
	p := People{Moderators: a.Moderators()}
	if strings.TrimSpace(topic) != "" {
		ex, err := a.Experts(ctx, topic)
		if err != nil {
			return p, err
		}
		p.Experts = ex
	}
	seen := map[string]bool{}
	addEntry := func(e knowledge.Entry) {
		if e.Contact == "" || !e.Approved() || seen[e.Contact] {
			return
		}
		seen[e.Contact] = true
		p.Contributors = append(p.Contributors, Contributor{User: e.Contact, Title: e.Title, ID: e.ID})
	}
	for _, id := range sourceIDs {
		if e, ok := a.index.Get(id); ok {
			addEntry(e)
		}
	}
	if strings.TrimSpace(topic) != "" {
		res, err := a.index.Search(ctx, search.Query{Text: topic, Limit: 10})
		if err != nil {
			return p, err
		}
		for _, h := range res.Hits {
			addEntry(h.Entry)
		}
	}
	if len(p.Contributors) > 10 {
		p.Contributors = p.Contributors[:10]
	}
	return p, nil
}
