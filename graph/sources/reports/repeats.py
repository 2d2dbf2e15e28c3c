"""Recommendations Ofsted made before and makes again: ``ig:repeats`` links between reports.

Each recommendation of a graded inspection (ILACS standard or short, SIF) is
compared with every recommendation of the same council's previous graded
inspection whose report the store holds; the most similar one is linked by
``ig:repeats`` when their similarity reaches :data:`THRESHOLD`. Similarity is
the cosine of TF-IDF vectors of the two texts' words (lower-cased, words of
three letters or more, common words and a plural ``s`` removed; inverse
document frequency over every recommendation of the store). The links go in
one named graph of their own (:data:`REPEATS_SOURCE`), made again after each
import of reports.

Examples
--------
>>> docs = [words("Improve the timeliness of child protection conferences."),
...         words("Ensure child protection conferences are timely and well attended."),
...         words("Recruit more foster carers.")]
>>> vectors = tfidf(docs)
>>> round(cosine(vectors[0], vectors[1]), 2) > round(cosine(vectors[0], vectors[2]), 2)
True
"""

from __future__ import annotations

import math
import re
from collections import Counter

__all__ = ["THRESHOLD", "REPEATS_SOURCE", "GRADED_TYPES", "words", "terms", "tfidf", "cosine",
           "repeat_links", "link_repeats"]

THRESHOLD = 0.2
REPEATS_SOURCE = "report-repeats"
GRADED_TYPES = ("standard", "short", "sif-inspection")
_STOP = frozenset("""the and that for are with all their this from has have been was were its
their they them those these such which who whom when where while into onto than then there
also including include includes ensure ensuring improve improving improvement make makes made
more most well other each both between within across through about any can could should would
will may must not only own out over under upon very what how why our your his her being does
paragraph paragraphs quality consistency consistent consistently timeliness timely effective
effectiveness impact children child young people person strengthen increase review provide
take action steps further continue sure range level""".split())


def words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning: lower-cased, three letters or more, common
    words and a final plural ``s`` removed.

    >>> words("Ensure that plans for children are SMART")
    ['plan', 'smart']
    """
    out = []
    for w in re.findall(r"[a-z]{3,}|\d+", text.lower().replace("’", "'")):
        if w in _STOP:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def terms(text: str) -> list[str]:
    """The words of ``text`` (:func:`words`) and each pair of neighbouring words.

    >>> terms("return home interviews")
    ['return', 'home', 'interview', 'return home', 'home interview']
    """
    ws = words(text)
    return ws + [f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)]


def tfidf(docs: list[list[str]]) -> list[dict[str, float]]:
    """TF-IDF vectors (unit length) of tokenised documents; idf = ln((1 + n) / (1 + df)) + 1."""
    df = Counter(w for d in docs for w in set(d))
    n = len(docs)
    vectors = []
    for d in docs:
        tf = Counter(d)
        v = {w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def repeat_links(rows: list[tuple[str, str, str, str, str]], threshold: float = THRESHOLD
                 ) -> list[tuple[str, str, float]]:
    """``(recommendation, earlier recommendation, similarity)`` for every recommendation
    whose best match in the council's previous graded inspection reaches ``threshold``.

    Parameters
    ----------
    rows : list of (recommendation, text, council, inspection, start)
        Every recommendation of a graded inspection.
    """
    vectors = dict(zip((r[0] for r in rows), tfidf([terms(r[1]) for r in rows]), strict=True))
    by_inspection: dict[str, list[str]] = {}
    starts: dict[str, tuple[str, str]] = {}
    for rec, _text, council, inspection, start in rows:
        by_inspection.setdefault(inspection, []).append(rec)
        starts[inspection] = (council, start)
    by_council: dict[str, list[tuple[str, str]]] = {}
    for inspection, (council, start) in starts.items():
        by_council.setdefault(council, []).append((start, inspection))
    links = []
    for inspections in by_council.values():
        inspections.sort()
        for (_, before), (_, now) in zip(inspections, inspections[1:], strict=False):
            for rec in by_inspection[now]:
                scored = [(cosine(vectors[rec], vectors[old]), old) for old in
                          by_inspection[before]]
                if not scored:
                    continue
                score, old = max(scored, key=lambda s: (s[0], s[1]))
                if score >= threshold:
                    links.append((rec, old, round(score, 3)))
    return sorted(links)


def link_repeats(store) -> int:
    """Make the ``ig:repeats`` links of every recommendation the store holds from reports,
    in their own named graph (replacing the old one); returns how many links."""
    from rdflib import URIRef

    from graph import vocab
    from graph.build.dataset import decimal_literal
    from graph.sparql.text import prefixed
    from graph.vocab import IG, scheme_iri

    types = " ".join(f"<{scheme_iri('inspection-type', t)}>" for t in GRADED_TYPES)
    prefix = str(vocab.graph_iri("ofsted-report-"))
    found = store.query(prefixed(f"""
        SELECT ?rec ?text ?council ?inspection ?start WHERE {{
          GRAPH ?g {{ ?rec a ig:Recommendation ; ig:statement ?text ;
                         ig:fromInspection ?inspection .
                     ?inspection ig:inspectionType ?type }}
          FILTER(STRSTARTS(STR(?g), "{prefix}"))
          VALUES ?type {{ {types} }}
          ?inspection ig:subject ?council .
          OPTIONAL {{ ?inspection ig:fieldworkStart ?s }}
          BIND(COALESCE(STR(?s), "") AS ?start)
        }}""")).rows
    rows = sorted({(str(r), str(t), str(c), str(i), str(s)) for r, t, c, i, s in found})
    links = repeat_links(rows)
    triples = []
    for rec, old, score in links:
        triples.append((URIRef(rec), IG.repeats, URIRef(old)))
        triples.append((URIRef(rec), IG.repeatSimilarity, decimal_literal(score)))
    store.replace_graph(vocab.graph_iri(REPEATS_SOURCE), triples)
    return len(links)
