package bottest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Block Kit limits the fake checks (platform notes §8; Slack docs "Blocks",
// "Section block", "Actions block", "Context block", "Button", "Modal
// views"). slack-go sends blocks unchecked, so the fake is where a test
// finds out.
const (
	maxMessageBlocks  = 50
	maxViewBlocks     = 100
	maxSectionText    = 3000
	maxSectionFields  = 10
	maxFieldText      = 2000
	maxActionElements = 25
	maxContextElems   = 10
	maxBlockID        = 255
	maxActionID       = 255
	maxButtonText     = 75
	maxButtonValue    = 2000
	maxHeaderText     = 150
	maxModalTitle     = 24
	maxPrivateMeta    = 3000
	maxMessageText    = 40000
	maxButtonURL      = 3000
	maxOptions        = 100
	maxOptionText     = 75
	maxPlaceholder    = 150
	maxLabel          = 2000
	maxHint           = 2000
	maxInputLength    = 3000
	maxConfirmTitle   = 100
	maxConfirmText    = 300
	maxConfirmButton  = 30
	maxViewBytes      = 250 << 10
	maxCallbackID     = 255
)

// checkCall returns the violations in a call, and whether any of them is
// one real Slack answers with invalid_blocks.
func checkCall(c Call) (violations []string, invalidBlocks bool) {
	name := c.Method
	if c.Method == ResponseURLMethod {
		name += " " + c.ResponseID
	}
	bad := func(format string, args ...any) {
		violations = append(violations, name+": "+fmt.Sprintf(format, args...))
	}
	blocks, err := c.Blocks()
	if err != nil {
		bad("%v", err)
		return violations, true
	}
	switch {
	case strings.HasPrefix(c.Method, "chat."), c.Method == ResponseURLMethod:
		if c.Method == "chat.delete" || (c.Method == ResponseURLMethod && c.Value("delete_original") == "true") {
			break
		}
		text := c.Value("text")
		if strings.TrimSpace(text) == "" {
			// Slack accepts it, but notifications and screen readers
			// then show nothing useful.
			bad("no text fallback")
		}
		if utf8.RuneCountInString(text) > maxMessageText {
			bad("text has %d characters, over %d", utf8.RuneCountInString(text), maxMessageText)
		}
		if len(blocks) > maxMessageBlocks {
			bad("%d blocks, over %d per message", len(blocks), maxMessageBlocks)
			invalidBlocks = true
		}
	case strings.HasPrefix(c.Method, "views."):
		v := c.View()
		if v == nil {
			bad("no view")
			return violations, true
		}
		if len(blocks) > maxViewBlocks {
			bad("%d blocks, over %d per view", len(blocks), maxViewBlocks)
			invalidBlocks = true
		}
		if v["type"] == "modal" {
			if n := textLen(v["title"]); n == 0 || n > maxModalTitle {
				bad("modal title has %d characters, want 1 to %d", n, maxModalTitle)
				invalidBlocks = true
			}
			for _, k := range []string{"submit", "close"} {
				if n := textLen(v[k]); n > maxModalTitle {
					bad("modal %s has %d characters, over %d", k, n, maxModalTitle)
					invalidBlocks = true
				}
			}
			if hasInput(blocks) && v["submit"] == nil {
				bad("modal has input blocks but no submit button")
				invalidBlocks = true
			}
		}
		if pm, _ := v["private_metadata"].(string); len(pm) > maxPrivateMeta {
			bad("private_metadata has %d characters, over %d", len(pm), maxPrivateMeta)
			invalidBlocks = true
		}
		if id, _ := v["callback_id"].(string); len(id) > maxCallbackID {
			bad("callback_id has %d characters, over %d", len(id), maxCallbackID)
			invalidBlocks = true
		}
		if n := len(c.Raw); n > maxViewBytes {
			bad("view is %d bytes, over %d (view_too_large)", n, maxViewBytes)
			invalidBlocks = true
		}
		switch c.Method {
		case "views.open", "views.push":
			if c.Value("trigger_id") == "" {
				bad("no trigger_id")
				invalidBlocks = true
			}
		case "views.update":
			if c.Value("view_id") == "" && c.Value("external_id") == "" {
				bad("views.update without view_id or external_id")
				invalidBlocks = true
			}
		case "views.publish":
			if c.Value("user_id") == "" || v["type"] != "home" {
				bad("views.publish wants a user_id and a home view")
				invalidBlocks = true
			}
		}
	}
	seen := map[string]bool{}
	for i, b := range blocks {
		for _, v := range checkBlock(b) {
			bad("block %d (%v): %s", i, b["type"], v)
			invalidBlocks = true
		}
		if id, _ := b["block_id"].(string); id != "" {
			if seen[id] {
				bad("block %d: block_id %q is not unique", i, id)
				invalidBlocks = true
			}
			seen[id] = true
		}
	}
	return violations, invalidBlocks
}

// checkBlock checks one block's own limits.
func checkBlock(b map[string]any) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if id, _ := b["block_id"].(string); len(id) > maxBlockID {
		bad("block_id has %d characters, over %d", len(id), maxBlockID)
	}
	switch b["type"] {
	case "section":
		fields, _ := b["fields"].([]any)
		if b["text"] == nil && len(fields) == 0 {
			bad("section has neither text nor fields")
		}
		if b["text"] != nil {
			if n := textLen(b["text"]); n == 0 || n > maxSectionText {
				bad("section text has %d characters, want 1 to %d", n, maxSectionText)
			}
		}
		if len(fields) > maxSectionFields {
			bad("section has %d fields, over %d", len(fields), maxSectionFields)
		}
		for _, f := range fields {
			if n := textLen(f); n > maxFieldText {
				bad("section field has %d characters, over %d", n, maxFieldText)
			}
		}
	case "header":
		if n := textLen(b["text"]); n == 0 || n > maxHeaderText {
			bad("header text has %d characters, want 1 to %d", n, maxHeaderText)
		}
	case "actions":
		els, _ := b["elements"].([]any)
		if len(els) == 0 || len(els) > maxActionElements {
			bad("actions block has %d elements, want 1 to %d", len(els), maxActionElements)
		}
	case "context":
		els, _ := b["elements"].([]any)
		if len(els) == 0 || len(els) > maxContextElems {
			bad("context block has %d elements, want 1 to %d", len(els), maxContextElems)
		}
		for _, e := range els {
			if n := textLen(e); n > maxSectionText {
				bad("context text has %d characters, over %d", n, maxSectionText)
			}
		}
	}
	if b["type"] == "input" {
		if n := textLen(b["label"]); n == 0 || n > maxLabel {
			bad("input label has %d characters, want 1 to %d", n, maxLabel)
		}
		if h, ok := b["hint"]; ok && textLen(h) > maxHint {
			bad("input hint has %d characters, over %d", textLen(h), maxHint)
		}
		if b["element"] == nil {
			bad("input block without an element")
		}
	}
	for _, e := range elements(b) {
		out = append(out, checkElement(e)...)
	}
	return out
}

// checkElement checks an interactive element: buttons, selects, inputs.
func checkElement(e map[string]any) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if id, _ := e["action_id"].(string); len(id) > maxActionID {
		bad("action_id has %d characters, over %d", len(id), maxActionID)
	}
	if p, ok := e["placeholder"]; ok && textLen(p) > maxPlaceholder {
		bad("placeholder has %d characters, over %d", textLen(p), maxPlaceholder)
	}
	switch e["type"] {
	case "button":
		if n := textLen(e["text"]); n == 0 || n > maxButtonText {
			bad("button text has %d characters, want 1 to %d", n, maxButtonText)
		}
		if v, _ := e["value"].(string); len(v) > maxButtonValue {
			bad("button value has %d characters, over %d", len(v), maxButtonValue)
		}
		if u, _ := e["url"].(string); len(u) > maxButtonURL {
			bad("button url has %d characters, over %d", len(u), maxButtonURL)
		}
		if st, ok := e["style"].(string); ok && st != "primary" && st != "danger" {
			bad("button style %q, want primary or danger", st)
		}
	case "plain_text_input":
		max, hasMax := e["max_length"].(float64)
		if hasMax && (max < 1 || max > maxInputLength) {
			bad("plain_text_input max_length %v, want 1 to %d", max, maxInputLength)
		}
		if iv, _ := e["initial_value"].(string); iv != "" {
			n := utf8.RuneCountInString(iv)
			if n > maxInputLength || (hasMax && float64(n) > max) {
				bad("plain_text_input initial_value has %d characters, over its max_length %v", n, max)
			}
		}
	case "static_select", "multi_static_select", "radio_buttons", "checkboxes":
		opts, _ := e["options"].([]any)
		if len(opts) == 0 || len(opts) > maxOptions {
			bad("%s has %d options, want 1 to %d", e["type"], len(opts), maxOptions)
		}
		for _, o := range opts {
			om, _ := o.(map[string]any)
			if n := textLen(om["text"]); n == 0 || n > maxOptionText {
				bad("option text has %d characters, want 1 to %d", n, maxOptionText)
			}
		}
	}
	if cf, ok := e["confirm"].(map[string]any); ok {
		for k, limit := range map[string]int{"title": maxConfirmTitle, "text": maxConfirmText, "confirm": maxConfirmButton, "deny": maxConfirmButton} {
			if n := textLen(cf[k]); n == 0 || n > limit {
				bad("confirm %s has %d characters, want 1 to %d", k, n, limit)
			}
		}
	}
	return out
}

// textLen is the length in characters of a text object's text.
func textLen(v any) int {
	m, ok := v.(map[string]any)
	if !ok {
		return 0
	}
	s, _ := m["text"].(string)
	return utf8.RuneCountInString(s)
}

func hasInput(blocks []map[string]any) bool {
	for _, b := range blocks {
		if b["type"] == "input" {
			return true
		}
	}
	return false
}
