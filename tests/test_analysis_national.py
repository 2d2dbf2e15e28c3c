"""The analysis report on the national graph with Ofsted's reports: what a reader sees.

Every figure and table must say what it covers, captions must stay readable with hundreds of
reports behind them, and the theme pairs must rank what is informative, not what every
inspection has.
"""

from __future__ import annotations

import io
from collections import Counter
from itertools import combinations

import pytest
from national_graph import national_kg  # noqa: F401  (fixture)

from graph.analysis import report as analysis_report
from graph.sparql.text import prefixed

WHOLE_GRAPH = ("Most central entities", "Communities", "Degree distribution")


@pytest.fixture(scope="module")
def national_report(national_kg):  # noqa: F811
    return analysis_report.build_report(national_kg, made="2026-12-02")


def _section(report, title):
    return next(s for s in report.sections if s.title == title)


def test_every_section_states_what_it_covers(national_report):
    for section in national_report.sections:
        if section.title in WHOLE_GRAPH:
            assert "entities" in section.note, section.title
            continue
        assert "Coverage:" in section.note or "councils" in section.note, section.title
    grades = _section(national_report, "Grades over time")
    assert "SIF-era grades come only from the reports and records imported" in grades.note
    assert "councils a year" in grades.note
    central = _section(national_report, "Most central entities")
    assert "most described, not most important" in central.note


def test_captions_sum_up_the_reports_and_stay_short(national_kg, national_report):  # noqa: F811
    reports = national_kg.store.query(prefixed("""
        SELECT (COUNT(DISTINCT ?r) AS ?n) (COUNT(DISTINCT ?c) AS ?councils) WHERE {
          ?r a ig:InspectionReport ; schema:about/ig:subject ?c }""")).rows[0]
    n, councils = int(reports[0]), int(reports[1])
    assert n >= 1 and councils >= 1
    figures = [f for s in national_report.sections for f in s.figures]
    assert len(figures) == 3
    for fig in figures:
        assert fig.caption.startswith("Source: ") and "Made 2026-12-02" in fig.caption
        assert len(fig.caption) < 900, fig.name
        assert fig.problems == [], (fig.name, fig.problems)
    degree = next(f for f in figures if f.name == "degree-distribution.png")
    # every graph holds some triple, so every report counts here
    summed = (f"Ofsted, {n:,} inspection report{'s' if n != 1 else ''} of {councils:,} "
              f"council{'s' if councils != 1 else ''}, published ")
    assert summed in degree.caption
    grades = next(f for f in figures if f.name == "grades-over-time.png")
    assert "Local authority children's services inspection outcomes" in grades.caption
    assert "inspection reports of" in grades.caption


def test_plots_are_of_a_readable_size(national_report):
    from PIL import Image

    for fig in (f for s in national_report.sections for f in s.figures):
        width, height = Image.open(io.BytesIO(fig.png)).size
        assert width <= 1200 and height <= 900, (fig.name, width, height)


def test_theme_pairs_are_ranked_by_lift_computed_from_the_findings(national_kg,  # noqa: F811
                                                                   national_report):
    section = _section(national_report, "Themes found together")
    rows = section.tables[0][1]
    assert len(rows) == 15
    if "more often than chance" not in section.note:
        # too few findings for lift to mean much: ranked by inspections instead
        assert rows[0]["findings"] < analysis_report.THEME_MIN_FINDINGS or len(rows) < 15
        return
    lifts = [r["lift"] for r in rows]
    assert lifts == sorted(lifts, reverse=True) and lifts[-1] > 1
    assert all(r["findings"] >= analysis_report.THEME_MIN_FINDINGS for r in rows)
    # an independent count: the themes of every finding and recommendation (reader comments
    # carry themes too, but are neither)
    tagged: dict[str, set[str]] = {}
    for item, label in national_kg.store.query(prefixed("""
            SELECT ?item ?label WHERE { VALUES ?cls { ig:Finding ig:Recommendation }
              ?item a ?cls ; ig:theme ?t . ?t skos:prefLabel ?label }""")).rows:
        tagged.setdefault(str(item), set()).add(str(label))
    per_theme = Counter(t for themes in tagged.values() for t in themes)
    pairs = Counter(p for themes in tagged.values() for p in combinations(sorted(themes), 2))
    top = rows[0]
    both = pairs[(top["theme"], top["with theme"])]
    assert top["findings"] == both
    expected = both * len(tagged) / (per_theme[top["theme"]] * per_theme[top["with theme"]])
    assert top["lift"] == pytest.approx(expected, abs=1e-3)


def test_themes_command_ranks_by_lift_on_request():
    from click.testing import CliRunner

    from graph.cli import main

    result = CliRunner().invoke(main, ["themes", "--by", "lift", "--top", "5"])
    assert result.exit_code == 0, result.output
    header, _rule, *lines = result.output.splitlines()
    assert header.split("|")[-1].strip() == "lift"
    lifts = [float(line.split("|")[-1]) for line in lines]
    assert len(lifts) == 5 and lifts == sorted(lifts, reverse=True)
    bad = CliRunner().invoke(main, ["themes", "--by", "weight"])
    assert bad.exit_code != 0 and "weight" in bad.output


def test_grade_changes_agree_with_journeys_with_reports_imported(national_kg):  # noqa: F811
    from graph.analysis.journeys import grade_change, grade_journeys

    latest = {str(r["council"]): r.get("direction")
              for r in national_kg.query_named("latest-judgement-changes").to_dicts()}
    for change in ("improved", "declined", "unchanged"):
        for r in national_kg.query_named("grade-changes", change=change).to_dicts():
            assert latest[str(r["council"])] == change, r["council"]
    journeys = {j.council: j for j in grade_journeys(national_kg)}
    assert set(latest) <= set(journeys)
    for council, direction in latest.items():
        steps = journeys[council].steps
        expected = grade_change(steps[-2].rank, steps[-1].rank) if len(steps) > 1 else None
        assert direction == expected, council
    # SIF grades read from the reports are steps of the journeys
    assert any(s.framework == "SIF" for j in journeys.values() for s in j.steps)


def test_workforce_section_says_why_inspections_lack_a_figure(national_kg,  # noqa: F811
                                                              national_report):
    import csv

    from conftest import need_shared

    from graph.analysis import gradestats

    path = need_shared("data", "dfe", "csww_indicators_2017_to_2025.csv")
    with open(path, newline="", encoding="utf-8-sig") as f:
        periods = {row["time_period"] for row in csv.DictReader(f)}
    released = {int(p[:4]) for p in periods}
    results = gradestats.workforce_by_grade(national_kg, resamples=20)
    graded = gradestats.graded_inspections(national_kg)
    for result in results:
        assert sum(result.missing.values()) == result.graded - result.n
        outside = sum(1 for g in graded if gradestats.reporting_year(g.start) not in released)
        assert result.missing.get("in a year the release does not cover", 0) == outside
    section = _section(national_report, "Workforce by grade")
    assert "without a figure" in section.note and "withheld" in section.note
    flagged = section.tables[2][1]
    assert flagged and all(row["social workers (FTE)"] < gradestats.SMALL_COUNCIL_FTE
                           for row in flagged)
