package policies

import (
	"strings"
	"testing"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// apiModel is an API model as the identify stage builds it: the provider's
// service terms as its license, and the provider record.
func apiModel(t *testing.T, hubName, id string) sbom.Model {
	t.Helper()
	key := licenses.ProviderForHub(hubName)
	l, ok := licenses.Builtin().Provider(key)
	if !ok {
		t.Fatalf("no provider terms for %s", hubName)
	}
	p, _ := licenses.ProviderByKey(key)
	terms := l.Terms
	m := sbom.Model{
		Ref: hubName + ":" + id, Hub: hubName, ID: id, Direct: true, Status: sbom.StatusResolved,
		Locations: []sbom.Location{{Path: "app.py", Line: 3, Via: hubName}},
		Provider:  &p,
	}
	conclude(&m, []sbom.LicensePart{{License: sbom.License{Key: l.Key, SPDXID: l.SPDXID, Name: l.Name, Source: "declared", URL: l.URL, Category: l.Category},
		From: []string{m.Ref}, Terms: &terms}})
	return m
}

func findingsFor(fs []sbom.Finding, model, rule string) []sbom.Finding {
	var out []sbom.Finding
	for _, f := range fs {
		if f.Model == model && f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestProviderTermsUnverified(t *testing.T) {
	r := report(
		apiModel(t, "baidu", "ernie-4.0-8k"),
		apiModel(t, "google", "gemini-2.0-flash"),
		apiModel(t, "openai", "gpt-4o"),
		sbom.Model{Ref: "other:mystery-1", Hub: "other", ID: "mystery-1", Direct: true, Status: sbom.StatusResolved,
			Locations: []sbom.Location{{Path: "app.py", Line: 9, Via: "other"}}},
	)
	for _, tc := range []struct {
		policy string
		sev    map[string]string // model -> severity of provider-terms-unverified ("" = none)
	}{
		{"commercial-saas", map[string]string{"baidu:ernie-4.0-8k": "warning", "google:gemini-2.0-flash": "note", "openai:gpt-4o": "", "other:mystery-1": "warning"}},
		{"strict", map[string]string{"baidu:ernie-4.0-8k": "error", "google:gemini-2.0-flash": "note", "openai:gpt-4o": "", "other:mystery-1": "error"}},
		{"research", map[string]string{"baidu:ernie-4.0-8k": "note", "google:gemini-2.0-flash": "note", "openai:gpt-4o": "", "other:mystery-1": "note"}},
	} {
		fs, err := Evaluate(r, mustPreset(t, tc.policy), Context{Regions: []string{"US"}}, now)
		if err != nil {
			t.Fatal(err)
		}
		checkWellFormed(t, fs)
		for model, sev := range tc.sev {
			got := findingsFor(fs, model, RuleProviderUnverified)
			switch {
			case sev == "" && len(got) > 0:
				t.Errorf("%s: %s: unexpected finding %q", tc.policy, model, got[0].Message)
			case sev != "" && (len(got) != 1 || got[0].Severity != sev):
				t.Errorf("%s: %s: want one %s finding, got %+v", tc.policy, model, sev, got)
			}
		}
	}
	fs, _ := Evaluate(r, mustPreset(t, "commercial-saas"), Context{}, now)
	baidu := findingsFor(fs, "baidu:ernie-4.0-8k", RuleProviderUnverified)[0]
	if baidu.Evidence == nil || baidu.Evidence.Document != "https://cloud.baidu.com/doc/WENXINWORKSHOP/s/Xm4tslsbi" ||
		!strings.Contains(baidu.Remediation, "https://cloud.baidu.com/doc/WENXINWORKSHOP/s/Xm4tslsbi") || !strings.Contains(baidu.Message, "unverified") {
		t.Errorf("baidu finding does not say what to read: %+v", baidu)
	}
	google := findingsFor(fs, "google:gemini-2.0-flash", RuleProviderUnverified)[0]
	if !strings.Contains(google.Message, "governing law not read") {
		t.Errorf("partial finding does not name what was not read: %q", google.Message)
	}
	// A report from before provider records (no Provider field) is judged
	// from the catalog, not as an unknown provider.
	old := apiModel(t, "dashscope", "qwen-max")
	old.Provider = nil
	fs, _ = Evaluate(report(old), mustPreset(t, "commercial-saas"), Context{}, now)
	if got := findingsFor(fs, "dashscope:qwen-max", RuleProviderUnverified); len(got) != 1 || !strings.Contains(got[0].Message, "Alibaba Cloud") {
		t.Errorf("old report: %+v", got)
	}
}

// TestProviderOutputRestriction: a product that trains models on outputs
// meets each provider's output terms through the output-restriction rule.
func TestProviderOutputRestriction(t *testing.T) {
	r := report(apiModel(t, "openai", "gpt-4o"), apiModel(t, "anthropic", "claude-sonnet-4"),
		apiModel(t, "deepseek", "deepseek-chat"), apiModel(t, "baidu", "ernie-4.0-8k"))
	for _, builds := range []bool{true, false} {
		fs, err := Evaluate(r, mustPreset(t, "commercial-saas"), Context{BuildsModels: builds}, now)
		if err != nil {
			t.Fatal(err)
		}
		for model, want := range map[string]string{
			"openai:gpt-4o":             "error", // no competing models from output
			"anthropic:claude-sonnet-4": "error",
			"deepseek:deepseek-chat":    "", // outputs may train other models
			"baidu:ernie-4.0-8k":        "", // unknown: provider-terms-unverified speaks instead
		} {
			got := findingsFor(fs, model, RuleOutputRestriction)
			if !builds {
				if len(got) > 0 {
					t.Errorf("builds_models false: %s: %s", model, got[0].Message)
				}
				continue
			}
			if (want == "") != (len(got) == 0) || want != "" && got[0].Severity != want {
				t.Errorf("builds_models: %s: want %q, got %+v", model, want, got)
			}
		}
	}
}

func TestProviderRegulation(t *testing.T) {
	r := report(apiModel(t, "mistral", "mistral-large-latest"), apiModel(t, "openai", "gpt-4o"))
	for regions, want := range map[string]int{"": 0, "US": 0, "FR": 1, "EU": 1, "US,DE": 1} {
		var ctx Context
		if regions != "" {
			ctx.Regions = strings.Split(regions, ",")
		}
		fs, err := Evaluate(r, mustPreset(t, "commercial-saas"), ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		got := findingsFor(fs, "mistral:mistral-large-latest", RuleProviderRegulation)
		if len(got) != want {
			t.Errorf("regions %q: %d provider-regulation findings, want %d", regions, len(got), want)
			continue
		}
		if want == 1 && (got[0].Severity != sbom.SeverityNote || !strings.Contains(got[0].Message, "AI Act") ||
			got[0].Evidence == nil || !strings.HasPrefix(got[0].Evidence.Document, "https://mistral.ai/")) {
			t.Errorf("regions %q: %+v", regions, got[0])
		}
		if n := len(findingsFor(fs, "openai:gpt-4o", RuleProviderRegulation)); n != 0 {
			t.Errorf("openai records no regulation, got %d findings", n)
		}
	}
}
