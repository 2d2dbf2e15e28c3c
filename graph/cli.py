"""The ``inspection-graph`` command: a thin layer over the Python API.

Each command parses its options, calls one API function and formats the
answer. Errors a user can cause are printed as ``Error: ...`` with exit 1.
"""

from __future__ import annotations

import functools
import sys
import time

import click

SOURCES_HELP = "Folder of source texts: evidence spans and hashes are checked against them."


def handle_errors(func):
    """Turn the project's errors into ``Error: ...`` and exit status 1."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .errors import InspectionGraphError

        try:
            return func(*args, **kwargs)
        except InspectionGraphError as exc:
            lines = str(exc).splitlines() or ["unknown error"]
            for line in lines:
                click.echo(f"Error: {line}", err=True)
            sys.exit(1)
    return wrapper


STORE_KEY = "inspection_graph.store"


def _remember_store(ctx, param, value):
    """Keep ``--store``/``--endpoint`` in the context, for :func:`load_graph`."""
    if value is not None:
        if param.name == "endpoint" and not value.startswith(("http://", "https://")):
            raise click.BadParameter("give an http(s):// SPARQL endpoint URL", ctx, param)
        earlier = ctx.meta.get(STORE_KEY)
        if earlier is not None and earlier != value:
            raise click.UsageError("give --store or --endpoint, not both", ctx)
        ctx.meta[STORE_KEY] = value
    return value


def store_options(func):
    """``--store`` (and ``--endpoint``, its alias for a remote SPARQL endpoint)."""
    func = click.option("--endpoint", default=None, expose_value=False, is_eager=False,
                        callback=_remember_store, metavar="URL",
                        help="A SPARQL 1.1 endpoint to read (same as --store URL).")(func)
    func = click.option("--store", default=None, expose_value=False, callback=_remember_store,
                        metavar="SPEC",
                        help="Read the graph from a store: memory, oxigraph:PATH or an "
                             "http(s)://.../query endpoint (build loads the records into it, "
                             "import the official files; without it, build picks memory or "
                             "Oxigraph by the input's size)."
                        )(func)
    return func


def store_spec() -> str | None:
    """The ``--store``/``--endpoint`` given to the current command, if any."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(STORE_KEY) if ctx is not None else None


def graph_options(func):
    """The options that choose the graph a command reads: ``--records``, ``--sources``,
    ``--store`` (and ``--endpoint``, its alias for a remote SPARQL endpoint)."""
    func = store_options(func)
    func = click.option("--sources", type=click.Path(file_okay=False), default=None,
                        help=SOURCES_HELP)(func)
    func = click.option("--records", type=click.Path(exists=True), default=None,
                        help="Folder (or file) of YAML records; the bundled ones by default.")(func)
    return func


def load_graph(records, sources, validate=False, *, load_into_store=False):
    """The graph a command reads: the store given with ``--store`` if any, else the records
    built in memory. With ``load_into_store`` (``build``), the records are built into the store."""
    import graph

    ctx = click.get_current_context(silent=True)
    spec = ctx.meta.get(STORE_KEY) if ctx is not None else None
    if spec in (None, "memory"):
        return graph.load(records, sources=sources, validate=validate)
    from .store import open_store

    if load_into_store:
        return graph.load(records, sources=sources, validate=validate, store=open_store(spec))
    if records is not None:
        from .errors import StoreError

        raise StoreError("--records and --store: a command reads one of them (build loads "
                         "records into a store)")
    return graph.InspectionGraph(open_store(spec, read_only=True), sources=sources)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="inspection-graph")
def main() -> None:
    """A knowledge graph of inspections of English councils' children's services."""


IMPORT_FILE = click.Path(exists=True)


@main.command()
@graph_options
@click.option("--out", type=click.Path(file_okay=False), default="exports", show_default=True,
              help="Folder the exports are written to.")
@click.option("--ofsted", type=IMPORT_FILE, default=None,
              help="Ofsted's inspection outcomes release (ODS, a CSV sheet or a folder of them).")
@click.option("--workforce", type=IMPORT_FILE, default=None,
              help="DfE's children's social work workforce indicators (CSV).")
@click.option("--neighbours", type=IMPORT_FILE, default=None,
              help="DfE's statistical neighbour groupings (CSV).")
@click.option("--views/--no-views", "with_views", default=True, show_default=True,
              help="Also write the interactive HTML views into OUT/views.")
@handle_errors
def build(records, sources, out, ofsted, workforce, neighbours, with_views) -> None:
    """Validate the records, import the official files given, then write every export
    (Turtle, TriG, JSON-LD, N-Triples, N-Quads, GraphML, CSV) and the HTML views (OUT/views)
    into OUT and print a summary."""
    from .exports import write_all
    from .storechoice import choose_store, estimate_triples
    from .summary import summary_line

    started = time.perf_counter()
    spec = store_spec()
    choice = None
    if ofsted or workforce or neighbours:
        from .national import build_national
        from .progress import ProgressBar
        from .store import open_store

        if spec is None:  # no --store: chosen by the estimated size of the input
            choice = choose_store(estimate_triples(records, ofsted=ofsted, workforce=workforce,
                                                   neighbours=neighbours), estimated=True)
        result = build_national(records, sources=sources, ofsted=ofsted, workforce=workforce,
                                neighbours=neighbours,
                                store=choice.open() if choice else open_store(spec),
                                progress=ProgressBar())
        for report in result.reports:
            click.echo(report.summary())
        kg = result.graph
        click.echo("Writing the exports ...", err=True)
    elif spec is None:  # no --store: chosen by the number of triples built
        import graph

        kg = graph.load(records, sources=sources, validate=True, store="auto")
    else:
        kg = load_graph(records, sources, validate=True, load_into_store=True)
    written = write_all(kg, out)
    pages = []
    if with_views:
        from pathlib import Path

        from .views import write_all as write_views

        pages = write_views(kg, Path(out) / "views", sources=sources)
    elapsed = time.perf_counter() - started
    counts = kg.counts()
    if choice is None:
        choice = choose_store(counts["triples"])
    where = choice.describe() if spec is None else f"store: {spec} (chosen with --store)"
    views_note = f" and {len(pages)} HTML views to {out}/views" if pages else ""
    click.echo(f"Wrote {len(written)} files to {out}{views_note} in {elapsed:.1f} s")
    click.echo(f"{summary_line(counts)}; {where}")


@main.command()
@graph_options
@handle_errors
def validate(records, sources) -> None:
    """Check the records (schema, references, evidence spans, SHACL shapes); write nothing."""
    from .build import build as build_graph
    from .records import BUNDLED_RECORDS, read_records
    from .summary import dataset_counts, summary_line

    result = build_graph(read_records(records or BUNDLED_RECORDS), texts=sources)
    click.echo(f"Valid: {summary_line(dataset_counts(result.dataset))}")
    if sources:
        click.echo(f"{result.spans_checked} evidence spans checked against the source texts")


@main.command()
@graph_options
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query (repeatable); see 'inspection-graph queries'.")
@click.option("--sparql", "sparql", default=None, help="The SPARQL query text.")
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"), default=None,
              help="A file holding the SPARQL query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table", show_default=True,
              help="json is the SPARQL 1.1 Query Results JSON format.")
@handle_errors
def query(records, sources, name, params, sparql, query_file, fmt) -> None:
    """Run a named query (NAME, see 'inspection-graph queries') or a SPARQL query
    (--sparql or --file) over the graph and print the answer."""
    from .errors import QueryError

    if sum(x is not None for x in (name, sparql, query_file)) != 1:
        raise QueryError("give a query NAME, or the query with exactly one of --sparql or --file")
    if params and name is None:
        raise QueryError("--param is for named queries: give the query NAME")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {item!r}: expected KEY=VALUE")
        values[key.strip()] = value
    if name is not None:
        from .queries import get_query

        get_query(name).bindings(**values)  # check the name and parameters before loading
        result = load_graph(records, sources).query_named(name, **values)
    else:
        text = sparql if sparql is not None else query_file.read()
        result = load_graph(records, sources).query(text)
    output = {"table": result.to_table, "csv": result.to_csv, "tsv": result.to_tsv,
              "json": result.to_json}[fmt]()
    click.echo(output, nl=not output.endswith("\n"))


@main.command("queries")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handle_errors
def list_named_queries(fmt) -> None:
    """List the named queries with their descriptions and parameters."""
    import json

    from .queries import list_queries

    items = list_queries()
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                                "params": [{"name": p.name, "default": p.default,
                                            "description": p.description} for p in q.params]}
                               for q in items], indent=1))
        return
    for q in items:
        click.echo(f"{q.name}: {q.title}")
        click.echo(f"    {q.description}")
        for p in q.params:
            default = "required" if p.required else f"default {p.default}"
            click.echo(f"    --param {p.name}=...  {p.description} ({default})")


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
    from .server import Limits
    from .server import serve as run_server

    kg = load_graph(records, sources)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: other machines can reach this endpoint",
                   err=True)

    def ready(url: str) -> None:
        click.echo(f"SPARQL endpoint at {url}sparql, query page at {url} (Ctrl-C stops it)")

    run_server(kg.store, host, port, limits=Limits(seconds=timeout, rows=max_rows), ready=ready)


@main.command()
@graph_options
@click.argument("entity")
@handle_errors
def show(records, sources, entity) -> None:
    """Show an ENTITY (IRI, compact IRI, record id or label): its facts and evidence."""
    click.echo(str(load_graph(records, sources).entity(entity)))


@main.command()
@graph_options
@click.option("--out", type=click.Path(file_okay=False), default="exports/views",
              show_default=True, help="Folder the HTML pages are written to.")
@click.option("--radius", type=click.IntRange(1, 2), default=2, show_default=True,
              help="How many links an ego view reaches from its entity.")
@handle_errors
def views(records, sources, out, radius) -> None:
    """Write interactive HTML views of the graph (index, overview, ego views, causal chains,
    careers, ontology and, with the national import, councils by grade and region) into OUT.
    They work offline from file://."""
    from .views import write_all

    started = time.perf_counter()
    pages = write_all(load_graph(records, sources), out, radius=radius)
    elapsed = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for page in pages:
        kinds[page.kind] = kinds.get(page.kind, 0) + 1
    size = sum(page.bytes for page in pages)
    click.echo(f"Wrote {len(pages)} pages ({size / 1e6:.1f} MB) to {out} in {elapsed:.1f} s: "
               + ", ".join(f"{n} {kind}" for kind, n in kinds.items()))
    click.echo(f"Open {out}/index.html")


@main.group(name="import")
def import_group() -> None:
    """Import an official data release into a store (one named graph per release kind;
    a newer release replaces the older one)."""


def _import_command(kind: str, help_text: str):
    @import_group.command(name=kind, help=help_text)
    @store_options
    @click.argument("file", type=IMPORT_FILE)
    @handle_errors
    def command(file) -> None:
        from .national import import_file
        from .progress import ProgressBar
        from .store import open_store

        spec = store_spec()
        store = open_store(spec)
        try:
            report = import_file(store, kind, file, progress=ProgressBar())
        finally:
            store.close()
        click.echo(report.summary())
        if spec in (None, "memory"):
            click.echo("(checked and built in memory only: give --store oxigraph:PATH to keep "
                       "it)")
    return command


_import_command("ofsted", "Import Ofsted's local authority inspection outcomes release FILE "
                "(the ODS workbook, one sheet saved as CSV, or a folder of the three CSVs).")
_import_command("workforce", "Import DfE's children's social work workforce indicators FILE "
                "(csww_indicators_*.csv); import the Ofsted outcomes first.")
_import_command("neighbours", "Import DfE's statistical neighbour groupings FILE; councils are "
                "matched by DfE code, so import the outcomes and workforce first.")


@main.command()
@store_options
@handle_errors
def derive() -> None:
    """Compute the derived facts of a store again (latest and previous graded inspections,
    theme summaries) into its graph graph/derived, for stores later opened read-only."""
    from .derive import derive as derive_facts
    from .store import open_store

    spec = store_spec()
    if spec in (None, "memory"):
        raise click.UsageError("give the store to derive in: --store oxigraph:PATH or an "
                               "http(s) endpoint")
    store = open_store(spec)
    try:
        counts = derive_facts(store)
    finally:
        store.close()
    click.echo("Derived " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))


@import_group.command(name="report")
@store_options
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--lookup", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Ofsted's Provider_data_lookup.csv (found beside the reports if not given).")
@handle_errors
def import_report(paths, lookup) -> None:
    """Import Ofsted inspection reports: PDF files, or folders of them (one named graph per
    report). Files that fail are listed; the others are imported; exit status 1 if any failed."""
    from .errors import InspectionGraphError
    from .progress import ProgressBar
    from .report_graph import import_reports
    from .store import open_store

    spec = store_spec()
    store = open_store(spec)
    try:
        batch = import_reports(store, paths, lookup=lookup, progress=ProgressBar())
    finally:
        store.close()
    click.echo(batch.summary())
    for report in batch.imported:
        for text in report.discrepancies:
            click.echo(f"Warning: {report.path}: judgement disagrees with another source: "
                       f"{text}", err=True)
    if spec in (None, "memory"):
        click.echo("(checked and built in memory only: give --store oxigraph:PATH to keep it)")
    if not batch.ok:
        raise InspectionGraphError(f"{len(batch.failed)} of "
                                   f"{len(batch.failed) + len(batch.imported)} files failed")


from . import cli_analysis  # noqa: E402,F401  (registers the analysis commands)

if __name__ == "__main__":  # pragma: no cover
    main()
