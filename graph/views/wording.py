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

__all__ = ["node_facts", "edge_phrase", "node_label", "dates_in_words", "ATTRIBUTE_NAMES",
           "LINK_PHRASES"]

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
    "closeness": "Closeness", "neighbourRank": "Neighbour rank",
    "overallChange": "Change of overall grade", "pageCount": "Pages", "rowCount": "Rows",
}
_SKIP_ATTRIBUTES = {"type", "label", "fieldworkStart", "fieldworkEnd", "start", "end", "value",
                    "unit", "sha256", "textLength", "textFile", "prefLabel", "gradeRank",
                    "machineClassified", "confidence", "identifier", "notation", "position",
                    "fileSha256", "fileName", "textExtractor", "generatedAtTime",
                    "repeatSimilarity", "creditText"}

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
    "ig:neighbour": ("The neighbour:", None),
    "ig:neighbourOf": ("Neighbour of", None),
    "ig:region": ("Region:", "Has the council"),
    "ig:latestInspection": ("Latest inspection:", "Latest inspection of"),
    "ig:broaderArea": ("Part of", "Has the area"),
    "ig:repeats": ("Repeats", "Repeated by"),
    "prov:wasDerivedFrom": ("Derived from", "Source of"),
    "dct:hasPart": ("Has the file", "Part of"),
    "dct:rightsHolder": ("Rights held by", "Holds the rights to"),
    "schema:about": ("About", "Report:"),
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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ISO_DATE = re.compile(r"(?<![\w/.-])(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01])"
                       r"(?:T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?"
                       r"(?![\w/:]|-\d)")
# Types whose labels are quotations (a passage's first sentence ...): left as written.
TEXT_TYPES = frozenset({"Finding", "Recommendation", "Event", "CausalLink"})
_IDENTIFIER = re.compile(r"^(?:[a-z][\w-]*:[\w/.#-]+|[a-z]+://\S+)$")


def dates_in_words(text: str) -> str:
    """ISO dates written as dates: ``2019-02-25`` -> ``25 February 2019``, ``2019-02`` ->
    ``February 2019`` (a school year such as ``2019-20`` is left alone).

    >>> dates_in_words("Fieldwork from 2019-02-25 to 2019-03, for 2019-20")
    'Fieldwork from 25 February 2019 to March 2019, for 2019-20'
    >>> dates_in_words("Comment by Esther, 2019-05-31T07:32")
    'Comment by Esther, 31 May 2019, 07:32'
    """
    def words(m: re.Match) -> str:
        month = _MONTHS[int(m.group(2)) - 1]
        if not m.group(3):
            return f"{month} {m.group(1)}"
        day = f"{int(m.group(3))} {month} {m.group(1)}"
        return f"{day}, {m.group(4)}" if m.group(4) else day

    return _ISO_DATE.sub(words, text)


def _measure_words(slug: str) -> str:
    """``absence-rate-fte`` -> ``Absence rate (FTE)``."""
    text = slug.replace("-fte", " (FTE)").replace("-", " ")
    return text[:1].upper() + text[1:]


def node_label(g, node: str) -> str:
    """The label of ``node`` in words, never an identifier, with its dates as dates.

    A node of the entity graph without a label of its own (its label is then a compact
    IRI) is named from its links: a statistical neighbour link by the two councils, an
    import by its dataset; anything else by its type.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("l", type="NeighbourLink", label="igid:neighbour-link/E1/3", neighbourRank="3")
    >>> g.add_node("a", type="Council", label="Avonshire")
    >>> g.add_node("b", type="Council", label="Brent")
    >>> _ = g.add_edge("l", "a", predicate="ig:neighbour")
    >>> _ = g.add_edge("l", "b", predicate="ig:neighbourOf")
    >>> node_label(g, "l")
    'Avonshire: neighbour 3 of Brent'
    """
    data = g.nodes[node]
    label = str(data.get("label") or "")
    kind = str(data.get("type", "Thing"))
    if not label or _IDENTIFIER.match(label) or label == node:
        out = {d.get("predicate"): other for _, other, d in g.out_edges(node, data=True)}
        name = {p: str(g.nodes[o].get("label", "")) for p, o in out.items()}
        if kind == "NeighbourLink" and "ig:neighbour" in name and "ig:neighbourOf" in name:
            rank = data.get("neighbourRank")
            label = f"{name['ig:neighbour']}: neighbour {rank + ' ' if rank else ''}of " \
                    f"{name['ig:neighbourOf']}"
        elif "prov:wasDerivedFrom" in name:
            label = f"Import of {name['prov:wasDerivedFrom']}"
        else:
            text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind)
            label = text[:1] + text[1:].lower()
    return label if kind in TEXT_TYPES else dates_in_words(label)


def _span(start: str | None, end: str | None) -> str:
    if start and end:
        return f"from {start} to {end}"
    return f"from {start}" if start else f"until {end}"


def _attribute_facts(data: dict) -> list[str]:
    facts = []
    if data.get("statement"):
        facts.append(str(data["statement"]))
    more = []
    if data.get("fieldworkStart") or data.get("fieldworkEnd"):
        more.append("Fieldwork " + _span(data.get("fieldworkStart"), data.get("fieldworkEnd")))
    if data.get("start") or data.get("end"):
        more.append("Held " + _span(data.get("start"), data.get("end")))
    if data.get("value"):
        unit = data.get("unit", "")
        more.append(f"Value: {data['value']}" + ("%" if unit == "percent" else
                                                 f" {unit.replace('-', ' ')}" if unit else ""))
    ordered = [k for k in ATTRIBUTE_NAMES if k in data and k != "statement"]
    ordered += sorted(k for k in data if k not in ATTRIBUTE_NAMES and k not in _SKIP_ATTRIBUTES)
    for key in ordered:
        if key in _SKIP_ATTRIBUTES:
            continue
        value = str(data[key])
        if key == "measure":
            value = _measure_words(value)
        if value:
            more.append(f"{ATTRIBUTE_NAMES.get(key) or _words(key)}: {value}")
    return facts + [dates_in_words(f) for f in more]


_ENDS_WITH_PREPOSITION = re.compile(r"\b(of|in|by|to|on|from|for|with|about|at)$", re.I)


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
            words = _words(predicate)
            if side == 0:
                phrase = words + ("" if _ENDS_WITH_PREPOSITION.search(words) else ":")
            else:
                phrase = f"Linked ({words.lower()}) from"
        else:
            phrase = phrases[side]
        if phrase is None:
            continue
        label = node_label(g, other)
        names = grouped.setdefault(phrase, [])
        if label not in names:
            names.append(label)
    for phrase, names in grouped.items():
        facts += [f"{phrase} {name}" for name in sorted(names)[:limit]]
        if len(names) > limit:
            facts.append(f"{phrase} {len(names) - limit} more")
    return facts
