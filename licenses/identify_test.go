package licenses

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/internal/sharedtest"
)

// label is the part of a labels.yaml entry the catalog must agree with.
type label struct {
	ID    string `yaml:"id"`
	Kind  string `yaml:"kind"`
	Terms struct {
		CommercialUse *struct{ Value string } `yaml:"commercial_use"`
		UserThreshold *struct {
			Value *int64
			Unit  string
		} `yaml:"user_threshold"`
		RevenueThresh *struct {
			Value            *int64
			Currency, Period string
		} `yaml:"revenue_threshold"`
		ResearchOnly   *struct{ Value bool }          `yaml:"research_only"`
		Attribution    map[string]any                 `yaml:"attribution"`
		OutputRestrict *struct{ Value any }           `yaml:"output_restriction"`
		UseRestrict    *struct{ Present bool }        `yaml:"use_restrictions"`
		Redistribution *struct{ Conditions []string } `yaml:"redistribution"`
		Geographic     *struct{ Value *string }       `yaml:"geographic"`
		Copyleft       *struct{ Value bool }          `yaml:"copyleft_or_sharealike"`
		GoverningLaw   *struct{ Law *string }         `yaml:"governing_law"`
	} `yaml:"terms"`
	Related []string `yaml:"related"`
}

func readLabels(t *testing.T) []label {
	t.Helper()
	b, err := os.ReadFile(sharedtest.Path(t, "corpus/labels.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Licenses []label `yaml:"licenses"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Licenses
}

// lawWords maps our governing-law codes to words a label's prose uses.
var lawWords = map[string][]string{
	"US-CA": {"california"}, "US-DE": {"delaware"}, "CN": {"china", "prc"}, "FR": {"france"},
}

// TestIdentifyCorpusAgainstLabels runs `aibom license` (IdentifyFiles) over
// every corpus text and checks the key and every labelled term.
func TestIdentifyCorpusAgainstLabels(t *testing.T) {
	dir := sharedtest.Path(t, "corpus/licenses")
	labels := readLabels(t)
	var paths []string
	for _, l := range labels {
		paths = append(paths, filepath.Join(dir, l.ID+".txt"))
	}
	ids, errs := IdentifyFiles(paths)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(ids) != len(labels) || len(labels) < 52 {
		t.Fatalf("%d identifications for %d labels", len(ids), len(labels))
	}
	for i, l := range labels {
		id := ids[i]
		t.Run(l.ID, func(t *testing.T) {
			if id.Key != l.ID {
				t.Fatalf("identified as %q (confidence %.3f), want %q; matches %+v", id.Key, id.Confidence, l.ID, id.Matches)
			}
			if id.Confidence < IdentifyCoverage {
				t.Errorf("confidence %.3f", id.Confidence)
			}
			wantKind := map[string]string{"model_license": KindLicense, "generic_oss": KindLicense, "use_policy": KindUsePolicy, "service_terms": KindServiceTerms}[l.Kind]
			if id.Kind != wantKind {
				t.Errorf("kind %q, want %q", id.Kind, wantKind)
			}
			checkTermsAgainstLabel(t, l, id.Terms)
			lic, _ := Builtin().Get(l.ID)
			for _, r := range l.Related {
				if !slices.Contains(lic.Related, r) {
					t.Errorf("related %v lacks %s", lic.Related, r)
				}
			}
		})
	}
}

func checkTermsAgainstLabel(t *testing.T, l label, got Terms) {
	t.Helper()
	lt := l.Terms
	if lt.CommercialUse != nil && got.CommercialUse != lt.CommercialUse.Value {
		t.Errorf("commercial_use %q, want %q", got.CommercialUse, lt.CommercialUse.Value)
	}
	if lt.UserThreshold != nil {
		switch {
		case lt.UserThreshold.Value == nil && got.UserLimit != nil:
			t.Errorf("user_limit %+v, want none", *got.UserLimit)
		case lt.UserThreshold.Value != nil && (got.UserLimit == nil || got.UserLimit.Count != *lt.UserThreshold.Value || got.UserLimit.Unit != lt.UserThreshold.Unit):
			t.Errorf("user_limit %+v, want %d %s", got.UserLimit, *lt.UserThreshold.Value, lt.UserThreshold.Unit)
		}
	}
	if lt.RevenueThresh != nil {
		switch {
		case lt.RevenueThresh.Value == nil && got.RevenueLimit != nil:
			t.Errorf("revenue_limit %+v, want none", *got.RevenueLimit)
		case lt.RevenueThresh.Value != nil && (got.RevenueLimit == nil || got.RevenueLimit.Amount != *lt.RevenueThresh.Value ||
			got.RevenueLimit.Currency != lt.RevenueThresh.Currency || got.RevenueLimit.Period != lt.RevenueThresh.Period):
			t.Errorf("revenue_limit %+v, want %d %s %s", got.RevenueLimit, *lt.RevenueThresh.Value, lt.RevenueThresh.Currency, lt.RevenueThresh.Period)
		}
	}
	if lt.ResearchOnly != nil && got.ResearchOnly != lt.ResearchOnly.Value {
		t.Errorf("research_only %v, want %v", got.ResearchOnly, lt.ResearchOnly.Value)
	}
	if a := lt.Attribution; a != nil {
		want := a["notice_file_text"] != nil || a["display_text"] != nil || a["quote"] != nil || a["quotes"] != nil
		if got.AttributionRequired != want {
			t.Errorf("attribution_required %v, want %v", got.AttributionRequired, want)
		}
		disp, _ := a["display_text"].(string)
		if got.AttributionText != nil && !strings.Contains(strings.ToLower(disp), strings.ToLower(*got.AttributionText)) {
			t.Errorf("attribution_text %q not in the label's display text %q", *got.AttributionText, disp)
		}
		if disp != "" && got.AttributionText == nil && !got.AttributionRequired {
			t.Errorf("label has display text %q but no attribution duty recorded", disp)
		}
		rule, _ := a["naming_rule"].(string)
		if got.NamingRule != nil && !strings.Contains(rule, `"`+*got.NamingRule+`"`) {
			t.Errorf("naming_rule %q not the prefix in %q", *got.NamingRule, rule)
		}
		if strings.Contains(rule, "beginning") && got.NamingRule == nil {
			t.Errorf("label has a name-prefix rule %q, naming_rule is null", rule)
		}
	}
	if lt.OutputRestrict != nil {
		want := lt.OutputRestrict.Value != nil
		if got.OutputRestriction != want {
			t.Errorf("output_restriction %v, want %v (%v)", got.OutputRestriction, want, lt.OutputRestrict.Value)
		}
	}
	if lt.UseRestrict != nil && got.UseRestrictions != lt.UseRestrict.Present {
		t.Errorf("use_restrictions %v, want %v", got.UseRestrictions, lt.UseRestrict.Present)
	}
	// The incorporated use policy, when the corpus has it, is named.
	for _, r := range l.Related {
		if strings.HasSuffix(r, "-aup") || strings.Contains(r, "use-policy") {
			if l.Kind != "use_policy" && (got.UsePolicy == nil || *got.UsePolicy != r) {
				t.Errorf("use_policy %v, want %s", got.UsePolicy, r)
			}
		}
	}
	if rd := lt.Redistribution; rd != nil {
		banned := slices.ContainsFunc(rd.Conditions, func(c string) bool { return strings.Contains(c, "NOT allowed") })
		if banned != (got.Redistribution == Prohibited) {
			t.Errorf("redistribution %q, label conditions %v", got.Redistribution, rd.Conditions)
		}
		if !banned && len(rd.Conditions) > 0 && got.Redistribution == Unknown {
			t.Errorf("redistribution unknown, label conditions %v", rd.Conditions)
		}
	}
	if g := lt.Geographic; g != nil {
		eu := g.Value != nil && regexp.MustCompile(`\bEU\b`).MatchString(*g.Value)
		if eu != slices.Contains(got.TerritoryExcluded, "EU") {
			t.Errorf("territory_excluded %v, label %v", got.TerritoryExcluded, g.Value)
		}
		if g.Value == nil && len(got.TerritoryExcluded) > 0 {
			t.Errorf("territory_excluded %v, label none", got.TerritoryExcluded)
		}
	}
	if lt.Copyleft != nil && got.ShareAlike != lt.Copyleft.Value {
		t.Errorf("share_alike %v, want %v", got.ShareAlike, lt.Copyleft.Value)
	}
	if gl := lt.GoverningLaw; gl != nil {
		fixed := gl.Law != nil && !strings.Contains(*gl.Law, "licensee's state")
		switch {
		case !fixed && got.GoverningLaw != nil:
			t.Errorf("governing_law %q, label %v", *got.GoverningLaw, gl.Law)
		case fixed && got.GoverningLaw == nil:
			t.Errorf("governing_law null, label %q", *gl.Law)
		case fixed:
			words, ok := lawWords[*got.GoverningLaw]
			if !ok || !slices.ContainsFunc(words, func(w string) bool { return strings.Contains(strings.ToLower(*gl.Law), w) }) {
				t.Errorf("governing_law %q does not match label %q", *got.GoverningLaw, *gl.Law)
			}
		}
	}
	// Evidence quoted from the text must be the text's own bytes.
	for f, ev := range got.Evidence {
		if ev.Start == 0 && ev.End == 0 {
			if ev.Source == "" {
				t.Errorf("evidence %s has neither offsets nor a source document", f)
			}
		}
	}
}

// TestEvidenceQuotesInput checks that evidence with offsets is the input's
// own text there.
func TestEvidenceQuotesInput(t *testing.T) {
	texts := corpusTexts(t)
	for _, k := range []string{"llama3.1", "qwen-tongyi-qianwen", "stability-ai-community", "chatglm3"} {
		in := texts[k]
		id := Builtin().Identify(in)
		quoted := 0
		for f, ev := range id.Terms.Evidence {
			if ev.End == 0 {
				continue
			}
			quoted++
			if ev.Start < 0 || ev.End > len(in) || ev.Start >= ev.End {
				t.Errorf("%s %s: offsets %d-%d out of range", k, f, ev.Start, ev.End)
				continue
			}
			if strings.Join(strings.Fields(string(in[ev.Start:ev.End])), " ") != strings.Join(strings.Fields(ev.Quote), " ") &&
				!strings.Contains(strings.Join(strings.Fields(string(in[ev.Start:ev.End])), " "), strings.Join(strings.Fields(strings.Trim(ev.Quote, "…. ")), " ")) {
				t.Errorf("%s %s: quote %q is not the input at %d-%d", k, f, ev.Quote, ev.Start, ev.End)
			}
		}
		if quoted == 0 {
			t.Errorf("%s: no evidence quoted from the input", k)
		}
	}
}

// ---------------------------------------------------------------- robustness

// rewrap joins each paragraph's lines and re-breaks them at width.
func rewrap(text []byte, width int) []byte {
	var out bytes.Buffer
	for _, para := range regexp.MustCompile(`\n\s*\n`).Split(string(text), -1) {
		line := 0
		for _, w := range strings.Fields(para) {
			if line > 0 && line+1+len(w) > width {
				out.WriteByte('\n')
				line = 0
			} else if line > 0 {
				out.WriteByte(' ')
				line++
			}
			out.WriteString(w)
			line += len(w)
		}
		out.WriteString("\n\n")
	}
	return out.Bytes()
}

// markdownify turns the text into typical Markdown: short upper-case lines
// become headings, the first word of each paragraph bold, list markers
// escaped, straight quotes curly, and a link added.
func markdownify(text []byte) []byte {
	var out bytes.Buffer
	out.WriteString("# LICENSE\n\n> Read before use. See [the original](https://example.org/license).\n\n")
	for _, line := range strings.Split(string(text), "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
		case len(trim) < 60 && strings.ToUpper(trim) == trim && utf8.ValidString(trim):
			line = "## " + trim
		case regexp.MustCompile(`^\d+\. `).MatchString(trim):
			line = strings.Replace(trim, ". ", "\\. ", 1)
		default:
			if i := strings.IndexByte(trim, ' '); i > 0 {
				line = "**" + trim[:i] + "**" + trim[i:]
			}
		}
		line = strings.NewReplacer(`"`, "\u201c", "'", "\u2019").Replace(line)
		out.WriteString(line + "\n")
	}
	return out.Bytes()
}

// inFrontMatter embeds the text in a model card's extra_gated_prompt block.
func inFrontMatter(text []byte) []byte {
	var out bytes.Buffer
	out.WriteString("---\nlanguage:\n- en\nlicense: other\nextra_gated_prompt: |\n")
	for _, line := range strings.Split(string(text), "\n") {
		out.WriteString("  " + line + "\n")
	}
	out.WriteString("extra_gated_fields:\n  First Name: text\n  I accept the terms: checkbox\n---\n\n# Model card\n\nThis model is a fine-tune for summarisation. Evaluation results follow.\n")
	return out.Bytes()
}

// quotedFrontMatter embeds the text as one double-quoted YAML string with
// escaped newlines, as some cards do.
func quotedFrontMatter(text []byte) []byte {
	s := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(string(text))
	return []byte("---\nlicense: other\nextra_gated_prompt: \"" + s + "\"\n---\n# Card\n")
}

func htmlify(text []byte) []byte {
	var out bytes.Buffer
	out.WriteString("<html><body><div class=\"license\">\n")
	for _, para := range strings.Split(string(text), "\n\n") {
		p := strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&quot;").Replace(para)
		out.WriteString("<p>" + strings.ReplaceAll(p, "\n", "<br/>\n") + "</p>\n")
	}
	out.WriteString("</div></body></html>\n")
	return out.Bytes()
}

func withMirrorHeader(text []byte) []byte {
	return append([]byte("[For a copy of the original license, see https://mirror.example.net/licenses/X]\n\n"), text...)
}

func TestIdentifyRobustToFormatting(t *testing.T) {
	texts := corpusTexts(t)
	transforms := []struct {
		name string
		f    func([]byte) []byte
	}{
		{"rewrapped-50", func(b []byte) []byte { return rewrap(b, 50) }},
		{"rewrapped-120", func(b []byte) []byte { return rewrap(b, 120) }},
		{"crlf", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
		{"markdown", markdownify},
		{"html", htmlify},
		{"front-matter", inFrontMatter},
		{"quoted-front-matter", quotedFrontMatter},
		{"mirror-header", withMirrorHeader},
	}
	c := Builtin()
	for i, k := range sortedKeys(texts) {
		for j, tr := range transforms {
			if raceDetector && (i+j)%len(transforms) != 0 {
				continue // one transform per text under -race, rotating
			}
			t.Run(k+"/"+tr.name, func(t *testing.T) {
				t.Parallel()
				id := c.Identify(tr.f(texts[k]))
				if id.Key != k {
					t.Errorf("identified as %q (%.3f), want %q; matches %v", id.Key, id.Confidence, k, id.Matches)
				}
			})
		}
	}
}

// TestLicenseFollowedByPolicy: a license file that carries its use policy
// reports both, with the license as the identification.
func TestLicenseFollowedByPolicy(t *testing.T) {
	texts := corpusTexts(t)
	pairs := [][2]string{
		{"llama3.1", "llama3.1-aup"}, {"llama3.2", "llama3.2-aup"}, {"llama3.3", "llama3.3-aup"},
		{"llama4", "llama4-aup"}, {"llama2", "llama2-aup"}, {"gemma", "gemma-prohibited-use-policy"},
		{"falcon2-tii-license-1.0", "falcon2-tii-aup"},
	}
	for _, p := range pairs {
		in := slices.Concat(texts[p[0]], []byte("\n\n"), texts[p[1]])
		id := Builtin().Identify(in)
		if id.Key != p[0] {
			t.Errorf("%s+%s: identified as %q", p[0], p[1], id.Key)
		}
		var keys []string
		for _, m := range id.Matches {
			keys = append(keys, m.Key)
			if m.Start < 0 || m.End > len(in) || m.Start >= m.End {
				t.Errorf("%s: bad span %+v", p[0], m)
			}
		}
		if !slices.Contains(keys, p[1]) {
			t.Errorf("%s+%s: policy not reported; matches %v", p[0], p[1], id.Matches)
		}
		// The policy's span starts after the license's.
		for _, m := range id.Matches {
			if m.Key == p[1] && m.Start < len(texts[p[0]])-200 {
				t.Errorf("%s: policy span %+v starts inside the license", p[1], m)
			}
		}
	}
	// The Llama 3 file already carries its policy: both are reported.
	id := Builtin().Identify(texts["llama3"])
	if !slices.ContainsFunc(id.Matches, func(m Match) bool { return m.Key == "llama3-aup" }) {
		t.Errorf("llama3 file: policy not reported: %v", id.Matches)
	}
}

// TestVersionsDistinguished: each Llama and Gemma version is told from its
// neighbours even inside a model card, and the version decides the terms.
func TestVersionsDistinguished(t *testing.T) {
	texts := corpusTexts(t)
	c := Builtin()
	for _, k := range []string{"llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma", "gemma-2024-02-21",
		"stability-sdxl0.9-research", "deepfloyd-if", "yi-1.0", "yi-community-2.1", "qwen-research", "qwen-tongyi-qianwen-research"} {
		id := c.Identify(inFrontMatter(rewrap(texts[k], 70)))
		if id.Key != k {
			t.Errorf("%s identified as %s", k, id.Key)
			continue
		}
		want, _ := c.Get(k)
		if !slices.Equal(id.Terms.TerritoryExcluded, want.Terms.TerritoryExcluded) || id.Terms.CommercialUse != want.Terms.CommercialUse {
			t.Errorf("%s: terms differ from the catalog's", k)
		}
	}
}

// TestChineseTexts: Chinese-only halves of the bilingual corpus licenses
// are identified, and our own Chinese license texts are not mistaken for
// them.
func TestChineseTexts(t *testing.T) {
	texts := corpusTexts(t)
	c := Builtin()
	for _, k := range []string{"chatglm3", "glm4", "yi-1.0", "yi-community-2.1"} {
		zh := chineseLines(texts[k])
		if len(zh) < 500 {
			t.Fatalf("%s: only %d bytes of Chinese", k, len(zh))
		}
		id := c.Identify(zh)
		if id.Key != k {
			t.Errorf("%s (Chinese only): identified as %q %.3f %v", k, id.Key, id.Confidence, id.Matches)
		}
		// Full-width punctuation swapped for ASCII and lines joined.
		alt := strings.NewReplacer("，", ",", "。", ".", "“", `"`, "”", `"`, "\n", "").Replace(string(zh))
		if id := c.Identify([]byte(alt)); id.Key != k {
			t.Errorf("%s (Chinese, re-punctuated): identified as %q", k, id.Key)
		}
	}
	own := []string{
		// Our own texts: a non-commercial research license and a commercial
		// license with a daily-active-user cap, written for this test.
		"星河模型许可协议\n\n一、本模型仅限学术研究使用，禁止任何商业用途。\n二、如需商业使用，须事先向许可方申请授权并获得书面同意。\n三、本协议受中华人民共和国法律管辖。",
		"晨光开放模型社区许可\n第1条 被许可人可免费将本模型用于商业用途，但其产品日活跃用户超过 50 万时，应另行取得商业许可。\n第2条 分发本模型时须附带本协议副本，并注明“基于晨光模型构建”。",
	}
	for i, s := range own {
		id := c.Identify([]byte(s))
		if id.Key != "" {
			t.Errorf("own text %d identified as %q", i, id.Key)
		}
		if !strings.HasPrefix(id.SPDXID, "LicenseRef-aibom-unknown-") || len(id.SPDXID) != len("LicenseRef-aibom-unknown-")+12 {
			t.Errorf("own text %d: spdx id %q", i, id.SPDXID)
		}
	}
	// The unknown id depends on the words only, not on layout.
	a := c.Identify([]byte(own[0]))
	b := c.Identify([]byte(strings.ReplaceAll(own[0], "\n", "\n\n  ")))
	if a.SPDXID != b.SPDXID {
		t.Errorf("unknown id changes with layout: %s vs %s", a.SPDXID, b.SPDXID)
	}
}

// chineseLines keeps the lines of text that are mostly CJK.
func chineseLines(text []byte) []byte {
	var out bytes.Buffer
	for _, line := range strings.Split(string(text), "\n") {
		cjk, other := 0, 0
		for _, r := range line {
			switch {
			case r >= 0x4E00 && r <= 0x9FFF:
				cjk++
			case r > ' ' && r < 0x7F:
				other++
			}
		}
		if cjk > 0 && cjk*3 >= other {
			out.WriteString(line + "\n")
		}
	}
	return out.Bytes()
}

// TestUnrelatedAndPartialTexts: prose that merely mentions licenses, and a
// short excerpt, are not identified as the license.
func TestUnrelatedAndPartialTexts(t *testing.T) {
	texts := corpusTexts(t)
	c := Builtin()
	ex := texts["llama3.1"]
	excerpt := ex[len(ex)/3 : len(ex)/3+600]
	for name, in := range map[string][]byte{
		"card":    []byte("# Model\nThis model is released under the Llama 3.1 Community License. Built with Llama. Use responsibly and comply with the acceptable use policy."),
		"excerpt": excerpt,
		"empty":   nil,
	} {
		if id := c.Identify(in); id.Key != "" {
			t.Errorf("%s: identified as %q (%.3f)", name, id.Key, id.Confidence)
		}
	}
}

// TestOSSViaLicensecheck: licenses without a corpus text are identified by
// licensecheck; we build the BSD text from its well-known clauses here.
func TestOSSViaLicensecheck(t *testing.T) {
	bsd := `Copyright (c) 2024, Example Org
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the following disclaimer in the documentation and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its contributors may be used to endorse or promote products derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
`
	id := Builtin().Identify([]byte(bsd))
	if id.Key != "bsd-3-clause" || id.SPDXID != "BSD-3-Clause" || id.Terms.CommercialUse != Allowed {
		t.Errorf("BSD-3-Clause: got key %q spdx %q commercial %q", id.Key, id.SPDXID, id.Terms.CommercialUse)
	}
}

func TestIdentifyFilesErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "LICENSE")
	if err := os.WriteFile(good, []byte("some text that is no license"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "BIG")
	if err := os.WriteFile(big, bytes.Repeat([]byte("a "), MaxLicenseBytes), 0o644); err != nil {
		t.Fatal(err)
	}
	ids, errs := IdentifyFiles([]string{filepath.Join(dir, "missing"), good, big, dir})
	if len(ids) != 1 || ids[0].File != good {
		t.Errorf("ids = %+v", ids)
	}
	if len(errs) != 3 {
		t.Fatalf("errs = %v", errs)
	}
	for _, err := range errs {
		if !strings.Contains(err.Error(), dir) {
			t.Errorf("error %q does not name the file", err)
		}
	}
}

// TestIdentifyFilesPDF: a license published as a PDF is read through its
// text, its terms come from that text, and a PDF that cannot be read is an
// error naming the file.
func TestIdentifyFilesPDF(t *testing.T) {
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetFont("Helvetica", "", 11)
	doc.AddPage()
	// Our own words, in the shape of a research license.
	doc.MultiCell(0, 5, "ACME MODEL LICENSE\n\nAcme grants you a license to use the Model solely for non-commercial research purposes. "+
		"For commercial use, contact licensing@acme.example to obtain a commercial license.", "", "L", false)
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "LICENSE.pdf"), filepath.Join(dir, "broken.pdf")
	if err := os.WriteFile(good, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, buf.Bytes()[:buf.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	ids, errs := IdentifyFiles([]string{good, bad})
	if len(ids) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), bad) {
		t.Fatalf("ids %+v errs %v", ids, errs)
	}
	id := ids[0]
	if id.TextFrom != "pdf" || id.Terms.CommercialUse != Conditional || !id.Terms.ResearchOnly || !id.Terms.RegistrationRequired {
		t.Errorf("text_from %q terms %+v", id.TextFrom, id.Terms)
	}
	if q := id.Terms.Evidence[fieldCommercialUse].Quote; !strings.Contains(q, "contact") {
		t.Errorf("commercial_use decided by %q, want the clause that names the way to a commercial license", q)
	}
}

func TestWriteIdentificationsGolden(t *testing.T) {
	texts := corpusTexts(t)
	c := Builtin()
	var ids []Identification
	for _, k := range []string{"llama3.2", "mit", "chatglm3"} {
		id := c.Identify(texts[k])
		id.File = "corpus/" + k + ".txt"
		ids = append(ids, id)
	}
	unk := c.Identify([]byte("本模型仅限学术研究使用，禁止商业用途。"))
	unk.File = "own/zh.txt"
	ids = append(ids, unk)
	var tbl bytes.Buffer
	if err := WriteIdentificationsTable(&tbl, ids); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "identify_table.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, tbl.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(tbl.Bytes(), want) {
		t.Errorf("table differs from %s:\n%s", golden, tbl.String())
	}
	// JSON is deterministic.
	var a, b bytes.Buffer
	_ = WriteIdentificationsJSON(&a, ids)
	_ = WriteIdentificationsJSON(&b, ids)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("JSON output not deterministic")
	}
}

func FuzzIdentify(f *testing.F) {
	f.Add([]byte("Licensed under the Apache License, Version 2.0"))
	f.Add([]byte("<p>a&amp;b</p>\n1\\. **x** 本模型仅限学术研究"))
	f.Add([]byte("\\n\\t(a) 1.1. iv) \xff\xfe"))
	c := Builtin()
	f.Fuzz(func(t *testing.T, in []byte) {
		id := c.Identify(in)
		if id.Key == "" && !strings.HasPrefix(id.SPDXID, "LicenseRef-aibom-unknown-") {
			t.Fatalf("unknown text with spdx id %q", id.SPDXID)
		}
		for _, m := range id.Matches {
			if m.Start < 0 || m.End > len(in) || m.Start > m.End || m.Coverage < 0 || m.Coverage > 1 {
				t.Fatalf("bad match %+v for %d bytes", m, len(in))
			}
		}
		if id.Confidence < 0 || id.Confidence > 1 {
			t.Fatalf("confidence %v", id.Confidence)
		}
	})
}

func BenchmarkIdentifyLong(b *testing.B) {
	texts := corpusTexts(b)
	var in []byte
	for _, k := range sortedKeys(texts) {
		in = append(in, texts[k]...)
		in = append(in, fmt.Sprintf("\n\n---- %s ----\n\n", k)...)
	}
	c := Builtin()
	c.Identify(nil) // warm up lazily built scanners
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for b.Loop() {
		c.Identify(in)
	}
}

func BenchmarkIdentifyOne(b *testing.B) {
	in := corpusTexts(b)["llama3.1"]
	c := Builtin()
	c.Identify(nil)
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for b.Loop() {
		c.Identify(in)
	}
}
