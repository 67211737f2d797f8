package policies

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the error, positions included
	}{
		{"yaml syntax", "rules:\n  gated: note\n bad: [\n", []string{"p.yaml:2: YAML"}},
		{"not a mapping", "- a\n- b\n", []string{"p.yaml:1:1: policy: want a mapping"}},
		{"unknown top key", "extends: strict\nrule:\n  gated: off\n", []string{`p.yaml:2:1: policy: unknown key "rule"`}},
		{"unknown preset", "extends: lenient\n", []string{`p.yaml:1:10: extends: unknown preset "lenient"`, "commercial-saas"}},
		{"unknown rule", "rules:\n  gated: note\n  licence-mismatch: error\n", []string{`p.yaml:3:3: rules: unknown key "licence-mismatch"`}},
		{"bad severity", "rules:\n  gated: fatal\n", []string{`p.yaml:2:10: rules.gated: severity "fatal"`}},
		{"severity as list", "rules:\n  gated: [error]\n", []string{"p.yaml:2:10: rules.gated: want a value, got a list"}},
		{"rules as list", "rules:\n  - gated\n", []string{"p.yaml:2:3: rules: want a mapping, got a list"}},
		{"duplicate key", "rules:\n  gated: note\n  gated: error\n", []string{`p.yaml:3:3: rules: duplicate key "gated"`}},
		{"unknown license", "licenses:\n  deny:\n    - cc-by-nc-4.0\n    - apache-3.0\n", []string{`p.yaml:4:7: licenses.deny: unknown license "apache-3.0"`}},
		{"allow not a list", "licenses:\n  allow: permissive\n", []string{"p.yaml:2:10: licenses.allow: want a list"}},
		{"unknown list", "licenses:\n  permit: [mit]\n", []string{`p.yaml:2:3: licenses: unknown key "permit"`}},
		{"negative margin", "margin: -5%\n", []string{"p.yaml:1:9: margin", "at least 0%"}},
		{"margin too large", "margin: 150\n", []string{"p.yaml:1:9: margin"}},
		{"margin not a number", "margin: lots\n", []string{`p.yaml:1:9: margin: "lots" is not a percentage`}},
		{"bad provider action", "providers:\n  openai: block\n", []string{`p.yaml:2:11: providers.openai: "block" is not one of allow, warn, deny`}},
		{"waiver without reason", "waivers:\n  - model: hf:acme/*\n    rule: gated\n    expires: 2027-01-01\n", []string{"p.yaml:2:5: waivers[0]: reason is required"}},
		{"waiver without expiry", "waivers:\n  - model: hf:acme/*\n    rule: gated\n    reason: ok\n", []string{"p.yaml:2:5: waivers[0]: expires is required"}},
		{"waiver bad date", "waivers:\n  - model: x\n    rule: gated\n    reason: ok\n    expires: 31/12/2026\n", []string{`p.yaml:5:14: waivers[0].expires: "31/12/2026" is not a date`}},
		{"waiver unknown rule", "waivers:\n  - model: x\n    rule: everything\n    reason: ok\n    expires: 2027-01-01\n", []string{`p.yaml:3:11: waivers[0].rule: unknown rule "everything"`}},
		{"waiver of a waiver rule", "waivers:\n  - model: x\n    rule: waiver-unused\n    reason: ok\n    expires: 2027-01-01\n", []string{`cannot be waived`}},
		{"waiver unknown key", "waivers:\n  - model: x\n    rule: gated\n    reason: ok\n    expires: 2027-01-01\n    until: 2028-01-01\n", []string{`p.yaml:6:5: waivers[0]: unknown key "until"`}},
		{"waivers not a list", "waivers:\n  model: x\n", []string{"p.yaml:2:3: waivers: want a list"}},
		{"several errors at once", "rules:\n  gated: loud\nmargin: -1\n", []string{"p.yaml:2:10", "p.yaml:3:9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.src), "p.yaml")
			if err == nil {
				t.Fatalf("no error for\n%s", tc.src)
			}
			if p != nil {
				t.Errorf("a policy was returned with an error")
			}
			if !errors.Is(err, ErrInvalidPolicy) {
				t.Errorf("error does not wrap ErrInvalidPolicy: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	p := mustParse(t, `# a team's policy
extends: strict
description: Our product policy
rules:
  gated: off
  unpinned-revision: warning
licenses:
  allow: [permissive, open-weights, "llama3*", cc-by-nc-4.0]
margin: 10%
providers:
  OpenAI: allow
waivers:
  - model: "hf:acme/*"
    rule: "*"
    reason: internal models, reviewed by legal
    expires: 2027-06-30
`)
	if p.Extends != "strict" || p.Description != "Our product policy" {
		t.Errorf("extends/description = %q/%q", p.Extends, p.Description)
	}
	if p.SeverityOf(RuleGated) != SeverityOff || p.SeverityOf(RuleUnpinnedRevision) != "warning" || p.SeverityOf(RuleAPIModel) != "error" {
		t.Errorf("severities not merged over strict: %v", p.Severity)
	}
	for _, r := range Rules() {
		if _, ok := p.Severity[r.ID]; !ok {
			t.Errorf("rule %s has no severity", r.ID)
		}
	}
	if !slices.Equal(p.Allow, []string{"permissive", "open-weights", "llama3*", "cc-by-nc-4.0"}) {
		t.Errorf("allow = %v", p.Allow)
	}
	if !slices.Equal(p.Deny, []string{"non-commercial", "proprietary", "unknown"}) {
		t.Errorf("deny not inherited from strict: %v", p.Deny)
	}
	if p.Margin != 0.1 {
		t.Errorf("margin = %v", p.Margin)
	}
	if p.Providers["openai"] != ProviderAllow || p.Providers["*"] != ProviderDeny {
		t.Errorf("providers = %v", p.Providers)
	}
	if len(p.Waivers) != 1 || p.Waivers[0].Line != 13 || p.Waivers[0].File != "aibom-policy.yaml" || p.Waivers[0].Expires != "2027-06-30" {
		t.Errorf("waivers = %+v", p.Waivers)
	}
}

func TestMarginForms(t *testing.T) {
	for src, want := range map[string]float64{"margin: 20%": 0.2, "margin: 20": 0.2, "margin: 0.2": 0.2, "margin: 0": 0, "margin: 35.5%": 0.355} {
		p := mustParse(t, src)
		if d := p.Margin - want; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s: margin = %v, want %v", src, p.Margin, want)
		}
	}
}

func TestEmptyPolicyIsDefaults(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "---\n"} {
		p := mustParse(t, src)
		for _, r := range Rules() {
			if p.SeverityOf(r.ID) != r.DefaultSeverity {
				t.Errorf("%q: %s = %s, want default %s", src, r.ID, p.SeverityOf(r.ID), r.DefaultSeverity)
			}
		}
	}
}

func TestPresets(t *testing.T) {
	want := []string{"commercial-saas", "permissive-only", "research", "strict"}
	if got := Presets(); !slices.Equal(got, want) {
		t.Fatalf("Presets() = %v, want %v", got, want)
	}
	for _, name := range want {
		p, err := Preset(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.Name != name || p.Description == "" {
			t.Errorf("%s: name %q, description %q", name, p.Name, p.Description)
		}
		for _, r := range Rules() {
			if severityRank(p.SeverityOf(r.ID)) == 0 && p.SeverityOf(r.ID) != SeverityOff {
				t.Errorf("%s: rule %s has severity %q", name, r.ID, p.SeverityOf(r.ID))
			}
		}
		if len(p.Waivers) != 0 {
			t.Errorf("%s: a preset carries waivers", name)
		}
	}
	if _, err := Preset("lenient"); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("unknown preset: err = %v", err)
	}
	strict, _ := Preset("strict")
	if strict.Margin != 0.3 || strict.SeverityOf(RuleUnpinnedRevision) != "error" || strict.SeverityOf(RuleAttribution) != "note" {
		t.Errorf("strict = margin %v, unpinned %s, attribution %s", strict.Margin, strict.SeverityOf(RuleUnpinnedRevision), strict.SeverityOf(RuleAttribution))
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "policy.yaml")
	if err := os.WriteFile(good, []byte("extends: research\nrules:\n  gated: warning\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != good || p.SeverityOf(RuleGated) != "warning" {
		t.Errorf("loaded %q gated=%s", p.Name, p.SeverityOf(RuleGated))
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("extends: research\nrules:\n  gated: sometimes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), bad+":3:10:") {
		t.Errorf("err = %v, want %s:3:10", err, bad)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: err = %v", err)
	}
	huge := filepath.Join(dir, "huge.yaml")
	if err := os.WriteFile(huge, []byte("# "+strings.Repeat("x", maxPolicyBytes)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(huge); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge file: err = %v", err)
	}
}

func TestMatchGlob(t *testing.T) {
	for _, tc := range []struct {
		p, s string
		want bool
	}{
		{"llama*", "llama3.1", true},
		{"LLAMA*", "llama3.1", true},
		{"cc-by-nc-*", "cc-by-nc-4.0", true},
		{"cc-by-nc-*", "cc-by-4.0", false},
		{"hf:meta-llama/*", "hf:meta-llama/Llama-3.1-8B", true},
		{"hf:meta-llama/*", "hf:acme/llama", false},
		{"llama?", "llama3", true},
		{"llama?", "llama3.1", false},
		{"*", "", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{strings.Repeat("*a", 30) + "b", strings.Repeat("a", 200), false},
	} {
		if got := matchGlob(tc.p, tc.s); got != tc.want {
			t.Errorf("matchGlob(%q, %q) = %v", tc.p, tc.s, got)
		}
	}
}

func TestMatchModel(t *testing.T) {
	for _, tc := range []struct {
		p, ref string
		want   bool
	}{
		{"hf:acme/*", "hf:acme/x@abc", true},
		{"acme/x", "hf:acme/x@abc", true},
		{"acme/x", "modelscope:acme/x", true},
		{"hf:acme/x", "modelscope:acme/x", false},
		{"openai:*", "openai:gpt-4o", true},
		{"acme/y", "hf:acme/x", false},
	} {
		if got := matchModel(tc.p, tc.ref); got != tc.want {
			t.Errorf("matchModel(%q, %q) = %v", tc.p, tc.ref, got)
		}
	}
}

func TestRulesDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if r.Short == "" || r.Full == "" || r.HelpAnchor != "#"+r.ID || severityRank(r.DefaultSeverity) == 0 {
			t.Errorf("rule %s is incomplete: %+v", r.ID, r)
		}
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "policies.md"))
	if err != nil {
		t.Fatalf("docs/policies.md: %v", err)
	}
	for _, r := range Rules() {
		if !strings.Contains(string(doc), `<a id="`+r.ID+`"></a>`) {
			t.Errorf("docs/policies.md has no anchor for rule %s", r.ID)
		}
	}
	for _, p := range Presets() {
		if !strings.Contains(string(doc), `<a id="preset-`+p+`"></a>`) {
			t.Errorf("docs/policies.md does not document preset %s", p)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range Presets() {
		data, err := presetFS.ReadFile("presets/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "extends: strict\n", "rules: {gated: off}\n", "margin: 20%\n",
		"licenses: {allow: [permissive, \"llama*\"], deny: [cc-by-nc-4.0]}\n",
		"waivers:\n  - {model: \"hf:a/*\", rule: gated, reason: r, expires: 2027-01-01}\n",
		"a: &x [*x]\n", "rules: !!binary aGk=\n", "{",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if p != nil {
				t.Fatal("policy returned with an error")
			}
			if !errors.Is(err, ErrInvalidPolicy) {
				t.Fatalf("error does not wrap ErrInvalidPolicy: %v", err)
			}
			return
		}
		for _, r := range Rules() {
			s := p.SeverityOf(r.ID)
			if severityRank(s) == 0 && s != SeverityOff {
				t.Fatalf("rule %s severity %q", r.ID, s)
			}
		}
		if p.Margin < 0 || p.Margin >= 1 {
			t.Fatalf("margin %v", p.Margin)
		}
		for _, w := range p.Waivers {
			if w.Reason == "" || w.Expires == "" || w.Model == "" || w.Rule == "" {
				t.Fatalf("incomplete waiver %+v", w)
			}
		}
	})
}

// TestPresetTableInDocs keeps the severity table of docs/policies.md true.
func TestPresetTableInDocs(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "policies.md"))
	if err != nil {
		t.Fatal(err)
	}
	cols := []*Policy{defaults()}
	for _, n := range []string{"permissive-only", "commercial-saas", "research", "strict"} {
		cols = append(cols, mustPreset(t, n))
	}
	covered := map[string]bool{}
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), "|")
		if len(cells) != 6 {
			continue
		}
		for _, id := range strings.Split(cells[0], ",") {
			id = strings.TrimSpace(id)
			if _, ok := ruleInfo(id); !ok {
				continue
			}
			covered[id] = true
			for i, p := range cols {
				if got, want := p.SeverityOf(id), strings.TrimSpace(cells[i+1]); got != want {
					t.Errorf("docs table: %s in column %d says %s, policy has %s", id, i+1, want, got)
				}
			}
		}
	}
	for _, r := range Rules() {
		if !covered[r.ID] && r.Waivable {
			t.Errorf("docs table has no row for %s", r.ID)
		}
	}
}

func TestParseErrorsAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("rules:\n")
	for _, r := range Rules() {
		b.WriteString("  " + r.ID + ": loud\n")
	}
	_, err := Parse([]byte(b.String()), "p.yaml")
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 || !strings.Contains(lines[maxErrors], "more problems") {
		t.Errorf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}
