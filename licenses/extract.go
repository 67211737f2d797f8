package licenses

import (
	"strings"
)

// Extract derives Terms from a license text aibom has never seen, English or
// Chinese, by reading it clause by clause: the text is cut into clauses
// (numbered sections, list items, sentences and their ";" branches), each
// clause is given its roles (grant, prohibition, condition, exception, duty,
// definition, disclaimer) and its place (the heading it sits under, the
// lead-in of its list), and each term is derived from the clauses that
// govern it. Every term it sets carries evidence: Terms.Evidence[field] is
// the deciding clause (at most ~300 bytes) with byte offsets into text and
// a certainty (Stated, Inferred, Unresolved).
//
// The extractor is deliberately asymmetric. Calling a non-commercial license
// commercial-friendly is the one error it must not make: a clause that
// limits the grant to non-commercial, research or evaluation use wins over
// any grant, a cap or a path to a commercial license makes commercial use
// conditional, and "allowed" needs a grant with no restrictive signal left
// anywhere in the text.
func Extract(text []byte) Terms {
	n := normalize(text)
	x := &extraction{n: n, norm: string(n.norm)}
	x.cl = n.segment()
	x.sents = make([]span, len(x.cl))
	for i, c := range x.cl {
		x.sents[i] = c.s
	}
	x.texts = scanSentences(x.norm, x.sents)
	x.classify()
	x.run()
	return x.terms
}

// Evidence keys used by Extract (the Terms JSON field names).
const (
	fieldCommercialUse  = "commercial_use"
	fieldUserLimit      = "user_limit"
	fieldRevenueLimit   = "revenue_limit"
	fieldResearchOnly   = "research_only"
	fieldEvaluationOnly = "evaluation_only"
	fieldRegistration   = "registration_required"
	fieldAttribution    = "attribution_required"
	fieldAttribText     = "attribution_text"
	fieldNamingRule     = "naming_rule"
	fieldOutput         = "output_restriction"
	fieldOutputUse      = "output_use"
	fieldUseRestrict    = "use_restrictions"
	fieldUsePolicy      = "use_policy"
	fieldRedistribution = "redistribution"
	fieldShareAlike     = "share_alike"
	fieldTerritory      = "territory_excluded"
	fieldGoverningLaw   = "governing_law"
)

type extraction struct {
	n     *normText
	norm  string // n.norm, converted once so sentences are substrings
	cl    []clause
	sents []span // sents[i] is cl[i].s
	texts []text // texts[i]: clause i with the rule literals it contains
	// blanked[i] is texts[i] with the phrases that only look restrictive
	// blanked (reNotLimited), made when first asked for.
	blanked []*text
	terms   Terms
	caps    []capHit // the user and revenue caps found, in text order
}

// hit is one rule match: the clause and the match inside it.
type hit struct {
	sent, m span
	i       int // index of the clause
}

func (x *extraction) hitAt(i int, loc []int) hit {
	s := x.sents[i]
	return hit{s, span{s.a + loc[0], s.a + loc[1]}, i}
}

// blank returns clause i with "not limited to", "non-exclusive",
// 不可转让 and the like blanked out, so that they read as no negation.
func (x *extraction) blank(i int) text {
	if x.blanked == nil {
		x.blanked = make([]*text, len(x.texts))
	}
	if b := x.blanked[i]; b != nil {
		return *b
	}
	b := reNotLimited.blank(x.texts[i])
	x.blanked[i] = &b
	return b
}

// set records the deciding clause of a term, once, with its certainty.
func (x *extraction) set(field string, h hit, certainty string) {
	if x.terms.Evidence == nil {
		x.terms.Evidence = map[string]Clause{}
	}
	if _, ok := x.terms.Evidence[field]; ok {
		return
	}
	c := x.n.clause(h.sent, h.m)
	c.Certainty = certainty
	x.terms.Evidence[field] = c
}

// unresolved records that a term could not be decided: with the clause in
// doubt when there is one, else with no quote.
func (x *extraction) unresolved(field string, h *hit) {
	if h != nil {
		x.set(field, *h, Unresolved)
		return
	}
	if x.terms.Evidence == nil {
		x.terms.Evidence = map[string]Clause{}
	}
	if _, ok := x.terms.Evidence[field]; !ok {
		x.terms.Evidence[field] = Clause{Certainty: Unresolved}
	}
}

// find returns the first match of re in any clause for which keep (when
// non-nil) accepts the clause.
func (x *extraction) find(re *rule, keep func(i int, t text) bool) (hit, bool) {
	for i := range x.sents {
		t := x.texts[i]
		if keep != nil && !keep(i, t) {
			continue
		}
		loc := re.FindStringIndex(t)
		if loc == nil {
			continue
		}
		return x.hitAt(i, loc), true
	}
	return hit{}, false
}

func (x *extraction) run() {
	x.thresholds()
	x.commercial()
	x.attribution()
	x.outputs()
	x.useRestrictions()
	x.redistribution()
	x.shareAlike()
	x.territory()
	x.governingLaw()
	if x.terms.CommercialUse == "" || x.terms.CommercialUse == Unknown {
		x.terms.CommercialUse = Unknown
		x.unresolved(fieldCommercialUse, nil)
	}
	if x.terms.Redistribution == "" || x.terms.Redistribution == Unknown {
		x.terms.Redistribution = Unknown
		x.unresolved(fieldRedistribution, nil)
	}
}

// ---------------------------------------------------------------- commercial use

var (
	// Phrases that look restrictive but are not ("including but not
	// limited to"), blanked before negation tests.
	reNotLimited = newRule(`(but )?not limited to|without limitation|whether or not|not exclusive|non-exclusive|nonexclusive|not transferable|non-transferable|non-sublicensable|not sublicensable|not assignable|non-assignable` +
		`|不可转让|不得转让|不可再许可|不可转授权|不可分许可|不可撤销|可撤销|非排他|非独占`)

	// Clauses that mention non-commercial use only to say the grant is
	// broader; they are not prohibitions, and some are grants.
	reNegatedNC = newRule(`nothing in this (license|agreement|licence)[^.]{0,40}(prohibit|restrict|limit|prevent)s?[^.]{0,40}commercial` +
		`|(is|are|be) not (restricted|limited|confined) to non-?commercial` +
		`|not (be )?(restricted|prohibited|limited|prevented) from[^.]{0,30}commercial` +
		`|(both )?commercial (and|or|and/or) non-?commercial|non-?commercial (and|or|and/or) commercial` +
		`|commercial as well as non-?commercial|non-?commercial as well as commercial` +
		`|including (for )?commercial|commercial or otherwise|whether (or not )?(for )?commercial` +
		`|不(仅)?限于非商[业用]|商业(或|及|和|与)非商业|非商业(或|及|和|与)商业|不禁止[^。；]{0,10}商[业用]|包括商业`)

	// Clear prohibitions of commercial use.
	reProhibit = newRule(`non-?commercial[^.]{0,60}\b(only|solely|exclusively)\b` +
		`|\b(only|solely|exclusively|strictly)\b[^.]{0,100}non-?commercial` +
		`|\b(not|never|no|nor)\b(\W+\w+){0,14}?\W+(commercial(ly)?|commerce|monetary|revenue[- ]generating)\b` +
		`|commercial (use|uses|purposes?|exploitation|activit(y|ies)|application)[^.]{0,60}\b(is|are) (strictly |expressly )?(prohibited|forbidden|not (permitted|allowed|granted))` +
		`|(other than|except|excluding|without the right to)[^.]{0,30}commercial` +
		`|(prohibit|forbid)[a-z]*[^.]{0,60}commercial` +
		`|for non-?commercial (research )?(use|uses|purposes?) only` +
		`|(limited|restricted|confined) to [^.]{0,40}non-?commercial|licen[cs]ed (only |solely )?for [^.]{0,30}non-?commercial|(may|can|shall|is to) (only )?be used (only )?for [^.]{0,30}non-?commercial` +
		`|非商业|非商用|不得[^。；]{0,30}(商业|商用|盈利|营利)|禁止[^。；]{0,20}(商业|商用)|不(可|能|允许)[^。；]{0,10}(商业|商用)|未经[^。；]{0,30}(书面)?(授权|许可|同意)[^。；]{0,30}(商业|商用)`)

	// A grant whose own wording limits it to non-commercial use ("grants
	// you a limited, non-commercial license", "for any non-commercial
	// purpose", "您可以出于非商业用途使用").
	reNCGrant = newRule(`non-?commercial|noncommercial|非商业|非商用|非营利|非盈利`)

	// Research- and evaluation-only grants.
	reResearchOnly = newRule(`research[^.;]{0,40}\b(purposes?|use|uses) only|\b(other than|except for)\b[^.;]{0,20}\bnon-?commercial research (use|uses|purposes?)\b|research only|\b(only|solely|exclusively|strictly)\b[^.;]{0,120}\bresearch\b|for (non-?commercial )?research purposes and not for` +
		`|(仅|只)(限|供|能|可|用于|允许)?[^。；，]{0,12}(学术)?研究`)
	// A grant whose purpose is research, without "only": "grants you a
	// license … for Research Purposes", 授予您…用于学术研究的许可.
	reResearchGrant = newRule(`\bfor (the )?(purposes? of )?(your |internal )?((non-?commercial|academic|scientific|scholarly),? )*research( and (evaluation|education|teaching|benchmarking))?( purposes?| uses?| only)?\b` +
		`|用于(非商业的?)?(学术|科学)?研究(目的|用途)?`)
	reEvalOnly = newRule(`evaluation (purposes? |use )?only|\b(only|solely|exclusively|strictly)\b[^.;]{0,80}\b(evaluat\w*|testing)\b|non-?production|(仅|只)(限|供|能|可|用于)?[^。；，]{0,12}(评估|测试|评测)`)
	// Personal or educational use only: a non-commercial scope in other
	// words.
	rePersonalOnly = newRule(`\b(personal|educational|hobby|private|teaching)\b[^.;]{0,40}\b(purposes?|use|uses) only\b|\b(only|solely|exclusively|strictly)\b[^.;]{0,30}\b(personal|educational|hobby|private)\b[^.;]{0,20}\b(purposes?|use|uses)\b` +
		`|(仅|只)(限|供|能|可|用于)?[^。；，]{0,12}(个人|教育|教学)(学习|用途|使用|目的)`)
	// Lists of purposes that go beyond research (a "testing, research,
	// personal or evaluation" grant is not research-only).
	reOtherPurpose = newRule(`\b(testing|personal|educational|hobby|non-?commercial uses)\b`)

	// Weaker signals: mention of limited purposes. They block "allowed"
	// (the answer becomes unknown) without proving a prohibition.
	reWeakLimit = newRule(`non-?commercial|research purpose|for research|research use|academic|personal use|personal, non-?commercial|internal use only|non-?production|学术|研究目的|研究用途|用于研究|个人用途|非营利|非盈利`)

	// A request to cite the model's paper.
	reCiteRequest = newRule(`\bplease cite\b|\bcite (our|the|this)\b|\bcitation\b|请引用|引用(我们|本)`)

	// Explicit permission of commercial use.
	reAllowCommercial = newRule(`(may|can|are free to|is free to|permitted to|allowed to|right to|authorized to|license to)[^.]{0,80}commercial(ly)?\b` +
		`|commercial(ly)? (use|purposes?)[^.]{0,20}\b(is|are) (also )?(permitted|allowed|granted)` +
		`|commercially usable|for any purpose|any lawful purpose|commerciali[sz]e` +
		`|(use|copy|modify|distribute|reproduce)[^.]{0,80}\bsell\b|charge (any|a) (price|fee)` +
		`|host for third party remote access` +
		`|(可以?|允许|免费|能够?)[^。；，]{0,12}(商业|商用)|商业(用途|使用|目的)[^。；]{0,10}(允许|可以)|商业化|可商用`)

	// A broad grant that says nothing about commerce: allowed, inferred.
	reBroadGrant = newRule(`royalty[- ]free|no[- ]charge|free of charge|free to use|licen[cs]e to (use|reproduce|copy|do everything)|\bto use, (copy|reproduce)|(use|copy|reproduce), (copy|modify|distribute|reproduce)` +
		`|免版税|免费的|免费|许可[^。；]{0,20}(使用|复制)|(使用|复制|修改|分发)[^。；]{0,30}(许可|权利)`)

	// Commercial use subject to registration or the licensor's approval:
	// the path from a non-commercial grant to a commercial one.
	// Production use is commerce's usual companion ("research and
	// evaluation only; contact us for production use").
	reCommercialWord = newRule(`commercial|business licen|\bproduction (use|uses|purposes?|deployments?|environments?)\b|商业|商用|生产环境`)
	// reNCWord finds the words that say "commercial" without speaking of
	// commercial use: non-commercial, trade secrets, commercial losses.
	reNCWord   = newRule(`non-?commercial(ly)?|noncommercial(ly)?|non-?production (use|uses|purposes?|deployments?|environments?)|commercial(ly)? reasonable|commercial (damages?|loss(es)?)|商业秘密|商业损失|商业信誉|商业上合理|商业合理|非商业|非商用`)
	reApproval = newRule(`\bregist(er|ration|ered users?)\b|questionnaire|application form|\bapply\b|request (a |an |the )?(separate |commercial |business )?licen[cs]e|\brequests?\b[^.;]{0,20}\b(a copy of|access to)\b|obtain (a |an |the )?(separate |commercial |business |enterprise |additional |basic )?(commercial )?licen[cs]e|separate ((written|commercial|signed) )*(licen[cs]e|agreement)|(written|signed) (licen[cs]e )?agreement|commercial licen[cs]e agreement|requires? (a |an |the )?(separate |written |commercial |prior |express )*(licen[cs]e|agreement|permission|consent|approval|authori[sz]ation)|(prior |express )?written (authori[sz]ation|permission|consent|approval)|prior (authori[sz]ation|approval|consent)|agreed (upon )?in writing|\bapprov(ed|al)\b[^.;]{0,30}\bin writing\b|\b(first|prior|advance|express) (written )?approv\w*|\bfirst approved\b` +
		// Paying for commercial use is a separate license too.
		`|\b(purchase|buy|acquire|pay for) (a |an |the )?(separate |paid |commercial |enterprise )*(licen[cs]es?|subscriptions?|plans?)\b|\bpaid (licen[cs]e|subscription|plan|tier)\b|subject to (the )?payment|\bpay (a |the |any )?(fees?|royalt\w*|licen[cs]e fees?)\b` +
		// Consent, notice or acceptance of other terms first.
		`|\bwithout (our|the licensor'?s?|its|the|[a-z]+'s) (prior |express )?(written )?(consent|permission|approval|authori[sz]ation)\b|\bnotif(y|ying|ies|ication)\b|\b(accept\w*|agree\w* to|sign\w*) (the |a |an |our )?[^.;]{0,30}\bcommercial (terms|agreement|licen[cs]e)` +
		`|\b(enter\w* into|conclud\w*|execut\w*|have) (a |an )?(separate |written )?(commercial|business|enterprise) (agreement|contract|licen[cs]e)\b` +
		`|\bcontact\b|reach out|get in touch|write to (us|the licensor)|e-?mail` +
		// A commercial license on offer, or a page to see for one.
		`|\bcommercial licen[cs](es?|ing) (is |are )?(available|offered|can be (obtained|purchased|requested))\b|\b(visit|see|go to|refer to)\b[^.;]{0,30}(https?://|www\.)` +
		`|登记|注册|申请|审核|审批|批准|书面(授权|许可|同意)|授权|联系|邮件|邮箱|付费|支付[^。；]{0,8}费用?|购买|(经|取得|获得|征得)[^。；，]{0,10}(同意|许可|认可)|告知|通知|备案`)
	// A commercial grant that lasts for a time only (a trial, an
	// evaluation period, "for the first 30 days"): past it a license is
	// needed, so it is no unconditional grant. Only clauses that speak of
	// commercial use are read, so an agreement's own term ("in effect for
	// ten years") is not one.
	reTimeLimit = newRule(`\b(free |initial |introductory )?(trial|evaluation|testing) (period|term)\b` +
		`|\bfor (a|an|the|an initial|a limited) (period|term) of\b` +
		`|\b(during|for|within) (the first|an initial|the initial|a limited|a|the) [^.;]{0,20}\b(days?|weeks?|months?)\b` +
		`|\bfor (up to )?(\d+|one|two|three|six|seven|ten|fourteen|thirty|sixty|ninety) (days?|weeks?|months?)\b` +
		`|试用期|试用|评估期|体验期|([0-9]+|[一二三四五六七八九十百]+)\s*(个)?(日|天|周|月)(内|之内|期间|的试用)`)
	// "Any other use requires a separate agreement": a path out of a
	// research grant that never says "commercial".
	reOtherUsePath = newRule(`(any other|other|further) (use|uses|purposes?)[^.]{0,60}(requires?|need|subject to|contact)[^.]{0,40}(licen[cs]e|agreement|permission|authori[sz]ation|us)|其他(用途|使用|目的)[^。；]{0,30}(需|须|应)[^。；]{0,20}(授权|许可|协议|联系)`)
	// A path that is waived: commercial use "need not be applied for",
	// 无需向许可方申请. With no other approval left in the clause, it
	// grants commercial use in so many words. "Without permission" is not
	// one: "not … without permission" is the usual shape of a ban.
	reNoApproval = newRule(`(无需|无须|不需要?|不必|不用|免于)[^。；，]{0,12}(申请|登记|注册|审批|授权|许可|批准)` +
		`|\b(no|need not|do not need to|does not need to|not (be )?required to|without (the |any )?need to|without having to)\b[^.;]{0,30}\b(regist\w*|apply|application|approval|authori[sz]ation|separate licen[cs]e)\b[^.;]{0,20}\b(is |are )?(needed|required|necessary)?`)
	// A license that says it does not cover commercial use ("For
	// commercial use, this agreement is not applicable", 如需商业使用，不
	// 适用本协议) limits its grant to other uses, wherever it says so,
	// even among the definitions.
	reNotCovered = newRule(`\b(for|to) (any )?commercial (use|uses|purposes?)\b[^.;]{0,30}\b(this|the) (agreement|license|licence) (is not applicable|does not apply|shall not apply|is not valid)` +
		`|\b(this|the) (agreement|license|licence) (is not applicable|does not apply|shall not apply) to (any )?commercial\b` +
		`|(商业|商用)[^。；]{0,20}不适用(于)?本(协议|许可)|本(协议|许可)不适用于[^。；]{0,10}(商业|商用)`)
	// "Does not apply" speaks of scope, not of applying for a license.
	reNotApply     = newRule(`\b(does|do|shall|will|would|should) not apply\b|\bnot applicable\b`)
	reTrademarkReg = newRule(`registered trade|trademark registration|register of|申请注册商标|注册商标|域名注册`)
	// The branch above a cap named in the sentence before ("…fewer than
	// two million users; beyond that, contact us").
	reAboveThat      = newRule(`^(and )?(beyond|above|over|past|in excess of|exceeding) (that|this|it|them|such|the (cap|threshold|limit|number))\b|^(and )?(otherwise|if (it|that) is exceeded)\b|^(超过|超出|高于)(该|此|上述)`)
	reSubjectToTerms = newRule(`\bsubject to (the |these |this |its |all )?[^.;,]{0,40}\b(terms|restrictions|conditions|limitations|agreement|license|licence)\b`)
	reOnly           = newRule(`\b(only|solely|exclusively|strictly)\b`)
	reRegisterDuty   = newRule(`\byou (must|shall|are required to) regist(er|ration)|\bmust (first )?register\b|registration (is )?required|\b(complete|fill (in|out)|submit)\b[^.;]{0,20}\b(application|registration|request) form|须[^。；]{0,10}(登记|注册|申请)|需[^。；]{0,10}(登记|注册|申请)`)
)

// The keyword lists below gate each pass: a clause without any of them
// cannot hold the clause the pass looks for.
var commerceKeys = newKeys("commerc", "monetary", "revenue", "sell", "royalty", "charge", "purpose", "host", "research", "evaluat", "testing", "production", "personal", "academic", "internal use", "regist", "licen", "free", "grant", "other use", "商", "研究", "评", "测试", "学术", "个人", "登记", "注册", "申请", "授权", "许可", "免费", "免版税", "营利", "盈利")

var (
	attribKeys    = newKeys("notice", "credit", "cite", "link to", "attribut", "following", "display", "powered by", "built with", "creator", "statement", "copy of", "url", "prominent", "conspicuous", "显著", "声明", "出处", "来源", "标注", "注明", "显示", "标识", "提示")
	outputKeys    = newKeys("output", "result", "generat", "synthetic", "produced", "respons", "completion", "answer", "distill", "生成", "输出")
	useKeys       = newKeys("polic", "restrict", "attachment", "not", "prohibit", "使用", "不得", "禁止", "用于")
	redistKeys    = newKeys("distribut", "share", "copies", "分发", "传播", "副本")
	shareKeys     = newKeys("share", "copyleft", "same", "subject to", "under", "pursuant", "相同", "同一", "协议", "许可")
	territoryKeys = newKeys("domicil", "located", "resident", "place of business", "incorporated", "based in", "citizens", "territory", "does not apply", "not apply", "excluding", "地区", "区域", "境内", "境外")
	lawKeys       = newKeys("law", "法律", "法")
)

// commercialSignals are the clauses that decide commercial use, the first
// of each kind in text order.
type commercialSignals struct {
	scope    *hit // limits the grant to non-commercial, research or evaluation use
	path     *hit // offers commercial use through registration, an application, a separate license
	term     *hit // grants commercial use for a limited time only (a trial)
	explicit *hit // grants commercial use in so many words
	broad    *hit // grants use broadly and says nothing about commerce
	weak     *hit // mentions limited purposes without deciding anything
}

// commercialMention reports a clause that speaks of commercial use, not
// only of non-commercial use.
func commercialMention(t text) bool {
	return reCommercialWord.MatchString(reNCWord.blank(t))
}

func first(h **hit, v hit) {
	if *h == nil {
		*h = &v
	}
}

func (x *extraction) commercial() {
	var sig commercialSignals
	for i, c := range x.cl {
		t := x.texts[i]
		if c.head || x.is(i, roleDisclaimer) || !commerceKeys.in(t) && !x.forbids(i) {
			continue
		}
		blank := x.blank(i)
		if loc := reNegatedNC.FindStringIndex(t); loc != nil {
			// Checked before blanking: "not limited to non-commercial use"
			// is itself a negation of the limit.
			if reCommercialWord.MatchString(t) {
				first(&sig.explicit, x.hitAt(i, loc))
			}
			continue
		}
		if x.purposeOnly(i, blank, &sig) {
			continue
		}
		if loc := reNotCovered.FindStringIndex(blank); loc != nil {
			first(&sig.scope, x.hitAt(i, loc))
			// The way to a commercial license is often the next sentence
			// ("You are advised to contact vivo for separate
			// authorization").
			for j := i; j < len(x.cl) && j <= i+1 && x.cl[j].para == c.para; j++ {
				if a := reApproval.FindStringIndex(reNotApply.blank(x.blank(j))); a != nil && !reTrademarkReg.MatchString(x.blank(j)) {
					x.commercialPath(j, a, &sig)
					break
				}
			}
			continue
		}
		if h, ok := x.ncProhibition(i, blank); ok {
			if x.is(i, roleDefinition) {
				// "Research Purpose means … not intended for commercial
				// advantage" defines a term; it restricts nothing by itself
				// but still rules out an "allowed" answer.
				first(&sig.weak, h)
			} else {
				first(&sig.scope, h)
			}
			// A prohibition may still name the way to a commercial
			// license ("未经书面授权，不得商用").
			if loc := reApproval.FindStringIndex(reNotApply.blank(blank)); loc != nil && !x.is(i, roleDefinition) && !reTrademarkReg.MatchString(blank) {
				x.commercialPath(i, loc, &sig)
			}
			continue
		}
		if x.is(i, roleGrant) && !x.is(i, roleDefinition) {
			if loc := reNCGrant.FindStringIndex(blank); loc != nil {
				first(&sig.scope, x.hitAt(i, loc))
				if loc := reApproval.FindStringIndex(blank); loc != nil && commercialMention(blank) {
					x.commercialPath(i, loc, &sig)
				}
				continue
			}
		}
		if !x.is(i, roleDefinition) && !reTrademarkReg.MatchString(blank) {
			if commercialMention(blank) || x.continuesCommercial(i) || c.sec&secCommercial != 0 {
				if w := reNoApproval.FindStringIndex(blank); w != nil && !reApproval.MatchString(reNoApproval.blank(blank)) {
					first(&sig.explicit, x.hitAt(i, w))
					continue
				}
				if loc := reApproval.FindStringIndex(reNotApply.blank(blank)); loc != nil {
					x.commercialPath(i, loc, &sig)
					continue
				}
				if loc := reTimeLimit.FindStringIndex(blank); loc != nil {
					first(&sig.term, x.hitAt(i, loc))
					continue
				}
			}
			if loc := reOtherUsePath.FindStringIndex(blank); loc != nil {
				x.commercialPath(i, loc, &sig)
				continue
			}
			if loc := reRegisterDuty.FindStringIndex(blank); loc != nil && !x.terms.RegistrationRequired {
				x.terms.RegistrationRequired = true
				x.set(fieldRegistration, x.hitAt(i, loc), Stated)
			}
		}
		explicitHere := false
		if loc := reAllowCommercial.FindStringIndex(blank); loc != nil && !x.is(i, roleDefinition) && x.affirms(i, blank) {
			first(&sig.explicit, x.hitAt(i, loc))
			explicitHere = true
		}
		if x.is(i, roleGrant) && !x.is(i, roleDefinition) && x.affirms(i, blank) {
			if loc := reBroadGrant.FindStringIndex(blank); loc != nil {
				first(&sig.broad, x.hitAt(i, loc))
			}
		}
		// Purposes named beside an explicit commercial grant ("for
		// personal use, commercial use and research") or in a request to
		// cite ("for academic use, please cite …") limit nothing.
		if loc := reWeakLimit.FindStringIndex(blank); loc != nil && c.sec&secResearch == 0 && !explicitHere && !reCiteRequest.MatchString(blank) {
			first(&sig.weak, x.hitAt(i, loc))
		}
	}
	x.decideCommercial(sig)
	if x.terms.CommercialUse == Unknown && sig.weak == nil && len(x.norm) <= maxPointerBytes {
		x.pointer()
	}
}

// continuesCommercial reports a clause that goes on a sentence about
// commercial use after a semicolon ("individuals may use the Model
// commercially; companies must purchase a license"): what it requires
// applies to that commercial use.
func (x *extraction) continuesCommercial(i int) bool {
	if i == 0 || x.cl[i-1].para != x.cl[i].para {
		return false
	}
	prev := strings.TrimSpace(x.texts[i-1].s)
	return (strings.HasSuffix(prev, ";") || strings.HasSuffix(prev, "；")) && commercialMention(x.blank(i-1))
}

// maxPointerBytes bounds the texts read as pointers to another license:
// a pointer is a short file ("the weights are released under the Apache
// License 2.0"), not a license with a sentence about its code.
const maxPointerBytes = 3000

var (
	// rePointer finds a clause that says under which license the model is
	// released, and the name that follows.
	rePointer = newRule(`\b(licensed|released|distributed|made available|available|provided|governed|published|open[- ]sourced?)\b[^.]{0,40}\bunder\b\s+(the\s+)?(terms of (the\s+)?)?(?P<name>(?:[^.;,()\n]|\.\d){2,80})` +
		`|(遵循|采用|基于|依据|适用)\s*(?P<name>[a-z][^。；，、()]{1,60}?)\s*(协议|许可证|许可)`)
	// reCodeOnly marks a clause about the code, not the model.
	reCodeOnly = newRule(`\b(source )?code\b|\bsoftware\b(?:[^.]{0,20}\bonly)|代码`)
)

// pointer reads a short text that names the license the model is under,
// and takes commercial use from that license in the catalog, as inferred.
func (x *extraction) pointer() {
	cat := Builtin()
	for i := range x.cl {
		t := x.texts[i]
		if x.is(i, roleDisclaimer) || reCodeOnly.MatchString(t) {
			continue
		}
		m := rePointer.FindStringSubmatchIndex(t)
		if m == nil {
			continue
		}
		a, b := group(rePointer, m, "name")
		if a < 0 {
			continue
		}
		l, ok := lookupNamed(cat, x.origSub(x.sents[i].a+a, x.sents[i].a+b))
		if !ok || l.Terms.CommercialUse == "" || l.Terms.CommercialUse == Unknown {
			continue
		}
		x.terms.CommercialUse = l.Terms.CommercialUse
		delete(x.terms.Evidence, fieldCommercialUse)
		x.set(fieldCommercialUse, x.hitAt(i, m[:2]), Inferred)
		return
	}
}

// lookupNamed finds the catalog license a pointer names: the phrase as
// written, without "version" and "license" words, or its first words.
func lookupNamed(cat *Catalog, name string) (License, bool) {
	name = strings.Trim(strings.TrimSpace(name), `"'“”`)
	words := strings.Fields(strings.NewReplacer(",", " ", "Version", " ", "version", " ", "v.", " ").Replace(name))
	for n := min(len(words), 8); n >= 1; n-- {
		cand := strings.Join(words[:n], " ")
		for _, c := range []string{cand, strings.TrimSuffix(strings.TrimSuffix(cand, " License"), " license")} {
			if l, ok := cat.Lookup(c); ok && l.Kind == KindLicense && !cat.Umbrella(l.Key) {
				return l, true
			}
		}
	}
	return License{}, false
}

// affirms reports whether clause i grants rather than forbids: it is no
// item of a list whose lead-in forbids, and it either forbids nothing or
// opens with its grant ("You may use … only in accordance with this
// Agreement, and must not violate …" grants; "You may not use …" does not).
func (x *extraction) affirms(i int, t text) bool {
	if l := x.cl[i].lead; l >= 0 && x.forbids(l) {
		return false
	}
	if !x.is(i, roleProhibit) {
		return true
	}
	g := reRoleGrant.FindStringIndex(t)
	p := reRoleProhibit.FindStringIndex(t)
	return g != nil && p != nil && g[1] < p[0] && !strings.HasPrefix(t.s[g[1]:], " not")
}

// purposeOnly handles a clause that limits use to research or evaluation.
func (x *extraction) purposeOnly(i int, blank text, sig *commercialSignals) bool {
	limited := false
	loc := reResearchOnly.FindStringIndex(blank)
	// A grant "subject to the restrictions below" is no conditional
	// clause; "if you use the Model for research" is.
	conditional := x.is(i, roleCondition) && reRoleCondition.MatchString(reSubjectToTerms.blank(blank))
	if loc == nil && x.is(i, roleGrant) && x.affirms(i, blank) && !x.is(i, roleDefinition) && !conditional && !commercialMention(blank) {
		loc = reResearchGrant.FindStringIndex(blank)
	}
	if loc != nil {
		if m := blank.s[loc[0]:loc[1]]; !reOtherPurpose.MatchString(plain(m)) || strings.Contains(m, "non-commercial research") {
			h := x.hitAt(i, loc)
			if !x.terms.ResearchOnly {
				x.terms.ResearchOnly = true
				x.set(fieldResearchOnly, h, Stated)
			}
			first(&sig.scope, h)
			limited = true
		}
	}
	if loc := reEvalOnly.FindStringIndex(blank); loc != nil {
		// "Non-production" alone limits use to trials; "non-commercial and
		// non-production use" limits commerce, and its purposes (personal,
		// hobby, research …) go beyond evaluation: a scope, not
		// evaluation-only.
		nonProd := strings.Contains(blank.s, "non-production")
		ncNonProd := nonProd && reNCGrant.MatchString(blank) && !reOnly.MatchString(blank)
		if reOnly.MatchString(blank) || nonProd || strings.Contains(blank.s, "仅") || strings.Contains(blank.s, "只") {
			h := x.hitAt(i, loc)
			if !x.terms.EvaluationOnly && !ncNonProd {
				x.terms.EvaluationOnly = true
				x.set(fieldEvaluationOnly, h, Stated)
			}
			first(&sig.scope, h)
			limited = true
		}
	}
	if !limited && !commercialMention(blank) {
		if loc := rePersonalOnly.FindStringIndex(blank); loc != nil && !x.is(i, roleDefinition) {
			first(&sig.scope, x.hitAt(i, loc))
			limited = true
		}
	}
	if limited {
		// "solely for research; any commercial use needs a separate
		// license" in one clause.
		if commercialMention(blank) {
			if loc := reApproval.FindStringIndex(blank); loc != nil && !reTrademarkReg.MatchString(blank) {
				x.commercialPath(i, loc, sig)
			}
		}
	}
	return limited
}

// ncProhibition finds a clause that forbids commercial use, in its own
// words or as an item of a list whose lead-in forbids ("You will not: …
// use the Materials in connection with any commercial uses").
func (x *extraction) ncProhibition(i int, blank text) (hit, bool) {
	if loc := reProhibit.FindStringIndex(blank); loc != nil && reCommercialWord.MatchString(plain(blank.s[loc[0]:loc[1]])) {
		return x.hitAt(i, loc), true
	}
	if x.cl[i].lead >= 0 && x.forbids(x.cl[i].lead) && !x.is(i, roleException) {
		if loc := reCommercialUseWord.FindStringIndex(blank); loc != nil {
			return x.hitAt(i, loc), true
		}
	}
	return hit{}, false
}

var reCommercialUseWord = newRule(`\bcommercial(ly)? ((or|and|and/or) [a-z-]+ )?(use|uses|purposes?|activit(y|ies)|exploitation|gain|advantage|products?|services?)\b|\bcommercially\b|for[- ]profit|商业(用途|目的|使用|活动)|商用|营利|盈利`)

// commercialPath records a clause that offers commercial use through
// registration, an application or a separate license. It is not a path
// when it is the above-cap branch of a cap ("above 700 million monthly
// active users you must request a license"): that is the cap's condition,
// and registration is not required below it.
func (x *extraction) commercialPath(i int, loc []int, sig *commercialSignals) {
	t := x.texts[i]
	if x.aboveCapBranch(t) {
		return
	}
	// The cap may be the sentence before, the request this one ("… is
	// greater than 1 million monthly active users. Subject to written
	// approval, you may request a license …").
	if i > 0 && x.cl[i-1].para == x.cl[i].para && !x.hasCap(t) && x.hasCap(x.texts[i-1]) &&
		(x.aboveCapBranch(x.texts[i-1]) || reAboveThat.MatchString(t)) {
		return
	}
	h := x.hitAt(i, loc)
	first(&sig.path, h)
	if !x.terms.RegistrationRequired {
		x.terms.RegistrationRequired = true
		x.set(fieldRegistration, h, Stated)
	}
}

// capEndsGrant reports whether the cap in clause i bounds the grant:
// above it a license must be requested or the rights end (in the clause
// or the next one of its paragraph), or the clause grants commercial use
// below it. A cap that only triggers a duty ("above 100 million monthly
// active users, display the model's name") leaves the grant as it is.
func (x *extraction) capEndsGrant(i int) bool {
	t := x.texts[i]
	if reGrantStop.MatchString(t) {
		return true
	}
	if j := i + 1; j < len(x.cl) && x.cl[j].para == x.cl[i].para && reGrantStop.MatchString(x.texts[j]) {
		return true
	}
	return reBelowVerb.MatchString(t) && (commercialMention(t) || x.is(i, roleGrant))
}

// decideCommercial weighs the signals: a limit wins, then a cap or a path
// makes use conditional, then a grant allows.
func (x *extraction) decideCommercial(sig commercialSignals) {
	var capHit *hit
	for _, c := range x.caps {
		if x.capEndsGrant(c.h.i) {
			h := c.h
			capHit = &h
			break
		}
	}
	certain := Stated
	if sig.explicit != nil && sig.scope != nil {
		// A clause allows commercial use and another limits it: the
		// limit wins, and the text is in doubt.
		certain = Unresolved
	}
	switch {
	case sig.scope != nil && sig.path != nil:
		x.terms.CommercialUse = Conditional
		x.set(fieldCommercialUse, *sig.path, certain)
	case sig.scope != nil && capHit != nil && commercialMention(x.blank(capHit.i)):
		// A cap on a non-commercial grant opens commercial use only when
		// it speaks of it ("commercial use is free below 1 million monthly
		// active users"); a community template's "above 100 million
		// monthly active users, request a license" left in a
		// non-commercial license opens nothing below the cap.
		x.terms.CommercialUse = Conditional
		x.set(fieldCommercialUse, *capHit, certain)
	case sig.scope != nil:
		x.terms.CommercialUse = Prohibited
		x.set(fieldCommercialUse, *sig.scope, certain)
	case sig.scope != nil && sig.term != nil:
		x.terms.CommercialUse = Conditional
		x.set(fieldCommercialUse, *sig.term, certain)
	case capHit != nil:
		x.terms.CommercialUse = Conditional
		x.set(fieldCommercialUse, *capHit, Stated)
	case sig.term != nil:
		x.terms.CommercialUse = Conditional
		x.set(fieldCommercialUse, *sig.term, Stated)
	case sig.path != nil:
		x.terms.CommercialUse = Conditional
		x.set(fieldCommercialUse, *sig.path, Stated)
	case sig.explicit != nil && sig.weak == nil:
		x.terms.CommercialUse = Allowed
		x.set(fieldCommercialUse, *sig.explicit, Stated)
	case sig.broad != nil && sig.weak == nil:
		x.terms.CommercialUse = Allowed
		x.set(fieldCommercialUse, *sig.broad, Inferred)
	default:
		x.terms.CommercialUse = Unknown
		x.unresolved(fieldCommercialUse, sig.weak)
	}
}
