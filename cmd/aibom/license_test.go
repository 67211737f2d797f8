package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
)

func TestLicenseCommand(t *testing.T) {
	corpus := sharedtest.Path(t, "corpus/licenses")
	own := filepath.Join(t.TempDir(), "LICENSE")
	// A license text of our own, unknown to the catalog: research use only.
	writeFile(t, own, "Acme Model License\n\nYou may use the Model for non-commercial research purposes only. "+
		"Any commercial use of the Model or its outputs requires a separate written agreement with Acme.\n")
	code, stdout, stderr := runCLI(t, nil, "license", "-f", "json", filepath.Join(corpus, "llama3.1.txt"), filepath.Join(corpus, "qwen-tongyi-qianwen.txt"), own)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []struct {
		File   string `json:"file"`
		Key    string `json:"key"`
		SPDXID string `json:"spdx_id"`
		Terms  struct {
			CommercialUse string `json:"commercial_use"`
			Evidence      map[string]struct {
				Quote     string `json:"quote"`
				Certainty string `json:"certainty"`
			} `json:"evidence"`
			UserLimit *struct {
				Count int64  `json:"count"`
				Unit  string `json:"unit"`
			} `json:"user_limit"`
		} `json:"terms"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, stdout)
	}
	if len(got) != 3 {
		t.Fatalf("%d results, want 3", len(got))
	}
	if got[0].Key != "llama3.1" || got[0].Terms.UserLimit == nil || got[0].Terms.UserLimit.Count != 700_000_000 {
		t.Errorf("llama3.1: %+v", got[0])
	}
	if got[1].Key != "qwen-tongyi-qianwen" || got[1].Terms.UserLimit == nil || got[1].Terms.UserLimit.Count != 100_000_000 {
		t.Errorf("tongyi qianwen: %+v", got[1])
	}
	if got[2].Key != "" || got[2].Terms.CommercialUse == "allowed" || got[2].SPDXID == "" {
		t.Errorf("unknown research-only text: %+v (must never read as commercial-friendly)", got[2])
	}
	if ev := got[2].Terms.Evidence["commercial_use"]; ev.Certainty != "stated" || !strings.Contains(ev.Quote, "separate written agreement") {
		t.Errorf("unknown text: commercial_use evidence %+v, want the stated clause", ev)
	}

	// The table gives each term its value, certainty and clause.
	code, stdout, stderr = runCLI(t, nil, "license", "-f", "table", own)
	if code != 0 {
		t.Fatalf("table: exit %d: %s", code, stderr)
	}
	var row string
	for _, l := range strings.Split(stdout, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == "commercial_use" {
			row = l
		}
	}
	if f := strings.Fields(row); len(f) < 4 || f[1] != "conditional" || f[2] != "stated" || !strings.Contains(row, "separate written agreement") {
		t.Errorf("commercial_use row %q: want conditional, stated, and the clause naming the separate agreement\n%s", row, stdout)
	}
	if !strings.Contains(stdout, "research_only          yes") {
		t.Errorf("research_only row missing:\n%s", stdout)
	}

	code, _, stderr = runCLI(t, nil, "license", filepath.Join(t.TempDir(), "missing"))
	if code != 2 || stderr == "" {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}
