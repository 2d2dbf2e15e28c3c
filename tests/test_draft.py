"""Drafting a record from an article: the drafts of the fixture articles validate and build
with the bundled records (and with the national import), meet the measured floors against
the gold facts, and the ``draft`` command writes, refuses and fails as it should."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import FIXTURES, need_shared

import graph
from graph.cli import main
from graph.errors import InspectionGraphError
from graph.files import BUNDLED_RECORDS
from graph.sources.authoring import read_text
from graph.sources.draft import draft_record, known_entities
from graph.sources.records import read_records

DRAFTS = FIXTURES / "drafts"
GOLD = sorted(DRAFTS.glob("*.gold.yaml"))
OUTCOMES = ("data", "dfe", "LA_Inspection_Outcomes_as_at_31_March_2025.ods")


def run(*args, ok: bool = True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def draft_all(out: Path, *, together: bool) -> Path:
    """Every fixture article drafted into ``out``; ``together``: each knowing the ids of the
    drafts before it (so they build in one graph), else only those of the bundled records."""
    bundled = known_entities(read_records())
    taken = bundled.copy()
    for gold_path in GOLD:
        name = gold_path.name[: -len(".gold.yaml")]
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        found = draft_record(read_text(DRAFTS / f"{name}.txt"), url=gold["url"],
                             council=gold["council"], text_file=f"{name}.txt",
                             existing=taken if together else bundled)
        taken.add(found)
        (out / f"{name}.yaml").write_text(found.yaml, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    return draft_all(tmp_path_factory.mktemp("drafts"), together=True)


def test_there_are_enough_fixture_articles():
    unseen = [p for p in GOLD if yaml.safe_load(p.read_text(encoding="utf-8")).get("unseen")]
    assert len(GOLD) >= 8 and len(unseen) >= 2
    for path in GOLD:
        text = read_text(DRAFTS / path.name.replace(".gold.yaml", ".txt"))
        assert 1500 <= len(text) <= 2600


def test_each_draft_validates_alone_with_the_bundled_records(tmp_path):
    for path in sorted(draft_all(tmp_path, together=False).glob("*.yaml")):
        result = run("validate", "--records", path, "--sources", DRAFTS)
        assert result.output.startswith("Valid: "), result.output
        drafts = sum(1 for line in result.output.splitlines() if line.startswith(f"  {path}:"))
        assert drafts == path.read_text(encoding="utf-8").count("draft: true") > 10


def test_the_drafts_build_together_with_the_bundled_records(drafted):
    kg = graph.load([str(BUNDLED_RECORDS), str(drafted)], sources=DRAFTS, validate=True)
    rows = kg.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a ig:Person }").to_dicts()
    assert rows[0]["n"] > 30
    # every drafted fact is listed as unreviewed
    from graph.build.dataset import build

    result = build(read_records([str(BUNDLED_RECORDS), str(drafted)]), texts=DRAFTS)
    marks = sum(p.read_text(encoding="utf-8").count("draft: true")
                for p in drafted.glob("*.yaml"))
    assert len(result.drafts) == marks


def test_the_drafts_build_with_the_national_import(drafted):
    ods = need_shared(*OUTCOMES)
    built = graph.build_national([str(BUNDLED_RECORDS), str(drafted)], sources=DRAFTS,
                                 ofsted=ods)
    assert built.reports and "councils" in built.reports[0].summary()
    # a drafted inspection merges with Ofsted's record of it: Bradford, September 2018
    rows = built.graph.query("""
        SELECT DISTINCT ?g WHERE {
          GRAPH ?g { <https://w3id.org/inspection-graph/id/inspection/E08000032/2018-09> ?p ?o }
        }""").to_dicts()
    graphs = {row["g"].rsplit("/", 1)[-1] for row in rows}
    assert {"ofsted-outcomes", "article-2018-09-bradford-childrens-services-inadequate-says-"
            "ofsted"} <= graphs, graphs


# --- the measured floors --------------------------------------------------------------------
def _scores():
    from benchmarks.drafts import score_folder, totals

    articles = score_folder(DRAFTS)
    return (articles, totals([a for a in articles if not a.unseen]),
            totals([a for a in articles if a.unseen]))


def test_the_draft_meets_the_targets_on_the_fixtures():
    articles, seen, unseen = _scores()
    for article in articles:  # every council named, every grade stated
        assert article.scores["councils"].recall == 1.0, article.name
        assert article.scores["grades"].recall == 1.0, article.name
    for totals in (seen, unseen):
        assert totals["people"].recall >= 0.9 and totals["people"].precision >= 0.9
        assert totals["statistics"].recall >= 0.8 and totals["statistics"].precision >= 0.8
        assert totals["grades"].precision >= 0.9
        assert totals["dates"].recall >= 0.8 and totals["boards"].recall >= 0.8
    # the floors measured when these were written (unseen: 20 of 22 people with their role)
    assert seen["people"].recall == 1.0 and unseen["people"].recall >= 0.9
    assert seen["statistics"].recall == 1.0 and unseen["statistics"].recall == 1.0
    assert seen["boards"].recall == 1.0 and unseen["boards"].recall >= 0.85


def test_the_benchmark_prints_a_row_per_article_and_totals(capsys):
    from benchmarks.drafts import main as bench

    assert bench([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["article", "councils", "people", "grades", "statistics",
                                "dates", "boards"]
    assert [line.split()[0] for line in lines[-3:]] == ["seen", "unseen", "overall"]
    assert len(lines) == 2 + len(GOLD) + 3


def test_the_seed_article_is_drafted_as_the_bundled_record_states_it(tmp_path):
    """The West Sussex article (../shared/seeds): the draft finds the councils, the people with
    their posts and the grades its hand-written bundled record holds."""
    seeds = need_shared("seeds")
    (record,) = [r for r in read_records() if r.source.id == "communitycare-2019-05-west-sussex"]
    text = read_text(seeds / record.source.get("text_file"))
    found = draft_record(text, url="https://www.communitycare.co.uk/", published="2019-05",
                         text_file=record.source.get("text_file"))
    items = {i.id: i for i in record.items()}
    gss = {i.id: i.get("gss") for i in record.sections["organisations"] if i.get("gss")}
    assert set(found.councils) == set(gss.values())
    stated = {(items[t.get("holder")].get("name"), items[t.get("post")].get("role"),
               gss.get(items[t.get("post")].get("in")), t.get("status"))
              for t in record.sections["tenures"] if items[t.get("holder")].get("name")}
    drafted = {(p.name, p.role, p.org.removeprefix("council:") if p.org.startswith("council:")
                else None, p.status) for p in found.people}
    assert stated == drafted
    judged = {(i.get("start")[:4], j.get("area"), j.get("grade"))
              for i in record.sections["inspections"] for j in i.get("judgements") or []}
    assert judged == {(g.year or "2019", g.area, g.grade) for g in found.grades}
    # beside the bundled record it refers to its people, posts and inspections
    path = tmp_path / "west-sussex.yaml"
    path.write_text(found.yaml, encoding="utf-8")
    kg = graph.load([str(BUNDLED_RECORDS), str(path)], sources=seeds, validate=True)
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a ig:Inspection }").to_dicts() == [
        {"n": 2}]


# --- the rules on small texts ---------------------------------------------------------------
def test_councils_people_grades_statistics_from_a_short_text():
    text = ("Stockton on Tees Council’s services were rated “good” in May 2023, up from requires "
            "improvement in 2019. The council’s cabinet member for children, Cllr Ann Example, "
            "said nine out of 10 children were seen on time. Social workers carry caseloads of "
            "18. The leader of Hartlepool Borough Council, Bob Sample, praised the multi-agency "
            "safeguarding hub.")
    found = draft_record(text, url="https://example.org/a", existing=set())
    assert found.councils == ["E06000004", "E06000001"]
    assert {(p.name, p.role, p.org) for p in found.people} == {
        ("Ann Example", "lead-member", "council:E06000004"),
        ("Bob Sample", "council-leader", "council:E06000001")}
    assert {(g.which, g.area, g.grade, g.year) for g in found.grades} == {
        ("current", "overall-effectiveness", "good", None),
        ("previous", "overall-effectiveness", "requires-improvement", "2019")}
    assert [(s.value, s.unit) for s in found.statistics] == [(90, "percent"),
                                                            (18, "cases-per-worker")]
    assert [(b.type, b.key) for b in found.boards] == [("hub", "multi-agency safeguarding hub")]
    assert found.dates == ["2023-05", "2019"]


def test_an_adjective_is_not_a_grade():
    text = ("Ofsted said Kent Council had made good progress and that staffing was inadequate "
            "in places, but its services remain outstanding.")
    found = draft_record(text, url="https://example.org/a", existing=set())
    assert [(g.area, g.grade) for g in found.grades] == [("overall-effectiveness",
                                                          "outstanding")]


def test_an_area_after_but_takes_no_grade_from_before_it():
    text = ("Inspectors rated Rutland County Council's care of children in care as good in 2023, "
            "but said help and protection had to get better. Care leavers were rated good too; "
            "help and protection, adoption and leadership were outstanding.")
    found = draft_record(text, url="https://example.org/a", existing=set())
    graded = {(g.area, g.grade) for g in found.grades}
    assert {a for a, g in graded if g == "good"} & {"children-in-care",
                                                    "looked-after-and-permanence"}
    assert ("help-and-protection", "good") not in graded
    assert ("help-and-protection", "outstanding") in graded


def test_a_text_without_a_date_gets_this_year_and_a_note():
    found = draft_record("Ofsted rated Kent Council good.", url="https://example.org/a",
                         existing=set())
    assert [(g.area, g.grade) for g in found.grades] == [("overall-effectiveness", "good")]
    assert "# the text dates nothing: start is this year, to be corrected" in found.yaml


def test_a_visit_or_joint_inspection_is_drafted_without_grades():
    visit = draft_record("Ofsted carried out a monitoring visit to Walsall Council in May 2023. "
                         "Inspectors found progress.", url="https://example.org/a", existing=set())
    assert "    framework: ilacs\n    type: monitoring-visit\n    start: \"2023-05\"" in visit.yaml
    jtai = draft_record("A joint targeted area inspection of Norfolk in 2019 looked at neglect.",
                        url="https://example.org/a", existing=set())
    assert "framework: jtai\n    type: jtai" in jtai.yaml and "judgements" not in jtai.yaml


def test_figures_a_record_refuses_are_not_drafted(tmp_path):
    text = ("Kent " + "1" * 5000 + "% of children; 250% of staff; 99999999999 children; "
            "caseloads of " + "9" * 5000 + ". Kent was rated good.")
    found = draft_record(text, url="https://example.org/a", existing=set())
    assert found.statistics == []
    path = tmp_path / "kent.yaml"
    path.write_text(found.yaml, encoding="utf-8")
    assert read_records([str(BUNDLED_RECORDS), str(path)])


# --- the command ----------------------------------------------------------------------------
def test_draft_writes_the_record_and_refuses_to_replace_it(tmp_path):
    article = DRAFTS / "torbay-2024.txt"
    out = tmp_path / "records"
    result = run("draft", article, "--url", "https://www.bbc.co.uk/news/torbay", "--out", out)
    files = list(out.glob("*.yaml"))
    assert [f.name for f in files] == ["bbc-news-2024-01-torbay-childrens-services-no-longer-"
                                       "inadequate.yaml"]
    assert result.output.splitlines()[0] == (
        f"Wrote {files[0]}: 1 council, 4 people (4 posts), 6 grades, 4 statistics, 5 dates, "
        "2 boards, panels and hubs")
    written = files[0].read_text(encoding="utf-8")
    assert "publisher: bbc-news" in written and "council:E06000027" in written
    again = run("draft", article, "--url", "https://www.bbc.co.uk/news/torbay", "--out", out,
                ok=False)
    assert again.exit_code == 1
    assert again.output == f"Error: {files[0]} exists: give --force to replace it\n"
    files[0].write_text("edited", encoding="utf-8")
    run("draft", article, "--url", "https://www.bbc.co.uk/news/torbay", "--out", out, "--force")
    assert files[0].read_text(encoding="utf-8") == written
    assert run("validate", "--records", out, "--sources", DRAFTS).output.startswith("Valid: ")


def test_a_draft_refers_to_what_records_given_with_records_define(tmp_path):
    article, url = DRAFTS / "torbay-2024.txt", "https://example.org/torbay"
    run("draft", article, "--url", url, "--id", "first", "--out", tmp_path / "a")
    run("draft", article, "--url", url, "--id", "second", "--records", tmp_path / "a",
        "--out", tmp_path / "b")
    second = (tmp_path / "b" / "second.yaml").read_text(encoding="utf-8")
    assert "  - entity: nancy-okafor\n" in second and "\npeople:" not in second
    # the inspection and the earlier one are the first record's: referred to, grades as notes
    assert "  # torbay-2024 (council:E06000027, 2024-01-15) is defined by another record" in second
    assert "  # torbay-2018 (council:E06000027, 2018) is defined by another record" in second
    assert "    inspection: torbay-2024\n" in second and "judgements:" not in second
    result = run("validate", "--records", tmp_path / "a", "--records", tmp_path / "b",
                 "--sources", DRAFTS)
    assert result.output.startswith("Valid: ")


@pytest.mark.parametrize("content,args,message", [
    (b"", [], "Error: the text is empty: save the article's text first"),
    (b"\xff\xfe caf\xe9", [], "not UTF-8 text"),
    (b"Ofsted rated the service good.", [],
     "Error: no council is named in the text: give the council inspected with --council "
     "GSS-CODE"),
    (b"Kent was rated good.", ["--council", "E99999999"],
     "Error: --council: no council has the GSS code or name 'E99999999'"),
    (b"Kent was rated good.", ["--url", "ftp://example.org/a"], "Error: --url: "),
    (b"Kent was rated good.", ["--published", "May"], "Error: --published: "),
])
def test_bad_input_is_one_error_line(tmp_path, content, args, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    if "--url" not in args:
        args = [*args, "--url", "https://example.org/a"]
    result = run("draft", path, *args, "--out", tmp_path, ok=False)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert not list(tmp_path.glob("*.yaml"))


def test_draft_record_refuses_an_unknown_council():
    with pytest.raises(InspectionGraphError, match="--council"):
        draft_record("Kent was rated good.", url="https://example.org/a", council="Narnia")
