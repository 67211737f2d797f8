package httpx

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aibom/aibom/scanner/hub"
)

// retryPolicy decides whether a finished attempt is retried and how long to
// wait first. It honours the server's own hints before falling back to
// exponential backoff:
//
//   - Retry-After in seconds or as an HTTP-date (RFC 9110 §10.2.3);
//   - Hugging Face's IETF-draft header `RateLimit: "api";r=0;t=N` — only
//     when r=0, because the Hub sets it on every response
//     (huggingface_hub utils/_http.py parse_ratelimit_headers, hub-docs
//     rate-limits.md; see ../shared/design/hub-apis.md §1.7);
//   - GitHub's X-RateLimit-Remaining: 0 + X-RateLimit-Reset (epoch seconds),
//     which also turns a 403 into a retryable rate limit (GitHub docs
//     "Exceeding the rate limit"; hub-apis.md §3).
//
// A hint longer than maxWait is not slept on: the request gives up at once
// and the caller reports the model as rate limited.
type retryPolicy struct {
	min, max time.Duration
	maxWait  time.Duration
	// secondaryWait is the wait after a GitHub secondary rate limit that
	// carries no hint (GitHub asks for at least a minute).
	secondaryWait time.Duration
	budget        *atomic.Int64 // retries left for the whole client; shared
	now           func() time.Time
}

func (p *retryPolicy) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if ue, ok := unreachable(err); ok {
			return false, ue
		}
		if errors.Is(err, hub.ErrBudget) || !retryableError(err) {
			return false, err
		}
		return p.take(), nil
	}
	if !retryableStatus(resp) {
		if !SecondaryRateLimit(resp) {
			return false, nil
		}
		// Give the answer the hint it lacks, so backoff waits and the
		// caller sees why.
		resp.Header.Set("Retry-After", strconv.Itoa(int(p.secondaryWait.Round(time.Second)/time.Second)))
		if p.secondaryWait < time.Second {
			resp.Header.Set("Retry-After", "0")
		}
		if p.secondaryWait > p.maxWait {
			return false, nil
		}
		return p.take(), nil
	}
	if hint, ok := serverWait(resp.Header, p.now()); ok && hint > p.maxWait {
		return false, nil
	}
	return p.take(), nil
}

// take consumes one retry from the shared budget so that a storm of 429s
// across hundreds of models cannot multiply into thousands of requests.
func (p *retryPolicy) take() bool {
	if p.budget == nil {
		return true
	}
	return p.budget.Add(-1) >= 0
}

func (p *retryPolicy) backoff(_, _ time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if hint, ok := serverWait(resp.Header, p.now()); ok {
			return hint
		}
	}
	d := p.min << min(attempt, 16)
	if d <= 0 || d > p.max {
		d = p.max
	}
	// Up to 25% jitter so that workers that failed together do not retry in
	// lock step.
	if q := int64(d) / 4; q > 0 {
		d += time.Duration(rand.Int64N(q))
	}
	return d
}

func retryableStatus(resp *http.Response) bool {
	switch {
	case resp == nil:
		return false
	case resp.StatusCode == http.StatusRequestTimeout, resp.StatusCode == http.StatusTooManyRequests:
		return true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return true
	case resp.StatusCode == http.StatusForbidden:
		// A 403 is a permission answer unless it says it is a rate limit.
		return resp.Header.Get("X-RateLimit-Remaining") == "0" || resp.Header.Get("Retry-After") != ""
	}
	return false
}

// SecondaryRateLimit recognises GitHub's hint-less secondary rate limit: a
// 403 whose body says so ("You have exceeded a secondary rate limit"). The
// body is peeked and put back, so a caller that gets this answer still
// reads it.
func SecondaryRateLimit(resp *http.Response) bool {
	if resp == nil || resp.StatusCode != http.StatusForbidden || resp.Body == nil {
		return false
	}
	peek, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(peek), resp.Body), resp.Body}
	return err == nil && bytes.Contains(bytes.ToLower(peek), []byte("secondary rate limit"))
}

var (
	errRedirectLoop = errors.New("too many redirects")
	errUnsupported  = errors.New("unsupported")
)

func retryableError(err error) bool {
	// The caller's own deadline is checked before this; a per-attempt
	// timeout (http.Client.Timeout) is retried.
	if errors.Is(err, context.Canceled) {
		return false
	}
	if errors.Is(err, errRedirectLoop) || errors.Is(err, errUnsupported) {
		return false
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		msg := ue.Err.Error()
		if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "certificate") {
			return false
		}
	}
	return true
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// maxHint caps any wait a server asks for; past MaxWait the request gives
// up anyway, and the cap keeps a hostile value from overflowing a Duration.
const maxHint = 24 * time.Hour

// serverWait returns the wait the server asked for, if any, at most maxHint.
func serverWait(h http.Header, now time.Time) (time.Duration, bool) {
	if d, ok := parseRetryAfter(h.Get("Retry-After"), now); ok {
		return d, true
	}
	if d, ok := parseRateLimit(h.Get("RateLimit")); ok {
		// huggingface_hub sleeps t+1 seconds: the window resets at t.
		return min(d, maxHint) + time.Second, true
	}
	if h.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			d := maxHint // a reset too far away to be a date (time.Unix would wrap)
			if reset < now.Unix()+int64(maxHint/time.Second) {
				d = time.Unix(reset, 0).Sub(now)
			}
			return min(max(d, 0), maxHint) + time.Second, true
		}
	}
	return 0, false
}

// parseRetryAfter reads delta-seconds or an HTTP-date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(maxHint/time.Second) {
			n = int64(maxHint / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), maxHint), true
	}
	return 0, false
}

// parseRateLimit reads `"api";r=0;t=55` (draft-ietf-httpapi-ratelimit-headers
// as served by the Hub) and returns t when r is 0.
func parseRateLimit(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	r, t := -1, -1
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || n < 0 {
			continue
		}
		switch strings.TrimSpace(k) {
		case "r":
			r = n
		case "t":
			t = n
		}
	}
	if r != 0 || t < 0 {
		return 0, false
	}
	return time.Duration(min(t, int(maxHint/time.Second))) * time.Second, true
}

// UnreachableError is a hop whose connection could not be made at all:
// the name does not resolve, the port refuses, there is no route. Its
// message is one readable line ("cannot reach huggingface.co: no such
// host") in place of the resolver's and dialer's nested errors. It wraps
// hub.ErrUnreachable and the cause.
type UnreachableError struct {
	Host  string // host[:port] of the hop
	Why   string
	cause error
}

func (e *UnreachableError) Error() string { return "cannot reach " + e.Host + ": " + e.Why }

func (e *UnreachableError) Unwrap() []error { return []error{hub.ErrUnreachable, e.cause} }

// unreachable recognises a failure to connect and says it plainly; other
// errors (a reset mid-answer, a TLS failure, a timeout waiting for the
// answer) are not connection failures.
func unreachable(err error) (*UnreachableError, bool) {
	host := ""
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			host = u.Host
		}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		why := "DNS lookup failed"
		switch {
		case dnsErr.IsNotFound:
			why = "no such host"
		case dnsErr.IsTimeout:
			why = "DNS lookup timed out"
		}
		return &UnreachableError{Host: cmp.Or(host, dnsErr.Name), Why: why, cause: err}, true
	}
	var op *net.OpError
	if !errors.As(err, &op) || (op.Op != "dial" && op.Op != "proxyconnect") {
		return nil, false
	}
	why := "connection failed"
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		why = "connection refused"
	case errors.Is(err, syscall.ENETUNREACH):
		why = "network is unreachable"
	case errors.Is(err, syscall.EHOSTUNREACH):
		why = "no route to host"
	case op.Timeout():
		why = "connection timed out"
	}
	if op.Op == "proxyconnect" {
		why = "proxy: " + why
	}
	if host == "" && op.Addr != nil {
		host = op.Addr.String()
	}
	return &UnreachableError{Host: host, Why: why, cause: err}, true
}
