"""The `Content-Disposition` of a download whose name may hold any character."""

from urllib.parse import quote


def attachment(filename: str, *, fallback: str) -> str:
    """A name that needs encoding (non-ASCII, spaces, quotes, newlines) goes in RFC 6266's
    `filename*`, beside a plain ASCII `fallback` for clients that cannot read it; Django would
    write RFC 2047 words, which browsers ignore."""
    encoded = quote(filename, safe="@+")
    if encoded == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
