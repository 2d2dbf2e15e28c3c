"""Import Ofsted's "local authority inspection outcomes as at 31 March" release.

The release is an ODS workbook with three tables (and the same tables saved
as CSV): ``Inspections_as_at_31_March`` (each council's latest graded
inspection), ``In-year_inspections`` (every inspection and visit of the year,
with visit themes) and ``ILACS_inspection_history`` (every graded ILACS
inspection since 2018, with whether the council still exists). Columns are
found by meaning (:mod:`graph.tables`), so short and long judgement names,
"Region" or "Ofsted region", "Inspection date" or "Inspection/Visit date" all
work.

Every inspection or visit becomes one ``ig:Inspection`` node, whichever
sheets list it (the key is the council's GSS code and the fieldwork start).
IRIs come from :class:`graph.identity.InspectionIndex`, so an inspection the
store already holds (the curated West Sussex 2019 inspection) is enriched,
not duplicated. Everything goes into the named graph ``graph/ofsted-outcomes``,
which a newer release replaces.

Care leavers. Until 2023 ILACS judged "children in care and care leavers"
together; from 1 January 2023 they are two judgements. The 2025 release
heads both eras' column "children in care" and leaves care leavers blank
before 2023, so the area is decided per row from the data: a care leavers
grade present means the split areas ``children-in-care`` and ``care-leavers``;
a blank care leavers cell (or a column headed "children in care and care
leavers") means the combined area ``children-in-care-and-care-leavers``.

Examples
--------
>>> import tempfile, pathlib
>>> from graph.store import MemoryStore
>>> path = pathlib.Path(tempfile.mkdtemp()) / "as-at.csv"
>>> _ = path.write_text(
...     "Web link,Local authority area code,Local authority name,Region,Inspection date,"
...     "Publication date,Overall effectiveness,Impact of leaders,Help and protection,"
...     "Children in care,Care leavers\\n"
...     "https://example.org/provider/44/999,E06009999,Northmoor,North West,11/03/2024,"
...     "10/05/2024,Good,Good,Good,Good,Outstanding\\n")
>>> report = import_outcomes(MemoryStore(), path)
>>> report.counts["inspections"], report.counts["judgements"], report.release
(1, 5, 'as at 31 March 2024')
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ImportFormatError
from graph.sources.checks import NOT_HTTP, short_repr, url_problem
from graph.sources.imports import ImportReport, Progress, timed
from graph.sources.tables import (
    Cell,
    Column,
    Row,
    Sheet,
    normalise,
    parse_day,
    read_csv_rows,
    read_ods,
)

__all__ = ["import_outcomes", "read_outcomes", "OutcomesFile", "OutcomeInspection",
           "GRAPH_ID", "SHEET_NAMES", "parse_grade", "parse_type"]

GRAPH_ID = "ofsted-outcomes"
SHEET_NAMES = {
    "as-at": "Inspections_as_at_31_March",
    "in-year": "In-year_inspections",
    "history": "ILACS_inspection_history",
}
# Sheets listed in the order their values take precedence when rows disagree.
PRECEDENCE = ("history", "in-year", "as-at")

COLUMNS = (
    Column("link", r"\blink\b|\burl\b|\bweb ?page\b|\bweb address\b", describe="Web link"),
    Column("status", r"\bstatus\b", describe="Local authority status"),
    Column("gss", r"\barea code\b|\bgss\b|\bons code\b", required=True,
           describe="Local authority area code"),
    Column("name", r"\bauthority name\b|\bla name\b|^local authority$", required=True,
           describe="Local authority name"),
    Column("region", r"\bregion\b", describe="Ofsted region"),
    Column("published", r"\bpublication\b|\bpublished\b", describe="Publication date"),
    Column("start", r"\b(inspection|visit)\b.*\bdate\b|\bdate of (inspection|visit)\b|"
           r"\bstart date\b", required=True, exclude=r"\bpubli", describe="Inspection date"),
    Column("type", r"\btype\b", describe="Inspection type"),
    Column("theme", r"\btheme\b", describe="Visit theme"),
    Column("overall", r"\boverall effectiveness\b", describe="Overall effectiveness"),
    Column("leaders", r"\bimpact of leaders\b|\bleadership\b|\bleaders\b",
           describe="The impact of leaders on social work practice with children and families"),
    Column("help", r"\bhelp and protection\b",
           describe="The experiences and progress of children who need help and protection"),
    Column("leavers", r"\bcare leavers\b", exclude=r"\bchildren in care\b|\blooked after\b",
           describe="The experiences and progress of care leavers"),
    Column("care", r"\bchildren in care\b|\blooked after\b",
           describe="The experiences and progress of children in care"),
)
REQUIRED = ("link", "gss", "name", "region", "start", "published", "overall", "leaders",
            "help", "care")
REQUIRED_BY_KIND = {"as-at": (), "in-year": ("type", "theme"), "history": ("type",)}

GRADES = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement to be good": "requires-improvement",
    "requires improvement": "requires-improvement",
    "inadequate": "inadequate",
}
TYPES = (
    (r"\bstandard\b", "standard"),
    (r"\bshort\b", "short"),
    (r"\bfocus+ed\b", "focused-visit"),
    (r"\bmonitoring\b", "monitoring-visit"),
    (r"\bjoint targeted\b|\bjtai\b", "jtai"),
)
GRADED_TYPES = ("standard", "short")
TYPE_COUNTS = {"standard": "standard inspections", "short": "short inspections",
               "focused-visit": "focused visits", "monitoring-visit": "monitoring visits",
               "jtai": "joint targeted area inspections", None: "inspections of unknown type"}
_GSS = re.compile(r"^[EWSN]\d{8}$")
#: The first year a date of the release may fall in (Ofsted began inspecting in 1992).
EARLIEST_YEAR = 1992
_LINK_CODE = re.compile(r"/(\d{3})/?$")
_CAPTION = re.compile(r"^[A-Za-z][A-Za-z' -]*$")  # words only: a link's caption, not an address


def parse_grade(text: str) -> str | None:
    """A grade concept's key from the file's wording; None for a blank cell.

    >>> parse_grade("Requires improvement to be good"), parse_grade(" "), parse_grade("Good")
    ('requires-improvement', None, 'good')
    """
    key = normalise(text)
    if not key:
        return None
    if key not in GRADES:
        raise ValueError(f"unknown grade {text.strip()!r} (expected Outstanding, Good, "
                         "Requires improvement to be good or Inadequate)")
    return GRADES[key]


def parse_type(text: str) -> str | None:
    """An inspection-type concept's key from the file's wording; None for a blank cell.

    >>> parse_type("ILACS Focused Visit"), parse_type("LA Monitoring visit")
    ('focused-visit', 'monitoring-visit')
    """
    key = normalise(text)
    if not key:
        return None
    for pattern, concept in TYPES:
        if re.search(pattern, key):
            return concept
    raise ValueError(f"unknown inspection type {text.strip()!r} (expected a standard or short "
                     "inspection, a focused visit or a monitoring visit)")


# --- reading ----------------------------------------------------------------------------------

@dataclass
class OutcomesFile:
    """The sheets of one release, read and mapped, before any RDF is made."""

    path: Path
    sheets: dict[str, Sheet]
    files: list[tuple[Path, int]]
    release: str
    issued: str | None = None


def read_outcomes(path: str | Path) -> OutcomesFile:
    """Read a release: an ODS workbook, one sheet saved as CSV, or a folder of the three CSVs.

    Raises
    ------
    ImportFormatError
        A missing file or sheet, a sheet whose header cannot be found, a
        required column missing.
    """
    path = Path(path)
    if path.is_dir():
        csvs = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not csvs:
            raise ImportFormatError(str(path), "the folder holds no CSV file")
        sheets: dict[str, Sheet] = {}
        files = []
        for csv_path in csvs:
            sheet = _csv_sheet(csv_path)
            kind = _kind(sheet)
            if kind in sheets:
                raise ImportFormatError(str(csv_path), f"a second {SHEET_NAMES[kind]} table "
                                        f"(the first is {Path(sheets[kind].path).name})")
            sheets[kind] = sheet
            files.append((csv_path, len(sheet.rows)))
        _require_kinds(path, sheets, "folder")
        return OutcomesFile(path, sheets, files, _release(path, sheets))
    if not path.is_file():
        raise ImportFormatError(str(path), "no such file or folder")
    if path.suffix.lower() == ".ods" or _zip(path):
        return _read_workbook(path)
    sheet = _csv_sheet(path)
    kind = _kind(sheet)
    return OutcomesFile(path, {kind: sheet}, [(path, len(sheet.rows))], _release(path,
                                                                                  {kind: sheet}))


def _zip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _csv_sheet(path: Path) -> Sheet:
    return Sheet.from_rows(str(path), None, read_csv_rows(path), COLUMNS, minimum=4)


def _kind(sheet: Sheet, kind: str | None = None) -> str:
    """Which table a sheet is (from its columns unless known), after checking its columns."""
    if kind is None:
        if sheet.has("theme"):
            kind = "in-year"
        elif sheet.has("type") or sheet.has("status"):
            kind = "history"
        else:
            kind = "as-at"
    for key in REQUIRED + REQUIRED_BY_KIND[kind]:
        if not sheet.has(key):
            col = next(c for c in COLUMNS if c.key == key)
            raise sheet.error(None, col.describe,
                              f"required column missing: none of the headers in row "
                              f"{sheet.header_row} is {col.describe!r}")
    return kind


def _sheet_kind_by_name(name: str) -> str | None:
    key = normalise(name)
    if "history" in key:
        return "history"
    if "in year" in key or "inyear" in key:
        return "in-year"
    if "as at" in key or "latest" in key:
        return "as-at"
    return None


def _require_kinds(path: Path, sheets: dict, what: str) -> None:
    for kind, name in SHEET_NAMES.items():
        if kind not in sheets:
            found = ", ".join(SHEET_NAMES[k] for k in sheets) or "none"
            raise ImportFormatError(str(path), f"the {what} has no {name} table (found: {found})",
                                    sheet=name)


def _read_workbook(path: Path) -> OutcomesFile:
    raw = read_ods(path)
    sheets: dict[str, Sheet] = {}
    for name, rows in raw.items():
        kind = _sheet_kind_by_name(name)
        if kind is None or kind in sheets:
            continue
        sheet = Sheet.from_rows(str(path), name, rows, COLUMNS, minimum=4)
        _kind(sheet, kind)
        sheets[kind] = sheet
    for kind, name in SHEET_NAMES.items():
        if kind not in sheets:
            raise ImportFormatError(str(path), f"the workbook has no {name} sheet (its sheets: "
                                    f"{', '.join(raw) or 'none'})", sheet=name)
    issued = None
    for rows in raw.values():
        for row in rows[:40]:
            if row and normalise(row[0].text).startswith("published on") and len(row) > 1:
                issued = row[1].date or _text_date(row[1].text)
    result = OutcomesFile(path, sheets, [(path, sum(len(s.rows) for s in sheets.values()))],
                          _release(path, sheets, [c.text for r in raw.get("Cover", [])
                                                  for c in r]), issued)
    return result


def _text_date(text: str) -> str | None:
    import datetime

    try:
        return datetime.datetime.strptime(text.strip(), "%d %B %Y").date().isoformat()
    except ValueError:
        return None


def _release(path: Path, sheets: dict[str, Sheet], extra: list[str] | None = None) -> str:
    """The release year: "as at 31 March YYYY" in a title, else the file name, else the data."""
    texts = [s.title for s in sheets.values()] + (extra or [])
    for text in texts:
        m = re.search(r"as at 31 march (\d{4})", text, re.IGNORECASE)
        if m:
            return m.group(1)
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", path.name)
    if m:
        return m.group(1)
    latest = None
    for sheet in sheets.values():
        for row in sheet.rows:
            try:
                day = parse_day(sheet.cell(row, "start"))
            except ValueError:
                continue
            if day and (latest is None or day > latest):
                latest = day
    if latest is None:
        raise ImportFormatError(str(path), "cannot tell the release: no title, year in the file "
                                "name or inspection date")
    year = int(latest[:4])
    return str(year if latest[5:] <= "03-31" else year + 1)


# --- rows to inspections ------------------------------------------------------------------------

@dataclass
class CouncilFacts:
    gss: str
    names: list[str] = field(default_factory=list)
    region: str | None = None
    status: str | None = None
    link_codes: set[str] = field(default_factory=set)


@dataclass
class OutcomeInspection:
    """One inspection or visit, merged from every row that lists it."""

    gss: str
    start: str
    type: str | None = None
    theme: str | None = None
    published: str | None = None
    links: list[str] = field(default_factory=list)
    grades: dict[str, str] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    @property
    def graded(self) -> bool:
        return "overall-effectiveness" in self.grades


def _status(sheet: Sheet, row: Row) -> str | None:
    text = normalise(sheet.value(row, "status"))
    if not text:
        return None
    if "current" in text:
        return "current"
    if any(w in text for w in ("no longer", "former", "abolish", "ceased", "closed")):
        return "former"
    raise sheet.error(row, "status", f"unknown council status {sheet.value(row, 'status')!r} "
                      "(expected Current or No longer exists)")


def _day(sheet: Sheet, row: Row, key: str) -> str | None:
    """A row's date, from 1992 to next year (a year beyond is a typing error or a bad cell)."""
    import datetime

    try:
        day = parse_day(sheet.cell(row, key))
    except ValueError as exc:
        raise sheet.error(row, key, f"malformed date: {exc}") from None
    latest = datetime.date.today().year + 1
    if day is not None and not EARLIEST_YEAR <= int(day[:4]) <= latest:
        raise sheet.error(row, key, f"date {day} out of range (expected {EARLIEST_YEAR} to "
                          f"{latest})")
    return day


def _link(sheet: Sheet, row: Row) -> str | None:
    cell: Cell = sheet.cell(row, "link")
    if cell.link:
        target = cell.link.strip()
    else:
        target = cell.text.strip()
        if not target or _CAPTION.match(target):
            return None  # a caption ("Ofsted Local Authority Webpage") without its hyperlink
    problem = url_problem(target)
    if problem:
        why = "expected an http(s) address" if problem == NOT_HTTP else problem
        raise sheet.error(row, "link", f"malformed report link {short_repr(target)} ({why})")
    return target


def _areas(sheet: Sheet, row: Row) -> dict[str, str]:
    grades: dict[str, str] = {}

    def grade(key: str) -> str | None:
        try:
            return parse_grade(sheet.value(row, key))
        except ValueError as exc:
            raise sheet.error(row, key, str(exc)) from None

    for key, area in (("overall", "overall-effectiveness"), ("leaders", "impact-of-leaders"),
                      ("help", "help-and-protection")):
        value = grade(key)
        if value:
            grades[area] = value
    care = grade("care")
    leavers = grade("leavers") if sheet.has("leavers") else None
    combined_header = bool(re.search(r"\bcare leavers\b", normalise(sheet.header("care"))))
    if care and (leavers is None or combined_header):
        grades["children-in-care-and-care-leavers"] = care
    elif care:
        grades["children-in-care"] = care
    if leavers and not combined_header:
        grades["care-leavers"] = leavers
    return grades


def _rows(data: OutcomesFile, progress: Progress | None = None):
    """Parse every row into council facts and inspections; check every value."""
    councils: dict[str, CouncilFacts] = {}
    inspections: dict[tuple[str, str], OutcomeInspection] = {}
    warnings: list[str] = []
    total = sum(len(s.rows) for s in data.sheets.values())
    done = 0
    captions: Counter = Counter()
    for kind in PRECEDENCE:
        sheet = data.sheets.get(kind)
        if sheet is None:
            continue
        label = sheet.name or Path(sheet.path).name
        for row in sheet.rows:
            done += 1
            if done % 50 == 0 or done == total:
                timed(progress, "read rows", done, total)
            gss = sheet.value(row, "gss").upper()
            if not _GSS.match(gss):
                raise sheet.error(row, "gss", f"malformed area code {sheet.value(row, 'gss')!r} "
                                  "(expected a GSS code such as E10000032)")
            name = sheet.value(row, "name")
            if not name:
                raise sheet.error(row, "name", "the council's name is blank")
            start, published = _day(sheet, row, "start"), _day(sheet, row, "published")
            if start is None:
                raise sheet.error(row, "start", "the inspection date is blank")
            try:
                itype = parse_type(sheet.value(row, "type")) if sheet.has("type") else None
            except ValueError as exc:
                raise sheet.error(row, "type", str(exc)) from None
            link = _link(sheet, row)
            if link is None and sheet.value(row, "link"):
                captions[label] += 1
            council = councils.setdefault(gss, CouncilFacts(gss))
            if name not in council.names:
                council.names.append(name)
            region = sheet.value(row, "region")
            if region and council.region is None:
                council.region = region
            status = _status(sheet, row) if sheet.has("status") else None
            if status and council.status is None:
                council.status = status
            elif kind == "as-at" and council.status is None:
                council.status = "current"  # the table lists every council as at 31 March
            if link:
                m = _LINK_CODE.search(link)
                if m:
                    council.link_codes.add(m.group(1))
            where = f"{label} row {row.number}"
            insp = inspections.get((gss, start))
            if insp is None:
                insp = inspections[(gss, start)] = OutcomeInspection(gss, start)
            insp.seen.append(where)
            theme = sheet.value(row, "theme") or None
            for attr, value in (("type", itype), ("published", published), ("theme", theme)):
                current = getattr(insp, attr)
                if value and current is None:
                    setattr(insp, attr, value)
                elif value and current != value:
                    warnings.append(f"{where}: {attr} {value!r} differs from {current!r} given "
                                    f"in {insp.seen[0]}; kept {current!r}")
            if link and link not in insp.links:
                insp.links.append(link)
            for area, value in _areas(sheet, row).items():
                current = insp.grades.get(area)
                if current is None:
                    insp.grades[area] = value
                elif current != value:
                    warnings.append(f"{where}: {area} {value!r} differs from {current!r} given "
                                    f"in {insp.seen[0]}; kept {current!r}")
    for label, n in captions.items():
        warnings.append(f"{label}: {n} rows show a link's caption without its address, so they "
                        "have no report link (import the ODS, or save the sheet with its links)")
    return councils, inspections, warnings


def _dfe_codes(councils: dict[str, CouncilFacts]) -> tuple[dict[str, str], list[str]]:
    """DfE codes from report links, leaving out codes several councils' links share."""
    users: dict[str, set[str]] = defaultdict(set)
    for c in councils.values():
        for code in c.link_codes:
            users[code].add(c.gss)
    codes: dict[str, str] = {}
    notes = []
    for c in sorted(councils.values(), key=lambda c: c.gss):
        own = [code for code in c.link_codes if len(users[code]) == 1]
        if len(own) == 1 and len(c.link_codes) == 1:
            codes[c.gss] = own[0]
    for code, gss_codes in sorted(users.items()):
        if len(gss_codes) > 1:
            names = ", ".join(f"{g} ({councils[g].names[0]})" for g in sorted(gss_codes))
            notes.append(f"report link code {code} is shared by {names}: no DfE code taken "
                         "from it")
    return codes, notes


# --- RDF -------------------------------------------------------------------------------------

def import_outcomes(store, path: str | Path, *, progress: Progress | None = None) -> ImportReport:
    """Import a release of Ofsted's outcomes into ``store`` (graph ``graph/ofsted-outcomes``).

    Parameters
    ----------
    store : graph.store.Store
        Where to import; inspections it already holds are enriched, not duplicated.
    path : file or folder
        The ODS workbook, one of its sheets saved as CSV, or a folder of the three CSVs.
    progress : callable, optional
        ``progress(step, done, total)`` for a progress bar.

    Returns
    -------
    ImportReport

    Raises
    ------
    ImportFormatError
        The file is not a release in the expected form (naming file, sheet, row
        and column); the store is left untouched.
    """
    import time

    started = time.perf_counter()
    data = read_outcomes(path)
    councils, inspections, warnings = _rows(data, progress)
    from graph.vocab import graph_iri

    g_iri = graph_iri(GRAPH_ID)
    g, counts, more_warnings, notes, existing = _graph(store, data, councils, inspections,
                                                       g_iri, progress)
    warnings += more_warnings
    from rdflib import RDFS

    from graph.sources.imports import check_single_valued, replace
    from graph.vocab import IG

    check_single_valued(g, existing, (RDFS.label, IG.fieldworkStart, IG.published,
                                      IG.inspectionType, IG.subject, IG.framework, IG.grade,
                                      IG.area, IG.councilStatus, IG.dfeCode, IG.gssCode,
                                      IG.previousInspection, IG.latestInspection),
                        f"{data.path}")
    timed(progress, "store", 0, 1)
    replaced = replace(store, g_iri, g)
    timed(progress, "store", 1, 1)
    rows = {(s.name or Path(s.path).name): len(s.rows) for s in data.sheets.values()}
    return ImportReport("Ofsted outcomes", str(g_iri), f"ofsted-la-outcomes-{data.release}",
                        f"as at 31 March {data.release}",
                        files=[(p.name, _sha(p)) for p, _ in data.files], rows=rows,
                        counts=counts, triples=len(g), seconds=time.perf_counter() - started,
                        replaced=replaced, warnings=warnings, notes=notes)


def _sha(path: Path) -> str:
    from graph.sources.imports import file_sha256

    return file_sha256(path)


def _graph(store, data: OutcomesFile, councils: dict[str, CouncilFacts],
           inspections: dict[tuple[str, str], OutcomeInspection], g_iri, progress):
    from rdflib import RDF, RDFS, Literal, URIRef
    from rdflib.namespace import SKOS

    from graph.build.dataset import ORG_CLASSES, date_literal
    from graph.build.identity import InspectionIndex, dates_compatible
    from graph.sources.imports import Provenance, Triples, other_graph_values
    from graph.vocab import IG, PROV, compact, council_iri, iri, load_schemes, scheme_iri

    schemes = load_schemes()
    ranks = {str(c).rsplit("/", 1)[-1]: int(r) for c, r in schemes.subject_objects(IG.gradeRank)}

    def pref(scheme: str, key: str) -> str:
        return str(schemes.value(scheme_iri(scheme, key), SKOS.prefLabel) or key)

    g = Triples()
    warnings: list[str] = []
    release = data.release
    source_id = f"ofsted-la-outcomes-{release}"
    source = iri("source", source_id)
    ofsted = iri("org", "ofsted")
    index = InspectionIndex.from_store(store)
    known_before = {k.iri for entries in index.by_council.values() for k in entries}

    # resolve every inspection's node first, then read what other graphs say about them
    nodes: dict[tuple[str, str], URIRef] = {}
    for key in sorted(inspections):
        insp = inspections[key]
        nodes[key] = index.resolve(insp.gss, insp.start, framework="ilacs", type=insp.type)
    council_nodes = {gss: council_iri(gss) for gss in councils}
    every = (IG.Council, IG.Inspection, IG.Judgement, IG.Inspectorate, IG.SourceDocument)
    wanted = {RDFS.label: every, IG.grade: (IG.Judgement,)}
    wanted.update({p: (IG.Inspection,) for p in (IG.fieldworkStart, IG.published,
                                                 IG.inspectionType, IG.previousInspection,
                                                 IG.subject)})
    wanted.update({p: (IG.Council,) for p in (IG.councilStatus, IG.dfeCode, IG.ofstedRegion)})
    existing = other_graph_values(store, g_iri, wanted)

    def once(node, pred, value) -> bool:
        """Add a single-valued fact unless another graph already gives a different one."""
        there = existing.get((node, pred))
        if there and value in there:
            g.add((node, pred, value))  # the release states it too
            return True
        if there:
            if value not in there:
                shown = ", ".join(sorted(str(v) for v in there))
                compatible = pred in (IG.fieldworkStart, IG.published) and all(
                    dates_compatible(str(v), str(value)) for v in there)
                if not compatible:
                    warnings.append(f"{compact(node)}: kept {shown} for {compact(pred)} "
                                    f"given elsewhere; the file says {value}")
            return False
        g.add((node, pred, value))
        return True

    def label(node, text: str) -> None:
        there = existing.get((node, RDFS.label))
        if there:
            if Literal(text) not in there:
                g.add((node, SKOS.altLabel, Literal(text)))
        else:
            g.add((node, RDFS.label, Literal(text)))

    # the release and the inspectorate
    prov = Provenance(source_id, f"Local authority children's services inspection outcomes as "
                      f"at 31 March {release}", release, "ofsted", data.files, data.issued,
                      "https://www.gov.uk/government/statistical-data-sets/"
                      "local-authority-childrens-services-inspection-outcomes")
    prov.add_to(g, g_iri, sum(n for _, n in data.files))
    label(source, prov.title)
    for cls in ORG_CLASSES["inspectorate"]:
        g.add((ofsted, RDF.type, cls))
    label(ofsted, "Ofsted")

    # councils
    dfe_codes, notes = _dfe_codes(councils)
    for gss, facts in sorted(councils.items()):
        node = council_nodes[gss]
        for cls in ORG_CLASSES["council"]:
            g.add((node, RDF.type, cls))
        label(node, facts.names[0])
        for alt in facts.names[1:]:
            g.add((node, SKOS.altLabel, Literal(alt)))
        g.add((node, IG.gssCode, Literal(gss)))
        if gss in dfe_codes:
            once(node, IG.dfeCode, Literal(dfe_codes[gss]))
        if facts.region:
            g.add((node, IG.ofstedRegion, Literal(facts.region)))
        if facts.status:
            once(node, IG.councilStatus, Literal(facts.status))

    # inspections and judgements, named after each council's label where another graph has one
    display = {gss: str(min(existing.get((council_nodes[gss], RDFS.label), ()), default=None)
                        or facts.names[0]) for gss, facts in councils.items()}
    framework = scheme_iri("framework", "ilacs")
    enriched = 0
    total = len(inspections)
    for n, key in enumerate(sorted(inspections), 1):
        if n % 50 == 0 or n == total:
            timed(progress, "build graph", n, total)
        insp = inspections[key]
        node = nodes[key]
        if str(node) in known_before and existing.get((node, IG.subject)):
            enriched += 1
        type_label = pref("inspection-type", insp.type) if insp.type else "ILACS inspection"
        for cls in (IG.Inspection, PROV.Activity):
            g.add((node, RDF.type, cls))
        if not existing.get((node, RDFS.label)):
            g.add((node, RDFS.label, Literal(f"{type_label} of {display[insp.gss]}, "
                                             f"{insp.start}")))
        once(node, IG.subject, council_nodes[insp.gss])
        g.add((node, IG.inspectorate, ofsted))
        g.add((node, PROV.wasAssociatedWith, ofsted))
        g.add((node, IG.framework, framework))
        if insp.type:
            once(node, IG.inspectionType, scheme_iri("inspection-type", insp.type))
        once(node, IG.fieldworkStart, date_literal(insp.start))
        if insp.published:
            once(node, IG.published, date_literal(insp.published))
        for link in insp.links:
            g.add((node, IG.reportUrl, URIRef(link)))
        if insp.theme:
            g.add((node, IG.visitTheme, Literal(insp.theme)))
        g.add((node, IG.citedFrom, source))
        for area, grade in sorted(insp.grades.items()):
            j = _judgement_iri(node, area)
            g.add((node, IG.judgement, j))
            for cls in (IG.Judgement, PROV.Entity):
                g.add((j, RDF.type, cls))
            if not existing.get((j, RDFS.label)):
                g.add((j, RDFS.label, Literal(f"{pref('ilacs-area', area)}: "
                                              f"{pref('grade', grade)} ({display[insp.gss]}, "
                                              f"{insp.start})")))
            g.add((j, IG.area, scheme_iri("ilacs-area", area)))
            once(j, IG.grade, scheme_iri("grade", grade))
            g.add((j, PROV.wasGeneratedBy, node))
            g.add((j, IG.citedFrom, source))

    # derived: previous graded inspection, change of overall grade, latest inspection
    by_council: dict[str, list[OutcomeInspection]] = defaultdict(list)
    for insp in inspections.values():
        if insp.graded:
            by_council[insp.gss].append(insp)
    changes = defaultdict(int)
    for gss, graded in by_council.items():
        graded.sort(key=lambda i: i.start)
        for before, after in zip(graded, graded[1:], strict=False):
            node = nodes[(gss, after.start)]
            once(node, IG.previousInspection, nodes[(gss, before.start)])
            old = ranks[before.grades["overall-effectiveness"]]
            new = ranks[after.grades["overall-effectiveness"]]
            change = "improved" if new < old else "declined" if new > old else "unchanged"
            g.add((node, IG.overallChange, scheme_iri("grade-change", change)))
            changes[change] += 1
        g.add((council_nodes[gss], IG.latestInspection, nodes[(gss, graded[-1].start)]))

    types = defaultdict(int)
    for insp in inspections.values():
        types[insp.type] += 1
    counts = {"councils": len(councils), "inspections": len(inspections)}
    for t, name in TYPE_COUNTS.items():
        if types.get(t):
            counts[name] = types[t]
    counts["judgements"] = sum(len(i.grades) for i in inspections.values())
    counts["already in the store"] = enriched
    for change in ("improved", "declined", "unchanged"):
        counts[change] = changes[change]
    return g, counts, warnings, notes, existing


def _judgement_iri(inspection, area: str):
    from rdflib import URIRef

    return URIRef(str(inspection).replace("/inspection/", "/judgement/", 1) + "/" + area)
