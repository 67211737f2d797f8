// Package sarif renders an aibom report's findings as SARIF 2.1.0 for
// GitHub code scanning: one rule per policy rule, one result per finding
// at the line that references the model, partialFingerprints from the
// finding id so an alert keeps its identity across commits, waivers as
// suppressions and the baseline comparison as baselineState.
//
// GitHub's requirements and limits are from "SARIF support for code
// scanning" (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning)
// and "SARIF results exceed one or more limits"
// (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit).
package sarif

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aibom/aibom/sbom"
)

// GitHub rejects a file over these hard limits (results-exceed-limit page
// above); aibom writes one run, so only the per-run limits apply.
const (
	MaxResults   = 25000
	MaxRules     = 25000
	MaxLocations = 1000 // per result, primary and related together
	MaxTags      = 20   // per rule
	// maxShort is GitHub's limit on shortDescription.text (1024 chars).
	maxShort = 1024
)

// FingerprintKey names aibom's partial fingerprint: the finding id, which
// the policy stage derives from rule, model and location.
const FingerprintKey = "aibomFindingId/v1"

// LineHashKey is the fingerprint GitHub code scanning matches alerts by
// across runs. upload-sarif computes one from the file's text when it is
// missing, but a SARIF file sent through the REST API is taken as it is,
// so aibom writes its own (lineHash).
const LineHashKey = "primaryLocationLineHash"

// DefaultHelpBase is where rules without their own help URI point: the
// section of docs/policies.md named after the rule id.
const DefaultHelpBase = "https://github.com/aibom/aibom/blob/main/docs/policies.md#"

// RuleMeta describes one policy rule for the SARIF rules array. The judged
// report carries the descriptions of its policy's rules (Report.Rules);
// RuleMeta given to New add to them.
type RuleMeta struct {
	ID           string
	Short        string // one line
	Full         string
	HelpURI      string // "" → DefaultHelpBase + ID
	DefaultLevel string // note | warning | error; "" → warning
	Tags         []string
}

// Encoder writes SARIF 2.1.0.
type Encoder struct {
	rules []RuleMeta
}

// New returns an encoder that describes the given rules. Rules that fire
// but are not listed are described from the findings themselves.
func New(rules []RuleMeta) *Encoder {
	return &Encoder{rules: slices.Clone(rules)}
}

// Encode writes r's findings as one SARIF run.
func (e *Encoder) Encode(w io.Writer, r *sbom.Report) error {
	if r == nil {
		return fmt.Errorf("sarif: nil report")
	}
	log := e.Log(r)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("sarif: write log: %w", err)
	}
	return nil
}

// Log builds the SARIF log for r.
func (e *Encoder) Log(r *sbom.Report) *Log {
	findings := slices.Clone(r.Findings)
	// Most severe first, so that if the result cap bites, what is dropped
	// is the least severe (GitHub also shows only the top 5,000 by
	// severity); then by id for a stable order.
	slices.SortStableFunc(findings, func(a, b sbom.Finding) int {
		return cmp.Or(cmp.Compare(severityRank(b.Severity), severityRank(a.Severity)),
			strings.Compare(a.Rule, b.Rule), strings.Compare(a.ID, b.ID))
	})
	dropped := 0
	if len(findings) > MaxResults {
		dropped = len(findings) - MaxResults
		findings = findings[:MaxResults]
	}

	var judged []RuleMeta
	for _, ru := range r.Rules {
		judged = append(judged, RuleMeta{ID: ru.ID, Short: ru.Short, Full: ru.Full, HelpURI: ru.HelpURI, DefaultLevel: ru.Severity})
	}
	rules, index := e.ruleList(findings, judged)
	models := map[string]*sbom.Model{}
	for i := range r.Models {
		models[r.Models[i].Ref] = &r.Models[i]
	}

	results := make([]Result, 0, len(findings))
	seen := map[string]int{} // line hash → results so far with it
	for _, f := range findings {
		res := result(f, index[f.Rule], models, r.Subject.RepoPath)
		h := lineHash(f.Model, res)
		seen[h]++
		res.PartialFingerprints[LineHashKey] = h + ":" + strconv.Itoa(seen[h])
		results = append(results, res)
	}

	driver := Driver{
		Name:           cmp.Or(r.Tool.Name, "aibom"),
		InformationURI: "https://github.com/aibom/aibom",
		Rules:          rules,
	}
	if isSemver(r.Tool.Version) {
		driver.SemanticVersion = r.Tool.Version
	} else if r.Tool.Version != "" {
		driver.Version = r.Tool.Version
	}
	run := Run{
		Tool:    Tool{Driver: driver},
		Results: results,
	}
	if dropped > 0 {
		run.Properties = map[string]any{"aibom/droppedResults": dropped}
	}
	return &Log{Schema: SchemaURI, Version: "2.1.0", Runs: []Run{run}}
}

func (e *Encoder) ruleList(findings []sbom.Finding, judged []RuleMeta) ([]Rule, map[string]int) {
	meta := map[string]RuleMeta{}
	for _, m := range e.rules {
		if m.ID != "" {
			meta[m.ID] = m
		}
	}
	for _, m := range judged {
		if m.ID != "" {
			meta[m.ID] = m
		}
	}
	// Describe every given rule (so GitHub knows them even while they do
	// not fire) plus any rule that fires without a description.
	for _, f := range findings {
		if _, ok := meta[f.Rule]; !ok {
			meta[f.Rule] = RuleMeta{ID: f.Rule, DefaultLevel: f.Severity}
		}
	}
	ids := make([]string, 0, len(meta))
	for id := range meta {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if len(ids) > MaxRules {
		ids = ids[:MaxRules]
	}
	rules := make([]Rule, 0, len(ids))
	index := map[string]int{}
	for i, id := range ids {
		index[id] = i
		rules = append(rules, rule(meta[id]))
	}
	return rules, index
}

func rule(m RuleMeta) Rule {
	short := oneLine(cmp.Or(m.Short, humanize(m.ID)))
	full := cmp.Or(strings.TrimSpace(m.Full), short)
	help := cmp.Or(m.HelpURI, DefaultHelpBase+url.PathEscape(m.ID))
	level := level(m.DefaultLevel)
	tags := append([]string{"ai-model", "license"}, m.Tags...)
	slices.Sort(tags)
	tags = slices.Compact(tags)
	if len(tags) > MaxTags {
		tags = tags[:MaxTags]
	}
	return Rule{
		ID:                   m.ID,
		Name:                 truncate(pascal(m.ID), 255),
		ShortDescription:     Message{Text: truncate(short, maxShort)},
		FullDescription:      Message{Text: full},
		Help:                 &Message{Text: sentence(full) + " See " + help},
		HelpURI:              help,
		DefaultConfiguration: &Configuration{Level: level},
		Properties:           map[string]any{"tags": tags, "problem.severity": level},
	}
}

func result(f sbom.Finding, ruleIndex int, models map[string]*sbom.Model, repoPath string) Result {
	res := Result{
		RuleID:              f.Rule,
		RuleIndex:           ruleIndex,
		Level:               level(f.Severity),
		Message:             Message{Text: message(f)},
		PartialFingerprints: map[string]string{FingerprintKey: f.ID},
	}
	locs := f.Locations
	if len(locs) == 0 {
		locs = modelLocations(f.Model, models)
	}
	locs = sbom.ByReach(locs) // the code that uses the model is the primary location
	var phys []Location
	for _, l := range locs {
		if loc, ok := location(l, repoPath); ok {
			phys = append(phys, loc)
		}
		if len(phys) == MaxLocations {
			break
		}
	}
	if len(phys) > 0 {
		// GitHub annotates only the first location; the others (the same
		// model referenced elsewhere) are related locations.
		res.Locations = phys[:1]
		for i := 1; i < len(phys); i++ {
			phys[i].ID = i
			res.RelatedLocations = append(res.RelatedLocations, phys[i])
		}
	}
	if f.New != nil {
		res.BaselineState = "unchanged"
		if *f.New {
			res.BaselineState = "new"
		}
	}
	if f.Waived != nil {
		res.Suppressions = []Suppression{{
			Kind:          "external", // in the policy file, not in the source
			Status:        "accepted",
			Justification: oneLine(f.Waived.Reason),
			Properties:    map[string]any{"expires": f.Waived.Expires},
		}}
	}
	props := map[string]any{}
	if f.Model != "" {
		props["model"] = f.Model
	}
	if f.Evidence != nil && f.Evidence.Quote != "" {
		props["evidence"] = f.Evidence.Quote
		if f.Evidence.Document != "" {
			props["evidenceDocument"] = f.Evidence.Document
		}
	}
	if f.Remediation != "" {
		props["remediation"] = f.Remediation
	}
	if len(props) > 0 {
		res.Properties = props
	}
	return res
}

// lineHash is GitHub's primaryLocationLineHash without the line: GitHub
// treats the value as opaque, and its own hashes the text around the
// line so that moving code does not open a new alert. aibom has the
// report, not the file, so it hashes what identifies the alert and does
// not move with the code: the rule, the model, and the primary location's
// file and how the reference was found (via). The occurrence number
// (":N") tells apart results that share those, in the log's stable order.
func lineHash(model string, res Result) string {
	h := sha256.New()
	parts := []string{res.RuleID, model}
	if len(res.Locations) > 0 {
		l := res.Locations[0]
		parts = append(parts, l.PhysicalLocation.ArtifactLocation.URI)
		if l.Message != nil {
			parts = append(parts, l.Message.Text)
		}
	}
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// modelLocations finds where the project references a model that has no
// location of its own (an ancestor): the locations of the direct models
// it was reached through.
func modelLocations(ref string, models map[string]*sbom.Model) []sbom.Location {
	m := models[ref]
	if m == nil {
		return nil
	}
	if len(m.Locations) > 0 {
		return m.Locations
	}
	var out []sbom.Location
	for _, v := range m.Via {
		if d := models[v]; d != nil {
			out = append(out, d.Locations...)
		}
	}
	return out
}

func message(f sbom.Finding) string {
	msg := strings.TrimSpace(f.Message)
	if msg == "" {
		msg = f.Rule
		if f.Model != "" {
			msg += ": " + f.Model
		}
	}
	if f.Remediation != "" {
		msg += "\n\nRemediation: " + strings.TrimSpace(f.Remediation)
	}
	return msg
}

// windowsAbs reports a path absolute on Windows (C:/…, after the
// separators were turned to /). A name such as a:translate.py is a file
// of the tree (POSIX allows ':'), not a drive, and keeps its location.
func windowsAbs(p string) bool {
	return len(p) >= 2 && p[1] == ':' && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z') && (len(p) == 2 || p[2] == '/')
}

// location turns a report location (relative to the scanned root, /
// separators) into a SARIF location relative to %SRCROOT%, the repository
// root: repoPath is where the scanned root sits inside the repository
// (Subject.RepoPath), so a scan of a subdirectory still points GitHub at
// the right file. Paths that would escape the root are dropped: GitHub
// cannot show them and they would reveal the scanning machine's layout.
func location(l sbom.Location, repoPath string) (Location, bool) {
	p := strings.TrimPrefix(strings.ReplaceAll(l.Path, "\\", "/"), "./")
	if p == "" || strings.HasPrefix(p, "/") || windowsAbs(p) {
		return Location{}, false
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") || path.IsAbs(clean) {
		return Location{}, false
	}
	if rp := path.Clean(strings.Trim(repoPath, "/")); rp != "." && rp != "" && !strings.HasPrefix(rp, "..") {
		clean = rp + "/" + clean
	}
	u := (&url.URL{Path: clean}).EscapedPath()
	// A first segment with a colon would read as a URI scheme.
	if first, _, _ := strings.Cut(u, "/"); strings.Contains(first, ":") {
		u = "./" + u
	}
	loc := Location{PhysicalLocation: PhysicalLocation{
		ArtifactLocation: ArtifactLocation{URI: u, URIBaseID: "SRCROOT"},
	}}
	if l.Line > 0 {
		// The reference's span where the extractor knew it; else the rest
		// of the line (SARIF: no endColumn means the end of endLine).
		reg := &Region{StartLine: l.Line, EndLine: l.Line}
		if l.Column > 0 {
			reg.StartColumn = l.Column
		}
		if l.EndLine > l.Line || l.EndLine == l.Line && l.EndColumn > l.Column {
			reg.EndLine, reg.EndColumn = l.EndLine, l.EndColumn
		}
		loc.PhysicalLocation.Region = reg
	}
	if l.Via != "" || l.Cell > 0 {
		text := l.Via
		if l.Cell > 0 {
			cell := "notebook cell " + strconv.Itoa(l.Cell)
			if l.CellLine > 0 {
				cell += ", line " + strconv.Itoa(l.CellLine)
			}
			text = strings.TrimSpace(text + " (" + cell + ")")
		}
		loc.Message = &Message{Text: text}
	}
	return loc, true
}

func level(sev string) string {
	switch sev {
	case sbom.SeverityError, sbom.SeverityWarning, sbom.SeverityNote:
		return sev
	}
	return sbom.SeverityWarning
}

func severityRank(sev string) int {
	switch sev {
	case sbom.SeverityError:
		return 3
	case sbom.SeverityWarning:
		return 2
	case sbom.SeverityNote:
		return 1
	}
	return 0
}

// humanize turns a rule id (user-limit) into a short description when the
// policy gave none (User limit).
func humanize(id string) string {
	s := strings.ReplaceAll(strings.ReplaceAll(id, "-", " "), "_", " ")
	if s == "" {
		return "aibom finding"
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// pascal turns a rule id into the rule's name (user-limit → UserLimit).
func pascal(id string) string {
	var sb strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' }) {
		r, n := utf8.DecodeRuneInString(part)
		sb.WriteString(strings.ToUpper(string(r)) + part[n:])
	}
	return sb.String()
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func isSemver(v string) bool {
	core, _, _ := strings.Cut(strings.TrimPrefix(v, "v"), "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) != 3 || strings.HasPrefix(v, "v") {
		return false
	}
	for _, p := range parts {
		if _, err := strconv.ParseUint(p, 10, 64); err != nil {
			return false
		}
	}
	return true
}
