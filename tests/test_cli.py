"""The command line, through click's runner (data set up with the API)."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from graph.cli import main
from graph.exports import EXPORTS


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(main, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_build_writes_every_export_and_a_summary(tmp_path, seeds_dir):
    result = run("build", "--sources", str(seeds_dir), "--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(EXPORTS)
    assert (tmp_path / "views" / "index.html").is_file()
    assert (tmp_path / "views" / "overview.html").is_file()
    assert re.search(r"^Wrote 8 files to .* and \d+ HTML views to .*views in ", result.output, re.M)
    summary = result.output.splitlines()[-1]
    assert re.match(r"^[\d,]+ triples in 5 graphs \([\d,]+ stated, [\d,]+ derived\): "
                    r"3 councils, 5 people, ", summary), summary
    assert "2 inspections, 5 judgements" in summary


def test_build_without_views(tmp_path):
    run("build", "--no-views", "--out", str(tmp_path))
    assert not (tmp_path / "views").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(EXPORTS)


def test_query_json_is_sparql_results_json():
    result = run("query", "--format", "json", "--sparql",
                 "SELECT ?label WHERE { council:E10000032 rdfs:label ?label }")
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["label"]
    assert data["results"]["bindings"] == [
        {"label": {"type": "literal", "value": "West Sussex County Council"}}]


def test_query_csv_and_table_and_file(tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?g WHERE { ?i ig:judgement/ig:grade ?g } ORDER BY ?g LIMIT 1",
                 encoding="utf-8")
    csv_out = run("query", "--file", str(q), "--format", "csv").output
    assert csv_out.splitlines() == ["g", "https://w3id.org/inspection-graph/scheme/grade/"
                                         "inadequate"]
    table = run("query", "--file", str(q)).output
    assert table.splitlines()[2] == "grade:inadequate"


def test_query_errors_are_one_line():
    bad = run("query", "--sparql", "SELECT ?x WHERE { ?x ", ok=False)
    assert bad.exit_code == 1
    assert bad.output.startswith("Error: SPARQL syntax error at line")
    assert len(bad.output.splitlines()) == 1
    neither = run("query", ok=False)
    assert neither.exit_code == 1 and "exactly one of --sparql or --file" in neither.output


def test_show_entity_by_label_id_and_iri(seeds_dir):
    by_label = run("show", "John Readman", "--sources", str(seeds_dir)).output
    assert "Director of children's services, Lancashire County Council" in by_label
    assert re.search(r"evidence communitycare-2019-05-west-sussex\[\d+:\d+\] 'John Readman'",
                     by_label)
    assert run("show", "john-readman").output.splitlines()[0] == by_label.splitlines()[0]
    assert run("show", "person:john-readman").output.splitlines()[0] == \
        by_label.splitlines()[0]
    unknown = run("show", "Nobody At All", ok=False)
    assert unknown.exit_code == 1
    assert unknown.output == "Error: no entity matches 'Nobody At All'\n"


def test_validate_reports_counts(seeds_dir):
    out = run("validate", "--sources", str(seeds_dir)).output
    assert out.startswith("Valid: ")
    assert re.search(r"^\d+ evidence citations checked against the source texts "
                     r"\(\d+ distinct spans\)$", out, re.M)


def test_help_lists_every_command():
    out = run("--help").output
    for name in ("build", "validate", "query", "show"):
        assert re.search(rf"^\s+{name}\s", out, re.M), name


def test_build_lists_the_facts_still_marked_draft(tmp_path):
    import shutil

    from conftest import FIXTURES

    folder = tmp_path / "records"
    folder.mkdir()
    text = (FIXTURES / "records" / "mini.yaml").read_text(encoding="utf-8")
    marked = text.replace("polarity: strength, evidence", "polarity: strength, draft: true, "
                          "evidence", 1)
    assert marked != text
    (folder / "mini.yaml").write_text(marked, encoding="utf-8")
    shutil.copy(FIXTURES / "sources" / "mini.txt", folder / "mini.txt")
    result = run("build", "--records", str(folder), "--no-bundled", "--sources", str(folder),
                 "--no-views", "--out", str(tmp_path / "out"))
    lines = result.output.splitlines()
    at = lines.index("1 drafted facts not reviewed yet (remove 'draft: true' once checked):")
    line_no = next(n for n, t in enumerate(marked.splitlines(), 1) if "draft: true" in t)
    assert lines[at + 1] == f"  {folder / 'mini.yaml'}:{line_no}: findings mini-stable-workforce"
