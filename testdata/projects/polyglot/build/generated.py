from transformers import AutoModel
AutoModel.from_pretrained("ignored/by-gitignore")
