"""The read-only SPARQL endpoint and its query page.

Examples
--------
>>> from graph.server import Limits
>>> Limits().rows > 0
True
"""

from graph._lazy import lazy_exports

__all__ = ["Limits", "Response", "Endpoint", "make_server", "serve", "page_html"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "Limits": "endpoint",
    "Response": "endpoint",
    "Endpoint": "endpoint",
    "make_server": "endpoint",
    "serve": "endpoint",
    "page_html": "page",
})
