package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aibom/aibom/internal/schematest"
	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// runCLI runs aibom in-process with a fixed clock and environment.
func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{
		stdout: &out,
		stderr: &errb,
		getenv: func(k string) string { return env[k] },
		now:    func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) },
	}
	code = a.run(context.Background(), args)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const example = "../../testdata/projects/rag-service"

func TestCLIExitCodes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file.txt")
	writeFile(t, file, "x")
	badCfg := filepath.Join(dir, "bad", ".aibom.yaml")
	writeFile(t, badCfg, "exclude: [vendor]\nexcldue: [docs]\n")
	badType := filepath.Join(dir, "badtype", ".aibom.yaml")
	writeFile(t, badType, "context:\n  monthly_active_users: many\n")
	clean := filepath.Join(dir, "clean")
	writeFile(t, filepath.Join(clean, "main.py"), "print('no models here')\n")
	nc := filepath.Join(dir, "nc")
	writeFile(t, filepath.Join(nc, "app.py"), "from transformers import pipeline\nt = pipeline('translation', model='facebook/nllb-200-distilled-600M')\n")

	cases := []struct {
		name      string
		args      []string
		env       map[string]string
		code      int
		stderrHas []string
		stdoutHas []string
	}{
		{name: "version", args: []string{"version"}, code: 0, stdoutHas: []string{"aibom "}},
		{name: "unknown command", args: []string{"scna"}, code: 2, stderrHas: []string{"unknown command"}},
		{name: "bad flag", args: []string{"scan", "--frobnicate"}, code: 2, stderrHas: []string{"frobnicate"}},
		{name: "missing path", args: []string{"scan", "--offline", filepath.Join(dir, "nope")}, code: 2, stderrHas: []string{"does not exist"}},
		{name: "path is a file", args: []string{"scan", "--offline", file}, code: 2, stderrHas: []string{"is a file"}},
		{name: "unknown config key", args: []string{"scan", "--offline", filepath.Dir(badCfg)}, code: 2, stderrHas: []string{".aibom.yaml:2:1: excldue: unknown key; did you mean exclude?"}},
		{name: "wrong config type", args: []string{"scan", "--offline", filepath.Dir(badType)}, code: 2, stderrHas: []string{".aibom.yaml:2:25: context.monthly_active_users: \"many\": expected a whole number"}},
		{name: "bad format", args: []string{"scan", "--offline", "-f", "xml", clean}, code: 2, stderrHas: []string{`flag --format: format: "xml": expected one of`}},
		{name: "bad output spec", args: []string{"scan", "--offline", "-o", "json", clean}, code: 2, stderrHas: []string{"FORMAT=FILE"}},
		{name: "bad fail-on", args: []string{"scan", "--offline", "--fail-on", "fatal", clean}, code: 2, stderrHas: []string{"fail_on"}},
		{name: "unknown policy", args: []string{"scan", "--offline", "--policy", "lenient", clean}, code: 2, stderrHas: []string{"lenient"}},
		{name: "negative users", args: []string{"scan", "--offline", "--mau", "-5", clean}, code: 2, stderrHas: []string{`flag --mau: context.monthly_active_users: "-5": expected a whole number, 0 or more`}},
		{name: "bad SOURCE_DATE_EPOCH", args: []string{"scan", "--offline", clean}, env: map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, code: 2, stderrHas: []string{"SOURCE_DATE_EPOCH"}},
		{name: "endpoint with credentials", args: []string{"scan", clean}, env: map[string]string{"HF_ENDPOINT": "https://u:p@hub.example"}, code: 2, stderrHas: []string{"HF_ENDPOINT", "no credentials"}},
		{name: "clean project", args: []string{"scan", "--offline", "-f", "json", clean}, code: 0, stdoutHas: []string{`"schema_version": 2`}},
		{name: "non-commercial model in commercial product fails", args: []string{"scan", "--offline", "-f", "json", "--commercial", nc}, code: 1, stdoutHas: []string{"facebook/nllb-200-distilled-600M"}},
		{name: "fail-on none never fails", args: []string{"scan", "--offline", "-f", "json", "--fail-on", "none", nc}, code: 0},
		{name: "research product passes", args: []string{"scan", "--offline", "-f", "json", "--policy", "research", "--commercial=false", nc}, code: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.env, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			for _, s := range tc.stderrHas {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			for _, s := range tc.stdoutHas {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%.2000s", s, stdout)
				}
			}
		})
	}
}

// TestConfigLayers checks the precedence defaults < tree < --config < env
// < flags, and that `aibom config` names where each value came from.
func TestConfigLayers(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".aibom.yaml"), "exclude: [vendor]\ncontext:\n  monthly_active_users: 1000\n")
	trusted := filepath.Join(t.TempDir(), "ci.yaml")
	writeFile(t, trusted, "fail_on: warning\nmax_depth: 3\nconcurrency: 2\ncontext:\n  regions: [EU]\n")
	get := func(env map[string]string, args ...string) string {
		t.Helper()
		code, out, errs := runCLI(t, env, append([]string{"config", "--config", trusted}, append(args, dir)...)...)
		if code != 0 {
			t.Fatalf("config exited %d: %s", code, errs)
		}
		return out
	}
	out := get(nil)
	for _, want := range []string{
		"fail_on: warning # file " + trusted + ":1",
		"max_depth: 3 # file " + trusted + ":2",
		"concurrency: 2 # file " + trusted + ":3",
		"include_docs: true # default",
		"exclude: [vendor] # file " + filepath.Join(dir, ".aibom.yaml") + ":1",
		"monthly_active_users: 1000 # file " + filepath.Join(dir, ".aibom.yaml") + ":3",
		"regions: [EU] # file " + trusted + ":5",
		"# config: " + trusted + " (flag --config; not a --config key)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out = get(map[string]string{"AIBOM_MAX_DEPTH": "5", "AIBOM_EXCLUDE": "a,b"})
	if !strings.Contains(out, "max_depth: 5 # env AIBOM_MAX_DEPTH") || !strings.Contains(out, "exclude: [a, b] # env AIBOM_EXCLUDE") {
		t.Errorf("env should override the files:\n%s", out)
	}
	out = get(map[string]string{"AIBOM_MAX_DEPTH": "5"}, "--max-depth", "7", "--mau", "9")
	if !strings.Contains(out, "max_depth: 7 # flag --max-depth") || !strings.Contains(out, "monthly_active_users: 9 # flag --mau") {
		t.Errorf("flag should override env:\n%s", out)
	}
	// The output is itself a valid --config file.
	saved := filepath.Join(t.TempDir(), "saved.yaml")
	writeFile(t, saved, out)
	if code, _, errs := runCLI(t, nil, "config", "--config", saved, dir); code != 0 {
		t.Errorf("aibom config output does not read back as a config file: %s", errs)
	}
}

// TestExampleScan runs the README's main command on the bundled example and
// checks what a user would look at: the models it names, where, and their
// licenses from the offline catalog.
func TestExampleScan(t *testing.T) {
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764417600"}
	code, stdout, stderr := runCLI(t, env, "scan", "--offline", "-f", "json", example)
	if code != 0 && code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep sbom.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if rep.SchemaVersion != sbom.SchemaVersion || rep.Tool.Name != "aibom" || rep.Timestamp != "2025-11-29T12:00:00Z" {
		t.Errorf("header: schema %d tool %q timestamp %q", rep.SchemaVersion, rep.Tool.Name, rep.Timestamp)
	}
	byRef := map[string]sbom.Model{}
	for _, m := range rep.Models {
		byRef[m.Ref] = m
	}
	want := map[string]struct {
		hfID string
		path string
	}{
		"hf:BAAI/bge-small-en-v1.5":                    {"mit", "app/embeddings.py"},
		"hf:BAAI/bge-reranker-v2-m3":                   {"apache-2.0", "app/embeddings.py"},
		"hf:bartowski/Meta-Llama-3.1-8B-Instruct-GGUF": {"llama3.1", "app/llm.py"},
		"hf:meta-llama/Llama-3.1-8B-Instruct":          {"llama3.1", "app/llm.py"},
		"hf:facebook/nllb-200-distilled-600M":          {"cc-by-nc-4.0", "app/llm.py"},
		"hf:openai/whisper-large-v3-turbo":             {"mit", "Dockerfile"},
	}
	for ref, w := range want {
		m, ok := byRef[ref]
		if !ok {
			t.Errorf("model %s missing; have %v", ref, keys(byRef))
			continue
		}
		if !m.Direct {
			t.Errorf("%s should be direct", ref)
		}
		if m.License == nil || !slices.ContainsFunc(m.License.Parts, func(p sbom.LicensePart) bool { return p.HFID == w.hfID }) {
			t.Errorf("%s license = %+v, want hf id %s", ref, m.License, w.hfID)
		}
		found := false
		for _, l := range m.Locations {
			if l.Path == w.path && l.Line > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no location in %s: %+v", ref, w.path, m.Locations)
		}
	}
	if m, ok := byRef["openai:gpt-4o-mini"]; !ok || m.Hub != "openai" {
		t.Errorf("API model openai:gpt-4o-mini missing or wrong hub: %+v", m)
	}
	// The GGUF's base is followed back through the ancestry.
	gguf := byRef["hf:bartowski/Meta-Llama-3.1-8B-Instruct-GGUF"]
	if len(gguf.BaseModels) == 0 {
		t.Errorf("GGUF has no base models")
	}
	// The non-commercial translation model cannot ship in this commercial SaaS.
	var nc bool
	for _, f := range rep.Findings {
		if f.Model == "hf:facebook/nllb-200-distilled-600M" && f.Severity == "error" {
			nc = true
		}
	}
	if !nc {
		t.Errorf("no error finding for the CC-BY-NC model in a commercial product: %+v", rep.Findings)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1 (error findings)", code)
	}
}

func keys(m map[string]sbom.Model) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestGolden pins the JSON, table and HTML renderings of the example scan. Run
// with -update to rewrite, then read the diff.
func TestGolden(t *testing.T) {
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764417600"}
	// Scan a copy outside any git repository, so the report's subject
	// (path, commit) is the same on every machine and at every commit.
	golden, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.CopyFS(filepath.Join(tmp, "rag-service"), os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(tmp)
	for _, format := range []string{"json", "table", "html"} {
		t.Run(format, func(t *testing.T) {
			_, stdout, stderr := runCLI(t, env, "scan", "--offline", "-f", format, "rag-service")
			if stdout == "" {
				t.Fatalf("no output; stderr: %s", stderr)
			}
			golden := filepath.Join(golden, "rag-service."+format+".golden")
			if *update {
				writeFile(t, golden, stdout)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/aibom -update)", err)
			}
			if stdout != string(want) {
				t.Errorf("%s output differs from %s; run with -update and review the diff.\ngot:\n%s", format, golden, stdout)
			}
			// Same input, same bytes.
			_, again, _ := runCLI(t, env, "scan", "--offline", "-f", format, "rag-service")
			if again != stdout {
				t.Errorf("two runs gave different %s output", format)
			}
		})
	}
}

func TestOutputsFlagWritesFiles(t *testing.T) {
	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "r.json")
	tableOut := filepath.Join(dir, "r.txt")
	code, _, stderr := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "0"}, "scan", "--offline", "--fail-on", "none", "-f", "json", "-o", "json="+jsonOut, "-o", "table="+tableOut, example)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sbom.ReadJSON(bytes.NewReader(data)); err != nil {
		t.Errorf("-o json file is not a report: %v", err)
	}
	txt, err := os.ReadFile(tableOut)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(txt), "MODEL") || strings.Contains(string(txt), "\x1b[") {
		t.Errorf("-o table file should be a plain table:\n%s", txt)
	}
}

// TestSavedReportCommands covers the commands that work on a saved report:
// check re-judges it, convert renders it, notice lists its duties, and a
// scan against itself as baseline has nothing new to fail on.
func TestSavedReportCommands(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "report.json")
	env := map[string]string{"SOURCE_DATE_EPOCH": "0"}
	if code, _, stderr := runCLI(t, env, "scan", "--offline", "--fail-on", "none", "-f", "json", "-o", "json="+saved, example); code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	notJSON := filepath.Join(dir, "x.json")
	writeFile(t, notJSON, `{"schema_version": 7}`)

	cases := []struct {
		name      string
		args      []string
		code      int
		stdoutHas string
		stderrHas string
	}{
		{"check with the example's commercial policy fails", []string{"check", "-f", "json", "--mau", "2000000", saved}, 1, `"rule": "commercial-use"`, ""},
		{"check as research passes", []string{"check", "-f", "json", "--policy", "research", "--commercial=false", saved}, 0, `"verdict": "pass"`, ""},
		{"check a missing report", []string{"check", filepath.Join(dir, "none.json")}, 2, "", "none.json"},
		{"check a report of another schema", []string{"check", notJSON}, 2, "", "schema_version 7"},
		{"convert to cyclonedx", []string{"convert", "-f", "cyclonedx", saved}, 0, `"bomFormat": "CycloneDX"`, ""},
		{"convert needs a format", []string{"convert", saved}, 2, "", "-f FORMAT"},
		{"notice from a report", []string{"notice", "--report", saved}, 0, "Built with Llama", ""},
		{"baseline: nothing new", []string{"scan", "--offline", "-f", "json", "--baseline", saved, example}, 0, `"new": false`, ""},
		{"bad baseline", []string{"scan", "--offline", "--baseline", notJSON, example}, 2, "", "--baseline"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, env, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if tc.stdoutHas != "" && !strings.Contains(stdout, tc.stdoutHas) {
				t.Errorf("stdout lacks %q:\n%.1500s", tc.stdoutHas, stdout)
			}
			if tc.stderrHas != "" && !strings.Contains(stderr, tc.stderrHas) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderrHas, stderr)
			}
		})
	}
}

// TestAllOutputsInOneRun is issue 7's done-when: one scan of the example
// writes CycloneDX, SPDX 3 and 2.3, SARIF, Markdown and JSON, and each standard
// format validates against its official schema.
func TestAllOutputsInOneRun(t *testing.T) {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	code, _, stderr := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "1764417600"}, "scan", "--offline", "--fail-on", "none", "-f", "json",
		"-o", "cyclonedx="+out("bom.cdx.json"), "-o", "spdx="+out("bom.spdx.json"), "-o", "spdx-2.3="+out("bom.spdx23.json"), "-o", "sarif="+out("aibom.sarif"),
		"-o", "markdown="+out("summary.md"), "-o", "json="+out("aibom.json"), example)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(out(name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for name, s := range map[string]*jsonschema.Schema{
		"bom.cdx.json":    schematest.CycloneDX(t),
		"bom.spdx.json":   schematest.SPDX(t),
		"bom.spdx23.json": schematest.SPDX23(t),
		"aibom.sarif":     schematest.SARIF(t),
	} {
		if err := schematest.Validate(s, read(name)); err != nil {
			t.Errorf("%s does not validate: %v", name, err)
		}
	}
	if _, err := sbom.ReadJSON(bytes.NewReader(read("aibom.json"))); err != nil {
		t.Errorf("aibom.json: %v", err)
	}
	md := string(read("summary.md"))
	if !strings.Contains(md, "nllb-200-distilled-600M") || !strings.Contains(md, "commercial-use") {
		t.Errorf("markdown summary lacks the failing model or rule:\n%s", md)
	}
}
