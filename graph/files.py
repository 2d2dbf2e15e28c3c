"""Files on disk: where the package keeps its data, digests, and writes that are all or nothing.

Every file the project writes goes through a temporary file in the same folder
and a rename (:func:`atomic_write`), so a reader sees the old file or the new
one, never half of either.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(folder / "a.txt", "one")
>>> (folder / "a.txt").read_text(), file_sha256(folder / "a.txt")[:12]
('one', '7692c3ad3540')
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["DATA_DIR", "BUNDLED_RECORDS", "atomic_write", "file_mode", "file_sha256"]

DATA_DIR = Path(__file__).parent / "data"
BUNDLED_RECORDS = DATA_DIR  # the curated records shipped with the package


def file_mode() -> int:
    """The permission bits a new file gets under the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def file_sha256(path: str | Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def atomic_write(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
