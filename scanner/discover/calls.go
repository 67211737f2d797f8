package discover

import (
	"slices"
	"strings"
)

// Call shapes as data: one row per SDK or framework call whose argument
// names a model. A row says which module the callee comes from, its last
// name part, which positional argument and which keywords hold the model,
// and how the value is read (a framework's alias table, a registry, a hub).
// Adding an SDK is adding a row; each row has a written snippet in
// TestCallShapeRows. The older rules of applyCall (from_pretrained,
// pipeline, the hub functions, the provider SDKs) come first; these rows
// are consulted when none of them matched.
//
// The signatures are the libraries' own:
//   - faster_whisper.WhisperModel(model_size_or_path, …)
//   - whisperx.load_model(whisper_arch, …) (loads through faster-whisper)
//   - whisper.load_model(name, …) (openai-whisper)
//   - funasr.AutoModel(model=…, vad_model=…, punc_model=…, spk_model=…)
//   - argparse add_argument("--model", default=…) and click.option: the
//     literal default of an option named for a model (applyArgument)
//   - TTS.api.TTS(model_name=…) (Coqui)
//   - ultralytics.YOLO(model=…) / RTDETR(model=…)
//   - open_clip.create_model_and_transforms(model_name, pretrained=…)
//   - piper.PiperVoice.load(model_path, …) takes a file; voices are named
//     by the download helpers and read by their shape (registries.go).
type callShape struct {
	modules []string // import roots the callee must come from
	last    string   // last part of the callee's name
	pos     int      // positional argument holding the model, -1 for none
	kws     []string // keywords holding the model (any order)
	// alias: the framework whose alias table reads the value first
	// (aliases.go); registry: the registry whose names it holds; hub:
	// where owner/name ids live.
	alias, registry, hub string
	via                  string
	// anyModelKey: every keyword whose name says it holds a model
	// (FunASR's model, vad_model, punc_model, spk_model …).
	anyModelKey bool
	// pretrained: open_clip's pretrained= tag, joined to the
	// architecture as the registry's "arch/tag" name.
	pretrained string
}

var callShapes = []callShape{
	{modules: []string{"faster_whisper"}, last: "WhisperModel", pos: 0, kws: []string{"model_size_or_path"}, alias: "faster-whisper", hub: HubHuggingFace, via: "faster-whisper"},
	{modules: []string{"whisperx"}, last: "load_model", pos: 0, kws: []string{"whisper_arch"}, alias: "faster-whisper", hub: HubHuggingFace, via: "whisperx"},
	{modules: []string{"whisper"}, last: "load_model", pos: 0, kws: []string{"name"}, alias: "openai-whisper", hub: HubHuggingFace, via: "whisper"},
	{modules: []string{"funasr"}, last: "AutoModel", pos: -1, anyModelKey: true, alias: "funasr", hub: HubModelScope, via: "funasr"},
	{modules: []string{"TTS"}, last: "TTS", pos: 0, kws: []string{"model_name"}, registry: "coqui", hub: HubHuggingFace, via: "coqui"},
	{modules: []string{"ultralytics"}, last: "YOLO", pos: 0, kws: []string{"model"}, registry: "ultralytics", hub: HubHuggingFace, via: "ultralytics"},
	{modules: []string{"ultralytics"}, last: "RTDETR", pos: 0, kws: []string{"model"}, registry: "ultralytics", hub: HubHuggingFace, via: "ultralytics"},
	{modules: []string{"open_clip"}, last: "create_model_and_transforms", pos: 0, kws: []string{"model_name"}, registry: "open_clip", hub: HubHuggingFace, via: "open_clip", pretrained: "pretrained"},
	{modules: []string{"open_clip"}, last: "create_model", pos: 0, kws: []string{"model_name"}, registry: "open_clip", hub: HubHuggingFace, via: "open_clip", pretrained: "pretrained"},
}

// callShapeNames are the rows' last name parts (part of callNames).
var callShapeNames = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range callShapes {
		m[r.last] = true
	}
	return m
}()

// shapeFor returns the row of a call whose callee comes from mod, or nil.
func shapeFor(last, mod string) *callShape {
	root := strings.SplitN(mod, ".", 2)[0]
	for i := range callShapes {
		r := &callShapes[i]
		if r.last != last {
			continue
		}
		for _, m := range r.modules {
			if root == m {
				return r
			}
		}
	}
	return nil
}

// applyShape reports the model a row's argument holds; handled lists the
// keywords it read.
func (cf *codeFile) applyShape(r *callShape, c call, handled map[string]bool) {
	for _, k := range r.kws {
		handled[k] = true
	}
	read := func(ts []token, idx int) {
		v, ok := cf.eval(ts, 0)
		if !ok {
			return
		}
		if r.pretrained != "" {
			if a, ok := c.kw[r.pretrained]; ok {
				if tag, ok := cf.eval(a.toks, 0); ok && !strings.Contains(v, "/") {
					v += "/" + tag
				}
			}
		}
		if cl, ok := cf.aliasOrClassify(v, r.alias, hint{hub: r.hub, strong: true}); ok {
			via := r.via
			if cl.via != "" {
				via = cl.via
			}
			cf.emit(cl, idx, via)
		}
	}
	if r.pos < 0 {
		for _, k := range c.kwOrder {
			if slices.Contains(r.kws, k) || r.anyModelKey && isModelKey(k) {
				handled[k] = true
				a := c.kw[k]
				read(a.toks, a.idx)
			}
		}
		return
	}
	if ts, idx, ok := cf.arg(c, r.pos, r.kws...); ok {
		read(ts, idx)
	}
}

// aliasOrClassify reads a value through a framework's alias table first
// (the reference is the hub id the alias stands for, its via the alias as
// written), else classifies it.
func (cf *codeFile) aliasOrClassify(v, framework string, h hint) (classified, bool) {
	if t := aliasFor(framework); t != nil {
		if id, ok := t.resolve(v); ok {
			return classified{hub: t.hub, id: id, kind: KindModel, via: t.via(v)}, true
		}
	}
	return cf.classes.classify(v, h)
}

// fileFramework returns the framework whose context the file's imports put
// it in ("" for none, or when two frameworks' tables would disagree).
func (cf *codeFile) fileFramework() string {
	fw := ""
	for _, m := range cf.imports {
		if f := frameworkOfModule(m); f != "" {
			if fw != "" && fw != f {
				return ""
			}
			fw = f
		}
	}
	return fw
}

// inModules reports whether the file imports one of the modules (for
// registries whose names need their framework in view).
func (cf *codeFile) inModules(mods []string) bool {
	for _, m := range cf.imports {
		root := strings.SplitN(m, ".", 2)[0]
		if slices.Contains(mods, root) {
			return true
		}
	}
	return false
}

// applyArgument reads a command-line option declared in code
// (argparse add_argument, click.option) whose name says it holds a model:
// its literal default is the model used when the option is not given.
func (cf *codeFile) applyArgument(c call) {
	if len(c.pos) == 0 {
		return
	}
	flag := ""
	for _, p := range c.pos {
		v, ok := cf.eval(p, 0)
		if ok && strings.HasPrefix(v, "--") {
			flag = strings.TrimLeft(v, "-")
			break
		}
	}
	if flag == "" {
		return
	}
	k := keyInfoOf(strings.ReplaceAll(flag, "-", "_"))
	if !k.names() {
		return
	}
	a, ok := c.kw["default"]
	if !ok {
		return
	}
	v, ok := cf.eval(a.toks, 0)
	if !ok {
		return
	}
	h := hint{hub: cf.hub, strong: k.strong, dataset: k.dataset, provider: k.provider, anyName: k.provider != ""}
	if k.hub != "" {
		h.hub = k.hub
	}
	cl, ok := cf.aliasOrClassify(v, cf.fileFramework(), h)
	if !ok {
		return
	}
	if k.dataset {
		cl.kind = KindDataset
	}
	via := "argument:--" + flag
	if cl.via != "" {
		via = cl.via
	}
	cf.emit(cl, a.idx, via)
}
