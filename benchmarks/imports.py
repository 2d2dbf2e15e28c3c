"""Import speed: reading the ODS workbook, each import, the whole national build.

Run from the checkout: ``python -m benchmarks.imports`` (``--help`` for options).

Prints the median of repeated runs (each case in a fresh process, with its
peak memory) of: reading Ofsted's ODS workbook with odfpy (every cell of every
sheet) next to reading the same tables as CSV; importing the outcomes from the
ODS and from the CSV folder; the workforce and neighbour imports; and
``build_national`` (records, SHACL on them, the three imports) in the rdflib
memory store and in Oxigraph on disk, with the triple count.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.harness import format_seconds, machine_note, run_isolated, time_runs

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dfe"
ODS = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
CSWW = "csww_indicators_2017_to_2025.csv"
SN = "New_Statistical_Neighbour_Groupings_April_2021.csv"


def _store(kind: str):
    from graph.store import MemoryStore, open_store

    if kind == "memory":
        return MemoryStore()
    return open_store("oxigraph:" + tempfile.mkdtemp(prefix="ig-bench-"))


def case(name: str, data: str, repeat: int, store: str = "memory") -> dict:
    """One measured case (run in a fresh process by :func:`main`)."""
    import graph  # noqa: F401 - warm the package import outside the timings
    from graph.inspection_graph import build_national
    from graph.sources.outcomes import import_outcomes
    from graph.sources.tables import read_csv_rows, read_ods
    from graph.sources.workforce import import_neighbours, import_workforce

    d = Path(data)
    extra: dict = {}
    if name == "read ODS (odfpy)":
        fn = lambda: read_ods(d / ODS)  # noqa: E731
    elif name == "read the 3 CSVs":
        fn = lambda: [read_csv_rows(p) for p in sorted((d / "csv").glob("*.csv"))]  # noqa: E731
    elif name == "import outcomes (ODS)":
        fn = lambda: extra.update(triples=import_outcomes(_store(store), d / ODS).triples)  # noqa: E731
    elif name == "import outcomes (CSV folder)":
        fn = lambda: extra.update(triples=import_outcomes(_store(store), d / "csv").triples)  # noqa: E731
    elif name == "import workforce":
        fn = lambda: extra.update(triples=import_workforce(_store(store), d / CSWW).triples)  # noqa: E731
    elif name == "import neighbours (after the others)":
        s = _store(store)
        import_outcomes(s, d / ODS)
        import_workforce(s, d / CSWW)
        fn = lambda: extra.update(triples=import_neighbours(s, d / SN).triples)  # noqa: E731
    elif name == "build_national":
        def fn():
            result = build_national(ofsted=d / ODS, workforce=d / CSWW, neighbours=d / SN,
                                    store=_store(store))
            extra.update(triples=len(result.graph.store))
    else:
        raise ValueError(name)
    times = time_runs(fn, repeat=repeat)
    return {"name": name, "store": store, "times": times, **extra}


CASES = ("read ODS (odfpy)", "read the 3 CSVs", "import outcomes (ODS)",
         "import outcomes (CSV folder)", "import workforce",
         "import neighbours (after the others)", "build_national")


def main(argv: list[str] | None = None) -> None:
    import statistics

    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the official files")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (median shown)")
    parser.add_argument("--store", choices=["memory", "oxigraph", "both"], default="both")
    args = parser.parse_args(argv)
    if not (args.data / ODS).exists():
        raise SystemExit(f"the official files are not in {args.data}")
    print(machine_note())
    stores = ["memory", "oxigraph"] if args.store == "both" else [args.store]
    print(f"{'case':<40} {'store':<9} {'median':>9} {'min':>9} {'peak MiB':>9} {'triples':>9}")
    for name in CASES:
        for store in stores if name.startswith(("import", "build")) else ["-"]:
            result, peak = run_isolated("benchmarks.imports:case", name=name,
                                        data=str(args.data), repeat=args.repeat,
                                        store=store if store != "-" else "memory")
            times = result["times"]
            triples = f"{result['triples']:,}" if "triples" in result else ""
            print(f"{name:<40} {store:<9} {format_seconds(statistics.median(times)):>9} "
                  f"{format_seconds(min(times)):>9} {peak:>9.0f} {triples:>9}".rstrip())


if __name__ == "__main__":
    main()
