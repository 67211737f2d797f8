package discover

import (
	"bytes"
	"strings"
)

// Inline code in documentation: `MODEL_PATH=Qwen/Qwen2-7B-Instruct` in a
// table or a sentence is an environment setting written out, read as the
// same line in a .env file would be (envHint: the key says whether it
// holds a model, a dataset, whose). Other inline code (`pip install x`,
// `model`) is not read: prose around a name says nothing reliable.

// markdownInline returns the references of KEY=value inline code spans
// outside fenced blocks.
func markdownInline(src []byte, p string, cell int) []Reference {
	if bytes.IndexByte(src, '`') < 0 || bytes.IndexByte(src, '=') < 0 {
		return nil
	}
	var refs []Reference
	inFence := false
	for n, rest := 0, src; len(rest) > 0; n++ {
		line := rest
		if k := bytes.IndexByte(rest, '\n'); k >= 0 {
			line, rest = rest[:k], rest[k+1:]
		} else {
			rest = nil
		}
		t := bytes.TrimLeft(line, " ")
		if len(t) == 0 || t[0] != '`' && t[0] != '~' && bytes.IndexByte(line, '`') < 0 {
			continue
		}
		if bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) {
			inFence = !inFence
			continue
		}
		if inFence || bytes.IndexByte(line, '=') < 0 {
			continue
		}
		for off := 0; off < len(line); {
			a := bytes.IndexByte(line[off:], '`')
			if a < 0 {
				break
			}
			a += off
			b := bytes.IndexByte(line[a+1:], '`')
			if b < 0 {
				break
			}
			b += a + 1
			off = b + 1
			span := string(line[a+1 : b])
			k, v, ok := strings.Cut(span, "=")
			if !ok || !isShellName(k) || v == "" || strings.ContainsAny(v, " \t") {
				continue
			}
			v = strings.Trim(v, `"'`)
			h := envHint(k)
			if h == nil || h.dataset && !strings.Contains(v, "/") {
				// a single-word dataset in prose (`dataset=test_zh`) is a
				// script's own set as often as a Hub one
				continue
			}
			c, ok := classify(v, *h)
			if !ok {
				continue
			}
			if h.dataset {
				c.kind = KindDataset
			}
			col := len([]rune(string(line[:a+1+len(k)+1]))) + 1
			r := c.ref(p, n+1, col, "env:"+k, true, cell)
			refs = append(refs, r)
		}
	}
	return refs
}

// mayHoldModelKey reports whether the file may hold a name that keyInfoOf
// reads as a model's or dataset's (a setting's key, a select's id): every
// such name holds a model word, and the trigger words cover all of them
// but embedder and reranker, looked for here. Files without one are not
// read for inline settings or model pickers, and nothing is lost.
func (in *Input) mayHoldModelKey() bool {
	return in.has(trigCode|trigConfig) || in.noPrefilter || containsFold(in.Content, "embedder") || containsFold(in.Content, "reranker")
}
