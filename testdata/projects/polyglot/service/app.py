"""Inference service.

Example in a docstring (not code): from_pretrained("bert-base-uncased")
"""
import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline
from huggingface_hub import hf_hub_download, snapshot_download
from sentence_transformers import SentenceTransformer
from peft import PeftModel
from datasets import load_dataset
from openai import OpenAI
import anthropic

BASE_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
ORG = "Qwen"
CHAT_MODEL = f"{ORG}/Qwen2.5-7B-Instruct"
EMBEDDER = os.getenv("EMBEDDER", "BAAI/bge-small-en-v1.5")

tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
model = AutoModelForCausalLM.from_pretrained(
    BASE_MODEL,
    torch_dtype=torch.bfloat16,
)
model = PeftModel.from_pretrained(model, "tloen/alpaca-lora-7b")
chat = AutoModelForCausalLM.from_pretrained(CHAT_MODEL, revision="v1.0")

# sentiment = pipeline("sentiment-analysis", model="commented/out-model")
sentiment = pipeline("sentiment-analysis", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")
ner = pipeline("ner", "dslim/bert-base-NER")

embedder = SentenceTransformer(EMBEDDER)
weights = hf_hub_download(repo_id="TheBloke/Mistral-7B-Instruct-v0.2-GGUF", filename="mistral-7b-instruct-v0.2.Q4_K_M.gguf")
snapshot_download("stabilityai/stable-diffusion-xl-base-1.0")
eval_set = load_dataset("tatsu-lab/alpaca", split="train")
local = AutoModelForCausalLM.from_pretrained("./checkpoints/run-7")
user_choice = AutoModelForCausalLM.from_pretrained(os.environ["MODEL_DIR"])
unknown = AutoModelForCausalLM.from_pretrained(f"{os.environ['ORG']}/model")
placeholder = AutoModelForCausalLM.from_pretrained("your-org/your-model")

client = OpenAI()
reply = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "hi"}],
)
deepseek = OpenAI(base_url="https://api.deepseek.com", api_key=os.environ.get("DEEPSEEK_KEY"))
deepseek.chat.completions.create(model="deepseek-reasoner", messages=[])

claude = anthropic.Anthropic()
claude.messages.create(model="claude-3-5-sonnet-20241022", max_tokens=100, messages=[])

midas = torch.hub.load("intel-isl/MiDaS", "DPT_Large")
