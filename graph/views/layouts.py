"""Node positions for the views, computed in Python so pages need no physics.

A browser settling a force layout is slow on ordinary laptops (hundreds of
nodes take many seconds); positions computed here make pages ready at once and
identical on every run. Each function returns ``{node: (x, y)}`` in vis-network
pixels, rounded to one decimal, and never depends on dictionary or set order.

Examples
--------
>>> import networkx as nx
>>> pos = layered_positions(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
>>> [pos[n][0] for n in "abc"]
[0.0, 360.0, 720.0]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable

__all__ = ["spring_positions", "radial_positions", "layered_positions", "grid_positions"]

Position = tuple[float, float]


def _simple(g):
    """An undirected simple graph of ``g`` with nodes and edges inserted in sorted order."""
    import networkx as nx

    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    h.add_edges_from(sorted((min(a, b), max(a, b)) for a, b in g.edges() if a != b))
    return h


def _rounded(pos: dict) -> dict[Hashable, Position]:
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def spring_positions(g, *, seed: int = 7, spacing: float = 150.0,
                     iterations: int | None = None) -> dict[Hashable, Position]:
    """A force-directed layout (NetworkX ``spring_layout``) with a fixed seed.

    Parameters
    ----------
    g : networkx graph
    seed : int
        The same seed and graph give the same positions.
    spacing : float
        Rough distance, in pixels, between neighbouring nodes.
    iterations : int, optional
        Fewer for large graphs by default (50 up to 500 nodes, then 30, then 15).
    """
    import networkx as nx

    h = _simple(g)
    n = h.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(h)): (0.0, 0.0)}
    if iterations is None:
        iterations = 50 if n <= 500 else 30 if n <= 1500 else 15
    pos = nx.spring_layout(h, k=1.8 / math.sqrt(n), seed=seed, iterations=iterations,
                           scale=spacing * math.sqrt(n))
    return _rounded(pos)


def radial_positions(g, centre: Hashable, *, ring_gap: float = 260.0,
                     slot: float = 130.0, band_gap: float = 75.0) -> dict[Hashable, Position]:
    """Rings around ``centre``: distance 1 on the first ring, 2 on the second ...

    A node of an outer ring sits in the angular sector of its parent on the ring
    inside (its first neighbour there, in sorted order), and a sector's width
    follows the number of nodes it holds, so branches stay apart. Siblings are
    ordered by their ``type`` attribute, so nodes of a kind sit together. A ring with
    more nodes than fit ``slot`` pixels apart becomes a band of rings ``band_gap``
    apart, neighbouring nodes alternating between them.

    Examples
    --------
    >>> import networkx as nx
    >>> pos = radial_positions(nx.star_graph(4), 0)
    >>> pos[0], sorted(round(math.hypot(*pos[i])) for i in range(1, 5))
    ((0.0, 0.0), [260, 260, 260, 260])
    """
    h = _simple(g)
    depth = {centre: 0}
    parent: dict = {}
    frontier = [centre]
    while frontier:
        nxt = []
        for node in frontier:
            for other in sorted(h.neighbors(node), key=str):
                if other not in depth:
                    depth[other] = depth[node] + 1
                    parent[other] = node
                    nxt.append(other)
        frontier = nxt
    children: dict = defaultdict(list)
    for node, up in parent.items():
        children[up].append(node)
    kinds = {n: str(g.nodes[n].get("type", "")) if hasattr(g, "nodes") else "" for n in h}
    for kids in children.values():
        kids.sort(key=lambda n: (kinds[n], -_size(n, children), str(n)))
    leaves: dict = {}

    def count(node) -> int:
        leaves[node] = sum(count(k) for k in children[node]) or 1
        return leaves[node]

    count(centre)
    by_ring: dict[int, int] = defaultdict(int)
    for d in depth.values():
        by_ring[d] += 1
    # A crowded ring is drawn as several close rings, neighbours alternating between them,
    # so that it stays near the centre (and legible at the first zoom) instead of growing.
    radius = {0: 0.0}
    bands: dict[int, int] = {0: 1}
    for d in range(1, max(by_ring) + 1):
        inner = radius[d - 1] + (bands[d - 1] - 1) * band_gap + ring_gap
        k = 1
        while sum(2 * math.pi * (inner + j * band_gap) / slot for j in range(k)) < by_ring[d]:
            k += 1
        radius[d], bands[d] = inner, k
    pos: dict = {centre: (0.0, 0.0)}
    seen: dict[int, int] = defaultdict(int)

    def place(node, start: float, width: float) -> None:
        angle = start
        for kid in children[node]:
            share = width * leaves[kid] / leaves[node]
            mid = angle + share / 2
            d = depth[kid]
            r = radius[d] + (seen[d] % bands[d]) * band_gap
            seen[d] += 1
            pos[kid] = (r * math.cos(mid), r * math.sin(mid))
            place(kid, angle, share)
            angle += share

    place(centre, -math.pi / 2, 2 * math.pi)
    # Nodes not reached from the centre (none in an ego graph) go on an outer ring.
    rest = sorted((n for n in h if n not in pos), key=str)
    outer = radius[max(radius)] + (bands[max(radius)] - 1) * band_gap + ring_gap
    for i, node in enumerate(rest):
        a = 2 * math.pi * i / max(1, len(rest))
        pos[node] = (outer * math.cos(a), outer * math.sin(a))
    return _rounded(pos)


def _size(node, children) -> int:
    return 1 + sum(_size(k, children) for k in children.get(node, ()))


def _longest_path_layers(g) -> dict[Hashable, int]:
    import networkx as nx

    dg = nx.DiGraph()
    dg.add_nodes_from(sorted(g.nodes, key=str))
    dg.add_edges_from(sorted(((a, b) for a, b in g.edges() if a != b), key=str))
    cond = nx.condensation(dg)
    level: dict[int, int] = {}
    for comp in nx.topological_sort(cond):
        preds = list(cond.predecessors(comp))
        level[comp] = 1 + max(level[p] for p in preds) if preds else 0
    return {n: level[cond.graph["mapping"][n]] for n in dg}


def layered_positions(g, layers: dict[Hashable, int] | None = None, *,
                      layer_gap: float = 360.0, row_gap: float = 90.0,
                      sweeps: int = 4) -> dict[Hashable, Position]:
    """Layers from left to right: causes before effects (a Sugiyama-style layout).

    A node's layer is the length of the longest path reaching it (cycles share
    a layer), unless ``layers`` gives them. Within a layer, nodes are ordered
    by the mean position of their neighbours in the layer before (then after),
    a few sweeps, which keeps crossings few.

    Parameters
    ----------
    g : networkx graph (directed: edges go from a cause to its effect)
    layers : dict, optional
        A layer number per node, to place nodes in given columns.
    """
    if layers is None:
        layers = _longest_path_layers(g)
    columns: dict[int, list] = defaultdict(list)
    for node in sorted(g.nodes, key=str):
        columns[layers[node]].append(node)
    labels = {n: str(g.nodes[n].get("label", n)) for n in g}
    for col in columns.values():
        col.sort(key=lambda n: (labels[n].lower(), str(n)))
    ups: dict = defaultdict(set)
    downs: dict = defaultdict(set)
    for a, b in g.edges():
        ups[b].add(a)
        downs[a].add(b)
    order = sorted(columns)
    for sweep in range(sweeps):
        forward = sweep % 2 == 0
        index = {n: i for col in columns.values() for i, n in enumerate(col)}
        for c in order if forward else reversed(order):
            near = ups if forward else downs

            def key(n, near=near, index=index):
                others = [index[m] for m in near[n] if m in index]
                return (sum(others) / len(others) if others else index[n], str(n))

            columns[c].sort(key=key)
            index.update({n: i for i, n in enumerate(columns[c])})
    pos = {}
    for c, col in columns.items():
        for i, node in enumerate(col):
            pos[node] = (c * layer_gap, (i - (len(col) - 1) / 2) * row_gap)
    return _rounded(pos)


def grid_positions(members: dict[tuple[str, str], list[Hashable]], rows: Iterable[str],
                   columns: Iterable[str], *, slot_width: float = 190.0,
                   slot_height: float = 66.0, header: float = 44.0, left: float = 260.0,
                   aspect: float = 1.25) -> tuple[dict[Hashable, Position], list[dict]]:
    """Nodes in a table of cells: one row per ``rows`` key, one column per ``columns`` key.

    ``members[(row, column)]`` lists the nodes of a cell, in the order wanted;
    they fill the cell line by line, ``per_line`` to a line, the same number
    in every column (fewer where no cell of the column needs so many). That
    number is chosen so that the whole table has about the shape ``aspect``
    (width / height) of the screen it is drawn on, and so the largest scale.
    A row is as tall as its fullest cell. The first ``left`` pixels are kept
    for row headings.

    Returns
    -------
    (dict, list of dict)
        The positions, and the cells' rectangles (``x``, ``y``, ``w``, ``h``
        in pixels, ``row``, ``column``, ``count``) for drawing the table.

    Examples
    --------
    >>> pos, cells = grid_positions({("North", "Good"): ["a", "b"]}, ["North"], ["Good"])
    >>> len(pos), cells[0]["count"], cells[0]["x"]
    (2, 2, 260.0)
    """
    rows, columns = list(rows), list(columns)
    biggest = {c: max([len(members.get((r, c), [])) for r in rows] + [1]) for c in columns}

    def shape(n: int) -> tuple[dict, dict]:
        per_line = {c: max(1, min(n, biggest[c])) for c in columns}
        widths = {c: per_line[c] * slot_width + 20 for c in columns}
        heights = {r: header + 10 + max([math.ceil(len(members.get((r, c), [])) / per_line[c])
                                         for c in columns] + [1]) * slot_height for r in rows}
        return per_line, widths, heights

    def scale(n: int) -> float:
        _, widths, heights = shape(n)
        return min(aspect / (left + sum(widths.values())), 1 / (sum(heights.values()) + 100))

    best = max(range(1, 9), key=lambda n: (scale(n), -n))
    per_line, widths, heights = shape(best)
    pos: dict = {}
    cells = []
    y = 0.0
    for r in rows:
        x = left
        for c in columns:
            nodes = members.get((r, c), [])
            cells.append({"row": r, "column": c, "x": x, "y": y, "w": widths[c],
                          "h": heights[r], "count": len(nodes)})
            for i, node in enumerate(nodes):
                line, place = divmod(i, per_line[c])
                pos[node] = (x + 10 + (place + 0.5) * slot_width,
                             y + header + (line + 0.5) * slot_height)
            x += widths[c]
        y += heights[r]
    return _rounded(pos), cells
