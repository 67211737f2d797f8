// Package spdx renders an aibom report as an SPDX 3.0.1 JSON-LD document
// with the AI and Dataset profiles: an ai_AIPackage per model, a
// dataset_DatasetPackage per dataset, lineage and training as Relationships,
// and licenses as simplelicensing_LicenseExpression elements (LicenseRefs
// resolved to expandedlicensing_CustomLicense elements).
//
// No Go library covers SPDX 3 without heavy dependencies
// (../shared/design/bom-formats.md §B), so the shapes are small typed
// structs. The JSON schema does not enforce the SHACL minimum counts; the
// tests check the AI-profile required properties themselves.
package spdx

import (
	"cmp"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// Encoder writes SPDX 3.0.1 JSON-LD.
type Encoder struct{}

// Encode writes r as one SPDX 3.0.1 JSON-LD document.
func (Encoder) Encode(w io.Writer, r *sbom.Report) error {
	doc, err := build(r)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("spdx: write document: %w", err)
	}
	return nil
}

// DocumentUUID derives a name-based (version 5, RFC 9562) UUID from the
// report's canonical JSON, so the same report always gets the same
// document identity and a changed report a new one. CycloneDX uses it for
// its serialNumber, so both documents of one scan share it.
func DocumentUUID(r *sbom.Report) (string, error) {
	b, err := json.Marshal(r) // map keys are sorted by encoding/json
	if err != nil {
		return "", fmt.Errorf("hash report: %w", err)
	}
	return uuidV5(aibomNamespace, b), nil
}

// aibomNamespace is the UUIDv5 of the URL https://github.com/aibom/aibom in
// the RFC 9562 URL namespace: a fixed namespace for aibom's document ids.
var aibomNamespace = func() [16]byte {
	urlNS := [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	return uuidV5Bytes(urlNS, []byte("https://github.com/aibom/aibom"))
}()

func uuidV5Bytes(ns [16]byte, name []byte) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write(name)
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}

func uuidV5(ns [16]byte, name []byte) string {
	u := uuidV5Bytes(ns, name)
	x := hex.EncodeToString(u[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// Created formats the report timestamp the way SPDX 3 wants every date:
// UTC, whole seconds, a Z suffix. An empty or unreadable timestamp gives
// the Unix epoch and ok=false: the CLI always sets one (from
// SOURCE_DATE_EPOCH or the clock), and an encoder never reads the clock.
func Created(ts string) (string, bool) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(ts))
	if err != nil {
		return "1970-01-01T00:00:00Z", false
	}
	return t.UTC().Format("2006-01-02T15:04:05Z"), true
}

type builder struct {
	r  *sbom.Report
	ns string // element id prefix: urn:uuid:<document uuid>#
	ci string

	agents   []any
	packages []any
	lics     []any
	rels     []any

	orgs      map[string]string // organisation name → id
	orgList   []any
	exprs     map[string]string         // license expression → element id
	customs   map[string]*CustomLicense // LicenseRef id → what the report says of it
	modelIDs  map[string]string         // model ref → element id
	dataIDs   map[string]string         // dataset ref → element id
	relIDs    map[string]bool
	stubs     []string
	dataStubs []string
}

func build(r *sbom.Report) (*document, error) {
	if r == nil {
		return nil, fmt.Errorf("spdx: nil report")
	}
	u, err := DocumentUUID(r)
	if err != nil {
		return nil, fmt.Errorf("spdx: %w", err)
	}
	b := &builder{
		r:        r,
		ns:       "urn:uuid:" + u + "#",
		ci:       "_:creationinfo",
		orgs:     map[string]string{},
		exprs:    map[string]string{},
		customs:  map[string]*CustomLicense{},
		modelIDs: map[string]string{},
		dataIDs:  map[string]string{},
		relIDs:   map[string]bool{},
	}
	created, ok := Created(r.Timestamp)
	ci := creationInfo{Type: "CreationInfo", ID: b.ci, SpecVersion: "3.0.1", Created: created,
		// Importers read releaseTime as the model's release date, so aibom
		// writes only the date a hub reported and leaves the rest out.
		Comment: "releaseTime of a model is when its hub repository was created, where the hub reports it; it is left out when unknown, as are the builtTime and releaseTime of datasets."}
	if !ok {
		ci.Comment += " The report carried no timestamp, so created is the Unix epoch."
	}

	toolName := cmp.Or(r.Tool.Name, "aibom")
	agentID := b.ns + "agent-" + slug(toolName)
	toolID := b.ns + "tool-" + slug(toolName)
	ci.CreatedBy = []string{agentID}
	ci.CreatedUsing = []string{toolID}
	b.agents = append(b.agents,
		element{Type: "SoftwareAgent", SpdxID: agentID, CreationInfo: b.ci, Name: toolName},
		element{Type: "Tool", SpdxID: toolID, CreationInfo: b.ci, Name: strings.TrimSpace(toolName + " " + r.Tool.Version)},
	)

	models := sortedModels(r.Models)
	datasets := sortedDatasets(r.Datasets)
	for _, m := range models {
		b.modelIDs[m.Ref] = b.ns + "model-" + slug(m.Ref)
	}
	for _, d := range datasets {
		b.dataIDs[d.Ref] = b.ns + "dataset-" + slug(d.Ref)
	}

	// The scanned project is the document's root: a package that depends
	// on each model and dataset it references directly.
	subjectID := b.ns + "subject"
	subjectName := subjectName(r.Subject)
	subject := pkg{
		element:        element{Type: "software_Package", SpdxID: subjectID, CreationInfo: b.ci, Name: subjectName},
		PackageVersion: r.Subject.Revision,
		PrimaryPurpose: "application",
	}
	b.packages = append(b.packages, subject)
	var direct []string
	for _, m := range models {
		if m.Direct {
			direct = append(direct, b.modelIDs[m.Ref])
		}
	}
	for _, d := range datasets {
		if len(d.Locations) > 0 {
			direct = append(direct, b.dataIDs[d.Ref])
		}
	}
	b.relate(subjectID, "dependsOn", direct, "")

	for i := range models {
		b.model(&models[i])
	}
	for i := range datasets {
		b.dataset(&datasets[i])
	}
	b.addStubs()

	dataLicense := b.expression("CC0-1.0")
	b.addCustoms()

	slices.SortFunc(b.orgList, func(x, y any) int {
		return strings.Compare(x.(element).SpdxID, y.(element).SpdxID)
	})
	slices.SortFunc(b.lics, func(x, y any) int { return strings.Compare(spdxIDOf(x), spdxIDOf(y)) })

	var all []string
	for _, group := range [][]any{b.agents, b.orgList, b.packages, b.lics, b.rels} {
		for _, e := range group {
			all = append(all, spdxIDOf(e))
		}
	}
	docEl := spdxDocument{
		element: element{Type: "SpdxDocument", SpdxID: "urn:uuid:" + u, CreationInfo: b.ci,
			Name: "AI BOM for " + subjectName},
		ProfileConformance: []string{"core", "software", "ai", "dataset", "simpleLicensing", "expandedLicensing"},
		DataLicense:        dataLicense,
		RootElement:        []string{subjectID},
		Element:            all,
	}
	graph := []any{ci, docEl}
	for _, group := range [][]any{b.agents, b.orgList, b.packages, b.lics, b.rels} {
		graph = append(graph, group...)
	}
	return &document{Context: Context, Graph: graph}, nil
}

func spdxIDOf(e any) string {
	switch v := e.(type) {
	case element:
		return v.SpdxID
	case pkg:
		return v.SpdxID
	case aiPackage:
		return v.SpdxID
	case datasetPackage:
		return v.SpdxID
	case licenseExpression:
		return v.SpdxID
	case customLicense:
		return v.SpdxID
	case relationship:
		return v.SpdxID
	}
	panic(fmt.Sprintf("spdx: unknown element type %T", e))
}

// releaseTime is when the hub created the model's repository, or "" when
// the hub did not say: never the scan time, which importers would read as
// "released today".
func releaseTime(m *sbom.Model) string {
	if t, ok := Created(m.Created); ok {
		return t
	}
	return ""
}

func (b *builder) model(m *sbom.Model) {
	id := b.modelIDs[m.Ref]
	version := m.Revision
	if version == "" {
		version = "NOASSERTION"
	}
	p := aiPackage{pkg: pkg{
		element: element{Type: "ai_AIPackage", SpdxID: id, CreationInfo: b.ci, Name: m.ID,
			Comment: modelComment(m)},
		SuppliedBy:       b.org(supplier(m.Hub, m.ID)),
		ReleaseTime:      releaseTime(m),
		PackageVersion:   version,
		DownloadLocation: cmp.Or(sbom.HubURL(m.Hub, m.ID, "", false, ""), noAssertionElement),
		PackageURL:       sbom.ComponentPurl(m),
		HomePage:         sbom.HubURL(m.Hub, m.ID, "", false, ""),
		PrimaryPurpose:   "model",
	}}
	if m.Name != "" && m.Name != m.ID {
		p.Description = m.Name
	}
	var app []string
	if m.Task != "" {
		app = append(app, "task: "+m.Task)
	}
	if m.Library != "" {
		app = append(app, "library: "+m.Library)
	}
	p.InformationAboutApplication = strings.Join(app, "; ")
	var training []string
	for _, bm := range m.BaseModels {
		training = append(training, cmp.Or(bm.Relation, "derived")+" of "+bm.Ref)
	}
	if len(m.Datasets) > 0 {
		training = append(training, "datasets: "+strings.Join(m.Datasets, ", "))
	}
	p.InformationAboutTraining = strings.Join(training, "; ")
	if m.License != nil {
		var locs []string
		for _, part := range m.License.Parts {
			if part.URL != "" && !slices.Contains(locs, part.URL) {
				locs = append(locs, part.URL)
			}
		}
		if len(locs) > 0 {
			p.ExternalRef = []externalRef{{Type: "ExternalRef", ExternalRefType: "license", Locator: locs}}
		}
	}
	for _, f := range sbom.WeightFiles(m) {
		p.VerifiedUsing = append(p.VerifiedUsing, hash{Type: "Hash", Algorithm: "sha256", HashValue: f.SHA256, Comment: "weight file " + f.Path})
	}
	b.packages = append(b.packages, p)

	for _, bm := range m.BaseModels {
		to, ok := b.modelIDs[bm.Ref]
		if !ok {
			to = b.ns + "model-" + slug(bm.Ref)
			b.modelIDs[bm.Ref] = to
			b.stubs = append(b.stubs, bm.Ref)
		}
		// SPDX has no fine-tune-specific type: descendantOf, with aibom's
		// relation (finetune, adapter, quantized, merge) in the comment.
		b.relate(id, "descendantOf", []string{to}, "aibom relation: "+cmp.Or(bm.Relation, "unknown"))
	}
	var trained []string
	for _, ds := range m.Datasets {
		to, ok := b.dataIDs[ds]
		if !ok {
			to = b.ns + "dataset-" + slug(ds)
			b.dataIDs[ds] = to
			b.dataStubs = append(b.dataStubs, ds)
		}
		trained = append(trained, to)
	}
	b.relate(id, "trainedOn", trained, "")

	b.licenses(id, Concluded(m.License), Declared(m))
}

// licenses relates a package to exactly one declared and one concluded
// license, as the AI and Dataset profiles require: an expression element,
// or the NOASSERTION one when aibom does not know.
func (b *builder) licenses(pkgID string, concluded, declared Statement) {
	b.relate(pkgID, "hasDeclaredLicense", []string{b.statement(declared)}, "")
	b.relate(pkgID, "hasConcludedLicense", []string{b.statement(concluded)}, "")
}

// addStubs writes minimal packages for base models and datasets that the
// report names but does not describe, so no lineage edge dangles.
func (b *builder) addStubs() {
	for _, ref := range b.stubs {
		hub, id, rev, err := sbom.ParseRef(ref)
		if err != nil {
			hub, id = "", ref
		}
		b.packages = append(b.packages, aiPackage{pkg: pkg{
			element: element{Type: "ai_AIPackage", SpdxID: b.modelIDs[ref], CreationInfo: b.ci, Name: id,
				Comment: "aibom: ref=" + ref + "; named as a base model but not described in the report"},
			SuppliedBy:       b.org(supplier(hub, id)),
			PackageVersion:   cmp.Or(rev, "NOASSERTION"),
			DownloadLocation: cmp.Or(sbom.HubURL(hub, id, "", false, ""), noAssertionElement),
			PrimaryPurpose:   "model",
		}})
		b.licenses(b.modelIDs[ref], Statement{}, Statement{})
	}
	for _, ref := range b.dataStubs {
		b.packages = append(b.packages, b.datasetPackage(sbom.Dataset{Ref: ref, ID: datasetID(ref), Hub: datasetHub(ref)},
			"named by a model but not described in the report"))
		b.licenses(b.dataIDs[ref], Statement{}, Statement{})
	}
}

func (b *builder) dataset(d *sbom.Dataset) {
	p := b.datasetPackage(*d, "")
	b.packages = append(b.packages, p)
	b.licenses(p.SpdxID, DatasetConcluded(d), DatasetDeclared(d))
}

func (b *builder) datasetPackage(d sbom.Dataset, note string) datasetPackage {
	hub := d.Hub
	if hub == "" {
		hub = datasetHub(d.Ref)
	}
	id := d.ID
	if id == "" {
		id = datasetID(d.Ref)
	}
	parts := []string{"aibom: ref=" + d.Ref}
	if d.Status != "" {
		parts = append(parts, "status="+d.Status)
	}
	if note != "" {
		parts = append(parts, note)
	}
	org := b.org(supplier(hub, id))
	return datasetPackage{
		pkg: pkg{
			element: element{Type: "dataset_DatasetPackage", SpdxID: b.dataIDs[d.Ref], CreationInfo: b.ci,
				Name: id, Comment: strings.Join(parts, "; ")},
			OriginatedBy:     []string{org},
			DownloadLocation: cmp.Or(sbom.HubURL(hub, id, "", true, ""), noAssertionElement),
			PackageURL:       sbom.DatasetPurl(&sbom.Dataset{Hub: hub, ID: id}),
			HomePage:         sbom.HubURL(hub, id, "", true, ""),
			PrimaryPurpose:   "data",
		},
		// aibom does not read dataset contents, so it makes no assertion
		// about their type.
		DatasetType: []string{"noAssertion"},
	}
}

// statement returns the id of the license element for st: its
// LicenseExpression, or the NOASSERTION element when st is unknown.
func (b *builder) statement(st Statement) string {
	if st.Expression == "" {
		return b.noAssertion()
	}
	for _, c := range st.Customs {
		b.custom(c)
	}
	return b.expression(st.Expression)
}

// noAssertion returns the element that stands for "no assertion". SPDX
// 3.0.1 names an individual for it (expandedlicensing_NoAssertionLicense),
// but tools-golang's SPDX 3 validator reads that individual as an element
// without creationInfo and rejects the document; a LicenseExpression
// "NOASSERTION" (the SPDX 2 spelling, which tools-golang's license parser
// maps to that individual) validates everywhere and says the same.
func (b *builder) noAssertion() string {
	const expr = "NOASSERTION"
	if id, ok := b.exprs[expr]; ok {
		return id
	}
	id := b.ns + "license-noassertion"
	b.exprs[expr] = id
	b.lics = append(b.lics, licenseExpression{
		element: element{Type: "simplelicensing_LicenseExpression", SpdxID: id, CreationInfo: b.ci,
			Comment: "aibom makes no assertion: the license is not known to it."},
		Expression: expr,
	})
	return id
}

// expression returns the id of the LicenseExpression element for expr,
// creating it once; its LicenseRefs map to CustomLicense elements.
func (b *builder) expression(expr string) string {
	if id, ok := b.exprs[expr]; ok {
		return id
	}
	id := b.ns + "license-" + slug(expr)
	b.exprs[expr] = id
	le := licenseExpression{
		element:    element{Type: "simplelicensing_LicenseExpression", SpdxID: id, CreationInfo: b.ci},
		Expression: expr,
	}
	listed := false
	for _, tok := range ExpressionIDs(expr) {
		if strings.HasPrefix(tok, "LicenseRef-") {
			le.CustomIDToURI = append(le.CustomIDToURI, dictionaryEntry{Type: "DictionaryEntry", Key: tok, Value: b.custom(CustomLicense{ID: tok})})
		} else if _, ok := ListedID(tok); ok {
			listed = true
		}
	}
	if listed {
		le.ListVersion = LicenseListVersion
	}
	b.lics = append(b.lics, le)
	return id
}

// custom returns the CustomLicense element for a LicenseRef, filling in
// what a later mention knows (name, URL) that an earlier one did not.
// aibom does not copy license texts it did not write, so the text is
// NOASSERTION and the license's URL goes in seeAlso.
func (b *builder) custom(c CustomLicense) string {
	id := b.ns + "customlicense-" + slug(c.ID)
	have, ok := b.customs[c.ID]
	if !ok {
		have = &CustomLicense{ID: c.ID}
		b.customs[c.ID] = have
	}
	have.Name = cmp.Or(have.Name, c.Name)
	have.URL = cmp.Or(have.URL, c.URL)
	have.Key = cmp.Or(have.Key, c.Key)
	return id
}

// addCustoms writes the CustomLicense elements collected by custom.
func (b *builder) addCustoms() {
	for _, ref := range sortedKeys(b.customs) {
		c := b.customs[ref]
		el := customLicense{
			element:     element{Type: "expandedlicensing_CustomLicense", SpdxID: b.custom(*c), CreationInfo: b.ci, Name: cmp.Or(c.Name, ref)},
			LicenseText: "NOASSERTION",
		}
		if c.Key != "" {
			el.Comment = "aibom catalog key: " + c.Key
		}
		if c.URL != "" {
			el.SeeAlso = []string{c.URL}
		}
		b.lics = append(b.lics, el)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (b *builder) org(name string) string {
	if name == "" {
		name = "NOASSERTION"
	}
	if id, ok := b.orgs[name]; ok {
		return id
	}
	id := b.ns + "org-" + slug(name)
	b.orgs[name] = id
	e := element{Type: "Organization", SpdxID: id, CreationInfo: b.ci, Name: name}
	if name == "NOASSERTION" {
		e.Comment = "The supplier is not known to aibom."
	}
	b.orgList = append(b.orgList, e)
	return id
}

func (b *builder) relate(from, typ string, to []string, comment string) {
	if len(to) == 0 {
		return
	}
	id := b.ns + "rel-" + slug(typ+" "+from+" "+strings.Join(to, " "))
	if b.relIDs[id] {
		return
	}
	b.relIDs[id] = true
	b.rels = append(b.rels, relationship{
		element:          element{Type: "Relationship", SpdxID: id, CreationInfo: b.ci, Comment: comment},
		From:             from,
		RelationshipType: typ,
		To:               to,
	})
}

// modelComment keeps what SPDX has no property for: aibom's status and the
// license terms, in one line.
func modelComment(m *sbom.Model) string {
	parts := []string{"aibom: ref=" + m.Ref, "direct=" + fmt.Sprint(m.Direct)}
	if m.Status != "" {
		parts = append(parts, "status="+m.Status)
	}
	if m.Reason != "" {
		parts = append(parts, "reason="+oneLine(m.Reason))
	}
	if m.Terms != nil {
		parts = append(parts, termsSummary(m.Terms))
	}
	return strings.Join(parts, "; ")
}

func termsSummary(t *licenses.Terms) string {
	p := []string{"commercial_use=" + cmp.Or(t.CommercialUse, licenses.Unknown)}
	if t.UserLimit != nil {
		p = append(p, fmt.Sprintf("user_limit=%d %s", t.UserLimit.Count, t.UserLimit.Unit))
	}
	if t.RevenueLimit != nil {
		p = append(p, fmt.Sprintf("revenue_limit=%d %s %s", t.RevenueLimit.Amount, t.RevenueLimit.Currency, t.RevenueLimit.Period))
	}
	for _, f := range []struct {
		on   bool
		name string
	}{
		{t.ResearchOnly, "research_only"}, {t.EvaluationOnly, "evaluation_only"},
		{t.RegistrationRequired, "registration_required"}, {t.AttributionRequired, "attribution_required"},
		{t.OutputRestriction, "output_restriction"}, {t.UseRestrictions, "use_restrictions"},
		{t.ShareAlike, "share_alike"},
	} {
		if f.on {
			p = append(p, f.name)
		}
	}
	if t.Redistribution != "" {
		p = append(p, "redistribution="+t.Redistribution)
	}
	if len(t.TerritoryExcluded) > 0 {
		p = append(p, "territory_excluded="+strings.Join(t.TerritoryExcluded, ","))
	}
	return strings.Join(p, "; ")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
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

// supplier names the organisation that publishes a model: the owner part of
// a hub id, or the API provider. "" when unknown (local files).
func supplier(hub, id string) string {
	switch hub {
	case sbom.HubHuggingFace, sbom.HubModelScope, sbom.HubGitHub:
		if owner, _, ok := strings.Cut(id, "/"); ok {
			return owner
		}
		return ""
	case sbom.HubLocal, "":
		return ""
	case sbom.HubOllama:
		if owner, _, ok := strings.Cut(id, "/"); ok {
			return owner
		}
		return "" // library models: published by many vendors
	}
	return hub // API providers: openai, anthropic, …
}

// datasetHub and datasetID split a dataset ref (hf-dataset:org/name).
func datasetHub(ref string) string {
	p, _, _ := strings.Cut(ref, ":")
	p = strings.TrimSuffix(p, "-dataset")
	if p == "hf" {
		return sbom.HubHuggingFace
	}
	return p
}

func datasetID(ref string) string {
	_, id, ok := strings.Cut(ref, ":")
	if !ok {
		return ref
	}
	return id
}

// slug makes a readable, IRI-safe, collision-resistant id fragment: the
// key's letters and digits, then 12 hex digits of its sha256.
func slug(key string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(key) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.'
		if ok {
			sb.WriteRune(r)
			dash = false
		} else if !dash && sb.Len() > 0 {
			sb.WriteByte('-')
			dash = true
		}
		if sb.Len() >= 48 {
			break
		}
	}
	s := strings.TrimRight(sb.String(), "-.")
	sum := sha256.Sum256([]byte(key))
	h := hex.EncodeToString(sum[:6])
	if s == "" {
		return h
	}
	return s + "-" + h
}

func sortedModels(in []sbom.Model) []sbom.Model {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b sbom.Model) int { return strings.Compare(a.Ref, b.Ref) })
	// A ref names one model; a repeated one would repeat an spdxId.
	return slices.CompactFunc(out, func(a, b sbom.Model) bool { return a.Ref == b.Ref })
}

func sortedDatasets(in []sbom.Dataset) []sbom.Dataset {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b sbom.Dataset) int { return strings.Compare(a.Ref, b.Ref) })
	return slices.CompactFunc(out, func(a, b sbom.Dataset) bool { return a.Ref == b.Ref })
}
