"""Report passages people can read, search and compare: on the shared Ofsted reports.

One Oxigraph store (with its text index) holds the outcomes import and the reports of a
few councils; the tests read it. No report text is in the repository: every expected
word below is a short phrase checked against the reports in ../shared.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import need_shared

from graph.sources.reports.reading import read_report

FOLDERS = ["80578_west sussex", "80480_lancashire", "80485_liverpool", "80486_barking and dagenham",
           "80508_lewisham", "80535_oldham"]
OGL = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def _report(folder: str, date: str) -> Path:
    return need_shared("data", "ofsted-reports", folder,
                       f"children's services inspection - {date}.pdf")


@pytest.fixture(scope="module")
def world():
    import graph
    from graph.sources.national import import_file
    from graph.sources.reports.rdf import import_reports
    from graph.store import OxigraphStore

    store = OxigraphStore()
    import_file(store, "ofsted", need_shared("data", "dfe", "csv"))
    batch = import_reports(store, [need_shared("data", "ofsted-reports", f) for f in FOLDERS])
    assert not batch.failed, batch.summary()
    return graph.InspectionGraph(store), batch


def _count(kg, where: str) -> int:
    return int(kg.query(f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ {where} }}").rows[0][0])


def test_search_finds_report_passages_by_their_words_in_the_index_and_the_query(world):
    from graph.queries.library import get_query
    from graph.sparql.text import prefixed
    from graph.store.derived import text_index

    kg, _ = world
    found = kg.query_named("search", text="return home interview")
    passages = {str(r[0]) for r in found.rows if "/finding/ofsted-report-" in str(r[0])}
    assert len(passages) >= 3
    assert all(str(r[1]).endswith("statement") or str(r[1]).endswith("label")
               for r in found.rows if str(r[0]) in passages)
    # the text index and the named query's SPARQL give the same rows
    assert text_index(kg.store) is not None
    query = get_query("search")
    sparql = kg.store.query(prefixed(query.sparql),
                            bindings=query.bindings(text="return home interview"))
    assert sorted(map(tuple, sparql.rows)) == sorted(map(tuple, found.rows))


def test_every_passage_has_readable_text_an_inspection_and_an_area(world):
    kg, batch = world
    total = _count(kg, "?p a ig:ReportPassage")
    assert total == sum(r.passages for r in batch.imported) > 1000
    assert _count(kg, "?p a ig:ReportPassage ; ig:statement ?s ; rdfs:label ?l ; "
                      "ig:fromInspection ?i ; ig:judgementArea ?a . ?i a ig:Inspection . "
                      "FILTER(STRSTARTS(STR(?a), STR(ilacs:)) || STRSTARTS(STR(?a), STR(sif:))) "
                      "FILTER(STRLEN(?s) >= 40 && STRLEN(?l) <= 124 && STRLEN(?l) >= 10)") == total
    # no placeholder statement or label is left
    assert _count(kg, "?p a ig:ReportPassage ; ig:statement|rdfs:label ?s . "
                      "FILTER(CONTAINS(?s, 'machine-classified') || "
                      "STRSTARTS(?s, 'Weakness in paragraph') || CONTAINS(?s, ' paragraph '))"
                  ) < total / 100
    # the areas are those of the report's framework: SIF passages in SIF areas
    assert _count(kg, "?p a ig:ReportPassage ; ig:judgementArea ?a ; ig:fromInspection ?i . "
                      "?i ig:framework framework:sif . "
                      "FILTER(!STRSTARTS(STR(?a), STR(sif:)))") == 0
    areas = {str(r[0]).rsplit("/", 1)[-1] for r in kg.query(
        "SELECT DISTINCT ?a WHERE { ?p a ig:ReportPassage ; ig:judgementArea ?a }").rows}
    assert {"help-and-protection", "impact-of-leaders", "lscb-review", "adoption",
            "looked-after-and-permanence", "care-leavers"} <= areas


def test_the_licence_and_attribution_are_on_every_report_source(world):
    kg, batch = world
    sources = _count(kg, "?p a ig:InspectionReport")
    assert sources == len(batch.imported)
    assert _count(kg, f"?p a ig:InspectionReport ; dct:license <{OGL}> ; "
                      "dct:rightsHolder ?o ; schema:creditText ?c . ?o rdfs:label 'Ofsted' . "
                      "FILTER(CONTAINS(?c, 'Crown copyright, Ofsted, 20') && "
                      "CONTAINS(?c, 'Open Government Licence v3.0'))") == sources


def test_show_gives_the_text_and_evidence_still_reads_the_pdf(world):
    import graph

    kg, batch = world
    report = next(r for r in batch.imported if r.start == "2019-02-25")
    passage = f"https://w3id.org/inspection-graph/id/finding/{report.source_id}/passage-005"
    entity = kg.entity(passage)
    text = entity.values("ig:statement")[0]
    assert len(text) > 100 and entity.label == text[:len(entity.label)].strip() or \
        entity.label.endswith("...")
    read = graph.InspectionGraph(kg.store, sources=need_shared("data", "ofsted-reports")
                                 ).evidence(passage)
    assert " ".join(" ".join(p.text.split()) for p in read).startswith(text[:60])


def test_report_findings_answers_agency_staff_in_the_north_west(world):
    kg, _ = world
    rows = kg.query_named("report-findings", text="agency", region="North West").to_dicts()
    assert rows and {r["name"] for r in rows} <= {"Lancashire", "Liverpool", "Oldham"}
    assert all("agency" in r["statement"].lower() for r in rows)
    assert all(r["credit"].startswith("© Crown copyright, Ofsted") for r in rows)
    weak = kg.query_named("report-findings", text="agency", region="North West",
                          polarity="weakness", area="help-and-protection").to_dicts()
    assert weak and len(weak) < len(rows)
    assert {(r["kind"], r["judgementArea"]) for r in weak} == {("weakness",
                                                                 "help-and-protection")}
    elsewhere = kg.query_named("report-findings", text="agency", region="London").to_dicts()
    assert {r["name"] for r in elsewhere} <= {"Barking and Dagenham", "Lewisham"}


def test_recommendations_one_item_each_with_sub_headings_and_sub_bullets():
    # a judgement heading after the list ends it ("... help and protection: good")
    lewisham = read_report(_report("80508_lewisham", "31 january 2024"))
    assert len(lewisham.recommendations) == 4
    # sub-bullets stay inside their parent item
    wight = read_report(_report("80419_isle of wight", "15 december 2023"))
    assert len(wight.recommendations) == 4
    assert "private fostering" in wight.recommendations[2].text
    manchester = read_report(_report("80521_manchester", "19 may 2022"))
    assert len(manchester.recommendations) == 4
    assert "disabled children" in manchester.recommendations[0].text
    # topic sub-headings inside a SIF list neither end it nor become items
    surrey = read_report(_report("80567_surrey", "03 june 2015"))
    numbers = [r.text for r in surrey.recommendations]
    assert len(numbers) == 25  # 11 priority actions and 14 areas, as the answer key counts
    assert not any(t in ("Training", "Leadership, management and governance") for t in numbers)
    # the heading after a block of other text still opens the list
    lambeth = read_report(_report("80506_lambeth", "09 may 2018"))
    assert len(lambeth.recommendations) == 12
    # a 2013 list: "the local authority should take the following action" is no item
    norfolk = read_report(need_shared(
        "data", "ofsted-reports", "80418_norfolk",
        "children's services inspection,  pdf - 16 august 2013.pdf"))
    assert len(norfolk.recommendations) == 17
    assert all(r.text[:1].islower() for r in norfolk.recommendations)


def test_recommendation_text_is_stored_and_repeats_are_listed(world):
    kg, _ = world
    assert _count(kg, "?p a ig:Recommendation ; ig:statement ?s ; rdfs:label ?l ; "
                      "ig:fromInspection ?i . FILTER(CONTAINS(?s, 'Recommendation ')) ") == 0
    rows = kg.query_named("repeated-recommendations", council="E10000032").to_dicts()
    assert rows
    pairs = {(r["start"], r["earlierStart"]) for r in rows}
    assert pairs <= {("2023-03-13", "2019-02-25"), ("2019-02-25", "2015-10-26")}
    homeless = [r for r in rows if "homeless" in r["text"]]
    assert homeless and "homeless" in homeless[0]["earlierText"]
    assert all(0.2 <= float(r["similarity"]) <= 1 for r in rows)
    everyone = kg.query_named("repeated-recommendations").to_dicts()
    assert len(everyone) > len(rows)
    assert {r["name"] for r in everyone} > {"West Sussex County Council"} or \
        len({r["name"] for r in everyone}) > 1


def test_a_table_broken_by_a_page_is_read_whole(world):
    kg, batch = world
    # Oldham 2015 prints two rows of its table at the top of page 2, after a footnote; the
    # uncertain reads of tables that cannot be confirmed are tested on small pages in
    # test_report_layouts.py (no shared report has one)
    report = next(r for r in batch.imported if "oldham" in r.path and r.start.startswith("2015"))
    assert not any(w.startswith("uncertain read: ") for w in report.warnings)
    written = {str(a).rsplit("/", 1)[-1]: str(g).rsplit("/", 1)[-1] for a, g in kg.query(
        "SELECT ?a ?x WHERE { GRAPH ?g { ?j ig:area ?a ; ig:grade ?x } }", g=report.graph).rows}
    assert written["care-leavers"] == "requires-improvement"
    assert written["leadership-management-governance"] == "requires-improvement"


def _read_and_build(path: str):
    """A report's passages as the graph holds them: (node, statement, label, inspection,
    area) per passage, or the reason the file is refused."""
    from rdflib import RDFS

    from graph.build.identity import InspectionIndex
    from graph.errors import InspectionGraphError
    from graph.sources.reports.rdf import report_triples
    from graph.store import MemoryStore
    from graph.vocab import IG

    try:
        facts = read_report(path)
    except InspectionGraphError as exc:
        return path, str(exc), [], (0, 0, 0)
    _, triples, _ = report_triples(facts, InspectionIndex.from_store(MemoryStore()))
    nodes: dict = {}
    for s, p, o in triples:
        if "/finding/" in str(s) and p in (IG.statement, RDFS.label, IG.fromInspection,
                                           IG.judgementArea, IG.polarity):
            nodes.setdefault(str(s), {})[str(p).rsplit("#", 1)[-1]] = str(o)
    inspections = {str(s) for s, p, o in triples if str(o).endswith("def#Inspection")}
    return path, None, [(n, v, inspections) for n, v in nodes.items()], _furniture(facts)


def _furniture(facts) -> tuple[int, int, int]:
    """(passages, passages holding a line printed on many pages, passages starting in lower
    case) of a report. A line is counted as printed on many pages, whatever its numbers,
    when it is on three pages and two fifths of them (anywhere on the page, longer than 15
    characters): the reader's own rule looks only at the first and last lines of pages."""
    import re
    from collections import Counter

    from graph.sources.reports.reading import read_pages

    pages = read_pages(facts.path)
    seen: Counter = Counter()
    for page in pages:
        seen.update({re.sub(r"\d+", "#", " ".join(ln.split())) for ln in page.split("\n")
                     if ln.strip()})
    repeated = {k for k, n in seen.items() if n >= max(3, 0.4 * len(pages)) and len(k) > 15}
    texts = [re.sub(r"\d+", "#", p.text) for p in facts.passages]
    return (len(texts), sum(1 for t in texts if any(r in t for r in repeated)),
            sum(1 for p in facts.passages if p.text[:1].islower()))


def test_every_passage_of_every_shared_report_is_whole_sentences_with_an_inspection_and_area():
    import multiprocessing
    import os

    from graph.sources.reports.rdf import expand_paths

    files, _ = expand_paths([need_shared("data", "ofsted-reports")])
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        results = pool.map(_read_and_build, [str(f) for f in files])
    refused = [(p, why) for p, why, _, _ in results if why]
    # the two web pages saved under a .pdf name, and one more file that is not a report
    assert len(refused) <= 3 and all("not a PDF" in why or "not an Ofsted" in why
                                     for _, why in refused), refused
    passages = [(n, v, i) for _, _, found, _ in results for n, v, i in found]
    # 19,821 when written (20,999 before the method, the area's figures and the publishing
    # notices at the back of SIF reports were left out)
    assert len(passages) > 19000
    # none of those is a passage (phrases checked against the shared reports)
    notices = ("publication is available at", "non-commercial educational purposes",
               "regular email alerts", "inspection team consisted of",
               "was carried out under section", "inspectors have looked closely at")
    leaked = [n for n, v, _ in passages if any(w in v["statement"].lower() for w in notices)]
    assert not leaked, leaked[:5]
    # a polarity only where the wording leans one way: 2,966 of 19,821 have none when written
    polarities = Counter(v.get("polarity", "").rsplit("/", 1)[-1] for _, v, _ in passages)
    assert set(polarities) == {"strength", "weakness", ""}, polarities
    assert 0.05 < polarities[""] / len(passages) < 0.3, polarities
    for node, values, inspections in passages:
        assert len(values.get("statement", "")) >= 40, node
        assert 10 <= len(values.get("label", "")) <= 124, node
        assert values.get("fromInspection") in inspections, node
        area = values.get("judgementArea", "")
        assert "/scheme/ilacs-area/" in area or "/scheme/sif-area/" in area, node
    # whole sentences: no running header or footer inside a passage, hardly any passage
    # starting mid-sentence (0 and 10 of 20,999 when written; 159 and 155 of 21,343 before
    # the reader left out running lines and joined paragraphs broken by a page)
    total, furniture, lower = (sum(r[3][k] for r in results) for k in range(3))
    assert total == len(passages)
    assert furniture <= total / 4000, furniture
    assert lower <= total / 1000, lower


@pytest.mark.browser
def test_the_query_page_shows_the_text_of_passages_in_an_answer(world, offline_page):
    import threading

    from graph.server.endpoint import make_server

    kg, _ = world
    server = make_server(kg.store, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page = offline_page
        page.allow_loopback = True
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.select_option("#query", "")  # your own query: passages by IRI only
        page.fill("#sparql", "SELECT ?passage WHERE { ?passage a ig:ReportPassage ; "
                             "ig:position 5 } ORDER BY ?passage LIMIT 4")
        page.click("#run")
        page.wait_for_selector("#results tbody td .passage")
        texts = page.locator("#results tbody td .passage").all_inner_texts()
        assert len(texts) == 4 and all(len(t) >= 40 for t in texts)
        statements = {str(r[0]) for r in kg.query(
            "SELECT ?s WHERE { ?p a ig:ReportPassage ; ig:position 5 ; ig:statement ?s }").rows}
        assert set(texts) <= statements
        assert page.external_requests == []
    finally:
        server.shutdown()
        server.server_close()
