// Package knowledge is kbbot's domain: the knowledge Entry and its
// enumerations, validation with field-level errors, and the JSON Lines / YAML
// import and export format of DESIGN.md.
//
// A tour:
//   - entry.go: Entry, review dates.
//   - enums.go: Kind, Category, OrgType, Stage, Outcome, Evidence, StopReason,
//     Status, each with Valid and Label.
//   - date.go: Date, which keeps the form ("2025-03-01" or RFC 3339) it was
//     written in so that export → import → export is byte-identical.
//   - validate.go: Normalize and Validate.
//   - importfile.go: Parse (all or nothing, FILE:LINE: field: reason) and Write.
//   - errors.go: the user-safe *Error and the sentinel errors adapters map to.
//   - summary.go: Summary, what an LLM adapter returns to the use cases.
//
// This package is the leaf of the import graph: it must never import another
// kbbot package, nor go-redis, bleve, slack-go or go-openai. Sub-packages
// adapt those libraries: redisstore, search, llm, privacy and seed.
package knowledge
