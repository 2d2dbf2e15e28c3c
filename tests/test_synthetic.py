"""The synthetic benchmark graphs: deterministic, in the project's model, marked synthetic."""

from __future__ import annotations

from rdflib import Dataset

from benchmarks.synthetic import generate_nquads, write_nquads
from graph.build.shapes import check_shapes
from graph.store import MemoryStore
from graph.vocab import ONTOLOGY_GRAPH, load_ontology


def test_same_seed_same_bytes_other_seed_other_graph(tmp_path):
    a, b, c = tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq"
    write_nquads(a, 5_000, seed=3)
    write_nquads(b, 5_000, seed=3)
    write_nquads(c, 5_000, seed=4)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_size_is_close_to_the_request():
    for wanted in (10_000, 50_000):
        n = sum(1 for _ in generate_nquads(wanted, seed=0))
        assert 0.85 * wanted <= n <= 1.15 * wanted, (wanted, n)


def test_everything_is_marked_synthetic_and_conforms_to_the_shapes():
    ds = Dataset()
    ds.parse(data="".join(generate_nquads(6_000, seed=1)), format="nquads")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert graphs == {"https://w3id.org/inspection-graph/graph/synthetic-1-6000"}
    for s, _p, _o, _g in ds.quads((None, None, None, None)):
        assert str(s).startswith("https://w3id.org/inspection-graph/synthetic/"), s
    ontology = ds.graph(ONTOLOGY_GRAPH)
    for triple in load_ontology():
        ontology.add(triple)
    assert check_shapes(ds) == []
    store = MemoryStore(ds)
    codes = store.query("SELECT ?c WHERE { ?x <https://w3id.org/inspection-graph/def#gssCode> ?c }")
    assert codes.rows and all(str(r[0]).startswith("E99") for r in codes.rows)
