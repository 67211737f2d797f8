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

// ByReach orders locations code first, then tests, then documentation,
// keeping the order within each (a copy; locs is not changed). The first
// is the one outputs point at: an annotation, a SARIF result, the table's
// FOUND AT should show the code that uses a model, not a README line.
func ByReach(locs []Location) []Location {
	out := make([]Location, 0, len(locs))
	for _, pass := range []func(Location) bool{
		func(l Location) bool { return !l.Test && !l.Doc },
		func(l Location) bool { return l.Test },
		func(l Location) bool { return !l.Test && l.Doc },
	} {
		for _, l := range locs {
			if pass(l) {
				out = append(out, l)
			}
		}
	}
	return out
}

// Primary is the location outputs show first (ByReach); the zero
// Location when there is none.
func Primary(locs []Location) Location {
	for _, want := range []func(Location) bool{
		func(l Location) bool { return !l.Test && !l.Doc },
		func(l Location) bool { return l.Test },
	} {
		for _, l := range locs {
			if want(l) {
				return l
			}
		}
	}
	if len(locs) > 0 {
		return locs[0]
	}
	return Location{}
}
