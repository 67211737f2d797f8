package main

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aibom/aibom/internal/schematest"
	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/internal/spdxtest"
	"github.com/aibom/aibom/sbom"
)

// sha is the commit the fake Hub reports for a repository: the sha1 of its
// id, as fakeHub.model computes it for card-built answers.
func sha(id string) string {
	s := sha1.Sum([]byte(id))
	return hex.EncodeToString(s[:])
}

// laundryHub is the fake Hub of the cases: the real recordings and
// cards, plus repositories we describe in the recorded shape where no
// recording exists:
//   - meta-llama/Meta-Llama-3-8B, the gated base of the Medical-Llama3 fine-tune
//     (license llama3, like the recorded Meta-Llama-3-8B-Instruct);
//   - THUDM/chatglm3-6b, a GLM repository whose card names no license and
//     whose MODEL_LICENSE is the ChatGLM3 text (from the corpus);
//   - acme/llama3-apache, a card saying apache-2.0 over a LICENSE file that
//     is the Meta Llama 3 text.
func laundryHub(t *testing.T) *fakeHub {
	t.Helper()
	corpus := sharedtest.Path(t, "corpus/licenses")
	weight := func(name string) map[string]any {
		return map[string]any{"rfilename": name, "size": 135, "blobId": strings.Repeat("1", 40),
			"lfs": map[string]any{"sha256": strings.Repeat("5a", 32), "size": 4976698672, "pointerSize": 135}}
	}
	file := func(name string) map[string]any {
		return map[string]any{"rfilename": name, "size": 7000, "blobId": strings.Repeat("2", 40)}
	}
	repo := func(id string, card map[string]any, tags []string, siblings ...map[string]any) map[string]any {
		return map[string]any{"id": id, "modelId": id, "sha": sha(id), "private": false, "gated": false,
			"tags": tags, "cardData": card, "siblings": siblings, "createdAt": "2024-04-17T09:35:12.000Z"}
	}
	base := repo("meta-llama/Meta-Llama-3-8B", map[string]any{"license": "llama3"}, []string{"license:llama3", "text-generation"},
		file("LICENSE"), file("USE_POLICY.md"), file("README.md"), weight("model-00001-of-00004.safetensors"))
	base["gated"] = "manual"
	return &fakeHub{t: t, dir: sharedtest.Path(t, "fixtures/hub/huggingface"), corpus: corpus,
		synthetic: map[string]syntheticRepo{
			"meta-llama/Meta-Llama-3-8B": {body: base},
			"THUDM/chatglm3-6b": {
				body: repo("THUDM/chatglm3-6b", map[string]any{"language": []string{"zh", "en"}}, []string{"chatglm"},
					file("MODEL_LICENSE"), file("config.json"), weight("model-00001-of-00007.safetensors")),
				files: map[string]string{"MODEL_LICENSE": filepath.Join(corpus, "chatglm3.txt")}},
			"acme/llama3-apache": {
				body: repo("acme/llama3-apache", map[string]any{"license": "apache-2.0"}, []string{"license:apache-2.0"},
					file("LICENSE"), weight("model.safetensors")),
				files: map[string]string{"LICENSE": filepath.Join(corpus, "llama3.txt")}},
		}}
}

// scanOnline scans a project that references the given models (pinned to
// the commit the fake reports) against the fake Hub and returns the
// output of each format.
func scanOnline(t *testing.T, f *fakeHub, ids []string, args ...string) (code int, out map[string]string, stderr string) {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	tmp := t.TempDir()
	var src strings.Builder
	src.WriteString("from transformers import AutoModelForCausalLM\n\n")
	for _, id := range ids {
		src.WriteString("m = AutoModelForCausalLM.from_pretrained(\"" + id + "\", revision=\"" + sha(id) + "\")\n")
	}
	writeFile(t, filepath.Join(tmp, "laundered", "serve.py"), src.String())
	t.Chdir(tmp)
	env := map[string]string{"HF_ENDPOINT": srv.URL, "SOURCE_DATE_EPOCH": "1764417600"}
	formats := []string{"json", "table", "markdown", "html", "cyclonedx", "spdx", "spdx-2.3", "sarif", "notice"}
	scan := []string{"scan", "--cache-dir", t.TempDir(), "-f", "json"}
	for _, fm := range formats[1:] {
		scan = append(scan, "-o", fm+"="+filepath.Join(tmp, "out."+fm))
	}
	code, stdout, stderr := runCLI(t, env, append(append(scan, args...), "laundered")...)
	out = map[string]string{"json": stdout}
	for _, fm := range formats[1:] {
		b, err := os.ReadFile(filepath.Join(tmp, "out."+fm))
		if err != nil {
			t.Fatalf("%s not written (exit %d): %v\n%s", fm, code, err, stderr)
		}
		out[fm] = string(b)
	}
	return code, out, stderr
}

func readRep(t *testing.T, s string) *sbom.Report {
	t.Helper()
	var r sbom.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("not a report: %v", err)
	}
	return &r
}

func modelOf(r *sbom.Report, ref string) *sbom.Model {
	for i := range r.Models {
		if r.Models[i].Ref == ref {
			return &r.Models[i]
		}
	}
	return nil
}

// TestLaunderedFineTuneEverywhere is issue 14's headline: a fine-tune that
// declares Apache-2.0 over Meta Llama 3 shows the Llama license and its
// cap in every format, with the declaration still visible as declared.
func TestLaunderedFineTuneEverywhere(t *testing.T) {
	const id = "ruslanmv/Medical-Llama3-8B"
	ref := "hf:" + id + "@" + sha(id)
	code, out, stderr := scanOnline(t, laundryHub(t), []string{id})
	if code != 1 {
		t.Errorf("exit %d, want 1 (the lineage mismatch is an error); stderr: %s", code, stderr)
	}
	rep := readRep(t, out["json"])
	m := modelOf(rep, ref)
	if m == nil {
		t.Fatalf("%s missing", ref)
	}
	if m.License == nil || m.License.Expression != "LicenseRef-aibom-llama3 AND Apache-2.0" {
		t.Errorf("JSON license %+v, want LicenseRef-aibom-llama3 AND Apache-2.0", m.License)
	}
	if got := sbom.CommercialLabel(m.Terms); got != "conditional (<700M MAU)" {
		t.Errorf("JSON terms: %s", got)
	}
	if ev := m.Terms.Evidence["user_limit"]; ev.License != "llama3" || ev.Model != "hf:meta-llama/Meta-Llama-3-8B" {
		t.Errorf("the cap's evidence names %+v, want the llama3 part of the base", ev)
	}
	if m.Declared == nil || m.Declared.License != "apache-2.0" || m.Declared.Normalized == nil || m.Declared.Normalized.SPDXID != "Apache-2.0" {
		t.Errorf("declared %+v", m.Declared)
	}
	if !slices.ContainsFunc(rep.Findings, func(f sbom.Finding) bool { return f.Rule == "license-mismatch" && f.Model == ref }) {
		t.Errorf("no license-mismatch for %s", ref)
	}

	row := modelRow(out["table"], "hf:"+id)
	if !strings.Contains(row, "llama3 ← apache-2.0 declared") || !strings.Contains(row, "conditional (<700M MAU)") {
		t.Errorf("table row %q", row)
	}
	md := lineWith(out["markdown"], sha(id)+" | yes |") // the models table
	if !strings.Contains(md, "llama3 ← apache-2.0 declared") || !strings.Contains(md, `conditional \(&lt;700M MAU\)`) {
		t.Errorf("markdown row %q", md)
	}

	var cdx struct {
		Components []struct {
			Name     string `json:"name"`
			Licenses []struct {
				Expression      string `json:"expression"`
				Acknowledgement string `json:"acknowledgement"`
			} `json:"licenses"`
			Evidence struct {
				Licenses []struct {
					License struct {
						ID              string `json:"id"`
						Acknowledgement string `json:"acknowledgement"`
					} `json:"license"`
				} `json:"licenses"`
			} `json:"evidence"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(out["cyclonedx"]), &cdx); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cdx.Components {
		if c.Name != "Medical-Llama3-8B" {
			continue
		}
		found = true
		if len(c.Licenses) != 1 || c.Licenses[0].Expression != "LicenseRef-aibom-llama3 AND Apache-2.0" || c.Licenses[0].Acknowledgement != "concluded" {
			t.Errorf("CycloneDX licenses %+v", c.Licenses)
		}
		if len(c.Evidence.Licenses) != 1 || c.Evidence.Licenses[0].License.ID != "Apache-2.0" || c.Evidence.Licenses[0].License.Acknowledgement != "declared" {
			t.Errorf("CycloneDX declared license %+v", c.Evidence.Licenses)
		}
	}
	if !found {
		t.Error("no CycloneDX component for the fine-tune")
	}

	concluded, declared := spdxLicenses(t, out["spdx"], "ruslanmv/Medical-Llama3-8B")
	if concluded != "LicenseRef-aibom-llama3 AND Apache-2.0" || declared != "Apache-2.0" {
		t.Errorf("SPDX hasConcludedLicense %q hasDeclaredLicense %q", concluded, declared)
	}
	if !strings.Contains(out["notice"], "Meta Llama 3 Community License") || !strings.Contains(out["notice"], "base model hf:meta-llama/Meta-Llama-3-8B") {
		t.Errorf("NOTICE does not carry the Llama license through the base:\n%s", out["notice"])
	}

	validate(t, out)
	goldens(t, "laundered", out)

	// aibom explain --report: each part with its own terms, then the
	// combined ones naming the deciding part.
	saved := filepath.Join(t.TempDir(), "r.json")
	writeFile(t, saved, out["json"])
	code, text, stderr := runCLI(t, nil, "explain", "--report", saved, "hf:"+id)
	if code != 0 {
		t.Fatalf("explain: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"concluded: LicenseRef-aibom-llama3 AND Apache-2.0", "inherited, from hf:meta-llama/Meta-Llama-3-8B",
		"Apache License 2.0 (Apache-2.0)", "Combined (the most restrictive", "[llama3 via hf:meta-llama/Meta-Llama-3-8B]"} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q:\n%s", want, text)
		}
	}
}

// TestLaunderedMPL is the MPL-2.0 case: DiVA declares mpl-2.0 over
// Llama 3.1 (recorded, gated).
func TestLaunderedMPL(t *testing.T) {
	const id = "WillHeld/DiVA-llama-3-v0-8b"
	_, out, _ := scanOnline(t, laundryHub(t), []string{id}, "--fail-on", "none")
	m := modelOf(readRep(t, out["json"]), "hf:"+id+"@"+sha(id))
	if m == nil || m.License == nil || m.License.Expression != "LicenseRef-scancode-llama-3.1-license-2024 AND MPL-2.0" {
		t.Fatalf("license %+v", m)
	}
	if got := sbom.CommercialLabel(m.Terms); got != "conditional (<700M MAU)" {
		t.Errorf("terms %s", got)
	}
	if row := lineWith(out["table"], "hf:"+id); !strings.Contains(row, "llama3.1 ← mpl-2.0 declared") {
		t.Errorf("table row %q", row)
	}
	concluded, declared := spdxLicenses(t, out["spdx"], id)
	if !strings.Contains(concluded, "LicenseRef-scancode-llama-3.1-license-2024") || declared != "MPL-2.0" {
		t.Errorf("SPDX concluded %q declared %q", concluded, declared)
	}
	validate(t, out)
}

// TestModelLicenseFileAndConflict: a GLM repository with only MODEL_LICENSE
// is identified from that file; a card saying apache-2.0 over a Llama
// license file raises license-conflict, and both licenses bind.
func TestModelLicenseFileAndConflict(t *testing.T) {
	glm, conflict := "THUDM/chatglm3-6b", "acme/llama3-apache"
	_, out, _ := scanOnline(t, laundryHub(t), []string{glm, conflict}, "--fail-on", "none")
	rep := readRep(t, out["json"])

	g := modelOf(rep, "hf:"+glm+"@"+sha(glm))
	if g == nil || g.License == nil || len(g.License.Parts) != 1 || g.License.Parts[0].Key != "chatglm3" ||
		g.License.Parts[0].Source != sbom.SourceDetected || g.License.Parts[0].File != "MODEL_LICENSE" {
		t.Fatalf("GLM license %+v", g)
	}
	if len(g.Files) != 1 || g.Files[0].SHA256 != strings.Repeat("5a", 32) {
		t.Errorf("weight hashes %+v", g.Files)
	}
	if slices.ContainsFunc(rep.Findings, func(f sbom.Finding) bool { return f.Rule == "license-unknown" && f.Model == g.Ref }) {
		t.Error("the GLM model's license was identified, yet license-unknown fired")
	}
	if row := modelRow(out["table"], "hf:"+glm); !strings.Contains(row, "  chatglm3  ") {
		t.Errorf("table row %q", row)
	}

	c := modelOf(rep, "hf:"+conflict+"@"+sha(conflict))
	if c == nil || c.License == nil || c.License.Expression != "LicenseRef-aibom-llama3 AND Apache-2.0" {
		t.Fatalf("conflicting model's license %+v", c)
	}
	var f *sbom.Finding
	for i := range rep.Findings {
		if rep.Findings[i].Rule == "license-conflict" && rep.Findings[i].Model == c.Ref {
			f = &rep.Findings[i]
		}
	}
	if f == nil || f.Severity != "error" || f.Evidence == nil || f.Evidence.Document != "LICENSE" || f.Evidence.Declared != "apache-2.0" {
		t.Fatalf("license-conflict %+v", f)
	}
	if !strings.Contains(f.Message, `declares "apache-2.0"`) || !strings.Contains(f.Message, "Meta Llama 3") {
		t.Errorf("message %q", f.Message)
	}
}

// TestIncompleteVerdict is issue 19's first case: offline, a model outside
// the catalog cannot be judged, so the verdict is incomplete and the
// default gate exits 1; --allow-unresolved accepts it; --fail-on none
// reports it without a pass or a green check anywhere.
func TestIncompleteVerdict(t *testing.T) {
	tmp := t.TempDir()
	writeFile(t, filepath.Join(tmp, "app", "serve.py"), "from transformers import AutoModel\nm = AutoModel.from_pretrained(\"acme-internal/secret-model-7b\", revision=\"0123456789abcdef0123456789abcdef01234567\")\n")
	t.Chdir(tmp)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764417600"}
	cache := t.TempDir()

	code, stdout, stderr := runCLI(t, env, "scan", "--offline", "--cache-dir", cache, "-f", "json", "app")
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr %s", code, stderr)
	}
	rep := readRep(t, stdout)
	if s := rep.Summary; s.Verdict != sbom.VerdictIncomplete || !s.Enforced || len(s.Unjudged) != 1 || !strings.Contains(s.Unjudged[0].Reason, "could not be resolved") {
		t.Errorf("summary %+v", s)
	}
	if !strings.Contains(stderr, "verdict incomplete: 1 model not judged") || !strings.Contains(stderr, "--allow-unresolved") {
		t.Errorf("stderr does not say why: %q", stderr)
	}

	code, _, _ = runCLI(t, env, "scan", "--offline", "--cache-dir", cache, "--allow-unresolved", "-f", "json", "app")
	if code != 0 {
		t.Errorf("--allow-unresolved: exit %d, want 0", code)
	}

	// --fail-on none: exit 0, and every output says what the verdict is.
	dir := t.TempDir()
	args := []string{"scan", "--offline", "--cache-dir", cache, "--fail-on", "none", "-f", "table"}
	for _, fm := range []string{"json", "markdown", "cyclonedx"} {
		args = append(args, "-o", fm+"="+filepath.Join(dir, fm))
	}
	code, table, _ := runCLI(t, env, append(args, "app")...)
	if code != 0 {
		t.Errorf("--fail-on none: exit %d, want 0", code)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if !strings.Contains(table, "INCOMPLETE: 1 model not judged — not enforced") || strings.Contains(table, "PASS") {
		t.Errorf("table verdict:\n%s", table)
	}
	if md := read("markdown"); !strings.Contains(md, "incomplete: 1 model not judged — not enforced") || strings.Contains(md, "✅") {
		t.Errorf("markdown verdict:\n%s", md)
	}
	if s := readRep(t, read("json")).Summary; s.Verdict != sbom.VerdictIncomplete || s.Enforced {
		t.Errorf("JSON summary %+v", s)
	}
	if c := read("cyclonedx"); !strings.Contains(c, `"value": "incomplete"`) || !strings.Contains(c, `"value": "false"`) {
		t.Errorf("CycloneDX verdict properties missing")
	}
}

// TestNotEnforcedFailHasNoGreenCheck: errors under --fail-on none read as
// a fail that is not enforced, in every human-readable output.
func TestNotEnforcedFailHasNoGreenCheck(t *testing.T) {
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764417600"}
	tmp := t.TempDir()
	if err := os.CopyFS(filepath.Join(tmp, "rag-service"), os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(tmp)
	code, stdout, _ := runCLI(t, env, "scan", "--offline", "--fail-on", "none", "-f", "markdown", "-o", "table="+filepath.Join(tmp, "t"), "rag-service")
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	table, _ := os.ReadFile(filepath.Join(tmp, "t"))
	if !strings.Contains(stdout, "## AI models: ❌ fail — not enforced") || strings.Contains(stdout, "✅") {
		t.Errorf("markdown headline:\n%.300s", stdout)
	}
	if !strings.Contains(string(table), "FAIL — not enforced") || strings.Contains(string(table), "PASS") {
		t.Errorf("table verdict:\n%s", table)
	}
}

// TestCheckUsesRecordedContext: `aibom check` judges a saved report under
// the context it records, says so, and lets a flag override it.
func TestCheckUsesRecordedContext(t *testing.T) {
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764417600"}
	tmp := t.TempDir()
	if err := os.CopyFS(filepath.Join(tmp, "rag-service"), os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(tmp)
	saved := filepath.Join(tmp, "report.json")
	runCLI(t, env, "scan", "--offline", "--mau", "800000000", "--fail-on", "none", "-o", "json="+saved, "-f", "json", "rag-service")

	_, stdout, stderr := runCLI(t, env, "check", "-f", "json", "--fail-on", "none", saved)
	if !strings.Contains(stderr, "product context recorded in the report (") || !strings.Contains(stderr, "monthly_active_users=800000000") {
		t.Errorf("check did not say it used the recorded context: %q", stderr)
	}
	rep := readRep(t, stdout)
	if !slices.ContainsFunc(rep.Findings, func(f sbom.Finding) bool { return f.Rule == "user-limit" && f.Severity == "error" }) {
		t.Error("the recorded 800M MAU did not reach the Llama cap")
	}
	if rep.Config.Context["monthly_active_users"] != "800000000" {
		t.Errorf("recorded context lost: %+v", rep.Config.Context)
	}

	_, stdout, stderr = runCLI(t, env, "check", "-f", "json", "--fail-on", "none", "--mau", "1000", saved)
	if !strings.Contains(stderr, "overridden by flag --mau") {
		t.Errorf("override not reported: %q", stderr)
	}
	if slices.ContainsFunc(readRep(t, stdout).Findings, func(f sbom.Finding) bool { return f.Rule == "user-limit" && f.Severity == "error" }) {
		t.Error("--mau 1000 did not override the recorded context")
	}
}

// spdxLicenses returns the expressions a package's hasConcludedLicense and
// hasDeclaredLicense relationships point to.
func spdxLicenses(t *testing.T, doc, name string) (concluded, declared string) {
	t.Helper()
	var d struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	var pkg string
	for _, e := range d.Graph {
		if id, ok := e["spdxId"].(string); ok {
			byID[id] = e
		}
		if e["type"] == "ai_AIPackage" && e["name"] == name {
			pkg = e["spdxId"].(string)
		}
	}
	for _, e := range d.Graph {
		if e["type"] != "Relationship" || e["from"] != pkg {
			continue
		}
		to := e["to"].([]any)[0].(string)
		expr, _ := byID[to]["simplelicensing_licenseExpression"].(string)
		switch e["relationshipType"] {
		case "hasConcludedLicense":
			concluded = expr
		case "hasDeclaredLicense":
			declared = expr
		}
	}
	return concluded, declared
}

// validate checks the CycloneDX, SPDX and SARIF outputs against the
// official schemas.
func validate(t *testing.T, out map[string]string) {
	t.Helper()
	t.Chdir(pkgDir) // the schemas are found relative to the package
	schemasMu.Lock()
	defer schemasMu.Unlock()
	for fm, compile := range map[string]func(testing.TB) *jsonschema.Schema{
		"cyclonedx": schematest.CycloneDX, "spdx": schematest.SPDX, "spdx-2.3": schematest.SPDX23, "sarif": schematest.SARIF,
	} {
		if schemas[fm] == nil {
			schemas[fm] = compile(t) // compiling the SPDX schema takes seconds: once per run
		}
		if err := schematest.Validate(schemas[fm], []byte(out[fm])); err != nil {
			t.Errorf("%s does not validate: %v", fm, err)
		}
	}
	if err := spdxtest.ValidateSPDX3([]byte(out["spdx"])); err != nil {
		t.Error(err)
	}
	if _, err := spdxtest.ReadSPDX23([]byte(out["spdx-2.3"])); err != nil {
		t.Error(err)
	}
}

var (
	schemasMu sync.Mutex
	schemas   = map[string]*jsonschema.Schema{}
)

func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// modelRow is the row of the table's models that starts with ref (with or
// without its revision; the errors above it name the model too, indented).
func modelRow(s, ref string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, ref) {
			return l
		}
	}
	return ""
}

// goldens pins every format of one scan: testdata/NAME.FORMAT.golden, read
// by a person when -update rewrites them.
func goldens(t *testing.T, name string, out map[string]string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(origWD(t), "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	for fm, got := range out {
		path := filepath.Join(dir, name+"."+fm+".golden")
		if *update {
			writeFile(t, path, got)
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/aibom -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s; run with -update and review the diff", fm, path)
		}
	}
}

// pkgDir is the package directory, captured before tests change directory.
var pkgDir, _ = os.Getwd()

func origWD(*testing.T) string { return pkgDir }
