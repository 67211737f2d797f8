package licenses

// TEMPORARY: old-vs-new equivalence snapshot for the extractor speed work.
// Removed before hand-off.

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
)

func baselineInputs(t *testing.T) map[string][]byte {
	dir := sharedtest.Dir(t)
	out := map[string][]byte{}
	var all []byte
	for _, sub := range []string{"corpus/licenses", "fixtures/hub/huggingface/model-cards", "fixtures/hub/github", "fixtures/hub/modelscope"} {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			out[sub+"/"+filepath.Base(f)] = b
			if sub == "corpus/licenses" {
				all = append(all, b...)
				all = append(all, "\n\n"...)
			}
		}
	}
	out["all"] = all
	r := rand.New(rand.NewSource(1))
	keys := sortedKeys(out)
	for i := 0; i < 3000; i++ {
		src := out[keys[r.Intn(len(keys))]]
		if len(src) == 0 {
			continue
		}
		a := r.Intn(len(src))
		b := min(len(src), a+1+r.Intn(3000))
		w := src[a:b]
		switch i % 4 {
		case 1:
			w = []byte(strings.ToUpper(string(w)))
		case 2:
			w = []byte(strings.ReplaceAll(string(w), ". ", ".\n\n* "))
		}
		out["win"+string(rune('a'+i%26))+itoa(i)] = w
	}
	for i, s := range []string{
		"You may use the Model solely for non-commercial research purposes.",
		"more than 700 million monthly active users, you must request a license",
		"本模型仅限学术研究使用，月活跃用户超过1亿须申请授权。",
		"## **Terms**\n\n* “Built with X” — display it.\r\n<br>governed by the laws of the State of California",
		"\xff\xfe\x00 <a href=x> [link](http://a) \\_ ＂１０万＂",
	} {
		out["seed"+itoa(i)] = []byte(s)
	}
	return out
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestExtractBaselineTmp(t *testing.T) {
	in := baselineInputs(t)
	got := map[string]Terms{}
	for k, v := range in {
		got[k] = Extract(v)
	}
	const path = "/tmp/extract_baseline.json"
	if os.Getenv("EXTRACT_BASELINE") == "write" {
		b, _ := json.MarshalIndent(got, "", " ")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d", len(got))
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]Terms
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, k := range sortedKeys(want) {
		g, _ := json.Marshal(got[k])
		w, _ := json.Marshal(want[k])
		if string(g) != string(w) {
			n++
			if n < 10 {
				t.Errorf("%s:\n got %s\nwant %s", k, g, w)
			}
		}
	}
	t.Logf("compared %d, %d differ", len(want), n)
}
