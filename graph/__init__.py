"""inspection-graph: a knowledge graph of inspections of English councils' children's services.

>>> import graph
>>> kg = graph.load()                      # the bundled West Sussex records
>>> kg.entity("John Readman").label
'John Readman'

Heavy modules (rdflib, networkx, pyvis) are imported when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["load", "InspectionGraph", "Entity", "Fact", "QueryResult", "InspectionGraphError",
           "__version__"]

if TYPE_CHECKING:
    from .errors import InspectionGraphError
    from .inspection_graph import Entity, Fact, InspectionGraph, load
    from .results import QueryResult

_LAZY = {
    "load": "inspection_graph", "InspectionGraph": "inspection_graph",
    "Entity": "inspection_graph", "Fact": "inspection_graph", "QueryResult": "results",
    "InspectionGraphError": "errors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
