package policies

import "github.com/aibom/aibom/sbom"

// Rule ids. They appear in findings, policy files, waivers, SARIF and as
// anchors in docs/policies.md.
const (
	RuleLicenseDenied        = "license-denied"
	RuleLicenseNotAllowed    = "license-not-allowed"
	RuleCommercialUse        = "commercial-use"
	RuleUserLimit            = "user-limit"
	RuleRevenueLimit         = "revenue-limit"
	RuleRegistrationRequired = "registration-required"
	RuleTerritory            = "territory"
	RuleOutputRestriction    = "output-restriction"
	RuleShareAlike           = "share-alike"
	RuleRedistribution       = "redistribution"
	RuleLicenseMismatch      = "license-mismatch"
	RuleLicenseConflict      = "license-conflict"
	RuleLicenseTextMissing   = "license-text-missing"
	RuleLicenseUnknown       = "license-unknown"
	RuleResolveFailed        = "resolve-failed"
	RuleUnresolvedReference  = "unresolved-reference"
	RuleGated                = "gated"
	RuleUnpinnedRevision     = "unpinned-revision"
	RuleAPIModel             = "api-model"
	RuleProviderUnverified   = "provider-terms-unverified"
	RuleProviderRegulation   = "provider-regulation"
	RuleAttribution          = "attribution"
	RuleNamingRule           = "naming-rule"
	RuleNotice               = "notice"
	RuleUsePolicy            = "use-policy"
	RuleConfigChange         = "config-change"
	RuleWaiverExpired        = "waiver-expired"
	RuleWaiverUnused         = "waiver-unused"
)

// SeverityOff disables a rule in a policy.
const SeverityOff = "off"

// DocsURL is where docs/policies.md is published; rule help anchors hang off it.
const DocsURL = "https://github.com/aibom/aibom/blob/main/docs/policies.md"

// RuleInfo describes one rule for SARIF rule metadata and the docs.
type RuleInfo struct {
	ID              string
	Short           string // one line
	Full            string // what fires it and why it matters
	DefaultSeverity string // error | warning | note | off
	HelpAnchor      string // anchor in docs/policies.md, e.g. "#license-mismatch"
	Waivable        bool   // false for the rules about waivers themselves
}

// HelpURI is the absolute documentation link for the rule.
func (r RuleInfo) HelpURI() string { return DocsURL + r.HelpAnchor }

var ruleTable = []RuleInfo{
	{ID: RuleLicenseDenied, DefaultSeverity: sbom.SeverityError,
		Short: "A license on the policy's deny list binds the model.",
		Full:  "The model's own license or an ancestor's matches a deny-list entry (catalog key, SPDX id, Hugging Face id or category; globs allowed)."},
	{ID: RuleLicenseNotAllowed, DefaultSeverity: sbom.SeverityError,
		Short: "A license binding the model is not on the policy's allow list.",
		Full:  "The policy has an allow list and one of the licenses that bind the model (its own or an ancestor's) matches none of its entries."},
	{ID: RuleCommercialUse, DefaultSeverity: sbom.SeverityError,
		Short: "The license prohibits commercial use or grants research or evaluation use only, and the product is commercial.",
		Full:  "Fires when the context is commercial (or does not say) and a license binding the model prohibits commercial use, is research-only or evaluation-only. A license whose commercial terms are unknown gives a warning. An approval for the license turns the finding into a note."},
	{ID: RuleUserLimit, DefaultSeverity: sbom.SeverityError,
		Short: "The product's active users reach the license's user cap.",
		Full:  "The license's grant stops at a monthly or daily active-user cap at or below the context's figure. Within the policy margin below the cap the finding is a warning. An approval for the license turns it into a note."},
	{ID: RuleRevenueLimit, DefaultSeverity: sbom.SeverityError,
		Short: "The product's revenue reaches the license's revenue cap.",
		Full:  "The license's grant stops at a revenue cap at or below the context's annual revenue (a monthly cap is compared with a twelfth of it). Within the policy margin it is a warning; a cap in another currency is reported as a warning because it cannot be compared."},
	{ID: RuleRegistrationRequired, DefaultSeverity: sbom.SeverityWarning,
		Short: "Commercial use needs a registration or written authorization that is not recorded.",
		Full:  "The license requires registering with, or written authorization from, the licensor for commercial use, and context.approvals records none for it."},
	{ID: RuleTerritory, DefaultSeverity: sbom.SeverityError,
		Short: "The license or its use policy excludes one of the product's regions.",
		Full:  "A region in context.regions (EU member states count as EU) is excluded by the license or an incorporated use policy. When the exclusion is scoped to multimodal models (Llama 3.2 and later) it applies to vision and other multimodal models, and is a warning when the model's modality is unknown."},
	{ID: RuleOutputRestriction, DefaultSeverity: sbom.SeverityError,
		Short: "The license limits using outputs to build other models, and the product builds models.",
		Full:  "context.builds_models is true and a license binding the model limits building models from its outputs. A ban (e.g. Llama 2 and 3: no improving other large language models) takes the rule's severity. A flow-down (e.g. Gemma: a model trained on outputs is a Model Derivative under the same terms), conditions (e.g. Llama 3.1 and later: a name beginning with \"Llama\" and \"Built with Llama\") or a limit aibom could not classify give at most a warning that says what binds the trained model."},
	{ID: RuleShareAlike, DefaultSeverity: sbom.SeverityWarning,
		Short: "Redistributed weights must stay under the same license.",
		Full:  "The product redistributes weights and a license binding the model is share-alike: derivatives must be released under the same license."},
	{ID: RuleRedistribution, DefaultSeverity: sbom.SeverityError,
		Short: "The license prohibits redistributing the model, and the product redistributes weights.",
		Full:  "context.distribution is redistributes-weights and a license binding the model prohibits redistribution (error) or leaves it unknown (warning)."},
	{ID: RuleLicenseMismatch, DefaultSeverity: sbom.SeverityError,
		Short: "The model declares a license other than the restrictive one its ancestry imposes.",
		Full:  "The model is a derivative (fine-tune, adapter, quantization, merge) of a model under a restrictive license and declares another one, e.g. Apache-2.0 on a Llama 3 GGUF. The ancestor's license still binds it: the concluded license carries both."},
	{ID: RuleLicenseConflict, DefaultSeverity: sbom.SeverityError,
		Short: "The card's license and the license text in the repository name different licenses.",
		Full:  "The model card (or hub metadata) declares one license and a license file of the repository (LICENSE, MODEL_LICENSE, a license PDF …) is the text of another, e.g. apache-2.0 on the card over a Llama license file. Both stay in the concluded license until someone settles which grant holds."},
	{ID: RuleLicenseTextMissing, DefaultSeverity: sbom.SeverityWarning,
		Short: "A custom license binds the model, but no text of it was found in the repository or its ancestors.",
		Full:  "A license with no SPDX id (a model license such as Llama or Gemma, or a name declared under \"other\") binds the model and neither its repository nor any ancestor's carries its text. When aibom's catalog knows the license the finding is a note (its terms are curated but unverified against the shipped text); otherwise the terms are unknown and the finding takes the rule's severity."},
	{ID: RuleLicenseUnknown, DefaultSeverity: sbom.SeverityWarning,
		Short: "The model's license could not be identified.",
		Full:  "The model resolved (or came from a cache or catalog) but nothing identifies its own license: no declaration, only one aibom cannot name, or a text it does not know, and no ancestor's license to inherit. Its terms cannot be checked, its commercial use reads as unknown (never allowed), and the verdict is incomplete until the license is recorded (an approval or a waiver)."},
	{ID: RuleResolveFailed, DefaultSeverity: sbom.SeverityWarning,
		Short: "The model could not be resolved, so its license is not known.",
		Full:  "The hub answered not found or failed, or the scan ran offline without a cached answer. Nothing about the model's terms was checked."},
	{ID: RuleUnresolvedReference, DefaultSeverity: sbom.SeverityNote,
		Short: "The project chooses a model at run time, with no default aibom could read.",
		Full:  "A model's place in code (a loader's argument, a model= keyword, a model-named variable or command-line option) takes its value from an environment variable or a command-line option with no literal default. Which model runs is decided where the project is deployed, so it was not resolved or judged; declare the models it can take in aibom.yaml's models: list."},
	{ID: RuleGated, DefaultSeverity: sbom.SeverityNote,
		Short: "The model is gated: access requires accepting its terms on the hub.",
		Full:  "Downloading the model needs an account that accepted the publisher's terms; builds and CI need a token with that access."},
	{ID: RuleUnpinnedRevision, DefaultSeverity: sbom.SeverityWarning,
		Short: "The project references a hub model without a pinned revision.",
		Full:  "A direct reference to a Hugging Face, ModelScope or GitHub model does not pin a commit, so the weights and the license can change under the project."},
	{ID: RuleAPIModel, DefaultSeverity: sbom.SeverityError,
		Short: "The project calls a closed API model from a provider the policy denies or flags.",
		Full:  "providers: maps a provider (openai, anthropic, …, or * for any) to allow, warn or deny. deny uses the rule's severity, warn gives a warning, allow nothing. A provider not listed and no * entry counts as warn."},
	{ID: RuleProviderUnverified, DefaultSeverity: sbom.SeverityWarning,
		Short: "aibom could not read the terms of the API provider a model is called through.",
		Full:  "The provider's service terms could not be read (status unverified), or aibom has no record of the provider at all, so its terms on commercial use, outputs, training on inputs, regions and governing law are unknown, not permissive. The finding links the terms page to read. When the terms were read but some of those questions were not answered (status partial) it is a note listing them."},
	{ID: RuleProviderRegulation, DefaultSeverity: sbom.SeverityNote,
		Short: "The API provider's terms tie the service to the rules of one of the product's regions.",
		Full:  "A provider's terms record that the service is subject to a jurisdiction's rules (for example the EU AI Act's duties for general-purpose models), and context.regions includes that jurisdiction (EU member states count as EU). The finding quotes the fact and its source; it says what the terms say, not what the law requires of the product."},
	{ID: RuleAttribution, DefaultSeverity: sbom.SeverityNote,
		Short: "The license requires displaying an attribution text.",
		Full:  "A license binding the model requires a text such as \"Built with Llama\" to be displayed on a related website, user interface or documentation."},
	{ID: RuleNamingRule, DefaultSeverity: sbom.SeverityNote,
		Short: "Derived models must be named with the license's prefix.",
		Full:  "The model is a derivative of, or the product builds models with, a model whose license requires derived models to have names beginning with a given word (e.g. \"Llama\")."},
	{ID: RuleNotice, DefaultSeverity: sbom.SeverityNote,
		Short: "Shipped copies must carry the license and its notices.",
		Full:  "The product ships the model (on-prem or redistributes-weights) and a license binding it requires a copy of the license and its notice to go with it."},
	{ID: RuleUsePolicy, DefaultSeverity: sbom.SeverityNote,
		Short: "An acceptable-use policy applies to the model.",
		Full:  "A license binding the model incorporates an acceptable-use or prohibited-use policy; the product's uses must comply with it and, when redistributing, pass it on."},
	{ID: RuleConfigChange, DefaultSeverity: sbom.SeverityError,
		Short: "The change edits the rules it is judged by (.aibom.yaml, a policy or config file in the repository).",
		Full:  "With a base revision (aibom scan --base-tree, the GitHub Action on a pull request) the rules come from the base, and the scanned tree's differing versions of those files are reported key by key, so that loosened rules are approved explicitly. Only a waiver in the base's rules can waive it."},
	{ID: RuleWaiverExpired, DefaultSeverity: sbom.SeverityNote,
		Short: "A waiver in the policy has expired and no longer applies.",
		Full:  "The waiver's expires date is before the evaluation date; findings it covered are active again."},
	{ID: RuleWaiverUnused, DefaultSeverity: sbom.SeverityNote,
		Short: "A waiver in the policy matched no finding.",
		Full:  "No finding had the waiver's model and rule; remove it or fix its pattern."},
}

// Rules returns the rules in documentation order.
func Rules() []RuleInfo {
	out := make([]RuleInfo, len(ruleTable))
	for i, r := range ruleTable {
		r.HelpAnchor = "#" + r.ID
		r.Waivable = r.ID != RuleWaiverExpired && r.ID != RuleWaiverUnused
		out[i] = r
	}
	return out
}

func ruleInfo(id string) (RuleInfo, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return RuleInfo{}, false
}

func ruleIDs() []string {
	var ids []string
	for _, r := range ruleTable {
		ids = append(ids, r.ID)
	}
	return ids
}

// severityRank orders severities; 0 for off or unknown.
func severityRank(s string) int {
	switch s {
	case sbom.SeverityNote:
		return 1
	case sbom.SeverityWarning:
		return 2
	case sbom.SeverityError:
		return 3
	}
	return 0
}

// minSeverity returns the milder of two severities (never off unless a is off).
func minSeverity(a, b string) string {
	if severityRank(b) < severityRank(a) {
		return b
	}
	return a
}
