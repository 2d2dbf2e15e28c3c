"""The HTML views in a real browser: Debian's Chromium, headless, offline.

Every page is opened from file:// with every other request aborted and
recorded (the ``offline_page`` fixture). A screenshot of each page opened is
written to a folder (``INSPECTION_GRAPH_SCREENSHOTS``, or a pytest temporary
folder) whose path is printed at the end of the run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from national_fixture import add_national
from test_views import HOSTILE_LABEL, HOSTILE_STATEMENT, hostile_records, page_data

import graph
from graph.analysis.projections import career_graph, causal_graph
from graph.views.pages import VIEW_LIMIT, write_all
from graph.views.wording import dates_in_words

pytestmark = pytest.mark.browser
IG = "https://w3id.org/inspection-graph/id/"


@pytest.fixture(scope="module")
def shots(tmp_path_factory, request):
    folder = Path(os.environ.get("INSPECTION_GRAPH_SCREENSHOTS")
                  or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"views: screenshots in {folder}")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, bundled_graph):
    out = tmp_path_factory.mktemp("bundled-views")
    return bundled_graph, out, write_all(bundled_graph, out)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, mini_sources):
    kg = graph.load(hostile_records(tmp_path_factory.mktemp("hostile")), sources=mini_sources)
    out = tmp_path_factory.mktemp("hostile-views")
    return kg, out, write_all(kg, out)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    kg = graph.load(validate=False)
    expected = add_national(kg)
    out = tmp_path_factory.mktemp("national-views")
    return kg, expected, out, write_all(kg, out)


def open_view(page, path: Path, shots: Path | None = None, name: str | None = None):
    """Open a page, wait until it has drawn, check it stayed offline and raised nothing."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    if page.evaluate("!!document.getElementById('view-data')"):
        wait_ready(page)
    if shots is not None:
        page.screenshot(path=str(shots / (name or path.stem + ".png")))
    assert page.external_requests == []
    assert errors == []
    return errors


def wait_ready(page) -> None:
    """Wait until the view has drawn (the pages' CSP forbids eval, so no wait_for_function)."""
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20_000)


def node_point(page, node: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    return tuple(page.evaluate("""(id) => {
        const net = igView.network;
        const d = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById('network').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y]; }""", node))


def overlapping_boxes(page, among: list[str] | None = None) -> list[list[str]]:
    """Pairs of drawn nodes whose boxes (shape and label, as vis-network measures them)
    overlap; with ``among``, only pairs with at least one node of it. The whole graph is
    brought into view first: vis-network places a label's box when it draws it."""
    return page.evaluate("""(among) => {
        const net = igView.network;
        net.fit({animation: false});
        net.redraw();
        const only = among ? new Set(among) : null, boxes = [];
        for (const id of net.body.nodeIndices) {
          if (net.body.nodes[id].options.hidden) continue;
          boxes.push([id, net.getBoundingBox(id)]);
        }
        const found = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const [p, a] = boxes[i], [q, b] = boxes[j];
            if (only && !only.has(p) && !only.has(q)) continue;
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
              found.push([p, q]);
          }
        }
        return found;
    }""", among)


def counts_in_page(page) -> tuple[int, int]:
    return tuple(page.evaluate(
        "[Object.keys(igView.network.getPositions()).length, igView.edges.length]"))


def test_every_view_opens_offline_with_the_projection_counts(offline_page, bundled, shots):
    kg, out, pages = bundled
    g = kg.to_networkx()
    expected = {"overview.html": (g.number_of_nodes(), g.number_of_edges()),
                "causal.html": (causal_graph(kg).number_of_nodes(),
                                causal_graph(kg).number_of_edges()),
                "careers.html": (career_graph(kg).number_of_nodes(),
                                 career_graph(kg).number_of_edges())}
    for page_info in pages:
        path = out / page_info.path
        open_view(offline_page, path, shots, "bundled-" + page_info.path.replace("/", "-")
                  .replace(".html", ".png"))
        if page_info.kind in ("index", "ontology", "council", "map"):  # no graph drawn
            continue
        data = page_data(path)
        shown = counts_in_page(offline_page)
        assert shown == (len(data["nodes"]), len(data["edges"])), page_info.path
        if page_info.path in expected:
            assert shown == expected[page_info.path], page_info.path
        if page_info.kind == "ego":
            sub = g.subgraph([n["id"] for n in data["nodes"]])
            assert shown == (sub.number_of_nodes(), sub.number_of_edges())
            assert data["view"]["centre"] in offline_page.evaluate(
                "Object.keys(igView.network.getPositions())")


def test_ego_and_overview_views_open_with_no_two_node_boxes_overlapping(offline_page, bundled):
    """West Sussex's ego view and the overview, as they open: the boxes vis-network draws
    (shape and label) meet nowhere, and labels stay at least 11 pixels at the first zoom."""
    kg, out, pages = bundled
    for path in ("ego/council-E10000032.html", "overview.html"):
        open_view(offline_page, out / path)
        assert offline_page.evaluate("igView.network.getScale() * igView.fontSize") >= 11
        drawn = offline_page.evaluate("Object.keys(igView.network.getPositions()).length")
        assert drawn == len(page_data(out / path)["nodes"]) > 20, path
        assert overlapping_boxes(offline_page) == [], path


def test_search_box_focuses_the_node_found(offline_page, bundled):
    _, out, _ = bundled
    open_view(offline_page, out / "overview.html")
    offline_page.fill("#search", "john readman")
    offline_page.press("#search", "Enter")
    readman = IG + "person/john-readman"
    assert offline_page.evaluate("igView.network.getSelectedNodes()") == [readman]
    centre = offline_page.evaluate("igView.network.getViewPosition()")
    where = offline_page.evaluate(f"igView.network.getPositions(['{readman}'])['{readman}']")
    assert abs(centre["x"] - where["x"]) < 1 and abs(centre["y"] - where["y"]) < 1
    assert offline_page.inner_text("#panel-title") == "John Readman"
    offline_page.fill("#search", "no such thing anywhere")
    offline_page.press("#search", "Enter")
    assert offline_page.inner_text("#search-status") == "Nothing called that here"


def test_clicking_a_node_opens_its_facts_and_a_link_to_its_own_view(offline_page, bundled):
    kg, out, _ = bundled
    council = IG + "council/E10000032"
    open_view(offline_page, out / "ego" / "council-E10000032.html")
    assert offline_page.is_hidden("#panel")
    offline_page.mouse.click(*node_point(offline_page, council))
    assert offline_page.is_visible("#panel")
    facts = offline_page.locator("#panel-facts li").all_inner_texts()
    entity = kg.entity("council:E10000032")
    assert f"GSS code: {entity.values('ig:gssCode')[0]}" in facts
    assert f"DfE code: {entity.values('ig:dfeCode')[0]}" in facts
    assert offline_page.inner_text("#panel-title") == entity.label
    assert offline_page.is_hidden("#panel-ego")  # this is its own view already
    # another node of the view links to its own view, which opens
    inspection = IG + "inspection/E10000032/2019-02"
    # off the council's spot: two taps on one spot would be a double click (its own view)
    offline_page.evaluate(f"igView.network.focus('{inspection}', "
                          "{scale: 1.5, offset: {x: 150, y: 0}, animation: false})")
    offline_page.mouse.click(*node_point(offline_page, inspection))
    # the label with its dates in words
    assert offline_page.inner_text("#panel-title") == dates_in_words(kg.entity(inspection).label)
    assert "2019-02" not in offline_page.inner_text("#panel-title")
    facts = offline_page.locator("#panel-facts li").all_inner_texts()
    assert "Judgement: Overall effectiveness: Inadequate (West Sussex County Council, " \
        "February 2019)" in facts
    assert "Inspection of West Sussex County Council" in facts
    offline_page.click("#panel-ego")
    wait_ready(offline_page)
    assert offline_page.url.endswith("/ego/inspection-E10000032-2019-02.html")
    assert offline_page.evaluate("igView.data.view.centre") == inspection
    assert offline_page.external_requests == []


def test_the_panel_shows_the_evidence_passages(offline_page, hostile, mini_sources):
    kg, out, _ = hostile
    text = (mini_sources / "mini.txt").read_text(encoding="utf-8")
    finding = IG + "finding/mini-news/mini-stable-workforce"
    open_view(offline_page, out / "overview.html")
    offline_page.evaluate(f"igView.focusNode('{finding}')")
    assert offline_page.inner_text("#panel-title") == HOSTILE_STATEMENT
    passages = offline_page.locator("#panel-passages blockquote").all_inner_texts()
    assert passages == [text[280:334]]
    source = kg.entity(IG + "source/mini-news").label  # the source by its title
    assert offline_page.locator("#panel-passages .where").all_inner_texts() == [
        f"{source}, characters 280\u2013334"]


def test_a_hostile_label_shows_as_text_and_never_runs(offline_page, hostile, shots):
    kg, out, pages = hostile
    dialogs = []
    offline_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    council = IG + "council/E06009999"
    for name in ("overview.html", "ego/council-E06009999.html", "index.html", "careers.html"):
        open_view(offline_page, out / name, shots, "hostile-" + name.replace("/", "-")
                  .replace(".html", ".png"))
        assert offline_page.evaluate("window.__pwned") is None
        assert offline_page.evaluate("document.querySelectorAll('img').length") == 0
    open_view(offline_page, out / "overview.html")
    offline_page.fill("#search", HOSTILE_LABEL)
    offline_page.press("#search", "Enter")
    assert offline_page.evaluate("igView.network.getSelectedNodes()") == [council]
    assert offline_page.inner_text("#panel-title") == HOSTILE_LABEL
    # hover it: the tooltip shows the label as text too
    offline_page.mouse.move(*node_point(offline_page, council))
    offline_page.wait_for_selector("div.vis-tooltip", state="visible")
    assert HOSTILE_LABEL in offline_page.inner_text("div.vis-tooltip")
    offline_page.evaluate(f"igView.focusNode('{IG}finding/mini-news/mini-stable-workforce')")
    assert offline_page.inner_text("#panel-title") == HOSTILE_STATEMENT
    offline_page.wait_for_timeout(200)  # give an injected handler every chance to fire
    assert offline_page.evaluate("window.__pwned") is None
    assert offline_page.evaluate("document.querySelectorAll('img, iframe').length") == 0
    assert dialogs == []


def test_type_filters_hide_and_show_a_type(offline_page, bundled):
    kg, out, _ = bundled
    findings = [n for n, d in kg.to_networkx().nodes(data=True) if d["type"] == "Finding"]
    open_view(offline_page, out / "overview.html")
    visible = "igView.nodes.get().filter(n => !n.hidden).length"
    before = offline_page.evaluate(visible)
    box = offline_page.locator("#legend input[data-group='Finding']")
    box.uncheck()
    assert offline_page.evaluate(visible) == before - len(findings)
    assert offline_page.evaluate(f"igView.nodes.get('{findings[0]}').hidden") is True
    box.check()
    assert offline_page.evaluate(visible) == before


def test_a_crowded_view_groups_nodes_and_a_group_opens(offline_page, national, shots):
    kg, expected, out, pages = national
    crowded = next(p for p in pages if p.kind == "ego"
                   and page_data(out / p.path)["view"]["centre"] == expected["crowded"])
    data = page_data(out / crowded.path)
    open_view(offline_page, out / crowded.path, shots, "national-grouped-ego.png")
    assert offline_page.is_hidden("#cut")
    drawn = counts_in_page(offline_page)[0]
    assert drawn == len(data["nodes"]) <= VIEW_LIMIT
    group = next(n for n in data["nodes"] if n.get("collapsed"))
    offline_page.evaluate(f"igView.network.focus('{group['id']}', "
                          "{scale: 1.2, animation: false})")
    offline_page.mouse.click(*node_point(offline_page, group["id"]))
    assert offline_page.inner_text("#panel-title") == group["name"]
    assert offline_page.locator("#panel-members li").count() == group["collapsed"]
    assert overlapping_boxes(offline_page) == []
    offline_page.click("#panel-expand")
    assert counts_in_page(offline_page)[0] == drawn + group["collapsed"]
    assert offline_page.is_hidden("#panel-expand")
    # the members are drawn in free room: no box meets another one
    members = [m["id"] for m in data["members"] if data["nodes"][m["in"]]["id"] == group["id"]]
    assert len(members) == group["collapsed"]
    assert overlapping_boxes(offline_page) == []
    assert offline_page.external_requests == []


def test_national_view_is_readable_and_opens_each_councils_view(offline_page, national, shots):
    kg, expected, out, _ = national
    open_view(offline_page, out / "national.html", shots, "national.png")
    assert counts_in_page(offline_page) == (len(expected["councils"]), 0)
    report = offline_page.evaluate("""() => {
        const net = igView.network, ids = net.body.nodeIndices;
        const r = document.getElementById('network').getBoundingClientRect();
        const boxes = ids.map(id => net.getBoundingBox(id));
        let overlaps = 0, off = 0;
        for (let i = 0; i < boxes.length; i++) {
          const a = boxes[i];
          const tl = net.canvasToDOM({x: a.left, y: a.top}),
                br = net.canvasToDOM({x: a.right, y: a.bottom});
          if (tl.x < 0 || tl.y < 0 || br.x > r.width || br.y > r.height) off++;
          for (let j = i + 1; j < boxes.length; j++) {
            const b = boxes[j];
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
              overlaps++;
          }
        }
        return {overlaps: overlaps, off: off, scale: net.getScale()};
    }""")
    # no two councils' boxes overlap; every council on screen when that leaves labels at
    # 11 CSS pixels or more, else the view opens at that size (the rest a pan away)
    font = offline_page.evaluate("igView.fontSize")
    assert report["overlaps"] == 0, report
    assert report["off"] == 0 or report["scale"] * font >= 11, report
    council = next(iri for iri, (_r, _g, label) in expected["councils"].items() if label)
    region, grade, label = expected["councils"][council]
    offline_page.evaluate(f"igView.network.focus('{council}', "
                          "{scale: 1.0, animation: false})")  # a pan away, maybe
    offline_page.mouse.click(*node_point(offline_page, council))
    facts = offline_page.locator("#panel-facts li").all_inner_texts()
    assert f"Latest overall grade: {grade}" in facts and f"Ofsted region: {region}" in facts
    offline_page.mouse.dblclick(*node_point(offline_page, council))
    offline_page.wait_for_url("**/ego/*.html")
    wait_ready(offline_page)
    assert offline_page.evaluate("igView.data.view.centre") == council
    assert offline_page.external_requests == []


def test_index_and_ontology_filters_find_entries(offline_page, bundled, shots):
    _, out, _ = bundled
    open_view(offline_page, out / "index.html", shots, "bundled-index-filtered.png")
    offline_page.fill("#filter", "readman")
    shown = offline_page.locator("[data-search]:visible").all_inner_texts()
    assert shown and all("readman" in s.lower() for s in shown)
    offline_page.press("#filter", "Enter")
    assert "John Readman" in offline_page.evaluate("document.activeElement.textContent")
    open_view(offline_page, out / "ontology.html")
    offline_page.fill("#filter", "gsscode")
    rows = offline_page.locator("tr[data-search]:visible")
    assert rows.count() == 1
    assert rows.first.get_attribute("id") == "ig:gssCode"
    assert json.loads(json.dumps(rows.first.inner_text())).startswith("ig:gssCode")
