package discover

import (
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
