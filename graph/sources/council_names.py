"""Council names as sources write them, resolved to GSS codes.

Reports write a council's name in many ways ("West Sussex County Council",
"Bristol City of", "Metropolitan Borough of Rotherham", "Inspection of
Bournemouth, Christchurch and Poole local authority children's services").
:class:`CouncilNames` compares names with the words that do not identify a
council removed, against a bundled table of English councils (GSS code, DfE
code, Ofsted URN, name and other names: facts, written down by the project in
``graph/data/council-names.csv``), optionally extended by Ofsted's
``Provider_data_lookup.csv``.

Examples
--------
>>> names = CouncilNames.bundled()
>>> names.resolve("West Sussex County Council").gss
'E10000032'
>>> names.resolve("Bristol City of").gss, names.resolve("Metropolitan Borough of Rotherham").gss
('E06000023', 'E08000018')
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.errors import ImportFormatError
from graph.files import DATA_DIR

__all__ = ["Council", "CouncilNames", "name_key", "LOOKUP_FILE"]

TABLE = DATA_DIR / "council-names.csv"
LOOKUP_FILE = "Provider_data_lookup.csv"
_NOISE = {"council", "county", "city", "borough", "metropolitan", "district", "of", "the",
          "royal", "childrens", "services", "service", "local", "authority", "safeguarding",
          "children", "board", "london", "and", "mbc", "cc", "lb"}


def name_key(name: str) -> str:
    """A council name with the words that do not identify it removed.

    >>> name_key("Southend-on-Sea city council"), name_key("Bournemouth, Christchurch & Poole")
    ('southend on sea', 'bournemouth christchurch poole')
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "").replace("&", " and ")
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _NOISE]
    return " ".join(words)


@dataclass(frozen=True)
class Council:
    """A council of the table."""

    gss: str
    dfe_code: str
    name: str
    urn: str = ""


@dataclass
class CouncilNames:
    """Council names and Ofsted URNs, resolved to councils."""

    by_key: dict[str, Council] = field(default_factory=dict)
    by_urn: dict[str, Council] = field(default_factory=dict)

    def add(self, council: Council, names: list[str]) -> None:
        for name in [council.name, *names]:
            key = name_key(name)
            if key:
                self.by_key.setdefault(key, council)
        if council.urn:
            self.by_urn[council.urn] = council

    @classmethod
    def bundled(cls) -> CouncilNames:
        """The bundled table (a fresh copy, so callers may extend it)."""
        table = _bundled()
        return cls(dict(table.by_key), dict(table.by_urn))

    def add_lookup(self, path: str | Path) -> None:
        """Add the councils of Ofsted's ``Provider_data_lookup.csv``.

        Raises
        ------
        ImportFormatError
            The file lacks the URN, code or name columns.
        """
        path = Path(path)
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            need = {"urn", "la_code", "la_code_new", "local_authority_ons_name"}
            missing = need - set(reader.fieldnames or [])
            if missing:
                raise ImportFormatError(str(path), "not an Ofsted provider lookup: no "
                                        + ", ".join(sorted(missing)) + " column")
            for row in reader:
                gss = (row.get("la_code_new") or "").strip()
                if not re.fullmatch(r"E\d{8}", gss):
                    continue
                council = Council(gss, row["la_code"].strip(),
                                  row["local_authority_ons_name"].strip(), row["urn"].strip())
                others = [a.strip() for a in (row.get("also_known_as") or "").strip("[]")
                          .split(",") if a.strip()]
                self.by_urn[council.urn] = council
                self.add(council, others)

    @classmethod
    def for_report(cls, report: str | Path) -> CouncilNames:
        """The bundled table plus the lookup CSV found beside the report or above it."""
        names = cls.bundled()
        lookup = find_lookup(Path(report).resolve().parent)
        if lookup is not None:
            names.add_lookup(lookup)
        return names

    def resolve(self, name: str, *, folder: str | None = None) -> Council | None:
        """The council a name (or a ``{URN}_{name}`` folder) designates, or None."""
        key = name_key(name)
        council = self.by_key.get(key)
        if council is None and key:
            # "Inspection of Kent County Council" style leftovers: try a known name inside
            matches = {c for k, c in self.by_key.items() if re.search(rf"\b{re.escape(k)}\b", key)}
            if len(matches) == 1:
                council = matches.pop()
        if council is None and folder:
            m = re.match(r"(\d+)_(.*)", folder)
            if m is not None:
                council = self.by_urn.get(m.group(1)) or self.by_key.get(name_key(m.group(2)))
        return council


@lru_cache(maxsize=1)
def _bundled() -> CouncilNames:
    names = CouncilNames()
    with open(TABLE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            council = Council(row["gss"], row["dfe_code"], row["name"], row["ofsted_urn"])
            names.add(council, [n for n in row["other_names"].split(";") if n])
    return names


@lru_cache(maxsize=64)
def find_lookup(folder: Path) -> Path | None:
    """``Provider_data_lookup.csv`` in ``folder`` or up to two folders above, or None."""
    for candidate in (folder, folder.parent, folder.parent.parent):
        path = candidate / LOOKUP_FILE
        if path.is_file():
            return path
    return None
