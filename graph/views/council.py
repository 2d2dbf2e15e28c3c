"""Council pages: one council's story on one page, read from named queries.

Every section of a council page (``council/{GSS}.html``) is the answer of one
named query of :mod:`graph.queries` with the council bound, so the same rows
come from ``inspection-graph query NAME --param council=council:GSS`` or the
SPARQL endpoint: :data:`COUNCIL_QUERIES` names them. The page is plain HTML
with small inline SVG plots drawn here, no script needed and nothing fetched.

Examples
--------
>>> svg = line_plot({"council": {"2019": 20.0, "2020": 25.0}, "england": {"2019": 15.0}},
...                 unit="percent")
>>> svg.startswith("<svg") and "polyline" in svg
True
"""

from __future__ import annotations

import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Any

__all__ = ["COUNCIL_QUERIES", "WORKFORCE_MEASURES", "CouncilPage", "council_page",
           "council_rows", "councils_rows", "index_entries", "line_plot", "plain_dates",
           "timeline_svg"]

# section -> named query (each takes the parameter council)
COUNCIL_QUERIES: dict[str, str] = {
    "timeline": "council-timeline", "recommendations": "council-recommendations",
    "findings": "council-findings", "workforce": "council-workforce",
    "people": "council-people", "boards": "boards", "neighbours": "statistical-neighbours",
    "sources": "council-sources",
}
WORKFORCE_MEASURES: dict[str, str] = {
    "turnover-rate-fte": "Turnover of children's social workers (% FTE)",
    "agency-rate-fte": "Agency workers (% FTE)",
    "vacancy-rate-fte": "Vacancies (% FTE)",
    "caseload-fte": "Average caseload (cases per social worker)",
    "absence-rate-fte": "Sickness absence (% of working days)",
    "social-workers-fte": "Children's social workers (FTE)",
}
GRADE_COLOURS: dict[str, str] = {
    "Outstanding": "#15803d", "Good": "#65a30d", "Requires improvement to be good": "#d97706",
    "Inadequate": "#b91c1c", "Not yet graded": "#6b7280",
}
_KINDS = {"ImprovementBoard": "Improvement board", "SafeguardingChildrenBoard":
          "Safeguarding children board", "Board": "Board", "Panel": "Panel", "Hub": "Hub",
          "InspectionReport": "Inspection report", "NewsArticle": "News article",
          "Dataset": "Official data", "SourceDocument": "Document"}
_HOW = {"post": "holds or held a post here", "lead inspector": "led an inspection here",
        "named": "named in a source about the council"}


@dataclass
class CouncilPage:
    """The data of one council page, section by section, and the time its queries took."""

    council: str
    gss: str
    label: str
    region: str | None
    sections: dict[str, Any] = field(default_factory=dict)
    query_seconds: float = 0.0


def council_rows(kg, gss: str) -> tuple[dict[str, list[list]], float]:
    """The rows of every named query of a council page (:data:`COUNCIL_QUERIES`), as text.

    Returns
    -------
    (dict, float)
        Section -> rows (each value a ``str`` or ``None``), and the seconds the queries took.
    """
    from graph.queries.runner import run_named

    out: dict[str, list[list]] = {}
    started = time.perf_counter()
    for section, name in COUNCIL_QUERIES.items():
        rows = run_named(kg, name, council=f"council:{gss}").rows
        out[section] = [[None if v is None else str(v) for v in row] for row in rows]
    return out, time.perf_counter() - started


def councils_rows(kg, councils: list[str]) -> tuple[dict[str, dict[str, list[list]]], float]:
    """The rows of every named query of a council page, for many councils at once: each
    query of :data:`COUNCIL_QUERIES` answered once for all of them
    (:func:`graph.views.bulk.bulk_rows`), its rows grouped by council.

    Each council's rows equal those :func:`council_rows` gives for it, query by query.

    Parameters
    ----------
    kg : InspectionGraph
    councils : list of str
        The councils' IRIs.

    Returns
    -------
    (dict, float)
        Council IRI -> section -> rows, and the seconds the queries took.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load(validate=False)
    >>> iri = "https://w3id.org/inspection-graph/id/council/E10000032"
    >>> rows, _ = councils_rows(kg, [iri])
    >>> rows[iri]["people"] == council_rows(kg, "E10000032")[0]["people"]
    True
    """
    from graph.views.bulk import bulk_rows

    started = time.perf_counter()
    out: dict[str, dict[str, list[list]]] = {c: {} for c in councils}
    for section, name in COUNCIL_QUERIES.items():
        for council, rows in bulk_rows(kg, name, "council", councils).items():
            out[council][section] = rows
    return out, time.perf_counter() - started


def _date(text: str | None) -> str:
    """``2019-02-25`` -> ``25 February 2019``; ``2019-02`` -> ``February 2019``; else as is."""
    if not text:
        return ""
    parts = text[:10].split("-")
    try:
        if len(parts) == 3 and 1 <= int(parts[1]) <= 12:
            return f"{int(parts[2])} {_MONTHS[int(parts[1])]} {parts[0]}"
        if len(parts) == 2 and 1 <= int(parts[1]) <= 12:
            return f"{_MONTHS[int(parts[1])]} {parts[0]}"
    except ValueError:
        return text
    return text


_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # in English whatever the locale


_ISO_DATE = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\b(?!-\d)")


def plain_dates(text: str | None) -> str:
    """Dates written as dates in a title or label: ``published 2023-05-11`` ->
    ``published 11 May 2023``, ``groupings, 2021-04`` -> ``groupings, April 2021``.

    >>> plain_dates("Inspection of Barnet, 2024-06-10; groupings 2021-04; 2017-2019")
    'Inspection of Barnet, 10 June 2024; groupings April 2021; 2017-2019'
    """
    if not text:
        return ""
    return _ISO_DATE.sub(lambda m: _date(m.group(0)), text)


def _timeline(rows: list[list]) -> list[dict]:
    inspections: dict[str, dict] = {}
    for insp, start, end, published, framework, kind, lead, report, area, grade, rank in rows:
        entry = inspections.setdefault(insp, {
            "iri": insp, "start": start or "", "end": end, "published": published,
            "framework": framework or "", "type": kind or "Inspection", "lead": lead,
            "report": report if report and report.startswith(("http://", "https://")) else None,
            "grades": [], "overall": None})
        if area and grade and (area, grade) not in [(a, g) for a, g, _ in entry["grades"]]:
            entry["grades"].append((area, grade, int(rank) if rank else 0))
            if area == "Overall effectiveness":
                entry["overall"] = grade
    out = sorted(inspections.values(), key=lambda e: (e["start"], e["iri"]))
    for e in out:
        e["visit"] = "visit" in e["type"].lower() and not e["grades"]
        e["framework_short"] = "SIF" if e["framework"].startswith("Single") else (
            "ILACS" if e["framework"].startswith("Inspecting") else e["framework"])
        e["grades"].sort(key=lambda g: (g[0] != "Overall effectiveness", g[0]))
        e["when"] = _date(e["start"]) + (f" to {_date(e['end'])}" if e["end"] else "")
    return out


def timeline_svg(inspections: list[dict], *, first: int = 2009, last: int | None = None) -> str:
    """An SVG timeline: one mark per inspection by fieldwork start, coloured by its overall
    grade; visits as small open marks. Each mark has a ``<title>`` in words."""
    years = [int(e["start"][:4]) for e in inspections if e["start"][:4].isdigit()]
    last = last or max(years + [2025])
    first = min(years + [first])
    width, height, left, right = 720, 86, 30, 20
    span = max(last + 1 - first, 1)

    def x(start: str) -> float:
        y = int(start[:4])
        m = int(start[5:7]) if len(start) >= 7 and start[5:7].isdigit() else 6
        return round(left + (width - left - right) * ((y - first) + (m - 0.5) / 12) / span, 1)

    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="Inspections over time">',
             f'<line x1="{left}" y1="50" x2="{width - right}" y2="50" stroke="#94a3b8"/>']
    for year in range(first, last + 1):
        px = round(left + (width - left - right) * (year - first) / span, 1)
        parts.append(f'<line x1="{px}" y1="46" x2="{px}" y2="54" stroke="#94a3b8"/>')
        if (year - first) % 2 == 0:
            parts.append(f'<text x="{px}" y="72" font-size="12" text-anchor="middle" '
                         f'fill="#334155">{year}</text>')
    for e in inspections:
        if not e["start"][:4].isdigit():
            continue
        px = x(e["start"])
        label = escape(f"{e['type']}, {e['when']}" + (f": {e['overall']}" if e["overall"]
                                                       else ""))
        if e["visit"] or not e["overall"]:
            parts.append(f'<circle class="mark visit" cx="{px}" cy="50" r="5" fill="#fff" '
                         f'stroke="#475569" stroke-width="2"><title>{label}</title></circle>')
        else:
            colour = GRADE_COLOURS.get(e["overall"], "#6b7280")
            parts.append(f'<rect class="mark graded" x="{px - 7}" y="22" width="14" height="22" '
                         f'fill="{colour}" data-grade="{escape(e["overall"])}"><title>{label}'
                         f'</title></rect>'
                         f'<text x="{px}" y="16" font-size="11" text-anchor="middle" '
                         f'fill="#334155">{escape(e["framework_short"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_plot(series: dict[str, dict[str, float]], *, unit: str = "", width: int = 340,
              height: int = 150) -> str:
    """A small SVG line plot of yearly figures: ``series`` maps a name (``council``,
    ``england``, ``neighbours``) to ``{year: value}``. Lines are styled by name; each
    point carries a ``<title>`` with its year and value.

    >>> "stroke-dasharray" in line_plot({"england": {"2020": 1.0, "2021": 2.0}})
    True
    """
    years = sorted({y for s in series.values() for y in s})
    values = [v for s in series.values() for v in s.values()]
    if not years or not values:
        return ""
    low, high = min(0.0, min(values)), max(values)
    high = high if high > low else low + 1
    left, right, top, bottom = 40, 10, 10, 24
    step = (width - left - right) / max(len(years) - 1, 1)
    suffix = "%" if unit == "percent" else ""

    def xy(year: str, value: float) -> tuple[float, float]:
        return (round(left + step * years.index(year), 1),
                round(top + (height - top - bottom) * (1 - (value - low) / (high - low)), 1))

    styles = {"council": ('#1d4ed8', '', 2.5), "england": ('#111827', ' stroke-dasharray="5 3"',
                                                            1.5),
              "neighbours": ('#d97706', ' stroke-dasharray="2 2"', 1.5)}
    parts = [f'<svg class="plot" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" '
             f'y2="{height - bottom}" stroke="#cbd5e1"/>',
             f'<text x="{left - 4}" y="{top + 4}" font-size="11" text-anchor="end" '
             f'fill="#475569">{high:g}{suffix}</text>',
             f'<text x="{left - 4}" y="{height - bottom}" font-size="11" text-anchor="end" '
             f'fill="#475569">{low:g}{suffix}</text>']
    for i, year in enumerate(years):
        if i in (0, len(years) - 1) or len(years) <= 5 or i % 2 == 0:
            x, _ = xy(year, low)
            parts.append(f'<text x="{x}" y="{height - 8}" font-size="11" text-anchor="middle" '
                         f'fill="#475569">{escape(year)}</text>')
    for name in ("neighbours", "england", "council"):
        points = series.get(name) or {}
        if not points:
            continue
        colour, dash, stroke = styles.get(name, ("#6b7280", "", 1.5))
        coords = [xy(y, points[y]) for y in years if y in points]
        parts.append(f'<polyline class="line {name}" fill="none" stroke="{colour}" '
                     f'stroke-width="{stroke}"{dash} points="'
                     + " ".join(f"{x},{y}" for x, y in coords) + '"/>')
        for year in years:
            if year in points:
                x, y = xy(year, points[year])
                parts.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"><title>'
                             f'{escape(name)} {escape(year)}: {points[year]:g}{suffix}'
                             '</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _workforce(rows: list[list]) -> list[dict]:
    by_measure: dict[str, dict[str, dict]] = defaultdict(
        lambda: {"council": {}, "england": {}, "neighbours": defaultdict(list)})
    units: dict[str, str] = {}
    for measure, period, value, unit, whose, _area in rows:
        if measure not in WORKFORCE_MEASURES or value is None or not period:
            continue
        units[measure] = unit or ""
        entry = by_measure[measure]
        if whose == "neighbour":
            entry["neighbours"][period].append(float(value))
        elif whose in ("council", "england"):
            entry[whose][period] = float(value)
    out = []
    for measure in WORKFORCE_MEASURES:
        if measure not in by_measure or not by_measure[measure]["council"]:
            continue
        entry = by_measure[measure]
        medians = {y: round(statistics.median(v), 2) for y, v in entry["neighbours"].items() if v}
        series = {"council": entry["council"], "england": entry["england"],
                  "neighbours": medians}
        years = sorted({y for s in series.values() for y in s})
        out.append({"measure": measure, "title": WORKFORCE_MEASURES[measure],
                    "svg": line_plot(series, unit=units[measure]), "years": years,
                    "rows": [(y, series["council"].get(y), series["england"].get(y),
                              medians.get(y)) for y in years],
                    "suffix": "%" if units[measure] == "percent" else ""})
    return out


def _recommendations(rows: list[list], timeline: list[dict]) -> list[dict]:
    reports: dict[str, dict] = {}
    types = {e["iri"]: e for e in timeline}
    for insp, start, published, rec, label, statement, repeats, repeats_statement in rows:
        entry = reports.setdefault(insp, {"inspection": insp, "start": start or "",
                                          "published": published, "items": {}})
        item = entry["items"].setdefault(rec, {"label": label or "", "statement": statement,
                                               "repeats": []})
        if repeats and (repeats_statement or "") not in item["repeats"]:
            item["repeats"].append(repeats_statement or "an earlier recommendation")
    out = []
    for entry in sorted(reports.values(), key=lambda e: e["start"], reverse=True):
        e = types.get(entry["inspection"], {})
        items = sorted(entry["items"].values(), key=lambda i: (_number(i["label"]), i["label"]))
        out.append({"title": f"{e.get('type', 'Inspection')}, {_date(entry['start'])}"
                    + (f", published {_date(entry['published'])}" if entry["published"] else ""),
                    "year": entry["start"][:4], "recs": items,
                    "repeated": sum(1 for i in items if i["repeats"])})
    return out


_DIGITS = re.compile(r"\d+")


def _number(label: str) -> int:
    """The last number of a label (``Recommendation 12`` -> 12), 0 without one."""
    digits = _DIGITS.findall(label)
    return int(digits[-1]) if digits else 0


def _source_link(url: str | None, file: str | None) -> dict:
    if url and url.startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        return {"href": url, "text": "on " + (urlsplit(url).hostname or "the web")}
    if not file:
        return {"href": None, "text": ""}
    if _HASHED.search(file):  # a name made of a digest says nothing to a reader
        return {"href": None, "text": "its text is in the sources folder"}
    return {"href": None, "text": f"file {file}"}


_HASHED = re.compile(r"[0-9a-f]{12,}", re.I)


def _findings(rows: list[list], timeline: list[dict]) -> list[dict]:
    types = {e["iri"]: e for e in timeline}
    findings: dict[str, dict] = {}
    for (finding, statement, polarity, theme, area, insp, start, source, title, url, file, page,
         span_start, span_end, text) in rows:
        f = findings.setdefault(finding, {"statement": statement, "polarity": polarity or "",
                                          "themes": set(), "inspection": insp, "area": area,
                                          "start": start or "", "passages": {}})
        if theme:
            f["themes"].add(theme)
        if source:
            key = (source, int(span_start or 0), int(span_end or 0))
            f["passages"][key] = {"title": plain_dates(title) or "the source", "page": page,
                                  "text": text,
                                  "link": _source_link(url, file)}
    groups: dict[str, dict] = {}
    for f in findings.values():
        e = types.get(f["inspection"] or "")
        head = (f"{e['type']}, {_date(e['start'])}" if e else "Other sources")
        group = groups.setdefault(head, {"title": head, "start": e["start"] if e else "",
                                         "themes": defaultdict(list), "count": 0})
        group["count"] += 1
        for theme in sorted(f["themes"]) or ["No theme"]:
            group["themes"][(f["area"] or "", theme)].append(f)
    out = []
    for group in sorted(groups.values(), key=lambda g: g["start"], reverse=True):
        themes = []
        for (area, theme), items in sorted(group["themes"].items(),
                                           key=lambda t: (t[0][0], -len(t[1]), t[0][1])):
            weak = sum(1 for i in items if i["polarity"] == "Weakness")
            items = sorted(items, key=lambda i: (_number(i["statement"].split(" of ", 1)[0]),
                                                 i["statement"]))
            themes.append({"theme": theme, "area": area, "entries": [
                {"statement": i["statement"], "polarity": i["polarity"],
                 "passages": [p for _, p in sorted(i["passages"].items())]} for i in items],
                "weaknesses": weak, "strengths": sum(1 for i in items
                                                     if i["polarity"] == "Strength")})
        out.append({"title": group["title"], "count": group["count"], "themes": themes,
                    "source": _common_source(themes)})
    return out


def _common_source(themes: list[dict]) -> dict | None:
    """The source most of a group's passages come from (its report), cited once in the
    group's heading: its passages then name only their page. A passage whose text is its
    finding's statement word for word is not quoted again."""
    from collections import Counter

    counts = Counter(p["title"] for t in themes for e in t["entries"] for p in e["passages"])
    if not counts:
        return None
    title, _ = counts.most_common(1)[0]
    source = None
    for t in themes:
        for e in t["entries"]:
            for p in e["passages"]:
                p["short"] = p["title"] == title
                if p["short"] and source is None:
                    source = {"title": title, "link": p["link"]}
                if p["text"] and " ".join(p["text"].split()) == " ".join(e["statement"].split()):
                    p["text"] = None
    return source


def _people(rows: list[list]) -> list[dict]:
    people: dict[tuple, dict] = {}
    for person, name, post, org, start, end, status, how, source, title, url in rows:
        entry = people.setdefault((name, post, person), {
            "iri": person, "name": name, "post": post, "organisation": org, "start": start,
            "end": end,
            "status": status or "", "how": set(), "sources": {}})
        entry["how"].add(_HOW.get(how, how))
        if source:
            entry["sources"][source] = {"title": plain_dates(title) or "a source",
                                        "link": _source_link(url, None)}
    out = []
    for entry in sorted(people.values(), key=lambda e: (e["name"], e["post"])):
        span = ("from " + _date(entry["start"]) if entry["start"] else "") + (
            (" to " if entry["start"] else "until ") + _date(entry["end"]) if entry["end"] else "")
        out.append({**entry, "how": "; ".join(sorted(entry["how"])), "years": span.strip(),
                    "sources": list(entry["sources"].values())})
    return out


def council_page(kg, council: str, gss: str, label: str, region: str | None, *,
                 passages: dict[str, list[dict]] | None = None,
                 has_page=lambda gss: False, rows: dict[str, list[list]] | None = None,
                 seconds: float = 0.0) -> CouncilPage:
    """The data of the page of one council, from the named queries of
    :data:`COUNCIL_QUERIES`.

    ``passages`` (finding IRI -> passages with text, from
    :func:`graph.views.pages.evidence_passages`) fills in the text of passages
    the graph does not hold; ``has_page(gss)`` says whether a neighbour has a page.
    ``rows`` are the queries' rows when already read (:func:`councils_rows`; the
    page's share of their time in ``seconds``); without them, the queries run for
    this council (:func:`council_rows`).
    """
    if rows is None:
        rows, seconds = council_rows(kg, gss)
    timeline = _timeline(rows["timeline"])
    _anchor_timeline(timeline)
    findings_rows = rows["findings"]
    if passages:
        findings_rows = [_with_text(r, passages) for r in findings_rows]
    graded = [e for e in timeline if e["overall"]]
    latest = graded[-1] if graded else None
    sections = {
        "timeline": timeline, "timeline_svg": timeline_svg(timeline) if timeline else "",
        "latest": latest,
        "recommendations": _recommendations(rows["recommendations"], timeline),
        "findings": _findings(findings_rows, timeline),
        "workforce": _workforce(rows["workforce"]),
        "people": _people(rows["people"]),
        "boards": [{"name": name, "kind": _kind_unless_named(name, _KINDS.get(kind, kind)),
                    "chair": chair_name, "status": status}
                   for _, name, kind, _, chair_name, status in rows["boards"]],
        "neighbours": [{"name": name, "gss": iri.rsplit("/", 1)[-1], "latest": latest_start,
                        "grade": grade, "colour": GRADE_COLOURS.get(grade, "#6b7280"),
                        "page": has_page(iri.rsplit("/", 1)[-1]), "when": _date(latest_start)}
                       for iri, name, latest_start, grade, _ in rows["neighbours"]],
        "sources": _sources(rows["sources"]),
    }
    return CouncilPage(council, gss, label, region, sections, seconds)


def _kind_unless_named(name: str | None, kind: str | None) -> str:
    """A board's kind, unless its name says it already (``... safeguarding hub``, ``Hub``)."""
    if not kind:
        return ""
    return "" if kind.split()[-1].lower() in (name or "").lower().split() else kind


def _with_text(row: list, passages: dict[str, list[dict]]) -> list:
    if row[14] is not None or row[7] is None:
        return row
    for p in passages.get(row[0], []):
        if (str(p["start"]), str(p["end"])) == (row[12], row[13]) and p.get("text"):
            return row[:14] + [p["text"]]
    return row


def _sources(rows: list[list]) -> list[dict]:
    seen: dict[str, dict] = {}
    for source, title, kind, published, url, file in rows:
        if source in seen:
            continue
        seen[source] = {"title": plain_dates(title) or "Untitled source",
                        "kind": _KINDS.get(kind, kind),
                        "published": _date(published), "link": _source_link(url, file)}
    return list(seen.values())


def inspection_anchor(e: dict) -> str:
    """The id of an inspection's row in a council page's timeline: ``inspection-2019-02-25``
    (a second inspection starting the same day gets ``-2``)."""
    return e.get("anchor") or "inspection-" + re.sub(r"[^0-9A-Za-z]+", "-", e["start"] or "x")


def _anchor_timeline(timeline: list[dict]) -> None:
    seen: dict[str, int] = {}
    for e in timeline:
        base = inspection_anchor(e)
        seen[base] = seen.get(base, 0) + 1
        e["anchor"] = base if seen[base] == 1 else f"{base}-{seen[base]}"


def index_entries(pages: list[tuple[dict, CouncilPage, str]], ego_pages: dict[str, str],
                  fold) -> dict[str, list[dict]]:
    """The index's people, inspections and themes, gathered from the council pages' sections
    (no query of their own).

    ``pages`` holds (council, its :class:`CouncilPage`, its page's path); ``ego_pages``
    maps an entity's IRI to its graph view; ``fold`` makes the text the index's filter reads
    (lower case, no accents).

    Returns
    -------
    dict
        ``people``: one entry per person, with their posts and the councils they appear
        in; ``inspections``: one per inspection, with its grade and the row of its council
        page; ``themes``: one per finding theme, with the councils whose findings it groups.
    """
    people: dict[str, dict] = {}
    inspections: list[dict] = []
    themes: dict[str, dict] = {}
    for council, page, path in pages:
        label = council["label"]
        for e in page.sections["timeline"]:
            title = f"{e['type']} of {label}"
            grade = e["overall"] or ("visit, not graded" if e["visit"] else "not graded")
            inspections.append({
                "title": title, "when": e["when"], "grade": grade, "start": e["start"],
                "href": f"{path}#{e['anchor']}", "ego": ego_pages.get(e["iri"]),
                "search": fold(" ".join([title, e["when"], e["start"], e["framework"],
                                         e["framework_short"], grade, e["lead"] or ""]))})
        for person in page.sections["people"]:
            entry = people.setdefault(person["iri"], {
                "name": person["name"], "posts": [], "councils": {},
                "ego": ego_pages.get(person["iri"])})
            post = person["post"] + (f" ({person['years']})" if person["years"] else "")
            if post and post not in entry["posts"]:
                entry["posts"].append(post)
            entry["councils"][label] = f"{path}#people"
        for group in page.sections["findings"]:
            for t in group["themes"]:
                if t["theme"] == "No theme":
                    continue
                entry = themes.setdefault(t["theme"], {"theme": t["theme"], "findings": 0,
                                                        "councils": {}})
                entry["findings"] += len(t["entries"])
                entry["councils"].setdefault(label, [f"{path}#findings", 0])
                entry["councils"][label][1] += len(t["entries"])
    out_people = []
    for entry in sorted(people.values(), key=lambda e: (e["name"].lower(), e["name"])):
        councils = sorted(entry["councils"].items())
        out_people.append({**entry, "councils": councils,
                           "search": fold(" ".join([entry["name"], *entry["posts"],
                                                    *(c for c, _ in councils)]))})
    out_themes = []
    for entry in sorted(themes.values(), key=lambda e: (-e["findings"], e["theme"])):
        councils = sorted(entry["councils"].items(), key=lambda c: (-c[1][1], c[0]))
        out_themes.append({"theme": entry["theme"], "findings": entry["findings"],
                           "councils": [(name, href, n) for name, (href, n) in councils],
                           "search": fold(entry["theme"])})
    inspections.sort(key=lambda i: (i["title"].lower(), i["start"]))
    return {"people": out_people, "inspections": inspections, "themes": out_themes}
