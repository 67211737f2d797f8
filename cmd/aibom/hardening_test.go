package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/sbom"
)

// TestVendoredModelLicenseFile: a model directory committed to the project
// has its license files read like a hub repository's. A CC BY-NC text
// beside a card that declares apache-2.0 is a license-conflict and the
// non-commercial terms bind; with no card, the file alone names the license.
func TestVendoredModelLicenseFile(t *testing.T) {
	nc, err := os.ReadFile(sharedtest.Path(t, "corpus/licenses/cc-by-nc-4.0.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for name, card := range map[string]string{"card says apache-2.0": "---\nlicense: apache-2.0\n---\n", "no card": ""} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "models", "m", "LICENSE"), string(nc))
			writeFile(t, filepath.Join(dir, "models", "m", "config.json"), `{"model_type": "bert"}`+"\n")
			if card != "" {
				writeFile(t, filepath.Join(dir, "models", "m", "README.md"), card)
			}
			writeFile(t, filepath.Join(dir, "app.py"), "from transformers import AutoModel\nm = AutoModel.from_pretrained(\"./models/m\")\n")
			code, stdout, stderr := runCLI(t, nil, "scan", "--offline", "-f", "json", dir)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (the non-commercial text binds): %s", code, stderr)
			}
			rep, err := sbom.ReadJSON(strings.NewReader(stdout))
			if err != nil {
				t.Fatal(err)
			}
			rules := map[string]bool{}
			for _, f := range rep.Findings {
				if f.Model == "local:models/m" {
					rules[f.Rule] = true
				}
			}
			if !rules["commercial-use"] || rules["license-conflict"] != (card != "") {
				t.Errorf("findings on local:models/m: %v", rules)
			}
			var detected []string
			for _, m := range rep.Models {
				for _, d := range m.Detected {
					detected = append(detected, m.Ref+" "+d.File+" "+d.Key)
				}
			}
			if len(detected) != 1 || detected[0] != "local:models/m LICENSE cc-by-nc-4.0" {
				t.Errorf("detected %q", detected)
			}
		})
	}
}

// TestNoticeTakesNoGateFlags: notice writes the NOTICE and exits 0, so it
// has no outputs, gate or baseline; its flags come from the settings
// table's notice scope and those are refused, not taken and ignored.
func TestNoticeTakesNoGateFlags(t *testing.T) {
	for _, args := range [][]string{{"-o", "json=x.json"}, {"-f", "json"}, {"--fail-on", "error"}, {"--baseline", "b.json"}, {"--allow-unresolved"}} {
		code, _, stderr := runCLI(t, nil, append(append([]string{"notice", "--offline"}, args...), example)...)
		if code != 2 || !strings.Contains(stderr, "unknown") {
			t.Errorf("notice %v: exit %d, %s", args, code, stderr)
		}
	}
	code, stdout, stderr := runCLI(t, nil, "notice", "--offline", "--region", "EU", "--commercial=true", "--max-depth", "2", example)
	if code != 0 || !strings.HasPrefix(stdout, "NOTICE") {
		t.Errorf("notice with scan settings: exit %d %s", code, stderr)
	}
	// Every setting flag notice has is one of its scope.
	for i := range settingsTable {
		s := &settingsTable[i]
		if s.Flag == "" {
			continue
		}
		a := &app{}
		has := a.noticeCmd().Flags().Lookup(s.Flag) != nil
		if want := s.Scope&scopeNotice != 0; has != want {
			t.Errorf("notice flag --%s: present %v, in the notice scope %v", s.Flag, has, want)
		}
	}
}

// TestConfigFileNames: every manifest name (discover.ManifestFiles, the
// one list) is a whole config: its policy and context apply as
// .aibom.yaml's do, and two of them in one tree are refused.
func TestConfigFileNames(t *testing.T) {
	for _, name := range []string{".aibom.yaml", "aibom.yaml", ".aibom.yml", "aibom.yml"} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "translate.py"), ncApp)
		writeFile(t, filepath.Join(dir, name), "context:\n  commercial: false\nexclude: [translate.py]\n")
		code, stdout, stderr := runCLI(t, nil, "config", dir)
		if code != 0 || !strings.Contains(stdout, "commercial: false # file "+filepath.Join(dir, name)+":2") {
			t.Errorf("%s: exit %d %s\n%s", name, code, stderr, stdout)
		}
		code, _, stderr = runCLI(t, nil, "scan", "--offline", dir)
		if code != 0 {
			t.Errorf("%s: its exclude and context are not applied: exit %d %s", name, code, stderr)
		}
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".aibom.yaml"), "context:\n  commercial: true\n")
	writeFile(t, filepath.Join(dir, "aibom.yml"), "context:\n  commercial: false\n")
	code, _, stderr := runCLI(t, nil, "scan", "--offline", dir)
	oneLine(t, code, stderr, ".aibom.yaml and aibom.yml are both aibom config files; keep one")
}

// TestUnknownAIBOMVariable: a mistyped AIBOM_ variable is a warning with
// the nearest name, not silently ignored; -q keeps stderr quiet.
func TestUnknownAIBOMVariable(t *testing.T) {
	env := map[string]string{"AIBOM_OFFLNE": "true"}
	for _, quiet := range []bool{false, true} {
		var out, errb bytes.Buffer
		a := &app{stdout: &out, stderr: &errb, getenv: func(k string) string { return env[k] },
			environ: func() []string { return []string{"AIBOM_OFFLNE=true", "AIBOM_SHARED=/x"} }, now: time.Now}
		args := []string{"version"}
		if quiet {
			args = []string{"-q", "version"}
		}
		if code := a.run(context.Background(), args); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		want := "aibom: warning: environment AIBOM_OFFLNE: not an aibom variable, ignored; did you mean AIBOM_OFFLINE?\n"
		if quiet {
			want = ""
		}
		if errb.String() != want {
			t.Errorf("quiet=%v: stderr %q, want %q", quiet, errb.String(), want)
		}
	}
}

// TestConfigOutputCleaned: aibom config prints values the scanned tree
// wrote; a bidi override or a terminal escape in them is not printed.
func TestConfigOutputCleaned(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".aibom.yaml"), "exclude: [\"a\u202e.py\", \"b\\e]0;title\\a.py\"]\nwaivers:\n  - {model: \"*\", rule: gated, reason: \"ok\u202e\u2066\", expires: 2027-01-01}\n")
	code, stdout, stderr := runCLI(t, nil, "config", dir)
	if code != 0 {
		t.Fatalf("exit %d %s", code, stderr)
	}
	if strings.ContainsAny(stdout, "\u202e\u2066\x1b\x07") || !strings.Contains(stdout, "exclude:") {
		t.Errorf("config output not cleaned: %q", stdout)
	}
}

// TestFirstLocationIsCode: a model referenced in a README and in code is
// shown at the code, in the table and as the SARIF result's location.
func TestFirstLocationIsCode(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "README.md"), "# Demo\n\nUses https://huggingface.co/facebook/nllb-200-distilled-600M\n")
	writeFile(t, filepath.Join(dir, "translate.py"), ncApp)
	_, stdout, _ := runCLI(t, nil, "scan", "--offline", "-f", "table", dir)
	if !strings.Contains(stdout, "translate.py:2 (+1)") {
		t.Errorf("table does not point at the code:\n%s", stdout)
	}
	_, stdout, _ = runCLI(t, nil, "scan", "--offline", "-f", "sarif", dir)
	if i := strings.Index(stdout, `"locations"`); i < 0 || !strings.Contains(stdout[i:min(len(stdout), i+300)], "translate.py") {
		t.Errorf("SARIF primary location is not the code:\n%.3000s", stdout)
	}
}

// TestSmallCLIEdges: -q leaves stderr empty on an incomplete verdict (the
// exit code says it), and explain of a model ref points at --report.
func TestSmallCLIEdges(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app.py"), "from transformers import AutoModel\nAutoModel.from_pretrained('acme/unknown-model')\n")
	code, _, stderr := runCLI(t, nil, "scan", "-q", "--offline", "-f", "json", dir)
	if code != 1 || stderr != "" {
		t.Errorf("-q on an incomplete verdict: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI(t, nil, "scan", "--offline", "-f", "json", dir)
	if code != 1 || !strings.Contains(stderr, "verdict incomplete") {
		t.Errorf("without -q: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI(t, nil, "explain", "hf:org/name")
	oneLine(t, code, stderr, "aibom explain --report REPORT.json hf:org/name")
}
