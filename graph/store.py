"""Stores: where the graph lives, behind one small interface.

:class:`MemoryStore` keeps an rdflib Dataset in memory; it suits the curated
records. :class:`OxigraphStore` keeps the graph on disk with pyoxigraph (the
national graph and more); :class:`RemoteStore` talks to any SPARQL 1.1 endpoint
(Oxigraph server, Fuseki, GraphDB, Virtuoso). Every store answers SPARQL with
a :class:`~graph.results.QueryResult` whose default graph is the union of the
named graphs.

Examples
--------
>>> store = MemoryStore()
>>> store.query("ASK { ?s ?p ?o }").boolean
False
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .errors import QueryError, StoreError
from .results import QueryResult

__all__ = ["Store", "MemoryStore", "OxigraphStore", "RemoteStore", "open_store"]


class Store(ABC):
    """What every store offers: SPARQL, whole-graph replacement and quad access."""

    @abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the named graphs."""

    @abstractmethod
    def replace_graph(self, name, triples: Iterable[tuple]) -> None:
        """Replace the named graph ``name`` with ``triples`` (never doubling it)."""

    @abstractmethod
    def quads(self) -> Iterator[tuple]:
        """Every (subject, predicate, object, graph) of the store."""

    @abstractmethod
    def graph_names(self) -> list:
        """The named graphs of the store."""

    def has_graph(self, name) -> bool:
        """Whether the named graph ``name`` holds any triple."""
        return _as_uri(name) in set(self.graph_names())

    def _forget_derived(self, name=None) -> None:
        """Drop the derived graph (:mod:`graph.derive`) before a write to another graph."""
        from .derive import DERIVED_GRAPH

        if (name is None or _as_uri(name) != DERIVED_GRAPH) and self.has_graph(DERIVED_GRAPH):
            self._drop_derived(DERIVED_GRAPH)

    def _drop_derived(self, name) -> None:
        self.replace_graph(name, [])

    def load_file(self, path, format: str = "nquads") -> None:
        """Load an N-Quads or TriG file, adding its named graphs to the store."""
        from rdflib import Dataset

        ds = Dataset()
        try:
            ds.parse(str(path), format=format)
        except Exception as exc:  # rdflib's parsers raise many kinds
            raise StoreError(f"{path}: cannot read {format}: {exc}") from None
        self.add_dataset(ds)
        self._forget_derived()  # a derived graph in the file describes the file alone

    def add_dataset(self, dataset) -> None:
        """Load every named graph of an rdflib Dataset, replacing graphs of the same name."""
        for g in dataset.graphs():
            if len(g):
                self.replace_graph(g.identifier, g)

    def to_dataset(self):
        """The store's content as an rdflib Dataset (copied for stores not in memory)."""
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        for s, p, o, g in self.quads():
            ds.graph(g).add((s, p, o))
        return ds

    def close(self) -> None:  # noqa: B027 - stores without resources need not override it
        """Release the store's resources."""


class MemoryStore(Store):
    """An rdflib Dataset in memory (default union graph).

    Parameters
    ----------
    dataset : rdflib.Dataset, optional
        The dataset to wrap; a new empty one by default.
    """

    name = "memory"

    def __init__(self, dataset=None) -> None:
        from rdflib import Dataset

        from . import vocab

        if dataset is None:
            dataset = Dataset(default_union=True)
            vocab.bind_prefixes(dataset)
        dataset.default_union = True
        self.dataset = dataset
        import threading

        # rdflib's SPARQL parser (pyparsing) and evaluator are not thread-safe: one at a time
        self._lock = threading.RLock()

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        from rdflib import Variable

        init = {Variable(k): v for k, v in (bindings or {}).items()}
        with self._lock:
            return self._query(sparql, init)

    def _query(self, sparql: str, init: dict) -> QueryResult:
        from pyparsing import ParseException

        try:
            result = self.dataset.query(sparql, initBindings=init)
        except ParseException as exc:
            raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                             f"{exc.msg}") from None
        except Exception as exc:  # rdflib raises many kinds for bad queries
            raise QueryError(f"SPARQL query failed: {exc}") from None
        if result.type == "ASK":
            return QueryResult([], boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult([], graph=result.graph)
        names = [str(v) for v in result.vars]
        return QueryResult(names, [tuple(row) for row in result])

    def replace_graph(self, name, triples: Iterable[tuple]) -> None:
        from rdflib import URIRef

        name = URIRef(str(name))
        self._forget_derived(name)
        self.dataset.remove_graph(name)
        g = self.dataset.graph(name)
        for triple in triples:
            g.add(triple)

    def quads(self) -> Iterator[tuple]:
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            yield s, p, o, getattr(g, "identifier", g)

    def graph_names(self) -> list:
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        return sorted(g.identifier for g in self.dataset.graphs()
                      if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g))

    def has_graph(self, name) -> bool:
        from rdflib import URIRef

        return any(True for _ in self.dataset.triples((None, None, None),
                                                       context=URIRef(str(name))))

    def __len__(self) -> int:
        return len(self.dataset)

    def load_file(self, path, format: str = "nquads") -> None:
        """Load an N-Quads or TriG file; into an empty store, parsed straight into its
        Dataset (no copy), else as :meth:`Store.load_file` (graphs of the same name replaced)."""
        if len(self.dataset):
            return super().load_file(path, format=format)
        try:
            self.dataset.parse(str(path), format=format)
        except Exception as exc:  # rdflib's parsers raise many kinds
            from rdflib import Dataset

            self.dataset = Dataset(default_union=True)  # never half-loaded
            from . import vocab

            vocab.bind_prefixes(self.dataset)
            raise StoreError(f"{path}: cannot read {format}: {exc}") from None



# --- Oxigraph on disk -------------------------------------------------------------------------
class _OxTerms:
    """Conversion between pyoxigraph and rdflib terms, cached (results repeat their terms)."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.to_rdf_cache: dict = {}
        self.to_ox_cache: dict = {}

    def to_rdflib(self, term):
        if term is None:
            return None
        try:
            return self.to_rdf_cache[term]
        except KeyError:
            pass
        except TypeError:  # unhashable (RDF-star triples): convert without caching
            return self._to_rdflib(term)
        value = self._to_rdflib(term)
        if len(self.to_rdf_cache) > 200_000:
            self.to_rdf_cache.clear()
        self.to_rdf_cache[term] = value
        return value

    def _to_rdflib(self, term):
        from rdflib import BNode, Literal, URIRef
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        ox = self.ox
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(datatype))
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.DefaultGraph):
            return DATASET_DEFAULT_GRAPH_ID
        raise StoreError(f"unsupported RDF term from Oxigraph: {term!r}")

    def to_ox(self, term):
        try:
            return self.to_ox_cache[term]
        except KeyError:
            pass
        value = self._to_ox(term)
        if len(self.to_ox_cache) > 200_000:
            self.to_ox_cache.clear()
        self.to_ox_cache[term] = value
        return value

    def _to_ox(self, term):
        from rdflib import BNode, Literal, URIRef
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        ox = self.ox
        if term is None or term == DATASET_DEFAULT_GRAPH_ID:
            return ox.DefaultGraph()
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(_bnode_label(str(term)))
        if hasattr(term, "identifier"):  # an rdflib Graph used as a graph name
            return self.to_ox(term.identifier)
        raise StoreError(f"cannot store {term!r} in Oxigraph")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _bnode_label(label: str) -> str:
    import re

    return label if re.match(r"^[A-Za-z0-9]+$", label) else "b" + re.sub(r"[^A-Za-z0-9]", "x",
                                                                         label)


class OxigraphStore(Store):
    """The graph in an Oxigraph database on disk (pyoxigraph, RocksDB).

    Queries see the union of the named graphs as their default graph (unless
    they name their own with ``FROM``); loading uses Oxigraph's bulk loader.
    Oxigraph 0.5's own union mode (``use_default_graph_as_union``) counts a
    triple once per named graph that states it, where SPARQL's RDF merge counts
    it once. While no triple is stated by two named graphs the two agree, so the
    store reads with Oxigraph's union mode and loads at the bulk loader's full
    speed; once two named graphs state the same triple (checked natively after
    every load, probing every graph but the largest), the union is kept, as a
    set, in the database's default graph, updated with every graph loaded or
    replaced. A writable database with several named graphs and an empty
    default graph, opened anew, gets its union built (it may come from elsewhere).

    Parameters
    ----------
    path : folder, optional
        Where the database lives (created if missing); in memory if omitted.
    read_only : bool
        Open an existing database for reading only (several processes may).

    Raises
    ------
    StoreError
        The folder holds no database (read-only) or is locked by another process.

    Examples
    --------
    >>> store = OxigraphStore()
    >>> store.query("ASK { ?s ?p ?o }").boolean
    False
    """

    name = "oxigraph"

    def __init__(self, path=None, *, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.path = None if path is None else str(path)
        try:
            if read_only:
                from pathlib import Path

                if self.path is None or not Path(self.path).is_dir():
                    raise StoreError(f"no Oxigraph store at {self.path} (load one with "
                                     f"'inspection-graph build --store oxigraph:{self.path}')")
                self.ox_store = ox.Store.read_only(self.path)
            else:
                self.ox_store = ox.Store(self.path)
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: "
                             f"{str(exc).splitlines()[0]}") from None
        self.read_only = read_only
        self.terms = _OxTerms()
        self.text_index = None  # graph.textindex: made with the derived facts
        self.union_kept = False
        self.union_kept = self._union_in_default_graph()

    def _union_in_default_graph(self) -> bool:
        """Whether the default graph holds the union (else Oxigraph's union mode is read).

        An empty store, or one with a single named graph, reads with Oxigraph's union
        mode (exact there). A database with several named graphs but an empty default
        graph (written by other tools) gets its union built now when writable; a
        read-only one is read with Oxigraph's union mode.
        """
        import pyoxigraph as ox

        default = ox.DefaultGraph()
        if any(True for _ in self.ox_store.quads_for_pattern(None, None, None, default)):
            return True
        if len(self._graph_names(limit=2)) < 2 or self.read_only:
            return False
        self._keep_union()
        return True

    def _graph_names(self, limit: int | None = None) -> list:
        from itertools import islice

        return list(islice(self.ox_store.named_graphs(), limit))

    def _keep_union(self) -> None:
        """Copy every named graph's triples into the default graph (the union, as a set)."""
        import pyoxigraph as ox

        if self.union_kept:
            return
        default = ox.DefaultGraph()
        self.ox_store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in
                                  self.ox_store.quads_for_pattern(None, None, None, None)
                                  if q.graph_name != default)
        self.ox_store.flush()
        self.union_kept = True

    def _check_overlap(self, cap: int = 100_000) -> None:
        """Keep the union from now on if two named graphs state the same triple.

        Every named graph but the largest (sizes counted up to ``cap``) is probed
        against the others with one native ``ASK``, so the cost follows the
        smaller graphs, not the large one just bulk-loaded.
        """
        if self.union_kept:
            return
        names = self._graph_names()
        if len(names) < 2:
            return
        sizes = {}
        for g in names:
            rows = self.ox_store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT ?s WHERE "
                                       f"{{ GRAPH {g} {{ ?s ?p ?o }} }} LIMIT {cap} }} }}")
            sizes[g] = int(next(iter(rows))["n"].value)
        names.sort(key=lambda g: (sizes[g], g.value))
        for g in names[:-1]:
            if self.ox_store.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} "
                                   f"GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }}"):
                self._keep_union()
                return

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        from pyoxigraph import QueryBoolean, QueryTriples

        result = self._run(sparql, bindings)
        if isinstance(result, QueryBoolean):
            return QueryResult([], boolean=bool(result))
        to_rdflib = self.terms.to_rdflib
        if isinstance(result, QueryTriples):
            from rdflib import Graph

            from . import vocab

            g = Graph()
            vocab.bind_prefixes(g)
            for t in result:
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult([], graph=g)
        names = [v.value for v in result.variables]
        try:
            rows = [tuple(map(to_rdflib, solution)) for solution in result]
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"SPARQL query failed: {exc}") from None
        return QueryResult(names, rows)

    def _run(self, sparql: str, bindings: Mapping[str, Any] | None):
        """Run a query: projected variables bound by Oxigraph, others written in safely."""
        from pyoxigraph import Variable

        from .sparqltext import dataset_clauses, projection, substitute

        bindings = dict(bindings or {})
        projected = projection(sparql) if bindings else None
        joined = {k: v for k, v in bindings.items() if projected is not None
                  and k not in projected}
        subs = {Variable(k): self.terms.to_ox(v) for k, v in bindings.items() if k not in joined}
        try:
            union = not self.union_kept and not any(dataset_clauses(sparql))
            return self.ox_store.query(substitute(sparql, joined), substitutions=subs or None,
                                       use_default_graph_as_union=union)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"SPARQL query failed: {exc}") from None

    def native_query(self, sparql: str):
        """Run a query and hand back pyoxigraph's own answer (its terms, no rdflib terms
        made): for reading many rows fast."""
        return self._run(sparql, None)

    def iter_query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None):
        """Like :meth:`query` for SELECT, but yields rows as they come (for limits)."""
        from pyoxigraph import QuerySolutions

        result = self._run(sparql, bindings)
        if not isinstance(result, QuerySolutions):
            raise QueryError("iter_query runs SELECT queries only")
        return [v.value for v in result.variables], (tuple(map(self.terms.to_rdflib, s))
                                                     for s in result)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the Oxigraph store at {self.path} is open read-only")

    def has_graph(self, name) -> bool:
        g = self.terms.to_ox(_as_uri(name))
        return any(True for _ in self.ox_store.quads_for_pattern(None, None, None, g))

    def _forget_derived(self, name=None) -> None:
        from .textindex import drop_text_index

        drop_text_index(self)  # before any write: the texts may change
        super()._forget_derived(name)

    def _drop_derived(self, name) -> None:
        self._prune_union(self._drop(self.terms.to_ox(_as_uri(name))))

    def replace_graph(self, name, triples: Iterable[tuple]) -> None:
        self._check_writable()
        import pyoxigraph as ox

        self._forget_derived(name)
        g = self.terms.to_ox(_as_uri(name))
        to_ox = self.terms.to_ox
        new = {(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples}
        old = self._drop(g)
        quads = [ox.Quad(s, p, o, g) for s, p, o in new]
        if self.union_kept:
            quads += [ox.Quad(s, p, o) for s, p, o in new]
        self.ox_store.bulk_extend(quads)
        self._prune_union(old)
        self._check_overlap()
        self.ox_store.flush()

    def add_dataset(self, dataset) -> None:
        """Load every named graph of an rdflib Dataset with the bulk loader (N-Quads)."""
        self._check_writable()
        from pyoxigraph import RdfFormat

        from .sparqltext import nt_term

        self._forget_derived()
        lines, old = [], []
        graphs = [g for g in dataset.graphs() if len(g)]
        keep = self.union_kept
        for g in graphs:
            name = _as_uri(g.identifier)
            old += self._drop(self.terms.to_ox(name))
            gname = nt_term(name)
            cache: dict = {}

            def nt(term, cache=cache):
                try:
                    return cache[term]
                except KeyError:
                    cache[term] = value = nt_term(term)
                    return value

            for s, p, o in g:
                triple = f"{nt(s)} {nt(p)} {nt(o)}"
                lines.append(f"{triple} {gname} .\n")
                if keep:
                    lines.append(f"{triple} .\n")  # the union, in the default graph
        self.ox_store.bulk_load("".join(lines).encode("utf-8"), format=RdfFormat.N_QUADS)
        self._prune_union(old)
        self._check_overlap()
        self.ox_store.flush()

    def load_file(self, path, format: str = "nquads") -> None:
        """Bulk-load an N-Quads or TriG file (its graphs replace none: they are added).

        Into a store that does not keep the union this is Oxigraph's bulk loader
        alone (then a native check for triples stated by two graphs); into a store
        that keeps the union, the file's triples are added to the default graph too.
        """
        self._check_writable()
        import pyoxigraph as ox

        fmt = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[format]
        self._forget_derived()
        empty = not any(True for _ in self.ox_store.quads_for_pattern(None, None, None, None))
        try:
            self.ox_store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise StoreError(f"{path}: {exc}") from None
        if self.union_kept:
            default = ox.DefaultGraph()
            self.ox_store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                                      for q in ox.parse(path=str(path), format=fmt)
                                      if q.graph_name != default)
        else:
            self._check_overlap()
        if not empty:  # a derived graph in the file describes the file alone
            self._forget_derived()
        self.ox_store.flush()

    def serialize(self, format: str, *, union: bool = False) -> bytes:
        """The store written out by Oxigraph's own serializers (fast for large graphs).

        Parameters
        ----------
        format : str
            ``turtle``, ``nt``, ``trig``, ``nquads`` or ``json-ld``.
        union : bool
            Write the union of the named graphs as triples (``turtle``, ``nt``);
            otherwise every named graph with its name (``trig``, ``nquads``, ``json-ld``).
        """
        import pyoxigraph as ox

        from .vocab import PREFIXES

        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                   "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                   "json-ld": ox.RdfFormat.JSON_LD}
        fmt = formats[format]
        prefixes = PREFIXES if format in ("turtle", "trig") else None
        default = ox.DefaultGraph()
        if union:
            if self.union_kept:
                triples = (q.triple for q in self.ox_store.quads_for_pattern(None, None, None,
                                                                             default))
            else:
                triples = (q.triple for q in self.ox_store.quads_for_pattern(None, None, None,
                                                                             None))
            return ox.serialize(triples, format=fmt, prefixes=prefixes)
        quads = (q for q in self.ox_store.quads_for_pattern(None, None, None, None)
                 if q.graph_name != default)
        return ox.serialize(quads, format=fmt, prefixes=prefixes)

    def _drop(self, g) -> list:
        """Remove named graph ``g``; return its triples (to prune from the union after)."""
        old = [(q.subject, q.predicate, q.object)
               for q in self.ox_store.quads_for_pattern(None, None, None, g)]
        if old:
            self.ox_store.remove_graph(g)
        return old

    def _prune_union(self, triples: list) -> None:
        """Take out of the union (the default graph) the triples no named graph states now."""
        import pyoxigraph as ox

        if not self.union_kept:
            return
        default = ox.DefaultGraph()
        for s, p, o in triples:
            if not any(q.graph_name != default for q in
                       self.ox_store.quads_for_pattern(s, p, o, None)):
                self.ox_store.remove(ox.Quad(s, p, o, default))

    def quads(self) -> Iterator[tuple]:
        """The quads of the named graphs (not the union kept in the default graph)."""
        import pyoxigraph as ox

        to_rdflib = self.terms.to_rdflib
        default = ox.DefaultGraph()
        for q in self.ox_store.quads_for_pattern(None, None, None, None):
            if q.graph_name != default:
                yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                       to_rdflib(q.graph_name))

    def quad_strings(self) -> Iterator[tuple[str, str, str, str, str]]:
        """The quads of the named graphs as strings, no rdflib terms made (fast projections):
        (subject, predicate, object, ``"iri"``/``"literal"``/``"blank"``, graph)."""
        import pyoxigraph as ox

        named, literal, default = ox.NamedNode, ox.Literal, ox.DefaultGraph
        for q in self.ox_store.quads_for_pattern(None, None, None, None):
            g = q.graph_name
            if isinstance(g, default):
                continue
            o = q.object
            kind = "iri" if isinstance(o, named) else "literal" if isinstance(o, literal) \
                else "blank"
            yield q.subject.value, q.predicate.value, o.value, kind, g.value

    def graph_names(self) -> list:
        rows = self.ox_store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(self.terms.to_rdflib(r["g"]) for r in rows)

    def __len__(self) -> int:
        rows = self.ox_store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def close(self) -> None:
        if self.text_index is not None:
            self.text_index.close()
            self.text_index = None
        if not self.read_only:
            self.ox_store.flush()
        del self.ox_store


def _as_uri(name):
    from rdflib import URIRef

    return name if isinstance(name, URIRef) else URIRef(str(name))


# --- a remote SPARQL 1.1 endpoint -----------------------------------------------------------
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

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        import urllib.parse

        from .sparqltext import dataset_clauses, substitute

        text = substitute(sparql, bindings or {})
        default, named = dataset_clauses(sparql)
        params = [("query", text)] + ([] if default or named else self._dataset_params())
        ctype, body = self._request(
            self.url, data=urllib.parse.urlencode(params).encode("utf-8"),
            content_type="application/x-www-form-urlencoded",
            accept="application/sparql-results+json, application/n-triples;q=0.9")
        return self._parse(ctype, body)

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

            from . import vocab

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
        import urllib.parse

        from .sparqltext import nt_term

        name = _as_uri(name)
        self._forget_derived(name)
        lines = [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in triples]
        self._graphs = self._reads_default = None
        g = nt_term(name)
        if self.store_url:
            url = self.store_url + "?" + urllib.parse.urlencode({"graph": str(name)})
            self._request(url, data="\n".join(lines).encode("utf-8") + b"\n", method="PUT",
                          content_type="application/n-triples")
        else:
            self._update_graph(g, lines, chunk)
        if self.union == "auto":
            # the union, as a set, in the default graph: drop what no named graph states now
            self.update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o "
                        "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
                        f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")

    def _update_graph(self, g: str, lines: list[str], chunk: int) -> None:
        # Blank nodes are scoped to one request: keep a graph that has them in one piece.
        has_bnodes = any(" _:" in line or line.startswith("_:") for line in lines)
        size = len(lines) if has_bnodes else chunk
        parts = [lines[i:i + size] for i in range(0, len(lines), size)] or [[]]
        for i, part in enumerate(parts):
            head = f"DROP SILENT GRAPH {g} ;\n" if i == 0 else ""
            body = "\n".join(part)
            self.update(head + (f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}" if part else
                                f"CREATE SILENT GRAPH {g}"))

    def add_dataset(self, dataset) -> None:
        for g in dataset.graphs():
            if len(g):
                self.replace_graph(g.identifier, g)

    def quads(self) -> Iterator[tuple]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        yield from result.rows

    def graph_names(self) -> list:
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
        from .sparqltext import nt_term

        q = f"ASK {{ GRAPH {nt_term(_as_uri(name))} {{ ?s ?p ?o }} }}"
        return bool(self.query(q).boolean)

    def _drop_derived(self, name) -> None:
        from .sparqltext import nt_term

        self.update(f"DROP SILENT GRAPH {nt_term(_as_uri(name))}")

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


def open_store(spec: str | None = None, *, read_only: bool = False,
               size_hint: int | None = None) -> Store:
    """Open a store from a spec.

    Parameters
    ----------
    spec : str, optional
        ``None`` or ``"memory"`` for a new memory store; ``"oxigraph:PATH"`` for an
        Oxigraph database on disk; an ``http(s)://.../query`` URL for a SPARQL endpoint;
        ``"auto"`` for the store :func:`graph.storechoice.choose_store` picks for
        ``size_hint`` triples (memory below the threshold, Oxigraph in memory above).
    read_only : bool
        Open an Oxigraph database for reading only.
    size_hint : int, optional
        Expected triples, for ``"auto"`` (0 if not given).

    Raises
    ------
    StoreError
        An unknown spec, or a store that cannot be opened.

    Examples
    --------
    >>> type(open_store("memory")).__name__
    'MemoryStore'
    """
    if spec in (None, "memory"):
        return MemoryStore()
    if spec == "auto":
        from .storechoice import choose_store

        return choose_store(size_hint or 0).open()
    if spec.startswith("oxigraph:"):
        path = spec[len("oxigraph:"):]
        if not path:
            raise StoreError("give the Oxigraph store's folder: oxigraph:PATH")
        return OxigraphStore(path, read_only=read_only)
    if spec.startswith(("http://", "https://")):
        return RemoteStore(spec)
    raise StoreError(f"unknown store {spec!r} (expected 'memory', 'auto', 'oxigraph:PATH' or "
                     "an http(s):// SPARQL endpoint URL)")
