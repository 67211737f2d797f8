package httpx

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aibom/aibom/scanner/hub"
)

const secret = "hf_testTOKEN_must_not_leak_42"

// newClient builds a client with fast backoff and a private cache dir.
func newClient(t *testing.T, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		CacheDir:     t.TempDir(),
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
		Timeout:      5 * time.Second,
	}
	if mod != nil {
		mod(&cfg)
	}
	return New(cfg)
}

func host(ts *httptest.Server) string { return strings.TrimPrefix(ts.URL, "http://") }

func TestParseHints(t *testing.T) {
	now := time.Date(2025, 3, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{"retry-after seconds", http.Header{"Retry-After": {"7"}}, 7 * time.Second, true},
		{"retry-after http-date", http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}, 90 * time.Second, true},
		{"retry-after past date", http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, 0, true},
		{"retry-after garbage", http.Header{"Retry-After": {"soon"}}, 0, false},
		{"retry-after negative", http.Header{"Retry-After": {"-3"}}, 0, false},
		{"hf ratelimit exhausted", http.Header{"Ratelimit": {`"api";r=0;t=55`}}, 56 * time.Second, true},
		{"hf ratelimit not exhausted", http.Header{"Ratelimit": {`"api";r=12;t=55`}}, 0, false},
		{"hf ratelimit resolvers", http.Header{"Ratelimit": {`"resolvers";r=0;t=3`}}, 4 * time.Second, true},
		{"github reset", http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {fmt.Sprint(now.Add(30 * time.Second).Unix())}}, 31 * time.Second, true},
		{"github remaining", http.Header{"X-Ratelimit-Remaining": {"10"}, "X-Ratelimit-Reset": {"1"}}, 0, false},
		{"retry-after wins", http.Header{"Retry-After": {"2"}, "Ratelimit": {`"api";r=0;t=55`}}, 2 * time.Second, true},
		{"hf ratelimit past a Duration", http.Header{"Ratelimit": {`"api";r=0;t=99999999999999999`}}, 24*time.Hour + time.Second, true},
		{"github reset far away", http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"9223372036854775807"}}, 24*time.Hour + time.Second, true},
		{"none", http.Header{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := serverWait(tt.header, now)
			if ok != tt.ok || got != tt.want {
				t.Errorf("serverWait = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestRetryableStatus(t *testing.T) {
	for code, want := range map[int]bool{200: false, 404: false, 401: false, 403: false, 408: true, 429: true, 500: true, 501: false, 502: true, 503: true} {
		if got := retryableStatus(&http.Response{StatusCode: code, Header: http.Header{}}); got != want {
			t.Errorf("status %d: retryable %v, want %v", code, got, want)
		}
	}
	rl := &http.Response{StatusCode: 403, Header: http.Header{"X-Ratelimit-Remaining": {"0"}}}
	if !retryableStatus(rl) {
		t.Error("403 with X-RateLimit-Remaining: 0 must be retryable")
	}
}

// flaky answers the first n requests with status (and headers), then 200.
func flaky(n int, status int, h http.Header) (*httptest.Server, *atomic.Int64) {
	var count atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count.Add(1) <= int64(n) {
			for k, v := range h {
				w.Header()[k] = v
			}
			w.WriteHeader(status)
			io.WriteString(w, `{"error":"try later"}`)
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	return ts, &count
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name       string
		fail       int
		status     int
		header     http.Header
		maxRetries int
		wantStatus int
		wantCalls  int64
	}{
		{"429 storm with Retry-After then success", 3, 429, http.Header{"Retry-After": {"0"}}, 4, 200, 4},
		{"503 then success", 2, 503, nil, 4, 200, 3},
		{"408 then success", 1, 408, nil, 4, 200, 2},
		{"500 forever gives last answer", 100, 500, nil, 2, 500, 3},
		{"404 not retried", 100, 404, nil, 4, 404, 1},
		{"Retry-After beyond MaxWait not slept on", 100, 429, http.Header{"Retry-After": {"3600"}}, 4, 429, 1},
		{"HF RateLimit beyond MaxWait", 100, 429, http.Header{"Ratelimit": {`"api";r=0;t=600`}}, 4, 429, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, calls := flaky(tt.fail, tt.status, tt.header)
			defer ts.Close()
			c := newClient(t, func(c *Config) { c.MaxRetries = tt.maxRetries; c.NoCache = true })
			r, err := c.Get(context.Background(), ts.URL+"/x", RequestOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if r.StatusCode != tt.wantStatus || calls.Load() != tt.wantCalls {
				t.Errorf("status %d after %d calls; want %d after %d", r.StatusCode, calls.Load(), tt.wantStatus, tt.wantCalls)
			}
		})
	}
}

func TestRetryBudgetIsShared(t *testing.T) {
	ts, calls := flaky(1000, 503, nil)
	defer ts.Close()
	c := newClient(t, func(c *Config) { c.MaxRetries = 10; c.RetryBudget = 3; c.NoCache = true })
	for i := range 4 {
		if _, err := c.Get(context.Background(), fmt.Sprintf("%s/m%d", ts.URL, i), RequestOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// 4 first attempts + at most 3 retries in total.
	if got := calls.Load(); got > 7 {
		t.Errorf("%d calls, want at most 7 with a budget of 3 retries", got)
	}
}

func TestTimeoutAndDeadline(t *testing.T) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	defer ts.Close()
	c := newClient(t, func(c *Config) { c.Timeout = 50 * time.Millisecond; c.MaxRetries = 1; c.NoCache = true })
	_, err := c.Get(context.Background(), ts.URL+"/slow", RequestOptions{})
	if err == nil || !isTimeout(err) {
		t.Fatalf("want a timeout error, got %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d attempts, want 2 (a timed-out attempt is retried once)", calls.Load())
	}

	// The caller's deadline is the overall bound: no retry after it.
	c2 := newClient(t, func(c *Config) { c.Timeout = 10 * time.Second; c.MaxRetries = 5; c.NoCache = true })
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Millisecond)
	defer cancel()
	_, err = c2.Get(ctx, ts.URL+"/slow2", RequestOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want context.DeadlineExceeded, got %v", err)
	}
}

func TestConnectionErrorRetried(t *testing.T) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close() // drop the connection without answering
			}
			return
		}
		io.WriteString(w, "ok")
	}))
	defer ts.Close()
	c := newClient(t, func(c *Config) { c.NoCache = true })
	r, err := c.Get(context.Background(), ts.URL+"/x", RequestOptions{})
	if err != nil || r.StatusCode != 200 || calls.Load() != 2 {
		t.Fatalf("r=%v err=%v calls=%d", r, err, calls.Load())
	}
}

func TestErrorsNeverCarryToken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	var logs bytes.Buffer
	c := newClient(t, func(c *Config) {
		c.NoCache = true
		c.MaxRetries = 1
		c.Logger = slogTo(&logs)
	})
	_, err = c.Get(context.Background(), "http://"+addr+"/api/models/x", RequestOptions{Token: secret, TokenHost: addr})
	if err == nil {
		t.Fatal("want a connection error")
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) {
		t.Errorf("token leaked: %v / %s", err, logs.String())
	}
	if s := fmt.Sprint(RequestOptions{Token: secret}); strings.Contains(s, secret) {
		t.Errorf("RequestOptions prints its token: %s", s)
	}
}

func TestTokenOnlyToItsHost(t *testing.T) {
	var otherSaw atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherSaw.Store(r.Header.Get("Authorization") + "|" + r.Header.Get("Cookie"))
		io.WriteString(w, "cdn body")
	}))
	defer other.Close()
	var mu sync.Mutex
	seen := map[string]string{}
	hubTS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = r.Header.Get("Authorization") + "|" + r.Header.Get("Cookie")
		mu.Unlock()
		switch r.URL.Path {
		case "/old":
			w.Header().Set("Location", "/new") // relative: same host
			w.WriteHeader(http.StatusTemporaryRedirect)
		case "/new":
			io.WriteString(w, "hub body")
		case "/file":
			http.Redirect(w, r, other.URL+"/blob", http.StatusFound) // absolute: CDN
		}
	}))
	defer hubTS.Close()
	c := newClient(t, func(c *Config) { c.NoCache = true })

	t.Run("bearer follows relative redirect on same host", func(t *testing.T) {
		r, err := c.Get(context.Background(), hubTS.URL+"/old", RequestOptions{Token: secret, TokenHost: host(hubTS)})
		if err != nil || string(r.Body) != "hub body" || !strings.HasSuffix(r.URL, "/new") {
			t.Fatalf("r=%+v err=%v", r, err)
		}
		mu.Lock()
		defer mu.Unlock()
		if seen["/old"] != "Bearer "+secret+"|" || seen["/new"] != "Bearer "+secret+"|" {
			t.Errorf("hub did not get the token on both hops: %q", seen)
		}
	})
	t.Run("absolute redirect elsewhere is not followed for metadata", func(t *testing.T) {
		otherSaw.Store("unset")
		r, err := c.Get(context.Background(), hubTS.URL+"/file", RequestOptions{Token: secret, TokenHost: host(hubTS)})
		if err != nil || r.StatusCode != http.StatusFound {
			t.Fatalf("r=%+v err=%v", r, err)
		}
		if otherSaw.Load() != "unset" {
			t.Error("second host was contacted")
		}
	})
	for _, cookie := range []string{"", "m_session_id"} {
		t.Run("redirect to second host never carries the token cookie="+cookie, func(t *testing.T) {
			otherSaw.Store("unset")
			r, err := c.Get(context.Background(), hubTS.URL+"/file", RequestOptions{Token: secret, TokenHost: host(hubTS), TokenCookie: cookie, FollowOtherHosts: true, MaxBytes: MaxFileBytes})
			if err != nil || string(r.Body) != "cdn body" {
				t.Fatalf("r=%+v err=%v", r, err)
			}
			if got := otherSaw.Load().(string); got != "|" {
				t.Errorf("second host received credentials: %q", got)
			}
			mu.Lock()
			defer mu.Unlock()
			want := "Bearer " + secret + "|"
			if cookie != "" {
				want = "|" + cookie + "=" + secret
			}
			if seen["/file"] != want {
				t.Errorf("hub got %q, want %q", seen["/file"], want)
			}
		})
	}
}

func TestSizeCaps(t *testing.T) {
	const fifty = 50 << 20
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/huge":
			chunk := bytes.Repeat([]byte("Licensed under terms. "), 4096)
			for sent := 0; sent < fifty; sent += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			zeros := make([]byte, 1<<20)
			for range 64 {
				if _, err := gz.Write(zeros); err != nil {
					return
				}
			}
			gz.Close()
		}
	}))
	defer ts.Close()
	c := newClient(t, func(c *Config) { c.NoCache = true })
	for _, p := range []string{"/huge", "/bomb"} {
		r, err := c.Get(context.Background(), ts.URL+p, RequestOptions{MaxBytes: MaxFileBytes})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if !r.Truncated || int64(len(r.Body)) != MaxFileBytes {
			t.Errorf("%s: truncated=%v len=%d, want capped at %d", p, r.Truncated, len(r.Body), MaxFileBytes)
		}
	}
}

func TestRedirectLoop(t *testing.T) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		next := "/a"
		if r.URL.Path == "/a" {
			next = "/b"
		}
		w.Header().Set("Location", next)
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	defer ts.Close()
	c := newClient(t, func(c *Config) { c.NoCache = true; c.MaxRedirects = 5 })
	_, err := c.Get(context.Background(), ts.URL+"/a", RequestOptions{})
	if !errors.Is(err, errRedirectLoop) {
		t.Fatalf("want redirect loop error, got %v", err)
	}
	if calls.Load() != 5 {
		t.Errorf("%d requests, want 5 (the bound, and no retry of a loop)", calls.Load())
	}
}

func TestSingleflightAndHostLimit(t *testing.T) {
	var calls, inflight, peak atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		n := inflight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inflight.Add(-1)
		io.WriteString(w, r.URL.Path)
	}))
	defer ts.Close()
	c := newClient(t, func(c *Config) { c.NoCache = true; c.PerHost = 3 })

	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r, err := c.Get(context.Background(), ts.URL+"/same", RequestOptions{}); err != nil || string(r.Body) != "/same" {
				t.Errorf("r=%v err=%v", r, err)
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("identical in-flight GETs made %d requests, want 1", calls.Load())
	}
	calls.Store(0)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), fmt.Sprintf("%s/m%d", ts.URL, i), RequestOptions{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 20 || peak.Load() > 3 {
		t.Errorf("calls=%d peak concurrency=%d, want 20 calls and at most 3 at once", calls.Load(), peak.Load())
	}
}

// etagServer serves a body with an ETag and answers If-None-Match with 304.
type etagServer struct {
	*httptest.Server
	full, notModified atomic.Int64
	lastAuth          atomic.Value
}

func newETagServer(body string) *etagServer {
	s := &etagServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.lastAuth.Store(r.Header.Get("Authorization"))
		if r.URL.Path == "/missing" {
			s.full.Add(1)
			http.NotFound(w, r)
			return
		}
		etag := `W/"v1"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			s.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.full.Add(1)
		io.WriteString(w, body)
	}))
	return s
}

func TestCache(t *testing.T) {
	ts := newETagServer(`{"id":"org/model"}`)
	defer ts.Close()
	dir := t.TempDir()
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { return now }
	c := newClient(t, func(c *Config) { c.CacheDir = dir; c.CacheTTL = time.Hour; c.Now = clock })
	ctx := context.Background()
	opt := RequestOptions{Token: secret, TokenHost: host(ts.Server)}

	r, err := c.Get(ctx, ts.URL+"/api/models/org/model", opt)
	if err != nil || r.FromCache || ts.full.Load() != 1 {
		t.Fatalf("first get: %+v %v full=%d", r, err, ts.full.Load())
	}
	t.Run("hit within TTL makes no request", func(t *testing.T) {
		r, err := c.Get(ctx, ts.URL+"/api/models/org/model", opt)
		if err != nil || !r.FromCache || string(r.Body) != `{"id":"org/model"}` || ts.full.Load() != 1 || ts.notModified.Load() != 0 {
			t.Fatalf("%+v %v full=%d 304=%d", r, err, ts.full.Load(), ts.notModified.Load())
		}
	})
	t.Run("stale entry is revalidated with If-None-Match", func(t *testing.T) {
		now = now.Add(2 * time.Hour)
		r, err := c.Get(ctx, ts.URL+"/api/models/org/model", opt)
		if err != nil || !r.Revalidated || string(r.Body) != `{"id":"org/model"}` || ts.full.Load() != 1 || ts.notModified.Load() != 1 {
			t.Fatalf("%+v %v full=%d 304=%d", r, err, ts.full.Load(), ts.notModified.Load())
		}
		if r.Header.Get("ETag") != `W/"v1"` {
			t.Errorf("ETag lost: %v", r.Header)
		}
	})
	t.Run("no token and no temp file on disk", func(t *testing.T) {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.HasPrefix(d.Name(), ".tmp-") {
				t.Errorf("temp file left behind: %s", p)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("token written to cache file %s", p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("corrupt entry is discarded and refetched", func(t *testing.T) {
		files := entries(t, dir)
		if len(files) != 1 {
			t.Fatalf("want 1 cache entry, got %v", files)
		}
		for _, damage := range []func([]byte) []byte{
			func(b []byte) []byte { return b[:len(b)-3] },                                            // torn write
			func(b []byte) []byte { b[len(b)-2] ^= 0xff; return b },                                  // flipped byte
			func(b []byte) []byte { return []byte("garbage") },                                       // not an entry
			func(b []byte) []byte { return append(b, "trailing"...) },                                // extra bytes
			func(b []byte) []byte { return bytes.Replace(b, []byte(`"size"`), []byte(`"sise"`), 1) }, // bad meta
		} {
			b, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(files[0], damage(b), 0o600); err != nil {
				t.Fatal(err)
			}
			before := ts.full.Load()
			r, err := c.Get(ctx, ts.URL+"/api/models/org/model", opt)
			if err != nil || r.FromCache || string(r.Body) != `{"id":"org/model"}` || ts.full.Load() != before+1 {
				t.Fatalf("%+v %v full=%d", r, err, ts.full.Load())
			}
		}
	})
	t.Run("404 is cached for offline use", func(t *testing.T) {
		r, err := c.Get(ctx, ts.URL+"/missing", opt)
		if err != nil || r.StatusCode != 404 {
			t.Fatalf("%+v %v", r, err)
		}
		off := newClient(t, func(c *Config) { c.CacheDir = dir; c.Offline = true; c.Now = clock })
		r, err = off.Get(ctx, ts.URL+"/missing", opt)
		if err != nil || r.StatusCode != 404 || !r.FromCache {
			t.Fatalf("%+v %v", r, err)
		}
	})
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".entry") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestOfflineNeverTouchesNetwork(t *testing.T) {
	ts := newETagServer(`{"id":"a/b"}`)
	defer ts.Close()
	dir := t.TempDir()
	off := newClient(t, func(c *Config) { c.CacheDir = dir; c.Offline = true })
	_, err := off.Get(context.Background(), ts.URL+"/api/models/a/b", RequestOptions{})
	if !errors.Is(err, hub.ErrOffline) {
		t.Fatalf("want hub.ErrOffline, got %v", err)
	}
	on := newClient(t, func(c *Config) { c.CacheDir = dir })
	if _, err := on.Get(context.Background(), ts.URL+"/api/models/a/b", RequestOptions{}); err != nil {
		t.Fatal(err)
	}
	before := ts.full.Load() + ts.notModified.Load()
	// Even a stale entry is served offline, never revalidated.
	off = newClient(t, func(c *Config) { c.CacheDir = dir; c.Offline = true; c.CacheTTL = -1 })
	r, err := off.Get(context.Background(), ts.URL+"/api/models/a/b", RequestOptions{})
	if err != nil || !r.FromCache || string(r.Body) != `{"id":"a/b"}` {
		t.Fatalf("%+v %v", r, err)
	}
	if got := ts.full.Load() + ts.notModified.Load(); got != before || off.Requests() != 0 {
		t.Errorf("offline client made requests: server %d→%d, client %d", before, got, off.Requests())
	}
}

func TestHTTPClientAdapter(t *testing.T) {
	ts := newETagServer(`{"name":"LICENSE"}`)
	defer ts.Close()
	c := newClient(t, nil)
	hc := c.HTTPClient(RequestOptions{Token: secret, TokenHost: host(ts.Server)})
	resp, err := hc.Get(ts.URL + "/repos/o/r/license")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != `{"name":"LICENSE"}` || ts.lastAuth.Load() != "Bearer "+secret {
		t.Fatalf("status=%d body=%s auth=%v", resp.StatusCode, b, ts.lastAuth.Load())
	}
	if _, err := hc.Post(ts.URL+"/x", "text/plain", strings.NewReader("x")); err == nil {
		t.Error("POST through the adapter must fail")
	}
}

func TestRejectsBadURLs(t *testing.T) {
	c := newClient(t, nil)
	for _, u := range []string{"file:///etc/passwd", "ftp://x/y", "http://user:pw@host/x", "::"} {
		if _, err := c.Get(context.Background(), u, RequestOptions{}); err == nil {
			t.Errorf("%s: want an error", u)
		} else if strings.Contains(err.Error(), "pw@") {
			t.Errorf("%s: error shows URL credentials: %v", u, err)
		}
	}
}

// TestSecondaryRateLimitWithoutHint: GitHub's secondary limit can come as a
// bare 403 whose body says so; it is waited out and retried, while a plain
// permission 403 is not retried and keeps its body for the caller.
func TestSecondaryRateLimitWithoutHint(t *testing.T) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch {
		case r.URL.Path == "/denied":
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"Resource not accessible by integration"}`)
		case n == 1:
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`)
		default:
			io.WriteString(w, `{"ok":true}`)
		}
	}))
	defer ts.Close()
	c := newClient(t, func(cfg *Config) { cfg.SecondaryWait = 10 * time.Millisecond })
	r, err := c.Get(context.Background(), ts.URL+"/repos/o/r", RequestOptions{})
	if err != nil || r.StatusCode != 200 || calls.Load() != 2 {
		t.Fatalf("secondary limit: status %v err %v after %d calls, want 200 after 2", r, err, calls.Load())
	}
	calls.Store(10)
	r, err = c.Get(context.Background(), ts.URL+"/denied", RequestOptions{})
	if err != nil || r.StatusCode != http.StatusForbidden || !strings.Contains(string(r.Body), "not accessible") || calls.Load() != 11 {
		t.Fatalf("permission 403: %+v %v after %d calls", r, err, calls.Load()-10)
	}
}
