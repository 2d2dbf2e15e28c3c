"""Spreadsheet tables: ODS workbooks and CSV files read into rows, columns found by meaning.

Official releases put title rows above the header, rename columns between
years and save the same table as ODS or CSV. This module reads either form
into :class:`Sheet` objects (the header row detected, every data row keeping
its row number in the file) and maps columns to what they mean with
:class:`Column` patterns, so importers never depend on a column's position or
exact wording.

Examples
--------
>>> sheet = Sheet.from_rows("demo.csv", None, [["Title"], ["Area code", "Inspection date"],
...                                            ["E10000032", "25/02/2019"]],
...                         [Column("gss", r"\\barea code\\b"), Column("date", r"\\bdate\\b")])
>>> sheet.header_row, [row.number for row in sheet.rows]
(2, [3])
>>> sheet.value(sheet.rows[0], "gss")
'E10000032'
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ImportFormatError
from graph.sources.checks import short_repr

__all__ = ["Cell", "Column", "Row", "Sheet", "normalise", "read_ods", "read_csv_rows",
           "read_table_rows", "parse_day", "SUPPRESSED", "MAX_SHEET_ROWS", "MAX_SHEET_COLUMNS",
           "MAX_WORKBOOK_CELLS", "MAX_CONTENT_BYTES"]

# Markers official statistics print instead of a number (DfE and ONS conventions).
SUPPRESSED = frozenset({"x", "z", "c", "u", "k", "low", ":", "..", ".", "-", "*", "~",
                        "n/a", "na"})
HEADER_SCAN_ROWS = 30
#: The most rows and columns a sheet can hold (LibreOffice and Excel): data beyond is refused.
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384
#: The most cells (blank cells between data included) read from one workbook.
MAX_WORKBOOK_CELLS = 4_000_000
#: The largest ``content.xml`` read, uncompressed (odfpy holds it all in memory).
MAX_CONTENT_BYTES = 32 * 2**20


@dataclass(frozen=True)
class Cell:
    """One cell: its text, the ISO date of a date-typed ODS cell, and a hyperlink target."""

    text: str = ""
    date: str | None = None
    link: str | None = None

    def __bool__(self) -> bool:
        return bool(self.text.strip() or self.date or self.link)


@dataclass(frozen=True)
class Column:
    """What a column means and the header wordings that say so.

    Parameters
    ----------
    key : str
        The importer's name for the meaning (``"gss"``, ``"published"``).
    pattern : str
        A regular expression searched in the normalised header (lower case,
        punctuation as spaces, see :func:`normalise`).
    required : bool
        A sheet without such a column is an error.
    exclude : str, optional
        A pattern that disqualifies a header the main pattern matches.
    describe : str, optional
        How to name the column in an error message.
    """

    key: str
    pattern: str
    required: bool = False
    exclude: str | None = None
    describe: str | None = None

    def matches(self, header: str) -> bool:
        text = normalise(header)
        return bool(re.search(self.pattern, text)) and not (
            self.exclude and re.search(self.exclude, text))


@dataclass
class Row:
    """A data row: its 1-based row number in the file and its cells by column index."""

    number: int
    cells: list[Cell]

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else Cell()


@dataclass
class Sheet:
    """A table with a detected header and its columns mapped to meanings."""

    path: str
    name: str | None
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    title: str = ""

    @classmethod
    def from_rows(cls, path: str, name: str | None, raw: Sequence[Sequence[Cell | str]],
                  columns: Sequence[Column], *, minimum: int = 2) -> Sheet:
        """Find the header among the first rows, map the columns, keep the rows below it.

        Raises
        ------
        ImportFormatError
            No header row, or a required column missing.
        """
        table = [[c if isinstance(c, Cell) else Cell(str(c)) for c in r] for r in raw]
        header_index = find_header(table, columns, minimum=minimum)
        if header_index is None:
            wanted = ", ".join(_describe(c) for c in columns if c.required)
            raise ImportFormatError(path, f"no header row found in the first {HEADER_SCAN_ROWS}"
                                    f" rows (looked for the columns {wanted})", sheet=name)
        headers = [c.text.strip() for c in table[header_index]]
        mapped = map_columns(headers, columns)
        for col in columns:
            if col.required and col.key not in mapped:
                raise ImportFormatError(
                    path, f"required column missing: none of the headers "
                    f"({', '.join(repr(h) for h in headers if h)}) is {_describe(col)}",
                    sheet=name, row=header_index + 1, column=_describe(col))
        title = " ".join(c.text.strip() for r in table[:header_index] for c in r if c.text.strip())
        rows = [Row(i + 1, r) for i, r in enumerate(table) if i > header_index and any(r)]
        return cls(path, name, header_index + 1, headers, mapped, rows, title)

    def has(self, key: str) -> bool:
        return key in self.columns

    def header(self, key: str) -> str:
        return self.headers[self.columns[key]]

    def cell(self, row: Row, key: str) -> Cell:
        return row.cell(self.columns[key]) if key in self.columns else Cell()

    def value(self, row: Row, key: str) -> str:
        """The stripped text of a row's cell in the column meaning ``key`` ('' if none)."""
        return self.cell(row, key).text.strip()

    def error(self, row: Row | None, key: str | None, message: str) -> ImportFormatError:
        """An :class:`ImportFormatError` naming this file, sheet, row and column."""
        column = self.header(key) if key and key in self.columns else key
        return ImportFormatError(self.path, message, sheet=self.name,
                                 row=row.number if row else None, column=column)


def _describe(col: Column) -> str:
    return col.describe or col.key


def normalise(header: str) -> str:
    """A header in lower case with punctuation as single spaces.

    >>> normalise("Inspection/Visit  date")
    'inspection visit date'
    """
    return re.sub(r"[^a-z0-9]+", " ", header.lower()).strip()


def map_columns(headers: Sequence[str], columns: Sequence[Column]) -> dict[str, int]:
    """Column index of each meaning: the first unclaimed header each pattern matches.

    Meanings are tried in the order given, so list the more specific ones first.
    """
    mapped: dict[str, int] = {}
    taken: set[int] = set()
    for col in columns:
        for i, header in enumerate(headers):
            if i not in taken and header.strip() and col.matches(header):
                mapped[col.key] = i
                taken.add(i)
                break
    return mapped


def find_header(table: Sequence[Sequence[Cell]], columns: Sequence[Column], *,
                minimum: int = 2) -> int | None:
    """Index of the header row: the first of the top rows matching the most meanings.

    A row counts as the header when it matches at least ``minimum`` meanings
    (or all required ones) and more than any row above it.
    """
    best, best_score = None, 0
    required = [c for c in columns if c.required]
    for i, row in enumerate(table[:HEADER_SCAN_ROWS]):
        headers = [c.text for c in row]
        mapped = map_columns(headers, columns)
        score = len(mapped)
        enough = score >= minimum or (required and all(c.key in mapped for c in required))
        if enough and score > best_score:
            best, best_score = i, score
    return best


# --- reading files ------------------------------------------------------------------------

def read_csv_rows(path: str | Path) -> list[list[Cell]]:
    """The rows of a CSV file (UTF-8 with or without BOM, else Windows-1252).

    Raises
    ------
    ImportFormatError
        The file cannot be read as CSV.
    """
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFormatError(str(path), "not a CSV text file (it holds NUL bytes)")
    try:
        return [[Cell(v) for v in rec] for rec in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise ImportFormatError(str(path), f"not readable as CSV: {exc}") from None


_HYPERLINK = re.compile(r'HYPERLINK\(\s*"([^"]+)"', re.IGNORECASE)


def read_ods(path: str | Path) -> dict[str, list[list[Cell]]]:
    """Every sheet of an ODS workbook as rows of :class:`Cell`.

    ``content.xml`` is read in one streaming pass of the expat parser, no document
    tree built. Repeated rows and cells are expanded, except the trailing empty ones a
    spreadsheet application pads sheets with; row positions stay those of
    the sheet (row 1 is the first row). A cell's text is its shown text (the
    paragraphs of the cell, spaces, tabs and line breaks spelled out; a string
    cell's ``office:string-value`` first); date cells carry their ISO date and
    hyperlink cells (``HYPERLINK`` formulas or text links) their target.

    Sizes are bounded before anything is expanded: ``content.xml`` at most
    :data:`MAX_CONTENT_BYTES` uncompressed, data within the
    :data:`MAX_SHEET_ROWS` by :data:`MAX_SHEET_COLUMNS` a sheet can hold, at
    most :data:`MAX_WORKBOOK_CELLS` cells in all.

    Raises
    ------
    ImportFormatError
        The file is not an ODS workbook; a repeat attribute that is no whole
        number from 1; a workbook beyond the bounds above (naming the sheet
        and row).
    """
    _check_content_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFormatError(str(path), f"not an ODS workbook ({exc})") from None
    reader = _OdsReader(str(path))
    return reader.read(content)


def _check_content_size(path: str | Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            size = archive.getinfo("content.xml").file_size
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFormatError(str(path), f"not an ODS workbook ({exc})") from None
    if size > MAX_CONTENT_BYTES:
        raise ImportFormatError(str(path), f"content.xml is {size:,} bytes uncompressed, more "
                                f"than the {MAX_CONTENT_BYTES:,} read")


@dataclass
class _Budget:
    """Where reading a workbook is, and the cells it may still expand."""

    path: str
    sheet: str | None = None
    row: int = 1
    cells: int = MAX_WORKBOOK_CELLS

    def repeat(self, text: str | None, what: str) -> int:
        """A repeat attribute's count: a whole number from 1 (else an error)."""
        if text is None or text == "":
            return 1
        text = str(text).strip()
        digits = text.lstrip("0")
        if not text.isascii() or not text.isdigit() or not digits:
            raise self.error(f"table:number-{what}-repeated={short_repr(text)} is not a "
                             "whole number from 1")
        if len(digits) > 18:  # beyond any sheet, and too long for some of Python's conversions
            raise self.error(f"table:number-{what}-repeated={short_repr(text)} is too large")
        return int(digits)

    def spend(self, cells: int) -> None:
        self.cells -= cells
        if self.cells < 0:
            raise self.error(f"more than {MAX_WORKBOOK_CELLS:,} cells to read (repeated rows "
                             "or cells)")

    def error(self, message: str) -> ImportFormatError:
        return ImportFormatError(self.path, message, sheet=self.sheet, row=self.row)


_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_XLINK = "http://www.w3.org/1999/xlink"
_ROW_GROUPS = ("table-header-rows", "table-rows", "table-row-group")
_CELLS = ("table-cell", "covered-table-cell")


class _OdsReader:
    """One streaming pass over ``content.xml``: sheets of rows of cells.

    Rows are the ``table-row`` elements of a ``table:table`` (directly or in row
    groups); cells the ``table-cell`` and ``covered-table-cell`` elements of a row.
    """

    def __init__(self, path: str) -> None:
        self.budget = _Budget(path)
        self.sheets: dict[str, list[list[Cell]]] = {}
        # per open element: what it is to the reader
        self.stack: list[str] = []
        self.tables: list[dict] = []  # open tables (a table may sit in a cell of another)
        self.in_spreadsheet = 0

    def read(self, content: bytes) -> dict[str, list[list[Cell]]]:
        from xml.parsers import expat

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        try:
            parser.Parse(content, True)
        except expat.ExpatError as exc:
            raise ImportFormatError(self.budget.path,
                                    f"not an ODS workbook ({type(exc).__name__})") from None
        except RecursionError:
            raise ImportFormatError(self.budget.path, "elements nested too deeply",
                                    sheet=self.budget.sheet, row=self.budget.row) from None
        return self.sheets

    # -- the events --------------------------------------------------------------------------
    def start(self, name: str, attrs: dict) -> None:
        ns, _, local = name.rpartition(" ")
        parent = self.stack[-1] if self.stack else ""
        table = self.tables[-1] if self.tables else None
        if ns == _OFFICE and local == "spreadsheet":
            self.in_spreadsheet += 1
            kind = "other"
        elif ns == _TABLE and local == "table" and self.in_spreadsheet:
            sheet = str(attrs.get(f"{_TABLE} name", ""))
            self.budget.sheet = sheet
            self.sheets[sheet] = []
            self.tables.append({"name": sheet, "rows": [], "pending": 0, "row": None,
                                "cell": None})
            kind = "table"
        elif table is not None and parent in ("table", "rows") and local == "table-row":
            table["row"] = {"attrs": attrs, "cells": []}
            kind = "row"
        elif table is not None and parent in ("table", "rows") and local in _ROW_GROUPS:
            kind = "rows"
        elif table is not None and parent == "row" and local in _CELLS:
            table["cell"] = {"attrs": attrs, "paragraphs": [], "link": None}
            kind = "cell"
        elif table is not None and table["cell"] is not None and parent != "other-outside":
            kind = self._in_cell(table["cell"], parent, ns, local, attrs)
        else:
            kind = "other-outside" if table is not None and parent in (
                "table", "rows", "row", "other-outside") else "other"
        self.stack.append(kind)

    def _in_cell(self, cell: dict, parent: str, ns: str, local: str, attrs: dict) -> str:
        """An element inside a cell: a paragraph, text within one, a link."""
        if local == "a" and cell["link"] is None:
            href = attrs.get(f"{_XLINK} href")
            if href:
                cell["link"] = str(href)
        if parent == "cell":
            if ns == _TEXT and local == "p":
                cell["paragraphs"].append([])
                return "p"
            return "cell-other"
        if parent in ("p", "p-inner"):
            para = cell["paragraphs"][-1]
            if ns == _TEXT and local == "line-break":
                para.append("\n")
                return "p-skip"
            if ns == _TEXT and local == "tab":
                para.append("\t")
                return "p-skip"
            if ns == _TEXT and local == "s":
                count = attrs.get(f"{_TEXT} c")
                para.append(" " * (int(count) if count else 1))
                return "p-skip"
            return "p-inner"
        return "p-skip" if parent == "p-skip" else "cell-other"

    def text(self, data: str) -> None:
        if self.stack and self.stack[-1] in ("p", "p-inner"):
            self.tables[-1]["cell"]["paragraphs"][-1].append(data)

    def end(self, name: str) -> None:
        kind = self.stack.pop()
        if kind == "other" and name == f"{_OFFICE} spreadsheet":
            self.in_spreadsheet -= 1
        elif kind == "table":
            self._end_table()
        elif kind == "row":
            self._end_row(self.tables[-1])
        elif kind == "cell":
            table = self.tables[-1]
            table["row"]["cells"].append(table["cell"])
            table["cell"] = None

    # -- rows and cells as the sheet holds them -----------------------------------------------
    def _end_table(self) -> None:
        table = self.tables.pop()
        self.sheets[table["name"]] = table["rows"]
        if self.tables:
            self.budget.sheet = self.tables[-1]["name"]

    def _end_row(self, table: dict) -> None:
        budget = self.budget
        raw, table["row"] = table["row"], None
        rows = table["rows"]
        budget.sheet = table["name"]
        budget.row = len(rows) + table["pending"] + 1
        cells = self._cells(raw["cells"])
        repeat = budget.repeat(raw["attrs"].get(f"{_TABLE} number-rows-repeated"), "rows")
        if not any(cells):
            table["pending"] += repeat
            return
        if budget.row + repeat - 1 > MAX_SHEET_ROWS:
            why = (f"this row repeated {repeat:,} times" if budget.row <= MAX_SHEET_ROWS
                   else "blank rows repeated above it")
            raise budget.error(f"data beyond the {MAX_SHEET_ROWS:,} rows a sheet can hold "
                               f"({why})")
        budget.spend(table["pending"] + repeat * max(len(cells), 1))
        rows.extend([] for _ in range(table["pending"]))
        table["pending"] = 0
        rows.extend(list(cells) for _ in range(repeat))

    def _cells(self, raw_cells: list[dict]) -> list[Cell]:
        budget = self.budget
        cells: list[Cell] = []
        pending_empty = 0
        for raw in raw_cells:
            cell = _ods_cell(raw)
            repeat = budget.repeat(raw["attrs"].get(f"{_TABLE} number-columns-repeated"),
                                   "columns")
            if not cell:
                pending_empty += repeat
                continue
            first = len(cells) + pending_empty + 1
            if first + repeat - 1 > MAX_SHEET_COLUMNS:
                why = (f"a cell repeated {repeat:,} times" if first <= MAX_SHEET_COLUMNS
                       else "blank cells repeated before it")
                raise budget.error(f"data beyond the {MAX_SHEET_COLUMNS:,} columns a sheet "
                                   f"can hold ({why})")
            blank = Cell()
            cells.extend(blank for _ in range(pending_empty))
            pending_empty = 0
            cells.extend(cell for _ in range(repeat))
        return cells


def _ods_cell(raw: dict) -> Cell:
    attrs = raw["attrs"]
    value_type = attrs.get(f"{_OFFICE} value-type")
    text = attrs.get(f"{_OFFICE} string-value") if value_type == "string" else None
    if not text:
        text = "\n".join("".join(p) for p in raw["paragraphs"])
    date = None
    if value_type == "date":
        date = (attrs.get(f"{_OFFICE} date-value") or "")[:10] or None
    elif value_type in ("float", "percentage", "currency") and attrs.get(f"{_OFFICE} value"):
        text = text or attrs.get(f"{_OFFICE} value")
    formula = attrs.get(f"{_TABLE} formula") or ""
    match = _HYPERLINK.search(formula)
    link = match.group(1) if match else raw["link"]
    return Cell(text or "", date, link)


def read_table_rows(path: str | Path) -> dict[str | None, list[list[Cell]]]:
    """Rows of a CSV file (one table named ``None``) or of each sheet of an ODS workbook.

    Raises
    ------
    ImportFormatError
        The file is missing or neither CSV nor ODS.
    """
    path = Path(path)
    if path.is_dir():
        raise ImportFormatError(str(path), "a folder, not a CSV or ODS file")
    if not path.is_file():
        raise ImportFormatError(str(path), "no such file")
    if _is_ods(path):
        return dict(read_ods(path))
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise ImportFormatError(str(path), "Excel workbooks are not read: save the workbook as "
                                "ODS or each sheet as CSV")
    return {None: read_csv_rows(path)}


def _is_ods(path: Path) -> bool:
    if path.suffix.lower() == ".ods":
        return True
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04" and zipfile.is_zipfile(path)


# --- values ---------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+)?$")


def parse_day(cell: Cell) -> str | None:
    """The ISO date (``YYYY-MM-DD``) of a cell: a date-typed cell, ``dd/mm/yyyy`` or ISO text.

    Returns None for an empty cell; raises ValueError for text that is not a date.

    >>> parse_day(Cell("25/02/2019")), parse_day(Cell("2019-02-25")), parse_day(Cell(""))
    ('2019-02-25', '2019-02-25', None)
    """
    import datetime

    if cell.date:
        text = cell.date
    else:
        text = cell.text.strip()
        if not text:
            return None
    m = _DMY.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _ISO.match(text)
        if not m:
            raise ValueError(f"{text!r} is not a date (expected dd/mm/yyyy)")
        year, month, day = (int(g) for g in m.groups())
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date") from None


def first_match(values: Iterable[str], pattern: str) -> str | None:
    """The first group of ``pattern`` found in any of ``values``."""
    for value in values:
        m = re.search(pattern, value or "")
        if m:
            return m.group(1)
    return None
