"""A read-only, hardened SPARQL 1.1 endpoint over any store, with an offline query page.

:class:`Endpoint` holds the logic as a plain function of a request
(:meth:`Endpoint.handle`), so it is tested without a socket; :func:`make_server`
puts it behind the standard library's threading HTTP server.

Routes: ``/sparql`` (also ``/query``): the SPARQL 1.1 Protocol, GET and POST
(urlencoded or ``application/sparql-query``); ``/queries`` and
``/queries/NAME?param=value``: the named queries; ``/health``; ``/``: the query
page. Refused, with a clear status: SPARQL Update and ``LOAD`` (403), ``SERVICE``
(403), ``FROM``/``FROM NAMED`` outside the store's graphs (403), malformed
queries (400, the parser's message), requests over the size limit (413), answers
over the row limit (422), queries over the time limit (503).

Examples
--------
>>> import graph
>>> endpoint = Endpoint(graph.load(validate=False).store)
>>> r = endpoint.handle("GET", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", {})
>>> r.status, r.body
(200, b'{"head": {}, "boolean": true}')
"""

from __future__ import annotations

import ctypes
import json
import threading
import urllib.parse
from dataclasses import dataclass, field

from graph.errors import InspectionGraphError, QueryError

__all__ = ["Limits", "Response", "Endpoint", "make_server", "serve"]

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
               "application/n-triples": "nt", "application/json": "json-ld"}
FORMAT_ALIASES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ttl": "text/turtle", "jsonld": "application/ld+json", "json-ld": "application/ld+json",
    "nt": "application/n-triples"}


@dataclass(frozen=True)
class Limits:
    """What one request may cost."""

    seconds: float = 10.0       #: time limit of one query
    rows: int = 10_000          #: most rows (or triples) in an answer
    request_bytes: int = 65_536  #: largest request body or query string
    concurrent: int = 4         #: queries evaluated at once


@dataclass
class Response:
    """A response: status, headers and body bytes."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Response:
        return cls(status, (message.rstrip() + "\n").encode("utf-8"),
                   {"Content-Type": "text/plain; charset=utf-8"})


class QueryTimeout(Exception):
    """Raised inside a query's thread when it runs past the time limit."""


class Endpoint:
    """The endpoint's logic over a store: protocol, negotiation, limits and refusals.

    Parameters
    ----------
    store : graph.store.Store
        Where the graph is (read only: the endpoint never writes).
    limits : Limits, optional
        Time, size and concurrency limits.
    """

    def __init__(self, store, limits: Limits | None = None) -> None:
        self.store = store
        self.limits = limits or Limits()
        self.slots = threading.BoundedSemaphore(self.limits.concurrent)
        self._graphs: set[str] | None = None

    # -- routing -------------------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: dict[str, str],
               body: bytes = b"") -> Response:
        """Answer one request (``target`` is the path with its query string)."""
        headers = {k.lower(): v for k, v in headers.items()}
        if len(target) > self.limits.request_bytes:
            return Response.error(414, f"request URL longer than {self.limits.request_bytes} "
                                       "bytes")
        if len(body) > self.limits.request_bytes:
            return Response.error(413, f"request body larger than {self.limits.request_bytes} "
                                       "bytes")
        path, _, qs = target.partition("?")
        params = urllib.parse.parse_qs(qs, keep_blank_values=True)
        try:
            if path in ("/sparql", "/query"):
                return self._protocol(method, params, headers, body)
            if path in ("/update", "/store", "/data") or "update" in params:
                return Response.error(403, "this endpoint is read-only: SPARQL Update and "
                                           "the Graph Store Protocol are refused")
            if method not in ("GET", "HEAD"):
                return Response.error(405, f"{method} is not allowed on {path}")
            if path == "/health":
                return self._health()
            if path == "/queries":
                return self._json(self._named_list())
            if path.startswith("/queries/"):
                return self._named(path[len("/queries/"):], params, headers)
            if path in ("/", "/index.html"):
                return self._page()
            return Response.error(404, f"nothing at {path}: try /sparql, /queries, /health or /")
        except QueryError as exc:
            return Response.error(400, str(exc))
        except InspectionGraphError as exc:
            return Response.error(500, str(exc))

    # -- the SPARQL protocol ---------------------------------------------------------------
    def _protocol(self, method: str, params: dict, headers: dict, body: bytes) -> Response:
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if method == "POST":
            if ctype == "application/x-www-form-urlencoded":
                params = {**params, **urllib.parse.parse_qs(body.decode("utf-8", "replace"),
                                                            keep_blank_values=True)}
            elif ctype == "application/sparql-query":
                params = {**params, "query": [body.decode("utf-8", "replace")]}
            elif ctype == "application/sparql-update":
                return Response.error(403, "this endpoint is read-only: SPARQL Update is "
                                           "refused")
            else:
                return Response.error(415, "POST a query as application/x-www-form-urlencoded "
                                           "or application/sparql-query")
        elif method not in ("GET", "HEAD"):
            return Response.error(405, f"{method} is not allowed on the SPARQL endpoint")
        if "update" in params:
            return Response.error(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return Response.error(400, "give exactly one 'query' parameter")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return Response.error(400, "default-graph-uri and named-graph-uri are not "
                                       "supported: use FROM / GRAPH in the query")
        fmt = params.get("format", [None])[0]
        return self.run(queries[0], headers.get("accept", ""), fmt=fmt)

    def check(self, sparql: str) -> Response | None:
        """The refusal for a query this endpoint must not run, or ``None``."""
        from graph.sparql.text import dataset_clauses, query_form, service_calls

        form = query_form(sparql)
        if form == "UPDATE":
            return Response.error(403, "this endpoint is read-only: SPARQL Update (INSERT, "
                                       "DELETE, LOAD, CLEAR, DROP ...) is refused")
        if service_calls(sparql):
            return Response.error(403, "SERVICE is refused: this endpoint makes no requests "
                                       "to other hosts")
        default, named = dataset_clauses(sparql)
        outside = [g for g in default + named if g not in self.graphs()]
        if outside:
            return Response.error(403, f"FROM <{outside[0]}> is not a graph of this store "
                                       "(see /health for the graphs)")
        return None

    def graphs(self) -> set[str]:
        if self._graphs is None:
            self._graphs = {str(g) for g in self.store.graph_names()}
        return self._graphs

    def run(self, sparql: str, accept: str, *, fmt: str | None = None,
            bindings: dict | None = None, answer=None) -> Response:
        """Check, run within the limits, and serialise a query in the negotiated format
        (``answer``: what computes the result, if not the store's SPARQL)."""
        from graph.sparql.text import prefixed, query_form, user_lines

        refusal = self.check(sparql)
        if refusal is not None:
            return refusal
        form = query_form(sparql)
        is_graph = form in ("CONSTRUCT", "DESCRIBE")
        if fmt:
            fmt = "jsonld" if is_graph and fmt.lower() == "json" else fmt.lower()
            accept = FORMAT_ALIASES.get(fmt, fmt)
        media = _negotiate(accept, GRAPH_TYPES if is_graph else SELECT_TYPES)
        if media is None:
            offered = GRAPH_TYPES if is_graph else SELECT_TYPES
            return Response.error(406, "no acceptable format; this query's answer comes as "
                                       + ", ".join(offered))
        try:
            result = self._evaluate(answer or (lambda: self.store.query(
                prefixed(sparql), bindings=bindings or {})))
        except QueryTimeout:
            return Response.error(503, f"the query ran longer than the time limit of "
                                       f"{self.limits.seconds:g} s")
        except _Busy:
            return Response.error(503, "too many queries are running: try again shortly")
        except QueryError as exc:
            return Response.error(400, str(user_lines(exc)))
        size = len(result.graph) if result.graph is not None else len(result.rows)
        if size > self.limits.rows:
            return Response.error(422, f"the answer has more than {self.limits.rows:,} "
                                       "rows: narrow the query or add LIMIT")
        return _serialise(result, media)

    def _evaluate(self, answer):
        """Run ``answer`` on a worker thread; past the deadline, answer 503 and stop it."""
        if not self.slots.acquire(timeout=self.limits.seconds):
            raise _Busy()
        outcome: dict = {}

        def work() -> None:
            try:
                outcome["result"] = answer()
            except BaseException as exc:  # noqa: BLE001 - handed to the request thread
                outcome["error"] = exc
            finally:
                self.slots.release()

        worker = threading.Thread(target=work, daemon=True, name="sparql-query")
        worker.start()
        worker.join(self.limits.seconds)
        if worker.is_alive():
            # Python code (rdflib) stops at its next bytecode; Oxigraph stops when it hands
            # back control. Its slot is freed only when it has stopped.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident),
                                                       ctypes.py_object(QueryTimeout))
            raise QueryTimeout()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    # -- named queries, health, page ----------------------------------------------------------
    def _named_list(self) -> list[dict]:
        from graph.queries.library import list_queries

        return [{"name": q.name, "title": q.title, "description": q.description,
                 "sparql": q.sparql,
                 "params": [{"name": p.name, "default": p.default,
                             "description": p.description} for p in q.params]}
                for q in list_queries()]

    def _named(self, name: str, params: dict, headers: dict) -> Response:
        from graph.queries.library import get_query
        from graph.queries.runner import answer_named

        query = get_query(name)
        fmt = params.pop("format", [None])[0]
        values = {k: v[-1] for k, v in params.items()}
        bindings = query.bindings(**values)
        return self.run(query.sparql, headers.get("accept", ""), fmt=fmt, bindings=bindings,
                        answer=lambda: answer_named(self.store, query, bindings))

    def _health(self) -> Response:
        try:
            graphs = sorted(self.graphs())
        except InspectionGraphError as exc:
            return Response.error(503, f"the store does not answer: {exc}")
        return self._json({"status": "ok", "store": type(self.store).__name__,
                           "graphs": graphs, "limits": self.limits.__dict__})

    def _json(self, data) -> Response:
        return Response(200, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                        {"Content-Type": "application/json; charset=utf-8"})

    def _page(self) -> Response:
        from graph.server.page import page_html
        from graph.vocab import PREFIXES

        html = page_html(self._named_list(), PREFIXES)
        return Response(200, html.encode("utf-8"), {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
                                       "style-src 'unsafe-inline'; connect-src 'self'; "
                                       "form-action 'none'; base-uri 'none'"})


class _Busy(Exception):
    pass


def _negotiate(accept: str, offered: dict[str, str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered if none given)."""
    first = next(iter(offered))
    if not accept.strip():
        return first
    choices = []
    for i, part in enumerate(accept.split(",")):
        media, *opts = [x.strip() for x in part.split(";")]
        q = 1.0
        for opt in opts:
            if opt.startswith("q="):
                try:
                    q = float(opt[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media.lower()))
    for negative_q, _, media in sorted(choices):
        if negative_q == 0:
            break
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return next((m for m in offered if m.startswith(media[:-1])), first) \
                if media != "*/*" else first
    return None


def _serialise(result, media: str) -> Response:
    kind = SELECT_TYPES.get(media) if result.graph is None else GRAPH_TYPES.get(media)
    if result.graph is not None:
        body = result.graph.serialize(format=kind)
    elif kind == "json":
        body = result.to_json()
    elif kind == "xml":
        body = result.to_xml()
    elif kind == "csv":
        body = result.to_csv()
    else:
        body = result.to_tsv()
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(200, data, {"Content-Type": f"{media}; charset=utf-8"})


# --- the HTTP server ---------------------------------------------------------------------------
def make_server(store, host: str = "127.0.0.1", port: int = 0, *, limits: Limits | None = None,
                quiet: bool = True):
    """A threading HTTP server answering with an :class:`Endpoint` (call ``serve_forever``).

    ``port=0`` picks a free port (``server.server_address`` tells which).
    """
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from graph.store.derived import ensure_derived, text_index

    ensure_derived(store)  # the endpoint is read-only: derive now what queries may read
    text_index(store)  # and index the texts (Oxigraph stores), not at the first search
    endpoint = Endpoint(store, limits)

    class Handler(BaseHTTPRequestHandler):
        server_version = "inspection-graph"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > endpoint.limits.request_bytes:
                response = Response.error(413, f"request body larger than "
                                               f"{endpoint.limits.request_bytes} bytes")
                self.close_connection = True
            else:
                body = self.rfile.read(length) if length else b""
                response = endpoint.handle(method, self.path, dict(self.headers.items()), body)
            self.send_response(response.status)
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(response.body)

        def do_GET(self) -> None:  # noqa: N802 - the handler's protocol
            self._answer("GET")

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer("HEAD")

        def do_POST(self) -> None:  # noqa: N802
            self._answer("POST")

        def do_PUT(self) -> None:  # noqa: N802
            self._answer("PUT")

        def do_DELETE(self) -> None:  # noqa: N802
            self._answer("DELETE")

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            if not quiet:
                super().log_message(format, *args)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.endpoint = endpoint
    return server


def serve(store, host: str = "127.0.0.1", port: int = 7878, *, limits: Limits | None = None,
          ready=None) -> None:
    """Serve ``store`` until interrupted; ``ready(url)`` is called once listening."""
    server = make_server(store, host, port, limits=limits, quiet=False)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_address[1]}/"
    if ready is not None:
        ready(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
