"""Derived facts: links and tallies computed from the rest of the graph.

Some questions need every finding or every inspection of the graph at once:
how many findings each theme has, which councils share a theme, which
inspection is a council's latest graded one. Answering them from the raw
facts at every query costs a pass over the whole graph, so the project
keeps their answers as facts of their own, in the named graph
``graph/derived`` (:data:`DERIVED_GRAPH`):

- ``ig:latestGradedInspection``: a council's graded inspection(s) with the
  latest fieldwork start (graded: judged on overall effectiveness);
- ``ig:previousGradedInspection``: a graded inspection's predecessor(s), the
  council's graded inspection(s) with the latest start before its own;
- ``ig:ThemeSummary``: per theme, how many findings, weaknesses, strengths,
  inspections and councils it has;
- ``ig:CouncilThemeSummary``: per council and theme, how many findings.

Every write through a store drops the derived graph, and the next query
that reads it (or :func:`ensure_derived`) computes it again from what the
store then holds, so it never describes an older state of the graph. A
store that cannot be written keeps what it was given.

Examples
--------
>>> import graph
>>> kg = graph.load(validate=False)
>>> derive(kg.store)["latest graded inspections"]
1
>>> has_derived(kg.store)
True
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from graph.vocab import GRAPH

if TYPE_CHECKING:
    from graph.store.textindex import TextIndex

__all__ = ["DERIVED_GRAPH", "DERIVED_TERMS", "derive", "derived_triples", "ensure_derived",
           "has_derived", "reads_derived", "require_derived", "text_index"]

DERIVED_GRAPH = GRAPH["derived"]

# Terms only the derived graph states: a query naming one reads derived facts.
DERIVED_TERMS = ("latestGradedInspection", "previousGradedInspection", "ThemeSummary",
                 "CouncilThemeSummary", "summarisesTheme", "summarisesCouncil", "findingCount",
                 "weaknessCount", "strengthCount", "inspectionCount", "councilCount")

OVERALL = "FILTER(?area IN (ilacs:overall-effectiveness, sif:overall-effectiveness))"

GRADED = f"""
SELECT ?council ?inspection (MAX(STR(?s)) AS ?start) WHERE {{
  ?inspection ig:subject ?council ; ig:fieldworkStart ?s ; ig:judgement/ig:area ?area .
  {OVERALL}
}} GROUP BY ?council ?inspection
"""

THEMES = """
SELECT ?theme (COUNT(DISTINCT ?finding) AS ?findings)
       (COUNT(DISTINCT ?weakness) AS ?weaknesses) (COUNT(DISTINCT ?strength) AS ?strengths)
       (COUNT(DISTINCT ?inspection) AS ?inspections) (COUNT(DISTINCT ?council) AS ?councils)
WHERE {
  ?finding a ig:Finding ; ig:theme ?theme .
  OPTIONAL { ?finding ig:polarity polarity:weakness . BIND(?finding AS ?weakness) }
  OPTIONAL { ?finding ig:polarity polarity:strength . BIND(?finding AS ?strength) }
  OPTIONAL { ?finding ig:fromInspection ?inspection . ?inspection ig:subject ?council }
}
GROUP BY ?theme
"""

COUNCIL_THEMES = """
SELECT ?council ?theme (COUNT(DISTINCT ?finding) AS ?findings) WHERE {
  ?finding a ig:Finding ; ig:theme ?theme ; ig:fromInspection/ig:subject ?council .
}
GROUP BY ?council ?theme
"""


def reads_derived(sparql: str) -> bool:
    """Whether a query names a term only the derived graph states.

    >>> reads_derived("SELECT * WHERE { ?c ig:latestGradedInspection ?i }")
    True
    >>> reads_derived("SELECT * WHERE { ?c ig:subject ?i }")
    False
    """
    return any(term in sparql for term in DERIVED_TERMS)


def has_derived(store) -> bool:
    """Whether the store holds the derived graph (it is dropped by every write)."""
    return store.has_graph(DERIVED_GRAPH)


def ensure_derived(store) -> bool:
    """Derive the facts if the store lacks them and can be written; True if it derived."""
    if getattr(store, "read_only", False) or has_derived(store):
        return False
    derive(store)
    return True


def require_derived(store, sparql: str, name: str | None = None) -> None:
    """Before running ``sparql`` (the named query ``name``): derive the facts it reads if
    the store lacks them.

    Raises
    ------
    QueryError
        The query reads derived facts that the store lacks and cannot be given (read-only,
        or an endpoint that refuses updates).
    """
    from graph.errors import QueryError, StoreError

    if not reads_derived(sparql):
        return
    what = f"query {name!r}" if name else "the query"
    try:
        ensure_derived(store)
    except StoreError as exc:  # an endpoint that refuses updates
        raise QueryError(f"{what} reads derived facts the store lacks and cannot be given "
                         f"({exc}); run 'inspection-graph derive' where it can be written"
                         ) from None
    if getattr(store, "read_only", False) and not has_derived(store):
        raise QueryError(f"{what} reads derived facts this read-only store lacks "
                         f"(run 'inspection-graph derive' on it while writable)")


def derive(store) -> dict[str, int]:
    """Compute the derived facts from the store and replace its derived graph with them.

    Parameters
    ----------
    store : graph.store.Store
        A writable store.

    Returns
    -------
    dict
        How many of each kind of derived fact were written (and, for an Oxigraph
        store, how many texts its text index holds: :mod:`graph.textindex`).
    """
    from graph.store.textindex import IndexRowsAhead, TextStage, build_text_index, indexes_texts

    ahead = None
    if indexes_texts(store) and not has_derived(store):
        # the index's texts are read in a thread while the facts are computed
        stage, store.text_stage = getattr(store, "text_stage", None), None
        ahead = IndexRowsAhead(store, DERIVED_GRAPH, stage or TextStage())
    try:
        triples, counts = derived_triples(store)
        if ahead is not None:
            ahead.wait_read()
        store.replace_graph(DERIVED_GRAPH, triples)
    finally:
        if ahead is not None:
            ahead.join()
    if indexes_texts(store):  # the text index goes with the facts
        counts["indexed texts"] = len(build_text_index(store, ahead))
    return counts


def derived_triples(store) -> tuple[list[tuple], dict[str, int]]:
    """The derived facts of what the store holds, and how many of each kind.

    None of the queries reads a derived term, so a stale derived graph changes nothing.
    """
    from rdflib import RDF, RDFS, Literal, URIRef

    from graph.sparql.text import prefixed
    from graph.vocab import BASE, IG

    def rows(sparql: str) -> list[dict[str, Any]]:
        result = store.query(prefixed(sparql))
        return [dict(zip(result.vars, row, strict=True)) for row in result.rows]

    triples: list[tuple] = [(DERIVED_GRAPH, RDFS.label,
                             Literal("Facts derived from the other named graphs", lang="en"))]
    counts: dict[str, int] = {}

    by_council: dict[Any, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in rows(GRADED):
        by_council[row["council"]][str(row["start"])].add(row["inspection"])
    latest = previous = 0
    for council, by_start in by_council.items():
        starts = sorted(by_start)
        for inspection in by_start[starts[-1]]:
            triples.append((council, IG.latestGradedInspection, inspection))
            latest += 1
        for before, after in zip(starts, starts[1:], strict=False):
            for inspection in by_start[after]:
                for earlier in by_start[before]:
                    triples.append((inspection, IG.previousGradedInspection, earlier))
                    previous += 1
    counts["latest graded inspections"] = latest
    counts["previous graded inspections"] = previous

    def slug(iri) -> str:
        return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def integer(value) -> Literal:
        return Literal(int(value))

    summary = URIRef(BASE + "summary/theme/")
    themes = 0
    for row in rows(THEMES):
        node = URIRef(f"{summary}{slug(row['theme'])}")
        triples += [(node, RDF.type, IG.ThemeSummary), (node, IG.summarisesTheme, row["theme"]),
                    (node, IG.findingCount, integer(row["findings"])),
                    (node, IG.weaknessCount, integer(row["weaknesses"])),
                    (node, IG.strengthCount, integer(row["strengths"])),
                    (node, IG.inspectionCount, integer(row["inspections"])),
                    (node, IG.councilCount, integer(row["councils"]))]
        themes += 1
    counts["theme summaries"] = themes
    pairs = 0
    for row in rows(COUNCIL_THEMES):
        node = URIRef(f"{summary}{slug(row['theme'])}/{slug(row['council'])}")
        triples += [(node, RDF.type, IG.CouncilThemeSummary),
                    (node, IG.summarisesTheme, row["theme"]),
                    (node, IG.summarisesCouncil, row["council"]),
                    (node, IG.findingCount, integer(row["findings"]))]
        pairs += 1
    counts["council theme summaries"] = pairs
    return triples, counts


def text_index(store, *, build: bool = True) -> TextIndex | None:
    """The store's text index, if it has a current one (or one can be made now).

    Parameters
    ----------
    store : graph.store.Store
        Any store; only Oxigraph stores have a text index.
    build : bool
        Make the index (and the derived facts) if the store lacks them and can be written.

    Returns
    -------
    TextIndex or None
        None for other stores, and for a read-only store with no current index.
    """
    from graph.store.textindex import TextIndex, build_text_index, index_path, indexes_texts

    if not indexes_texts(store):
        return None
    current = has_derived(store)
    if store.text_index is not None and current:
        return store.text_index
    path = index_path(store)
    if path is not None and current and path.exists():
        store.text_index = TextIndex.open(path)
        if store.text_index is not None:
            return store.text_index
    if not build or store.read_only:
        return None
    if ensure_derived(store) and store.text_index is not None:
        return store.text_index  # deriving made it
    return build_text_index(store)
