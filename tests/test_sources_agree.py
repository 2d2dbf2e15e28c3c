"""Several sources of one inspection: one node, one value per single-valued fact, valid shapes."""

from __future__ import annotations

import pytest

import graph
from graph.build.shapes import check_shapes
from tests.conftest import need_shared

WS_2019 = "https://w3id.org/inspection-graph/id/inspection/E10000032/2019-02"


@pytest.fixture(scope="module")
def enriched():
    reports = need_shared("data", "ofsted-reports", "80578_west sussex")
    outcomes = need_shared("data", "dfe", "csv")
    from graph.sources.outcomes import import_outcomes
    from graph.sources.reports import import_reports

    kg = graph.load()
    import_outcomes(kg.store, outcomes)
    batch = import_reports(kg.store, [reports])
    assert len(batch.imported) == 3 and not batch.failed
    return kg


@pytest.mark.parametrize("pred", ["rdfs:label", "ig:fieldworkStart", "ig:fieldworkEnd",
                                  "ig:published"])
def test_every_west_sussex_inspection_has_one_value(enriched, pred):
    rows = enriched.query(f"""SELECT ?i (COUNT(DISTINCT ?v) AS ?n) WHERE {{
        ?i a ig:Inspection ; ig:subject council:E10000032 ; {pred} ?v }} GROUP BY ?i""").rows
    assert rows and all(int(n) == 1 for _i, n in rows), rows


def test_curated_2019_inspection_is_enriched_not_doubled(enriched):
    rows = enriched.query("""SELECT DISTINCT ?g WHERE { GRAPH ?g { ?i ig:judgement ?j } }""",
                          i=WS_2019).column("g")
    names = {g.rsplit("/", 1)[-1] for g in rows}
    assert "communitycare-2019-05-west-sussex" in names
    assert any(n.startswith("ofsted-report-E10000032-2019") for n in names), names
    n = enriched.query("""SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a ig:Inspection ;
        ig:subject council:E10000032 ; ig:fieldworkStart ?s FILTER(STRSTARTS(STR(?s), "2019")) }
        """).rows[0][0]
    assert int(n) == 1


def test_the_union_of_the_sources_conforms_to_the_shapes(enriched):
    assert check_shapes(enriched.dataset) == []
