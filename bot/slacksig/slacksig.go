// Package slacksig computes Slack's v0 request signature, for the programs
// that play Slack's part against kbbot (the load and scale tools, and the
// tests' fake). kbbot itself checks signatures with slack-go
// (bot/verify.go).
package slacksig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Sign computes Slack's v0 request signature: "v0=" and the hex HMAC-SHA256,
// keyed with the signing secret, of "v0:TIMESTAMP:BODY". It returns the
// values of the X-Slack-Request-Timestamp and X-Slack-Signature headers.
// The body must be the exact bytes sent.
func Sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}
