package licenses

import (
	"math"
	"strconv"
	"strings"
)

// numMatch is a quantity found in normalized text: digits ("100,000,000",
// "1.5 billion", "700M"), English number words ("seven hundred million") or
// Chinese numerals and units ("1亿", "1,000万", "一亿").
type numMatch struct {
	a, b     int // byte span in the searched string
	value    int64
	currency string // ISO 4217 code when a currency marker is attached
}

var (
	reDigitNum = newRule(`(?:(us\$|u\.s\.\s?\$|usd|\$|€|eur|£|gbp|¥|rmb|cny|人民币)\s?)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(trillion|billion|million|thousand|bn|mm|m|b|k)\b|\s?(万亿|亿|千万|百万|十万|万|千))?(\s?(?:(?:us |u\.s\. |united states )?dollars|usd|euros?|eur|rmb|yuan|cny|美元|人民币|元))?`)
	reCJKNum   = newRule(`(人民币)?([零〇一二两三四五六七八九十百千]+)(万亿|亿|万)?(美元|元|人民币)?`)
	reWordNum  = newRule(`\b(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)(?:[\s-]+(?:and[\s]+)?|\b))+(?:\s?(?:(?:us |u\.s\. )?dollars|euros?))?`)
)

var scaleWords = map[string]float64{
	"trillion": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mm": 1e6, "m": 1e6,
	"thousand": 1e3, "k": 1e3,
	"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3,
}

func currencyCode(marker string) string {
	m := strings.TrimSpace(marker)
	switch {
	case m == "":
		return ""
	case strings.Contains(m, "$") || strings.Contains(m, "dollar") || m == "usd" || m == "美元":
		return "USD"
	case m == "€" || strings.HasPrefix(m, "eur"):
		return "EUR"
	case m == "£" || m == "gbp":
		return "GBP"
	case m == "¥" || m == "rmb" || m == "cny" || m == "yuan" || m == "元" || m == "人民币":
		return "CNY"
	}
	return ""
}

// findNumbers returns every quantity in s (normalized, lowercase text).
func findNumbers(t text) []numMatch {
	s := t.s
	var out []numMatch
	for _, m := range reDigitNum.FindAllStringSubmatchIndex(t, -1) {
		digits := strings.ReplaceAll(s[m[4]:m[5]], ",", "")
		f, err := strconv.ParseFloat(digits, 64)
		if err != nil {
			continue
		}
		end := m[5]
		if m[6] >= 0 {
			f *= scaleWords[s[m[6]:m[7]]]
			end = m[7]
		} else if m[8] >= 0 {
			f *= scaleWords[s[m[8]:m[9]]]
			end = m[9]
		}
		cur := ""
		start := m[4]
		if m[2] >= 0 {
			cur = currencyCode(s[m[2]:m[3]])
			start = m[2]
		}
		if m[10] >= 0 {
			if c := currencyCode(s[m[10]:m[11]]); c != "" {
				cur = c
				end = m[11]
			}
		}
		// A Chinese unit directly after a digit run ("1亿") was taken by the
		// unit group; "万元" style currencies follow it.
		if f > math.MaxInt64/2 || f < 0 {
			continue
		}
		out = append(out, numMatch{a: start, b: end, value: int64(math.Round(f)), currency: cur})
	}
	for _, m := range reCJKNum.FindAllStringSubmatchIndex(t, -1) {
		v, ok := parseCJKNumber(s[m[4]:m[5]])
		if !ok {
			continue
		}
		if m[6] >= 0 {
			v *= int64(scaleWords[s[m[6]:m[7]]])
		}
		cur := ""
		if m[2] >= 0 {
			cur = "CNY"
		}
		if m[8] >= 0 {
			cur = currencyCode(s[m[8]:m[9]])
		}
		out = append(out, numMatch{a: m[0], b: m[1], value: v, currency: cur})
	}
	for _, m := range reWordNum.FindAllStringIndex(t, -1) {
		text := strings.TrimSpace(s[m[0]:m[1]])
		cur := ""
		if strings.HasSuffix(text, "dollars") {
			cur = "USD"
		} else if strings.HasSuffix(text, "euros") || strings.HasSuffix(text, "euro") {
			cur = "EUR"
		}
		v, ok := parseWordNumber(text)
		if !ok {
			continue
		}
		out = append(out, numMatch{a: m[0], b: m[0] + len(text), value: v, currency: cur})
	}
	return out
}

var smallWords = map[string]int64{
	"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// parseWordNumber parses English number words ("seven hundred million",
// "one billion", "a million", "twenty-five thousand"). It needs at least one
// word other than the article "a", and rejects a bare "a".
func parseWordNumber(s string) (int64, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' })
	var total, cur int64
	seen := false
	for _, w := range f {
		switch w {
		case "and", "dollars", "us", "u.s.", "euros", "euro":
			continue
		case "hundred":
			if cur == 0 {
				cur = 1
			}
			cur *= 100
			seen = true
		case "thousand", "million", "billion":
			if cur == 0 {
				cur = 1
			}
			scale := map[string]int64{"thousand": 1e3, "million": 1e6, "billion": 1e9}[w]
			total += cur * scale
			cur = 0
			seen = true
		default:
			v, ok := smallWords[w]
			if !ok {
				return 0, false
			}
			if w != "a" {
				seen = true
			}
			cur += v
		}
	}
	if !seen {
		return 0, false
	}
	return total + cur, true
}

// parseCJKNumber parses a Chinese numeral of up to 千 (thousands) with
// optional 万/亿 inside ("一亿" is handled by the caller's unit group when it
// is the last character; "三千" here).
func parseCJKNumber(s string) (int64, bool) {
	digits := map[rune]int64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	units := map[rune]int64{'十': 10, '百': 100, '千': 1000}
	var total, cur int64
	seen := false
	for _, r := range s {
		if d, ok := digits[r]; ok {
			cur = d
			seen = true
			continue
		}
		if u, ok := units[r]; ok {
			if cur == 0 {
				cur = 1
			}
			total += cur * u
			cur = 0
			seen = true
			continue
		}
		return 0, false
	}
	if !seen {
		return 0, false
	}
	return total + cur, true
}
