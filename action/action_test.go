// Package action holds the tests of the aibom GitHub Action: action.yml at
// the repository root and its script, action/run.sh. The script runs here
// as the runner would run it, against temporary git repositories, with the
// runner's environment simulated in temporary directories.
package action

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/sbom"
)

const repoRoot = ".."

// binDir is where the tests' one build of aibom goes: the first run of the
// script builds it there, as the action does on a cache miss, and every
// other run finds it there, as on a cache hit (sharedBuild).
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "aibom-action-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	buildOnce  sync.Once
	buildFirst result
)

// sharedBuild runs the script once with an empty binary directory, so that
// it builds aibom from the action's source; it returns that first run.
func sharedBuild(t *testing.T) result {
	t.Helper()
	buildOnce.Do(func() {
		r := newRepo(t)
		r.commit("one", map[string]string{"README.md": "nothing here\n"})
		buildFirst = runScript(t, r, "", nil, map[string]string{"INPUT_OFFLINE": "true"})
	})
	if _, err := os.Stat(filepath.Join(binDir, "aibom")); err != nil {
		t.Fatalf("the script did not build aibom into the binary directory:\n%s", buildFirst)
	}
	return buildFirst
}

// --- action.yml -----------------------------------------------------------

type actionFile struct {
	Name    string                              `yaml:"name"`
	Inputs  map[string]struct{ Default string } `yaml:"inputs"`
	Outputs map[string]struct{ Value string }   `yaml:"outputs"`
	Runs    struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

type step struct {
	ID   string            `yaml:"id"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
	With map[string]string `yaml:"with"`
}

func readAction(t *testing.T) (actionFile, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(false)
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml is not valid YAML: %v", err)
	}
	return a, data
}

var (
	stepOutput = regexp.MustCompile(`\bsteps\.([a-z]+)\.outputs\.([A-Za-z0-9_-]+)`)
	inputRef   = regexp.MustCompile(`\binputs\.([A-Za-z0-9_-]+)`)
	exprRef    = regexp.MustCompile(`\$\{\{`)
	pinnedRef  = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$`)
	envUse     = regexp.MustCompile(`\$\{?(INPUT_[A-Z0-9_]+)`)
)

// The inputs the issue asks for; action.yml may add more.
var requiredInputs = []string{"path", "policy", "fail-on", "format", "offline", "hf-token", "github-token", "baseline"}

func TestActionYAML(t *testing.T) {
	a, _ := readAction(t)
	if a.Name == "" || a.Runs.Using != "composite" {
		t.Errorf("name %q, runs.using %q: want a named composite action", a.Name, a.Runs.Using)
	}
	for _, in := range requiredInputs {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("input %q missing", in)
		}
	}
	script, err := os.ReadFile("run.sh")
	if err != nil {
		t.Fatal(err)
	}
	prepare, err := os.ReadFile("prepare.sh")
	if err != nil {
		t.Fatal(err)
	}
	scriptEnv := map[string]bool{}
	for _, m := range envUse.FindAllStringSubmatch(string(script)+string(prepare), -1) {
		scriptEnv[m[1]] = true
	}
	// Every steps.prepare.outputs.X another step reads is written by
	// prepare.sh.
	for i, st := range a.Runs.Steps {
		reads := []string{st.If}
		for _, v := range st.With {
			reads = append(reads, v)
		}
		for _, v := range st.Env {
			reads = append(reads, v)
		}
		for _, v := range reads {
			for _, m := range stepOutput.FindAllStringSubmatch(v, -1) {
				if m[1] == "prepare" && !strings.Contains(string(prepare), "'"+m[2]+"=") {
					t.Errorf("step %d reads steps.prepare.outputs.%s, which prepare.sh never writes", i, m[2])
				}
			}
		}
	}

	used := map[string]bool{}
	for i, s := range a.Runs.Steps {
		where := fmt.Sprintf("step %d (%s)", i, s.ID+s.Uses)
		// An expression inside run: is pasted into the script before it
		// runs: script injection. Nothing may be, not just inputs.
		if exprRef.MatchString(s.Run) {
			t.Errorf("%s: ${{ }} inside run: %q", where, s.Run)
		}
		if s.Uses != "" && !pinnedRef.MatchString(s.Uses) {
			t.Errorf("%s: uses %q is not pinned to a full commit SHA", where, s.Uses)
		}
		for _, m := range inputRef.FindAllStringSubmatch(s.If, -1) {
			used[m[1]] = true
		}
		for _, v := range s.With {
			for _, m := range inputRef.FindAllStringSubmatch(v, -1) {
				used[m[1]] = true
			}
		}
		for k, v := range s.Env {
			for _, m := range inputRef.FindAllStringSubmatch(v, -1) {
				used[m[1]] = true
				// An input handed to the script must be read by it.
				if strings.HasPrefix(k, "INPUT_") && !scriptEnv[k] {
					t.Errorf("%s: env %s (inputs.%s) is never read by run.sh", where, k, m[1])
				}
			}
		}
	}
	for in := range a.Inputs {
		if !used[in] {
			t.Errorf("input %q is declared but never used", in)
		}
	}
	for in := range used {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("inputs.%s is used but not declared", in)
		}
	}
	// Every INPUT_* the script reads is provided by action.yml.
	provided := map[string]bool{}
	for _, s := range a.Runs.Steps {
		for k := range s.Env {
			provided[k] = true
		}
	}
	for k := range scriptEnv {
		if !provided[k] {
			t.Errorf("run.sh reads %s, which action.yml does not set", k)
		}
	}
	// Outputs come from the gate step and are written by the script.
	for name, o := range a.Outputs {
		if o.Value != "${{ steps.gate.outputs."+name+" }}" {
			t.Errorf("output %s = %q, want the gate step's output of the same name", name, o.Value)
		}
		if !strings.Contains(string(script), "'"+name+"=%s\\n'") {
			t.Errorf("run.sh never writes output %s", name)
		}
	}
	for _, out := range []string{"new-findings", "report-path", "sarif-path"} {
		if _, ok := a.Outputs[out]; !ok {
			t.Errorf("output %q missing", out)
		}
	}
}

// TestActionYAMLCheckerCatches feeds the checks above known-bad shapes, so
// that a check that can never fail is noticed.
func TestActionYAMLCheckerCatches(t *testing.T) {
	for _, bad := range []string{
		`echo "${{ inputs.path }}"`,
		`run.sh ${{ github.event.pull_request.title }}`,
	} {
		if !exprRef.MatchString(bad) {
			t.Errorf("expression check misses %q", bad)
		}
	}
	for _, bad := range []string{"actions/setup-go@v5", "actions/setup-go@main", "actions/setup-go@d35c59a", "actions/setup-go"} {
		if pinnedRef.MatchString(bad) {
			t.Errorf("pin check accepts %q", bad)
		}
	}
	if !pinnedRef.MatchString("github/codeql-action/upload-sarif@ff0a06e83cb2de871e5a09832bc6a81e7276941f") {
		t.Errorf("pin check rejects a pinned sub-action")
	}
}

// --- examples/ and docs/github-action.md ---

type workflow struct {
	On          yaml.Node              `yaml:"on"`
	Permissions map[string]string      `yaml:"permissions"`
	Jobs        map[string]workflowJob `yaml:"jobs"`
}

type workflowJob struct {
	Permissions map[string]string `yaml:"permissions"`
	Steps       []step            `yaml:"steps"`
}

// exampleWorkflows returns the workflows of examples/, keyed by their
// first trigger (pull_request, schedule, push).
func exampleWorkflows(t *testing.T) map[string]workflow {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "examples", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples/*.yml: %v", err)
	}
	out := map[string]workflow{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(data, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if w.On.Kind != yaml.MappingNode || len(w.On.Content) == 0 {
			t.Fatalf("%s: no on: triggers", f)
		}
		out[w.On.Content[0].Value] = w
	}
	return out
}

// TestDocShowsTheExample: the pull-request workflow in docs/github-action.md
// is examples/pull-request.yml, byte for byte.
func TestDocShowsTheExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "github-action.md"))
	if err != nil {
		t.Fatal(err)
	}
	ex, err := os.ReadFile(filepath.Join(repoRoot, "examples", "pull-request.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```yaml\n"+string(ex)+"```") {
		t.Errorf("docs/github-action.md does not show examples/pull-request.yml as it is")
	}
}

// aibomStep returns the workflow's single job and the step that uses this
// action.
func aibomStep(t *testing.T, w workflow) (workflowJob, step) {
	t.Helper()
	if len(w.Jobs) != 1 {
		t.Fatalf("want one job, have %d", len(w.Jobs))
	}
	for _, j := range w.Jobs {
		for _, s := range j.Steps {
			if strings.HasPrefix(s.Uses, "aibom/aibom@") {
				return j, s
			}
		}
		t.Fatalf("no step uses aibom/aibom")
	}
	panic("unreachable")
}

func TestExampleWorkflows(t *testing.T) {
	a, _ := readAction(t)
	wfs := exampleWorkflows(t)
	for _, trigger := range []string{"pull_request", "schedule", "push"} {
		t.Run(trigger, func(t *testing.T) {
			w, ok := wfs[trigger]
			if !ok {
				t.Fatalf("examples/ has no %s workflow", trigger)
			}
			if len(w.Permissions) != 1 || w.Permissions["contents"] != "read" {
				t.Errorf("workflow permissions = %v, want only contents: read", w.Permissions)
			}
			job, s := aibomStep(t, w)
			for k, v := range job.Permissions {
				if !(k == "contents" && v == "read" || k == "security-events" && v == "write") {
					t.Errorf("job permission %s: %s is more than the action needs", k, v)
				}
			}
			if s.ID != "aibom" {
				t.Errorf("the aibom step's id is %q; the other steps read steps.aibom.outputs", s.ID)
			}
			for k := range s.With {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("with: %s is not an input of action.yml", k)
				}
			}
			var sawCheckout bool
			for _, st := range job.Steps {
				if st.Uses == s.Uses {
					continue
				}
				if st.Uses != "" && !pinnedRef.MatchString(st.Uses) {
					t.Errorf("step uses %q: not pinned to a commit", st.Uses)
				}
				if strings.HasPrefix(st.Uses, "actions/checkout@") {
					sawCheckout = true
					if trigger == "pull_request" && st.With["fetch-depth"] != "0" {
						t.Errorf("the pull-request checkout needs fetch-depth: 0 to find the merge base")
					}
				}
				// Every steps.aibom.outputs.X the workflow reads is an output.
				reads := []string{st.If}
				for _, v := range st.With {
					reads = append(reads, v)
				}
				for _, v := range reads {
					for _, m := range regexp.MustCompile(`steps\.aibom\.outputs\.([a-z-]+)`).FindAllStringSubmatch(v, -1) {
						if _, ok := a.Outputs[m[1]]; !ok {
							t.Errorf("workflow reads steps.aibom.outputs.%s, which action.yml does not define", m[1])
						}
					}
				}
				if strings.HasPrefix(st.Uses, "github/codeql-action/upload-sarif@") && st.With["sarif_file"] != "${{ steps.aibom.outputs.sarif-path }}" {
					t.Errorf("upload-sarif reads %q, want the action's sarif-path output", st.With["sarif_file"])
				}
			}
			if !sawCheckout {
				t.Errorf("the workflow does not check out the code")
			}
		})
	}
}

// docInputs turns the `with:` of the example workflow's aibom step into the
// INPUT_* environment action.yml would give the script: defaults first,
// then the workflow's values. Expressions are those a test can evaluate:
// secrets and the job token are empty here. offline is the one override,
// because tests have no network; everything else is the doc's workflow as
// written.
func docInputs(t *testing.T, trigger string) map[string]string {
	t.Helper()
	a, _ := readAction(t)
	_, s := aibomStep(t, exampleWorkflows(t)[trigger])
	vals := map[string]string{}
	for name, in := range a.Inputs {
		vals[name] = in.Default
	}
	for k, v := range s.With {
		switch {
		case strings.Contains(v, "${{"):
			if !regexp.MustCompile(`^\$\{\{ (secrets\.[A-Z_]+|github\.token) \}\}$`).MatchString(v) {
				t.Fatalf("with: %s: %q is an expression this test cannot evaluate", k, v)
			}
			vals[k] = ""
		default:
			vals[k] = v
		}
	}
	vals["offline"] = "true"
	env := map[string]string{}
	for _, st := range readActionSteps(t) {
		for k, v := range st.Env {
			if !strings.HasPrefix(k, "INPUT_") {
				continue // AIBOM_ACTION_BIN_DIR: runAction sets the tests' own
			}
			m := regexp.MustCompile(`^\$\{\{ inputs\.([a-z-]+) \}\}$`).FindStringSubmatch(v)
			if m == nil {
				t.Fatalf("action.yml env %s = %q: want ${{ inputs.NAME }}", k, v)
			}
			env[k] = vals[m[1]]
		}
	}
	return env
}

func readActionSteps(t *testing.T) []step {
	a, _ := readAction(t)
	return a.Runs.Steps
}

// --- running the script ---------------------------------------------------

type repo struct {
	t   *testing.T
	dir string
	env []string
}

// newRepo makes an empty git repository on branch main, isolated from the
// user's and the system's git configuration.
func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	r := &repo{t: t, dir: filepath.Join(t.TempDir(), "workspace")}
	r.env = append(cleanEnv(),
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=aibom test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=aibom test", "GIT_COMMITTER_EMAIL=test@example.invalid",
		"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z")
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes files (content "" deletes) and commits them.
func (r *repo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if content == "" {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

// cleanEnv is the test process's environment without anything a runner or
// a user might have set for GitHub, the action or aibom.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GITHUB_") || strings.HasPrefix(k, "RUNNER_") || strings.HasPrefix(k, "INPUT_") ||
			strings.HasPrefix(k, "AIBOM_") || strings.HasPrefix(k, "GIT_") || k == "HF_TOKEN" || k == "HF_ENDPOINT" {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// result is what a run of the script left behind.
type result struct {
	code        int
	stdout      string
	stderr      string
	summary     string
	outputs     map[string]string
	annotations []string
}

// runAction runs action/run.sh as the runner would: GITHUB_* variables and
// files in temporary directories, inputs as INPUT_* variables, and the
// pull-request event in GITHUB_EVENT_PATH when baseRef is set.
func runAction(t *testing.T, r *repo, baseRef string, event map[string]any, inputs map[string]string) result {
	t.Helper()
	sharedBuild(t)
	return runScript(t, r, baseRef, event, inputs)
}

// runScript runs the script with the shared binary directory, built or not.
func runScript(t *testing.T, r *repo, baseRef string, event map[string]any, inputs map[string]string) result {
	t.Helper()
	runner := t.TempDir()
	summary := filepath.Join(runner, "step_summary.md")
	output := filepath.Join(runner, "output.txt")
	for _, f := range []string{summary, output} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	actionPath, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	env := append(slices.Clone(r.env),
		"GITHUB_ACTIONS=true",
		"GITHUB_WORKSPACE="+r.dir,
		"RUNNER_TEMP="+filepath.Join(runner, "temp"),
		"GITHUB_ACTION_PATH="+actionPath,
		"GITHUB_STEP_SUMMARY="+summary,
		"GITHUB_OUTPUT="+output,
	)
	if err := os.MkdirAll(filepath.Join(runner, "temp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if event != nil {
		data, _ := json.Marshal(event)
		p := filepath.Join(runner, "event.json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		env = append(env, "GITHUB_EVENT_PATH="+p, "GITHUB_EVENT_NAME=pull_request")
	}
	if baseRef != "" {
		env = append(env, "GITHUB_BASE_REF="+baseRef)
	}
	env = append(env, "AIBOM_ACTION_BIN_DIR="+binDir)
	for k, v := range inputs {
		env = append(env, k+"="+v)
	}
	cmd := exec.Command("bash", filepath.Join(actionPath, "action", "run.sh"))
	cmd.Dir = r.dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String(), outputs: map[string]string{}}
	if ee, ok := err.(*exec.ExitError); ok {
		res.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	s, _ := os.ReadFile(summary)
	res.summary = string(s)
	o, _ := os.ReadFile(output)
	for _, line := range strings.Split(strings.TrimSpace(string(o)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			res.outputs[k] = v
		}
	}
	for _, line := range strings.Split(res.stdout, "\n") {
		if regexp.MustCompile(`^::(error|warning|notice) `).MatchString(line) {
			res.annotations = append(res.annotations, line)
		}
	}
	return res
}

func (res result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s\nsummary:\n%s\noutputs: %v", res.code, res.stdout, res.stderr, res.summary, res.outputs)
}

func readReport(t *testing.T, path string) *sbom.Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := sbom.ReadJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// The project: a permissive embedding model on the base; the pull request
// adds a non-commercial translation model (CC-BY-NC-4.0 in aibom's offline
// catalog) on line 6 of a new file.
const (
	baseApp = `from transformers import AutoModel

embed = AutoModel.from_pretrained("BAAI/bge-small-en-v1.5")
`
	translateApp = `"""Translation endpoint."""
from transformers import pipeline


def translator():
    return pipeline("translation", model="facebook/nllb-200-distilled-600M")
`
)

func prEvent(base, head string) map[string]any {
	return map[string]any{"pull_request": map[string]any{
		"number": 7,
		"base":   map[string]any{"ref": "main", "sha": base},
		"head":   map[string]any{"ref": "feature", "sha": head},
	}}
}

// TestPullRequestAddsModel is the first done-when: a head commit
// that adds a non-commercial model fails with one new finding annotated at
// the right file and line. It runs the example pull-request workflow's
// inputs.
func TestPullRequestAddsModel(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	base := r.commit("base", map[string]string{"app.py": baseApp})
	r.git("checkout", "-q", "-b", "feature")
	head := r.commit("add translation", map[string]string{"translate.py": translateApp})

	inputs := docInputs(t, "pull_request")
	inputs["INPUT_HF_TOKEN"] = "hf_TESTSECRETdoNotLeak"
	res := runAction(t, r, "main", prEvent(base, head), inputs)
	if res.code != 1 {
		t.Fatalf("want exit 1 (a new error finding)\n%s", res)
	}
	if len(res.annotations) != 1 {
		t.Fatalf("want exactly one annotation, got %d:\n%s", len(res.annotations), strings.Join(res.annotations, "\n"))
	}
	ann := res.annotations[0]
	if !strings.HasPrefix(ann, "::error file=translate.py,line=6,") || !strings.Contains(ann, "nllb-200-distilled-600M") {
		t.Errorf("annotation not at translate.py:6 or not about the model: %s", ann)
	}

	// Every new finding is the added model's, at that place; nothing the
	// base already had is new.
	rep := readReport(t, res.outputs["report-path"])
	var fresh, old int
	for _, f := range rep.Findings {
		if f.New == nil {
			t.Fatalf("finding %s has no new mark: the head was not scanned against the base", f.ID)
		}
		if !*f.New {
			old++
			continue
		}
		fresh++
		if f.Model != "hf:facebook/nllb-200-distilled-600M" || f.Locations[0].Path != "translate.py" || f.Locations[0].Line != 6 {
			t.Errorf("unexpected new finding %s on %s at %+v", f.Rule, f.Model, f.Locations)
		}
	}
	if fresh == 0 {
		t.Errorf("no finding marked new")
	}
	if got := res.outputs["new-findings"]; got != fmt.Sprint(fresh) {
		t.Errorf("new-findings = %q, want %d", got, fresh)
	}
	if old == 0 {
		t.Errorf("the base's own findings (the unpinned embedding model) should be in the report, marked not new")
	}

	// SARIF for upload-sarif.
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(res.outputs["sarif-path"])
	if err != nil {
		t.Fatalf("sarif-path: %v", err)
	}
	if err := json.Unmarshal(data, &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) == 0 {
		t.Errorf("SARIF: version %q, err %v", sarif.Version, err)
	}

	// The summary names the model, under new findings, and what was compared.
	for _, want := range []string{"### New findings", "nllb-200-distilled-600M", "### Models added", "merge base " + base[:12]} {
		if !strings.Contains(res.summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, res.summary)
		}
	}
	// The token went nowhere visible.
	all := res.stdout + res.stderr + res.summary + fmt.Sprint(res.outputs) + string(data)
	if strings.Contains(all, "TESTSECRET") {
		t.Errorf("the hf-token leaked into output")
	}
	// The base worktree is gone.
	if wt := r.git("worktree", "list"); strings.Count(wt, "\n") != 0 {
		t.Errorf("worktree left behind:\n%s", wt)
	}
}

// TestPullRequestMovesReferences is the second done-when: a head commit
// that only moves existing references (including the non-commercial one)
// passes, with every finding reported as already on the base branch.
func TestPullRequestMovesReferences(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	base := r.commit("base", map[string]string{"app.py": baseApp, "translate.py": translateApp})
	r.git("checkout", "-q", "-b", "feature")
	moved := "# Moved further down.\n\n\n\n" + strings.Replace(translateApp, "def translator", "# helper\ndef translator", 1)
	head := r.commit("move", map[string]string{
		"translate.py": moved,
		"app.py":       "import os\n\n" + baseApp,
	})

	res := runAction(t, r, "main", prEvent(base, head), docInputs(t, "pull_request"))
	if res.code != 0 {
		t.Fatalf("moving references must pass\n%s", res)
	}
	if len(res.annotations) != 0 || res.outputs["new-findings"] != "0" {
		t.Errorf("no annotation expected; got %v, new-findings %q", res.annotations, res.outputs["new-findings"])
	}
	rep := readReport(t, res.outputs["report-path"])
	nc := false
	for _, f := range rep.Findings {
		if f.New == nil || *f.New {
			t.Errorf("finding %s (%s) should be known from the base", f.ID, f.Rule)
		}
		if f.Model == "hf:facebook/nllb-200-distilled-600M" && f.Severity == sbom.SeverityError {
			nc = true
			if l := f.Locations[0]; l.Line != 11 {
				t.Errorf("the report should carry the moved line 11, has %d", l.Line)
			}
		}
	}
	if !nc {
		t.Fatalf("the fixture no longer has the non-commercial error finding; the test proves nothing")
	}
	if !strings.Contains(res.summary, "No new findings") || !strings.Contains(res.summary, "already on the base branch (not gating)") {
		t.Errorf("summary:\n%s", res.summary)
	}
}

// TestNightlyAudit runs the doc's nightly workflow inputs: no base, so every
// finding counts.
func TestNightlyAudit(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.commit("main", map[string]string{"app.py": baseApp, "translate.py": translateApp})
	res := runAction(t, r, "", nil, docInputs(t, "schedule"))
	if res.code != 1 {
		t.Fatalf("a full audit of a project with a non-commercial model must fail\n%s", res)
	}
	if !strings.Contains(res.summary, "full audit") || len(res.annotations) < 2 {
		t.Errorf("want annotations for both files and a full-audit summary\n%s", res)
	}
}

func TestInputsAndBaseSources(t *testing.T) {
	t.Parallel()
	// svc makes the project; the commits' dates are fixed, so every copy
	// has the same base and head, and parallel subtests each take one.
	svc := func(t *testing.T) (*repo, string, string) {
		r := newRepo(t)
		base := r.commit("base", map[string]string{"svc/app.py": baseApp})
		r.git("checkout", "-q", "-b", "feature")
		head := r.commit("add", map[string]string{"svc/translate.py": translateApp})
		return r, base, head
	}
	r, base, head := svc(t)
	offline := map[string]string{"INPUT_OFFLINE": "true"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{"INPUT_OFFLINE": "true"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}

	t.Run("sub-directory path prefixes annotations", func(t *testing.T) {
		t.Parallel()
		r, base, head := svc(t)
		res := runAction(t, r, "main", prEvent(base, head), with("INPUT_PATH", "svc/"))
		if res.code != 1 || len(res.annotations) != 1 || !strings.HasPrefix(res.annotations[0], "::error file=svc/translate.py,line=6,") {
			t.Errorf("%s", res)
		}
	})
	t.Run("fail-on none reports but passes", func(t *testing.T) {
		t.Parallel()
		r, base, head := svc(t)
		res := runAction(t, r, "main", prEvent(base, head), with("INPUT_PATH", "svc", "INPUT_FAIL_ON", "none"))
		if res.code != 0 || len(res.annotations) != 1 || res.outputs["new-findings"] == "0" {
			t.Errorf("%s", res)
		}
	})
	t.Run("base from the event when the branch is not checked out", func(t *testing.T) {
		t.Parallel()
		r, base, head := svc(t)
		if _, err := exec.LookPath("jq"); err != nil {
			t.Skip("jq not installed")
		}
		res := runAction(t, r, "release", prEvent(base, head), with("INPUT_PATH", "svc"))
		if res.code != 1 || len(res.annotations) != 1 || !strings.Contains(res.summary, base[:12]) {
			t.Errorf("%s", res)
		}
	})
	t.Run("baseline report artifact", func(t *testing.T) {
		t.Parallel()
		r, base, head := svc(t)
		// The report of a run on the same head: nothing is new.
		first := runAction(t, r, "main", prEvent(base, head), with("INPUT_PATH", "svc"))
		artifact := filepath.Join(t.TempDir(), "aibom.json")
		data, err := os.ReadFile(first.outputs["report-path"])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(artifact, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res := runAction(t, r, "main", prEvent(base, head), with("INPUT_PATH", "svc", "INPUT_BASELINE", artifact))
		if res.code != 0 || len(res.annotations) != 0 || !strings.Contains(res.summary, "the report ") {
			t.Errorf("%s", res)
		}
	})
	t.Run("extra formats", func(t *testing.T) {
		t.Parallel()
		r, base, head := svc(t)
		res := runAction(t, r, "main", prEvent(base, head), with("INPUT_PATH", "svc", "INPUT_FORMAT", "cyclonedx, markdown=out/bom.md"))
		if res.code != 1 {
			t.Fatalf("%s", res)
		}
		if _, err := os.Stat(filepath.Join(res.outputs["output-dir"], "aibom.cyclonedx")); err != nil {
			t.Errorf("cyclonedx output: %v", err)
		}
		if _, err := os.Stat(filepath.Join(r.dir, "out", "bom.md")); err != nil {
			t.Errorf("markdown=FILE output: %v", err)
		}
		os.RemoveAll(filepath.Join(r.dir, "out"))
	})
	t.Run("a FORMAT=FILE through a symlinked directory is refused", func(t *testing.T) {
		t.Parallel()
		r, base, head := svc(t)
		victim := t.TempDir()
		if err := os.Symlink(victim, filepath.Join(r.dir, "sbom")); err != nil {
			t.Skip("symlinks unsupported:", err)
		}
		for _, format := range []string{"cyclonedx=sbom/bom.cdx.json", "cyclonedx=sbom/new/bom.cdx.json", "cyclonedx=" + victim + "/bom.cdx.json", "cyclonedx=x/../../bom.cdx.json"} {
			res := runAction(t, r, "main", prEvent(base, head), with("INPUT_PATH", "svc", "INPUT_FORMAT", format))
			if res.code != 2 || !strings.Contains(res.stdout, "leads outside the workspace") {
				t.Errorf("%s: want exit 2 naming the escape\n%s", format, res)
			}
		}
		if entries, _ := os.ReadDir(victim); len(entries) != 0 {
			t.Errorf("written outside the workspace: %v", entries)
		}
	})
	bad := []struct {
		name   string
		inputs map[string]string
		want   string
	}{
		{"bad fail-on", with("INPUT_FAIL_ON", "fatal"), "input fail-on"},
		{"bad offline", map[string]string{"INPUT_OFFLINE": "yes"}, "input offline"},
		{"path escapes the repository", with("INPUT_PATH", "../elsewhere"), "input path"},
		{"absolute path", with("INPUT_PATH", "/etc"), "input path"},
		{"missing path", with("INPUT_PATH", "nope"), "not a directory"},
		{"missing baseline", with("INPUT_BASELINE", "nope.json"), "input baseline"},
		{"bad format", with("INPUT_FORMAT", "$(touch x)"), "input format"},
		{"unknown format", with("INPUT_FORMAT", "xml"), "usage or configuration error"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			res := runAction(t, r, "main", prEvent(base, head), tc.inputs)
			if res.code != 2 || !strings.Contains(res.stdout, "::error title=aibom action::") || !strings.Contains(res.stdout, tc.want) {
				t.Errorf("want exit 2 with an error naming %q\n%s", tc.want, res)
			}
		})
	}
	t.Run("unknown base branch", func(t *testing.T) {
		res := runAction(t, r, "gone", nil, offline)
		if res.code != 2 || !strings.Contains(res.stdout, "fetch-depth") {
			t.Errorf("%s", res)
		}
	})
	t.Run("invalid baseline report", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "broken.json")
		if err := os.WriteFile(p, []byte(`{"schema_version": 9}`), 0o644); err != nil {
			t.Fatal(err)
		}
		res := runAction(t, r, "main", nil, with("INPUT_BASELINE", p, "INPUT_PATH", "svc"))
		if res.code != 2 {
			t.Errorf("%s", res)
		}
	})
}

// TestEscapeData runs the script's workflow-command escaping.
func TestEscapeData(t *testing.T) {
	cmd := exec.Command("bash", "-c", `set -euo pipefail; eval "$(sed -n '/^escape_data()/,/^}/p' run.sh)"; escape_data "$1"`, "x", "100% done\r\nnext line\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), "100%25 done%0D%0Anext line%0A"; got != want {
		t.Errorf("escape_data = %q, want %q", got, want)
	}
}

// TestBinarySources: the first run built aibom from the action's source;
// later runs reuse that build (the cache hit); the binary input takes an
// executable by path or from PATH.
func TestBinarySources(t *testing.T) {
	t.Parallel()
	first := sharedBuild(t)
	if !strings.Contains(first.stderr, "building aibom from") {
		t.Errorf("the first run did not build from source:\n%s", first)
	}
	r := newRepo(t)
	r.commit("one", map[string]string{"app.py": baseApp})
	offline := map[string]string{"INPUT_OFFLINE": "true"}
	res := runAction(t, r, "", nil, offline)
	if res.code != 0 || !strings.Contains(res.stderr, "using the cached build") || strings.Contains(res.stderr, "building") {
		t.Errorf("a warm run must reuse the build:\n%s", res)
	}
	// A binary already on the runner, by name on PATH.
	pathDir := t.TempDir()
	if err := os.Symlink(filepath.Join(binDir, "aibom"), filepath.Join(pathDir, "aibom")); err != nil {
		t.Fatal(err)
	}
	r.env = append(r.env, "PATH="+pathDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	res = runAction(t, r, "", nil, map[string]string{"INPUT_OFFLINE": "true", "INPUT_BINARY": "aibom"})
	if res.code != 0 || !strings.Contains(res.stderr, "using "+filepath.Join(pathDir, "aibom")+" (aibom ") {
		t.Errorf("binary: aibom should come from PATH:\n%s", res)
	}
	res = runAction(t, r, "", nil, map[string]string{"INPUT_OFFLINE": "true", "INPUT_BINARY": "no-such-aibom"})
	if res.code != 2 || !strings.Contains(res.stdout, "input binary: no-such-aibom is not on PATH") {
		t.Errorf("a missing binary is a bad input:\n%s", res)
	}
}

// TestPrepareKey: the cache key is the action's source: it changes when a
// Go file changes, not when a test or a document does.
func TestPrepareKey(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	writeFiles(t, src, map[string]string{"go.mod": "module x\n", "go.sum": "", "main.go": "package main\n", "README.md": "a\n", "main_test.go": "package main\n"})
	key := func(extra ...string) map[string]string {
		out := filepath.Join(t.TempDir(), "out")
		cmd := exec.Command("bash", "prepare.sh")
		cmd.Env = append(cleanEnv(), "GITHUB_OUTPUT="+out, "RUNNER_TEMP=/runner/temp", "RUNNER_OS=Linux", "RUNNER_ARCH=X64", "GITHUB_ACTION_PATH="+src)
		cmd.Env = append(cmd.Env, extra...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("prepare.sh: %v\n%s", err, b)
		}
		data, _ := os.ReadFile(out)
		m := map[string]string{}
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			k, v, _ := strings.Cut(l, "=")
			m[k] = v
		}
		return m
	}
	k1 := key()
	if k1["build"] != "true" || k1["dir"] != "/runner/temp/aibom-action-bin" || !regexp.MustCompile(`^aibom-action-Linux-X64-[0-9a-f]{32}$`).MatchString(k1["key"]) {
		t.Fatalf("outputs: %v", k1)
	}
	writeFiles(t, src, map[string]string{"README.md": "b\n", "main_test.go": "package main // changed\n"})
	if k := key(); k["key"] != k1["key"] {
		t.Errorf("a test or document change changed the key")
	}
	writeFiles(t, src, map[string]string{"main.go": "package main // changed\n"})
	if k := key(); k["key"] == k1["key"] {
		t.Errorf("a source change kept the key")
	}
	if k := key("INPUT_BINARY=aibom"); k["build"] != "false" || k["key"] != "" {
		t.Errorf("with binary, nothing is built or cached: %v", k)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPullRequestHidesModel is issue 13's gate attack: a pull request that
// adds a non-commercial model and, in the same change, excludes its file
// and declares the product non-commercial in .aibom.yaml still fails,
// because the base's .aibom.yaml is the one in force; the edit itself is a
// config-change finding on .aibom.yaml.
func TestPullRequestHidesModel(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	base := r.commit("base", map[string]string{"app.py": baseApp})
	r.git("checkout", "-q", "-b", "feature")
	head := r.commit("add translation, quietly", map[string]string{
		"translate.py": translateApp,
		".aibom.yaml":  "# project settings\nexclude: [translate.py]\ncontext:\n  commercial: false\n",
	})
	res := runAction(t, r, "main", prEvent(base, head), docInputs(t, "pull_request"))
	if res.code != 1 {
		t.Fatalf("want exit 1: the hidden model must still fail the gate\n%s", res)
	}
	var onModel, onConfig bool
	for _, a := range res.annotations {
		onModel = onModel || strings.HasPrefix(a, "::error file=translate.py,line=6,") && strings.Contains(a, "nllb-200-distilled-600M")
		onConfig = onConfig || strings.HasPrefix(a, "::error file=.aibom.yaml,line=2,") && strings.Contains(a, "config-change") && strings.Contains(a, "translate.py")
	}
	if !onModel || !onConfig {
		t.Errorf("want an error on the model and a config-change error on .aibom.yaml:\n%s", strings.Join(res.annotations, "\n"))
	}
	if !strings.Contains(res.summary, "config-change") {
		t.Errorf("the summary does not show the config change:\n%s", res.summary)
	}
}

// TestBaseConfigAlreadyExcludes: when the base's .aibom.yaml already
// excludes the file, adding a model there passes (and nothing changed in
// the rules).
func TestBaseConfigAlreadyExcludes(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	base := r.commit("base", map[string]string{"app.py": baseApp, ".aibom.yaml": "exclude: [experiments/]\n"})
	r.git("checkout", "-q", "-b", "feature")
	head := r.commit("an experiment", map[string]string{"experiments/translate.py": translateApp})
	res := runAction(t, r, "main", prEvent(base, head), docInputs(t, "pull_request"))
	if res.code != 0 || res.outputs["new-findings"] != "0" {
		t.Errorf("want a pass\n%s", res)
	}
}

// TestPolicyInputFromBase: the workflow's policy file is read from the
// base; loosening it in the pull request changes nothing for that pull
// request but a config-change finding.
func TestPolicyInputFromBase(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	base := r.commit("base", map[string]string{"app.py": baseApp, "ci/aibom-policy.yaml": "extends: commercial-saas\n"})
	r.git("checkout", "-q", "-b", "feature")
	head := r.commit("translate, as research", map[string]string{"translate.py": translateApp, "ci/aibom-policy.yaml": "extends: research\n"})
	res := runAction(t, r, "main", prEvent(base, head), map[string]string{"INPUT_OFFLINE": "true", "INPUT_POLICY": "ci/aibom-policy.yaml"})
	if res.code != 1 {
		t.Fatalf("want exit 1 under the base's policy\n%s", res)
	}
	found := false
	for _, a := range res.annotations {
		found = found || strings.HasPrefix(a, "::error file=ci/aibom-policy.yaml,line=1,") && strings.Contains(a, "config-change")
	}
	if !found {
		t.Errorf("no config-change annotation on the policy file:\n%s", strings.Join(res.annotations, "\n"))
	}
}
