"""Evidence: character spans into source texts, and their checks.

A span is ``[start, end)`` in Unicode code points of the source's UTF-8 text.
Texts are never stored in the project: they are read at run time from a
folder the user names, and checked against the SHA-256 the record declares.

Examples
--------
>>> text_sha256("abc")[:12]
'ba7816bf8f01'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import EvidenceError, RecordErrors
from graph.sources.records import Item, Record

__all__ = ["Passage", "text_sha256", "SourceTexts", "check_evidence"]


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Passage:
    """A span of a source, with its text when the source is at hand."""

    source: str
    start: int
    end: int
    text: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}[{self.start}:{self.end}]"
        if self.page is not None:
            where = f"{self.source} p.{self.page} [{self.start}:{self.end}]"
        return f"{where} {self.text!r}" if self.text is not None else where


class SourceTexts:
    """Source texts found in a folder, by file name, verified against their hashes.

    Parameters
    ----------
    folder : str or Path or None
        Where the texts are. ``None`` means no texts are at hand.
    """

    def __init__(self, folder: str | Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self._cache: dict[str, str | None] = {}
        self._pages: dict[str, list[str] | None] = {}

    def text(self, file_name: str | None) -> str | None:
        """The text of ``file_name`` (found anywhere below the folder), or None."""
        if self.folder is None or not file_name:
            return None
        if file_name not in self._cache:
            path = self.folder / file_name
            if not path.is_file():
                found = sorted(self.folder.rglob(Path(file_name).name))
                path = found[0] if found else path
            self._cache[file_name] = (path.read_text(encoding="utf-8")
                                      if path.is_file() else None)
        return self._cache[file_name]

    def pdf_page(self, file_name: str, page: int, sha256: str | None = None) -> str | None:
        """The text of page ``page`` (1-based) of a PDF source found below the folder.

        Among the files of that name, the one whose SHA-256 is ``sha256`` is read
        (with :mod:`graph.pdftext`); None when no such file is at hand.

        Raises
        ------
        EvidenceError
            Files of that name are here but none has the recorded SHA-256.
        """
        from graph.sources.reports.pdftext import extract_pages, file_sha256

        if self.folder is None or not file_name:
            return None
        key = f"pdf:{file_name}:{sha256}"
        if key not in self._pages:
            candidates = [self.folder / file_name] if (self.folder / file_name).is_file() else []
            candidates += [p for p in sorted(self.folder.rglob(Path(file_name).name))
                           if p not in candidates]
            found = None
            for path in candidates:
                if sha256 is None or file_sha256(path) == sha256:
                    found = path
                    break
            if candidates and found is None:
                raise EvidenceError(str(candidates[0]), None,
                                    f"{file_name}: no file of this name under {self.folder} has "
                                    f"the SHA-256 the graph records ({sha256})")
            self._pages[key] = extract_pages(found) if found is not None else None
        pages = self._pages[key]
        return pages[page - 1] if pages is not None and 0 < page <= len(pages) else None


def _declared(source: Item) -> tuple[str | None, int | None, str | None]:
    return source.get("text_file"), source.get("length"), source.get("sha256")


def check_evidence(records: list[Record], texts: SourceTexts | None = None) -> int:
    """Check every evidence span of ``records``.

    Without texts, spans are checked against each source's declared length;
    with texts, the text's SHA-256 and length must match the declaration and
    every span must lie inside it.

    Returns
    -------
    int
        The number of spans checked against a text that was at hand.

    Raises
    ------
    RecordErrors
        One :class:`EvidenceError` per bad span or mismatched text.
    """
    texts = texts or SourceTexts(None)
    sources = {}
    shipped = set()  # bundled sources, whose texts are checked only when at hand
    for record in records:
        for src in [record.source, *record.cites]:
            if src.section == "source" or src.id not in sources:
                sources[src.id] = src
            if record.bundled and src.section == "source":
                shipped.add(src.id)
    errors: list[EvidenceError] = []
    lengths: dict[str, int | None] = {}
    available: dict[str, bool] = {}
    for sid, src in sources.items():
        file_name, length, sha = _declared(src)
        text = texts.text(file_name)
        if texts.folder is not None and file_name and text is None and sid not in shipped:
            errors.append(EvidenceError(src.path, src.fields["text_file"].line,
                                        f"source {sid!r}: text file {file_name!r} not found "
                                        f"under {texts.folder}"))
        if text is not None:
            actual = text_sha256(text)
            if sha and actual != sha:
                errors.append(EvidenceError(src.path, src.fields["sha256"].line,
                                            f"source {sid!r}: SHA-256 of {file_name} is "
                                            f"{actual}, the record declares {sha}"))
                text = None
            elif length is not None and len(text) != length:
                errors.append(EvidenceError(src.path, src.fields["length"].line,
                                            f"source {sid!r}: {file_name} has {len(text)} "
                                            f"characters, the record declares {length}"))
                text = None
        available[sid] = text is not None
        lengths[sid] = len(text) if text is not None else length
    checked = 0
    for record in records:
        for item in [*record.items(), *record.mentions]:
            for owner in [item, *(item.get("judgements") or [])]:
                for span in owner.get("evidence") or []:
                    limit = lengths.get(span.source)
                    if limit is not None and span.end > limit:
                        errors.append(EvidenceError(
                            owner.path, span.line,
                            f"{item.section} {item.id!r}: evidence span [{span.start}, "
                            f"{span.end}] runs past the end of source {span.source!r} "
                            f"({limit} characters)"))
                    elif available.get(span.source):
                        checked += 1
    if errors:
        raise RecordErrors(errors)
    return checked
