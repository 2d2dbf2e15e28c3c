"""Importing Ofsted's outcomes release: small fixtures in its CSV and ODS forms."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES
from ods_writer import write_ods
from rdflib import RDFS, Literal, URIRef

from graph.errors import ImportFormatError
from graph.sources.outcomes import import_outcomes, read_outcomes
from graph.store import MemoryStore
from graph.vocab import IG, council_iri, graph_iri, iri, scheme_iri

OFSTED = FIXTURES / "ofsted"
GRAPH = graph_iri("ofsted-outcomes")
SLUGS = {"Outstanding": "outstanding", "Good": "good",
         "Requires improvement to be good": "requires-improvement", "Inadequate": "inadequate"}
NAMES = {"as-at.csv": "Inspections_as_at_31_March", "in-year.csv": "In-year_inspections",
         "history.csv": "ILACS_inspection_history"}


def rows(name: str) -> list[dict[str, str]]:
    with open(OFSTED / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def raw(name: str) -> list[list[str]]:
    with open(OFSTED / name, encoding="utf-8") as fh:
        return list(csv.reader(fh))


def workbook(tmp_path: Path, *, drop: str | None = None, edit=None) -> Path:
    """The three fixture tables as an ODS workbook with two title rows per sheet."""
    sheets = {"Cover": [["Local authority inspection outcomes as at 31 March 2024"],
                        ["Published on:", "26/09/2024"]]}
    for file, sheet in NAMES.items():
        if sheet == drop:
            continue
        table = raw(file)
        if edit is not None:
            table = edit(sheet, table)
        sheets[sheet] = [[f"{sheet} (fictional fixture)"], ["One table, header in row 3."]] + table
    return write_ods(tmp_path / "outcomes_2024.ods", sheets)


def graph_of(store: MemoryStore, name=GRAPH):
    return store.dataset.graph(URIRef(str(name)))


def inspections(g) -> set:
    return set(g.subjects(IG.subject, None))


@pytest.fixture(scope="module")
def folder_store():
    store = MemoryStore()
    report = import_outcomes(store, OFSTED)
    return store, report


@pytest.fixture(scope="module")
def curated_store():
    import graph

    kg = graph.load(FIXTURES / "records", validate=False)
    report = import_outcomes(kg.store, OFSTED)
    return kg, report


def expected_inspections() -> dict[tuple[str, str], str | None]:
    """(GSS, date) -> type, counted from the CSV text alone."""
    found: dict[tuple[str, str], str | None] = {}
    for r in rows("history.csv"):
        found[(r["Local authority area code"], r["Inspection date"])] = r["Inspection type"]
    for r in rows("in-year.csv"):
        found.setdefault((r["Local authority area code"], r["Inspection/Visit date"]),
                         r["Inspection/Visit type"])
    for r in rows("as-at.csv"):
        found.setdefault((r["Local authority area code"], r["Inspection date"]), None)
    return found


def test_every_inspection_once_whatever_sheets_list_it(folder_store):
    store, report = folder_store
    g = graph_of(store)
    expected = expected_inspections()
    assert len(inspections(g)) == len(expected) == report.counts["inspections"]
    types = Counter(str(t).rsplit("/", 1)[-1] for t in g.objects(None, IG.inspectionType))
    words = {"ILACS Standard Inspection": "standard", "ILACS Short Inspection": "short",
             "ILACS Focused Visit": "focused-visit", "LA Monitoring visit": "monitoring-visit"}
    assert types == Counter(words[t] for t in expected.values())
    councils = {r["Local authority area code"] for f in NAMES for r in rows(f)}
    assert set(g.subjects(IG.gssCode, None)) == {council_iri(c) for c in councils}
    assert report.rows == {"as-at.csv": 3, "in-year.csv": 5, "history.csv": 7}


def test_grades_match_the_rows(folder_store):
    store, _ = folder_store
    g = graph_of(store)
    overall = Counter()
    seen = set()
    for file, date in (("history.csv", "Inspection date"), ("in-year.csv",
                                                             "Inspection/Visit date")):
        for r in rows(file):
            key = (r["Local authority area code"], r[date])
            if r["Overall effectiveness"] and key not in seen:
                seen.add(key)
                overall[r["Overall effectiveness"]] += 1
    found = Counter()
    for j in g.subjects(IG.area, scheme_iri("ilacs-area", "overall-effectiveness")):
        found[str(g.value(j, IG.grade)).rsplit("/", 1)[-1]] += 1
    assert found == Counter({SLUGS[k]: v for k, v in overall.items()})


def test_care_leavers_split_decided_by_the_data(folder_store):
    store, _ = folder_store
    g = graph_of(store)
    node = iri("inspection", "E06009999", "2022-05-16")
    areas = {str(g.value(j, IG.area)).rsplit("/", 1)[-1] for j in g.objects(node, IG.judgement)}
    assert "children-in-care-and-care-leavers" in areas and "care-leavers" not in areas
    node = iri("inspection", "E06009999", "2024-03-11")
    areas = {str(g.value(j, IG.area)).rsplit("/", 1)[-1]: str(g.value(j, IG.grade))
             for j in g.objects(node, IG.judgement)}
    assert areas["care-leavers"] == str(scheme_iri("grade", "inadequate"))
    assert "children-in-care" in areas and "children-in-care-and-care-leavers" not in areas


def test_visits_carry_their_theme_and_type(folder_store):
    store, _ = folder_store
    g = graph_of(store)
    visit = iri("inspection", "E06009996", "2023-12-04")
    assert g.value(visit, IG.visitTheme) == Literal("Front door")
    assert g.value(visit, IG.inspectionType) == scheme_iri("inspection-type", "monitoring-visit")
    assert not list(g.objects(visit, IG.judgement))


def test_council_facts_status_region_and_dfe_code(folder_store):
    store, report = folder_store
    g = graph_of(store)
    northmoor, oldtown = council_iri("E06009999"), council_iri("E10009997")
    assert g.value(northmoor, IG.dfeCode) == Literal("999")
    assert g.value(northmoor, IG.ofstedRegion) == Literal("North West")
    assert g.value(northmoor, IG.councilStatus) == Literal("current")
    assert g.value(oldtown, IG.councilStatus) == Literal("former")
    # Oldtown's and Newtown's rows link to the same report page: neither gets its code
    assert g.value(oldtown, IG.dfeCode) is None
    assert g.value(council_iri("E06009996"), IG.dfeCode) is None
    assert any("996" in n and "Oldtown" in n for n in report.notes)


def test_previous_change_and_latest_are_derived(folder_store):
    store, report = folder_store
    g = graph_of(store)
    i2018, i2022, i2024 = (iri("inspection", "E06009999", d)
                           for d in ("2018-03-05", "2022-05-16", "2024-03-11"))
    assert g.value(i2024, IG.previousInspection) == i2022
    assert g.value(i2022, IG.previousInspection) == i2018
    assert g.value(i2018, IG.previousInspection) is None
    change = scheme_iri("grade-change", "")
    assert g.value(i2022, IG.overallChange) == URIRef(f"{change}improved")
    assert g.value(i2024, IG.overallChange) == URIRef(f"{change}declined")
    assert g.value(council_iri("E06009999"), IG.latestInspection) == i2024
    # a focused visit is not part of the graded chain
    assert g.value(iri("inspection", "E06009999", "2023-11-20"), IG.previousInspection) is None
    assert (report.counts["improved"], report.counts["declined"]) == (1, 2)


def test_curated_inspections_are_enriched_not_duplicated(curated_store):
    kg, report = curated_store
    store = kg.store
    assert report.counts["already in the store"] == 2
    rows_ = kg.query("SELECT ?i ?start WHERE { ?i ig:subject council:E06009999 ; "
                     "ig:fieldworkStart ?start }").rows
    starts = sorted(str(r[1]) for r in rows_)
    assert starts == ["2018", "2022-05", "2023-11-20", "2024-03-11"]
    curated = iri("inspection", "E06009999", "2022-05")
    g = graph_of(store)
    assert g.value(curated, IG.reportUrl) == URIRef("https://reports.example.org/provider/44/999")
    assert g.value(curated, IG.fieldworkStart) is None  # the record's "2022-05" is kept
    assert (iri("inspection", "E06009999", "2022-05-16"), None, None) not in store.dataset
    # the derived chain runs through the curated nodes
    assert g.value(iri("inspection", "E06009999", "2024-03-11"),
                   IG.previousInspection) == curated
    labels = set(store.dataset.objects(council_iri("E06009999"), RDFS.label))
    assert labels == {Literal("Northmoor Borough Council")}
    judgement = URIRef(str(curated).replace("/inspection/", "/judgement/") +
                       "/overall-effectiveness")
    assert set(store.dataset.objects(judgement, IG.grade)) == {scheme_iri("grade", "good")}


def test_each_csv_alone_is_recognised_by_its_columns():
    for file, sheet in NAMES.items():
        data = read_outcomes(OFSTED / file)
        assert list(data.sheets) == [{"as-at.csv": "as-at", "in-year.csv": "in-year",
                                      "history.csv": "history"}[file]], sheet
        report = import_outcomes(MemoryStore(), OFSTED / file)
        assert report.rows == {file: len(rows(file))}


def test_ods_workbook_gives_the_same_graph_as_the_csvs(tmp_path, folder_store):
    csv_store, _ = folder_store
    store = MemoryStore()
    report = import_outcomes(store, workbook(tmp_path))
    assert report.release == "as at 31 March 2024"
    assert report.rows == {"Inspections_as_at_31_March": 3, "In-year_inspections": 5,
                           "ILACS_inspection_history": 7}

    def facts(s):
        g = graph_of(s)
        return {t for t in g if "/source/" not in str(t[0]) and "/graph/" not in str(t[0])}

    assert facts(store) == facts(csv_store)
    source = iri("source", "ofsted-la-outcomes-2024")
    assert graph_of(store).value(source, URIRef("http://purl.org/dc/terms/issued")) is not None


def test_header_wording_drift_is_read_by_meaning(tmp_path):
    text = (OFSTED / "history.csv").read_text(encoding="utf-8").splitlines()
    header = ("Link,ONS code,Local authority,Local authority status,Region,Date of inspection,"
              "Date published,Type,Overall effectiveness,Impact of leaders,"
              "Help and protection,Children in care,Care leavers")
    path = tmp_path / "old.csv"
    path.write_text("\n".join(["ILACS outcomes as at 31 March 2024", ""] + [header] + text[1:]),
                    encoding="utf-8")
    store = MemoryStore()
    import_outcomes(store, path)
    got = {(s, p, o) for s, p, o in graph_of(store) if p in (IG.grade, IG.fieldworkStart)}
    ref = MemoryStore()
    import_outcomes(ref, OFSTED / "history.csv")
    want = {(s, p, o) for s, p, o in graph_of(ref) if p in (IG.grade, IG.fieldworkStart)}
    assert got == want and got


def test_a_sheet_saved_with_link_captions_imports_without_links(tmp_path):
    table = raw("as-at.csv")
    for row in table[1:]:
        row[0] = "Ofsted Local Authority Webpage"
    path = tmp_path / "as-at.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    store = MemoryStore()
    report = import_outcomes(store, path)
    assert not list(graph_of(store).objects(None, IG.reportUrl))
    assert report.counts["inspections"] == 3
    assert report.warnings == ["as-at.csv: 3 rows show a link's caption without its address, "
                               "so they have no report link (import the ODS, or save the sheet "
                               "with its links)"]


def test_a_combined_care_column_means_the_pre_2023_area(tmp_path):
    text = (OFSTED / "as-at.csv").read_text(encoding="utf-8").splitlines()
    cols = text[0].split(",")
    header = ",".join(cols[:9] + ["The experiences and progress of children in care and care "
                                  "leavers"])
    body = [",".join(line.split(",")[:10]) for line in text[1:]]
    path = tmp_path / "as-at-2022.csv"
    path.write_text("\n".join([header] + body), encoding="utf-8")
    store = MemoryStore()
    import_outcomes(store, path)
    areas = set(graph_of(store).objects(None, IG.area))
    assert scheme_iri("ilacs-area", "children-in-care-and-care-leavers") in areas
    assert scheme_iri("ilacs-area", "children-in-care") not in areas


def test_reimport_replaces_and_never_doubles(tmp_path):
    store = MemoryStore()
    first = import_outcomes(store, OFSTED)
    size = len(graph_of(store))
    again = import_outcomes(store, OFSTED)
    assert not first.replaced and again.replaced
    assert len(graph_of(store)) == size
    newer = tmp_path / "newer"
    shutil.copytree(OFSTED, newer)
    history = newer / "history.csv"
    lines = history.read_text(encoding="utf-8").splitlines()
    history.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # Newtown 2023 gone
    import_outcomes(store, newer)
    g = graph_of(store)
    newtown = iri("inspection", "E06009996", "2023-02-06")
    assert (newtown, IG.subject, None) in g  # still listed by the as-at sheet
    assert not list(g.objects(council_iri("E06009996"), IG.councilStatus)) or \
        g.value(council_iri("E06009996"), IG.councilStatus) == Literal("current")
    assert len(set(g.subjects(IG.subject, None))) == len(inspections(g))


# --- bad input -------------------------------------------------------------------------------

def _broken_csv(tmp_path, name, row, column, value):
    table = raw(name)
    col = table[0].index(column)
    if row == 1:
        table[0][col] = value
    else:
        table[row - 1][col] = value
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    return path


@pytest.mark.parametrize("column, value, message", [
    ("Overall effectiveness", "Superb",
     "history.csv, row 3, column 'Overall effectiveness': unknown grade 'Superb' (expected "
     "Outstanding, Good, Requires improvement to be good or Inadequate)"),
    ("Inspection date", "31/02/2022",
     "history.csv, row 3, column 'Inspection date': malformed date: '31/02/2022' is not a "
     "valid date"),
    ("Publication date", "July 2022",
     "history.csv, row 3, column 'Publication date': malformed date: 'July 2022' is not a date "
     "(expected dd/mm/yyyy)"),
    ("Local authority area code", "E6009999",
     "history.csv, row 3, column 'Local authority area code': malformed area code 'E6009999' "
     "(expected a GSS code such as E10000032)"),
    ("Inspection type", "ILACS Deep Dive",
     "history.csv, row 3, column 'Inspection type': unknown inspection type 'ILACS Deep Dive' "
     "(expected a standard or short inspection, a focused visit or a monitoring visit)"),
    ("Web link", "reports.example.org/44/999",
     "history.csv, row 3, column 'Web link': malformed report link "
     "'reports.example.org/44/999' (expected an http(s) address)"),
    ("Local authority status", "Merged",
     "history.csv, row 3, column 'Local authority status': unknown council status 'Merged' "
     "(expected Current or No longer exists)"),
])
def test_bad_values_name_file_row_and_column(tmp_path, column, value, message):
    path = _broken_csv(tmp_path, "history.csv", 3, column, value)
    store = MemoryStore()
    with pytest.raises(ImportFormatError) as err:
        import_outcomes(store, path)
    assert str(err.value) == f"{path.parent}/{message}"
    assert len(store.dataset) == 0


def test_a_renamed_required_column_is_named(tmp_path):
    path = _broken_csv(tmp_path, "history.csv", 1, "Overall effectiveness", "Overall verdict")
    with pytest.raises(ImportFormatError) as err:
        import_outcomes(MemoryStore(), path)
    assert str(err.value) == (f"{path}, column 'Overall effectiveness': required column missing:"
                              " none of the headers in row 1 is 'Overall effectiveness'")


def test_a_missing_sheet_is_named(tmp_path):
    path = workbook(tmp_path, drop="In-year_inspections")
    with pytest.raises(ImportFormatError) as err:
        import_outcomes(MemoryStore(), path)
    assert str(err.value).startswith(f"{path}, sheet 'In-year_inspections': the workbook has no "
                                     "In-year_inspections sheet (its sheets: Cover, ")


def test_bad_cell_in_a_workbook_names_sheet_row_and_column(tmp_path):
    def edit(sheet, table):
        if sheet == "ILACS_inspection_history":
            table[2][8] = "Very good"
        return table

    path = workbook(tmp_path, edit=edit)
    with pytest.raises(ImportFormatError) as err:
        import_outcomes(MemoryStore(), path)
    assert str(err.value).startswith(f"{path}, sheet 'ILACS_inspection_history', row 5, column "
                                     "'Overall effectiveness': unknown grade 'Very good'")


def test_a_failed_import_leaves_the_previous_graph(tmp_path):
    store = MemoryStore()
    import_outcomes(store, OFSTED)
    before = set(store.dataset.quads((None, None, None, None)))
    bad = tmp_path / "bad"
    shutil.copytree(OFSTED, bad)
    table = raw("in-year.csv")
    table[-1][4] = "2023-13-01"
    with open(bad / "in-year.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    with pytest.raises(ImportFormatError, match="row 6, column 'Inspection/Visit date'"):
        import_outcomes(store, bad)
    assert set(store.dataset.quads((None, None, None, None))) == before


def test_not_a_release(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="no header row found"):
        import_outcomes(MemoryStore(), path)
    broken = tmp_path / "broken.ods"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFormatError, match="not an ODS workbook"):
        import_outcomes(MemoryStore(), broken)
    with pytest.raises(ImportFormatError, match="no such file"):
        import_outcomes(MemoryStore(), tmp_path / "absent.ods")


def test_progress_is_reported_step_by_step():
    import io

    from graph.progress import ProgressBar

    calls = []
    import_outcomes(MemoryStore(), OFSTED, progress=lambda *a: calls.append(a))
    steps = [c[0] for c in calls]
    assert steps[0] == "read rows" and steps[-1] == "store"
    assert ("read rows", 15, 15) in calls and ("build graph", 10, 10) in calls
    out = io.StringIO()
    import_outcomes(MemoryStore(), OFSTED, progress=ProgressBar(out, force=True, width=10))
    lines = [line.strip() for line in out.getvalue().replace("\r", "\n").splitlines() if line]
    assert "read rows  [##########] 15/15" in lines and "store      [##########] 1/1" in lines
