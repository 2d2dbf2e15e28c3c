"""The Oxigraph store: pyoxigraph in memory or on disk, for the national graph and more."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

from graph.errors import QueryError, StoreError
from graph.sparql.results import QueryResult
from graph.store.base import Store, as_uri

__all__ = ["OxigraphStore", "JOURNAL", "DERIVE_PENDING"]


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


class _Terms:
    """Triples of rdflib terms on their way into Oxigraph, converted only as the write
    needs them (as N-Quads text into new graphs, as Oxigraph terms otherwise)."""

    __slots__ = ("triples",)

    def __init__(self, triples: Iterable[tuple]) -> None:
        self.triples = triples if hasattr(triples, "__len__") else list(triples)

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self):
        return iter(self.triples)


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nquads_lines(triples: Iterable[tuple], graph: str, union: bool) -> list[str] | None:
    """N-Quads lines of rdflib triples in the graph ``graph`` (and as triples of the
    default graph, with ``union``); None if a term cannot be written as it is (a blank
    node, which a parser names anew; an IRI or a language tag N-Quads cannot carry,
    left to the term-by-term path to refuse)."""
    from rdflib import Literal, URIRef

    names: dict = {}
    suffix = f" <{graph}> .\n"

    def written(term) -> str:
        if isinstance(term, URIRef):
            return iri(term)
        if isinstance(term, Literal):
            text = '"' + str(term).translate(_NT_ESCAPES) + '"'
            if term.language:
                if not _LANGUAGE.fullmatch(term.language):
                    raise _NotText
                return f"{text}@{term.language}"
            if term.datatype and str(term.datatype) != _XSD_STRING:
                return f"{text}^^{iri(term.datatype)}"
            return text
        raise _NotText

    def iri(term) -> str:
        if _IRI_REFUSED.search(term):  # not an IRI N-Quads can carry as it is
            raise _NotText
        return f"<{term}>"

    lines: list[str] = []
    add = lines.append
    try:
        for s, p, o in triples:
            try:
                triple = f"{names[s]} {names[p]} "
            except KeyError:
                ss = names.get(s) or names.setdefault(s, written(s))
                pp = names.get(p) or names.setdefault(p, written(p))
                triple = f"{ss} {pp} "
            try:
                triple += names[o]
            except KeyError:
                triple += names.setdefault(o, written(o))
            add(triple + suffix)
            if union:
                add(triple + " .\n")
    except _NotText:
        return None
    return lines


_IRI_REFUSED = re.compile(r'[\x00-\x20<>"{}|^`\\]')
"""Characters N-Quads writes in an IRI only escaped (and an IRI never holds)."""
_LANGUAGE = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")


class _NQuads:
    """One graph's triples as N-Quads text (UTF-8), the rdflib terms kept to name a term
    Oxigraph refuses."""

    __slots__ = ("data", "terms")

    def __init__(self, data: bytes, terms) -> None:
        self.data, self.terms = data, terms

    def __bool__(self) -> bool:
        return bool(self.data)

    @classmethod
    def of(cls, terms, graph: str, union: bool) -> _NQuads | None:
        """The text of ``terms`` in ``graph`` (None if a term cannot be written as it is)."""
        lines = _nquads_lines(terms, graph, union)
        if lines is None:
            return None
        try:
            return cls("".join(lines).encode("utf-8"), terms)
        except UnicodeEncodeError:  # a lone surrogate: left to the term-by-term path
            return None


class _NotText(Exception):
    """A term N-Quads text cannot carry as it is."""


def _bnode_label(label: str) -> str:
    return label if re.match(r"^[A-Za-z0-9]+$", label) else "b" + re.sub(r"[^A-Za-z0-9]", "x",
                                                                         label)


JOURNAL = "inspection-graph-write.json"
"""In a store's folder while a bulk write (not a transaction) is under way: how to undo it."""
DERIVE_PENDING = "inspection-graph-derive-pending"
"""In a store's folder from a write that drops the derived facts until they are made again."""


def _has_blank(triples) -> bool:
    import pyoxigraph as ox

    return any(isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode) for s, _, o in triples)


def _quad_block(g, triples) -> str:
    """Triples as the body of ``INSERT DATA``/``DELETE DATA`` (Oxigraph terms print as
    N-Triples), in graph ``g`` (or the default graph)."""
    import pyoxigraph as ox

    body = "\n".join(f"{s} {p} {o} ." for s, p, o in triples)
    return body if isinstance(g, ox.DefaultGraph) else f"GRAPH {g} {{\n{body}\n}}"


def _write_durably(path, text: str) -> None:
    """Write a small file whole (a temporary file synced, then renamed into place)."""
    import os

    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
                self._ox = ox.Store.read_only(self.path)
            else:
                self._ox = ox.Store(self.path)
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: "
                             f"{str(exc).splitlines()[0]}") from None
        self.read_only = read_only
        self.terms = _OxTerms()
        self.text_index = None  # graph.textindex: made with the derived facts
        self.text_stage = None  # graph.textindex.TextStage: texts tokenized ahead of the index
        self.index_texts = True  # False: no text index made (a scratch store's copy makes it)
        self.union_kept = False
        self.mirror = None  # an in-memory store with the same quads (see fill_from)
        self._filling = None  # the thread of fill_from's copy, while it runs
        self._fill_error: BaseException | None = None
        self._named_only = None  # the named graphs alone, for the exports (see serialize)
        self._ordered: dict = {}  # the same, in order, for a store read in memory
        self._journal_entry: dict | None = None
        if self.path is not None:
            self._recover()
        self.union_kept = self._union_in_default_graph()
        if self.path is not None and not read_only:
            self._derive_if_pending()

    @property
    def ox_store(self):
        """The pyoxigraph store (once a copy :meth:`fill_from` started is complete)."""
        if self._filling is not None:
            self.settle()
        return self._ox

    def settle(self) -> None:
        """Wait for the copy :meth:`fill_from` writes in the background, if one runs.

        Raises
        ------
        StoreError
            The copy failed (the store is left empty, as before it).
        """
        import threading

        thread = self._filling
        if thread is None or thread is threading.current_thread():
            return
        thread.join()
        self._filling = None
        self._report_fill()

    def _report_fill(self) -> None:
        """Raise the error of fill_from's load, if it failed (the store then empty)."""
        error, self._fill_error = self._fill_error, None
        if error is not None:
            self.mirror = self._named_only = None
            self._ordered = {}
            self.union_kept = False
            from graph.store.textindex import drop_text_index

            drop_text_index(self)
            raise StoreError(f"cannot write to the Oxigraph store: {error}") from None

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
        own = self._journal_entry is None
        self._journal(union_built=True)  # a union cut short by a kill is cleared on reopening
        if self.path is None:  # in memory: one native update (blank nodes kept as they are)
            self.ox_store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        else:
            self.ox_store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in
                                      self.ox_store.quads_for_pattern(None, None, None, None)
                                      if q.graph_name != default)
        self.ox_store.flush()
        self.union_kept = True
        if own:
            self._end_journal()

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

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a query on a thread with a deep stack (:func:`graph.sparql.guard.on_deep_stack`).
        With ``max_rows``, at most ``max_rows + 1`` rows (or triples) are read."""
        from graph.sparql.guard import on_deep_stack

        return on_deep_stack(lambda: self._query(sparql, bindings, max_rows))

    def _query(self, sparql: str, bindings: Mapping[str, Any] | None,
               max_rows: int | None) -> QueryResult:
        from itertools import islice

        from pyoxigraph import QueryBoolean, QueryTriples

        cap = None if max_rows is None else max_rows + 1
        result = self._run(sparql, bindings)
        if isinstance(result, QueryBoolean):
            return QueryResult([], boolean=bool(result))
        to_rdflib = self.terms.to_rdflib
        if isinstance(result, QueryTriples):
            from rdflib import Graph

            from graph import vocab

            g = Graph()
            vocab.bind_prefixes(g)
            for t in islice(result, cap):
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult([], graph=g)
        names = [v.value for v in result.variables]
        try:
            rows = [tuple(map(to_rdflib, solution)) for solution in islice(result, cap)]
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"SPARQL query failed: {exc}") from None
        return QueryResult(names, rows)

    def _run(self, sparql: str, bindings: Mapping[str, Any] | None):
        """Run a query: projected variables bound by Oxigraph, others written in safely.

        The text is checked first (:func:`graph.sparql.guard.check_text`), and a query
        that calls SERVICE is refused (:func:`graph.sparql.guard.refuse_service`):
        Oxigraph would make the request.
        """
        from pyoxigraph import Variable

        from graph.sparql.guard import check_text, refuse_service
        from graph.sparql.text import dataset_clauses, projection, substitute

        check_text(sparql)
        refuse_service(sparql)
        bindings = dict(bindings or {})
        projected = projection(sparql) if bindings else None
        joined = {k: v for k, v in bindings.items() if projected is not None
                  and k not in projected}
        subs = {Variable(k): self.terms.to_ox(v) for k, v in bindings.items() if k not in joined}
        try:
            union = not self.union_kept and not any(dataset_clauses(sparql))
            return self._reader().query(substitute(sparql, joined), substitutions=subs or None,
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
        return any(True for _ in self._reader().quads_for_pattern(None, None, None, g))

    def _forget_derived(self, name=None) -> None:
        from graph.store.textindex import drop_text_index

        drop_text_index(self)  # before any write: the texts may change
        super()._forget_derived(name)

    def _drop_derived(self, name) -> None:
        self._write({self.terms.to_ox(as_uri(name)): set()})

    def replace_graph(self, name, triples: Iterable[tuple]) -> None:
        """Replace the named graph ``name`` with ``triples``, all or nothing.

        The graph, the union kept in the default graph and the drop of the derived
        graph change in one transaction (see :meth:`replace_graphs`).
        """
        self._check_writable()
        self._write({self._ox_name(name): _Terms(triples)})

    def replace_graphs(self, graphs: Mapping[Any, Iterable[tuple]]) -> None:
        """Replace several named graphs at once: all of them, or none if interrupted.

        A graph the store already holds changes by one SPARQL update (one Oxigraph
        transaction) that removes the triples it loses and inserts those it gains;
        graphs the store does not hold yet are bulk-loaded, with a journal in the
        store's folder by which the next writable open takes them out again if the
        load was cut short (``kill -9``, power loss).
        """
        self._check_writable()
        self._write({self._ox_name(name): _Terms(triples) for name, triples in graphs.items()})

    def add_dataset(self, dataset) -> None:
        """Replace the store's graphs with every non-empty named graph of an rdflib Dataset,
        all or nothing (:meth:`replace_graphs`)."""
        self.replace_graphs({g.identifier: g for g in dataset.graphs() if len(g)})

    def load_file(self, path, format: str = "nquads", *, graph=None) -> None:
        """Load an N-Quads or TriG file (its graphs replace none: they are added), all or
        nothing.

        Into an empty store, or one that holds none of the file's graphs, this is
        Oxigraph's bulk loader (under a journal: an interrupted load is taken out by
        the next writable open); into a store that holds some of them, one transaction.
        A derived graph in the file is kept only when the store was empty. A Turtle or
        N-Triples file is loaded as :meth:`Store.load_file` does (its triples replace
        the named graph ``graph``, the file's URI if not given).
        """
        self._check_writable()
        import pyoxigraph as ox

        from graph.store.base import load_format
        from graph.store.derived import DERIVED_GRAPH

        name, graph_name = load_format(format, path, graph)
        if graph_name is not None:
            return super().load_file(path, format=format, graph=graph)
        fmt = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[name]
        derived = self.terms.to_ox(DERIVED_GRAPH)
        held = set(self._graph_names())
        if not held and not self.union_kept:  # old state: nothing; cut short, cleared whole
            self._begin_write(touches_facts=True)
            self._journal(cleared=True)
            try:
                self.ox_store.bulk_load(path=str(path), format=fmt)
            except (SyntaxError, OSError) as exc:
                self.ox_store.update("CLEAR SILENT ALL")
                self._end_journal()
                raise StoreError(f"{path}: {exc}") from None
            self._check_overlap()
            self._finish_write()
            return
        default = ox.DefaultGraph()
        adding: dict = {}
        try:
            for q in ox.parse(path=str(path), format=fmt):
                if q.graph_name != derived:  # a derived graph describes the file alone
                    adding.setdefault(q.graph_name, set()).add((q.subject, q.predicate,
                                                                q.object))
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"{path}: {exc}") from None
        if any(g in held or g == default for g in adding):
            self._write({}, add=adding)
        else:
            self._write({g: triples for g, triples in adding.items()})

    def add_new_graphs(self, data: bytes, names: list[str]) -> None:
        """Add the named graphs ``names``, which the store does not hold, from N-Quads text
        that states nothing else: all of them or, if Oxigraph refuses the text, none.

        In memory this is one native load (a transaction) and, when the store keeps
        the union, one native update that adds the new graphs' triples to it; the
        derived graph, if any, is dropped first. A store on disk loads the text as
        :meth:`load_file` does (under its journal). Safe to call from a thread other
        than the one reading the store, one writer at a time.

        Raises
        ------
        StoreError
            The text does not parse, or names a graph the store holds already.
        """
        self._check_writable()
        import pyoxigraph as ox

        from graph.store.derived import DERIVED_GRAPH

        graphs = [self._ox_name(n) for n in names]
        held = [g for g in graphs if self.ox_store.contains_named_graph(g)]
        if held:
            raise StoreError(f"cannot add the graph {held[0].value}: the store holds it already")
        if self.path is not None:
            import tempfile
            from pathlib import Path

            with tempfile.TemporaryDirectory(prefix="inspection-graph-load-") as folder:
                path = Path(folder) / "graphs.nq"
                path.write_bytes(data)
                self.load_file(path, "nquads")
            return
        if self.has_graph(DERIVED_GRAPH):
            self._drop_derived(DERIVED_GRAPH)
        self._begin_write(touches_facts=True)
        try:
            self.ox_store.load(data, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot store the triples in Oxigraph: "
                             f"{str(exc).splitlines()[0]}; nothing was written") from None
        if self.union_kept:
            values = " ".join(str(g) for g in graphs)
            self.ox_store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} "
                                 f"GRAPH ?g {{ ?s ?p ?o }} }}")
        else:
            self._check_overlap()
        self._finish_write()

    # -- the write path: a transaction, or a bulk load under a journal -----------------------
    def _ox_name(self, name):
        try:
            return self.terms.to_ox(as_uri(name))
        except ValueError as exc:
            raise StoreError(f"cannot name a graph {name}: {exc}") from None

    def _ox_triples(self, triples: Iterable[tuple]) -> set:
        cached, to_ox = self.terms.to_ox_cache.get, self.terms.to_ox  # cached: no call per term
        try:
            return {(cached(s) or to_ox(s), cached(p) or to_ox(p), cached(o) or to_ox(o))
                    for s, p, o in triples}
        except ValueError as exc:  # a term Oxigraph refuses (an IRI with spaces, quotes ...)
            raise StoreError(f"cannot store a term in Oxigraph: {exc}; nothing was written"
                             ) from None

    def _write(self, replace: dict, *, add: dict | None = None) -> None:
        """Make each graph of ``replace`` exactly its set of triples and add each set of
        ``add`` to its graph (Oxigraph terms, or rdflib terms in a :class:`_Terms`),
        dropping the derived graph if other graphs change, keeping the union: in one
        transaction, or by a journaled bulk load when every graph written is new to the
        store."""
        from graph.store.derived import DERIVED_GRAPH

        add = add or {}
        self.settle()  # a copy fill_from started comes first
        held = set(self._graph_names())
        bulk = not add and any(replace.values()) and not any(g in held for g in replace)
        # every graph made ready before anything is written: a term Oxigraph refuses
        # fails here, with the store as it was
        replace = {g: self._ready(g, t, bulk) for g, t in replace.items()}
        derived = self.terms.to_ox(DERIVED_GRAPH)
        facts = any(g != derived for g in (*replace, *add))
        self._begin_write(touches_facts=facts)
        drop_derived = (facts and derived not in replace and derived not in add
                        and self.has_graph(DERIVED_GRAPH))
        filled = {g: t for g, t in replace.items() if t}
        if bulk:
            # on disk, first and alone: old graphs without derived facts are consistent
            # if the load is cut short; in memory, after the load (one transaction)
            if drop_derived and self.path is not None:
                self._transaction({derived: set()}, {}, held)
            self._bulk_new(filled)
            if drop_derived and self.path is None:
                self._transaction({derived: set()}, {}, held)
        else:
            self._transaction({**replace, derived: set()} if drop_derived else replace, add,
                              held)
        self._check_overlap()
        self._finish_write()

    def _ready(self, name, triples, bulk: bool):
        """``triples`` as the write needs them: Oxigraph terms, or (into a new graph by the
        bulk path, no blank node among them) N-Quads text, checked."""
        if not isinstance(triples, _Terms):
            return triples
        if bulk:
            text = _NQuads.of(triples, name.value, self.union_kept)
            if text is not None:
                if self.path is not None:  # the bulk loader is no transaction: parsed first
                    self._check_text(text)
                return text
        return self._ox_triples(triples)

    def _check_text(self, text: _NQuads) -> None:
        """Raise StoreError, naming the term, if Oxigraph refuses ``text``."""
        import pyoxigraph as ox

        try:
            ox.Store().load(text.data, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError) as exc:
            self._refused([text], exc)

    def _refused(self, texts: list[_NQuads], exc: Exception):
        """Raise StoreError for texts Oxigraph refused: naming the term where one is."""
        for text in texts:
            self._ox_triples(text.terms)  # raises, naming the term
        raise StoreError(f"cannot store the triples in Oxigraph: "
                         f"{str(exc).splitlines()[0]}; nothing was written") from None

    def _bulk_new(self, graphs: dict) -> None:
        """Bulk-load graphs the store does not hold (Oxigraph terms, or N-Quads text), under
        a journal that names them."""
        import pyoxigraph as ox

        self._journal(created=[g.value for g in graphs])
        texts = [t for t in graphs.values() if isinstance(t, _NQuads)]
        if texts:  # one native parse of all of them
            data = b"".join(t.data for t in texts)
            try:
                if self.path is None:  # in memory: one transaction
                    self.ox_store.load(data, format=ox.RdfFormat.N_QUADS)
                else:
                    self.ox_store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            except (SyntaxError, ValueError) as exc:  # in memory: nothing was written
                if self.path is not None:  # checked first: not expected, undone all the same
                    self._recover()
                    self._journal_entry = None
                self._refused(texts, exc)
        graphs = {g: t for g, t in graphs.items() if not isinstance(t, _NQuads)}
        if not graphs:
            return
        quads = (ox.Quad(s, p, o, g) for g, triples in graphs.items() for s, p, o in triples)
        if self.union_kept:
            default = ox.DefaultGraph()
            quads = chain(quads, (ox.Quad(s, p, o, default) for triples in graphs.values()
                                  for s, p, o in triples))
        if self.path is None:  # in memory, one transaction is faster than the bulk loader
            self.ox_store.extend(quads)
        else:
            self.ox_store.bulk_extend(quads)

    def _transaction(self, replace: dict, add: dict, held: set) -> None:
        """One SPARQL update: each replaced graph loses the triples it no longer has and
        gains the new ones (a graph with blank nodes is written whole), added triples
        are inserted, and the union in the default graph follows."""
        import pyoxigraph as ox

        default = ox.DefaultGraph()
        drops, deletes, inserts = [], {}, {}
        rewritten_blank = False
        for g, new in replace.items():
            old = {(q.subject, q.predicate, q.object)
                   for q in self.ox_store.quads_for_pattern(None, None, None, g)} \
                if g in held else set()
            if _has_blank(old) or _has_blank(new):
                if old:
                    drops.append(g)
                    rewritten_blank = rewritten_blank or _has_blank(old)
                    deletes[g] = {t for t in old if not _has_blank([t])}
                inserts[g] = new
            else:
                deletes[g], inserts[g] = old - new, new - old
        for g, new in add.items():
            inserts.setdefault(g, set()).update(new)
        if self.union_kept:
            gone = set().union(*deletes.values()) if deletes else set()
            stays = set().union(*replace.values(), *add.values()) if replace or add else set()
            inserts[default] = set().union(*(t for g, t in inserts.items() if g != default))
            deletes[default] = {t for t in gone - stays
                                if not any(q.graph_name != default and q.graph_name not in replace
                                           for q in self.ox_store.quads_for_pattern(*t, None))}
        ops = [f"DROP SILENT GRAPH {g}" for g in drops]
        for verb, quads in (("DELETE DATA", deletes), ("INSERT DATA", inserts)):
            body = "\n".join(_quad_block(g, t) for g, t in quads.items() if t)
            if body:
                ops.append(f"{verb} {{\n{body}\n}}")
        if rewritten_blank and self.union_kept:
            ops.append("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) "
                       "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
        if not ops:
            return
        try:
            self.ox_store.update(" ;\n".join(ops))
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"cannot write to the Oxigraph store: "
                             f"{str(exc).splitlines()[0]}; nothing was written") from None

    # -- the state a write leaves in the store's folder --------------------------------------
    def _begin_write(self, *, touches_facts: bool) -> None:
        """Before a write: drop the text index; if facts change, note on disk that the
        derived facts are to be made again (by the next writable open, if not by now)."""
        from graph.store.textindex import drop_text_index

        self.settle()  # a copy fill_from started comes first
        drop_text_index(self)
        self.mirror = self._named_only = None  # both describe the store before this write
        self._ordered = {}
        if touches_facts and self.path is not None:
            _write_durably(self._state_file(DERIVE_PENDING), "")

    def _finish_write(self) -> None:
        from graph.store.derived import DERIVED_GRAPH

        self.ox_store.flush()
        self._end_journal()
        if self.path is not None and self.has_graph(DERIVED_GRAPH):
            self._state_file(DERIVE_PENDING).unlink(missing_ok=True)

    def _state_file(self, name: str):
        from pathlib import Path

        return Path(self.path) / name

    def _journal(self, *, created: list | None = None, cleared: bool = False,
                 union_built: bool = False) -> None:
        """Note, before a bulk write (which is not a transaction), how to undo it."""
        import json

        if self.path is None:
            return
        entry = self._journal_entry or {"created": [], "cleared": False, "union_built": False,
                                        "union_kept": self.union_kept}
        entry["created"] += created or []
        entry["cleared"] = entry["cleared"] or cleared
        entry["union_built"] = entry["union_built"] or union_built
        self._journal_entry = entry
        _write_durably(self._state_file(JOURNAL), json.dumps(entry))

    def _end_journal(self) -> None:
        if self._journal_entry is not None:
            self.ox_store.flush()
            self._state_file(JOURNAL).unlink(missing_ok=True)
            self._journal_entry = None

    def _recover(self) -> None:
        """Undo a bulk write cut short (its journal is still there), when writable.

        A read-only open of such a store is refused: it would show half a write.
        """
        import json

        journal = self._state_file(JOURNAL)
        if not journal.exists():
            return
        if self.read_only:
            del self._ox
            raise StoreError(f"the Oxigraph store at {self.path} has a write in progress or "
                             "cut short: wait for it, or open it writable once (any write "
                             "command with --store) to undo an interrupted one")
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:  # written in place only once complete: never half a journal
            entry = {}
        if entry.get("cleared"):
            ops = ["CLEAR SILENT ALL"]
        else:
            ops = [f"DROP SILENT GRAPH <{g}>" for g in entry.get("created", [])]
            if entry.get("union_built"):
                ops.append("CLEAR SILENT DEFAULT")
            elif ops and entry.get("union_kept"):
                ops.append("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o "
                           "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
        if ops:
            self.ox_store.update(" ;\n".join(ops))
            from graph.store.textindex import index_path

            index_path(self).unlink(missing_ok=True)  # it indexed the texts undone
        self.ox_store.flush()
        journal.unlink()

    def _derive_if_pending(self) -> None:
        """Make the derived facts again if a write dropped them and was cut short before."""
        from graph.store.derived import DERIVED_GRAPH, derive

        marker = self._state_file(DERIVE_PENDING)
        if not marker.exists():
            return
        if self.has_graph(DERIVED_GRAPH) or not self._graph_names(limit=1):
            marker.unlink()
            return
        derive(self)  # its write takes the note away

    def fill_from(self, source: OxigraphStore) -> bool:
        """Copy every quad of ``source`` (an Oxigraph store in memory) into this store, if it
        is empty, in the background.

        One bulk load of Oxigraph's own quads, no term converted: the named graphs, the
        union ``source`` keeps in its default graph, and its text index (copied, not
        made again). The load runs on a thread (Oxigraph works without Python's lock):
        until this store's next write, its reads (queries, exports, projections) go to
        ``source``'s quads in memory, the same quads, while the disk is written.
        :meth:`settle` waits for the copy; every write and :meth:`close` wait for it
        first. ``source`` is handed over: read-only from then on.

        Parameters
        ----------
        source : OxigraphStore

        Returns
        -------
        bool
            False, with nothing written, when this store holds anything already (or
            ``source`` is not an Oxigraph store in memory): then write it by
            :meth:`replace_graphs`.
        """
        import threading

        if not isinstance(source, OxigraphStore) or source.path is not None \
                or self.read_only or self.union_kept or self._graph_names(limit=1):
            return False
        from graph.store.derived import DERIVED_GRAPH

        self._begin_write(touches_facts=True)
        self._journal(cleared=True)  # cut short: the next writable open clears it whole
        source.settle()
        source.read_only = True
        self.union_kept = source.union_kept
        derived = source.has_graph(DERIVED_GRAPH)
        if source.text_index is not None:
            self._copy_text_index(source.text_index)
        self.mirror = source.ox_store
        if self._has_blank_nodes():  # a parser names blank nodes anew: their quads copied
            self._fill(False, derived)
            self._report_fill()
            return True
        self._filling = threading.Thread(target=self._fill, args=(True, derived),
                                         name="oxigraph-fill")
        self._filling.start()
        return True

    def _fill(self, native: bool, derived: bool) -> None:
        """fill_from's load (``native``: the mirror dumped as N-Quads and parsed, both off
        Python's lock; else the mirror's quads copied), then what a write leaves when it
        is complete."""
        import pyoxigraph as ox

        try:
            if not native:
                self._ox.bulk_extend(self.mirror.quads_for_pattern(None, None, None, None))
            else:
                data = self.mirror.dump(format=ox.RdfFormat.N_QUADS)
                self._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            self._ox.flush()
        except BaseException as exc:  # noqa: BLE001 - reported by settle()
            self._fill_error = exc
            try:
                self._ox.update("CLEAR SILENT ALL")
                self._ox.flush()
            except (OSError, ValueError):
                return  # the journal stays: the next writable open clears the store
        if self.path is not None:
            self._state_file(JOURNAL).unlink(missing_ok=True)
            if derived and self._fill_error is None:
                self._state_file(DERIVE_PENDING).unlink(missing_ok=True)
        self._journal_entry = None

    def _copy_text_index(self, index) -> None:
        """Take ``index`` (the same texts as this store's) as this store's text index."""
        import os
        import sqlite3

        from graph.store.textindex import TextIndex, index_path

        path = index_path(self)
        if path is None:
            con = sqlite3.connect(":memory:", check_same_thread=False)
            index.connection.backup(con)
            self.text_index = TextIndex(con)
            return
        tmp = path.with_name(path.name + ".tmp")
        tmp.unlink(missing_ok=True)
        con = sqlite3.connect(str(tmp))
        try:
            index.connection.backup(con)
        finally:
            con.close()
        os.replace(tmp, path)
        self.text_index = TextIndex.open(path)

    def _reader(self):
        """The pyoxigraph store to read whole graphs from: the in-memory copy, if any."""
        return self.mirror if self.mirror is not None else self.ox_store

    def _named_graphs_only(self):
        """A pyoxigraph store with the named graphs alone (no union copy), made once per
        state of the store, with no quad handled in Python; in memory, the quads in order
        (see :meth:`_in_order`)."""
        import pyoxigraph as ox

        if self._in_memory():
            return self._in_order(union=False)
        if not self.union_kept:
            return self.ox_store
        if self._named_only is None:
            reader = self.ox_store
            named = ox.Store()
            named.bulk_extend(chain.from_iterable(
                reader.quads_for_pattern(None, None, None, g)
                for g in list(reader.named_graphs())))
            self._named_only = named
        return self._named_only

    def _in_memory(self) -> bool:
        return self.mirror is not None or self.path is None

    def _has_blank_nodes(self) -> bool:
        """Whether any quad has a blank node (asked once per state of the store)."""
        cache = self._ordered
        if "blank" not in cache:
            where = "{ ?s ?p ?o }" if self.union_kept else \
                "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
            cache["blank"] = bool(self._reader().query(
                f"ASK {{ {where} FILTER(isBlank(?s) || isBlank(?o)) }}"))
        return cache["blank"]

    def _union_lines(self) -> list[bytes]:
        """The distinct N-Triples lines of the union, sorted (as bytes: the order of their
        text); for a store without blank nodes, made once per state of the store."""
        import pyoxigraph as ox

        cache = self._ordered
        if "union lines" not in cache:
            reader, nt = self._reader(), ox.RdfFormat.N_TRIPLES
            data = reader.dump(format=nt, from_graph=ox.DefaultGraph()) if self.union_kept \
                else ox.serialize(reader.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                               use_default_graph_as_union=True), format=nt)
            lines = set(data.split(b"\n"))
            lines.discard(b"")
            cache["union lines"] = sorted(lines)
        return cache["union lines"]

    def _quad_lines(self) -> list[bytes]:
        """The distinct N-Quads lines of the named graphs, sorted (as bytes), for a store
        without blank nodes: each graph dumped natively as N-Triples, its name put at the
        end of each line (`` .\\n`` ends a line only: newlines in literals are escaped);
        made once per state of the store."""
        import pyoxigraph as ox

        cache = self._ordered
        if "quad lines" not in cache:
            reader, nt = self._reader(), ox.RdfFormat.N_TRIPLES
            lines = set()
            for g in reader.named_graphs():
                lines.update(reader.dump(format=nt, from_graph=g)
                             .replace(b" .\n", f" {g} .\n".encode()).split(b"\n"))
            lines.discard(b"")
            cache["quad lines"] = sorted(lines)
        return cache["quad lines"]

    def _quads_by_graph(self) -> bytes:
        """The named graphs' N-Quads, graph by graph in the order of their names, each
        graph's lines sorted (a store without blank nodes): the order TriG and JSON-LD are
        written in."""
        def graph_name(line: bytes) -> bytes:  # the last term, an IRI: no space or "<"
            return line[line.rindex(b" <") + 2:-3]

        return b"\n".join(sorted(self._quad_lines(), key=graph_name)) + b"\n"  # stable

    def _in_order(self, *, union: bool):
        """The quads of the named graphs (or the union's triples, in the default graph) of a
        store with blank nodes in a new store in memory, added in sorted order: a store
        in memory gives its quads back in the order they were added, and that order
        follows the hashing of terms, different in every process; this one gives every
        build the same bytes. (Without blank nodes, their sorted lines are parsed.)"""
        import pyoxigraph as ox

        cache = self._ordered
        if union in cache:
            return cache[union]
        reader = self._reader()
        default = ox.DefaultGraph()
        ordered = ox.Store()
        if union and self.union_kept:
            quads = list(reader.quads_for_pattern(None, None, None, default))
            quads.sort(key=str, reverse=True)  # handed back last first: written in order
        elif union:
            quads = [ox.Quad(q.subject, q.predicate, q.object) for q in
                     reader.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                  use_default_graph_as_union=True)]
            quads.sort(key=str, reverse=True)
        else:
            quads = list(chain.from_iterable(reader.quads_for_pattern(None, None, None, g)
                                             for g in list(reader.named_graphs())))
            quads.sort(key=lambda q: (q.graph_name.value, str(q)), reverse=True)
        ordered.extend(quads)
        cache[union] = ordered
        return ordered

    def serialize(self, format: str, *, union: bool = False) -> bytes:
        """The store written out by Oxigraph's own serializers (fast for large graphs).

        No quad passes through Python: the union is the default graph where the store
        keeps it (else a native ``CONSTRUCT`` over Oxigraph's union), and the named
        graphs are read without that union copy.

        Parameters
        ----------
        format : str
            ``turtle``, ``nt``, ``trig``, ``nquads`` or ``json-ld``.
        union : bool
            Write the union of the named graphs as triples (``turtle``, ``nt``);
            otherwise every named graph with its name (``trig``, ``nquads``, ``json-ld``).

        Turtle, TriG and JSON-LD come in the same order in every build; N-Triples and
        N-Quads in an order of lines to sort (:func:`graph.exports.sorted_nquads`).
        """
        import pyoxigraph as ox

        from graph.vocab import PREFIXES

        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                   "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                   "json-ld": ox.RdfFormat.JSON_LD}
        fmt = formats[format]
        prefixes = PREFIXES if format in ("turtle", "trig") else None
        if self._in_memory() and not self._has_blank_nodes():
            if format in ("nt", "nquads"):
                return self._lines(union=union)  # a line format: the lines sorted
            # the lines in order, parsed, handed to the serializer: no store in order made
            if union:
                ordered = ox.parse(self._lines(union=True), format=ox.RdfFormat.N_TRIPLES)
            else:  # parsed once for TriG and JSON-LD
                cache = self._ordered
                if "quads" not in cache:
                    cache["quads"] = list(ox.parse(self._quads_by_graph(),
                                                   format=ox.RdfFormat.N_QUADS))
                ordered = cache["quads"]
            return ox.serialize(ordered, format=fmt, prefixes=prefixes)
        if not union:
            return self._named_graphs_only().dump(format=fmt, prefixes=prefixes)
        if self._in_memory():
            return self._in_order(union=True).dump(format=fmt, from_graph=ox.DefaultGraph(),
                                                   prefixes=prefixes)
        reader = self._reader()
        if self.union_kept:
            return reader.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        union_triples = reader.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                     use_default_graph_as_union=True)
        return ox.serialize(union_triples, format=fmt, prefixes=prefixes)

    def _lines(self, *, union: bool) -> bytes:
        """N-Triples of the union or N-Quads of the named graphs, of a store without blank
        nodes, their lines sorted."""
        return b"\n".join(self._union_lines() if union else self._quad_lines()) + b"\n"

    def quads(self) -> Iterator[tuple]:
        """The quads of the named graphs (not the union kept in the default graph)."""
        import pyoxigraph as ox

        to_rdflib = self.terms.to_rdflib
        default = ox.DefaultGraph()
        for q in self._reader().quads_for_pattern(None, None, None, None):
            if q.graph_name != default:
                yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                       to_rdflib(q.graph_name))

    def quad_strings(self) -> Iterator[tuple[str, str, str, str, str]]:
        """The quads of the named graphs as strings, no rdflib terms made (fast projections):
        (subject, predicate, object, ``"iri"``/``"literal"``/``"blank"``, graph), in no fixed
        order."""
        import pyoxigraph as ox

        named, literal = ox.NamedNode, ox.Literal
        reader = self._reader()
        for g in list(reader.named_graphs()):  # in no fixed order: the union copy left out
            graph = g.value
            for q in reader.quads_for_pattern(None, None, None, g):
                o = q.object
                kind = "iri" if isinstance(o, named) else "literal" if isinstance(o, literal) \
                    else "blank"
                yield q.subject.value, q.predicate.value, o.value, kind, graph

    def graph_names(self) -> list:
        rows = self._reader().query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(self.terms.to_rdflib(r["g"]) for r in rows)

    def __len__(self) -> int:
        rows = self._reader().query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def close(self) -> None:
        if self.text_index is not None:
            self.text_index.close()
            self.text_index = None
        self.settle()
        if not self.read_only:
            self._ox.flush()
        self.mirror = self._named_only = None
        self._ordered = {}
        del self._ox
