package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// lic is a concluded license of one catalog part.
func lic(key, spdx, name, cat string) *sbom.Concluded {
	return &sbom.Concluded{Expression: spdx, Parts: []sbom.LicensePart{
		{License: sbom.License{Key: key, SPDXID: spdx, Name: name, Category: cat, Source: "catalog"}}}}
}

// entries is a small audit written by hand in the report's real shapes: two
// repositories sharing a model, one with an ancestor, one failure, and
// hostile strings where untrusted input reaches the renderers.
func entries() []Entry {
	no := false
	nc := sbom.Model{Ref: "hf:facebook/nllb-200-distilled-600M", Hub: "huggingface", ID: "facebook/nllb-200-distilled-600M",
		Direct: true, Status: "resolved", License: lic("cc-by-nc-4.0", "CC-BY-NC-4.0", "Creative Commons Attribution Non Commercial 4.0", "non-commercial"),
		Locations: []sbom.Location{{Path: "app/translate.py", Line: 3, Via: "pipeline"}}}
	bge := sbom.Model{Ref: "hf:BAAI/bge-small-en-v1.5", Hub: "huggingface", ID: "BAAI/bge-small-en-v1.5", Direct: true, Status: "resolved",
		License: lic("mit", "MIT", "MIT License", "permissive"), Locations: []sbom.Location{{Path: "embed.py", Line: 1, Via: "SentenceTransformer"}}}
	base := sbom.Model{Ref: "hf:org/base", Hub: "huggingface", ID: "org/base", Status: "offline", Via: []string{"hf:org/<script>alert(1)</script>"}}
	evil := sbom.Model{Ref: "hf:org/<script>alert(1)</script>", Hub: "huggingface", ID: "org/<script>alert(1)</script>", Direct: true,
		Status: "resolved", License: lic("=HYPERLINK(\"x\")", "", "| pipe & <b>", ""), Locations: []sbom.Location{{Path: "x|y.py", Via: "url"}}}
	finding := func(rule, sev, model, msg string) sbom.Finding {
		return sbom.Finding{ID: rule + model, Rule: rule, Severity: sev, Model: model, Message: msg}
	}
	a := &sbom.Report{SchemaVersion: sbom.SchemaVersion, Subject: sbom.Subject{Name: "github.com/acme/translate", Path: "https://github.com/acme/translate.git", Revision: "0123456789abcdef0123456789abcdef01234567"},
		Timestamp: "2026-11-29T12:00:00Z", Config: &sbom.ScanConfig{Policy: "commercial-saas"},
		Models: []sbom.Model{nc, bge},
		Findings: []sbom.Finding{
			finding("commercial-use", "error", nc.Ref, "facebook/nllb-200-distilled-600M is licensed CC-BY-NC-4.0, which forbids commercial use"),
			finding("unpinned-revision", "warning", bge.Ref, "not pinned"),
			{ID: "old", Rule: "unpinned-revision", Severity: "warning", Model: nc.Ref, Message: "in the baseline", New: &no},
			{ID: "w", Rule: "license-denied", Severity: "error", Model: bge.Ref, Message: "waived", Waived: &sbom.Waiver{Reason: "ok", Expires: "2027-01-01"}},
		},
		Warnings: []sbom.Warning{{Path: "big.bin", Message: "skipped"}},
		Summary:  &sbom.Summary{Verdict: "fail", Enforced: true}}
	b := &sbom.Report{SchemaVersion: sbom.SchemaVersion, Subject: sbom.Subject{Name: "services/search", Path: "services/search"},
		Timestamp: "2026-11-29T12:05:00Z", Models: []sbom.Model{bge, base, evil},
		Findings: []sbom.Finding{finding("unpinned-revision", "warning", bge.Ref, "not pinned"),
			finding("license-unknown", "warning", evil.Ref, "<img src=x onerror=alert(1)>")},
		Summary: &sbom.Summary{Verdict: "pass", Enforced: true}}
	for _, r := range []*sbom.Report{a, b} {
		r.Normalize()
	}
	return []Entry{
		{File: "services_search-1.aibom.json", Report: b},
		{File: "gone-2.error.json", Failure: &Failure{SchemaVersion: 1, Repository: "github.com/acme/gone", Source: "https://github.com/acme/gone.git",
			Error: "fetching github.com/acme/gone: git fetch: exit status 128: fatal: repository not found"}},
		{File: "github.com_acme_translate-3.aibom.json", Report: a},
	}
}

func TestBuild(t *testing.T) {
	r := Build(entries(), sbom.Tool{Name: "aibom", Version: "test"})
	if r.Generated != "2026-11-29T12:05:00Z" {
		t.Errorf("generated %q, want the latest report's timestamp", r.Generated)
	}
	want := Totals{Repositories: 3, Passed: 1, Failed: 1, Errored: 1, Models: 4, DirectModels: 3,
		Findings: map[string]int{"error": 1, "warning": 3, "note": 0}}
	got, _ := json.Marshal(r.Totals)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(got, wantJSON) {
		t.Errorf("totals %s, want %s (waived and baseline findings not counted)", got, wantJSON)
	}
	if r.Repositories[0].Name != "github.com/acme/gone" || r.Repositories[0].Verdict != VerdictError {
		t.Errorf("repositories not sorted by name or failure lost: %+v", r.Repositories[0])
	}
	for _, m := range r.Models {
		if m.Ref == "hf:BAAI/bge-small-en-v1.5" {
			if len(m.Repositories) != 2 || len(m.Findings) != 1 || len(m.Findings[0].Repositories) != 2 {
				t.Errorf("bge: %+v", m)
			}
		}
		if m.Ref == "hf:org/base" && (m.Repositories[0].Direct || m.Licenses[0] != "unknown") {
			t.Errorf("ancestor: %+v", m)
		}
	}
	// The order of the entries does not matter.
	rev := entries()
	rev[0], rev[2] = rev[2], rev[0]
	var b1, b2 bytes.Buffer
	WriteJSON(&b1, r)
	WriteJSON(&b2, Build(rev, sbom.Tool{Name: "aibom", Version: "test"}))
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("entry order changed the report")
	}
}

func TestGolden(t *testing.T) {
	r := Build(entries(), sbom.Tool{Name: "aibom", Version: "test"})
	for f, write := range map[string]func(io.Writer, *Report) error{
		"csv": WriteCSV, "html": WriteHTML, "json": WriteJSON, "markdown": WriteMarkdown,
	} {
		t.Run(f, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, r); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "audit."+f+".golden")
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from %s (run with -update and review):\n%s", f, path, buf.String())
			}
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	r := Build(entries(), sbom.Tool{Name: "aibom", Version: "test"})
	var a, b bytes.Buffer
	WriteJSON(&a, r)
	back, err := ReadJSON(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	WriteJSON(&b, back)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("JSON does not round-trip")
	}
	if _, err := ReadJSON(strings.NewReader(`{"schema_version": 2}`)); err == nil {
		t.Error("another schema version accepted")
	}
}

func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, Build(entries(), sbom.Tool{Name: "aibom", Version: "test"})); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.Contains(page, "| pipe &amp; &lt;b&gt;") {
		t.Error("license name not escaped as text")
	}
	for _, bad := range []string{"<script>alert(1)", "<img src=x", "& <b>", "src=\"http", "href=\"http", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if strings.Count(page, "<script>") != 1 {
		t.Errorf("want exactly the one inline script, found %d", strings.Count(page, "<script>"))
	}
	// The CSP allows exactly the script that is on the page.
	m := regexp.MustCompile(`<script>([\s\S]*?)</script>`).FindStringSubmatch(page)
	sum := sha256.Sum256([]byte(m[1]))
	page = html.UnescapeString(page) // attribute values are entity-escaped
	if !strings.Contains(page, "script-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
		t.Error("CSP hash does not match the inline script")
	}
	if !strings.Contains(page, "default-src 'none'") {
		t.Error("no default-src 'none'")
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, Build(entries(), sbom.Tool{})); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Errorf("header %v", rows[0])
	}
	// 2 uses + 3 uses + 1 failure row.
	if len(rows) != 1+2+3+1 {
		t.Errorf("%d rows, want 7", len(rows))
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	var buf bytes.Buffer
	WriteMarkdown(&buf, Build(entries(), sbom.Tool{}))
	out := buf.String()
	if strings.Contains(out, "<script>") || strings.Contains(out, "| pipe") {
		t.Errorf("unescaped markup in Markdown:\n%s", out)
	}
	// Every row of a table has as many cells as its header: no untrusted
	// value broke out of its cell.
	want := -1
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if want < 0 {
			want = n
		} else if n != want {
			t.Errorf("row has %d cell borders, header %d: %s", n, want, line)
		}
	}
}

func TestReadDirs(t *testing.T) {
	d1, d2 := t.TempDir(), t.TempDir()
	write := func(dir, name string, v any) {
		data, _ := json.Marshal(v)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	es := entries()
	write(d1, es[0].File, es[0].Report)
	write(d1, es[1].File, es[1].Failure)
	// The same failing repository succeeded in another directory: the
	// report wins.
	ok := *es[2].Report
	ok.Subject.Name = "github.com/acme/gone"
	write(d2, "gone-ok.aibom.json", &ok)
	write(d2, "notes.txt", "ignored")
	os.WriteFile(filepath.Join(d2, "broken.aibom.json"), []byte("{"), 0o644)
	got, err := ReadDirs(d1, d2)
	if err == nil || !strings.Contains(err.Error(), "broken.aibom.json") {
		t.Errorf("unreadable file not reported: %v", err)
	}
	if len(got) != 2 || got[0].Name() != "github.com/acme/gone" || got[0].Report == nil {
		t.Errorf("entries %+v", got)
	}
}

// BenchmarkBuild consolidates an organisation-sized audit: 1,000
// repositories sharing 50 models, 5 per repository.
func BenchmarkBuild(b *testing.B) {
	var es []Entry
	for i := range 1000 {
		rep := &sbom.Report{SchemaVersion: sbom.SchemaVersion, Subject: sbom.Subject{Name: fmt.Sprintf("github.com/acme/repo-%04d", i)},
			Summary: &sbom.Summary{Verdict: "pass", Enforced: true}}
		for j := range 5 {
			ref := fmt.Sprintf("hf:org/model-%02d", (i+j*7)%50)
			rep.Models = append(rep.Models, sbom.Model{Ref: ref, Direct: true, Status: "resolved",
				License: lic("mit", "MIT", "MIT License", "permissive"), Locations: []sbom.Location{{Path: "app.py", Line: j + 1}}})
			rep.Findings = append(rep.Findings, sbom.Finding{Rule: "unpinned-revision", Severity: "warning", Model: ref, Message: "not pinned"})
		}
		es = append(es, Entry{File: fmt.Sprintf("r%d.aibom.json", i), Report: rep})
	}
	b.ReportAllocs()
	for b.Loop() {
		Build(es, sbom.Tool{Name: "aibom"})
	}
}

// TestSignalFirst: the people-facing audit opens with its outcome and the
// repositories that need attention with their errors, lists failing
// repositories before passing ones and models with errors before the
// others; the JSON keeps its order by name.
func TestSignalFirst(t *testing.T) {
	r := Build(entries(), sbom.Tool{Name: "aibom", Version: "test"})
	var md, page bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		out   string
		order []string
	}{
		"markdown": {md.String(), []string{
			"**❌ 1 of 3 repositories fail, 1 could not be audited**",
			"## Needs attention (2)",
			"**github.com/acme/translate** · **fail**",
			"- 🔴 hf:facebook/nllb-200-distilled-600M (cc-by-nc-4.0): commercial-use: ",
			"**github.com/acme/gone** · **error**",
			"## Repositories",
			"| github.com/acme/translate | **fail**", "| github.com/acme/gone | **error**", "| services/search | pass",
			"## Models",
			"| hf:facebook/nllb-200-distilled-600M |", "| hf:BAAI/bge-small-en-v1.5 |", "| hf:org/base |",
		}},
		"html": {page.String(), []string{
			`<p class="headline fail">1 of 3 repositories fail, 1 could not be audited</p>`,
			"<h2>Needs attention (2)</h2>",
			"<code>github.com/acme/translate</code> <span class=\"fail\">fail</span>",
			"<code>commercial-use</code>",
			"<code>github.com/acme/gone</code> <span class=\"error\">error</span>",
			"<h2>Repositories</h2>",
			"<tr><td><code>github.com/acme/translate</code>", "<tr><td><code>github.com/acme/gone</code>", "<tr><td><code>services/search</code>",
			"<h2>Models</h2>",
			"<tr><td><code>hf:facebook/nllb-200-distilled-600M</code>", "<tr><td><code>hf:BAAI/bge-small-en-v1.5</code>",
		}},
	} {
		at := 0
		for _, want := range tc.order {
			i := strings.Index(tc.out[at:], want)
			if i < 0 {
				t.Fatalf("%s: %q missing, or out of order, after byte %d:\n%s", name, want, at, tc.out)
			}
			at += i + len(want)
		}
	}
	if r.Repositories[0].Name != "github.com/acme/gone" || r.Models[0].Ref != "hf:BAAI/bge-small-en-v1.5" {
		t.Errorf("the JSON order changed: %s, %s", r.Repositories[0].Name, r.Models[0].Ref)
	}
}
