package markdown

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aibom/aibom/internal/reporttest"
	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files")

var diff = &Diff{
	Added:   []DiffModel{{Ref: "openai:gpt-4o", License: "LicenseRef-scancode-openai-tou-20241211"}, {Ref: "github:ultralytics/yolov5@v7.0", License: "AGPL-3.0-only"}},
	Removed: []DiffModel{{Ref: "hf:mistralai/Mistral-7B-v0.1", License: "Apache-2.0"}},
	Changed: []DiffChange{{Ref: "hf:google/gemma-2-2b-it@299a8560bedf22ed1c72a8a11e7dce4a7f9f51f8", From: "Apache-2.0", To: "LicenseRef-scancode-gemma-tou-2024-04-01"}},
}

func TestGolden(t *testing.T) {
	for name, opts := range map[string]Options{
		"report.md.golden":      {},
		"report-diff.md.golden": {Diff: diff},
	} {
		t.Run(name, func(t *testing.T) {
			got := Render(reporttest.Rich(t), opts)
			golden := filepath.Join("testdata", name)
			reporttest.Golden(t, golden, []byte(got), *update)
			if got != Render(reporttest.Rich(t), opts) {
				t.Error("same report, different output")
			}
		})
	}
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text 1.2", "plain text 1.2"},
		{"a|b", `a\|b`},
		{"`code`", "\\`code\\`"},
		{"[x](javascript:alert(1))", `\[x\]\(javascript\:alert\(1\)\)`},
		{"![img](http://e/x.png)", `\!\[img\]\(http\://e/x.png\)`},
		{"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;"},
		{"line1\nline2\r\n# h", "line1 line2 #\u2060 h"},
		{"a\u0000b\u001b[31m", `a b \[31m`},
		{"@everyone #12", "@\u2060everyone #\u206012"},
		{"evil\u202egnp.exe", "evilgnp.exe"},
		{"**bold** _it_ ~~s~~", `\*\*bold\*\* \_it\_ \~\~s\~\~`},
		{"&lt;", "&amp;lt;"},
		{"模型 Ünïcödé", "模型 Ünïcödé"},
	} {
		if got := Escape(tc.in, 0); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Escape(strings.Repeat("x", 50), 10); got != "xxxxxxxxxx…" {
		t.Errorf("cap: %q", got)
	}
}

// TestHostileReport checks the rendered summary for anything a hostile
// model card could smuggle in: raw HTML, links, images, line breaks that
// end a table row, code spans.
func TestHostileReport(t *testing.T) {
	out := Render(reporttest.Rich(t), Options{Diff: diff})
	for _, bad := range []string{"<img", "<script", "<b>", "](", "![", "\n# injected", "\n- injected", "\u202e", "\x00", "\x1b", "@everyone"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	for i, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		// Every table row has the same number of unescaped pipes as its header.
		if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 6 && n != 5 && n != 4 {
			t.Errorf("line %d has %d cell separators: %s", i+1, n, line)
		}
	}
	// The only HTML is ours.
	for _, tag := range strings.SplitAfter(out, "<")[1:] {
		if !strings.HasPrefix(tag, "details>") && !strings.HasPrefix(tag, "/details>") && !strings.HasPrefix(tag, "summary>") && !strings.HasPrefix(tag, "/summary>") {
			t.Errorf("unexpected tag <%.20s", tag)
		}
	}
}

func TestFitsCommentLimit(t *testing.T) {
	r := &sbom.Report{Summary: &sbom.Summary{Verdict: "fail"}}
	long := strings.Repeat("<|`[x](y)", 2000)
	for i := range 3000 {
		yes := i%2 == 0
		r.Findings = append(r.Findings, sbom.Finding{ID: fmt.Sprint(i), Rule: "rule-" + fmt.Sprint(i%7), Severity: "error",
			Model: "hf:org/" + long[:200], Message: long, New: &yes, Locations: []sbom.Location{{Path: long[:300], Line: i}}})
		r.Models = append(r.Models, sbom.Model{Ref: fmt.Sprintf("hf:o/m%d", i), Direct: true,
			License: &sbom.Concluded{Expression: long[:500], Parts: []sbom.LicensePart{{License: sbom.License{SPDXID: long[:500]}}}}})
	}
	out := Render(r, Options{})
	if n := utf8.RuneCountInString(out); n > MaxChars {
		t.Errorf("summary is %d characters, limit %d", n, MaxChars)
	}
	if !strings.Contains(out, "more (see the full report)") {
		t.Error("truncation is not announced")
	}
}

// TestVerdictHeadline renders the judged verdict and never shows a green
// check for anything short of an enforced, complete pass.
func TestVerdictHeadline(t *testing.T) {
	errs := map[string]int{"error": 2}
	for _, tc := range []struct {
		name string
		s    *sbom.Summary
		want string
	}{
		{"not judged", nil, "## AI models: not judged"},
		{"enforced pass", &sbom.Summary{Verdict: "pass", Enforced: true}, "## AI models: ✅ pass"},
		{"fail", &sbom.Summary{Verdict: "fail", Enforced: true, Findings: errs}, "## AI models: ❌ fail\n"},
		{"fail, fail-on none", &sbom.Summary{Verdict: "fail", Enforced: false, Findings: errs}, "## AI models: ❌ fail — not enforced"},
		{"incomplete", &sbom.Summary{Verdict: "incomplete", Enforced: true, Unjudged: []sbom.Unjudged{{Model: "hf:acme/x", Reason: "it could not be resolved (offline)"}}},
			"## AI models: ⚠️ incomplete: 1 model not judged"},
		{"pass with accepted unjudged models", &sbom.Summary{Verdict: "pass", Enforced: true, AllowUnresolved: true, Unjudged: []sbom.Unjudged{{Model: "hf:acme/x", Reason: "r"}}},
			"## AI models: pass (1 model not judged, accepted by allow_unresolved)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := Render(&sbom.Report{Summary: tc.s}, Options{})
			if !strings.Contains(out, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, out)
			}
			if tc.s != nil && !tc.s.Green() && strings.Contains(out, "✅") {
				t.Errorf("a green check for %s:\n%s", tc.name, out)
			}
			if tc.s != nil && len(tc.s.Unjudged) > 0 && !strings.Contains(out, "hf\\:acme/x: ") {
				t.Errorf("the unjudged model is not listed:\n%s", out)
			}
		})
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"a|b", "<x>", "[a](b)", "\n#", "@u", "\u202e", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s, 100)
		if strings.ContainsAny(out, "\n\r<>") {
			t.Errorf("Escape(%q) = %q", s, out)
		}
		for i := 0; i < len(out); i++ {
			if strings.IndexByte("|`[]", out[i]) >= 0 && (i == 0 || out[i-1] != '\\') {
				t.Errorf("Escape(%q) = %q: unescaped %q", s, out, out[i])
			}
		}
	})
}

// TestSignalFirst: the summary of a noisy report opens with the verdict and
// the errors grouped by model, folds a rule on six models into one line,
// and lists the models only in tests or documentation after those in code,
// saying how to leave them out.
func TestSignalFirst(t *testing.T) {
	out := Render(reporttest.Noisy(), Options{})
	order := []string{
		"## AI models: ❌ fail\n",
		"10 models (9 direct) · 4 errors, 6 warnings, 1 note · 10 new · 1 waived · 1 only in tests · 1 only in documentation\n",
		"### Errors (3 new)",
		"**the project** · .aibom.yaml\\:2\n",
		"- 🔴 config-change: .aibom.yaml changes fail\\_on from error to none.\n",
		"**hf\\:acme/nc** · license cc-by-nc-4.0 · app.py\\:3\n",
		"- 🔴 commercial-use: hf\\:acme/nc prohibits commercial use, and the product is commercial. Fix: obtain a commercial license\n",
		"- 🔴 license-denied: ",
		"### Not judged (9)",
		"- 8 models could not be resolved \\(offline\\); the full list is in the JSON report",
		"### Warnings (6 new)",
		"- 🟡 6 models are not pinned to a revision \\(unpinned-revision\\); the full list is in the JSON report",
		"### Notes (1 new)",
		"<details><summary>Already in the baseline (1)</summary>",
		"<details><summary>Waived findings (1)</summary>",
		"<details><summary>Models (8)</summary>",
		"| hf\\:acme/m0 | yes |",
		"| hf\\:acme/base | ancestor |",
		"<details><summary>Only in tests (1)</summary>\n\n`--include-tests=false` leaves them out.",
		"| hf\\:acme/tiny-random | yes |",
		"<details><summary>Only in documentation (1)</summary>\n\n`--include-docs=false` leaves them out.",
		"| hf\\:acme/readme-only | yes |",
	}
	at := 0
	for _, want := range order {
		i := strings.Index(out[at:], want)
		if i < 0 {
			t.Fatalf("%q missing, or out of order, after byte %d:\n%s", want, at, out)
		}
		at += i + len(want)
	}
	if strings.Contains(out, "hf\\:acme/m3 is referenced") {
		t.Errorf("a folded rule lists its findings:\n%s", out)
	}
}
