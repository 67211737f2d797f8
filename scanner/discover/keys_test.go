package discover

import "testing"

func TestKeyInfoOf(t *testing.T) {
	type want struct {
		model, dataset, strong, output bool
		provider, hub                  string
	}
	for name, w := range map[string]want{
		"model":                         {model: true},
		"model_name":                    {model: true},
		"modelName":                     {model: true},
		"embeddingModelId":              {model: true},
		"DEFAULT_MODEL":                 {model: true},
		"OPENAI_MODEL":                  {model: true, provider: "openai"},
		"ollama_model":                  {model: true, provider: HubOllama},
		"MODELSCOPE_MODEL_LIST":         {model: true, hub: HubModelScope},
		"model_path_map":                {model: true},
		"models_dict":                   {model: true},
		"model_name_or_path":            {model: true, strong: true},
		"pretrained_model_name":         {model: true, strong: true},
		"tokenizer_name":                {model: true, strong: true},
		"repo_id":                       {model: true, strong: true},
		"llm":                           {model: true},
		"reranker":                      {model: true},
		"model_size":                    {model: true},
		"DEFAULT_ALIGN_MODELS_HF":       {model: true},
		"model_type":                    {},
		"model_server":                  {},
		"model_kwargs":                  {},
		"model_max_length":              {},
		"llm_provider":                  {},
		"model_config":                  {},
		"checkpoint_dir":                {},
		"dataset_name":                  {dataset: true},
		"train_dataset":                 {dataset: true},
		"dataset_mixer":                 {dataset: true},
		"datasets":                      {dataset: true},
		"dataset_num_proc":              {},
		"dataset_text_field":            {},
		"dataset_split":                 {},
		"hub_model_id":                  {model: true, output: true},
		"output_dir":                    {output: true},
		"new_model":                     {model: true, output: true},
		"output_model_name":             {model: true, output: true},
		"save_model_path":               {model: true, output: true},
		"push_to_hub_model_id":          {model: true, output: true},
		"GROQ_MODEL":                    {model: true, provider: "groq"},
		"GITEE_AI_MODEL_LIST":           {model: true, provider: "giteeai"},
		"pretrained_model_name_or_path": {model: true, strong: true},
	} {
		k := keyInfoOf(name)
		got := want{k.model, k.dataset, k.strong, k.output, k.provider, k.hub}
		if got != w {
			t.Errorf("keyInfoOf(%q) = %+v, want %+v", name, got, w)
		}
		if k.names() != ((w.model || w.dataset) && !w.output) {
			t.Errorf("keyInfoOf(%q).names() = %v", name, k.names())
		}
	}
}

// isModelKey reads names as keyInfoOf does: a word after the model word
// that names something else about it, or an output word, takes the
// meaning away (a provider word under model_type is no model).
func TestIsModelKeyTails(t *testing.T) {
	for k, want := range map[string]bool{
		"model": true, "model_name": true, "model_name_or_path": true, "embed_model": true, "model_config": true,
		"tokenizer_name": true, "embedmodel": true, "repo_id": true, "checkpoint": true, "llm_model_id": true,
		"model_type": false, "model_provider": false, "model_kwargs": false, "model_revision": false,
		"model_max_length": false, "output_model": false, "save_model_path": false, "checkpoint_dir": false,
	} {
		if got := isModelKey(k); got != want {
			t.Errorf("isModelKey(%q) = %v, want %v", k, got, want)
		}
	}
	runClassCases(t, []classCase{
		{"a provider under model_type beside the model", "llm/__init__.py", `
def get_chat_model(cfg):
    model_type = "oai"
    model = "qwen-max"
    model_server = "dashscope"
`, []string{"dashscope:qwen-max assign:model"}},
	})
}
