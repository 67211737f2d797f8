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

// Concluded is the license aibom concluded for a model or dataset.
func Concluded(l *sbom.License) Statement {
	if l == nil || l.SPDXID == "" {
		return Statement{}
	}
	return statement(l.SPDXID, l)
}

// Declared is the publisher's declaration for a model: the same license as
// the concluded one when the hub id matches it, an SPDX id when the hub id
// is listed, else a LicenseRef-aibom-declared-… that keeps the verbatim
// text as its name. A license aibom took from the declaration (source
// declared) is the declaration.
func Declared(m *sbom.Model) Statement {
	d := m.Declared
	if d == nil || (d.License == "" && d.Name == "") {
		if m.License != nil && m.License.Source == "declared" {
			return Concluded(m.License)
		}
		return Statement{}
	}
	if m.License != nil && m.License.SPDXID != "" && d.License != "" && strings.EqualFold(d.License, m.License.HFID) {
		return Concluded(m.License)
	}
	if id, ok := ListedID(d.License); ok {
		return Statement{Expression: id}
	}
	raw := d.License
	if raw == "" || raw == "other" {
		raw = strings.TrimSpace(d.License + " " + d.Name)
	}
	ref := "LicenseRef-aibom-declared-" + licenseRefSuffix(raw)
	return Statement{Expression: ref, Customs: []CustomLicense{{
		ID: ref, Name: cleanName(cmp.Or(d.Name, d.License)), URL: sbom.HTTPURL(d.Link),
	}}}
}

// DatasetDeclared is a dataset's declaration: aibom knows a dataset's
// license only from its hub metadata, so it is declared when its source
// says so.
func DatasetDeclared(d *sbom.Dataset) Statement {
	if d.License != nil && d.License.Source == "declared" {
		return Concluded(d.License)
	}
	return Statement{}
}

func statement(expr string, l *sbom.License) Statement {
	s := Statement{Expression: expr}
	for _, tok := range ExpressionIDs(expr) {
		if !strings.HasPrefix(tok, "LicenseRef-") || slices.ContainsFunc(s.Customs, func(c CustomLicense) bool { return c.ID == tok }) {
			continue
		}
		c := CustomLicense{ID: tok}
		if l != nil && l.SPDXID == tok {
			c.Name, c.URL, c.Key = cleanName(l.Name), sbom.HTTPURL(l.URL), l.Key
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
