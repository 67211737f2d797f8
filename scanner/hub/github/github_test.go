package github

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
)

const token = "ghp_fakeTokenForTests0123456789"

// fixture reads a recording from ../shared/fixtures/hub/github in place.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(sharedtest.Path(t, "fixtures/hub/github/"+name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type exchange struct {
	Response struct {
		Status  int             `json:"status"`
		Headers [][2]string     `json:"headers"`
		Body    json.RawMessage `json:"body"`
	} `json:"response"`
}

func readExchange(t *testing.T, name string) exchange {
	var e exchange
	if err := json.Unmarshal(fixture(t, name), &e); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return e
}

type fakeAPI struct {
	*httptest.Server
	prefix string
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	calls  map[string]int
	auth   map[string]string
}

func newFakeAPI(t *testing.T, prefix string) *fakeAPI {
	f := &fakeAPI{prefix: prefix, routes: map[string]http.HandlerFunc{}, calls: map[string]int{}, auth: map[string]string{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, prefix)
		f.mu.Lock()
		f.calls[p]++
		f.auth[p] = r.Header.Get("Authorization")
		h := f.routes[p]
		f.mu.Unlock()
		if h == nil {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(404)
			fmt.Fprint(w, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}`)
			return
		}
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) handle(p string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[p] = h
}

func (f *fakeAPI) count(p string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[p]
}

func jsonBody(status int, b []byte, h http.Header) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range h {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		w.Write(b)
	}
}

func newGH(t *testing.T, f *fakeAPI, dir string, offline bool) *Client {
	if dir == "" {
		dir = t.TempDir()
	}
	h := httpx.New(httpx.Config{CacheDir: dir, Offline: offline, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	return New(h, Options{APIURL: f.URL + f.prefix, Token: token})
}

func TestLicense(t *testing.T) {
	for _, prefix := range []string{"", "/api/v3"} { // github.com and Enterprise
		t.Run("prefix="+prefix, func(t *testing.T) {
			f := newFakeAPI(t, prefix)
			f.handle("/repos/benbalter/gman/license", jsonBody(200, fixture(t, "license-content.openapi-example.json"), nil))
			info, err := newGH(t, f, "", false).Model(context.Background(), "benbalter/gman", "")
			if err != nil {
				t.Fatal(err)
			}
			if info.License != "MIT" || info.LicenseName != "MIT License" || info.ID != "benbalter/gman" || info.Source != "hub" {
				t.Errorf("%+v", info)
			}
			if len(info.Files) != 1 || info.Files[0].Path != "LICENSE" || !strings.HasPrefix(string(info.Files[0].Content), "The MIT License") || len(info.Files[0].Content) != 1077 {
				t.Errorf("file %q", info.Files)
			}
			if f.auth["/repos/benbalter/gman/license"] != "Bearer "+token {
				t.Errorf("token not sent to the API host")
			}
		})
	}
}

func TestRenamedRepo(t *testing.T) {
	f := newFakeAPI(t, "")
	rec := readExchange(t, "renamed-repo.GET.301.exchange.json")
	// The recorded 301 points at https://api.github.com/repositories/{id};
	// the fake answers with the same path on its own host.
	var loc string
	for _, h := range rec.Response.Headers {
		if strings.EqualFold(h[0], "Location") {
			loc = strings.Replace(h[1], "https://api.github.com", f.URL, 1)
		}
	}
	f.handle("/repos/old-owner/old-name/license", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", loc+"/license")
		w.WriteHeader(rec.Response.Status)
		w.Write(rec.Response.Body)
	})
	f.handle(strings.TrimPrefix(loc, f.URL)+"/license", jsonBody(200, fixture(t, "license-content.openapi-example.json"), nil))
	info, err := newGH(t, f, "", false).Model(context.Background(), "old-owner/old-name", "")
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != "benbalter/gman" || info.RequestedID != "old-owner/old-name" || info.License != "MIT" {
		t.Errorf("%+v", info)
	}
}

func TestNoLicenseAndMissing(t *testing.T) {
	f := newFakeAPI(t, "")
	f.handle("/repos/octokit-fixture-org/hello-world/license", jsonBody(404, fixture(t, "license-404.no-license-file.json"), nil))
	rec := readExchange(t, "get-repository.200.exchange.json")
	f.handle("/repos/octokit-fixture-org/hello-world", jsonBody(200, rec.Response.Body, nil))
	c := newGH(t, f, "", false)
	info, err := c.Model(context.Background(), "octokit-fixture-org/hello-world", "")
	if err != nil {
		t.Fatal(err)
	}
	if info.License != "" || !strings.Contains(info.Partial, "no license file") || info.ID != "octokit-fixture-org/hello-world" {
		t.Errorf("%+v", info)
	}
	if _, err := c.Model(context.Background(), "nobody/nothing", ""); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("want ErrNotFound, got %v", err)
	}
	if _, err := c.Model(context.Background(), "not-a-repo", ""); err == nil {
		t.Error("want invalid id error")
	}
}

func TestNoAssertion(t *testing.T) {
	f := newFakeAPI(t, "")
	var body map[string]any
	json.Unmarshal(fixture(t, "license-content.openapi-example.json"), &body)
	var frag map[string]any
	json.Unmarshal(fixture(t, "license-object-noassertion.fragment.json"), &frag)
	body["license"] = frag
	b, _ := json.Marshal(body)
	f.handle("/repos/benbalter/gman/license", jsonBody(200, b, nil))
	info, err := newGH(t, f, "", false).Model(context.Background(), "benbalter/gman", "v1.0")
	if err != nil {
		t.Fatal(err)
	}
	if info.License != "NOASSERTION" || len(info.Files) != 1 || info.Revision != "v1.0" {
		t.Errorf("%+v", info)
	}
}

func TestRateLimits(t *testing.T) {
	lic := fixture(t, "license-content.openapi-example.json")
	rateBody := fixture(t, "rate-limit-exceeded.go-github-test.json")
	far := fmt.Sprint(time.Now().Add(time.Hour).Unix())
	tests := []struct {
		name      string
		status    int
		header    http.Header
		failures  int
		body      string
		wantErr   error
		wantCalls int
	}{
		{"429 with Retry-After then success", 429, http.Header{"Retry-After": {"0"}}, 2, "", nil, 3},
		{"secondary 403 with Retry-After then success", 403, http.Header{"Retry-After": {"0"}}, 1, "", nil, 2},
		{"primary 403 exhausted until far reset", 403, http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Limit": {"60"}, "X-Ratelimit-Reset": {far}}, 100, "", hub.ErrRateLimited, 1},
		{"429 with long Retry-After", 429, http.Header{"Retry-After": {"3600"}}, 100, "", hub.ErrRateLimited, 1},
		{"plain 403 is a permission answer", 403, nil, 100, `{"message":"Resource not accessible by integration"}`, hub.ErrUnauthorized, 1},
		{"403 abuse body is a rate limit", 403, nil, 100, "", hub.ErrRateLimited, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, "")
			n := 0
			f.handle("/repos/benbalter/gman/license", func(w http.ResponseWriter, r *http.Request) {
				n++
				if n <= tt.failures {
					b := rateBody
					if tt.body != "" {
						b = []byte(tt.body)
					}
					jsonBody(tt.status, b, tt.header)(w, r)
					return
				}
				jsonBody(200, lic, nil)(w, r)
			})
			info, err := newGH(t, f, "", false).Model(context.Background(), "benbalter/gman", "")
			if tt.wantErr == nil && (err != nil || info.License != "MIT") {
				t.Fatalf("info=%+v err=%v", info, err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("want %v, got %v", tt.wantErr, err)
			}
			if got := f.count("/repos/benbalter/gman/license"); got != tt.wantCalls {
				t.Errorf("%d calls, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestOffline(t *testing.T) {
	f := newFakeAPI(t, "")
	f.handle("/repos/benbalter/gman/license", jsonBody(200, fixture(t, "license-content.openapi-example.json"), http.Header{"Etag": {`"abc"`}}))
	dir := t.TempDir()
	if _, err := newGH(t, f, dir, false).Model(context.Background(), "benbalter/gman", ""); err != nil {
		t.Fatal(err)
	}
	off := newGH(t, f, dir, true)
	info, err := off.Model(context.Background(), "benbalter/gman", "")
	if err != nil || info.License != "MIT" || info.Source != "cache" || f.count("/repos/benbalter/gman/license") != 1 {
		t.Fatalf("info=%+v err=%v calls=%d", info, err, f.count("/repos/benbalter/gman/license"))
	}
	if _, err := off.Model(context.Background(), "a/b", ""); !errors.Is(err, hub.ErrOffline) {
		t.Errorf("want ErrOffline, got %v", err)
	}
}

func TestCanonical(t *testing.T) {
	for _, tt := range []struct{ api, html, want string }{
		{"https://api.github.com/repos/a/b/contents/LICENSE?ref=main", "", "a/b"},
		{"https://ghe.example/api/v3/repos/a/b/contents/LICENSE", "", "a/b"},
		{"", "https://github.com/c/d/blob/main/LICENSE", "c/d"},
		{"", "", ""},
		{"::", "https://github.com/x", ""},
	} {
		if got := canonical(tt.api, tt.html); got != tt.want {
			t.Errorf("canonical(%q,%q) = %q, want %q", tt.api, tt.html, got, tt.want)
		}
	}
}

// contentItem is one entry of GET /repos/{o}/{r}/contents/ (a directory
// listing), in the shape GitHub documents for repos/get-content.
func contentItem(owner, repo, name string, size int) string {
	api := fmt.Sprintf("https://api.github.com/repos/%s/%s/contents/%s", owner, repo, name)
	html := fmt.Sprintf("https://github.com/%s/%s/blob/main/%s", owner, repo, name)
	git := fmt.Sprintf("https://api.github.com/repos/%s/%s/git/blobs/%040d", owner, repo, size)
	return fmt.Sprintf(`{"type":"file","size":%d,"name":%q,"path":%q,"sha":"%040d","url":%q,"git_url":%q,"html_url":%q,"download_url":%q,"_links":{"self":%q,"git":%q,"html":%q}}`,
		size, name, name, size, api, git, html, "https://raw.githubusercontent.com/"+owner+"/"+repo+"/main/"+name, api, git, html)
}

// TestLicenseDocuments: beside the file GitHub's own detection picked, the
// repository's other license documents (MODEL_LICENSE here, as GLM
// repositories ship) are read from its contents, within the bound.
func TestLicenseDocuments(t *testing.T) {
	f := newFakeAPI(t, "")
	f.handle("/repos/benbalter/gman/license", jsonBody(200, fixture(t, "license-content.openapi-example.json"), nil))
	listing := "[" + strings.Join([]string{
		contentItem("benbalter", "gman", "LICENSE", 1077),
		contentItem("benbalter", "gman", "MODEL_LICENSE", 42),
		contentItem("benbalter", "gman", "README.md", 900),
		contentItem("benbalter", "gman", "train.py", 3000),
	}, ",") + "]"
	f.handle("/repos/benbalter/gman/contents/", jsonBody(200, []byte(listing), nil))
	body := base64.StdEncoding.EncodeToString([]byte("test model license text\n"))
	f.handle("/repos/benbalter/gman/contents/MODEL_LICENSE", jsonBody(200, []byte(fmt.Sprintf(`{"type":"file","encoding":"base64","size":24,"name":"MODEL_LICENSE","path":"MODEL_LICENSE","content":%q,"sha":"%040d"}`, body[:10]+"\n"+body[10:], 1)), nil))
	info, err := newGH(t, f, "", false).Model(context.Background(), "benbalter/gman", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fl := range info.Files {
		got = append(got, fl.Path+"="+strings.TrimSpace(string(fl.Content[:min(len(fl.Content), 23)])))
	}
	if len(info.Files) != 2 || info.Files[1].Path != "MODEL_LICENSE" || string(info.Files[1].Content) != "test model license text\n" {
		t.Errorf("files %q", got)
	}
	if f.count("/repos/benbalter/gman/contents/LICENSE") != 0 {
		t.Error("LICENSE read twice")
	}
}
