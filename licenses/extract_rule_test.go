package licenses

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
)

// allRules lists every extractor rule, so the prefilter tests cover them.
func allRules() map[string]*rule {
	return map[string]*rule{
		"Revenue": reRevenue, "Annual": reAnnual, "Monthly": reMonthly,
		"CapVerb": reCapVerb, "GrantStop": reGrantStop, "NotLimited": reNotLimited, "NegatedNC": reNegatedNC,
		"Prohibit": reProhibit, "ResearchOnly": reResearchOnly, "EvalOnly": reEvalOnly, "OtherPurpose": reOtherPurpose,
		"WeakLimit": reWeakLimit, "AllowCommercial": reAllowCommercial, "CommercialWord": reCommercialWord,
		"Approval": reApproval, "TrademarkReg": reTrademarkReg, "Only": reOnly, "RegisterDuty": reRegisterDuty,
		"DisplayText": reDisplayText, "BuiltWith": reBuiltWith, "Naming": reNaming, "Notice": reNotice,
		"OutputWord": reOutputWord, "TrainWord": reTrainWord, "OtherModel": reOtherModel, "Neg": reNeg,
		"DerivTerm": reDerivTerm, "DerivOutput": reDerivOutput, "DerivBuild": reDerivBuild, "OutputNeg": reOutputNeg, "OutputDuty": reOutputDuty,
		"UsePolicy": reUsePolicy, "PolicyContext": rePolicyContext, "NoRedistribute": reNoRedistribute,
		"Redistribute": reRedistribute, "RedistCond": reRedistCond, "ShareAlike": reShareAlike,
		"PurposeQualified": rePurposeQualified, "Territory": reTerritory, "MoreRegions": reMoreRegions, "LawClause": reLawClause,
		"Law": reLaw, "PlaceholderLaw": rePlaceholderLaw, "LanguagePrevails": reLanguagePrevails, "DigitNum": reDigitNum, "CJKNum": reCJKNum, "WordNum": reWordNum,
		"RoleGrant": reRoleGrant, "RoleProhibit": reRoleProhibit, "RoleCondition": reRoleCondition, "RoleException": reRoleException,
		"RoleDuty": reRoleDuty, "RoleDef": reRoleDef, "RoleDisclaim": reRoleDisclaim,
		"SecDefinitions": reSecDefinitions, "SecDisclaimer": reSecDisclaimer, "SecNotices": reSecNotices, "SecResearch": reSecResearch,
		"NCGrant": reNCGrant, "BarQualified": reBarQualified, "ResearchGrant": reResearchGrant, "Pointer": rePointer, "CodeOnly": reCodeOnly, "NCWord": reNCWord, "BroadGrant": reBroadGrant, "OtherUsePath": reOtherUsePath, "CommercialUseWord": reCommercialUseWord,
		"MAU": reMAU, "DAU": reDAU, "UsersW": reUsersW, "Visits": reVisits, "Calls": reCalls, "Reqs": reReqs, "Devices": reDevices,
		"PerDay": rePerDay, "PerMon": rePerMon, "AboveVerb": reAboveVerb, "BelowVerb": reBelowVerb,
		"DisplayZh": reDisplayZh, "NamingContains": reNamingContains, "NamingKeep": reNamingKeep, "NamingMark": reNamingMark, "NamingEndorse": reNamingEndorse,
		"NoticeSection": reNoticeSection, "OutputBound": reOutputBound, "HarmfulUse": reHarmfulUse,
	}
}

// ruleSentences returns the normalized sentences of every corpus license,
// plus a few of our own (FuzzRules covers arbitrary text), a deterministic
// sample of them.
func ruleSentences(t *testing.T) []string {
	var docs [][]byte
	dir := sharedtest.Dir(t)
	for _, sub := range []string{"corpus/licenses/*.txt"} {
		files, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(sub)))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no files (%v)", sub, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, b)
		}
	}
	for _, s := range []string{
		"You may use the Model solely for non-commercial research purposes.",
		"more than 700 million monthly active users, you must request a license",
		"本模型仅限学术研究使用，月活跃用户超过1亿须申请授权。",
		`Derivative model names must begin with "Nova-". Display “Built with Orca”.`,
		"Licensee shall not use the Model for commercial purposes, not limited to research.",
	} {
		docs = append(docs, []byte(s))
	}
	// Every second clause (every twentieth under -race) keeps the test
	// within its old time with twice the rules; FuzzRules covers the rest.
	step := 2
	if raceDetector {
		step = 20
	}
	var out []string
	k := 0
	for _, d := range docs {
		n := normalize(d)
		norm := string(n.norm)
		for _, s := range n.sentences() {
			if k++; k%step != 0 {
				continue
			}
			out = append(out, norm[s.a:s.b])
		}
	}
	return out
}

// TestRulesMatchRegexp checks that the prefiltered, split rules return
// exactly what their whole regexp returns, on sentences with a literal scan
// and on plain fragments, and that the one-pass literal scan agrees with
// strings.Contains for every literal.
func TestRulesMatchRegexp(t *testing.T) {
	sents := ruleSentences(t)
	rules := allRules()
	names := sortedKeys(rules)
	for _, s := range sents {
		scanned := scanText(s)
		for id, lit := range ruleLits.list {
			if got, want := scanned.has[id>>6]&(1<<(id&63)) != 0, strings.Contains(s, lit); got != want {
				t.Fatalf("literal %q in %q: scan %v, Contains %v", lit, s, got, want)
			}
		}
		for _, name := range names {
			r := rules[name]
			want := r.re.FindStringIndex(s)
			if got := r.FindStringIndex(scanned); !slices.Equal(got, want) {
				t.Fatalf("%s.FindStringIndex(%q) = %v, regexp %v", name, s, got, want)
			}
			if got := r.FindStringIndex(plain(s)); !slices.Equal(got, want) {
				t.Fatalf("%s.FindStringIndex(plain %q) = %v, regexp %v", name, s, got, want)
			}
			if got := r.MatchString(scanned); got != (want != nil) {
				t.Fatalf("%s.MatchString(%q) = %v, regexp %v", name, s, got, want != nil)
			}
		}
	}
	t.Logf("%d sentences, %d rules, %d literals", len(sents), len(rules), len(ruleLits.list))
}

// FuzzRules checks the same equivalence on arbitrary text.
func FuzzRules(f *testing.F) {
	for _, s := range []string{
		"you may not use the model for any commercial purpose",
		"licen licence license-free royalty free non-commercial",
		"月活跃用户超过1亿 不得用于商业",
		"\xff\xfe not\x00commercial",
	} {
		f.Add(s)
	}
	rules := allRules()
	names := sortedKeys(rules)
	f.Fuzz(func(t *testing.T, s string) {
		scanned := scanText(s)
		for _, name := range names {
			r := rules[name]
			if got, want := r.FindStringIndex(scanned), r.re.FindStringIndex(s); !slices.Equal(got, want) {
				t.Fatalf("%s.FindStringIndex(%q) = %v, regexp %v", name, s, got, want)
			}
			if got, want := r.MatchString(scanned), r.re.MatchString(s); got != want {
				t.Fatalf("%s.MatchString(%q) = %v, regexp %v", name, s, got, want)
			}
		}
	})
}

func TestSplitTopAlternation(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{`abc`, nil},
		{`a|b`, []string{"a", "b"}},
		{`(a|b)c|d`, []string{"(a|b)c", "d"}},
		{`[|]x|y`, []string{"[|]x", "y"}},
		{`[]|]x|y`, []string{"[]|]x", "y"}},
		{`[^]|]x|y`, []string{"[^]|]x", "y"}},
		{`a\|b|c`, []string{`a\|b`, "c"}},
	}
	for _, c := range cases {
		if got := splitTopAlternation(c.in); !slices.Equal(got, c.want) {
			t.Errorf("splitTopAlternation(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
