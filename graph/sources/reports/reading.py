"""Ofsted's published inspection reports (PDF): reading and recognising them.

:func:`read_report` extracts a report's text page by page
(:mod:`graph.pdftext`) and recognises the council, the framework and type,
the fieldwork and publication dates, the lead inspector(s), the judgement
table, the "what needs to improve" items and every narrative paragraph.
Every fact carries :class:`Span` evidence: page number and character offsets
into that page's text. Nothing of the report's wording is kept beyond what a
fact needs (grades, dates, names); the paragraphs are spans, classified by
:mod:`graph.report_classify`.

:func:`import_reports` (in :mod:`graph.report_graph`) turns what was read into
one named graph per report and puts it in a store.

Examples
--------
>>> parse_date_range("25 February to 8 March 2019")
('2019-02-25', '2019-03-08')
>>> parse_date_range("9–24 November 2017")
('2017-11-09', '2017-11-24')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.errors import ReportError

__all__ = ["Span", "ReportJudgement", "ReportItem", "ReportFacts", "UncertainRead", "read_report",
           "read_pages", "parse_date_range", "GRADES", "ILACS_AREAS",
           "SIF_AREAS"]

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|" \
         r"December)"
# "to" and every dash reports print between two dates (hyphens, en and em dashes, the minus
# sign, box-drawing and full-width dashes)
_DASH = r"(?:\bto\b|\buntil\b|[-‐‑‒–—―−─━⁃﹘﹣－~])"


def _words(phrase: str) -> str:
    """A regex matching ``phrase`` with any whitespace (line breaks too) between words."""
    return r"\s+".join(re.escape(w).replace("’", "['’]").replace("'", "['’]")
                       for w in phrase.split())


# Grades as written, longest first (so that "requires improvement to be good" wins).
GRADES: list[tuple[str, str]] = [
    ("requires improvement to be good", "requires-improvement"),
    ("requires improvement", "requires-improvement"),
    ("require improvement to be good", "requires-improvement"),
    ("require improvement", "requires-improvement"),
    ("outstanding", "outstanding"),
    ("inadequate", "inadequate"),
    ("good", "good"),
]
GRADE_ALT = "|".join(_words(g) for g, _ in GRADES)
GRADE_RE = re.compile(r"\b(?:" + GRADE_ALT + r")\b", re.I)


def grade_of(text: str) -> str:
    """The grade concept of a grade as written.

    >>> grade_of("Requires Improvement"), grade_of("good")
    ('requires-improvement', 'good')
    """
    norm = " ".join(text.lower().split())
    for written, concept in GRADES:
        if norm == written:
            return concept
    raise ValueError(text)


# Judgement-table labels of each framework, longest first.
ILACS_AREAS: list[tuple[str, str]] = [
    ("impact of leaders on social work practice with children and families",
     "impact-of-leaders"),
    ("experiences and progress of children who need help and protection",
     "help-and-protection"),
    ("experiences and progress of children in care and care leavers",
     "children-in-care-and-care-leavers"),
    ("experiences and progress of children in care", "children-in-care"),
    ("experiences and progress of care leavers", "care-leavers"),
    ("overall effectiveness", "overall-effectiveness"),
]
SIF_AREAS: list[tuple[str, str]] = [
    ("children who need help and protection", "help-and-protection"),
    ("children looked after and achieving permanence", "looked-after-and-permanence"),
    ("adoption performance", "adoption"),
    ("experiences and progress of care leavers", "care-leavers"),
    ("leadership, management and governance", "leadership-management-governance"),
]
BULLETS = "◼•▪■●◦‣"
_ALPHA = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, order=True)
class Span:
    """Evidence: characters ``[start, end)`` of page ``page`` (1-based) of the report's text."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class ReportJudgement:
    """One row of the judgement table."""

    area: str
    grade: str
    span: Span


@dataclass
class ReportItem:
    """A recommendation or a narrative paragraph: its spans, its text (the spans' words with
    line breaks, bullets and page breaks joined), its section and its classification;
    ``stated_polarity`` is set where the report's own heading says strength or area for
    improvement."""

    number: int
    spans: list[Span]
    themes: list[str] = field(default_factory=list)
    polarity: str | None = None
    confidence: float = 0.0
    section: str | None = None
    text: str = ""
    stated_polarity: str | None = None


@dataclass(frozen=True)
class UncertainRead:
    """A judgement the reader could not confirm: not written as a grade."""

    area: str
    page: int
    reason: str
    grades: tuple[str, ...] = ()
    span: Span | None = None


@dataclass
class ReportFacts:
    """Everything recognised in one report, with evidence spans and the items' text."""

    path: str
    sha256: str
    page_count: int
    extractor: str
    framework: str
    type: str
    title_span: Span
    council_name: str
    council_span: Span
    gss: str | None = None
    dfe_code: str | None = None
    council_label: str | None = None
    start: str | None = None
    end: str | None = None
    periods: list[tuple[str, str]] = field(default_factory=list)
    dates_span: Span | None = None
    published: str | None = None
    published_span: Span | None = None
    published_from: str | None = None
    lead_inspectors: list[tuple[str, Span]] = field(default_factory=list)
    judgements: list[ReportJudgement] = field(default_factory=list)
    recommendations: list[ReportItem] = field(default_factory=list)
    passages: list[ReportItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    uncertain: list[UncertainRead] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return Path(self.path).name

    def judgement(self, area: str) -> str | None:
        """The grade given to ``area``, or None."""
        return next((j.grade for j in self.judgements if j.area == area), None)


# --- dates ---------------------------------------------------------------------------------
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH + r")(?:\s+(\d{4}))?",
                             re.I)


def _iso(day: int, month: int, year: int) -> str:
    return date(year, month, day).isoformat()


def parse_date_range(text: str) -> tuple[str, str]:
    """Start and end (ISO dates) of a range as reports write it.

    Raises
    ------
    ValueError
        The text is not a date range.

    >>> parse_date_range("18 March 2014 – 09 April 2014")
    ('2014-03-18', '2014-04-09')
    >>> parse_date_range("11 – 22 July 2022")
    ('2022-07-11', '2022-07-22')
    """
    text = " ".join(text.split())
    numeric = re.findall(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if len(numeric) == 2:
        (d1, m1, y1), (d2, m2, y2) = numeric
        return _iso(int(d1), int(m1), int(y1)), _iso(int(d2), int(m2), int(y2))
    parts = re.split(r"\s*" + _DASH + r"\s*", text, maxsplit=1)
    if len(parts) != 2:
        raise ValueError(text)
    right = _DAY_MONTH_YEAR.search(parts[1])
    if right is None or right.group(3) is None:
        raise ValueError(text)
    end_day, end_month, end_year = int(right.group(1)), MONTHS[right.group(2).lower()], \
        int(right.group(3))
    left = _DAY_MONTH_YEAR.search(parts[0])
    if left is not None:
        start_day, start_month = int(left.group(1)), MONTHS[left.group(2).lower()]
        start_year = int(left.group(3)) if left.group(3) else (
            end_year if start_month <= end_month else end_year - 1)
    else:
        day = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", parts[0].strip())
        if day is None:
            raise ValueError(text)
        start_day, start_month, start_year = int(day.group(1)), end_month, end_year
    return _iso(start_day, start_month, start_year), _iso(end_day, end_month, end_year)


def parse_periods(text: str) -> list[tuple[str, str]]:
    """The fieldwork periods of a dates line: one range, or several joined by "and", commas
    or semicolons (a period without its year takes the next one's).

    Raises
    ------
    ValueError
        A part is not a date range.

    >>> parse_periods("8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019")
    [('2019-07-08', '2019-07-12'), ('2019-08-07', '2019-08-08')]
    >>> parse_periods("2 to 6 March and 16 to 18 March 2015")
    [('2015-03-02', '2015-03-06'), ('2015-03-16', '2015-03-18')]
    >>> parse_periods("12 January 2016 – 3 February 2016 and 15 February 2016")[-1]
    ('2016-02-15', '2016-02-15')
    """
    text = " ".join(text.split()).rstrip(" .")
    parts = [p for p in re.split(r"\s*(?:\band\b|;|,(?!\s*\d{4}))\s*", text) if p]
    if len(parts) == 1:
        return [parse_date_range(parts[0])]
    periods: list[tuple[str, str] | None] = []
    for part in parts:
        try:
            periods.append(parse_date_range(part))
        except ValueError:
            one = _single_date(part) if re.fullmatch(r"\s*\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+"
                                                     r"\d{4}\s*", part) else None
            periods.append((one, one) if one else None)  # a single day
    for k in range(len(parts) - 1, -1, -1):
        if periods[k] is None:
            year = re.search(r"\b(\d{4})\b", " ".join(parts[k + 1:]))
            if year is None or re.search(r"\d{4}", parts[k]):
                raise ValueError(text)
            periods[k] = parse_date_range(parts[k] + " " + year.group(1))
    return [p for p in periods if p is not None]


def _single_date(text: str) -> str | None:
    m = _DAY_MONTH_YEAR.search(text)
    if m is None or m.group(3) is None:
        return None
    return _iso(int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3)))


# --- recognising the kind of report ----------------------------------------------------------
_KINDS: list[tuple[str, str, str]] = [
    # (regex on the first page, framework, type)
    (r"Focused\s+visit\s+to", "ilacs", "focused-visit"),
    (r"Monitoring\s+visit\s+(?:to|of)", "ilacs", "monitoring-visit"),
    (r"Inspection\s+of\s+looked\s+after\s+children\s+services", "lac", "lac-inspection"),
    (r"(?:Re-)?inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+"
     r"protection", "sif", "sif-inspection"),
    (r"Review\s+of\s+the\s+effectiveness\s+of\s+the\s+Local\s+Safeguarding\s+Children\s+Board",
     "sif", "lscb-review"),
    (r"Inspection\s+of\s+(?:[^\n]{0,80}\s+){0,3}?(?:local\s+authority\s+)?children['’]s\s+"
     r"(?:social\s+care\s+)?services", "ilacs", "standard"),
]


def _kind(first: str, path: Path) -> tuple[str, str, re.Match]:
    hits = []
    for pattern, framework, itype in _KINDS:
        m = re.search(pattern, first[:1500], re.I)
        if m is not None:
            hits.append((m.start(), framework, itype, m))
    if not hits:
        raise ReportError(path, "not an Ofsted children's services inspection report (no "
                                "ILACS, SIF or visit title on its first page)")
    hits.sort(key=lambda h: h[0])
    _, framework, itype, m = hits[0]
    return framework, itype, m


def _council_name(first: str, framework: str, itype: str, title: re.Match) -> tuple[str, Span]:
    """The council's name as the report writes it, and where."""
    text = first
    if framework == "ilacs":
        m = re.search(r"(?:Inspection|visit)\s+(?:of|to)\s+(?:the\s+)?(?P<name>[^\n]+(?:\n"
                      r"[^\n]+)?)\s+(?:local\s+authority\s+)?children['’]s\s+services",
                      text[:600], re.I)
        if m is not None and not re.match(r"(?:local\s+authority|children)", m.group("name"),
                                          re.I):
            name = m.group("name")
            name = re.sub(r"\s+local\s+authority$", "", name.strip(), flags=re.I)
            return " ".join(name.split()), Span(1, m.start("name"),
                                                m.start("name") + len(name))
    if itype == "lac-inspection":
        after = re.search(r"services\s*\n\s*(?P<name>[^\n]+)", text[title.start():], re.I)
        if after is not None:
            start = title.start() + after.start("name")
            name = after.group("name").strip()
            return name, Span(1, start, start + len(name))
    # the name is written above the title, on one or two lines
    head = text[:title.start()]
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]*\S[^\n]*", head)]
    lines = [(s, ln) for s, ln in lines if not re.fullmatch(r"\s*\d+\s*", ln)][-2:]
    if not lines:
        raise ValueError("no council name")
    start = lines[0][0] + len(lines[0][1]) - len(lines[0][1].lstrip())
    end = lines[-1][0] + len(lines[-1][1].rstrip())
    return " ".join(text[start:end].split()), Span(1, start, end)


# --- page structure ------------------------------------------------------------------------
@dataclass
class _Block:
    page: int
    start: int
    end: int
    lines: list[str]  # not changed once the block is made (its text is kept)
    starts: list[int]  # where each line starts in its page
    _text: str | None = field(default=None, init=False, repr=False, compare=False)
    _lowered: str | None = field(default=None, init=False, repr=False, compare=False)
    _odd_case: bool = field(default=False, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = " ".join(ln.strip() for ln in self.lines)
        return self._text

    def mentions(self, words: tuple[str, ...]) -> bool:
        """Whether a case-insensitive pattern whose every match holds one of ``words``
        (lower-case) may match in the block: one is in its text, or the text holds one
        of the letters that match an ASCII letter only under case folding."""
        if self._lowered is None:  # once per block
            self._lowered = self.text.lower()
            self._odd_case = any(c in self.text for c in _ODD_CASE_LETTERS)
        if self._odd_case:
            return True
        lowered = self._lowered
        for word in words:
            if word in lowered:
                return True
        return False

    @property
    def first(self) -> str:
        return self.lines[0].strip()


_PARAGRAPH_NUMBER = re.compile(r"\s{0,3}\d{1,3}\.\s+\S")
# a heading a report may print on the line just above its section's first paragraph, with
# no blank line between: it ends the block (the section's kind is read from it)
_GLUED_HEAD = re.compile(r"\s*(?:Executive\s+summary|Summary\s+of\s+findings|Information\s+"
                         r"about\s+th(?:is|e)\s+[A-Za-z ]{3,50}?|"
                         r"The\s+inspection\s+team|Contents|(?:Previous|Other)\s+Ofsted\s+"
                         r"inspections|Service\s+information|About\s+this\s+inspection)"
                         r"\s*\d?\s*$", re.I)


def _ends_sentence(line: str) -> bool:
    """Whether a line (right-stripped) ends a sentence: ``.``, ``!`` or ``?``, perhaps
    before a closing quote or bracket.

    >>> _ends_sentence("they said so.’"), _ends_sentence("e.g. the plan")
    (True, False)
    """
    if not line:
        return False
    if line[-1] in _STOPS:
        return True
    return line[-1] in _CLOSERS and len(line) > 1 and line[-2] in _STOPS


_STOPS, _CLOSERS = ".!?", "'’”)"
_PAGE_NUMBER = re.compile(r"\d{1,3}")
_LINE_ENDS_CLAUSE = re.compile(r"[.:?!]$")
_CONTENTS_LINE = re.compile(r"\s\d{1,3}$")


def _blocks(pages: list[str]) -> list[_Block]:
    """Paragraph-sized runs of lines of every page, with their offsets.

    A run ends at a blank line, before a numbered paragraph or a bullet, and
    after a short line ending a sentence (reports do not always leave a blank
    line between paragraphs). Page numbers are dropped.
    """
    out = []
    for number, page in enumerate(pages, start=1):
        page_lines = page.split("\n")
        lengths = sorted(len(ln.rstrip()) for ln in page_lines if ln.strip())
        width = lengths[int(len(lengths) * 0.9)] if lengths else 80
        pos, current, begin, end, starts = 0, [], None, None, []
        for line in page_lines + [""]:
            stripped = line.strip()
            if current and stripped and (
                    _PARAGRAPH_NUMBER.match(line) or _is_bullet(line)
                    or (len(current) == 1 and _GLUED_HEAD.match(current[0]) is not None)
                    or (_ends_sentence(current[-1].rstrip())
                        and len(current[-1].rstrip()) < 0.75 * width
                        and not _is_bullet(current[0]) and len(line) - len(line.lstrip()) < 4
                        and stripped[:1].isupper())):
                out.append(_Block(number, begin, end, current, starts))
                current, begin = [], None
            if stripped and not _PAGE_NUMBER.fullmatch(stripped):
                if begin is None:
                    begin = pos + len(line) - len(line.lstrip())
                    starts = []
                current.append(line)
                starts.append(pos)
                end = pos + len(line.rstrip())
            elif current:
                out.append(_Block(number, begin, end, current, starts))
                current, begin = [], None
            pos += len(line) + 1
    return out


def _is_bullet(line: str) -> bool:
    s = line.lstrip()
    return bool(s) and (s[0] in BULLETS or "\ue000" <= s[0] <= "\uf8ff"
                        or (s[0] in "-–−" and len(s) > 2 and s[1] == " "))


_NUMBERED = re.compile(r"\s*(\d{1,3})\.\s+\S")
_RECS_HEAD = re.compile(r"\s*(?:What\s+needs\s+to\s+improve|What\s+does\s+the\s+(?:local\s+"
                        r"authority|LSCB)\s+need\s+to\s+improve|Recommendations|Areas\s+for\s+"
                        r"improvement|Priority\s+(?:and\s+immediate\s+)?actions?)\s*\??\s*\d?\s*:?\s*$",
                        re.I)
_RECS_HEAD_WORDS = ("what", "recommendations", "areas", "priority")  # one in every match
# headings that end a list of recommendations whatever follows them (the numbering of SIF
# reports runs on into the findings, so a heading is a topic sub-heading only when it is not
# one of these and the list carries on after it)
_LIST_END = re.compile(
    r"\s*(?:(?:Executive\s+)?Summary|Contents|(?:Other\s+)?Information\s+about|Inspection\s+"
    r"findings|Inspection\s+judgements?|(?:The\s+)?graded\s+judgement|What\s+the\s+inspection\s+"
    r"judge?ments?|The\s+experiences\s+and\s+progress|The\s+impact\s+of\s+leaders|Children['’]s\s+"
    r"experiences|Overall\s+effectiveness|Capacity\s+to\s+improve|Record\s+of\s+main|"
    r"Section\s+\d|The\s+local\s+authority\s*$|The\s+inspection\s+team|Progress\s+since|Key\s+"
    r"(?:strengths|weaknesses|findings|judge?ments?)|Next\s+steps|Annex|About\s+this)", re.I)
_LIST_END_WORDS = re.compile(r"\bstrengths?\b|\bweakness(?:es)?\b|\bfindings?\b|\bsummary\b|"
                             r"\bjudge?ments?\b", re.I)
_NO_ITEMS = re.compile(r"did\s+not\s+(?:find|identify)\s+any|there\s+(?:are|were)\s+no\s+"
                       r"(?:[\w-]+\s+){0,3}?(?:areas|recommendations|actions?)\b|\bno\s+(?:[\w-]+\s+){0,3}?"
                       r"(?:areas|recommendations|actions?)\s+(?:were|was|have\s+been|has\s+been)\s+"
                       r"(?:identified|found|made)", re.I)
_BOILERPLATE = re.compile(r"Ofsted\s+produces\s+this\s+report|Office\s+for\s+Standards\s+in\s+"
                          r"Education|Open\s+Government\s+Licence|Crown\s+copyright|"
                          r"Piccadilly\s+Gate|enquiries@ofsted|www\.gov\.uk/ofsted|"
                          r"ofsted\.gov\.uk|Textphone|eepurl|publication\s+is\s+available\s+at|"
                          r"non-commercial\s+educational\s+purposes|regular\s+email\s+alerts|"
                          r"large\s+print\s+or\s+Braille", re.I)
# one of these (lowered) is in every text _BOILERPLATE finds, unless the text holds one of
# the letters that match an ASCII letter under re.I but lower to something else
_BOILERPLATE_WORDS = ("ofsted", "office", "open", "crown", "piccadilly", "textphone", "eepurl",
                      "publication", "commercial", "email", "braille")
_ODD_CASE_LETTERS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _is_boilerplate(block: _Block) -> bool:
    """Whether a block holds Ofsted's publishing boilerplate (:data:`_BOILERPLATE`), the
    pattern tried only on the blocks that mention one of its words (most do not).

    >>> _is_boilerplate(_Block(1, 0, 22, ["© Crown  copyright 2019"], [0]))
    True
    """
    return block.mentions(_BOILERPLATE_WORDS) and _BOILERPLATE.search(block.text) is not None


_SKIP_SECTIONS = re.compile(r"\s*(?:Annex\s+[A-Z]\s*:\s*)?(?:Information\s+about\s+th(?:is|e)|"
                            r"Contents|The\s+inspection\s+team|"
                            r"Children\s+living\s+in\s+this\s+area|Child\s+protection\s+in\s+"
                            r"this\s+area|Children\s+looked\s+after\s+in\s+this\s+area|"
                            r"Previous\s+Ofsted\s+inspections|Local\s+leadership|Other\s+"
                            r"Ofsted\s+inspections|Service\s+information|About\s+this\s+"
                            r"inspection|The\s+inspection\s+judgements|Record\s+of\s+main|"
                            r"Ofsted\s+inspection\s+judgements)", re.I)


def _is_heading(block: _Block) -> bool:
    text = block.text
    if len(block.lines) > 3 or len(text) > 160 or _is_bullet(block.lines[0]):
        return False
    if _NUMBERED.match(block.lines[0]):
        return False
    return not re.search(r"[.;]\s*(?:\d+)?$", text) or _RECS_HEAD.match(text) is not None


def _item_starts(block: _Block) -> list[int]:
    """Indexes of the lines of ``block`` that start a bullet or numbered item."""
    return [i for i, ln in enumerate(block.lines) if _is_bullet(ln) or _NUMBERED.match(ln)]


def _line_offsets(block: _Block) -> list[tuple[int, int]]:
    """(start, end) of each line of a block in its page, leading/trailing spaces excluded."""
    return [(pos + len(line) - len(line.lstrip()), pos + len(line.rstrip()))
            for pos, line in zip(block.starts, block.lines, strict=True)]


_GLYPHS = re.compile("[" + BULLETS + "\ue000-\uf8ff]")


def item_text(pages: list[str], spans: list[Span]) -> str:
    """The words of ``spans`` as one line: layout spaces, line breaks and bullet glyphs gone.

    >>> item_text(["  Children are\\n  seen • alone."], [Span(1, 2, 30)])
    'Children are seen alone.'
    """
    text = " ".join(pages[s.page - 1][s.start:s.end] for s in spans)
    return " ".join(_GLYPHS.sub(" ", text).split())


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z‘“'\"(])")


def short_label(text: str, limit: int = 120) -> str:
    """A readable short form of a passage: its first sentence, cut at a word near ``limit``.

    >>> short_label("Leaders know their services well. They act.")
    'Leaders know their services well.'
    >>> short_label("word " * 40)[-8:]
    'word ...'
    """
    m = _SENTENCE_END.search(text, 20)  # a first "sentence" of a few characters runs on
    first = text[:m.end()] if m else text
    if len(first) <= limit:
        return first.strip()
    cut = first[:limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return cut + " ..."


# --- reading ---------------------------------------------------------------------------------
def read_pages(path: str | Path, extractor: str | None = None) -> list[str]:
    """The text of each page of a report (see :func:`graph.pdftext.extract_pages`)."""
    from graph.sources.reports.pdftext import DEFAULT_EXTRACTOR, extract_pages

    return extract_pages(path, extractor or DEFAULT_EXTRACTOR)


def read_report(path: str | Path, *, extractor: str | None = None, councils=None,
                pages: list[str] | None = None) -> ReportFacts:
    """Read one Ofsted report (PDF) and recognise what it states; no store is touched.

    Parameters
    ----------
    path : str or Path
        The report's PDF file.
    extractor : str, optional
        The text extractor (:data:`graph.pdftext.EXTRACTORS`); pdftotext by default.
    councils : graph.council_names.CouncilNames, optional
        The council-name table to resolve the council by (the bundled one, plus
        ``Provider_data_lookup.csv`` when found beside the report, by default).
    pages : list of str, optional
        The pages' text, when already extracted.

    Returns
    -------
    ReportFacts

    Raises
    ------
    ReportError
        The file is not a PDF, is corrupt, has no text layer, is not an Ofsted
        report, or names a council that cannot be resolved.
    """
    from graph.sources.council_names import CouncilNames
    from graph.sources.reports import classify as report_classify
    from graph.sources.reports.pdftext import DEFAULT_EXTRACTOR, file_sha256

    path = Path(path)
    extractor = extractor or DEFAULT_EXTRACTOR
    if pages is None:
        pages = read_pages(path, extractor)
    first = pages[0]
    framework, itype, title = _kind(first, path)
    try:
        name, name_span = _council_name(first, framework, itype, title)
    except ValueError:
        raise ReportError(path, "no council name found on the first page") from None
    councils = councils or _councils_for(path, CouncilNames)
    council = councils.resolve(name, folder=path.parent.name)
    if council is None:
        raise ReportError(path, f"council {name!r} not recognised (give the Ofsted lookup CSV "
                                "with --lookup, or name the folder '{URN}_{council}')")
    facts = ReportFacts(str(path), file_sha256(path), len(pages), extractor, framework, itype,
                        Span(1, title.start(), title.end()), name, name_span, council.gss,
                        council.dfe_code, council.name)
    _dates(facts, pages)
    _published(facts, pages, path)
    _lead_inspectors(facts, pages)
    blocks = _blocks(pages)
    if framework == "ilacs" and itype in ("standard", "short"):
        _ilacs_judgements(facts, pages)
        if facts.periods:  # days on site, over every fieldwork period
            days = sum((date.fromisoformat(e) - date.fromisoformat(s)).days
                       for s, e in facts.periods)
            facts.type = "short" if days <= 7 else "standard"
    elif framework == "sif":
        _sif_judgements(facts, pages)
    elif framework == "lac":
        facts.warnings.append("2012-13 looked after children inspection: its judgements use the "
                              "'adequate' grade, which the grade scheme does not hold; not "
                              "imported")
    facts.uncertain = [u for u in facts.uncertain if facts.judgement(u.area) is None]
    rec_blocks = _recommendations(facts, blocks, pages)
    _passages(facts, blocks, pages, rec_blocks)
    for item in facts.recommendations + facts.passages:
        item.text = item_text(pages, item.spans)
    report_classify.classify_items(facts, pages)
    return facts


_COUNCILS: dict[tuple, object] = {}


def _councils_for(path: Path, names):
    """The council-name table for a report (:meth:`CouncilNames.for_report`), made once per
    lookup file (and again when the file changes)."""
    from graph.sources.council_names import find_lookup

    lookup = find_lookup(path.resolve().parent)
    if lookup is None:
        key: tuple = (None,)
    else:
        stat = Path(lookup).stat()
        key = (str(Path(lookup).resolve()), stat.st_mtime_ns, stat.st_size)
    table = _COUNCILS.get(key)
    if table is None:
        table = names.bundled()
        if lookup is not None:
            table.add_lookup(lookup)
        _COUNCILS.clear()
        _COUNCILS[key] = table
    return table


def _dates(facts: ReportFacts, pages: list[str]) -> None:
    first = pages[0]
    # the line, and the next one when the dates wrap ("... to" / "8 August 2019")
    m = re.search(r"(?:Inspection|Visit|Review)\s+dates?\s*:?[ \t]*(?P<d>[^\n]+(?:\n[ \t]*"
                  r"\d[^\n]*(?<=\d{4}))?)", first, re.I)
    if m is not None and not re.search(r"(?:\band|,|;|" + _DASH + r")\s*$", m.group("d")
                                       .split("\n")[0]):
        m = re.search(r"(?:Inspection|Visit|Review)\s+dates?\s*:?[ \t]*(?P<d>[^\n]+)", first,
                      re.I)
    if m is None:
        facts.warnings.append("no inspection dates found on the first page")
        return
    text = m.group("d")
    try:
        facts.periods = parse_periods(text)
    except ValueError:
        one = _single_date(text)
        if one is None or len(_DAY_MONTH_YEAR.findall(text)) > 1 or \
                len(re.findall(r"\b\d{1,2}\b", re.sub(r"\d{4}", "", text))) > 1:
            # two dates not read as a range: no end is better than a wrong one
            facts.warnings.append(f"inspection dates not understood: {text.strip()!r}")
            return
        facts.periods = [(one, one)]
    facts.start, facts.end = facts.periods[0][0], max(e for _, e in facts.periods)
    facts.dates_span = Span(1, m.start(), m.start("d") + len(m.group("d").rstrip()))


def _published(facts: ReportFacts, pages: list[str], path: Path) -> None:
    m = re.search(r"(?:Report\s+)?published\s*:?\s*(?P<d>\d{1,2}\s+" + _MONTH + r"\s+\d{4})",
                  pages[0], re.I)
    if m is not None:
        facts.published = _single_date(m.group("d"))
        facts.published_span = Span(1, m.start(), m.end())
        facts.published_from = "text"
        return
    stem = re.search(r"(\d{1,2})[\s_-]+(" + _MONTH + r")[\s_-]+(\d{4})", path.stem, re.I)
    if stem is not None:
        facts.published = _iso(int(stem.group(1)), MONTHS[stem.group(2).lower()],
                               int(stem.group(3)))
        facts.published_from = "file name"


_TITLES = re.compile(r",?\s*\(?\s*(?:(?:Senior\s+)?(?:Her|His)\s+Majesty['’]s\s+(?:Senior\s+)?"
                     r"Inspector\b|\b(?:Senior\s+)?S?HMI\b|\bOfsted\s+Inspector\b)\s*\)?,?", re.I)
# a person's name as reports print it: given name, initials with or without a dot, a family
# name (McEntee, Thomson-Jones, O'Brien), a particle (de, van) between them
_PERSON = re.compile(r"[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.?(?![\w'’])|[A-Z][\w'’-]+|(?:de|van|von|der|"
                     r"du|da|di|le|la)(?=\s)|[A-Z]\.[A-Z]\.?)){0,3}\s+[A-Z][\w'’-]+")
_LEAD = re.compile(r"(?<![Dd]eputy )(?<![Dd]eputy\n)\b(?:Lead|Reporting)\s+inspectors?"
                   r"(?:\s+on\s+site)?(?:[ \t]*:[ \t]*\n?|\s*)[ \t]*(?P<n>[^\n]+(?:\n[ \t]*"
                   r"(?:His|Her)\s+Majesty[^\n]*)?)", re.I)
_HONORIFIC = re.compile(r"(?:Dr|Mr|Mrs|Ms|Miss|Mx)\.?\s+")


def _lead_inspectors(facts: ReportFacts, pages: list[str]) -> None:
    """The lead inspector(s): "Lead inspector:" (or "Reporting inspector", "Lead inspector on
    site") on the first page, else in the inspection team from the last page back; titles
    ("HMI", "(HMI)", "His Majesty's Inspector") removed, two names split."""
    for number in [1, *range(len(pages), 1, -1)]:
        page = pages[number - 1]
        for m in _LEAD.finditer(page):
            chunk = m.group("n")
            base = m.start("n")
            # split "A, His Majesty's Inspector, and B, His Majesty's Inspector" into names
            cleaned = _TITLES.sub(lambda t: "|" + " " * (len(t.group()) - 1), chunk)
            for part in re.finditer(r"[^|,;]+", cleaned):
                for piece in re.split(r"\s+(?:and|&)\s+", part.group()):
                    piece = _HONORIFIC.sub("", piece.strip(), count=1) \
                        if _HONORIFIC.match(piece.strip()) else piece.strip()
                    name = " ".join(piece.split()).rstrip(".")
                    if not _PERSON.fullmatch(name):
                        continue
                    start = base + part.start() + chunk[part.start():part.end()].find(piece)
                    facts.lead_inspectors.append((name, Span(number, start, start + len(name))))
            if facts.lead_inspectors:
                return
    facts.warnings.append("no lead inspector named")


def _table(facts: ReportFacts, page_no: int, text: str, areas: list[tuple[str, str]],
           limit: int | None = None) -> list[tuple[str, str, int, int]]:
    """(area, grade, start, end) of a judgement table: labels paired with grades by position."""
    masked = text if limit is None else text[:limit]
    grades = [(m.start(), m.end(), m.group()) for m in GRADE_RE.finditer(masked)]
    blank = list(masked)
    for s, e, _ in grades:
        blank[s:e] = " " * (e - s)
    blank = "".join(blank)
    found: list[tuple[int, int, str]] = []
    for label, area in areas:
        for m in re.finditer(r"(?<![\w-])" + _words(label) + r"(?![\w-])", blank, re.I):
            if any(s <= m.start() < e for s, e, _ in found):
                continue
            if area == "children-in-care" and re.match(r"\s+and\s+care", blank[m.end():]):
                continue
            found.append((m.start(), m.end(), area))
            break
    found.sort()
    rows = []
    prev_end = 0
    for i, (s, e, area) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else len(masked)
        near = [(gs, ge, g) for gs, ge, g in grades if s < gs < nxt]
        if not near:
            continue
        if len({grade_of(g) for _, _, g in near}) > 1 and area != "overall-effectiveness":
            facts.uncertain.append(UncertainRead(
                area, page_no, "two grades compete for one row of the judgement table",
                tuple(sorted({grade_of(g) for _, _, g in near})), Span(page_no, s, near[-1][1])))
            continue
        grade = near[0]
        # grade words that are no whole grade ("Requires" above the label, "improvement to
        # be" beside it) between the line above the label and the grade taken: the grade's
        # words are split around the label, so the one taken is not the row's
        above = blank.rfind("\n", 0, max(blank.rfind("\n", 0, s), 0))
        window = blank[max(above, prev_end, 0):grade[0]]
        prev_end = grade[1]
        if _STRAY_GRADE.search(window):
            facts.uncertain.append(UncertainRead(
                area, page_no, "the grade's words are split around the label: its grade is "
                "not known", (grade_of(grade[2]),), Span(page_no, s, grade[1])))
            continue
        rows.append((area, grade_of(grade[2]), min(s, grade[0]), max(e, grade[1])))
    return rows


_STRAY_GRADE = re.compile(r"\b(?:requires?|improvement)\b", re.I)


def _norm_label(text: str) -> str:
    """A table label compared by its words: numbering, "the", "The experiences and progress
    of" (some SIF tables print the long form), punctuation and case aside.

    >>> _norm_label("2. The experiences and progress of children looked after and achieving "
    ...             "permanence") == _norm_label("Children looked after and achieving permanence")
    True
    """
    text = re.sub(r"^\s*(?:\d(?:\.\d)?\.?\s+)?(?:the\s+)?", "", text.lower())
    text = re.sub(r"^experiences\s+and\s+progress\s+of\s+(?=children\s+(?:who|looked))", "",
                  text)
    return " ".join(re.sub(r"[,:;]", " ", text.replace("’", "'")).split())


def _block_rows(text: str, areas: list[tuple[str, str]],
                conflicts: list[tuple[str, tuple[str, ...], int, int]] | None = None
                ) -> list[tuple[str, str, int, int]]:
    """Rows of a judgement table laid out in two columns (pdftotext's layout mode).

    Each run of non-blank lines is one row: the text left of the grade column is
    the area's label, the text right of it the grade, however the two wrap (grade words
    above and below a one-line label too). A run of more lines (a sentence printed
    right above the table, rows without a blank line between them) is tried window by
    window. An area read with two different grades is not a row: it goes to
    ``conflicts`` (area, grades, start, end) when that list is given.

    >>> _block_rows("                    Requires\\nAdoption performance    improvement to be\\n"
    ...             "                    good", SIF_AREAS)[0][:2]
    ('adoption', 'requires-improvement')
    """
    labels = {_norm_label(label): area for label, area in areas}
    found: dict[str, list[tuple[str, int, int]]] = {}
    for m in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        lines = m.group().rstrip("\n").split("\n")
        offsets = [m.start()]
        for line in lines[:-1]:
            offsets.append(offsets[-1] + len(line) + 1)
        sizes = range(len(lines), 0, -1) if len(lines) <= 8 else range(6, 0, -1)
        taken: list[tuple[int, int]] = []
        for size in sizes:
            for a in range(len(lines) - size + 1):
                b = a + size
                if any(a < tb and ta < b for ta, tb in taken):
                    continue  # inside a window already read as a row
                row = _row_of(lines[a:b], labels)
                if row is None:
                    continue
                area, grade = row
                taken.append((a, b))
                start = offsets[a] + len(lines[a]) - len(lines[a].lstrip())
                end = offsets[b - 1] + len(lines[b - 1].rstrip())
                found.setdefault(area, []).append((grade, start, end))
    rows = []
    for area, reads in found.items():
        grades = tuple(sorted({g for g, _, _ in reads}))
        if len(grades) > 1:
            if conflicts is not None:
                conflicts.append((area, grades, min(s for _, s, _ in reads),
                                  max(e for _, _, e in reads)))
            continue
        grade, start, end = min(reads, key=lambda r: r[1])
        rows.append((area, grade, start, end))
    rows.sort(key=lambda r: r[2])
    return rows


def _row_of(lines: list[str], labels: dict[str, str]) -> tuple[str, str] | None:
    """(area, grade) of lines that are one row of a two-column table, or None."""
    cols = []
    for line in lines:
        indent = len(line) - len(line.lstrip())
        gap = list(re.finditer(r"\S(\s{3,})(?=\S)", line))
        if gap:
            cols.append(gap[-1].end())
        elif indent >= 20:
            cols.append(indent)
    if not cols:
        return None
    x = min(cols)
    left = " ".join(ln[:x].strip() for ln in lines if ln[:x].strip())
    right = " ".join(ln[x:].strip() for ln in lines if ln[x:].strip())
    area = labels.get(_norm_label(left))
    if area is None:
        return None
    try:
        return area, grade_of(right)
    except ValueError:
        return None


def _ilacs_judgements(facts: ReportFacts, pages: list[str]) -> None:
    for page_no in (1, 2):
        if page_no > len(pages):
            break
        text = pages[page_no - 1]
        conflicts: list = []
        rows = _block_rows(text, ILACS_AREAS, conflicts)
        for area, grades, s, e in conflicts:
            facts.uncertain.append(UncertainRead(
                area, page_no, "two grades compete for one row of the judgement table", grades,
                Span(page_no, s, e)))
        if len(rows) < 4:
            head = re.search(r"Judgement\s+Grade", text)
            begin = head.start() if head else 0
            end_m = re.search(_words("overall effectiveness") + r"\s*(?:" + GRADE_ALT + r")",
                              text[begin:], re.I)
            limit = begin + end_m.end() if end_m else None
            rows = [r for r in _table(facts, page_no, text[:limit] if limit else text,
                                      ILACS_AREAS)
                    if r[2] >= begin and r[0] not in {c[0] for c in conflicts}]
        if rows:
            for area, grade, s, e in rows:
                facts.judgements.append(ReportJudgement(area, grade, Span(page_no, s, e)))
            break
    areas = {j.area for j in facts.judgements}
    expected = {"overall-effectiveness", "impact-of-leaders", "help-and-protection"}
    if not expected <= areas or not ({"children-in-care-and-care-leavers"} & areas or
                                     {"children-in-care", "care-leavers"} <= areas):
        facts.warnings.append("judgement table incomplete: found "
                              + (", ".join(sorted(areas)) or "nothing"))
        needed = ["overall-effectiveness", "impact-of-leaders", "help-and-protection"]
        if not {"children-in-care", "care-leavers"} & areas:
            needed.append("children-in-care-and-care-leavers")
        elif "children-in-care-and-care-leavers" not in areas:
            needed += ["children-in-care", "care-leavers"]
        _unread(facts, [a for a in needed if a not in areas])


# a grade word that goes on as a description ("is good at", "are outstanding in") is no
# judgement
_NOT_GOOD_AT = r"(?!\s+(?:at|in|for|with|and|but|if|when|where|to\s+(?!be\s+good)))"
_SIF_OVERALL = re.compile(
    r"(?:overall\s+judgement\s+is\s+(?:that\s+)?(?:(?:the\s+)?(?:local\s+authority['’]s\s+)?"
    r"children['’]s\s+services\s+(?:are|is|requires?)\s+)?|Children['’]s\s+services\s+in\s+"
    r"(?:[^.\n]|\n(?![ \t]*\n)){2,120}?\s+(?:are|is|requires?)\s+)"
    r"(?:(?:judged|rated|found)\s+(?:to\s+be\s+|as\s+)?)?"
    r"(?P<g>" + GRADE_ALT + r"|improvement\s+to\s+be\s+good|improvement)\b" + _NOT_GOOD_AT, re.I)
_LSCB_LEAD = r"(?:The\s+effectiveness\s+of\s+)?(?:the\s+)?"
_LSCB_CORE = re.compile(r"(?:Local\s+Safeguarding\s+Children\s+Board\s*(?:\(LSCB\)\s*)?|"
                        r"(?<![\w-])(?<![Aa]n )LSCB\s+)(?:is\s+|(?=requires))(?P<g>" + GRADE_ALT
                        + r")\b" + _NOT_GOOD_AT, re.I)
# the sentence stating the LSCB's grade (found as core, then lead: see _lscb_matches)
_LSCB = re.compile(_LSCB_LEAD + _LSCB_CORE.pattern, re.I)
_LSCB_LEAD_END = re.compile(_LSCB_LEAD + r"\Z", re.I)


def _lscb_matches(text: str):
    """``(start, end, grade words)`` of each match of :data:`_LSCB` in ``text``, as
    ``finditer`` finds them, several times faster: the core (the board's name and the
    grade, which no lead word can start) is found first, then the longest lead before
    it, after the previous match.

    >>> list(_lscb_matches("The effectiveness of the LSCB is good. An LSCB is good"))
    [(0, 37, 'good')]
    """
    after = 0
    for m in _LSCB_CORE.finditer(text):
        lead = _LSCB_LEAD_END.search(text, after, m.start())
        yield (m.start() if lead is None else lead.start()), m.end(), m.group("g")
        after = m.end()
# the title of a SIF report that includes the review of the LSCB
_WITH_LSCB_REVIEW = re.compile(r"Review\s+of\s+the\s+effectiveness\s+of\s+the\s+Local\s+"
                               r"Safeguarding\s+Children\s+Board", re.I)
# the SIF table with the overall row some layouts print in it
SIF_TABLE = [("overall effectiveness", "overall-effectiveness"), *SIF_AREAS]
_SIF_ORDER = [area for _, area in SIF_AREAS]


def _unread(facts: ReportFacts, areas: list[str],
            reason: str = "no row of the judgement table found for this area") -> None:
    """An uncertain read for each area of the table no row was found for (unless one was
    recorded already)."""
    page = min((j.span.page for j in facts.judgements), default=1)
    known = {u.area for u in facts.uncertain}
    for area in areas:
        if area not in known:
            facts.uncertain.append(UncertainRead(area, page, reason))


def _table_head(text: str) -> str:
    """The top of a page up to its first paragraph of prose: where a judgement table
    broken by the page break goes on."""
    end = 0
    for m in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        lines = [ln for ln in m.group().split("\n") if ln.strip()]
        prose = [ln for ln in lines if len(ln.strip()) > 50 and not re.search(r"\S\s{3,}\S", ln)]
        if len(lines) > 4 or prose:
            break
        end = m.end()
    return text[:end]


def _sif_rows(facts: ReportFacts, pages: list[str]) -> list[tuple[int, str, str, int, int]]:
    """(page, area, grade, start, end) of the SIF judgement table: on page 1 (or 2), and
    where a page break cuts the table, the rows at the top of the next page."""
    conflicts: list[tuple[int, tuple[str, tuple[str, ...], int, int]]] = []
    rows: list[tuple[int, str, str, int, int]] = []
    best: tuple[list, list] = ([], [])
    for page_no in (1, 2):
        if page_no > len(pages):
            continue
        text = pages[page_no - 1]
        found: list = []
        page_rows = _block_rows(text, SIF_TABLE, found)
        conflicts += [(page_no, c) for c in found]
        if len(page_rows) < 5:  # the rows not read as two columns, paired by position
            have = {r[0] for r in page_rows} | {c[0] for c in found}
            page_rows += [r for r in _table(facts, page_no, text, SIF_AREAS) if r[0] not in have]
        rows = [(page_no, *r) for r in page_rows]
        if any(r[1] in _SIF_ORDER for r in rows):
            have = {r[1] for r in rows} | {c[0] for _, c in conflicts}
            missing = [a for a in _SIF_ORDER if a not in have]
            if missing and page_no < len(pages):
                # the table goes on over the page: only the areas after the last row read
                last = max(_SIF_ORDER.index(r[1]) for r in rows if r[1] in _SIF_ORDER)
                found = []
                more = _block_rows(_table_head(pages[page_no]), SIF_AREAS, found)
                conflicts += [(page_no + 1, c) for c in found]
                rows += [(page_no + 1, *r) for r in more
                         if r[0] in missing and _SIF_ORDER.index(r[0]) > last]
        if len([r for r in rows if r[1] != "overall-effectiveness"]) >= 3:
            break
        if len(rows) > len(best[0]):
            best = (rows, conflicts)
        rows, conflicts = [], []
    else:
        rows, conflicts = best  # no page holds three rows: the most read, the rest unread
    for page_no, (area, grades, s, e) in conflicts:
        facts.uncertain.append(UncertainRead(
            area, page_no, "two grades compete for one row of the judgement table", grades,
            Span(page_no, s, e)))
    return rows


def _sif_overall(facts: ReportFacts, pages: list[str],
                 row: tuple[int, str, str, int, int] | None) -> None:
    """The overall effectiveness of a SIF inspection: the sentence above the table
    ("Children's services in X require improvement to be good", "The overall judgement is
    ..."), checked against every other such sentence of the first two pages and the table's
    own overall row when it has one; any disagreement is an uncertain read."""
    reads: list[tuple[str, Span]] = []
    for page_no in (1, 2):
        if page_no > len(pages):
            break
        for m in _SIF_OVERALL.finditer(pages[page_no - 1]):
            g = m.group("g").lower()
            grade = grade_of(g if "improvement" not in g or g.startswith("require")
                             else "requires " + g)
            reads.append((grade, Span(page_no, m.start(), m.end())))
    if row is not None:
        reads.append((row[2], Span(row[0], row[3], row[4])))
    if not reads:
        return
    grades = sorted({g for g, _ in reads})
    if len(grades) > 1:
        first = reads[0][1]
        facts.uncertain.append(UncertainRead(
            "overall-effectiveness", first.page, "the overall effectiveness sentence and the "
            "judgement table (or another such sentence) give different grades", tuple(grades),
            first))
        return
    facts.judgements.insert(0, ReportJudgement("overall-effectiveness", reads[0][0],
                                               reads[0][1]))


def _lscb_judgement(facts: ReportFacts, pages: list[str]) -> None:
    """The LSCB review's grade: the first sentence that states it, unless another sentence
    of the report states a different one (an uncertain read then)."""
    reads = [(grade_of(g), Span(page_no, start, end))
             for page_no, text in enumerate(pages, start=1)
             if "lscb" in (low := text.lower()) or "safeguarding" in low  # in every match
             for start, end, g in _lscb_matches(text)]
    if not reads:
        return
    grades = sorted({g for g, _ in reads})
    if len(grades) > 1:
        facts.uncertain.append(UncertainRead(
            "lscb-review", reads[0][1].page, "the report states two grades for the LSCB",
            tuple(grades), reads[0][1]))
        return
    facts.judgements.append(ReportJudgement("lscb-review", reads[0][0], reads[0][1]))


def _sif_judgements(facts: ReportFacts, pages: list[str]) -> None:
    if facts.type == "sif-inspection":
        rows = _sif_rows(facts, pages)
        overall = next((r for r in rows if r[1] == "overall-effectiveness"), None)
        for page_no, area, grade, s, e in rows:
            if area != "overall-effectiveness":
                facts.judgements.append(ReportJudgement(area, grade, Span(page_no, s, e)))
        _sif_overall(facts, pages, overall)
    _lscb_judgement(facts, pages)
    areas = {j.area for j in facts.judgements}
    if facts.type == "sif-inspection":
        expected = {"overall-effectiveness", "help-and-protection", "looked-after-and-permanence",
                    "adoption", "care-leavers", "leadership-management-governance"}
        if not expected <= areas:
            facts.warnings.append("judgement table incomplete: missing "
                                  + ", ".join(sorted(expected - areas)))
            _unread(facts, sorted(expected - areas))
    if "lscb-review" not in areas and (facts.type != "sif-inspection" or _WITH_LSCB_REVIEW.search(
            pages[0][:1500])):
        facts.warnings.append("no LSCB judgement found")
        _unread(facts, ["lscb-review"], "the report reviews the LSCB but no sentence states "
                                        "its grade")


def _marker(line: str) -> tuple[int, str] | None:
    """(indent, kind) of a line that opens an item: ``number`` or the bullet character."""
    if _NUMBERED.match(line):
        return len(line) - len(line.lstrip()), "number"
    if _is_bullet(line):
        s = line.lstrip()
        return len(line) - len(s), s[0]
    return None


def _is_sub_item(marker: tuple[int, str], base: tuple[int, str] | None) -> bool:
    """Whether an item line is a sub-bullet of the list's current item (deeper or
    another marker than the list's own items)."""
    if base is None:
        return False
    indent, kind = marker
    if base[1] == "number":
        return kind != "number"
    return kind == "number" or kind != base[1] or indent > base[0] + 1


def _real_heading(block: _Block) -> bool:
    """A heading that ends a list of recommendations whatever follows it (a section, summary,
    findings, strengths or judgement heading), as opposed to a topic sub-heading."""
    first = block.first
    if _RECS_HEAD.match(first):  # "Priority and immediate action" inside the list
        return bool(_LSCB_HEAD.search(first))
    two = " ".join(ln.strip() for ln in block.lines[:2])
    return bool(_LIST_END.match(first) or _LIST_END_WORDS.search(first)
                or _LSCB_SECTION.fullmatch(first.strip()) or _LSCB_SECTION.fullmatch(two)
                or _is_boilerplate(block)
                or re.search(r"(?::|\s{3,})\s*(?:" + GRADE_ALT + r")\s*$", block.text, re.I)
                or re.search(r"\s{3,}(?:" + GRADE_ALT + r")\s*$", first, re.I))


def _page_furniture(block: _Block) -> bool:
    """A running header or footer: a short block whose last line ends in a page number."""
    return len(block.lines) <= 2 and re.search(r"\S\s{3,}\d{1,3}\s*$", block.lines[-1]) \
        is not None


def _list_goes_on(blocks: list[_Block], j: int, base: tuple[int, str] | None,
                  last_number: int) -> bool:
    """Whether block ``j`` (after a topic sub-heading) carries on the list: an item of the
    list's kind (numbered on from the last one, or the same bullet), or any item when the
    list has none yet."""
    while j < len(blocks) and _is_heading(blocks[j]) and (
            _page_furniture(blocks[j]) or not _real_heading(blocks[j])) and \
            _marker(blocks[j].lines[0]) is None:
        j += 1  # more sub-headings, a running header
    if j >= len(blocks):
        return False
    marker = _marker(blocks[j].lines[0])
    if marker is None or _narrative(blocks[j]):
        return False
    if base is None:
        return True
    if base[1] == "number":
        return marker[1] == "number" and \
            int(_NUMBERED.match(blocks[j].lines[0]).group(1)) == last_number + 1
    return marker[1] != "number" and not _is_sub_item(marker, base)


# how the paragraphs of findings start (recommendations start with what to do: "Ensure",
# "Work with partners", "In partnership with ...", or say who should)
_NARRATIVE_START = re.compile(
    r"(?:\d{1,3}\.\s+|[" + BULLETS + r"\ue000-\uf8ff]\s*)?(?:The|A|An|There|This|These|Those|It|"
    r"Its|Most|Many|Some|Children|Young|Staff|Social|Managers|Leaders|Inspectors|Although|"
    r"While|Since|Senior|Partners|Overall|However|Over|During|Despite)\b")
_SAYS_WHO_SHOULD = re.compile(r"\b(?:should|must|needs?\s+to|to\s+ensure|urgently)\b", re.I)


def _narrative(block: _Block) -> bool:
    """A paragraph of findings, not a recommendation: five lines or more, starting as
    findings do, its first sentence saying nobody should do anything."""
    text = block.text
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return len(block.lines) >= 5 and _NARRATIVE_START.match(text) is not None and \
        _SAYS_WHO_SHOULD.search(first) is None


_LSCB_HEAD = re.compile(r"LSCB|Safeguarding\s+Children['’]?s?\s+Board", re.I)
_LA_HEAD = re.compile(r"local\s+authority", re.I)
_INTRO = re.compile(r"should(?:\s+take\s+the\s+following\s+action)?\s*[:.]\s*$")
# a line that opens the part of a report about the LSCB (a heading, not a sentence that
# names the board)
_LSCB_SECTION = re.compile(
    r"(?:Section\s+\d+\s*:?\s*)?(?:(?:Inspection\s+findings|Inspection\s+judgements?\s+(?:about|"
    r"of)|Review\s+of|Key\s+(?:strengths\s+and\s+)?weaknesses\s+of)\s*[–—:-]?\s*)?(?:the\s+)?"
    r"(?:effectiveness\s+of\s+the\s+)?(?:(?:Local|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s+"
    r"Safeguarding\s+Children['’]?s?\s+Board|LSCB)(?:\s*\([A-Z]{3,5}\))?\s*:?", re.I)
_PART_WORDS = ("safeguarding", "lscb", "authority")  # one is in every match of these two
# a line that opens the part about the local authority again
_LA_SECTION = re.compile(r"(?:Section\s+\d+\s*:?\s*)?(?:The\s+local\s+authority|Inspection\s+"
                         r"judgements?\s+about\s+the\s+local\s+authority|What\s+does\s+the\s+"
                         r"local\s+authority\s+need\s+to\s+improve\s*\??)\s*", re.I)


def _footnote(block: _Block, pages: list[str]) -> bool:
    """A footnote: a block below a line holding only its small number, with nothing but
    other footnotes and the page number after it on its page."""
    page = pages[block.page - 1]
    line_start = page.rfind("\n", 0, block.start) + 1
    above = page[page.rfind("\n", 0, max(line_start - 1, 0)) + 1:max(line_start - 1, 0)]
    if not re.fullmatch(r"\s*\d{1,2}\s*", above):
        return False
    rest = page[block.end:]
    return len(rest.strip().split("\n")) <= 8 and _FOOTNOTES.fullmatch(rest) is not None


# footnotes below their numbers, then the page number (each footnote line taken whole, so
# that a page that is not footnotes fails at once)
_FOOTNOTES = re.compile(r"(?:\s*\d{1,3}\s*\n(?>[^\n]*\S[^\n]*(?:\n|$))+|\s)*\d{0,3}\s*")


def _goes_on_after_break(block: _Block, current: list[Span], pages: list[str]) -> bool:
    """Whether ``block``, the first of a page, carries on the item of ``current`` broken by
    the page: it starts in lower case, or the item stopped without ending its sentence."""
    last = current[-1]
    if block.page <= last.page or block.first[:1].islower():
        return block.page > last.page and block.first[:1].islower()
    ended = pages[last.page - 1][last.start:last.end].rstrip()
    if re.search(r"[.!?:;)]['’”]?$", ended):
        return False
    # and the block is indented as the item's text is, after its number or bullet
    first = current[0]
    page = pages[first.page - 1]
    line_start = page.rfind("\n", 0, first.start) + 1
    m = re.match(r"[ \t]*(?:\d{1,3}\.|[" + BULLETS + r"\ue000-\uf8ff\-–−])?[ \t]*",
                 page[line_start:])
    indent = len(block.lines[0]) - len(block.lines[0].lstrip())
    return m is not None and abs(indent - m.end()) <= 1


def _context_lines(block: _Block, state: str | None, upto: int | None = None) -> str | None:
    """The part of the report (``"lscb"`` or None for the local authority) after the lines
    of ``block`` (the first ``upto`` of them) have been read, given ``state`` before it."""
    if not block.mentions(_PART_WORDS):
        return state
    lines = [ln.strip() for ln in block.lines[:upto]]
    for k, line in enumerate(lines):
        if k and not _LINE_ENDS_CLAUSE.search(lines[k - 1]) and \
                not _LSCB_SECTION.fullmatch(lines[k - 1]):
            continue  # inside a sentence that wraps
        if _CONTENTS_LINE.search(line):
            continue  # a line of the contents
        pair = line + " " + lines[k + 1] if k + 1 < len(lines) else line
        if _LSCB_SECTION.fullmatch(line) or _LSCB_SECTION.fullmatch(pair):
            state = "lscb"
        elif _LA_SECTION.fullmatch(line):
            state = None
    return state


def _recommendations(facts: ReportFacts, blocks: list[_Block], pages: list[str]) -> set[int]:
    """Find the "what needs to improve" items; returns the indexes of the blocks they use.

    One item per recommendation: sub-bullets stay inside their parent item, a topic
    sub-heading inside a list is skipped (neither an item nor the list's end), and a list
    ends at the next real heading. Items in the part of the report about the LSCB (from a
    heading that opens it, in a stand-alone LSCB review throughout) are the LSCB's.
    """
    used: set[int] = set()
    items: list[tuple[list[Span], str | None]] = []
    lscb_review = facts.type == "lscb-review"
    context: str | None = "lscb" if lscb_review else None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        head = next((li for li, ln in enumerate(block.lines) if _RECS_HEAD.match(ln)),
                    None) if block.mentions(_RECS_HEAD_WORDS) else None
        if head is None or re.search(r"\s\d+\s*$", block.lines[head].strip()):
            if block.page > 1 and not lscb_review:
                context = _context_lines(block, context)
            i += 1
            continue
        if block.page > 1 and not lscb_review:
            context = _context_lines(block, context, head)
        head_line = block.lines[head]
        if lscb_review or _LSCB_HEAD.search(head_line):
            section = "lscb"
        elif _LA_HEAD.search(head_line):
            section = None
        else:
            section = context
        context = section
        base: tuple[int, str] | None = None
        last_number = 0
        current: list[Span] | None = None
        j = i
        while j < len(blocks):
            b = blocks[j]
            offsets = _line_offsets(b)
            if j != i:
                marker = _marker(b.lines[0])
                if marker is None and _page_furniture(b):
                    used.add(j)
                    j += 1
                    continue
                if marker is None and _footnote(b, pages):
                    used.add(j)  # a footnote at the foot of the page
                    j += 1
                    continue
                if marker is None and _NO_ITEMS.search(b.text) and len(b.lines) <= 2:
                    used.add(j)  # "There are no priority actions." between two parts
                    j += 1
                    continue
                if marker is None or (current is None and base is None):
                    if _is_heading(b):
                        intro = current is not None and len(items) == 1 and _INTRO.search(
                            pages[current[-1].page - 1][current[-1].start:current[-1].end])
                        if _real_heading(b) or not _list_goes_on(
                                blocks, j + 1, None if intro else base, last_number):
                            break
                        used.add(j)  # a topic sub-heading inside the list
                        j += 1
                        continue
                    if current is not None and _goes_on_after_break(b, current, pages):
                        # the last item goes on after a page break
                        current.append(Span(b.page, offsets[0][0], offsets[-1][1]))
                        used.add(j)
                        j += 1
                        continue
                    if marker is None:
                        break
                elif not _is_sub_item(marker, base) and marker[1] == "number" and \
                        base is not None and base[1] == "number" and \
                        int(_NUMBERED.match(b.lines[0]).group(1)) != last_number + 1:
                    break  # numbered paragraphs of the report, not the list
            used.add(j)
            lines = range(head + 1, len(b.lines)) if j == i else range(len(b.lines))
            for li in lines:
                line = b.lines[li]
                marker = _marker(line)
                if marker is not None and _is_sub_item(marker, base) and current is not None \
                        and len(items) == 1 and _INTRO.search(
                            pages[current[-1].page - 1][current[-1].start:current[-1].end]):
                    items.pop()  # "... the local authority should:" then the items
                    base = None
                if marker is not None and not _is_sub_item(marker, base):
                    if base is None:
                        base = marker
                    if marker[1] == "number":
                        last_number = int(_NUMBERED.match(line).group(1))
                    current = [Span(b.page, offsets[li][0], offsets[li][1])]
                    items.append((current, section))
                elif current is not None:
                    s = current[-1]
                    if s.page == b.page:
                        current[-1] = Span(s.page, s.start, offsets[li][1])
                    else:
                        current.append(Span(b.page, offsets[li][0], offsets[li][1]))
            j += 1
        i = max(j, i + 1)
    items = [(spans, section) for spans, section in items
             if not _NO_ITEMS.search(pages[spans[0].page - 1][spans[0].start:spans[0].end])]
    for number, (spans, section) in enumerate(items, start=1):
        spans = [Span(s.page, s.start + _item_text_offset(pages[s.page - 1], s), s.end)
                 for s in spans[:1]] + spans[1:]
        facts.recommendations.append(ReportItem(number, spans, section=section))
    if not facts.recommendations and facts.type not in ("focused-visit", "monitoring-visit"):
        facts.warnings.append("no recommendations found")
    return used


def _item_text_offset(page: str, span: Span) -> int:
    """How many characters of bullet or number to skip at the start of an item."""
    m = re.match(r"(?:[" + BULLETS + r"\ue000-\uf8ff\-–−]|\d{1,3}\.)\s*", page[span.start:span.end])
    return m.end() if m else 0


def _norm_line(line: str) -> str:
    """A line with its spacing collapsed and its numbers as ``#`` (page numbers and dates
    change from page to page of a running header)."""
    return _DIGITS.sub("#", " ".join(line.split()))


_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 4  # running headers and footers are among the first or last lines of a page


def running_lines(pages: list[str]) -> set[tuple[int, int]]:
    """(page, offset) of the start of every line that is a running header or footer: a line
    among the first or last four of its page whose words (numbers aside) are among the
    first or last four lines of at least three pages and of a third of the report's pages
    (of three pages, when it holds a number).

    >>> pages = [f"Inspection of Anytown\\nPage {n}\\n\\n{name} is seen.\\n"
    ...          for n, name in enumerate(["Ann", "Bo", "Cy", "Di"], start=1)]
    >>> sorted(running_lines(pages))[:3]
    [(1, 0), (1, 22), (2, 0)]
    """
    edges: list[list[tuple[int, str]]] = []
    counts: dict[str, int] = {}
    for page in pages:
        lines = list(_LINE.finditer(page))  # only the edge lines are normalised
        edge = [(m.start(), _norm_line(m.group())) for m in
                lines[:_EDGE_LINES] + lines[max(_EDGE_LINES, len(lines) - _EDGE_LINES):]]
        edges.append(edge)
        for key in {k for _, k in edge}:
            counts[key] = counts.get(key, 0) + 1
    # on a third of the pages, or on three when it holds a number (the footer of one
    # part of a report: the review of the LSCB after the inspection)
    running = {k for k, n in counts.items() if len(k) > 1 and k != "#" and n >= 3 and (
        n >= len(pages) / 3 or "#" in k)}
    return {(number, start) for number, edge in enumerate(edges, start=1)
            for start, key in edge if key in running}


_LINE = re.compile(r"[^\n]*\S[^\n]*")
# forty letters or more (a passage's least), found without listing every letter
_FORTY_LETTERS = re.compile(r"[^\W\d_](?:[\W\d_]*[^\W\d_]){39}")
_ENDS_SENTENCE = re.compile(r"[.!?:;)]['’”)]?$")


def _passages(facts: ReportFacts, blocks: list[_Block], pages: list[str],
              skip: set[int]) -> None:
    """The narrative paragraphs, each whole sentences: running headers, footers and
    footnotes left out, a paragraph broken by a page joined again (also when its first
    lines, at the foot of the page, looked like a heading), and the items of a list whose
    lead-in ends mid-sentence (they start in lower case) kept with it."""
    section: str | None = None
    # False, or why blocks are skipped: "title" (the title page's header is not narrative;
    # nor is a contents page) ends at a long paragraph or a numbered one, "section" (a
    # section of _SKIP_SECTIONS: the method, the area's statistics, the team) at the next
    # heading only
    skipping: str | bool = "title"
    table_page_spans = {(j.span.page, j.span.start, j.span.end) for j in facts.judgements}
    running = running_lines(pages)
    passages: list[ReportItem] = []
    pending: ReportItem | None = None
    # whether the next block may carry on ``pending`` (nothing but running lines, footnotes
    # and page breaks since it)
    open_ = False
    # a short block read as a heading (the last of its page, or ending in a colon), with
    # the state before it
    held: tuple[Span, str | None, str | None, bool] | None = None
    stated: str | None = None
    for index, block in enumerate(blocks):
        offsets = _line_offsets(block)
        if running:
            keep = [k for k, start in enumerate(block.starts) if (block.page, start) not in running]
            if not keep:
                continue  # a running header or footer: the paragraph may go on after it
            if len(keep) < len(block.lines):
                first = keep[0]
                last = first
                while last + 1 < len(block.lines) and last + 1 in keep:
                    last += 1
                block = _Block(block.page, offsets[first][0], offsets[last][1],
                               block.lines[first:last + 1], block.starts[first:last + 1])
                offsets = offsets[first:last + 1]
        text = block.text
        if index in skip or _is_boilerplate(block) or any(
                p == block.page and s <= block.end and block.start <= e
                for p, s, e in table_page_spans):
            open_, held = False, None
            continue
        if _footnote(block, pages):
            continue
        start = offsets[0][0] + _item_text_offset(pages[block.page - 1],
                                                  Span(block.page, offsets[0][0], offsets[0][1]))
        span = Span(block.page, start, offsets[-1][1])
        lower = pages[block.page - 1][start:start + 1].islower()
        if open_ and pending is not None and (lower or (
                block.page > pending.spans[-1].page and _marker(block.lines[0]) is None
                and not _is_heading(block)
                and not _ENDS_SENTENCE.search(pending_end(pending, pages)))):
            # the sentence goes on: after a page break, or in the items of its list
            pending.spans.append(span)
            continue
        if held is not None and lower and not held[3] and (
                block.page > held[0].page or pending_end(ReportItem(0, [held[0]]), pages)
                .endswith(":")):
            # the "heading" was the first lines of a paragraph the page break cut, or the
            # lead-in of a list whose items go on with its sentence
            first_span, section, stated, skipping = held
            pending = ReportItem(0, [first_span, span], section=section, stated_polarity=stated)
            passages.append(pending)
            open_, held = True, None
            continue
        held = None
        if _is_heading(block):
            if not re.search(r"[;,.!?]\s*$", text):
                held = (Span(block.page, offsets[0][0], offsets[-1][1]), section, stated,
                        skipping)
            open_ = False
            skipping = "section" if _SKIP_SECTIONS.match(block.first) else False
            section = _section_of(text) or (None if _OVERALL_HEAD.match(text) else section)
            stated = _stated_polarity(text)
            if re.search(r"\s\d+\s*$", block.first):  # a line of the contents
                skipping = "title"
            continue
        if skipping == "section" or (skipping and not re.match(r"\s*\d{1,3}\.\s", block.lines[0])):
            if skipping == "title" and _SKIP_SECTIONS.match(block.first) is None and \
                    len(text) > 200 and block.page > 1:
                skipping = False
            else:
                open_ = False
                continue
        if re.search(r"\s\d+\s*$", block.first) or (
                _FORTY_LETTERS.search(text) is None and not text.endswith(":")):
            open_ = False
            continue
        # a short lead-in ("In the last 12 months:") is kept only with the items after it
        pending = ReportItem(0, [span], section=section, stated_polarity=stated)
        passages.append(pending)
        open_ = True
    for item in passages:
        if _FORTY_LETTERS.search(" ".join(pages[s.page - 1][s.start:s.end]
                                          for s in item.spans)) is not None:
            item.number = len(facts.passages) + 1
            facts.passages.append(item)


def pending_end(item: ReportItem, pages: list[str]) -> str:
    """The last characters of an item's text as the page gives them."""
    s = item.spans[-1]
    return pages[s.page - 1][max(s.start, s.end - 8):s.end].rstrip()


_OVERALL_HEAD = re.compile(r"\s*(?:Executive\s+summary|Summary(?:\s+of\s+findings)?\s*$|"
                           r"Overall\s+effectiveness|Judgement\s+Grade)", re.I)


def _stated_polarity(heading: str) -> str | None:
    """``strength`` or ``weakness`` when a heading says so ("Strengths", "Areas for
    improvement", "Weaknesses"), else None."""
    h = " ".join(heading.lower().split())
    if re.match(r"(?:key\s+)?strengths?\b|what\s+is\s+working\s+well", h):
        return "strength"
    if re.match(r"(?:key\s+)?(?:weakness(?:es)?|areas?\s+for\s+(?:improvement|development)|"
                r"what\s+needs\s+to\s+improve)\b", h):
        return "weakness"
    return None


def _section_of(heading: str) -> str | None:
    h = heading.lower()
    for key, area in (("help and protection", "help-and-protection"),
                      ("care leavers", "care-leavers"), ("children in care", "children-in-care"),
                      ("looked after", "children-in-care"), ("adoption", "adoption"),
                      ("impact of leaders", "leadership"), ("leadership", "leadership"),
                      ("safeguarding children board", "lscb")):
        if key in h:
            return area
    return None
