// Command gen writes a synthetic tree for the discovery benchmark and
// prints how many references it planted, so the runner can check that
// discovery found them all. Two kinds of tree:
//
//   - sparse (the default): a monorepo of ordinary source, config and
//     documentation files with a reference in one file out of 250;
//   - -realistic: files whose kinds, sizes and reference density follow a
//     real ML library (realistic.go), where trigger words are everywhere.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// planted are the reference lines, one per file kind; %d makes each id unique.
var planted = map[string]string{
	".py":   "model = AutoModelForCausalLM.from_pretrained(\"bench-org/model-%d\")\n",
	".ts":   "const clf = await pipeline('text-classification', 'bench-org/js-model-%d');\n",
	".yaml": "model_name: bench-org/yaml-model-%d\n",
	".sh":   "huggingface-cli download bench-org/sh-model-%d --local-dir /tmp/m\n",
	".md":   "See https://huggingface.co/bench-org/doc-model-%d for details.\n",
	".go":   "// weights from https://huggingface.co/bench-org/go-model-%d\n",
}

var filler = map[string]string{
	".py":   "def handler_%d(request, user=None):\n    \"\"\"Return the rendered page for the request.\"\"\"\n    items = [x * 2 for x in range(%d) if x %% 3]\n    return render(request, \"index.html\", {\"items\": items, \"user\": user})\n\n",
	".ts":   "export function compute%d(values: number[]): number {\n  // sum the values above a threshold\n  return values.filter((v) => v > %d).reduce((a, b) => a + b, 0);\n}\n\n",
	".yaml": "service_%d:\n  replicas: %d\n  image: registry.example.com/app:1.2.3\n  resources:\n    limits: {cpu: \"500m\", memory: \"256Mi\"}\n",
	".sh":   "echo \"step %d\"\nfor f in build/*.o; do cp \"$f\" out/%d/; done\n",
	".md":   "## Section %d\n\nThis paragraph explains the behaviour of component %d in prose, with org/name style words that are not models.\n\n",
	".go":   "func helper%d(xs []int) int {\n\tn := 0\n\tfor _, x := range xs {\n\t\tn += x * %d\n\t}\n\treturn n\n}\n\n",
	".json": "{\"id\": %d, \"name\": \"item-%d\", \"tags\": [\"a\", \"b\"], \"enabled\": true}\n",
	".txt":  "log line %d: request served in %d ms\n",
}

func main() {
	out := flag.String("out", "", "directory to create")
	files := flag.Int("files", 50000, "number of files")
	avg := flag.Int("size", 6000, "average file size in bytes")
	every := flag.Int("every", 250, "plant a reference in one file out of this many")
	real := flag.Bool("realistic", false, "write the realistic ML-library tree (-size and -every do not apply)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gen -out DIR [-files N] [-size BYTES]")
		os.Exit(2)
	}
	if *real {
		fmt.Println(realistic(*out, *files))
		return
	}
	rng := rand.New(rand.NewPCG(1, 2)) // fixed seed: the same tree every run
	exts := []string{".py", ".py", ".ts", ".go", ".yaml", ".json", ".md", ".sh", ".txt"}
	plantedN := 0
	var sb strings.Builder
	for i := range *files {
		ext := exts[i%len(exts)]
		dir := filepath.Join(*out, fmt.Sprintf("svc%03d", i%200), fmt.Sprintf("pkg%02d", (i/200)%25))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		sb.Reset()
		target := *avg/2 + rng.IntN(*avg)
		plant := i%*every == 0 && planted[ext] != ""
		for k := 0; sb.Len() < target; k++ {
			if plant && k == 3 {
				fmt.Fprintf(&sb, planted[ext], i)
				plantedN++
			}
			fmt.Fprintf(&sb, filler[ext], k, i%97)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%06d%s", i, ext)), []byte(sb.String()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Println(plantedN)
}
