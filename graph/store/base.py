"""The store interface: what every store offers (SPARQL, whole-graph replacement, quads).

Three stores implement it: :class:`~graph.store.memory.MemoryStore` (an rdflib
Dataset in memory, for the curated records), :class:`~graph.store.oxigraph.OxigraphStore`
(pyoxigraph, in memory or on disk, for the national graph and more) and
:class:`~graph.store.remote.RemoteStore` (any SPARQL 1.1 endpoint). Every store
answers SPARQL with a :class:`~graph.sparql.results.QueryResult` whose default graph is
the union of the named graphs.

Examples
--------
>>> from graph.store.memory import MemoryStore
>>> isinstance(MemoryStore(), Store)
True
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graph.errors import StoreError
from graph.sparql.results import QueryResult

__all__ = ["Store", "as_uri", "LOAD_FORMATS", "load_format"]


class Store(ABC):
    """What every store offers: SPARQL, whole-graph replacement and quad access."""

    @abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the named graphs (with ``max_rows``, read
        at most ``max_rows + 1`` rows or triples: enough to tell the answer is larger)."""

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
        return as_uri(name) in set(self.graph_names())

    def _forget_derived(self, name=None) -> None:
        """Drop the derived graph (:mod:`graph.derive`) before a write to another graph."""
        from graph.store.derived import DERIVED_GRAPH

        if (name is None or as_uri(name) != DERIVED_GRAPH) and self.has_graph(DERIVED_GRAPH):
            self._drop_derived(DERIVED_GRAPH)

    def _drop_derived(self, name) -> None:
        self.replace_graph(name, [])

    def load_file(self, path, format: str = "nquads", *, graph=None) -> None:
        """Load an RDF file, adding its named graphs to the store.

        ``format`` is one of :data:`LOAD_FORMATS` (``nquads``, ``trig``, ``turtle``,
        ``ntriples`` and their usual other names). N-Quads and TriG name their own
        graphs; the triples of a Turtle or N-Triples file go into the named graph
        ``graph`` (the file's URI if not given), which they replace.

        Raises
        ------
        StoreError
            An unknown format (the accepted ones listed), or a file that cannot be read.
        """
        from rdflib import Dataset

        fmt, name = load_format(format, path, graph)
        ds = Dataset()
        try:
            if name is None:
                ds.parse(str(path), format=fmt)
            else:
                ds.graph(name).parse(str(path), format=fmt)
        except Exception as exc:  # rdflib's parsers raise many kinds
            raise StoreError(f"{path}: cannot read {fmt}: {exc}") from None
        self.add_dataset(ds)
        self._forget_derived()  # a derived graph in the file describes the file alone

    def replace_graphs(self, graphs: Mapping[Any, Iterable[tuple]]) -> None:
        """Replace several named graphs (name -> triples); the stores write them all or none.

        This default reads every graph's triples first (an error there writes nothing),
        then replaces the graphs one by one.
        """
        ready = {as_uri(name): list(triples) for name, triples in graphs.items()}
        for name, triples in ready.items():
            self.replace_graph(name, triples)

    def add_dataset(self, dataset) -> None:
        """Load every named graph of an rdflib Dataset, replacing graphs of the same name
        (all or none: :meth:`replace_graphs`)."""
        self.replace_graphs({g.identifier: g for g in dataset.graphs() if len(g)})

    def to_dataset(self):
        """The store's content as an rdflib Dataset (copied for stores not in memory)."""
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        for s, p, o, g in self.quads():
            ds.graph(g).add((s, p, o))
        return ds

    def settle(self) -> None:  # noqa: B027 - most stores write nothing in the background
        """Wait for writes still under way in the background (none in most stores); raise
        :class:`~graph.errors.StoreError` if one failed."""

    def close(self) -> None:  # noqa: B027 - stores without resources need not override it
        """Release the store's resources."""


#: The formats :meth:`Store.load_file` reads: every accepted name -> rdflib's name of it.
LOAD_FORMATS: dict[str, str] = {
    "nquads": "nquads", "n-quads": "nquads", "nq": "nquads",
    "trig": "trig",
    "turtle": "turtle", "ttl": "turtle",
    "ntriples": "nt", "n-triples": "nt", "nt": "nt",
}
QUAD_FORMATS = ("nquads", "trig")


def load_format(format: str, path=None, graph=None) -> tuple[str, Any]:
    """The format :meth:`Store.load_file` reads (rdflib's name) and the graph triples go to.

    The graph is None for N-Quads and TriG (their files name their graphs); for
    Turtle and N-Triples it is ``graph``, else the URI of the file at ``path``.

    >>> load_format("TriG")
    ('trig', None)
    >>> load_format("ttl", graph="https://example.org/g")[1]
    rdflib.term.URIRef('https://example.org/g')
    >>> load_format("rdfxml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.StoreError: unknown RDF format 'rdfxml': load_file reads nquads, trig, ...
    """
    from pathlib import Path

    fmt = LOAD_FORMATS.get(format.strip().lower()) if isinstance(format, str) else None
    if fmt is None:
        raise StoreError(f"unknown RDF format {format!r}: load_file reads nquads, trig, "
                         "turtle or ntriples")
    if fmt in QUAD_FORMATS:
        if graph is not None:
            raise StoreError(f"a {fmt} file names its own graphs: give graph= for turtle or "
                             "ntriples only")
        return fmt, None
    if graph is None:
        if path is None:
            raise StoreError(f"name the graph to load {fmt} into (graph=)")
        graph = Path(path).resolve().as_uri()
    return fmt, as_uri(graph)


def as_uri(name):
    from rdflib import URIRef

    return name if isinstance(name, URIRef) else URIRef(str(name))
