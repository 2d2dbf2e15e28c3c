"""Hostile queries: too deep, disguised SERVICE and FROM, catastrophic REGEX, runaway joins.

Every fetch a query might make is aimed at a real HTTP server on 127.0.0.1 that this
module starts and that records every request it gets: none may reach it.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import graph
from graph.errors import QueryError, QueryRefused
from graph.server.endpoint import Endpoint, Limits, make_server
from graph.store import OxigraphStore

pytestmark = pytest.mark.reliability

NESTED = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000


class Canary:
    """An HTTP server that answers every request with a SPARQL answer, and counts them."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append(self.path)
                body = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
                    {"s": {"type": "literal", "value": "LEAKED"}}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def canary():
    c = Canary()
    yield c
    c.close()


@pytest.fixture(scope="module")
def kg():
    return graph.load(validate=False)


@pytest.fixture(scope="module")
def ox_store(kg, tmp_path_factory):
    store = OxigraphStore(tmp_path_factory.mktemp("ox") / "db")
    store.add_dataset(kg.dataset)
    return store


@pytest.fixture(scope="module")
def secret(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.ttl"
    path.write_text('<urn:secret> <urn:says> "SECRET-FILE-CONTENT" .\n', encoding="utf-8")
    return path


def disguises(url: str, secret: Path) -> dict[str, str]:
    """Queries that call ``url`` (or read ``secret``) in forms a lexer might miss."""
    file_iri = secret.as_uri()
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "lower case": f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "codepoint escape": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "comment ended by CR": f"SELECT * WHERE {{ # note\rSERVICE <{url}> {{ ?s ?p ?o }} }}",
        "prefixed name ending in \\'": (
            f"PREFIX a: <http://x/> SELECT * WHERE {{ ?s ?p a:b\\' # '\n"
            f"SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        "escaped FROM a URL": f"SELECT * \\u0046ROM <{url}> WHERE {{ ?s ?p ?o }}",
        "FROM NAMED a URL": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "escaped FROM a file": f"SELECT * \\u0046ROM <{file_iri}> WHERE {{ ?s ?p ?o }}",
        "FROM a file": f"SELECT * FROM <{file_iri}> WHERE {{ ?s ?p ?o }}",
    }


def get(endpoint, query, accept=""):
    qs = urllib.parse.urlencode({"query": query})
    return endpoint.handle("GET", f"/sparql?{qs}", {"Accept": accept})


# --- depth and size, before any parser --------------------------------------------------------
def test_nested_braces_are_refused_by_the_endpoint_on_oxigraph(ox_store):
    r = get(Endpoint(ox_store), NESTED)
    assert r.status == 400 and "nests brackets 3000 deep" in r.body.decode()
    assert r.body.decode().count("\n") == 1


def test_nested_braces_over_http_leave_the_server_up(ox_store):
    server = make_server(ox_store, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        req = urllib.request.Request(base + "/sparql", data=NESTED.encode(),
                                     headers={"Content-Type": "application/sparql-query"})
        with pytest.raises(urllib.error.HTTPError) as err:
            opener.open(req, timeout=10)
        assert err.value.code == 400
        with opener.open(base + "/health", timeout=10) as resp:
            assert resp.status == 200
    finally:
        server.shutdown()


@pytest.mark.parametrize("store_kind", ["memory", "oxigraph"])
def test_nested_braces_on_the_command_line_are_one_error_line(store_kind, ox_store, tmp_path,
                                                               kg):
    args = [sys.executable, "-c", "from graph.cli import main; main()", "query", "--sparql",
            NESTED]
    if store_kind == "oxigraph":
        path = tmp_path / "db"
        store = OxigraphStore(path)
        store.add_dataset(kg.dataset)
        store.close()
        args[4:4] = ["--store", f"oxigraph:{path}"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr[-500:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "nests" in lines[0]


def test_brackets_hidden_in_strings_cannot_crash_oxigraph(ox_store):
    """Closing brackets in strings keep the raw count low; the deep stack still holds."""
    query = "SELECT * WHERE " + '{ FILTER("}") ' * 3000 + "}" * 3000
    from graph.sparql.guard import check_text

    check_text(query)  # passes the raw count: 3,000 levels reach Oxigraph's parser
    assert len(ox_store.query(query).rows) <= 1  # answered on the deep stack, no crash


def test_a_query_over_the_size_limit_is_refused_before_parsing(kg):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 80_000
    for store in (kg.store, OxigraphStore()):
        with pytest.raises(QueryError, match="larger than 73,728 bytes"):
            store.query(big)


# --- SERVICE and FROM, judged by a parse, switched off in the engines -----------------------
@pytest.mark.parametrize("store_kind", ["memory", "oxigraph"])
def test_no_disguise_reaches_another_host_through_the_endpoint(store_kind, kg, ox_store, canary,
                                                                secret):
    endpoint = Endpoint(kg.store if store_kind == "memory" else ox_store)
    for name, query in disguises(canary.url, secret).items():
        r = get(endpoint, query)
        body = r.body.decode()
        assert r.status in (400, 403), (name, r.status, body)
        assert "LEAKED" not in body and "SECRET" not in body, name
        assert "Traceback" not in body and body.count("\n") == 1, name
    assert canary.hits == []


@pytest.mark.parametrize("store_kind", ["memory", "oxigraph"])
def test_no_disguise_reaches_another_host_through_the_api(store_kind, kg, ox_store, canary,
                                                           secret):
    store = kg.store if store_kind == "memory" else ox_store
    for name, query in disguises(canary.url, secret).items():
        try:
            result = store.query(query)
        except QueryError:
            continue
        text = " ".join(str(t) for row in result.rows for t in row)
        assert "LEAKED" not in text and "SECRET" not in text, name
    assert canary.hits == []


def test_rdflib_itself_neither_loads_nor_calls_services(canary, secret):
    """Past the parse: rdflib's engine, given the query directly, stays offline too."""
    from rdflib import Dataset

    from graph.sparql.guard import rdflib_offline

    rdflib_offline()
    ds = Dataset(default_union=True)
    with pytest.raises(QueryRefused):
        list(ds.query(f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"))
    rows = list(ds.query(f"SELECT * FROM <{secret.as_uri()}> FROM <{canary.url}> "
                         "WHERE { ?s ?p ?o }"))
    assert rows == [] and canary.hits == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes need fork")
def test_the_query_worker_has_no_network(ox_store, canary):
    """Oxigraph has a SERVICE client of its own; in the endpoint's worker it reaches
    nothing, even when the parse's refusal is bypassed."""
    from graph.server.endpoint import Response

    endpoint = Endpoint(ox_store)

    def bypass() -> Response:
        try:
            list(ox_store.ox_store.query(f"SELECT * WHERE {{ SERVICE <{canary.url}> "
                                         "{ ?s ?p ?o } }"))
        except (OSError, RuntimeError, ValueError) as exc:
            return Response(200, str(exc).encode())
        return Response(200, b"fetched")

    r = endpoint._in_worker(bypass)
    if canary.hits and os.geteuid() != 0:
        pytest.skip("this system allows no network namespace to unprivileged users")
    assert canary.hits == [] and r.body != b"fetched"


def test_updates_and_load_are_refused_by_the_parse(kg):
    for query in ("LOAD <http://127.0.0.1:9/x>", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                  "CLEAR ALL", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        r = get(Endpoint(kg.store), query)
        assert r.status == 403 and "read-only" in r.body.decode(), query
        with pytest.raises(QueryRefused):
            kg.store.query(query)


def test_a_string_that_mentions_service_is_still_a_query(ox_store):
    rows = ox_store.query('SELECT ?x WHERE { BIND("children\'s services" AS ?x) }').rows
    assert str(rows[0][0]) == "children's services"


# --- the lexer that remains (substitution) is linear ------------------------------------------
def test_runs_of_non_ascii_letters_cost_linear_time(kg):
    from graph.sparql.text import dataset_clauses, substitute

    query = "SELECT * WHERE { ?s ?p ?o } # " + "é" * 32_000
    started = time.monotonic()
    dataset_clauses(query + "é" * 32_000)
    substitute(query, {"s": graph.sparql.to_term("http://x/y")})
    r = Endpoint(kg.store).handle("POST", "/sparql", {"Content-Type": "application/sparql-query"},
                                  query.encode())
    assert r.status == 200, r.body
    assert time.monotonic() - started < 8


# --- work stopped at the time limit -----------------------------------------------------------
BOMB = ('SELECT ?x WHERE { VALUES ?x { "' + "a" * 40 + 'b" } FILTER(REGEX(?x, "^(a+)+$")) }')


def _children() -> list[int]:
    me, out = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                out.append(int(entry.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_regex_bomb_on_the_memory_store_neither_freezes_nor_lingers(kg):
    server = make_server(kg.store, "127.0.0.1", 0, limits=Limits(seconds=2))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    outcome = {}

    def bomb() -> None:
        req = base + "/sparql?" + urllib.parse.urlencode({"query": BOMB})
        try:
            opener.open(req, timeout=15)
        except urllib.error.HTTPError as exc:
            outcome["status"] = exc.code
            outcome["body"] = exc.read().decode()
        outcome["at"] = time.monotonic()

    before = set(_children())  # other tests' servers (Oxigraph, Chromium) are children too
    try:
        started = time.monotonic()
        thread = threading.Thread(target=bomb)
        thread.start()
        time.sleep(0.5)
        for _ in range(3):  # /health answers at once while the bomb runs
            t = time.monotonic()
            with opener.open(base + "/health", timeout=5) as resp:
                assert resp.status == 200
            assert time.monotonic() - t < 2  # a loaded 2-core machine: well under the bomb
        thread.join(15)
        assert outcome["status"] == 503 and "time limit of 2 s" in outcome["body"]
        assert outcome["at"] - started < 5
        deadline = time.monotonic() + 1.0  # the worker is gone within a second: CPU free
        while set(_children()) - before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert set(_children()) - before == set()
        q = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with opener.open(base + "/sparql?" + q, timeout=5) as resp:
            assert json.loads(resp.read())["boolean"] is True
    finally:
        server.shutdown()


def test_timed_out_queries_free_their_slots_at_once(ox_store):
    endpoint = Endpoint(ox_store, Limits(seconds=1, concurrent=2))
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    results = []
    threads = [threading.Thread(target=lambda: results.append(get(endpoint, heavy)))
               for _ in range(4)]  # two run, two wait behind them
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert [r.status for r in results] == [503] * 4
    assert time.monotonic() - started < 5  # two rounds of one second, not four
    t = time.monotonic()
    r = get(endpoint, "ASK { ?s ?p ?o }")
    assert r.status == 200 and time.monotonic() - t < 2
    assert endpoint.slots.acquire(blocking=False) and endpoint.slots.acquire(blocking=False)


def test_more_waiting_queries_than_slots_are_told_to_come_back(ox_store):
    endpoint = Endpoint(ox_store, Limits(seconds=2, concurrent=1))
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    results = []
    threads = [threading.Thread(target=lambda: results.append(get(endpoint, heavy)))
               for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    bodies = sorted(r.body.decode() for r in results)
    assert any("too many queries" in b for b in bodies), bodies


# --- rows limited as they are produced -------------------------------------------------------
@pytest.mark.parametrize("store_kind", ["memory", "oxigraph"])
def test_the_row_limit_stops_reading_at_the_limit(store_kind, kg, ox_store):
    store = kg.store if store_kind == "memory" else ox_store
    cross = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # millions of rows
    started = time.monotonic()
    assert len(store.query(cross, max_rows=10).rows) == 11
    r = get(Endpoint(store, Limits(rows=10, seconds=15)), cross)
    assert r.status == 422 and "more than 10 rows" in r.body.decode()
    assert time.monotonic() - started < 10
