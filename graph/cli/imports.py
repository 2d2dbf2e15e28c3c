"""The import commands: ``import ofsted|workforce|neighbours|report`` into a store, and
``derive``."""

from __future__ import annotations

import click

from graph.cli.app import IMPORT_FILE, handle_errors, main, store_options, store_spec


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
        from graph.progress import ProgressBar
        from graph.sources.national import import_file
        from graph.store.choice import open_store

        spec = store_spec()
        bar = ProgressBar()
        store = open_store(spec, progress=bar)
        try:
            report = import_file(store, kind, file, progress=bar)
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
    from graph.store.choice import open_store
    from graph.store.derived import derive as derive_facts

    spec = store_spec()
    if spec in (None, "memory"):
        raise click.UsageError("give the store to derive in: --store oxigraph:PATH or an "
                               "http(s) endpoint")
    store = open_store(spec)
    try:
        if hasattr(store, "rebuild_union"):  # graphs another tool loaded (Virtuoso's bulk
            store.rebuild_union()             # loader) join the union kept by the store
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
    from graph.errors import InspectionGraphError
    from graph.progress import ProgressBar
    from graph.sources.reports.rdf import import_reports
    from graph.store.choice import open_store

    spec = store_spec()
    bar = ProgressBar()
    store = open_store(spec, progress=bar)
    try:
        batch = import_reports(store, paths, lookup=lookup, progress=bar)
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
