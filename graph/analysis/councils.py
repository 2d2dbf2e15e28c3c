"""Councils compared on facts every council has: statistical neighbours, grades, documents.

Centrality on the whole entity graph mostly counts how much was imported about
a council (a council with five reports has hundreds of findings around it).
The measures here are made so that every council starts equal:

- the neighbour graph: councils joined when DfE names one a statistical
  neighbour of the other (every council names ten). PageRank on it says how
  often a council is among the closest matches of councils that are
  themselves often matched: a "typical" council;
- communities of the neighbour graph (Louvain, fixed seed): groups of councils
  alike by DfE's measures, with the grades found in each group;
- documents per council, and the entities around a council per document, so a
  long report does not read as importance.

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
>>> [r.council for r in neighbour_centrality(g, top=1)]
['c']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["neighbour_graph", "NeighbourCentral", "neighbour_centrality", "NeighbourGroup",
           "neighbour_communities", "documents_per_council"]


def neighbour_graph(kg):
    """Councils as nodes (``label``, ``grade`` of the latest graded inspection as node
    attributes), an undirected edge where DfE names one a statistical neighbour of the other.

    Parameters
    ----------
    kg : InspectionGraph or Store

    Returns
    -------
    networkx.Graph
    """
    import networkx as nx

    from graph.analysis.journeys import grade_journeys
    from graph.sparql.text import prefixed

    store = getattr(kg, "store", kg)
    g = nx.Graph()
    rows = store.query(prefixed(
        "SELECT ?a ?b WHERE { ?a ig:statisticalNeighbour ?b }")).rows
    pairs = sorted({tuple(sorted((str(a), str(b)))) for a, b in rows
                    if a is not None and b is not None and a != b})
    g.add_nodes_from(sorted({n for pair in pairs for n in pair}))
    g.add_edges_from(pairs)  # sorted, so the communities do not depend on the store's order
    latest = {j.council: j for j in grade_journeys(store)}
    names = {str(c): str(n) for c, n in store.query(prefixed(
        "SELECT ?c (MIN(STR(?n)) AS ?name) WHERE { ?c a ig:Council ; rdfs:label ?n } "
        "GROUP BY ?c")).rows if c is not None}
    for node in g.nodes:
        g.nodes[node]["label"] = names.get(node, node.rsplit("/", 1)[-1])
        j = latest.get(node)
        g.nodes[node]["grade"] = j.steps[-1].grade if j and j.steps else None
    return g


@dataclass(frozen=True)
class NeighbourCentral:
    """A council's place in the neighbour graph."""

    council: str
    label: str
    pagerank: float
    named_by: int  # how many councils name it among their neighbours (its degree)
    grade: str | None


def neighbour_centrality(g, *, top: int = 10) -> list[NeighbourCentral]:
    """The councils with the highest PageRank in the neighbour graph, best first.

    Parameters
    ----------
    g : networkx.Graph
        From :func:`neighbour_graph`.
    top : int
        How many councils.
    """
    import networkx as nx

    if g.number_of_nodes() == 0:
        return []
    rank = nx.pagerank(g)
    best = sorted(g.nodes, key=lambda n: (-rank[n], n))[:top]
    return [NeighbourCentral(n, g.nodes[n].get("label", n), rank[n], g.degree(n),
                             g.nodes[n].get("grade")) for n in best]


@dataclass
class NeighbourGroup:
    """A community of the neighbour graph and the latest grades of its councils."""

    councils: list[str]
    labels: list[str]
    grades: dict[str, int] = field(default_factory=dict)


def neighbour_communities(g, *, seed: int = 42) -> list[NeighbourGroup]:
    """Louvain communities of the neighbour graph, largest first.

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"),
    ...               ("c", "x")])
    >>> sorted(len(c.councils) for c in neighbour_communities(g))
    [3, 3]
    """
    import networkx as nx

    if g.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(g, seed=seed)
    out = []
    for members in groups:
        ordered = sorted(members, key=lambda n: g.nodes[n].get("label", n))
        grades = Counter(g.nodes[n].get("grade") or "none" for n in ordered)
        out.append(NeighbourGroup(ordered, [g.nodes[n].get("label", n) for n in ordered],
                                  dict(sorted(grades.items()))))
    return sorted(out, key=lambda c: (-len(c.councils), c.labels[0]))


def documents_per_council(kg) -> dict[str, int]:
    """How many source documents (reports, articles, records) state an inspection of each
    council: named graphs other than the official national files and the derived facts."""
    from graph.sparql.text import prefixed
    from graph.vocab import graph_iri

    national = ", ".join(f"<{graph_iri(name)}>" for name in (
        "ofsted-outcomes", "dfe-csww", "dfe-statistical-neighbours", "derived", "ontology"))
    store = getattr(kg, "store", kg)
    rows = store.query(prefixed(f"""
        SELECT ?council (COUNT(DISTINCT ?g) AS ?n) WHERE {{
          GRAPH ?g {{ ?i ig:subject ?council }}
          FILTER(?g NOT IN ({national}))
        }} GROUP BY ?council""")).rows
    return {str(c): int(n) for c, n in rows if c is not None and n is not None}
