"""The remote store: any SPARQL 1.1 endpoint reached over HTTP."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graph.errors import QueryError, StoreError
from graph.sparql.results import QueryResult
from graph.store.base import Store, as_uri

__all__ = ["RemoteStore"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
STAGING = "urn:inspection-graph:staging:"
"""The prefix of the temporary graphs a large write goes to before it is moved into place."""


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint reached over HTTP (Oxigraph server, Fuseki, GraphDB, Virtuoso).

    Reads use the SPARQL 1.1 Protocol (POST, urlencoded); bindings are
    substituted into the query text, each value escaped
    (:func:`graph.sparqltext.substitute`). Loading uses the Graph Store
    Protocol when ``store_url`` is given (one PUT per graph), SPARQL Update
    otherwise.

    Queries must see the union of the named graphs as their default graph.
    With ``union="auto"`` (the default) every graph loaded through this store
    is also merged, as a set, into the endpoint's default graph, and queries
    read the default graph when it holds anything, else they name every graph
    as a ``default-graph-uri`` (and ``named-graph-uri``) of the protocol.
    ``union="dataset"`` always names the graphs; ``union="server"`` trusts a
    server whose default graph is already the union (Fuseki's
    ``unionDefaultGraph``, Oxigraph's ``--union-default-graph``, Virtuoso).

    Parameters
    ----------
    url : str
        The query endpoint (``http://127.0.0.1:7878/query``).
    update_url : str, optional
        The update endpoint; ``.../update`` beside a ``.../query`` URL by default.
    store_url : str, optional
        The Graph Store Protocol endpoint (``http://127.0.0.1:7878/store`` for Oxigraph).
    timeout : float
        Seconds to wait for an answer.
    union : str
        ``"auto"``, ``"dataset"`` or ``"server"`` (above).
    """

    name = "remote"

    def __init__(self, url: str, *, update_url: str | None = None, store_url: str | None = None,
                 timeout: float = 60.0, union: str = "auto") -> None:
        if not url.startswith(("http://", "https://")):
            raise StoreError(f"not an http(s) SPARQL endpoint: {url!r}")
        self.url = url
        if update_url is None:
            update_url = url[: -len("query")] + "update" if url.endswith("/query") else url
        self.update_url = update_url
        self.store_url = store_url
        self.timeout = timeout
        if union not in ("auto", "dataset", "server"):
            raise StoreError(f"union must be 'auto', 'dataset' or 'server', not {union!r}")
        self.union = union
        self._graphs: list | None = None
        self._reads_default: bool | None = None
        self._opener = _opener_for(url)

    # -- HTTP --------------------------------------------------------------------------------
    def _request(self, url: str, *, data: bytes | None = None, method: str = "POST",
                 content_type: str | None = None, accept: str | None = None) -> tuple[str, bytes]:
        import urllib.error
        import urllib.request

        headers = {"User-Agent": "inspection-graph"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            message = body.splitlines()[0] if body else exc.reason
            if exc.code == 400:
                raise QueryError(f"SPARQL query failed: {message}") from None
            raise StoreError(f"{url} answered {exc.code}: {message}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def _dataset_params(self) -> list[tuple[str, str]]:
        if self.union == "server":
            return []
        if self.union == "auto":
            if self._reads_default is None:
                self._reads_default = self._ask_default_graph()
            if self._reads_default:
                return []
        names = [str(g) for g in self.graph_names()]
        return ([("default-graph-uri", g) for g in names]
                + [("named-graph-uri", g) for g in names])

    def _ask_default_graph(self) -> bool:
        """True when the endpoint's default graph (no dataset named) holds anything."""
        import urllib.parse

        ctype, body = self._request(
            self.url, data=urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode(),
            content_type="application/x-www-form-urlencoded",
            accept="application/sparql-results+json")
        return bool(self._parse(ctype, body).boolean)

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a query on the endpoint; with ``max_rows``, at most ``max_rows + 1`` rows
        are kept of its answer."""
        import urllib.parse

        from graph.sparql.text import dataset_clauses, substitute

        text = substitute(sparql, bindings or {})
        default, named = dataset_clauses(sparql)
        params = [("query", text)] + ([] if default or named else self._dataset_params())
        ctype, body = self._request(
            self.url, data=urllib.parse.urlencode(params).encode("utf-8"),
            content_type="application/x-www-form-urlencoded",
            accept="application/sparql-results+json, application/n-triples;q=0.9")
        result = self._parse(ctype, body)
        if max_rows is not None and len(result.rows) > max_rows + 1:
            result = QueryResult(result.vars, result.rows[:max_rows + 1])
        return result

    def _parse(self, ctype: str, body: bytes) -> QueryResult:
        import json

        ctype = ctype.split(";")[0].strip().lower()
        if ctype in ("application/sparql-results+json", "application/json"):
            data = json.loads(body)
            if "boolean" in data:
                return QueryResult([], boolean=bool(data["boolean"]))
            names = data["head"].get("vars", [])
            convert = _JsonTerms()
            rows = [tuple(convert(b.get(v)) for v in names) for b in data["results"]["bindings"]]
            return QueryResult(names, rows)
        if ctype in ("application/n-triples", "text/plain", "text/turtle"):
            from rdflib import Graph

            from graph import vocab

            g = Graph()
            vocab.bind_prefixes(g)
            g.parse(data=body.decode("utf-8"), format="nt" if "turtle" not in ctype else "turtle")
            return QueryResult([], graph=g)
        raise StoreError(f"{self.url} answered in an unexpected format {ctype!r}")

    # -- writing -----------------------------------------------------------------------------
    def update(self, sparql_update: str) -> None:
        """Send one SPARQL Update request."""
        import urllib.parse

        self._graphs = self._reads_default = None
        self._request(self.update_url,
                      data=urllib.parse.urlencode({"update": sparql_update}).encode("utf-8"),
                      content_type="application/x-www-form-urlencoded")

    def replace_graph(self, name, triples: Iterable[tuple], *, chunk: int = 20_000) -> None:
        """Replace the named graph ``name`` with ``triples`` (all or nothing:
        :meth:`replace_graphs`)."""
        self.replace_graphs({name: triples}, chunk=chunk)

    def replace_graphs(self, graphs: Mapping[Any, Iterable[tuple]], *,
                       chunk: int = 20_000) -> None:
        """Replace several named graphs in one SPARQL Update request (one transaction on
        Oxigraph, Fuseki and most servers): all of them, the drop of the derived graph and
        the union kept in the default graph change together.

        Graphs larger than ``chunk`` triples are first written beside, under temporary
        names (by the Graph Store Protocol when ``store_url`` is given, else in chunks),
        and moved into place by that one request; temporary graphs a cut-short write
        left behind are dropped by the next write.
        """
        import secrets

        from graph.sparql.text import nt_term
        from graph.store.derived import DERIVED_GRAPH

        ready = {as_uri(name): [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ."
                                for s, p, o in triples] for name, triples in graphs.items()}
        self._graphs = self._reads_default = None
        ops = [f"DROP SILENT GRAPH {nt_term(g)}" for g in self._staging_graphs()]
        if any(name != DERIVED_GRAPH for name in ready) and DERIVED_GRAPH not in ready:
            ops.append(f"DROP SILENT GRAPH {nt_term(DERIVED_GRAPH)}")
        token, direct = secrets.token_hex(8), 0
        for i, (name, lines) in enumerate(ready.items()):
            g = nt_term(name)
            ops.append(f"DROP SILENT GRAPH {g}")
            has_bnodes = any(" _:" in line or line.startswith("_:") for line in lines)
            if direct + len(lines) <= chunk or has_bnodes:  # blank nodes: one request's scope
                direct += len(lines)
                body = "\n".join(lines)
                ops.append(f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}" if lines else
                           f"CREATE SILENT GRAPH {g}")
                continue
            staging = nt_term(as_uri(f"{STAGING}{token}/{i}"))
            self._stage(staging, lines, chunk)
            ops += [f"ADD {staging} TO {g}", f"DROP SILENT GRAPH {staging}"]
        if self.union == "auto":
            # the union, as a set, in the default graph: drop what no named graph states now
            ops.append("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o "
                       "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
            ops += [f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {nt_term(name)} {{ ?s ?p ?o }} }}"
                    for name in ready]
        self.update(" ;\n".join(ops))

    def _stage(self, staging: str, lines: list[str], chunk: int) -> None:
        """Write a graph's triples under a temporary name, to be moved into place at once."""
        import urllib.parse

        if self.store_url:
            url = self.store_url + "?" + urllib.parse.urlencode({"graph": staging[1:-1]})
            self._request(url, data="\n".join(lines).encode("utf-8") + b"\n", method="PUT",
                          content_type="application/n-triples")
            return
        for i in range(0, len(lines), chunk):
            body = "\n".join(lines[i:i + chunk])
            self.update(f"INSERT DATA {{ GRAPH {staging} {{\n{body}\n}} }}")

    def _staging_graphs(self) -> list:
        """Temporary graphs left by a write cut short (dropped by the next write)."""
        return [g for g in self._all_graph_names() if str(g).startswith(STAGING)]

    def add_dataset(self, dataset) -> None:
        """Replace the store's graphs with every named graph of an rdflib Dataset, in one
        request (:meth:`replace_graphs`)."""
        self.replace_graphs({g.identifier: g for g in dataset.graphs() if len(g)})

    def quads(self) -> Iterator[tuple]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        yield from result.rows

    def graph_names(self) -> list:
        return [g for g in self._all_graph_names() if not str(g).startswith(STAGING)]

    def _all_graph_names(self) -> list:
        if self._graphs is None:
            import urllib.parse

            q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
            ctype, body = self._request(
                self.url, data=urllib.parse.urlencode({"query": q}).encode("utf-8"),
                content_type="application/x-www-form-urlencoded",
                accept="application/sparql-results+json")
            self._graphs = sorted(row[0] for row in self._parse(ctype, body).rows)
        return list(self._graphs)

    def has_graph(self, name) -> bool:
        from graph.sparql.text import nt_term

        q = f"ASK {{ GRAPH {nt_term(as_uri(name))} {{ ?s ?p ?o }} }}"
        return bool(self.query(q).boolean)

    def _drop_derived(self, name) -> None:
        from graph.sparql.text import nt_term

        self.update(f"DROP SILENT GRAPH {nt_term(as_uri(name))}")

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return int(rows[0][0])


class _JsonTerms:
    """SPARQL JSON result terms to rdflib terms, cached by their JSON form."""

    def __init__(self) -> None:
        self.cache: dict = {}

    def __call__(self, b: dict | None):
        if b is None:
            return None
        key = (b["type"], b["value"], b.get("datatype"), b.get("xml:lang"))
        try:
            return self.cache[key]
        except KeyError:
            pass
        from rdflib import BNode, Literal, URIRef

        kind, value = b["type"], b["value"]
        if kind == "uri":
            term = URIRef(value)
        elif kind == "bnode":
            term = BNode(value)
        elif b.get("xml:lang"):
            term = Literal(value, lang=b["xml:lang"])
        elif b.get("datatype") and b["datatype"] != _XSD_STRING:
            term = Literal(value, datatype=URIRef(b["datatype"]))
        else:
            term = Literal(value)
        self.cache[key] = term
        return term


def _opener_for(url: str):
    """An opener that never sends loopback requests through a proxy."""
    import urllib.parse
    import urllib.request

    host = urllib.parse.urlsplit(url).hostname or ""
    if host in ("localhost", "::1") or host.startswith("127."):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()
