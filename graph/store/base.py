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

__all__ = ["Store", "as_uri"]


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
        return as_uri(name) in set(self.graph_names())

    def _forget_derived(self, name=None) -> None:
        """Drop the derived graph (:mod:`graph.derive`) before a write to another graph."""
        from graph.store.derived import DERIVED_GRAPH

        if (name is None or as_uri(name) != DERIVED_GRAPH) and self.has_graph(DERIVED_GRAPH):
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


def as_uri(name):
    from rdflib import URIRef

    return name if isinstance(name, URIRef) else URIRef(str(name))
