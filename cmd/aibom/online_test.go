package main

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// fakeHub serves the Hugging Face API from the team's real recordings, read
// in place: recorded GET /api/models bodies where one exists, otherwise an
// answer built in the same shape from the repository's real README (no
// cardData, so the client parses the card as it must for such answers).
// meta-llama repositories refuse files as the gated Hub does.
type fakeHub struct {
	t      *testing.T
	dir    string // shared/fixtures/hub/huggingface
	corpus string // shared/corpus/licenses
	mu     sync.Mutex
	auth   []string // Authorization headers seen
	// synthetic are repositories answered in the recorded shape from
	// metadata we write (for repositories without a recording), with
	// files read in place from ../shared (the corpus license texts).
	synthetic map[string]syntheticRepo
	// blobs answers in the ?blobs=true form (hub-apis.md §1.3: each
	// sibling with size and blobId, a weight file also with lfs and its
	// sha256). The recordings are of the plain form, so this adds the
	// fields to them; the sha256 is synthetic, the sha256 of id and file
	// name (syntheticSHA256).
	blobs bool
}

// withBlobs turns a GET /api/models body into the ?blobs=true form.
func withBlobs(id string, body []byte) []byte {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	sibs, _ := m["siblings"].([]any)
	for _, s := range sibs {
		sib, ok := s.(map[string]any)
		name, _ := sib["rfilename"].(string)
		if !ok || name == "" {
			continue
		}
		sib["size"], sib["blobId"] = 5000, strings.Repeat("2", 40)
		if hub.IsWeightFile(name) {
			sib["size"], sib["blobId"] = 135, strings.Repeat("1", 40)
			sib["lfs"] = map[string]any{"sha256": syntheticSHA256(id, name), "size": 4920734272, "pointerSize": 135}
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}

// syntheticSHA256 is the weight-file hash the fake Hub reports in the blobs
// form: not a real file's, but stable and distinct per repository.
func syntheticSHA256(id, file string) string {
	s := sha256.Sum256([]byte(id + "/" + file))
	return hex.EncodeToString(s[:])
}

// syntheticRepo is a repository the fake answers from our own metadata:
// the GET /api/models body (recorded shape, siblings in the ?blobs=true
// form) and the files it serves, by name → file under ../shared.
type syntheticRepo struct {
	body  map[string]any
	files map[string]string
}

func (f *fakeHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.mu.Unlock()
	p := r.URL.Path
	if id, ok := strings.CutPrefix(p, "/api/models/"); ok {
		// A pinned revision (/api/models/{id}/revision/{rev}) answers like
		// the default branch: the fake holds one commit per repository.
		id, _, _ = strings.Cut(id, "/revision/")
		f.model(w, id)
		return
	}
	// /{owner}/{name}/resolve/{rev}/{file}
	parts := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 5)
	if len(parts) == 5 && parts[2] == "resolve" {
		f.file(w, parts[0]+"/"+parts[1], parts[4])
		return
	}
	notFound(w)
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("X-Error-Code", "RepoNotFound")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprint(w, `{"error":"Repository not found"}`)
}

func (f *fakeHub) cardPath(id string) string {
	return filepath.Join(f.dir, "model-cards", strings.Replace(id, "/", "--", 1)+".README.md")
}

func (f *fakeHub) model(w http.ResponseWriter, id string) {
	if s, ok := f.synthetic[id]; ok {
		body, _ := json.Marshal(s.body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
		return
	}
	recorded := filepath.Join(f.dir, "api-models", "api-models--"+strings.Replace(id, "/", "--", 1)+".json")
	if body, err := os.ReadFile(recorded); err == nil {
		if f.blobs {
			body = withBlobs(id, body)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
		return
	}
	if _, err := os.Stat(f.cardPath(id)); err != nil {
		notFound(w)
		return
	}
	sum := sha1.Sum([]byte(id))
	siblings := []map[string]string{{"rfilename": "README.md"}}
	if strings.HasSuffix(strings.ToLower(id), "-gguf") {
		siblings = append(siblings, map[string]string{"rfilename": "model.Q4_K_M.gguf"})
	} else {
		siblings = append(siblings, map[string]string{"rfilename": "model.safetensors"})
	}
	if f.licenseFor(id) != "" {
		siblings = append(siblings, map[string]string{"rfilename": "LICENSE"})
	}
	body, _ := json.Marshal(map[string]any{
		"id": id, "modelId": id, "sha": hex.EncodeToString(sum[:]), "private": false,
		"gated": false, "tags": []string{}, "siblings": siblings,
	})
	if f.blobs {
		body = withBlobs(id, body)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

// licenseFor names the corpus text a repository ships as LICENSE: the
// Nous re-upload of Meta-Llama-3-8B carries Meta's Llama 3 license.
func (f *fakeHub) licenseFor(id string) string {
	if id == "NousResearch/Meta-Llama-3-8B" {
		return filepath.Join(f.corpus, "llama3.txt")
	}
	return ""
}

func (f *fakeHub) file(w http.ResponseWriter, id, name string) {
	if strings.HasPrefix(id, "meta-llama/") {
		w.Header().Set("X-Error-Code", "GatedRepo")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":"Access to model %s is restricted."}`, id)
		return
	}
	var path string
	switch name {
	case "README.md":
		path = f.cardPath(id)
	case "LICENSE":
		path = f.licenseFor(id)
	}
	if s, ok := f.synthetic[id]; ok {
		path = s.files[name]
	}
	data, err := os.ReadFile(path)
	if path == "" || err != nil {
		w.Header().Set("X-Error-Code", "EntryNotFound")
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Write(data)
}

// TestOnlineLineageChain is issue 4's end-to-end case: a project that
// references GGUF quantizations of Llama 3 fine-tunes, scanned online
// against a fake Hub serving the real cards and recordings, reports each
// chain back to its root with relations, reads the root's license text,
// keeps the token out of every output, and scans again offline from cache.
func TestOnlineLineageChain(t *testing.T) {
	f := &fakeHub{t: t, dir: sharedtest.Path(t, "fixtures/hub/huggingface"), corpus: sharedtest.Path(t, "corpus/licenses")}
	srv := httptest.NewServer(f)
	defer srv.Close()

	proj := t.TempDir()
	writeFile(t, filepath.Join(proj, "serve.py"), `from transformers import AutoModelForCausalLM

chat = AutoModelForCausalLM.from_pretrained("MaziyarPanahi/Meta-Llama-3-8B-Instruct-GGUF")
agent = AutoModelForCausalLM.from_pretrained("NousResearch/Hermes-2-Theta-Llama-3-8B-GGUF")
`)
	const token = "hf_testsecret0123456789"
	cache := t.TempDir()
	env := map[string]string{"HF_ENDPOINT": srv.URL, "HF_TOKEN": token, "SOURCE_DATE_EPOCH": "0"}
	code, stdout, stderr := runCLI(t, env, "scan", "-f", "json", "--fail-on", "none", "--cache-dir", cache, proj)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout+stderr, token) {
		t.Fatal("the token appears in the output")
	}
	files, _ := filepath.Glob(filepath.Join(cache, "**", "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), token) {
			t.Fatalf("the token is in cache file %s", p)
		}
	}
	rep := decodeReport(t, stdout)
	// Datasets the cards name are listed with the models that use them; the
	// fake Hub has no dataset answers, so each is reported not found.
	var full sbom.Report
	if err := json.Unmarshal([]byte(stdout), &full); err != nil {
		t.Fatal(err)
	}
	if len(full.Datasets) == 0 {
		t.Error("no datasets: the Hermes cards name their training data")
	}
	for _, d := range full.Datasets {
		if len(d.UsedBy) == 0 || d.Status != sbom.StatusNotFound {
			t.Errorf("dataset %s: used_by %v status %q", d.Ref, d.UsedBy, d.Status)
		}
	}
	type edge struct{ from, to, rel string }
	want := []edge{
		{"hf:MaziyarPanahi/Meta-Llama-3-8B-Instruct-GGUF", "hf:meta-llama/Meta-Llama-3-8B-Instruct", "quantized"},
		{"hf:NousResearch/Hermes-2-Theta-Llama-3-8B-GGUF", "hf:NousResearch/Hermes-2-Pro-Llama-3-8B", "quantized"},
		{"hf:NousResearch/Hermes-2-Pro-Llama-3-8B", "hf:NousResearch/Meta-Llama-3-8B", "unknown"},
	}
	for _, e := range want {
		m, ok := rep[e.from]
		if !ok {
			t.Errorf("model %s missing", e.from)
			continue
		}
		found := false
		for _, b := range m.BaseModels {
			if b.Ref == e.to && b.Relation == e.rel {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: base models %+v, want %s (%s)", e.from, m.BaseModels, e.to, e.rel)
		}
		if _, ok := rep[e.to]; !ok {
			t.Errorf("ancestor %s missing from the report", e.to)
		}
	}
	// The gated root: license from metadata, status gated, revision from the recording.
	root := rep["hf:meta-llama/Meta-Llama-3-8B-Instruct"]
	if root.Status != sbom.StatusGated || !hasPart(root, "llama3", "") || root.Direct {
		t.Errorf("gated root: status %q license %+v direct %v", root.Status, root.License, root.Direct)
	}
	if root.Revision != "5f0b02c75b57c5855da9ae460ce51323ea669d8a" || root.Created != "2024-04-17T09:35:12.000Z" {
		t.Errorf("root revision %q created %q, want the recorded sha and createdAt", root.Revision, root.Created)
	}
	// The re-upload's LICENSE file is the Llama 3 text: detected, not just declared.
	reup := rep["hf:NousResearch/Meta-Llama-3-8B"]
	if !hasPart(reup, "llama3", sbom.SourceDetected) {
		t.Errorf("re-upload license %+v, want llama3 detected from its LICENSE", reup.License)
	}
	// The GGUF that dropped its license is still bound by Llama 3 through its ancestors.
	theta := rep["hf:NousResearch/Hermes-2-Theta-Llama-3-8B-GGUF"]
	if !hasPart(theta, "llama3", sbom.SourceInherited) || theta.Terms.CommercialUse != "conditional" {
		t.Errorf("Hermes-2-Theta GGUF concluded license %+v, terms %q: want llama3 inherited, conditional", theta.License, theta.Terms.CommercialUse)
	}

	// The same scan offline answers from the cache: nothing reaches the server.
	f.mu.Lock()
	before := len(f.auth)
	f.mu.Unlock()
	code, offline, stderr := runCLI(t, env, "scan", "-f", "json", "--fail-on", "none", "--offline", "--cache-dir", cache, proj)
	if code != 0 {
		t.Fatalf("offline rescan exit %d: %s", code, stderr)
	}
	f.mu.Lock()
	after := len(f.auth)
	f.mu.Unlock()
	if after != before {
		t.Errorf("offline scan made %d requests", after-before)
	}
	off := decodeReport(t, offline)
	for ref := range rep {
		if off[ref].Status != rep[ref].Status {
			t.Errorf("offline from cache: %s status %q, online %q", ref, off[ref].Status, rep[ref].Status)
		}
	}
}

// hasPart reports whether the model's concluded license has a part with
// the catalog key (and source, when given).
func hasPart(m sbom.Model, key, source string) bool {
	if m.License == nil {
		return false
	}
	for _, p := range m.License.Parts {
		if p.Key == key && (source == "" || p.Source == source) {
			return true
		}
	}
	return false
}

func decodeReport(t *testing.T, s string) map[string]sbom.Model {
	t.Helper()
	var r sbom.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%.500s", err, s)
	}
	out := map[string]sbom.Model{}
	for _, m := range r.Models {
		out[m.Ref] = m
	}
	return out
}

// TestCatalogRefresh rebuilds the built-in table from a Hub (the fake one
// serving the real recordings): answered models take the Hub's facts and
// today's snapshot, the rest keep their older facts and are listed.
func TestCatalogRefresh(t *testing.T) {
	f := &fakeHub{t: t, dir: sharedtest.Path(t, "fixtures/hub/huggingface"), corpus: sharedtest.Path(t, "corpus/licenses")}
	srv := httptest.NewServer(f)
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "known-models.yaml")
	env := map[string]string{"HF_ENDPOINT": srv.URL, "SOURCE_DATE_EPOCH": "1764374400"} // 2025-11-29
	code, _, stderr := runCLI(t, env, "catalog", "refresh", "--cache-dir", t.TempDir(), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	yml := string(data)
	// A recorded model is refreshed from the Hub with the run's date.
	i := strings.Index(yml, "id: meta-llama/Meta-Llama-3-8B-Instruct\n")
	if i < 0 {
		t.Fatalf("refreshed table lacks a recorded model:\n%.2000s", yml)
	}
	entry := yml[i:]
	if j := strings.Index(entry, "\n- "); j > 0 {
		entry = entry[:j]
	}
	if !strings.Contains(entry, "snapshot: \"2025-11-29\"") && !strings.Contains(entry, "snapshot: 2025-11-29") {
		t.Errorf("recorded model not stamped with the refresh date:\n%s", entry)
	}
	if !strings.Contains(entry, "license: llama3") {
		t.Errorf("recorded model lost its license:\n%s", entry)
	}
	// Models the fake Hub does not know keep their facts and are reported.
	if !strings.Contains(yml, "id: BAAI/bge-small-en-v1.5") || !strings.Contains(stderr, "kept older fact") {
		t.Errorf("unanswered models must be kept and listed; stderr:\n%.500s", stderr)
	}
}
