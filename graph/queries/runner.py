"""Running named queries: a query of the library answered by a store, parameters bound.

Examples
--------
>>> import graph
>>> kg = graph.load(validate=False)
>>> str(run_named(kg, "latest-grades").rows[0][1])
'West Sussex County Council'
"""

from __future__ import annotations

from typing import Any

from graph.errors import QueryError
from graph.queries.library import NamedQuery, get_query
from graph.sparql.text import prefixed, user_lines

__all__ = ["run_named", "answer_named"]


def run_named(kg, name: str, **params: Any):
    """Run the named query ``name`` on an :class:`~graph.InspectionGraph` with ``params``."""
    query = get_query(name)
    return answer_named(kg.store, query, query.bindings(**params))


def answer_named(store, query: NamedQuery, bindings: dict[str, Any], *,
                 max_rows: int | None = None):
    """The answer of a named query on a store, its parameters bound (``query.bindings``);
    with ``max_rows``, at most ``max_rows + 1`` rows are read from the store.

    ``search`` is answered from the store's text index where it has one
    (:mod:`graph.textindex`: the same rows); a query reading derived facts derives them
    first if the store lacks them (:func:`graph.derive.require_derived`).
    """
    from graph.store.derived import require_derived, text_index
    from graph.store.textindex import SEARCH_QUERY

    if query.name == SEARCH_QUERY:
        index = text_index(store)
        if index is not None:
            return index.search(str(bindings["text"]))
    require_derived(store, query.sparql, query.name)
    try:
        if max_rows is None:
            return store.query(prefixed(query.sparql), bindings=bindings)
        return store.query(prefixed(query.sparql), bindings=bindings, max_rows=max_rows)
    except QueryError as exc:
        raise type(exc)(f"{query.name}: {user_lines(exc)}") from None
