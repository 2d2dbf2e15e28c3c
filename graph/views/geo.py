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
    """The GeoJSON of a boundary file, checked: a FeatureCollection whose features carry a
    district code (a ``LAD..CD`` or ``LTLA..CD`` property) and a polygon geometry.

    Raises
    ------
    InspectionGraphError
        A missing or unreadable file, not a GeoJSON FeatureCollection, no feature with a
        district code, or a feature whose geometry is not a polygon (the message names the
        file, the feature and the field).
    """
    from graph.errors import InspectionGraphError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InspectionGraphError(f"{path}: cannot read the boundary file "
                                   f"({exc.strerror or exc})") from None
    except ValueError as exc:
        raise InspectionGraphError(f"{path}: not a readable GeoJSON file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise InspectionGraphError(f"{path}: not a GeoJSON FeatureCollection "
                                   "(no list of features)")
    coded = 0
    for i, feature in enumerate(data["features"]):
        if not isinstance(feature, dict):
            raise InspectionGraphError(f"{path}: feature {i + 1} is not a GeoJSON Feature")
        code = _district_code(feature.get("properties") or {})
        if code is None:
            continue
        coded += 1
        geometry = feature.get("geometry")
        problem = _geometry_problem(geometry)
        if problem:
            raise InspectionGraphError(f"{path}: feature {i + 1} (district {code}): "
                                       f"geometry {problem}")
    if not coded:
        raise InspectionGraphError(f"{path}: no feature has a district code "
                                   "(a LAD..CD or LTLA..CD property, as LAD23CD)")
    return data


def _geometry_problem(geometry) -> str | None:
    """What is wrong with a feature's geometry for the map, or None."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon",
                                                                      "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        return f"is not a Polygon or MultiPolygon ({kind!r})"
    depth = 3 if geometry["type"] == "Polygon" else 4

    def positions(value, level):
        if level == 1:
            if (not isinstance(value, list) or len(value) < 2
                    or not all(isinstance(v, (int, float)) and math.isfinite(v)
                               for v in value[:2])):
                raise ValueError
            return
        if not isinstance(value, list) or not value:
            raise ValueError
        for item in value:
            positions(item, level - 1)

    try:
        positions(geometry.get("coordinates"), depth)
    except (ValueError, RecursionError):
        return "has coordinates that are not lists of [longitude, latitude] numbers"
    from shapely.geometry import shape

    try:
        shape(geometry)
    except (ValueError, TypeError, AttributeError) as exc:
        return f"is not a valid polygon ({exc})"
    return None


def read_lookup(path: str | Path) -> dict[str, str]:
    """District code -> upper-tier council code, from an ONS LTLA to UTLA lookup (CSV).

    The columns are found by their names' endings (``LTLA23CD``, ``UTLA23CD``, any year).

    Raises
    ------
    InspectionGraphError
        A missing or unreadable file, or no district or council code column (the message
        names the file and the columns it holds).
    """
    from graph.errors import InspectionGraphError

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            names = reader.fieldnames or []
            lower = next((n for n in names if n.upper().startswith(("LTLA", "LAD"))
                          and n.upper().endswith("CD")), None)
            upper = next((n for n in names if n.upper().startswith("UTLA")
                          and n.upper().endswith("CD")), None)
            if lower is None or upper is None:
                missing = " and ".join(w for w, col in (("LTLA..CD", lower), ("UTLA..CD", upper))
                                       if col is None)
                found = ", ".join(n for n in names if n) or "none"
                raise InspectionGraphError(f"{path}: no {missing} column in the lookup "
                                           f"(columns: {found})")
            table = {row[lower].strip(): row[upper].strip() for row in reader
                     if row.get(lower) and row.get(upper)}
    except OSError as exc:
        raise InspectionGraphError(f"{path}: cannot read the lookup "
                                   f"({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InspectionGraphError(f"{path}: not a readable CSV lookup ({exc})") from None
    if not table:
        raise InspectionGraphError(f"{path}: the lookup has no row with both a {lower} "
                                   f"and a {upper}")
    return table


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
