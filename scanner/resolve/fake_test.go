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

	mu       sync.Mutex
	calls    map[string]int
	inflight int
	peak     int
}

type answer struct {
	info *hub.ModelInfo
	err  error
}

func newFake(name string) *fakeClient {
	return &fakeClient{name: name, answers: map[string]answer{}, calls: map[string]int{}}
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
	f.mu.Lock()
	f.calls[strings.ToLower(id)]++
	f.inflight++
	f.peak = max(f.peak, f.inflight)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inflight--
		f.mu.Unlock()
	}()
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
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
