"""The store is chosen by the size of the input: memory below the threshold, Oxigraph above."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

import graph
from graph.cli import main
from graph.store import MemoryStore, OxigraphStore, open_store
from graph.store import choice as storechoice

OFSTED = FIXTURES / "ofsted"
CSWW = FIXTURES / "dfe" / "csww.csv"
NEIGHBOURS = FIXTURES / "dfe" / "neighbours.csv"


def test_memory_below_the_threshold_oxigraph_from_it_on():
    t = storechoice.THRESHOLD
    assert storechoice.choose_store(t - 1).kind == "memory"
    assert storechoice.choose_store(t).kind == "oxigraph"
    assert storechoice.choose_store(50, threshold=40).kind == "oxigraph"
    described = storechoice.choose_store(t * 3, estimated=True).describe()
    assert described == (f"store: oxigraph (about {t * 3:,} triples, over the {t:,}-triple "
                         "threshold)")


def test_open_store_auto_follows_the_size_hint():
    assert isinstance(open_store("auto", size_hint=10), MemoryStore)
    big = open_store("auto", size_hint=storechoice.THRESHOLD * 10)
    assert isinstance(big, OxigraphStore) and big.path is None  # in memory, temporary


def test_estimate_grows_with_the_inputs_and_knows_its_kinds(tmp_path):
    records_only = storechoice.estimate_triples()
    with_imports = storechoice.estimate_triples(ofsted=OFSTED, workforce=CSWW,
                                                neighbours=NEIGHBOURS)
    size = CSWW.stat().st_size
    assert with_imports - records_only >= round(size * storechoice.TRIPLES_PER_BYTE["workforce"])
    assert storechoice.estimate_triples(ofsted=None) == records_only
    with pytest.raises(ValueError, match="no measured size ratio for 'pdf'"):
        storechoice.estimate_triples(pdf=CSWW)


def test_load_auto_keeps_the_small_records_in_memory(monkeypatch):
    kg = graph.load(validate=False, store="auto")
    assert isinstance(kg.store, MemoryStore)
    monkeypatch.setattr(storechoice, "THRESHOLD", 100)
    big = graph.load(validate=False, store="auto")
    assert isinstance(big.store, OxigraphStore)
    assert big.counts()["triples"] == kg.counts()["triples"]


def test_build_states_the_store_chosen_and_store_overrides(tmp_path, monkeypatch):
    out = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "a")])
    assert out.exit_code == 0, out.output
    last = out.output.splitlines()[-1]
    assert "; store: memory (" in last and "under the 10,000-triple threshold)" in last
    monkeypatch.setattr(storechoice, "THRESHOLD", 100)
    imports = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "b"), "--records",
                                        str(FIXTURES / "records"), "--ofsted", str(OFSTED),
                                        "--workforce", str(CSWW)])
    assert imports.exit_code == 0, imports.output
    assert "; store: oxigraph (about " in imports.output.splitlines()[-1]
    forced = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "c"), "--store",
                                       "memory"])
    assert forced.output.splitlines()[-1].endswith("; store: memory (chosen with --store)")
