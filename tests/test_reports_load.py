"""Reports stored while the next ones are read: OxigraphStore.add_new_graphs and the loading
thread of a batch (graph.sources.reports.rdf._NQuadsLoad)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rdflib import Literal, URIRef

from graph.errors import StoreError
from graph.sources.reports.rdf import BatchReport, _NQuadsLoad
from graph.store import OxigraphStore
from graph.store.derived import DERIVED_GRAPH

EX = "http://example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def quads(graph: str, *rows: tuple[str, str]) -> bytes:
    return "".join(f'<{EX}{s}> <{EX}p> "{o}" <{EX}{graph}> .\n' for s, o in rows).encode()


def count(store) -> int:
    return int(store.query(COUNT).rows[0][0])


@pytest.mark.parametrize("on_disk", [False, True])
def test_new_graphs_are_added_with_the_union_as_a_set(tmp_path, on_disk):
    store = OxigraphStore(tmp_path / "db" if on_disk else None)
    store.add_new_graphs(quads("a", ("x", "1"), ("y", "2")), [EX + "a"])
    assert count(store) == 2
    # x p 1 in both graphs: counted once, in one load of two graphs and in a later one
    store.add_new_graphs(quads("b", ("x", "1"), ("z", "3")) + quads("c", ("w", "4")),
                         [EX + "b", EX + "c"])
    assert store.union_kept is True
    assert count(store) == 4
    store.add_new_graphs(quads("d", ("x", "1"), ("v", "5")), [EX + "d"])
    assert count(store) == 5
    assert {str(g) for g in store.graph_names()} == {EX + g for g in "abcd"}


def test_the_derived_graph_goes_and_a_held_graph_or_bad_text_changes_nothing():
    store = OxigraphStore()
    store.replace_graphs({URIRef(EX + "a"): [(URIRef(EX + "x"), URIRef(EX + "p"), Literal("1"))],
                          DERIVED_GRAPH: [(URIRef(EX + "x"), URIRef(EX + "q"), Literal("d"))]})
    store.add_new_graphs(quads("b", ("y", "2")), [EX + "b"])
    assert not store.has_graph(DERIVED_GRAPH)
    before = sorted(map(str, store.quads()))
    with pytest.raises(StoreError, match="holds it already"):
        store.add_new_graphs(quads("b", ("z", "3")), [EX + "b"])
    with pytest.raises(StoreError, match="nothing was written"):
        store.add_new_graphs(quads("c", ("z", "3")) + b'<http://example.org/broken "\n',
                             [EX + "c"])
    assert sorted(map(str, store.quads())) == before


def test_a_report_oxigraph_refuses_is_left_out_and_the_others_are_stored():
    store = OxigraphStore()
    batch = BatchReport()
    load = _NQuadsLoad(store, batch, (), write=None)
    assert load.streaming
    texts = {"one": quads("one", ("x", "1")), "bad": b"<not an IRI> .\n",
             "two": quads("two", ("x", "1"), ("y", "2"))}
    for name, text in texts.items():
        facts = SimpleNamespace(path=f"{name}.pdf", recommendations=[],
                                passages=[SimpleNamespace(text=f"What {name} says")])
        load.add(facts, SimpleNamespace(path=f"{name}.pdf"), text, EX + name)
    load.finish()
    assert [path for path, _ in batch.failed] == ["bad.pdf"]
    assert "nothing was written" in batch.failed[0][1]
    assert sorted(f.path for f in batch.facts) == ["one.pdf", "two.pdf"]
    assert {str(g) for g in store.graph_names()} == {EX + "one", EX + "two"}
    assert count(store) == 2
    assert not load.thread.is_alive()
    # the stored reports' texts were tokenized for the text index (and only theirs)
    assert set(store.text_stage.ids) == {"what one says", "what two says"}


def test_a_failed_thread_raises_in_the_importing_thread():
    class Broken(OxigraphStore):
        def add_new_graphs(self, data, names):
            raise RuntimeError("disk on fire")

    load = _NQuadsLoad(Broken(), BatchReport(), (), write=None)
    load.add(SimpleNamespace(path="a.pdf", passages=[], recommendations=[]),
             SimpleNamespace(path="a.pdf"),
             quads("a", ("x", "1")), EX + "a")
    with pytest.raises(RuntimeError, match="disk on fire"):
        load.finish()
    assert not load.thread.is_alive()


def test_an_index_from_a_stage_answers_as_one_without():
    from graph.store.textindex import TextIndex, TextStage

    rows = [(f"{EX}t{i}", 0, f"{EX}label", text, "en", None, "")
            for i, text in enumerate(["Staff turnover is high", "Agency staff", "Turnover",
                                      "Staff turnover is high", "Ab", "Plans for permanence"])]
    plain = TextIndex.write(rows)
    stage = TextStage()
    stage.add(["agency STAFF", "An orphan text that no entry holds, with turnover in it",
               "Staff turnover is high"])
    staged = TextIndex.write(rows, stage=stage)
    for needle in ["turnover", "STAFF", "ab", "a", "orphan", "permanence", "nothing"]:
        assert staged.search(needle).rows == plain.search(needle).rows, needle
    assert [str(r[0]) for r in staged.search("turnover").rows] == [EX + "t0", EX + "t2", EX + "t3"]
    assert staged.search("orphan").rows == []
    with pytest.raises(ValueError, match="used up"):
        stage.add(["again"])


def test_nquads_text_reads_back_as_the_same_triples():
    """Texts with quotes, backslashes, line breaks, tabs and non-ASCII letters, languages,
    datatypes and plain strings: Oxigraph reads the N-Quads back as the very triples
    (language tags in lower case, as Oxigraph keeps them)."""
    import pyoxigraph as ox
    from rdflib import XSD

    from graph.sources.reports.rdf import nquads_text

    ex = "https://example.org/"
    a, p = URIRef(ex + "a"), URIRef(ex + "p")
    objects = [Literal('say "hi"', lang="en"), Literal("back\\slash \\n not a break"),
               Literal("two\nlines\r\nand a\ttab", lang="en-GB"), Literal("Máire’s “plan”"),
               Literal(7), Literal("2019-05-01", datatype=XSD.date), Literal(0.75),
               Literal("plain", datatype=XSD.string), URIRef(ex + "b"), Literal("")]
    store = ox.Store()
    store.load(nquads_text([(a, p, o) for o in objects], ex + "g").encode(),
               format=ox.RdfFormat.N_QUADS)
    back = store.quads_for_pattern(None, None, None, ox.NamedNode(ex + "g"))
    got = {(q.object.value, getattr(q.object, "language", None),
            getattr(getattr(q.object, "datatype", None), "value", None)) for q in back}
    want = {(str(o), o.language.lower() if isinstance(o, Literal) and o.language else None,
             None if isinstance(o, URIRef) else str(o.datatype or XSD.string)
             if not o.language else "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
            for o in objects}
    assert got == want
    with pytest.raises(TypeError):
        nquads_text([(a, p, object())], ex + "g")


def test_on_disk_the_reports_go_in_one_file_and_a_refused_one_is_left_out(tmp_path):
    store = OxigraphStore(tmp_path / "db")
    batch = BatchReport()
    load = _NQuadsLoad(store, batch, (), write=None)
    assert not load.streaming
    texts = {"one": quads("one", ("x", "1")), "bad": b"<not an IRI> .\n",
             "two": quads("two", ("x", "1"), ("y", "2"))}
    for name, text in texts.items():
        load.add(SimpleNamespace(path=f"{name}.pdf"), SimpleNamespace(path=f"{name}.pdf"),
                 text, EX + name)
    load.finish()
    assert [path for path, _ in batch.failed] == ["bad.pdf"]
    assert sorted(f.path for f in batch.facts) == ["one.pdf", "two.pdf"]
    assert {str(g) for g in store.graph_names()} == {EX + "one", EX + "two"}
    assert count(store) == 2
    assert not load.path.exists()  # the gathered file goes with its folder
