package bot

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/slack-go/slack"
)

// MaxBodyBytes is the largest request body kbbot reads (1 MiB). Slack's
// own payloads are far smaller; anything bigger is refused with 413.
const MaxBodyBytes = 1 << 20

// verifyError is a request refused at the edge, with its HTTP status.
type verifyError struct {
	status int
	msg    string
}

func (e *verifyError) Error() string { return e.msg }

// verify reads the request body (at most MaxBodyBytes) and checks Slack's v0
// signature over it: HMAC-SHA256 of "v0:TIMESTAMP:BODY" with the signing
// secret, and a timestamp within five minutes of now. It runs before
// anything else looks at the request. On success it returns the raw body,
// which the caller parses.
func verify(r *http.Request, secret string) ([]byte, error) {
	if r.Header.Get("X-Slack-Signature") == "" || r.Header.Get("X-Slack-Request-Timestamp") == "" {
		return nil, &verifyError{http.StatusUnauthorized, "missing Slack signature headers"}
	}
	sv, err := slack.NewSecretsVerifier(r.Header, secret)
	if err != nil {
		switch {
		case errors.Is(err, slack.ErrExpiredTimestamp):
			return nil, &verifyError{http.StatusUnauthorized, "stale or future timestamp"}
		default:
			return nil, &verifyError{http.StatusUnauthorized, "bad signature headers"}
		}
	}
	if r.ContentLength > MaxBodyBytes {
		return nil, &verifyError{http.StatusRequestEntityTooLarge, "body over 1 MiB"}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, &verifyError{http.StatusBadRequest, "cannot read body"}
	}
	if len(body) > MaxBodyBytes {
		return nil, &verifyError{http.StatusRequestEntityTooLarge, "body over 1 MiB"}
	}
	if _, err := sv.Write(body); err != nil {
		return nil, &verifyError{http.StatusUnauthorized, "bad signature"}
	}
	if err := sv.Ensure(); err != nil {
		return nil, &verifyError{http.StatusUnauthorized, "bad signature"}
	}
	// Give the parsers a fresh reader over the same bytes.
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}
