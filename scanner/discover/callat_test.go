package discover

import "testing"

// TestCallAtNames: the name parts scanCalls gives a call, one row per
// shape of callee (callAt builds them from the source bytes, without the
// list of parts the rules once got them from).
func TestCallAtNames(t *testing.T) {
	for _, tc := range []struct {
		lang                 lang
		src                  string
		last, head, receiver string
		kws                  []string
		npos                 int
	}{
		{langPython, `pipeline("text-generation", model="gpt2")`, "pipeline", "pipeline", "", []string{"model"}, 1},
		{langPython, `AutoModel.from_pretrained("a/b", revision="main")`, "from_pretrained", "AutoModel", "AutoModel", []string{"revision"}, 1},
		{langPython, `torch.hub.load("repo", "m")`, "load", "torch", "torch.hub", nil, 2},
		{langPython, `anthropic.Anthropic().messages.create(model="x")`, "create", "anthropic", "anthropic.().messages", []string{"model"}, 0},
		{langPython, `Client().generate(model="x")`, "generate", "Client", "Client.()", []string{"model"}, 0},
		{langPython, `items[0].embed(text)`, "embed", "?", "?", nil, 1},
		{langPython, `(a or b).chat.create(model=m, **kw)`, "create", "?", "?.chat", []string{"model"}, 0},
		{langPython, `f(x)(y).show(model="z")`, "show", "?", "?", []string{"model"}, 0},
		{langJS, `await hf.textGeneration({ model: 'a/b', inputs: 'x' })`, "textGeneration", "hf", "hf", []string{"model", "inputs"}, 1},
	} {
		var buf lexed
		cf := &codeFile{src: []byte(tc.src), toks: lex([]byte(tc.src), tc.lang, &buf), lang: tc.lang, objArgs: map[int]bool{}}
		cf.marks = buf.marks
		// the call is the last '(' after a name, as scanCalls finds it
		open := -1
		for _, m := range cf.marks {
			if cf.toks[m].op() == '(' && m > 0 && cf.toks[m-1].kind == tIdent {
				open = m
			}
		}
		j := open - 1
		for j >= 2 && cf.opAt(j-1) == '.' && cf.toks[j-2].kind == tIdent {
			j -= 2
		}
		// twice: the second call reuses the first one's scratch
		for range 2 {
			c := cf.callAt(open, j)
			cf.parseArgs(open, &c)
			cf.kwOrderBuf, cf.posBuf, cf.posIdxBuf = c.kwOrder, c.pos, c.posIdx
			if c.last != tc.last || c.head != tc.head || c.receiver != tc.receiver {
				t.Errorf("%s: last=%q head=%q receiver=%q, want %q %q %q", tc.src, c.last, c.head, c.receiver, tc.last, tc.head, tc.receiver)
			}
			if len(c.kwOrder) != len(tc.kws) || len(c.kw) != len(tc.kws) || len(c.pos) != tc.npos || len(c.posIdx) != tc.npos {
				t.Errorf("%s: keywords %q (%d in the map), %d positional, want %q, %d", tc.src, c.kwOrder, len(c.kw), len(c.pos), tc.kws, tc.npos)
				continue
			}
			for i, k := range tc.kws {
				if c.kwOrder[i] != k {
					t.Errorf("%s: keywords %q, want %q", tc.src, c.kwOrder, tc.kws)
				}
			}
		}
	}
}
