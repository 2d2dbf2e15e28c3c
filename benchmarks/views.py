"""The HTML views: generation time and page size per view, time to a stable layout in Chromium.

Run from the checkout: ``python -m benchmarks.views`` (``--help`` for options).

For each graph (the bundled West Sussex records; the national graph, i.e. the
records plus Ofsted's outcomes, DfE's workforce indicators and statistical
neighbours from ``--data``, when those files are at hand; with
``--synthetic N``, a synthetic graph of about N triples), prints the time
:func:`graph.views.write_all` takes, the number of pages and their size, then
per view kind the generation time and page size (median and largest for ego
views). Then it opens the overview, the national view, the causal view and
the largest ego view in headless Chromium (Debian's, offline) and reports the
time from navigation to a stable layout: the first frame drawn, as the pages
carry positions computed in Python and run no physics.

The council pages read eight named queries each. By default every graph's
pages are written twice, side by side: with those queries run once per council
(``per-page``) and with each run once for all councils, rows grouped by
council (``bulk``, what ``write_all`` does); the two folders are compared byte
for byte and the times printed in one table (``--council-queries`` picks one).

Goals: the national view stable in under 5 s, every page under 2 MB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.harness import format_seconds, machine_note

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dfe"
GEO = DATA.parent / "geo" / "local_authority_districts_boundaries.json"
LOOKUP = "LTLA-UTLA_Apr23_Lookup_England-Wales.csv"
CHROMIUM = "/usr/bin/chromium"
GOAL_STABLE_S = 5.0
GOAL_PAGE_BYTES = 2_000_000


def graphs(data: Path, synthetic: int | None, reports: list[Path] | None = None,
           tmp: Path | None = None, store_spec: str | None = None):
    """(name, InspectionGraph) of every graph to measure; the national one in an Oxigraph
    store (in ``tmp``), with the Ofsted reports of ``reports`` imported, or the graph of
    the store ``store_spec`` as it is (one built by ``build --store ...`` and
    ``import report ...``)."""
    import graph
    from benchmarks.queries import national
    from graph.store import open_store

    yield "West Sussex records", graph.load(validate=False)
    if store_spec:
        yield f"national (the store {store_spec})", graph.InspectionGraph(open_store(store_spec))
    else:
        store = open_store(f"oxigraph:{tmp / 'national.db'}") if tmp is not None else None
        kg = national(data, store=store)
        if kg is not None:
            name = "national (records + official imports)"
            if reports:
                from graph.sources.reports import import_reports

                batch = import_reports(kg.store, reports)
                name = f"national (records + official imports + {len(batch.imported)} reports)"
            yield name, kg
        else:
            print(f"(no official files under {data}: national graph skipped)", file=sys.stderr)
    if synthetic:
        from rdflib import Dataset

        from benchmarks.synthetic import generate_nquads
        from graph.store import MemoryStore
        from graph.vocab import ONTOLOGY_GRAPH, load_ontology

        ds = Dataset(default_union=True)
        ds.parse(data="".join(generate_nquads(synthetic, seed=0)), format="nquads")
        onto = ds.graph(ONTOLOGY_GRAPH)
        for triple in load_ontology():
            onto.add(triple)
        yield f"synthetic {synthetic:,} triples", graph.InspectionGraph(MemoryStore(ds))


def generate(kg, out: Path, radius: int, boundaries: Path | None = None,
             lookup: Path | None = None, council_queries: str = "bulk") -> dict:
    from graph.views.pages import write_all

    started, cpu = time.perf_counter(), time.process_time()
    pages = write_all(kg, out, radius=radius, boundaries=boundaries, lookup=lookup,
                      council_queries=council_queries)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    kinds: dict[str, list] = defaultdict(list)
    for p in pages:
        kinds[p.kind].append(p)
    return {"seconds": total, "cpu": cpu, "pages": pages, "kinds": kinds}


def query_time(kg, map_page: bool, council_queries: str = "bulk",
               ) -> tuple[tuple[float, float], int]:
    """Seconds (wall and processor) to run, alone, every named query the council pages (and
    the map) read, for every council (``per-page``: once per council; ``bulk``: each query
    once for all councils); and how many queries that was."""
    from graph.queries.runner import run_named
    from graph.views.council import COUNCIL_QUERIES, council_rows, councils_rows
    from graph.views.pages import councils_of

    councils = councils_of(kg)
    started, cpu = time.perf_counter(), time.process_time()
    if council_queries == "bulk":
        councils_rows(kg, [c["iri"] for c in councils])
        runs = len(COUNCIL_QUERIES) if councils else 0
    else:
        for c in councils:
            council_rows(kg, c["gss"])
        runs = len(councils) * len(COUNCIL_QUERIES)
    if map_page:
        run_named(kg, "latest-grades")
        run_named(kg, "grade-journeys")
        runs += 2
    return (time.perf_counter() - started, time.process_time() - cpu), runs


def report_queries(result: dict, seconds: tuple[float, float], runs: int,
                   goal: bool = True) -> list[str]:
    """write_all's time beside the time of the named queries its pages read (wall clock,
    and processor time of this process, queries' threads included: on a machine shared with
    other work the second is the steadier), and where the rest of write_all's time went
    (per page kind; the remainder is reading the graph into NetworkX, the evidence passages
    and writing the files)."""
    wall, cpu = seconds
    ratio = result["seconds"] / wall if wall else float("inf")
    cpu_ratio = result["cpu"] / cpu if cpu else float("inf")
    verdict = f" ({'within' if ratio <= 3 else 'OVER'} the 3x goal)" if goal else ""
    pages = result["pages"]
    council_queries = sum(p.query_seconds for p in pages if p.kind == "council")
    spent = {kind: sum(p.seconds for p in group) for kind, group in result["kinds"].items()}
    parts = [f"council pages {format_seconds(spent.get('council', 0))} (their queries "
             f"{format_seconds(council_queries)})"]
    parts += [f"{kind} {format_seconds(t)}" for kind, t in sorted(spent.items(),
                                                                  key=lambda kv: -kv[1])
              if kind != "council" and t >= 0.05]
    rest = result["seconds"] - sum(spent.values())
    parts.append(f"the rest (graph read, evidence, files) {format_seconds(rest)}")
    return ["", f"named queries the pages read: {runs:,} runs in {format_seconds(wall)}; "
            f"write_all {format_seconds(result['seconds'])}, {ratio:.1f} times as long"
            f"{verdict}",
            f"processor time: queries {format_seconds(cpu)}, write_all "
            f"{format_seconds(result['cpu'])}, {cpu_ratio:.1f} times as long",
            "write_all's time: " + ", ".join(parts)]


def same_files(a: Path, b: Path) -> tuple[list[str], int]:
    """The files that differ between two folders (byte for byte, or present in one only);
    and how many files the first holds."""
    files = {str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()}
    other = {str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()}
    differ = sorted(files ^ other) + sorted(f for f in files & other
                                            if (a / f).read_bytes() != (b / f).read_bytes())
    return differ, len(files)


def report_modes(results: dict[str, dict], alone: dict[str, tuple],
                 same: tuple[list[str], int]) -> list[str]:
    """The council pages' queries per page (one set per council) beside bulk (each named
    query once for all councils), in one table: write_all, the council pages, their queries,
    and the queries run alone."""
    before, after = results["per-page"], results["bulk"]

    def council(result: dict, what: str) -> float:
        return sum(getattr(p, what) for p in result["kinds"].get("council", []))

    rows = [("write_all", before["seconds"], after["seconds"]),
            ("write_all, processor time", before["cpu"], after["cpu"]),
            ("council pages", council(before, "seconds"), council(after, "seconds")),
            ("their queries", council(before, "query_seconds"),
             council(after, "query_seconds")),
            (f"the queries alone ({alone['per-page'][1]:,} runs / {alone['bulk'][1]:,})",
             alone["per-page"][0][0], alone["bulk"][0][0]),
            ("the queries alone, processor time", alone["per-page"][0][1],
             alone["bulk"][0][1])]
    differ, files = same
    verdict = "are identical" if not differ else (
        f"DIFFER ({len(differ):,}: {', '.join(differ[:5])}{', ...' if len(differ) > 5 else ''})")
    lines = ["", "Council pages' named queries run per page (one set per council) and in bulk "
             "(each once for all councils, rows grouped by council), side by side: the "
             f"{files:,} files written {verdict}.", "",
             "| | per page | bulk | per page / bulk |", "| --- | ---: | ---: | ---: |"]
    for what, x, y in rows:
        ratio = f"{x / y:.1f}" if y else "-"
        lines.append(f"| {what} | {format_seconds(x)} | {format_seconds(y)} | {ratio} |")
    return lines


def report_generation(name: str, result: dict) -> list[str]:
    pages = result["pages"]
    size = sum(p.bytes for p in pages)
    largest = max(pages, key=lambda p: p.bytes)
    lines = [f"## {name}",
             f"write_all: {len(pages):,} pages, {size / 1e6:.1f} MB, in "
             f"{format_seconds(result['seconds'])}; largest page {largest.path} "
             f"{largest.bytes / 1e6:.2f} MB "
             f"({'under' if largest.bytes < GOAL_PAGE_BYTES else 'OVER'} the 2 MB goal)",
             "",
             "| view | pages | nodes | links | generation | size |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for kind, group in result["kinds"].items():
        if len(group) == 1:
            p = group[0]
            lines.append(f"| {kind} | 1 | {p.nodes:,} | {p.edges:,} | "
                         f"{format_seconds(p.seconds)} | {p.bytes / 1e3:,.0f} kB |")
        else:
            med = statistics.median
            big = max(group, key=lambda p: p.bytes)
            cut = sum(p.cut for p in group)
            lines.append(
                f"| {kind} (median / largest{f'; {cut} cut' if cut else ''}) | {len(group):,} | "
                f"{med(p.nodes for p in group):,.0f} / {big.nodes:,} | "
                f"{med(p.edges for p in group):,.0f} / {big.edges:,} | "
                f"{format_seconds(med(p.seconds for p in group))} / "
                f"{format_seconds(max(p.seconds for p in group))} | "
                f"{med(p.bytes for p in group) / 1e3:,.0f} / {big.bytes / 1e3:,.0f} kB |")
    return lines


def stable_times(out: Path, paths: list[str], repeat: int) -> dict[str, tuple[float, float]]:
    """Median (navigation to first drawn frame, wall time of goto + wait) per page, seconds."""
    from playwright.sync_api import sync_playwright

    found: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu",
                                          "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        external: list[str] = []

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        for _ in range(repeat):
            for rel in paths:
                page = context.new_page()
                started = time.perf_counter()
                page.goto((out / rel).as_uri())
                page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
                wall = time.perf_counter() - started
                ready = page.evaluate("(window.igView || window.igMap).readyAt") / 1000
                found[rel].append((ready, wall))
                page.close()
        browser.close()
    if external:
        raise RuntimeError(f"pages tried to reach the network: {external[:3]}")
    return {rel: (statistics.median(r for r, _ in runs), statistics.median(w for _, w in runs))
            for rel, runs in found.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA,
                        help="Folder of the official files (for the national graph).")
    parser.add_argument("--synthetic", type=int, default=None, metavar="N",
                        help="Also a synthetic graph of about N triples.")
    parser.add_argument("--radius", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5, help="Browser runs per page.")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--reports", type=Path, nargs="*", default=None, metavar="DIR",
                        help="Ofsted report folders to import into the national graph.")
    parser.add_argument("--store", default=None, metavar="SPEC",
                        help="Measure the national graph of this store (oxigraph:PATH) as it "
                             "is, instead of building it from --data and --reports.")
    parser.add_argument("--boundaries", type=Path, default=GEO,
                        help="District boundaries (GeoJSON): the national page is a map.")
    parser.add_argument("--lookup", type=Path, default=DATA / LOOKUP,
                        help="District to upper-tier council lookup (CSV).")
    parser.add_argument("--council-queries", choices=("both", "bulk", "per-page"),
                        default="both",
                        help="How the council pages read their named queries: each once for "
                             "all councils (bulk), once per council (per-page), or both, "
                             "measured side by side (default).")
    args = parser.parse_args(argv)
    if not (args.boundaries.is_file() and args.lookup.is_file()):
        args.boundaries = args.lookup = None
    print(f"# Views benchmark\n\n{machine_note()}\n")
    with tempfile.TemporaryDirectory(prefix="views-bench-") as tmp:
        import graph

        # untimed: modules imported, templates compiled, before the first measured run
        generate(graph.load(validate=False), Path(tmp) / "warm-up", args.radius)
        for i, (name, kg) in enumerate(graphs(args.data, args.synthetic, args.reports,
                                              Path(tmp), args.store)):
            national = name.startswith("national")
            modes = (["per-page", "bulk"] if args.council_queries == "both"
                     else [args.council_queries])
            map_page = national and args.boundaries is not None
            results, outs = {}, {}
            # the queries alone first, every mode: they also warm the store's caches
            alone = {mode: query_time(kg, map_page, mode) for mode in modes}
            for mode in modes:
                outs[mode] = Path(tmp) / f"g{i}-{mode}"
                results[mode] = generate(kg, outs[mode], args.radius,
                                         args.boundaries if national else None,
                                         args.lookup if national else None, mode)
            result, out = results[modes[-1]], outs[modes[-1]]
            print("\n".join(report_generation(name, result)))
            print("\n".join(report_queries(result, *alone[modes[-1]], goal=national)))
            if len(modes) == 2:
                print("\n".join(report_modes(results, alone, same_files(*outs.values()))))
            if args.no_browser:
                print()
                continue
            kinds = result["kinds"]
            wanted = [p.path for k in ("overview", "national", "map", "causal", "careers")
                      for p in kinds.get(k, [])]
            if kinds.get("ego"):
                wanted.append(max(kinds["ego"], key=lambda p: p.nodes).path)
            times = stable_times(out, wanted, args.repeat)
            print(f"\nTime to a stable layout in headless Chromium (median of {args.repeat}; "
                  "navigation to first drawn frame, and wall time of open + wait):\n")
            print("| page | nodes | stable | open + wait |\n| --- | ---: | ---: | ---: |")
            nodes = {p.path: p.nodes for p in result["pages"]}
            for rel, (ready, wall) in times.items():
                flag = " (over the 5 s goal)" if ready > GOAL_STABLE_S else ""
                print(f"| {rel} | {nodes[rel]:,} | {format_seconds(ready)}{flag} | "
                      f"{format_seconds(wall)} |")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
