"""The docs cannot drift: every shell example of README.md and docs/*.md runs, in order, and
prints what it shows (``tests/doc_examples.py`` says how outputs are compared)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SHARED, need_shared
from doc_examples import Example, examples, matches, run, workspace

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLES = [(doc, ex) for doc in DOCS for ex in examples(doc)]
_WORKSPACES: dict[Path, Path] = {}


def _workspace(doc: Path, factory) -> Path:
    if doc not in _WORKSPACES:
        _WORKSPACES[doc] = workspace(ROOT, SHARED, factory.mktemp(doc.stem))
    return _WORKSPACES[doc]


@pytest.mark.docs
@pytest.mark.parametrize("doc,example", EXAMPLES, ids=[ex.where for _, ex in EXAMPLES])
def test_example_prints_what_the_docs_show(doc: Path, example: Example, tmp_path_factory):
    if example.directive == "skip":
        pytest.skip(f"not run: {example.reason}")
    if example.needs_shared:
        need_shared()
    cwd = _workspace(doc, tmp_path_factory)
    printed, status = run(example, cwd)
    fails = example.shown is not None and any(line.startswith("Error:")
                                              for line in example.shown.splitlines())
    if not fails:
        assert status == 0, f"{example.where}: exit status {status}:\n{printed[-2000:]}"
    if example.shown is None:
        return
    problem = matches(example.shown, printed)
    assert problem is None, f"{example.where}: {problem}"


def test_every_shown_output_is_run():
    skipped = [ex.where for _, ex in EXAMPLES if ex.directive == "skip" and ex.shown is not None]
    assert not skipped, f"examples that show output but are not run: {skipped}"


def test_the_readme_shows_every_command():
    from graph.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, command in main.commands.items():
        subs = getattr(command, "commands", {}) or {"": command}
        for sub in subs:
            words = f"inspection-graph {name} {sub}".strip()
            if words not in readme:
                missing.append(words)
    assert not missing, f"commands the README does not show: {missing}"


def test_examples_are_found():
    shown = [ex for _, ex in EXAMPLES if ex.shown is not None]
    assert len(shown) >= 15 and any(ex.needs_shared for ex in shown)


def test_matching_rules():
    assert matches("a\n...\nz\n", "a\nb\nc\nz\n") is None
    assert matches("Wrote 8 files in 1.6 s\n", "Wrote 8 files in 12.0 s\n") is None
    assert matches("3 councils, ...\n", "3 councils, 5 people\n") is None
    assert matches("a ...; store: x\n", "a b c; store: x\n") is None
    assert matches("a ...; store: x\n", "a b c; store: y\n") is not None
    assert matches("a\nb\n", "a\nc\n") == "line 2: shown 'b', printed 'c'"
    assert matches("a\n", "a\nb\n") is not None


def test_every_python_name_the_docs_give_exists():
    """``graph.x.y`` in README.md and docs/*.md names a module or an attribute that exists."""
    import importlib
    import re

    missing = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for name in sorted(set(re.findall(r"`(graph(?:\.[A-Za-z_]\w*)+)", text))):
            if name.split(".")[1] in ("db", "ttl", "py", "trig", "jsonld", "nt", "nq"):
                continue  # file names such as graph.db
            parts = name.split(".")
            obj, i = None, len(parts)
            while i > 0:
                try:
                    obj = importlib.import_module(".".join(parts[:i]))
                    break
                except ModuleNotFoundError:
                    i -= 1
            try:
                for attr in parts[i:]:
                    obj = getattr(obj, attr)
            except AttributeError:
                missing.append(f"{doc.name}: {name}")
    assert not missing, missing
