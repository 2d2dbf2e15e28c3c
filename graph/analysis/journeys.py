"""Grade journeys: each council's overall grades in order, and what they add up to.

A council's journey is the sequence of its graded inspections (those judged on
overall effectiveness: SIF from 2013, then ILACS from 2018), whatever the
source of the grade (Ofsted's outcomes file, a curated record, a report). From
the journeys: a transition matrix (how often a grade was followed by each
grade at the council's next graded inspection), the spells a council spent
judged inadequate, and how long it took to reach good or better.

:func:`grade_change` is the one rule for improved / declined / unchanged.

Dates are read at the precision known: a fieldwork start known to the month is
taken as the 15th, one known to the year as 1 July. A spell that has not ended
runs to ``as_at`` (the latest fieldwork start in the graph by default) and is
counted as ongoing.

Examples
--------
>>> grade_change(3, 4), grade_change(4, 2), grade_change(2, 2)
('declined', 'improved', 'unchanged')
>>> round(months_between("2019-02-25", "2023-03-13"), 1)
48.5
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["GRADES", "Step", "Journey", "Spell", "grade_change", "months_between",
           "grade_journeys", "transition_matrix", "inadequate_spells", "journey_summary",
           "transition_rows", "journey_rows"]

#: The grades in Ofsted's order (rank 1 to 4).
GRADES: tuple[str, ...] = ("outstanding", "good", "requires-improvement", "inadequate")
GRADE_LABELS = {"outstanding": "Outstanding", "good": "Good",
                "requires-improvement": "Requires improvement to be good",
                "inadequate": "Inadequate"}


def grade_change(before: int, after: int) -> str:
    """``improved``, ``declined`` or ``unchanged``: the move from grade rank ``before`` to
    ``after`` (1 outstanding ... 4 inadequate)."""
    return "improved" if after < before else "declined" if after > before else "unchanged"


def _day(start: str) -> dt.date:
    year = int(start[:4])
    if len(start) >= 10:
        return dt.date(year, int(start[5:7]), int(start[8:10]))
    if len(start) >= 7:
        return dt.date(year, int(start[5:7]), 15)
    return dt.date(year, 7, 1)


def months_between(start: str, end: str) -> float:
    """Months (of 30.44 days) from one date to another, each at the precision known."""
    return (_day(end) - _day(start)).days / 30.44


@dataclass(frozen=True)
class Step:
    """One graded inspection of a journey."""

    inspection: str
    start: str
    framework: str
    grade: str
    rank: int


@dataclass
class Journey:
    """A council's graded inspections, oldest first."""

    council: str
    name: str
    steps: list[Step] = field(default_factory=list)

    def grades(self) -> list[str]:
        return [s.grade for s in self.steps]


@dataclass(frozen=True)
class Spell:
    """A time a council was judged inadequate: from the inadequate inspection to the next
    graded inspection with a better grade (``end`` None while it lasts)."""

    council: str
    name: str
    start: str
    end: str | None
    months: float
    good_after_months: float | None  # to the first later good or outstanding grade


def grade_journeys(kg) -> list[Journey]:
    """Every council's journey, ordered by council name (the named query ``grade-journeys``).

    An inspection that sources grade differently keeps its worst grade (as in
    :func:`graph.analysis.gradestats.graded_inspections`) and its most precise start.

    Parameters
    ----------
    kg : InspectionGraph or Store

    Returns
    -------
    list of Journey
    """
    from graph.queries.library import get_query
    from graph.sparql.text import prefixed

    query = get_query("grade-journeys")
    rows = getattr(kg, "store", kg).query(prefixed(query.sparql)).rows
    journeys: dict[str, Journey] = {}
    for council, name, start, framework, _label, rank, inspection in rows:
        if council is None or start is None or rank is None:
            continue  # rdflib's row for an empty group
        j = journeys.setdefault(str(council), Journey(str(council), str(name or council)))
        r = int(rank)
        j.steps.append(Step(str(inspection), str(start), str(framework), GRADES[r - 1], r))
    for j in journeys.values():
        j.steps.sort(key=lambda s: (_day(s.start), s.inspection))
    return sorted(journeys.values(), key=lambda j: (j.name, j.council))


def transition_matrix(journeys: Iterable[Journey]) -> dict[tuple[str, str], int]:
    """How often each grade was followed by each grade at the council's next graded
    inspection: ``{(from, to): count}`` over every pair of consecutive steps.

    >>> j = Journey("c", "C", [Step("a", "2015", "SIF", "good", 2),
    ...                        Step("b", "2019-02", "ILACS", "inadequate", 4)])
    >>> transition_matrix([j])
    {('good', 'inadequate'): 1}
    """
    counts: Counter = Counter()
    for j in journeys:
        for before, after in zip(j.steps, j.steps[1:], strict=False):
            counts[(before.grade, after.grade)] += 1
    return dict(counts)


def inadequate_spells(journeys: Iterable[Journey], as_at: str | None = None) -> list[Spell]:
    """The spells judged inadequate, each from an inadequate grade to the next better one.

    Parameters
    ----------
    journeys : list of Journey
    as_at : str, optional
        Where an unfinished spell ends (the latest fieldwork start of any journey by default).
    """
    journeys = list(journeys)
    if as_at is None:
        starts = [s.start for j in journeys for s in j.steps]
        as_at = max(starts, key=_day) if starts else dt.date.today().isoformat()
    spells = []
    for j in journeys:
        i = 0
        while i < len(j.steps):
            step = j.steps[i]
            if step.grade != "inadequate":
                i += 1
                continue
            later = j.steps[i + 1:]
            better = next((s for s in later if s.rank < 4), None)
            good = next((s for s in later if s.rank <= 2), None)
            end = better.start if better else None
            spells.append(Spell(j.council, j.name, step.start, end,
                                months_between(step.start, end or as_at),
                                months_between(step.start, good.start) if good else None))
            i = j.steps.index(better) if better else len(j.steps)
    return spells


def journey_summary(journeys: list[Journey]) -> dict[str, object]:
    """Coverage and headline figures: councils, steps per framework, spells, medians."""
    from statistics import median

    spells = inadequate_spells(journeys)
    ended = [s.months for s in spells if s.end is not None]
    to_good = [s.good_after_months for s in spells if s.good_after_months is not None]
    frameworks = Counter(s.framework for j in journeys for s in j.steps)
    return {
        "councils": len(journeys),
        "graded inspections": sum(len(j.steps) for j in journeys),
        "by framework": dict(sorted(frameworks.items())),
        "councils with two or more": sum(1 for j in journeys if len(j.steps) >= 2),
        "inadequate spells": len(spells),
        "ongoing spells": sum(1 for s in spells if s.end is None),
        "median months inadequate (ended spells)": round(median(ended), 1) if ended else None,
        "spells that reached good or better": len(to_good),
        "median months to good or better": round(median(to_good), 1) if to_good else None,
    }


def transition_rows(matrix: dict[tuple[str, str], int]) -> list[dict[str, object]]:
    """The transition matrix as table rows: one row per grade before, one column per grade
    after, and the row's total.

    >>> transition_rows({("good", "inadequate"): 2})[1]["Inadequate"]
    2
    """
    rows = []
    for before in GRADES:
        row: dict[str, object] = {"from \\ to": GRADE_LABELS[before]}
        for after in GRADES:
            row[GRADE_LABELS[after]] = matrix.get((before, after), 0)
        row["total"] = sum(matrix.get((before, after), 0) for after in GRADES)
        rows.append(row)
    return rows


def journey_rows(journeys: Iterable[Journey]) -> list[dict[str, object]]:
    """One row per council: its grades in order (``SIF 2015 RI -> ILACS 2019-02 I``)."""
    short = {"outstanding": "O", "good": "G", "requires-improvement": "RI", "inadequate": "I"}
    return [{"council": j.name, "steps": len(j.steps),
             "journey": " -> ".join(f"{s.framework} {s.start} {short[s.grade]}"
                                    for s in j.steps)}
            for j in journeys]
