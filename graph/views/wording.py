"""The facts of an entity in words, for the side panel of the views.

Facts come from the entity graph (:func:`graph.projections.entity_graph`):
a node's literal attributes ("GSS code E10000032", "Fieldwork from 2019-02 to
2019-03") and its links both ways ("Inspection of West Sussex County Council",
"Inspected in ILACS Standard Inspection of ..."). The result is plain text:
the views escape it where it reaches HTML.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("c", type="Council", label="Northmoor", gssCode="E06009999")
>>> g.add_node("i", type="Inspection", label="Inspection of Northmoor, 2022")
>>> g.add_edge("i", "c", key="ig:subject", predicate="ig:subject")
'ig:subject'
>>> node_facts(g, "i")
['Inspection of Northmoor']
>>> node_facts(g, "c")
['GSS code: E06009999', 'Inspected in Inspection of Northmoor, 2022']
"""

from __future__ import annotations

import re

__all__ = ["node_facts", "edge_phrase", "ATTRIBUTE_NAMES", "LINK_PHRASES"]

# Attribute (literal or concept) names, in the order shown, with their words.
ATTRIBUTE_NAMES: dict[str, str] = {
    "statement": "", "gssCode": "GSS code", "dfeCode": "DfE code",
    "ofstedRegion": "Ofsted region", "councilStatus": "Council status", "name": "Name",
    "framework": "Framework", "inspectionType": "Type", "visitTheme": "Visit theme",
    "area": "Area", "grade": "Grade", "role": "Role", "tenureStatus": "Status",
    "eventType": "Event type", "date": "Date", "polarity": "Polarity", "theme": "Themes",
    "recommendationArea": "Areas", "measure": "Measure", "asWritten": "As written",
    "population": "Population", "period": "Period", "recommendationCount": "Recommendations",
    "published": "Published", "author": "Author", "title": "Title", "altLabel": "Also called",
    "identifier": "Record id",
}
_SKIP_ATTRIBUTES = {"type", "label", "fieldworkStart", "fieldworkEnd", "start", "end", "value",
                    "unit", "sha256", "textLength", "textFile", "prefLabel", "gradeRank",
                    "machineClassified", "confidence"}

# predicate -> (words seen from the subject, words seen from the object); None hides a side.
# A phrase ending in ":" is a noun ("Judgement: ..."); any other is read on ("Inspection of ...").
LINK_PHRASES: dict[str, tuple[str | None, str | None]] = {
    "ig:subject": ("Inspection of", "Inspected in"),
    "ig:inspectorate": ("Carried out by", "Carried out"),
    "ig:judgement": ("Judgement:", "Judgement of"),
    "ig:previousInspection": ("Follows", "Followed by"),
    "ig:leadInspector": ("Led by", "Led"),
    "ig:concerns": ("About", "Subject of"),
    "ig:fromInspection": ("From", "Gave rise to"),
    "ig:contributesTo": ("Contributes to", "Follows from"),
    "ig:cause": ("Cause:", "Cause in the claim"),
    "ig:effect": ("Effect:", "Effect in the claim"),
    "ig:claimedBy": ("Claimed by", "Claims"),
    "org:holds": ("Holds the post", None),
    "ig:holder": ("Held by", "Held"),
    "ig:post": ("Post:", "Tenure:"),
    "org:postIn": ("A post in", "Has the post"),
    "org:unitOf": ("Part of", "Has the unit"),
    "ig:childrensServicesOf": ("Children's services of", "Children's services:"),
    "ig:chairOf": ("Chairs", "Chaired by"),
    "ig:agent": ("Brought about by", "Agent of"),
    "ig:refArea": ("Area:", "Figure about it:"),
    "ig:commentOn": ("Comment on", "Reader comment:"),
    "ig:replyTo": ("Reply to", "Answered by"),
    "ig:citedFrom": ("Stated in", "States"),
    "schema:publisher": ("Published by", "Published"),
    "dct:references": ("Refers to", "Referred to by"),
    "ig:statisticalNeighbour": ("Statistical neighbour of", "Statistical neighbour of"),
    # Aliases of the links above, said once only.
    "org:member": (None, None), "org:hasPost": (None, None), "org:hasUnit": (None, None),
    "org:organization": (None, None), "prov:wasAssociatedWith": (None, None),
    "prov:wasGeneratedBy": (None, None), "schema:parentItem": (None, None),
}
MAX_LINKS_PER_PHRASE = 12


def _words(name: str) -> str:
    """``fieldworkStart`` -> ``Fieldwork start``; ``org:postIn`` -> ``Post in``."""
    local = name.split(":", 1)[-1]
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("-", " ").lower()
    return text[:1].upper() + text[1:]


def _span(start: str | None, end: str | None) -> str:
    if start and end:
        return f"from {start} to {end}"
    return f"from {start}" if start else f"until {end}"


def _attribute_facts(data: dict) -> list[str]:
    facts = []
    if data.get("statement"):
        facts.append(str(data["statement"]))
    if data.get("fieldworkStart") or data.get("fieldworkEnd"):
        facts.append("Fieldwork " + _span(data.get("fieldworkStart"), data.get("fieldworkEnd")))
    if data.get("start") or data.get("end"):
        facts.append("Held " + _span(data.get("start"), data.get("end")))
    if data.get("value"):
        unit = data.get("unit", "")
        facts.append(f"Value: {data['value']}" + ("%" if unit == "percent" else
                                                  f" {unit.replace('-', ' ')}" if unit else ""))
    ordered = [k for k in ATTRIBUTE_NAMES if k in data and k != "statement"]
    ordered += sorted(k for k in data if k not in ATTRIBUTE_NAMES and k not in _SKIP_ATTRIBUTES)
    for key in ordered:
        if key in _SKIP_ATTRIBUTES:
            continue
        value = str(data[key])
        if value:
            facts.append(f"{ATTRIBUTE_NAMES.get(key) or _words(key)}: {value}")
    return facts


def edge_phrase(predicate: str) -> str:
    """Words for a link, read from its subject: ``ig:subject`` -> ``Inspection of``."""
    out = LINK_PHRASES.get(predicate, (None, None))[0]
    return (out or _words(predicate)).rstrip(":")


def node_facts(g, node: str, *, limit: int = MAX_LINKS_PER_PHRASE) -> list[str]:
    """The facts of ``node`` of the entity graph ``g``, each a short sentence.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        An entity graph (edges carry ``predicate``; nodes ``type`` and ``label``).
    node : str
        The node's id (its IRI).
    limit : int
        At most this many links are listed under one phrase; the rest are counted.

    Returns
    -------
    list of str
    """
    facts = _attribute_facts(g.nodes[node])
    grouped: dict[str, list[str]] = {}
    links = [(data.get("predicate", key), 0, other)
             for _, other, key, data in g.out_edges(node, keys=True, data=True)]
    links += [(data.get("predicate", key), 1, other)
              for other, _, key, data in g.in_edges(node, keys=True, data=True)]
    for predicate, side, other in sorted(links):
        phrases = LINK_PHRASES.get(predicate)
        if phrases is None:
            phrase = _words(predicate) + (":" if side == 0 else " of")
        else:
            phrase = phrases[side]
        if phrase is None:
            continue
        label = str(g.nodes[other].get("label", other))
        names = grouped.setdefault(phrase, [])
        if label not in names:
            names.append(label)
    for phrase, names in grouped.items():
        facts += [f"{phrase} {name}" for name in sorted(names)[:limit]]
        if len(names) > limit:
            facts.append(f"{phrase} {len(names) - limit} more")
    return facts
