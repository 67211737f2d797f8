package main

import (
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/aibom/aibom/internal/sharedtest"
	"github.com/aibom/aibom/scanner/hub"
)

var bomOut = flag.String("bom-out", "", "also write the CycloneDX of TestCycloneDXFromHubAnswers to DIR/<project>.cdx.json, to measure it with other tools (docs/formats.md, Quality)")

// TestCycloneDXFromHubAnswers: an online scan whose Hub answers carry the
// revision and the weight files' sha256 (the ?blobs=true form) gives a
// CycloneDX BOM in which every model the Hub answered is pinned (version =
// the commit, purl with it) and verifiable (a SHA-256 per weight file, each
// with a download URL at that commit) — what integrity checks look for.
func TestCycloneDXFromHubAnswers(t *testing.T) {
	f := &fakeHub{t: t, dir: sharedtest.Path(t, "fixtures/hub/huggingface"), corpus: sharedtest.Path(t, "corpus/licenses"), blobs: true}
	srv := httptest.NewServer(f)
	defer srv.Close()
	env := map[string]string{"HF_ENDPOINT": srv.URL, "SOURCE_DATE_EPOCH": "1764417600"}
	for name, src := range map[string]string{
		// GGUF quantizations of Llama 3 fine-tunes: cards, and the gated
		// recorded root (TestOnlineLineageChain).
		"lineage": `from transformers import AutoModelForCausalLM

chat = AutoModelForCausalLM.from_pretrained("MaziyarPanahi/Meta-Llama-3-8B-Instruct-GGUF")
agent = AutoModelForCausalLM.from_pretrained("NousResearch/Hermes-2-Theta-Llama-3-8B-GGUF")
`,
		// Public models under SPDX-listed licenses, all recorded.
		"permissive": `from transformers import pipeline, AutoModel

gen = pipeline("text-generation", model="openai-community/gpt2")
enc = AutoModel.from_pretrained("google-bert/bert-base-uncased")
nli = pipeline("zero-shot-classification", model="facebook/bart-large-mnli")
`,
	} {
		t.Run(name, func(t *testing.T) { checkHubBOM(t, f, env, name, src) })
	}
}

func checkHubBOM(t *testing.T, f *fakeHub, env map[string]string, name, src string) {
	proj := filepath.Join(t.TempDir(), name)
	writeFile(t, filepath.Join(proj, "serve.py"), src)
	code, stdout, stderr := runCLI(t, env, "scan", "-f", "cyclonedx", "--fail-on", "none", "--cache-dir", t.TempDir(), proj)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if *bomOut != "" {
		if err := os.WriteFile(filepath.Join(*bomOut, name+".cdx.json"), []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var bom cdx.BOM
	if err := json.Unmarshal([]byte(stdout), &bom); err != nil {
		t.Fatal(err)
	}
	commit := regexp.MustCompile(`^[0-9a-f]{40}$`)
	models := 0
	for _, c := range *bom.Components {
		if c.Type != cdx.ComponentTypeMachineLearningModel {
			continue
		}
		models++
		id := c.Group + "/" + c.Name
		if !commit.MatchString(c.Version) || !strings.HasSuffix(c.PackageURL, "@"+c.Version) {
			t.Errorf("%s: version %q, purl %q: want the commit the Hub served", id, c.Version, c.PackageURL)
		}
		if c.Supplier == nil || c.Supplier.Name != c.Group {
			t.Errorf("%s: supplier %+v, want %s", id, c.Supplier, c.Group)
		}
		var hashes, dist []string
		if c.Hashes != nil {
			for _, h := range *c.Hashes {
				hashes = append(hashes, string(h.Algorithm)+" "+h.Value)
			}
		}
		if c.ExternalReferences != nil {
			for _, e := range *c.ExternalReferences {
				if e.Type == cdx.ERTypeDistribution {
					dist = append(dist, e.URL)
				}
			}
		}
		var wantHashes, wantDist []string
		for _, w := range f.weightFiles(id) {
			wantHashes = append(wantHashes, "SHA-256 "+syntheticSHA256(id, w))
			// On the public Hub, not the fake's address: HF_ENDPOINT moves
			// where aibom reads, not where a BOM reader downloads.
			wantDist = append(wantDist, "https://huggingface.co/"+id+"/resolve/"+c.Version+"/"+w)
		}
		if len(wantHashes) == 0 || !slices.Equal(hashes, wantHashes) || !slices.Equal(dist, wantDist) {
			t.Errorf("%s: hashes %v, distribution %v\nwant %v at %v", id, hashes, dist, wantHashes, wantDist)
		}
	}
	if models < 3 {
		t.Errorf("%d models in the BOM, want every model the project names and their ancestors", models)
	}
}

// weightFiles lists, in path order, the weight files the fake Hub's answer
// for id names: the recorded siblings, or the card-built answer's one file.
func (f *fakeHub) weightFiles(id string) []string {
	var out []string
	body, err := os.ReadFile(filepath.Join(f.dir, "api-models", "api-models--"+strings.Replace(id, "/", "--", 1)+".json"))
	if err != nil {
		if strings.HasSuffix(strings.ToLower(id), "-gguf") {
			return []string{"model.Q4_K_M.gguf"}
		}
		return []string{"model.safetensors"}
	}
	var rec struct {
		Siblings []struct {
			RFilename string `json:"rfilename"`
		} `json:"siblings"`
	}
	if err := json.Unmarshal(body, &rec); err != nil {
		f.t.Fatalf("recording of %s: %v", id, err)
	}
	for _, s := range rec.Siblings {
		if hub.IsWeightFile(s.RFilename) {
			out = append(out, s.RFilename)
		}
	}
	slices.Sort(out)
	return out
}
