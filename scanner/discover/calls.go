package discover

import (
	"slices"
	"strings"
)

// Call shapes as data: one row per SDK or framework call whose arguments
// name a model. A row says which calls it applies to (the last part of the
// callee's name, and a gate on where the callee comes from), which
// positional argument and which keywords hold the model, how the value is
// read (a framework's alias table, a hub, a provider) and the location's
// via label. applyCall takes the first row that matches a call and then
// reads every other keyword whose name says it holds a model. Adding an
// SDK is adding a row; each row has a written snippet in TestCallShapeRows,
// and callNames (the prefilter's name set) is made from the rows.
//
// The signatures are the libraries' own:
//   - transformers/diffusers/peft from_pretrained(pretrained_model_name_or_path, …);
//     PeftModel.from_pretrained(model, model_id) takes the adapter second
//   - diffusers pipe.load_lora_weights(pretrained_model_name_or_path_or_dict,
//     weight_name=…), load_ip_adapter, load_textual_inversion
//   - transformers.pipeline(task, model=…); modelscope pipelines the same
//   - huggingface_hub hf_hub_download(repo_id, …, repo_type=…, revision=…)
//     and the other repository functions; modelscope snapshot_download
//   - sentence_transformers.SentenceTransformer(model_name_or_path, …)
//   - vllm.LLM(model, tokenizer=…), EngineArgs(model=…)
//   - torch.hub.load(repo_or_dir, model, source=…)
//   - datasets.load_dataset(path, name, …); modelscope MsDataset.load(dataset_name, …)
//   - google GenerativeModel(model_name), langchain ChatGoogleGenerativeAI(model=…)
//   - ollama chat/generate/embed/pull/show(model, …), create(model, from_=…)
//   - litellm completion(model, messages, …)
//   - faster_whisper.WhisperModel(model_size_or_path, …)
//   - whisperx.load_model(whisper_arch, …) (loads through faster-whisper)
//   - whisper.load_model(name, …) (openai-whisper)
//   - funasr.AutoModel(model=…, vad_model=…, punc_model=…, spk_model=…)
//   - TTS.api.TTS(model_name=…) (Coqui)
//   - ultralytics.YOLO(model=…) / RTDETR(model=…)
//   - open_clip.create_model_and_transforms(model_name, pretrained=…)
//   - argparse add_argument("--model", default=…) and click.option: the
//     literal default of an option named for a model (applyArgument)
//   - piper.PiperVoice.load(model_path, …) takes a file; voices are named
//     by the download helpers and read by their shape (registries.go).
type callShape struct {
	names []string // last parts of the callee's name

	// The gate: the row applies when any of these that is set matches
	// (none set: every call of that name) …
	modules   []string // root of the module the callee comes from ("": none known)
	families  []string // moduleFamily of that module
	providers []string // the provider of the client or SDK (base URL, provider-only SDK)
	receivers []string // the receiver as written ("": a bare function)
	heads     []string // the first part of the callee's name
	// … and, when set, the receiver ends with this.
	receiverSuffix string

	// Where the model is: the first of kws present, else the positional
	// argument pos (-1: none). With each, every keyword of kws present is
	// read, and pos too; with anyModelKey, every keyword whose name says
	// it holds a model.
	pos         int
	kws         []string
	each        bool
	anyModelKey bool
	// adapter: a receiver containing one of these takes the model at pos+1
	// (PeftModel.from_pretrained(base, "adapter")).
	adapter []string
	// weakKws are read too, without h.strong (vLLM's tokenizer=).
	weakKws []string
	// take are keywords the call consumes that the keyword pass must not
	// read as models (revision=, a dataset's config name=).
	take []string

	// How the value is read: h, with the file's hub when fileHub (the hub
	// its imports choose); strong only with a module when weakOffModule
	// (vllm.LLM is certain, a bare LLM() may be anyone's); alias: the
	// framework whose alias table reads the value first (aliases.go).
	h             hint
	fileHub       bool
	weakOffModule bool
	alias         string
	// ignore: values that are not references (datasets' packaged loaders).
	ignore map[string]bool
	// github: the value is owner/repo[:ref] on GitHub (torch.hub).
	github bool
	// pretrained: open_clip's pretrained= tag, joined to the
	// architecture as the registry's "arch/tag" name.
	pretrained string

	// datasetWhen: a keyword and value that make the value a dataset;
	// skipWhen: a keyword and value that make the call no reference at
	// all (repo_type="space", source="local").
	datasetWhen, skipWhen [2]string
	// stop: no other keyword of the call names a model (ollama create
	// names the new model with model=).
	stop bool

	// via: the location's label ("": the callee's last name); viaModules
	// picks another by the module's root (llama_index).
	via        string
	viaModules map[string]string
}

// hubFuncs are huggingface_hub's and modelscope's repository functions
// whose first argument is a repo id.
var hubFuncs = []string{
	"hf_hub_download", "snapshot_download", "hf_hub_url", "model_info", "list_repo_files", "try_to_load_from_cache",
	"repo_info", "list_repo_tree", "hf_hub_file_exists", "model_file_download",
}

// hfWrappers are LangChain / LlamaIndex / other constructors whose keyword
// arguments name an open model on the Hugging Face Hub.
var hfWrappers = []string{
	"HuggingFaceEndpoint", "HuggingFaceHub", "HuggingFaceEmbeddings", "HuggingFaceInferenceAPIEmbeddings",
	"HuggingFaceBgeEmbeddings", "HuggingFaceInstructEmbeddings", "HuggingFaceLLM",
	"HuggingFaceInferenceAPI", "HuggingFaceInferenceAPIEmbedding", "ChatHuggingFace", "from_model_id",
	"VLLM", "HuggingFacePipeline", "HuggingFaceTextGenInference", "HuggingFaceEndpointEmbeddings",
	"TextEmbeddingsInference", "SentenceTransformerEmbeddings", "FastEmbedEmbeddings",
	"HuggingFaceInference", "HuggingFaceTransformersEmbeddings",
}

var hfWrapperKeys = []string{"repo_id", "model_name", "model_id", "model", "tokenizer_name", "model_name_or_path"}

// builtinLoaders are datasets' packaged loaders, not Hub datasets.
var builtinLoaders = map[string]bool{
	"json": true, "csv": true, "parquet": true, "text": true, "arrow": true, "imagefolder": true, "audiofolder": true,
	"videofolder": true, "webdataset": true, "pandas": true, "sql": true, "generator": true, "xml": true, "folder": true,
}

var (
	strongHF   = hint{hub: HubHuggingFace, strong: true}
	ollamaHint = hint{ollama: true, provider: HubOllama}
	viaLlama   = map[string]string{"llama_index": "llama_index"}
	ollamaSDK  = callShape{families: []string{HubOllama}, providers: []string{HubOllama}, via: "ollama", h: ollamaHint}
)

// withNames is a copy of a row with other names and where the model is.
func (r callShape) withNames(pos int, kws []string, names ...string) callShape {
	r.names, r.pos, r.kws = names, pos, kws
	return r
}

// callShapes: the first row that matches a call applies.
var callShapes = []callShape{
	// Frameworks with alias tables and registries of their own.
	{names: []string{"WhisperModel"}, modules: []string{"faster_whisper"}, pos: 0, kws: []string{"model_size_or_path"}, alias: "faster-whisper", h: strongHF, via: "faster-whisper"},
	{names: []string{"load_model"}, modules: []string{"whisperx"}, pos: 0, kws: []string{"whisper_arch"}, alias: "faster-whisper", h: strongHF, via: "whisperx"},
	{names: []string{"load_model"}, modules: []string{"whisper"}, pos: 0, kws: []string{"name"}, alias: "openai-whisper", h: strongHF, via: "whisper"},
	{names: []string{"AutoModel"}, modules: []string{"funasr"}, pos: -1, anyModelKey: true, alias: "funasr", h: hint{hub: HubModelScope, strong: true}, via: "funasr"},
	{names: []string{"TTS"}, modules: []string{"TTS"}, pos: 0, kws: []string{"model_name"}, h: strongHF, via: "coqui"},
	{names: []string{"YOLO", "RTDETR"}, modules: []string{"ultralytics"}, pos: 0, kws: []string{"model"}, h: strongHF, via: "ultralytics"},
	{names: []string{"create_model_and_transforms", "create_model"}, modules: []string{"open_clip"}, pos: 0, kws: []string{"model_name"}, h: strongHF, via: "open_clip", pretrained: "pretrained"},

	// The Hugging Face and ModelScope libraries.
	{names: []string{"from_pretrained", "from_single_file"}, pos: 0, adapter: []string{"Peft", "Lora"},
		kws:  []string{"pretrained_model_name_or_path", "model_id", "model_name_or_path", "pretrained_model_link_or_path"},
		take: []string{"revision"}, h: hint{strong: true}, fileHub: true},
	// diffusers' loaders of adapters into a pipeline: a LoRA, an IP-Adapter,
	// a textual inversion, each a hub repository of its own.
	{names: []string{"load_lora_weights", "load_ip_adapter", "load_textual_inversion"}, pos: 0,
		kws: []string{"pretrained_model_name_or_path_or_dict", "pretrained_model_name_or_path"}, take: []string{"revision"},
		h: hint{strong: true}, fileHub: true},
	{names: []string{"pipeline"}, receivers: []string{"", "transformers"}, modules: []string{"modelscope"}, families: []string{HubHuggingFace},
		pos: 1, kws: []string{"model"}, take: []string{"revision"}, h: hint{strong: true}, fileHub: true, via: "pipeline"},
	{names: hubFuncs, pos: 0, kws: []string{"repo_id", "model_id", "dataset_id"}, take: []string{"revision"}, h: hint{strong: true}, fileHub: true,
		datasetWhen: [2]string{"repo_type", "dataset"}, skipWhen: [2]string{"repo_type", "space"}},
	{names: []string{"dataset_snapshot_download"}, pos: 0, kws: []string{"repo_id", "model_id", "dataset_id"}, take: []string{"revision"},
		h: hint{strong: true, dataset: true}, fileHub: true, skipWhen: [2]string{"repo_type", "space"}},
	{names: []string{"InferenceClient", "AsyncInferenceClient", "InferenceApi"}, pos: 0, kws: []string{"model", "repo_id"}, h: strongHF, via: "inference_client"},
	{names: []string{"SentenceTransformer", "CrossEncoder", "SparseEncoder"}, pos: 0, kws: []string{"model_name_or_path", "model_name"},
		take: []string{"revision"}, alias: "sentence-transformers", h: strongHF, via: "sentence_transformers"},
	{names: []string{"LLM", "EngineArgs", "AsyncEngineArgs"}, modules: []string{"vllm", ""}, pos: 0, kws: []string{"model"}, weakKws: []string{"tokenizer"},
		take: []string{"revision"}, h: hint{strong: true}, fileHub: true, weakOffModule: true, via: "vllm"},
	{names: []string{"HuggingFaceEmbedding"}, pos: 0, each: true, kws: hfWrapperKeys, h: strongHF, via: "langchain", viaModules: viaLlama},
	{names: hfWrappers, pos: -1, each: true, kws: hfWrapperKeys, h: strongHF, via: "langchain", viaModules: viaLlama},
	{names: []string{"ChatOllama", "OllamaLLM", "OllamaEmbeddings", "Ollama", "OllamaEmbedding", "OllamaFunctions"},
		pos: -1, kws: []string{"model", "model_name"}, h: ollamaHint, via: "ollama"},
	{names: []string{"load"}, receiverSuffix: "hub", heads: []string{"torch"}, modules: []string{"torch"}, pos: 0, kws: []string{"repo_or_dir", "github"},
		github: true, skipWhen: [2]string{"source", "local"}, via: "torch.hub.load"},
	{names: []string{"load_dataset"}, pos: 0, kws: []string{"path", "dataset_name"}, take: []string{"revision", "name"},
		h: hint{dataset: true}, fileHub: true, ignore: builtinLoaders, via: "load_dataset"},
	{names: []string{"load"}, receiverSuffix: "MsDataset", pos: 0, kws: []string{"path", "dataset_name"}, take: []string{"revision", "name"},
		h: hint{hub: HubModelScope, dataset: true}, ignore: builtinLoaders, via: "load_dataset"},

	// Provider SDKs.
	{names: []string{"GenerativeModel", "ChatGoogleGenerativeAI", "GoogleGenerativeAI"}, pos: 0, kws: []string{"model_name", "model"},
		h: hint{provider: "google", anyName: true}, via: "google"},
	// Huawei Cloud's Pangu SDK (huaweicloudsdkpangulargemodels) names no
	// model: a request targets a deployment, whose id stands for it.
	{names: []string{"ExecuteChatCompletionRequest", "ExecuteTextCompletionRequest"}, families: []string{"huawei"}, pos: -1,
		kws: []string{"deployment_id"}, take: []string{"pool_id"}, h: hint{provider: "huawei", anyName: true}, via: "huawei"},
	func() callShape {
		r := ollamaSDK.withNames(-1, []string{"from_", "from"}, "create")
		r.each, r.stop = true, true
		return r
	}(),
	ollamaSDK.withNames(0, []string{"model"}, "chat", "generate", "embed", "embeddings", "pull", "show"),
	func() callShape {
		r := ollamaSDK.withNames(-1, nil, "push", "delete", "copy")
		r.take = []string{"model", "source", "destination"}
		return r
	}(),
	{names: []string{"completion", "acompletion", "embedding"}, families: []string{"litellm"}, pos: 0, kws: []string{"model"},
		h: hint{litellm: true}, fileHub: true, via: "litellm"},
}

// shapesByName indexes callShapes by name, in table order.
var shapesByName = func() map[string][]int {
	m := map[string][]int{}
	for i, r := range callShapes {
		for _, n := range r.names {
			m[n] = append(m[n], i)
		}
	}
	return m
}()

// callNames are the last name parts a rule reads: the rows' names and the
// option declarations applyArgument reads. A call with another name
// matters only through its keyword arguments (callUse).
var callNames = func() map[string]bool {
	m := map[string]bool{}
	for n := range shapesByName {
		m[n] = true
	}
	for _, n := range argumentCalls {
		m[n] = true
	}
	return m
}()

// argumentCalls declare command-line options (argparse, click).
var argumentCalls = []string{"add_argument", "option"}

// callNameHint[len][first byte] is whether a name of callNames has that
// length (up to 63) and first byte: most calls are turned down by it
// without hashing their name.
var callNameHint = func() (t [64][256]bool) {
	for n := range callNames {
		t[min(len(n), 63)][n[0]] = true
	}
	return t
}()

func isCallName(b []byte) bool {
	return len(b) > 0 && callNameHint[min(len(b), 63)][b[0]] && callNames[string(b)]
}

// callCtx is where a call's callee comes from.
type callCtx struct {
	mod, fam string // the module and its family (moduleFamily)
	prov     string // the provider of the client or SDK
	anyName  bool   // the provider is certain: any bare name is its model
	hub      string // where owner/name ids of the call live
}

func moduleRoot(mod string) string { root, _, _ := strings.Cut(mod, "."); return root }

// context works out where the call's callee comes from: a client variable
// or an imported name.
func (cf *codeFile) context(c call) callCtx {
	mod, prov := cf.originOf(c.head)
	if mod == "" && prov == "" && (c.head == "self" || c.head == "this") {
		// a client held by the instance: self.client.chat.completions.create(…)
		if _, rest, ok := strings.Cut(c.receiver, "."); ok {
			attr, _, _ := strings.Cut(rest, ".")
			mod, prov = cf.originOf("self." + attr)
		}
	}
	fam := moduleFamily(mod)
	// A provider known from a base URL, or from an SDK that talks only to
	// its own provider, makes any model name that provider's; the OpenAI
	// SDK serves many backends, so there only known names count.
	anyName := prov != ""
	if prov == "" && fam != HubHuggingFace && fam != HubModelScope && fam != "litellm" {
		prov = fam
		anyName = fam != "openai" && fam != ""
	}
	if c.receiver == "" {
		// a bare function: its import says where it comes from
		if m, ok := cf.importAt(c.last, c.nameTok); ok {
			mod = m
			fam = moduleFamily(m)
		}
	}
	hub := cf.hub
	if fam == HubModelScope {
		hub = HubModelScope
	} else if fam == HubHuggingFace {
		hub = HubHuggingFace
	}
	return callCtx{mod: mod, fam: fam, prov: prov, anyName: anyName, hub: hub}
}

// importedAt is one import of a name: the module, and the token of the
// import statement.
type importedAt struct {
	mod string
	tok int
}

// addImport records that name is imported from mod by the statement at
// token tok. Python binds a name at its import, so a name imported again
// from another module (a notebook or a README block showing the ModelScope
// and then the Hugging Face snapshot_download) means the latest import
// before a call.
func (cf *codeFile) addImport(name, mod string, tok int) {
	if prev, ok := cf.imports[name]; ok && prev != mod {
		if cf.reimports == nil {
			cf.reimports = map[string][]importedAt{}
		}
		if len(cf.reimports[name]) == 0 {
			cf.reimports[name] = []importedAt{{prev, -1}}
		}
		cf.reimports[name] = append(cf.reimports[name], importedAt{mod, tok})
	}
	cf.imports[name] = mod
}

// importAt is the module name is imported from where the token at is.
func (cf *codeFile) importAt(name string, at int) (string, bool) {
	if list, ok := cf.reimports[name]; ok {
		mod := list[0].mod
		for _, im := range list[1:] {
			if im.tok < at {
				mod = im.mod
			}
		}
		return mod, true
	}
	m, ok := cf.imports[name]
	return m, ok
}

// matches reports whether the row's gate lets the call through.
func (r *callShape) matches(c call, cx callCtx) bool {
	if r.receiverSuffix != "" && !strings.HasSuffix(c.receiver, r.receiverSuffix) {
		return false
	}
	if len(r.modules)+len(r.families)+len(r.providers)+len(r.receivers)+len(r.heads) == 0 {
		return true
	}
	return slices.Contains(r.modules, moduleRoot(cx.mod)) || cx.fam != "" && slices.Contains(r.families, cx.fam) ||
		cx.prov != "" && slices.Contains(r.providers, cx.prov) || slices.Contains(r.receivers, c.receiver) ||
		slices.Contains(r.heads, c.head)
}

// shapeFor returns the first row that matches the call, or nil.
func shapeFor(c call, cx callCtx) *callShape {
	for _, i := range shapesByName[c.last] {
		if r := &callShapes[i]; r.matches(c, cx) {
			return r
		}
	}
	return nil
}

func (cf *codeFile) applyCall(c call) {
	if slices.Contains(argumentCalls, c.last) {
		cf.applyArgument(c)
		return
	}
	cx := cf.context(c)
	handled := map[string]bool{}
	if r := shapeFor(c, cx); r != nil {
		if stop := cf.applyShape(r, c, cx, handled); stop {
			return
		}
	}
	cf.applyKeywords(c, cx, handled)
}

// kwIs reports whether the call's keyword kv[0] evaluates to kv[1].
func (cf *codeFile) kwIs(c call, kv [2]string) bool {
	if kv[0] == "" {
		return false
	}
	a, ok := c.kw[kv[0]]
	if !ok {
		return false
	}
	v, _ := cf.eval(a.toks, 0)
	return v == kv[1]
}

// revisionOf is the call's revision= when it is a literal branch, tag or
// commit.
func (cf *codeFile) revisionOf(c call) string {
	if a, ok := c.kw["revision"]; ok {
		if v, ok := cf.eval(a.toks, 0); ok && !strings.ContainsAny(v, " \t/") || ok && len(v) == 40 {
			return v
		}
	}
	return ""
}

// applyShape reports the models a row's arguments hold; handled gets the
// keywords it consumed. stop: the call is done (its other keywords name no
// model, or the call is no reference at all).
func (cf *codeFile) applyShape(r *callShape, c call, cx callCtx, handled map[string]bool) (stop bool) {
	if cf.kwIs(c, r.skipWhen) {
		return true
	}
	h := r.h
	if r.fileHub {
		h.hub = cx.hub
	}
	if r.weakOffModule && cx.mod == "" {
		h.strong = false
	}
	if cf.kwIs(c, r.datasetWhen) {
		h.dataset = true
	}
	via := r.via
	if via == "" {
		via = c.last
	}
	if v, ok := r.viaModules[moduleRoot(cx.mod)]; ok {
		via = v
	}
	for _, set := range [][]string{r.kws, r.weakKws, r.take} {
		for _, k := range set {
			handled[k] = true
		}
	}
	read := func(ts []token, idx int, h hint) {
		v, ok := cf.eval(ts, 0)
		if !ok && !h.dataset {
			cf.unresolved(ts, idx, "")
		}
		if !ok || r.ignore != nil && r.ignore[strings.ToLower(v)] {
			return
		}
		if r.github {
			id, rev, _ := strings.Cut(v, ":")
			if hfIDRe.MatchString(id) && !isPlaceholder(id) && !looksLikeFile(id) {
				cf.emit(classified{hub: HubGitHub, id: id, rev: rev, kind: KindModel}, idx, via)
			}
			return
		}
		if r.pretrained != "" {
			if a, ok := c.kw[r.pretrained]; ok {
				if tag, ok := cf.eval(a.toks, 0); ok && !strings.Contains(v, "/") {
					v += "/" + tag
				}
			}
		}
		cl, ok := cf.aliasOrClassify(v, r.alias, h)
		if !ok {
			return
		}
		if h.dataset {
			cl.kind = KindDataset
		}
		if cl.rev == "" && (cl.hub == HubHuggingFace || cl.hub == HubModelScope) {
			cl.rev = cf.revisionOf(c)
		}
		cf.emit(cl, idx, via)
	}
	if r.each || r.anyModelKey {
		for _, k := range c.kwOrder {
			if slices.Contains(r.kws, k) || r.anyModelKey && isModelKey(k) {
				handled[k] = true
				a := c.kw[k]
				read(a.toks, a.idx, h)
			}
		}
		if r.each && r.pos >= 0 && r.pos < len(c.pos) {
			read(c.pos[r.pos], c.posIdx[r.pos], h)
		}
	} else {
		pos := r.pos
		if pos >= 0 && slices.ContainsFunc(r.adapter, func(s string) bool { return strings.Contains(c.receiver, s) }) {
			pos++
		}
		if ts, idx, ok := cf.arg(c, pos, r.kws...); ok {
			read(ts, idx, h)
		}
	}
	weak := h
	weak.strong = false
	for _, k := range r.weakKws {
		if a, ok := c.kw[k]; ok {
			read(a.toks, a.idx, weak)
		}
	}
	return r.stop
}

// applyKeywords reads every keyword of the call not consumed by its row
// whose name says it holds a model or dataset: the SDK, client or base URL
// decides whose.
func (cf *codeFile) applyKeywords(c call, cx callCtx, handled map[string]bool) {
	via := "kwarg"
	h := hint{hub: cx.hub}
	switch {
	case cx.fam == "litellm":
		h.litellm = true
		via = "litellm"
	case cx.prov != "" && cx.prov != HubHuggingFace:
		h.provider = cx.prov
		h.anyName = cx.anyName
		via = cx.prov
		if cx.prov == HubOllama {
			h.ollama = true
			via = "ollama"
		}
	case cf.provider != "" && cx.fam == "" && cx.prov == "":
		h.provider = cf.provider
		h.anyName = true
		if cf.provider == HubOllama {
			h.ollama = true
		}
	}
	for _, k := range c.kwOrder {
		if handled[k] {
			continue
		}
		a := c.kw[k]
		hk := h
		v := via
		if via == "kwarg" {
			v = "kwarg:" + k
		}
		switch {
		case isDatasetKey(k):
			hk.dataset = true
			hk.provider = ""
		case isModelKey(camelLower(k)):
		default:
			continue
		}
		cv, ok := cf.eval(a.toks, 0)
		if !ok {
			if !hk.dataset {
				cf.unresolved(a.toks, a.idx, k)
			}
			continue
		}
		cl, ok := classify(cv, hk)
		if !ok {
			continue
		}
		if hk.dataset {
			cl.kind = KindDataset
		}
		if cl.rev == "" && (cl.hub == HubHuggingFace || cl.hub == HubModelScope) {
			cl.rev = cf.revisionOf(c)
		}
		cf.emit(cl, a.idx, v)
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
		root, _, _ := strings.Cut(m, ".")
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
	flag, flagIdx := "", 0
	for i, p := range c.pos {
		v, ok := cf.eval(p, 0)
		if ok && strings.HasPrefix(v, "--") {
			flag, flagIdx = strings.TrimLeft(v, "-"), c.posIdx[i]
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
	if !ok || len(a.toks) == 1 && cf.is(a.toks[0], "None") {
		cf.unresolvedOption(c, flag, flagIdx)
		return
	}
	v, ok := cf.eval(a.toks, 0)
	if !ok {
		if !k.dataset {
			cf.unresolved(a.toks, a.idx, "")
		}
		return
	}
	h := hint{hub: cf.hub, strong: k.strong, dataset: k.dataset, provider: k.provider, anyName: k.provider != ""}
	if k.hub != "" {
		h.hub = k.hub
	}
	cf.emitKeyed(v, h, k.dataset, a.idx, "argument:--"+flag)
}
