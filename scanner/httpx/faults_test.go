package httpx

import (
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
	"sync/atomic"
	"testing"
	"time"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// countingDialer counts connection attempts and answers them with fail
// when it is set, else dials for real (127.0.0.1 only in these tests).
type countingDialer struct {
	dials atomic.Int64
	fail  func(addr string) error
}

func (d *countingDialer) transport() *http.Transport {
	return &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		d.dials.Add(1)
		if d.fail != nil {
			return nil, d.fail(addr)
		}
		var nd net.Dialer
		return nd.DialContext(ctx, network, addr)
	}}
}

func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	return addr
}

// TestUnreachableHostDialledOnce: a refused connection is not retried, its
// message is one readable line, and later requests to the host fail at
// once without dialling.
func TestUnreachableHostDialledOnce(t *testing.T) {
	addr := closedPort(t)
	d := &countingDialer{}
	c := newClient(t, func(c *Config) { c.NoCache = true; c.Transport = d.transport() })
	for i := range 5 {
		_, err := c.Get(context.Background(), fmt.Sprintf("http://%s/api/models/m%d", addr, i), RequestOptions{})
		if !errors.Is(err, hub.ErrUnreachable) {
			t.Fatalf("request %d: err = %v, want hub.ErrUnreachable", i, err)
		}
		want := fmt.Sprintf("GET http://%s/api/models/m%d: cannot reach %s: connection refused", addr, i, addr)
		if err.Error() != want {
			t.Errorf("request %d: message %q, want %q", i, err, want)
		}
	}
	if n := d.dials.Load(); n != 1 {
		t.Errorf("%d dials for 5 requests to a closed port, want 1", n)
	}
	if c.Requests() != 1 {
		t.Errorf("%d round trips, want 1", c.Requests())
	}
}

// TestDNSFailureIsOneLine: a name that does not resolve reads "no such
// host"; the dialer here fails as the resolver does, with no lookup made.
func TestDNSFailureIsOneLine(t *testing.T) {
	d := &countingDialer{fail: func(addr string) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "hub.example", Server: "127.0.0.53:53", IsNotFound: true}}
	}}
	c := newClient(t, func(c *Config) { c.NoCache = true; c.Transport = d.transport() })
	_, err := c.Get(context.Background(), "https://hub.example/api/models/x", RequestOptions{})
	if !errors.Is(err, hub.ErrUnreachable) || err.Error() != "GET https://hub.example/api/models/x: cannot reach hub.example: no such host" {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "dial tcp") || strings.Contains(err.Error(), "lookup") {
		t.Errorf("raw dialer text in %q", err)
	}
	if d.dials.Load() != 1 {
		t.Errorf("%d dials, want 1 (no retry)", d.dials.Load())
	}
}

// TestUnreachableServesStaleCache: with the hub gone, an expired cache
// entry still answers, rather than nothing.
func TestUnreachableServesStaleCache(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"id":"a/b"}`) }))
	dir := t.TempDir()
	c := newClient(t, func(c *Config) { c.CacheDir = dir })
	if _, err := c.Get(context.Background(), ts.URL+"/api/models/a/b", RequestOptions{}); err != nil {
		t.Fatal(err)
	}
	ts.Close()
	stale := newClient(t, func(c *Config) { c.CacheDir = dir; c.CacheTTL = -1 })
	r, err := stale.Get(context.Background(), ts.URL+"/api/models/a/b", RequestOptions{})
	if err != nil || !r.FromCache || string(r.Body) != `{"id":"a/b"}` {
		t.Fatalf("r=%+v err=%v, want the stale cached answer", r, err)
	}
}

// TestRequestBudget: past MaxRequests no request is made; the error says so.
func TestRequestBudget(t *testing.T) {
	var hits atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); io.WriteString(w, "{}") }))
	defer ts.Close()
	c := newClient(t, func(c *Config) { c.NoCache = true; c.MaxRequests = 2 })
	var errs []error
	for i := range 4 {
		_, err := c.Get(context.Background(), fmt.Sprintf("%s/m%d", ts.URL, i), RequestOptions{})
		errs = append(errs, err)
	}
	if errs[0] != nil || errs[1] != nil || !errors.Is(errs[2], hub.ErrBudget) || !errors.Is(errs[3], hub.ErrBudget) {
		t.Errorf("errors %v, want two answers then hub.ErrBudget", errs)
	}
	if hits.Load() != 2 {
		t.Errorf("server saw %d requests, want 2", hits.Load())
	}
}

// TestEchoedTokenNeverCachedOrReturned: a hub that echoes the request's
// Authorization header — in a card, in a header, in a 500 page — leaves no
// trace of the token in the answers or in the cache files.
func TestEchoedTokenNeverCachedOrReturned(t *testing.T) {
	const other = "ghp_otherTokenOfTheProcess0123456789abcd"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echo := r.Header.Get("Authorization")
		w.Header().Set("X-Error-Message", "you sent "+echo)
		w.Header().Set("ETag", `"v1"`)
		if strings.HasSuffix(r.URL.Path, "/fail") {
			w.WriteHeader(http.StatusInternalServerError)
		}
		fmt.Fprintf(w, "---\nlicense: mit\n---\nrequest had %s and %s\n", echo, other)
	}))
	defer ts.Close()
	dir := t.TempDir()
	c := newClient(t, func(c *Config) { c.CacheDir = dir; c.MaxRetries = -1; c.Sanitizer = sbom.NewSanitizer(other) })
	opt := RequestOptions{Token: secret, TokenHost: host(ts), MaxBytes: MaxFileBytes}
	for _, p := range []string{"/m/resolve/main/README.md", "/fail"} {
		r, err := c.Get(context.Background(), ts.URL+p, opt)
		if err != nil {
			t.Fatal(err)
		}
		got := string(r.Body) + fmt.Sprint(r.Header) + r.URL
		if strings.Contains(got, secret) || strings.Contains(got, other) {
			t.Errorf("%s: a token reached the caller: %s", p, got)
		}
		if !strings.Contains(string(r.Body), "Bearer [redacted]") {
			t.Errorf("%s: body %q lacks the redaction marker", p, r.Body)
		}
	}
	n := 0
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		n++
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), secret) || strings.Contains(string(b), other) {
			t.Errorf("cache file %s holds a token", path)
		}
		return nil
	})
	if n == 0 {
		t.Fatal("nothing was cached: the test proves nothing")
	}
	// The cached answer is the redacted one, and a revalidation keeps it so.
	r, err := newClient(t, func(c *Config) { c.CacheDir = dir; c.CacheTTL = time.Hour }).Get(context.Background(), ts.URL+"/m/resolve/main/README.md", opt)
	if err != nil || !r.FromCache || strings.Contains(string(r.Body), secret) {
		t.Errorf("cached answer %+v err %v", r, err)
	}
}
