package discover

import (
	"fmt"
	"testing"
)

// TestClassifyMemo: the memo gives classify's answer for every value and
// hint, the first time and when asked again, and stays within its bound.
func TestClassifyMemo(t *testing.T) {
	values := []string{
		"gpt-4o", "meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b", "gemma:2b", "bert-base-uncased",
		"hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "https://huggingface.co/openai/whisper-large-v3",
		"ollama/llama3", "together_ai/meta-llama/Llama-3-70b", "MiniMax/MiniMax-M1-80k", "configs/base",
		" squad ", "", "./local", "claude-3-5-sonnet-20240620", "models/gemini-1.5-pro", "tts_models/en/ljspeech/vits",
	}
	hints := []hint{
		{}, {strong: true}, {hub: HubModelScope}, {dataset: true}, {ollama: true, provider: HubOllama},
		{litellm: true}, {provider: "openai", anyName: true}, {hub: HubHuggingFace, strong: true},
	}
	var mm classifyMemo
	found := 0
	for round := range 2 {
		for _, v := range values {
			for _, h := range hints {
				wc, wok := classify(v, h)
				gc, gok := mm.classify(v, h)
				if gc != wc || gok != wok {
					t.Fatalf("round %d, %q %+v: memo %+v %v, classify %+v %v", round, v, h, gc, gok, wc, wok)
				}
				if wok {
					found++
				}
			}
		}
	}
	if found < len(values) {
		t.Fatalf("only %d answers were references: the values no longer exercise classify", found)
	}
	if n := len(mm.m); n != len(values)*len(hints) {
		t.Fatalf("the memo holds %d answers for %d questions", n, len(values)*len(hints))
	}
	// Past the bound it empties itself and keeps answering right.
	for i := range 3 * classifyMemoMax {
		v := fmt.Sprintf("org%d/model-%d", i%97, i)
		if i%5 == 0 {
			v = fmt.Sprintf("gpt-%d", i)
		}
		wc, wok := classify(v, hint{})
		gc, gok := mm.classify(v, hint{})
		if gc != wc || gok != wok {
			t.Fatalf("%q: memo %+v %v, classify %+v %v", v, gc, gok, wc, wok)
		}
		if len(mm.m) > classifyMemoMax {
			t.Fatalf("the memo holds %d answers, over its bound %d", len(mm.m), classifyMemoMax)
		}
	}
	// A nil memo classifies.
	var none *classifyMemo
	if c, ok := none.classify("meta-llama/Llama-3.1-8B", hint{}); !ok || c.id != "meta-llama/Llama-3.1-8B" {
		t.Fatalf("nil memo: %+v %v", c, ok)
	}
}
