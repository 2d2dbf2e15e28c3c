"""Derived facts (graph/derived): the named queries that read them answer exactly as the
queries that compute everything from the raw facts (kept in tests/reference_queries), on the
curated records, the fictional national fixture, a synthetic graph and the real national
picture; every write drops them and the next read derives them again."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import need_shared
from rdflib import RDF, Literal, URIRef

import graph
from graph.cli import main
from graph.errors import QueryError
from graph.queries import get_query, prefixed
from graph.store import MemoryStore, OxigraphStore
from graph.store.derived import DERIVED_GRAPH, derive, ensure_derived, has_derived, reads_derived
from graph.vocab import IG, scheme_iri

REFERENCE = Path(__file__).parent / "reference_queries"
FIXTURE = Path(__file__).parent / "fixtures" / "graphs" / "national-mini.trig"
WEST_SUSSEX = "https://w3id.org/inspection-graph/id/council/E10000032"
REWRITTEN = sorted(p.stem for p in REFERENCE.glob("*.rq"))


def _reference(name: str) -> str:
    return REFERENCE.joinpath(name + ".rq").read_text(encoding="utf-8")


def _bag(result) -> Counter:
    return Counter(tuple(None if v is None else str(v) for v in row) for row in result.rows)


def _param_sets(kg, name: str) -> list[dict]:
    """The defaults, plus parameters pointing at what this graph holds."""
    q = get_query(name)
    wanted = {p.name for p in q.params}
    sets: list[dict] = [{}]
    if "council" in wanted:
        rows = kg.query("SELECT DISTINCT ?c WHERE { ?f a ig:Finding ; "
                        "ig:fromInspection/ig:subject ?c } ORDER BY ?c LIMIT 4").rows
        sets += [{"council": str(r[0])} for r in rows]
    if "theme" in wanted:
        rows = kg.query("SELECT DISTINCT ?t WHERE { ?f a ig:Finding ; ig:theme ?t } "
                        "ORDER BY ?t LIMIT 4").rows
        sets += [{"theme": str(r[0])} for r in rows]
    if "grade" in wanted:
        sets += [{"grade": f"grade:{g}"} for g in ("outstanding", "good", "requires-improvement")]
    if "change" in wanted:
        sets += [{"change": c} for c in ("improved", "unchanged")]
    return sets


def _assert_same_as_reference(kg, oracle=None) -> int:
    """Every rewritten query, with every parameter set, against its reference; the
    reference runs on ``oracle`` (Oxigraph: rdflib does not bind inside subqueries)."""
    oracle = oracle or kg
    compared = 0
    for name in REWRITTEN:
        q = get_query(name)
        for params in _param_sets(kg, name):
            bindings = q.bindings(**params)
            expected = _bag(oracle.store.query(prefixed(_reference(name)), bindings=bindings))
            got = _bag(kg.query_named(name, **params))
            assert got == expected, (name, params)
            compared += bool(expected)
    return compared


def _with_fixture(store):
    from rdflib import Dataset

    kg = graph.load(validate=False, store=store)
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    kg.store.add_dataset(ds)
    return kg


def test_every_rewritten_query_reads_derived_facts_or_is_plain():
    assert REWRITTEN, "tests/reference_queries holds the reference texts"
    for name in REWRITTEN:
        assert get_query(name).sparql != _reference(name)


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_curated_and_fixture_answers_match_the_reference(kind, tmp_path):
    store = MemoryStore() if kind == "memory" else OxigraphStore(tmp_path / "db")
    kg = _with_fixture(store)
    oracle = kg if kind == "oxigraph" else _with_fixture(OxigraphStore())
    assert _assert_same_as_reference(kg, oracle) >= 10


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory) -> Path:
    from benchmarks.stores import ontology_file
    from benchmarks.synthetic import write_nquads

    folder = tmp_path_factory.mktemp("syn")
    write_nquads(folder / "syn.nq", 30_000, 7)
    return [ontology_file(folder), folder / "syn.nq"]


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_synthetic_answers_match_the_reference(kind, synthetic_file):
    kgs = {}
    for k in {kind, "oxigraph"}:
        store = MemoryStore() if k == "memory" else OxigraphStore()
        for f in synthetic_file:
            store.load_file(f)
        kgs[k] = graph.InspectionGraph(store)
    assert not has_derived(kgs[kind].store)
    assert _assert_same_as_reference(kgs[kind], kgs["oxigraph"]) >= 15
    assert has_derived(kgs[kind].store)  # derived by the first query that read them


def test_national_answers_match_the_reference():
    from graph.inspection_graph import build_national

    dfe = need_shared("data", "dfe")
    kg = build_national(ofsted=dfe / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
                        workforce=dfe / "csww_indicators_2017_to_2025.csv",
                        neighbours=dfe / "New_Statistical_Neighbour_Groupings_April_2021.csv",
                        store=OxigraphStore()).graph
    assert has_derived(kg.store)  # the import derived them
    assert _assert_same_as_reference(kg) >= 8
    rows = kg.query_named("latest-grades").rows
    assert len(rows) > 140


# --- the derived graph follows every write ---------------------------------------------------
def _later_inspection(grade: str) -> list[tuple]:
    """A graded inspection of West Sussex after every other, in a graph of its own."""
    base = "https://w3id.org/inspection-graph/id/"
    insp, judgement = URIRef(base + "inspection/test-later"), URIRef(base + "judgement/test-l")
    return [(insp, RDF.type, IG.Inspection), (insp, IG.subject, URIRef(WEST_SUSSEX)),
            (insp, IG.fieldworkStart, Literal("2030-01-15", datatype=URIRef(
                "http://www.w3.org/2001/XMLSchema#date"))),
            (insp, IG.judgement, judgement), (judgement, RDF.type, IG.Judgement),
            (judgement, IG.area, scheme_iri("ilacs-area", "overall-effectiveness")),
            (judgement, IG.grade, scheme_iri("grade", grade))]


def _west_sussex_latest(kg) -> tuple[str, str]:
    rows = [r for r in kg.query_named("latest-grades").to_dicts() if r["council"] == WEST_SUSSEX]
    assert len(rows) == 1
    return rows[0]["latest"], rows[0]["grade"]


@pytest.mark.parametrize("kind", ["memory", "oxigraph", "remote"])
def test_a_write_drops_the_derived_graph_and_the_next_query_derives_it(kind, tmp_path,
                                                                       request):
    if kind == "remote":
        from graph.store import RemoteStore

        server = request.getfixturevalue("oxigraph_server")
        store = RemoteStore(server + "/query")
        store.update("DROP ALL")
    else:
        store = MemoryStore() if kind == "memory" else OxigraphStore(tmp_path / "db")
    kg = graph.load(validate=False, store=store)
    assert _west_sussex_latest(kg) == ("2019-02", "Inadequate")
    assert has_derived(kg.store)
    changes = kg.query_named("grade-changes", change="improved").to_dicts()
    assert [r["council"] for r in changes] == []

    kg.store.replace_graph("https://w3id.org/inspection-graph/graph/test-later",
                           _later_inspection("outstanding"))
    assert not has_derived(kg.store)
    assert _west_sussex_latest(kg) == ("2030-01-15", "Outstanding")
    changes = kg.query_named("grade-changes", change="improved").to_dicts()
    assert [(r["previous"], r["latest"]) for r in changes] == [("2019-02", "2030-01-15")]

    kg.store.replace_graph("https://w3id.org/inspection-graph/graph/test-later", [])
    assert _west_sussex_latest(kg) == ("2019-02", "Inadequate")
    if kind == "remote":
        store.update("DROP ALL")


def test_ad_hoc_queries_naming_derived_terms_derive_first():
    kg = graph.load(validate=False)
    assert not has_derived(kg.store)
    rows = kg.query("SELECT ?n WHERE { ?s a ig:ThemeSummary ; ig:findingCount ?n }").rows
    assert rows and has_derived(kg.store)
    assert sum(int(r[0]) for r in rows) >= 33  # every finding has a theme, some two


def test_reads_derived_tells_which_queries_need_them():
    needing = {q for q in ("latest-grades", "grade-changes", "findings-by-theme",
                           "shared-themes", "councils-currently-inadequate")}
    assert {q for q in needing if reads_derived(get_query(q).sparql)} == needing
    assert not reads_derived(get_query("inspection-history").sparql)


def test_derived_counts_agree_with_the_records():
    kg = graph.load(validate=False)
    counts = derive(kg.store)
    assert counts["latest graded inspections"] == 1  # West Sussex, 2019
    assert counts["previous graded inspections"] == 1  # 2019 follows 2015
    rows = kg.query("SELECT ?theme ?n WHERE { ?s ig:summarisesTheme ?theme ; "
                    "a ig:ThemeSummary ; ig:findingCount ?n }").rows
    direct = kg.query("SELECT ?theme (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a ig:Finding ; "
                      "ig:theme ?theme } GROUP BY ?theme").rows
    assert {(str(t), int(n)) for t, n in rows} == {(str(t), int(n)) for t, n in direct}
    assert not ensure_derived(kg.store)  # already there: nothing to do


def test_projections_and_views_leave_the_derived_graph_out():
    kg = graph.load(validate=False)
    derive(kg.store)
    g = kg.to_networkx()
    assert not [n for n, d in g.nodes(data=True) if "Summary" in d.get("type", "")]
    assert not [e for e in g.edges(data=True) if e[2].get("graph") == str(DERIVED_GRAPH)]


def test_read_only_store_without_derived_facts_says_how_to_get_them(tmp_path):
    path = tmp_path / "db"
    store = OxigraphStore(path)
    graph.load(validate=False, store=store)
    store.close()
    read_only = graph.InspectionGraph(OxigraphStore(path, read_only=True))
    with pytest.raises(QueryError, match="latest-grades.*inspection-graph derive"):
        read_only.query_named("latest-grades")
    read_only.store.close()

    result = CliRunner().invoke(main, ["derive", "--store", f"oxigraph:{path}"])
    assert result.exit_code == 0, result.output
    assert "1 latest graded inspections" in result.output
    read_only = graph.InspectionGraph(OxigraphStore(path, read_only=True))
    assert _west_sussex_latest(read_only) == ("2019-02", "Inadequate")
    read_only.store.close()


def test_derive_needs_a_store_to_write():
    result = CliRunner().invoke(main, ["derive"])
    assert result.exit_code != 0
    assert "--store" in result.output


def test_an_endpoint_that_refuses_updates_says_the_derived_facts_are_missing(tmp_path):
    """The project's own endpoint refuses SPARQL Update: over a read-only database that
    lacks the derived graph, a query reading it fails with a clear error, other queries run."""
    import threading

    from graph.server.endpoint import make_server
    from graph.store import RemoteStore

    path = tmp_path / "db"
    store = OxigraphStore(path)
    graph.load(validate=False, store=store)
    store.close()
    server = make_server(OxigraphStore(path, read_only=True), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        remote = graph.InspectionGraph(RemoteStore(
            f"http://127.0.0.1:{server.server_address[1]}/sparql", union="server"))
        with pytest.raises(QueryError, match="latest-grades.*derive"):
            remote.query_named("latest-grades")
        rows = remote.query_named("inspection-history").to_dicts()
        assert [r["start"] for r in rows][:1] == ["2015"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_file_loaded_beside_other_graphs_brings_no_derived_facts(kind, tmp_path):
    """A derived graph inside a file describes that file alone: into an empty store it is
    kept (a store's own export, loaded back), beside other graphs it is dropped."""
    wrong = URIRef("https://w3id.org/inspection-graph/id/inspection/E10000032/2015")
    path = tmp_path / "extra.nq"
    path.write_text(f"<{WEST_SUSSEX}> <{IG.latestGradedInspection}> <{wrong}> "
                    f"<{DERIVED_GRAPH}> .\n"
                    f"<{WEST_SUSSEX}> <{IG.councilStatus}> \"current\" "
                    f"<https://w3id.org/inspection-graph/graph/extra> .\n", encoding="utf-8")
    store = MemoryStore() if kind == "memory" else OxigraphStore()
    kg = graph.load(validate=False, store=store)
    derive(kg.store)
    kg.store.load_file(path)
    assert not has_derived(kg.store)
    assert _west_sussex_latest(kg) == ("2019-02", "Inadequate")

    empty = MemoryStore() if kind == "memory" else OxigraphStore()
    empty.load_file(path)
    assert has_derived(empty)
