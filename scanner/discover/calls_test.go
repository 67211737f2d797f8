package discover

import "testing"

// TestCallShapeRows: one written snippet per row of callShapes, in the
// library's documented call form.
func TestCallShapeRows(t *testing.T) {
	snippets := map[string]classCase{
		"faster_whisper WhisperModel": {"faster-whisper", "asr.py", `
from faster_whisper import WhisperModel
model = WhisperModel("large-v3", device="cuda")
`, []string{"huggingface:Systran/faster-whisper-large-v3 faster-whisper large-v3"}},
		"whisperx load_model": {"whisperx", "run.py", `
import whisperx
model = whisperx.load_model("large-v2", "cuda", compute_type="float16")
`, []string{"huggingface:Systran/faster-whisper-large-v2 faster-whisper large-v2"}},
		"whisper load_model": {"openai-whisper", "tr.py", `
import whisper
model = whisper.load_model("base")
`, []string{"huggingface:openai/whisper-base openai-whisper base"}},
		"funasr AutoModel": {"funasr", "asr.py", `
from funasr import AutoModel
model = AutoModel(model="paraformer-zh", vad_model="fsmn-vad", punc_model="iic/punc_ct-transformer_cn-en-common-vocab471067-large")
`, []string{"modelscope:iic/speech_seaco_paraformer_large_asr_nat-zh-cn-16k-common-vocab8404-pytorch funasr paraformer-zh",
			"modelscope:iic/speech_fsmn_vad_zh-cn-16k-common-pytorch funasr fsmn-vad",
			"modelscope:iic/punc_ct-transformer_cn-en-common-vocab471067-large funasr"}},
		"TTS TTS": {"coqui", "tts.py", `
from TTS.api import TTS
tts = TTS(model_name="tts_models/multilingual/multi-dataset/xtts_v2")
`, []string{"coqui:tts_models/multilingual/multi-dataset/xtts_v2 coqui"}},
		"ultralytics YOLO": {"ultralytics", "detect.py", `
from ultralytics import YOLO
model = YOLO("yolov8n.pt")
`, []string{"ultralytics:yolov8n.pt ultralytics"}},
		"ultralytics RTDETR": {"ultralytics", "detect.py", `
from ultralytics import RTDETR
model = RTDETR("rtdetr-l.pt")
`, []string{"ultralytics:rtdetr-l.pt ultralytics"}},
		"open_clip create_model_and_transforms": {"open_clip", "clip.py", `
import open_clip
model, _, preprocess = open_clip.create_model_and_transforms("ViT-H-14", pretrained="laion2b_s32b_b79k")
`, []string{"open_clip:ViT-H-14/laion2b_s32b_b79k open_clip"}},
		"open_clip create_model": {"open_clip", "clip.py", `
import open_clip
model = open_clip.create_model("ViT-L-14", pretrained="openai")
`, []string{"open_clip:ViT-L-14/openai open_clip"}},
	}
	var cases []classCase
	for _, r := range callShapes {
		name := r.modules[0] + " " + r.last
		c, ok := snippets[name]
		if !ok {
			t.Errorf("row %s has no snippet", name)
			continue
		}
		c.name = name
		cases = append(cases, c)
	}
	runClassCases(t, cases)
}

// Framework aliases outside the framework's call: an option's default in a
// file of the framework; decoys: the same words elsewhere.
func TestClassAliasesInCode(t *testing.T) {
	runClassCases(t, []classCase{
		{"argparse default in a whisperx file", "whisperx/__main__.py", `
import argparse
from whisperx.utils import LANGUAGES
parser = argparse.ArgumentParser()
parser.add_argument("--model", default="small", help="name of the Whisper model to use")
parser.add_argument("--align_model", default=None, help="phoneme model")
parser.add_argument("--output_dir", default="out")
`, []string{"huggingface:Systran/faster-whisper-small faster-whisper small"}},
		{"argparse default of a hub id", "train.py", `
import argparse
p = argparse.ArgumentParser()
p.add_argument("--model_name_or_path", type=str, default="meta-llama/Llama-2-7b-hf")
p.add_argument("--dataset", default="tatsu-lab/alpaca")
`, []string{"huggingface:meta-llama/Llama-2-7b-hf argument:--model_name_or_path", "dataset huggingface:tatsu-lab/alpaca argument:--dataset"}},
		{"torchaudio bundles in a torchaudio file", "align.py", `
import torchaudio
DEFAULT_ALIGN_MODELS_TORCH = {"en": "WAV2VEC2_ASR_BASE_960H", "fr": "VOXPOPULI_ASR_BASE_10K_FR"}
`, []string{"torchaudio:WAV2VEC2_ASR_BASE_960H data", "torchaudio:VOXPOPULI_ASR_BASE_10K_FR data"}},
		{"decoys: size words without the framework", "sizes.py", `
SIZES = {"small": 1, "base": 2}
model_size = "small"
BUNDLE = ["WAV2VEC2_ASR_BASE_960H"]
`, nil},
	})
}
