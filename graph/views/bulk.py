"""Named queries answered for many values of their parameter at once, rows grouped by value.

A council page reads eight named queries, each with ``council`` bound
(:data:`graph.views.council.COUNCIL_QUERIES`). Run once per council, that is
eight queries a page; :func:`bulk_rows` answers each of them once for every
council instead. It rewrites the named query (:func:`bulk_sparql`): the
parameter becomes a variable, limited by a ``VALUES`` block to the values asked
for in every group that reads it (so that a ``BIND`` or ``FILTER`` of a nested
group sees one value, as it sees the bound parameter), projected by every
``SELECT`` whose pattern reads it, and grouped by where that ``SELECT`` groups.
For each value, its rows are those the named query gives with the value bound,
in the same order. The tests compare the two, page by page, on sample
councils of the national graph.

Examples
--------
>>> q = "SELECT ?x WHERE { ?x ig:subject ?council }"
>>> print(bulk_sparql(q, "council", ["https://example.org/c/1"]))
SELECT ?council ?x WHERE { VALUES ?council { <https://example.org/c/1> } ?x ig:subject ?council }
"""

from __future__ import annotations

from collections import defaultdict

from graph.errors import QueryError

__all__ = ["bulk_sparql", "bulk_rows"]

_AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"})
_AFTER_GROUP = frozenset({"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"})


def bulk_sparql(sparql: str, param: str, values: list[str]) -> str:
    """``sparql`` with the variable ``?param`` free, projected first and limited to ``values``.

    Every ``SELECT`` (the query's and its subqueries') whose pattern mentions
    ``?param`` projects it (first, unless it does already), groups by it when
    it groups or aggregates, and opens its pattern with ``VALUES ?param {...}``.

    Parameters
    ----------
    sparql : str
        A ``SELECT`` query in which ``?param`` is not projected (a named query's parameter).
    param : str
        The variable's name, without ``?``.
    values : list of str
        IRIs the variable takes.

    Returns
    -------
    str
        The query, its first column the value of ``?param``.

    Raises
    ------
    QueryError
        A query with ``LIMIT`` or ``OFFSET`` in a ``SELECT`` that mentions ``?param``
        (its answer for several values is not the answers for each), or with
        ``?param`` assigned (``AS ?param``).

    Examples
    --------
    >>> q = "SELECT ?i (MAX(?s) AS ?start) WHERE { ?i ig:subject ?c ; ig:start ?s } GROUP BY ?i"
    >>> print(bulk_sparql(q, "c", ["http://x/1", "http://x/2"]))  # doctest: +NORMALIZE_WHITESPACE
    SELECT ?c ?i (MAX(?s) AS ?start) WHERE { VALUES ?c { <http://x/1> <http://x/2> }
    ?i ig:subject ?c ; ig:start ?s } GROUP BY ?c ?i
    """
    from rdflib import URIRef

    from graph.sparql.text import sparql_term, tokens

    toks = list(tokens(sparql))
    names = {f"?{param}", f"${param}"}
    block = "VALUES ?{} {{ {} }}".format(
        param, " ".join(sparql_term(URIRef(v)) for v in values))
    inserts: list[tuple[int, str]] = []  # (offset in sparql, text to insert there)
    closing = _closing(toks)
    for i, tok in enumerate(toks):
        if tok.text != "{" or not _mentions(toks, i, closing[i], names):
            continue
        before = toks[i - 1].text.upper() if i else ""
        if before == "EXISTS" or _values_data(toks, i) or (
                toks[i + 1].kind == "word" and toks[i + 1].text.upper() == "SELECT"):
            continue  # EXISTS sees the solution's value; a data block; a subquery's braces
        inserts.append((tok.start + 1, f" {block}"))
    for i, tok in enumerate(toks):
        if tok.kind != "word" or tok.text.upper() != "SELECT":
            continue
        j = i + 1
        if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() in (
                "DISTINCT", "REDUCED"):
            j += 1
        after_select = toks[j - 1].start + len(toks[j - 1].text)
        k = j  # the projection runs to the pattern's opening brace
        while toks[k].text != "{":
            k += 1
        projection = toks[j:k]
        close = closing[k]
        if not _mentions(toks, k, close, names):
            continue
        words = [t.text.upper() for t in projection if t.kind == "word"]
        if any(t.kind == "var" and t.text in names and p.text.upper() == "AS"
               for p, t in zip(projection, projection[1:], strict=False)):
            raise QueryError(f"?{param} is assigned in the query (AS ?{param})")
        parens, projected = 0, bool(projection) and projection[0].text == "*"
        for t in projection:
            parens += (t.text == "(") - (t.text == ")")
            projected = projected or (parens == 0 and t.kind == "var" and t.text in names)
        if not projected:
            inserts.append((after_select, f" ?{param}"))
        m = close + 1
        tail = []
        while m < len(toks) and toks[m].depth == tok.depth and toks[m].text not in ("}", "{"):
            tail.append(toks[m])
            m += 1
        tail_words = [t.text.upper() for t in tail if t.kind == "word"]
        if "LIMIT" in tail_words or "OFFSET" in tail_words:
            raise QueryError(f"a SELECT that reads ?{param} has LIMIT or OFFSET")
        if "GROUP" in tail_words:
            by = next(n for n, t in enumerate(tail) if t.text.upper() == "BY")
            keys = []
            for t in tail[by + 1:]:
                if t.kind == "word" and t.text.upper() in _AFTER_GROUP:
                    break
                keys.append(t)
            if not any(t.kind == "var" and t.text in names for t in keys):
                inserts.append((tail[by].start + 2, f" ?{param}"))
        elif _AGGREGATES & set(words):
            inserts.append((toks[close].start + 1, f" GROUP BY ?{param}"))
    out, last = [], 0
    for at, text in sorted(inserts, key=lambda x: x[0]):
        out.append(sparql[last:at])
        out.append(text)
        last = at
    out.append(sparql[last:])
    return "".join(out)


def _closing(toks) -> dict[int, int]:
    """Index of each ``{`` -> index of its ``}``."""
    out, stack = {}, []
    for i, t in enumerate(toks):
        if t.text == "{":
            stack.append(i)
        elif t.text == "}":
            out[stack.pop()] = i
    return out


def _mentions(toks, start: int, end: int, names: set[str]) -> bool:
    return any(t.kind == "var" and t.text in names for t in toks[start:end])


def _values_data(toks, i: int) -> bool:
    """Whether the brace at ``i`` opens the data of a ``VALUES`` block."""
    j = i - 1
    while j >= 0 and (toks[j].kind == "var" or toks[j].text in "()"):
        j -= 1
    return j >= 0 and j < i - 1 and toks[j].kind == "word" and toks[j].text.upper() == "VALUES"


def _split_order(sparql: str) -> tuple[str, list[tuple[str, bool]] | None]:
    """The query without its ``ORDER BY`` and the keys (variable, descending) it sorted by,
    when every key is a variable (``?v``, ``ASC(?v)``, ``DESC(?v)``); else as it is, None."""
    from graph.sparql.text import tokens

    toks = list(tokens(sparql))
    at = next((i for i, t in enumerate(toks) if t.depth == 0 and t.kind == "word"
               and t.text.upper() == "ORDER"), None)
    if at is None or at + 1 >= len(toks) or toks[at + 1].text.upper() != "BY":
        return sparql, None
    keys, i = [], at + 2
    while i < len(toks):
        t = toks[i]
        if t.kind == "var":
            keys.append((t.text[1:], False))
            i += 1
        elif (t.kind == "word" and t.text.upper() in ("ASC", "DESC") and i + 3 < len(toks)
              and [x.text for x in toks[i + 1:i + 4:2]] == ["(", ")"]
              and toks[i + 2].kind == "var"):
            keys.append((toks[i + 2].text[1:], t.text.upper() == "DESC"))
            i += 4
        else:
            return sparql, None
    return sparql[:toks[at].start].rstrip() + "\n", keys


_NUMERIC = frozenset(f"http://www.w3.org/2001/XMLSchema#{name}" for name in (
    "integer", "decimal", "float", "double", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))


def order_key(term) -> tuple:
    """A sort key that orders RDF terms as SPARQL's ``ORDER BY`` does: unbound first, then
    blank nodes, IRIs, literals; numbers by value, other literals by their text.

    >>> from rdflib import Literal, URIRef
    >>> sorted([Literal(10), None, Literal(9), URIRef("http://x")], key=order_key)
    [None, rdflib.term.URIRef('http://x'), rdflib.term.Literal('9', \
datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), \
rdflib.term.Literal('10', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))]
    """
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return (0, 0, 0, "")
    if isinstance(term, BNode):
        return (1, 0, 0, "")
    if isinstance(term, URIRef):
        return (2, 0, 0, str(term))
    if isinstance(term, Literal) and term.datatype is not None \
            and str(term.datatype) in _NUMERIC:
        try:
            return (3, 0, float(term.toPython()), "")
        except (TypeError, ValueError):
            pass
    return (3, 1, 0, str(term))


def bulk_rows(kg, name: str, param: str, values: list[str]) -> dict[str, list[list]]:
    """The rows of the named query ``name`` for each value of its parameter ``param``.

    One query for all ``values`` (:func:`bulk_sparql`); each value's rows are those
    ``kg.query_named(name, **{param: value})`` gives, as text (``None`` where unbound),
    in its order. A query sorted by variables is sorted here, value by value
    (:func:`order_key`): a store sorts many rows more slowly than Python does.

    Returns
    -------
    dict
        Value (IRI) -> rows (lists of ``str`` or ``None``); every value has an entry.
    """
    from graph.queries.library import get_query
    from graph.sparql.text import prefixed, user_lines
    from graph.store.derived import require_derived

    query = get_query(name)
    if param not in {p.name for p in query.params}:
        raise QueryError(f"query {name!r} has no parameter {param!r}")
    grouped: dict[str, list[tuple]] = defaultdict(list)
    if values:
        require_derived(kg.store, query.sparql, query.name)
        text, keys = _split_order(bulk_sparql(query.sparql, param, values))
        try:
            result = kg.store.query(prefixed(text))
        except QueryError as exc:
            raise type(exc)(f"{name} (for every {param}): {user_lines(exc)}") from None
        for row in result.rows:
            grouped[str(row[0])].append(row[1:])
        if keys:
            column = {v: i for i, v in enumerate(result.vars[1:])}
            for rows in grouped.values():
                for var, descending in reversed(keys):  # stable sorts, the last key first
                    i = column[var]
                    rows.sort(key=lambda r: order_key(r[i]), reverse=descending)
    return {v: [[None if x is None else str(x) for x in row] for row in grouped.get(v, [])]
            for v in values}
