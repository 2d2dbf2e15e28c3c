"""Build speed, side by side: the national build beside a baseline, the main job beside 76b8152.

Run from the checkout: ``python -m benchmarks.build`` (``--help`` for options; ``python -m
benchmarks`` runs it too).

Two comparisons, each timed as fresh processes run alternately in one session (medians):

- **The national build** (``inspection-graph build --no-views --store oxigraph:PATH --ofsted
  ... --workforce ... --neighbours ...``: the records, SHACL on them, the three imports, the
  derived facts, the store on disk and every export) beside a **baseline** that does only
  what the data asks for: reads the same three files (the workbook with python-calamine,
  the CSVs with :mod:`csv`), writes one triple per filled cell as N-Quads, bulk-loads them
  into a raw pyoxigraph store on disk and dumps the store once per RDF export format.
- **The main job** (``inspection-graph build --sources ../shared/seeds``: every export and
  the views) beside the same command at commit 76b8152, run from a copy of that commit
  (``git archive``) with ``PYTHONPATH`` pointing at it.

The ratios are what the figures in README.md and docs/benchmarks.md quote.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.suite import DATA, ROOT, SHARED
from benchmarks.suite import NATIONAL_FILES as FILES

BEFORE = "76b8152"
NATIONAL_TARGET = 3.0
MAIN_TARGET = 0.5
CLI = "import sys; from graph.cli import main; sys.argv[0] = 'inspection-graph'; main()"


# --- the baseline: the data's own cost ---------------------------------------------------------

def _literal(value) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    text = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))
    return f'"{text}"'


def baseline(data: Path, work: Path) -> int:
    """Read the three files, bulk-load one triple per filled cell, dump every RDF format.

    Returns
    -------
    int
        The number of quads loaded.
    """
    import csv

    import pyoxigraph as ox
    from python_calamine import CalamineWorkbook

    base = "https://example.org/baseline/"
    tables: dict[str, list[list]] = {}
    book = CalamineWorkbook.from_path(str(data / FILES["ofsted"]))
    for name in book.sheet_names:
        tables[f"ofsted/{name}"] = book.get_sheet_by_name(name).to_python()
    for kind in ("workforce", "neighbours"):
        with open(data / FILES[kind], encoding="utf-8-sig", newline="") as fh:
            tables[kind] = list(csv.reader(fh))
    lines = []
    for table, rows in tables.items():
        graph = f"<{base}{table.replace(' ', '_')}>"
        for r, row in enumerate(rows):
            subject = f"<{base}{table.replace(' ', '_')}/row/{r}>"
            for c, value in enumerate(row):
                if value not in ("", None):
                    lines.append(f"{subject} <{base}column/{c}> {_literal(value)} {graph} .")
    store_path = work / "baseline-store"
    shutil.rmtree(store_path, ignore_errors=True)
    store = ox.Store(str(store_path))
    store.bulk_load("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    out = work / "baseline-out"
    out.mkdir(exist_ok=True)
    for name, fmt in (("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG),
                      ("jsonld", ox.RdfFormat.JSON_LD)):
        store.dump(str(out / f"baseline.{name}"), format=fmt)
    union = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for name, fmt in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE)):
        triples = store.query(union, use_default_graph_as_union=True)
        (out / f"baseline.{name}").write_bytes(ox.serialize(triples, format=fmt))
    return len(lines)


# --- the commands timed ------------------------------------------------------------------------


def _cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], *, cwd: Path, pythonpath: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the command's processes, children included) of one run."""
    env = dict(os.environ, PYTHONPATH=str(pythonpath), PYTHONDONTWRITEBYTECODE="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    cpu = _cpu()
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])} ... failed ({done.returncode}):\n"
                           f"{done.stderr[-2000:]}")
    return elapsed, _cpu() - cpu


def national_command(data: Path, work: Path) -> list[str]:
    store = work / "national-store"
    shutil.rmtree(store, ignore_errors=True)
    return [sys.executable, "-c", CLI, "build", "--no-views", "--store", f"oxigraph:{store}",
            "--out", str(work / "national-out"), "--ofsted", str(data / FILES["ofsted"]),
            "--workforce", str(data / FILES["workforce"]),
            "--neighbours", str(data / FILES["neighbours"])]


def main_command(out: Path) -> list[str]:
    return [sys.executable, "-c", CLI, "build", "--sources", str(SHARED / "seeds"),
            "--out", str(out)]


def checkout(commit: str, work: Path) -> Path:
    """A copy of ``commit``'s files (``git archive``), made once under ``work``."""
    dest = work / f"checkout-{commit}"
    if not (dest / "graph" / "__init__.py").exists():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def _alternate(first, second, repeat: int) -> tuple[list, list]:
    """``repeat`` runs of each, alternating: lists of (wall, CPU) seconds."""
    a, b = [], []
    for _ in range(repeat):
        a.append(first())
        b.append(second())
    return a, b


def _medians(runs: list) -> tuple[float, float]:
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))


def measure(*, data: Path = DATA, repeat: int = 3, work: Path | None = None,
            before: str = BEFORE, national: bool = True, main_job: bool = True) -> dict:
    """Time both comparisons; a dict of their medians, runs and ratios."""
    work = Path(work or Path(tempfile.gettempdir()) / "inspection-graph-bench" / "build")
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"repeat": repeat, "load": os.getloadavg(),
                     "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    if national and all((data / f).exists() for f in FILES.values()):
        quads = {}

        def ours() -> tuple[float, float]:
            return _run(national_command(data, work), cwd=ROOT, pythonpath=ROOT)

        def theirs() -> tuple[float, float]:
            code = ("import sys; from pathlib import Path; from benchmarks.build import "
                    "baseline; print(baseline(Path(sys.argv[1]), Path(sys.argv[2])))")
            cpu = _cpu()
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", code, str(data), str(work)], cwd=ROOT,
                                  env=dict(os.environ, PYTHONPATH=str(ROOT)),
                                  capture_output=True, text=True, check=True)
            quads["baseline"] = int(done.stdout.split()[-1])
            return time.perf_counter() - started, _cpu() - cpu

        build_times, base_times = _alternate(ours, theirs, repeat)
        (wall, cpu), (base_wall, base_cpu) = _medians(build_times), _medians(base_times)
        results["national"] = {"build": build_times, "baseline": base_times,
                               "baseline_quads": quads.get("baseline"),
                               "ratio": wall / base_wall, "cpu_ratio": cpu / base_cpu}
    if main_job and (SHARED / "seeds").is_dir():
        old = checkout(before, work)

        def now() -> tuple[float, float]:
            out = work / "main-now"
            return _run(main_command(out), cwd=ROOT, pythonpath=ROOT)

        def then() -> tuple[float, float]:
            out = work / "main-before"
            return _run(main_command(out), cwd=old, pythonpath=old)

        now_times, then_times = _alternate(now, then, repeat)
        (wall, cpu), (then_wall, then_cpu) = _medians(now_times), _medians(then_times)
        results["main"] = {"now": now_times, "before": then_times, "commit": before,
                           "ratio": wall / then_wall, "cpu_ratio": cpu / then_cpu}
    results["load_end"] = os.getloadavg()
    return results


def report(results: dict) -> list[str]:
    """The lines printed (and quoted in docs/benchmarks.md)."""
    from benchmarks.harness import machine_note

    lines = [f"machine: {machine_note()}",
             f"load average {results['load'][0]:.1f} at the start, "
             f"{results['load_end'][0]:.1f} at the end; medians of {results['repeat']} runs, "
             "each a fresh process, the two sides alternating"]
    nat = results.get("national")
    if nat:
        (build, build_cpu), (base, base_cpu) = _medians(nat["build"]), _medians(nat["baseline"])
        verdict = "met" if nat["ratio"] <= NATIONAL_TARGET else "NOT met"
        lines.append(f"national build (records, 3 imports, store on disk, every export, no "
                     f"views): {build:.2f} s | baseline (calamine/csv, {nat['baseline_quads']:,} "
                     f"quads bulk-loaded into raw pyoxigraph on disk, one dump per RDF format): "
                     f"{base:.2f} s | ratio {nat['ratio']:.2f}x (target <= {NATIONAL_TARGET:g}x:"
                     f" {verdict}); CPU time {build_cpu:.2f} s vs {base_cpu:.2f} s, "
                     f"{nat['cpu_ratio']:.2f}x")
    job = results.get("main")
    if job:
        (now, now_cpu), (then, then_cpu) = _medians(job["now"]), _medians(job["before"])
        verdict = "met" if job["ratio"] <= MAIN_TARGET else "NOT met"
        lines.append(f"main job (build --sources ../shared/seeds, every export and the views): "
                     f"now {now:.2f} s | at {job['commit']} {then:.2f} s | ratio "
                     f"{job['ratio']:.2f}x (target <= {MAIN_TARGET:g}x: {verdict}); CPU time "
                     f"{now_cpu:.2f} s vs {then_cpu:.2f} s, {job['cpu_ratio']:.2f}x")
    return lines


HEADING = "\n## Build speed, side by side (`python -m benchmarks.build`)\n"


def markdown(results: dict) -> str:
    """The section of docs/benchmarks.md that ``python -m benchmarks`` appends (and
    ``python -m benchmarks.build --doc docs/benchmarks.md`` writes in place)."""
    body = "\n".join(f"- {line}" for line in report(results))
    when = results.get("started", "")
    return (HEADING + f"\nMeasured on {when} by `python -m benchmarks.build --repeat "
            f"{results['repeat']}`: both sides of each comparison in the same run, on the "
            "same machine, at the same load.\n\n" + body + "\n")


def write_doc(path: Path, results: dict) -> None:
    """Put the section into the page at ``path`` (replacing the one there, if any)."""
    from benchmarks.doc import write_atomic

    text = path.read_text(encoding="utf-8")
    head = text.split(HEADING)[0].rstrip("\n") + "\n"
    write_atomic(path, head + markdown(results))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.build",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=3, help="runs of each side (default 3)")
    p.add_argument("--data", type=Path, default=DATA, help="folder of the official files")
    p.add_argument("--before", default=BEFORE, help=f"the commit compared (default {BEFORE})")
    p.add_argument("--only", choices=("national", "main"), default=None,
                   help="run one of the two comparisons")
    p.add_argument("--work", type=Path, default=None, help="folder for the runs' files")
    p.add_argument("--doc", type=Path, default=None,
                   help="also write the figures into this page (docs/benchmarks.md)")
    args = p.parse_args(argv)
    results = measure(data=args.data, repeat=args.repeat, work=args.work, before=args.before,
                      national=args.only in (None, "national"),
                      main_job=args.only in (None, "main"))
    for line in report(results):
        print(line)
    if args.doc is not None:
        write_doc(args.doc, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
