"""Loading and named queries per store, beside plain rdflib and raw pyoxigraph.

Four ways to hold the same N-Quads files are compared:

``rdflib``
    the baseline: ``rdflib.Dataset.parse`` of each file, ``Dataset.query`` (union default graph);
``pyoxigraph``
    the baseline: ``pyoxigraph.Store().bulk_load`` of each file, ``Store.query`` with
    ``use_default_graph_as_union=True``;
``memory`` / ``oxigraph``
    the project's :class:`~graph.store.MemoryStore` and :class:`~graph.store.OxigraphStore`
    (in memory), loaded with ``load_file``, queried with ``InspectionGraph.query_named``.

The baselines run the very text the project runs: the named query with the
project's prefixes and its parameters written in (:func:`graph.sparqltext.substitute`).
The functions named ``*_case`` run in a fresh process each
(:func:`benchmarks.harness.run_isolated`) and return plain JSON.

Examples
--------
>>> files = [ontology_file("/tmp/bench-doc")]
>>> load_case("pyoxigraph", [str(f) for f in files])["triples"] > 500
True
"""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

__all__ = ["KINDS", "ontology_file", "synthetic_file", "derived_file", "load", "count",
           "pick_params", "query_text", "run_query", "load_case", "query_case"]

KINDS = ("rdflib", "pyoxigraph", "memory", "oxigraph")
SYN = "https://w3id.org/inspection-graph/synthetic/"

# Synthetic entities to point the parameters at: picked from the loaded graph.
PICKS = {
    "council": "SELECT ?x WHERE { ?x a ig:Council ; ig:gssCode ?code } ORDER BY ?code LIMIT 1",
    "person": "SELECT ?x (COUNT(DISTINCT ?post) AS ?n) WHERE { ?t ig:holder ?x ; ig:post ?post } "
              "GROUP BY ?x ORDER BY DESC(?n) STR(?x) LIMIT 1",
    "finding": "SELECT ?x WHERE { ?cause ig:contributesTo ?x . ?x a ig:Finding } "
               "ORDER BY STR(?x) LIMIT 1",
    "theme": "SELECT ?x WHERE { ?f a ig:Finding ; ig:theme ?x } ORDER BY STR(?x) LIMIT 1",
}


class QueryTimeout(BaseException):
    """A query ran over its time limit (a BaseException, so no ``except Exception`` of a
    store turns it into a query error)."""


def ontology_file(folder: str | Path) -> Path:
    """The ontology (``vocab.load_ontology()``, grade ranks included) as N-Quads in its own
    named graph, written into ``folder`` (again whenever the ontology changed)."""
    from graph.vocab import ONTOLOGY_GRAPH, load_ontology

    path = Path(folder) / "ontology.nq"
    text = _nquads(load_ontology(), ONTOLOGY_GRAPH)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        _write(path, text)
    return path


def _nquads(triples, graph) -> str:
    """``triples`` as sorted N-Quads lines in the named graph ``graph``."""
    from graph.sparql.text import nt_term

    g = nt_term(graph)
    return "".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {g} .\n"
                          for s, p, o in triples))


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def synthetic_file(folder: str | Path, triples: int, seed: int = 0) -> Path:
    """The synthetic graph of about ``triples`` triples, written once into ``folder`` (its
    name carries a digest of the generator's source, so a changed generator writes anew)."""
    import hashlib

    import benchmarks.synthetic as synthetic

    digest = hashlib.sha256(Path(synthetic.__file__).read_bytes()).hexdigest()[:8]
    write_nquads = synthetic.write_nquads
    path = Path(folder) / f"synthetic-{seed}-{triples}-{digest}.nq"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_nquads(path, triples, seed)
    return path


def derived_file(files: list[str]) -> Path:
    """The derived graph (:mod:`graph.derive`) of the files, as N-Quads beside the last one,
    written once: the baselines load it so that they answer the same queries on the same
    facts as the project's stores, which derive it themselves (timed apart)."""
    from graph.store import OxigraphStore
    from graph.store.derived import DERIVED_GRAPH, derived_triples

    path = Path(files[-1]).with_suffix(".derived.nq")
    if not path.exists() or any(Path(f).stat().st_mtime > path.stat().st_mtime for f in files):
        store = OxigraphStore()
        for f in files:
            store.load_file(f)
        _write(path, _nquads(derived_triples(store)[0], DERIVED_GRAPH))
    return path


def load(kind: str, files: list[str]):
    """The files loaded the ``kind`` way: an rdflib Dataset, a pyoxigraph Store or a project
    :class:`~graph.InspectionGraph`."""
    if kind == "rdflib":
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        for f in files:
            ds.parse(f, format="nquads")
        return ds
    if kind == "pyoxigraph":
        import pyoxigraph as ox

        st = ox.Store()
        for f in files:
            st.bulk_load(path=f, format=ox.RdfFormat.N_QUADS)
        return st
    from graph import InspectionGraph
    from graph.store import MemoryStore, OxigraphStore

    store = {"memory": MemoryStore, "oxigraph": OxigraphStore}[kind]()
    for f in files:
        store.load_file(f)
    return InspectionGraph(store)


def count(kind: str, handle) -> int:
    """Quads held (named graphs only)."""
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    if kind == "rdflib":
        return len(handle)
    if kind == "pyoxigraph":
        return int(next(iter(handle.query(q)))["n"].value)
    return len(handle.store)


def query_text(name: str, params: dict[str, str] | None = None) -> str:
    """The full text a baseline runs: the named query, prefixed, parameters written in."""
    from graph.queries import get_query, prefixed
    from graph.sparql.text import substitute

    q = get_query(name)
    return substitute(prefixed(q.sparql), q.bindings(**(params or {})))


def run_query(kind: str, handle, name: str, params: dict[str, str] | None = None) -> int:
    """Run the named query ``name`` on ``handle``; return its number of rows (answers read).

    rdflib binds the parameters with ``initBindings``; pyoxigraph runs the text with the
    values written in (:func:`query_text`), as the project's Oxigraph store does.
    """
    from rdflib import Variable

    if kind == "rdflib":
        from graph.queries import get_query, prefixed

        q = get_query(name)
        init = {Variable(k): v for k, v in q.bindings(**(params or {})).items()}
        return len(list(handle.query(prefixed(q.sparql), initBindings=init)))
    if kind == "pyoxigraph":
        return sum(1 for _ in handle.query(query_text(name, params),
                                           use_default_graph_as_union=True))
    return len(handle.query_named(name, **(params or {})).rows)


def pick_params(kind: str, handle) -> dict[str, str]:
    """Parameters pointing at synthetic entities of the loaded graph (see :data:`PICKS`)."""
    from graph.queries import prefixed

    out = {}
    for param, sparql in PICKS.items():
        text = prefixed(sparql)
        if kind == "pyoxigraph":
            rows = [r[0].value for r in handle.query(text, use_default_graph_as_union=True)]
        elif kind == "rdflib":
            rows = [str(r[0]) for r in handle.query(text)]
        else:
            rows = [str(r[0]) for r in handle.query(sparql).rows]
        if not rows:
            raise RuntimeError(f"no synthetic {param} in the graph")
        out[param] = rows[0]
    return out


def load_case(kind: str, files: list[str]) -> dict[str, Any]:
    """Load the files once (in a fresh process); seconds and quads held."""
    started = time.perf_counter()
    handle = load(kind, files)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "triples": count(kind, handle)}


def _alarm(signum, frame):
    raise QueryTimeout


def query_case(kind: str, files: list[str], params: dict[str, str] | None, repeat: int,
               pick: bool = False, query_limit: float = 30.0, pass_limit: float = 60.0,
               budget: float = 150.0) -> dict[str, Any]:
    """Load the files, then time every named query ``repeat`` times (passes over them all).

    Guards, so that a slow store cannot hold up the suite: a query running over
    ``query_limit`` seconds is stopped (recorded as over the limit, not run again);
    after a first pass over ``pass_limit`` seconds no further pass is made; once
    ``budget`` seconds have gone, the passes stop (and a pass stops at the query it is at).

    Returns
    -------
    dict
        ``load_s``, ``triples``, ``params``, ``times`` (name -> seconds of each run),
        ``rows`` (name -> rows answered), ``over`` (names stopped at the limit),
        ``skipped`` (names not reached), ``note``.
    """
    from graph.queries import list_queries

    started = time.perf_counter()
    handle = load(kind, files)
    load_s = time.perf_counter() - started
    derive_s = None
    if kind in ("memory", "oxigraph"):
        from graph.store.derived import ensure_derived

        started = time.perf_counter()
        if ensure_derived(handle.store):
            derive_s = time.perf_counter() - started
    if pick:
        params = pick_params(kind, handle)
    names = [q.name for q in list_queries()]
    wanted = {q.name: {p.name for p in q.params} for q in list_queries()}
    times: dict[str, list[float]] = {n: [] for n in names}
    rows: dict[str, int] = {}
    over: list[str] = []
    skipped: list[str] = []
    note = ""
    old = signal.signal(signal.SIGALRM, _alarm)
    began = time.perf_counter()
    try:
        for run in range(repeat):
            pass_started = time.perf_counter()
            for name in names:
                if name in over:
                    continue
                if time.perf_counter() - began > budget:
                    if run == 0:
                        skipped.append(name)
                    continue
                mine = {k: v for k, v in (params or {}).items() if k in wanted[name]}
                signal.setitimer(signal.ITIMER_REAL, query_limit)
                t = time.perf_counter()
                try:
                    rows[name] = run_query(kind, handle, name, mine)
                    times[name].append(time.perf_counter() - t)
                except QueryTimeout:
                    over.append(name)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - pass_started
            if run == 0 and took > pass_limit:
                note = f"1 run: the first pass took {took:.0f} s (over {pass_limit:.0f} s)"
                break
            if time.perf_counter() - began > budget:
                note = f"{run + 1} runs: time budget of {budget:.0f} s"
                break
    finally:
        signal.signal(signal.SIGALRM, old)
    if skipped:
        note = (note + "; " if note else "") + f"{len(skipped)} queries not reached"
    return {"load_s": load_s, "derive_s": derive_s, "triples": count(kind, handle),
            "params": params or {},
            "times": times, "rows": rows, "over": over, "skipped": skipped, "note": note,
            "query_limit": query_limit}
