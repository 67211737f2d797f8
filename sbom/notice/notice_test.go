package notice

import (
	"bytes"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/reporttest"
	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, reporttest.Rich(t)); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "NOTICE.golden")
	reporttest.Golden(t, golden, buf.Bytes(), *update)
	for _, bad := range []string{"\u202e", "\x00", "\x1b", "\x07", "javascript:"} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("NOTICE contains %q", bad)
		}
	}
}

func TestEntries(t *testing.T) {
	r := reporttest.Rich(t)
	entries := Entries(r)
	direct := 0
	for _, m := range r.Models {
		if m.Direct {
			direct++
		}
	}
	if len(entries) != direct {
		t.Fatalf("%d entries for %d direct models", len(entries), direct)
	}
	by := map[string]Entry{}
	for _, e := range entries {
		by[e.Ref] = e
	}
	// The GGUF quantization is bound by Llama 3.1 through itself and its
	// base: one duty naming both.
	gguf := by["hf:acme/llama-3.1-8b-chat-GGUF@5d2c9e0a7b1f3c4d6e8f0a1b2c3d4e5f60718293"]
	if len(gguf.Licenses) != 1 {
		t.Fatalf("GGUF duties: %+v", gguf.Licenses)
	}
	d := gguf.Licenses[0]
	if d.DisplayText != "Built with Llama" || d.NamingRule == "" || d.UsePolicy == "" || len(d.From) != 2 {
		t.Errorf("GGUF duty %+v", d)
	}
	if d.LicenseFile != "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/0e9e39f249a16976918f6564b8830bc894c89659/LICENSE" {
		t.Errorf("license file %q: want the base's LICENSE where it was detected", d.LicenseFile)
	}
	if e := by["local:models/intent-classifier.onnx"]; !e.Unknown || len(e.Licenses) != 0 {
		t.Errorf("local model: %+v", e)
	}
	if e := by["openai:gpt-4o"]; !e.API {
		t.Errorf("gpt-4o not marked API: %+v", e)
	}
	refs := make([]string, 0, len(entries))
	for _, e := range entries {
		refs = append(refs, e.Ref)
	}
	if !slices.IsSorted(refs) {
		t.Errorf("entries not sorted: %v", refs)
	}
}

func TestWriteDuties(t *testing.T) {
	attr := "Built with Acme"
	r := &sbom.Report{Subject: sbom.Subject{Name: "p"}, Models: []sbom.Model{{
		Ref: "hf:o/m", Hub: "huggingface", ID: "o/m", Direct: true,
		License: &sbom.Concluded{Expression: "LicenseRef-aibom-acme", Parts: []sbom.LicensePart{{
			License: sbom.License{Name: "Acme License", SPDXID: "LicenseRef-aibom-acme", URL: "https://acme.example/license"}, From: []string{"hf:o/m"},
			Terms: &licenses.Terms{AttributionRequired: true, AttributionText: &attr, ShareAlike: true, Redistribution: licenses.Prohibited}}}},
	}}}
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"Built with Acme"`, "Acme License (LicenseRef-aibom-acme)", "https://acme.example/license", "Share-alike:", "PROHIBITED", "https://huggingface.co/o/m"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Ship:") {
		t.Errorf("told to ship a model whose license prohibits redistribution:\n%s", out)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"a\nb\r\nc":         "a b c",
		"evil\u202egnp.exe": "evil gnp.exe",
		"\x00bell\x07":      "bell",
		"模型":                "模型",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := clean(strings.Repeat("x", 600)); len([]rune(got)) != 501 {
		t.Errorf("cap: %d runes", len([]rune(got)))
	}
}
