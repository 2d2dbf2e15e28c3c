"""Inspection reports into the graph: one named graph per report, built whole, then stored.

:func:`import_reports` reads every report of a batch (in worker processes
when the batch is long), resolves each inspection through
:class:`graph.identity.InspectionIndex` so that an inspection the store
already holds (curated records, the national outcomes import) is the same
node, builds the report's named graph completely and only then replaces the
old one. A report whose grades disagree with another source's for the same
inspection gets an ``ig:Discrepancy`` node instead of a second grade.

Examples
--------
>>> from graph.store import MemoryStore
>>> batch = import_reports(MemoryStore(), [])
>>> batch.ok, len(batch.imported)
(True, 0)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InspectionGraphError, ReportError
from graph.sources.reports.reading import ReportFacts, Span, read_report, short_label

__all__ = ["ImportedReport", "BatchReport", "import_reports", "report_triples", "source_id_of",
           "expand_paths"]

FRAMEWORK_LABEL = {"ilacs": "ILACS", "sif": "SIF", "lac": "Looked after children"}
TYPE_LABEL = {"standard": "standard inspection", "short": "short inspection",
              "focused-visit": "focused visit", "monitoring-visit": "monitoring visit",
              "sif-inspection": "inspection", "lscb-review": "review of the LSCB",
              "lac-inspection": "inspection"}
OGL = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The judgement area of a report section, per framework (None: the report as a whole).
_SECTION_AREA = {
    "ilacs": {None: "overall-effectiveness", "leadership": "impact-of-leaders",
              "help-and-protection": "help-and-protection", "children-in-care": "children-in-care",
              "adoption": "children-in-care", "care-leavers": "care-leavers",
              "lscb": "overall-effectiveness"},
    "sif": {None: "overall-effectiveness", "leadership": "leadership-management-governance",
            "help-and-protection": "help-and-protection",
            "children-in-care": "looked-after-and-permanence", "adoption": "adoption",
            "care-leavers": "care-leavers", "lscb": "lscb-review"},
    # the 2012-13 inspections of looked after children services (before the SIF) judged
    # those services alone: their passages are in the SIF areas that name them
    "lac": {None: "looked-after-and-permanence", "leadership": "leadership-management-governance",
            "care-leavers": "care-leavers", "adoption": "adoption"},
}
_SCHEME_OF = {"ilacs": "ilacs-area", "sif": "sif-area", "lac": "sif-area"}


def section_area(facts: ReportFacts, section: str | None) -> tuple[str, str] | None:
    """(scheme, area) of the judgement area a report section is about, or None for a
    framework without areas.

    An ILACS report that grades children in care and care leavers together puts both
    sections under the combined area; an LSCB review is all LSCB; the 2012-13 inspections
    of looked after children services, which have no area scheme of their own, are in the
    SIF's "children looked after and achieving permanence" (their leadership sections in
    its leadership area).
    """
    table = _SECTION_AREA.get(facts.framework)
    if table is None:
        return None
    if facts.type == "lscb-review":
        return "sif-area", "lscb-review"
    area = table.get(section, table[None])
    if facts.framework == "lac":
        return _SCHEME_OF["lac"], area
    if facts.framework == "ilacs":
        combined = facts.judgement("children-in-care-and-care-leavers") is not None or (
            facts.judgement("children-in-care") is None
            and facts.judgement("care-leavers") is None and (facts.start or "") < "2023-01-01")
        if combined and area in ("children-in-care", "care-leavers"):
            area = "children-in-care-and-care-leavers"
        return "ilacs-area", area
    return "sif-area", area


def attribution(facts: ReportFacts) -> str:
    """The attribution Ofsted asks for when its report's text is reused."""
    year = (facts.published or facts.start or "")[:4]
    return (f"© Crown copyright, Ofsted, {year}; licensed under the Open Government Licence "
            "v3.0")


# An area of the report compared with another source's area of the same inspection.
_EQUIVALENT = {"children-in-care-and-care-leavers": ("children-in-care",)}


@dataclass
class ImportedReport:
    """What one report added to the store."""

    path: str
    source_id: str
    graph: str
    inspection: str
    council: str
    framework: str
    type: str
    start: str | None
    published: str | None
    judgements: int
    recommendations: int
    passages: int
    lead_inspectors: list[str]
    triples: int
    warnings: list[str] = field(default_factory=list)
    discrepancies: list[str] = field(default_factory=list)


@dataclass
class BatchReport:
    """The outcome of a batch: the reports imported and the files that failed."""

    imported: list[ImportedReport] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    facts: list[ReportFacts] = field(default_factory=list)
    repeats: int = 0
    # seconds of each step after the last file was read: "write", "repeats", "derive"
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line per report, then the failures, then a total line."""
        lines = []
        for r in self.imported:
            lines.append(f"ok    {Path(r.path).name}: {r.council}, "
                         f"{FRAMEWORK_LABEL.get(r.framework)} {r.type} {r.start or '?'}, "
                         f"{r.judgements} judgements, "
                         f"{r.recommendations} recommendations, {r.passages} passages"
                         f" -> {r.graph.rsplit('/', 1)[-1]}")
            lines += [f"      warning: {w}" for w in r.warnings]
            lines += [f"      discrepancy: {d}" for d in r.discrepancies]
        for path, message in self.failed:
            lines.append(f"FAIL  {message if message.startswith(path) else f'{path}: {message}'}")
        lines.append(f"{len(self.imported)} imported, {len(self.failed)} failed in "
                     f"{self.seconds:.1f} s")
        return "\n".join(lines)


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The PDF files named by ``paths`` (folders are searched), and the paths that are missing."""
    files, missing = [], []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files += sorted(f for f in path.rglob("*") if f.is_file()
                            and f.suffix.lower() == ".pdf")
        elif path.is_file():
            files.append(path)
        else:
            missing.append((str(path), "no such file or folder"))
    return files, missing


def source_id_of(facts: ReportFacts) -> str:
    """The report's source id: ``ofsted-report-{GSS}-{publication date}``."""
    when = facts.published or facts.start or facts.sha256[:12]
    return f"ofsted-report-{facts.gss}-{when}"


def _read(args: tuple):
    """Read one report (in a worker process for batches of more than one file).

    The worker returns what it read, not rdflib triples: the facts cross between
    processes ten times faster. For an Oxigraph store it also makes the report's named
    graph, as N-Quads text, against the store as it was before the batch
    (:data:`_CONTEXT`): building the triples overlaps with the other workers' pdftotext,
    and the store loads the text with Oxigraph's own parser.
    """
    path, extractor, lookup, nquads = args
    try:
        councils = None
        if lookup:
            from graph.sources.council_names import CouncilNames

            councils = CouncilNames.bundled()
            councils.add_lookup(lookup)
        facts = read_report(path, extractor=extractor, councils=councils)
    except InspectionGraphError as exc:
        return ("error", path, str(exc))
    except Exception as exc:  # a broken file must not stop the batch
        return ("error", path, f"{path}: cannot be read ({type(exc).__name__}: {exc})")
    if not nquads:
        return ("ok", facts)
    try:
        imported, triples, name = report_triples(facts, *_CONTEXT[0])
    except InspectionGraphError as exc:
        return ("error", facts.path, str(exc))
    except (ValueError, KeyError, TypeError) as exc:  # a fact the graph cannot hold
        return ("error", facts.path, f"{facts.path}: cannot be imported "
                                     f"({type(exc).__name__}: {exc})")
    # as UTF-8 bytes: they cross between processes and go to Oxigraph as they are
    return ("ok", facts, imported, nquads_text(triples, name).encode("utf-8"), str(name))


# (index, existing judgements, labels, dates) of the store before the batch, for workers
_CONTEXT: list[tuple] = []
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def nquads_text(triples: Iterable[tuple], graph) -> str:
    """Triples of rdflib IRIs and literals as N-Quads lines in the named graph ``graph``.

    >>> from rdflib import Literal, URIRef
    >>> print(nquads_text([(URIRef("https://e.org/a"), URIRef("https://e.org/p"),
    ...                     Literal('say "hi"', lang="en"))], "https://e.org/g"), end="")
    <https://e.org/a> <https://e.org/p> "say \\"hi\\""@en <https://e.org/g> .
    """
    from rdflib import Literal, URIRef

    g = f" <{graph}> .\n"
    out = []
    add = out.append
    suffixes: dict[tuple, str] = {}  # (language, datatype) -> what follows the quoted text
    for s, p, o in triples:
        if type(o) is URIRef:
            add(f"<{s}> <{p}> <{o}>{g}")
            continue
        if not isinstance(o, Literal):
            raise TypeError(f"cannot write {o!r} as N-Quads")
        text = str(o)
        if "\\" in text:
            text = text.replace("\\", "\\\\")
        if '"' in text:
            text = text.replace('"', '\\"')
        if "\n" in text or "\r" in text:
            text = text.replace("\n", "\\n").replace("\r", "\\r")
        key = (o.language, o.datatype)
        suffix = suffixes.get(key)
        if suffix is None:
            suffix = suffixes[key] = ('"@' + o.language if o.language else
                                      f'"^^<{o.datatype}>' if o.datatype is not None
                                      and str(o.datatype) != _XSD_STRING else '"')
        add(f'<{s}> <{p}> "{text}{suffix}{g}')
    return "".join(out)


def _existing_judgements(store) -> dict[str, dict[str, list[tuple[str, str, str]]]]:
    """inspection -> area slug -> [(grade slug, judgement IRI, named graph)]."""
    from graph.sparql.text import prefixed

    rows = store.query(prefixed("""
        SELECT ?i ?j ?area ?grade ?g WHERE {
          GRAPH ?g { ?j ig:grade ?grade }
          ?i ig:judgement ?j . ?j ig:area ?area }""")).rows
    out: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    for i, j, area, grade, g in rows:
        slug = str(area).rsplit("/", 1)[-1]
        out.setdefault(str(i), {}).setdefault(slug, []).append(
            (str(grade).rsplit("/", 1)[-1], str(j), str(g)))
    return out


def _existing_dates(store) -> dict[tuple[str, str], set[str]]:
    """(inspection, date predicate) -> the named graphs that give it a value."""
    from graph.sparql.text import prefixed

    rows = store.query(prefixed("""
        SELECT ?i ?p ?g WHERE {
          VALUES ?p { ig:fieldworkStart ig:fieldworkEnd ig:published }
          ?i a ig:Inspection . GRAPH ?g { ?i ?p ?d } }""")).rows
    out: dict[tuple[str, str], set[str]] = {}
    for i, p, g in rows:
        out.setdefault((str(i), str(p)), set()).add(str(g))
    return out


def import_reports(store, paths: Iterable[str | Path], *, extractor: str | None = None,
                   lookup: str | Path | None = None, workers: int | None = None,
                   progress: Callable[[str, int, int], None] | None = None) -> BatchReport:
    """Import Ofsted reports (PDF files, or folders of them) into ``store``.

    Parameters
    ----------
    store : Store
        Where the reports' named graphs go (see :func:`graph.store.open_store`).
    paths : iterable of str or Path
        Report files and folders (searched for ``*.pdf``).
    extractor : str, optional
        Text extractor (:data:`graph.pdftext.EXTRACTORS`); pdftotext by default.
    lookup : path, optional
        Ofsted's ``Provider_data_lookup.csv`` (found beside the reports if not given).
    workers : int, optional
        Processes reading reports: every core (``os.cpu_count()``) by default, at most
        one per file; 1 reads in this process.
    progress : callable, optional
        Called as ``progress("reports", done, total)`` after each file
        (:class:`graph.progress.ProgressBar` draws it on stderr).

    Returns
    -------
    BatchReport
        Reports imported, files that failed (each with a one-line reason).
        A failed file changes nothing in the store; the others go on.
    """
    from graph.build.identity import InspectionIndex
    from graph.sparql.text import prefixed

    started = time.perf_counter()
    files, missing = expand_paths(paths)
    batch = BatchReport(failed=list(missing))
    if not files:
        batch.seconds = time.perf_counter() - started
        return batch
    index = InspectionIndex.from_store(store)
    existing = _existing_judgements(store)
    labels: dict[str, set[str]] = {}
    for c, lab in store.query(prefixed("SELECT ?c ?l WHERE { ?c a ig:Council ; rdfs:label ?l }")
                              ).rows:
        labels.setdefault(str(c), set()).add(str(lab))
    # every worker resolves inspections against the store as it was before the batch
    context = (index, existing, labels, _existing_dates(store))
    nquads = getattr(store, "name", None) == "oxigraph"
    jobs = [(str(f), extractor, str(lookup) if lookup else None, nquads) for f in files]
    workers = workers or min(os.cpu_count() or 1, len(files))
    pending: list[tuple[ReportFacts, ImportedReport, list, object]] = []

    def write(ready: list) -> None:
        """Store reports, several in one write (a store on disk syncs once per write); if
        that write fails, each on its own, so that only the failing one is left out."""
        try:
            store.replace_graphs({name: triples for _, _, triples, name in ready})
        except InspectionGraphError as exc:
            if len(ready) == 1:
                batch.failed.append((ready[0][0].path, str(exc)))
                return
            for one in ready:
                write([one])
            return
        for facts, imported, _, _ in ready:
            batch.imported.append(imported)
            batch.facts.append(facts)

    loaded = _NQuadsLoad(store, batch, context, write) if nquads else None
    _CONTEXT[:] = [context]
    try:
        for done, result in enumerate(_map(jobs, workers, context), start=1):
            if result[0] == "error":
                batch.failed.append((result[1], result[2]))
            elif loaded is not None:
                loaded.add(*result[1:])
            else:
                facts = result[1]
                try:
                    imported, triples, name = report_triples(facts, *context)
                except InspectionGraphError as exc:
                    batch.failed.append((facts.path, str(exc)))
                except (ValueError, KeyError, TypeError) as exc:  # a fact the graph cannot hold
                    batch.failed.append((facts.path, f"{facts.path}: cannot be imported "
                                                     f"({type(exc).__name__}: {exc})"))
                else:
                    pending.append((facts, imported, triples, name))
                    if len(pending) >= _WRITE_BATCH:
                        write(pending)
                        pending = []
            if progress is not None:
                progress("reports", done, len(jobs))
    except BaseException:
        if loaded is not None:
            loaded.close()
        raise
    finally:
        _CONTEXT.clear()
    read = time.perf_counter()
    if pending:
        write(pending)
    if loaded is not None:
        loaded.finish()
    from graph.sources.reports.repeats import link_repeats
    from graph.store.derived import ensure_derived

    written = time.perf_counter()
    if batch.imported:
        batch.repeats = link_repeats(store)  # recommendations asked again, every council
    linked = time.perf_counter()
    ensure_derived(store)  # the derived facts, again for the graph as it is now
    batch.seconds = time.perf_counter() - started
    batch.steps = {"write": written - read, "repeats": linked - written,
                   "derive": started + batch.seconds - linked}
    return batch


class _NQuadsLoad:
    """The reports of a batch into an Oxigraph store, from the N-Quads text the workers made.

    In memory, a thread of this process loads the reports while the workers read the
    next ones (:meth:`OxigraphStore.add_new_graphs`, several reports a load: pyoxigraph
    parses and indexes without holding the interpreter). On disk, the text is gathered
    in a temporary file and loaded at the end in one :meth:`load_file` (the bulk
    loader, under the store's journal). Either way, if a load fails each of its
    reports is loaded on its own, so that only the failing one is left out; a report
    whose graph the store holds already (or one read twice) is written by
    :meth:`replace_graphs` at the end instead, replacing the old graph.
    """

    def __init__(self, store, batch: BatchReport, context: tuple, write) -> None:
        self.store, self.batch, self.context, self.write = store, batch, context, write
        self.replacing: list = []
        self.names: set[str] = set()  # graphs this batch adds
        self.streaming = getattr(store, "path", None) is None
        if self.streaming:
            import queue
            import threading

            from graph.store.textindex import TextStage, indexes_texts

            self.queue: queue.Queue = queue.Queue()
            self.error: BaseException | None = None
            # the passages' texts tokenized for the text index as they are stored
            self.stage = TextStage() if indexes_texts(store) else None
            store.text_stage = self.stage
            self.thread = threading.Thread(target=self._load_queued, daemon=True,
                                           name="inspection-graph-reports-load")
            self.thread.start()
        else:
            import tempfile

            self.folder = tempfile.TemporaryDirectory(prefix="inspection-graph-reports-")
            self.path = Path(self.folder.name) / "reports.nq"
            self.handle = open(self.path, "wb")
            self.parts: list[tuple[ReportFacts, ImportedReport, int, int]] = []

    def add(self, facts: ReportFacts, imported: ImportedReport, text: bytes, name: str) -> None:
        """Store a report from its N-Quads (UTF-8)."""
        if name in self.names or self.store.has_graph(name):  # re-imported: replaced
            _, triples, graph_name = report_triples(facts, *self.context)
            self.replacing.append((facts, imported, triples, graph_name))
            return
        self.names.add(name)
        if self.streaming:
            self.queue.put((facts, imported, text, name))
            return
        start = self.handle.tell()
        self.handle.write(text)
        self.parts.append((facts, imported, start, self.handle.tell()))

    def finish(self) -> None:
        """Store what is left, and wait for the loads; the replaced graphs last."""
        if self.streaming:
            self._stop()
        else:
            try:
                self.handle.close()
                if self.parts:
                    self._load_file(self.parts, self.path)
            finally:
                self.folder.cleanup()
        if self.replacing:
            self.write(self.replacing)

    def close(self) -> None:
        """Stop the loading thread (after an error in the batch), keeping what it stored."""
        if self.streaming:
            self._stop()
        elif not self.handle.closed:
            self.handle.close()
            self.folder.cleanup()

    def _stop(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _load_queued(self) -> None:
        """The loading thread: every report queued so far in one load, until told to stop."""
        import queue

        stop = False
        while not stop:
            parts = [self.queue.get()]
            while True:
                try:
                    parts.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            if None in parts:
                stop = True
                parts = [p for p in parts if p is not None]
            if parts and self.error is None:
                try:
                    self._load_parts(parts)
                except BaseException as exc:  # raised in the importing thread by finish()
                    self.error = exc

    def _load_parts(self, parts: list) -> None:
        try:
            self.store.add_new_graphs(b"".join(p[2] for p in parts), [p[3] for p in parts])
        except InspectionGraphError as exc:
            if len(parts) == 1:
                self.batch.failed.append((parts[0][0].path, str(exc)))
                return
            for part in parts:
                self._load_parts([part])
            return
        self._stored(parts)
        if self.stage is not None:  # their texts and their labels (see report_triples)
            self.stage.add(text for facts, _, _, _ in parts
                           for item in (*facts.passages, *facts.recommendations) if item.text
                           for text in (item.text, short_label(item.text)))

    def _stored(self, parts: list) -> None:
        for facts, imported, _, _ in parts:
            self.batch.imported.append(imported)
            self.batch.facts.append(facts)

    def _load_file(self, parts: list, path: Path) -> None:
        try:
            self.store.load_file(path, "nquads")
        except InspectionGraphError as exc:
            if len(parts) == 1:
                self.batch.failed.append((parts[0][0].path, str(exc)))
                return
            with open(self.path, "rb") as whole:
                for n, part in enumerate(parts):
                    whole.seek(part[2])
                    one = Path(self.folder.name) / f"report-{n}.nq"
                    one.write_bytes(whole.read(part[3] - part[2]))
                    self._load_file([part], one)
            return
        self._stored(parts)


_WRITE_BATCH = 16  # reports stored per write


def _map(jobs, workers: int, context: tuple):
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_read, jobs)
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers, _set_context, (context,)) as pool:
        yield from pool.imap(_read, jobs, chunksize=1)


def _set_context(context: tuple) -> None:
    _CONTEXT[:] = [context]


def report_triples(facts: ReportFacts, index, existing: dict | None = None,
                   labels: dict[str, set[str]] | None = None,
                   dated: dict[tuple[str, str], set[str]] | None = None):
    """The triples of one report's named graph.

    An inspection another source already dates keeps that source's dates (at
    its precision): fieldwork and publication dates are single-valued, so the
    report adds one only where no other graph gives it.

    Returns
    -------
    (ImportedReport, list of triples, graph IRI)
    """
    from rdflib import Literal, URIRef

    from graph import vocab
    from graph.build.dataset import date_literal
    from graph.vocab import council_iri

    k = _terms()
    RDF, RDFS, DCT, FOAF, IG, OA, ORG, PROV, SCHEMA, SKOS = (
        k.RDF, k.RDFS, k.DCT, k.FOAF, k.IG, k.OA, k.ORG, k.PROV, k.SCHEMA, k.SKOS)
    iri, scheme_iri, integer = k.iri, k.scheme_iri, k.integer
    schemes = vocab.load_schemes()

    def label(scheme: str, concept: str) -> str:
        return str(schemes.value(scheme_iri(scheme, concept), SKOS.prefLabel) or concept)

    if facts.gss is None:
        raise ReportError(facts.path, "no council resolved")
    sid = source_id_of(facts)
    graph_name = vocab.graph_iri(sid)
    source = iri("source", sid)
    triples: list[tuple] = []
    add = triples.append
    year = (facts.published or facts.start or "")[:4]
    council_name = facts.council_label or facts.council_name

    span_base = str(iri("span", sid)) + "/"
    made: dict[Span, URIRef] = {}
    evidence = IG.evidence
    type_p, span_c, selector_c = RDF.type, IG.EvidenceSpan, OA.TextPositionSelector
    in_p, has_p, page_p, start_p, end_p = IG.inSource, OA.hasSource, IG.page, OA.start, OA.end

    def spans(node, items: list[Span]) -> None:
        for s in items:
            span = made.get(s)
            if span is None:  # each span's own triples once, however many facts it bears
                span = made[s] = URIRef(f"{span_base}p{s.page}-{s.start}-{s.end}")
                triples.extend(((span, type_p, span_c), (span, type_p, selector_c),
                                (span, in_p, source), (span, has_p, source),
                                (span, page_p, integer(s.page)),
                                (span, start_p, integer(s.start)),
                                (span, end_p, integer(s.end))))
            add((node, evidence, span))

    # the report itself
    from graph.sources.reports.pdftext import extractor_version

    for cls in (IG.SourceDocument, IG.InspectionReport, SCHEMA.Report, PROV.Entity):
        add((source, RDF.type, cls))
    title = (f"Ofsted {FRAMEWORK_LABEL[facts.framework]} {TYPE_LABEL[facts.type]} report, "
             f"{council_name}" + (f", published {facts.published}" if facts.published else ""))
    add((source, RDFS.label, Literal(title)))
    add((source, DCT.title, Literal(title)))
    ofsted = iri("org", "ofsted")
    add((source, SCHEMA.publisher, ofsted))
    add((source, DCT.license, URIRef(OGL)))
    add((source, DCT.rightsHolder, ofsted))
    add((source, SCHEMA.creditText, Literal(attribution(facts), lang="en")))
    if facts.published:
        add((source, IG.published, date_literal(facts.published)))
    add((source, IG.sha256, Literal(facts.sha256)))
    add((source, IG.textFile, Literal(facts.file_name)))
    add((source, IG.pageCount, integer(facts.page_count)))
    add((source, IG.textExtractor, Literal(_version(facts.extractor, extractor_version))))
    if facts.published_span:
        spans(source, [facts.published_span])

    # who: Ofsted, the council
    for cls in (IG.Inspectorate, ORG.FormalOrganization, SCHEMA.GovernmentOrganization):
        add((ofsted, RDF.type, cls))
    add((ofsted, RDFS.label, Literal("Ofsted")))
    council = council_iri(facts.gss)
    for cls in (IG.Council, ORG.FormalOrganization, SCHEMA.GovernmentOrganization):
        add((council, RDF.type, cls))
    known_labels = (labels or {}).get(str(council))
    if known_labels and council_name not in known_labels:
        add((council, SKOS.altLabel, Literal(council_name)))  # one label per council
    else:
        add((council, RDFS.label, Literal(council_name)))
    if facts.council_name != council_name:
        add((council, SKOS.altLabel, Literal(facts.council_name)))
    add((council, IG.gssCode, Literal(facts.gss)))
    if facts.dfe_code:
        add((council, IG.dfeCode, Literal(facts.dfe_code)))
    spans(council, [facts.council_span])

    # the inspection, the same node as in the store when it is already known
    start = facts.start or facts.published or year
    inspection = index.resolve(facts.gss, start, framework=facts.framework, type=facts.type)
    add((source, SCHEMA.about, inspection))
    for cls in (IG.Inspection, PROV.Activity):
        add((inspection, RDF.type, cls))

    def undated(pred) -> bool:
        givers = (dated or {}).get((str(inspection), str(pred)), set())
        return not (givers - {str(graph_name)})

    # one label: a node another source already names gets the report's as an alternative
    name = (f"{FRAMEWORK_LABEL[facts.framework]} {TYPE_LABEL[facts.type]} of {council_name}, "
            f"{start}")
    add((inspection, RDFS.label if undated(IG.fieldworkStart) else SKOS.altLabel,
         Literal(name)))
    add((inspection, IG.subject, council))
    add((inspection, IG.inspectorate, ofsted))
    add((inspection, PROV.wasAssociatedWith, ofsted))
    add((inspection, IG.framework, scheme_iri("framework", facts.framework)))
    add((inspection, IG.inspectionType, scheme_iri("inspection-type", facts.type)))
    for value, pred in ((facts.start, IG.fieldworkStart), (facts.end, IG.fieldworkEnd),
                        (facts.published, IG.published)):
        if value and undated(pred):
            add((inspection, pred, date_literal(value)))
    add((inspection, IG.recommendationCount,
         integer(len(facts.recommendations))))
    spans(inspection, [facts.title_span] + ([facts.dates_span] if facts.dates_span else []))

    # lead inspectors: people holding the post of lead inspector at Ofsted
    post = iri("post", "ofsted", "lead-inspector")
    if facts.lead_inspectors:
        for cls in (IG.Post, ORG.Post):
            add((post, RDF.type, cls))
        add((post, RDFS.label, Literal("Lead inspector, Ofsted")))
        add((post, ORG.postIn, ofsted))
        add((ofsted, ORG.hasPost, post))
        add((post, IG.role, scheme_iri("role", "lead-inspector")))
        add((post, ORG.role, scheme_iri("role", "lead-inspector")))
    for name, span in facts.lead_inspectors:
        key = vocab.slug(name)
        person = iri("person", key)
        for cls in (IG.Person, FOAF.Person, SCHEMA.Person, PROV.Agent):
            add((person, RDF.type, cls))
        add((person, RDFS.label, Literal(name)))
        add((person, FOAF.name, Literal(name)))
        add((person, ORG.holds, post))
        tenure = iri("tenure", key, "ofsted", "lead-inspector")
        for cls in (IG.Tenure, ORG.Membership):
            add((tenure, RDF.type, cls))
        add((tenure, RDFS.label, Literal(f"{name} as Lead inspector, Ofsted")))
        add((tenure, IG.holder, person))
        add((tenure, ORG.member, person))
        add((tenure, IG.post, post))
        add((tenure, ORG.organization, ofsted))
        add((tenure, ORG.role, scheme_iri("role", "lead-inspector")))
        add((tenure, IG.tenureStatus, scheme_iri("tenure-status", "unknown")))
        add((inspection, IG.leadInspector, person))
        spans(tenure, [span])
        spans(person, [span])

    # judgements: the same nodes as other sources', or a discrepancy when the grades differ
    scheme = {"ilacs": "ilacs-area", "sif": "sif-area"}.get(facts.framework)
    known = (existing or {}).get(str(inspection), {})
    warnings = list(facts.warnings)
    discrepancies = []
    for j in facts.judgements if scheme else []:
        jnode = URIRef(str(inspection).replace("/inspection/", "/judgement/", 1) + "/" + j.area)
        others = [o for a in (j.area, *_EQUIVALENT.get(j.area, ())) for o in known.get(a, [])
                  if o[2] != str(graph_name)]
        clash = next((o for o in others if o[0] != j.grade), None)
        if clash is not None:
            grade_given, other_node, other_graph = clash
            node = iri("discrepancy", sid, j.area)
            text = (f"{label(scheme, j.area)}: the report gives {label('grade', j.grade)}, "
                    f"{other_graph.rsplit('/', 1)[-1]} gives {label('grade', grade_given)}")
            discrepancies.append(text)
            for cls in (IG.Discrepancy, PROV.Entity):
                add((node, RDF.type, cls))
            add((node, RDFS.label, Literal(text)))
            add((node, IG.disputedJudgement, URIRef(other_node)))
            add((node, IG.reportedGrade, scheme_iri("grade", j.grade)))
            add((node, IG.recordedGrade, scheme_iri("grade", grade_given)))
            add((node, IG.recordedIn, URIRef(other_graph)))
            add((node, IG.raisedBy, source))
            add((node, IG.fromInspection, inspection))
            spans(node, [j.span])
            continue
        for cls in (IG.Judgement, PROV.Entity):
            add((jnode, RDF.type, cls))
        add((jnode, RDFS.label, Literal(f"{label(scheme, j.area)}: {label('grade', j.grade)} "
                                        f"({council_name}, {start})")))
        add((inspection, IG.judgement, jnode))
        add((jnode, IG.area, scheme_iri(scheme, j.area)))
        add((jnode, IG.grade, scheme_iri("grade", j.grade)))
        add((jnode, PROV.wasGeneratedBy, inspection))
        spans(jnode, [j.span])

    for u in facts.uncertain if scheme else []:
        node = iri("uncertain", sid, u.area)
        text = (f"{label(scheme, u.area)}: not read (page {u.page}): {u.reason}"
                + (f" ({', '.join(label('grade', g) for g in u.grades)})" if u.grades else ""))
        for cls in (IG.UncertainRead, PROV.Entity):
            add((node, RDF.type, cls))
        add((node, RDFS.label, Literal(text)))
        add((node, IG.uncertainArea, scheme_iri(scheme, u.area)))
        add((node, IG.reason, Literal(u.reason)))
        for g in u.grades:
            add((node, IG.candidateGrade, scheme_iri("grade", g)))
        add((node, IG.raisedBy, source))
        add((node, IG.fromInspection, inspection))
        if u.span is not None:
            spans(node, [u.span])
        warnings.append(f"uncertain read: {text}")

    true = Literal(True)

    def placed(node, item) -> None:
        """The item's text, its short label and the judgement area of its section."""
        add((node, RDFS.label, Literal(short_label(item.text) or f"{council_name} {year} "
                                       f"item {item.number}", lang="en")))
        add((node, IG.statement, Literal(item.text, lang="en")))
        where = section_area(facts, item.section)
        if where is not None:
            add((node, IG.judgementArea, scheme_iri(*where)))

    for rec in facts.recommendations:
        node = iri("recommendation", sid, f"rec-{rec.number:02d}")
        for cls in (IG.Recommendation, PROV.Entity):
            add((node, RDF.type, cls))
        placed(node, rec)
        add((node, IG.position, integer(rec.number)))
        for t in rec.themes:
            add((node, IG.theme, scheme_iri("theme", t)))
            add((node, IG.recommendationArea, scheme_iri("theme", t)))
        add((node, IG.machineClassified, true))
        add((node, IG.confidence, k.decimal(rec.confidence)))
        add((node, IG.fromInspection, inspection))
        add((node, IG.concerns, council))
        spans(node, rec.spans)
    for item in facts.passages:
        node = iri("finding", sid, f"passage-{item.number:03d}")
        for cls in (IG.Finding, IG.ReportPassage, PROV.Entity):
            add((node, RDF.type, cls))
        placed(node, item)
        add((node, IG.position, integer(item.number)))
        for t in item.themes:
            add((node, IG.theme, scheme_iri("theme", t)))
        if item.polarity:  # none where the wording leans neither way
            add((node, IG.polarity, scheme_iri("polarity", item.polarity)))
        if item.stated_polarity:
            add((node, IG.polarityStated, true))
        add((node, IG.machineClassified, true))
        add((node, IG.confidence, k.decimal(item.confidence)))
        add((node, IG.fromInspection, inspection))
        add((node, IG.concerns, council))
        spans(node, item.spans)
    imported = ImportedReport(
        facts.path, sid, str(graph_name), str(inspection), council_name, facts.framework,
        facts.type, facts.start, facts.published, len(facts.judgements),
        len(facts.recommendations), len(facts.passages), [n for n, _ in facts.lead_inspectors],
        len(triples), warnings, discrepancies)
    return imported, triples, graph_name


class _Namespace:
    """A namespace's terms as plain attributes: each made once (rdflib's ``Namespace``
    makes and checks a new term at every attribute access)."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str):
        term = self._namespace[name]
        setattr(self, name, term)
        return term


class _Terms:
    """The terms report triples use, made once per process."""

    def __init__(self) -> None:
        from rdflib import RDF, RDFS, XSD

        from graph import vocab

        for name, ns in (("RDF", RDF), ("RDFS", RDFS), ("XSD", XSD), ("DCT", vocab.DCT),
                         ("FOAF", vocab.FOAF), ("IG", vocab.IG), ("OA", vocab.OA),
                         ("ORG", vocab.ORG), ("PROV", vocab.PROV), ("SCHEMA", vocab.SCHEMA),
                         ("SKOS", vocab.SKOS)):
            setattr(self, name, _Namespace(ns))
        self._iri, self._scheme_iri = vocab.iri, vocab.scheme_iri
        self._integers: dict[int, object] = {}
        self._decimals: dict[float, object] = {}
        self._concepts: dict[tuple, object] = {}

    def iri(self, kind: str, *key: str):
        return self._iri(kind, *key)

    def scheme_iri(self, scheme: str, concept: str | None = None):
        try:
            return self._concepts[scheme, concept]
        except KeyError:
            term = self._concepts[scheme, concept] = self._scheme_iri(scheme, concept)
            return term

    def decimal(self, value: float):
        try:
            return self._decimals[value]
        except KeyError:
            from graph.build.dataset import decimal_literal

            term = self._decimals[value] = decimal_literal(value)
            return term

    def integer(self, value: int):
        try:
            return self._integers[value]
        except KeyError:
            from rdflib import XSD, Literal

            term = self._integers[value] = Literal(value, datatype=XSD.integer)
            return term


_TERMS: list[_Terms] = []


def _terms() -> _Terms:
    if not _TERMS:
        _TERMS.append(_Terms())
    return _TERMS[0]


_VERSIONS: dict[str, str] = {}


def _version(name: str, lookup) -> str:
    if name not in _VERSIONS:
        _VERSIONS[name] = lookup(name)
    return _VERSIONS[name]
