"""Views: the interactive HTML pages (graph views, index, ontology) and their layouts.

Examples
--------
>>> from graph.views import write_all
>>> callable(write_all)
True
"""

from graph._lazy import lazy_exports

__all__ = ["write_all", "Page", "national_graph", "ego_nodes", "page_name", "type_words",
           "evidence_passages", "script_json", "TYPE_STYLES", "EGO_TYPES", "EGO_LIMIT",
           "HUB_DEGREE", "OVERVIEW_LIMIT", "spring_positions", "radial_positions",
           "layered_positions", "grid_positions", "node_facts", "edge_phrase",
           "ATTRIBUTE_NAMES", "LINK_PHRASES", "ontology_terms"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "write_all": "pages",
    "Page": "pages",
    "national_graph": "pages",
    "ego_nodes": "pages",
    "page_name": "pages",
    "type_words": "pages",
    "evidence_passages": "pages",
    "script_json": "pages",
    "TYPE_STYLES": "pages",
    "EGO_TYPES": "pages",
    "EGO_LIMIT": "pages",
    "HUB_DEGREE": "pages",
    "OVERVIEW_LIMIT": "pages",
    "spring_positions": "layouts",
    "radial_positions": "layouts",
    "layered_positions": "layouts",
    "grid_positions": "layouts",
    "node_facts": "wording",
    "edge_phrase": "wording",
    "ATTRIBUTE_NAMES": "wording",
    "LINK_PHRASES": "wording",
    "ontology_terms": "ontology_page",
})
