"""load_file: the memory store parses an N-Quads file straight in, and never half-loads."""

from __future__ import annotations

import pytest

from graph.errors import StoreError
from graph.store import MemoryStore, OxigraphStore

EX = "http://example.org/"


def nq(path, graph, rows):
    path.write_text("".join(f'<{EX}{s}> <{EX}p> "{o}" <{EX}{graph}> .\n' for s, o in rows),
                    encoding="utf-8")
    return path


def quads(store):
    return sorted((str(s), str(p), str(o), str(g)) for s, p, o, g in store.quads())


def test_memory_store_loads_files_like_oxigraph(tmp_path):
    first = nq(tmp_path / "a.nq", "a", [("x", "1"), ("y", "2")])
    second = nq(tmp_path / "b.nq", "b", [("x", "1"), ("z", "3")])
    memory, oxigraph = MemoryStore(), OxigraphStore()
    for store in (memory, oxigraph):
        store.load_file(first)
        store.load_file(second)
    assert quads(memory) == quads(oxigraph) and len(quads(memory)) == 4
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(memory.query(count).rows[0][0]) == int(oxigraph.query(count).rows[0][0]) == 3
    assert [str(g) for g in memory.graph_names()] == [EX + "a", EX + "b"]


def test_a_bad_file_leaves_the_memory_store_empty(tmp_path):
    good = nq(tmp_path / "good.nq", "a", [("x", "1")])
    bad = tmp_path / "bad.nq"
    bad.write_text(good.read_text(encoding="utf-8") + "<a> <b> .\n", encoding="utf-8")
    store = MemoryStore()
    with pytest.raises(StoreError, match=r"bad\.nq: cannot read nquads"):
        store.load_file(bad)
    assert len(store) == 0 and not store.query("ASK { ?s ?p ?o }").boolean
    store.load_file(good)
    assert len(store) == 1
