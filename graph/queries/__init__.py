"""Named queries: the library of ``.rq`` files and running them on a store.

:mod:`~graph.queries.library` reads the files and their headers (no RDF library
needed); :mod:`~graph.queries.runner` answers them on a store.

Examples
--------
>>> from graph.queries import get_query
>>> get_query("inspection-history").title
"A council's inspection history"
"""

from graph._lazy import lazy_exports

__all__ = ["NamedQuery", "QueryParam", "list_queries", "get_query", "parse_header", "QUERY_DIR",
           "run_named", "answer_named", "prefixed", "to_term", "user_lines"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "NamedQuery": "library",
    "QueryParam": "library",
    "list_queries": "library",
    "get_query": "library",
    "parse_header": "library",
    "QUERY_DIR": "library",
    "run_named": "runner",
    "answer_named": "runner",
    "prefixed": "graph.sparql.text",
    "to_term": "graph.sparql.text",
    "user_lines": "graph.sparql.text",
})
