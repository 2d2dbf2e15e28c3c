"""The package's layers: no import circle inside ``graph/``, and every import looks down.

The layers, lowest first (docs/development.md draws them): the foundation
(errors, vocab, files), SPARQL text and results, the query library (reading
``.rq`` files), the stores, the sources and the build, running named queries,
analysis, the outputs (exports, views), the server, the Python API, the CLI.
Every import statement counts, those inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"

# module prefix -> layer; the longest prefix that matches a module decides
LAYERS: dict[str, int] = {
    "graph._lazy": 0, "graph._aliases": 0, "graph.errors": 0, "graph.vocab": 0,
    "graph.files": 0, "graph.progress": 0,
    "graph.sparql": 1,
    "graph.queries.library": 2,
    "graph.store": 3,
    "graph.sources": 4, "graph.build": 4,
    "graph.queries": 5,  # the runner, and the package that re-exports it
    "graph.analysis": 6,
    "graph.exports": 7, "graph.views": 7,
    "graph.server": 8,
    "graph.inspection_graph": 9, "graph": 9,
    "graph.cli": 10,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    best = max((prefix for prefix in LAYERS
                if module == prefix or module.startswith(prefix + ".")), key=len)
    return LAYERS[best]


def imports_of(module: str) -> set[str]:
    """The project modules ``module`` imports (``from a.b import c`` is ``a.b.c`` when ``c``
    is a module); lazy re-exports of a package's ``__init__`` count too."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "graph")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "graph":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "lazy_exports"
              and len(node.args) == 2 and isinstance(node.args[1], ast.Dict)):
            for value in node.args[1].values:
                target = value.value
                found.add(target if target.startswith("graph") else f"{module}.{target}")
    return {m for m in found if m != module}


GRAPH = {m: imports_of(m) for m in MODULES}


def test_every_import_names_a_module_of_the_package():
    unknown = {f"{m} -> {t}" for m, ts in GRAPH.items() for t in ts if t not in MODULES}
    assert not unknown, sorted(unknown)


def test_no_import_circle():
    import networkx as nx

    g = nx.DiGraph([(m, t) for m, ts in GRAPH.items() for t in ts])
    circles = [c for c in nx.simple_cycles(g)]
    assert not circles, " | ".join(" -> ".join(c + [c[0]]) for c in circles[:5])


def test_imports_only_look_down():
    upward = sorted(f"{m} (layer {layer(m)}) -> {t} (layer {layer(t)})"
                    for m, ts in GRAPH.items() for t in ts
                    if layer(t) > layer(m) and not (m == "graph" or t.startswith(m + ".")))
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize("lower", ["graph.sources", "graph.build", "graph.store"])
def test_sources_build_and_store_know_nothing_of_views_server_or_cli(lower):
    higher = ("graph.views", "graph.server", "graph.cli", "graph.analysis")
    bad = sorted(f"{m} -> {t}" for m, ts in GRAPH.items() if m.startswith(lower)
                 for t in ts if t.startswith(higher))
    assert not bad, bad


def test_the_store_knows_nothing_of_the_query_runner():
    bad = sorted(f"{m} -> {t}" for m, ts in GRAPH.items() if m.startswith("graph.store")
                 for t in ts if t in ("graph.queries", "graph.queries.runner"))
    assert not bad, bad


def test_only_the_cli_imports_click():
    users = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "click" for n in names):
                users.append(module)
    assert users and all(m.startswith("graph.cli") for m in users), users


def test_the_layer_table_is_exercised():
    """A layer with no module, or a module left to the catch-all, means the table drifted."""
    for prefix in LAYERS:
        assert any(m == prefix or m.startswith(prefix + ".") for m in MODULES), prefix
    loose = [m for m in MODULES if m.count(".") == 1 and m not in LAYERS]
    assert not loose, f"top-level modules without a layer: {loose}"


def test_old_module_paths_are_aliases_of_the_new_ones():
    import importlib

    from graph._aliases import MOVED

    for old, targets in MOVED.items():
        alias = importlib.import_module(old)
        new = importlib.import_module(targets[0])
        names = getattr(new, "__all__", [])
        assert names, targets[0]
        for name in names:
            assert getattr(alias, name) is getattr(new, name), f"{old}.{name}"
    from graph.national import build_national
    from graph.reports import import_reports, read_report

    import graph

    assert build_national is graph.build_national
    assert read_report is graph.sources.reports.read_report
    assert import_reports is graph.sources.reports.rdf.import_reports


def test_package_re_exports_resolve():
    import importlib

    for module, path in MODULES.items():
        if path.name != "__init__.py":
            continue
        pkg = importlib.import_module(module)
        for name in getattr(pkg, "__all__", []):
            assert getattr(pkg, name) is not None, f"{module}.{name}"
