package discover

import "testing"

// Every name of every table maps to a valid hub id.
func TestAliasTableRows(t *testing.T) {
	for _, tab := range aliasTables {
		if len(tab.names) == 0 && tab.prefix == "" {
			t.Errorf("%s: neither names nor a prefix", tab.framework)
		}
		for name, id := range tab.names {
			got, ok := tab.resolve(name)
			if !ok || got != id {
				t.Errorf("%s: resolve(%q) = %q, %v; want %q", tab.framework, name, got, ok, id)
			}
			if !validHFID(id) {
				t.Errorf("%s: %q maps to %q, not a hub id", tab.framework, name, id)
			}
		}
		for _, m := range tab.modules {
			if got := frameworkOfModule(m + ".sub"); got != tab.framework {
				t.Errorf("frameworkOfModule(%q) = %q, want %q", m+".sub", got, tab.framework)
			}
		}
	}
}

func TestAliasResolve(t *testing.T) {
	for _, c := range []struct {
		framework, name, want string
	}{
		{"faster-whisper", "large-v2", "Systran/faster-whisper-large-v2"},
		{"faster-whisper", "large", "Systran/faster-whisper-large-v3"},
		{"faster-whisper", "distil-large-v3", "Systran/faster-distil-whisper-large-v3"},
		{"faster-whisper", "turbo", "mobiuslabsgmbh/faster-whisper-large-v3-turbo"},
		{"faster-whisper", "huge", ""},
		{"openai-whisper", "base.en", "openai/whisper-base.en"},
		{"openai-whisper", "large-v1", "openai/whisper-large"},
		{"openai-whisper", "Systran/faster-whisper-small", ""},
		{"funasr", "paraformer-zh", "iic/speech_seaco_paraformer_large_asr_nat-zh-cn-16k-common-vocab8404-pytorch"},
		{"funasr", "fsmn-vad", "iic/speech_fsmn_vad_zh-cn-16k-common-pytorch"},
		{"funasr", "cam++", "iic/speech_campplus_sv_zh-cn_16k-common"},
		{"funasr", "iic/SenseVoiceSmall", ""}, // already an id
		{"sentence-transformers", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"},
		{"sentence-transformers", "paraphrase-multilingual-mpnet-base-v2", "sentence-transformers/paraphrase-multilingual-mpnet-base-v2"},
		{"sentence-transformers", "bert-base-uncased", ""}, // a transformers name, kept as written
		{"sentence-transformers", "distilroberta-base", ""},
		{"sentence-transformers", "bert-base-nli-mean-tokens", "sentence-transformers/bert-base-nli-mean-tokens"},
		{"sentence-transformers", "distilbert-base-nli-stsb-quora-ranking", "sentence-transformers/distilbert-base-nli-stsb-quora-ranking"},
		{"sentence-transformers", "distilroberta-base-msmarco-v1", "sentence-transformers/distilroberta-base-msmarco-v1"},
		{"sentence-transformers", "bert-base-wikipedia-sections-mean-tokens", "sentence-transformers/bert-base-wikipedia-sections-mean-tokens"},
		{"sentence-transformers", "xlm-r-100langs-bert-base-nli-stsb-mean-tokens", "sentence-transformers/xlm-r-100langs-bert-base-nli-stsb-mean-tokens"},
		{"sentence-transformers", "roberta-base-openai-detector", ""},
		{"sentence-transformers", "BAAI/bge-m3", ""},
		{"spacy", "en_core_web_sm", "spacy/en_core_web_sm"},
		{"spacy", "xx_ent_wiki_sm", "spacy/xx_ent_wiki_sm"},
		{"spacy", "en", ""},
	} {
		got, ok := aliasFor(c.framework).resolve(c.name)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: resolve(%q) = %q, %v; want %q", c.framework, c.name, got, ok, c.want)
		}
	}
	if frameworkOfModule("whisper_timestamped") != "" || frameworkOfModule("transformers") != "" {
		t.Error("frameworkOfModule takes modules that are not a framework's")
	}
}
