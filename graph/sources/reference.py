"""Reference entities: organisations every record may name without defining them.

Every council of the council-name table (``council:E10000032`` by GSS code, or
``council:west-sussex`` by a name of the table), and the inspectorates, government
departments and publishers of ``graph/data/reference-organisations.csv`` (``ofsted``,
``department-for-education`` or ``dfe`` ...). A record refers to them by id; a build
adds the entities it uses, in the named graph of the reference source.

Examples
--------
>>> ref = reference_entities()
>>> ref.lookup("council:west-sussex").id, ref.lookup("dfe").id
('council:E10000032', 'department-for-education')
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from graph.files import DATA_DIR

__all__ = ["REFERENCE_SOURCE", "REFERENCE_FILE", "ReferenceEntity", "ReferenceEntities",
           "reference_entities", "COUNCIL_PREFIX"]

REFERENCE_SOURCE = "inspection-graph-reference"
REFERENCE_FILE = DATA_DIR / "reference-organisations.csv"
COUNCIL_PREFIX = "council:"
COUNCIL_REF = re.compile(r"^council:[A-Za-z0-9][A-Za-z0-9-]*$")


@dataclass(frozen=True)
class ReferenceEntity:
    """An organisation a record can refer to without defining it."""

    id: str
    type: str
    label: str
    alt_labels: tuple[str, ...] = ()
    gss: str | None = None
    dfe_code: str | None = None


@dataclass
class ReferenceEntities:
    """The reference organisations by id and by every accepted spelling of their id."""

    by_id: dict[str, ReferenceEntity] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def lookup(self, ref: str) -> ReferenceEntity | None:
        """The entity an id names (``council:GSS``, ``council:NAME``, an id or an alias)."""
        key = self.aliases.get(ref, ref)
        return self.by_id.get(key)

    def ids(self) -> list[str]:
        """Every documented id: the organisations' ids, then councils by GSS code."""
        return sorted(self.by_id, key=lambda i: (i.startswith(COUNCIL_PREFIX), i))


def _council_label(name: str) -> str:
    """ "Bristol, City of" -> "Bristol"; other names stay as the table writes them."""
    return name.split(", ")[0] if name.endswith(", City of") else name


@lru_cache(maxsize=1)
def reference_entities() -> ReferenceEntities:
    """The bundled reference entities (councils and ``reference-organisations.csv``)."""
    from graph.sources.council_names import TABLE
    from graph.vocab import slug

    out = ReferenceEntities()
    with open(REFERENCE_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            others = tuple(n for n in row["other_names"].split(";") if n)
            out.by_id[row["id"]] = ReferenceEntity(row["id"], row["type"], row["label"], others)
            for alias in filter(None, row["aliases"].split(";")):
                out.aliases[alias] = row["id"]
    with open(TABLE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            ref = COUNCIL_PREFIX + row["gss"]
            label = _council_label(row["name"])
            others = [n for n in row["other_names"].split(";") if n]
            if row["name"] != label:
                others.insert(0, row["name"])
            out.by_id[ref] = ReferenceEntity(ref, "council", label, tuple(others), row["gss"],
                                             row["dfe_code"])
            for name in [label, *others]:
                out.aliases.setdefault(COUNCIL_PREFIX + slug(name), ref)
    return out
