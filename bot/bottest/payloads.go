package bottest

import (
	"encoding/json"
	"net/url"
	"slices"
	"time"
)

// Payload builders, shaped like Slack's documented examples (platform notes
// §2–§4). Inner events are maps, so a test can add or change a field
// (bot_id, subtype, channel_type) before wrapping them.

// EventCallback wraps an inner event in the event_callback envelope the
// Events API delivers (over HTTP, or as a Socket Mode events_api payload).
func EventCallback(eventID string, inner map[string]any) map[string]any {
	return map[string]any{
		"token": "XXYYZZ", "team_id": TeamID, "api_app_id": AppID,
		"event": inner, "type": "event_callback",
		"authorizations": []any{map[string]any{
			"enterprise_id": nil, "team_id": TeamID, "user_id": BotUserID, "is_bot": true, "is_enterprise_install": false,
		}},
		"event_id": eventID, "event_time": time.Now().Unix(),
		"event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0", "is_ext_shared_channel": false,
	}
}

// JSON encodes v, for request bodies. It panics on a value that cannot be
// encoded: the builders here only make maps of plain values.
func JSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("bottest: " + err.Error())
	}
	return b
}

// AppMention is an app_mention: text should start with <@UBOT>. threadTS
// is "" for a mention outside a thread.
func AppMention(user, channel, ts, threadTS, text string) map[string]any {
	ev := map[string]any{
		"type": "app_mention", "user": user, "text": text, "ts": ts,
		"channel": channel, "event_ts": ts, "team": TeamID,
	}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return ev
}

// Message is a message event; channelType is "im" for a DM, "channel" for a
// public channel. threadTS is "" outside a thread.
func Message(user, channel, channelType, ts, threadTS, text string) map[string]any {
	ev := map[string]any{
		"client_msg_id": "c-" + ts, "type": "message", "user": user, "text": text,
		"ts": ts, "channel": channel, "event_ts": ts, "channel_type": channelType, "team": TeamID,
	}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return ev
}

// AppHomeOpened is an app_home_opened event for the Home tab.
func AppHomeOpened(user string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": "home", "event_ts": "1700000000.000001"}
}

// SlashCommand is a slash command's form fields, as Slack posts them.
func SlashCommand(command, text, user, channel, responseURL string) url.Values {
	return url.Values{
		"token": {"gIkuvaNzQIHg97ATvDxqgjtO"}, "team_id": {TeamID}, "team_domain": {"example"},
		"channel_id": {channel}, "channel_name": {"general"}, "user_id": {user}, "user_name": {"someone"},
		"command": {command}, "text": {text}, "api_app_id": {AppID}, "is_enterprise_install": {"false"},
		"response_url": {responseURL}, "trigger_id": {"13345224609.738474920.8088930838d88f008e0"},
	}
}

// SlashCommandJSON is the same command as a Socket Mode slash_commands
// payload.
func SlashCommandJSON(command, text, user, channel, responseURL string) map[string]any {
	m := map[string]any{}
	for k, v := range SlashCommand(command, text, user, channel, responseURL) {
		m[k] = v[0]
	}
	return m
}

// BlockAction is a block_actions payload for a press of the button
// actionID (with value) on a message in channel, posted by the bot.
func BlockAction(user, channel, actionID, value, responseURL string) map[string]any {
	return BlockActionIn(user, channel, actionID, value, "kb_actions", responseURL)
}

// BlockActionIn is BlockAction for a button in the block blockID (a list's
// item, say).
func BlockActionIn(user, channel, actionID, value, blockID, responseURL string) map[string]any {
	return map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": "someone", "name": "someone", "team_id": TeamID},
		"api_app_id": AppID, "token": "verification_token",
		"container":  map[string]any{"type": "message", "message_ts": "1700000000.000100", "channel_id": channel, "is_ephemeral": false},
		"trigger_id": "1234567890123.1234567890123.abcdef0123456789abcdef0123456789",
		"team":       map[string]any{"id": TeamID, "domain": "example"},
		"enterprise": nil, "is_enterprise_install": false,
		"channel":      map[string]any{"id": channel, "name": "general"},
		"message":      map[string]any{"type": "message", "user": BotUserID, "bot_id": BotID, "ts": "1700000000.000100", "text": "an answer"},
		"state":        map[string]any{"values": map[string]any{}},
		"response_url": responseURL,
		"actions": []any{map[string]any{
			"action_id": actionID, "block_id": blockID, "type": "button", "value": value,
			"text": map[string]any{"type": "plain_text", "text": actionID, "emoji": true}, "action_ts": "1700000005.123456",
		}},
	}
}

// ViewSubmission is a view_submission of a modal with callbackID and
// privateMetadata whose plain_text_input blocks hold values, keyed block_id
// then action_id.
func ViewSubmission(user, callbackID, privateMetadata string, values map[string]map[string]string) map[string]any {
	state := map[string]any{}
	var blocks []any
	blockIDs := make([]string, 0, len(values))
	for id := range values {
		blockIDs = append(blockIDs, id)
	}
	slices.Sort(blockIDs)
	for _, blockID := range blockIDs {
		actions := map[string]any{}
		for actionID, v := range values[blockID] {
			actions[actionID] = map[string]any{"type": "plain_text_input", "value": v}
			blocks = append(blocks, map[string]any{
				"type": "input", "block_id": blockID, "optional": true,
				"label":   map[string]any{"type": "plain_text", "text": blockID},
				"element": map[string]any{"type": "plain_text_input", "action_id": actionID},
			})
		}
		state[blockID] = actions
	}
	return map[string]any{
		"type":       "view_submission",
		"team":       map[string]any{"id": TeamID, "domain": "example"},
		"user":       map[string]any{"id": user, "username": "someone", "name": "someone", "team_id": TeamID},
		"api_app_id": AppID, "token": "verification_token",
		"trigger_id": "1234567890123.1234567890123.fedcba",
		"view": map[string]any{
			"id": "V123ABC456", "team_id": TeamID, "type": "modal",
			"callback_id": callbackID, "private_metadata": privateMetadata,
			"title":  map[string]any{"type": "plain_text", "text": "Form"},
			"submit": map[string]any{"type": "plain_text", "text": "Send"},
			"blocks": blocks, "state": map[string]any{"values": state},
			"hash": "1700000010.AbCdEf12", "app_id": AppID, "bot_id": BotID, "root_view_id": "V123ABC456",
		},
		"response_urls": []any{}, "is_enterprise_install": false, "enterprise": nil,
	}
}

// HomeBlockAction is a block_actions payload for a press of the button
// actionID on user's App Home: no channel, no message and no
// response_url, as Slack sends it from a view.
func HomeBlockAction(user, actionID, value string) map[string]any {
	return map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": "someone", "name": "someone", "team_id": TeamID},
		"api_app_id": AppID, "token": "verification_token",
		"container":  map[string]any{"type": "view", "view_id": "VHOME0001"},
		"trigger_id": "1234567890123.1234567890123.home0123456789abcdef0123456789",
		"team":       map[string]any{"id": TeamID, "domain": "example"},
		"enterprise": nil, "is_enterprise_install": false,
		"view": map[string]any{"id": "VHOME0001", "team_id": TeamID, "type": "home", "blocks": []any{},
			"private_metadata": "", "callback_id": "", "hash": "1700000010.home", "app_id": AppID, "bot_id": BotID},
		"actions": []any{map[string]any{
			"action_id": actionID, "block_id": "home_actions", "type": "button", "value": value,
			"text": map[string]any{"type": "plain_text", "text": actionID, "emoji": true}, "action_ts": "1700000005.123456",
		}},
	}
}
