// Command gen regenerates models.gen.json from the team's research file
// ../shared/corpus/known-models.yaml (beside the repository; AIBOM_SHARED
// overrides the shared folder) and our own established.yaml (licenses
// established for cards that declare none, merged as established, never as
// declared). Run it with `go generate ./scanner/knownmodels`.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aibom/aibom/licenses"
	"github.com/aibom/aibom/scanner/knownmodels"
)

func main() {
	in := flag.String("in", "", "known-models.yaml to read (default: <shared>/corpus/known-models.yaml)")
	out := flag.String("out", "models.gen.json", "file to write")
	est := flag.String("established", "established.yaml", "licenses established for cards that declare none")
	renames := flag.String("renames", "", "also write the Hub's recorded repository renames to this file")
	flag.Parse()
	if err := run(*in, *est, *out); err != nil {
		fmt.Fprintln(os.Stderr, "knownmodels/gen:", err)
		os.Exit(1)
	}
	if *renames == "" {
		return
	}
	if err := runRenames(*renames); err != nil {
		fmt.Fprintln(os.Stderr, "knownmodels/gen:", err)
		os.Exit(1)
	}
}

func run(in, est, out string) error {
	if in == "" {
		shared, err := sharedDir()
		if err != nil {
			return err
		}
		in = filepath.Join(shared, "corpus", "known-models.yaml")
	}
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	cat, err := knownmodels.ParseYAML(data)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	estData, err := os.ReadFile(est)
	if err != nil {
		return err
	}
	rows, err := knownmodels.ParseEstablished(estData)
	if err != nil {
		return fmt.Errorf("%s: %w", est, err)
	}
	lic := licenses.Builtin()
	if cat, err = cat.WithEstablished(rows, func(id string) bool { _, ok := lic.Lookup(id); return ok }); err != nil {
		return fmt.Errorf("%s: %w", est, err)
	}
	b, err := cat.EncodeJSON()
	if err != nil {
		return err
	}
	return writeAtomic(out, b)
}

// runRenames reads the recorded 307 answers of the Hub's model API (a
// renamed repository answers with a relative Location to its new id) and
// writes the from → to table, so an offline scan can follow a rename the
// way the live Hub would.
func runRenames(out string) error {
	shared, err := sharedDir()
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(shared, "fixtures", "hub", "huggingface", "api-models", "*.307.exchange.json"))
	if err != nil {
		return err
	}
	var renames []knownmodels.Rename
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		r, ok, err := knownmodels.RenameFromExchange(data)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if ok {
			renames = append(renames, r)
		}
	}
	b, err := knownmodels.EncodeRenames(renames)
	if err != nil {
		return err
	}
	return writeAtomic(out, b)
}

func writeAtomic(out string, b []byte) error {
	// Write beside the target and rename, so an interrupted run never
	// leaves a truncated file that would break the build.
	tmp, err := os.CreateTemp(filepath.Dir(out), ".models-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// sharedDir finds ../shared beside the module root.
func sharedDir() (string, error) {
	if d := os.Getenv("AIBOM_SHARED"); d != "" {
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory; pass -in")
		}
		dir = parent
	}
}
