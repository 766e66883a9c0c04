package handlers

import (
	"context"
	"io"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// ImportResult counts what an import wrote.
type ImportResult struct {
	Created, Updated int
}

// Import loads an import file: every record is parsed, validated and
// privacy-screened first, and only if all pass are they written, in one
// transaction (all or nothing). An entry whose id exists is replaced. Then
// the search index catches up. Problems come back as a
// *knowledge.ImportError of FILE:LINE: field: reason lines, which never
// quote the offending text.
func (a *App) Import(ctx context.Context, name string, format knowledge.Format, r io.Reader) (ImportResult, error) {
	recs, err := knowledge.Parse(name, format, r)
	if err != nil {
		return ImportResult{}, err
	}
	if errs := a.screenRecords(name, recs); len(errs) > 0 {
		return ImportResult{}, &knowledge.ImportError{Errs: errs}
	}
	entries := make([]knowledge.Entry, len(recs))
	ids := make([]string, len(recs))
	for i, rec := range recs {
		entries[i], ids[i] = rec.Entry, rec.Entry.ID
	}
	existing, err := a.store.Existing(ctx, ids)
	if err != nil {
		return ImportResult{}, err
	}
	if err := a.store.Put(ctx, entries...); err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Updated: len(existing), Created: len(entries) - len(existing)}
	a.lg.Info("imported entries", "file", name, "created", res.Created, "updated", res.Updated)
	if a.IndexReady() {
		if err := a.SyncIndex(ctx); err != nil {
			return res, err
		}
	}
	return res, nil
}

// screenRecords runs the privacy screen over every free-text field of every
// record. Curated files are screened like Slack submissions: patient data
// must not enter the knowledge base by any door.
func (a *App) screenRecords(name string, recs []knowledge.Record) []knowledge.LineError {
	var errs []knowledge.LineError
	for _, rec := range recs {
		if field, f, found := a.screenEntry(rec.Entry); found {
			errs = append(errs, knowledge.LineError{File: name, Line: rec.Line, Field: field, Msg: f.Message()})
		}
	}
	return errs
}

// Export writes every entry, whatever its status, in a form Import reads
// back unchanged: the backup format.
func (a *App) Export(ctx context.Context, w io.Writer, format knowledge.Format) (int, error) {
	entries, err := a.store.All(ctx)
	if err != nil {
		return 0, err
	}
	return len(entries), knowledge.Write(w, format, entries)
}
