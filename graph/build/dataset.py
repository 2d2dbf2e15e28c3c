"""Build an RDF dataset from records: one named graph per source document.

The builder mints every IRI from natural keys (:mod:`graph.vocab`), so the
same records always give the same triples. :func:`build_dataset` checks the
records' references and evidence, emits the quads, adds the ontology and
schemes in their own named graph, and runs the SHACL shapes.

Examples
--------
>>> from graph.build import build_dataset
>>> from graph.records import read_records
>>> ds = build_dataset(read_records(), validate=False)
>>> len(list(ds.graphs())) > 2
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.term import Node

from graph import vocab
from graph.build.evidence import SourceTexts, check_evidence
from graph.errors import RecordError, RecordErrors, ValidationError
from graph.sources.measures import official_statistic_iri
from graph.sources.records import FRAMEWORKS, Item, Record, read_records
from graph.vocab import DCT, FOAF, IG, OA, ORG, PROV, QB, SCHEMA, SKOS, council_iri, iri, scheme_iri

__all__ = [
    "BuildResult", "build_dataset", "build", "build_records", "date_literal", "decimal_literal",
    "ORG_CLASSES",
]

ORG_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "council": (IG.Council, ORG.FormalOrganization, SCHEMA.GovernmentOrganization),
    "inspectorate": (IG.Inspectorate, ORG.FormalOrganization, SCHEMA.GovernmentOrganization),
    "government-department": (IG.GovernmentDepartment, ORG.FormalOrganization,
                              SCHEMA.GovernmentOrganization),
    "publisher": (IG.Publisher, ORG.Organization, SCHEMA.Organization),
    "childrens-services": (IG.ChildrensServices, ORG.OrganizationalUnit),
    "improvement-board": (IG.ImprovementBoard, IG.Board, ORG.OrganizationalUnit),
    "safeguarding-children-board": (IG.SafeguardingChildrenBoard, IG.Board,
                                    ORG.OrganizationalUnit),
    "panel": (IG.Panel, ORG.OrganizationalUnit),
    "hub": (IG.Hub, ORG.OrganizationalUnit),
    "organisation": (ORG.Organization,),
}
SOURCE_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "news-article": (IG.SourceDocument, IG.NewsArticle, SCHEMA.NewsArticle),
    "inspection-report": (IG.SourceDocument, IG.InspectionReport, SCHEMA.Report),
    "dataset": (IG.SourceDocument, IG.Dataset, SCHEMA.Dataset),
    "web-page": (IG.SourceDocument, SCHEMA.WebPage),
}
AREA_SCHEME = {k: v for k, v in FRAMEWORKS.items() if v}


def date_literal(value: str) -> Literal:
    """A date written at the precision known, as a typed literal.

    >>> date_literal("2019-05").datatype.endswith("gYearMonth")
    True
    """
    if len(value) == 4:
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    return Literal(value if len(value) > 16 else value + ":00", datatype=XSD.dateTime)


def decimal_literal(value: float | int | str) -> Literal:
    """A number in the one lexical form every store and serializer keeps.

    Whole numbers are ``xsd:integer``; others ``xsd:decimal`` without trailing
    zeros (rdflib, Oxigraph and Turtle round trips all preserve these forms).

    >>> str(decimal_literal(25.0)), decimal_literal(25.0).datatype.endswith("integer")
    ('25', True)
    >>> str(decimal_literal("13.50"))
    '13.5'
    """
    from decimal import Decimal

    number = Decimal(str(value)).normalize()
    if number == number.to_integral_value():
        return Literal(str(int(number)), datatype=XSD.integer)
    return Literal(format(number, "f"), datatype=XSD.decimal)


@dataclass
class BuildResult:
    """What a build made: the dataset, where each node came from, and counts."""

    dataset: Dataset
    origins: dict[URIRef, tuple[str, int]] = field(default_factory=dict)
    spans_checked: int = 0
    #: items still marked ``draft: true``, as ``(file, line, what)``
    drafts: list[tuple[str, int, str]] = field(default_factory=list)
    #: the SHACL check still running (``build(validate="alongside")``), else None
    shapes_check: Any = None

    def finish_validation(self) -> None:
        """Wait for a SHACL check started alongside (if any); raise on violations.

        Raises
        ------
        ValidationError
            SHACL violations, each naming the record file and line of its focus node.
        """
        if self.shapes_check is not None:
            self.shapes_check.raise_for_violations()

    def counts(self) -> dict[str, int]:
        """Triples, named graphs and things per class, for the build summary."""
        from graph.build.summary import dataset_counts

        return dataset_counts(self.dataset)


class _Emitter:
    """Turns checked records into quads."""

    def __init__(self, records: list[Record], schemes) -> None:
        self.records = records
        self.schemes = schemes
        self.ds = Dataset()
        vocab.bind_prefixes(self.ds)
        self.origins: dict[URIRef, tuple[str, int]] = {}
        self.errors: list[RecordError] = []
        self.items: dict[str, Item] = {}
        self.iris: dict[str, URIRef] = {}
        self.graphs: dict[str, object] = {}
        for record in records:
            for item in record.items():
                self.items[item.id] = item

    # --- helpers -------------------------------------------------------------
    def graph(self, source_id: str):
        if source_id not in self.graphs:
            self.graphs[source_id] = self.ds.graph(vocab.graph_iri(source_id))
        return self.graphs[source_id]

    def add(self, item: Item, s: Node, p: Node, o: Node, name: str | None = None) -> None:
        """Add a triple to the graph of whoever states it."""
        source = item.get("cited") or item.source_id
        if name is not None and item.fields[name].cited:
            source = item.fields[name].cited
        self.graph(source).add((s, p, o))

    def concept(self, item: Item, scheme: str, value: str, name: str) -> URIRef:
        concept = scheme_iri(scheme, value)
        if (concept, SKOS.inScheme, scheme_iri(scheme)) not in self.schemes:
            from graph.sources.concepts import concept_problem

            self.errors.append(item.error(f"{item.section} {item.id!r}: field {name!r}: "
                                          f"{concept_problem(scheme, value)}", name))
        return concept

    def origin(self, node: URIRef, item: Item) -> None:
        self.origins.setdefault(node, (item.path, item.line))

    def org_key(self, org_id: str) -> str:
        org = self.items[org_id]
        return org.get("gss") if org.get("type") == "council" else org_id

    # --- IRIs ------------------------------------------------------------------
    def mint(self) -> None:
        for item_id, item in self.items.items():
            sec = item.section
            if sec == "organisations":
                node = (council_iri(item.get("gss")) if item.get("type") == "council"
                        else iri("org", item_id))
            elif sec == "people":
                node = iri("person", vocab.slug(item.get("name")) if item.get("name") else item_id)
            elif sec == "inspections":
                node = iri("inspection", self.org_key(item.get("subject")), item.get("start"))
            else:
                continue
            self.iris[item_id] = node
        for item_id, item in self.items.items():
            sec = item.section
            if sec == "posts":
                self.iris[item_id] = iri("post", self.org_key(item.get("in")), item.get("role"))
            elif sec in ("findings", "recommendations", "statistics", "events", "causal_links",
                         "comments"):
                kind = {"causal_links": "link", "statistics": "statistic"}.get(sec, sec[:-1])
                self.iris[item_id] = (sec == "statistics" and self.official(item)
                                      or iri(kind, item.source_id, item_id))
        for item_id, item in self.items.items():
            if item.section == "tenures":
                post = self.items[item.get("post")]
                key = [vocab.slug(self.label_of(item.get("holder"))),
                       self.org_key(post.get("in")), post.get("role")]
                self.iris[item_id] = iri("tenure", *key)
        seen: dict[URIRef, Item] = {}
        for item_id, node in self.iris.items():
            prior = seen.get(node)
            item = self.items[item_id]
            if prior is not None and item.section != "tenures":
                hint = ("; define it once and add spans or names elsewhere under 'mentions:'"
                        if item.section in ("organisations", "people") else "")
                self.errors.append(item.error(
                    f"{item.section} {item_id!r} is the same entity as {prior.id!r} ({node}): "
                    f"defined at {prior.path}:{prior.line} and at {item.path}:{item.line}{hint}",
                    "id"))
            elif prior is not None:  # the same person held the same post twice
                self.iris[item_id] = URIRef(f"{node}/{item.get('start') or item_id}")
            seen[node] = item

    def official(self, item: Item) -> URIRef | None:
        """The node of DfE's figure when a statistic cites one: an official workforce
        measure of one council for one year (see :mod:`graph.sources.measures`)."""
        area = self.items.get(item.get("area") or "")
        if area is None or area.get("type") != "council" or not area.get("gss"):
            return None
        return official_statistic_iri(area.get("gss"), str(item.get("period") or ""),
                                      item.get("measure"))

    def label_of(self, item_id: str) -> str:
        item = self.items[item_id]
        return item.get("name") or item.get("label") or item_id

    # --- sections --------------------------------------------------------------
    def emit(self) -> None:
        self.mint()
        if self.errors:
            return
        for record in self.records:
            self.emit_source(record.source, record)
            for cite in record.cites:
                self.emit_source(cite, record)
        for item in self.items.values():
            getattr(self, "emit_" + item.section)(item, self.iris[item.id])
            self.origin(self.iris[item.id], item)
            self.emit_evidence(item, self.iris[item.id])
        for record in self.records:
            for mention in record.mentions:
                node = self.iris[mention.get("entity")]
                for alt in mention.get("alt_labels") or []:
                    self.add(mention, node, SKOS.altLabel, Literal(alt), "alt_labels")
                self.emit_evidence(mention, node)

    def emit_source(self, src: Item, record: Record) -> None:
        node = iri("source", src.id)
        self.origin(node, src)
        g = self.graph(src.id)
        for cls in SOURCE_CLASSES[src.get("kind")]:
            g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(src.get("title"))))
        g.add((node, DCT.title, Literal(src.get("title"))))
        if src.get("publisher"):
            g.add((node, SCHEMA.publisher, self.iris[src.get("publisher")]))
        if src.get("published"):
            g.add((node, IG.published, date_literal(src.get("published"))))
        if src.get("url"):
            g.add((node, SCHEMA.url, URIRef(src.get("url"))))
        for author in src.get("authors") or []:
            g.add((node, SCHEMA.author, self.iris[author]))
            g.add((node, DCT.creator, self.iris[author]))
        for name, pred, dtype in (("sha256", IG.sha256, None), ("length", IG.textLength,
                                                                 XSD.integer),
                                  ("text_file", IG.textFile, None)):
            if src.get(name) is not None:
                g.add((node, pred, Literal(src.get(name), datatype=dtype)))
        if src.section == "cites":
            self.graph(record.source.id).add((iri("source", record.source.id), DCT.references,
                                              node))

    def emit_evidence(self, item: Item, node: URIRef, owner: Item | None = None) -> None:
        for span in item.get("evidence") or []:
            span_node = iri("span", span.source, f"{span.start}-{span.end}")
            self.origins.setdefault(span_node, (item.path, span.line))
            g = self.graph(span.source)
            g.add((span_node, RDF.type, IG.EvidenceSpan))
            g.add((span_node, RDF.type, OA.TextPositionSelector))
            g.add((span_node, IG.inSource, iri("source", span.source)))
            g.add((span_node, OA.start, Literal(span.start, datatype=XSD.integer)))
            g.add((span_node, OA.end, Literal(span.end, datatype=XSD.integer)))
            self.add(owner or item, node, IG.evidence, span_node)
        if item.get("cited"):
            self.add(item, node, IG.citedFrom, iri("source", item.get("cited")))
        for f in item.fields.values():
            if f.cited and f.cited != item.get("cited"):
                self.graph(f.cited).add((node, IG.citedFrom, iri("source", f.cited)))

    def types(self, item: Item, node: URIRef, classes: Iterable[URIRef], label: str) -> None:
        for cls in classes:
            self.add(item, node, RDF.type, cls)
        self.add(item, node, RDFS.label, Literal(label))
        if item.section != "judgements":
            self.add(item, node, DCT.identifier, Literal(item.id))

    def emit_organisations(self, item: Item, node: URIRef) -> None:
        self.types(item, node, ORG_CLASSES[item.get("type")], item.get("label"))
        for alt in item.get("alt_labels") or []:
            self.add(item, node, SKOS.altLabel, Literal(alt))
        if item.get("gss"):
            self.add(item, node, IG.gssCode, Literal(item.get("gss")), "gss")
        if item.get("dfe_code"):
            self.add(item, node, IG.dfeCode, Literal(item.get("dfe_code")), "dfe_code")
        if item.get("url"):
            self.add(item, node, SCHEMA.url, URIRef(item.get("url")), "url")
        if item.get("part_of"):
            parent = self.iris[item.get("part_of")]
            self.add(item, node, ORG.unitOf, parent, "part_of")
            self.add(item, parent, ORG.hasUnit, node, "part_of")
            if item.get("type") == "childrens-services":
                self.add(item, node, IG.childrensServicesOf, parent, "part_of")

    def emit_people(self, item: Item, node: URIRef) -> None:
        self.types(item, node, (IG.Person, FOAF.Person, SCHEMA.Person, PROV.Agent),
                   item.get("name") or item.get("label"))
        if item.get("name"):
            self.add(item, node, FOAF.name, Literal(item.get("name")), "name")

    def emit_posts(self, item: Item, node: URIRef) -> None:
        role = self.concept(item, "role", item.get("role"), "role")
        org = self.items[item.get("in")]
        role_label = self.schemes.value(role, SKOS.prefLabel) or item.get("role")
        label = item.get("label") or f"{role_label}, {org.get('label')}"
        self.types(item, node, (IG.Post, ORG.Post), label)
        self.add(item, node, ORG.postIn, self.iris[org.id])
        self.add(item, self.iris[org.id], ORG.hasPost, node)
        self.add(item, node, IG.role, role)
        self.add(item, node, ORG.role, role)

    def emit_tenures(self, item: Item, node: URIRef) -> None:
        post = self.items[item.get("post")]
        holder = self.label_of(item.get("holder"))
        when = "-".join(x for x in (item.get("start"), item.get("end")) if x)
        post_label = post.get("label") or self.emit_label_of_post(post)
        label = f"{holder} as {post_label}" + (f" ({when})" if when else "")
        self.types(item, node, (IG.Tenure, ORG.Membership), label)
        person, post_node = self.iris[item.get("holder")], self.iris[post.id]
        self.add(item, node, IG.holder, person, "holder")
        self.add(item, node, ORG.member, person, "holder")
        self.add(item, node, IG.post, post_node, "post")
        self.add(item, node, ORG.organization, self.iris[post.get("in")], "post")
        self.add(item, node, ORG.role, scheme_iri("role", post.get("role")), "post")
        self.add(item, person, ORG.holds, post_node, "post")
        for name, pred in (("start", IG.start), ("end", IG.end)):
            if item.get(name):
                self.add(item, node, pred, date_literal(item.get(name)), name)
        self.add(item, node, IG.tenureStatus, scheme_iri("tenure-status", item.get("status")),
                 "status")
        if post.get("role") == "board-chair":
            self.add(item, person, IG.chairOf, self.iris[post.get("in")], "post")

    def emit_label_of_post(self, post: Item) -> str:
        role = scheme_iri("role", post.get("role"))
        role_label = self.schemes.value(role, SKOS.prefLabel) or post.get("role")
        return f"{role_label}, {self.items[post.get('in')].get('label')}"

    def emit_inspections(self, item: Item, node: URIRef) -> None:
        subject = self.items[item.get("subject")]
        inspectorate = self.items[item.get("inspectorate")]
        framework = item.get("framework")
        itype = self.concept(item, "inspection-type", item.get("type"), "type")
        type_label = self.schemes.value(itype, SKOS.prefLabel) or item.get("type")
        label = f"{type_label} of {subject.get('label')}, {item.get('start')}"
        self.types(item, node, (IG.Inspection, PROV.Activity), label)
        self.add(item, node, IG.subject, self.iris[subject.id], "subject")
        self.add(item, node, IG.inspectorate, self.iris[inspectorate.id], "inspectorate")
        self.add(item, node, PROV.wasAssociatedWith, self.iris[inspectorate.id], "inspectorate")
        self.add(item, node, IG.framework, scheme_iri("framework", framework), "framework")
        for partner in item.get("inspectorates") or []:
            if partner != inspectorate.id:
                self.add(item, node, IG.partnerInspectorate, self.iris[partner], "inspectorates")
                self.add(item, node, PROV.wasAssociatedWith, self.iris[partner],
                         "inspectorates")
        for theme in item.get("focus") or []:
            self.add(item, node, IG.visitFocus, self.concept(item, "theme", theme, "focus"),
                     "focus")
        self.add(item, node, IG.inspectionType, itype, "type")
        for name, pred in (("start", IG.fieldworkStart), ("end", IG.fieldworkEnd),
                           ("published", IG.published)):
            if item.get(name):
                self.add(item, node, pred, date_literal(item.get(name)), name)
        if item.get("report_url"):
            self.add(item, node, IG.reportUrl, URIRef(item.get("report_url")), "report_url")
        if item.get("visit_theme"):
            self.add(item, node, IG.visitTheme, Literal(item.get("visit_theme")), "visit_theme")
        if item.get("recommendation_count") is not None:
            self.add(item, node, IG.recommendationCount,
                     Literal(item.get("recommendation_count"), datatype=XSD.integer),
                     "recommendation_count")
        if item.get("previous"):
            self.add(item, node, IG.previousInspection, self.iris[item.get("previous")],
                     "previous")
        if item.get("lead_inspector"):
            self.add(item, node, IG.leadInspector, self.iris[item.get("lead_inspector")],
                     "lead_inspector")
        for judgement in item.get("judgements") or []:
            area = self.concept(judgement, AREA_SCHEME[framework], judgement.get("area"), "area")
            grade = self.concept(judgement, "grade", judgement.get("grade"), "grade")
            jnode = URIRef(str(node).replace("/inspection/", "/judgement/", 1) + "/"
                           + judgement.get("area"))
            area_label = self.schemes.value(area, SKOS.prefLabel) or judgement.get("area")
            grade_label = self.schemes.value(grade, SKOS.prefLabel) or judgement.get("grade")
            judgement.source_id = item.source_id
            self.types(judgement, jnode, (IG.Judgement, PROV.Entity),
                       f"{area_label}: {grade_label} ({subject.get('label')}, "
                       f"{item.get('start')})")
            self.add(item, node, IG.judgement, jnode)
            self.add(judgement, jnode, IG.area, area, "area")
            self.add(judgement, jnode, IG.grade, grade, "grade")
            self.add(judgement, jnode, PROV.wasGeneratedBy, node)
            self.origin(jnode, judgement)
            self.emit_evidence(judgement, jnode)

    def statement(self, item: Item, node: URIRef) -> None:
        if item.get("statement"):
            self.add(item, node, IG.statement, Literal(item.get("statement"), lang="en"),
                     "statement")

    def common(self, item: Item, node: URIRef) -> None:
        self.statement(item, node)
        if item.get("concerns"):
            self.add(item, node, IG.concerns, self.iris[item.get("concerns")], "concerns")
        if item.get("inspection"):
            self.add(item, node, IG.fromInspection, self.iris[item.get("inspection")],
                     "inspection")

    def emit_findings(self, item: Item, node: URIRef) -> None:
        self.types(item, node, (IG.Finding, PROV.Entity), _short(item.get("statement")))
        self.common(item, node)
        for theme in item.get("themes"):
            self.add(item, node, IG.theme, self.concept(item, "theme", theme, "themes"), "themes")
        self.add(item, node, IG.polarity, scheme_iri("polarity", item.get("polarity")),
                 "polarity")

    def emit_recommendations(self, item: Item, node: URIRef) -> None:
        self.types(item, node, (IG.Recommendation, PROV.Entity), _short(item.get("statement")))
        self.common(item, node)
        for theme in item.get("areas") or []:
            concept = self.concept(item, "theme", theme, "areas")
            self.add(item, node, IG.recommendationArea, concept, "areas")
            self.add(item, node, IG.theme, concept, "areas")

    def emit_statistics(self, item: Item, node: URIRef) -> None:
        label = item.get("statement") or f"{item.get('measure')}: {item.get('value')}"
        self.types(item, node, (IG.Statistic, QB.Observation), _short(label))
        self.common(item, node)
        self.add(item, node, IG.measure, Literal(item.get("measure")), "measure")
        # A cited official figure keeps DfE's value as its one ig:value; the source's own
        # number (often rounded) is what it reported.
        official = self.official(item) is not None
        self.add(item, node, IG.reportedValue if official else IG.value,
                 decimal_literal(item.get("value")), "value")
        self.add(item, node, IG.unit, Literal(item.get("unit")), "unit")
        if item.get("as_written"):
            self.add(item, node, IG.asWritten, Literal(item.get("as_written")), "as_written")
        if item.get("population"):
            self.add(item, node, IG.population, Literal(item.get("population"), lang="en"),
                     "population")
        if item.get("period"):
            self.add(item, node, IG.period, date_literal(item.get("period")), "period")
        if item.get("area"):
            self.add(item, node, IG.refArea, self.iris[item.get("area")], "area")

    def emit_events(self, item: Item, node: URIRef) -> None:
        self.types(item, node, (IG.Event, PROV.Activity, SCHEMA.Event),
                   _short(item.get("statement")))
        self.common(item, node)
        self.add(item, node, IG.eventType, self.concept(item, "event-type", item.get("type"),
                                                        "type"), "type")
        if item.get("date"):
            self.add(item, node, IG.date, date_literal(item.get("date")), "date")
        if item.get("agent"):
            self.add(item, node, IG.agent, self.iris[item.get("agent")], "agent")

    def emit_causal_links(self, item: Item, node: URIRef) -> None:
        cause, effect = self.iris[item.get("cause")], self.iris[item.get("effect")]
        label = (f"{_short(self.items[item.get('cause')].get('statement'), 40)} -> "
                 f"{_short(self.items[item.get('effect')].get('statement'), 40)}")
        self.types(item, node, (IG.CausalLink, PROV.Entity), label)
        self.statement(item, node)
        self.add(item, node, IG.cause, cause, "cause")
        self.add(item, node, IG.effect, effect, "effect")
        self.add(item, node, IG.claimedBy, iri("source", item.source_id))
        self.add(item, cause, IG.contributesTo, effect)

    def emit_comments(self, item: Item, node: URIRef) -> None:
        when = item.get("published")
        label = f"Comment by {item.get('author')}" + (f", {when}" if when else "")
        self.types(item, node, (IG.SourceDocument, IG.ReaderComment, SCHEMA.Comment), label)
        self.add(item, node, IG.author, Literal(item.get("author")), "author")
        if when:
            self.add(item, node, IG.published, date_literal(when), "published")
        self.add(item, node, IG.commentOn, iri("source", item.source_id))
        if item.get("reply_to"):
            self.add(item, node, IG.replyTo, self.iris[item.get("reply_to")], "reply_to")
            self.add(item, node, SCHEMA.parentItem, self.iris[item.get("reply_to")], "reply_to")
        for theme in item.get("themes") or []:
            self.add(item, node, IG.theme, self.concept(item, "theme", theme, "themes"), "themes")


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def build_dataset(records: list[Record], *, texts: SourceTexts | str | Path | None = None,
                  validate: bool = True) -> Dataset:
    """Build the RDF dataset of ``records`` (see :func:`build` for the details)."""
    return build(records, texts=texts, validate=validate).dataset


def build(records: list[Record], *, texts: SourceTexts | str | Path | None = None,
          validate: bool = True) -> BuildResult:
    """Check ``records`` and build their dataset.

    Parameters
    ----------
    records : list of Record
        Parsed records (:func:`graph.records.read_records`).
    texts : SourceTexts or folder, optional
        Where the source texts are; spans and hashes are checked against them.
    validate : bool or "alongside"
        Run the SHACL shapes of ``ontology/shapes.ttl`` (default True). ``"alongside"``
        starts them in a child process (:class:`graph.build.shapes.ShapesCheck`) and
        returns at once: call :meth:`BuildResult.finish_validation` before using the
        result for anything lasting.

    Returns
    -------
    BuildResult

    Raises
    ------
    RecordErrors
        Unknown concepts, clashing keys, spans outside their source.
    ValidationError
        SHACL violations, each naming the record file and line of its focus node.
    """
    if not isinstance(texts, SourceTexts):
        texts = SourceTexts(texts)
    checked = check_evidence(records, texts)
    schemes = vocab.load_schemes()
    emitter = _Emitter(records, schemes)
    emitter.emit()
    if emitter.errors:
        raise RecordErrors(emitter.errors)
    ds = emitter.ds
    ontology = ds.graph(vocab.ONTOLOGY_GRAPH)
    for triple in vocab.load_ontology():
        ontology.add(triple)
    drafts = [(item.path, item.line, f"{item.section} {item.get('entity') or item.id}")
              for record in records for item in record.drafts()]
    result = BuildResult(ds, emitter.origins, checked, drafts)
    if validate == "alongside":
        from graph.build.shapes import ShapesCheck

        result.shapes_check = ShapesCheck(ds, emitter.origins)
    elif validate:
        from graph.build.shapes import check_shapes

        violations = check_shapes(ds, emitter.origins)
        if violations:
            raise ValidationError(violations)
    return result


def build_records(folder: str | Path | None = None, **kwargs) -> BuildResult:
    """Read the records of ``folder`` (the bundled ones by default) and build them."""
    return build(read_records(folder) if folder is not None else read_records(), **kwargs)
