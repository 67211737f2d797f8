package discover

import (
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// shellExtractor reads shell scripts and Dockerfiles.
type shellExtractor struct{}

func (shellExtractor) Name() string { return "shell" }
func (shellExtractor) Match(p string, _ fs.FileInfo) bool {
	return isShell(p) || isDockerfile(p)
}

func (shellExtractor) Extract(_ context.Context, in *Input) ([]Reference, error) {
	// Hub URLs are references in any command, so the URL words count too
	// (FuzzPrefilterExact found "0 hf://0/0": the URL reader alone and the
	// shell reader with it give the reference different spans).
	if !in.has(trigShell | trigURL) {
		return nil, nil
	}
	if isDockerfile(in.Path) {
		return analyzeDockerfile(in.Content, in.Path), nil
	}
	return analyzeShell(in.Content, in.Path, 0, 0, false), nil
}

func isShell(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".sh", ".bash", ".zsh", ".ksh", ".command":
		return true
	}
	return false
}

func isDockerfile(p string) bool {
	b := strings.ToLower(path.Base(p))
	return b == "dockerfile" || b == "containerfile" || strings.HasPrefix(b, "dockerfile.") || strings.HasSuffix(b, ".dockerfile")
}

// word is one shell word with the position of its first character.
type word struct {
	s         string
	line, col int
	sep       bool // a command separator (; && || | & newline)
	nl        bool // the separator is a newline
}

// shellWords splits a script into words, honouring quotes, comments,
// backslash-newline continuations and command separators.
func shellWords(src []byte, lineOffset int) []word {
	var out []word
	line, lineStart := 1, 0
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			out = append(out, word{sep: true, nl: true})
			i++
			line++
			lineStart = i
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
			line++
			lineStart = i
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '`':
			out = append(out, word{sep: true})
			i++
		default:
			w := word{line: line + lineOffset, col: utf8.RuneCount(src[lineStart:i]) + 1}
			var b strings.Builder
			for i < len(src) {
				c := src[i]
				if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '|' || c == '&' || c == ')' || c == '`' {
					break
				}
				if c == '\\' && i+1 < len(src) {
					if src[i+1] == '\n' {
						break
					}
					b.WriteByte(src[i+1])
					i += 2
					continue
				}
				if c == '\'' || c == '"' {
					if b.Len() == 0 && w.col == utf8.RuneCount(src[lineStart:i])+1 {
						w.col++ // position of the content, not the quote
					}
					j := i + 1
					for j < len(src) && src[j] != c {
						if src[j] == '\\' && c == '"' && j+1 < len(src) {
							j++
						}
						if src[j] == '\n' {
							line++
							lineStart = j + 1
						}
						j++
					}
					b.Write(src[i+1 : min(j, len(src))])
					i = j + 1
					continue
				}
				b.WriteByte(c)
				i++
			}
			w.s = b.String()
			out = append(out, w)
		}
	}
	return out
}

type shellState struct {
	p    string
	cell int
	doc  bool
	vars map[string]string
	refs []Reference
	// pub: known publishers' ids under keys that say nothing, kept
	// unless a command of the text reports the same id (M=org/x …
	// huggingface-cli download $M is the command's reference)
	pub  []Reference
	src  []byte
	trig int8 // 0 not asked yet, 1 src holds a shell or URL trigger word, 2 it does not
}

func analyzeShell(src []byte, p string, cell, lineOffset int, doc bool) []Reference {
	st := &shellState{p: p, cell: cell, doc: doc, vars: map[string]string{}, src: src}
	st.run(shellWords(src, lineOffset))
	for _, r := range st.pub {
		if !slices.ContainsFunc(st.refs, func(o Reference) bool { return strings.EqualFold(o.ID, r.ID) }) {
			st.refs = append(st.refs, r)
		}
	}
	return st.refs
}

func (st *shellState) run(words []word) {
	var cmd []word
	for _, w := range append(words, word{sep: true}) {
		if w.sep {
			if len(cmd) > 0 {
				st.command(cmd)
			}
			cmd = cmd[:0]
			continue
		}
		cmd = append(cmd, w)
	}
}

// expand substitutes $VAR, ${VAR} and ${VAR:-default} from assignments
// seen earlier; it fails on anything it cannot resolve.
func (st *shellState) expand(s string) (string, bool) {
	if !strings.Contains(s, "$") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		var name, def string
		hasDef := false
		if i+1 < len(s) && s[i+1] == '{' {
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return "", false
			}
			inner := s[i+2 : i+end]
			if k := strings.Index(inner, ":-"); k >= 0 {
				name, def, hasDef = inner[:k], inner[k+2:], true
			} else if k := strings.Index(inner, "-"); k >= 0 {
				name, def, hasDef = inner[:k], inner[k+1:], true
			} else {
				name = inner
			}
			i += end
		} else {
			j := i + 1
			for j < len(s) && isIdentChar(s[j]) && s[j] != '$' {
				j++
			}
			name = s[i+1 : j]
			i = j - 1
		}
		v, ok := st.vars[name]
		switch {
		case ok && v != "":
			b.WriteString(v)
		case hasDef:
			b.WriteString(def)
		default:
			return "", false
		}
	}
	return b.String(), true
}

func (st *shellState) emit(c classified, w word, via string) {
	st.refs = append(st.refs, c.ref(st.p, w.line, w.col, via, st.doc, st.cell))
}

func (st *shellState) assign(w word) bool {
	k, v, ok := strings.Cut(w.s, "=")
	if !ok || k == "" || !isShellName(k) {
		return false
	}
	ev, ok := st.expand(v)
	if ok {
		st.vars[k] = ev
	}
	if ok && ev != "" {
		st.keyValue(k, ev, w, len(k)+1)
	}
	return true
}

// keyValue classifies an environment-style KEY=value whose key names a
// model, a set of models written as one space-separated value
// (MODELS="en_US-lessac-medium en_GB-alan-low"), or a known publisher's
// id under a key that says nothing else (REPO="FunAudioLLM/Paraformer-GGUF",
// publishers.go).
func (st *shellState) keyValue(k, v string, w word, shift int) {
	h := envHint(k)
	if h == nil {
		if publisherID(v) && nameAllows(k) && st.triggered() {
			if c, ok := classify(v, hint{}); ok && c.kind == KindModel {
				st.pub = append(st.pub, c.ref(st.p, w.line, w.col+shift, "env:"+k, st.doc, st.cell))
			}
		}
		return
	}
	if c, ok := classify(v, *h); ok {
		w.col += shift
		st.emit(c, w, "env:"+k)
		return
	}
	if !keyInfoOf(k).collection || !strings.ContainsAny(v, " \t") {
		return
	}
	// Each word is read as the key's value would be: an id or a
	// registry's name counts, a bare word (llama3) only where the key
	// names a provider.
	for _, f := range strings.Fields(v) {
		if c, ok := classify(f, *h); ok {
			fw := w
			if at := strings.Index(w.s, f); at >= 0 {
				fw.col += at
			} else {
				fw.col += shift
			}
			st.emit(c, fw, "env:"+k)
		}
	}
}

// triggered reports whether the text holds a shell or URL trigger word,
// as the shell extractor's prefilter requires of a file: a rule that reads
// a value by its shape alone (a known publisher's id under any key) must
// not find, with the prefilter off, what the prefilter would skip.
func (st *shellState) triggered() bool {
	if st.trig == 0 {
		st.trig = int8(2 - btoi(triggersIn(st.src, trigShell|trigURL) != 0))
	}
	return st.trig == 1
}

// envHint returns the hint for an environment-style key, or nil when the
// key names neither a model nor a dataset the project depends on.
func envHint(k string) *hint {
	ki := keyInfoOf(k)
	if !ki.names() {
		return nil
	}
	h := &hint{dataset: ki.dataset, strong: ki.strong, hub: ki.hub}
	if ki.provider != "" {
		h.provider, h.anyName = ki.provider, true
		h.ollama = ki.provider == HubOllama
	}
	return h
}

func isShellName(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// optsWithValue are options of the download commands that take a value.
var optsWithValue = map[string]bool{
	"--repo-type": true, "--revision": true, "--local-dir": true, "--cache-dir": true, "--include": true,
	"--exclude": true, "--token": true, "--local-dir-use-symlinks": true, "--max-workers": true,
	"--model": true, "--dataset": true, "--local_dir": true, "--cache_dir": true, "--file": true,
}

func (st *shellState) command(cmd []word) {
	// leading assignments: VAR=value cmd …, export VAR=value
	for len(cmd) > 0 {
		if cmd[0].s == "export" || cmd[0].s == "sudo" || cmd[0].s == "exec" || cmd[0].s == "env" || cmd[0].s == "then" || cmd[0].s == "do" || cmd[0].s == "time" || cmd[0].s == "nohup" {
			cmd = cmd[1:]
			continue
		}
		if st.assign(cmd[0]) {
			cmd = cmd[1:]
			continue
		}
		break
	}
	if len(cmd) == 0 {
		return
	}
	name := path.Base(cmd[0].s)
	args := cmd[1:]
	// URLs anywhere in the command, named by the command that fetches them.
	via := viaURL
	switch name {
	case "wget", "curl", "aria2c":
		via = name
	case "git":
		if len(args) > 0 && args[0].s == "clone" {
			via = "git_clone"
		}
	}
	for _, a := range args {
		s, ok := st.expand(a.s)
		if !ok {
			continue
		}
		if c, ok := parseHubURL(s); ok {
			st.emit(c, a, via)
		}
	}
	switch {
	case name == "huggingface-cli" || name == "hf":
		if len(args) == 0 || args[0].s != "download" {
			break
		}
		st.download(args[1:], hint{hub: HubHuggingFace, strong: true}, name+" download")
	case name == "modelscope":
		if len(args) == 0 || args[0].s != "download" {
			break
		}
		st.download(args[1:], hint{hub: HubModelScope, strong: true}, "modelscope download")
	case name == "ollama":
		if len(args) < 2 || (args[0].s != "pull" && args[0].s != "run") {
			break
		}
		if s, ok := st.expand(args[1].s); ok {
			if c, ok := classify(s, hint{ollama: true, provider: HubOllama}); ok {
				st.emit(c, args[1], "ollama "+args[0].s)
			}
		}
	default:
		st.flags(name, args)
	}
}

// download handles huggingface-cli / hf / modelscope download arguments.
func (st *shellState) download(args []word, h hint, via string) {
	var repo *word
	rev := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		opt, val, hasVal := strings.Cut(a.s, "=")
		if strings.HasPrefix(a.s, "-") {
			if !hasVal && optsWithValue[opt] && i+1 < len(args) {
				i++
				val = args[i].s
				a = args[i]
			} else if !hasVal {
				continue
			}
			switch opt {
			case "--repo-type":
				switch val {
				case "dataset":
					h.dataset = true
				case "space":
					return
				}
			case "--revision":
				rev = val
			case "--model":
				w := a
				w.s = val
				repo = &w
			case "--dataset":
				w := a
				w.s = val
				repo = &w
				h.dataset = true
			}
			continue
		}
		if repo == nil {
			w := a
			repo = &w
		}
	}
	if repo == nil {
		return
	}
	s, ok := st.expand(repo.s)
	if !ok {
		return
	}
	c, ok := classify(s, h)
	if !ok {
		return
	}
	if h.dataset {
		c.kind = KindDataset
	}
	if c.rev == "" {
		c.rev, _ = st.expand(rev)
	}
	st.emit(c, *repo, via)
}

// modelFlags are command-line options of serving tools (vllm serve, TGI,
// llama.cpp, sglang, mlx_lm …) that name the model to load but whose name
// does not say so; every other option is read for its meaning (keyInfoOf:
// --model, --model_name_or_path, --embedding-model, --align_model, but not
// --model-type or --output_dir).
var modelFlags = map[string]bool{
	"--hf-repo": true, "-hf": true, "--hf": true, "--vision_tower": true, "--vision-tower": true,
	"--draft-model": true, "--speculative-model": true,
}

// frameworkCommands are command-line tools that take a framework's short
// model names (whisperx audio.wav --model large-v2).
var frameworkCommands = map[string]string{
	"whisperx": "faster-whisper", "faster-whisper": "faster-whisper", "whisper-ctranslate2": "faster-whisper",
	"wscribe": "faster-whisper", "whisper": "openai-whisper",
}

// flagNamesModel reports whether a command-line option names a model the
// command loads.
func flagNamesModel(opt string) bool {
	if modelFlags[opt] {
		return true
	}
	if !strings.HasPrefix(opt, "--") {
		return false
	}
	k := keyInfoOf(strings.TrimLeft(opt, "-"))
	return k.model && !k.output
}

func (st *shellState) flags(name string, args []word) {
	alias := aliasFor(frameworkCommands[name])
	if name == "python" || name == "python3" {
		// python -m whisperx …
		for i := 0; i+1 < len(args); i++ {
			if args[i].s == "-m" {
				alias = aliasFor(frameworkCommands[args[i+1].s])
				break
			}
		}
	}
	for i := 0; i < len(args); i++ {
		opt, val, hasVal := strings.Cut(args[i].s, "=")
		if !flagNamesModel(opt) {
			// vllm serve MODEL: the first positional
			if i == 0 && args[i].s == "serve" && len(args) > 1 && !strings.HasPrefix(args[1].s, "-") {
				if s, ok := st.expand(args[1].s); ok {
					if c, ok := classify(s, hint{hub: HubHuggingFace}); ok && c.via == "" {
						st.emit(c, args[1], "serve")
					}
				}
			}
			// a word whose shape is a registry's (yolo predict
			// model=yolov8n.pt, docker run nvcr.io/nim/…)
			if s, ok := st.expand(strings.TrimPrefix(args[i].s, opt+"=")); ok && !strings.HasPrefix(s, "-") {
				if c, ok := classifyShape(s); ok && c.hub != "" && isRegistry(c.hub) {
					w := args[i]
					if hasVal {
						w.col += len(opt) + 1
					}
					st.emit(c, w, "shell")
				}
			}
			continue
		}
		w := args[i]
		if hasVal {
			w.col += len(opt) + 1
		} else if i+1 < len(args) {
			i++
			w, val = args[i], args[i].s
		}
		s, ok := st.expand(val)
		if !ok {
			continue
		}
		if id, ok := alias.resolve(s); ok {
			st.emit(classified{hub: alias.hub, id: id, kind: KindModel}, w, alias.via(s))
			continue
		}
		if c, ok := classify(s, hint{hub: HubHuggingFace}); ok && c.via == "" {
			st.emit(c, w, "flag:"+opt)
		}
	}
}

// analyzeDockerfile reads RUN/CMD/ENTRYPOINT as shell and ENV/ARG as
// variables; FROM names a container image and is never a model.
func analyzeDockerfile(src []byte, p string) []Reference {
	st := &shellState{p: p, vars: map[string]string{}}
	words := shellWords(src, 0)
	var cmd []word
	var instr string
	flush := func() {
		defer func() { cmd = cmd[:0]; instr = "" }()
		if len(cmd) == 0 {
			return
		}
		switch instr {
		case "RUN":
			st.run(cmd)
		case "CMD", "ENTRYPOINT":
			if strings.HasPrefix(cmd[0].s, "[") {
				st.command(execForm(cmd))
			} else {
				st.run(cmd)
			}
		case "ENV", "ARG":
			for i := 0; i < len(cmd); i++ {
				if strings.Contains(cmd[i].s, "=") {
					st.assign(cmd[i])
				} else if instr == "ENV" && i+1 < len(cmd) && len(cmd) == 2 {
					// legacy "ENV KEY value"
					st.vars[cmd[0].s] = cmd[1].s
					st.keyValue(cmd[0].s, cmd[1].s, cmd[1], 0)
					i++
				}
			}
		}
	}
	// An uppercase instruction at the start of a line starts a new one;
	// continuation lines never do (their newline was swallowed).
	atStart := true
	for _, w := range words {
		if w.sep {
			if w.nl {
				atStart = true
			}
			if instr == "RUN" || instr == "CMD" || instr == "ENTRYPOINT" {
				cmd = append(cmd, w)
			}
			continue
		}
		if atStart && isInstruction(w.s) {
			flush()
			instr = strings.ToUpper(w.s)
			atStart = false
			continue
		}
		atStart = false
		cmd = append(cmd, w)
	}
	flush()
	return st.refs
}

func isInstruction(s string) bool {
	switch strings.ToUpper(s) {
	case "FROM", "RUN", "CMD", "ENTRYPOINT", "ENV", "ARG", "COPY", "ADD", "LABEL", "WORKDIR", "USER", "EXPOSE",
		"VOLUME", "HEALTHCHECK", "SHELL", "STOPSIGNAL", "ONBUILD", "MAINTAINER":
		return s == strings.ToUpper(s)
	}
	return false
}

// execForm turns the words of ["vllm", "serve", "org/x"] (quotes already
// removed by shellWords) into plain words.
func execForm(cmd []word) []word {
	out := make([]word, 0, len(cmd))
	for _, w := range cmd {
		if w.sep {
			continue
		}
		t := strings.TrimLeft(w.s, "[")
		w.col += len(w.s) - len(t)
		w.s = strings.TrimRight(t, "],")
		if w.s != "" {
			out = append(out, w)
		}
	}
	return out
}
