package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestProgressLine: on a terminal, after the delay, the line shows models
// resolved of those known and is cleared at the end; off a terminal
// nothing is written at all.
func TestProgressLine(t *testing.T) {
	var tty lockedBuffer
	p := startProgress(&tty, true, 0, 5*time.Millisecond)
	p.update(3, 10)
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(tty.String(), "resolving models 3/10") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	p.close()
	out := tty.String()
	if !strings.Contains(out, "\raibom: resolving models 3/10") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("terminal progress = %q", out)
	}
	p.close() // a second close is harmless

	var pipe lockedBuffer
	q := startProgress(&pipe, false, 0, time.Millisecond)
	q.update(1, 2)
	time.Sleep(20 * time.Millisecond)
	q.close()
	if pipe.String() != "" {
		t.Errorf("progress written off a terminal: %q", pipe.String())
	}

	// A quick scan ends before the delay: nothing shown.
	var quick lockedBuffer
	r := startProgress(&quick, true, time.Hour, time.Millisecond)
	r.update(1, 1)
	r.close()
	if quick.String() != "" {
		t.Errorf("a quick scan drew %q", quick.String())
	}
}
