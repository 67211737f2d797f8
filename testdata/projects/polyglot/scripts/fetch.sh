#!/usr/bin/env bash
set -euo pipefail
# huggingface-cli download commented/out
hf download Qwen/Qwen2.5-0.5B-Instruct --revision 7ae557604adf67be50417f59c2c2f167def9a775
huggingface-cli download HuggingFaceFW/fineweb-edu --repo-type dataset
modelscope download --model qwen/Qwen2.5-1.5B-Instruct
git clone https://huggingface.co/openai-community/gpt2
ollama pull nomic-embed-text
docker pull ollama/ollama:latest
echo "see huggingface-cli download org/model for help"
