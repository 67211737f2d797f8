import qianfan

resp = qianfan.ChatCompletion().do(model="ERNIE-4.0-8K", messages=[{"role": "user", "content": "hi"}])
