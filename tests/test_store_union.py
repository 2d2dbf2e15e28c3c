"""Oxigraph's union default graph: exact with one named graph or many, however loaded."""

from __future__ import annotations

from rdflib import Dataset, Literal, URIRef

from graph.store import OxigraphStore

EX = "http://example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def dataset(graph: str, triples) -> Dataset:
    ds = Dataset()
    g = ds.graph(URIRef(EX + graph))
    for s, p, o in triples:
        g.add((URIRef(EX + s), URIRef(EX + p), Literal(o)))
    return ds


def count(store) -> int:
    return int(store.query(COUNT).rows[0][0])


def test_one_graph_reads_natively_then_a_second_keeps_the_union(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    store.add_dataset(dataset("a", [("x", "p", "1"), ("y", "p", "2")]))
    assert store.union_kept is False and count(store) == 2
    store.add_dataset(dataset("b", [("x", "p", "1"), ("z", "p", "3")]))  # x p 1 is shared
    assert store.union_kept is True
    assert count(store) == 3
    store.replace_graph(URIRef(EX + "b"), [])
    assert count(store) == 2
    store.close()
    reopened = OxigraphStore(tmp_path / "db", read_only=True)
    assert reopened.union_kept is True and count(reopened) == 2


def test_load_file_into_an_empty_store_and_into_a_kept_one(tmp_path):
    first = tmp_path / "a.nq"
    first.write_text(f'<{EX}x> <{EX}p> "1" <{EX}a> .\n<{EX}y> <{EX}p> "2" <{EX}a> .\n',
                     encoding="utf-8")
    second = tmp_path / "b.nq"
    second.write_text(f'<{EX}x> <{EX}p> "1" <{EX}b> .\n<{EX}z> <{EX}p> "3" <{EX}b> .\n',
                      encoding="utf-8")
    store = OxigraphStore(tmp_path / "db")
    store.load_file(first)
    assert store.union_kept is False and count(store) == 2
    store.load_file(second)
    assert store.union_kept is True and count(store) == 3
    assert len(list(store.quads())) == 4


def test_replacing_the_only_graph_stays_native(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    store.add_dataset(dataset("a", [("x", "p", "1")]))
    store.replace_graph(URIRef(EX + "a"), [(URIRef(EX + "q"), URIRef(EX + "p"), Literal("9"))])
    assert store.union_kept is False and count(store) == 1
