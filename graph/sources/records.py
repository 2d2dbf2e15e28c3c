"""Record files: YAML documents describing what one source states.

The format is documented in ``docs/records.md``. :func:`read_records` parses
and checks every file of a folder and returns :class:`Record` objects whose
items remember the line each field came from, so later checks (references,
evidence spans, SHACL) can point at the file and line of a problem.

Examples
--------
>>> from graph.records import read_records, BUNDLED_RECORDS
>>> records = read_records(BUNDLED_RECORDS)
>>> sorted(r.source.id for r in records)[:1]
['communitycare-2019-05-west-sussex']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import RecordError, RecordErrors
from graph.files import BUNDLED_RECORDS
from graph.sources.checks import NOT_HTTP, number_problem, short_repr, url_problem

__all__ = [
    "BUNDLED_RECORDS", "FORMAT_VERSION", "SECTIONS", "Field", "Item", "Record",
    "read_record", "read_records", "record_files", "check_references", "COUNCIL_REF_RE",
    "MENTION_FIELDS", "FRAMEWORKS",
]

FORMAT_VERSION = 1

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: A reference to a council of the council-name table: ``council:E10000032``, ``council:NAME``.
COUNCIL_REF_RE = re.compile(r"^council:[A-Za-z0-9][A-Za-z0-9-]*$")
#: Frameworks and the judgement-area scheme of each (None: not graded).
FRAMEWORKS: dict[str, str | None] = {"ilacs": "ilacs-area", "sif": "sif-area", "jtai": None,
                                     "area-send": None}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?$")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
#: How deep lists and mappings may nest in a record (records need about 8 levels).
MAX_DEPTH = 20

# Field kinds: str, text, id, date, int, number, url, bool, evidence, judgements,
# ref:SECTION (an id defined in SECTION), refs:SECTION (a list of them),
# concept:SCHEME, concepts:SCHEME, strs (a list of strings).
SOURCE_FIELDS: dict[str, tuple[str, bool]] = {
    "id": ("id", True),
    "kind": ("enum:news-article,inspection-report,dataset,web-page", True),
    "title": ("str", True),
    "publisher": ("ref:organisations", False),
    "published": ("date", False),
    "url": ("url", False),
    "text_file": ("str", False),
    "sha256": ("sha256", False),
    "length": ("int", False),
    "authors": ("refs:people", False),
}

ORG_TYPES = (
    "council,inspectorate,government-department,publisher,childrens-services,"
    "improvement-board,safeguarding-children-board,panel,hub,organisation"
)
EVENT_TYPES = (
    "restructure,leadership-change,appointment,board-established,commissioner-appointed,"
    "strategy-adopted,inspection-published,governance-change"
)

SECTIONS: dict[str, dict[str, tuple[str, bool]]] = {
    "organisations": {
        "id": ("id", True), "type": ("enum:" + ORG_TYPES, True), "label": ("str", True),
        "alt_labels": ("strs", False), "gss": ("gss", False), "dfe_code": ("dfe", False),
        "part_of": ("ref:organisations", False), "url": ("url", False),
        "evidence": ("evidence", False),
    },
    "people": {
        "id": ("id", True), "name": ("str", False), "label": ("str", False),
        "evidence": ("evidence", False),
    },
    "posts": {
        "id": ("id", True), "role": ("concept:role", True), "in": ("ref:organisations", True),
        "label": ("str", False), "evidence": ("evidence", False),
    },
    "tenures": {
        "id": ("id", True), "holder": ("ref:people", True), "post": ("ref:posts", True),
        "start": ("date", False), "end": ("date", False),
        "status": ("enum:current,former,unknown", True), "evidence": ("evidence", False),
    },
    "inspections": {
        "id": ("id", True), "subject": ("ref:organisations", True),
        "inspectorate": ("ref:organisations", True),
        "framework": ("enum:" + ",".join(FRAMEWORKS), True),
        "type": ("concept:inspection-type", True),
        "inspectorates": ("refs:organisations", False), "focus": ("concepts:theme", False),
        "start": ("date", True), "end": ("date", False), "published": ("date", False),
        "report_url": ("url", False), "visit_theme": ("str", False),
        "recommendation_count": ("int", False), "previous": ("ref:inspections", False),
        "lead_inspector": ("ref:people", False),
        "evidence": ("evidence", False), "judgements": ("judgements", False),
    },
    "findings": {
        "id": ("id", True), "inspection": ("ref:inspections", False),
        "concerns": ("ref:organisations", False), "statement": ("text", True),
        "themes": ("concepts:theme", True), "polarity": ("enum:strength,weakness", True),
        "evidence": ("evidence", False),
    },
    "recommendations": {
        "id": ("id", True), "inspection": ("ref:inspections", False),
        "concerns": ("ref:organisations", False), "statement": ("text", True),
        "areas": ("concepts:theme", False), "evidence": ("evidence", False),
    },
    "statistics": {
        "id": ("id", True), "inspection": ("ref:inspections", False),
        "measure": ("id", True), "value": ("number", True),
        "unit": ("enum:percent,count,ratio,fte,cases-per-worker,days", True),
        "as_written": ("str", False), "population": ("str", False), "period": ("date", False),
        "area": ("ref:organisations", False), "statement": ("text", False),
        "evidence": ("evidence", False),
    },
    "events": {
        "id": ("id", True), "type": ("enum:" + EVENT_TYPES, True), "date": ("date", False),
        "concerns": ("ref:organisations", False), "agent": ("ref:people|organisations", False),
        "statement": ("text", True), "evidence": ("evidence", False),
    },
    "causal_links": {
        "id": ("id", True), "cause": ("ref:findings|events", True),
        "effect": ("ref:findings|events", True), "statement": ("text", False),
        "evidence": ("evidence", False),
    },
    "comments": {
        "id": ("id", True), "author": ("str", True), "published": ("date", False),
        "reply_to": ("ref:comments", False), "themes": ("concepts:theme", False),
        "evidence": ("evidence", True),
    },
}
#: A mention adds other names or evidence to an entity another file (or the reference
#: entities) defines; it is never a definition of its own.
MENTION_FIELDS: dict[str, tuple[str, bool]] = {
    "entity": ("ref:organisations|people", True), "alt_labels": ("strs", False),
    "evidence": ("evidence", True), "draft": ("bool", False),
}
JUDGEMENT_FIELDS: dict[str, tuple[str, bool]] = {
    "area": ("id", True), "grade": ("concept:grade", True), "evidence": ("evidence", False),
}
for _schema in SECTIONS.values():
    _schema["cited"] = ("id", False)
    _schema["draft"] = ("bool", False)
JUDGEMENT_FIELDS["draft"] = ("bool", False)
TOP_LEVEL = {"format", "source", "cites", "mentions", *SECTIONS}


@dataclass(frozen=True)
class Span:
    """An evidence span: ``[start, end)`` in code points of ``source``'s text."""

    source: str
    start: int
    end: int
    line: int


@dataclass
class Field:
    """One field of an item: its value, the line it stands on and who states it."""

    value: Any
    line: int
    cited: str | None = None


@dataclass
class Item:
    """One entry of a record section (an organisation, a finding ...)."""

    section: str
    fields: dict[str, Field]
    line: int
    path: str
    source_id: str
    #: False when a field of the item had a problem (the item is kept to check the rest)
    complete: bool = True

    @property
    def id(self) -> str:
        return self.fields["id"].value

    def get(self, name: str, default: Any = None) -> Any:
        f = self.fields.get(name)
        return default if f is None else f.value

    def error(self, message: str, name: str | None = None) -> RecordError:
        line = self.fields[name].line if name in self.fields else self.line
        return RecordError(self.path, line, message)


@dataclass
class Record:
    """A parsed record file."""

    path: str
    source: Item
    cites: list[Item] = field(default_factory=list)
    sections: dict[str, list[Item]] = field(default_factory=dict)
    mentions: list[Item] = field(default_factory=list)
    #: a bundled record (its text is not shipped: a missing text is not an error)
    bundled: bool = False
    #: ids of items that failed their checks (references to them are not reported again)
    broken_ids: set[str] = field(default_factory=set)

    def drafts(self) -> list[Item]:
        """The items still marked ``draft: true`` (facts nobody has reviewed yet)."""
        found = []
        for item in [*self.items(), *self.mentions]:
            if item.get("draft"):
                found.append(item)
            found += [j for j in item.get("judgements") or [] if j.get("draft")]
        return found

    def items(self) -> Iterable[Item]:
        for name in SECTIONS:
            yield from self.sections.get(name, [])


class _Refused(yaml.MarkedYAMLError):
    """YAML that is well formed but not accepted in a record (aliases, deep nesting)."""


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that keeps the line of every mapping and its keys.

    Aliases (``*name``) are refused, so a few lines cannot expand into
    gigabytes, and lists and mappings nest at most :data:`MAX_DEPTH` deep.
    """

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(problem="YAML aliases (*name) are not allowed in records: write the "
                           "value out", problem_mark=event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise _Refused(problem=f"lists and mappings nested more than {MAX_DEPTH} deep",
                           problem_mark=event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Map(dict):
    line: int = 0
    key_lines: dict


class _Seq(list):
    line: int = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text, not a list or mapping",
                key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {short_repr(key)}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Seq:
    out = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)  # dates stay text, at the precision written


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    try:
        return loader.construct_yaml_int(node)
    except ValueError:  # more digits than Python converts
        raise yaml.constructor.ConstructorError(
            None, None, "a whole number with too many digits", node.start_mark) from None


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise RecordError(str(path), None, f"cannot read file ({exc.strerror})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        raise RecordError(str(path), exc.problem_mark.line + 1, exc.problem) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise RecordError(str(path), line, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise RecordError(str(path), None, f"malformed YAML: {' '.join(str(exc).split())}"
                          ) from None


def _check_value(kind: str, value: Any, name: str, errors: list[str]) -> Any:
    """Check one scalar against its kind; return it normalised (or None on error)."""
    def bad(what: str) -> None:
        errors.append(f"field {name!r}: {what}, got {short_repr(value)}")

    if kind in ("str", "text"):
        if not isinstance(value, str) or not value.strip():
            return bad("expected non-empty text")
        return value.strip()
    if kind.startswith("ref:") and isinstance(value, str) and COUNCIL_REF_RE.match(value):
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            return bad("expected true or false")
        return value
    if kind == "id" or kind.startswith(("ref:", "concept:")):
        if not isinstance(value, str) or not ID_RE.match(value):
            return bad("expected an id of lower-case letters, digits and '-'")
        if kind.startswith("concept:"):
            problem = _concept_problem(kind[8:], value)
            if problem:
                errors.append(f"field {name!r}: {problem}")
                return None
        return value
    if kind.startswith("enum:"):
        options = kind[5:].split(",")
        if value not in options:
            return bad("expected one of " + ", ".join(options))
        return value
    if kind == "date":
        if not isinstance(value, (str, int)) or not DATE_RE.match(str(value)):
            return bad("expected a date YYYY, YYYY-MM or YYYY-MM-DD")
        return str(value)
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return bad("expected a whole number")
        return value
    if kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return bad("expected a number")
        if not math.isfinite(value):
            return bad("expected a finite number")
        return value
    if kind == "url":
        problem = url_problem(value)
        if problem:
            return bad("expected an http(s) URL" + ("" if problem == NOT_HTTP else
                                                     f" ({problem})"))
        return value
    if kind == "sha256":
        if not isinstance(value, str) or not SHA_RE.match(value):
            return bad("expected 64 lower-case hex digits")
        return value
    if kind == "gss":
        if not isinstance(value, str) or not re.match(r"^[EWSN]\d{8}$", value):
            return bad("expected a GSS code such as E10000032")
        return value
    if kind == "dfe":
        value = str(value) if isinstance(value, int) else value
        if not isinstance(value, str) or not re.match(r"^\d{3}$", value):
            return bad("expected a three-digit DfE code such as '938'")
        return value
    if kind == "strs" or kind.startswith("concepts:") or kind.startswith("refs:"):
        if not isinstance(value, list) or not value:
            return bad("expected a non-empty list")
        inner = ("str" if kind == "strs" else "ref:" + kind[5:] if kind.startswith("refs:")
                 else "id")
        out = [_check_value(inner, v, name, errors) for v in value]
        if None in out:
            return None
        if kind.startswith("concepts:"):
            for word in out:
                problem = _concept_problem(kind[9:], word)
                if problem:
                    errors.append(f"field {name!r}: {problem}")
                    return None
        return out
    raise AssertionError(f"unknown field kind {kind}")


def _concept_problem(scheme: str, word: str) -> str | None:
    from graph.sources.concepts import concept_problem

    return concept_problem(scheme, word)


def _parse_spans(value: Any, source_id: str, line: int, errors: list[str]) -> list[Span] | None:
    if not isinstance(value, list) or not value:
        errors.append("field 'evidence': expected a list of [start, end] spans")
        return None
    spans = []
    for entry in value:
        src = source_id
        if isinstance(entry, dict):
            src = entry.get("source", source_id)
            entry = entry.get("span")
            if not isinstance(src, str) or not ID_RE.match(src):
                errors.append(f"field 'evidence': expected a source id, got {short_repr(src)}")
                return None
        if (not isinstance(entry, list) or len(entry) != 2
                or not all(isinstance(x, int) and not isinstance(x, bool) for x in entry)):
            errors.append("field 'evidence': expected [start, end] whole numbers, got "
                          + short_repr(entry))
            return None
        start, end = entry
        if start < 0 or end <= start:
            errors.append(f"field 'evidence': span [{start}, {end}] must have 0 <= start < end")
            return None
        spans.append(Span(src, start, end, getattr(entry, "line", line)))
    return spans


def _parse_item(section: str, raw: Any, schema: dict[str, tuple[str, bool]], path: str,
                source_id: str, line: int, errors: list[RecordError]) -> Item | None:
    if not isinstance(raw, dict):
        errors.append(RecordError(path, line, f"{section}: each entry must be a mapping"))
        return None
    item_line = getattr(raw, "line", line)
    key_lines = getattr(raw, "key_lines", {})
    fields: dict[str, Field] = {}
    errors_before = len(errors)
    where = f"{section}"
    if isinstance(raw.get("id"), str):
        where = f"{section} {short_repr(raw['id'])}"
    for name, value in raw.items():
        fline = key_lines.get(name, item_line)
        if name not in schema:
            errors.append(RecordError(path, fline, f"{where}: unknown field {short_repr(name)} "
                                      f"(expected one of {', '.join(schema)})"))
            continue
        kind = schema[name][0]
        cited = None
        if isinstance(value, dict) and "value" in value and kind not in ("judgements",):
            unknown = set(value) - {"value", "cited"}
            if unknown:
                errors.append(RecordError(path, fline, f"{where}: field {name!r} has unknown "
                                          f"keys {sorted(unknown)} (expected value, cited)"))
                continue
            cited = value.get("cited")
            value = value["value"]
            if cited is not None and (not isinstance(cited, str) or not ID_RE.match(cited)):
                errors.append(RecordError(path, fline, f"{where}: field {name!r}: 'cited' "
                                          f"expects a source id, got {short_repr(cited)}"))
                continue
        problems: list[str] = []
        if kind == "evidence":
            checked = _parse_spans(value, source_id, fline, problems)
        elif kind == "judgements":
            checked = _parse_judgements(value, path, source_id, fline, errors)
        else:
            checked = _check_value(kind.split("|")[0], value, name, problems)
        for p in problems:
            errors.append(RecordError(path, fline, f"{where}: {p}"))
        if not problems and checked is not None:
            fields[name] = Field(checked, fline, cited)
    for name, (_kind, required) in schema.items():
        if required and name not in raw:
            errors.append(RecordError(path, item_line, f"{where}: missing required field {name!r}"))
    if "id" not in fields:
        return None
    item = Item(section, fields, item_line, path, source_id)
    item.complete = len(errors) == errors_before
    return item


def _parse_judgements(value: Any, path: str, source_id: str, line: int,
                      errors: list[RecordError]) -> list[Item] | None:
    if not isinstance(value, list):
        errors.append(RecordError(path, line, "field 'judgements': expected a list"))
        return None
    out = []
    for raw in value:
        if isinstance(raw, dict) and "area" in raw and "id" not in raw:
            lines = getattr(raw, "key_lines", {})
            raw_line = getattr(raw, "line", line)
            raw = _Map(raw, id=raw["area"])
            raw.line, raw.key_lines = raw_line, {**lines, "id": lines.get("area", raw_line)}
        schema = {**JUDGEMENT_FIELDS, "id": ("id", False)}
        item = _parse_item("judgements", raw, schema, path, source_id, line, errors)
        if item is not None:
            out.append(item)
    return out


def read_record(path: str | Path) -> Record:
    """Parse and check one record file.

    Parameters
    ----------
    path : str or Path
        A YAML record file.

    Returns
    -------
    Record

    Raises
    ------
    RecordErrors
        Every problem found, each naming the file and line.
    """
    record, errors = _read_record(Path(path))
    if errors or record is None:
        raise RecordErrors(errors or [RecordError(str(path), 1, "invalid 'source'")])
    return record


def _read_record(path: Path) -> tuple[Record | None, list[RecordError]]:
    """A record and every problem of its file (the record is None if its source is unusable)."""
    spath = str(path)
    try:
        data = _load_yaml(path)
    except RecordError as exc:
        return None, [exc]
    errors: list[RecordError] = []
    if not isinstance(data, dict):
        return None, [RecordError(spath, 1, "a record must be a YAML mapping with a 'source' "
                                  "key")]
    key_lines = getattr(data, "key_lines", {})
    for key in data:
        if key not in TOP_LEVEL:
            errors.append(RecordError(spath, key_lines.get(key), "unknown top-level key "
                                      f"{short_repr(key)} (expected one of "
                                      f"{', '.join(sorted(TOP_LEVEL))})"))
    fmt = data.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        errors.append(RecordError(spath, key_lines.get("format"),
                                  f"unsupported record format {short_repr(fmt)} (this "
                                  f"version reads {FORMAT_VERSION})"))
    if "source" not in data:
        errors.append(RecordError(spath, 1, "missing required key 'source'"))
        return None, errors
    raw_source = data["source"]
    source_id = raw_source.get("id", "?") if isinstance(raw_source, dict) else "?"
    source = _parse_item("source", raw_source, SOURCE_FIELDS, spath, source_id,
                         key_lines.get("source", 1), errors)
    cites = []
    for raw in _as_list(data.get("cites", []), "cites", spath, key_lines, errors):
        cite_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
        item = _parse_item("cites", raw, SOURCE_FIELDS, spath, cite_id,
                           key_lines.get("cites", 1), errors)
        if item is not None:
            cites.append(item)
    sections: dict[str, list[Item]] = {}
    broken: set[str] = set()
    for name, schema in SECTIONS.items():
        items = []
        for raw in _as_list(data.get(name, []), name, spath, key_lines, errors):
            item = _parse_item(name, raw, schema, spath, source_id, key_lines.get(name, 1), errors)
            if item is not None:
                items.append(item)
                if not item.complete:
                    broken.add(item.id)
            elif isinstance(raw, dict) and isinstance(raw.get("id"), str):
                broken.add(raw["id"])
        sections[name] = items
    mentions = []
    for n, raw in enumerate(_as_list(data.get("mentions", []), "mentions", spath, key_lines,
                                     errors)):
        if isinstance(raw, dict):
            lines = getattr(raw, "key_lines", {})
            raw_line = getattr(raw, "line", 1)
            raw = _Map(raw, id=f"mention-{n + 1}")
            raw.line, raw.key_lines = raw_line, {**lines, "id": raw_line}
        item = _parse_item("mentions", raw, {**MENTION_FIELDS, "id": ("id", False)}, spath,
                           source_id, key_lines.get("mentions", 1), errors)
        if item is not None:
            mentions.append(item)
    if source is None:
        return None, errors or [RecordError(spath, 1, "invalid 'source'")]
    for item in sections["people"]:
        if item.complete and "name" not in item.fields and "label" not in item.fields:
            errors.append(item.error(f"people {item.id!r}: give a 'name', or a 'label' for an "
                                     "unnamed person"))
    for item in sections["organisations"]:
        if item.complete and item.get("type") == "council" and "gss" not in item.fields:
            errors.append(item.error(f"organisations {item.id!r}: a council needs its 'gss' "
                                     "code (or refer to it as council:GSS without defining it)"))
    for item in sections["statistics"]:
        problem = number_problem(item.get("value"), item.get("unit"))
        if "value" in item.fields and problem:
            errors.append(item.error(f"statistics {item.id!r}: field 'value': {problem} for "
                                     f"unit {item.get('unit')!r}, got {item.get('value')!r}",
                                     "value"))
    for item in sections["inspections"]:
        _check_judgements(item, errors)
    return Record(spath, source, cites, sections, mentions, broken_ids=broken), errors


def _check_judgements(item: Item, errors: list[RecordError]) -> None:
    """Judgement areas from the area scheme of the inspection's framework; no grades for an
    ungraded framework."""
    framework = item.get("framework")
    if framework is None:
        return
    scheme = FRAMEWORKS[framework]
    for judgement in item.get("judgements") or []:
        if scheme is None:
            errors.append(judgement.error(f"inspections {item.id!r}: a {framework} inspection "
                                          "is not graded: remove its 'judgements' (write what "
                                          "it found as findings)", "area"))
            return
        problem = _concept_problem(scheme, judgement.get("area"))
        if problem:
            errors.append(judgement.error(f"inspections {item.id!r}: judgement area: {problem}",
                                          "area"))


def _as_list(value: Any, name: str, path: str, key_lines: dict,
             errors: list[RecordError]) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(RecordError(path, key_lines.get(name), f"{name!r} must be a list"))
        return []
    return value


RecordPaths = str | Path | Iterable[str | Path]


def record_files(paths: RecordPaths) -> list[Path]:
    """The record files of one or more folders and files, each once, in the order given.

    Raises
    ------
    RecordErrors
        A path that does not exist, or a folder without any ``*.yaml`` file.
    """
    given = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[Path] = []
    seen: set[Path] = set()
    errors = []
    for entry in given:
        entry = Path(entry)
        if entry.is_file():
            found = [entry]
        elif entry.is_dir():
            found = sorted(entry.glob("*.yaml")) + sorted(entry.glob("*.yml"))
            if not found:
                errors.append(RecordError(str(entry), None, "no *.yaml record files here"))
        else:
            errors.append(RecordError(str(entry), None, "no such file or folder"))
            found = []
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                files.append(path)
    if errors:
        raise RecordErrors(errors)
    return files


def read_records(folder: RecordPaths = BUNDLED_RECORDS, *, bundled: bool = False
                 ) -> list[Record]:
    """Parse the ``*.yaml`` records of one or more folders (or files) and check references.

    The ids of all the files are one namespace. Organisations the files refer to
    without defining them are taken from the reference entities
    (:mod:`graph.sources.reference`) and returned as one more record.

    Parameters
    ----------
    folder : folder, file, or a list of them
        Where the records are (the bundled records by default).
    bundled : bool
        Also read the bundled records (a folder given twice is read once).

    Raises
    ------
    RecordErrors
        Every problem found across the files, each naming file and line.
    """
    paths = record_files(folder)
    bundled_files = {p.resolve() for p in record_files(BUNDLED_RECORDS)}
    if bundled:
        paths = [p for p in record_files(BUNDLED_RECORDS) if p.resolve()
                 not in {q.resolve() for q in paths}] + paths
    records, errors = [], []
    for path in paths:
        record, found = _read_record(path)
        errors.extend(found)
        if record is not None:
            record.bundled = path.resolve() in bundled_files
            records.append(record)
    try:
        records += check_references(records)
    except RecordErrors as exc:
        errors.extend(exc.errors)
    if errors:
        raise RecordErrors(_in_order(errors, paths))
    return records


def _in_order(errors: list[RecordError], paths: list[Path]) -> list[RecordError]:
    """Errors by file (in reading order), then line; each once."""
    rank = {str(p): n for n, p in enumerate(paths)}
    unique, seen = [], set()
    for e in errors:
        if str(e) not in seen:
            seen.add(str(e))
            unique.append(e)
    return sorted(unique, key=lambda e: (rank.get(e.path, len(rank)), e.line or 0))


def check_references(records: list[Record]) -> list[Record]:
    """Check ids are unique and every reference names an id of the right section.

    A reference to an organisation no file defines is looked up among the reference
    entities; ``council:GSS`` (or ``council:NAME``) names a council a file defines with
    that GSS code, if there is one. References are rewritten to the id they resolve to.

    Returns
    -------
    list of Record
        The reference entities used (one record, or none).

    Raises
    ------
    RecordErrors
        Duplicate ids, dangling references, unknown cited sources.
    """
    errors: list[RecordError] = []
    defined: dict[str, dict[str, Item]] = {name: {} for name in SECTIONS}
    sources: dict[str, Item] = {}
    broken: set[str] = set().union(*(r.broken_ids for r in records)) if records else set()
    from graph.sources.reference import reference_entities

    reference = reference_entities()
    for record in records:
        for src in [record.source, *record.cites]:
            prior = sources.get(src.id)
            if prior is not None and record.source is src and prior.section == "source":
                errors.append(src.error(f"duplicate source id {src.id!r}: defined at "
                                        f"{prior.path}:{prior.line} and at {src.path}:"
                                        f"{src.fields['id'].line}", "id"))
            if prior is None or src.section == "source":
                sources[src.id] = src
        for item in record.items():
            prior = next((defined[s][item.id] for s in SECTIONS if item.id in defined[s]), None)
            if prior is not None:
                hint = ""
                if reference.lookup(item.id) is not None:
                    hint = (f"; {item.id!r} is a reference entity: refer to it without "
                            "defining it, and add spans or names under 'mentions:'")
                elif item.section in ("organisations", "people"):
                    hint = ("; give one of them another id, or add spans or names to the first "
                            "under 'mentions:'")
                errors.append(item.error(f"duplicate id {item.id!r} ({item.section}): defined "
                                         f"at {prior.path}:{prior.line} and at {item.path}:"
                                         f"{item.line}{hint}", "id"))
                continue
            defined[item.section][item.id] = item
    councils = {item.get("gss"): item for item in defined["organisations"].values()
                if item.get("type") == "council" and item.get("gss")}
    used: dict[str, Item] = {}
    ref_path = str(_reference_path())
    for record in records:
        for item in [*record.items(), record.source, *record.cites, *record.mentions]:
            schema = (SECTIONS.get(item.section) or
                      (MENTION_FIELDS if item.section == "mentions" else SOURCE_FIELDS))
            for judgement in item.get("judgements") or []:
                _check_item_refs(judgement, JUDGEMENT_FIELDS, defined, sources, errors, broken)
            _resolve_references(item, schema, defined, councils, reference, used, ref_path)
            _check_item_refs(item, schema, defined, sources, errors, broken)
    if errors:
        raise RecordErrors(errors)
    if not used:
        return []
    return [_reference_record(used, ref_path)]


def _reference_path() -> Path:
    from graph.sources.reference import REFERENCE_FILE

    return REFERENCE_FILE


def _resolve_references(item: Item, schema: dict, defined: dict, councils: dict, reference,
                        used: dict[str, Item], ref_path: str) -> None:
    """Rewrite references to organisations no file defines to the entity they name."""
    for name, f in item.fields.items():
        kind = schema.get(name, ("", False))[0]
        if not kind.startswith(("ref:", "refs:")) or "organisations" not in kind:
            continue
        values = f.value if kind.startswith("refs:") else [f.value]
        resolved = []
        for value in values:
            if any(value in defined[t] for t in kind.split(":", 1)[1].split("|")):
                resolved.append(value)
                continue
            entity = reference.lookup(value)
            if entity is None:
                resolved.append(value)
                continue
            if entity.gss and entity.gss in councils:
                resolved.append(councils[entity.gss].id)
                continue
            if entity.id in defined["organisations"]:
                resolved.append(entity.id)
                continue
            if entity.id not in used:
                used[entity.id] = defined["organisations"][entity.id] = _reference_item(
                    entity, ref_path)
            resolved.append(entity.id)
        f.value = resolved if kind.startswith("refs:") else resolved[0]


def _reference_item(entity, ref_path: str) -> Item:
    """A reference entity as an organisation item stated by the reference source."""
    from graph.sources.reference import REFERENCE_SOURCE

    fields = {"id": Field(entity.id, 1), "type": Field(entity.type, 1),
              "label": Field(entity.label, 1), "cited": Field(REFERENCE_SOURCE, 1)}
    if entity.alt_labels:
        fields["alt_labels"] = Field(list(dict.fromkeys(entity.alt_labels)), 1)
    if entity.gss:
        fields["gss"] = Field(entity.gss, 1)
    if entity.dfe_code:
        fields["dfe_code"] = Field(entity.dfe_code, 1)
    return Item("organisations", fields, 1, ref_path, REFERENCE_SOURCE)


def _reference_record(used: dict[str, Item], ref_path: str) -> Record:
    from graph.sources.reference import REFERENCE_SOURCE

    source = Item("source", {
        "id": Field(REFERENCE_SOURCE, 1), "kind": Field("dataset", 1),
        "title": Field("Reference organisations of inspection-graph: councils (GSS and DfE "
                       "codes), inspectorates, government departments and publishers", 1)},
        1, ref_path, REFERENCE_SOURCE)
    items = sorted(used.values(), key=lambda i: i.id)
    return Record(ref_path, source, [], {name: (items if name == "organisations" else [])
                                         for name in SECTIONS}, bundled=True)


def _check_item_refs(item: Item, schema: dict, defined: dict, sources: dict,
                     errors: list[RecordError], broken: set[str] = frozenset()) -> None:
    label = f"{item.section} {item.id!r}"
    if item.section == "mentions":
        label = "mentions"
    if (item.section in SECTIONS and "evidence" not in item.fields
            and "cited" not in item.fields and item.complete):
        errors.append(item.error(f"{label}: give 'evidence' spans, or name the source that "
                                 "states it with 'cited'"))
    if "cited" in item.fields and item.get("cited") not in sources:
        errors.append(item.error(f"{label}: cites unknown source {item.get('cited')!r}", "cited"))
    for name, f in item.fields.items():
        kind = schema.get(name, ("", False))[0]
        if f.cited is not None and f.cited not in sources:
            errors.append(item.error(f"{label}: field {name!r} cites unknown source "
                                     f"{f.cited!r}", name))
        if name == "evidence":
            for span in f.value:
                if span.source not in sources:
                    errors.append(RecordError(item.path, span.line, f"{label}: evidence points "
                                              f"into unknown source {span.source!r}"))
        if not kind.startswith(("ref:", "refs:")):
            continue
        targets = kind.split(":", 1)[1].split("|")
        for value in (f.value if kind.startswith("refs:") else [f.value]):
            if value in broken or any(value in defined[t] for t in targets):
                continue
            hint = ""
            if "organisations" in targets:
                hint = (" (define it under 'organisations', or refer to a reference entity: "
                        "council:GSS-CODE, council:NAME, ofsted, department-for-education ...; "
                        "see docs/records.md)")
                if value.startswith("council:"):
                    hint = " (no council of the council-name table has that GSS code or name)"
            errors.append(item.error(f"{label}: field {name!r} refers to unknown "
                                     f"{' or '.join(targets)} id {value!r}{hint}", name))
