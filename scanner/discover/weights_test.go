package discover

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ggufKV is one metadata pair for building GGUF files in tests.
type ggufKV struct {
	key string
	typ uint32
	val any // string, uint32, []string
}

// buildGGUF writes a version-3 GGUF header byte by byte.
func buildGGUF(kvs []ggufKV) []byte {
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	str := func(s string) { w(uint64(len(s))); b.WriteString(s) }
	b.WriteString("GGUF")
	w(uint32(3))
	w(uint64(0)) // tensors
	w(uint64(len(kvs)))
	for _, kv := range kvs {
		str(kv.key)
		w(kv.typ)
		switch v := kv.val.(type) {
		case string:
			str(v)
		case uint32:
			w(v)
		case []string:
			w(uint32(ggufString))
			w(uint64(len(v)))
			for _, s := range v {
				str(s)
			}
		case []int32:
			w(uint32(ggufI32))
			w(uint64(len(v)))
			for _, x := range v {
				w(x)
			}
		}
	}
	return b.Bytes()
}

func buildSafetensors(header string) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(header)))
	b.WriteString(header)
	b.Write(make([]byte, 16)) // tensor bytes, never read
	return b.Bytes()
}

func TestGGUF(t *testing.T) {
	data := buildGGUF([]ggufKV{
		{"general.architecture", ggufString, "llama"},
		{"general.name", ggufString, "Tiny Chat"},
		{"general.license", ggufString, "apache-2.0"},
		{"general.source.repo_url", ggufString, "https://huggingface.co/acme/tiny-chat"},
		{"general.base_model.count", ggufU32, uint32(1)},
		{"general.base_model.0.name", ggufString, "Tiny Base"},
		{"general.base_model.0.organization", ggufString, "Acme"},
		{"general.base_model.0.repo_url", ggufString, "https://huggingface.co/acme/tiny-base"},
		{"tokenizer.ggml.tokens", ggufArray, []string{"<s>", "</s>", "hello"}},
		{"tokenizer.ggml.token_type", ggufArray, []int32{1, 2, 3}},
		{"general.license.link", ggufString, "https://example.com/license"},
	})
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "weights"), 0o755)
	os.WriteFile(filepath.Join(dir, "weights", "tiny.Q4_K_M.gguf"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "weights", "broken.gguf"), []byte("GGUF\x03\x00\x00\x00"), 0o644)
	res, err := Discover(context.Background(), dir, Options{MaxFileSize: 8}) // header readers ignore the text cap
	if err != nil {
		t.Fatal(err)
	}
	if len(res.References) != 1 {
		t.Fatalf("refs: %+v", res.References)
	}
	r := res.References[0]
	if r.Hub != HubLocal || r.ID != "weights/tiny.Q4_K_M.gguf" || r.Local == nil || r.Location.Via != "gguf" {
		t.Fatalf("ref %+v", r)
	}
	l := r.Local
	if l.Name != "Tiny Chat" || l.License != "apache-2.0" || l.LicenseLink != "https://example.com/license" || l.Format != "gguf" {
		t.Errorf("local %+v", l)
	}
	if len(l.BaseModels) != 2 || l.BaseModels[0].Ref != "hf:acme/tiny-chat" || l.BaseModels[0].Relation != "quantized" ||
		l.BaseModels[1].Ref != "hf:acme/tiny-base" {
		t.Errorf("base models %+v", l.BaseModels)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Path != "weights/broken.gguf" {
		t.Errorf("warnings %+v", res.Warnings)
	}
}

func TestGGUFBounds(t *testing.T) {
	for name, data := range map[string][]byte{
		"huge kv count": append([]byte("GGUF\x03\x00\x00\x00"+strings.Repeat("\x00", 8)), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
		"huge string":   append(buildGGUF(nil)[:24-8], []byte("\x01\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\x00")...),
		"bad magic":     []byte("GGML...."),
		"bad version":   []byte("GGUF\x09\x00\x00\x00"),
	} {
		if _, err := readGGUF(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSafetensors(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"m/model-00001-of-00002.safetensors": string(buildSafetensors(`{"__metadata__":{"format":"pt","modelspec.title":"Fancy","modelspec.license":"openrail++"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`)),
		"m/model-00002-of-00002.safetensors": string(buildSafetensors(`{"__metadata__":{"format":"pt"}}`)),
		"bad.safetensors":                    "\xff\xff\xff\xff\xff\xff\xff\xff",
	})
	res, err := Discover(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.References) != 1 {
		t.Fatalf("refs %+v", res.References)
	}
	l := res.References[0].Local
	if res.References[0].ID != "m/model-00001-of-00002.safetensors" || l.Name != "Fancy" || l.License != "openrail++" || l.Format != "safetensors" {
		t.Errorf("ref %+v local %+v", res.References[0], l)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Path != "bad.safetensors" {
		t.Errorf("warnings %+v", res.Warnings)
	}
}

func TestVendoredDirectory(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"vend/m/config.json": `{"architectures":["LlamaForCausalLM"],"model_type":"llama","_name_or_path":"/home/me/ckpt"}`,
		"vend/m/README.md":   "---\nlicense: other\nlicense_name: acme-license\nlicense_link: LICENSE\nbase_model:\n- acme/base-7b\nbase_model_relation: finetune\ndatasets: [acme/data-b, acme/data-a]\n---\n# card\n",
		"other/config.json":  `{"debug": true}`,
	})
	res, err := Discover(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.References) != 1 {
		t.Fatalf("refs %+v", res.References)
	}
	r := res.References[0]
	if r.Hub != HubLocal || r.ID != "vend/m" || r.Local.LicenseName != "acme-license" || r.Local.License != "other" ||
		len(r.Local.BaseModels) != 1 || r.Local.BaseModels[0].Ref != "hf:acme/base-7b" || r.Local.BaseModels[0].Relation != "finetune" ||
		strings.Join(r.Local.Datasets, ",") != "acme/data-a,acme/data-b" {
		t.Errorf("ref %+v local %+v", r, r.Local)
	}
}
