package html

import (
	"bytes"
	"flag"
	gohtml "html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/reporttest"
	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files")

func render(t *testing.T, r *sbom.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGolden pins the page of the noisy report; the same report gives the
// same bytes.
func TestGolden(t *testing.T) {
	got := render(t, reporttest.Noisy())
	path := filepath.Join("testdata", "noisy.html.golden")
	reporttest.Golden(t, path, []byte(got), *update)
	if got != render(t, reporttest.Noisy()) {
		t.Error("same report, different bytes")
	}
}

// TestSignalFirst: the verdict, then the errors grouped by model, what was
// not judged, warnings (a rule on six models folded into one line that
// opens to all six), notes, and the models, those only in tests and only in
// documentation last, with the setting that drops them.
func TestSignalFirst(t *testing.T) {
	page := render(t, reporttest.Noisy())
	order := []string{
		`<span class="verdict fail">fail</span> 3 errors, 6 warnings, 1 note`,
		`<h2 id="errors">Errors (3)</h2>`,
		`<div class="model"><code>the project</code>`,
		`<div class="model"><code>hf:acme/nc</code> <span>license cc-by-nc-4.0</span> <span>at <code>app.py:3</code></span></div>`,
		`<code>commercial-use</code> hf:acme/nc prohibits commercial use`,
		`<code>license-denied</code>`,
		`<h2 id="unjudged">Not judged (9)</h2>`,
		`8 models could not be resolved (offline)</summary>`,
		`<h2 id="warnings">Warnings (6)</h2>`,
		`6 models are not pinned to a revision (unpinned-revision)</summary>`,
		`hf:acme/m5 is referenced without a pinned revision`,
		`<h2 id="notes">Notes (1)</h2>`,
		`Not counted: in the baseline or waived (2)`,
		`<h2>Models</h2>`,
		`<code>hf:acme/m0</code>`,
		`<h2>Only in tests (1)</h2>`,
		`<p><code>--include-tests=false</code> leaves them out.</p>`,
		`<code>hf:acme/tiny-random</code>`,
		`<h2>Only in documentation (1)</h2>`,
		`<p><code>--include-docs=false</code> leaves them out.</p>`,
		`<code>hf:acme/readme-only</code>`,
	}
	at := 0
	for _, want := range order {
		i := strings.Index(page[at:], want)
		if i < 0 {
			t.Fatalf("%q missing, or out of order, after byte %d", want, at)
		}
		at += i + len(want)
	}
}

// TestHostile: a model id and a file name carrying HTML and terminal
// escapes come out as inert text, and the page loads nothing.
func TestHostile(t *testing.T) {
	r := reporttest.Noisy()
	evil := "hf:evil/<script>alert(1)</script>\x1b[2J\x1b]8;;https://evil.example\x07x\u202e"
	file := "src/<img src=x onerror=alert(2)>\x1b[31m.py"
	r.Models = append(r.Models, sbom.Model{Ref: evil, Direct: true, Status: sbom.StatusResolved,
		Locations: []sbom.Location{{Path: file, Line: 1}}})
	r.Findings = append(r.Findings, sbom.Finding{ID: "x", Rule: "license-denied", Severity: sbom.SeverityError, Model: evil,
		Message: evil + " is denied </li></ul><a href=\"https://evil.example\">click</a>", Remediation: "<style>body{display:none}</style>",
		Locations: []sbom.Location{{Path: file, Line: 1}}})
	page := render(t, r)
	for _, bad := range []string{"<script", "<img", "<a ", " href=\"", " src=\"", "<style>body", "\x1b", "\x07", "\u202e", "@import", "url(", "<link", "http-equiv=\"refresh\""} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, want := range []string{"hf:evil/&lt;script&gt;alert(1)&lt;/script&gt;", "src/&lt;img src=x onerror=alert(2)&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks the escaped text %q", want)
		}
	}
	if strings.Count(page, "<style>") != 1 {
		t.Errorf("want the one inline style, found %d", strings.Count(page, "<style>"))
	}
	if !strings.Contains(gohtml.UnescapeString(page), "content=\"default-src 'none'; style-src 'unsafe-inline'") {
		t.Error("no Content-Security-Policy that forbids everything but the inline style")
	}
}
