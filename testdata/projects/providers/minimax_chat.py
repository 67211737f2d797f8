import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["MINIMAX_API_KEY"], base_url=os.environ["MINIMAX_BASE_URL"])
response = client.chat.completions.create(model="MiniMax-M2.7", messages=[{"role": "user", "content": "hi"}])
