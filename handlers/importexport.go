package handlers

import (
	"context"
	"io"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// ImportResult counts what an import wrote.
type ImportResult struct {
	Created, Updated int
}

// ImportPhase names the step an import is at, for progress reports.
type ImportPhase string

// The phases of an import, in order.
const (
	ImportCheck ImportPhase = "check" // validation and the privacy screen
	ImportWrite ImportPhase = "write" // the one transaction
)

// ImportProgress says how far a phase has got: Done of Total entries.
type ImportProgress struct {
	Phase       ImportPhase
	Done, Total int
}

// ImportRequest is one import file.
type ImportRequest struct {
	// Name is the file's name in problems (FILE:LINE: field: reason).
	Name   string
	Format knowledge.Format
	Body   io.Reader
	// Progress, when set, is called as the check advances, and before and
	// after the write.
	Progress func(ImportProgress)
}

// CheckedImport is an import file that passed every check: ready to write.
type CheckedImport struct {
	name    string
	entries []knowledge.Entry
}

// Len is the number of entries to write.
func (c *CheckedImport) Len() int { return len(c.entries) }

// Import loads an import file: CheckImport, then WriteImport.
func (a *App) Import(ctx context.Context, name string, format knowledge.Format, r io.Reader) (ImportResult, error) {
	c, err := a.CheckImport(ctx, ImportRequest{Name: name, Format: format, Body: r})
	if err != nil {
		return ImportResult{}, err
	}
	return a.WriteImport(ctx, c, nil)
}

// CheckImport reads an import file and runs every check over every entry:
// reading, validation, duplicate ids and the privacy screen, all in one
// pass, so one run reports every problem. Problems come back as a
// *knowledge.ImportError of FILE:LINE: field: reason lines, which never
// quote the offending text. It writes nothing.
func (a *App) CheckImport(_ context.Context, req ImportRequest) (*CheckedImport, error) {
	var probs knowledge.Problems
	recs := knowledge.Read(req.Name, req.Format, req.Body, &probs)
	progress := req.Progress
	if progress == nil {
		progress = func(ImportProgress) {}
	}
	for i, rec := range recs {
		a.screenRecord(req.Name, rec, &probs)
		progress(ImportProgress{Phase: ImportCheck, Done: i + 1, Total: len(recs)})
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	c := &CheckedImport{name: req.Name, entries: make([]knowledge.Entry, len(recs))}
	for i, rec := range recs {
		c.entries[i] = rec.Entry
	}
	return c, nil
}

// WriteImport writes a checked import in one transaction (all or nothing):
// an entry whose id exists is replaced. Then the search index, if built,
// catches up. progress may be nil.
func (a *App) WriteImport(ctx context.Context, c *CheckedImport, progress func(ImportProgress)) (ImportResult, error) {
	if progress == nil {
		progress = func(ImportProgress) {}
	}
	ids := make([]string, len(c.entries))
	for i, e := range c.entries {
		ids[i] = e.ID
	}
	existing, err := a.store.Existing(ctx, ids)
	if err != nil {
		return ImportResult{}, err
	}
	fresh, err := a.store.Fresh(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	progress(ImportProgress{Phase: ImportWrite, Done: 0, Total: len(c.entries)})
	if err := a.store.Put(ctx, c.entries...); err != nil {
		return ImportResult{}, err
	}
	if fresh {
		// Everything there came through this screen: serve's privacy
		// migration has nothing to do (a first start after importing
		// 50,000 entries spent most of its time on it).
		if err := a.store.MarkScreened(ctx, privacy.Version); err != nil {
			return ImportResult{}, err
		}
	}
	progress(ImportProgress{Phase: ImportWrite, Done: len(c.entries), Total: len(c.entries)})
	res := ImportResult{Updated: len(existing), Created: len(c.entries) - len(existing)}
	a.lg.Info("imported entries", "file", c.name, "created", res.Created, "updated", res.Updated)
	if a.IndexReady() {
		if err := a.SyncIndex(ctx); err != nil {
			return res, err
		}
	}
	return res, nil
}

// screenRecord runs the privacy screen over a record and adds a problem for
// each field that holds an identifier. Curated files are screened like
// Slack submissions: patient data must not enter the knowledge base by any
// door.
func (a *App) screenRecord(name string, rec knowledge.Record, probs *knowledge.Problems) {
	for _, f := range a.screenEntry(rec.Entry) {
		probs.Add(knowledge.LineError{File: name, Line: rec.Line, Field: f.field, Msg: f.kind.Message()})
	}
}

// Export writes every entry, whatever its status, in a form Import reads
// back unchanged: the backup format. It returns how many it wrote.
func (a *App) Export(ctx context.Context, w io.Writer, format knowledge.Format) (int, error) {
	entries, err := a.store.All(ctx)
	if err != nil {
		return 0, err
	}
	return len(entries), knowledge.Write(w, format, entries)
}
