"""A fingerprint of the code and templates as deployed. Rendered fragments kept in a shared
cache (Redis) are keyed by content version, not by markup: prefixing every key with this
fingerprint means a release never serves markup cached by the one before it."""

import hashlib
from pathlib import Path

_PACKAGES = ("templates", "guide", "practice", "accounts", "common")


def fingerprint(base_dir: Path) -> str:
    digest = hashlib.sha256()
    for package in _PACKAGES:
        for path in sorted((base_dir / package).rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and path.is_file():
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
