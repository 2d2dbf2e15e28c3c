"""Projections of the RDF graph onto NetworkX graphs.

Node ids are IRIs (strings), never counters; literals become node attributes,
never nodes. Every node has ``type`` and ``label``; every edge has
``predicate`` (a compact IRI such as ``ig:subject``) and ``graph`` (the named
graph, i.e. the source, that states it).

Examples
--------
>>> import graph
>>> g = entity_graph(graph.load().store)
>>> g.nodes["https://w3id.org/inspection-graph/id/council/E10000032"]["type"]
'Council'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

__all__ = ["TYPE_PRIORITY", "entity_graph", "primary_type"]

# Most specific first: the first class of this list a node has is its ``type``.
TYPE_PRIORITY: tuple[str, ...] = (
    "Council", "Inspectorate", "GovernmentDepartment", "Publisher", "ChildrensServices",
    "ImprovementBoard", "SafeguardingChildrenBoard", "Board", "Panel", "Hub", "Person", "Post",
    "Tenure", "Inspection", "Judgement", "Finding", "Recommendation", "Statistic", "Event",
    "CausalLink", "ReaderComment", "InspectionReport", "NewsArticle", "Dataset",
    "SourceDocument", "EvidenceSpan",
)
_RANK = {name: i for i, name in enumerate(TYPE_PRIORITY)}
SKIP_TYPES = {"EvidenceSpan"}
SKIP_PREDICATES = {"ig:evidence", "ig:inSource"}


def primary_type(classes: Iterable[str]) -> str:
    """The most specific ``ig:`` class name of a node (``'Thing'`` if none)."""
    names = [c.rsplit("#", 1)[-1] for c in classes if c.startswith(_IG)]
    ranked = sorted((n for n in names if n in _RANK), key=_RANK.__getitem__)
    return ranked[0] if ranked else (names[0] if names else "Thing")


_IG = "https://w3id.org/inspection-graph/def#"


def entity_graph(store, *, include_sources: bool = True):
    """The entity graph: every thing of the data graphs, with literals as attributes.

    Concepts of the schemes (grades, themes, roles ...) are not nodes: a link to
    one becomes an attribute named for the predicate, holding the concept's
    label (several values are joined with ``"; "``). Evidence spans are left out.

    Parameters
    ----------
    store : graph.store.Store
        The store to project.
    include_sources : bool
        Keep source documents (articles, reports, comments) as nodes.

    Returns
    -------
    networkx.MultiDiGraph
    """
    import networkx as nx
    from rdflib import RDF, RDFS, Literal, URIRef
    from rdflib.namespace import SKOS

    from .vocab import ONTOLOGY_GRAPH, compact

    concept_labels: dict[str, str] = {}
    classes: dict[str, list[str]] = defaultdict(list)
    literals: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    links: list[tuple[str, str, str, str]] = []
    for s, p, o, g in store.quads():
        if g == ONTOLOGY_GRAPH:
            if p == SKOS.prefLabel:
                concept_labels[str(s)] = str(o)
            continue
        s_key = str(s)
        if p == RDF.type:
            classes[s_key].append(str(o))
        elif isinstance(o, Literal):
            name = "label" if p == RDFS.label else compact(p).split(":", 1)[-1]
            literals[s_key][name].append(str(o))
        elif isinstance(o, URIRef):
            links.append((s_key, compact(p), str(o), str(g)))
    g_out = nx.MultiDiGraph()
    for node in sorted(classes):
        kind = primary_type(classes[node])
        if kind in SKIP_TYPES:
            continue
        if not include_sources and kind in ("ReaderComment", "InspectionReport", "NewsArticle",
                                            "Dataset", "SourceDocument"):
            continue
        attrs = {name: "; ".join(sorted(set(vals))) for name, vals in literals[node].items()}
        attrs["type"] = kind
        attrs.setdefault("label", compact(URIRef(node)))
        g_out.add_node(node, **attrs)
    for s, pred, o, graph_name in sorted(links):
        if s not in g_out or pred in SKIP_PREDICATES:
            continue
        if o in g_out:
            g_out.add_edge(s, o, key=pred, predicate=pred, graph=graph_name)
        elif o in concept_labels:
            name = pred.split(":", 1)[-1]
            current = g_out.nodes[s].get(name)
            label = concept_labels[o]
            g_out.nodes[s][name] = label if not current else "; ".join(
                sorted(set(current.split("; ")) | {label}))
    return g_out
