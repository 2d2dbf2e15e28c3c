"""Import DfE's children's social work workforce indicators and statistical neighbours.

Workforce (``csww_indicators_*.csv``): one row per area and reporting year, at
national, regional and local authority level. Each figure becomes an
``ig:Statistic`` (IRI ``id/statistic/dfe-csww/{area code}/{year}/{measure}``)
with ``ig:measure``, ``ig:value``, ``ig:unit``, ``ig:period`` (``xsd:gYear``)
and ``ig:refArea``: the council, an ``ig:Region`` or the ``ig:Country``.
Suppressed cells (``x``, ``z``, ``c``, ``u`` ...) make no statistic.

Which council a row means. Its GSS code first; if the store has no council
with that code but exactly one with the row's DfE code, that council (DfE
keeps a children's services authority's code when ONS recodes its area, as
for Barnsley in 2025 or North Yorkshire in 2023); otherwise a council node
is made from the row. Rows two councils share ("940 / 941", one children's
trust) refer to both. Import the Ofsted outcomes first so that councils
match theirs.

Statistical neighbours (``New_Statistical_Neighbour_Groupings_*.csv``): each
council's ten nearest neighbours by DfE code, as ``ig:statisticalNeighbour``
links plus one ``ig:NeighbourLink`` per rank (with DfE's closeness wording).
Codes no council in the store carries (reorganised councils, before the
workforce import gave them a DfE code) are reported and left out, never
guessed.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ImportFormatError
from graph.sources.checks import number_problem, short_repr
from graph.sources.imports import ImportReport, Progress, timed
from graph.sources.measures import MEASURES, WORKFORCE_GRAPH_ID, Measure
from graph.sources.tables import SUPPRESSED, Column, Sheet, normalise, read_table_rows

__all__ = ["import_workforce", "import_neighbours", "MEASURES", "WORKFORCE_GRAPH_ID",
           "NEIGHBOURS_GRAPH_ID"]

NEIGHBOURS_GRAPH_ID = "dfe-statistical-neighbours"

COLUMNS = (
    Column("period", r"^time period$|^(reporting )?year$", required=True, describe="time_period"),
    Column("level", r"\bgeographic level\b", required=True, describe="geographic_level"),
    Column("country_code", r"\bcountry code\b", describe="country_code"),
    Column("country_name", r"\bcountry name\b", describe="country_name"),
    Column("region_code", r"\bregion code\b", required=True, describe="region_code"),
    Column("region_name", r"\bregion name\b", required=True, describe="region_name"),
    Column("dfe", r"\bold la code\b|^la code$|^la number$", required=True,
           describe="old_la_code"),
    Column("gss", r"\bnew la code\b|\bla gss code\b", required=True, describe="new_la_code"),
    Column("name", r"\bla name\b|^local authority( name)?$", required=True, describe="la_name"),
) + tuple(Column(m.key, m.pattern, required=m.required, describe=m.key + " (" + m.measure + ")")
          for m in MEASURES)
LEVELS = {"national": "country", "regional": "region", "local authority": "council"}
_CODE = re.compile(r"^[EWSNK]\d{8}$")
_DFE = re.compile(r"^\d{3}$")


def _number(sheet: Sheet, row, measure: Measure) -> str | None:
    """The figure of a row's cell, checked: finite, a rate in [0, 100], a quantity >= 0."""
    key = measure.key
    text = sheet.value(row, key).replace(",", "")
    if not text or text.lower() in SUPPRESSED:
        return None
    problem = number_problem(text, measure.unit)
    if problem == "not a number":
        raise sheet.error(row, key, f"{short_repr(sheet.value(row, key))} is not a number (nor "
                          "a suppression marker such as x, z, c or u)")
    if problem:
        raise sheet.error(row, key, f"{short_repr(sheet.value(row, key))} is {problem}")
    return text


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("/")] if text else []


@dataclass
class _Area:
    level: str
    codes: list[str]
    names: list[str]
    dfe: list[str]
    region: str | None = None
    country: str | None = None


def _area(sheet: Sheet, row) -> _Area:
    level_text = normalise(sheet.value(row, "level"))
    level = LEVELS.get(level_text)
    if level is None:
        raise sheet.error(row, "level", f"unknown geographic level "
                          f"{sheet.value(row, 'level')!r} (expected National, Regional or "
                          "Local authority)")
    country = sheet.value(row, "country_code") or None
    region = sheet.value(row, "region_code") or None
    if level == "country":
        key, names = "country_code", [sheet.value(row, "country_name") or "England"]
        codes = [country or ""]
    elif level == "region":
        key, names, codes = "region_code", [sheet.value(row, "region_name")], [region or ""]
    else:
        key = "gss"
        codes = _split(sheet.value(row, "gss").upper())
        names = [n.strip() for n in sheet.value(row, "name").split(" / ")]
    for code in codes:
        if not _CODE.match(code):
            raise sheet.error(row, key, f"malformed area code {sheet.value(row, key)!r} "
                              "(expected a GSS code such as E10000032)")
    dfe: list[str] = []
    if level == "council":
        dfe = _split(sheet.value(row, "dfe"))
        for code in dfe:
            if not _DFE.match(code):
                raise sheet.error(row, "dfe", f"malformed DfE code {sheet.value(row, 'dfe')!r} "
                                  "(expected three digits)")
        if len(names) != len(codes):
            names = [" / ".join(names)] * len(codes)
        if dfe and len(dfe) != len(codes):
            raise sheet.error(row, "dfe", f"{len(dfe)} DfE codes for {len(codes)} GSS codes")
    for code, col in ((country, "country_code"), (region, "region_code")):
        if code and not _CODE.match(code):
            raise sheet.error(row, col, f"malformed area code {code!r}")
    return _Area(level, codes, names, dfe, region if level != "region" else None,
                 country if level != "country" else None)


def _read_sheet(path: Path, columns, minimum: int = 4) -> Sheet:
    tables = read_table_rows(path)
    if None not in tables:
        name, rows = next(iter(tables.items()))  # a workbook: its first sheet
    else:
        name, rows = None, tables[None]
    return Sheet.from_rows(str(path), name, rows, columns, minimum=minimum)


# --- workforce --------------------------------------------------------------------------------

def import_workforce(store, path: str | Path, *,
                     progress: Progress | None = None) -> ImportReport:
    """Import DfE's workforce indicators into ``store`` (graph ``graph/dfe-csww``).

    Parameters
    ----------
    store : graph.store.Store
    path : file
        ``csww_indicators_*.csv`` (or the same table in an ODS workbook's first sheet).
    progress : callable, optional
        ``progress(step, done, total)``.

    Returns
    -------
    ImportReport

    Raises
    ------
    ImportFormatError
        A missing or renamed column, a malformed period, area code or value
        (naming file, row and column); the store is left untouched.
    """
    from rdflib import RDF, RDFS, XSD, Literal, URIRef
    from rdflib.namespace import SKOS

    from graph.build.dataset import ORG_CLASSES, decimal_literal
    from graph.sources.imports import (
        Provenance,
        Triples,
        check_single_valued,
        other_graph_values,
        replace,
    )
    from graph.vocab import IG, QB, council_iri, graph_iri, iri

    started = time.perf_counter()
    path = Path(path)
    sheet = _read_sheet(path, COLUMNS)
    parsed = []
    years = set()
    for n, row in enumerate(sheet.rows, 1):
        if n % 200 == 0 or n == len(sheet.rows):
            timed(progress, "read rows", n, len(sheet.rows))
        period = sheet.value(row, "period")
        if not re.match(r"^\d{4}$", period):
            raise sheet.error(row, "period", f"malformed period {period!r} (expected a year "
                              "such as 2019)")
        years.add(period)
        values = {m.key: _number(sheet, row, m) for m in MEASURES if sheet.has(m.key)}
        parsed.append((row, period, _area(sheet, row), values))
    if not parsed:
        raise sheet.error(None, None, "the table has no data rows")
    release = max(years)
    g_iri = graph_iri(WORKFORCE_GRAPH_ID)
    existing = other_graph_values(store, g_iri, {
        IG.dfeCode: (IG.Council,), IG.gssCode: (IG.Council,), SKOS.altLabel: (IG.Council,),
        RDF.type: (IG.Council,), RDFS.label: (IG.Council, IG.SourceDocument)})
    councils_by_dfe: dict[str, set] = defaultdict(set)
    known = set()
    for (s, p), objs in existing.items():
        if p == IG.dfeCode:
            for o in objs:
                councils_by_dfe[str(o)].add(s)
        if p == RDF.type and IG.Council in objs:
            known.add(s)

    g = Triples()
    source_id = f"dfe-csww-{release}"
    source = iri("source", source_id)
    prov = Provenance(source_id, f"Children's social work workforce indicators, reporting years "
                      f"{min(years)} to {release}", release, "department-for-education",
                      [(path, len(sheet.rows))])
    prov.add_to(g, g_iri, len(sheet.rows))
    if not existing.get((source, RDFS.label)):
        g.add((source, RDFS.label, Literal(prov.title)))
    notes: list[str] = []
    warnings: list[str] = []
    resolved: dict[str, URIRef] = {}
    council_facts: dict[URIRef, dict] = {}
    regions: dict[str, tuple[str, str | None]] = {}
    countries: dict[str, str] = {}

    def council(code: str, dfe: str | None, name: str, period: str) -> URIRef:
        if code in resolved:
            return resolved[code]
        node = council_iri(code)
        if node not in known and dfe and len(councils_by_dfe.get(dfe, ())) == 1:
            (other,) = councils_by_dfe[dfe]
            notes.append(f"{code} ({name}) figures refer to {other.rsplit('/', 1)[-1]}, the "
                         f"council with DfE code {dfe}")
            node = other
        resolved[code] = node
        facts = council_facts.setdefault(node, {"names": [], "dfe": set(), "gss": code,
                                                "region": None, "year": ""})
        if name not in facts["names"]:
            facts["names"].append(name)
        if dfe:
            facts["dfe"].add(dfe)
        return node

    stats = 0
    suppressed = 0
    total = len(parsed)
    # the terms of the loop below, made once (rdflib makes a new term at every lookup)
    add = g.add
    rdf_type, label, statistic, observation = RDF.type, RDFS.label, IG.Statistic, QB.Observation
    measure, value_of, unit, period_of = IG.measure, IG.value, IG.unit, IG.period
    ref_area, population, cited_from = IG.refArea, IG.population, IG.citedFrom
    literals: dict = {}
    numbers: dict = {}

    def literal(text: str, datatype=None) -> Literal:
        try:
            return literals[text, datatype]
        except KeyError:
            made = literals[text, datatype] = Literal(text, datatype=datatype)
            return made

    def number(value) -> Literal:
        try:
            return numbers[value]
        except KeyError:
            made = numbers[value] = decimal_literal(value)
            return made
    for n, (_row, period, area, values) in enumerate(parsed, 1):
        if n % 200 == 0 or n == total:
            timed(progress, "build graph", n, total)
        if area.level == "council":
            nodes = [council(c, area.dfe[i] if area.dfe else None, area.names[i], period)
                     for i, c in enumerate(area.codes)]
            for node in nodes:
                facts = council_facts[node]
                if area.region and period >= facts["year"]:
                    facts["region"], facts["year"] = area.region, period
            place = " and ".join(dict.fromkeys(area.names))
        elif area.level == "region":
            nodes = [iri("region", area.codes[0])]
            regions[area.codes[0]] = (area.names[0], area.country)
            place = area.names[0]
        else:
            nodes = [iri("country", area.codes[0])]
            countries[area.codes[0]] = area.names[0]
            place = area.names[0]
        key = "+".join(area.codes)
        year = literal(period, XSD.gYear)
        for m in MEASURES:
            value = values.get(m.key)
            if value is None:
                suppressed += m.key in values
                continue
            stat = iri("statistic", WORKFORCE_GRAPH_ID, key, period, m.measure)
            add((stat, rdf_type, statistic))
            add((stat, rdf_type, observation))
            shown = f"{value}%" if m.unit == "percent" else value
            add((stat, label, Literal(f"{m.label}, {place}, {period}: {shown}")))
            add((stat, measure, literal(m.measure)))
            add((stat, value_of, number(value)))
            add((stat, unit, literal(m.unit)))
            add((stat, period_of, year))
            for node in nodes:
                add((stat, ref_area, node))
            if len(nodes) > 1:
                add((stat, population, Literal(f"children and family social workers of "
                                               f"the service {place} share", lang="en")))
            add((stat, cited_from, source))
            stats += 1

    for code, name in countries.items():
        node = iri("country", code)
        g.add((node, RDF.type, IG.Country))
        g.add((node, RDFS.label, Literal(name)))
        g.add((node, SKOS.notation, Literal(code)))
    for code, (name, country) in regions.items():
        node = iri("region", code)
        g.add((node, RDF.type, IG.Region))
        g.add((node, RDFS.label, Literal(name)))
        g.add((node, SKOS.notation, Literal(code)))
        if country:
            g.add((node, IG.broaderArea, iri("country", country)))
    for node, facts in council_facts.items():
        labels = existing.get((node, RDFS.label), set())
        alts = existing.get((node, SKOS.altLabel), set())
        if node not in known:
            for cls in ORG_CLASSES["council"]:
                g.add((node, RDF.type, cls))
            g.add((node, IG.gssCode, Literal(facts["gss"])))
        for i, name in enumerate(facts["names"]):
            if not labels and i == 0:
                g.add((node, RDFS.label, Literal(name)))
            elif Literal(name) not in labels | alts:
                g.add((node, SKOS.altLabel, Literal(name)))
        there = {str(v) for v in existing.get((node, IG.dfeCode), set())}
        if len(facts["dfe"]) == 1 and not there:
            g.add((node, IG.dfeCode, Literal(next(iter(facts["dfe"])))))
        elif facts["dfe"] - there and there:
            warnings.append(f"{node.rsplit('/', 1)[-1]}: DfE code {', '.join(sorted(facts['dfe']))}"
                         f" in this file, {', '.join(sorted(there))} elsewhere; kept the latter")
        if facts["region"]:
            g.add((node, IG.region, iri("region", facts["region"])))
    check_single_valued(g, existing, (RDFS.label, IG.dfeCode, IG.gssCode, IG.value,
                                      IG.measure, IG.unit, IG.period), str(path))
    timed(progress, "store", 0, 1)
    replaced = replace(store, g_iri, g)
    timed(progress, "store", 1, 1)
    levels = defaultdict(int)
    for _row, _period, area, _values in parsed:
        levels[area.level] += 1
    counts = {"statistics": stats, "councils": len(council_facts), "regions": len(regions),
              "council rows": levels["council"], "regional rows": levels["region"],
              "national rows": levels["country"], "suppressed values": suppressed}
    return ImportReport("DfE workforce", str(g_iri), source_id, release,
                        files=[(path.name, _sha(path))], rows={path.name: len(sheet.rows)},
                        counts=counts, triples=len(g), seconds=time.perf_counter() - started,
                        replaced=replaced, notes=notes, warnings=warnings)


def _sha(path: Path) -> str:
    from graph.sources.imports import file_sha256

    return file_sha256(path)


# --- statistical neighbours -------------------------------------------------------------------

NEIGHBOUR_COLUMNS = (
    Column("code", r"^la num(ber)?$|^la code$|^dfe code$", required=True, describe="LA num"),
    Column("name", r"^la name$|^local authority( name)?$", required=True, describe="LA Name"),
    Column("region", r"^goreg$|\bregion\b", describe="GOReg"),
)
_SN = re.compile(r"^sn ?(\d{1,2})$")


def import_neighbours(store, path: str | Path, *,
                      progress: Progress | None = None) -> ImportReport:
    """Import DfE's statistical neighbour groupings (graph ``graph/dfe-statistical-neighbours``).

    Councils are found by their ``ig:dfeCode`` in the store, so import the
    Ofsted outcomes and the workforce indicators first.

    Raises
    ------
    ImportFormatError
        A missing or renamed column, a malformed DfE code (naming file, row
        and column); the store is left untouched.
    """
    from rdflib import RDF, RDFS, XSD, Literal

    from graph.sources.imports import (
        Provenance,
        Triples,
        check_single_valued,
        other_graph_values,
        replace,
    )
    from graph.vocab import IG, graph_iri, iri

    started = time.perf_counter()
    path = Path(path)
    sheet = _read_sheet(path, NEIGHBOUR_COLUMNS, minimum=2)
    ranks: dict[int, tuple[int, int | None]] = {}
    for i, header in enumerate(sheet.headers):
        m = _SN.match(normalise(header))
        if m:
            nxt = sheet.headers[i + 1] if i + 1 < len(sheet.headers) else ""
            close = i + 1 if re.match(r"^snp\b|closeness", normalise(nxt)) else None
            ranks[int(m.group(1))] = (i, close)
    for rank in range(1, 11):
        if rank not in ranks:
            raise sheet.error(None, f"SN{rank}", f"required column missing: SN{rank} (the "
                              f"council's neighbour number {rank}) is not in the header row "
                              f"{sheet.header_row}")
    g_iri = graph_iri(NEIGHBOURS_GRAPH_ID)
    existing = other_graph_values(store, g_iri, {IG.dfeCode: (IG.Council,),
                                                 RDFS.label: (IG.SourceDocument,)})
    by_dfe: dict[str, set] = defaultdict(set)
    for (s, p), objs in existing.items():
        if p == IG.dfeCode:
            for o in objs:
                by_dfe[str(o)].add(s)
    release = _neighbour_release(path)
    g = Triples()
    source_id = f"dfe-statistical-neighbours-{release}"
    source = iri("source", source_id)
    unmatched: dict[str, str] = {}
    links = 0
    rows = 0

    names = {sheet.value(r, "code"): sheet.value(r, "name") for r in sheet.rows}

    def find(code: str):
        found = by_dfe.get(code, set())
        if len(found) == 1:
            return next(iter(found))
        unmatched.setdefault(code, f"{code} {names.get(code, '(no row of its own)')}: " + (
            "no council in the store has this DfE code" if not found else
            f"{len(found)} councils have this DfE code"))
        return None

    for n, row in enumerate(sheet.rows, 1):
        timed(progress, "read rows", n, len(sheet.rows))
        code = sheet.value(row, "code")
        if not code:
            continue  # a blank row or a section heading such as "Old SNs:"
        if not _DFE.match(code):
            raise sheet.error(row, "code", f"malformed DfE code {code!r} (expected three digits)")
        rows += 1
        council = find(code)
        for rank in range(1, 11):
            col, close_col = ranks[rank]
            other = row.cell(col).text.strip()
            if not other:
                continue
            if not _DFE.match(other):
                raise ImportFormatError(str(path), f"malformed DfE code {other!r} (expected "
                                        "three digits)", sheet=sheet.name, row=row.number,
                                        column=sheet.headers[col])
            neighbour = find(other)
            if council is None or neighbour is None:
                continue
            link = iri("neighbour-link", council.rsplit("/", 1)[-1], str(rank))
            g.add((council, IG.statisticalNeighbour, neighbour))
            g.add((link, RDF.type, IG.NeighbourLink))
            g.add((link, IG.neighbourOf, council))
            g.add((link, IG.neighbour, neighbour))
            g.add((link, IG.neighbourRank, Literal(rank, datatype=XSD.integer)))
            if close_col is not None and row.cell(close_col).text.strip():
                g.add((link, IG.closeness, Literal(row.cell(close_col).text.strip())))
            g.add((link, IG.citedFrom, source))
            links += 1
    prov = Provenance(source_id, f"Children's services statistical neighbour groupings, "
                      f"{release}", release, "department-for-education", [(path, rows)])
    prov.add_to(g, g_iri, rows)
    if not existing.get((source, RDFS.label)):
        g.add((source, RDFS.label, Literal(prov.title)))
    check_single_valued(g, existing, (IG.neighbourRank, IG.neighbourOf, IG.neighbour),
                        str(path))
    replaced = replace(store, g_iri, g)
    councils = {s for s in g.subjects(IG.statisticalNeighbour, None)}
    return ImportReport("DfE statistical neighbours", str(g_iri), source_id, release,
                        files=[(path.name, _sha(path))], rows={path.name: rows},
                        counts={"councils": len(councils), "neighbour links": links},
                        triples=len(g), seconds=time.perf_counter() - started,
                        replaced=replaced, unmatched=sorted(unmatched.values()))


_MONTHS = ("january february march april may june july august september october november "
           "december").split()


def _neighbour_release(path: Path) -> str:
    """``2021-04`` from a name such as ``..._April_2021.csv``; else the year; else the stem."""
    name = path.stem.lower()
    m = re.search(r"(" + "|".join(_MONTHS) + r")[ _-]*(20\d\d)", name)
    if m:
        return f"{m.group(2)}-{_MONTHS.index(m.group(1)) + 1:02d}"
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", name)
    return m.group(1) if m else re.sub(r"[^a-z0-9]+", "-", name).strip("-")
