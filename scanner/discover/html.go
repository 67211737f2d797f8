package discover

import (
	"bytes"
	"html"
)

// Model pickers in HTML: a <select> whose id, name or class names a model
// (id="model-name", name="embedding_model") lists the models a web app can
// load as its options' values. Each value classify takes for a model in a
// model's place (a hub id, a provider's model name) is a reference; option
// values of other selects (languages, sizes) and option labels are not
// read. The page is documentation to the walk (read with IncludeDocs), so
// the references are marked Doc.

// htmlSelects returns the references of the model pickers of an HTML page.
func htmlSelects(src []byte, p string) []Reference {
	if !containsFold(src, "<select") {
		return nil
	}
	var refs []Reference
	var lines *lineIndex
	for off := 0; off < len(src); {
		s := indexFold(src[off:], "<select")
		if s < 0 {
			break
		}
		s += off
		tagEnd := bytes.IndexByte(src[s:], '>')
		if tagEnd < 0 {
			break
		}
		tagEnd += s
		end := indexFold(src[tagEnd:], "</select")
		if end < 0 {
			end = len(src)
		} else {
			end += tagEnd
		}
		off = end
		if !selectNamesModel(src[s:tagEnd]) {
			continue
		}
		body := src[tagEnd:end]
		for k := 0; k < len(body); {
			o := indexFold(body[k:], "<option")
			if o < 0 {
				break
			}
			o += k
			oe := bytes.IndexByte(body[o:], '>')
			if oe < 0 {
				break
			}
			oe += o
			k = oe + 1
			v, at, ok := attrValue(body[o:oe], "value")
			if !ok {
				continue
			}
			v = html.UnescapeString(v)
			c, ok := classify(v, hint{hub: HubHuggingFace})
			if !ok {
				continue
			}
			if lines == nil {
				lines = newLineIndex(src)
			}
			pos := tagEnd + o + at
			line, col := lines.pos(pos)
			r := c.ref(p, line, col, "html:select", true, 0)
			r.Location.EndLine, r.Location.EndColumn = line, col+len([]rune(v))
			refs = append(refs, r)
		}
	}
	return refs
}

// selectNamesModel reports whether a <select …> tag's id, name or class
// holds a model word.
func selectNamesModel(tag []byte) bool {
	for _, a := range []string{"id", "name", "class"} {
		if v, _, ok := attrValue(tag, a); ok {
			for _, w := range splitWords(camelLower(v)) {
				if modelWords[w] {
					return true
				}
			}
		}
	}
	return false
}

// attrValue finds name="value" (or single quotes) in a tag and returns
// the value and its offset in tag.
func attrValue(tag []byte, name string) (string, int, bool) {
	for off := 0; off < len(tag); {
		i := indexFold(tag[off:], name)
		if i < 0 {
			return "", 0, false
		}
		i += off
		off = i + len(name)
		if i > 0 && !isHTMLSpace(tag[i-1]) {
			continue
		}
		j := off
		for j < len(tag) && isHTMLSpace(tag[j]) {
			j++
		}
		if j >= len(tag) || tag[j] != '=' {
			continue
		}
		j++
		for j < len(tag) && isHTMLSpace(tag[j]) {
			j++
		}
		if j >= len(tag) || tag[j] != '"' && tag[j] != '\'' {
			continue
		}
		q := tag[j]
		e := bytes.IndexByte(tag[j+1:], q)
		if e < 0 {
			return "", 0, false
		}
		return string(tag[j+1 : j+1+e]), j + 1, true
	}
	return "", 0, false
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// indexFold is the offset of the lowercase ASCII word w in b, folding
// case, or -1.
func indexFold(b []byte, w string) int {
	for i := 0; i+len(w) <= len(b); i++ {
		j := bytes.IndexByte(b[i:], w[0])
		k := bytes.IndexByte(b[i:], w[0]-'a'+'A')
		if w[0] < 'a' || w[0] > 'z' {
			k = -1
		}
		switch {
		case j < 0 && k < 0:
			return -1
		case j < 0 || k >= 0 && k < j:
			j = k
		}
		i += j
		if i+len(w) <= len(b) && equalFold(b[i:i+len(w)], w) {
			return i
		}
	}
	return -1
}
