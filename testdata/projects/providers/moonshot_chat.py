from openai import OpenAI

client = OpenAI(api_key="...", base_url="https://api.moonshot.cn/v1")
completion = client.chat.completions.create(model="moonshot-v1-8k", messages=[{"role": "user", "content": "hi"}])
