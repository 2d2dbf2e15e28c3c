"""Stores: where the graph lives, behind one small interface.

:class:`MemoryStore` keeps an rdflib Dataset in memory; it suits the curated
records. Every store answers SPARQL with a :class:`~graph.results.QueryResult`
whose default graph is the union of the named graphs.

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

from .errors import QueryError
from .results import QueryResult

__all__ = ["Store", "MemoryStore", "open_store"]


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

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        from pyparsing import ParseException
        from rdflib import Variable

        init = {Variable(k): v for k, v in (bindings or {}).items()}
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

    def __len__(self) -> int:
        return len(self.dataset)


def open_store(spec: str | None = None) -> Store:
    """Open a store from a spec: ``None`` or ``"memory"`` for a new memory store."""
    if spec in (None, "memory"):
        return MemoryStore()
    from .errors import StoreError

    raise StoreError(f"unknown store {spec!r} (expected 'memory')")
