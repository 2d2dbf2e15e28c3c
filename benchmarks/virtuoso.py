"""Virtuoso beside Oxigraph: loading the synthetic graph over HTTP and the named queries.

Run from the checkout (needs Debian's ``virtuoso-opensource`` package and the
``oxigraph`` server of the test extra)::

    python -m benchmarks.virtuoso              # 1M triples
    python -m benchmarks.virtuoso --sizes 1M,5M

Both servers are started here, each on free loopback ports with a database of
its own in a temporary folder, and stopped at the end
(:class:`VirtuosoServer`, :class:`OxigraphServer`). Both load the same
N-Quads files through the project's :class:`~graph.store.RemoteStore`
(``replace_graphs``: the Graph Store Protocol in batches of 20,000 triples,
then one update moving the graphs into place), derive the derived graph, then
answer every named query ``repeat`` times; the figures are medians. The
embedded Oxigraph store (:class:`~graph.store.OxigraphStore`) is timed too, as
the store a single machine uses.

Examples
--------
>>> VirtuosoServer.ini_text("/tmp/v", 1111, 8890, buffers=10_000).count("[SPARQL]")
1
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["VirtuosoServer", "OxigraphServer", "free_port", "virtuoso_binary", "bench_case",
           "main"]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def virtuoso_binary() -> str | None:
    """The path of ``virtuoso-t`` (Debian's ``virtuoso-opensource``), if installed."""
    return shutil.which("virtuoso-t")


def _wait_for(url: str, proc: subprocess.Popen, what: str, log: Path | None,
              timeout: float) -> None:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while True:
        try:
            with opener.open(url, timeout=2):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = ""
                if log is not None and log.exists():
                    tail = log.read_text(errors="replace").strip().splitlines()[-3:]
                    tail = ": " + " | ".join(tail)
                if proc.poll() is None:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
                raise RuntimeError(f"{what} did not start within {timeout:.0f} s{tail}") \
                    from None
            time.sleep(0.2)


class _Server:
    proc: subprocess.Popen | None = None

    def stop(self) -> None:
        """Stop the server by its process id (SIGTERM, then SIGKILL after 20 s)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self):  # pragma: no cover - overridden
        raise NotImplementedError


class VirtuosoServer(_Server):
    """A Virtuoso Open Source server of its own: its ``virtuoso.ini`` and database in
    ``folder``, on free loopback ports, with a new random password for ``dba``.

    Parameters
    ----------
    folder : path
        Where the configuration, database files and log go (made if missing).
    buffers : int
        Virtuoso's ``NumberOfBuffers`` (8 kB pages kept in memory): 20,000 is 160 MB.

    Attributes
    ----------
    url : str
        The SPARQL endpoint (``http://127.0.0.1:PORT/sparql``) once started.
    user, password : str
        Credentials that may write (``dba``), for ``INSPECTION_GRAPH_STORE_USER`` and
        ``INSPECTION_GRAPH_STORE_PASSWORD``.
    """

    def __init__(self, folder: str | Path, *, buffers: int = 20_000) -> None:
        self.folder = Path(folder)
        self.buffers = buffers
        self.user = "dba"
        self.password = "dba"  # Virtuoso's default for a new database; replaced at start
        self.url = ""

    @staticmethod
    def ini_text(folder: str | Path, sql_port: int, http_port: int, *, buffers: int) -> str:
        """The ``virtuoso.ini`` of a server of its own in ``folder``: no row limit on
        answers, no time or cost limit on queries, bulk loading allowed from ``folder``."""
        d = Path(folder)
        return f"""[Database]
DatabaseFile = {d / 'virtuoso.db'}
ErrorLogFile = {d / 'virtuoso.log'}
LockFile = {d / 'virtuoso.lck'}
TransactionFile = {d / 'virtuoso.trx'}
xa_persistent_file = {d / 'virtuoso.pxa'}
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d / 'virtuoso-temp.db'}
TransactionFile = {d / 'virtuoso-temp.trx'}
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
MaxQueryMem = 1G
TransactionAfterImageLimit = 1500000000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""

    def start(self, timeout: float = 90.0) -> VirtuosoServer:
        """Write the configuration, start ``virtuoso-t``, wait for the SPARQL endpoint and
        give ``dba`` a new random password.

        Raises
        ------
        RuntimeError
            Virtuoso is not installed, or did not answer within ``timeout`` seconds.
        """
        import secrets

        exe = virtuoso_binary()
        if exe is None:
            raise RuntimeError("virtuoso-t not found (apt-get install virtuoso-opensource)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(self.ini_text(self.folder, self.sql_port, self.http_port,
                                     buffers=self.buffers), encoding="utf-8")
        self.proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)],
                                     cwd=self.folder, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        _wait_for(self.url + "?query=ASK%7B%7D", self.proc, "Virtuoso",
                  self.folder / "virtuoso.log", timeout)
        password = secrets.token_urlsafe(12)
        self.sql(f"USER_SET_PASSWORD('dba', '{password}');")
        self.password = password
        return self

    def sql(self, statement: str) -> str:
        """Run SQL statements with ``isql-vt`` as ``dba``; return what it printed."""
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is None:
            raise RuntimeError("isql-vt not found (apt-get install virtuoso-opensource)")
        proc = subprocess.run([isql, f"127.0.0.1:{self.sql_port}", self.user, self.password,
                               f"exec={statement}"], capture_output=True, text=True,
                              timeout=3600)
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            raise RuntimeError(f"isql: {(proc.stdout + proc.stderr).strip()[-300:]}")
        return proc.stdout

    def env(self) -> dict[str, str]:
        """The environment variables that let the project write into this server."""
        from graph.store.remote import PASSWORD_VARIABLE, USER_VARIABLE

        return {USER_VARIABLE: self.user, PASSWORD_VARIABLE: self.password}


class OxigraphServer(_Server):
    """An Oxigraph server (the ``oxigraph`` PyPI package's binary) with a database of its
    own in ``folder`` on a free loopback port; ``url`` is its ``/query`` endpoint. With
    ``union``, its default graph is the union of the named graphs
    (``--union-default-graph``: a :class:`~graph.store.RemoteStore` with ``union="server"``)."""

    def __init__(self, folder: str | Path, *, union: bool = True) -> None:
        self.folder = Path(folder)
        self.union = union
        self.url = ""

    def start(self, timeout: float = 30.0) -> OxigraphServer:
        beside = Path(sys.executable).parent / "oxigraph"
        exe = str(beside) if beside.exists() else shutil.which("oxigraph")
        if exe is None:
            raise RuntimeError("the oxigraph server is not installed (pip install -e '.[test]')")
        port = free_port()
        self.proc = subprocess.Popen([exe, "serve", "--location", str(self.folder),
                                      "--bind", f"127.0.0.1:{port}"]
                                     + ["--union-default-graph"] * self.union,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/query?query=ASK%7B%7D", self.proc, "oxigraph", None, timeout)
        self.url = base + "/query"
        self.store_url = base + "/store"
        return self


# --- the benchmark ----------------------------------------------------------------------------
def _median(xs: list[float]) -> float | None:
    import statistics

    return statistics.median(xs) if xs else None


def _read_graphs(files: list[str]) -> dict:
    """Every named graph of the N-Quads files: name -> triples (rdflib terms)."""
    from rdflib import Dataset

    graphs: dict = {}
    for f in files:
        ds = Dataset()
        ds.parse(f, format="nquads")
        for g in ds.graphs():
            if len(g):
                graphs.setdefault(g.identifier, []).extend(g)
    return graphs


def bench_case(engine: str, files: list[str], params: dict[str, str] | None, repeat: int,
               work: str, query_limit: float = 60.0) -> dict[str, Any]:
    """Start a server of ``engine`` (``virtuoso``, ``oxigraph-server``) or open the embedded
    ``oxigraph`` store, load the files, derive, then time every named query.

    Returns
    -------
    dict
        ``load_s`` (the write over HTTP, the files parsed beforehand; the embedded
        store: ``load_file``, its parse included), ``derive_s``, ``triples``, ``times``
        (name -> seconds of each run), ``rows`` (name -> rows of the last run), ``errors``.
    """
    from graph import InspectionGraph
    from graph.queries import list_queries
    from graph.store import OxigraphStore, RemoteStore
    from graph.store.derived import ensure_derived

    folder = Path(tempfile.mkdtemp(prefix=f"bench-{engine}-", dir=work))
    server: _Server | None = None
    try:
        if engine == "virtuoso":
            server = VirtuosoServer(folder, buffers=170_000).start()
            store = RemoteStore(server.url, user=server.user, password=server.password,
                                timeout=3600)
        elif engine == "oxigraph-server":
            server = OxigraphServer(folder).start()
            store = RemoteStore(server.url, store_url=server.store_url, timeout=3600,
                                union="server")
        else:
            store = OxigraphStore()
        graphs = None if engine == "oxigraph" else _read_graphs(files)  # parsed untimed
        started = time.perf_counter()
        if graphs is None:
            for f in files:
                store.load_file(f)
        else:
            store.replace_graphs(graphs)
        load_s = time.perf_counter() - started
        graphs = None
        started = time.perf_counter()
        ensure_derived(store)
        derive_s = time.perf_counter() - started
        kg = InspectionGraph(store)
        wanted = {q.name: {p.name for p in q.params} for q in list_queries()}
        times: dict[str, list[float]] = {n: [] for n in wanted}
        rows: dict[str, int] = {}
        errors: dict[str, str] = {}
        for _ in range(repeat):
            for name in wanted:
                if name in errors:
                    continue
                mine = {k: v for k, v in (params or {}).items() if k in wanted[name]}
                t = time.perf_counter()
                try:
                    rows[name] = len(kg.query_named(name, **mine).rows)
                except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
                    errors[name] = str(exc).splitlines()[0][:200]
                    continue
                took = time.perf_counter() - t
                times[name].append(took)
                if took > query_limit:
                    errors[name] = f"over {query_limit:.0f} s"
        return {"engine": engine, "load_s": load_s, "derive_s": derive_s,
                "triples": len(store), "times": times, "rows": rows, "errors": errors}
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def run(sizes: list[int], repeat: int, work: Path,
        engines: tuple[str, ...] = ("oxigraph", "oxigraph-server", "virtuoso")) -> dict[str, Any]:
    """Each size: the synthetic graph into each engine, in a fresh process each."""
    from benchmarks.harness import machine_note, run_isolated
    from benchmarks.stores import load, ontology_file, pick_params, synthetic_file
    from benchmarks.suite import _log, size_label

    work.mkdir(parents=True, exist_ok=True)
    onto = str(ontology_file(work))
    results: dict[str, Any] = {"machine": machine_note(), "repeat": repeat,
                               "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "sizes": {}}
    for size in sizes:
        label = size_label(size)
        files = [onto, str(synthetic_file(work, size))]
        params = pick_params("oxigraph", load("oxigraph", files))
        entry = {}
        for engine in engines:
            _log(f"{engine} {label}")
            try:
                entry[engine], entry[engine + "_peak_mb"] = run_isolated(
                    "benchmarks.virtuoso:bench_case", engine=engine, files=files,
                    params=params, repeat=repeat, work=str(work))
            except RuntimeError as exc:
                entry[engine] = {"error": str(exc)[-300:]}
        results["sizes"][label] = entry
    return results


ENGINES = (("oxigraph", "Oxigraph (embedded)"), ("oxigraph-server", "Oxigraph server"),
           ("virtuoso", "Virtuoso"))


def render(results: dict[str, Any]) -> str:
    """The figures as Markdown tables: loads, then query medians in milliseconds."""
    out = [f"Machine: {results['machine']}; started {results['started']}; "
           f"medians of {results['repeat']} runs.", ""]
    for label, entry in results["sizes"].items():
        out += [f"### {label} triples", "",
                "| store | load (s) | derive (s) | triples | peak MiB (client) |",
                "|---|---:|---:|---:|---:|"]
        for key, title in ENGINES:
            r = entry.get(key)
            if r is None:
                continue
            if "error" in r:
                out.append(f"| {title} | failed: {r['error']} | | | |")
                continue
            out.append(f"| {title} | {r['load_s']:.1f} | {r['derive_s']:.1f} | "
                       f"{r['triples']:,} | {entry.get(key + '_peak_mb', 0):.0f} |")
        shown = [(key, title) for key, title in ENGINES if key in entry]
        out += ["", "| query (ms) | " + " | ".join(t for _, t in shown) + " |",
                "|---|" + "---:|" * len(shown)]
        names = sorted({n for key, _ in shown for n in entry[key].get("times", {})})
        for name in names:
            cells = []
            for key, _ in shown:
                r = entry.get(key, {})
                if name in r.get("errors", {}) and not r["times"].get(name):
                    cells.append("error")
                    continue
                m = _median(r.get("times", {}).get(name, []))
                cells.append("" if m is None else f"{m * 1000:.0f}")
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        errors = {(title, n): e for key, title in ENGINES
                  for n, e in entry.get(key, {}).get("errors", {}).items()}
        if errors:
            out += [""] + [f"- {title}, {n}: {e}" for (title, n), e in sorted(errors.items())]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    from benchmarks.suite import parse_size

    p = argparse.ArgumentParser(prog="python -m benchmarks.virtuoso",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1M", help="synthetic sizes (default 1M)")
    p.add_argument("--repeat", type=int, default=5, help="runs per query (default 5)")
    p.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "inspection-graph-bench"),
                   help="folder for the generated files (kept between runs)")
    p.add_argument("--engines", default="oxigraph,oxigraph-server,virtuoso",
                   help="stores to measure (default oxigraph,oxigraph-server,virtuoso)")
    p.add_argument("--json", default=None, metavar="FILE", help="also write the results here")
    args = p.parse_args(argv)
    engines = tuple(e.strip() for e in args.engines.split(",") if e.strip())
    unknown = set(engines) - {key for key, _ in ENGINES}
    if unknown:
        p.error(f"unknown engine {sorted(unknown)[0]!r}")
    results = run([parse_size(s) for s in args.sizes.split(",") if s.strip()], args.repeat,
                  Path(args.work), engines)
    if args.json:
        Path(args.json).write_text(json.dumps(results), encoding="utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
