package sbom

import (
	"strings"

	"github.com/aibom/aibom/licenses"
)

// reportV1 reads a schema_version 1 report: Model.License was the model's
// own license, Model.Terms its own terms and Model.Effective the licenses
// that bind it. The outer fields shadow the embedded ones of the same JSON
// name.
type reportV1 struct {
	Report
	Models []modelV1 `json:"models"`
}

type modelV1 struct {
	Model
	License   *License      `json:"license"`
	Effective []effectiveV1 `json:"effective"`
}

type effectiveV1 struct {
	License
	From  string          `json:"from"`
	Terms *licenses.Terms `json:"terms"`
}

// convert rebuilds a version 1 report in the current shape: the own
// license and the effective ones become the parts of the concluded license
// and the terms are combined again. Findings and the summary are kept as
// they were judged; a verdict of 1 was pass or fail only, and the report
// did not say which direct models were not judged, so `aibom check` should
// judge it again.
func (v reportV1) convert() *Report {
	r := v.Report
	r.SchemaVersion = SchemaVersion
	r.Models = make([]Model, 0, len(v.Models))
	for _, m1 := range v.Models {
		m := m1.Model
		var parts []LicensePart
		ownTerms := m.Terms
		if l := m1.License; l != nil && l.Source != SourceInherited {
			parts = append(parts, LicensePart{License: *l, From: []string{m.Ref}, Terms: ownTerms})
		}
		for _, e := range m1.Effective {
			from := e.From
			if from == "" {
				from = m.Ref
			}
			if from == m.Ref && len(parts) > 0 {
				continue // the own license, already a part
			}
			l := e.License
			if from != m.Ref {
				l.Source = SourceInherited
			}
			parts = append(parts, LicensePart{License: l, From: []string{from}, Terms: e.Terms})
		}
		if d := m.Declared; d != nil && d.Normalized == nil {
			d.Normalized = normalizeDeclared(*d)
		}
		m.License = Conclude(m.Ref, parts)
		if m.License != nil {
			t := m.License.CombinedTerms()
			m.Terms = &t
		}
		r.Models = append(r.Models, m)
	}
	if s := r.Summary; s != nil && r.Config != nil {
		s.FailOn = r.Config.FailOn
		s.Enforced = s.FailOn != "none"
	}
	return &r
}

// normalizeDeclared names the license a version 1 declaration names, by the
// catalog, as the identify stage does for new reports.
func normalizeDeclared(d Declared) *License {
	cat := licenses.Builtin()
	tries := []string{d.License, d.Name, d.Link}
	if strings.EqualFold(d.License, "other") || d.License == "" {
		tries = tries[1:]
	}
	for _, t := range tries {
		if t == "" {
			continue
		}
		if l, ok := cat.Lookup(t); ok && !cat.Umbrella(l.Key) {
			return &License{Key: l.Key, SPDXID: l.SPDXID, HFID: l.HFID, Name: l.Name, Source: SourceDeclared, URL: l.URL, Category: l.Category}
		}
	}
	return nil
}
