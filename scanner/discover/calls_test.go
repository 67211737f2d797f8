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
from ultralytics import YOLO, RTDETR
model = YOLO("yolov8n.pt")
model2 = RTDETR("rtdetr-l.pt")
`, []string{"ultralytics:yolov8n.pt ultralytics", "ultralytics:rtdetr-l.pt ultralytics"}},
		"open_clip create_model_and_transforms": {"open_clip", "clip.py", `
import open_clip
model, _, preprocess = open_clip.create_model_and_transforms("ViT-H-14", pretrained="laion2b_s32b_b79k")
small = open_clip.create_model("ViT-L-14", pretrained="openai")
`, []string{"open_clip:ViT-H-14/laion2b_s32b_b79k open_clip", "open_clip:ViT-L-14/openai open_clip"}},
		"any from_pretrained": {"from_pretrained", "train.py", `
from transformers import AutoModelForCausalLM
from peft import PeftModel
base = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", revision="v1.0")
model = PeftModel.from_pretrained(base, "tloen/alpaca-lora-7b")
pipe = StableDiffusionPipeline.from_single_file(pretrained_model_link_or_path="runwayml/stable-diffusion-v1-5")
`, []string{"huggingface:meta-llama/Llama-2-7b-hf@v1.0 from_pretrained", "huggingface:tloen/alpaca-lora-7b from_pretrained",
			"huggingface:runwayml/stable-diffusion-v1-5 from_single_file"}},
		"any load_lora_weights": {"diffusers adapters", "lora.py", `
from diffusers import DiffusionPipeline
pipe = DiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-xl-base-1.0")
pipe.load_lora_weights("CiroN2022/toy-face", weight_name="toy_face_sdxl.safetensors", adapter_name="toy")
pipe.load_ip_adapter("h94/IP-Adapter", subfolder="sdxl_models", weight_name="ip-adapter_sdxl.bin")
pipe.load_lora_weights("./my_lora_dir")
`, []string{"huggingface:stabilityai/stable-diffusion-xl-base-1.0 from_pretrained", "huggingface:CiroN2022/toy-face load_lora_weights",
			"huggingface:h94/IP-Adapter load_ip_adapter"}},
		"modelscope pipeline": {"pipeline", "app.py", `
from transformers import pipeline
asr = pipeline("automatic-speech-recognition", "openai/whisper-small")
clf = pipeline(task="text-classification", model="distilbert-base-uncased-finetuned-sst-2-english")
other = tools.pipeline("x", "not/a-model")
`, []string{"huggingface:openai/whisper-small pipeline", "huggingface:distilbert-base-uncased-finetuned-sst-2-english pipeline"}},
		"any hf_hub_download": {"hub functions", "fetch.py", `
from huggingface_hub import hf_hub_download, snapshot_download
hf_hub_download(repo_id="TheBloke/Llama-2-7B-GGUF", filename="llama-2-7b.Q4_K_M.gguf", revision="main")
snapshot_download("tatsu-lab/alpaca", repo_type="dataset")
snapshot_download("gradio/hello_world", repo_type="space")
`, []string{"huggingface:TheBloke/Llama-2-7B-GGUF@main hf_hub_download", "dataset huggingface:tatsu-lab/alpaca snapshot_download"}},
		"any dataset_snapshot_download": {"modelscope dataset download", "fetch.py", `
from modelscope.hub.snapshot_download import dataset_snapshot_download
dataset_snapshot_download("modelscope/clue")
`, []string{"dataset modelscope:modelscope/clue dataset_snapshot_download"}},
		"any InferenceClient": {"InferenceClient", "infer.py", `
from huggingface_hub import InferenceClient
client = InferenceClient("HuggingFaceH4/zephyr-7b-beta")
`, []string{"huggingface:HuggingFaceH4/zephyr-7b-beta inference_client"}},
		"any SentenceTransformer": {"sentence-transformers", "embed.py", `
from sentence_transformers import SentenceTransformer, CrossEncoder
model = SentenceTransformer("all-MiniLM-L6-v2")
rerank = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")
`, []string{"huggingface:sentence-transformers/all-MiniLM-L6-v2 sentence-transformers all-MiniLM-L6-v2",
			"huggingface:cross-encoder/ms-marco-MiniLM-L-6-v2 sentence_transformers"}},
		"vllm LLM": {"vllm", "serve.py", `
from vllm import LLM
llm = LLM(model="mistralai/Mistral-7B-Instruct-v0.2", tokenizer="hf-internal-testing/llama-tokenizer")
`, []string{"huggingface:mistralai/Mistral-7B-Instruct-v0.2 vllm", "huggingface:hf-internal-testing/llama-tokenizer vllm"}},
		"any HuggingFaceEmbedding": {"llama_index embedding", "rag.py", `
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
embed = HuggingFaceEmbedding("BAAI/bge-small-en-v1.5")
`, []string{"huggingface:BAAI/bge-small-en-v1.5 llama_index"}},
		"any HuggingFaceEndpoint": {"langchain wrappers", "chain.py", `
from langchain_huggingface import HuggingFaceEndpoint, HuggingFaceEmbeddings
llm = HuggingFaceEndpoint(repo_id="mistralai/Mistral-7B-Instruct-v0.3", max_new_tokens=512)
emb = HuggingFaceEmbeddings(model_name="sentence-transformers/all-mpnet-base-v2")
`, []string{"huggingface:mistralai/Mistral-7B-Instruct-v0.3 langchain", "huggingface:sentence-transformers/all-mpnet-base-v2 langchain"}},
		"any ChatOllama": {"ChatOllama", "chat.py", `
from langchain_ollama import ChatOllama
llm = ChatOllama(model="llama3.1:8b", temperature=0)
`, []string{"ollama:llama3.1:8b ollama"}},
		"torch load": {"torch.hub", "vad.py", `
import torch
model, utils = torch.hub.load(repo_or_dir="snakers4/silero-vad:v4.0", model="silero_vad")
local = torch.hub.load("./hubconf_dir", "custom", source="local")
`, []string{"github:snakers4/silero-vad@v4.0 torch.hub.load"}},
		"any load_dataset": {"load_dataset", "data.py", `
from datasets import load_dataset
ds = load_dataset("openai/gsm8k", "main", split="train")
local = load_dataset("json", data_files="train.jsonl")
`, []string{"dataset huggingface:openai/gsm8k load_dataset"}},
		"MsDataset load": {"MsDataset.load", "data.py", `
from modelscope.msdatasets import MsDataset
ds = MsDataset.load("modelscope/chinese-poetry-collection", split="train")
`, []string{"dataset modelscope:modelscope/chinese-poetry-collection load_dataset"}},
		"any GenerativeModel": {"google", "gem.py", `
import google.generativeai as genai
model = genai.GenerativeModel("gemini-1.5-flash")
`, []string{"google:gemini-1.5-flash google"}},
		"huawei ExecuteChatCompletionRequest": {"pangu", "pangu.py", `
from huaweicloudsdkpangulargemodels.v1 import ExecuteChatCompletionRequest
req = ExecuteChatCompletionRequest(deployment_id="pangu-nlp-n2-38b", pool_id="p1")
`, []string{"huawei:pangu-nlp-n2-38b huawei"}},
		"ollama create": {"ollama create", "mk.py", `
import ollama
ollama.create(model="my-assistant", from_="llama3.2:3b", system="You are Mario.")
`, []string{"ollama:llama3.2:3b ollama"}},
		"ollama chat": {"ollama chat", "chat.py", `
import ollama
r = ollama.chat("qwen2.5:7b", messages=[{"role": "user", "content": "hi"}])
e = ollama.embed(model="nomic-embed-text", input="x")
`, []string{"ollama:qwen2.5:7b ollama", "ollama:nomic-embed-text ollama"}},
		"ollama push": {"ollama push", "pub.py", `
import ollama
ollama.push("someone/my-model:latest")
ollama.copy(source="llama3.2", destination="someone/llama3.2-copy")
`, nil},
		"litellm completion": {"litellm", "llm.py", `
import litellm
r = litellm.completion("anthropic/claude-3-5-sonnet-20240620", messages=[])
e = litellm.embedding(model="openai/text-embedding-3-small", input=["x"])
`, []string{"anthropic:claude-3-5-sonnet-20240620 litellm", "openai:text-embedding-3-small litellm"}},
	}
	var cases []classCase
	keys := map[string]bool{}
	for _, r := range callShapes {
		name := rowKey(r)
		if keys[name] {
			t.Errorf("two rows are named %s: give rowKey a way to tell them apart", name)
		}
		keys[name] = true
		c, ok := snippets[name]
		if !ok {
			t.Errorf("row %s has no snippet", name)
			continue
		}
		c.name = name
		cases = append(cases, c)
	}
	for name := range snippets {
		if !keys[name] {
			t.Errorf("snippet %s names no row", name)
		}
	}
	runClassCases(t, cases)
}

// Framework aliases outside the framework's call: an option's default in a
// file of the framework; decoys: the same words elsewhere.
// rowKey names a row in tests: its first gate and first name.
func rowKey(r callShape) string {
	gate := "any"
	switch {
	case len(r.modules) > 0:
		gate = r.modules[0]
	case len(r.families) > 0:
		gate = r.families[0]
	case r.receiverSuffix != "":
		gate = r.receiverSuffix
	}
	return gate + " " + r.names[0]
}

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

// A name imported again from another module means the latest import
// before the call (Python binds names at the import): a README block
// showing the ModelScope download, then the Hugging Face one.
func TestReimportedNameTakesLatestImport(t *testing.T) {
	runClassCases(t, []classCase{
		{"modelscope then huggingface snapshot_download", "README.md", "```python\n" + `# from ModelScope
from modelscope import snapshot_download
snapshot_download('iic/CosyVoice2-0.5B', local_dir='pretrained_models/CosyVoice2-0.5B')

# from Hugging Face
from huggingface_hub import snapshot_download
snapshot_download('FunAudioLLM/CosyVoice2-0.5B', local_dir='pretrained_models/CosyVoice2-0.5B')
` + "```\n", []string{"modelscope:iic/CosyVoice2-0.5B snapshot_download", "huggingface:FunAudioLLM/CosyVoice2-0.5B snapshot_download"}},
		{"one import: every call", "dl.py", `
from modelscope import snapshot_download
a = snapshot_download("iic/SenseVoiceSmall")
b = snapshot_download("iic/speech_fsmn_vad_zh-cn-16k-common-pytorch")
`, []string{"modelscope:iic/SenseVoiceSmall snapshot_download", "modelscope:iic/speech_fsmn_vad_zh-cn-16k-common-pytorch snapshot_download"}},
	})
}
