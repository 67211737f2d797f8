from openai import OpenAI

client = OpenAI(api_key="...", base_url="https://api.deepseek.com")
response = client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": "hi"}])
