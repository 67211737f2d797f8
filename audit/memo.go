package audit

import (
	"context"
	"errors"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/aibom/aibom/scanner/hub"
)

// Memo shares hub answers across every repository of an audit: each
// distinct (hub, id, revision) is asked once, and concurrent scans asking
// for the same model wait for the one request in flight. Answers that
// depend on the moment rather than the model (a cancelled context, a rate
// limit) are not kept, so a later repository asks again.
type Memo struct {
	clients map[string]hub.Client

	mu       sync.Mutex
	entries  map[memoKey]*memoEntry
	resolved atomic.Int64
}

type memoKey struct{ hub, id, revision string }

type memoEntry struct {
	done chan struct{}
	info *hub.ModelInfo
	err  error
}

// NewMemo wraps clients (by hub name).
func NewMemo(clients map[string]hub.Client) *Memo {
	return &Memo{clients: clients, entries: map[memoKey]*memoEntry{}}
}

// Clients returns the memoizing clients, one per wrapped client; a client
// that also serves datasets keeps doing so (unmemoized: datasets are few).
func (m *Memo) Clients() map[string]hub.Client {
	out := make(map[string]hub.Client, len(m.clients))
	for name, c := range m.clients {
		if c == nil {
			continue
		}
		mc := memoClient{m: m, c: c}
		if dc, ok := c.(hub.DatasetClient); ok {
			out[name] = memoDatasetClient{memoClient: mc, dc: dc}
		} else {
			out[name] = mc
		}
	}
	return out
}

// Resolved is the number of distinct models answered so far.
func (m *Memo) Resolved() int { return int(m.resolved.Load()) }

// Keys lists the distinct models asked for, as hub:id@revision, sorted;
// for tests and diagnostics.
func (m *Memo) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.entries))
	for k := range m.entries {
		keys = append(keys, k.hub+":"+k.id+"@"+k.revision)
	}
	sort.Strings(keys)
	return keys
}

func (m *Memo) model(ctx context.Context, c hub.Client, id, revision string) (*hub.ModelInfo, error) {
	key := memoKey{hub: c.Name(), id: id, revision: revision}
	for {
		m.mu.Lock()
		e, ok := m.entries[key]
		if !ok {
			e = &memoEntry{done: make(chan struct{})}
			m.entries[key] = e
			m.mu.Unlock()
			e.info, e.err = c.Model(ctx, id, revision)
			if transient(ctx, e.err) {
				m.mu.Lock()
				delete(m.entries, key)
				m.mu.Unlock()
			} else {
				m.resolved.Add(1)
			}
			close(e.done)
			return copyInfo(e.info), e.err
		}
		m.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if transient(ctx, e.err) {
			// The request we waited on was cancelled or rate limited
			// (its owner's context, not ours): ask again ourselves.
			continue
		}
		return copyInfo(e.info), e.err
	}
}

func transient(ctx context.Context, err error) bool {
	if err == nil {
		return false
	}
	return ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, hub.ErrRateLimited)
}

// copyInfo gives each caller its own ModelInfo: the resolver fills empty
// fields in place. Slices are shared and treated as read-only.
func copyInfo(info *hub.ModelInfo) *hub.ModelInfo {
	if info == nil {
		return nil
	}
	c := *info
	return &c
}

type memoClient struct {
	m *Memo
	c hub.Client
}

func (mc memoClient) Name() string { return mc.c.Name() }

func (mc memoClient) Model(ctx context.Context, id, revision string) (*hub.ModelInfo, error) {
	return mc.m.model(ctx, mc.c, id, revision)
}

type memoDatasetClient struct {
	memoClient
	dc hub.DatasetClient
}

func (mc memoDatasetClient) Dataset(ctx context.Context, id, revision string) (*hub.DatasetInfo, error) {
	return mc.dc.Dataset(ctx, id, revision)
}
