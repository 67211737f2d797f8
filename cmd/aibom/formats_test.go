package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/aibom/aibom/internal/schematest"
	"github.com/aibom/aibom/internal/spdxtest"
	"github.com/aibom/aibom/sbom"
)

// TestSPDXEveryProject scans every bundled project and reads its SPDX
// documents back with spdx/tools-golang: the 2.3 document through its
// reader and checks (and the official 2.3 schema), the 3.0.1 document
// through its SPDX 3 validator; each 2.3 document has a package per model
// and dataset of the report.
func TestSPDXEveryProject(t *testing.T) {
	projects, err := filepath.Glob("../../testdata/projects/*")
	if err != nil || len(projects) == 0 {
		t.Fatalf("no bundled projects: %v", err)
	}
	schema23 := schematest.SPDX23(t)
	for _, p := range projects {
		t.Run(filepath.Base(p), func(t *testing.T) {
			dir := t.TempDir()
			out := func(name string) string { return filepath.Join(dir, name) }
			code, _, stderr := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "1764417600"}, "scan", "--offline", "--fail-on", "none", "-f", "json",
				"-o", "json="+out("aibom.json"), "-o", "spdx-2.3="+out("bom.spdx23.json"), "-o", "spdx-3="+out("bom.spdx.json"), p)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			read := func(name string) []byte {
				b, err := os.ReadFile(out(name))
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			rep, err := sbom.ReadJSON(bytes.NewReader(read("aibom.json")))
			if err != nil {
				t.Fatal(err)
			}
			doc23 := read("bom.spdx23.json")
			if err := schematest.Validate(schema23, doc23); err != nil {
				t.Errorf("SPDX 2.3 schema: %v", err)
			}
			d, err := spdxtest.ReadSPDX23(doc23)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for _, pk := range d.Packages {
				names[pk.PackageName] = true
			}
			for _, m := range rep.Models {
				if !names[m.ID] {
					t.Errorf("model %s has no SPDX 2.3 package", m.Ref)
				}
			}
			for _, ds := range rep.Datasets {
				if !names[ds.ID] {
					t.Errorf("dataset %s has no SPDX 2.3 package", ds.Ref)
				}
			}
			if len(rep.Models) == 0 {
				t.Error("the project's scan found no model: the test would prove nothing")
			}
			if err := spdxtest.ValidateSPDX3(read("bom.spdx.json")); err != nil {
				t.Error(err)
			}
		})
	}
}
