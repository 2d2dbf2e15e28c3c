"""The benchmark suite's smallest case runs end to end and writes its page."""

from __future__ import annotations

from benchmarks.suite import main, parse_size, size_label
from graph.queries import list_queries


def test_parse_and_label_sizes():
    assert [parse_size(s) for s in ("10k", "1M", "2500", "0.5m")] == [10_000, 1_000_000,
                                                                       2_500, 500_000]
    assert [size_label(n) for n in (10_000, 1_000_000, 2_500)] == ["10k", "1M", "2,500"]


def test_smallest_suite_writes_the_page(tmp_path):
    out = tmp_path / "benchmarks.md"
    assert main(["--quick", "--sizes", "2k", "--repeat", "1", "--query-limit", "1",
                 "--skip", "cli,national,views,throughput,threshold",
                 "--out", str(out), "--work", str(tmp_path / "work")]) == 0
    page = out.read_text(encoding="utf-8")
    assert not (tmp_path / "benchmarks.md.tmp").exists()
    assert page.startswith("# Benchmarks") and "## Targets" in page and "Machine: " in page
    loading = page.split("### Loading 2k")[1].split("##")[0]
    for store in ("raw pyoxigraph", "rdflib", "project memory", "project Oxigraph"):
        assert f"| {store} | " in loading
    queries = page.split("### Synthetic 2k")[1].split("\n## ")[0]
    assert "synthetic/council/E99" in queries  # parameters point at synthetic entities
    for q in list_queries():
        line = next(x for x in queries.splitlines() if x.startswith(f"| `{q.name}` |"))
        assert line.count("|") == 9, line
    assert "| 2k | entity projection |" in page and "| 2k | PageRank |" in page
    again = tmp_path / "again.md"
    assert main(["--from-json", str(tmp_path / "work" / "results.json"), "--out",
                 str(again)]) == 0
    assert again.read_text(encoding="utf-8") == page
