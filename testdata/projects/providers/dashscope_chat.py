import dashscope

response = dashscope.Generation.call(model="qwen-max", messages=[{"role": "user", "content": "hi"}], result_format="message")
