"""SPARQL helpers: the project's prefixes, parameter values, and named queries.

Named queries are ``.rq`` files in this folder (see ``docs/queries.md``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["prefixed", "to_term"]

_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w-]*)?:", re.IGNORECASE | re.MULTILINE)


def prefixed(sparql: str) -> str:
    """``sparql`` with the project's prefixes declared (those it does not declare itself).

    >>> prefixed("SELECT * WHERE { ?s a ig:Council }").count("PREFIX")
    28
    """
    from ..vocab import PREFIXES

    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return head + sparql


def to_term(value: Any):
    """An RDF term for a Python value: IRIs for ``http(s)://`` and compact names.

    >>> to_term("igid:council/E10000032")
    rdflib.term.URIRef('https://w3id.org/inspection-graph/id/council/E10000032')
    >>> to_term(3)
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    from rdflib import Literal, URIRef
    from rdflib.term import Node

    from ..vocab import PREFIXES

    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        if re.match(r"^https?://\S+$", value):
            return URIRef(value)
        prefix, sep, local = value.partition(":")
        if sep and prefix in PREFIXES and " " not in value:
            return URIRef(PREFIXES[prefix] + local)
    return Literal(value)
