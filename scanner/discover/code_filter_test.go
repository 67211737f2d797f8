package discover

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// filterSamples reach every rule of the code recognisers: named calls,
// model-named keywords and keys, tracked clients with base URLs, imports,
// constants, chained calls and JS object arguments.
var filterSamples = []string{
	"from openai import OpenAI\nc = OpenAI(base_url=\"https://api.deepseek.com\")\nc.chat.completions.create(model=\"deepseek-chat\")\n",
	"import ollama\nollama.chat(model='llama3.2')\nollama.create(model='x', from_='qwen3:4b')\n",
	"from litellm import completion\ncompletion('openai/gpt-4o', messages=[])\n",
	"client = anthropic.Anthropic().messages.create(model='claude-3-haiku-20240307')\n",
	"BASE = 'http://localhost:11434'\nc = Client(host=BASE)\nc.generate(model='qwen3:8b')\n",
	"M = 'org/model-1'\nf(M)\nDEFAULT_MODEL = 'org/model-2'\nemb_model: str = os.getenv('X', 'org/m3')\n",
	"x = foo(bar(baz(q, w=1), checkpoint='org/ck-1'))\ny = qux(repoId='a1/b2')\n",
	"d = {'model': 'gpt-4o', 'dataset_name': 'org/ds', \"mo\\del\": 'org/esc'}\n",
	"import { pipeline } from '@xenova/transformers';\nconst p = await pipeline('task', 'Xenova/m1');\n",
	"const c = new OpenAI({ baseURL: 'https://api.moonshot.cn/v1' });\nawait c.chat.completions.create({ model: 'kimi-k2-0711' });\n",
	"const o = { model: 'claude-3-5-sonnet-20241022' };\nfetch(url, { body: JSON.stringify({ modelName: 'a1/b1' }) });\n",
	"from modelscope import snapshot_download\nsnapshot_download('qwen/Qwen2-7B', revision='v1')\n",
	"torch.hub.load('intel-isl/MiDaS:v3', 'DPT')\nload_dataset('json')\nload_dataset('org/data')\n",
	"import x as ?\n?.y(model='gpt-4o')\n",
	"class E:\n    def __init__(self, path: str = 'BAAI/bge-m3', d=None):\n        d = d or \"Qwen/Qwen2-VL-2B\"\n",
	"const M = [{ value: \"deepseek-ai/DeepSeek-V3\" }, \"QWEN/x-1\" + s, require(\"openai/x-1\")];\n", "p = f'{A}'\nA = 'm'\nq = g(tokenizer=f\"{A}/t\")\n",
}

func sameRefsBothWays(t *testing.T, src []byte) {
	t.Helper()
	for _, l := range []lang{langPython, langJS} {
		fast := parseCodeWith(src, l, "f", 0, 0, false, false, nil)
		full := parseCodeWith(src, l, "f", 0, 0, false, true, nil)
		if !reflect.DeepEqual(fast, full) {
			t.Fatalf("lang %d, %q:\nfiltered   %+v\nexhaustive %+v", l, src, fast, full)
		}
	}
}

// TestFiltersExact requires the same references with and without the byte
// tests that let calls, keys and strings go unexamined (callMatters,
// mayNameModel, the host test in scanProviders).
func TestFiltersExact(t *testing.T) {
	found := 0
	for _, s := range append(filterSamples, lexSamples...) {
		sameRefsBothWays(t, []byte(s))
		found += len(parseCode([]byte(s), langPython, "f", 0, 0, false)) + len(parseCode([]byte(s), langJS, "f", 0, 0, false))
	}
	if found < 20 {
		t.Errorf("the samples find %d references: they no longer exercise the rules", found)
	}
	for _, root := range []string{filepath.Join("..", "..", "testdata", "projects"), os.Getenv("AIBOM_LEX_CORPUS")} {
		if root == "" {
			continue
		}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".py", ".js", ".ts", ".tsx", ".ipynb", ".md":
			default:
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sameRefsBothWays(t, b)
			return nil
		})
	}
}

func FuzzFiltersExact(f *testing.F) {
	for _, s := range append(filterSamples, lexSamples...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { sameRefsBothWays(t, b) })
}

// mayNameModel must accept every name the key rules accept.
func checkMayNameModel(t *testing.T, k string) {
	t.Helper()
	if (isModelKey(camelLower(k)) || isModelKey(k) || isDatasetKey(k) || isDatasetKey(camelLower(k))) && !mayNameModel([]byte(k)) {
		t.Fatalf("mayNameModel(%q) = false, but the key rules accept it", k)
	}
}

func TestMayNameModel(t *testing.T) {
	for _, k := range []string{
		"model", "MODEL", "embedModelName", "repo_id", "repoId", "RepoID", "checkpoint", "tokenizer_name",
		"dataset", "train_datasets", "llm.model", "OPENAI_MODEL", "modelid", "base_model", "Models",
	} {
		checkMayNameModel(t, k)
		if !mayNameModel([]byte(k)) {
			t.Errorf("mayNameModel(%q) = false", k)
		}
	}
	for _, w := range keyWords {
		for _, k := range []string{w, strings.ToUpper(w), "x_" + w + "_y", strings.ToUpper(w[:1]) + w[1:]} {
			if !mayNameModel([]byte(k)) {
				t.Errorf("mayNameModel(%q) = false", k)
			}
		}
	}
	for _, k := range []string{"name", "x", "temperature", "revision", "url", "mode", "repr"} {
		if mayNameModel([]byte(k)) {
			t.Errorf("mayNameModel(%q) = true: the filter lets everything through", k)
		}
	}
}

func FuzzMayNameModel(f *testing.F) {
	for _, s := range []string{"model", "embedModelName", "REPO_ID", "dataSet", "tokeNizer"} {
		f.Add(s)
	}
	f.Fuzz(checkMayNameModel)
}

func checkMayNameProvider(t *testing.T, k string) {
	t.Helper()
	if providerKeys[strings.ToLower(camelLower(k))] && !mayNameProvider([]byte(k)) {
		t.Fatalf("mayNameProvider(%q) = false, but providerKeys holds it", k)
	}
}

func TestMayNameProvider(t *testing.T) {
	for k := range providerKeys {
		for _, v := range []string{k, strings.ToUpper(k), strings.ReplaceAll(k, "_", ""), camelCase(k)} {
			checkMayNameProvider(t, v)
			if !mayNameProvider([]byte(v)) {
				t.Errorf("mayNameProvider(%q) = false", v)
			}
		}
	}
	for _, k := range []string{"model", "name", "temperature", "base_url", "owner", "ap"} {
		if mayNameProvider([]byte(k)) {
			t.Errorf("mayNameProvider(%q) = true: the filter lets everything through", k)
		}
	}
}

// camelCase is llm_provider as llmProvider.
func camelCase(k string) string {
	parts := strings.Split(k, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

func FuzzMayNameProvider(f *testing.F) {
	for _, s := range []string{"modelProvider", "OWNED_BY", "apiType", "Platform", "vend\u212aor"} {
		f.Add(s)
	}
	f.Fuzz(checkMayNameProvider)
}

// TestCallNamesCoverRules: callUse skips a call whose name is not in
// callNames, so every name a rule reads must be there. The rules name
// callees only in the callShapes table (and argumentCalls): the test reads
// the rule functions' source for any other test of a callee's name, and
// checks every row's names pass isCallName.
func TestCallNamesCoverRules(t *testing.T) {
	for _, r := range callShapes {
		if len(r.names) == 0 {
			t.Errorf("row %s has no names", rowKey(r))
		}
		for _, n := range r.names {
			if !isCallName([]byte(n)) {
				t.Errorf("row %s: isCallName(%q) = false", rowKey(r), n)
			}
		}
	}
	for _, n := range argumentCalls {
		if !isCallName([]byte(n)) {
			t.Errorf("isCallName(%q) = false", n)
		}
	}
	fset := gotoken.NewFileSet()
	rules := map[string]bool{"applyCall": true, "applyShape": true, "applyKeywords": true, "context": true, "matches": true, "shapeFor": true}
	isLast := func(e ast.Expr) bool {
		s, ok := e.(*ast.SelectorExpr)
		return ok && s.Sel.Name == "last"
	}
	seen := map[string]bool{}
	for _, file := range []string{"calls.go", "code.go"} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !rules[fn.Name.Name] {
				continue
			}
			seen[fn.Name.Name] = true
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BinaryExpr:
					if (n.Op == gotoken.EQL || n.Op == gotoken.NEQ) && (isLast(n.X) || isLast(n.Y)) {
						t.Errorf("%s: %s tests a callee's name outside callShapes", fset.Position(n.Pos()), fn.Name.Name)
					}
				case *ast.SwitchStmt:
					if n.Tag != nil && isLast(n.Tag) {
						t.Errorf("%s: %s switches on a callee's name outside callShapes", fset.Position(n.Pos()), fn.Name.Name)
					}
				case *ast.IndexExpr:
					if id, ok := n.X.(*ast.Ident); ok && isLast(n.Index) && id.Name != "shapesByName" {
						t.Errorf("%s: %s looks a callee's name up in %s, not in callShapes", fset.Position(n.Pos()), fn.Name.Name, id.Name)
					}
				case *ast.CallExpr:
					// slices.Contains(set, c.last): only argumentCalls
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Contains" && len(n.Args) == 2 && isLast(n.Args[1]) {
						if id, ok := n.Args[0].(*ast.Ident); !ok || id.Name != "argumentCalls" {
							t.Errorf("%s: %s looks a callee's name up outside callShapes", fset.Position(n.Pos()), fn.Name.Name)
						}
					}
				}
				return true
			})
		}
	}
	for name := range rules {
		if !seen[name] {
			t.Errorf("rule function %s not found: the test no longer reads the rules", name)
		}
	}
}

func checkHostProvider(t *testing.T, s string) {
	t.Helper()
	if got, want := hostProviderBytes([]byte(s)), hostProvider(s); got != want {
		t.Fatalf("hostProviderBytes(%q) = %q, hostProvider = %q", s, got, want)
	}
}

func TestHostProviderBytes(t *testing.T) {
	for _, s := range []string{
		"https://api.openai.com/v1", "HTTPS://API.DeepSeek.COM", "http://localhost:11434", "ollama:11434",
		"see https://huggingface.co/x and https://api.mistral.ai", "https://api.moonshot.cn then https://api.openai.com",
		"http://pangu.example", "http://api.z.aİ", "http://api.deepseeK.com", "https://volces.com", "no url api.openai.com",
		"", "http", "https://example.com",
	} {
		checkHostProvider(t, s)
	}
	if hostProviderBytes([]byte("https://API.openai.com/v1")) != "openai" {
		t.Error("case-folded host not found")
	}
}

func FuzzHostProviderBytes(f *testing.F) {
	for _, h := range providerHosts {
		f.Add("http://" + h.host + "/v1")
	}
	f.Add("HTTP://x.İ api.z.ai")
	f.Fuzz(checkHostProvider)
}

func checkFirstBytes(t *testing.T, s string) {
	t.Helper()
	first := providerFirst()
	for i, p := range families {
		if s != "" && p.re.MatchString(s) && !first[i][s[0]] {
			t.Fatalf("%s matches %q but its first byte %q is not in the set", p.provider, s, s[0])
		}
	}
}

// TestFirstBytes: the first-byte sets of the provider patterns let through
// every name the patterns match, and rule out most values.
func TestFirstBytes(t *testing.T) {
	for _, s := range []string{"gpt-4o", "o3-mini", "ft:gpt-4o-mini:acme", "claude-3-5-sonnet-20241022", "models/gemini-1.5-pro",
		"ERNIE-4.0-8K", "Ernie-bot", "eb-instant", "qwen-max", "qwq-plus", "glm-4-plus", "cogview-3", "doubao-pro-32k", "skylark2-pro",
		"hunyuan-turbos-latest", "PANGU-x", "pangu-y", "moonshot-v1-8k", "kimi-k2-0711", "mistral-large-latest", "open-mixtral-8x7b",
		"deepseek-chat", "MiniMax-M2.7", "text-embedding-3-small", "dall-e-3", "whisper-1"} {
		checkFirstBytes(t, s)
		if apiProvider(s) == "" {
			t.Errorf("apiProvider(%q) = \"\"", s)
		}
	}
	tried := 0
	for i := range families {
		if providerFirst()[i]['x'] {
			tried++
		}
	}
	if tried > 2 {
		t.Errorf("%d patterns can start with 'x': the sets rule out nothing", tried)
	}
}

func FuzzFirstBytes(f *testing.F) {
	for _, s := range []string{"gpt-4o", "Ernie-x", "kimi-latest", "models/gemini-2", "\u212aimi"} {
		f.Add(s)
	}
	f.Fuzz(checkFirstBytes)
}
