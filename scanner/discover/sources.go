package discover

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"strings"
)

// pythonExtractor reads Python sources.
type pythonExtractor struct{}

func (pythonExtractor) Name() string { return "python" }
func (pythonExtractor) Match(p string, _ fs.FileInfo) bool {
	e := strings.ToLower(path.Ext(p))
	return e == ".py" || e == ".pyi" || e == ".pyw"
}
func (pythonExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	if !in.has(trigCode) {
		return nil, nil
	}
	return parseCodeWith(in.Content, langPython, in.Path, 0, 0, false, false, in.lexed), nil
}

// jsExtractor reads JavaScript and TypeScript sources.
type jsExtractor struct{}

func (jsExtractor) Name() string { return "javascript" }
func (jsExtractor) Match(p string, _ fs.FileInfo) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte":
		return !strings.HasSuffix(p, ".min.js") && !strings.HasSuffix(p, ".d.ts")
	}
	return false
}
func (jsExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	if !in.has(trigCode) {
		return nil, nil
	}
	return parseCodeWith(in.Content, langJS, in.Path, 0, 0, false, false, in.lexed), nil
}

// notebookExtractor reads Jupyter notebooks: code cells as Python (shell
// magics as shell), Markdown cells as documentation when docs are wanted.
type notebookExtractor struct{}

func (notebookExtractor) Name() string { return "notebook" }
func (notebookExtractor) Match(p string, _ fs.FileInfo) bool {
	return strings.HasSuffix(strings.ToLower(p), ".ipynb")
}

type notebook struct {
	Cells []struct {
		Type   string          `json:"cell_type"`
		Source json.RawMessage `json:"source"`
	} `json:"cells"`
}

// cellSource accepts both forms nbformat allows: a string or a list of lines.
func cellSource(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return "", fmt.Errorf("source: %s, expected a string or a list of strings", jsonKind(raw))
	}
	return strings.Join(lines, ""), nil
}

// notebookProblem says in one line what is wrong with a notebook, in its
// terms rather than the decoder's (no Go type names).
func notebookProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the document"
		}
		got := map[string]string{"object": "an object", "array": "a list", "string": "a string", "number": "a number", "bool": "a boolean"}[te.Value]
		if got == "" {
			got = "another kind of value"
		}
		return fmt.Sprintf("%s is %s where nbformat has %s (offset %d)", field, got, nbKind(te.Type.Kind()), te.Offset)
	case errors.As(err, &se):
		return fmt.Sprintf("not valid JSON at offset %d", se.Offset)
	}
	return "not valid JSON"
}

func nbKind(k reflect.Kind) string {
	switch k {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	}
	return "another kind of value"
}

// jsonKind names the kind of a JSON value from its first byte.
func jsonKind(raw json.RawMessage) string {
	switch b := bytes.TrimSpace(raw); {
	case len(b) == 0:
		return "empty"
	case b[0] == '{':
		return "an object"
	case b[0] == '[':
		return "a list that is not of strings"
	case b[0] == 't' || b[0] == 'f':
		return "a boolean"
	case b[0] == 'n':
		return "null"
	}
	return "a number"
}

func (notebookExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	return parseNotebook(in.Content, in.Path, in.Docs)
}

func parseNotebook(b []byte, p string, docs bool) ([]Reference, error) {
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("parse notebook: %s", notebookProblem(err))
	}
	var refs []Reference
	var pos *nbPositions
	posOK := true
	for i, c := range nb.Cells {
		src, err := cellSource(c.Source)
		if err != nil {
			return refs, fmt.Errorf("cell %d: %w", i+1, err)
		}
		var found []Reference
		switch c.Type {
		case "code":
			found = codeCell([]byte(src), p, i+1)
		case "markdown":
			if docs {
				found = markdownRefs([]byte(src), p, i+1)
			}
		}
		if len(found) > 0 && posOK {
			if pos == nil {
				pos, posOK = newNBPositions(b)
			}
			if posOK {
				pos.toFile(found, i+1, []byte(src))
			}
		}
		refs = append(refs, found...)
	}
	return refs, nil
}

// codeCell splits IPython shell escapes (!cmd, %%bash) from Python, keeping
// line numbers, and analyses each part.
func codeCell(src []byte, p string, cell int) []Reference {
	lines := bytes.Split(src, []byte("\n"))
	py := make([][]byte, len(lines))
	sh := make([][]byte, len(lines))
	bashCell := len(lines) > 0 && (bytes.HasPrefix(lines[0], []byte("%%bash")) || bytes.HasPrefix(lines[0], []byte("%%sh")) || bytes.HasPrefix(lines[0], []byte("%%shell")))
	for i, l := range lines {
		t := bytes.TrimLeft(l, " \t")
		switch {
		case bashCell:
			if i > 0 {
				sh[i] = l
			}
		case bytes.HasPrefix(t, []byte("!")):
			sh[i] = append(bytes.Repeat([]byte(" "), len(l)-len(t)+1), t[1:]...)
		case bytes.HasPrefix(t, []byte("%")):
			sh[i] = nil
		default:
			py[i] = l
		}
	}
	refs := analyzeCode(bytes.Join(py, []byte("\n")), langPython, p, cell, 0, false)
	refs = append(refs, analyzeShell(bytes.Join(sh, []byte("\n")), p, cell, 0, false)...)
	refs = append(refs, urlRefs(src, p, false, 0, cell)...)
	return refs
}

// docsExtractor reads documentation: explicit hub URLs and fenced code
// blocks only, marked as documentation, and only when asked.
type docsExtractor struct{}

func (docsExtractor) Name() string { return "docs" }
func (docsExtractor) Match(p string, _ fs.FileInfo) bool {
	return isDocFile(p)
}
func (docsExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	if !in.Docs {
		return nil, nil
	}
	// Hub URLs are found only where a URL trigger word is (urlNeedles are
	// those words), code blocks only where a fence is.
	var refs []Reference
	if in.has(trigURL) {
		refs = urlRefs(in.Content, in.Path, true, 0, 0)
	}
	switch strings.ToLower(path.Ext(in.Path)) {
	case ".rst":
		return append(refs, rstBlocks(in.Content, in.Path)...), nil
	case ".html", ".htm":
		if in.mayHoldModelKey() {
			refs = append(refs, htmlSelects(in.Content, in.Path)...)
		}
		return refs, nil
	}
	if in.hasFence() {
		refs = append(refs, markdownBlocks(in.Content, in.Path, 0)...)
	}
	if in.mayHoldModelKey() {
		refs = append(refs, markdownInline(in.Content, in.Path, 0)...)
	}
	return refs, nil
}

func markdownRefs(src []byte, p string, cell int) []Reference {
	return append(urlRefs(src, p, true, 0, cell), markdownBlocks(src, p, cell)...)
}

// markdownBlocks analyses the fenced code blocks of Markdown.
func markdownBlocks(src []byte, p string, cell int) []Reference {
	var refs []Reference
	lines := bytes.Split(src, []byte("\n"))
	for i := 0; i < len(lines); i++ {
		t := bytes.TrimLeft(lines[i], " ")
		if len(lines[i])-len(t) > 3 {
			continue
		}
		var fence []byte
		switch {
		case bytes.HasPrefix(t, []byte("```")):
			fence = []byte("```")
		case bytes.HasPrefix(t, []byte("~~~")):
			fence = []byte("~~~")
		default:
			continue
		}
		info := strings.ToLower(strings.TrimSpace(string(bytes.TrimLeft(t, string(fence[:1])))))
		info, _, _ = strings.Cut(info, " ")
		info = strings.Trim(info, "{}.")
		start := i + 1
		end := start
		for end < len(lines) && !bytes.HasPrefix(bytes.TrimLeft(lines[end], " "), fence) {
			end++
		}
		block := bytes.Join(lines[start:min(end, len(lines))], []byte("\n"))
		refs = append(refs, codeBlock(block, info, p, start, cell)...)
		i = end
	}
	return refs
}

// codeBlock analyses a fenced block by its info string; lineOffset is the
// number of lines before the block's first line.
func codeBlock(block []byte, info, p string, lineOffset, cell int) []Reference {
	switch info {
	case "python", "py", "python3", "ipython", "pycon", "jupyter":
		return analyzeCode(block, langPython, p, cell, lineOffset, true)
	case "js", "javascript", "ts", "typescript", "jsx", "tsx", "mjs":
		return analyzeCode(block, langJS, p, cell, lineOffset, true)
	case "bash", "sh", "shell", "console", "zsh", "shell-session", "powershell", "cmd", "dockerfile", "docker":
		return analyzeShell(block, p, cell, lineOffset, true)
	case "yaml", "yml", "toml", "json", "env", "ini", "dotenv":
		return configBlock(block, info, p, lineOffset, cell)
	case "modelfile":
		return modelfileRefs(block, p, lineOffset, true)
	case "", "text", "txt", "plain":
		refs := analyzeCode(block, langPython, p, cell, lineOffset, true)
		return append(refs, analyzeShell(block, p, cell, lineOffset, true)...)
	}
	return nil
}

// rstBlocks reads ".. code-block:: lang" blocks.
func rstBlocks(src []byte, p string) []Reference {
	var refs []Reference
	lines := bytes.Split(src, []byte("\n"))
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(string(lines[i]))
		var lang string
		switch {
		case strings.HasPrefix(t, ".. code-block::"):
			lang = strings.TrimSpace(strings.TrimPrefix(t, ".. code-block::"))
		case strings.HasPrefix(t, ".. code::"):
			lang = strings.TrimSpace(strings.TrimPrefix(t, ".. code::"))
		case strings.HasPrefix(t, ".. sourcecode::"):
			lang = strings.TrimSpace(strings.TrimPrefix(t, ".. sourcecode::"))
		default:
			continue
		}
		indent := len(lines[i]) - len(bytes.TrimLeft(lines[i], " "))
		start := i + 1
		for start < len(lines) && (len(bytes.TrimSpace(lines[start])) == 0 || bytes.HasPrefix(bytes.TrimSpace(lines[start]), []byte(":"))) {
			start++
		}
		end := start
		var block [][]byte
		for end < len(lines) {
			l := lines[end]
			if len(bytes.TrimSpace(l)) > 0 && len(l)-len(bytes.TrimLeft(l, " ")) <= indent {
				break
			}
			block = append(block, l) // kept indented so columns stay true
			end++
		}
		refs = append(refs, codeBlock(bytes.Join(block, []byte("\n")), strings.ToLower(lang), p, start, 0)...)
		i = end - 1
	}
	return refs
}
