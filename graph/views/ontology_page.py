"""The ontology as a page: every class, property and concept scheme of ``ontology/``.

:func:`ontology_terms` reads the OWL ontology and the SKOS schemes into plain
rows (label, comment, domain, range ...) that the views' ``ontology.html``
template renders, escaped.

Examples
--------
>>> terms = ontology_terms()
>>> [c["name"] for c in terms["classes"]][:3]
['ig:Board', 'ig:CausalLink', 'ig:ChildrensServices']
>>> next(s for s in terms["schemes"] if s["name"] == "igs:grade")["concepts"][0]["label"]
'Outstanding'
"""

from __future__ import annotations

__all__ = ["ontology_terms"]


def _text(g, node, *predicates) -> str:
    for p in predicates:
        values = sorted(str(v) for v in g.objects(node, p))
        if values:
            return values[0]
    return ""


def _describe(g, node) -> str:
    """A class expression in words: a name, or ``A or B`` for an ``owl:unionOf``."""
    from rdflib import OWL, BNode
    from rdflib.collection import Collection

    from graph.vocab import compact

    if isinstance(node, BNode):
        union = g.value(node, OWL.unionOf)
        if union is not None:
            return " or ".join(sorted(compact(m) for m in Collection(g, union)))
        return "(an anonymous class)"
    return compact(node)


def ontology_terms() -> dict[str, list[dict]]:
    """Classes, properties and concept schemes of the project's ontology, sorted by name.

    Returns
    -------
    dict
        ``classes`` (name, label, comment, parents), ``properties`` (name,
        kind, label, comment, domain, range, parents), ``reused`` (standard
        terms the ontology declares for itself) and ``schemes`` (name, label,
        comment, concepts: name, label, notation, definition, rank).
    """
    from rdflib import OWL, RDF, RDFS, URIRef
    from rdflib.namespace import SKOS

    from graph.vocab import IG, compact, load_ontology

    g = load_ontology()
    own = str(IG)
    classes, properties, reused = [], [], []
    for cls in sorted(set(g.subjects(RDF.type, OWL.Class)), key=str):
        if not isinstance(cls, URIRef):
            continue
        row = {"name": compact(cls), "iri": str(cls), "label": _text(g, cls, RDFS.label),
               "comment": _text(g, cls, RDFS.comment),
               "parents": ", ".join(sorted(_describe(g, p) for p in
                                           g.objects(cls, RDFS.subClassOf)))}
        (classes if str(cls).startswith(own) else reused).append(row)
    kinds = {OWL.ObjectProperty: "object", OWL.DatatypeProperty: "datatype",
             OWL.AnnotationProperty: "annotation"}
    for kind, word in kinds.items():
        for prop in sorted(set(g.subjects(RDF.type, kind)), key=str):
            row = {"name": compact(prop), "iri": str(prop), "kind": word,
                   "label": _text(g, prop, RDFS.label), "comment": _text(g, prop, RDFS.comment),
                   "domain": ", ".join(sorted(_describe(g, d) for d in g.objects(prop,
                                                                                 RDFS.domain))),
                   "range": ", ".join(sorted(_describe(g, r) for r in g.objects(prop,
                                                                                RDFS.range))),
                   "parents": ", ".join(sorted(compact(p) for p in
                                               g.objects(prop, RDFS.subPropertyOf)))}
            (properties if str(prop).startswith(own) else reused).append(row)
    properties.sort(key=lambda r: r["name"])
    reused.sort(key=lambda r: r["name"])
    schemes = []
    for scheme in sorted(set(g.subjects(RDF.type, SKOS.ConceptScheme)), key=str):
        concepts = []
        for concept in set(g.subjects(SKOS.inScheme, scheme)):
            rank = g.value(concept, IG.gradeRank)
            concepts.append({"name": compact(concept), "iri": str(concept),
                             "label": _text(g, concept, SKOS.prefLabel, RDFS.label),
                             "notation": _text(g, concept, SKOS.notation),
                             "alt": ", ".join(sorted(str(a) for a in
                                                     g.objects(concept, SKOS.altLabel))),
                             "definition": _text(g, concept, SKOS.definition, RDFS.comment),
                             "rank": int(rank) if rank is not None else None})
        concepts.sort(key=lambda c: (c["rank"] if c["rank"] is not None else 99, c["name"]))
        schemes.append({"name": compact(scheme), "iri": str(scheme),
                        "label": _text(g, scheme, SKOS.prefLabel, RDFS.label),
                        "comment": _text(g, scheme, SKOS.definition, RDFS.comment),
                        "concepts": concepts})
    return {"classes": classes, "properties": properties, "reused": reused, "schemes": schemes}
