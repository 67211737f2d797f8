package licenses

import (
	"strings"
)

// A license is read clause by clause. segment cuts the folded text into
// clauses (sentences, the branches of a sentence split at ";", list items,
// headings) and records how they hang together: the heading each clause
// sits under, and for a list item the lead-in that introduces its list
// ("You agree not to use the Model: (a) … (b) …"), whose force the item
// shares. Each clause then gets its roles (grant, prohibition, condition,
// exception, duty, definition) from its own wording.

// clause is one unit of the text and its place in the document.
type clause struct {
	s    span
	para int  // paragraph (text between hard boundaries) it belongs to
	item bool // it starts a list item (bullet or enumerator)
	head bool // it is a heading
	// lead is the clause that introduces the list this one is an item of
	// (or a continuation of an item of), or -1.
	lead int
	sec  secKind // what the headings above it say the section is about
	// roles holds the roles read so far (known) that the clause has.
	roles, known role
}

// role is a set of clause roles.
type role uint16

const (
	roleGrant role = 1 << iota
	roleProhibit
	roleCondition
	roleException
	roleDuty
	roleDefinition
	roleDisclaimer // a warranty or liability disclaimer: it grants and forbids nothing
)

// secKind is a set of section topics, read from headings.
type secKind uint8

const (
	secDefinitions secKind = 1 << iota
	secDisclaimer
	secNotices
	secResearch
	secCommercial // a section about commercial use or licensing ("Commercial Use", 商业授权)
)

var (
	reRoleGrant = newRule(`\b(hereby grants?|grants? (to )?(you|licensee|the licensee|recipient|each recipient)\b|(is|are) hereby granted|permission is (hereby )?granted|you are granted|we grant|licensor grants|you (may|can|are (free|permitted|allowed|authori[sz]ed|entitled) to)\b|licensee may|are free to|is free to)` +
		`|授予|许可您|您可以|允许您|您有权|可以免费|免费使用`)
	reRoleProhibit = newRule(`\b(may not|shall not|must not|will not|cannot|can not|do not|does not|agree not|not (be )?(permitted|allowed|authori[sz]ed|licensed|granted)|prohibited|forbidden|not a non-?commercial purpose|nor)\b` +
		`|不得|禁止|严禁|不允许|不可以|不可|不能|无权|不应|承诺不会|同意不会`)
	reRoleCondition = newRule(`\b(if|provided that|provided,? however|subject to|on condition|as long as|only if|in the event|when you|where you)\b|如果|若|如您|如需|前提|条件`)
	reRoleException = newRule(`\b(except|unless|other than|excluding|notwithstanding|save for|apart from)\b|除非|除外|但是|但`)
	reRoleDuty      = newRule(`\b(must|shall|are required to|is required to|agree to|undertake to)\b|应当|须|必须|需要|应`)
	reRoleDef       = newRule(`^[^,;:]{0,100}\b(means|shall mean|refers to|is defined as|has the meaning)\b|^"[^"]{1,60}"\s*(:|,|is|are|includes)\s|^[^，；。]{0,60}(是指|系指)|^[^，；。]{0,40}"[^"]{1,30}"[:：]?\s*指|^[^，；。]{0,40}[:：]\s*指`)
	reRoleDisclaim  = newRule(`\bas[ -]is\b|without (any )?warrant|no warrant|disclaim|\b(we|licensor|the licensor) (cannot|can ?not|do not|does not|will not) (ensure|guarantee|warrant|promise)|\b(we|licensor|the licensor) (make|makes|give|gives) no (guarantee|representation|promise)s?\b|not (be )?liable|no liability|in no event|limitation of liability|indemnif|按"?现状"?|不(做|作)任何[^。；]{0,10}保证|(无法|不能)(完全)?(保证|确保)|不承担|不负责|免责`)

	reSecDefinitions = newRule(`definition|interpretation|定义|释义`)
	reSecDisclaimer  = newRule(`disclaim|warrant|liabilit|indemn|\brisk|免责|责任限制|担保|赔偿|风险`)
	reSecNotices     = newRule(`\bnotices?\b|attribution|署名|标识|声明`)
	reSecResearch    = newRule(`research|academic|education|研究|学术|教育`)
	reSecCommercial  = newRule(`\bcommercial (use|uses|usage|licen[cs]e|licen[cs]ing|terms|purposes?)\b|商业(使用|用途|授权|许可)|商用`)
	reSecTitle       = newRule(`licen[cs]e|agreement|terms of use|许可|协议`)
)

// segment cuts the folded text into clauses and links them.
func (n *normText) segment() []clause {
	spans, paras := n.sentenceSpans()
	out := make([]clause, len(spans))
	hi, ii := 0, 0
	for i, s := range spans {
		for hi < len(n.heads) && n.heads[hi] < s.a {
			hi++
		}
		for ii < len(n.items) && n.items[ii] < s.a {
			ii++
		}
		t := n.norm[s.a:s.b]
		out[i] = clause{s: s, para: paras[i], lead: -1,
			head: hi < len(n.heads) && n.heads[hi] == s.a,
			item: ii < len(n.items) && n.items[ii] == s.a || listMarkerLen(t) > 0}
	}
	type level struct {
		depth int
		kind  secKind
	}
	var stack []level // open headings, outermost first
	curLead := -1
	// A run-in heading ("Attribution. Cite the paper …", "2. Commercial
	// Licensing. Organisations … should contact …") heads the rest of its
	// paragraph only.
	var runIn secKind
	runInPara := -1
	for i := range out {
		c := &out[i]
		t := n.norm[c.s.a:c.s.b]
		newPara := i == 0 || c.para != out[i-1].para
		if newPara && !c.head && i+1 < len(out) && out[i+1].para == c.para && runInHeading(t) {
			c.head = true
			runIn, runInPara = headingKind(string(t)), c.para
			c.sec |= runIn
			continue
		}
		if c.para == runInPara {
			c.sec |= runIn
		}
		// A numbered line followed by body text is a section heading, not
		// the next item of an open list.
		bodyNext := i+1 < len(out) && out[i+1].para != c.para && !out[i+1].item
		switch {
		case c.item && curLead >= 0 && !(c.head && bodyNext):
			// An item of an open list (even one that looks like a heading).
			c.head = false
			c.lead = curLead
		case !newPara && i > 0 && out[i-1].lead >= 0:
			// The rest of an item.
			c.lead = out[i-1].lead
		case newPara || c.head:
			curLead = -1
		}
		if c.head {
			d := headingDepth(t)
			for len(stack) > 0 && stack[len(stack)-1].depth >= d {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, level{d, headingKind(string(t))})
		}
		for _, l := range stack {
			c.sec |= l.kind
		}
		// A clause ending in a colon opens a list; so does one that breaks
		// off without a stop right before an item ("you must provide" /
		// "1. a copy of this License").
		if endsLeadIn(t) || !c.head && i+1 < len(out) && out[i+1].item && !endsWithStop(t) && !conjunction(t) {
			curLead = i
		}
	}
	return out
}

// reRunInVerb finds the words of a sentence, not a title: "Commercial use
// is prohibited." is a rule, "Commercial Use." a heading.
var reRunInVerb = newRule(`\b(is|are|was|were|be|been|may|must|shall|will|can|cannot|not|no|do|does|you|we|it|this|these|all|only|solely|exclusively|for|except|unless|without)\b|[,;:]`)

// runInHeading reports a title set at the start of a paragraph and closed
// by a period: up to five words, with no verb or pronoun of a sentence.
func runInHeading(t []byte) bool {
	s := strings.TrimSpace(string(t[listMarkerLen(t):]))
	if !strings.HasSuffix(s, ".") || strings.HasSuffix(s, "..") {
		return false
	}
	s = strings.TrimSuffix(s, ".")
	w := strings.Fields(s)
	if len(w) == 0 || len(w) > 5 || reRunInVerb.MatchString(plain(s)) {
		return false
	}
	for _, r := range s {
		if r >= 0x80 {
			return false
		}
	}
	return true
}

// conjunction reports a clause that is only the "and" or "or" left between
// two list items by the split at ";".
func conjunction(t []byte) bool {
	switch strings.TrimSpace(string(t)) {
	case "and", "or", "and/or", "and / or", "或", "和", "及", "以及", "或者":
		return true
	}
	return false
}

// endsWithStop reports a clause that ends like a sentence or a list item.
func endsWithStop(t []byte) bool {
	s := strings.TrimRight(string(t), " ")
	if s == "" {
		return true
	}
	if strings.IndexByte(".;!?,)\"'", s[len(s)-1]) >= 0 {
		return true
	}
	for _, p := range []string{"。", "；", "！", "？", "，", "、"} {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

// headingDepth is the nesting depth a heading's enumerator implies: "3."
// and "三、" are 1, "3.2" and "（三）" 2, "(c)" 3; an unnumbered title is 1.
func headingDepth(t []byte) int {
	s := string(t[:min(len(t), 24)])
	switch {
	case strings.HasPrefix(s, "第"):
		return 1
	case strings.HasPrefix(s, "("):
		if len(s) > 1 && s[1] >= 0x80 {
			return 2
		}
		return 3
	}
	if cjkMarkerLen(t) > 0 {
		return 1
	}
	if strings.HasPrefix(s, "section ") || strings.HasPrefix(s, "article ") {
		s = s[strings.IndexByte(s, ' ')+1:]
	}
	d, digits := 1, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			digits = true
		case c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			d++
		default:
			i = len(s)
		}
	}
	if !digits && len(s) > 1 && s[1] == '.' {
		return 3 // "a. Title"
	}
	return d
}

func headingKind(h string) secKind {
	t := plain(h)
	var k secKind
	if reSecTitle.MatchString(t) && !reSecDefinitions.MatchString(t) {
		// The document's own title ("Model License Agreement &
		// Disclaimer") says nothing about one section.
		return 0
	}
	if reSecDefinitions.MatchString(t) {
		k |= secDefinitions
	}
	if reSecDisclaimer.MatchString(t) {
		k |= secDisclaimer
	}
	if reSecNotices.MatchString(t) {
		k |= secNotices
	}
	if reSecResearch.MatchString(t) {
		k |= secResearch
	}
	if reSecCommercial.MatchString(reNCWord.blank(t)) {
		k |= secCommercial
	}
	return k
}

// endsLeadIn reports a clause that introduces a list: it ends with a colon.
func endsLeadIn(t []byte) bool {
	s := strings.TrimRight(string(t), " ")
	return strings.HasSuffix(s, ":") || strings.HasSuffix(s, "：")
}

// sentenceSpans splits the folded text into clause spans, with the
// paragraph of each: at hard boundaries, at CJK full stops and semicolons,
// at ". ", "! ", "? " and "; " unless the period ends a common abbreviation,
// an initial or a section number, and after a colon that opens an inline
// list ("You may not: (a) …").
func (n *normText) sentenceSpans() ([]span, []int) {
	var out []span
	var paras []int
	t := n.norm
	a, para := 0, 0
	cut := func(b int) {
		x, y := a, b
		for x < y && (t[x] == ' ' || t[x] == '\n') {
			x++
		}
		for y > x && (t[y-1] == ' ' || t[y-1] == '\n') {
			y--
		}
		if y > x {
			out = append(out, span{x, y})
			paras = append(paras, para)
		}
		a = b
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '\n':
			cut(i)
			para++
		case c == '.' || c == '!' || c == '?' || c == ';':
			if i+1 < len(t) && t[i+1] != ' ' && t[i+1] != '\n' {
				continue
			}
			if c == '.' && isAbbrevBefore(t, i) {
				continue
			}
			cut(i + 1)
		case c == ':':
			j := i + 1
			for j < len(t) && t[j] == ' ' {
				j++
			}
			if j < len(t) && listMarkerLen(t[j:]) > 0 {
				cut(i + 1)
			}
		case c >= 0x80:
			switch {
			case hasAt(t, i, "。") || hasAt(t, i, "！") || hasAt(t, i, "？") || hasAt(t, i, "；"):
				cut(i + 3)
				i += 2
			case hasAt(t, i, "："):
				j := i + 3
				for j < len(t) && t[j] == ' ' {
					j++
				}
				if j < len(t) && listMarkerLen(t[j:]) > 0 {
					cut(i + 3)
				}
				i += 2
			}
		}
	}
	cut(len(t))
	return out, paras
}

// sentences returns the clause spans alone.
func (n *normText) sentences() []span {
	s, _ := n.sentenceSpans()
	return s
}

// classify sets every clause's definition and disclaimer roles, which
// every pass asks about; the other roles are read when a pass asks
// (is), since most clauses are never asked.
func (x *extraction) classify() {
	for i := range x.cl {
		x.is(i, roleDefinition)
		x.is(i, roleDisclaimer)
	}
}

// roleRules reads each role other than definition and disclaimer.
var roleRules = []struct {
	r  role
	re *rule
}{
	{roleGrant, reRoleGrant}, {roleProhibit, reRoleProhibit}, {roleCondition, reRoleCondition},
	{roleException, reRoleException}, {roleDuty, reRoleDuty},
}

// is reports whether clause i has role r (one role), reading it from the
// clause's wording the first time it is asked.
func (x *extraction) is(i int, r role) bool {
	c := &x.cl[i]
	if c.known&r != 0 {
		return c.roles&r != 0
	}
	c.known |= r
	on := false
	switch r {
	case roleDefinition:
		t := x.texts[i]
		on = reRoleDef.MatchString(stripMarker(t)) ||
			c.sec&secDefinitions != 0 && !c.head && !x.is(i, roleGrant) && !x.is(i, roleProhibit) && !x.is(i, roleDuty)
	case roleDisclaimer:
		on = c.sec&secDisclaimer != 0 || reRoleDisclaim.MatchString(x.texts[i])
	default:
		t := x.texts[i]
		if r == roleProhibit {
			// Grant adjectives ("non-transferable", 不可转让) are not
			// prohibitions.
			t = x.blank(i)
		}
		for _, rr := range roleRules {
			if rr.r == r {
				on = rr.re.MatchString(t)
			}
		}
	}
	if on {
		c.roles |= r
	}
	return on
}

// stripMarker drops a leading enumerator, so "1.3 "output" means …" reads
// as a definition.
func stripMarker(t text) text {
	if l := listMarkerLen([]byte(t.s)); l > 0 {
		s := strings.TrimLeft(t.s[l:], " ")
		return plain(s)
	}
	return t
}

// forbids reports whether clause i carries a prohibition, itself or
// through the lead-ins above it ("You will not: … 3. use … for
// commercial purposes").
func (x *extraction) forbids(i int) bool {
	for k := 0; i >= 0 && k < 4; k++ {
		if x.is(i, roleProhibit) {
			return true
		}
		i = x.cl[i].lead
	}
	return false
}

// leadText returns the lead-in chain of clause i, outermost first, joined
// with the clause itself, for rules that need the list's force and the
// item's object together.
func (x *extraction) leadText(i int) string {
	var parts []string
	for k := 0; i >= 0 && k < 4; k++ {
		parts = append(parts, stripMarker(x.texts[i]).s)
		i = x.cl[i].lead
	}
	for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
		parts[l], parts[r] = parts[r], parts[l]
	}
	return strings.Join(parts, " ")
}
