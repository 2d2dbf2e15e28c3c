"""Grade journeys: the transition matrix against an independent count from Ofsted's file."""

from __future__ import annotations

import collections
import datetime as dt

import pytest
from click.testing import CliRunner
from conftest import need_shared

from graph.analysis.journeys import (
    Journey,
    Step,
    grade_change,
    grade_journeys,
    inadequate_spells,
    journey_summary,
    transition_matrix,
)

ODS = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
GRADE_IDS = {"Outstanding": "outstanding", "Good": "good",
             "Requires improvement to be good": "requires-improvement",
             "Inadequate": "inadequate"}


@pytest.fixture(scope="module")
def outcomes_store():
    """Ofsted's outcomes alone, with the ontology (grade ranks) beside them."""
    from graph.sources import import_outcomes
    from graph.store import OxigraphStore
    from graph.vocab import ONTOLOGY_GRAPH, load_ontology

    path = need_shared("data", "dfe", ODS)
    store = OxigraphStore()
    store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
    import_outcomes(store, path)
    return store, path


def count_from_file(path) -> tuple[collections.Counter, int]:
    """Transitions between consecutive graded inspections per council, read with pandas."""
    pd = pytest.importorskip("pandas")
    graded: dict[tuple[str, dt.date], str] = {}
    for sheet in ("ILACS_inspection_history", "Inspections_as_at_31_March",
                  "In-year_inspections"):
        frame = pd.read_excel(path, engine="odf", sheet_name=sheet, header=2)
        date_column = next(c for c in frame.columns if str(c).startswith("Inspection"))
        for row in frame.to_dict("records"):
            grade = row.get("Overall effectiveness")
            if grade in GRADE_IDS:
                day = pd.Timestamp(row[date_column]).date()
                graded[(row["Local authority area code"], day)] = GRADE_IDS[grade]
    by_council = collections.defaultdict(list)
    for (code, day), grade in graded.items():
        by_council[code].append((day, grade))
    counts: collections.Counter = collections.Counter()
    for steps in by_council.values():
        steps.sort()
        for (_, a), (_, b) in zip(steps, steps[1:], strict=False):
            counts[(a, b)] += 1
    return counts, len(graded)


def test_transition_matrix_equals_an_independent_count(outcomes_store):
    store, path = outcomes_store
    expected, graded = count_from_file(path)
    journeys = grade_journeys(store)
    assert sum(len(j.steps) for j in journeys) == graded
    assert transition_matrix(journeys) == dict(expected)
    assert sum(expected.values()) > 100


def test_grade_changes_agree_with_the_journeys(outcomes_store):
    """The named query grade-changes and the journeys derive improved/declined alike."""
    from graph.queries.library import get_query
    from graph.sparql.text import prefixed
    from graph.store.derived import derive

    store, _ = outcomes_store
    derive(store)
    journeys = {j.council: j for j in grade_journeys(store)}
    for change in ("improved", "declined", "unchanged"):
        q = get_query("grade-changes")
        rows = store.query(prefixed(q.sparql), bindings=q.bindings(change=change)).to_dicts()
        assert rows, change
        for row in rows:
            steps = journeys[str(row["council"])].steps
            assert grade_change(steps[-2].rank, steps[-1].rank) == change, row["name"]


def test_spells_and_summary():
    def step(start, grade, rank):
        return Step(f"i{start}", start, "ILACS", grade, rank)

    j = Journey("c", "C", [step("2015-06", "good", 2), step("2018-01-10", "inadequate", 4),
                           step("2019-03-01", "inadequate", 4),
                           step("2020-07-01", "requires-improvement", 3),
                           step("2023-01-01", "good", 2)])
    spells = inadequate_spells([j])
    assert len(spells) == 1
    spell = spells[0]
    assert (spell.start, spell.end) == ("2018-01-10", "2020-07-01")
    assert round(spell.months) == 30 and round(spell.good_after_months) == 60
    ongoing = inadequate_spells([Journey("d", "D", [step("2022-01-01", "inadequate", 4)])],
                                as_at="2023-01-01")
    assert ongoing[0].end is None and round(ongoing[0].months) == 12
    summary = journey_summary([j])
    assert summary["inadequate spells"] == 1 and summary["median months to good or better"]


def test_journeys_command_on_the_bundled_records():
    from graph.cli import main

    out = CliRunner().invoke(main, ["journeys"])
    assert out.exit_code == 0, out.output
    line = next(x for x in out.output.splitlines() if x.startswith("Requires improvement"))
    assert line.split("|")[4].strip() == "1"  # West Sussex: SIF 2015 RI, then ILACS inadequate
    out = CliRunner().invoke(main, ["journeys", "--council", "sussex"])
    assert "SIF 2015 RI -> ILACS 2019-02 I" in out.output


@pytest.fixture(scope="module")
def national_with_records():
    """The bundled records (a curated grade for West Sussex in 2015) and Ofsted's outcomes."""
    import graph
    from graph.sources import import_outcomes
    from graph.store import OxigraphStore

    path = need_shared("data", "dfe", ODS)
    kg = graph.load(validate=False, store=OxigraphStore())
    import_outcomes(kg.store, path)
    return kg


def test_grade_changes_and_latest_judgement_changes_agree(national_with_records):
    kg = national_with_records
    latest = {str(r["council"]): r.get("direction")
              for r in kg.query_named("latest-judgement-changes").to_dicts()}
    for change in ("improved", "declined", "unchanged"):
        listed = {str(r["council"]) for r in kg.query_named("grade-changes", change=change)
                  .to_dicts()}
        assert listed, change
        for council in listed:
            assert latest[council] == change, council
    journeys = {j.council: j for j in grade_journeys(kg)}
    for council, direction in latest.items():
        steps = journeys[council].steps
        expected = grade_change(steps[-2].rank, steps[-1].rank) if len(steps) > 1 else None
        assert direction == expected, council
    west_sussex = journeys["https://w3id.org/inspection-graph/id/council/E10000032"]
    assert west_sussex.steps[0].framework == "SIF" and west_sussex.steps[0].start == "2015"
