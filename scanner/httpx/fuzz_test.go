package httpx

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzEndpoint: whatever HF_ENDPOINT, MODELSCOPE_ENDPOINT or
// GITHUB_API_URL holds, an accepted endpoint is an http(s) URL with a host,
// no credentials and no trailing slash, and parsing it again gives it back.
func FuzzEndpoint(f *testing.F) {
	for _, s := range []string{"https://huggingface.co", " http://127.0.0.1:8080// ", "https://user:pw@x", "ftp://x", "https://ghe.example/api/v3/", "https://[::1]:99", "http://%zz", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := Endpoint(raw, "https://huggingface.co")
		if err != nil {
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || strings.HasSuffix(u.String(), "/") {
			t.Fatalf("Endpoint(%q) accepted %q", raw, u)
		}
		again, err := Endpoint(u.String(), "https://huggingface.co")
		if err != nil || again.String() != u.String() {
			t.Fatalf("Endpoint(%q) = %q, which parses again as %v, %v", raw, u, again, err)
		}
	})
}

// FuzzRetryHints: a hub's Retry-After, RateLimit and X-RateLimit-Reset
// headers never give a negative wait or one past the cap, whatever they hold.
func FuzzRetryHints(f *testing.F) {
	for _, s := range []string{"120", "Wed, 21 Oct 2015 07:28:00 GMT", `"api";r=0;t=55`, "r=0;t=99999999999999999", "-1", "9223372036854775807"} {
		f.Add(s, s, s)
	}
	now := time.Date(2025, 3, 21, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, retryAfter, rateLimit, reset string) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("RateLimit", rateLimit)
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", reset)
		for _, hh := range []http.Header{h, {"RateLimit": {rateLimit}}, {"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {reset}}} {
			if d, ok := serverWait(hh, now); ok && (d < 0 || d > maxHint+time.Second) {
				t.Fatalf("serverWait(%v) = %v", hh, d)
			}
		}
	})
}

// FuzzDecodeEntry: a cache file is read back only when it is whole: its
// body has the recorded size and checksum and fits the cap.
func FuzzDecodeEntry(f *testing.F) {
	body := []byte(`{"id":"a/b"}`)
	sum := sha256.Sum256(body)
	good := cacheMagic + `{"url":"https://x/api/models/a/b","status":200,"stored_at":1,"size":12,"sha256":"` + hex.EncodeToString(sum[:]) + "\"}\n" + string(body)
	for _, s := range []string{good, cacheMagic, cacheMagic + "{}\n", good + "x", good[:len(good)-1], cacheMagic + `{"size":-1}` + "\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEntry(bytes.NewReader(data), 1<<10)
		if err != nil {
			return
		}
		s := sha256.Sum256(e.body)
		if len(e.body) != e.meta.Size || hex.EncodeToString(s[:]) != e.meta.SHA256 || len(e.body) > 1<<10+1 {
			t.Fatalf("accepted a damaged entry: %+v", e.meta)
		}
	})
}
