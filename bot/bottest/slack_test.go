package bottest_test

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
)

// The fake is checked with slack-go itself, the client the bot uses.

func TestFakeRecordsWhatSlackGoSends(t *testing.T) {
	fake := bottest.NewSlack(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()))
	ctx := t.Context()

	ch, ts, err := api.PostMessageContext(ctx, "C1",
		slack.MsgOptionText("fallback", false),
		slack.MsgOptionTS("1700000000.000001"),
		slack.MsgOptionBlocks(
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*hello* <world>", false, false), nil, nil),
			slack.NewActionBlock("acts", slack.NewButtonBlockElement("kb_helpful", "answer-1", slack.NewTextBlockObject(slack.PlainTextType, "Yes", false, false))),
		))
	if err != nil {
		t.Fatalf("PostMessage: %v", err)
	}
	if ch != "C1" || !regexp.MustCompile(`^\d{10}\.\d{6}$`).MatchString(ts) {
		t.Errorf("PostMessage = %q, %q; want C1 and a Slack-style ts", ch, ts)
	}
	_, ts2, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("again", false))
	if ts2 <= ts {
		t.Errorf("second ts %q not after first %q", ts2, ts)
	}
	calls := fake.Calls("chat.postMessage")
	if len(calls) != 2 {
		t.Fatalf("recorded %d chat.postMessage calls, want 2", len(calls))
	}
	c := calls[0]
	if got := c.Token(); got != "xoxb-test" {
		t.Errorf("token = %q, want xoxb-test", got)
	}
	if got := c.Value("thread_ts"); got != "1700000000.000001" {
		t.Errorf("thread_ts = %q", got)
	}
	if !strings.Contains(c.Text(), "*hello* <world>") || !strings.Contains(c.Text(), "fallback") {
		t.Errorf("Text() = %q, want the decoded block text and the fallback", c.Text())
	}
	if v, ok := c.ActionValue("kb_helpful"); !ok || v != "answer-1" {
		t.Errorf("ActionValue(kb_helpful) = %q, %v; want answer-1", v, ok)
	}
	if len(fake.Violations()) != 0 {
		t.Errorf("violations = %q, want none", fake.Violations())
	}

	if _, err := api.OpenViewContext(ctx, "trigger", slack.ModalViewRequest{
		Type: slack.VTModal, Title: slack.NewTextBlockObject(slack.PlainTextType, "Title", false, false), CallbackID: "cb",
	}); err != nil {
		t.Fatalf("OpenView: %v", err)
	}
	v := fake.Calls("views.open")[0]
	if v.Auth != "Bearer xoxb-test" || v.View()["callback_id"] != "cb" {
		t.Errorf("views.open recorded auth %q view %v", v.Auth, v.View())
	}

	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionText("private", false),
		slack.MsgOptionResponseURL(fake.ResponseURL("r1"), slack.ResponseTypeEphemeral)); err != nil {
		t.Fatalf("response_url post: %v", err)
	}
	r := fake.WaitCalls(t, bottest.ResponseURLMethod, 1, time.Second)[0]
	if r.ResponseID != "r1" || r.Value("response_type") != "ephemeral" || r.Value("text") != "private" {
		t.Errorf("response_url call = %+v", r)
	}
}

func TestFakeFailures(t *testing.T) {
	fake := bottest.NewSlack(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()))
	ctx := t.Context()
	text := slack.MsgOptionText("x", false)

	fake.FailNext("chat.postMessage", http.StatusTooManyRequests, "1", 1)
	fake.FailNext("chat.postMessage", http.StatusInternalServerError, "", 1)
	fake.RejectNext("chat.postMessage", "channel_not_found", 1)

	_, _, err := api.PostMessageContext(ctx, "C1", text)
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Errorf("first post: err = %v, want a RateLimitedError with RetryAfter 1s", err)
	}
	_, _, err = api.PostMessageContext(ctx, "C1", text)
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != 500 {
		t.Errorf("second post: err = %v, want status 500", err)
	}
	_, _, err = api.PostMessageContext(ctx, "C1", text)
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "channel_not_found" {
		t.Errorf("third post: err = %v, want channel_not_found", err)
	}
	if _, _, err = api.PostMessageContext(ctx, "C1", text); err != nil {
		t.Errorf("fourth post: %v, want success", err)
	}
	statuses := []int{}
	for _, c := range fake.Calls("chat.postMessage") {
		statuses = append(statuses, c.Status)
	}
	if want := []int{429, 500, 200, 200}; !slices.Equal(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}
}

func TestFakeChecksBlockKitLimits(t *testing.T) {
	fake := bottest.NewSlack(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()))
	ctx := t.Context()
	section := func(s string) slack.Block {
		return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, s, false, false), nil, nil)
	}
	var many []slack.Block
	for range 51 {
		many = append(many, section("x"))
	}
	tests := []struct {
		name string
		opts []slack.MsgOption
		want string
	}{
		{"51 blocks", []slack.MsgOption{slack.MsgOptionText("x", false), slack.MsgOptionBlocks(many...)}, "51 blocks"},
		{"long section", []slack.MsgOption{slack.MsgOptionText("x", false), slack.MsgOptionBlocks(section(strings.Repeat("é", 3001)))}, "3001 characters"},
		{"no fallback", []slack.MsgOption{slack.MsgOptionBlocks(section("x"))}, "no text fallback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _ = api.PostMessageContext(ctx, "C1", tt.opts...)
			v := fake.TakeViolations()
			if len(v) != 1 || !strings.Contains(v[0], tt.want) {
				t.Errorf("violations = %q, want one mentioning %q", v, tt.want)
			}
		})
	}
}

// TestFakeChecksViewLimits: the limits of modals and their elements that
// slack-go does not check, each refused as real Slack would.
func TestFakeChecksViewLimits(t *testing.T) {
	fake := bottest.NewSlack(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()))
	ctx := t.Context()
	plain := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	modal := func(blocks ...slack.Block) slack.ModalViewRequest {
		return slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Form"), Submit: plain("Save"), Blocks: slack.Blocks{BlockSet: blocks}}
	}
	input := func(max int, initial string) slack.Block {
		el := slack.NewPlainTextInputBlockElement(nil, "body")
		el.MaxLength, el.InitialValue = max, initial
		return slack.NewInputBlock("body", plain("Body"), nil, el)
	}
	var opts []*slack.OptionBlockObject
	for i := range 101 {
		opts = append(opts, slack.NewOptionBlockObject(fmt.Sprint(i), plain("option"), nil))
	}
	long := slack.NewButtonBlockElement("go", "v", plain("Open"))
	long.URL = "https://example.org/" + strings.Repeat("a", 3000)
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"input over 3,000", func() error { _, err := api.OpenViewContext(ctx, "trig", modal(input(8000, ""))); return err }, "max_length 8000"},
		{"initial value over its max", func() error {
			_, err := api.OpenViewContext(ctx, "trig", modal(input(10, "eleven char")))
			return err
		}, "initial_value has 11 characters"},
		{"101 options", func() error {
			sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick"), "pick", opts...)
			_, err := api.OpenViewContext(ctx, "trig", modal(slack.NewInputBlock("pick", plain("Pick"), nil, sel)))
			return err
		}, "101 options"},
		{"confirmation text too long", func() error {
			b := slack.NewButtonBlockElement("go", "v", plain("Go"))
			b.Confirm = slack.NewConfirmationBlockObject(plain("Sure?"), plain(strings.Repeat("x", 301)), plain("Yes"), plain("No"))
			_, err := api.OpenViewContext(ctx, "trig", modal(slack.NewActionBlock("a", b)))
			return err
		}, "confirm text has 301"},
		{"button url too long", func() error {
			_, err := api.OpenViewContext(ctx, "trig", modal(slack.NewActionBlock("a", long)))
			return err
		}, "button url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			v := fake.TakeViolations()
			if len(v) != 1 || !strings.Contains(v[0], tt.want) {
				t.Errorf("violations = %q, want one mentioning %q", v, tt.want)
			}
			if err == nil || !strings.Contains(err.Error(), "invalid_blocks") {
				t.Errorf("the fake answered %v, want invalid_blocks as Slack does", err)
			}
		})
	}
}
