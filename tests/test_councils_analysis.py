"""Councils compared on facts every council has: the measures do not grow with documents."""

from __future__ import annotations

import pytest
from conftest import need_shared

from graph.analysis.councils import (
    documents_per_council,
    neighbour_centrality,
    neighbour_communities,
    neighbour_graph,
)

DFE = ("LA_Inspection_Outcomes_as_at_31_March_2025.ods", "csww_indicators_2017_to_2025.csv",
       "New_Statistical_Neighbour_Groupings_April_2021.csv")


@pytest.fixture(scope="module")
def national():
    from graph.sources.national import import_national
    from graph.store import OxigraphStore
    from graph.vocab import ONTOLOGY_GRAPH, load_ontology

    paths = [need_shared("data", "dfe", name) for name in DFE]
    store = OxigraphStore()
    store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
    import_national(store, ofsted=paths[0], workforce=paths[1], neighbours=paths[2])
    return store


def test_every_council_names_ten_neighbours(national):
    g = neighbour_graph(national)
    assert g.number_of_nodes() >= 150
    from graph.sparql.text import prefixed

    named = national.query(prefixed("SELECT ?a (COUNT(?b) AS ?n) WHERE { "
                                    "?a ig:statisticalNeighbour ?b } GROUP BY ?a")).rows
    assert {int(n) for _, n in named} == {10}
    assert all(g.nodes[n]["label"] for n in g.nodes)


def test_importing_reports_changes_no_neighbour_measure(national):
    """Five reports on West Sussex add hundreds of findings; the comparison stays the same."""
    from graph.sources.reports import import_reports

    before = neighbour_centrality(neighbour_graph(national), top=200)
    groups_before = [c.councils for c in neighbour_communities(neighbour_graph(national))]
    folder = need_shared("data", "ofsted-reports", "80578_west sussex")
    import_reports(national, [folder])
    docs = documents_per_council(national)
    assert docs["https://w3id.org/inspection-graph/id/council/E10000032"] == 3
    after = neighbour_centrality(neighbour_graph(national), top=200)
    assert [(c.council, round(c.pagerank, 9)) for c in after] == \
        [(c.council, round(c.pagerank, 9)) for c in before]
    assert [c.councils for c in neighbour_communities(neighbour_graph(national))] == \
        groups_before


def test_groups_carry_the_grades_of_their_councils(national):
    groups = neighbour_communities(neighbour_graph(national))
    assert 2 <= len(groups) <= 30
    assert sum(len(c.councils) for c in groups) == neighbour_graph(national).number_of_nodes()
    assert sum(sum(c.grades.values()) for c in groups) == sum(len(c.councils) for c in groups)
