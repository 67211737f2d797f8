package ollama

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aibom/aibom/scanner/hub"
)

func TestParseTag(t *testing.T) {
	tests := []struct {
		in   string
		want Tag
		str  string
	}{
		{"llama3", Tag{"", "library", "llama3", "latest"}, "llama3:latest"},
		{"llama3:8b", Tag{"", "library", "llama3", "8b"}, "llama3:8b"},
		{"Llama3:8B", Tag{"", "library", "llama3", "8b"}, "llama3:8b"},
		{"library/qwen3:4b", Tag{"", "library", "qwen3", "4b"}, "qwen3:4b"},
		{"registry.ollama.ai/library/gemma2:9b", Tag{"", "library", "gemma2", "9b"}, "gemma2:9b"},
		{"songfy/llama3.1:8b", Tag{"", "songfy", "llama3.1", "8b"}, "songfy/llama3.1:8b"},
		{"hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M", Tag{"hf.co", "bartowski", "Llama-3.2-3B-Instruct-GGUF", "Q4_K_M"}, "hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M"},
		{"huggingface.co/Qwen/Qwen3-8B-GGUF", Tag{"huggingface.co", "Qwen", "Qwen3-8B-GGUF", ""}, "huggingface.co/Qwen/Qwen3-8B-GGUF"},
	}
	for _, tt := range tests {
		got := ParseTag(tt.in)
		if got != tt.want {
			t.Errorf("ParseTag(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if got.String() != tt.str {
			t.Errorf("ParseTag(%q).String() = %q, want %q", tt.in, got.String(), tt.str)
		}
	}
}

func TestHuggingFaceRepo(t *testing.T) {
	tests := []struct{ in, repo, quant string }{
		{"hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M", "bartowski/Llama-3.2-3B-Instruct-GGUF", "Q4_K_M"},
		{"huggingface.co/unsloth/Qwen3-8B-GGUF", "unsloth/Qwen3-8B-GGUF", ""},
		{"llama3:8b", "", ""},
		{"hf.co/onlyname", "", ""},
	}
	for _, tt := range tests {
		repo, quant, ok := HuggingFaceRepo(tt.in)
		if repo != tt.repo || quant != tt.quant || ok != (tt.repo != "") {
			t.Errorf("HuggingFaceRepo(%q) = %q %q %v", tt.in, repo, quant, ok)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		in, license, upstream string
		ok                    bool
	}{
		{"llama3", "llama3", "meta-llama/Meta-Llama-3-8B-Instruct", true},
		{"llama3:8b", "llama3", "meta-llama/Meta-Llama-3-8B-Instruct", true},
		{"llama3:70b-instruct-q4_K_M", "llama3", "meta-llama/Meta-Llama-3-70B-Instruct", true},
		{"llama3:8b-text-q4_0", "llama3", "meta-llama/Meta-Llama-3-8B", true},
		{"llama3:text", "llama3", "meta-llama/Meta-Llama-3-8B", true},
		{"llama3.1:405b", "llama3.1", "meta-llama/Llama-3.1-405B-Instruct", true},
		{"llama3.3:70b-text", "llama3.3", "", true}, // base not in the table
		{"qwen3:4b", "apache-2.0", "Qwen/Qwen3-4B", true},
		{"qwen3:235b", "apache-2.0", "", true}, // size left out on purpose
		{"qwen2.5:3b", "", "Qwen/Qwen2.5-3B-Instruct", true},
		{"gemma2", "gemma", "google/gemma-2-9b-it", true},
		{"mistral", "apache-2.0", "mistralai/Mistral-7B-Instruct-v0.3", true},
		{"mistral:7b-instruct-v0.2-q4_0", "apache-2.0", "mistralai/Mistral-7B-Instruct-v0.2", true},
		{"phi3", "mit", "microsoft/Phi-3-mini-4k-instruct", true},
		{"phi3:mini-128k", "mit", "microsoft/Phi-3-mini-128k-instruct", true},
		{"phi3:14b-medium-4k-instruct-q4_0", "mit", "microsoft/Phi-3-medium-4k-instruct", true},
		{"deepseek-r1:7b", "", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", true},
		{"deepseek-r1:8b", "", "", true},
		{"deepseek-r1", "", "", true},
		{"someone/llama3:8b", "", "", false},
		{"hf.co/org/repo:Q4_K_M", "", "", false},
		{"unknownfamily:1b", "", "", false},
	}
	for _, tt := range tests {
		m, ok := Lookup(tt.in)
		if ok != tt.ok || m.License != tt.license || m.Upstream != tt.upstream {
			t.Errorf("Lookup(%q) = %+v %v, want license %q upstream %q ok %v", tt.in, m, ok, tt.license, tt.upstream, tt.ok)
		}
	}
}

// registry is a fake Ollama registry serving one manifest per tag.
type registry struct {
	manifests map[string]string // "/v2/library/llama3/manifests/8b" -> body
	blobs     map[string]string // digest -> body
	requests  atomic.Int32
}

func (r *registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.requests.Add(1)
	if strings.Contains(req.URL.Path, "ratelimited") {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	if strings.Contains(req.URL.Path, "/manifests/") {
		if req.Header.Get("Accept") != manifestMediaType {
			http.Error(w, "bad accept", http.StatusBadRequest)
			return
		}
		if b, ok := r.manifests[req.URL.Path]; ok {
			w.Header().Set("Content-Type", manifestMediaType)
			fmt.Fprint(w, b)
			return
		}
		http.NotFound(w, req)
		return
	}
	if i := strings.LastIndex(req.URL.Path, "/blobs/"); i >= 0 {
		if b, ok := r.blobs[req.URL.Path[i+len("/blobs/"):]]; ok {
			fmt.Fprint(w, b)
			return
		}
	}
	http.NotFound(w, req)
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func layer(mediaType, body string) string {
	return fmt.Sprintf(`{"mediaType":%q,"digest":%q,"size":%d}`, mediaType, digest(body), len(body))
}

func TestClientRegistry(t *testing.T) {
	// Texts written for this test; the real layers hold the publisher's license.
	lic := "Example community license written for aibom tests.\n"
	aup := "Example acceptable use policy written for aibom tests.\n"
	big := strings.Repeat("x", 300)
	reg := &registry{
		manifests: map[string]string{
			"/v2/library/llama3.2/manifests/3b": `{"schemaVersion":2,"mediaType":"` + manifestMediaType + `","layers":[` +
				layer("application/vnd.ollama.image.model", "weights") + "," +
				layer(licenseMediaType, lic) + "," + layer(licenseMediaType, aup) + "]}",
			"/v2/someone/custom/manifests/latest": `{"layers":[` + layer(licenseMediaType, lic) + `]}`,
			"/v2/library/qwen3/manifests/8b":      `{"layers":[` + layer(licenseMediaType, big) + `]}`,
			"/v2/library/gemma2/manifests/9b":     `{"layers":[{"mediaType":"` + licenseMediaType + `","digest":"` + digest("other") + `","size":5}]}`,
			"/v2/library/phi3/manifests/latest":   `{"layers":[{"mediaType":"` + licenseMediaType + `","digest":"../../etc","size":5}]}`,
			"/v2/library/broken/manifests/latest": `{"layers":[`,
		},
		blobs: map[string]string{digest(lic): lic, digest(aup): aup, digest(big): big, digest("other"): "tampered"},
	}
	srv := httptest.NewServer(reg)
	defer srv.Close()
	c := New(Options{HTTP: srv.Client(), Registry: srv.URL, MaxLicenseBytes: 200})
	ctx := context.Background()

	info, err := c.Model(ctx, "llama3.2:3b", "")
	if err != nil {
		t.Fatal(err)
	}
	if info.Source != "hub" || info.License != "llama3.2" || info.ID != "llama3.2:3b" || !strings.HasPrefix(info.Revision, "sha256:") {
		t.Errorf("llama3.2 info = %+v", info)
	}
	if len(info.Files) != 2 || string(info.Files[0].Content) != lic || string(info.Files[1].Content) != aup || info.Files[0].Path != "LICENSE" {
		t.Errorf("files = %+v", info.Files)
	}
	if len(info.BaseModels) != 1 || info.BaseModels[0].ID != "meta-llama/Llama-3.2-3B-Instruct" || info.BaseModels[0].Hub != "huggingface" {
		t.Errorf("bases = %+v", info.BaseModels)
	}

	// A user's model is read from the registry even though the table does
	// not know it.
	info, err = c.Model(ctx, "someone/custom", "")
	if err != nil || len(info.Files) != 1 || info.License != "" || len(info.BaseModels) != 0 {
		t.Errorf("user model = %+v, %v", info, err)
	}

	for _, tc := range []struct{ id, partial string }{
		{"qwen3:8b", "over the 200-byte cap"},
		{"gemma2:9b", "does not match its digest"},
		{"phi3", "invalid digest"},
	} {
		info, err := c.Model(ctx, tc.id, "")
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if len(info.Files) != 0 || !strings.Contains(info.Partial, tc.partial) {
			t.Errorf("%s: files %d, partial %q, want %q", tc.id, len(info.Files), info.Partial, tc.partial)
		}
		if info.License == "" {
			t.Errorf("%s: the table license must survive an unreadable license layer", tc.id)
		}
	}

	if _, err := c.Model(ctx, "nosuch:1b", ""); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("missing tag: %v, want ErrNotFound", err)
	}
	if _, err := c.Model(ctx, "broken", ""); err == nil || !strings.Contains(err.Error(), "invalid JSON") {
		t.Errorf("broken manifest: %v", err)
	}
	if _, err := c.Model(ctx, "ratelimited", ""); !errors.Is(err, hub.ErrRateLimited) {
		t.Errorf("429: %v, want ErrRateLimited", err)
	}

	// hf.co tags never touch the registry.
	before := reg.requests.Load()
	info, err = c.Model(ctx, "hf.co/bartowski/gemma-2-9b-it-GGUF:Q4_K_M", "")
	if err != nil || len(info.BaseModels) != 1 || info.BaseModels[0].ID != "bartowski/gemma-2-9b-it-GGUF" || reg.requests.Load() != before {
		t.Errorf("hf.co tag = %+v, %v", info, err)
	}
}

func TestClientOffline(t *testing.T) {
	c := New(Options{})
	info, err := c.Model(context.Background(), "gemma2:27b", "")
	if err != nil {
		t.Fatal(err)
	}
	if info.Source != "catalog" || info.Snapshot != TableSnapshot || info.License != "gemma" || info.BaseModels[0].ID != "google/gemma-2-27b-it" {
		t.Errorf("offline info = %+v", info)
	}
	if _, err := c.Model(context.Background(), "someone/custom:1b", ""); !errors.Is(err, hub.ErrOffline) {
		t.Errorf("unknown tag offline: %v, want ErrOffline", err)
	}
}

func FuzzParseTag(f *testing.F) {
	for _, s := range []string{"llama3:8b", "hf.co/a/b:Q4", "a/b/c:d:e", ":", "/", "registry.ollama.ai/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tag := ParseTag(s)
		_ = tag.String()
		_, _ = Lookup(s)
		_, _, _ = HuggingFaceRepo(s)
	})
}
