package audit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	gh "github.com/google/go-github/v62/github"

	"github.com/aibom/aibom/scanner/httpx"
	hubgithub "github.com/aibom/aibom/scanner/hub/github"
)

// OrgFilter narrows an organisation's repositories. Archived repositories
// are always left out.
type OrgFilter struct {
	// Topics: keep repositories with at least one of these topics.
	Topics []string
	// Visibility: all (default), public, private or internal.
	Visibility string
	// Names: keep repositories whose name matches one of these globs
	// (path.Match syntax, e.g. "ml-*").
	Names []string
	// SkipForks leaves forks out.
	SkipForks bool
}

// Validate checks the filter's values before any request is made.
func (f OrgFilter) Validate() error {
	switch f.Visibility {
	case "", "all", "public", "private", "internal":
	default:
		return fmt.Errorf("visibility %q: expected all, public, private or internal", f.Visibility)
	}
	for _, g := range f.Names {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("name glob %q: %w", g, err)
		}
	}
	return nil
}

func (f OrgFilter) keep(r *gh.Repository) bool {
	if r.GetArchived() || r.GetDisabled() {
		return false
	}
	if f.SkipForks && r.GetFork() {
		return false
	}
	if v := f.Visibility; v != "" && v != "all" {
		vis := r.GetVisibility()
		if vis == "" {
			// Older servers: only the private flag.
			vis = "public"
			if r.GetPrivate() {
				vis = "private"
			}
		}
		if vis != v {
			return false
		}
	}
	if len(f.Topics) > 0 && !slices.ContainsFunc(r.Topics, func(t string) bool {
		return slices.ContainsFunc(f.Topics, func(w string) bool { return strings.EqualFold(t, w) })
	}) {
		return false
	}
	if len(f.Names) > 0 && !slices.ContainsFunc(f.Names, func(g string) bool {
		ok, _ := path.Match(g, r.GetName())
		return ok
	}) {
		return false
	}
	return true
}

// Lister lists an organisation's repositories through go-github over the
// shared HTTP layer: retries, 429 and 403 rate limits with Retry-After or
// X-RateLimit-Reset are waited out there. What reaches go-github as a
// rate-limit error anyway (a secondary limit without a hint, a primary
// limit go-github remembers from the last response) is waited out here.
type Lister struct {
	gh      *gh.Client
	gitHost string
	// Waits counts rate-limit waits (shared with the progress display).
	Waits *atomic.Int64
	// SecondaryWait is the pause after a secondary rate limit that names no
	// time; GitHub's documentation asks for at least a minute.
	SecondaryWait time.Duration
	// MaxWait bounds one wait; a longer reset fails the listing.
	MaxWait time.Duration
	// MaxAttempts bounds the retries of one page (default 8).
	MaxAttempts int
	// PerPage is the page size asked for (default 100, GitHub's maximum).
	PerPage int
	sleep   func(context.Context, time.Duration) error
}

// NewLister builds a Lister for the API at opts.APIURL (default
// api.github.com) with opts.Token sent only to the API host. h should be a
// client without a disk cache: listings must be fresh.
func NewLister(h *httpx.Client, opts hubgithub.Options) (*Lister, error) {
	u, err := httpx.Endpoint(opts.APIURL, hubgithub.DefaultAPIURL)
	if err != nil {
		return nil, fmt.Errorf("GitHub API URL: %w", err)
	}
	base := u.String()
	u.Path += "/" // go-github resolves paths against a base ending in /
	hc := h.HTTPClient(httpx.RequestOptions{Token: opts.Token, TokenHost: u.Host, MaxBytes: httpx.MaxJSONBytes})
	c := gh.NewClient(hc)
	c.BaseURL = u
	c.UserAgent = "aibom"
	return &Lister{gh: c, gitHost: GitHost(base), Waits: new(atomic.Int64),
		SecondaryWait: time.Minute, MaxWait: time.Hour, MaxAttempts: 8, sleep: sleepCtx}, nil
}

// GitHost is the host repositories of the API at apiURL are cloned from:
// github.com for api.github.com, the API's own host for GitHub Enterprise
// (https://HOST/api/v3).
func GitHost(apiURL string) string {
	if strings.TrimSpace(apiURL) == "" {
		return "github.com"
	}
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" {
		return "github.com"
	}
	h := strings.ToLower(u.Host)
	if h == "api.github.com" {
		return "github.com"
	}
	return strings.TrimPrefix(h, "api.")
}

// ListOrg returns the organisation's repositories that pass the filter,
// sorted by canonical name.
func (l *Lister) ListOrg(ctx context.Context, org string, f OrgFilter) ([]Repo, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if org == "" || strings.ContainsAny(org, "/?#% ") {
		return nil, fmt.Errorf("organisation %q: expected a GitHub organisation login", org)
	}
	typ := "all"
	if f.Visibility == "public" || f.Visibility == "private" {
		typ = f.Visibility
	}
	opt := &gh.RepositoryListByOrgOptions{Type: typ, Sort: "full_name", ListOptions: gh.ListOptions{PerPage: cmpOr(l.PerPage, 100)}}
	var repos []Repo
	for page := 1; ; {
		opt.Page = page
		var (
			list []*gh.Repository
			resp *gh.Response
		)
		err := l.retry(ctx, fmt.Sprintf("listing %s page %d", org, page), func() error {
			var err error
			list, resp, err = l.gh.Repositories.ListByOrg(ctx, org, opt)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			if !f.keep(r) {
				continue
			}
			repo, err := l.repo(r)
			if err != nil {
				return nil, fmt.Errorf("organisation %s: %w", org, err)
			}
			repos = append(repos, repo)
		}
		if resp == nil || resp.NextPage == 0 || resp.NextPage <= page {
			break
		}
		page = resp.NextPage
	}
	slices.SortFunc(repos, func(a, b Repo) int { return strings.Compare(a.Name, b.Name) })
	return slices.CompactFunc(repos, func(a, b Repo) bool { return a.Name == b.Name }), nil
}

// repo turns an API repository into a Repo cloned from its clone_url.
func (l *Lister) repo(r *gh.Repository) (Repo, error) {
	full := r.GetFullName()
	if !reOwnerName.MatchString(full) {
		return Repo{}, fmt.Errorf("repository %q: unexpected full_name", full)
	}
	src := r.GetCloneURL()
	if src == "" {
		src = "https://" + l.gitHost + "/" + full + ".git"
	}
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "file") || u.User != nil {
		return Repo{}, fmt.Errorf("repository %s: unusable clone_url", full)
	}
	return Repo{Name: l.gitHost + "/" + full, Source: src}, nil
}

// retry runs call until it succeeds, waiting out the rate limits go-github
// reports.
func (l *Lister) retry(ctx context.Context, what string, call func() error) error {
	attempts := l.MaxAttempts
	if attempts <= 0 {
		attempts = 8
	}
	for i := 1; ; i++ {
		err := call()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", what, ctx.Err())
		}
		wait, limited := l.rateWait(err)
		if !limited || i >= attempts {
			return fmt.Errorf("%s: %w", what, describe(err))
		}
		if l.MaxWait > 0 && wait > l.MaxWait {
			return fmt.Errorf("%s: rate limited for %s (longer than %s): %w", what, wait.Round(time.Second), l.MaxWait, describe(err))
		}
		if l.Waits != nil {
			l.Waits.Add(1)
		}
		if err := l.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
}

// rateWait says whether err is a rate limit and how long to wait for it.
func (l *Lister) rateWait(err error) (time.Duration, bool) {
	var rl *gh.RateLimitError
	if errors.As(err, &rl) {
		return max(time.Until(rl.Rate.Reset.Time), 0) + time.Second, true
	}
	var ab *gh.AbuseRateLimitError
	if errors.As(err, &ab) {
		if ab.RetryAfter != nil && *ab.RetryAfter > 0 {
			return *ab.RetryAfter, true
		}
		return l.SecondaryWait, true
	}
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusTooManyRequests {
		return l.SecondaryWait, true
	}
	return 0, false
}

// describe turns go-github errors into short messages without request
// headers.
func describe(err error) error {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		msg := er.Message
		switch er.Response.StatusCode {
		case http.StatusNotFound:
			msg = "organisation not found, or not visible to this token"
		case http.StatusUnauthorized:
			msg = "unauthorized: check GITHUB_TOKEN"
		}
		return fmt.Errorf("HTTP %d: %s", er.Response.StatusCode, msg)
	}
	return err
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
