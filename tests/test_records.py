"""Bad records give one clear line naming the file and line, and nothing is written."""

from __future__ import annotations

import hashlib
import re

import pytest
from click.testing import CliRunner

import graph
from graph.cli import main
from graph.errors import RecordErrors, ValidationError
from graph.sources.records import read_records


def edit(folder, old: str, new: str) -> None:
    path = folder / "mini.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder, needle: str) -> int:
    lines = (folder / "mini.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_fixture_records_build_and_validate(mini_records, mini_sources):
    kg = graph.load(mini_records, sources=mini_sources)
    counts = kg.counts()
    assert counts["councils"] == 2 and counts["inspections"] == 2 and counts["judgements"] == 2


def errors_of(mini_records, mini_sources=None) -> list[str]:
    with pytest.raises((RecordErrors, ValidationError)) as exc:
        graph.load(mini_records, sources=mini_sources)
    return str(exc.value).splitlines()


def test_malformed_yaml_names_file_and_line(mini_records):
    edit(mini_records, "findings:\n", "findings:\n  - {id: broken, statement: [unclosed\n")
    [message] = errors_of(mini_records)
    assert re.match(r".*mini\.yaml:\d+: malformed YAML: ", message), message


def test_missing_field(mini_records):
    edit(mini_records, " polarity: strength,", "")
    [message] = errors_of(mini_records)
    line = line_of(mini_records, "mini-stable-workforce")
    assert message.endswith(f"mini.yaml:{line}: findings 'mini-stable-workforce': missing "
                            "required field 'polarity'"), message


def test_dangling_reference(mini_records):
    edit(mini_records, "holder: mini-priya-hollins, post: northmoor-dcs",
         "holder: mini-nobody, post: northmoor-dcs")
    [message] = errors_of(mini_records)
    line = line_of(mini_records, "mini-nobody")
    assert message.endswith(f"mini.yaml:{line}: tenures 'mini-hollins-northmoor-dcs': field "
                            "'holder' refers to unknown people id 'mini-nobody'"), message


def test_duplicate_id(mini_records):
    edit(mini_records, "id: mini-recruitment-2020", "id: mini-stable-workforce")
    messages = errors_of(mini_records)
    assert any("duplicate id 'mini-stable-workforce'" in m for m in messages), messages


def test_unknown_field_and_unknown_concept(mini_records):
    edit(mini_records, "themes: [workforce-stability]", "themes: [no-such-theme]")
    [message] = errors_of(mini_records)
    assert "'no-such-theme' is not in the theme scheme; " in message
    assert message.endswith("; see `inspection-graph concepts theme`")
    edit(mini_records, "polarity: strength", "polarity: strength, colour: red")
    theme, colour = errors_of(mini_records)  # every problem of the file at once
    assert "'no-such-theme' is not in the theme scheme" in theme
    assert "unknown field 'colour'" in colour


def test_span_past_the_end(mini_records):
    edit(mini_records, "evidence: [[697, 787]]", "evidence: [[697, 799]]")
    [message] = errors_of(mini_records)
    line = line_of(mini_records, "[697, 799]")
    assert message.endswith(f"mini.yaml:{line}: comments 'mini-comment-1': evidence span "
                            "[697, 799] runs past the end of source 'mini-news' (788 characters)")


def test_wrong_hash(mini_records, mini_sources):
    edit(mini_records, "sha256: 8da6761d", "sha256: 0da6761d")
    [message] = errors_of(mini_records, mini_sources)
    actual = hashlib.sha256((mini_sources / "mini.txt").read_bytes()).hexdigest()
    assert f"SHA-256 of mini.txt is {actual}, the record declares 0da6761d" in message


def test_shacl_violation_names_the_record_line(mini_records):
    edit(mini_records, "post: eastfield-dcs, status: former,",
         "post: eastfield-dcs, status: former, start: \"2021\", end: \"2019\",")
    messages = errors_of(mini_records)
    line = line_of(mini_records, "mini-hollins-eastfield-dcs")
    assert any(m.startswith(f"{mini_records / 'mini.yaml'}:{line}: ") for m in messages), messages


def test_several_problems_are_all_reported(mini_records):
    edit(mini_records, " polarity: strength,", "")
    edit(mini_records, "holder: mini-priya-hollins, post: northmoor-dcs",
         "holder: mini-nobody, post: northmoor-dcs")
    with pytest.raises(RecordErrors) as exc:
        read_records(mini_records)
    # every problem at once, in the order of the file: the reference, then the missing field
    tenure, finding = (str(e) for e in exc.value.errors)
    assert tenure.endswith("mini.yaml:16: tenures 'mini-hollins-northmoor-dcs': field 'holder' "
                           "refers to unknown people id 'mini-nobody'")
    assert finding.endswith("findings 'mini-stable-workforce': missing required field "
                            "'polarity'")


@pytest.mark.parametrize("old,new", [
    ("findings:\n", "findings:\n  - {id: broken, statement: [unclosed\n"),
    ("evidence: [[697, 787]]", "evidence: [[697, 799]]"),
    ("holder: mini-priya-hollins, post: northmoor", "holder: mini-nobody, post: northmoor"),
])
def test_bad_input_writes_nothing_and_keeps_old_exports(mini_records, mini_sources, tmp_path,
                                                        old, new):
    out = tmp_path / "out"
    runner = CliRunner()
    ok = runner.invoke(main, ["build", "--records", str(mini_records), "--sources",
                              str(mini_sources), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    def snapshot() -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    before = snapshot()
    assert "views/index.html" in before
    edit(mini_records, old, new)
    bad = runner.invoke(main, ["build", "--records", str(mini_records), "--out", str(out)])
    assert bad.exit_code == 1
    assert bad.output.startswith("Error: ") and "mini.yaml:" in bad.output
    assert "Traceback" not in bad.output
    assert snapshot() == before
