package bottest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Socket Mode: apps.connections.open (slack.go) hands out a ws:// URL on
// this server; serveSocket accepts the dial, says hello, pings every second
// (slack-go reconnects after 30 s without a ping), and collects the acks of
// the envelopes a test pushes.

// pingEvery is how often the fake pings a Socket Mode connection.
const pingEvery = time.Second

// Ack is an envelope acknowledgement the bot sent back.
type Ack struct {
	EnvelopeID string
	// Payload is the ack's payload (a slash command's response, a
	// view_submission's response_action), or nil.
	Payload json.RawMessage
	At      time.Time
}

// Envelope is a Socket Mode delivery.
type Envelope struct {
	// Type is "events_api", "slash_commands" or "interactive".
	Type string
	// Payload is the delivery's JSON: an event_callback, a slash command
	// object or an interaction payload.
	Payload any
	// RetryAttempt and RetryReason mark a redelivery.
	RetryAttempt int
	RetryReason  string
}

type wsConn struct {
	c    *websocket.Conn
	wmu  sync.Mutex // gorilla allows one writer at a time
	done chan struct{}
}

func (w *wsConn) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.wmu.Lock()
	defer w.wmu.Unlock()
	_ = w.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return w.c.WriteMessage(websocket.TextMessage, b)
}

// HoldSockets makes WebSocket dials wait, before the upgrade, until the
// returned release is called: a test can look at the bot while it is still
// connecting. Dials are counted as they arrive (see WaitDials).
func (s *Slack) HoldSockets() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gate := make(chan struct{})
	s.gate = gate
	var once sync.Once
	release = func() {
		once.Do(func() {
			s.mu.Lock()
			if s.gate == gate {
				s.gate, s.release = nil, nil
			}
			s.mu.Unlock()
			close(gate)
		})
	}
	s.release = release
	return release
}

// WaitDials waits until at least n WebSocket dials have reached the fake
// (held or not).
func (s *Slack) WaitDials(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	s.waitState(t, fmt.Sprintf("%d WebSocket dial(s)", n), timeout, func() bool { return s.dials >= n })
}

// WaitSocket waits until a Socket Mode connection is open and has been sent
// hello.
func (s *Slack) WaitSocket(t testing.TB, timeout time.Duration) {
	t.Helper()
	s.waitState(t, "a Socket Mode connection", timeout, func() bool { return len(s.conns) > 0 })
}

// WaitConnections waits until n Socket Mode connections have been opened
// in all (reconnections count), the newest of which Push uses.
func (s *Slack) WaitConnections(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	s.waitState(t, fmt.Sprintf("%d Socket Mode connection(s)", n), timeout, func() bool { return s.connected >= n })
}

// waitState waits until cond (called with s.mu held) holds.
func (s *Slack) waitState(t testing.TB, want string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		wake := s.wake
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			t.Fatalf("fake Slack: waited %v for %s", timeout, want)
		case <-t.Context().Done():
			t.Fatalf("fake Slack: test ended while waiting for %s", want)
		}
	}
}

func (s *Slack) serveSocket(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.dials++
	gate := s.gate
	s.broadcastLocked()
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
	}
	c, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.mu.Lock()
		s.violations = append(s.violations, "socket mode: upgrade failed: "+err.Error())
		s.broadcastLocked()
		s.mu.Unlock()
		return
	}
	conn := &wsConn{c: c, done: make(chan struct{})}
	if err := conn.write(map[string]any{
		"type": "hello", "num_connections": 1,
		"debug_info":      map[string]any{"host": "fake-applink", "approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": AppID},
	}); err != nil {
		_ = c.Close()
		return
	}
	s.mu.Lock()
	s.conns = append(s.conns, conn)
	s.connected++
	s.broadcastLocked()
	s.mu.Unlock()

	go s.ping(conn)
	defer func() {
		close(conn.done)
		_ = c.Close()
		s.mu.Lock()
		s.conns = slices.DeleteFunc(s.conns, func(x *wsConn) bool { return x == conn })
		s.broadcastLocked()
		s.mu.Unlock()
	}()
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := json.Unmarshal(msg, &a); err != nil || a.EnvelopeID == "" {
			s.mu.Lock()
			s.violations = append(s.violations, fmt.Sprintf("socket mode: frame is not an ack: %.200s", msg))
			s.broadcastLocked()
			s.mu.Unlock()
			continue
		}
		s.mu.Lock()
		s.acks = append(s.acks, Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload, At: time.Now()})
		s.broadcastLocked()
		s.mu.Unlock()
	}
}

// ping sends a WebSocket ping every pingEvery until the connection closes.
func (s *Slack) ping(conn *wsConn) {
	tick := time.NewTicker(pingEvery)
	defer tick.Stop()
	for {
		select {
		case <-conn.done:
			return
		case <-tick.C:
			conn.wmu.Lock()
			err := conn.c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			conn.wmu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

// Push sends an envelope over the newest Socket Mode connection (waiting up
// to five seconds for one) and returns its envelope_id, unique per fake.
func (s *Slack) Push(t testing.TB, e Envelope) string {
	t.Helper()
	s.WaitSocket(t, 5*time.Second)
	payload, err := json.Marshal(e.Payload)
	if err != nil {
		t.Fatalf("bottest: encode envelope payload: %v", err)
	}
	s.mu.Lock()
	s.envSeq++
	id := fmt.Sprintf("env-%04d-%s", s.envSeq, e.Type)
	conn := s.conns[len(s.conns)-1]
	s.mu.Unlock()
	env := map[string]any{
		"envelope_id":              id,
		"type":                     e.Type,
		"accepts_response_payload": e.Type != "events_api",
		"payload":                  json.RawMessage(payload),
	}
	if e.Type == "events_api" {
		env["retry_attempt"] = e.RetryAttempt
		env["retry_reason"] = e.RetryReason
	}
	if err := conn.write(env); err != nil {
		t.Fatalf("bottest: push envelope %s: %v", id, err)
	}
	return id
}

// Disconnect asks every open connection to reconnect, as Slack does before
// it recycles a server.
func (s *Slack) Disconnect(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	conns := slices.Clone(s.conns)
	s.mu.Unlock()
	for _, c := range conns {
		if err := c.write(map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]any{"host": "fake-applink"}}); err != nil {
			t.Logf("bottest: disconnect: %v", err)
		}
	}
}

// Acks returns the acks received for an envelope.
func (s *Slack) Acks(envelopeID string) []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Ack
	for _, a := range s.acks {
		if a.EnvelopeID == envelopeID {
			out = append(out, a)
		}
	}
	return out
}

// WaitAck waits for the ack of an envelope and returns it.
func (s *Slack) WaitAck(t testing.TB, envelopeID string, timeout time.Duration) Ack {
	t.Helper()
	s.waitState(t, "the ack of "+envelopeID, timeout, func() bool {
		for _, a := range s.acks {
			if a.EnvelopeID == envelopeID {
				return true
			}
		}
		return false
	})
	return s.Acks(envelopeID)[0]
}

// closeSockets closes every Socket Mode connection, at cleanup.
func (s *Slack) closeSockets() {
	s.mu.Lock()
	conns := slices.Clone(s.conns)
	release := s.release
	s.mu.Unlock()
	if release != nil {
		release()
	}
	for _, c := range conns {
		_ = c.c.Close()
	}
}
