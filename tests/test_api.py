"""The Python API: load, query, entity, evidence, to_networkx."""

from __future__ import annotations

import pytest

import graph
from graph.errors import UnknownEntityError


def test_query_rows_have_native_types(bundled_graph):
    rows = bundled_graph.query("""SELECT ?value ?period WHERE { ?s a ig:Statistic ;
        ig:asWritten "13%" ; ig:value ?value ; ig:period ?period }""").to_dicts()
    assert len(rows) == 1
    assert rows[0]["value"] == 13 and isinstance(rows[0]["value"], int)


def test_query_binds_keyword_arguments(bundled_graph):
    rows = bundled_graph.query("SELECT ?label WHERE { ?c rdfs:label ?label }",
                               c="council:E10000017").column("label")
    assert rows == ["Lancashire County Council"]


def test_entity_facts_and_inverse_facts(bundled_graph):
    ws = bundled_graph.entity("West Sussex")
    assert ws.iri.endswith("/council/E10000032")
    assert ws.values("ig:dfeCode") == ["938"]
    subjects_of = [f for f in ws.facts if f.inverse and f.predicate == "ig:subject"]
    assert len(subjects_of) == 2


def test_ambiguous_label_is_an_error(bundled_graph):
    with pytest.raises(UnknownEntityError, match="matches .* entities"):
        bundled_graph.entity("director of children")


def test_evidence_without_and_with_sources(bundled_graph, seeds_dir):
    spans = bundled_graph.evidence("john-readman")
    assert spans and all(p.text is None for p in spans)
    passages = bundled_graph.evidence("john-readman", sources=seeds_dir)
    assert [p.text for p in passages] == ["John Readman"]


def test_evidence_refuses_a_changed_text(bundled_graph, seeds_dir, tmp_path):
    name = next(seeds_dir.glob("*.txt")).name
    (tmp_path / name).write_text("something else entirely", encoding="utf-8")
    with pytest.raises(graph.InspectionGraphError, match="SHA-256 mismatch"):
        bundled_graph.evidence("john-readman", sources=tmp_path)


def test_to_networkx_uses_iris_and_attributes(bundled_graph):
    g = bundled_graph.to_networkx()
    ws = "https://w3id.org/inspection-graph/id/council/E10000032"
    assert g.nodes[ws]["label"] == "West Sussex County Council"
    assert g.nodes[ws]["gssCode"] == "E10000032"
    assert all(isinstance(n, str) and n.startswith("https://") for n in g.nodes)
    assert all("predicate" in d for _, _, d in g.edges(data=True))
    assert not any(d["type"] == "EvidenceSpan" for _, d in g.nodes(data=True))
    judgement = next(n for n, d in g.nodes(data=True) if d["type"] == "Judgement")
    assert g.nodes[judgement]["grade"] in ("Inadequate", "Requires improvement to be good")
