"""Importing DfE's workforce indicators and statistical neighbours: small fixtures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import FIXTURES
from rdflib import RDF, RDFS, XSD, Literal, URIRef

from graph.build.dataset import decimal_literal
from graph.errors import ImportFormatError
from graph.sources.outcomes import import_outcomes
from graph.sources.workforce import import_neighbours, import_workforce
from graph.store import MemoryStore
from graph.vocab import IG, council_iri, graph_iri, iri

CSWW = FIXTURES / "dfe" / "csww.csv"
NEIGHBOURS = FIXTURES / "dfe" / "neighbours.csv"
MEASURES = {"turnover_rate_fte": "turnover-rate-fte", "agency_rate_fte": "agency-rate-fte",
            "vacancy_rate_fte": "vacancy-rate-fte", "caseload_fte": "caseload-fte",
            "absence_rate_fte": "absence-rate-fte", "inpost_fte": "social-workers-fte"}


def csww_rows() -> list[dict[str, str]]:
    with open(CSWW, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def graph_of(store, name):
    return store.dataset.graph(URIRef(str(graph_iri(name))))


@pytest.fixture(scope="module")
def national():
    """Outcomes, then workforce, then neighbours, from the fixtures (as build does)."""
    store = MemoryStore()
    reports = [import_outcomes(store, FIXTURES / "ofsted"), import_workforce(store, CSWW),
               import_neighbours(store, NEIGHBOURS)]
    return store, reports


def test_one_statistic_per_published_figure(national):
    store, reports = national
    g = graph_of(store, "dfe-csww")
    expected = sum(numeric(r[col]) for r in csww_rows() for col in MEASURES)
    stats = set(g.subjects(RDF.type, IG.Statistic))
    assert len(stats) == expected == reports[1].counts["statistics"]
    suppressed = sum(r[col].lower() in {"x", "z", "c", "u"} for r in csww_rows()
                     for col in MEASURES)
    assert reports[1].counts["suppressed values"] == suppressed


def test_values_units_periods_and_areas(national):
    store, _ = national
    g = graph_of(store, "dfe-csww")
    for r in csww_rows():
        level = r["geographic_level"]
        code = {"National": r["country_code"], "Regional": r["region_code"]}.get(
            level, r["new_la_code"].replace(" / ", "+"))
        for col, measure in MEASURES.items():
            stat = iri("statistic", "dfe-csww", code, r["time_period"], measure)
            if not numeric(r[col]):
                assert (stat, None, None) not in g
                continue
            assert g.value(stat, IG.value) == decimal_literal(r[col])
            assert g.value(stat, IG.period) == Literal(r["time_period"], datatype=XSD.gYear)
            assert g.value(stat, IG.measure) == Literal(measure)
    england = iri("country", "E92000001")
    assert (england, RDF.type, IG.Country) in g
    south_east = iri("region", "E12000008")
    assert g.value(south_east, IG.broaderArea) == england
    assert g.value(iri("statistic", "dfe-csww", "E12000008", "2024", "turnover-rate-fte"),
                   IG.refArea) == south_east
    assert g.value(iri("statistic", "dfe-csww", "E92000001", "2023", "caseload-fte"),
                   IG.unit) == Literal("cases-per-worker")
    assert g.value(council_iri("E10009998"), IG.region) == south_east


def test_a_recoded_council_keeps_its_node_through_its_dfe_code(national):
    store, reports = national
    g = graph_of(store, "dfe-csww")
    stat = iri("statistic", "dfe-csww", "E06009990", "2024", "turnover-rate-fte")
    assert g.value(stat, IG.refArea) == council_iri("E06009999")
    assert (council_iri("E06009990"), None, None) not in store.dataset
    assert any(n.startswith("E06009990 (Northmoor) figures refer to E06009999") for n in
               reports[1].notes)


def test_a_shared_service_row_refers_to_both_councils(national):
    store, _ = national
    g = graph_of(store, "dfe-csww")
    stat = iri("statistic", "dfe-csww", "E06009996+E06009995", "2023", "agency-rate-fte")
    assert set(g.objects(stat, IG.refArea)) == {council_iri("E06009996"),
                                                council_iri("E06009995")}
    # the codes of the pair are matched position by position
    assert g.value(council_iri("E06009995"), IG.dfeCode) == Literal("995")
    assert g.value(council_iri("E06009996"), IG.dfeCode) == Literal("996")
    # Southtown is not in the Ofsted fixture: the workforce graph names it
    assert (council_iri("E06009995"), RDF.type, IG.Council) in g


def test_labels_stay_single(national):
    store, _ = national
    for council in store.dataset.subjects(RDF.type, IG.Council):
        assert len(set(store.dataset.objects(council, RDFS.label))) == 1, council


def test_neighbours_link_ranks_and_report_the_unmatched(national):
    store, reports = national
    g = graph_of(store, "dfe-statistical-neighbours")
    northmoor = council_iri("E06009999")
    links = {int(g.value(n, IG.neighbourRank)): g.value(n, IG.neighbour)
             for n in g.subjects(IG.neighbourOf, northmoor)}
    assert links == {1: council_iri("E10009998"), 2: council_iri("E06009996"),
                     3: council_iri("E06009995")}
    assert set(g.objects(northmoor, IG.statisticalNeighbour)) == set(links.values())
    assert g.value(iri("neighbour-link", "E06009999", "1"), IG.closeness) == \
        Literal("Extremely Close")
    unmatched = reports[2].unmatched
    assert "101 (no row of its own): no council in the store has this DfE code" in unmatched
    # Oldtown, abolished, has its DfE code from the workforce figures: its old grouping links
    oldtown = council_iri("E10009997")
    assert g.value(iri("neighbour-link", "E10009997", "1"), IG.neighbour) == \
        council_iri("E10009998")
    assert (oldtown, IG.statisticalNeighbour, northmoor) in g
    assert reports[2].rows == {"neighbours.csv": 4}
    assert reports[2].release == "neighbours"


def test_provenance_of_each_import(national):
    store, reports = national
    import hashlib

    g = graph_of(store, "dfe-csww")
    source = iri("source", reports[1].source)
    part = next(g.objects(source, URIRef("http://purl.org/dc/terms/hasPart")))
    assert g.value(part, IG.fileSha256) == Literal(hashlib.sha256(CSWW.read_bytes()).hexdigest())
    assert g.value(part, IG.rowCount) == Literal(len(csww_rows()), datatype=XSD.integer)
    node = URIRef(str(graph_iri("dfe-csww")))
    assert g.value(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) == source
    assert reports[1].release == "2024"


def test_reimport_replaces(national):
    store = MemoryStore()
    import_workforce(store, CSWW)
    size = len(store.dataset)
    report = import_workforce(store, CSWW)
    assert report.replaced and len(store.dataset) == size


# --- bad input -------------------------------------------------------------------------------

def _broken(tmp_path: Path, column: str, value: str, row: int = 5) -> Path:
    with open(CSWW, encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    col = table[0].index(column)
    table[row - 1][col] = value
    path = tmp_path / "csww.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    return path


@pytest.mark.parametrize("column, value, message", [
    ("time_period", "2023/24", "row 5, column 'time_period': malformed period '2023/24' "
     "(expected a year such as 2019)"),
    ("turnover_rate_fte", "12,5%", "row 5, column 'turnover_rate_fte': '12,5%' is not a number "
     "(nor a suppression marker such as x, z, c or u)"),
    ("new_la_code", "E0609999", "row 5, column 'new_la_code': malformed area code 'E0609999' "
     "(expected a GSS code such as E10000032)"),
    ("geographic_level", "Ward", "row 5, column 'geographic_level': unknown geographic level "
     "'Ward' (expected National, Regional or Local authority)"),
    ("old_la_code", "99", "row 5, column 'old_la_code': malformed DfE code '99' (expected three "
     "digits)"),
    ("caseload_fte", "caseload", "row 1, column 'caseload (caseload-fte)': required column "
     "missing"),
])
def test_bad_workforce_input(tmp_path, column, value, message):
    path = _broken(tmp_path, column, value, row=1 if value == "caseload" else 5)
    store = MemoryStore()
    with pytest.raises(ImportFormatError) as err:
        import_workforce(store, path)
    assert str(err.value).startswith(f"{path}, {message}")
    assert len(store.dataset) == 0


def test_neighbours_before_the_workforce_import_are_reported_not_guessed():
    store = MemoryStore()
    import_outcomes(store, FIXTURES / "ofsted")
    report = import_neighbours(store, NEIGHBOURS)
    # Newtown's and Oldtown's report links share a code, so no DfE code is known for either
    assert "996 Newtown: no council in the store has this DfE code" in report.unmatched
    assert "997 Oldtown (Pre LG): no council in the store has this DfE code" in report.unmatched
    g = graph_of(store, "dfe-statistical-neighbours")
    assert (council_iri("E06009999"), IG.statisticalNeighbour, council_iri("E10009998")) in g
    assert not list(g.subjects(IG.neighbourOf, council_iri("E06009996")))


def test_bad_neighbour_input(tmp_path):
    text = NEIGHBOURS.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "sn.csv"
    path.write_text("\n".join([text[0].replace("SN7,", "Seventh,")] + text[1:]), encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"column 'SN7': required column missing"):
        import_neighbours(MemoryStore(), path)
    path.write_text("\n".join([text[0], text[1].replace("998,", "9x8,", 1)] + text[2:]),
                    encoding="utf-8")
    with pytest.raises(ImportFormatError) as err:
        import_neighbours(MemoryStore(), path)
    assert str(err.value) == (f"{path}, row 2, column 'SN1': malformed DfE code '9x8' "
                              "(expected three digits)")
