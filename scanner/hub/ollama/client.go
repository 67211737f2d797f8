package ollama

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/aibom/aibom/scanner/hub"
)

// Media types of the registry's manifest and of a tag's license layer
// (Ollama's manifest format: github.com/ollama/ollama
// server/internal/manifest/manifest.go).
const (
	manifestMediaType = "application/vnd.docker.distribution.manifest.v2+json"
	licenseMediaType  = "application/vnd.ollama.image.license"
)

// Size caps for untrusted registry content.
const (
	maxManifestBytes       = 1 << 20
	DefaultMaxLicenseBytes = 1 << 20
	maxLicenseLayers       = 4
)

var digestRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// Options configure a Client.
type Options struct {
	// HTTP reaches the registry (the shared HTTP layer's client, with its
	// retries, limits and cache). Nil means no network: the built-in table
	// answers alone.
	HTTP *http.Client
	// Registry is the registry base URL (default DefaultRegistry).
	Registry string
	// MaxLicenseBytes caps each license file read (default
	// DefaultMaxLicenseBytes); a larger one is reported as Partial.
	MaxLicenseBytes int64
}

// Client is the hub.Client for Ollama tags.
type Client struct {
	http     *http.Client
	registry string
	maxBytes int64
}

var _ hub.Client = (*Client)(nil)

// New returns a client; see Options.
func New(opts Options) *Client {
	c := &Client{http: opts.HTTP, registry: strings.TrimRight(opts.Registry, "/"), maxBytes: opts.MaxLicenseBytes}
	if c.registry == "" {
		c.registry = DefaultRegistry
	}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultMaxLicenseBytes
	}
	return c
}

// Name is "ollama".
func (c *Client) Name() string { return "ollama" }

// Model answers for one tag. hf.co/org/repo:quant tags name their Hugging
// Face repository as a quantized base. Library tags carry the table's
// family license and upstream base; with a network client the tag's
// manifest is read from the registry and its license layers become Files
// (Source "hub"); without one the table answers (Source "catalog") or,
// for a tag it does not know, the error wraps hub.ErrOffline.
func (c *Client) Model(ctx context.Context, id, revision string) (*hub.ModelInfo, error) {
	if repo, _, ok := HuggingFaceRepo(id); ok {
		return &hub.ModelInfo{
			Hub: "ollama", ID: id, RequestedID: id, Source: "hub",
			BaseModels: []hub.BaseRef{{Hub: "huggingface", ID: repo, Relation: "quantized"}},
		}, nil
	}
	t := ParseTag(id)
	if t.Name == "" {
		return nil, fmt.Errorf("ollama tag %q: empty model name: %w", id, hub.ErrNotFound)
	}
	m, known := Lookup(id)
	if c.http == nil {
		if !known {
			return nil, fmt.Errorf("ollama tag %s: not in the built-in tag table and no network: %w", t, hub.ErrOffline)
		}
		return m.ModelInfo(id), nil
	}
	info, err := c.fromRegistry(ctx, t)
	if err != nil {
		return nil, err
	}
	info.RequestedID = id
	if known {
		info.License = m.License
		info.BaseModels = m.ModelInfo(id).BaseModels
	}
	return info, nil
}

type manifest struct {
	Layers []struct {
		MediaType string `json:"mediaType"`
		Digest    string `json:"digest"`
		Size      int64  `json:"size"`
	} `json:"layers"`
}

func (c *Client) fromRegistry(ctx context.Context, t Tag) (*hub.ModelInfo, error) {
	if t.Host != "" {
		return nil, fmt.Errorf("ollama tag %s: registry %s is not supported: %w", t, t.Host, hub.ErrNotFound)
	}
	repo := url.PathEscape(t.Namespace) + "/" + url.PathEscape(t.Name)
	if strings.Contains(t.Namespace, "/") {
		return nil, fmt.Errorf("ollama tag %s: nested namespace: %w", t, hub.ErrNotFound)
	}
	body, err := c.get(ctx, c.registry+"/v2/"+repo+"/manifests/"+url.PathEscape(t.Tag), manifestMediaType, maxManifestBytes)
	if err != nil {
		return nil, fmt.Errorf("ollama manifest %s: %w", t, err)
	}
	var man manifest
	if err := json.Unmarshal(body, &man); err != nil {
		return nil, fmt.Errorf("ollama manifest %s: invalid JSON: %w", t, err)
	}
	sum := sha256.Sum256(body)
	info := &hub.ModelInfo{
		Hub: "ollama", ID: t.String(), Source: "hub",
		Revision: "sha256:" + hex.EncodeToString(sum[:]),
	}
	var partial []string
	n := 0
	for _, l := range man.Layers {
		if l.MediaType != licenseMediaType {
			continue
		}
		n++
		if n > maxLicenseLayers {
			partial = append(partial, fmt.Sprintf("more than %d license layers; the rest were not read", maxLicenseLayers))
			break
		}
		if !digestRE.MatchString(l.Digest) {
			partial = append(partial, fmt.Sprintf("license layer with invalid digest %q skipped", l.Digest))
			continue
		}
		if l.Size > c.maxBytes {
			partial = append(partial, fmt.Sprintf("license layer %s is %d bytes, over the %d-byte cap", l.Digest, l.Size, c.maxBytes))
			continue
		}
		text, err := c.get(ctx, c.registry+"/v2/"+repo+"/blobs/"+l.Digest, "", c.maxBytes)
		if err != nil {
			partial = append(partial, fmt.Sprintf("license layer %s: %v", l.Digest, err))
			continue
		}
		got := sha256.Sum256(text)
		if "sha256:"+hex.EncodeToString(got[:]) != l.Digest {
			partial = append(partial, fmt.Sprintf("license layer %s: content does not match its digest", l.Digest))
			continue
		}
		path := "LICENSE"
		if n > 1 {
			path = fmt.Sprintf("LICENSE-%d", n)
		}
		info.Files = append(info.Files, hub.File{Path: path, Content: text})
	}
	info.Partial = strings.Join(partial, "; ")
	return info, nil
}

var errTooLarge = errors.New("response over the size cap")

// get fetches url, mapping statuses to the hub errors and capping the body.
func (c *Client) get(ctx context.Context, u, accept string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, hub.ErrNotFound
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, hub.ErrUnauthorized
	case resp.StatusCode == http.StatusTooManyRequests:
		return nil, hub.ErrRateLimited
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w (%d bytes)", errTooLarge, limit)
	}
	return b, nil
}
