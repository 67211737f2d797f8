package spdx

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// The two license statements every SPDX package carries, derived once for
// both SPDX encoders (3.0.1 here, 2.3 in sbom/spdx23): the concluded
// license (what aibom found governs the model) and the declared one (what
// the publisher stated). Both are SPDX license expressions; "" means
// unknown (NOASSERTION in the document).

// CustomLicense is what a document says of a LicenseRef- id it uses: its
// name and where its text is. aibom never copies a text it did not write.
type CustomLicense struct {
	ID   string // LicenseRef-…
	Name string
	URL  string // http(s) only
	Key  string // aibom catalog key, when the license is in the catalog
}

// Statement is one license expression and the LicenseRefs it uses.
type Statement struct {
	Expression string // "" when unknown
	Customs    []CustomLicense
}

// Concluded is the license aibom concluded for a model: the expression of
// every license that binds it (its own and its ancestors'), with what the
// report says of each LicenseRef in it.
func Concluded(c *sbom.Concluded) Statement {
	if c == nil || c.Expression == "" {
		return Statement{}
	}
	facts := make([]sbom.License, 0, len(c.Parts))
	for _, p := range c.Parts {
		facts = append(facts, p.License)
	}
	return statement(c.Expression, facts...)
}

// Declared is the publisher's declaration for a model: the license it
// names when aibom can name it, an SPDX id when the hub id is listed, else
// the LicenseRef the concluded license gives an unnamed declaration
// (sbom.DeclaredRef), with the verbatim text as its name. Unknown when the
// publisher declared nothing.
func Declared(m *sbom.Model) Statement {
	d := m.Declared
	if d == nil || (d.License == "" && d.Name == "") {
		return Statement{}
	}
	if n := d.Normalized; n != nil && n.SPDXID != "" {
		return statement(n.SPDXID, *n)
	}
	if id, ok := ListedID(d.License); ok {
		return Statement{Expression: id}
	}
	raw := d.License
	if raw == "" || raw == "other" {
		raw = strings.TrimSpace(d.Name)
	} else if d.Name != "" {
		raw = strings.TrimSpace(d.License + " " + d.Name)
	}
	ref := sbom.DeclaredRef(raw)
	return Statement{Expression: ref, Customs: []CustomLicense{{
		ID: ref, Name: cleanName(cmp.Or(d.Name, d.License)), URL: sbom.HTTPURL(d.Link),
	}}}
}

// DatasetConcluded is the license aibom knows for a dataset (from its hub
// metadata).
func DatasetConcluded(d *sbom.Dataset) Statement {
	if d.License == nil || d.License.SPDXID == "" {
		return Statement{}
	}
	return statement(d.License.SPDXID, *d.License)
}

// DatasetDeclared is a dataset's declaration: aibom knows a dataset's
// license only from its hub metadata, so it is declared when its source
// says so.
func DatasetDeclared(d *sbom.Dataset) Statement {
	if d.License != nil && d.License.Source == sbom.SourceDeclared {
		return DatasetConcluded(d)
	}
	return Statement{}
}

func statement(expr string, facts ...sbom.License) Statement {
	s := Statement{Expression: expr}
	for _, tok := range ExpressionIDs(expr) {
		if !strings.HasPrefix(tok, "LicenseRef-") || slices.ContainsFunc(s.Customs, func(c CustomLicense) bool { return c.ID == tok }) {
			continue
		}
		c := CustomLicense{ID: tok}
		for _, l := range facts {
			if l.SPDXID == tok {
				c.Name, c.URL, c.Key = cmp.Or(c.Name, cleanName(l.Name)), cmp.Or(c.URL, sbom.HTTPURL(l.URL)), cmp.Or(c.Key, l.Key)
			}
		}
		s.Customs = append(s.Customs, c)
	}
	return s
}

// ExpressionIDs returns the license ids in an SPDX expression, without
// operators, parentheses or a trailing "+".
func ExpressionIDs(expr string) []string {
	f := strings.FieldsFunc(expr, func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == '\t' })
	var ids []string
	for _, t := range f {
		switch strings.ToUpper(t) {
		case "AND", "OR", "WITH":
			continue
		}
		ids = append(ids, strings.TrimSuffix(t, "+"))
	}
	return ids
}

// cleanName keeps a license name from a hub or card printable: one line,
// no control characters.
func cleanName(s string) string { return oneLine(sbom.Clean(s, 0)) }
