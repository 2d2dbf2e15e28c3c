"""Lazy re-exports for the package's ``__init__`` modules (PEP 562).

A subpackage names its public API in its ``__init__`` without importing the
modules that hold it: each name is imported on first use, so ``import graph``
stays cheap and lower layers can import one module of a package without
running the rest of it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, names: Mapping[str, str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package`` that import ``names`` on first use.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : mapping
        Public name -> the module holding it, relative to ``package`` (``"memory"``) or
        absolute (``"graph.sparql.text"``).

    Returns
    -------
    (getattr, dir)
        Functions to assign to the package's ``__getattr__`` and ``__dir__``.

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("graph", {"QueryResult": "graph.sparql.results"})
    >>> getattr_("QueryResult").__name__
    'QueryResult'
    """
    def module_of(name: str) -> str:
        target = names[name]
        return target if target.startswith("graph") else f"{package}.{target}"

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(module_of(name)), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(names))

    return __getattr__, __dir__
