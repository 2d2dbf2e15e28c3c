"""A read-only, hardened SPARQL 1.1 endpoint over any store, with an offline query page.

:class:`Endpoint` holds the logic as a plain function of a request
(:meth:`Endpoint.handle`), so it is tested without a socket; :func:`make_server`
puts it behind waitress, a WSGI server that reads requests whole before a worker
thread sees them (idle and header timeouts, a connection cap, strict
``Content-Length`` and chunked bodies, ``TCP_NODELAY``).

Routes: ``/sparql`` (also ``/query``): the SPARQL 1.1 Protocol, GET and POST
(urlencoded or ``application/sparql-query``); ``/queries`` and
``/queries/NAME?param=value``: the named queries; ``/health``; ``/``: the query
page. Refused, with a clear status: SPARQL Update and ``LOAD`` (403), ``SERVICE``
(403), ``FROM``/``FROM NAMED`` outside the store's graphs (403), malformed or too
deeply nested queries (400, the parser's message), requests over the size limit
(413), answers over the row limit (422), queries over the time limit (503), a
``Host`` header that does not name the server (421).

Each query runs in a worker process of its own (forked, so it shares the store's
memory), which has no network where the system allows it and is killed at the time
limit: the CPU and the evaluation slot are free again at once.

Examples
--------
>>> import graph
>>> endpoint = Endpoint(graph.load(validate=False).store)
>>> r = endpoint.handle("GET", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", {})
>>> r.status, r.body
(200, b'{"head": {}, "boolean": true}')
"""

from __future__ import annotations

import json
import os
import threading
import urllib.parse
from collections import deque
from dataclasses import dataclass, field

from graph.errors import InspectionGraphError, QueryError, QueryRefused

__all__ = ["Limits", "Response", "Endpoint", "make_server", "serve", "allowed_hosts"]

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

    seconds: float = 10.0       #: time limit of one query (its worker is killed then)
    rows: int = 10_000          #: most rows (or triples) in an answer
    request_bytes: int = 65_536  #: largest request body, query string or query text
    concurrent: int = 4         #: queries evaluated at once (as many wait at most)
    depth: int = 64             #: deepest nesting of brackets in a query text
    connections: int = 100      #: open connections at once (more wait in the backlog)
    idle_seconds: int = 30      #: a connection with no request in progress is closed then
    header_seconds: int = 10    #: a request must arrive whole (line, headers, body) by then


@dataclass
class Response:
    """A response: status, headers and body bytes."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Response:
        """A plain-text response of one line."""
        line = " ".join(message.split())
        return cls(status, (line + "\n").encode("utf-8"),
                   {"Content-Type": "text/plain; charset=utf-8"})


READ_ONLY = ("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP "
             "...) is refused")
NO_SERVICE = "SERVICE is refused: this endpoint makes no requests to other hosts"


class Endpoint:
    """The endpoint's logic over a store: protocol, negotiation, limits and refusals.

    Parameters
    ----------
    store : graph.store.Store
        Where the graph is (read only: the endpoint never writes, except to derive the
        facts the named queries read before its first query).
    limits : Limits, optional
        Time, size and concurrency limits.
    """

    def __init__(self, store, limits: Limits | None = None) -> None:
        self.store = store
        self.limits = limits or Limits()
        self.slots = Slots(self.limits.concurrent)
        self._graphs: set[str] | None = None
        self._prepared = False
        self._preparing = threading.Lock()

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
        except QueryRefused as exc:
            return Response.error(403, str(exc))
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
        """The refusal for a query this endpoint must not run, or ``None``.

        The query is judged by rdflib's SPARQL parser (:func:`graph.sparql.guard.judge`),
        after the size and depth limits on its raw text.
        """
        try:
            self._judge(sparql)
        except QueryRefused as exc:
            return Response.error(403, str(exc))
        except QueryError as exc:
            from graph.sparql.text import user_lines

            return Response.error(400, str(user_lines(exc)))
        return None

    def _judge(self, sparql: str):
        """rdflib's judgement of ``sparql`` (the project's prefixes declared), or a refusal."""
        from graph.sparql.guard import judge
        from graph.sparql.text import prefixed

        judgement = judge(prefixed(sparql), max_bytes=self.limits.request_bytes + 8192,
                          max_depth=self.limits.depth)
        if judgement.form == "UPDATE":
            raise QueryRefused(READ_ONLY)
        if judgement.service:
            raise QueryRefused(NO_SERVICE)
        outside = [g for g in judgement.dataset if g not in self.graphs()]
        if outside:
            raise QueryRefused(f"FROM <{outside[0]}> is not a graph of this store (see "
                               "/health for the graphs)")
        return judgement

    def graphs(self) -> set[str]:
        """The names of the store's graphs (read once)."""
        if self._graphs is None:
            self._graphs = {str(g) for g in self.store.graph_names()}
        return self._graphs

    def prepare(self) -> None:
        """Before the first query: derive what the named queries read, index the texts
        (Oxigraph stores), read the graphs' names; never in a query's worker process."""
        with self._preparing:
            if self._prepared:
                return
            from graph.store.derived import ensure_derived, text_index

            ensure_derived(self.store)
            text_index(self.store)
            self._graphs = None
            self.graphs()
            self._prepared = True

    def run(self, sparql: str, accept: str, *, fmt: str | None = None,
            bindings: dict | None = None, answer=None) -> Response:
        """Check, run within the limits, and serialise a query in the negotiated format
        (``answer(max_rows)``: what computes the result, if not the store's SPARQL)."""
        from graph.sparql.guard import check_text

        try:  # the raw text's limits, here: no parser runs in this process
            check_text(sparql, max_bytes=self.limits.request_bytes, max_depth=self.limits.depth)
        except QueryError as exc:
            return Response.error(400, str(exc))
        self.prepare()
        return self._in_worker(lambda: self._answer(sparql, accept, fmt, bindings, answer))

    def _answer(self, sparql: str, accept: str, fmt: str | None, bindings: dict | None,
                answer) -> Response:
        """The whole answer to one query: judged, run, counted, serialised."""
        from graph.sparql.text import prefixed, user_lines

        try:
            judgement = self._judge(sparql)
        except QueryRefused as exc:
            return Response.error(403, str(exc))
        except QueryError as exc:
            return Response.error(400, str(user_lines(exc)))
        is_graph = judgement.form in ("CONSTRUCT", "DESCRIBE")
        if fmt:
            fmt = "jsonld" if is_graph and fmt.lower() == "json" else fmt.lower()
            accept = FORMAT_ALIASES.get(fmt, fmt)
        offered = GRAPH_TYPES if is_graph else SELECT_TYPES
        media = _negotiate(accept, offered)
        if media is None:
            return Response.error(406, "no acceptable format; this query's answer comes as "
                                       + ", ".join(offered))
        rows = self.limits.rows
        try:
            if answer is not None:
                result = answer(rows)
            else:
                result = self.store.query(prefixed(sparql), bindings=bindings or {},
                                          max_rows=rows)
        except QueryRefused as exc:
            return Response.error(403, str(exc))
        except QueryError as exc:
            return Response.error(400, str(user_lines(exc)))
        except InspectionGraphError as exc:
            return Response.error(500, str(exc))
        size = len(result.graph) if result.graph is not None else len(result.rows)
        if size > rows:
            return Response.error(422, f"the answer has more than {rows:,} rows: narrow the "
                                       "query or add LIMIT")
        return _serialise(result, media)

    # -- running where it can be stopped --------------------------------------------------------
    def _enter(self) -> bool:
        """Take an evaluation slot, waiting at most the time limit behind at most as many
        queries as there are slots (so threads stay free for /health)."""
        return self.slots.acquire(timeout=self.limits.seconds, waiting=self.limits.concurrent)

    def _in_worker(self, work) -> Response:
        """``work()`` in a forked worker process, killed at the time limit (a thread where
        the system cannot fork)."""
        if not self._enter():
            return Response.error(503, "too many queries are running: try again shortly")
        try:
            if not hasattr(os, "fork"):
                return _in_thread(work, self.limits.seconds)
            return _in_process(work, self.limits.seconds,
                               offline=getattr(self.store, "name", "") != "remote")
        finally:
            self.slots.release()

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
                        answer=lambda rows: answer_named(self.store, query, bindings,
                                                         max_rows=rows))

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


class Slots:
    """Slots for queries evaluated at once: one freed is handed to the query that has waited
    longest, so a client that has just had its answer cannot take it back from one that
    waits (first come, first served).

    >>> slots = Slots(1)
    >>> slots.acquire(), slots.acquire(blocking=False)
    (True, False)
    >>> slots.release(); slots.acquire(timeout=0.1)
    True
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._free = size
        self._waiters: deque[threading.Event] = deque()

    def acquire(self, blocking: bool = True, timeout: float | None = None, *,
                waiting: int | None = None) -> bool:
        """Take a slot: True once taken; False without one (``blocking`` False, ``timeout``
        seconds passed, or ``waiting`` queries waiting already)."""
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return True
            if not blocking or waiting is not None and len(self._waiters) >= waiting:
                return False
            handed = threading.Event()
            self._waiters.append(handed)
        handed.wait(timeout)
        with self._lock:
            if handed.is_set():  # handed over, if only as the wait ran out
                return True
            self._waiters.remove(handed)
            return False

    def release(self) -> None:
        """Free a slot: to the longest waiter, if any."""
        with self._lock:
            if self._waiters:
                self._waiters.popleft().set()
            elif self._free < self.size:
                self._free += 1
            else:
                raise ValueError("a slot released more times than taken")


def _timeout_response(seconds: float) -> Response:
    return Response.error(503, f"the query ran longer than the time limit of {seconds:g} s")


def _in_thread(work, seconds: float) -> Response:
    """``work()`` on a thread, answered 503 past ``seconds`` (it runs on to its end)."""
    outcome: dict = {}
    worker = threading.Thread(target=lambda: outcome.update(response=work()), daemon=True,
                              name="sparql-query")
    worker.start()
    worker.join(seconds)
    return outcome.get("response") or _timeout_response(seconds)


def _offline() -> None:
    """Take the calling (single-threaded, forked) process off the network: a network
    namespace of its own, with nothing in it (as root, or in a user namespace)."""
    import ctypes

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(clone_newnet) != 0:
            libc.unshare(clone_newuser | clone_newnet)
    except (OSError, AttributeError):
        pass  # no unshare here: the parse's refusals and the engines' switches remain


def _encode(response: Response) -> bytes:
    head = json.dumps({"status": response.status, "headers": response.headers}).encode()
    return len(head).to_bytes(4, "big") + head + response.body


def _decode(data: bytes) -> Response | None:
    if len(data) < 4:
        return None
    size = int.from_bytes(data[:4], "big")
    try:
        head = json.loads(data[4:4 + size])
    except ValueError:
        return None
    return Response(int(head["status"]), data[4 + size:], dict(head["headers"]))


def _in_process(work, seconds: float, *, offline: bool) -> Response:
    """``work()`` in a forked child; the child is killed (SIGKILL) at ``seconds``."""
    import select
    import signal
    import time

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: answer, write, leave without any clean-up of the parent's
        code = 0
        try:
            os.close(read_end)
            if offline:
                _offline()
            try:
                response = work()
            except BaseException as exc:  # noqa: BLE001 - the parent gets one line
                response = Response.error(500, f"the query failed: {exc}")
            data = memoryview(_encode(response))
            while data:
                data = data[os.write(write_end, data):]
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks, deadline, finished = [], time.monotonic() + seconds, False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([read_end], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if not finished:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
    if not finished:
        return _timeout_response(seconds)
    response = _decode(b"".join(chunks))
    if response is None:
        if os.WIFSIGNALED(status):
            return Response.error(500, f"the query engine stopped on this query (signal "
                                       f"{os.WTERMSIG(status)})")
        return Response.error(500, "the query's worker ended without an answer")
    return response


# --- the HTTP server ---------------------------------------------------------------------------
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("", "0.0.0.0", "::")  # noqa: S104 - names, compared with the bound address


def allowed_hosts(host: str, port: int) -> set[str] | None:
    """The ``Host`` header values a server bound to ``host:port`` answers (``None``: any,
    for a server bound to every address).

    >>> sorted(allowed_hosts("127.0.0.1", 7878))[:3]
    ['127.0.0.1', '127.0.0.1:7878', '[::1]']
    """
    if host in WILDCARD:
        return None
    names = {host.lower()}
    if host in LOOPBACK or host.startswith("127."):
        names |= set(LOOPBACK)
    out = set()
    for name in names:
        shown = f"[{name}]" if ":" in name else name
        out |= {shown, f"{shown}:{port}"}
    return out


def _wsgi_app(endpoint: Endpoint, hosts, quiet: bool):
    """The endpoint as a WSGI application: the Host check, then :meth:`Endpoint.handle`."""
    from http import HTTPStatus

    def app(environ, start_response):
        method = environ["REQUEST_METHOD"]
        host = environ.get("HTTP_HOST", "").strip().lower()
        if hosts is not None and host not in hosts:
            response = Response.error(421, f"the Host header {host!r} does not name this "
                                           "server" if host else "a Host header is required")
        else:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            body = environ["wsgi.input"].read(length) if length > 0 else b""
            path = environ.get("PATH_INFO", "") or "/"
            path = path.encode("latin-1").decode("utf-8", "replace")
            qs = environ.get("QUERY_STRING", "")
            headers = {k[5:].replace("_", "-"): v for k, v in environ.items()
                       if k.startswith("HTTP_")}
            if environ.get("CONTENT_TYPE"):
                headers["Content-Type"] = environ["CONTENT_TYPE"]
            response = endpoint.handle(method, path + ("?" + qs if qs else ""), headers, body)
        phrase = HTTPStatus(response.status).phrase
        head = list(response.headers.items()) + [
            ("Content-Length", str(len(response.body))), ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store")]
        start_response(f"{response.status} {phrase}", head)
        if not quiet:
            import sys

            print(f'{environ.get("REMOTE_ADDR", "-")} "{method} {environ.get("PATH_INFO")}" '
                  f"{response.status}", file=sys.stderr, flush=True)
        return [b""] if method == "HEAD" else [response.body]

    return app


class EndpointServer:
    """A waitress server answering with an :class:`Endpoint`: ``serve_forever``,
    ``shutdown`` (from another thread), ``server_close``, ``server_address``."""

    def __init__(self, server, endpoint: Endpoint) -> None:
        self._server = server
        self.endpoint = endpoint
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def server_address(self) -> tuple[str, int]:
        """The bound (host, port)."""
        return self._server.effective_host, self._server.effective_port

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown`."""
        self._stopped.clear()
        try:
            self._server.run()
        except OSError:
            if not self._closing:
                raise
        finally:
            self._stopped.set()

    _closing = False

    def shutdown(self) -> None:
        """Stop serving (from another thread): every connection and the listening socket
        closed by the serving loop itself."""
        if self._stopped.is_set():
            self._close()
            return
        self._closing = True
        try:
            self._server.trigger.pull_trigger(self._close)
        except OSError:
            pass
        self._stopped.wait(5)
        self._server.task_dispatcher.shutdown(timeout=1)

    def server_close(self) -> None:
        """Release the socket and the worker threads."""
        if self._stopped.is_set():
            self._close()
        else:
            self.shutdown()

    def _close(self) -> None:
        self._closing = True
        server = self._server
        for channel in list(server._map.values()):
            if channel is not server and channel is not server.trigger:
                try:
                    channel.close()
                except OSError:
                    pass
        try:
            server.close()
        except OSError:
            pass
        server.task_dispatcher.shutdown(timeout=1)


def make_server(store, host: str = "127.0.0.1", port: int = 0, *, limits: Limits | None = None,
                quiet: bool = True) -> EndpointServer:
    """A server answering with an :class:`Endpoint` (call ``serve_forever``).

    ``port=0`` picks a free port (``server.server_address`` tells which). Connections
    beyond ``limits.connections`` wait in the listen backlog; a connection idle for
    ``limits.idle_seconds``, or sending a request for longer than
    ``limits.header_seconds``, is closed.
    """
    import logging
    import time

    from waitress.channel import HTTPChannel
    from waitress.server import create_server

    limits = limits or Limits()
    endpoint = Endpoint(store, limits)
    endpoint.prepare()  # the endpoint is read-only: derive and index now, not at a query
    logging.getLogger("waitress").setLevel(logging.ERROR if quiet else logging.WARNING)
    app: list = []  # the WSGI application, made once the bound port is known

    server = create_server(
        lambda environ, start_response: app[0](environ, start_response), host=host,
        port=port, threads=2 * limits.concurrent + 4,
        connection_limit=limits.connections, backlog=limits.connections,
        channel_timeout=max(1, int(limits.idle_seconds)), cleanup_interval=1,
        max_request_header_size=limits.request_bytes + 8192,
        max_request_body_size=limits.request_bytes, ident="inspection-graph",
        expose_tracebacks=False, clear_untrusted_proxy_headers=True)
    app.append(_wsgi_app(endpoint, allowed_hosts(host, server.effective_port), quiet))
    header_seconds = max(1, limits.header_seconds)

    class Channel(HTTPChannel):
        """A connection that knows since when its current request has been arriving."""

        started: float | None = None

        def received(self, data):
            if self.request is None and data:
                self.started = time.time()
            try:
                return super().received(data)
            finally:
                if self.request is None:
                    self.started = None

    def maintenance(now: float) -> None:
        cutoff, slow = now - limits.idle_seconds, now - header_seconds
        for channel in list(server.active_channels.values()):
            started = getattr(channel, "started", None)
            if not channel.requests and (channel.last_activity < cutoff
                                         or (started is not None and started < slow)):
                channel.will_close = True

    server.channel_class = Channel
    server.maintenance = maintenance
    return EndpointServer(server, endpoint)


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
