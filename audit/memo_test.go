package audit

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aibom/aibom/scanner"
	"github.com/aibom/aibom/scanner/hub"
)

// countingHub answers every model with an MIT license after a short delay
// (so that concurrent callers overlap) and counts calls per model.
type countingHub struct {
	mu    sync.Mutex
	calls map[string]int
	fail  map[string]error
}

func (c *countingHub) Name() string { return "huggingface" }

func (c *countingHub) Model(ctx context.Context, id, revision string) (*hub.ModelInfo, error) {
	c.mu.Lock()
	c.calls[id+"@"+revision]++
	err := c.fail[id]
	c.mu.Unlock()
	select {
	case <-time.After(20 * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	return &hub.ModelInfo{ID: id, License: "mit"}, nil
}

func (c *countingHub) Dataset(context.Context, string, string) (*hub.DatasetInfo, error) {
	return nil, hub.ErrNotFound
}

func TestMemoAsksOncePerModel(t *testing.T) {
	fake := &countingHub{calls: map[string]int{}, fail: map[string]error{
		"gone/model":    fmt.Errorf("lookup: %w", hub.ErrNotFound),
		"limited/model": fmt.Errorf("lookup: %w", hub.ErrRateLimited),
	}}
	m := NewMemo(map[string]hub.Client{"huggingface": fake})
	c := m.Clients()["huggingface"]
	if _, ok := c.(hub.DatasetClient); !ok {
		t.Fatal("memoized client lost Dataset")
	}
	var wg sync.WaitGroup
	var errs atomic.Int64
	for i := range 40 {
		wg.Go(func() {
			id := []string{"a/one", "b/two", "gone/model", "limited/model"}[i%4]
			info, err := c.Model(context.Background(), id, "")
			if err != nil {
				errs.Add(1)
				return
			}
			info.Hub = "mutated by the caller" // each caller owns its copy
		})
	}
	wg.Wait()
	for _, id := range []string{"a/one@", "b/two@", "gone/model@"} {
		if fake.calls[id] != 1 {
			t.Errorf("%s asked %d times, want once", id, fake.calls[id])
		}
	}
	if fake.calls["limited/model@"] < 2 {
		t.Errorf("a rate-limited answer was kept (asked %d times)", fake.calls["limited/model@"])
	}
	if errs.Load() != 20 {
		t.Errorf("%d errors, want 20 (not found and rate limited, 10 each)", errs.Load())
	}
	info, _ := c.Model(context.Background(), "a/one", "")
	if info.Hub != "" {
		t.Error("one caller's change reached another")
	}
	// Revisions are distinct models.
	c.Model(context.Background(), "a/one", "v2")
	if fake.calls["a/one@v2"] != 1 || m.Resolved() != 4 {
		t.Errorf("revision not keyed: calls %v, resolved %d", fake.calls, m.Resolved())
	}

	// A cancelled lookup is not kept: the next caller asks again.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Model(ctx, "c/three", ""); err == nil {
		t.Error("cancelled lookup succeeded")
	}
	if _, err := c.Model(context.Background(), "c/three", ""); err != nil || fake.calls["c/three@"] != 2 {
		t.Errorf("after a cancelled lookup: %v, calls %d", err, fake.calls["c/three@"])
	}
}

func TestAuditSharesLookupsAcrossRepositories(t *testing.T) {
	repos := testRepos(t)[:4] // the three git repositories and the local one
	fake := &countingHub{calls: map[string]int{}}
	opts := baseOptions(t, repos, t.TempDir())
	opts.Scan = scanner.Options{Clients: map[string]hub.Client{"huggingface": fake}}
	opts.Jobs = 4
	if _, err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	// nllb is in two repositories, bge in three: each asked once.
	if len(fake.calls) != 2 {
		t.Errorf("models asked: %v, want the two distinct ones", fake.calls)
	}
	for id, n := range fake.calls {
		if n != 1 {
			t.Errorf("%s asked %d times across the audit, want once", id, n)
		}
	}
}
