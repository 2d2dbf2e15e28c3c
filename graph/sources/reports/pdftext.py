"""Text of PDF files, page by page, for reading inspection reports.

Evidence spans of a report are character offsets into the text of one page,
as the extractor named here gives it. The default is poppler's ``pdftotext``
in layout mode (chosen by measured accuracy and speed on Ofsted's reports:
see ``docs/reports.md``); the PyPI extractors are kept for comparison and
are imported only when asked for.

Examples
--------
>>> sorted(EXTRACTORS)[:2]
['pdfplumber', 'pdftotext']
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from graph.errors import ReportError
from graph.files import file_sha256

__all__ = ["DEFAULT_EXTRACTOR", "EXTRACTORS", "extract_pages", "file_sha256",
           "check_pdf_header", "extractor_version", "MIN_TEXT_CHARS"]

DEFAULT_EXTRACTOR = "pdftotext"
# A report with fewer letters than this over all its pages has no usable text layer.
MIN_TEXT_CHARS = 200
_LETTERS = re.compile(r"[^\W\d_]")


def check_pdf_header(path: str | Path) -> None:
    """Raise :class:`ReportError` unless ``path`` starts like a PDF file."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise ReportError(path, f"cannot be read: {exc.strerror or exc}") from None
    if b"%PDF-" not in head:
        what = "an HTML page" if b"<html" in head.lower() or b"<!doctype" in head.lower() \
            else "empty" if not head else "some other kind of file"
        raise ReportError(path, f"not a PDF file (it is {what})")


def _pdftotext(path: Path, layout: bool = True) -> list[str]:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ReportError(path, "pdftotext is not installed (Debian/Ubuntu: apt-get install "
                                "poppler-utils)")
    args = [exe, "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    proc = subprocess.run(args, capture_output=True, timeout=120)
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit status {proc.returncode}"
        raise ReportError(path, f"corrupt or unreadable PDF ({reason})")
    text = proc.stdout.decode("utf-8", "replace")
    pages = text.split("\f")
    if pages and pages[-1] == "":
        pages.pop()
    return pages


def _pdftotext_raw(path: Path) -> list[str]:
    return _pdftotext(path, layout=False)


def _pypdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return [page.extract_text() or "" for page in reader.pages]


def _pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _pymupdf(path: Path) -> list[str]:
    import pymupdf

    with pymupdf.open(str(path)) as doc:
        return [page.get_text("text", sort=True) for page in doc]


EXTRACTORS: dict[str, Callable[[Path], list[str]]] = {
    "pdftotext": _pdftotext,
    "pdftotext-raw": _pdftotext_raw,
    "pypdf": _pypdf,
    "pdfplumber": _pdfplumber,
    "pymupdf": _pymupdf,
}


def extractor_version(name: str = DEFAULT_EXTRACTOR) -> str:
    """The extractor's name and version, as recorded with a report's source node."""
    if name.startswith("pdftotext"):
        exe = shutil.which("pdftotext")
        if exe is None:
            return name
        proc = subprocess.run([exe, "-v"], capture_output=True, text=True)
        first = (proc.stderr or proc.stdout).strip().splitlines()
        version = first[0].rsplit(" ", 1)[-1] if first else "?"
        return f"{name} {version}" + (" -layout" if name == "pdftotext" else "")
    from importlib.metadata import version

    return f"{name} {version(name)}"


def extract_pages(path: str | Path, extractor: str = DEFAULT_EXTRACTOR) -> list[str]:
    """The text of each page of a PDF file (page 1 first).

    Parameters
    ----------
    path : str or Path
        The PDF file.
    extractor : str
        One of :data:`EXTRACTORS` (``pdftotext`` by default).

    Returns
    -------
    list of str
        One string per page; evidence offsets index these strings.

    Raises
    ------
    ReportError
        The file is missing, not a PDF, corrupt, or has no text layer.
    """
    path = Path(path)
    if not path.is_file():
        raise ReportError(path, "no such file")
    check_pdf_header(path)
    if extractor not in EXTRACTORS:
        raise ReportError(path, f"unknown text extractor {extractor!r} "
                                f"(expected one of {', '.join(sorted(EXTRACTORS))})")
    try:
        pages = EXTRACTORS[extractor](path)
    except ReportError:
        raise
    except Exception as exc:  # each library raises its own kinds for broken files
        raise ReportError(path, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})"
                          ) from None
    letters = 0
    for page in pages:  # counted until there are enough
        letters += len(_LETTERS.findall(page))
        if letters >= MIN_TEXT_CHARS:
            break
    if not pages:
        raise ReportError(path, "corrupt or unreadable PDF (no pages)")
    if letters < MIN_TEXT_CHARS:
        raise ReportError(path, f"has no text layer ({letters} letters on {len(pages)} "
                                "pages: a scanned image?); run OCR on it first")
    return pages
