package bottest

import (
	"fmt"
	"slices"
	"testing"
)

// Builders for the curation payloads: a modal submitted as Slack builds the
// submission from the view the bot opened, and a message shortcut.

// SubmitView is the view_submission Slack sends when user presses Submit
// on view (the view of a views.open call, as c.View() returns it). Its
// state.values holds, for every input block, the element's state keyed by
// block_id then action_id, shaped by element type as Slack shapes it:
// "value" for a plain_text_input, "selected_option" for a static_select or
// radio_buttons, "selected_options" for a multi_static_select or
// checkboxes. values gives what the user entered, by block id: a string,
// or a []string for a multi-select. Blocks not in values keep what the
// view prefilled (initial_value, initial_option, initial_options), or are
// empty. Asking for a block the view lacks, or a choice it does not offer,
// fails the test: nobody could have submitted that.
func SubmitView(t testing.TB, user string, view map[string]any, values map[string]any) map[string]any {
	t.Helper()
	if view == nil {
		t.Fatalf("bottest: SubmitView: no view")
	}
	blocks, _ := view["blocks"].([]any)
	state := map[string]any{}
	used := map[string]bool{}
	for _, raw := range blocks {
		b, _ := raw.(map[string]any)
		if b["type"] != "input" {
			continue
		}
		blockID, _ := b["block_id"].(string)
		el, _ := b["element"].(map[string]any)
		actionID, _ := el["action_id"].(string)
		if blockID == "" || actionID == "" {
			t.Fatalf("bottest: SubmitView: input block %v has no block_id or action_id", b)
		}
		v, given := values[blockID]
		used[blockID] = given
		st, err := elementState(el, v, given)
		if err != nil {
			t.Fatalf("bottest: SubmitView: block %q: %v", blockID, err)
		}
		state[blockID] = map[string]any{actionID: st}
	}
	for id := range values {
		if _, ok := used[id]; !ok {
			t.Fatalf("bottest: SubmitView: the view has no input block %q", id)
		}
	}
	submitted := map[string]any{
		"id": "V0SUBMIT01", "team_id": TeamID, "type": view["type"],
		"callback_id": view["callback_id"], "private_metadata": view["private_metadata"],
		"title": view["title"], "submit": view["submit"], "close": view["close"],
		"blocks": blocks, "state": map[string]any{"values": state},
		"hash": "1700000010.AbCdEf12", "app_id": AppID, "bot_id": BotID, "root_view_id": "V0SUBMIT01",
		"previous_view_id": nil, "clear_on_close": false, "notify_on_close": false,
	}
	return map[string]any{
		"type":       "view_submission",
		"team":       map[string]any{"id": TeamID, "domain": "example"},
		"user":       map[string]any{"id": user, "username": "someone", "name": "someone", "team_id": TeamID},
		"api_app_id": AppID, "token": "verification_token",
		"trigger_id":    "1234567890123.1234567890123.fedcba",
		"view":          submitted,
		"response_urls": []any{}, "is_enterprise_install": false, "enterprise": nil,
	}
}

// elementState is one input element's entry in state.values.
func elementState(el map[string]any, v any, given bool) (map[string]any, error) {
	typ, _ := el["type"].(string)
	switch typ {
	case "plain_text_input":
		if !given {
			if iv, ok := el["initial_value"].(string); ok {
				return map[string]any{"type": typ, "value": iv}, nil
			}
			return map[string]any{"type": typ, "value": nil}, nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("a text input takes a string, not %T", v)
		}
		if s == "" {
			return map[string]any{"type": typ, "value": nil}, nil // Slack sends null for an empty input
		}
		return map[string]any{"type": typ, "value": s}, nil
	case "static_select", "radio_buttons":
		if !given {
			return map[string]any{"type": typ, "selected_option": el["initial_option"]}, nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("a %s takes a string, not %T", typ, v)
		}
		if s == "" {
			return map[string]any{"type": typ, "selected_option": nil}, nil
		}
		o, err := findOption(el, s)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": typ, "selected_option": o}, nil
	case "multi_static_select", "checkboxes":
		if !given {
			sel := el["initial_options"]
			if sel == nil {
				sel = []any{}
			}
			return map[string]any{"type": typ, "selected_options": sel}, nil
		}
		list, ok := v.([]string)
		if !ok {
			return nil, fmt.Errorf("a %s takes a []string, not %T", typ, v)
		}
		sel := []any{}
		for _, s := range list {
			o, err := findOption(el, s)
			if err != nil {
				return nil, err
			}
			sel = append(sel, o)
		}
		return map[string]any{"type": typ, "selected_options": sel}, nil
	}
	return nil, fmt.Errorf("element type %q is not supported", typ)
}

// findOption returns the option with value s that el offers, as Slack
// echoes it back (text, value and description).
func findOption(el map[string]any, s string) (any, error) {
	opts, _ := el["options"].([]any)
	var offered []string
	for _, raw := range opts {
		o, _ := raw.(map[string]any)
		v, _ := o["value"].(string)
		if v == s {
			return o, nil
		}
		offered = append(offered, v)
	}
	slices.Sort(offered)
	return nil, fmt.Errorf("option %q is not offered (offered: %q)", s, offered)
}

// InputBlock returns the input block with block_id id in a view, or nil.
func InputBlock(view map[string]any, id string) map[string]any {
	blocks, _ := view["blocks"].([]any)
	for _, raw := range blocks {
		b, _ := raw.(map[string]any)
		if b["type"] == "input" && b["block_id"] == id {
			return b
		}
	}
	return nil
}

// OptionValues lists the values an input block's element offers.
func OptionValues(block map[string]any) []string {
	el, _ := block["element"].(map[string]any)
	opts, _ := el["options"].([]any)
	var out []string
	for _, raw := range opts {
		o, _ := raw.(map[string]any)
		if v, ok := o["value"].(string); ok {
			out = append(out, v)
		}
	}
	return out
}

// MessageAction is a message_action payload: user chose the message
// shortcut callbackID on the message with ts messageTS and text in
// channel, in the workspace at domain.slack.com.
func MessageAction(user, channel, callbackID, domain, messageTS, text, responseURL string) map[string]any {
	return map[string]any{
		"type":        "message_action",
		"token":       "verification_token",
		"action_ts":   "1700000020.000001",
		"team":        map[string]any{"id": TeamID, "domain": domain},
		"user":        map[string]any{"id": user, "username": "someone", "name": "someone", "team_id": TeamID},
		"channel":     map[string]any{"id": channel, "name": "ai-pilots"},
		"callback_id": callbackID,
		"trigger_id":  "1234567890123.1234567890123.shortcut0123456789",
		"message_ts":  messageTS,
		"message": map[string]any{
			"type": "message", "user": "UPOSTER", "ts": messageTS, "text": text,
			"client_msg_id": "c-" + messageTS, "team": TeamID,
		},
		"response_url":          responseURL,
		"is_enterprise_install": false, "enterprise": nil,
	}
}
