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

__all__ = ["spring_positions", "radial_positions", "layered_positions", "grid_positions",
           "label_box", "spread_boxes"]

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
                     iterations: int | None = None,
                     spread: bool = True) -> dict[Hashable, Position]:
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
    spread : bool
        Push apart nodes whose boxes would meet (:func:`spread_boxes`), up to
        ``SPREAD_LIMIT`` nodes.
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
    pos = _rounded(pos)
    if spread and n <= SPREAD_LIMIT:
        pos = spread_boxes(pos, _boxes(g, pos))
    return pos


def radial_positions(g, centre: Hashable, *, ring_gap: float = 260.0,
                     slot: float = 130.0, band_gap: float = 75.0,
                     spread: bool = True) -> dict[Hashable, Position]:
    """Rings around ``centre``: distance 1 on the first ring, 2 on the second ...

    A node of an outer ring sits in the angular sector of its parent on the ring
    inside (its first neighbour there, in sorted order), and a sector's width
    follows the number of nodes it holds, so branches stay apart. Siblings are
    ordered by their ``type`` attribute, so nodes of a kind sit together. A ring with
    more nodes than fit ``slot`` pixels apart becomes a band of rings ``band_gap``
    apart, neighbouring nodes alternating between them.

    With ``spread`` (the default), nodes whose boxes (shape and label, estimated by
    :func:`label_box` from the ``label`` attribute) would meet are then pushed apart
    by :func:`spread_boxes`, the centre staying where it is.

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
    if spread and 1 < len(pos) <= SPREAD_LIMIT:
        pos = spread_boxes(pos, _boxes(g, pos, centre), fixed={centre})
    return _rounded(pos)


SPREAD_LIMIT = 600  # more nodes than this: no de-overlap pass (it compares every pair)


def _boxes(g, pos, centre=None) -> dict:
    attrs = g.nodes if hasattr(g, "nodes") else {}
    boxes = {}
    for n in pos:
        a = attrs[n] if n in attrs else {}
        boxes[n] = label_box(str(a.get("label") or n), centre=n == centre,
                             group=bool(a.get("collapsedGroup")))
    return boxes


FONT = 16.0  # the views' label font size in canvas pixels (``FONT`` in view.js)


def word_lines(label: str, width: int = 26) -> list[str]:
    """``label``'s words in lines of at most ``width`` characters (a longer word alone).

    >>> word_lines("Director of children's services", 12)
    ['Director of', "children's", 'services']
    """
    out, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    return out


def _wrapped(label: str, width: int = 26, lines: int = 3) -> list[str]:
    """The lines of ``label`` as the views wrap it (``_wrap`` in pages.py, ``wrap`` in view.js)."""
    if "\n" in label:
        return label.split("\n")
    return word_lines(label, width)[:lines]


def label_box(label: str, *, centre: bool = False, group: bool = False,
              font: float = FONT) -> tuple[float, float, float]:
    """An estimate of a node's drawn box around its position: (half width, above, below).

    The node's shape (radius 14, 28 for the centre, up to 34 for a group node) has its
    label beneath it, wrapped as the views wrap it (26 characters a line, 3 lines at
    most); a line is ``font`` pixels high (4 more for the centre) and about 0.3 times
    that wide per character (a little more when bold).

    Examples
    --------
    >>> label_box("West Sussex")
    (53.0, 14.0, 32.0)
    """
    size = 28.0 if centre else 34.0 if group else 14.0
    if centre:
        font += 4
    lines = _wrapped(label)
    chars = max((len(x) for x in lines), default=0)
    per_char = 0.3 if centre or group else 0.29
    half = max(size, per_char * font * chars + 2)
    return (round(half, 1), size, round(size + 2 + len(lines) * font, 1))


def spread_boxes(pos: dict[Hashable, Position], boxes: dict[Hashable, tuple[float, float, float]],
                 *, fixed: Iterable[Hashable] = (), margin: float = 10.0,
                 rounds: int = 3000) -> dict[Hashable, Position]:
    """Push apart nodes whose boxes meet, until none do (or ``rounds`` have passed).

    Each round finds every pair of boxes (``boxes[n]`` is half width, height above and
    below the node's position, as from :func:`label_box`) closer than ``margin`` pixels
    and moves the two apart along the axis where they overlap least, by one and a half
    times the overlap (which converges in fewer rounds, and with smaller moves, than
    the overlap alone), shared between them (all of it for the other node when one is
    in ``fixed``). Moves are small and
    local, so rings and neighbourhoods keep their shape. The same input gives the same
    positions: nodes are taken in sorted order and no randomness is used.

    Examples
    --------
    >>> box = (20.0, 10.0, 10.0)
    >>> spread_boxes({"a": (0.0, 0.0), "b": (30.0, 0.0)}, {"a": box, "b": box}, fixed={"a"})
    {'a': (0.0, 0.0), 'b': (60.5, 0.0)}
    """
    import numpy as np

    nodes = sorted(pos, key=str)
    n = len(nodes)
    if n < 2:
        return _rounded(pos)
    xy = np.array([pos[v] for v in nodes], dtype=float)
    half = np.array([boxes[v][0] for v in nodes]) + margin / 2
    up = np.array([boxes[v][1] for v in nodes]) + margin / 2
    down = np.array([boxes[v][2] for v in nodes]) + margin / 2
    pinned = set(fixed)
    free = np.array([0.0 if v in pinned else 1.0 for v in nodes])
    i, j = np.triu_indices(n, 1)
    for _ in range(rounds):
        x, y = xy[:, 0], xy[:, 1]
        ox = np.minimum(x[i] + half[i], x[j] + half[j]) - np.maximum(x[i] - half[i],
                                                                   x[j] - half[j])
        oy = np.minimum(y[i] + down[i], y[j] + down[j]) - np.maximum(y[i] - up[i], y[j] - up[j])
        hit = (ox > 0) & (oy > 0)
        if not hit.any():
            break
        a, b, ox, oy = i[hit], j[hit], ox[hit], oy[hit]
        # Each pair's two nodes share the move; a pinned node leaves it all to the other.
        wa, wb = free[a], free[b]
        total = np.maximum(wa + wb, 1e-9)
        along_x = ox <= oy
        dx = x[b] - x[a]
        dy = (y[b] - (up[b] - down[b]) / 2) - (y[a] - (up[a] - down[a]) / 2)
        sx = np.where(dx > 0, 1.0, np.where(dx < 0, -1.0, 1.0))
        sy = np.where(dy > 0, 1.0, np.where(dy < 0, -1.0, 1.0))
        step = 1.5 * np.where(along_x, ox, oy) + 0.5
        move = np.zeros_like(xy)
        ax = np.where(along_x, 0, 1)
        np.add.at(move, (a, ax), -np.where(along_x, sx, sy) * step * wa / total)
        np.add.at(move, (b, ax), np.where(along_x, sx, sy) * step * wb / total)
        xy += move
    return _rounded({v: (xy[k, 0], xy[k, 1]) for k, v in enumerate(nodes)})


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
