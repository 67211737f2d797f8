// Package audittest builds the sources audit tests run against: local git
// repositories and a fake GitHub REST API serving an organisation's
// repository list, with rate-limit answers injected. Repository objects are
// the real recorded GET /repos response from
// ../shared/fixtures/hub/github/get-repository.200.exchange.json (octokit
// fixtures), with only the fields that tell repositories apart changed.
package audittest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aibom/aibom/internal/sharedtest"
)

// GitRepo creates a git repository in a temp dir with files committed on
// branch main and returns its file:// URL. Content "symlink:TARGET"
// commits a symlink.
func GitRepo(t testing.TB, files map[string]string) string {
	t.Helper()
	return FileURL(NewGitRepo(t, files))
}

// NewGitRepo is GitRepo returning the repository's directory, for tests
// that go on committing with Git.
func NewGitRepo(t testing.TB, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	Git(t, dir, "init", "-q", "-b", "main")
	Git(t, dir, "config", "user.email", "audit@test.invalid")
	Git(t, dir, "config", "user.name", "audit test")
	// The depth-1 fetch's blob filter then works over file:// as on GitHub.
	Git(t, dir, "config", "uploadpack.allowFilter", "true")
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "symlink:"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	Git(t, dir, "add", "-A")
	Git(t, dir, "commit", "-q", "-m", "first")
	return dir
}

// Git runs git in dir with no system or user configuration.
func Git(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// FileURL is the file:// URL of a local repository directory.
func FileURL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

// OrgRepo is one repository of the fake organisation.
type OrgRepo struct {
	Name       string
	CloneURL   string
	Topics     []string
	Visibility string // public (default), private, internal
	Archived   bool
	Fork       bool
}

// Fault is an answer served instead of a page, once.
type Fault int

// Faults, in the shapes GitHub documents ("Exceeding the rate limit";
// ../shared/design/hub-apis.md §3) and go-github v62 decodes.
const (
	// SecondaryRetryAfter: 403, Retry-After: 1, secondary-limit body.
	SecondaryRetryAfter Fault = iota + 1
	// TooManyRetryAfter: 429, Retry-After: 1.
	TooManyRetryAfter
	// SecondaryNoHint: 403 with a secondary-limit body and no wait hint.
	SecondaryNoHint
	// PrimaryExhausted: 403, X-RateLimit-Remaining: 0, reset 1 s ahead,
	// with go-github's rate-limit test body.
	PrimaryExhausted
)

// Org is a fake GitHub API serving GET /orgs/{org}/repos.
type Org struct {
	*httptest.Server
	Login   string
	PerPage int // page size when the client asks for more (default 2)

	repoBody  map[string]any
	headers   http.Header
	limitBody []byte
	repos     []OrgRepo

	mu     sync.Mutex
	faults map[int][]Fault // page → faults still to serve
	// Requests counts requests by page.
	Requests map[int]int
}

// NewOrg starts the fake API for org with repos; faults[page] are served,
// in order, before that page's real answer.
func NewOrg(t testing.TB, login string, repos []OrgRepo, faults map[int][]Fault) *Org {
	t.Helper()
	var rec struct {
		Response struct {
			Headers [][2]string    `json:"headers"`
			Body    map[string]any `json:"body"`
		} `json:"response"`
	}
	readJSON(t, "fixtures/hub/github/get-repository.200.exchange.json", &rec)
	o := &Org{Login: login, PerPage: 2, repoBody: rec.Response.Body, headers: http.Header{}, repos: repos,
		faults: map[int][]Fault{}, Requests: map[int]int{}}
	for _, h := range rec.Response.Headers {
		switch strings.ToLower(h[0]) {
		case "content-type", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-resource", "x-github-media-type":
			o.headers.Add(h[0], h[1])
		}
	}
	// The recorded reset is in the past; keep it in the future so that
	// go-github's own bookkeeping sees a live window.
	o.headers.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	body, err := os.ReadFile(sharedtest.Path(t, "fixtures/hub/github/rate-limit-exceeded.go-github-test.json"))
	if err != nil {
		t.Fatal(err)
	}
	o.limitBody = body
	for p, f := range faults {
		o.faults[p] = append([]Fault(nil), f...)
	}
	o.Server = httptest.NewServer(http.HandlerFunc(o.serve))
	t.Cleanup(o.Close)
	return o
}

func readJSON(t testing.TB, rel string, v any) {
	t.Helper()
	data, err := os.ReadFile(sharedtest.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// secondaryBody is the error body of a secondary limit: message and
// documentation_url as go-github v62 matches them (github.go CheckResponse:
// documentation_url ending "secondary-rate-limits").
const secondaryBody = `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`

func (o *Org) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || r.URL.Path != "/orgs/"+o.Login+"/repos" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#list-organization-repositories"}`)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if page < 1 {
		page = 1
	}
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 || per > o.PerPage {
		per = o.PerPage
	}
	o.mu.Lock()
	o.Requests[page]++
	var fault Fault
	if f := o.faults[page]; len(f) > 0 {
		fault, o.faults[page] = f[0], f[1:]
	}
	o.mu.Unlock()

	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	switch fault {
	case SecondaryRetryAfter:
		h.Set("Retry-After", "1")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, secondaryBody)
		return
	case TooManyRetryAfter:
		h.Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, secondaryBody)
		return
	case SecondaryNoHint:
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, secondaryBody)
		return
	case PrimaryExhausted:
		h.Set("X-RateLimit-Limit", "60")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
		w.WriteHeader(http.StatusForbidden)
		w.Write(o.limitBody)
		return
	}

	for k, v := range o.headers {
		h[k] = v
	}
	start := min((page-1)*per, len(o.repos))
	end := min(start+per, len(o.repos))
	last := (len(o.repos) + per - 1) / per
	if page < last {
		next := *r.URL
		q := next.Query()
		q.Set("page", strconv.Itoa(page+1))
		next.RawQuery = q.Encode()
		lastURL := *r.URL
		q.Set("page", strconv.Itoa(last))
		lastURL.RawQuery = q.Encode()
		h.Set("Link", fmt.Sprintf(`<%s%s>; rel="next", <%s%s>; rel="last"`, o.URL, next.RequestURI(), o.URL, lastURL.RequestURI()))
	}
	list := make([]map[string]any, 0, end-start)
	for _, repo := range o.repos[start:end] {
		list = append(list, o.object(repo))
	}
	json.NewEncoder(w).Encode(list)
}

// object is the recorded repository with this repository's identity.
func (o *Org) object(r OrgRepo) map[string]any {
	m := make(map[string]any, len(o.repoBody))
	for k, v := range o.repoBody {
		m[k] = v
	}
	full := o.Login + "/" + r.Name
	vis := r.Visibility
	if vis == "" {
		vis = "public"
	}
	m["name"] = r.Name
	m["full_name"] = full
	m["html_url"] = "https://github.com/" + full
	m["url"] = o.URL + "/repos/" + full
	m["clone_url"] = r.CloneURL
	m["topics"] = r.Topics
	if r.Topics == nil {
		m["topics"] = []string{}
	}
	m["visibility"] = vis
	m["private"] = vis != "public"
	m["archived"] = r.Archived
	m["fork"] = r.Fork
	return m
}
