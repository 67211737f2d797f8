from zhipuai import ZhipuAI

client = ZhipuAI(api_key="...")
response = client.chat.completions.create(model="glm-4-plus", messages=[{"role": "user", "content": "hi"}])
