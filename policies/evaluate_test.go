package policies

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

var now = time.Date(2026, 11, 29, 15, 0, 0, 0, time.UTC)

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

func mustPreset(t *testing.T, name string) *Policy {
	t.Helper()
	p, err := Preset(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustParse(t *testing.T, src string) *Policy {
	t.Helper()
	p, err := Parse([]byte(src), "aibom-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type want struct {
	rule, severity, model string
	waived                bool
}

type evalCase struct {
	name    string
	report  *sbom.Report
	policy  func(t *testing.T) *Policy
	ctx     Context
	want    []want   // each must be present
	absent  []string // rules that must not fire
	maxSev  string   // most severe non-waived finding ("" = none)
	failOn  string
	failCnt int
}

const (
	ftRef     = "hf:acme/support-assistant-8b@" + pin
	baseRef   = "hf:meta-llama/Llama-3.1-8B-Instruct"
	visionRef = "hf:meta-llama/Llama-3.2-11B-Vision-Instruct@" + pin
)

func saas(mau int64) Context {
	return Context{Commercial: yes(), MonthlyActiveUsers: mau, Distribution: DistSaaS, Regions: []string{"US"}}
}

func evalCases() []evalCase {
	yesterday := now.AddDate(0, 0, -1).Format(time.DateOnly)
	tomorrow := now.AddDate(0, 0, 1).Format(time.DateOnly)
	preset := func(n string) func(t *testing.T) *Policy {
		return func(t *testing.T) *Policy { return mustPreset(t, n) }
	}
	return []evalCase{
		{
			name:   "llama 3.1 fine-tune at 800M MAU",
			report: report(llamaFT(), llamaBase()),
			policy: preset("commercial-saas"), ctx: saas(800_000_000),
			want:   []want{{RuleUserLimit, "error", ftRef, false}},
			maxSev: "error", failOn: "error", failCnt: 1,
		},
		{
			name:   "llama 3.1 fine-tune at 10M MAU: attribution and naming duties",
			report: report(llamaFT(), llamaBase()),
			policy: preset("commercial-saas"), ctx: saas(10_000_000),
			want: []want{
				{RuleAttribution, "note", ftRef, false},
				{RuleNamingRule, "note", ftRef, false},
				{RuleUsePolicy, "note", ftRef, false},
			},
			absent: []string{RuleUserLimit, RuleLicenseMismatch, RuleGated},
			maxSev: "note", failOn: "warning", failCnt: 0,
		},
		{
			name:   "llama 3.1 at 600M MAU is within the 20% margin",
			report: report(llamaFT(), llamaBase()),
			policy: preset("commercial-saas"), ctx: saas(600_000_000),
			want:   []want{{RuleUserLimit, "warning", ftRef, false}},
			maxSev: "warning", failOn: "error", failCnt: 0,
		},
		{
			name:   "llama 3.1 at 800M MAU with an approval from Meta",
			report: report(llamaFT(), llamaBase()),
			policy: preset("commercial-saas"),
			ctx: func() Context {
				c := saas(800_000_000)
				c.Approvals = []Approval{{License: "llama3.1", Reference: "META-2026-0042", Date: "2026-10-01"}}
				return c
			}(),
			want:   []want{{RuleUserLimit, "note", ftRef, false}},
			maxSev: "note", failOn: "note", failCnt: 5,
		},
		{
			name:   "CC-BY-NC model in a commercial SaaS",
			report: report(musicgen()),
			policy: preset("commercial-saas"), ctx: saas(50_000),
			want: []want{
				{RuleCommercialUse, "error", "hf:facebook/musicgen-small@" + pin, false},
				{RuleLicenseDenied, "error", "hf:facebook/musicgen-small@" + pin, false},
			},
			maxSev: "error", failOn: "error", failCnt: 2,
		},
		{
			name:   "CC-BY-NC model in research code",
			report: report(musicgen()),
			policy: preset("research"), ctx: Context{Commercial: no(), Distribution: DistInternal},
			absent: []string{RuleCommercialUse, RuleLicenseDenied},
			maxSev: "",
		},
		{
			name:   "Llama 3.2 vision model in the EU",
			report: report(llamaVision()),
			policy: preset("commercial-saas"),
			ctx:    Context{Commercial: yes(), MonthlyActiveUsers: 1_000_000, Distribution: DistSaaS, Regions: []string{"EU"}},
			want:   []want{{RuleTerritory, "error", visionRef, false}},
			maxSev: "error", failOn: "error", failCnt: 1,
		},
		{
			name:   "Llama 3.2 vision model in Germany",
			report: report(llamaVision()),
			policy: preset("commercial-saas"),
			ctx:    Context{Commercial: yes(), MonthlyActiveUsers: 1_000_000, Distribution: DistSaaS, Regions: []string{"US", "de"}},
			want:   []want{{RuleTerritory, "error", visionRef, false}},
			maxSev: "error", failOn: "error", failCnt: 1,
		},
		{
			name:   "Llama 3.2 text model in the EU is outside the multimodal clause",
			report: report(llamaText32()),
			policy: preset("commercial-saas"),
			ctx:    Context{Commercial: yes(), MonthlyActiveUsers: 1_000_000, Distribution: DistSaaS, Regions: []string{"EU"}},
			absent: []string{RuleTerritory},
			maxSev: "note",
		},
		{
			name:   "Llama 3.2 vision model outside the EU",
			report: report(llamaVision()),
			policy: preset("commercial-saas"),
			ctx:    Context{Commercial: yes(), MonthlyActiveUsers: 1_000_000, Distribution: DistSaaS, Regions: []string{"US", "JP"}},
			absent: []string{RuleTerritory},
			maxSev: "note",
		},
		{
			name:   "Gemma in a research repo",
			report: report(gemma2()),
			policy: preset("research"), ctx: Context{Commercial: no(), Distribution: DistInternal},
			want: []want{
				{RuleUsePolicy, "note", "hf:google/gemma-2-9b@" + pin, false},
				{RuleGated, "note", "hf:google/gemma-2-9b@" + pin, false},
			},
			absent: []string{RuleCommercialUse, RuleAttribution, RuleNotice},
			maxSev: "note", failOn: "warning", failCnt: 0,
		},
		{
			name:   "Apache-2.0 declared on a GGUF of Llama 3",
			report: report(llama3GGUF()),
			policy: preset("commercial-saas"), ctx: saas(1_000),
			want: []want{
				{RuleLicenseMismatch, "error", "hf:someone/Meta-Llama-3-8B-Instruct-GGUF@" + pin, false},
				{RuleAttribution, "note", "hf:someone/Meta-Llama-3-8B-Instruct-GGUF@" + pin, false},
			},
			maxSev: "error", failOn: "error", failCnt: 1,
		},
		{
			name:   "Llama 3 GGUF with permissive-only: the inherited license is not allowed",
			report: report(llama3GGUF()),
			policy: preset("permissive-only"), ctx: saas(1_000),
			want: []want{
				{RuleLicenseNotAllowed, "error", "hf:someone/Meta-Llama-3-8B-Instruct-GGUF@" + pin, false},
				{RuleLicenseMismatch, "error", "hf:someone/Meta-Llama-3-8B-Instruct-GGUF@" + pin, false},
			},
			maxSev: "error", failOn: "error", failCnt: 2,
		},
		{
			name:   "Llama 3 outputs used to build models",
			report: report(llama3GGUF()),
			policy: preset("commercial-saas"),
			ctx:    Context{Commercial: yes(), MonthlyActiveUsers: 1000, Distribution: DistRedistribute, BuildsModels: true},
			want: []want{
				{RuleOutputRestriction, "error", "hf:someone/Meta-Llama-3-8B-Instruct-GGUF@" + pin, false},
				{RuleNotice, "note", "hf:someone/Meta-Llama-3-8B-Instruct-GGUF@" + pin, false},
			},
			maxSev: "error",
		},
		{
			name:   "waiver that expired yesterday",
			report: report(llamaFT(), llamaBase()),
			policy: func(t *testing.T) *Policy {
				return mustParse(t, fmt.Sprintf(`extends: commercial-saas
waivers:
  - model: "hf:acme/*"
    rule: user-limit
    reason: negotiating a license with Meta (LEGAL-118)
    expires: %s
`, yesterday))
			},
			ctx:    saas(800_000_000),
			want:   []want{{RuleUserLimit, "error", ftRef, false}, {RuleWaiverExpired, "note", "", false}},
			absent: []string{RuleWaiverUnused},
			maxSev: "error", failOn: "error", failCnt: 1,
		},
		{
			name:   "waiver valid until tomorrow, and one that matches nothing",
			report: report(llamaFT(), llamaBase()),
			policy: func(t *testing.T) *Policy {
				return mustParse(t, fmt.Sprintf(`extends: commercial-saas
waivers:
  - model: acme/support-assistant-8b
    rule: user-limit
    reason: license from Meta signed, awaiting countersignature
    expires: %s
  - model: "hf:other/*"
    rule: "*"
    reason: legacy
    expires: %s
`, tomorrow, tomorrow))
			},
			ctx:    saas(800_000_000),
			want:   []want{{RuleUserLimit, "error", ftRef, true}, {RuleWaiverUnused, "note", "", false}},
			absent: []string{RuleWaiverExpired},
			maxSev: "note", failOn: "note", failCnt: 5,
		},
		{
			name: "unresolved, unknown, unpinned and API models under strict",
			report: func() *sbom.Report {
				nf := sbom.Model{Ref: "hf:acme/typo-model", Hub: sbom.HubHuggingFace, ID: "acme/typo-model", Direct: true,
					Status: sbom.StatusNotFound, Reason: "hub answered 404",
					Locations: []sbom.Location{{Path: "train.py", Line: 3, Via: "from_pretrained"}}}
				unk := sbom.Model{Ref: "hf:acme/mystery@" + pin, Hub: sbom.HubHuggingFace, ID: "acme/mystery", Revision: pin, Direct: true,
					Status: sbom.StatusResolved, Declared: &sbom.Declared{License: "other", Name: "custom"},
					Locations: []sbom.Location{{Path: "serve.py", Line: 8, Via: "from_pretrained"}}}
				gpt := sbom.Model{Ref: "openai:gpt-4o", Hub: "openai", ID: "gpt-4o", Direct: true, Status: sbom.StatusResolved,
					Locations: []sbom.Location{{Path: "chat.py", Line: 20, Via: "openai.chat.completions"}}}
				return report(nf, unk, gpt, model("hf:facebook/musicgen-small", true, ccByNC))
			}(),
			policy: preset("strict"), ctx: saas(100),
			want: []want{
				{RuleResolveFailed, "error", "hf:acme/typo-model", false},
				{RuleLicenseUnknown, "error", "hf:acme/mystery@" + pin, false},
				{RuleAPIModel, "error", "openai:gpt-4o", false},
				{RuleUnpinnedRevision, "error", "hf:acme/typo-model", false},
				{RuleUnpinnedRevision, "error", "hf:facebook/musicgen-small", false},
				{RuleCommercialUse, "error", "hf:facebook/musicgen-small", false},
			},
			absent: []string{RuleLicenseMismatch},
			maxSev: "error",
		},
	}
}

func TestEvaluate(t *testing.T) {
	for _, tc := range evalCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Evaluate(tc.report, tc.policy(t), tc.ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !hasFinding(got, w) {
					t.Errorf("missing %+v in\n%s", w, dump(got))
				}
			}
			for _, r := range tc.absent {
				for _, f := range got {
					if f.Rule == r {
						t.Errorf("unexpected %s finding: %s", r, f.Message)
					}
				}
			}
			max := ""
			for _, f := range got {
				if f.Waived == nil && severityRank(f.Severity) > severityRank(max) {
					max = f.Severity
				}
			}
			if max != tc.maxSev {
				t.Errorf("most severe finding = %q, want %q\n%s", max, tc.maxSev, dump(got))
			}
			if tc.failOn != "" {
				if n := FailCount(got, tc.failOn); n != tc.failCnt {
					t.Errorf("FailCount(%s) = %d, want %d\n%s", tc.failOn, n, tc.failCnt, dump(got))
				}
			}
			checkWellFormed(t, got)
		})
	}
}

func hasFinding(fs []sbom.Finding, w want) bool {
	for _, f := range fs {
		if f.Rule == w.rule && f.Severity == w.severity && (w.model == "" || f.Model == w.model) && (f.Waived != nil) == w.waived {
			return true
		}
	}
	return false
}

var idRe = regexp.MustCompile(`^[0-9a-f]{16}$`)

// checkWellFormed checks what every finding must carry.
func checkWellFormed(t *testing.T, fs []sbom.Finding) {
	t.Helper()
	ids := map[string]bool{}
	for i, f := range fs {
		if !idRe.MatchString(f.ID) {
			t.Errorf("finding %d: id %q is not 16 hex digits", i, f.ID)
		}
		if ids[f.ID] {
			t.Errorf("finding %d: duplicate id %s (%s)", i, f.ID, f.Message)
		}
		ids[f.ID] = true
		if _, ok := ruleInfo(f.Rule); !ok {
			t.Errorf("finding %d: unknown rule %q", i, f.Rule)
		}
		if severityRank(f.Severity) == 0 {
			t.Errorf("finding %d: bad severity %q", i, f.Severity)
		}
		if f.Message == "" || !strings.HasSuffix(f.Message, ".") || strings.Count(f.Message, ". ") > 0 {
			t.Errorf("finding %d: message is not one sentence: %q", i, f.Message)
		}
		if f.Remediation == "" {
			t.Errorf("finding %d (%s): no remediation", i, f.Rule)
		}
		if len(f.Locations) == 0 {
			t.Errorf("finding %d (%s %s): no location", i, f.Rule, f.Model)
		}
		if i > 0 && severityRank(fs[i-1].Severity) < severityRank(f.Severity) {
			t.Errorf("findings not sorted by severity at %d", i)
		}
	}
}

func dump(fs []sbom.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		w := ""
		if f.Waived != nil {
			w = " (waived)"
		}
		fmt.Fprintf(&b, "  %-7s %-22s %s%s: %s\n", f.Severity, f.Rule, f.Model, w, f.Message)
	}
	return b.String()
}

func TestEvidenceAndRemediation(t *testing.T) {
	fs, err := Evaluate(report(llamaFT(), llamaBase()), mustPreset(t, "commercial-saas"), saas(800_000_000), now)
	if err != nil {
		t.Fatal(err)
	}
	f := find(fs, RuleUserLimit)
	if f == nil {
		t.Fatal("no user-limit finding")
	}
	if f.Evidence == nil || !strings.Contains(f.Evidence.Quote, "700 million monthly active users") || f.Evidence.Document != "llama3.1" {
		t.Errorf("evidence = %+v, want the 700M clause of llama3.1", f.Evidence)
	}
	for _, s := range []string{"700,000,000 monthly active users", "800,000,000", baseRef} {
		if !strings.Contains(f.Message, s) {
			t.Errorf("message %q lacks %q", f.Message, s)
		}
	}
	if !strings.Contains(f.Remediation, "request a license") {
		t.Errorf("remediation %q", f.Remediation)
	}

	fs, err = Evaluate(report(llama3GGUF()), mustPreset(t, "commercial-saas"), saas(1000), now)
	if err != nil {
		t.Fatal(err)
	}
	f = find(fs, RuleLicenseMismatch)
	if f == nil {
		t.Fatal("no license-mismatch finding")
	}
	for _, s := range []string{`declares "apache-2.0"`, "quantization", "hf:meta-llama/Meta-Llama-3-8B-Instruct", "Meta Llama 3 Community License"} {
		if !strings.Contains(f.Message, s) {
			t.Errorf("mismatch message %q lacks %q", f.Message, s)
		}
	}
	if !strings.Contains(f.Remediation, `display "Built with Meta Llama 3"`) {
		t.Errorf("mismatch remediation %q", f.Remediation)
	}
}

func TestAncestorFindingsUseDirectLocations(t *testing.T) {
	// An ancestor whose license the direct model does not carry (the lineage
	// stage left Effective incomplete) still gets findings, located where
	// the direct model is referenced.
	ft := model("hf:acme/chat@"+pin, true, apache)
	ft.BaseModels = []sbom.BaseModel{{Ref: "hf:facebook/musicgen-small", Relation: "finetune"}}
	base := model("hf:facebook/musicgen-small", false, ccByNC)
	base.Via = []string{ft.Ref}
	r := &sbom.Report{Models: []sbom.Model{ft, base}}
	fs, err := Evaluate(r, mustPreset(t, "commercial-saas"), saas(10), now)
	if err != nil {
		t.Fatal(err)
	}
	f := find(fs, RuleCommercialUse)
	if f == nil || f.Model != "hf:facebook/musicgen-small" {
		t.Fatalf("want commercial-use on the ancestor:\n%s", dump(fs))
	}
	if len(f.Locations) != 1 || f.Locations[0].Path != "app/model.py" {
		t.Errorf("ancestor locations = %+v, want the direct model's", f.Locations)
	}
}

func TestNoDuplicateForCoveredAncestor(t *testing.T) {
	fs, err := Evaluate(report(llamaFT(), llamaBase()), mustPreset(t, "commercial-saas"), saas(800_000_000), now)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fs {
		if f.Rule == RuleUserLimit {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d user-limit findings, want 1 (the ancestor's is the fine-tune's):\n%s", n, dump(fs))
	}
}

func TestDeclaredVsDetected(t *testing.T) {
	m := model("hf:acme/llama-ft@"+pin, true, llama31)
	l3 := llama3.lic
	m.Declared = &sbom.Declared{License: "llama3", Normalized: &l3}
	m.Detected = []sbom.Detection{
		{File: "LICENSE", Key: "llama3.1", SPDXID: "LicenseRef-scancode-llama-3.1-license-2024", Confidence: 0.99},
		{File: "USE_POLICY.md", Key: "llama3.1-aup", SPDXID: "LicenseRef-aibom-llama3.1-aup", Confidence: 0.97},
	}
	fs, err := Evaluate(report(m), mustPreset(t, "commercial-saas"), saas(10), now)
	if err != nil {
		t.Fatal(err)
	}
	f := find(fs, RuleLicenseConflict)
	if f == nil || !strings.Contains(f.Message, `declares "llama3"`) || f.Evidence == nil || f.Evidence.Document != "LICENSE" || f.Evidence.Declared != "llama3" {
		t.Fatalf("want declared-vs-detected conflict citing LICENSE and the declaration:\n%s", dump(fs))
	}
	if find(fs, RuleLicenseMismatch) != nil {
		t.Errorf("card vs text is a conflict, not a lineage mismatch:\n%s", dump(fs))
	}

	l31 := llama31.lic
	m.Declared = &sbom.Declared{License: "llama3.1", Normalized: &l31}
	fs, _ = Evaluate(report(m), mustPreset(t, "commercial-saas"), saas(10), now)
	if f := find(fs, RuleLicenseConflict); f != nil {
		t.Errorf("license + use policy in agreement gave %s", f.Message)
	}
}

func TestFingerprintStable(t *testing.T) {
	run := func(line int, path string) string {
		m := llamaFT()
		m.Locations[0].Line, m.Locations[0].Path = line, path
		fs, err := Evaluate(report(m, llamaBase()), mustPreset(t, "commercial-saas"), saas(800_000_000), now)
		if err != nil {
			t.Fatal(err)
		}
		return find(fs, RuleUserLimit).ID
	}
	a, b, c := run(12, "app/model.py"), run(40, "app/model.py"), run(12, "app/other.py")
	if a != b {
		t.Errorf("moving the reference changed the id: %s -> %s", a, b)
	}
	if a == c {
		t.Errorf("a reference in another file kept the same id %s", a)
	}
}

func TestDeterministic(t *testing.T) {
	for _, tc := range evalCases() {
		p := tc.policy(t)
		a, _ := Evaluate(tc.report, p, tc.ctx, now)
		b, _ := Evaluate(tc.report, p, tc.ctx, now)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s: two evaluations differ", tc.name)
		}
	}
}

func TestEvaluateRejectsBadContext(t *testing.T) {
	_, err := Evaluate(report(llamaFT()), mustPreset(t, "strict"), Context{MonthlyActiveUsers: -5}, now)
	if err == nil || !strings.Contains(err.Error(), "monthly_active_users") {
		t.Errorf("err = %v, want a monthly_active_users error", err)
	}
}

func TestContextValidate(t *testing.T) {
	for _, tc := range []struct {
		ctx  Context
		want string
	}{
		{Context{}, ""},
		{Context{Commercial: yes(), MonthlyActiveUsers: 10, DailyActiveUsers: 5, Distribution: DistOnPrem, Regions: []string{"EU"}}, ""},
		{Context{DailyActiveUsers: -1}, "daily_active_users"},
		{Context{AnnualRevenueUSD: -1}, "annual_revenue_usd"},
		{Context{MonthlyActiveUsers: 10, DailyActiveUsers: 50}, "exceeds"},
		{Context{Distribution: "cloud"}, "distribution"},
		{Context{Regions: []string{" "}}, "regions[0]"},
		{Context{Approvals: []Approval{{Reference: "x"}}}, "approvals[0]: license"},
		{Context{Approvals: []Approval{{License: "qwen", Date: "01/02/2026"}}}, "approvals[0].date"},
	} {
		err := tc.ctx.Validate()
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Validate(%+v) = %v, want %q", tc.ctx, err, tc.want)
		}
	}
}

func TestFailCount(t *testing.T) {
	f := func(sev string, waived bool, isNew *bool) sbom.Finding {
		x := sbom.Finding{Severity: sev, New: isNew}
		if waived {
			x.Waived = &sbom.Waiver{Reason: "r", Expires: "2030-01-01"}
		}
		return x
	}
	fs := []sbom.Finding{f("error", false, nil), f("error", true, nil), f("error", false, no()), f("warning", false, yes()), f("note", false, nil)}
	for failOn, want := range map[string]int{"error": 1, "warning": 2, "note": 3, "none": 0, "": 0} {
		if got := FailCount(fs, failOn); got != want {
			t.Errorf("FailCount(%q) = %d, want %d", failOn, got, want)
		}
	}
}

func find(fs []sbom.Finding, rule string) *sbom.Finding {
	for i := range fs {
		if fs[i].Rule == rule {
			return &fs[i]
		}
	}
	return nil
}

// TestGolden records the findings of every case; read the diff when it changes.
func TestGolden(t *testing.T) {
	var b bytes.Buffer
	for _, tc := range evalCases() {
		fs, err := Evaluate(tc.report, tc.policy(t), tc.ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %s\n", tc.name)
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(fs); err != nil {
			t.Fatal(err)
		}
	}
	golden := filepath.Join("testdata", "findings.golden")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./policies -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("findings differ from %s (run go test ./policies -update and read the diff)", golden)
	}
}

// TestFixtureQuotesInCorpus keeps the test terms honest: every quote must be
// in the real license text (whitespace-normalised).
func TestFixtureQuotesInCorpus(t *testing.T) {
	dir := sharedtest.Path(t, "corpus/licenses")
	ws := regexp.MustCompile(`\s+`)
	norm := func(s string) string { return ws.ReplaceAllString(strings.TrimSpace(s), " ") }
	for _, fl := range fixtureLicenses {
		for k, c := range fl.terms.Evidence {
			doc := fl.file
			if c.Source != "" {
				doc = c.Source
			}
			text, err := os.ReadFile(filepath.Join(dir, doc+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(norm(string(text)), norm(c.Quote)) {
				t.Errorf("%s %s: quote not in %s.txt: %q", fl.lic.Key, k, doc, c.Quote)
			}
		}
	}
}

func BenchmarkEvaluate(b *testing.B) {
	var models []sbom.Model
	for i := range 500 {
		ref := fmt.Sprintf("hf:acme/model-%03d@%s", i, pin)
		m := model(ref, true, llama31, anc(baseRef, llama31))
		models = append(models, m)
	}
	base := llamaBase()
	models = append(models, base)
	r := report(models...)
	p, err := Preset("strict")
	if err != nil {
		b.Fatal(err)
	}
	ctx := saas(600_000_000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Evaluate(r, p, ctx, now); err != nil {
			b.Fatal(err)
		}
	}
}

func TestUnknownOwnLicense(t *testing.T) {
	for _, tc := range []struct {
		name    string
		license *sbom.License
		inherit bool
		want    bool // license-unknown fires
	}{
		{"no license, nothing inherited", nil, false, true},
		{"no license, inherits Llama 3.1", nil, true, false},
		{"umbrella other", &sbom.License{Key: "other", HFID: "other", Source: "declared"}, true, true},
		{"declared name aibom cannot place", &sbom.License{SPDXID: "LicenseRef-aibom-declared-katanemo-research", Name: "katanemo-research", Source: "declared"}, true, true},
		{"unrecognised text", &sbom.License{SPDXID: "LicenseRef-aibom-unknown-0a1b2c3d4e5f", Source: "detected"}, false, true},
		{"SPDX id only", &sbom.License{SPDXID: "MIT", Source: "declared"}, false, false},
		{"catalog key", &sbom.License{Key: "mit", Source: "declared"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sbom.Model{Ref: "hf:acme/x@" + pin, Hub: sbom.HubHuggingFace, ID: "acme/x", Revision: pin, Direct: true,
				Status:    sbom.StatusResolved,
				Locations: []sbom.Location{{Path: "a.py", Line: 1, Via: "from_pretrained"}}}
			var parts []sbom.LicensePart
			if tc.license != nil {
				parts = append(parts, sbom.LicensePart{License: *tc.license, From: []string{m.Ref}})
			}
			if tc.inherit {
				l := llama31.lic
				l.Source = sbom.SourceInherited
				parts = append(parts, sbom.LicensePart{License: l, From: []string{baseRef}, Terms: llama31.terms})
			}
			conclude(&m, parts)
			fs, err := Evaluate(report(m), mustPreset(t, "commercial-saas"), saas(10), now)
			if err != nil {
				t.Fatal(err)
			}
			if got := find(fs, RuleLicenseUnknown) != nil; got != tc.want {
				t.Errorf("license-unknown fired = %v, want %v\n%s", got, tc.want, dump(fs))
			}
			if f := find(fs, RuleLicenseMismatch); f != nil {
				t.Errorf("unidentified license gave a mismatch: %s", f.Message)
			}
		})
	}
}
