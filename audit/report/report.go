// Package report is the consolidated view of an audit: which models each
// repository uses, under which licenses, with which findings, each
// repository's verdict, and totals. It is built only from the per-repository
// aibom JSON reports (and failure records) kept in audit output
// directories, so an audit and a merge of its shards give the same bytes.
// The JSON form is documented in docs/audit.md; Markdown, CSV and HTML are
// rendered from it.
package report

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// SchemaVersion is the version of the consolidated JSON contract.
const SchemaVersion = 1

// File name suffixes in an audit output directory.
const (
	ReportSuffix = ".aibom.json"
	ErrorSuffix  = ".error.json"
)

// Verdicts of a repository: the verdict of its judged report (pass, fail,
// incomplete), or error when it could not be audited.
const (
	VerdictPass       = sbom.VerdictPass
	VerdictFail       = sbom.VerdictFail
	VerdictIncomplete = sbom.VerdictIncomplete
	VerdictError      = "error"
)

// Report is the consolidated audit report.
type Report struct {
	SchemaVersion int       `json:"schema_version"`
	Tool          sbom.Tool `json:"tool"`
	// Generated is the latest timestamp of the per-repository reports: a
	// fact of the inputs, so the same directories give the same bytes.
	Generated string `json:"generated,omitempty"`
	Totals    Totals `json:"totals"`
	// Partial is set when a merge accepted missing or unfinished shards
	// (aibom merge --partial): the report covers part of the audit, and its
	// outcome is incomplete.
	Partial      *Partial     `json:"partial,omitempty"`
	Repositories []Repository `json:"repositories"`
	Models       []Model      `json:"models"`
	Licenses     []License    `json:"licenses"`
}

// Partial names the shards a merge went without.
type Partial struct {
	// Count is N, the number of shards the audit was split into.
	Count int `json:"count"`
	// Missing are the shards (K) no directory held a manifest of;
	// Unfinished those whose manifest lists repositories not yet done.
	Missing    []int `json:"missing,omitempty"`
	Unfinished []int `json:"unfinished,omitempty"`
	// Unchecked: the directories held no shard manifest at all, so what
	// the report covers is not known.
	Unchecked bool `json:"unchecked,omitempty"`
}

// Text says which shards are absent: "shard 1/2 missing".
func (p *Partial) Text() string {
	if p.Unchecked {
		return "no shard manifests, so which repositories it covers is not known"
	}
	var parts []string
	for _, k := range p.Missing {
		parts = append(parts, fmt.Sprintf("shard %d/%d missing", k, p.Count))
	}
	for _, k := range p.Unfinished {
		parts = append(parts, fmt.Sprintf("shard %d/%d unfinished", k, p.Count))
	}
	return strings.Join(parts, ", ")
}

// Totals count the whole audit.
type Totals struct {
	Repositories int `json:"repositories"`
	Passed       int `json:"passed"`
	Failed       int `json:"failed"`
	Incomplete   int `json:"incomplete"` // some direct model could not be judged
	Errored      int `json:"errored"`
	// NotEnforced counts the repositories judged with fail_on none: their
	// verdict is reported, not applied.
	NotEnforced int `json:"not_enforced"`
	// Models is the number of distinct models (direct and ancestors);
	// DirectModels those referenced directly by at least one repository.
	Models       int `json:"models"`
	DirectModels int `json:"direct_models"`
	// Findings by severity over all repositories (waived findings and
	// findings already in a baseline are not counted).
	Findings map[string]int `json:"findings"`
}

// Repository is one audited repository.
type Repository struct {
	Name     string `json:"name"`
	Source   string `json:"source"`
	Revision string `json:"revision,omitempty"`
	Verdict  string `json:"verdict"` // pass | fail | incomplete | error
	// Enforced is false when the repository was judged with fail_on none.
	Enforced bool `json:"enforced"`
	// Unjudged counts the direct models that could not be judged;
	// AllowUnresolved, that they were accepted.
	Unjudged        int    `json:"unjudged"`
	AllowUnresolved bool   `json:"allow_unresolved,omitempty"`
	Error           string `json:"error,omitempty"`
	Models          int    `json:"models"`
	Direct          int    `json:"direct"`
	// Findings by severity, counted like Totals.Findings.
	Findings  map[string]int `json:"findings"`
	Warnings  int            `json:"warnings"`
	Policy    string         `json:"policy,omitempty"`
	Timestamp string         `json:"timestamp,omitempty"`
	// Report is the file name of the repository's aibom JSON report (or of
	// its failure record) in the output directory.
	Report string `json:"report"`
}

// Model is one distinct model and every repository that uses it.
type Model struct {
	Ref string `json:"ref"`
	Hub string `json:"hub"`
	ID  string `json:"id"`
	// Licenses lists the distinct licenses the repositories' reports name
	// for this model (usually one; more when the hub's answer changed
	// between scans), by key; "unknown" when none was identified.
	Licenses     []string       `json:"licenses"`
	Repositories []Usage        `json:"repositories"`
	Findings     []FindingGroup `json:"findings"`
}

// Usage is one repository's use of a model.
type Usage struct {
	Repository string `json:"repository"`
	// Direct: the repository references the model itself (not only an
	// ancestor of one it references).
	Direct  bool   `json:"direct"`
	Status  string `json:"status"`
	License string `json:"license"` // license key, "unknown" when none
	// Findings are the rule ids that fired for this model in this
	// repository, sorted.
	Findings []string `json:"findings"`
	// Paths are the files the reference was found in (at most 10).
	Paths []string `json:"paths"`
}

// FindingGroup is one rule firing for a model, over repositories.
type FindingGroup struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	// Message is one of the findings' messages (the smallest, for
	// determinism): the message names the model and rarely differs.
	Message      string   `json:"message"`
	Repositories []string `json:"repositories"`
}

// License is one license and how widely it is used.
type License struct {
	Key          string `json:"key"`
	SPDXID       string `json:"spdx_id,omitempty"`
	Name         string `json:"name,omitempty"`
	Category     string `json:"category,omitempty"`
	Models       int    `json:"models"`
	Repositories int    `json:"repositories"`
}

// Failure is the record of a repository that could not be audited.
type Failure struct {
	SchemaVersion int    `json:"schema_version"`
	Repository    string `json:"repository"`
	Source        string `json:"source"`
	Error         string `json:"error"`
}

// Entry is one repository's stored outcome: a report, or a failure.
type Entry struct {
	File    string // base name in the output directory
	Report  *sbom.Report
	Failure *Failure
}

// Name is the repository's canonical name.
func (e Entry) Name() string {
	if e.Report != nil {
		return e.Report.Subject.Name
	}
	if e.Failure != nil {
		return e.Failure.Repository
	}
	return ""
}

// maxStored caps one stored file (a per-repository report is far smaller).
const maxStored = 256 << 20

// ReadEntry reads one stored file of an output directory.
func ReadEntry(path string) (Entry, error) {
	e := Entry{File: filepath.Base(path)}
	f, err := os.Open(path)
	if err != nil {
		return e, err
	}
	defer f.Close()
	switch {
	case strings.HasSuffix(path, ReportSuffix):
		rep, err := sbom.ReadJSON(io.LimitReader(f, maxStored))
		if err != nil {
			return e, fmt.Errorf("%s: %w", path, err)
		}
		if rep.Subject.Name == "" {
			return e, fmt.Errorf("%s: the report names no repository (subject.name)", path)
		}
		e.Report = rep
	case strings.HasSuffix(path, ErrorSuffix):
		var fl Failure
		if err := json.NewDecoder(io.LimitReader(f, 1<<20)).Decode(&fl); err != nil {
			return e, fmt.Errorf("%s: %w", path, err)
		}
		if fl.SchemaVersion != SchemaVersion || fl.Repository == "" {
			return e, fmt.Errorf("%s: not an aibom audit failure record", path)
		}
		e.Failure = &fl
	default:
		return e, fmt.Errorf("%s: not an audit file", path)
	}
	return e, nil
}

// ReadDirs reads every stored report and failure record of the directories
// (not recursively). One repository found more than once keeps a report
// over a failure, and of two reports the later one (then the larger file
// name, so the choice never depends on the order of dirs). Unreadable files
// are returned as errors alongside the entries that were read.
func ReadDirs(dirs ...string) ([]Entry, error) {
	byName := map[string]Entry{}
	var errs []error
	for _, dir := range dirs {
		des, err := os.ReadDir(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, de := range des {
			n := de.Name()
			if !de.Type().IsRegular() || strings.HasPrefix(n, ".") ||
				!(strings.HasSuffix(n, ReportSuffix) || strings.HasSuffix(n, ErrorSuffix)) {
				continue
			}
			e, err := ReadEntry(filepath.Join(dir, n))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if old, ok := byName[e.Name()]; !ok || better(e, old) {
				byName[e.Name()] = e
			}
		}
	}
	out := make([]Entry, 0, len(byName))
	for _, e := range byName {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return cmp.Compare(a.Name(), b.Name()) })
	return out, errors.Join(errs...)
}

func better(a, b Entry) bool {
	if (a.Report != nil) != (b.Report != nil) {
		return a.Report != nil
	}
	if a.Report != nil {
		if c := cmp.Compare(a.Report.Timestamp, b.Report.Timestamp); c != 0 {
			return c > 0
		}
	}
	return a.File > b.File
}

// Build consolidates entries (one per repository) into the report.
func Build(entries []Entry, tool sbom.Tool) *Report {
	r := &Report{SchemaVersion: SchemaVersion, Tool: tool, Totals: Totals{Findings: severities()},
		Repositories: []Repository{}, Models: []Model{}, Licenses: []License{}}
	models := map[string]*Model{}
	type licAgg struct {
		License
		models, repos map[string]bool
	}
	lics := map[string]*licAgg{}
	direct := map[string]bool{}

	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b Entry) int { return cmp.Compare(a.Name(), b.Name()) })
	for _, e := range sorted {
		if e.Report == nil {
			if e.Failure == nil {
				continue
			}
			r.Repositories = append(r.Repositories, Repository{Name: e.Failure.Repository, Source: e.Failure.Source,
				Verdict: VerdictError, Error: e.Failure.Error, Findings: severities(), Report: e.File})
			r.Totals.Errored++
			continue
		}
		rep := e.Report
		repo := Repository{Name: rep.Subject.Name, Source: rep.Subject.Path, Revision: rep.Subject.Revision,
			Verdict: VerdictPass, Models: len(rep.Models), Findings: severities(), Warnings: len(rep.Warnings),
			Timestamp: rep.Timestamp, Report: e.File}
		if rep.Config != nil {
			repo.Policy = rep.Config.Policy
		}
		if s := rep.Summary; s != nil {
			// The verdict the policy stage gave; a report never judged
			// has none and is not a pass.
			repo.Verdict = cmp.Or(s.Verdict, VerdictIncomplete)
			repo.Enforced = s.Enforced
			repo.Unjudged = len(s.Unjudged)
			repo.AllowUnresolved = s.AllowUnresolved
		} else {
			repo.Verdict = VerdictIncomplete
		}
		if rep.Timestamp > r.Generated {
			r.Generated = rep.Timestamp
		}
		// Findings that count, by model.
		byModel := map[string][]sbom.Finding{}
		for _, f := range rep.Findings {
			if f.Waived != nil || (f.New != nil && !*f.New) {
				continue
			}
			repo.Findings[f.Severity]++
			r.Totals.Findings[f.Severity]++
			byModel[f.Model] = append(byModel[f.Model], f)
		}
		for _, m := range rep.Models {
			if m.Direct {
				repo.Direct++
				direct[m.Ref] = true
			}
			agg := models[m.Ref]
			if agg == nil {
				agg = &Model{Ref: m.Ref, Hub: m.Hub, ID: m.ID}
				models[m.Ref] = agg
			}
			// The model's license is its concluded one: every part binds.
			key := "unknown"
			var keys []string
			if m.License != nil {
				for _, p := range m.License.Parts {
					if p.Key == "" {
						continue
					}
					keys = append(keys, p.Key)
					la := lics[p.Key]
					if la == nil {
						la = &licAgg{License: License{Key: p.Key, SPDXID: p.SPDXID, Name: p.Name, Category: p.Category},
							models: map[string]bool{}, repos: map[string]bool{}}
						lics[p.Key] = la
					}
					la.models[m.Ref] = true
					la.repos[repo.Name] = true
				}
			}
			if len(keys) > 0 {
				key = strings.Join(keys, " AND ")
			}
			if !slices.Contains(agg.Licenses, key) {
				agg.Licenses = append(agg.Licenses, key)
			}
			u := Usage{Repository: repo.Name, Direct: m.Direct, Status: m.Status, License: key, Findings: []string{}, Paths: paths(m.Locations)}
			for _, f := range byModel[m.Ref] {
				if !slices.Contains(u.Findings, f.Rule) {
					u.Findings = append(u.Findings, f.Rule)
				}
				agg.addFinding(f, repo.Name)
			}
			sort.Strings(u.Findings)
			agg.Repositories = append(agg.Repositories, u)
		}
		r.Repositories = append(r.Repositories, repo)
		switch repo.Verdict {
		case VerdictFail:
			r.Totals.Failed++
		case VerdictIncomplete:
			r.Totals.Incomplete++
		default:
			r.Totals.Passed++
		}
		if !repo.Enforced {
			r.Totals.NotEnforced++
		}
	}
	for _, m := range models {
		sort.Strings(m.Licenses)
		slices.SortFunc(m.Repositories, func(a, b Usage) int { return cmp.Compare(a.Repository, b.Repository) })
		for i := range m.Findings {
			sort.Strings(m.Findings[i].Repositories)
			m.Findings[i].Repositories = slices.Compact(m.Findings[i].Repositories)
		}
		slices.SortFunc(m.Findings, func(a, b FindingGroup) int {
			return cmp.Or(-cmp.Compare(sbom.SeverityRank(a.Severity), sbom.SeverityRank(b.Severity)), cmp.Compare(a.Rule, b.Rule))
		})
		if m.Findings == nil {
			m.Findings = []FindingGroup{}
		}
		r.Models = append(r.Models, *m)
	}
	slices.SortFunc(r.Models, func(a, b Model) int { return cmp.Compare(a.Ref, b.Ref) })
	for _, l := range lics {
		l.Models, l.Repositories = len(l.models), len(l.repos)
		r.Licenses = append(r.Licenses, l.License)
	}
	slices.SortFunc(r.Licenses, func(a, b License) int {
		return cmp.Or(-cmp.Compare(a.Repositories, b.Repositories), cmp.Compare(a.Key, b.Key))
	})
	r.Totals.Repositories = len(r.Repositories)
	r.Totals.Models = len(r.Models)
	r.Totals.DirectModels = len(direct)
	return r
}

func (m *Model) addFinding(f sbom.Finding, repo string) {
	for i := range m.Findings {
		g := &m.Findings[i]
		if g.Rule == f.Rule && g.Severity == f.Severity {
			g.Repositories = append(g.Repositories, repo)
			if f.Message < g.Message {
				g.Message = f.Message
			}
			return
		}
	}
	m.Findings = append(m.Findings, FindingGroup{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Repositories: []string{repo}})
}

func paths(locs []sbom.Location) []string {
	out := []string{}
	for _, l := range locs {
		if !slices.Contains(out, l.Path) {
			out = append(out, l.Path)
		}
	}
	sort.Strings(out)
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}

func severities() map[string]int {
	return map[string]int{sbom.SeverityError: 0, sbom.SeverityWarning: 0, sbom.SeverityNote: 0}
}

// VerdictAt judges the repository again at another threshold from its
// recorded counts (sbom.Summary.VerdictAt, the one rule for verdicts), as
// `aibom merge --fail-on` does for shards judged with fail_on none.
func (repo Repository) VerdictAt(failOn string) string {
	if repo.Verdict == VerdictError {
		return VerdictError
	}
	s := sbom.Summary{Findings: repo.Findings, Unjudged: make([]sbom.Unjudged, repo.Unjudged), AllowUnresolved: repo.AllowUnresolved}
	return s.VerdictAt(failOn)
}

// Failing counts the repositories whose enforced verdict is not pass: a
// policy failure, or models that could not be judged.
func (r *Report) Failing() int {
	n := 0
	for _, repo := range r.Repositories {
		if repo.Enforced && (repo.Verdict == VerdictFail || repo.Verdict == VerdictIncomplete) {
			n++
		}
	}
	return n
}
