package huggingface

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
)

const token = "hf_fakeTokenForTests_0123456789"

func newHTTP(t *testing.T, dir string, offline bool) *httpx.Client {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	return httpx.New(httpx.Config{CacheDir: dir, Offline: offline, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, Timeout: 5 * time.Second})
}

func newHF(t *testing.T, f *fakeHub) *Client {
	return New(newHTTP(t, "", false), Options{Endpoint: f.URL, Token: token})
}

var sha40 = regexp.MustCompile(`^[0-9a-f]{40}$`)

// Every recorded 200 replays into a ModelInfo whose id, revision and
// license agree with the recording.
func TestReplaysEveryRecording(t *testing.T) {
	f := newFakeHub(t)
	c := newHF(t, f)
	n := 0
	for id, rec := range f.models {
		if rec.status != http.StatusOK {
			continue
		}
		n++
		t.Run(id, func(t *testing.T) {
			info, err := c.Model(context.Background(), id, "")
			if err != nil {
				t.Fatal(err)
			}
			var raw struct {
				ID   string   `json:"id"`
				SHA  string   `json:"sha"`
				Tags []string `json:"tags"`
			}
			b, _ := os.ReadFile(rec.bodyFile)
			json.Unmarshal(b, &raw)
			if info.ID != raw.ID || info.Revision != raw.SHA || !sha40.MatchString(info.Revision) {
				t.Errorf("id/revision %s@%s, recording says %s@%s", info.ID, info.Revision, raw.ID, raw.SHA)
			}
			for _, tag := range raw.Tags {
				if l, ok := strings.CutPrefix(tag, "license:"); ok && info.License != l {
					t.Errorf("license %q, recording tags say %q", info.License, l)
				}
			}
			if info.Source != "hub" {
				t.Errorf("source %q", info.Source)
			}
		})
	}
	if n < 30 {
		t.Fatalf("only %d recordings replayed", n)
	}
}

func TestGatedLlamaFromRecording(t *testing.T) {
	f := newFakeHub(t)
	c := newHF(t, f)
	info, err := c.Model(context.Background(), "meta-llama/Llama-3.1-8B-Instruct", "")
	if err != nil {
		t.Fatal(err)
	}
	if !info.Gated || info.License != "llama3.1" {
		t.Errorf("gated=%v license=%q", info.Gated, info.License)
	}
	// Tag id wins over the stale cardData.base_model (meta-llama/Meta-Llama-3.1-8B).
	want := []hub.BaseRef{{ID: "meta-llama/Llama-3.1-8B", Relation: "finetune"}}
	if !slices.Equal(info.BaseModels, want) {
		t.Errorf("base models %+v, want %+v", info.BaseModels, want)
	}
	var paths []string
	for _, fl := range info.Files {
		paths = append(paths, fl.Path)
		if !strings.Contains(string(fl.Content), fl.Path) {
			t.Errorf("%s: content %q", fl.Path, fl.Content)
		}
	}
	if !slices.Equal(paths, []string{"LICENSE", "USE_POLICY.md"}) {
		t.Errorf("files %v", paths)
	}
	if !slices.Contains(info.FileNames, "original/params.json") {
		t.Errorf("file names not kept: %v", info.FileNames)
	}
	if got, _ := f.auth.Load("/api/models/meta-llama/Llama-3.1-8B-Instruct"); got != "Bearer "+token {
		t.Errorf("token not sent to its own hub: %q", got)
	}
}

func TestRenamedRepos(t *testing.T) {
	f := newFakeHub(t)
	c := newHF(t, f)
	for old, canonical := range map[string]string{
		"meta-llama/Meta-Llama-3.1-8B-Instruct": "meta-llama/Llama-3.1-8B-Instruct",
		"bert-base-uncased":                     "google-bert/bert-base-uncased",
		"t5-small":                              "google-t5/t5-small",
		"gpt2":                                  "gpt2", // legacy id answered directly (recorded 200)
	} {
		info, err := c.Model(context.Background(), old, "")
		if err != nil {
			t.Fatalf("%s: %v", old, err)
		}
		if info.ID != canonical || info.RequestedID != old {
			t.Errorf("%s: id %q requested %q; want %q", old, info.ID, info.RequestedID, canonical)
		}
	}
}

func TestFaults(t *testing.T) {
	f := newFakeHub(t)
	meta := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }
	}
	f.handle("/api/models/org/missing", func(w http.ResponseWriter, r *http.Request) {
		hubError(w, 404, "RepoNotFound", "Repository not found")
	})
	f.handle("/api/models/org/private", func(w http.ResponseWriter, r *http.Request) {
		hubError(w, 401, "", "Invalid username or password.")
	})
	f.handle("/api/models/org/badtoken", func(w http.ResponseWriter, r *http.Request) {
		hubError(w, 401, "", "Invalid credentials in Authorization header")
	})
	f.handle("/api/models/org/disabled", func(w http.ResponseWriter, r *http.Request) {
		hubError(w, 403, "", "Access to this resource is disabled.")
	})
	f.handle("/api/models/org/model/revision/nope", func(w http.ResponseWriter, r *http.Request) {
		hubError(w, 404, "RevisionNotFound", "Invalid rev id: nope")
	})
	f.handle("/api/models/org/truncated", meta(`{"id":"org/truncated","sha":"`))
	f.handle("/api/models/org/notjson", meta(`<html>oops</html>`))
	f.handle("/api/models/org/ratelimited", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("RateLimit", `"api";r=0;t=3000`)
		hubError(w, 429, "", "Rate limit reached")
	})
	f.handle("/api/models/org/down", func(w http.ResponseWriter, r *http.Request) { hubError(w, 502, "", "bad gateway") })
	f.handle("/api/models/org/loop", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/api/models/org/loop2")
		w.WriteHeader(307)
	})
	f.handle("/api/models/org/loop2", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/api/models/org/loop")
		w.WriteHeader(307)
	})
	tests := []struct {
		id, rev string
		want    []error
		text    string
	}{
		{"org/missing", "", []error{hub.ErrNotFound}, "Repository not found"},
		{"org/private", "", []error{hub.ErrNotFound, hub.ErrUnauthorized}, ""},
		{"org/badtoken", "", []error{hub.ErrUnauthorized}, "token rejected"},
		{"org/disabled", "", []error{hub.ErrUnauthorized}, "disabled"},
		{"org/model", "nope", []error{hub.ErrRevisionNotFound}, "org/model@nope"},
		{"org/truncated", "", nil, "invalid metadata JSON"},
		{"org/notjson", "", nil, "invalid metadata JSON"},
		{"org/ratelimited", "", []error{hub.ErrRateLimited}, ""},
		{"org/down", "", nil, "HTTP 502"},
		{"org/loop", "", nil, "redirect"},
		{"../etc", "", nil, "invalid id"},
	}
	c := newHF(t, f)
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			info, err := c.Model(context.Background(), tt.id, tt.rev)
			if err == nil {
				t.Fatalf("want an error, got %+v", info)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("error %q is not %v", err, w)
				}
			}
			if !strings.Contains(err.Error(), tt.text) || !strings.Contains(err.Error(), strings.TrimPrefix(tt.id, "../")) {
				t.Errorf("error %q should name the model and say %q", err, tt.text)
			}
			if strings.Contains(err.Error(), token) {
				t.Errorf("token in error: %v", err)
			}
		})
	}
}

func TestGatedFilesAndPinnedRevision(t *testing.T) {
	f := newFakeHub(t)
	const id = "meta-llama/Meta-Llama-3-8B-Instruct"
	gated := func(w http.ResponseWriter, r *http.Request) {
		hubError(w, 401, "GatedRepo", "Cannot access gated repo for url "+r.URL.String()+". Access to model "+id+" is restricted.")
	}
	rec := f.models[id]
	body, _ := os.ReadFile(rec.bodyFile)
	var sha struct{ SHA string }
	json.Unmarshal(body, &sha)
	for _, file := range []string{"README.md", "LICENSE", "USE_POLICY.md"} {
		f.handle("/"+id+"/resolve/"+sha.SHA+"/"+file, gated)
	}
	f.handle("/api/models/"+id+"/revision/v1.0", gated)
	c := newHF(t, f)

	info, err := c.Model(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	if !info.Gated || info.License != "llama3" || len(info.Files) != 0 || info.Card != nil || !strings.Contains(info.Partial, "gated") {
		t.Errorf("gated=%v license=%q files=%d partial=%q", info.Gated, info.License, len(info.Files), info.Partial)
	}

	info, err = c.Model(context.Background(), id, "v1.0")
	if err != nil {
		t.Fatal(err)
	}
	if info.Revision != "v1.0" || info.License != "llama3" || !strings.Contains(info.Partial, "revision v1.0 refused") {
		t.Errorf("revision=%q license=%q partial=%q", info.Revision, info.License, info.Partial)
	}
}

// A model whose metadata has no cardData: license and lineage come from the
// README front matter we parse ourselves (real card, read in place).
func TestCardWithoutCardData(t *testing.T) {
	f := newFakeHub(t)
	const id = "MaziyarPanahi/Meta-Llama-3-8B-Instruct-GGUF"
	f.handle("/api/models/"+id, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"id":%q,"sha":"%040d","tags":["gguf"],"siblings":[{"rfilename":"README.md"},{"rfilename":"x.Q4_K_M.gguf"}]}`, id, 7)
	})
	const broken = "org/broken-card"
	f.handle("/api/models/"+broken, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"id":%q,"sha":"%040d","siblings":[{"rfilename":"README.md"}]}`, broken, 8)
	})
	f.handle(fmt.Sprintf("/%s/resolve/%040d/README.md", broken, 8), func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "---\nlicense: [apache-2.0\nbase_model: a/b\n---\n# card\n")
	})
	c := newHF(t, f)
	info, err := c.Model(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	// No tag or card relation, but a repository of GGUF files only: a quantization.
	want := []hub.BaseRef{{ID: "meta-llama/Meta-Llama-3-8B-Instruct", Relation: "quantized"}}
	if info.License != "" || info.LicenseName != "llama3" || !slices.Equal(info.BaseModels, want) || info.Card == nil {
		t.Errorf("license=%q name=%q bases=%+v card=%d", info.License, info.LicenseName, info.BaseModels, len(info.Card))
	}

	info, err = c.Model(context.Background(), broken, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(info.Partial, broken) || !strings.Contains(info.Partial, "yaml") || info.Card == nil {
		t.Errorf("broken YAML should be a partial naming the model: %q", info.Partial)
	}
}

func TestLicenseFiles(t *testing.T) {
	f := newFakeHub(t)
	cdn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("CDN received a token")
		}
		io.WriteString(w, "license text served by the CDN\n")
	}))
	defer cdn.Close()
	const id = "org/files"
	rev := fmt.Sprintf("%040d", 9)
	f.handle("/api/models/"+id, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"id":%q,"sha":%q,"cardData":{"license":"other","license_name":"custom","license_link":"https://%s/%s/blob/main/docs/TERMS.md"},
		"siblings":[{"rfilename":"LICENSE"},{"rfilename":"LICENSE-MODEL"},{"rfilename":"docs/TERMS.md"},{"rfilename":"sub/LICENSE"}]}`, id, rev, f.host(), id)
	})
	f.handle("/"+id+"/resolve/"+rev+"/LICENSE", func(w http.ResponseWriter, r *http.Request) {
		// 50 MB license file: must be capped, not read whole.
		chunk := strings.Repeat("clause ", 1<<14)
		for sent := 0; sent < 50<<20; sent += len(chunk) {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
	})
	f.handle("/"+id+"/resolve/"+rev+"/LICENSE-MODEL", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, cdn.URL+"/blob", http.StatusFound) // LFS-style absolute redirect
	})
	f.handle("/"+id+"/resolve/"+rev+"/docs/TERMS.md", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/api/resolve-cache/models/"+id+"/"+rev+"/docs/TERMS.md?etag=%22abc%22")
		w.WriteHeader(307)
	})
	f.handle("/api/resolve-cache/models/"+id+"/"+rev+"/docs/TERMS.md", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("etag") != `"abc"` {
			t.Errorf("query dropped on relative redirect: %q", r.URL.RawQuery)
		}
		io.WriteString(w, "terms\n")
	})
	c := newHF(t, f)
	info, err := c.Model(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, fl := range info.Files {
		got[fl.Path] = len(fl.Content)
	}
	if got["LICENSE"] != int(httpx.MaxFileBytes) || got["LICENSE-MODEL"] == 0 || got["docs/TERMS.md"] != len("terms\n") || len(got) != 3 {
		t.Errorf("files %v", got)
	}
	if !strings.Contains(info.Partial, "LICENSE: cut at") {
		t.Errorf("partial %q", info.Partial)
	}
	if info.LicenseName != "custom" || info.License != "other" {
		t.Errorf("license %q/%q", info.License, info.LicenseName)
	}
}

func TestRateLimitedThenSuccess(t *testing.T) {
	f := newFakeHub(t)
	const id = "HuggingFaceH4/zephyr-7b-beta"
	n := 0
	rec := f.models[id]
	f.handle("/api/models/"+id, func(w http.ResponseWriter, r *http.Request) {
		n++
		if n <= 3 {
			w.Header().Set("Retry-After", "0")
			hubError(w, 429, "", "Rate limit reached")
			return
		}
		b, _ := os.ReadFile(rec.bodyFile)
		w.Write(b)
	})
	info, err := newHF(t, f).Model(context.Background(), id, "")
	if err != nil || info.License != "mit" || n != 4 {
		t.Fatalf("info=%+v err=%v calls=%d", info, err, n)
	}
	want := []hub.BaseRef{{ID: "mistralai/Mistral-7B-v0.1", Relation: "finetune"}}
	if !slices.Equal(info.BaseModels, want) || !slices.Contains(info.Datasets, "HuggingFaceH4/ultrachat_200k") {
		t.Errorf("bases %+v datasets %v", info.BaseModels, info.Datasets)
	}
}

func TestCacheAndOffline(t *testing.T) {
	f := newFakeHub(t)
	dir := t.TempDir()
	const id = "google-bert/bert-base-uncased"
	on := New(newHTTP(t, dir, false), Options{Endpoint: f.URL, Token: token})
	first, err := on.Model(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	before := f.requests.Load()
	off := New(newHTTP(t, dir, true), Options{Endpoint: f.URL, Token: token})
	again, err := off.Model(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	if f.requests.Load() != before {
		t.Errorf("offline made %d requests", f.requests.Load()-before)
	}
	if again.Source != "cache" || again.License != first.License || again.Revision != first.Revision || len(again.Files) != len(first.Files) {
		t.Errorf("offline answer differs: %+v vs %+v", again, first)
	}
	_, err = off.Model(context.Background(), "never/seen", "")
	if !errors.Is(err, hub.ErrOffline) {
		t.Errorf("want ErrOffline, got %v", err)
	}
	// No cache file carries the token.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), token) {
				t.Errorf("token in %s", p)
			}
		}
		return nil
	})
}

func TestDataset(t *testing.T) {
	f := newFakeHub(t)
	body, err := os.ReadFile("testdata/api-datasets--reconstructed.json")
	if err != nil {
		t.Fatal(err)
	}
	f.handle("/api/datasets/org/data", func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	f.handle("/api/datasets/org/none", func(w http.ResponseWriter, r *http.Request) { hubError(w, 404, "RepoNotFound", "Repository not found") })
	c := newHF(t, f)
	d, err := c.Dataset(context.Background(), "org/data", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "org/data" || d.License != "cc-by-nc-4.0" || !d.Gated || d.Revision == "" {
		t.Errorf("%+v", d)
	}
	if _, err := c.Dataset(context.Background(), "org/none", ""); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("want ErrNotFound, got %v", err)
	}
}

func TestOptionsFromEnv(t *testing.T) {
	env := map[string]string{"HF_ENDPOINT": "https://mirror.example/", "HUGGING_FACE_HUB_TOKEN": "legacy"}
	o := OptionsFromEnv(func(k string) string { return env[k] })
	if o.Endpoint != "https://mirror.example/" || o.Token != "legacy" {
		t.Errorf("%+v", o)
	}
	env["HF_TOKEN"] = "new"
	if o := OptionsFromEnv(func(k string) string { return env[k] }); o.Token != "new" {
		t.Errorf("HF_TOKEN must win: %+v", o)
	}
	c := New(nil, Options{Endpoint: "https://mirror.example/"})
	if c.endpoint.String() != "https://mirror.example" {
		t.Errorf("endpoint %s", c.endpoint)
	}
}

func TestBaseFromTags(t *testing.T) {
	tests := []struct {
		tags     []string
		fallback string
		want     []hub.BaseRef
	}{
		{[]string{"base_model:a/b", "base_model:finetune:a/b"}, "unknown", []hub.BaseRef{{ID: "a/b", Relation: "finetune"}}},
		{[]string{"base_model:quantized:a/b"}, "unknown", []hub.BaseRef{{ID: "a/b", Relation: "quantized"}}},
		{[]string{"base_model:a/b", "base_model:c/d", "base_model:merge:a/b", "base_model:merge:c/d"}, "unknown",
			[]hub.BaseRef{{ID: "a/b", Relation: "merge"}, {ID: "c/d", Relation: "merge"}}},
		{[]string{"base_model:a/b"}, "adapter", []hub.BaseRef{{ID: "a/b", Relation: "adapter"}}},
		{[]string{"base_model:", "license:mit"}, "unknown", nil},
	}
	for _, tt := range tests {
		if got := baseFromTags(tt.tags, tt.fallback); !slices.Equal(got, tt.want) {
			t.Errorf("%v: %+v, want %+v", tt.tags, got, tt.want)
		}
	}
}

// TestBlobsAndLicenseDocuments: the sibling list in its ?blobs=true shape
// (hub-apis.md §1.3: size, blobId, lfs{sha256,size,pointerSize}) gives each
// weight file's sha256; license documents are picked by name (MODEL_LICENSE,
// a PDF, NOTICE) and bounded to hub.MaxLicenseFiles.
func TestBlobsAndLicenseDocuments(t *testing.T) {
	f := newFakeHub(t)
	const id = "org/glm-like"
	rev := fmt.Sprintf("%040d", 7)
	sum := strings.Repeat("ab", 32)
	f.handle("/api/models/"+id, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("blobs") != "true" {
			t.Errorf("metadata asked without blobs=true: %q", r.URL.RawQuery)
		}
		fmt.Fprintf(w, `{"id":%q,"sha":%q,"siblings":[
		 {"rfilename":"README.md","size":120,"blobId":"1111111111111111111111111111111111111111"},
		 {"rfilename":"MODEL_LICENSE","size":40,"blobId":"2222222222222222222222222222222222222222"},
		 {"rfilename":"Model License Agreement.pdf","size":40,"blobId":"3333333333333333333333333333333333333333"},
		 {"rfilename":"NOTICE","size":40,"blobId":"4444444444444444444444444444444444444444"},
		 {"rfilename":"USE_POLICY.md","size":40,"blobId":"5555555555555555555555555555555555555555"},
		 {"rfilename":"LICENSE.txt","size":40,"blobId":"6666666666666666666666666666666666666666"},
		 {"rfilename":"model-00001-of-00002.safetensors","size":135,"blobId":"7777777777777777777777777777777777777777","lfs":{"sha256":%q,"size":4900000000,"pointerSize":135}},
		 {"rfilename":"config.json","size":900,"blobId":"8888888888888888888888888888888888888888"}]}`, id, rev, sum)
	})
	c := newHF(t, f)
	info, err := c.Model(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fl := range info.Files {
		got = append(got, fl.Path)
	}
	want := []string{"LICENSE.txt", "MODEL_LICENSE", "Model License Agreement.pdf", "USE_POLICY.md"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("license documents read %q, want %q (NOTICE is past the bound)", got, want)
	}
	if len(info.WeightFiles) != 1 || info.WeightFiles[0].SHA256 != sum || info.WeightFiles[0].Size != 4900000000 ||
		info.WeightFiles[0].Path != "model-00001-of-00002.safetensors" || info.Revision != rev {
		t.Errorf("weights %+v revision %q", info.WeightFiles, info.Revision)
	}
}

// TestCanonicalIDShape: a metadata answer whose id is not a Hub id (a
// path climbing out, three segments) is refused: the requested id stays
// the model's id and the path of the following requests.
func TestCanonicalIDShape(t *testing.T) {
	f := newFakeHub(t)
	rec, ok := f.models["gpt2"]
	if !ok {
		t.Fatal("no recorded gpt2 answer")
	}
	raw, err := os.ReadFile(rec.bodyFile)
	if err != nil {
		t.Fatal(err)
	}
	for path, answered := range map[string]string{"evil/idspoof": "../../../../tmp/idspoof", "evil/three": "a/b/c", "evil/fine": "mit-org/renamed"} {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		m["id"], m["modelId"] = answered, answered
		body, _ := json.Marshal(m)
		f.handle("/api/models/"+path, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	}
	c := newHF(t, f)
	for id, want := range map[string][2]string{
		"evil/idspoof": {"evil/idspoof", "../../../../tmp/idspoof"},
		"evil/three":   {"evil/three", "a/b/c"},
		"evil/fine":    {"mit-org/renamed", ""},
	} {
		info, err := c.Model(context.Background(), id, "")
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if info.ID != want[0] || info.RefusedID != want[1] {
			t.Errorf("%s: id %q refused %q; want %q, %q", id, info.ID, info.RefusedID, want[0], want[1])
		}
	}
	f.auth.Range(func(k, _ any) bool {
		if p := k.(string); strings.Contains(p, "..") || strings.Contains(p, "tmp/idspoof") || strings.HasPrefix(p, "/a/b/c") {
			t.Errorf("a request went to %s", p)
		}
		return true
	})
}
