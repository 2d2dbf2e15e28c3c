"""Workforce rates by grade and grades over time, on a fictional fixture in the model.

tests/fixtures/analysis/workforce.trig holds seven made-up councils, their
inspections and DfE-style workforce statistics. The pairs each inspection
should give are listed here by hand from that file (with the reporting-year
rule of graph.gradestats), and the figures are computed from them with NumPy
and SciPy, independently of the code under test.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from conftest import need_shared
from scipy import stats

import graph
from graph.analysis import gradestats

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "analysis" / "workforce.trig"
RANK = {"outstanding": 1, "good": 2, "requires-improvement": 3, "inadequate": 4}

# (council, fieldwork start, grade, DfE reporting year, value) for each graded inspection
# that has a figure; October to December fieldwork counts for the next reporting year.
TURNOVER = [
    ("E06009901", "2019-03-11", "good", 2019, 12.5),
    ("E06009901", "2023-10-02", "outstanding", 2024, 9.0),   # October: next year's figure
    ("E06009902", "2019-06-03", "requires-improvement", 2019, 15.0),
    ("E06009902", "2022-11-14", "good", 2023, 14.2),
    ("E06009903", "2020-01-20", "inadequate", 2020, 22.4),
    ("E06009903", "2023-05-08", "requires-improvement", 2023, 18.0),
    ("E06009904", "2018-12-03", "inadequate", 2019, 25.1),
    ("E06009906", "2022-02-14", "requires-improvement", 2022, 16.3),
    ("E06009907", "2019-10", "inadequate", 2020, 27.0),       # month precision, October
    # Elsham 2021-09-27 has no turnover figure for 2021 (only 2022): left out
]
AGENCY = [
    ("E06009901", "2019-03-11", "good", 2019, 5.0),
    ("E06009901", "2023-10-02", "outstanding", 2024, 3.1),
    ("E06009902", "2019-06-03", "requires-improvement", 2019, 12.0),
    ("E06009902", "2022-11-14", "good", 2023, 10.4),
    ("E06009903", "2020-01-20", "inadequate", 2020, 30.2),
    ("E06009903", "2023-05-08", "requires-improvement", 2023, 20.5),
    ("E06009904", "2018-12-03", "inadequate", 2019, 28.0),
    ("E06009905", "2021-09-27", "good", 2021, 7.7),
    ("E06009906", "2022-02-14", "requires-improvement", 2022, 15.5),
    # Garside 2019-10 has no agency figure for 2020: left out
]


@pytest.fixture(scope="module")
def fixture_graph():
    from rdflib import Dataset

    from graph import vocab
    from graph.store import MemoryStore

    ds = Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    store = MemoryStore()
    store.replace_graph(vocab.ONTOLOGY_GRAPH, vocab.load_ontology())
    store.add_dataset(ds)
    return graph.InspectionGraph(store)


def expected_summary(pairs):
    """Per grade (n, median, q1, q3, min, max) and Spearman's rho, by NumPy and SciPy."""
    out = {}
    for grade in RANK:
        values = [v for *_x, g, _y, v in pairs if g == grade]
        if values:
            q1, med, q3 = np.percentile(values, [25, 50, 75])
            out[grade] = (len(values), med, q1, q3, min(values), max(values))
        else:
            out[grade] = (0, None, None, None, None, None)
    rho = stats.spearmanr([RANK[p[2]] for p in pairs], [p[4] for p in pairs])
    return out, rho.statistic, rho.pvalue


@pytest.mark.parametrize("measure,pairs", [("turnover-rate-fte", TURNOVER),
                                           ("agency-rate-fte", AGENCY)])
def test_workforce_by_grade_equals_an_independent_computation(fixture_graph, measure, pairs):
    (found,) = gradestats.workforce_by_grade(fixture_graph, [measure])
    expected, rho, p = expected_summary(pairs)
    assert found.measure == measure
    assert found.n == len(pairs)
    assert sorted((x["council"].rsplit("/", 1)[-1], x["year"], x["grade"], x["value"])
                  for x in found.pairs) == sorted((c, y, g, v) for c, _s, g, y, v in pairs)
    assert [s.grade for s in found.grades] == list(RANK)
    for s in found.grades:
        n, med, q1, q3, lo, hi = expected[s.grade]
        assert s.n == n
        if n:
            assert (s.median, s.q1, s.q3, s.min, s.max) == pytest.approx((med, q1, q3, lo, hi))
        else:
            assert s.median is None
    assert found.rho == pytest.approx(rho)
    assert found.p_value == pytest.approx(p, rel=1e-6)


def test_only_overall_effectiveness_judgements_count(fixture_graph):
    graded = gradestats.graded_inspections(fixture_graph)
    # eleven inspections, one a focused visit without a grade; Carrow 2020 also has a
    # help-and-protection judgement (good) that must not replace its overall grade
    assert len(graded) == 10
    carrow = [g for g in graded if g.start == "2020-01-20"]
    assert [g.grade for g in carrow] == ["inadequate"]


def test_grade_distribution_counts_graded_inspections_per_year(fixture_graph):
    rows = gradestats.grade_distribution(fixture_graph)
    by = {(r["year"], r["grade"]): r["inspections"] for r in rows}
    assert by == {(2018, "inadequate"): 1, (2019, "good"): 1,
                  (2019, "requires-improvement"): 1, (2019, "inadequate"): 1,
                  (2020, "inadequate"): 1, (2021, "good"): 1,
                  (2022, "good"): 1, (2022, "requires-improvement"): 1,
                  (2023, "outstanding"): 1, (2023, "requires-improvement"): 1}


def test_no_workforce_statistics_gives_empty_summaries(bundled_graph):
    for found in gradestats.workforce_by_grade(bundled_graph):
        assert found.n == 0 and found.rho is None
        assert [s.n for s in found.grades] == [0, 0, 0, 0]


def test_statistics_helpers_agree_with_numpy_and_scipy():
    rng = random.Random(3)
    for n in (3, 4, 7, 30):
        x = [rng.randint(1, 4) for _ in range(n)]
        y = [round(rng.uniform(0, 40), 1) for _ in range(n)]
        if len(set(x)) > 1:
            assert gradestats.spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic)
        assert gradestats.quartiles(y) == pytest.approx(tuple(np.percentile(y, [25, 50, 75])))
        assert gradestats.ranks(y) == pytest.approx(list(stats.rankdata(y)))
    assert gradestats.spearman([1, 1, 1], [1, 2, 3]) is None
    assert gradestats.spearman([1, 2], [1, 2]) is None
    assert [gradestats.reporting_year(d) for d in ("2019-09-30", "2019-10-01", "2019-12",
                                                   "2019")] == [2019, 2020, 2020, 2019]


# --- the national data ----------------------------------------------------------------------
GRADE_LABELS = {"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3,
                "Inadequate": 4}
OUTCOME_SHEETS = ("Inspections_as_at_31_March.csv", "In-year_inspections.csv",
                  "ILACS_inspection_history.csv")


@pytest.fixture(scope="module")
def national_graph():
    from graph.sources.outcomes import import_outcomes
    from graph.sources.workforce import import_workforce

    kg = graph.load(validate=False)
    import_outcomes(kg.store, need_shared("data", "dfe", "csv"))
    import_workforce(kg.store, need_shared("data", "dfe", "csww_indicators_2017_to_2025.csv"))
    return kg


def national_pairs(column: str):
    """(council, date, grade, reporting year, value) computed from the official CSVs alone.

    Inspections: every row of the three outcomes tables with an overall effectiveness
    grade, once per council and date. Figures: the workforce file's local authority rows;
    a row refers to the council with its area code or, when no council has that code, to
    the one council whose report link carries the row's DfE code.
    """
    import csv
    from collections import defaultdict

    folder = need_shared("data", "dfe", "csv")
    graded: dict[tuple[str, str], int] = {}
    link_councils: dict[str, set[str]] = defaultdict(set)
    for name in OUTCOME_SHEETS:
        with open(folder / name, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                gss = row["Local authority area code"].strip()
                link_councils[row["Web link"].strip().rstrip("/").rsplit("/", 1)[-1]].add(gss)
                date = (row.get("Inspection date") or row.get("Inspection/Visit date")).strip()
                grade = row["Overall effectiveness"].strip()
                if grade:
                    graded[(gss, date)] = GRADE_LABELS[grade]
    councils = {gss for gss, _d in graded} | {g for gs in link_councils.values() for g in gs}
    figures: dict[tuple[str, int], float] = {}
    path = need_shared("data", "dfe", "csww_indicators_2017_to_2025.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["geographic_level"] != "Local authority":
                continue
            try:
                value = float(row[column])
            except ValueError:  # suppressed: x, z, c, u, low
                continue
            codes = [c.strip() for c in row["new_la_code"].split("/")]
            dfes = [c.strip() for c in row["old_la_code"].split("/")]
            for code, dfe in zip(codes, dfes, strict=True):
                if code not in councils and len(link_councils.get(dfe, ())) == 1:
                    code = next(iter(link_councils[dfe]))
                figures[(code, int(row["time_period"]))] = value
    pairs = []
    rank_name = {v: k for k, v in RANK.items()}
    for (gss, date), rank in sorted(graded.items()):
        day, month, year = (int(x) for x in date.split("/"))
        reporting = year + 1 if month >= 10 else year
        if (gss, reporting) in figures:
            pairs.append((gss, date, rank_name[rank], reporting, figures[(gss, reporting)]))
    return pairs


@pytest.mark.shared
@pytest.mark.parametrize("measure,column", [("turnover-rate-fte", "turnover_rate_fte"),
                                            ("agency-rate-fte", "agency_rate_fte")])
def test_national_workforce_by_grade_equals_the_official_files(national_graph, measure,
                                                               column):
    pairs = national_pairs(column)
    (found,) = gradestats.workforce_by_grade(national_graph, [measure])
    expected, rho, p = expected_summary(pairs)
    assert found.n == len(pairs) > 200
    assert sorted((x["council"].rsplit("/", 1)[-1], x["year"], x["value"]) for x in found.pairs
                  ) == sorted((c, y, v) for c, _d, _g, y, v in pairs)
    for s in found.grades:
        n, med, q1, q3, lo, hi = expected[s.grade]
        assert s.n == n > 0
        assert (s.median, s.q1, s.q3, s.min, s.max) == pytest.approx((med, q1, q3, lo, hi))
    assert found.rho == pytest.approx(rho)
    assert found.p_value == pytest.approx(p, rel=1e-6)
    assert found.rho > 0  # worse grades go with higher rates in these releases


def test_intervals_resample_councils_and_small_councils_are_flagged():
    """Council-level resampling: a council's repeat inspections move together, so copying
    every pair of a sample does not narrow the interval; small councils are flagged."""
    from graph.analysis.gradestats import _rho, council_bootstrap

    base = [{"council": f"c{i}", "rank": 1 + i % 4, "value": float(10 + (i % 4) * 3 + i % 5)}
            for i in range(40)]
    once = council_bootstrap(base, _rho, resamples=400, seed=1)
    doubled = council_bootstrap(base + [dict(p) for p in base], _rho, resamples=400, seed=1)
    assert once is not None and doubled is not None
    assert once[0] < once[1]
    # the same councils, each inspected twice alike: no more certainty than once
    assert abs((doubled[1] - doubled[0]) - (once[1] - once[0])) < 0.1
    naive = council_bootstrap([dict(p, council=f"x{k}") for k, p in
                               enumerate(base + base)], _rho, resamples=400, seed=1)
    assert naive[1] - naive[0] < once[1] - once[0]  # treating repeats as independent narrows
