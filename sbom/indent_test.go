package sbom

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// indentOracle is what indentTo must write: encoding/json's indentation
// of the compact text, with the prefix of the element's depth.
func indentOracle(t testing.TB, compact []byte, depth int) []byte {
	t.Helper()
	var want bytes.Buffer
	if err := json.Indent(&want, compact, strings.Repeat("  ", depth), "  "); err != nil {
		t.Fatalf("json.Indent(%q): %v", compact, err)
	}
	return want.Bytes()
}

func indented(compact []byte, depth int) []byte {
	var got bytes.Buffer
	w := bufio.NewWriter(&got)
	indentTo(w, compact, depth)
	w.Flush()
	return got.Bytes()
}

func TestIndentToMatchesIndent(t *testing.T) {
	for _, src := range []string{
		`{}`, `[]`, `""`, `0`, `null`, `true`, `-1.5e+10`,
		`{"a":{}}`, `{"a":[]}`, `[[],{},[[]]]`, `[1,2,3]`,
		`{"a":1,"b":[true,false,null],"c":{"d":"e"}}`,
		`{"q":"a\"b","r":"\\","s":"\\\"","t":"x\\\\\"y"}`,
		`{"punct in strings":"{[,:]}","colon":"a:b","brace":"}"}`,
		`["\u2028\u2029\u0001é<script>&"]`,
		`{"models":[{"ref":"hf:a/b","locations":[{"path":"a.py","line":3}],"base_models":[]}]}`,
		// deeper than newlineIndent's levels
		strings.Repeat(`[{"a":`, 40) + `1` + strings.Repeat(`}]`, 40),
	} {
		for depth := range 3 {
			want := indentOracle(t, []byte(src), depth)
			if got := indented([]byte(src), depth); !bytes.Equal(got, want) {
				t.Errorf("indentTo(%s, %d)\n got %q\nwant %q", src, depth, got, want)
			}
		}
	}
}

// FuzzIndentTo: on any valid JSON, compacted as Marshal leaves it, indentTo
// writes json.Indent's bytes.
func FuzzIndentTo(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":"c\"}"}],"d":{}}`, `[[],""]`, `"\\\\"`, `{"x":"\\\""}`} {
		f.Add([]byte(s), uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, depth uint8) {
		var compact bytes.Buffer
		if json.Compact(&compact, data) != nil {
			return
		}
		d := int(depth % 4)
		want := indentOracle(t, compact.Bytes(), d)
		if got := indented(compact.Bytes(), d); !bytes.Equal(got, want) {
			t.Fatalf("indentTo(%q, %d)\n got %q\nwant %q", compact.Bytes(), d, got, want)
		}
	})
}
