// Package privacy is kbbot's privacy screen. Every question and every
// submitted lesson passes through it before it is stored, logged, indexed or
// sent to an LLM; text with a finding is refused, naming the kind of
// identifier ("looks like an NHS number") and never its value.
//
// A tour:
//   - kind.go: Kind (the KIND strings of DESIGN.md), Kind.Message, Finding.
//   - screen.go: Screener, New, Find and First; the precedence of the rules
//     and how overlapping findings are settled.
//   - nhs.go: ValidNHSNumber (modulus 11) and the NHS/CHI rule.
//   - phone.go: UK phone numbers, less the allow-list.
//   - email.go and allow.go: addresses, less published and role mailboxes;
//     AllowList and DefaultAllowList.
//   - keyword.go: dates of birth and hospital numbers, which count only
//     after a keyword.
//   - ni.go: National Insurance numbers.
//   - postcode.go: postcodes, which count only near a name, a date of birth
//     or an age.
//
// The rules follow notes §4 of the domain research; the identifiers are
// matched with RE2, which has no look-around, so edges such as "not touching
// another digit" are checked in code. A Finding holds a kind and byte
// offsets only, and nothing in this package formats the matched text: keep
// it that way, since a finding is meant to be logged and counted.
//
// The screen errs towards refusing. A false positive costs the author a
// rephrase; a miss puts a patient's identifier in Redis, the logs and an LLM
// prompt.
//
// This package imports only the standard library and nothing of kbbot's.
package privacy
