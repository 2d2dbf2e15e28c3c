"""Three stores behind one interface: rdflib in memory, Oxigraph on disk, a real Oxigraph
server over the SPARQL 1.1 protocol. The curated build must answer the same on each."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef

import graph
from graph.cli import main
from graph.errors import QueryError, StoreError
from graph.store import MemoryStore, OxigraphStore, RemoteStore, open_store

WS = "https://w3id.org/inspection-graph/id/council/E10000032"


@pytest.fixture(scope="module")
def graphs(tmp_path_factory, oxigraph_server):
    """The curated records loaded into each of the three stores."""
    path = tmp_path_factory.mktemp("ox") / "db"
    return {
        "memory": graph.load(validate=False),
        "oxigraph": graph.load(validate=False, store=OxigraphStore(path)),
        "remote": graph.load(validate=False, store=RemoteStore(oxigraph_server + "/query")),
    }


XSD = "http://www.w3.org/2001/XMLSchema#"
DERIVED_INTEGERS = {XSD + n for n in ("nonNegativeInteger", "positiveInteger", "int", "long",
                                      "short", "byte", "negativeInteger", "nonPositiveInteger")}


NUMBERS = DERIVED_INTEGERS | {XSD + n for n in ("integer", "decimal", "double", "float")}


def _normal(term):
    # Oxigraph keeps values, not lexical forms: "25.0"^^xsd:decimal comes back as "25", and
    # a derived integer type (xsd:nonNegativeInteger) as xsd:integer
    if isinstance(term, Literal) and str(term.datatype) in NUMBERS:
        datatype = XSD + "integer" if str(term.datatype) in DERIVED_INTEGERS else term.datatype
        return ("number", str(datatype), term.toPython())
    return term


def _ground_quads(store):
    return {tuple(map(_normal, q)) for q in store.quads()
            if not any(isinstance(t, BNode) for t in q)}


def test_every_store_holds_the_same_quads(graphs):
    memory = graphs["memory"].store
    expected = _ground_quads(memory)
    assert len(expected) > 2000
    for name in ("oxigraph", "remote"):
        store = graphs[name].store
        assert store.graph_names() == memory.graph_names(), name
        assert _ground_quads(store) == expected, name
        assert len(list(store.quads())) == len(list(memory.quads())), name


def test_every_store_gives_the_same_counts(graphs):
    counts = [kg.counts() for kg in graphs.values()]
    assert counts[0]["triples"] > 2000 and counts[0]["inspections"] == 2
    assert counts[1] == counts[0] and counts[2] == counts[0]


def test_default_graph_is_the_union_of_named_graphs(graphs):
    # the ontology graph holds grade ranks, the record's graph the judgements: one pattern
    # spans both only when the default graph is their union
    q = """SELECT ?rank WHERE { ?i ig:subject ?c ; ig:judgement ?j .
             ?j ig:area ?area ; ig:grade/ig:gradeRank ?rank
             FILTER(?area IN (ilacs:overall-effectiveness, sif:overall-effectiveness)) }
           ORDER BY ?rank"""
    for name, kg in graphs.items():
        assert kg.query(q, c=WS).column("rank") == [3, 4], name


@pytest.mark.parametrize("value", [
    "West Sussex County Council",
    'a"b } ?x',
    "x\\u0022 } UNION { ?s ?p ?o",
    "line\nbreak\\",
    "'''",
])
def test_bindings_are_values_never_query_text(graphs, value):
    q = "SELECT ?s WHERE { ?s rdfs:label ?label }"
    answers = {name: kg.query(q, label=value).column("s") for name, kg in graphs.items()}
    expected = [WS] if value == "West Sussex County Council" else []
    assert answers == {name: expected for name in graphs}


def test_bound_variable_reaches_nested_filters(graphs):
    # a variable used only inside a UNION branch's FILTER is bound there too (pre-binding)
    q = """SELECT ?s WHERE { { ?s ig:gssCode ?code FILTER(STR(?code) = ?text) }
                             UNION { ?s ig:dfeCode ?code FILTER(STR(?code) = ?text) } }"""
    for name, kg in graphs.items():
        assert kg.query(q, text="938").column("s") == [WS], name
        assert kg.query(q, text="E10000032").column("s") == [WS], name


def test_projected_bound_variable_keeps_its_column(graphs):
    q = "SELECT ?c ?label WHERE { ?c rdfs:label ?label }"
    for name, kg in graphs.items():
        rows = kg.query(q, c="council:E10000017").to_dicts()
        assert rows == [{"c": "https://w3id.org/inspection-graph/id/council/E10000017",
                         "label": "Lancashire County Council"}], name


def test_ask_and_construct_on_every_store(graphs):
    sizes = set()
    for name, kg in graphs.items():
        assert kg.query("ASK { ?c ig:gssCode 'E10000032' }").boolean is True, name
        assert kg.query("ASK { ?c ig:gssCode 'nowhere' }").boolean is False, name
        g = kg.query("CONSTRUCT { ?c ?p ?o } WHERE { ?c a ig:Council ; ?p ?o }").graph
        assert (URIRef(WS), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                Literal("West Sussex County Council")) in g
        sizes.add(len(g))
    assert len(sizes) == 1


def test_malformed_query_is_a_query_error_on_every_store(graphs):
    for name, kg in graphs.items():
        with pytest.raises(QueryError, match="SPARQL"):
            kg.query("SELECT ?x WHERE { ?x ")
        assert name


def test_replacing_a_graph_never_doubles_it(graphs, oxigraph_server, tmp_path):
    for store in (OxigraphStore(tmp_path / "db"), RemoteStore(oxigraph_server + "/query")):
        before = len(store)
        g = URIRef("https://w3id.org/inspection-graph/graph/test-replace")
        triples = [(URIRef(f"https://example.org/{i}"), URIRef("https://example.org/p"),
                    Literal(i)) for i in range(5)]
        store.replace_graph(g, triples)
        store.replace_graph(g, triples[:3])
        assert len(store) == before + 3
        store.replace_graph(g, [])
        assert len(store) == before
        assert g not in store.graph_names()


def test_remote_loading_through_the_graph_store_protocol(oxigraph_server, graphs):
    # a second server database is not needed: the GSP PUT replaces the same graphs
    store = RemoteStore(oxigraph_server + "/query", store_url=oxigraph_server + "/store")
    kg = graph.load(validate=False, store=store)
    assert kg.counts() == graphs["memory"].counts()


def test_remote_update_in_chunks_keeps_every_triple(oxigraph_server):
    store = RemoteStore(oxigraph_server + "/query")
    g = URIRef("https://w3id.org/inspection-graph/graph/test-chunks")
    triples = [(URIRef(f"https://example.org/c{i}"), URIRef("https://example.org/p"),
                Literal(f"value {i}")) for i in range(250)]
    store.replace_graph(g, triples, chunk=100)
    n = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    assert int(n.rows[0][0]) == 250
    store.replace_graph(g, [])


def test_oxigraph_store_persists_and_opens_read_only(tmp_path):
    path = tmp_path / "db"
    store = OxigraphStore(path)
    graph.load(validate=False, store=store)
    expected = graph.InspectionGraph(store).counts()
    store.close()
    reader = OxigraphStore(path, read_only=True)
    assert graph.InspectionGraph(reader).counts() == expected
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph("https://example.org/g", [])


def test_open_store_specs(tmp_path):
    assert isinstance(open_store(None), MemoryStore)
    assert isinstance(open_store("memory"), MemoryStore)
    assert isinstance(open_store(f"oxigraph:{tmp_path / 'db'}"), OxigraphStore)
    remote = open_store("http://127.0.0.1:9/query")
    assert isinstance(remote, RemoteStore) and remote.update_url == "http://127.0.0.1:9/update"
    with pytest.raises(StoreError, match="unknown store 'sqlite:x'"):
        open_store("sqlite:x")
    with pytest.raises(StoreError, match="no Oxigraph store at"):
        open_store(f"oxigraph:{tmp_path / 'missing'}", read_only=True)
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        remote.query("ASK {}")


QUERY = ("SELECT ?start ?grade WHERE { ?i ig:subject council:E10000032 ; ig:fieldworkStart "
         "?start ; ig:judgement ?j . ?j ig:area ilacs:overall-effectiveness ; "
         "ig:grade/skos:prefLabel ?grade } ORDER BY ?start")


def test_cli_build_into_a_store_then_read_it(tmp_path, oxigraph_server):
    runner = CliRunner()
    expected = runner.invoke(main, ["query", "--format", "csv", "--sparql", QUERY])
    assert expected.exit_code == 0 and "Inadequate" in expected.output
    spec = f"oxigraph:{tmp_path / 'db'}"
    built = runner.invoke(main, ["build", "--store", spec, "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    for option, value in (("--store", spec), ("--endpoint", oxigraph_server + "/query")):
        if option == "--endpoint":
            runner.invoke(main, ["build", "--endpoint", value, "--out", str(tmp_path / "o2")])
        got = runner.invoke(main, ["query", option, value, "--format", "csv", "--sparql", QUERY])
        assert got.exit_code == 0, got.output
        assert got.output == expected.output


def test_cli_store_errors(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["show", "x", "--store", f"oxigraph:{tmp_path / 'none'}"])
    assert missing.exit_code == 1
    assert missing.output.startswith("Error: no Oxigraph store at")
    both = runner.invoke(main, ["show", "x", "--store", "oxigraph:a",
                                "--endpoint", "http://127.0.0.1:9/query"])
    assert both.exit_code == 2 and "not both" in both.output
    unknown = runner.invoke(main, ["show", "x", "--store", "sqlite:x"])
    assert unknown.exit_code == 1 and "unknown store" in unknown.output


def test_a_triple_in_two_graphs_counts_once_in_the_union(oxigraph_server, tmp_path):
    s, p, o = (URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(7))
    g1, g2 = (URIRef(f"https://w3id.org/inspection-graph/graph/test-union-{i}") for i in (1, 2))
    count = "SELECT (COUNT(*) AS ?n) (SUM(?o) AS ?total) WHERE { <https://example.org/s> ?p ?o }"
    for store in (MemoryStore(), OxigraphStore(tmp_path / "db"),
                  RemoteStore(oxigraph_server + "/query")):
        name = type(store).__name__
        store.replace_graph(g1, [(s, p, o)])
        store.replace_graph(g2, [(s, p, o)])
        assert [int(t) for t in store.query(count).rows[0]] == [1, 7], name
        store.replace_graph(g1, [])  # still stated by g2
        assert [int(t) for t in store.query(count).rows[0]] == [1, 7], name
        store.replace_graph(g2, [])  # stated by no graph now
        assert int(store.query(count).rows[0][0]) == 0, name


def test_oxigraph_database_written_elsewhere_reads_as_the_union(tmp_path):
    import pyoxigraph as ox

    path = tmp_path / "db"
    raw = ox.Store(str(path))
    for i, g in enumerate(("https://example.org/g1", "https://example.org/g2")):
        raw.add(ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                        ox.Literal(str(i)), ox.NamedNode(g)))
    del raw
    q = "SELECT (COUNT(*) AS ?n) WHERE { <https://example.org/s> ?p ?o }"
    reader = OxigraphStore(path, read_only=True)  # named graphs only: read in union mode
    assert int(reader.query(q).rows[0][0]) == 2 and not reader.union_kept
    del reader
    writer = OxigraphStore(path)  # a writable one gets its union built
    assert writer.union_kept and int(writer.query(q).rows[0][0]) == 2
    assert len(list(writer.quads())) == 2
