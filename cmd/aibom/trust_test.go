package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aibom/aibom/internal/settings"
	"github.com/aibom/aibom/sbom"
)

// The attacks of a scanned tree on its own gate (docs/security.md): a pull
// request controls the tree, so nothing in it may choose what aibom writes,
// reads outside the tree, its limits, or how it judges.

const ncApp = "from transformers import pipeline\nt = pipeline('translation', model='facebook/nllb-200-distilled-600M')\n"

// secretFile is a single-line file outside the tree, like a token file on
// a runner.
func secretFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret.txt")
	writeFile(t, p, "ghp_SECRETrunnerTOKEN0123456789\n")
	return p
}

// oneLine checks an error output: exit 2, every line a self-contained
// "aibom: …" message, the wanted text in it, and the secret nowhere.
func oneLine(t *testing.T, code int, stderr string, wants ...string) {
	t.Helper()
	if code != 2 {
		t.Errorf("exit %d, want 2\n%s", code, stderr)
	}
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if !strings.HasPrefix(l, "aibom: ") {
			t.Errorf("not a one-line error: %q", l)
		}
	}
	for _, w := range wants {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	if strings.Contains(stderr, "SECRET") {
		t.Errorf("a file's content reached the error output:\n%s", stderr)
	}
}

// TestTreeConfigCannotSteer is issue 13's first list: outputs, cache,
// limits and the gate from an in-tree .aibom.yaml are refused with a line
// naming the key and how to set it; no file is written anywhere.
func TestTreeConfigCannotSteer(t *testing.T) {
	outside := t.TempDir()
	secret := secretFile(t)
	cases := []struct {
		name, cfg string
		want      []string
	}{
		{"outputs to an absolute path", "outputs: [\"json=" + filepath.Join(outside, "x.json") + "\"]\n",
			[]string{".aibom.yaml:1:1: outputs: the scanned tree's .aibom.yaml may not set this", "set it with -o/--outputs, AIBOM_OUTPUTS or a --config FILE"}},
		{"outputs up the tree", "outputs:\n  - json=../x.json\n", []string{".aibom.yaml:1:1: outputs:"}},
		{"cache dir", "cache_dir: " + outside + "\n", []string{".aibom.yaml:1:1: cache_dir:", "--cache-dir, AIBOM_CACHE_DIR or a --config FILE"}},
		{"max file size", "max_file_size: 99999999999\n", []string{".aibom.yaml:1:1: max_file_size:"}},
		{"fail_on none", "exclude: ['*.md']\nfail_on: none\n", []string{".aibom.yaml:2:1: fail_on:", "--fail-on"}},
		{"offline", "offline: true\n", []string{".aibom.yaml:1:1: offline:"}},
		{"baseline", "baseline: /etc/passwd\n", []string{".aibom.yaml:1:1: baseline:"}},
		{"policy outside the tree", "policy: " + secret + "\n", []string{".aibom.yaml:1:9: policy:", "expected a preset", "--policy, AIBOM_POLICY or a --config FILE"}},
		{"policy up the tree", "policy: ../../secret.txt\n", []string{".aibom.yaml:1:9: policy:"}},
		{"config", "config: " + secret + "\n", []string{".aibom.yaml:1:1: config: the scanned tree's .aibom.yaml may not set this", "--config or AIBOM_CONFIG"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "app.py"), ncApp)
			writeFile(t, filepath.Join(dir, ".aibom.yaml"), tc.cfg)
			code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", dir)
			oneLine(t, code, stderr, tc.want...)
			if stdout != "" {
				t.Errorf("a report was written although the config is refused")
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 0 {
				t.Errorf("files appeared outside the tree: %v", entries)
			}
		})
	}
}

// TestTrustedConfigMaySetEverything: the same keys from --config (and the
// environment) are accepted.
func TestTrustedConfigMaySetEverything(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.py"), ncApp)
	out := filepath.Join(t.TempDir(), "r.json")
	cfg := filepath.Join(t.TempDir(), "ci.yaml")
	writeFile(t, cfg, "outputs: [\"json="+out+"\"]\nfail_on: none\noffline: true\nmax_file_size: 1000\ncache_dir: "+t.TempDir()+"\n")
	code, _, stderr := runCLI(t, map[string]string{"AIBOM_FORMAT": "table"}, "scan", "--config", cfg, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("--config outputs not written: %v", err)
	}
}

// TestSymlinkedConfigRefused: a .aibom.yaml, or an in-tree policy file,
// that is a symlink leading out of the tree is refused, and nothing of its
// target is shown.
func TestSymlinkedConfigRefused(t *testing.T) {
	secret := secretFile(t)
	t.Run(".aibom.yaml", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "app.py"), ncApp)
		if err := os.Symlink(secret, filepath.Join(dir, ".aibom.yaml")); err != nil {
			t.Skip(err)
		}
		code, _, stderr := runCLI(t, nil, "scan", "--offline", dir)
		oneLine(t, code, stderr, ".aibom.yaml: refused", "symlink that leads out of")
	})
	t.Run("in-tree policy", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "app.py"), ncApp)
		writeFile(t, filepath.Join(dir, ".aibom.yaml"), "policy: policy.yaml\n")
		if err := os.Symlink(secret, filepath.Join(dir, "policy.yaml")); err != nil {
			t.Skip(err)
		}
		code, _, stderr := runCLI(t, nil, "scan", "--offline", dir)
		oneLine(t, code, stderr, "policy.yaml: refused")
	})
	t.Run("in-tree policy through a symlinked directory", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "app.py"), ncApp)
		writeFile(t, filepath.Join(dir, ".aibom.yaml"), "policy: conf/secret.txt\n")
		if err := os.Symlink(filepath.Dir(secret), filepath.Join(dir, "conf")); err != nil {
			t.Skip(err)
		}
		code, _, stderr := runCLI(t, nil, "scan", "--offline", dir)
		oneLine(t, code, stderr, "refused")
	})
	t.Run("a symlink inside the tree is followed", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "app.py"), ncApp)
		writeFile(t, filepath.Join(dir, "conf", "aibom.yaml"), "context: {commercial: false}\npolicy: research\n")
		if err := os.Symlink(filepath.Join("conf", "aibom.yaml"), filepath.Join(dir, ".aibom.yaml")); err != nil {
			t.Skip(err)
		}
		code, _, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", dir)
		if code != 0 {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
}

// TestNoFileContentInErrors: a file that is not a config or policy, named
// where a config or policy is expected, never has its content printed.
func TestNoFileContentInErrors(t *testing.T) {
	secret := secretFile(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.py"), ncApp)
	for _, args := range [][]string{
		{"scan", "--offline", "--policy", secret, dir},
		{"scan", "--offline", "--config", secret, dir},
		{"check", "--policy", secret, "nonexistent.json"},
		{"config", "--config", secret, dir},
	} {
		code, _, stderr := runCLI(t, map[string]string{"AIBOM_POLICY": ""}, args...)
		oneLine(t, code, stderr, secret)
	}
	// Files that parse as YAML mappings: a shadow file (one line or many)
	// and a token list. No key of theirs is quoted, through either decoder.
	for name, content := range map[string]string{
		"shadow1": "root:$6$SECRETsalt$HASHEDpasswordABC:19000:0:99999:7:::\n",
		"shadow":  "root:$6$SECRETsalt$HASHED:19000:0:99999:7:::\ndaemon:*:SECRET:0:99999:7:::\nbin:*:19000:0:99999:7:::\n",
		"tok1":    "hf_SECRETtokenVALUE1234567890abcdefXYZ: 1\n",
		"toks":    "hf_SECRETtokenVALUE1234567890abcdefXYZ: 1\nghp_SECRETabcdefghijklmnopqrstuvwxyz0123: 2\n",
		"words":   "SECRET: 1\nSECRETS: 2\n",
	} {
		p := filepath.Join(t.TempDir(), name)
		writeFile(t, p, content)
		for _, flag := range []string{"--policy", "--config"} {
			code, _, stderr := runCLI(t, map[string]string{"AIBOM_POLICY": ""}, "scan", "--offline", flag, p, dir)
			oneLine(t, code, stderr, p+":1:1: ")
		}
	}
	// In the tree: the file the tree names as its policy is its own, but a
	// non-policy is still not quoted.
	writeFile(t, filepath.Join(dir, ".aibom.yaml"), "policy: notes.txt\n")
	writeFile(t, filepath.Join(dir, "notes.txt"), "SECRET notes, not a policy\n")
	code, _, stderr := runCLI(t, nil, "scan", "--offline", dir)
	oneLine(t, code, stderr, "notes.txt:1:1: policy: want a mapping", "this is not a policy file")
}

// TestInputErrors is issue 19's list: each config, environment and flag
// error is one line naming its source, the key, what was expected; a
// malformed manifest entry stops the run naming file and line.
func TestInputErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.py"), ncApp)
	cfg := filepath.Join(t.TempDir(), "ci.yaml")
	writeFile(t, cfg, "# CI settings\noffline: true\n\nfail_on: eror\n")
	ctxCfg := filepath.Join(t.TempDir(), "ctx", ".aibom.yaml")
	writeFile(t, ctxCfg, "exclude: []\ncontext:\n  commercial: true\n  regions: [EU]\n  distribution: cloud\n")
	writeFile(t, filepath.Join(filepath.Dir(ctxCfg), "app.py"), ncApp)
	manifest := filepath.Join(t.TempDir(), "m")
	writeFile(t, filepath.Join(manifest, "aibom.yaml"), "models:\n  - hf:Qwen/Qwen2.5-7B-Instruct\n  - mistral-7b-instruct\n")
	treeManifest := filepath.Join(t.TempDir(), "tm")
	writeFile(t, filepath.Join(treeManifest, ".aibom.yaml"), "models:\n  - ref: openai:gpt-4o\n  - ref:\n")

	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"fail_on in a config file", nil, []string{"scan", "--config", cfg, dir}, cfg + `:4:10: fail_on: "eror": expected error, warning, note or none`},
		{"context value", nil, []string{"scan", "--offline", filepath.Dir(ctxCfg)}, `.aibom.yaml:5:17: context.distribution: "cloud": expected saas, on-prem, internal or redistributes-weights`},
		{"environment", map[string]string{"AIBOM_OFFLINE": "maybe"}, []string{"scan", dir}, `environment AIBOM_OFFLINE: offline: "maybe": expected true or false`},
		{"flag", nil, []string{"scan", "--offline", "--max-depth", "deep", dir}, `flag --max-depth: max_depth: "deep": expected a whole number, 0 or more`},
		{"duration", map[string]string{"AIBOM_TIMEOUT": "5 minutes"}, []string{"scan", "--offline", dir}, `environment AIBOM_TIMEOUT: timeout: "5 minutes": expected a duration`},
		{"manifest entry without hub", nil, []string{"scan", "--offline", manifest}, filepath.Join(manifest, "aibom.yaml") + `:3:5: models[1]: "mistral-7b-instruct": expected hub:id[@revision] with a hub prefix`},
		{"manifest entry without ref", nil, []string{"scan", "--offline", treeManifest}, `.aibom.yaml:3:9: models[1].ref: expected a model reference`},
		{"output spec", nil, []string{"scan", "--offline", "-o", "json", dir}, `flag --outputs: outputs: "json": "json": expected FORMAT=FILE`},
		{"two outputs to stdout", nil, []string{"scan", "--offline", "-o", "json=-", "-o", "table=-", dir}, "stdout takes one format"},
		{"stdout twice", nil, []string{"scan", "--offline", "-f", "table", "-o", "json=-", dir}, "both write to stdout"},
		{"manifest entry with a revision key", nil, []string{"scan", "--offline", manifestDir(t, "models:\n  - {ref: hf:a/b, revision: 5}\n")}, `.aibom.yaml:2:19: models[0]: revision: not a key of a models entry`},
		{"manifest empty revision", nil, []string{"scan", "--offline", manifestDir(t, "models: [hf:a/b@]\n")}, `.aibom.yaml:1:10: models[0]: "hf:a/b@": empty revision`},
		{"manifest local outside", nil, []string{"scan", "--offline", manifestDir(t, "models: [local:../../outside.gguf]\n")}, `"local:../../outside.gguf": outside the scanned tree`},
		{"region flag", nil, []string{"scan", "--offline", "--region", "Germany", dir}, `flag --region: context.regions: "Germany": region "Germany" is not an ISO 3166-1 alpha-2 country code`},
		{"empty region flag", nil, []string{"scan", "--offline", "--region", "", dir}, `flag --region: context.regions: an empty value`},
		{"region in the tree", nil, []string{"scan", "--offline", manifestDir(t, "context:\n  regions: [DE, Mars]\n")}, `.aibom.yaml:2:12: context.regions: region "Mars" is not`},
		{"region from the environment", map[string]string{"AIBOM_CONTEXT_REGIONS": "Europa"}, []string{"scan", "--offline", dir}, `environment AIBOM_CONTEXT_REGIONS: context.regions: "Europa": region "Europa" is not`},
		{"YAML error on the first line", nil, []string{"scan", "--offline", manifestDir(t, "exclude: `x`\n")}, ".aibom.yaml:1: not valid YAML: found character that cannot start any token"},
		{"YAML error further down", nil, []string{"scan", "--offline", manifestDir(t, "exclude: []\nwaivers: `x`\n")}, ".aibom.yaml:2: not valid YAML"},
		{"max-file-size 0", nil, []string{"scan", "--offline", "--max-file-size", "0", dir}, `flag --max-file-size: max_file_size: "0": expected a whole number of bytes, 1 or more`},
		{"output directory missing", nil, []string{"scan", "--offline", "-o", "json=" + filepath.Join(dir, "nope", "x.json"), dir}, "cannot write " + filepath.Join(dir, "nope", "x.json") + ": directory " + filepath.Join(dir, "nope") + " does not exist"},
		{"output is a directory", nil, []string{"scan", "--offline", "-o", "json=" + dir, dir}, "cannot write " + dir + ": it is a directory"},
		{"output file twice", nil, []string{"scan", "--offline", "-o", "json=" + filepath.Join(dir, "r.json"), "-o", "markdown=" + filepath.Join(dir, "r.json"), dir}, "is already the target of -o json="},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.env, tc.args...)
			oneLine(t, code, stderr, tc.want)
			if n := strings.Count(stderr, "\n"); n != 1 {
				t.Errorf("%d lines, want one:\n%s", n, stderr)
			}
		})
	}
}

// manifestDir is a tree holding only a .aibom.yaml with content.
func manifestDir(t *testing.T, content string) string {
	d := t.TempDir()
	writeFile(t, filepath.Join(d, ".aibom.yaml"), content)
	return d
}

// TestOutputDashIsStdout: -o json=- writes the report to stdout, and no
// file named "-".
func TestOutputDashIsStdout(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.py"), ncApp)
	t.Chdir(t.TempDir())
	code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "--fail-on", "none", "-o", "cyclonedx=-", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var bom struct {
		BOMFormat string `json:"bomFormat"`
	}
	if err := json.Unmarshal([]byte(stdout), &bom); err != nil || bom.BOMFormat != "CycloneDX" {
		t.Errorf("stdout is not the CycloneDX BOM alone (%v):\n%.300s", err, stdout)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("a file named - was written")
	}
	code, stdout, _ = runCLI(t, nil, "convert", "-o", "json=-", "nonexistent.json")
	if code != 2 || stdout != "" {
		t.Errorf("convert of a missing report: exit %d", code)
	}
}

// TestTreeMaySayWhatItIs: models, context, exclude, a preset or in-tree
// policy file, and waivers are a project's own to declare.
func TestTreeMaySayWhatItIs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.py"), ncApp)
	writeFile(t, filepath.Join(dir, "vendor", "x.py"), "m = AutoModel.from_pretrained('meta-llama/Llama-2-7b-hf')\n")
	writeFile(t, filepath.Join(dir, "policy", "aibom.yaml"), "extends: commercial-saas\nrules: {unpinned-revision: off}\n")
	writeFile(t, filepath.Join(dir, ".aibom.yaml"), `models:
  - openai:gpt-4o-mini
context:
  commercial: true
exclude: [vendor]
policy: policy/aibom.yaml
waivers:
  - model: hf:facebook/nllb-*
    rule: "*"
    reason: licensed from Meta, ticket LEGAL-7
    expires: 2027-06-30
`)
	code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", dir)
	if code != 0 {
		t.Fatalf("exit %d (the waiver should cover the only error): %s", code, stderr)
	}
	rep, err := sbom.ReadJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	for _, m := range rep.Models {
		refs[m.Ref] = true
	}
	if !refs["openai:gpt-4o-mini"] || refs["hf:meta-llama/Llama-2-7b-hf"] {
		t.Errorf("manifest or exclude not applied: %v", refs)
	}
	waived := false
	for _, f := range rep.Findings {
		if f.Model == "hf:facebook/nllb-200-distilled-600M" && f.Waived != nil && f.Waived.Reason == "licensed from Meta, ticket LEGAL-7" {
			waived = true
		}
		if f.Rule == "unpinned-revision" {
			t.Errorf("the in-tree policy file was not used: %s", f.Rule)
		}
	}
	if !waived {
		t.Errorf("the tree's waiver did not apply: %+v", rep.Findings)
	}
	if rep.Config == nil || rep.Config.Policy != filepath.ToSlash(filepath.Join(dir, "policy", "aibom.yaml")) {
		t.Errorf("report does not record the in-tree policy: %+v", rep.Config)
	}
}

// TestBaseTreeRules: with --base-tree the rules come from the base, the
// tree's edits to them are config-change findings, and hiding a new model
// with an exclude added in the same change does not pass.
func TestBaseTreeRules(t *testing.T) {
	mk := func(t *testing.T, files map[string]string) string {
		d := t.TempDir()
		if err := os.Mkdir(filepath.Join(d, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		for name, content := range files {
			writeFile(t, filepath.Join(d, name), content)
		}
		return d
	}
	base := mk(t, map[string]string{"README.md": "x\n", ".aibom.yaml": "context:\n  commercial: true\n"})
	head := mk(t, map[string]string{"README.md": "x\n", "translate.py": ncApp,
		".aibom.yaml": "context:\n  commercial: false\nexclude: [translate.py]\n"})

	t.Run("without the base the change hides the model", func(t *testing.T) {
		code, _, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", head)
		if code != 0 {
			t.Fatalf("the premise of the attack: exit %d %s", code, stderr)
		}
	})
	t.Run("with the base it fails, on the model and on the change", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", "--base-tree", base, head)
		if code != 1 {
			t.Fatalf("exit %d, want 1: %s", code, stderr)
		}
		rep, err := sbom.ReadJSON(strings.NewReader(stdout))
		if err != nil {
			t.Fatal(err)
		}
		var nc, change *sbom.Finding
		for i, f := range rep.Findings {
			switch {
			case f.Model == "hf:facebook/nllb-200-distilled-600M" && f.Rule == "commercial-use":
				nc = &rep.Findings[i]
			case f.Rule == "config-change":
				change = &rep.Findings[i]
			}
		}
		if nc == nil || nc.Severity != sbom.SeverityError {
			t.Errorf("the hidden model is not found under the base's rules: %+v", rep.Findings)
		}
		if change == nil {
			t.Fatalf("no config-change finding: %+v", rep.Findings)
		}
		for _, want := range []string{"edits .aibom.yaml", `Added exclude: ["translate.py"]`, "changed context.commercial: true → false"} {
			if !strings.Contains(change.Message, want) {
				t.Errorf("config-change message lacks %q: %s", want, change.Message)
			}
		}
		if change.Severity != sbom.SeverityError || len(change.Locations) != 1 || change.Locations[0].Path != ".aibom.yaml" || change.Locations[0].Line != 2 {
			t.Errorf("config-change finding: %+v", change)
		}
	})
	t.Run("the base already excluding it passes", func(t *testing.T) {
		base := mk(t, map[string]string{"README.md": "x\n", ".aibom.yaml": "exclude: [translate.py]\n"})
		head := mk(t, map[string]string{"README.md": "x\n", "translate.py": ncApp, ".aibom.yaml": "exclude: [translate.py]\n"})
		code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", "--base-tree", base, head)
		if code != 0 || strings.Contains(stdout, `"rule": "config-change"`) {
			t.Errorf("exit %d: %s\n%.500s", code, stderr, stdout)
		}
	})
	t.Run("a declared model is not a config change", func(t *testing.T) {
		base := mk(t, map[string]string{".aibom.yaml": "# models\nmodels: [openai:gpt-4o]\n"})
		head := mk(t, map[string]string{".aibom.yaml": "models: [openai:gpt-4o, openai:gpt-4o-mini]\n"})
		code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", "--policy", "research", "--base-tree", base, head)
		if code != 0 || strings.Contains(stdout, `"rule": "config-change"`) || !strings.Contains(stdout, "openai:gpt-4o-mini") {
			t.Errorf("exit %d: %s\n%.500s", code, stderr, stdout)
		}
	})
	t.Run("an in-repository policy file is the base's", func(t *testing.T) {
		base := mk(t, map[string]string{"policy.yaml": "extends: commercial-saas\n"})
		head := mk(t, map[string]string{"translate.py": ncApp, "policy.yaml": "extends: research\n"})
		code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", "--policy", filepath.Join(head, "policy.yaml"), "--base-tree", base, head)
		if code != 1 || !strings.Contains(stdout, `Changed extends: \"commercial-saas\" → \"research\"`) {
			t.Errorf("exit %d: %s\n%.3000s", code, stderr, stdout)
		}
	})
	t.Run("the scanned tree's own config is still checked", func(t *testing.T) {
		head := mk(t, map[string]string{".aibom.yaml": "fail_on: none\n"})
		code, _, stderr := runCLI(t, nil, "scan", "--offline", "--base-tree", base, head)
		oneLine(t, code, stderr, ".aibom.yaml:1:1: fail_on: the scanned tree's .aibom.yaml may not set this")
	})
	t.Run("config shows the base's rules and the changes", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, nil, "config", "--base-tree", base, head)
		if code != 0 || !strings.Contains(stdout, "commercial: true # file "+filepath.Join(base, ".aibom.yaml")+":2") ||
			!strings.Contains(stdout, "# config-change: .aibom.yaml: added exclude") {
			t.Errorf("exit %d: %s\n%s", code, stderr, stdout)
		}
	})
	t.Run("ignore files and vendor directories of the change hide nothing", func(t *testing.T) {
		base := mk(t, map[string]string{"README.md": "x\n", ".aibom.yaml": "context:\n  commercial: true\n"})
		for name, files := range map[string]map[string]string{
			".aibomignore": {"app/translate.py": ncApp, ".aibomignore": "# hide it\napp/translate.py\n"},
			".gitignore":   {"app/translate.py": ncApp, "app/.gitignore": "translate.py\n"},
			"vendor":       {"vendor/translate.py": ncApp},
		} {
			files["README.md"] = "x\n"
			files[".aibom.yaml"] = "context:\n  commercial: true\n"
			head := mk(t, files)
			code, _, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", head)
			if code != 0 {
				t.Fatalf("%s: the premise of the attack: exit %d %s", name, code, stderr)
			}
			code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", "--base-tree", base, head)
			if code != 1 || !strings.Contains(stdout, `"rule": "commercial-use"`) {
				t.Errorf("%s: exit %d, want 1 with the model judged: %s\n%.1500s", name, code, stderr, stdout)
			}
			change := strings.Contains(stdout, `Added pattern: \"app/translate.py\"`)
			if change != (name == ".aibomignore") {
				t.Errorf("%s: config-change for the ignore file %v, want %v:\n%.3000s", name, change, name == ".aibomignore", stdout)
			}
		}
	})
	t.Run("a waiver in the base accepts the change", func(t *testing.T) {
		base := mk(t, map[string]string{".aibom.yaml": "waivers:\n  - {model: \"*\", rule: config-change, reason: migrating settings, expires: 2027-01-31}\n"})
		head := mk(t, map[string]string{".aibom.yaml": "exclude: [docs]\nwaivers:\n  - {model: \"*\", rule: config-change, reason: migrating settings, expires: 2027-01-31}\n"})
		code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", "--base-tree", base, head)
		if code != 0 || !strings.Contains(stdout, `"reason": "migrating settings"`) {
			t.Errorf("exit %d: %s\n%.2000s", code, stderr, stdout)
		}
	})
}

func TestQuietVerboseVersion(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "config.yaml"), "model_name: [unclosed\n") // a warning: unparsable
	_, _, stderr := runCLI(t, nil, "scan", "--offline", "--fail-on", "none", "-f", "json", dir)
	if !strings.Contains(stderr, "warning:") {
		t.Fatalf("the premise: a warning on stderr; got %q", stderr)
	}
	for _, args := range [][]string{{"-q", "scan"}, {"scan", "--quiet"}} {
		_, _, stderr = runCLI(t, nil, append(args, "--offline", "--fail-on", "none", "-f", "json", dir)...)
		if stderr != "" {
			t.Errorf("%v: stderr %q", args, stderr)
		}
	}
	if _, _, stderr = runCLI(t, map[string]string{"AIBOM_QUIET": "true"}, "scan", "--offline", "--fail-on", "none", "-f", "json", dir); stderr != "" {
		t.Errorf("AIBOM_QUIET: stderr %q", stderr)
	}
	if code, out, _ := runCLI(t, nil, "--version"); code != 0 || !strings.HasPrefix(out, "aibom ") {
		t.Errorf("--version: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, map[string]string{"AIBOM_VERBOSE": "lots"}, "version"); code != 2 || !strings.Contains(stderr, "environment AIBOM_VERBOSE") {
		t.Errorf("AIBOM_VERBOSE=lots: %d %q", code, stderr)
	}
}

func TestSettingsTable(t *testing.T) {
	if err := settingsTable.Validate(); err != nil {
		t.Fatal(err)
	}
	// What the tree may set is exactly what a project says about itself.
	var tree []string
	for _, s := range settingsTable {
		if s.Who == settings.Tree || s.Who == settings.TreeOnly {
			tree = append(tree, s.Key)
		}
	}
	want := "policy exclude context.commercial context.monthly_active_users context.daily_active_users context.annual_revenue_usd context.regions context.distribution context.builds_models context.approvals waivers models"
	if got := strings.Join(tree, " "); got != want {
		t.Errorf("keys a tree may set:\n got %s\nwant %s", got, want)
	}
}

// TestConfigDocs keeps the settings table in docs/configuration.md equal
// to the code's (go test ./cmd/aibom -update rewrites it).
func TestConfigDocs(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "configuration.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- settings table: generated by go test ./cmd/aibom -update -->\n", "<!-- end of settings table -->\n"
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no settings table markers", path)
	}
	table := settingsTable.Markdown(scopeScan | scopeCheck | scopeAudit | scopeConvert | scopeGlobal)
	if *update {
		writeFile(t, path, doc[:i+len(begin)]+table+doc[j:])
		return
	}
	if doc[i+len(begin):j] != table {
		t.Errorf("%s: the settings table differs from the code; run go test ./cmd/aibom -update and review", path)
	}
}

// TestSecurityDocNamesRealTests: every test docs/security.md cites as
// holding a guarantee exists.
func TestSecurityDocNamesRealTests(t *testing.T) {
	root := filepath.Join("..", "..")
	doc, err := os.ReadFile(filepath.Join(root, "docs", "security.md"))
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)\w+)\(`).FindAllStringSubmatch(string(data), -1) {
			defined[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cited := regexp.MustCompile("`((?:Test|Fuzz)[A-Z]\\w*)`").FindAllStringSubmatch(string(doc), -1)
	if len(cited) < 20 {
		t.Fatalf("docs/security.md cites only %d tests", len(cited))
	}
	for _, m := range cited {
		if !defined[m[1]] {
			t.Errorf("docs/security.md cites %s, which no test file defines", m[1])
		}
	}
}

// TestOutputThroughSymlinkedDirRefused: the pull request may add a
// directory symlink where the workflow writes its report; aibom refuses to
// write through it, before the scan, and writes nothing there. The same
// name as a real directory, or a directory outside the checkout reached
// through a symlink the user made, is written normally.
func TestOutputThroughSymlinkedDirRefused(t *testing.T) {
	outside := t.TempDir()
	tree := t.TempDir()
	writeFile(t, filepath.Join(tree, "app.py"), ncApp)
	if err := os.Symlink(outside, filepath.Join(tree, "reports")); err != nil {
		t.Skip(err)
	}
	for _, sub := range []string{"", "sub"} {
		root := filepath.Join(tree, sub)
		if sub != "" {
			writeFile(t, filepath.Join(root, "app.py"), ncApp)
			if err := os.WriteFile(filepath.Join(tree, ".git"), []byte("gitdir: elsewhere\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		code, _, stderr := runCLI(t, nil, "scan", "--offline", "-o", "json="+filepath.Join(tree, "reports", "aibom.json"), root)
		oneLine(t, code, stderr, "reports", "symlink", "outside")
		if entries, _ := os.ReadDir(outside); len(entries) != 0 {
			t.Errorf("scanning %s wrote %d files through the symlink", root, len(entries))
		}
	}

	t.Run("a real directory in the tree, or a symlink outside it, is written", func(t *testing.T) {
		real := filepath.Join(tree, "out")
		if err := os.Mkdir(real, 0o755); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(t.TempDir(), "mine")
		if err := os.Symlink(outside, link); err != nil {
			t.Skip(err)
		}
		for _, file := range []string{filepath.Join(real, "a.json"), filepath.Join(link, "b.json")} {
			code, _, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", "-o", "json="+file, tree)
			if code > 1 {
				t.Fatalf("-o %s: exit %d: %s", file, code, stderr)
			}
			if _, err := os.Stat(file); err != nil {
				t.Errorf("-o %s not written: %v", file, err)
			}
		}
	})
}
