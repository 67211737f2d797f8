package discover

import "testing"

// Model pickers of a web app's page; decoys: a select of languages, a
// model select's labels, a select elsewhere named for something else.
func TestHTMLModelSelects(t *testing.T) {
	runClassCases(t, []classCase{
		{"a model picker", "index.html", `<!doctype html>
<label for="model-name">Model</label>
<select class="form-select" id="model-name">
  <option value="Xenova/all-MiniLM-L6-v2" selected>Xenova/all-MiniLM-L6-v2 | 23MB</option>
  <option value='nomic-ai/nomic-embed-text-v1.5'>nomic | 137MB</option>
  <OPTION VALUE="jinaai/jina-embeddings-v2-base-de">jina de</OPTION>
</select>
<select id="language"><option value="en/us">English</option><option value="zh/cn">Chinese</option></select>
<select name="chatModel">
  <option value="gpt-4o-mini">GPT-4o mini</option>
  <option value="">choose</option>
</select>
`, []string{"huggingface:Xenova/all-MiniLM-L6-v2 html:select", "huggingface:nomic-ai/nomic-embed-text-v1.5 html:select",
			"huggingface:jinaai/jina-embeddings-v2-base-de html:select", "openai:gpt-4o-mini html:select"}},
		{"no picker", "page.html", `<select id="theme"><option value="solarized/dark">dark</option></select>
<p>Try Xenova/bge-m3 in the picker.</p>`, nil},
	})
}
