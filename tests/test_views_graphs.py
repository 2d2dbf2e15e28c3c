"""Graph views on the national graph with reports: readable at any size, in Chromium.

The national graph and its views are built once per session (``tests/national_graph.py``).
Checked here: no graph view draws more than 150 nodes; West Sussex's ego view draws its
people, inspections and judgements and groups its findings; a group node opens; labels are
at least 11 CSS pixels at the first view (font size times the view's scale); no panel or
tooltip shows an identifier, a doubled word or an ISO date; the lead inspectors' views list
their councils and years. A screenshot of West Sussex's ego view goes to ``docs/images/``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from national_graph import national_kg, national_views  # noqa: F401  (fixtures)
from test_views import page_data
from test_views_browser import node_point, open_view, overlapping_boxes, wait_ready

from graph.views.pages import VIEW_LIMIT

pytestmark = [pytest.mark.shared, pytest.mark.browser]
IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
IG = "https://w3id.org/inspection-graph/id/"
WEST_SUSSEX = IG + "council/E10000032"
GRAPH_KINDS = {"overview", "ego", "causal", "careers", "inspectors", "inspector", "national"}
IDENTIFIER = re.compile(r"igid:|https?:|\big:|\b(igid|council|theme|schema|org|prov)"
                        r":[\w/-]+|neighbour-link/|/id/|\b[a-z-]+/E\d{8}")
DOUBLED = re.compile(r"\b(of|in|by|to|the|a|from|on|for|at|with)\s+\1\b", re.I)
ISO_DATE = re.compile(r"\b\d{4}-(0[1-9]|1[0-2])(-\d{2})?\b")
TEXT_KINDS = {"Finding", "Recommendation", "Event", "CausalLink", "ReaderComment"}


def graph_pages(views):
    return [p for p in views.pages if p.kind in GRAPH_KINDS]


def rows(kg, query: str) -> list[list[str]]:
    return [[str(x) if x is not None else None for x in r] for r in kg.query(query).rows]


def label_report(page) -> dict:
    """Font size times scale of every drawn label on screen at the view's first zoom."""
    return page.evaluate("""() => {
        const net = igView.network, scale = net.getScale();
        const box = document.getElementById('network').getBoundingClientRect();
        let smallest = 1e9, seen = 0;
        for (const id of net.body.nodeIndices) {
          const node = net.body.nodes[id];
          if (!node.options.label) continue;
          const at = net.canvasToDOM({x: node.x, y: node.y});
          if (at.x < 0 || at.y < 0 || at.x > box.width || at.y > box.height) continue;
          seen++;
          smallest = Math.min(smallest, node.options.font.size * scale);
        }
        return {smallest: smallest, seen: seen, scale: scale};
    }""")


# --- files ------------------------------------------------------------------------------------
def test_no_graph_view_draws_more_than_150_nodes(national_views):  # noqa: F811
    pages = graph_pages(national_views)
    assert {"overview", "ego", "inspectors", "inspector"} <= {p.kind for p in pages}
    for p in pages:
        data = page_data(national_views.out / p.path)
        assert len(data["nodes"]) <= VIEW_LIMIT, (p.path, len(data["nodes"]))
        assert p.bytes < 1_000_000, (p.path, p.bytes)


def test_the_national_overview_shows_structure_not_every_node(national_views):  # noqa: F811
    kg = national_views.kg
    data = page_data(national_views.out / "overview.html")
    kinds = defaultdict(int)
    for n in data["nodes"]:
        kinds[(n["type"], "collapsed" in n)] += 1
    assert kinds[("Country", False)] == 1 and kinds[("Region", False)] >= 9
    assert kinds[("Theme", False)] >= 5 and kinds[("Council", True)] >= 9
    leads = {r[0] for r in rows(kg, "SELECT DISTINCT ?p WHERE { ?i ig:leadInspector ?p }")}
    drawn = {n["id"] for n in data["nodes"]}
    assert leads and leads <= drawn
    # every council with a region is in one of the groups or (alone of its grade in its
    # region) drawn, once
    councils = {r[0] for r in rows(kg, "SELECT ?c WHERE { ?c a ig:Council ; ig:region ?r }")}
    members = [m["id"] for m in data["members"]]
    alone = [n["id"] for n in data["nodes"] if n["type"] == "Council" and "collapsed" not in n]
    assert len(alone) < 20 and sorted(members + alone) == sorted(councils)
    assert (national_views.out / "overview.html").stat().st_size < 1_000_000


def test_opened_groups_of_the_overview_and_an_ego_view_meet_no_other_node(
        offline_page, national_views):  # noqa: F811
    """Every group node of the overview, and the five largest of West Sussex's ego view,
    opened one at a time in place: no box of a member meets the box of another node."""
    out = national_views.out
    for path, most in (("overview.html", None), ("ego/council-E10000032.html", 5)):
        data = page_data(out / path)
        groups = sorted((n for n in data["nodes"] if n.get("collapsed")),
                        key=lambda n: (-n["collapsed"], n["id"]))[:most]
        assert groups, path
        for group in groups:
            open_view(offline_page, out / path)
            members = offline_page.evaluate(f"igView.expand('{group['id']}')")
            assert len(members) == group["collapsed"]
            assert overlapping_boxes(offline_page, members) == [], (path, group["name"])


def test_the_overview_and_an_ego_view_open_with_no_two_node_boxes_overlapping(
        offline_page, national_views):  # noqa: F811
    """The national overview and West Sussex's ego view as they open, before any group is
    opened: no two drawn boxes (shape and label, as vis-network measures them) meet."""
    out = national_views.out
    for path in ("overview.html", "ego/council-E10000032.html"):
        open_view(offline_page, out / path)
        assert len(page_data(out / path)["nodes"]) > 50, path
        assert overlapping_boxes(offline_page) == [], path


# --- West Sussex in Chromium -------------------------------------------------------------------
def test_west_sussex_ego_view_groups_its_findings(offline_page, national_views):  # noqa: F811
    kg, out = national_views.kg, national_views.out
    path = out / "ego" / "council-E10000032.html"
    data = page_data(path)
    page = offline_page
    open_view(page, path)
    drawn = {n["id"]: n for n in data["nodes"]}
    assert len(drawn) <= VIEW_LIMIT
    assert page.evaluate("Object.keys(igView.network.getPositions()).length") == len(drawn)
    inspections = {r[0] for r in rows(kg, f"SELECT ?i WHERE {{ ?i ig:subject <{WEST_SUSSEX}> }}")}
    ws = f"<{WEST_SUSSEX}>"
    judgements = {r[0] for r in rows(kg, "SELECT ?j WHERE { ?i ig:subject " + ws
                                     + " ; ig:judgement ?j }")}
    people = {r[0] for r in rows(kg, "SELECT DISTINCT ?p WHERE { ?p a ig:Person ; org:holds "
                                 "?post . ?post org:postIn " + ws + " }")}
    assert inspections and judgements and people
    assert inspections <= set(drawn) and judgements <= set(drawn) and people <= set(drawn)
    findings = [n for n in data["nodes"] if n["type"] == "Finding" and "collapsed" in n]
    total = int(rows(kg, "SELECT (COUNT(?f) AS ?n) WHERE { ?f a ig:Finding ; ig:concerns "
                     + ws + " }")[0][0])
    assert len(findings) >= 5
    listed = {m["id"] for m in data["members"] if data["nodes"][m["in"]]["type"] == "Finding"}
    singles = {n["id"] for n in data["nodes"] if n["type"] == "Finding" and "collapsed" not in n}
    assert len(listed | singles) >= total
    assert all(re.match(r"\d+ findings? on [a-z]", n["name"]) for n in findings)

    # labels legible at the first view: font size x scale >= 11 CSS pixels
    report = label_report(page)
    assert report["seen"] >= 20 and report["smallest"] >= 11, report
    IMAGES.mkdir(parents=True, exist_ok=True)
    shot = IMAGES / "ego-west-sussex.png"
    page.screenshot(path=str(shot), type="png", clip={"x": 0, "y": 190, "width": 1040,
                                                      "height": 560})  # around the centre
    assert shot.stat().st_size < 500_000

    # a group node opens: its members listed, drawn in place, each opening its facts
    group = max(findings, key=lambda n: n["collapsed"])
    page.evaluate(f"igView.network.focus('{group['id']}', "
                  "{scale: 1.0, animation: false})")
    page.mouse.click(*node_point(page, group["id"]))
    assert page.inner_text("#panel-title") == group["name"]
    assert page.locator("#panel-members li").count() == group["collapsed"]
    before = page.evaluate("Object.keys(igView.network.getPositions()).length")
    page.click("#panel-expand")
    after = page.evaluate("Object.keys(igView.network.getPositions()).length")
    assert after == before + group["collapsed"]
    members = [m["id"] for m in data["members"] if data["nodes"][m["in"]]["id"] == group["id"]]
    assert overlapping_boxes(page, members) == []  # drawn in free room, clear of the rest
    first = page.locator("#panel-members li a").first
    name = first.inner_text()
    first.click()
    assert page.inner_text("#panel-title") == name
    assert page.locator("#panel-facts li").count() >= 2
    assert page.external_requests == []


def test_labels_are_legible_on_every_kind_of_graph_view(offline_page, national_views):  # noqa: F811
    out = national_views.out
    pages = graph_pages(national_views)
    sample = {}
    for p in sorted(pages, key=lambda p: -p.nodes):  # the largest view of each kind
        sample.setdefault(p.kind, p)
    for p in sample.values():
        open_view(offline_page, out / p.path)
        report = label_report(offline_page)
        assert report["smallest"] >= 11, (p.path, report)


def panel_text(page, node_id: str) -> str:
    page.evaluate("(id) => igView.focusNode(id)", node_id)
    return page.inner_text("#panel")


def test_panels_and_tooltips_show_words_not_identifiers(offline_page, national_views):  # noqa: F811
    out = national_views.out
    page = offline_page
    inspection = next(p.path for p in national_views.pages
                      if p.path.startswith("ego/inspection-E10000032-2019"))
    inspector = next(p.path for p in national_views.pages if p.kind == "inspector")
    checked = defaultdict(int)
    for path in ("ego/council-E10000032.html", inspection, "overview.html", "inspectors.html",
                 inspector, "careers.html"):
        data = page_data(out / path)
        open_view(page, out / path)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for n in data["nodes"] + data.get("members", []):
            kind = n.get("type") or data["nodes"][n["in"]]["type"]
            key = kind + (" group" if "collapsed" in n else "")
            by_kind[key].append(n["id"])
        for kind, ids in sorted(by_kind.items()):
            for node in ids[:3]:
                text = panel_text(page, node)
                checked[kind] += 1
                found = IDENTIFIER.search(text) or DOUBLED.search(text)
                assert found is None, (path, kind, text[max(0, found.start() - 80):found.end()
                                                        + 40])
                if kind.split()[0] not in TEXT_KINDS:
                    lines = [line for line in text.splitlines()
                             if not line.startswith(("Evidence", "\u201c"))]
                    dates = [line for line in lines if ISO_DATE.search(line)]
                    assert dates == [], (path, kind, dates)
        tips = page.evaluate("igView.nodes.get().map(n => n.title).concat("
                             "igView.edges.get().map(e => e.title))")
        for tip in tips:
            assert not IDENTIFIER.search(tip) and not DOUBLED.search(tip), (path, tip)
    for kind in ("Council", "Person", "Inspection", "Judgement", "Finding", "Finding group",
                 "Statistic group", "NeighbourLink group", "Region", "Theme"):
        assert checked[kind], kind


def test_lead_inspectors_views_list_councils_and_years(offline_page, national_views):  # noqa: F811
    kg, out = national_views.kg, national_views.out
    led = defaultdict(lambda: defaultdict(set))
    for person, council, start in rows(kg, """SELECT ?p ?c ?s WHERE { ?i ig:leadInspector ?p ;
            ig:subject ?c . OPTIONAL { ?i ig:fieldworkStart ?s } }"""):
        led[person][council].add((start or "")[:4])
    assert led
    pages = {page_data(out / p.path)["view"]["centre"]: p.path for p in national_views.pages
             if p.kind == "inspector"}
    assert set(pages) == set(led)
    person = next(p for p, cs in led.items() if WEST_SUSSEX in cs)
    path = out / pages[person]
    data = page_data(path)
    names = {i: n["name"] for i, n in enumerate(data["nodes"])}
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {person} | set(led[person])
    for e in data["edges"]:
        council = data["nodes"][e["to"]]["id"]
        assert e["words"] == ", ".join(sorted(y for y in led[person][council] if y)), names
    open_view(offline_page, path)
    offline_page.evaluate(f"igView.focusNode('{person}')")
    facts = offline_page.locator("#panel-facts li").all_inner_texts()
    years = ", ".join(sorted(y for y in led[person][WEST_SUSSEX] if y))
    assert f"West Sussex County Council: {years}" in facts
    # and the view of them all
    open_view(offline_page, out / "inspectors.html")
    overview = page_data(out / "inspectors.html")
    assert set(led) <= {n["id"] for n in overview["nodes"]}
    offline_page.evaluate(f"igView.focusNode('{person}')")
    assert f"West Sussex County Council: {years}" in \
        offline_page.locator("#panel-facts li").all_inner_texts()
    offline_page.click("#panel-ego")
    wait_ready(offline_page)
    assert offline_page.evaluate("igView.data.view.centre") == person
    assert offline_page.external_requests == []


def test_the_national_grid_without_boundaries_opens_with_legible_labels(
        offline_page, national_kg, tmp_path):  # noqa: F811
    """The fallback grid of every council: at 11 CSS pixels or more, panning to the rest."""
    from graph.views import pages as views

    builder = views._Builder(national_kg, 2, None)
    builder.plan_ego_pages()
    view = builder.national()
    data = builder.data(view)
    html = views._environment().get_template("view.html.j2").render(
        view=data["view"], root=data["root"], data_json=views.script_json(data))
    views._write(tmp_path, {"national.html": html}, views._vis_folder())
    councils = [n for n in data["nodes"] if n["type"] == "Council"]
    assert len(councils) > 140  # the whole country: too many to fit at a legible size
    open_view(offline_page, tmp_path / "national.html")
    report = label_report(offline_page)
    assert report["seen"] >= 10 and report["smallest"] >= 11, report
    # the first region's heading and first councils are in view: it opens on the top left
    first = offline_page.evaluate("""() => {
        const net = igView.network, box = document.getElementById('network')
            .getBoundingClientRect();
        const xs = net.body.nodeIndices.map(id => net.body.nodes[id]);
        const top = xs.reduce((a, b) => (b.y < a.y || (b.y === a.y && b.x < a.x)) ? b : a);
        const at = net.canvasToDOM({x: top.x, y: top.y});
        return at.x >= 0 && at.y >= 0 && at.x <= box.width && at.y <= box.height;
    }""")
    assert first
