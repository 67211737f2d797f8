package licenses

import (
	"slices"
	"strings"
)

// Territory and governing law.

// regionAlt lists the region names regionCodes knows, longest first.
const regionAlt = `people's republic of china|european economic area|republic of korea|russian federation|mainland china|united kingdom|european union|united states|south korea|north korea|switzerland|hong kong|taiwan|canada|russia|china|syria|macau|korea|japan|india|cuba|iran|u\.s|prc|usa|eea|uk|eu`

// regionAltZh lists the Chinese region names regionCodes knows.
const regionAltZh = `欧盟|欧洲经济区|英国|韩国|美国|日本|俄罗斯|朝鲜|伊朗|古巴|叙利亚|印度|加拿大|瑞士|中国大陆|中国`

var (
	// reTerritory finds a grant withheld from people or companies in a
	// named region ("not granted to ... domiciled in ... the European
	// Union"), a license that does not apply in a region, or a territory
	// defined with exclusions ("Territory" means the worldwide territory,
	// excluding the European Union …).
	reTerritory = newRule(`(not (be |being )?(granted|available|licensed|permitted)|do(es)? not apply|not extend|excluded|prohibited|may not)[^.]{0,160}(domiciled in|located in|resident(s)? (in|of)|principal place of business (is )?in|incorporated in|based in|citizens of)[\s,]+(the\s+)?(?P<reg>` + regionAlt + `)\b` +
		`|(domiciled in|located in|resident(s)? (in|of)|principal place of business (is )?in|based in)[\s,]+(the\s+)?(?P<reg>` + regionAlt + `)\b[^.]{0,120}(not (be |being )?(granted|available|licensed|permitted)|do(es)? not apply|excluded)` +
		`|(do(es)? not apply|not (be )?available|not (be )?licensed|is not granted) (in|within|to) (the )?(territory of )?(the )?(?P<reg>` + regionAlt + `)\b` +
		`|territory"?\s*(shall )?(mean|means|refers to)[^.]{0,100}\b(excluding|except|other than|but not|not including)\s+(the\s+)?(territor(y|ies) of\s+)?(the\s+)?(?P<reg>` + regionAlt + `)\b` +
		`|(不适用于|不得在|不包括在)[^。；]{0,10}(?P<reg>` + regionAltZh + `)` +
		`|(区域|地区|领土)"?[^。；]{0,4}(是指|指)[^。；]{0,60}(不包括|除外|以外)[^。；]{0,10}(?P<reg>` + regionAltZh + `)`)
	// reMoreRegions finds the further regions of a list that the first
	// match began ("the European Union, United Kingdom and South Korea").
	reMoreRegions = newRule(`^[\s,]*(,|and|or|、|和|及|以及)\s*(the\s+)?(territor(y|ies) of\s+)?(the\s+)?(?P<reg>(?:` + regionAlt + `)\b|` + regionAltZh + `)`)
	regionCodes   = []struct{ name, code string }{
		{"european union", "EU"}, {"eu", "EU"}, {"european economic area", "EEA"}, {"eea", "EEA"},
		{"people's republic of china", "CN"}, {"mainland china", "CN"}, {"china", "CN"}, {"prc", "CN"},
		{"united states", "US"}, {"usa", "US"}, {"u.s", "US"}, {"united kingdom", "GB"}, {"uk", "GB"},
		{"russia", "RU"}, {"russian federation", "RU"}, {"iran", "IR"}, {"north korea", "KP"}, {"cuba", "CU"},
		{"syria", "SY"}, {"hong kong", "HK"}, {"macau", "MO"}, {"taiwan", "TW"}, {"india", "IN"},
		{"japan", "JP"}, {"south korea", "KR"}, {"republic of korea", "KR"}, {"korea", "KR"}, {"canada", "CA"}, {"switzerland", "CH"},
		{"欧盟", "EU"}, {"欧洲经济区", "EEA"}, {"英国", "GB"}, {"韩国", "KR"}, {"美国", "US"}, {"日本", "JP"},
		{"俄罗斯", "RU"}, {"朝鲜", "KP"}, {"伊朗", "IR"}, {"古巴", "CU"}, {"叙利亚", "SY"}, {"印度", "IN"},
		{"加拿大", "CA"}, {"瑞士", "CH"}, {"中国大陆", "CN"}, {"中国", "CN"},
	}
	// reLawClause marks a clause about the governing law or courts: its
	// exclusions ("excluding Hong Kong, Macau and Taiwan") are not a
	// territory.
	reLawClause = newRule(`\blaws?\b|court|jurisdiction|arbitrat|法律|法院|管辖|仲裁`)
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
	add := func(i int, reg string, m []int) {
		if c := regionCode(reg); c != "" && !seen[c] {
			seen[c] = true
			x.terms.TerritoryExcluded = append(x.terms.TerritoryExcluded, c)
			x.set(fieldTerritory, x.hitAt(i, m), Stated)
		}
	}
	for i, c := range x.cl {
		t := x.texts[i]
		if c.head || x.is(i, roleDisclaimer) || !territoryKeys.in(t) && !strings.Contains(t.s, "不") || reLawClause.MatchString(t) {
			continue
		}
		for _, m := range reTerritory.FindAllStringSubmatchIndex(t, -1) {
			a, b := group(reTerritory, m, "reg")
			if a < 0 {
				continue
			}
			add(i, t.s[a:b], m[:2])
			// The rest of a list of regions.
			for rest := b; rest < len(t.s); {
				mm := reMoreRegions.FindStringSubmatchIndex(plain(t.s[rest:]))
				if mm == nil {
					break
				}
				ra, rb := group(reMoreRegions, mm, "reg")
				add(i, t.s[rest+ra:rest+rb], []int{m[0], rest + rb})
				rest += mm[1]
			}
		}
	}
	slices.Sort(x.terms.TerritoryExcluded)
}

var (
	reLaw = newRule(`(governed|construed|interpreted|subject to)[^.]{0,60}\blaws? of\s+(the\s+)?(?P<jur>[^.,;()]{2,80})` +
		`|(governed|construed|interpreted)[^.]{0,40}\bunder\s+(the\s+)?(?P<jur>[a-z.' ]{2,40}) laws?\b` +
		`|(适用|受|依据|遵守|按照)[^。；]{0,10}(中华人民共和国|中国|新加坡|香港|美国)(大陆地区|大陆)?(\([^)]{0,80}\))?[^。；]{0,12}法律`)
	lawCodes = []struct{ needle, code string }{
		{"people's republic of china", "CN"}, {"中华人民共和国", "CN"}, {"中国", "CN"}, {"prc", "CN"}, {"china", "CN"},
		{"state of california", "US-CA"}, {"california", "US-CA"}, {"state of delaware", "US-DE"}, {"delaware", "US-DE"},
		{"state of new york", "US-NY"}, {"new york", "US-NY"}, {"state of washington", "US-WA"},
		{"france", "FR"}, {"french", "FR"}, {"england and wales", "GB"}, {"england", "GB"}, {"united kingdom", "GB"},
		{"singapore", "SG"}, {"新加坡", "SG"}, {"hong kong", "HK"}, {"香港", "HK"}, {"germany", "DE"}, {"ireland", "IE"},
		{"japan", "JP"}, {"republic of korea", "KR"}, {"korea", "KR"}, {"switzerland", "CH"}, {"united arab emirates", "AE"}, {"abu dhabi", "AE"},
		{"united states", "US"}, {"美国", "US"},
	}
	// A jurisdiction left as a placeholder or depending on the licensee.
	rePlaceholderLaw = newRule(`\byour\b|you live|country/region|\[|insert|licensee's|jurisdiction in which|country in which|the applicable`)
	// A clause about which language prevails when a law applies ("where
	// Chinese law applies, the Chinese text prevails") chooses no law.
	reLanguagePrevails = newRule(`prevail|take precedence|为准|优先`)
)

// governingLaw records the governing law as an ISO 3166 code ("CN",
// "US-CA") where the jurisdiction is recognised, else the jurisdiction
// string as written.
func (x *extraction) governingLaw() {
	for i, c := range x.cl {
		t := x.texts[i]
		if c.head || x.is(i, roleDefinition) || !lawKeys.in(t) {
			continue
		}
		m := reLaw.FindStringSubmatchIndex(t)
		if m == nil || reLanguagePrevails.MatchString(t) {
			continue
		}
		j := t.s[m[0]:m[1]]
		ja, jb := group(reLaw, m, "jur")
		if ja >= 0 {
			j = t.s[ja:jb]
		}
		if rePlaceholderLaw.MatchString(plain(j)) || strings.Contains(x.origSub(x.sents[i].a+m[0], x.sents[i].a+m[1]), "[") {
			continue // "the laws of your country", "[Country/Region]": no fixed jurisdiction
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
			law = x.origSub(x.sents[i].a+ja, x.sents[i].a+jb)
		}
		x.terms.GoverningLaw = Str(law)
		x.set(fieldGoverningLaw, x.hitAt(i, m[:2]), Stated)
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
