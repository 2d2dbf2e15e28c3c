"""Writes that are all or nothing: a store, or an output folder, killed at any instant of a
write holds what it held before or what it holds after the complete write, never part.

The kills are real (``kill -9`` of ``inspection-graph`` subprocesses at staggered
instants) on real Oxigraph stores on disk holding the national graph (the official
files in ``../shared/data/dfe``). Every snapshot compares every named graph, the
derived facts and the union kept in the default graph.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import need_shared

pytestmark = pytest.mark.reliability

ODS = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
CSWW = "csww_indicators_2017_to_2025.csv"
SN = "New_Statistical_Neighbour_Groupings_April_2021.csv"
DERIVED = "https://w3id.org/inspection-graph/graph/derived"
EPOCH = "1700000000"  # one import time for every run: the complete run's triples are the same
CLI = [sys.executable, "-c", "from graph.cli import main; main()"]


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def snapshot(path: Path) -> dict[str, frozenset[str]]:
    """Every graph of the store on disk (the default graph as ``""``), read by pyoxigraph."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(path))
    graphs: dict[str, set[str]] = {}
    for q in store:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        graphs.setdefault(name, set()).add(f"{q.subject} {q.predicate} {q.object}")
    del store
    return {g: frozenset(t) for g, t in graphs.items()}


def union_is_kept(state: dict[str, frozenset[str]]) -> None:
    """The default graph is empty or exactly the union of the named graphs, as a set."""
    if state.get(""):
        named = frozenset().union(*(t for g, t in state.items() if g))
        assert state[""] == named, (len(state[""] - named), len(named - state[""]))


def reopened(path: Path) -> dict[str, frozenset[str]]:
    """The store as the next writable open leaves it (a cut-short write undone, the
    derived facts made again if a write dropped them)."""
    from graph.store.oxigraph import OxigraphStore

    OxigraphStore(path).close()
    return snapshot(path)


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env(), **kw)


@pytest.fixture(scope="module")
def dfe() -> Path:
    return need_shared("data", "dfe")


@pytest.fixture(scope="module")
def national_store(tmp_path_factory, dfe) -> Path:
    """The records, Ofsted's outcomes and the workforce figures in an Oxigraph store on disk
    (with derived facts), built once for the module."""
    from graph.inspection_graph import build_into_store

    path = tmp_path_factory.mktemp("national") / "store"
    os.environ["SOURCE_DATE_EPOCH"] = "1600000000"  # an earlier import than the tests' own
    try:
        built = build_into_store(f"oxigraph:{path}", ofsted=dfe / ODS, workforce=dfe / CSWW)
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    built.graph.store.close()
    return path


def complete(base: Path, work: Path, args: list[str]) -> tuple[dict, float]:
    """The store after the write ``args`` ran to its end, and how long that took."""
    store = work / "complete"
    shutil.copytree(base, store)
    started = time.perf_counter()
    result = run(*args, "--store", f"oxigraph:{store}")
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    return snapshot(store), took


def kill_at(base: Path, work: Path, args: list[str], delay: float, n: int) -> Path:
    """Copy the store, start the write ``args`` on the copy and ``kill -9`` it after
    ``delay`` seconds (or let it end first); the copy's folder."""
    store = work / f"killed-{n}"
    shutil.copytree(base, store)
    proc = subprocess.Popen([*CLI, *args, "--store", f"oxigraph:{store}"], env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    return store


def check_kills(base: Path, work: Path, args: list[str], fractions: list[float]) -> list[str]:
    """Kill the write at each fraction of its full duration; every graph before or after."""
    before = snapshot(base)
    after, took = complete(base, work, args)
    assert before != after and before.get(DERIVED) and after.get(DERIVED)
    seen = []
    for n, fraction in enumerate(fractions):
        store = kill_at(base, work, args, fraction * took, n)
        from graph.errors import StoreError
        from graph.store.oxigraph import OxigraphStore

        try:  # a reader before any repair: refused while a journal is there, else consistent
            OxigraphStore(store, read_only=True).close()
        except StoreError as exc:
            assert "cut short" in str(exc)
        else:
            raw = snapshot(store)
            union_is_kept(raw)
            for g in set(raw) | set(before) | set(after):
                if g not in ("", DERIVED):
                    assert raw.get(g) in (before.get(g), after.get(g)), (fraction, g)
            if raw.get(DERIVED) is not None:  # derived facts there are those of its graphs
                assert any(all(raw.get(g) == side.get(g) for g in set(side) | set(raw)
                               if g != "") for side in (before, after)), fraction
        state = reopened(store)
        union_is_kept(state)
        named = {g: t for g, t in state.items() if g}
        if named == {g: t for g, t in before.items() if g}:
            seen.append("before")
        elif named == {g: t for g, t in after.items() if g}:
            seen.append("after")
        else:
            lost = sorted(g for g in set(named) | set(before)
                          if named.get(g) not in (before.get(g), after.get(g)))
            pytest.fail(f"killed at {fraction:.2f} of {took:.1f} s: graphs neither before "
                        f"nor after: {lost}")
        shutil.rmtree(store)
    return seen


FRACTIONS = [0.15, 0.3, 0.45, 0.55, 0.62, 0.7, 0.76, 0.82, 0.88, 0.94, 1.0, 1.4]


def test_a_reimport_killed_at_any_instant_loses_no_graph(national_store, dfe, tmp_path):
    """``import workforce`` again over the national store (its graph replaced), killed at
    twelve instants across its run: each graph as before or after, derived facts too."""
    args = ["import", "workforce", str(dfe / CSWW)]
    seen = check_kills(national_store, tmp_path, args, FRACTIONS)
    assert "before" in seen and "after" in seen, seen


def test_a_new_import_killed_at_any_instant_loses_no_graph(national_store, dfe, tmp_path):
    """``import neighbours`` into the national store (a graph it does not hold yet, bulk
    loaded under a journal), killed at staggered instants."""
    args = ["import", "neighbours", str(dfe / SN)]
    seen = check_kills(national_store, tmp_path, args, FRACTIONS[::2] + [1.4])
    assert "before" in seen and "after" in seen, seen


def test_a_killed_load_into_an_empty_store_leaves_it_empty_or_whole(tmp_path):
    """A large N-Quads file bulk-loaded into a new store, killed while loading: the next
    writable open holds nothing, or the whole file."""
    nq = tmp_path / "big.nq"
    with open(nq, "w", encoding="utf-8") as fh:
        for i in range(100_000):
            fh.write(f"<https://example.org/s{i % 9000}> <https://example.org/p{i % 13}> "
                     f"\"value {i}\" <https://example.org/g{i % 3}> .\n")
    code = ("import sys; from graph.store.oxigraph import OxigraphStore; "
            "s = OxigraphStore(sys.argv[1]); s.load_file(sys.argv[2]); s.close()")
    full = tmp_path / "full"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(full), str(nq)], check=True)
    took = time.perf_counter() - started
    whole = reopened(full)
    assert sum(len(t) for g, t in whole.items() if g not in ("", DERIVED)) == 100_000
    seen = set()
    for n, fraction in enumerate([0.35, 0.6, 0.8, 0.95]):
        store = tmp_path / f"killed-{n}"
        proc = subprocess.Popen([sys.executable, "-c", code, str(store), str(nq)])
        try:
            proc.wait(timeout=fraction * took)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        if not store.exists():
            seen.add("before")
            continue
        state = reopened(store)
        assert state in ({}, whole), (fraction, {g: len(t) for g, t in state.items()})
        seen.add("after" if state else "before")
        shutil.rmtree(store)
    assert "before" in seen, seen


def test_derived_facts_dropped_by_a_killed_write_come_back_on_the_next_open(tmp_path):
    """A process killed (``kill -9`` by itself) right after a graph was replaced, before its
    derived facts were made again: a read-only open lacks them and says so; the next
    writable open makes them again, the same as a derive would."""
    import graph
    from graph.errors import QueryError
    from graph.store.derived import derive, has_derived
    from graph.store.oxigraph import DERIVE_PENDING, OxigraphStore

    path = tmp_path / "store"
    store = OxigraphStore(path)
    graph.load(validate=False, store=store)
    derive(store)
    store.close()
    code = ("import os, signal, sys; from rdflib import URIRef, Literal; "
            "from graph.store.oxigraph import OxigraphStore; s = OxigraphStore(sys.argv[1]); "
            "s.replace_graph('https://example.org/extra', [(URIRef('https://example.org/x'), "
            "URIRef('https://example.org/p'), Literal('x'))]); "
            "os.kill(os.getpid(), signal.SIGKILL)")
    proc = subprocess.run([sys.executable, "-c", code, str(path)])
    assert proc.returncode == -signal.SIGKILL
    assert (path / DERIVE_PENDING).exists()
    reader = OxigraphStore(path, read_only=True)
    assert not has_derived(reader) and reader.has_graph("https://example.org/extra")
    with pytest.raises(QueryError, match="read-only"):
        graph.InspectionGraph(reader).query_named("councils-currently-inadequate")
    reader.close()
    store = OxigraphStore(path)  # writable: the derived facts again
    assert has_derived(store) and not (path / DERIVE_PENDING).exists()
    made = {q for q in store.quads() if str(q[3]) == DERIVED}
    derive(store)
    assert {q for q in store.quads() if str(q[3]) == DERIVED} == made
    store.close()


def test_a_write_that_fails_changes_nothing(tmp_path):
    """A term Oxigraph refuses, in the second of two graphs: one line, nothing written."""
    from rdflib import Literal, URIRef

    from graph.errors import StoreError
    from graph.store.oxigraph import OxigraphStore

    path = tmp_path / "store"
    store = OxigraphStore(path)
    p = URIRef("https://example.org/p")
    store.replace_graphs({"https://example.org/a": [(URIRef("https://example.org/s"), p,
                                                     Literal("old"))]})
    before = list(store.quads())
    with pytest.raises(StoreError, match="nothing was written") as exc:
        store.replace_graphs({
            "https://example.org/a": [(URIRef("https://example.org/s"), p, Literal("new"))],
            "https://example.org/b": [(URIRef('https://example.org/"<b>'), p, Literal(1))]})
    assert "\n" not in str(exc.value)
    assert list(store.quads()) == before
    store.close()


@pytest.fixture()
def broken_records(mini_records) -> Path:
    """Records that fail validation: a tenure held by nobody the records know."""
    path = mini_records / "mini.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("holder: mini-priya-hollins, post: northmoor-dcs",
                                 "holder: nobody-known, post: northmoor-dcs"), encoding="utf-8")
    return mini_records


def test_a_build_that_fails_validation_writes_nothing(tmp_path, mini_records,
                                                      broken_records):
    """A build whose records fail validation changes neither its store nor its output
    folder; into a store not made yet, it makes no folder."""
    store, out = tmp_path / "store", tmp_path / "out"
    good = run("build", "--store", f"oxigraph:{store}", "--out", str(out), "--no-views",
               cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    before, files = snapshot(store), sorted(p.name for p in out.iterdir())
    bad = run("build", "--records", str(broken_records), "--store", f"oxigraph:{store}",
              "--out", str(out), "--no-views", cwd=tmp_path)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert snapshot(store) == before
    assert sorted(p.name for p in out.iterdir()) == files
    fresh = tmp_path / "fresh"
    bad = run("build", "--records", str(broken_records), "--store", f"oxigraph:{fresh}",
              "--out", str(tmp_path / "out2"), cwd=tmp_path)
    assert bad.returncode != 0
    assert not fresh.exists() and not (tmp_path / "out2").exists()


def test_a_build_whose_import_fails_writes_nothing(tmp_path):
    """Records valid, then an Ofsted file that is not a release: the store keeps what it
    held (the records are not written before the imports)."""
    store = tmp_path / "store"
    good = run("build", "--store", f"oxigraph:{store}", "--out", str(tmp_path / "out"),
               "--no-views")
    assert good.returncode == 0, good.stderr
    before = snapshot(store)
    junk = tmp_path / "outcomes.csv"
    junk.write_text("not,an,outcomes,release\n1,2,3,4\n", encoding="utf-8")
    bad = run("build", "--store", f"oxigraph:{store}", "--ofsted", str(junk), "--out",
              str(tmp_path / "out"), "--no-views")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert snapshot(store) == before


# exports whose bytes differ between two builds of the same records (their order)
UNORDERED = {"inspection-graph.graphml", "inspection-graph.jsonld", "inspection-graph.trig"}


def folder_state(out: Path) -> dict[str, bytes | None]:
    """Every file of a build's folder, with its bytes (names only for :data:`UNORDERED`)."""
    return {str(p.relative_to(out)): None if p.name in UNORDERED else p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_killed_build_out_leaves_the_old_folder_and_the_next_build_cleans(tmp_path,
                                                                           mini_records):
    """``build --out`` killed at staggered instants: OUT is the old folder or the new one,
    exports and views together; the next build removes what the killed ones left."""
    out = tmp_path / "out"
    first = run("build", "--out", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not the build's: kept
    old = folder_state(out)
    args = [*CLI, "build", "--records", str(mini_records), "--out", str(out)]
    started = time.perf_counter()
    probe = tmp_path / "probe"
    assert run("build", "--records", str(mini_records), "--out", str(probe)).returncode == 0
    took = time.perf_counter() - started
    new = {**folder_state(probe), "notes.txt": b"mine"}
    assert new != old
    stale: list[str] = []
    for fraction in (0.3, 0.6, 0.8, 0.9, 0.97):
        proc = subprocess.Popen(args, env=env(), cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=fraction * took)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        assert folder_state(out) in (old, new), fraction
        stale += [q.name for q in tmp_path.iterdir() if q.name.startswith(".out.build-")]
        if folder_state(out) == new:  # the swap happened: start again from the old folder
            shutil.rmtree(out)
            assert run("build", "--out", str(out), cwd=tmp_path).returncode == 0
            (out / "notes.txt").write_text("mine", encoding="utf-8")
    last = run("build", "--records", str(mini_records), "--out", str(out), cwd=tmp_path)
    assert last.returncode == 0, last.stderr
    assert folder_state(out) == new
    assert stale, "no kill landed while a build was writing"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")) == []


def test_a_remote_write_moves_large_graphs_into_place_at_once(oxigraph_server):
    """A graph larger than a chunk goes to a temporary graph first and is moved into place
    by one update; a temporary graph a cut-short write left is dropped by the next write."""
    from rdflib import Literal, URIRef

    from graph.store.remote import STAGING, RemoteStore

    store = RemoteStore(oxigraph_server + "/query")
    p = URIRef("https://example.org/p")
    triples = [(URIRef(f"https://example.org/s{i}"), p, Literal(i)) for i in range(25)]
    store.update(f"INSERT DATA {{ GRAPH <{STAGING}left/0> {{ <urn:x> <urn:y> 1 }} }}")
    store.replace_graphs({"https://example.org/big": triples,
                          "https://example.org/small": triples[:2]}, chunk=10)
    assert len(store.query("SELECT * WHERE { GRAPH <https://example.org/big> { ?s ?p ?o } }")
               .rows) == 25
    left = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert sorted(str(r[0]) for r in left) == ["https://example.org/big",
                                               "https://example.org/small"]
