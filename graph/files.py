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

__all__ = ["DATA_DIR", "BUNDLED_RECORDS", "atomic_write", "file_mode", "file_sha256",
           "replacing_folder"]

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


def replacing_folder(dest: str | Path):
    """A context manager that gives a new folder beside ``dest`` to write into and, when
    the block ends without error, swaps it for ``dest`` in one rename.

    Readers (and a ``kill -9`` at any instant) see the old folder or the new one, whole.
    Files and folders of ``dest`` the block did not write are carried over (hard links).
    The folders a build killed earlier left beside ``dest`` are removed first; if a
    swap was cut short between its two renames (systems without an atomic exchange),
    the old folder is put back.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with replacing_folder(out) as tmp:
    ...     _ = (tmp / "a.txt").write_text("new")
    >>> sorted(p.name for p in out.parent.iterdir())
    ['out']
    """
    from contextlib import contextmanager

    @contextmanager
    def swap():
        import shutil

        target = Path(dest).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale_folders(target)
        tmp = target.with_name(f".{target.name}.build-{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            yield tmp
            if target.is_dir():
                for entry in target.iterdir():
                    if not (tmp / entry.name).exists() and not entry.is_symlink():
                        _carry_over(entry, tmp / entry.name)
            _swap_folders(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return swap()


def _carry_over(src: Path, dst: Path) -> None:
    import shutil

    def link(a, b):
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    if src.is_dir():
        shutil.copytree(src, dst, copy_function=link, symlinks=True)
    else:
        link(src, dst)


def _swap_folders(new: Path, target: Path) -> None:
    """Put ``new`` in ``target``'s place; ``new`` then holds the old folder (if any)."""
    import shutil

    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        return
    old = target.with_name(f".{target.name}.build-{os.getpid()}.old")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one rename (Linux ``renameat2`` with ``RENAME_EXCHANGE``)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _clean_stale_folders(target: Path) -> None:
    """Remove what builds killed earlier left beside ``target`` (their process gone)."""
    import shutil

    for path in target.parent.glob(f".{target.name}.build-*"):
        pid = path.name[len(f".{target.name}.build-"):].split(".")[0]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        if path.suffix == ".old" and not target.exists():
            os.rename(path, target)  # a swap cut short between its renames: the old back
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
