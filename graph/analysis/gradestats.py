"""Figures by inspection grade: grades over time, and workforce rates beside grades.

The workforce figures are DfE's children's social work workforce statistics
(``ig:Statistic`` nodes with ``ig:measure`` such as ``turnover-rate-fte``,
``ig:period`` the DfE reporting year, ``ig:refArea`` the council). Each graded
inspection (one with an overall effectiveness judgement) is paired with its
council's figure for the reporting year that contains the start of its
fieldwork: DfE's reporting year ``Y`` runs from 1 October ``Y-1`` to
30 September ``Y``, so fieldwork from October to December counts for the next
year's figures.

Examples
--------
>>> reporting_year("2019-02-25"), reporting_year("2019-11-04"), reporting_year("2019")
(2019, 2020, 2019)
>>> quartiles([1, 2, 3, 4])
(1.75, 2.5, 3.25)
>>> round(spearman([1, 2, 3, 4], [10, 30, 20, 40]), 3)
0.8
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "WORKFORCE_MEASURES", "reporting_year", "quantile", "quartiles", "ranks", "spearman",
    "spearman_p_value", "GradedInspection", "graded_inspections", "grade_distribution",
    "GradeSummary", "WorkforceByGrade", "workforce_by_grade", "SMALL_COUNCIL_FTE",
    "council_bootstrap",
]

#: Councils with fewer social workers in post (FTE) than this are flagged: their rates move
#: by whole percentage points with one post (the Isles of Scilly's agency rate is 100 %).
SMALL_COUNCIL_FTE = 20.0

#: The measures compared across grades by default.
WORKFORCE_MEASURES: tuple[str, ...] = ("turnover-rate-fte", "agency-rate-fte")
OVERALL_AREAS = ("ilacs-area/overall-effectiveness", "sif-area/overall-effectiveness")


def reporting_year(start: str) -> int:
    """The DfE reporting year (to 30 September) that contains a date.

    A date known only to the year is taken to be in that year's reporting year.

    Examples
    --------
    >>> reporting_year("2022-09"), reporting_year("2022-10")
    (2022, 2023)
    """
    year = int(start[:4])
    month = int(start[5:7]) if len(start) >= 7 else None
    return year + 1 if month is not None and month >= 10 else year


# --- statistics -----------------------------------------------------------------------------
def quantile(sorted_values: Sequence[float], p: float) -> float:
    """The ``p`` quantile by linear interpolation between closest ranks (NumPy's default).

    >>> quantile([1, 2, 3, 4, 5], 0.25)
    2.0
    """
    if not sorted_values:
        raise ValueError("quantile of no values")
    h = (len(sorted_values) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return float(sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo]))


def quartiles(values: Iterable[float]) -> tuple[float, float, float]:
    """(first quartile, median, third quartile), by linear interpolation."""
    ordered = sorted(values)
    return quantile(ordered, 0.25), quantile(ordered, 0.5), quantile(ordered, 0.75)


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties sharing the average of their ranks.

    >>> ranks([10, 20, 20, 30])
    [1.0, 2.5, 2.5, 4.0]
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rank correlation: Pearson's correlation of the (tie-averaged) ranks.

    Returns None with fewer than three pairs or when either side is constant.
    """
    if len(x) != len(y):
        raise ValueError("spearman needs two sequences of the same length")
    if len(x) < 3:
        return None
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def spearman_p_value(rho: float | None, n: int) -> float | None:
    """Two-sided p-value of ``rho`` from ``n`` pairs (Student's t with n-2 degrees of freedom).

    >>> round(spearman_p_value(0.5, 30), 4)
    0.0049
    """
    if rho is None or n < 4:
        return None
    if abs(rho) >= 1:
        return 0.0
    from scipy.stats import t as student_t

    t = rho * math.sqrt((n - 2) / (1 - rho * rho))
    return float(2 * student_t.sf(abs(t), n - 2))


# --- the graph's figures --------------------------------------------------------------------
@dataclass(frozen=True)
class GradedInspection:
    """An inspection with an overall effectiveness grade."""

    inspection: str
    council: str
    start: str
    grade: str
    grade_label: str
    rank: int
    framework: str = ""  # "SIF" or "ILACS", from the judged area


def graded_inspections(kg) -> list[GradedInspection]:
    """Every inspection with an overall effectiveness judgement (ILACS or SIF).

    When sources give one inspection several grades the worst is kept; its
    start is the most precise one known.
    """
    from graph.sparql.text import prefixed
    from graph.vocab import SCHEME

    areas = ", ".join(f"<{SCHEME}{a}>" for a in OVERALL_AREAS)
    rows = getattr(kg, "store", kg).query(prefixed(f"""
        SELECT ?insp ?council ?start ?grade ?rank ?label ?area WHERE {{
          ?insp a ig:Inspection ; ig:subject ?council ; ig:fieldworkStart ?start ;
                ig:judgement ?j .
          ?j ig:area ?area ; ig:grade ?grade .
          ?grade ig:gradeRank ?rank .
          OPTIONAL {{ ?grade skos:prefLabel ?label }}
          FILTER(?area IN ({areas}))
        }}""")).rows
    best: dict[str, GradedInspection] = {}
    for insp, council, start, grade, rank, label, area in rows:
        found = GradedInspection(str(insp), str(council), str(start),
                                 str(grade).rsplit("/", 1)[-1],
                                 str(label) if label is not None else str(grade), int(rank),
                                 "SIF" if "/sif-area/" in str(area) else "ILACS")
        old = best.get(found.inspection)
        if old is None:
            best[found.inspection] = found
            continue
        keep = found if found.rank > old.rank else old
        start = max((old.start, found.start), key=lambda s: (len(s), s))
        best[found.inspection] = GradedInspection(keep.inspection, keep.council, start,
                                                  keep.grade, keep.grade_label, keep.rank,
                                                  keep.framework)
    return sorted(best.values(), key=lambda g: (g.start, g.inspection))


def grade_distribution(kg) -> list[dict]:
    """Graded inspections per calendar year of fieldwork and overall grade.

    Returns
    -------
    list of dict
        ``year``, ``framework`` (SIF or ILACS), ``grade``, ``label``, ``rank``,
        ``inspections``, and ``councils`` (how many councils that year's figures of that
        framework cover); by year, framework, then rank.

    Examples
    --------
    >>> import graph
    >>> [(r["year"], r["grade"]) for r in grade_distribution(graph.load(validate=False))]
    [(2015, 'requires-improvement'), (2019, 'inadequate')]
    """
    counts: dict[tuple[int, str, int, str, str], int] = defaultdict(int)
    councils: dict[tuple[int, str], set] = defaultdict(set)
    for g in graded_inspections(kg):
        year = int(g.start[:4])
        counts[(year, g.framework, g.rank, g.grade, g.grade_label)] += 1
        councils[(year, g.framework)].add(g.council)
    return [{"year": y, "framework": fw, "grade": grade, "label": label, "rank": rank,
             "inspections": n, "councils": len(councils[(y, fw)])}
            for (y, fw, rank, grade, label), n in sorted(counts.items())]


@dataclass(frozen=True)
class GradeSummary:
    """One measure's figures for the inspections given one grade."""

    grade: str
    label: str
    rank: int
    n: int
    median: float | None
    q1: float | None
    q3: float | None
    min: float | None
    max: float | None


@dataclass(frozen=True)
class WorkforceByGrade:
    """A workforce measure across grades: a summary per grade and Spearman's rho.

    ``rho`` correlates grade rank (1 outstanding ... 4 inadequate) with the
    figure over every pair; a positive rho means worse grades go with higher
    figures. ``pairs`` lists the observations (inspection, council, year,
    grade, rank, value).
    """

    measure: str
    grades: list[GradeSummary]
    n: int
    rho: float | None
    p_value: float | None
    pairs: list[dict] = field(default_factory=list, repr=False)
    #: 95 % interval of rho from resampling councils (every inspection of a council together)
    rho_interval: tuple[float, float] | None = None
    #: median figure of inspections graded requires improvement or inadequate minus that of
    #: inspections graded good or outstanding, with its 95 % council-resampling interval
    effect: float | None = None
    effect_interval: tuple[float, float] | None = None
    councils: int = 0
    graded: int = 0  # graded inspections considered; ``n`` of them have a figure
    year: str = "fieldwork"
    flagged: list[dict] = field(default_factory=list, repr=False)
    #: why graded inspections have no figure, counts of inspections: ``"in a year the release
    #: does not cover"`` (no council has the measure that year), ``"withheld"`` (the council
    #: has other DfE figures that year but not this one: suppressed or not reported) and
    #: ``"with no DfE figures for the council that year"``
    missing: dict[str, int] = field(default_factory=dict)


def _median_gap(pairs: Sequence[dict]) -> float | None:
    worse = sorted(p["value"] for p in pairs if p["rank"] >= 3)
    better = sorted(p["value"] for p in pairs if p["rank"] <= 2)
    if not worse or not better:
        return None
    return quantile(worse, 0.5) - quantile(better, 0.5)


def _rho(pairs: Sequence[dict]) -> float | None:
    return spearman([p["rank"] for p in pairs], [p["value"] for p in pairs])


def council_bootstrap(pairs: Sequence[dict], statistic, *, resamples: int = 1000,
                      seed: int = 42) -> tuple[float, float] | None:
    """A 95 % percentile interval of ``statistic(pairs)`` from resampling councils.

    Councils are drawn with replacement, each bringing all its pairs, so repeat
    inspections of one council are not treated as independent.

    >>> pairs = [{"council": c, "rank": r, "value": v}
    ...          for c, r, v in [("a", 1, 5), ("b", 2, 7), ("c", 3, 9), ("d", 4, 12)]]
    >>> low, high = council_bootstrap(pairs, _rho, resamples=200)
    >>> -1 <= low <= high <= 1
    True
    """
    import random

    by_council: dict[str, list[dict]] = defaultdict(list)
    for p in pairs:
        by_council[p["council"]].append(p)
    councils = sorted(by_council)
    if len(councils) < 3:
        return None
    rng = random.Random(seed)  # noqa: S311 - reproducible resampling, not secrets
    found = []
    for _ in range(resamples):
        sample = [p for c in rng.choices(councils, k=len(councils)) for p in by_council[c]]
        value = statistic(sample)
        if value is not None and not math.isnan(value):
            found.append(value)
    if len(found) < resamples // 2:
        return None
    found.sort()
    return quantile(found, 0.025), quantile(found, 0.975)


def _workforce_values(kg, measures: Sequence[str]) -> dict[tuple[str, str, int], float]:
    from graph.sparql.text import prefixed

    wanted = " ".join('"' + m.replace('"', "").replace("\\", "") + '"' for m in measures)
    rows = getattr(kg, "store", kg).query(prefixed(f"""
        SELECT ?area ?period ?measure ?value ?s WHERE {{
          VALUES ?measure {{ {wanted} }}
          ?s ig:measure ?measure ; ig:refArea ?area ; ig:period ?period ; ig:value ?value .
        }}""")).rows
    values: dict[tuple[str, str, int], float] = {}
    # one figure per council, year and measure: the first statistic in IRI order
    for area, period, measure, value, _s in sorted(rows, key=lambda r: str(r[4])):
        key = (str(measure), str(area), int(str(period)[:4]))
        values.setdefault(key, float(value))
    return values


def workforce_by_grade(kg, measures: Sequence[str] = WORKFORCE_MEASURES, *,
                       year: str = "fieldwork", resamples: int = 1000, seed: int = 42,
                       small_fte: float = SMALL_COUNCIL_FTE) -> list[WorkforceByGrade]:
    """Workforce figures beside inspection grades: per grade median and quartiles, and rho.

    Each inspection with an overall effectiveness grade is paired with its
    council's figure for the DfE reporting year containing the start of its
    fieldwork (:func:`reporting_year`); inspections without such a figure are
    left out.

    Parameters
    ----------
    kg : InspectionGraph or Store
    measures : sequence of str
        ``ig:measure`` values (``turnover-rate-fte``, ``agency-rate-fte`` ...).
    year : str
        ``"fieldwork"``: the reporting year containing the fieldwork start;
        ``"before"``: the reporting year before it (the workforce the inspectors met had
        been shaped by it).
    resamples, seed : int
        Council resamples for the intervals of rho and of the effect (:func:`council_bootstrap`).
    small_fte : float
        Figures of councils with fewer social workers in post (FTE) that year are flagged.

    Returns
    -------
    list of WorkforceByGrade
        One per measure, grades in rank order (every grade, ``n`` 0 when none).

    Examples
    --------
    >>> import graph
    >>> [(w.measure, w.n) for w in workforce_by_grade(graph.load(validate=False))]
    [('turnover-rate-fte', 0), ('agency-rate-fte', 0)]
    """
    from graph.sparql.text import prefixed

    store = getattr(kg, "store", kg)
    scale = [(str(g).rsplit("/", 1)[-1], str(label), int(rank)) for g, label, rank in store.query(
        prefixed("SELECT ?g ?label ?rank WHERE { ?g skos:inScheme igs:grade ; ig:gradeRank "
                 "?rank . OPTIONAL { ?g skos:prefLabel ?label } } ORDER BY ?rank")).rows]
    if year not in ("fieldwork", "before"):
        raise ValueError(f"year must be 'fieldwork' or 'before', not {year!r}")
    offset = 1 if year == "before" else 0
    values = _workforce_values(store, (*measures, "social-workers-fte"))
    names = {str(c): str(n) for c, n in store.query(prefixed(
        "SELECT ?c (MIN(STR(?n)) AS ?name) WHERE { ?c a ig:Council ; rdfs:label ?n } "
        "GROUP BY ?c")).rows if c is not None}
    inspections = graded_inspections(store)
    out = []
    council_years = {(c, y) for (_m, c, y) in values}
    for measure in measures:
        pairs = []
        years = {y for (m, _c, y) in values if m == measure}
        missing: Counter[str] = Counter()
        for g in inspections:
            period = reporting_year(g.start) - offset
            value = values.get((measure, g.council, period))
            if value is None:
                missing["in a year the release does not cover" if period not in years else
                        "withheld" if (g.council, period) in council_years
                        else "with no DfE figures for the council that year"] += 1
            if value is not None:
                fte = values.get(("social-workers-fte", g.council, period))
                pairs.append({"inspection": g.inspection, "council": g.council, "year": period,
                              "grade": g.grade, "rank": g.rank, "value": value, "fte": fte,
                              "small": fte is not None and fte < small_fte,
                              "name": names.get(g.council, g.council)})
        summaries = []
        for grade, label, rank in scale:
            vals = sorted(p["value"] for p in pairs if p["grade"] == grade)
            if vals:
                q1, med, q3 = quartiles(vals)
                summaries.append(GradeSummary(grade, label, rank, len(vals), med, q1, q3,
                                              vals[0], vals[-1]))
            else:
                summaries.append(GradeSummary(grade, label, rank, 0, None, None, None, None,
                                              None))
        rho = _rho(pairs)
        out.append(WorkforceByGrade(
            measure, summaries, len(pairs), rho, spearman_p_value(rho, len(pairs)), pairs,
            rho_interval=council_bootstrap(pairs, _rho, resamples=resamples, seed=seed),
            effect=_median_gap(pairs),
            effect_interval=council_bootstrap(pairs, _median_gap, resamples=resamples,
                                              seed=seed),
            councils=len({p["council"] for p in pairs}), graded=len(inspections), year=year,
            flagged=[p for p in pairs if p["small"]], missing=dict(sorted(missing.items()))))
    return out
