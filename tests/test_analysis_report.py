"""The analysis report (Markdown, self-contained HTML, PNG plots) and the analysis commands."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.analysis import report as analysis_report
from graph.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"

PNG = b"\x89PNG\r\n\x1a\n"


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def report_dir(bundled_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    analysis_report.write_report(bundled_graph, out, made="2026-01-02")
    return out


def test_report_files_are_written(report_dir):
    names = sorted(p.name for p in report_dir.iterdir())
    assert names == ["analysis.html", "analysis.md", "degree-distribution.png",
                     "grades-over-time.png", "workforce-by-grade.png"]
    for png in report_dir.glob("*.png"):
        assert png.read_bytes().startswith(PNG)


def test_markdown_has_every_table_and_labelled_figures(report_dir):
    md = (report_dir / "analysis.md").read_text(encoding="utf-8")
    for title in ("Most central entities", "Communities", "Causes", "Root causes",
                  "Longest chain (4 links)", "Careers", "Themes found together",
                  "Grades over time", "Workforce by grade", "Degree distribution"):
        assert title in md, title
    assert "| Person | 1 | John Readman |" in md
    assert "| John Readman | Lancashire County Council | Director of children's services |" in md
    for name in ("grades-over-time.png", "workforce-by-grade.png", "degree-distribution.png"):
        assert f"]({name})" in md
    captions = re.findall(r"^\*Source: (.+)\*$", md, flags=re.M)
    assert len(captions) == 3
    assert all("Made 2026-01-02" in c for c in captions)
    assert "Chronic instability" in captions[0]  # the grades come from the article's record


def test_html_is_one_self_contained_page(report_dir):
    page = (report_dir / "analysis.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert links and all(link.startswith("data:image/png;base64,") for link in links)
    assert "<link" not in page and "<script" not in page and "@import" not in page
    images = [base64.b64decode(link.split(",", 1)[1]) for link in links]
    assert len(images) == 3 and all(img.startswith(PNG) for img in images)
    assert page.count("<figcaption>Source: ") == 3


@pytest.mark.browser
def test_html_report_opens_offline_in_chromium(report_dir, offline_page):
    offline_page.goto((report_dir / "analysis.html").as_uri())
    loaded = offline_page.evaluate(
        "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
    assert loaded == [True, True, True]
    assert offline_page.external_requests == []
    titles = offline_page.locator("h2").all_inner_texts()
    assert "Grade journeys" in titles and len(titles) == 9


def test_report_with_workforce_figures_has_their_tables(tmp_path):
    from rdflib import Dataset

    import graph
    from graph import vocab
    from graph.store import MemoryStore

    ds = Dataset(default_union=True)
    ds.parse(FIXTURES / "analysis" / "workforce.trig", format="trig")  # fictional councils
    store = MemoryStore()
    store.replace_graph(vocab.ONTOLOGY_GRAPH, vocab.load_ontology())
    store.add_dataset(ds)
    analysis_report.write_report(graph.InspectionGraph(store), tmp_path, made="2026-01-02")
    md = (tmp_path / "analysis.md").read_text(encoding="utf-8")
    assert "### Grade and figure: correlation and gap, with intervals" in md
    assert "resamples of councils" in md
    # turnover of the three inadequate councils: 22.4, 25.1 and 27.0
    assert "| turnover-rate-fte | Inadequate | 3 | 25.1 |" in md


def test_a_failed_report_leaves_the_previous_one(bundled_graph, tmp_path, monkeypatch):
    analysis_report.write_report(bundled_graph, tmp_path, made="2026-01-02")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(analysis_report, "_html", broken)
    with pytest.raises(RuntimeError):
        analysis_report.write_report(bundled_graph, tmp_path, made="2026-01-03")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- commands -------------------------------------------------------------------------------
def test_analyze_command_writes_the_report(tmp_path):
    result = run("analyze", "--out", str(tmp_path / "out"))
    assert "Wrote 5 files to" in result.output
    assert (tmp_path / "out" / "analysis.html").exists()


def test_path_command_prints_the_sentence_and_steps():
    result = run("path", "John Readman", "Ofsted", "--steps", "--limit", "1")
    lines = result.output.splitlines()
    assert lines[0] == ("1. John Readman holds the post of director of children's services "
                        "at West Sussex County Council, whose children's services were "
                        "inspected by Ofsted.")
    assert lines[1].strip() == ("person:john-readman -org:holds-> "
                                "igid:post/E10000032/director-of-childrens-services")
    assert len(lines) == 5


def test_path_command_errors_are_one_line():
    result = run("path", "Nobody At All", "Ofsted", code=1)
    assert result.output.strip() == "Error: no entity matches 'Nobody At All'"


def test_causes_command_lists_root_causes_and_the_chain():
    out = run("causes", "--of", "long-term-harm-minority").output
    table = out.split("Longest chain")[0]
    assert len([line for line in table.splitlines() if "| Event |" in line]) == 2
    assert "were restructured in" in table and "leadership changed" in table
    assert "Longest chain (4 links)" in out


def test_other_commands_print_tables(tmp_path):
    assert "John Readman | Lancashire County Council" in run("careers").output
    assert "Leadership     | Workforce stability" in run("themes", "--top", "3").output
    central = run("centrality", "--type", "Council", "--top", "1").output.splitlines()
    assert central[2].startswith("Council | 1    | West Sussex County Council")
    assert run("communities", "--top", "2").output.count("\n") >= 4
    assert "No inspection grade has a workforce figure" in run("workforce-by-grade").output
    result = run("network", "career", str(tmp_path / "career.gexf"))
    assert result.output.startswith(f"Wrote {tmp_path / 'career.gexf'}: 9 nodes, 7 edges")
    assert nx.read_gexf(tmp_path / "career.gexf").number_of_edges() == 7


def test_every_section_states_what_it_covers(bundled_graph):
    built = analysis_report.build_report(bundled_graph, made="2026-12-01")
    for section in built.sections:
        if section.title in ("Most central entities", "Communities", "Degree distribution"):
            assert "entities" in section.note, section.title  # the whole graph, counted
            continue
        assert "Coverage:" in section.note or "councils" in section.note, section.title
    causes = next(s for s in built.sections if s.title == "Causes")
    assert "from 1 source, about 1 council" in causes.note
