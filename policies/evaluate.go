package policies

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// Evaluate applies p to the report under the product context and returns
// the findings, waivers applied, sorted (errors first, then by model, rule
// and id). now decides which waivers have expired; it is the caller's clock
// so that output never depends on the wall clock.
func Evaluate(r *sbom.Report, p *Policy, ctx Context, now time.Time) ([]sbom.Finding, error) {
	if r == nil {
		return nil, errors.New("evaluate policy: no report")
	}
	if p == nil {
		return nil, errors.New("evaluate policy: no policy")
	}
	if err := ctx.Validate(); err != nil {
		return nil, fmt.Errorf("evaluate policy %s: %w", p.Name, err)
	}
	e := &evaluator{p: p, ctx: ctx, byRef: map[string]*sbom.Model{}, seen: map[string]bool{}}
	for i := range r.Models {
		e.byRef[r.Models[i].Ref] = &r.Models[i]
	}
	for i := range r.Models {
		e.model(&r.Models[i])
	}
	e.configChanges()
	e.unresolvedReferences(r.Unresolved)
	out := applyWaivers(e.out, p, now)
	if out == nil {
		out = []sbom.Finding{} // an empty list, not null, in JSON
	}
	sortFindings(out)
	return out, nil
}

// FailCount counts the findings that should fail a build: not waived, not
// known from a baseline (New != false), at or above failOn. failOn "none",
// "off" or "" counts nothing.
func FailCount(findings []sbom.Finding, failOn string) int {
	min := severityRank(failOn)
	if min == 0 {
		return 0
	}
	n := 0
	for _, f := range findings {
		if f.Waived != nil || (f.New != nil && !*f.New) {
			continue
		}
		if severityRank(f.Severity) >= min {
			n++
		}
	}
	return n
}

func sortFindings(fs []sbom.Finding) {
	slices.SortStableFunc(fs, func(a, b sbom.Finding) int {
		return cmp.Or(
			cmp.Compare(severityRank(b.Severity), severityRank(a.Severity)),
			cmp.Compare(a.Model, b.Model),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

type evaluator struct {
	p     *Policy
	ctx   Context
	byRef map[string]*sbom.Model
	out   []sbom.Finding
	seen  map[string]bool
}

// draft is a finding before its severity and id are settled.
type draft struct {
	rule    string
	model   *sbom.Model
	subject string // what in the model the finding is about (a license key, a file); part of the id
	cap     string // the most severe level this finding may take ("" = the rule's severity)
	message string
	remedy  string
	ev      *sbom.Evidence
}

func (e *evaluator) add(d draft) {
	sev := e.p.SeverityOf(d.rule)
	if sev == SeverityOff {
		return
	}
	if d.cap != "" {
		sev = minSeverity(sev, d.cap)
	}
	locs := e.locations(d.model)
	id := fingerprint(d.rule, d.model.Ref, d.subject, locs)
	if e.seen[id] {
		return
	}
	e.seen[id] = true
	e.out = append(e.out, sbom.Finding{
		ID: id, Rule: d.rule, Severity: sev, Model: d.model.Ref,
		Message: d.message, Evidence: d.ev, Locations: locs, Remediation: d.remedy,
	})
}

// locations are where the project brings the model in: its own locations,
// and for an ancestor those of the direct models it was reached through.
func (e *evaluator) locations(m *sbom.Model) []sbom.Location {
	locs := slices.Clone(m.Locations)
	if !m.Direct {
		for _, v := range m.Via {
			if d, ok := e.byRef[v]; ok && d != m {
				locs = append(locs, d.Locations...)
			}
		}
	}
	slices.SortFunc(locs, func(a, b sbom.Location) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Cell, b.Cell), cmp.Compare(a.Via, b.Via))
	})
	locs = slices.Compact(locs)
	if locs == nil {
		locs = []sbom.Location{}
	}
	return locs
}

// fingerprint is the stable id of a finding: rule, model, subject and the
// (path, via) of each location. Line numbers are left out on purpose, so
// edits that move a reference do not change the id.
func fingerprint(rule, model, subject string, locs []sbom.Location) string {
	var keys []string
	for _, l := range locs {
		keys = append(keys, l.Path+"\x1f"+l.Via)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	h := sha256.New()
	for _, s := range append([]string{rule, model, subject}, keys...) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// binding is one license that binds a model, with the models it comes from:
// one part of the model's concluded license.
type binding struct {
	lic   sbom.License
	terms *licenses.Terms
	from  []string
	file  string
}

func licenseID(l sbom.License) string { return l.Identity() }

// bindings are the parts of a model's concluded license, so a fine-tune
// declaring its base's license yields one binding from two models.
func bindings(m *sbom.Model) []*binding {
	if m.License == nil {
		return nil
	}
	out := make([]*binding, 0, len(m.License.Parts))
	for _, p := range m.License.Parts {
		from := slices.Clone(p.From)
		slices.Sort(from)
		out = append(out, &binding{lic: p.License, terms: p.Terms, from: from, file: p.File})
	}
	return out
}

// ancestors returns the refs other than m's own that a binding comes from.
func (b *binding) ancestors(m *sbom.Model) []string {
	var out []string
	for _, f := range b.from {
		if f != m.Ref {
			out = append(out, f)
		}
	}
	return out
}

func (b *binding) name() string {
	return cmp.Or(b.lic.Name, b.lic.SPDXID, b.lic.Key, b.lic.HFID, "an unnamed license")
}

// origin phrases where a binding comes from, for messages.
func (b *binding) origin(m *sbom.Model) string {
	anc := b.ancestors(m)
	switch {
	case len(anc) == 0:
		return ""
	case slices.Contains(b.from, m.Ref):
		return " (its own license and that of " + strings.Join(anc, ", ") + ")"
	}
	return " (inherited from " + strings.Join(anc, ", ") + ")"
}

// display is a model's ref without its revision, for messages; the finding's
// model field keeps the full ref.
func display(m *sbom.Model) string {
	if m.Revision != "" {
		return strings.TrimSuffix(m.Ref, "@"+m.Revision)
	}
	return m.Ref
}

// covered reports whether every direct model that m, an ancestor, was reached
// through already carries this binding, in which case the finding belongs to
// those direct models and repeating it for m would only duplicate it.
func (e *evaluator) covered(m *sbom.Model, b *binding) bool {
	if m.Direct || len(m.Via) == 0 {
		return false
	}
	for _, v := range m.Via {
		d, ok := e.byRef[v]
		if !ok {
			return false
		}
		found := false
		for _, db := range bindings(d) {
			if licenseID(db.lic) == licenseID(b.lic) && slices.ContainsFunc(db.from, func(f string) bool { return slices.Contains(b.from, f) }) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (e *evaluator) model(m *sbom.Model) {
	e.modelRules(m)
	for _, b := range bindings(m) {
		if e.covered(m, b) {
			continue
		}
		e.listRules(m, b)
		if b.terms != nil {
			e.termRules(m, b)
		}
	}
}

// category of a license: as recorded, else the catalog's, else derived from
// its terms.
func category(l sbom.License, t *licenses.Terms) string {
	if l.Category != "" {
		return l.Category
	}
	for _, n := range []string{l.Key, l.SPDXID, l.HFID} {
		if c, ok := lookupLicense(n); ok && c.Category != "" {
			return c.Category
		}
	}
	return termsCategory(t)
}

func termsCategory(t *licenses.Terms) string {
	switch {
	case t == nil:
		return ""
	case t.CommercialUse == licenses.Prohibited || t.ResearchOnly || t.EvaluationOnly:
		return licenses.CategoryNonCommercial
	case t.ShareAlike:
		return licenses.CategoryCopyleft
	case t.CommercialUse == licenses.Allowed && !t.UseRestrictions && t.UserLimit == nil && t.RevenueLimit == nil &&
		!t.OutputRestriction && t.NamingRule == nil && len(t.TerritoryExcluded) == 0 &&
		t.Redistribution != licenses.Prohibited && !t.RegistrationRequired:
		return licenses.CategoryPermissive
	case t.CommercialUse == licenses.Conditional || t.CommercialUse == licenses.Allowed:
		return licenses.CategoryOpenWeights
	}
	return licenses.CategoryUnknown
}

// names are the identifiers a list entry or approval may match.
func names(l sbom.License, t *licenses.Terms) []string {
	var out []string
	for _, s := range []string{l.Key, l.SPDXID, l.HFID, category(l, t)} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func matchAny(patterns, names []string) (string, bool) {
	for _, p := range patterns {
		for _, n := range names {
			if matchGlob(p, n) {
				return p, true
			}
		}
	}
	return "", false
}

func (e *evaluator) listRules(m *sbom.Model, b *binding) {
	if licenseID(b.lic) == "" {
		return // nothing to match; license-unknown reports it
	}
	ns := names(b.lic, b.terms)
	if p, ok := matchAny(e.p.Deny, ns); ok {
		e.add(draft{rule: RuleLicenseDenied, model: m, subject: licenseID(b.lic),
			message: fmt.Sprintf("%s is bound by %s%s, which the policy denies (%q).", display(m), b.name(), b.origin(m), p),
			remedy:  "pick a model under a license the policy allows, or waive this finding with a reason and an expiry date",
			ev:      e.evidence(b, "commercial_use")})
	}
	if len(e.p.Allow) > 0 {
		if _, ok := matchAny(e.p.Allow, ns); !ok {
			e.add(draft{rule: RuleLicenseNotAllowed, model: m, subject: licenseID(b.lic),
				message: fmt.Sprintf("%s is bound by %s%s, which is not on the policy's allow list.", display(m), b.name(), b.origin(m)),
				remedy:  fmt.Sprintf("pick a model under an allowed license (%s)", strings.Join(e.p.Allow, ", ")),
				ev:      e.evidence(b, "commercial_use")})
		}
	}
}

// evidence returns the first clause recorded for one of the term keys.
func (e *evaluator) evidence(b *binding, keys ...string) *sbom.Evidence {
	doc := cmp.Or(b.lic.Key, b.lic.SPDXID, b.lic.HFID)
	if b.terms != nil {
		for _, k := range keys {
			if c, ok := b.terms.Evidence[k]; ok && c.Quote != "" {
				return &sbom.Evidence{Quote: c.Quote, Document: cmp.Or(c.Source, doc), Start: c.Start, End: c.End}
			}
		}
	}
	if doc == "" {
		return nil
	}
	return &sbom.Evidence{Document: doc}
}

// approval returns the context's approval for a license, if any.
func (e *evaluator) approval(b *binding) *Approval {
	ns := []string{b.lic.Key, b.lic.SPDXID, b.lic.HFID}
	for i, a := range e.ctx.Approvals {
		for _, n := range ns {
			if n != "" && matchGlob(a.License, n) {
				return &e.ctx.Approvals[i]
			}
		}
	}
	return nil
}

func approvalText(a *Approval) string {
	s := "approval for " + a.License
	if a.Reference != "" {
		s += " (" + a.Reference
		if a.Date != "" {
			s += ", " + a.Date
		}
		s += ")"
	}
	return s
}

func (e *evaluator) termRules(m *sbom.Model, b *binding) {
	t := b.terms
	sub := licenseID(b.lic)
	who := display(m) + " is bound by " + b.name() + b.origin(m)
	appr := e.approval(b)
	commercial := e.ctx.commercial()
	assumed := ""
	if e.ctx.Commercial == nil {
		assumed = " (context.commercial is not set, so the product is taken as commercial)"
	}

	// Commercial use.
	if commercial {
		var why string
		switch {
		case t.CommercialUse == licenses.Prohibited:
			why = "which prohibits commercial use"
		case t.ResearchOnly:
			why = "which grants research use only"
		case t.EvaluationOnly:
			why = "which grants evaluation use only"
		}
		switch {
		case why != "" && appr != nil:
			e.add(draft{rule: RuleCommercialUse, model: m, subject: sub, cap: sbom.SeverityNote,
				message: fmt.Sprintf("%s, %s; commercial use is covered by the %s.", who, why, approvalText(appr)),
				remedy:  "keep the approval current and within its scope",
				ev:      e.evidence(b, "commercial_use", "research_only", "evaluation_only")})
		case why != "":
			e.add(draft{rule: RuleCommercialUse, model: m, subject: sub,
				message: fmt.Sprintf("%s, %s, and the product is commercial%s.", who, why, assumed),
				remedy:  "pick a model under a license that allows commercial use (e.g. a permissive license), or obtain a commercial license from the licensor and record it under context.approvals",
				ev:      e.evidence(b, "commercial_use", "research_only", "evaluation_only")})
		case (t.CommercialUse == "" || t.CommercialUse == licenses.Unknown) && (b.lic.Key != "" || unresolved(t, "commercial_use")):
			// A known license whose terms leave it open, or a text the
			// clause extractor read and could not decide: never a pass.
			e.add(draft{rule: RuleCommercialUse, model: m, subject: sub, cap: sbom.SeverityWarning,
				message: fmt.Sprintf("%s, whose terms do not establish whether commercial use is allowed%s.", who, assumed),
				remedy:  "read the license (or ask the licensor) and record the outcome as an approval or a waiver",
				ev:      e.evidence(b, "commercial_use")})
		}
	}

	// Caps.
	if l := t.UserLimit; l != nil && l.Count > 0 {
		switch l.Unit {
		case licenses.MonthlyActiveUsers, licenses.DailyActiveUsers, "":
			figure, field := e.ctx.MonthlyActiveUsers, "monthly_active_users"
			unit := "monthly active users"
			if l.Unit == licenses.DailyActiveUsers {
				figure, field, unit = e.ctx.DailyActiveUsers, "daily_active_users", "daily active users"
			}
			e.cap(m, b, RuleUserLimit, appr, float64(l.Count), float64(figure), field,
				fmt.Sprintf("%s %s", groupDigits(l.Count), unit), fmt.Sprintf("%s %s", groupDigits(figure), unit), "user_limit")
		default:
			// Visits, calls, devices, users without a period: the context
			// has no figure in that unit to compare.
			limit := fmt.Sprintf("%s %s", groupDigits(l.Count), strings.ReplaceAll(l.Unit, "_", " "))
			if appr == nil {
				e.add(draft{rule: RuleUserLimit, model: m, subject: sub, cap: sbom.SeverityWarning,
					message: fmt.Sprintf("%s, whose grant stops at %s, which cannot be compared with the context's active-user figures.", who, limit),
					remedy:  "compare the product's usage with the cap by hand and record the outcome as an approval or a waiver",
					ev:      e.evidence(b, "user_limit", "commercial_use")})
			}
		}
	}
	if l := t.RevenueLimit; l != nil && l.Amount > 0 {
		cur := cmp.Or(strings.ToUpper(l.Currency), "USD")
		limit := fmt.Sprintf("%s %s", cur, groupDigits(l.Amount))
		if l.Period == "monthly" {
			limit += " a month"
		} else {
			limit += " a year"
		}
		if cur != "USD" && appr == nil {
			e.add(draft{rule: RuleRevenueLimit, model: m, subject: sub, cap: sbom.SeverityWarning,
				message: fmt.Sprintf("%s, whose grant stops at revenue of %s, which cannot be compared with context.annual_revenue_usd.", who, limit),
				remedy:  "compare the product's revenue with the cap by hand and record the outcome as an approval or a waiver",
				ev:      e.evidence(b, "revenue_limit")})
		} else {
			figure := float64(e.ctx.AnnualRevenueUSD)
			have := "USD " + groupDigits(e.ctx.AnnualRevenueUSD) + " a year"
			if l.Period == "monthly" {
				figure /= 12
			}
			e.cap(m, b, RuleRevenueLimit, appr, float64(l.Amount), figure, "annual_revenue_usd", limit, have, "revenue_limit")
		}
	}

	// Registration or authorization.
	if t.RegistrationRequired && commercial {
		if appr == nil {
			e.add(draft{rule: RuleRegistrationRequired, model: m, subject: sub,
				message: fmt.Sprintf("%s, which requires registration with or written authorization from the licensor for commercial use, and context.approvals records none.", who),
				remedy:  "register with or request authorization from the licensor, then record it under context.approvals with its reference and date",
				ev:      e.evidence(b, "registration_required", "commercial_use")})
		}
	}

	// Territory.
	if len(t.TerritoryExcluded) > 0 && len(e.ctx.Regions) > 0 {
		e.territory(m, b, who)
	}

	// Outputs.
	if e.ctx.BuildsModels {
		e.outputs(m, b, who)
	}

	// Redistribution of weights.
	if e.ctx.Distribution == DistRedistribute {
		if t.ShareAlike {
			e.add(draft{rule: RuleShareAlike, model: m, subject: sub,
				message: fmt.Sprintf("%s, which is share-alike: redistributed weights and derivatives must be released under the same license.", who),
				remedy:  fmt.Sprintf("release the redistributed weights under %s, or pick a model under a non-share-alike license", b.name()),
				ev:      e.evidence(b, "share_alike")})
		}
		switch t.Redistribution {
		case licenses.Prohibited:
			e.add(draft{rule: RuleRedistribution, model: m, subject: sub,
				message: fmt.Sprintf("%s, which prohibits redistribution, and the product redistributes weights.", who),
				remedy:  "do not ship the weights (serve the model instead), or obtain a redistribution license from the licensor",
				ev:      e.evidence(b, "redistribution")})
		case "", licenses.Unknown:
			if b.lic.Key != "" {
				e.add(draft{rule: RuleRedistribution, model: m, subject: sub, cap: sbom.SeverityWarning,
					message: fmt.Sprintf("%s, whose terms do not establish whether the weights may be redistributed, and the product redistributes weights.", who),
					remedy:  "confirm redistribution rights with the licensor before shipping the weights",
					ev:      e.evidence(b, "redistribution")})
			}
		}
	}

	e.obligations(m, b, who)
}

// outputs checks what the license says about building models from the
// model's outputs, for a product that builds models. Only a ban stops the
// product; a flow-down (a model trained on outputs is a derivative under
// the same terms) or conditions (a name prefix, an attribution) bind the
// trained model, so the finding says what binds it, as a warning. Terms
// that predate Terms.OutputUse are read by OutputRestriction alone, as a
// ban, as they always were.
func (e *evaluator) outputs(m *sbom.Model, b *binding, who string) {
	t := b.terms
	sub := licenseID(b.lic)
	ev := e.evidence(b, "output_use", "output_restriction", "naming_rule", "attribution_text")
	use := t.OutputUse
	if use == "" && t.OutputRestriction {
		use = licenses.OutputBan
	}
	switch use {
	case licenses.OutputBan:
		e.add(draft{rule: RuleOutputRestriction, model: m, subject: sub,
			message: fmt.Sprintf("%s, which restricts using its outputs to build or improve other models, and the product builds models.", who),
			remedy:  fmt.Sprintf("do not train or distil other models on outputs of %s, or pick a model whose license does not restrict outputs", display(m)),
			ev:      ev})
	case licenses.OutputDerivative:
		duties := append([]string{fmt.Sprintf("distribute it only under %s, with its notice", b.name())}, outputDuties(t)...)
		e.add(draft{rule: RuleOutputRestriction, model: m, subject: sub, cap: sbom.SeverityWarning,
			message: fmt.Sprintf("%s, under which a model trained on its outputs (by distillation or on synthetic data) is a derivative bound by the same terms, and the product builds models.", who),
			remedy:  fmt.Sprintf("treat any model trained on outputs of %s as a derivative under %s: %s", display(m), b.name(), strings.Join(duties, "; ")),
			ev:      ev})
	case licenses.OutputConditional:
		duties := outputDuties(t)
		if len(duties) == 0 {
			duties = []string{"meet the conditions the license sets on outputs (see the evidence)"}
		}
		e.add(draft{rule: RuleOutputRestriction, model: m, subject: sub, cap: sbom.SeverityWarning,
			message: fmt.Sprintf("%s, which allows building models from its outputs only on conditions for the trained model (%s), and the product builds models.", who, strings.Join(duties, "; ")),
			remedy:  fmt.Sprintf("for any model trained on outputs of %s: %s", display(m), strings.Join(duties, "; ")),
			ev:      ev})
	case licenses.OutputUnknown:
		if t.OutputRestriction {
			e.add(draft{rule: RuleOutputRestriction, model: m, subject: sub, cap: sbom.SeverityWarning,
				message: fmt.Sprintf("%s, which limits the use of its outputs in a way aibom could not classify, and the product builds models.", who),
				remedy:  fmt.Sprintf("read the license's clause on outputs before training or distilling models on outputs of %s, and record the outcome as an approval or a waiver", display(m)),
				ev:      ev})
		}
	}
}

// unresolved reports a term the clause extractor could not decide.
func unresolved(t *licenses.Terms, field string) bool {
	return t.Evidence[field].Certainty == licenses.Unresolved
}

// namingDuty says what a naming rule asks of a derived model's name.
func namingDuty(t *licenses.Terms) string {
	switch t.NamingKind {
	case licenses.NamingContains:
		return fmt.Sprintf("have a name containing %q", *t.NamingRule)
	case licenses.NamingAvoid:
		return fmt.Sprintf("have a name that does not contain %q", *t.NamingRule)
	case licenses.NamingKeep:
		return fmt.Sprintf("keep the original model names (%q)", *t.NamingRule)
	case licenses.NamingEndorse:
		return fmt.Sprintf("not be presented as official or endorsed by the licensor, nor promoted with its names (%q)", *t.NamingRule)
	case licenses.NamingMark:
		return fmt.Sprintf("be marked as built on the model (%q)", *t.NamingRule)
	}
	return fmt.Sprintf("give it a name beginning with %q", *t.NamingRule)
}

// outputDuties are the conditions a license puts on a model trained on the
// outputs of a model it binds, in the words of a remediation.
func outputDuties(t *licenses.Terms) []string {
	var d []string
	if t.NamingRule != nil && *t.NamingRule != "" {
		d = append(d, namingDuty(t))
	}
	if t.AttributionText != nil && *t.AttributionText != "" {
		d = append(d, fmt.Sprintf("display %q", *t.AttributionText))
	}
	switch {
	case t.UsePolicy != nil && *t.UsePolicy != "":
		d = append(d, fmt.Sprintf("keep its uses within %s and pass that policy on", *t.UsePolicy))
	case t.UseRestrictions:
		d = append(d, "keep its uses within the license's use restrictions and pass them on")
	}
	switch {
	case t.EvaluationOnly:
		d = append(d, "use it for evaluation only")
	case t.ResearchOnly:
		d = append(d, "use it for research only")
	case t.CommercialUse == licenses.Prohibited:
		d = append(d, "use it for non-commercial purposes only")
	}
	return d
}

// cap checks one user or revenue cap against the context's figure.
func (e *evaluator) cap(m *sbom.Model, b *binding, rule string, appr *Approval, limit, figure float64, field, limitText, haveText, evKey string) {
	who := display(m) + " is bound by " + b.name() + b.origin(m)
	sub := licenseID(b.lic)
	ev := e.evidence(b, evKey, "commercial_use")
	remedy := fmt.Sprintf("request a license from the licensor of %s and record it under context.approvals, or pick a model without this cap", b.name())
	switch {
	case figure <= 0:
		if e.ctx.commercial() {
			e.add(draft{rule: rule, model: m, subject: sub, cap: sbom.SeverityNote,
				message: fmt.Sprintf("%s, whose grant stops at %s; context.%s is not set, so the cap was not checked.", who, limitText, field),
				remedy:  fmt.Sprintf("set context.%s so the cap can be checked", field), ev: ev})
		}
	case figure >= limit && appr != nil:
		e.add(draft{rule: rule, model: m, subject: sub, cap: sbom.SeverityNote,
			message: fmt.Sprintf("%s, whose grant stops at %s; the product has %s, covered by the %s.", who, limitText, haveText, approvalText(appr)),
			remedy:  "keep the approval current and within its scope", ev: ev})
	case figure >= limit:
		e.add(draft{rule: rule, model: m, subject: sub,
			message: fmt.Sprintf("%s, whose grant stops at %s; the product has %s.", who, limitText, haveText),
			remedy:  remedy, ev: ev})
	case e.p.Margin > 0 && figure >= limit*(1-e.p.Margin) && appr == nil:
		e.add(draft{rule: rule, model: m, subject: sub, cap: sbom.SeverityWarning,
			message: fmt.Sprintf("%s, whose grant stops at %s; the product has %s, within %.0f%% of the cap.", who, limitText, haveText, e.p.Margin*100),
			remedy:  remedy + " before the product reaches the cap", ev: ev})
	}
}

func (e *evaluator) obligations(m *sbom.Model, b *binding, who string) {
	t := b.terms
	sub := licenseID(b.lic)
	internal := e.ctx.Distribution == DistInternal
	if t.AttributionText != nil && *t.AttributionText != "" && !internal {
		e.add(draft{rule: RuleAttribution, model: m, subject: sub,
			message: fmt.Sprintf("%s, which requires displaying %q.", who, *t.AttributionText),
			remedy:  fmt.Sprintf("display %q on a related website, user interface, blog post, about page or product documentation", *t.AttributionText),
			ev:      e.evidence(b, "attribution_text", "attribution_required")})
	}
	if t.NamingRule != nil && *t.NamingRule != "" && t.NamingKind != "" && t.NamingKind != licenses.NamingPrefix {
		// A rule other than a prefix (the name contains the model's, the
		// original names are kept, the derivative is marked as built on
		// it) is reported as written; only a prefix can be checked.
		if len(b.ancestors(m)) > 0 || e.ctx.BuildsModels {
			rule := namingDuty(t)
			e.add(draft{rule: RuleNamingRule, model: m, subject: sub,
				message: fmt.Sprintf("%s, under which distributed models derived from it must %s.", who, rule),
				remedy:  fmt.Sprintf("for any model you derive from %s (or train on its outputs) and distribute: %s", display(m), rule),
				ev:      e.evidence(b, "naming_rule")})
		}
	} else if t.NamingRule != nil && *t.NamingRule != "" {
		prefix := *t.NamingRule
		anc := b.ancestors(m)
		if len(anc) > 0 || e.ctx.BuildsModels {
			msg := fmt.Sprintf("%s, under which distributed models derived from it must have names beginning with %q", who, prefix)
			if len(anc) > 0 {
				if base := modelName(m); strings.HasPrefix(strings.ToLower(base), strings.ToLower(prefix)) {
					msg += fmt.Sprintf("; %s complies.", base)
				} else {
					msg += fmt.Sprintf("; %s does not.", base)
				}
			} else {
				msg += "; the product builds models."
			}
			e.add(draft{rule: RuleNamingRule, model: m, subject: sub, message: msg,
				remedy: fmt.Sprintf("give any model you derive from %s (or train on its outputs) and distribute a name beginning with %q", display(m), prefix),
				ev:     e.evidence(b, "naming_rule")})
		}
	}
	if t.AttributionRequired && (e.ctx.Distribution == DistOnPrem || e.ctx.Distribution == DistRedistribute) {
		e.add(draft{rule: RuleNotice, model: m, subject: sub,
			message: fmt.Sprintf("%s, which requires shipping a copy of the license and its notices with the model.", who),
			remedy:  fmt.Sprintf("ship the %s text and its notice file with the product", b.name()),
			ev:      e.evidence(b, "attribution_required", "redistribution")})
	}
	if t.UsePolicy != nil && *t.UsePolicy != "" {
		e.add(draft{rule: RuleUsePolicy, model: m, subject: sub,
			message: fmt.Sprintf("%s, which incorporates the use policy %s: the product's uses must comply with it.", who, *t.UsePolicy),
			remedy:  fmt.Sprintf("review the product's uses against %s and pass it on to anyone you give the model to", *t.UsePolicy),
			ev:      usePolicyEvidence(e.evidence(b, "use_policy", "use_restrictions"), *t.UsePolicy)})
	}
}

// modelName is the last path element of a model id, without revision.
func modelName(m *sbom.Model) string {
	id := m.ID
	if id == "" {
		_, id, _, _ = sbom.ParseRef(m.Ref)
	}
	if i := strings.LastIndex(id, "/"); i >= 0 {
		id = id[i+1:]
	}
	return id
}

func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// usePolicyEvidence points at the use policy itself when no clause of the
// license was recorded.
func usePolicyEvidence(ev *sbom.Evidence, policy string) *sbom.Evidence {
	if ev == nil || ev.Quote == "" {
		return &sbom.Evidence{Document: policy}
	}
	return ev
}
