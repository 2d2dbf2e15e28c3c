"""The report reader against the hand-checked answer key of SIF reports (when it is there).

``tests/fixtures/reports/sif_checked.csv`` lists, per SIF report of ../shared, the grade of
each area, the number of recommendations and the lead inspector, read by a person. The
issue's targets: the whole table right in at least 99 % of reports, recommendation counts
right in at least 95 %, and no wrong grade written without a warning.
"""

from __future__ import annotations

import pytest
from conftest import need_shared

from benchmarks.reports import SIF_KEY, read_key, score_key


@pytest.fixture(scope="module")
def scored():
    if not SIF_KEY.is_file():
        pytest.skip(f"{SIF_KEY.name} is not written yet")
    from graph.sources.reports.rdf import import_reports
    from graph.store import MemoryStore

    key = read_key(SIF_KEY)
    root = need_shared("data", "ofsted-reports")
    files = [root / row["folder"].strip() / row["file"].strip() for row in key]
    batch = import_reports(MemoryStore(), [f for f in files if f.is_file()])
    return score_key(batch.facts, key)


def _share(hit: list[int]) -> float:
    return hit[0] / hit[1] if hit[1] else 0.0


def test_the_key_covers_at_least_forty_sif_reports_all_read(scored):
    assert scored["tables"][1] >= 40
    assert scored["missing_files"] == 0, scored["misses"][:5]


def test_sif_tables_whole_right_in_99_percent(scored):
    assert _share(scored["tables"]) >= 0.99, "\n".join(scored["misses"])


def test_sif_recommendation_counts_right_in_95_percent(scored):
    assert _share(scored["recommendations"]) >= 0.95, "\n".join(scored["misses"])


def test_no_wrong_grade_without_a_warning(scored):
    assert scored["unwarned"] == 0, "\n".join(scored["misses"])


def test_lead_inspector_named_in_99_5_percent(scored):
    assert _share(scored["leads"]) >= 0.995, "\n".join(scored["misses"])
