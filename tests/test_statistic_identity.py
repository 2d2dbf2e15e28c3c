"""A record citing an official workforce figure and DfE's file describe one statistic node."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal

import pytest
from conftest import FIXTURES, need_shared

import graph
from graph.build.shapes import check_shapes
from graph.sources.workforce import import_workforce

NORTHMOOR_TURNOVER_2023 = ("https://w3id.org/inspection-graph/id/statistic/dfe-csww/"
                           "E06009999/2023/turnover-rate-fte")
CITED = """statistics:
  - {id: mini-turnover-2023, measure: turnover-rate-fte, value: 13, unit: percent,
     as_written: "about 13%", period: "2023", area: northmoor,
     statement: "Social workers left at a rate the paper puts near 13 per cent.",
     evidence: [[280, 334]]}
  - {id: mini-turnover-2023-04, measure: turnover-rate-fte, value: 14, unit: percent,
     period: "2023-04", area: northmoor, statement: "A spring figure, not DfE's year.",
     evidence: [[280, 334]]}
"""


@pytest.fixture()
def record_folder(tmp_path):
    text = (FIXTURES / "records" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("statistics:\n", CITED.split("\n", 1)[0] + "\n"
                        + CITED.split("\n", 1)[1], 1)
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    shutil.copy(FIXTURES / "sources" / "mini.txt", tmp_path / "mini.txt")
    return tmp_path


def _values(kg, node):
    rows = kg.query("SELECT ?p ?v WHERE { ?s ?p ?v FILTER(?p IN (ig:value, ig:reportedValue)) }",
                    s=node).rows
    return {str(p).rsplit("#", 1)[-1]: Decimal(str(v)) for p, v in rows}


def test_a_cited_official_figure_takes_the_official_node(record_folder):
    kg = graph.load(record_folder, sources=record_folder)
    assert _values(kg, NORTHMOOR_TURNOVER_2023) == {"reportedValue": Decimal(13)}
    # a period that is not DfE's reporting year stays a statistic of the record's own
    own = kg.query("SELECT ?s WHERE { ?s ig:measure 'turnover-rate-fte' ; ig:value 14 }").rows
    assert own and "/dfe-csww/" not in str(own[0][0])


def test_the_import_adds_the_official_value_beside_the_reported_one(record_folder):
    kg = graph.load(record_folder, sources=record_folder)
    import_workforce(kg.store, FIXTURES / "dfe" / "csww.csv")
    assert _values(kg, NORTHMOOR_TURNOVER_2023) == {"value": Decimal("12.5"),
                                                    "reportedValue": Decimal(13)}
    n = kg.query("""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ig:Statistic ;
        ig:measure 'turnover-rate-fte' ; ig:period ?y ; ig:refArea council:E06009999
        FILTER(STR(?y) = '2023') }""").rows
    assert int(n[0][0]) == 1
    graphs = kg.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ig:asWritten ?w } }",
                      s=NORTHMOOR_TURNOVER_2023).column("g")
    assert [str(g).rsplit("/", 1)[-1] for g in graphs] == ["mini-news"]
    assert check_shapes(kg.store.dataset) == []


def test_west_sussex_turnover_of_the_real_file_is_one_node(tmp_path):
    csww = need_shared("data", "dfe", "csww_indicators_2017_to_2025.csv")
    kg = graph.load()
    import_workforce(kg.store, csww)
    node = ("https://w3id.org/inspection-graph/id/statistic/dfe-csww/E10000032/2023/"
            "turnover-rate-fte")
    with open(csww, encoding="utf-8-sig") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["new_la_code"] == "E10000032"
                  and r["time_period"] == "2023"]
    assert _values(kg, node) == {"value": Decimal(row["turnover_rate_fte"])}
    from graph.sources.measures import official_statistic_iri
    assert str(official_statistic_iri("E10000032", "2023", "turnover-rate-fte")) == node
