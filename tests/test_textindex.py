"""The text index answers the named query ``search`` row for row as the SPARQL does, follows
every write, and lives beside a store on disk (read-only stores read it, never write it)."""

from __future__ import annotations

import random
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import need_shared
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from test_derived import _with_fixture

import graph
from graph.cli import main
from graph.queries import get_query, prefixed
from graph.store import MemoryStore, OxigraphStore
from graph.store.derived import derive, has_derived, text_index
from graph.store.textindex import INDEX_FILE, TextIndex, build_text_index

EDGE_TERMS = ["neglect", "NEGLECT", "Neglect", "", "a", "ab", "sussex", "West Sussex",
              "of the", '"', "'", "%", "_", "*", "é", "no such words at all", "neglect OR care",
              "care NEAR leavers", "(", "-", "ç", "İ"]


def _sparql(store, text: str):
    q = get_query("search")
    return store.query(prefixed(q.sparql), bindings=q.bindings(text=text)).rows


def _terms_from(store, count: int, seed: int) -> list[str]:
    """Substrings of the graph's own texts (of 1 to 12 characters), picked with a seed."""
    texts = [str(r[0]) for r in store.query(
        "SELECT ?t WHERE { { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?t } UNION "
        "{ ?s <https://w3id.org/inspection-graph/def#statement> ?t } }").rows]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        out.append(text[start:start + rng.randint(1, 12)])
    return out


def test_index_answers_equal_the_sparql_on_curated_records_and_fixture(tmp_path):
    kg = _with_fixture(OxigraphStore(tmp_path / "db"))
    memory = _with_fixture(MemoryStore())
    index = build_text_index(kg.store)
    assert len(index) > 300
    found = 0
    for term in EDGE_TERMS + _terms_from(kg.store, 60, 3):
        rows = index.search(term).rows
        assert rows == _sparql(kg.store, term), term  # same rows, same order
        assert sorted(map(str, rows)) == sorted(map(str, _sparql(memory.store, term))), term
        found += bool(rows)
    assert found > 50


def test_index_answers_equal_the_sparql_on_a_synthetic_graph(tmp_path):
    from benchmarks.stores import ontology_file
    from benchmarks.synthetic import write_nquads

    write_nquads(tmp_path / "syn.nq", 30_000, 11)
    store = OxigraphStore()
    for f in (ontology_file(tmp_path), tmp_path / "syn.nq"):
        store.load_file(f)
    index = build_text_index(store)
    for term in ["neglect", "care", "E99", "x"] + _terms_from(store, 40, 5):
        assert index.search(term).rows == _sparql(store, term), term


def test_index_answers_equal_the_sparql_on_the_national_picture():
    from graph.inspection_graph import build_national

    dfe = need_shared("data", "dfe")
    store = OxigraphStore()
    build_national(ofsted=dfe / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
                   workforce=dfe / "csww_indicators_2017_to_2025.csv",
                   neighbours=dfe / "New_Statistical_Neighbour_Groupings_April_2021.csv",
                   store=store)
    index = text_index(store, build=False)  # the import made it
    assert index is not None and len(index) > 1000
    for term in EDGE_TERMS + ["borough", "Council", "st helens", "-upon-"] + \
            _terms_from(store, 40, 9):
        assert index.search(term).rows == _sparql(store, term), term


def test_named_search_uses_the_index_on_oxigraph_and_sparql_elsewhere():
    kg = graph.load(validate=False, store=OxigraphStore())
    assert kg.store.text_index is None
    rows = kg.query_named("search", text="neglect").rows
    assert kg.store.text_index is not None and has_derived(kg.store)  # made on first use
    assert rows == _sparql(kg.store, "neglect") and len(rows) > 3
    memory = graph.load(validate=False)
    assert sorted(map(str, memory.query_named("search", text="neglect").rows)) == \
        sorted(map(str, rows))


@pytest.mark.parametrize("write", ["replace_graph", "add_dataset", "load_file"])
def test_every_write_drops_the_index_and_the_next_search_sees_it(write, tmp_path):
    from rdflib import Dataset

    kg = graph.load(validate=False, store=OxigraphStore(tmp_path / "db"))
    kg.derive()
    assert (tmp_path / "db" / INDEX_FILE).exists()
    assert kg.query_named("search", text="zebra crossing").rows == []
    name = "https://example.org/extra"
    triples = [(URIRef("https://example.org/thing"), RDFS.label, Literal("A zebra crossing"))]
    if write == "replace_graph":
        kg.store.replace_graph(name, triples)
    else:
        ds = Dataset()
        for t in triples:
            ds.graph(URIRef(name)).add(t)
        if write == "add_dataset":
            kg.store.add_dataset(ds)
        else:
            path = tmp_path / "extra.nq"
            path.write_text(ds.serialize(format="nquads"), encoding="utf-8")
            kg.store.load_file(path)
    assert kg.store.text_index is None and not (tmp_path / "db" / INDEX_FILE).exists()
    rows = kg.query_named("search", text="ZEBRA").rows
    assert [str(r[0]) for r in rows] == ["https://example.org/thing"]
    assert (tmp_path / "db" / INDEX_FILE).exists()


def test_a_store_on_disk_keeps_its_index_and_read_only_stores_read_it(tmp_path):
    db = tmp_path / "store #1?50%"  # characters a file URI must escape
    kg = graph.load(validate=False, store=OxigraphStore(db))
    counts = kg.derive()
    assert counts["indexed texts"] == len(kg.store.text_index) > 300
    expected = kg.query_named("search", text="sussex").rows
    kg.store.close()

    reopened = graph.InspectionGraph(OxigraphStore(db, read_only=True))
    index = text_index(reopened.store, build=False)
    assert index is not None and index.path == db / INDEX_FILE
    assert reopened.query_named("search", text="sussex").rows == expected
    reopened.store.close()


def test_a_read_only_store_without_an_index_answers_by_sparql(tmp_path):
    db = tmp_path / "db"
    kg = graph.load(validate=False, store=OxigraphStore(db))
    expected = kg.query_named("search", text="sussex").rows
    (db / INDEX_FILE).unlink()
    kg.store.close()
    reader = graph.InspectionGraph(OxigraphStore(db, read_only=True))
    assert text_index(reader.store) is None
    assert reader.query_named("search", text="sussex").rows == expected
    assert not (db / INDEX_FILE).exists()  # a read-only store writes nothing
    reader.store.close()


def test_an_index_of_another_version_or_a_damaged_file_is_not_read(tmp_path):
    db = tmp_path / "db"
    kg = graph.load(validate=False, store=OxigraphStore(db))
    kg.derive()
    expected = kg.query_named("search", text="sussex").rows
    kg.store.close()
    path = db / INDEX_FILE
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE meta SET value = 'old' WHERE key = 'version'")
    con.close()
    assert TextIndex.open(path) is None
    path.write_bytes(b"not a database")
    assert TextIndex.open(path) is None
    store = OxigraphStore(db)
    assert graph.InspectionGraph(store).query_named("search", text="sussex").rows == expected
    assert TextIndex.open(path) is not None  # made again
    store.close()


def test_cli_search_on_a_store_on_disk_matches_memory(tmp_path):
    runner = CliRunner()
    spec = f"oxigraph:{tmp_path / 'db'}"
    built = runner.invoke(main, ["build", "--store", spec, "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "db" / INDEX_FILE).exists()
    args = ["query", "search", "--param", "text=Sussex", "--format", "csv"]
    on_disk = runner.invoke(main, args + ["--store", spec])
    in_memory = runner.invoke(main, args)
    assert on_disk.exit_code == 0 and in_memory.exit_code == 0
    assert on_disk.output == in_memory.output and on_disk.output.count("\n") > 3


def test_derive_reports_the_index_only_for_oxigraph():
    assert "indexed texts" not in derive(MemoryStore())
    store = OxigraphStore()
    graph.load(validate=False, store=store)
    assert derive(store)["indexed texts"] > 300


def test_the_server_answers_search_from_the_index_in_its_threads():
    import json
    import threading
    import urllib.request

    from graph.server.endpoint import make_server

    store = OxigraphStore()
    kg = graph.load(validate=False, store=store)
    server = make_server(store, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        url = f"http://127.0.0.1:{port}/queries/search?text=neglect"
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = json.load(resp)
    finally:
        server.shutdown()
    assert store.text_index is not None
    things = [b["thing"]["value"] for b in body["results"]["bindings"]]
    assert things == [str(r[0]) for r in kg.query_named("search", text="neglect").rows]
    assert len(things) > 3


def test_rows_read_ahead_of_the_derived_graph_are_those_read_after_it():
    """Rows read while the derived facts are computed, then the things the derived graph
    states read again, are the rows of the store as it ends: a thing that gains a type
    (a kind) or a text there, a thing only there, the others kept as they were."""
    from rdflib.namespace import RDF

    from graph.store.textindex import IndexRowsAhead, TextStage, index_rows
    from graph.vocab import IG

    ex = "https://example.org/"
    store = OxigraphStore()
    store.replace_graph(ex + "facts", [
        (URIRef(ex + "a"), RDFS.label, Literal("Anytown", lang="en")),
        (URIRef(ex + "b"), RDFS.label, Literal("Borough")),
        (URIRef(ex + "c"), RDF.type, IG.Inspection),
        (URIRef(ex + "c"), RDFS.label, Literal("An inspection"))])
    stage = TextStage()
    ahead = IndexRowsAhead(store, ex + "later", stage)
    ahead.wait_read()
    store.replace_graph(ex + "later", [
        (URIRef(ex + "a"), RDF.type, IG.Council),           # a kind for a text held already
        (URIRef(ex + "a"), RDFS.label, Literal("Anytown")),  # a second text of a thing
        (URIRef(ex + "d"), RDFS.label, Literal("Dale"))])    # a thing only there
    rows = ahead.rows()
    assert rows == index_rows(store)
    assert {r[0].rsplit("/", 1)[-1]: r[6].rsplit("#", 1)[-1] for r in rows
            if r[3] == "Anytown"} == {"a": "Council"}
    assert len(rows) == 5 and "anytown" in stage.ids and "dale" not in stage.ids
    index = TextIndex.write(rows, stage=stage)
    assert [str(r[2]) for r in index.search("dal").rows] == ["Dale"]


def test_derive_with_rows_read_ahead_indexes_what_a_later_build_indexes():
    from graph.store.derived import DERIVED_GRAPH

    kg = _with_fixture(OxigraphStore())
    kg.store._drop_derived(DERIVED_GRAPH)
    assert not has_derived(kg.store) and kg.store.text_index is None
    derive(kg.store)  # no derived graph: its index rows are read in a thread
    ahead = [tuple(r) for r in kg.store.text_index.connection.execute(
        "SELECT thing, blank, property, value, lang, datatype, kind FROM entry ORDER BY id")]
    from graph.store.textindex import index_rows

    assert ahead == index_rows(kg.store) and len(ahead) > 300
