"""The named NetworkX projections have exactly the nodes and edges the records imply.

Every expectation is computed here from the YAML records themselves (with the IRI
patterns of docs/model.md written out), not from the code under test.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pytest
import yaml

import graph
from graph.analysis.algorithms import PROJECTIONS, projection

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "records" / "mini.yaml"
SEED = ROOT / "graph" / "data" / "communitycare-2019-05-west-sussex.yaml"
ID = "https://w3id.org/inspection-graph/id/"
THEME = "https://w3id.org/inspection-graph/scheme/theme/"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def value(field):
    return field["value"] if isinstance(field, dict) else field


class Records:
    """The facts of one record file, with IRIs minted by the documented patterns."""

    def __init__(self, path: Path) -> None:
        self.doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.src = self.doc["source"]["id"]
        self.orgs = {o["id"]: o for o in self.doc.get("organisations", [])}
        self.people = {p["id"]: p for p in self.doc.get("people", [])}
        self.posts = {p["id"]: p for p in self.doc.get("posts", [])}
        self.inspections = {i["id"]: i for i in self.doc.get("inspections", [])}

    def org_key(self, org_id: str) -> str:
        org = self.orgs[org_id]
        return value(org["gss"]) if org["type"] == "council" else org_id

    def org(self, org_id: str) -> str:
        org = self.orgs[org_id]
        return ID + ("council/" if org["type"] == "council" else "org/") + self.org_key(org_id)

    def top(self, org_id: str) -> str:
        while self.orgs[org_id].get("part_of"):
            org_id = self.orgs[org_id]["part_of"]
        return org_id

    def person_label(self, person_id: str) -> str:
        p = self.people[person_id]
        return p.get("name") or p["label"]

    def person(self, person_id: str) -> str:
        p = self.people[person_id]
        return ID + "person/" + (slug(p["name"]) if p.get("name") else person_id)

    def tenure(self, t: dict) -> str:
        post = self.posts[t["post"]]
        return (f"{ID}tenure/{slug(self.person_label(t['holder']))}/"
                f"{self.org_key(post['in'])}/{post['role']}")

    def inspection(self, insp_id: str) -> str:
        i = self.inspections[insp_id]
        return f"{ID}inspection/{self.org_key(i['subject'])}/{i['start']}"

    def item(self, kind: str, item_id: str) -> str:
        return f"{ID}{kind}/{self.src}/{item_id}"

    def kind_of(self, item_id: str) -> str:
        for section, kind in (("findings", "finding"), ("events", "event")):
            if any(x["id"] == item_id for x in self.doc.get(section, [])):
                return kind
        raise KeyError(item_id)

    def council_of(self, item: dict) -> str | None:
        if item.get("inspection"):
            return self.org(self.inspections[item["inspection"]]["subject"])
        if item.get("concerns"):
            top = self.top(item["concerns"])
            if self.orgs[top]["type"] == "council":
                return self.org(top)
        return None

    def themed(self):
        """(item IRI, themes, inspection IRI or None, council IRI) of findings and recs."""
        for section, kind, key in (("findings", "finding", "themes"),
                                   ("recommendations", "recommendation", "areas")):
            for item in self.doc.get(section, []):
                council = self.council_of(item)
                if council is None or not item.get(key):
                    continue
                insp = self.inspection(item["inspection"]) if item.get("inspection") else None
                yield self.item(kind, item["id"]), set(item[key]), insp, council


@pytest.fixture(scope="module", params=["mini", "seed"])
def case(request):
    path = MINI if request.param == "mini" else SEED
    kg = graph.load(path if request.param == "mini" else None, validate=False)
    return Records(path), kg


def test_career_graph_is_people_organisations_and_one_edge_per_tenure(case):
    rec, kg = case
    g = projection(kg, "career")
    tenures = rec.doc.get("tenures", [])
    expected_edges = Counter()
    expected_nodes = set()
    for t in tenures:
        post = rec.posts[t["post"]]
        person, org = rec.person(t["holder"]), rec.org(rec.top(post["in"]))
        expected_edges[(person, org, rec.tenure(t))] += 1
        expected_nodes |= {person, org}
    assert set(g.nodes) == expected_nodes
    assert Counter(list(g.edges(keys=True))) == expected_edges
    for t in tenures:
        post = rec.posts[t["post"]]
        data = g.edges[rec.person(t["holder"]), rec.org(rec.top(post["in"])), rec.tenure(t)]
        assert data["predicate"] == "org:memberOf"
        assert data["status"] == t["status"]
        assert data["role"] == post["role"]
        assert data.get("start") == t.get("start")
    for node, data in g.nodes(data=True):
        expected_type = "Person" if "/person/" in node else None
        assert data["label"] and (expected_type is None or data["type"] == expected_type)


def test_council_theme_graph_links_councils_to_the_themes_of_their_findings(case):
    rec, kg = case
    g = projection(kg, "council-theme")
    weight, inspections = Counter(), defaultdict(set)
    for _item, themes, insp, council in rec.themed():
        for theme in themes:
            weight[(council, THEME + theme)] += 1
            if insp:
                inspections[(council, THEME + theme)].add(insp)
    assert set(g.nodes) == {c for c, _ in weight} | {t for _, t in weight}
    assert {frozenset(e) for e in g.edges} == {frozenset(e) for e in weight}
    for (council, theme), n in weight.items():
        data = g.edges[council, theme]
        assert (data["weight"], data["inspections"]) == (n, len(inspections[(council, theme)]))
        assert data["predicate"] == "ig:theme"
    assert {g.nodes[n]["bipartite"] for n in g if n.startswith(THEME)} <= {1}
    assert all(g.nodes[n]["type"] == "Council" for n in g if "/council/" in n)


def test_theme_cooccurrence_counts_inspections_councils_and_findings(case):
    rec, kg = case
    g = projection(kg, "theme-cooccurrence")
    groups = {"inspections": defaultdict(set), "councils": defaultdict(set),
              "findings": defaultdict(set)}
    themes_seen = set()
    for item, themes, insp, council in rec.themed():
        themes_seen |= themes
        groups["findings"][item] |= themes
        groups["councils"][council] |= themes
        if insp:
            groups["inspections"][insp] |= themes
    expected = defaultdict(Counter)
    for name, by in groups.items():
        for themes in by.values():
            for a, b in combinations(sorted(themes), 2):
                expected[(THEME + a, THEME + b)][name] += 1
    assert set(g.nodes) == {THEME + t for t in themes_seen}
    assert {frozenset(e) for e in g.edges} == {frozenset(e) for e in expected}
    for (a, b), counts in expected.items():
        data = g.edges[a, b]
        assert {k: data[k] for k in ("inspections", "councils", "findings")} == {
            k: counts[k] for k in ("inspections", "councils", "findings")}
        assert data["predicate"] == "ig:coOccursWith"


def test_causal_graph_is_one_edge_per_causal_link(case):
    rec, kg = case
    g = projection(kg, "causal")
    links = rec.doc.get("causal_links", [])
    expected_edges = Counter()
    for link in links:
        cause = rec.item(rec.kind_of(link["cause"]), link["cause"])
        effect = rec.item(rec.kind_of(link["effect"]), link["effect"])
        expected_edges[(cause, effect, rec.item("link", link["id"]))] += 1
    assert Counter(list(g.edges(keys=True))) == expected_edges
    assert set(g.nodes) == {n for e in expected_edges for n in e[:2]}
    for node, data in g.nodes(data=True):
        assert data["type"] == ("Finding" if "/finding/" in node else "Event")
        assert data["statement"]
    assert {d["predicate"] for *_e, d in g.edges(data=True)} == {"ig:contributesTo"}


def test_entity_graph_nodes_are_every_record_item_and_no_literal(case):
    rec, kg = case
    doc = rec.doc
    expected = {ID + "source/" + rec.src} | {ID + "source/" + c["id"]
                                              for c in doc.get("cites", [])}
    expected |= {rec.org(o) for o in rec.orgs} | {rec.person(p) for p in rec.people}
    expected |= {f"{ID}post/{rec.org_key(p['in'])}/{p['role']}" for p in rec.posts.values()}
    expected |= {rec.tenure(t) for t in doc.get("tenures", [])}
    for insp_id, insp in rec.inspections.items():
        expected.add(rec.inspection(insp_id))
        expected |= {rec.inspection(insp_id).replace("/inspection/", "/judgement/") + "/"
                     + j["area"] for j in insp.get("judgements", [])}
    for section, kind in (("findings", "finding"), ("recommendations", "recommendation"),
                          ("statistics", "statistic"), ("events", "event"),
                          ("causal_links", "link"), ("comments", "comment")):
        expected |= {rec.item(kind, x["id"]) for x in doc.get(section, [])}
    g = kg.to_networkx()
    assert set(g.nodes) == expected
    assert all(d["type"] and d["label"] for _n, d in g.nodes(data=True))
    predicates = Counter(d["predicate"] for *_e, d in g.edges(data=True))
    assert predicates["ig:subject"] == len(rec.inspections)
    assert predicates["ig:judgement"] == sum(len(i.get("judgements", []))
                                             for i in rec.inspections.values())
    assert predicates["ig:holder"] == len(doc.get("tenures", []))
    assert predicates["ig:contributesTo"] == len({(x["cause"], x["effect"])
                                                  for x in doc.get("causal_links", [])})


@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_every_projection_has_type_label_and_predicate_everywhere(bundled_graph, name):
    g = projection(bundled_graph, name)
    assert g.number_of_nodes() > 0
    for node, data in g.nodes(data=True):
        assert node.startswith("https://w3id.org/inspection-graph/")
        assert isinstance(data["type"], str) and isinstance(data["label"], str)
    for *_e, data in g.edges(data=True):
        assert isinstance(data["predicate"], str) and ":" in data["predicate"]
    assert g.graph["projection"] == name


def test_to_networkx_dispatches_named_projections(bundled_graph):
    assert bundled_graph.to_networkx("causal").graph["projection"] == "causal"
    with pytest.raises(graph.errors.InspectionGraphError, match="unknown projection 'nope'"):
        bundled_graph.to_networkx("nope")
