package policies

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aibom/aibom/sbom"
)

// euMembers are the EU member states (ISO 3166-1 alpha-2), so a product
// region "DE" meets an "EU" exclusion and a region "EU" meets a "DE" one.
var euMembers = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR",
	"HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

// eeaExtra are the EEA members outside the EU.
var eeaExtra = []string{"IS", "LI", "NO"}

var regionAliases = map[string]string{
	"EUROPEAN UNION": "EU", "EUROPE": "EU", "EUROPEAN ECONOMIC AREA": "EEA",
	"EL": "GR", "UK": "GB", "UNITED KINGDOM": "GB", "USA": "US", "UNITED STATES": "US",
	"CHINA": "CN", "PRC": "CN", "MAINLAND CHINA": "CN",
}

// iso3166 are the officially assigned ISO 3166-1 alpha-2 codes (249), as
// one string per initial letter: the regions a context may name besides
// EU, EEA and the names in regionAliases.
var iso3166 = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range []string{
		"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
		"BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ",
		"CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
		"DE", "DJ", "DK", "DM", "DO", "DZ",
		"EC", "EE", "EG", "EH", "ER", "ES", "ET",
		"FI", "FJ", "FK", "FM", "FO", "FR",
		"GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
		"HK", "HM", "HN", "HR", "HT", "HU",
		"ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
		"JE", "JM", "JO", "JP",
		"KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
		"LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
		"MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
		"NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
		"OM",
		"PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY",
		"QA",
		"RE", "RO", "RS", "RU", "RW",
		"SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ",
		"TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
		"UA", "UG", "UM", "US", "UY", "UZ",
		"VA", "VC", "VE", "VG", "VI", "VN", "VU",
		"WF", "WS",
		"YE", "YT",
		"ZA", "ZM", "ZW",
	} {
		m[c] = true
	}
	return m
}()

// ValidRegion reports whether r names a region the territory rules can
// compare: an ISO 3166-1 alpha-2 code, EU or EEA, or one of the names in
// regionAliases, in any case. A misspelt region ("Germany", "Mars") would
// otherwise match no exclusion and turn the rule off silently.
func ValidRegion(r string) bool {
	r = strings.ToUpper(strings.TrimSpace(r))
	if a, ok := regionAliases[r]; ok {
		r = a
	}
	return iso3166[r] || r == "EU" || r == "EEA"
}

// RegionHint is what a region must be, for error messages.
const RegionHint = "an ISO 3166-1 alpha-2 country code (DE, US, CN), EU or EEA"

// expandRegion returns a region and every country it covers.
func expandRegion(r string) []string {
	r = strings.ToUpper(strings.TrimSpace(r))
	if a, ok := regionAliases[r]; ok {
		r = a
	}
	switch r {
	case "EU":
		return append([]string{"EU"}, euMembers...)
	case "EEA":
		return append(append([]string{"EEA", "EU"}, euMembers...), eeaExtra...)
	}
	return []string{r}
}

func regionsOverlap(a, b string) bool {
	ea, eb := expandRegion(a), expandRegion(b)
	return slices.ContainsFunc(ea, func(x string) bool { return slices.Contains(eb, x) })
}

// multimodalTasks are Hugging Face pipeline tags of models that take or
// produce more than text; the Llama 3.2+ use policies' EU clause is about
// "multimodal models".
var multimodalTasks = []string{"image-text-to-text", "visual-question-answering", "image-to-text",
	"document-question-answering", "video-text-to-text", "any-to-any", "audio-text-to-text",
	"text-to-image", "image-to-image", "text-to-video", "image-classification", "object-detection",
	"image-segmentation", "automatic-speech-recognition", "text-to-speech", "text-to-audio"}

var textTasks = []string{"text-generation", "text2text-generation", "fill-mask", "feature-extraction",
	"sentence-similarity", "text-classification", "token-classification", "question-answering",
	"summarization", "translation", "conversational", "zero-shot-classification", "table-question-answering", "text-ranking"}

// multimodal says whether a model is multimodal: 1 yes, 0 unknown, -1 no.
func multimodal(m *sbom.Model) int {
	t := strings.ToLower(m.Task)
	switch {
	case slices.Contains(multimodalTasks, t):
		return 1
	case slices.Contains(textTasks, t):
		return -1
	}
	id := strings.ToLower(m.Ref + " " + m.Name)
	for _, w := range []string{"vision", "-vl", "multimodal", "llava", "omni", "-image"} {
		if strings.Contains(id, w) {
			return 1
		}
	}
	return 0
}

// territory checks a license's excluded regions against the product's.
func (e *evaluator) territory(m *sbom.Model, b *binding, who string) {
	t := b.terms
	ev := e.evidence(b, "territory_excluded", "territory", "geographic")
	scoped := ev != nil && strings.Contains(strings.ToLower(ev.Quote), "multimodal")
	for _, ex := range t.TerritoryExcluded {
		exScoped := scoped || strings.Contains(strings.ToLower(ex), "multimodal")
		region := strings.TrimSpace(strings.SplitN(ex, "(", 2)[0]) // "EU (multimodal models)" -> "EU"
		for _, r := range e.ctx.Regions {
			r = strings.ToUpper(strings.TrimSpace(r))
			if !regionsOverlap(r, region) {
				continue
			}
			d := draft{rule: RuleTerritory, model: m, subject: b.lic.Key + ":" + strings.ToUpper(region), ev: ev,
				remedy: fmt.Sprintf("do not use %s for the product in %s, or pick a model whose license covers %s", display(m), r, r)}
			switch mm := multimodal(m); {
			case !exScoped:
				d.message = fmt.Sprintf("%s, which does not grant its rights in %s; the product's regions include %s.", who, region, r)
			case mm > 0:
				d.message = fmt.Sprintf("%s, which does not grant rights to multimodal models in %s; %s is multimodal and the product's regions include %s.", who, region, display(m), r)
			case mm == 0:
				d.cap = sbom.SeverityWarning
				d.message = fmt.Sprintf("%s, which does not grant rights to multimodal models in %s; whether %s is multimodal is not known and the product's regions include %s.", who, region, display(m), r)
			default:
				continue // a text-only model is outside the clause
			}
			e.add(d)
			break
		}
	}
}
