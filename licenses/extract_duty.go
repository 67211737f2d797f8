package licenses

import (
	"strings"
	"unicode/utf8"
)

// Duties and limits other than commercial use: attribution and naming,
// outputs, use restrictions, redistribution and share-alike. Each is read
// from the clauses that state it, never from a stray word: a definition,
// a disclaimer or a heading decides nothing.

// ---------------------------------------------------------------- attribution and naming

var (
	reDisplayText = newRule(`(display|include|state|show|mark|label|identify|attribute)\w*[^".;]{0,60}"([^"]{3,80})"`)
	reBuiltWith   = newRule(`"((?:built|made|created|developed|improved|powered) (?:with|using|by) [^"]{2,60}|[^"]{2,40} inside)"`)
	reDisplayZh   = newRule(`(标注|注明|标明|显示)[^。；]{0,40}"([^"]{2,60})"`)
	// A notice word right before the words to carry ('a notice that
	// reads: "…"', 'the copyright notice "Copyright 2024 …"', 保留如下版权
	// 声明："…"): in a duty clause, those words are the attribution. The
	// quoted words start with a letter or digit and the Chinese notice
	// word is followed by a colon or led by 如下, so a defined term in
	// quotes ('（以下统称为"标识"），… "许可方"') is not read as one.
	reQuotedNotice = newRule(`\b(notice|attribution|statement|credit|legend)s?\b[^".;]{0,30}"(?P<v>[\pL\pN][^"]{3,119})"` +
		`|(声明|字样|标识|提示)\s*[:：]\s*"(?P<v>[^"]{4,120})"|(如下|以下)[^。；"]{0,6}(声明|字样|标识|提示)[^。；"]{0,3}"(?P<v>[\pL\pN][^"]{3,119})"`)

	// Naming rules: a prefix ("Llama-…"), a name that must contain the
	// model's ("MiniCPM-…"), names that must be kept, and a derivative
	// that must be marked as built on the model.
	reNaming = newRule(`"(?P<v>[^"]{2,40})" (at the (beginning|start) of|as (a|the) prefix)[^.]{0,40}name` +
		`|name[s]?[^.]{0,80}(begin|start|prefix)\w*\s+(with|by)\s+"(?P<v>[^"]{2,40})"` +
		`|\bprefix\s+"(?P<v>[^"]{2,40})"[^.]{0,30}\bnames?\b|\bnames?\b[^.]{0,40}\bprefix\s+(of\s+)?"(?P<v>[^"]{2,40})"|\bprefix\w*\b[^.]{0,40}\bnames?\b[^."]{0,40}\bwith\s+"(?P<v>[^"]{2,40})"` +
		`|名称[^。；]{0,20}(开头|前缀)[^。；"]{0,10}"(?P<v>[^"]{2,40})"|"(?P<v>[^"]{2,40})"[^。；]{0,10}(开头|前缀)`)
	reNamingContains = newRule(`(include|contain|bear|carry|use)s? "(?P<v>[^"]{2,40})" (in|within|as part of) (its|their|the|his|her) (model )?names?` +
		`|names?[^.]{0,40}(must|shall)[^.]{0,10}(include|contain)[^.]{0,10}"(?P<v>[^"]{2,40})"` +
		`|名称[^。；]{0,20}(包含|含有|带有|注明|标明|体现)[^。；]{0,6}"(?P<v>[^"]{2,40})"`)
	// A name the derivative's name may not use ('must not use the name
	// "X" in the name of any derivative', 名称中不得包含"X"): it is
	// checked before the "contains" rule, whose words it shares.
	reNamingAvoid = newRule(`\b(not|never)\b[^.;]{0,20}\b(use|include|contain|bear|incorporate)\w*\b[^.;"]{0,20}"(?P<v>[^"]{2,40})"[^.;]{0,30}\b(in|as part of|within) (the|its|their|any)[^.;]{0,20}\bnames?\b` +
		`|\bnames?\b[^.;]{0,60}\b(must|shall|may|will) not (include|contain|use|bear|incorporate)\w*[^.;"]{0,10}"(?P<v>[^"]{2,40})"` +
		`|名称[^。；]{0,20}(不得|禁止|不能|不可|不应)[^。；]{0,4}(包含|含有|带有|使用)[^。；"]{0,6}"(?P<v>[^"]{2,40})"` +
		`|(不得|禁止|不能|不可)[^。；]{0,20}名称[^。；]{0,10}(使用|包含|含有)[^。；"]{0,6}"(?P<v>[^"]{2,40})"`)
	// The licensor's names may not promote a derivative, nor may it pass
	// as official or endorsed (BSD's "neither the name of … may be used to
	// endorse or promote", "you must not misrepresent or imply … is an
	// official product … or has been endorsed"). A reservation of
	// trademarks ("nothing … permits you to … suggest endorsement") states
	// no rule for the derivative's name and is left alone.
	// The clause is one sentence already, so a dot inside it is an
	// abbreviation ("Apple Inc.", "FLUX.1") and does not stop a match.
	reNamingEndorse = newRule(`\bnames?\b[^;]{0,120}\b(may|shall|must|will|can) not be used to (endorse|promote)` +
		`|\b(may|shall|must|will|can) not use\b[^.;]{0,60}\bnames?\b[^.;]{0,100}\bto (endorse|promote)\b` +
		`|\bneither\b[^;]{0,40}\bnames?\b[^;]{0,150}\bmay be used to (endorse|promote)` +
		`|\b(not|never)\b[^.;]{0,10}\b(misrepresent|imply|represent|suggest|claim|state)\w*[^;]{0,200}\b(official products?|endorsed|sponsored)\b` +
		`|不得[^。；]{0,30}(暗示|声称|表示|宣称|表明)[^。；]{0,80}(官方|认可|背书|赞助)` +
		`|不得[^。；]{0,10}(使用|利用)[^。；]{0,40}(名称|名字|商标)[^。；]{0,20}(推广|背书|宣传|认可)`)
	reNamingKeep = newRule(`(retain|keep|preserve)\w*[^.;]{0,40}\b(model|original|relevant)( model)? names?\b|保留[^。；]{0,20}(模型)?名称`)
	// The relation may be the thing to state ("the relationship between
	// the Model Derivatives and the Licensed Model should be indicated",
	// 表明模型衍生品与许可模型的关系).
	reNamingMark = newRule(`(mark|label|indicate|identif|state|disclos)\w*[^.;]{0,80}(derivative|modified|fine-?tuned)[^.;]{0,100}(is |are |was |were )?(based on|built on|derived from|developed from)` +
		`|(derivative|modified|fine-?tuned)[^.;]{0,80}(marked|labell?ed|identified|indicated|disclosed|stated)[^.;]{0,60}(based on|built on|derived from)` +
		`|\brelationship between (the |a |an |any |your )?(model )?(derivatives?|modified|fine-?tuned)[^.;]{0,60}\b(indicated|stated|disclosed|identified|shown)\b` +
		`|(标注|标明|注明|说明|表明)[^。；]{0,40}(衍生品?|衍生模型)[^。；]{0,30}(系|是|为)?基于|(衍生品?|衍生模型)[^。；]{0,60}(标注|标明|注明)[^。；]{0,30}基于` +
		`|(标注|标明|注明|说明|表明)[^。；]{0,10}(衍生品?|衍生模型)与[^。；]{0,12}模型(之间)?的关系`)

	// A duty to pass on a notice text: a quoted notice, "this permission
	// notice", a NOTICE file, the creator's identification. Keeping the
	// notices already in the files ("retain all copyright, patent,
	// trademark, and attribution notices") is not one: it adds no text.
	reNotice = newRule(`(the following|this|the above|such|a|the) (attribution |copyright |permission |license |licence )?(notice|statement)s?[^.]{0,80}(shall|must|should|will|are to) be (included|retained|reproduced|displayed|distributed|provided)` +
		`|(include|reproduce|display|provide|distribute|contain|retain|accompan)\w*[^.]{0,100}(the following|this|the above) (attribution |copyright |permission |license |licence )?(notice|statement|text|legend|wording)` +
		`|copyright (notice|statement)[^.]{0,40}\b(and|as well as)\b[^.]{0,10}this (permission|license|licence) (notice|statement)` +
		`|"notice" (text )?file|\bnotice (text )?file|\bfile (named|called|titled) "?notice\b|identification of the creator|give (appropriate )?credit|\bgive attribution` +
		`|(版权声明|许可声明|本声明)[^。；]{0,40}(包含|保留|附)|(包含|保留|附上|附带)[^。；]{0,30}(本许可声明|许可声明|版权声明和|notice)` +
		`|(保留|包含|附上|附带|标注|注明)[^。；]{0,10}"[^"]{4,120}"[^。；]{0,6}(的)?(声明|字样|标识|说明)` +
		// The source and a link to the license, given wherever the model
		// is used (CC BY's "identify the creator … link to the license").
		`|(附上|注明|标明|提供|说明)[^。；]{0,20}来源[^。；]{0,20}(链接|网址)|\b(source|origin|creator)\b[^.;]{0,40}\b(and|with) (a )?(link|url|hyperlink) to (this|the) (license|licence|agreement)\b` +
		// 随附提示——"…": the notice word comes before the quoted text.
		`|(随附|附上|附带|附有|并附)[^。；"]{0,8}(提示|声明|通知|说明|字样)[^。；"]{0,6}"[^"]{4,}`)
	// Credit given to the licensor in so many words ("credit Acme as the
	// creator", "attribute the Model to Acme", "give the authors
	// credit"); read in duty clauses only.
	reCreditDuty = newRule(`\bcredit\w*\b[^.;]{0,40}\bas (the )?(creator|author|source|developer|originator|provider)s?\b|\bgive\b[^.;]{0,40}\bcredit\b|\battribute\b[^.;]{0,60}\bto\b|\backnowledge\b[^.;]{0,30}\bas (the )?(creator|author|source)\b`)
	// A phrase to display, unquoted ("must display the phrase Powered by
	// Acme"); read in duty clauses only.
	reDisplayDuty = newRule(`\b(display|show|feature)\w*\b[^.;]{0,40}\b(the (phrase|words|wording|text|label|badge|legend)\b|(powered|built|made|created|developed) (by|with|using)\b)` +
		// Naming the model where users see it: "prominently identify
		// "Acme" in the interface", 以显著方式标识"…". A notice of one's
		// own modifications ("prominent notices stating that You changed
		// the files", 以显著的方式说明您所修改的内容) is not one.
		`|\b(conspicuous|prominent)(ly)?\b[^.;"]{0,20}\b(identify|display|mark|label|name)\b[^.;]{0,10}"[^"]{2,40}"` +
		`|显著(的)?(方式|位置)[^。；"]{0,20}(标识|标注|标明|注明|显示|展示)[^。；"]{0,4}"[^"]{2,40}"`)
	// In a section about notices, a duty to hand on the terms or their URL
	// is the attribution ("Notices: anyone who gets a copy … also gets a
	// copy of these terms or the URL for them").
	reImperativeCredit = newRule(`^(you (must|shall) )?(cite|credit|acknowledge|attribute)\b`)
	reNoticeSection    = newRule(`copy of (these terms|this (license|licence|agreement))|\burl\b|本(许可|协议)[^。；]{0,6}副本`)
)

func (x *extraction) attribution() {
	for i, c := range x.cl {
		t := x.texts[i]
		if c.head || x.is(i, roleDefinition) || x.is(i, roleDisclaimer) {
			continue
		}
		quoted := strings.Contains(t.s, `"`)
		if quoted || strings.Contains(t.s, "name") || strings.Contains(t.s, "名称") || strings.Contains(t.s, "基于") || strings.Contains(t.s, "based on") || strings.Contains(t.s, "relationship") || strings.Contains(t.s, "derived from") || strings.Contains(t.s, "关系") ||
			strings.Contains(t.s, "endorse") || strings.Contains(t.s, "official") || strings.Contains(t.s, "官方") || strings.Contains(t.s, "认可") || strings.Contains(t.s, "背书") {
			x.naming(i, t)
		}
		if x.terms.AttributionText == nil && quoted {
			switch {
			case reBuiltWith.MatchString(t):
				m := reBuiltWith.FindStringSubmatchIndex(t)
				x.setAttribText(i, m[0], m[1], m[2], m[3])
			case reDisplayZh.MatchString(t) && x.duty(i) && displayPhrase(t.s, reDisplayZh.FindStringSubmatchIndex(t)):
				m := reDisplayZh.FindStringSubmatchIndex(t)
				x.setAttribText(i, m[0], m[1], m[4], m[5])
			case x.duty(i) && reQuotedNotice.MatchString(t):
				m := reQuotedNotice.FindStringSubmatchIndex(t)
				if a, b := group(reQuotedNotice, m, "v"); a >= 0 {
					x.setAttribText(i, m[0], m[1], a, b)
				}
			default:
				if m := reDisplayText.FindStringSubmatchIndex(t); m != nil && !reNaming.MatchString(t) && strings.Contains(t.s[m[0]:m[1]], "display") {
					x.setAttribText(i, m[0], m[1], m[4], m[5])
				}
			}
		}
		if !x.terms.AttributionRequired && attribKeys.in(t) {
			if m := reNotice.FindStringIndex(t); m != nil {
				x.terms.AttributionRequired = true
				x.set(fieldAttribution, x.hitAt(i, m), Stated)
			} else if m := reDisplayDuty.FindStringIndex(t); m != nil && x.duty(i) {
				x.terms.AttributionRequired = true
				x.set(fieldAttribution, x.hitAt(i, m), Stated)
			} else if m := reCreditDuty.FindStringIndex(t); m != nil && x.duty(i) {
				x.terms.AttributionRequired = true
				x.set(fieldAttribution, x.hitAt(i, m), Stated)
			} else if c.lead >= 0 && reNotice.MatchString(plain(x.leadText(i))) {
				// An item whose lead-in carries the duty ("you must
				// include: … (2) the following notice: …").
				x.terms.AttributionRequired = true
				x.set(fieldAttribution, x.hitAt(i, []int{0, len(t.s)}), Stated)
			} else if m := reImperativeCredit.FindStringIndex(t); m != nil && c.sec&secNotices != 0 {
				// Under an attribution heading an imperative is the duty
				// ("Attribution. Cite the paper when using the Model.").
				x.terms.AttributionRequired = true
				x.set(fieldAttribution, x.hitAt(i, m), Stated)
			} else if c.sec&secNotices != 0 && x.is(i, roleDuty) {
				if m := reNoticeSection.FindStringIndex(t); m != nil {
					x.terms.AttributionRequired = true
					x.set(fieldAttribution, x.hitAt(i, m), Stated)
				}
			}
		}
	}
	if x.terms.AttributionText != nil && !x.terms.AttributionRequired {
		x.terms.AttributionRequired = true
		x.terms.Evidence[fieldAttribution] = x.terms.Evidence[fieldAttribText]
	}
}

// displayPhrase reports whether the quoted text of a Chinese display
// match is a phrase to show ("【Orion-14B Series】 Inside"), not one of the
// license's defined terms ("模型", "衍生模型").
func displayPhrase(s string, m []int) bool {
	q := s[m[4]:m[5]]
	if strings.IndexFunc(q, func(r rune) bool { return r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) >= 0 {
		return true
	}
	return len([]rune(q)) >= 6
}

// naming reads a naming rule from clause i, prefix first.
func (x *extraction) naming(i int, t text) {
	if x.terms.NamingRule != nil && x.terms.NamingKind != NamingMark && x.terms.NamingKind != NamingKeep && x.terms.NamingKind != NamingEndorse {
		return
	}
	for _, r := range []struct {
		re   *rule
		kind string
	}{{reNaming, NamingPrefix}, {reNamingAvoid, NamingAvoid}, {reNamingContains, NamingContains}} {
		if m := r.re.FindStringSubmatchIndex(t); m != nil {
			if a, b := group(r.re, m, "v"); a >= 0 {
				if q := x.origSub(x.sents[i].a+a, x.sents[i].a+b); q != "" {
					x.setNaming(q, r.kind, x.hitAt(i, m[:2]))
					return
				}
			}
		}
	}
	if x.terms.NamingRule != nil && x.terms.NamingKind != NamingEndorse {
		return
	}
	if m := reNamingMark.FindStringIndex(t); m != nil {
		// The marking to show: a quoted phrase ("Orca Inside"), else the
		// name after "based on" / 基于.
		a, b := basedOnName(t.s, m[1])
		if q := quotedIn(t.s); q != "" {
			a = strings.Index(t.s, `"`+q+`"`) + 1
			b = a + len(q)
		}
		if a >= 0 && b > a {
			x.setNaming(x.origSub(x.sents[i].a+a, x.sents[i].a+b), NamingMark, x.hitAt(i, m))
		}
		return
	}
	if m := reNamingKeep.FindStringIndex(t); m != nil && x.duty(i) {
		x.setNaming(x.origSub(x.sents[i].a+m[0], x.sents[i].a+m[1]), NamingKeep, x.hitAt(i, m))
		return
	}
	// The weakest rule, kept only while nothing else binds the name.
	if m := reNamingEndorse.FindStringIndex(t); m != nil && x.terms.NamingRule == nil {
		x.setNaming(x.origSub(x.sents[i].a+m[0], x.sents[i].a+m[1]), NamingEndorse, x.hitAt(i, m))
	}
}

func (x *extraction) setNaming(v, kind string, h hit) {
	if v == "" {
		return
	}
	x.terms.NamingRule = Str(v)
	x.terms.NamingKind = kind
	if kind == NamingPrefix {
		x.terms.NamingKind = ""
	}
	if x.terms.Evidence != nil {
		delete(x.terms.Evidence, fieldNamingRule)
	}
	x.set(fieldNamingRule, h, Stated)
}

// duty reports whether clause i binds the licensee, itself or through its
// lead-in.
func (x *extraction) duty(i int) bool {
	for k := 0; i >= 0 && k < 4; k++ {
		if x.is(i, roleDuty) || x.is(i, roleProhibit) {
			return true
		}
		i = x.cl[i].lead
	}
	return false
}

// basedOnName returns the span of the model name that follows a "based
// on" / 基于 ending at end: up to a Chinese verb or particle, or the
// first few words.
func basedOnName(s string, end int) (int, int) {
	a := end
	for a < len(s) && s[a] == ' ' {
		a++
	}
	if strings.HasPrefix(s[a:], "the ") {
		a += 4
	}
	b := a
	for b < len(s) && b-a < 60 {
		r, size := rune(s[b]), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[b:])
			if strings.ContainsRune("开发进行模型的，。；、系列", r) && b > a {
				break
			}
		} else if strings.IndexByte(",.;:()", s[b]) >= 0 || s[b] == ' ' && strings.Count(s[a:b], " ") >= 2 {
			break
		}
		b += size
	}
	for b > a && s[b-1] == ' ' {
		b--
	}
	return a, b
}

// quotedIn returns the first quoted phrase in s.
func quotedIn(s string) string {
	a := strings.IndexByte(s, '"')
	if a < 0 {
		return ""
	}
	b := strings.IndexByte(s[a+1:], '"')
	if b < 2 || b > 60 {
		return ""
	}
	return s[a+1 : a+1+b]
}

func (x *extraction) setAttribText(i int, a, b, ga, gb int) {
	s := x.sents[i]
	q := x.origSub(s.a+ga, s.a+gb)
	if q == "" {
		return
	}
	x.terms.AttributionText = Str(q)
	x.set(fieldAttribText, x.hitAt(i, []int{a, b}), Stated)
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
	// Outputs go by other names: results, responses, completions, and
	// distilling a model is training on them.
	reOutputWord = newRule(`\boutputs?\b|results of|generated (content|data|text|images?)|synthetic data|data produced|produced by|(content|text|images?|data|results?|responses?|completions?|answers?|generations?|media|audio|video|speech) (generated|produced|created|returned) (by|with|using|from)` +
		`|\b(its|their|the model'?s|the models'?) (responses|completions|answers|generations)\b|\b(content|text|images?|data|results?|outputs?) (it|that it|which it|the model) (generates|produces|creates|returns)\b|\b(generate|produce|create)\w* (synthetic |training )?(data|datasets?)\b|\bdistill\w* (the|this|these|our) (models?|materials)\b|生成[^。；]{0,4}(内容|结果|数据|文本|图像|图片)|(产生|生成)的(内容|结果|数据|文本|图像|图片)|输出`)
	reTrainWord = newRule(`\b(improve|train|develop|create|build|distill|fine[- ]?tune|enhance)\w*|改进|改善|训练|开发|提升|蒸馏`)
	// Other models: named as such, as competitors ("a model that is
	// competitive with the FLUX.1 [dev] Model", whose name may hold a dot),
	// or as "any … model" with the licensed ones excepted ("any
	// foundational generative AI model (excluding the Models)").
	// A substitute, a replica or a similar product is another model too,
	// and so is "any … model" trained on outputs.
	reOtherModel = newRule(`(other|another|third[- ]party|competing|compet\w+)[^.]{0,60}(model|llm|ai|service|product)s?\b|compete|\bcompetitive (with|against)\b` +
		`|\bsubstitut\w*\b|\breplic(a|ate|ates|ating)\b|\bsimilar\b[^.;]{0,30}\b(models?|products?|services?)\b|\b(train|improve|develop|create|build|fine-?tune)\w*\s+(any|a new|new)\s+([\w-]+\s+){0,3}(models?|llms?)\b` +
		`|(类似|相似|替代|竞品)[^。；]{0,10}(模型|产品|服务)` +
		`|\bany\b[^.;]{0,40}\b(models?|llms?)\b[^.;]{0,3}\(?(excluding|other than|except)\b` +
		`|其他[^。；]{0,20}模型|竞争|任何[^。；]{0,20}模型[(（][^)）。；]{0,30}(除外|以外)|除[^。；]{0,30}(以外|之外|外)的?任何[^。；]{0,10}模型`)
	// Outputs held to research: the purpose and "only" side by side (a
	// "Research Model" named in a disclaimer is no limit).
	reOutputsResearch = newRule(`\b(research|academic)\b[^.;]{0,20}\b(purposes?|use|uses) only\b|\bonly (be )?(used )?for (academic |scientific |non-?commercial )?research\b|(仅|只)(限|供|能|可|用于)?[^。；，]{0,6}(学术|科学)?研究`)
	// Outputs that belong to other models, not to the licensed one.
	reOthersOutput = newRule(`\boutputs? (of|from|generated by|produced by) (any )?(other|another|third[- ]party)\b[^.;]{0,30}\b(models?|llms?|services?|systems?)\b|(其他|第三方)[^。；，]{0,10}(模型|服务)的?(输出|生成)`)
	reNeg          = newRule(`\b(not|never|no|nor|prohibited|forbidden|may not|shall not|will not|must not|agree not)\b|不得|禁止|不可|不能|不允许|不会|不应`)

	// A definition (roleDefinition) that makes a model built from the
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
	// Outputs held to the license: "No use of the Output can contravene any
	// provision of this License" (RAIL), 输出…不得违反本协议.
	reOutputBound = newRule(`\boutputs?\b[^.]{0,80}\b(contravene|violate|breach|in breach of|inconsistent with|in violation of)\b[^.]{0,60}\b(this|the) (license|licence|agreement)|\boutputs?\b[^.]{0,80}\b(contravene|violate)\b[^.]{0,20}any provisions?` +
		`|\boutputs?\b[^.]{0,120}\b(conflicts? with|contravenes?|violates?)\b[^.]{0,40}\b(polic(y|ies)|license|licence|agreement|provisions?)\b` +
		`|\b(contravene|violate)\b[^.]{0,60}\bprovisions?\b[^.]{0,60}\boutputs?\b` +
		`|输出[^。；]{0,40}(违反|不符合)[^。；]{0,10}本(协议|许可)`)
)

// outputs sets OutputRestriction when a clause limits what outputs may be
// used for, and classifies OutputUse: ban for a clause that bars using
// outputs to build other models (conditional when the bar only covers
// purposes the license forbids anyway, "for any purpose which conflicts
// with the acceptable use policy"); conditional for outputs held to the
// license's provisions or its non-commercial scope; else derivative for a
// definition that makes models trained on outputs derivatives, else
// conditional for a duty on models trained on outputs, else unknown —
// silence is not proof that outputs are free.
func (x *extraction) outputs() {
	x.terms.OutputUse = OutputUnknown
	if x.outputBan() {
		return
	}
	for i, c := range x.cl {
		t := x.texts[i]
		if c.head || x.is(i, roleDisclaimer) || x.is(i, roleDefinition) || !outputKeys.in(t) {
			continue
		}
		loc := reOutputBound.FindStringIndex(t)
		if loc == nil && reOutputWord.MatchString(t) && reCommercialWord.MatchString(t) && x.outputsInScope(i, t) {
			loc = reOutputWord.FindStringIndex(t)
		}
		if loc == nil && reOutputWord.MatchString(t) && !commercialMention(t) {
			// Outputs held to research or personal use ("outputs may be
			// used for research purposes only").
			if loc = reOutputsResearch.FindStringIndex(t); loc == nil {
				loc = rePersonalOnly.FindStringIndex(t)
			}
		}
		if loc != nil {
			h := x.hitAt(i, loc)
			x.terms.OutputRestriction = true
			x.terms.OutputUse = OutputConditional
			x.set(fieldOutput, h, Stated)
			x.set(fieldOutputUse, h, Stated)
			return
		}
	}
	if h, ok := x.find(reDerivTerm, func(i int, t text) bool {
		return outputKeys.in(t) && x.is(i, roleDefinition) && reDerivOutput.MatchString(t) && reDerivBuild.MatchString(t)
	}); ok {
		x.terms.OutputUse = OutputDerivative
		x.set(fieldOutputUse, h, Stated)
		return
	}
	if h, ok := x.find(reOutputDuty, func(i int, t text) bool {
		return outputKeys.in(t) && reOutputWord.MatchString(t) && reTrainWord.MatchString(t) && reDerivBuild.MatchString(t) && !reOutputNeg.MatchString(t)
	}); ok {
		x.terms.OutputUse = OutputConditional
		x.set(fieldOutputUse, h, Stated)
	}
}

// outputsInScope reports a clause that puts outputs under the
// non-commercial limit: it forbids commercial use of the model and its
// outputs, or grants only non-commercial use of them.
func (x *extraction) outputsInScope(i int, t text) bool {
	blank := x.blank(i)
	if reNegatedNC.MatchString(t) {
		return false
	}
	if _, ok := x.ncProhibition(i, blank); ok {
		return true
	}
	return reNCGrant.MatchString(blank) && reOnly.MatchString(blank)
}

// outputBan finds a clause that bars using outputs to build other models.
func (x *extraction) outputBan() bool {
	for i, c := range x.cl {
		t := x.texts[i]
		if c.head || x.is(i, roleDefinition) || !outputKeys.in(t) {
			continue
		}
		o := reOutputWord.FindStringIndex(t)
		if o == nil || !reTrainWord.MatchString(t) {
			continue
		}
		m := reOtherModel.FindStringIndex(t)
		if m == nil {
			continue
		}
		if oo := reOthersOutput.FindStringIndex(t); oo != nil && oo[0] <= o[0] && o[0] < oo[1] {
			// The outputs the clause speaks of are other models' ("outputs
			// of other models may be used to fine-tune the Model").
			continue
		}
		if !reNeg.MatchString(t) && !x.forbids(i) && !strings.Contains(t.s[m[0]:m[1]], "compet") && !strings.Contains(t.s[m[0]:m[1]], "竞争") {
			continue
		}
		x.terms.OutputRestriction = true
		h := x.hitAt(i, []int{min(o[0], m[0]), max(o[1], m[1])})
		x.set(fieldOutput, h, Stated)
		x.terms.OutputUse = OutputBan
		if reBarQualified.MatchString(t) {
			x.terms.OutputUse = OutputConditional
		}
		x.set(fieldOutputUse, h, Stated)
		return true
	}
	return false
}

// ---------------------------------------------------------------- use restrictions and policies

var (
	reUsePolicy = newRule(`acceptable use polic|prohibited use polic|use polic(y|ies)|usage polic|use[- ]based restrictions|use restrictions|attachment a|prohibited uses|you agree not to use|restrictions on use|restricted uses` +
		`|使用政策|可接受使用|使用限制`)
	// Uses singled out beyond "obey the law": a clause (or a list item
	// under a lead-in) that forbids one of these is a use restriction.
	reHarmfulUse = newRule(`\b(military|warfare|weapon\w*|nuclear|harm\w*|discriminat\w*|defam\w*|harass\w*|deceiv\w*|decepti\w*|disinformation|misinformation|false (or misleading )?information|surveillance|malware|impersonat\w*|medical advice|denigrat\w*|smear\w*|insult\w*|hate|hateful|violen\w*|pornograph\w*|terroris\w*|minors|children|espionage|reverse engineer\w*)` +
		`|军事|武器|危害|歧视|诽谤|侮辱|虚假|色情|暴力|恐怖|国家安全|伤害|煽动`)

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
	for i, c := range x.cl {
		t := x.texts[i]
		if c.head || x.is(i, roleDisclaimer) {
			continue
		}
		if !x.terms.UseRestrictions {
			// A definition counts only when it names a use policy ("AUP"
			// means the … Acceptable Use Policy): the license then binds
			// through the defined term.
			if m := reUsePolicy.FindStringIndex(t); m != nil && useKeys.in(t) && (!x.is(i, roleDefinition) || strings.Contains(t.s[m[0]:m[1]], "polic")) {
				x.terms.UseRestrictions = true
				x.set(fieldUseRestrict, x.hitAt(i, m), Stated)
			} else if m := reHarmfulUse.FindStringIndex(t); m != nil && x.forbids(i) && !x.is(i, roleDefinition) {
				x.terms.UseRestrictions = true
				x.set(fieldUseRestrict, x.hitAt(i, m), Stated)
			}
		}
		if x.terms.UsePolicy == nil && useKeys.in(t) && rePolicyContext.MatchString(t) {
			for _, p := range policyKeys {
				if k := strings.Index(t.s, p.needle); k >= 0 {
					x.terms.UsePolicy = Str(p.key)
					x.set(fieldUsePolicy, x.hitAt(i, []int{k, k + len(p.needle)}), Stated)
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
		`|under the same (license|licence|terms)|same license elements` +
		`|(derivative|adaptation|modification|modified|derivatives)[^.]{0,120}(remain subject to|be (licensed|distributed|released|governed) (under|by)|under the terms of|(is|are) subject to the terms of) (this|the)( same)? (license|licence|agreement)` +
		`|(derivative|adaptation|modification|modified|derivatives)[^.]{0,200}\bonly (do so )?under (the terms of )?(this|the same) (license|licence|agreement)` +
		`|license the entire work[^.]{0,40}under this license` +
		// Recipients of a derivative take their rights from the licensor
		// under this license ("specify that any rights to use the Models
		// and/or Derivatives shall be directly granted by Company …
		// pursuant to this License").
		`|rights to use(?:[^.;]|\.\d){0,80}\bderivatives?\b[^.;]{0,60}\b(shall|will|are to) be (directly )?granted by[^.;]{0,80}(pursuant to|under) (this|the same) (license|licence|agreement)` +
		`|衍生[^。；]{0,40}(使用)?权利[^。；]{0,20}(由许可方)?(直接)?(依据|根据|按照)本(协议|许可)(授予|取得)` +
		`|(以|采用|使用|按照|遵循)(相同|同一)[^。；]{0,6}(许可|协议)|(与|和)(此|本)(许可)?(协议|许可)相同的?方式(授权|许可|发布|分发)|(以|采用|使用|按照|遵循|适用)与本(协议|许可)(相同|一致)的?(许可|协议|条款)|(衍生|修改)[^。；]{0,40}(应|须|必须)[^。；]{0,10}(以|采用|遵循)?(本|相同)(许可|协议)(发布|分发|授权)`)
)

func (x *extraction) redistribution() {
	var cond, allow hit
	haveCond, haveAllow := false, false
	for i, c := range x.cl {
		raw := x.texts[i]
		if c.head || x.is(i, roleDefinition) || x.is(i, roleDisclaimer) || !redistKeys.in(raw) {
			continue
		}
		t := x.blank(i)
		if m := reNoRedistribute.FindStringIndex(t); m != nil && !x.is(i, roleException) && !rePurposeQualified.MatchString(t) {
			x.terms.Redistribution = Prohibited
			x.set(fieldRedistribution, x.hitAt(i, m), Stated)
			return
		}
		if m := reRedistCond.FindStringIndex(t); m != nil && !haveCond {
			cond, haveCond = x.hitAt(i, m), true
		}
		if m := reRedistribute.FindStringIndex(t); m != nil && !haveAllow && !reNeg.MatchString(t) {
			allow, haveAllow = x.hitAt(i, m), true
		}
	}
	switch {
	case haveCond:
		x.terms.Redistribution = Conditional
		x.set(fieldRedistribution, cond, Stated)
	case haveAllow && x.terms.AttributionRequired:
		// A grant to distribute plus a notice duty is a condition.
		x.terms.Redistribution = Conditional
		x.set(fieldRedistribution, allow, Inferred)
	case haveAllow:
		x.terms.Redistribution = Allowed
		x.set(fieldRedistribution, allow, Inferred)
	}
}

var (
	// rePurposeQualified marks a prohibition that only covers some purposes
	// or places ("shall not distribute ... for any military purpose",
	// "… outside the Territory").
	rePurposeQualified = newRule(`purpose|violat|unlawful|illegal|military|in any way|manner that|outside|territory|用于|目的|境外|区域`)
)

// reBarQualified marks a bar on outputs that covers only purposes the
// license forbids anyway ("for any purpose which conflicts with the
// Acceptable Use Policy"), not a grant "for any purpose" next to a bar.
var reBarQualified = newRule(`(purpose|manner|way)s?\b[^.]{0,20}\b(which|that)\b[^.]{0,30}(conflict|violat|contraven|prohibit)|in violation of|for any (unlawful|illegal|military)|违反[^。；]{0,10}(法律|政策)`)

func (x *extraction) shareAlike() {
	if h, ok := x.find(reShareAlike, func(i int, t text) bool {
		c := x.cl[i]
		if c.head || x.is(i, roleDefinition) && !strings.Contains(t.s, "sharealike") || x.is(i, roleDisclaimer) || !shareKeys.in(t) {
			return false
		}
		// Passing on the use restrictions is RAIL's flow-down, not
		// share-alike.
		return !strings.Contains(t.s, "use restrictions") && !strings.Contains(t.s, "paragraph 5") && !strings.Contains(t.s, "use-based restrictions")
	}); ok {
		x.terms.ShareAlike = true
		x.set(fieldShareAlike, h, Stated)
	}
}
