// Package spdx23 renders an aibom report as an SPDX 2.3 JSON document, the
// SPDX version nearly every importer reads today (tools-golang v0.5, trivy,
// sbomqs, Dependency-Track): one package per model and dataset with
// licenseConcluded and licenseDeclared, LicenseRef- licenses as
// hasExtractedLicensingInfos (name and URL; aibom copies no license text),
// purls as external references, lineage as DESCENDANT_OF / VARIANT_OF and
// training data as GENERATED_FROM relationships (docs/formats.md has the
// mapping).
//
// The document is built with spdx/tools-golang's v2.3 model and written by
// its JSON writer. SPDX 2.3 has no AI or dataset profile, so what it has no
// field for (task, terms, status) is in each package's comment, as in the
// SPDX 3 document, and the two share document identity and element names.
package spdx23

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/sbom/spdx"
)

// Encoder writes SPDX 2.3 JSON.
type Encoder struct{}

// Encode writes r as one SPDX 2.3 JSON document.
func (Encoder) Encode(w io.Writer, r *sbom.Report) error {
	doc, err := Document(r)
	if err != nil {
		return err
	}
	if err := spdxjson.Write(doc, w, spdxjson.Indent("  "), spdxjson.EscapeHTML(false)); err != nil {
		return fmt.Errorf("spdx-2.3: write document: %w", err)
	}
	return nil
}

// Namespace is the prefix of every document's documentNamespace: a URI
// under aibom's project page, completed by the subject and the document
// UUID (spdx.DocumentUUID), so it is unique per report and the same for the
// same report.
const Namespace = "https://github.com/aibom/aibom/spdxdocs/"

const (
	noAssertion = "NOASSERTION"
	subjectID   = common.ElementID("subject")
	// purposeModel: SPDX 2.3 has no purpose for models or datasets; OTHER
	// is the honest choice, the comment says which it is.
	purposeOther = "OTHER"
)

type builder struct {
	doc      *v2_3.Document
	modelIDs map[string]common.ElementID // model ref → SPDXID
	dataIDs  map[string]common.ElementID
	customs  map[string]*spdx.CustomLicense
	rels     map[string]bool
}

// Document builds the SPDX 2.3 document for r. It never reads the clock:
// created is r.Timestamp (the Unix epoch, said in the comment, without one).
func Document(r *sbom.Report) (*v2_3.Document, error) {
	if r == nil {
		return nil, fmt.Errorf("spdx-2.3: nil report")
	}
	u, err := spdx.DocumentUUID(r)
	if err != nil {
		return nil, fmt.Errorf("spdx-2.3: %w", err)
	}
	name := spdx.SubjectName(r.Subject)
	created, ok := spdx.Created(r.Timestamp)
	tool := cmp.Or(r.Tool.Name, "aibom")
	if r.Tool.Version != "" {
		tool += "-" + r.Tool.Version
	}
	comment := "Written by aibom from its report. releaseDate is when a model's hub repository was created, where the hub reports it."
	if !ok {
		comment += " The report carried no timestamp, so created is the Unix epoch."
	}
	b := &builder{
		doc: &v2_3.Document{
			SPDXVersion:       v2_3.Version,
			DataLicense:       v2_3.DataLicense,
			SPDXIdentifier:    "DOCUMENT",
			DocumentName:      "AI BOM for " + name,
			DocumentNamespace: Namespace + spdx.Slug(name) + "-" + u,
			CreationInfo: &v2_3.CreationInfo{
				LicenseListVersion: licenseListVersion(),
				Creators:           []common.Creator{{CreatorType: "Tool", Creator: tool}},
				Created:            created,
				CreatorComment:     comment,
			},
		},
		modelIDs: map[string]common.ElementID{},
		dataIDs:  map[string]common.ElementID{},
		customs:  map[string]*spdx.CustomLicense{},
		rels:     map[string]bool{},
	}

	models := sorted(r.Models, func(m sbom.Model) string { return m.Ref })
	datasets := sorted(r.Datasets, func(d sbom.Dataset) string { return d.Ref })
	for _, m := range models {
		b.modelIDs[m.Ref] = common.ElementID("model-" + spdx.Slug(m.Ref))
	}
	for _, d := range datasets {
		b.dataIDs[d.Ref] = common.ElementID("dataset-" + spdx.Slug(d.Ref))
	}

	b.doc.Packages = append(b.doc.Packages, &v2_3.Package{
		PackageName:             name,
		PackageSPDXIdentifier:   subjectID,
		PackageVersion:          r.Subject.Revision,
		PackageDownloadLocation: noAssertion,
		PackageLicenseConcluded: noAssertion,
		PackageLicenseDeclared:  noAssertion,
		PackageCopyrightText:    noAssertion,
		PrimaryPackagePurpose:   "APPLICATION",
		PackageComment:          "The scanned project.",
	})
	b.relate("DOCUMENT", common.TypeRelationshipDescribe, subjectID, "")
	for _, m := range models {
		if m.Direct {
			b.relate(subjectID, common.TypeRelationshipDependsOn, b.modelIDs[m.Ref], "")
		}
	}
	for _, d := range datasets {
		if len(d.Locations) > 0 {
			b.relate(subjectID, common.TypeRelationshipDependsOn, b.dataIDs[d.Ref], "")
		}
	}

	var stubs, dataStubs []string
	for i := range models {
		m := &models[i]
		b.model(m)
		for _, bm := range m.BaseModels {
			to, ok := b.modelIDs[bm.Ref]
			if !ok {
				to = common.ElementID("model-" + spdx.Slug(bm.Ref))
				b.modelIDs[bm.Ref] = to
				stubs = append(stubs, bm.Ref)
			}
			typ, comment := lineage(bm.Relation)
			b.relate(b.modelIDs[m.Ref], typ, to, comment)
		}
		for _, ds := range m.Datasets {
			to, ok := b.dataIDs[ds]
			if !ok {
				to = common.ElementID("dataset-" + spdx.Slug(ds))
				b.dataIDs[ds] = to
				dataStubs = append(dataStubs, ds)
			}
			// 2.3 has no training relationship; GENERATED_FROM (the
			// model's weights are generated from the data) is the nearest.
			b.relate(b.modelIDs[m.Ref], common.TypeRelationshipGeneratedFrom, to, "aibom: trained on")
		}
	}
	for i := range datasets {
		b.dataset(&datasets[i], "")
	}
	for _, ref := range stubs {
		hub, id, rev, err := sbom.ParseRef(ref)
		if err != nil {
			hub, id = "", ref
		}
		stub := sbom.Model{Ref: ref, Hub: hub, ID: id, Revision: rev}
		b.stubModel(&stub)
	}
	for _, ref := range dataStubs {
		d := sbom.Dataset{Ref: ref, Hub: spdx.DatasetHub(ref), ID: spdx.DatasetID(ref)}
		b.dataset(&d, "named by a model but not described in the report")
	}
	b.addCustoms()
	return b.doc, nil
}

// lineage maps aibom's relation to the 2.3 relationship: a quantized copy
// is a VARIANT_OF its model (same weights, other precision); fine-tunes,
// adapters and merges are DESCENDANT_OF their bases. The relation itself
// stays in the comment.
func lineage(relation string) (string, string) {
	rel := cmp.Or(relation, "unknown")
	if rel == "quantized" {
		return common.TypeRelationshipVariantOf, "aibom relation: " + rel
	}
	return common.TypeRelationshipDescendantOf, "aibom relation: " + rel
}

func (b *builder) model(m *sbom.Model) {
	p := b.modelPackage(m)
	p.PackageComment = spdx.ModelComment(m)
	if m.Name != "" && m.Name != m.ID {
		p.PackageDescription = m.Name
	}
	p.PackageLicenseConcluded = b.statement(spdx.Concluded(m.License))
	p.PackageLicenseDeclared = b.statement(spdx.Declared(m))
	if t, ok := spdx.Created(m.Created); ok {
		p.ReleaseDate = t
	}
	weights(p, m)
	b.doc.Packages = append(b.doc.Packages, p)
}

// weights writes the sha256 of each of the model's weight files as the
// package's checksums (2.3's File elements would need a SHA1, which the
// hubs do not give). A one-file model names its file in packageFileName;
// for several, the comment lists the paths in the checksums' order.
func weights(p *v2_3.Package, m *sbom.Model) {
	files := sbom.WeightFiles(m)
	if len(files) == 0 {
		return
	}
	var paths []string
	for _, f := range files {
		p.PackageChecksums = append(p.PackageChecksums, common.Checksum{Algorithm: common.SHA256, Value: f.SHA256})
		paths = append(paths, f.Path)
	}
	if len(files) == 1 {
		p.PackageFileName = files[0].Path
		return
	}
	p.PackageComment += "; weight files (checksums in this order): " + strings.Join(paths, ", ")
}

func (b *builder) stubModel(m *sbom.Model) {
	p := b.modelPackage(m)
	p.PackageComment = "aibom: ref=" + m.Ref + "; named as a base model but not described in the report"
	p.PackageLicenseConcluded, p.PackageLicenseDeclared = noAssertion, noAssertion
	b.doc.Packages = append(b.doc.Packages, p)
}

// modelPackage holds what every model package has.
func (b *builder) modelPackage(m *sbom.Model) *v2_3.Package {
	p := &v2_3.Package{
		PackageName:             cmp.Or(m.ID, m.Ref),
		PackageSPDXIdentifier:   b.modelIDs[m.Ref],
		PackageVersion:          m.Revision,
		PackageSupplier:         supplier(spdx.Supplier(m.Hub, m.ID)),
		PackageDownloadLocation: cmp.Or(sbom.HubURL(m.Hub, m.ID, m.Revision, false, ""), noAssertion),
		PackageHomePage:         sbom.HubURL(m.Hub, m.ID, "", false, ""),
		PackageCopyrightText:    noAssertion,
		PrimaryPackagePurpose:   purposeOther,
	}
	if purl := sbom.ComponentPurl(m); purl != "" {
		p.PackageExternalReferences = []*v2_3.PackageExternalReference{{Category: "PACKAGE-MANAGER", RefType: "purl", Locator: purl}}
	}
	return p
}

func (b *builder) dataset(d *sbom.Dataset, note string) {
	parts := []string{"aibom: ref=" + d.Ref, "dataset"}
	if d.Status != "" {
		parts = append(parts, "status="+d.Status)
	}
	if note != "" {
		parts = append(parts, note)
	}
	p := &v2_3.Package{
		PackageName:             cmp.Or(d.ID, d.Ref),
		PackageSPDXIdentifier:   b.dataIDs[d.Ref],
		PackageSupplier:         supplier(spdx.Supplier(d.Hub, d.ID)),
		PackageDownloadLocation: cmp.Or(sbom.HubURL(d.Hub, d.ID, "", true, ""), noAssertion),
		PackageHomePage:         sbom.HubURL(d.Hub, d.ID, "", true, ""),
		PackageLicenseConcluded: b.statement(spdx.DatasetConcluded(d)),
		PackageLicenseDeclared:  b.statement(spdx.DatasetDeclared(d)),
		PackageCopyrightText:    noAssertion,
		PrimaryPackagePurpose:   purposeOther,
		PackageComment:          strings.Join(parts, "; "),
	}
	if purl := sbom.DatasetPurl(d); purl != "" {
		p.PackageExternalReferences = []*v2_3.PackageExternalReference{{Category: "PACKAGE-MANAGER", RefType: "purl", Locator: purl}}
	}
	b.doc.Packages = append(b.doc.Packages, p)
}

// statement is a license field's value: the expression, or NOASSERTION
// when aibom does not know; its LicenseRefs are collected for
// hasExtractedLicensingInfos.
func (b *builder) statement(st spdx.Statement) string {
	if st.Expression == "" {
		return noAssertion
	}
	for _, c := range st.Customs {
		have, ok := b.customs[c.ID]
		if !ok {
			have = &spdx.CustomLicense{ID: c.ID}
			b.customs[c.ID] = have
		}
		have.Name = cmp.Or(have.Name, c.Name)
		have.URL = cmp.Or(have.URL, c.URL)
		have.Key = cmp.Or(have.Key, c.Key)
	}
	return st.Expression
}

// addCustoms defines every LicenseRef the packages use. 2.3 requires an
// extractedText; aibom does not copy license texts it did not write, so
// the text says where the license is instead.
func (b *builder) addCustoms() {
	refs := make([]string, 0, len(b.customs))
	for ref := range b.customs {
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	for _, ref := range refs {
		c := b.customs[ref]
		ol := &v2_3.OtherLicense{
			LicenseIdentifier: ref,
			LicenseName:       cmp.Or(c.Name, ref),
			ExtractedText:     "aibom does not copy license texts; the license is not reproduced here.",
		}
		if c.URL != "" {
			ol.ExtractedText = "aibom does not copy license texts; see " + c.URL
			ol.LicenseCrossReferences = []string{c.URL}
		}
		if c.Key != "" {
			ol.LicenseComment = "aibom catalog key: " + c.Key
		}
		b.doc.OtherLicenses = append(b.doc.OtherLicenses, ol)
	}
}

func (b *builder) relate(from common.ElementID, typ string, to common.ElementID, comment string) {
	key := string(from) + " " + typ + " " + string(to)
	if b.rels[key] {
		return
	}
	b.rels[key] = true
	b.doc.Relationships = append(b.doc.Relationships, &v2_3.Relationship{
		RefA:                common.MakeDocElementID("", string(from)),
		RefB:                common.MakeDocElementID("", string(to)),
		Relationship:        typ,
		RelationshipComment: comment,
	})
}

// supplier is a package's supplier: the publishing organisation, or
// NOASSERTION when aibom does not know it.
func supplier(org string) *common.Supplier {
	if org == "" {
		return &common.Supplier{Supplier: noAssertion}
	}
	return &common.Supplier{Supplier: sbom.Clean(org, 0), SupplierType: "Organization"}
}

// licenseListVersion is the list version in 2.3's "M.N" form.
func licenseListVersion() string {
	parts := strings.Split(spdx.LicenseListVersion, ".")
	if len(parts) < 2 {
		return spdx.LicenseListVersion
	}
	return parts[0] + "." + parts[1]
}

func sorted[T any](in []T, key func(T) string) []T {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	return slices.CompactFunc(out, func(a, b T) bool { return key(a) == key(b) })
}
