"""Reading Ofsted's inspection reports (PDF) and importing them: fixtures and the real reports."""

from __future__ import annotations

import csv
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import need_shared
from rdflib import Literal, URIRef
from report_fixtures import lay_out, report_pages, write_pdf, write_report

from graph.errors import EvidenceError, ReportError
from graph.sources.reports.rdf import import_reports
from graph.sources.reports.reading import read_report
from graph.store import MemoryStore
from graph.vocab import IG, iri

NORTHMOOR = "E99000001"


@pytest.fixture(scope="module")
def fixture_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports") / "99001_northmoor"
    write_report(folder)
    return folder


@pytest.fixture(scope="module")
def facts(fixture_dir):
    return read_report(fixture_dir / "northmoor - 05 may 2022.pdf")


def _text(facts, span) -> str:
    from graph.sources.reports.pdftext import extract_pages

    return extract_pages(facts.path)[span.page - 1][span.start:span.end]


# --- reading one report --------------------------------------------------------------------
def test_fixture_report_is_recognised(facts):
    assert (facts.framework, facts.type, facts.gss) == ("ilacs", "standard", NORTHMOOR)
    assert (facts.start, facts.end) == ("2022-03-07", "2022-03-18")
    assert (facts.published, facts.published_from) == ("2022-05-05", "file name")
    assert [name for name, _ in facts.lead_inspectors] == ["Ada Quill"]
    assert _text(facts, facts.lead_inspectors[0][1]) == "Ada Quill"
    assert facts.warnings == []


def test_judgement_table_with_the_2023_split(facts):
    grades = {j.area: j.grade for j in facts.judgements}
    assert grades == {"impact-of-leaders": "good", "help-and-protection": "requires-improvement",
                      "children-in-care": "good", "care-leavers": "inadequate",
                      "overall-effectiveness": "requires-improvement"}
    row = _text(facts, next(j.span for j in facts.judgements if j.area == "care-leavers"))
    assert row.startswith("The experiences and progress of care") and "Inadequate" in row


def test_recommendations_and_passages_have_evidence(facts):
    recs = [_text(facts, r.spans[0]) for r in facts.recommendations]
    assert len(recs) == 3
    assert recs[0].startswith("The timeliness of pathway plans")
    assert recs[2] == "Supervision of frontline managers by senior leaders."
    assert "supervision" in facts.recommendations[2].themes
    texts = [_text(facts, p.spans[0]) for p in facts.passages]
    assert len(texts) == 5
    assert texts[2].startswith("Families who ask for early help")  # the number is left out
    polarity = {t.split()[0]: p.polarity for t, p in zip(texts, facts.passages, strict=True)}
    assert polarity["Families"] == "strength" and polarity["Child"] == "weakness"
    assert polarity["Foster"] == "strength" and polarity["Young"] == "weakness"
    assert all(p.themes and 0 < p.confidence <= 1 for p in facts.passages)
    assert "foster-care" in facts.passages[4].themes


def test_one_week_of_fieldwork_is_a_short_inspection(tmp_path):
    path = write_report(tmp_path, dates="7 to 11 March 2022")
    assert read_report(path).type == "short"


def test_council_resolved_by_folder_urn_and_name_variants(tmp_path):
    from graph.sources.council_names import CouncilNames

    names = CouncilNames.bundled()
    assert names.resolve("West Sussex County Council").gss == "E10000032"
    assert names.resolve("Inspection of Kent County Council").gss == "E10000016"
    assert names.resolve("Medway Children's Services").gss == "E06000035"
    assert names.resolve("Nowhere at all") is None
    assert names.resolve("Nowhere", folder="80578_west sussex").gss == "E10000032"
    # without a lookup CSV the fictional council is unknown: a clear error naming the file
    path = write_report(tmp_path / "x", lookup=False)
    with pytest.raises(ReportError, match=r"northmoor - 05 may 2022\.pdf: council 'Northmoor'"):
        read_report(path)


# --- bad input -------------------------------------------------------------------------------
def _bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "page - 01 june 2020.pdf"
    html.write_text("<!DOCTYPE html><html><body>Report not found</body></html>")
    good = write_report(folder / "good")
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(good.read_bytes()[:300])
    scan = write_pdf(folder / "scan.pdf", report_pages(), text_layer=False)
    other = write_pdf(folder / "minutes.pdf", [lay_out([
        "Minutes of the parish council meeting held on a wet Tuesday in March.",
        "Apologies were received from the treasurer, who was unwell.",
        "The council discussed the village hall roof, the hedges and the bus shelter,",
        "and agreed to ask for three quotes for the roof before the next meeting.",
        "The chair thanked the volunteers who cleared the pond in February."])])
    return {"html": html, "corrupt": corrupt, "scan": scan, "other": other, "good": good}


@pytest.mark.parametrize("kind,message", [
    ("html", "not a PDF file (it is an HTML page)"),
    ("corrupt", "corrupt or unreadable PDF"),
    ("scan", "has no text layer"),
    ("other", "not an Ofsted children's services inspection report"),
])
def test_bad_files_give_one_clear_error_naming_the_file(tmp_path, kind, message):
    path = _bad_files(tmp_path)[kind]
    with pytest.raises(ReportError) as info:
        read_report(path)
    assert str(info.value).startswith(str(path) + ": ")
    assert message in str(info.value)


def test_a_batch_goes_on_past_bad_files_and_imports_nothing_of_them(tmp_path):
    files = _bad_files(tmp_path)
    store = MemoryStore()
    batch = import_reports(store, [tmp_path, tmp_path / "missing.pdf"], workers=2)
    assert [Path(r.path).name for r in batch.imported] == ["northmoor - 05 may 2022.pdf"]
    failed = {Path(p).name for p, _ in batch.failed}
    assert failed == {"page - 01 june 2020.pdf", "corrupt.pdf", "scan.pdf", "minutes.pdf",
                      "missing.pdf"}
    assert not batch.ok
    names = [str(g).rsplit("/", 1)[-1] for g in store.graph_names()]
    assert names == ["derived", f"ofsted-report-{NORTHMOOR}-2022-05-05"]
    summary = batch.summary().splitlines()
    assert summary[-1].startswith("1 imported, 5 failed")
    assert any(line.startswith("FAIL  ") and str(files["scan"]) in line for line in summary)


# --- into the graph ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def imported(fixture_dir):
    store = MemoryStore()
    batch = import_reports(store, [fixture_dir])
    assert batch.ok, batch.summary()
    return store, batch


def test_import_builds_one_named_graph_with_inspection_judgements_and_people(imported):
    import graph

    store, batch = imported
    kg = graph.InspectionGraph(store)
    inspection = f"https://w3id.org/inspection-graph/id/inspection/{NORTHMOOR}/2022-03-07"
    assert batch.imported[0].inspection == inspection
    rows = kg.query("""SELECT ?area ?grade WHERE { ?i ig:judgement ?j .
        ?j ig:area ?a ; ig:grade ?g .
        BIND(STRAFTER(STR(?a), "ilacs-area/") AS ?area) BIND(STRAFTER(STR(?g), "grade/") AS ?grade)
        } ORDER BY ?area""",
                    i=inspection).to_dicts()
    assert {r["area"]: r["grade"] for r in rows}["care-leavers"] == "inadequate"
    assert len(rows) == 5
    lead = kg.query("""SELECT ?name ?role WHERE { ?i ig:leadInspector ?p . ?p foaf:name ?name .
        ?t ig:holder ?p ; ig:post ?post . ?post ig:role ?role ; org:postIn ?o .
        ?o rdfs:label "Ofsted" }""", i=inspection).to_dicts()
    assert lead == [{"name": "Ada Quill", "role": "https://w3id.org/inspection-graph/scheme/"
                                                  "role/lead-inspector"}]
    counts = kg.query("""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a ig:ReportPassage ;
        ig:machineClassified true ; ig:confidence ?c ; ig:polarity ?pol ; ig:theme ?t ;
        ig:fromInspection ?i }""", i=inspection).to_dicts()
    assert counts == [{"n": 5}]


def test_imported_graph_passes_the_shapes(imported):
    from rdflib import Dataset

    from graph import vocab
    from graph.build.shapes import check_shapes

    store, _ = imported
    ds = Dataset()
    for s, p, o, g in store.quads():
        ds.graph(g).add((s, p, o))
    for triple in vocab.load_ontology():
        ds.graph(vocab.ONTOLOGY_GRAPH).add(triple)
    assert check_shapes(ds) == []


def test_evidence_is_read_back_from_the_pdf_and_its_hash_checked(imported, fixture_dir,
                                                                  tmp_path):
    import graph

    store, batch = imported
    kg = graph.InspectionGraph(store, sources=fixture_dir.parent)
    rec = str(iri("recommendation", batch.imported[0].source_id, "rec-03"))
    passages = kg.evidence(rec)
    assert [(p.page, p.text) for p in passages] == [
        (1, "Supervision of frontline managers by senior leaders.")]
    # without the folder the spans are still there, without text
    assert graph.InspectionGraph(store).evidence(rec)[0].text is None
    # a different file of the same name is refused
    other = tmp_path / "elsewhere"
    write_report(other, grades={"leavers": "Good"})
    with pytest.raises(EvidenceError, match="SHA-256"):
        graph.InspectionGraph(store, sources=other).evidence(rec)


def test_reimporting_replaces_the_graph(fixture_dir):
    store = MemoryStore()
    first = import_reports(store, [fixture_dir]).imported[0].triples
    size = len(store)
    again = import_reports(store, [fixture_dir]).imported[0].triples
    assert first == again and len(store) == size


def _statements(store) -> set:
    """Every (subject, predicate, object, graph) of a store, as N-Triples terms, but those
    of the derived graph (made from the others by the same code in both stores)."""
    return {tuple(t.n3() for t in q) for q in store.quads() if not str(q[3]).endswith(
        "graph/derived")}


def test_the_oxigraph_load_of_n_quads_holds_the_triples_of_the_rdflib_write(tmp_path):
    """Into Oxigraph the workers write N-Quads text that one load_file puts in the store;
    the graph is the one a memory store gets from the triples, also when re-imported (the
    held graph is replaced) and alongside other reports (a second council's folder)."""
    from graph.store import OxigraphStore

    first = tmp_path / "99001_northmoor"
    write_report(first)
    second = tmp_path / "99001_northmoor-2019"
    write_report(second, "northmoor - 08 may 2019.pdf", dates="4 to 15 March 2019",
                 grades={"leavers": "Good"})
    memory, oxigraph = MemoryStore(), OxigraphStore()
    for store in (memory, oxigraph):
        batch = import_reports(store, [first, second], workers=2)
        assert not batch.failed and len(batch.imported) == 2, batch.summary()
    assert _statements(oxigraph) == _statements(memory)
    size = len(oxigraph)
    again = import_reports(oxigraph, [first])
    import_reports(memory, [first])
    assert len(again.imported) == 1 and not again.failed
    assert len(oxigraph) == size and _statements(oxigraph) == _statements(memory)


def test_disagreeing_grades_are_flagged_not_merged(fixture_dir):
    from rdflib import RDF

    from graph import vocab
    from graph.vocab import council_iri, scheme_iri

    store = MemoryStore()
    other = vocab.graph_iri("test-outcomes")
    insp = iri("inspection", NORTHMOOR, "2022-03-07")
    judgement = URIRef(str(insp).replace("/inspection/", "/judgement/") + "/overall-effectiveness")
    store.replace_graph(other, [
        (insp, RDF.type, IG.Inspection), (insp, IG.subject, council_iri(NORTHMOOR)),
        (council_iri(NORTHMOOR), IG.gssCode, Literal(NORTHMOOR)),
        (insp, IG.fieldworkStart, Literal("2022-03-07", datatype=vocab.PREFIXES["xsd"] + "date")),
        (insp, IG.framework, scheme_iri("framework", "ilacs")),
        (insp, IG.judgement, judgement), (judgement, IG.area,
                                          scheme_iri("ilacs-area", "overall-effectiveness")),
        (judgement, IG.grade, scheme_iri("grade", "inadequate"))])
    batch = import_reports(store, [fixture_dir])
    report = batch.imported[0]
    assert report.inspection == str(insp)
    assert report.discrepancies == ["Overall effectiveness: the report gives Requires "
                                    "improvement to be good, test-outcomes gives Inadequate"]
    grades = list(store.dataset.objects(judgement, IG.grade))
    assert grades == [scheme_iri("grade", "inadequate")]
    flagged = list(store.dataset.subjects(IG.disputedJudgement, judgement))
    assert len(flagged) == 1
    assert store.dataset.value(flagged[0], IG.reportedGrade) == scheme_iri(
        "grade", "requires-improvement")


def test_cli_imports_and_exits_non_zero_when_a_file_fails(fixture_dir, tmp_path):
    from graph.cli import main

    ok = CliRunner().invoke(main, ["import", "report", str(fixture_dir)])
    assert ok.exit_code == 0, ok.output
    assert "1 imported, 0 failed" in ok.output
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf at all")
    shutil.copy(fixture_dir / "northmoor - 05 may 2022.pdf", tmp_path)
    shutil.copy(fixture_dir / "Provider_data_lookup.csv", tmp_path)
    result = CliRunner().invoke(main, ["import", "report", str(tmp_path)])
    assert result.exit_code == 1
    assert f"FAIL  {bad}: not a PDF file" in result.output
    assert "1 imported, 1 failed" in result.output


# --- the real reports ------------------------------------------------------------------------
def _official(gss: str) -> dict[str, dict]:
    path = need_shared("data", "dfe", "csv", "ILACS_inspection_history.csv")
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Local authority area code"] == gss:
                published = datetime.strptime(row["Publication date"], "%d/%m/%Y").date()
                out[published.isoformat()] = row
    return out


def test_west_sussex_ilacs_reports_agree_with_the_official_file():
    folder = need_shared("data", "ofsted-reports", "80578_west sussex")
    official = _official("E10000032")
    grade = {"Inadequate": "inadequate", "Good": "good", "Outstanding": "outstanding",
             "Requires improvement to be good": "requires-improvement"}
    checked = 0
    for path in sorted(folder.glob("*.pdf")):
        facts = read_report(path)
        row = official.get(facts.published)
        if facts.framework != "ilacs":
            continue
        assert row is not None, path
        start = datetime.strptime(row["Inspection date"], "%d/%m/%Y").date().isoformat()
        assert facts.start == start
        assert facts.judgement("overall-effectiveness") == grade[row["Overall effectiveness"]]
        leavers = row["The experiences and progress of care leavers"]
        care = row["The experiences and progress of children in care"]
        if leavers:
            assert facts.judgement("care-leavers") == grade[leavers]
            assert facts.judgement("children-in-care") == grade[care]
        else:
            assert facts.judgement("children-in-care-and-care-leavers") == grade[care]
        checked += 1
    assert checked == 2


def test_west_sussex_sif_report_has_every_judgement_and_the_lscb_review():
    folder = need_shared("data", "ofsted-reports", "80578_west sussex")
    facts = read_report(folder / "children's services inspection - 20 january 2016.pdf")
    assert (facts.framework, facts.type) == ("sif", "sif-inspection")
    assert {j.area for j in facts.judgements} == {
        "overall-effectiveness", "help-and-protection", "looked-after-and-permanence",
        "adoption", "care-leavers", "leadership-management-governance", "lscb-review"}
    assert (facts.start, facts.end) == ("2015-10-26", "2015-11-19")
    assert len(facts.recommendations) >= 13


def test_the_2019_report_enriches_the_curated_inspection():
    import graph

    folder = need_shared("data", "ofsted-reports", "80578_west sussex")
    kg = graph.load(validate=False)
    batch = import_reports(kg.store, [folder / "children's services inspection - 08 may 2019.pdf"])
    assert batch.imported[0].inspection.endswith("/inspection/E10000032/2019-02")
    lead = kg.query("SELECT ?n WHERE { council:E10000032 ^ig:subject ?i . ?i ig:leadInspector/"
                    "foaf:name ?n }").to_dicts()
    assert lead == [{"n": "Linda Steele"}]


def test_pages_that_are_html_are_reported_as_failures():
    folder = need_shared("data", "ofsted-reports", "80543_rotherham")
    path = folder / "children's services inspection - 10 august 2012.pdf"
    if path.read_bytes()[:5] == b"%PDF-":
        pytest.skip("this copy of the file is a real PDF")
    batch = import_reports(MemoryStore(), [path])
    assert batch.failed == [(str(path), f"{path}: not a PDF file (it is an HTML page)")]


def test_reports_join_the_national_outcomes_import_without_disagreement():
    from graph.sources.national import import_file

    outcomes = need_shared("data", "dfe", "csv")
    folder = need_shared("data", "ofsted-reports", "80578_west sussex")
    store = MemoryStore()
    import_file(store, "ofsted", outcomes)
    batch = import_reports(store, [folder])
    by_start = {r.start: r for r in batch.imported}
    assert by_start["2019-02-25"].inspection.endswith("/inspection/E10000032/2019-02-25")
    assert by_start["2023-03-13"].inspection.endswith("/inspection/E10000032/2023-03-13")
    assert all(not r.discrepancies for r in batch.imported)
    outcomes_graph = URIRef("https://w3id.org/inspection-graph/graph/ofsted-outcomes")
    j = URIRef("https://w3id.org/inspection-graph/id/judgement/E10000032/2023-03-13/care-leavers")
    assert (j, IG.grade, None) in store.dataset.graph(outcomes_graph)
    report_graph = URIRef(by_start["2023-03-13"].graph)
    assert list(store.dataset.graph(report_graph).objects(j, IG.evidence))


def test_focused_visits_are_recognised_without_judgements(tmp_path):
    pages = report_pages(dates="8 to 9 June 2022")
    first = [(x, y, t.replace("Inspection of Northmoor", "Focused visit to Northmoor")
              .replace("Inspection dates", "Visit dates")) for x, y, t in pages[0][:4]]
    path = write_report(tmp_path)
    write_pdf(path, [first + [(56.0, 700.0 - 13 * i, line) for i, line in enumerate([
        "Inspectors looked at the help given to children in care who live far from home.",
        "Most of them see their social worker often, and their plans are up to date.",
        "",
        "What needs to improve?",
        "\u2022 Visits to children who live outside the county."])]])
    facts = read_report(path)
    assert (facts.framework, facts.type) == ("ilacs", "focused-visit")
    assert (facts.start, facts.end) == ("2022-06-08", "2022-06-09")
    assert facts.judgements == [] and len(facts.recommendations) == 1
