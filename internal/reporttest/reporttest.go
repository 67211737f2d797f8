// Package reporttest holds the rich report the encoder tests share: direct
// and ancestor models, a GGUF → fine-tune → base chain, API, local and
// Ollama models, datasets, waived and baseline findings, and hostile and
// Unicode strings. It is our own fixture, written in the report's shape.
package reporttest

import (
	_ "embed"
	"encoding/json"
	"testing"

	"github.com/aibom/aibom/sbom"
)

//go:embed testdata/report.json
var rich []byte

// Rich returns a fresh copy of the shared fixture report.
func Rich(t testing.TB) *sbom.Report {
	t.Helper()
	var r sbom.Report
	if err := json.Unmarshal(rich, &r); err != nil {
		t.Fatalf("reporttest fixture: %v", err)
	}
	return &r
}
