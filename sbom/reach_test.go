package sbom

import "testing"

// TestReach: a model is "code" as soon as one reference is in code; only
// references in tests make it "tests", only documentation "documentation".
func TestReach(t *testing.T) {
	code := Location{Path: "app.py"}
	doc := Location{Path: "README.md", Doc: true}
	test := Location{Path: "tests/test_app.py", Test: true}
	testDoc := Location{Path: "tests/README.md", Doc: true, Test: true}
	for _, tc := range []struct {
		name   string
		direct bool
		locs   []Location
		want   string
	}{
		{"code only", true, []Location{code}, ReachCode},
		{"code and docs", true, []Location{doc, code}, ReachCode},
		{"code and tests", true, []Location{test, code}, ReachCode},
		{"docs only", true, []Location{doc}, ReachDocs},
		{"tests only", true, []Location{test}, ReachTests},
		{"tests and docs", true, []Location{doc, test}, ReachTests},
		{"a test's documentation", true, []Location{testDoc}, ReachTests},
		{"direct, no location", true, nil, ReachCode},
		{"ancestor", false, nil, ""},
	} {
		m := Model{Direct: tc.direct, Locations: tc.locs}
		if got := m.Reach(); got != tc.want {
			t.Errorf("%s: Reach() = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPrimaryLocation(t *testing.T) {
	doc := Location{Path: "README.md", Line: 4, Doc: true}
	test := Location{Path: "tests/t.py", Line: 2, Test: true}
	code := Location{Path: "src/app.py", Line: 9}
	for _, c := range []struct {
		locs []Location
		want Location
	}{
		{[]Location{doc, code, test}, code},
		{[]Location{doc, test}, test},
		{[]Location{doc}, doc},
		{nil, Location{}},
	} {
		if got := Primary(c.locs); got != c.want {
			t.Errorf("Primary(%v) = %v, want %v", c.locs, got, c.want)
		}
		if by := ByReach(c.locs); len(c.locs) > 0 && by[0] != c.want || len(by) != len(c.locs) {
			t.Errorf("ByReach(%v) = %v", c.locs, by)
		}
	}
}
