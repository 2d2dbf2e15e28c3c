"""SHACL validation of a built dataset with pySHACL and ``ontology/shapes.ttl``."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH

from graph import vocab

__all__ = ["check_shapes"]


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
