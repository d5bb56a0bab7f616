"""Search by meaning: the search documents nearest to a query by sentence embedding.

Each search document stores (`SearchDocument.embeddings`, float16) two vectors made by
`common.embeddings`: its title (a question's prompt, a tip's title) alone, and its title with
its key points (or, for a tip or a question without them, its text). A document's similarity
to a query is the higher of the two cosines.

They are made when a guide is indexed (`Guide.content_changed` → `index_guide`, which makes
its documents anew), and read into memory once per guide and state (its newest document's
id: `states`), kept per process: a query is one embedding (about a millisecond), one small
query and one matrix product per guide.
"""

import ctypes
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache

import numpy as np
from django.apps import apps
from django.db.models import Max

from common import embeddings

from . import key_points

# Below this cosine a document is not offered as "similar meaning" (tuned by hand on the
# shipped guide: unrelated queries stay under it).
MIN_SIMILARITY = 0.42
VECTORS_PER_DOCUMENT = 2
MAX_CACHED_GUIDES = 256
# Documents read into one block of the index as it is built (2 MB of float32).
BLOCK_DOCUMENTS = 1000
_DTYPE = np.float16


def document_texts(title: str, key_points_text: str, body: str) -> list[str]:
    points = " ".join(point.plain for point in key_points.parse(key_points_text))
    return [title, f"{title}. {points or body}"]


def encode(texts_per_document: list[list[str]]) -> list[bytes]:
    """The stored form of each document's vectors."""
    flat = [text for texts in texts_per_document for text in texts]
    if not flat:
        return []
    vectors = embeddings.embed(flat).astype(_DTYPE)
    return [
        vectors[i * VECTORS_PER_DOCUMENT : (i + 1) * VECTORS_PER_DOCUMENT].tobytes()
        for i in range(len(texts_per_document))
    ]


def decode(blob: bytes | memoryview | None) -> np.ndarray | None:
    if not blob:
        return None
    vectors = np.frombuffer(bytes(blob), dtype=_DTYPE)
    if vectors.size != VECTORS_PER_DOCUMENT * embeddings.DIMENSIONS:
        return None
    return vectors.reshape(VECTORS_PER_DOCUMENT, embeddings.DIMENSIONS)


@dataclass(frozen=True)
class _GuideIndex:
    pks: np.ndarray  # one per document
    matrix: np.ndarray  # (documents × VECTORS_PER_DOCUMENT, DIMENSIONS), float32


_cache: OrderedDict[tuple[int, int], _GuideIndex] = OrderedDict()
_lock = threading.Lock()


def states(guides) -> list[tuple[int, int]]:
    """(guide id, newest document id) of each of `guides` (a query of guide ids) that has
    search documents: indexing a guide makes its documents anew, so the pair names what the
    index holds (one query)."""
    rows = (
        _documents()
        .filter(guide_id__in=guides)
        .values("guide_id")
        .annotate(newest=Max("pk"))
        .order_by()
    )
    return [(row["guide_id"], row["newest"]) for row in rows]


def _documents():
    # guide.models calls this module to index; looked up by name to keep the import one way.
    return apps.get_model("guide", "SearchDocument").objects


def clear_cache():
    with _lock:
        _cache.clear()


@cache
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def _give_back_freed_memory() -> None:
    """Building a large guide's index leaves megabytes of freed rows in the heap, which glibc
    keeps for the process unless asked to hand it back; a worker would carry them for life."""
    if (trim := _malloc_trim()) is not None:
        trim(0)


def _block(stored: bytearray) -> np.ndarray:
    return (
        np.frombuffer(stored, dtype=_DTYPE).reshape(-1, embeddings.DIMENSIONS).astype(np.float32)
    )


def _guide_index(guide_id: int, state: int) -> _GuideIndex:
    key = (guide_id, state)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    # Vectors alone, streamed, in float32 blocks of a few MB: a guide's titles and bodies, or
    # all its rows at once, are tens of MB that a worker would keep (Python's small objects do
    # not go back to the system; blocks this size do).
    pks: list[int] = []
    blocks: list[np.ndarray] = []
    block = bytearray()
    missing = []
    empty = bytes(VECTORS_PER_DOCUMENT * embeddings.DIMENSIONS * np.dtype(_DTYPE).itemsize)
    rows = _documents().filter(guide_id=guide_id).order_by("pk").values_list("pk", "embeddings")
    for pk, blob in rows.iterator(chunk_size=BLOCK_DOCUMENTS):
        if decode(blob) is None:
            missing.append((len(pks), pk))
            blob = empty
        pks.append(pk)
        block += blob
        if len(pks) % BLOCK_DOCUMENTS == 0:
            blocks.append(_block(block))
            block = bytearray()
    blocks.append(_block(block))
    matrix = np.concatenate(blocks)
    del blocks
    if missing:
        # Documents indexed before embeddings existed: made now, kept in memory only.
        wanted = {pk for _position, pk in missing}
        texts = {
            pk: document_texts(title, "", body)
            for pk, title, body in _documents()
            .filter(guide_id=guide_id)
            .values_list("pk", "title", "body")
            .iterator()
            if pk in wanted
        }
        # A document re-indexed away since the vectors were read is left out (zeros).
        missing = [(position, pk) for position, pk in missing if pk in texts]
        made = encode([texts[pk] for _position, pk in missing])
        for (position, _pk), blob in zip(missing, made, strict=True):
            matrix[position * VECTORS_PER_DOCUMENT : (position + 1) * VECTORS_PER_DOCUMENT] = (
                decode(blob)
            )
    index = _GuideIndex(pks=np.array(pks, dtype=np.int64), matrix=matrix)
    del rows, block, pks
    _give_back_freed_memory()
    with _lock:
        _cache[key] = index
        while len(_cache) > MAX_CACHED_GUIDES:
            _cache.popitem(last=False)
    return index


def nearest(query: str, guides: list[tuple[int, int]], *, limit: int) -> list[tuple[int, float]]:
    """(document pk, similarity) of the documents of `guides` ((id, state) pairs: `states`)
    nearest to `query`, best first, at least MIN_SIMILARITY."""
    if not query.strip() or not guides:
        return []
    vector = embeddings.embed_one(query)
    if not vector.any():
        return []
    found = []
    for guide_id, state in guides:
        index = _guide_index(guide_id, state)
        if not len(index.pks):
            continue
        similarity = (index.matrix @ vector).reshape(-1, VECTORS_PER_DOCUMENT).max(axis=1)
        keep = np.flatnonzero(similarity >= MIN_SIMILARITY)
        if len(keep) > limit:  # only the best `limit` of a guide can make the list
            keep = keep[np.argpartition(-similarity[keep], limit)[:limit]]
        found.extend(zip(index.pks[keep].tolist(), similarity[keep].tolist(), strict=True))
    found.sort(key=lambda item: (-item[1], item[0]))
    return found[:limit]


def similar_texts(query: str, texts: list[str]) -> list[float]:
    """The similarity of `query` to each text (for a person's own notes, embedded on the fly:
    a person has few)."""
    if not texts or not query.strip():
        return [0.0] * len(texts)
    vectors = embeddings.embed([query, *texts])
    return (vectors[1:] @ vectors[0]).tolist()
