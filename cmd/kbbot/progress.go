package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// progress shows how far a long command has got, on one line of a
// terminal rewritten in place: reading, checking, writing. It is silent
// when stderr is not a terminal (scripts, logs, tests of output).
type progress struct {
	w     io.Writer
	on    bool
	now   func() time.Time
	last  time.Time
	width int // of the line on screen, to blank it
}

// progressEvery is how often the line is redrawn at most.
const progressEvery = 100 * time.Millisecond

func newProgress(w io.Writer, on bool) *progress {
	return &progress{w: w, on: on, now: time.Now}
}

// show redraws the line, at most every progressEvery unless force.
func (p *progress) show(force bool, format string, args ...any) {
	if !p.on {
		return
	}
	now := p.now()
	if !force && now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	line := "kbbot: " + fmt.Sprintf(format, args...)
	pad := max(p.width-len(line), 0)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.width = len(line)
}

// clear blanks the line, before the command's own output.
func (p *progress) clear() {
	if p.on && p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}

// update shows an import phase's progress (handlers.ImportRequest.Progress).
func (p *progress) update(ip handlers.ImportProgress) {
	switch ip.Phase {
	case handlers.ImportCheck:
		p.show(ip.Done == ip.Total, "checking entries: %d of %d", ip.Done, ip.Total)
	case handlers.ImportWrite:
		if ip.Done < ip.Total {
			p.show(true, "writing %d entries in one transaction…", ip.Total)
		} else {
			p.show(true, "wrote %d entries", ip.Total)
		}
	}
}

// reader counts what is read from r and shows it: a percentage of size, or
// the bytes read when the size is unknown (size < 0: a pipe).
func (p *progress) reader(r io.Reader, size int64) io.Reader {
	if !p.on {
		return r
	}
	return &progressReader{r: r, p: p, size: size}
}

type progressReader struct {
	r    io.Reader
	p    *progress
	size int64
	read int64
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.read += int64(n)
	done := err != nil
	if pr.size > 0 {
		pr.p.show(done, "reading %d%%", min(pr.read*100/pr.size, 100))
	} else {
		pr.p.show(done, "reading %.1f MB", float64(pr.read)/1e6)
	}
	return n, err
}

// isTerminal reports whether w is a terminal, for progress output.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
