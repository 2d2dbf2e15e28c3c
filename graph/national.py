"""The national graph in one go: the curated records plus the official imports.

:func:`build_national` builds the records (SHACL shapes run on them, as for
every build), loads them into the store, then imports Ofsted's outcomes,
DfE's workforce indicators and the statistical neighbour groupings, in that
order (each import matches councils and inspections the earlier ones made).
The imports are checked by targeted Python checks instead of SHACL, which
takes minutes on a graph this size.

Examples
--------
>>> result = build_national()                 # the curated records only
>>> result.reports
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .imports import ImportReport, Progress

__all__ = ["NationalBuild", "build_national", "import_file", "IMPORTERS"]


@dataclass
class NationalBuild:
    """The built graph and one report per import."""

    graph: object
    reports: list[ImportReport] = field(default_factory=list)


def _importer(kind: str):
    if kind == "ofsted":
        from .outcomes import import_outcomes

        return import_outcomes
    if kind == "workforce":
        from .workforce import import_workforce

        return import_workforce
    if kind == "neighbours":
        from .workforce import import_neighbours

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
    from .derive import ensure_derived

    report = _importer(kind)(store, path, progress=progress)
    ensure_derived(store)  # the derived facts, again for the graph as it is now
    return report


def build_national(records: str | Path | None = None, *, sources: str | Path | None = None,
                   ofsted: str | Path | None = None, workforce: str | Path | None = None,
                   neighbours: str | Path | None = None, store=None,
                   progress: Progress | None = None) -> NationalBuild:
    """Build the curated records into ``store`` and import the official files given.

    Parameters
    ----------
    records, sources : folder, optional
        As for :func:`graph.load` (the bundled records by default).
    ofsted, workforce, neighbours : path, optional
        The releases to import (see :func:`import_file`).
    store : graph.store.Store, optional
        A new memory store by default.
    progress : callable, optional
        ``progress(step, done, total)``, e.g. :class:`graph.progress.ProgressBar`.

    Returns
    -------
    NationalBuild
        ``.graph`` (an :class:`~graph.InspectionGraph`) and ``.reports``.
    """
    from .inspection_graph import load

    kg = load(records, sources=sources, validate=True, store=store)
    result = NationalBuild(kg)
    for kind, path in (("ofsted", ofsted), ("workforce", workforce),
                       ("neighbours", neighbours)):
        if path is not None:
            result.reports.append(import_file(kg.store, kind, path, progress=progress))
    return result
