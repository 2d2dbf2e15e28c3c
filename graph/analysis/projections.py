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

from collections import Counter, defaultdict
from collections.abc import Iterable

__all__ = [
    "TYPE_PRIORITY", "entity_graph", "primary_type", "describe_nodes", "career_graph",
    "council_theme_graph", "theme_cooccurrence_graph", "causal_graph",
]

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
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import SKOS

    from graph.store.derived import DERIVED_GRAPH
    from graph.vocab import ONTOLOGY_GRAPH, compact

    rdf_type, rdfs_label, pref_label = str(RDF.type), str(RDFS.label), str(SKOS.prefLabel)
    ontology, derived = str(ONTOLOGY_GRAPH), str(DERIVED_GRAPH)
    short: dict[str, str] = {}  # predicate -> compact form (few predicates, many quads)
    names: dict[str, str] = {}  # literal predicate -> attribute name
    concept_labels: dict[str, str] = {}
    classes: dict[str, list[str]] = defaultdict(list)
    literals: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    links: list[tuple[str, str, str, str]] = []
    for s, p, o, kind, g in quad_strings(store):
        if g == ontology:
            if p == pref_label:
                concept_labels[s] = o
            continue
        if g == derived:  # tallies and shortcuts computed from the rest: not entities
            continue
        if p == rdf_type:
            classes[s].append(o)
        elif kind == "literal":
            try:
                name = names[p]
            except KeyError:
                name = names[p] = "label" if p == rdfs_label else compact(p).split(":", 1)[-1]
            literals[s][name].append(o)
        elif kind == "iri":
            try:
                pred = short[p]
            except KeyError:
                pred = short[p] = compact(p)
            links.append((s, pred, o, g))
    g_out = nx.MultiDiGraph()
    kinds: dict[tuple[str, ...], str] = {}
    # the quads come in no fixed order: classes and attributes are sorted, so every build
    # gives the same graph, attribute order included
    for node in sorted(classes):
        key = tuple(sorted(classes[node]))
        kind = kinds.get(key) or kinds.setdefault(key, primary_type(key))
        if kind in SKIP_TYPES:
            continue
        if not include_sources and kind in ("ReaderComment", "InspectionReport", "NewsArticle",
                                            "Dataset", "SourceDocument"):
            continue
        attrs = {name: "; ".join(sorted(set(vals)))
                 for name, vals in sorted(literals[node].items())}
        attrs["type"] = kind
        if "label" not in attrs:
            attrs["label"] = compact(URIRef(node))
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


def quad_strings(store):
    """Every quad of the store's named graphs as strings: (subject, predicate, object,
    object kind, graph), the kind ``"iri"``, ``"literal"`` or ``"blank"``.

    Stores that can (Oxigraph) give them without making rdflib terms, which is most of
    the time of a projection of a large graph.
    """
    own = getattr(store, "quad_strings", None)
    if own is not None:
        yield from own()
        return
    from rdflib import Literal, URIRef

    for s, p, o, g in store.quads():
        kind = "literal" if isinstance(o, Literal) else "iri" if isinstance(o, URIRef) else \
            "blank"
        yield str(s), str(p), str(o), kind, str(g)


# --- named projections ----------------------------------------------------------------------
# Each takes a store (or anything with a ``.store``, such as an InspectionGraph) and returns a
# NetworkX graph whose node ids are IRIs and whose every node has ``type`` and ``label`` and
# every edge ``predicate``. docs/analysis.md describes each one.

def _store_of(source):
    return getattr(source, "store", source)


def _select(store, sparql: str) -> list[tuple]:
    from graph.sparql.text import prefixed

    return list(store.query(prefixed(sparql)).rows)


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in sorted(set(iris)))


def describe_nodes(source, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """``type``, ``label`` and the literal attributes of the entities ``iris``.

    Attributes are named as in :func:`entity_graph`: a literal's predicate local
    name (``statement``, ``date``), or, for a link to a concept of a scheme, the
    concept's label (``theme``, ``polarity``); several values are joined with
    ``"; "``.

    Parameters
    ----------
    source : Store or InspectionGraph
    iris : iterable of str

    Returns
    -------
    dict
        IRI -> attributes (every IRI given is present).
    """
    from rdflib import RDF, RDFS, Literal, URIRef

    from graph.vocab import compact

    iris = sorted(set(iris))
    out: dict[str, dict[str, str]] = {i: {} for i in iris}
    if not iris:
        return out
    classes: dict[str, list[str]] = defaultdict(list)
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for start in range(0, len(iris), 500):
        rows = _select(_store_of(source), (
            "SELECT ?s ?p ?o ?ol WHERE { VALUES ?s { " + _values(iris[start:start + 500])
            + " } ?s ?p ?o . OPTIONAL { ?o skos:prefLabel ?ol } "
            "FILTER(isLiteral(?o) || ?p = rdf:type || BOUND(?ol)) }"))
        for s, p, o, ol in rows:
            key = str(s)
            if p == RDF.type:
                classes[key].append(str(o))
            elif isinstance(o, Literal):
                name = "label" if p == RDFS.label else compact(p).split(":", 1)[-1]
                values[key][name].add(str(o))
            elif ol is not None and isinstance(o, URIRef):
                values[key][compact(p).split(":", 1)[-1]].add(str(ol))
    for iri in iris:
        attrs = {name: "; ".join(sorted(vals)) for name, vals in values[iri].items()}
        attrs["type"] = primary_type(classes[iri])
        attrs.setdefault("label", compact(URIRef(iri)))
        out[iri] = attrs
    return out


def _top_organisations(store) -> dict[str, str]:
    """Organisation unit -> the organisation it belongs to, following ``org:unitOf`` upwards."""
    parent: dict[str, str] = {}
    for unit, whole in _select(store, "SELECT ?u ?o WHERE { ?u org:unitOf ?o } ORDER BY ?u ?o"):
        parent.setdefault(str(unit), str(whole))
    top = {}
    for unit in parent:
        seen, node = {unit}, parent[unit]
        while node in parent and parent[node] not in seen:
            seen.add(node)
            node = parent[node]
        top[unit] = node
    return top


def career_graph(source):
    """People and the organisations where they held posts: one edge per tenure.

    Nodes are people (``type`` ``Person``) and organisations (``Council``,
    ``GovernmentDepartment`` ...); a post in a unit of an organisation (an
    improvement board of a council, say) counts for the organisation it belongs
    to, and the edge names the unit. Edges go from the person to the
    organisation, keyed by the tenure IRI, with ``predicate`` ``org:memberOf``
    and the attributes ``tenure``, ``post``, ``post_label``, ``role`` (a concept
    of the role scheme, such as ``director-of-childrens-services``),
    ``role_label``, ``status`` (``current``, ``former`` or ``unknown``) and,
    where known, ``start``, ``end`` and ``unit``.

    Parameters
    ----------
    source : Store or InspectionGraph

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> import graph
    >>> g = career_graph(graph.load(validate=False))
    >>> sorted(g.nodes[o]["label"] for o in g["https://w3id.org/inspection-graph/id/person/john-readman"])
    ['Bristol City Council', 'Lancashire County Council', 'West Sussex County Council']
    """
    import networkx as nx

    store = _store_of(source)
    rows = _select(store, """
        SELECT ?tenure ?person ?post ?org ?role ?roleLabel ?postLabel ?start ?end ?status WHERE {
          ?tenure a ig:Tenure ; ig:holder ?person ; ig:post ?post .
          ?post org:postIn ?org .
          OPTIONAL { ?post ig:role ?role OPTIONAL { ?role skos:prefLabel ?roleLabel } }
          OPTIONAL { ?post rdfs:label ?postLabel }
          OPTIONAL { ?tenure ig:start ?start } OPTIONAL { ?tenure ig:end ?end }
          OPTIONAL { ?tenure ig:tenureStatus ?status }
        } ORDER BY ?tenure""")
    top = _top_organisations(store)
    edges: dict[str, tuple[str, str, dict]] = {}
    for tenure, person, post, org, role, role_label, post_label, start, end, status in rows:
        key = str(tenure)
        if key in edges:  # several values of an optional field: keep the first
            continue
        org_key = top.get(str(org), str(org))
        attrs = {"predicate": "org:memberOf", "tenure": key, "post": str(post),
                 "post_label": str(post_label or ""),
                 "role": str(role).rsplit("/", 1)[-1] if role is not None else "",
                 "role_label": str(role_label or ""),
                 "status": str(status).rsplit("/", 1)[-1] if status is not None else "unknown"}
        if start is not None:
            attrs["start"] = str(start)
        if end is not None:
            attrs["end"] = str(end)
        if org_key != str(org):
            attrs["unit"] = str(org)
        edges[key] = (str(person), org_key, attrs)
    g = nx.MultiDiGraph(projection="career")
    nodes = {p for p, _o, _a in edges.values()} | {o for _p, o, _a in edges.values()}
    for iri, attrs in describe_nodes(store, nodes).items():
        g.add_node(iri, **_node_core(attrs))
    for key in sorted(edges):
        person, org, attrs = edges[key]
        g.add_edge(person, org, key=key, **attrs)
    return g


def _node_core(attrs: dict[str, str], keep: tuple[str, ...] = ("gssCode", "dfeCode")) -> dict:
    out = {"type": attrs["type"], "label": attrs["label"]}
    out.update({k: attrs[k] for k in keep if k in attrs})
    return out


def _theme_rows(store) -> list[tuple[str, str, str, str | None, str]]:
    """(item, theme, theme label, inspection or None, council) of every themed finding or
    recommendation whose council is known (through its inspection or what it concerns)."""
    rows = _select(store, """
        SELECT DISTINCT ?item ?theme ?themeLabel ?insp ?subject ?concerns WHERE {
          VALUES ?cls { ig:Finding ig:Recommendation }
          ?item a ?cls ; ig:theme ?theme .
          OPTIONAL { ?theme skos:prefLabel ?themeLabel }
          OPTIONAL { ?item ig:fromInspection ?insp OPTIONAL { ?insp ig:subject ?subject } }
          OPTIONAL { ?item ig:concerns ?concerns }
        } ORDER BY ?item ?theme""")
    councils = {str(r[0]) for r in _select(store, "SELECT ?c WHERE { ?c a ig:Council }")}
    top = _top_organisations(store)
    out, seen = [], set()
    for item, theme, theme_label, insp, subject, concerns in rows:
        council = None
        for candidate in (subject, concerns):
            if candidate is not None:
                candidate = top.get(str(candidate), str(candidate))
                if candidate in councils:
                    council = candidate
                    break
        key = (str(item), str(theme))
        if council is None or key in seen:
            continue
        seen.add(key)
        label = str(theme_label) if theme_label is not None else str(theme).rsplit("/", 1)[-1]
        out.append((str(item), str(theme), label, str(insp) if insp is not None else None,
                    council))
    return out


def council_theme_graph(source):
    """Bipartite graph of councils and the themes of the findings about them.

    Councils (``type`` ``Council``, ``bipartite`` 0) link to themes (``type``
    ``Theme``, ``bipartite`` 1; node id the theme concept's IRI) when at least
    one finding or recommendation about the council carries the theme: from an
    inspection of the council, or concerning the council or one of its units.
    Edge ``predicate`` is ``ig:theme`` (it stands for the path
    ``^ig:subject/^ig:fromInspection/ig:theme``); ``weight`` counts the
    findings and recommendations, ``inspections`` the inspections they come from.

    Parameters
    ----------
    source : Store or InspectionGraph

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> import graph
    >>> g = council_theme_graph(graph.load(validate=False))
    >>> g.nodes["https://w3id.org/inspection-graph/scheme/theme/neglect"]["type"]
    'Theme'
    """
    import networkx as nx

    store = _store_of(source)
    rows = _theme_rows(store)
    items: dict[tuple[str, str], set[str]] = defaultdict(set)
    inspections: dict[tuple[str, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for item, theme, label, insp, council in rows:
        items[(council, theme)].add(item)
        if insp is not None:
            inspections[(council, theme)].add(insp)
        labels[theme] = label
    g = nx.Graph(projection="council-theme")
    for iri, attrs in describe_nodes(store, {c for c, _t in items}).items():
        g.add_node(iri, bipartite=0, **_node_core(attrs))
    for theme in sorted(labels):
        g.add_node(theme, type="Theme", label=labels[theme], bipartite=1)
    for council, theme in sorted(items):
        g.add_edge(council, theme, predicate="ig:theme", weight=len(items[(council, theme)]),
                   inspections=len(inspections[(council, theme)]))
    return g


def theme_cooccurrence_graph(source):
    """Themes, linked when they occur together: the projection of the council-theme graph.

    Nodes are the themes of :func:`council_theme_graph`. Two themes are linked
    (``predicate`` ``ig:coOccursWith``, a relation of this projection only)
    when they occur in the findings and recommendations of the same inspection
    or about the same council. Edge attributes: ``inspections`` (inspections
    where both occur), ``councils`` (councils where both occur), ``findings``
    (findings or recommendations carrying both), ``lift`` (how many times more
    often both tag one finding than if themes were tagged independently:
    ``findings * N / (n_a * n_b)``, ``N`` the themed findings, ``n_a`` and
    ``n_b`` those carrying each theme) and ``weight`` (= ``inspections``, or
    ``councils`` when no inspection has both). Nodes carry ``findings`` (the
    findings and recommendations with that theme); the graph carries
    ``themed_findings`` (``N``).

    Parameters
    ----------
    source : Store or InspectionGraph

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> import graph
    >>> g = theme_cooccurrence_graph(graph.load(validate=False))
    >>> theme = "https://w3id.org/inspection-graph/scheme/theme/"
    >>> g.edges[theme + "leadership", theme + "workforce-stability"]["findings"]
    2
    """
    from itertools import combinations

    import networkx as nx

    rows = _theme_rows(_store_of(source))
    by_group: dict[str, dict[str, set[str]]] = {"inspections": defaultdict(set),
                                                "councils": defaultdict(set),
                                                "findings": defaultdict(set)}
    labels: dict[str, str] = {}
    for item, theme, label, insp, council in rows:
        labels[theme] = label
        by_group["councils"][council].add(theme)
        by_group["findings"][item].add(theme)
        if insp is not None:
            by_group["inspections"][insp].add(theme)
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"inspections": 0, "councils": 0, "findings": 0})
    for name, groups in by_group.items():
        for themes in groups.values():
            for a, b in combinations(sorted(themes), 2):
                counts[(a, b)][name] += 1
    per_theme: Counter[str] = Counter(t for themes in by_group["findings"].values()
                                      for t in themes)
    themed = len(by_group["findings"])
    g = nx.Graph(projection="theme-cooccurrence", themed_findings=themed)
    for theme in sorted(labels):
        g.add_node(theme, type="Theme", label=labels[theme], findings=per_theme[theme])
    for (a, b), c in sorted(counts.items()):
        lift = round(c["findings"] * themed / (per_theme[a] * per_theme[b]), 3) \
            if per_theme[a] and per_theme[b] else 0.0
        g.add_edge(a, b, predicate="ig:coOccursWith", weight=c["inspections"] or c["councils"],
                   lift=lift, **c)
    return g


def causal_graph(source):
    """The causal graph: findings and events linked by the causal links sources claim.

    Nodes are the findings and events that are the cause or the effect of an
    ``ig:CausalLink`` (``type`` ``Finding`` or ``Event``, ``label``, and their
    ``statement``, ``date``, ``eventType``, ``theme``, ``polarity`` where
    known). Each causal link is one edge from cause to effect, keyed by the
    link's IRI, with ``predicate`` ``ig:contributesTo``, ``link`` (its IRI),
    ``statement`` and ``claimedBy`` (the source claiming it).

    Parameters
    ----------
    source : Store or InspectionGraph

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> import graph
    >>> g = causal_graph(graph.load(validate=False))
    >>> g.number_of_edges()
    15
    """
    import networkx as nx

    store = _store_of(source)
    rows = _select(store, """
        SELECT ?link ?cause ?effect ?statement ?claimedBy WHERE {
          ?link a ig:CausalLink ; ig:cause ?cause ; ig:effect ?effect .
          OPTIONAL { ?link ig:statement ?statement }
          OPTIONAL { ?link ig:claimedBy ?claimedBy }
        } ORDER BY ?link""")
    edges: dict[str, tuple[str, str, dict]] = {}
    for link, cause, effect, statement, claimed in rows:
        if str(link) in edges:
            continue
        attrs = {"predicate": "ig:contributesTo", "link": str(link),
                 "statement": str(statement or ""), "claimedBy": str(claimed or "")}
        edges[str(link)] = (str(cause), str(effect), attrs)
    keep = ("statement", "date", "eventType", "theme", "polarity")
    g = nx.MultiDiGraph(projection="causal")
    nodes = {c for c, _e, _a in edges.values()} | {e for _c, e, _a in edges.values()}
    for iri, attrs in describe_nodes(store, nodes).items():
        g.add_node(iri, **_node_core(attrs, keep))
    for key in sorted(edges):
        cause, effect, attrs = edges[key]
        g.add_edge(cause, effect, key=key, **attrs)
    return g
