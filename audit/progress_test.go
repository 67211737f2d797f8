package audit

import (
	"bytes"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

func TestProgress(t *testing.T) {
	waits := new(atomic.Int64)
	waits.Store(2)
	for _, terminal := range []bool{true, false} {
		var buf bytes.Buffer
		p := NewProgress(&buf, terminal, nil, waits)
		r := Repo{Name: "github.com/acme/a\x1b[31m"}
		p.Event(Event{Kind: RepoStarted, Repo: r, Total: 3})
		p.Event(Event{Kind: RepoDone, Repo: r, Verdict: "fail", Done: 2, Total: 3})
		p.Event(Event{Kind: RepoSkipped, Repo: r, Done: 1, Total: 3}) // late, out of order
		p.Event(Event{Kind: RepoFailed, Repo: r, Err: errors.New("git fetch: denied"), Done: 3, Total: 3})
		p.Close()
		out := buf.String()
		if strings.Contains(out, "\x1b[31m") {
			t.Errorf("terminal=%v: escape sequence from a repository name reached the output", terminal)
		}
		want := []string{"[2/3] github.com/acme/a: fail", "rate-limit waits: 2", "[3/3] github.com/acme/a: failed: git fetch: denied"}
		if terminal {
			want = []string{"3/3 repositories", "1 failed", "2 rate-limit waits", "github.com/acme/a: git fetch: denied\n"}
			if strings.Contains(out, "1/3 repositories") {
				t.Error("progress went backwards on a late event")
			}
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("terminal=%v: output lacks %q:\n%q", terminal, w, out)
			}
		}
	}
}
