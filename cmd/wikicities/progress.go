package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows a progress bar for long work: only when its writer is a
// terminal, and only once the work has lasted more than a second, so that
// quick commands and scripts (output to a pipe or file) stay quiet.
type progress struct {
	w     io.Writer
	tty   bool
	desc  string
	start time.Time
	bar   *progressbar.ProgressBar
}

// newProgress returns a progress display on w for work described by desc.
func newProgress(w io.Writer, desc string) *progress {
	p := &progress{w: w, desc: desc, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		p.tty = term.IsTerminal(int(f.Fd()))
	}
	return p
}

// Set reports done out of total (total < 0 when unknown).
func (p *progress) Set(done, total int64) {
	if !p.tty {
		return
	}
	if p.bar == nil {
		if time.Since(p.start) < time.Second {
			return
		}
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(p.desc),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionClearOnFinish(),
		)
	}
	if p.bar.GetMax64() != total {
		p.bar.ChangeMax64(total)
	}
	p.bar.Set64(done)
}

// Done finishes and clears the bar, if one was shown.
func (p *progress) Done() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
