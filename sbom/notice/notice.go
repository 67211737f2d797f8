// Package notice builds the attribution file a team ships with a product
// that uses AI models (`aibom notice`, and the notice output format): per
// model, every license that binds it (its own and its ancestors'), with
// the display text, naming rule and use policy those licenses impose and
// where to get the license text to copy.
//
// aibom does not embed license texts it did not write: the file points to
// each license's URL and to the copy in the model's repository.
package notice

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// Entry is one model the product uses and what its licenses ask for.
type Entry struct {
	Ref      string
	ID       string
	Direct   bool
	URL      string // the model's page on its hub, "" for local and API models
	API      bool   // reached through a provider's API, not shipped
	Licenses []Duty
	// Unknown is set when aibom could not identify the model's license.
	Unknown bool
}

// Duty is one license that binds a model and what it asks of a product.
type Duty struct {
	Name        string
	SPDXID      string
	Key         string
	From        []string // refs of the models whose license this is
	LicenseURL  string   // the license text on the licensor's site
	LicenseFile string   // the copy in a model repository
	Attribution bool
	DisplayText string // e.g. "Built with Llama"
	NamingRule  string
	UsePolicy   string
	ShareAlike  bool
	// Redistribution is allowed, conditional, prohibited or unknown.
	Redistribution string
}

// Obligation reports whether the duty asks the product to do anything
// beyond keeping the license with the model.
func (d Duty) Obligation() bool {
	return d.Attribution || d.DisplayText != "" || d.NamingRule != "" || d.UsePolicy != "" || d.ShareAlike
}

// Entries lists the models a product built from r uses (the direct ones),
// sorted by ref, each with the licenses that bind it. A license reached
// through several ancestors appears once, naming all of them.
func Entries(r *sbom.Report) []Entry {
	byRef := map[string]*sbom.Model{}
	for i := range r.Models {
		byRef[r.Models[i].Ref] = &r.Models[i]
	}
	var out []Entry
	for i := range r.Models {
		m := &r.Models[i]
		if !m.Direct {
			continue
		}
		e := Entry{Ref: m.Ref, ID: m.ID, Direct: true, URL: sbom.HubURL(m.Hub, m.ID, "", false, ""), API: sbom.IsAPI(m.Hub)}
		type src struct {
			lic   sbom.License
			from  string
			terms *licenses.Terms
		}
		var srcs []src
		if len(m.Effective) == 0 {
			if m.License != nil {
				srcs = append(srcs, src{*m.License, m.Ref, m.Terms})
			}
		}
		for _, el := range m.Effective {
			t := el.Terms
			if t == nil && byRef[el.From] != nil {
				t = byRef[el.From].Terms
			}
			srcs = append(srcs, src{el.License, cmp.Or(el.From, m.Ref), t})
		}
		seen := map[string]int{}
		for _, s := range srcs {
			key := cmp.Or(s.lic.SPDXID, s.lic.Key, s.lic.Name)
			if key == "" {
				continue
			}
			if i, ok := seen[key]; ok {
				d := &e.Licenses[i]
				if !slices.Contains(d.From, s.from) {
					d.From = append(d.From, s.from)
				}
				mergeTerms(d, s.terms)
				if d.LicenseFile == "" {
					d.LicenseFile = licenseFile(byRef[s.from], s.lic.SPDXID)
				}
				continue
			}
			d := Duty{Name: s.lic.Name, SPDXID: s.lic.SPDXID, Key: s.lic.Key, From: []string{s.from},
				LicenseURL: sbom.HTTPURL(s.lic.URL), LicenseFile: licenseFile(byRef[s.from], s.lic.SPDXID)}
			if d.LicenseURL == "" && s.from == m.Ref && m.Declared != nil {
				d.LicenseURL = sbom.HTTPURL(m.Declared.Link) // the card's license_link
			}
			mergeTerms(&d, s.terms)
			seen[key] = len(e.Licenses)
			e.Licenses = append(e.Licenses, d)
		}
		e.Unknown = m.License == nil || m.License.SPDXID == "" || strings.HasPrefix(m.License.SPDXID, "LicenseRef-aibom-unknown-")
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Ref, b.Ref) })
	return out
}

func mergeTerms(d *Duty, t *licenses.Terms) {
	if t == nil {
		return
	}
	d.Attribution = d.Attribution || t.AttributionRequired
	d.ShareAlike = d.ShareAlike || t.ShareAlike
	if t.AttributionText != nil && d.DisplayText == "" {
		d.DisplayText = *t.AttributionText
	}
	if t.NamingRule != nil && d.NamingRule == "" {
		d.NamingRule = *t.NamingRule
	}
	if t.UsePolicy != nil && d.UsePolicy == "" {
		d.UsePolicy = *t.UsePolicy
	}
	if d.Redistribution == "" {
		d.Redistribution = t.Redistribution
	}
}

// licenseFile points at the file in the model's repository where aibom
// identified the license.
func licenseFile(m *sbom.Model, spdxID string) string {
	if m == nil {
		return ""
	}
	for _, d := range m.Detected {
		if d.SPDXID == spdxID && d.File != "" {
			return sbom.HubURL(m.Hub, m.ID, m.Revision, false, d.File)
		}
	}
	return ""
}

// Encoder writes the NOTICE file as the notice output format.
type Encoder struct{}

// ID implements the encoder registry's interface.
func (Encoder) ID() string { return "notice" }

// Aliases implements the encoder registry's interface.
func (Encoder) Aliases() []string { return nil }

// Encode writes the NOTICE file for r.
func (Encoder) Encode(w io.Writer, r *sbom.Report) error { return Write(w, r) }

const rule = "------------------------------------------------------------------------"

// Write writes the NOTICE file for r: plain UTF-8 text, every string from
// a model card or license reduced to printable single lines.
func Write(w io.Writer, r *sbom.Report) error {
	if r == nil {
		return fmt.Errorf("notice: nil report")
	}
	var b strings.Builder
	subject := cmp.Or(r.Subject.Name, "this product")
	fmt.Fprintf(&b, "NOTICE: AI models used by %s\n\n", clean(subject))
	gen := "Generated by " + clean(cmp.Or(r.Tool.Name, "aibom")+" "+r.Tool.Version)
	if r.Timestamp != "" {
		gen += " on " + clean(r.Timestamp)
	}
	fmt.Fprintf(&b, "%s from the licenses as aibom identified them.\n", strings.TrimSpace(gen))
	b.WriteString("Review it before shipping: it is a checklist, not legal advice.\n")

	entries := Entries(r)
	if len(entries) == 0 {
		b.WriteString("\nNo AI models found.\n")
	}
	for _, e := range entries {
		b.WriteString("\n" + rule + "\n")
		b.WriteString(clean(e.ID) + "\n")
		b.WriteString("  Model:  " + clean(e.Ref) + "\n")
		if e.URL != "" {
			b.WriteString("  Source: " + e.URL + "\n")
		}
		if e.API {
			b.WriteString("  Used as a service through its provider's API; the weights are not shipped.\n")
		}
		if e.Unknown {
			b.WriteString("  License: NOT IDENTIFIED. Find out the license before shipping this model.\n")
		}
		for _, d := range e.Licenses {
			writeDuty(&b, e, d)
		}
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("notice: write: %w", err)
	}
	return nil
}

func writeDuty(b *strings.Builder, e Entry, d Duty) {
	name := clean(cmp.Or(d.Name, d.SPDXID, d.Key))
	if d.SPDXID != "" && d.SPDXID != d.Name {
		name += " (" + clean(d.SPDXID) + ")"
	}
	b.WriteString("\n  " + name + "\n")
	var via []string
	for _, f := range d.From {
		if f == e.Ref {
			via = append(via, "this model")
		} else {
			via = append(via, "base model "+clean(f))
		}
	}
	field(b, "Applies via", strings.Join(via, "; "))
	if !e.API && d.Redistribution != licenses.Prohibited {
		// Licenses that allow redistribution nearly all require a copy of
		// the license to travel with the model; aibom points to it.
		field(b, "License text", d.LicenseURL)
		field(b, "Repo copy", d.LicenseFile)
		if d.LicenseURL == "" && d.LicenseFile == "" {
			field(b, "License text", "no URL known; take the LICENSE file from the model's repository")
		}
		field(b, "Ship", "a copy of this license with every copy of the model you distribute")
	} else {
		field(b, "Terms", d.LicenseURL)
	}
	if d.DisplayText != "" {
		field(b, "Display", `"`+clean(d.DisplayText)+`"`)
	} else if d.Attribution {
		field(b, "Attribution", "required; credit the licensor as the license describes")
	}
	if d.NamingRule != "" {
		field(b, "Naming", clean(d.NamingRule))
	}
	if d.UsePolicy != "" {
		field(b, "Use policy", clean(d.UsePolicy)+" (pass its restrictions on to your users)")
	}
	if d.ShareAlike {
		field(b, "Share-alike", "derivatives must carry the same license terms")
	}
	if d.Redistribution == licenses.Prohibited && !e.API {
		field(b, "Redistribution", "PROHIBITED by the license")
	}
}

func field(b *strings.Builder, name, value string) {
	if value == "" {
		return
	}
	fmt.Fprintf(b, "    %-15s %s\n", name+":", value)
}

// clean makes an untrusted string safe for a plain-text file: one line,
// no control or bidirectional-override characters (which could make the
// file read differently from what it says), at most 500 characters.
func clean(s string) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || isBidi(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
		if n++; n >= 500 {
			b.WriteString("…")
			break
		}
	}
	return strings.TrimSpace(b.String())
}

// isBidi reports the Unicode bidirectional embedding, override and
// isolate controls (CVE-2021-42574, "Trojan Source").
func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}
