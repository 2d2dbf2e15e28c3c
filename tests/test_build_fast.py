"""The fast paths of a build keep what the slow ones did: the SHACL gate run alongside the
exports, the native copy of a build into an empty Oxigraph store, the GraphML writer."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import networkx as nx
from rdflib import URIRef

import graph
from graph.build.dataset import build
from graph.build.shapes import ShapesCheck, check_shapes
from graph.exports import graphml_text, write_all
from graph.inspection_graph import InspectionGraph
from graph.sources.records import read_records
from graph.store.oxigraph import OxigraphStore


def break_tenure(records) -> None:
    """Give a tenure of the fixture records a start after its end (a SHACL violation)."""
    path = records / "mini.yaml"
    text = path.read_text(encoding="utf-8")
    old = "post: eastfield-dcs, status: former,"
    assert old in text
    path.write_text(text.replace(old, old + ' start: "2021", end: "2019",'), encoding="utf-8")


def test_shapes_check_alongside_finds_what_check_shapes_finds(mini_records):
    break_tenure(mini_records)
    result = build(read_records(mini_records), validate=False)
    expected = check_shapes(result.dataset, result.origins)
    assert expected and any("mini.yaml" in line for line in expected)
    assert ShapesCheck(result.dataset, result.origins).violations() == expected


def test_build_refuses_records_that_break_a_shape_and_keeps_the_old_exports(mini_records,
                                                                            tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "inspection-graph.nt").write_text("old\n", encoding="utf-8")
    break_tenure(mini_records)
    run = subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "build",
                          "--records", str(mini_records), "--no-views", "--out", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "must not be later than its end" in run.stderr + run.stdout
    assert sorted(p.name for p in out.iterdir()) == ["inspection-graph.nt"]
    assert (out / "inspection-graph.nt").read_text(encoding="utf-8") == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.build")]


def test_fill_from_copies_graphs_union_and_text_index(tmp_path):
    memory = graph.load(validate=False)
    source = OxigraphStore()
    source.add_dataset(memory.dataset)
    extra = URIRef("https://w3id.org/inspection-graph/graph/extra")
    council = URIRef("https://w3id.org/inspection-graph/id/council/E10000032")
    label = next(memory.store.dataset.objects(council, URIRef(
        "http://www.w3.org/2000/01/rdf-schema#label")))
    source.replace_graph(extra, [(council, URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                                  label)])  # a triple two graphs state: the union is kept
    assert source.union_kept
    graph.InspectionGraph(source).derive()
    target = OxigraphStore(tmp_path / "db")
    assert target.fill_from(source)
    assert set(target.quads()) == set(source.quads())
    assert target.union_kept
    assert target.text_index is not None and len(target.text_index) == len(source.text_index)
    assert not target.fill_from(source)  # no longer empty: written as any other write
    write_all(InspectionGraph(source), tmp_path / "source")
    write_all(InspectionGraph(target), tmp_path / "target")
    for name in ("inspection-graph.nt", "inspection-graph.nq", "inspection-graph.ttl",
                 "inspection-graph.trig", "nodes.csv", "edges.csv", "inspection-graph.graphml"):
        assert (tmp_path / "source" / name).read_bytes() == \
            (tmp_path / "target" / name).read_bytes(), name
    target.close()
    reopened = OxigraphStore(tmp_path / "db", read_only=True)
    assert set(reopened.quads()) == set(source.quads())
    assert reopened.mirror is None  # a store opened anew reads its own database
    reopened.close()


def test_a_write_after_fill_from_is_seen_by_the_exports(tmp_path):
    source = OxigraphStore()
    source.add_dataset(graph.load(validate=False).dataset)
    target = OxigraphStore(tmp_path / "db")
    assert target.fill_from(source)
    extra = URIRef("https://w3id.org/inspection-graph/graph/extra")
    thing = URIRef("https://example.org/thing")
    target.replace_graph(extra, [(thing, URIRef("https://example.org/p"), thing)])
    written = write_all(InspectionGraph(target), tmp_path / "out")
    assert "<https://example.org/thing>" in written["inspection-graph.nq"].read_text()
    assert "<https://example.org/thing>" not in \
        "".join(source.serialize("nquads").decode().splitlines())


def test_graphml_is_the_bytes_networkx_writes():
    projection = graph.load(validate=False).to_networkx()
    buf = io.BytesIO()
    nx.write_graphml(projection, buf)
    assert graphml_text(projection) == buf.getvalue().decode("utf-8")
    odd = nx.MultiDiGraph()
    odd.add_node('a "b" <c> & d\n', label="x\ty & <z>", empty="")
    odd.add_node("lonely")
    odd.add_edge('a "b" <c> & d\n', "lonely", key="k&", predicate="p")
    buf = io.BytesIO()
    nx.write_graphml(odd, buf)
    assert graphml_text(odd) == buf.getvalue().decode("utf-8")
    odd.nodes["lonely"]["weight"] = 2  # not text: NetworkX's own writer
    assert graphml_text(odd) is None


def test_exports_of_a_store_in_memory_are_the_same_bytes_in_every_process(tmp_path):
    code = ("import sys; import graph; from graph.exports import write_all; "
            "from graph.inspection_graph import InspectionGraph; "
            "kg = graph.load(validate=False); "
            "write_all(InspectionGraph(kg.store.oxigraph_copy()), sys.argv[1])")
    env = {"SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "random"}
    import os

    for run in ("a", "b"):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / run)], check=True,
                       env={**os.environ, **env}, timeout=300)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 8
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_fill_from_keeps_blank_nodes(tmp_path):
    from rdflib import BNode, Literal

    source = OxigraphStore()
    node = BNode("keep1")
    p = URIRef("https://example.org/p")
    source.replace_graph("https://example.org/g", [(node, p, Literal("x")),
                                                   (URIRef("https://example.org/a"), p, node)])
    target = OxigraphStore(tmp_path / "db")
    assert target.fill_from(source)
    target.settle()
    assert set(target.quads()) == set(source.quads())
    target.close()


def test_exports_in_order_keep_blank_nodes(tmp_path):
    from rdflib import BNode, Dataset, Literal

    store = OxigraphStore()
    node, p = BNode("b1"), URIRef("https://example.org/p")
    triples = [(node, p, Literal("x")), (URIRef("https://example.org/a"), p, node)]
    store.replace_graph("https://example.org/g", triples)
    store.replace_graph("https://example.org/h", triples[1:])  # the union is kept
    write_all(InspectionGraph(store), tmp_path, names=["inspection-graph.trig"])
    back = Dataset()
    back.parse(tmp_path / "inspection-graph.trig", format="trig")
    g = back.graph(URIRef("https://example.org/g"))
    assert len(g) == 2
    (blank,) = set(g.subjects(p, Literal("x")))
    assert (URIRef("https://example.org/a"), p, blank) in g  # one blank node, twice


def test_a_build_into_a_new_store_indexes_its_texts_while_the_copy_is_written(tmp_path):
    """The scratch store leaves its texts unindexed; the store written indexes them itself,
    and its index answers as SPARQL does."""
    from graph.inspection_graph import build_into_store
    from graph.store.textindex import INDEX_FILE

    fixtures = Path(__file__).parent / "fixtures" / "dfe"
    built = build_into_store(f"oxigraph:{tmp_path / 'db'}", workforce=fixtures / "csww.csv",
                             neighbours=fixtures / "neighbours.csv")
    store = built.graph.store
    try:
        store.settle()
        assert store.text_index is not None and (tmp_path / "db" / INDEX_FILE).is_file()
        indexed = built.graph.query_named("search", text="sussex")
        index, store.text_index = store.text_index, None
        store.read_only = True  # answered by SPARQL, no index made again
        by_sparql = built.graph.query_named("search", text="sussex")
        store.text_index, store.read_only = index, False
        assert indexed.rows and indexed.rows == by_sparql.rows
    finally:
        store.close()


def test_a_store_undone_on_opening_loses_its_text_index(tmp_path):
    """A copy cut short is cleared when the store is next opened writable: the index of the
    texts it held goes with it."""
    from graph.store.oxigraph import JOURNAL
    from graph.store.textindex import INDEX_FILE

    source = OxigraphStore()
    source.add_dataset(graph.load(validate=False).dataset)
    graph.InspectionGraph(source).derive()
    target = OxigraphStore(tmp_path / "db")
    assert target.fill_from(source)
    target.settle()
    target.close()
    assert (tmp_path / "db" / INDEX_FILE).is_file()
    (tmp_path / "db" / JOURNAL).write_text('{"cleared": true}', encoding="utf-8")  # cut short
    reopened = OxigraphStore(tmp_path / "db")
    try:
        assert len(reopened) == 0
        assert not (tmp_path / "db" / INDEX_FILE).exists()
    finally:
        reopened.close()


def test_rdf_exports_of_a_store_in_memory_hold_its_quads_in_a_fixed_order(tmp_path):
    """Turtle, TriG, JSON-LD, N-Triples and N-Quads of an Oxigraph store in memory (written
    from its lines in order): each reads back as the store's quads, and the same bytes
    come from a store filled in another order."""
    from rdflib import Dataset, Graph

    dataset = graph.load(validate=False).dataset
    quads = sorted(dataset.quads((None, None, None, None)), key=str)
    first, second = OxigraphStore(), OxigraphStore()
    first.add_dataset(dataset)
    by_graph: dict = {}
    for s, p, o, g in reversed(quads):
        by_graph.setdefault(g.identifier if hasattr(g, "identifier") else g, []).append((s, p, o))
    second.replace_graphs(dict(reversed(list(by_graph.items()))))
    expected = set(first.quads())
    union = {(s, p, o) for s, p, o, _g in expected}
    for fmt, rdflib_format in (("trig", "trig"), ("nquads", "nquads"), ("json-ld", "json-ld")):
        text = first.serialize(fmt)
        assert text == second.serialize(fmt), fmt
        ds = Dataset()
        ds.parse(data=text, format=rdflib_format)
        assert {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))
                if g is not None and g != ds.default_graph.identifier} == expected, fmt
    for fmt in ("turtle", "nt"):
        text = first.serialize(fmt, union=True)
        assert text == second.serialize(fmt, union=True), fmt
        assert set(Graph().parse(data=text, format=fmt)) == union, fmt
    lines = first.serialize("nquads").splitlines()
    assert lines == sorted(set(lines))
