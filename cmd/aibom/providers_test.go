package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/markdown"
)

const providersProject = "../../testdata/projects/providers"

// TestProviderScan is issue 20's end-to-end check: a project calling each
// provider's SDK in its documented shape shows, for every provider, facts
// with sources or "unverified" with the terms link and the finding, in the
// JSON, table and Markdown outputs, and never a bare "unknown".
func TestProviderScan(t *testing.T) {
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764417600"}
	_, out, stderr := runCLI(t, env, "scan", "--offline", "-f", "json", providersProject)
	var rep sbom.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, stderr)
	}
	_, table, _ := runCLI(t, env, "scan", "--offline", "-f", "table", providersProject)
	_, md, _ := runCLI(t, env, "scan", "--offline", "-f", "markdown", providersProject)

	byHub := map[string]sbom.Model{}
	for _, m := range rep.Models {
		byHub[m.Hub] = m
	}
	unverifiedFinding := map[string]sbom.Finding{}
	for _, f := range rep.Findings {
		if f.Rule == "provider-terms-unverified" {
			unverifiedFinding[f.Model] = f
		}
	}
	files, err := filepath.Glob(filepath.Join(providersProject, "*.py"))
	if err != nil || len(files) != 13 {
		t.Fatalf("%d provider files (%v)", len(files), err)
	}
	for _, hub := range []string{"openai", "anthropic", "google", "baidu", "dashscope", "zhipu", "bytedance",
		"tencent", "huawei", "moonshot", "mistral", "deepseek", "minimax"} {
		m, ok := byHub[hub]
		if !ok {
			t.Errorf("%s: no model found; models %v", hub, hubs(rep.Models))
			continue
		}
		p := m.Provider
		if p == nil {
			t.Errorf("%s: model %s has no provider record", hub, m.Ref)
			continue
		}
		row := tableRow(table, m.Ref)
		if row == "" {
			t.Errorf("%s: no table row for %s", hub, m.Ref)
		}
		if strings.Contains(row, " unknown ") {
			t.Errorf("%s: table row says a bare unknown: %q", hub, row)
		}
		switch p.Status {
		case licenses.ProviderUnverified:
			f, ok := unverifiedFinding[m.Ref]
			if !ok || f.Evidence == nil || f.Evidence.Document != p.TermsURL {
				t.Errorf("%s: unverified without a finding linking %s: %+v", hub, p.TermsURL, f)
			}
			if !strings.Contains(row, "unverified") {
				t.Errorf("%s: table row does not say unverified: %q", hub, row)
			}
			for name, doc := range map[string]string{"table": table, "markdown": md} {
				if !strings.Contains(doc, p.TermsURL) {
					t.Errorf("%s: %s output lacks the terms link %s", hub, name, p.TermsURL)
				}
			}
		default:
			if len(p.Facts) == 0 {
				t.Errorf("%s: status %s without facts", hub, p.Status)
			}
			for _, f := range p.Facts {
				if f.URL == "" || f.Retrieved == "" {
					t.Errorf("%s: fact without source: %+v", hub, f)
				}
			}
			// Every fact and its source's address appear in the table and
			// in the Markdown (escaped there, so compare a plain prefix).
			for _, f := range p.Facts {
				if !strings.Contains(table, f.Statement) {
					t.Errorf("%s: table lacks the fact %q", hub, f.Statement)
				}
				if !strings.Contains(table, f.URL) || !strings.Contains(md, "]("+f.URL+")") {
					t.Errorf("%s: a source link %s is missing from the table or the Markdown", hub, f.URL)
				}
				if words := strings.Fields(f.Statement); !strings.Contains(md, markdown.Escape(strings.Join(words[:4], " "), 0)) {
					t.Errorf("%s: Markdown lacks the fact %q", hub, f.Statement)
				}
			}
		}
		if !strings.Contains(md, "**"+markdown.Escape(p.Name, 0)+"**") {
			t.Errorf("%s: Markdown does not name %s", hub, p.Name)
		}
	}
	// The saved report is judged the same way again: provider records
	// travel in the JSON.
	saved := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(saved, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	_, again, stderr := runCLI(t, env, "check", "-f", "json", saved)
	var rep2 sbom.Report
	if err := json.Unmarshal([]byte(again), &rep2); err != nil {
		t.Fatalf("check output: %v\n%s", err, stderr)
	}
	n := 0
	for _, f := range rep2.Findings {
		if f.Rule == "provider-terms-unverified" {
			n++
		}
	}
	if n != len(unverifiedFinding) {
		t.Errorf("check found %d provider-terms-unverified findings, the scan %d", n, len(unverifiedFinding))
	}
}

// TestEstablishedLicenseScan: an offline scan of models whose cards
// declare no license reports the license the catalog established, as
// source catalog, with the card's declaration still empty.
func TestEstablishedLicenseScan(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.py"), `from transformers import AutoModel
m = AutoModel.from_pretrained("THUDM/chatglm-6b", trust_remote_code=True)
e = AutoModel.from_pretrained("sentence-transformers/multi-qa-MiniLM-L6-cos-v1")
`)
	_, out, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", dir)
	var rep sbom.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	rules := map[string][]string{}
	for _, f := range rep.Findings {
		rules[f.Model] = append(rules[f.Model], f.Rule)
	}
	for _, m := range rep.Models {
		switch m.Ref {
		case "hf:THUDM/chatglm-6b":
			if !hasPart(m, "chatglm-6b", sbom.SourceCatalog) || m.Declared != nil {
				t.Errorf("chatglm-6b: license %+v declared %+v", m.License, m.Declared)
			}
			if m.Terms == nil || m.Terms.CommercialUse != licenses.Conditional || !m.Terms.RegistrationRequired {
				t.Errorf("chatglm-6b terms %+v", m.Terms)
			}
			if strings.Contains(strings.Join(rules[m.Ref], " "), "license-unknown") {
				t.Errorf("chatglm-6b still license-unknown: %v", rules[m.Ref])
			}
		case "hf:sentence-transformers/multi-qa-MiniLM-L6-cos-v1":
			// Nothing established: it stays unknown and says so.
			if m.License != nil || !strings.Contains(strings.Join(rules[m.Ref], " "), "license-unknown") {
				t.Errorf("multi-qa: license %+v, findings %v", m.License, rules[m.Ref])
			}
		}
	}
}

func hubs(ms []sbom.Model) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Ref)
	}
	return out
}

// tableRow returns the model table's line for ref.
func tableRow(table, ref string) string {
	for _, l := range strings.Split(table, "\n") {
		if strings.HasPrefix(l, ref+" ") {
			return l + " "
		}
	}
	return ""
}
