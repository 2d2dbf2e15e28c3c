"""Shell examples of the docs, read from Markdown, run, and compared with what they show.

An example is a ```` ```bash ```` block; the block right after it (only blank
lines between), fenced without a language or as ``text``, ``json`` or ``csv``,
is the output it shows. Examples of one file run in order, in one folder: a
temporary copy of the checkout beside ``shared`` (a link to the real
``../shared``), so ``../shared/...`` paths and files an earlier example wrote
are there, as for a person following the page.

An HTML comment right before a block steers it:

- ``<!-- doc-test: skip REASON -->``: not run (the test suite itself, benchmarks);
- ``<!-- doc-test: server -->``: a command that serves until stopped: only its
  first line of output is compared, then it is stopped.

What a shown output may leave out: a line ``...`` stands for any number of
lines; ``...`` within a line for any text there.
Timings, sizes in kB/MB and percentages of progress are masked before the
comparison, since they differ between machines. A leading ``pip install ... &&``
is dropped: the tests run in the installed package.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
DIRECTIVE = re.compile(r"<!--\s*doc-test:\s*(\w+)\s*(.*?)\s*-->\s*$")
OUTPUT_LANGS = ("", "text", "json", "csv")
SHELL_LANGS = ("bash", "sh", "shell")

_MASKS = [
    (re.compile(r"\b\d+(?:\.\d+)?\s?(ms|s|min)\b"), r"<time> \1"),
    (re.compile(r"\b\d+(?:\.\d+)?\s?(kB|KB|MB|GB)\b"), r"<size> \1"),
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?\b"), "<timestamp>"),
]


@dataclass
class Example:
    """One shell block of a Markdown file, with the output it shows (if any)."""

    path: Path
    line: int
    commands: str
    shown: str | None
    directive: str = ""
    reason: str = ""

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"

    @property
    def needs_shared(self) -> bool:
        return "../shared" in self.commands


def examples(path: Path) -> list[Example]:
    """The shell examples of a Markdown file, in order."""
    text = path.read_text(encoding="utf-8")
    blocks = list(FENCE.finditer(text))
    found = []
    for i, block in enumerate(blocks):
        if block.group(1) not in SHELL_LANGS:
            continue
        before = text[: block.start()].rstrip().splitlines()
        m = DIRECTIVE.search(before[-1]) if before else None
        shown = None
        if i + 1 < len(blocks):
            nxt = blocks[i + 1]
            if not text[block.end(): nxt.start()].strip() and nxt.group(1) in OUTPUT_LANGS:
                shown = nxt.group(2)
        found.append(Example(path, text[: block.start()].count("\n") + 1, block.group(2),
                             shown, m.group(1) if m else "", m.group(2) if m else ""))
    return found


def mask(text: str) -> list[str]:
    lines = []
    for line in text.replace("\r", "\n").splitlines():
        for pattern, repl in _MASKS:
            line = pattern.sub(repl, line)
        lines.append(line.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _elided(line: str) -> re.Pattern:
    """A shown line with ``...`` in it, as a pattern: each ``...`` stands for any text."""
    parts = [p.rstrip() if i == 0 else p for i, p in enumerate(line.split("..."))]
    return re.compile(".*".join(re.escape(p) for p in parts))


def matches(shown: str, actual: str) -> str | None:
    """None if ``actual`` is what ``shown`` shows; else a short account of the first difference."""
    want, got = mask(shown), mask(actual)

    def walk(i: int, j: int) -> bool:
        while i < len(want):
            w = want[i]
            if w.strip() == "...":
                return any(walk(i + 1, k) for k in range(j, len(got) + 1))
            if j >= len(got):
                return False
            if "..." in w:
                if not _elided(w).fullmatch(got[j]):
                    return False
            elif w != got[j]:
                return False
            i, j = i + 1, j + 1
        return j == len(got)

    if walk(0, 0):
        return None
    for k, (w, g) in enumerate(zip(want, got, strict=False)):
        if w != g and w.strip() != "..." and not ("..." in w and _elided(w).fullmatch(g)):
            return f"line {k + 1}: shown {w!r}, printed {g!r}"
    return f"shown {len(want)} lines, printed {len(got)}:\n" + "\n".join(got[:40])


def workspace(root: Path, shared: Path, into: Path) -> Path:
    """A copy of the checkout at ``into/main`` with ``into/shared`` linking to ``shared``."""
    dest = into / "main"
    anywhere = shutil.ignore_patterns(".git", "*.db", "__pycache__", ".pytest_cache",
                                      ".ruff_cache")
    at_top = {"exports", "analysis", "national-views", "benchmarks/results"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(anywhere(folder, names))
        if Path(folder) == root:
            skipped |= at_top & set(names)
        return skipped

    shutil.copytree(root, dest, ignore=ignore)
    (dest / "exports").mkdir(exist_ok=True)
    if shared.exists():
        (into / "shared").symlink_to(shared.resolve(), target_is_directory=True)
    return dest


def run(example: Example, cwd: Path, *, timeout: float = 1200) -> tuple[str, int]:
    """Run the example's commands with bash in ``cwd``: stdout and stderr together, and the
    exit status (0 for a server that started)."""
    script = re.sub(r"^pip install [^\n&]*&&\s*", "", example.commands, flags=re.M)
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1", PYTHONUNBUFFERED="1")
    if example.directive == "server":
        import selectors

        proc = subprocess.Popen(["bash", "-c", "exec " + script.strip()], cwd=cwd, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        try:
            with selectors.DefaultSelector() as sel:
                sel.register(proc.stdout, selectors.EVENT_READ)
                if not sel.select(timeout=60):
                    return "(the server printed nothing within 60 s)", 1
            return proc.stdout.readline(), 0
        finally:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    done = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=False,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout)
    return done.stdout, done.returncode
