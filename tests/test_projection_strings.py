"""The entity projection reads Oxigraph's terms as strings: the same graph as through rdflib."""

from __future__ import annotations

import graph
from graph.analysis.projections import entity_graph, quad_strings
from graph.store import OxigraphStore


class TermsOnly:
    """A store seen through its rdflib quads only (the generic path)."""

    def __init__(self, store):
        self.store = store

    def quads(self):
        return self.store.quads()


def same(a, b) -> bool:
    return (dict(a.nodes(data=True)) == dict(b.nodes(data=True))
            and sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True)))


def test_oxigraph_strings_give_the_same_entity_graph_as_rdflib_terms():
    memory = graph.load(validate=False)
    oxigraph = graph.load(validate=False, store=OxigraphStore())
    fast = entity_graph(oxigraph.store)
    assert fast.number_of_nodes() > 100
    assert same(fast, entity_graph(TermsOnly(oxigraph.store)))
    assert same(fast, entity_graph(memory.store))


def test_quad_strings_name_the_object_kind():
    store = graph.load(validate=False, store=OxigraphStore()).store
    rows = list(quad_strings(store))
    assert len(rows) == len(store)
    kinds = {k for *_, k, _g in rows}
    assert kinds <= {"iri", "literal", "blank"} and {"iri", "literal"} <= kinds
    label = next(r for r in rows if r[1].endswith("#label") and r[0].endswith("council/E10000032"))
    assert label[2] == "West Sussex County Council" and label[3] == "literal"
