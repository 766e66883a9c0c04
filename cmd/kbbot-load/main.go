// Command kbbot-load measures a running kbbot under load: it sends signed
// app_mention events to /slack/events at a fixed rate, each with a unique
// event id and ts, and measures how long kbbot takes to acknowledge them
// (the HTTP response time Slack's three-second limit applies to). With
// -redeliver F a fraction F of the events is delivered a second time at
// once, with X-Slack-Retry-Num: 1, as Slack retries. It starts its own fake
// Slack Web API, which kbbot must use, and checks there that every event
// was answered exactly once (by thread_ts), reporting answers per second
// and answer latency.
//
// Usage:
//
//	kbbot-load -fake-addr 127.0.0.1:3101 -url http://127.0.0.1:3100 -secret S -rate 200 -duration 10s
//	kbbot-load … -rates 200,1000 -duration 5s -redeliver 0.2
//
// With -rates it measures each rate twice in one run, first against the
// ceiling (an in-process server that only verifies the signature and
// answers 200, on this machine, now) and then against kbbot, and prints a
// table of both: acknowledgement p50/p99 and acknowledged events per second.
//
// It prints the fake's URL ("start kbbot with SLACK_API_URL=…") and waits
// for kbbot's /readyz, so start kbbot after it, e.g.
//
//	SLACK_API_URL=http://127.0.0.1:3101/api/ SLACK_BOT_TOKEN=xoxb-load SLACK_SIGNING_SECRET=S \
//	REDIS_URL=redis://127.0.0.1:6390 KBBOT_ADDR=127.0.0.1:3100 kbbot serve
//
// With -baseline it loads, instead, a minimal in-process server that only
// verifies the signature and answers 200: the ceiling for ack latency on
// this machine. It exits 1 if any event was not acknowledged with a 2xx or
// not answered exactly once.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nhs-ai-cop/kbbot/internal/devtool"

	"github.com/nhs-ai-cop/kbbot/bot/slacksig"
	"github.com/slack-go/slack"
)

func main() { devtool.Main("kbbot-load", run) }

// usageError is a mistake in the command line (exit 2).
type usageError = devtool.UsageError

// botUserID is the identity the fake's auth.test gives kbbot, so the
// events can mention it.
const botUserID = "ULOADBOT"

type options struct {
	url, secret, fakeAddr, question string
	rate, redeliver                 float64
	rates                           []float64
	duration, wait, drain           time.Duration
	baseline                        bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kbbot-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.url, "url", "http://127.0.0.1:3000", "base URL of the running kbbot (events go to URL/slack/events)")
	fs.StringVar(&o.secret, "secret", "", "kbbot's SLACK_SIGNING_SECRET (required)")
	fs.Float64Var(&o.rate, "rate", 200, "events per second")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long to send events")
	fs.BoolVar(&o.baseline, "baseline", false, "load an in-process server that only verifies the signature, instead of kbbot")
	fs.StringVar(&o.fakeAddr, "fake-addr", "127.0.0.1:0", "listen address of the fake Slack Web API")
	fs.DurationVar(&o.wait, "wait", 2*time.Minute, "how long to wait for kbbot's /readyz before sending")
	fs.DurationVar(&o.drain, "drain", 30*time.Second, "how long to wait for answers after the last event")
	fs.StringVar(&o.question, "question", "has anyone used AI to clear an x-ray backlog?", "the question every event asks")
	fs.Float64Var(&o.redeliver, "redeliver", 0, "fraction of events delivered a second time (X-Slack-Retry-Num: 1), 0 to 1")
	rates := fs.String("rates", "", "comma-separated rates to measure in turn, each against the verify-only ceiling and then kbbot")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if o.redeliver < 0 || o.redeliver > 1 {
		return usageError("-redeliver must be between 0 and 1")
	}
	if *rates != "" {
		for _, f := range strings.Split(*rates, ",") {
			r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil || r <= 0 {
				return usageError(fmt.Sprintf("-rates: %q is not a positive rate", f))
			}
			o.rates = append(o.rates, r)
		}
	}
	if o.secret == "" {
		return usageError("-secret is required (kbbot's SLACK_SIGNING_SECRET)")
	}
	if o.rate <= 0 || o.duration <= 0 {
		return usageError("-rate and -duration must be positive")
	}
	if o.baseline {
		return runBaseline(ctx, o, stdout)
	}
	if len(o.rates) > 0 {
		return runCompare(ctx, o, stdout)
	}
	return runKbbot(ctx, o, stdout)
}

// startFake starts the fake Slack and waits for kbbot to be ready.
func startFake(ctx context.Context, o options, stdout io.Writer) (*fakeSlack, func(), error) {
	fake := newFakeSlack()
	ln, err := net.Listen("tcp", o.fakeAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("fake Slack: listen on %s: %w", o.fakeAddr, err)
	}
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	apiURL := "http://" + ln.Addr().String() + "/api/"
	fmt.Fprintf(stdout, "fake Slack API: %s\nstart kbbot with SLACK_API_URL=%s; waiting up to %v for %s/readyz\n", apiURL, apiURL, o.wait, o.url)
	if err := waitReady(ctx, o.url+"/readyz", o.wait); err != nil {
		srv.Close()
		return nil, nil, err
	}
	return fake, func() { srv.Close() }, nil
}

// drainAnswers waits for the answers of every acknowledged event, or the
// drain time.
func drainAnswers(ctx context.Context, fake *fakeSlack, acked map[string]time.Time, drain time.Duration) {
	deadline := time.NewTimer(drain)
	defer deadline.Stop()
	for {
		done, wake := fake.answeredAll(acked)
		if done {
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			return
		case <-ctx.Done():
			return
		}
	}
}

// ackedEvents maps each acknowledged event (its ts) to when it was first
// sent; redeliveries count with their event.
func ackedEvents(res sendResult) map[string]time.Time {
	acked := map[string]time.Time{}
	for _, r := range res.results {
		if r.status/100 == 2 {
			if at, ok := acked[r.ts]; !ok || r.sent.Before(at) {
				acked[r.ts] = r.sent
			}
		}
	}
	return acked
}

// runCompare measures each rate against the ceiling and then kbbot, in one
// run on one machine, and prints both side by side.
func runCompare(ctx context.Context, o options, stdout io.Writer) error {
	fake, stop, err := startFake(ctx, o, stdout)
	if err != nil {
		return err
	}
	defer stop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ceiling := &http.Server{Handler: verifyOnly(o.secret), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = ceiling.Serve(ln) }()
	defer ceiling.Close()
	type row struct {
		rate     float64
		base, kb sendResult
	}
	var rows []row
	var errs []error
	for _, rate := range o.rates {
		ro := o
		ro.rate = rate
		fmt.Fprintf(stdout, "\n== %.0f events/s for %v (redeliver %.0f%%)\n-- ceiling (verify-only, in process)\n", rate, o.duration, o.redeliver*100)
		base := send(ctx, ro, "http://"+ln.Addr().String()+"/slack/events")
		report(stdout, ro, base)
		fmt.Fprintln(stdout, "-- kbbot")
		kb := send(ctx, ro, o.url+"/slack/events")
		report(stdout, ro, kb)
		acked := ackedEvents(kb)
		drainAnswers(ctx, fake, acked, o.drain)
		if err := fake.report(stdout, kb, acked); err != nil {
			errs = append(errs, fmt.Errorf("%.0f/s: %w", rate, err))
		}
		fake.reset()
		rows = append(rows, row{rate: rate, base: base, kb: kb})
	}
	fmt.Fprintf(stdout, "\n%-8s  %-30s  %-30s  %s\n", "rate/s", "ceiling p50 / p99 / acks/s", "kbbot p50 / p99 / acks/s", "kbbot/ceiling acks/s")
	for _, r := range rows {
		b, k := summary(r.base), summary(r.kb)
		fmt.Fprintf(stdout, "%-8.0f  %-30s  %-30s  %.3f\n", r.rate,
			fmt.Sprintf("%v / %v / %.1f", b.p50, b.p99, b.rate), fmt.Sprintf("%v / %v / %.1f", k.p50, k.p99, k.rate), k.rate/b.rate)
	}
	return errors.Join(errs...)
}

// ackSummary is a run's acknowledgement figures.
type ackSummary struct {
	p50, p99 time.Duration
	rate     float64 // acknowledged deliveries per second, first sent to last acknowledged
}

func summary(res sendResult) ackSummary {
	var lat []time.Duration
	var last time.Time
	for _, r := range res.results {
		if r.status/100 == 2 {
			lat = append(lat, r.latency)
			if end := r.sent.Add(r.latency); end.After(last) {
				last = end
			}
		}
	}
	slices.Sort(lat)
	s := ackSummary{p50: pct(lat, 50), p99: pct(lat, 99)}
	if span := last.Sub(res.start); span > 0 {
		s.rate = float64(len(lat)) / span.Seconds()
	}
	return s
}

// runKbbot loads a running kbbot, with the fake Slack collecting answers.
func runKbbot(ctx context.Context, o options, stdout io.Writer) error {
	fake, stop, err := startFake(ctx, o, stdout)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(stdout, "kbbot is ready; sending %.0f events/s for %v\n", o.rate, o.duration)
	res := send(ctx, o, o.url+"/slack/events")
	acked := ackedEvents(res)
	drainAnswers(ctx, fake, acked, o.drain)
	report(stdout, o, res)
	return fake.report(stdout, res, acked)
}

// waitReady polls url until it answers 200. Polling is the only way to
// watch another process come up.
func waitReady(ctx context.Context, url string, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready within %v", url, wait)
		case <-tick.C:
		}
	}
}

// runBaseline loads an in-process server that only verifies signatures.
func runBaseline(ctx context.Context, o options, stdout io.Writer) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: verifyOnly(o.secret), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	fmt.Fprintf(stdout, "baseline: a verify-only server on %s; sending %.0f events/s for %v\n", ln.Addr(), o.rate, o.duration)
	res := send(ctx, o, "http://"+ln.Addr().String()+"/slack/events")
	report(stdout, o, res)
	if res.failed > 0 {
		return fmt.Errorf("%d events not acknowledged with a 2xx", res.failed)
	}
	return nil
}

// verifyOnly is the ceiling: read the body, check the v0 signature as
// kbbot does (slack-go's verifier), answer 200.
func verifyOnly(secret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sv, err := slack.NewSecretsVerifier(r.Header, secret)
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
		if err != nil || len(body) > 1<<20 {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		_, _ = sv.Write(body)
		if sv.Ensure() != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// result is one delivery sent.
type result struct {
	ts         string // the mention's ts: the answer's thread_ts
	sent       time.Time
	latency    time.Duration
	status     int  // 0: transport error
	redelivery bool // a second delivery of the same event
}

type sendResult struct {
	results     []result
	start, end  time.Time
	failed      int
	redelivered int
	firstErrors []string
}

// send fires events at a fixed rate (open loop: a slow answer does not
// delay the next event) and waits for every response.
func send(ctx context.Context, o options, url string) sendResult {
	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: 2000, MaxIdleConnsPerHost: 2000, IdleConnTimeout: 30 * time.Second,
		},
	}
	nonce := make([]byte, 4)
	_, _ = rand.Read(nonce)
	run := hex.EncodeToString(nonce)
	n := int(o.rate * o.duration.Seconds())
	interval := time.Duration(float64(time.Second) / o.rate)
	res := sendResult{results: make([]result, 0, n+int(float64(n)*o.redeliver)+1), start: time.Now()}
	var wg sync.WaitGroup
	var mu sync.Mutex
	base := res.start.Unix()
	for i := range n {
		// Pace by schedule, not by tick count, so a late tick does not
		// lower the rate.
		if d := time.Until(res.start.Add(time.Duration(i) * interval)); d > 0 {
			select {
			case <-ctx.Done():
				wg.Wait()
				res.end = time.Now()
				return res
			case <-time.After(d):
			}
		}
		ts := fmt.Sprintf("%d.%06d", base, i+1)
		body := eventBody(fmt.Sprintf("EvLOAD%s%07d", strings.ToUpper(run), i), ts, o.question)
		deliver := func(retry bool) {
			wg.Go(func() {
				r := post(ctx, client, url, o.secret, body, retry)
				r.ts, r.redelivery = ts, retry
				mu.Lock()
				res.results = append(res.results, r)
				if r.status/100 != 2 {
					res.failed++
					if len(res.firstErrors) < 5 {
						res.firstErrors = append(res.firstErrors, fmt.Sprintf("event %d: status %d", i, r.status))
					}
				}
				mu.Unlock()
			})
		}
		deliver(false)
		// Every 1/redeliver-th event again at once, as Slack's retry of a
		// delivery it thinks failed: it must take no queue space.
		if o.redeliver > 0 && float64(i+1)*o.redeliver >= float64(res.redelivered+1) {
			res.redelivered++
			deliver(true)
		}
	}
	wg.Wait()
	res.end = time.Now()
	return res
}

func post(ctx context.Context, client *http.Client, url, secret string, body []byte, retry bool) result {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(string(body)))
	if err != nil {
		return result{}
	}
	now := time.Now()
	ts, sig := slacksig.Sign(secret, now, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	if retry {
		req.Header.Set("X-Slack-Retry-Num", "1")
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	start := time.Now()
	resp, err := client.Do(req)
	r := result{sent: start}
	if err != nil {
		r.latency = time.Since(start)
		return r
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	r.latency, r.status = time.Since(start), resp.StatusCode
	return r
}

// eventBody is an app_mention event_callback, as Slack sends it.
func eventBody(eventID, ts, question string) []byte {
	b, _ := json.Marshal(map[string]any{
		"token": "XXYYZZ", "team_id": "TLOAD", "api_app_id": "ALOAD", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(),
		"authorizations": []any{map[string]any{"team_id": "TLOAD", "user_id": botUserID, "is_bot": true}},
		"event": map[string]any{
			"type": "app_mention", "user": "ULOADUSER", "channel": "CLOAD", "ts": ts, "event_ts": ts,
			"text": "<@" + botUserID + "> " + question,
		},
	})
	return b
}

// report prints the acknowledgement figures.
func report(w io.Writer, o options, res sendResult) {
	var lat []time.Duration
	for _, r := range res.results {
		if r.status/100 == 2 {
			lat = append(lat, r.latency)
		}
	}
	slices.Sort(lat)
	elapsed := res.end.Sub(res.start)
	fmt.Fprintf(w, "sent %d deliveries (%d of them redeliveries) in %v (%.1f/s; target %.0f events/s)\n", len(res.results), res.redelivered, elapsed.Round(time.Millisecond), float64(len(res.results))/elapsed.Seconds(), o.rate)
	fmt.Fprintf(w, "acks: %d 2xx, %d failed; latency p50 %v  p90 %v  p99 %v  max %v\n",
		len(lat), res.failed, pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 100))
	for _, e := range res.firstErrors {
		fmt.Fprintln(w, "  "+e)
	}
}

// pct returns the p-th percentile of sorted durations (nearest rank).
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	d := sorted[i]
	if d > time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// fakeSlack is the part of Slack's Web API kbbot uses to answer: auth.test
// and chat.postMessage (and, should a question be refused or an error
// apologised for, chat.postEphemeral). It counts answers by thread_ts.
type fakeSlack struct {
	mu       sync.Mutex
	wake     chan struct{}
	seq      int
	answers  map[string][]time.Time // thread_ts → post times
	methods  map[string]int
	posts    int
	unthread int
}

func newFakeSlack() *fakeSlack {
	return &fakeSlack{wake: make(chan struct{}), answers: map[string][]time.Time{}, methods: map[string]int{}}
}

func (f *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	form, _ := url.ParseQuery(string(body))
	f.mu.Lock()
	f.methods[method]++
	f.seq++
	ts := fmt.Sprintf("1800000000.%06d", f.seq)
	var reply any = map[string]any{"ok": true}
	switch method {
	case "auth.test":
		reply = map[string]any{"ok": true, "url": "https://load.slack.com/", "team": "Load", "user": "kbbot", "team_id": "TLOAD", "user_id": botUserID, "bot_id": "BLOADBOT"}
	case "chat.postMessage":
		f.posts++
		if th := form.Get("thread_ts"); th != "" {
			f.answers[th] = append(f.answers[th], time.Now())
		} else {
			f.unthread++
		}
		reply = map[string]any{"ok": true, "channel": form.Get("channel"), "ts": ts}
	case "chat.postEphemeral":
		reply = map[string]any{"ok": true, "message_ts": ts}
	case "chat.update":
		reply = map[string]any{"ok": true, "channel": form.Get("channel"), "ts": form.Get("ts")}
	}
	close(f.wake)
	f.wake = make(chan struct{})
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(reply)
}

// reset forgets the answers, between runs.
func (f *fakeSlack) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers, f.methods, f.posts, f.unthread = map[string][]time.Time{}, map[string]int{}, 0, 0
}

// answeredAll reports whether every thread in want has an answer, and a
// channel closed at the next call.
func (f *fakeSlack) answeredAll(want map[string]time.Time) (bool, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for th := range want {
		if len(f.answers[th]) == 0 {
			return false, f.wake
		}
	}
	return true, f.wake
}

// report prints the answer figures and checks exactly-once delivery.
func (f *fakeSlack) report(w io.Writer, res sendResult, acked map[string]time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var once, missing, dup, unexpected int
	var lat []time.Duration
	var last time.Time
	for th, sent := range acked {
		got := f.answers[th]
		switch len(got) {
		case 0:
			missing++
			continue
		case 1:
			once++
		default:
			dup++
		}
		lat = append(lat, got[0].Sub(sent))
		if got[0].After(last) {
			last = got[0]
		}
	}
	for th := range f.answers {
		if _, ok := acked[th]; !ok {
			unexpected++
		}
	}
	slices.Sort(lat)
	fmt.Fprintf(w, "answers: %d of %d acknowledged events answered exactly once; %d missing, %d answered more than once, %d answers to unknown threads, %d unthreaded\n",
		once, len(acked), missing, dup, unexpected, f.unthread)
	fmt.Fprintf(w, "chat.postMessage calls: %d; other calls: %v\n", f.posts, otherMethods(f.methods))
	if !last.IsZero() {
		span := last.Sub(res.start)
		fmt.Fprintf(w, "answers/s: %.1f (%d answers from the first event to the last answer, %v)\n", float64(once+dup)/span.Seconds(), once+dup, span.Round(time.Millisecond))
		fmt.Fprintf(w, "answer latency (event sent → answer posted): p50 %v  p90 %v  p99 %v  max %v\n", pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 100))
	}
	if res.failed > 0 || missing > 0 || dup > 0 || unexpected > 0 {
		return fmt.Errorf("not every event was acknowledged and answered exactly once")
	}
	return nil
}

func otherMethods(m map[string]int) string {
	var parts []string
	for k, v := range m {
		if k != "chat.postMessage" {
			parts = append(parts, fmt.Sprintf("%s=%d", k, v))
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}
