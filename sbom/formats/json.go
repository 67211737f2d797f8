package formats

import (
	"io"

	"github.com/aibom/aibom/sbom"
)

// jsonEncoder writes aibom's canonical JSON report (docs/report.md).
type jsonEncoder struct{}

func (jsonEncoder) ID() string                               { return "json" }
func (jsonEncoder) Aliases() []string                        { return []string{"aibom-json"} }
func (jsonEncoder) Encode(w io.Writer, r *sbom.Report) error { return sbom.WriteJSON(w, r) }
