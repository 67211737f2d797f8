from openai import OpenAI

client = OpenAI(api_key="...", base_url="https://api.hunyuan.cloud.tencent.com/v1")
completion = client.chat.completions.create(model="hunyuan-turbos-latest", messages=[{"role": "user", "content": "hi"}])
