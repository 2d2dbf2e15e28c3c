"""The SPARQL endpoint: protocol, negotiation, refusals and limits in-process; the protocol
once over a real loopback port; the query page in a real Chromium."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

import graph
from graph.server.endpoint import Endpoint, Limits, make_server
from graph.store import OxigraphStore

COUNCILS = "SELECT ?name WHERE { ?c a ig:Council ; rdfs:label ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def kg():
    return graph.load(validate=False)


@pytest.fixture(scope="module")
def endpoint(kg):
    return Endpoint(kg.store)


def get(endpoint, query, accept="", **extra):
    qs = urllib.parse.urlencode({"query": query, **extra})
    return endpoint.handle("GET", f"/sparql?{qs}", {"Accept": accept})


def council_names(kg):
    return kg.query(COUNCILS).column("name")


# --- the protocol --------------------------------------------------------------------------
def test_get_and_both_post_encodings_give_the_same_answer(endpoint, kg):
    expected = council_names(kg)
    answers = [
        get(endpoint, COUNCILS),
        endpoint.handle("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                        urllib.parse.urlencode({"query": COUNCILS}).encode()),
        endpoint.handle("POST", "/sparql", {"Content-Type": "application/sparql-query"},
                        COUNCILS.encode()),
    ]
    for r in answers:
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("application/sparql-results+json")
        data = json.loads(r.body)
        assert [b["name"]["value"] for b in data["results"]["bindings"]] == expected


def test_content_negotiation_for_select(endpoint, kg):
    expected = council_names(kg)
    xml = get(endpoint, COUNCILS, "application/sparql-results+xml")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(xml.body)
    assert [e.text for e in root.findall(".//s:literal", ns)] == expected
    rows = list(csv.reader(io.StringIO(get(endpoint, COUNCILS, "text/csv").body.decode())))
    assert rows[0] == ["name"] and [r[0] for r in rows[1:]] == expected
    tsv = get(endpoint, COUNCILS, "text/tab-separated-values").body.decode().splitlines()
    assert tsv[0] == "?name" and tsv[1:] == [f'"{n}"' for n in expected]
    preferred = get(endpoint, COUNCILS, "text/html;q=0.9, text/csv;q=0.5, */*;q=0.1")
    assert preferred.headers["Content-Type"].startswith("text/csv")
    assert get(endpoint, COUNCILS, "image/png").status == 406
    assert get(endpoint, COUNCILS, "image/png", format="tsv").status == 200


def test_construct_as_turtle_and_json_ld(endpoint, kg):
    q = "CONSTRUCT { ?c rdfs:label ?n } WHERE { ?c a ig:Council ; rdfs:label ?n }"
    expected = kg.query(q).graph
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        r = get(endpoint, q, accept)
        assert r.status == 200 and r.headers["Content-Type"].startswith(accept)
        assert len(Graph().parse(data=r.body, format=fmt)) == len(expected) == 3
    assert get(endpoint, q, "application/sparql-results+json").status == 406


def test_ask(endpoint):
    r = get(endpoint, "ASK { ?c ig:gssCode 'E10000032' }")
    assert json.loads(r.body) == {"head": {}, "boolean": True}


# --- refusals ------------------------------------------------------------------------------
@pytest.mark.parametrize("query, status, message", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
    ("LOAD <http://example.org/data.ttl>", 403, "read-only"),
    ("DROP ALL", 403, "read-only"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }", 403, "not a graph"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", 403,
     "not a graph"),
    ("SELECT ?x WHERE { ?x ", 400, "SPARQL syntax error at line 1"),
])
def test_refused_and_malformed_queries(endpoint, query, status, message):
    r = get(endpoint, query)
    assert r.status == status
    text = r.body.decode()
    assert message in text and "Traceback" not in text


def test_update_requests_are_refused(endpoint):
    r = endpoint.handle("POST", "/sparql", {"Content-Type": "application/sparql-update"},
                        b"INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert r.status == 403
    r = endpoint.handle("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                        b"update=CLEAR+ALL")
    assert r.status == 403
    assert endpoint.handle("PUT", "/store?default", {}, b"").status == 403


def test_from_a_graph_of_the_store_reads_only_that_graph(endpoint, kg):
    g = "https://w3id.org/inspection-graph/graph/ontology"
    r = get(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{g}> WHERE {{ ?s ?p ?o }}")
    assert r.status == 200
    n = int(json.loads(r.body)["results"]["bindings"][0]["n"]["value"])
    expected = kg.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    assert n == int(expected.rows[0][0]) and 0 < n < len(kg)


# --- limits ----------------------------------------------------------------------------------
def test_result_size_limit(kg):
    small = Endpoint(kg.store, Limits(rows=2))
    r = get(small, COUNCILS)
    assert r.status == 422 and "more than 2 rows" in r.body.decode()
    assert get(small, COUNCILS + " LIMIT 2").status == 200


def test_request_size_limits(kg):
    small = Endpoint(kg.store, Limits(request_bytes=200))
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 300
    assert small.handle("POST", "/sparql", {"Content-Type": "application/sparql-query"},
                        big.encode()).status == 413
    assert get(small, big).status == 414


@pytest.mark.parametrize("store_kind", ["memory", "oxigraph"])
def test_time_limit_answers_503_and_frees_the_worker(kg, tmp_path, store_kind):
    store = kg.store if store_kind == "memory" else OxigraphStore(tmp_path / "db")
    if store_kind == "oxigraph":
        store.add_dataset(kg.dataset)
    slow = Endpoint(store, Limits(seconds=0.5, concurrent=1))
    # ten million solutions: seconds for Oxigraph (which finishes it in the background), far
    # longer for rdflib (which stops at the limit)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    started = time.monotonic()
    r = get(slow, query)
    assert r.status == 503 and "time limit of 0.5 s" in r.body.decode()
    assert time.monotonic() - started < 3
    assert slow.slots.acquire(timeout=10)  # the worker stops and frees its slot
    slow.slots.release()


# --- named queries, health, page -----------------------------------------------------------
def test_named_queries_over_http(endpoint):
    names = {q["name"] for q in json.loads(endpoint.handle("GET", "/queries", {}).body)}
    assert {"career", "latest-grades", "search"} <= names
    r = endpoint.handle("GET", "/queries/career?person=andrew-ireland&format=csv", {})
    assert r.status == 200 and "improvement board" in r.body.decode()
    bad = endpoint.handle("GET", "/queries/career?nobody=1", {})
    assert bad.status == 400 and "has no parameter 'nobody'" in bad.body.decode()
    assert endpoint.handle("GET", "/queries/nope", {}).status == 400


def test_health_page_and_unknown_routes(endpoint, kg):
    health = json.loads(endpoint.handle("GET", "/health", {}).body)
    assert health["status"] == "ok"
    assert health["graphs"] == sorted(str(g) for g in kg.store.graph_names())
    page = endpoint.handle("GET", "/", {})
    assert page.status == 200 and b"<select id=\"query\">" in page.body
    assert "connect-src 'self'" in page.headers["Content-Security-Policy"]
    assert b"<script src" not in page.body and b"<link" not in page.body
    assert endpoint.handle("GET", "/nowhere", {}).status == 404
    assert endpoint.handle("DELETE", "/", {}).status == 405


# --- a real port -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def live_server(kg):
    server = make_server(kg.store, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _open(req):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_protocol_over_a_real_port(live_server, kg):
    status, headers, body = _open(urllib.request.Request(
        live_server + "/sparql", data=urllib.parse.urlencode({"query": COUNCILS}).encode(),
        headers={"Accept": "text/csv"}))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().splitlines()[1:] == council_names(kg)
    status, _, body = _open(live_server + "/sparql?query=" + urllib.parse.quote("SELECT ?x {"))
    assert status == 400 and b"SPARQL syntax error" in body
    status, _, _ = _open(urllib.request.Request(
        live_server + "/sparql", data=b"x" * 70_000,
        headers={"Content-Type": "application/sparql-query"}))
    assert status == 413
    status, _, body = _open(live_server + "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_concurrent_clients_all_get_answers(kg):
    # a fresh store: rdflib's parser must never be entered by two threads at once
    endpoint = Endpoint(graph.load(validate=False).store)
    qs = urllib.parse.urlencode({"query": "SELECT ?n WHERE { ?c ig:gssCode 'E10000032' ; "
                                          "rdfs:label ?n }"})
    statuses = []

    def client():
        for _ in range(5):
            statuses.append(endpoint.handle("GET", f"/sparql?{qs}", {}).status)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 40


def test_bound_to_loopback_by_default(kg):
    server = make_server(kg.store)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


# --- the query page in Chromium ------------------------------------------------------------
@pytest.mark.browser
def test_query_page_runs_a_named_query_offline(live_server, offline_page):
    page = offline_page
    page.allow_loopback = True
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live_server + "/")
    page.select_option("#query", "career")
    assert page.input_value("#param-person") == "person:john-readman"
    page.fill("#param-person", "person:andrew-ireland")
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    headers = page.locator("#results thead th").all_inner_texts()
    assert headers[:2] == ["post", "organisation"]
    cells = page.locator("#results tbody td").all_inner_texts()
    assert any("improvement board" in c for c in cells)
    assert page.inner_text("#status").startswith("1 row")
    # an edited query goes through /sparql; an error shows the parser's message
    page.fill("#sparql", "SELECT ?x WHERE { ?x ")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "400" in page.inner_text("#status")
    assert page.external_requests == []
    assert requested and all(u.startswith(live_server) for u in requested)


def test_a_freed_slot_goes_to_the_query_that_waits():
    """A client that has just had its answer and asks again queues behind the one waiting:
    it neither takes the slot back nor is turned away while there is room to wait."""
    from graph.server.endpoint import Slots

    slots = Slots(1)
    assert slots.acquire()
    got = []
    waiter = threading.Thread(target=lambda: got.append(slots.acquire(timeout=10, waiting=1)))
    waiter.start()
    while not slots._waiters:  # the waiter is in the queue
        time.sleep(0.001)
    assert not slots.acquire(timeout=0.05, waiting=1)  # the queue is full: come back later
    slots.release()
    assert not slots.acquire(blocking=False)  # handed to the waiter, not taken back
    waiter.join(10)
    assert got == [True]
    slots.release()
    assert slots.acquire(blocking=False)
    slots.release()
    with pytest.raises(ValueError):
        slots.release()
