package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/internal/kbbotbuild"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// TestReplicas runs three real `kbbot serve` processes, built from this
// package, on one real redis-server and one fake Slack, as a Deployment
// with three replicas would run, and checks DESIGN's promises across
// replicas: an event delivered to all three is answered once; an approval
// made through one replica is answered from by another within a second; a
// scheduled job runs once; and SIGTERM stops each with exit status 0
// within 10 seconds.
func TestReplicas(t *testing.T) {
	bin := kbbotbuild.Build(t, ".")
	inTempDir(t) // no developer's .env for the in-process import below
	rs := redistest.Start(t)
	fake := bottest.NewSlack(t)
	const ns = "replicas"
	env := map[string]string{
		"KBBOT_ADDR":               "127.0.0.1:0",
		"REDIS_URL":                rs.URL(),
		"KBBOT_NAMESPACE":          ns,
		"SLACK_SIGNING_SECRET":     testSecret,
		"SLACK_BOT_TOKEN":          "xoxb-test",
		"SLACK_API_URL":            fake.APIURL(),
		"KBBOT_MODERATORS":         "UMOD",
		"KBBOT_MODERATION_CHANNEL": "CMOD",
		"KBBOT_DIGEST_CHANNEL":     "CDIG",
	}

	// (c) Before the replicas start: an approved pilot reviewed today, and
	// a weekly digest that is already due. Each replica's scheduler runs
	// due jobs once as it starts, so all three race for this one job.
	today := time.Now().UTC().Format(time.DateOnly)
	const digestTitle = "Quokka bed-board forecasting freed ward capacity"
	writeFile(t, "digest.jsonl", fmt.Sprintf(`{"id": "pilot-replicas-quokka", "kind": "pilot", "title": %q, "summary": "A forecasting tool on the bed board helped site managers plan discharges.", "outcome": "success", "status": "approved", "reviewed_at": %q}`+"\n", digestTitle, today))
	if r := kbbot(t, map[string]string{"REDIS_URL": rs.URL(), "KBBOT_NAMESPACE": ns}, "import", "digest.jsonl"); r.code != 0 {
		t.Fatalf("import: exit status %d; stderr:\n%s", r.code, r.stderr)
	}
	rdb := redis.NewClient(&redis.Options{Addr: rs.Addr})
	t.Cleanup(func() { rdb.Close() })
	yesterday := time.Now().Add(-24 * time.Hour)
	job := fmt.Sprintf(`{"kind":"digest","due":%q}`, yesterday.UTC().Format(time.DateOnly))
	if err := rdb.ZAdd(t.Context(), ns+":schedule", redis.Z{Score: float64(yesterday.Unix()), Member: job}).Err(); err != nil {
		t.Fatal(err)
	}

	// Hold each replica at its start-up auth.test until all three are
	// there, then let them go together: their schedulers start at the same
	// moment and race for the due job.
	arrived, release := make(chan struct{}, 3), make(chan struct{})
	var once sync.Once
	letGo := func() { once.Do(func() { close(release) }) }
	t.Cleanup(letGo) // never leave the fake's handler blocked
	fake.Handle("auth.test", func(bottest.Call) (int, any) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-release
		return http.StatusOK, map[string]any{"ok": true, "url": "https://example.slack.com/", "team": "Example", "user": "kbbot",
			"team_id": bottest.TeamID, "user_id": bottest.BotUserID, "bot_id": bottest.BotID}
	})
	go func() {
		for range 3 {
			select {
			case <-arrived:
			case <-t.Context().Done():
				return
			}
		}
		letGo()
	}()
	reps := startReplicas(t, bin, env, "A", "B", "C")
	repA, repB, repC := reps[0], reps[1], reps[2]

	t.Run("one event to every replica is answered once", func(t *testing.T) {
		const ts = "1710000000.100001"
		body := bottest.JSON(bottest.EventCallback("EvREPLICAS1", bottest.AppMention("U1", "CDUP", ts, "", "<@"+bottest.BotUserID+"> "+xrayQ)))
		var reqs []*http.Request
		for _, r := range reps {
			reqs = append(reqs, bottest.EventRequest(t, "http://"+r.addr+"/slack/events", testSecret, body))
		}
		for i, st := range sendAll(t, reqs) {
			if st != http.StatusOK {
				t.Errorf("replica %s answered the event with %d, want 200", reps[i].name, st)
			}
		}
		fake.WaitFor(t, "the answer", 1, 10*time.Second, func(c bottest.Call) bool {
			return c.Method == "chat.postMessage" && c.Value("channel") == "CDUP" && c.Value("thread_ts") == ts
		})
		// The other two must each have seen the event and recognised it as
		// a duplicate: then nothing more can come.
		waitUntil(t, 10*time.Second, "two duplicate deliveries recognised (kbbot_dedup_hits_total)", func() bool {
			sum := 0.0
			for _, r := range reps {
				sum += metric(t, r.addr, "kbbot_dedup_hits_total")
			}
			return sum >= 2
		})
		if got := answersIn(fake, "CDUP", ts); len(got) != 1 {
			t.Errorf("%d answers to one event delivered to three replicas, want 1", len(got))
		}
	})

	t.Run("an approval through one replica is answered from by another within a second", func(t *testing.T) {
		const title = "Zebrafish rota assistant cut theatre cancellations"
		question := "<@" + bottest.BotUserID + "> has anyone tried a zebrafish rota assistant for theatre cancellations?"
		form := map[string]map[string]string{}
		for k, v := range map[string]string{
			"title": title, "category": "operations_scheduling", "org_type": "acute_trust", "stage": "pilot",
			"outcome": "success", "evidence": "internal_audit", "contact": "share", "tags": "zebrafish, theatre scheduling",
			"what_happened": "We trialled a rota assistant that predicted theatre list overruns for six months across two sites.",
			"lessons":       "Involve theatre coordinators from the start and check the cancellation data before you buy.",
		} {
			form[k] = map[string]string{k: v}
		}
		resp := bottest.Do(t, bottest.InteractionRequest(t, "http://"+repA.addr+"/slack/interactivity", testSecret,
			bottest.ViewSubmission("UAUTHOR", "kb_share_lesson", "", form)))
		if resp.Status != http.StatusOK || strings.Contains(string(resp.Body), "errors") {
			t.Fatalf("replica A answered the submission %d %s, want 200 and the modal closed", resp.Status, resp.Body)
		}
		review := fake.WaitFor(t, "the review post", 1, 10*time.Second, func(c bottest.Call) bool {
			return c.Method == "chat.postMessage" && c.Value("channel") == "CMOD" && c.Action("kb_approve") != nil
		})[0]
		id, _ := review.ActionValue("kb_approve")
		if !strings.HasPrefix(id, "lesson-") || strings.Contains(id, "zebrafish") {
			t.Fatalf("Approve button value = %q, want the new lesson's opaque id", id)
		}

		// Pending: C does not cite it yet.
		seq := 0
		ask := func() (ts string, sent time.Time) {
			seq++
			ts = fmt.Sprintf("1710000001.%06d", seq)
			body := bottest.JSON(bottest.EventCallback(fmt.Sprintf("EvREPLICAS2-%d", seq), bottest.AppMention("U2", "CASK", ts, "", question)))
			sent = time.Now()
			if st := bottest.Do(t, bottest.EventRequest(t, "http://"+repC.addr+"/slack/events", testSecret, body)).Status; st != http.StatusOK {
				t.Fatalf("replica C answered a mention with %d, want 200", st)
			}
			return ts, sent
		}
		ts, _ := ask()
		before := fake.WaitFor(t, "the answer before approval", 1, 10*time.Second, func(c bottest.Call) bool {
			return c.Method == "chat.postMessage" && c.Value("channel") == "CASK" && c.Value("thread_ts") == ts
		})[0]
		if strings.Contains(before.Text(), title) {
			t.Fatalf("replica C cites the lesson while it is pending:\n%s", before.Text())
		}

		approvedAt := time.Now()
		st := bottest.Do(t, bottest.InteractionRequest(t, "http://"+repB.addr+"/slack/interactivity", testSecret,
			bottest.BlockAction("UMOD", "CMOD", "kb_approve", id, fake.ResponseURL("approve")))).Status
		if st != http.StatusOK {
			t.Fatalf("replica B answered the approval with %d, want 200", st)
		}
		// Ask C again every 100 ms until an answer cites the lesson; the
		// first question so answered must have been asked within a second
		// of the approval.
		sentAt := map[string]time.Time{}
		cites := func(call bottest.Call) bool {
			_, ours := sentAt[call.Value("thread_ts")]
			return ours && call.Method == "chat.postMessage" && call.Value("channel") == "CASK" && strings.Contains(call.Text(), title)
		}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		giveUp := time.NewTimer(10 * time.Second)
		defer giveUp.Stop()
		for len(fake.Find(cites)) == 0 {
			ts, sent := ask()
			sentAt[ts] = sent
			select {
			case <-tick.C:
			case <-giveUp.C:
				t.Fatalf("replica C never cited the approved lesson; answers seen:\n%s", answerSummary(fake, "CASK"))
			}
		}
		// Every question gets one answer: wait for all, then take the
		// earliest question answered with the lesson.
		fake.WaitFor(t, "an answer to every question", len(sentAt), 10*time.Second, func(call bottest.Call) bool {
			_, ours := sentAt[call.Value("thread_ts")]
			return ours && call.Method == "chat.postMessage"
		})
		first := time.Time{}
		for _, call := range fake.Find(cites) {
			if s := sentAt[call.Value("thread_ts")]; first.IsZero() || s.Before(first) {
				first = s
			}
		}
		d := first.Sub(approvedAt)
		t.Logf("replica C first cited the lesson for a question asked %v after the approval was sent", d.Round(time.Millisecond))
		if d > time.Second {
			t.Errorf("replica C first cited the lesson for a question asked %v after the approval, want within 1 s", d.Round(time.Millisecond))
		}
	})

	t.Run("a due job runs once across replicas", func(t *testing.T) {
		post := fake.WaitFor(t, "the digest", 1, 15*time.Second, func(c bottest.Call) bool {
			return c.Method == "chat.postMessage" && c.Value("channel") == "CDIG"
		})[0]
		if !strings.Contains(post.Text(), digestTitle) {
			t.Errorf("digest does not list %q:\n%s", digestTitle, post.Text())
		}
		// The job that ran is leased until its replica removes it, just
		// after posting (at least once): wait for that, then only next
		// week's digest is left.
		var digests []string
		waitUntil(t, 10*time.Second, "the digest that ran to leave the schedule", func() bool {
			jobs, err := rdb.ZRangeWithScores(t.Context(), ns+":schedule", 0, -1).Result()
			if err != nil {
				t.Fatal(err)
			}
			digests = nil
			for _, z := range jobs {
				if m := fmt.Sprint(z.Member); strings.Contains(m, `"digest"`) {
					digests = append(digests, m)
					if due := time.Unix(int64(z.Score), 0); !due.After(time.Now()) {
						t.Errorf("digest job %s still due at %v after running", m, due)
					}
				}
			}
			return len(digests) == 1
		})
	})

	// SIGTERM: every replica finishes what is in flight and exits 0 within
	// 10 s. Once all have exited nothing more can reach Slack, so the
	// counts below are final.
	var wg sync.WaitGroup
	for _, r := range reps {
		wg.Go(func() { r.terminate(t) })
	}
	wg.Wait()
	if got := answersIn(fake, "CDUP", "1710000000.100001"); len(got) != 1 {
		t.Errorf("after shutdown: %d answers to the event delivered three times, want 1", len(got))
	}
	if got := fake.Find(func(c bottest.Call) bool { return c.Method == "chat.postMessage" && c.Value("channel") == "CDIG" }); len(got) != 1 {
		t.Errorf("after shutdown: %d digest posts, want 1", len(got))
	}
}

// replica is one running `kbbot serve` process.
type replica struct {
	name   string
	cmd    *exec.Cmd
	addr   string
	stderr *serveLog
	exited chan struct{} // closed when the process has been waited for
	err    error         // Wait's result, once exited is closed
}

// startReplicas starts one `kbbot serve` per name with env (and nothing of
// this process's environment), all at once, and waits for each to serve.
func startReplicas(t *testing.T, bin string, env map[string]string, names ...string) []*replica {
	t.Helper()
	var vars []string
	for k, v := range env {
		vars = append(vars, k+"="+v)
	}
	reps := make([]*replica, len(names))
	for i, name := range names {
		r := &replica{name: name, stderr: newServeLog(), exited: make(chan struct{})}
		r.cmd = exec.Command(bin, "serve")
		r.cmd.Dir = t.TempDir()
		r.cmd.Env = vars
		r.cmd.Stderr = r.stderr
		if err := r.cmd.Start(); err != nil {
			t.Fatalf("start replica %s: %v", name, err)
		}
		go func() { r.err = r.cmd.Wait(); close(r.exited) }()
		t.Cleanup(func() {
			select {
			case <-r.exited:
			default:
				_ = r.cmd.Process.Kill()
				<-r.exited
			}
			if t.Failed() {
				t.Logf("replica %s stderr:\n%s", r.name, r.stderr.String())
			}
		})
		reps[i] = r
	}
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for _, r := range reps {
		select {
		case r.addr = <-r.stderr.addr:
		case <-r.exited:
			t.Fatalf("replica %s exited before serving (%v); stderr:\n%s", r.name, r.err, r.stderr.String())
		case <-deadline.C:
			t.Fatalf("replica %s: no \"kbbot serving\" line within 30 s; stderr:\n%s", r.name, r.stderr.String())
		}
	}
	return reps
}

// terminate sends SIGTERM and checks the process exits 0 within DESIGN's
// 10 seconds.
func (r *replica) terminate(t *testing.T) {
	start := time.Now()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("replica %s: SIGTERM: %v", r.name, err)
		return
	}
	select {
	case <-r.exited:
		var ee *exec.ExitError
		switch {
		case errors.As(r.err, &ee):
			t.Errorf("replica %s exited with status %d after SIGTERM, want 0", r.name, ee.ExitCode())
		case r.err != nil:
			t.Errorf("replica %s: %v", r.name, r.err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("replica %s took %v to exit after SIGTERM, want under 10 s", r.name, d)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("replica %s still running 10 s after SIGTERM", r.name)
	}
}

// sendAll sends the requests at the same moment and returns each one's
// HTTP status, in order.
func sendAll(t *testing.T, reqs []*http.Request) []int {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	status := make([]int, len(reqs))
	errs := make([]error, len(reqs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Go(func() {
			<-start
			resp, err := client.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			resp.Body.Close()
			status[i] = resp.StatusCode
		})
	}
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("deliver: %v", err)
	}
	return status
}

// waitUntil checks cond every 50 ms until it holds, failing the test after
// timeout. For conditions nothing signals, such as a metric on another
// process.
func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline.C:
			t.Fatalf("waited %v for %s", timeout, what)
		}
	}
}

// metric reads an unlabelled metric's value from a replica's /metrics (0
// when absent).
func metric(t *testing.T, addr, name string) float64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return f
		}
	}
	return 0
}

// answersIn returns the messages posted in a thread.
func answersIn(fake *bottest.Slack, channel, threadTS string) []bottest.Call {
	return fake.Find(func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == channel && c.Value("thread_ts") == threadTS
	})
}

// answerSummary lists the messages posted in a channel, for a failure.
func answerSummary(fake *bottest.Slack, channel string) string {
	var b strings.Builder
	for _, c := range fake.Find(func(c bottest.Call) bool { return c.Method == "chat.postMessage" && c.Value("channel") == channel }) {
		fmt.Fprintf(&b, "--- thread %s at %s\n%s\n", c.Value("thread_ts"), c.At.Format("15:04:05.000"), c.Text())
	}
	return b.String()
}
