package cyclonedx

import (
	"bytes"
	"encoding/json"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/reporttest"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aibom/aibom/internal/schematest"
	"github.com/aibom/aibom/licenses"
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

func schema(t testing.TB) *jsonschema.Schema { return schematest.CycloneDX(t) }

func validate(s *jsonschema.Schema, out []byte) error { return schematest.Validate(s, out) }

func reports(t *testing.T) map[string]*sbom.Report {
	return map[string]*sbom.Report{
		"rich":  reporttest.Rich(t),
		"empty": {SchemaVersion: sbom.SchemaVersion, Tool: sbom.Tool{Name: "aibom", Version: "0.1.0"}, Subject: sbom.Subject{Path: "."}},
		"declared-only": {Timestamp: "bogus", Models: []sbom.Model{{
			Ref: "hf:x/y", Hub: "huggingface", ID: "x/y", Direct: true,
			Declared: &sbom.Declared{License: "apache-2.0", Link: "https://example.com/LICENSE"},
		}}},
	}
}

func TestSchemaValid(t *testing.T) {
	s := schema(t)
	for name, r := range reports(t) {
		t.Run(name, func(t *testing.T) {
			out := encode(t, r)
			if err := validate(s, out); err != nil {
				t.Error(err)
			}
			var top map[string]any
			if err := json.Unmarshal(out, &top); err != nil {
				t.Fatal(err)
			}
			if top["specVersion"] != "1.6" {
				t.Errorf("specVersion %v, want 1.6", top["specVersion"])
			}
		})
	}
}

// TestSchemaRejects shows the validation has teeth: the two license
// mistakes bom-formats.md warns about are rejected.
func TestSchemaRejects(t *testing.T) {
	s := schema(t)
	out := string(encode(t, reporttest.Rich(t)))
	for name, m := range map[string]string{
		"LicenseRef in license.id": strings.Replace(out, `"name": "LicenseRef-scancode-llama-3.1-license-2024"`, `"id": "LicenseRef-scancode-llama-3.1-license-2024"`, 1),
		"mixed license and expression": strings.Replace(out,
			`"expression": "Apache-2.0 OR MIT",`,
			`"expression": "Apache-2.0 OR MIT"}, {"license": {"id": "MIT"}},{`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			if m == out {
				t.Fatal("mutation did not apply")
			}
			if validate(s, []byte(m)) == nil {
				t.Error("schema accepted an invalid BOM")
			}
		})
	}
}

func TestGolden(t *testing.T) {
	got := encode(t, reporttest.Rich(t))
	golden := filepath.Join("testdata", "report.cdx.json.golden")
	reporttest.Golden(t, golden, got, *update)
}

func TestDeterministic(t *testing.T) {
	a, b := encode(t, reporttest.Rich(t)), encode(t, reporttest.Rich(t))
	if !bytes.Equal(a, b) {
		t.Fatal("same report, different bytes")
	}
	r := reporttest.Rich(t)
	r.Timestamp = "2026-01-02T03:04:06Z"
	bom, err := BOM(r)
	if err != nil {
		t.Fatal(err)
	}
	if bom.Metadata.Timestamp != "2026-01-02T03:04:06Z" {
		t.Errorf("timestamp %q does not come from the report", bom.Metadata.Timestamp)
	}
	if strings.Contains(string(a), bom.SerialNumber) {
		t.Error("a different report kept the same serialNumber")
	}
}

// TestRoundTrip reads the BOM back with cyclonedx-go and checks that every
// model, license and ancestry edge of the report survives.
func TestRoundTrip(t *testing.T) {
	r := reporttest.Rich(t)
	var back cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(encode(t, r)), cdx.BOMFileFormatJSON).Decode(&back); err != nil {
		t.Fatal(err)
	}
	if back.SpecVersion != cdx.SpecVersion1_6 {
		t.Errorf("spec version %v", back.SpecVersion)
	}
	byRef := map[string]cdx.Component{} // aibom model ref → component
	bomRefs := map[string]string{}      // bom-ref → aibom model ref
	for _, c := range *back.Components {
		if c.Type != cdx.ComponentTypeMachineLearningModel {
			continue
		}
		ref := prop(c, "aibom:model:ref")
		if ref == "" {
			// a base model named but not described carries its ref too
			t.Errorf("component %s has no aibom:model:ref", c.BOMRef)
		}
		byRef[ref] = c
		bomRefs[c.BOMRef] = ref
	}
	deps := map[string][]string{}
	for _, d := range *back.Dependencies {
		if d.Dependencies != nil {
			deps[d.Ref] = *d.Dependencies
		}
	}
	for _, m := range r.Models {
		c, ok := byRef[m.Ref]
		if !ok {
			t.Errorf("model %s lost", m.Ref)
			continue
		}
		if m.Purl != "" && c.PackageURL != m.Purl {
			t.Errorf("%s: purl %q", m.Ref, c.PackageURL)
		}
		if m.License != nil && m.License.Expression != "" {
			if got := licenseIDs(c.Licenses); !slices.Contains(got, m.License.Expression) {
				t.Errorf("%s: licenses %v lack the concluded %s", m.Ref, got, m.License.Expression)
			}
		}
		for _, bm := range m.BaseModels {
			base := byRef[bm.Ref]
			if !slices.Contains(deps[c.BOMRef], base.BOMRef) {
				t.Errorf("%s: dependency on %s lost", m.Ref, bm.Ref)
			}
			if !slices.Contains(propAll(c, "aibom:lineage:"+bm.Relation), bm.Ref) {
				t.Errorf("%s: lineage property for %s lost", m.Ref, bm.Ref)
			}
			if findAncestor(c.Pedigree, bm.Ref) == nil {
				t.Errorf("%s: pedigree ancestor %s lost", m.Ref, bm.Ref)
			}
		}
		if m.Direct && !slices.Contains(deps[SubjectRef], c.BOMRef) {
			t.Errorf("%s: direct model not a dependency of the subject", m.Ref)
		}
	}
	// The fine-tune chain survives as nested pedigree: GGUF → chat → base.
	gguf := byRef["hf:acme/llama-3.1-8b-chat-GGUF@5d2c9e0a7b1f3c4d6e8f0a1b2c3d4e5f60718293"]
	if findAncestor(gguf.Pedigree, "hf:meta-llama/Llama-3.1-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659") == nil {
		t.Error("the grandparent is not in the GGUF model's nested pedigree")
	}
	for _, d := range r.Datasets {
		found := false
		for _, c := range *back.Components {
			found = found || (c.Type == cdx.ComponentTypeData && c.BOMRef == d.Ref)
		}
		if !found {
			t.Errorf("dataset %s lost", d.Ref)
		}
	}
}

func findAncestor(p *cdx.Pedigree, ref string) *cdx.Component {
	if p == nil || p.Ancestors == nil {
		return nil
	}
	for i := range *p.Ancestors {
		a := &(*p.Ancestors)[i]
		if prop(*a, "aibom:model:ref") == ref {
			return a
		}
		if f := findAncestor(a.Pedigree, ref); f != nil {
			return f
		}
	}
	return nil
}

func prop(c cdx.Component, name string) string {
	if all := propAll(c, name); len(all) > 0 {
		return all[0]
	}
	return ""
}

func propAll(c cdx.Component, name string) []string {
	var out []string
	if c.Properties != nil {
		for _, p := range *c.Properties {
			if p.Name == name {
				out = append(out, p.Value)
			}
		}
	}
	return out
}

func licenseIDs(l *cdx.Licenses) []string {
	var out []string
	if l == nil {
		return nil
	}
	for _, c := range *l {
		switch {
		case c.Expression != "":
			out = append(out, c.Expression)
		case c.License != nil:
			out = append(out, c.License.ID+c.License.Name)
		}
	}
	return out
}

func TestLicenseChoices(t *testing.T) {
	one := func(l sbom.License, file string) *sbom.Concluded {
		return sbom.Conclude("hf:o/m", []sbom.LicensePart{{License: l, From: []string{"hf:o/m"}, File: file}})
	}
	llama := sbom.License{Key: "llama3.1", SPDXID: "LicenseRef-scancode-llama-3.1-license-2024", HFID: "llama3.1", Source: "detected", URL: "https://www.llama.com/llama3_1/license/", Category: "open-weights"}
	llama3 := sbom.License{Key: "llama3", SPDXID: "LicenseRef-aibom-llama3", HFID: "llama3", Source: "inherited", Category: "open-weights"}
	apache := sbom.License{Key: "apache-2.0", SPDXID: "Apache-2.0", HFID: "apache-2.0", Source: "declared", Category: "permissive"}
	laundered := sbom.Conclude("hf:o/m", []sbom.LicensePart{{License: apache, From: []string{"hf:o/m"}}, {License: llama3, From: []string{"hf:meta-llama/Meta-Llama-3-8B"}}})
	for _, tc := range []struct {
		name, want, evidence string // JSON of the licenses array and of evidence
		m                    sbom.Model
	}{
		{name: "spdx id, declared and concluded", m: sbom.Model{Ref: "hf:o/m", License: one(apache, ""), Declared: &sbom.Declared{License: "apache-2.0", Normalized: &apache}},
			want: `[{"license":{"id":"Apache-2.0","acknowledgement":"concluded"}},{"license":{"id":"Apache-2.0","acknowledgement":"declared"}}]`, evidence: `null`},
		{name: "licenseref detected plus matching declaration", m: sbom.Model{Ref: "hf:o/m", License: one(llama, ""), Declared: &sbom.Declared{License: "llama3.1", Normalized: &llama}},
			want: `[{"license":{"name":"LicenseRef-scancode-llama-3.1-license-2024","acknowledgement":"concluded","url":"https://www.llama.com/llama3_1/license/"}},` +
				`{"license":{"name":"LicenseRef-scancode-llama-3.1-license-2024","acknowledgement":"declared","url":"https://www.llama.com/llama3_1/license/"}}]`, evidence: `null`},
		{name: "a laundered fine-tune: the conjunction concluded, the declaration in evidence",
			m:        sbom.Model{Ref: "hf:o/m", License: laundered, Declared: &sbom.Declared{License: "apache-2.0", Normalized: &apache}},
			want:     `[{"expression":"LicenseRef-aibom-llama3 AND Apache-2.0","acknowledgement":"concluded"}]`,
			evidence: `{"licenses":[{"license":{"id":"Apache-2.0","acknowledgement":"declared"}}]}`},
		{name: "other with a name and a hostile link", m: sbom.Model{Ref: "hf:o/m",
			License:  one(sbom.License{SPDXID: "LicenseRef-aibom-declared-acme-model-license", Name: "acme-model-license", Source: "declared", URL: ""}, ""),
			Declared: &sbom.Declared{License: "other", Name: "acme-model-license", Link: "javascript:alert(1)"}},
			want: `[{"license":{"name":"LicenseRef-aibom-declared-acme-model-license","acknowledgement":"concluded"}},{"license":{"name":"acme-model-license","acknowledgement":"declared"}}]`, evidence: `null`},
		{name: "licenseref without url points at the detected file", m: sbom.Model{Ref: "hf:o/m", Hub: "huggingface", ID: "o/m", Revision: "abc",
			License: one(sbom.License{SPDXID: "LicenseRef-aibom-unknown-0123456789ab", Source: "detected"}, "LICENSE.md")},
			want: `[{"license":{"name":"LicenseRef-aibom-unknown-0123456789ab","acknowledgement":"concluded","url":"https://huggingface.co/o/m/blob/abc/LICENSE.md"}}]`, evidence: `null`},
		{name: "nothing known", m: sbom.Model{}, want: `null`, evidence: `null`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lic, ev := modelLicenses(&tc.m)
			got, err := json.Marshal(lic)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("licenses\ngot  %s\nwant %s", got, tc.want)
			}
			gotEv, _ := json.Marshal(ev)
			if string(gotEv) != tc.evidence {
				t.Errorf("evidence\ngot  %s\nwant %s", gotEv, tc.evidence)
			}
		})
	}
}

func TestTermsProps(t *testing.T) {
	var p props
	addTermsProps(&p, &licenses.Terms{CommercialUse: licenses.Conditional,
		UserLimit:         &licenses.UserLimit{Count: 700000000, Unit: licenses.MonthlyActiveUsers},
		AttributionText:   licenses.Str("Built with Llama"),
		TerritoryExcluded: []string{"EU", "CN"}})
	got := map[string][]string{}
	for _, x := range p {
		if !strings.HasPrefix(x.Name, "aibom:terms:") {
			t.Errorf("property %q outside aibom:terms:", x.Name)
		}
		got[x.Name] = append(got[x.Name], x.Value)
	}
	for k, v := range map[string][]string{
		"aibom:terms:commercial-use":     {"conditional"},
		"aibom:terms:user-limit":         {"700000000 monthly_active_users"},
		"aibom:terms:attribution-text":   {"Built with Llama"},
		"aibom:terms:territory-excluded": {"EU", "CN"},
		"aibom:terms:redistribution":     {"unknown"},
		"aibom:terms:research-only":      {"false"},
	} {
		if !slices.Equal(got[k], v) {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if _, ok := got["aibom:terms:naming-rule"]; ok {
		t.Error("a nil naming rule was written")
	}
}

func TestHubURL(t *testing.T) {
	for _, tc := range []struct {
		hub, id, rev string
		dataset      bool
		file         []string
		want         string
	}{
		{"huggingface", "org/m", "", false, nil, "https://huggingface.co/org/m"},
		{"huggingface", "org/d", "", true, nil, "https://huggingface.co/datasets/org/d"},
		{"huggingface", "org/m", "abc", false, []string{"LICENSE"}, "https://huggingface.co/org/m/blob/abc/LICENSE"},
		{"github", "u/r", "", false, []string{"LICENSE"}, "https://github.com/u/r/blob/HEAD/LICENSE"},
		{"ollama", "llama3.2:3b", "", false, nil, "https://ollama.com/library/llama3.2"},
		{"huggingface", "a b/c|d", "", false, nil, "https://huggingface.co/a%20b/c%7Cd"},
		{"local", "models/x.onnx", "", false, nil, ""},
		{"openai", "gpt-4o", "", false, nil, ""},
	} {
		if got := sbom.HubURL(tc.hub, tc.id, tc.rev, tc.dataset, strings.Join(tc.file, "")); got != tc.want {
			t.Errorf("hubURL(%q, %q) = %q, want %q", tc.hub, tc.id, got, tc.want)
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

func TestOutputUseProperty(t *testing.T) {
	r := &sbom.Report{SchemaVersion: sbom.SchemaVersion, Models: []sbom.Model{{
		Ref: "hf:google/gemma-2-9b-it", Hub: "huggingface", ID: "google/gemma-2-9b-it", Direct: true,
		Terms: &licenses.Terms{CommercialUse: "allowed", OutputRestriction: true, OutputUse: licenses.OutputDerivative},
	}}}
	out := string(encode(t, r))
	if !strings.Contains(out, `"name": "aibom:terms:output-use"`) || !strings.Contains(out, `"value": "derivative"`) {
		t.Errorf("output-use property missing:\n%s", out)
	}
	if !strings.Contains(out, "models trained on its outputs are derivatives") {
		t.Errorf("model card consideration missing")
	}
}

// TestCompositions: the BOM says it is complete only when every model
// resolved; otherwise it lists the models that did not as incomplete.
func TestCompositions(t *testing.T) {
	resolved := sbom.Model{Ref: "hf:a/ok", Hub: "huggingface", ID: "a/ok", Direct: true, Status: sbom.StatusResolved}
	missing := sbom.Model{Ref: "hf:a/gone", Hub: "huggingface", ID: "a/gone", Direct: true, Status: sbom.StatusNotFound}
	for _, tc := range []struct {
		name   string
		models []sbom.Model
		want   []string // aggregate: bom-refs ("" for the whole BOM)
	}{
		{"all resolved", []sbom.Model{resolved}, []string{"complete:", "complete:subject,pkg:huggingface/a/ok"}},
		{"one not found", []sbom.Model{resolved, missing}, []string{"incomplete:pkg:huggingface/a/gone", "complete:subject,pkg:huggingface/a/ok"}},
		{"none resolved", []sbom.Model{missing}, []string{"incomplete:pkg:huggingface/a/gone", "complete:subject"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := range tc.models {
				tc.models[i].Purl = sbom.Purl(tc.models[i].Hub, tc.models[i].ID, "")
			}
			bom, err := BOM(&sbom.Report{Models: tc.models})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range *bom.Compositions {
				var refs []string
				if c.Dependencies != nil {
					for _, r := range *c.Dependencies {
						refs = append(refs, string(r))
					}
				}
				got = append(got, string(c.Aggregate)+":"+strings.Join(refs, ","))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("compositions %v, want %v", got, tc.want)
			}
		})
	}
}

// TestEveryComponentHasPurl: purl-keyed tools can match every model and
// dataset, also those whose hub has no purl type.
func TestEveryComponentHasPurl(t *testing.T) {
	bom, err := BOM(reporttest.Rich(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range *bom.Components {
		if !strings.HasPrefix(c.PackageURL, "pkg:") {
			t.Errorf("%s %s: purl %q", c.Type, c.Name, c.PackageURL)
		}
	}
	md := bom.Metadata
	if md.Authors == nil || md.Lifecycles == nil || md.Licenses == nil || md.Tools == nil {
		t.Errorf("metadata lacks authors, lifecycles, licenses or tools: %+v", md)
	}
}

// TestWeightHashes: a model's weight files are its hashes, and each is
// tied to its file by a distribution reference pinned to the revision; a
// malformed sha256 in a report file is not written (the schema checks the
// content), and a model without a revision keeps its hashes but gets no
// download URL that could point at other bytes.
func TestWeightHashes(t *testing.T) {
	a, b := strings.Repeat("a1", 32), strings.Repeat("b2", 32)
	files := []sbom.File{{Path: "model-00002-of-00002.safetensors", SHA256: b}, {Path: "model-00001-of-00002.safetensors", SHA256: a}, {Path: "bad.gguf", SHA256: "xyz"}}
	for _, tc := range []struct {
		name, rev string
		wantDist  []string
	}{
		{"pinned", "abc123", []string{
			"https://huggingface.co/org/m/resolve/abc123/model-00001-of-00002.safetensors weight file model-00001-of-00002.safetensors " + a,
			"https://huggingface.co/org/m/resolve/abc123/model-00002-of-00002.safetensors weight file model-00002-of-00002.safetensors " + b,
		}},
		{"no revision", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &sbom.Report{SchemaVersion: sbom.SchemaVersion, Models: []sbom.Model{{Ref: "hf:org/m", Hub: "huggingface", ID: "org/m",
				Revision: tc.rev, Direct: true, Status: sbom.StatusResolved, Files: files}}}
			out := encode(t, r)
			if err := validate(schema(t), out); err != nil {
				t.Fatalf("schema: %v", err)
			}
			bom, err := BOM(r)
			if err != nil {
				t.Fatal(err)
			}
			c := (*bom.Components)[0]
			var hashes, dist []string
			if c.Hashes != nil {
				for _, h := range *c.Hashes {
					hashes = append(hashes, string(h.Algorithm)+" "+h.Value)
				}
			}
			if want := []string{"SHA-256 " + a, "SHA-256 " + b}; !slices.Equal(hashes, want) {
				t.Errorf("hashes %v, want %v", hashes, want)
			}
			if c.ExternalReferences != nil {
				for _, e := range *c.ExternalReferences {
					if e.Type == cdx.ERTypeDistribution && e.Hashes != nil && len(*e.Hashes) == 1 {
						dist = append(dist, e.URL+" "+e.Comment+" "+(*e.Hashes)[0].Value)
					}
				}
			}
			if !slices.Equal(dist, tc.wantDist) {
				t.Errorf("distribution references %v, want %v", dist, tc.wantDist)
			}
		})
	}
}
