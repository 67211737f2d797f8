package policies

import (
	"fmt"
	"strings"
	"time"

	"github.com/aibom/aibom/sbom"
)

// matchModel matches a waiver's model glob against a finding's model ref. A
// pattern without a hub prefix matches the id; either form matches with or
// without the ref's revision.
func matchModel(pattern, ref string) bool {
	cands := []string{ref}
	if i := strings.LastIndex(ref, "@"); i > strings.Index(ref, "/") && i > 0 {
		cands = append(cands, ref[:i])
	}
	if !strings.Contains(pattern, ":") {
		for _, c := range cands {
			if _, id, ok := strings.Cut(c, ":"); ok {
				cands = append(cands, id)
			}
		}
	}
	for _, c := range cands {
		if matchGlob(pattern, c) {
			return true
		}
	}
	return false
}

// applyWaivers marks findings covered by a live waiver and adds a note for
// each expired and each unused waiver. A waiver applies through its expiry
// date (UTC); the first matching waiver in file order wins.
func applyWaivers(fs []sbom.Finding, p *Policy, now time.Time) []sbom.Finding {
	today := now.UTC().Format(time.DateOnly)
	var meta []sbom.Finding
	for _, w := range p.Waivers {
		matched := 0
		expired := w.Expires < today
		for i := range fs {
			f := &fs[i]
			if info, ok := ruleInfo(f.Rule); !ok || !info.Waivable {
				continue
			}
			if (w.Rule != "*" && w.Rule != f.Rule) || !matchModel(w.Model, f.Model) {
				continue
			}
			matched++
			if !expired && f.Waived == nil {
				f.Waived = &sbom.Waiver{Reason: w.Reason, Expires: w.Expires}
			}
		}
		var rule, msg, remedy string
		switch {
		case expired:
			rule = RuleWaiverExpired
			msg = fmt.Sprintf("The waiver of %s for %s expired on %s (reason: %s); the %d finding(s) it covered are active again.", w.Rule, w.Model, w.Expires, w.Reason, matched)
			remedy = "fix the findings, or renew the waiver with a new expiry date and a reason"
		case matched == 0:
			rule = RuleWaiverUnused
			msg = fmt.Sprintf("The waiver of %s for %s matched no finding.", w.Rule, w.Model)
			remedy = "remove the waiver, or correct its model pattern or rule"
		default:
			continue
		}
		sev := p.SeverityOf(rule)
		if sev == SeverityOff {
			continue
		}
		loc := sbom.Location{Path: w.File, Line: w.Line, Via: "waiver"}
		meta = append(meta, sbom.Finding{
			ID:   fingerprint(rule, w.Model, w.Rule+"\x1f"+w.Expires, []sbom.Location{loc}),
			Rule: rule, Severity: sev, Message: msg, Locations: []sbom.Location{loc}, Remediation: remedy,
		})
	}
	return append(fs, meta...)
}
