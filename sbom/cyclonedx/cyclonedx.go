// Package cyclonedx renders an aibom report as a CycloneDX 1.6 ML-BOM in
// JSON, through github.com/CycloneDX/cyclonedx-go (encoded as 1.6
// explicitly: the library's default is 1.7).
//
// Each model is a machine-learning-model component (API models too, with
// the provider as supplier and no purl), each dataset a data component;
// lineage is both the dependencies graph and pedigree.ancestors; license
// terms and scan facts are properties under the aibom: namespace
// (docs/formats.md lists them). The mapping follows
// ../shared/design/bom-formats.md §A.
package cyclonedx

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/spdx"
)

// Encoder writes CycloneDX 1.6 JSON.
type Encoder struct{}

// Encode writes r as a CycloneDX 1.6 JSON document.
func (Encoder) Encode(w io.Writer, r *sbom.Report) error {
	bom, err := BOM(r)
	if err != nil {
		return err
	}
	enc := cdx.NewBOMEncoder(w, cdx.BOMFileFormatJSON)
	enc.SetPretty(true)
	if err := enc.EncodeVersion(bom, cdx.SpecVersion1_6); err != nil {
		return fmt.Errorf("cyclonedx: write BOM: %w", err)
	}
	return nil
}

// SubjectRef is the bom-ref of the scanned project (metadata.component).
const SubjectRef = "subject"

// maxPedigreeDepth bounds the nesting of pedigree.ancestors; the report's
// lineage walk is already bounded, this guards against a cyclic report.
const maxPedigreeDepth = 16

// BOM builds the CycloneDX document for r. It never reads the clock: the
// timestamp is r.Timestamp, the serial number a UUID derived from r.
func BOM(r *sbom.Report) (*cdx.BOM, error) {
	if r == nil {
		return nil, fmt.Errorf("cyclonedx: nil report")
	}
	u, err := spdx.DocumentUUID(r)
	if err != nil {
		return nil, fmt.Errorf("cyclonedx: %w", err)
	}
	b := newBuilder(r)
	bom := cdx.NewBOM()
	bom.SerialNumber = "urn:uuid:" + u
	bom.Version = 1
	bom.Metadata = b.metadata()

	var comps []cdx.Component
	var deps []cdx.Dependency
	var direct []string
	for i := range b.models {
		m := &b.models[i]
		comps = append(comps, b.modelComponent(m))
		deps = append(deps, b.modelDependency(m))
		if m.Direct {
			direct = append(direct, b.ref[m.Ref])
		}
	}
	for i := range b.datasets {
		d := &b.datasets[i]
		comps = append(comps, b.datasetComponent(d))
		deps = append(deps, cdx.Dependency{Ref: b.dataRef[d.Ref]})
		if len(d.Locations) > 0 {
			direct = append(direct, b.dataRef[d.Ref])
		}
	}
	deps = append([]cdx.Dependency{{Ref: SubjectRef, Dependencies: nonEmpty(direct)}}, deps...)
	bom.Components = &comps
	bom.Dependencies = &deps
	bom.Compositions = b.compositions()
	return bom, nil
}

// compositions says how complete the BOM is: complete (for the whole BOM)
// only when every model in it resolved; otherwise the models that did not
// resolve are listed as incomplete (their licenses and lineage are not
// known), the others as complete. The project's own dependency list is
// complete either way: it holds every model discovery found, resolved or
// not; only what lies below an unresolved model is unknown.
func (b *builder) compositions() *[]cdx.Composition {
	var done, open []cdx.BOMReference
	for _, m := range b.models {
		ref := cdx.BOMReference(b.ref[m.Ref])
		if m.Status == sbom.StatusResolved {
			done = append(done, ref)
		} else {
			open = append(open, ref)
		}
	}
	if len(open) == 0 {
		// The whole BOM, and (for readers that look per component) the
		// dependency lists of the project and of every model.
		all := append([]cdx.BOMReference{SubjectRef}, done...)
		return &[]cdx.Composition{
			{Aggregate: cdx.CompositionAggregateComplete},
			{Aggregate: cdx.CompositionAggregateComplete, Dependencies: &all},
		}
	}
	done = append([]cdx.BOMReference{SubjectRef}, done...)
	return &[]cdx.Composition{
		{Aggregate: cdx.CompositionAggregateIncomplete, Dependencies: &open},
		{Aggregate: cdx.CompositionAggregateComplete, Dependencies: &done},
	}
}

type builder struct {
	r        *sbom.Report
	models   []sbom.Model // sorted by ref, with stubs for named-only bases
	datasets []sbom.Dataset
	byRef    map[string]*sbom.Model
	ref      map[string]string // model ref → bom-ref
	dataRef  map[string]string // dataset ref → bom-ref
}

func newBuilder(r *sbom.Report) *builder {
	b := &builder{r: r, ref: map[string]string{}, dataRef: map[string]string{}, byRef: map[string]*sbom.Model{}}
	seen := map[string]bool{}
	for _, m := range r.Models {
		if !seen[m.Ref] {
			seen[m.Ref] = true
			b.models = append(b.models, m)
		}
	}
	// A base model the report names but does not describe (beyond the
	// depth bound, or unresolvable) still gets a component, so no
	// dependency edge dangles.
	for _, m := range r.Models {
		for _, bm := range m.BaseModels {
			if !seen[bm.Ref] {
				seen[bm.Ref] = true
				b.models = append(b.models, stubModel(bm.Ref))
			}
		}
	}
	slices.SortStableFunc(b.models, func(x, y sbom.Model) int { return strings.Compare(x.Ref, y.Ref) })
	dseen := map[string]bool{}
	for _, d := range r.Datasets {
		if !dseen[d.Ref] {
			dseen[d.Ref] = true
			b.datasets = append(b.datasets, d)
		}
	}
	for _, m := range b.models {
		for _, ds := range m.Datasets {
			if !dseen[ds] {
				dseen[ds] = true
				b.datasets = append(b.datasets, sbom.Dataset{Ref: ds, ID: afterColon(ds), Hub: datasetHub(ds)})
			}
		}
	}
	slices.SortStableFunc(b.datasets, func(x, y sbom.Dataset) int { return strings.Compare(x.Ref, y.Ref) })

	// bom-ref: the purl where there is one (bom-formats.md), else the
	// aibom ref; refs are unique in a report, purls almost always are.
	used := map[string]bool{SubjectRef: true}
	for i := range b.models {
		m := &b.models[i]
		b.byRef[m.Ref] = m
		id := m.Purl
		if id == "" || used[id] {
			id = m.Ref
		}
		used[id] = true
		b.ref[m.Ref] = id
	}
	for _, d := range b.datasets {
		id := d.Ref
		if used[id] {
			id = "dataset:" + d.Ref
		}
		used[id] = true
		b.dataRef[d.Ref] = id
	}
	return b
}

func stubModel(ref string) sbom.Model {
	hub, id, rev, err := sbom.ParseRef(ref)
	if err != nil {
		id = ref
	}
	return sbom.Model{Ref: ref, Hub: hub, ID: id, Revision: rev,
		Reason: "named as a base model but not described in the report"}
}

func (b *builder) metadata() *cdx.Metadata {
	r := b.r
	tool := cmp.Or(r.Tool.Name, "aibom")
	// No person writes the BOM: aibom does, so it is the author as well
	// as the tool. The document's own license is CC0-1.0, as SPDX
	// requires of the SPDX documents of the same scan. aibom reads the
	// project's source, so the BOM is of the pre-build lifecycle phase.
	md := &cdx.Metadata{
		Lifecycles: &[]cdx.Lifecycle{{Phase: cdx.LifecyclePhasePreBuild}},
		Authors:    &[]cdx.OrganizationalContact{{Name: tool}},
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{{
			Type: cdx.ComponentTypeApplication, Name: tool, Version: r.Tool.Version,
			Supplier:           &cdx.OrganizationalEntity{Name: "aibom", URL: &[]string{"https://github.com/aibom/aibom"}},
			ExternalReferences: &[]cdx.ExternalReference{{Type: cdx.ERTypeVCS, URL: "https://github.com/aibom/aibom"}},
		}}},
		Licenses: &cdx.Licenses{{License: &cdx.License{ID: "CC0-1.0"}}},
		Component: &cdx.Component{
			BOMRef:  SubjectRef,
			Type:    cdx.ComponentTypeApplication,
			Name:    subjectName(r.Subject),
			Version: r.Subject.Revision,
		},
	}
	if ts, ok := timestamp(r.Timestamp); ok {
		md.Timestamp = ts
	}
	var p props
	p.add("aibom:report:schema-version", strconv.Itoa(r.SchemaVersion))
	if c := r.Config; c != nil {
		p.add("aibom:config:offline", strconv.FormatBool(c.Offline))
		p.add("aibom:config:policy", c.Policy)
		p.add("aibom:config:fail-on", c.FailOn)
		if c.MaxDepth > 0 {
			p.add("aibom:config:max-depth", strconv.Itoa(c.MaxDepth))
		}
		for _, k := range sortedKeys(c.Context) {
			p.add("aibom:config:context:"+k, c.Context[k])
		}
	}
	if s := r.Summary; s != nil {
		p.add("aibom:summary:verdict", s.Verdict)
		p.add("aibom:summary:enforced", strconv.FormatBool(s.Enforced))
		p.add("aibom:summary:verdict-label", s.VerdictLabel())
		for _, u := range s.Unjudged {
			p.add("aibom:summary:unjudged", u.Model+": "+u.Reason)
		}
		for _, k := range sortedKeys(s.Findings) {
			p.add("aibom:summary:findings:"+k, strconv.Itoa(s.Findings[k]))
		}
	}
	for _, w := range r.Warnings {
		p.add("aibom:warning", strings.TrimSpace(strings.Join([]string{w.Path, w.Model, w.Message}, " ")))
	}
	md.Properties = p.ptr()
	return md
}

func (b *builder) modelComponent(m *sbom.Model) cdx.Component {
	c := b.modelCore(m)
	c.BOMRef = b.ref[m.Ref]
	c.Licenses, c.Evidence = modelLicenses(m)
	c.ExternalReferences = externalRefs(m)
	c.Hashes, c.ExternalReferences = weightHashes(m, c.ExternalReferences)
	c.ModelCard = b.modelCard(m)
	c.Properties = modelProps(m).ptr()
	if anc := b.ancestors(m, 0, map[string]bool{m.Ref: true}); len(anc) > 0 {
		c.Pedigree = &cdx.Pedigree{Ancestors: &anc}
	}
	return c
}

// modelCore is what a model's component and its pedigree copies share.
func (b *builder) modelCore(m *sbom.Model) cdx.Component {
	c := cdx.Component{
		Type:       cdx.ComponentTypeMachineLearningModel,
		Name:       m.ID,
		Version:    m.Revision,
		PackageURL: sbom.ComponentPurl(m),
	}
	switch m.Hub {
	case sbom.HubHuggingFace, sbom.HubModelScope, sbom.HubGitHub:
		if org, name, ok := strings.Cut(m.ID, "/"); ok {
			c.Group, c.Name = org, name
		}
	}
	if c.Name == "" {
		c.Name = m.Ref
	}
	if m.Name != "" && m.Name != m.ID {
		c.Description = m.Name
	}
	if s := supplier(m.Hub, m.ID); s != "" {
		c.Supplier = &cdx.OrganizationalEntity{Name: s}
	}
	return c
}

// ancestors copies each base model into pedigree.ancestors, nesting
// deeper generations; the copies carry no bom-ref (the top-level
// component has it) so bom-refs stay unique.
func (b *builder) ancestors(m *sbom.Model, depth int, visiting map[string]bool) []cdx.Component {
	if depth >= maxPedigreeDepth {
		return nil
	}
	var out []cdx.Component
	for _, bm := range m.BaseModels {
		base := b.byRef[bm.Ref]
		if base == nil || visiting[bm.Ref] {
			continue
		}
		c := b.modelCore(base)
		c.Licenses, _ = modelLicenses(base)
		var p props
		p.add("aibom:model:ref", base.Ref)
		p.add("aibom:lineage:relation", cmp.Or(bm.Relation, "unknown"))
		c.Properties = p.ptr()
		visiting[bm.Ref] = true
		if deeper := b.ancestors(base, depth+1, visiting); len(deeper) > 0 {
			c.Pedigree = &cdx.Pedigree{Ancestors: &deeper}
		}
		delete(visiting, bm.Ref)
		out = append(out, c)
	}
	return out
}

func (b *builder) modelDependency(m *sbom.Model) cdx.Dependency {
	var on []string
	for _, bm := range m.BaseModels {
		on = append(on, b.ref[bm.Ref])
	}
	for _, ds := range m.Datasets {
		on = append(on, b.dataRef[ds])
	}
	slices.Sort(on)
	return cdx.Dependency{Ref: b.ref[m.Ref], Dependencies: nonEmpty(slices.Compact(on))}
}

func (b *builder) modelCard(m *sbom.Model) *cdx.MLModelCard {
	params := &cdx.MLModelParameters{Task: m.Task}
	var ds []cdx.MLDatasetChoice
	for _, d := range m.Datasets {
		ds = append(ds, cdx.MLDatasetChoice{Ref: b.dataRef[d]})
	}
	if len(ds) > 0 {
		params.Datasets = &ds
	}
	card := &cdx.MLModelCard{}
	if params.Task != "" || params.Datasets != nil {
		card.ModelParameters = params
	}
	if uc := useCases(m.Terms); len(uc) > 0 {
		card.Considerations = &cdx.MLModelCardConsiderations{UseCases: &uc}
	}
	if card.ModelParameters == nil && card.Considerations == nil {
		return nil
	}
	return card
}

// useCases states, in the model card's considerations, the limits the
// license puts on use. They are license facts, marked as such.
func useCases(t *licenses.Terms) []string {
	if t == nil {
		return nil
	}
	var out []string
	switch t.CommercialUse {
	case licenses.Prohibited:
		out = append(out, "license: commercial use prohibited")
	case licenses.Conditional:
		out = append(out, "license: commercial use allowed under conditions")
	}
	if t.UserLimit != nil {
		out = append(out, fmt.Sprintf("license: grant ends above %d %s", t.UserLimit.Count, strings.ReplaceAll(t.UserLimit.Unit, "_", " ")))
	}
	if t.RevenueLimit != nil {
		out = append(out, fmt.Sprintf("license: grant ends above %d %s %s revenue", t.RevenueLimit.Amount, t.RevenueLimit.Currency, t.RevenueLimit.Period))
	}
	if t.ResearchOnly {
		out = append(out, "license: research use only")
	}
	if t.EvaluationOnly {
		out = append(out, "license: evaluation use only")
	}
	if t.UsePolicy != nil {
		out = append(out, "license: use subject to the acceptable use policy "+*t.UsePolicy)
	}
	switch {
	case t.OutputUse == licenses.OutputDerivative:
		out = append(out, "license: models trained on its outputs are derivatives under the same license")
	case t.OutputUse == licenses.OutputConditional:
		out = append(out, "license: using its outputs to build other models carries conditions")
	case t.OutputRestriction:
		out = append(out, "license: restricts the use of outputs")
	}
	if len(t.TerritoryExcluded) > 0 {
		out = append(out, "license: not granted in "+strings.Join(t.TerritoryExcluded, ", "))
	}
	return out
}

func (b *builder) datasetComponent(d *sbom.Dataset) cdx.Component {
	c := cdx.Component{
		BOMRef:     b.dataRef[d.Ref],
		Type:       cdx.ComponentTypeData,
		Name:       cmp.Or(d.ID, d.Ref),
		PackageURL: sbom.DatasetPurl(d),
	}
	if s := supplier(d.Hub, d.ID); s != "" {
		c.Supplier = &cdx.OrganizationalEntity{Name: s}
	}
	data := cdx.ComponentData{Type: cdx.ComponentDataTypeDataset, Name: c.Name}
	if u := sbom.HubURL(d.Hub, d.ID, "", true, ""); u != "" {
		data.Contents = &cdx.ComponentDataContents{URL: u}
		c.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeWebsite, URL: u}}
	}
	c.Data = &[]cdx.ComponentData{data}
	if d.License != nil && d.License.SPDXID != "" {
		c.Licenses = licenseChoices(d.License)
	}
	var p props
	p.add("aibom:dataset:ref", d.Ref)
	p.add("aibom:dataset:status", d.Status)
	for _, u := range d.UsedBy {
		p.add("aibom:dataset:used-by", u)
	}
	for _, l := range d.Locations {
		p.add("aibom:dataset:location", location(l))
	}
	addLicenseProps(&p, d.License)
	c.Properties = p.ptr()
	return c
}

// modelLicenses writes the model's licenses under the CycloneDX 1.6 rules
// (bom-formats.md §A): the concluded license (every license that binds the
// model) with acknowledgement concluded, the publisher's declaration with
// acknowledgement declared. Only SPDX-listed ids go in license.id,
// LicenseRefs in license.name with a URL. A concluded license of one part
// is a license object beside the declared one; a conjunction of several is
// an expression, which must stand alone in licenses, so the declaration
// then goes to evidence.licenses (and the aibom:license:declared property).
func modelLicenses(m *sbom.Model) (*cdx.Licenses, *cdx.Evidence) {
	decl := declaredLicense(m)
	c := m.License
	if c == nil || c.Expression == "" {
		if decl == nil {
			return nil, nil
		}
		return &cdx.Licenses{{License: decl}}, nil
	}
	if len(c.Parts) == 1 && !isExpression(c.Expression) {
		p := c.Parts[0]
		lic := licenseObject(p.SPDXID, p.URL)
		if lic.URL == "" {
			lic.URL = detectedFileURL(m, p)
		}
		lic.Acknowledgement = cdx.LicenseAcknowledgementConcluded
		out := cdx.Licenses{{License: lic}}
		if decl != nil {
			out = append(out, cdx.LicenseChoice{License: decl})
		}
		return &out, nil
	}
	ack := cdx.LicenseAcknowledgementConcluded
	out := cdx.Licenses{{Expression: c.Expression, Acknowledgement: &ack}}
	if decl == nil {
		return &out, nil
	}
	return &out, &cdx.Evidence{Licenses: &cdx.Licenses{{License: decl}}}
}

// licenseChoices renders a dataset's single license (acknowledgement:
// declared when the hub declared it).
func licenseChoices(l *sbom.License) *cdx.Licenses {
	if l == nil || l.SPDXID == "" {
		return nil
	}
	ack := cdx.LicenseAcknowledgementConcluded
	if l.Source == sbom.SourceDeclared {
		ack = cdx.LicenseAcknowledgementDeclared
	}
	if isExpression(l.SPDXID) {
		return &cdx.Licenses{{Expression: l.SPDXID, Acknowledgement: &ack}}
	}
	lic := licenseObject(l.SPDXID, l.URL)
	lic.Acknowledgement = ack
	return &cdx.Licenses{{License: lic}}
}

// declaredLicense renders the publisher's declaration: the license it
// names when aibom can name it, an SPDX id when the hub id is one, else the
// verbatim text.
func declaredLicense(m *sbom.Model) *cdx.License {
	d := m.Declared
	if d == nil || (d.License == "" && d.Name == "") {
		return nil
	}
	link := sbom.HTTPURL(d.Link)
	var lic *cdx.License
	switch id, listed := spdx.ListedID(d.License); {
	case d.Normalized != nil && d.Normalized.SPDXID != "":
		lic = licenseObject(d.Normalized.SPDXID, cmp.Or(link, d.Normalized.URL))
	case listed:
		lic = &cdx.License{ID: id, URL: link}
	default:
		name := d.License
		if (name == "" || name == "other") && d.Name != "" {
			name = d.Name
		}
		lic = &cdx.License{Name: name, URL: link}
	}
	lic.Acknowledgement = cdx.LicenseAcknowledgementDeclared
	return lic
}

func licenseObject(id, u string) *cdx.License {
	if c, ok := spdx.ListedID(id); ok {
		return &cdx.License{ID: c, URL: sbom.HTTPURL(u)}
	}
	return &cdx.License{Name: id, URL: sbom.HTTPURL(u)}
}

func isExpression(id string) bool {
	return strings.ContainsAny(id, " ()") || strings.HasSuffix(id, "+")
}

// detectedFileURL points at the file in the model's repository where the
// license was identified: the license's copy that aibom does not embed.
func detectedFileURL(m *sbom.Model, p sbom.LicensePart) string {
	if p.File != "" {
		return sbom.HubURL(m.Hub, m.ID, m.Revision, false, p.File)
	}
	return ""
}

func externalRefs(m *sbom.Model) *[]cdx.ExternalReference {
	var refs []cdx.ExternalReference
	if u := sbom.HubURL(m.Hub, m.ID, "", false, ""); u != "" {
		refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeWebsite, URL: u})
		switch m.Hub {
		case sbom.HubHuggingFace, sbom.HubModelScope:
			refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeModelCard, URL: sbom.HubURL(m.Hub, m.ID, m.Revision, false, "README.md")})
		case sbom.HubGitHub:
			refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeVCS, URL: u})
		}
		if m.Hub == sbom.HubHuggingFace {
			// A Hugging Face model is a git repository; its page is its
			// clone URL.
			refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeVCS, URL: u})
		}
	}
	seen := map[string]bool{}
	if m.License != nil {
		for _, p := range m.License.Parts {
			if u := sbom.HTTPURL(p.URL); u != "" && !seen[u] {
				seen[u] = true
				refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeLicense, URL: u})
			}
		}
	}
	if m.Terms != nil && m.Terms.UsePolicy != nil {
		for _, up := range strings.Split(*m.Terms.UsePolicy, licenses.UnionSeparator) {
			if u := sbom.HTTPURL(up); u != "" && !seen[u] {
				seen[u] = true
				refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeLicense, URL: u, Comment: "acceptable use policy"})
			}
		}
	}
	if len(refs) == 0 {
		return nil
	}
	return &refs
}

// weightHashes lists the SHA-256 of each of the model's weight files at
// its revision (sbom.WeightFiles) as the component's hashes: a model is the
// set of its weight files, and CycloneDX has no per-file field on a
// component. Which hash is which file is said by a distribution reference
// per file (its download URL at the revision, the path as comment, its
// hash), where the hub has a pinned download URL.
func weightHashes(m *sbom.Model, refs *[]cdx.ExternalReference) (*[]cdx.Hash, *[]cdx.ExternalReference) {
	files := sbom.WeightFiles(m)
	if len(files) == 0 {
		return nil, refs
	}
	var hashes []cdx.Hash
	var dist []cdx.ExternalReference
	for _, f := range files {
		h := cdx.Hash{Algorithm: cdx.HashAlgoSHA256, Value: f.SHA256}
		if !slices.Contains(hashes, h) {
			hashes = append(hashes, h)
		}
		if u := sbom.FileDownloadURL(m.Hub, m.ID, m.Revision, f.Path); u != "" {
			dist = append(dist, cdx.ExternalReference{Type: cdx.ERTypeDistribution, URL: u,
				Comment: "weight file " + f.Path, Hashes: &[]cdx.Hash{h}})
		}
	}
	if len(dist) > 0 {
		var all []cdx.ExternalReference
		if refs != nil {
			all = *refs
		}
		all = append(all, dist...)
		refs = &all
	}
	return &hashes, refs
}

func modelProps(m *sbom.Model) props {
	var p props
	p.add("aibom:model:ref", m.Ref)
	p.add("aibom:model:hub", m.Hub)
	p.add("aibom:model:direct", strconv.FormatBool(m.Direct))
	if sbom.IsAPI(m.Hub) {
		p.add("aibom:model:access", "api")
	}
	p.add("aibom:model:status", m.Status)
	p.add("aibom:model:reason", m.Reason)
	p.add("aibom:model:source", m.Source)
	p.add("aibom:model:snapshot", m.Snapshot)
	if m.Gated {
		p.add("aibom:model:gated", "true")
	}
	p.add("aibom:model:library", m.Library)
	for _, v := range m.Via {
		p.add("aibom:model:via", v)
	}
	for _, l := range m.Locations {
		p.add("aibom:model:location", location(l))
	}
	for _, bm := range m.BaseModels {
		p.add("aibom:lineage:"+relationName(bm.Relation), bm.Ref)
	}
	if c := m.License; c != nil {
		p.add("aibom:license:concluded", c.Expression)
		for _, part := range c.Parts {
			v := strings.TrimSpace(cmp.Or(part.SPDXID, part.Name) + " " + part.Source)
			if part.File != "" {
				v += " in " + part.File
			}
			p.add("aibom:license:part", v+" from "+strings.Join(part.From, ", "))
		}
	}
	if d := m.Declared; d != nil {
		p.add("aibom:license:declared", d.License)
		p.add("aibom:license:declared-name", d.Name)
		p.add("aibom:license:declared-link", d.Link)
	}
	for _, d := range m.Detected {
		p.add("aibom:license:detected", fmt.Sprintf("%s %s %.2f", d.File, d.SPDXID, d.Confidence))
	}
	addTermsProps(&p, m.Terms)
	if o := m.Openness; o != nil {
		p.add("aibom:openness:weights", o.Weights)
		p.add("aibom:openness:license-class", o.LicenseClass)
		p.add("aibom:openness:training-code", o.TrainingCode)
		p.add("aibom:openness:training-data", o.TrainingData)
		p.add("aibom:openness:model-card", o.ModelCard)
		p.add("aibom:openness:paper", o.Paper)
	}
	return p
}

func addLicenseProps(p *props, l *sbom.License) {
	if l == nil {
		return
	}
	p.add("aibom:license:key", l.Key)
	p.add("aibom:license:name", l.Name)
	p.add("aibom:license:hf-id", l.HFID)
	p.add("aibom:license:source", l.Source)
	p.add("aibom:license:category", l.Category)
}

// addTermsProps writes every term, false ones too: "false" means aibom
// read the license and found no such clause, which a reader needs to tell
// apart from "not analysed" (no aibom:terms:* at all).
func addTermsProps(p *props, t *licenses.Terms) {
	if t == nil {
		return
	}
	p.add("aibom:terms:commercial-use", cmp.Or(t.CommercialUse, licenses.Unknown))
	users := slices.Clone(t.OtherUserLimits)
	if t.UserLimit != nil {
		users = append([]licenses.UserLimit{*t.UserLimit}, users...)
	}
	for _, l := range users {
		p.add("aibom:terms:user-limit", fmt.Sprintf("%d %s", l.Count, l.Unit))
	}
	revs := slices.Clone(t.OtherRevenueLimits)
	if t.RevenueLimit != nil {
		revs = append([]licenses.RevenueLimit{*t.RevenueLimit}, revs...)
	}
	for _, l := range revs {
		p.add("aibom:terms:revenue-limit", fmt.Sprintf("%d %s %s", l.Amount, l.Currency, l.Period))
	}
	p.add("aibom:terms:research-only", strconv.FormatBool(t.ResearchOnly))
	p.add("aibom:terms:evaluation-only", strconv.FormatBool(t.EvaluationOnly))
	p.add("aibom:terms:registration-required", strconv.FormatBool(t.RegistrationRequired))
	p.add("aibom:terms:attribution-required", strconv.FormatBool(t.AttributionRequired))
	p.addPtr("aibom:terms:attribution-text", t.AttributionText)
	p.addPtr("aibom:terms:naming-rule", t.NamingRule)
	p.add("aibom:terms:output-restriction", strconv.FormatBool(t.OutputRestriction))
	if t.OutputUse != "" {
		p.add("aibom:terms:output-use", t.OutputUse)
	}
	p.add("aibom:terms:use-restrictions", strconv.FormatBool(t.UseRestrictions))
	p.addPtr("aibom:terms:use-policy", t.UsePolicy)
	p.add("aibom:terms:redistribution", cmp.Or(t.Redistribution, licenses.Unknown))
	p.add("aibom:terms:share-alike", strconv.FormatBool(t.ShareAlike))
	for _, c := range t.TerritoryExcluded {
		p.add("aibom:terms:territory-excluded", c)
	}
	p.addPtr("aibom:terms:governing-law", t.GoverningLaw)
}

// props collects properties in a fixed order and drops empty values.
type props []cdx.Property

func (p *props) add(name, value string) {
	if value != "" {
		*p = append(*p, cdx.Property{Name: name, Value: value})
	}
}

func (p *props) addPtr(name string, v *string) {
	if v != nil {
		p.add(name, *v)
	}
}

func (p props) ptr() *[]cdx.Property {
	if len(p) == 0 {
		return nil
	}
	s := []cdx.Property(p)
	return &s
}

func location(l sbom.Location) string {
	s := l.Path
	if l.Line > 0 {
		s += ":" + strconv.Itoa(l.Line)
		if l.Column > 0 {
			s += ":" + strconv.Itoa(l.Column)
		}
	}
	if l.Cell > 0 {
		s += " cell " + strconv.Itoa(l.Cell)
	}
	if l.Via != "" {
		s += " (" + l.Via + ")"
	}
	if l.Doc {
		s += " [documentation]"
	}
	return s
}

// relationName keeps a lineage relation usable in a property name:
// lower-case letters and dashes only.
func relationName(rel string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(rel) {
		if r >= 'a' && r <= 'z' || r == '-' {
			sb.WriteRune(r)
		}
	}
	return cmp.Or(sb.String(), "unknown")
}

func timestamp(ts string) (string, bool) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(ts))
	if err != nil {
		return "", false
	}
	return t.UTC().Format(time.RFC3339), true
}

func subjectName(s sbom.Subject) string {
	if s.Name != "" {
		return s.Name
	}
	p := strings.TrimRight(strings.ReplaceAll(s.Path, "\\", "/"), "/")
	if i := strings.LastIndex(p, "/"); i >= 0 {
		p = p[i+1:]
	}
	if p == "" || p == "." {
		return "project"
	}
	return p
}

func supplier(hub, id string) string {
	switch hub {
	case sbom.HubHuggingFace, sbom.HubModelScope, sbom.HubGitHub, sbom.HubOllama:
		if org, _, ok := strings.Cut(id, "/"); ok {
			return org
		}
		return ""
	}
	if sbom.IsAPI(hub) {
		return hub
	}
	return ""
}

func datasetHub(ref string) string {
	p, _, _ := strings.Cut(ref, ":")
	p = strings.TrimSuffix(p, "-dataset")
	if p == "hf" {
		return sbom.HubHuggingFace
	}
	return p
}

func afterColon(ref string) string {
	if _, id, ok := strings.Cut(ref, ":"); ok {
		return id
	}
	return ref
}

func nonEmpty(s []string) *[]string {
	if len(s) == 0 {
		return nil
	}
	return &s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
