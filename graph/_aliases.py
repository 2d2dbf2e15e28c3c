"""The old module paths of the package, kept working after the move to subpackages.

Until version 0.1 every module sat directly in ``graph/`` (``graph.reports``,
``graph.storechoice``, ...). Each old path is an alias: importing it gives a
module that looks its names up in the modules that now hold them
(:data:`MOVED`), so ``from graph.reports import read_report`` and
``graph.storechoice.choose_store`` still work. New code should import the new
paths, which the README and the docs show.

Examples
--------
>>> from graph.storechoice import choose_store
>>> choose_store.__module__
'graph.store.choice'
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

__all__ = ["MOVED", "install"]

# old module -> the modules that now hold its names, searched in order
MOVED: dict[str, tuple[str, ...]] = {
    "graph.analysis_report": ("graph.analysis.report",),
    "graph.betweenness": ("graph.analysis.betweenness",),
    "graph.cli_analysis": ("graph.cli.analysis",),
    "graph.council_names": ("graph.sources.council_names",),
    "graph.derive": ("graph.store.derived",),
    "graph.evidence": ("graph.build.evidence",),
    "graph.gradestats": ("graph.analysis.gradestats",),
    "graph.identity": ("graph.build.identity",),
    "graph.imports": ("graph.sources.imports",),
    "graph.layouts": ("graph.views.layouts",),
    "graph.national": ("graph.sources.national", "graph.inspection_graph"),
    "graph.ontology_page": ("graph.views.ontology_page",),
    "graph.outcomes": ("graph.sources.outcomes",),
    "graph.paths": ("graph.analysis.paths",),
    "graph.pdftext": ("graph.sources.reports.pdftext",),
    "graph.projections": ("graph.analysis.projections",),
    "graph.records": ("graph.sources.records",),
    "graph.report_classify": ("graph.sources.reports.classify",),
    "graph.report_graph": ("graph.sources.reports.rdf",),
    "graph.reports": ("graph.sources.reports",),
    "graph.results": ("graph.sparql.results",),
    "graph.server_page": ("graph.server.page",),
    "graph.shapes": ("graph.build.shapes",),
    "graph.sparqltext": ("graph.sparql.text",),
    "graph.storechoice": ("graph.store.choice",),
    "graph.summary": ("graph.build.summary",),
    "graph.tables": ("graph.sources.tables",),
    "graph.textindex": ("graph.store.textindex", "graph.store.derived"),
    "graph.wording": ("graph.views.wording",),
    "graph.workforce": ("graph.sources.workforce",),
}


class _Alias(types.ModuleType):
    """A module whose names are those of the modules that now hold them."""

    def __init__(self, name: str, targets: tuple[str, ...]) -> None:
        super().__init__(name, f"Moved: see {', '.join(targets)}.")
        self.__targets = targets

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        for target in self.__targets:
            module = importlib.import_module(target)
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        names: set[str] = set()
        for target in self.__targets:
            names.update(getattr(importlib.import_module(target), "__all__", ()))
        return sorted(names)

    @property
    def __all__(self) -> list[str]:  # type: ignore[override]
        return self.__dir__()


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in MOVED:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        return _Alias(spec.name, MOVED[spec.name])

    def exec_module(self, module) -> None:
        pass


def install() -> None:
    """Make the old module paths importable (done once, by ``import graph``)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())
