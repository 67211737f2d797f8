package licenses

import (
	"slices"
	"strings"
)

// Extract derives Terms from a license text aibom has never seen, English or
// Chinese, by reading it clause by clause. Every term it sets carries
// evidence: Terms.Evidence[field] is the sentence (or clause, at most ~300
// bytes) of text that supports it, with byte offsets into text.
//
// The extractor is deliberately asymmetric. Calling a non-commercial license
// commercial-friendly is the one error it must not make, so CommercialUse is
// "allowed" only on an explicit grant with no restrictive signal anywhere in
// the text; any unresolved mention of non-commercial, research-only,
// evaluation-only or personal use makes it "unknown", and a clear
// restriction wins over any grant.
func Extract(text []byte) Terms {
	n := normalize(text)
	x := &extraction{n: n, norm: string(n.norm), sents: n.sentences()}
	x.texts = scanSentences(x.norm, x.sents)
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
	sents []span
	texts []text // texts[i]: sentence i with the rule literals it contains
	terms Terms
	caps  []hit // where the user and revenue caps were found
}

// hit is one rule match: the sentence and the match inside it.
type hit struct {
	sent, m span
}

func (x *extraction) text(s span) string { return x.norm[s.a:s.b] }

func (x *extraction) set(field string, h hit) {
	if x.terms.Evidence == nil {
		x.terms.Evidence = map[string]Clause{}
	}
	if _, ok := x.terms.Evidence[field]; ok {
		return
	}
	x.terms.Evidence[field] = x.n.clause(h.sent, h.m)
}

// find returns the first match of re in any sentence for which keep (when
// non-nil) accepts the sentence text.
func (x *extraction) find(re *rule, keep func(text) bool) (hit, bool) {
	for i, s := range x.sents {
		t := x.texts[i]
		if keep != nil && !keep(t) {
			continue
		}
		loc := re.FindStringIndex(t)
		if loc == nil {
			continue
		}
		return hit{s, span{s.a + loc[0], s.a + loc[1]}}, true
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
	if x.terms.CommercialUse == "" {
		x.terms.CommercialUse = Unknown
	}
	if x.terms.Redistribution == "" {
		x.terms.Redistribution = Unknown
	}
}

// ---------------------------------------------------------------- thresholds

var (
	reUserUnit  = newRule(`(monthly|daily)(\s+active)?\s+users?|\b(mau|dau)s?\b|(每月|月均|月度?|每日|日均|日)(活跃用户|用户活跃量|活跃用户数|活跃|活)`)
	reRevenue   = newRule(`revenues?|turnover|\bsales\b|营业收入|营业额|营收|收入`)
	reAnnual    = newRule(`annual|annually|yearly|per year|a year|per annum|fiscal year|calendar year|12[- ]month|twelve[- ]month|年`)
	reMonthly   = newRule(`monthly|per month|a month|calendar month|每月|月`)
	reCapVerb   = newRule(`exceed|more than|greater than|in excess of|\bover\b|above|at least|surpass|reach|fewer than|less than|below|\bunder\b|up to|超过|大于|高于|达到|以上|不低于|逾|低于|少于|不超过|以下`)
	reGrantStop = newRule(`request a licen[cs]e|obtain (a |an )?(separate |commercial |enterprise |additional )?licen[cs]e|not (be )?(authorized|permitted|licensed)|licen[cs]es?[^.]{0,60}terminat|must contact|contact [a-z ]{0,30}(for|to obtain)|enterprise licen[cs]e|(separate|commercial|additional) (licen[cs]e|agreement)|no longer|申请|授权|许可|联系|另行|商业许可|终止|失效`)
)

// thresholds finds user-count and revenue caps.
func (x *extraction) thresholds() {
	for i, s := range x.sents {
		t := x.texts[i]
		if x.terms.UserLimit == nil {
			if u := reUserUnit.FindStringSubmatchIndex(t); u != nil {
				nums := findNumbers(t)
				if best, ok := nearest(nums, u[0], u[1], func(m numMatch) bool {
					return m.currency == "" && m.value >= 1000
				}); ok {
					unit := MonthlyActiveUsers
					w := t.s[u[0]:u[1]]
					if strings.HasPrefix(w, "daily") || strings.HasPrefix(w, "dau") || strings.HasPrefix(w, "每日") || strings.HasPrefix(w, "日") {
						unit = DailyActiveUsers
					}
					x.terms.UserLimit = &UserLimit{Count: best.value, Unit: unit}
					h := hit{s, span{s.a + min(best.a, u[0]), s.a + max(best.b, u[1])}}
					x.set(fieldUserLimit, h)
					x.caps = append(x.caps, h)
				}
			}
		}
		if x.terms.RevenueLimit == nil {
			if r := reRevenue.FindStringIndex(t); r != nil && !strings.Contains(t.s, "revenue share") {
				nums := findNumbers(t)
				if best, ok := nearest(nums, r[0], r[1], func(m numMatch) bool {
					return m.currency != "" && m.value >= 1000
				}); ok && (reCapVerb.MatchString(t) || reGrantStop.MatchString(t)) {
					x.terms.RevenueLimit = &RevenueLimit{Amount: best.value, Currency: best.currency, Period: period(t, r[0])}
					h := hit{s, span{s.a + min(best.a, r[0]), s.a + max(best.b, r[1])}}
					x.set(fieldRevenueLimit, h)
					x.caps = append(x.caps, h)
				}
			}
		}
	}
}

// nearest picks the accepted number closest to the keyword span [ka, kb).
func nearest(nums []numMatch, ka, kb int, accept func(numMatch) bool) (numMatch, bool) {
	best, bestD := numMatch{}, -1
	for _, m := range nums {
		if !accept(m) {
			continue
		}
		d := 0
		switch {
		case m.b <= ka:
			d = ka - m.b
		case m.a >= kb:
			d = m.a - kb
		}
		if d > 200 {
			continue
		}
		if bestD < 0 || d < bestD {
			best, bestD = m, d
		}
	}
	return best, bestD >= 0
}

// period returns annual or monthly from the period word nearest to pos.
func period(t text, pos int) string {
	best, bestD := "", -1
	for _, c := range []struct {
		re *rule
		p  string
	}{{reAnnual, "annual"}, {reMonthly, "monthly"}} {
		for _, m := range c.re.FindAllStringIndex(t, -1) {
			d := abs(m[0] - pos)
			if bestD < 0 || d < bestD {
				best, bestD = c.p, d
			}
		}
	}
	return best
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// ---------------------------------------------------------------- commercial use

var (
	// Phrases that look restrictive but are not ("including but not
	// limited to"), blanked before negation tests.
	reNotLimited = newRule(`(but )?not limited to|without limitation|whether or not|not exclusive|non-exclusive|nonexclusive|not transferable|non-transferable|non-sublicensable|not sublicensable`)

	// Sentences that mention non-commercial use only to say the grant is
	// broader; they are not prohibitions, and some are grants.
	reNegatedNC = newRule(`nothing in this (license|agreement|licence)[^.]{0,40}(prohibit|restrict|limit|prevent)s?[^.]{0,40}commercial` +
		`|(is|are|be) not (restricted|limited|confined) to non-?commercial` +
		`|not (be )?(restricted|prohibited|limited|prevented) from[^.]{0,30}commercial` +
		`|(both )?commercial (and|or|and/or) non-?commercial|non-?commercial (and|or|and/or) commercial` +
		`|commercial as well as non-?commercial|non-?commercial as well as commercial` +
		`|including (for )?commercial|commercial or otherwise|whether (or not )?(for )?commercial` +
		`|不(仅)?限于非商[业用]|商业(或|及|和|与)非商业|非商业(或|及|和|与)商业|不禁止[^。；]{0,10}商[业用]`)

	// Clear prohibitions of commercial use.
	reProhibit = newRule(`non-?commercial[^.]{0,60}\b(only|solely|exclusively)\b` +
		`|\b(only|solely|exclusively|strictly)\b[^.]{0,100}non-?commercial` +
		`|\b(not|never|no|nor)\b(\W+\w+){0,14}?\W+(commercial(ly)?|commerce|monetary|revenue[- ]generating)\b` +
		`|commercial (use|uses|purposes?|exploitation|activit(y|ies))[^.]{0,40}\b(is|are) (prohibited|forbidden|not (permitted|allowed|granted))` +
		`|(other than|except|excluding|without the right to)[^.]{0,30}commercial` +
		`|(prohibit|forbid)[a-z]*[^.]{0,60}commercial` +
		`|for non-?commercial (research )?(use|uses|purposes?) only` +
		`|非商业|非商用|不得[^。；]{0,30}(商业|商用|盈利|营利)|禁止[^。；]{0,20}(商业|商用)|不(可|能|允许)[^。；]{0,10}(商业|商用)|未经[^。；]{0,30}(书面)?(授权|许可|同意)[^。；]{0,30}(商业|商用)`)

	// Research- and evaluation-only grants.
	reResearchOnly = newRule(`research[^.;]{0,40}\b(purposes?|use) only|research only|\b(only|solely|exclusively|strictly)\b[^.;]{0,120}\bresearch\b|for (non-?commercial )?research purposes and not for` +
		`|(仅|只)(限|供|能|可|用于|允许)?[^。；，]{0,12}(学术)?研究`)
	reEvalOnly = newRule(`evaluation (purposes? |use )?only|\b(only|solely|exclusively|strictly)\b[^.;]{0,80}\b(evaluat\w*|testing)\b|non-?production|(仅|只)(限|供|能|可|用于)?[^。；，]{0,12}(评估|测试|评测)`)
	// Lists of purposes that go beyond research (a "testing, research,
	// personal or evaluation" grant is not research-only).
	reOtherPurpose = newRule(`\b(testing|personal|educational|hobby|non-?commercial uses)\b`)

	// Weaker signals: mention of limited purposes. They block "allowed"
	// (the answer becomes unknown) without proving a prohibition.
	reWeakLimit = newRule(`non-?commercial|research purpose|academic|personal use|personal, non-?commercial|internal use only|non-?production|学术|研究目的|个人用途`)

	// Explicit permission of commercial use.
	reAllowCommercial = newRule(`(may|can|are free to|is free to|permitted to|allowed to|right to|authorized to|license to)[^.]{0,80}commercial(ly)?\b` +
		`|commercial(ly)? (use|purposes?)[^.]{0,20}\b(is|are) (permitted|allowed|granted)` +
		`|commercially usable|for any purpose|any lawful purpose` +
		`|(use|copy|modify|distribute|reproduce)[^.]{0,80}\bsell\b` +
		`|royalty[- ]free[^.]{0,120}(licen[cs]e|right)|(licen[cs]e|right)[^.]{0,120}royalty[- ]free|no-charge` +
		`|host for third party remote access` +
		`|(可以?|允许|免费|能够?)[^。；，]{0,12}(商业|商用)|商业(用途|使用|目的)[^。；]{0,10}(允许|可以)`)

	// Commercial use subject to registration or the licensor's approval.
	reCommercialWord = newRule(`commercial|商业|商用`)
	reApproval       = newRule(`\bregist(er|ration|ered users?)\b|application form|apply for|request a licen[cs]e|obtain (a |an )?(separate |commercial |enterprise )?licen[cs]e|(prior |express )?written (authori[sz]ation|permission|consent|approval)|prior (authori[sz]ation|approval|consent)|登记|注册|申请|审核|审批|批准|书面(授权|许可|同意)|授权`)
	reTrademarkReg   = newRule(`registered trade|trademark registration|register of`)
)

// The keyword lists below gate each pass: a sentence without any of them
// cannot hold the clause the pass looks for.
var commerceKeys = newKeys("commerc", "monetary", "revenue", "sell", "royalty", "no-charge", "purpose", "host", "research", "evaluat", "testing", "production", "personal", "academic", "internal use", "regist", "licen", "商", "研究", "评", "测试", "学术", "个人", "登记", "注册", "申请", "授权")

var (
	attribKeys    = newKeys("notice", "credit", "attribution", "creator", "声明", "出处", "来源")
	outputKeys    = newKeys("output", "result", "generated", "synthetic", "生成", "输出")
	useKeys       = newKeys("polic", "restrict", "attachment", "not", "prohibit", "使用", "不得", "禁止")
	redistKeys    = newKeys("distribut", "share", "copies", "分发", "传播", "副本")
	shareKeys     = newKeys("share", "copyleft", "same", "subject to", "under", "相同", "同一", "协议", "许可")
	territoryKeys = newKeys("domicil", "located", "resident", "place of business", "incorporated", "based in", "citizens")
	lawKeys       = newKeys("law", "法律")
)

func (x *extraction) commercial() {
	var prohibit, allow, cond, weak *hit
	for i, s := range x.sents {
		t := x.texts[i]
		if !commerceKeys.in(t) {
			continue
		}
		blank := reNotLimited.blank(t)
		if loc := reNegatedNC.FindStringIndex(t); loc != nil {
			// Checked before blanking: "not limited to non-commercial use"
			// is itself a negation of the limit.
			if allow == nil && reCommercialWord.MatchString(t) {
				allow = &hit{s, span{s.a + loc[0], s.a + loc[1]}}
			}
			continue
		}
		limited := false
		if loc := reResearchOnly.FindStringIndex(blank); loc != nil {
			if !reOtherPurpose.MatchString(plain(blank.s[loc[0]:loc[1]])) || strings.Contains(blank.s[loc[0]:loc[1]], "non-commercial research") {
				h := hit{s, span{s.a + loc[0], s.a + loc[1]}}
				if !x.terms.ResearchOnly {
					x.terms.ResearchOnly = true
					x.set(fieldResearchOnly, h)
				}
				if prohibit == nil {
					prohibit = &h
				}
				limited = true
			}
		}
		if loc := reEvalOnly.FindStringIndex(blank); loc != nil {
			if reOnly.MatchString(blank) || strings.Contains(blank.s, "non-production") || strings.Contains(blank.s, "仅") || strings.Contains(blank.s, "只") {
				h := hit{s, span{s.a + loc[0], s.a + loc[1]}}
				if !x.terms.EvaluationOnly {
					x.terms.EvaluationOnly = true
					x.set(fieldEvaluationOnly, h)
				}
				if prohibit == nil {
					prohibit = &h
				}
				limited = true
			}
		}
		if limited {
			continue
		}
		if loc := reProhibit.FindStringIndex(blank); loc != nil && reCommercialWord.MatchString(plain(blank.s[loc[0]:loc[1]])) {
			if isDefinition(blank) {
				// "Research Purpose means ... not intended for commercial
				// advantage" defines a term; it restricts nothing by itself
				// but still rules out an "allowed" answer.
				if weak == nil {
					weak = &hit{s, span{s.a + loc[0], s.a + loc[1]}}
				}
				continue
			}
			if prohibit == nil {
				prohibit = &hit{s, span{s.a + loc[0], s.a + loc[1]}}
			}
			continue
		}
		if reCommercialWord.MatchString(blank) && !reTrademarkReg.MatchString(blank) {
			if loc := reApproval.FindStringIndex(blank); loc != nil {
				h := hit{s, span{s.a + loc[0], s.a + loc[1]}}
				if cond == nil {
					cond = &h
				}
				if !x.terms.RegistrationRequired && !reCapSentence(blank) {
					x.terms.RegistrationRequired = true
					x.set(fieldRegistration, h)
				}
				continue
			}
		}
		if !reTrademarkReg.MatchString(blank) && reRegisterDuty.MatchString(blank) && !x.terms.RegistrationRequired {
			loc := reRegisterDuty.FindStringIndex(blank)
			x.terms.RegistrationRequired = true
			x.set(fieldRegistration, hit{s, span{s.a + loc[0], s.a + loc[1]}})
		}
		if loc := reAllowCommercial.FindStringIndex(blank); loc != nil && allow == nil {
			allow = &hit{s, span{s.a + loc[0], s.a + loc[1]}}
		}
		if loc := reWeakLimit.FindStringIndex(blank); loc != nil && weak == nil {
			weak = &hit{s, span{s.a + loc[0], s.a + loc[1]}}
		}
	}
	// A cap that ends the grant makes commercial use conditional.
	if cond == nil {
		for _, h := range x.caps {
			if reGrantStop.MatchString(plain(x.text(h.sent))) {
				cond = &h
				break
			}
		}
	}
	switch {
	case prohibit != nil:
		x.terms.CommercialUse = Prohibited
		x.set(fieldCommercialUse, *prohibit)
	case cond != nil:
		x.terms.CommercialUse = Conditional
		x.set(fieldCommercialUse, *cond)
	case allow != nil && weak == nil:
		x.terms.CommercialUse = Allowed
		x.set(fieldCommercialUse, *allow)
	default:
		x.terms.CommercialUse = Unknown
	}
}

var (
	reOnly         = newRule(`\b(only|solely|exclusively|strictly)\b`)
	reRegisterDuty = newRule(`\byou (must|shall|are required to) regist(er|ration)|\bmust (first )?register\b|registration (is )?required|须[^。；]{0,10}(登记|注册)|需[^。；]{0,10}(登记|注册|申请)`)
)

// reCapSentence reports whether a sentence asks for a license only above a
// user or revenue cap (Llama's 700M MAU clause): that is a cap, not a
// registration duty.
func reCapSentence(t text) bool {
	return reUserUnit.MatchString(t) || (reRevenue.MatchString(t) && reCapVerb.MatchString(t))
}

// ---------------------------------------------------------------- attribution and naming

var (
	reDisplayText = newRule(`(display|include|state|show|mark|label|identify|attribute)\w*[^".;]{0,60}"([^"]{3,80})"`)
	reBuiltWith   = newRule(`"((?:built|made|created|developed|improved) (?:with|using|by) [^"]{2,60}|powered by [^"]{2,60}|[^"]{2,30} inside)"`)
	reNaming      = newRule(`"(?P<v>[^"]{2,40})" (at the (beginning|start) of|as (a|the) prefix)[^.]{0,40}name` +
		`|name[s]?[^.]{0,40}(begin|start|prefix)\w*\s+(with|by)\s+"(?P<v>[^"]{2,40})"` +
		`|名称[^。；]{0,20}(开头|前缀)[^。；"]{0,10}"(?P<v>[^"]{2,40})"|"(?P<v>[^"]{2,40})"[^。；]{0,10}(开头|前缀)`)
	reNotice = newRule(`(retain|include|keep|reproduce|preserve|provide|distribute)[^.]{0,80}(copyright|attribution|license|licence) notices?` +
		`|notices?[^.]{0,60}(shall|must) be (included|retained|reproduced)|"notice" (text )?file|attribution notice|give (appropriate )?credit|\bgive attribution|identification of the creator` +
		`|(保留|包含|注明|标明)[^。；]{0,30}(版权|许可|声明|出处|来源)|(版权|许可)声明[^。；]{0,30}包含`)
)

func (x *extraction) attribution() {
	for i, s := range x.sents {
		t := x.texts[i]
		if !strings.Contains(t.s, `"`) && !attribKeys.in(t) {
			continue
		}
		if x.terms.NamingRule == nil {
			if m := reNaming.FindStringSubmatchIndex(t); m != nil {
				if a, b := group(reNaming, m, "v"); a >= 0 {
					if q := x.origSub(s.a+a, s.a+b); q != "" {
						x.terms.NamingRule = Str(q)
						x.set(fieldNamingRule, hit{s, span{s.a + m[0], s.a + m[1]}})
					}
				}
			}
		}
		if x.terms.AttributionText == nil {
			if m := reBuiltWith.FindStringSubmatchIndex(t); m != nil {
				x.setAttribText(s, m[0], m[1], m[2], m[3])
			} else if m := reDisplayText.FindStringSubmatchIndex(t); m != nil && !reNaming.MatchString(t) && strings.Contains(t.s[m[0]:m[1]], "display") {
				x.setAttribText(s, m[0], m[1], m[4], m[5])
			}
		}
		if !x.terms.AttributionRequired && attribKeys.in(t) {
			if m := reNotice.FindStringIndex(t); m != nil {
				x.terms.AttributionRequired = true
				x.set(fieldAttribution, hit{s, span{s.a + m[0], s.a + m[1]}})
			}
		}
	}
	if x.terms.AttributionText != nil && !x.terms.AttributionRequired {
		x.terms.AttributionRequired = true
		x.terms.Evidence[fieldAttribution] = x.terms.Evidence[fieldAttribText]
	}
}

func (x *extraction) setAttribText(s span, a, b, ga, gb int) {
	q := x.origSub(s.a+ga, s.a+gb)
	if q == "" {
		return
	}
	x.terms.AttributionText = Str(q)
	x.set(fieldAttribText, hit{s, span{s.a + a, s.a + b}})
}

// origSub returns the original text behind norm[a:b], trimmed.
func (x *extraction) origSub(a, b int) string {
	if a >= b || b > len(x.n.norm) {
		return ""
	}
	return strings.TrimSpace(string(x.n.orig[x.n.start[a]:x.n.end[b-1]]))
}

// ---------------------------------------------------------------- outputs

var (
	reOutputWord = newRule(`\boutputs?\b|results of|generated (content|data|text)|synthetic data|生成[^。；]{0,4}(内容|结果|数据)|输出`)
	reTrainWord  = newRule(`\b(improve|train|develop|create|build|distill|fine[- ]?tune|enhance)\w*|改进|改善|训练|开发|提升|蒸馏`)
	reOtherModel = newRule(`(other|another|third[- ]party|competing|compet\w+)[^.]{0,60}(model|llm|ai|service|product)s?\b|compete|其他[^。；]{0,20}模型|竞争`)
	reNeg        = newRule(`\b(not|never|no|nor|prohibited|forbidden|may not|shall not|will not|must not|agree not)\b|不得|禁止|不可|不能|不允许`)

	// A definition (isDefinition) that makes a model built from the
	// licensed model's outputs (distillation, synthetic data, transferred
	// output patterns) a derivative, so the license follows it (Gemma
	// "Model Derivatives", OpenRAIL "Derivatives of the Model", Stability
	// "Derivative Works").
	reDerivTerm   = newRule(`\b(model derivatives?|derivatives?|derivative works?|modifications?)\b|衍生`)
	reDerivOutput = newRule(`synthetic data|distill\w*|\boutputs?\b|合成数据|蒸馏|输出`)
	reDerivBuild  = newRule(`\b(train\w*|creat\w*|initiali[sz]\w*|derived from|based on)\b[^.]{0,200}\bmodels?\b|\bmodels?\b[^.]{0,200}\b(train\w*|creat\w*|initiali[sz]\w*|derived from|based on)\b|训练[^。；]{0,40}模型|模型[^。；]{0,40}训练`)
	// A duty that attaches to a model trained on outputs: a name prefix or a
	// display text (Llama 3.1+: "If you use ... outputs ... to create, train
	// ... an AI model ... include "Llama" at the beginning of any such AI
	// model name"). A negated sentence is a bar, not a duty.
	reOutputNeg  = newRule(`\b(will|shall|may|must|can|do) not\b|\bcannot\b|不得|禁止`)
	reOutputDuty = newRule(`\b(shall|must|will|agree to)\b[^.]{0,160}\b(include|display|name|attribut\w*|label\w*|state)\b`)
)

// outputs sets OutputRestriction when a sentence bars using outputs to
// build other models, and classifies OutputUse: ban for such a sentence
// (conditional when the bar only covers purposes the license forbids
// anyway, "for any purpose which conflicts with the acceptable use
// policy"), else derivative for a definition that makes models trained on
// outputs derivatives, else conditional for a duty on models trained on
// outputs, else unknown — silence is not proof that outputs are free.
func (x *extraction) outputs() {
	x.terms.OutputUse = OutputUnknown
	if x.outputBan() {
		return
	}
	if h, ok := x.find(reDerivTerm, func(t text) bool {
		return outputKeys.in(t) && isDefinition(t) && reDerivOutput.MatchString(t) && reDerivBuild.MatchString(t)
	}); ok {
		x.terms.OutputUse = OutputDerivative
		x.set(fieldOutputUse, h)
		return
	}
	if h, ok := x.find(reOutputDuty, func(t text) bool {
		return outputKeys.in(t) && reOutputWord.MatchString(t) && reTrainWord.MatchString(t) && reDerivBuild.MatchString(t) && !reOutputNeg.MatchString(t)
	}); ok {
		x.terms.OutputUse = OutputConditional
		x.set(fieldOutputUse, h)
	}
}

// outputBan finds a sentence that bars using outputs to build other models.
func (x *extraction) outputBan() bool {
	for i, s := range x.sents {
		t := x.texts[i]
		if !outputKeys.in(t) {
			continue
		}
		o := reOutputWord.FindStringIndex(t)
		if o == nil || !reTrainWord.MatchString(t) || isDefinition(t) {
			continue
		}
		m := reOtherModel.FindStringIndex(t)
		if m == nil {
			continue
		}
		if !reNeg.MatchString(t) && !strings.Contains(t.s[m[0]:m[1]], "compet") && !strings.Contains(t.s[m[0]:m[1]], "竞争") {
			continue
		}
		x.terms.OutputRestriction = true
		h := hit{s, span{min(s.a+o[0], s.a+m[0]), max(s.a+o[1], s.a+m[1])}}
		x.set(fieldOutput, h)
		x.terms.OutputUse = OutputBan
		if rePurposeQualified.MatchString(t) {
			x.terms.OutputUse = OutputConditional
		}
		x.set(fieldOutputUse, h)
		return true
	}
	return false
}

// ---------------------------------------------------------------- use restrictions and policies

var (
	reUsePolicy = newRule(`acceptable use polic|prohibited use polic|use polic(y|ies)|usage polic|use[- ]based restrictions|use restrictions|attachment a|prohibited uses|you agree not to use|restrictions on use` +
		`|(not|never)\b[^.]{0,60}\buse\b[^.]{0,200}\b(military|weapon|nuclear|illegal|unlawful|harm|discriminat|surveillance|disinformation|exploit|malware)` +
		`|\b(military|weapons?|nuclear|malware|surveillance|disinformation)\b[^.]{0,80}\b(not|prohibited|forbidden)\b` +
		`|使用政策|可接受使用|不得[^。；]{0,60}(军事|非法|违法|危害|侵犯)|禁止[^。；]{0,40}(军事|非法|违法)`)

	// policyKeys maps a use-policy URL (or distinctive name) to the catalog
	// key of the policy text in ../shared/corpus/licenses. URLs are matched
	// on folded text, so Markdown escapes (`llama3\_3`) are already gone.
	policyKeys = []struct{ needle, key string }{
		{"llama.com/llama3_1/use-policy", "llama3.1-aup"},
		{"llama.meta.com/llama3_1/use-policy", "llama3.1-aup"},
		{"llama3_2/use-policy", "llama3.2-aup"},
		{"llama3_3/use-policy", "llama3.3-aup"},
		{"llama4/use-policy", "llama4-aup"},
		{"llama.meta.com/llama3/use-policy", "llama3-aup"},
		{"ai.meta.com/llama/use-policy", "llama2-aup"},
		{"ai.google.dev/gemma/prohibited_use_policy", "gemma-prohibited-use-policy"},
		{"gemma prohibited use policy", "gemma-prohibited-use-policy"},
		{"falcon-2-acceptable-use-policy", "falcon2-tii-aup"},
		{"falconllm.tii.ae/falcon-acceptable-use-policy", "falcon3-aup"},
	}
	rePolicyContext = newRule(`polic|incorporat|adhere|comply|subject to|available at`)
)

// PolicyKeyForURL returns the catalog key of the use policy published at (or
// named by) ref, or "" when aibom does not know it.
func PolicyKeyForURL(ref string) string {
	l := strings.ToLower(strings.ReplaceAll(ref, `\_`, "_"))
	for _, p := range policyKeys {
		if strings.Contains(l, p.needle) {
			return p.key
		}
	}
	return ""
}

func (x *extraction) useRestrictions() {
	for i, s := range x.sents {
		t := x.texts[i]
		if !useKeys.in(t) {
			continue
		}
		if !x.terms.UseRestrictions {
			if m := reUsePolicy.FindStringIndex(t); m != nil {
				x.terms.UseRestrictions = true
				x.set(fieldUseRestrict, hit{s, span{s.a + m[0], s.a + m[1]}})
			}
		}
		if x.terms.UsePolicy == nil && rePolicyContext.MatchString(t) {
			for _, p := range policyKeys {
				if k := strings.Index(t.s, p.needle); k >= 0 {
					x.terms.UsePolicy = Str(p.key)
					x.set(fieldUsePolicy, hit{s, span{s.a + k, s.a + k + len(p.needle)}})
					break
				}
			}
		}
	}
}

// ---------------------------------------------------------------- redistribution and share-alike

var (
	reNoRedistribute = newRule(`(may|shall|must|will) not[^.]{0,40}\b(re)?distribut|(re)?distribution[^.]{0,30}\b(is|are) (not permitted|prohibited|forbidden)|no right to (re)?distribut|不得[^。；]{0,20}(分发|传播|再分发)`)
	reRedistribute   = newRule(`\b(re)?distribut\w*|分发|传播`)
	reRedistCond     = newRule(`(if|when|where) you[^.]{0,40}((re)?distribut|share)[^.]{0,200}(must|shall)|you may share[^.]{0,200}(under|provided|subject)|(re)?distribut\w*[^.]{0,200}(provided that|must|shall)[^.]{0,120}(copy of|notice|this (license|agreement)|attribution|use restrictions)|(分发|传播)[^。]{0,80}(应|须|必须)` +
		`|notices?[^.]{0,80}included in all copies|(声明|许可)[^。]{0,40}包含在[^。]{0,20}副本`)
	reShareAlike = newRule(`sharealike|share[- ]alike|copyleft` +
		`|under the same (license|licence)` +
		`|(derivative|adaptation|modification|modified|derivatives)[^.]{0,120}(remain subject to|be (licensed|distributed|released|governed) (under|by)|under the terms of) (this|the same) (license|licence|agreement)` +
		`|(以|采用|使用|按照|遵循)(相同|同一)[^。；]{0,6}(许可|协议)|(衍生|修改)[^。；]{0,40}(应|须|必须)[^。；]{0,10}(以|采用|遵循)?(本|相同)(许可|协议)(发布|分发|授权)`)
)

func (x *extraction) redistribution() {
	var cond, allow hit
	haveCond, haveAllow := false, false
	for i, s := range x.sents {
		raw := x.texts[i]
		if !redistKeys.in(raw) {
			continue
		}
		t := reNotLimited.blank(raw)
		if isDefinition(t) {
			continue
		}
		if m := reNoRedistribute.FindStringIndex(t); m != nil && !strings.Contains(t.s, "unless") && !strings.Contains(t.s, "except") && !rePurposeQualified.MatchString(t) {
			x.terms.Redistribution = Prohibited
			x.set(fieldRedistribution, hit{s, span{s.a + m[0], s.a + m[1]}})
			return
		}
		if m := reRedistCond.FindStringIndex(t); m != nil && !haveCond {
			cond, haveCond = hit{s, span{s.a + m[0], s.a + m[1]}}, true
		}
		if m := reRedistribute.FindStringIndex(t); m != nil && !haveAllow && !reNeg.MatchString(t) {
			allow, haveAllow = hit{s, span{s.a + m[0], s.a + m[1]}}, true
		}
	}
	switch {
	case haveCond:
		x.terms.Redistribution = Conditional
		x.set(fieldRedistribution, cond)
	case haveAllow && x.terms.AttributionRequired:
		// A grant to distribute plus a notice duty is a condition.
		x.terms.Redistribution = Conditional
		x.set(fieldRedistribution, allow)
	case haveAllow:
		x.terms.Redistribution = Allowed
		x.set(fieldRedistribution, allow)
	}
}

var (
	// reDefinition marks a sentence that defines a term; a definition that
	// mentions outputs, distribution or commercial advantage states no duty.
	reDefinition = newRule(`^[^,;]{0,100}\b(means|shall mean|refers to|is defined as)\b|^[^，；。]{0,60}(是指|系指)`)
	// rePurposeQualified marks a prohibition that only covers some purposes
	// ("shall not distribute ... for any military purpose").
	rePurposeQualified = newRule(`purpose|violat|unlawful|illegal|military|in any way|manner that|用于|目的`)
)

func isDefinition(t text) bool { return reDefinition.MatchString(t) }

func (x *extraction) shareAlike() {
	if h, ok := x.find(reShareAlike, func(t text) bool {
		if !shareKeys.in(t) {
			return false
		}
		// "provide a copy of this Agreement" is a notice duty, not share-alike.
		return !strings.Contains(t.s, "use restrictions") && !strings.Contains(t.s, "paragraph 5")
	}); ok {
		x.terms.ShareAlike = true
		x.set(fieldShareAlike, h)
	}
}

// ---------------------------------------------------------------- territory and law

// regionAlt lists the region names regionCodes knows, longest first.
const regionAlt = `people's republic of china|european economic area|russian federation|mainland china|united kingdom|european union|united states|north korea|switzerland|hong kong|taiwan|canada|russia|china|syria|macau|korea|japan|india|cuba|iran|u\.s|prc|usa|eea|uk|eu`

var (
	// reTerritory finds a grant withheld from people or companies in a
	// named region ("not granted to ... domiciled in ... the European Union").
	reTerritory = newRule(`(not (be |being )?(granted|available|licensed|permitted)|do(es)? not apply|not extend|excluded|prohibited|may not)[^.]{0,160}(domiciled in|located in|resident(s)? (in|of)|principal place of business (is )?in|incorporated in|based in|citizens of)[\s,]+(the\s+)?(?P<reg>` + regionAlt + `)\b` +
		`|(domiciled in|located in|resident(s)? (in|of)|principal place of business (is )?in|based in)[\s,]+(the\s+)?(?P<reg>` + regionAlt + `)\b[^.]{0,120}(not (be |being )?(granted|available|licensed|permitted)|do(es)? not apply|excluded)`)
	regionCodes = []struct{ name, code string }{
		{"european union", "EU"}, {"eu", "EU"}, {"european economic area", "EEA"}, {"eea", "EEA"},
		{"people's republic of china", "CN"}, {"mainland china", "CN"}, {"china", "CN"}, {"prc", "CN"},
		{"united states", "US"}, {"usa", "US"}, {"u.s", "US"}, {"united kingdom", "GB"}, {"uk", "GB"},
		{"russia", "RU"}, {"russian federation", "RU"}, {"iran", "IR"}, {"north korea", "KP"}, {"cuba", "CU"},
		{"syria", "SY"}, {"hong kong", "HK"}, {"macau", "MO"}, {"taiwan", "TW"}, {"india", "IN"},
		{"japan", "JP"}, {"korea", "KR"}, {"canada", "CA"}, {"switzerland", "CH"},
	}
)

func regionCode(s string) string {
	s = strings.TrimSpace(s)
	for _, r := range regionCodes {
		if s == r.name || strings.HasPrefix(s, r.name+" ") || strings.HasPrefix(s, r.name+",") || strings.HasPrefix(s, r.name+".") {
			return r.code
		}
	}
	return ""
}

func (x *extraction) territory() {
	seen := map[string]bool{}
	for i, s := range x.sents {
		t := x.texts[i]
		if !territoryKeys.in(t) {
			continue
		}
		for _, m := range reTerritory.FindAllStringSubmatchIndex(t, -1) {
			if a, b := group(reTerritory, m, "reg"); a >= 0 {
				if c := regionCode(t.s[a:b]); c != "" && !seen[c] {
					seen[c] = true
					x.terms.TerritoryExcluded = append(x.terms.TerritoryExcluded, c)
					x.set(fieldTerritory, hit{s, span{s.a + m[0], s.a + m[1]}})
				}
			}
		}
	}
	slices.Sort(x.terms.TerritoryExcluded)
}

var (
	reLaw = newRule(`(governed|construed|interpreted|subject to)[^.]{0,60}\blaws? of\s+(the\s+)?(?P<jur>[^.,;()]{2,80})` +
		`|(governed|construed|interpreted)[^.]{0,40}\bunder\s+(the\s+)?(?P<jur>[a-z.' ]{2,40}) laws?\b` +
		`|(适用|受|依据|遵守)[^。；]{0,10}(中华人民共和国|中国|新加坡|香港|美国)[^。；]{0,12}法律`)
	lawCodes = []struct{ needle, code string }{
		{"people's republic of china", "CN"}, {"中华人民共和国", "CN"}, {"中国", "CN"}, {"prc", "CN"}, {"china", "CN"},
		{"state of california", "US-CA"}, {"california", "US-CA"}, {"state of delaware", "US-DE"}, {"delaware", "US-DE"},
		{"state of new york", "US-NY"}, {"new york", "US-NY"}, {"state of washington", "US-WA"},
		{"france", "FR"}, {"french", "FR"}, {"england and wales", "GB"}, {"england", "GB"}, {"united kingdom", "GB"},
		{"singapore", "SG"}, {"新加坡", "SG"}, {"hong kong", "HK"}, {"香港", "HK"}, {"germany", "DE"}, {"ireland", "IE"},
		{"japan", "JP"}, {"switzerland", "CH"}, {"united arab emirates", "AE"}, {"abu dhabi", "AE"},
		{"united states", "US"}, {"美国", "US"},
	}
)

// governingLaw records the governing law as an ISO 3166 code ("CN",
// "US-CA") where the jurisdiction is recognised, else the jurisdiction
// string as written.
func (x *extraction) governingLaw() {
	for i, s := range x.sents {
		t := x.texts[i]
		if !lawKeys.in(t) {
			continue
		}
		m := reLaw.FindStringSubmatchIndex(t)
		if m == nil {
			continue
		}
		j := t.s[m[0]:m[1]]
		ja, jb := group(reLaw, m, "jur")
		if ja >= 0 {
			j = t.s[ja:jb]
		}
		if strings.Contains(j, "your") || strings.Contains(j, "you live") {
			continue // "the laws of your country": not a fixed jurisdiction
		}
		law := ""
		for _, c := range lawCodes {
			if strings.Contains(j, c.needle) {
				law = c.code
				break
			}
		}
		if law == "" {
			if ja < 0 {
				continue
			}
			law = x.origSub(s.a+ja, s.a+jb)
		}
		x.terms.GoverningLaw = Str(law)
		x.set(fieldGoverningLaw, hit{s, span{s.a + m[0], s.a + m[1]}})
		return
	}
}

// group returns the span of the first participating subexpression called
// name in the submatch indexes m of re, or -1, -1.
func group(re *rule, m []int, name string) (int, int) {
	for i, n := range re.re.SubexpNames() {
		if n == name && 2*i+1 < len(m) && m[2*i] >= 0 {
			return m[2*i], m[2*i+1]
		}
	}
	return -1, -1
}
