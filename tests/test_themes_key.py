"""Passage themes against the hand-checked sample (``tests/fixtures/reports/themes_checked.csv``).

Each row names a passage of a report in ../shared (folder, file, passage ordinal, page and
offsets), the themes the classifier gave it when it was read, which of them the reader judged
right or wrong and the themes the reader found that it missed. The floors are what the
classifier reaches on the sample: 176 of 203 themes given right (86.7 %).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, need_shared

from benchmarks.reports import THEMES_KEY, read_themes_key, score_themes


def _scheme_themes() -> set[str]:
    from graph import vocab

    return {str(s).rsplit("/", 1)[-1] for s in vocab.load_schemes().subjects()
            if "/scheme/theme/" in str(s)}


def test_the_sample_holds_identifiers_and_labels_only():
    assert THEMES_KEY == FIXTURES / "reports" / "themes_checked.csv"
    with open(THEMES_KEY, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) == {"folder", "file", "passage", "page", "start", "end", "stratum",
                            "themes", "correct", "wrong", "missed"}
    assert len(rows) >= 100
    assert len({(r["folder"], r["file"]) for r in rows}) >= 50  # drawn across many reports
    themes = _scheme_themes()
    for r in rows:
        given = set(r["themes"].split(";"))
        judged = {t for t in (r["correct"] + ";" + r["wrong"]).split(";") if t}
        assert judged == given, r  # every theme given is judged right or wrong
        assert {t for t in r["missed"].split(";") if t} <= themes - given
        assert all(len(v) <= 120 for v in r.values())  # no passage text
    strata = {r["stratum"] for r in rows}
    assert len(strata) >= 30  # stratified over the themes the classifier gives


@pytest.fixture(scope="module")
def scored():
    import multiprocessing

    from graph.sources.reports.reading import read_report

    root = need_shared("data", "ofsted-reports")
    key = read_themes_key()
    files = sorted({str(root / r["folder"] / r["file"]) for r in key})
    missing = [f for f in files if not Path(f).is_file()]
    assert not missing, missing[:3]
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        facts = pool.map(read_report, files)
    return score_themes(facts, key)


def test_every_passage_of_the_sample_is_found(scored):
    assert not scored["unmatched"], scored["unmatched"][:5]
    assert scored["passages"] >= 100


def test_theme_precision_floor(scored):
    right, given = scored["all"]
    assert right / given >= 0.86, scored["themes"]
    assert right >= 170  # precision is not bought by giving fewer themes
    # no theme given five times or more is wrong more often than right
    assert all(h[0] / h[1] >= 0.5 for h in scored["themes"].values() if h[1] >= 5), \
        scored["themes"]
