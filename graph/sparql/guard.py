"""Judging a query before it runs: limits on the raw text, then a real parse.

Three steps, cheapest first:

1. :func:`check_text`: the size and the bracket depth of the raw text, before any
   parser sees it (Oxigraph's parser recurses once per nesting level and overflows
   its stack on a few thousand; rdflib's stops at Python's recursion limit).
2. :func:`judge`: rdflib's SPARQL parser and algebra (:func:`parseQuery`,
   :func:`translateQuery`) say what the query is: its form, whether it calls
   ``SERVICE``, which graphs its ``FROM`` / ``FROM NAMED`` clauses name. Updates
   (``LOAD`` included) are told apart by the update grammar.
3. The engines themselves are kept offline: :func:`rdflib_offline` stops rdflib from
   loading ``FROM`` graphs from the web or from files and from evaluating ``SERVICE``;
   :func:`on_deep_stack` runs Oxigraph on a thread whose stack holds any query the
   size limit lets through.

Examples
--------
>>> judge("PREFIX g: <http://x/> SELECT * FROM g:a WHERE { ?s ?p ?o }").default_graphs
['http://x/a']
>>> judge("LOAD <http://example.org/x>").form
'UPDATE'
>>> check_text("SELECT * WHERE " + "{" * 100 + "}" * 100)
Traceback (most recent call last):
...
graph.errors.QueryError: the query nests brackets 100 deep; the limit is 64
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph.errors import QueryError, QueryRefused

__all__ = ["MAX_QUERY_BYTES", "MAX_DEPTH", "Judgement", "check_text", "judge", "mentions_service",
           "refuse_service", "rdflib_offline", "on_deep_stack"]

#: The largest query text a store reads, in bytes of UTF-8: 64 KiB of the user's text and
#: 8 KiB for the project's prefix declarations (:func:`graph.sparql.text.prefixed`).
MAX_QUERY_BYTES = 73_728
#: The deepest nesting of ``{``, ``(`` and ``[`` accepted, counted on the raw text.
MAX_DEPTH = 64
#: The stack of the thread Oxigraph parses and evaluates on (virtual memory: only the
#: pages a query touches are used). A query of MAX_QUERY_BYTES nested any way fits.
DEEP_STACK_BYTES = 512 * 1024 * 1024

_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_WORD = re.compile(r"(?<![\w\-\u00b7\u00c0-\U000effff])service"
                           r"(?![\w\-\u00b7\u00c0-\U000effff])", re.IGNORECASE)

# rdflib's parser (pyparsing) is not thread-safe: one parse at a time in a process
_PARSING = threading.Lock()


def check_text(sparql: str, *, max_bytes: int = MAX_QUERY_BYTES,
               max_depth: int = MAX_DEPTH) -> None:
    """Refuse a query text that is too large or nests too deep, before any parser sees it.

    The depth counts every ``{``, ``(`` and ``[`` against every closing one, wherever it
    stands (inside strings too): no lexing, so nothing to disagree with a parser about,
    and linear in the text.

    Raises
    ------
    QueryError
        Over ``max_bytes`` bytes, or brackets nested deeper than ``max_depth``.
    """
    if len(sparql) > max_bytes or len(sparql.encode("utf-8", "surrogatepass")) > max_bytes:
        raise QueryError(f"the query is larger than {max_bytes:,} bytes")
    depth = deepest = 0
    for char in sparql:
        if char in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
        elif char in _CLOSE and depth:
            depth -= 1
    if deepest > max_depth:
        raise QueryError(f"the query nests brackets {deepest} deep; the limit is {max_depth}")


@dataclass(frozen=True)
class Judgement:
    """What a parse says about a query."""

    form: str  #: SELECT, CONSTRUCT, ASK, DESCRIBE, or UPDATE for any update request
    service: bool = False  #: whether it calls SERVICE
    default_graphs: list[str] = field(default_factory=list)  #: its FROM graphs
    named_graphs: list[str] = field(default_factory=list)  #: its FROM NAMED graphs
    load: bool = False  #: an update with LOAD
    prepared: Any = None  #: rdflib's translated query (None for updates)

    @property
    def dataset(self) -> list[str]:
        """Every graph the query names in FROM or FROM NAMED."""
        return self.default_graphs + self.named_graphs


_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "AskQuery": "ASK",
          "DescribeQuery": "DESCRIBE"}


def judge(sparql: str, *, max_bytes: int = MAX_QUERY_BYTES,
          max_depth: int = MAX_DEPTH) -> Judgement:
    """Check the raw text (:func:`check_text`), then parse it with rdflib's SPARQL parser.

    Raises
    ------
    QueryError
        The text is over the limits, or neither a query nor an update by the grammar
        (the parser's message, with line and column).
    """
    check_text(sparql, max_bytes=max_bytes, max_depth=max_depth)
    with _PARSING:
        known = _JUDGED.get(sparql)
    if known is None:
        known = _judge(sparql)
        with _PARSING:
            if len(_JUDGED) >= 64:
                _JUDGED.pop(next(iter(_JUDGED)))
            _JUDGED[sparql] = known
    return known


_JUDGED: dict[str, Judgement] = {}  # the last texts judged (rdflib's algebra is not changed
#                                     by evaluation, so a prepared query is run again as is)


def _judge(sparql: str) -> Judgement:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _PARSING:
        try:
            parsed = parseQuery(sparql)
        except ParseException as exc:
            try:
                update = parseUpdate(sparql)
            except (ParseException, RecursionError, ValueError, TypeError):
                raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column "
                                 f"{exc.col}: {exc.msg}") from None
            return Judgement("UPDATE", service=_has(update, "ServiceGraphPattern"),
                             load=_has(update, "Load"))
        except RecursionError:
            raise QueryError("the query nests too deep for the SPARQL parser") from None
        except (ValueError, TypeError) as exc:  # bad escapes and the like
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        try:
            prepared = translateQuery(parsed)
        except RecursionError:
            raise QueryError("the query nests too deep for the SPARQL parser") from None
        except Exception as exc:  # rdflib raises many kinds for queries it cannot translate
            raise QueryError(f"SPARQL query failed: {exc}") from None
    algebra = prepared.algebra
    default, named = [], []
    for clause in (algebra["datasetClause"] if "datasetClause" in algebra else None) or []:
        if "default" in clause:
            default.append(str(clause["default"]))
        if "named" in clause:
            named.append(str(clause["named"]))
    return Judgement(_FORMS.get(algebra.name, algebra.name.upper()),
                     service=_has(algebra, "ServiceGraphPattern"), default_graphs=default,
                     named_graphs=named, prepared=prepared)


def _has(node: Any, name: str) -> bool:
    """Whether the parse tree (or algebra) ``node`` holds a part called ``name``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            if item.name == name:
                return True
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif hasattr(item, "asList") and not isinstance(item, str):  # pyparsing results
            stack.extend(list(item))
    return False


def mentions_service(sparql: str) -> bool:
    """Whether the word SERVICE stands anywhere in the text, codepoint escapes decoded.

    A cheap, deliberately wide test (strings and comments count): a query that does not
    mention the word cannot call SERVICE in any engine's grammar.

    >>> mentions_service("SELECT * { \\\\u0053ERVICE <http://x> {} }")
    True
    >>> mentions_service("SELECT * { ?s ig:serviceArea ?o }")
    False
    """
    decoded = _ESCAPE.sub(lambda m: _codepoint(m.group(1) or m.group(2)), sparql)
    return _SERVICE_WORD.search(decoded) is not None


def _codepoint(hexa: str) -> str:
    value = int(hexa, 16)
    return chr(value) if value <= 0x10FFFF else ""


def refuse_service(sparql: str) -> None:
    """For an engine that could call SERVICE: refuse a query that does, judged by a parse.

    Only a text that mentions the word (:func:`mentions_service`) is parsed; one the
    parser cannot read is refused too, since another grammar might read a SERVICE in it.

    Raises
    ------
    QueryRefused
        The query calls SERVICE, or mentions it and cannot be parsed.
    """
    if not mentions_service(sparql):
        return
    try:
        service = judge(sparql).service
    except QueryError as exc:
        raise QueryRefused(f"SERVICE is refused: the query mentions SERVICE and does not "
                           f"parse as SPARQL ({exc})") from None
    if service:
        raise QueryRefused("SERVICE is refused: queries make no requests to other hosts")


_OFFLINE = threading.Lock()


def rdflib_offline() -> None:
    """Switch off, in rdflib's SPARQL engine, everything that reads beyond the store.

    ``FROM`` / ``FROM NAMED`` then name graphs of the dataset only (no loading from the
    web or from ``file://``), and a ``SERVICE`` part raises :class:`QueryRefused` instead
    of making a request. Idempotent; applies to the whole process.
    """
    import rdflib.plugins.sparql as rdflib_sparql

    with _OFFLINE:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        rdflib_sparql.CUSTOM_EVALS["inspection_graph_no_service"] = _no_service


def _no_service(ctx: Any, part: Any) -> Any:
    if getattr(part, "name", None) == "ServiceGraphPattern":
        raise QueryRefused("SERVICE is refused: queries make no requests to other hosts")
    raise NotImplementedError  # every other part: rdflib's own evaluation


T = TypeVar("T")
_STACK = threading.Lock()


def _fresh_locks() -> None:
    """In a forked child: locks another thread of the parent may have held, made anew."""
    global _PARSING, _OFFLINE, _STACK
    _PARSING, _OFFLINE, _STACK = threading.Lock(), threading.Lock(), threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_locks)


def on_deep_stack(work: Callable[[], T]) -> T:
    """``work()`` on a thread with a stack of DEEP_STACK_BYTES, its answer or its error.

    Oxigraph parses and evaluates by recursion, on the calling thread's stack; 8 MB
    overflow (a crash, not an error) on a few thousand nesting levels.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            outcome["error"] = exc

    with _STACK:
        previous = threading.stack_size(DEEP_STACK_BYTES)
        try:
            thread = threading.Thread(target=run, name="sparql-deep-stack", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
