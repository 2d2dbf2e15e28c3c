"""SHACL validation of a built dataset with pySHACL and ``ontology/shapes.ttl``.

:func:`check_shapes` validates at once; :class:`ShapesCheck` runs the same check in a
child process while the caller goes on (``build`` writes its exports and views
meanwhile and waits for the verdict before it puts any of them in place).
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH

from graph import vocab

__all__ = ["check_shapes", "ShapesCheck"]


def check_shapes(dataset: Dataset, origins: dict[URIRef, tuple[str, int]] | None = None,
                 shapes: Graph | None = None) -> list[str]:
    """Run the SHACL shapes over the union of ``dataset``'s graphs.

    Parameters
    ----------
    dataset : rdflib.Dataset
        A built dataset (the ontology graph included).
    origins : dict, optional
        Record file and line of each node, to locate violations.
    shapes : rdflib.Graph, optional
        Shapes to use instead of ``ontology/shapes.ttl``.

    Returns
    -------
    list of str
        One line per violation (``file:line: message (node, path)``), sorted;
        empty when the data conforms.
    """
    from pyshacl import validate

    data = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        data.add((s, p, o))
    conforms, report, _text = validate(data, shacl_graph=shapes or vocab.load_shapes(),
                                       advanced=True, allow_warnings=True)
    if conforms:
        return []
    origins = origins or {}
    lines = set()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage) or "violates a shape"
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        where = origins.get(focus)
        prefix = f"{where[0]}:{where[1]}: " if where else ""
        detail = [vocab.compact(focus)]
        if path is not None and isinstance(path, URIRef):
            detail.append(vocab.compact(path))
        if value is not None:
            detail.append(f"value {vocab.compact(value)}")
        lines.add(f"{prefix}{message} ({', '.join(detail)})")
    return sorted(lines)


class ShapesCheck:
    """:func:`check_shapes` of ``dataset`` run in a forked child process, started at once.

    Where processes cannot be forked (or the child dies), :meth:`violations` runs the
    check itself: the verdict is the same either way.

    Parameters
    ----------
    dataset, origins, shapes
        As for :func:`check_shapes`.

    Examples
    --------
    >>> from graph.build.dataset import build
    >>> from graph.sources.records import read_records
    >>> result = build(read_records(), validate=False)
    >>> ShapesCheck(result.dataset, result.origins).violations()
    []
    """

    def __init__(self, dataset: Dataset, origins: dict[URIRef, tuple[str, int]] | None = None,
                 shapes: Graph | None = None) -> None:
        import multiprocessing

        self._args = (dataset, origins, shapes if shapes is not None else vocab.load_shapes())
        self._result: list[str] | None = None
        self._process = self._pipe = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self._pipe, child_end = context.Pipe(duplex=False)
        self._process = context.Process(target=_check_in_child, args=(child_end, *self._args),
                                        daemon=True)
        self._process.start()
        child_end.close()

    def violations(self) -> list[str]:
        """Wait for the check; its violations, as :func:`check_shapes` gives them."""
        if self._result is None:
            if self._process is not None:
                try:
                    self._result = self._pipe.recv()
                except (EOFError, OSError):  # the child died: check here instead
                    self._result = None
                finally:
                    self._pipe.close()
                    self._process.join()
                    self._process = None
            if self._result is None:
                self._result = check_shapes(*self._args)
        return self._result

    def raise_for_violations(self) -> None:
        """Wait for the check; raise :class:`~graph.errors.ValidationError` on violations."""
        from graph.errors import ValidationError

        violations = self.violations()
        if violations:
            raise ValidationError(violations)


def _check_in_child(pipe, dataset, origins, shapes) -> None:
    try:
        pipe.send(check_shapes(dataset, origins, shapes))
    finally:
        pipe.close()
