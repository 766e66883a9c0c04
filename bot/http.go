package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// NewHandler returns kbbot's HTTP handler: the Slack endpoints (when
// slackRoutes is true, i.e. HTTP mode) and health, readiness and metrics
// in both modes. Every route is listed in routes.go.
func (b *Bot) NewHandler(gatherer prometheus.Gatherer, slackRoutes bool) http.Handler {
	// Without Slack routes deliveries come over Socket Mode: /readyz must
	// say "not ready" until that connection is up, even before it starts.
	b.socketMode.Store(!slackRoutes)
	mux := http.NewServeMux()
	b.addRoutes(mux, gatherer, slackRoutes)
	return b.recoverer(mux)
}

// recoverer turns a panic in any handler into a logged error and a 500,
// so one bad request never takes the process down.
func (b *Bot) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				b.m.Panics.Inc()
				b.lg.Error("panic in HTTP handler", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (b *Bot) handleHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// handleReady reports ready only when Redis answers, the search index is
// built, and in Socket Mode the connection is up.
func (b *Bot) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var err error
	switch {
	case b.cfg.Ready != nil:
		err = b.cfg.Ready(ctx)
	}
	if err == nil && b.socketMode.Load() && !b.socketUp.Load() {
		err = errors.New("socket mode connection is down")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("not ready: " + err.Error() + "\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

func metricsHandler(g prometheus.Gatherer) http.Handler {
	return promhttp.HandlerFor(g, promhttp.HandlerOpts{})
}

// slackRequest verifies a Slack request; on failure it writes the status
// and returns nil.
func (b *Bot) slackRequest(w http.ResponseWriter, r *http.Request) []byte {
	body, err := verify(r, b.cfg.SigningSecret)
	if err != nil {
		var ve *verifyError
		status := http.StatusUnauthorized
		if errors.As(err, &ve) {
			status = ve.status
		}
		b.m.Events.WithLabelValues("rejected").Inc()
		b.lg.Warn("slack request refused", "path", r.URL.Path, "status", status, "reason", err.Error())
		http.Error(w, http.StatusText(status), status)
		return nil
	}
	return body
}

// handleEvents serves POST /slack/events: url_verification is answered,
// event_callback is queued and acknowledged, and handled afterwards by a
// worker; anything else is acknowledged and ignored.
func (b *Bot) handleEvents(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body := b.slackRequest(w, r)
	if body == nil {
		return
	}
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
		EventID   string `json:"event_id"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "malformed JSON", http.StatusBadRequest)
		return
	}
	switch outer.Type {
	case slackevents.URLVerification:
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(outer.Challenge))
		return
	case slackevents.CallbackEvent:
	default:
		w.WriteHeader(http.StatusOK) // app_rate_limited and future types
		return
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// An inner event type slack-go does not know: acknowledge and
		// ignore, so Slack does not retry it.
		b.m.Events.WithLabelValues("unknown").Inc()
		w.WriteHeader(http.StatusOK)
		return
	}
	// Queued (and claimed) before the acknowledgement: once Slack has its
	// 200 the work is in Redis, not in this process's memory.
	b.onEvent(r.Context(), delivery{eventID: outer.EventID, retry: retryNum(r), inner: ev.InnerEvent, received: start})
	w.WriteHeader(http.StatusOK)
	b.m.AckLatency.WithLabelValues("http").Observe(time.Since(start).Seconds())
}

func retryNum(r *http.Request) int {
	n := 0
	for _, c := range r.Header.Get("X-Slack-Retry-Num") {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// handleCommands serves POST /slack/commands.
func (b *Bot) handleCommands(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body := b.slackRequest(w, r)
	if body == nil {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("command") == "" || form.Get("user_id") == "" {
		http.Error(w, "malformed slash command", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{
		Token: form.Get("token"), TeamID: form.Get("team_id"), TeamDomain: form.Get("team_domain"),
		EnterpriseID: form.Get("enterprise_id"), ChannelID: form.Get("channel_id"), ChannelName: form.Get("channel_name"),
		UserID: form.Get("user_id"), UserName: form.Get("user_name"), Command: form.Get("command"), Text: form.Get("text"),
		ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
	}
	resp := b.safeCommand(r.Context(), cmd, start)
	writeAck(w, resp)
	b.m.AckLatency.WithLabelValues("http").Observe(time.Since(start).Seconds())
}

// safeCommand runs onCommand, turning a panic into an apology shown to the
// caller.
func (b *Bot) safeCommand(ctx context.Context, cmd slack.SlashCommand, start time.Time) (resp *commandResponse) {
	defer func() {
		if p := recover(); p != nil {
			b.m.Panics.Inc()
			b.lg.Error("panic handling a slash command", "user", cmd.UserID, "panic", p, "stack", string(debug.Stack()))
			resp = ephemeral(message{text: apologyText})
		}
	}()
	return b.onCommand(ctx, cmd, start)
}

// handleInteractivity serves POST /slack/interactivity.
func (b *Bot) handleInteractivity(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body := b.slackRequest(w, r)
	if body == nil {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("payload") == "" {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil || cb.Type == "" || cb.User.ID == "" {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	resp := b.safeInteraction(r.Context(), cb)
	writeAck(w, resp)
	b.m.AckLatency.WithLabelValues("http").Observe(time.Since(start).Seconds())
}

// safeInteraction runs onInteraction, turning a panic into nothing (a
// button) or an apology on the modal (a submission).
func (b *Bot) safeInteraction(ctx context.Context, cb slack.InteractionCallback) (resp any) {
	defer func() {
		if p := recover(); p != nil {
			b.m.Panics.Inc()
			b.lg.Error("panic handling an interaction", "type", string(cb.Type), "user", cb.User.ID, "panic", p, "stack", string(debug.Stack()))
			resp = nil
			if cb.Type == slack.InteractionTypeViewSubmission {
				resp = viewErrors(map[string]string{firstInputBlock(cb.View): apologyText})
			}
		}
	}()
	return b.onInteraction(ctx, cb)
}

// firstInputBlock names an input block of a view, for an error Slack can
// show (errors must be keyed by an input block id).
func firstInputBlock(v slack.View) string {
	for _, bl := range v.Blocks.BlockSet {
		if in, ok := bl.(*slack.InputBlock); ok {
			return in.BlockID
		}
	}
	return ""
}

// writeAck writes an immediate response: empty 200, or JSON.
func writeAck(w http.ResponseWriter, resp any) {
	if isNil(resp) {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// isNil reports whether v is nil or a typed nil pointer.
func isNil(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case *commandResponse:
		// An empty response means "acknowledged; the reply follows".
		return x == nil || (x.Text == "" && len(x.Blocks) == 0)
	case *slack.ViewSubmissionResponse:
		return x == nil
	}
	return false
}
