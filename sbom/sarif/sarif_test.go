package sarif

import (
	"bytes"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/reporttest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aibom/aibom/internal/schematest"
	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files")

var testRules = []RuleMeta{
	{ID: "user-limit", Short: "License caps the number of users", Full: "The model's license ends above a number of monthly active users.", DefaultLevel: "warning"},
	{ID: "copyleft-network", Short: "Network copyleft license", Full: "AGPL-style licenses oblige publishing source when the model is offered over a network.", DefaultLevel: "error", Tags: []string{"copyleft"}},
	{ID: "never-fires", Short: "A rule with no findings", DefaultLevel: "note", HelpURI: "https://example.com/rules#never-fires"},
}

func encode(t testing.TB, e *Encoder, r *sbom.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := e.Encode(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func schema(t testing.TB) *jsonschema.Schema { return schematest.SARIF(t) }

func validate(t *testing.T, s *jsonschema.Schema, out []byte) {
	t.Helper()
	if err := schematest.Validate(s, out); err != nil {
		t.Errorf("schema: %v", err)
	}
}

func TestSchemaValid(t *testing.T) {
	s := schema(t)
	for name, tc := range map[string]struct {
		e *Encoder
		r *sbom.Report
	}{
		"rich, given rules":   {New(testRules), reporttest.Rich(t)},
		"rich, derived rules": {New(nil), reporttest.Rich(t)},
		"empty":               {New(nil), &sbom.Report{}},
	} {
		t.Run(name, func(t *testing.T) { validate(t, s, encode(t, tc.e, tc.r)) })
	}
}

func TestSchemaRejects(t *testing.T) {
	s := schema(t)
	out := strings.Replace(string(encode(t, New(nil), reporttest.Rich(t))), `"level": "warning"`, `"level": "critical"`, 1)
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if s.Validate(doc) == nil {
		t.Error("schema accepted an invalid level")
	}
}

func TestGolden(t *testing.T) {
	got := encode(t, New(testRules), reporttest.Rich(t))
	golden := filepath.Join("testdata", "report.sarif.golden")
	reporttest.Golden(t, golden, got, *update)
	if !bytes.Equal(got, encode(t, New(testRules), reporttest.Rich(t))) {
		t.Error("same report, different bytes")
	}
}

func TestResults(t *testing.T) {
	r := reporttest.Rich(t)
	log := New(testRules).Log(r)
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs", len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
	}
	rules := map[string]bool{}
	for i, rl := range run.Tool.Driver.Rules {
		rules[rl.ID] = true
		if rl.ShortDescription.Text == "" || rl.FullDescription.Text == "" || rl.Help == nil || rl.Help.Text == "" || rl.HelpURI == "" {
			t.Errorf("rule %d %s: missing description, help or helpUri", i, rl.ID)
		}
	}
	for _, want := range []string{"never-fires", "user-limit", "resolve-failed", "gated-model"} {
		if !rules[want] {
			t.Errorf("rule %s missing", want)
		}
	}
	byID := map[string]Result{}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("%s: ruleIndex %d names %s", res.RuleID, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
		byID[res.PartialFingerprints[FingerprintKey]] = res
	}
	for _, f := range r.Findings {
		res, ok := byID[f.ID]
		if !ok {
			t.Errorf("finding %s has no result with its fingerprint", f.ID)
			continue
		}
		if res.Level != f.Severity {
			t.Errorf("%s: level %s, severity %s", f.ID, res.Level, f.Severity)
		}
		switch {
		case f.New == nil && res.BaselineState != "":
			t.Errorf("%s: baselineState %q without a baseline", f.ID, res.BaselineState)
		case f.New != nil && *f.New && res.BaselineState != "new":
			t.Errorf("%s: baselineState %q, want new", f.ID, res.BaselineState)
		case f.New != nil && !*f.New && res.BaselineState != "unchanged":
			t.Errorf("%s: baselineState %q, want unchanged", f.ID, res.BaselineState)
		}
		if (f.Waived != nil) != (len(res.Suppressions) == 1) {
			t.Errorf("%s: waived %v, suppressions %v", f.ID, f.Waived != nil, res.Suppressions)
		}
		if len(res.Locations) != 1 {
			t.Errorf("%s: %d primary locations, want 1", f.ID, len(res.Locations))
		}
	}
	// The multi-location finding keeps its second place as a related location.
	if res := byID["f3a1c9e07b2d4e15"]; len(res.RelatedLocations) != 1 || res.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI != "app/serve.py" {
		t.Errorf("related locations %+v", res.RelatedLocations)
	}
	// The ancestor finding with no location of its own points at the line
	// that references the direct model it was reached through.
	if res := byID["c1d2e3f405162738"]; len(res.Locations) == 0 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI != "config/models.yaml" {
		t.Errorf("ancestor finding located at %+v", res.Locations)
	}
	// A path with a space, a pipe and non-ASCII letters is a valid URI.
	if res := byID["5e6f708192a3b4c5"]; res.Locations[0].PhysicalLocation.ArtifactLocation.URI != "weird%20dir/%C3%BCn%C3%AF%20code%7Cfile.py" {
		t.Errorf("escaped uri %q", res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
}

func TestLocation(t *testing.T) {
	for _, tc := range []struct {
		path, repoPath string
		want           string // "" = dropped
	}{
		{path: "models/config.yaml", want: "models/config.yaml"},
		{path: "app/x.py", repoPath: "services/api", want: "services/api/app/x.py"},
		{path: "app/x.py", repoPath: "../elsewhere", want: "app/x.py"},
		{path: "../up.py", repoPath: "services/api", want: ""},
		{path: "./a/b.py", want: "a/b.py"},
		{path: "a/../b.py", want: "b.py"},
		{path: "../outside.py"},
		{path: "/etc/passwd"},
		{path: `C:\src\x.py`},
		{path: ""},
		{path: "c:d/x", want: "./c:d/x"},
		{path: "a:translate.py", want: "./a:translate.py"},
		{path: "C:/src/x.py"},
		{path: "C:"},
		{path: "1:/x.py", want: "./1:/x.py"},
		{path: "ab:c/x", want: "./ab:c/x"},
	} {
		loc, ok := location(sbom.Location{Path: tc.path, Line: 3, Column: 2}, tc.repoPath)
		got := ""
		if ok {
			got = loc.PhysicalLocation.ArtifactLocation.URI
			if loc.PhysicalLocation.ArtifactLocation.URIBaseID != "SRCROOT" || loc.PhysicalLocation.Region.StartLine != 3 || loc.PhysicalLocation.Region.StartColumn != 2 {
				t.Errorf("%q: %+v", tc.path, loc)
			}
		}
		if got != tc.want {
			t.Errorf("location(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// TestResultCap keeps a log under GitHub's 25,000 results per run, keeping
// the most severe.
func TestResultCap(t *testing.T) {
	r := &sbom.Report{}
	for i := range MaxResults + 10 {
		sev := sbom.SeverityNote
		if i%1000 == 0 {
			sev = sbom.SeverityError
		}
		r.Findings = append(r.Findings, sbom.Finding{ID: fmt.Sprintf("f%06d", i), Rule: "r", Severity: sev, Message: "m",
			Locations: []sbom.Location{{Path: "a.py", Line: 1}}})
	}
	run := New(nil).Log(r).Runs[0]
	if len(run.Results) != MaxResults {
		t.Fatalf("%d results", len(run.Results))
	}
	if run.Properties["aibom/droppedResults"] != 10 {
		t.Errorf("dropped count %v", run.Properties)
	}
	for i := range 26 {
		if run.Results[i].Level != "error" {
			t.Fatalf("result %d is %s: the most severe must come first", i, run.Results[i].Level)
		}
	}
}

func TestRuleTagsCapped(t *testing.T) {
	var tags []string
	for i := range 40 {
		tags = append(tags, fmt.Sprintf("t%02d", i))
	}
	rl := rule(RuleMeta{ID: "x", Tags: tags})
	if n := len(rl.Properties["tags"].([]string)); n > MaxTags {
		t.Errorf("%d tags", n)
	}
	if rl.HelpURI != DefaultHelpBase+"x" || rl.DefaultConfiguration.Level != "warning" {
		t.Errorf("defaults: %+v", rl)
	}
}

func TestIsSemver(t *testing.T) {
	for v, want := range map[string]bool{"0.1.0": true, "1.2.3-rc.1": true, "v1.2.3": false, "dev": false, "1.2": false} {
		if isSemver(v) != want {
			t.Errorf("isSemver(%q) != %v", v, want)
		}
	}
}

// TestLineHash: every result carries primaryLocationLineHash; it stays
// when the reference moves to another line and changes when the file,
// model or rule does; results that share it are numbered apart.
func TestLineHash(t *testing.T) {
	hashes := func(r *sbom.Report) map[string]string { // finding id → hash
		out := map[string]string{}
		for _, res := range New(testRules).Log(r).Runs[0].Results {
			h := res.PartialFingerprints[LineHashKey]
			if h == "" {
				t.Errorf("%s: no %s", res.RuleID, LineHashKey)
			}
			out[res.PartialFingerprints[FingerprintKey]] = h
		}
		return out
	}
	base := hashes(reporttest.Rich(t))
	moved := reporttest.Rich(t)
	for i := range moved.Findings {
		for j := range moved.Findings[i].Locations {
			moved.Findings[i].Locations[j].Line += 7
			moved.Findings[i].Locations[j].Column += 2
		}
	}
	for id, h := range hashes(moved) {
		if base[id] != h {
			t.Errorf("finding %s: hash changed when its lines moved: %s → %s", id, base[id], h)
		}
	}
	renamed := reporttest.Rich(t)
	renamed.Findings[0].Locations[0].Path = "elsewhere/" + renamed.Findings[0].Locations[0].Path
	if h := hashes(renamed)[renamed.Findings[0].ID]; h == base[renamed.Findings[0].ID] {
		t.Error("hash unchanged when the primary location moved to another file")
	}
	seen := map[string]bool{}
	for _, h := range base {
		if seen[h] {
			t.Errorf("two results share %s", h)
		}
		seen[h] = true
	}
	twin := reporttest.Rich(t)
	dup := twin.Findings[0]
	dup.ID = "twin"
	dup.Locations = dup.Locations[:1]
	twin.Findings = append(twin.Findings, dup)
	got := hashes(twin)
	a, b := got[twin.Findings[0].ID], got["twin"]
	if a == b || strings.Split(a, ":")[0] != strings.Split(b, ":")[0] {
		t.Errorf("results with the same rule, model and primary location: %s and %s, want one hash numbered apart", a, b)
	}
}

// TestRegions: a location with a known span gives the full region; one
// without keeps the rest of its line (endLine = startLine, no endColumn).
func TestRegions(t *testing.T) {
	for _, tc := range []struct {
		loc  sbom.Location
		want Region
	}{
		{sbom.Location{Path: "a.py", Line: 3, Column: 20, EndLine: 3, EndColumn: 41}, Region{StartLine: 3, StartColumn: 20, EndLine: 3, EndColumn: 41}},
		{sbom.Location{Path: "a.py", Line: 3, Column: 20, EndLine: 5, EndColumn: 4}, Region{StartLine: 3, StartColumn: 20, EndLine: 5, EndColumn: 4}},
		{sbom.Location{Path: "c.yaml", Line: 9, Column: 7}, Region{StartLine: 9, StartColumn: 7, EndLine: 9}},
		{sbom.Location{Path: "bad.py", Line: 3, Column: 20, EndLine: 2, EndColumn: 1}, Region{StartLine: 3, StartColumn: 20, EndLine: 3}},
	} {
		loc, ok := location(tc.loc, "")
		if !ok || loc.PhysicalLocation.Region == nil || *loc.PhysicalLocation.Region != tc.want {
			t.Errorf("%+v: region %+v, want %+v", tc.loc, loc.PhysicalLocation.Region, tc.want)
		}
	}
}

// TestRuleNamesDistinct: every policy rule gets a PascalCase name that is
// not its id, and no two rules share a name (GitHub shows the name).
func TestRuleNamesDistinct(t *testing.T) {
	var metas []RuleMeta
	for _, r := range policies.Rules() {
		metas = append(metas, RuleMeta{ID: r.ID, Short: r.Short})
	}
	if len(metas) < 5 {
		t.Fatalf("only %d policy rules", len(metas))
	}
	seen := map[string]string{}
	for _, rl := range New(metas).Log(&sbom.Report{}).Runs[0].Tool.Driver.Rules {
		if rl.Name == rl.ID || rl.Name == "" || strings.ContainsAny(rl.Name, "-_ ") || rl.Name[0] < 'A' || rl.Name[0] > 'Z' {
			t.Errorf("rule %s: name %q is not a PascalCase name", rl.ID, rl.Name)
		}
		if other, dup := seen[rl.Name]; dup {
			t.Errorf("rules %s and %s share the name %s", other, rl.ID, rl.Name)
		}
		seen[rl.Name] = rl.ID
	}
}
