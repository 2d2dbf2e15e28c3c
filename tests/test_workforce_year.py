"""Workforce figures sit beside an inspection by the DfE reporting year (to 30 September)."""

from __future__ import annotations

import csv

import graph
from graph.analysis.gradestats import reporting_year
from tests.conftest import need_shared


def test_named_queries_use_the_reporting_year_that_holds_the_fieldwork_start():
    folder = need_shared("data", "dfe", "csv")
    workforce = need_shared("data", "dfe", "csww_indicators_2017_to_2025.csv")
    from graph.sources.outcomes import import_outcomes
    from graph.sources.workforce import import_workforce

    kg = graph.load(validate=False)
    import_outcomes(kg.store, folder)
    import_workforce(kg.store, workforce)
    # a council inspected in October to December: its figures come from the next year
    with open(folder / "ILACS_inspection_history.csv", encoding="utf-8-sig") as fh:
        late = next(r for r in csv.DictReader(fh)
                    if r["Inspection date"][3:5] in ("10", "11", "12")
                    and r["Inspection date"][6:] >= "2018")
    gss, day = late["Local authority area code"], late["Inspection date"]
    start = f"{day[6:]}-{day[3:5]}-{day[:2]}"
    expected = reporting_year(start)
    assert expected == int(start[:4]) + 1
    rows = kg.query_named("inspection-workforce", council=f"council:{gss}").to_dicts()
    row = next(r for r in rows if r["start"] == start)
    assert int(row["year"]) == expected
    rows = kg.query_named("workforce-beside-judgement", council=f"council:{gss}").to_dicts()
    row = next(r for r in rows if r["start"] == start)
    assert int(row["year"]) == expected
