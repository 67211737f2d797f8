// Package httpx is the one HTTP layer every hub client goes through. It
// owns what must be the same for every hub: retries that honour the
// server's rate-limit hints, per-host concurrency limits, credentials that
// only reach their own host, size-capped bodies, redirect rules, an on-disk
// cache with ETag revalidation, and an offline mode that never touches the
// network.
package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/sync/singleflight"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// Size caps for untrusted bodies.
const (
	// MaxJSONBytes caps hub metadata responses.
	MaxJSONBytes int64 = 8 << 20
	// MaxFileBytes caps model cards and license files.
	MaxFileBytes int64 = 1 << 20
)

// Config tunes a Client. Zero values take the defaults noted per field.
type Config struct {
	// CacheDir is the cache root; default os.UserCacheDir()/aibom. The
	// cache is disabled when NoCache is set or no user cache dir exists.
	CacheDir string
	NoCache  bool
	// CacheTTL is how long an entry is served without asking the server;
	// after that it is revalidated with If-None-Match. Default 24h; a
	// negative TTL revalidates every time.
	CacheTTL time.Duration
	// Offline serves from the cache only; a miss is hub.ErrOffline.
	Offline bool
	// PerHost is the default number of concurrent requests to one host
	// (default 8); HostLimits overrides it per host ("api.github.com").
	PerHost    int
	HostLimits map[string]int
	// Timeout bounds one attempt, redirects and body included (default
	// 10s): the per-request deadline. The overall deadline is the
	// caller's context (the resolver's per-model budget, the scan's
	// --timeout).
	Timeout time.Duration
	// MaxRequests bounds the round trips this client makes in its life —
	// one scan in the CLI (default 10,000; negative: no bound). Past it a
	// request fails at once with hub.ErrBudget, or is answered from a
	// stale cache entry when there is one.
	MaxRequests int
	// UnreachableFor is how long a host whose dial failed (DNS, refused,
	// no route) is not dialled again: requests to it fail at once with
	// hub.ErrUnreachable, or are answered from a stale cache entry
	// (default 1m).
	UnreachableFor time.Duration
	// Sanitizer redacts the process's secrets from every body, kept header
	// and final URL before they are cached or returned, whatever the hub
	// echoes (nil: only the token of each request is redacted).
	Sanitizer *sbom.Sanitizer
	// MaxRetries per request (default 4) and RetryBudget, the retries all
	// requests of this client may spend together (default 256).
	MaxRetries  int
	RetryBudget int
	// RetryWaitMin/Max bound the exponential backoff (defaults 500ms, 8s).
	RetryWaitMin, RetryWaitMax time.Duration
	// MaxWait is the longest server-requested wait (Retry-After, RateLimit)
	// that is honoured; longer means give up and report (default 60s).
	MaxWait time.Duration
	// SecondaryWait is how long to wait after a GitHub secondary rate limit
	// that gives no Retry-After (default 60s, GitHub's advice).
	SecondaryWait time.Duration
	// MaxRedirects bounds redirect chains (default 10).
	MaxRedirects int
	UserAgent    string
	// Logger receives debug lines (URL, status, cache use); never headers.
	Logger *slog.Logger
	// Transport is the base round tripper (default: a pooled transport).
	Transport http.RoundTripper
	// Now is the clock for cache ages and HTTP-date hints (default time.Now).
	Now func() time.Time
}

// DefaultHostLimits are applied unless Config.HostLimits names the host.
// GitHub asks clients to avoid concurrent requests (secondary limits).
var defaultHostLimits = map[string]int{"api.github.com": 2}

// RequestOptions describe one GET.
type RequestOptions struct {
	// Token is sent only to TokenHost (host[:port], compared exactly), as
	// "Authorization: Bearer" or, when TokenCookie is set, as that cookie.
	Token       string
	TokenHost   string
	TokenCookie string
	// MaxBytes caps the body (default MaxJSONBytes). A longer body is cut
	// and the response marked Truncated.
	MaxBytes int64
	Accept   string
	// Header holds extra request headers (not part of the cache key).
	Header http.Header
	// FollowOtherHosts follows absolute redirects to other hosts (file
	// downloads to a CDN). Metadata requests leave it false: only
	// same-host redirects (renamed repos) are followed then, and a
	// redirect elsewhere is returned as is.
	FollowOtherHosts bool
}

// String never shows the token.
func (o RequestOptions) String() string {
	tok := ""
	if o.Token != "" {
		tok = "<redacted>"
	}
	return fmt.Sprintf("RequestOptions{TokenHost:%q Token:%q MaxBytes:%d Accept:%q}", o.TokenHost, tok, o.MaxBytes, o.Accept)
}

// Response is a fully read, size-capped response. Body is shared between
// callers of identical concurrent requests: treat it as read-only.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// URL is the final URL after the redirects that were followed.
	URL string
	// Truncated: the body was longer than MaxBytes; Body is its first
	// MaxBytes bytes.
	Truncated bool
	// FromCache: the body came from the disk cache (fresh, revalidated with
	// a 304, or offline).
	FromCache   bool
	Revalidated bool
}

// Client is safe for concurrent use.
type Client struct {
	cfg    Config
	rc     *retryablehttp.Client
	cache  *diskCache
	group  singleflight.Group
	log    *slog.Logger
	budget atomic.Int64
	san    *sbom.Sanitizer

	requests atomic.Int64 // round trips made (each retry and redirect hop)

	mu   sync.Mutex
	down map[string]downHost // by lower-case host: dial failed recently
}

type downHost struct {
	err   *UnreachableError
	until time.Time
}

// New builds a Client.
func New(cfg Config) *Client {
	if cfg.PerHost <= 0 {
		cfg.PerHost = 8
	}
	if cfg.CacheTTL == 0 {
		cfg.CacheTTL = 24 * time.Hour
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxRequests == 0 {
		cfg.MaxRequests = 10000
	}
	if cfg.UnreachableFor <= 0 {
		cfg.UnreachableFor = time.Minute
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 4
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RetryBudget <= 0 {
		cfg.RetryBudget = 256
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = 500 * time.Millisecond
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = 8 * time.Second
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 60 * time.Second
	}
	if cfg.MaxRedirects <= 0 {
		cfg.MaxRedirects = 10
	}
	if cfg.SecondaryWait <= 0 {
		cfg.SecondaryWait = 60 * time.Second
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "aibom"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	limits := map[string]int{}
	for h, n := range defaultHostLimits {
		limits[h] = n
	}
	for h, n := range cfg.HostLimits {
		limits[strings.ToLower(h)] = n
	}
	base := cfg.Transport
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// A connection that cannot be made within a few seconds is a host
		// out of reach, reported as such, not an attempt timing out.
		d := &net.Dialer{Timeout: min(5*time.Second, cfg.Timeout/2), KeepAlive: 30 * time.Second}
		t.DialContext = d.DialContext
		t.MaxIdleConnsPerHost = 64
		t.MaxIdleConns = 256
		base = t
	}
	c := &Client{cfg: cfg, log: logger, san: cfg.Sanitizer, down: map[string]downHost{}}
	c.budget.Store(int64(cfg.RetryBudget))
	tr := &transport{base: base, limits: newHostLimits(cfg.PerHost, limits), userAgt: cfg.UserAgent,
		onTrip: func(*http.Request) error {
			if n := c.requests.Add(1); cfg.MaxRequests > 0 && n > int64(cfg.MaxRequests) {
				c.requests.Add(-1)
				return fmt.Errorf("%w (%d requests)", hub.ErrBudget, cfg.MaxRequests)
			}
			return nil
		}}
	hc := &http.Client{
		Transport: tr,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= cfg.MaxRedirects {
				return fmt.Errorf("%w: stopped after %d", errRedirectLoop, len(via))
			}
			o := optionsFrom(req.Context())
			if !strings.EqualFold(req.URL.Host, via[0].URL.Host) && (o == nil || !o.FollowOtherHosts) {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
	pol := &retryPolicy{min: cfg.RetryWaitMin, max: cfg.RetryWaitMax, maxWait: cfg.MaxWait, secondaryWait: cfg.SecondaryWait, budget: &c.budget, now: cfg.Now}
	c.rc = &retryablehttp.Client{
		HTTPClient:   hc,
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   pol.check,
		Backoff:      pol.backoff,
		ErrorHandler: func(resp *http.Response, err error, tries int) (*http.Response, error) {
			if err == nil && resp != nil {
				// Retries spent on a retryable status: hand back the last
				// answer so the hub client can say "rate limited" or "5xx".
				return resp, nil
			}
			if resp != nil {
				resp.Body.Close()
			}
			var ue *UnreachableError
			if errors.As(err, &ue) || errors.Is(err, hub.ErrBudget) {
				// Never retried, by design: the message says why, plainly.
				return nil, err
			}
			if err == nil {
				err = errors.New("no response")
			}
			return nil, fmt.Errorf("after %d attempt(s): %w", tries, err)
		},
	}
	if !cfg.NoCache {
		if dir := CacheRoot(cfg.CacheDir); dir != "" {
			c.cache = &diskCache{dir: filepath.Join(dir, "http")}
		}
	}
	return c
}

// CacheRoot is the cache directory a Client with Config.CacheDir dir uses:
// dir itself, else os.UserCacheDir()/aibom, else "" (no cache). A scan
// leaves it out of the tree it walks.
func CacheRoot(dir string) string {
	if dir != "" {
		return dir
	}
	if ucd, err := os.UserCacheDir(); err == nil {
		return filepath.Join(ucd, "aibom")
	}
	return ""
}

// Requests is the number of round trips made so far (each retry and each
// redirect hop counts); for benchmarks and tests.
func (c *Client) Requests() int64 { return c.requests.Load() }

// Offline reports whether the client serves from the cache only.
func (c *Client) Offline() bool { return c.cfg.Offline }

// Get fetches rawURL. Any HTTP status is a Response; errors are transport
// failures after retries, an exceeded deadline, a redirect loop, or
// hub.ErrOffline on a cache miss in offline mode.
func (c *Client) Get(ctx context.Context, rawURL string, opt RequestOptions) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("GET %q: %w: not an http(s) URL", rawURL, errUnsupported)
	}
	if u.User != nil {
		return nil, fmt.Errorf("GET %s: %w: credentials in URL", u.Redacted(), errUnsupported)
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = MaxJSONBytes
	}
	auth := opt.Token != "" && strings.EqualFold(u.Host, opt.TokenHost)
	path := ""
	if c.cache != nil {
		path = c.cache.path(u.String(), u.Host, opt.Accept, auth)
	}
	key := fmt.Sprintf("%s\n%s\n%t\n%d\n%t", u.String(), opt.Accept, auth, opt.MaxBytes, opt.FollowOtherHosts)
	v, err, _ := c.group.Do(key, func() (any, error) { return c.get(ctx, u, opt, path) })
	if err != nil {
		return nil, err
	}
	r := *v.(*Response)
	return &r, nil
}

func (c *Client) get(ctx context.Context, u *url.URL, opt RequestOptions, path string) (*Response, error) {
	target := u.Redacted()
	var cached *entry
	if path != "" {
		e, err := c.cache.load(path, opt.MaxBytes)
		if err != nil {
			c.log.Debug("cache entry discarded", "url", target, "err", err)
		}
		cached = e
	}
	now := c.cfg.Now()
	if c.cfg.Offline {
		if cached == nil {
			return nil, fmt.Errorf("GET %s: %w", target, hub.ErrOffline)
		}
		return fromEntry(cached), nil
	}
	if cached != nil && cached.fresh(now, c.cfg.CacheTTL) {
		c.log.Debug("cache hit", "url", target)
		return fromEntry(cached), nil
	}
	if ue := c.isDown(u.Host, now); ue != nil {
		// No dial: the host failed moments ago. A stale answer beats none.
		if cached != nil {
			return fromEntry(cached), nil
		}
		return nil, fmt.Errorf("GET %s: %w", target, ue)
	}
	req, err := retryablehttp.NewRequestWithContext(withOptions(ctx, &opt), http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", target, err)
	}
	for k, vs := range opt.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if opt.Accept != "" {
		req.Header.Set("Accept", opt.Accept)
	}
	if cached != nil && !cached.meta.Truncated {
		if etag := firstHeader(cached.meta.Header, "ETag"); etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
	}
	resp, err := c.rc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("GET %s: %w", target, ctx.Err())
		}
		var ue *UnreachableError
		if errors.As(err, &ue) {
			c.markDown(ue, now)
		}
		if cached != nil && (ue != nil || errors.Is(err, hub.ErrBudget)) {
			c.log.Debug("stale cache entry served", "url", target, "err", err)
			return fromEntry(cached), nil
		}
		return nil, fmt.Errorf("GET %s: %w", target, scrub(err))
	}
	defer resp.Body.Close()
	c.log.Debug("http", "url", target, "status", resp.StatusCode)

	if resp.StatusCode == http.StatusNotModified && cached != nil {
		cached.meta.StoredAt = now.Unix()
		if err := c.cache.store(path, cached); err != nil {
			c.log.Debug("cache store failed", "url", target, "err", err)
		}
		r := fromEntry(cached)
		r.Revalidated = true
		return r, nil
	}
	body, truncated, err := readCapped(resp.Body, opt.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("GET %s: reading body: %w", target, scrub(err))
	}
	// Whatever the hub echoes (a request header in an error page, a token
	// in a card), no secret of this process reaches the cache or a caller.
	body = c.san.RedactSecrets(body, opt.Token)
	redactHeader(c.san, resp.Header, opt.Token)
	final := u.String()
	if resp.Request != nil && resp.Request.URL != nil {
		final = string(c.san.RedactSecrets([]byte(resp.Request.URL.String()), opt.Token))
	}
	r := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, URL: final, Truncated: truncated}
	if path != "" && cacheable(resp.StatusCode) {
		e := &entry{meta: cacheMeta{URL: u.String(), FinalURL: final, Status: resp.StatusCode,
			Header: keepHeaders(resp.Header), StoredAt: now.Unix(), Truncated: truncated}, body: body}
		if err := c.cache.store(path, e); err != nil {
			c.log.Debug("cache store failed", "url", target, "err", err)
		}
	}
	return r, nil
}

func redactHeader(san *sbom.Sanitizer, h http.Header, token string) {
	for _, vs := range h {
		for i, v := range vs {
			vs[i] = string(san.RedactSecrets([]byte(v), token))
		}
	}
}

// isDown returns the failure of a host that could not be reached within
// UnreachableFor, or nil.
func (c *Client) isDown(host string, now time.Time) *UnreachableError {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.down[strings.ToLower(host)]
	if !ok || !now.Before(d.until) {
		return nil
	}
	return d.err
}

func (c *Client) markDown(ue *UnreachableError, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down[strings.ToLower(ue.Host)] = downHost{err: ue, until: now.Add(c.cfg.UnreachableFor)}
}

func fromEntry(e *entry) *Response {
	h := http.Header{}
	for k, v := range e.meta.Header {
		h[http.CanonicalHeaderKey(k)] = v
	}
	return &Response{StatusCode: e.meta.Status, Header: h, Body: e.body, URL: e.meta.FinalURL,
		Truncated: e.meta.Truncated, FromCache: true}
}

func firstHeader(h map[string][]string, k string) string {
	if v := h[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// readCapped reads at most max bytes. Go's transport decompresses gzip it
// asked for, so the cap applies to decompressed bytes and bounds a gzip
// bomb too. The rest of an over-long body is not read.
func readCapped(r io.Reader, max int64) ([]byte, bool, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(b)) > max {
		return b[:max], true, nil
	}
	return b, false, nil
}

// scrub keeps the error chain (errors.Is still works) but makes sure the
// message cannot carry request headers. net/http errors name the URL only;
// this guards against a future change by rewriting *url.Error to show the
// redacted URL.
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if pu, perr := url.Parse(ue.URL); perr == nil {
			ue.URL = pu.Redacted()
		}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("timeout: %w", err)
	}
	return err
}

// CacheHeader marks responses of the HTTPClient adapter that came from the
// disk cache.
const CacheHeader = "X-Aibom-Cache"

// HTTPClient adapts Get to an *http.Client for libraries that build their
// own requests (go-github). Only GET is supported; every request gets the
// cache, offline mode, retries, limits and caps of Get, with opt's token
// rules. The request's Accept and X-GitHub-Api-Version headers are passed on.
func (c *Client) HTTPClient(opt RequestOptions) *http.Client {
	return &http.Client{
		Transport:     getTransport{c: c, opt: opt},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

type getTransport struct {
	c   *Client
	opt RequestOptions
}

func (t getTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	if req.Method != http.MethodGet {
		return nil, fmt.Errorf("%s %s: %w: only GET", req.Method, req.URL.Redacted(), errUnsupported)
	}
	o := t.opt
	o.Accept = req.Header.Get("Accept")
	if v := req.Header.Get("X-GitHub-Api-Version"); v != "" {
		o.Header = http.Header{"X-Github-Api-Version": {v}}
	}
	r, err := t.c.Get(req.Context(), req.URL.String(), o)
	if err != nil {
		return nil, err
	}
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Length", strconv.Itoa(len(r.Body)))
	if r.FromCache {
		// Lets the adapter's user tell a cached answer from a live one.
		h.Set(CacheHeader, "hit")
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", r.StatusCode, http.StatusText(r.StatusCode)),
		StatusCode:    r.StatusCode,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(r.Body)),
		ContentLength: int64(len(r.Body)),
		Request:       req,
	}, nil
}
