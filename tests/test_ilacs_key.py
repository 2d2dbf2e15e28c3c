"""The report reader against the hand-checked key of ILACS reports (when it is there).

``tests/fixtures/reports/ilacs_checked.csv`` lists, per ILACS standard or short inspection
report of ../shared, the fieldwork start, the type, the grade of each judgement, the number
of "what needs to improve" items and the lead inspector, read by a person. Each listed
report is read with :func:`graph.sources.reports.read_report` and compared. The targets:
recommendation counts right in at least 99 % of the reports, the lead inspector named in at
least 99.5 %, the whole judgement table right in at least 99.5 % (the start and type held
to the table's target). Every miss is printed and named in the failing assertion.
"""

from __future__ import annotations

import pytest
from conftest import need_shared

from benchmarks.reports import ILACS_KEY, read_key, score_ilacs_key


@pytest.fixture(scope="module")
def scored():
    from graph.errors import ReportError
    from graph.sources.reports import read_report

    root = need_shared("data", "ofsted-reports")
    key = read_key(ILACS_KEY)
    facts, unread = [], []
    for row in key:
        try:
            facts.append(read_report(root / row["folder"] / row["file"]))
        except (OSError, ReportError) as exc:
            unread.append(f"{row['folder']}/{row['file']}: not read ({exc})")
    out = score_ilacs_key(facts, key)
    out["reports"] = len(key)
    out["missing"] = out["missing_files"]
    out["misses"] = unread + out["misses"]
    print(f"\nILACS key: {out['reports']} reports; tables {out['tables']}, start and type "
          f"{out['dates']}, recommendation counts {out['recommendations']}, lead inspectors "
          f"{out['leads']}; misses {len(out['misses'])}")
    for miss in out["misses"]:
        print("  -", miss)
    return out


def _share(hit: list[int]) -> float:
    return hit[0] / hit[1] if hit[1] else 0.0


def _misses(scored) -> str:
    return "\n".join(scored["misses"]) or "no misses"


def test_the_key_covers_at_least_sixty_ilacs_reports_all_read(scored):
    assert scored["reports"] >= 60
    assert scored["missing"] == 0, _misses(scored)


def test_ilacs_recommendation_counts_right_in_99_percent(scored):
    assert _share(scored["recommendations"]) >= 0.99, _misses(scored)


def test_ilacs_lead_inspector_named_in_99_5_percent(scored):
    assert _share(scored["leads"]) >= 0.995, _misses(scored)


def test_ilacs_tables_whole_right_in_99_5_percent(scored):
    assert _share(scored["tables"]) >= 0.995, _misses(scored)


def test_ilacs_start_and_type_right_in_99_5_percent(scored):
    assert _share(scored["dates"]) >= 0.995, _misses(scored)
