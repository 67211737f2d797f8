package reporttest

import (
	"fmt"

	"github.com/aibom/aibom/sbom"
)

// Noisy returns a judged report of the shape a large repository gives: one
// warning rule on many models, errors on one model and on the project,
// models referenced only in tests or only in documentation, a baseline and
// a waived finding, and models that could not be judged offline. The
// human-readable encoders test their signal-first order on it.
func Noisy() *sbom.Report {
	no := false
	r := &sbom.Report{SchemaVersion: sbom.SchemaVersion, Tool: sbom.Tool{Name: "aibom", Version: "test"}, Subject: sbom.Subject{Path: "big", Name: "big"}}
	nc := &sbom.Concluded{Expression: "CC-BY-NC-4.0", Parts: []sbom.LicensePart{{
		License: sbom.License{Key: "cc-by-nc-4.0", SPDXID: "CC-BY-NC-4.0", Name: "Creative Commons Attribution Non Commercial 4.0", Source: sbom.SourceDeclared},
		From:    []string{"hf:acme/nc"}}}}
	r.Models = append(r.Models,
		sbom.Model{Ref: "hf:acme/nc", Hub: "huggingface", ID: "acme/nc", Direct: true, Status: sbom.StatusResolved, License: nc,
			Locations: []sbom.Location{{Path: "app.py", Line: 3, Via: "from_pretrained"}}, BaseModels: []sbom.BaseModel{{Ref: "hf:acme/base", Relation: "finetune"}}},
		sbom.Model{Ref: "hf:acme/base", Hub: "huggingface", ID: "acme/base", Status: sbom.StatusNotFound, Via: []string{"hf:acme/nc"}},
		sbom.Model{Ref: "hf:acme/tiny-random", Hub: "huggingface", ID: "acme/tiny-random", Direct: true, Status: sbom.StatusOffline,
			Locations: []sbom.Location{{Path: "tests/test_app.py", Line: 9, Via: "from_pretrained", Test: true}}},
		sbom.Model{Ref: "hf:acme/readme-only", Hub: "huggingface", ID: "acme/readme-only", Direct: true, Status: sbom.StatusOffline,
			Locations: []sbom.Location{{Path: "README.md", Line: 1, Via: "url", Doc: true}}},
	)
	for i := range 6 {
		ref := fmt.Sprintf("hf:acme/m%d", i)
		r.Models = append(r.Models, sbom.Model{Ref: ref, Hub: "huggingface", ID: fmt.Sprintf("acme/m%d", i), Direct: true, Status: sbom.StatusOffline,
			Locations: []sbom.Location{{Path: "app.py", Line: 10 + i, Via: "from_pretrained"}}})
		r.Findings = append(r.Findings, sbom.Finding{ID: fmt.Sprintf("u%d", i), Rule: "unpinned-revision", Severity: sbom.SeverityWarning, Model: ref,
			Message:     ref + " is referenced without a pinned revision, so its weights and license can change under the project.",
			Locations:   []sbom.Location{{Path: "app.py", Line: 10 + i}},
			Remediation: fmt.Sprintf("pin a commit, e.g. revision=\"<sha>\" for acme/m%d", i)})
	}
	r.Findings = append(r.Findings,
		sbom.Finding{ID: "e1", Rule: "license-denied", Severity: sbom.SeverityError, Model: "hf:acme/nc", Locations: []sbom.Location{{Path: "app.py", Line: 3}},
			Message: "hf:acme/nc is bound by Creative Commons Attribution Non Commercial 4.0, which the policy denies.", Remediation: "pick a model under a license the policy allows"},
		sbom.Finding{ID: "e2", Rule: "commercial-use", Severity: sbom.SeverityError, Model: "hf:acme/nc", Locations: []sbom.Location{{Path: "app.py", Line: 3}},
			Message: "hf:acme/nc prohibits commercial use, and the product is commercial.", Remediation: "obtain a commercial license"},
		sbom.Finding{ID: "e3", Rule: "config-change", Severity: sbom.SeverityError, Locations: []sbom.Location{{Path: ".aibom.yaml", Line: 2}},
			Message: ".aibom.yaml changes fail_on from error to none."},
		sbom.Finding{ID: "n1", Rule: "gated", Severity: sbom.SeverityNote, Model: "hf:acme/nc", Message: "hf:acme/nc is gated.", Locations: []sbom.Location{{Path: "app.py", Line: 3}}},
		sbom.Finding{ID: "b1", Rule: "commercial-use", Severity: sbom.SeverityError, Model: "hf:acme/old", Message: "hf:acme/old prohibits commercial use (in the baseline).", New: &no},
		sbom.Finding{ID: "w1", Rule: "license-unknown", Severity: sbom.SeverityWarning, Model: "hf:acme/readme-only", Message: "the license of hf:acme/readme-only is unknown (waived).",
			Waived: &sbom.Waiver{Reason: "documentation example", Expires: "2030-01-01"}},
	)
	var unjudged []sbom.Unjudged
	for _, m := range r.Models {
		if m.Direct && m.Status == sbom.StatusOffline {
			unjudged = append(unjudged, sbom.Unjudged{Model: m.Ref,
				Reason: "it could not be resolved (offline and not in the cache or the built-in catalog: huggingface model " + m.ID + ": GET https://huggingface.co/api/models/" + m.ID + ")"})
		}
	}
	unjudged = append(unjudged, sbom.Unjudged{Model: "hf:acme/nc", Reason: "its ancestor hf:acme/base could not be resolved (not-found)"})
	r.Summary = &sbom.Summary{Models: len(r.Models), Direct: 9, Verdict: sbom.VerdictFail, FailOn: "error", Enforced: true, Unjudged: unjudged,
		Findings: map[string]int{"error": 3, "warning": 6, "note": 1}}
	r.Rules = []sbom.Rule{{ID: "unpinned-revision", Short: "The project references a hub model without a pinned revision.", Severity: "warning"}}
	r.Normalize()
	return r
}
