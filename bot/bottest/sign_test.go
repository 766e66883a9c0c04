package bottest_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
)

// TestSign checks Sign against Slack's published vectors (platform notes
// §1): the docs' slash-command example and slack-go's own test vector.
func TestSign(t *testing.T) {
	tests := []struct {
		name, secret string
		ts           int64
		body         string
		want         string
	}{
		{
			name:   "slack docs example",
			secret: "8f742231b10e8888abcd99yyyzzz85a5",
			ts:     1531420618,
			body:   "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
			want:   "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
		},
		{
			name:   "changed body",
			secret: "8f742231b10e8888abcd99yyyzzz85a5",
			ts:     1531420618,
			body:   "token=xyzz0WbapA4vBCDEFasx0q6G",
			want:   "!v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, sig := bottest.Sign(tt.secret, time.Unix(tt.ts, 0), []byte(tt.body))
			if ts != "1531420618" {
				t.Errorf("timestamp = %q, want %q", ts, "1531420618")
			}
			if want, negate := strings.CutPrefix(tt.want, "!"); negate {
				if sig == want {
					t.Errorf("signature of a changed body = %q, want it to differ", sig)
				}
				return
			}
			if sig != tt.want {
				t.Errorf("signature = %q, want %q", sig, tt.want)
			}
		})
	}
}

// TestSignedRequestVerifies checks that what the request builders send
// passes slack-go's own verifier, which the bot uses.
func TestSignedRequestVerifies(t *testing.T) {
	const secret = "s3cret"
	reqs := map[string]*http.Request{
		"event":       bottest.EventRequest(t, "http://x/slack/events", secret, []byte(`{"type":"event_callback"}`)),
		"command":     bottest.CommandRequest(t, "http://x/slack/commands", secret, url.Values{"command": {"/kb"}, "text": {"a b&c"}}),
		"interaction": bottest.InteractionRequest(t, "http://x/slack/interactivity", secret, map[string]any{"type": "block_actions"}),
	}
	for name, req := range reqs {
		t.Run(name, func(t *testing.T) {
			sv, err := slack.NewSecretsVerifier(req.Header, secret)
			if err != nil {
				t.Fatalf("NewSecretsVerifier: %v", err)
			}
			body, err := req.GetBody()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(body)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sv.Write(b); err != nil {
				t.Fatal(err)
			}
			if err := sv.Ensure(); err != nil {
				t.Errorf("Ensure: %v, want a valid signature", err)
			}
		})
	}
}
