"""The whole benchmark suite: one command that measures everything and writes docs/benchmarks.md.

Run from the checkout::

    python -m benchmarks                  # 10k, 100k and 1M triples (about 30 minutes)
    python -m benchmarks --5m             # and the 5M-triple run
    python -m benchmarks --quick          # 10k only, 2 runs: a smoke test
    python -m benchmarks.virtuoso         # only Virtuoso beside Oxigraph, at 1M triples

Cases (each compared in the same run with plain rdflib and raw pyoxigraph):
the ``inspection-graph`` command (``--help``, ``queries``, ``build``, ``views``,
the national build); loading per store; every named query per store (on
synthetic graphs, with parameters pointing at synthetic entities, and on the
real national graph when the official files are at hand); the NetworkX
projection and analyses; view generation; endpoint throughput; and the
threshold of the automatic store choice. Each load and each query set runs in
a freshly spawned process, so peak memory is the case's own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import machine_note, run_isolated

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "dfe"
NATIONAL_FILES = {"ofsted": "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
                  "workforce": "csww_indicators_2017_to_2025.csv",
                  "neighbours": "New_Statistical_Neighbour_Groupings_April_2021.csv"}
SECTIONS = ("cli", "stores", "networkx", "national", "views", "throughput", "threshold",
            "build", "virtuoso")


def parse_size(text: str) -> int:
    """``'10k'`` -> 10000, ``'1M'`` -> 1000000, ``'2500'`` -> 2500."""
    text = text.strip()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    number = text[:-1] if factor > 1 else text
    return int(float(number) * factor)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the command ------------------------------------------------------------------------------
def _command() -> list[str]:
    exe = shutil.which("inspection-graph")
    return [exe] if exe else [sys.executable, "-c", "from graph.cli import main; main()"]


def run_command(args: list[str], cwd: str) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit status of one ``inspection-graph`` run."""
    started = time.perf_counter()
    proc = subprocess.Popen(_command() + args, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"inspection-graph {' '.join(args)} failed: {err.strip()[-300:]}")
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def cli_cases(work: Path, repeat: int, budget: float, data: Path | None) -> list[dict]:
    """Wall time of the command: --help, queries, build (records; with sources), views,
    and the national build with the automatic store and with --store memory."""
    cases: list[tuple[str, list[str]]] = [
        ("inspection-graph --help", ["--help"]),
        ("inspection-graph queries", ["queries"]),
        ("build (West Sussex records, every export and the views)",
         ["build", "--out", "{out}"]),
        ("build --no-views (the exports only)", ["build", "--no-views", "--out", "{out}"]),
    ]
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        cases.append(("build --sources ../shared/seeds", ["build", "--sources", str(seeds),
                                                           "--out", "{out}"]))
    cases.append(("views (West Sussex records)", ["views", "--out", "{out}"]))
    if data is not None:
        national = ["build", "--out", "{out}"] + [
            x for kind, name in NATIONAL_FILES.items() for x in (f"--{kind}", str(data / name))]
        cases.append(("build national (automatic store)", national))
        cases.append(("build national --store memory", national + ["--store", "memory"]))
    out = []
    for name, args in cases:
        _log(f"command: {name}")
        times, peaks, note = [], [], ""
        for i in range(repeat):
            target = tempfile.mkdtemp(prefix="bench-cli-", dir=work)
            try:
                seconds, peak, _ = run_command([a.replace("{out}", target) for a in args],
                                               cwd=str(ROOT))
            except RuntimeError as exc:
                note = str(exc)
                break
            finally:
                shutil.rmtree(target, ignore_errors=True)
            times.append(seconds)
            peaks.append(peak)
            if seconds > 60:
                note = "1 run (over 60 s)"
                break
            if sum(times) > budget and i + 1 < repeat:
                note = f"{len(times)} runs (time budget {budget:.0f} s)"
                break
        out.append({"name": name, "times": times, "peak_mb": max(peaks) if peaks else None,
                    "note": note})
    return out


# --- loading and queries per store --------------------------------------------------------------
def isolated_runs(target: str, repeat: int, budget: float, **kwargs: Any) -> dict:
    """``repeat`` runs of ``target`` (returning ``seconds``), each in a fresh process."""
    times, peaks, note, last = [], [], "", {}
    for i in range(repeat):
        try:
            last, peak = run_isolated(target, **kwargs)
        except RuntimeError as exc:
            note = f"failed: {exc}"
            break
        times.append(last["seconds"])
        peaks.append(peak)
        if last["seconds"] > 60:
            note = "1 run (over 60 s)" if i == 0 else f"{len(times)} runs (over 60 s)"
            break
        if sum(times) > budget and i + 1 < repeat:
            note = f"{len(times)} runs (time budget {budget:.0f} s)"
            break
    return {"times": times, "peak_mb": max(peaks) if peaks else None, "note": note,
            "triples": last.get("triples")}


def store_cases(files: list[str], kinds: tuple[str, ...], repeat: int, budget: float,
                query_limit: float, params: dict | None, pick: bool,
                holds_derived: bool = False) -> dict:
    """Load runs and the query set of each store kind; the parameters used.

    Unless the files hold the derived graph already (``holds_derived``: a project export),
    the baselines' query runs load it too (:func:`~benchmarks.stores.derived_file`); the
    project's stores derive it.
    """
    from benchmarks.stores import derived_file

    loads, queries = {}, {}
    derived = None if holds_derived else str(derived_file(files))
    order = sorted(kinds, key=lambda k: k != "pyoxigraph")  # it picks the parameters
    for kind in order:
        _log(f"  load {kind}")
        loads[kind] = isolated_runs("benchmarks.stores:load_case", repeat, budget, kind=kind,
                                    files=files)
    for kind in order:
        _log(f"  queries {kind}")
        try:
            with_derived = files + [derived] if derived and kind in ("rdflib", "pyoxigraph") \
                else files
            result, peak = run_isolated("benchmarks.stores:query_case", kind=kind,
                                        files=with_derived,
                                        params=params, repeat=repeat, pick=pick and not params,
                                        query_limit=query_limit, budget=budget)
            result["peak_mb"] = peak
            if pick and not params:
                params = result["params"]
        except RuntimeError as exc:
            result = {"error": str(exc)}
        queries[kind] = result
    return {"load": loads, "queries": queries, "params": params or {}}


def national_case(data: str, out: str) -> dict:
    """Build the national graph with the import API into Oxigraph; write it as N-Quads."""
    from graph.inspection_graph import build_national
    from graph.store import OxigraphStore

    folder = Path(data)
    started = time.perf_counter()
    result = build_national(store=OxigraphStore(), **{k: folder / v for k, v in
                                                      NATIONAL_FILES.items()})
    seconds = time.perf_counter() - started
    store = result.graph.store
    Path(out).write_bytes(store.serialize("nquads"))
    return {"seconds": seconds, "triples": len(store)}


# --- views and the endpoint -------------------------------------------------------------------
def views_case(which: str, data: str, repeat: int, budget: float) -> dict:
    """``graph.views.write_all`` on the West Sussex or national graph (benchmarks.views)."""
    from benchmarks.networks import timed
    from benchmarks.views import generate

    if which == "national":
        from benchmarks.queries import national
        from graph.store import OxigraphStore

        kg = national(Path(data), OxigraphStore())
    else:
        import graph

        kg = graph.load(validate=False)
    runs: list[dict] = []

    def once():
        with tempfile.TemporaryDirectory(prefix="bench-views-") as tmp:
            runs.append(generate(kg, Path(tmp), radius=2))

    times, note = timed(once, repeat, budget)
    pages = {kind: [p.seconds for r in runs for p in r["kinds"].get(kind, [])]
             for kind in ("overview", "national")}
    last = runs[-1]["pages"]
    return {"times": times, "note": note, "pages": len(last),
            "bytes": sum(p.bytes for p in last), "page_times": pages,
            "triples": len(kg.store)}


def throughput_case(data: str, clients: int, seconds: float) -> list[dict]:
    """Requests per second of ``clients`` loopback clients (benchmarks.queries.throughput)."""
    from benchmarks.queries import SIMPLE, national, throughput, west_sussex
    from graph.store import OxigraphStore

    stores = {"West Sussex, memory": lambda: west_sussex().store,
              "West Sussex, Oxigraph": lambda: west_sussex(OxigraphStore()).store}
    if data:
        stores["national, Oxigraph"] = lambda: national(Path(data), OxigraphStore()).store
    out = []
    for name, make in stores.items():
        rate, median_ms, errors = throughput(make(), clients, seconds)
        out.append({"name": name, "rate": rate, "median_ms": median_ms, "errors": errors,
                    "query": SIMPLE})
    return out


# --- the threshold of the automatic store choice --------------------------------------------------
def threshold_case(files: dict[str, list[str]], repeat: int, budget: float) -> list[dict]:
    """The build's work per store at small sizes: from the built rdflib Dataset to every
    export (memory: wrap it; Oxigraph: copy it in), median seconds per store."""
    from graph import InspectionGraph
    from graph.build.dataset import build
    from graph.exports import write_all
    from graph.sources.records import BUNDLED_RECORDS, read_records
    from graph.store import MemoryStore, OxigraphStore

    def dataset_of(paths: list[str]):
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        for p in paths:
            ds.parse(p, format="nquads")
        return ds

    makers = {"West Sussex records": lambda: build(read_records(BUNDLED_RECORDS),
                                                   validate=False).dataset}
    makers.update({label: (lambda p=paths: dataset_of(p)) for label, paths in files.items()})
    out = []
    for label, make in makers.items():
        row: dict[str, Any] = {"name": label}
        for kind in ("memory", "oxigraph"):
            times: list[float] = []
            for _ in range(repeat):
                ds = make()  # untimed: the build has made it already
                row["triples"] = len(ds)
                with tempfile.TemporaryDirectory(prefix="bench-exports-") as tmp:
                    started = time.perf_counter()
                    store = MemoryStore(ds) if kind == "memory" else OxigraphStore()
                    if kind == "oxigraph":
                        store.add_dataset(ds)
                    write_all(InspectionGraph(store), tmp)
                    times.append(time.perf_counter() - started)
                if sum(times) > budget:
                    break
            row[kind] = times
        out.append(row)
    return out


# --- the suite --------------------------------------------------------------------------------
def run_suite(args: argparse.Namespace) -> dict:
    """Run every section asked for; return the results for :func:`benchmarks.doc.render`."""
    from benchmarks.stores import KINDS, ontology_file, synthetic_file

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    for stale in work.glob("*.derived.nq"):  # the derivation may have changed since
        stale.unlink()
    data = args.data if args.data and all((args.data / f).exists()
                                          for f in NATIONAL_FILES.values()) else None
    if args.no_national:
        data = None
    skip = set(args.skip)
    results: dict[str, Any] = {"machine": machine_note(), "load": os.getloadavg(),
                               "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "repeat": args.repeat, "budget": args.budget,
                               "query_limit": args.query_limit, "sizes": {},
                               "data": str(data) if data else None, "command": args.command}
    began = time.perf_counter()
    if "cli" not in skip:
        results["cli"] = cli_cases(work, args.repeat, args.budget, data)
    onto = str(ontology_file(work))
    for size in args.sizes:
        label = size_label(size)
        _log(f"synthetic {label}")
        files = [onto, str(synthetic_file(work, size))]
        entry: dict[str, Any] = {}
        kinds = KINDS if size <= 1_000_000 else ("pyoxigraph", "oxigraph")
        if "stores" not in skip:
            entry.update(store_cases(files, kinds, args.repeat, args.budget, args.query_limit,
                                     None, pick=True))
            entry["kinds"] = list(kinds)
        if "networkx" not in skip and size <= 1_000_000:
            _log(f"  networkx {label}")
            try:
                entry["networkx"], entry["networkx_peak_mb"] = run_isolated(
                    "benchmarks.networks:networkx_case", files=files, repeat=args.repeat,
                    budget=args.budget)
            except RuntimeError as exc:
                entry["networkx"] = {"error": str(exc)}
        results["sizes"][label] = entry
    if data is not None and "national" not in skip:
        _log("national graph")
        nq = work / "national.nq"
        try:
            results["national_build"], _peak = run_isolated(
                "benchmarks.suite:national_case", data=str(data), out=str(nq))
            results["national"] = store_cases([str(nq)], KINDS, args.repeat, args.budget,
                                              args.query_limit, None, pick=False,
                                              holds_derived=True)
        except RuntimeError as exc:
            results["national_build"] = {"error": str(exc)}
    if "views" not in skip:
        results["views"] = {}
        for which in ("West Sussex", "national") if data else ("West Sussex",):
            _log(f"views {which}")
            try:
                results["views"][which], _peak = run_isolated(
                    "benchmarks.suite:views_case", which="national" if which == "national"
                    else "west-sussex", data=str(data), repeat=args.repeat, budget=args.budget)
            except RuntimeError as exc:
                results["views"][which] = {"error": str(exc)}
    if "throughput" not in skip:
        _log("endpoint throughput")
        results["throughput"], _peak = run_isolated(
            "benchmarks.suite:throughput_case", data=str(data) if data else "",
            clients=args.clients, seconds=args.seconds)
    if "threshold" not in skip:
        _log("store choice threshold")
        small = {size_label(n): [onto, str(synthetic_file(work, n))] for n in args.threshold_sizes}
        results["threshold"], _peak = run_isolated("benchmarks.suite:threshold_case",
                                                   files=small, repeat=args.repeat,
                                                   budget=args.budget)
    if "build" not in skip:  # the national build beside its baseline, the main job beside 76b8152
        from benchmarks import build as build_bench

        _log("build speed, side by side")
        try:
            results["build"] = build_bench.measure(data=data or DATA, repeat=args.repeat,
                                                   national=data is not None)
            for line in build_bench.report(results["build"]):
                print(line, flush=True)
        except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
            results["build"] = {"error": str(exc)}
    if "virtuoso" not in skip:  # benchmarks/virtuoso.py: Virtuoso beside Oxigraph, over HTTP
        results["virtuoso"] = virtuoso_section(args, work)
    results["elapsed"] = time.perf_counter() - began
    results["load_end"] = os.getloadavg()
    return results


def virtuoso_section(args: argparse.Namespace, work: Path) -> dict:
    """Virtuoso beside Oxigraph at the sizes from 1M on (the largest size if none is), the
    Oxigraph server too up to 1M (it takes minutes to load 1M); printed as it ends."""
    from benchmarks.virtuoso import render as virtuoso_render
    from benchmarks.virtuoso import run as virtuoso_run
    from benchmarks.virtuoso import virtuoso_binary

    if virtuoso_binary() is None:
        return {"error": "virtuoso-t not found (apt-get install virtuoso-opensource)"}
    sizes = [n for n in args.sizes if n >= 1_000_000] or [max(args.sizes)]
    engines = ("oxigraph", "virtuoso") if max(sizes) > 1_000_000 else \
        ("oxigraph", "oxigraph-server", "virtuoso")
    _log("Virtuoso beside Oxigraph")
    try:
        result = virtuoso_run(sizes, args.repeat, work, engines)
    except (RuntimeError, OSError) as exc:
        return {"error": str(exc)}
    print("## Virtuoso beside Oxigraph (benchmarks/virtuoso.py)\n", flush=True)
    print(virtuoso_render(result), flush=True)
    return result


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default=None,
                   help="synthetic graph sizes, comma-separated (default 10k,100k,1M)")
    p.add_argument("--5m", dest="five_m", action="store_true",
                   help="add the 5M-triple run (Oxigraph stores only)")
    p.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    p.add_argument("--quick", action="store_true",
                   help="10k only, 2 runs, short load test: a smoke test")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md",
                   help="the page written (default docs/benchmarks.md)")
    p.add_argument("--data", type=Path, default=DATA,
                   help="folder of the official files (for the national graph)")
    p.add_argument("--no-national", action="store_true", help="skip the national graph")
    p.add_argument("--skip", default="", help=f"sections to skip: {', '.join(SECTIONS)}")
    p.add_argument("--budget", type=float, default=120.0,
                   help="seconds one case may take before its runs stop (default 120)")
    p.add_argument("--query-limit", type=float, default=15.0,
                   help="seconds a single query may run before it is stopped (default 15)")
    p.add_argument("--clients", type=int, default=8, help="concurrent endpoint clients")
    p.add_argument("--seconds", type=float, default=5.0, help="length of each load test")
    p.add_argument("--from-json", default=None, metavar="FILE",
                   help="only rewrite the page from the results of an earlier run "
                        "(WORK/results.json)")
    p.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "inspection-graph-bench"),
                   help="folder for the generated files (kept between runs)")
    return p


def main(argv: list[str] | None = None) -> int:
    from benchmarks.doc import render, write_atomic

    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(argv)
    args.command = "python -m benchmarks " + " ".join(argv) if argv else "python -m benchmarks"
    if args.quick:
        args.sizes = args.sizes or "10k"
        args.repeat, args.seconds, args.no_national = min(args.repeat, 2), 1.0, True
    args.sizes = args.sizes or "10k,100k,1M"
    args.sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if args.five_m:
        args.sizes.append(5_000_000)
    args.skip = [s.strip() for s in args.skip.split(",") if s.strip()]
    if args.quick:  # the side-by-side builds and Virtuoso take minutes: not in the smoke test
        args.skip += ["build", "virtuoso"]
    unknown = set(args.skip) - set(SECTIONS)
    if unknown:
        parser().error(f"unknown section {sorted(unknown)[0]!r} (sections: {', '.join(SECTIONS)})")
    args.threshold_sizes = [n for n in (2_000, 10_000, 30_000) if n <= max(args.sizes) * 3]
    if args.from_json:
        results = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
    else:
        results = run_suite(args)
        write_atomic(Path(args.work) / "results.json", json.dumps(results))
    page = render(results)
    if results.get("build") and "error" not in results["build"]:
        from benchmarks.build import markdown

        page += markdown(results["build"])
    if results.get("virtuoso") and "error" not in results["virtuoso"]:
        from benchmarks.virtuoso import render as virtuoso_render

        page += "\n## Virtuoso beside Oxigraph\n\n" + virtuoso_render(results["virtuoso"])
    write_atomic(args.out, page)
    _log(f"wrote {args.out} ({results['elapsed'] / 60:.1f} min)")
    return 0
