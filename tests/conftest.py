"""Shared fixtures: where the official data and seed texts are, and small builders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("INSPECTION_GRAPH_SHARED", ROOT.parent / "shared"))
# CI sets this so that a test needing ../shared fails instead of skipping.
REQUIRE_SHARED = os.environ.get("INSPECTION_GRAPH_REQUIRE_SHARED") == "1"


def need_shared(*parts: str) -> Path:
    """The path under ../shared, or skip (fail in CI) with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is not here (the official data and seeds live in ../shared)"
        if REQUIRE_SHARED:
            pytest.fail(reason + "; INSPECTION_GRAPH_REQUIRE_SHARED=1 forbids skipping")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_shared("seeds")


@pytest.fixture(scope="session")
def seed_graph(seeds_dir):
    import graph

    return graph.load(sources=seeds_dir)


@pytest.fixture(scope="session")
def bundled_graph():
    import graph

    return graph.load(validate=False)


@pytest.fixture()
def mini_records(tmp_path) -> Path:
    """A writable copy of the fictional fixture records, for tests that break them."""
    dest = tmp_path / "records"
    shutil.copytree(FIXTURES / "records", dest)
    return dest


@pytest.fixture(scope="session")
def mini_sources() -> Path:
    return FIXTURES / "sources"
