"""Document and query embeddings for the retriever."""
from sentence_transformers import CrossEncoder, SentenceTransformer

EMBEDDING_MODEL = "BAAI/bge-small-en-v1.5"


def load_embedder():
    # Small English embedder; 384-dimensional vectors fit the vector store.
    return SentenceTransformer(EMBEDDING_MODEL, device="cpu")


def load_reranker():
    return CrossEncoder("BAAI/bge-reranker-v2-m3", max_length=512)
