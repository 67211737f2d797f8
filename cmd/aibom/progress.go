package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress draws one line on a terminal's stderr — models resolved of
// those known — for a scan that runs past progressDelay; it is silent when
// stderr is not a terminal (CI logs, pipes) and for quick scans. The
// resolver's callback only records the counts; a ticker redraws, so a
// scan held by one slow model still shows it is alive.
type progress struct {
	mu          sync.Mutex
	w           io.Writer
	done, total int
	shown       bool
	stop        chan struct{}
	wg          sync.WaitGroup
}

const (
	progressDelay    = 2 * time.Second
	progressInterval = 250 * time.Millisecond
)

func newProgress(w io.Writer, tty bool) *progress {
	return startProgress(w, tty, progressDelay, progressInterval)
}

func startProgress(w io.Writer, tty bool, delay, every time.Duration) *progress {
	p := &progress{w: w, stop: make(chan struct{})}
	if !tty {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case <-time.After(delay):
		case <-p.stop:
			return
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			p.draw()
			select {
			case <-t.C:
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

// update is the resolver's callback (scanner.Options.Progress).
func (p *progress) update(done, total int) {
	p.mu.Lock()
	p.done, p.total = done, total
	p.mu.Unlock()
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total == 0 {
		fmt.Fprint(p.w, "\raibom: reading the project…\x1b[K")
	} else {
		fmt.Fprintf(p.w, "\raibom: resolving models %d/%d\x1b[K", p.done, p.total)
	}
	p.shown = true
}

// close stops the ticker and clears the line, so warnings and the report
// start on a clean line.
func (p *progress) close() {
	select {
	case <-p.stop:
		return
	default:
		close(p.stop)
	}
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
