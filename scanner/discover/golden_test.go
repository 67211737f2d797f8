package discover

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aibom/aibom/sbom"
)

// goldenRun is what one discovery run over a fixture project returns, in
// the order discovery returns it.
type goldenRun struct {
	Files      int            `json:"files"`
	Skipped    int            `json:"skipped"` // too large or binary, as counted when the golden files were made
	References []Reference    `json:"references"`
	Warnings   []sbom.Warning `json:"warnings"`
}

// TestGoldenProjects freezes the whole discovery output (every reference
// with its location, via and local info, in order, and every warning) of
// each project under testdata/projects, with and without documentation.
// Performance work on the lexer and the walk must leave these bytes alone;
// a change of behaviour shows here as a diff to review (-update rewrites).
func TestGoldenProjects(t *testing.T) {
	projects, err := filepath.Glob(filepath.Join("..", "..", "testdata", "projects", "*"))
	if err != nil || len(projects) == 0 {
		t.Fatalf("no fixture projects: %v", err)
	}
	for _, root := range projects {
		name := filepath.Base(root)
		t.Run(name, func(t *testing.T) {
			out := map[string]goldenRun{}
			for mode, docs := range map[string]bool{"docs": true, "nodocs": false} {
				res, err := Discover(context.Background(), root, Options{IncludeDocs: docs})
				if err != nil {
					t.Fatal(err)
				}
				out[mode] = goldenRun{Files: res.Files, Skipped: sizeOrBinary(res.Skipped), References: res.References, Warnings: res.Warnings}
			}
			got, err := json.MarshalIndent(out, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("discovery output of %s differs from %s; diff it with -update and git diff", name, golden)
			}
		})
	}
}

// sizeOrBinary counts the skips discovery counted before it listed them.
func sizeOrBinary(list []sbom.SkippedFile) int {
	n := 0
	for _, s := range list {
		if s.Reason == sbom.SkipTooLarge || s.Reason == sbom.SkipBinary {
			n++
		}
	}
	return n
}
