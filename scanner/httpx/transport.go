package httpx

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
)

// reqOptsKey carries the per-request options to the transport and to the
// redirect check, which only see the *http.Request.
type reqOptsKey struct{}

func withOptions(ctx context.Context, o *RequestOptions) context.Context {
	return context.WithValue(ctx, reqOptsKey{}, o)
}

func optionsFrom(ctx context.Context) *RequestOptions {
	o, _ := ctx.Value(reqOptsKey{}).(*RequestOptions)
	return o
}

// transport attaches credentials and enforces the per-host concurrency
// limit on every single round trip, including each redirect hop and each
// retry. The credential is decided per hop from the hop's own host, so a
// redirect to another host never carries the token whatever the redirect
// machinery above does with headers.
type transport struct {
	base    http.RoundTripper
	limits  *hostLimits
	onTrip  func(*http.Request) error // counts round trips; an error (budget spent) stops this one
	userAgt string
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	o := optionsFrom(req.Context())
	// RoundTrippers must not modify the caller's request.
	r := req.Clone(req.Context())
	r.Header.Del("Authorization")
	if t.userAgt != "" {
		r.Header.Set("User-Agent", t.userAgt)
	}
	if o != nil && o.Token != "" && o.TokenHost != "" && strings.EqualFold(r.URL.Host, o.TokenHost) {
		if o.TokenCookie != "" {
			r.AddCookie(&http.Cookie{Name: o.TokenCookie, Value: o.Token})
		} else {
			r.Header.Set("Authorization", "Bearer "+o.Token)
		}
	}
	release, err := t.limits.acquire(r.Context(), r.URL.Host)
	if err != nil {
		return nil, err
	}
	if t.onTrip != nil {
		if err := t.onTrip(r); err != nil {
			release()
			return nil, err
		}
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// releasingBody frees the host slot when the body is closed: a slot is
// held for the whole exchange, not just until the headers arrive.
type releasingBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}

// hostLimits is a set of per-host semaphores created on first use.
type hostLimits struct {
	def     int
	perHost map[string]int
	mu      sync.Mutex
	sems    map[string]chan struct{}
}

func newHostLimits(def int, perHost map[string]int) *hostLimits {
	return &hostLimits{def: def, perHost: perHost, sems: map[string]chan struct{}{}}
}

func (h *hostLimits) sem(host string) chan struct{} {
	host = strings.ToLower(host)
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.sems[host]
	if !ok {
		n := h.def
		if v, ok := h.perHost[host]; ok && v > 0 {
			n = v
		}
		s = make(chan struct{}, n)
		h.sems[host] = s
	}
	return s
}

func (h *hostLimits) acquire(ctx context.Context, host string) (func(), error) {
	s := h.sem(host)
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
