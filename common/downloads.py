"""Downloads: the `Content-Disposition` of one whose name may hold any character, and the
blocks in which a long one is streamed."""

from collections.abc import Iterable, Iterator
from urllib.parse import quote

# A streamed download goes out in blocks of about this many characters: few writes to the
# socket, and never the whole file in memory.
BLOCK_CHARS = 64 * 1024


def attachment(filename: str, *, fallback: str) -> str:
    """A name that needs encoding (non-ASCII, spaces, quotes, newlines) goes in RFC 6266's
    `filename*`, beside a plain ASCII `fallback` for clients that cannot read it; Django would
    write RFC 2047 words, which browsers ignore."""
    encoded = quote(filename, safe="@+")
    if encoded == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def in_blocks(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into blocks of at least BLOCK_CHARS (the last may be shorter)."""
    block, length = [], 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= BLOCK_CHARS:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)
