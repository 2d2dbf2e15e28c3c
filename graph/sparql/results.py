"""Query results: rows of RDF terms, as Python values, tables, CSV or SPARQL JSON.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> r = QueryResult(["name", "n"], [(Literal("Ofsted"), Literal(3))])
>>> r.to_dicts()
[{'name': 'Ofsted', 'n': 3}]
>>> print(r.to_table())
name   | n
-------+--
Ofsted | 3
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["QueryResult", "term_to_python", "term_to_json"]


def term_to_python(term: Any) -> Any:
    """A native Python value for an RDF term: str for IRIs, int/float/date/str for literals."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return "_:" + str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if type(value).__name__ == "Decimal":
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, Literal):  # unknown datatype: its lexical form
            return str(value)
        return value
    return term


def term_to_json(term: Any) -> dict[str, str] | None:
    """An RDF term in the SPARQL 1.1 Query Results JSON form."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def _cell(term: Any) -> str:
    if term is None:
        return ""
    from rdflib import URIRef

    from graph.vocab import compact

    return compact(term) if isinstance(term, URIRef) else str(term)


@dataclass
class QueryResult:
    """The answer to a SPARQL query.

    ``vars`` names the columns and ``rows`` holds rdflib terms (``None`` where
    a variable is unbound). An ASK query has ``boolean`` set and no rows; a
    CONSTRUCT or DESCRIBE query has ``graph`` set.
    """

    vars: list[str]
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Any = None

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of native Python values (unbound variables left out)."""
        return [{v: term_to_python(t) for v, t in zip(self.vars, row, strict=True) if t is not None}
                for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """One column as native Python values."""
        i = self.vars.index(name)
        return [term_to_python(row[i]) for row in self.rows]

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (or N-Triples-free JSON-LD for graphs)."""
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean})
        if self.graph is not None:
            return self.graph.serialize(format="json-ld")
        bindings = [{v: term_to_json(t) for v, t in zip(self.vars, row, strict=True)
                     if t is not None} for row in self.rows]
        return json.dumps({"head": {"vars": self.vars}, "results": {"bindings": bindings}},
                          ensure_ascii=False)

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: full IRIs, plain lexical forms."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        if self.boolean is not None:
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return buf.getvalue()
        writer.writerow(self.vars)
        for row in self.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return buf.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: ``?var`` header, terms in N-Triples syntax."""
        from graph.sparql.text import sparql_term

        if self.boolean is not None:
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        lines = ["\t".join("?" + v for v in self.vars)]
        lines += ["\t".join("" if t is None else sparql_term(t) for t in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_xml(self) -> str:
        """SPARQL Query Results XML."""
        from xml.sax.saxutils import escape, quoteattr

        from rdflib import BNode, Literal

        out = ['<?xml version="1.0"?>',
               '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        if self.boolean is not None:
            out += ["</head>", f"<boolean>{'true' if self.boolean else 'false'}</boolean>",
                    "</sparql>"]
            return "\n".join(out) + "\n"
        out += [f"<variable name={quoteattr(v)}/>" for v in self.vars]
        out += ["</head>", "<results>"]
        for row in self.rows:
            out.append("<result>")
            for v, t in zip(self.vars, row, strict=True):
                if t is None:
                    continue
                if isinstance(t, Literal):
                    attr = (f" xml:lang={quoteattr(t.language)}" if t.language else
                            f" datatype={quoteattr(str(t.datatype))}" if t.datatype else "")
                    value = f"<literal{attr}>{escape(str(t))}</literal>"
                elif isinstance(t, BNode):
                    value = f"<bnode>{escape(str(t))}</bnode>"
                else:
                    value = f"<uri>{escape(str(t))}</uri>"
                out.append(f"<binding name={quoteattr(v)}>{value}</binding>")
            out.append("</result>")
        out += ["</results>", "</sparql>"]
        return "\n".join(out) + "\n"

    def to_table(self, max_width: int = 60) -> str:
        """A plain-text table with compact IRIs, for people."""
        if self.boolean is not None:
            return "true" if self.boolean else "false"
        if self.graph is not None:
            return self.graph.serialize(format="turtle")
        cells = [[_clip(_cell(t), max_width) for t in row] for row in self.rows]
        widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(self.vars)]
        def line(values: list[str]) -> str:
            return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        lines = [line(self.vars), "-+-".join("-" * w for w in widths)]
        lines += [line(r) for r in cells]
        return "\n".join(lines)

    def to_dataframe(self):
        """Rows as a pandas DataFrame (needs the optional ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            from graph.errors import InspectionGraphError

            raise InspectionGraphError("to_dataframe needs pandas: pip install "
                                       "'inspection-graph[pandas]'") from None
        return pd.DataFrame([[term_to_python(t) for t in row] for row in self.rows],
                            columns=self.vars)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
