// Package github implements hub.Client for model repositories on GitHub
// (refs like github:ultralytics/yolov5): the repository's license as
// GitHub detects it (GET /repos/{o}/{r}/license: SPDX id and the file) and
// the canonical name after a rename. It uses go-github v62 for request
// building and decoding, routed through httpx so that cache, offline mode,
// retries (including 429 and secondary limits, which v62 does not treat as
// rate limits), host limits and token scoping are the same as for every hub.
package github

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	gh "github.com/google/go-github/v62/github"

	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
)

// DefaultAPIURL is GitHub's public REST API.
const DefaultAPIURL = "https://api.github.com"

// Options configure a Client.
type Options struct {
	// APIURL is the REST base (GITHUB_API_URL; Enterprise:
	// https://host/api/v3); default DefaultAPIURL.
	APIURL string
	// Token (GITHUB_TOKEN) is sent only to the API host.
	Token string
}

// OptionsFromEnv reads GITHUB_API_URL and GITHUB_TOKEN (set by GitHub
// Actions and GitHub Enterprise runners).
func OptionsFromEnv(getenv func(string) string) Options {
	return Options{APIURL: strings.TrimSpace(getenv("GITHUB_API_URL")), Token: strings.TrimSpace(getenv("GITHUB_TOKEN"))}
}

// Client talks to one GitHub API.
type Client struct {
	gh *gh.Client
}

var _ hub.Client = (*Client)(nil)

// New builds a Client. An unusable APIURL falls back to the default.
func New(h *httpx.Client, opts Options) *Client {
	u := httpx.EndpointOr(opts.APIURL, DefaultAPIURL)
	u.Path += "/" // go-github resolves paths against a base ending in /
	hc := h.HTTPClient(httpx.RequestOptions{Token: opts.Token, TokenHost: u.Host, MaxBytes: httpx.MaxJSONBytes})
	c := gh.NewClient(hc)
	c.BaseURL = u
	c.UserAgent = "aibom"
	return &Client{gh: c}
}

// Name implements hub.Client.
func (c *Client) Name() string { return "github" }

// Model implements hub.Client for id "owner/repo"; revision, when set, is
// the git ref whose license file is read.
func (c *Client) Model(ctx context.Context, id, revision string) (*hub.ModelInfo, error) {
	what := "github repository " + id
	owner, repo, ok := strings.Cut(strings.TrimSuffix(id, ".git"), "/")
	if !ok || !validPart(owner) || !validPart(repo) {
		return nil, fmt.Errorf("%s: %w: want owner/repo", what, hub.ErrInvalidID)
	}
	path := fmt.Sprintf("repos/%s/%s/license", url.PathEscape(owner), url.PathEscape(repo))
	if revision != "" {
		path += "?ref=" + url.QueryEscape(revision)
		what += "@" + revision
	}
	req, err := c.gh.NewRequest(http.MethodGet, path, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var lic gh.RepositoryLicense
	resp, err := c.gh.Do(ctx, req, &lic)
	info := &hub.ModelInfo{Hub: c.Name(), ID: owner + "/" + repo, RequestedID: id, Revision: revision, Source: "hub"}
	if resp != nil && resp.Header.Get(httpx.CacheHeader) != "" {
		info.Source = "cache"
	}
	if err != nil {
		if status(resp) != http.StatusNotFound {
			return nil, classify(what, resp, err)
		}
		// 404 on /license means no license file GitHub recognises, or no
		// such repository: ask for the repository to tell them apart.
		r, rresp, rerr := c.gh.Repositories.Get(ctx, owner, repo)
		if rerr != nil {
			return nil, classify(what, rresp, rerr)
		}
		if name := r.GetFullName(); name != "" {
			info.ID = name
		}
		info.Private = r.GetPrivate()
		if l := r.GetLicense(); l != nil {
			info.License = l.GetSPDXID()
			info.LicenseName = l.GetName()
		}
		notes := []string{"repository has no license file GitHub recognises"}
		notes = append(notes, c.licenseDocuments(ctx, owner, repo, revision, info)...)
		info.Partial = strings.Join(notes, "; ")
		return info, nil
	}
	if l := lic.GetLicense(); l != nil {
		// NOASSERTION: a license file Licensee could not identify; the
		// file content still goes to text identification.
		info.License = l.GetSPDXID()
		info.LicenseName = l.GetName()
		if info.License != "" {
			info.Licenses = []string{info.License}
		}
	}
	info.LicenseLink = lic.GetHTMLURL()
	if name := canonical(lic.GetURL(), lic.GetHTMLURL()); name != "" {
		info.ID = name
	}
	content, note := decode(lic.GetContent(), lic.GetEncoding())
	if content != nil {
		p := lic.GetPath()
		if p == "" {
			p = lic.GetName()
		}
		info.Files = []hub.File{{Path: p, Content: content}}
		info.FileNames = []string{p}
	}
	notes := []string{}
	if note != "" {
		notes = append(notes, note)
	}
	notes = append(notes, c.licenseDocuments(ctx, owner, repo, revision, info)...)
	info.Partial = strings.Join(notes, "; ")
	return info, nil
}

// licenseDocuments reads, besides the file GitHub's license detection
// picked, the repository's other license documents (MODEL_LICENSE,
// LICENSE-MODEL, a license PDF, USE_POLICY.md, NOTICE: hub.LicenseFiles)
// from the root directory's contents, within hub.MaxLicenseFiles in all.
// What cannot be read is a note, never a failure of the model.
func (c *Client) licenseDocuments(ctx context.Context, owner, repo, ref string, info *hub.ModelInfo) []string {
	opts := &gh.RepositoryContentGetOptions{Ref: ref}
	_, dir, resp, err := c.gh.Repositories.GetContents(ctx, owner, repo, "", opts)
	if err != nil {
		if errors.Is(err, hub.ErrOffline) {
			return []string{"file list: not in cache (offline)"}
		}
		return []string{"file list: " + classify("contents of "+owner+"/"+repo, resp, err).Error()}
	}
	var names []string
	for _, e := range dir {
		if e.GetType() == "file" && e.GetName() != "" {
			names = append(names, e.GetName())
		}
	}
	have := map[string]bool{}
	for _, f := range info.Files {
		have[f.Path] = true
	}
	info.FileNames = mergeNames(info.FileNames, names)
	var notes []string
	for _, name := range hub.LicenseFiles(names, "", hub.MaxLicenseFiles) {
		if len(info.Files) >= hub.MaxLicenseFiles {
			break
		}
		if have[name] {
			continue
		}
		fc, _, fresp, err := c.gh.Repositories.GetContents(ctx, owner, repo, name, opts)
		if err != nil || fc == nil {
			notes = append(notes, name+": "+classify(name, fresp, err).Error())
			continue
		}
		raw := ""
		if fc.Content != nil {
			raw = *fc.Content
		}
		content, note := decode(raw, fc.GetEncoding())
		if note != "" {
			notes = append(notes, name+": "+note)
		}
		if content != nil {
			info.Files = append(info.Files, hub.File{Path: name, Content: content})
		}
	}
	return notes
}

func mergeNames(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// decode reads the base64 content (with a newline every 60 characters, as
// GitHub sends it) and caps it like any license file.
func decode(content, encoding string) ([]byte, string) {
	if content == "" {
		return nil, "license file content missing"
	}
	var b []byte
	switch strings.ToLower(encoding) {
	case "base64":
		var err error
		b, err = base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' {
				return -1
			}
			return r
		}, content))
		if err != nil {
			return nil, "license file content is not valid base64"
		}
	case "", "utf-8", "none":
		b = []byte(content)
	default:
		return nil, "license file in unknown encoding " + encoding
	}
	if int64(len(b)) > httpx.MaxFileBytes {
		return b[:httpx.MaxFileBytes], fmt.Sprintf("license file cut at the %d-byte cap", httpx.MaxFileBytes)
	}
	return b, ""
}

// canonical recovers owner/repo from the API url
// (…/repos/{o}/{r}/contents/LICENSE) or html_url
// (https://github.com/{o}/{r}/blob/…): after a rename these name the new
// repository while the request named the old one.
func canonical(apiURL, htmlURL string) string {
	if u, err := url.Parse(apiURL); err == nil {
		if _, rest, ok := strings.Cut(u.Path, "/repos/"); ok {
			if p := strings.SplitN(rest, "/", 3); len(p) >= 2 && p[0] != "" && p[1] != "" {
				return p[0] + "/" + p[1]
			}
		}
	}
	if u, err := url.Parse(htmlURL); err == nil {
		if p := strings.SplitN(strings.TrimPrefix(u.Path, "/"), "/", 4); len(p) >= 3 && p[2] == "blob" {
			return p[0] + "/" + p[1]
		}
	}
	return ""
}

func status(r *gh.Response) int {
	if r == nil || r.Response == nil {
		return 0
	}
	return r.StatusCode
}

func classify(what string, resp *gh.Response, err error) error {
	var rl *gh.RateLimitError
	var abuse *gh.AbuseRateLimitError
	switch {
	case errors.Is(err, hub.ErrOffline):
		return fmt.Errorf("%s: %w", what, hub.ErrOffline)
	case errors.As(err, &rl), errors.As(err, &abuse), status(resp) == http.StatusTooManyRequests:
		// v62 only recognises 403 rate limits; 429 is handled here (httpx
		// already retried it within its wait bound).
		return fmt.Errorf("%s: %w", what, hub.ErrRateLimited)
	case status(resp) == http.StatusNotFound:
		return fmt.Errorf("%s: %w", what, hub.ErrNotFound)
	case status(resp) == http.StatusUnauthorized, status(resp) == http.StatusForbidden:
		return fmt.Errorf("%s: %w (HTTP %d)", what, hub.ErrUnauthorized, status(resp))
	case status(resp) != 0:
		return fmt.Errorf("%s: HTTP %d", what, status(resp))
	}
	return fmt.Errorf("%s: %w", what, err)
}

func validPart(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/?#\\ \t\n%")
}
