"""Council outlines for the national map: districts dissolved into upper-tier councils.

A boundary file (GeoJSON of local authority districts, the ONS ``LAD..CD``
codes) and a lookup of districts to upper-tier councils (ONS ``LTLA..CD`` to
``UTLA..CD``, CSV) give each upper-tier council's outline: the union of its
districts (shapely), simplified and projected to SVG path data small enough
for one page. Regions are the union of their councils.

Examples
--------
>>> feature = {"type": "Feature", "properties": {"LAD23CD": "E07000001"},
...            "geometry": {"type": "Polygon",
...                         "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 52], [0, 51]]]}}
>>> shapes = council_shapes({"type": "FeatureCollection", "features": [feature]},
...                         {"E07000001": "E10000099"})
>>> list(shapes.paths), shapes.paths["E10000099"][:1]
(['E10000099'], 'M')
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Shapes", "council_shapes", "read_boundaries", "read_lookup"]

WIDTH = 800.0  # SVG units across England


@dataclass
class Shapes:
    """SVG path data per council and per region, and the drawing's size."""

    paths: dict[str, str]
    regions: dict[str, str] = field(default_factory=dict)
    width: float = WIDTH
    height: float = 0.0
    unmatched: list[str] = field(default_factory=list)  # districts with no council


def read_boundaries(path: str | Path) -> dict:
    """The GeoJSON of a boundary file.

    Raises
    ------
    InspectionGraphError
        Not a GeoJSON FeatureCollection.
    """
    from graph.errors import InspectionGraphError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InspectionGraphError(f"{path}: not a readable GeoJSON file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise InspectionGraphError(f"{path}: not a GeoJSON FeatureCollection")
    return data


def read_lookup(path: str | Path) -> dict[str, str]:
    """District code -> upper-tier council code, from an ONS LTLA to UTLA lookup (CSV).

    The columns are found by their names' endings (``LTLA23CD``, ``UTLA23CD``, any year).
    """
    from graph.errors import InspectionGraphError

    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        names = reader.fieldnames or []
        lower = next((n for n in names if n.upper().startswith(("LTLA", "LAD"))
                      and n.upper().endswith("CD")), None)
        upper = next((n for n in names if n.upper().startswith("UTLA")
                      and n.upper().endswith("CD")), None)
        if lower is None or upper is None:
            raise InspectionGraphError(f"{path}: no LTLA..CD and UTLA..CD columns")
        return {row[lower].strip(): row[upper].strip() for row in reader
                if row.get(lower) and row.get(upper)}


def _district_code(properties: dict) -> str | None:
    for key, value in sorted(properties.items()):
        if key.upper().startswith(("LAD", "LTLA")) and key.upper().endswith("CD"):
            return str(value)
    return None


def council_shapes(boundaries: dict, lookup: dict[str, str], *,
                   regions: dict[str, str] | None = None, tolerance: float = 0.6) -> Shapes:
    """Outlines of the upper-tier councils of England as SVG path data.

    Parameters
    ----------
    boundaries : dict
        A GeoJSON FeatureCollection of districts in longitude and latitude.
    lookup : dict
        District code -> council code (:func:`read_lookup`); a district absent
        from it stands for itself (a unitary council).
    regions : dict, optional
        Council code -> region name: each region's outline is drawn too.
    tolerance : float
        Simplification, in SVG units (the map is :data:`WIDTH` units across).
    """
    from shapely import make_valid
    from shapely.geometry import shape
    from shapely.ops import unary_union

    parts: dict[str, list] = {}
    unmatched = []
    for feature in boundaries["features"]:
        code = _district_code(feature.get("properties") or {})
        if not code or not code.startswith("E") or not feature.get("geometry"):
            continue
        council = lookup.get(code, code)
        if code not in lookup:
            unmatched.append(code)
        geom = make_valid(shape(feature["geometry"]))
        parts.setdefault(council, []).append(geom)
    if not parts:
        return Shapes({}, unmatched=sorted(unmatched))
    merged = {c: unary_union(g) for c, g in sorted(parts.items())}
    minx = min(g.bounds[0] for g in merged.values())
    miny = min(g.bounds[1] for g in merged.values())
    maxx = max(g.bounds[2] for g in merged.values())
    maxy = max(g.bounds[3] for g in merged.values())
    k = math.cos(math.radians((miny + maxy) / 2))  # equirectangular at England's latitude
    scale = WIDTH / ((maxx - minx) * k)
    height = round((maxy - miny) * scale, 1)

    from shapely import affinity

    def project(g):
        g = affinity.translate(g, -minx, -maxy)
        return affinity.scale(g, scale * k, -scale, origin=(0, 0))

    projected = {c: project(g) for c, g in merged.items()}
    paths = {c: _path(g.simplify(tolerance, preserve_topology=True))
             for c, g in projected.items()}
    region_paths = {}
    if regions:
        members: dict[str, list] = {}
        for c, g in projected.items():
            if regions.get(c):
                members.setdefault(regions[c], []).append(g.buffer(0.3))
        region_paths = {r: _path(unary_union(gs).simplify(tolerance * 2, preserve_topology=True))
                        for r, gs in sorted(members.items())}
    return Shapes({c: p for c, p in paths.items() if p}, region_paths, WIDTH, height,
                  sorted(unmatched))


def _path(geom) -> str:
    """SVG path data of a polygon or multipolygon (rings closed with Z, whole units)."""
    polygons = getattr(geom, "geoms", [geom])
    out = []
    for poly in polygons:
        if poly.geom_type != "Polygon" or poly.is_empty or poly.area < 0.5:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            coords = [(round(x), round(y)) for x, y in ring.coords]
            dedup = [coords[0]] + [p for a, p in zip(coords, coords[1:], strict=False)
                                   if p != a]
            if len(dedup) < 4:
                continue
            out.append("M" + " ".join(f"{x} {y}" for x, y in dedup[:-1]) + "Z")
    return "".join(out)
