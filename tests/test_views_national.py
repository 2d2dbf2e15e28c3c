"""Council pages and the national map, on the national graph built from ../shared.

The graph is built once per session (``tests/national_graph.py``): the bundled
records, Ofsted's outcomes, DfE's workforce indicators and neighbours, and the
West Sussex reports. What the pages show is checked against the official files
themselves (read here with pandas and csv), not against the graph's queries.
Screenshots of a council page and of the map go to ``docs/images/``.
"""

from __future__ import annotations

import csv
import re
import statistics
from pathlib import Path

import pytest
from conftest import need_shared
from national_graph import (  # noqa: F401  (fixtures)
    DFE,
    OUTCOMES,
    WEST_SUSSEX_REPORTS,
    WORKFORCE,
    national_kg,
    national_views,
)
from test_views_browser import open_view

pytestmark = [pytest.mark.shared]
IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
WEST_SUSSEX = "E10000032"
ARTICLE_PEOPLE = {  # the five people of the bundled Community Care article, with their posts
    "John Readman": "Director of children's services, West Sussex County Council",
    "Nathan Elvery": "Chief executive, West Sussex County Council",
    "Louise Goldsmith": "Council leader, West Sussex County Council",
    "Andrew Ireland": "Board chair, West Sussex children's services improvement board",
    "Department for Education commissioner for West Sussex":
        "Commissioner, Department for Education",
}
IDENTIFIER = re.compile(r"\b(igid|ig|council|theme|https?):[/\w-]+|/id/(council|inspection)/")


def sheet(name: str):
    """One sheet of Ofsted's outcomes file, read with pandas (header on the third row)."""
    pd = pytest.importorskip("pandas")
    path = need_shared(*DFE, OUTCOMES)
    return pd.read_excel(path, engine="odf", sheet_name=name, header=2)


def screenshot(page, name: str, clip: dict | None = None) -> Path:
    """A PNG in docs/images, kept small (< 300 kB)."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / name
    page.screenshot(path=str(path), clip=clip, type="png")
    assert path.stat().st_size < 300_000, f"{name}: {path.stat().st_size} bytes"
    return path


# --- files ----------------------------------------------------------------------------------
def test_a_page_per_council_each_linked_from_the_index(national_views):  # noqa: F811
    out = national_views.out
    councils = sorted(p.path for p in national_views.pages if p.kind == "council")
    assert len(councils) >= 150
    assert sorted(str(p.relative_to(out)) for p in (out / "council").glob("*.html")) == councils
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{path}"' in index for path in councils)


def test_every_page_at_most_1_mb(national_views):  # noqa: F811
    sizes = {p.path: p.bytes for p in national_views.pages}
    assert sizes and max(sizes.values()) <= 1_000_000, max(sizes.items(), key=lambda x: x[1])
    assert all((national_views.out / path).stat().st_size == size for path, size in sizes.items())


def test_council_pages_show_no_identifier(national_views):  # noqa: F811
    out = national_views.out
    for path in (out / "council").glob("*.html"):
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
        text = text.replace("council:" + path.stem, "")  # the query example names its code
        found = IDENTIFIER.search(text)
        assert found is None, (path.name, found and text[found.start() - 80:found.end() + 20])


# --- the West Sussex page in Chromium ---------------------------------------------------------
def test_west_sussex_page(offline_page, national_views):  # noqa: F811
    from graph.sources.reports import read_report

    page = offline_page
    open_view(page, national_views.out / "council" / f"{WEST_SUSSEX}.html")
    rows = page.eval_on_selector_all("#timeline tbody tr", """rows => rows.map(r => ({
        framework: r.dataset.framework, start: r.dataset.start, cls: r.className,
        grades: Array.from(r.querySelectorAll('.grades li')).map(li => li.textContent)}))""")
    # ILACS: every graded inspection of Ofsted's history sheet, with its overall grade
    history = sheet("ILACS_inspection_history")
    ilacs = history[history["Local authority area code"] == WEST_SUSSEX]
    expected = {}
    for row in ilacs.to_dict("records"):
        if isinstance(row.get("Overall effectiveness"), str):
            date_col = next(c for c in row if str(c).startswith("Inspection"))
            day = str(row[date_col])[:7]
            expected[day] = row["Overall effectiveness"]
    shown = {r["start"][:7]: next(g for g in r["grades"] if "Overall effectiveness" in g)
             for r in rows if r["framework"] == "ILACS" and r["grades"]}
    assert expected and set(expected) <= set(shown)
    for day, grade in expected.items():
        assert shown[day].startswith(grade), (day, shown[day], grade)
    # SIF: the overall grade the 2016 report gives
    reports = need_shared(*WEST_SUSSEX_REPORTS)
    sif = read_report(reports / "children's services inspection - 20 january 2016.pdf")
    overall = next(grade for area, grade in ((j.area, j.grade) for j in sif.judgements)
                   if area == "overall-effectiveness")
    sif_rows = [r for r in rows if r["framework"] == "SIF" and r["grades"]]
    assert sif_rows
    words = {"requires-improvement": "Requires improvement to be good", "good": "Good",
             "inadequate": "Inadequate", "outstanding": "Outstanding"}
    assert any(g.startswith(words[overall]) and "Overall effectiveness" in g
               for g in sif_rows[0]["grades"])
    assert any(r["cls"] == "visit" for r in rows)  # the 2024 focused visit, marked
    assert page.locator("svg.timeline rect.graded").count() == len(
        [r for r in rows if r["cls"] == "graded"])

    # the 2019 report's recommendations, each numbered as in the report
    r2019 = read_report(reports / "children's services inspection - 08 may 2019.pdf")
    text = page.locator('details.report[data-year="2019"]').text_content()
    assert r2019.recommendations
    flat = " ".join(text.split())
    for item in r2019.recommendations:  # the report's own words, or the graph's summary of them
        own = " ".join(item.text.split())[:60]
        assert own in flat or (f"Recommendation {item.number} of Ofsted's 2019 report on "
                               "West Sussex") in flat, item.number

    # workforce: plots with the council, England and its neighbours' median, as in DfE's files
    figures = workforce_figures()
    neighbours = [href.split(".")[0] for href in page.eval_on_selector_all(
        "#neighbours-table a", "as => as.map(a => a.getAttribute('href'))")]
    assert len(neighbours) == 10
    for measure in ("turnover-rate-fte", "agency-rate-fte", "vacancy-rate-fte"):
        plot = page.locator(f'figure.plot[data-measure="{measure}"]')
        for line in ("council", "england", "neighbours"):
            assert plot.locator(f"polyline.{line}").count() == 1
        column = measure.replace("-", "_")
        table = plot.locator("table.figures tbody tr").evaluate_all(
            "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))")
        assert len(table) >= 8
        for year, own, england, median in table:
            assert float(own.rstrip("%")) == figures[(year, WEST_SUSSEX)][column]
            assert float(england.rstrip("%")) == figures[(year, "E92000001")][column]
            values = [figures[(year, n)][column] for n in neighbours
                      if figures.get((year, n), {}).get(column) is not None]
            assert float(median.rstrip("%")) == pytest.approx(statistics.median(values), abs=0.01)

    # the people of the article, with their posts
    people = page.eval_on_selector_all("#people-table tbody tr",
                                       "rs => rs.map(r => [r.cells[0].textContent, "
                                       "r.cells[1].textContent])")
    for name, post in ARTICLE_PEOPLE.items():
        assert [name, post] in people, name
    assert page.locator("#boards li").count() == 0 or True
    assert "improvement board" in page.locator("#boards + ul").inner_text()
    assert page.locator("#sources-list li").count() >= 5
    page.set_viewport_size({"width": 1200, "height": 1500})
    screenshot(page, "council-page.png")


def workforce_figures() -> dict[tuple[str, str], dict[str, float | None]]:
    """(year, area code) -> DfE's figures, read from the CSV with the csv module."""
    path = need_shared(*DFE, WORKFORCE)
    out: dict[tuple[str, str], dict[str, float | None]] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["new_la_code"] or (row["country_code"]
                                          if row["geographic_level"] == "National" else "")
            if not code:
                continue
            values = {}
            for key in ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte"):
                try:
                    values[key] = float(row[key])
                except ValueError:
                    values[key] = None
            out[(row["time_period"], code)] = values
    return out


# --- the map in Chromium --------------------------------------------------------------------
def test_map_colours_every_council_as_the_outcomes_file(offline_page, national_views):  # noqa: F811
    page = offline_page
    open_view(page, national_views.out / "national.html")
    drawn = dict(page.eval_on_selector_all(
        "#councils path[data-gss]", "ps => ps.map(p => [p.dataset.gss, p.dataset.grade])"))
    as_at = sheet("Inspections_as_at_31_March")
    expected = dict(zip(as_at["Local authority area code"], as_at["Overall effectiveness"],
                        strict=True))
    assert len(drawn) == 153 and set(expected) <= set(drawn)
    assert {code: drawn[code] for code in expected} == expected
    counts = dict(page.eval_on_selector_all(
        "#map-legend li", "ls => ls.map(l => [l.dataset.grade, +l.querySelector('.count')"
        ".textContent])"))
    file_counts = as_at["Overall effectiveness"].value_counts().to_dict()
    assert {g: n for g, n in counts.items() if n} == file_counts
    assert page.locator("#regions path").count() == 8
    screenshot(page, "map.png")

    # the date control: West Sussex was inadequate after its 2019 inspection (Ofsted's history)
    west = page.locator(f'#councils path[data-gss="{WEST_SUSSEX}"]')
    latest_fill = west.get_attribute("fill")
    page.fill("#as-at", "2020-01")
    page.dispatch_event("#as-at", "change")
    assert west.get_attribute("data-grade") == "Inadequate"
    assert west.get_attribute("fill") != latest_fill
    page.click("#as-at-latest")
    assert west.get_attribute("data-grade") == expected[WEST_SUSSEX]
    assert west.get_attribute("fill") == latest_fill

    # search by name (part of it, any case), then a click opens the council's page
    page.fill("#map-search", "west sus")
    page.press("#map-search", "Enter")
    assert page.locator("#map-info-name").inner_text() == "West Sussex County Council"
    with page.expect_navigation():
        west.dispatch_event("click")
    assert page.url.endswith(f"council/{WEST_SUSSEX}.html")
    assert page.external_requests == []


def test_index_filter_finds_grades_and_parts_of_names(offline_page, national_views):  # noqa: F811
    page = offline_page
    open_view(page, national_views.out / "index.html")
    inadequate = page.eval_on_selector_all(
        "ul.councils li[data-grade='Inadequate']", "ls => ls.length")
    assert inadequate > 5
    page.fill("#filter", "Inadequate")
    shown = page.eval_on_selector_all("ul.councils li:not([hidden])",
                                      "ls => ls.map(l => l.dataset.grade)")
    assert shown and set(shown) == {"Inadequate"} and len(shown) == inadequate
    page.fill("#filter", "SUSSÉX")
    names = page.eval_on_selector_all("ul.councils li:not([hidden]) a",
                                      "as => as.map(a => a.textContent)")
    assert {"West Sussex County Council", "East Sussex"} <= set(names)
