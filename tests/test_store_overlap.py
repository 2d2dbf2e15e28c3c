"""Oxigraph keeps the union only once two named graphs state the same triple."""

from __future__ import annotations

from rdflib import Literal, URIRef

from graph.store import OxigraphStore

EX = "http://example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def triples(*rows):
    return [(URIRef(EX + s), URIRef(EX + p), Literal(o)) for s, p, o in rows]


def count(store) -> int:
    return int(store.query(COUNT).rows[0][0])


def test_disjoint_graphs_read_natively_and_a_shared_triple_keeps_the_union(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    store.replace_graph(EX + "big", triples(*[(f"s{i}", "p", str(i)) for i in range(50)]))
    store.replace_graph(EX + "small", triples(("t", "p", "x")))
    assert store.union_kept is False and count(store) == 51
    store.replace_graph(EX + "other", triples(("s7", "p", "7"), ("u", "p", "y")))
    assert store.union_kept is True and count(store) == 52  # s7 p 7 counted once


def test_a_large_file_loaded_beside_a_small_graph_stays_native(tmp_path):
    path = tmp_path / "big.nq"
    path.write_text("".join(f'<{EX}s{i}> <{EX}p> "{i}" <{EX}big> .\n' for i in range(200)),
                    encoding="utf-8")
    store = OxigraphStore()
    store.replace_graph(EX + "small", triples(("t", "p", "x")))
    store.load_file(path)
    assert store.union_kept is False and count(store) == 201
    shared = tmp_path / "shared.nq"
    shared.write_text(f'<{EX}t> <{EX}p> "x" <{EX}third> .\n', encoding="utf-8")
    store.load_file(shared)
    assert store.union_kept is True and count(store) == 201
