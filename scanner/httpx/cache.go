package httpx

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The cache stores one file per request under <dir>/<host>/<key>.entry:
//
//	aibom-cache-v1\n
//	<one line of JSON metadata>\n
//	<body bytes>
//
// The metadata carries the body's length and SHA-256, so a torn or edited
// file is detected, discarded and refetched. Files are written to a temp
// file in the same folder and renamed into place, so a reader never sees a
// half-written entry. No request header is stored: credentials never reach
// the disk.
const cacheMagic = "aibom-cache-v1\n"

// cachedHeaders are the response headers kept with an entry: what the hub
// clients read (error codes, commit ids) and what revalidation needs.
var cachedHeaders = []string{
	"Content-Type", "ETag", "Last-Modified", "X-Error-Code", "X-Error-Message",
	"X-Repo-Commit", "X-Linked-Etag", "X-Linked-Size",
	// Link carries pagination (GitHub, the Hub's tree listings): a cached
	// page without it would end every listing after page one.
	"Link",
}

type cacheMeta struct {
	URL       string              `json:"url"`
	FinalURL  string              `json:"final_url"`
	Status    int                 `json:"status"`
	Header    map[string][]string `json:"header,omitempty"`
	StoredAt  int64               `json:"stored_at"`
	Truncated bool                `json:"truncated,omitempty"`
	Size      int                 `json:"size"`
	SHA256    string              `json:"sha256"`
}

type entry struct {
	meta cacheMeta
	body []byte
}

type diskCache struct {
	dir string
}

// key names the file for one request. The URL includes the hub's host and
// the revision, the Accept header selects the representation, and auth
// records only whether a credential applied — never the credential.
func (c *diskCache) path(rawURL, host, accept string, auth bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "GET\n%s\n%s\n%t\n", rawURL, accept, auth)
	return filepath.Join(c.dir, safeHost(host), hex.EncodeToString(h.Sum(nil))+".entry")
}

func safeHost(host string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(host) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

var errCorrupt = errors.New("corrupt cache entry")

// load reads an entry. A missing file is (nil, nil); a damaged one is
// removed and reported as errCorrupt so the caller refetches.
func (c *diskCache) load(path string, maxBytes int64) (*entry, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", path, err)
	}
	defer f.Close()
	e, err := decodeEntry(f, maxBytes)
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("cache %s: %w: %v", filepath.Base(path), errCorrupt, err)
	}
	return e, nil
}

func decodeEntry(r io.Reader, maxBytes int64) (*entry, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(cacheMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != cacheMagic {
		return nil, errors.New("bad header")
	}
	line, err := br.ReadSlice('\n')
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	var m cacheMeta
	if err := json.Unmarshal(line, &m); err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	if m.Size < 0 || int64(m.Size) > maxBytes+1 {
		return nil, fmt.Errorf("body size %d out of range", m.Size)
	}
	body := make([]byte, m.Size)
	if _, err := io.ReadFull(br, body); err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	if n, _ := br.Read(make([]byte, 1)); n != 0 {
		return nil, errors.New("trailing bytes")
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != m.SHA256 {
		return nil, errors.New("checksum mismatch")
	}
	return &entry{meta: m, body: body}, nil
}

func (c *diskCache) store(path string, e *entry) error {
	sum := sha256.Sum256(e.body)
	e.meta.Size = len(e.body)
	e.meta.SHA256 = hex.EncodeToString(sum[:])
	meta, err := json.Marshal(e.meta)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cache dir: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("cache temp file: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(cacheMagic)
	buf.Write(meta)
	buf.WriteByte('\n')
	buf.Write(e.body)
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache write: %w", errors.Join(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cache rename: %w", err)
	}
	return nil
}

func keepHeaders(h http.Header) map[string][]string {
	out := map[string][]string{}
	for _, k := range cachedHeaders {
		if v := h.Values(k); len(v) > 0 {
			out[k] = append([]string(nil), v...)
		}
	}
	return out
}

func (e *entry) fresh(now time.Time, ttl time.Duration) bool {
	return ttl > 0 && now.Sub(time.Unix(e.meta.StoredAt, 0)) < ttl
}

// cacheable reports whether a status is a stable answer worth keeping: a
// success, or a definite "not found" (so offline scans can report it).
func cacheable(status int) bool {
	return status == http.StatusOK || status == http.StatusNotFound || status == http.StatusGone
}
