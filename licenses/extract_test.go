package licenses

import (
	"slices"
	"strings"
	"testing"
)

// The cases below are our own sentences in the shapes real model licenses
// use (Llama/Qwen MAU gates, Stability revenue caps, ChatGLM/Baichuan
// registration, RAIL use restrictions); none of them is a catalog text.
func TestExtractClauses(t *testing.T) {
	type want struct {
		commercial     string // "" = do not check
		notAllowed     bool   // commercial_use must not be "allowed"
		users          *UserLimit
		revenue        *RevenueLimit
		research, eval bool
		registration   bool
		attribText     string
		naming         string
		output         bool
		useRestr       bool
		usePolicy      string
		redistribution string
		shareAlike     bool
		territory      []string
		law            string
	}
	cases := []struct {
		name, text string
		want       want
	}{
		// Commercial use: grants, negations, prohibitions.
		{"explicit grant", "You may use the Model for commercial purposes.", want{commercial: Allowed}},
		{"nothing prohibits", "Nothing in this License prohibits commercial use of the Model.", want{commercial: Allowed}},
		{"not limited to nc", "This license is not limited to non-commercial use; you may deploy the model in products.", want{commercial: Allowed}},
		{"commercial and nc", "You may use the Model for commercial and non-commercial purposes.", want{commercial: Allowed}},
		{"mit-like sell", "Permission is granted to use, copy, modify, and sell copies of the Software.", want{commercial: Allowed}},
		{"without the right", "The Software is provided to you without the right to use it commercially.", want{commercial: Prohibited}},
		{"solely nc research", "You may use the Model solely for non-commercial research purposes.", want{commercial: Prohibited, research: true}},
		{"is prohibited", "Commercial use of the Model is prohibited.", want{commercial: Prohibited}},
		{"shall not", "Licensee shall not use the Model or any Derivative for any commercial purpose.", want{commercial: Prohibited}},
		{"research only, other uses by agreement", "For research purposes only. Any other use requires a separate agreement.", want{commercial: Conditional, research: true}},
		{"evaluation only", "This model is licensed for evaluation purposes only and may not be put into production.", want{commercial: Prohibited, eval: true}},
		{"non-production", "You may run the Model in non-production environments only.", want{commercial: Prohibited, eval: true}},
		{"nc defined then granted", `"Permitted Purpose" means non-commercial academic research. You may use the Model royalty-free for the Permitted Purpose.`, want{notAllowed: true}},
		{"personal use grant", "We grant you a royalty-free license for personal use of the weights.", want{commercial: Unknown}},
		{"nc only, allowed elsewhere", "You may use the Model for commercial purposes. Redistribution of the weights is for non-commercial purposes only.", want{commercial: Prohibited}},
		{"no information", "The Model is provided as is, without warranty of any kind.", want{commercial: Unknown, redistribution: Unknown}},
		{"markdown nc", "## Terms\n\n* **Non-Commercial** use *only*.\n* Contact us for other uses.", want{commercial: Prohibited}},

		// Caps and approval.
		{"mau words", "Commercial use is permitted unless your products exceed seven hundred million monthly active users, in which case you must request a license from the Licensor.",
			want{commercial: Conditional, users: &UserLimit{700_000_000, MonthlyActiveUsers}}},
		{"dau digits", "If your service has more than 100,000,000 daily active users, you shall obtain a separate license from us.",
			want{commercial: Conditional, users: &UserLimit{100_000_000, DailyActiveUsers}}},
		{"mau billion", "Products with over 1 billion MAU are not authorized under this Agreement.",
			want{commercial: Conditional, users: &UserLimit{1_000_000_000, MonthlyActiveUsers}}},
		{"mau suffix", "Companies above 700M monthly active users need an enterprise license.",
			want{commercial: Conditional, users: &UserLimit{700_000_000, MonthlyActiveUsers}}},
		{"annual revenue usd", "Entities whose annual revenue exceeds US$1,000,000 must obtain an enterprise license from us.",
			want{commercial: Conditional, revenue: &RevenueLimit{1_000_000, "USD", "annual"}}},
		{"revenue eur per year", "If you or your affiliates earn more than €5 million in gross revenue per year, the licenses granted here terminate.",
			want{commercial: Conditional, revenue: &RevenueLimit{5_000_000, "EUR", "annual"}}},
		{"monthly revenue words", "Products with more than twenty million US dollars in monthly revenue must show the model name and need a separate agreement.",
			want{revenue: &RevenueLimit{20_000_000, "USD", "monthly"}, notAllowed: true}},
		{"written authorization", "Commercial use requires prior written authorization from the Licensor.", want{commercial: Conditional, registration: true}},
		{"register", "To use the Model commercially you must register at https://example.com/register.", want{commercial: Conditional, registration: true}},
		{"trademark is not registration", "Orca is a registered trademark of Example Corp.", want{commercial: Unknown}},

		// Attribution, naming, outputs, policies.
		{"display text", `You must prominently display "Powered by Orca" in your product documentation.`, want{attribText: "Powered by Orca"}},
		{"built with", `Include the notice “Built with Nova” on a related website or about page.`, want{attribText: "Built with Nova"}},
		{"naming prefix", `Any model fine-tuned from the Materials must include "Orca" at the beginning of its name.`, want{naming: "Orca"}},
		{"naming begin", `Derivative model names must begin with "Nova-".`, want{naming: "Nova-"}},
		{"output other llm", "You will not use outputs of the Model to train or improve any other large language model.", want{output: true}},
		{"output compete", "Customer shall not use the output to develop models that compete with the Provider.", want{output: true}},
		{"output owned", "You own the outputs you generate and may use them for any purpose.", want{output: false, commercial: Allowed}},
		{"output definition", `"Derivative" means any model created by transferring the weights or output of the Model to another model.`, want{output: false}},
		{"aup url", "Your use must comply with the Acceptable Use Policy at https://www.llama.com/llama3\\_1/use-policy, which is incorporated by reference.", want{useRestr: true, usePolicy: "llama3.1-aup"}},
		{"rail restrictions", "You agree not to use the Model or its Derivatives for military purposes or to generate disinformation.", want{useRestr: true}},

		// Distribution, share-alike, territory, law.
		{"no distribution", "You may not distribute the Model or any Derivative.", want{redistribution: Prohibited}},
		{"conditional distribution", "If you redistribute the Model, you must include a copy of this License.", want{redistribution: Conditional}},
		{"purpose-limited no distribution", "You shall not copy or distribute the Model for any unlawful purpose. You may distribute copies of the Model.", want{redistribution: Allowed}},
		{"share alike", "Any adaptation you distribute must be released under the same license.", want{shareAlike: true}},
		{"eu exclusion", "The rights granted herein are not granted to companies with a principal place of business in the European Union.", want{territory: []string{"EU"}}},
		{"export control is not a territory", "You must comply with all applicable export control laws.", want{territory: nil}},
		{"law new york", "This Agreement is governed by the laws of the State of New York, without regard to conflict of laws.", want{law: "US-NY"}},
		{"law unknown place", "This Agreement shall be governed by the laws of Ruritania.", want{law: "Ruritania"}},
		{"law of your country", "If you acquired the Model in Europe, the laws of your country apply.", want{law: ""}},

		// Chinese.
		{"zh research only", "本模型仅限学术研究使用，不得用于商业用途。", want{commercial: Prohibited, research: true}},
		{"zh mau 1yi", "如您的产品或服务月活跃用户超过1亿，须向许可方申请授权。", want{commercial: Conditional, users: &UserLimit{100_000_000, MonthlyActiveUsers}}},
		{"zh dau wan", "若日活跃用户数超过1,000万，您应另行取得商业许可。", want{commercial: Conditional, users: &UserLimit{10_000_000, DailyActiveUsers}}},
		{"zh mau numeral", "当您的服务的月活跃用户达到一亿时，本协议授予的权利自动终止。", want{users: &UserLimit{100_000_000, MonthlyActiveUsers}, notAllowed: true}},
		{"zh dau baichuan-like", "如您计划将本模型用于商业目的，请确认您的日均用户活跃量（DAU）低于100万，并通过邮件提交申请材料。",
			want{commercial: Conditional, users: &UserLimit{1_000_000, DailyActiveUsers}}},
		{"zh commercial allowed", "您可以免费将本模型用于商业用途。", want{commercial: Allowed}},
		{"zh not limited to nc", "本许可不限于非商业用途，您亦可将其用于商业产品。", want{commercial: Allowed}},
		{"zh registration", "如需商业使用，请填写登记表完成登记。", want{commercial: Conditional, registration: true}},
		{"zh without authorization", "未经书面授权，不得将本模型用于商业目的。", want{commercial: Conditional, registration: true}},
		{"zh non-commercial", "本模型的权重仅供非商业用途。", want{commercial: Prohibited}},
		{"zh revenue", "年收入超过人民币5000万元的企业，须申请商业授权。", want{commercial: Conditional, revenue: &RevenueLimit{50_000_000, "CNY", "annual"}}},
		{"zh output", "您不得使用本模型的输出结果训练其他大语言模型。", want{output: true}},
		{"zh law", "本协议适用中华人民共和国法律。", want{law: "CN"}},
		{"zh restrictions", "您不得将本模型用于任何军事或非法目的。", want{useRestr: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := []byte(c.text)
			got := Extract(text)
			checkEvidence(t, c.name, text, got)
			w := c.want
			if w.commercial != "" && got.CommercialUse != w.commercial {
				t.Errorf("commercial_use = %s, want %s (evidence %q)", got.CommercialUse, w.commercial, got.Evidence[fieldCommercialUse].Quote)
			}
			if w.notAllowed && got.CommercialUse == Allowed {
				t.Errorf("commercial_use = allowed, must not be")
			}
			if !equalPtr(got.UserLimit, w.users) {
				t.Errorf("user_limit = %+v, want %+v", got.UserLimit, w.users)
			}
			if !equalPtr(got.RevenueLimit, w.revenue) {
				t.Errorf("revenue_limit = %+v, want %+v", got.RevenueLimit, w.revenue)
			}
			if got.ResearchOnly != w.research || got.EvaluationOnly != w.eval {
				t.Errorf("research_only, evaluation_only = %v, %v, want %v, %v", got.ResearchOnly, got.EvaluationOnly, w.research, w.eval)
			}
			if w.registration && !got.RegistrationRequired {
				t.Errorf("registration_required = false, want true")
			}
			if deref(got.AttributionText) != w.attribText && w.attribText != "" {
				t.Errorf("attribution_text = %q, want %q", deref(got.AttributionText), w.attribText)
			}
			if w.attribText != "" && !got.AttributionRequired {
				t.Errorf("attribution_required = false with a display duty")
			}
			if deref(got.NamingRule) != w.naming {
				t.Errorf("naming_rule = %q, want %q", deref(got.NamingRule), w.naming)
			}
			if got.OutputRestriction != w.output {
				t.Errorf("output_restriction = %v, want %v", got.OutputRestriction, w.output)
			}
			if w.useRestr && !got.UseRestrictions {
				t.Errorf("use_restrictions = false, want true")
			}
			if deref(got.UsePolicy) != w.usePolicy {
				t.Errorf("use_policy = %q, want %q", deref(got.UsePolicy), w.usePolicy)
			}
			if w.redistribution != "" && got.Redistribution != w.redistribution {
				t.Errorf("redistribution = %s, want %s", got.Redistribution, w.redistribution)
			}
			if got.ShareAlike != w.shareAlike {
				t.Errorf("share_alike = %v, want %v", got.ShareAlike, w.shareAlike)
			}
			if !slices.Equal(got.TerritoryExcluded, w.territory) {
				t.Errorf("territory_excluded = %v, want %v", got.TerritoryExcluded, w.territory)
			}
			if deref(got.GoverningLaw) != w.law {
				t.Errorf("governing_law = %q, want %q", deref(got.GoverningLaw), w.law)
			}
		})
	}
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func TestFindNumbers(t *testing.T) {
	cases := []struct {
		in       string
		value    int64
		currency string
	}{
		{"seven hundred million", 700_000_000, ""},
		{"one hundred million", 100_000_000, ""},
		{"two hundred fifty thousand", 250_000, ""},
		{"a million", 1_000_000, ""},
		{"100,000,000", 100_000_000, ""},
		{"1 billion", 1_000_000_000, ""},
		{"1.5 billion", 1_500_000_000, ""},
		{"700m", 700_000_000, ""},
		{"us$1,000,000", 1_000_000, "USD"},
		{"$10 million", 10_000_000, "USD"},
		{"20 million us dollars", 20_000_000, "USD"},
		{"€5 million", 5_000_000, "EUR"},
		{"1亿", 100_000_000, ""},
		{"1,000万", 10_000_000, ""},
		{"一亿", 100_000_000, ""},
		{"一千万", 10_000_000, ""},
		{"三千", 3_000, ""},
		{"人民币5000万元", 50_000_000, "CNY"},
		{"100万美元", 1_000_000, "USD"},
	}
	for _, c := range cases {
		nums := findNumbers(plain(c.in))
		found := false
		for _, n := range nums {
			if n.value == c.value && n.currency == c.currency && n.a == 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("findNumbers(%q) = %+v, want %d %s", c.in, nums, c.value, c.currency)
		}
	}
}

// TestExtractOffsetsMapBack checks that evidence offsets point into the
// original bytes even when normalization folded markup, CRLF line ends,
// smart quotes and indentation.
func TestExtractOffsetsMapBack(t *testing.T) {
	text := "# LICENSE\r\n\r\n  1. **Grant.** You may use the Model\r\n     solely for *non-commercial*\r\n     research purposes.\r\n\r\n> Display “Built with Orca” on your site.\r\n"
	got := Extract([]byte(text))
	checkEvidence(t, "markdown", []byte(text), got)
	if got.CommercialUse != Prohibited || !got.ResearchOnly {
		t.Fatalf("commercial_use %s research_only %v", got.CommercialUse, got.ResearchOnly)
	}
	q := got.Evidence[fieldCommercialUse].Quote
	if !strings.Contains(q, "non-commercial") || !strings.Contains(q, "\r\n") {
		t.Errorf("evidence %q should be the original multi-line text", q)
	}
	if deref(got.AttributionText) != "Built with Orca" {
		t.Errorf("attribution_text %q", deref(got.AttributionText))
	}
}

// TestExtractLongSentenceQuote checks that a quote from a very long sentence
// is trimmed to the clause around the match and stays within the cap.
func TestExtractLongSentenceQuote(t *testing.T) {
	filler := strings.Repeat("and the Licensee further agrees to keep records of each copy, ", 12)
	text := "Subject to these terms, " + filler + "you may use the Model solely for non-commercial purposes, " + filler + "as set out above."
	got := Extract([]byte(text))
	checkEvidence(t, "long", []byte(text), got)
	q := got.Evidence[fieldCommercialUse].Quote
	if got.CommercialUse != Prohibited || !strings.Contains(q, "non-commercial") || len(q) > maxQuoteBytes {
		t.Errorf("commercial_use %s quote (%d bytes) %q", got.CommercialUse, len(q), q)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"You may use the Model solely for non-commercial research purposes.",
		"more than 700 million monthly active users, you must request a license",
		"本模型仅限学术研究使用，月活跃用户超过1亿须申请授权。",
		"## **Terms**\n\n* “Built with X” — display it.\r\n<br>governed by the laws of the State of California",
		"\xff\xfe\x00 <a href=x> [link](http://a) \\_ ＂１０万＂",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		got := Extract(text)
		for field, c := range got.Evidence {
			if c.Start < 0 || c.End > len(text) || c.Start > c.End {
				t.Fatalf("%s: offsets [%d,%d) outside %d bytes", field, c.Start, c.End, len(text))
			}
			if string(text[c.Start:c.End]) != c.Quote {
				t.Fatalf("%s: quote %q != input[%d:%d]", field, c.Quote, c.Start, c.End)
			}
		}
		switch got.CommercialUse {
		case Allowed, Conditional, Prohibited, Unknown:
		default:
			t.Fatalf("commercial_use %q", got.CommercialUse)
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	text := []byte(strings.Repeat("You may use the Model solely for non-commercial research purposes; if you exceed 700 million monthly active users you must request a license. ", 200))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text)
	}
}

// BenchmarkExtractCorpus runs the extractor over every corpus license text
// concatenated (read in place from ../shared/corpus/licenses), the shape
// Identify sees when a file bundles a license and its use policy.
func BenchmarkExtractCorpus(b *testing.B) {
	texts := corpusTexts(b)
	var in []byte
	for _, k := range sortedKeys(texts) {
		in = append(in, texts[k]...)
		in = append(in, "\n\n"...)
	}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Extract(in)
	}
}
