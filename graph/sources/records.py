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
    "read_record", "read_records", "check_references",
]

FORMAT_VERSION = 1

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
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
        "framework": ("enum:ilacs,sif", True), "type": ("concept:inspection-type", True),
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
JUDGEMENT_FIELDS: dict[str, tuple[str, bool]] = {
    "area": ("id", True), "grade": ("concept:grade", True), "evidence": ("evidence", False),
}
for _schema in SECTIONS.values():
    _schema["cited"] = ("id", False)
TOP_LEVEL = {"format", "source", "cites", *SECTIONS}


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
    if kind == "id" or kind.startswith(("ref:", "concept:")):
        if not isinstance(value, str) or not ID_RE.match(value):
            return bad("expected an id of lower-case letters, digits and '-'")
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
        inner = "str" if kind == "strs" else "id"
        out = [_check_value(inner, v, name, errors) for v in value]
        return None if None in out else out
    raise AssertionError(f"unknown field kind {kind}")


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
    return Item(section, fields, item_line, path, source_id)


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
    path = Path(path)
    spath = str(path)
    data = _load_yaml(path)
    errors: list[RecordError] = []
    if not isinstance(data, dict):
        raise RecordErrors([RecordError(spath, 1, "a record must be a YAML mapping with a "
                                        "'source' key")])
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
        raise RecordErrors(errors)
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
    for name, schema in SECTIONS.items():
        items = []
        for raw in _as_list(data.get(name, []), name, spath, key_lines, errors):
            item = _parse_item(name, raw, schema, spath, source_id, key_lines.get(name, 1), errors)
            if item is not None:
                items.append(item)
        sections[name] = items
    if errors or source is None:
        raise RecordErrors(errors or [RecordError(spath, 1, "invalid 'source'")])
    for item in sections["people"]:
        if "name" not in item.fields and "label" not in item.fields:
            errors.append(item.error(f"people {item.id!r}: give a 'name', or a 'label' for an "
                                     "unnamed person"))
    for item in sections["organisations"]:
        if item.get("type") == "council" and "gss" not in item.fields:
            errors.append(item.error(f"organisations {item.id!r}: a council needs its 'gss' code"))
    for item in sections["statistics"]:
        problem = number_problem(item.get("value"), item.get("unit"))
        if problem:
            errors.append(item.error(f"statistics {item.id!r}: field 'value': {problem} for "
                                     f"unit {item.get('unit')!r}, got {item.get('value')!r}",
                                     "value"))
    if errors:
        raise RecordErrors(errors)
    return Record(spath, source, cites, sections)


def _as_list(value: Any, name: str, path: str, key_lines: dict,
             errors: list[RecordError]) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(RecordError(path, key_lines.get(name), f"{name!r} must be a list"))
        return []
    return value


def read_records(folder: str | Path = BUNDLED_RECORDS) -> list[Record]:
    """Parse every ``*.yaml`` record of ``folder`` (or a single file) and check references.

    Raises
    ------
    RecordErrors
        Every problem found across the files, each naming file and line.
    """
    folder = Path(folder)
    if folder.is_file():
        paths = [folder]
    elif folder.is_dir():
        paths = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    else:
        raise RecordErrors([RecordError(str(folder), None, "no such file or folder")])
    if not paths:
        raise RecordErrors([RecordError(str(folder), None, "no *.yaml record files here")])
    records, errors = [], []
    for path in paths:
        try:
            records.append(read_record(path))
        except RecordErrors as exc:
            errors.extend(exc.errors)
        except RecordError as exc:
            errors.append(exc)
    if errors:
        raise RecordErrors(errors)
    check_references(records)
    return records


def check_references(records: list[Record]) -> None:
    """Check ids are unique and every reference names an id of the right section.

    Raises
    ------
    RecordErrors
        Duplicate ids, dangling references, unknown cited sources.
    """
    errors: list[RecordError] = []
    defined: dict[str, dict[str, Item]] = {name: {} for name in SECTIONS}
    sources: dict[str, Item] = {}
    for record in records:
        for src in [record.source, *record.cites]:
            prior = sources.get(src.id)
            if prior is not None and record.source is src and prior.section == "source":
                errors.append(src.error(f"duplicate source id {src.id!r} (also at "
                                        f"{prior.path}:{prior.line})", "id"))
            if prior is None or src.section == "source":
                sources[src.id] = src
        for item in record.items():
            prior = next((defined[s][item.id] for s in SECTIONS if item.id in defined[s]), None)
            if prior is not None:
                errors.append(item.error(f"duplicate id {item.id!r} (also defined at "
                                         f"{prior.path}:{prior.line})", "id"))
                continue
            defined[item.section][item.id] = item
    for record in records:
        for item in [*record.items(), record.source, *record.cites]:
            schema = SECTIONS.get(item.section, SOURCE_FIELDS)
            _check_item_refs(item, schema, defined, sources, errors)
            for judgement in item.get("judgements") or []:
                _check_item_refs(judgement, JUDGEMENT_FIELDS, defined, sources, errors)
    if errors:
        raise RecordErrors(errors)


def _check_item_refs(item: Item, schema: dict, defined: dict, sources: dict,
                     errors: list[RecordError]) -> None:
    label = f"{item.section} {item.id!r}"
    if (item.section in SECTIONS and "evidence" not in item.fields
            and "cited" not in item.fields):
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
        if not kind.startswith("ref:"):
            continue
        targets = kind[4:].split("|")
        if not any(f.value in defined[t] for t in targets):
            errors.append(item.error(f"{label}: field {name!r} refers to unknown "
                                     f"{' or '.join(targets)} id {f.value!r}", name))
