"""The memory store: an rdflib Dataset in memory, for the curated records and small graphs.

Examples
--------
>>> store = MemoryStore()
>>> store.query("ASK { ?s ?p ?o }").boolean
False
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graph.errors import QueryError, QueryRefused, StoreError
from graph.sparql.results import QueryResult
from graph.store.base import Store

__all__ = ["MemoryStore"]


def _unlock(ref) -> None:
    import threading

    store = ref()
    if store is not None:
        store._lock = threading.RLock()


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
        if hasattr(os, "register_at_fork"):  # a forked query worker starts unlocked
            import weakref

            ref = weakref.ref(self)
            os.register_at_fork(after_in_child=lambda: _unlock(ref))

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a query, judged first by rdflib's parser (:func:`graph.sparql.guard.judge`):
        updates and SERVICE are refused, ``FROM`` names graphs of the dataset only.
        With ``max_rows``, at most ``max_rows + 1`` rows (or triples) are read."""
        from rdflib import Variable

        init = {Variable(k): v for k, v in (bindings or {}).items()}
        with self._lock:
            return self._query(sparql, init, max_rows)

    def _query(self, sparql: str, init: dict, max_rows: int | None) -> QueryResult:
        from itertools import islice

        from graph.sparql.guard import judge, rdflib_offline

        rdflib_offline()
        judgement = judge(sparql)
        if judgement.form == "UPDATE":
            raise QueryRefused("this store answers queries: SPARQL Update (INSERT, DELETE, "
                               "LOAD, CLEAR, DROP ...) is refused")
        if judgement.service:
            raise QueryRefused("SERVICE is refused: queries make no requests to other hosts")
        cap = None if max_rows is None else max_rows + 1
        try:
            result = self.dataset.query(judgement.prepared, initBindings=init)
            if result.type == "ASK":
                return QueryResult([], boolean=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                if cap is not None and len(result.graph) > cap:
                    from rdflib import Graph

                    g = Graph()
                    for triple in islice(result.graph, cap):
                        g.add(triple)
                    return QueryResult([], graph=g)
                return QueryResult([], graph=result.graph)
            names = [str(v) for v in result.vars]
            return QueryResult(names, [tuple(row) for row in islice(result, cap)])
        except QueryError:
            raise
        except Exception as exc:  # rdflib raises many kinds for bad queries
            raise QueryError(f"SPARQL query failed: {exc}") from None

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

    def oxigraph_copy(self):
        """The same named graphs in a new Oxigraph store in memory, for reading fast: its
        SPARQL and serialisers are native (``build`` writes the exports and views from it).

        >>> import graph
        >>> kg = graph.load(validate=False)
        >>> len(kg.store.oxigraph_copy()) == len(kg.store)
        True
        """
        from graph.store.oxigraph import OxigraphStore

        copy = OxigraphStore()
        copy.add_dataset(self.dataset)
        return copy

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
