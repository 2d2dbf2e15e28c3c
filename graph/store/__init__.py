"""Stores: where the graph lives, behind one interface.

One module per store (:mod:`~graph.store.memory`, :mod:`~graph.store.oxigraph`,
:mod:`~graph.store.remote`) behind :class:`~graph.store.base.Store`; choosing and
opening one (:mod:`~graph.store.choice`); the facts derived from what a store holds
(:mod:`~graph.store.derived`) and its text index (:mod:`~graph.store.textindex`).

Examples
--------
>>> from graph.store import open_store
>>> type(open_store("memory")).__name__
'MemoryStore'
"""

from graph._lazy import lazy_exports

__all__ = ["Store", "as_uri", "MemoryStore", "OxigraphStore", "RemoteStore", "THRESHOLD",
           "TRIPLES_PER_BYTE", "StoreChoice", "choose_store", "estimate_triples",
           "open_store", "DERIVED_GRAPH", "DERIVED_TERMS", "derive", "derived_triples",
           "ensure_derived", "has_derived", "reads_derived", "require_derived",
           "text_index", "INDEX_FILE", "SEARCH_QUERY", "TextIndex", "TextStage", "build_text_index",
           "drop_text_index", "index_rows", "indexes_texts", "index_path"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "Store": "base",
    "as_uri": "base",
    "MemoryStore": "memory",
    "OxigraphStore": "oxigraph",
    "RemoteStore": "remote",
    "THRESHOLD": "choice",
    "TRIPLES_PER_BYTE": "choice",
    "StoreChoice": "choice",
    "choose_store": "choice",
    "estimate_triples": "choice",
    "open_store": "choice",
    "DERIVED_GRAPH": "derived",
    "DERIVED_TERMS": "derived",
    "derive": "derived",
    "derived_triples": "derived",
    "ensure_derived": "derived",
    "has_derived": "derived",
    "reads_derived": "derived",
    "require_derived": "derived",
    "text_index": "derived",
    "INDEX_FILE": "textindex",
    "SEARCH_QUERY": "textindex",
    "TextIndex": "textindex",
    "TextStage": "textindex",
    "build_text_index": "textindex",
    "drop_text_index": "textindex",
    "index_rows": "textindex",
    "indexes_texts": "textindex",
    "index_path": "textindex",
})
