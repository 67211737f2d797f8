package audit

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aibom/aibom/sbom"
)

// Progress shows an audit's progress on w: on a terminal one line redrawn
// in place (repositories done of total, models resolved, rate-limit
// waits), otherwise one plain log line per finished repository.
type Progress struct {
	w        io.Writer
	terminal bool
	memo     *Memo
	waits    *atomic.Int64

	mu          sync.Mutex
	done, total int
	failed      int
	stop        chan struct{}
	stopped     chan struct{}
}

// NewProgress starts a progress display. memo and waits may be nil.
func NewProgress(w io.Writer, terminal bool, memo *Memo, waits *atomic.Int64) *Progress {
	p := &Progress{w: w, terminal: terminal, memo: memo, waits: waits, stop: make(chan struct{}), stopped: make(chan struct{})}
	if terminal {
		go p.tick()
	} else {
		close(p.stopped)
	}
	return p
}

// Event records one step (Options.Progress).
func (p *Progress) Event(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	// Events are delivered from several goroutines, possibly out of order.
	p.done, p.total = max(p.done, e.Done), e.Total
	if e.Kind == RepoFailed {
		p.failed++
	}
	if p.terminal {
		if e.Kind == RepoFailed {
			// Failures stay on screen above the progress line.
			fmt.Fprintf(p.w, "\r\033[K%s: %s\n", sbom.Clean(e.Repo.Name, 200), sbom.Clean(fmt.Sprint(e.Err), 300))
		}
		p.draw()
		return
	}
	switch e.Kind {
	case RepoSkipped:
		fmt.Fprintf(p.w, "aibom: audit [%d/%d] %s: already done, skipped\n", e.Done, e.Total, sbom.Clean(e.Repo.Name, 200))
	case RepoDone:
		fmt.Fprintf(p.w, "aibom: audit [%d/%d] %s: %s (models resolved so far: %d, rate-limit waits: %d)\n",
			e.Done, e.Total, sbom.Clean(e.Repo.Name, 200), e.Verdict, p.models(), p.rateWaits())
	case RepoFailed:
		fmt.Fprintf(p.w, "aibom: audit [%d/%d] %s: failed: %s\n", e.Done, e.Total, sbom.Clean(e.Repo.Name, 200), sbom.Clean(fmt.Sprint(e.Err), 300))
	}
}

// Close stops redrawing and ends the progress line.
func (p *Progress) Close() {
	if !p.terminal {
		return
	}
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw()
	fmt.Fprintln(p.w)
}

func (p *Progress) tick() {
	defer close(p.stopped)
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
	}
}

func (p *Progress) draw() {
	done, total := p.done, p.total
	const width = 24
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = '.'
		if i < filled {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\r\033[Kaudit [%s] %d/%d repositories · %d failed · %d models resolved · %d rate-limit waits",
		bar, done, total, p.failed, p.models(), p.rateWaits())
}

func (p *Progress) models() int {
	if p.memo == nil {
		return 0
	}
	return p.memo.Resolved()
}

func (p *Progress) rateWaits() int64 {
	if p.waits == nil {
		return 0
	}
	return p.waits.Load()
}
