package handlers

import "github.com/nhs-ai-cop/kbbot/knowledge/privacy"

// Screen reports the kind of patient identifier in text, if any. A surface
// calls it before it keeps a user's text even for a moment (work queued
// for later), so that nothing identifying is stored: a question that fails
// is queued as a refusal holding only the kind.
func (a *App) Screen(text string) (privacy.Kind, bool) {
	f, found := a.screener.First(text)
	return f.Kind, found
}
