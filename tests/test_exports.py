"""Every export round-trips to the same triples (or quads)."""

from __future__ import annotations

import csv

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import graph
from graph.exports import EXPORTS, write_all


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    kg = graph.load(validate=False)
    out = tmp_path_factory.mktemp("exports")
    written = write_all(kg, out)
    return kg, out, written


def union(kg) -> Graph:
    g = Graph()
    for s, p, o, _ in kg.store.quads():
        g.add((s, p, o))
    return g


def test_all_exports_written(exported):
    _kg, out, written = exported
    assert set(written) == set(EXPORTS)
    assert all((out / name).stat().st_size > 0 for name in EXPORTS)
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("name,fmt", [("inspection-graph.ttl", "turtle"),
                                      ("inspection-graph.nt", "nt")])
def test_triple_exports_round_trip(exported, name, fmt):
    kg, out, _ = exported
    back = Graph().parse(out / name, format=fmt)
    assert isomorphic(back, union(kg))


@pytest.mark.parametrize("name,fmt", [("inspection-graph.trig", "trig"),
                                      ("inspection-graph.nq", "nquads"),
                                      ("inspection-graph.jsonld", "json-ld")])
def test_quad_exports_round_trip(exported, name, fmt):
    kg, out, _ = exported
    back = Dataset()
    back.parse(out / name, format=fmt)
    for gname in kg.store.graph_names():
        original = Graph()
        for s, p, o, g in kg.store.quads():
            if g == gname:
                original.add((s, p, o))
        assert isomorphic(back.graph(gname), original), gname


def test_graphml_and_csv_match_the_projection(exported):
    kg, out, _ = exported
    projection = kg.to_networkx()
    back = nx.read_graphml(out / "inspection-graph.graphml")
    assert back.number_of_nodes() == projection.number_of_nodes()
    assert back.number_of_edges() == projection.number_of_edges()
    with open(out / "nodes.csv", encoding="utf-8") as fh:
        nodes = list(csv.DictReader(fh))
    with open(out / "edges.csv", encoding="utf-8") as fh:
        edges = list(csv.DictReader(fh))
    assert len(nodes) == projection.number_of_nodes()
    assert len(edges) == projection.number_of_edges()
    ws = next(n for n in nodes if n["id"].endswith("/council/E10000032"))
    assert ws["type"] == "Council" and ws["label"] == "West Sussex County Council"


def test_export_failure_leaves_previous_files(tmp_path, monkeypatch):
    kg = graph.load(validate=False)
    write_all(kg, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(_kg):
        raise RuntimeError("disk full")

    monkeypatch.setitem(EXPORTS, "nodes.csv", broken)
    with pytest.raises(RuntimeError):
        write_all(kg, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_oxigraph_store_exports_the_same_triples(tmp_path):
    from graph.inspection_graph import InspectionGraph
    from graph.store import OxigraphStore

    memory = graph.load(validate=False)
    store = OxigraphStore(tmp_path / "db")
    store.add_dataset(memory.dataset)
    ox = InspectionGraph(store)
    write_all(memory, tmp_path / "memory")
    write_all(ox, tmp_path / "oxigraph")
    for name in ("inspection-graph.nt", "inspection-graph.nq", "nodes.csv", "edges.csv"):
        assert (tmp_path / "memory" / name).read_bytes() == \
            (tmp_path / "oxigraph" / name).read_bytes(), name
    turtle = Graph().parse(tmp_path / "oxigraph" / "inspection-graph.ttl", format="turtle")
    assert set(turtle) == set(union(memory))
    for name, fmt in (("inspection-graph.trig", "trig"), ("inspection-graph.jsonld", "json-ld")):
        back = Dataset()
        back.parse(tmp_path / "oxigraph" / name, format=fmt)
        quads = {(s, p, o, getattr(g, "identifier", g))
                 for s, p, o, g in back.quads((None, None, None, None))}
        assert quads == set(memory.store.quads()), name
