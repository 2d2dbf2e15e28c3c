"""The memory store: an rdflib Dataset in memory, for the curated records and small graphs.

Examples
--------
>>> store = MemoryStore()
>>> store.query("ASK { ?s ?p ?o }").boolean
False
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graph.errors import QueryError, StoreError
from graph.sparql.results import QueryResult
from graph.store.base import Store

__all__ = ["MemoryStore"]


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

        from graph import vocab

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

        self.replace_graphs({URIRef(str(name)): triples})

    def replace_graphs(self, graphs: Mapping[Any, Iterable[tuple]]) -> None:
        """Replace several named graphs: every triple is read before the first graph changes,
        so an error while reading them changes nothing."""
        from rdflib import URIRef

        ready = {URIRef(str(name)): list(triples) for name, triples in graphs.items()}
        for name in ready:
            self._forget_derived(name)
        for name, triples in ready.items():
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

    def load_file(self, path, format: str = "nquads", *, graph=None) -> None:
        """Load an RDF file (see :meth:`Store.load_file`); N-Quads or TriG into an empty store
        are parsed straight into its Dataset (no copy), else as :meth:`Store.load_file`
        (graphs of the same name replaced)."""
        from graph.store.base import load_format

        fmt, name = load_format(format, path, graph)
        if len(self.dataset) or name is not None:
            return super().load_file(path, format=format, graph=graph)
        try:
            self.dataset.parse(str(path), format=fmt)
        except Exception as exc:  # rdflib's parsers raise many kinds
            from rdflib import Dataset

            self.dataset = Dataset(default_union=True)  # never half-loaded
            from graph import vocab

            vocab.bind_prefixes(self.dataset)
            raise StoreError(f"{path}: cannot read {fmt}: {exc}") from None
