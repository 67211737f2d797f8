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
	failed := m.Status == sbom.StatusNotFound || m.Status == sbom.StatusError || m.Status == sbom.StatusTimeout ||
		(m.Status == sbom.StatusOffline && m.License == nil)
	if failed {
		why := cmp.Or(m.Reason, m.Status)
		e.add(draft{rule: RuleResolveFailed, model: m, subject: m.Status,
			message: fmt.Sprintf("%s could not be resolved (%s), so its license and terms were not checked.", m.Ref, why),
			remedy:  "check the reference for typos, run online (or with a token that can see the model), or pin a model whose license is known"})
	} else if ownLicenseUnknown(m) && (m.Hub == "" || slices.Contains(weightHubs, m.Hub) || m.License != nil) {
		// API models without catalogued terms are the api-model rule's business.
		msg := fmt.Sprintf("The license of %s could not be identified, so its terms were not checked.", display(m))
		if m.Declared != nil && m.Declared.License != "" {
			msg = fmt.Sprintf("The license of %s could not be identified (declared %q), so its terms were not checked.", display(m), declaredText(m.Declared))
		}
		if m.Gated || m.Status == sbom.StatusGated {
			msg = strings.TrimSuffix(msg, ".") + "; the model is gated, so its license file may not have been readable."
		}
		e.add(draft{rule: RuleLicenseUnknown, model: m, subject: "license",
			message: msg,
			remedy:  "read the model's license and record it as an approval or waiver, or pick a model with a known license"})
	}
	e.mismatch(m)
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

// ownLicenseUnknown reports a model whose own license is missing or not
// identified. A model that declares nothing but inherits a license from its
// ancestors is governed by those and is not reported.
func ownLicenseUnknown(m *sbom.Model) bool {
	l := m.License
	switch {
	case l == nil:
		return !hasInherited(m)
	case l.Source == "inherited":
		return false
	case l.Key != "":
		return isUmbrellaID(l.Key)
	case l.SPDXID != "":
		return strings.HasPrefix(l.SPDXID, "LicenseRef-aibom-unknown")
	}
	return true
}

func hasInherited(m *sbom.Model) bool {
	return slices.ContainsFunc(m.Effective, func(x sbom.EffectiveLicense) bool {
		return x.From != m.Ref && licenseID(x.License) != ""
	})
}

func declaredText(d *sbom.Declared) string {
	s := d.License
	if d.Name != "" {
		s += " / " + d.Name
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

// mismatch reports a declared license that disagrees with the license text
// found in the model, or with a restrictive license its ancestry imposes.
func (e *evaluator) mismatch(m *sbom.Model) {
	// Declared vs detected text.
	if d := m.Declared; d != nil && d.License != "" && !isUmbrellaID(d.License) {
		var other []sbom.Detection
		agree := false
		for _, det := range m.Detected {
			if det.Key == "" || isUsePolicy(det.Key) {
				continue
			}
			if sameLicense(d.License, det.Key, det.SPDXID) {
				agree = true
				break
			}
			other = append(other, det)
		}
		if !agree && len(other) > 0 {
			det := other[0]
			e.add(draft{rule: RuleLicenseMismatch, model: m, subject: "detected:" + det.File + ":" + det.Key,
				message: fmt.Sprintf("%s declares %q but its file %s is the %s text.", display(m), d.License, det.File, licenseLabel(det.Key, det.SPDXID)),
				remedy:  fmt.Sprintf("treat %s as licensed under %s (the text that ships with it) and ask the publisher to correct the declared license", display(m), licenseLabel(det.Key, det.SPDXID)),
				ev:      &sbom.Evidence{Document: det.File}})
		}
	}
	// Lineage: a derivative declaring a license other than its ancestors'.
	own := m.License
	if own == nil || own.Source == "inherited" || licenseID(*own) == "" || ownLicenseUnknown(m) || (own.Key == "" && isUmbrellaID(own.HFID)) {
		return // nothing identified to compare; license-unknown reports it
	}
	ownID := licenseID(*own)
	for _, b := range bindings(m) {
		anc := b.ancestors(m)
		if len(anc) == 0 || licenseID(b.lic) == ownID || slices.Contains(b.from, m.Ref) {
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
			message: fmt.Sprintf("%s declares %s, but it is a %s of %s, whose %s still binds it.", display(m), declaredName(m), rel, strings.Join(anc, ", "), b.name()),
			remedy:  remedy,
			ev:      e.evidence(b, "redistribution", "naming_rule", "attribution_text", "commercial_use")})
	}
}

// declaredName is the model's own license as its publisher declared it.
func declaredName(m *sbom.Model) string {
	if d := m.Declared; d != nil && d.License != "" && !isUmbrellaID(d.License) {
		return fmt.Sprintf("%q", d.License)
	}
	if d := m.Declared; d != nil && d.Name != "" {
		return fmt.Sprintf("%q", d.Name)
	}
	return cmp.Or(m.License.Name, m.License.SPDXID, m.License.Key)
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
