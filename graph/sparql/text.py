"""SPARQL as text: a small lexer, safe term syntax, parameters, and the project's prefixes.

The stores and the endpoint need a few facts about a query without running it
(its form, its ``FROM`` graphs, whether it calls ``SERVICE``) and a safe way to
write a value into a query. A lexer that knows strings, IRIs and comments is
enough for both; parsing is left to the store.

Examples
--------
>>> query_form("PREFIX ig: <x#> SELECT * WHERE { ?s ?p ?o }")
'SELECT'
>>> from rdflib import Literal, URIRef
>>> sparql_term(Literal('say "hi"'))
'"say \\\\"hi\\\\""'
>>> substitute("SELECT ?x WHERE { ?x ?p ?o }", {"p": URIRef("http://x/p")})
'SELECT ?x WHERE { ?x <http://x/p> ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graph.errors import QueryError

__all__ = ["Token", "tokens", "query_form", "dataset_clauses", "service_calls",
           "substitute", "sparql_term", "projection", "nt_term", "UPDATE_KEYWORDS",
           "prefixed", "user_lines", "to_term"]

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<pname>(?<![\w.\-\u00b7\u00c0-\uffff])  # only where a name starts: linear
             (?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?
             :(?:[\w\-.:%\\\u00b7\u00c0-\uffff]*))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

#: Keywords that only SPARQL Update (or a graph-management operation) uses.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                             "MOVE", "COPY", "WITH"})
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


@dataclass(frozen=True)
class Token:
    """One lexical unit of a query: ``kind`` is ws-free (string, iri, var, pname, word, other)."""

    kind: str
    text: str
    start: int
    depth: int  # nesting of braces before this token


def tokens(sparql: str) -> Iterator[Token]:
    """The tokens of ``sparql`` (whitespace and comments left out), with brace depth.

    >>> [t.text for t in tokens("ASK { ?s <a#b> 'x # y' } # note")]
    ['ASK', '{', '?s', '<a#b>', "'x # y'", '}']
    """
    depth = 0
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        text = m.group()
        if text == "}":
            depth -= 1
        yield Token(kind, text, m.start(), depth)
        if text == "{":
            depth += 1


def query_form(sparql: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``ASK``, ``DESCRIBE``, or ``UPDATE`` for an update request.

    >>> query_form("INSERT DATA { <a> <b> <c> }")
    'UPDATE'
    """
    for tok in tokens(sparql):
        if tok.kind == "word" and tok.depth == 0:
            word = tok.text.upper()
            if word in _FORMS:
                return word
            if word in UPDATE_KEYWORDS:
                return "UPDATE"
    return "UNKNOWN"


def _prefixes(toks: list[Token]) -> dict[str, str]:
    out = {}
    for i, tok in enumerate(toks[:-2]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and toks[i + 1].kind == "pname" \
                and toks[i + 2].kind == "iri":
            out[toks[i + 1].text.split(":", 1)[0]] = toks[i + 2].text[1:-1]
    return out


def dataset_clauses(sparql: str) -> tuple[list[str], list[str]]:
    """The IRIs of the query's ``FROM`` and ``FROM NAMED`` clauses (prefixed names expanded).

    >>> dataset_clauses("PREFIX g: <http://x/> SELECT * FROM g:a FROM NAMED <http://y> {}")
    (['http://x/a'], ['http://y'])
    """
    toks = list(tokens(sparql))
    prefixes = _prefixes(toks)
    default, named = [], []
    for i, tok in enumerate(toks):
        if not (tok.kind == "word" and tok.text.upper() == "FROM" and tok.depth == 0):
            continue
        j, into = i + 1, default
        if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "NAMED":
            j, into = j + 1, named
        if j >= len(toks):
            continue
        target = toks[j]
        if target.kind == "iri":
            into.append(target.text[1:-1])
        elif target.kind == "pname":
            prefix, _, local = target.text.partition(":")
            into.append(prefixes.get(prefix, prefix + ":") + local)
    return default, named


def projection(sparql: str) -> set[str] | None:
    """The variables a SELECT query projects, or ``None`` for ``SELECT *`` and other forms.

    >>> sorted(projection("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b }"))
    ['a', 'n']
    """
    toks = list(tokens(sparql))
    start = next((i for i, t in enumerate(toks) if t.kind == "word" and t.depth == 0
                  and t.text.upper() in _FORMS), None)
    if start is None or toks[start].text.upper() != "SELECT":
        return None
    names: set[str] = set()
    parens = 0
    for i in range(start + 1, len(toks)):
        tok = toks[i]
        if tok.text == "{" or (tok.kind == "word" and tok.text.upper() in ("WHERE", "FROM")):
            break
        if tok.text == "*" and parens == 0:
            return None
        parens += (tok.text == "(") - (tok.text == ")")
        if tok.kind == "var" and (parens == 0 or toks[i - 1].text.upper() == "AS"):
            names.add(tok.text[1:])
    return names


def service_calls(sparql: str) -> bool:
    """True when the query uses ``SERVICE`` (a federated call to another endpoint)."""
    return any(t.kind == "word" and t.text.upper() == "SERVICE" for t in tokens(sparql))


_IRI_OK = re.compile(r"^[^<>\"{}|^`\\\x00-\x20]*$")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
          "\f": "\\f"}
_ECHAR_RE = re.compile(r'[\\"\n\r\t\b\f]')
_BNODE_OK = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _iri(value: str) -> str:
    if not _IRI_OK.match(value):
        raise QueryError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def sparql_term(term: Any) -> str:
    """An rdflib term written as SPARQL (and N-Triples) syntax, escaped so it cannot break out.

    Raises
    ------
    QueryError
        An IRI holding characters IRIs may not hold, or a language tag that is not one.
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        text = '"' + _ECHAR_RE.sub(lambda m: _ECHAR[m.group()], str(term)) + '"'
        if term.language:
            if not re.match(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$", term.language):
                raise QueryError(f"not a language tag: {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype and str(term.datatype) != XSD_STRING:
            return f"{text}^^{_iri(str(term.datatype))}"
        return text
    if isinstance(term, BNode):
        label = str(term)
        if not _BNODE_OK.match(label):
            label = "b" + re.sub(r"[^A-Za-z0-9]", "x", label)
        return f"_:{label}"
    raise QueryError(f"cannot write {term!r} as a SPARQL term")


nt_term = sparql_term  # the N-Triples form is the same for the terms the project writes


def substitute(sparql: str, bindings: Mapping[str, Any]) -> str:
    """``sparql`` with each bound variable replaced by its value, written safely.

    This is pre-binding (as rdflib's ``initBindings`` and Oxigraph's
    ``substitutions`` do): the value stands wherever the variable stood, also
    inside nested groups and filters. Values are written with
    :func:`sparql_term`, so text from a user can never change the query's
    structure. A projected variable keeps its column: ``SELECT ?c`` becomes
    ``SELECT (<value> AS ?c)``.

    Raises
    ------
    QueryError
        A variable name that is not one, a blank node value, or a variable the
        query assigns itself (``AS ?x``, ``VALUES ?x``).

    Examples
    --------
    >>> from rdflib import Literal
    >>> q = "SELECT ?c WHERE { ?c ?p ?o FILTER(?o = ?t) }"
    >>> print(substitute(q, {"t": Literal('x"')}))
    SELECT ?c WHERE { ?c ?p ?o FILTER(?o = ("x\\"")) }
    >>> print(substitute("SELECT ?c WHERE { ?c ?p ?o }", {"c": Literal("x")}))
    SELECT ("x" AS ?c) WHERE { "x" ?p ?o }
    """
    from rdflib import BNode

    if not bindings:
        return sparql
    written = {}
    for name, term in bindings.items():
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
        if isinstance(term, BNode):
            raise QueryError(f"cannot bind ?{name} to a blank node")
        written[name] = sparql_term(term)
    out, last = [], 0
    clause, parens, in_values = None, 0, False
    toks = list(tokens(sparql))
    for i, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        if word == "SELECT":
            clause = "select"
        elif word in ("ORDER", "GROUP", "HAVING"):
            clause = "modifier"
        elif word in ("WHERE", "LIMIT", "OFFSET") or tok.text in ("{", "}"):
            clause = None
        if word == "VALUES":
            in_values = True
        elif tok.text == "{":
            in_values = False
        parens += (tok.text == "(") - (tok.text == ")")
        if tok.kind != "var" or tok.text[1:] not in written:
            continue
        name = tok.text[1:]
        previous = toks[i - 1].text.upper() if i else ""
        if previous == "AS" or in_values:
            raise QueryError(f"cannot bind ?{name}: the query assigns it itself")
        value = written[name]
        if clause == "select" and parens == 0:
            value = f"({value} AS ?{name})"
        elif parens > 0 or clause == "modifier":
            value = f"({value})"
        out.append(sparql[last:tok.start])
        out.append(value)
        last = tok.start + len(tok.text)
    out.append(sparql[last:])
    return "".join(out)


_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w-]*)?:", re.IGNORECASE | re.MULTILINE)


def prefixed(sparql: str) -> str:
    """``sparql`` with the project's prefixes declared (those it does not declare itself).

    >>> prefixed("SELECT * WHERE { ?s a ig:Council }").count("PREFIX")
    28
    """
    from graph.vocab import PREFIXES

    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    head = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared)
    return head + "\n" + sparql if head else sparql


def user_lines(exc: QueryError) -> QueryError:
    """``exc`` with line numbers counted in the user's text (without the prefix line).

    >>> str(user_lines(QueryError("SPARQL syntax error at line 3, column 2: x")))
    'SPARQL syntax error at line 2, column 2: x'
    """
    def shift(m: re.Match) -> str:
        return f"{m.group(1)}{max(int(m.group(2)) - 1, 1)}{m.group(3)}"

    text = re.sub(r"(line )(\d+)(,)", shift, str(exc), count=1)
    text = re.sub(r"(error at )(\d+)(:)", shift, text, count=1)
    return QueryError(text)


def to_term(value: Any):
    """An RDF term for a Python value: IRIs for ``http(s)://`` and compact names.

    >>> to_term("igid:council/E10000032")
    rdflib.term.URIRef('https://w3id.org/inspection-graph/id/council/E10000032')
    >>> to_term(3)
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    from rdflib import Literal, URIRef
    from rdflib.term import Node

    from graph.vocab import PREFIXES

    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        if re.match(r"^https?://\S+$", value):
            return URIRef(value)
        prefix, sep, local = value.partition(":")
        if sep and prefix in PREFIXES and " " not in value:
            return URIRef(PREFIXES[prefix] + local)
    return Literal(value)
