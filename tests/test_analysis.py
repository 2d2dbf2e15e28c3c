"""Analyses of graph.analysis and graph.paths on the bundled West Sussex records and the
small fixture records; expectations come from the records, not from the code."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import yaml

import graph
from graph.analysis import algorithms as analysis
from graph.analysis.paths import connections, explain_path
from graph.errors import InspectionGraphError, UnknownEntityError

ROOT = Path(__file__).resolve().parent.parent
SEED = yaml.safe_load((ROOT / "graph" / "data" / "communitycare-2019-05-west-sussex.yaml")
                      .read_text(encoding="utf-8"))
ID = "https://w3id.org/inspection-graph/id/"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# --- paths ----------------------------------------------------------------------------------
def test_path_between_readman_and_ofsted_is_explained_in_one_sentence(bundled_graph):
    found = connections(bundled_graph, "John Readman", "Ofsted")
    assert found[0].text == (
        "John Readman holds the post of director of children's services at West Sussex County "
        "Council, whose children's services were inspected by Ofsted.")
    # the shortest path: person -> post -> council <- inspection -> inspectorate
    assert len(found[0].nodes) == 5
    assert found[0].nodes[0] == ID + "person/john-readman"
    assert found[0].nodes[-1] == ID + "org/ofsted"
    assert len({c.text for c in found}) == len(found)


def test_path_reads_the_other_way_round_too(bundled_graph):
    found = connections(bundled_graph, "org:ofsted".replace("org:", "igid:org/"), "John Readman")
    assert found[0].text == (
        "Ofsted inspected the children's services of West Sussex County Council, whose "
        "director of children's services is John Readman.")


def test_path_between_councils_through_a_former_director(bundled_graph):
    found = connections(bundled_graph, "Lancashire County Council", "West Sussex County Council")
    assert found[0].text == (
        "Lancashire County Council's director of children's services was John Readman, who "
        "holds the post of director of children's services at West Sussex County Council.")


def test_path_errors_and_no_connection(bundled_graph):
    with pytest.raises(UnknownEntityError):
        connections(bundled_graph, "Nobody At All", "Ofsted")
    with pytest.raises(InspectionGraphError, match="same entity"):
        connections(bundled_graph, "Ofsted", "igid:org/ofsted")
    mini = graph.load(ROOT / "tests" / "fixtures" / "records", validate=False)
    # the publisher is linked to nothing but the article it published
    assert connections(mini, "Northmoor Gazette", "Priya Hollins") == []


def test_every_predicate_of_the_entity_graph_reads_both_ways(bundled_graph):
    g = bundled_graph.to_networkx()
    for u, v, data in g.edges(data=True):
        forward, backward = explain_path(g, [u, v]), explain_path(g, [v, u])
        assert forward.endswith(".") and backward.endswith("."), data["predicate"]
        assert g.nodes[v]["label"].split(",")[0][:20].lower() in forward.lower()
        assert g.nodes[u]["label"].split(",")[0][:20].lower() in backward.lower()


# --- causes ---------------------------------------------------------------------------------
def upstream_roots(effect: str) -> set[str]:
    """Root causes of ``effect``, walked over the YAML causal links."""
    causes_of: dict[str, set[str]] = {}
    for link in SEED["causal_links"]:
        causes_of.setdefault(link["effect"], set()).add(link["cause"])
    seen, todo = set(), [effect]
    while todo:
        for cause in causes_of.get(todo.pop(), ()):
            if cause not in seen:
                seen.add(cause)
                todo.append(cause)
    return {n for n in seen if n not in causes_of}


def test_root_causes_of_the_seed_chain_are_the_restructure_and_leadership_changes(
        bundled_graph):
    roots = analysis.root_causes(bundled_graph, of="long-term-harm-minority")
    assert {local(r.node) for r in roots} == {"restructure-2015", "leadership-changes"}
    assert {local(r.node) for r in roots} == upstream_roots("long-term-harm-minority")
    # over the whole causal graph they are also the two that reach furthest
    everything = analysis.root_causes(bundled_graph)
    assert {local(r.node) for r in everything[:2]} == {"restructure-2015", "leadership-changes"}
    causes_of = {x["effect"] for x in SEED["causal_links"]}
    assert {local(r.node) for r in everything} == {
        x["cause"] for x in SEED["causal_links"]} - causes_of


def test_longest_chain_has_as_many_links_as_the_longest_path_of_the_records(bundled_graph):
    succ: dict[str, list[str]] = {}
    for link in SEED["causal_links"]:
        succ.setdefault(link["cause"], []).append(link["effect"])

    def longest(node: str) -> int:
        return max((1 + longest(n) for n in succ.get(node, [])), default=0)

    chain = analysis.longest_chain(bundled_graph)
    assert chain.length == max(longest(n) for n in succ) == 4
    assert local(chain.nodes[0]) in {"restructure-2015", "leadership-changes"}
    assert local(chain.nodes[-1]) == "long-term-harm-minority"
    for a, b in zip(chain.nodes, chain.nodes[1:], strict=False):
        assert local(b) in succ[local(a)]
    found = analysis.causes(bundled_graph, of="drift-and-delay")
    assert local(found.chain.nodes[-1]) == "drift-and-delay"
    assert {local(r.node) for r in found.roots} == upstream_roots("drift-and-delay")


def test_longest_chain_survives_a_cycle_of_claims():
    g = nx.MultiDiGraph()
    for n in "abcd":
        g.add_node(n, type="Finding", label=n.upper())
    for u, v in ("ab", "bc", "cb", "cd"):
        g.add_edge(u, v, predicate="ig:contributesTo", statement=f"{u}{v}")
    chain = analysis.longest_chain(g)
    assert chain.labels[0] == "A" and chain.labels[-1] == "D"


# --- careers, themes ------------------------------------------------------------------------
def test_careers_are_people_with_posts_at_several_councils(bundled_graph):
    councils = {o["id"] for o in SEED["organisations"] if o["type"] == "council"}
    posts = {p["id"]: p["in"] for p in SEED["posts"]}
    held: dict[str, set[str]] = {}
    for t in SEED["tenures"]:
        if posts[t["post"]] in councils:
            held.setdefault(t["holder"], set()).add(posts[t["post"]])
    expected = {p for p, cs in held.items() if len(cs) >= 2}
    found = analysis.careers(bundled_graph)
    assert {local(c.person) for c in found} == expected == {"john-readman"}
    assert len(found[0].councils) == len(held["john-readman"]) == 3
    links = analysis.council_links(found)
    assert len(links) == 3 and all(x.people == ["John Readman"] for x in links)


def test_theme_pairs_rank_pairs_found_in_most_findings_first(bundled_graph):
    counts: dict[tuple[str, str], int] = {}
    for f in SEED["findings"]:
        themes = sorted(f["themes"])
        for i, a in enumerate(themes):
            for b in themes[i + 1:]:
                counts[(a, b)] = counts.get((a, b), 0) + 1
    best = max(counts.values())
    top = analysis.theme_pairs(bundled_graph, top=None)
    assert top[0].findings == best == 2
    assert top[0].inspections == 1


# --- centrality, communities ----------------------------------------------------------------
def test_centrality_ranks_west_sussex_first_and_is_repeatable(bundled_graph):
    first = analysis.centrality(bundled_graph, types=["Council", "Person"], top=3)
    assert [c.label for c in first if c.type == "Council"][0] == "West Sussex County Council"
    assert [c.label for c in first if c.type == "Person"][0] == "John Readman"
    g = analysis.analysis_graph(bundled_graph)
    sampled = [analysis.centrality(g, exact_up_to=10, samples=20, seed=7) for _ in range(2)]
    assert sampled[0] == sampled[1]
    with pytest.raises(InspectionGraphError, match="cannot rank by"):
        analysis.centrality(g, by="fame")


def test_communities_cover_every_entity_once_and_repeat_with_the_same_seed(bundled_graph):
    g = analysis.analysis_graph(bundled_graph)
    found = analysis.communities(g)
    members = [m for c in found for m in c.members]
    assert sorted(members) == sorted(g.nodes)
    assert analysis.communities(g) == found


# --- export round trip ----------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(analysis.PROJECTIONS))
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_projections_round_trip_through_graphml_and_gexf(bundled_graph, tmp_path, name, fmt):
    g = analysis.projection(bundled_graph, name)
    path = analysis.write_network(g, tmp_path / f"{name}.{fmt}")
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    node = next(iter(g.nodes))
    assert back.nodes[node]["type"] == g.nodes[node]["type"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_plain_graph_turns_rdf_terms_and_lists_into_strings(tmp_path):
    from rdflib import Literal, URIRef

    g = nx.MultiDiGraph()
    g.add_node(URIRef("https://e.org/a"), label=Literal("A"), tags=["y", "x"], n=None,
               score=float("nan"))
    g.add_edge(URIRef("https://e.org/a"), "b", key=URIRef("https://e.org/k"),
               when=Literal("2019", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")))
    plain = analysis.plain_graph(g)
    assert plain.nodes["https://e.org/a"] == {"label": "A", "tags": "x; y", "n": "",
                                              "score": "nan"}
    assert plain.edges["https://e.org/a", "b", "https://e.org/k"]["when"] == "2019"
    for fmt in ("graphml", "gexf"):
        analysis.write_network(g, tmp_path / f"g.{fmt}")
    with pytest.raises(InspectionGraphError, match="unknown network format"):
        analysis.write_network(g, tmp_path / "g.dot")
