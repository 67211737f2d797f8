package licenses

import (
	"fmt"
	"strings"
	"testing"
)

// termValue renders one term of t the way the rows below write it.
func termValue(t Terms, field string) string {
	b := func(v bool) string {
		if v {
			return "yes"
		}
		return "no"
	}
	switch field {
	case fieldCommercialUse:
		return t.CommercialUse
	case fieldUserLimit:
		if t.UserLimit == nil {
			return "none"
		}
		return fmt.Sprintf("%d %s", t.UserLimit.Count, t.UserLimit.Unit)
	case fieldRevenueLimit:
		if t.RevenueLimit == nil {
			return "none"
		}
		return strings.TrimSpace(fmt.Sprintf("%d %s %s", t.RevenueLimit.Amount, t.RevenueLimit.Currency, t.RevenueLimit.Period))
	case fieldResearchOnly:
		return b(t.ResearchOnly)
	case fieldEvaluationOnly:
		return b(t.EvaluationOnly)
	case fieldRegistration:
		return b(t.RegistrationRequired)
	case fieldAttribution:
		return b(t.AttributionRequired)
	case fieldAttribText:
		return deref(t.AttributionText)
	case fieldNamingRule:
		if t.NamingRule == nil {
			return "none"
		}
		return cmpOr(t.NamingKind, NamingPrefix) + " " + *t.NamingRule
	case fieldOutput:
		return b(t.OutputRestriction)
	case fieldOutputUse:
		return t.OutputUse
	case fieldUseRestrict:
		return b(t.UseRestrictions)
	case fieldRedistribution:
		return t.Redistribution
	case fieldShareAlike:
		return b(t.ShareAlike)
	case fieldTerritory:
		return strings.Join(t.TerritoryExcluded, ",")
	case fieldGoverningLaw:
		return deref(t.GoverningLaw)
	}
	panic("unknown field " + field)
}

// TestExtractPatterns covers each pattern of issue 16 in English and
// Chinese, in texts we wrote in the shapes real model licenses use. Every
// row names one term and asserts its value, its certainty and that the
// quote is the deciding clause (it contains quote; "" means the term has no
// clause: absent, or not decided).
func TestExtractPatterns(t *testing.T) {
	const (
		S = Stated
		I = Inferred
		U = Unresolved
	)
	cases := []patternRow{
		// Scope of a clause: a non-commercial grant with a path to
		// commercial use is conditional, and the path decides.
		{"nc grant, register for commercial", "Acme grants you a non-commercial license to use the Model. If you wish to use the Model commercially, you must register at acme.example/register.",
			fieldCommercialUse, Conditional, S, "register"},
		{"nc grant, register for commercial: registration", "Acme grants you a non-commercial license to use the Model. If you wish to use the Model commercially, you must register at acme.example/register.",
			fieldRegistration, "yes", S, "register"},
		{"research only, written authorisation", "The Model may be used solely for academic research. Commercial use requires the prior written authorization of the Licensor.",
			fieldCommercialUse, Conditional, S, "written authorization"},
		{"research only, email", "You may use the weights for research purposes only. For a commercial license, e-mail licensing@acme.example.",
			fieldCommercialUse, Conditional, S, "e-mail"},
		{"nc without path", "You may use the Model for non-commercial purposes only.",
			fieldCommercialUse, Prohibited, S, "non-commercial purposes only"},
		{"nc items under a lead-in", "You will not, and will not permit others to:\n(a) use the Model for any commercial purposes;\n(b) remove any notices.",
			fieldCommercialUse, Prohibited, S, "commercial purposes"},
		{"zh nc grant, register", "许可方授予您非商业性使用本模型的许可。如需将本模型用于商业用途，请发送邮件至许可方进行登记。",
			fieldCommercialUse, Conditional, S, "登记"},
		{"zh nc grant, register: registration", "许可方授予您非商业性使用本模型的许可。如需将本模型用于商业用途，请发送邮件至许可方进行登记。",
			fieldRegistration, "yes", S, "登记"},
		{"zh research, written authorisation", "本模型仅供学术研究使用。未经许可方书面授权，您不得将本模型用于任何商业目的。",
			fieldCommercialUse, Conditional, S, "书面授权"},
		{"zh nc without path", "您仅可出于非商业目的使用本模型。",
			fieldCommercialUse, Prohibited, S, "非商业"},

		// An exception inside a cap clause is an exception, and the
		// above-cap branch makes the license conditional.
		{"cap with exception", "You may use the Model for commercial purposes, except that if your products have more than 50 million monthly active users you must obtain a separate license from us.",
			fieldCommercialUse, Conditional, S, "50 million monthly active users"},
		{"cap with exception: the cap", "You may use the Model for commercial purposes, except that if your products have more than 50 million monthly active users you must obtain a separate license from us.",
			fieldUserLimit, "50000000 monthly_active_users", S, "50 million monthly active users"},
		{"above-cap branch", "If the services you offer reach one billion monthly active users, you are not licensed under this Agreement until we grant you a license.",
			fieldCommercialUse, Conditional, S, "one billion monthly active users"},
		{"below-cap grant", "Commercial use is permitted while your monthly active users do not exceed 2,000,000; beyond that, contact us.",
			fieldCommercialUse, Conditional, S, "2,000,000"},
		{"above-cap request is not registration", "If your products have more than 100 million monthly active users, you must request a license from us.",
			fieldRegistration, "no", "", ""},
		{"zh cap with exception", "您可以将本模型用于商业用途，但您的产品月活跃用户超过5000万的除外，此时您须向我们申请许可。",
			fieldCommercialUse, Conditional, S, "5000万"},
		{"zh above-cap branch", "若您的服务月活跃用户数达到10亿，本协议授予您的许可即告终止。",
			fieldCommercialUse, Conditional, S, "10亿"},

		// Caps in every unit, in figures and in words.
		{"dau words", "If your application serves more than three million daily active users, you must obtain a commercial license.",
			fieldUserLimit, "3000000 daily_active_users", S, "three million daily active users"},
		{"plain users", "This license does not cover services with more than 10,000 users; such services need an enterprise license.",
			fieldUserLimit, "10000 users", S, "10,000 users"},
		{"small cap is still conditional", "Commercial use is limited to products with fewer than 1,000 registered users.",
			fieldCommercialUse, Conditional, S, "1,000 registered users"},
		{"visits per month", "Your commercial service may not exceed 500,000 visits per month without a further license.",
			fieldUserLimit, "500000 visits_per_month", S, "500,000 visits"},
		{"calls per day", "Free commercial use is limited to 20,000 API calls per day; above that you must buy a license.",
			fieldUserLimit, "20000 calls_per_day", S, "20,000 API calls"},
		{"requests per month", "Deployments handling more than 5 million requests per month require a separate agreement.",
			fieldUserLimit, "5000000 requests_per_month", S, "5 million requests"},
		{"revenue gbp", "If your annual revenue exceeds £2 million, you must contact us for a commercial licence.",
			fieldRevenueLimit, "2000000 GBP annual", S, "£2 million"},
		{"revenue words", "Companies with more than ten million dollars in annual revenue need an enterprise license.",
			fieldRevenueLimit, "10000000 USD annual", S, "ten million dollars"},
		{"zh dau", "如您的产品日活跃用户超过100万，您须另行取得商业许可。",
			fieldUserLimit, "1000000 daily_active_users", S, "100万"},
		{"zh users", "商业使用仅限于用户数不超过10万的产品。",
			fieldUserLimit, "100000 users", S, "10万"},
		{"zh visits", "商业服务的访问量不得超过每月200万人次，超出部分请联系我们。",
			fieldUserLimit, "2000000 visits_per_month", S, "200万人次"},
		{"zh calls", "每日调用次数超过5万次的，须申请商业授权。",
			fieldUserLimit, "50000 calls_per_day", S, "5万次"},
		{"zh revenue numeral", "年营业收入超过人民币一亿元的企业须另行申请许可。",
			fieldRevenueLimit, "100000000 CNY annual", S, "一亿元"},

		// Stray words never decide a term.
		{"evaluate is not evaluation-only", "We evaluate every release before publishing it. You may use, copy and distribute the Model royalty-free.",
			fieldEvaluationOnly, "no", "", ""},
		{"research team is not research-only", "The Model was trained by the Acme research team. Acme grants you a royalty-free license to use, modify and distribute the Model.",
			fieldCommercialUse, Allowed, I, "royalty-free"},
		{"notice duty is not a distribution ban", "If you distribute the Model, you must include a copy of this License.",
			fieldRedistribution, Conditional, S, "distribute"},
		{"territory limit is not a distribution ban", `"Territory" means the worldwide territory, excluding the European Union. You may not distribute the Model outside the Territory.`,
			fieldRedistribution, Unknown, U, ""},
		{"territory limit is a territory", `"Territory" means the worldwide territory, excluding the European Union. You may not distribute the Model outside the Territory.`,
			fieldTerritory, "EU", S, "excluding the european union"},
		{"disclaimer is not a scope", "You are free to use, copy, modify and share the Model.\n\nDisclaimer\n\nThe Model is provided for reference and learning purposes only, without warranty of any kind.",
			fieldCommercialUse, Allowed, I, "free to use"},
		{"zh stray research", "本模型由研究团队开发。许可方授予您全球的、免版税的许可，以使用、复制和分发本模型。",
			fieldCommercialUse, Allowed, I, "免版税"},
		{"zh disclaimer is not a scope", "您可以免费使用、复制和修改本模型。\n\n免责声明\n\n本模型仅供参考和学习，许可方不承担任何责任。",
			fieldCommercialUse, Allowed, I, "免费"},

		// Duties without the obvious keyword.
		{"output ban without the word output", "You may not use any content generated by the Model to train a model that competes with Acme.",
			fieldOutputUse, OutputBan, S, "content generated by the model"},
		{"outputs held to the license", "Acme claims no rights in what you generate. No use of the Output may contravene any provision of this License.",
			fieldOutputUse, OutputConditional, S, "contravene"},
		{"outputs under the nc limit", "This license allows only non-commercial use of the model and of its outputs.",
			fieldOutput, "yes", S, "outputs"},
		{"attribution by required notice", `You must include the following notice with every copy: "Orca is licensed under the Orca License, Copyright Acme."`,
			fieldAttribution, "yes", S, "the following notice"},
		{"attribution by included copy in a notices section", "Notices\nAnyone who receives the Model from you must also receive a copy of these terms or their URL.",
			fieldAttribution, "yes", S, "copy of these terms"},
		{"retained notices are not attribution", "You must retain all copyright, patent, trademark, and attribution notices in the Model.",
			fieldAttribution, "no", "", ""},
		{"share-alike on derivatives", "If you distribute the Model or any derivative works thereof, you may only do so under the terms of this Agreement.",
			fieldShareAlike, "yes", S, "only do so under the terms of this agreement"},
		{"naming begins with", `The name of any model fine-tuned from the Materials must begin with "Orca".`,
			fieldNamingRule, "prefix Orca", S, "begin with"},
		{"naming contains", `A model trained with the Materials must include "Nova" in its name.`,
			fieldNamingRule, "contains Nova", S, "in its name"},
		{"naming keep", "When sharing the Model you must credit the authors and retain the original model names.",
			fieldNamingRule, "keep retain the original model names", S, "retain the original model names"},
		{"naming mark", `If you publish a derivative model, you must clearly mark that the derivative is based on Orca, for example "Orca Inside".`,
			fieldNamingRule, "mark Orca Inside", S, "based on"},
		{"research and non-commercial together", "You may use the Model solely for non-commercial research purposes.",
			fieldResearchOnly, "yes", S, "non-commercial research"},
		{"territory as a definition", `"Territory" means all countries, excluding the European Union, the United Kingdom and South Korea.`,
			fieldTerritory, "EU,GB,KR", S, "territory"},
		{"zh output ban without output", "您不得使用本模型生成的内容训练与许可方竞争的模型。",
			fieldOutputUse, OutputBan, S, "生成的内容"},
		{"zh outputs held to the license", "使用输出内容不得违反本协议的任何条款。",
			fieldOutputUse, OutputConditional, S, "违反本协议"},
		{"zh attribution by notice", "分发本模型时，上述版权声明和本许可声明应包含在所有副本中。",
			fieldAttribution, "yes", S, "许可声明"},
		{"zh share-alike", "您分发衍生模型时，须以本协议发布该衍生模型。",
			fieldShareAlike, "yes", S, "本协议发布"},
		{"zh naming contains", `基于本模型训练的模型，其名称中必须包含“Nova”。`,
			fieldNamingRule, "contains Nova", S, "名称中"},
		{"zh naming mark", "如您将模型衍生品开源发布，您需以显著方式标注该模型衍生品系基于Orca开发。",
			fieldNamingRule, "mark Orca", S, "标注"},
		{"zh research and nc together", "您仅可将本模型用于非商业的学术研究。",
			fieldResearchOnly, "yes", S, "研究"},
		{"zh territory definition", "“区域”是指全球范围，不包括欧盟。",
			fieldTerritory, "EU", S, "不包括欧盟"},
		{"zh law with a parenthesis", "本协议适用中华人民共和国大陆地区（仅为本协议之目的，不包括香港、澳门和台湾）法律。",
			fieldGoverningLaw, "CN", S, "法律"},
		{"zh law exclusions are not a territory", "本协议适用中华人民共和国大陆地区（不包括香港、澳门和台湾）法律。",
			fieldTerritory, "", "", ""},

		// Shapes of community licenses, Chinese and English.
		{"zh dau below cap, apply by email", "如果您的产品或服务的日均用户活跃量（DAU）低于100万，您可以通过发送邮件至 license@acme.example 申请商用许可。",
			fieldCommercialUse, Conditional, S, "100万"},
		{"zh dau below cap: the cap", "如果您的产品或服务的日均用户活跃量（DAU）低于100万，您可以通过发送邮件至 license@acme.example 申请商用许可。",
			fieldUserLimit, "1000000 daily_active_users", S, "100万"},
		{"zh dau below cap: registration", "如果您的产品或服务的日均用户活跃量（DAU）低于100万，您可以通过发送邮件至 license@acme.example 申请商用许可。",
			fieldRegistration, "yes", S, "申请"},
		{"zh research, contact for commercial", "本模型权重对学术研究完全开放。如需商用，请联系 bd@acme.example 获取授权。",
			fieldCommercialUse, Conditional, S, "联系"},
		{"zh free commercial after registration", "您可以免费将本模型用于商业用途，但需先填写问卷完成登记。",
			fieldCommercialUse, Conditional, S, "登记"},
		{"zh forbid commercial", "禁止将本模型用于任何商业目的。",
			fieldCommercialUse, Prohibited, S, "商业目的"},
		{"zh written consent", "未经许可方事先书面同意，您不得将本模型用于商业目的。",
			fieldCommercialUse, Conditional, S, "书面同意"},
		{"zh quoted notice", "您在分发本模型时须附带本协议副本，并保留“本模型由Acme提供”的声明。",
			fieldAttribution, "yes", S, "本模型由acme提供"},
		{"limited to non-commercial use", "The license granted herein is limited to internal, non-commercial use.",
			fieldCommercialUse, Prohibited, S, "non-commercial"},
		{"licensed for non-commercial use", "This Model is licensed for non-commercial use.",
			fieldCommercialUse, Prohibited, S, "non-commercial use"},
		{"non-commercial use needs no registration", "Acme grants you a royalty-free license to use the Model. If you use the Model for non-commercial purposes, no registration is needed; commercial users must register first.",
			fieldCommercialUse, Conditional, S, "register"},
		{"outputs in the commercial ban", "You may not use the Model or its outputs for any commercial purpose.",
			fieldOutput, "yes", S, "outputs"},

		// A grant for research, without the word "only".
		{"research grant without only", `Acme hereby grants you a non-exclusive, royalty-free license to use the Model for Research Purposes.`,
			fieldResearchOnly, "yes", S, "for research purposes"},
		{"research grant without only: commercial", `Acme hereby grants you a non-exclusive, royalty-free license to use the Model for Research Purposes.`,
			fieldCommercialUse, Prohibited, S, "for research purposes"},
		{"research mention in a condition", "If you use the Model for research, please cite our paper. Acme grants you a royalty-free license to use and distribute the Model.",
			fieldResearchOnly, "no", "", ""},
		{"zh research grant", "许可方授予您免费使用本模型用于学术研究的许可。",
			fieldResearchOnly, "yes", S, "用于学术研究"},

		// A Markdown research license with a commercial contact and free outputs.
		{"markdown research license", "## 1. License Grant\n\nSubject to these terms, Acme grants you a worldwide, royalty-free license to use, copy and modify the Model **for research and non-commercial purposes only**.\n\n## 2. Commercial Use\n\nFor commercial use, please contact us at sales@acme.example.\n\n## 3. Outputs\n\nYou may use Outputs for any purpose, including commercial purposes, except to train a model that competes with the Model.\n",
			fieldCommercialUse, Conditional, U, "contact"},
		{"markdown research license: research", "## 1. License Grant\n\nSubject to these terms, Acme grants you a worldwide, royalty-free license to use, copy and modify the Model **for research and non-commercial purposes only**.\n\n## 2. Commercial Use\n\nFor commercial use, please contact us at sales@acme.example.\n\n## 3. Outputs\n\nYou may use Outputs for any purpose, including commercial purposes, except to train a model that competes with the Model.\n",
			fieldResearchOnly, "yes", S, "non-commercial purposes only"},
		{"markdown research license: outputs", "## 1. License Grant\n\nSubject to these terms, Acme grants you a worldwide, royalty-free license to use, copy and modify the Model **for research and non-commercial purposes only**.\n\n## 2. Commercial Use\n\nFor commercial use, please contact us at sales@acme.example.\n\n## 3. Outputs\n\nYou may use Outputs for any purpose, including commercial purposes, except to train a model that competes with the Model.\n",
			fieldOutputUse, OutputBan, S, "competes"},

		// A short text that only names the license the model is under.
		{"pointer to a permissive license", "The Acme-7B model weights are released under the Apache License, Version 2.0.",
			fieldCommercialUse, Allowed, I, "released under the apache license"},
		{"pointer to a non-commercial license", "The weights of this model are licensed under CC-BY-NC-4.0.",
			fieldCommercialUse, Prohibited, I, "licensed under cc-by-nc-4.0"},
		{"pointer about the code only", "The source code is released under the Apache License 2.0.",
			fieldCommercialUse, Unknown, U, ""},
		{"zh pointer", "本模型权重遵循 Apache-2.0 许可证开源。",
			fieldCommercialUse, Allowed, I, "apache-2.0"},

		// Silence is not a ban; unknown only when nothing is granted.
		{"broad grant, silent on commerce", "Acme grants you a worldwide, royalty-free license to use, reproduce, modify and distribute the Model.",
			fieldCommercialUse, Allowed, I, "royalty-free"},
		{"explicit commercial grant", "You may use the Model for commercial purposes.",
			fieldCommercialUse, Allowed, S, "commercial purposes"},
		{"nothing granted", "The Model is provided as is, without warranty of any kind.",
			fieldCommercialUse, Unknown, U, ""},
		{"grant and a stray limit", "Acme grants you a royalty-free license to use the Model. We encourage academic use.",
			fieldCommercialUse, Unknown, U, "academic"},
		{"grant and a limit conflict", "You may use the Model for commercial purposes. The Model is licensed for non-commercial use only.",
			fieldCommercialUse, Prohibited, U, "non-commercial use only"},
		{"zh broad grant", "许可方特此授予您非排他性、全球性、不可转让、免版税的许可，以使用、复制、修改本模型。",
			fieldCommercialUse, Allowed, I, "免版税"},
		{"zh explicit commercial grant", "您可以将本模型用于商业用途。",
			fieldCommercialUse, Allowed, S, "商业用途"},
		{"zh nothing granted", "本模型按“现状”提供，不提供任何保证。",
			fieldCommercialUse, Unknown, U, ""},

		// A figure the licensee is asked to report in an application form
		// is not a cap; a cap beside a duty to fill in a form still is.
		{"zh form question is no cap", "申请人所在行业与日用户活跃量（DAU）□1-200 □200-1000 □1000-5000 □5000+ 注：请选择申请人规模，并勾选方框。",
			fieldUserLimit, "none", "", ""},
		{"form question is no cap", "Daily active users of your product (please tick one box): [ ] under 1,000 [ ] 1,000-10,000 [ ] more than 10,000",
			fieldUserLimit, "none", "", ""},
		{"zh cap beside a form duty", "如您的产品日活跃用户超过100万，须填写申请表向许可方申请商业许可。",
			fieldUserLimit, "1000000 daily_active_users", S, "100万"},
		{"cap beside a form duty", "If your service has more than 2 million daily active users, you must fill in our application form to obtain a commercial license.",
			fieldUserLimit, "2000000 daily_active_users", S, "2 million daily active users"},

		// A waived application grants commercial use; a waiver for one
		// use beside an approval for commerce does not.
		{"zh commercial use needs no application", "如果您计划将本模型用作商业用途，应当严格遵循本协议的全部条款，且无需向许可方申请。",
			fieldCommercialUse, Allowed, S, "无需向许可方申请"},
		{"zh commercial use needs no application: registration", "如果您计划将本模型用作商业用途，应当严格遵循本协议的全部条款，且无需向许可方申请。",
			fieldRegistration, "no", "", ""},
		{"zh waiver for research, approval for commerce", "您无需申请即可将本模型用于研究，但商业使用须取得许可方书面授权。",
			fieldCommercialUse, Conditional, S, "书面授权"},
		{"commercial use needs no application", "If you use the Model for commercial purposes, you must comply with this Agreement and need not apply to Acme for a separate license.",
			fieldCommercialUse, Allowed, S, "need not apply"},
		{"commercial use without permission is no waiver", "You may not use the Model commercially without the prior written permission of Acme.",
			fieldCommercialUse, Conditional, S, "written permission"},

		// A notice to accompany a copy, the notice word before the quote.
		{"zh accompanying notice", "若您将本模型分发于任何第三方，则您必须向该第三方提供本协议的副本，并随附提示——“Orca 模型以 Orca 协议发布，Copyright (c) Acme. 保留所有权利.”",
			fieldAttribution, "yes", S, "随附提示"},
		{"zh notice word without a text is no duty", "许可方可随时通过邮件向您发出提示。",
			fieldAttribution, "no", "", ""},

		// A license that does not cover commercial use, with the way to a
		// commercial license in the next sentence, even among definitions.
		{"not applicable to commercial use, contact next", "1. Definitions\nThe model is released free for developer learning and non-commercial use. For commercial use, this agreement is not applicable. You are advised to contact Acme for separate authorization.",
			fieldCommercialUse, Conditional, S, "contact"},
		{"not applicable to commercial use: registration", "1. Definitions\nThe model is released free for developer learning and non-commercial use. For commercial use, this agreement is not applicable. You are advised to contact Acme for separate authorization.",
			fieldRegistration, "yes", S, "contact"},
		{"not applicable to commercial use, no path", "This agreement does not apply to commercial use of the Model.",
			fieldCommercialUse, Prohibited, S, "does not apply to commercial"},
		{"does not apply is no application", "If you use the Model for commercial purposes, the limitation of liability in Section 6 does not apply.",
			fieldRegistration, "no", "", ""},
		{"zh not applicable to commercial use", "一、定义\n本协议项下的模型，是指为开发者学习和非商业用途之目的公开发布的免费模型。如需商业使用，不适用本协议，请另外联系 Acme 公司以获取授权。",
			fieldCommercialUse, Conditional, S, "联系"},

		// Ways to a commercial license in other words, and a prefix named
		// as such.
		{"nc grant, reach out for commercial", "1. You may use, modify and distribute the Model for non-commercial purposes only.\n2. For commercial licensing, please reach out to licensing@acme.example.",
			fieldCommercialUse, Conditional, S, "reach out"},
		{"research and evaluation, contact for production", "The Model is made available for research and evaluation purposes only. Contact us for production use.",
			fieldCommercialUse, Conditional, S, "contact"},
		{"non-production use is no production path", "You may run the Model in non-production environments only. Contact us with any questions.",
			fieldCommercialUse, Prohibited, S, "non-production"},
		{"zh research, contact for production", "本模型仅供学术研究使用。如需在生产环境中使用，请联系我们获取授权。",
			fieldCommercialUse, Conditional, S, "联系"},
		{"naming prefix named as such", `Any model fine-tuned from the Model must carry the prefix "Acme-" in its name when distributed.`,
			fieldNamingRule, "prefix Acme-", S, "prefix"},
		{"prefix of a file is no naming rule", `Files you add must carry the prefix "acme_" so they can be found.`,
			fieldNamingRule, "none", "", ""},

		{"share-alike under this same license", "Derivatives of the Model must be released under this same License, and you may not impose additional restrictions.",
			fieldShareAlike, "yes", S, "this same license"},
		{"a grant under this license is no share-alike", "The Model is released under this License, and you may license your Derivatives as you choose.",
			fieldShareAlike, "no", "", ""},

		// Other models' outputs are not the licensed model's.
		{"outputs of other models are no bar", "Outputs of other models may be used to fine-tune the Model, and you may not claim that such outputs were produced by Acme.",
			fieldOutput, "no", "", ""},
		{"zh outputs of other models are no bar", "其他模型的输出可用于微调本模型，但您不得训练与许可方竞争的模型时声称其由许可方提供。",
			fieldOutput, "no", "", ""},
		{"outputs of the model beside other models are a bar", "You may not use the outputs of the Model to train other models, whether or not those models use outputs of other models.",
			fieldOutputUse, OutputBan, S, "other models"},

		// Approval in writing and payment are ways to commercial use too:
		// a grant "for any purpose" does not outweigh them.
		{"any purpose, commercial use approved in writing", "Permission is granted to use the Model for any purpose, provided that commercial deployments are first approved by Acme in writing.",
			fieldCommercialUse, Conditional, S, "approved by acme in writing"},
		{"commercial use, purchase a license", "You may use the Model for commercial purposes, provided you purchase a commercial license from our website.",
			fieldCommercialUse, Conditional, S, "purchase a commercial license"},
		{"commercial use needs a paid subscription", "Commercial use of the Model requires a paid subscription.",
			fieldCommercialUse, Conditional, S, "paid subscription"},
		{"royalty-free is no payment", "Acme grants you a royalty-free license to use the Model for commercial purposes, and no fee is payable.",
			fieldCommercialUse, Allowed, S, "commercial purposes"},
		{"zh commercial use needs payment", "您可以将本模型用于商业用途，但须向许可方支付许可费用。",
			fieldCommercialUse, Conditional, S, "支付许可费用"},
		{"zh free commercial use is no payment", "您可以免费将本模型用于商业用途。",
			fieldCommercialUse, Allowed, S, "商业用途"},

		// Consent, notice, filing or accepting other terms before
		// commercial use.
		{"zh commercial use needs consent", "商用需经许可方同意。您可以免费使用本模型。",
			fieldCommercialUse, Conditional, S, "同意"},
		{"commercial use upon notice", "Commercial use is permitted upon notifying Acme of your intended use.",
			fieldCommercialUse, Conditional, S, "notifying"},
		{"zh commercial use upon notice", "您可以将本模型用于商业用途，但须事先告知许可方。",
			fieldCommercialUse, Conditional, S, "告知"},
		{"zh commercial use after filing", "本模型允许商业使用，商业使用前需完成备案。",
			fieldCommercialUse, Conditional, S, "备案"},
		{"commercial use after accepting commercial terms", "You may use the Model commercially after accepting the Acme Commercial Terms.",
			fieldCommercialUse, Conditional, S, "commercial terms"},
		{"not commercially without consent", "You may use, copy, modify and distribute the Model for any purpose, provided that you do not use it commercially without our consent.",
			fieldCommercialUse, Conditional, S, "without our consent"},
		{"notice of changes is no path", "Acme grants you a royalty-free license to use the Model for commercial purposes. Acme will notify you of changes to this License.",
			fieldCommercialUse, Allowed, S, "commercial purposes"},

		// Small caps count when a comparison stands by the number.
		{"small dau cap", "You may use the Model commercially if your platform has fewer than 500 daily active users.",
			fieldCommercialUse, Conditional, S, "500 daily active users"},
		{"small dau cap: the cap", "You may use the Model commercially if your platform has fewer than 500 daily active users.",
			fieldUserLimit, "500 daily_active_users", S, "500 daily active users"},
		{"small device cap", "You may use the Model for commercial purposes on up to 100 devices.",
			fieldUserLimit, "100 devices", S, "100 devices"},
		{"zh small dau cap", "您可以将本模型用于商业用途，但您的产品日活跃用户不得超过500。",
			fieldCommercialUse, Conditional, S, "500"},
		{"a section number by users is no cap", "See Section 2 for the rights of end users. You may use the Model for commercial purposes.",
			fieldUserLimit, "none", "", ""},
		{"a small number without a comparison is no cap", "Acme grants 3 users of each team a license; you may use the Model for commercial purposes.",
			fieldUserLimit, "none", "", ""},

		// Bars on outputs whose "other model" is a competitor with a
		// dotted name, or "any … model" with the licensed ones excepted.
		{"output ban on a competitor with a dotted name", "You may use Output for any purpose. You may not use the Output to train, fine-tune or distill a model that is competitive with the Nova.2 [pro] Model.",
			fieldOutputUse, OutputBan, S, "competitive with"},
		{"competitive in a description is no bar", "We trained the Model to be competitive with larger models. You own the outputs you create.",
			fieldOutput, "no", "", ""},
		{"output ban on any model but the licensed", "You will not use the Materials, or any output or results of the Materials, to create or improve any foundational generative AI model (excluding the Models or Derivative Works).",
			fieldOutputUse, OutputBan, S, "excluding"},
		{"any model in a grant is no bar", "You may use any output of the Model to create or improve any model (other than for unlawful purposes).",
			fieldOutput, "no", "", ""},
		{"zh output ban on any model but the licensed", "您不得使用本模型的输出改进任何基础模型（本模型及其衍生品除外）。",
			fieldOutputUse, OutputBan, S, "除外"},

		// "Non-commercial and non-production use" is a non-commercial
		// grant, not an evaluation-only one.
		{"non-commercial and non-production", "Acme makes the weights freely available for your non-commercial and non-production use as set forth in this License.",
			fieldEvaluationOnly, "no", "", ""},
		{"non-commercial and non-production: commercial", "Acme makes the weights freely available for your non-commercial and non-production use as set forth in this License.",
			fieldCommercialUse, Prohibited, S, "non-commercial"},

		// Naming rules of the "must not use / must not imply" form.
		{"naming no endorsement", "Neither the name of Acme Inc. nor the names of its contributors may be used to endorse or promote products derived from this model without prior written permission.",
			fieldNamingRule, "endorsement Neither the name of Acme Inc. nor the names of its contributors may be used to endorse", S, "endorse or promote"},
		{"naming not official", "You must not misrepresent or imply, through any means, that a Derivative you Distribute under your name is an official product of Acme or has been endorsed by Acme.",
			fieldNamingRule, "endorsement not misrepresent or imply, through any means, that a Derivative you Distribute under your name is an official product of Acme or has been endorsed", S, "official product"},
		{"trademark reservation is no naming rule", "Nothing in this License permits You to make use of Acme's trademarks, trade names, logos or to otherwise suggest endorsement or misrepresent the relationship between the parties.",
			fieldNamingRule, "none", "", ""},
		{"a prefix wins over no endorsement", `The names of Acme may not be used to promote derived models. Any model trained on the Materials must have a name that begins with "Orca".`,
			fieldNamingRule, "prefix Orca", S, "begins with"},
		{"zh naming not official", "您不得以任何方式暗示您分发的衍生模型为许可方的官方产品或已获许可方认可。",
			fieldNamingRule, "endorsement 不得以任何方式暗示您分发的衍生模型为许可方的官方产品或已获许可方认可", S, "官方产品"},
		{"zh naming no promotion", "未经事先书面许可，您不得使用许可方的名称或商标推广衍生模型。",
			fieldNamingRule, "endorsement 不得使用许可方的名称或商标推广", S, "推广"},

		// Share-alike: recipients of derivatives take their rights under
		// this license.
		{"share-alike by rights granted under this license", "You must make available a copy of this License to recipients of the Models and/or Derivatives you Distribute, and specify that any rights to use the Models and/or Derivatives shall be directly granted by Acme to said recipients pursuant to this License.",
			fieldShareAlike, "yes", S, "pursuant to this license"},
		{"own terms for derivatives are no share-alike", "You may license your Derivatives under terms of your choice; rights to use the Model itself are granted by Acme under this License.",
			fieldShareAlike, "no", "", ""},
		{"zh share-alike by rights granted under this license", "您须向接收者提供本协议副本，并说明其对本模型及衍生模型的使用权利由许可方直接依据本协议授予。",
			fieldShareAlike, "yes", S, "依据本协议授予"},
	}
	checkPatternRows(t, cases)
}

// patternRow is one row of the extractor's pattern tables: a text, the term
// it decides, the value (as termValue renders it), its certainty and a
// substring of the deciding clause ("" when no clause decides it).
type patternRow struct {
	name, text, field, want, certainty, quote string
}

func checkPatternRows(t *testing.T, rows []patternRow) {
	t.Helper()
	for _, c := range rows {
		t.Run(c.name, func(t *testing.T) {
			text := []byte(c.text)
			got := Extract(text)
			checkEvidence(t, c.name, text, got)
			if v := termValue(got, c.field); v != c.want {
				t.Errorf("%s = %q, want %q (evidence %q)", c.field, v, c.want, got.Evidence[c.field].Quote)
			}
			ev, ok := got.Evidence[c.field]
			if ev.Certainty != c.certainty {
				t.Errorf("%s certainty %q, want %q", c.field, ev.Certainty, c.certainty)
			}
			switch {
			case c.quote == "" && ok && ev.Quote != "":
				t.Errorf("%s decided by %q, want no clause", c.field, ev.Quote)
			case c.quote != "" && !strings.Contains(strings.ToLower(ev.Quote), strings.ToLower(c.quote)):
				t.Errorf("%s quote %q does not contain the deciding %q", c.field, ev.Quote, c.quote)
			}
		})
	}
}
