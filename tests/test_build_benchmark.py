"""The build benchmark's baseline loads what the files hold; its page section is rewritten."""

from __future__ import annotations

import csv

import pytest

from benchmarks import build as bench


def test_baseline_loads_one_quad_per_filled_cell(tmp_path):
    pytest.importorskip("python_calamine")
    import sys

    sys.path.insert(0, str(bench.ROOT / "tests"))
    from ods_writer import write_ods

    data = tmp_path / "data"
    data.mkdir()
    write_ods(data / bench.FILES["ofsted"], {"Sheet": [["a", "b"], ["1", ""], ["", "x"]]},
              link_column=None)
    for kind, rows in (("workforce", [["h1", "h2"], ["v", "w"]]), ("neighbours", [["n"]])):
        with open(data / bench.FILES[kind], "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
    work = tmp_path / "work"
    work.mkdir()
    assert bench.baseline(data, work) == 4 + 4 + 1
    written = sorted(p.name for p in (work / "baseline-out").iterdir())
    assert written == ["baseline.jsonld", "baseline.nq", "baseline.nt", "baseline.trig",
                       "baseline.ttl"]
    assert (work / "baseline-out" / "baseline.nq").read_text().count("\n") == 9


def test_report_and_the_page_section(tmp_path):
    results = {"repeat": 3, "load": (1.0, 1.0, 1.0), "load_end": (2.0, 2.0, 2.0),
               "started": "2026-12-02 07:00 UTC",
               "national": {"build": [(9.0, 8.0), (10.0, 9.0), (11.0, 9.5)],
                            "baseline": [(4.0, 3.0), (5.0, 3.0), (6.0, 3.0)],
                            "baseline_quads": 56_635, "ratio": 2.0, "cpu_ratio": 3.0},
               "main": {"now": [(2.0, 1.0)] * 3, "before": [(5.0, 4.0)] * 3,
                        "commit": "76b8152", "ratio": 0.4, "cpu_ratio": 0.25}}
    lines = bench.report(results)
    assert any("national build" in line and "10.00 s" in line and "ratio 2.00x" in line
               and "met" in line and "9.00 s vs 3.00 s, 3.00x" in line for line in lines)
    assert any("main job" in line and "at 76b8152 5.00 s" in line and "0.40x" in line
               for line in lines)
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\nother sections\n", encoding="utf-8")
    bench.write_doc(page, results)
    once = page.read_text(encoding="utf-8")
    bench.write_doc(page, results)
    assert page.read_text(encoding="utf-8") == once  # the section replaced, not repeated
    assert once.startswith("# Benchmarks\n\nother sections\n") and once.count("## Build") == 1
