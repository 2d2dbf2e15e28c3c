"""Writing a record: the helper commands, the messages of a bad record, several record
folders in one build, and the reference entities a record uses without defining them."""

from __future__ import annotations

import hashlib
import textwrap

import pytest
from click.testing import CliRunner

import graph
from graph.cli import main
from graph.errors import InspectionGraphError, RecordErrors
from graph.sources.authoring import find_span, nearest_words, source_block
from graph.sources.records import read_records

TEXT = ("Ofsted has rated Hartlepool’s children’s services “inadequate” 😟 after inspectors "
        "found that children at risk waited too long for help. Ofsted said managers did not "
        "check the work of social workers often enough. The council’s director of children’s "
        "services, Dana Whitlock, said the council accepted the findings.\n")


def run(*args, ok: bool = True):
    result = CliRunner().invoke(main, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "texts" / "hartlepool.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    return path


def span_of(phrase: str, nth: int = 1) -> list[int]:
    return find_span(TEXT, phrase, nth=nth).span


def reference_record(folder, name="hartlepool.yaml", *, extra: str = "") -> str:
    """A record that uses reference entities only: no council, Ofsted or publisher defined."""
    block = source_block(folder.parent / "texts" / "hartlepool.txt", title="Council's services "
                         "rated inadequate", publisher="bbc-news", published="2022-03-03",
                         source_id="bbc-2022-03-hartlepool").to_yaml()
    body = textwrap.dedent(f"""\
        mentions:
          - entity: ofsted
            evidence: [{span_of("Ofsted")}, {span_of("Ofsted", 2)}]
          - entity: council:E06000001
            alt_labels: [Hartlepool council]
            evidence: [{span_of("Hartlepool")}]
        people:
          - id: dana-whitlock
            name: Dana Whitlock
            evidence: [{span_of("Dana Whitlock")}]
        posts:
          - id: hartlepool-dcs
            role: director-of-childrens-services
            in: council:hartlepool
            evidence: [{span_of("director of children’s services")}]
        tenures:
          - id: whitlock-hartlepool-dcs
            holder: dana-whitlock
            post: hartlepool-dcs
            status: current
            evidence: [{span_of("director of children’s services, Dana Whitlock")}]
        inspections:
          - id: hartlepool-2022
            subject: council:E06000001
            inspectorate: ofsted
            framework: ilacs
            type: standard
            start: "2022-01"
            published: "2022-03-03"
            focus: [risk]
            evidence: [{span_of("Ofsted has rated")}]
            judgements:
              - {{area: overall-effectiveness, grade: inadequate,
                 evidence: [{span_of("inadequate")}]}}
        findings:
          - id: hartlepool-oversight
            inspection: hartlepool-2022
            concerns: council:E06000001
            statement: Managers seldom checked social workers' cases.
            themes: [management-oversight, risk]
            polarity: weakness
            evidence: [{span_of("managers did not check the work of social workers")}]
        """) + extra
    path = folder / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(block + body, encoding="utf-8")
    return str(path)


# --- the helpers ---------------------------------------------------------------------------
def test_span_counts_code_points_with_curly_quotes_and_emoji(article):
    start, end = span_of("after inspectors")
    assert TEXT[start:end] == "after inspectors"
    # bytes and UTF-16 units would both put it further along: the emoji and quotes count once
    assert start == TEXT.index("after inspectors")
    assert len(TEXT[:start].encode("utf-8")) > start and len(TEXT[:start].encode("utf-16-le")
                                                             ) // 2 > start
    result = run("span", article, "after inspectors")
    assert result.stdout == f"[{start}, {end}]\n" and result.stderr == ""


def test_span_warns_when_the_phrase_repeats_and_takes_nth(article):
    first, second = TEXT.index("Ofsted"), TEXT.index("Ofsted", 1)
    result = run("span", article, "Ofsted", "--nth", "2")
    assert result.stdout == f"[{second}, {second + 6}]\n"
    assert result.stderr == (f"Warning: 'Ofsted' occurs 2 times (at {first}, {second}); this is "
                             "occurrence 2: choose another with --nth\n")
    missing = run("span", article, "Ofsted", "--nth", "3", ok=False)
    assert missing.exit_code == 1 and missing.stderr == "Error: --nth 3: 'Ofsted' occurs 2 times\n"
    quotes = run("span", article, "Hartlepool's", ok=False)
    assert quotes.stderr == ("Error: \"Hartlepool's\" does not occur in the text (the text has "
                             "curly quotes: write ’ or “ ” in the phrase)\n")


def test_source_add_hash_and_length_match_hashlib_and_len(article, tmp_path):
    result = run("source", "add", article, "--title", "Council’s services rated “inadequate”",
                 "--url", "https://example.org/news/1", "--publisher", "bbc-news",
                 "--published", "2022-03")
    lines = result.stdout.splitlines()
    assert f"  sha256: {hashlib.sha256(TEXT.encode('utf-8')).hexdigest()}" in lines
    assert f"  length: {len(TEXT)}" in lines and len(TEXT) < len(TEXT.encode("utf-8"))
    assert "  text_file: hartlepool.txt" in lines
    assert lines[:3] == ["format: 1", "source:", "  id: bbc-news-2022-03-councils-services-"
                         "rated-inadequate"]
    out = tmp_path / "new.yaml"
    assert run("source", "add", article, "--title", "T", "--out", out).stdout == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("format: 1\nsource:\n")
    bad = run("source", "add", article, "--title", "T", "--published", "March", ok=False)
    assert bad.stderr == ("Error: --published: expected a date YYYY, YYYY-MM or YYYY-MM-DD, "
                          "got 'March'\n")


def test_concepts_lists_words_and_labels():
    theme = run("concepts", "theme").stdout.splitlines()
    assert theme[0] == "theme: Themes"
    words = {line.split()[0] for line in theme[1:]}
    assert {"assessment", "child-protection", "risk", "exploitation", "missing-children",
            "mental-health", "neglect"} <= words
    assert any(line.split(None, 1) == ["child-protection", "Child protection"] for line in theme)
    every = run("concepts").stdout
    assert "framework: Inspection frameworks" in every and "\n  jtai " in every
    wrong = run("concepts", "themes", ok=False)
    assert wrong.stderr == ("Error: 'themes' is not a concept scheme; nearest: theme; see "
                            "`inspection-graph concepts`\n")


# --- messages ------------------------------------------------------------------------------
def test_an_unknown_word_names_the_nearest_ones_and_the_command(tmp_path, article):
    path = reference_record(tmp_path / "records")
    text = open(path, encoding="utf-8").read()
    text = text.replace("themes: [management-oversight, risk]", "themes: [safeguarding]")
    text = text.replace("grade: inadequate", "grade: inadequat")
    open(path, "w", encoding="utf-8").write(text)
    result = run("validate", "--records", path, ok=False)
    lines = result.stderr.splitlines()
    line_grade = text[:text.index("inadequat,")].count("\n") + 1
    line_theme = text[:text.index("[safeguarding]")].count("\n") + 1
    assert lines == [
        f"Error: {path}:{line_grade}: judgements 'overall-effectiveness': field 'grade': "
        "'inadequat' is not in the grade scheme; nearest: inadequate; see `inspection-graph "
        "concepts grade`",
        f"Error: {path}:{line_theme}: findings 'hartlepool-oversight': field 'themes': "
        "'safeguarding' is not in the theme scheme; nearest: child-protection, funding; see "
        "`inspection-graph concepts theme`"]
    assert "Traceback" not in result.output


def test_nearest_words_prefer_other_names_then_spellings():
    assert nearest_words("cse", ["exploitation", "neglect"],
                         other_names={"exploitation": ["CSE"], "neglect": []}) == ["exploitation"]
    assert nearest_words("negelct", ["neglect", "risk"]) == ["neglect"]
    assert nearest_words("zzz", ["neglect", "risk"]) == []


# --- reference entities and several folders -------------------------------------------------
def test_a_record_of_reference_entities_validates_beside_the_bundled_record(tmp_path, article):
    path = reference_record(tmp_path / "records")
    result = run("validate", "--records", path, "--sources", article.parent)
    assert result.stdout.startswith("Valid: ")
    alone = run("validate", "--no-bundled", "--records", path, "--sources", article.parent)
    assert alone.stdout.startswith("Valid: ")
    kg = graph.load([path], sources=article.parent, bundled=True)
    rows = kg.query("SELECT ?label ?g WHERE { GRAPH ?g { council:E06000001 rdfs:label ?label } }"
                    ).to_dicts()
    assert rows == [{"label": "Hartlepool",
                     "g": "https://w3id.org/inspection-graph/graph/inspection-graph-reference"}]
    # Ofsted is the bundled record's entity: one node, the new spans added to it
    assert kg.query("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a ig:Inspectorate }"
                    ).to_dicts() == [{"n": 1}]
    base = "https://w3id.org/inspection-graph/"
    spans = kg.query(f"SELECT ?start WHERE {{ GRAPH <{base}graph/bbc-2022-03-hartlepool> {{ "
                     f"<{base}id/org/ofsted> ig:evidence/oa:start ?start }} }} ORDER BY ?start"
                     ).column("start")
    assert spans == [span_of("Ofsted")[0], span_of("Ofsted", 2)[0]]
    assert kg.query("ASK { council:E06000001 skos:altLabel 'Hartlepool council' ; "
                    "org:hasPost ?p . ?p ig:role ?r "
                    "FILTER(STRENDS(STR(?r), 'role/director-of-childrens-services')) }"
                    ).boolean
    assert kg.query("ASK { ?i ig:subject council:E06000001 ; ig:visitFocus ?t "
                    "FILTER(STRENDS(STR(?t), '/theme/risk')) }"
                    ).boolean


def test_records_is_repeatable_and_duplicates_name_both_places(tmp_path, article):
    first = reference_record(tmp_path / "a")
    second = reference_record(tmp_path / "b", "other.yaml")
    text = open(second, encoding="utf-8").read().replace("bbc-2022-03-hartlepool",
                                                          "bbc-2022-03-hartlepool-again")
    open(second, "w", encoding="utf-8").write(text)
    one = run("validate", "--no-bundled", "--records", tmp_path / "a")
    assert one.stdout.startswith("Valid: ")
    both = run("validate", "--records", tmp_path / "a", "--records", second, ok=False)
    errors = both.stderr.splitlines()
    line = text[:text.index("- id: dana-whitlock")].count("\n") + 1
    assert (f"Error: {second}:{line}: duplicate id 'dana-whitlock' (people): "
            f"defined at {first}:{line} and at {second}:{line}; give one of them another id, "
            "or add spans or names to the first under 'mentions:'") in errors
    assert len(errors) == 5  # the person, post, tenure, inspection and finding, each once
    # the same file given twice is read once
    assert run("validate", "--records", first, "--records", tmp_path / "a").exit_code == 0


def test_defining_a_reference_entity_twice_points_at_mentions(tmp_path, article):
    path = reference_record(tmp_path / "records", extra=textwrap.dedent(f"""\
        organisations:
          - id: ofsted
            type: inspectorate
            label: Ofsted
            evidence: [{span_of("Ofsted")}]
        """))
    result = run("validate", "--records", path, ok=False)
    [error] = result.stderr.splitlines()
    text = open(path, encoding="utf-8").read()
    line = text[:text.index("- id: ofsted")].count("\n") + 1
    bundled = graph.files.BUNDLED_RECORDS / "communitycare-2019-05-west-sussex.yaml"
    bundled_text = bundled.read_text(encoding="utf-8")
    bundled_line = bundled_text[:bundled_text.index("- id: ofsted\n")].count("\n") + 1
    assert error == (f"Error: {path}:{line}: duplicate id 'ofsted' (organisations): defined at "
                     f"{bundled}:{bundled_line} and at {path}:{line}; 'ofsted' is a reference "
                          "entity: refer to it without defining it, and add spans or names "
                          "under 'mentions:'")
    assert run("validate", "--no-bundled", "--records", path).exit_code == 0


def test_unknown_council_and_organisation_say_what_is_accepted(tmp_path, article):
    path = reference_record(tmp_path / "records")
    text = open(path, encoding="utf-8").read().replace("in: council:hartlepool",
                                                       "in: council:atlantis")
    text = text.replace("inspectorate: ofsted", "inspectorate: offsted")
    open(path, "w", encoding="utf-8").write(text)
    with pytest.raises(RecordErrors) as exc:
        read_records(path)
    council, inspectorate = (e.message for e in exc.value.errors)
    assert council == ("posts 'hartlepool-dcs': field 'in' refers to unknown organisations id "
                       "'council:atlantis' (no council of the council-name table has that GSS "
                       "code or name)")
    assert inspectorate.startswith("inspections 'hartlepool-2022': field 'inspectorate' refers "
                                   "to unknown organisations id 'offsted' (define it under "
                                   "'organisations', or refer to a reference entity: ")


def test_joint_inspections_name_partners_and_are_not_graded(tmp_path, article):
    path = reference_record(tmp_path / "records")
    text = open(path, encoding="utf-8").read().replace(
        "framework: ilacs\n    type: standard",
        "framework: jtai\n    type: jtai\n    inspectorates: [cqc, hmicfrs, hmi-probation]")
    open(path, "w", encoding="utf-8").write(text)
    with pytest.raises(RecordErrors) as exc:
        read_records(path)
    [error] = exc.value.errors
    assert error.message == ("inspections 'hartlepool-2022': a jtai inspection is not graded: "
                             "remove its 'judgements' (write what it found as findings)")
    start = text.index("    judgements:")
    open(path, "w", encoding="utf-8").write(text[:start] + text[text.index("findings:"):])
    kg = graph.load(path, sources=article.parent)
    partners = kg.query("SELECT ?l WHERE { ?i ig:partnerInspectorate/rdfs:label ?l } ORDER BY ?l"
                        ).column("l")
    assert partners == ["Care Quality Commission", "HM Inspectorate of Constabulary and Fire & "
                        "Rescue Services", "HM Inspectorate of Probation"]


def test_authors_on_a_source_need_no_post(tmp_path, article):
    path = reference_record(tmp_path / "records")
    text = open(path, encoding="utf-8").read().replace(
        "  kind: news-article\n", "  kind: news-article\n  authors: [dana-whitlock]\n")
    open(path, "w", encoding="utf-8").write(text)
    kg = graph.load(path)
    assert kg.query("ASK { ?s schema:author ?p ; dct:identifier|rdfs:label ?x . "
                    "?p foaf:name 'Dana Whitlock' }").boolean


def test_the_span_helper_refuses_an_empty_phrase():
    with pytest.raises(InspectionGraphError):
        find_span(TEXT, "")
