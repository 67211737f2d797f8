package policies

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aibom/aibom/sbom"
)

// JudgeOptions shape one judgement of a report.
type JudgeOptions struct {
	// Now decides which waivers have expired: the caller's clock, so that
	// output never depends on the wall clock.
	Now time.Time
	// FailOn is the severity from which a finding fails the run: error,
	// warning, note, or none (judge at error, report without enforcing).
	// "" means error.
	FailOn string
	// Baseline holds the ids of the findings of the baseline report; those
	// are marked new: false and do not count. Nil: no baseline.
	Baseline map[string]bool
	// AllowUnresolved accepts direct models that could not be judged: they
	// are still listed, but do not make the verdict incomplete. The policy's
	// allow_unresolved has the same effect.
	AllowUnresolved bool
}

// Judge is the policy stage: it evaluates p on r under the product context
// and writes the outcome into r, so that every output renders the same
// judgement. It sets r.Findings (waivers applied, baseline findings marked),
// r.Summary (counts, the models that could not be judged, the verdict at
// FailOn) and r.Rules (the rules p enables, for encoders that describe
// them). A verdict is pass only when every direct model, and the lineage it
// brings in, was resolved and its license identified.
func Judge(r *sbom.Report, p *Policy, ctx Context, o JudgeOptions) error {
	failOn := cmp.Or(o.FailOn, sbom.SeverityError)
	if failOn != "none" && !sbom.ValidSeverity(failOn) {
		return fmt.Errorf("judge: fail-on %q: expected error, warning, note or none", failOn)
	}
	findings, err := Evaluate(r, p, ctx, o.Now)
	if err != nil {
		return err
	}
	if o.Baseline != nil {
		for i := range findings {
			isNew := !o.Baseline[findings[i].ID]
			findings[i].New = &isNew
		}
	}
	r.Findings = findings
	r.Rules = ruleDescriptions(p)
	r.Normalize()

	s := &sbom.Summary{Models: len(r.Models), Findings: map[string]int{
		sbom.SeverityError: 0, sbom.SeverityWarning: 0, sbom.SeverityNote: 0,
	}, Skipped: sbom.SkipCounts(r.Skipped), FailOn: failOn, Enforced: failOn != "none", AllowUnresolved: o.AllowUnresolved || p.AllowUnresolved}
	for _, m := range r.Models {
		if m.Direct {
			s.Direct++
		}
	}
	for _, f := range r.Findings {
		if f.Waived != nil || (f.New != nil && !*f.New) {
			continue
		}
		s.Findings[f.Severity]++
	}
	s.Unjudged = unjudged(r)
	for _, f := range r.Skipped {
		if f.MayNameModel {
			s.Unread = append(s.Unread, f.Path)
		}
	}
	s.Verdict = s.VerdictAt(failOn)
	r.Summary = s
	return nil
}

// unjudged lists each direct model that was not fully judged: it, or a
// model of its lineage, could not be resolved or has no identified license.
// A person who recorded the outcome as a waiver of the resolve-failed or
// license-unknown finding has judged it. API models are judged by the
// api-model rule and the provider's terms.
func unjudged(r *sbom.Report) []sbom.Unjudged {
	byRef := map[string]*sbom.Model{}
	for i := range r.Models {
		byRef[r.Models[i].Ref] = &r.Models[i]
	}
	waived := map[string]bool{}
	for _, f := range r.Findings {
		if f.Waived != nil {
			waived[f.Rule+"\x00"+f.Model] = true
		}
	}
	reason := func(m *sbom.Model, whose string) string {
		switch {
		case resolveFailed(m) && !waived[RuleResolveFailed+"\x00"+m.Ref]:
			return fmt.Sprintf("%s could not be resolved (%s)", whose, cmp.Or(m.Reason, m.Status))
		case !resolveFailed(m) && ownLicenseUnknown(m) && !waived[RuleLicenseUnknown+"\x00"+m.Ref]:
			return "the license of " + strings.TrimPrefix(whose, "it ") + " could not be identified"
		}
		return ""
	}
	e := &evaluator{byRef: byRef}
	var out []sbom.Unjudged
	for i := range r.Models {
		m := &r.Models[i]
		if !m.Direct || (m.Hub != "" && !slices.Contains(weightHubs, m.Hub)) {
			continue
		}
		var why []string
		if w := reason(m, "it"); w != "" {
			why = append(why, strings.Replace(w, "the license of it", "its license", 1))
		}
		if !resolveFailed(m) {
			for _, a := range e.ancestorsOf(m) {
				if w := reason(a, "its ancestor "+a.Ref); w != "" {
					why = append(why, w)
				}
			}
		}
		if len(why) > 0 {
			out = append(out, sbom.Unjudged{Model: m.Ref, Reason: strings.Join(why, "; ")})
		}
	}
	return out
}

// ruleDescriptions describes the rules p enables, with p's severities.
func ruleDescriptions(p *Policy) []sbom.Rule {
	var out []sbom.Rule
	for _, r := range Rules() {
		sev := p.SeverityOf(r.ID)
		if sev == SeverityOff {
			continue
		}
		out = append(out, sbom.Rule{ID: r.ID, Short: r.Short, Full: r.Full, HelpURI: r.HelpURI(), Severity: sev})
	}
	return out
}
