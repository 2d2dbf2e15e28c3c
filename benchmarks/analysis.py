"""Projection and analysis times, and peak memory, on the West Sussex and national graphs.

Run from the checkout: ``python -m benchmarks.analysis`` (``--help`` for options).

Each graph is measured in its own freshly spawned process: the graph is built
(the bundled records; for the national graph also Ofsted's outcomes, DfE's
workforce indicators and statistical neighbours from ``--data``), then every
NetworkX projection and every analysis of :mod:`graph.analysis`,
:mod:`graph.paths` and :mod:`graph.gradestats` runs ``--repeat`` times (median
shown), and last the whole report (:func:`graph.analysis_report.write_report`)
once. Memory is the process's resident size after building the graph and its
peak at the end (``ru_maxrss``), so the difference is what the analyses added.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import format_seconds, machine_note, run_isolated

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dfe"
FILES = ("LA_Inspection_Outcomes_as_at_31_March_2025.ods", "csww_indicators_2017_to_2025.csv",
         "New_Statistical_Neighbour_Groupings_April_2021.csv")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _load(which: str, data: str, store: str):
    import graph
    from graph.store import open_store

    target = None
    if store != "memory":
        target = open_store(f"oxigraph:{tempfile.mkdtemp(prefix='bench-analysis-')}")
    kg = graph.load(validate=False, store=target)
    if which == "national":
        from graph.sources.outcomes import import_outcomes
        from graph.sources.workforce import import_neighbours, import_workforce

        folder = Path(data)
        import_outcomes(kg.store, folder / FILES[0])
        import_workforce(kg.store, folder / FILES[1])
        import_neighbours(kg.store, folder / FILES[2])
    return kg


def case(which: str, data: str, store: str, repeat: int) -> dict:
    """Build one graph, then time each projection and analysis (medians of ``repeat``)."""
    from graph.analysis import algorithms as analysis
    from graph.analysis import gradestats
    from graph.analysis.paths import connections
    from graph.analysis.report import write_report

    started = time.perf_counter()
    kg = _load(which, data, store)
    build_s = time.perf_counter() - started
    rss_loaded = _rss_mb()
    counts = kg.counts()
    steps = {f"projection: {name}": (lambda n=name: analysis.projection(kg, n))
             for name in analysis.PROJECTIONS}
    entity = analysis.analysis_graph(kg)
    steps.update({
        "analysis graph (entities analysed)": lambda: analysis.analysis_graph(kg),
        "centrality (degree, betweenness, PageRank)": lambda: analysis.centrality(entity),
        "communities (Louvain, seed 42)": lambda: analysis.communities(entity),
        "root causes + longest chain": lambda: analysis.causes(kg),
        "careers + council links": lambda: analysis.council_links(analysis.careers(kg)),
        "theme pairs": lambda: analysis.theme_pairs(kg),
        "path John Readman - Ofsted": lambda: connections(kg, "John Readman", "Ofsted"),
        "grade distribution": lambda: gradestats.grade_distribution(kg),
        "workforce by grade": lambda: gradestats.workforce_by_grade(kg),
    })
    times = {}
    for name, fn in steps.items():
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        times[name] = statistics.median(runs)
    out = tempfile.mkdtemp(prefix="bench-report-")
    t = time.perf_counter()
    write_report(kg, out)
    times["analyze: the whole report (once)"] = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"graph": which, "store": store, "build_s": build_s, "triples": counts["triples"],
            "entities": entity.number_of_nodes(), "links": entity.number_of_edges(),
            "rss_loaded_mb": rss_loaded, "peak_mb": peak, "times": times}


def show(result: dict) -> str:
    head = (f"{result['graph']} graph ({result['store']} store): {result['triples']:,} "
            f"triples, built in {format_seconds(result['build_s'])}; "
            f"{result['entities']:,} entities and {result['links']:,} links analysed")
    width = max(len(k) for k in result["times"])
    lines = [head, "-" * len(head)]
    lines += [f"{name.ljust(width)}  {format_seconds(s):>10}" for name, s in
              result["times"].items()]
    lines.append(f"{'memory: resident after build'.ljust(width)}  "
                 f"{result['rss_loaded_mb']:>7.0f} MiB")
    lines.append(f"{'memory: peak (ru_maxrss)'.ljust(width)}  {result['peak_mb']:>7.0f} MiB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.analysis",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA,
                        help="folder of the official files for the national graph")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median shown)")
    parser.add_argument("--store", choices=["memory", "oxigraph"], default="memory",
                        help="where the graph is held while it is analysed")
    parser.add_argument("--no-national", action="store_true", help="skip the national graph")
    args = parser.parse_args(argv)
    print(machine_note())
    graphs = ["west-sussex"]
    if args.no_national:
        pass
    elif all((args.data / f).exists() for f in FILES):
        graphs.append("national")
    else:
        print(f"(national graph skipped: the official files are not in {args.data})")
    for which in graphs:
        result, _peak = run_isolated("benchmarks.analysis:case", which=which,
                                     data=str(args.data), store=args.store,
                                     repeat=args.repeat)
        print()
        print(show(result))


if __name__ == "__main__":
    main()
