"""The named-query library: headers, parameters, answers on the curated records and on a small
fictional national fixture, and the same answers from all four stores (memory, Oxigraph, an
Oxigraph server and a Virtuoso server, both over HTTP)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import graph
from graph.cli import main
from graph.errors import QueryError
from graph.queries import NamedQuery, QueryParam, get_query, list_queries, parse_header
from graph.store import OxigraphStore, RemoteStore

FIXTURE = Path(__file__).parent / "fixtures" / "graphs" / "national-mini.trig"
RECORD = Path(graph.__file__).parent / "data" / "communitycare-2019-05-west-sussex.yaml"
NORTHMOOR, SOUTHDALE, EASTWICK = (f"https://w3id.org/inspection-graph/id/council/E9900000{i}"
                                  for i in (1, 2, 3))
WEST_SUSSEX = "https://w3id.org/inspection-graph/id/council/E10000032"

# Parameter sets each query runs with: its defaults, and values that reach the fixture.
PARAMS: dict[str, list[dict]] = {
    "councils-currently-inadequate": [{}, {"grade": "grade:good"},
                                      {"grade": "grade:requires-improvement"}],
    "grade-changes": [{}, {"change": "improved"}, {"change": "unchanged"}],
    "inspection-history": [{}, {"council": "council:E99000001"}],
    "council-statistics": [{}, {"council": "council:E99000001"}],
    "workforce-beside-judgement": [{}, {"council": "council:E99000001"}],
    "shared-themes": [{}, {"council": "council:E99000001"}],
    "statistical-neighbours": [{}, {"council": "E99000001"}],
    "search": [{}, {"text": "drifted"}, {"text": '") } UNION { ?s ?p ?o } #'}],
    "theme-findings": [{}, {"theme": "theme:leadership"}],
    "officials": [{}, {"council": "council:E10000017"}],
    "career": [{}, {"person": "person:andrew-ireland"}],
    "report-findings": [{}, {"text": "agency", "region": "north west"},
                        {"text": "", "polarity": "strength", "area": "impact-of-leaders"}],
    "repeated-recommendations": [{}, {"council": "E99000001"}],
}


def _load_fixture(store) -> None:
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    store.add_dataset(ds)


@pytest.fixture(scope="module")
def library_graphs(tmp_path_factory, oxigraph_server, virtuoso_server):
    """Curated records plus the fictional national fixture, in each of the four stores."""
    stores = {"memory": None,
              "oxigraph": OxigraphStore(tmp_path_factory.mktemp("oxq") / "db"),
              "remote": RemoteStore(oxigraph_server + "/query"),
              "virtuoso": RemoteStore(virtuoso_server.url, user=virtuoso_server.user,
                                      password=virtuoso_server.password)}
    graphs = {}
    for name, store in stores.items():
        kg = graph.load(validate=False, store=store)
        _load_fixture(kg.store)
        graphs[name] = kg
    return graphs


def _normal(rows: list[dict]) -> list[dict]:
    """Rows with numbers compared by value (Oxigraph writes 25.0 as 25)."""
    def norm(v):
        return float(v) if isinstance(v, int | float | Decimal) and not isinstance(v, bool) else v
    return [{k: norm(v) for k, v in row.items()} for row in rows]


def test_library_answers_the_listed_questions():
    names = {q.name for q in list_queries()}
    assert names >= {"latest-grades", "councils-currently-inadequate", "inspection-history",
                     "grade-changes", "officials", "career", "findings-by-theme",
                     "finding-evidence", "council-statistics", "causal-chain", "boards",
                     "workforce-beside-judgement", "shared-themes", "search"}
    for q in list_queries():
        assert q.title and q.description, q.name
        assert all(p.default for p in q.params), f"{q.name}: every parameter has a default"
        for p in q.params:  # every parameter is a variable of the query
            assert f"?{p.name}" in q.sparql.split("\n", len(q.params) + 2)[-1], (q.name, p.name)


@pytest.mark.parametrize("name", sorted(q.name for q in list_queries()))
def test_whole_library_gives_the_same_answers_on_four_stores(library_graphs, name):
    answered = False
    for params in PARAMS.get(name, [{}]):
        answers = {store: _normal(kg.query_named(name, **params).to_dicts())
                   for store, kg in library_graphs.items()}
        assert answers["oxigraph"] == answers["memory"], (name, params)
        assert answers["remote"] == answers["memory"], (name, params)
        assert answers["virtuoso"] == answers["memory"], (name, params)
        answered = answered or bool(answers["memory"])
    assert answered, f"{name} answered nothing on any parameter set"


# Values that name nothing in the graph, for every kind of parameter.
NOTHING = {"council": "council:E99999999", "person": "person:nobody-at-all",
           "finding": "https://w3id.org/inspection-graph/id/finding/none",
           "theme": "theme:no-such-theme", "text": "zzqq-in-no-label", "grade": "grade:none",
           "change": "sideways", "measure": "no-such-measure", "region": "Nowhere",
           "area": "no-such-area", "polarity": "neither"}


@pytest.mark.parametrize("name", sorted(q.name for q in list_queries() if q.params))
def test_a_parameter_naming_nothing_gives_no_rows_on_any_store(library_graphs, name):
    """Also where the parameter is used inside a grouped subquery: rdflib answers a GROUP BY
    over no rows with one empty row, which must not join with everything after it."""
    params = {p.name: NOTHING[p.name] for p in get_query(name).params}
    for store, kg in library_graphs.items():
        assert kg.query_named(name, **params).rows == [], (store, params)


def _rows(kg, name, **params):
    return kg.query_named(name, **params).to_dicts()


def test_latest_grades_use_the_most_recent_graded_inspection(library_graphs):
    kg = library_graphs["memory"]
    got = {r["council"]: (r["grade"], r["latest"]) for r in _rows(kg, "latest-grades")}
    # Northmoor's focused visit (2019-09-02) has no judgement; its 2021 inspection is the latest
    assert got[NORTHMOOR] == ("Good", "2021-10-04")
    assert got[SOUTHDALE] == ("Requires improvement to be good", "2019-03-04")
    assert got[EASTWICK] == ("Inadequate", "2022-05-09")
    assert got[WEST_SUSSEX] == ("Inadequate", "2019-02")
    assert len(got) == 4  # the abolished Westford and the never-inspected Hillbury are absent
    ranks = [r["rank"] for r in _rows(kg, "latest-grades")]
    assert ranks == sorted(ranks)


def test_councils_currently_inadequate(library_graphs):
    for kg in library_graphs.values():
        assert [r["council"] for r in _rows(kg, "councils-currently-inadequate")] == \
            [EASTWICK, WEST_SUSSEX]  # most recent first
        assert [r["name"] for r in _rows(kg, "councils-currently-inadequate", grade="good")] \
            == ["Northmoor Council"]


def test_grade_changes_between_the_last_two_graded_inspections(library_graphs):
    kg = library_graphs["oxigraph"]
    declined = {r["council"]: (r["previousGrade"], r["latestGrade"])
                for r in _rows(kg, "grade-changes")}
    assert declined == {SOUTHDALE: ("Good", "Requires improvement to be good"),
                        WEST_SUSSEX: ("Requires improvement to be good", "Inadequate")}
    improved = _rows(kg, "grade-changes", change="improved")
    # compared with 2018 (inadequate), not with the 2014 SIF inspection
    assert [(r["council"], r["previous"], r["latest"]) for r in improved] == \
        [(NORTHMOOR, "2018-06-11", "2021-10-04")]
    assert [r["council"] for r in _rows(kg, "grade-changes", change="unchanged")] == [EASTWICK]


def test_inspection_history_lists_every_inspection_and_area(library_graphs):
    rows = _rows(library_graphs["remote"], "inspection-history", council="council:E99000001")
    assert [r["start"] for r in rows] == ["2014-05", "2018-06-11", "2018-06-11", "2019-09-02",
                                          "2021-10-04"]
    visit = rows[3]
    assert "area" not in visit and "grade" not in visit
    assert {r.get("area") for r in rows[1:3]} == {"Overall effectiveness", "Help and protection"}


def test_inspection_history_of_the_curated_records(library_graphs):
    record = yaml.safe_load(RECORD.read_text(encoding="utf-8"))
    judged = sum(len(i.get("judgements", [])) for i in record["inspections"]
                 if i["subject"] == "west-sussex")
    rows = _rows(library_graphs["memory"], "inspection-history")
    assert len(rows) == judged
    assert {r["start"] for r in rows} == {str(i["start"]) for i in record["inspections"]
                                          if i["subject"] == "west-sussex"}


def test_workforce_beside_the_judgement_of_the_inspection_year(library_graphs):
    rows = _rows(library_graphs["memory"], "workforce-beside-judgement", council="E99000001")
    by_year = {r["year"]: r for r in rows}
    # fieldwork from 4 October 2021 falls in DfE's reporting year 2022 (to 30 September)
    assert set(by_year) == {"2014", "2018", "2022"}
    assert "turnover" not in by_year["2014"]
    assert (by_year["2018"]["turnover"], by_year["2018"]["agency"], by_year["2018"]["vacancy"],
            by_year["2018"]["caseload"]) == (21.5, 30.2, 25, 19.4)
    assert (by_year["2022"]["turnover"], by_year["2022"]["agency"]) == (12.1, 9.8)
    assert by_year["2022"]["grade"] == "Good" and "vacancy" not in by_year["2022"]


def test_shared_themes_and_statistical_neighbours(library_graphs):
    kg = library_graphs["memory"]
    shared = _rows(kg, "shared-themes", council="council:E99000001")
    record = yaml.safe_load(RECORD.read_text(encoding="utf-8"))
    west_sussex = {theme: sum(theme in f.get("themes", []) for f in record["findings"]
                              if f.get("inspection"))
                   for theme in ("leadership", "workforce-stability")}
    assert [(r["other"], r["theme"], r["findings"]) for r in shared] == [
        (SOUTHDALE, "Workforce stability", 1),
        (WEST_SUSSEX, "Leadership", west_sussex["leadership"]),
        (WEST_SUSSEX, "Workforce stability", west_sussex["workforce-stability"])]
    neighbours = _rows(kg, "statistical-neighbours", council="council:E99000001")
    assert [(r["name"], r["grade"]) for r in neighbours] == \
        [("Southdale Council", "Requires improvement to be good"),
         ("Eastwick Council", "Inadequate")]


def test_finding_evidence_matches_the_record(library_graphs):
    record = yaml.safe_load(RECORD.read_text(encoding="utf-8"))
    finding = next(f for f in record["findings"] if f["id"] == "neglect-response")
    expected = sorted(tuple(span[:2]) for span in finding["evidence"])
    for kg in library_graphs.values():
        rows = _rows(kg, "finding-evidence")
        assert sorted((r["start"], r["end"]) for r in rows) == expected


def test_career_and_officials(library_graphs):
    record = yaml.safe_load(RECORD.read_text(encoding="utf-8"))
    readman = [t for t in record["tenures"] if t["holder"] == "john-readman"]
    rows = _rows(library_graphs["oxigraph"], "career")
    assert len(rows) == len(readman)
    assert sorted(r["status"].lower() for r in rows) == sorted(t["status"] for t in readman)
    officials = _rows(library_graphs["oxigraph"], "officials")
    assert "Andrew Ireland" in {r["name"] for r in officials}  # a board's chair is included


def test_causal_chain_reaches_every_upstream_link(library_graphs):
    kg = library_graphs["memory"]
    rows = _rows(kg, "causal-chain")
    effects = {r["effect"] for r in rows}
    target = get_query("causal-chain").bindings()["finding"]
    assert str(target) in effects
    upstream = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?c ig:contributesTo ?e . "
                        "?e ig:contributesTo* ?f }", f=target).rows[0][0]
    assert len(rows) == int(upstream) > 1


def test_search_finds_text_and_treats_parameters_as_values(library_graphs):
    for kg in library_graphs.values():
        things = {r["thing"] for r in _rows(kg, "search", text="DRIFTED")}
        assert "https://w3id.org/inspection-graph/id/finding/fixture-reports/eastwick-drift" \
            in things
        assert _rows(kg, "search", text='") } UNION { ?s ?p ?o } #') == []


def test_boards_with_their_chairs(library_graphs):
    rows = _rows(library_graphs["remote"], "boards")
    chaired = {r["kind"]: r.get("chairName") for r in rows}
    assert chaired["ImprovementBoard"] == "Andrew Ireland"
    assert "Board" not in chaired  # the improvement board is listed once, by its narrowest kind


# --- parameters and headers --------------------------------------------------------------------
def test_parameters_are_checked():
    q = get_query("inspection-history")
    with pytest.raises(QueryError, match="has no parameter 'gss'"):
        q.bindings(gss="E10000032")
    with pytest.raises(QueryError, match="is not an IRI"):
        q.bindings(council="West Sussex County Council")
    assert str(q.bindings(council="E10000017")["council"]).endswith("/council/E10000017")
    required = NamedQuery("x", "X", "", "SELECT * {}", (QueryParam("n", None, "How many"),))
    with pytest.raises(QueryError, match="needs --param n=VALUE"):
        required.bindings()
    typed = NamedQuery("x", "X", "", "SELECT * {}", (QueryParam("n", "3"),))
    assert typed.bindings(n="7")["n"].toPython() == 7


def test_malformed_headers_name_the_line():
    with pytest.raises(QueryError, match=r"^bad\.rq:1: the header has no '# title:' line"):
        parse_header("# description: no title\nSELECT * {}", "bad")
    with pytest.raises(QueryError, match=r"^bad\.rq:2: malformed param line"):
        parse_header("# title: T\n# param: 9x = 1\nSELECT * {}", "bad")


def test_unknown_query_suggests_close_names():
    with pytest.raises(QueryError, match="no named query 'carer'; did you mean career"):
        get_query("carer")
    with pytest.raises(QueryError, match="no named query"):
        get_query("../store")


# --- command line ------------------------------------------------------------------------------
def test_cli_queries_lists_every_query():
    out = CliRunner().invoke(main, ["queries"])
    assert out.exit_code == 0
    for q in list_queries():
        assert f"{q.name}: {q.title}" in out.output
        assert q.description in out.output


def test_cli_query_name_with_params():
    runner = CliRunner()
    out = runner.invoke(main, ["query", "career", "--param", "person=andrew-ireland",
                               "--format", "csv"])
    assert out.exit_code == 0, out.output
    lines = out.output.strip().splitlines()
    assert lines[0].split(",")[:2] == ["post", "organisation"]
    assert len(lines) == 2 and "improvement board" in lines[1]


@pytest.mark.parametrize("args, message", [
    (["query", "career", "--param", "nobody=1"], "Error: query 'career' has no parameter"),
    (["query", "career", "--param", "person"], "Error: --param 'person': expected KEY=VALUE"),
    (["query", "nope"], "Error: no named query 'nope'"),
    (["query", "career", "--sparql", "ASK {}"], "Error: give a query NAME, or the query"),
    (["query", "--param", "a=b", "--sparql", "ASK {}"], "Error: --param is for named queries"),
    (["query", "--sparql", "SELECT ?x WHERE { ?x "], "Error: SPARQL syntax error at line 1"),
])
def test_cli_query_errors(args, message):
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 1
    assert out.output.startswith(message), out.output


# --- rows as a DataFrame -----------------------------------------------------------------------
def test_results_as_a_dataframe(library_graphs):
    pd = pytest.importorskip("pandas")
    result = library_graphs["memory"].query_named("workforce-beside-judgement",
                                                  council="E99000001")
    frame = result.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == result.vars
    assert len(frame) == len(result.rows)
    row = frame[frame["year"] == "2018"].iloc[0]
    assert row["turnover"] == pytest.approx(21.5) and row["grade"] == "Inadequate"


def test_bindings_reach_into_subqueries_on_every_store(library_graphs):
    sparql = ("SELECT ?n WHERE { { SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { "
              "?i a ig:Inspection ; ig:subject ?council } } }")
    every = {store: int(kg.query(sparql).rows[0][0]) for store, kg in library_graphs.items()}
    one = {store: int(kg.query(sparql, council=WEST_SUSSEX).rows[0][0])
           for store, kg in library_graphs.items()}
    assert one == {store: 2 for store in library_graphs}  # 2015 and 2019
    assert all(every[s] > one[s] for s in every)
