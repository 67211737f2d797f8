package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/formats"
)

// faultHub is a Hugging Face fake in the Hub's shapes (GET /api/models/{id}
// and /{id}/resolve/{sha}/{file}, as in ../shared/fixtures/hub) whose
// models misbehave by name:
//
//   - echo/*: the Authorization header the request carried comes back in
//     cardData.license_name, the README and the LICENSE;
//   - fail/*: HTTP 500 whose body and X-Error-Message echo the header;
//   - stuck/*: no answer until the client gives up;
//   - ft/*: a fine-tune of base/<name>;
//   - anything else: a plain MIT model.
type faultHub struct {
	mu    sync.Mutex
	asked map[string]int // GET /api/models/{id} per id
}

func newFaultHub(t *testing.T) (*faultHub, *httptest.Server) {
	f := &faultHub{asked: map[string]int{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *faultHub) count(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.asked[id]
}

func (f *faultHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	if id, ok := strings.CutPrefix(r.URL.Path, "/api/models/"); ok {
		f.mu.Lock()
		f.asked[id]++
		f.mu.Unlock()
		switch {
		case strings.HasPrefix(id, "stuck/"):
			<-r.Context().Done()
			return
		case strings.HasPrefix(id, "fail/"):
			w.Header().Set("X-Error-Message", "upstream saw "+auth)
			w.Header().Set("Retry-After", "0") // retried at once: keeps the test fast
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, `{"error":"internal error for request with Authorization: %s"}`, auth)
			return
		}
		card := map[string]any{"license": "mit"}
		tags := []string{"license:mit"}
		if strings.HasPrefix(id, "echo/") {
			card = map[string]any{"license": "other", "license_name": "echo " + auth}
			tags = []string{"license:other"}
		}
		if name, ok := strings.CutPrefix(id, "ft/"); ok {
			card["base_model"] = "base/" + name
			tags = append(tags, "base_model:finetune:base/"+name)
		}
		body, _ := json.Marshal(map[string]any{
			"id": id, "modelId": id, "sha": "0123456789abcdef0123456789abcdef01234567", "private": false, "gated": false,
			"tags": tags, "cardData": card,
			"siblings": []map[string]string{{"rfilename": "README.md"}, {"rfilename": "LICENSE"}, {"rfilename": "model.safetensors"}},
		})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
		return
	}
	switch {
	case strings.HasSuffix(r.URL.Path, "/README.md"):
		fmt.Fprintf(w, "---\nlicense: mit\n---\n# Model\nDebug: the request had Authorization: %s\n", auth)
	case strings.HasSuffix(r.URL.Path, "/LICENSE"):
		fmt.Fprintf(w, "MIT License\n\nCopyright (c) 2024 Example\n\nrequest: %s\n", auth)
	default:
		w.Header().Set("X-Error-Code", "EntryNotFound")
		w.WriteHeader(http.StatusNotFound)
	}
}

// warmLicenses builds the license catalog's matcher before a test times a
// scan: it is built once per process on first use, and takes seconds
// under -race, which is not the resolution time being measured.
func warmLicenses() {
	licenses.Builtin().Identify([]byte("MIT License\n\nCopyright (c) 2024 Example\n"))
}

func project(t *testing.T, ids ...string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("from transformers import AutoModel\n")
	for i, id := range ids {
		fmt.Fprintf(&b, "m%d = AutoModel.from_pretrained(%q)\n", i, id)
	}
	writeFile(t, filepath.Join(dir, "app.py"), b.String())
	return dir
}

func treeContains(t *testing.T, dir, s string) []string {
	t.Helper()
	var hits []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if b, rerr := os.ReadFile(p); rerr == nil && strings.Contains(string(b), s) {
				hits = append(hits, p)
			}
		}
		return nil
	})
	return hits
}

// TestEchoedTokenInNoOutput: a hub that echoes the Authorization header —
// in a 500 body and header, in card data, in the card and the license file
// — leaves the token in no format's output, not on stderr, not in the
// cache.
func TestEchoedTokenInNoOutput(t *testing.T) {
	_, srv := newFaultHub(t)
	const token = "hf_echoedSecret0123456789abcdefXYZ"
	cache, outDir := t.TempDir(), t.TempDir()
	args := []string{"scan", "-f", "json", "--fail-on", "none", "--cache-dir", cache}
	for _, name := range formats.Names(formats.Report) {
		args = append(args, "-o", name+"="+filepath.Join(outDir, "out."+name))
	}
	args = append(args, project(t, "echo/model", "fail/model"))
	env := map[string]string{"HF_ENDPOINT": srv.URL, "HF_TOKEN": token, "SOURCE_DATE_EPOCH": "0"}
	code, stdout, stderr := runCLI(t, env, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep := decodeReport(t, stdout)
	echo, fail := rep["hf:echo/model"], rep["hf:fail/model"]
	// The echoes did reach aibom, redacted: otherwise this test proves nothing.
	if echo.Declared == nil || echo.Declared.Name != "echo Bearer [redacted]" {
		t.Errorf("echo/model declared %+v, want the redacted echo", echo.Declared)
	}
	if fail.Status != sbom.StatusError || !strings.Contains(fail.Reason, "HTTP 500") {
		t.Errorf("fail/model %s %q", fail.Status, fail.Reason)
	}
	if strings.Contains(stdout+stderr, token) {
		t.Error("the token is on stdout or stderr")
	}
	if hits := treeContains(t, outDir, token); len(hits) > 0 {
		t.Errorf("the token is in %v", hits)
	}
	if hits := treeContains(t, cache, token); len(hits) > 0 {
		t.Errorf("the token is in the cache: %v", hits)
	}
	if hits := treeContains(t, outDir, "Bearer [redacted]"); len(hits) < 3 {
		t.Errorf("only %v carry the redacted echo: the hub's text did not get through", hits)
	}
	code, notice, stderr := runCLI(t, env, "notice", "--report", filepath.Join(outDir, "out.json"))
	if code != 0 || strings.Contains(notice+stderr, token) {
		t.Errorf("notice: exit %d, token present %v", code, strings.Contains(notice+stderr, token))
	}
}

// TestHangingModelCostsItsBudgetCLI: one model whose hub never answers is
// an error after --model-timeout; the others resolve, and the run ends
// quickly with a report.
func TestHangingModelCostsItsBudgetCLI(t *testing.T) {
	_, srv := newFaultHub(t)
	env := map[string]string{"HF_ENDPOINT": srv.URL, "SOURCE_DATE_EPOCH": "0"}
	warmLicenses()
	start := time.Now()
	code, stdout, stderr := runCLI(t, env, "scan", "-f", "json", "--fail-on", "none", "--cache-dir", t.TempDir(),
		"--model-timeout", "300ms", project(t, "stuck/model", "ok/one", "ok/two"))
	if wall := time.Since(start); wall > 5*time.Second {
		t.Errorf("scan took %v with a 300ms model budget", wall)
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep := decodeReport(t, stdout)
	if m := rep["hf:stuck/model"]; m.Status != sbom.StatusError || !strings.Contains(m.Reason, "per-model budget of 300ms") {
		t.Errorf("stuck model %s %q", m.Status, m.Reason)
	}
	for _, ref := range []string{"hf:ok/one", "hf:ok/two"} {
		if rep[ref].Status != sbom.StatusResolved {
			t.Errorf("%s: %s %q", ref, rep[ref].Status, rep[ref].Reason)
		}
	}
}

// TestTimeoutWritesFullReport: --timeout ends resolution but not the run:
// every requested output is written, the unanswered model is timeout, the
// exit is the judged one (never 3).
func TestTimeoutWritesFullReport(t *testing.T) {
	_, srv := newFaultHub(t)
	env := map[string]string{"HF_ENDPOINT": srv.URL, "SOURCE_DATE_EPOCH": "0"}
	out := t.TempDir()
	warmLicenses()
	start := time.Now()
	code, stdout, stderr := runCLI(t, env, "scan", "-f", "json", "--cache-dir", t.TempDir(), "--timeout", "1500ms",
		"-o", "sarif="+filepath.Join(out, "a.sarif"), "-o", "cyclonedx="+filepath.Join(out, "bom.json"),
		project(t, "stuck/model", "ok/one"))
	if wall := time.Since(start); wall > 8*time.Second {
		t.Errorf("scan took %v with --timeout 1500ms", wall)
	}
	if code != exitOK && code != exitFindings {
		t.Fatalf("exit %d, want 0 or 1: %s", code, stderr)
	}
	rep := decodeReport(t, stdout)
	if m := rep["hf:stuck/model"]; m.Status != sbom.StatusTimeout || !strings.Contains(m.Reason, "--timeout") {
		t.Errorf("stuck model %s %q, want timeout", m.Status, m.Reason)
	}
	if rep["hf:ok/one"].Status != sbom.StatusResolved {
		t.Errorf("ok/one %s", rep["hf:ok/one"].Status)
	}
	for _, f := range []string{"a.sarif", "bom.json"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || !strings.Contains(string(b), "stuck/model") {
			t.Errorf("%s not written with the model: %v", f, err)
		}
	}
	if !strings.Contains(stderr, "deadline passed: 1 model(s)") {
		t.Errorf("stderr does not say the deadline passed:\n%s", stderr)
	}
}

// TestMaxDepthZeroCLI: --max-depth 0 asks the hub for no ancestor.
func TestMaxDepthZeroCLI(t *testing.T) {
	f, srv := newFaultHub(t)
	env := map[string]string{"HF_ENDPOINT": srv.URL, "SOURCE_DATE_EPOCH": "0"}
	code, stdout, stderr := runCLI(t, env, "scan", "-f", "json", "--fail-on", "none", "--cache-dir", t.TempDir(), "--max-depth", "0", project(t, "ft/llama"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := f.count("base/llama"); n != 0 {
		t.Errorf("the base was asked %d times under --max-depth 0", n)
	}
	rep := decodeReport(t, stdout)
	if m := rep["hf:ft/llama"]; len(m.BaseModels) != 1 || m.BaseModels[0].Ref != "hf:base/llama" {
		t.Errorf("ft/llama bases %+v: the declared base is still listed", m.BaseModels)
	}
	// The default follows it.
	code, stdout, _ = runCLI(t, env, "scan", "-f", "json", "--fail-on", "none", "--cache-dir", t.TempDir(), project(t, "ft/llama"))
	if code != 0 || f.count("base/llama") != 1 || decodeReport(t, stdout)["hf:base/llama"].Status != sbom.StatusResolved {
		t.Errorf("default depth: exit %d, base asked %d times", code, f.count("base/llama"))
	}
}

// TestUnreachableHubCLI: a hub on a closed port costs one failed
// connection, not five retries per request; stderr says once that the hub
// is unreachable and suggests --offline, without raw dialer text, and
// the report is still written.
func TestUnreachableHubCLI(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{"HF_ENDPOINT": "http://" + addr, "SOURCE_DATE_EPOCH": "0"}
	warmLicenses()
	start := time.Now()
	code, stdout, stderr := runCLI(t, env, "scan", "-f", "json", "--fail-on", "none", "--cache-dir", t.TempDir(),
		project(t, "gone/a", "gone/b", "gone/c", "gone/d", "sentence-transformers/all-MiniLM-L6-v2"))
	if wall := time.Since(start); wall > 3*time.Second {
		t.Errorf("scan against a closed port took %v", wall)
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stderr, "is unreachable"); n != 1 {
		t.Errorf("%d unreachable messages, want 1:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, "--offline") || strings.Contains(stderr, "dial tcp") {
		t.Errorf("stderr:\n%s", stderr)
	}
	rep := decodeReport(t, stdout)
	if m := rep["hf:gone/a"]; m.Status != sbom.StatusError || !strings.Contains(m.Reason, "cannot reach "+addr+": connection refused") {
		t.Errorf("gone/a %s %q", m.Status, m.Reason)
	}
	if m := rep["hf:sentence-transformers/all-MiniLM-L6-v2"]; m.Status != sbom.StatusResolved || m.Source != "catalog" {
		t.Errorf("a catalogued model: %s from %q, want the catalog's answer", m.Status, m.Source)
	}
}
