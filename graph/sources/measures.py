"""DfE's children's social work workforce measures: what the importer reads and records cite.

One table of the measures of the workforce indicators file (the column each is
read from, its slug, unit and label) and the IRI an official figure has, so a
record quoting a council's turnover rate for a year and the import of DfE's
file describe one node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import URIRef

__all__ = ["Measure", "MEASURES", "OFFICIAL_MEASURES", "WORKFORCE_GRAPH_ID",
           "official_statistic_iri"]

WORKFORCE_GRAPH_ID = "dfe-csww"


@dataclass(frozen=True)
class Measure:
    key: str
    pattern: str
    measure: str
    unit: str
    label: str
    required: bool = True


MEASURES = (
    Measure("turnover", r"\bturnover rate fte\b", "turnover-rate-fte", "percent",
            "Turnover rate (FTE)"),
    Measure("agency", r"\bagency (worker )?rate fte\b", "agency-rate-fte", "percent",
            "Agency worker rate (FTE)"),
    Measure("vacancy", r"\bvacancy rate fte\b", "vacancy-rate-fte", "percent",
            "Vacancy rate (FTE)"),
    Measure("caseload", r"\b(average )?caseload fte\b", "caseload-fte", "cases-per-worker",
            "Average caseload (FTE)"),
    Measure("absence", r"\babsence rate fte\b", "absence-rate-fte", "percent",
            "Sickness absence rate (FTE)"),
    Measure("inpost", r"\bin ?post fte\b", "social-workers-fte", "fte",
            "Social workers in post (FTE)", required=False),
)
OFFICIAL_MEASURES = {m.measure: m for m in MEASURES}


def official_statistic_iri(gss: str, period: str, measure: str) -> URIRef | None:
    """The IRI the workforce import gives one council's figure for ``measure`` in ``period``.

    A record that cites the same official figure (an article quoting a council's
    turnover rate for a year) uses this IRI, so the figure is one node whoever reports
    it. ``None`` when ``measure`` is not one of DfE's workforce measures or ``period``
    is not a year.

    >>> str(official_statistic_iri("E10000032", "2019", "turnover-rate-fte"))
    'https://w3id.org/inspection-graph/id/statistic/dfe-csww/E10000032/2019/turnover-rate-fte'
    >>> official_statistic_iri("E10000032", "2019-03", "turnover-rate-fte") is None
    True
    """
    from graph.vocab import iri

    if measure not in OFFICIAL_MEASURES or not re.fullmatch(r"\d{4}", period or ""):
        return None
    return iri("statistic", WORKFORCE_GRAPH_ID, gss, period, measure)
