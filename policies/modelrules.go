package policies

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/sbom"
)

// weightHubs are the hubs that host weights; any other hub is an API provider.
var weightHubs = []string{sbom.HubHuggingFace, sbom.HubModelScope, sbom.HubGitHub, sbom.HubOllama, sbom.HubLocal}

// pinnableHubs are the hubs whose references can pin a commit.
var pinnableHubs = []string{sbom.HubHuggingFace, sbom.HubModelScope, sbom.HubGitHub}

// modelRules are the rules about the model itself rather than one license.
func (e *evaluator) modelRules(m *sbom.Model) {
	if resolveFailed(m) {
		why := cmp.Or(m.Reason, m.Status)
		e.add(draft{rule: RuleResolveFailed, model: m, subject: m.Status,
			message: fmt.Sprintf("%s could not be resolved (%s), so its license and terms were not checked.", m.Ref, why),
			remedy:  "check the reference for typos, run online (or with a token that can see the model), or pin a model whose license is known"})
	} else if ownLicenseUnknown(m) && (m.Hub == "" || slices.Contains(weightHubs, m.Hub) || m.License != nil) {
		// API models without catalogued terms are the api-model rule's business.
		msg := fmt.Sprintf("The license of %s could not be identified, so its terms were not checked.", display(m))
		if m.Declared != nil && (m.Declared.License != "" || m.Declared.Name != "") {
			msg = fmt.Sprintf("The license of %s could not be identified (declared %q), so its terms were not checked.", display(m), declaredText(m.Declared))
		}
		if m.Gated || m.Status == sbom.StatusGated {
			msg = strings.TrimSuffix(msg, ".") + "; the model is gated, so its license file may not have been readable."
		}
		e.add(draft{rule: RuleLicenseUnknown, model: m, subject: "license",
			message: msg,
			remedy:  "read the model's license and record it as an approval or waiver, or pick a model with a known license"})
	}
	e.conflict(m)
	e.mismatch(m)
	e.textMissing(m)
	if m.Direct && (m.Gated || m.Status == sbom.StatusGated) {
		e.add(draft{rule: RuleGated, model: m, subject: "gated",
			message: fmt.Sprintf("%s is gated: downloading it requires an account that accepted its terms on the hub.", display(m)),
			remedy:  "accept the model's terms with the account your builds use and give CI a token with that access"})
	}
	if m.Direct && slices.Contains(pinnableHubs, m.Hub) && !pinned(m.Revision) {
		e.add(draft{rule: RuleUnpinnedRevision, model: m, subject: "revision",
			message: fmt.Sprintf("%s is referenced without a pinned revision, so its weights and license can change under the project.", m.Ref),
			remedy:  fmt.Sprintf("pin a commit, e.g. revision=\"<sha>\" for %s", m.ID)})
	}
	if m.Hub != "" && !slices.Contains(weightHubs, m.Hub) {
		e.apiModel(m)
		e.providerRules(m)
	}
}

// pinned reports whether a revision names something that does not move: a
// commit, or a tag. Branch names that track the newest commit are not.
func pinned(rev string) bool {
	switch strings.ToLower(rev) {
	case "", "main", "master", "head", "latest", "dev", "develop":
		return false
	}
	return true
}

// resolveFailed reports a model the resolver could not answer for: nothing
// about its license was read.
func resolveFailed(m *sbom.Model) bool {
	return m.Status == sbom.StatusNotFound || m.Status == sbom.StatusError || m.Status == sbom.StatusTimeout ||
		(m.Status == sbom.StatusOffline && m.License == nil)
}

// ownLicenseUnknown reports a model whose own license is missing or not
// identified: it declared something no catalog entry or text names, or a
// license text aibom does not know, or nothing at all while no ancestor
// gives it a license either. A model that declares nothing but inherits a
// license from its ancestors is governed by those and is not reported.
func ownLicenseUnknown(m *sbom.Model) bool {
	own := m.License.Own(m.Ref)
	if len(own) == 0 {
		return !hasInherited(m)
	}
	return !slices.ContainsFunc(own, func(p sbom.LicensePart) bool { return p.Known() })
}

func hasInherited(m *sbom.Model) bool {
	return slices.ContainsFunc(m.License.Inherited(m.Ref), func(p sbom.LicensePart) bool { return p.Identity() != "" })
}

func declaredText(d *sbom.Declared) string {
	s := d.License
	if d.Name != "" {
		if s != "" {
			s += " / "
		}
		s += d.Name
	}
	return s
}

func (e *evaluator) apiModel(m *sbom.Model) {
	prov := strings.ToLower(m.Hub)
	action, ok := e.p.Providers[prov]
	if !ok {
		action, ok = e.p.Providers["*"]
	}
	if !ok {
		action = ProviderWarn
	}
	d := draft{rule: RuleAPIModel, model: m, subject: prov}
	switch action {
	case ProviderAllow:
		return
	case ProviderWarn:
		d.cap = sbom.SeverityWarning
		d.message = fmt.Sprintf("%s is a closed model called through the %s API; the policy asks for review of this provider.", m.Ref, prov)
		d.remedy = fmt.Sprintf("review %s's terms (outputs, data retention, regions) and set providers.%s: allow or deny", prov, prov)
	default:
		d.message = fmt.Sprintf("%s is a closed model called through the %s API, which the policy denies.", m.Ref, prov)
		d.remedy = fmt.Sprintf("use an allowed provider or an open-weights model, or set providers.%s: allow", prov)
	}
	e.add(d)
}

// conflict reports a card whose declared license and the license text in
// the model's repository name different licenses. Both parts stay in the
// concluded license; the finding asks a person to settle which grant holds.
func (e *evaluator) conflict(m *sbom.Model) {
	d := m.Declared
	if d == nil || d.Normalized == nil || !d.Normalized.Known() {
		return // nothing named to compare; license-unknown reports it
	}
	for _, det := range m.Detected {
		if det.Key == "" || isUsePolicy(det.Key) || sameLicense(d.Normalized.Key, det.Key, det.SPDXID) ||
			licenses.Builtin().SameLicense(cmp.Or(d.License, d.Name), det.Key) {
			continue
		}
		e.add(draft{rule: RuleLicenseConflict, model: m, subject: "detected:" + det.File + ":" + det.Key,
			message: fmt.Sprintf("%s declares %s on its card but its file %s is the %s text.", display(m), quoted(declaredText(d)), det.File, licenseLabel(det.Key, det.SPDXID)),
			remedy:  fmt.Sprintf("treat %s as bound by both until the publisher says which holds; the text that ships with it (%s) is the stronger evidence", display(m), licenseLabel(det.Key, det.SPDXID)),
			ev:      &sbom.Evidence{Document: det.File, Declared: declaredText(d)}})
		return
	}
}

// textMissing reports a custom license (one with no SPDX id: a model
// license, or a name declared under "other") that no license text in the
// model's repository or its ancestors' backs: the terms aibom shows come
// from its catalog, or are unknown, and were not checked against the text.
func (e *evaluator) textMissing(m *sbom.Model) {
	if m.License == nil || resolveFailed(m) || (m.Hub != "" && !slices.Contains(weightHubs, m.Hub)) {
		return
	}
	chain := append([]*sbom.Model{m}, e.ancestorsOf(m)...)
	for _, b := range bindings(m) {
		if b.file != "" || !strings.HasPrefix(b.lic.SPDXID, "LicenseRef-") {
			continue
		}
		found := false
		for _, a := range chain {
			for _, det := range a.Detected {
				if (det.Key != "" && det.Key == b.lic.Key) || (det.Key == "" && !b.lic.Known()) {
					found = true
				}
			}
		}
		if found || e.covered(m, b) {
			continue
		}
		d := draft{rule: RuleLicenseTextMissing, model: m, subject: licenseID(b.lic)}
		if b.lic.Known() {
			// The catalog's curated terms stand in for the text: a note.
			d.cap = sbom.SeverityNote
			d.message = fmt.Sprintf("%s is bound by %s%s, but no copy of its text was found in the repository or its ancestors'; its terms come from aibom's catalog, unverified against what the publisher ships.", display(m), b.name(), b.origin(m))
			d.remedy = fmt.Sprintf("get the license text the publisher of %s distributes and keep it with the model", display(m))
			d.ev = e.evidence(b, "commercial_use")
		} else {
			d.message = fmt.Sprintf("%s is bound by %s%s, a custom license with no text in the repository or its ancestors': its terms are unknown.", display(m), b.name(), b.origin(m))
			d.remedy = "ask the publisher for the license text, read it, and record the outcome as an approval or a waiver"
		}
		e.add(d)
	}
}

// ancestorsOf returns the models of the report in m's lineage.
func (e *evaluator) ancestorsOf(m *sbom.Model) []*sbom.Model {
	var out []*sbom.Model
	seen := map[string]bool{m.Ref: true}
	var walk func(x *sbom.Model)
	walk = func(x *sbom.Model) {
		for _, bm := range x.BaseModels {
			if seen[bm.Ref] {
				continue
			}
			seen[bm.Ref] = true
			if a, ok := e.byRef[bm.Ref]; ok {
				out = append(out, a)
				walk(a)
			}
		}
	}
	walk(m)
	return out
}

func quoted(s string) string { return fmt.Sprintf("%q", s) }

// mismatch reports a derivative declaring a license other than the
// restrictive one its ancestry imposes.
func (e *evaluator) mismatch(m *sbom.Model) {
	own := m.License.Own(m.Ref)
	if len(own) == 0 || ownLicenseUnknown(m) {
		return // nothing identified to compare; license-unknown reports it
	}
	ownIDs := map[string]bool{}
	for _, p := range own {
		ownIDs[p.Identity()] = true
	}
	for _, b := range bindings(m) {
		anc := b.ancestors(m)
		if len(anc) == 0 || ownIDs[licenseID(b.lic)] || slices.Contains(b.from, m.Ref) {
			continue
		}
		switch category(b.lic, b.terms) {
		case licenses.CategoryPermissive, "", licenses.CategoryUnknown:
			continue // nothing that flows down, or not known to
		}
		rel := relation(m, anc)
		remedy := fmt.Sprintf("use %s under %s, the license of %s", display(m), b.name(), strings.Join(anc, ", "))
		if b.terms != nil && b.terms.AttributionText != nil && *b.terms.AttributionText != "" {
			remedy += fmt.Sprintf(", and display %q", *b.terms.AttributionText)
		}
		e.add(draft{rule: RuleLicenseMismatch, model: m, subject: "lineage:" + licenseID(b.lic),
			message: fmt.Sprintf("%s declares %s, but it is a %s of %s, whose %s still binds it.", display(m), declaredName(m, own), rel, strings.Join(anc, ", "), b.name()),
			remedy:  remedy,
			ev:      e.evidence(b, "redistribution", "naming_rule", "attribution_text", "commercial_use")})
	}
}

// declaredName is the model's own license as its publisher declared it.
func declaredName(m *sbom.Model, own []sbom.LicensePart) string {
	if d := m.Declared; d != nil && d.License != "" && !isUmbrellaID(d.License) {
		return fmt.Sprintf("%q", d.License)
	}
	if d := m.Declared; d != nil && d.Name != "" {
		return fmt.Sprintf("%q", d.Name)
	}
	return cmp.Or(own[0].Name, own[0].SPDXID, own[0].Key)
}

// relation names how m derives from its ancestors, when its card says.
func relation(m *sbom.Model, anc []string) string {
	for _, bm := range m.BaseModels {
		if slices.Contains(anc, bm.Ref) && bm.Relation != "" && bm.Relation != "unknown" {
			switch bm.Relation {
			case "finetune":
				return "fine-tune"
			case "quantized":
				return "quantization"
			}
			return bm.Relation
		}
	}
	return "derivative"
}

func licenseLabel(key, spdx string) string {
	if l, ok := lookupLicense(key); ok && l.Name != "" {
		return l.Name
	}
	return cmp.Or(spdx, key)
}

// isUmbrellaID is a Hugging Face id that names no single license.
func isUmbrellaID(id string) bool {
	switch strings.ToLower(id) {
	case "other", "unknown", "cc", "bsd", "gpl", "lgpl", "openrail", "gfdl":
		return true
	}
	return false
}

// isUsePolicy reports whether a detected key is a use policy rather than a
// license: a file holding a license followed by its policy is not a mismatch.
func isUsePolicy(key string) bool {
	if l, ok := lookupLicense(key); ok {
		return l.Kind == licenses.KindUsePolicy
	}
	k := strings.ToLower(key)
	return strings.HasSuffix(k, "-aup") || strings.Contains(k, "use-policy")
}

// sameLicense compares a declared id with a detected license.
func sameLicense(declared, key, spdx string) bool {
	d := strings.ToLower(declared)
	if d == strings.ToLower(key) || d == strings.ToLower(spdx) {
		return true
	}
	if l, ok := lookupLicense(declared); ok {
		return strings.EqualFold(l.Key, key)
	}
	return false
}
