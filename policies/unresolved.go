package policies

import (
	"fmt"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// unresolvedReferences adds an unresolved-reference finding per place
// where the project chooses a model at run time (Report.Unresolved).
func (e *evaluator) unresolvedReferences(refs []sbom.UnresolvedReference) {
	sev := e.p.SeverityOf(RuleUnresolvedReference)
	if sev == SeverityOff {
		return
	}
	for _, u := range refs {
		src := sbom.Clean(u.Source, 200)
		loc := u.Location
		loc.Path = sbom.Clean(loc.Path, 300)
		loc.Via = src
		locs := []sbom.Location{loc}
		id := fingerprint(RuleUnresolvedReference, "", src, locs)
		if e.seen[id] {
			continue
		}
		e.seen[id] = true
		e.out = append(e.out, sbom.Finding{
			ID: id, Rule: RuleUnresolvedReference, Severity: sev,
			Message:     fmt.Sprintf("The model at %s is chosen at run time by %s, with no default in the code: aibom cannot tell which model it is, so none was resolved or judged.", where(loc), describeSource(src)),
			Locations:   locs,
			Remediation: "declare each model this place can take in aibom.yaml's models: list (for example hf:org/name), so that it is resolved and judged",
		})
	}
}

// describeSource turns "env:NAME" / "argument:--flag" into words.
func describeSource(src string) string {
	switch kind, name, _ := strings.Cut(src, ":"); kind {
	case "env":
		return "the environment variable " + name
	case "argument":
		return "the command-line option " + name
	}
	return src
}

func where(l sbom.Location) string {
	if l.Line > 0 {
		return fmt.Sprintf("%s:%d", l.Path, l.Line)
	}
	return l.Path
}
