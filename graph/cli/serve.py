"""The ``serve`` command: a read-only SPARQL endpoint with a query page."""

from __future__ import annotations

import click

from graph.cli.app import graph_options, handle_errors, load_graph, main


@main.command()
@graph_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; 0.0.0.0 exposes it).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--timeout", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Time limit of one query, in seconds (503 past it).")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Most rows (or triples) in one answer (422 past it).")
@handle_errors
def serve(records, sources, host, port, timeout, max_rows) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (/sparql), with a query page (/),
    the named queries (/queries) and a health route (/health)."""
    from graph.server.endpoint import Limits
    from graph.server.endpoint import serve as run_server

    kg = load_graph(records, sources)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: other machines can reach this endpoint",
                   err=True)

    def ready(url: str) -> None:
        click.echo(f"SPARQL endpoint at {url}sparql, query page at {url} (Ctrl-C stops it)")

    run_server(kg.store, host, port, limits=Limits(seconds=timeout, rows=max_rows), ready=ready)
