// Package huggingface implements hub.Client for the Hugging Face Hub:
// model and dataset metadata from /api/models and /api/datasets, the model
// card and license files from /{id}/resolve/{sha}/{file}. API shapes follow
// the recordings in ../shared/fixtures/hub/huggingface and
// ../shared/design/hub-apis.md §1.
package huggingface

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
)

// DefaultEndpoint is the Hub, as in huggingface_hub constants.py.
const DefaultEndpoint = "https://huggingface.co"

// Options configure a Client.
type Options struct {
	// Endpoint is the Hub base URL (HF_ENDPOINT); default DefaultEndpoint.
	Endpoint string
	// Token (HF_TOKEN) is sent only to the endpoint's host.
	Token string
	// MaxFiles bounds the license files read per model (default
	// hub.MaxLicenseFiles).
	MaxFiles int
}

// OptionsFromEnv reads HF_ENDPOINT and HF_TOKEN (falling back to the legacy
// HUGGING_FACE_HUB_TOKEN), like the official client (utils/_auth.py).
func OptionsFromEnv(getenv func(string) string) Options {
	tok := getenv("HF_TOKEN")
	if tok == "" {
		tok = getenv("HUGGING_FACE_HUB_TOKEN")
	}
	return Options{Endpoint: getenv("HF_ENDPOINT"), Token: strings.TrimSpace(tok)}
}

// Client talks to one Hub endpoint.
type Client struct {
	http     *httpx.Client
	endpoint *url.URL
	token    string
	maxFiles int
}

var (
	_ hub.Client        = (*Client)(nil)
	_ hub.DatasetClient = (*Client)(nil)
)

// New builds a Client; an unusable endpoint gives the default
// (httpx.EndpointOr), and the token is bound to the host used either way.
func New(h *httpx.Client, opts Options) *Client {
	u := httpx.EndpointOr(opts.Endpoint, DefaultEndpoint)
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = hub.MaxLicenseFiles
	}
	return &Client{http: h, endpoint: u, token: opts.Token, maxFiles: opts.MaxFiles}
}

// Name implements hub.Client.
func (c *Client) Name() string { return "huggingface" }

// apiModel is the subset of GET /api/models/{id} that matters here
// (recorded bodies: api-models--*.json). Loose types where the Hub varies:
// gated is false|"auto"|"manual", cardData keys follow the card's YAML.
type apiModel struct {
	ID          string         `json:"id"`
	ModelID     string         `json:"modelId"`
	SHA         string         `json:"sha"`
	Private     bool           `json:"private"`
	Gated       any            `json:"gated"`
	Disabled    bool           `json:"disabled"`
	Tags        []any          `json:"tags"`
	PipelineTag string         `json:"pipeline_tag"`
	LibraryName string         `json:"library_name"`
	CardData    map[string]any `json:"cardData"`
	// createdAt is 2022-03-02T23:29:04.000Z for repositories older than
	// that date (hub-apis.md §1.3): a floor, not a release date.
	CreatedAt    string `json:"createdAt"`
	LastModified string `json:"lastModified"`
	// Siblings are the repository's files; with ?blobs=true each carries
	// its size and, for LFS files (weights), the sha256 (hub-apis.md §1.3).
	Siblings []struct {
		RFilename string `json:"rfilename"`
		Size      int64  `json:"size"`
		LFS       *struct {
			SHA256 string `json:"sha256"`
			Size   int64  `json:"size"`
		} `json:"lfs"`
	} `json:"siblings"`
}

func (c *Client) opts(maxBytes int64, accept string, files bool) httpx.RequestOptions {
	return httpx.RequestOptions{Token: c.token, TokenHost: c.endpoint.Host, MaxBytes: maxBytes, Accept: accept, FollowOtherHosts: files}
}

func (c *Client) apiURL(kind, id, revision string) string {
	p := c.endpoint.String() + "/api/" + kind + "/" + escapeID(id)
	if revision != "" {
		p += "/revision/" + url.PathEscape(revision)
	}
	if kind == "models" {
		// blobs=true adds each file's size and LFS sha256 to siblings: the
		// weights' hashes the report keeps. (It cannot be combined with
		// expand, which is not used here.)
		p += "?blobs=true"
	}
	return p
}

// Model implements hub.Client.
func (c *Client) Model(ctx context.Context, id, revision string) (*hub.ModelInfo, error) {
	if err := checkID(id); err != nil {
		return nil, fmt.Errorf("huggingface model %q: %w", id, err)
	}
	what := "huggingface model " + id
	if revision != "" {
		what += "@" + revision
	}
	var notes []string
	r, err := c.http.Get(ctx, c.apiURL("models", id, revision), c.opts(httpx.MaxJSONBytes, "application/json", false))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	gatedMeta := false
	if err := classify(r, what); err != nil {
		// A pinned revision of a gated repo needs access, but the
		// unpinned listing is public: read the license from it and say so.
		if revision == "" || !errors.Is(err, hub.ErrGated) {
			return nil, err
		}
		r, err = c.http.Get(ctx, c.apiURL("models", id, ""), c.opts(httpx.MaxJSONBytes, "application/json", false))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if err := classify(r, what); err != nil {
			return nil, err
		}
		gatedMeta = true
		notes = append(notes, "gated: metadata of revision "+revision+" refused; license read from the default branch")
	}
	if r.Truncated {
		return nil, fmt.Errorf("%s: metadata over the %d-byte cap", what, httpx.MaxJSONBytes)
	}
	var m apiModel
	if err := json.Unmarshal(r.Body, &m); err != nil {
		return nil, fmt.Errorf("%s: invalid metadata JSON: %w", what, err)
	}
	info := &hub.ModelInfo{
		Hub:         c.Name(),
		RequestedID: id,
		ID:          id,
		Revision:    m.SHA,
		Gated:       gatedBool(m.Gated) || gatedMeta,
		Private:     m.Private,
		PipelineTag: m.PipelineTag,
		LibraryName: m.LibraryName,
		Created:     m.CreatedAt,
		Modified:    m.LastModified,
		Source:      "hub",
	}
	info.ID, info.RefusedID = canonicalID(c.Name(), id, m.ID, m.ModelID, idFromURL(r.URL, "models"))
	if r.FromCache {
		info.Source = "cache"
	}
	if gatedMeta || info.Revision == "" {
		info.Revision = revision
	}
	tags := strTags(m.Tags)
	info.Tags = tags
	for _, s := range m.Siblings {
		if s.RFilename == "" {
			continue
		}
		info.FileNames = append(info.FileNames, s.RFilename)
		if s.LFS != nil && validSHA256(s.LFS.SHA256) && hub.IsWeightFile(s.RFilename) {
			info.WeightFiles = append(info.WeightFiles, hub.WeightFile{Path: s.RFilename, SHA256: strings.ToLower(s.LFS.SHA256), Size: s.LFS.Size})
		}
	}
	slices.Sort(info.FileNames)
	info.FileNames = slices.Compact(info.FileNames)
	slices.SortFunc(info.WeightFiles, func(a, b hub.WeightFile) int { return strings.Compare(a.Path, b.Path) })

	var card CardMeta
	haveCard := m.CardData != nil
	if haveCard {
		card = metaFromMap(m.CardData)
	}
	ref := info.Revision
	if ref == "" {
		ref = "main"
	}
	files := c.pickFiles(info, card.LicenseLink)
	got := c.fetchFiles(ctx, info.ID, ref, files, len(info.FileNames) == 0)
	for _, f := range got {
		if f.note != "" {
			notes = append(notes, f.note)
		}
		if f.gated {
			info.Gated = true
		}
		if f.content == nil {
			continue
		}
		if f.name == "README.md" {
			info.Card = f.content
			if !haveCard {
				parsed, err := ParseCard(f.content)
				if err != nil {
					notes = append(notes, fmt.Sprintf("model card of %s: %v", info.ID, err))
				} else {
					card = parsed
				}
			}
			continue
		}
		info.Files = append(info.Files, hub.File{Path: f.name, Content: f.content})
	}
	if !haveCard && len(info.Files) == 0 && info.Card == nil && len(files) == 0 {
		notes = append(notes, "no model card")
	}
	fillFromCard(info, card, tags)
	if rel := relationFromFiles(info.FileNames); rel != "" {
		for i := range info.BaseModels {
			if info.BaseModels[i].Relation == "unknown" {
				info.BaseModels[i].Relation = rel
			}
		}
	}
	info.Partial = strings.Join(notes, "; ")
	return info, nil
}

// relationFromFiles infers how a repository derives from its base when
// neither the Hub's tags nor the card say: a repository of GGUF files is a
// quantization, one holding an adapter_config.json is an adapter. These are
// the file shapes the Hub itself reads; anything else stays unknown rather
// than guessed.
func relationFromFiles(names []string) string {
	var gguf, adapter, weights bool
	for _, n := range names {
		base := strings.ToLower(path.Base(n))
		switch {
		case strings.HasSuffix(base, ".gguf"):
			gguf = true
		case base == "adapter_config.json":
			adapter = true
		case strings.HasSuffix(base, ".safetensors") || strings.HasSuffix(base, ".bin"):
			weights = true
		}
	}
	switch {
	case adapter:
		return "adapter"
	case gguf && !weights:
		return "quantized"
	}
	return ""
}

// fillFromCard sets license, lineage and datasets. The Hub's tags win over
// the card for base models: `base_model:<relation>:<id>` tags carry the
// resolved id while cardData.base_model is the card's literal text, which
// may name a renamed repo (Llama-3.1-8B-Instruct: card says
// meta-llama/Meta-Llama-3.1-8B, tag says meta-llama/Llama-3.1-8B).
func fillFromCard(info *hub.ModelInfo, card CardMeta, tags []string) {
	info.Licenses = card.License
	if len(info.Licenses) == 0 {
		info.Licenses = tagValues(tags, "license:")
	}
	if len(info.Licenses) > 0 {
		info.License = info.Licenses[0]
	}
	info.LicenseName = card.LicenseName
	info.LicenseLink = card.LicenseLink
	if info.PipelineTag == "" {
		info.PipelineTag = card.PipelineTag
	}
	if info.LibraryName == "" {
		info.LibraryName = card.LibraryName
	}
	rel := card.BaseModelRelation
	if !knownRelation(rel) {
		rel = "unknown"
	}
	bases := baseFromTags(tags, rel)
	if len(bases) == 0 {
		for _, id := range card.BaseModels {
			bases = append(bases, hub.BaseRef{ID: id, Relation: rel})
		}
	}
	for _, b := range bases {
		if strings.EqualFold(b.ID, info.ID) || strings.EqualFold(b.ID, info.RequestedID) {
			continue // a card naming itself is not an ancestor
		}
		info.BaseModels = append(info.BaseModels, b)
	}
	ds := append(tagValues(tags, "dataset:"), card.Datasets...)
	slices.Sort(ds)
	info.Datasets = slices.Compact(ds)
}

func knownRelation(r string) bool {
	switch r {
	case "finetune", "adapter", "quantized", "merge":
		return true
	}
	return false
}

// baseFromTags reads `base_model:<id>` and `base_model:<relation>:<id>`
// (relations seen: finetune, quantized; adapter and merge by analogy).
// Ids contain no colon, so the first colon separates a relation.
func baseFromTags(tags []string, fallback string) []hub.BaseRef {
	var out []hub.BaseRef
	index := map[string]int{}
	for _, t := range tags {
		rest, ok := strings.CutPrefix(t, "base_model:")
		if !ok || rest == "" {
			continue
		}
		rel, id := "", rest
		if r, i, ok := strings.Cut(rest, ":"); ok && knownRelation(r) && i != "" {
			rel, id = r, i
		}
		if i, ok := index[id]; ok {
			if rel != "" {
				out[i].Relation = rel
			}
			continue
		}
		if rel == "" {
			rel = fallback
		}
		index[id] = len(out)
		out = append(out, hub.BaseRef{ID: id, Relation: rel})
	}
	return out
}

func tagValues(tags []string, prefix string) []string {
	var out []string
	for _, t := range tags {
		if v, ok := strings.CutPrefix(t, prefix); ok && v != "" {
			out = append(out, v)
		}
	}
	return out
}

func strTags(in []any) []string {
	var out []string
	for _, v := range in {
		if s, ok := v.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

func gatedBool(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x != "" && !strings.EqualFold(x, "false")
	}
	return false
}

// pickFiles chooses the README and the license documents to read
// (hub.LicenseFiles: LICENSE*, MODEL_LICENSE, *license* PDFs, USE_POLICY,
// NOTICE, and the license_link target when it is a file of this
// repository). Without a sibling list it tries README.md and LICENSE.
func (c *Client) pickFiles(info *hub.ModelInfo, link string) []string {
	known := map[string]bool{}
	for _, f := range info.FileNames {
		known[f] = true
	}
	linked := c.linkedFile(info.ID, link)
	var lic []string
	switch {
	case len(known) > 0:
		lic = hub.LicenseFiles(info.FileNames, linked, c.maxFiles)
	case linked != "" && linked != "LICENSE":
		lic = []string{"LICENSE", linked}
	default:
		lic = []string{"LICENSE"}
	}
	var out []string
	if known["README.md"] || len(known) == 0 {
		out = append(out, "README.md")
	}
	return append(out, lic...)
}

// linkedFile returns the repo path a license_link names when it points into
// this repository: a relative path ("LICENSE", "./LICENSE.md") or a URL on
// the endpoint of the form /{id}/blob|resolve|raw/{rev}/{path}.
func (c *Client) linkedFile(id, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	var p string
	switch {
	case u.Scheme == "" && u.Host == "":
		p = u.Path
	case strings.EqualFold(u.Host, c.endpoint.Host):
		rest, ok := strings.CutPrefix(strings.TrimPrefix(u.Path, "/"), id+"/")
		if !ok {
			return "" // another repository's file: lineage, not this model
		}
		parts := strings.SplitN(rest, "/", 3)
		if len(parts) != 3 || (parts[0] != "blob" && parts[0] != "resolve" && parts[0] != "raw") {
			return ""
		}
		p = parts[2]
	default:
		return ""
	}
	p = path.Clean("/" + p)[1:]
	if p == "" || p == "." || strings.HasPrefix(p, "..") {
		return ""
	}
	return p
}

type fetched struct {
	name    string
	content []byte
	gated   bool
	note    string
	guessed bool // tried without a file list: absence is not news
}

// fetchFiles reads files concurrently (the host limit in httpx bounds the
// total); results keep the order of names.
func (c *Client) fetchFiles(ctx context.Context, id, rev string, names []string, guessed bool) []fetched {
	out := make([]fetched, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = c.fetchFile(ctx, id, rev, name, guessed)
		}()
	}
	wg.Wait()
	return out
}

func (c *Client) fetchFile(ctx context.Context, id, rev, name string, guessed bool) fetched {
	f := fetched{name: name, guessed: guessed && name != "README.md"}
	u := c.endpoint.String() + "/" + escapeID(id) + "/resolve/" + url.PathEscape(rev) + "/" + escapeID(name)
	r, err := c.http.Get(ctx, u, c.opts(hub.FileCap(name, httpx.MaxFileBytes), "", true))
	if err != nil {
		if errors.Is(err, hub.ErrOffline) {
			f.note = name + ": not in cache (offline)"
		} else {
			f.note = fmt.Sprintf("%s: %v", name, err)
		}
		return f
	}
	switch err := classify(r, name); {
	case err == nil:
		f.content = r.Body
		if r.Truncated {
			f.note = fmt.Sprintf("%s: cut at the %d-byte cap", name, httpx.MaxFileBytes)
		}
	case errors.Is(err, hub.ErrGated):
		f.gated = true
		f.note = name + ": gated, not readable without approved access; license from metadata"
	case errors.Is(err, hub.ErrNotFound) && r.StatusCode == http.StatusNotFound && f.guessed:
		// Guessed name without a sibling list: absence is not news.
	default:
		f.note = err.Error()
	}
	return f
}

// classify maps a Hub answer to the hub errors, reading X-Error-Code the
// way huggingface_hub's hf_raise_for_status does (utils/_http.py).
func classify(r *httpx.Response, what string) error {
	if r.StatusCode >= 200 && r.StatusCode < 300 {
		return nil
	}
	code := r.Header.Get("X-Error-Code")
	msg := serverMessage(r)
	suffix := ""
	if msg != "" {
		suffix = ": " + msg
	}
	switch {
	case code == "RevisionNotFound":
		return fmt.Errorf("%s: %w%s", what, hub.ErrRevisionNotFound, suffix)
	case code == "GatedRepo":
		return fmt.Errorf("%s: %w (HTTP %d)%s", what, hub.ErrGated, r.StatusCode, suffix)
	case code == "EntryNotFound", code == "RepoNotFound", r.StatusCode == http.StatusNotFound, r.StatusCode == http.StatusGone:
		return fmt.Errorf("%s: %w%s", what, hub.ErrNotFound, suffix)
	case r.StatusCode == http.StatusUnauthorized && msg == "Invalid credentials in Authorization header":
		return fmt.Errorf("%s: %w: token rejected", what, hub.ErrUnauthorized)
	case r.StatusCode == http.StatusUnauthorized:
		// The Hub answers 401 alike for a missing repo and for a private
		// one the caller cannot see.
		return fmt.Errorf("%s: %w or %w%s", what, hub.ErrNotFound, hub.ErrUnauthorized, suffix)
	case r.StatusCode == http.StatusForbidden:
		return fmt.Errorf("%s: %w%s", what, hub.ErrUnauthorized, suffix)
	case r.StatusCode == http.StatusTooManyRequests:
		return fmt.Errorf("%s: %w%s", what, hub.ErrRateLimited, suffix)
	case r.StatusCode >= 300 && r.StatusCode < 400:
		return fmt.Errorf("%s: unexpected redirect (HTTP %d) to %s", what, r.StatusCode, redactedLocation(r))
	}
	return fmt.Errorf("%s: HTTP %d%s", what, r.StatusCode, suffix)
}

// serverMessage is X-Error-Message, else the body's {"error": ...}, cut
// short and stripped of control characters: it is untrusted text headed
// for a report.
func serverMessage(r *httpx.Response) string {
	msg := r.Header.Get("X-Error-Message")
	if msg == "" && len(r.Body) > 0 && len(r.Body) < 4096 {
		var b struct {
			Error any `json:"error"`
		}
		if json.Unmarshal(r.Body, &b) == nil {
			switch e := b.Error.(type) {
			case string:
				msg = e
			case []any:
				if len(e) > 0 {
					msg = fmt.Sprint(e[0])
				}
			}
		}
	}
	return clean(msg, 200)
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

func redactedLocation(r *httpx.Response) string {
	u, err := url.Parse(r.Header.Get("Location"))
	if err != nil {
		return "?"
	}
	return clean(u.Redacted(), 200)
}

// canonicalID picks the hub's spelling of a requested id: the first
// answered candidate, if it has the hub's id shape. An answer of another
// shape is refused (returned second) and the requested id kept: it would
// become the ref and the path of the following requests.
func canonicalID(hubName, requested string, answered ...string) (id, refused string) {
	for _, a := range answered {
		if a == "" {
			continue
		}
		if hub.ValidID(hubName, a) {
			return a, ""
		}
		return requested, a
	}
	return requested, ""
}

func first(a, _ string) string { return a }

// idFromURL recovers the canonical id from the final URL after a renamed
// repo's redirect (/api/models/{new-id}[/revision/{rev}]).
func idFromURL(raw, kind string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	rest, ok := strings.CutPrefix(u.Path, "/api/"+kind+"/")
	if !ok {
		return ""
	}
	rest, _, _ = strings.Cut(rest, "/revision/")
	return rest
}

func checkID(id string) error {
	if id == "" || strings.HasPrefix(id, "/") || strings.HasSuffix(id, "/") {
		return hub.ErrInvalidID
	}
	parts := strings.Split(id, "/")
	if len(parts) > 2 {
		return fmt.Errorf("%w: more than owner/name", hub.ErrInvalidID)
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." || strings.ContainsAny(p, "?#\\ \t\n") {
			return hub.ErrInvalidID
		}
	}
	return nil
}

func escapeID(id string) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// apiDataset is the subset of GET /api/datasets/{id} read here; the shape
// mirrors /api/models (huggingface_hub DatasetInfo).
type apiDataset struct {
	ID       string         `json:"id"`
	SHA      string         `json:"sha"`
	Gated    any            `json:"gated"`
	Tags     []any          `json:"tags"`
	CardData map[string]any `json:"cardData"`
}

// Dataset implements hub.DatasetClient.
func (c *Client) Dataset(ctx context.Context, id, revision string) (*hub.DatasetInfo, error) {
	if err := checkID(id); err != nil {
		return nil, fmt.Errorf("huggingface dataset %q: %w", id, err)
	}
	what := "huggingface dataset " + id
	r, err := c.http.Get(ctx, c.apiURL("datasets", id, revision), c.opts(httpx.MaxJSONBytes, "application/json", false))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := classify(r, what); err != nil {
		return nil, err
	}
	if r.Truncated {
		return nil, fmt.Errorf("%s: metadata over the %d-byte cap", what, httpx.MaxJSONBytes)
	}
	var d apiDataset
	if err := json.Unmarshal(r.Body, &d); err != nil {
		return nil, fmt.Errorf("%s: invalid metadata JSON: %w", what, err)
	}
	card := metaFromMap(d.CardData)
	info := &hub.DatasetInfo{
		Hub:         c.Name(),
		ID:          first(canonicalID(c.Name(), id, d.ID, idFromURL(r.URL, "datasets"))),
		Revision:    firstNonEmpty(d.SHA, revision),
		Gated:       gatedBool(d.Gated),
		LicenseName: card.LicenseName,
		LicenseLink: card.LicenseLink,
		Source:      "hub",
	}
	if r.FromCache {
		info.Source = "cache"
	}
	lic := card.License
	if len(lic) == 0 {
		lic = tagValues(strTags(d.Tags), "license:")
	}
	if len(lic) > 0 {
		info.License = lic[0]
	}
	return info, nil
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
