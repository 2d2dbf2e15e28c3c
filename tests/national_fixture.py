"""A fictional national import for the views' tests, in the project's model.

Councils with an Ofsted region and graded inspections are added, in a named
graph that describes itself as an import (``prov:wasDerivedFrom``), to a graph
that already holds the curated records. The three curated councils get a
region and a newer graded inspection too, so the national view holds them. The
generator returns what each council's latest overall grade and region are,
from its own bookkeeping, for the tests to compare the pages against.
"""

from __future__ import annotations

import random

REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West"]
GRADES = [("outstanding", "Outstanding"), ("good", "Good"),
          ("requires-improvement", "Requires improvement to be good"),
          ("inadequate", "Inadequate")]
CURATED = ["E10000032", "E10000017", "E06000023"]
GRAPH_ID = "fixture-national"


def add_national(kg, councils: int = 157, seed: int = 11, crowded_statistics: int = 230):
    """Add the fictional national import to ``kg``'s store.

    Returns
    -------
    dict
        ``councils``: council IRI -> (region, latest grade label, label or None);
        ``former``: the IRI of a former council (left out of the national view);
        ``crowded``: a council with ``crowded_statistics`` statistics (its ego view is cut).
    """
    from rdflib import RDF, RDFS, Graph, Literal

    from graph.build.dataset import date_literal, decimal_literal
    from graph.build.identity import InspectionIndex
    from graph.vocab import IG, PROV, council_iri, graph_iri, iri, scheme_iri

    rng = random.Random(seed)
    g = Graph()
    name = graph_iri(GRAPH_ID)
    source = iri("source", GRAPH_ID)
    g.add((name, PROV.wasDerivedFrom, source))
    g.add((source, RDF.type, IG.Dataset))
    g.add((source, RDF.type, IG.SourceDocument))
    g.add((source, RDFS.label, Literal("Fictional inspection outcomes for tests")))
    index = InspectionIndex.from_store(kg.store)
    expected: dict[str, tuple[str, str, str | None]] = {}
    codes = CURATED + [f"E0{9_000_000 + i}" for i in range(councils - len(CURATED))]
    for i, gss in enumerate(codes):
        council = council_iri(gss)
        region = REGIONS[i % len(REGIONS)]
        label = None if gss in CURATED else f"Fictional Borough {i:03d}"
        g.add((council, RDF.type, IG.Council))
        if label:
            g.add((council, RDFS.label, Literal(label)))
            g.add((council, IG.gssCode, Literal(gss)))
        g.add((council, IG.ofstedRegion, Literal(region)))
        grade, grade_label = GRADES[rng.randrange(len(GRADES))]
        start = f"2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        inspection = index.resolve(gss, start, framework="ilacs", type="standard")
        judgement = iri("judgement", gss, start, "overall-effectiveness")
        g.add((inspection, RDF.type, IG.Inspection))
        g.add((inspection, RDFS.label, Literal(f"Inspection of {label or gss}, {start}")))
        g.add((inspection, IG.subject, council))
        g.add((inspection, IG.fieldworkStart, date_literal(start)))
        g.add((inspection, IG.framework, scheme_iri("framework", "ilacs")))
        g.add((inspection, IG.judgement, judgement))
        g.add((judgement, RDF.type, IG.Judgement))
        g.add((judgement, IG.area, scheme_iri("ilacs-area", "overall-effectiveness")))
        g.add((judgement, IG.grade, scheme_iri("grade", grade)))
        expected[str(council)] = (region, grade_label, label)
    former = council_iri("E0" + str(9_999_999))
    g.add((former, RDF.type, IG.Council))
    g.add((former, RDFS.label, Literal("Fictional Former Council")))
    g.add((former, IG.ofstedRegion, Literal(REGIONS[0])))
    g.add((former, IG.councilStatus, Literal("former")))
    crowded = council_iri(codes[len(CURATED)])
    for k in range(crowded_statistics):
        stat = iri("statistic", GRAPH_ID, codes[len(CURATED)], str(k))
        g.add((stat, RDF.type, IG.Statistic))
        g.add((stat, RDFS.label, Literal(f"Fictional figure {k}")))
        g.add((stat, IG.measure, Literal("fictional-measure")))
        g.add((stat, IG.value, decimal_literal(k)))
        g.add((stat, IG.refArea, crowded))
    kg.store.replace_graph(name, g)
    return {"councils": expected, "former": str(former), "crowded": str(crowded)}
