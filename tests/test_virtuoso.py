"""Virtuoso Open Source as a store over HTTP: builds and imports written into a real server
(its own database, free loopback ports), credentials from the environment, writes that
fail leaving the graph as it was, the union counted as a set. The named-query library's
answers on Virtuoso beside the other stores are compared in test_queries.py."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from rdflib import Literal, URIRef

import graph
from graph.cli import main
from graph.errors import StoreError
from graph.store import OxigraphStore, RemoteStore
from graph.store.derived import ensure_derived
from graph.store.remote import PASSWORD_VARIABLE, USER_VARIABLE

QUERY = ("SELECT ?start ?grade WHERE { ?i ig:subject council:E10000032 ; ig:fieldworkStart "
         "?start ; ig:judgement ?j . ?j ig:area ilacs:overall-effectiveness ; "
         "ig:grade/skos:prefLabel ?grade } ORDER BY ?start")
G = "https://w3id.org/inspection-graph/graph/test-virtuoso"


def _store(server, **kwargs) -> RemoteStore:
    return RemoteStore(server.url, user=server.user, password=server.password, **kwargs)


def _triples(n: int, tag: str = "") -> list[tuple]:
    p = URIRef("https://example.org/p")
    return [(URIRef(f"https://example.org/s{i}"), p, Literal(f"{tag}{i}")) for i in range(n)]


def test_cli_build_into_virtuoso_over_http_then_query(virtuoso_server, tmp_path, monkeypatch):
    runner = CliRunner()
    expected = runner.invoke(main, ["query", "--format", "csv", "--sparql", QUERY])
    assert expected.exit_code == 0 and "Inadequate" in expected.output
    for name, value in virtuoso_server.env().items():
        monkeypatch.setenv(name, value)
    url = virtuoso_server.url
    built = runner.invoke(main, ["build", "--store", url, "--no-views",
                                 "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert f"store: {url} (chosen with --store)" in built.output
    got = runner.invoke(main, ["query", "--store", url, "--format", "csv", "--sparql", QUERY])
    assert got.exit_code == 0, got.output
    assert got.output == expected.output
    # the store holds what the build holds in memory, graph by graph (derived graph included)
    memory = graph.load(validate=False)
    ensure_derived(memory.store)
    remote = RemoteStore(url)  # reading needs no credentials
    assert remote.engine == "generic" and remote.graph_names() == memory.store.graph_names()
    assert remote.engine == "virtuoso"  # told by the server's answer
    assert len(remote) == len(memory.store)
    assert not any(str(g).startswith("http://www.openlinksw.com/") for g in remote.graph_names())


def test_writing_needs_the_credentials_from_the_environment(virtuoso_server, monkeypatch):
    monkeypatch.delenv(USER_VARIABLE, raising=False)
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    with pytest.raises(StoreError, match="set INSPECTION_GRAPH_STORE_USER and"):
        RemoteStore(virtuoso_server.url).replace_graph(G, _triples(3))
    wrong = RemoteStore(virtuoso_server.url, user="dba", password="not-the-password")
    with pytest.raises(StoreError, match=r"refused the credentials .* \(401\): wrong"):
        wrong.replace_graph(G, _triples(3))
    runner = CliRunner()
    monkeypatch.setenv(USER_VARIABLE, "dba")
    monkeypatch.setenv(PASSWORD_VARIABLE, "not-the-password")
    result = runner.invoke(main, ["import", "neighbours", "--store", virtuoso_server.url,
                                  str(FIXTURES / "dfe" / "neighbours.csv")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "refused the credentials of INSPECTION_GRAPH_STORE_USER" in result.output
    assert "Traceback" not in result.output


class CutShort(Exception):
    """The client stopped in the middle of a write (killed, interrupted, its network gone)."""


def test_a_write_cut_short_leaves_the_graph_as_it_was(virtuoso_server):
    store = _store(virtuoso_server, batch=10)
    store.replace_graph(G, _triples(5, "old "))

    def stop_after_two_batches(step, done, total):
        if step == "write triples" and done == 20:
            raise CutShort

    store.progress = stop_after_two_batches
    with pytest.raises(CutShort):
        store.replace_graph(G, _triples(35, "new "))
    store.progress = None
    q = f"SELECT ?o WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} ORDER BY ?o"
    assert [str(r[0]) for r in store.query(q).rows] == [f"old {i}" for i in range(5)]
    assert G in {str(g) for g in store.graph_names()}
    assert store._staging_graphs()  # the batches written before the failure, set aside
    store.replace_graph(G, _triples(25, "new "))  # written in three batches, then moved
    assert not store._staging_graphs()
    rows = store.query(q).rows
    assert len(rows) == 25 and all(str(r[0]).startswith("new ") for r in rows)
    counted = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }")
    assert int(counted.rows[0][0]) == 25  # the union holds the new triples, not the old
    store.replace_graph(G, [])
    assert G not in {str(g) for g in store.graph_names()}


def test_a_triple_in_two_graphs_counts_once(virtuoso_server):
    store = _store(virtuoso_server)
    s, p, o = URIRef("https://example.org/s"), URIRef("https://example.org/p2"), Literal(7)
    g1, g2 = G + "-1", G + "-2"
    count = "SELECT (COUNT(*) AS ?n) (SUM(?o) AS ?t) WHERE { <https://example.org/s> ?p ?o }"
    store.replace_graph(g1, [(s, p, o)])
    store.replace_graph(g2, [(s, p, o)])
    assert [int(t) for t in store.query(count).rows[0]] == [1, 7]
    store.replace_graph(g1, [])  # still stated by g2
    assert [int(t) for t in store.query(count).rows[0]] == [1, 7]
    store.replace_graph(g2, [])
    assert int(store.query(count).rows[0][0]) == 0
    assert store.query("ASK { ?s ?p ?o FILTER(?p = <https://example.org/p2>) }").boolean is False


@pytest.mark.shared
def test_national_build_into_virtuoso_answers_as_oxigraph(virtuoso_server, tmp_path,
                                                         monkeypatch):
    from conftest import need_shared

    dfe = need_shared("data", "dfe")
    files = {"ofsted": dfe / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
             "workforce": dfe / "csww_indicators_2017_to_2025.csv",
             "neighbours": dfe / "New_Statistical_Neighbour_Groupings_April_2021.csv"}
    for name, value in virtuoso_server.env().items():
        monkeypatch.setenv(name, value)
    url = virtuoso_server.url
    args = ["build", "--store", url, "--no-views", "--out", str(tmp_path / "out")]
    for kind, path in files.items():
        args += [f"--{kind}", str(path)]
    built = CliRunner().invoke(main, args)
    assert built.exit_code == 0, built.output
    reference = graph.build_national(**files, store=OxigraphStore()).graph
    remote = graph.InspectionGraph(RemoteStore(url))
    assert len(remote.store) == len(reference.store) > 100_000
    for name, params in (("latest-grades", {}), ("grade-changes", {}),
                         ("statistical-neighbours", {"council": "E10000032"}),
                         ("council-statistics", {"council": "council:E10000032"})):
        want = reference.query_named(name, **params).to_dicts()
        assert want, name
        assert remote.query_named(name, **params).to_dicts() == want, name


def test_graphs_bulk_loaded_by_virtuoso_are_read_and_derived(virtuoso_server, tmp_path):
    """The N-Quads export loaded with Virtuoso's own bulk loader (no union graph made):
    queries make the union first, ``derive`` makes it anew with the derived facts."""
    built = graph.load(validate=False)
    nq = virtuoso_server.folder / "bulk" / "inspection-graph.nq"
    nq.parent.mkdir()
    nq.write_text(built.store.to_dataset().serialize(format="nquads"), encoding="utf-8")
    store = _store(virtuoso_server)
    for g in store.graph_names():  # an empty server: what earlier tests wrote goes
        store.replace_graph(g, [])
    virtuoso_server.sql(f"ld_dir('{nq.parent}', '*.nq', 'urn:inspection-graph:unused'); "
                        "rdf_loader_run(); checkpoint;")
    want = built.query_named("latest-grades").to_dicts()
    assert want
    kg = graph.InspectionGraph(_store(virtuoso_server))  # as a new process would open it
    assert kg.query_named("latest-grades").to_dicts() == want
    result = CliRunner(env=virtuoso_server.env()).invoke(
        main, ["derive", "--store", virtuoso_server.url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Derived ")
    assert graph.InspectionGraph(RemoteStore(virtuoso_server.url)).query_named(
        "latest-grades").to_dicts() == want
