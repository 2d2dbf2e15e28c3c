"""The Oxigraph store: pyoxigraph in memory or on disk, for the national graph and more."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graph.errors import QueryError, StoreError
from graph.sparql.results import QueryResult
from graph.store.base import Store, as_uri

__all__ = ["OxigraphStore"]


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

            from graph import vocab

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

        from graph.sparql.text import dataset_clauses, projection, substitute

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
        g = self.terms.to_ox(as_uri(name))
        return any(True for _ in self.ox_store.quads_for_pattern(None, None, None, g))

    def _forget_derived(self, name=None) -> None:
        from graph.store.textindex import drop_text_index

        drop_text_index(self)  # before any write: the texts may change
        super()._forget_derived(name)

    def _drop_derived(self, name) -> None:
        self._prune_union(self._drop(self.terms.to_ox(as_uri(name))))

    def replace_graph(self, name, triples: Iterable[tuple]) -> None:
        self._check_writable()
        import pyoxigraph as ox

        self._forget_derived(name)
        g = self.terms.to_ox(as_uri(name))
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

        from graph.sparql.text import nt_term

        self._forget_derived()
        lines, old = [], []
        graphs = [g for g in dataset.graphs() if len(g)]
        keep = self.union_kept
        for g in graphs:
            name = as_uri(g.identifier)
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

    def load_file(self, path, format: str = "nquads", *, graph=None) -> None:
        """Bulk-load an N-Quads or TriG file (its graphs replace none: they are added).

        Into a store that does not keep the union this is Oxigraph's bulk loader
        alone (then a native check for triples stated by two graphs); into a store
        that keeps the union, the file's triples are added to the default graph too.
        A Turtle or N-Triples file is loaded as :meth:`Store.load_file` does (its
        triples replace the named graph ``graph``, the file's URI if not given).
        """
        self._check_writable()
        import pyoxigraph as ox

        from graph.store.base import load_format

        name, graph_name = load_format(format, path, graph)
        if graph_name is not None:
            return super().load_file(path, format=format, graph=graph)
        fmt = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[name]
        self._forget_derived()
        empty = not any(True for _ in self.ox_store.quads_for_pattern(None, None, None, None))
        try:
            self.ox_store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, OSError) as exc:
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

        from graph.vocab import PREFIXES

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
