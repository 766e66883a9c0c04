package bot

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
)

// addRoutes lists every route kbbot serves. The Slack routes exist only in
// HTTP mode; in Socket Mode deliveries arrive over the WebSocket instead.
func (b *Bot) addRoutes(mux *http.ServeMux, gatherer prometheus.Gatherer, slackRoutes bool) {
	mux.HandleFunc("GET /healthz", b.handleHealth)
	mux.HandleFunc("GET /readyz", b.handleReady)
	mux.Handle("GET /metrics", metricsHandler(gatherer))
	if slackRoutes {
		mux.HandleFunc("POST /slack/events", b.acking(b.handleEvents))
		mux.HandleFunc("POST /slack/commands", b.acking(b.handleCommands))
		mux.HandleFunc("POST /slack/interactivity", b.acking(b.handleInteractivity))
		// Slack checks a slash command's SSL with a GET ?ssl_check=1.
		mux.HandleFunc("GET /slack/commands", b.handleHealth)
	}
	if b.cfg.Web != nil {
		// The web catalogue: /, /entries/{id}, /insights, /auth/* and
		// /static/* (bot/web lists them), in both modes.
		mux.Handle("/", b.cfg.Web)
	}
}
