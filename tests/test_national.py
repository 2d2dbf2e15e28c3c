"""The national graph from the real official files: its numbers against counts made here.

Every expected number is counted in this file from the CSV copies of the
sheets (``../shared/data/dfe/csv``) and the DfE files, with the csv module
alone; the graph itself is built from the ODS workbook.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from datetime import datetime

import pytest
from conftest import need_shared
from rdflib import RDF, RDFS, Literal, URIRef

from graph.vocab import IG, council_iri, graph_iri, iri

pytestmark = pytest.mark.shared

ODS = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
CSWW = "csww_indicators_2017_to_2025.csv"
SN = "New_Statistical_Neighbour_Groupings_April_2021.csv"
AREAS = {
    "Overall effectiveness": "overall-effectiveness",
    "The impact of leaders on social work practice with children and families":
        "impact-of-leaders",
    "The experiences and progress of children who need help and protection":
        "help-and-protection",
}
GRADES = {"Outstanding": "outstanding", "Good": "good",
          "Requires improvement to be good": "requires-improvement", "Inadequate": "inadequate"}
TYPES = {"ILACS Standard Inspection": "standard", "ILACS Short Inspection": "short",
         "ILACS Focused Visit": "focused-visit", "LA Monitoring visit": "monitoring-visit"}


def read(*parts) -> list[dict[str, str]]:
    with open(need_shared("data", "dfe", *parts), encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def sheets():
    return {"history": read("csv", "ILACS_inspection_history.csv"),
            "in-year": read("csv", "In-year_inspections.csv"),
            "as-at": read("csv", "Inspections_as_at_31_March.csv")}


@pytest.fixture(scope="module")
def built():
    from graph.inspection_graph import build_national

    dfe = need_shared("data", "dfe")
    return build_national(ofsted=dfe / ODS, workforce=dfe / CSWW, neighbours=dfe / SN)


@pytest.fixture(scope="module")
def kg(built):
    return built.graph


def unique_inspections(sheets) -> dict[tuple[str, str], dict[str, str]]:
    """(GSS, date) -> the row that lists it first (history, then in-year, then as-at)."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for name, date in (("history", "Inspection date"), ("in-year", "Inspection/Visit date"),
                       ("as-at", "Inspection date")):
        for row in sheets[name]:
            key = (row["Local authority area code"], row[date])
            found.setdefault(key, {**row, "type": row.get("Inspection type")
                                   or row.get("Inspection/Visit type")})
    return found


def in_graph(kg, sparql: str) -> list:
    return kg.query(sparql).rows


OUTCOMES = f"<{graph_iri('ofsted-outcomes')}>"


def test_councils(kg, sheets):
    gss = {r["Local authority area code"] for rows in sheets.values() for r in rows}
    rows = in_graph(kg, f"SELECT DISTINCT ?c WHERE {{ GRAPH {OUTCOMES} {{ ?c ig:gssCode ?g }} }}")
    assert len(rows) == len(gss) == 156
    former = {r["Local authority area code"] for r in sheets["history"]
              if r["Local authority status"] == "No longer exists"}
    rows = in_graph(kg, "SELECT ?c WHERE { ?c ig:councilStatus 'former' }")
    assert {str(r[0]).rsplit("/", 1)[-1] for r in rows} == former


def test_inspections_per_type(kg, sheets):
    expected = Counter(TYPES[r["type"]] for r in unique_inspections(sheets).values())
    rows = in_graph(kg, f"SELECT ?t (COUNT(DISTINCT ?i) AS ?n) WHERE {{ GRAPH {OUTCOMES} {{ "
                        "?i ig:subject ?c } ?i ig:inspectionType ?t } GROUP BY ?t")
    got = {str(t).rsplit("/", 1)[-1]: int(n) for t, n in rows}
    assert got == dict(expected)
    total = in_graph(kg, f"SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ GRAPH {OUTCOMES} {{ "
                         "?i a ig:Inspection } }")
    assert int(total[0][0]) == len(unique_inspections(sheets)) == 331


def test_grade_distribution_per_area(kg, sheets):
    expected = Counter()
    for row in unique_inspections(sheets).values():
        for column, area in AREAS.items():
            if row[column]:
                expected[(area, GRADES[row[column]])] += 1
        care = row["The experiences and progress of children in care"]
        leavers = row["The experiences and progress of care leavers"]
        if care and leavers:
            expected[("children-in-care", GRADES[care])] += 1
            expected[("care-leavers", GRADES[leavers])] += 1
        elif care:
            expected[("children-in-care-and-care-leavers", GRADES[care])] += 1
    rows = in_graph(kg, f"SELECT ?a ?g (COUNT(DISTINCT ?j) AS ?n) WHERE {{ GRAPH {OUTCOMES} {{ "
                        "?j ig:area ?a } ?j ig:grade ?g } GROUP BY ?a ?g")
    got = {(str(a).rsplit("/", 1)[-1], str(g).rsplit("/", 1)[-1]): int(n) for a, g, n in rows}
    assert got == dict(expected)


def test_the_care_leavers_split_coincides_with_2023(sheets):
    # the rule the importer uses (blank care leavers -> combined area) matches the framework date
    for row in sheets["history"]:
        day = datetime.strptime(row["Inspection date"], "%d/%m/%Y")
        assert bool(row["The experiences and progress of care leavers"]) == (day.year >= 2023)


def test_west_sussex_history(kg):
    rows = in_graph(kg, "SELECT ?i ?start ?grade WHERE { ?i ig:subject council:E10000032 ; "
                        "ig:fieldworkStart ?start ; ig:judgement ?j . ?j ig:area "
                        "ilacs:overall-effectiveness ; ig:grade ?grade }")
    history = sorted((str(s), str(g).rsplit("/", 1)[-1], str(i)) for i, s, g in rows)
    assert history == [
        ("2019-02", "inadequate", str(iri("inspection", "E10000032", "2019-02"))),
        ("2023-03-13", "requires-improvement", str(iri("inspection", "E10000032",
                                                        "2023-03-13")))]
    # the curated 2019 inspection and the file's 25/02/2019 row are one node
    assert not in_graph(kg, "SELECT ?p WHERE { <" + str(iri("inspection", "E10000032",
                                                             "2019-02-25")) + "> ?p ?o }")
    node = iri("inspection", "E10000032", "2019-02")
    assert kg.store.dataset.value(node, IG.reportUrl) == URIRef(
        "https://reports.ofsted.gov.uk/provider/44/938")
    later = iri("inspection", "E10000032", "2023-03-13")
    assert kg.store.dataset.value(later, IG.previousInspection) == node
    assert str(kg.store.dataset.value(later, IG.overallChange)).endswith("/improved")
    labels = set(kg.store.dataset.objects(council_iri("E10000032"), RDFS.label))
    assert labels == {Literal("West Sussex County Council")}


def test_every_council_one_label_every_inspection_one_start(kg):
    ds = kg.store.dataset
    for council in set(ds.subjects(RDF.type, IG.Council)):
        assert len(set(ds.objects(council, RDFS.label))) == 1, council
    for inspection in set(ds.subjects(RDF.type, IG.Inspection)):
        assert len(set(ds.objects(inspection, IG.fieldworkStart))) == 1, inspection
        assert len(set(ds.objects(inspection, IG.subject))) == 1, inspection


def test_currently_inadequate_and_changes(kg, sheets):
    from graph.queries import get_query

    inadequate = {r["Local authority area code"] for r in sheets["as-at"]
                  if r["Overall effectiveness"] == "Inadequate"}
    q = get_query("latest-judgement-changes")
    rows = kg.query(q.sparql, **q.bindings()).to_dicts()
    found = {r["council"].rsplit("/", 1)[-1] for r in rows
             if r["latestGrade"] == "Inadequate" and r["status"] == "current"}
    assert found == inadequate and len(found) == 19
    # latest of each current council is the as-at sheet's inspection
    latest = {(r["council"].rsplit("/", 1)[-1], r["latest"]) for r in rows
              if r["status"] == "current"}
    as_at = {(r["Local authority area code"],
              datetime.strptime(r["Inspection date"], "%d/%m/%Y").date().isoformat())
             for r in sheets["as-at"]}
    assert as_at <= latest
    by_council = defaultdict(list)
    for r in sheets["history"]:
        by_council[r["Local authority area code"]].append(
            (datetime.strptime(r["Inspection date"], "%d/%m/%Y"), r["Overall effectiveness"]))
    rank = {"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4}
    expected = Counter()
    for history in by_council.values():
        history.sort()
        for (_, before), (_, after) in zip(history, history[1:], strict=False):
            expected["improved" if rank[after] < rank[before] else
                     "declined" if rank[after] > rank[before] else "unchanged"] += 1
    rows = in_graph(kg, "SELECT ?c (COUNT(?i) AS ?n) WHERE { ?i ig:overallChange ?c } "
                        "GROUP BY ?c")
    assert {str(c).rsplit("/", 1)[-1]: int(n) for c, n in rows} == dict(expected)


def test_workforce_figures(kg, built):
    rows = read(CSWW)
    measures = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
                "absence_rate_fte", "inpost_fte")

    def number(text):
        try:
            float(text)
            return True
        except ValueError:
            return False

    expected = sum(number(r[m]) for r in rows for m in measures)
    graph = f"<{graph_iri('dfe-csww')}>"
    n = in_graph(kg, f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH {graph} {{ ?s a ig:Statistic }} }}")
    assert int(n[0][0]) == expected
    ws = next(r for r in rows if r["new_la_code"] == "E10000032" and r["time_period"] == "2019")
    value = in_graph(kg, "SELECT ?v WHERE { ?s ig:refArea council:E10000032 ; ig:measure "
                         "'turnover-rate-fte' ; ig:period ?p ; ig:value ?v FILTER(STR(?p) = "
                         "'2019') }")
    assert float(value[0][0]) == float(ws["turnover_rate_fte"])
    # Barnsley's 2025 figures carry a new GSS code; they stay with the council Ofsted names
    barnsley = next(r for r in rows if r["la_name"] == "Barnsley" and r["time_period"] == "2025")
    assert barnsley["new_la_code"] != "E08000016"
    stat = iri("statistic", "dfe-csww", barnsley["new_la_code"], "2025", "caseload-fte")
    assert kg.store.dataset.value(stat, IG.refArea) == council_iri("E08000016")
    national = [r for r in rows if r["geographic_level"] == "National"]
    england = in_graph(kg, "SELECT (COUNT(?s) AS ?n) WHERE { ?s ig:refArea ?e . ?e a ig:Country "
                           "}")
    assert int(england[0][0]) == sum(number(r[m]) for r in national for m in measures)


def test_dfe_codes_agree_with_ofsteds_provider_lookup(kg):
    # Provider_data_lookup.csv pairs each council's GSS code with its DfE code; the graph's
    # codes come from report links and the workforce file, so this checks both
    with open(need_shared("data", "ofsted-reports", "Provider_data_lookup.csv"),
              encoding="utf-8-sig") as fh:
        lookup = {r["la_code_new"]: r["la_code"] for r in csv.DictReader(fh) if r["la_code_new"]}
    rows = in_graph(kg, "SELECT ?c ?d WHERE { ?c ig:dfeCode ?d }")
    graph_codes = {str(c).rsplit("/", 1)[-1]: str(d) for c, d in rows}
    assert {g: graph_codes.get(g) for g in lookup} == lookup
    assert len(lookup) == 153


def test_inspection_workforce_query(kg):
    from graph.queries import get_query

    q = get_query("inspection-workforce")
    rows = kg.query(q.sparql, **q.bindings(council="council:E10000032")).to_dicts()
    csww = {r["time_period"]: r for r in read(CSWW) if r["new_la_code"] == "E10000032"}
    region = {r["time_period"]: r for r in read(CSWW) if r["geographic_level"] == "Regional"
              and r["region_name"] == "South East"}
    by_start = {r["start"]: r for r in rows}
    row = by_start["2023-03-13"]
    assert float(row["value"]) == float(csww["2023"]["turnover_rate_fte"])
    assert float(row["regionValue"]) == float(region["2023"]["turnover_rate_fte"])


def test_statistical_neighbours(kg):
    rows = read(SN)
    ws = next(r for r in read(SN) if r["LA num"] == "938")
    with open(need_shared("data", "dfe", SN), encoding="utf-8-sig") as fh:
        header, *body = list(csv.reader(fh))
    row = next(r for r in body if r and r[0] == "938")
    expected = [row[header.index(f"SN{k}")] for k in range(1, 11)]
    got = in_graph(kg, "SELECT ?rank ?code WHERE { ?l ig:neighbourOf council:E10000032 ; "
                       "ig:neighbourRank ?rank ; ig:neighbour/ig:dfeCode ?code } ORDER BY ?rank")
    assert [str(c) for _, c in got] == expected
    assert ws["LA Name"] == "West Sussex"
    coded = sum(1 for r in rows if r["LA num"].strip())
    linked = in_graph(kg, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c ig:statisticalNeighbour "
                          "?o }")
    assert int(linked[0][0]) == coded


def test_provenance(kg, built):
    path = need_shared("data", "dfe", ODS)
    report = built.reports[0]
    assert report.files == [(ODS, hashlib.sha256(path.read_bytes()).hexdigest())]
    assert report.release == "as at 31 March 2025"
    sha = in_graph(kg, "SELECT ?sha ?issued WHERE { ?s schema:version '2025' ; dct:issued ?issued"
                       " ; dct:hasPart ?f . ?f ig:fileSha256 ?sha }")
    assert [(str(s), str(i)) for s, i in sha] == [(report.files[0][1], "2025-09-25")]


def test_ods_and_csv_folder_give_the_same_facts(built):
    from graph.sources.outcomes import import_outcomes
    from graph.store import MemoryStore

    store = MemoryStore()
    import_outcomes(store, need_shared("data", "dfe", "csv"))
    ods = MemoryStore()
    import_outcomes(ods, need_shared("data", "dfe", ODS))

    def facts(s):
        g = s.dataset.graph(URIRef(str(graph_iri("ofsted-outcomes"))))
        return {t for t in g if "/source/" not in str(t[0]) and "/graph/" not in str(t[0])}

    assert facts(store) == facts(ods)


def test_reimport_replaces_the_graph(kg):
    from graph.sources.outcomes import import_outcomes

    name = URIRef(str(graph_iri("ofsted-outcomes")))
    before = len(kg.store.dataset.graph(name))
    total = len(kg.store.dataset)
    report = import_outcomes(kg.store, need_shared("data", "dfe", ODS))
    assert report.replaced
    assert len(kg.store.dataset.graph(name)) == before
    from graph.store.derived import ensure_derived, has_derived

    assert not has_derived(kg.store)  # the write dropped the derived facts ...
    assert ensure_derived(kg.store)  # ... and deriving them again gives the same graph
    assert len(kg.store.dataset) == total
