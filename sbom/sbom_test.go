package sbom

import (
	"bytes"
	"strings"
	"testing"
)

func TestRefRoundTrip(t *testing.T) {
	cases := []struct {
		hub, id, rev, ref string
	}{
		{HubHuggingFace, "meta-llama/Llama-3.1-8B-Instruct", "", "hf:meta-llama/Llama-3.1-8B-Instruct"},
		{HubHuggingFace, "org/name", "0123abcd", "hf:org/name@0123abcd"},
		{HubModelScope, "qwen/Qwen2-7B-Instruct", "master", "modelscope:qwen/Qwen2-7B-Instruct@master"},
		{HubOllama, "llama3:8b", "", "ollama:llama3:8b"},
		{HubLocal, "models/foo.gguf", "", "local:models/foo.gguf"},
		{"openai", "gpt-4o", "", "openai:gpt-4o"},
	}
	for _, tc := range cases {
		if got := Ref(tc.hub, tc.id, tc.rev); got != tc.ref {
			t.Errorf("Ref(%q,%q,%q) = %q, want %q", tc.hub, tc.id, tc.rev, got, tc.ref)
		}
		h, id, rev, err := ParseRef(tc.ref)
		if err != nil || h != tc.hub || id != tc.id || rev != tc.rev {
			t.Errorf("ParseRef(%q) = %q %q %q %v", tc.ref, h, id, rev, err)
		}
	}
	if _, _, _, err := ParseRef("no-colon"); err == nil {
		t.Error("ParseRef accepted a ref without a hub")
	}
	if Key(HubHuggingFace, "Org/Name", "") != Key(HubHuggingFace, "org/name", "") {
		t.Error("Hugging Face ids must compare without case")
	}
	if Key(HubOllama, "Llama3", "") == Key(HubOllama, "llama3", "") {
		t.Error("Ollama tags are case-sensitive")
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain text":                      "plain text",
		"red \x1b[31mALERT\x1b[0m done":   "red ALERT done",
		"line\nbreak\ttab":                "line break tab",
		"bell\a and nul\x00":              "bell and nul",
		"bidi \u202eevil\u202c":           "bidi evil",
		"csi \u009b31m":                   "csi ",
		"title \x1b]0;pwned\a after":      "title  after",
		"link \x1b]8;;http://x\x1b\\text": "link text",
	}
	for in, want := range cases {
		if got := Clean(in, 0); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Clean(strings.Repeat("x", 10), 4); got != "xxxx…" {
		t.Errorf("cap: %q", got)
	}
}

// TestJSONDeterministic: the same report in any order gives the same bytes,
// and reading it back keeps it.
func TestJSONDeterministic(t *testing.T) {
	mk := func(reverse bool) *Report {
		models := []Model{
			{Ref: "hf:b/b", Locations: []Location{{Path: "z.py", Line: 2}, {Path: "a.py", Line: 9}}, BaseModels: []BaseModel{{Ref: "hf:c/c", Relation: "finetune"}, {Ref: "hf:a/a", Relation: "merge"}}},
			{Ref: "hf:a/a", Datasets: []string{"hf-dataset:y/y", "hf-dataset:x/x"}},
		}
		findings := []Finding{
			{ID: "2", Rule: "gated", Severity: SeverityNote},
			{ID: "1", Rule: "commercial-use", Severity: SeverityError},
			{ID: "3", Rule: "unpinned-revision", Severity: SeverityWarning},
		}
		if reverse {
			models[0], models[1] = models[1], models[0]
			findings[0], findings[2] = findings[2], findings[0]
		}
		return &Report{SchemaVersion: SchemaVersion, Models: models, Findings: findings}
	}
	var a, b bytes.Buffer
	if err := WriteJSON(&a, mk(false)); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&b, mk(true)); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatalf("order leaked into the output:\n%s\n---\n%s", a.String(), b.String())
	}
	r, err := ReadJSON(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if r.Models[0].Ref != "hf:a/a" || r.Findings[0].Severity != SeverityError || r.Models[1].Locations[0].Path != "a.py" {
		t.Errorf("not normalized: %+v", r)
	}
	if _, err := ReadJSON(strings.NewReader(`{"schema_version": 3}`)); err == nil || strings.Contains(err.Error(), "\n") ||
		!strings.Contains(err.Error(), "schema_version 3") {
		t.Errorf("a report of another schema version: %v, want a one-line error naming it", err)
	}
}

// FuzzClean: whatever a model card holds, Clean's output has no escape or
// other control character and never grows past the cap.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]0;t\a", "\u009b2J", "ok", "\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s, 50)
		for _, r := range out {
			if r == 0x1b || r == 0x9b || r == 0x9d || (r < 0x20) || (r >= 0x7f && r < 0xa0) {
				t.Fatalf("Clean(%q) kept control %U: %q", s, r, out)
			}
		}
		if n := len([]rune(out)); n > 51 {
			t.Fatalf("Clean(%q) has %d runes past the cap", s, n)
		}
	})
}

func TestPurlAndURLs(t *testing.T) {
	cases := []struct{ hub, id, rev, purl string }{
		{HubHuggingFace, "meta-llama/Llama-3.1-8B", "5f0b02c7", "pkg:huggingface/meta-llama/Llama-3.1-8B@5f0b02c7"},
		{HubGitHub, "Ultralytics/YOLOv5", "", "pkg:github/ultralytics/yolov5"},
		{HubHuggingFace, "odd org/name|x", "", "pkg:huggingface/odd%20org/name%7Cx"},
		{"openai", "gpt-4o", "", ""},
		{HubLocal, "models/a.gguf", "", ""},
	}
	for _, tc := range cases {
		if got := Purl(tc.hub, tc.id, tc.rev); got != tc.purl {
			t.Errorf("Purl(%q, %q) = %q, want %q", tc.hub, tc.id, got, tc.purl)
		}
	}
	for in, want := range map[string]string{
		"https://ai.google.dev/gemma/terms": "https://ai.google.dev/gemma/terms",
		"javascript:alert(1)":               "",
		"LICENSE":                           "",
		"//evil.example/x":                  "",
	} {
		if got := HTTPURL(in); got != want {
			t.Errorf("HTTPURL(%q) = %q, want %q", in, got, want)
		}
	}
	if !IsAPI("anthropic") || IsAPI(HubOllama) || IsAPI("") {
		t.Error("IsAPI misclassifies hubs")
	}
}
