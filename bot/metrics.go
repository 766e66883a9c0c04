package bot

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are kbbot's Prometheus metrics. They live on a registry made in
// run and passed in: no global default registry.
type Metrics struct {
	Events        *prometheus.CounterVec
	AckLatency    *prometheus.HistogramVec
	AnswerLatency prometheus.Histogram
	Answers       *prometheus.CounterVec
	SlackErrors   *prometheus.CounterVec
	SlackRetries  *prometheus.CounterVec
	DedupHits     prometheus.Counter
	JobsDropped   prometheus.Counter
	JobsInProcess prometheus.Counter
	DataLoss      *prometheus.CounterVec
	DataRestore   prometheus.Histogram
	JobsRunning   prometheus.Gauge
	Panics        prometheus.Counter
	Refusals      *prometheus.CounterVec
	RedisUp       prometheus.Gauge
	LLMCacheHits  prometheus.Counter
	LLMFallbacks  *prometheus.CounterVec
	// EmbedFallbacks counts questions answered by words alone although
	// hybrid search is on (handlers.Answer.VectorFallback).
	EmbedFallbacks *prometheus.CounterVec
}

// NewMetrics creates the metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_events_total", Help: "Slack deliveries received, by type (app_mention, message, slash_command, block_actions, …).",
		}, []string{"type"}),
		AckLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kbbot_ack_latency_seconds", Help: "Time from receiving a Slack delivery to acknowledging it.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"mode"}),
		AnswerLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "kbbot_answer_latency_seconds", Help: "Time from receiving a question to posting its answer.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20},
		}),
		Answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_answers_total", Help: "Questions answered, by result (found, not_sure, not_found, refused, small_talk).",
		}, []string{"result"}),
		SlackErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_slack_api_errors_total", Help: "Slack Web API calls that failed after retries, by method.",
		}, []string{"method"}),
		SlackRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_slack_api_retries_total", Help: "Slack Web API retries, by method and reason (rate_limited, server_error).",
		}, []string{"method", "reason"}),
		DedupHits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_dedup_hits_total", Help: "Redelivered Slack events recognised and not handled again.",
		}),
		JobsDropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_jobs_dropped_total", Help: "Jobs refused by the in-process pool (full or shutting down) when the durable queue could not take them either; their users were told.",
		}),
		JobsInProcess: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_jobs_in_process_total", Help: "Jobs run in this process because the durable queue could not take them (Redis unreachable or the queue at its bound).",
		}),
		DataLoss: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_data_loss_total", Help: "Times Redis was seen to have lost the knowledge base while kbbot ran, by reason (empty, changes_backwards).",
		}, []string{"reason"}),
		DataRestore: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "kbbot_data_restore_seconds", Help: "Time from noticing data loss to answering again (reseed and index rebuild).",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		JobsRunning: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kbbot_jobs_running", Help: "Jobs running in this process (from the durable queue or the in-process pool).",
		}),
		Panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_panics_total", Help: "Panics recovered in handlers.",
		}),
		Refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_privacy_refusals_total", Help: "Texts refused by the privacy screen, by identifier kind.",
		}, []string{"kind"}),
		RedisUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kbbot_redis_up", Help: "1 when the last Redis check (every second) succeeded, else 0.",
		}),
		LLMCacheHits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_llm_cache_hits_total", Help: "AI summaries served from the Redis cache (no LLM call).",
		}),
		LLMFallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_llm_fallbacks_total", Help: "Answers left extractive although the LLM is on, by reason (timeout, rate_limited, error, no_citation, empty, too_long, not_answered).",
		}, []string{"reason"}),
		EmbedFallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_embedding_fallbacks_total", Help: "Questions answered by words alone although hybrid search is on, by reason (not_ready, timeout, rate_limited, error, garbage).",
		}, []string{"reason"}),
	}
	reg.MustRegister(m.RedisUp, m.LLMCacheHits, m.LLMFallbacks, m.EmbedFallbacks, m.Events, m.AckLatency, m.AnswerLatency, m.Answers, m.SlackErrors, m.SlackRetries,
		m.DedupHits, m.JobsDropped, m.JobsInProcess, m.JobsRunning, m.Panics, m.Refusals, m.DataLoss, m.DataRestore)
	return m
}
