// Package digest decides what a reader of a judged report sees first, for
// every human-readable format (table, Markdown, HTML): the verdict, the
// errors grouped by model, the models that could not be judged, then the
// warnings and notes, each rule that fires on many models folded into one
// line with a count, and the models in code before those referenced only
// in tests or documentation. It only arranges what policies.Judge wrote
// into the report; it decides no verdict and drops nothing (a folded group
// keeps its findings, for verbose output, and the JSON report has them all).
package digest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// DefaultFold is how many findings of one rule (or models with one reason
// for not being judged) are listed before they fold into one line.
const DefaultFold = 3

// Options shape a digest.
type Options struct {
	// Fold: a rule with more than Fold findings of a severity folds into
	// one line; 0 means DefaultFold, negative never folds (-v).
	Fold int
}

// Digest is a judged report arranged for reading.
type Digest struct {
	Summary *sbom.Summary
	// Errors are the counted error findings grouped by model, project-wide
	// findings (no model) first, then by model ref. Errors never fold.
	Errors []ModelErrors
	// Unjudged groups the models that could not be judged by reason.
	Unjudged []UnjudgedGroup
	// Warnings and Notes group the counted findings by rule, most frequent
	// first.
	Warnings, Notes []Group
	// Existing are findings already in the baseline; Waived those a waiver
	// covers. Neither counts toward the verdict.
	Existing, Waived []sbom.Finding
	// Code, Tests and Docs are the direct models by reach (sbom.Reach);
	// Ancestors the models reached through them. Each in report order.
	Code, Tests, Docs, Ancestors []sbom.Model
}

// ModelErrors is one model's error findings.
type ModelErrors struct {
	Model string // ref; "" for findings about the project itself
	// License is the model's concluded license as the table writes it
	// (sbom.LicenseLabel), "not identified" when there is none, "" when the
	// model is not in the report.
	License  string
	Findings []sbom.Finding
}

// Group is the findings of one rule at one severity.
type Group struct {
	Rule, Severity string
	Findings       []sbom.Finding
	// Folded: there are more findings than the fold allows; render
	// Sentence() instead of each finding.
	Folded bool
	short  string // the rule's description, for rules without a phrase
}

// UnjudgedGroup is the models not judged for one reason.
type UnjudgedGroup struct {
	// Reason is the shared reason without its details, e.g. "could not be
	// resolved (offline)".
	Reason string
	Models []sbom.Unjudged
	Folded bool
}

// New arranges r. r must be judged (policies.Judge); a report without a
// summary gives a digest without one.
func New(r *sbom.Report, o Options) *Digest {
	fold := o.Fold
	if fold == 0 {
		fold = DefaultFold
	}
	d := &Digest{Summary: r.Summary}
	byRef := map[string]*sbom.Model{}
	for i := range r.Models {
		m := &r.Models[i]
		byRef[m.Ref] = m
		switch m.Reach() {
		case sbom.ReachCode:
			d.Code = append(d.Code, *m)
		case sbom.ReachTests:
			d.Tests = append(d.Tests, *m)
		case sbom.ReachDocs:
			d.Docs = append(d.Docs, *m)
		default:
			d.Ancestors = append(d.Ancestors, *m)
		}
	}
	short := map[string]string{}
	for _, ru := range r.Rules {
		short[ru.ID] = ru.Short
	}

	errs := map[string]*ModelErrors{}
	groups := map[string]*Group{}
	for _, f := range r.Findings {
		switch {
		case f.Waived != nil:
			d.Waived = append(d.Waived, f)
			continue
		case f.New != nil && !*f.New:
			d.Existing = append(d.Existing, f)
			continue
		}
		if f.Severity == sbom.SeverityError {
			me := errs[f.Model]
			if me == nil {
				me = &ModelErrors{Model: f.Model}
				if m := byRef[f.Model]; m != nil {
					me.License = sbom.LicenseLabel(m)
					if m.License == nil || len(m.License.Parts) == 0 {
						me.License = "not identified"
					}
				}
				errs[f.Model] = me
			}
			me.Findings = append(me.Findings, f)
			continue
		}
		k := f.Severity + "\x00" + f.Rule
		g := groups[k]
		if g == nil {
			g = &Group{Rule: f.Rule, Severity: f.Severity, short: short[f.Rule]}
			groups[k] = g
		}
		g.Findings = append(g.Findings, f)
	}
	for _, me := range errs {
		slices.SortStableFunc(me.Findings, func(a, b sbom.Finding) int { return cmp.Compare(a.Rule, b.Rule) })
		d.Errors = append(d.Errors, *me)
	}
	slices.SortFunc(d.Errors, func(a, b ModelErrors) int { return cmp.Compare(a.Model, b.Model) })
	for _, g := range groups {
		slices.SortStableFunc(g.Findings, func(a, b sbom.Finding) int { return cmp.Compare(a.Model, b.Model) })
		g.Folded = fold > 0 && len(g.Findings) > fold
		switch g.Severity {
		case sbom.SeverityWarning:
			d.Warnings = append(d.Warnings, *g)
		default:
			d.Notes = append(d.Notes, *g)
		}
	}
	for _, gs := range [][]Group{d.Warnings, d.Notes} {
		slices.SortFunc(gs, func(a, b Group) int {
			return cmp.Or(-cmp.Compare(len(a.Findings), len(b.Findings)), cmp.Compare(a.Rule, b.Rule))
		})
	}
	if s := r.Summary; s != nil {
		d.Unjudged = unjudgedGroups(s.Unjudged, byRef, fold)
	}
	return d
}

// unjudgedGroups groups the unjudged models by their reason without its
// parenthesised details (which name the model and the failed request), and
// with the model's status, so that 733 models missing offline are one
// group.
func unjudgedGroups(us []sbom.Unjudged, byRef map[string]*sbom.Model, fold int) []UnjudgedGroup {
	idx := map[string]int{}
	var out []UnjudgedGroup
	for _, u := range us {
		reason := reasonHead(u.Reason)
		if m := byRef[u.Model]; m != nil && m.Status != "" && m.Status != sbom.StatusResolved && strings.HasPrefix(reason, "could not be resolved") {
			reason += " (" + m.Status + ")"
		}
		i, ok := idx[reason]
		if !ok {
			i = len(out)
			idx[reason] = i
			out = append(out, UnjudgedGroup{Reason: reason})
		}
		out[i].Models = append(out[i].Models, u)
	}
	for i := range out {
		out[i].Folded = fold > 0 && len(out[i].Models) > fold
	}
	slices.SortStableFunc(out, func(a, b UnjudgedGroup) int { return -cmp.Compare(len(a.Models), len(b.Models)) })
	return out
}

// reasonHead strips the parenthesised details from a reason and its
// leading "it ", which reads as the model itself: "it could not be
// resolved (offline …)" → "could not be resolved".
func reasonHead(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	h := strings.Join(strings.Fields(b.String()), " ")
	return strings.TrimPrefix(h, "it ")
}

// Sentence says what a folded group shares: "757 models are not pinned to
// a revision".
func (g Group) Sentence() string {
	models := map[string]bool{}
	for _, f := range g.Findings {
		if f.Model == "" {
			models = nil
			break
		}
		models[f.Model] = true
	}
	p, ok := phrases[g.Rule]
	if !ok {
		p = phrase{noun: "models", says: strings.TrimSuffix(g.short, ".")}
		if p.says == "" {
			p.says = "fire " + g.Rule
		}
		p.says = ": " + lowerFirst(p.says)
	} else {
		p.says = " " + p.says
	}
	n := len(models)
	if models == nil || p.noun != "models" {
		n = len(g.Findings)
		if p.noun == "models" {
			p.noun = "findings"
		}
	}
	return fmt.Sprintf("%d %s%s", n, p.noun, p.says)
}

// Sentence says what the models of a folded group share: "733 models could
// not be resolved (offline)".
func (g UnjudgedGroup) Sentence() string {
	n := len(g.Models)
	noun, reason := "models", g.Reason
	if n == 1 {
		noun = "model"
	} else if rest, ok := strings.CutPrefix(reason, "its "); ok {
		reason = "their " + rest
	}
	if strings.HasPrefix(reason, "could not") {
		return fmt.Sprintf("%d %s %s", n, noun, reason)
	}
	return fmt.Sprintf("%d %s: %s", n, noun, reason)
}

// ModelRefs lists the distinct models of a group's findings.
func (g Group) ModelRefs() []string {
	var out []string
	for _, f := range g.Findings {
		if f.Model != "" && !slices.Contains(out, f.Model) {
			out = append(out, f.Model)
		}
	}
	return out
}

// ErrorCount is the number of counted error findings.
func (d *Digest) ErrorCount() int {
	n := 0
	for _, me := range d.Errors {
		n += len(me.Findings)
	}
	return n
}

// UnjudgedCount is the number of models that could not be judged.
func (d *Digest) UnjudgedCount() int {
	n := 0
	for _, g := range d.Unjudged {
		n += len(g.Models)
	}
	return n
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// phrase is what many findings of one rule share, after their count.
type phrase struct {
	noun string // what is counted: models, changes, waivers
	says string
}

// phrases say, for each rule, what the models it fires on share. A rule
// missing here falls back to its description (TestPhrases lists every
// rule of the policy stage).
var phrases = map[string]phrase{
	"license-denied":            {"models", "are bound by a license the policy denies"},
	"license-not-allowed":       {"models", "are bound by a license that is not on the policy's allow list"},
	"commercial-use":            {"models", "are bound by a license that does not allow the product's commercial use"},
	"user-limit":                {"models", "have a license whose user cap the product reaches"},
	"revenue-limit":             {"models", "have a license whose revenue cap the organisation reaches"},
	"registration-required":     {"models", "need a registration or authorization that is not recorded"},
	"territory":                 {"models", "have a license that excludes one of the product's regions"},
	"output-restriction":        {"models", "limit using their outputs to build other models"},
	"share-alike":               {"models", "must stay under their license when their weights are redistributed"},
	"redistribution":            {"models", "may not be redistributed"},
	"license-mismatch":          {"models", "declare a license other than the one their ancestry imposes"},
	"license-conflict":          {"models", "declare a license other than the license text in their repository"},
	"license-text-missing":      {"models", "have no copy of their license's text"},
	"license-unknown":           {"models", "have no identified license"},
	"resolve-failed":            {"models", "could not be resolved"},
	"unresolved-reference":      {"places", "choose a model at run time, with no default to read: declare it in models:"},
	"gated":                     {"models", "are gated: access requires accepting their terms on the hub"},
	"unpinned-revision":         {"models", "are not pinned to a revision"},
	"api-model":                 {"models", "are closed API models from a provider the policy denies or flags"},
	"provider-terms-unverified": {"models", "are called through a provider whose terms aibom could not read"},
	"provider-regulation":       {"models", "are called through a provider whose terms tie it to a region's rules"},
	"attribution":               {"models", "require displaying an attribution text"},
	"naming-rule":               {"models", "require derived models to carry the license's name prefix"},
	"notice":                    {"models", "must ship with their license and notices"},
	"use-policy":                {"models", "come with an acceptable-use policy"},
	"config-change":             {"changes", "edit the rules they are judged by"},
	"waiver-expired":            {"waivers", "have expired and no longer apply"},
	"waiver-unused":             {"waivers", "matched no finding"},
}
