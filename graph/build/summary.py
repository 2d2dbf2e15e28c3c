"""Counts that describe a dataset: triples, named graphs and things per class."""

from __future__ import annotations

__all__ = ["SUMMARY_CLASSES", "dataset_counts", "summary_line"]

# (label, class local name in ig:)
SUMMARY_CLASSES: tuple[tuple[str, str], ...] = (
    ("councils", "Council"), ("people", "Person"), ("posts", "Post"), ("tenures", "Tenure"),
    ("inspections", "Inspection"), ("judgements", "Judgement"), ("findings", "Finding"),
    ("recommendations", "Recommendation"), ("statistics", "Statistic"), ("events", "Event"),
    ("causal links", "CausalLink"), ("comments", "ReaderComment"), ("sources", "SourceDocument"),
    ("evidence spans", "EvidenceSpan"),
)


def dataset_counts(store) -> dict[str, int]:
    """Triples, named graphs and instances of the main classes in ``store``.

    ``store`` is anything with a ``query`` method taking SPARQL (a project store
    or an rdflib Dataset).
    """
    from graph.vocab import GRAPH, IG

    query = store.query
    counts: dict[str, int] = {}
    rows = list(query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    counts["triples"] = int(rows[0][0])
    rows = list(query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH['derived']}> "
                      "{ ?s ?p ?o } }"))
    counts["derived triples"] = int(rows[0][0])
    rows = list(query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    counts["graphs"] = int(rows[0][0])
    values = " ".join(f"<{IG[name]}>" for _label, name in SUMMARY_CLASSES)
    rows = query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?c { " + values
                 + " } GRAPH ?g { ?s a ?c } } GROUP BY ?c")
    by_class = {str(r[0]): int(r[1]) for r in rows}
    for label, name in SUMMARY_CLASSES:
        counts[label] = by_class.get(str(IG[name]), 0)
    return counts


def summary_line(counts: dict[str, int]) -> str:
    """One line of counts: ``1,234 triples in 4 graphs (1,100 stated, 134 derived): ...``.

    Triples are counted over every named graph; the derived ones are those of the
    graph ``graph/derived`` (:mod:`graph.store.derived`), which ``build`` and the
    imports add and ``validate`` does not. Things are counted once each, however
    many sources state them.

    >>> summary_line({"triples": 10, "graphs": 2, "derived triples": 4, "councils": 1})
    '10 triples in 2 graphs (6 stated, 4 derived): 1 councils'
    """
    derived = counts.get("derived triples", 0)
    stated = counts["triples"] - derived
    head = f"{counts['triples']:,} triples in {counts['graphs']} graphs"
    head += (f" ({stated:,} stated, {derived:,} derived)" if derived
             else " (all stated, none derived)")
    rest = ", ".join(f"{counts[label]:,} {label}" for label, _ in SUMMARY_CLASSES
                     if counts.get(label))
    return f"{head}: {rest}" if rest else head
