"""Concept schemes as record authors meet them: the words of each scheme, and the nearest
allowed words to one that is not in a scheme.

>>> nearest_words("neglected", ["neglect", "child-protection"])
['neglect']
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache

from graph.errors import InspectionGraphError

__all__ = ["Scheme", "concept_schemes", "concept_problem", "scheme_words", "nearest_words",
           "unknown_word_message"]


@dataclass
class Scheme:
    """A concept scheme: its name, label and ``(word, label)`` pairs in the file's order."""

    name: str
    label: str
    words: list[tuple[str, str]]
    other_names: dict[str, list[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def concept_schemes() -> dict[str, Scheme]:
    """Every concept scheme of ``ontology/schemes.ttl``, by name, with its words."""
    from rdflib.namespace import RDF, SKOS

    from graph import vocab

    schemes = vocab.load_schemes()
    base = str(vocab.SCHEME)
    out: dict[str, Scheme] = {}
    for node in sorted(schemes.subjects(RDF.type, SKOS.ConceptScheme)):
        name = str(node)[len(base):]
        words, others = [], {}
        for concept in schemes.subjects(SKOS.inScheme, node):
            word = str(concept)[len(str(node)) + 1:]
            label = str(schemes.value(concept, SKOS.prefLabel) or word)
            words.append((word, label))
            others[word] = [label, *sorted(str(a) for a in schemes.objects(
                concept, SKOS.altLabel)), *sorted(str(a) for a in schemes.objects(
                    concept, SKOS.hiddenLabel))]
        out[name] = Scheme(name, str(schemes.value(node, SKOS.prefLabel) or name),
                           sorted(words), others)
    return out


def scheme_words(scheme: str | None = None) -> list[Scheme]:
    """One scheme (or all of them) with its words and labels.

    Raises
    ------
    InspectionGraphError
        No scheme of that name; the message names the nearest ones.
    """
    schemes = concept_schemes()
    if scheme is None:
        return list(schemes.values())
    if scheme not in schemes:
        near = nearest_words(scheme, list(schemes)) or list(schemes)
        raise InspectionGraphError(f"{scheme!r} is not a concept scheme; nearest: "
                                   f"{', '.join(near)}; see `inspection-graph concepts`")
    return [schemes[scheme]]


def nearest_words(word: str, allowed: list[str], limit: int = 3,
                  other_names: dict[str, list[str]] | None = None) -> list[str]:
    """The allowed words nearest to ``word``, best first.

    A word whose other names (labels, SKOS alternative labels) match comes first, then
    close spellings (:mod:`difflib`), then words sharing a part (``child`` in
    ``child-protection``).

    >>> nearest_words("child-protect", ["child-protection", "children-in-care", "neglect"])
    ['child-protection', 'children-in-care']
    """
    def norm(text: str) -> str:
        return "-".join(text.casefold().replace("'", "").replace("’", "").split())

    target = norm(word)
    by_name = [w for w, names in (other_names or {}).items()
               if w in allowed and any(norm(n) == target or target in norm(n).split("-")
                                       for n in names)]
    close = difflib.get_close_matches(word, allowed, n=limit, cutoff=0.6)
    parts = set(word.split("-"))
    sharing = [w for w in allowed
               if any(p == q or (len(p) > 3 and len(q) > 3 and (q.startswith(p)
                                                                or p.startswith(q)))
                      for p in parts for q in w.split("-"))]
    sharing.sort(key=lambda w: -difflib.SequenceMatcher(None, word, w).ratio())
    ranked: list[str] = []
    for w in by_name + close + sharing:
        if w not in ranked:
            ranked.append(w)
    return ranked[:limit]


def unknown_word_message(word: str, scheme: str, allowed: list[str],
                         other_names: dict[str, list[str]] | None = None) -> str:
    """The one-line message for a word that is not in a scheme, naming the nearest words.

    >>> unknown_word_message("safeguard", "theme", ["safeguarding", "neglect"])
    "'safeguard' is not in the theme scheme; nearest: safeguarding; see `inspection-graph \
concepts theme`"
    """
    near = nearest_words(word, allowed, other_names=other_names)
    shown = (f"nearest: {', '.join(near)}" if near
             else f"allowed: {', '.join(allowed[:6])}{' ...' if len(allowed) > 6 else ''}")
    return (f"{word!r} is not in the {scheme} scheme; {shown}; "
            f"see `inspection-graph concepts {scheme}`")


def concept_problem(scheme: str, word: str) -> str | None:
    """None if ``word`` is a concept of ``scheme``, else the one-line message naming the
    nearest words and the command that lists them."""
    schemes = concept_schemes()
    found = schemes.get(scheme)
    if found is None:
        return f"unknown concept scheme {scheme!r}"
    words = [w for w, _ in found.words]
    if word in words:
        return None
    return unknown_word_message(word, scheme, words, found.other_names)
