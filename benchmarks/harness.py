"""Measuring: medians of repeated runs, peak memory in a fresh process, a machine note.

Each case runs in its own freshly spawned Python process, so its peak resident
memory (``ru_maxrss``) is its own and not what earlier cases left behind.

Examples
--------
>>> m = Measurement("noop", [0.2, 0.1, 0.3], peak_mb=50.0)
>>> m.median, m.min, m.max
(0.2, 0.1, 0.3)
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Measurement", "time_runs", "run_isolated", "machine_note", "format_seconds"]


@dataclass
class Measurement:
    """Timings (seconds) of one case, with the peak memory of its process."""

    name: str
    times: list[float]
    peak_mb: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def max(self) -> float:
        return max(self.times)

    def row(self) -> dict[str, Any]:
        return {"name": self.name, "median_s": self.median, "min_s": self.min,
                "max_s": self.max, "runs": len(self.times), "peak_mb": self.peak_mb,
                **self.extra}


def time_runs(fn: Callable[[], Any], repeat: int = 5, setup: Callable[[], Any] | None = None,
              ) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``fn`` (``setup`` runs before each, untimed)."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(target: str, kwargs: dict, conn) -> None:
    import importlib

    module, func = target.split(":")
    try:
        result = getattr(importlib.import_module(module), func)(**kwargs)
        conn.send(("ok", json.dumps(result), peak_mb()))
    except BaseException as exc:  # report every failure to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}", peak_mb()))
    finally:
        conn.close()


def run_isolated(target: str, **kwargs: Any) -> tuple[Any, float]:
    """Run ``module:function(**kwargs)`` in a fresh process; return (its JSON result, peak MiB).

    Raises
    ------
    RuntimeError
        When the case failed in the child process.
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(target, kwargs, child))
    proc.start()
    child.close()
    status, payload, peak = parent.recv()
    proc.join()
    if status != "ok":
        raise RuntimeError(f"{target} failed: {payload}")
    return json.loads(payload), peak


def machine_note() -> str:
    """One line on the machine the figures come from."""
    import importlib.metadata as md

    versions = []
    for pkg in ("rdflib", "pyoxigraph", "networkx", "pyvis"):
        try:
            versions.append(f"{pkg} {md.version(pkg)}")
        except md.PackageNotFoundError:
            pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}; " + ", ".join(versions))


def format_seconds(seconds: float) -> str:
    """``0.0123`` -> ``'12.3 ms'``; ``2.5`` -> ``'2.50 s'``."""
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"
