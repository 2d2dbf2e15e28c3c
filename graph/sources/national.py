"""The national imports: Ofsted's outcomes, DfE's workforce and neighbour files, into a store.

:func:`import_national` imports Ofsted's outcomes, DfE's workforce indicators
and the statistical neighbour groupings, in that order (each import matches
councils and inspections the earlier ones made). The imports are checked by
targeted Python checks instead of SHACL, which takes minutes on a graph this
size. The records and the imports together, as one graph:
:func:`graph.build_national`.

Examples
--------
>>> import graph
>>> kg = graph.load(validate=False)
>>> import_national(kg.store)                  # no file given: nothing imported
[]
"""

from __future__ import annotations

from pathlib import Path

from graph.sources.imports import ImportReport, Progress

__all__ = ["import_file", "import_national", "IMPORTERS"]


def _importer(kind: str):
    if kind == "ofsted":
        from graph.sources.outcomes import import_outcomes

        return import_outcomes
    if kind == "workforce":
        from graph.sources.workforce import import_workforce

        return import_workforce
    if kind == "neighbours":
        from graph.sources.workforce import import_neighbours

        return import_neighbours
    raise ValueError(f"unknown import {kind!r} (expected one of {', '.join(IMPORTERS)})")


IMPORTERS = ("ofsted", "workforce", "neighbours")


def import_file(store, kind: str, path: str | Path, *,
                progress: Progress | None = None) -> ImportReport:
    """Import one official file of ``kind`` (``ofsted``, ``workforce`` or ``neighbours``).

    Returns
    -------
    ImportReport

    Raises
    ------
    ImportFormatError
        The file does not have the expected form; the store is untouched.
    """
    from graph.store.derived import ensure_derived

    report = _importer(kind)(store, path, progress=progress)
    ensure_derived(store)  # the derived facts, again for the graph as it is now
    return report


def import_national(store, *, ofsted: str | Path | None = None,
                    workforce: str | Path | None = None, neighbours: str | Path | None = None,
                    progress: Progress | None = None) -> list[ImportReport]:
    """Import the official files given into ``store``, in the order each needs.

    Ofsted's outcomes come first, then DfE's workforce indicators, then the
    statistical neighbour groupings: each import matches the councils and
    inspections the earlier ones made. The derived facts are made once, after
    the last import.

    Returns
    -------
    list of ImportReport
        One report per file imported.
    """
    from graph.store.derived import ensure_derived

    reports = []
    for kind, path in (("ofsted", ofsted), ("workforce", workforce),
                       ("neighbours", neighbours)):
        if path is not None:
            reports.append(_importer(kind)(store, path, progress=progress))
    if reports:
        ensure_derived(store)  # once, for the graph all of them made
    return reports
