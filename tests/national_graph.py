"""The national graph built once per test session from ../shared, and its views.

``national_kg``: the bundled records, Ofsted's outcomes, DfE's workforce
indicators and statistical neighbours (from ``../shared/data/dfe``) and every
Ofsted report of ``../shared/data/ofsted-reports`` (some of its files are web
pages saved under a ``.pdf`` name: those fail, each with its reason, and the
rest import), in one Oxigraph store in memory. ``national_views``: every page
written from it with the shared boundaries, once. Test modules import the
fixtures they use (``from national_graph import national_kg, national_views``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import need_shared

DFE = ("data", "dfe")
OUTCOMES = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
WORKFORCE = "csww_indicators_2017_to_2025.csv"
NEIGHBOURS = "New_Statistical_Neighbour_Groupings_April_2021.csv"
LOOKUP = "LTLA-UTLA_Apr23_Lookup_England-Wales.csv"
REPORTS = ("data", "ofsted-reports")
WEST_SUSSEX_REPORTS = (*REPORTS, "80578_west sussex")


@dataclass
class NationalViews:
    kg: object
    out: Path
    pages: list
    seconds: float


@pytest.fixture(scope="session")
def national_kg():
    """The national graph with every shared report, in an in-memory Oxigraph store."""
    import graph
    from graph.sources.reports import import_reports
    from graph.store import OxigraphStore

    dfe = need_shared(*DFE)
    reports = need_shared(*REPORTS)
    seeds = need_shared("seeds")
    store = OxigraphStore()  # in memory: the views read it twice as fast as from disk
    built = graph.build_national(sources=seeds, ofsted=dfe / OUTCOMES,
                                 workforce=dfe / WORKFORCE, neighbours=dfe / NEIGHBOURS,
                                 store=store)
    batch = import_reports(built.graph.store, [reports])
    files = sorted(reports.rglob("*.pdf"))
    with_pdf_header = {p.resolve() for p in files if p.read_bytes()[:5] == b"%PDF-"}
    failed = {Path(path).resolve(): message for path, message in batch.failed}
    # exactly the files that are not PDFs fail, each saying so; every PDF imports
    assert set(failed) == {p.resolve() for p in files} - with_pdf_header, batch.summary()
    assert all("not a PDF file" in message for message in failed.values()), batch.summary()
    assert {Path(r.path).resolve() for r in batch.imported} == with_pdf_header, batch.summary()
    return built.graph


@pytest.fixture(scope="session")
def national_views(national_kg, tmp_path_factory) -> NationalViews:
    """Every page of the national graph, written once, the map drawn from the shared files."""
    from graph.views.pages import write_all

    boundaries = need_shared("data", "geo", "local_authority_districts_boundaries.json")
    lookup = need_shared(*DFE, LOOKUP)
    out = tmp_path_factory.mktemp("national-views")
    started = time.perf_counter()
    pages = write_all(national_kg, out, sources=need_shared("seeds"), boundaries=boundaries,
                      lookup=lookup)
    return NationalViews(national_kg, out, pages, time.perf_counter() - started)
