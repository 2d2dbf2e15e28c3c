"""How well ``inspection-graph draft`` drafts what a careful person records.

Drafts every article of ``tests/fixtures/drafts`` (``NAME.txt``) and scores it against the
gold facts beside it (``NAME.gold.yaml``, described in that folder's README): precision and
recall per kind of fact (councils, people with the right role, grades, statistics, dates,
boards), per article and overall, for the articles the rules were written on ("seen") and
those kept aside ("unseen").

Usage::

    python -m benchmarks.drafts [--folder DIR] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "drafts"
KINDS = ("councils", "people", "grades", "statistics", "dates", "boards")


@dataclass
class Score:
    """Matched, drafted and gold counts of one kind of fact, and what did not match."""

    matched: int = 0
    drafted: int = 0
    gold: int = 0
    extra: list = field(default_factory=list)
    missed: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.matched += other.matched
        self.drafted += other.drafted
        self.gold += other.gold


def _compare(drafted: list, gold: list) -> Score:
    """Multiset match of hashable keys."""
    d, g = Counter(drafted), Counter(gold)
    matched = sum((d & g).values())
    return Score(matched, sum(d.values()), sum(g.values()),
                 sorted(map(str, (d - g).elements())), sorted(map(str, (g - d).elements())))


def _num(value) -> float:
    return round(float(value), 1)


def keys(draft) -> dict[str, list]:
    """The drafted facts as the keys the gold facts are compared by."""
    return {
        "councils": list(dict.fromkeys(draft.councils)),
        "people": list(dict.fromkeys((p.name, p.role) for p in draft.people)),
        "grades": [(g.which, g.area, g.grade) for g in draft.grades],
        "statistics": [(_num(s.value), s.unit) for s in draft.statistics],
        "dates": list(dict.fromkeys(draft.dates)),
        "boards": [(b.type, b.key) for b in draft.boards],
    }


def gold_keys(gold: dict) -> dict[str, list]:
    return {
        "councils": list(gold.get("councils") or []),
        "people": [(p["name"], p.get("role")) for p in gold.get("people") or []],
        "grades": [(g["which"], g["area"], g["grade"]) for g in gold.get("grades") or []],
        "statistics": [(_num(s["value"]), s["unit"]) for s in gold.get("statistics") or []],
        "dates": [str(d) for d in gold.get("dates") or []],
        "boards": [(b["type"], b["key"]) for b in gold.get("boards") or []],
    }


@dataclass
class ArticleScore:
    name: str
    unseen: bool
    scores: dict[str, Score]


def score_folder(folder: Path = FIXTURES) -> list[ArticleScore]:
    """Draft and score every article of ``folder`` that has a gold file."""
    from graph.sources.authoring import read_text
    from graph.sources.draft import draft_record

    out = []
    for gold_path in sorted(folder.glob("*.gold.yaml")):
        name = gold_path.name[: -len(".gold.yaml")]
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        text = read_text(folder / f"{name}.txt")
        draft = draft_record(text, url=gold["url"], council=gold.get("council"),
                             text_file=f"{name}.txt")
        got, want = keys(draft), gold_keys(gold)
        out.append(ArticleScore(name, bool(gold.get("unseen")),
                                {k: _compare(got[k], want[k]) for k in KINDS}))
    return out


def totals(articles: list[ArticleScore]) -> dict[str, Score]:
    total = {k: Score() for k in KINDS}
    for article in articles:
        for k in KINDS:
            total[k].add(article.scores[k])
    return total


def _row(label: str, scores: dict[str, Score]) -> str:
    cells = [f"{100 * scores[k].precision:5.1f} {100 * scores[k].recall:5.1f}" for k in KINDS]
    return f"{label:<24}" + "  ".join(f"{c:>11}" for c in cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=FIXTURES)
    parser.add_argument("--misses", action="store_true", help="List every fact missed or "
                        "drafted wrongly.")
    args = parser.parse_args(argv)
    articles = score_folder(args.folder)
    print("precision and recall (%) per kind of fact")
    print(f"{'article':<24}" + "  ".join(f"{k:>11}" for k in KINDS))
    for article in articles:
        print(_row(article.name + (" *" if article.unseen else ""), article.scores))
        if args.misses:
            for k in KINDS:
                s = article.scores[k]
                for x in s.missed:
                    print(f"    missed {k}: {x}")
                for x in s.extra:
                    print(f"    wrong  {k}: {x}")
    for label, group in (("seen", [a for a in articles if not a.unseen]),
                         ("unseen *", [a for a in articles if a.unseen]),
                         ("overall", articles)):
        if group:
            print(_row(label, totals(group)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
