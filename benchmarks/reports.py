"""Accuracy and speed of the report reader on Ofsted's published reports.

Runs ``pdftotext -layout`` alone over every report of a folder
(``../shared/data/ofsted-reports`` by default), then
:func:`graph.sources.reports.import_reports` over the same files with as many worker
processes into an Oxigraph store in memory (the two times and their ratio), then
compares each ILACS report's dates and judgements with Ofsted's official
outcomes file (``ILACS_inspection_history.csv`` and ``In-year_inspections.csv``),
matched by GSS code and publication date (or fieldwork start). Prints: reports
parsed, framework and type recognised, per-area agreement in percent, SIF
judgements recognised, recommendations per report, every miss with its reason,
the precision of each passage theme against the hand-checked sample
(``tests/fixtures/reports/themes_checked.csv``) and the total time.

Usage::

    python -m benchmarks.reports [--reports DIR] [--outcomes DIR] [--extractor NAME]
                                 [--workers N] [--repeat N] [--compare-extractors]

With ``--repeat N`` the two timings run in turn N times and the median turn is printed.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SIF_KEY = ROOT / "tests" / "fixtures" / "reports" / "sif_checked.csv"
THEMES_KEY = ROOT / "tests" / "fixtures" / "reports" / "themes_checked.csv"
ILACS_KEY = ROOT / "tests" / "fixtures" / "reports" / "ilacs_checked.csv"
ILACS_KEY_AREAS = ("overall-effectiveness", "impact-of-leaders", "help-and-protection",
                   "children-in-care", "care-leavers", "children-in-care-and-care-leavers")
KEY_AREAS = ["overall-effectiveness", "help-and-protection", "looked-after-and-permanence",
             "adoption", "care-leavers", "leadership-management-governance"]
OUTCOME_COLUMNS = {
    "overall-effectiveness": "Overall effectiveness",
    "impact-of-leaders": "The impact of leaders on social work practice with children and "
                         "families",
    "help-and-protection": "The experiences and progress of children who need help and "
                           "protection",
    "children-in-care": "The experiences and progress of children in care",
    "care-leavers": "The experiences and progress of care leavers",
}
GRADES = {"outstanding": "outstanding", "good": "good", "inadequate": "inadequate",
          "requires improvement to be good": "requires-improvement"}
TYPES = {"ILACS Standard Inspection": "standard", "ILACS Short Inspection": "short"}
SIF_AREAS = ["overall-effectiveness", "help-and-protection", "looked-after-and-permanence",
             "adoption", "care-leavers", "leadership-management-governance"]


def _is_pdf(path: Path) -> bool:
    with open(path, "rb") as handle:
        return b"%PDF-" in handle.read(1024)


def _iso(day_month_year: str) -> str:
    return datetime.strptime(day_month_year.strip(), "%d/%m/%Y").date().isoformat()


def official_outcomes(folder: Path) -> list[dict]:
    """Graded ILACS inspections of the outcomes files: gss, start, published, type, grades."""
    rows, seen = [], set()
    for name in ("ILACS_inspection_history.csv", "In-year_inspections.csv"):
        path = folder / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                itype = TYPES.get(row.get("Inspection type") or row.get("Inspection/Visit type"))
                if itype is None:
                    continue
                start = _iso(row.get("Inspection date") or row["Inspection/Visit date"])
                key = (row["Local authority area code"], start)
                if key in seen:
                    continue
                seen.add(key)
                grades = {}
                for area, column in OUTCOME_COLUMNS.items():
                    value = (row.get(column) or "").strip().lower()
                    if value:
                        grades[area] = GRADES[value]
                if "care-leavers" not in grades and "children-in-care" in grades:
                    grades["children-in-care-and-care-leavers"] = grades.pop("children-in-care")
                rows.append({"gss": key[0], "start": start, "type": itype,
                             "published": _iso(row["Publication date"]), "grades": grades})
    return rows


def _name_key(name: str) -> str:
    """A name compared without case, accents or punctuation ("Máire" is "maire")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z ]", " ", plain.lower()).split())


def read_key(path: Path = SIF_KEY) -> list[dict]:
    """The rows of the hand-checked answer key of SIF reports (``sif_checked.csv``)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if (row.get("folder") or "").strip()]


def score_key(facts: list, key: list[dict]) -> dict:
    """Score SIF tables, recommendation counts and lead inspectors against the answer key.

    A table is right when every area of the key (the six SIF areas and the LSCB review)
    has the key's grade, no grade where the key has none. A wrong grade is "unwarned" when
    the report's summary has no uncertain read or incomplete-table warning for it.

    Returns
    -------
    dict
        ``tables``, ``recommendations``, ``leads``: [right, scored]; ``unwarned``: wrong
        grades written without a warning; ``misses``: one line per miss.
    """
    by_file = {(Path(f.path).parent.name, Path(f.path).name): f for f in facts}
    out = {"tables": [0, 0], "recommendations": [0, 0], "leads": [0, 0], "unwarned": 0,
           "misses": [], "missing_files": 0}
    for row in key:
        name = f"{row['folder']}/{row['file']}"
        f = by_file.get((row["folder"].strip(), row["file"].strip()))
        if f is None:
            out["missing_files"] += 1
            out["misses"].append(f"{name}: in the answer key but not read")
            continue
        warned = {u.area for u in f.uncertain}
        right = True
        for area in [*KEY_AREAS, "lscb"]:
            want = (row.get(area) or "").strip().lower() or None
            got = f.judgement("lscb-review" if area == "lscb" else area)
            if got != want:
                right = False
                out["misses"].append(f"{name}: {area} {got or 'not found'}, key "
                                     f"{want or 'none'}")
                if got is not None and area not in warned and not any(
                        "incomplete" in w for w in f.warnings):
                    out["unwarned"] += 1
        out["tables"][1] += 1
        out["tables"][0] += right
        for column, lscb in (("recommendations", False), ("lscb_recommendations", True)):
            want = (row.get(column) or "").strip()
            if not want.isdigit():
                continue
            got = sum(1 for r in f.recommendations if (r.section == "lscb") == lscb)
            out["recommendations"][1] += 1
            if got == int(want):
                out["recommendations"][0] += 1
            else:
                out["misses"].append(f"{name}: {column} {got}, key {want}")
        want_leads = {_name_key(n) for n in re.split(r"[;|]|\band\b", row.get("lead_inspector")
                                                       or "") if n.strip()}
        if want_leads:
            got_leads = {_name_key(n) for n, _ in f.lead_inspectors}
            out["leads"][1] += 1
            if got_leads == want_leads:
                out["leads"][0] += 1
            else:
                out["misses"].append(f"{name}: lead inspector {sorted(got_leads)}, key "
                                     f"{sorted(want_leads)}")
    return out


def score_ilacs_key(facts: list, key: list[dict]) -> dict:
    """Score ILACS reports against the hand-checked key (``ilacs_checked.csv``): the whole
    judgement table, start and type, the number of recommendations, the lead inspectors.

    Returns
    -------
    dict
        ``tables``, ``dates`` (start and type), ``recommendations``, ``leads``: [right,
        scored]; ``missing_files``: rows of the key not read; ``misses``: one line per miss.
    """
    by_file = {(Path(f.path).parent.name, Path(f.path).name): f for f in facts}
    out = {"tables": [0, 0], "dates": [0, 0], "recommendations": [0, 0], "leads": [0, 0],
           "misses": [], "missing_files": 0}
    for row in key:
        name = f"{row['folder']}/{row['file']}"
        f = by_file.get((row["folder"].strip(), row["file"].strip()))
        if f is None:
            out["missing_files"] += 1
            out["misses"].append(f"{name}: in the answer key but not read")
            continue
        wrong = [f"{area} {f.judgement(area) or 'not found'}, key "
                 f"{(row.get(area) or '').strip() or 'none'}" for area in ILACS_KEY_AREAS
                 if f.judgement(area) != ((row.get(area) or "").strip() or None)]
        out["tables"][1] += 1
        out["tables"][0] += not wrong
        out["misses"] += [f"{name}: {w}" for w in wrong]
        out["dates"][1] += 1
        if f.start == row["start"] and f.type == row["type"]:
            out["dates"][0] += 1
        else:
            out["misses"].append(f"{name}: start {f.start} {f.type}, key {row['start']} "
                                 f"{row['type']}")
        want_n, got_n = int(row["recommendations"]), len(f.recommendations)
        out["recommendations"][1] += 1
        if got_n == want_n:
            out["recommendations"][0] += 1
        else:
            out["misses"].append(f"{name}: recommendations {got_n}, key {want_n}")
        want_leads = {_name_key(n) for n in (row.get("lead_inspector") or "").split(";")
                      if n.strip()}
        got_leads = {_name_key(n) for n, _ in f.lead_inspectors}
        out["leads"][1] += 1
        if got_leads == want_leads:
            out["leads"][0] += 1
        else:
            out["misses"].append(f"{name}: lead inspector {sorted(got_leads) or 'none'}, "
                                 f"key {sorted(want_leads)}")
    return out


def read_themes_key(path: Path = THEMES_KEY) -> list[dict]:
    """The rows of the hand-checked sample of passages' themes (``themes_checked.csv``)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if (row.get("folder") or "").strip()]


def _split(cell: str | None) -> set[str]:
    return {t.strip() for t in (cell or "").split(";") if t.strip()}


def _find_passage(f, row: dict):
    """The passage of report ``f`` a key row names: by its first page and start offset,
    else the passage whose span holds that offset, else by its ordinal."""
    page, start = int(row["page"]), int(row["start"])
    for p in f.passages:
        if (p.spans[0].page, p.spans[0].start) == (page, start):
            return p
    for p in f.passages:
        if any(s.page == page and s.start <= start < s.end for s in p.spans):
            return p
    number = int(row["passage"]) if (row.get("passage") or "").isdigit() else None
    return next((p for p in f.passages if p.number == number), None)


def score_themes(facts: list, key: list[dict]) -> dict:
    """Precision of each theme the classifier gives the passages of the hand-checked sample.

    The themes a passage is about, by its reader, are the key's ``correct`` themes and its
    ``missed`` ones; a theme the classifier gives outside them is wrong (the reader judged
    each passage against the whole theme scheme), a theme of the reader's the classifier
    does not give is a miss.

    Returns
    -------
    dict
        ``themes``: theme -> [right, given]; ``missed``: theme -> count; ``passages``:
        rows scored; ``unmatched``: rows whose passage was not found; ``all``: [right, given].
    """
    by_file = {(Path(f.path).parent.name, Path(f.path).name): f for f in facts}
    given: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: Counter = Counter()
    out = {"passages": 0, "unmatched": []}
    for row in key:
        f = by_file.get((row["folder"].strip(), row["file"].strip()))
        p = _find_passage(f, row) if f is not None else None
        if p is None:
            out["unmatched"].append(f"{row['folder']}/{row['file']} passage {row['passage']}")
            continue
        out["passages"] += 1
        truth = _split(row.get("correct")) | _split(row.get("missed"))
        for t in p.themes:
            given[t][1] += 1
            given[t][0] += t in truth
        missed.update(truth - set(p.themes))
    out["themes"] = dict(sorted(given.items()))
    out["missed"] = dict(missed.most_common())
    out["all"] = [sum(h[0] for h in given.values()), sum(h[1] for h in given.values())]
    return out


def themes_lines(scored: dict, key_name: str = "themes_checked.csv") -> list[str]:
    """The lines the benchmark prints for the themes sample."""
    right, total = scored["all"]
    lines = [f"Themes against the hand-checked sample ({key_name}): {scored['passages']} "
             f"passages, precision {right}/{total} ({100 * right / max(total, 1):.1f}%)"
             + (f", {len(scored['unmatched'])} passages not found" if scored["unmatched"]
                else "")]
    cells = [f"{t} {h[0]}/{h[1]} ({100 * h[0] / h[1]:.0f}%)"
             for t, h in scored["themes"].items()]
    for i in range(0, len(cells), 3):
        lines.append("  " + "".join(f"{c:44}" for c in cells[i:i + 3]).rstrip())
    lines.append("  themes missed (the reader's, not given): " + (", ".join(
        f"{t} {n}" for t, n in scored["missed"].items()) or "none"))
    return lines


def _pdftotext_one(path: str) -> int:
    import shutil
    import subprocess

    proc = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8",
                           "-layout", path, "-"], capture_output=True, timeout=120)
    return len(proc.stdout)


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (pdftotext run by
    the worker processes included)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pdftotext_alone(files: list[Path], workers: int) -> float:
    """Seconds ``pdftotext -layout`` alone takes over ``files``, ``workers`` at a time (the
    import's extraction without anything the import does with the text)."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    started = time.perf_counter()
    with multiprocessing.get_context(method).Pool(workers) as pool:
        sum(pool.imap(_pdftotext_one, [str(f) for f in files], chunksize=1))
    return time.perf_counter() - started


def share(hit: list[int]) -> str:
    """``[right, scored]`` as ``"right/scored (percent%)"``."""
    return f"{hit[0]}/{hit[1]} ({100 * hit[0] / hit[1]:.1f}%)" if hit[1] else "0/0"


def run(reports: Path, outcomes: Path, extractor: str | None = None, quiet: bool = False,
        workers: int | None = None, key: Path | None = SIF_KEY,
        themes_key: Path | None = THEMES_KEY, baseline: bool = True,
        ilacs_key: Path | None = ILACS_KEY, repeat: int = 1) -> dict:
    """Import every report, compare with the official file; returns the figures.

    With ``baseline``, pdftotext alone runs first over the same files with as many
    workers as the import uses, and the import's time is printed beside it; with
    ``repeat``, the two run in turn that many times and the turn with the median ratio
    is printed (each turn's pair is timed close together, so a machine whose speed
    drifts during the run tilts one turn, not the figure).
    """
    import os

    from graph.sources.reports.rdf import expand_paths, import_reports
    from graph.store.oxigraph import OxigraphStore

    def say(*args):
        if not quiet:
            print(*args)

    files, _ = expand_paths([reports])
    workers = workers or min(os.cpu_count() or 1, len(files))
    pairs = []  # (pdftotext alone s, its CPU s, import s, its CPU s), taken in turn
    for _ in range(max(1, repeat)):
        alone = alone_cpu = None
        if baseline and (extractor or "pdftotext") == "pdftotext":
            cpu = _cpu_seconds()
            alone = pdftotext_alone([f for f in files if _is_pdf(f)], workers)
            alone_cpu = _cpu_seconds() - cpu
        cpu = _cpu_seconds()
        started = time.perf_counter()
        batch = import_reports(OxigraphStore(), [reports], extractor=extractor,
                               workers=workers)
        elapsed = time.perf_counter() - started
        import_cpu = _cpu_seconds() - cpu
        pairs.append((alone, alone_cpu, elapsed, import_cpu))
        if alone is not None and repeat > 1:
            say(f"  run {len(pairs)}: pdftotext alone {alone:.1f} s, the import {elapsed:.1f} s "
                f"({elapsed / alone:.2f} x; CPU {import_cpu / alone_cpu:.2f} x)")
    ratio = cpu_ratio = None
    if alone is not None:
        # the turn whose ratio is the median (the upper one of an even count)
        alone, alone_cpu, elapsed, import_cpu = sorted(pairs, key=lambda p: p[2] / p[0])[
            len(pairs) // 2]
        ratio, cpu_ratio = elapsed / alone, import_cpu / alone_cpu
        how = f"the median of {len(pairs)} turns, " if len(pairs) > 1 else ""
        say(f"Time: pdftotext alone {alone:.1f} s, the whole import {elapsed:.1f} s "
            f"({ratio:.2f} x pdftotext; {how}{workers} worker processes, "
            f"{len(files)} files, an Oxigraph store in memory)")
        say(f"CPU time (every process): pdftotext alone {alone_cpu:.1f} s, the whole import "
            f"{import_cpu:.1f} s ({cpu_ratio:.2f} x)")
        steps = batch.steps
        say(f"  after the last file was read: storing {steps.get('write', 0):.1f} s, "
            f"repeated recommendations {steps.get('repeats', 0):.1f} s, derived facts and "
            f"text index {steps.get('derive', 0):.1f} s")
    official = official_outcomes(outcomes)
    by_pub = {(o["gss"], o["published"]): o for o in official}
    by_start = {(o["gss"], o["start"]): o for o in official}
    total = len(batch.facts) + len(batch.failed)
    misses: list[str] = []
    say(f"Reports: {total} files, {len(batch.facts)} parsed, {len(batch.failed)} failed "
        f"({elapsed:.1f} s, extractor {extractor or 'pdftotext'})")
    for _path, message in batch.failed:
        misses.append(f"not parsed: {message}")
    kinds = Counter((f.framework, f.type) for f in batch.facts)
    say("Framework and type recognised: " + ", ".join(
        f"{fw} {t}: {n}" for (fw, t), n in sorted(kinds.items())))
    # ILACS against the official file
    area_hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    date_hits = [0, 0]
    type_hits = [0, 0]
    ilacs = [f for f in batch.facts if f.framework == "ilacs"]
    for f in ilacs:
        name = f"{Path(f.path).parent.name}/{Path(f.path).name}"
        o = by_pub.get((f.gss, f.published)) or by_start.get((f.gss, f.start))
        if o is None:
            misses.append(f"{name}: no row of the official file for {f.gss} "
                          f"published {f.published}")
            continue
        date_hits[1] += 1
        if f.start == o["start"]:
            date_hits[0] += 1
        else:
            misses.append(f"{name}: start {f.start}, official {o['start']}")
        type_hits[1] += 1
        if f.type == o["type"]:
            type_hits[0] += 1
        else:
            misses.append(f"{name}: type {f.type}, official {o['type']}")
        for area, grade in o["grades"].items():
            area_hits[area][1] += 1
            got = f.judgement(area)
            if got == grade:
                area_hits[area][0] += 1
            else:
                misses.append(f"{name}: {area} {got or 'not found'}, official {grade}")
        extra = {j.area for j in f.judgements} - set(o["grades"])
        for area in sorted(extra):
            misses.append(f"{name}: {area} found but not in the official file")

    say(f"ILACS reports: {len(ilacs)}, matched to the official file: {date_hits[1]}")
    say(f"  inspection start date equal: {share(date_hits)}")
    say(f"  inspection type equal:       {share(type_hits)}")
    all_hits = [sum(h[0] for h in area_hits.values()), sum(h[1] for h in area_hits.values())]
    for area, hit in sorted(area_hits.items()):
        say(f"  {area:34} {share(hit)}")
    say(f"  all judgements:                     {share(all_hits)}")
    sif = [f for f in batch.facts if f.framework == "sif"]
    sif_full = 0
    for f in sif:
        need = SIF_AREAS if f.type == "sif-inspection" else ["lscb-review"]
        missing = [a for a in need if f.judgement(a) is None]
        if missing:
            misses.append(f"{Path(f.path).parent.name}/{Path(f.path).name}: SIF judgements "
                          f"not found: {', '.join(missing)}")
        else:
            sif_full += 1
    lscb = sum(1 for f in sif if f.judgement("lscb-review"))
    say(f"SIF reports: {len(sif)}, every judgement recognised in {sif_full} "
        f"({lscb} with an LSCB review judgement)")
    other = [f for f in batch.facts if f.framework not in ("ilacs", "sif")]
    if other:
        say(f"Other reports (2012-13 looked after children inspections): {len(other)}")
    recs = [len(f.recommendations) for f in batch.facts]
    passages = sum(len(f.passages) for f in batch.facts)
    leads = sum(1 for f in batch.facts if f.lead_inspectors)
    say(f"Recommendations per report: min {min(recs, default=0)}, median "
        f"{sorted(recs)[len(recs) // 2] if recs else 0}, max {max(recs, default=0)}, "
        f"total {sum(recs)}; reports with none: {sum(1 for r in recs if r == 0)}")
    say(f"Passages: {passages}; lead inspector named in {leads} of {len(batch.facts)} reports")
    uncertain = [(f, u) for f in batch.facts for u in f.uncertain]
    say(f"Uncertain reads (not written as grades): {len(uncertain)}")
    for f, u in uncertain:
        say(f"  - {Path(f.path).parent.name}/{Path(f.path).name}: {u.area}, page {u.page}: "
            f"{u.reason}")
    say(f"Repeated recommendations (ig:repeats, national): {batch.repeats}")
    scored = None
    if key is not None and key.is_file():
        scored = score_key(batch.facts, read_key(key))

        say(f"SIF answer key ({key.name}): whole table right {share(scored['tables'])}, "
            f"recommendation counts {share(scored['recommendations'])}, lead inspectors "
            f"{share(scored['leads'])}, wrong grades without a warning {scored['unwarned']}")
        misses += [f"answer key: {m}" for m in scored["misses"]]
    ilacs_scored = None
    if ilacs_key is not None and ilacs_key.is_file():
        ilacs_scored = score_ilacs_key(batch.facts, read_key(ilacs_key))

        say(f"ILACS answer key ({ilacs_key.name}): whole table right "
            f"{share(ilacs_scored['tables'])}, start and type "
            f"{share(ilacs_scored['dates'])}, recommendation counts "
            f"{share(ilacs_scored['recommendations'])}, lead inspectors "
            f"{share(ilacs_scored['leads'])}")
        misses += [f"ILACS answer key: {m}" for m in ilacs_scored["misses"]]
    themes = None
    if themes_key is not None and themes_key.is_file():
        themes = score_themes(batch.facts, read_themes_key(themes_key))
        for line in themes_lines(themes, themes_key.name):
            say(line)
    say("Recommendations found, per report (council, framework, fieldwork start: count):")
    cells = sorted(f"{(f.council_label or f.council_name)[:22]} {f.framework} {f.start}: "
                   f"{len(f.recommendations)}" for f in batch.facts)
    for i in range(0, len(cells), 3):
        say("  " + "".join(f"{c:44}" for c in cells[i:i + 3]).rstrip())
    for f in batch.facts:
        if not f.recommendations:
            misses.append(f"{Path(f.path).parent.name}/{Path(f.path).name}: no recommendations")
    say(f"Misses: {len(misses)}")
    for m in misses:
        say(f"  - {m}")
    say(f"Total time: {elapsed:.1f} s for {total} files")
    return {"seconds": elapsed, "parsed": len(batch.facts), "failed": len(batch.failed),
            "dates": date_hits, "types": type_hits, "judgements": all_hits,
            "sif_full": sif_full, "sif": len(sif), "misses": misses,
            "uncertain": len(uncertain), "repeats": batch.repeats, "key": scored,
            "ilacs_key": ilacs_scored,
            "themes": themes, "pdftotext_seconds": alone,
            "ratio": ratio, "workers": workers, "cpu_ratio": cpu_ratio}


def compare_extractors(reports: Path, outcomes: Path) -> None:
    """Accuracy and speed of each extractor (one process, the same reader)."""
    from graph.sources.reports.pdftext import EXTRACTORS

    print(f"{'extractor':15} {'seconds':>8} {'parsed':>7} {'ILACS dates':>12} "
          f"{'ILACS grades':>13} {'SIF complete':>13}")
    for name in EXTRACTORS:
        try:
            r = run(reports, outcomes, extractor=name, quiet=True, workers=1, baseline=False)
        except ImportError as exc:
            print(f"{name:15} not installed ({exc.name})")
            continue

        def pct(h):
            return f"{100 * h[0] / h[1]:.1f}%" if h[1] else "-"

        print(f"{name:15} {r['seconds']:8.1f} {r['parsed']:7d} {pct(r['dates']):>12} "
              f"{pct(r['judgements']):>13} {r['sif_full']:>6}/{r['sif']:<6}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=SHARED / "ofsted-reports")
    parser.add_argument("--outcomes", type=Path, default=SHARED / "dfe" / "csv")
    parser.add_argument("--extractor", default=None)
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (every core by default)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run pdftotext alone and the import in turn this many times; "
                             "print the turn with the median ratio")
    parser.add_argument("--compare-extractors", action="store_true",
                        help="run every extractor once (serially) and print one line each")
    args = parser.parse_args(argv)
    if not args.reports.is_dir():
        print(f"{args.reports} is not a folder of reports", file=sys.stderr)
        return 2
    if args.compare_extractors:
        compare_extractors(args.reports, args.outcomes)
        return 0
    run(args.reports, args.outcomes, extractor=args.extractor, workers=args.workers,
        repeat=args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
