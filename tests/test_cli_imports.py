"""The import commands and ``build --ofsted/--workforce/--neighbours`` through the CLI."""

from __future__ import annotations

import csv

from click.testing import CliRunner
from conftest import FIXTURES

from graph.cli import main

OFSTED = FIXTURES / "ofsted"
CSWW = FIXTURES / "dfe" / "csww.csv"
NEIGHBOURS = FIXTURES / "dfe" / "neighbours.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_import_into_oxigraph_then_query_then_replace(tmp_path):
    spec = f"oxigraph:{tmp_path / 'store'}"
    first = run("import", "ofsted", OFSTED, "--store", spec)
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Imported Ofsted outcomes release as at 31 March 2024: "
                                   "15 rows -> 4 councils, 10 inspections, 4 standard "
                                   "inspections, 3 short inspections, 1 focused visit, "
                                   "2 monitoring visits, 31 judgements")
    counted = run("query", "--store", spec, "--format", "csv", "--sparql",
                  "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a ig:Inspection }")
    assert counted.output.splitlines() == ["n", "10"]
    again = run("import", "ofsted", OFSTED, "--store", spec)
    assert again.exit_code == 0 and again.output.startswith("Replaced Ofsted outcomes")
    assert run("query", "--store", spec, "--format", "csv", "--sparql",
               "SELECT (COUNT(*) AS ?n) WHERE { ?i a ig:Inspection }").output.splitlines() == \
        ["n", "10"]
    for kind, path in (("workforce", CSWW), ("neighbours", NEIGHBOURS)):
        result = run("import", kind, path, "--store", spec)
        assert result.exit_code == 0, result.output
    links = run("query", "--store", spec, "--format", "csv", "--sparql",
                "SELECT ?rank WHERE { ?l ig:neighbourOf council:E06009999 ; ig:neighbourRank "
                "?rank } ORDER BY ?rank")
    assert links.output.splitlines() == ["rank", "1", "2", "3"]


def test_import_in_memory_says_nothing_is_kept():
    result = run("import", "workforce", CSWW)
    assert result.exit_code == 0, result.output
    assert "give --store oxigraph:PATH to keep it" in result.output


def test_a_bad_file_is_one_error_line_and_exit_1(tmp_path):
    with open(OFSTED / "history.csv", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    table[3][8] = "Superb"
    path = tmp_path / "history.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    result = CliRunner().invoke(main, ["import", "ofsted", str(path)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}, row 4, column 'Overall effectiveness': unknown "
                             "grade 'Superb' (expected Outstanding, Good, Requires improvement "
                             "to be good or Inadequate)\n")


def test_build_with_the_imports_writes_the_exports(tmp_path):
    out = tmp_path / "exports"
    result = run("build", "--records", FIXTURES / "records", "--out", out, "--ofsted", OFSTED,
                 "--workforce", CSWW, "--neighbours", NEIGHBOURS)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Imported Ofsted outcomes release as at 31 March 2024")
    assert any(line.startswith("Imported DfE workforce release 2024") for line in lines)
    assert any(line.startswith("Imported DfE statistical neighbours") for line in lines)
    assert any(line.startswith("Wrote 8 files to") for line in lines)
    nt = (out / "inspection-graph.nt").read_text(encoding="utf-8")
    assert "<https://w3id.org/inspection-graph/id/statistic/dfe-csww/E06009999/2023/" \
           "turnover-rate-fte>" in nt
    # the curated 2022 inspection is enriched by the release, not duplicated
    assert "id/inspection/E06009999/2022-05-16>" not in nt
    assert ("<https://w3id.org/inspection-graph/id/inspection/E06009999/2022-05> "
            "<https://w3id.org/inspection-graph/def#reportUrl>") in nt


def test_build_is_reproducible_with_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    texts = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        result = run("build", "--records", FIXTURES / "records", "--out", out, "--ofsted",
                     OFSTED, "--workforce", CSWW)
        assert result.exit_code == 0, result.output
        texts.append((out / "inspection-graph.nt").read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    assert '"2023-11-14T22:13:20+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in texts[0]
