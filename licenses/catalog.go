package licenses

//go:generate go run ./gen -src ../../shared/corpus/licenses -catalog catalog.yaml -out fingerprints.json

import (
	_ "embed"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/licenses/internal/fingerprint"
)

// catalogYAML holds the curated facts (ids, names, terms); see the header
// of catalog.yaml.
//
//go:embed catalog.yaml
var catalogYAML []byte

// fingerprintsJSON is generated from the reference texts by ./gen.
//
//go:embed fingerprints.json
var fingerprintsJSON []byte

// Catalog is aibom's read-only set of known licenses, use policies and
// provider terms, with the matcher for their texts.
type Catalog struct {
	entries map[string]*entry
	keys    []string          // sorted
	names   map[string]string // normalised name → key (Lookup)
	m       *matcher
}

type entry struct {
	License
	aliases  []string
	umbrella bool // a Hub family id naming no single license
	hasText  bool // fingerprinted from a reference text
	note     string
}

var (
	builtinOnce sync.Once
	builtin     *Catalog
)

// Builtin returns the catalog embedded in the binary. It is built once, on
// first use. The embedded data is checked by the package tests, so a
// failure here is a build defect and panics.
func Builtin() *Catalog {
	builtinOnce.Do(func() {
		c, err := loadCatalog(catalogYAML, fingerprintsJSON, providerEntries())
		if err != nil {
			panic(fmt.Sprintf("licenses: built-in catalog: %v", err))
		}
		builtin = c
	})
	return builtin
}

// yamlEntry is one catalog.yaml entry.
type yamlEntry struct {
	Key         string            `yaml:"key"`
	SPDXID      string            `yaml:"spdx_id"`
	HFID        string            `yaml:"hf_id"`
	Name        string            `yaml:"name"`
	Kind        string            `yaml:"kind"`
	VersionDate string            `yaml:"version_date"`
	URL         string            `yaml:"url"`
	Related     []string          `yaml:"related"`
	Category    string            `yaml:"category"`
	Text        bool              `yaml:"text"`
	Umbrella    bool              `yaml:"umbrella"`
	Note        string            `yaml:"note"`
	Aliases     []string          `yaml:"aliases"`
	Terms       yamlTerms         `yaml:"terms"`
	Clauses     map[string]string `yaml:"clauses"`
}

type yamlTerms struct {
	CommercialUse        string        `yaml:"commercial_use"`
	UserLimit            *UserLimit    `yaml:"user_limit"`
	RevenueLimit         *RevenueLimit `yaml:"revenue_limit"`
	ResearchOnly         bool          `yaml:"research_only"`
	EvaluationOnly       bool          `yaml:"evaluation_only"`
	RegistrationRequired bool          `yaml:"registration_required"`
	AttributionRequired  bool          `yaml:"attribution_required"`
	AttributionText      string        `yaml:"attribution_text"`
	NamingRule           string        `yaml:"naming_rule"`
	OutputRestriction    bool          `yaml:"output_restriction"`
	OutputUse            string        `yaml:"output_use"`
	UseRestrictions      bool          `yaml:"use_restrictions"`
	UsePolicy            string        `yaml:"use_policy"`
	Redistribution       string        `yaml:"redistribution"`
	ShareAlike           bool          `yaml:"share_alike"`
	TerritoryExcluded    []string      `yaml:"territory_excluded"`
	GoverningLaw         string        `yaml:"governing_law"`
}

func (t yamlTerms) terms() Terms {
	out := Terms{
		CommercialUse:        cmpOr(t.CommercialUse, Unknown),
		UserLimit:            t.UserLimit,
		RevenueLimit:         t.RevenueLimit,
		ResearchOnly:         t.ResearchOnly,
		EvaluationOnly:       t.EvaluationOnly,
		RegistrationRequired: t.RegistrationRequired,
		AttributionRequired:  t.AttributionRequired,
		AttributionText:      Str(t.AttributionText),
		NamingRule:           Str(t.NamingRule),
		OutputRestriction:    t.OutputRestriction,
		OutputUse:            cmpOr(t.OutputUse, OutputUnknown),
		UseRestrictions:      t.UseRestrictions,
		UsePolicy:            Str(t.UsePolicy),
		Redistribution:       cmpOr(t.Redistribution, Unknown),
		ShareAlike:           t.ShareAlike,
		TerritoryExcluded:    slices.Clone(t.TerritoryExcluded),
		GoverningLaw:         Str(t.GoverningLaw),
	}
	return out
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

var (
	validKinds      = []string{KindLicense, KindUsePolicy, KindServiceTerms}
	validCategories = []string{CategoryPermissive, CategoryCopyleft, CategoryOpenWeights, CategoryNonCommercial, CategoryProprietary, CategoryUnknown}
	validValues     = []string{Allowed, Conditional, Prohibited, Unknown}
	validOutputUses = []string{OutputUnrestricted, OutputBan, OutputDerivative, OutputConditional, OutputUnknown}
)

// checkOutputUse keeps Terms.OutputUse consistent with the coarse
// OutputRestriction flag: a ban is always a restriction, "unrestricted"
// never is, and a classified limit names the clause behind it.
// Provider entries carry their support as Facts (providers.go), not
// clauses, so needClause is false for them.
func checkOutputUse(t Terms, needClause bool) error {
	if !slices.Contains(validOutputUses, t.OutputUse) {
		return fmt.Errorf("output_use %q (want one of %s)", t.OutputUse, strings.Join(validOutputUses, ", "))
	}
	switch {
	case t.OutputUse == OutputBan && !t.OutputRestriction:
		return fmt.Errorf("output_use %q without output_restriction", t.OutputUse)
	case t.OutputUse == OutputUnrestricted && t.OutputRestriction:
		return fmt.Errorf("output_restriction with output_use %q", t.OutputUse)
	}
	if needClause && (t.OutputUse == OutputBan || t.OutputUse == OutputDerivative || t.OutputUse == OutputConditional) {
		if _, ok := t.Evidence["output_use"]; !ok {
			if _, ok := t.Evidence["output_restriction"]; !ok {
				return fmt.Errorf("output_use %q without an output_use or output_restriction clause", t.OutputUse)
			}
		}
	}
	return nil
}

// loadCatalog parses and cross-checks the curated data, the fingerprints
// and the provider entries.
func loadCatalog(catYAML, fpJSON []byte, providers []License) (*Catalog, error) {
	var doc struct {
		Licenses []yamlEntry `yaml:"licenses"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(catYAML)))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse catalog.yaml: %w", err)
	}
	c := &Catalog{entries: map[string]*entry{}, names: map[string]string{}}
	add := func(e *entry) error {
		if e.Key == "" || e.Key != strings.ToLower(e.Key) {
			return fmt.Errorf("catalog entry %q: key must be non-empty lower case", e.Key)
		}
		if _, dup := c.entries[e.Key]; dup {
			return fmt.Errorf("catalog entry %q: duplicate key", e.Key)
		}
		if !slices.Contains(validKinds, e.Kind) {
			return fmt.Errorf("catalog entry %q: kind %q", e.Key, e.Kind)
		}
		if !slices.Contains(validCategories, e.Category) {
			return fmt.Errorf("catalog entry %q: category %q", e.Key, e.Category)
		}
		if !slices.Contains(validValues, e.Terms.CommercialUse) || !slices.Contains(validValues, e.Terms.Redistribution) {
			return fmt.Errorf("catalog entry %q: commercial_use %q / redistribution %q", e.Key, e.Terms.CommercialUse, e.Terms.Redistribution)
		}
		if e.SPDXID == "" && !e.umbrella {
			return fmt.Errorf("catalog entry %q: no spdx_id", e.Key)
		}
		c.entries[e.Key] = e
		c.keys = append(c.keys, e.Key)
		return nil
	}
	for _, y := range doc.Licenses {
		e := &entry{
			License: License{
				Key: y.Key, SPDXID: y.SPDXID, HFID: y.HFID, Name: y.Name, Kind: y.Kind,
				VersionDate: y.VersionDate, URL: y.URL, Related: y.Related, Category: y.Category,
				Terms: y.Terms.terms(),
			},
			aliases: y.Aliases, umbrella: y.Umbrella, hasText: y.Text, note: y.Note,
		}
		if len(y.Clauses) > 0 {
			e.Terms.Evidence = map[string]Clause{}
			for f, where := range y.Clauses {
				e.Terms.Evidence[f] = Clause{Quote: where, Source: y.Key}
			}
		}
		if err := checkOutputUse(e.Terms, true); err != nil {
			return nil, fmt.Errorf("catalog entry %q: %w", y.Key, err)
		}
		if err := add(e); err != nil {
			return nil, err
		}
	}
	for _, p := range providers {
		if p.Kind == "" {
			p.Kind = KindServiceTerms
		}
		if p.Category == "" {
			p.Category = CategoryProprietary
		}
		if p.Terms.CommercialUse == "" {
			p.Terms.CommercialUse = Unknown
		}
		if p.Terms.Redistribution == "" {
			p.Terms.Redistribution = Unknown
		}
		if p.Terms.OutputUse == "" {
			p.Terms.OutputUse = OutputUnknown
		}
		if err := checkOutputUse(p.Terms, false); err != nil {
			return nil, fmt.Errorf("provider terms %q: %w", p.Key, err)
		}
		if err := add(&entry{License: p}); err != nil {
			return nil, fmt.Errorf("provider terms: %w", err)
		}
	}
	slices.Sort(c.keys)

	// Cross-references must resolve.
	for _, k := range c.keys {
		e := c.entries[k]
		for _, r := range e.Related {
			if _, ok := c.entries[r]; !ok {
				return nil, fmt.Errorf("catalog entry %q: related %q is not in the catalog", k, r)
			}
		}
		if p := e.Terms.UsePolicy; p != nil {
			if pe, ok := c.entries[*p]; !ok || pe.Kind != KindUsePolicy {
				return nil, fmt.Errorf("catalog entry %q: use_policy %q is not a use policy in the catalog", k, *p)
			}
		}
	}

	// Names accepted by Lookup, strongest first: key, SPDX id, Hub id,
	// aliases, URL. A weaker name never overrides a stronger one; two entries
	// claiming the same alias is an error.
	for _, k := range c.keys {
		c.names[normName(k)] = k
	}
	for _, k := range c.keys {
		if id := c.entries[k].SPDXID; id != "" {
			if _, taken := c.names[normName(id)]; !taken {
				c.names[normName(id)] = k
			}
		}
	}
	for _, k := range c.keys {
		e := c.entries[k]
		if e.HFID == "" || e.HFID == "other" {
			continue
		}
		if _, taken := c.names[normName(e.HFID)]; !taken {
			c.names[normName(e.HFID)] = k
		}
	}
	for _, k := range c.keys {
		for _, a := range c.entries[k].aliases {
			n := normName(a)
			if prev, taken := c.names[n]; taken && prev != k {
				return nil, fmt.Errorf("catalog alias %q of %q already names %q", a, k, prev)
			}
			c.names[n] = k
		}
	}

	// The canonical URL of each entry is the weakest name.
	for _, k := range c.keys {
		if u := c.entries[k].URL; u != "" {
			if _, taken := c.names[normName(u)]; !taken {
				c.names[normName(u)] = k
			}
		}
	}

	data, err := fingerprint.Unmarshal(fpJSON)
	if err != nil {
		return nil, err
	}
	for _, d := range data.Docs {
		e, ok := c.entries[d.Key]
		if !ok {
			return nil, fmt.Errorf("fingerprints.json: %q is not in catalog.yaml", d.Key)
		}
		if !e.hasText {
			return nil, fmt.Errorf("catalog entry %q: has a reference text but text: false", d.Key)
		}
	}
	for _, k := range c.keys {
		if c.entries[k].hasText && !slices.ContainsFunc(data.Docs, func(d fingerprint.Doc) bool { return d.Key == k }) {
			return nil, fmt.Errorf("catalog entry %q: text: true but no fingerprints (run go generate ./licenses)", k)
		}
	}
	if c.m, err = newMatcher(data); err != nil {
		return nil, err
	}
	return c, nil
}

// Get returns the catalog entry with this key.
func (c *Catalog) Get(key string) (License, bool) {
	e, ok := c.entries[key]
	if !ok {
		return License{}, false
	}
	return e.copy(), true
}

// copy returns the entry's License with its slices and maps cloned, so
// callers cannot change the shared catalog.
func (e *entry) copy() License {
	l := e.License
	l.Related = slices.Clone(l.Related)
	l.Terms = cloneTerms(l.Terms)
	return l
}

func cloneTerms(t Terms) Terms {
	if t.UserLimit != nil {
		u := *t.UserLimit
		t.UserLimit = &u
	}
	if t.RevenueLimit != nil {
		r := *t.RevenueLimit
		t.RevenueLimit = &r
	}
	t.TerritoryExcluded = slices.Clone(t.TerritoryExcluded)
	t.OtherUserLimits = slices.Clone(t.OtherUserLimits)
	t.OtherRevenueLimits = slices.Clone(t.OtherRevenueLimits)
	if t.Evidence != nil {
		ev := make(map[string]Clause, len(t.Evidence))
		for k, v := range t.Evidence {
			ev[k] = v
		}
		t.Evidence = ev
	}
	return t
}

// Umbrella reports whether key is a family entry ("other", "openrail",
// "cc", "odc-by" …): a Hub id that names no single license.
func (c *Catalog) Umbrella(key string) bool {
	e, ok := c.entries[key]
	return ok && e.umbrella
}

// All returns every entry, sorted by key.
func (c *Catalog) All() []License {
	out := make([]License, 0, len(c.keys))
	for _, k := range c.keys {
		out = append(out, c.entries[k].copy())
	}
	return out
}

// Lookup finds a license by any name it goes by: catalog key, SPDX id
// (case-insensitive), Hugging Face license id, a card's license_name, a
// license_link URL, or a ModelScope display name ("Apache License 2.0").
// The Hub id "other" names no license and finds the umbrella entry "other".
func (c *Catalog) Lookup(name string) (License, bool) {
	n := normName(name)
	if n == "" {
		return License{}, false
	}
	if k, ok := c.names[n]; ok {
		return c.entries[k].copy(), true
	}
	return License{}, false
}

// Provider returns the terms of a closed-model API provider by key, SPDX id
// or discovery hub name ("openai-api", "OpenAI", "gemini", "qianfan").
func (c *Catalog) Provider(name string) (License, bool) {
	n := normName(name)
	for _, cand := range []string{n, n + "-api", ProviderForHub(n)} {
		if k, ok := c.names[cand]; ok && c.entries[k].Kind == KindServiceTerms && !c.entries[k].hasText {
			return c.entries[k].copy(), true
		}
	}
	return License{}, false
}

// normName folds a license name, id or URL to its lookup form: lower case,
// no scheme, "www." or trailing slash; Hugging Face /resolve/ and /raw/
// links read as /blob/; spaces and underscores become hyphens.
func normName(s string) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), `"'`))
	if s == "" {
		return ""
	}
	if strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "www.") {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			p := u.EscapedPath()
			s = u.Host + p
		}
		s = strings.ToLower(s)
		s = strings.TrimPrefix(s, "www.")
		s = strings.TrimSuffix(s, "/")
		s = strings.Replace(s, "/resolve/", "/blob/", 1)
		s = strings.Replace(s, "/raw/", "/blob/", 1)
		return s
	}
	s = strings.ToLower(s)
	s = strings.NewReplacer(" ", "-", "_", "-").Replace(s)
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return s
}

// SameLicense reports whether a declared license (a Hub id, SPDX id, name or
// URL, as a card or the GitHub API gives it) is consistent with the license
// detected in the text (a catalog key). It is false only when both are known
// and differ: an empty detectedKey, an unrecognised declared name, or the
// Hub's "other"/"unknown" leave nothing to compare. A family id ("openrail",
// "cc", "bsd", "gpl") agrees with any member; a Hub id shared by several
// versions ("gemma") agrees with each; a license agrees with its own use
// policy.
func (c *Catalog) SameLicense(declared, detectedKey string) bool {
	if detectedKey == "" || strings.TrimSpace(declared) == "" {
		return true
	}
	d, ok := c.Lookup(declared)
	if !ok {
		return true
	}
	if d.Key == detectedKey {
		return true
	}
	det, ok := c.Get(detectedKey)
	if !ok {
		det = License{Key: detectedKey, SPDXID: detectedKey}
	}
	if e := c.entries[d.Key]; e != nil && e.umbrella {
		return umbrellaCovers(d.Key, det)
	}
	if d.HFID != "" && d.HFID != "other" && d.HFID == det.HFID {
		return true
	}
	if det.Kind == KindUsePolicy && slices.Contains(det.Related, d.Key) {
		return true
	}
	return false
}

func umbrellaCovers(family string, l License) bool {
	id := strings.ToLower(l.SPDXID)
	switch family {
	case "other", "unknown":
		return true
	case "openrail":
		return strings.Contains(l.Key, "rail")
	case "cc":
		return strings.HasPrefix(id, "cc-") || strings.HasPrefix(id, "cc0")
	case "bsd":
		return strings.HasPrefix(id, "bsd-")
	case "gpl":
		return strings.HasPrefix(id, "gpl-")
	case "lgpl":
		return strings.HasPrefix(id, "lgpl-")
	case "gfdl":
		return strings.HasPrefix(id, "gfdl-")
	case "odc-by":
		return strings.HasPrefix(id, "odc-by")
	case "odbl":
		return strings.HasPrefix(id, "odbl")
	}
	return false
}

// providerEntries returns the closed-API provider terms kept in
// providers.go.
func providerEntries() []License { return providerLicenses() }
