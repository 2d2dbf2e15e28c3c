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


# --- a real browser -------------------------------------------------------------------------
CHROMIUM = os.environ.get("INSPECTION_GRAPH_CHROMIUM", "/usr/bin/chromium")
# CI sets this so that a missing browser fails the browser tests instead of skipping them.
REQUIRE_BROWSER = os.environ.get("INSPECTION_GRAPH_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-default-apps"]


def need_browser() -> str:
    """Chromium's path, or skip (fail in CI) with the reason."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed"
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(reason + "; INSPECTION_GRAPH_REQUIRE_BROWSER=1 forbids skipping")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    path = need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def offline_page(browser):
    """A page whose every request other than file:// (and loopback, when allowed) is aborted.

    ``page.external_requests`` lists the URLs that were attempted and aborted.
    """
    context = browser.new_context()
    page = context.new_page()
    page.external_requests = []
    page.allow_loopback = False

    def route(r):
        url = r.request.url
        local = url.startswith(("file://", "data:", "blob:", "about:"))
        loopback = url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
        if local or (loopback and page.allow_loopback):
            r.continue_()
        else:
            page.external_requests.append(url)
            r.abort()

    context.route("**/*", route)
    yield page
    context.close()


# --- a real Oxigraph server -----------------------------------------------------------------
def _oxigraph_binary() -> str | None:
    import sys

    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server (the ``oxigraph`` PyPI package's binary) on a free loopback
    port, with an empty database; yields its base URL (``http://127.0.0.1:PORT``).

    Each test module gets its own server (:class:`benchmarks.virtuoso.OxigraphServer`, no
    union default graph), stopped by its process id at teardown.
    """
    from benchmarks.virtuoso import OxigraphServer

    if _oxigraph_binary() is None:
        reason = "the oxigraph server is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"), union=False)
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(f"oxigraph server did not start: {exc}")
    try:
        yield server.url[: -len("/query")]
    finally:
        server.stop()


# --- a real Virtuoso server -----------------------------------------------------------------
@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory):
    """A real Virtuoso Open Source server (Debian's ``virtuoso-opensource``) of its own:
    its database in a temporary folder, free loopback ports, a random ``dba`` password.
    Yields the :class:`benchmarks.virtuoso.VirtuosoServer` (``.url`` is its ``/sparql``
    endpoint, ``.env()`` the variables that let the project write); stopped by its process
    id at teardown. Skips where Virtuoso is not installed (fails in CI)."""
    from benchmarks.virtuoso import VirtuosoServer, virtuoso_binary

    if virtuoso_binary() is None:
        reason = "Virtuoso is not installed (apt-get install virtuoso-opensource)"
        if os.environ.get("CI") or REQUIRE_SHARED:
            pytest.fail(reason)
        pytest.skip(reason)
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start()
    except RuntimeError as exc:
        server.stop()
        pytest.fail(str(exc))
    yield server
    server.stop()
