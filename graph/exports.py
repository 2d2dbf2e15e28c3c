"""Exports: the graph written as Turtle, TriG, JSON-LD, N-Triples, N-Quads, GraphML and CSV.

Files are written to temporary names in the output folder and renamed into
place only once all of them are complete, so a failed export never leaves a
half-written file or overwrites a good one.

Examples
--------
>>> import graph, tempfile
>>> written = write_all(graph.load(validate=False), tempfile.mkdtemp())
>>> sorted(written)[:3]
['edges.csv', 'inspection-graph.graphml', 'inspection-graph.jsonld']
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from graph.files import atomic_write, file_mode

__all__ = ["EXPORTS", "PROJECTED", "write_all", "sorted_ntriples", "sorted_nquads", "atomic_write"]


def _union(kg):
    from rdflib import Graph

    from graph import vocab

    g = Graph()
    vocab.bind_prefixes(g)
    for s, p, o, _g in kg.store.quads():
        g.add((s, p, o))
    return g


def _dataset(kg):
    from graph import vocab

    ds = kg.dataset
    vocab.bind_prefixes(ds)
    return ds


def _native_bytes(kg, fmt: str, union: bool) -> bytes | None:
    """The store's own serialization (Oxigraph's, fast for large graphs), if it has one."""
    serialize = getattr(kg.store, "serialize", None)
    return None if serialize is None else serialize(fmt, union=union)


def _native(kg, fmt: str, union: bool) -> str | None:
    native = _native_bytes(kg, fmt, union)
    return None if native is None else native.decode("utf-8")


def _sorted_lines(data: bytes) -> str:
    """The distinct lines of N-Triples or N-Quads, sorted: as bytes (UTF-8 sorts as its
    code points do, so the order is that of the text), decoded once. Lines that come
    distinct and sorted already (Oxigraph stores in memory give them so) are kept."""
    from itertools import islice
    from operator import lt

    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    if lines and lines[0] and all(map(lt, lines, islice(lines, 1, None))):  # "" sorts first
        return (data if data.endswith(b"\n") else data + b"\n").decode("utf-8")
    distinct = set(lines)
    distinct.discard(b"")
    return (b"\n".join(sorted(distinct)) + b"\n").decode("utf-8")


def sorted_ntriples(kg) -> str:
    """Every triple of the union graph as N-Triples, one per line, sorted (deterministic)."""
    native = _native_bytes(kg, "nt", True)
    if native is not None:
        return _sorted_lines(native)
    lines = {_nt(s, p, o) + " ." for s, p, o, _g in kg.store.quads()}
    return "\n".join(sorted(lines)) + "\n"


def sorted_nquads(kg) -> str:
    """Every quad as N-Quads, sorted (deterministic)."""
    native = _native_bytes(kg, "nquads", False)
    if native is not None:
        return _sorted_lines(native)
    lines = {f"{_nt(s, p, o)} {g.n3()} ." for s, p, o, g in kg.store.quads()}
    return "\n".join(sorted(lines)) + "\n"


def _nt(s, p, o) -> str:
    from rdflib import Literal

    if isinstance(o, Literal):
        from rdflib.plugins.serializers.nt import _quoteLiteral

        obj = _quoteLiteral(o)
    else:
        obj = o.n3()
    return f"{s.n3()} {p.n3()} {obj}"


def _turtle(kg) -> str:
    native = _native(kg, "turtle", True)
    return native if native is not None else _union(kg).serialize(format="turtle")


def _trig(kg) -> str:
    native = _native(kg, "trig", False)
    return native if native is not None else _dataset(kg).serialize(format="trig")


def _jsonld(kg) -> str:
    from graph import vocab

    native = _native(kg, "json-ld", False)
    if native is not None:
        return native
    return _dataset(kg).serialize(format="json-ld", context=dict(vocab.PREFIXES), indent=1)


def _projection(kg):
    """The entity graph, computed once per export run (see :func:`write_all`)."""
    cached = getattr(kg, "_export_projection", None)
    return cached if cached is not None else kg.to_networkx()


def _graphml(kg) -> str:
    g = _projection(kg)
    text = graphml_text(g)
    if text is None:  # attributes other than text: NetworkX's own writer
        import networkx as nx

        buf = io.BytesIO()
        nx.write_graphml(g, buf)
        text = buf.getvalue().decode("utf-8")
    return text


_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')


def _xml_text(text: str) -> str:
    if "&" not in text and "<" not in text and ">" not in text:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attribute(text: str) -> str:
    if _PLAIN_ATTRIBUTE.fullmatch(text):
        return text
    return (_xml_text(text).replace('"', "&quot;").replace("\r", "&#13;")
            .replace("\n", "&#10;").replace("\t", "&#09;"))


_PLAIN_ATTRIBUTE = re.compile(r'[^&<>"\r\n\t]*')


def graphml_text(g) -> str | None:
    """GraphML of a NetworkX graph whose graph, node and edge attributes are all text, the
    same bytes as ``networkx.write_graphml`` writes (its keys, order and indentation),
    written in one pass of string joins; None for a graph with other attributes.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_edge("a", "b", key="p", predicate="p")
    'p'
    >>> buf = __import__("io").BytesIO(); nx.write_graphml(g, buf)
    >>> graphml_text(g) == buf.getvalue().decode("utf-8")
    True
    """
    scopes = [("graph", None, {k: v for k, v in g.graph.items()
                               if k not in ("node_default", "edge_default", "id")})]
    scopes += [("node", (str(n),), data) for n, data in g.nodes(data=True)]
    if g.is_multigraph():
        scopes += [("edge", (str(u), str(v), str(k)), data)
                   for u, v, k, data in g.edges(data=True, keys=True)]
    else:
        scopes += [("edge", (str(u), str(v)), data) for u, v, data in g.edges(data=True)]
    keys: dict[tuple[str, str], str] = {}
    body: list[str] = []
    for scope, ids, data in scopes:
        rows = []
        for name, value in data.items():
            if not isinstance(value, str) or type(value) is not str:
                return None
            key = keys.setdefault((str(name), scope), f"d{len(keys)}")
            rows.append(f'      <data key="{key}">{_xml_text(value)}</data>' if value
                        else f'      <data key="{key}" />')
        if scope == "graph":
            if rows:
                return None  # graph attributes: rare, left to NetworkX
            continue
        if scope == "node":
            tag = f'    <node id="{_xml_attribute(ids[0])}"'
        else:
            tag = (f'    <edge source="{_xml_attribute(ids[0])}" '
                   f'target="{_xml_attribute(ids[1])}"'
                   + (f' id="{_xml_attribute(ids[2])}"' if len(ids) > 2 else ""))
        if rows:
            body.append(tag + ">")
            body.extend(rows)
            body.append(f"    </{scope}>")
        else:
            body.append(tag + " />")
    lines = [_GRAPHML_HEAD]
    lines += [f'  <key id="{key}" for="{scope}" attr.name="{_xml_attribute(name)}" '
              'attr.type="string" />' for (name, scope), key in reversed(keys.items())]
    edges = "directed" if g.is_directed() else "undirected"
    if body:
        lines.append(f'  <graph edgedefault="{edges}">')
        lines.extend(body)
        lines.append("  </graph>")
    else:
        lines.append(f'  <graph edgedefault="{edges}" />')
    lines.append("</graphml>")
    return "\n".join(lines) + "\n"


def _nodes_csv(kg) -> str:
    g = _projection(kg)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "type", "label"])
    for node, data in sorted(g.nodes(data=True)):
        w.writerow([node, data.get("type", ""), data.get("label", "")])
    return buf.getvalue()


def _edges_csv(kg) -> str:
    g = _projection(kg)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", "target", "predicate", "graph"])
    for s, o, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"])):
        w.writerow([s, o, data["predicate"], data.get("graph", "")])
    return buf.getvalue()


EXPORTS: dict[str, Callable] = {
    "inspection-graph.ttl": _turtle,
    "inspection-graph.trig": _trig,
    "inspection-graph.jsonld": _jsonld,
    "inspection-graph.nt": sorted_ntriples,
    "inspection-graph.nq": sorted_nquads,
    "inspection-graph.graphml": _graphml,
    "nodes.csv": _nodes_csv,
    "edges.csv": _edges_csv,
}


PROJECTED = ("inspection-graph.graphml", "nodes.csv", "edges.csv")
"""The exports made from the entity graph (:meth:`InspectionGraph.to_networkx`)."""


def write_all(kg, out: str | Path = "exports",
              names: Iterable[str] | None = None) -> dict[str, Path]:
    """Write every export (or those named) of ``kg`` into ``out``.

    All files are produced first under temporary names; only when every one
    succeeded are they renamed into place. The exports of the entity graph
    (:data:`PROJECTED`) are made in a forked child process while this one writes
    the RDF files (two cores at work; one, in order, where processes cannot fork).

    Parameters
    ----------
    kg : InspectionGraph
    out : folder
        Created if missing.
    names : iterable of str, optional
        A subset of :data:`EXPORTS`.

    Returns
    -------
    dict
        File name -> path written.
    """
    from graph.build.background import Forked
    from graph.store.derived import ensure_derived

    ensure_derived(kg.store)  # the exports hold the derived graph too (graph/derived)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = list(names) if names is not None else list(EXPORTS)
    projected = [n for n in chosen if n in PROJECTED]
    rdf = [n for n in chosen if n not in PROJECTED]
    temps: dict[str, str] = {}
    child = None
    try:
        if projected:
            child = Forked(_write_projected, kg, out, projected,
                           cleanup=lambda: _remove_temporaries(out, projected))
        temps.update(_write_temporaries(kg, out, rdf))
        if child is not None:
            temps.update(child.result())
            child = None
        written = {}
        mode = file_mode()
        for name in chosen:
            os.chmod(temps[name], mode)
            os.replace(temps[name], out / name)
            written[name] = out / name
        return written
    finally:
        if child is not None:  # this side failed: the child's files go too
            with contextlib.suppress(Exception):  # the first error is the one raised
                temps.update(child.result())
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)


def _write_temporaries(kg, out: Path, names: list[str]) -> dict[str, str]:
    """Each export of ``names`` written to a temporary file in ``out``: name -> its path
    (all of them removed if one fails)."""
    temps: dict[str, str] = {}
    try:
        for name in names:
            text = EXPORTS[name](kg)
            fd, tmp = tempfile.mkstemp(prefix="." + name + ".", suffix=".tmp", dir=out)
            temps[name] = tmp
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
    except BaseException:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    return temps


def _write_projected(kg, out: Path, names: list[str]) -> dict[str, str]:
    """The exports of the entity graph, made once for all of them, to temporary files."""
    kg._export_projection = kg.to_networkx()
    try:
        return _write_temporaries(kg, out, names)
    finally:
        kg._export_projection = None


def _remove_temporaries(out: Path, names: list[str]) -> None:
    """The temporary files that exports of ``names`` cut short left in ``out``."""
    for name in names:
        for path in out.glob("." + name + ".*.tmp"):
            path.unlink(missing_ok=True)
