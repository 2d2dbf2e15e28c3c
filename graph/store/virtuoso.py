"""Virtuoso's dialect: the query text adapted so that Virtuoso gives the standard answers.

:class:`~graph.store.remote.RemoteStore` sends every query for a Virtuoso
endpoint through :func:`adapt` first. Each rewrite gives the same answer on a
standard engine (Oxigraph, rdflib), so it changes nothing but Virtuoso's
departures from SPARQL 1.1 (Virtuoso Open Source 7.2):

- ``ORDER BY ?v`` sorts long strings and IRIs by Virtuoso's internal ids, not by
  their text; each key becomes two: numbers by value, then everything by its
  text (two, not more: Virtuoso refuses more than twenty keys to a sort).
- ``IF(cond, a, b)`` takes ``b`` when ``cond`` reads an unbound variable (SPARQL:
  an error, leaving the variable unbound); the condition's variables are checked
  first.
- ``CONTAINS``, ``STRSTARTS`` and ``STRENDS`` are false for the empty string
  (SPARQL: true).
- ``ASK`` can be true where the same pattern as a ``SELECT`` finds nothing (a
  ``GRAPH <iri>`` outside the named graphs given): it is sent as ``SELECT * ...
  LIMIT 1``, answered by whether a row came back.

Examples
--------
>>> adapt("SELECT ?n WHERE { ?s ?p ?n } ORDER BY ?n")[0]
'SELECT ?n WHERE { ?s ?p ?n } ORDER BY IF(isNumeric(?n), ?n, 0) STR(?n)'
"""

from __future__ import annotations

from graph.sparql.text import Token, tokens

__all__ = ["adapt"]

_STRING_TESTS = ("CONTAINS", "STRSTARTS", "STRENDS")
# a condition reading these already deals with unbound variables itself
_GUARDS = ("BOUND", "COALESCE", "IF", "EXISTS")
_UNBOUND = "?_unbound"
_ORDER_END = ("LIMIT", "OFFSET", "VALUES")


def adapt(text: str) -> tuple[str, bool]:
    """Virtuoso's form of a query, and whether it was an ``ASK`` (answered by rows).

    >>> adapt('ASK { ?s ?p ?o FILTER(CONTAINS(?o, "")) }')
    ('SELECT * { ?s ?p ?o FILTER((STRLEN("") = 0 || CONTAINS(?o, ""))) }\\nLIMIT 1', True)
    >>> adapt('SELECT (IF(?a < ?b, 1, 2) AS ?x) {}')[0]
    'SELECT (IF(BOUND(?a) && BOUND(?b), IF(?a < ?b, 1, 2), ?_unbound) AS ?x) {}'
    """
    toks = list(tokens(text))
    if not toks:
        return text, False
    body = _Rewriter(text, toks).emit(0, len(toks))
    out = text[:toks[0].start] + body + text[_end(toks[-1]):]
    for tok in tokens(out):
        if tok.kind == "word" and tok.depth == 0:
            word = tok.text.upper()
            if word == "ASK":
                return out[:tok.start] + "SELECT *" + out[tok.start + 3:] + "\nLIMIT 1", True
            if word in ("SELECT", "CONSTRUCT", "DESCRIBE"):
                break
    return out, False


def _end(tok: Token) -> int:
    return tok.start + len(tok.text)


class _Rewriter:
    def __init__(self, text: str, toks: list[Token]) -> None:
        self.text, self.toks = text, toks

    def _close(self, open_at: int) -> int:
        """The index of the ``)`` closing the ``(`` at ``open_at``."""
        depth = 0
        for k in range(open_at, len(self.toks)):
            t = self.toks[k].text
            if t == "(":
                depth += 1
            elif t == ")":
                depth -= 1
                if depth == 0:
                    return k
        return len(self.toks) - 1

    def _args(self, first: int, close: int) -> list[tuple[int, int]]:
        """Token ranges of the arguments between ``first`` and the ``)`` at ``close``."""
        ranges, start, depth = [], first, 0
        for k in range(first, close):
            t = self.toks[k].text
            if t in "([{" and self.toks[k].kind == "other":
                depth += 1
            elif t in ")]}" and self.toks[k].kind == "other":
                depth -= 1
            elif t == "," and depth == 0:
                ranges.append((start, k))
                start = k + 1
        ranges.append((start, close))
        return ranges

    def emit(self, i: int, j: int) -> str:
        """The text of tokens ``i`` to ``j`` (exclusive), rewritten."""
        if i >= j:
            return ""
        toks, text = self.toks, self.text
        pieces, pos, k = [], toks[i].start, i
        while k < j:
            t = toks[k]
            word = t.text.upper() if t.kind == "word" else ""
            is_call = k + 1 < j and toks[k + 1].text == "("
            if word in ("IF", *_STRING_TESTS) and is_call:
                close = self._close(k + 1)
                args = self._args(k + 2, close)
                pieces.append(text[pos:t.start])
                pieces.append(self._call(word, t.text, args))
                pos, k = _end(toks[close]), close + 1
                continue
            if word == "ORDER" and k + 1 < j and toks[k + 1].text.upper() == "BY":
                stop = k + 2
                while stop < j and not (toks[stop].kind == "word" and (
                        toks[stop].text.upper() in _ORDER_END) or toks[stop].text in "{}"):
                    stop += 1
                pieces.append(text[pos:_end(toks[k + 1])] + " " + self._order(k + 2, stop))
                pos, k = _end(toks[stop - 1]) if stop > k + 2 else _end(toks[k + 1]), stop
                continue
            k += 1
        pieces.append(text[pos:_end(toks[j - 1])])
        return "".join(pieces)

    def _call(self, word: str, name: str, args: list[tuple[int, int]]) -> str:
        parts = [self.emit(a, b).strip() for a, b in args]
        call = f"{name}({', '.join(parts)})"
        if word in _STRING_TESTS and len(parts) == 2:
            return f"(STRLEN({parts[1]}) = 0 || {call})"
        if word == "IF" and len(parts) == 3:
            a, b = args[0]
            cond = self.toks[a:b]
            if any(t.kind == "word" and t.text.upper() in _GUARDS for t in cond):
                return call
            names = list(dict.fromkeys(t.text for t in cond if t.kind == "var"))
            if names:
                checks = " && ".join(f"BOUND({v})" for v in names)
                return f"IF({checks}, {call}, {_UNBOUND})"
        return call

    def _order(self, i: int, j: int) -> str:
        """The keys of an ORDER BY, from tokens ``i`` to ``j``, in the standard order."""
        toks, keys, k = self.toks, [], i
        while k < j:
            t = toks[k]
            word = t.text.upper() if t.kind == "word" else ""
            if t.kind == "var":
                keys.append(_key(t.text, None))
                k += 1
            elif word in ("ASC", "DESC") and k + 3 < j + 1 and toks[k + 1].text == "(" \
                    and toks[k + 2].kind == "var" and k + 3 < len(toks) \
                    and toks[k + 3].text == ")":
                keys.append(_key(toks[k + 2].text, word))
                k += 4
            else:  # an expression: kept as it is
                end = self._close(k + 1) + 1 if k + 1 < j and toks[k + 1].text == "(" \
                    else self._close(k) + 1 if t.text == "(" else k + 1
                keys.append(self.emit(k, end))
                k = end
        return " ".join(keys)


def _key(var: str, direction: str | None) -> str:
    parts = [f"IF(isNumeric({var}), {var}, 0)", f"STR({var})"]
    return " ".join(parts if direction is None else (f"{direction}({p})" for p in parts))
