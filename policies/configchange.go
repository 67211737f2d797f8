package policies

import (
	"fmt"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// ConfigChange is one rules file (a project's .aibom.yaml, a policy or a
// config file in the repository) whose version in the scanned tree differs
// from the version in force, read from the base revision. The CLI fills
// Policy.ConfigChanges; Evaluate turns each into a config-change finding.
type ConfigChange struct {
	File    string      // path relative to the scanned root, with /
	Line    int         // first changed line in the scanned tree's version; 0 when the file is gone
	Added   []KeyChange // keys only the scanned tree's version has
	Removed []KeyChange // keys only the base's version has
	Changed []KeyChange // keys whose value differs
}

// KeyChange is one key of a changed rules file: a dotted path
// (context.commercial, rules.gated) with each side's value as written.
type KeyChange struct {
	Key        string
	Base, Head string
}

// maxListedChanges bounds the keys a message lists.
const maxListedChanges = 12

// Summary lists the change key by key, as the finding's message shows it.
func (c ConfigChange) Summary() string {
	var parts []string
	for _, k := range c.Added {
		parts = append(parts, "added "+k.Key+": "+k.Head)
	}
	for _, k := range c.Removed {
		parts = append(parts, "removed "+k.Key+" (was "+k.Base+")")
	}
	for _, k := range c.Changed {
		parts = append(parts, "changed "+k.Key+": "+k.Base+" → "+k.Head)
	}
	if len(parts) > maxListedChanges {
		parts = append(parts[:maxListedChanges:maxListedChanges], fmt.Sprintf("and %d more", len(parts)-maxListedChanges))
	}
	return sbom.Clean(strings.Join(parts, "; "), 2000)
}

// configChanges adds a config-change finding per changed rules file.
func (e *evaluator) configChanges() {
	sev := e.p.SeverityOf(RuleConfigChange)
	if sev == SeverityOff {
		return
	}
	for _, c := range e.p.ConfigChanges {
		file := sbom.Clean(c.File, 300)
		summary := c.Summary()
		locs := []sbom.Location{{Path: file, Line: c.Line, Via: "config"}}
		id := fingerprint(RuleConfigChange, "", file+"\x1f"+summary, locs)
		if e.seen[id] {
			continue
		}
		e.seen[id] = true
		e.out = append(e.out, sbom.Finding{
			ID: id, Rule: RuleConfigChange, Severity: sev,
			Message: fmt.Sprintf("This change edits %s, one of the files holding the rules it is judged by; the base revision's version is in force for this scan. %s.",
				file, upperFirst(summary)),
			Locations:   locs,
			Remediation: "have the change approved explicitly: a reviewer merges it knowing the gate used the base's rules, or the base revision's rules waive config-change (model \"*\") until a date; or revert the edit",
		})
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
