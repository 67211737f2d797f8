// Package modelscope implements hub.Client for ModelScope's legacy
// /api/v1 endpoints. No real get_model response was recorded (see
// ../shared/design/hub-apis.md §2): field names come from the official
// client's source, so decoding is tolerant of missing fields and of a
// number or string where either might appear.
package modelscope

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/hub/huggingface"
)

// DefaultEndpoint is the legacy client's default domain
// (modelscope/hub/constants.py).
const DefaultEndpoint = "https://www.modelscope.cn"

// DefaultRevision is ModelScope's default branch (utils/constant.py).
const DefaultRevision = "master"

// sessionCookie carries the SDK token on /api/v1 (hub/api.py _get_cookies).
const sessionCookie = "m_session_id"

// Options configure a Client.
type Options struct {
	Endpoint string
	Token    string
	MaxFiles int // license files read per model (default hub.MaxLicenseFiles)
}

// OptionsFromEnv reads MODELSCOPE_ENDPOINT, else MODELSCOPE_DOMAIN (a bare
// domain gets https://), and MODELSCOPE_API_TOKEN, like modelscope_hub
// config.py.
func OptionsFromEnv(getenv func(string) string) Options {
	ep := strings.TrimSpace(getenv("MODELSCOPE_ENDPOINT"))
	if ep == "" {
		ep = strings.TrimSpace(getenv("MODELSCOPE_DOMAIN"))
	}
	if ep != "" && !strings.Contains(ep, "://") {
		ep = "https://" + ep
	}
	return Options{Endpoint: ep, Token: strings.TrimSpace(getenv("MODELSCOPE_API_TOKEN"))}
}

// Client talks to one ModelScope endpoint.
type Client struct {
	http     *httpx.Client
	endpoint *url.URL
	token    string
	maxFiles int
}

var _ hub.Client = (*Client)(nil)

// New builds a Client; an unusable endpoint falls back to the default.
func New(h *httpx.Client, opts Options) *Client {
	u := httpx.EndpointOr(opts.Endpoint, DefaultEndpoint)
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = hub.MaxLicenseFiles
	}
	return &Client{http: h, endpoint: u, token: opts.Token, maxFiles: opts.MaxFiles}
}

// Name implements hub.Client.
func (c *Client) Name() string { return "modelscope" }

// envelope is {Code, Data, Message, RequestId, Success}; errors from the
// newer API use lower-case keys (hub/errors.py).
type envelope struct {
	Code       json.RawMessage `json:"Code"`
	Data       json.RawMessage `json:"Data"`
	Message    string          `json:"Message"`
	Success    *bool           `json:"Success"`
	LowCode    json.RawMessage `json:"code"`
	LowMessage string          `json:"message"`
	LowSuccess *bool           `json:"success"`
}

// ok applies the client's is_ok: Code == 200 and Success.
func (e envelope) ok() bool {
	code := rawString(e.Code)
	if code == "" {
		code = rawString(e.LowCode)
	}
	succ := e.Success
	if succ == nil {
		succ = e.LowSuccess
	}
	if code != "" && code != "200" {
		return false
	}
	if succ != nil && !*succ {
		return false
	}
	return code != "" || succ != nil
}

func (e envelope) message() string {
	return clean(firstNonEmpty(e.Message, e.LowMessage), 200)
}

type modelData struct {
	Name          string          `json:"Name"`
	Path          string          `json:"Path"`
	License       string          `json:"License"`
	ReadMeContent string          `json:"ReadMeContent"`
	Visibility    json.RawMessage `json:"Visibility"`
	Revision      string          `json:"Revision"`
	Tags          []any           `json:"Tags"`
	// Lineage fields accepted on creation; whether get_model echoes them
	// is unconfirmed, so they are read when present.
	OriginalModelID string `json:"OriginalModelId"`
	BaseModel       any    `json:"BaseModel"`
}

// fileList is Data of repo/files (the recorded test fixture's shape:
// Name, Path, Type blob|tree, Revision, Sha256, Size, IsLFS).
type fileList struct {
	Files []struct {
		Name     string `json:"Name"`
		Path     string `json:"Path"`
		Type     string `json:"Type"`
		Revision string `json:"Revision"`
		Sha256   string `json:"Sha256"`
		Size     int64  `json:"Size"`
	} `json:"Files"`
}

func (c *Client) reqOpts(maxBytes int64) httpx.RequestOptions {
	return httpx.RequestOptions{Token: c.token, TokenHost: c.endpoint.Host, TokenCookie: sessionCookie, MaxBytes: maxBytes, Accept: "application/json", FollowOtherHosts: maxBytes == httpx.MaxFileBytes}
}

// Model implements hub.Client.
func (c *Client) Model(ctx context.Context, id, revision string) (*hub.ModelInfo, error) {
	what := "modelscope model " + id
	owner, name, ok := strings.Cut(id, "/")
	if !ok || !validPart(owner) || !validPart(name) {
		return nil, fmt.Errorf("%s: %w: want owner/name", what, hub.ErrInvalidID)
	}
	u := c.endpoint.String() + "/api/v1/models/" + url.PathEscape(owner) + "/" + url.PathEscape(name)
	if revision != "" {
		u += "?Revision=" + url.QueryEscape(revision)
		what += "@" + revision
	}
	var d modelData
	fromCache, err := c.getJSON(ctx, u, what, &d)
	if err != nil {
		return nil, err
	}
	rev := firstNonEmpty(revision, DefaultRevision)
	info := &hub.ModelInfo{
		Hub:         c.Name(),
		RequestedID: id,
		ID:          id,
		Revision:    firstNonEmpty(d.Revision, revision),
		Private:     rawString(d.Visibility) == "1",
		Source:      "hub",
	}
	if d.Path != "" && d.Name != "" {
		info.ID = d.Path + "/" + d.Name
	}
	if fromCache {
		info.Source = "cache"
	}
	info.Tags = strs(d.Tags)
	var notes []string
	var card huggingface.CardMeta
	if d.ReadMeContent != "" {
		info.Card = []byte(d.ReadMeContent)
		if int64(len(info.Card)) > httpx.MaxFileBytes {
			info.Card = info.Card[:httpx.MaxFileBytes]
			notes = append(notes, "model card cut at the size cap")
		}
		m, err := huggingface.ParseCard(info.Card)
		if err != nil {
			notes = append(notes, fmt.Sprintf("model card of %s: %v", info.ID, err))
		} else {
			card = m
		}
	}
	// The hub's own field is a display name ("Apache License 2.0"); the
	// card's front matter, when it has one, carries a Hub-style id.
	switch {
	case d.License != "":
		info.License = d.License
		info.Licenses = []string{d.License}
	case len(card.License) > 0:
		info.License = card.License[0]
		info.Licenses = card.License
	}
	info.LicenseName = card.LicenseName
	info.LicenseLink = card.LicenseLink
	info.PipelineTag = card.PipelineTag
	info.LibraryName = card.LibraryName
	info.Datasets = slices.Compact(slices.Sorted(slices.Values(card.Datasets)))
	rel := card.BaseModelRelation
	if rel == "" {
		rel = "unknown"
	}
	seen := map[string]bool{strings.ToLower(info.ID): true, strings.ToLower(id): true}
	addBase := func(b string) {
		if b = strings.TrimSpace(b); b != "" && !seen[strings.ToLower(b)] {
			seen[strings.ToLower(b)] = true
			info.BaseModels = append(info.BaseModels, hub.BaseRef{ID: b, Relation: rel})
		}
	}
	addBase(d.OriginalModelID)
	for _, b := range strs(toSlice(d.BaseModel)) {
		addBase(b)
	}
	for _, b := range card.BaseModels {
		addBase(b)
	}

	files, weights, listNote := c.listFiles(ctx, owner, name, rev)
	if listNote != "" {
		notes = append(notes, listNote)
	}
	info.FileNames = files
	info.WeightFiles = weights
	for _, p := range c.licenseFiles(files, card.LicenseLink) {
		content, note := c.readFile(ctx, owner, name, rev, p)
		if note != "" {
			notes = append(notes, note)
		}
		if content != nil {
			info.Files = append(info.Files, hub.File{Path: p, Content: content})
		}
	}
	info.Partial = strings.Join(notes, "; ")
	return info, nil
}

// getJSON fetches an /api/v1 URL and decodes the envelope's Data into v.
func (c *Client) getJSON(ctx context.Context, u, what string, v any) (fromCache bool, err error) {
	r, err := c.http.Get(ctx, u, c.reqOpts(httpx.MaxJSONBytes))
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	var env envelope
	jsonErr := json.Unmarshal(r.Body, &env)
	switch r.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return false, fmt.Errorf("%s: %w", what, hub.ErrNotFound)
	case http.StatusUnauthorized, http.StatusForbidden:
		// hub/errors.py: "may not exist or may be private".
		return false, fmt.Errorf("%s: %w or %w: %s", what, hub.ErrNotFound, hub.ErrUnauthorized, env.message())
	case http.StatusTooManyRequests:
		return false, fmt.Errorf("%s: %w", what, hub.ErrRateLimited)
	default:
		return false, fmt.Errorf("%s: HTTP %d %s", what, r.StatusCode, env.message())
	}
	if r.Truncated {
		return false, fmt.Errorf("%s: response over the %d-byte cap", what, httpx.MaxJSONBytes)
	}
	if jsonErr != nil {
		return false, fmt.Errorf("%s: invalid JSON: %w", what, jsonErr)
	}
	if !env.ok() {
		// HTTP 200 with Code != 200 is an error (get_model raises
		// NotExistError with Message).
		return false, fmt.Errorf("%s: %w: %s", what, hub.ErrNotFound, env.message())
	}
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return false, fmt.Errorf("%s: response has no Data", what)
	}
	if err := json.Unmarshal(env.Data, v); err != nil {
		return false, fmt.Errorf("%s: invalid Data: %w", what, err)
	}
	return r.FromCache, nil
}

func (c *Client) listFiles(ctx context.Context, owner, name, rev string) ([]string, []hub.WeightFile, string) {
	u := fmt.Sprintf("%s/api/v1/models/%s/%s/repo/files?Revision=%s&Recursive=False", c.endpoint, url.PathEscape(owner), url.PathEscape(name), url.QueryEscape(rev))
	var fl fileList
	if _, err := c.getJSON(ctx, u, "file list of "+owner+"/"+name, &fl); err != nil {
		return nil, nil, err.Error()
	}
	var out []string
	var weights []hub.WeightFile
	for _, f := range fl.Files {
		p := firstNonEmpty(f.Path, f.Name)
		if p == "" || f.Type == "tree" || p == ".gitignore" || p == ".gitattributes" {
			continue
		}
		out = append(out, p)
		if hub.IsWeightFile(p) && validSHA256(f.Sha256) {
			weights = append(weights, hub.WeightFile{Path: p, SHA256: strings.ToLower(f.Sha256), Size: f.Size})
		}
	}
	slices.Sort(out)
	slices.SortFunc(weights, func(a, b hub.WeightFile) int { return strings.Compare(a.Path, b.Path) })
	return slices.Compact(out), weights, ""
}

func validSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// licenseFiles picks the license documents to read (hub.LicenseFiles) and
// a relative license_link that names a listed file.
func (c *Client) licenseFiles(files []string, link string) []string {
	link = strings.TrimPrefix(strings.TrimSpace(link), "./")
	if strings.Contains(link, "://") || !slices.Contains(files, link) {
		link = ""
	}
	return hub.LicenseFiles(files, link, c.maxFiles)
}

func (c *Client) readFile(ctx context.Context, owner, name, rev, p string) ([]byte, string) {
	u := fmt.Sprintf("%s/api/v1/models/%s/%s/repo?Revision=%s&FilePath=%s", c.endpoint, url.PathEscape(owner), url.PathEscape(name), url.QueryEscape(rev), url.QueryEscape(p))
	opts := c.reqOpts(httpx.MaxFileBytes)
	opts.MaxBytes = hub.FileCap(p, httpx.MaxFileBytes)
	r, err := c.http.Get(ctx, u, opts)
	switch {
	case errors.Is(err, hub.ErrOffline):
		return nil, p + ": not in cache (offline)"
	case err != nil:
		return nil, fmt.Sprintf("%s: %v", p, err)
	case r.StatusCode != http.StatusOK:
		return nil, fmt.Sprintf("%s: HTTP %d", p, r.StatusCode)
	case r.Truncated:
		return r.Body, fmt.Sprintf("%s: cut at the %d-byte cap", p, opts.MaxBytes)
	}
	return r.Body, ""
}

func validPart(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/?#\\ \t\n")
}

func rawString(b json.RawMessage) string {
	if len(b) == 0 || string(b) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(b, &n) == nil {
		if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return strconv.FormatInt(i, 10)
		}
		return n.String()
	}
	return ""
}

func toSlice(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	default:
		return []any{x}
	}
}

func strs(in []any) []string {
	var out []string
	for _, v := range in {
		switch x := v.(type) {
		case string:
			if x != "" {
				out = append(out, x)
			}
		case map[string]any:
			// Tags may be objects; keep their name when there is one.
			for _, k := range []string{"Name", "name"} {
				if s, ok := x[k].(string); ok && s != "" {
					out = append(out, s)
					break
				}
			}
		}
	}
	return out
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func clean(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > n {
		s = s[:n] + "…"
	}
	return strings.TrimSpace(s)
}
