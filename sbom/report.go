// Package sbom holds aibom's report model: the models a project depends on
// (direct references and their ancestors), the datasets they name, the
// findings of the policy stage, and the tool and subject metadata. The JSON
// form of Report is aibom's canonical output (docs/report.md); every other
// format is rendered from it.
package sbom

import (
	"github.com/aibom/aibom/licenses"
)

// SchemaVersion is the version of the JSON report contract. Version 2
// made Model.License the concluded license and Model.Terms the combined
// terms (docs/report.md, "Changes from 1"); ReadJSON converts version 1.
const SchemaVersion = 2

// Report is the whole result of a scan.
type Report struct {
	SchemaVersion int         `json:"schema_version"`
	Tool          Tool        `json:"tool"`
	Subject       Subject     `json:"subject"`
	Timestamp     string      `json:"timestamp,omitempty"` // RFC 3339 UTC; from SOURCE_DATE_EPOCH when set
	Config        *ScanConfig `json:"config,omitempty"`
	Models        []Model     `json:"models"`
	Datasets      []Dataset   `json:"datasets"`
	Findings      []Finding   `json:"findings"`
	Warnings      []Warning   `json:"warnings,omitempty"`
	// Unresolved lists the places where the project chooses a model at run
	// time (an environment variable or command-line option with no literal
	// default): no model can be named there, so the policy reports each as
	// an unresolved-reference note asking for a declaration in models:.
	Unresolved []UnresolvedReference `json:"unresolved_references,omitempty"`
	// Skipped lists every file the scan did not read, with the reason,
	// sorted by path: a reviewer can tell "no model here" from "not read".
	Skipped []SkippedFile `json:"skipped,omitempty"`
	Summary *Summary      `json:"summary,omitempty"`
	// Rules describes the rules of the policy the report was judged
	// against, so that encoders (SARIF) can describe them without knowing
	// the policy.
	Rules []Rule `json:"rules,omitempty"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Subject is what was scanned.
type Subject struct {
	Path     string `json:"path"`
	Name     string `json:"name,omitempty"`
	Revision string `json:"revision,omitempty"` // VCS commit when known
	// RepoPath is the scanned root's path inside its git repository, with /
	// separators ("" at the repository root), so tools that place findings
	// in the repository (SARIF) can prefix it to report paths.
	RepoPath string `json:"repo_path,omitempty"`
}

// ScanConfig records the settings that shaped the report, so a reader can
// tell an offline scan from an online one and which policy was applied.
type ScanConfig struct {
	Offline  bool              `json:"offline"`
	Policy   string            `json:"policy,omitempty"`
	Context  map[string]string `json:"context,omitempty"`
	FailOn   string            `json:"fail_on,omitempty"`
	MaxDepth int               `json:"max_depth,omitempty"`
	NoDocs   bool              `json:"no_docs,omitempty"`
	// NoTests records --include-tests=false: references in tests were
	// left out.
	NoTests bool `json:"no_tests,omitempty"`
	// Approvals are the context's approvals (context.approvals), kept whole
	// so that a saved report can be judged again under the same context.
	Approvals []Approval `json:"approvals,omitempty"`
	// AllowUnresolved records that models which could not be judged were
	// accepted (--allow-unresolved or the policy's allow_unresolved).
	AllowUnresolved bool `json:"allow_unresolved,omitempty"`
}

// Approval is one recorded approval of the product context: a license the
// organisation holds a separate grant for.
type Approval struct {
	License   string `json:"license"`
	Reference string `json:"reference,omitempty"`
	Date      string `json:"date,omitempty"`
}

// Model statuses.
const (
	StatusResolved = "resolved"
	StatusOffline  = "offline"
	StatusNotFound = "not-found"
	StatusGated    = "gated"
	StatusError    = "error"
	// StatusTimeout: the scan's deadline (--timeout) passed before the
	// model was answered.
	StatusTimeout = "timeout"
)

// Model is one distinct model: referenced by the project (Direct) or reached
// through the ancestry of one that is.
type Model struct {
	Ref       string     `json:"ref"` // hub prefix : id [@revision], e.g. hf:org/name
	Hub       string     `json:"hub"`
	ID        string     `json:"id"`
	Revision  string     `json:"revision,omitempty"`
	Name      string     `json:"name,omitempty"`
	Purl      string     `json:"purl,omitempty"`
	Direct    bool       `json:"direct"`
	Locations []Location `json:"locations"`
	// Via lists, for an ancestor, the refs of the direct models it was reached through.
	Via      []string `json:"via,omitempty"`
	Status   string   `json:"status"`
	Reason   string   `json:"reason,omitempty"`   // why the status is not resolved
	Source   string   `json:"source,omitempty"`   // hub | cache | catalog | file | manifest
	Snapshot string   `json:"snapshot,omitempty"` // date of the catalog fact when source is catalog
	Gated    bool     `json:"gated,omitempty"`
	Task     string   `json:"task,omitempty"`
	// Created and Modified are when the hub says the model's repository was
	// created and last changed (RFC 3339).
	Created  string `json:"created,omitempty"`
	Modified string `json:"modified,omitempty"`
	Library  string `json:"library,omitempty"`
	// License is the concluded license: every license that binds the model
	// (its own, declared or read from a file, and each ancestor's, since a
	// fine-tune stays bound by its base's license) as one SPDX expression
	// and its parts. Nil when nothing identifies any license.
	License *Concluded `json:"license"`
	// Declared is what the publisher declared, verbatim (hub id,
	// license_name, link), and the license it names.
	Declared *Declared `json:"declared,omitempty"`
	// Detected lists the licenses identified in the files aibom read.
	Detected []Detection `json:"detected,omitempty"`
	// Terms are the combined terms of every part of License
	// (licenses.Combine): the most restrictive value of each, with the
	// clause and part that decide it. Each part keeps its own terms.
	Terms *licenses.Terms `json:"terms"`
	// Files are the weight files the hub listed with their sha256, at
	// Revision.
	Files      []File             `json:"files,omitempty"`
	BaseModels []BaseModel        `json:"base_models"`
	Datasets   []string           `json:"datasets"`
	Openness   *licenses.Openness `json:"openness,omitempty"`
	// Provider is what aibom read of the terms of the closed API provider
	// the model is called through (API models only): the facts with their
	// sources, or status unverified and the terms page to read.
	Provider *licenses.ProviderTerms `json:"provider,omitempty"`
}

// File is a weight file of a model's repository, as its hub lists it.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size,omitempty"`
}

// Location is where a reference was found, relative to the scanned root
// with / separators.
type Location struct {
	Path   string `json:"path"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// EndLine and EndColumn end the reference's span (EndColumn is one
	// past its last character, as in SARIF), where the extractor knows it.
	EndLine   int `json:"end_line,omitempty"`
	EndColumn int `json:"end_column,omitempty"`
	// Cell is the notebook cell (1-based) when the file is a notebook, and
	// CellLine the line within it; Line and Column are still the file's,
	// where an editor, git blame and a SARIF viewer look.
	Cell     int    `json:"cell,omitempty"`
	CellLine int    `json:"cell_line,omitempty"`
	Via      string `json:"via"`
	Doc      bool   `json:"documentation,omitempty"` // found in documentation, a weaker signal
	// Test: found in a test file or directory (tests/, test_*.py,
	// *_test.go …), code that runs only when the project is tested.
	Test bool `json:"test,omitempty"`
}

// Concluded is the license that governs a model: every license binding
// it, in Parts, most restrictive first, and the conjunction of their ids.
type Concluded struct {
	// Expression is an SPDX license expression: the parts' ids joined by
	// AND, e.g. "LicenseRef-aibom-llama3 AND Apache-2.0".
	Expression string        `json:"expression"`
	Parts      []LicensePart `json:"parts"`
}

// LicensePart is one license binding a model: which license, how aibom
// knows (Source: declared, detected, catalog, inherited), through which
// models, and its own terms.
type LicensePart struct {
	License
	// From lists the refs of the models whose license this is: the model
	// itself (first) when the license is its own, and each ancestor that
	// carries it.
	From []string `json:"from"`
	// File is the repository file the license was identified in, for a
	// detected part.
	File string `json:"file,omitempty"`
	// Terms are this license's terms (nil: nothing is known of them).
	Terms *licenses.Terms `json:"terms"`
}

// License names one license in the report.
type License struct {
	Key    string `json:"key"`
	SPDXID string `json:"spdx_id"`
	HFID   string `json:"hf_id,omitempty"`
	Name   string `json:"name"`
	// Source says how aibom knows: declared (hub/card metadata), detected
	// (license text), inherited (from an ancestor), catalog (built-in facts).
	Source   string `json:"source"`
	URL      string `json:"url,omitempty"`
	Category string `json:"category,omitempty"`
}

// Declared is the publisher's own statement of the license.
type Declared struct {
	License string `json:"license,omitempty"`
	Name    string `json:"license_name,omitempty"`
	Link    string `json:"license_link,omitempty"`
	// Normalized is the license the declaration names, when aibom can name
	// it (Source "declared").
	Normalized *License `json:"normalized,omitempty"`
}

// Detection is one license identified in a file.
type Detection struct {
	File       string  `json:"file"`
	Key        string  `json:"key"`
	SPDXID     string  `json:"spdx_id"`
	Confidence float64 `json:"confidence"`
}

// BaseModel is one edge of the ancestry.
type BaseModel struct {
	Ref      string `json:"ref"`
	Relation string `json:"relation"` // finetune | adapter | quantized | merge | unknown
}

// Dataset is a dataset a model names (trained on) or the project references.
type Dataset struct {
	Ref       string     `json:"ref"` // hf-dataset:org/name, modelscope-dataset:…
	Hub       string     `json:"hub"`
	ID        string     `json:"id"`
	License   *License   `json:"license,omitempty"`
	Status    string     `json:"status,omitempty"`
	UsedBy    []string   `json:"used_by,omitempty"`
	Locations []Location `json:"locations,omitempty"`
}

// Severities, ordered.
const (
	SeverityNote    = "note"
	SeverityWarning = "warning"
	SeverityError   = "error"
)

// Finding is one result of the policy stage.
type Finding struct {
	ID          string     `json:"id"` // stable fingerprint of rule, model and location
	Rule        string     `json:"rule"`
	Severity    string     `json:"severity"`
	Model       string     `json:"model,omitempty"`
	Message     string     `json:"message"`
	Evidence    *Evidence  `json:"evidence,omitempty"`
	Locations   []Location `json:"locations"`
	Remediation string     `json:"remediation,omitempty"`
	New         *bool      `json:"new,omitempty"` // false when present in the --baseline report
	Waived      *Waiver    `json:"waived,omitempty"`
}

// Evidence is the clause behind a finding.
type Evidence struct {
	Quote    string `json:"quote,omitempty"`
	Document string `json:"document,omitempty"` // catalog key or file
	// Declared is, for a finding that sets a declaration against a
	// document (license-conflict), what the publisher declared.
	Declared string `json:"declared,omitempty"`
	Start    int    `json:"start,omitempty"`
	End      int    `json:"end,omitempty"`
}

// Waiver records the waiver applied to a finding.
type Waiver struct {
	Reason  string `json:"reason"`
	Expires string `json:"expires"`
}

// Warning is a problem met during the scan that did not stop it: a file that
// could not be read, a model that could not be resolved.
type Warning struct {
	Path    string `json:"path,omitempty"`
	Model   string `json:"model,omitempty"`
	Message string `json:"message"`
}

// UnresolvedReference is one place where a model is chosen at run time.
type UnresolvedReference struct {
	// Source is what chooses it: "env:NAME" for an environment variable,
	// "argument:--flag" for a command-line option.
	Source   string   `json:"source"`
	Location Location `json:"location"`
}

// SkippedFile is a file (or directory) the scan did not read.
type SkippedFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`           // one of the Skip… reasons
	Detail string `json:"detail,omitempty"` // the size and limit, the error
	// MayNameModel: a text file not read whose first bytes hold a word that
	// starts a model reference (a call, a hub URL). The verdict is then at
	// best incomplete (Summary.Unread): what it names was not judged.
	MayNameModel bool `json:"may_name_model,omitempty"`
}

// Reasons a file is not read.
const (
	SkipTooLarge       = "too-large"       // a text file above the size limit
	SkipBinary         = "binary"          // a NUL byte near the start of a file taken for text
	SkipSymlinkOutside = "symlink-outside" // a symlink whose target is outside the scanned tree
	SkipSymlinkDir     = "symlink-dir"     // a symlink to a directory: never followed
	SkipUnreadable     = "unreadable"      // could not be read (permissions, a broken symlink, an I/O error)
	SkipOwnCache       = "aibom-cache"     // aibom's own cache directory inside the scanned tree
)

// SkipCounts counts skipped files by reason (nil when none).
func SkipCounts(list []SkippedFile) map[string]int {
	if len(list) == 0 {
		return nil
	}
	m := map[string]int{}
	for _, s := range list {
		m[s.Reason]++
	}
	return m
}

// Verdicts of a judged report.
const (
	VerdictPass       = "pass"       // every direct model judged, no finding at or above fail_on
	VerdictFail       = "fail"       // a finding at or above fail_on
	VerdictIncomplete = "incomplete" // no such finding, but some model could not be judged
)

// Summary counts what the report holds and gives the verdict.
type Summary struct {
	Models   int            `json:"models"`
	Direct   int            `json:"direct"`
	Findings map[string]int `json:"findings"` // by severity; waived and baseline findings excluded
	// Skipped counts the files not read, by reason (Report.Skipped).
	Skipped map[string]int `json:"skipped,omitempty"`
	// Verdict is pass, fail or incomplete, judged at FailOn (at error when
	// FailOn is none).
	Verdict string `json:"verdict"`
	// FailOn is the threshold the run was given (error, warning, note,
	// none).
	FailOn string `json:"fail_on"`
	// Enforced is false when the run was told not to fail (fail_on none):
	// the verdict is reported, not applied.
	Enforced bool `json:"enforced"`
	// Unjudged lists the direct models whose license and terms were not
	// (fully) checked, and why.
	Unjudged []Unjudged `json:"unjudged,omitempty"`
	// Unread lists the skipped files that may name a model
	// (SkippedFile.MayNameModel): each makes the verdict at best
	// incomplete, whatever allow_unresolved says, until the file is read
	// (a larger --max-file-size) or excluded by the rules.
	Unread []string `json:"unread,omitempty"`
	// AllowUnresolved: unjudged models were accepted explicitly and do not
	// make the verdict incomplete.
	AllowUnresolved bool `json:"allow_unresolved,omitempty"`
}

// Unjudged is one direct model that could not be judged.
type Unjudged struct {
	Model  string `json:"model"`
	Reason string `json:"reason"`
}

// Rule describes one policy rule for readers of the report.
type Rule struct {
	ID       string `json:"id"`
	Short    string `json:"short"`
	Full     string `json:"full"`
	HelpURI  string `json:"help_uri"`
	Severity string `json:"severity"` // the policy's severity: error, warning, note
}
