"""Named-query latency per store, and SPARQL endpoint throughput.

Run from the checkout: ``python -m benchmarks.queries`` (``--help`` for options).

Prints, for every named query, the median latency (ms) of repeated runs with its
default parameters on the West Sussex graph (the bundled records) in the rdflib
memory store and in Oxigraph on disk; the same on the national graph (the
records plus Ofsted's outcomes, DfE's workforce indicators and statistical
neighbours from ``--data``) when those files are at hand; and the endpoint's
throughput for a simple query with concurrent clients on loopback.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.harness import machine_note, time_runs

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dfe"
SIMPLE = "SELECT ?name WHERE { ?c ig:gssCode 'E10000032' ; rdfs:label ?name }"


def west_sussex(store=None):
    import graph

    return graph.load(validate=False, store=store)


def national(data: Path, store=None):
    """The records plus the three national imports, or ``None`` without the files."""
    import graph
    from graph.sources.outcomes import import_outcomes
    from graph.sources.workforce import import_neighbours, import_workforce

    files = [data / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
             data / "csww_indicators_2017_to_2025.csv",
             data / "New_Statistical_Neighbour_Groupings_April_2021.csv"]
    if not all(f.exists() for f in files):
        return None
    kg = graph.load(validate=False, store=store)
    import_outcomes(kg.store, files[0])
    import_workforce(kg.store, files[1])
    import_neighbours(kg.store, files[2])
    return kg


def latencies(kg, repeat: int) -> dict[str, float]:
    """Median milliseconds of each named query (defaults), after one warm-up run."""
    from graph.queries import list_queries

    out = {}
    for q in list_queries():
        kg.query_named(q.name)
        out[q.name] = statistics.median(time_runs(lambda n=q.name: kg.query_named(n),
                                                  repeat=repeat)) * 1000
    return out


def throughput(store, clients: int, seconds: float) -> tuple[float, float, int]:
    """Requests per second, median latency (ms) and errors of ``clients`` threads posting
    ``SIMPLE`` to a loopback endpoint for about ``seconds``."""
    from graph.server.endpoint import Limits, make_server

    server = make_server(store, "127.0.0.1", 0, limits=Limits(concurrent=clients))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    body = urllib.parse.urlencode({"query": SIMPLE}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    stop = time.monotonic() + seconds
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                with opener.open(urllib.request.Request(
                        url, data=body, headers={"Accept": "application/sparql-results+json"}),
                        timeout=30) as resp:
                    resp.read()
                    ok = resp.status == 200
            except OSError:
                ok = False
            with lock:
                if ok:
                    times.append(time.perf_counter() - started)
                else:
                    errors[0] += 1

    began = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - began
    server.shutdown()
    server.server_close()
    return len(times) / elapsed, statistics.median(times) * 1000 if times else 0.0, errors[0]


def table(title: str, columns: dict[str, dict[str, float]]) -> str:
    names = sorted(next(iter(columns.values())))
    width = max(len(n) for n in names)
    head = f"{'query':<{width}} " + " ".join(f"{c:>12}" for c in columns)
    lines = [title, head, "-" * len(head)]
    for n in names:
        lines.append(f"{n:<{width}} " + " ".join(f"{columns[c][n]:>12.1f}" for c in columns))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from graph.store import OxigraphStore

    parser = argparse.ArgumentParser(prog="python -m benchmarks.queries", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--data", type=Path, default=DATA,
                        help="folder of the official files for the national graph")
    parser.add_argument("--clients", type=int, default=8, help="concurrent endpoint clients")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of the load test")
    parser.add_argument("--no-national", action="store_true", help="skip the national graph")
    parser.add_argument("--national-memory", action="store_true",
                        help="also time the national graph in the rdflib memory store (slow: "
                             "over 15 minutes for the library on this machine)")
    args = parser.parse_args(argv)
    print(machine_note())
    with tempfile.TemporaryDirectory() as tmp:
        ws_memory = west_sussex()
        ws_oxigraph = west_sussex(OxigraphStore(Path(tmp) / "ws"))
        print(f"West Sussex graph: {len(ws_memory.store):,} triples")
        print(table("Median latency (ms), West Sussex graph",
                    {"memory": latencies(ws_memory, args.repeat),
                     "oxigraph": latencies(ws_oxigraph, args.repeat)}), flush=True)
        nat_oxigraph = None if args.no_national else national(args.data,
                                                              OxigraphStore(Path(tmp) / "nat"))
        if nat_oxigraph is None:
            print(f"(national graph skipped: the official files are not in {args.data})")
        else:
            print(f"National graph: {len(nat_oxigraph.store):,} triples")
            columns = {"oxigraph": latencies(nat_oxigraph, args.repeat)}
            if args.national_memory:
                columns["memory"] = latencies(national(args.data), max(1, args.repeat // 2))
            print(table("Median latency (ms), national graph", columns), flush=True)
        print(f"Endpoint throughput, {args.clients} clients on loopback, {args.seconds:g} s, "
              f"query: {SIMPLE}")
        stores = {"memory (West Sussex)": ws_memory.store,
                  "oxigraph (West Sussex)": ws_oxigraph.store}
        if nat_oxigraph is not None:
            stores["oxigraph (national)"] = nat_oxigraph.store
        for name, store in stores.items():
            rate, median_ms, errors = throughput(store, args.clients, args.seconds)
            print(f"  {name:<24} {rate:8.0f} requests/s, median {median_ms:.1f} ms, "
                  f"{errors} errors")


if __name__ == "__main__":
    main()
