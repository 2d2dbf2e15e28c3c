"""Every plot of the report is drawn and checked as a reader would see it: tick labels that do
not overlap, captions and legends inside the image, a colour-blind-safe palette."""

from __future__ import annotations

import io

import pytest
from conftest import FIXTURES

from graph.analysis import report

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"}
LONG_SOURCES = [f"Ofsted inspection report on council number {i} (2016-01-{i % 28 + 1:02d})"
                for i in range(40)]


def decode(png: bytes):
    import matplotlib.image as mpimg

    image = mpimg.imread(io.BytesIO(png), format="png")
    assert image.shape[0] > 300 and image.shape[1] > 600
    return image


def national_like_distribution() -> list[dict]:
    """SIF-era grades of a few councils and ILACS grades of every council, 2012 to 2025."""
    rows = []
    labels = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
    for year in range(2012, 2026):
        for fw in (["SIF"] if year < 2018 else []) + (["ILACS"] if year >= 2018 else []):
            for rank in range(1, 5):
                rows.append({"year": year, "framework": fw, "grade": str(rank),
                             "label": labels[rank - 1], "rank": rank,
                             "inspections": 3 + (year + rank) % 9,
                             "councils": 12 if fw == "SIF" else 40 + year % 7})
    return rows


def test_grades_over_time_reads_well_with_many_years_and_a_long_caption():
    caption = report._caption(LONG_SOURCES, "2026-12-01")
    figure = report.grades_figure(national_like_distribution(), caption)
    assert figure.problems == []
    decode(figure.png)
    assert figure.caption.endswith("Made 2026-12-01 with inspection-graph.")
    assert report._wrap(caption, 120).replace("\n", " ") == caption  # no word dropped


def test_the_coverage_is_stated_beside_the_grades():
    note = report.grade_coverage(national_like_distribution())
    assert "SIF: " in note and "ILACS: " in note and "covering 12 to 12 councils" in note
    assert "hatched" in note
    rows = report.grade_rows(national_like_distribution())
    assert {"year", "framework", "councils"} <= set(rows[0])


def test_every_figure_of_a_report_with_workforce_figures(tmp_path):
    from rdflib import Dataset

    import graph
    from graph import vocab
    from graph.store import MemoryStore

    ds = Dataset(default_union=True)
    ds.parse(FIXTURES / "analysis" / "workforce.trig", format="trig")
    store = MemoryStore()
    store.replace_graph(vocab.ONTOLOGY_GRAPH, vocab.load_ontology())
    store.add_dataset(ds)
    built = report.build_report(graph.InspectionGraph(store), made="2026-12-01")
    assert len(built.figures) == 3
    for figure in built.figures:
        assert figure.problems == [], (figure.name, figure.problems)
        decode(figure.png)
        assert figure.caption.startswith("Source: ")


def test_layout_problems_sees_overlapping_labels_and_text_off_the_image():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_xticks(range(30), [f"label {i}" for i in range(30)])
    fig.text(0.9, 0.5, "a caption that runs far beyond the right edge of the image")
    found = report.layout_problems(fig)
    plt.close(fig)
    assert "x tick labels overlap" in found
    assert any(p.startswith("text outside the image") for p in found)


@pytest.mark.parametrize("colours", [report.GRADE_COLOURS.values(), report.SERIES_COLOURS])
def test_the_palette_is_colour_blind_safe(colours):
    assert set(colours) <= OKABE_ITO
