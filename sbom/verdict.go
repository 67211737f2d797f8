package sbom

import (
	"fmt"
	"strings"
)

// CountAt counts the findings of the summary (waived and baseline ones are
// never counted) at or above the severity failOn; none or "" counts the
// errors, the threshold a verdict is judged at when none is enforced.
func (s *Summary) CountAt(failOn string) int {
	if s == nil {
		return 0
	}
	min := SeverityRank(failOn)
	if min == 0 {
		min = SeverityRank(SeverityError)
	}
	n := 0
	for sev, c := range s.Findings {
		if SeverityRank(sev) >= min {
			n += c
		}
	}
	return n
}

// VerdictAt judges the summary at a threshold: fail when a counted finding
// reaches it, else incomplete when a direct model could not be judged and
// that was not accepted or a file that may name a model was not read, else
// pass. It is the one place a verdict is
// decided; the policy stage and the audit merge both call it.
func (s *Summary) VerdictAt(failOn string) string {
	switch {
	case s.CountAt(failOn) > 0:
		return VerdictFail
	case len(s.Unjudged) > 0 && !s.AllowUnresolved, len(s.Unread) > 0:
		return VerdictIncomplete
	}
	return VerdictPass
}

// Failing reports whether the run must fail: the verdict is enforced and
// is not pass. A summary that predates Enforced (nil) fails on fail.
func (s *Summary) Failing() bool {
	return s != nil && s.Enforced && s.Verdict != VerdictPass && s.Verdict != ""
}

// VerdictLabel is the verdict as every human-readable output writes it:
// "pass", "fail", "incomplete: 2 models not judged", and, when the run was
// told not to fail, "fail — not enforced". It never reads as a pass when
// the verdict is not one.
func (s *Summary) VerdictLabel() string {
	if s == nil || s.Verdict == "" {
		return "not judged"
	}
	v := s.Verdict
	var why []string
	if v == VerdictIncomplete && len(s.Unjudged) > 0 && !s.AllowUnresolved {
		why = append(why, plural(len(s.Unjudged), "model")+" not judged")
	}
	if v == VerdictIncomplete && len(s.Unread) > 0 {
		why = append(why, plural(len(s.Unread), "file")+" that may name a model not read")
	}
	if len(why) > 0 {
		v += ": " + strings.Join(why, ", ")
	} else if v == VerdictIncomplete || (v == VerdictPass && len(s.Unjudged) > 0) {
		n := len(s.Unjudged)
		noun := "models"
		if n == 1 {
			noun = "model"
		}
		if v == VerdictIncomplete {
			v += fmt.Sprintf(": %d %s not judged", n, noun)
		} else {
			v += fmt.Sprintf(" (%d %s not judged, accepted by allow_unresolved)", n, noun)
		}
	}
	if !s.Enforced {
		v += " — not enforced"
	}
	return v
}

// Green reports whether an output may show the verdict as a success (a
// green check): an enforced pass with every direct model judged and every
// file that may name one read.
func (s *Summary) Green() bool {
	return s != nil && s.Enforced && s.Verdict == VerdictPass && len(s.Unjudged) == 0 && len(s.Unread) == 0
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// UnjudgedText lists the unjudged models and reasons on one line each.
func (s *Summary) UnjudgedText() []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, u := range s.Unjudged {
		out = append(out, strings.TrimSpace(u.Model+": "+u.Reason))
	}
	return out
}
