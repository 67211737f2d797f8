package huggingface

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/sharedtest"
)

// TestParseCardMatchesIndex parses every real model card in
// ../shared/fixtures/hub/huggingface/model-cards and compares with INDEX.md,
// whose columns were produced independently (huggingface_hub's front-matter
// regex + PyYAML).
func TestParseCardMatchesIndex(t *testing.T) {
	dir := sharedtest.Path(t, "fixtures/hub/huggingface/model-cards")
	f, err := os.Open(filepath.Join(dir, "INDEX.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "| ") || !strings.Contains(line, ".README.md |") {
			continue
		}
		cols := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cols) < 7 {
			t.Fatalf("bad INDEX row %q", line)
		}
		rows++
		file := strings.TrimSpace(cols[0])
		t.Run(file, func(t *testing.T) {
			card, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			m, err := ParseCard(card)
			if err != nil {
				t.Fatal(err)
			}
			if !m.HasFrontMatter {
				t.Fatal("front matter not found")
			}
			if want := indexList(cols[1]); !slices.Equal(m.License, want) {
				t.Errorf("license %q, index %q", m.License, want)
			}
			if m.LicenseName != strings.TrimSpace(cols[2]) || m.LicenseLink != strings.TrimSpace(cols[3]) {
				t.Errorf("license_name/link %q %q, index %q %q", m.LicenseName, m.LicenseLink, cols[2], cols[3])
			}
			wantBase := indexList(cols[4])
			if n := len(wantBase); n > 0 && wantBase[n-1] == "…" {
				// The index shortens long lists; compare the shown prefix
				// against the raw (de-duplicated) list.
				wantBase = dedupe(wantBase[:n-1])
				if len(m.BaseModels) < len(wantBase) || !slices.Equal(m.BaseModels[:len(wantBase)], wantBase) {
					t.Errorf("base_model %q, index %q…", m.BaseModels, wantBase)
				}
			} else if !slices.Equal(m.BaseModels, dedupe(wantBase)) {
				t.Errorf("base_model %q, index %q", m.BaseModels, wantBase)
			}
			if m.BaseModelRelation != strings.TrimSpace(cols[5]) {
				t.Errorf("relation %q, index %q", m.BaseModelRelation, cols[5])
			}
			if c := strings.TrimSpace(cols[6]); c != "" {
				n, _ := strconv.Atoi(c)
				if len(m.Datasets) != n {
					t.Errorf("%d datasets, index %d", len(m.Datasets), n)
				}
			}
		})
	}
	if rows < 40 {
		t.Fatalf("only %d INDEX rows", rows)
	}
}

// indexList reads an INDEX.md cell: empty/None, a value, or a Python list.
func indexList(cell string) []string {
	cell = strings.TrimSpace(cell)
	if cell == "" || cell == "None" {
		return nil
	}
	if !strings.HasPrefix(cell, "[") {
		return []string{cell}
	}
	var out []string
	for _, p := range strings.Split(strings.Trim(cell, "[]"), ",") {
		if p = strings.Trim(strings.TrimSpace(p), `'"`); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func TestParseCardEdges(t *testing.T) {
	tests := []struct {
		name    string
		card    string
		fm      bool
		license []string
		bases   []string
		errPart string
	}{
		{"no front matter", "# Model\nlicense: mit\n", false, nil, nil, ""},
		{"empty", "", false, nil, nil, ""},
		{"empty block", "---\n---\n# x", true, nil, nil, ""},
		{"crlf and bom", "\ufeff---\r\nlicense: mit\r\nbase_model: a/b\r\n---\r\nbody", true, []string{"mit"}, []string{"a/b"}, ""},
		{"leading blank lines", "\n\n---\nlicense: [gemma]\n---\n", true, []string{"gemma"}, nil, ""},
		{"closing fence with trailing spaces", "---\nlicense: mit\n--- \t\nx", true, []string{"mit"}, nil, ""},
		{"closing fence at EOF", "---\nlicense: mit\n---", true, []string{"mit"}, nil, ""},
		{"numeric license", "---\nlicense: 3\n---\n", true, []string{"3"}, nil, ""},
		{"not a fence", "----\nlicense: mit\n----\n", false, nil, nil, ""},
		{"unterminated", "---\nlicense: mit\n", false, nil, nil, "never closed"},
		{"broken yaml", "---\nlicense: [mit\n---\n", false, nil, nil, "card front matter"},
		{"not a mapping", "---\n- a\n- b\n---\n", false, nil, nil, "not a mapping"},
		{"self merge deduped", "---\nbase_model: [a/b, a/b, c/d]\n---\n", true, nil, []string{"a/b", "c/d"}, ""},
		{"null values", "---\nlicense:\nbase_model: ~\n---\n", true, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseCard([]byte(tt.card))
			if tt.errPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errPart) {
					t.Fatalf("err %v, want %q", err, tt.errPart)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.HasFrontMatter != tt.fm || !slices.Equal(m.License, tt.license) || !slices.Equal(m.BaseModels, tt.bases) {
				t.Errorf("%+v", m)
			}
		})
	}
}

func FuzzParseCard(f *testing.F) {
	for _, s := range []string{
		"---\nlicense: mit\nbase_model: [a/b, c/d]\n---\n# x",
		"---\nlicense: [llama2, other]\nlicense_name: x\nlicense_link: LICENSE\ndatasets: d\n---\n",
		"---\na: &a [*a]\n---\n",
		"---\r\n---",
		"\ufeff---\nbase_model:\n  - x\n  - {y: z}\n---\n",
		"---\n" + strings.Repeat("a: b\n", 100) + "---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, card []byte) {
		m, err := ParseCard(card)
		if err != nil {
			return
		}
		for _, l := range [][]string{m.License, m.BaseModels, m.Datasets, m.Tags} {
			for _, s := range l {
				if s == "" {
					t.Fatalf("empty value in %+v", m)
				}
			}
		}
	})
}

func TestRelationFromFiles(t *testing.T) {
	cases := []struct {
		files []string
		want  string
	}{
		{[]string{"README.md", "model-Q4_K_M.gguf", "model-Q8_0.gguf"}, "quantized"},
		{[]string{"README.md", "adapter_config.json", "adapter_model.safetensors"}, "adapter"},
		{[]string{"README.md", "config.json", "model.safetensors"}, ""},
		{[]string{"README.md", "model.safetensors", "model.gguf"}, ""}, // full weights too: not only a quantization
		{nil, ""},
	}
	for _, tc := range cases {
		if got := relationFromFiles(tc.files); got != tc.want {
			t.Errorf("relationFromFiles(%v) = %q, want %q", tc.files, got, tc.want)
		}
	}
}
