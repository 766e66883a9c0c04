package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// TestAnswerKinds renders each kind of answer the use cases return as the
// search page shows it. Search today returns only high or none; a low
// answer is built here, as handlers.Ask builds it.
func TestAnswerKinds(t *testing.T) {
	s, err := New(slog.New(slog.DiscardHandler), Config{PublicURL: "https://kbbot.example.nhs.uk", ClientID: "1.2", ClientSecret: "s", TeamID: "T1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	src := handlers.Source{ID: "pilot-x", Title: "X-ray triage pilot", Kind: knowledge.KindPilot, Summary: "Cleared the backlog.",
		Outcome: knowledge.OutcomeSuccess, Evidence: knowledge.EvidenceServiceEvaluation, OrgType: knowledge.OrgAcuteTrust, Contact: "UCONTACT1"}
	anon := src
	anon.ID, anon.Contact = "pilot-anon", ""
	for _, tc := range []struct {
		name string
		ans  handlers.Answer
		want []string
		not  []string
	}{
		{"high", handlers.Answer{Confidence: knowledge.ConfidenceHigh, Text: "Cleared the backlog.", Sources: []handlers.Source{src}},
			[]string{"Confident answer", "answer-high", "X-ray triage pilot", "<li>Success</li>", "<li>Evidence: service evaluation</li>", "<li>Acute trust</li>", "UCONTACT1"}, []string{"Not sure"}},
		{"low", handlers.Answer{Confidence: knowledge.ConfidenceLow, Text: handlers.NotSureText, Sources: []handlers.Source{anon}},
			[]string{"Not sure", "answer-low", "I&#39;m not sure these answer your question", "/entries/pilot-anon"}, []string{"Confident answer", "Contact:"}},
		{"none", handlers.Answer{Confidence: knowledge.ConfidenceNone, Text: handlers.NothingFoundText},
			[]string{"Nothing found", "answer-none", "won&#39;t guess"}, []string{`class="card"`}},
		{"refused", handlers.Answer{Refused: privacy.NHSNumber, Text: handlers.RefusalText(privacy.NHSNumber)},
			[]string{"Not searched", "answer-refused", "NHS number"}, []string{`class="card"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, "/?q=x", nil)
			s.render(rec, req, http.StatusOK, "home", viewer{User: "U1", CSRF: "tok"}, "Search", homeView{Query: "x", Answer: s.answerViewOf(tc.ans)})
			body := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s answer lacks %q", tc.name, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("%s answer holds %q", tc.name, n)
				}
			}
		})
	}
}
