package licenses

import (
	"strings"
)

// Caps: a limit on the licensee's users, visits, calls or devices, or on its
// revenue, above which the grant stops. A cap of any size makes commercial
// use conditional. The unit is the one the text uses (see the UserLimit
// units); a text that counts visits is not read as counting users.

// capHit is one cap found: the clause and the number in it.
type capHit struct {
	h     hit
	units bool // a user-type cap (else revenue)
}

// capUnit is one way a text counts what a cap limits.
type capUnit struct {
	re   *rule
	unit func(t text, a, b int) string // the unit for the match [a, b) in t
	rank int                           // lower wins when one text has several caps
}

var (
	reMAU     = newRule(`monthly[- ]active[- ]users?|\bmaus?\b|(每月|月均|月度?)(活跃用户|用户活跃量|活跃用户数|活跃|活)|月活`)
	reDAU     = newRule(`daily[- ]active[- ]users?|\bdaus?\b|(每日|日均|日)(活跃用户|用户活跃量|活跃用户数|活跃|活)|日活`)
	reUsersW  = newRule(`\b(registered |end |total |active )?users\b|\bcustomers\b|用户(数量|总数|数|规模)?`)
	reVisits  = newRule(`\bvisits?\b|page ?views|访问量|访问次数|人次访问|人次`)
	reCalls   = newRule(`\b(api )?(calls|invocations)\b|调用(次数|量)?`)
	reReqs    = newRule(`\b(api )?(requests|queries)\b|请求(次数|量)|查询(次数|量)`)
	reDevices = newRule(`\bdevices?\b|(deploy|install)\w*[^.]{0,60}\bunits\b|设备|终端`)
	// A company-size cap counts people on the licensee's payroll.
	reEmployees = newRule(`\bemployees\b|\bstaff\b|\bheadcount\b|\bfull[- ]time equivalents?\b|员工|雇员|职工`)
	rePerDay    = newRule(`per day|a day|each day|daily|/\s?day|每日|每天|/\s?日|日均|/天`)
	rePerMon    = newRule(`per month|a month|each month|monthly|/\s?month|每月|/\s?月|月均|每个月`)

	capUnits = []capUnit{
		{reMAU, func(text, int, int) string { return MonthlyActiveUsers }, 0},
		{reDAU, func(text, int, int) string { return DailyActiveUsers }, 0},
		{reVisits, func(t text, a, b int) string { return perPeriod(t, a, b, VisitsPerMonth, VisitsPerDay) }, 1},
		{reCalls, func(t text, a, b int) string { return perPeriod(t, a, b, CallsPerMonth, CallsPerDay) }, 2},
		{reReqs, func(t text, a, b int) string { return perPeriod(t, a, b, RequestsPerMonth, RequestsPerDay) }, 2},
		{reUsersW, func(text, int, int) string { return Users }, 3},
		{reDevices, func(text, int, int) string { return Devices }, 4},
		{reEmployees, func(text, int, int) string { return Employees }, 4},
	}

	reRevenue   = newRule(`revenues?|turnover|\bsales\b|营业收入|营业额|营收|收入`)
	reAnnual    = newRule(`annual|annually|yearly|per year|a year|per annum|fiscal year|calendar year|12[- ]month|twelve[- ]month|年`)
	reMonthly   = newRule(`monthly|per month|a month|calendar month|每月|月`)
	reCapVerb   = newRule(`exceed|more than|greater than|in excess of|\bover\b|above|at least|surpass|reach|fewer than|less than|below|\bunder\b|up to|no more than|not more than|limited to|at most|a maximum of|cap of|超过|大于|高于|达到|以上|不低于|逾|低于|少于|不超过|以下|以内|之内|限于|最多`)
	reAboveVerb = newRule(`exceed|more than|greater than|in excess of|\bover\b|above|at least|surpass|reach|超过|大于|高于|达到|以上|不低于|逾`)
	reBelowVerb = newRule(`(not|never|does not|do not|doesn't|don't) (exceed|surpass|reach)|no more than|not more than|fewer than|less than|below|\bunder (us\$|\$|€|£|¥|rmb |usd |eur )?\d|up to|limited to|at most|未(超过|超出|达到)|不(得|能|应|可)?(超过|超出)|低于|少于|以下|以内|之内`)
	// A question of an application form ("DAU: □1-200 □200-1000 … please
	// tick a box", 请选择…勾选方框) asks the licensee to report a figure;
	// it is not a condition of the grant, so no number in it is a cap.
	reFormField = newRule(`请(选择|勾选|填写|如实填写)|勾选|please (select|tick|check|fill in|indicate|choose)|(tick|check|mark) (the|one|a|all) (applicable )?box|[□☐■]`)
	reGrantStop = newRule(`request a licen[cs]e|obtain (a |an )?(separate |commercial |enterprise |additional |more )?(commercial )?licen[cs]es?|not (be )?(authorized|permitted|licensed)|licen[cs]es?[^.]{0,60}terminat|must contact|contact [a-z ]{0,30}(for|to obtain)|enterprise licen[cs]e|(separate|commercial|additional) (licen[cs]e|agreement)|no longer|申请|授权|许可|联系|另行|商业许可|终止|失效`)
)

// perPeriod picks the monthly or daily unit from the period word nearest
// the unit word (monthly when the text names neither).
func perPeriod(t text, a, b int, monthly, daily string) string {
	d, m := -1, -1
	for _, loc := range rePerDay.FindAllStringIndex(t, -1) {
		if v := gap(loc, a, b); d < 0 || v < d {
			d = v
		}
	}
	for _, loc := range rePerMon.FindAllStringIndex(t, -1) {
		if v := gap(loc, a, b); m < 0 || v < m {
			m = v
		}
	}
	if d >= 0 && (m < 0 || d < m) {
		return daily
	}
	return monthly
}

func gap(loc []int, a, b int) int {
	switch {
	case loc[1] <= a:
		return a - loc[1]
	case loc[0] >= b:
		return loc[0] - b
	}
	return 0
}

// thresholds finds user-type and revenue caps.
func (x *extraction) thresholds() {
	bestRank := 99
	for i := range x.sents {
		t := x.texts[i]
		if x.is(i, roleDisclaimer) || x.is(i, roleDefinition) && !reCapVerb.MatchString(t) || reFormField.MatchString(t) {
			continue
		}
		// The first cap in active users is final; a cap in another unit
		// may still give way to one in active users.
		if bestRank > 0 {
			if ul, h, rank, ok := x.userCap(i, t); ok && rank < bestRank {
				bestRank = rank
				x.terms.UserLimit = &ul
				if x.terms.Evidence != nil {
					delete(x.terms.Evidence, fieldUserLimit)
				}
				x.set(fieldUserLimit, h, Stated)
				x.caps = append(x.caps, capHit{h, true})
			}
		}
		if x.terms.RevenueLimit == nil {
			if r := reRevenue.FindStringIndex(t); r != nil && !strings.Contains(t.s, "revenue share") {
				nums := findNumbers(t)
				if best, ok := nearest(nums, r[0], r[1], func(m numMatch) bool {
					return m.currency != "" && m.value >= 1000
				}); ok && (reCapVerb.MatchString(t) || reGrantStop.MatchString(t)) {
					x.terms.RevenueLimit = &RevenueLimit{Amount: best.value, Currency: best.currency, Period: period(t, r[0])}
					h := x.hitAt(i, []int{min(best.a, r[0]), max(best.b, r[1])})
					x.set(fieldRevenueLimit, h, Stated)
					x.caps = append(x.caps, capHit{h, false})
				}
			}
		}
	}
	// Caps are kept in text order for the commercial decision.
	slicesSortCaps(x.caps)
}

// userCap finds a cap on users, visits, calls or devices in clause i: a
// unit word, a number of at least 1000 near it, and a comparison ("more
// than", "does not exceed", 超过) or a consequence (request a license).
func (x *extraction) userCap(i int, t text) (UserLimit, hit, int, bool) {
	var nums []numMatch
	for _, u := range capUnits {
		for _, loc := range u.re.FindAllStringIndex(t, 4) {
			if nums == nil {
				nums = findNumbers(t)
				if len(nums) == 0 {
					return UserLimit{}, hit{}, 0, false
				}
			}
			// Words other than active users are common in licenses ("end
			// users", "API calls"): the number must stand next to them.
			maxGap := 200
			switch {
			case u.rank >= 3:
				maxGap = 40
			case u.rank >= 1:
				maxGap = 80
			}
			best, ok := nearest(nums, loc[0], loc[1], func(m numMatch) bool {
				if m.currency != "" || yearLike(t.s, m) {
					return false
				}
				g := gap([]int{m.a, m.b}, loc[0], loc[1])
				if m.value >= 1000 {
					return g <= maxGap
				}
				// A small cap ("fewer than 500 daily active users", 不得超过
				// 500) counts when a comparison stands right before the
				// number and the unit right by it; a stray small number
				// (a section, a version) has neither.
				return m.value >= 2 && g <= 24 && capVerbBefore(t.s, m.a)
			})
			if !ok {
				continue
			}
			if u.rank >= 1 && !reCapVerb.MatchString(t) && !reGrantStop.MatchString(t) {
				continue
			}
			h := x.hitAt(i, []int{min(best.a, loc[0]), max(best.b, loc[1])})
			return UserLimit{Count: best.value, Unit: u.unit(t, loc[0], loc[1])}, h, u.rank, true
		}
	}
	return UserLimit{}, hit{}, 0, false
}

// capVerbBefore reports a comparison ("fewer than", "up to", 不超过)
// ending at most a few bytes before position a of s.
func capVerbBefore(s string, a int) bool {
	lo := max(0, a-24)
	for _, loc := range reCapVerb.FindAllStringIndex(scanText(s[lo:a]), -1) {
		if a-(lo+loc[1]) <= 4 {
			return true
		}
	}
	return false
}

// yearLike reports a four-digit number that is a year ("in 2024").
func yearLike(s string, m numMatch) bool {
	if m.value < 1900 || m.value > 2100 || m.b-m.a != 4 {
		return false
	}
	after := s[m.b:min(len(s), m.b+4)]
	return strings.HasPrefix(after, "年") || strings.HasPrefix(s[max(0, m.a-3):m.a], "in ") || strings.HasPrefix(after, ",") || strings.HasPrefix(after, ")")
}

// aboveCapBranch reports a clause that says what happens above a cap
// (the licensee must request a license), as opposed to the branch below it.
func (x *extraction) aboveCapBranch(t text) bool {
	if !x.hasCap(t) || !reAboveVerb.MatchString(t) {
		return false
	}
	return !reBelowVerb.MatchString(t)
}

// hasCap reports a clause that speaks of users or revenue, the units of a
// cap.
func (x *extraction) hasCap(t text) bool {
	if reRevenue.MatchString(t) {
		return true
	}
	for _, u := range capUnits[:4] {
		if u.re.MatchString(t) {
			return true
		}
	}
	return false
}

// nearest picks the accepted number closest to the keyword span [ka, kb).
func nearest(nums []numMatch, ka, kb int, accept func(numMatch) bool) (numMatch, bool) {
	best, bestD := numMatch{}, -1
	for _, m := range nums {
		if !accept(m) {
			continue
		}
		d := gap([]int{m.a, m.b}, ka, kb)
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

func slicesSortCaps(cs []capHit) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].h.sent.a < cs[j-1].h.sent.a; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}
