package discover

import "testing"

// Every row recognises its example, in context when it needs one.
func TestRegistryRows(t *testing.T) {
	for _, r := range registries {
		inCtx := func(mods []string) bool { return len(mods) > 0 && mods[0] == r.modules[0] }
		if r.anywhere {
			inCtx = nil
		}
		hub, id, ok := registryOf(r.example, inCtx)
		if !ok || hub != r.name || id == "" {
			t.Errorf("%s: registryOf(%q) = %q %q %v", r.name, r.example, hub, id, ok)
		}
		if !r.anywhere {
			if _, _, ok := registryOf(r.example, nil); ok {
				t.Errorf("%s: %q recognised without the registry's modules", r.name, r.example)
			}
		}
		if (r.license == "") != (r.licenseSource == "") {
			t.Errorf("%s: a license needs its source and a source its license", r.name)
		}
	}
}

func TestRegistryOf(t *testing.T) {
	torchaudio := func(mods []string) bool { return len(mods) > 0 && mods[0] == "torchaudio" }
	for _, c := range []struct {
		v, hub, id string
	}{
		{"pt_PT-tugão-medium", "piper", "pt_PT-tugão-medium"},
		{"de_DE-thorsten_emotional-medium", "piper", "de_DE-thorsten_emotional-medium"},
		{"en_US-lessac", "", ""}, // no quality
		{"vocoder_models/en/ljspeech/hifigan_v2", "coqui", "vocoder_models/en/ljspeech/hifigan_v2"},
		{"tts_models/en/ljspeech", "", ""},
		{"yolov8n.pt", "ultralytics", "yolov8n.pt"},
		{"yolo11s-seg.pt", "ultralytics", "yolo11s-seg.pt"},
		{"yolov5su.pt", "ultralytics", "yolov5su.pt"},
		{"yolov8n.onnx", "", ""}, // an export the project made
		{"best.pt", "", ""},
		{"ViT-L-14/openai", "open_clip", "ViT-L-14/openai"},
		{"RN50x4/openai", "open_clip", "RN50x4/openai"},
		{"convnext_base_w/laion2b_s13b_b82k", "open_clip", "convnext_base_w/laion2b_s13b_b82k"},
		{"openai/clip-vit-large-patch14", "", ""},
		{"VOXPOPULI_ASR_BASE_10K_DE", "torchaudio", "VOXPOPULI_ASR_BASE_10K_DE"},
		{"MMS_FA", "torchaudio", "MMS_FA"},
		{"DEFAULT_MODEL", "", ""},
		{"nvcr.io/nim/nvidia/nv-embedqa-e5-v5:1.0.1", "nvidia_nim", "nvidia/nv-embedqa-e5-v5"},
		{"nvcr.io/nvidia/pytorch:24.01-py3", "", ""},
	} {
		hub, id, ok := registryOf(c.v, torchaudio)
		if hub != c.hub || id != c.id || ok != (c.hub != "") {
			t.Errorf("registryOf(%q) = %q %q %v, want %q %q", c.v, hub, id, ok, c.hub, c.id)
		}
	}
	if l, src, ok := RegistryLicense("ultralytics"); !ok || l != "AGPL-3.0-only" || src == "" {
		t.Errorf("RegistryLicense(ultralytics) = %q %q %v", l, src, ok)
	}
	if _, _, ok := RegistryLicense("piper"); ok {
		t.Error("piper voices have no one license")
	}
}
