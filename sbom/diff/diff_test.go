package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func readReport(t testing.TB, name string) *sbom.Report {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := sbom.ReadJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

func ids(fs []sbom.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func refs(ms []ModelEntry) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Ref)
	}
	return out
}

func TestCompareFixture(t *testing.T) {
	base, head := readReport(t, "base.json"), readReport(t, "head.json")
	baseJSON, _ := json.Marshal(base)
	d := Compare(base, head)
	if after, _ := json.Marshal(base); !bytes.Equal(after, baseJSON) {
		t.Errorf("Compare modified its base report")
	}

	if got, want := ids(d.Findings.New), []string{"ccccccccccccccc3", "fffffffffffffff6", "ddddddddddddddd4", "eeeeeeeeeeeeeee5"}; !reflect.DeepEqual(got, want) {
		t.Errorf("new = %v, want %v", got, want)
	}
	if got, want := ids(d.Findings.Fixed), []string{"bbbbbbbbbbbbbbb2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("fixed = %v, want %v", got, want)
	}
	// The Llama finding moved from line 7 to 9 and its model's revision
	// changed, but its id did not: unchanged.
	if got, want := ids(d.Findings.Unchanged), []string{"aaaaaaaaaaaaaaa1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("unchanged = %v, want %v", got, want)
	}
	if got := d.Findings.Unchanged[0].Locations[0].Line; got != 9 {
		t.Errorf("unchanged finding should carry the head's location, line %d", got)
	}
	if got, want := refs(d.Models.Added), []string{"hf:evil/pipe|tick`<img src=x>", "hf:facebook/nllb-200-distilled-600M"}; !reflect.DeepEqual(got, want) {
		t.Errorf("added = %v, want %v", got, want)
	}
	if got, want := refs(d.Models.Removed), []string{"hf:old/retired"}; !reflect.DeepEqual(got, want) {
		t.Errorf("removed = %v, want %v", got, want)
	}
	// bge only moved: not a change.
	changed := map[string][]Change{}
	for _, c := range d.Models.Changed {
		changed[c.Ref] = c.Changes
	}
	if _, ok := changed["hf:BAAI/bge-small-en-v1.5"]; ok {
		t.Errorf("a moved reference is not a model change: %+v", changed)
	}
	wantChanged := map[string][]Change{
		"hf:acme/tuned": {
			{Field: FieldLicense, Base: "Apache-2.0", Head: "LicenseRef-llama3.1"},
			{Field: FieldBaseModels, Base: "hf:mistralai/Mistral-7B-v0.1 (finetune)", Head: "hf:meta-llama/Llama-3.1-8B-Instruct (finetune)"},
		},
		"hf:meta-llama/Llama-3.1-8B-Instruct@bbbb": {{Field: FieldRevision, Base: "aaaa", Head: "bbbb"}},
	}
	if !reflect.DeepEqual(changed, wantChanged) {
		t.Errorf("changed = %+v\nwant %+v", changed, wantChanged)
	}
	for _, c := range d.Models.Changed {
		if c.Ref == "hf:meta-llama/Llama-3.1-8B-Instruct@bbbb" && c.BaseRef != "hf:meta-llama/Llama-3.1-8B-Instruct@aaaa" {
			t.Errorf("base_ref = %q", c.BaseRef)
		}
	}

	s := d.Summary
	if s.NewFindings != 3 || s.NewWaived != 1 || s.FixedFindings != 1 || s.UnchangedFindings != 1 ||
		s.NewBySeverity["error"] != 1 || s.NewBySeverity["warning"] != 2 || s.ModelsAdded != 2 || s.ModelsRemoved != 1 || s.ModelsChanged != 2 {
		t.Errorf("summary = %+v", s)
	}
	for _, tc := range []struct {
		failOn string
		want   int
	}{{"error", 1}, {"warning", 3}, {"note", 3}, {"none", 0}, {"", 0}} {
		if got := d.Failing(tc.failOn); got != tc.want {
			t.Errorf("Failing(%q) = %d, want %d", tc.failOn, got, tc.want)
		}
	}
}

func model(ref string, lic string, line int) sbom.Model {
	hub, id, rev, _ := sbom.ParseRef(ref)
	m := sbom.Model{Ref: ref, Hub: hub, ID: id, Revision: rev, Direct: true,
		Locations: []sbom.Location{{Path: "a.py", Line: line, Via: "from_pretrained"}}}
	if lic != "" {
		m.License = sbom.Conclude(ref, []sbom.LicensePart{{License: sbom.License{Key: strings.ToLower(lic), SPDXID: lic}, From: []string{ref}}})
	}
	return m
}

func finding(id, sev string, line int) sbom.Finding {
	return sbom.Finding{ID: id, Rule: "r", Severity: sev, Model: "hf:x/y", Message: "m " + id,
		Locations: []sbom.Location{{Path: "a.py", Line: line, Via: "from_pretrained"}}}
}

func TestCompareCases(t *testing.T) {
	cases := []struct {
		name                            string
		base, head                      sbom.Report
		added, removed, changed         int
		newF, fixed, unchanged, failing int
	}{
		{name: "both empty"},
		{name: "nil-ish base: everything new",
			head:  sbom.Report{Models: []sbom.Model{model("hf:a/b", "MIT", 1)}, Findings: []sbom.Finding{finding("1", "error", 1)}},
			added: 1, newF: 1, failing: 1},
		{name: "moved lines only",
			base:      sbom.Report{Models: []sbom.Model{model("hf:a/b", "MIT", 1)}, Findings: []sbom.Finding{finding("1", "error", 1)}},
			head:      sbom.Report{Models: []sbom.Model{model("hf:a/b", "MIT", 40)}, Findings: []sbom.Finding{finding("1", "error", 40)}},
			unchanged: 1},
		{name: "case-insensitive hub ids match",
			base: sbom.Report{Models: []sbom.Model{model("hf:Org/Model", "MIT", 1)}},
			head: sbom.Report{Models: []sbom.Model{model("hf:org/model", "MIT", 1)}}},
		{name: "case matters for ollama",
			base:  sbom.Report{Models: []sbom.Model{model("ollama:Llama3", "MIT", 1)}},
			head:  sbom.Report{Models: []sbom.Model{model("ollama:llama3", "MIT", 1)}},
			added: 1, removed: 1},
		{name: "license change",
			base:    sbom.Report{Models: []sbom.Model{model("hf:a/b", "MIT", 1)}},
			head:    sbom.Report{Models: []sbom.Model{model("hf:a/b", "CC-BY-NC-4.0", 1)}},
			changed: 1},
		{name: "license lost",
			base:    sbom.Report{Models: []sbom.Model{model("hf:a/b", "MIT", 1)}},
			head:    sbom.Report{Models: []sbom.Model{model("hf:a/b", "", 1)}},
			changed: 1},
		{name: "two revisions on head cannot be paired",
			base:  sbom.Report{Models: []sbom.Model{model("hf:a/b@1", "MIT", 1)}},
			head:  sbom.Report{Models: []sbom.Model{model("hf:a/b@2", "MIT", 1), model("hf:a/b@3", "MIT", 2)}},
			added: 2, removed: 1},
		{name: "duplicate ids match once",
			base: sbom.Report{Findings: []sbom.Finding{finding("1", "warning", 1)}},
			head: sbom.Report{Findings: []sbom.Finding{finding("1", "warning", 1), finding("1", "warning", 2)}},
			newF: 1, unchanged: 1},
		{name: "fixed and new",
			base: sbom.Report{Findings: []sbom.Finding{finding("1", "error", 1)}},
			head: sbom.Report{Findings: []sbom.Finding{finding("2", "note", 1)}},
			newF: 1, fixed: 1},
		{name: "finding without id matches on rule, model and message",
			base:      sbom.Report{Findings: []sbom.Finding{finding("", "error", 1)}},
			head:      sbom.Report{Findings: []sbom.Finding{finding("", "error", 9)}},
			unchanged: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Compare(&tc.base, &tc.head)
			got := []int{len(d.Models.Added), len(d.Models.Removed), len(d.Models.Changed),
				len(d.Findings.New), len(d.Findings.Fixed), len(d.Findings.Unchanged), d.Failing("error")}
			want := []int{tc.added, tc.removed, tc.changed, tc.newF, tc.fixed, tc.unchanged, tc.failing}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("added/removed/changed/new/fixed/unchanged/failing = %v, want %v", got, want)
			}
			// Arrays are never null in JSON.
			var buf bytes.Buffer
			if err := WriteJSON(&buf, d); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), "null") {
				t.Errorf("JSON has null arrays:\n%s", buf.String())
			}
		})
	}
}

func TestCompareNil(t *testing.T) {
	d := Compare(nil, nil)
	if d.SchemaVersion != 1 || d.Summary.NewFindings != 0 || d.Findings.New == nil {
		t.Errorf("Compare(nil, nil) = %+v", d)
	}
}

// TestCompareOrderIndependent: shuffled inputs give the same bytes.
func TestCompareOrderIndependent(t *testing.T) {
	base, head := readReport(t, "base.json"), readReport(t, "head.json")
	render := func(b, h *sbom.Report) string {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, Compare(b, h)); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	want := render(base, head)
	reverse := func(r *sbom.Report) *sbom.Report {
		c := *r
		c.Models = append([]sbom.Model(nil), r.Models...)
		c.Findings = append([]sbom.Finding(nil), r.Findings...)
		for i, j := 0, len(c.Models)-1; i < j; i, j = i+1, j-1 {
			c.Models[i], c.Models[j] = c.Models[j], c.Models[i]
		}
		for i, j := 0, len(c.Findings)-1; i < j; i, j = i+1, j-1 {
			c.Findings[i], c.Findings[j] = c.Findings[j], c.Findings[i]
		}
		return &c
	}
	if got := render(reverse(base), reverse(head)); got != want {
		t.Errorf("output depends on input order")
	}
}

func TestGolden(t *testing.T) {
	d := Compare(readReport(t, "base.json"), readReport(t, "head.json"))
	for _, tc := range []struct {
		format, file string
		opts         Options
	}{
		{"json", "diff.json.golden", Options{}},
		{"table", "diff.table.golden", Options{}},
		{"markdown", "diff.md.golden", Options{}},
		{"github", "diff.github.golden", Options{PathPrefix: "services/api"}},
		{"markdown", "diff.md-capped.golden", Options{MaxRows: 1}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			write := map[string]func() error{
				"json":     func() error { return WriteJSON(&buf, d) },
				"table":    func() error { return WriteTable(&buf, d, tc.opts) },
				"markdown": func() error { return WriteMarkdown(&buf, d, tc.opts) },
				"github":   func() error { return WriteGitHub(&buf, d, tc.opts) },
			}[tc.format]
			if err := write(); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./sbom/diff -update)", err)
			}
			if buf.String() != string(want) {
				t.Errorf("%s differs from %s; run with -update and review the diff.\ngot:\n%s", tc.format, golden, buf.String())
			}
		})
	}
}

func TestJSONShape(t *testing.T) {
	d := Compare(readReport(t, "base.json"), readReport(t, "head.json"))
	var buf bytes.Buffer
	if err := WriteJSON(&buf, d); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m["schema_version"] != float64(1) {
		t.Errorf("schema_version = %v", m["schema_version"])
	}
	for _, k := range []string{"base", "head", "summary", "models", "findings"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	var back Diff
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := WriteJSON(&again, &back); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Errorf("JSON does not round-trip")
	}
}

func TestGitHubAnnotations(t *testing.T) {
	d := Compare(readReport(t, "base.json"), readReport(t, "head.json"))
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, d, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	// One per place: the two new findings on translate.py:4 share one
	// annotation at the level of the worse; the waived one is not annotated.
	if len(lines) != 2 {
		t.Fatalf("want 2 annotations, got %d:\n%s", len(lines), buf.String())
	}
	first := lines[0]
	if !strings.HasPrefix(first, "::error file=app/translate.py,line=4,col=5,title=aibom%3A 2 new finding(s) for hf%3Afacebook/nllb-200-distilled-600M::") {
		t.Errorf("first annotation: %s", first)
	}
	msg := first[strings.Index(first[2:], "::")+4:]
	if !strings.HasPrefix(msg, "error non-commercial: ") || !strings.Contains(msg, "%0Awarning attribution-required: ") {
		t.Errorf("grouped message should list both findings, most severe first: %q", msg)
	}
	if !strings.Contains(msg, "100%25 |") || strings.ContainsAny(first, "\r\x1b") || strings.Contains(msg, "<b>\n") {
		t.Errorf("message not escaped: %q", first)
	}
	// A notebook reference is annotated on the file only (its line counts within a cell).
	if !strings.HasPrefix(lines[1], "::warning file=notebooks/try.ipynb,title=") {
		t.Errorf("notebook annotation: %s", lines[1])
	}
}

func TestEscapeProperty(t *testing.T) {
	for in, want := range map[string]string{
		"a,b:c":     "a%2Cb%3Ac",
		"50%\r\n":   "50%25%0D%0A",
		"plain/x.y": "plain/x.y",
	} {
		if got := escapeProperty(in); got != want {
			t.Errorf("escapeProperty(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMarkdownHostile: strings from a report cannot break out of a table
// cell or inject markup.
func TestMarkdownHostile(t *testing.T) {
	d := Compare(readReport(t, "base.json"), readReport(t, "head.json"))
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, d, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<img", "<b>", "\x1b", "\r", "](http", "pipe|tick"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown keeps %q", bad)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		// Unescaped pipes: the row's cell count must match its header's.
		cells := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1))
		if cells != 5 && cells != 6 {
			t.Errorf("row with %d separators: %s", cells, line)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	base, head := &sbom.Report{}, &sbom.Report{}
	for i := range 5000 {
		id := strings.Repeat("x", i%7) + string(rune('a'+i%26))
		base.Models = append(base.Models, model("hf:org/m"+id+string(rune('0'+i%10)), "MIT", i))
		head.Models = append(head.Models, model("hf:org/m"+id+string(rune('0'+(i+1)%10)), "MIT", i+1))
		base.Findings = append(base.Findings, finding(id+"b", "warning", i))
		head.Findings = append(head.Findings, finding(id+"h", "warning", i))
	}
	b.ResetTimer()
	for b.Loop() {
		Compare(base, head)
	}
}

func TestForMarkdown(t *testing.T) {
	d := Compare(readReport(t, "base.json"), readReport(t, "head.json"))
	md := d.ForMarkdown()
	if len(md.Added) != 2 || len(md.Removed) != 1 || md.Removed[0].License != "CC-BY-NC-4.0" {
		t.Errorf("added %+v removed %+v", md.Added, md.Removed)
	}
	if len(md.Changed) != 1 || md.Changed[0].Ref != "hf:acme/tuned" || md.Changed[0].From != "Apache-2.0" || md.Changed[0].To != "LicenseRef-llama3.1" {
		t.Errorf("changed = %+v: want only the license change", md.Changed)
	}
}

// TestUnjudgedGates: a direct model the change leaves unjudged fails the
// gate like a new error, unless the head accepted it or the base already
// had it unjudged.
func TestUnjudgedGates(t *testing.T) {
	u := []sbom.Unjudged{{Model: "hf:acme/new", Reason: "it could not be resolved (offline)"}}
	for _, tc := range []struct {
		name       string
		base, head *sbom.Summary
		want       int
	}{
		{"new unjudged model", &sbom.Summary{}, &sbom.Summary{Verdict: sbom.VerdictIncomplete, Unjudged: u}, 1},
		{"accepted by the head", &sbom.Summary{}, &sbom.Summary{Verdict: sbom.VerdictPass, Unjudged: u, AllowUnresolved: true}, 0},
		{"already unjudged on the base", &sbom.Summary{Unjudged: u}, &sbom.Summary{Verdict: sbom.VerdictIncomplete, Unjudged: u}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Compare(&sbom.Report{Summary: tc.base}, &sbom.Report{Summary: tc.head})
			if got := d.Failing("error"); got != tc.want {
				t.Errorf("Failing = %d, want %d", got, tc.want)
			}
			var buf bytes.Buffer
			if err := WriteGitHub(&buf, d, Options{}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(buf.String(), "not judged"); got != (tc.want > 0) {
				t.Errorf("annotation %q", buf.String())
			}
		})
	}
}
