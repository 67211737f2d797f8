package scanner

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/licenses/pdftext"
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

func (id identifier) models(g *resolve.Graph) ([]sbom.Model, []sbom.Warning) {
	out := make([]sbom.Model, 0, len(g.Nodes))
	own := make([][]sbom.LicensePart, 0, len(g.Nodes))
	byRef := make(map[string]int, len(g.Nodes))
	var warnings []sbom.Warning
	for _, n := range g.Nodes {
		m, parts, ws := id.model(n)
		warnings = append(warnings, ws...)
		byRef[m.Ref] = len(out)
		out = append(out, m)
		own = append(own, parts)
	}
	// The concluded license: a model's own licenses plus every ancestor's,
	// walked over the graph with a visited set (the resolver already bounds
	// cycles, but the report must never loop on a malformed graph).
	for i := range out {
		parts := slices.Clone(own[i])
		seen := map[string]bool{out[i].Ref: true}
		var walk func(ref string)
		walk = func(ref string) {
			j, ok := byRef[ref]
			if !ok {
				return
			}
			for _, b := range out[j].BaseModels {
				if seen[b.Ref] {
					continue
				}
				seen[b.Ref] = true
				if k, ok := byRef[b.Ref]; ok {
					for _, p := range own[k] {
						p.Source = sbom.SourceInherited
						p.From = []string{b.Ref}
						p.File = ""
						parts = append(parts, p)
					}
				}
				walk(b.Ref)
			}
		}
		walk(out[i].Ref)
		m := &out[i]
		m.License = sbom.Conclude(m.Ref, parts)
		t := m.License.CombinedTerms()
		m.Terms = &t
		o := licenses.OpennessOf(licenses.OpennessInput{
			License:   id.headline(m),
			Gated:     m.Gated,
			API:       sbom.IsAPI(m.Hub),
			HasCard:   g.Nodes[i].Info != nil && len(g.Nodes[i].Info.Card) > 0,
			CardText:  cardOf(g.Nodes[i].Info),
			Tags:      tagsOf(g.Nodes[i]),
			Datasets:  m.Datasets,
			FileNames: fileNamesOf(g.Nodes[i]),
		})
		m.Openness = &o
	}
	return out, warnings
}

// headline is the catalog entry of the concluded license's most
// restrictive part, for the openness profile.
func (id identifier) headline(m *sbom.Model) licenses.License {
	if m.License == nil || len(m.License.Parts) == 0 {
		return licenses.License{Category: licenses.CategoryUnknown}
	}
	p := m.License.Parts[0]
	if p.Key != "" {
		if full, ok := id.lic.Get(p.Key); ok {
			return full
		}
	}
	return licenses.License{SPDXID: p.SPDXID, Name: p.Name, Category: cmp.Or(p.Category, licenses.CategoryUnknown)}
}

// model builds the report entry of one node and returns the licenses that
// are its own: those read from its license files (or, failing any, its
// card), and what its publisher declared unless a text already says the
// same. A declaration that contradicts the text stays a part of its own:
// the publisher's grant and the shipped text both bind until someone reads
// them (the policy's license-conflict finding says so).
func (id identifier) model(n resolve.Node) (sbom.Model, []sbom.LicensePart, []sbom.Warning) {
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
		for _, w := range info.WeightFiles {
			m.Files = append(m.Files, sbom.File{Path: w.Path, SHA256: w.SHA256, Size: w.Size})
		}
	}

	// Detected: license files first, then a card that carries a license.
	var parts []sbom.LicensePart
	var warnings []sbom.Warning
	if info != nil {
		for _, f := range info.Files {
			content := f.Content
			if pdftext.IsPDF(content) {
				// A license published as a PDF: identified from its text.
				text, err := pdftext.Bytes(content)
				if err != nil {
					warnings = append(warnings, sbom.Warning{Model: m.Ref, Message: fmt.Sprintf("license file %s: %v", f.Path, err)})
					continue
				}
				content = []byte(text)
			}
			ident := id.lic.Identify(content)
			if ident.Key == "" && len(ident.Matches) == 0 && !primaryLicenseFile(f.Path) {
				continue // a notice or policy file that is no license text aibom knows
			}
			for _, n := range ident.Notes {
				// The text departs from the license it was identified as.
				warnings = append(warnings, sbom.Warning{Model: m.Ref, Message: fmt.Sprintf("license file %s (%s): %s", f.Path, ident.Key, n)})
			}
			m.Detected = append(m.Detected, sbom.Detection{File: f.Path, Key: ident.Key, SPDXID: ident.SPDXID, Confidence: ident.Confidence})
			if ident.Kind == licenses.KindUsePolicy {
				continue
			}
			parts = append(parts, id.detectedPart(m.Ref, f.Path, ident))
		}
		if len(parts) == 0 && len(info.Card) > 0 {
			ident := id.lic.Identify(info.Card)
			if ident.Key != "" && ident.Confidence >= minCardConfidence && ident.Kind != licenses.KindUsePolicy {
				m.Detected = append(m.Detected, sbom.Detection{File: "README.md", Key: ident.Key, SPDXID: ident.SPDXID, Confidence: ident.Confidence})
				parts = append(parts, id.detectedPart(m.Ref, "README.md", ident))
			}
		}
	}

	// Declared: the hub's or card's metadata (every id of a license list),
	// or the API provider's terms.
	src := sbom.SourceDeclared
	if m.Source == sbom.SourceCatalog {
		src = sbom.SourceCatalog
	}
	decls := id.declaredLicenses(n, declared, infoLicenses(info))
	if len(decls) > 0 {
		l := licenseOf(decls[0], sbom.SourceDeclared)
		declared.Normalized = l
	}
	if declared != (sbom.Declared{}) {
		d := declared
		m.Declared = &d
	}
	agrees := func(name string) bool {
		for _, p := range parts {
			if id.lic.SameLicense(name, p.Key) {
				return true
			}
		}
		return false
	}
	for _, l := range decls {
		if agrees(cmp.Or(l.Key, l.SPDXID)) {
			continue
		}
		t := l.Terms
		parts = append(parts, sbom.LicensePart{License: *licenseOf(l, src), From: []string{m.Ref}, Terms: &t})
	}
	if len(decls) == 0 && (declared.License != "" || declared.Name != "") {
		// A declaration aibom cannot name: it still binds, with unknown
		// terms, unless a license text in the repository says what it is.
		text := strings.TrimSpace(declared.Name)
		if text == "" || (!strings.EqualFold(declared.License, "other") && declared.License != "") {
			text = strings.TrimSpace(strings.Join([]string{declared.License, declared.Name}, " "))
		}
		if len(parts) == 0 || !agrees(text) {
			name := cmp.Or(declared.Name, declared.License)
			parts = append(parts, sbom.LicensePart{
				License: sbom.License{SPDXID: sbom.DeclaredRef(text), HFID: declared.License, Name: name, Source: src,
					URL: sbom.HTTPURL(declared.Link), Category: licenses.CategoryUnknown},
				From: []string{m.Ref},
			})
		}
	}
	if len(parts) == 0 && declared.License == "" && declared.Name == "" {
		if l, ok := id.establishedLicense(info); ok {
			// The card declares nothing; the built-in catalog established
			// the license from the publisher's own text. Declared stays
			// empty, so the report still shows the card's silence.
			t := l.Terms
			parts = append(parts, sbom.LicensePart{License: *licenseOf(l, sbom.SourceCatalog), From: []string{m.Ref}, Terms: &t})
		}
	}
	if sbom.IsAPI(n.Hub) {
		if p, ok := licenses.ProviderByKey(licenses.ProviderForHub(n.Hub)); ok {
			m.Provider = &p
		}
	}
	return m, parts, warnings
}

// primaryLicenseFile reports whether a repository file is by its name the
// license itself (LICENSE, MODEL_LICENSE, LICENSE-MODEL, a *License* PDF)
// rather than a notice or a use policy: its text binds even when aibom does
// not know it.
func primaryLicenseFile(p string) bool {
	base := strings.ToUpper(path.Base(p))
	if strings.HasPrefix(base, "NOTICE") || strings.HasPrefix(base, "USE_POLICY") || strings.Contains(base, "POLICY") {
		return false
	}
	return strings.Contains(base, "LICENSE") || strings.Contains(base, "LICENCE")
}

// detectedPart is a license identified in a file: the catalog entry with
// its curated terms (clauses quoted from the text where the extractor found
// them), or, for a text aibom does not know, a content-derived LicenseRef
// and the terms the clause extractor read.
func (id identifier) detectedPart(ref, file string, ident licenses.Identification) sbom.LicensePart {
	if ident.Key != "" {
		if l, ok := id.lic.Get(ident.Key); ok {
			t := ident.Terms
			return sbom.LicensePart{License: *licenseOf(l, sbom.SourceDetected), From: []string{ref}, File: file, Terms: &t}
		}
	}
	t := ident.Terms
	name := ident.Name
	if name == "" {
		name = "license text in " + file
	}
	return sbom.LicensePart{
		License: sbom.License{SPDXID: ident.SPDXID, Name: name, Source: sbom.SourceDetected, Category: licenses.CategoryUnknown},
		From:    []string{ref}, File: file, Terms: &t,
	}
}

func infoLicenses(info *hub.ModelInfo) []string {
	if info == nil {
		return nil
	}
	return info.Licenses
}

// declaredLicenses names the declared licenses from the catalog: the API
// provider's terms, a local file's declaration, or the hub metadata
// (license_name wins when the id is "other"; each further id of a card's
// license list is added when the catalog knows it).
func (id identifier) declaredLicenses(n resolve.Node, d sbom.Declared, list []string) []licenses.License {
	if sbom.IsAPI(n.Hub) {
		if l, ok := id.lic.Provider(licenses.ProviderForHub(n.Hub)); ok {
			return []licenses.License{l}
		}
		return nil
	}
	var tries []string
	if strings.EqualFold(d.License, "other") || d.License == "" {
		tries = append(tries, d.Name, d.Link)
	} else {
		tries = append(tries, d.License, d.Name, d.Link)
	}
	var out []licenses.License
	for _, t := range tries {
		if t == "" {
			continue
		}
		if l, ok := id.lic.Lookup(t); ok && !id.lic.Umbrella(l.Key) {
			out = append(out, l)
			break
		}
	}
	for i, extra := range list {
		if i == 0 || strings.EqualFold(extra, "other") {
			continue
		}
		if l, ok := id.lic.Lookup(extra); ok && !id.lic.Umbrella(l.Key) && !slices.ContainsFunc(out, func(x licenses.License) bool { return x.Key == l.Key }) {
			out = append(out, l)
		}
	}
	return out
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
