"""The national graph built once per test session from ../shared, and its views.

``national_kg``: the bundled records, Ofsted's outcomes, DfE's workforce
indicators and statistical neighbours (from ``../shared/data/dfe``) and the West
Sussex Ofsted reports, in one Oxigraph store. ``national_views``: every page
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
WEST_SUSSEX_REPORTS = ("data", "ofsted-reports", "80578_west sussex")


@dataclass
class NationalViews:
    kg: object
    out: Path
    pages: list
    seconds: float


@pytest.fixture(scope="session")
def national_kg(tmp_path_factory):
    """The national graph with the West Sussex reports, in an Oxigraph store."""
    import graph
    from graph.sources.reports import import_reports
    from graph.store import open_store

    dfe = need_shared(*DFE)
    reports = need_shared(*WEST_SUSSEX_REPORTS)
    seeds = need_shared("seeds")
    store = open_store(f"oxigraph:{tmp_path_factory.mktemp('national') / 'store'}")
    built = graph.build_national(sources=seeds, ofsted=dfe / OUTCOMES,
                                 workforce=dfe / WORKFORCE, neighbours=dfe / NEIGHBOURS,
                                 store=store)
    batch = import_reports(built.graph.store, [reports])
    assert batch.ok, batch.summary()
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
