package sbom

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/aibom/aibom/licenses"
)

// License sources.
const (
	SourceDeclared  = "declared"  // the hub's or card's metadata
	SourceDetected  = "detected"  // identified from a license text aibom read
	SourceCatalog   = "catalog"   // aibom's built-in facts about a well-known model
	SourceInherited = "inherited" // an ancestor's license
)

// Identity is how two licenses are told apart: the catalog key when there
// is one (it separates versions), else the SPDX id, the hub's id or the
// name, folded.
func (l License) Identity() string {
	return strings.ToLower(cmp.Or(l.Key, l.SPDXID, l.HFID, l.Name))
}

// Known reports whether aibom identified the license: a catalog entry, or
// an SPDX-listed id, rather than a name it could not place or a text it
// does not know.
func (l License) Known() bool {
	switch {
	case strings.HasPrefix(l.SPDXID, "LicenseRef-aibom-unknown-"), strings.HasPrefix(l.SPDXID, "LicenseRef-aibom-declared-"):
		return false
	case l.Key != "":
		return !licenses.Builtin().Umbrella(l.Key)
	case l.SPDXID != "":
		return !strings.HasPrefix(l.SPDXID, "LicenseRef-aibom-unknown-") && !strings.HasPrefix(l.SPDXID, "LicenseRef-aibom-declared-")
	}
	return false
}

// Label is the short name a person reads in a table: the hub's id where
// the license has one, else aibom's key, SPDX id or name.
func (l License) Label() string {
	hf := l.HFID
	if hf != "" && licenses.Builtin().Umbrella(hf) && l.Key != "" {
		hf = "" // "other" says nothing: ChatGLM3's license reads chatglm3
	}
	return cmp.Or(hf, l.Key, l.SPDXID, l.Name, "?")
}

// DeclaredRef names a declared license aibom cannot identify, so it can
// still stand in an SPDX expression: LicenseRef-aibom-declared- and the
// declaration's text reduced to the characters an idstring allows.
func DeclaredRef(text string) string {
	var sb strings.Builder
	for _, r := range text {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.':
			sb.WriteRune(r)
		default:
			sb.WriteByte('-')
		}
	}
	out := strings.Trim(sb.String(), "-.")
	for strings.Contains(out, "--") {
		out = strings.ReplaceAll(out, "--", "-")
	}
	if len(out) > 64 {
		out = strings.TrimRight(out[:64], "-.")
	}
	if out == "" {
		sum := sha256.Sum256([]byte(text))
		out = hex.EncodeToString(sum[:6])
	}
	return "LicenseRef-aibom-declared-" + out
}

// Conclude builds the concluded license of the model ref from the licenses
// that bind it: parts naming the same license become one (their models
// joined; a model's own source wins over inherited), ordered most
// restrictive first (licenses.CategoryRank), then own before inherited,
// then by id; the expression is their ids joined by AND. Nil when there are
// no parts.
func Conclude(ref string, parts []LicensePart) *Concluded {
	var out []LicensePart
	idx := map[string]int{}
	for _, p := range parts {
		id := p.Identity()
		if id == "" {
			id = "\x00" + strings.Join(p.From, "\x00") // unnamed licenses stay apart
		}
		i, ok := idx[id]
		if !ok {
			p.From = slices.Clone(p.From)
			idx[id] = len(out)
			out = append(out, p)
			continue
		}
		q := &out[i]
		if q.Source == SourceInherited && p.Source != SourceInherited {
			own := p
			own.From = append(slices.Clone(p.From), q.From...)
			if own.Terms == nil {
				own.Terms = q.Terms
			}
			*q = own
		} else {
			q.From = append(q.From, p.From...)
			if q.Terms == nil {
				q.Terms = p.Terms
			}
			q.File = cmp.Or(q.File, p.File)
		}
	}
	if len(out) == 0 {
		return nil
	}
	for i := range out {
		out[i].From = ownFirst(ref, out[i].From)
	}
	slices.SortStableFunc(out, func(a, b LicensePart) int {
		return cmp.Or(
			-cmp.Compare(licenses.CategoryRank(a.partCategory()), licenses.CategoryRank(b.partCategory())),
			cmp.Compare(boolInt(a.Source == SourceInherited), boolInt(b.Source == SourceInherited)),
			cmp.Compare(a.Identity(), b.Identity()),
		)
	})
	var ids []string
	for _, p := range out {
		if p.SPDXID != "" && !slices.Contains(ids, p.SPDXID) {
			ids = append(ids, p.SPDXID)
		}
	}
	if len(ids) > 1 {
		// AND binds tighter than OR: a part that is itself a choice
		// ("Apache-2.0 OR MIT") keeps its meaning in parentheses.
		for i, id := range ids {
			if strings.ContainsAny(id, " \t") && !(strings.HasPrefix(id, "(") && strings.HasSuffix(id, ")")) {
				ids[i] = "(" + id + ")"
			}
		}
	}
	return &Concluded{Expression: strings.Join(ids, " AND "), Parts: out}
}

func (p LicensePart) partCategory() string {
	if p.Category != "" {
		return p.Category
	}
	return licenses.CategoryUnknown
}

// ownFirst sorts refs, de-duplicated, with ref itself first.
func ownFirst(ref string, from []string) []string {
	slices.Sort(from)
	from = slices.Compact(from)
	if i := slices.Index(from, ref); i > 0 {
		from = append(append([]string{ref}, from[:i]...), from[i+1:]...)
	}
	return from
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CombinedTerms are the terms of every part at once (licenses.Combine),
// each part named in evidence by its license and the model it comes
// through. Nil c (nothing identified) gives unknown terms.
func (c *Concluded) CombinedTerms() licenses.Terms {
	if c == nil {
		return licenses.Combine(nil)
	}
	parts := make([]licenses.Part, 0, len(c.Parts))
	for _, p := range c.Parts {
		from := ""
		if len(p.From) > 0 {
			from = p.From[0]
		}
		parts = append(parts, licenses.Part{License: cmp.Or(p.Key, p.SPDXID, p.HFID, p.Name), Model: from, Terms: p.Terms})
	}
	return licenses.Combine(parts)
}

// Own returns the parts that are the model's own license (declared,
// detected or catalog), as opposed to only inherited.
func (c *Concluded) Own(ref string) []LicensePart {
	if c == nil {
		return nil
	}
	var out []LicensePart
	for _, p := range c.Parts {
		if slices.Contains(p.From, ref) {
			out = append(out, p)
		}
	}
	return out
}

// Inherited returns the parts the model carries only through an ancestor.
func (c *Concluded) Inherited(ref string) []LicensePart {
	if c == nil {
		return nil
	}
	var out []LicensePart
	for _, p := range c.Parts {
		if !slices.Contains(p.From, ref) {
			out = append(out, p)
		}
	}
	return out
}

// LicenseLabel is the concluded license read at a glance: the licenses
// that bind the model beyond what its publisher declared (an ancestor's, a
// text in its repository), then, after an arrow, the declaration. "llama3
// ← apache-2.0 declared" for a Llama 3 fine-tune declared Apache-2.0;
// "llama3" when the declaration is all that binds; "llama3 (inherited)"
// when nothing was declared; "?" when nothing identifies any license.
// aibom's catalog facts stand where a declaration would: "apache-2.0 ←
// mit (catalog)".
func LicenseLabel(m *Model) string {
	c := m.License
	if c == nil || len(c.Parts) == 0 {
		return "?"
	}
	var binding, declared []string
	catalog := false
	for _, p := range c.Parts {
		own := slices.Contains(p.From, m.Ref)
		switch {
		case own && p.Source == SourceDeclared:
			declared = append(declared, p.Label())
		case own && p.Source == SourceCatalog:
			declared = append(declared, p.Label())
			catalog = true
		default:
			binding = append(binding, p.Label())
		}
	}
	decl := strings.Join(declared, " + ")
	if catalog {
		decl += " (catalog)"
	}
	switch {
	case len(binding) == 0:
		return decl
	case len(declared) > 0 && catalog:
		return strings.Join(binding, " + ") + " ← " + decl
	case len(declared) > 0:
		return strings.Join(binding, " + ") + " ← " + decl + " declared"
	case len(c.Own(m.Ref)) == 0:
		return strings.Join(binding, " + ") + " (inherited)"
	}
	return strings.Join(binding, " + ")
}

// CommercialLabel reads the commercial-use term at a glance, with the caps
// that make it conditional: "conditional (<700M MAU)", "prohibited
// (research only)", "unknown".
func CommercialLabel(t *licenses.Terms) string {
	if t == nil {
		return licenses.Unknown
	}
	s := cmp.Or(t.CommercialUse, licenses.Unknown)
	var why []string
	limits := append([]licenses.UserLimit{}, t.OtherUserLimits...)
	if t.UserLimit != nil {
		limits = append([]licenses.UserLimit{*t.UserLimit}, limits...)
	}
	for _, l := range limits {
		unit := "MAU"
		if l.Unit == licenses.DailyActiveUsers {
			unit = "DAU"
		}
		why = append(why, "<"+HumanCount(l.Count)+" "+unit)
	}
	revs := append([]licenses.RevenueLimit{}, t.OtherRevenueLimits...)
	if t.RevenueLimit != nil {
		revs = append([]licenses.RevenueLimit{*t.RevenueLimit}, revs...)
	}
	for _, l := range revs {
		per := "/yr"
		if l.Period == "monthly" {
			per = "/mo"
		}
		why = append(why, "<"+cmp.Or(strings.ToUpper(l.Currency), "USD")+" "+HumanCount(l.Amount)+per+" revenue")
	}
	switch {
	case t.EvaluationOnly:
		why = append(why, "evaluation only")
	case t.ResearchOnly:
		why = append(why, "research only")
	}
	if len(why) > 0 {
		s += " (" + strings.Join(why, ", ") + ")"
	}
	return s
}

// HumanCount writes round numbers short: 700000000 → 700M.
func HumanCount(n int64) string {
	switch {
	case n >= 1_000_000_000 && n%1_000_000_000 == 0:
		return itoa(n/1_000_000_000) + "B"
	case n >= 1_000_000 && n%1_000_000 == 0:
		return itoa(n/1_000_000) + "M"
	case n >= 1_000 && n%1_000 == 0:
		return itoa(n/1_000) + "k"
	}
	return itoa(n)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
