"""How two entities are connected: the shortest paths of the entity graph, in words.

A path is a sequence of steps over the entity graph's edges, each travelled
forwards or backwards. :func:`explain_path` writes it as one sentence, with a
phrase per predicate and direction (:data:`PHRASES`) and shorter phrases for
the usual two-step patterns through a post, a tenure, an inspection or a
causal link (a person holds a post at a council; a council's children's
services were inspected by Ofsted).

Examples
--------
>>> import graph
>>> import textwrap
>>> kg = graph.load(validate=False)
>>> print(textwrap.fill(connections(kg, "John Readman", "Ofsted")[0].text, 88))
John Readman holds the post of director of children's services at West Sussex County
Council, whose children's services were inspected by Ofsted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

__all__ = ["PHRASES", "Step", "Connection", "connections", "explain_path"]

#: Predicate -> (phrase travelling subject -> object, phrase travelling object -> subject).
#: ``{y}`` is the entity the step arrives at.
PHRASES: dict[str, tuple[str, str]] = {
    "ig:subject": ("is an inspection of {y}", "had its children's services inspected in {y}"),
    "ig:inspectorate": ("was carried out by {y}", "carried out {y}"),
    "ig:judgement": ("gave {y}", "was given in {y}"),
    "ig:previousInspection": ("followed {y}", "was followed by {y}"),
    "ig:leadInspector": ("was led by {y}", "led {y}"),
    "org:postIn": ("is a post at {y}", "has {y}"),
    "org:holds": ("has held {y}", "has been held by {y}"),
    "ig:holder": ("is the tenure of {y}", "has held {y}"),
    "ig:post": ("is a tenure of {y}", "was held as {y}"),
    "org:organization": ("was held at {y}", "had {y}"),
    "ig:chairOf": ("chairs {y}", "is chaired by {y}"),
    "org:unitOf": ("is part of {y}", "includes {y}"),
    "ig:childrensServicesOf": ("are the children's services of {y}",
                               "has {y} as its children's services"),
    "ig:concerns": ("concerns {y}", "is the subject of {y}"),
    "ig:fromInspection": ("comes from {y}", "reported {y}"),
    "ig:agent": ("was done by {y}", "acted in {y}"),
    "ig:refArea": ("is a figure for {y}", "has {y}"),
    "ig:contributesTo": ("contributed to {y}", "was in part caused by {y}"),
    "ig:cause": ("names as a cause {y}", "is the cause in {y}"),
    "ig:effect": ("names as an effect {y}", "is the effect in {y}"),
    "ig:claimedBy": ("is claimed by {y}", "claims {y}"),
    "ig:citedFrom": ("is cited from {y}", "is the source of {y}"),
    "schema:publisher": ("was published by {y}", "published {y}"),
    "dct:references": ("cites {y}", "is cited by {y}"),
    "ig:commentOn": ("is a comment on {y}", "has {y}"),
    "ig:replyTo": ("replies to {y}", "has the reply {y}"),
    "ig:region": ("is in {y}", "includes {y}"),
    "ig:broaderArea": ("is part of {y}", "includes {y}"),
    "ig:statisticalNeighbour": ("has {y} among its statistical neighbours",
                                "is a statistical neighbour of {y}"),
    "ig:latestInspection": ("was last inspected in {y}", "is the latest inspection of {y}"),
    "ig:neighbourOf": ("is a statistical neighbour link of {y}", "has the neighbour link {y}"),
    "ig:neighbour": ("names as a statistical neighbour {y}", "is named in {y}"),
}

# Predicates that say the same as another one (the other way round when the flag is set).
_SAME_AS: dict[str, tuple[str, bool]] = {
    "org:hasPost": ("org:postIn", True),
    "org:hasUnit": ("org:unitOf", True),
    "org:member": ("ig:holder", False),
    "prov:wasAssociatedWith": ("ig:inspectorate", False),
    "prov:wasGeneratedBy": ("ig:judgement", True),
    "schema:parentItem": ("ig:replyTo", False),
}
_PREFERENCE = list(PHRASES)
_NOUNS = {"Finding": "the finding", "Event": "the event", "Recommendation": "the recommendation",
          "Statistic": "the figure", "CausalLink": "the claim", "Tenure": "the tenure",
          "Judgement": "the judgement", "NewsArticle": "the article",
          "InspectionReport": "the report", "Dataset": "the data set",
          "SourceDocument": "the source"}
_QUOTED = {"Finding", "Event", "Recommendation", "Statistic", "CausalLink", "NewsArticle",
           "InspectionReport", "Dataset", "SourceDocument", "Tenure", "Judgement"}


@dataclass(frozen=True)
class Step:
    """One step of a path: from ``subject`` to ``object`` over ``predicate``.

    ``inverse`` is True when the graph states ``object predicate subject``
    (the step travels the edge backwards).
    """

    subject: str
    predicate: str
    object: str
    inverse: bool = False

    def __str__(self) -> str:
        arrow = f"<-{self.predicate}-" if self.inverse else f"-{self.predicate}->"
        return f"{self.subject} {arrow} {self.object}"


@dataclass(frozen=True)
class Connection:
    """A shortest path between two entities and the sentence that explains it."""

    nodes: list[str]
    steps: list[Step]
    text: str


def connections(kg, a: str, b: str, *, limit: int = 3, max_paths: int = 500,
                include_sources: bool = False) -> list[Connection]:
    """The shortest connections between two entities, each explained in one sentence.

    The paths are the shortest ones of the entity graph (direction ignored);
    paths that read the same are given once, and those that read most simply
    (fewest clauses) come first.

    Parameters
    ----------
    kg : InspectionGraph or networkx.MultiDiGraph
        The graph (or its entity projection, with ``a`` and ``b`` node ids).
    a, b : str
        The two entities: IRI, compact IRI, record id or label.
    limit : int
        How many different connections to return.
    max_paths : int
        How many shortest paths to read at most (there can be very many).
    include_sources : bool
        Let paths pass through source documents (articles, data sets).

    Returns
    -------
    list of Connection
        Empty when the two are not connected.

    Raises
    ------
    UnknownEntityError
        ``a`` or ``b`` matches no entity of the entity graph.
    InspectionGraphError
        ``a`` and ``b`` are the same entity.

    Examples
    --------
    >>> import graph, textwrap
    >>> kg = graph.load(validate=False)
    >>> c = connections(kg, "person:andrew-ireland", "West Sussex County Council")[0]
    >>> print(textwrap.fill(c.text, 88))
    Andrew Ireland chairs West Sussex children's services improvement board, which is part
    of West Sussex County Council.
    """
    import networkx as nx

    from graph.errors import InspectionGraphError, UnknownEntityError

    if isinstance(kg, nx.Graph):
        g = kg
        ends = [a, b]
    else:
        from graph.analysis.projections import entity_graph

        g = entity_graph(kg.store, include_sources=include_sources)
        ends = [_find(g, x) or kg.resolve(x) for x in (a, b)]
        if not include_sources and any(e not in g for e in ends):
            g = entity_graph(kg.store, include_sources=True)
    for name, end in zip((a, b), ends, strict=True):
        if end not in g:
            raise UnknownEntityError(f"{name!r} is not an entity of the entity graph")
    if ends[0] == ends[1]:
        raise InspectionGraphError(f"{a!r} and {b!r} are the same entity")
    simple = nx.Graph()
    simple.add_nodes_from(g)
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    try:
        paths = list(islice(nx.all_shortest_paths(simple, ends[0], ends[1]), max_paths))
    except nx.NetworkXNoPath:
        return []
    found: dict[str, tuple[tuple[int, int], Connection]] = {}
    for nodes in paths:
        steps = [_step(g, x, y) for x, y in zip(nodes, nodes[1:], strict=False)]
        text, clauses, generic = _sentence(g, steps)
        score = (clauses, generic)
        if text not in found or score < found[text][0]:
            found[text] = (score, Connection(list(nodes), steps, text))
    ranked = sorted(found.items(), key=lambda kv: (kv[1][0], kv[0]))
    return [conn for _text, (_score, conn) in ranked[:limit]]


def _find(g, name: str) -> str | None:
    """The one node of ``g`` whose IRI, compact IRI, record id or label is ``name``.

    None when there is none or several (:meth:`InspectionGraph.resolve` then decides,
    with its own clear errors).
    """
    from graph.vocab import PREFIXES

    text = name.strip()
    if text in g:
        return text
    prefix, sep, rest = text.partition(":")
    if sep and prefix in PREFIXES and PREFIXES[prefix] + rest in g:
        return PREFIXES[prefix] + rest
    for fields in (("identifier",), ("label", "altLabel", "name")):
        found = {n for n, d in g.nodes(data=True)
                 if any(text.casefold() in (v.casefold() for v in str(d.get(f, "")).split("; "))
                        for f in fields)}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def explain_path(g, nodes: list[str]) -> str:
    """One sentence explaining a path of the entity graph given as its nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("f", type="Finding", label="Staff left")
    >>> g.add_node("h", type="Finding", label="Work drifted")
    >>> _ = g.add_edge("f", "h", predicate="ig:contributesTo")
    >>> explain_path(g, ["h", "f"])
    'The finding "Work drifted" was in part caused by the finding "Staff left".'
    """
    steps = [_step(g, x, y) for x, y in zip(nodes, nodes[1:], strict=False)]
    return _sentence(g, steps)[0]


# --- steps ----------------------------------------------------------------------------------
def _canonical(predicate: str, inverse: bool) -> tuple[str, bool]:
    if predicate in _SAME_AS:
        name, flip = _SAME_AS[predicate]
        return name, inverse != flip
    return predicate, inverse


def _rank(option: tuple[str, bool]) -> tuple[int, str, bool]:
    pred = option[0]
    return (_PREFERENCE.index(pred) if pred in _PREFERENCE else len(_PREFERENCE), pred,
            option[1])


def _step(g, x: str, y: str) -> Step:
    options = set()
    for (s, o), inverse in (((x, y), False), ((y, x), True)):
        for data in (g.get_edge_data(s, o) or {}).values() if g.is_multigraph() else \
                ([g.get_edge_data(s, o)] if g.has_edge(s, o) else []):
            options.add(_canonical(data.get("predicate", "related"), inverse))
        if not g.is_directed():
            break
    if not options:
        options.add(("related", False))
    pred, inverse = min(options, key=_rank)
    return Step(x, pred, y, inverse)


# --- words ----------------------------------------------------------------------------------
def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if first.isupper() or not text else text[0].lower() + text[1:]


def _name(g, node: str) -> str:
    data = g.nodes[node]
    kind, label = data.get("type", "Thing"), str(data.get("label", node))
    if kind == "Inspection":
        return "the " + re.sub(r", (\d{4}(?:-\d\d){0,2})$", r" (\1)", label)
    if kind == "Post":
        return "the post of " + _lower_first(label.replace(", ", " at ", 1))
    if kind == "ReaderComment":
        return "the " + _lower_first(label)
    if kind in _QUOTED:
        return f'{_NOUNS.get(kind, "the")} "{label.rstrip(".")}"'
    return label


def _holds(status: str | None) -> str:
    return "holds" if (status or "").lower() == "current" else "held"


def _status_between(g, person: str, post: str) -> str | None:
    for tenure in set(g.predecessors(person)) & set(g.predecessors(post)):
        if g.nodes[tenure].get("type") == "Tenure":
            return g.nodes[tenure].get("tenureStatus")
    return None


def _whose(status: str | None, role: str, y: str) -> tuple[str, str]:
    """"X's director of children's services was Y" and "whose ... was Y"."""
    verb = "is" if _holds(status) == "holds" else "was"
    return f"'s {role} {verb} {y}", f"whose {role} {verb} {y}"


def _role(g, node: str) -> str:
    role = g.nodes[node].get("role")
    return _lower_first(str(role)) if role else "a post"


def _pair(g, first: Step, second: Step) -> tuple[str, str | None] | None:
    """A phrase (and its relative-clause form) for two steps through a reifying node."""
    middle = g.nodes[first.object].get("type")
    one, two = (first.predicate, first.inverse), (second.predicate, second.inverse)
    y = _name(g, second.object)
    if middle == "Post" and one == ("org:holds", False) and two == ("org:postIn", False):
        verb = _holds(_status_between(g, first.subject, first.object))
        return f"{verb} the post of {_role(g, first.object)} at {y}", None
    if middle == "Post" and one == ("org:postIn", True) and two == ("org:holds", True):
        return _whose(_status_between(g, second.object, first.object),
                      _role(g, first.object), y)
    if middle == "Tenure" and one == ("ig:holder", True) and two in (("org:organization", False),
                                                                      ("ig:post", False)):
        verb = _holds(g.nodes[first.object].get("tenureStatus"))
        if two[0] == "ig:post":
            return f"{verb} {y}", None
        return f"{verb} the post of {_role(g, first.object)} at {y}", None
    if middle == "Tenure" and one == ("org:organization", True) and two == ("ig:holder", False):
        return _whose(g.nodes[first.object].get("tenureStatus"), _role(g, first.object), y)
    if middle == "Tenure" and one == ("ig:post", True) and two == ("ig:holder", False):
        verb = "is held" if _holds(g.nodes[first.object].get("tenureStatus")) == "holds" \
            else "was held"
        return f"{verb} by {y}", None
    if middle == "Inspection" and one == ("ig:subject", True) and two == ("ig:inspectorate",
                                                                          False):
        return (f"had its children's services inspected by {y}",
                f"whose children's services were inspected by {y}")
    if middle == "Inspection" and one == ("ig:inspectorate", True) and two == ("ig:subject",
                                                                               False):
        return f"inspected the children's services of {y}", None
    if middle == "Inspection" and one == ("ig:subject", True) and two == ("ig:fromInspection",
                                                                          True):
        return f"had an inspection that reported {y}", f"whose inspection reported {y}"
    if middle == "Inspection" and one == ("ig:fromInspection", False) and two == ("ig:subject",
                                                                                  False):
        return f"was reported by an inspection of {y}", None
    if middle == "CausalLink" and one == ("ig:cause", True) and two == ("ig:effect", False):
        return f"contributed to {y}", None
    if middle == "CausalLink" and one == ("ig:effect", True) and two == ("ig:cause", False):
        return f"was in part caused by {y}", None
    return None


def _words(predicate: str) -> str:
    local = predicate.split(":", 1)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


def _single(g, step: Step) -> str:
    y = _name(g, step.object)
    if step.predicate in PHRASES:
        return PHRASES[step.predicate][1 if step.inverse else 0].format(y=y)
    words = _words(step.predicate)
    return f"is the {words} of {y}" if step.inverse else f"has {words} {y}"


def _sentence(g, steps: list[Step]) -> tuple[str, int, int]:
    """The sentence, its number of clauses and of steps without a pattern of their own."""
    clauses: list[tuple[str, str | None, str]] = []  # (phrase, relative form, subject node)
    generic = 0
    i = 0
    while i < len(steps):
        pair = _pair(g, steps[i], steps[i + 1]) if i + 1 < len(steps) else None
        if pair is not None:
            clauses.append((pair[0], pair[1], steps[i].subject))
            i += 2
            continue
        generic += 1
        clauses.append((_single(g, steps[i]), None, steps[i].subject))
        i += 1
    if not clauses:
        return "", 0, 0
    first = steps[0].subject
    head = clauses[0][0]
    parts = [_name(g, first) + ("" if head.startswith("'s ") else " ") + head]
    for phrase, relative, subject in clauses[1:]:
        who = "who" if g.nodes[subject].get("type") == "Person" else "which"
        parts.append(relative if relative is not None else f"{who} {phrase}")
    text = ", ".join(parts) + "."
    return text[0].upper() + text[1:], len(clauses), generic
