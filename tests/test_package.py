"""The built wheel carries the ontology and the bundled records, and works on its own."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True)
    return next(out.glob("inspection_graph-*.whl"))


def test_wheel_contains_ontology_and_records(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("graph/ontology/inspection-graph.ttl", "graph/ontology/schemes.ttl",
                   "graph/ontology/shapes.ttl", "graph/data/communitycare-2019-05-west-sussex.yaml",
                   "graph/py.typed"):
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)


def test_wheel_builds_the_graph_outside_the_checkout(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = ("import graph; kg = graph.load(); "
            "print(kg.entity('West Sussex County Council').values('ig:gssCode')[0], "
            "graph.__file__)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True,
                         capture_output=True, text=True,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""}).stdout
    code_value, where = out.split()
    assert code_value == "E10000032"
    assert where.startswith(str(tmp_path / "site"))
