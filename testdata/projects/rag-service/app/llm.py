"""Answer generation with a local quantized model and a hosted fallback."""
import os

from llama_cpp import Llama
from openai import OpenAI
from transformers import AutoTokenizer, pipeline

GGUF_REPO = "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF"


def local_llm():
    return Llama.from_pretrained(
        repo_id=GGUF_REPO,
        filename="Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf",
        n_ctx=8192,
    )


def tokenizer():
    return AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")


def translator():
    # The support desk answers in the customer's language.
    return pipeline("translation", model="facebook/nllb-200-distilled-600M")


def hosted_answer(question: str) -> str:
    client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return reply.choices[0].message.content
