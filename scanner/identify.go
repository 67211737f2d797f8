package scanner

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/resolve"
)

// identifier is the identify stage: it decides the license of every model
// from the declared id, the license text aibom read, and the ancestry.
type identifier struct {
	lic *licenses.Catalog
}

// minCardConfidence is the confidence a license found inside a model card
// (rather than a license file) needs before it counts: cards quote and
// discuss licenses, so a weak match there is not evidence.
const minCardConfidence = 0.8

func (id identifier) models(g *resolve.Graph) []sbom.Model {
	out := make([]sbom.Model, 0, len(g.Nodes))
	byRef := make(map[string]int, len(g.Nodes))
	for _, n := range g.Nodes {
		m := id.model(n)
		byRef[m.Ref] = len(out)
		out = append(out, m)
	}
	// Effective licenses: a model's own plus every ancestor's, walked over
	// the graph with a visited set (the resolver already bounds cycles, but
	// the report must never loop on a malformed graph).
	for i := range out {
		seen := map[string]bool{}
		var walk func(ref string)
		walk = func(ref string) {
			if seen[ref] {
				return
			}
			seen[ref] = true
			j, ok := byRef[ref]
			if !ok {
				return
			}
			m := out[j]
			if m.License != nil {
				out[i].Effective = append(out[i].Effective, sbom.EffectiveLicense{License: *m.License, From: m.Ref, Terms: m.Terms})
			}
			for _, b := range m.BaseModels {
				walk(b.Ref)
			}
		}
		walk(out[i].Ref)
		out[i].Effective = dedupeEffective(out[i].Effective)
	}
	return out
}

func dedupeEffective(in []sbom.EffectiveLicense) []sbom.EffectiveLicense {
	slices.SortStableFunc(in, func(a, b sbom.EffectiveLicense) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Key, b.Key))
	})
	var out []sbom.EffectiveLicense
	seen := map[string]bool{}
	for _, e := range in {
		// One entry per license and the model imposing it, so a reader
		// (and the policy stage) sees every ancestor that binds.
		k := e.Key + "\x00" + e.SPDXID + "\x00" + e.From
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

func (id identifier) model(n resolve.Node) sbom.Model {
	m := sbom.Model{
		Ref:        n.Ref,
		Hub:        n.Hub,
		ID:         n.ID,
		Revision:   n.Revision,
		Direct:     n.Direct,
		Locations:  n.Locations,
		Via:        n.Via,
		Status:     n.Status,
		Reason:     n.Reason,
		BaseModels: n.Bases,
		Datasets:   n.Datasets,
		Purl:       sbom.Purl(n.Hub, n.ID, n.Revision),
	}
	info := n.Info
	var declared sbom.Declared
	if info != nil {
		m.Source = info.Source
		m.Snapshot = info.Snapshot
		m.Gated = info.Gated
		m.Task = info.PipelineTag
		m.Created, m.Modified = info.Created, info.Modified
		m.Library = info.LibraryName
		declared = sbom.Declared{License: info.License, Name: info.LicenseName, Link: info.LicenseLink}
		if m.Revision == "" && info.Revision != "" && n.Hub != sbom.HubGitHub {
			m.Revision = info.Revision
			m.Purl = sbom.Purl(n.Hub, n.ID, info.Revision)
		}
	}
	if declared != (sbom.Declared{}) {
		m.Declared = &declared
	}

	// Detected: license files first, then a card that carries a license.
	var best *licenses.Identification
	if info != nil {
		for _, f := range info.Files {
			ident := id.lic.Identify(f.Content)
			if ident.Key == "" && len(ident.Matches) == 0 {
				continue
			}
			m.Detected = append(m.Detected, sbom.Detection{File: f.Path, Key: ident.Key, SPDXID: ident.SPDXID, Confidence: ident.Confidence})
			if ident.Kind == licenses.KindUsePolicy {
				continue
			}
			if best == nil || ident.Confidence > best.Confidence {
				b := ident
				best = &b
			}
		}
		if best == nil && len(info.Card) > 0 {
			ident := id.lic.Identify(info.Card)
			if ident.Key != "" && ident.Confidence >= minCardConfidence && ident.Kind != licenses.KindUsePolicy {
				m.Detected = append(m.Detected, sbom.Detection{File: "README.md", Key: ident.Key, SPDXID: ident.SPDXID, Confidence: ident.Confidence})
				best = &ident
			}
		}
	}
	switch {
	case best != nil && best.Key != "":
		if l, ok := id.lic.Get(best.Key); ok {
			m.License = licenseOf(l, "detected")
			t := l.Terms
			m.Terms = &t
		}
	case best != nil:
		// Text aibom does not know: a stable LicenseRef and extracted terms.
		m.License = &sbom.License{SPDXID: best.SPDXID, Name: best.Name, Source: "detected", Category: licenses.CategoryUnknown}
		t := best.Terms
		m.Terms = &t
	}
	if m.License == nil {
		if l, ok := id.declaredLicense(n, declared); ok {
			src := "declared"
			if m.Source == "catalog" {
				src = "catalog"
			}
			m.License = licenseOf(l, src)
			t := l.Terms
			m.Terms = &t
		} else if declared.License != "" || declared.Name != "" {
			name := declared.Name
			if name == "" {
				name = declared.License
			}
			m.License = &sbom.License{HFID: declared.License, Name: name, Source: "declared", URL: declared.Link, Category: licenses.CategoryUnknown}
		} else if l, ok := id.establishedLicense(info); ok {
			// The card declares nothing; the built-in catalog established
			// the license from the publisher's own text. Declared stays
			// empty, so the report still shows the card's silence.
			m.License = licenseOf(l, "catalog")
			t := l.Terms
			m.Terms = &t
		}
	}
	if m.Terms == nil {
		m.Terms = &licenses.Terms{CommercialUse: licenses.Unknown, Redistribution: licenses.Unknown}
	}
	o := licenses.OpennessOf(licenses.OpennessInput{
		License:   licenseOrZero(id.lic, m.License),
		Gated:     m.Gated,
		API:       sbom.IsAPI(n.Hub),
		HasCard:   info != nil && len(info.Card) > 0,
		CardText:  cardOf(info),
		Tags:      tagsOf(n),
		Datasets:  n.Datasets,
		FileNames: fileNamesOf(n),
	})
	m.Openness = &o
	if sbom.IsAPI(n.Hub) {
		if p, ok := licenses.ProviderByKey(licenses.ProviderForHub(n.Hub)); ok {
			m.Provider = &p
		}
	}
	return m
}

// declaredLicense names the declared license from the catalog: the API
// provider's terms, a local file's declaration, or the hub metadata
// (license_name wins when the id is "other").
func (id identifier) declaredLicense(n resolve.Node, d sbom.Declared) (licenses.License, bool) {
	if sbom.IsAPI(n.Hub) {
		return id.lic.Provider(licenses.ProviderForHub(n.Hub))
	}
	var tries []string
	if strings.EqualFold(d.License, "other") || d.License == "" {
		tries = append(tries, d.Name, d.Link)
	} else {
		tries = append(tries, d.License, d.Name, d.Link)
	}
	for _, t := range tries {
		if t == "" {
			continue
		}
		if l, ok := id.lic.Lookup(t); ok {
			return l, true
		}
	}
	return licenses.License{}, false
}

// establishedLicense is the license the known-models catalog established
// for a card that declares none (hub.ModelInfo.Established).
func (id identifier) establishedLicense(info *hub.ModelInfo) (licenses.License, bool) {
	if info == nil || info.Established == nil || info.Established.License == "" {
		return licenses.License{}, false
	}
	return id.lic.Lookup(info.Established.License)
}

func licenseOf(l licenses.License, source string) *sbom.License {
	return &sbom.License{Key: l.Key, SPDXID: l.SPDXID, HFID: l.HFID, Name: l.Name, Source: source, URL: l.URL, Category: l.Category}
}

func licenseOrZero(c *licenses.Catalog, l *sbom.License) licenses.License {
	if l == nil {
		return licenses.License{Category: licenses.CategoryUnknown}
	}
	if l.Key != "" {
		if full, ok := c.Get(l.Key); ok {
			return full
		}
	}
	return licenses.License{SPDXID: l.SPDXID, Name: l.Name, Category: cmp.Or(l.Category, licenses.CategoryUnknown)}
}

func cardOf(info *hub.ModelInfo) []byte {
	if info == nil {
		return nil
	}
	return info.Card
}

func tagsOf(n resolve.Node) []string {
	if n.Info == nil {
		return nil
	}
	return n.Info.Tags
}

func fileNamesOf(n resolve.Node) []string {
	if n.Info == nil {
		return nil
	}
	return n.Info.FileNames
}

// collectDatasets gathers the datasets models name and those the project
// references directly.
func collectDatasets(g *resolve.Graph, refs []discover.Reference) []sbom.Dataset {
	byRef := map[string]*sbom.Dataset{}
	get := func(ref, hubName, dsID string) *sbom.Dataset {
		k := strings.ToLower(ref)
		d, ok := byRef[k]
		if !ok {
			d = &sbom.Dataset{Ref: ref, Hub: hubName, ID: dsID}
			byRef[k] = d
		}
		return d
	}
	for _, n := range g.Nodes {
		for _, ds := range n.Datasets {
			h, dsID := splitDatasetRef(ds)
			d := get(ds, h, dsID)
			d.UsedBy = append(d.UsedBy, n.Ref)
		}
	}
	for _, r := range refs {
		d := get(sbom.DatasetRef(r.Hub, r.ID), r.Hub, r.ID)
		d.Locations = append(d.Locations, r.Location)
	}
	out := make([]sbom.Dataset, 0, len(byRef))
	for _, d := range byRef {
		slices.Sort(d.UsedBy)
		d.UsedBy = slices.Compact(d.UsedBy)
		sbom.SortLocations(d.Locations)
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b sbom.Dataset) int { return cmp.Compare(a.Ref, b.Ref) })
	return out
}

func splitDatasetRef(ref string) (hubName, id string) {
	p, rest, ok := strings.Cut(ref, ":")
	if !ok {
		return sbom.HubHuggingFace, ref
	}
	switch strings.TrimSuffix(p, "-dataset") {
	case "hf":
		return sbom.HubHuggingFace, rest
	case "modelscope":
		return sbom.HubModelScope, rest
	}
	return strings.TrimSuffix(p, "-dataset"), rest
}
