package discover

import "regexp"

// Registries outside the hubs: model catalogs a framework downloads from by
// a name of its own (Piper voices, Coqui TTS names, Ultralytics weights,
// open_clip pretrained tags …). A reference to one has the registry as its
// hub and the name as written as its id.
type registry struct {
	name string // hub name in references
	// shape is a name of the registry as written; the id is the whole
	// match, or submatch idGroup when that is set (the rest is a host or a
	// tag).
	shape   *regexp.Regexp
	idGroup int
	// anywhere: the shape is specific enough to be this registry's name in
	// any string value of code or config; otherwise the registry's
	// modules must be imported by the file (or its call named it).
	anywhere bool
	modules  []string
	// license is the license every model of the registry is distributed
	// under, when that is a fixed fact (licenseSource says where it is
	// stated); "" when it differs from model to model.
	license, licenseSource string
	example                string
}

func reg(name, pattern string, anywhere bool, example string) registry {
	return registry{name: name, shape: regexp.MustCompile(pattern), anywhere: anywhere, example: example}
}

func (r registry) idIn(group int) registry { r.idGroup = group; return r }

func (r registry) within(modules ...string) registry { r.modules = modules; return r }

func (r registry) licensed(spdx, source string) registry {
	r.license, r.licenseSource = spdx, source
	return r
}

var registries = []registry{
	// Piper voices (rhasspy/piper-voices): language_REGION-voice-quality;
	// each voice has its own MODEL_CARD and license.
	reg("piper", `^[a-z]{2,3}_[A-Z]{2}-[\p{L}0-9_]+-(x_low|low|medium|high)$`, true, "en_US-lessac-medium"),
	// Coqui TTS model names (TTS/.models.json): type/language/dataset/model.
	reg("coqui", `^(tts_models|vocoder_models|voice_conversion_models)/[A-Za-z0-9_-]+/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`, true, "tts_models/multilingual/multi-dataset/xtts_v2"),
	// Ultralytics weights, downloaded from the ultralytics/assets releases,
	// which are published under AGPL-3.0 (an Enterprise license is sold
	// separately).
	reg("ultralytics", `^((yolov[3-9]|yolo1[0-9])[nsmlxcebtu]{0,2}[0-9]?u?(-(seg|pose|cls|obb|world|worldv2|oiv7|p6))*|rtdetr-[lx]|yoloe-[a-z0-9-]+)\.pt$`, true, "yolov8n.pt").
		licensed("AGPL-3.0-only", "https://github.com/ultralytics/assets (release assets of ultralytics; https://www.ultralytics.com/license)"),
	// open_clip "architecture/pretrained tag" names (ViT-L-14/openai); its
	// hf-hub: prefix names a Hub id instead (see classify).
	reg("open_clip", `^((ViT|EVA[0-9]*|MobileCLIP|convnext|coca|roberta-ViT|xlm-roberta-(base|large)-ViT|nllb-clip)[A-Za-z0-9_-]*|RN[0-9]+(x[0-9]+)?(-quickgelu)?)/[A-Za-z0-9_]+$`, true, "ViT-H-14/laion2b_s32b_b79k"),
	// torchaudio pipeline bundles (torchaudio.pipelines).
	reg("torchaudio", `^((WAV2VEC2|HUBERT|WAVLM|VOXPOPULI|TACOTRON2|CONVTASNET|HDEMUCS|EMFORMER|SQUIM)(_[A-Z0-9]+)+|MMS_FA)$`, false, "WAV2VEC2_ASR_BASE_960H").
		within("torchaudio"),
	// NVIDIA NIM containers name the model they serve.
	reg("nvidia_nim", `^nvcr\.io/nim/([a-z0-9._-]+/[a-z0-9._-]+)(:[A-Za-z0-9._-]+)?$`, true, "nvcr.io/nim/meta/llama3-8b-instruct:1.0.0").
		idIn(1),
}

// registryOf recognises a registry name in a value: anywhere-shapes always,
// the others when inCtx says the file uses the registry's modules.
func registryOf(v string, inCtx func(modules []string) bool) (hub, id string, ok bool) {
	for _, r := range registries {
		if !r.anywhere && (inCtx == nil || !inCtx(r.modules)) {
			continue
		}
		m := r.shape.FindStringSubmatch(v)
		if m == nil {
			continue
		}
		return r.name, m[r.idGroup], true
	}
	return "", "", false
}

// RegistryLicense returns the license every model of a registry carries
// and where that is stated, when it is a fixed fact (Ultralytics weights:
// AGPL-3.0); ok is false for registries whose models differ.
func RegistryLicense(hub string) (license, source string, ok bool) {
	for _, r := range registries {
		if r.name == hub && r.license != "" {
			return r.license, r.licenseSource, true
		}
	}
	return "", "", false
}

// isRegistry reports whether hub is one of the registries above.
func isRegistry(hub string) bool {
	for _, r := range registries {
		if r.name == hub {
			return true
		}
	}
	return false
}
