"""Sparse-product betweenness gives NetworkX's answer, sampled or exact."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import betweenness as bc


def close(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(abs(a[v] - b[v]) < 1e-12 for v in a)


def graphs():
    g = nx.connected_watts_strogatz_graph(300, 4, 0.1, seed=1)
    g.add_edges_from([("x", "y"), ("y", "z")])  # a second component, string nodes
    g.add_node("alone")
    yield g
    yield nx.path_graph(5)


@pytest.mark.parametrize("k", [None, 7, 40])
def test_same_as_networkx(k):
    for g in graphs():
        if k is not None and k > len(g):
            continue
        assert close(bc.sampled_betweenness(g, k=k, seed=3),
                     nx.betweenness_centrality(g, k=k, seed=3))


def test_sources_in_blocks_give_the_same_sums(monkeypatch):
    g = next(graphs())
    whole = bc.sampled_betweenness(g, k=50, seed=42)
    monkeypatch.setattr(bc, "BLOCK_CELLS", len(g) * 3)  # three sources per block
    assert close(bc.sampled_betweenness(g, k=50, seed=42), whole)


def test_directed_graphs_are_refused():
    with pytest.raises(ValueError, match="undirected"):
        bc.sampled_betweenness(nx.DiGraph([(1, 2)]))
