"""The text index: the named query ``search`` answered without a scan of every text.

SPARQL has no text index, so ``search`` (labels, names, titles and statements
containing a text, case-insensitive) reads every text of the graph at each
call: 70 to 80 ms at a million triples on Oxigraph. An Oxigraph store keeps
an index of those texts beside its data instead: an SQLite FTS5 table with
the trigram tokenizer over the lowercased texts (rowids only, ``detail=none``, and no
text lengths, ``columnsize=0``, as nothing is ranked: half the tokenizing time of full
detail), which finds any substring of three characters or more through the index by
``GLOB`` (shorter ones scan the table).

The index holds the answer of ``search`` with its filter taken out, in the
query's own order, so its answers are the query's answers, row for row; each
distinct text is tokenized once, however many entries hold it, and texts tokenized
ahead (a :class:`TextStage`, filled while reports are stored) are not tokenized again. It
is made with the derived facts (:func:`graph.store.derived.derive`) and is dropped by
every write, like them: a store that holds no derived graph holds no index.
An in-memory store keeps it in memory; a store on disk keeps it in its folder
(:data:`INDEX_FILE`), written to a temporary file and then renamed. Stores in
rdflib's memory and remote endpoints have no index: ``search`` runs as SPARQL.

Examples
--------
>>> from graph.store import OxigraphStore
>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import RDFS
>>> store = OxigraphStore()
>>> store.replace_graph("https://example.org/g",
...     [(URIRef("https://example.org/c"), RDFS.label, Literal("West Sussex", lang="en"))])
>>> index = build_text_index(store)
>>> [str(row[2]) for row in index.search("SUSSEX")]
['West Sussex']
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.sparql.results import QueryResult

__all__ = ["INDEX_FILE", "SEARCH_QUERY", "IndexRowsAhead", "TextIndex", "TextStage",
           "build_text_index", "drop_text_index", "index_rows", "indexes_texts", "index_path"]

INDEX_FILE = "inspection-graph-text.sqlite"
SEARCH_QUERY = "search"
_FILTER = "FILTER(CONTAINS(LCASE(STR(?match)), LCASE(?text)))"
_VERSION = "4"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _index_sparql() -> str:
    """The ``search`` query without its text filter, grouping and order: every row the index
    holds, ungrouped (the grouping and order are done in Python, faster)."""
    from graph.errors import QueryError
    from graph.queries.library import get_query
    from graph.sparql.text import prefixed

    sparql = get_query(SEARCH_QUERY).sparql
    select = "SELECT ?thing ?property ?match (MIN(COALESCE(STR(?type), \"\")) AS ?kind)"
    group = "GROUP BY ?thing ?property ?match\nORDER BY ?thing ?property ?match"
    missing = [part for part in (_FILTER, select, group) if part not in sparql]
    if missing:
        raise QueryError(f"the {SEARCH_QUERY!r} query no longer has what the text index "
                         f"stands in for: {missing[0]}")
    return prefixed(sparql.replace(_FILTER, "").replace(group, "")
                    .replace(select, "SELECT ?thing ?property ?match ?type"))


def index_rows(store) -> list[tuple]:
    """The rows of ``search`` without its filter, as plain values in the query's order:
    ``(thing, thing is a blank node, property, text, language, datatype, kind)``.

    The grouping (one row per thing, property and text; the least of its types) and the
    order (blank nodes, then IRIs, by their text) are the query's, done in Python.
    """
    return _rows(_kinds(store.native_query(_index_sparql())))


def _kinds(solutions, kinds: dict | None = None) -> dict:
    """(thing, property, text) -> the least of its kinds, from the solutions of the index
    query (pyoxigraph terms), added to ``kinds``."""
    kinds = {} if kinds is None else kinds
    for thing, prop, match, typ in solutions:
        key = (thing, prop, match)
        kind = "" if typ is None else typ.value
        old = kinds.get(key)
        if old is None or kind < old:
            kinds[key] = kind
    return kinds


def _rows(kinds: dict) -> list[tuple]:
    """The rows of :func:`index_rows` from what :func:`_kinds` gathered."""
    import pyoxigraph as ox

    rows = []
    for (thing, prop, match), kind in kinds.items():
        lang = match.language if isinstance(match, ox.Literal) else None
        datatype = match.datatype.value if isinstance(match, ox.Literal) and not lang else None
        rows.append((thing.value, int(isinstance(thing, ox.BlankNode)), prop.value,
                     match.value, lang, None if datatype == _XSD_STRING else datatype, kind))
    rows.sort(key=lambda r: (-r[1], r[0], r[2], r[3], r[4] or "", r[5] or ""))
    return rows


class IndexRowsAhead:
    """The rows of :func:`index_rows` read in a thread while the derived facts are
    computed, for a store that holds no derived graph yet.

    Call :meth:`wait_read` before the derived graph is written, then :meth:`rows`: the
    rows of the things the derived graph states are read again from the store as it is
    then (only they can gain a text or a type from it), the others kept. With a
    ``stage``, the thread also tokenizes the texts of the rows it read.
    """

    def __init__(self, store, derived_graph: str, stage: TextStage | None = None) -> None:
        import threading

        self.store, self.derived_graph, self.stage = store, derived_graph, stage
        self.read = threading.Event()
        self.kinds: dict = {}
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True,
                                       name="inspection-graph-index-rows")
        self.thread.start()

    def _run(self) -> None:
        try:
            solutions = list(self.store.native_query(_index_sparql()))
            self.read.set()
            self.kinds = _kinds(solutions)
            if self.stage is not None:
                self.stage.add(str(match.value) for _, _, match in self.kinds)
        except BaseException as exc:  # raised in the calling thread by wait_read or rows
            self.error = exc
        finally:
            self.read.set()

    def wait_read(self) -> None:
        """Wait until the thread has read the store (it may be written after)."""
        self.read.wait()
        self._raise()

    def join(self) -> None:
        self.thread.join()

    def rows(self) -> list[tuple]:
        """The rows of :func:`index_rows` for the store as it is now (the derived graph
        written)."""
        self.thread.join()
        self._raise()
        sparql = _index_sparql()
        where = "WHERE {"
        if where not in sparql:
            from graph.errors import QueryError

            raise QueryError(f"the {SEARCH_QUERY!r} query has no {where!r}")
        restricted = sparql.replace(where, where + " { SELECT DISTINCT ?thing WHERE { GRAPH <"
                                    + str(self.derived_graph) + "> { ?thing ?p0 ?o0 } } }", 1)
        stated = {thing for (thing,) in self.store.native_query(
            f"SELECT DISTINCT ?thing WHERE {{ GRAPH <{self.derived_graph}> {{ ?thing ?p ?o }} }}")}
        kinds = {k: v for k, v in self.kinds.items() if k[0] not in stated}
        return _rows(_kinds(self.store.native_query(restricted), kinds))

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error


def _text_database() -> sqlite3.Connection:
    """A new in-memory database with the (empty) trigram table of lowered texts."""
    con = sqlite3.connect(":memory:", check_same_thread=False)
    con.executescript("""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE VIRTUAL TABLE text USING fts5(lowered, tokenize='trigram case_sensitive 1',
                                             detail=none, columnsize=0);
    """)
    return con


class TextStage:
    """Texts tokenized ahead of the index that will hold them (while reports are read, say):
    :meth:`TextIndex.write` then tokenizes only the texts the stage lacks. A staged text
    the index does not hold is never found: entries, not staged texts, make the answers.

    >>> stage = TextStage()
    >>> stage.add(["Children are seen alone"])
    >>> index = TextIndex.write([("https://e.org/p", 0, "https://e.org/s",
    ...                           "Children are seen alone", "en", None, "")], stage=stage)
    >>> [str(row[2]) for row in index.search("SEEN")]
    ['Children are seen alone']
    """

    def __init__(self) -> None:
        self.connection: sqlite3.Connection | None = _text_database()
        self.ids: dict[str, int] = {}  # lowered text -> its row in the trigram table

    def add(self, texts: Iterable[str]) -> None:
        """Tokenize ``texts`` (those not staged yet); call from one thread at a time."""
        if self.connection is None:
            raise ValueError("this text stage was used up by TextIndex.write")
        new = []
        for text in texts:
            lowered = text.lower()
            if lowered not in self.ids:
                self.ids[lowered] = len(self.ids)
                new.append((self.ids[lowered], lowered))
        with self.connection:
            self.connection.executemany("INSERT INTO text(rowid, lowered) VALUES (?, ?)", new)

    def take(self) -> sqlite3.Connection:
        """The stage's database, which it no longer holds."""
        if self.connection is None:
            raise ValueError("this text stage was used up by TextIndex.write")
        con, self.connection = self.connection, None
        return con


class TextIndex:
    """The texts of a graph, searchable by substring (an SQLite FTS5 trigram index).

    Parameters
    ----------
    connection : sqlite3.Connection
        A database written by :meth:`write`.
    path : Path, optional
        The file it was opened from (None in memory).
    """

    def __init__(self, connection: sqlite3.Connection, path: Path | None = None) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    def write(cls, rows, path: Path | None = None, stage: TextStage | None = None
              ) -> TextIndex:
        """An index of ``rows`` (as :func:`index_rows` gives them, in answer order), in
        memory or at ``path`` (written to a temporary file first, then renamed).

        With ``stage``, the texts it tokenized already are not tokenized again (the
        stage is used up: its database becomes the index's).
        """
        con = stage.take() if stage is not None else _text_database()
        ids = stage.ids if stage is not None else {}
        con.executescript("""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE entry(id INTEGER PRIMARY KEY, thing TEXT, blank INTEGER,
                               property TEXT, value TEXT, lang TEXT, datatype TEXT, kind TEXT,
                               text_id INTEGER);
        """)
        entries, texts = [], []
        for i, row in enumerate(rows):
            lowered = row[3].lower()
            text_id = ids.get(lowered)
            if text_id is None:
                text_id = ids[lowered] = len(ids)
                texts.append((text_id, lowered))
            entries.append((i, *row, text_id))
        with con:
            con.executemany("INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", entries)
            con.execute("CREATE INDEX entry_text ON entry(text_id)")
            con.executemany("INSERT INTO text(rowid, lowered) VALUES (?, ?)", texts)
            con.executemany("INSERT INTO meta VALUES (?, ?)",
                            [("version", _VERSION), ("entries", str(len(entries)))])
        if path is None:
            return cls(con)
        tmp = path.with_name(path.name + ".tmp")
        tmp.unlink(missing_ok=True)
        disk = sqlite3.connect(str(tmp))
        try:
            con.backup(disk)
        finally:
            disk.close()
            con.close()
        os.replace(tmp, path)
        return cls.open(path)

    @classmethod
    def open(cls, path: Path) -> TextIndex | None:
        """The index written at ``path`` (read-only), or None if it is not one of this
        version (an older or damaged file is not read)."""
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        try:
            con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error:
            return None
        try:
            version = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.Error:
            con.close()
            return None
        if version is None or version[0] != _VERSION:
            con.close()
            return None
        return cls(con, path)

    def __len__(self) -> int:
        return self.connection.execute("SELECT COUNT(*) FROM entry").fetchone()[0]

    def search(self, text: str) -> QueryResult:
        """The rows of the ``search`` query for ``text``: things whose label, name, title
        or statement contains it, case-insensitive (a :class:`~graph.results.QueryResult`).

        >>> TextIndex.write([]).search("neglect").rows
        []
        """
        from rdflib import BNode, Literal, URIRef

        from graph.sparql.results import QueryResult

        needle = str(text).lower()
        select = ("SELECT e.thing, e.blank, e.property, e.value, e.lang, e.datatype, e.kind "
                  "FROM text t JOIN entry e ON e.text_id = t.rowid ")
        if len(needle) >= 3:  # any substring of three characters or more: the trigram index
            found = self.connection.execute(
                select + "WHERE t.lowered GLOB ? ORDER BY e.id", ("*" + _glob_literal(needle)
                                                                  + "*",))
        else:
            found = self.connection.execute(
                select + "WHERE instr(t.lowered, ?) > 0 ORDER BY e.id", (needle,))
        names: dict[str, Any] = {}
        rows = []
        for thing, blank, prop, value, lang, datatype, kind in found:
            subject = BNode(thing) if blank else names.get(thing) or \
                names.setdefault(thing, URIRef(thing))
            predicate = names.get(prop) or names.setdefault(prop, URIRef(prop))
            match = Literal(value, lang=lang) if lang else \
                Literal(value, datatype=URIRef(datatype) if datatype else None)
            rows.append((subject, predicate, match, Literal(kind)))
        return QueryResult(["thing", "property", "match", "kind"], rows)

    def close(self) -> None:
        self.connection.close()


def _glob_literal(text: str) -> str:
    """``text`` as a GLOB pattern matching itself only (``*``, ``?`` and ``[`` bracketed).

    >>> _glob_literal("a*b [c]?")
    'a[*]b [[]c][?]'
    """
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def index_path(store) -> Path | None:
    """Where a store on disk keeps its index (None for a store in memory)."""
    return None if store.path is None else Path(store.path) / INDEX_FILE


def indexes_texts(store) -> bool:
    """Whether the store keeps a text index (Oxigraph stores do, unless told not to by
    ``store.index_texts = False``: a scratch store whose copy makes its own)."""
    return getattr(store, "name", None) == "oxigraph" and getattr(store, "index_texts", True)


def build_text_index(store, ahead: IndexRowsAhead | None = None) -> TextIndex:
    """Index the texts the store holds now (kept by the store until its next write).

    Parameters
    ----------
    store : graph.store.OxigraphStore
        A writable Oxigraph store.
    ahead : IndexRowsAhead, optional
        The rows read ahead while the derived graph was made (and its stage), instead of
        reading them now.

    Returns
    -------
    TextIndex
        The new index (in memory, or in the store's folder for a store on disk).
    """
    drop_text_index(store)
    if ahead is not None:
        rows, stage = ahead.rows(), ahead.stage
    else:
        rows = index_rows(store)
        stage, store.text_stage = getattr(store, "text_stage", None), None
    store.text_index = TextIndex.write(rows, index_path(store), stage=stage)
    return store.text_index


def drop_text_index(store) -> None:
    """Forget the store's text index (in memory and on disk): its texts may change now."""
    if not indexes_texts(store):
        return
    if store.text_index is not None:
        store.text_index.close()
        store.text_index = None
    path = index_path(store)
    if path is not None and not store.read_only:
        path.unlink(missing_ok=True)
