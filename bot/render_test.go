package bot

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Renderings as a person reads them, in testdata/*.golden: a reviewer sees
// in a diff what users will see. `go test ./bot -run TestGolden -update`
// rewrites them; without -update a changed rendering fails.

var update = flag.Bool("update", false, "rewrite the golden renderings in testdata/")

// when is the fixed time of the golden renderings.
var when = time.Date(2026, 3, 9, 14, 30, 0, 0, time.UTC)

// lessonEntry is a shared pilot lesson as handlers stores it.
func lessonEntry() knowledge.Entry {
	return knowledge.Entry{
		ID: "lesson-abcdefghij", Kind: knowledge.KindPilot, Status: knowledge.StatusApproved,
		Title:    "Ambient scribe in a GP practice: what we'd do differently",
		Summary:  "Agree the DPIA and the clinical safety case before go-live, and start with two clinicians who want it.",
		Category: knowledge.CategoryClinicalDocumentation, OrgType: knowledge.OrgPrimaryCare, Stage: knowledge.StagePilot,
		Outcome: knowledge.OutcomeMixed, Evidence: knowledge.EvidenceInternalAudit,
		Body: "## What happened\n\nWe ran an **ambient voice** tool for three months in two surgeries. Notes were *faster*, " +
			"see [the NHS England guidance](https://www.england.nhs.uk/long-read/guidance-on-the-use-of-ai-enabled-ambient-scribing-products/).\n\n" +
			"## Lessons for others\n\nAgree the DPIA and the clinical safety case before go-live, and start with two clinicians who want it.\n\n" +
			"## Barriers met\n\n- IG and DPIA delays\n- Staff capacity\n\n1. First step\n2. Second step",
		Tags: []string{"ambient scribe", "dpia"}, Source: "Pilot lesson shared by an NHS colleague through kbbot (March 2026)",
		Contact: "UAUTHOR1", ReviewedAt: knowledge.Day(when),
	}
}

func sourceOfEntry(e knowledge.Entry) handlers.Source {
	return handlers.Source{
		ID: e.ID, Title: e.Title, Kind: e.Kind, Summary: e.Summary, Category: e.Category, OrgType: e.OrgType,
		Outcome: e.Outcome, Evidence: e.Evidence, StopReason: e.StopReason, LastReviewed: e.LastReviewed(),
		Source: e.Source, URL: e.URL, Contact: e.Contact,
	}
}

func guidanceSource() handlers.Source {
	return handlers.Source{
		ID: "guidance-dtac", Title: "DTAC: the Digital Technology Assessment Criteria", Kind: knowledge.KindGuidance,
		Summary: "DTAC is the baseline assessment for digital health technologies bought by the NHS.", OrgType: "",
		LastReviewed: knowledge.Day(when), Source: "NHS England, DTAC (2024)", URL: "https://transform.england.nhs.uk/key-tools-and-info/digital-technology-assessment-criteria-dtac/",
	}
}

// Answers of the three kinds, as handlers returns them.
func answerHigh() handlers.Answer {
	return handlers.Answer{ID: "a1b2c3", Question: "has anyone piloted an ambient scribe in primary care?",
		Confidence: knowledge.ConfidenceHigh, Text: lessonEntry().Summary,
		Sources: []handlers.Source{sourceOfEntry(lessonEntry()), guidanceSource()}}
}

func answerLow() handlers.Answer {
	return handlers.Answer{ID: "d4e5f6", Question: "has anyone used AI for hydrotherapy pool bookings?",
		Confidence: knowledge.ConfidenceLow, Text: handlers.NotSureText, Sources: []handlers.Source{guidanceSource()}}
}

func answerNone() handlers.Answer {
	return handlers.Answer{ID: "g7h8i9", Question: "where do I park at the hospital?",
		Confidence: knowledge.ConfidenceNone, Text: handlers.NothingFoundText}
}

func TestGolden(t *testing.T) {
	review := handlers.Review{Entry: lessonEntry(), Author: "UAUTHOR1"}
	review.Entry.Status = knowledge.StatusPending
	renderings := map[string]string{
		"answer_high":    renderMessage(renderAnswer(answerHigh(), answerView{answerID: "a1b2c3", shareable: true})),
		"answer_low":     renderMessage(renderAnswer(answerLow(), answerView{answerID: "d4e5f6"})),
		"answer_none":    renderMessage(renderAnswer(answerNone(), answerView{answerID: "g7h8i9"})),
		"details":        renderView(detailsModal(lessonEntry(), "https://kbbot.example.nhs.uk")),
		"review":         renderMessage(reviewMessage(review)),
		"home_member":    renderView(renderHome(handlers.Home{Newest: []handlers.Source{sourceOfEntry(lessonEntry())}})),
		"home_moderator": renderView(renderHome(handlers.Home{Moderator: true, Pending: 3, Newest: []handlers.Source{sourceOfEntry(lessonEntry())}})),
		"help":           renderMessage(renderHelp("/kb", true)),
		"digest":         renderMessage(digestMessage(handlers.Digest{Since: when.AddDate(0, 0, -7), Lessons: []handlers.Source{sourceOfEntry(lessonEntry())}})),
		"notify_dm": renderMessage(noticeMessage(handlers.Notice{
			Text: "Good news: kbbot can now answer the question you asked me to watch: _%s_", Args: []string{answerHigh().Question},
			Answer: func() *handlers.Answer { a := answerHigh(); return &a }(),
		})),
	}
	for name, got := range renderings {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot -run TestGolden -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s changed; if that is intended, run go test ./bot -run TestGolden -update\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		})
	}
}

// renderMessage is a message as text: the notification text, then each
// block.
func renderMessage(m message) string {
	return "notification: " + m.text + "\n" + strings.Repeat("─", 60) + "\n" + renderBlocks(m.blocks)
}

// renderView is a modal or App Home as text: its title, then each block.
func renderView(v any) string {
	var head string
	switch v := v.(type) {
	case slack.ModalViewRequest:
		head = "modal: " + v.Title.Text
		if v.Submit != nil {
			head += " [" + v.Submit.Text + "]"
		}
		if v.Close != nil {
			head += " [" + v.Close.Text + "]"
		}
		return head + "\n" + strings.Repeat("─", 60) + "\n" + renderBlocks(v.Blocks.BlockSet)
	case slack.HomeTabViewRequest:
		return "home tab\n" + strings.Repeat("─", 60) + "\n" + renderBlocks(v.Blocks.BlockSet)
	}
	return fmt.Sprintf("%T", v)
}

// renderBlocks writes blocks as a reader sees them, from their JSON.
func renderBlocks(blocks []slack.Block) string {
	raw, err := json.Marshal(blocks)
	if err != nil {
		return err.Error()
	}
	var list []map[string]any
	if err := json.Unmarshal(raw, &list); err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, blk := range list {
		switch blk["type"] {
		case "divider":
			b.WriteString("────────\n")
		case "header":
			fmt.Fprintf(&b, "# %s\n", textOf(blk["text"]))
		case "section":
			b.WriteString(textOf(blk["text"]))
			if acc, ok := blk["accessory"].(map[string]any); ok {
				b.WriteString("   " + elementText(acc))
			}
			b.WriteString("\n")
		case "context":
			var parts []string
			for _, e := range blk["elements"].([]any) {
				parts = append(parts, textOf(e))
			}
			fmt.Fprintf(&b, "(%s)\n", strings.Join(parts, " "))
		case "actions":
			var parts []string
			for _, e := range blk["elements"].([]any) {
				parts = append(parts, elementText(e.(map[string]any)))
			}
			b.WriteString(strings.Join(parts, " ") + "\n")
		case "input":
			fmt.Fprintf(&b, "%s: %s\n", textOf(blk["label"]), elementText(blk["element"].(map[string]any)))
		default:
			fmt.Fprintf(&b, "<%v>\n", blk["type"])
		}
		b.WriteString("\n")
	}
	return b.String()
}

func textOf(v any) string {
	m, _ := v.(map[string]any)
	s, _ := m["text"].(string)
	return s
}

func elementText(e map[string]any) string {
	switch e["type"] {
	case "button":
		s := "[" + textOf(e["text"]) + "]"
		if u, ok := e["url"].(string); ok {
			s += "(" + u + ")"
		}
		return s
	case "plain_text_input":
		v, _ := e["initial_value"].(string)
		return fmt.Sprintf("[text box: %q]", v)
	}
	return fmt.Sprintf("[%v]", e["type"])
}

// TestReadmeShowsTheGoldens: README's "What kbbot posts" shows messages
// exactly as the goldens render them, so it cannot drift from what users
// see.
func TestReadmeShowsTheGoldens(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"answer_high", "answer_low", "answer_none", "review", "help"} {
		g, err := os.ReadFile(filepath.Join("testdata", name+".golden"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "```text\n"+strings.TrimRight(string(g), "\n")+"\n```") {
			t.Errorf("README.md does not show testdata/%s.golden as it is; copy it into \"What kbbot posts\"", name)
		}
	}
}
