package spdx23

import (
	"bytes"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/reporttest"
	"github.com/aibom/aibom/internal/schematest"
	"github.com/aibom/aibom/internal/spdxtest"
	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files")

func encode(t testing.TB, r *sbom.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (Encoder{}).Encode(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func reports(t *testing.T) map[string]*sbom.Report {
	return map[string]*sbom.Report{
		"rich":  reporttest.Rich(t),
		"empty": {SchemaVersion: 1, Tool: sbom.Tool{Name: "aibom", Version: "0.1.0"}, Subject: sbom.Subject{Path: "."}},
		"one-api-model": {
			Tool: sbom.Tool{Name: "aibom"}, Timestamp: "2026-03-04T05:06:07.123+02:00",
			Models: []sbom.Model{{Ref: "anthropic:claude-3-5-sonnet", Hub: "anthropic", ID: "claude-3-5-sonnet", Direct: true}},
		},
	}
}

// TestValid: every document validates against the official SPDX 2.3 JSON
// schema and reads back with tools-golang, whose checks pass.
func TestValid(t *testing.T) {
	s := schematest.SPDX23(t)
	for name, r := range reports(t) {
		t.Run(name, func(t *testing.T) {
			out := encode(t, r)
			if err := schematest.Validate(s, out); err != nil {
				t.Errorf("schema: %v", err)
			}
			if _, err := spdxtest.ReadSPDX23(out); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestChecksBite guards the checks: documents they must reject are rejected.
func TestChecksBite(t *testing.T) {
	s := schematest.SPDX23(t)
	out := string(encode(t, reporttest.Rich(t)))
	for name, tc := range map[string]struct {
		old, new string
		schema   bool // the schema rejects it (else tools-golang or spdxtest)
	}{
		"bad purpose":          {`"primaryPackagePurpose": "OTHER"`, `"primaryPackagePurpose": "MODEL"`, true},
		"dangling relation":    {`"relatedSpdxElement": "SPDXRef-subject"`, `"relatedSpdxElement": "SPDXRef-nowhere"`, false},
		"undefined LicenseRef": {`"licenseId": "LicenseRef-scancode-gemma-tou-2024-04-01"`, `"licenseId": "LicenseRef-other"`, false},
	} {
		t.Run(name, func(t *testing.T) {
			m := strings.Replace(out, tc.old, tc.new, 1)
			if m == out {
				t.Fatal("mutation did not apply")
			}
			var err error
			if tc.schema {
				err = schematest.Validate(s, []byte(m))
			} else {
				_, err = spdxtest.ReadSPDX23([]byte(m))
			}
			if err == nil {
				t.Error("an invalid document was accepted")
			}
		})
	}
}

func TestGolden(t *testing.T) {
	got := encode(t, reporttest.Rich(t))
	golden := filepath.Join("testdata", "report.spdx23.json.golden")
	reporttest.Golden(t, golden, got, *update)
	if !bytes.Equal(got, encode(t, reporttest.Rich(t))) {
		t.Error("same report, different bytes")
	}
}

// TestMapping reads the document back and checks what a compliance reader
// looks for: each model's licenses, purl, supplier, lineage and training.
func TestMapping(t *testing.T) {
	d, err := spdxtest.ReadSPDX23(encode(t, reporttest.Rich(t)))
	if err != nil {
		t.Fatal(err)
	}
	type pkgFacts struct{ concluded, declared, purl, supplier string }
	got := map[string]pkgFacts{}
	names := map[string]string{}
	for _, p := range d.Packages {
		f := pkgFacts{concluded: p.PackageLicenseConcluded, declared: p.PackageLicenseDeclared}
		for _, ref := range p.PackageExternalReferences {
			if ref.Category == "PACKAGE-MANAGER" && ref.RefType == "purl" {
				f.purl = ref.Locator
			}
		}
		if p.PackageSupplier != nil {
			f.supplier = p.PackageSupplier.SupplierType + ":" + p.PackageSupplier.Supplier
		}
		got[p.PackageName] = f
		names[string(p.PackageSPDXIdentifier)] = p.PackageName
	}
	for name, want := range map[string]pkgFacts{
		"meta-llama/Llama-3.1-8B-Instruct": {"LicenseRef-scancode-llama-3.1-license-2024", "LicenseRef-scancode-llama-3.1-license-2024",
			"pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659", "Organization:meta-llama"},
		"ultralytics/yolov5":                  {"AGPL-3.0-only", "NOASSERTION", "pkg:github/ultralytics/yolov5@v7.0", "Organization:ultralytics"},
		"bigscience-lab/dual-licensed-tagger": {"Apache-2.0 OR MIT", "LicenseRef-aibom-declared-apache-2.0-or-mit", "pkg:huggingface/bigscience-lab/dual-licensed-tagger", "Organization:bigscience-lab"},
		"models/intent-classifier.onnx":       {"NOASSERTION", "NOASSERTION", "pkg:generic/intent-classifier.onnx", ":NOASSERTION"},
		"gpt-4o":                              {"LicenseRef-scancode-openai-tou-20241211", "NOASSERTION", "pkg:generic/openai/gpt-4o", "Organization:openai"},
		"llama3.2:3b":                         {"LicenseRef-scancode-llama-3.2-license-2024", "NOASSERTION", "pkg:generic/library/llama3.2@3b?repository_url=registry.ollama.ai", ":NOASSERTION"},
		"acme/support-chats":                  {"CC-BY-4.0", "CC-BY-4.0", "pkg:generic/acme/support-chats?repository_url=huggingface.co/datasets", "Organization:acme"},
		"acme/eval-prompts":                   {"NOASSERTION", "NOASSERTION", "pkg:generic/acme/eval-prompts?repository_url=huggingface.co/datasets", "Organization:acme"},
	} {
		if got[name] != want {
			t.Errorf("%s: got %+v, want %+v", name, got[name], want)
		}
	}
	type edge struct{ from, typ, to, comment string }
	var edges []edge
	for _, r := range d.Relationships {
		switch r.Relationship {
		case "DESCENDANT_OF", "VARIANT_OF", "GENERATED_FROM":
			edges = append(edges, edge{names[string(r.RefA.ElementRefID)], r.Relationship, names[string(r.RefB.ElementRefID)], r.RelationshipComment})
		}
	}
	want := []edge{
		{"acme/llama-3.1-8b-chat-GGUF", "VARIANT_OF", "acme/llama-3.1-8b-chat", "aibom relation: quantized"},
		{"acme/llama-3.1-8b-chat", "DESCENDANT_OF", "meta-llama/Llama-3.1-8B-Instruct", "aibom relation: finetune"},
		{"acme/llama-3.1-8b-chat", "GENERATED_FROM", "acme/support-chats", "aibom: trained on"},
		{"acme/llama-3.1-8b-chat", "GENERATED_FROM", "OpenAssistant/oasst1", "aibom: trained on"},
		{"Ünïcödé-lab/模型|<img src=x onerror=alert(1)>", "DESCENDANT_OF", "ghost/never-resolved", "aibom relation: merge"},
		{"Ünïcödé-lab/模型|<img src=x onerror=alert(1)>", "GENERATED_FROM", "ghost/unlisted", "aibom: trained on"},
	}
	for _, w := range want {
		if !slices.Contains(edges, w) {
			t.Errorf("missing %+v", w)
		}
	}
	if len(edges) != len(want) {
		t.Errorf("%d lineage and training edges, want %d: %+v", len(edges), len(want), edges)
	}
	for _, l := range d.OtherLicenses {
		if strings.Contains(l.ExtractedText, "javascript:") || slices.ContainsFunc(l.LicenseCrossReferences, func(u string) bool { return !strings.HasPrefix(u, "http") }) {
			t.Errorf("%s: a non-http URL reached the document: %+v", l.LicenseIdentifier, l)
		}
	}
}

// TestWeightChecksums: a 2.3 reader finds each weight file's sha256 in the
// model package's checksums, and the file a one-file model is.
func TestWeightChecksums(t *testing.T) {
	d, err := spdxtest.ReadSPDX23(encode(t, reporttest.Rich(t)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, p := range d.Packages {
		for _, c := range p.PackageChecksums {
			got[p.PackageName] = append(got[p.PackageName], string(c.Algorithm)+" "+c.Value)
		}
		if p.PackageFileName != "" {
			got[p.PackageName] = append(got[p.PackageName], "file "+p.PackageFileName)
		}
	}
	want := map[string][]string{
		"acme/llama-3.1-8b-chat-GGUF": {"SHA256 7e1fb2e0a4c0b5d8f3a9c6e2d1b4a7f0c3e6d9b2a5f8e1c4d7b0a3f6e9c2d5b8", "file llama-3.1-8b-chat.Q4_K_M.gguf"},
		"meta-llama/Llama-3.1-8B-Instruct": {
			"SHA256 2a7c4e9f1b3d5a8c6e0f2b4d7a9c1e3f5b8d0a2c4e6f9b1d3a5c7e8f0b2d4a6c",
			"SHA256 b3d9e7a1c5f2084e6d1a9c3b7e5f2d8a4c6b1e9f3a7d5c2b8e4f6a1d9c3b7e5f",
			"SHA256 c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00",
		},
	}
	if len(got) != len(want) {
		t.Errorf("packages with checksums: %v", got)
	}
	for name, w := range want {
		if !slices.Equal(got[name], w) {
			t.Errorf("%s: %v, want %v", name, got[name], w)
		}
	}
}
