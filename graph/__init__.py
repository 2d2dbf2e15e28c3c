"""inspection-graph: a knowledge graph of inspections of English councils' children's services.

>>> import graph
>>> kg = graph.load()                      # the bundled West Sussex records
>>> kg.entity("John Readman").label
'John Readman'

Heavy modules (rdflib, networkx, pyvis) are imported when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph._aliases import install as _install_aliases
from graph._lazy import lazy_exports

__version__ = "0.1.0"
__all__ = ["load", "InspectionGraph", "Entity", "Fact", "QueryResult", "InspectionGraphError",
           "build_national", "NationalBuild", "__version__"]

if TYPE_CHECKING:
    from graph.errors import InspectionGraphError
    from graph.inspection_graph import (
        Entity,
        Fact,
        InspectionGraph,
        NationalBuild,
        build_national,
        load,
    )
    from graph.sparql.results import QueryResult

_install_aliases()

__getattr__, __dir__ = lazy_exports(__name__, {
    "load": "inspection_graph", "InspectionGraph": "inspection_graph",
    "Entity": "inspection_graph", "Fact": "inspection_graph",
    "build_national": "inspection_graph", "NationalBuild": "inspection_graph",
    "QueryResult": "graph.sparql.results", "InspectionGraphError": "errors",
})
