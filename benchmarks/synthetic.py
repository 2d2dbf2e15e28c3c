"""Synthetic graphs in the project's model, for benchmarks only.

Everything generated here is marked synthetic: instance IRIs live under
``https://w3id.org/inspection-graph/synthetic/``, every triple is in a named
graph ``graph/synthetic-...``, council codes start ``E99`` (no real GSS code
does) and labels say "Synthetic". It is never mixed into the real exports.

The shape follows the real graph: councils with children's services units
and boards, posts and people whose tenures move between councils, inspection
histories (SIF then ILACS) with judgements, findings with themes and evidence
spans, recommendations, and workforce statistics per year.

Usage::

    python -m benchmarks.synthetic --triples 100000 --out /tmp/synthetic-100k.nq

Examples
--------
>>> lines = list(generate_nquads(triples=2_000, seed=1))
>>> len(lines) > 1_500, lines == list(generate_nquads(triples=2_000, seed=1))
(True, True)
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

BASE = "https://w3id.org/inspection-graph/"
IG = BASE + "def#"
SYN = BASE + "synthetic/"
SCHEME = BASE + "scheme/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"

GRADES = ["outstanding", "good", "requires-improvement", "inadequate"]
GRADE_WEIGHTS = [0.12, 0.45, 0.3, 0.13]
ILACS_AREAS = ["overall-effectiveness", "impact-of-leaders", "help-and-protection",
               "children-in-care-and-care-leavers"]
ILACS_AREAS_2023 = ["overall-effectiveness", "impact-of-leaders", "help-and-protection",
                    "children-in-care", "care-leavers"]
SIF_AREAS = ["overall-effectiveness", "help-and-protection", "looked-after-and-permanence",
             "adoption", "care-leavers", "leadership-management-governance"]
THEMES = ["workforce-stability", "leadership", "corporate-governance", "quality-assurance",
          "management-oversight", "supervision", "practice-quality", "drift-and-delay",
          "neglect", "front-door", "thresholds", "child-protection-planning", "visits",
          "children-in-care", "care-planning", "health-assessments", "foster-care",
          "independent-reviewing", "corporate-parenting", "childrens-voice", "recording",
          "partnership", "care-leavers", "caseloads"]
REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West"]
ROLES = ["director-of-childrens-services", "chief-executive", "council-leader", "lead-member"]
MEASURES = [("turnover-rate-fte", "percent", 15.0, 5.0), ("agency-rate-fte", "percent", 15.0, 8.0),
            ("vacancy-rate-fte", "percent", 17.0, 7.0), ("caseload-fte", "cases-per-worker", 16.0,
                                                         3.0),
            ("absence-rate-fte", "percent", 3.0, 1.0)]
TRIPLES_PER_COUNCIL = 2_750  # measured: keeps --triples close to the output size


def _lit(value: str, dtype: str | None = None, lang: str | None = None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{text}"@{lang}'
    if dtype:
        return f'"{text}"^^<{XSD}{dtype}>'
    return f'"{text}"'


def generate_nquads(triples: int = 100_000, seed: int = 0) -> Iterator[str]:
    """Yield N-Quads lines of a synthetic graph of about ``triples`` triples.

    Parameters
    ----------
    triples : int
        The approximate size wanted.
    seed : int
        The same seed gives the same lines, in the same order.
    """
    rng = random.Random(seed)
    councils = max(2, round(triples / TRIPLES_PER_COUNCIL))
    graph = f"<{BASE}graph/synthetic-{seed}-{triples}>"
    source = f"<{SYN}source/{seed}-{triples}>"

    def q(s: str, p: str, o: str) -> str:
        return f"{s} <{p}> {o} {graph} .\n"

    yield q(source, RDF_TYPE, f"<{IG}SourceDocument>")
    yield q(source, RDF_TYPE, f"<{IG}Dataset>")
    yield q(source, RDFS_LABEL, _lit(f"Synthetic benchmark data, seed {seed} (not real)"))
    yield q(source, IG + "textLength", _lit("1000000000", "integer"))
    ofsted = f"<{SYN}org/inspectorate>"
    yield q(ofsted, RDF_TYPE, f"<{IG}Inspectorate>")
    yield q(ofsted, RDFS_LABEL, _lit("Synthetic inspectorate"))
    people: list[str] = []
    for c in range(councils):
        gss = f"E99{c:06d}"
        council = f"<{SYN}council/{gss}>"
        name = f"Synthetic Council {c}"
        yield q(council, RDF_TYPE, f"<{IG}Council>")
        yield q(council, RDF_TYPE, f"<{ORG}FormalOrganization>")
        yield q(council, RDFS_LABEL, _lit(name))
        yield q(council, IG + "gssCode", _lit(gss))
        yield q(council, IG + "dfeCode", _lit(f"{c % 1000:03d}"))
        yield q(council, IG + "ofstedRegion", _lit(REGIONS[c % len(REGIONS)]))
        yield q(council, IG + "councilStatus", _lit("current"))
        for n in rng.sample(range(councils), k=min(10, councils - 1) if councils > 1 else 0):
            if n != c:
                yield q(council, IG + "statisticalNeighbour", f"<{SYN}council/E99{n:06d}>")
        units = []
        for kind, cls in (("childrens-services", "ChildrensServices"),
                          ("improvement-board", "ImprovementBoard"),
                          ("safeguarding-board", "SafeguardingChildrenBoard"),
                          ("corporate-parenting-panel", "Panel")):
            unit = f"<{SYN}org/{gss}-{kind}>"
            units.append(unit)
            yield q(unit, RDF_TYPE, f"<{IG}{cls}>")
            yield q(unit, RDFS_LABEL, _lit(f"{name} {kind.replace('-', ' ')}"))
            yield q(unit, ORG + "unitOf", council)
        for role in ROLES:
            post = f"<{SYN}post/{gss}/{role}>"
            yield q(post, RDF_TYPE, f"<{IG}Post>")
            yield q(post, RDFS_LABEL, _lit(f"{role.replace('-', ' ')}, {name}"))
            yield q(post, ORG + "postIn", council)
            yield q(post, IG + "role", f"<{SCHEME}role/{role}>")
            for t in range(2):
                if people and rng.random() < 0.3:
                    person = rng.choice(people)  # careers move between councils
                else:
                    person = f"<{SYN}person/{len(people)}>"
                    people.append(person)
                    yield q(person, RDF_TYPE, f"<{IG}Person>")
                    yield q(person, RDFS_LABEL, _lit(f"Synthetic Person {len(people) - 1}"))
                tenure = f"<{SYN}tenure/{gss}/{role}/{t}>"
                start = 2012 + t * 6 + rng.randrange(3)
                yield q(tenure, RDF_TYPE, f"<{IG}Tenure>")
                yield q(tenure, RDFS_LABEL, _lit(f"Tenure {t} of {role} at {name}"))
                yield q(tenure, IG + "holder", person)
                yield q(tenure, IG + "post", post)
                yield q(tenure, IG + "start", _lit(str(start), "gYear"))
                if t == 0:
                    yield q(tenure, IG + "end", _lit(str(start + 5), "gYear"))
                status = "former" if t == 0 else "current"
                yield q(tenure, IG + "tenureStatus", f"<{SCHEME}tenure-status/{status}>")
        previous = None
        for year in range(2012, 2026, 2):
            framework = "sif" if year < 2018 else "ilacs"
            areas = SIF_AREAS if framework == "sif" else (
                ILACS_AREAS_2023 if year >= 2023 else ILACS_AREAS)
            start = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            key = f"{gss}/{start}"
            insp = f"<{SYN}inspection/{key}>"
            yield q(insp, RDF_TYPE, f"<{IG}Inspection>")
            yield q(insp, RDFS_LABEL, _lit(f"Inspection of {name}, {start}"))
            yield q(insp, IG + "subject", council)
            yield q(insp, IG + "inspectorate", ofsted)
            yield q(insp, IG + "framework", f"<{SCHEME}framework/{framework}>")
            itype = "sif-inspection" if framework == "sif" else rng.choice(["standard", "short"])
            yield q(insp, IG + "inspectionType", f"<{SCHEME}inspection-type/{itype}>")
            yield q(insp, IG + "fieldworkStart", _lit(start, "date"))
            yield q(insp, IG + "published", _lit(f"{year}-12-31", "date"))
            yield q(insp, IG + "citedFrom", source)
            if previous:
                yield q(insp, IG + "previousInspection", previous)
            previous = insp
            grade = rng.choices(GRADES, GRADE_WEIGHTS)[0]
            for area in areas:
                j = f"<{SYN}judgement/{key}/{area}>"
                g = grade if rng.random() < 0.7 else rng.choices(GRADES, GRADE_WEIGHTS)[0]
                scheme = "sif-area" if framework == "sif" else "ilacs-area"
                yield q(insp, IG + "judgement", j)
                yield q(j, RDF_TYPE, f"<{IG}Judgement>")
                yield q(j, IG + "area", f"<{SCHEME}{scheme}/{area}>")
                yield q(j, IG + "grade", f"<{SCHEME}grade/{g}>")
            offset = rng.randrange(0, 10_000_000)
            for f in range(22):
                finding = f"<{SYN}finding/{key}/{f}>"
                span = f"<{SYN}span/{key}/{f}>"
                polarity = "weakness" if rng.random() < 0.6 else "strength"
                yield q(finding, RDF_TYPE, f"<{IG}Finding>")
                yield q(finding, IG + "statement", _lit(
                    f"Synthetic finding {f} about {name}: {rng.choice(THEMES)}", lang="en"))
                for theme in rng.sample(THEMES, 2):
                    yield q(finding, IG + "theme", f"<{SCHEME}theme/{theme}>")
                yield q(finding, IG + "polarity", f"<{SCHEME}polarity/{polarity}>")
                yield q(finding, IG + "concerns", rng.choice([council, *units]))
                yield q(finding, IG + "fromInspection", insp)
                yield q(finding, IG + "evidence", span)
                yield q(span, RDF_TYPE, f"<{IG}EvidenceSpan>")
                yield q(span, IG + "inSource", source)
                yield q(span, OA + "start", _lit(str(offset + f * 200), "integer"))
                yield q(span, OA + "end", _lit(str(offset + f * 200 + 150), "integer"))
                if f and rng.random() < 0.15:
                    yield q(f"<{SYN}finding/{key}/{f - 1}>", IG + "contributesTo", finding)
            for r in range(4):
                rec = f"<{SYN}recommendation/{key}/{r}>"
                yield q(rec, RDF_TYPE, f"<{IG}Recommendation>")
                yield q(rec, IG + "statement", _lit(f"Synthetic recommendation {r}", lang="en"))
                yield q(rec, IG + "fromInspection", insp)
                yield q(rec, IG + "theme", f"<{SCHEME}theme/{rng.choice(THEMES)}>")
                span = f"<{SYN}span/{key}/r{r}>"
                yield q(rec, IG + "evidence", span)
                yield q(span, RDF_TYPE, f"<{IG}EvidenceSpan>")
                yield q(span, IG + "inSource", source)
                at = offset + 5000 + r * 100
                yield q(span, OA + "start", _lit(str(at), "integer"))
                yield q(span, OA + "end", _lit(str(at + 90), "integer"))
        for year in range(2017, 2026):
            for measure, unit, mean, spread in MEASURES:
                stat = f"<{SYN}statistic/{gss}/{year}/{measure}>"
                value = max(0.0, rng.gauss(mean, spread))
                yield q(stat, RDF_TYPE, f"<{IG}Statistic>")
                yield q(stat, IG + "measure", _lit(measure))
                yield q(stat, IG + "value", _lit(f"{value:.1f}", "decimal"))
                yield q(stat, IG + "unit", _lit(unit))
                yield q(stat, IG + "period", _lit(str(year), "gYear"))
                yield q(stat, IG + "refArea", council)
                yield q(stat, IG + "citedFrom", source)


def write_nquads(path: str | Path, triples: int, seed: int = 0) -> int:
    """Write a synthetic graph to ``path`` (N-Quads); return the number of lines."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as fh:
        for line in generate_nquads(triples, seed):
            fh.write(line)
            n += 1
    tmp.replace(path)
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    n = write_nquads(args.out, args.triples, args.seed)
    print(f"wrote {n:,} quads to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
