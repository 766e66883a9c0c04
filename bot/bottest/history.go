package bottest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Lost answers and channel history. DropNext makes a call succeed at
// Slack, recorded like any other, and then lose its answer: the connection
// closes before the response, as when a network path fails after Slack
// took the request. LoseNext loses the request itself: the connection
// closes and Slack records nothing; to the caller the two look alike. conversations.history and conversations.replies list
// what was posted, with message metadata, so a bot can find a post whose
// answer it never got.

// DropNext makes the next n calls of method succeed and then drop the
// connection without an answer.
func (s *Slack) DropNext(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drops[method] += n
}

// LoseNext makes the next n calls of method drop the connection without
// reaching Slack: nothing is recorded.
func (s *Slack) LoseNext(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loses[method] += n
}

func (s *Slack) takeLose(method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loses[method] == 0 {
		return false
	}
	s.loses[method]--
	return true
}

func (s *Slack) takeDrop(method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.drops[method] == 0 {
		return false
	}
	s.drops[method]--
	return true
}

// dropConnection closes the client's connection without a response.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("bottest: the fake's server cannot drop a connection")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// history answers conversations.history (top-level messages of channel)
// and conversations.replies (the thread ts), newest first as Slack does,
// from the successful chat.postMessage calls, each with its metadata when
// include_all_metadata is set and its latest text after chat.update.
func (s *Slack) history(c Call) map[string]any {
	channel, thread := c.Value("channel"), ""
	if c.Method == "conversations.replies" {
		thread = c.Value("ts")
	}
	oldest, _ := strconv.ParseFloat(c.Value("oldest"), 64) // 0 when absent
	withMeta := c.Value("include_all_metadata") == "1" || c.Value("include_all_metadata") == "true"
	s.mu.Lock()
	defer s.mu.Unlock()
	texts := map[string]string{}
	for _, p := range s.calls {
		if p.Method == "chat.update" && p.Value("channel") == channel && p.OK() {
			texts[p.Value("ts")] = p.Value("text")
		}
	}
	var msgs []map[string]any
	for i := len(s.calls) - 1; i >= 0; i-- {
		p := s.calls[i]
		if p.Method != "chat.postMessage" || !p.OK() || p.Reply == nil || p.Reply["ok"] != true {
			continue
		}
		ts, _ := p.Reply["ts"].(string)
		ch, _ := p.Reply["channel"].(string)
		if ch != channel {
			continue
		}
		th := p.Value("thread_ts")
		if thread == "" && th != "" && th != ts {
			continue // history lists only the top of threads
		}
		if thread != "" && th != thread && ts != thread {
			continue
		}
		if at, _ := strconv.ParseFloat(ts, 64); at < oldest {
			continue
		}
		m := map[string]any{"type": "message", "user": BotUserID, "bot_id": BotID, "ts": ts, "text": p.Value("text")}
		if t, ok := texts[ts]; ok {
			m["text"] = t
		}
		if th != "" {
			m["thread_ts"] = th
		}
		if meta := p.Value("metadata"); meta != "" && withMeta {
			var v map[string]any
			if json.Unmarshal([]byte(meta), &v) == nil {
				m["metadata"] = v
			}
		}
		msgs = append(msgs, m)
	}
	return map[string]any{"ok": true, "messages": msgs, "has_more": false, "response_metadata": map[string]any{"next_cursor": ""}}
}
