"""The analysis commands of ``inspection-graph``: each calls one function of the API.

``centrality``, ``communities``, ``path``, ``causes``, ``careers``, ``themes``,
``workforce-by-grade``, ``network`` and ``analyze`` (the written report). They
read the graph chosen with the shared graph options (``--records``,
``--sources``, ``--store``) and print plain-text tables.
"""

from __future__ import annotations

import click

from graph.cli.app import graph_options, handle_errors, load_graph, main

__all__ = ["centrality_command", "communities_command", "path_command", "causes_command",
           "careers_command", "themes_command", "workforce_command", "journeys_command",
           "network_command",
           "analyze_command"]

PROJECTION_NAMES = ["entity", "career", "council-theme", "theme-cooccurrence", "causal"]


def _table(rows, empty: str = "(none)") -> str:
    from graph.analysis.algorithms import format_table

    return format_table(rows) if rows else empty


@main.command(name="centrality")
@graph_options
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="Only this type of entity (Council, Person, Finding ...); repeatable.")
@click.option("--top", type=click.IntRange(1), default=5, show_default=True,
              help="Entities shown per type.")
@click.option("--by", type=click.Choice(["pagerank", "degree", "betweenness"]),
              default="pagerank", show_default=True, help="What ranks the entities.")
@handle_errors
def centrality_command(records, sources, types, top, by) -> None:
    """The most central entities of each type: degree, betweenness and PageRank."""
    from graph.analysis.algorithms import centrality
    from graph.analysis.report import centrality_rows

    found = centrality(load_graph(records, sources), top=top, types=types or None, by=by)
    click.echo(_table(centrality_rows(found)))


@main.command(name="communities")
@graph_options
@click.option("--seed", type=int, default=42, show_default=True,
              help="Seed of the Louvain method (the same seed gives the same communities).")
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Above 1 favours smaller communities.")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True,
              help="How many communities to show (largest first).")
@handle_errors
def communities_command(records, sources, seed, resolution, top) -> None:
    """Communities of the entity graph (Louvain), largest first."""
    from graph.analysis.algorithms import communities
    from graph.analysis.report import community_rows

    found = communities(load_graph(records, sources), seed=seed, resolution=resolution)
    click.echo(_table(community_rows(found[:top])))
    if len(found) > top:
        click.echo(f"... {len(found) - top} more communities")


@main.command(name="path")
@graph_options
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(1), default=3, show_default=True,
              help="How many different connections to show.")
@click.option("--steps", is_flag=True, help="Also print each path's steps (compact IRIs).")
@handle_errors
def path_command(records, sources, a, b, limit, steps) -> None:
    """How entities A and B are connected: the shortest paths, each explained in words.

    A and B are IRIs, compact IRIs (person:john-readman), record ids or labels.
    """
    from graph.analysis.paths import connections
    from graph.vocab import compact

    found = connections(load_graph(records, sources), a, b, limit=limit)
    if not found:
        click.echo(f"No connection between {a} and {b} in the entity graph.")
        return
    for i, conn in enumerate(found, 1):
        click.echo(f"{i}. {conn.text}")
        if steps:
            for step in conn.steps:
                arrow = f"<-{step.predicate}-" if step.inverse else f"-{step.predicate}->"
                click.echo(f"     {compact(step.subject)} {arrow} {compact(step.object)}")


@main.command(name="causes")
@graph_options
@click.option("--of", "of", default=None, metavar="ENTITY",
              help="A finding or event: only the causes upstream of it.")
@handle_errors
def causes_command(records, sources, of) -> None:
    """Root causes and the longest chain of claimed causes in the causal graph."""
    from graph.analysis.algorithms import causes
    from graph.analysis.report import chain_rows, root_cause_rows

    found = causes(load_graph(records, sources), of=of)
    click.echo("Root causes")
    click.echo(_table(root_cause_rows(found.roots)))
    click.echo(f"\nLongest chain ({found.chain.length} links)")
    click.echo(_table(chain_rows(found.chain) if found.chain.length else []))


@main.command(name="careers")
@graph_options
@click.option("--min-councils", type=click.IntRange(1), default=2, show_default=True,
              help="Only people who held posts at this many councils or more.")
@handle_errors
def careers_command(records, sources, min_councils) -> None:
    """People who held posts at several councils, and the councils they link."""
    from graph.analysis.algorithms import careers, council_links
    from graph.analysis.report import career_rows, council_link_rows

    found = careers(load_graph(records, sources), min_councils=min_councils)
    click.echo(_table(career_rows(found)))
    click.echo("\nCouncils linked by people")
    click.echo(_table(council_link_rows(council_links(found))))


@main.command(name="themes")
@graph_options
@click.option("--top", type=click.IntRange(1), default=20, show_default=True,
              help="How many pairs of themes to show.")
@click.option("--by", type=click.Choice(["inspections", "lift"]), default="inspections",
              show_default=True, help="Rank by inspections sharing both themes, or by lift.")
@click.option("--min-findings", type=click.IntRange(1), default=1, show_default=True,
              help="Leave out pairs sharing fewer findings.")
@handle_errors
def themes_command(records, sources, top, by, min_findings) -> None:
    """Themes of findings that occur together across inspections, most often (or, with
    --by lift, most strongly) first."""
    from graph.analysis.algorithms import theme_pairs
    from graph.analysis.report import theme_pair_rows

    click.echo(_table(theme_pair_rows(theme_pairs(load_graph(records, sources), top=top,
                                                  by=by, min_findings=min_findings))))


@main.command(name="workforce-by-grade")
@graph_options
@click.option("--measure", "measures", multiple=True, metavar="MEASURE",
              help="A workforce measure (turnover-rate-fte, agency-rate-fte, "
                   "vacancy-rate-fte ...); repeatable. Turnover and agency rates by default.")
@click.option("--year", type=click.Choice(["fieldwork", "before"]), default="fieldwork",
              show_default=True, help="The DfE reporting year of the fieldwork start, or the "
                                      "year before it.")
@handle_errors
def workforce_command(records, sources, measures, year) -> None:
    """Workforce rates beside inspection grades: per grade median and quartiles, Spearman's
    rank correlation of grade and rate and the gap in medians, with intervals from
    resampling councils; small councils flagged."""
    from graph.analysis.gradestats import WORKFORCE_MEASURES, workforce_by_grade
    from graph.analysis.report import WORKFORCE_NOTE, correlation_rows, flagged_rows, workforce_rows

    found = workforce_by_grade(load_graph(records, sources), measures or WORKFORCE_MEASURES,
                               year=year)
    if not any(w.n for w in found):
        click.echo("No inspection grade has a workforce figure beside it: import DfE's "
                   "workforce indicators and Ofsted's outcomes first.")
        return
    click.echo(_table(workforce_rows(found)))
    click.echo("")
    click.echo(_table(correlation_rows(found)))
    flagged = flagged_rows(found)
    if flagged:
        click.echo("\nFlagged: councils with fewer than 20 social workers in post")
        click.echo(_table(flagged))
    click.echo("\n" + WORKFORCE_NOTE)


@main.command(name="journeys")
@graph_options
@click.option("--council", default=None, metavar="NAME",
              help="Show the journeys of the councils whose name contains NAME.")
@handle_errors
def journeys_command(records, sources, council) -> None:
    """Grade journeys: how often each overall grade was followed by each grade at the
    council's next graded inspection, and the spells councils spent judged inadequate."""
    from graph.analysis.journeys import (
        grade_journeys,
        journey_rows,
        journey_summary,
        transition_matrix,
        transition_rows,
    )

    journeys = grade_journeys(load_graph(records, sources))
    if council:
        chosen = [j for j in journeys if council.lower() in j.name.lower()]
        click.echo(_table(journey_rows(chosen), empty=f"(no council named like {council!r})"))
        return
    click.echo("Transitions between consecutive graded inspections of one council")
    click.echo(_table(transition_rows(transition_matrix(journeys))))
    click.echo("")
    for key, value in journey_summary(journeys).items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
        click.echo(f"{key}: {'n/a' if value is None else value}")


@main.command(name="network")
@graph_options
@click.argument("projection", type=click.Choice(PROJECTION_NAMES))
@click.argument("file", type=click.Path(dir_okay=False))
@handle_errors
def network_command(records, sources, projection, file) -> None:
    """Write the NetworkX PROJECTION as GraphML or GEXF (by FILE's suffix), for Gephi."""
    from graph.analysis.algorithms import write_network_of

    g = write_network_of(load_graph(records, sources), projection, file)
    click.echo(f"Wrote {file}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges")


@main.command(name="analyze")
@graph_options
@click.option("--out", type=click.Path(file_okay=False), default="analysis", show_default=True,
              help="Folder the report is written to.")
@handle_errors
def analyze_command(records, sources, out) -> None:
    """Write the analysis report into OUT: analysis.md with its PNG plots, and
    analysis.html, one self-contained page."""
    import time

    from graph.analysis.report import write_report

    started = time.perf_counter()
    written = write_report(load_graph(records, sources), out)
    click.echo(f"Wrote {len(written)} files to {out} in {time.perf_counter() - started:.1f} s: "
               + ", ".join(sorted(written)))
