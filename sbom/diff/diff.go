// Package diff compares two aibom reports — typically the base branch and
// the head of a pull request — and says what the change brings: models
// added, removed and changed (license, revision, ancestry, direct use), and
// findings new, fixed and unchanged.
//
// Findings are matched by their id, the policy stage's fingerprint of rule,
// model, subject and the (path, via) of each location. Line numbers are not
// part of it, so a change that only moves a reference within a file brings
// no new finding. The JSON form of a Diff is documented in
// docs/github-action.md and carries "schema_version": 1.
package diff

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// SchemaVersion is the version of the diff's JSON contract.
const SchemaVersion = 1

// Diff is what changed between two reports.
type Diff struct {
	SchemaVersion int         `json:"schema_version"`
	Base          Side        `json:"base"`
	Head          Side        `json:"head"`
	Summary       Summary     `json:"summary"`
	Models        ModelDiff   `json:"models"`
	Findings      FindingDiff `json:"findings"`
	// Unjudged lists the head's direct models that could not be judged and
	// were not already unjudged in the base.
	Unjudged []sbom.Unjudged `json:"unjudged"`

	allowUnresolved bool // the head accepted unjudged models
}

// Side describes one of the two reports.
type Side struct {
	Path     string `json:"path,omitempty"`     // the scanned path recorded in the report
	Revision string `json:"revision,omitempty"` // VCS commit when the report has one
	Tool     string `json:"tool,omitempty"`     // aibom version that wrote the report
	Policy   string `json:"policy,omitempty"`   // policy the report was judged against
}

// Summary counts the diff.
type Summary struct {
	ModelsAdded       int `json:"models_added"`
	ModelsRemoved     int `json:"models_removed"`
	ModelsChanged     int `json:"models_changed"`
	NewFindings       int `json:"new_findings"` // not waived
	NewWaived         int `json:"new_waived"`   // new but covered by a waiver
	FixedFindings     int `json:"fixed_findings"`
	UnchangedFindings int `json:"unchanged_findings"`
	// NewBySeverity counts new, unwaived findings per severity (error,
	// warning, note always present).
	NewBySeverity map[string]int `json:"new_by_severity"`
	// NewUnjudged counts Diff.Unjudged; HeadVerdict is the head report's
	// verdict (pass, fail, incomplete; "" when it was not judged).
	NewUnjudged int    `json:"new_unjudged"`
	HeadVerdict string `json:"head_verdict,omitempty"`
}

// ModelDiff lists model changes, each sorted by ref.
type ModelDiff struct {
	Added   []ModelEntry  `json:"added"`
	Removed []ModelEntry  `json:"removed"`
	Changed []ModelChange `json:"changed"`
}

// ModelEntry is a model that is on one side only.
type ModelEntry struct {
	Ref       string          `json:"ref"`
	Direct    bool            `json:"direct"`
	License   string          `json:"license"` // SPDX id or catalog key; "" when none is known
	Locations []sbom.Location `json:"locations"`
}

// ModelChange is a model present on both sides whose facts differ.
type ModelChange struct {
	Ref       string          `json:"ref"`                // head ref
	BaseRef   string          `json:"base_ref,omitempty"` // base ref when it differs (revision change)
	Direct    bool            `json:"direct"`             // on the head
	Locations []sbom.Location `json:"locations"`          // on the head
	Changes   []Change        `json:"changes"`
}

// Change fields, in the order they are listed.
const (
	FieldRevision   = "revision"
	FieldLicense    = "license"
	FieldBaseModels = "base_models"
	FieldDirect     = "direct"
)

// Change is one field of a model that differs. Values are display strings;
// base_models is a comma-separated list of "ref (relation)".
type Change struct {
	Field string `json:"field"`
	Base  string `json:"base"`
	Head  string `json:"head"`
}

// FindingDiff lists findings by fate, each in report order (severity, rule,
// model, id).
type FindingDiff struct {
	New       []sbom.Finding `json:"new"`       // on the head only
	Fixed     []sbom.Finding `json:"fixed"`     // on the base only
	Unchanged []sbom.Finding `json:"unchanged"` // on both (the head's copy)
}

// Compare diffs base against head. Neither report is modified; either may be
// nil (an empty report).
func Compare(base, head *sbom.Report) *Diff {
	if base == nil {
		base = &sbom.Report{}
	}
	if head == nil {
		head = &sbom.Report{}
	}
	d := &Diff{
		SchemaVersion: SchemaVersion,
		Base:          side(base),
		Head:          side(head),
	}
	d.Models = compareModels(base.Models, head.Models)
	d.Findings = compareFindings(base.Findings, head.Findings)
	d.Summary = summarize(d)
	d.Unjudged = newUnjudged(base.Summary, head.Summary)
	d.Summary.NewUnjudged = len(d.Unjudged)
	if head.Summary != nil {
		d.Summary.HeadVerdict = head.Summary.Verdict
		d.allowUnresolved = head.Summary.AllowUnresolved
	}
	return d
}

// newUnjudged lists the head's direct models that could not be judged and
// were judged (or absent) in the base: what the change leaves unchecked.
func newUnjudged(base, head *sbom.Summary) []sbom.Unjudged {
	if head == nil {
		return []sbom.Unjudged{}
	}
	was := map[string]bool{}
	if base != nil {
		for _, u := range base.Unjudged {
			was[u.Model] = true
		}
	}
	out := []sbom.Unjudged{}
	for _, u := range head.Unjudged {
		if !was[u.Model] {
			out = append(out, u)
		}
	}
	return out
}

func side(r *sbom.Report) Side {
	s := Side{Path: r.Subject.Path, Revision: r.Subject.Revision, Tool: r.Tool.Version}
	if r.Config != nil {
		s.Policy = r.Config.Policy
	}
	return s
}

// identity is how a model is matched across reports: hub, id (folded where
// the hub ignores case) and revision. A hand-written report may carry only
// a ref; then the ref is parsed.
func identity(m sbom.Model, withRevision bool) string {
	hub, id, rev := m.Hub, m.ID, m.Revision
	if hub == "" || id == "" {
		if h, i, r, err := sbom.ParseRef(m.Ref); err == nil {
			hub, id, rev = h, i, r
		} else {
			return "\x00" + m.Ref
		}
	}
	if !withRevision {
		rev = ""
	}
	return sbom.Key(hub, id, rev)
}

func compareModels(base, head []sbom.Model) ModelDiff {
	md := ModelDiff{Added: []ModelEntry{}, Removed: []ModelEntry{}, Changed: []ModelChange{}}
	base = sortedModels(base)
	head = sortedModels(head)

	// Exact matches first (same hub, id and revision).
	baseBy := map[string][]int{}
	for i, m := range base {
		k := identity(m, true)
		baseBy[k] = append(baseBy[k], i)
	}
	usedBase := make([]bool, len(base))
	var unmatchedHead []int
	for i, m := range head {
		k := identity(m, true)
		if idx := baseBy[k]; len(idx) > 0 {
			baseBy[k] = idx[1:]
			usedBase[idx[0]] = true
			if ch := modelChange(base[idx[0]], m); ch != nil {
				md.Changed = append(md.Changed, *ch)
			}
			continue
		}
		unmatchedHead = append(unmatchedHead, i)
	}

	// Then a model whose revision changed: exactly one unmatched model with
	// the same hub and id on each side. Several revisions of one model on a
	// side cannot be paired without guessing, so they stay added/removed.
	baseByID := map[string][]int{}
	for i, m := range base {
		if !usedBase[i] {
			k := identity(m, false)
			baseByID[k] = append(baseByID[k], i)
		}
	}
	headByID := map[string][]int{}
	for _, i := range unmatchedHead {
		k := identity(head[i], false)
		headByID[k] = append(headByID[k], i)
	}
	for _, i := range unmatchedHead {
		m := head[i]
		k := identity(m, false)
		if b := baseByID[k]; len(b) == 1 && len(headByID[k]) == 1 {
			usedBase[b[0]] = true
			ch := modelChange(base[b[0]], m)
			if ch == nil { // same facts, ref differs only in spelling
				continue
			}
			md.Changed = append(md.Changed, *ch)
			continue
		}
		md.Added = append(md.Added, entry(m))
	}
	for i, m := range base {
		if !usedBase[i] {
			md.Removed = append(md.Removed, entry(m))
		}
	}
	byRef := func(a, b ModelEntry) int { return cmp.Compare(a.Ref, b.Ref) }
	slices.SortFunc(md.Added, byRef)
	slices.SortFunc(md.Removed, byRef)
	slices.SortFunc(md.Changed, func(a, b ModelChange) int { return cmp.Compare(a.Ref, b.Ref) })
	return md
}

// sortedModels returns a copy sorted by ref, so that pairing is independent
// of input order.
func sortedModels(ms []sbom.Model) []sbom.Model {
	out := slices.Clone(ms)
	slices.SortStableFunc(out, func(a, b sbom.Model) int { return cmp.Compare(a.Ref, b.Ref) })
	return out
}

func entry(m sbom.Model) ModelEntry {
	return ModelEntry{Ref: m.Ref, Direct: m.Direct, License: licenseLabel(m.License), Locations: locations(m.Locations)}
}

func locations(ls []sbom.Location) []sbom.Location {
	out := slices.Clone(ls)
	if out == nil {
		out = []sbom.Location{}
	}
	sbom.SortLocations(out)
	return out
}

// licenseLabel is how a concluded license is shown: its SPDX expression
// ("LicenseRef-aibom-llama3 AND Apache-2.0"); "" when none is known.
func licenseLabel(l *sbom.Concluded) string {
	if l == nil {
		return ""
	}
	return l.Expression
}

// licenseIdentity compares concluded licenses part by part: the catalog
// key when there is one (it distinguishes versions), else the SPDX id, the
// hub's id or the name.
func licenseIdentity(l *sbom.Concluded) string {
	if l == nil {
		return ""
	}
	var ids []string
	for _, p := range l.Parts {
		ids = append(ids, p.Identity())
	}
	slices.Sort(ids)
	return strings.Join(ids, " and ")
}

func baseModels(bs []sbom.BaseModel) string {
	parts := make([]string, 0, len(bs))
	for _, b := range bs {
		parts = append(parts, b.Ref+" ("+cmp.Or(b.Relation, "unknown")+")")
	}
	slices.Sort(parts)
	parts = slices.Compact(parts)
	return strings.Join(parts, ", ")
}

func modelChange(b, h sbom.Model) *ModelChange {
	var cs []Change
	if b.Revision != h.Revision {
		cs = append(cs, Change{Field: FieldRevision, Base: b.Revision, Head: h.Revision})
	}
	if licenseIdentity(b.License) != licenseIdentity(h.License) {
		cs = append(cs, Change{Field: FieldLicense, Base: licenseLabel(b.License), Head: licenseLabel(h.License)})
	}
	if bb, hb := baseModels(b.BaseModels), baseModels(h.BaseModels); bb != hb {
		cs = append(cs, Change{Field: FieldBaseModels, Base: bb, Head: hb})
	}
	if b.Direct != h.Direct {
		cs = append(cs, Change{Field: FieldDirect, Base: boolString(b.Direct), Head: boolString(h.Direct)})
	}
	if len(cs) == 0 {
		return nil
	}
	ch := &ModelChange{Ref: h.Ref, Direct: h.Direct, Locations: locations(h.Locations), Changes: cs}
	if b.Ref != h.Ref {
		ch.BaseRef = b.Ref
	}
	return ch
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// findingKey is the matching key: the id, or for a finding without one (a
// hand-written report) its rule, model and message.
func findingKey(f sbom.Finding) string {
	if f.ID != "" {
		return f.ID
	}
	return "\x00" + f.Rule + "\x00" + f.Model + "\x00" + f.Message
}

func compareFindings(base, head []sbom.Finding) FindingDiff {
	fd := FindingDiff{New: []sbom.Finding{}, Fixed: []sbom.Finding{}, Unchanged: []sbom.Finding{}}
	// Counted, so that a duplicated id on one side matches at most as many
	// times as it occurs on the other.
	baseCount := map[string]int{}
	for _, f := range base {
		baseCount[findingKey(f)]++
	}
	headCount := map[string]int{}
	for _, f := range sortedFindings(head) {
		k := findingKey(f)
		headCount[k]++
		if baseCount[k] >= headCount[k] {
			f.New = boolPtr(false)
			fd.Unchanged = append(fd.Unchanged, f)
			continue
		}
		f.New = boolPtr(true)
		fd.New = append(fd.New, f)
	}
	seen := map[string]int{}
	for _, f := range sortedFindings(base) {
		k := findingKey(f)
		seen[k]++
		if seen[k] > headCount[k] {
			f.New = nil
			fd.Fixed = append(fd.Fixed, f)
		}
	}
	return fd
}

func boolPtr(b bool) *bool { return &b }

// sortedFindings returns a deep-enough copy (locations cloned) in report
// order, so the caller's report is never modified.
func sortedFindings(fs []sbom.Finding) []sbom.Finding {
	out := slices.Clone(fs)
	for i := range out {
		out[i].Locations = locations(out[i].Locations)
	}
	slices.SortStableFunc(out, compareFinding)
	return out
}

func compareFinding(a, b sbom.Finding) int {
	return cmp.Or(
		-cmp.Compare(sbom.SeverityRank(a.Severity), sbom.SeverityRank(b.Severity)),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Model, b.Model),
		cmp.Compare(a.ID, b.ID),
		cmp.Compare(a.Message, b.Message),
	)
}

func summarize(d *Diff) Summary {
	s := Summary{
		ModelsAdded:       len(d.Models.Added),
		ModelsRemoved:     len(d.Models.Removed),
		ModelsChanged:     len(d.Models.Changed),
		FixedFindings:     len(d.Findings.Fixed),
		UnchangedFindings: len(d.Findings.Unchanged),
		NewBySeverity:     map[string]int{sbom.SeverityError: 0, sbom.SeverityWarning: 0, sbom.SeverityNote: 0},
	}
	for _, f := range d.Findings.New {
		if f.Waived != nil {
			s.NewWaived++
			continue
		}
		s.NewFindings++
		s.NewBySeverity[f.Severity]++
	}
	return s
}

// Failing counts what fails a pre-merge gate at failOn (error, warning,
// note): the new, unwaived findings at or above it, and the direct models
// the change leaves unjudged, unless the head report accepted those
// (allow_unresolved). Any other value ("none", "") counts nothing.
func (d *Diff) Failing(failOn string) int {
	min := sbom.SeverityRank(failOn)
	if min == 0 {
		return 0
	}
	n := 0
	for _, f := range d.Findings.New {
		if f.Waived == nil && sbom.SeverityRank(f.Severity) >= min {
			n++
		}
	}
	if !d.allowUnresolved {
		n += len(d.Unjudged)
	}
	return n
}

// Gating returns the new, unwaived findings, the ones a pre-merge gate
// reports and annotates, in report order.
func (d *Diff) Gating() []sbom.Finding {
	var out []sbom.Finding
	for _, f := range d.Findings.New {
		if f.Waived == nil {
			out = append(out, f)
		}
	}
	return out
}
