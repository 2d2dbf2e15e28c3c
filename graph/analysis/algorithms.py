"""Analyses of the graph with NetworkX: centrality, communities, causes, careers, themes.

Every analysis is a plain function taking the graph first (an
:class:`~graph.inspection_graph.InspectionGraph`, or a NetworkX projection of
one) and returning plain data: dataclasses or lists of them, with
``asdict`` for JSON. :func:`projection` names the NetworkX projections
(``docs/analysis.md``); the connection between two entities explained in
words is :func:`graph.paths.connections`; figures by grade are in
:mod:`graph.gradestats`; the written report is :mod:`graph.report`.

Examples
--------
>>> import graph
>>> kg = graph.load(validate=False)
>>> [(c.node.rsplit("/", 1)[-1], c.reach) for c in root_causes(kg)][:2]
[('leadership-changes', 9), ('restructure-2015', 7)]
"""

from __future__ import annotations

import io
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "PROJECTIONS", "NOT_ANALYSED", "projection", "as_networkx", "analysis_graph", "Central",
    "centrality", "Community",
    "communities", "RootCause", "root_causes", "Chain", "longest_chain", "Causes", "causes",
    "Career", "careers",
    "CouncilLink", "council_links", "ThemePair", "theme_pairs", "degree_distribution",
    "plain_graph", "write_network", "write_network_of", "format_table",
]

#: Projection name -> function of :mod:`graph.projections` (each takes a store or a graph).
PROJECTIONS: dict[str, str] = {
    "entity": "entity_graph",
    "career": "career_graph",
    "council-theme": "council_theme_graph",
    "theme-cooccurrence": "theme_cooccurrence_graph",
    "causal": "causal_graph",
}
SOURCE_TYPES = frozenset({"ReaderComment", "InspectionReport", "NewsArticle", "Dataset",
                          "SourceDocument"})
#: Node types the network analyses (centrality, communities, degrees) leave out: figures
#: (statistics), reifications of links given directly too (neighbour links), provenance
#: records (data files, import graphs) and source documents.
NOT_ANALYSED = frozenset({"Statistic", "NeighbourLink", "DataFile", "Thing"}) | SOURCE_TYPES


def projection(kg, name: str = "entity"):
    """The NetworkX projection ``name`` of ``kg`` (one of :data:`PROJECTIONS`).

    Parameters
    ----------
    kg : InspectionGraph or Store
    name : str
        ``entity``, ``career``, ``council-theme``, ``theme-cooccurrence`` or ``causal``.

    Returns
    -------
    networkx.Graph or networkx.MultiDiGraph

    Raises
    ------
    InspectionGraphError
        An unknown projection name.

    Examples
    --------
    >>> import graph
    >>> g = projection(graph.load(validate=False), "causal")
    >>> g.graph["projection"], g.number_of_nodes()
    ('causal', 18)
    """
    from graph.analysis import projections
    from graph.errors import InspectionGraphError

    if name not in PROJECTIONS:
        raise InspectionGraphError(f"unknown projection {name!r} (expected one of "
                                   f"{', '.join(PROJECTIONS)})")
    g = getattr(projections, PROJECTIONS[name])(getattr(kg, "store", kg))
    g.graph.setdefault("projection", name)
    return g


def as_networkx(graph, name: str = "entity", **options):
    """``graph`` itself if it is a NetworkX graph, else its projection ``name``.

    For the entity graph, ``options`` go to :func:`graph.projections.entity_graph`
    (``include_sources``).
    """
    import networkx as nx

    if isinstance(graph, nx.Graph):
        return graph
    if name == "entity":
        from graph.analysis.projections import entity_graph

        return entity_graph(getattr(graph, "store", graph), **options)
    return projection(graph, name)


def analysis_graph(graph):
    """The entity graph the network analyses use: without :data:`NOT_ANALYSED` types.

    A NetworkX graph given is used as it is.

    Examples
    --------
    >>> import graph
    >>> g = analysis_graph(graph.load(validate=False))
    >>> sorted({d["type"] for _n, d in g.nodes(data=True)} & NOT_ANALYSED)
    []
    """
    import networkx as nx

    if isinstance(graph, nx.Graph):
        return graph
    g = as_networkx(graph, include_sources=False)
    g.remove_nodes_from([n for n, d in g.nodes(data=True) if d.get("type") in NOT_ANALYSED])
    return g


def _simple(g):
    """An undirected simple graph of ``g``: one edge per pair of neighbours."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(g.nodes(data=True))
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    return simple


# --- centrality -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Central:
    """One entity's centrality, and its rank among the entities of its type."""

    type: str
    rank: int
    node: str
    label: str
    degree: int
    betweenness: float
    pagerank: float


def centrality(graph, *, top: int = 5, types: Iterable[str] | None = None,
               by: str = "pagerank", exact_up_to: int = 1000, samples: int = 256,
               seed: int = 42) -> list[Central]:
    """The most central entities of each type: degree, betweenness and PageRank.

    Measured on the undirected simple graph of :func:`analysis_graph` (the
    entity graph without statistics, provenance records and source documents;
    an edge per pair of related entities, whatever the predicates and their
    direction). Betweenness is exact up to
    ``exact_up_to`` nodes; above, it is estimated from ``samples`` source nodes
    drawn with the fixed ``seed`` (repeatable).

    Parameters
    ----------
    graph : InspectionGraph or networkx.Graph
    top : int
        Entities shown per type.
    types : iterable of str, optional
        Only these node types (``Council``, ``Person`` ...); all by default.
    by : {"pagerank", "degree", "betweenness"}
        What ranks the entities within a type.
    exact_up_to, samples, seed : int
        When and how betweenness is sampled.

    Returns
    -------
    list of Central
        Grouped by type (in order of type name), best first within a type.

    Examples
    --------
    >>> import graph
    >>> best = centrality(graph.load(validate=False), types=["Council"], top=1)
    >>> best[0].label
    'West Sussex County Council'
    """
    import networkx as nx

    from graph.analysis.betweenness import sampled_betweenness
    from graph.errors import InspectionGraphError

    if by not in ("pagerank", "degree", "betweenness"):
        raise InspectionGraphError(f"cannot rank by {by!r} (pagerank, degree or betweenness)")
    g = _simple(analysis_graph(graph))
    if g.number_of_nodes() == 0:
        return []
    degree = dict(g.degree())
    k = None if g.number_of_nodes() <= exact_up_to else min(samples, g.number_of_nodes())
    betweenness = sampled_betweenness(g, k=k, seed=seed)  # = networkx's, with sparse products
    pagerank = nx.pagerank(g) if g.number_of_edges() else {n: 1 / len(g) for n in g}
    wanted = set(types) if types is not None else None
    by_type: dict[str, list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        kind = data.get("type", "Thing")
        if wanted is None or kind in wanted:
            by_type[kind].append(node)
    score = {"pagerank": pagerank, "degree": degree, "betweenness": betweenness}[by]
    out = []
    for kind in sorted(by_type):
        ranked = sorted(by_type[kind], key=lambda n: (-score[n], -degree[n], str(n)))
        for rank, node in enumerate(ranked[:top], 1):
            out.append(Central(kind, rank, node, str(g.nodes[node].get("label", node)),
                               degree[node], round(betweenness[node], 6),
                               round(pagerank[node], 6)))
    return out


# --- communities ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Community:
    """A community found by Louvain: its size, what it holds and its best-connected members."""

    index: int
    size: int
    types: dict[str, int]
    members: list[str]
    labels: list[str]

    @property
    def summary(self) -> str:
        return ", ".join(f"{n} {t}" for t, n in sorted(self.types.items(),
                                                         key=lambda x: (-x[1], x[0])))


def communities(graph, *, seed: int = 42, resolution: float = 1.0,
                shown: int = 5) -> list[Community]:
    """Communities of the entity graph (Louvain, fixed seed: the same answer every run).

    Uses :func:`networkx.community.louvain_communities` on the undirected simple
    graph of :func:`analysis_graph`.

    Parameters
    ----------
    graph : InspectionGraph or networkx.Graph
    seed : int
        Seed of the Louvain method's random order.
    resolution : float
        Above 1 favours smaller communities.
    shown : int
        How many of the best-connected members' labels each community lists.

    Returns
    -------
    list of Community
        Largest first; ``members`` holds every node id, best-connected first.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load(validate=False)
    >>> sum(c.size for c in communities(kg)) == analysis_graph(kg).number_of_nodes()
    True
    """
    import networkx as nx

    g = _simple(analysis_graph(graph))
    if g.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(g, seed=seed, resolution=resolution)
    degree = dict(g.degree())
    ordered = sorted((sorted(p, key=lambda n: (-degree[n], str(n))) for p in parts),
                     key=lambda m: (-len(m), str(m[0])))
    out = []
    for i, members in enumerate(ordered, 1):
        types = Counter(g.nodes[n].get("type", "Thing") for n in members)
        out.append(Community(i, len(members), dict(types), members,
                             [str(g.nodes[n].get("label", n)) for n in members[:shown]]))
    return out


# --- causes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RootCause:
    """A finding or event that nothing in the causal graph is said to cause."""

    node: str
    label: str
    type: str
    reach: int
    effects: list[str] = field(default_factory=list)


def root_causes(graph, of: str | None = None) -> list[RootCause]:
    """Root causes in the causal graph: causes that no claimed link explains.

    Parameters
    ----------
    graph : InspectionGraph or networkx.MultiDiGraph
        The graph, or its causal projection.
    of : str, optional
        A finding or event (IRI, or, with an InspectionGraph, a record id or
        label): only the root causes upstream of it.

    Returns
    -------
    list of RootCause
        Those reaching the most findings and events first (``reach`` counts
        everything downstream); ``effects`` are the labels of direct effects.

    Raises
    ------
    UnknownEntityError
        ``of`` is not in the causal graph.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load(validate=False)
    >>> sorted(r.node.rsplit("/", 1)[-1] for r in root_causes(kg, of="long-term-harm-minority"))
    ['leadership-changes', 'restructure-2015']
    """
    import networkx as nx

    g = as_networkx(graph, "causal")
    candidates = list(g.nodes)
    if of is not None:
        target = _node_in(graph, g, of, "the causal graph")
        candidates = list(nx.ancestors(g, target))
    roots = [n for n in candidates if g.in_degree(n) == 0 and g.out_degree(n) > 0]
    out = []
    for node in roots:
        effects = sorted({str(g.nodes[e].get("label", e)) for e in g.successors(node)})
        out.append(RootCause(node, str(g.nodes[node].get("label", node)),
                             g.nodes[node].get("type", "Thing"),
                             len(nx.descendants(g, node)), effects))
    return sorted(out, key=lambda r: (-r.reach, r.label))


def _node_in(graph, g, name: str, where: str) -> str:
    from graph.errors import UnknownEntityError

    node = name
    if node not in g and hasattr(graph, "resolve"):
        node = graph.resolve(name)
    if node not in g:
        raise UnknownEntityError(f"{name!r} is not in {where}")
    return node


@dataclass(frozen=True)
class Chain:
    """A chain of claimed causes: ``nodes`` in order, ``links`` the statements between them."""

    nodes: list[str]
    labels: list[str]
    links: list[str]

    @property
    def length(self) -> int:
        """The number of causal links in the chain."""
        return len(self.links)

    def __str__(self) -> str:
        return " -> ".join(self.labels)


def longest_chain(graph, to: str | None = None) -> Chain:
    """The longest chain of causal links (the most links, first in label order on a tie).

    A cycle of claims (A causes B causes A) is taken as one step: the chain is
    found on the graph of strongly connected components.

    Parameters
    ----------
    graph : InspectionGraph or networkx.MultiDiGraph
        The graph, or its causal projection.
    to : str, optional
        A finding or event: the longest chain that ends there.

    Returns
    -------
    Chain
        Empty when there is no causal link.

    Examples
    --------
    >>> import graph
    >>> longest_chain(graph.load(validate=False)).length
    4
    """
    import networkx as nx

    g = as_networkx(graph, "causal")
    if to is not None:
        target = _node_in(graph, g, to, "the causal graph")
        g = g.subgraph(nx.ancestors(g, target) | {target})
    if g.number_of_edges() == 0:
        return Chain([], [], [])
    simple = nx.DiGraph(g)
    label = {n: str(g.nodes[n].get("label", n)) for n in g}
    if not nx.is_directed_acyclic_graph(simple):
        cond = nx.condensation(simple)
        members = nx.get_node_attributes(cond, "members")
        rep = {c: min(ms, key=lambda n: (label[n], n)) for c, ms in members.items()}
        simple = nx.relabel_nodes(cond, rep)
    # best[n] = (links, labels) of the longest chain ending at n; ties go to the smallest labels
    best: dict[str, tuple[int, tuple[str, ...], list[str]]] = {}
    for node in nx.lexicographical_topological_sort(simple, key=lambda n: (label[n], n)):
        options = [(0, (label[node],), [node])]
        for pred in simple.predecessors(node):
            n_links, labels, nodes = best[pred]
            options.append((n_links + 1, labels + (label[node],), nodes + [node]))
        best[node] = min(options, key=lambda o: (-o[0], o[1]))
    ends = [best[target]] if to is not None else best.values()
    _n, labels, nodes = min(ends, key=lambda o: (-o[0], o[1]))
    links = []
    for a, b in zip(nodes, nodes[1:], strict=False):
        data = g.get_edge_data(a, b) or {}
        links.append(sorted(str(d.get("statement", "")) for d in data.values())[0]
                     if data else "")
    return Chain(nodes, list(labels), links)


@dataclass(frozen=True)
class Causes:
    """The root causes and the longest chain of the causal graph (or of one effect)."""

    roots: list[RootCause]
    chain: Chain


def causes(graph, of: str | None = None) -> Causes:
    """Root causes and the longest chain, of the whole causal graph or upstream of ``of``.

    Examples
    --------
    >>> import graph
    >>> found = causes(graph.load(validate=False), of="drift-and-delay")
    >>> len(found.roots), found.chain.length
    (2, 3)
    """
    g = as_networkx(graph, "causal")
    target = _node_in(graph, g, of, "the causal graph") if of is not None else None
    return Causes(root_causes(g, of=target), longest_chain(g, to=target))


# --- careers --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Career:
    """A person who held posts at several councils, and the posts."""

    person: str
    label: str
    councils: list[str]
    posts: list[dict[str, str]]


def careers(graph, *, min_councils: int = 2) -> list[Career]:
    """People who held posts at ``min_councils`` councils or more.

    Parameters
    ----------
    graph : InspectionGraph or networkx.MultiDiGraph
        The graph, or its career projection.
    min_councils : int

    Returns
    -------
    list of Career
        Most councils first; each post as a dict with ``council``, ``role``,
        ``status``, ``start``, ``end`` (empty when unknown).

    Examples
    --------
    >>> import graph
    >>> [(c.label, len(c.councils)) for c in careers(graph.load(validate=False))]
    [('John Readman', 3)]
    """
    g = as_networkx(graph, "career")
    out = []
    for person, data in g.nodes(data=True):
        if data.get("type") != "Person":
            continue
        posts = []
        for _p, org, attrs in g.out_edges(person, data=True):
            if g.nodes[org].get("type") != "Council":
                continue
            posts.append({"council": str(g.nodes[org].get("label", org)),
                          "role": attrs.get("role_label", ""), "status": attrs.get("status", ""),
                          "start": attrs.get("start", ""), "end": attrs.get("end", ""),
                          "council_iri": org})
        councils = sorted({p["council"] for p in posts})
        if len(councils) >= min_councils:
            posts.sort(key=lambda p: (p["status"] != "current", p["start"], p["council"]))
            out.append(Career(person, str(data.get("label", person)), councils, posts))
    return sorted(out, key=lambda c: (-len(c.councils), c.label))


@dataclass(frozen=True)
class CouncilLink:
    """Two councils linked by the people who held posts at both."""

    council_a: str
    council_b: str
    people: list[str]


def council_links(graph) -> list[CouncilLink]:
    """Pairs of councils that share people (held posts at both), most people first.

    Parameters
    ----------
    graph : InspectionGraph, networkx.MultiDiGraph or list of Career
        The graph, its career projection, or the result of :func:`careers`.

    Examples
    --------
    >>> import graph
    >>> len(council_links(graph.load(validate=False)))
    3
    """
    from itertools import combinations

    found = graph if isinstance(graph, list) else careers(graph)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for career in found:
        for a, b in combinations(career.councils, 2):
            shared[(a, b)].add(career.label)
    links = [CouncilLink(a, b, sorted(p)) for (a, b), p in shared.items()]
    return sorted(links, key=lambda x: (-len(x.people), x.council_a, x.council_b))


# --- themes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ThemePair:
    """Two themes found together: in how many inspections, councils and findings."""

    theme_a: str
    theme_b: str
    inspections: int
    councils: int
    findings: int
    lift: float = 0.0


def theme_pairs(graph, *, top: int | None = 20, by: str = "inspections",
                min_findings: int = 1) -> list[ThemePair]:
    """Themes that occur together, most often (or most strongly) first.

    With ``by="inspections"`` pairs are ranked by inspections, then councils, then
    findings (a finding or recommendation carrying both). Where reports are imported
    almost every pair of common themes occurs in almost every inspection, so
    ``by="lift"`` ranks by how much more often the two themes tag one finding than
    chance would give (lift 1: as often as chance), among pairs sharing at least
    ``min_findings`` findings.

    Parameters
    ----------
    graph : InspectionGraph or networkx.Graph
        The graph, or its theme co-occurrence projection.
    top : int or None
        How many pairs (all if None).
    by : "inspections" or "lift"
        The ranking.
    min_findings : int
        Pairs sharing fewer findings are left out.

    Examples
    --------
    >>> import graph
    >>> pair = theme_pairs(graph.load(validate=False), top=1)[0]
    >>> pair.theme_a, pair.theme_b, pair.findings
    ('Leadership', 'Workforce stability', 2)
    """
    if by not in ("inspections", "lift"):
        raise ValueError(f"by: {by!r} is not 'inspections' or 'lift'")
    g = as_networkx(graph, "theme-cooccurrence")
    pairs = []
    for a, b, d in g.edges(data=True):
        if int(d.get("findings", 0)) < min_findings:
            continue
        la, lb = sorted((str(g.nodes[a].get("label", a)), str(g.nodes[b].get("label", b))))
        pairs.append(ThemePair(la, lb, int(d.get("inspections", 0)), int(d.get("councils", 0)),
                               int(d.get("findings", 0)), float(d.get("lift", 0.0))))
    if by == "lift":
        pairs.sort(key=lambda p: (-p.lift, -p.findings, p.theme_a, p.theme_b))
    else:
        pairs.sort(key=lambda p: (-p.inspections, -p.councils, -p.findings, p.theme_a,
                                  p.theme_b))
    return pairs if top is None else pairs[:top]


# --- distributions --------------------------------------------------------------------------
def degree_distribution(graph) -> list[tuple[int, int]]:
    """(degree, number of entities with it) of :func:`analysis_graph`, simple and undirected.

    Examples
    --------
    >>> import networkx as nx
    >>> degree_distribution(nx.path_graph(4))
    [(1, 2), (2, 2)]
    """
    g = _simple(analysis_graph(graph))
    return sorted(Counter(d for _n, d in g.degree()).items())


# --- export ---------------------------------------------------------------------------------
def _plain(value: Any) -> str | int | float | bool:
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):  # rdflib terms are str subclasses: keep the plain text
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else str(value)
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(sorted(str(_plain(v)) for v in value))
    return str(value)


def plain_graph(g):
    """A copy of ``g`` whose every attribute is a plain string or number.

    GraphML and GEXF take only strings, numbers and booleans: rdflib terms
    become their string form, lists and sets ``"; "``-joined strings, None an
    empty string. Node ids become strings.

    Examples
    --------
    >>> import networkx as nx
    >>> from rdflib import URIRef
    >>> g = nx.Graph(); g.add_node(URIRef("https://e.org/a"), tags={"x", "y"}, n=None)
    >>> dict(plain_graph(g).nodes["https://e.org/a"])
    {'tags': 'x; y', 'n': ''}
    """
    out = g.__class__()
    out.graph.update({str(k): _plain(v) for k, v in g.graph.items()})
    for node, data in g.nodes(data=True):
        out.add_node(str(node), **{str(k): _plain(v) for k, v in data.items()})
    if g.is_multigraph():
        for u, v, key, data in g.edges(keys=True, data=True):
            out.add_edge(str(u), str(v), key=str(key),
                         **{str(k): _plain(x) for k, x in data.items()})
    else:
        for u, v, data in g.edges(data=True):
            out.add_edge(str(u), str(v), **{str(k): _plain(x) for k, x in data.items()})
    return out


def write_network(g, path: str | Path, fmt: str | None = None) -> Path:
    """Write a NetworkX graph as GraphML or GEXF (Gephi), atomically.

    Parameters
    ----------
    g : networkx.Graph
        Any graph; attributes are made plain with :func:`plain_graph`.
    path : file
        ``.graphml`` or ``.gexf`` (or give ``fmt``).
    fmt : {"graphml", "gexf"}, optional

    Returns
    -------
    Path

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> p = write_network(nx.path_graph(3), os.path.join(tempfile.mkdtemp(), "p.gexf"))
    >>> nx.read_gexf(p).number_of_edges()
    2
    """
    import networkx as nx

    from graph.errors import InspectionGraphError
    from graph.files import atomic_write

    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    writers = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
    if fmt not in writers:
        raise InspectionGraphError(f"{path}: unknown network format {fmt!r} (graphml or gexf)")
    buf = io.BytesIO()
    writers[fmt](plain_graph(g), buf)
    atomic_write(path, buf.getvalue().decode("utf-8"))
    return path


def write_network_of(kg, name: str, path: str | Path):
    """Write the projection ``name`` of ``kg`` to ``path`` (GraphML or GEXF by suffix).

    Returns
    -------
    networkx.Graph
        The projection written.
    """
    g = projection(kg, name)
    write_network(g, path)
    return g


def _number(value: float) -> str:
    """A float for people: three decimals, or three significant digits below 1."""
    if value != value:
        return ""
    if value == 0 or abs(value) >= 1:
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


# --- tables for people ----------------------------------------------------------------------
def format_table(rows: list[dict[str, Any]], columns: list[str] | None = None, *,
                 markdown: bool = False, max_width: int = 60) -> str:
    """Rows of dicts as a plain-text (or Markdown) table.

    Examples
    --------
    >>> print(format_table([{"grade": "Good", "n": 3}]))
    grade | n
    ------+--
    Good  | 3
    """
    columns = columns or (list(rows[0]) if rows else [])

    def cell(value: Any) -> str:
        if isinstance(value, float):
            text = _number(value)
        else:
            text = "" if value is None else " ".join(str(value).split())
        if markdown:
            text = text.replace("|", "\\|")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    if markdown:
        lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns)
                 + " |"]
        lines += ["| " + " | ".join(r) + " |" for r in cells]
        return "\n".join(lines)

    def line(values: list[str]) -> str:
        return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(columns), "-+-".join("-" * w for w in widths)]
                     + [line(r) for r in cells])
