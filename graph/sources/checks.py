"""Checks of input values before they reach a graph: IRIs, web addresses and numbers.

Each check returns ``None`` for a good value, else a short phrase saying what
is wrong, so that the reader of each kind of file (records, official tables)
can put it into its own error, naming the file and line, or the file, sheet,
row and column.

IRIs are judged by Oxigraph's own parser (RFC 3987), the one that would
otherwise refuse them later, at load time and without saying where they
came from.

Examples
--------
>>> url_problem("https://www.ofsted.gov.uk/provider/44/938") is None
True
>>> print(url_problem('https://example.org/"<b>'))
not a valid IRI: Invalid IRI code point '"'
>>> number_problem("12.5", "percent") is None, number_problem("nan", "percent")
(True, 'not a finite number')
>>> number_problem(-3, "count")
'negative (expected 0 or more)'
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

__all__ = ["iri_problem", "url_problem", "number_problem", "short_repr", "RATE_UNITS",
           "MAX_QUANTITY", "NOT_HTTP"]

#: Units whose values are percentages, between 0 and 100.
RATE_UNITS = frozenset({"percent"})
#: The largest count, caseload, FTE or ratio accepted (official figures stay far below).
MAX_QUANTITY = 10**9
#: What :func:`url_problem` says of an address that does not start ``http://`` or ``https://``.
NOT_HTTP = "not an http(s) address"
_HTTP = re.compile(r"^https?://", re.IGNORECASE)
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def iri_problem(text: str) -> str | None:
    """What makes ``text`` no absolute IRI (RFC 3987, as Oxigraph parses it), else None."""
    import pyoxigraph

    if not isinstance(text, str):
        return "not text"
    try:
        pyoxigraph.NamedNode(text)
    except ValueError as exc:
        return f"not a valid IRI: {exc}"
    return None


def url_problem(text: str) -> str | None:
    """What makes ``text`` no http(s) address usable as an IRI, else None."""
    if not isinstance(text, str):
        return "not text"
    if not _HTTP.match(text):
        return NOT_HTTP
    problem = iri_problem(text)
    if problem:
        return problem
    parts = urlsplit(text)
    try:
        host, _port = parts.hostname, parts.port
    except ValueError as exc:  # a port that is no number, or out of range
        return f"not a valid address: {exc}"
    if not host:
        return "no host name after http(s)://"
    return None


def number_problem(value: object, unit: str | None = None) -> str | None:
    """What makes ``value`` (a number, or its text) out of range for ``unit``, else None.

    Every number must be finite; a rate (``percent``) lies between 0 and 100;
    any other quantity (counts, FTE, caseloads, days, ratios) between 0 and
    :data:`MAX_QUANTITY`. Text must be a plain decimal number.
    """
    if isinstance(value, bool):
        return "not a number"
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            return "not a number"
        if math.isfinite(number) and not _DECIMAL.match(text):  # such as 1_000
            return "not a number"
    elif isinstance(value, (int, float)):
        number = value
    else:
        return "not a number"
    if not math.isfinite(number):
        return "not a finite number"
    if unit in RATE_UNITS:
        if not 0 <= number <= 100:
            return "out of range for a rate (expected 0 to 100)"
    elif number < 0:
        return "negative (expected 0 or more)"
    elif number > MAX_QUANTITY:
        return f"implausibly large (expected at most {MAX_QUANTITY:,})"
    return None


def short_repr(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters for an error message.

    >>> short_repr("x" * 200, 12)
    "'xxxxxxxxxx…"
    """
    if isinstance(value, (dict, list)) and not _small(value):
        text = "a mapping" if isinstance(value, dict) else "a list"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _small(value: object, budget: int = 50) -> bool:
    """Whether a nested list or dict holds at most ``budget`` values (its repr is short)."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return False
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True
