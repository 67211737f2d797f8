package spdx

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aibom/aibom/internal/reporttest"
	"github.com/aibom/aibom/internal/schematest"
	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/internal/spdxtest"
	"github.com/aibom/aibom/sbom"
)

var update = flag.Bool("update", false, "rewrite golden files and licenselist.txt")

func encode(t testing.TB, r *sbom.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (Encoder{}).Encode(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func schema(t testing.TB) *jsonschema.Schema { return schematest.SPDX(t) }

func validate(t *testing.T, s *jsonschema.Schema, out []byte) {
	t.Helper()
	if err := schematest.Validate(s, out); err != nil {
		t.Errorf("schema: %v", err)
	}
}

func reports(t *testing.T) map[string]*sbom.Report {
	return map[string]*sbom.Report{
		"rich":  reporttest.Rich(t),
		"empty": {SchemaVersion: sbom.SchemaVersion, Tool: sbom.Tool{Name: "aibom", Version: "0.1.0"}, Subject: sbom.Subject{Path: "."}},
		"one-api-model": {
			Tool: sbom.Tool{Name: "aibom"}, Timestamp: "2026-03-04T05:06:07.123+02:00",
			Models: []sbom.Model{{Ref: "anthropic:claude-3-5-sonnet", Hub: "anthropic", ID: "claude-3-5-sonnet", Direct: true}},
		},
	}
}

func TestSchemaValid(t *testing.T) {
	s := schema(t)
	for name, r := range reports(t) {
		t.Run(name, func(t *testing.T) { validate(t, s, encode(t, r)) })
	}
}

// TestSchemaRejects guards the validation itself: a document the schema
// must reject is rejected, so TestSchemaValid cannot pass vacuously.
func TestSchemaRejects(t *testing.T) {
	s := schema(t)
	out := encode(t, reporttest.Rich(t))
	for name, mutate := range map[string]func(string) string{
		"unknown key": func(s string) string { return strings.Replace(s, `"software_primaryPurpose"`, `"software_purpose"`, 1) },
		"fractional time": func(s string) string {
			return strings.Replace(s, `"2026-01-02T03:04:05Z"`, `"2026-01-02T03:04:05.5Z"`, 1)
		},
		"bad relationship":  func(s string) string { return strings.Replace(s, `"descendantOf"`, `"fineTunedFrom"`, 1) },
		"blank-node spdxId": func(s string) string { return strings.Replace(s, `"spdxId": "urn:uuid:`, `"spdxId": "_:urn:uuid:`, 1) },
	} {
		t.Run(name, func(t *testing.T) {
			m := mutate(string(out))
			if m == string(out) {
				t.Fatal("mutation did not apply")
			}
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(m))
			if err != nil {
				t.Fatal(err)
			}
			if s.Validate(doc) == nil {
				t.Error("schema accepted an invalid document")
			}
		})
	}
}

func TestGolden(t *testing.T) {
	got := encode(t, reporttest.Rich(t))
	golden := filepath.Join("testdata", "report.spdx.json.golden")
	reporttest.Golden(t, golden, got, *update)
}

func TestDeterministic(t *testing.T) {
	r := reporttest.Rich(t)
	a, b := encode(t, r), encode(t, reporttest.Rich(t))
	if !bytes.Equal(a, b) {
		t.Error("same report, different bytes")
	}
	r.Models[0].Task = "changed"
	if bytes.Equal(a, encode(t, r)) {
		t.Error("a changed report kept the same bytes (document id not content-derived?)")
	}
}

type graph struct {
	objs []map[string]any
	byID map[string]map[string]any
}

func parse(t *testing.T, out []byte) graph {
	t.Helper()
	var doc struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context != Context {
		t.Errorf("@context = %q", doc.Context)
	}
	g := graph{objs: doc.Graph, byID: map[string]map[string]any{}}
	for _, o := range doc.Graph {
		id, _ := o["spdxId"].(string)
		if id == "" {
			continue
		}
		if _, dup := g.byID[id]; dup {
			t.Errorf("duplicate spdxId %s", id)
		}
		g.byID[id] = o
	}
	return g
}

func (g graph) ofType(typ string) []map[string]any {
	var out []map[string]any
	for _, o := range g.objs {
		if o["type"] == typ {
			out = append(out, o)
		}
	}
	return out
}

// TestRequiredProperties checks the SHACL minimum counts the JSON schema
// does not: the AI-profile and Dataset-profile required properties, one
// CreationInfo, and references that resolve.
func TestRequiredProperties(t *testing.T) {
	for name, r := range reports(t) {
		t.Run(name, func(t *testing.T) {
			g := parse(t, encode(t, r))
			if n := len(g.ofType("CreationInfo")); n != 1 {
				t.Errorf("%d CreationInfo objects, want 1", n)
			}
			if n := len(g.ofType("SpdxDocument")); n != 1 {
				t.Fatalf("%d SpdxDocument objects, want 1", n)
			}
			required := map[string][]string{
				// releaseTime and builtTime are left out when unknown
				// rather than invented (docs/formats.md).
				"ai_AIPackage":           {"name", "suppliedBy", "software_downloadLocation", "software_packageVersion", "software_primaryPurpose"},
				"dataset_DatasetPackage": {"name", "originatedBy", "software_downloadLocation", "software_primaryPurpose", "dataset_datasetType"},
			}
			for typ, keys := range required {
				for _, o := range g.ofType(typ) {
					for _, k := range keys {
						if v, ok := o[k]; !ok || v == "" || v == nil {
							t.Errorf("%s %v: missing %s", typ, o["spdxId"], k)
						}
					}
					if sup, ok := o["suppliedBy"].(string); ok && g.byID[sup] == nil {
						t.Errorf("%v: suppliedBy %s is not an element", o["spdxId"], sup)
					}
				}
			}
			if got, want := len(g.ofType("ai_AIPackage")), distinctModels(r); got != want {
				t.Errorf("%d ai_AIPackage, want %d", got, want)
			}
			doc := g.ofType("SpdxDocument")[0]
			listed := map[string]bool{}
			for _, e := range doc["element"].([]any) {
				listed[e.(string)] = true
			}
			for id, o := range g.byID {
				if o["type"] != "SpdxDocument" && !listed[id] {
					t.Errorf("%s not in SpdxDocument.element", id)
				}
				if o["creationInfo"] != "_:creationinfo" {
					t.Errorf("%s: creationInfo %v", id, o["creationInfo"])
				}
			}
			for _, rel := range g.ofType("Relationship") {
				ends := []any{rel["from"]}
				ends = append(ends, rel["to"].([]any)...)
				for _, e := range ends {
					if s := e.(string); g.byID[s] == nil {
						t.Errorf("relationship %v: dangling %s", rel["spdxId"], s)
					}
				}
			}
		})
	}
}

// distinctModels counts the models a report names: described ones plus
// base models it only names.
func distinctModels(r *sbom.Report) int {
	seen := map[string]bool{}
	for _, m := range r.Models {
		seen[m.Ref] = true
	}
	for _, m := range r.Models {
		for _, b := range m.BaseModels {
			seen[b.Ref] = true
		}
	}
	return len(seen)
}

func TestLineageAndLicenses(t *testing.T) {
	r := reporttest.Rich(t)
	g := parse(t, encode(t, r))
	names := map[string]string{} // spdxId → name
	for id, o := range g.byID {
		if n, ok := o["name"].(string); ok {
			names[id] = n
		}
	}
	type edge struct{ from, typ, to, comment string }
	var got []edge
	exprs := map[string]string{} // model name + rel type → expression
	for _, rel := range g.ofType("Relationship") {
		from := names[rel["from"].(string)]
		for _, to := range rel["to"].([]any) {
			target := g.byID[to.(string)]
			c, _ := rel["comment"].(string)
			switch rel["relationshipType"] {
			case "descendantOf", "trainedOn":
				got = append(got, edge{from, rel["relationshipType"].(string), names[to.(string)], c})
			case "hasDeclaredLicense", "hasConcludedLicense":
				exprs[from+" "+rel["relationshipType"].(string)] = target["simplelicensing_licenseExpression"].(string)
			}
		}
	}
	want := []edge{
		{"acme/llama-3.1-8b-chat-GGUF", "descendantOf", "acme/llama-3.1-8b-chat", "aibom relation: quantized"},
		{"acme/llama-3.1-8b-chat", "descendantOf", "meta-llama/Llama-3.1-8B-Instruct", "aibom relation: finetune"},
		{"acme/llama-3.1-8b-chat", "trainedOn", "acme/support-chats", ""},
		{"acme/llama-3.1-8b-chat", "trainedOn", "OpenAssistant/oasst1", ""},
		{"Ünïcödé-lab/模型|<img src=x onerror=alert(1)>", "descendantOf", "ghost/never-resolved", "aibom relation: merge"},
		{"Ünïcödé-lab/模型|<img src=x onerror=alert(1)>", "trainedOn", "ghost/unlisted", ""},
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing edge %+v", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d lineage/training edges, want %d: %+v", len(got), len(want), got)
	}
	for k, v := range map[string]string{
		"meta-llama/Llama-3.1-8B-Instruct hasConcludedLicense":    "LicenseRef-scancode-llama-3.1-license-2024",
		"meta-llama/Llama-3.1-8B-Instruct hasDeclaredLicense":     "LicenseRef-scancode-llama-3.1-license-2024",
		"ultralytics/yolov5 hasConcludedLicense":                  "AGPL-3.0-only",
		"bigscience-lab/dual-licensed-tagger hasConcludedLicense": "Apache-2.0 OR MIT",
		"bigscience-lab/dual-licensed-tagger hasDeclaredLicense":  "LicenseRef-aibom-declared-apache-2.0-or-mit",
		"models/intent-classifier.onnx hasConcludedLicense":       "NOASSERTION",
		"models/intent-classifier.onnx hasDeclaredLicense":        "NOASSERTION",
		"ultralytics/yolov5 hasDeclaredLicense":                   "NOASSERTION",
		"acme/support-chats hasConcludedLicense":                  "CC-BY-4.0",
		"acme/support-chats hasDeclaredLicense":                   "CC-BY-4.0",
		"acme/eval-prompts hasConcludedLicense":                   "NOASSERTION",
	} {
		if exprs[k] != v {
			t.Errorf("%s = %q, want %q", k, exprs[k], v)
		}
	}
	// Every LicenseRef in an expression resolves to a CustomLicense.
	for _, le := range g.ofType("simplelicensing_LicenseExpression") {
		var mapped []string
		if m, ok := le["simplelicensing_customIdToUri"].([]any); ok {
			for _, e := range m {
				d := e.(map[string]any)
				if c := g.byID[d["value"].(string)]; c == nil || c["type"] != "expandedlicensing_CustomLicense" {
					t.Errorf("%v: customIdToUri %v does not name a CustomLicense", le["simplelicensing_licenseExpression"], d["value"])
				}
				mapped = append(mapped, d["key"].(string))
			}
		}
		var refs []string
		for _, id := range ExpressionIDs(le["simplelicensing_licenseExpression"].(string)) {
			if strings.HasPrefix(id, "LicenseRef-") {
				refs = append(refs, id)
			}
		}
		sort.Strings(mapped)
		sort.Strings(refs)
		if !slices.Equal(mapped, refs) {
			t.Errorf("%v: mapped %v, refs %v", le["simplelicensing_licenseExpression"], mapped, refs)
		}
	}
}

func TestCreated(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z", true},
		{"2026-01-02T05:04:05.999+02:00", "2026-01-02T03:04:05Z", true},
		{"", "1970-01-01T00:00:00Z", false},
		{"yesterday", "1970-01-01T00:00:00Z", false},
	} {
		got, ok := Created(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Created(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestListedID(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"apache-2.0", "Apache-2.0", true},
		{"MIT", "MIT", true},
		{"OpenMDW-1.0", "OpenMDW-1.0", true},
		{"cc-by-nc-4.0", "CC-BY-NC-4.0", true},
		{"llama3.1", "", false},
		{"LicenseRef-scancode-llama-3.1-license-2024", "", false},
		{"Apache-2.0 OR MIT", "", false},
	} {
		got, ok := ListedID(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ListedID(%q) = %q, %v", tc.in, got, ok)
		}
	}
}

// TestLicenseListMatchesSchema keeps licenselist.txt equal to the enum of
// CycloneDX's spdx.schema.json, the list the CycloneDX schema checks
// license.id against.
func TestLicenseListMatchesSchema(t *testing.T) {
	b, err := os.ReadFile(sharedtest.Path(t, "schemas/spdx.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Comment string   `json:"$comment"`
		Enum    []string `json:"enum"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(s.Comment, "-"+LicenseListVersion) {
		t.Errorf("schema is list %q, LicenseListVersion is %s", s.Comment, LicenseListVersion)
	}
	sort.Strings(s.Enum)
	want := strings.Join(s.Enum, "\n") + "\n"
	if *update {
		if err := os.WriteFile("licenselist.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if licenseListText != want {
		t.Error("licenselist.txt differs from the schema's enum; run go test -update")
	}
}

func TestSlugAndRefSuffix(t *testing.T) {
	for _, key := range []string{"hf:org/Name@abc", "", "模型", "a b|c<d>"} {
		s := slug(key)
		if strings.ContainsAny(s, " |<>\"{}`^\\") || s == "" {
			t.Errorf("slug(%q) = %q: not IRI-safe", key, s)
		}
	}
	if slug("A") == slug("a") {
		t.Error("slug folds case without the hash telling keys apart")
	}
	for in, want := range map[string]string{
		"other apache-2.0-or-mit": "other-apache-2.0-or-mit",
		"My <License> | `v1`":     "My-License-v1",
		"模型":                      "",
	} {
		got := strings.TrimPrefix(sbom.DeclaredRef(in), "LicenseRef-aibom-declared-")
		if want != "" && got != want {
			t.Errorf("DeclaredRef(%q) = %q, want %q", in, got, want)
		}
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
				t.Errorf("DeclaredRef(%q) = %q has %q", in, got, r)
			}
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	r := reporttest.Rich(b)
	for b.Loop() {
		var buf bytes.Buffer
		if err := (Encoder{}).Encode(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReleaseTimeFromHub: a model whose hub reported when its repository
// was created carries that as releaseTime; for the others it is left out,
// never filled with the scan time.
func TestReleaseTimeFromHub(t *testing.T) {
	r := &sbom.Report{SchemaVersion: sbom.SchemaVersion, Timestamp: "2026-11-29T12:00:00Z", Models: []sbom.Model{
		{Ref: "hf:a/dated", Hub: "huggingface", ID: "a/dated", Direct: true, Created: "2024-04-17T23:15:59.000Z"},
		{Ref: "hf:a/undated", Hub: "huggingface", ID: "a/undated", Direct: true},
	}}
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(encode(t, r), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, e := range doc.Graph {
		if e["type"] == "ai_AIPackage" {
			got[e["name"].(string)] = e["releaseTime"]
		}
	}
	if got["a/dated"] != "2024-04-17T23:15:59Z" || got["a/undated"] != nil {
		t.Errorf("releaseTime = %v", got)
	}
}

// TestProfileLicenses is the AI and Dataset profiles' rule: every AI and
// Dataset package has exactly one hasDeclaredLicense and exactly one
// hasConcludedLicense, each pointing at a license element.
func TestProfileLicenses(t *testing.T) {
	for name, r := range reports(t) {
		t.Run(name, func(t *testing.T) {
			g := parse(t, encode(t, r))
			count := map[string]int{}
			for _, rel := range g.ofType("Relationship") {
				typ := rel["relationshipType"].(string)
				if typ != "hasDeclaredLicense" && typ != "hasConcludedLicense" {
					continue
				}
				to := rel["to"].([]any)
				if len(to) != 1 {
					t.Errorf("%v: %s to %d elements", rel["from"], typ, len(to))
				}
				for _, e := range to {
					if target := g.byID[e.(string)]; target == nil || target["type"] != "simplelicensing_LicenseExpression" {
						t.Errorf("%v: %s to %v, not a license expression", rel["from"], typ, e)
					}
				}
				count[rel["from"].(string)+" "+typ]++
			}
			for _, typ := range []string{"ai_AIPackage", "dataset_DatasetPackage"} {
				for _, p := range g.ofType(typ) {
					for _, rel := range []string{"hasDeclaredLicense", "hasConcludedLicense"} {
						if n := count[p["spdxId"].(string)+" "+rel]; n != 1 {
							t.Errorf("%s %v: %d %s, want 1", typ, p["name"], n, rel)
						}
					}
				}
			}
		})
	}
}

// TestToolsGolangValidates reads every document back with
// spdx/tools-golang's SPDX 3 model and runs its validation (without its
// pre-processing, which would fill in what the document lacks).
func TestToolsGolangValidates(t *testing.T) {
	docs := map[string][]byte{}
	for name, r := range reports(t) {
		docs[name] = encode(t, r)
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "report.spdx.json.golden"))
	if err != nil {
		t.Fatal(err)
	}
	docs["golden"] = golden
	for name, out := range docs {
		t.Run(name, func(t *testing.T) {
			if err := spdxtest.ValidateSPDX3(out); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestWeightHashes: an SPDX 3 reader (tools-golang) finds each weight
// file's sha256 on the model's package, with the file named.
func TestWeightHashes(t *testing.T) {
	got, err := spdxtest.SPDX3Hashes(encode(t, reporttest.Rich(t)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"acme/llama-3.1-8b-chat-GGUF": {"sha256 7e1fb2e0a4c0b5d8f3a9c6e2d1b4a7f0c3e6d9b2a5f8e1c4d7b0a3f6e9c2d5b8 weight file llama-3.1-8b-chat.Q4_K_M.gguf"},
		"meta-llama/Llama-3.1-8B-Instruct": {
			"sha256 2a7c4e9f1b3d5a8c6e0f2b4d7a9c1e3f5b8d0a2c4e6f9b1d3a5c7e8f0b2d4a6c weight file model-00001-of-00004.safetensors",
			"sha256 b3d9e7a1c5f2084e6d1a9c3b7e5f2d8a4c6b1e9f3a7d5c2b8e4f6a1d9c3b7e5f weight file model-00002-of-00004.safetensors",
			"sha256 c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00 weight file original/consolidated.00.pth",
		},
	}
	if len(got) != len(want) {
		t.Errorf("packages with hashes: %v, want %v", got, want)
	}
	for name, w := range want {
		if !slices.Equal(got[name], w) {
			t.Errorf("%s: %v, want %v", name, got[name], w)
		}
	}
}
