package licenses

import "slices"

// ProviderTerms is what aibom records about a closed API provider beyond the
// License entry: the facts read from the provider's own terms, each with the
// page it comes from. A provider whose terms could not be checked has no
// facts and Unknown terms; aibom never fills in wording it has not read.
type ProviderTerms struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Hub   string `json:"hub"` // discovery hub name (openai, anthropic, …)
	Facts []Fact `json:"facts,omitempty"`
}

// Fact is one statement about a provider's terms, paraphrased, with the URL
// it was read from and the date it was checked.
type Fact struct {
	Statement string `json:"statement"`
	URL       string `json:"url"`
	Retrieved string `json:"retrieved"` // YYYY-MM-DD
}

// providerTable holds the providers and what was verified about them. Facts
// were checked on the pages named in each Fact (or a page quoting them, named
// as such); fields not backed by a fact stay Unknown / false.
func providerTable() []providerEntry {
	const (
		checked = "2026-08-30"
		read    = "2026-11-29"
	)
	return []providerEntry{
		{
			info: ProviderTerms{Key: "openai-api", Name: "OpenAI API", Hub: "openai", Facts: []Fact{
				{"Outputs are assigned to the user and may be used for any purpose, including commercial, subject to the terms (Terms of Use, 2023-03-14).", "https://openai.com/policies/terms-of-use", checked},
				{"Users may not use output from the Services to develop models that compete with OpenAI (Terms of Use, 2023-03-14, section 2(c)(iii)).", "https://openai.com/policies/terms-of-use", checked},
			}},
			lic: License{
				URL: "https://openai.com/policies/terms-of-use", Related: []string{"openai-terms-of-use-2023-03-14"},
				Terms: Terms{CommercialUse: Allowed, OutputRestriction: true, OutputUse: OutputBan, UseRestrictions: true, Redistribution: Unknown},
			},
		},
		{
			info: ProviderTerms{Key: "anthropic-api", Name: "Anthropic API (Claude)", Hub: "anthropic", Facts: []Fact{
				{"Under the Commercial Terms the customer retains its inputs and owns its outputs, and Anthropic may not train models on customer content (quoted from the Commercial Terms of 2025-06-17 by https://anteroom.so/commitments/anthropic).", "https://www.anthropic.com/legal/commercial-terms", checked},
				{"Customers may not use the Services to build a competing product or train competing AI models (summarised from the Commercial Terms by https://conductatlas.com/platform/anthropic/anthropic-commercial-terms/).", "https://www.anthropic.com/legal/commercial-terms", checked},
			}},
			lic: License{
				URL:   "https://www.anthropic.com/legal/commercial-terms",
				Terms: Terms{CommercialUse: Allowed, OutputRestriction: true, OutputUse: OutputBan, UseRestrictions: true, Redistribution: Unknown},
			},
		},
		{
			info: ProviderTerms{Key: "google-gemini-api", Name: "Google Gemini API", Hub: "google", Facts: []Fact{
				{"The Services may only be accessed, and API clients offered, within an available region; only Paid Services may be used for clients offered to users in the EEA, Switzerland or the UK.", "https://ai.google.dev/gemini-api/terms", checked},
				{"The Services may not be used to develop models that compete with them (e.g. Gemini API, Google AI Studio).", "https://ai.google.dev/gemini-api/terms", checked},
				{"Google does not claim ownership of generated content.", "https://ai.google.dev/gemini-api/terms", checked},
				{"Content submitted to unpaid Services and the responses are used to provide, improve and develop Google products and machine-learning technologies; human reviewers may read them.", "https://ai.google.dev/gemini-api/terms", checked},
				{"Mainland China is not in the list of available regions (reported by https://www.w3cschool.cn/geminiapi/geminiapi-region-boundary.html).", "https://ai.google.dev/gemini-api/docs/available-regions", checked},
			}},
			lic: License{
				URL: "https://ai.google.dev/gemini-api/terms",
				Terms: Terms{CommercialUse: Allowed, OutputRestriction: true, OutputUse: OutputBan, UseRestrictions: true, Redistribution: Unknown,
					TerritoryExcluded: []string{"CN"}},
			},
		},
		// Checked 2026-11-29. The pages corpus shows no crawl date, so the
		// retrieval date is the day the page was read. Where only a
		// third-party summary of the terms could be read, the Fact names that
		// page as its URL and says whose terms it summarises.
		{
			info: ProviderTerms{Key: "mistral-api", Name: "Mistral AI API (La Plateforme)", Hub: "mistral", Facts: []Fact{
				{"The Terms of Service (effective 2025-02-06, revised 2025-05-07) govern La Plateforme and Le Chat; the provider is Mistral AI, a French company registered in Paris.", "https://mistral.ai/terms", read},
				{"The earlier Terms of Service (Sep 2023) let users build software applications on the Mistral AI development platform for their own commercial objectives.", "https://mistral.ai/terms-of-service/", read},
				{"To the extent the law allows, the user owns inputs and outputs and Mistral AI assigns to the user any rights it has in outputs (summary of the Mistral AI Terms of Service by conductatlas.com).", "https://conductatlas.com/platform/mistral-ai/mistral-ai-terms-of-service/output-ownership-assignment/", read},
				{"Mistral AI does not train on customer data except for free subscriptions and the Le Chat Pro and Student plans when the user has not opted out, plus feedback and moderation-flagged content (quoted from the Mistral AI Terms of Service by conductatlas.com).", "https://conductatlas.com/platform/mistral-ai/mistral-ai-terms-of-service/default-ai-model-training-opt-in/", read},
				{"Image outputs may not be used to train or develop image-generation products that compete with Mistral AI (summary of the Mistral AI Terms of Service by conductatlas.com); no such restriction on text outputs was read.", "https://conductatlas.com/platform/mistral-ai/mistral-ai-terms-of-service/prohibited-use-of-image-outputs-for-competing-products/", read},
			}},
			lic: License{
				URL:   "https://mistral.ai/terms",
				Terms: Terms{CommercialUse: Allowed, OutputRestriction: true, OutputUse: OutputBan, Redistribution: Unknown},
			},
		},
		{
			info: ProviderTerms{Key: "moonshot-api", Name: "Moonshot AI (Kimi) API", Hub: "moonshot", Facts: []Fact{
				{"The Kimi OpenPlatform Terms of Service (versions of 2025-04-30 and 2026-05-27) are an agreement with Moonshot AI PTE. LTD. for businesses and developers; they give a non-exclusive licence to integrate the APIs into the customer's own applications, products or services and offer them to end users.", "https://platform.kimi.ai/docs/agreement/modeluse", read},
				{"Moonshot AI keeps all rights, title and interest in the services; the customer gets only the rights the agreement grants.", "https://platform.kimi.ai/docs/agreement/modeluse", read},
			}},
			lic: License{
				URL:   "https://platform.kimi.ai/docs/agreement/modeluse",
				Terms: Terms{CommercialUse: Allowed, Redistribution: Unknown},
			},
		},
		{
			info: ProviderTerms{Key: "huawei-pangu", Name: "Huawei Cloud Pangu models", Hub: "huawei", Facts: []Fact{
				{"Pangu Large Models are governed by the PanguLM Service Agreement (general plus service-specific terms); the contracting party is the Huawei Cloud entity defined in section 15.4 of the Huawei Cloud Customer Agreement. Its terms on outputs and training were not read.", "https://www.huaweicloud.com/intl/en-us/declaration/tsa-pglm.html", read},
			}},
		},
		{
			info: ProviderTerms{Key: "tencent-hunyuan-api", Name: "Tencent Hunyuan API", Hub: "tencent", Facts: []Fact{
				{"AI features on the Tencent Cloud international console fall under the Tencent Cloud AI Service Terms, under which the user bears the risks and consequences of using AI output; no Hunyuan-specific terms were read.", "https://intl.cloud.tencent.com/pt/document/product/301/74049", read},
			}},
		},
		{info: ProviderTerms{Key: "deepseek-api", Name: "DeepSeek API", Hub: "deepseek"}},
		{info: ProviderTerms{Key: "baidu-qianfan", Name: "Baidu Qianfan / ERNIE API", Hub: "baidu"}},
		{info: ProviderTerms{Key: "alibaba-dashscope", Name: "Alibaba Cloud DashScope / Qwen API (Model Studio)", Hub: "dashscope"}},
		{info: ProviderTerms{Key: "zhipu-api", Name: "Zhipu AI Open Platform (GLM API)", Hub: "zhipu"}},
		{info: ProviderTerms{Key: "volcengine-ark", Name: "ByteDance Volcano Engine Ark", Hub: "bytedance"}},
	}
}

type providerEntry struct {
	info ProviderTerms
	lic  License
}

// providerLicenses returns the catalog entries (Kind service_terms, Category
// proprietary) for closed API providers, sorted by key. Terms not backed by a
// recorded fact are Unknown.
func providerLicenses() []License {
	var out []License
	for _, e := range providerTable() {
		l := e.lic
		l.Key = e.info.Key
		l.SPDXID = "LicenseRef-" + e.info.Key
		l.Name = e.info.Name
		l.Kind = KindServiceTerms
		l.Category = CategoryProprietary
		if l.Terms.CommercialUse == "" {
			l.Terms.CommercialUse = Unknown
		}
		if l.Terms.Redistribution == "" {
			l.Terms.Redistribution = Unknown
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b License) int { return compareStrings(a.Key, b.Key) })
	return out
}

// Providers returns what aibom recorded about each closed API provider,
// sorted by key.
func Providers() []ProviderTerms {
	var out []ProviderTerms
	for _, e := range providerTable() {
		out = append(out, e.info)
	}
	slices.SortFunc(out, func(a, b ProviderTerms) int { return compareStrings(a.Key, b.Key) })
	return out
}

// ProviderForHub maps a discovery hub name (the prefix of `openai:gpt-4o`)
// to the catalog key of that provider's service terms, or "" when the hub is
// not a closed API provider aibom knows.
func ProviderForHub(hub string) string {
	for _, e := range providerTable() {
		if e.info.Hub == hub {
			return e.info.Key
		}
	}
	switch hub { // common aliases used in code and config
	case "gemini", "vertex", "vertexai":
		return "google-gemini-api"
	case "qwen", "alibaba", "aliyun":
		return "alibaba-dashscope"
	case "volcengine", "ark", "doubao":
		return "volcengine-ark"
	case "ernie", "qianfan":
		return "baidu-qianfan"
	case "hunyuan":
		return "tencent-hunyuan-api"
	case "kimi":
		return "moonshot-api"
	case "glm", "bigmodel":
		return "zhipu-api"
	case "pangu":
		return "huawei-pangu"
	}
	return ""
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
