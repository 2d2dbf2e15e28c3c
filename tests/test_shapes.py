"""Each SHACL rule fires on data that breaks it, and only then."""

from __future__ import annotations

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import XSD

from graph.build.dataset import build
from graph.build.shapes import check_shapes
from graph.sources.records import read_records
from graph.vocab import ID, IG, OA, SCHEME

INSPECTION = ID["inspection/E06009999/2022-05"]
JUDGEMENT = ID["judgement/E06009999/2022-05/overall-effectiveness"]
SPAN = ID["span/mini-news/697-787"]
TENURE = ID["tenure/priya-hollins/E10009998/director-of-childrens-services"]
LINK = ID["link/mini-news/mini-recruitment-to-stability"]


@pytest.fixture()
def built(mini_records):
    return build(read_records(mini_records), validate=False)


def graph_of(result):
    return result.dataset.graph(URIRef("https://w3id.org/inspection-graph/graph/mini-news"))


def test_fixture_conforms(built):
    assert check_shapes(built.dataset, built.origins) == []


def integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


BREAKS = {
    "fieldwork": ([(INSPECTION, IG.fieldworkEnd, Literal("2021", datatype=XSD.gYear))],
                  "fieldwork start (2022-05) must not be later than its fieldwork end (2021)"),
    "duplicate area": ([(INSPECTION, IG.judgement, ID["judgement/x"]),
                        (ID["judgement/x"], IG.area, SCHEME["ilacs-area/overall-effectiveness"]),
                        (ID["judgement/x"], IG.grade, SCHEME["grade/good"]),
                        (ID["judgement/x"], RDF.type, IG.Judgement)],
                       "has more than one judgement for area"),
    "framework area": ([(JUDGEMENT, IG.area, SCHEME["sif-area/adoption"])],
                       "is not from the area scheme of its inspection's framework"),
    "causal ends": ([(LINK, IG.effect, ID["event/mini-news/mini-recruitment-2020"])],
                    "cause and effect must be different"),
    "tenure order": ([(TENURE, IG.start, Literal("2021", datatype=XSD.gYear)),
                      (TENURE, IG.end, Literal("2019-05", datatype=XSD.gYearMonth))],
                     "A tenure's start (2021) must not be later than its end (2019-05)"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_rule_fires(built, name):
    triples, expected = BREAKS[name]
    g = graph_of(built)
    for s, p, o in triples:
        if name == "causal ends":
            g.remove((LINK, IG.effect, None))
        if name == "framework area":
            g.remove((JUDGEMENT, IG.area, None))
        g.add((s, p, o))
    messages = check_shapes(built.dataset, built.origins)
    assert any(expected in m for m in messages), messages


def test_span_rules_fire(built):
    g = graph_of(built)
    g.remove((SPAN, OA.start, None))
    g.add((SPAN, OA.start, integer(800)))
    g.remove((SPAN, OA.end, None))
    g.add((SPAN, OA.end, integer(790)))
    messages = check_shapes(built.dataset, built.origins)
    assert any("start (800) must be less than its end (790)" in m for m in messages), messages
    assert any("ends at 790, past the end of its source's text (788 characters)" in m
               for m in messages), messages
    assert any(m.startswith(built.origins[SPAN][0]) for m in messages)


def test_a_finding_needs_a_polarity_unless_it_is_a_report_passage(built):
    g = graph_of(built)
    finding = next(g.subjects(RDF.type, IG.Finding))
    g.remove((finding, IG.polarity, None))
    messages = check_shapes(built.dataset, built.origins)
    assert any("must have a polarity, unless it is a report passage" in m for m in messages), \
        messages
    g.add((finding, RDF.type, IG.ReportPassage))
    assert check_shapes(built.dataset, built.origins) == []
