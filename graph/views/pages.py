"""Interactive graph views: offline HTML pages to explore the graph in a browser.

:func:`write_all` writes, into one folder, an index page, an overview of the
curated records, an ego view per council, person, inspection and board, a
causal chain view, a careers view, the ontology and, when the graph holds
councils with Ofsted regions (the national import), a national view of
councils by latest grade and region.

Pages draw with vis-network, copied once from the installed pyvis package into
``OUT/lib/`` and loaded by relative path: the pages work from ``file://`` and
never reach the network. Positions are computed in Python
(:mod:`graph.layouts`), so pages need no physics and are byte-identical for
the same graph. Every label, fact and passage goes into the page as JSON in a
``<script type="application/json">`` block and reaches the document only as
text.

Examples
--------
>>> import graph, tempfile
>>> pages = write_all(graph.load(validate=False), tempfile.mkdtemp(), radius=1)
>>> [p.kind for p in pages][:4]
['index', 'overview', 'causal', 'careers']
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.views.layouts import word_lines
from graph.views.wording import node_label

__all__ = ["write_all", "Page", "national_graph", "ego_nodes", "page_name", "type_words",
           "council_html", "councils_of",
           "evidence_passages", "script_json", "collapse_nodes", "TYPE_STYLES", "EGO_TYPES",
           "EGO_LIMIT", "HUB_DEGREE", "OVERVIEW_LIMIT", "VIEW_LIMIT", "BULK_TYPES", "PRIORITY"]

VIEW_LIMIT = 150  # nodes an ego view or the overview draws at most (group nodes included)
EGO_LIMIT = VIEW_LIMIT
WALK_LIMIT = 5000  # nodes an ego view's walk reaches at most before grouping
HUB_DEGREE = 60
# Kinds that come by the dozen around one entity: grouped first, never walked through.
BULK_TYPES = frozenset({"Finding", "Recommendation", "Statistic", "NeighbourLink",
                        "UncertainRead", "Discrepancy", "ReaderComment", "CausalLink"})
# The order in which kinds keep their own node when a view must group some (first kept).
PRIORITY = ("Person", "Post", "Tenure", "Inspection", "Judgement", "Council", "ImprovementBoard",
            "SafeguardingChildrenBoard", "Board", "Panel", "Hub", "ChildrensServices",
            "Inspectorate", "GovernmentDepartment", "Region", "Country", "Publisher", "Event",
            "NewsArticle", "InspectionReport", "Dataset", "SourceDocument", "DataFile", "Thing",
            "Discrepancy", "UncertainRead", "CausalLink", "ReaderComment", "Recommendation",
            "Finding", "Statistic", "NeighbourLink")
# Kinds with views of their own: an ego view shows them but does not walk on through them.
_NOT_WALKED = frozenset({"Council", "Region", "Country"})
_PLURALS = {"Person": "people", "Statistic": "figures", "NeighbourLink": "neighbour links",
            "ChildrensServices": "children's services", "Country": "countries",
            "Inspectorate": "inspectorates", "Hub": "hubs", "Thing": "things",
            "Discrepancy": "discrepancies", "UncertainRead": "uncertain readings",
            "CausalLink": "causal links", "ReaderComment": "reader comments",
            "Recommendation": "recommendations", "Finding": "findings", "Council": "councils",
            "Inspection": "inspections", "Judgement": "judgements", "Tenure": "tenures",
            "Post": "posts", "Region": "regions", "Event": "events", "Dataset": "datasets"}
MEMBER_TEXT_BUDGET = 150_000  # characters of grouped passages quoted in full in a page
EDGE_LABEL_LIMIT = 80  # more links than this: their words show on hover and click only
GRID_LEFT = 260.0  # room for the national view's row headings
OVERVIEW_LIMIT = 1000
EGO_TYPES: dict[str, str] = {
    "Council": "council", "Person": "person", "Inspection": "inspection", "Board": "board",
    "ImprovementBoard": "board", "SafeguardingChildrenBoard": "board",
}
# type -> (colour, shape); shapes draw their label beneath them.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Council": ("#1d4ed8", "dot"), "Inspectorate": ("#334155", "triangle"),
    "GovernmentDepartment": ("#475569", "triangle"), "Publisher": ("#64748b", "triangle"),
    "ChildrensServices": ("#0f766e", "diamond"), "ImprovementBoard": ("#0d9488", "diamond"),
    "SafeguardingChildrenBoard": ("#14b8a6", "diamond"), "Board": ("#0d9488", "diamond"),
    "Panel": ("#2dd4bf", "diamond"), "Hub": ("#5eead4", "diamond"),
    "Person": ("#ea580c", "star"), "Post": ("#a16207", "square"),
    "Tenure": ("#ca8a04", "triangleDown"), "Inspection": ("#7c3aed", "hexagon"),
    "Judgement": ("#a855f7", "square"), "Finding": ("#e11d48", "dot"),
    "Recommendation": ("#db2777", "triangle"), "Statistic": ("#0891b2", "square"),
    "Event": ("#65a30d", "diamond"), "CausalLink": ("#9ca3af", "dot"),
    "ReaderComment": ("#a3a3a3", "dot"), "NewsArticle": ("#6b7280", "triangleDown"),
    "InspectionReport": ("#6b7280", "triangleDown"), "Dataset": ("#6b7280", "triangleDown"),
    "SourceDocument": ("#6b7280", "triangleDown"), "Region": ("#0369a1", "dot"),
    "Country": ("#0c4a6e", "dot"), "NeighbourLink": ("#cbd5e1", "dot"),
    "DataFile": ("#9ca3af", "triangleDown"), "Discrepancy": ("#f59e0b", "triangle"),
    "Thing": ("#9ca3af", "dot"), "Theme": ("#be123c", "diamond"),
}
GRADE_COLOURS: dict[str, str] = {
    "Outstanding": "#15803d", "Good": "#65a30d", "Requires improvement to be good": "#d97706",
    "Inadequate": "#b91c1c", "Not yet graded": "#6b7280",
}
TEMPLATES = Path(__file__).parent / "templates"
STATIC = ("view.js", "view.css", "pages.js", "pages.css", "map.js")
VIS_FILES = ("vis-network.min.js", "vis-network.css")


@dataclass
class Page:
    """One page written: where, what it is, and its size."""

    path: str
    title: str
    kind: str
    nodes: int = 0
    edges: int = 0
    bytes: int = 0
    seconds: float = 0.0
    cut: bool = False
    # of that, the named queries the page reads (council pages: its share of them, when
    # they are answered for every council at once)
    query_seconds: float = 0.0


@dataclass
class _View:
    path: str
    title: str
    kind: str
    description: str
    graph: Any
    positions: dict
    centre: str | None = None
    cut: dict | None = None
    edge_labels: bool = True
    groups: dict | None = None
    extra: dict = field(default_factory=dict)
    node_extra: dict = field(default_factory=dict)
    edge_info: Any = None
    collapsed: list = field(default_factory=list)  # (group node id, Group)
    source: Any = None  # the graph the groups' members come from


_TYPE_WORDS = {"ChildrensServices": "Children's services", "NeighbourLink": "Neighbour link",
               "CausalLink": "Causal link"}


def type_words(name: str) -> str:
    """A type (or group) name in words: ``GovernmentDepartment`` -> ``Government department``.

    >>> type_words("SafeguardingChildrenBoard"), type_words("Good")
    ('Safeguarding children board', 'Good')
    """
    if name in _TYPE_WORDS:
        return _TYPE_WORDS[name]
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return text[:1] + text[1:].lower() if " " in text else text


# --- names --------------------------------------------------------------------------------
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_name(iri: str) -> str:
    """A file name for an entity's ego view, from its IRI.

    >>> page_name("https://w3id.org/inspection-graph/id/inspection/E10000032/2019-02")
    'inspection-E10000032-2019-02'
    """
    from graph.vocab import BASE

    text = iri[len(BASE):] if iri.startswith(BASE) else iri.split("://", 1)[-1]
    text = text[3:] if text.startswith("id/") else text
    return _UNSAFE.sub("-", text).strip("-.") or "entity"


# --- projections of the views -------------------------------------------------------------
def _walk(g, centre: str, radius: int, limit: int = WALK_LIMIT,
          hub: int = HUB_DEGREE) -> tuple[dict, dict, dict]:
    """Distance, parent and degree-of-parent of every node an ego view reaches."""
    undirected = g.to_undirected(as_view=True)
    nodes = g.nodes
    dist = {centre: 0}
    parent: dict = {}
    via = {centre: 0}
    frontier = [centre]
    for d in range(1, radius + 1):
        nxt = []
        for node in frontier:
            kind = nodes[node].get("type")
            if node != centre:
                if kind in _NOT_WALKED or kind in BULK_TYPES:
                    continue
                main = sum(1 for o in undirected.neighbors(node)
                           if nodes[o].get("type") not in BULK_TYPES)
                if main > hub:
                    continue
            degree = undirected.degree(node)
            for other in sorted(undirected.neighbors(node)):
                if other not in dist:
                    dist[other] = d
                    parent[other] = node
                    via[other] = degree
                    nxt.append(other)
        frontier = nxt
    if len(dist) > limit:
        ranked = sorted(dist, key=lambda n: (dist[n], via[n], n))[:limit]
        keep = set(ranked)
        dist = {n: dist[n] for n in ranked}
        parent = {n: p for n, p in parent.items() if n in keep}
    return dist, parent, via


def ego_nodes(g, centre: str, radius: int = 2, limit: int = WALK_LIMIT,
              hub: int = HUB_DEGREE) -> tuple[list[str], int]:
    """The nodes within ``radius`` links of ``centre`` (either direction), at most ``limit``.

    The walk does not go on through another council (it has its own view), through
    a finding, recommendation, statistic or other thing that comes by the dozen
    (:data:`BULK_TYPES`), nor through a hub: a node with more than ``hub`` links to
    things other than those (an inspectorate, a dataset). Such nodes are shown; what
    lies beyond them is not. When more than ``limit`` nodes are in reach, the
    nearest are kept and, at the same distance, those reached through a less
    connected node first. A view then groups what it cannot draw
    (:func:`collapse_nodes`).

    Returns
    -------
    (list of str, int)
        The nodes kept (sorted) and how many were in reach.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> ego_nodes(g, "b", radius=1)
    (['a', 'b', 'c'], 3)
    """
    dist, _, _ = _walk(g, centre, radius, limit=10 ** 9, hub=hub)
    total = len(dist)
    if total <= limit:
        return sorted(dist), total
    dist, _, _ = _walk(g, centre, radius, limit=limit, hub=hub)
    return sorted(dist), total


def _first(value) -> str:
    return str(value or "").split("; ")[0]


def group_theme(attrs: dict) -> str:
    """What a node of a bulk kind is about, to group it with its like: a finding's or
    recommendation's first theme (else its judgement area), a figure's measure."""
    kind = attrs.get("type")
    if kind in ("Finding", "Recommendation"):
        return _first(attrs.get("theme")) or _first(attrs.get("judgementArea"))
    if kind == "Statistic":
        label = str(attrs.get("label", ""))
        return label.split(",")[0] if "," in label else ""
    return ""


@dataclass
class Group:
    """Nodes of one kind around one entity, drawn as one node that opens on click."""

    anchor: str
    kind: str
    theme: str
    members: list
    title: str = ""  # the label, when the view words it itself

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        n = len(self.members)
        noun = _PLURALS.get(self.kind) or type_words(self.kind).lower() + "s"
        if n == 1:
            noun = type_words(self.kind).lower()
        on = "on" if self.kind in ("Finding", "Recommendation") else "of" \
            if self.kind == "Statistic" else "in"
        return f"{n} {noun} {on} {self.theme[:1].lower() + self.theme[1:]}" if self.theme \
            and self.kind != "Statistic" else f"{n} {noun}: {self.theme}" if self.theme \
            else f"{n} {noun}"


def collapse_nodes(g, nodes, centre: str | None, parent: dict, limit: int = VIEW_LIMIT,
                   theme=group_theme, bulk=BULK_TYPES) -> tuple[list, list[Group], int]:
    """Choose the nodes a view draws: at most ``limit`` nodes, group nodes included.

    Nodes of one kind hanging on one node (their ``parent``) collapse into a
    :class:`Group`: first the kinds of ``bulk`` (findings, figures ...), one group
    per theme (``theme(attrs)``) for all of them; then, while still too many, one group per kind
    and parent; then the other kinds, the least important first (:data:`PRIORITY`
    read backwards). People, posts, inspections and judgements are grouped last.
    What still does not fit is left out (the view says it was cut).

    Returns
    -------
    (list, list of Group, int)
        The nodes drawn as themselves, the groups, and how many units (nodes or groups)
        were left out.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("c", type="Council")
    >>> for i in range(5): g.add_node(f"f{i}", type="Finding", theme="Workforce stability")
    >>> kept, groups, left = collapse_nodes(g, list(g), "c", {f"f{i}": "c" for i in range(5)}, 3)
    >>> kept, [(x.label, len(x.members)) for x in groups], left
    (['c'], [('5 findings on workforce stability', 5)], 0)
    """
    nodes = sorted(nodes)
    if len(nodes) <= limit:
        return nodes, [], 0
    attrs = g.nodes
    rank = {k: i for i, k in enumerate(PRIORITY)}
    unit: dict = {n: n for n in nodes}  # node -> its unit (itself, or a group key)
    members: dict[tuple, list] = {}
    count = len(nodes)

    def kind(n) -> str:
        return str(attrs[n].get("type", "Thing"))

    def merge(key, those) -> None:
        nonlocal count
        units = {unit[n] for n in those}
        if len(units) < 2:
            return
        count -= len(units) - 1
        for u in units:
            if isinstance(u, tuple):
                members.pop(u, None)
        members[key] = sorted(those)
        for n in those:
            unit[n] = key

    def candidates(fine: bool, kinds) -> list[tuple[tuple, list]]:
        found: dict[tuple, list] = defaultdict(list)
        for n in nodes:
            if n == centre or n not in parent or kind(n) not in kinds:
                continue
            sub = theme(attrs[n]) if fine else ""
            found[(parent[n], kind(n), sub)].append(n)
        return [(k, v) for k, v in found.items() if len(v) > 1]

    bulk_kinds = {kind(n) for n in nodes if kind(n) in bulk}
    for fine in (True, False):
        found = candidates(fine, bulk_kinds)
        if fine:  # the largest groups first
            found.sort(key=lambda kv: (-len(kv[1]), kv[0]))
        else:  # one group per kind: the least important kinds first
            found.sort(key=lambda kv: (-rank.get(kv[0][1], 30), -len(kv[1]), kv[0]))
        for key, those in found:
            if count <= limit and not fine:
                break
            merge(key, those)  # over the limit, every theme of a bulk kind is grouped
    others = sorted({kind(n) for n in nodes} - bulk_kinds, key=lambda k: (-rank.get(k, 30), k))
    for k in others:
        if count <= limit:
            break
        for key, those in sorted(candidates(False, {k}), key=lambda kv: (-len(kv[1]), kv[0])):
            if count <= limit:
                break
            merge(key, those)
    kept = [n for n in nodes if unit[n] == n]
    groups = [Group(key[0], key[1], key[2], those) for key, those in sorted(members.items())]
    left = 0
    if count > limit:  # still too many: leave out the least important units
        units = [(rank.get(x.kind, 30), 1, i, x) for i, x in enumerate(groups)]
        units += [(rank.get(kind(n), 30), 0, i, n) for i, n in enumerate(kept) if n != centre]
        dropped = {id(u[3]) for u in sorted(units, key=lambda u: u[:3])[-(count - limit):]}
        groups = [x for x in groups if id(x) not in dropped]
        kept = [n for n in kept if id(n) not in dropped]
        left = len(dropped)
    return kept, groups, left


def national_graph(kg):
    """Councils with their Ofsted region and latest overall grade (the national view's graph).

    The latest grade is the overall effectiveness grade of the council's
    latest inspection (by fieldwork start, else publication) that graded it.
    Former councils (``ig:councilStatus "former"``) are left out.

    Returns
    -------
    networkx.MultiDiGraph
        One node per council that has a region or a grade, with ``label``,
        ``type`` (``Council``), ``region``, ``grade``, ``gradeRank`` and
        ``inspection`` (its IRI) where known; no edges.
    """
    import networkx as nx

    rows = kg.query("""
        SELECT ?c ?label ?region ?i ?start ?published ?grade ?rank WHERE {
          ?c a ig:Council .
          FILTER NOT EXISTS { ?c ig:councilStatus "former" }
          OPTIONAL { ?c rdfs:label ?label }
          OPTIONAL { ?c ig:ofstedRegion ?region }
          OPTIONAL {
            ?i ig:subject ?c ; ig:judgement ?j . ?j ig:area ?area ; ig:grade ?g .
            FILTER(STRENDS(STR(?area), "/overall-effectiveness"))
            OPTIONAL { ?i ig:fieldworkStart ?start } OPTIONAL { ?i ig:published ?published }
            OPTIONAL { ?g skos:prefLabel ?grade } OPTIONAL { ?g ig:gradeRank ?rank }
          }
        }""").rows
    councils: dict[str, dict] = {}
    for c, label, region, insp, start, published, grade, rank in rows:
        entry = councils.setdefault(str(c), {"label": set(), "region": set(), "latest": []})
        if label is not None:
            entry["label"].add(str(label))
        if region is not None:
            entry["region"].add(str(region))
        if insp is not None and grade is not None:
            when = str(start if start is not None else published or "")
            entry["latest"].append((when, str(insp), str(grade), int(rank) if rank else 0))
    g = nx.MultiDiGraph(projection="national")
    for iri in sorted(councils):
        entry = councils[iri]
        if not entry["region"] and not entry["latest"]:
            continue
        attrs = {"type": "Council", "label": min(entry["label"]) if entry["label"] else iri,
                 "region": min(entry["region"]) if entry["region"] else "Region not known"}
        if entry["latest"]:
            when, insp, grade, rank = max(entry["latest"])
            attrs.update(grade=grade, gradeRank=rank, inspection=insp, inspected=when)
        else:
            attrs.update(grade="Not yet graded", gradeRank=9)
        g.add_node(iri, **attrs)
    return g


def _curated_nodes(kg, g) -> list[str]:
    """The nodes that the curated records and other documents state.

    That is every node stated in a named graph other than the ontology, the derived
    graph and the official imports (an import's graph describes itself: ``?graph
    prov:wasDerivedFrom ?release``).
    """
    from rdflib import URIRef

    from graph.sparql.text import sparql_term
    from graph.store.derived import DERIVED_GRAPH
    from graph.vocab import ONTOLOGY_GRAPH

    imports = {str(r[0]) for r in kg.query(
        "SELECT DISTINCT ?g WHERE { ?g prov:wasDerivedFrom ?release }").rows}
    names = [sparql_term(URIRef(str(name))) for name in kg.store.graph_names()
             if str(name) not in imports and name not in (ONTOLOGY_GRAPH, DERIVED_GRAPH)]
    if not names:
        return []
    rows = kg.query("SELECT DISTINCT ?s WHERE { VALUES ?g { " + " ".join(names)
                    + " } GRAPH ?g { ?s ?p ?o } }").rows  # one query for every graph
    stated = {str(r[0]) for r in rows}
    return sorted(n for n in g if n in stated)


# --- page data ----------------------------------------------------------------------------
def _short_council(label: str) -> str:
    return re.sub(r"\s+(Metropolitan Borough|Royal Borough|County Borough|Borough|County|City|"
                  r"District)?\s*Council$", "", label).strip() or label


def _wrap(label: str, width: int = 26, lines: int = 3) -> str:
    out = word_lines(label, width)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "\u2026"
    return "\n".join(out)


def _smooth(edges: list[dict]) -> None:
    """Bend parallel edges apart (no physics: vis-network would draw them on top of each other)."""
    seen: dict[tuple, int] = defaultdict(int)
    for e in edges:
        pair = tuple(sorted((e["from"], e["to"])))
        k = seen[pair]
        seen[pair] += 1
        if k:
            e["bend"] = k


def evidence_passages(kg, sources) -> dict[str, list[dict]]:
    """The evidence passages of every fact of ``kg``, with their text from ``sources``.

    The same passages as :meth:`InspectionGraph.evidence` gives for each fact
    (and checked the same way against the SHA-256 the graph records), read in
    one query rather than one per fact.

    Raises
    ------
    InspectionGraphError
        A source text whose hash differs from the one recorded.
    """
    from graph.build.evidence import SourceTexts, text_sha256
    from graph.errors import InspectionGraphError
    from graph.vocab import compact

    texts = SourceTexts(sources)
    rows = kg.query(
        "SELECT ?f ?src ?start ?end ?file ?sha ?page WHERE { "
        "?f ig:evidence ?span . ?span ig:inSource ?src ; oa:start ?start ; oa:end ?end . "
        "OPTIONAL { ?src ig:textFile ?file } OPTIONAL { ?src ig:sha256 ?sha } "
        "OPTIONAL { ?span ig:page ?page } } ORDER BY ?f ?src ?start ?end").rows
    checked: dict[str, str | None] = {}
    out: dict[str, list[dict]] = defaultdict(list)
    for fact, src, start, end, file_name, sha, page in rows:
        text = None
        if file_name is not None:
            name = str(file_name)
            if name not in checked:
                text = texts.text(name)
                if text is not None and sha is not None and text_sha256(text) != str(sha):
                    raise InspectionGraphError(f"{name}: text differs from the one the graph "
                                               "was built from (SHA-256 mismatch)")
                checked[name] = text
            text = checked[name]
        out[str(fact)].append({
            "source": compact(src).split("/", 1)[-1], "start": int(start), "end": int(end),
            "page": int(page) if page is not None else None,
            "text": text[int(start):int(end)] if text is not None else None})
    return dict(out)


def _with_groups(g, kept: list, groups: list[Group], extra_edges=()):
    """The graph a view draws: the nodes kept, a node per group joined to its anchor.

    Returns the graph and ``[(group node id, Group)]``.
    """
    import networkx as nx

    from graph.views.wording import edge_phrase

    h = nx.MultiDiGraph()
    for n in kept:
        h.add_node(n, **g.nodes[n])
    keep = set(kept)
    for s, o, key, data in g.subgraph(kept).edges(keys=True, data=True):
        h.add_edge(s, o, key=key, **data)
    home = {}
    collapsed = []
    for i, group in enumerate(groups):
        gid = f"group-{i + 1}"
        collapsed.append((gid, group))
        for m in group.members:
            home[m] = gid
        h.add_node(gid, type=group.kind, label=group.label, collapsedGroup=True)
    for gid, group in collapsed:
        anchor = group.anchor if group.anchor in keep else home.get(group.anchor)
        if anchor is None:
            continue
        ways: dict[tuple, int] = defaultdict(int)
        for m in group.members:
            for _, o, data in g.out_edges(m, data=True):
                if o == group.anchor:
                    ways[(0, data.get("predicate", ""))] += 1
            for o, _, data in g.in_edges(m, data=True):
                if o == group.anchor:
                    ways[(1, data.get("predicate", ""))] += 1
        side, predicate = min(ways, key=lambda w: (-ways[w], w)) if ways else (0, "")
        words = edge_phrase(predicate) if predicate else "linked to"
        ends = (gid, anchor) if side == 0 else (anchor, gid)
        h.add_edge(*ends, key="group", predicate=predicate, groupWords=words)
    for s, o, data in extra_edges:
        h.add_edge(s, o, **data)
    return h, collapsed


class _Builder:
    """Builds the views of one graph, sharing the facts and evidence of its nodes."""

    def __init__(self, kg, radius: int, sources) -> None:
        self.kg = kg
        self.radius = radius
        self.g = kg.to_networkx()
        self.sources = sources if sources is not None else kg.sources.folder
        self._evidence = evidence_passages(kg, self.sources) if self.sources is not None else {}
        self._facts: dict[str, list[str]] = {}
        self.ego_pages: dict[str, str] = {}
        self.ego_of: dict[str, str] = {}
        self.inspector_pages: dict[str, str] = {}
        self._leads: dict | None = None
        self.has_national = False

    def facts(self, node: str) -> list[str]:
        if node not in self._facts:
            from graph.views.wording import node_facts

            self._facts[node] = node_facts(self.g, node) if node in self.g else []
        return self._facts[node]

    def source_names(self) -> dict[str, str]:
        """The short name of every source (as evidence passages give it) -> its title."""
        if getattr(self, "_source_names", None) is None:
            from graph.vocab import compact

            self._source_names = {}
            for n in self.g:
                short = compact(n).split("/", 1)[-1]
                if short not in self._source_names or n.rsplit("/", 2)[-2] == "source":
                    self._source_names[short] = node_label(self.g, n)
        return self._source_names

    def evidence(self, node: str) -> list[dict]:
        return self._evidence.get(node, [])

    # --- ego pages ------------------------------------------------------------------------
    def plan_ego_pages(self) -> None:
        taken: set[str] = set()
        for node, data in sorted(self.g.nodes(data=True)):
            if data.get("type") in EGO_TYPES:
                name = page_name(node)
                while name in taken:
                    name += "-"
                taken.add(name)
                self.ego_pages[node] = f"ego/{name}.html"
                self.ego_of[node] = EGO_TYPES[data["type"]]
        self.inspector_pages = {person: "inspector/" + self.ego_pages[person][4:]
                                for person in self.lead_inspections()
                                if person in self.ego_pages}

    def ego_view(self, centre: str, radius: int, path: str) -> _View:
        dist, parent, _ = _walk(self.g, centre, radius)
        kept, groups, left = collapse_nodes(self.g, list(dist), centre, parent)
        h, collapsed = _with_groups(self.g, kept, groups)
        label = node_label(self.g, centre)
        cut = None
        if left:
            narrower = [{"href": "index.html#ego-" + self.ego_of[centre],
                         "label": "the index of ego views"}]
            if radius > 1:
                narrower.insert(0, {"href": path.replace(".html", ".r1.html"),
                                    "label": f"{label} within one link"})
            shown = len(kept) + sum(len(x.members) for x in groups)
            cut = {"shown": shown, "total": len(dist), "narrower": narrower}
        from graph.views.layouts import radial_positions

        return _View(path, f"{label}: its neighbourhood", "ego",
                     f"Everything within {radius} link{'s' if radius > 1 else ''} of {label}"
                     + (", things of one kind grouped: click a group to list them."
                        if groups else "."),
                     h, radial_positions(h, centre), centre=centre, cut=cut,
                     edge_labels=h.number_of_edges() <= EDGE_LABEL_LIMIT,
                     collapsed=collapsed, source=self.g)

    # --- other views ----------------------------------------------------------------------
    def overview(self) -> _View:
        from graph.views.layouts import spring_positions

        nodes = _curated_nodes(self.kg, self.g) or sorted(self.g)
        if len(nodes) > VIEW_LIMIT and any(d.get("type") == "Region"
                                           for _, d in self.g.nodes(data=True)):
            return self.structure()
        total = len(nodes)
        cut = None
        if total > VIEW_LIMIT:
            degree = dict(self.g.degree(nodes))
            nodes = sorted(sorted(nodes, key=lambda n: (-degree[n], n))[:VIEW_LIMIT])
            cut = {"shown": len(nodes), "total": total, "narrower": [
                {"href": "index.html#ego-council", "label": "a council's own view"},
                {"href": "causal.html", "label": "the causal chains"},
                {"href": "careers.html", "label": "the careers"}]}
        sub = self.g.subgraph(nodes)
        return _View("overview.html", "Overview of the curated records", "overview",
                     "Every entity that the curated records (articles and reports) state, "
                     "with the links between them.", sub, spring_positions(sub), cut=cut,
                     edge_labels=False)

    def lead_inspections(self) -> dict[str, dict[str, list[tuple[str, str]]]]:
        """inspector -> council -> [(fieldwork start or publication, inspection)], sorted."""
        if self._leads is not None:
            return self._leads
        out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        g = self.g
        for insp, person, data in g.edges(data=True):
            if data.get("predicate") != "ig:leadInspector":
                continue
            attrs = g.nodes[insp]
            when = str(attrs.get("fieldworkStart") or attrs.get("published") or "")
            for _, council, d in g.out_edges(insp, data=True):
                if d.get("predicate") == "ig:subject":
                    out[person][council].append((when, insp))
        self._leads = {p: {c: sorted(set(v)) for c, v in cs.items()} for p, cs in out.items()}
        return self._leads

    def structure(self) -> _View:
        """The overview of a national graph: England, its regions, the councils of each
        (grouped by latest grade), the lead inspectors and the themes of the findings."""
        import networkx as nx

        from graph.views.layouts import radial_positions

        g = self.g
        h = nx.MultiDiGraph()
        regions = {}
        for c, r, data in g.edges(data=True):
            if data.get("predicate") == "ig:region" and g.nodes[c].get("type") == "Council":
                regions[c] = r
        countries = {r: o for r, o, d in g.edges(data=True)
                     if d.get("predicate") == "ig:broaderArea" and r in set(regions.values())}
        top = sorted(set(countries.values()))
        centre = top[0] if top else None
        for n in sorted(set(regions) | set(regions.values()) | set(top)):
            h.add_node(n, **g.nodes[n])
        for c, r in sorted(regions.items()):
            h.add_edge(c, r, key="ig:region", predicate="ig:region")
        for r, o in sorted(countries.items()):
            h.add_edge(r, o, key="ig:broaderArea", predicate="ig:broaderArea")
        grades = {n: d.get("grade", "Not yet graded")
                  for n, d in national_graph(self.kg).nodes(data=True)}
        leads = self.lead_inspections()
        for person, councils in sorted(leads.items()):
            h.add_node(person, **g.nodes[person])
            by_region: dict[str, list[str]] = defaultdict(list)
            for council in councils:
                if council in regions:
                    by_region[regions[council]].append(council)
            for region in sorted(by_region):
                h.add_edge(person, region, key="led", predicate="ig:leadInspector",
                           groupWords="led inspections in")
        themes: dict[str, list[str]] = defaultdict(list)
        for n, d in g.nodes(data=True):
            if d.get("type") in ("Finding", "Recommendation"):
                for t in str(d.get("theme") or "").split("; "):
                    if t:
                        themes[t].append(n)
        self.theme_facts = {}
        for theme in sorted(themes, key=lambda t: (-len(themes[t]), t))[:20]:
            tid = "theme/" + _UNSAFE.sub("-", theme.lower()).strip("-")
            those = themes[theme]
            found = sum(1 for n in those if g.nodes[n]["type"] == "Finding")
            where: dict[str, int] = defaultdict(int)
            for n in those:
                for _, o, d in g.out_edges(n, data=True):
                    if d.get("predicate") == "ig:concerns":
                        where[o] += 1
            most = sorted(where, key=lambda c: (-where[c], c))[:5]
            h.add_node(tid, type="Theme", label=theme)
            self.theme_facts[tid] = [
                f"{found:,} findings and {len(those) - found:,} recommendations of the "
                f"reports on {theme[:1].lower() + theme[1:]}",
                f"In the reports on {len(where)} councils, most in:"] + [
                f"{node_label(g, c)}: {where[c]:,} findings and recommendations"
                for c in most]
            if centre is not None:
                h.add_edge(tid, centre, key="theme", predicate="ig:theme",
                           groupWords="a theme of the reports")
        parent = {c: r for c, r in regions.items()}
        parent.update({r: o for r, o in countries.items()})
        for person in leads:
            parent[person] = next((r for _, r in h.out_edges(person)), centre)
        for tid in self.theme_facts:
            parent[tid] = centre
        for c in regions:
            h.nodes[c]["_grade"] = grades.get(c, "Not yet graded")
        kept, groups, left = collapse_nodes(h, list(h), centre, parent,
                                            theme=lambda a: a.get("_grade", ""),
                                            bulk={"Council"})
        for group in groups:
            n = len(group.members)
            where = node_label(g, group.anchor) if group.anchor in g else ""
            noun = "council" if n == 1 else "councils"
            grade = "not yet graded" if group.theme == "Not yet graded" else \
                f"graded {group.theme}" if group.theme else ""
            group.title = (f"{n} {noun} in {where}" + (f", {grade}" if grade else "")) \
                if where else f"{n} {_PLURALS.get(group.kind, 'things')}"
        view_graph, collapsed = _with_groups(h, kept, groups)
        extra = {tid: {"facts": facts} for tid, facts in self.theme_facts.items()}
        for person, councils in leads.items():
            extra[person] = {"facts": [
                f"Lead inspector of {len(councils)} council{'s' if len(councils) > 1 else ''}"] + [
                f"{node_label(g, c)}: " + ", ".join(sorted({w[:4] for w, _ in v if w}))
                for c, v in sorted(councils.items(), key=lambda x: node_label(g, x[0]))]
                + self.facts(person), "ego": self.inspector_pages.get(person)}
        cut = None
        if left:
            cut = {"shown": len(kept), "total": h.number_of_nodes(), "narrower": [
                {"href": "index.html#ego-council", "label": "a council's own view"},
                {"href": "inspectors.html", "label": "the lead inspectors"}]}
        return _View("overview.html", "Overview: regions, councils, lead inspectors and themes",
                     "overview", "England, its regions and their councils (grouped by the "
                     "overall grade of their latest inspection: click a group to list them), "
                     "the lead inspectors of the reports joined to the regions where they led "
                     "inspections, and the themes of the reports' findings.", view_graph,
                     radial_positions(view_graph, centre) if centre else
                     {n: (0.0, 0.0) for n in view_graph}, centre=centre, cut=cut,
                     edge_labels=False, node_extra=extra, collapsed=collapsed, source=g)

    def inspectors(self) -> _View | None:
        """Lead inspectors and the councils whose inspections they led, with the years."""
        import networkx as nx

        from graph.views.layouts import layered_positions

        leads = self.lead_inspections()
        if not leads:
            return None
        g = self.g
        h = nx.MultiDiGraph()
        councils = sorted({c for cs in leads.values() for c in cs})
        regions = {c: o for c, o, d in g.edges(data=True) if d.get("predicate") == "ig:region"}
        by_region = len(leads) + len(councils) > VIEW_LIMIT
        for person in sorted(leads):
            h.add_node(person, **g.nodes[person])
        years = {}
        for person, cs in sorted(leads.items()):
            for c, visits in sorted(cs.items()):
                when = ", ".join(sorted({w[:4] for w, _ in visits if w}))
                years[(person, c)] = (when, visits)
                target = regions.get(c, c) if by_region else c
                if target not in h:
                    h.add_node(target, **g.nodes[target])
                h.add_edge(person, target, key=c, predicate="ig:leadInspector", council=c)
        layers = {n: 0 if n in leads else 1 for n in h}

        def info(s, o, key, data):
            when, visits = years[(s, data["council"])]
            council = node_label(g, data["council"])
            words = f"{council}, {when}" if by_region else when or "led"
            return words, [f"{node_label(g, s)} led the inspection{'s' if len(visits) > 1 else ''}"
                           f" of {council}"] + [node_label(g, i) for _, i in visits], []

        extra = {}
        for person, cs in leads.items():
            extra[person] = {"facts": [
                f"{node_label(g, c)}: " + ", ".join(sorted({w[:4] for w, _ in v if w}))
                for c, v in sorted(cs.items(), key=lambda x: node_label(g, x[0]))]
                + self.facts(person), "ego": self.inspector_pages.get(person)}
        return _View("inspectors.html", "Lead inspectors: the councils they inspected, and when",
                     "inspectors", "Each lead inspector named in the reports, joined to the "
                     + ("regions of the councils" if by_region else "councils")
                     + " whose inspections they led, with the years. Click an inspector "
                     "for the councils and years; double-click for their own view.", h,
                     layered_positions(h, layers, layer_gap=700.0, row_gap=60.0),
                     edge_info=info, edge_labels=h.number_of_edges() <= EDGE_LABEL_LIMIT,
                     node_extra=extra)

    def inspector_view(self, person: str, path: str) -> _View:
        """One lead inspector, the councils whose inspections they led and the years."""
        import networkx as nx

        from graph.views.layouts import radial_positions

        g = self.g
        cs = self.lead_inspections()[person]
        h = nx.MultiDiGraph()
        h.add_node(person, **g.nodes[person])
        for c in sorted(cs):
            h.add_node(c, **g.nodes[c])
            h.add_edge(person, c, key="led", predicate="ig:leadInspector")

        def info(s, o, key, data):
            visits = cs[o]
            when = ", ".join(sorted({w[:4] for w, _ in visits if w}))
            return when or "led", [f"Led the inspection{'s' if len(visits) > 1 else ''} of "
                                   f"{node_label(g, o)}"] + [node_label(g, i)
                                                             for _, i in visits], []

        name = node_label(g, person)
        extra = {person: {"facts": [
            f"{node_label(g, c)}: " + ", ".join(sorted({w[:4] for w, _ in v if w}))
            for c, v in sorted(cs.items(), key=lambda x: node_label(g, x[0]))]
            + self.facts(person), "ego": self.ego_pages.get(person)}}
        return _View(path, f"{name}: lead inspector", "inspector",
                     f"The councils whose inspections {name} led, each line with the years.",
                     h, radial_positions(h, person), centre=person, edge_info=info,
                     node_extra=extra)

    def causal(self) -> _View:
        from graph.analysis.projections import causal_graph
        from graph.views.layouts import layered_positions

        g = causal_graph(self.kg)

        def info(s, o, key, data):
            facts = [data["statement"]] if data.get("statement") else []
            claimed = data.get("claimedBy")
            if claimed:
                label = self.g.nodes[claimed]["label"] if claimed in self.g else claimed
                facts.append(f"Claimed by {label}")
            return "contributes to", facts, self.evidence(data.get("link", ""))

        return _View("causal.html", "Causal chains claimed by the sources", "causal",
                     "Findings and events, from causes on the left to their effects on the "
                     "right, as the sources claim them. Click a link for the claim.", g,
                     layered_positions(g), edge_info=info, edge_labels=False)

    def careers(self) -> _View:
        from graph.analysis.projections import career_graph
        from graph.views.layouts import layered_positions

        g = career_graph(self.kg)
        # lead inspectors' posts at Ofsted have their own view (inspectors.html)
        g.remove_edges_from([(s, o, k) for s, o, k, d in g.edges(keys=True, data=True)
                             if d.get("role") == "lead-inspector"])
        g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
        layers = {n: 0 if d.get("type") == "Person" else 1 for n, d in g.nodes(data=True)}

        def info(s, o, key, data):
            role = data.get("role_label") or data.get("post_label") or "Post"
            when = "\u2013".join(x[:7] for x in (data.get("start"), data.get("end")) if x)
            if data.get("start") and not data.get("end"):
                when += "\u2013"
            label = f"{role}, {when}" if when else f"{role} ({data.get('status', 'unknown')})"
            facts = [label, f"Status: {data.get('status', 'unknown')}"]
            if data.get("post_label"):
                facts.append(f"Post: {data['post_label']}")
            if data.get("unit") and data["unit"] in self.g:
                facts.append(f"In: {self.g.nodes[data['unit']]['label']}")
            return label, facts, self.evidence(data.get("tenure", ""))

        return _View("careers.html", "Careers: people and the councils whose posts they held",
                     "careers", "Each line is a tenure: the post a person held in an "
                     "organisation, with its years where the sources give them.", g,
                     layered_positions(g, layers, layer_gap=700.0, row_gap=110.0),
                     edge_info=info)

    def national(self) -> _View | None:
        from graph.views.layouts import grid_positions

        g = national_graph(self.kg)
        if not any(d["region"] != "Region not known" for _, d in g.nodes(data=True)):
            return None
        grades = sorted({(d["gradeRank"], d["grade"]) for _, d in g.nodes(data=True)})
        columns = [name for _, name in grades]
        rows = sorted({d["region"] for _, d in g.nodes(data=True)},
                      key=lambda r: (r == "Region not known", r))
        members: dict[tuple[str, str], list[str]] = defaultdict(list)
        for node, d in sorted(g.nodes(data=True), key=lambda x: (x[1]["label"], x[0])):
            members[(d["region"], d["grade"])].append(node)
        pos, cells = grid_positions(members, rows, columns, left=GRID_LEFT)
        groups = {name: (GRADE_COLOURS.get(name, "#6b7280"), "box") for name in columns}
        extra_nodes = {}
        for node, d in g.nodes(data=True):
            facts = [f"Latest overall grade: {d['grade']}", f"Ofsted region: {d['region']}"]
            if d.get("inspection"):
                insp = d["inspection"]
                facts.append("From " + (self.g.nodes[insp]["label"] if insp in self.g
                                        else insp))
            extra_nodes[node] = {"group": d["grade"],
                                 "label": _wrap(_short_council(d["label"]), 15, 2),
                                 "facts": facts + self.facts(node)}
        counts = {"rows": {r: sum(len(members.get((r, c), [])) for c in columns) for r in rows},
                  "columns": {c: sum(len(members.get((r, c), [])) for r in rows)
                              for c in columns}}
        return _View("national.html", "Councils by latest overall grade and Ofsted region",
                     "national", f"{g.number_of_nodes()} councils, each placed by the overall "
                     "grade of its latest graded inspection (columns) and its Ofsted region "
                     "(rows). Double-click a council to open its own view.", g, pos,
                     groups=groups, extra={"grid": {"cells": cells, "rows": rows, "left": GRID_LEFT,
                                                    "columns": columns, "counts": counts}},
                     node_extra=extra_nodes)

    # --- page data ------------------------------------------------------------------------
    def item(self, view: _View, node: str, attrs: dict, groups: dict) -> dict:
        """A node of a view's data: its name, kind, facts, evidence and own view."""
        kind = attrs.get("type", "Thing")
        extra = view.node_extra.get(node, {})
        group = extra.get("group", kind)
        if group not in groups:
            groups[group] = TYPE_STYLES.get(kind, ("#6b7280", "dot"))
        source = view.source if view.source is not None else view.graph
        name = node_label(source, node) if node in source else str(attrs.get("label", node))
        item = {"id": node, "name": name, "type": kind, "kind": type_words(kind),
                "facts": extra.get("facts") or self.facts(node)}
        label = extra.get("label") or _wrap(name)
        if label != name:
            item["label"] = label
        if group != kind:
            item["group"] = group
        evidence = self.evidence(node)
        if evidence:
            item["evidence"] = evidence
        ego = extra.get("ego", self.ego_pages.get(node))
        if ego and (node != view.centre or view.cut):
            item["ego"] = ego
        return item

    def data(self, view: _View) -> dict:
        from graph.views.wording import edge_phrase

        root = "../" if view.path.startswith("ego/") or view.path.startswith("inspector/") \
            else ""
        groups = view.groups or {}
        collapsed = dict(view.collapsed)
        nodes = []
        index = {}
        for node in sorted(view.graph.nodes):
            attrs = view.graph.nodes[node]
            x, y = view.positions[node]
            if node in collapsed:
                group = collapsed[node]
                kind = group.kind
                if kind not in groups:
                    groups[kind] = TYPE_STYLES.get(kind, ("#6b7280", "dot"))
                anchor = view.source.nodes[group.anchor] if group.anchor in view.source else {}
                about = node_label(view.source, group.anchor) if anchor else ""
                item = {"id": node, "name": group.label, "type": kind,
                        "kind": f"Group of {_PLURALS.get(kind, type_words(kind).lower())}",
                        "collapsed": len(group.members),
                        "facts": [group.title or
                                  f"{group.label.split(' ', 1)[0]} "
                                  f"{_PLURALS.get(kind, type_words(kind).lower())}"
                                  + (f" linked to {about}" if about else "")
                                  + (f", about {group.theme}" if group.theme else ""),
                                  "Listed below; \u201cShow them in the view\u201d draws them "
                                  "around this node."]}
                label = _wrap(group.label)
                if label != group.label:
                    item["label"] = label
            else:
                item = self.item(view, node, attrs, groups)
            item["x"], item["y"] = x, y
            index[node] = len(nodes)
            nodes.append(item)
        edges = []
        for s, o, key, data in sorted(view.graph.edges(keys=True, data=True),
                                      key=lambda e: (e[0], e[1], str(e[2]))):
            if "groupWords" in data:
                words, facts, evidence = data["groupWords"], [], []
            elif view.edge_info is not None:
                words, facts, evidence = view.edge_info(s, o, key, data)
            else:
                words = edge_phrase(data.get("predicate", str(key)))
                facts, evidence = [], []
            edge = {"from": index[s], "to": index[o], "words": words}
            if facts:
                edge["facts"] = facts
            if evidence:
                edge["evidence"] = evidence
            edges.append(edge)
        _smooth(edges)
        members, member_edges, strings, text = [], [], {}, 0
        if collapsed:
            where = dict(index)
            for gid, group in view.collapsed:
                for m in group.members:
                    attrs = view.source.nodes[m]
                    item = self.item(view, m, attrs, groups)
                    for key in ("type", "kind", "label", "group"):
                        item.pop(key, None)  # the group's own
                    item["in"] = index[gid]
                    facts = item["facts"]
                    if facts and attrs.get("statement") == facts[0]:
                        if text > MEMBER_TEXT_BUDGET:  # the council's page quotes it
                            facts = facts[1:]
                        else:
                            text += len(facts[0])
                    # facts as numbers into one table of sentences: members share many
                    item["facts"] = [strings.setdefault(f, len(strings)) for f in facts]
                    where[m] = len(nodes) + len(members)
                    members.append(item)
            inside = {m for _, group in view.collapsed for m in group.members}
            for m in sorted(inside):
                for s, o, key, data in view.source.out_edges(m, keys=True, data=True):
                    if o in where:
                        member_edges.append({"from": where[s], "to": where[o],
                                             "words": edge_phrase(data.get("predicate", key))})
                for s, o, key, data in view.source.in_edges(m, keys=True, data=True):
                    if s in where and s not in inside:
                        member_edges.append({"from": where[s], "to": where[o],
                                             "words": edge_phrase(data.get("predicate", key))})
        counts: dict[str, int] = defaultdict(int)
        for n in nodes:
            if "collapsed" in n:
                counts[n.get("group", n["type"])] += n["collapsed"]
            else:
                counts[n.get("group", n["type"])] += 1
        order = sorted(groups, key=lambda k: (
            list(GRADE_COLOURS).index(k) if k in GRADE_COLOURS else 99, k))
        legend = [{"group": name, "colour": groups[name][0], "shape": groups[name][1],
                   "count": counts[name], "words": type_words(name)}
                  for name in order if counts[name]]
        out = {"view": {"title": view.title, "kind": view.kind, "path": view.path,
                        "description": view.description, "centre": view.centre,
                        "cut": view.cut, "nodes": len(nodes), "edges": len(edges),
                        "edgeLabels": view.edge_labels},
               "root": root, "nodes": nodes, "edges": edges, "legend": legend,
               "groups": {k: {"colour": c, "shape": s} for k, (c, s) in sorted(groups.items())},
               **view.extra}
        used = {e["source"] for n in nodes + members + edges for e in n.get("evidence", ())}
        if used:  # the evidence's sources by their titles, not their ids
            out["sourceNames"] = {k: v for k, v in self.source_names().items() if k in used}
        if members:
            out["members"] = members
            out["memberEdges"] = member_edges
            out["sentences"] = list(strings)
        return out


# --- rendering ----------------------------------------------------------------------------
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True,
                       trim_blocks=True, lstrip_blocks=True)


def script_json(data: Any) -> str:
    """JSON safe to place inside a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no text of the
    data can close the element or open a comment.

    >>> script_json({"label": "</script><img src=x>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_folder() -> Path:
    # where pyvis is installed, found without importing it (its import pulls in IPython)
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    origin = spec.origin if spec is not None else None
    folder = (Path(origin).parent if origin else Path("pyvis")) / "lib" / "vis-9.1.2"
    if not all((folder / name).is_file() for name in VIS_FILES):
        from graph.errors import InspectionGraphError

        raise InspectionGraphError(f"vis-network not found in the installed pyvis ({folder})")
    return folder


def write_all(kg, out: str | Path = "exports/views", *, radius: int = 2,
              sources: str | Path | None = None, boundaries: str | Path | None = None,
              lookup: str | Path | None = None, council_queries: str = "bulk") -> list[Page]:
    """Write every view of ``kg`` into the folder ``out``.

    Pages are rendered in memory first and written under temporary names,
    then renamed into place: a failure leaves the folder as it was. Ego pages
    of an earlier run whose entity is gone are removed. Nothing is written
    outside ``out``.

    Parameters
    ----------
    kg : InspectionGraph
    out : folder
        Created if missing; pages go in it, ego views in ``out/ego/``, the
        scripts and styles in ``out/lib/``.
    radius : int
        1 or 2: how far an ego view reaches from its entity.
    sources : folder, optional
        Source texts, to show the evidence passages (the graph's own folder by
        default, if it was loaded with one).
    boundaries, lookup : file, optional
        A GeoJSON of district boundaries and a district to upper-tier council
        lookup (CSV): ``national.html`` is then a map of the councils
        (:mod:`graph.views.geo`) instead of the grid of regions by grades.
    council_queries : "bulk" or "per-page"
        How the council pages read their named queries: each answered once for
        every council (``bulk``, :func:`graph.views.council.councils_rows`), or
        once per council, as ``query NAME --param council=...`` does
        (``per-page``). The pages are the same either way.

    Returns
    -------
    list of Page
        The pages written, the index first.

    Raises
    ------
    InspectionGraphError
        A radius other than 1 or 2, or vis-network missing from pyvis.
    """
    from graph.build.summary import SUMMARY_CLASSES, summary_line
    from graph.errors import InspectionGraphError
    from graph.views.ontology_page import ontology_terms

    if radius not in (1, 2):
        raise InspectionGraphError(f"radius must be 1 or 2, not {radius}")
    if council_queries not in ("bulk", "per-page"):
        raise InspectionGraphError("council_queries must be 'bulk' or 'per-page', not "
                                   f"{council_queries!r}")
    if lookup is not None and boundaries is None:
        raise InspectionGraphError("a lookup of districts to councils needs the boundaries "
                                   "of the districts (--boundaries)")
    vis = _vis_folder()
    env = _environment()
    map_html, map_seconds = None, 0.0
    if boundaries is not None:  # first: a bad boundary file or lookup fails before any work
        started = time.perf_counter()
        map_html = _map_page(kg, env, boundaries, lookup)
        map_seconds = time.perf_counter() - started
    builder = _Builder(kg, radius, sources)
    builder.plan_ego_pages()
    rendered: dict[str, str] = {}
    pages: list[Page] = []

    def render(view: _View, started: float) -> None:
        data = builder.data(view)
        html = env.get_template("view.html.j2").render(
            view=data["view"], root=data["root"], data_json=script_json(data))
        rendered[view.path] = html
        pages.append(Page(view.path, view.title, view.kind, data["view"]["nodes"],
                          data["view"]["edges"], len(html.encode("utf-8")),
                          time.perf_counter() - started, view.cut is not None))

    makers = [builder.overview, builder.causal, builder.careers, builder.inspectors]
    if boundaries is None:
        makers.append(builder.national)
    for make in makers:
        started = time.perf_counter()
        view = make()
        if view is not None:
            render(view, started)
    for node, path in sorted(builder.ego_pages.items(), key=lambda x: x[1]):
        started = time.perf_counter()
        view = builder.ego_view(node, radius, path)
        render(view, started)
        if view.cut is not None and radius > 1:
            started = time.perf_counter()
            render(builder.ego_view(node, 1, path.replace(".html", ".r1.html")), started)
    if map_html is not None:
        rendered["national.html"] = map_html
        pages.append(Page("national.html", "Map of the councils of England by overall grade",
                          "map", 0, 0, len(map_html.encode("utf-8")), map_seconds))
    builder.has_national = any(p.kind in ("national", "map") for p in pages)
    council_pages = _council_pages(kg, builder, env, rendered, pages,
                                   bulk=council_queries == "bulk")
    started = time.perf_counter()
    terms = ontology_terms()
    html = env.get_template("ontology.html.j2").render(terms=terms)
    rendered["ontology.html"] = html
    pages.append(Page("ontology.html", "The ontology", "ontology",
                      len(terms["classes"]) + len(terms["properties"]), 0,
                      len(html.encode("utf-8")), time.perf_counter() - started))
    counts = kg.counts()
    started = time.perf_counter()
    kind_of = {path: builder.ego_of[node] for node, path in builder.ego_pages.items()}
    ego_groups: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        if p.path in kind_of:
            ego_groups[kind_of[p.path]].append(p)
    html = env.get_template("index.html.j2").render(
        summary=summary_line(counts), counts=[(label, counts.get(label, 0))
                                              for label, _ in SUMMARY_CLASSES],
        triples=counts.get("triples", 0), graphs=counts.get("graphs", 0),
        views=[p for p in pages if p.kind not in ("ego", "council")],
        **council_pages,
        ego_groups=[(kind, sorted(ego_groups[kind], key=lambda p: (p.title.lower(), p.path)))
                    for kind in ("council", "person", "inspection", "board")
                    if ego_groups.get(kind)],
        radius=radius)
    rendered["index.html"] = html
    pages.insert(0, Page("index.html", "Index", "index", 0, 0, len(html.encode("utf-8")),
                         time.perf_counter() - started))
    for person, path in sorted(builder.inspector_pages.items(), key=lambda x: x[1]):
        started = time.perf_counter()  # each lead inspector's own view, after the index
        render(builder.inspector_view(person, path), started)
    _write(Path(out), rendered, vis)
    return pages


def _map_page(kg, env, boundaries: str | Path, lookup: str | Path | None) -> str:
    """The national map: every council with an outline, coloured by its latest overall grade,
    with its graded inspections for the date control (named queries ``latest-grades`` and
    ``grade-journeys``)."""
    from graph.queries.runner import run_named
    from graph.views.council import _date
    from graph.views.geo import council_shapes, read_boundaries, read_lookup

    councils = [c for c in councils_of(kg) if not c["former"]]
    latest = {str(r[0]).rsplit("/", 1)[-1]: str(r[5])
              for r in run_named(kg, "latest-grades").rows}
    history: dict[str, list] = defaultdict(list)
    for council, _name, start, _fw, grade, _rank, _insp in run_named(kg, "grade-journeys").rows:
        history[str(council).rsplit("/", 1)[-1]].append([str(start), str(grade)])
    regions = {c["gss"]: c["region"] for c in councils if c["region"]}
    shapes = council_shapes(read_boundaries(boundaries),
                            read_lookup(lookup) if lookup is not None else {}, regions=regions)
    none = "Not yet graded"
    items = [{"gss": c["gss"], "name": c["label"], "grade": latest.get(c["gss"], none),
              "page": f"council/{c['gss']}.html", "path": shapes.paths.get(c["gss"]),
              "history": sorted(history.get(c["gss"], []))} for c in councils]
    last = max([h[0][:7] for c in items for h in c["history"]] + ["2013-01"])
    months = [f"{y}-{m:02d}" for y in range(2013, int(last[:4]) + 1) for m in range(1, 13)
              if f"{y}-{m:02d}" <= last]
    counts: dict[str, int] = defaultdict(int)
    for c in items:
        if c["path"]:
            counts[c["grade"]] += 1
    grades = [g for g in GRADE_COLOURS if g != none] + [none]
    latest_words = "the latest inspection"
    data = {"councils": [{k: c[k] for k in ("gss", "name", "grade", "page", "history")}
                         for c in items if c["path"]],
            "months": months, "monthWords": [_date(m) for m in months],
            "latestWords": latest_words, "colours": GRADE_COLOURS, "none": none}
    missing = sorted(c["name"] for c in items if not c["path"])
    return env.get_template("map.html.j2").render(
        councils=items, shapes=shapes, months=months, colours=GRADE_COLOURS, grades=grades,
        counts=counts, gclass=_grade_class, latest_words=latest_words, missing=missing,
        data_json=script_json(data))


def _grade_class(grade: str | None) -> str:
    """``Requires improvement to be good`` -> ``g-requires-improvement-to-be-good``."""
    return "g-" + re.sub(r"[^a-z]+", "-", (grade or "none").lower()).strip("-")


def _number_text(value: float | None, suffix: str = "") -> str:
    return "" if value is None else f"{value:g}{suffix}"


def councils_of(kg) -> list[dict]:
    """Every council with a GSS code: its IRI, code, label, region and status, by label."""
    rows = kg.query("""
        SELECT ?c ?gss (MIN(?l) AS ?label) (MIN(?r) AS ?region) (MIN(?st) AS ?status) WHERE {
          ?c a ig:Council ; ig:gssCode ?gss .
          # STR inside each OPTIONAL: rdflib gives MIN(STR(unbound)) as the text "None"
          OPTIONAL { ?c rdfs:label ?l0 BIND(STR(?l0) AS ?l) }
          OPTIONAL { ?c ig:ofstedRegion ?r0 BIND(STR(?r0) AS ?r) }
          OPTIONAL { ?c ig:councilStatus ?st0 BIND(STR(?st0) AS ?st) }
        } GROUP BY ?c ?gss""").rows
    out = [{"iri": str(c), "gss": str(gss), "label": str(label) if label else str(gss),
            "region": str(region) if region else None, "former": str(status) == "former"}
           for c, gss, label, region, status in rows]
    return sorted(out, key=lambda c: (c["label"].lower(), c["gss"]))


def _council_pages(kg, builder, env, rendered: dict[str, str], pages: list[Page], *,
                   bulk: bool = True) -> dict:
    """Render a page per council into ``rendered``; return what the index lists of them: the
    councils, and the people, inspections and themes their pages show. With ``bulk``, each
    named query of the pages is answered once for all councils (each page's ``seconds``
    and ``query_seconds`` then hold its share of their time), else once per page."""
    from graph.views.council import council_page, councils_rows, index_entries, plain_dates

    councils = councils_of(kg)
    codes = {c["gss"] for c in councils}
    template = env.get_template("council.html.j2")
    listed = []
    made = []
    every, share = {}, 0.0
    if bulk and councils:
        every, seconds = councils_rows(kg, [c["iri"] for c in councils])
        share = seconds / len(councils)
    for c in councils:
        started = time.perf_counter() - share
        page = council_page(kg, c["iri"], c["gss"], c["label"], c["region"],
                            passages=builder._evidence, has_page=codes.__contains__,
                            rows=every.get(c["iri"]), seconds=share)
        path = f"council/{c['gss']}.html"
        html = council_html(template, page, ego=builder.ego_pages.get(c["iri"]),
                            map_page=builder.has_national)
        rendered[path] = html
        pages.append(Page(path, c["label"], "council", 0, 0, len(html.encode("utf-8")),
                          time.perf_counter() - started, query_seconds=page.query_seconds))
        made.append((c, page, path))
        latest = page.sections["latest"]
        grade = latest["overall"] if latest else "Not yet graded"
        listed.append({"path": path, "label": c["label"], "gss": c["gss"], "grade": grade,
                       "region": c["region"] or "", "former": c["former"],
                       "search": _search_text(" ".join([c["label"], c["gss"], grade,
                                                        c["region"] or ""]))})
    return {"councils": listed, **index_entries(made, builder.ego_pages, _search_text),
            "plain": plain_dates}


def council_html(template, page, *, ego: str | None, map_page: bool) -> str:
    """The HTML of a council page: ``template`` (``council.html.j2``) rendered with the
    page's data (a :class:`graph.views.council.CouncilPage`), the path of the council's
    ego view and whether the folder has the national page."""
    from graph.views.council import COUNCIL_QUERIES, GRADE_COLOURS, _date

    return template.render(c=page, ego=ego, map_page="national.html" if map_page else None,
                           short=_short_council(page.label), colours=GRADE_COLOURS,
                           date=_date, num=_number_text, gclass=_grade_class,
                           queries=sorted(set(COUNCIL_QUERIES.values())))


def _search_text(text: str) -> str:
    """Lower case without accents, for the index's filter (which folds the query the same
    way): ``Département`` -> ``departement``.

    >>> _search_text("Département Inadequate")
    'departement inadequate'
    """
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _write(out: Path, rendered: dict[str, str], vis: Path) -> None:
    """Write the pages and the library files through temporary names, then rename them all."""
    from graph.files import file_mode

    files: dict[str, bytes] = {name: text.encode("utf-8") for name, text in rendered.items()}
    for name in VIS_FILES:
        files["lib/" + name] = (vis / name).read_bytes()
    for name in STATIC:
        files["lib/" + name] = (TEMPLATES / name).read_bytes()
    out.mkdir(parents=True, exist_ok=True)
    temps: dict[str, str] = {}
    mode = file_mode()
    try:
        for name in sorted(files):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp",
                                       dir=target.parent)
            temps[name] = tmp
            with os.fdopen(fd, "wb") as fh:
                fh.write(files[name])
            os.chmod(tmp, mode)
        for name, tmp in temps.items():
            os.replace(tmp, out / name)
        temps.clear()
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
    for folder in ("ego", "council", "inspector"):
        if (out / folder).is_dir():
            for stale in (out / folder).glob("*.html"):
                if f"{folder}/{stale.name}" not in files:
                    stale.unlink()
