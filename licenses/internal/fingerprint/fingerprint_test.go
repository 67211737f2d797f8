package fingerprint

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func words(s string) []string {
	var out []string
	for _, w := range Words([]byte(s)) {
		out = append(out, s[w.Start:w.End])
	}
	return out
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello,  World!", []string{"Hello", "World"}},
		{"Meta’s “Llama 3.1”", []string{"Meta", "s", "Llama", "3", "1"}},
		{"**Bold** _it_ `code` # Head", []string{"Bold", "it", "code", "Head"}},
		{"<p class=\"x\">a&amp;b&#39;c</p>", []string{"a", "b", "c"}},
		{"line one\\nline two", []string{"line", "one", "line", "two"}},
		{"1. First\n  a) second\n(iv) third\n2.1. fourth", []string{"First", "second", "third", "fourth"}},
		{"1\\. Escaped", []string{"Escaped"}},
		{"see Section 2. Then", []string{"see", "Section", "2", "Then"}},
		{"Llama 3.1 is", []string{"Llama", "3", "1", "is"}},
		{"许可方AB", []string{"许", "可", "方", "AB"}},
		{"ＡＢＣ１", []string{"ＡＢＣ１"}},
		{"a <b not a tag", []string{"a", "b", "not", "a", "tag"}},
		{"\xff\xfeok", []string{"ok"}},
	}
	for _, tt := range tests {
		if got := words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizedFoldsLayoutAndWidth(t *testing.T) {
	a := Normalized([]byte("The  MIT\nLicense — ＡＢＣ"))
	b := Normalized([]byte("the mit license abc"))
	if a != b {
		t.Errorf("%q != %q", a, b)
	}
	if Digest([]byte("x y")) != Digest([]byte("X\n\ny")) || len(Digest(nil)) != 12 {
		t.Error("Digest depends on layout or has the wrong length")
	}
}

func TestWinnowGuarantee(t *testing.T) {
	// Any common run of K+W-1 words shares a fingerprint.
	base := strings.Fields(strings.Repeat("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu ", 8))
	for i := range base {
		base[i] += string(rune('a' + i%26))
	}
	doc := []byte(strings.Join(base, " "))
	sh := Shingles(Words(doc))
	sel := map[uint32]bool{}
	for _, j := range Winnow(sh) {
		sel[sh[j]] = true
	}
	for s := 0; s+K+W-1 <= len(base); s++ {
		part := Shingles(Words([]byte(strings.Join(base[s:s+K+W-1], " "))))
		if !slices.ContainsFunc(part, func(h uint32) bool { return sel[h] }) {
			t.Fatalf("run at %d shares no fingerprint", s)
		}
	}
}

func TestEncodeDecode(t *testing.T) {
	in := []uint32{5, 1, 0xFFFFFFFF, 5, 70000}
	got, err := Decode(Encode(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := []uint32{1, 5, 70000, 0xFFFFFFFF}; !slices.Equal(got, want) {
		t.Errorf("round trip = %v, want %v", got, want)
	}
	for _, bad := range []string{"!!", "gA=="} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode(%q) accepted", bad)
		}
	}
}

// seq returns n distinct words (Latin) or characters (Han), so that the
// fingerprint sets are large.
func seq(prefix string, n int, han bool) string {
	var sb strings.Builder
	for i := range n {
		if han {
			sb.WriteRune(rune(0x4E00 + i*13))
			continue
		}
		sb.WriteString(prefix)
		sb.WriteString(strings.Repeat("x", i%7))
		sb.WriteRune(rune('a' + i%26))
		sb.WriteRune(rune('a' + (i/26)%26))
		sb.WriteByte(' ')
	}
	return sb.String()
}

func TestBuildSplitsPolicyAndLanguages(t *testing.T) {
	lic := seq("lic", 600, false)
	pol := seq("pol", 300, false)
	texts := func() map[string][]byte {
		return map[string][]byte{
			"lic":  []byte(lic + "\n\n" + pol),
			"pol":  []byte(pol),
			"bili": []byte(seq("", 400, true) + "\n" + seq("en", 400, false)),
		}
	}
	d := Build(texts(), map[string]bool{"pol": true})
	byKey := map[string]Doc{}
	for _, x := range d.Docs {
		byKey[x.Key] = x
	}
	if !slices.Equal(byKey["lic"].Contains, []string{"pol"}) {
		t.Errorf("lic contains %v, want [pol]", byKey["lic"].Contains)
	}
	if p := byKey["lic"].Parts; len(p) != 1 || p[0].Count > byKey["pol"].Parts[0].Count*3 {
		t.Errorf("lic parts %+v still hold the policy (policy has %d)", p, byKey["pol"].Parts[0].Count)
	}
	if p := byKey["bili"].Parts; len(p) != 2 || p[0].Name != "en" || p[1].Name != "zh" {
		t.Errorf("bilingual parts = %+v", p)
	}
	b1, _ := Marshal(d)
	b2, _ := Marshal(Build(texts(), map[string]bool{"pol": true}))
	if string(b1) != string(b2) {
		t.Error("Build is not deterministic")
	}
	if _, err := Unmarshal(b1); err != nil {
		t.Error(err)
	}
	if _, err := Unmarshal([]byte(`{"format":99}`)); err == nil {
		t.Error("Unmarshal accepted a foreign format")
	}
}

func FuzzWords(f *testing.F) {
	f.Add([]byte("1. a) (iv) **x** <b>y</b> &amp; \\n 许可 ＡＢ"))
	f.Add([]byte("\\\\.\\"))
	f.Fuzz(func(t *testing.T, in []byte) {
		prev := 0
		for _, w := range Words(in) {
			if w.Start < prev || w.End <= w.Start || w.End > len(in) {
				t.Fatalf("bad word %+v (prev end %d) in %q", w, prev, in)
			}
			if !utf8.Valid(in[w.Start:w.End]) {
				t.Fatalf("word %q is not UTF-8", in[w.Start:w.End])
			}
			prev = w.End
		}
		sh := Shingles(Words(in))
		for _, j := range Winnow(sh) {
			if j < 0 || j >= len(sh) {
				t.Fatalf("winnow index %d of %d", j, len(sh))
			}
		}
	})
}
