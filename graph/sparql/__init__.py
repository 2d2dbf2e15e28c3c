"""SPARQL as text and as answers: prefixes, terms, parameters, and query results.

Examples
--------
>>> from graph.sparql import prefixed
>>> prefixed("ASK { ?s a ig:Council }").startswith("PREFIX")
True
"""

from graph._lazy import lazy_exports

__all__ = ["Token", "tokens", "query_form", "dataset_clauses", "service_calls", "substitute",
           "sparql_term", "projection", "nt_term", "UPDATE_KEYWORDS", "prefixed",
           "user_lines", "to_term", "QueryResult", "term_to_python", "term_to_json"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "Token": "text",
    "tokens": "text",
    "query_form": "text",
    "dataset_clauses": "text",
    "service_calls": "text",
    "substitute": "text",
    "sparql_term": "text",
    "projection": "text",
    "nt_term": "text",
    "UPDATE_KEYWORDS": "text",
    "prefixed": "text",
    "user_lines": "text",
    "to_term": "text",
    "QueryResult": "results",
    "term_to_python": "results",
    "term_to_json": "results",
})
