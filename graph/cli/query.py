"""The query commands: ``query`` (SPARQL or a named query), ``queries`` (the library) and
``show`` (one entity)."""

from __future__ import annotations

import click

from graph.cli.app import graph_options, handle_errors, load_graph, main


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
    from graph.errors import QueryError

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
        from graph.queries.library import get_query

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

    from graph.queries.library import list_queries

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
@click.argument("entity")
@handle_errors
def show(records, sources, entity) -> None:
    """Show an ENTITY (IRI, compact IRI, record id or label): its facts and evidence."""
    click.echo(str(load_graph(records, sources).entity(entity)))
