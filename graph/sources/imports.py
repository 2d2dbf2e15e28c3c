"""What every import of an official file shares: reports, provenance, labels, replacement.

An import reads a file, builds its whole named graph in memory (an rdflib
Graph), checks it, and only then hands it to ``Store.replace_graph``: a
failed import leaves the previous release's graph as it was, and a newer
release replaces the older one instead of doubling it.

Each import graph describes itself: the graph IRI is a ``prov:Entity``
``prov:wasDerivedFrom`` the release (an ``ig:Dataset`` source node), with
``prov:generatedAtTime`` (the import time; ``SOURCE_DATE_EPOCH`` fixes it for
reproducible builds) and ``ig:rowCount``; the release has ``schema:version``
and one ``ig:DataFile`` part per file read, with ``ig:fileName``,
``ig:fileSha256`` and ``ig:rowCount``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.files import file_sha256

__all__ = ["ImportReport", "Progress", "file_sha256", "import_time", "Provenance",
           "other_graph_values", "labelled_elsewhere", "replace", "check_single_valued",
           "Triples"]

Progress = Callable[[str, int, int], None]
"""A progress callback: ``progress(step, done, total)``."""


@dataclass
class ImportReport:
    """What an import did: where from, how much, how long, and what it could not match."""

    kind: str
    graph: str
    source: str
    release: str
    files: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    seconds: float = 0.0
    replaced: bool = False
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Two or three lines for people: what was imported, into which graph, how fast."""
        rows = sum(self.rows.values())
        counts = ", ".join(f"{v:,} {_singular(k) if v == 1 else k}"
                           for k, v in self.counts.items())
        verb = "Replaced" if self.replaced else "Imported"
        lines = [f"{verb} {self.kind} release {self.release}: {rows:,} rows -> {counts}",
                 f"{self.triples:,} triples in graph <{self.graph}> in {self.seconds:.1f} s"]
        if self.unmatched:
            lines.append(f"{len(self.unmatched)} not matched: " + "; ".join(self.unmatched))
        lines += [f"note: {n}" for n in self.notes]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _singular(noun: str) -> str:
    """``"councils"`` -> ``"council"``, ``"council rows"`` -> ``"council row"``."""
    first, _, rest = noun.partition(" ")
    if rest and not first.endswith("s"):
        return f"{first} {_singular(rest)}" if rest.endswith("s") else noun
    if first.endswith("s") and not first.endswith("ss"):
        return first[:-1] + (" " + rest if rest else "")
    return noun


def import_time() -> str:
    """The import time as an ``xsd:dateTime`` string (UTC, seconds).

    ``SOURCE_DATE_EPOCH`` (seconds since 1970), when set, fixes it so that two
    builds of the same files write the same triples.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(seconds))


@dataclass
class Provenance:
    """The release and files an import graph comes from."""

    source_id: str
    title: str
    release: str
    publisher: str
    files: list[tuple[Path, int]]
    issued: str | None = None
    url: str | None = None

    def add_to(self, g, graph_iri, rows: int) -> list[tuple[str, str]]:
        """Add the provenance triples to ``g``; return (file name, SHA-256) pairs."""
        from rdflib import RDF, RDFS, XSD, Literal, URIRef

        from graph.build.dataset import date_literal
        from graph.vocab import DCT, IG, PROV, SCHEMA, iri, slug

        source = iri("source", self.source_id)
        for cls in (IG.SourceDocument, IG.Dataset, SCHEMA.Dataset, PROV.Entity):
            g.add((source, RDF.type, cls))
        g.add((source, DCT.title, Literal(self.title)))
        g.add((source, SCHEMA.version, Literal(self.release)))
        g.add((source, SCHEMA.publisher, iri("org", self.publisher)))
        if self.issued:
            g.add((source, DCT.issued, date_literal(self.issued)))
        if self.url:
            g.add((source, SCHEMA.url, URIRef(self.url)))
        hashes = []
        for path, count in self.files:
            sha = file_sha256(path)
            part = URIRef(f"{source}/file/{slug(path.name)}")
            g.add((source, DCT.hasPart, part))
            g.add((part, RDF.type, IG.DataFile))
            g.add((part, RDF.type, PROV.Entity))
            g.add((part, RDFS.label, Literal(path.name)))
            g.add((part, IG.fileName, Literal(path.name)))
            g.add((part, IG.fileSha256, Literal(sha)))
            g.add((part, IG.rowCount, Literal(count, datatype=XSD.integer)))
            hashes.append((path.name, sha))
        node = URIRef(str(graph_iri))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, PROV.wasDerivedFrom, source))
        g.add((node, PROV.generatedAtTime, Literal(import_time(), datatype=XSD.dateTime)))
        g.add((node, IG.rowCount, Literal(rows, datatype=XSD.integer)))
        return hashes


def other_graph_values(store, graph_iri, wanted: dict) -> dict[tuple, set]:
    """Values the store holds for ``(subject, predicate)`` outside the graph ``graph_iri``.

    Used to enrich nodes other sources already describe without contradicting
    them (one label, one fieldwork start ...) and without counting the previous
    release of the graph being replaced.

    Parameters
    ----------
    store : graph.store.Store
    graph_iri : IRI
        The graph being replaced: its values are left out.
    wanted : dict
        predicate -> the classes whose instances matter. One small query per
        (predicate, class) keeps this fast on a national graph, where
        thousands of statistics have labels too.

    Returns
    -------
    dict
        ``(subject, predicate) -> set of values``.
    """
    found: dict[tuple, set] = {}
    mine = str(graph_iri)
    for p, types in wanted.items():
        for t in types:
            rows = store.query(f"SELECT ?s ?o ?g WHERE {{ ?s a <{t}> . GRAPH ?g {{ ?s <{p}> ?o }}"
                               " }").rows
            for s, o, g in rows:
                if str(g) != mine:
                    found.setdefault((s, p), set()).add(o)
    return found


class Triples:
    """A set of triples with the few look-ups an import needs (cheaper than an rdflib Graph).

    >>> from rdflib import URIRef, Literal
    >>> t = Triples()
    >>> t.add((URIRef("urn:a"), URIRef("urn:p"), Literal(1))); len(t)
    1
    >>> t.value(URIRef("urn:a"), URIRef("urn:p"))
    rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """

    def __init__(self) -> None:
        self._all: set[tuple] = set()
        self._by_p: dict = {}

    def add(self, triple: tuple) -> None:
        if triple not in self._all:
            self._all.add(triple)
            s, p, o = triple
            self._by_p.setdefault(p, {}).setdefault(s, []).append(o)

    def __len__(self) -> int:
        return len(self._all)

    def __iter__(self):
        return iter(self._all)

    def __contains__(self, triple) -> bool:
        return triple in self._all

    def subjects(self, p, o=None):
        for s, objs in self._by_p.get(p, {}).items():
            if o is None or o in objs:
                yield s

    def objects(self, s, p):
        return iter(self._by_p.get(p, {}).get(s, ()))

    def value(self, s, p):
        objs = self._by_p.get(p, {}).get(s)
        return objs[0] if objs else None


def labelled_elsewhere(existing: dict[tuple, set], node) -> bool:
    """True when another graph already gives ``node`` an ``rdfs:label``."""
    from rdflib import RDFS

    return bool(existing.get((node, RDFS.label)))


def check_single_valued(g, existing: dict[tuple, set], predicates: Iterable,
                        what: str) -> None:
    """Fail when ``g`` plus the rest of the store gives a node two values of a predicate.

    This is the import's own targeted check in place of running SHACL over a
    national graph; a failure is a bug in an importer, reported before the
    store is touched.
    """
    from graph.errors import InspectionGraphError
    from graph.vocab import compact

    for p in predicates:
        for s in set(g.subjects(p, None)):
            values = set(g.objects(s, p)) | existing.get((s, p), set())
            if len(values) > 1:
                raise InspectionGraphError(
                    f"{what}: {compact(s)} would have {len(values)} values of {compact(p)} "
                    f"({', '.join(sorted(str(v) for v in values))}); nothing was imported")


def replace(store, graph_iri, g) -> bool:
    """Replace the store's graph ``graph_iri`` with ``g``; True if an older one was there."""
    from rdflib import URIRef

    name = URIRef(str(graph_iri))
    existed = name in set(store.graph_names())
    store.replace_graph(name, g)
    return existed


def timed(progress: Progress | None, step: str, done: int, total: int) -> None:
    """Report progress when a callback was given."""
    if progress is not None:
        progress(step, done, total)


def as_dict(report: ImportReport) -> dict[str, Any]:
    """A JSON-friendly dict of a report."""
    from dataclasses import asdict

    return asdict(report)
