"""The library of named queries: ``.rq`` files, their headers and parameters.

Named queries are ``.rq`` files in this folder (see ``docs/sparql.md``), each
opening with a comment header::

    # title: Councils currently inadequate
    # description: One sentence on what it answers.
    # param: council = council:E10000032 | The council (a GSS-keyed IRI)

A ``param`` line without ``= default`` names a required parameter. Parameters
are SPARQL variables of the same name, bound when the query runs. Reading the
headers needs no RDF library, so listing the queries stays cheap.

Examples
--------
>>> q = get_query("inspection-history")
>>> q.title
"A council's inspection history"
>>> [p.name for p in q.params]
['council']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import QueryError
from graph.sparql.text import to_term

__all__ = ["NamedQuery", "QueryParam", "list_queries", "get_query", "parse_header", "QUERY_DIR"]

QUERY_DIR = Path(__file__).parent  # the .rq files sit beside this module
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class QueryParam:
    """A parameter of a named query: a SPARQL variable bound at run time."""

    name: str
    default: str | None = None
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    """A named SPARQL query read from ``graph/queries/NAME.rq``."""

    name: str
    title: str
    description: str
    sparql: str
    params: tuple[QueryParam, ...] = field(default_factory=tuple)

    def bindings(self, **values: Any) -> dict[str, Any]:
        """Parameter values (defaults filled in) as RDF terms, keyed by variable name.

        Raises
        ------
        QueryError
            An unknown parameter, or a required one not given.
        """
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} "
                             f"(parameters: {expected})")
        out = {}
        for p in self.params:
            value = values.get(p.name, p.default)
            if value is None:
                raise QueryError(f"query {self.name!r} needs --param {p.name}=VALUE "
                                 f"({p.description or 'required'})")
            out[p.name] = _typed(value, p.default)
        return out


def _typed(value: Any, default: str | None) -> Any:
    """A parameter value as an RDF term, typed like its default (IRI, integer or text)."""
    if isinstance(value, str) and default is not None:
        if re.match(r"^-?\d+$", default) and re.match(r"^-?\d+$", value.strip()):
            value = int(value)
        elif _looks_like_iri(default) and not _looks_like_iri(value):
            prefix = default.split(":", 1)[0]
            if re.match(r"^[A-Za-z0-9][\w./-]*$", value) and not default.startswith("http"):
                value = f"{prefix}:{value}"  # council=E10000017 means council:E10000017
            else:
                raise QueryError(f"parameter value {value!r} is not an IRI (like {default})")
    return to_term(value)


def _looks_like_iri(text: str) -> bool:
    from graph.vocab import PREFIXES

    if re.match(r"^https?://\S+$", text):
        return True
    prefix, sep, _ = text.partition(":")
    return bool(sep) and prefix in PREFIXES and " " not in text


def parse_header(text: str, name: str = "query") -> tuple[str, str, tuple[QueryParam, ...]]:
    """Title, description and parameters from the comment lines opening a ``.rq`` file.

    Raises
    ------
    QueryError
        A header without a title, or a malformed ``param`` line (names the line).

    >>> parse_header("# title: T\\n# param: n = 3 | How many\\nSELECT * {}")[2]
    (QueryParam(name='n', default='3', description='How many'),)
    """
    title = description = ""
    params = []
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER.match(stripped)
        if not m:
            continue
        key, value = m.groups()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            pm = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*([^|]*?))?\s*(?:\|\s*(.*))?$",
                          value)
            if not pm:
                raise QueryError(f"{name}.rq:{lineno}: malformed param line (expected "
                                 "'# param: name = default | description')")
            pname, default, pdesc = pm.groups()
            params.append(QueryParam(pname, default or None, pdesc or ""))
    if not title:
        raise QueryError(f"{name}.rq:1: the header has no '# title:' line")
    return title, description, tuple(params)


def list_queries(folder: str | Path | None = None) -> list[NamedQuery]:
    """Every named query of ``folder`` (the bundled library by default), sorted by name."""
    folder = Path(folder) if folder is not None else QUERY_DIR
    return [_read(path) for path in sorted(folder.glob("*.rq"))]


def get_query(name: str, folder: str | Path | None = None) -> NamedQuery:
    """The named query ``name``.

    Raises
    ------
    QueryError
        No query of that name (the message lists the close names).
    """
    folder = Path(folder) if folder is not None else QUERY_DIR
    path = folder / f"{name}.rq"
    if not _NAME.match(name) or not path.is_file():
        import difflib

        names = [p.stem for p in sorted(folder.glob("*.rq"))]
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else \
            "; 'inspection-graph queries' lists them"
        raise QueryError(f"no named query {name!r}{hint}")
    return _read(path)


def _read(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    title, description, params = parse_header(text, path.stem)
    return NamedQuery(path.stem, title, description, text, params)
