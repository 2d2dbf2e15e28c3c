"""The analysis report: tables and plots of :mod:`graph.analysis`, as Markdown and HTML.

:func:`write_report` writes ``analysis.md`` (with its plots as PNG files beside
it) and ``analysis.html``, one self-contained page (plots embedded as base64,
styles inline, no request to any other host). Every figure names its source
(the releases and articles its data come from) and the date it was made.
The ``*_rows`` functions turn analysis results into table rows (lists of
dicts): the CLI prints the same tables.

Examples
--------
>>> import graph, tempfile
>>> written = write_report(graph.load(validate=False), tempfile.mkdtemp())
>>> sorted(written)[:3]
['analysis.html', 'analysis.md', 'degree-distribution.png']
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Section", "Figure", "Report", "REPORT_TYPES", "build_report", "write_report",
    "centrality_rows", "community_rows", "root_cause_rows", "chain_rows", "career_rows",
    "council_link_rows", "theme_pair_rows", "grade_rows", "grade_coverage", "layout_problems",
    "workforce_rows", "correlation_rows", "flagged_rows", "WORKFORCE_NOTE",
    "figure_sources", "coverage",
]

#: Entity types whose most central members the report lists (the reifying nodes, such as
#: judgements, tenures and statistics, are left out).
#: Councils are left out: their centrality in the entity graph grows with the documents imported
#: about them; they are compared on their statistical neighbours instead (graph.analysis.councils).
REPORT_TYPES: tuple[str, ...] = (
    "Person", "Inspection", "Finding", "Event", "Recommendation", "Inspectorate",
    "GovernmentDepartment", "ChildrensServices", "ImprovementBoard", "SafeguardingChildrenBoard",
    "Board", "Panel", "Hub", "Region",
)


# --- rows -----------------------------------------------------------------------------------
def centrality_rows(results) -> list[dict[str, Any]]:
    """Rows of :func:`graph.analysis.centrality` results."""
    return [{"type": c.type, "rank": c.rank, "entity": c.label, "degree": c.degree,
             "betweenness": c.betweenness, "pagerank": c.pagerank} for c in results]


def community_rows(results) -> list[dict[str, Any]]:
    """Rows of :func:`graph.analysis.communities` results."""
    return [{"community": c.index, "size": c.size, "holds": c.summary,
             "best connected": "; ".join(c.labels)} for c in results]


def root_cause_rows(results) -> list[dict[str, Any]]:
    """Rows of :func:`graph.analysis.root_causes` results."""
    return [{"root cause": r.label, "type": r.type, "reach": r.reach,
             "direct effects": len(r.effects)} for r in results]


def chain_rows(chain) -> list[dict[str, Any]]:
    """Rows of a :class:`graph.analysis.Chain`: each step and the claim that links it."""
    rows = []
    for i, label in enumerate(chain.labels):
        rows.append({"step": i + 1, "finding or event": label,
                     "claimed link to the next": chain.links[i] if i < len(chain.links)
                     else ""})
    return rows


def career_rows(results) -> list[dict[str, Any]]:
    """Rows of :func:`graph.analysis.careers` results: one per post."""
    rows = []
    for career in results:
        for post in career.posts:
            when = "-".join(x for x in (post["start"], post["end"]) if x)
            rows.append({"person": career.label, "council": post["council"],
                         "post": post["role"], "status": post["status"], "when": when})
    return rows


def council_link_rows(results) -> list[dict[str, Any]]:
    """Rows of :func:`graph.analysis.council_links` results."""
    return [{"council": x.council_a, "linked council": x.council_b,
             "people": "; ".join(x.people)} for x in results]


def theme_pair_rows(results) -> list[dict[str, Any]]:
    """Rows of :func:`graph.analysis.theme_pairs` results."""
    return [{"theme": p.theme_a, "with theme": p.theme_b, "inspections": p.inspections,
             "councils": p.councils, "findings": p.findings, "lift": p.lift} for p in results]


def grade_rows(distribution: list[dict]) -> list[dict[str, Any]]:
    """A table of :func:`graph.analysis.gradestats.grade_distribution`: one row per year and
    framework, with how many councils it covers and its inspections per grade."""
    grades = sorted({(r["rank"], r["label"]) for r in distribution})
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    for r in distribution:
        row = rows.setdefault((r["year"], r["framework"]), {
            "year": r["year"], "framework": r["framework"], "councils": r["councils"],
            **{label: 0 for _rank, label in grades}})
        row[r["label"]] += r["inspections"]
    return [rows[k] for k in sorted(rows)]


def grade_coverage(distribution: list[dict]) -> str:
    """One sentence on what the grades over time cover, per framework."""
    parts = []
    for fw in ("SIF", "ILACS"):
        mine = [r for r in distribution if r["framework"] == fw]
        if not mine:
            continue
        years = sorted({r["year"] for r in mine})
        n = sum(r["inspections"] for r in mine)
        per_year = {}
        for r in mine:
            per_year[r["year"]] = r["councils"]
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]} to {years[-1]}"
        parts.append(f"{fw}: {n:,} graded inspections, {span}, covering "
                     f"{min(per_year.values())} to {max(per_year.values())} councils a year")
    if not parts:
        return "No graded inspection in the graph."
    note = "; ".join(parts) + "."
    if any(r["framework"] == "SIF" for r in distribution):
        note += (" SIF-era grades come only from the reports and records imported, so they "
                 "cover only those councils; ILACS grades come from Ofsted's outcomes file "
                 "where it is imported (every council). The SIF bars are hatched.")
    return note


def workforce_rows(results) -> list[dict[str, Any]]:
    """Rows of :func:`graph.gradestats.workforce_by_grade` results: one per measure and grade."""
    rows = []
    for w in results:
        for s in w.grades:
            rows.append({"measure": w.measure, "grade": s.label, "n": s.n, "median": s.median,
                         "q1": s.q1, "q3": s.q3, "min": s.min, "max": s.max})
    return rows


def _interval(bounds) -> str | None:
    return None if bounds is None else f"{bounds[0]:.2f} to {bounds[1]:.2f}"


def correlation_rows(results) -> list[dict[str, Any]]:
    """Per measure of ``workforce_by_grade``: coverage, Spearman's rho between grade rank and
    the figure, and the gap in medians between worse and better grades, each with its 95 %
    interval from resampling councils."""
    return [{"measure": w.measure, "inspections": f"{w.n} of {w.graded}",
             "councils": w.councils,
             "spearman rho": None if w.rho is None else round(w.rho, 3),
             "rho 95% interval": _interval(w.rho_interval),
             "median gap": None if w.effect is None else round(w.effect, 2),
             "gap 95% interval": _interval(w.effect_interval)} for w in results]


def flagged_rows(results) -> list[dict[str, Any]]:
    """Figures of small councils (few social workers in post), flagged by
    ``workforce_by_grade``: one row per council, measure and year."""
    rows = []
    for w in results:
        for p in w.flagged:
            rows.append({"measure": w.measure, "council": p.get("name") or p["council"],
                         "year": p["year"], "value": p["value"],
                         "social workers (FTE)": p["fte"]})
    return rows


def missing_note(result) -> str:
    """One sentence: why the graded inspections of a ``workforce_by_grade`` result that have
    no figure lack one (empty when all have one)."""
    if not result.missing:
        return ""
    total = sum(result.missing.values())
    parts = ", ".join(f"{n:,} {why}" for why, n in sorted(result.missing.items(),
                                                           key=lambda x: (-x[1], x[0])))
    return (f" Of the {total:,} without a figure ({result.measure}): {parts} (withheld: "
            "suppressed or not reported by DfE while the council's other figures are given).")


#: Pairs of themes sharing fewer findings are not ranked by lift in the report.
THEME_MIN_FINDINGS = 10

WORKFORCE_NOTE = (
    "Rho correlates grade rank (1 outstanding ... 4 inadequate) with the figure: positive "
    "when worse grades go with higher figures. The median gap is the median figure of "
    "inspections graded requires improvement or inadequate minus that of inspections graded "
    "good or outstanding, in the measure's unit. Intervals are 95 %, from 1,000 resamples of "
    "councils (all of a council's inspections together, so repeat inspections of one council "
    "are not counted as independent).")


# --- sources of figures ---------------------------------------------------------------------
_UNTITLED = {"report-repeats": "Recommendations made again, linked between reports by "
                                 "inspection-graph"}


def figure_sources(kg, pattern: str) -> list[str]:
    """Titles (with release or date) of the sources whose named graphs hold ``pattern``.

    ``pattern`` is a SPARQL triple pattern, e.g. ``"?s ig:grade ?o"``. Ofsted's inspection
    reports are summed up in one entry (how many, of how many councils, published when, under
    which licence) so that a caption stays readable with hundreds of them; other sources are
    listed one by one.
    """
    from graph.sparql.text import prefixed
    from graph.store.derived import DERIVED_GRAPH
    from graph.vocab import ID, ONTOLOGY_GRAPH

    store = getattr(kg, "store", kg)
    rows = store.query(prefixed(f"""
        SELECT ?src_graph (SAMPLE(?title) AS ?t) (SAMPLE(?when) AS ?w) (SAMPLE(?report) AS ?r)
               (SAMPLE(?about) AS ?c) WHERE {{
          {{ SELECT DISTINCT ?src_graph WHERE {{ GRAPH ?src_graph {{ {pattern} }}
               FILTER(?src_graph NOT IN (<{DERIVED_GRAPH}>, <{ONTOLOGY_GRAPH}>)) }} }}
          OPTIONAL {{ ?src_graph prov:wasDerivedFrom ?derived }}
          BIND(COALESCE(?derived, IRI(CONCAT("{ID}source/", STRAFTER(STR(?src_graph), "/graph/"))))
               AS ?src)
          OPTIONAL {{ ?src dct:title|rdfs:label ?title }}
          OPTIONAL {{ ?src dct:issued|ig:published|schema:version ?when }}
          OPTIONAL {{ ?src a ig:InspectionReport BIND(true AS ?report)
                     OPTIONAL {{ ?src schema:about/ig:subject ?about }} }}
        }} GROUP BY ?src_graph""")).rows
    out: set[str] = set()
    reports: list[tuple[str, str]] = []
    for g, title, when, report, about in rows:
        if report is not None:
            reports.append((str(about or g), str(when or "")))
            continue
        name = str(title) if title is not None else _UNTITLED.get(
            str(g).rsplit("/", 1)[-1], str(g).rsplit("/", 1)[-1])
        out.add(f"{name} ({when})" if when is not None and str(when) not in name else name)
    if reports:
        years = sorted(w[:4] for _c, w in reports if w)
        span = (f", published {years[0]}" + (f" to {years[-1]}" if years[-1] != years[0]
                                              else "")) if years else ""
        councils = len({c for c, _w in reports})
        out.add(f"Ofsted, {len(reports):,} inspection report{'s' if len(reports) != 1 else ''} "
                f"of {councils:,} council{'s' if councils != 1 else ''}{span} "
                "(Crown copyright, Open Government Licence v3.0)")
    return sorted(out)


def coverage(kg, pattern: str, what: str) -> str:
    """One sentence: how many sources state ``pattern`` and how many councils they are about.

    Counts the named graphs holding ``pattern`` (the derived graph and the ontology aside)
    and the councils those graphs state an inspection of.
    """
    from graph.sparql.text import prefixed
    from graph.store.derived import DERIVED_GRAPH
    from graph.vocab import ONTOLOGY_GRAPH

    store = getattr(kg, "store", kg)
    skip = f"<{DERIVED_GRAPH}>, <{ONTOLOGY_GRAPH}>"
    rows = store.query(prefixed(f"""
        SELECT (COUNT(DISTINCT ?cov_graph) AS ?sources) (COUNT(DISTINCT ?c) AS ?councils) WHERE {{
          GRAPH ?cov_graph {{ {pattern} }}
          FILTER(?cov_graph NOT IN ({skip}))
          OPTIONAL {{ GRAPH ?cov_graph {{ ?i ig:subject ?c }} }}
        }}""")).rows
    sources, councils = (int(rows[0][0] or 0), int(rows[0][1] or 0)) if rows else (0, 0)
    if not sources:
        return f"Coverage: no source in the graph states {what}."
    return (f"Coverage: {what} from {sources:,} source{'s' if sources != 1 else ''}, about "
            f"{councils:,} council{'s' if councils != 1 else ''}; councils no imported source "
            "describes are absent, not without findings.")


# --- figures --------------------------------------------------------------------------------
@dataclass
class Figure:
    """A plot: its file name, title, caption and PNG bytes, and any layout problem left
    (overlapping tick labels, text outside the image) after it was drawn."""

    name: str
    title: str
    caption: str
    png: bytes
    problems: list[str] = field(default_factory=list)


def _caption(sources: list[str], made: str) -> str:
    shown = "; ".join(sources) if sources else "no source holds these data yet"
    return f"Source: {shown}. Made {made} with inspection-graph."


def layout_problems(fig) -> list[str]:
    """What a reader could not read in a drawn figure: tick labels that overlap, and text
    (titles, labels, captions, legends) that runs off the image."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    problems = []
    for ax in fig.axes:
        for axis_name, labels in (("x", ax.get_xticklabels()), ("y", ax.get_yticklabels())):
            boxes = [lab.get_window_extent(renderer) for lab in labels
                     if lab.get_visible() and lab.get_text()]
            for a, b in zip(boxes, boxes[1:], strict=False):
                if a.overlaps(b):
                    problems.append(f"{axis_name} tick labels overlap")
                    break
    texts = list(fig.texts) + [t for ax in fig.axes for t in
                               (ax.title, ax.xaxis.label, ax.yaxis.label)]
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    for artist in texts + legends:
        if hasattr(artist, "get_text") and not artist.get_text():
            continue
        box = artist.get_window_extent(renderer)
        if (box.x0 < frame.x0 - 1 or box.x1 > frame.x1 + 1 or box.y0 < frame.y0 - 1
                or box.y1 > frame.y1 + 1):
            what = artist.get_text()[:40] if hasattr(artist, "get_text") else "the legend"
            problems.append(f"text outside the image: {what!r}")
    return problems


def _figure(name: str, title: str, caption: str, draw) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lines = _wrap(caption, 120)
    height = 4.8 + 0.14 * lines.count("\n")
    fig, ax = plt.subplots(figsize=(9, height), dpi=100)
    try:
        draw(ax)
        ax.set_title(title)
        fig.text(0.01, 0.01, lines, fontsize=7, color="#444444", va="bottom")
        bottom = (0.3 + 0.14 * (lines.count("\n") + 1)) / height
        fig.tight_layout(rect=(0, bottom, 1, 1))
        if any("tick labels overlap" in p for p in layout_problems(fig)):
            for label in ax.get_xticklabels():
                label.set_rotation(45)
                label.set_horizontalalignment("right")
            fig.tight_layout(rect=(0, bottom, 1, 1))
        problems = layout_problems(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
        return Figure(name, title, caption, buf.getvalue(), problems)
    finally:
        plt.close(fig)


def _wrap(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` characters, every word kept."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _no_data(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


# Colour-blind-safe (Okabe and Ito's palette): blues for the better grades, orange and
# vermilion for the worse, distinguishable with every common colour-vision deficiency.
GRADE_COLOURS = {1: "#0072B2", 2: "#56B4E9", 3: "#E69F00", 4: "#D55E00"}
SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]


def grades_figure(distribution: list[dict], caption: str) -> Figure:
    """Stacked bars: graded inspections per year of fieldwork, by overall grade; SIF-era bars
    hatched, the councils each year covers written above its bar."""
    def draw(ax):
        if not distribution:
            _no_data(ax, "No graded inspection in the graph")
            return
        years = sorted({r["year"] for r in distribution})
        grades = sorted({(r["rank"], r["label"]) for r in distribution})
        frameworks = [fw for fw in ("SIF", "ILACS")
                      if any(r["framework"] == fw for r in distribution)]
        width = 0.8 / len(frameworks)
        for k, fw in enumerate(frameworks):
            xs = [i + (k - (len(frameworks) - 1) / 2) * width for i in range(len(years))]
            bottom = [0] * len(years)
            for rank, label in grades:
                counts = [sum(r["inspections"] for r in distribution if r["year"] == y
                              and r["rank"] == rank and r["framework"] == fw) for y in years]
                ax.bar(xs, counts, width=width, bottom=bottom, color=GRADE_COLOURS.get(rank),
                       hatch="//" if fw == "SIF" else None, edgecolor="white", linewidth=0.5,
                       label=label if k == len(frameworks) - 1 else None)
                bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
            covered = {r["year"]: r["councils"] for r in distribution if r["framework"] == fw}
            for x, y, top in zip(xs, years, bottom, strict=True):
                if y in covered:
                    ax.text(x, top, str(covered[y]), ha="center", va="bottom", fontsize=6,
                            color="#333333")
        from matplotlib.ticker import MaxNLocator

        ax.set_xticks(range(len(years)), [str(y) for y in years])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("Year fieldwork started (number above a bar: councils covered)")
        ax.set_ylabel("Inspections (overall effectiveness)")
        handles, labels = ax.get_legend_handles_labels()
        if "SIF" in frameworks:
            from matplotlib.patches import Patch

            handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="//"))
            labels.append("SIF (reports and records only)")
        ax.legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _figure("grades-over-time.png", "Overall effectiveness grades over time", caption,
                   draw)


def workforce_figure(results, caption: str) -> Figure:
    """Box plots of each workforce measure per grade."""
    from graph.analysis.gradestats import SMALL_COUNCIL_FTE

    def draw(ax):
        measures = [w for w in results if w.n]
        if not measures:
            _no_data(ax, "No workforce statistics in the graph\n"
                         "(inspection-graph import workforce FILE)")
            return
        width = 0.8 / len(measures)
        labels = [s.label for s in measures[0].grades]
        for i, w in enumerate(measures):
            data = [[p["value"] for p in w.pairs if p["grade"] == s.grade] or [float("nan")]
                    for s in w.grades]
            positions = [g + (i - (len(measures) - 1) / 2) * width for g in range(len(labels))]
            box = ax.boxplot(data, positions=positions, widths=width * 0.9, patch_artist=True,
                             showfliers=True)
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            for patch in box["boxes"]:
                patch.set_facecolor(colour)
            rho = f", rho {w.rho:+.2f}" if w.rho is not None else ""
            ax.plot([], [], color=colour, linewidth=8, label=f"{w.measure} (n={w.n}{rho})")
            small = [(positions[g], p["value"]) for g, s in enumerate(w.grades)
                     for p in w.pairs if p["grade"] == s.grade and p.get("small")]
            if small:
                ax.scatter([x for x, _v in small], [v for _x, v in small], marker="x",
                           color="#000000", s=36, zorder=5,
                           label=f"council with fewer than {SMALL_COUNCIL_FTE:g} social "
                                 "workers (FTE)" if not any(
                               m.get_label().startswith("council with") for m in
                               ax.collections) else None)
        ax.set_xticks(range(len(labels)), [_wrap(x, 18) for x in labels], fontsize=8)
        ax.set_ylabel("Percent (FTE)")
        ax.legend(fontsize=8)
    return _figure("workforce-by-grade.png",
                   "Workforce rates in the inspection year, by overall grade", caption, draw)


def degree_figure(degrees: list[tuple[int, int]], caption: str) -> Figure:
    """Degree distribution of the entity graph (log-log when it spans a wide range)."""
    def draw(ax):
        points = [(d, n) for d, n in degrees if d > 0]
        if not points:
            _no_data(ax, "No edge in the graph")
            return
        ax.scatter([d for d, _ in points], [n for _, n in points], s=14,
                   color=SERIES_COLOURS[0])
        if max(d for d, _ in points) > 20:
            ax.set_xscale("log")
            ax.set_yscale("log")
        ax.set_xlabel("Degree (distinct neighbours)")
        ax.set_ylabel("Entities")
    return _figure("degree-distribution.png", "Degree distribution of the entity graph",
                   caption, draw)


# --- the report -----------------------------------------------------------------------------
@dataclass
class Section:
    """A titled part of the report: a note, tables (title, rows) and figures."""

    title: str
    note: str = ""
    tables: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Report:
    """The whole report, before it is written as Markdown and HTML."""

    title: str
    summary: str
    made: str
    sections: list[Section]

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]


def build_report(kg, *, made: str | None = None, top: int = 3) -> Report:
    """Run every analysis of ``kg`` and gather the tables and figures of the report.

    Parameters
    ----------
    kg : InspectionGraph
    made : str, optional
        The date printed on the report and its figures (today by default).
    top : int
        Entities shown per type in the centrality table.
    """
    from collections import Counter

    from graph.analysis import algorithms as analysis
    from graph.analysis import gradestats

    made = made or dt.date.today().isoformat()
    entity = analysis.analysis_graph(kg)
    sections = []
    central = sorted(analysis.centrality(entity, top=top, types=REPORT_TYPES),
                     key=lambda c: (REPORT_TYPES.index(c.type), c.rank))
    n = entity.number_of_nodes()
    how = "exact" if n <= 1000 else "estimated from 256 sampled sources (seed 42)"
    sections.append(Section(
        "Most central entities",
        f"Per type, the {top} entities with the highest PageRank in the entity graph "
        f"(PageRank: an entity linked to many well-linked entities ranks high; degree: its "
        f"distinct neighbours; betweenness: how often it lies on shortest paths between "
        f"others) "
        f"({n:,} entities; statistics, provenance records and source documents left out; "
        f"direction ignored); betweenness {how}. These scores grow with how much the "
        "imported sources say about an entity (an inspection whose report is imported has "
        "dozens of findings; one known only from Ofsted's outcomes file has a few grades), "
        "so read them as most described, not most important; councils are compared on "
        "equal terms in the next section.",
        [("", centrality_rows(central))]))
    from graph.analysis import councils as cmod

    neighbours = cmod.neighbour_graph(kg)
    docs = cmod.documents_per_council(kg)
    if neighbours.number_of_nodes():
        typical = cmod.neighbour_centrality(neighbours, top=10)
        groups = cmod.neighbour_communities(neighbours)
        sections.append(Section(
            "Councils among their statistical neighbours",
            f"Every council is compared on the same facts: DfE's statistical neighbours "
            f"({neighbours.number_of_nodes()} councils, {neighbours.number_of_edges()} "
            "neighbour pairs). PageRank on the neighbour graph is high for councils that are "
            "often among the closest matches of councils that are themselves often matched: "
            "the most typical councils. Communities (Louvain, seed 42) are groups of councils "
            "alike by DfE's measures, with the latest overall grades found in each. The number "
            "of documents (reports, articles) held about each council is shown beside it, "
            "since centrality in the whole graph grows with it.",
            [("Most typical councils", [
                {"council": c.label, "pagerank": round(c.pagerank, 4),
                 "named as a neighbour by": c.named_by,
                 "latest grade": c.grade or "none", "documents": docs.get(c.council, 0)}
                for c in typical]),
             ("Groups of alike councils", [
                {"group": i + 1, "councils": len(c.councils),
                 "latest grades": ", ".join(f"{k} {v}" for k, v in c.grades.items()),
                 "some members": "; ".join(c.labels[:5])}
                for i, c in enumerate(groups[:10])])]))
    found = analysis.communities(entity)
    sections.append(Section(
        "Communities", f"Louvain communities of the entity graph ({n:,} entities, seed 42): "
        f"groups of entities more linked to each other than to the rest; {len(found)} in all, "
        "the 10 largest shown. Where reports are imported, most groups gather one council's "
        "inspections with their findings: they show how the documents hang together, not "
        "which councils are alike (for that, see the groups of statistical neighbours).",
        [("", community_rows(found[:10]))]))
    causal = analysis.projection(kg, "causal")
    chain = analysis.longest_chain(causal)
    sections.append(Section(
        "Causes", f"The causal graph holds {causal.number_of_nodes()} findings and events and "
        f"{causal.number_of_edges()} claimed causal links. Root causes are causes no claimed "
        "link explains; reach counts the findings and events downstream. "
        + coverage(kg, "?x ig:cause ?y", "claimed causal links"),
        [("Root causes", root_cause_rows(analysis.root_causes(causal))),
         (f"Longest chain ({chain.length} links)", chain_rows(chain))]))
    found_careers = analysis.careers(kg)
    sections.append(Section(
        "Careers", "People who held posts at two councils or more, and the councils they link. "
        + coverage(kg, "?t a ig:Tenure", "posts held"),
        [("Posts", career_rows(found_careers)),
         ("Councils linked by people", council_link_rows(analysis.council_links(kg)))]))
    pairs = analysis.theme_pairs(kg, top=15, by="lift", min_findings=THEME_MIN_FINDINGS)
    if pairs:
        theme_note = (
            "Pairs of themes that tag the same finding or recommendation more often than "
            "chance would give, strongest first, among pairs sharing at least "
            f"{THEME_MIN_FINDINGS} findings. Lift is how many times more often than if the "
            "themes were tagged independently (1: as often as chance). Counting inspections "
            "instead would say little: with reports imported, most pairs of common themes "
            "occur in almost every inspection. ")
    else:
        pairs = analysis.theme_pairs(kg, top=15)
        theme_note = ("Pairs of themes of findings and recommendations that occur in the same "
                      "inspections (then councils, then single findings); lift as below "
                      f"once pairs share {THEME_MIN_FINDINGS} findings or more. ")
    sections.append(Section(
        "Themes found together", theme_note + coverage(kg, "?f ig:theme ?t", "themed findings"),
        [("", theme_pair_rows(pairs))]))
    distribution = gradestats.grade_distribution(kg)
    grade_caption = _caption(figure_sources(kg, "?j ig:grade ?g"), made)
    sections.append(Section(
        "Grades over time", "Inspections with an overall effectiveness grade, by the year "
        "their fieldwork started and the framework. " + grade_coverage(distribution),
        [("", grade_rows(distribution))],
        [grades_figure(distribution, grade_caption)]))
    from graph.analysis import journeys as jmod

    journeys = jmod.grade_journeys(kg)
    jsum = jmod.journey_summary(journeys)
    frameworks = ", ".join(f"{n:,} {fw}" for fw, n in jsum["by framework"].items()) or "none"
    sections.append(Section(
        "Grade journeys",
        f"Each council's graded inspections in order, whatever the source of the grade: "
        f"{jsum['councils']:,} councils, {jsum['graded inspections']:,} graded inspections "
        f"({frameworks}); {jsum['councils with two or more']:,} councils have two or more. "
        "SIF grades appear only for councils whose SIF-era report or record is in the graph. "
        "Rows: the grade at one graded inspection; columns: the grade at the council's next.",
        [("Transitions", jmod.transition_rows(jmod.transition_matrix(journeys))),
         ("Spells judged inadequate", [{"figure": k, "value": "n/a" if v is None else v}
                                       for k, v in jsum.items()
                                       if k not in ("councils", "graded inspections",
                                                    "by framework",
                                                    "councils with two or more")])]))
    workforce = gradestats.workforce_by_grade(kg)
    measures = " ".join(f'"{m}"' for m in gradestats.WORKFORCE_MEASURES)
    work_sources = set(figure_sources(kg, f"VALUES ?m {{ {measures} }} ?s ig:measure ?m"))
    note = ("Each graded inspection beside its council's DfE workforce figure for the "
            "reporting year (to 30 September) containing its fieldwork start (the year of "
            "fieldwork is shown; `workforce-by-grade --year before` gives the year before). "
            + WORKFORCE_NOTE + " Councils with fewer than 20 social workers in post are "
            "flagged below: one post moves their rates by five points or more.")
    covered = max(workforce, key=lambda w: w.n, default=None)
    if covered is not None:
        note += (f" Coverage: {covered.n:,} of {covered.graded:,} graded inspections, of "
                 f"{covered.councils:,} councils, have a figure." + missing_note(covered))
    if not any(w.n for w in workforce):
        graded = covered.graded if covered is not None else 0
        note = (f"Coverage: none of the {graded:,} graded inspections in this graph (of any "
                "councils) has a DfE workforce figure beside it: "
                "import the workforce indicators (inspection-graph import workforce FILE) "
                "and Ofsted's outcomes (inspection-graph import ofsted FILE).")
    sections.append(Section(
        "Workforce by grade", note,
        [("Per grade", workforce_rows(workforce)),
         ("Grade and figure: correlation and gap, with intervals", correlation_rows(workforce)),
         ("Flagged: small councils", flagged_rows(workforce))]
        if any(w.n for w in workforce) else [],
        [workforce_figure(workforce, _caption(sorted(work_sources | set(
            figure_sources(kg, "?j ig:grade ?g"))), made))]))
    degrees = analysis.degree_distribution(entity)
    sections.append(Section(
        "Degree distribution", f"{n:,} entities; the most connected has "
        f"{max((d for d, _ in degrees), default=0)} neighbours.", [],
        [degree_figure(degrees, _caption(figure_sources(kg, "?s ?p ?o"), made))]))
    kinds = Counter(d.get("type", "Thing") for _n, d in entity.nodes(data=True))
    summary = (f"{n:,} entities analysed: " + ", ".join(
        f"{c:,} {t}" for t, c in sorted(kinds.items(), key=lambda x: (-x[1], x[0]))) + ".")
    return Report("inspection-graph analysis", summary, made, sections)


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]#!~"})


def markdown_text(text: str) -> str:
    """``text`` shown as itself in Markdown: HTML's ``& < >`` as entities, Markdown's
    emphasis, code, link and heading marks escaped (table pipes are left to the table).

    >>> markdown_text('<img src=x onerror="alert(1)"> *bold* [a](b)')
    '&lt;img src=x onerror="alert(1)"&gt; \\\\*bold\\\\* \\\\[a\\\\](b)'
    """
    return html.escape(str(text), quote=False).translate(_MARKDOWN_SPECIAL)


def _markdown_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: markdown_text(v) if isinstance(v, str) else v for k, v in row.items()}
            for row in rows]


def _markdown(report: Report) -> str:
    from graph.analysis.algorithms import format_table

    md = markdown_text
    lines = [f"# {md(report.title)}", "", md(report.summary), "", f"Made {md(report.made)}.", ""]
    for section in report.sections:
        lines += [f"## {md(section.title)}", ""]
        if section.note:
            lines += [md(section.note), ""]
        for title, rows in section.tables:
            if title:
                lines += [f"### {md(title)}", ""]
            lines += [format_table(_markdown_rows(rows), markdown=True, max_width=90)
                      if rows else "(none)", ""]
        for fig in section.figures:
            lines += [f"![{md(fig.title)}]({fig.name})", "", f"*{md(fig.caption)}*", ""]
    return "\n".join(lines)


_CSS = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;
color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right}figure{margin:1rem 0}img{max-width:100%}
figcaption{font-size:.85rem;color:#555}"""


def _number(value: float) -> str:
    from graph.analysis.algorithms import _number as number

    return number(value)


def _html_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>(none)</p>"
    columns = list(rows[0])
    out = ["<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns)
           + "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c)
            if isinstance(v, float):
                text, cls = _number(v), ' class="n"'
            elif isinstance(v, int):
                text, cls = str(v), ' class="n"'
            else:
                text, cls = "" if v is None else str(v), ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _html(report: Report) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{html.escape(report.title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{html.escape(report.title)}</h1>",
             f"<p>{html.escape(report.summary)}</p><p>Made {html.escape(report.made)}.</p>"]
    for section in report.sections:
        parts.append(f"<h2>{html.escape(section.title)}</h2>")
        if section.note:
            parts.append(f"<p>{html.escape(section.note)}</p>")
        for title, rows in section.tables:
            if title:
                parts.append(f"<h3>{html.escape(title)}</h3>")
            parts.append(_html_table(rows))
        for fig in section.figures:
            data = base64.b64encode(fig.png).decode("ascii")
            parts.append(f'<figure><img alt="{html.escape(fig.title)}" '
                         f'src="data:image/png;base64,{data}"><figcaption>'
                         f"{html.escape(fig.caption)}</figcaption></figure>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(kg, out: str | Path = "analysis", *, made: str | None = None
                 ) -> dict[str, Path]:
    """Write the analysis report of ``kg`` into the folder ``out``.

    Writes ``analysis.md``, ``analysis.html`` (self-contained) and one PNG per
    figure. Every file is written under a temporary name first and renamed
    only when all are ready: a failure leaves the previous report whole.

    Parameters
    ----------
    kg : InspectionGraph
    out : folder
        Created if missing.
    made : str, optional
        The date printed on the report (today by default).

    Returns
    -------
    dict
        File name -> path written.
    """
    report = build_report(kg, made=made)
    files: dict[str, bytes] = {fig.name: fig.png for fig in report.figures}
    files["analysis.md"] = _markdown(report).encode("utf-8")
    files["analysis.html"] = _html(report).encode("utf-8")
    return _write_all(Path(out), files)


def _write_all(out: Path, files: dict[str, bytes]) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    mask = os.umask(0)
    os.umask(mask)
    temps: dict[str, str] = {}
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix="." + name + ".", suffix=".tmp", dir=out)
            temps[name] = tmp
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~mask)
        written = {}
        for name, tmp in temps.items():
            os.replace(tmp, out / name)
            written[name] = out / name
        return written
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
