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

import csv
import re
import unicodedata

import pytest
from conftest import FIXTURES, need_shared

ILACS_KEY = FIXTURES / "reports" / "ilacs_checked.csv"
AREAS = ["overall-effectiveness", "impact-of-leaders", "help-and-protection", "children-in-care",
         "care-leavers", "children-in-care-and-care-leavers"]


def _name(name: str) -> str:
    """A name compared without case, accents or punctuation ("Máire" is "maire")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z ]", " ", plain.lower()).split())


def _key_rows() -> list[dict]:
    with open(ILACS_KEY, encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if (row.get("folder") or "").strip()]


@pytest.fixture(scope="module")
def scored():
    if not ILACS_KEY.is_file():
        pytest.skip(f"{ILACS_KEY.name} is not written yet")
    from graph.errors import ReportError
    from graph.sources.reports import read_report

    root = need_shared("data", "ofsted-reports")
    out = {"reports": 0, "missing": 0, "tables": [0, 0], "dates": [0, 0],
           "recommendations": [0, 0], "leads": [0, 0], "misses": []}
    for row in _key_rows():
        name = f"{row['folder']}/{row['file']}"
        path = root / row["folder"] / row["file"]
        out["reports"] += 1
        try:
            facts = read_report(path)
        except (OSError, ReportError) as exc:
            out["missing"] += 1
            out["misses"].append(f"{name}: not read ({exc})")
            continue
        wrong = []
        for area in AREAS:
            want = row[area].strip() or None
            got = facts.judgement(area)
            if got != want:
                wrong.append(f"{area} {got or 'not found'}, key {want or 'none'}")
        out["tables"][1] += 1
        out["tables"][0] += not wrong
        out["misses"] += [f"{name}: {w}" for w in wrong]

        out["dates"][1] += 1
        if facts.start == row["start"] and facts.type == row["type"]:
            out["dates"][0] += 1
        else:
            out["misses"].append(f"{name}: start {facts.start} {facts.type}, key "
                                 f"{row['start']} {row['type']}")

        want_n, got_n = int(row["recommendations"]), len(facts.recommendations)
        out["recommendations"][1] += 1
        if got_n == want_n:
            out["recommendations"][0] += 1
        else:
            out["misses"].append(f"{name}: recommendations {got_n}, key {want_n}")

        want_leads = {_name(n) for n in row["lead_inspector"].split(";") if n.strip()}
        got_leads = {_name(n) for n, _ in facts.lead_inspectors}
        out["leads"][1] += 1
        if got_leads == want_leads:
            out["leads"][0] += 1
        else:
            out["misses"].append(f"{name}: lead inspector {sorted(got_leads) or 'none'}, "
                                 f"key {sorted(want_leads)}")
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
