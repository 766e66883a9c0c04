package bottest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/slacksig"
)

// Sign computes Slack's v0 request signature: "v0=" and the hex HMAC-SHA256,
// keyed with the signing secret, of "v0:TIMESTAMP:BODY". It returns the
// values of the X-Slack-Request-Timestamp and X-Slack-Signature headers.
// The body must be the exact bytes sent.
func Sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	return slacksig.Sign(secret, ts, body)
}

// SignedRequest builds a POST to url carrying body, signed with secret as
// of at. The request is bound to the test's context.
func SignedRequest(t testing.TB, url, secret, contentType string, body []byte, at time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("bottest: build request: %v", err)
	}
	req.Header.Set("Content-Type", contentType)
	ts, sig := Sign(secret, at, body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	return req
}

// EventRequest is an Events API delivery (JSON body) to url, signed now.
func EventRequest(t testing.TB, url, secret string, body []byte) *http.Request {
	t.Helper()
	return SignedRequest(t, url, secret, "application/json", body, time.Now())
}

// CommandRequest is a slash command (form body, exactly as
// url.Values.Encode writes it) to url, signed now.
func CommandRequest(t testing.TB, url, secret string, form url.Values) *http.Request {
	t.Helper()
	return SignedRequest(t, url, secret, "application/x-www-form-urlencoded", []byte(form.Encode()), time.Now())
}

// InteractionRequest is an interactivity delivery (payload=JSON form body)
// to url, signed now.
func InteractionRequest(t testing.TB, u, secret string, payload any) *http.Request {
	t.Helper()
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatalf("bottest: encode interaction payload: %v", err)
	}
	form := url.Values{"payload": {string(b)}}
	return SignedRequest(t, u, secret, "application/x-www-form-urlencoded", []byte(form.Encode()), time.Now())
}

// Response is what the bot answered a delivery with, when it was sent and
// how long the answer took.
type Response struct {
	Status  int
	Header  http.Header
	Body    []byte
	Sent    time.Time
	Elapsed time.Duration
}

// Do sends req and reads the whole answer, failing the test on a transport
// error. It bounds the request at ten seconds: Slack gives up after three.
func Do(t testing.TB, req *http.Request) Response {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("bottest: %s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("bottest: read answer to %s: %v", req.URL.Path, err)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: body, Sent: start, Elapsed: time.Since(start)}
}

// SendTogether sends the requests at the same moment, as racing replicas
// or double clicks would, and returns each one's status (0 when it could
// not be sent).
func SendTogether(reqs []*http.Request) []int {
	statuses := make([]int, len(reqs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Go(func() {
			<-start
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		})
	}
	close(start)
	wg.Wait()
	return statuses
}
