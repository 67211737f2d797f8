package sbom

// Where a direct model is referenced, strongest first: in the project's
// code (anything that is neither documentation nor a test), only in its
// tests, or only in its documentation. The policy judges all of them alike
// (a model a test downloads is still downloaded, and documentation tells
// users what to run); the human-readable outputs list the weaker ones after
// the code references so that what ships is read first.
const (
	ReachCode  = "code"
	ReachTests = "tests"
	ReachDocs  = "documentation"
)

// Reach says where a direct model is referenced: ReachCode when any
// location is in code, else ReachTests when any is in a test, else
// ReachDocs. An ancestor has no reach (""); a direct model without
// locations counts as code.
func (m *Model) Reach() string {
	if !m.Direct {
		return ""
	}
	if len(m.Locations) == 0 {
		return ReachCode
	}
	tests := false
	for _, l := range m.Locations {
		switch {
		case l.Test:
			tests = true
		case !l.Doc:
			return ReachCode
		}
	}
	if tests {
		return ReachTests
	}
	return ReachDocs
}
