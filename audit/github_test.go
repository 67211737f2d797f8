package audit

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aibom/aibom/audit/audittest"
	"github.com/aibom/aibom/scanner/httpx"
	hubgithub "github.com/aibom/aibom/scanner/hub/github"
)

func orgRepos() []audittest.OrgRepo {
	return []audittest.OrgRepo{
		{Name: "svc-a", CloneURL: "https://github.com/acme/svc-a.git", Topics: []string{"ml"}},
		{Name: "svc-b", CloneURL: "https://github.com/acme/svc-b.git", Topics: []string{"ml", "search"}},
		{Name: "legacy", CloneURL: "https://github.com/acme/legacy.git", Archived: true, Topics: []string{"ml"}},
		{Name: "tools", CloneURL: "https://github.com/acme/tools.git", Visibility: "internal"},
		{Name: "fork-x", CloneURL: "https://github.com/acme/fork-x.git", Fork: true},
		{Name: "docs", CloneURL: "https://github.com/acme/docs.git", Topics: []string{"docs"}, Visibility: "private"},
		{Name: "ml-extra", CloneURL: "https://github.com/acme/ml-extra.git"},
	}
}

func newTestLister(t *testing.T, apiURL string) (*Lister, *atomic.Int64) {
	return newTestListerWait(t, apiURL, 10*time.Millisecond)
}

// newTestListerWait sets how long the HTTP layer waits out a hint-less
// secondary limit; longer than its MaxWait, it hands the limit to the lister.
func newTestListerWait(t *testing.T, apiURL string, secondary time.Duration) (*Lister, *atomic.Int64) {
	t.Helper()
	waits := new(atomic.Int64)
	h := httpx.New(httpx.Config{NoCache: true, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
		SecondaryWait: secondary, Transport: CountRateLimits(nil, waits)})
	l, err := NewLister(h, hubgithub.Options{APIURL: apiURL, Token: "ghs_test"})
	if err != nil {
		t.Fatal(err)
	}
	l.Waits = waits
	l.PerPage = 2
	l.SecondaryWait = 10 * time.Millisecond
	return l, waits
}

func TestListOrgWaitsOutRateLimits(t *testing.T) {
	org := audittest.NewOrg(t, "acme", orgRepos(), map[int][]audittest.Fault{
		1: {audittest.SecondaryRetryAfter},
		2: {audittest.TooManyRetryAfter},
		3: {audittest.SecondaryNoHint},
		4: {audittest.PrimaryExhausted},
	})
	l, waits := newTestLister(t, org.URL)
	repos, err := l.ListOrg(context.Background(), "acme", OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range repos {
		names = append(names, r.Name)
	}
	host := GitHost(org.URL)
	want := []string{"docs", "fork-x", "ml-extra", "svc-a", "svc-b", "tools"}
	for i := range want {
		want[i] = host + "/acme/" + want[i]
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("repos =\n %v\nwant (archived left out, sorted)\n %v", names, want)
	}
	if repos[0].Source != "https://github.com/acme/docs.git" {
		t.Errorf("source %q, want the clone_url", repos[0].Source)
	}
	// Each injected limit was waited out once by the HTTP layer
	// (Retry-After, 429, remaining 0, and the hint-less secondary limit).
	if got := waits.Load(); got != 4 {
		t.Errorf("rate-limit waits = %d, want 4", got)
	}
	for page := 1; page <= 4; page++ {
		if org.Requests[page] != 2 {
			t.Errorf("page %d asked %d times, want 2 (fault, then answer)", page, org.Requests[page])
		}
	}
}

func TestListOrgFilters(t *testing.T) {
	org := audittest.NewOrg(t, "acme", orgRepos(), nil)
	cases := []struct {
		name string
		f    OrgFilter
		want string
	}{
		{"topic", OrgFilter{Topics: []string{"ML"}}, "svc-a svc-b"},
		{"topics any", OrgFilter{Topics: []string{"docs", "search"}}, "docs svc-b"},
		{"internal", OrgFilter{Visibility: "internal"}, "tools"},
		{"private", OrgFilter{Visibility: "private"}, "docs"},
		{"glob", OrgFilter{Names: []string{"svc-*", "ml-?xtra"}}, "ml-extra svc-a svc-b"},
		{"no forks", OrgFilter{SkipForks: true, Visibility: "public"}, "ml-extra svc-a svc-b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, _ := newTestLister(t, org.URL)
			repos, err := l.ListOrg(context.Background(), "acme", c.f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range repos {
				names = append(names, r.Name[strings.LastIndex(r.Name, "/")+1:])
			}
			if got := strings.Join(names, " "); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestListOrgErrors(t *testing.T) {
	org := audittest.NewOrg(t, "acme", orgRepos(), nil)
	l, _ := newTestLister(t, org.URL)
	if _, err := l.ListOrg(context.Background(), "nobody", OrgFilter{}); err == nil || !strings.Contains(err.Error(), "organisation not found") {
		t.Errorf("unknown org: %v", err)
	}
	if _, err := l.ListOrg(context.Background(), "acme", OrgFilter{Visibility: "secret"}); err == nil {
		t.Error("bad visibility accepted")
	}
	if _, err := l.ListOrg(context.Background(), "acme", OrgFilter{Names: []string{"["}}); err == nil {
		t.Error("bad glob accepted")
	}
	if _, err := l.ListOrg(context.Background(), "ac/me", OrgFilter{}); err == nil {
		t.Error("bad org login accepted")
	}
	// A limit longer than MaxWait gives up with a message, not a hang.
	slow := audittest.NewOrg(t, "acme", orgRepos(), map[int][]audittest.Fault{1: {audittest.SecondaryNoHint}})
	l2, _ := newTestListerWait(t, slow.URL, 2*time.Hour) // the HTTP layer hands it on
	l2.SecondaryWait, l2.MaxWait = time.Hour, time.Minute
	if _, err := l2.ListOrg(context.Background(), "acme", OrgFilter{}); err == nil || !strings.Contains(err.Error(), "rate limited") {
		t.Errorf("long limit: %v", err)
	}
}

func TestGitHost(t *testing.T) {
	for in, want := range map[string]string{
		"": "github.com", "https://api.github.com": "github.com", "https://ghe.example.com/api/v3": "ghe.example.com",
		"https://api.ghe.example.com/": "ghe.example.com", "http://127.0.0.1:8080": "127.0.0.1:8080",
	} {
		if got := GitHost(in); got != want {
			t.Errorf("GitHost(%q) = %q, want %q", in, got, want)
		}
	}
}
