"""``inspection-graph views --boundaries/--lookup`` through the CLI: good files draw the map,
bad ones stop the command with one ``Error:`` line naming the file and the field, and leave
the output folder as it was.

The boundary files here are made in the test: squares standing for the districts of West
Sussex (fictional shapes, real ONS codes) and a district of Bristol, a unitary council.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import need_shared

from graph.cli import main

WEST_SUSSEX_DISTRICTS = ["E07000223", "E07000224", "E07000225", "E07000226", "E07000227",
                         "E07000228", "E07000229"]
BRISTOL = "E06000023"


def square(x: float, y: float, size: float = 0.1) -> dict:
    """A square polygon; corners rounded, so that squares side by side share their edge."""
    x2, y2 = round(x + size, 6), round(y + size, 6)
    x, y = round(x, 6), round(y, 6)
    return {"type": "Polygon", "coordinates": [[[x, y], [x2, y], [x2, y2], [x, y2], [x, y]]]}


def boundaries(path: Path, features: list[dict] | None = None) -> Path:
    if features is None:
        features = [{"type": "Feature", "properties": {"LAD23CD": code, "LAD23NM": code},
                     "geometry": square(-0.9 + 0.1 * i, 50.9)}
                    for i, code in enumerate(WEST_SUSSEX_DISTRICTS)]
        features.append({"type": "Feature", "properties": {"LAD23CD": BRISTOL},
                         "geometry": square(-2.6, 51.4)})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


def lookup(path: Path, header=("LTLA23CD", "LTLA23NM", "UTLA23CD", "UTLA23NM")) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for code in WEST_SUSSEX_DISTRICTS:
            out.writerow([code, code, "E10000032", "West Sussex"])
        out.writerow([BRISTOL, "Bristol", BRISTOL, "Bristol"])
    return path


def views(out: Path, *args) -> object:
    return CliRunner().invoke(main, ["views", "--out", str(out),
                                                     *[str(a) for a in args]])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (temporary files included), with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The views of the bundled records written once with good files: the folder and its
    files, for the failing runs to be compared with."""
    tmp = tmp_path_factory.mktemp("views-cli")
    out = tmp / "views"
    geo, table = boundaries(tmp / "districts.geojson"), lookup(tmp / "lookup.csv")
    result = views(out, "--boundaries", geo, "--lookup", table)
    assert result.exit_code == 0, result.stdout + result.stderr
    return out, snapshot(out), result


def test_good_files_draw_every_council_with_its_districts_joined(written):
    out, files, result = written
    assert re.match(r"Wrote \d+ pages \([\d.]+ MB\) to .* in [\d.]+ s: .*\b1 map\b",
                    result.output), result.output
    html = files["national.html"].decode("utf-8")
    drawn = re.findall(r'<path d="([^"]+)" data-gss="(E\d{8})"', html)
    assert sorted(gss for _, gss in drawn) == [BRISTOL, "E10000032"]
    west = next(d for d, gss in drawn if gss == "E10000032")
    assert west.count("M") == 1  # seven touching squares dissolved into one outline
    assert not any(code in html for code in WEST_SUSSEX_DISTRICTS)
    assert "No outline in the boundary file: Lancashire County Council." in html
    assert all(f"council/{gss}.html" in files for gss in (BRISTOL, "E10000032", "E10000017"))


def test_the_shared_files_draw_the_153_councils(tmp_path):
    geo = need_shared("data", "geo", "local_authority_districts_boundaries.json")
    table = need_shared("data", "dfe", "LTLA-UTLA_Apr23_Lookup_England-Wales.csv")
    result = views(tmp_path / "views", "--radius", "1", "--boundaries", geo, "--lookup", table)
    assert result.exit_code == 0, result.stdout + result.stderr
    html = (tmp_path / "views" / "national.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-gss="(E\d{8})"', html)) == {BRISTOL, "E10000017", "E10000032"}


def failing(tmp_path: Path, written, *args) -> str:
    """Run ``views`` into a copy of the good folder; check it failed with one error line
    and left every file as it was; return that line."""
    out, files, _ = written
    target = tmp_path / "views"
    target.mkdir()
    for name, data in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    result = views(target, *args)
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(target) == files  # nothing half-written, nothing left behind
    return errors[0]


def test_a_missing_boundary_file(tmp_path, written):
    missing = tmp_path / "no-such-districts.geojson"
    line = failing(tmp_path, written, "--boundaries", missing)
    assert str(missing) in line and "does not exist" in line


def test_a_missing_lookup(tmp_path, written):
    geo = boundaries(tmp_path / "districts.geojson")
    missing = tmp_path / "no-such-lookup.csv"
    line = failing(tmp_path, written, "--boundaries", geo, "--lookup", missing)
    assert str(missing) in line and "does not exist" in line


@pytest.mark.parametrize("content, says", [
    ("{\"type\": \"FeatureCollection\", \"features\": [", "not a readable GeoJSON file"),
    ("[1, 2, 3]", "not a GeoJSON FeatureCollection"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"NAME": "Adur"}, "geometry": square(0, 51)}]}),
     "no feature has a district code (a LAD..CD or LTLA..CD property"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"LAD23CD": "E07000223"}, "geometry": square(0, 51)},
        {"type": "Feature", "properties": {"LAD23CD": "E07000224"},
         "geometry": {"type": "Polygon",
                      "coordinates": [[["x", 51], [1, 51], [1, 52], ["x", 51]]]}}]}),
     "feature 2 (district E07000224): geometry has coordinates that are not lists of"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"LAD23CD": "E07000225"},
         "geometry": {"type": "Point", "coordinates": [0, 51]}}]}),
     "feature 1 (district E07000225): geometry is not a Polygon or MultiPolygon ('Point')"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"LAD23CD": "E07000226"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 51], [1, 51]]]}}]}),
     "feature 1 (district E07000226): geometry is not a valid polygon"),
])
def test_a_malformed_boundary_file(tmp_path, written, content, says):
    geo = tmp_path / "districts.geojson"
    geo.write_text(content, encoding="utf-8")
    line = failing(tmp_path, written, "--boundaries", geo, "--lookup",
                   lookup(tmp_path / "lookup.csv"))
    assert line.startswith(f"Error: {geo}: ") and says in line, line


@pytest.mark.parametrize("header, missing", [
    (("district", "district name", "council", "council name"), "LTLA..CD and UTLA..CD"),
    (("LAD23CD", "LAD23NM", "CTYUA23CD", "CTYUA23NM"), "UTLA..CD"),
    (("code", "LTLA23NM", "UTLA23CD", "UTLA23NM"), "LTLA..CD"),
])
def test_a_lookup_with_renamed_columns(tmp_path, written, header, missing):
    table = lookup(tmp_path / "lookup.csv", header)
    line = failing(tmp_path, written, "--boundaries", boundaries(tmp_path / "d.geojson"),
                   "--lookup", table)
    assert line == (f"Error: {table}: no {missing} column in the lookup (columns: "
                    f"{', '.join(header)})")


def test_a_lookup_without_boundaries(tmp_path, written):
    line = failing(tmp_path, written, "--lookup", lookup(tmp_path / "lookup.csv"))
    assert "needs the boundaries of the districts (--boundaries)" in line
