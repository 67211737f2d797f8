// Package formats is the registry of report encoders: one list, sorted by
// id, that the CLI uses to validate --format/-o values and to build its help.
package formats

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aibom/aibom/policies"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/cyclonedx"
	"github.com/aibom/aibom/sbom/markdown"
	"github.com/aibom/aibom/sbom/notice"
	"github.com/aibom/aibom/sbom/sarif"
	"github.com/aibom/aibom/sbom/spdx"
	"github.com/aibom/aibom/sbom/spdx23"
)

// Encoder renders a report in one output format.
type Encoder interface {
	// ID is the format's name on the command line (json, table, cyclonedx …).
	ID() string
	// Aliases are other accepted names (cyclonedx-json, cdx …).
	Aliases() []string
	Encode(w io.Writer, r *sbom.Report) error
}

// Options shape encoders that depend on where the output goes.
type Options struct {
	// Color enables ANSI colour in terminal formats.
	Color bool
}

// All returns every encoder, sorted by ID.
func All(opts Options) []Encoder {
	encs := []Encoder{
		jsonEncoder{},
		tableEncoder{color: opts.Color},
		cyclonedx.Encoder{},
		spdx.Encoder{},
		spdx23.Encoder{},
		sarif.New(sarifRules()),
		markdown.New(markdown.Options{}),
		notice.Encoder{},
	}
	sort.Slice(encs, func(i, j int) bool { return encs[i].ID() < encs[j].ID() })
	return encs
}

// sarifRules describes every policy rule for SARIF consumers (GitHub code
// scanning shows the descriptions and links the help URI).
func sarifRules() []sarif.RuleMeta {
	var out []sarif.RuleMeta
	for _, r := range policies.Rules() {
		level := r.DefaultSeverity
		if level == "off" {
			level = "none"
		}
		out = append(out, sarif.RuleMeta{ID: r.ID, Short: r.Short, Full: r.Full, HelpURI: r.HelpURI(), DefaultLevel: level})
	}
	return out
}

// Names returns the IDs of all encoders, sorted, for help and errors.
func Names() []string {
	var names []string
	for _, e := range All(Options{}) {
		names = append(names, e.ID())
	}
	return names
}

// Find returns the encoder named name (an ID or an alias, case-insensitive).
func Find(name string, opts Options) (Encoder, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, e := range All(opts) {
		if e.ID() == n {
			return e, nil
		}
		for _, a := range e.Aliases() {
			if a == n {
				return e, nil
			}
		}
	}
	return nil, fmt.Errorf("unknown format %q (known: %s)", name, strings.Join(Names(), ", "))
}
