package sbom_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/reporttest"
	"github.com/aibom/aibom/sbom"
)

// wholeJSON is how WriteJSON encoded before it streamed: the whole report
// through one Encoder with indentation. It is the oracle the streaming
// encoder must match byte for byte.
func wholeJSON(t *testing.T, r *sbom.Report) []byte {
	t.Helper()
	r.Normalize()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteJSONMatchesWholeEncoding: the streamed report is the bytes the
// whole-report encoding gave, on the rich fixture (every part of a report,
// hostile and Unicode strings), the noisy one, an empty report and reports
// with the omitted fields present and absent.
func TestWriteJSONMatchesWholeEncoding(t *testing.T) {
	html := reporttest.Rich(t)
	html.Models[0].Name = `<script>&"x"</script> \u2028 ` + "\u2028\u2029\x01é"
	html.Warnings = []sbom.Warning{{Path: "a<b>.py", Message: "m & n"}}
	html.Skipped = []sbom.SkippedFile{{Path: "big.bin", Reason: "size", Detail: "> 1 MiB"}}
	html.Rules = []sbom.Rule{{ID: "r1"}}
	bare := reporttest.Rich(t)
	bare.Config, bare.Summary, bare.Timestamp, bare.Warnings, bare.Skipped, bare.Rules = nil, nil, "", nil, nil, nil
	cases := map[string]func() *sbom.Report{
		"rich":  func() *sbom.Report { return reporttest.Rich(t) },
		"noisy": reporttest.Noisy,
		"empty": func() *sbom.Report { return &sbom.Report{} },
		"html":  func() *sbom.Report { return html },
		"bare":  func() *sbom.Report { return bare },
		"one model": func() *sbom.Report {
			return &sbom.Report{SchemaVersion: sbom.SchemaVersion, Models: []sbom.Model{{Ref: "hf:a/b"}}}
		},
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			want := wholeJSON(t, mk())
			var got bytes.Buffer
			if err := sbom.WriteJSON(&got, mk()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				g, w := got.String(), string(want)
				i := 0
				for i < min(len(g), len(w)) && g[i] == w[i] {
					i++
				}
				t.Fatalf("streamed JSON differs at byte %d:\ngot  %q\nwant %q", i, g[i:min(len(g), i+80)], w[i:min(len(w), i+80)])
			}
		})
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestWriteJSONReportsWriteErrors: a writer that fails part-way (a full
// disk) is an error, not a silently short report.
func TestWriteJSONReportsWriteErrors(t *testing.T) {
	err := sbom.WriteJSON(&failWriter{n: 100}, reporttest.Rich(t))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the write error", err)
	}
}
