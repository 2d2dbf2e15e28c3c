"""Identity across sources: one inspection (or council) is one node, whoever reports it.

Curated records, the national outcomes import and the report reader each
describe inspections; when they describe the same one, its node must be the
same. :class:`InspectionIndex` finds the node a store already has for an
inspection (same council, compatible fieldwork start, same framework and type
where known) or mints a new IRI from the natural key.

Examples
--------
>>> index = InspectionIndex.empty()
>>> str(index.resolve("E10000032", "2019-02-25", framework="ilacs", type="standard"))
'https://w3id.org/inspection-graph/id/inspection/E10000032/2019-02-25'
>>> str(index.resolve("E10000032", "2019-02", framework="ilacs"))
'https://w3id.org/inspection-graph/id/inspection/E10000032/2019-02-25'
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["KnownInspection", "InspectionIndex", "dates_compatible"]


def dates_compatible(a: str, b: str) -> bool:
    """True when two dates at different precisions can be the same day.

    >>> dates_compatible("2019-02", "2019-02-25"), dates_compatible("2019-03", "2019-02-25")
    (True, False)
    """
    short, long = sorted((a, b), key=len)
    return long.startswith(short)


@dataclass
class KnownInspection:
    """An inspection a store already holds."""

    iri: str
    gss: str
    start: str
    framework: str | None = None
    type: str | None = None


@dataclass
class InspectionIndex:
    """The inspections of a store, by council, for matching new reports of them."""

    by_council: dict[str, list[KnownInspection]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> InspectionIndex:
        return cls()

    @classmethod
    def from_store(cls, store) -> InspectionIndex:
        """Read every inspection of ``store`` (one query)."""
        from graph.sparql.text import prefixed

        rows = store.query(prefixed("""
            SELECT ?i ?gss ?start ?framework ?type WHERE {
              ?i a ig:Inspection ; ig:subject ?c ; ig:fieldworkStart ?start .
              ?c ig:gssCode ?gss .
              OPTIONAL { ?i ig:framework ?framework }
              OPTIONAL { ?i ig:inspectionType ?type }
            }""")).rows
        index = cls()
        for i, gss, start, framework, itype in rows:
            index.add(KnownInspection(str(i), str(gss), str(start),
                                      _slug(framework), _slug(itype)))
        return index

    def add(self, known: KnownInspection) -> None:
        entries = self.by_council.setdefault(known.gss, [])
        if all(e.iri != known.iri for e in entries):
            entries.append(known)

    def find(self, gss: str, start: str, *, framework: str | None = None,
             type: str | None = None) -> KnownInspection | None:
        """The known inspection that matches, or None (also when several match)."""
        matches = [k for k in self.by_council.get(gss, [])
                   if dates_compatible(k.start, start)
                   and (framework is None or k.framework in (None, framework))
                   and (type is None or k.type in (None, type))]
        exact = [k for k in matches if k.start == start]
        if len(exact) == 1:
            return exact[0]
        return matches[0] if len(matches) == 1 else None

    def resolve(self, gss: str, start: str, *, framework: str | None = None,
                type: str | None = None):
        """The IRI of the matching known inspection, or a new one from the natural key.

        The new inspection is remembered, so later rows of the same import that
        describe it again resolve to the same node.
        """
        from rdflib import URIRef

        from graph.vocab import iri

        known = self.find(gss, start, framework=framework, type=type)
        if known is not None:
            return URIRef(known.iri)
        node = iri("inspection", gss, start)
        self.add(KnownInspection(str(node), gss, start, framework, type))
        return node


def _slug(term) -> str | None:
    return None if term is None else str(term).rstrip("/").rsplit("/", 1)[-1]
