from volcenginesdkarkruntime import Ark

client = Ark()
completion = client.chat.completions.create(model="doubao-pro-32k", messages=[{"role": "user", "content": "hi"}])
