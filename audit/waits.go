package audit

import (
	"net/http"
	"sync/atomic"

	"github.com/aibom/aibom/scanner/httpx"
)

// CountRateLimits wraps an HTTP transport and adds one to n for every
// response that asks the client to wait: 429, or 403 with
// X-RateLimit-Remaining: 0, Retry-After, or a body naming GitHub's
// secondary limit. Put under the shared HTTP layer, it counts the waits that layer
// makes, for the progress display.
func CountRateLimits(base http.RoundTripper, n *atomic.Int64) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return countingTransport{base: base, n: n}
}

type countingTransport struct {
	base http.RoundTripper
	n    *atomic.Int64
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err == nil && resp != nil && isRateLimit(resp) {
		t.n.Add(1)
	}
	return resp, err
}

func isRateLimit(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusForbidden:
		return resp.Header.Get("X-RateLimit-Remaining") == "0" || resp.Header.Get("Retry-After") != "" ||
			httpx.SecondaryRateLimit(resp)
	}
	return false
}
