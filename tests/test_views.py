"""The HTML views as files: what they hold, that they are safe, deterministic and self-contained.

The browser tests (tests/test_views_browser.py) open the same pages in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from national_fixture import add_national

import graph
from graph.cli import main
from graph.views.pages import BULK_TYPES, EGO_LIMIT, HUB_DEGREE, VIEW_LIMIT, write_all

HOSTILE_LABEL = '<img src=x onerror="window.__pwned=1;alert(1)">'
HOSTILE_STATEMENT = "</script><script>window.__pwned=2</script> & <!-- a comment"
DATA = re.compile(r'<script type="application/json" id="view-data">(.*?)</script>', re.S)


def within_two(undirected, centre) -> set:
    """Everything two links from ``centre``, not going on through another council or region,
    a thing of a bulk kind (finding, statistic ...) or a hub (more than HUB_DEGREE links
    to things of other kinds); the centre excepted."""
    kind = undirected.nodes
    reach = {centre}
    for node in undirected.neighbors(centre):
        reach.add(node)
        if kind[node]["type"] in ("Council", "Region", "Country") or \
                kind[node]["type"] in BULK_TYPES:
            continue
        main = [o for o in undirected.neighbors(node) if kind[o]["type"] not in BULK_TYPES]
        if len(main) <= HUB_DEGREE:
            reach.update(undirected.neighbors(node))
    return reach


def page_data(path: Path) -> dict:
    """The JSON data block of a view page."""
    return json.loads(DATA.search(path.read_text(encoding="utf-8")).group(1))


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def hostile_records(tmp: Path) -> Path:
    """The fictional fixture records with a hostile council label and finding statement."""
    source = Path(__file__).parent / "fixtures" / "records" / "mini.yaml"
    text = source.read_text(encoding="utf-8")
    assert "label: Northmoor Borough Council" in text
    text = text.replace("label: Northmoor Borough Council",
                        "label: " + json.dumps(HOSTILE_LABEL))
    old = "statement: A settled social work staff was the service's chief strength."
    assert old in text
    text = text.replace(old, "statement: " + json.dumps(HOSTILE_STATEMENT))
    folder = tmp / "hostile-records"
    folder.mkdir()
    (folder / "mini.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bundled_views(tmp_path_factory, bundled_graph):
    out = tmp_path_factory.mktemp("views") / "out"
    pages = write_all(bundled_graph, out)
    return out, pages


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory, mini_sources):
    return graph.load(hostile_records(tmp_path_factory.mktemp("hostile")), sources=mini_sources)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    kg = graph.load(validate=False)
    expected = add_national(kg)
    out = tmp_path_factory.mktemp("national") / "views"
    pages = write_all(kg, out, radius=2)
    return kg, expected, out, pages


def test_every_view_is_written_with_its_library_beside_it(bundled_views):
    out, pages = bundled_views
    kinds = {p.kind for p in pages}
    assert {"index", "overview", "causal", "careers", "ontology", "ego"} <= kinds
    assert "national" not in kinds  # the curated records alone have no regions
    for name in ("vis-network.min.js", "vis-network.css", "view.js", "view.css", "pages.js"):
        assert (out / "lib" / name).stat().st_size > 0
    for page in pages:
        assert (out / page.path).is_file(), page.path
        html = (out / page.path).read_text(encoding="utf-8")
        root = "../" if page.path.startswith("ego/") else ""
        # every script and stylesheet is a relative file beside the page: nothing from a network
        for ref in re.findall(r'(?:src|<link [^>]*href)="([^"]+)"', html):
            assert "://" not in ref and not ref.startswith("//"), (page.path, ref)
        # links a reader may follow: pages beside it, or a source's web page (council pages)
        for ref in re.findall(r'<a [^>]*href="([^"]+)"', html):
            assert ref.startswith("https://") or "://" not in ref and not ref.startswith(
                ("//", "javascript:")), (page.path, ref)
        if page.kind not in ("index", "ontology", "council", "map"):
            assert f'src="{root}lib/vis-network.min.js"' in html


def test_ego_views_exist_for_councils_people_inspections_and_boards(bundled_views, bundled_graph):
    out, pages = bundled_views
    g = bundled_graph.to_networkx()
    wanted = {n for n, d in g.nodes(data=True)
              if d["type"] in ("Council", "Person", "Inspection", "ImprovementBoard",
                               "SafeguardingChildrenBoard", "Board")}
    centres = {page_data(out / p.path)["view"]["centre"] for p in pages if p.kind == "ego"}
    assert centres == wanted


def test_page_counts_equal_the_projections(bundled_views, bundled_graph):
    from graph.analysis.projections import career_graph, causal_graph

    out, _ = bundled_views
    g = bundled_graph.to_networkx()
    overview = page_data(out / "overview.html")
    # the curated records alone: every entity of the entity graph
    assert {n["id"] for n in overview["nodes"]} == set(g.nodes)
    assert len(overview["edges"]) == g.number_of_edges()
    causal = page_data(out / "causal.html")
    expected = causal_graph(bundled_graph)
    assert {n["id"] for n in causal["nodes"]} == set(expected.nodes)
    assert len(causal["edges"]) == expected.number_of_edges() == 15
    careers = page_data(out / "careers.html")
    expected = career_graph(bundled_graph)
    assert {n["id"] for n in careers["nodes"]} == set(expected.nodes)
    assert len(careers["edges"]) == expected.number_of_edges()


def test_ego_view_holds_everything_within_its_radius(bundled_views, bundled_graph):
    out, pages = bundled_views
    g = bundled_graph.to_networkx()
    undirected = g.to_undirected()
    for page in pages:
        if page.kind != "ego":
            continue
        data = page_data(out / page.path)
        centre = data["view"]["centre"]
        reach = within_two(undirected, centre)
        assert len(reach) <= EGO_LIMIT
        assert {n["id"] for n in data["nodes"]} == reach, page.path
        assert len(data["edges"]) == g.subgraph(reach).number_of_edges(), page.path


def test_careers_edges_name_the_post_and_years(bundled_views):
    out, _ = bundled_views
    data = page_data(out / "careers.html")
    names = {i: n["name"] for i, n in enumerate(data["nodes"])}
    readman = sorted((names[e["to"]], e["words"]) for e in data["edges"]
                     if names[e["from"]] == "John Readman")
    assert readman == [("Bristol City Council", "Director of children's services (former)"),
                       ("Lancashire County Council",
                        "Director of children's services (former)"),
                       ("West Sussex County Council",
                        "Director of children's services, 2019\u2013")]


def test_causal_view_reads_from_causes_on_the_left_to_effects_on_the_right(bundled_views):
    out, _ = bundled_views
    data = page_data(out / "causal.html")
    for edge in data["edges"]:
        assert data["nodes"][edge["from"]]["x"] < data["nodes"][edge["to"]]["x"]


def test_same_graph_same_bytes(bundled_graph, tmp_path):
    write_all(bundled_graph, tmp_path / "a")
    write_all(bundled_graph, tmp_path / "b")
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_nothing_is_written_outside_out(bundled_graph, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    out = tmp_path / "views"
    write_all(bundled_graph, out, radius=1)
    assert list(work.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["views", "work"]
    assert not list(out.rglob("*.tmp"))


def test_stale_ego_pages_are_removed_and_other_files_kept(bundled_graph, tmp_path):
    out = tmp_path / "views"
    (out / "ego").mkdir(parents=True)
    (out / "ego" / "council-gone.html").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_all(bundled_graph, out, radius=1)
    assert not (out / "ego" / "council-gone.html").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_hostile_text_never_reaches_the_html_as_markup(hostile_graph, tmp_path):
    pages = write_all(hostile_graph, tmp_path)
    council_page = next(p for p in pages if p.kind == "ego" and "E06009999" in p.path)
    for page in pages:
        html = (tmp_path / page.path).read_text(encoding="utf-8")
        assert "<img" not in html, page.path
        assert "<!--" not in html, page.path
        # one closing tag per script element: the data cannot close its own
        assert html.count("</script>") == html.count("<script"), page.path
    data = page_data(tmp_path / council_page.path)
    names = {n["name"] for n in data["nodes"]}
    assert HOSTILE_LABEL in names  # the text survives, as data
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in html  # the index escapes it


def test_national_view_places_every_council_by_latest_grade_and_region(national):
    kg, expected, out, pages = national
    data = page_data(out / "national.html")
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == set(expected["councils"])  # the former council is left out
    assert len(nodes) >= 150 and data["edges"] == []
    for iri, (region, grade, label) in expected["councils"].items():
        node = nodes[iri]
        assert node["group"] == grade
        assert f"Latest overall grade: {grade}" in node["facts"]
        assert f"Ofsted region: {region}" in node["facts"]
        if label:
            assert node["name"] == label
        assert (out / node["ego"]).is_file()
        cell = next(c for c in data["grid"]["cells"] if (c["row"], c["column"]) == (region, grade))
        assert cell["x"] <= node["x"] <= cell["x"] + cell["w"]
        assert cell["y"] <= node["y"] <= cell["y"] + cell["h"]
    for cell in data["grid"]["cells"]:
        assert cell["count"] == sum(1 for r, g, _ in expected["councils"].values()
                                    if (r, g) == (cell["row"], cell["column"]))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="national.html"' in index


def test_a_crowded_view_groups_its_figures_and_draws_at_most_150_nodes(national):
    kg, expected, out, pages = national
    crowded = next(p for p in pages if p.kind == "ego"
                   and page_data(out / p.path)["view"]["centre"] == expected["crowded"])
    data = page_data(out / crowded.path)
    assert len(data["nodes"]) <= VIEW_LIMIT == EGO_LIMIT and not crowded.cut
    groups = [n for n in data["nodes"] if "collapsed" in n]
    assert groups and {n["type"] for n in groups} == {"Statistic"}
    # every node in reach is drawn or listed in a group, each once
    members = data["members"]
    drawn = {n["id"] for n in data["nodes"] if "collapsed" not in n}
    listed = [m["id"] for m in members]
    assert len(listed) == len(set(listed)) and not drawn & set(listed)
    reach = within_two(kg.to_networkx().to_undirected(), expected["crowded"])
    assert drawn | set(listed) == reach
    for n in groups:
        inside = [m for m in members if data["nodes"][m["in"]]["id"] == n["id"]]
        assert len(inside) == n["collapsed"] and n["name"].startswith(f"{len(inside)} figures")


def test_overview_leaves_out_what_only_the_imports_state(national):
    kg, expected, out, pages = national
    data = page_data(out / "overview.html")
    ids = {n["id"] for n in data["nodes"]}
    assert set(graph.load(validate=False).to_networkx().nodes) <= ids
    fictional = {iri for iri, (_r, _g, label) in expected["councils"].items() if label}
    assert not ids & fictional


def test_radius_must_be_one_or_two(bundled_graph, tmp_path):
    from graph.errors import InspectionGraphError

    with pytest.raises(InspectionGraphError, match="radius must be 1 or 2"):
        write_all(bundled_graph, tmp_path, radius=3)
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_the_views_and_reports_them(tmp_path):
    out = tmp_path / "views"
    result = CliRunner().invoke(main, ["views", "--out", str(out), "--radius", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote ")
    assert f"Open {out}/index.html" in result.output
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
    assert f"Wrote {len(written)} pages" in result.output
    assert "index.html" in written and "overview.html" in written


def test_cli_refuses_a_bad_radius(tmp_path):
    result = CliRunner().invoke(main, ["views", "--out", str(tmp_path / "v"), "--radius", "5"])
    assert result.exit_code == 2
    assert "--radius" in result.output
    assert not (tmp_path / "v").exists()


def test_the_ontology_page_lists_every_class_property_and_scheme(bundled_views):
    from rdflib import OWL, RDF, URIRef
    from rdflib.namespace import SKOS

    from graph.vocab import IG, compact, load_ontology

    out, _ = bundled_views
    html = (out / "ontology.html").read_text(encoding="utf-8")
    g = load_ontology()
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                            SKOS.ConceptScheme, SKOS.Concept)
             for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    assert len([t for t in terms if str(t).startswith(str(IG))]) > 40
    for term in terms:
        assert f'id="{compact(term)}"' in html, term


@pytest.fixture()
def no_pyvis_lib(monkeypatch, tmp_path):
    """An installed pyvis without its lib folder, first on the path."""
    import sys
    from importlib.util import find_spec

    fake = tmp_path / "site" / "pyvis"
    shutil.copytree(Path(find_spec("pyvis").origin).parent, fake,
                    ignore=shutil.ignore_patterns("lib"))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    for name in [m for m in sys.modules if m == "pyvis" or m.startswith("pyvis.")]:
        monkeypatch.delitem(sys.modules, name)


def test_missing_vis_network_is_a_clear_error_and_writes_nothing(bundled_graph, tmp_path,
                                                                 no_pyvis_lib):
    from graph.errors import InspectionGraphError

    with pytest.raises(InspectionGraphError, match="vis-network not found"):
        write_all(bundled_graph, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_evidence_in_the_pages_is_what_the_api_gives(hostile_graph, mini_sources, tmp_path):
    from dataclasses import asdict

    from graph.views.pages import evidence_passages

    found = evidence_passages(hostile_graph, mini_sources)
    facts = {str(r[0]) for r in hostile_graph.query(
        "SELECT DISTINCT ?f WHERE { ?f ig:evidence ?span }").rows}
    assert set(found) == facts
    for fact in facts:
        assert found[fact] == [asdict(p) for p in hostile_graph.evidence(fact)], fact
    pages = write_all(hostile_graph, tmp_path)
    overview = page_data(tmp_path / "overview.html")
    shown = {n["id"]: n.get("evidence", []) for n in overview["nodes"]}
    assert {k: v for k, v in shown.items() if v} == {k: v for k, v in found.items() if k in shown}
    assert pages


def test_a_changed_source_text_is_refused_and_nothing_written(hostile_graph, mini_sources,
                                                               tmp_path):
    from graph.errors import InspectionGraphError

    changed = tmp_path / "sources"
    changed.mkdir()
    text = (mini_sources / "mini.txt").read_text(encoding="utf-8")
    (changed / "mini.txt").write_text(text.replace("Northmoor", "Southmoor"), encoding="utf-8")
    with pytest.raises(InspectionGraphError, match="mini.txt: text differs"):
        write_all(hostile_graph, tmp_path / "out", sources=changed)
    assert not (tmp_path / "out").exists()


def test_same_bytes_across_processes_with_other_hash_seeds(tmp_path):
    import os
    import subprocess
    import sys

    code = ("import sys, graph; from graph.views import write_all; "
            "write_all(graph.load(validate=False), sys.argv[1])")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / seed)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    a, b = tree(tmp_path / "1"), tree(tmp_path / "2")
    assert a.keys() == b.keys() and [n for n in a if a[n] != b[n]] == []


def test_grouping_keeps_people_inspections_and_judgements_before_findings():
    import networkx as nx

    from graph.views.pages import collapse_nodes

    g = nx.MultiDiGraph()
    g.add_node("c", type="Council")
    parent = {}
    for i in range(4):
        g.add_node(f"i{i}", type="Inspection")
        parent[f"i{i}"] = "c"
        for j in range(5):
            g.add_node(f"j{i}{j}", type="Judgement")
            parent[f"j{i}{j}"] = f"i{i}"
        for k in range(60):
            g.add_node(f"f{i}-{k}", type="Finding", theme=["Leadership", "Caseloads"][k % 2])
            parent[f"f{i}-{k}"] = f"i{i}"
    for p in range(6):
        g.add_node(f"p{p}", type="Person")
        parent[f"p{p}"] = "c"
    kept, groups, left = collapse_nodes(g, list(g), "c", parent, limit=VIEW_LIMIT)
    assert left == 0 and len(kept) + len(groups) <= VIEW_LIMIT
    assert {n for n in kept if g.nodes[n]["type"] != "Finding"} == {
        n for n in g if g.nodes[n]["type"] != "Finding"}
    assert sorted((x.anchor, x.label) for x in groups)[:2] == [
        ("i0", "30 findings on caseloads"), ("i0", "30 findings on leadership")]
    assert sum(len(x.members) for x in groups) == 240
    # a tighter limit groups findings by inspection, then judgements; people stay
    kept, groups, left = collapse_nodes(g, list(g), "c", parent, limit=20)
    assert left == 0 and len(kept) + len(groups) <= 20
    assert {f"p{p}" for p in range(6)} | {f"i{i}" for i in range(4)} <= set(kept)
    assert {x.kind for x in groups} == {"Finding", "Judgement"}
