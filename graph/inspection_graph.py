"""The Python API: :func:`load` and :class:`InspectionGraph`.

Examples
--------
>>> import graph
>>> kg = graph.load()
>>> kg.query("SELECT ?label WHERE { ?c a ig:Council ; ig:gssCode 'E10000032' ; "
...          "rdfs:label ?label }").to_dicts()
[{'label': 'West Sussex County Council'}]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.build.evidence import Passage, SourceTexts, text_sha256
from graph.errors import InspectionGraphError, UnknownEntityError
from graph.sparql.results import QueryResult
from graph.store.base import Store
from graph.store.memory import MemoryStore

__all__ = ["InspectionGraph", "Entity", "Fact", "load", "NationalBuild", "build_national",
           "build_into_store"]

_IRI_SAFE = re.compile(r"^[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Fact:
    """One statement about an entity: ``predicate`` -> ``value`` (reversed if ``inverse``)."""

    predicate: str
    value: Any
    value_label: str
    graph: str
    inverse: bool = False

    def __str__(self) -> str:
        arrow = "<-" if self.inverse else "->"
        return f"{self.predicate} {arrow} {self.value_label}"


@dataclass
class Entity:
    """An entity with its facts and the evidence spans attached to it."""

    iri: str
    label: str
    types: list[str]
    facts: list[Fact] = field(default_factory=list)
    evidence: list[Passage] = field(default_factory=list)

    def values(self, predicate: str) -> list[Any]:
        """Values of one predicate (compact form, e.g. ``'ig:gssCode'``)."""
        return [f.value for f in self.facts if f.predicate == predicate and not f.inverse]

    def __str__(self) -> str:
        lines = [f"{self.label} <{self.iri}>", "  a " + ", ".join(self.types)]
        lines += [f"  {fact}" for fact in self.facts]
        lines += [f"  evidence {p}" for p in self.evidence]
        return "\n".join(lines)


class InspectionGraph:
    """A knowledge graph of children's services inspections held in a store.

    Parameters
    ----------
    store : Store
        Where the triples are (:class:`~graph.store.MemoryStore` by default).
    sources : folder, optional
        Where the source texts are, to show evidence passages.
    drafts : list of (file, line, what), optional
        The facts of the records still marked ``draft: true`` (nobody has reviewed them).
    """

    def __init__(self, store: Store | None = None, *, sources: str | Path | None = None,
                 origins: dict | None = None,
                 drafts: list[tuple[str, int, str]] | None = None) -> None:
        self.store = store if store is not None else MemoryStore()
        self.sources = SourceTexts(sources)
        self.origins = origins or {}
        self.drafts = list(drafts or [])

    @property
    def dataset(self):
        """The graph as an rdflib Dataset (the store's own for the memory store)."""
        return getattr(self.store, "dataset", None) or self.store.to_dataset()

    def __len__(self) -> int:
        return self.counts()["triples"]

    def __repr__(self) -> str:
        return f"<InspectionGraph {type(self.store).__name__}>"

    # --- querying -------------------------------------------------------------
    def query(self, sparql: str, **bindings: Any) -> QueryResult:
        """Run SPARQL over the union of all named graphs.

        The project's prefixes (``ig:``, ``igid:``, ``igs:``, ``org:``, ``prov:``,
        ``schema:``, ``skos:``, ``rdfs:``, ``xsd:`` ...) are declared for you.
        Keyword arguments bind variables: strings that look like IRIs (or
        compact ``igid:...`` names) become IRIs, other values literals.

        Returns
        -------
        QueryResult
            ``.rows`` of rdflib terms, ``.to_dicts()`` for Python values.
        """
        from graph.errors import QueryError
        from graph.sparql.text import prefixed, to_term, user_lines
        from graph.store.derived import require_derived

        require_derived(self.store, sparql)
        try:
            return self.store.query(prefixed(sparql),
                                    bindings={k: to_term(v) for k, v in bindings.items()})
        except QueryError as exc:
            raise user_lines(exc) from None

    def query_named(self, name: str, **params: Any) -> QueryResult:
        """Run the named query ``name`` (``graph/queries/NAME.rq``) with its parameters.

        Parameters not given take the defaults of the query's header; values
        are typed like the defaults (``"council:E10000017"`` becomes an IRI).

        Raises
        ------
        QueryError
            An unknown query or parameter, or a required parameter missing.

        Examples
        --------
        >>> import graph
        >>> kg = graph.load(validate=False)
        >>> kg.query_named("inspection-history", council="council:E10000032").column("start")[0]
        '2015'
        """
        from graph.queries.runner import run_named

        return run_named(self, name, **params)

    def counts(self) -> dict[str, int]:
        """Triples, named graphs and things per class."""
        from graph.build.summary import dataset_counts

        return dataset_counts(self.store)

    def derive(self) -> dict[str, int]:
        """Compute the derived facts (graph ``graph/derived``) again; how many of each.

        Queries that read them derive them when missing, so this is for stores
        that will be opened read-only later (see :mod:`graph.derive`).
        """
        from graph.store.derived import derive

        return derive(self.store)

    # --- entities ----------------------------------------------------------------
    def resolve(self, id_or_label: str) -> str:
        """The IRI of an entity given its IRI, compact IRI, record id or label.

        Raises
        ------
        UnknownEntityError
            Nothing matches, or several things match a label equally well.
        """
        from graph.vocab import ID, PREFIXES

        text = id_or_label.strip()
        candidates = []
        if text.startswith(("http://", "https://")):
            candidates.append(text)
        elif ":" in text and text.split(":", 1)[0] in PREFIXES:
            prefix, local = text.split(":", 1)
            candidates.append(PREFIXES[prefix] + local)
        else:
            candidates.append(str(ID) + text)
        for iri in candidates:
            if not _IRI_SAFE.match(iri):
                continue
            if self.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}").boolean:
                return iri
        rows = self.query(
            "SELECT DISTINCT ?s ?how WHERE { "
            "{ ?s dct:identifier ?id FILTER(STR(?id) = ?text) BIND(0 AS ?how) } UNION "
            "{ ?s rdfs:label|skos:altLabel|foaf:name ?l "
            "  FILTER(LCASE(STR(?l)) = LCASE(?text)) BIND(1 AS ?how) } UNION "
            "{ ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), LCASE(?text))) "
            "  BIND(2 AS ?how) } "
            "FILTER NOT EXISTS { ?s a skos:Concept } } ORDER BY ?how ?s",
            text=text).rows
        if not rows:
            raise UnknownEntityError(f"no entity matches {id_or_label!r}")
        best = int(rows[0][1])
        top = sorted({str(r[0]) for r in rows if int(r[1]) == best})
        if len(top) > 1:
            from graph.vocab import compact

            shown = ", ".join(compact(t) for t in top[:5]) + (" ..." if len(top) > 5 else "")
            raise UnknownEntityError(f"{id_or_label!r} matches {len(top)} entities: {shown}; "
                                     "give an id")
        return top[0]

    def entity(self, id_or_label: str) -> Entity:
        """An entity's facts (both directions) and its evidence spans.

        >>> import graph
        >>> e = graph.load().entity("West Sussex County Council")
        >>> e.values("ig:gssCode")
        ['E10000032']
        """
        from graph.sparql.results import term_to_python
        from graph.vocab import compact

        iri = self.resolve(id_or_label)
        label_q = "OPTIONAL { ?v rdfs:label|skos:prefLabel ?vl }"
        out_rows = self.query(
            "SELECT ?p ?v ?g (SAMPLE(?vl) AS ?vlabel) WHERE { GRAPH ?g { ?e ?p ?v } " + label_q
            + " } GROUP BY ?p ?v ?g ORDER BY ?p ?v", e=iri).rows
        in_rows = self.query(
            "SELECT ?p ?v ?g (SAMPLE(?vl) AS ?vlabel) WHERE { GRAPH ?g { ?v ?p ?e } " + label_q
            + " FILTER(?p != ig:evidence) } GROUP BY ?p ?v ?g ORDER BY ?p ?v", e=iri).rows
        label, types, facts = compact(iri), [], []
        for (p, v, g, vl), inverse in [(r, False) for r in out_rows] + [(r, True) for r in
                                                                         in_rows]:
            pc = compact(p)
            if pc == "rdf:type" and not inverse:
                types.append(compact(v))
                continue
            if pc == "rdfs:label" and not inverse:
                label = str(v)
            if pc == "ig:evidence":
                continue
            shown = str(vl) if vl is not None else (compact(v) if not hasattr(v, "language")
                                                    else str(v))
            facts.append(Fact(pc, term_to_python(v), shown, compact(g), inverse))
        if not types and not facts:
            raise UnknownEntityError(f"no entity matches {id_or_label!r}")
        return Entity(iri, label, sorted(set(types)), facts, self.evidence(iri))

    def evidence(self, fact: str, sources: str | Path | None = None) -> list[Passage]:
        """The passages of the sources that state ``fact`` (an entity IRI, id or label).

        With ``sources`` (or the folder given to :func:`load`), each passage
        carries its text, read from the source file and checked against the
        SHA-256 the graph records.

        Raises
        ------
        InspectionGraphError
            A source text whose hash differs from the one recorded.
        """
        iri = fact if fact.startswith(("http://", "https://")) else self.resolve(fact)
        texts = SourceTexts(sources) if sources is not None else self.sources
        rows = self.query(
            "SELECT ?src ?start ?end ?file ?sha ?page ?offset WHERE { "
            "?f ig:evidence ?span . ?span ig:inSource ?src ; oa:start ?start ; oa:end ?end . "
            "OPTIONAL { ?src ig:textFile ?file } OPTIONAL { ?src ig:sha256 ?sha } "
            "OPTIONAL { ?span ig:page ?page } } ORDER BY ?src ?page ?start ?end", f=iri).rows
        passages = []
        for src, start, end, file_name, sha, page, _ in rows:
            if page is not None and str(file_name or "").lower().endswith(".pdf"):
                # a report read from its PDF: the page's text, from the file whose hash matches
                text = texts.pdf_page(str(file_name), int(page), str(sha) if sha else None)
                sha = None
            else:
                text = texts.text(str(file_name)) if file_name is not None else None
            if text is not None and sha is not None and text_sha256(text) != str(sha):
                raise InspectionGraphError(f"{file_name}: text differs from the one the graph "
                                           "was built from (SHA-256 mismatch)")
            from graph.vocab import compact

            passage_text = text[int(start):int(end)] if text is not None else None
            passages.append(Passage(compact(src).split("/", 1)[-1], int(start), int(end),
                                    passage_text, int(page) if page is not None else None))
        return passages

    # --- other views of the graph -----------------------------------------------
    def to_networkx(self, projection: str = "entity"):
        """A NetworkX projection of the graph (see :mod:`graph.projections`)."""
        from graph.analysis import projections

        if projection != "entity":
            from graph.analysis import algorithms as analysis

            return analysis.projection(self, projection)
        return projections.entity_graph(self.store)


def load(records: str | Path | list | None = None, *, sources: str | Path | None = None,
         validate: bool = True, store: Store | str | None = None,
         bundled: bool = False) -> InspectionGraph:
    """Build the graph of one or more records folders (the bundled records by default).

    Parameters
    ----------
    records : folder or file, or a list of them, optional
        YAML records (``docs/records.md``); the bundled West Sussex records if omitted.
    bundled : bool
        Read the bundled records too when ``records`` are given (one id namespace).
    sources : folder, optional
        Source texts: evidence spans and hashes are checked against them and
        :meth:`InspectionGraph.evidence` shows the passages.
    validate : bool
        Run the SHACL shapes (default True).
    store : Store or "auto", optional
        Where to put the triples (a new memory store by default); ``"auto"`` chooses by
        the number of triples built (:func:`graph.storechoice.choose_store`).

    Returns
    -------
    InspectionGraph
    """
    from graph.build.dataset import build
    from graph.sources.records import BUNDLED_RECORDS, read_records

    result = build(read_records(records if records is not None else BUNDLED_RECORDS,
                                bundled=bundled and records is not None),
                   texts=sources, validate=validate)
    if store == "auto":
        from graph.store.choice import choose_store

        choice = choose_store(len(result.dataset))
        store = None if choice.kind == "memory" else choice.open()
    if store is None:
        store = MemoryStore(result.dataset)
    else:
        store.add_dataset(result.dataset)
    return InspectionGraph(store, sources=sources, origins=result.origins,
                           drafts=result.drafts)


@dataclass
class NationalBuild:
    """The built graph and one report per import."""

    graph: InspectionGraph
    reports: list = field(default_factory=list)


def build_national(records: str | Path | None = None, *, sources: str | Path | None = None,
                   ofsted: str | Path | None = None, workforce: str | Path | None = None,
                   neighbours: str | Path | None = None, store: Store | None = None,
                   progress=None) -> NationalBuild:
    """Build the curated records into ``store``, then import the official files given.

    The records are built and checked as by :func:`load` (SHACL shapes run on
    them); the imports follow (:func:`graph.sources.national.import_national`).

    Parameters
    ----------
    records, sources : folder, optional
        As for :func:`load` (the bundled records by default).
    ofsted, workforce, neighbours : path, optional
        The releases to import (see :func:`graph.sources.national.import_file`).
    store : graph.store.Store, optional
        A new memory store by default.
    progress : callable, optional
        ``progress(step, done, total)``, e.g. :class:`graph.progress.ProgressBar`.

    Returns
    -------
    NationalBuild
        ``.graph`` (an :class:`InspectionGraph`) and ``.reports`` (one per import).

    Examples
    --------
    >>> build_national().reports                  # the curated records only
    []
    """
    from graph.build.dataset import build
    from graph.sources.national import import_national
    from graph.sources.records import BUNDLED_RECORDS, read_records

    # into a store in memory, the records' SHACL check runs in a child process while the
    # files are imported (a store elsewhere is written only once the records passed it)
    in_memory = store is None or isinstance(store, MemoryStore) or \
        getattr(store, "name", None) == "oxigraph" and getattr(store, "path", "") is None
    result = build(read_records(records if records is not None else BUNDLED_RECORDS),
                   texts=sources, validate="alongside" if in_memory else True)
    if store is None:
        store = MemoryStore(result.dataset)
    else:
        store.add_dataset(result.dataset)
    kg = InspectionGraph(store, sources=sources, origins=result.origins, drafts=result.drafts)
    reports = import_national(kg.store, ofsted=ofsted, workforce=workforce,
                              neighbours=neighbours, progress=progress)
    result.finish_validation()
    return NationalBuild(kg, reports)


def build_into_store(spec: str, records: str | Path | None = None, *,
                     sources: str | Path | None = None, ofsted: str | Path | None = None,
                     workforce: str | Path | None = None, neighbours: str | Path | None = None,
                     progress=None) -> NationalBuild:
    """Build the records and the imports beside the store ``spec`` names, then write every
    graph into it at once: a build that fails writes nothing to the store.

    The build runs in a store in memory (holding a copy of what the store holds, for
    imports to match against); only once it has succeeded are its graphs, derived facts
    included, written into the store, all in one write
    (:meth:`graph.store.Store.replace_graphs`). A new Oxigraph folder is made only then.

    Parameters
    ----------
    spec : str
        The store (``oxigraph:PATH``, an endpoint URL ...; :func:`graph.store.open_store`).
    records, sources, ofsted, workforce, neighbours, progress
        As for :func:`build_national`.

    Returns
    -------
    NationalBuild
        ``.graph`` reads the store ``spec`` names.
    """
    from graph.store.choice import open_store
    from graph.store.derived import DERIVED_GRAPH, has_derived
    from graph.store.oxigraph import OxigraphStore
    from graph.store.textindex import build_text_index, indexes_texts

    national = any(f is not None for f in (ofsted, workforce, neighbours))
    scratch = OxigraphStore() if national else MemoryStore()
    if national and spec.startswith("oxigraph:"):
        # its texts are indexed in the store written, while the copy goes to disk
        scratch.index_texts = False
    if national and (not spec.startswith("oxigraph:")
                     or _holds_files(spec[len("oxigraph:"):])):
        reader = open_store(spec, read_only=True)  # the imports match what the store holds
        try:
            held: dict = {}
            for s, p, o, g in reader.quads():
                if g != DERIVED_GRAPH:
                    held.setdefault(g, []).append((s, p, o))
        finally:
            reader.close()
        scratch.replace_graphs(held)
    built = build_national(records, sources=sources, ofsted=ofsted, workforce=workforce,
                           neighbours=neighbours, store=scratch, progress=progress)
    target = open_store(spec, progress=progress)
    try:
        # into an empty Oxigraph store: one native bulk copy (text index included)
        if not (isinstance(target, OxigraphStore) and target.fill_from(scratch)):
            graphs: dict = {}
            for s, p, o, g in scratch.quads():
                graphs.setdefault(g, []).append((s, p, o))
            target.replace_graphs(graphs)
        if indexes_texts(target) and target.text_index is None and has_derived(target):
            build_text_index(target)
    except BaseException:
        target.close()
        raise
    kg = InspectionGraph(target, sources=sources, origins=built.graph.origins,
                         drafts=built.graph.drafts)
    return NationalBuild(kg, built.reports)


def _holds_files(path: str) -> bool:
    """Whether a folder exists and holds anything (an Oxigraph store, or files to refuse)."""
    folder = Path(path)
    return folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
