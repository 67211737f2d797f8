package formats

import (
	"bytes"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/reporttest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func renderTable(t *testing.T, verbose bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := (tableEncoder{verbose: verbose}).Encode(&b, reporttest.Noisy()); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTableSignalFirst: the table opens with the verdict, then every error
// grouped by model (its license on the model's line), then what was not
// judged, the warnings and notes, and only then the models: those in code
// before those only in tests, then only in documentation, each with the
// setting that drops them. A rule on six models is one line with a count;
// -v lists each.
func TestTableSignalFirst(t *testing.T) {
	out := renderTable(t, false)
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "aibom big: FAIL (3 errors, 6 warnings, 1 note)") {
		t.Errorf("first line %q, want the verdict", lines[0])
	}
	order := []string{
		"Errors (3)",
		"  the project  at .aibom.yaml:2",
		"    ERROR .aibom.yaml changes fail_on from error to none. [config-change]",
		"  hf:acme/nc  license cc-by-nc-4.0  at app.py:3",
		"    ERROR hf:acme/nc prohibits commercial use, and the product is commercial. [commercial-use]",
		"      fix: obtain a commercial license",
		"    ERROR hf:acme/nc is bound by Creative Commons Attribution Non Commercial 4.0, which the policy denies. [license-denied]",
		"Not judged (9)",
		"  8 models could not be resolved (offline) — the full list is in the JSON report and with -v",
		"  hf:acme/nc: its ancestor hf:acme/base could not be resolved (not-found)",
		"Warnings (6)",
		"  WARNING 6 models are not pinned to a revision [unpinned-revision] — the full list is in the JSON report and with -v",
		"Notes (1)",
		"  NOTE hf:acme/nc is gated. [gated] at app.py:3",
		"1 finding(s) already in the baseline and 1 waived are not counted",
		"Models",
		"hf:acme/m0 ",
		"ancestor hf:acme/base ",
		"Only in tests (1): --include-tests=false leaves them out",
		"hf:acme/tiny-random ",
		"Only in documentation (1): --include-docs=false leaves them out",
		"hf:acme/readme-only ",
		"3 errors, 6 warnings, 1 note: FAIL",
	}
	at := 0
	for _, want := range order {
		i := at
		for i < len(lines) && !strings.HasPrefix(lines[i], want) {
			i++
		}
		if i == len(lines) {
			t.Fatalf("%q missing after line %d, or out of order:\n%s", want, at+1, out)
		}
		at = i + 1
	}
	if strings.Contains(out, "hf:acme/m3 is referenced without a pinned revision") {
		t.Errorf("a folded rule lists its findings:\n%s", out)
	}

	verbose := renderTable(t, true)
	for _, want := range []string{
		"  WARNING hf:acme/m3 is referenced without a pinned revision, so its weights and license can change under the project. [unpinned-revision]\n    at app.py:13\n    fix: pin a commit",
		"  hf:acme/m5: it could not be resolved (offline and not in the cache",
		"Not counted (in the baseline or waived)\n  ERROR hf:acme/old prohibits commercial use (in the baseline). [commercial-use] (in baseline)",
	} {
		if !strings.Contains(verbose, want) {
			t.Errorf("-v table lacks %q:\n%s", want, verbose)
		}
	}
	if strings.Contains(verbose, "the full list is in the JSON report") {
		t.Errorf("-v folds a rule:\n%s", verbose)
	}
}

// TestTableGolden pins the whole table of the noisy report, plain and -v.
func TestTableGolden(t *testing.T) {
	for name, verbose := range map[string]bool{"noisy.table.golden": false, "noisy-verbose.table.golden": true} {
		got := renderTable(t, verbose)
		path := filepath.Join("testdata", name)
		reporttest.Golden(t, path, []byte(got), *update)
	}
}
