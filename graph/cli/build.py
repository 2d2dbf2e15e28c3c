"""The build commands: ``build`` (records and imports to exports and views), ``validate``
and ``views``."""

from __future__ import annotations

import time

import click

from graph.cli.app import IMPORT_FILE, graph_options, handle_errors, load_graph, main, store_spec


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
    from graph.build.summary import summary_line
    from graph.exports import write_all
    from graph.files import replacing_folder
    from graph.store.choice import choose_store, estimate_triples

    started = time.perf_counter()
    spec = store_spec()
    choice = None
    national = bool(ofsted or workforce or neighbours)
    reports = []
    checked = None
    if spec is not None:  # built beside the store, written into it only once it succeeded
        from graph.inspection_graph import build_into_store
        from graph.progress import ProgressBar

        result = build_into_store(spec, records, sources=sources, ofsted=ofsted,
                                  workforce=workforce, neighbours=neighbours,
                                  progress=ProgressBar() if national else None)
        kg, reports = result.graph, result.reports
    elif national:  # no --store: chosen by the estimated size of the input
        from graph.inspection_graph import build_national
        from graph.progress import ProgressBar

        first, *more = records or [None]
        choice = choose_store(estimate_triples(first, ofsted=ofsted, workforce=workforce,
                                               neighbours=neighbours)
                              + sum(estimate_triples(p) for p in more), estimated=True)
        result = build_national(records, sources=sources, ofsted=ofsted, workforce=workforce,
                                neighbours=neighbours, store=choice.open(),
                                progress=ProgressBar())
        kg, reports = result.graph, result.reports
    else:  # no --store: chosen by the number of triples built; SHACL runs alongside
        kg, checked = _load_checking(records, sources)
    for report in reports:
        click.echo(report.summary())
    if national:
        click.echo("Writing the exports ...", err=True)
    # exports and views written beside OUT, then swapped for it in one rename
    with replacing_folder(out) as staged:
        try:
            pages = []
            if with_views:  # the exports in a child process meanwhile (a second core)
                from graph.build.background import Forked
                from graph.store.derived import ensure_derived
                from graph.views.pages import write_all as write_views

                ensure_derived(kg.store)  # once, for both
                exports = Forked(write_all, kg, staged,
                                 cleanup=lambda: _remove_temporary_files(staged))
                pages = write_views(kg, staged / "views", sources=sources)
                written = exports.result()
            else:
                written = write_all(kg, staged)
        finally:  # the SHACL gate: nothing is put in place unless the shapes hold
            if checked is not None:
                checked.finish_validation()
        kg.store.settle()  # and the store written (a copy may still be going to disk)
    elapsed = time.perf_counter() - started
    counts = kg.counts()
    if choice is None:
        choice = choose_store(counts["triples"])
    where = choice.describe() if spec is None else f"store: {spec} (chosen with --store)"
    views_note = f" and {len(pages)} HTML views to {out}/views" if pages else ""
    click.echo(f"Wrote {len(written)} files to {out}{views_note} in {elapsed:.1f} s")
    click.echo(f"{summary_line(counts)}; {where}")
    _echo_drafts(kg.drafts)


def _remove_temporary_files(folder) -> None:
    """The temporary files an export cut short left in ``folder``."""
    for path in folder.glob(".*.tmp"):
        path.unlink(missing_ok=True)


def _load_checking(records, sources):
    """The records built with their SHACL check started alongside (the build result's
    ``finish_validation`` waits for it), in the store chosen by size; a graph for the
    memory store is read through an Oxigraph copy of it (native SPARQL and serialisers)."""
    from graph.build.dataset import build as build_graph
    from graph.inspection_graph import InspectionGraph
    from graph.sources.records import BUNDLED_RECORDS, read_records
    from graph.store.choice import choose_store
    from graph.store.memory import MemoryStore

    result = build_graph(read_records(records if records is not None else BUNDLED_RECORDS),
                         texts=sources, validate="alongside")
    choice = choose_store(len(result.dataset))
    if choice.kind == "memory":
        store = MemoryStore(result.dataset).oxigraph_copy()
    else:
        store = choice.open()
        store.add_dataset(result.dataset)
    return InspectionGraph(store, sources=sources, origins=result.origins,
                           drafts=result.drafts), result


def _echo_drafts(drafts: list[tuple[str, int, str]]) -> None:
    if drafts:
        click.echo(f"{len(drafts)} drafted facts not reviewed yet (remove 'draft: true' "
                   "once checked):")
        for path, line, what in drafts:
            click.echo(f"  {path}:{line}: {what}")


@main.command()
@graph_options
@handle_errors
def validate(records, sources) -> None:
    """Check the records (schema, references, evidence spans, SHACL shapes); write nothing."""
    from graph.build.dataset import build as build_graph
    from graph.build.summary import dataset_counts, summary_line
    from graph.sources.records import BUNDLED_RECORDS, read_records

    result = build_graph(read_records(records or BUNDLED_RECORDS), texts=sources)
    counts = dataset_counts(result.dataset)
    click.echo(f"Valid: {summary_line(counts)}")
    _echo_drafts(result.drafts)
    if sources:
        click.echo(f"{result.spans_checked} evidence citations checked against the source texts "
                   f"({counts['evidence spans']} distinct spans)")



@main.command()
@graph_options
@click.option("--out", type=click.Path(file_okay=False), default="exports/views",
              show_default=True, help="Folder the HTML pages are written to.")
@click.option("--radius", type=click.IntRange(1, 2), default=2, show_default=True,
              help="How many links an ego view reaches from its entity.")
@click.option("--boundaries", type=click.Path(exists=True, dir_okay=False), default=None,
              help="GeoJSON of local authority district boundaries: national.html is then a "
                   "map of the councils.")
@click.option("--lookup", type=click.Path(exists=True, dir_okay=False), default=None,
              help="CSV lookup of districts to upper-tier councils (LTLA..CD, UTLA..CD), "
                   "with --boundaries.")
@handle_errors
def views(records, sources, out, radius, boundaries, lookup) -> None:
    """Write interactive HTML views of the graph (index, a page per council, overview, ego
    views, causal chains, careers, ontology and, with the national import, councils by grade
    and region, or on a map with --boundaries) into OUT. They work offline from file://."""
    from graph.views.pages import write_all

    started = time.perf_counter()
    pages = write_all(load_graph(records, sources), out, radius=radius,
                      boundaries=boundaries, lookup=lookup)
    elapsed = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for page in pages:
        kinds[page.kind] = kinds.get(page.kind, 0) + 1
    size = sum(page.bytes for page in pages)
    click.echo(f"Wrote {len(pages)} pages ({size / 1e6:.1f} MB) to {out} in {elapsed:.1f} s: "
               + ", ".join(f"{n} {kind}" for kind, n in kinds.items()))
    click.echo(f"Open {out}/index.html")
