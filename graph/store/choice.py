"""Choosing and opening a store: by a spec, or by the size of the input (memory, then Oxigraph).

The threshold and the figures behind it are in ``docs/benchmarks.md``
(``python -m benchmarks`` measures them). Below :data:`THRESHOLD` triples the
memory store wraps the rdflib Dataset the build has made anyway (no copy, no
native library) and a whole build takes well under a second either way; above
it, Oxigraph loads, queries and writes the exports many times faster.

The size of an input not yet built is estimated from its files
(:func:`estimate_triples`), with triples-per-byte ratios measured on the
official releases.

Examples
--------
>>> choose_store(3_154).describe()
'store: memory (3,154 triples, under the 10,000-triple threshold)'
>>> choose_store(108_217, estimated=True).kind
'oxigraph'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import StoreError

if TYPE_CHECKING:
    from graph.store.base import Store

__all__ = ["THRESHOLD", "TRIPLES_PER_BYTE", "StoreChoice", "choose_store", "estimate_triples",
           "open_store"]

THRESHOLD = 10_000

# Measured: triples made per byte of each input (Ofsted outcomes 2025 ODS: 15,178 triples
# from 109 kB; DfE workforce 2017-2025: 79,909 from 289 kB; neighbours 2021: 10,939 from
# 29 kB; the bundled YAML records: 3,154 from 26 kB; N-Quads about 250 bytes a line).
TRIPLES_PER_BYTE = {"ofsted": 0.14, "workforce": 0.28, "neighbours": 0.38, "records": 0.12,
                    "nquads": 1 / 250}


@dataclass(frozen=True)
class StoreChoice:
    """The store chosen for an input of ``size`` triples (``estimated`` when not counted)."""

    kind: str
    size: int
    threshold: int
    estimated: bool = False

    def describe(self) -> str:
        """``store: oxigraph (about 108,000 triples, over the 10,000-triple threshold)``."""
        size = f"about {self.size:,}" if self.estimated else f"{self.size:,}"
        side = "under" if self.kind == "memory" else "over"
        return (f"store: {self.kind} ({size} triples, {side} the {self.threshold:,}-triple "
                "threshold)")

    def open(self):
        """A new, empty store of the chosen kind (Oxigraph in memory)."""
        from graph.store.memory import MemoryStore
        from graph.store.oxigraph import OxigraphStore

        return MemoryStore() if self.kind == "memory" else OxigraphStore()


def choose_store(size: int, *, threshold: int | None = None,
                 estimated: bool = False) -> StoreChoice:
    """The memory store below ``threshold`` triples (:data:`THRESHOLD`), Oxigraph from it on.

    Parameters
    ----------
    size : int
        Triples of the input (counted, or estimated with :func:`estimate_triples`).
    threshold : int, optional
        :data:`THRESHOLD` by default.
    estimated : bool
        Whether ``size`` is an estimate (said so in :meth:`StoreChoice.describe`).
    """
    limit = THRESHOLD if threshold is None else threshold
    kind = "memory" if size < limit else "oxigraph"
    return StoreChoice(kind, int(size), limit, estimated)


def _bytes(path: str | Path) -> int:
    path = Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def estimate_triples(records: str | Path | None = None, **inputs: str | Path | None) -> int:
    """Estimated triples of a build from the sizes of its files.

    Parameters
    ----------
    records : folder or file, optional
        The YAML records (the bundled ones if omitted).
    **inputs : path
        Keyword per input kind of :data:`TRIPLES_PER_BYTE` (``ofsted``, ``workforce``,
        ``neighbours``, ``nquads``); ``None`` values are skipped.

    Raises
    ------
    ValueError
        An input kind with no measured ratio.
    """
    from graph.files import BUNDLED_RECORDS

    total = _bytes(records if records is not None else BUNDLED_RECORDS) * TRIPLES_PER_BYTE[
        "records"]
    for kind, path in inputs.items():
        if path is None:
            continue
        if kind not in TRIPLES_PER_BYTE:
            raise ValueError(f"no measured size ratio for {kind!r}")
        total += _bytes(path) * TRIPLES_PER_BYTE[kind]
    return round(total)


def open_store(spec: str | None = None, *, read_only: bool = False,
               size_hint: int | None = None, progress=None) -> Store:
    """Open a store from a spec.

    Parameters
    ----------
    spec : str, optional
        ``None`` or ``"memory"`` for a new memory store; ``"oxigraph:PATH"`` for an
        Oxigraph database on disk; an ``http(s)://`` URL for a SPARQL endpoint
        (``.../query`` of an Oxigraph server, ``.../sparql`` of Virtuoso);
        ``"auto"`` for the store :func:`graph.storechoice.choose_store` picks for
        ``size_hint`` triples (memory below the threshold, Oxigraph in memory above).
    read_only : bool
        Open an Oxigraph database for reading only.
    size_hint : int, optional
        Expected triples, for ``"auto"`` (0 if not given).
    progress : callable, optional
        ``progress(step, done, total)`` for the batches of a large write to an endpoint
        (:class:`graph.progress.ProgressBar`); credentials for writing to one are read
        from ``INSPECTION_GRAPH_STORE_USER`` and ``INSPECTION_GRAPH_STORE_PASSWORD``.

    Raises
    ------
    StoreError
        An unknown spec, or a store that cannot be opened.

    Examples
    --------
    >>> type(open_store("memory")).__name__
    'MemoryStore'
    """
    from graph.store.memory import MemoryStore
    from graph.store.oxigraph import OxigraphStore
    from graph.store.remote import RemoteStore

    if spec in (None, "memory"):
        return MemoryStore()
    if spec == "auto":
        return choose_store(size_hint or 0).open()
    if spec.startswith("oxigraph:"):
        path = spec[len("oxigraph:"):]
        if not path:
            raise StoreError("give the Oxigraph store's folder: oxigraph:PATH")
        return OxigraphStore(path, read_only=read_only)
    if spec.startswith(("http://", "https://")):
        return RemoteStore(spec, progress=progress)
    raise StoreError(f"unknown store {spec!r} (expected 'memory', 'auto', 'oxigraph:PATH' or "
                     "an http(s):// SPARQL endpoint URL)")
