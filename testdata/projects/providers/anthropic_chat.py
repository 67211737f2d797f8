import anthropic

client = anthropic.Anthropic()
message = client.messages.create(model="claude-sonnet-4-20250514", max_tokens=256, messages=[{"role": "user", "content": "hi"}])
