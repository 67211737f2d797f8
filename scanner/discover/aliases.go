package discover

import (
	"regexp"
	"strings"
)

// Framework aliases: toolkits that accept a short name for a hub model and
// download the hub repository it stands for. The reference is the hub id
// whose license applies, with the short name as written kept in the
// location's via.
//
// Each table is the framework's own name map, as a fact (the names and the
// repositories they resolve to); a name is read through a table only where
// the framework is in use: its call (whisper.load_model, WhisperModel,
// AutoModel of funasr) or a file that imports it and names a model.
type aliasTable struct {
	framework string
	hub       string
	// modules are the import roots that put a file in the framework's
	// context (Python module or npm package).
	modules []string
	// names maps each short name to the hub id.
	names map[string]string
	// prefix, when set, is the hub organisation a single-segment name
	// belongs to (sentence-transformers prepends it); names not matching
	// prefixShape are left alone.
	prefix      string
	prefixShape *regexp.Regexp
}

// fasterWhisper is faster_whisper.utils._MODELS (the CTranslate2
// conversions on the Hugging Face Hub); whisperx loads through it.
var fasterWhisper = map[string]string{
	"tiny.en": "Systran/faster-whisper-tiny.en", "tiny": "Systran/faster-whisper-tiny",
	"base.en": "Systran/faster-whisper-base.en", "base": "Systran/faster-whisper-base",
	"small.en": "Systran/faster-whisper-small.en", "small": "Systran/faster-whisper-small",
	"medium.en": "Systran/faster-whisper-medium.en", "medium": "Systran/faster-whisper-medium",
	"large-v1": "Systran/faster-whisper-large-v1", "large-v2": "Systran/faster-whisper-large-v2",
	"large-v3": "Systran/faster-whisper-large-v3", "large": "Systran/faster-whisper-large-v3",
	"distil-large-v2": "Systran/faster-distil-whisper-large-v2", "distil-medium.en": "Systran/faster-distil-whisper-medium.en",
	"distil-small.en": "Systran/faster-distil-whisper-small.en", "distil-large-v3": "Systran/faster-distil-whisper-large-v3",
	"distil-large-v3.5": "distil-whisper/distil-large-v3.5-ct2",
	"large-v3-turbo":    "mobiuslabsgmbh/faster-whisper-large-v3-turbo", "turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}

// openaiWhisper is openai-whisper's _MODELS: checkpoints it downloads from
// OpenAI's own storage, published on the Hub as openai/whisper-* under the
// same license; "large" has meant large-v3 since release 20231106.
var openaiWhisper = map[string]string{
	"tiny.en": "openai/whisper-tiny.en", "tiny": "openai/whisper-tiny",
	"base.en": "openai/whisper-base.en", "base": "openai/whisper-base",
	"small.en": "openai/whisper-small.en", "small": "openai/whisper-small",
	"medium.en": "openai/whisper-medium.en", "medium": "openai/whisper-medium",
	"large-v1": "openai/whisper-large", "large-v2": "openai/whisper-large-v2",
	"large-v3": "openai/whisper-large-v3", "large": "openai/whisper-large-v3",
	"large-v3-turbo": "openai/whisper-large-v3-turbo", "turbo": "openai/whisper-large-v3-turbo",
}

// funasrNames is FunASR's name map for ModelScope
// (funasr/download/name_maps_from_hub.py, name_maps_ms).
var funasrNames = map[string]string{
	"paraformer":              "iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-pytorch",
	"paraformer-zh":           "iic/speech_seaco_paraformer_large_asr_nat-zh-cn-16k-common-vocab8404-pytorch",
	"paraformer-en":           "iic/speech_paraformer-large-vad-punc_asr_nat-en-16k-common-vocab10020",
	"paraformer-en-spk":       "iic/speech_paraformer-large-vad-punc_asr_nat-en-16k-common-vocab10020",
	"paraformer-zh-streaming": "iic/speech_paraformer-large_asr_nat-zh-cn-16k-common-vocab8404-online",
	"fsmn-vad":                "iic/speech_fsmn_vad_zh-cn-16k-common-pytorch",
	"ct-punc":                 "iic/punc_ct-transformer_cn-en-common-vocab471067-large",
	"ct-punc-c":               "iic/punc_ct-transformer_zh-cn-common-vocab272727-pytorch",
	"fa-zh":                   "iic/speech_timestamp_prediction-v1-16k-offline",
	"cam++":                   "iic/speech_campplus_sv_zh-cn_16k-common",
	"Whisper-large-v2":        "iic/speech_whisper-large_asr_multilingual",
	"Whisper-large-v3":        "iic/Whisper-large-v3",
	"Qwen-Audio":              "Qwen/Qwen-Audio",
}

// aliasTables, by framework.
var aliasTables = []aliasTable{
	{framework: "faster-whisper", hub: HubHuggingFace, modules: []string{"faster_whisper", "whisperx"}, names: fasterWhisper},
	{framework: "openai-whisper", hub: HubHuggingFace, modules: []string{"whisper"}, names: openaiWhisper},
	{framework: "funasr", hub: HubModelScope, modules: []string{"funasr"}, names: funasrNames},
	// sentence-transformers looks a name without an owner up under its own
	// organisation (all-MiniLM-L6-v2 is sentence-transformers/all-MiniLM-L6-v2);
	// the legacy transformers names it also accepts keep their spelling. The
	// shape lists that organisation's name families: prefixes (all-, msmarco-)
	// and the training-set words its older names carry (…-nli-…-mean-tokens).
	{framework: "sentence-transformers", hub: HubHuggingFace, modules: []string{"sentence_transformers"},
		prefix: "sentence-transformers", prefixShape: regexp.MustCompile(`^((all|paraphrase|multi-qa|msmarco|nli|stsb|distiluse|average_word_embeddings|gtr|sentence-t5|LaBSE|clip|facebook-dpr|use-cmlm|xlm-r|quora|allenai-specter|nq-distilbert)[A-Za-z0-9._-]*|[A-Za-z0-9._]+(-[A-Za-z0-9._]+)*-(nli|stsb|msmarco|quora|wikipedia-sections)(-[A-Za-z0-9._]+)*)$`)},
	// spaCy pipelines are published on the Hub under spacy/.
	{framework: "spacy", hub: HubHuggingFace, modules: []string{"spacy"},
		prefix: "spacy", prefixShape: regexp.MustCompile(`^[a-z]{2}_(core|dep|ent|sent)_(web|news|wiki|ud)_(sm|md|lg|trf)$`)},
}

// aliasTable returns the table of a framework.
func aliasFor(framework string) *aliasTable {
	for i := range aliasTables {
		if aliasTables[i].framework == framework {
			return &aliasTables[i]
		}
	}
	return nil
}

// resolve maps a short name to the hub id it stands for; ok is false when
// the name is not one of the framework's.
func (t *aliasTable) resolve(name string) (string, bool) {
	if t == nil {
		return "", false
	}
	if id, ok := t.names[name]; ok {
		return id, true
	}
	if t.prefix != "" && !strings.Contains(name, "/") && t.prefixShape.MatchString(name) {
		return t.prefix + "/" + name, true
	}
	return "", false
}

// via is the via of a reference read through the table: the framework and
// the short name as written ("faster-whisper large-v2").
func (t *aliasTable) via(name string) string { return t.framework + " " + name }

// frameworkOfModule returns the framework whose context an imported module
// puts a file in, or "".
func frameworkOfModule(mod string) string {
	root, _, _ := strings.Cut(strings.ToLower(mod), ".")
	for _, t := range aliasTables {
		for _, m := range t.modules {
			if root == m {
				return t.framework
			}
		}
	}
	return ""
}
