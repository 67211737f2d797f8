package discover

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// naiveTriggers is the obvious definition triggers must agree with.
func naiveTriggers(src string) triggerSet {
	l := strings.Map(func(r rune) rune { // ASCII folding only, as triggers does
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}, src)
	var out triggerSet
	for set, words := range triggerWords {
		for _, w := range words {
			if strings.Contains(l, w) {
				out |= set
			}
		}
	}
	return out
}

func TestTriggers(t *testing.T) {
	for _, s := range []string{"", "m", "MODEL_ID=x", "x = 1\n", "see HF.CO/a", "git clone", "embedModel", "xhub.load", "run:", "mode l", "modelscope.cn/"} {
		if got, want := triggers([]byte(s)), naiveTriggers(s); got != want {
			t.Errorf("triggers(%q) = %b, want %b", s, got, want)
		}
	}
}

func FuzzTriggers(f *testing.F) {
	f.Add("AutoModel.from_pretrained")
	f.Add("https://huggingface.co/x")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := triggers([]byte(s)), naiveTriggers(s); got != want {
			t.Errorf("triggers(%q) = %b, want %b", s, got, want)
		}
	})
}

// TestTriggersLong covers the vector scanner, which only looks at inputs
// of 34 bytes or more: every trigger word, in three casings, at every
// offset of a block and its neighbours, in fillers made of the words'
// own letters (many near misses), compared with the naive search and, per
// group subset, with the scalar scan alone.
func TestTriggersLong(t *testing.T) {
	fillers := []string{
		strings.Repeat("x = y + 1;\n", 12),
		strings.Repeat("modl repp downlod chckpoint tokeniz hug cloe cur wge -h servv ", 2),
		strings.Repeat("MODE CO/ CN/ OM/ HF:/ F:/ ", 5),
	}
	var words []string
	for _, ws := range triggerWords {
		words = append(words, ws...)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	tt := trigOnce()
	check := func(s string) {
		t.Helper()
		if got, want := triggers([]byte(s)), naiveTriggers(s); got != want {
			t.Fatalf("triggers(%q) = %b, want %b", s, got, want)
		}
		for want := triggerSet(1); want <= trigLetters; want++ {
			if want&trigLetters != want {
				continue
			}
			if got, want := tt.scanLetters([]byte(s), want), tt.scanScalar([]byte(s), 0, want, 0); got != want {
				t.Fatalf("scanLetters(%q) = %b, scalar %b", s, got, want)
			}
		}
	}
	for _, f := range fillers {
		check(f)
		for _, w := range words {
			for _, cased := range []string{w, strings.ToUpper(w), mixCase(w, rng)} {
				for off := 0; off+len(cased) <= len(f); off += 1 + off/40 {
					check(f[:off] + cased + f[off+len(cased):])
				}
			}
		}
	}
	// Random text over the words' alphabet, long enough for several blocks.
	alphabet := "modelpratinhwcuskyvgfbz.-/:O MODELHF\n"
	for range 3000 {
		b := make([]byte, 34+rng.IntN(200))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		check(string(b))
	}
}

func mixCase(w string, rng *rand.Rand) string {
	b := []byte(w)
	for i, c := range b {
		if c >= 'a' && c <= 'z' && rng.IntN(2) == 0 {
			b[i] = c - 32
		}
	}
	return string(b)
}
