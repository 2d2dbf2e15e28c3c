"""The ontology, the concept schemes and the shapes are complete and consistent."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS

from graph import vocab

ROOT = Path(__file__).resolve().parent.parent


def test_every_term_has_a_label_and_a_comment():
    g = Graph().parse(vocab.ontology_dir() / "inspection-graph.ttl")
    terms = {s for s in g.subjects(RDF.type, None)
             if str(s).startswith(str(vocab.IG))}
    assert len(terms) > 60
    for term in terms:
        assert g.value(term, RDFS.label), term
        assert g.value(term, RDFS.comment), term


def test_every_ig_term_the_code_uses_is_defined():
    g = Graph().parse(vocab.ontology_dir() / "inspection-graph.ttl")
    defined = {str(s)[len(str(vocab.IG)):] for s in g.subjects()
               if str(s).startswith(str(vocab.IG))}
    used = set()
    for path in (ROOT / "graph").rglob("*.py"):
        used |= set(re.findall(r"\bIG\.([A-Za-z0-9]+)", path.read_text(encoding="utf-8")))
    assert used and used <= defined, sorted(used - defined)


def test_every_term_in_the_model_doc_is_defined():
    g = Graph().parse(vocab.ontology_dir() / "inspection-graph.ttl")
    defined = {str(s)[len(str(vocab.IG)):] for s in g.subjects()
               if str(s).startswith(str(vocab.IG))}
    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"`ig:([A-Za-z]+)`", doc))
    assert mentioned <= defined, sorted(mentioned - defined)


def test_grades_are_ordered_and_schemes_complete():
    schemes = vocab.load_schemes()
    ranks = {str(c).rsplit("/", 1)[-1]: int(r)
             for c, r in schemes.subject_objects(vocab.IG.gradeRank)}
    assert ranks == {"outstanding": 1, "good": 2, "requires-improvement": 3, "inadequate": 4}
    for concept in schemes.subjects(RDF.type, SKOS.Concept):
        scheme = schemes.value(concept, SKOS.inScheme)
        assert scheme is not None and str(concept).startswith(str(scheme) + "/"), concept
        label = schemes.value(concept, SKOS.prefLabel)
        assert isinstance(label, Literal) and label.language == "en", concept
    ilacs = {str(c).rsplit("/", 1)[-1] for c in
             schemes.subjects(SKOS.inScheme, vocab.scheme_iri("ilacs-area"))}
    assert {"children-in-care-and-care-leavers", "children-in-care", "care-leavers"} <= ilacs


def test_ontology_declares_itself():
    g = Graph().parse(vocab.ontology_dir() / "inspection-graph.ttl")
    assert list(g.subjects(RDF.type, OWL.Ontology))


def test_shapes_parse_and_target_the_core_classes():
    shapes = vocab.load_shapes()
    sh = vocab.SH
    targets = {str(o).rsplit("#", 1)[-1] for o in shapes.objects(None, sh.targetClass)}
    for cls in ("Inspection", "Judgement", "Finding", "Tenure", "EvidenceSpan", "Council",
                "Statistic", "CausalLink"):
        assert cls in targets, cls
