"""NetworkX at scale: the entity projection and the analyses, timed in one fresh process.

The graph is loaded into the project's Oxigraph store (the store chosen for
large inputs), then :func:`graph.projections.entity_graph` is timed, then on
the analysed entity graph (:func:`graph.analysis.analysis_graph`, as an
undirected simple graph like :func:`graph.analysis.centrality` uses) PageRank,
Louvain (seed 42) and betweenness estimated from 100 sampled sources (seed 42),
both with :func:`graph.betweenness.sampled_betweenness` (what the project uses)
and with NetworkX's own function (the baseline).

Examples
--------
>>> times, note = timed(lambda: None, repeat=3, budget=10.0)
>>> len(times), note
(3, '')
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import Any

__all__ = ["timed", "rss_mb", "networkx_case"]


def rss_mb() -> float:
    """Resident memory of this process now, in MiB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any], repeat: int, budget: float,
          single_limit: float = 60.0) -> tuple[list[float], str]:
    """Seconds of up to ``repeat`` calls of ``fn``, and a note when fewer were made.

    One run only when it took over ``single_limit`` seconds; fewer than
    ``repeat`` when the runs so far took over ``budget`` seconds.
    """
    times: list[float] = []
    for i in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
        if times[0] > single_limit:
            return times, f"1 run (over {single_limit:.0f} s)"
        if sum(times) > budget and i + 1 < repeat:
            return times, f"{len(times)} runs (time budget {budget:.0f} s)"
    return times, ""


def networkx_case(files: list[str], repeat: int, budget: float = 150.0,
                  samples: int = 100) -> dict[str, Any]:
    """Load ``files`` into the project's Oxigraph store, then time projection and analyses."""
    import networkx as nx

    from benchmarks.stores import load
    from graph.analysis import algorithms as analysis
    from graph.analysis.betweenness import sampled_betweenness
    from graph.analysis.projections import entity_graph

    kg = load("oxigraph", files)
    rss_loaded = rss_mb()
    out: dict[str, Any] = {"rss_loaded_mb": rss_loaded, "steps": {}}
    holder: dict[str, Any] = {}

    def project():
        holder["entity"] = None  # free the previous run's graph first
        holder["entity"] = entity_graph(kg.store)

    times, note = timed(project, repeat, budget)
    entity = holder.pop("entity")
    out["steps"]["entity projection"] = {"times": times, "note": note,
                                         "peak_mb": peak_mb()}
    out["entity_nodes"], out["entity_edges"] = entity.number_of_nodes(), entity.number_of_edges()
    del entity
    simple = analysis._simple(analysis.analysis_graph(kg))
    out["nodes"], out["edges"] = simple.number_of_nodes(), simple.number_of_edges()
    k = min(samples, simple.number_of_nodes())
    steps = {
        "PageRank": lambda: nx.pagerank(simple),
        "Louvain (seed 42)": lambda: nx.community.louvain_communities(simple, seed=42),
        f"betweenness ({k} samples, project: sparse products)":
            lambda: sampled_betweenness(simple, k=k, seed=42),
        f"betweenness ({k} samples, NetworkX)":
            lambda: nx.betweenness_centrality(simple, k=k, seed=42),
    }
    for name, fn in steps.items():
        times, note = timed(fn, repeat, budget)
        out["steps"][name] = {"times": times, "note": note, "peak_mb": peak_mb()}
    out["peak_mb"] = peak_mb()
    return out
