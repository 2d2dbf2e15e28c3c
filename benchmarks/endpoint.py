"""``python -m benchmarks.endpoint``: the endpoint's latency per request, on a fresh
connection each time and on one keep-alive connection.

A keep-alive request must be no slower than a fresh one (small writes held back by
Nagle's algorithm against delayed ACKs once cost about 40 ms each). Prints the median
and the 90th percentile, in milliseconds, for ``/health`` (no query) and for a small
``ASK`` (one worker process per query).
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
import urllib.parse


def _timed(request, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        request()
        out.append((time.perf_counter() - started) * 1000)
    return out


def measure(store, n: int = 200) -> dict[str, dict[str, float]]:
    """Milliseconds per request: ``{"/health fresh": {"median": .., "p90": ..}, ...}``."""
    from graph.server.endpoint import make_server

    server = make_server(store, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    paths = {"/health": "/health",
             "ASK": "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})}
    results = {}
    try:
        for label, path in paths.items():
            def fresh(path=path) -> None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path)
                conn.getresponse().read()
                conn.close()

            kept = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

            def keep_alive(path=path, kept=kept) -> None:
                kept.request("GET", path)
                kept.getresponse().read()

            for kind, request in (("fresh", fresh), ("keep-alive", keep_alive)):
                request()  # warm up
                times = _timed(request, n)
                results[f"{label} {kind}"] = {
                    "median": statistics.median(times),
                    "p90": statistics.quantiles(times, n=10)[-1]}
            kept.close()
    finally:
        server.shutdown()
    return results


def main(argv: list[str] | None = None) -> None:
    """Print the table."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.endpoint",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=200, help="requests per case (200)")
    args = p.parse_args(argv)
    import graph

    store = graph.load(validate=False).store
    print("| request | connection | median ms | p90 ms |")
    print("| --- | --- | ---: | ---: |")
    for name, figures in measure(store, args.requests).items():
        label, kind = name.rsplit(" ", 1)
        print(f"| {label} | {kind} | {figures['median']:.2f} | {figures['p90']:.2f} |")


if __name__ == "__main__":
    main()
