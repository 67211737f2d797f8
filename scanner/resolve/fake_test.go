package resolve

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aibom/aibom/scanner/hub"
)

// fakeClient is a hub.Client answering from a table (ids compared without
// case), counting calls and the peak number of concurrent calls.
type fakeClient struct {
	name    string
	answers map[string]answer
	// unknown is returned for ids not in answers (default ErrNotFound).
	unknown error
	delay   time.Duration
	// delays overrides delay per id; hang lists ids whose call blocks until
	// release is closed, ignoring its context, as a stuck client would.
	delays  map[string]time.Duration
	hang    map[string]bool
	release chan struct{}

	mu       sync.Mutex
	calls    map[string]int
	started  map[string]time.Time
	finished map[string]time.Time
	inflight int
	peak     int
}

type answer struct {
	info *hub.ModelInfo
	err  error
}

func newFake(name string) *fakeClient {
	return &fakeClient{name: name, answers: map[string]answer{}, calls: map[string]int{},
		delays: map[string]time.Duration{}, hang: map[string]bool{}, release: make(chan struct{}),
		started: map[string]time.Time{}, finished: map[string]time.Time{}}
}

func (f *fakeClient) add(info *hub.ModelInfo) *fakeClient {
	f.answers[strings.ToLower(info.ID)] = answer{info: info}
	return f
}

func (f *fakeClient) fail(id string, err error) *fakeClient {
	f.answers[strings.ToLower(id)] = answer{err: err}
	return f
}

// rename makes old answer with the info of new, as a hub following its
// redirect for a renamed repository does.
func (f *fakeClient) rename(old, new string) *fakeClient {
	a := f.answers[strings.ToLower(new)]
	f.answers[strings.ToLower(old)] = answer{info: a.info}
	return f
}

func (f *fakeClient) Name() string { return f.name }

func (f *fakeClient) Model(ctx context.Context, id, revision string) (*hub.ModelInfo, error) {
	lid := strings.ToLower(id)
	f.mu.Lock()
	f.calls[lid]++
	f.started[lid] = time.Now()
	f.inflight++
	f.peak = max(f.peak, f.inflight)
	delay, ok := f.delays[lid]
	if !ok {
		delay = f.delay
	}
	hang := f.hang[lid]
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inflight--
		f.finished[lid] = time.Now()
		f.mu.Unlock()
	}()
	if hang {
		<-f.release
		return nil, fmt.Errorf("%s model %s: released", f.name, id)
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	a, ok := f.answers[strings.ToLower(id)]
	if !ok {
		err := f.unknown
		if err == nil {
			err = hub.ErrNotFound
		}
		return nil, fmt.Errorf("%s model %s: %w", f.name, id, err)
	}
	if a.err != nil {
		return nil, fmt.Errorf("%s model %s: %w", f.name, id, a.err)
	}
	c := *a.info
	c.RequestedID = id
	if c.Source == "" {
		c.Source = "hub"
	}
	return &c, nil
}

func (f *fakeClient) callsTo(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[strings.ToLower(id)]
}

func (f *fakeClient) times(id string) (started, finished time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.started[strings.ToLower(id)], f.finished[strings.ToLower(id)]
}
