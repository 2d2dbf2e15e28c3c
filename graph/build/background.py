"""Work run in a forked child process while the caller goes on (``build`` uses two cores).

:class:`Forked` starts ``fn(*args)`` in a child made by ``fork`` (which sees the caller's
memory as it was: no data is copied or pickled on the way in) and hands back its
return value, or raises its exception, when asked. Where processes cannot be forked,
in a child of this class (which may not have children of its own), or when the child dies,
the work runs in the caller when the result is asked for.

Examples
--------
>>> Forked(sum, [1, 2, 3]).result()
6
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Forked"]


class Forked:
    """``fn(*args)`` run in a forked child, started at once.

    Parameters
    ----------
    fn : callable
        Its return value (or exception) must be picklable.
    *args
        Passed to ``fn`` in the child (as they are in the caller's memory).
    cleanup : callable, optional
        Called before ``fn`` runs again in the caller after the child died (to take
        away what the child left half done).
    """

    def __init__(self, fn: Callable, *args: Any, cleanup: Callable | None = None) -> None:
        import multiprocessing

        self._fn, self._args, self._cleanup = fn, args, cleanup
        self._done = False
        self._value: Any = None
        self._process = self._pipe = None
        if "fork" not in multiprocessing.get_all_start_methods() or \
                multiprocessing.current_process().daemon:  # a child may not have children
            return
        context = multiprocessing.get_context("fork")
        self._pipe, child_end = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(child_end, fn, args), daemon=True)
        self._process.start()
        child_end.close()

    def result(self) -> Any:
        """Wait for the work; its return value (its exception raised here)."""
        if not self._done:
            outcome = None
            if self._process is not None:
                try:
                    outcome = self._pipe.recv()
                except (EOFError, OSError):  # the child died: the work runs here instead
                    outcome = None
                finally:
                    self._pipe.close()
                    self._process.join()
                    self._process = None
            if outcome is None:
                if self._cleanup is not None:
                    self._cleanup()
                outcome = ("value", self._fn(*self._args))
            self._done = True
            self._value = outcome
        kind, value = self._value
        if kind == "error":
            raise value
        return value


def _child(pipe, fn, args) -> None:
    try:
        try:
            outcome = ("value", fn(*args))
        except Exception as exc:  # handed to the caller, raised there
            outcome = ("error", exc)
        try:
            pipe.send(outcome)
        except Exception as exc:  # an unpicklable value or exception
            pipe.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        pipe.close()
