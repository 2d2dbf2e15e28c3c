"""A small progress bar on stderr for long steps (imports, the national build).

API functions take ``progress=callable(step, done, total)``; this is the
callable the command line passes. It redraws one line per step, only when
the shown percentage changes, and stays silent when stderr is not a terminal
unless ``force`` is set.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> bar = ProgressBar(stream=out, force=True, width=10)
>>> bar("read rows", 5, 10); bar("read rows", 10, 10)
>>> out.getvalue().splitlines()[-1].strip()
'read rows  [##########] 10/10'
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """Draw ``step [####    ] done/total`` on one line of ``stream`` (stderr)."""

    def __init__(self, stream: TextIO | None = None, *, force: bool = False,
                 width: int = 30, prefix: str = "") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = force or bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = width
        self.prefix = prefix
        self.step: str | None = None
        self.shown = -1
        self.started = time.perf_counter()

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if step != self.step:
            if self.step is not None and self.shown < self.width:
                self.stream.write("\n")
            self.step, self.shown, self.started = step, -1, time.perf_counter()
        filled = self.width if total <= 0 else min(self.width, self.width * done // total)
        if filled == self.shown and done != total:
            return
        self.shown = filled
        bar = "#" * filled + " " * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r{self.prefix}{step:<10} [{bar}] {done:,}/{total:,}{end}")
        self.stream.flush()
        if done >= total:
            self.step = None
