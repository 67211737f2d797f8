package main

import (
	"encoding/json"
	"testing"
)

// A provider aibom names but the labelling schema does not (groq) is
// labelled hub "other": the report matches it once, counts once for
// precision, and an id that differs is still a miss and an extra.
func TestScoreProviderOutsideSchema(t *testing.T) {
	var rep scanReport
	err := json.Unmarshal([]byte(`{"models":[
		{"hub":"groq","id":"llama3-70b-8192","direct":true,"locations":[{"path":"app.py","line":17}]},
		{"hub":"groq","id":"mixtral-8x7b","direct":true},
		{"hub":"openai","id":"gpt-4o","direct":true}]}`), &rep)
	if err != nil {
		t.Fatal(err)
	}
	l := &labelFile{report: &rep, Models: []labelRef{
		{Hub: "other", ID: "llama3-70b-8192", Locations: []string{"app.py:17"}},
		{Hub: "other", ID: "mixtral-8x7b-32768"},
		{Hub: "openai", ID: "gpt-4o"},
	}}
	s := scoreRepo(l)
	if s.labelled != 3 || s.found != 2 {
		t.Errorf("found %d of %d labels, want 2 of 3 (misses %v)", s.found, s.labelled, s.misses)
	}
	if s.reported != 3 || s.falsePos != 1 {
		t.Errorf("reported %d with %d false, want 3 with 1 (extras %v)", s.reported, s.falsePos, s.extras)
	}
	if s.locLabelled != 1 || s.locFound != 1 {
		t.Errorf("locations %d of %d, want 1 of 1", s.locFound, s.locLabelled)
	}
}
