import ollama
import litellm
from vllm import LLM
from langchain_huggingface import HuggingFaceEndpoint, HuggingFaceEmbeddings

ollama.pull("llama3.1:8b")
ollama.chat(model="qwen3:4b", messages=[])
ollama.create(model="my-assistant", from_="mistral:7b")

litellm.completion(model="openai/gpt-4o", messages=[])
litellm.completion(model="ollama_chat/qwen3:4b", messages=[])

llm = LLM(model="mistralai/Mistral-7B-Instruct-v0.3")
endpoint = HuggingFaceEndpoint(repo_id="HuggingFaceH4/zephyr-7b-beta")
emb = HuggingFaceEmbeddings(model_name="sentence-transformers/all-MiniLM-L6-v2")
