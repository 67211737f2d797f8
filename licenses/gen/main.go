// Command gen fingerprints the reference license texts for the matcher.
//
//	go run ./gen -src ../../shared/corpus/licenses -catalog catalog.yaml -out fingerprints.json
//
// It reads every *.txt in -src (the key is the file stem) and writes hashes,
// counts and structure only; the texts themselves never enter the
// repository. The catalog tells which keys are use policies (so that a
// license file that ends with its policy is split). Run through
// `go generate ./licenses`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/aibom/aibom/licenses/internal/fingerprint"
)

// maxText caps one reference text; real licenses are far smaller.
const maxText = 4 << 20

func main() {
	src := flag.String("src", "../../shared/corpus/licenses", "folder of reference texts (*.txt)")
	cat := flag.String("catalog", "catalog.yaml", "catalog (for the kinds of the documents)")
	out := flag.String("out", "fingerprints.json", "output file")
	flag.Parse()
	if err := run(*src, *cat, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, cat, out string) error {
	texts, err := ReadTexts(src)
	if err != nil {
		return err
	}
	policies, err := ReadPolicies(cat)
	if err != nil {
		return err
	}
	b, err := fingerprint.Marshal(fingerprint.Build(texts, policies))
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

// ReadTexts reads every regular *.txt file of dir, keyed by file stem.
func ReadTexts(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read reference texts: %w", err)
	}
	texts := map[string][]byte{}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		if len(b) > maxText {
			return nil, fmt.Errorf("%s: larger than %d bytes", p, maxText)
		}
		texts[strings.TrimSuffix(e.Name(), ".txt")] = b
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("no *.txt reference texts in %s", dir)
	}
	return texts, nil
}

// ReadPolicies returns the keys of the catalog entries of kind use_policy.
func ReadPolicies(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	var c struct {
		Licenses []struct {
			Key  string `yaml:"key"`
			Kind string `yaml:"kind"`
		} `yaml:"licenses"`
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	p := map[string]bool{}
	for _, l := range c.Licenses {
		if l.Kind == "use_policy" {
			p[l.Key] = true
		}
	}
	return p, nil
}
