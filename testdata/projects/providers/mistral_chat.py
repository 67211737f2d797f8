from mistralai import Mistral

client = Mistral(api_key="...")
response = client.chat.complete(model="mistral-large-latest", messages=[{"role": "user", "content": "hi"}])
