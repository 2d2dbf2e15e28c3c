"""New graphs of rdflib terms reach Oxigraph as one N-Quads text, and the entity graph's
exports are made in a forked child: both give what the slower ways gave."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys

import pytest
from rdflib import XSD, BNode, Literal, URIRef

import graph
from graph.build.background import Forked
from graph.errors import StoreError
from graph.exports import EXPORTS, PROJECTED, write_all
from graph.inspection_graph import InspectionGraph
from graph.store.oxigraph import JOURNAL, OxigraphStore

EX = "https://example.org/"
S, P = URIRef(EX + "s"), URIRef(EX + "p")
TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"

# (as written, as the store hands it back): an xsd:string literal comes back plain (the same
# RDF 1.1 term); every other one exactly as written
LITERALS = [
    (Literal("back\\slash \\n not a newline \\"), None),
    (Literal('say "hello" and ""'), None),
    (Literal("first line\nsecond line\n"), None),
    (Literal("carriage\rreturn\r\n"), None),
    (Literal("a\ttab"), None),
    (Literal("Ōfsted, café, naïve, Łódź, ½"), None),
    (Literal("rated 🙂 then 🚸"), None),
    (Literal("all of them: \\ \" \n \r \t é 🙂"), None),
    (Literal("colour", lang="en-gb"), None),
    (Literal("Lles plant", lang="cy"), None),
    (Literal("plain"), None),
    (Literal("typed string", datatype=XSD.string), Literal("typed string")),
    (Literal("42", datatype=XSD.integer), None),
    (Literal("-3.5", datatype=XSD.decimal), None),
    (Literal("2019-05-20", datatype=XSD.date), None),
    (Literal("E10000032", datatype=URIRef(EX + "gssCode")), None),
]


def literal_triples() -> list[tuple]:
    return [(S, URIRef(f"{EX}p{i}"), lit) for i, (lit, _) in enumerate(LITERALS)]


def literal_quads(g: URIRef, part: slice = slice(None)) -> set[tuple]:
    return {(S, URIRef(f"{EX}p{i}"), back if back is not None else lit, g)
            for i, (lit, back) in list(enumerate(LITERALS))[part]}


@pytest.fixture(params=["memory", "disk"])
def new_store(request, tmp_path):
    """A factory of empty Oxigraph stores of one kind (each on disk in its own folder)."""
    made = []

    def make() -> OxigraphStore:
        store = OxigraphStore() if request.param == "memory" \
            else OxigraphStore(tmp_path / f"db{len(made)}")
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


def nquads(store) -> list[bytes]:
    return sorted(store.serialize("nquads").splitlines())


def rows(store) -> list[tuple]:
    return sorted(store.query(TRIPLES).rows)


# -- literals -----------------------------------------------------------------------------------
def test_literals_that_need_escaping_survive_a_text_load(new_store):
    g = URIRef(EX + "g")
    text = new_store()
    text.replace_graph(g, literal_triples())  # new to the store: one N-Quads text
    assert set(text.quads()) == literal_quads(g)
    for i, (lit, back) in enumerate(LITERALS):  # lexical forms exactly, character by character
        (o,) = [q[2] for q in text.quads() if q[1] == URIRef(f"{EX}p{i}")]
        assert str(o) == str(lit) and o.language == lit.language
        assert o.datatype == (None if back is not None else lit.datatype)

    held = new_store()
    held.replace_graph(g, [(S, P, Literal("placeholder"))])
    held.replace_graph(g, literal_triples())  # held already: one transaction, term by term
    assert set(held.quads()) == set(text.quads())
    assert nquads(held) == nquads(text)  # Oxigraph's own terms, not only rdflib's equality

    text.replace_graph(g, literal_triples())  # the same triples again: nothing changes
    assert set(text.quads()) == literal_quads(g)
    assert nquads(text) == nquads(held)


def test_several_new_graphs_load_together(new_store):
    store = new_store()
    graphs = {URIRef(EX + "g1"): literal_triples()[:8],
              URIRef(EX + "g2"): literal_triples()[8:]}
    store.replace_graphs(graphs)
    assert set(store.quads()) == literal_quads(URIRef(EX + "g1"), slice(None, 8)) | \
        literal_quads(URIRef(EX + "g2"), slice(8, None))
    assert store.union_kept is False  # no triple shared: Oxigraph's own union mode
    assert len(rows(store)) == len(LITERALS)


# -- blank nodes ----------------------------------------------------------------------------------
def test_a_new_graph_with_blank_nodes_keeps_one_node_per_blank_node(new_store):
    store = new_store()
    node = BNode("tenure1")
    g, h = URIRef(EX + "g"), URIRef(EX + "h")
    with_blank = [(node, P, Literal('a "quoted"\nvalue')), (URIRef(EX + "a"), P, node),
                  (URIRef(EX + "b"), P, BNode("other"))]
    store.replace_graphs({g: with_blank, h: literal_triples()})  # a blank graph and a text one
    quads = set(store.quads())
    assert {q for q in quads if q[3] == h} == literal_quads(h)
    in_g = [q for q in quads if q[3] == g]
    assert len(in_g) == 3
    (blank,) = [s for s, _, o, _ in in_g if o == Literal('a "quoted"\nvalue')]
    assert isinstance(blank, BNode)
    assert (URIRef(EX + "a"), P, blank, g) in quads  # the same node, twice
    (other,) = [o for s, _, o, _ in in_g if s == URIRef(EX + "b")]
    assert isinstance(other, BNode) and other != blank
    assert len(store.query("SELECT ?x WHERE { <https://example.org/a> ?p ?x . ?x ?q ?v }").rows
               ) == 1


# -- the union in the default graph --------------------------------------------------------------
def test_the_union_is_right_after_text_loads(new_store):
    store = new_store()
    shared = (S, P, Literal("stated twice"))
    a, b, c = ((URIRef(EX + x), P, Literal(x)) for x in "abc")
    g1, g2, g3 = (URIRef(EX + g) for g in ("g1", "g2", "g3"))
    store.replace_graphs({g1: [shared, a], g2: [shared, b]})  # both new, one text
    assert store.union_kept is True
    assert rows(store) == sorted([shared, a, b])  # each triple once
    store.replace_graph(g3, [shared, c])  # a text load with the union copy in it
    assert rows(store) == sorted([shared, a, b, c])
    store.replace_graph(g2, [])
    assert rows(store) == sorted([shared, a, c])  # g1 and g3 still state it
    store.replace_graph(g1, [a])
    assert rows(store) == sorted([shared, a, c])  # g3 still does
    store.replace_graph(g3, [c])
    assert rows(store) == sorted([a, c])
    assert set(store.quads()) == {a + (g1,), c + (g3,)}


def test_the_union_is_kept_when_a_text_load_makes_a_triple_shared(new_store):
    store = new_store()
    shared = (S, P, Literal("ü \"twice\"\n"))
    store.replace_graph(URIRef(EX + "g1"), [shared])
    assert store.union_kept is False
    store.replace_graph(URIRef(EX + "g2"), [shared, (S, P, Literal("once"))])
    assert store.union_kept is True
    assert rows(store) == sorted([shared, (S, P, Literal("once"))])
    store.replace_graph(URIRef(EX + "g1"), [])
    assert rows(store) == sorted([shared, (S, P, Literal("once"))])


# -- a term Oxigraph refuses ---------------------------------------------------------------------
def state(store) -> tuple:
    return set(store.quads()), rows(store)


def held_store(make) -> OxigraphStore:
    """A store with two graphs that share a triple (so it keeps the union)."""
    store = make()
    shared = (S, P, Literal("shared"))
    store.replace_graphs({URIRef(EX + "g1"): [shared, (S, P, Literal("one"))],
                          URIRef(EX + "g2"): [shared] + literal_triples()})
    assert store.union_kept
    return store


@pytest.mark.parametrize("bad,char", [(EX + "a b", " "), (EX + "<x>", "<"),
                                      (EX + 'say"what', '"')])
def test_a_refused_iri_in_a_new_graph_writes_nothing(new_store, bad, char):
    store = held_store(new_store)
    before = state(store)
    good = (URIRef(EX + "fine"), P, Literal("fine"))
    with pytest.raises(StoreError) as caught:
        store.replace_graphs({URIRef(EX + "g3"): [good, (S, P, URIRef(bad))],
                              URIRef(EX + "g4"): [good]})
    assert str(caught.value) == (f"cannot store a term in Oxigraph: Invalid IRI code point "
                                 f"'{char}'; nothing was written")
    assert state(store) == before
    assert store.path is None or not os.path.exists(os.path.join(store.path, JOURNAL))
    store.replace_graph(URIRef(EX + "g3"), [good])  # the same store writes again
    assert (*good, URIRef(EX + "g3")) in set(store.quads())
    assert good in rows(store)


def test_a_refused_iri_leaves_the_folder_readable_and_writable(tmp_path):
    path = tmp_path / "db"
    store = held_store(lambda: OxigraphStore(path))
    before = state(store)
    with pytest.raises(StoreError, match="Invalid IRI code point ' '; nothing was written"):
        store.replace_graph(URIRef(EX + "g3"), [(URIRef(EX + "a b"), P, Literal("x"))])
    assert not (path / JOURNAL).exists()
    assert state(store) == before
    store.close()
    reader = OxigraphStore(path, read_only=True)
    assert state(reader) == before
    reader.close()
    writer = OxigraphStore(path)
    writer.replace_graph(URIRef(EX + "g3"), [(S, P, Literal("after"))])
    assert (S, P, Literal("after"), URIRef(EX + "g3")) in set(writer.quads())
    assert before[0] <= set(writer.quads())
    writer.close()
    assert not (path / JOURNAL).exists()


def test_a_refused_iri_in_a_new_graph_with_blank_nodes_leaves_no_journal(tmp_path):
    path = tmp_path / "db"
    store = held_store(lambda: OxigraphStore(path))
    before = state(store)
    with pytest.raises(StoreError, match="Invalid IRI code point ' '"):
        store.replace_graph(URIRef(EX + "g3"), [(BNode("b1"), P, URIRef(EX + "a b"))])
    assert state(store) == before
    store.close()
    assert not (path / JOURNAL).exists()
    reader = OxigraphStore(path, read_only=True)
    assert state(reader) == before
    reader.close()


def test_a_refused_iri_in_a_new_graph_keeps_the_derived_graph(new_store, bundled):
    from graph.store.derived import DERIVED_GRAPH, derive

    store = new_store()
    store.add_dataset(bundled.dataset)
    derive(store)
    assert store.has_graph(DERIVED_GRAPH)
    before = set(store.quads())
    with pytest.raises(StoreError, match="Invalid IRI code point ' '; nothing was written"):
        store.replace_graph(URIRef(EX + "g3"), [(URIRef(EX + "a b"), P, Literal("x"))])
    assert set(store.quads()) == before


def test_an_iri_that_closes_its_brackets_is_refused(new_store):
    store = new_store()
    store.replace_graph(URIRef(EX + "g1"), [(S, P, Literal("one"))])
    before = state(store)
    sneaky = URIRef(EX + "o> .\n<" + EX + "x> <" + EX + "p> <" + EX + "y")
    with pytest.raises(StoreError, match="Invalid IRI code point '>'"):
        store.replace_graph(URIRef(EX + "g3"), [(S, P, sneaky)])
    assert state(store) == before


# -- the exports made in a forked child ----------------------------------------------------------
@pytest.fixture(scope="module")
def bundled():
    """The bundled graph, this module's own (write_all derives into its store)."""
    return graph.load(validate=False)


def can_fork() -> bool:
    return Forked(os.getpid).result() != os.getpid()


def snapshot(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("where", ["memory", "oxigraph"])
def test_forked_exports_are_the_bytes_written_without_a_fork(bundled, where, tmp_path,
                                                             monkeypatch):
    if not can_fork():
        pytest.skip("processes cannot fork here: nothing to compare")
    kg = bundled
    if where == "oxigraph":
        store = OxigraphStore(tmp_path / "db")
        store.add_dataset(bundled.dataset)
        kg = InspectionGraph(store)
    forked = write_all(kg, tmp_path / "forked")
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert not can_fork()  # now Forked runs the work in this process
    alone = write_all(kg, tmp_path / "alone")
    assert set(forked) == set(alone) == set(EXPORTS)
    assert snapshot(tmp_path / "forked") == snapshot(tmp_path / "alone")
    assert all(len(data) > 100 for data in snapshot(tmp_path / "alone").values())


HASHED_BUILD = """
import sys
import graph
from graph.exports import PROJECTED, write_all
from graph.inspection_graph import InspectionGraph
from graph.store.oxigraph import OxigraphStore

kg = graph.load(validate=False)
write_all(kg, sys.argv[1] + "/memory", names=PROJECTED)
store = OxigraphStore(sys.argv[1] + "/db")
store.add_dataset(kg.dataset)
write_all(InspectionGraph(store), sys.argv[1] + "/oxigraph", names=PROJECTED)
"""


def test_projected_exports_are_the_same_bytes_under_any_hash_seed(tmp_path):
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", HASHED_BUILD, str(tmp_path / seed)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
    for where in ("memory", "oxigraph"):
        one, two = snapshot(tmp_path / "1" / where), snapshot(tmp_path / "2" / where)
        assert sorted(one) == sorted(PROJECTED)
        for name in PROJECTED:
            assert one[name] == two[name], (where, name)
    assert snapshot(tmp_path / "1" / "memory")["nodes.csv"] == \
        snapshot(tmp_path / "1" / "oxigraph")["nodes.csv"]


def disk_full(_kg):
    raise RuntimeError("disk full")


@pytest.mark.parametrize("failing", ["inspection-graph.ttl", "edges.csv"])  # this side, child's
def test_a_failed_export_leaves_the_folder_as_it_was(bundled, tmp_path, monkeypatch, failing):
    if not can_fork():
        pytest.skip("processes cannot fork here")
    (tmp_path / "nodes.csv").write_bytes(b"older nodes\n")
    (tmp_path / "inspection-graph.nt").write_bytes(b"older triples\n")
    before = snapshot(tmp_path)
    monkeypatch.setitem(EXPORTS, failing, disk_full)
    with pytest.raises(RuntimeError, match="disk full"):
        write_all(bundled, tmp_path)
    assert not multiprocessing.active_children()  # the child was waited for
    assert snapshot(tmp_path) == before  # no new file, no temporary one of either process


def test_a_child_that_dies_is_replaced_by_this_process(bundled, tmp_path, monkeypatch):
    if not can_fork():
        pytest.skip("processes cannot fork here")
    parent, edges = os.getpid(), EXPORTS["edges.csv"]
    write_all(bundled, tmp_path / "expected", names=PROJECTED)

    def dies_in_the_child(kg):
        if os.getpid() != parent:
            os._exit(3)  # nodes.csv's temporary file is written by now
        return edges(kg)

    monkeypatch.setitem(EXPORTS, "edges.csv", dies_in_the_child)
    write_all(bundled, tmp_path / "out", names=PROJECTED)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "expected")
