"""The ``inspection-graph`` command group and the options its commands share.

Each command parses its options, calls one API function and formats the
answer. Errors a user can cause are printed as ``Error: ...`` with exit 1.
"""

from __future__ import annotations

import functools
import sys

import click

SOURCES_HELP = "Folder of source texts: evidence spans and hashes are checked against them."


def handle_errors(func):
    """Turn the project's errors into ``Error: ...`` and exit status 1."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from graph.errors import InspectionGraphError

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
    func = click.option("--no-bundled", "no_bundled", is_flag=True, default=False,
                        expose_value=False, callback=_remember_no_bundled, is_eager=True,
                        help="Leave out the bundled records (read only those of --records).")(func)
    func = click.option("--records", type=click.Path(exists=True), multiple=True,
                        callback=_records_paths, metavar="PATH",
                        help="Folder or file of YAML records, repeatable; the bundled records "
                             "are read too unless --no-bundled.")(func)
    return func


NO_BUNDLED_KEY = "inspection_graph.no_bundled"


def _remember_no_bundled(ctx, param, value):
    ctx.meta[NO_BUNDLED_KEY] = value
    return value


def _records_paths(ctx, param, value):
    """``--records`` as the API takes it: None for the bundled records alone, else the list of
    folders and files to read, the bundled folder first unless ``--no-bundled``."""
    no_bundled = ctx.meta.get(NO_BUNDLED_KEY, False)
    if not value and not no_bundled:
        return None
    if not value:
        raise click.UsageError("--no-bundled needs at least one --records PATH", ctx)
    from graph.files import BUNDLED_RECORDS

    return list(value) if no_bundled else [str(BUNDLED_RECORDS), *value]


def load_graph(records, sources, validate=False, *, load_into_store=False):
    """The graph a command reads: the store given with ``--store`` if any, else the records
    built in memory. With ``load_into_store`` (``build``), the records are built into the store."""
    import graph

    ctx = click.get_current_context(silent=True)
    spec = ctx.meta.get(STORE_KEY) if ctx is not None else None
    if spec in (None, "memory"):
        return graph.load(records, sources=sources, validate=validate)
    from graph.store.choice import open_store

    if load_into_store:
        return graph.load(records, sources=sources, validate=validate, store=open_store(spec))
    if records is not None:
        from graph.errors import StoreError

        raise StoreError("--records and --store: a command reads one of them (build loads "
                         "records into a store)")
    return graph.InspectionGraph(open_store(spec, read_only=True), sources=sources)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="inspection-graph")
def main() -> None:
    """A knowledge graph of inspections of English councils' children's services."""


IMPORT_FILE = click.Path(exists=True)
