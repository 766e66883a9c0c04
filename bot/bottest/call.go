package bottest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Call is one request the fake received.
type Call struct {
	// Method is the Web API method ("chat.postMessage"), or
	// ResponseURLMethod for a post to a response_url.
	Method string
	// ResponseID is the <id> of /response/<id>, for response_url calls.
	ResponseID string
	// Form is the decoded body of a form-encoded call; JSON that of a JSON
	// call. Raw is the body as sent.
	Form url.Values
	JSON map[string]any
	Raw  []byte
	// Auth is the Authorization header.
	Auth string
	// Status is the HTTP status the fake answered with (an injected
	// failure, or 200); Reply is the JSON body it answered with (the ts
	// of a posted message, say).
	Status int
	Reply  map[string]any
	At     time.Time
}

// Value returns a field of the call: a form value, or a top-level JSON
// field formatted with %v ("" when absent).
func (c Call) Value(key string) string {
	if c.Form != nil {
		return c.Form.Get(key)
	}
	v, ok := c.JSON[key]
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// Token is the credential the call carried: the form's token field, or the
// Bearer token.
func (c Call) Token() string {
	if t := c.Value("token"); t != "" && c.Form != nil {
		return t
	}
	return strings.TrimPrefix(c.Auth, "Bearer ")
}

// OK reports whether the fake answered the call successfully.
func (c Call) OK() bool { return c.Status == http.StatusOK }

// View returns the `view` object of a views.* call.
func (c Call) View() map[string]any {
	v, _ := c.JSON["view"].(map[string]any)
	return v
}

// Blocks decodes the call's blocks: the `blocks` form field (a JSON string)
// of chat.* calls, the `blocks` array of a response_url post, or the view's
// blocks of views.* calls.
func (c Call) Blocks() ([]map[string]any, error) {
	var raw any
	switch {
	case c.Form != nil:
		s := c.Form.Get("blocks")
		if s == "" {
			return nil, nil
		}
		if err := json.Unmarshal([]byte(s), &raw); err != nil {
			return nil, fmt.Errorf("blocks field is not JSON: %w", err)
		}
	case c.View() != nil:
		raw = c.View()["blocks"]
	default:
		raw = c.JSON["blocks"]
	}
	if raw == nil {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("blocks is %T, want an array", raw)
	}
	out := make([]map[string]any, 0, len(list))
	for i, b := range list {
		m, ok := b.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("block %d is %T, want an object", i, b)
		}
		out = append(out, m)
	}
	return out, nil
}

// Text is everything a person could read in the call: the text fallback
// and every text in its blocks, joined by newlines.
func (c Call) Text() string {
	return c.Value("text") + "\n" + c.BlockText()
}

// BlockText is every text in the call's decoded blocks (section and
// context texts, fields, button labels), joined by newlines.
func (c Call) BlockText() string {
	var parts []string
	blocks, _ := c.Blocks()
	for _, b := range blocks {
		parts = append(parts, Texts(b)...)
	}
	return strings.Join(parts, "\n")
}

// Texts collects every string held under a "text" key, at any depth of
// decoded JSON (Block Kit, a view, a message).
func Texts(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "text" {
				out = append(out, s)
				continue
			}
			out = append(out, Texts(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, Texts(e)...)
		}
	}
	return out
}

// Action returns the element with the given action_id in the call's blocks
// (a button, say), or nil.
func (c Call) Action(actionID string) map[string]any {
	blocks, _ := c.Blocks()
	for _, b := range blocks {
		for _, e := range elements(b) {
			if e["action_id"] == actionID {
				return e
			}
		}
	}
	return nil
}

// ActionValue returns the value of the element with the given action_id.
func (c Call) ActionValue(actionID string) (string, bool) {
	e := c.Action(actionID)
	if e == nil {
		return "", false
	}
	v, _ := e["value"].(string)
	return v, true
}

// elements lists a block's interactive elements: an actions block's
// elements, a section's accessory, an input's element.
func elements(b map[string]any) []map[string]any {
	var out []map[string]any
	if list, ok := b["elements"].([]any); ok {
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	for _, k := range []string{"accessory", "element"} {
		if m, ok := b[k].(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
