"""Helpers for writing a record: the ``source:`` block, evidence spans, the concept words.

Each helper is one function behind one command (``source add``, ``span``,
``concepts``). Offsets are Unicode code points, as evidence spans are
(Python's ``text[start:end]``), never bytes.

Examples
--------
>>> find_span("A “quoted” word, a word.", "word", nth=2).span
[19, 23]
>>> nearest_words("safeguard", ["child-protection", "safeguarding-board", "neglect"])
['safeguarding-board']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InspectionGraphError
from graph.sources.concepts import (
    Scheme,
    concept_problem,
    concept_schemes,
    nearest_words,
    scheme_words,
    unknown_word_message,
)

__all__ = ["SourceBlock", "source_block", "SpanMatch", "find_span", "occurrences",
           "Scheme", "concept_schemes", "concept_problem", "scheme_words", "nearest_words",
           "unknown_word_message", "read_text"]


def read_text(path: str | Path) -> str:
    """A source text as the records see it: UTF-8, line ends kept as they are.

    Raises
    ------
    InspectionGraphError
        The file cannot be read or is not UTF-8.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise InspectionGraphError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise InspectionGraphError(f"{path}: cannot read file ({exc.strerror})") from None


# --- source add ---------------------------------------------------------------------------
@dataclass
class SourceBlock:
    """The ``source:`` block of a record for one text file."""

    id: str
    kind: str
    title: str
    text_file: str
    sha256: str
    length: int
    publisher: str | None = None
    published: str | None = None
    url: str | None = None

    def to_yaml(self) -> str:
        """The block as YAML, ready to paste at the top of a record."""
        lines = ["format: 1", "source:", f"  id: {self.id}", f"  kind: {self.kind}",
                 f"  title: {_quoted(self.title)}"]
        if self.publisher:
            lines.append(f"  publisher: {self.publisher}")
        if self.published:
            lines.append(f"  published: {_quoted(self.published)}")
        if self.url:
            lines.append(f"  url: {self.url}")
        lines += [f"  text_file: {self.text_file}", f"  sha256: {self.sha256}",
                  f"  length: {self.length}"]
        return "\n".join(lines) + "\n"


def check_url_and_date(url: str | None, published: str | None) -> None:
    """Refuse a source's URL that is not http(s) and a date not written YYYY[-MM[-DD]]."""
    from graph.sources.checks import url_problem
    from graph.sources.records import DATE_RE

    if url is not None and url_problem(url):
        raise InspectionGraphError(f"--url: expected an http(s) URL ({url_problem(url)}), "
                                   f"got {url!r}")
    if published is not None and not DATE_RE.match(published):
        raise InspectionGraphError(f"--published: expected a date YYYY, YYYY-MM or YYYY-MM-DD, "
                                   f"got {published!r}")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_block(text_file: str | Path, *, title: str, url: str | None = None,
                 publisher: str | None = None, published: str | None = None,
                 kind: str = "news-article", source_id: str | None = None) -> SourceBlock:
    """The ``source:`` block describing ``text_file``: its SHA-256 and length in code points.

    The id is ``PUBLISHER-YYYY-MM-TITLE-WORDS`` unless given.

    Raises
    ------
    InspectionGraphError
        The text cannot be read, or a date or URL that a record would refuse.
    """
    from graph.sources.records import ID_RE
    from graph.vocab import slug

    path = Path(text_file)
    text = read_text(path)
    check_url_and_date(url, published)
    if publisher is not None and not ID_RE.match(publisher):
        raise InspectionGraphError(f"--publisher: expected an organisation id such as "
                                   f"community-care, got {publisher!r}")
    if source_id is None:
        words = "-".join(slug(title).split("-")[:6])
        parts = [publisher or "source", (published or "")[:7], words]
        source_id = "-".join(p for p in parts if p)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceBlock(source_id, kind, title, path.name, digest, len(text), publisher,
                       published, url)


# --- span ---------------------------------------------------------------------------------
@dataclass
class SpanMatch:
    """Where a phrase stands in a text: the chosen occurrence and every one."""

    phrase: str
    span: list[int]
    all: list[list[int]] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        """Whether the phrase occurs more than once."""
        return len(self.all) > 1


def occurrences(text: str, phrase: str) -> list[list[int]]:
    """Every ``[start, end]`` (code points, end exclusive) where ``phrase`` occurs."""
    found, start = [], text.find(phrase)
    while start >= 0 and phrase:
        found.append([start, start + len(phrase)])
        start = text.find(phrase, start + 1)
    return found


def find_span(text: str, phrase: str, *, nth: int = 1) -> SpanMatch:
    """The evidence span of the ``nth`` occurrence (from 1) of ``phrase`` in ``text``.

    Raises
    ------
    InspectionGraphError
        The phrase is empty, absent, or occurs fewer than ``nth`` times.
    """
    if not phrase:
        raise InspectionGraphError("give a phrase of at least one character")
    found = occurrences(text, phrase)
    if not found:
        hint = ""
        folded = occurrences(text.casefold(), phrase.casefold())
        if folded and len(text.casefold()) == len(text):
            hint = f" (it occurs with other capitals at {folded[0][0]})"
        elif any(c in text for c in "‘’“”") and any(c in phrase for c in "'\""):
            hint = " (the text has curly quotes: write ’ or “ ” in the phrase)"
        raise InspectionGraphError(f"{phrase!r} does not occur in the text{hint}")
    if nth < 1 or nth > len(found):
        raise InspectionGraphError(f"--nth {nth}: {phrase!r} occurs {len(found)} "
                                   f"time{'s' if len(found) > 1 else ''}")
    return SpanMatch(phrase, found[nth - 1], found)
