package hub

import (
	"reflect"
	"testing"
)

func TestLicenseFiles(t *testing.T) {
	for _, tc := range []struct {
		name   string
		files  []string
		linked string
		want   []string
	}{
		{"GLM: only MODEL_LICENSE and a code LICENSE", []string{"README.md", "MODEL_LICENSE", "LICENSE", "config.json", "model-00001-of-00007.safetensors"}, "",
			[]string{"LICENSE", "MODEL_LICENSE"}},
		{"meta-llama: LICENSE and USE_POLICY.md", []string{"LICENSE", "USE_POLICY.md", "README.md", "original/params.json"}, "",
			[]string{"LICENSE", "USE_POLICY.md"}},
		{"a PDF agreement, case-insensitive", []string{"Baichuan2 模型社区许可协议.pdf", "Community License for Baichuan2 Model.pdf", "tokenizer.model"}, "",
			[]string{"Community License for Baichuan2 Model.pdf"}},
		{"LICENSE-MODEL, LICENSE.txt, NOTICE last", []string{"NOTICE", "LICENSE.txt", "LICENSE-MODEL", "license_check.py", "licenses.json"}, "",
			[]string{"LICENSE-MODEL", "LICENSE.txt", "NOTICE"}},
		{"the card's license_link first", []string{"LICENSE", "LICENSE.md", "docs/TERMS.md", "USE_POLICY.md", "NOTICE", "Terms.md"}, "Terms.md",
			[]string{"Terms.md", "LICENSE", "LICENSE.md", "USE_POLICY.md"}},
		{"nested files are not read", []string{"sub/LICENSE", "weights/model.bin"}, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := LicenseFiles(tc.files, tc.linked, 0); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFileCapAndWeights(t *testing.T) {
	if FileCap("LICENSE.pdf", 1<<20) != MaxPDFBytes || FileCap("LICENSE", 1<<20) != 1<<20 {
		t.Error("FileCap")
	}
	for name, want := range map[string]bool{"model.safetensors": true, "q4.GGUF": true, "pytorch_model.bin": true, "config.json": false, "README.md": false} {
		if IsWeightFile(name) != want {
			t.Errorf("IsWeightFile(%q) = %v", name, !want)
		}
	}
}
