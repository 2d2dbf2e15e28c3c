"""The commands that help write a record: ``source add``, ``span``, ``concepts``, ``draft``."""

from __future__ import annotations

import click

from graph.cli.app import handle_errors, main

TEXT_FILE = click.Path(exists=True, dir_okay=False)


@main.group()
def source() -> None:
    """Describe a source document for a record."""


@source.command("add")
@click.argument("text_file", type=TEXT_FILE)
@click.option("--title", required=True, help="The document's title, as published.")
@click.option("--url", default=None, help="Where the document is published.")
@click.option("--publisher", default=None, metavar="ID",
              help="The publisher's organisation id (community-care, bbc-news ...).")
@click.option("--published", default=None, metavar="DATE",
              help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--kind", type=click.Choice(["news-article", "inspection-report", "dataset",
                                           "web-page"]), default="news-article",
              show_default=True, help="The kind of document.")
@click.option("--id", "source_id", default=None, help="The source id (made from the publisher, "
              "date and title by default).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write the block to this new record file instead of printing it.")
@handle_errors
def add(text_file, title, url, publisher, published, kind, source_id, out) -> None:
    """Print the `source:` block of a record for TEXT_FILE: id, SHA-256 of the text, its
    length in code points and its file name."""
    from graph.files import atomic_write
    from graph.sources.authoring import source_block

    block = source_block(text_file, title=title, url=url, publisher=publisher,
                         published=published, kind=kind, source_id=source_id).to_yaml()
    if out is None:
        click.echo(block, nl=False)
        return
    from pathlib import Path

    if Path(out).exists():
        raise click.ClickException(f"{out} exists: choose a new file name")
    atomic_write(out, block)
    click.echo(f"Wrote {out}")


@main.command()
@click.argument("text_file", type=TEXT_FILE)
@click.argument("phrase")
@click.option("--nth", type=click.IntRange(min=1), default=1, show_default=True,
              help="Which occurrence of the phrase, counting from 1.")
@handle_errors
def span(text_file, phrase, nth) -> None:
    """Print the evidence span [start, end] of PHRASE in TEXT_FILE (code points, end
    exclusive); warn on stderr when the phrase occurs more than once."""
    from graph.sources.authoring import find_span, read_text

    found = find_span(read_text(text_file), phrase, nth=nth)
    if found.ambiguous:
        where = ", ".join(str(s[0]) for s in found.all)
        click.echo(f"Warning: {phrase!r} occurs {len(found.all)} times (at {where}); "
                   f"this is occurrence {nth}: choose another with --nth", err=True)
    click.echo(f"[{found.span[0]}, {found.span[1]}]")


@main.command()
@click.argument("scheme", required=False)
@handle_errors
def concepts(scheme) -> None:
    """List the words (and their labels) a record may use for each concept scheme, or for
    SCHEME alone."""
    from graph.sources.authoring import scheme_words

    shown = scheme_words(scheme)
    for n, found in enumerate(shown):
        if n:
            click.echo()
        click.echo(f"{found.name}: {found.label}")
        width = max(len(w) for w, _ in found.words)
        for word, label in found.words:
            click.echo(f"  {word:<{width}}  {label}")


@main.command()
@click.argument("text_file", type=TEXT_FILE)
@click.option("--url", required=True, help="Where the article is published.")
@click.option("--council", default=None, metavar="GSS",
              help="GSS code (or name) of the council inspected; the council the text names "
                   "most often by default.")
@click.option("--title", default=None, help="The article's title (its first line by default).")
@click.option("--publisher", default=None, metavar="ID",
              help="The publisher's organisation id (known news sites by default).")
@click.option("--published", default=None, metavar="DATE",
              help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--records", type=click.Path(exists=True), multiple=True, metavar="PATH",
              help="Records the draft will be built with (besides the bundled ones): their "
                   "ids are not reused. Repeatable.")
@click.option("--id", "source_id", default=None, help="The source id, and the record's file "
              "name (made from the publisher, date and title by default).")
@click.option("--out", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder the record is written to.")
@click.option("--force", is_flag=True, help="Replace a record of the same name.")
@handle_errors
def draft(text_file, url, council, title, publisher, published, records, source_id, out,
          force) -> None:
    """Draft a record of the article in TEXT_FILE into OUT: the councils, people and their
    posts, grades, dates, statistics, boards, panels and hubs it names, each with its
    evidence span and marked `draft: true` until a person has checked it."""
    from pathlib import Path

    from graph.files import BUNDLED_RECORDS, atomic_write
    from graph.sources.authoring import read_text
    from graph.sources.draft import draft_record, known_entities
    from graph.sources.records import read_records

    existing = known_entities(read_records([str(BUNDLED_RECORDS), *records]))
    found = draft_record(read_text(text_file), url=url, council=council,
                         text_file=Path(text_file).name, title=title, publisher=publisher,
                         published=published, existing=existing, source_id=source_id)
    path = Path(out) / f"{found.source_id}.yaml"
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists: give --force to replace it")
    Path(out).mkdir(parents=True, exist_ok=True)
    atomic_write(path, found.yaml)
    click.echo(f"Wrote {path}: {found.summary()}")
    click.echo(f"{found.fact_count} facts marked draft: true: check each against the text, "
               "then remove its mark")
