"""Hostile inputs are refused before they can hurt: one line naming where, exit status 1.

Each input is made here, small, in ``tmp_path``: a record whose URL breaks the IRI
grammar, a YAML alias bomb, deep nesting, an ODS that repeats an empty row 40 million
times, workforce figures of NaN, infinity and negative rates. They go through the
real command line (click's runner) and the API, and nothing may be written.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from graph.cli import main
from graph.errors import ImportFormatError, RecordErrors, StoreError

pytestmark = pytest.mark.reliability

MINI = FIXTURES / "records" / "mini.yaml"
CSWW = FIXTURES / "dfe" / "csww.csv"
HISTORY = FIXTURES / "ofsted" / "history.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def run_apart(*args) -> subprocess.CompletedProcess:
    """The command in a process of its own (each one opens and closes its store)."""
    return subprocess.run([sys.executable, "-c", "from graph.cli import main; main()",
                           *map(str, args)], capture_output=True, text=True, timeout=300)


def one_error(result, expected: str) -> None:
    """The command failed with exit status 1 and said exactly ``Error: expected``."""
    status = getattr(result, "exit_code", getattr(result, "returncode", None))
    assert status == 1, result.stderr
    if getattr(result, "exception", None) is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.splitlines()[-1:] == [f"Error: {expected}"], result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == \
        [f"Error: {expected}"]
    assert "Traceback" not in result.stderr + result.stdout


def line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` holding ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def mini_with(tmp_path: Path, old: str, new: str, name: str = "mini.yaml") -> Path:
    """A copy of the fixture record with ``old`` replaced by ``new`` (which must be there)."""
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    folder = tmp_path / "records"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def peak_memory(func, *args) -> tuple[int, BaseException | None]:
    """The peak of Python's allocations while ``func(*args)`` runs, and what it raised."""
    tracemalloc.start()
    raised = None
    try:
        func(*args)
    except Exception as exc:  # the error is the point: returned for the caller to check
        raised = exc
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, raised


# --- records: IRIs and URLs --------------------------------------------------------------------

POISON = 'https://gazette.example/"<b>'


def test_a_poisoned_url_is_refused_by_validate_with_file_and_line(tmp_path):
    path = mini_with(tmp_path, "label: Northmoor Gazette,",
                     f"label: Northmoor Gazette, url: '{POISON}',")
    line = line_of(path, POISON)
    expected = (f"{path}:{line}: organisations 'northmoor-gazette': field 'url': expected an "
                "http(s) URL (not a valid IRI: Invalid IRI code point '\"'), got "
                "'https://gazette.example/\"<b>'")
    one_error(run("validate", "--records", path), expected)
    from graph.sources.records import read_records

    with pytest.raises(RecordErrors) as err:
        read_records(path.parent)
    assert [(e.path, e.line) for e in err.value.errors] == [(str(path), line)]


def test_a_poisoned_url_stops_a_build_into_oxigraph_before_any_write(tmp_path):
    store = tmp_path / "store"
    good = run_apart("build", "--records", FIXTURES / "records", "--store",
                     f"oxigraph:{store}", "--out", tmp_path / "first", "--no-views")
    assert good.returncode == 0, good.stderr
    before = _quads(store)
    assert before
    path = mini_with(tmp_path, "label: Northmoor Gazette,",
                     f"label: Northmoor Gazette, url: '{POISON}',")
    out = tmp_path / "second"
    result = run_apart("build", "--records", path.parent, "--store", f"oxigraph:{store}",
                       "--out", out, "--no-views")
    one_error(result, f"{path}:{line_of(path, POISON)}: organisations 'northmoor-gazette': "
              "field 'url': expected an http(s) URL (not a valid IRI: Invalid IRI code point "
              "'\"'), got 'https://gazette.example/\"<b>'")
    assert not out.exists()
    assert _quads(store) == before


def _quads(store: Path) -> set:
    from graph.store.oxigraph import OxigraphStore

    opened = OxigraphStore(str(store), read_only=True)
    try:
        return set(opened.quads())
    finally:
        opened.close()


@pytest.mark.parametrize("old, new, field, message", [
    ("title: \"Fictional local authority code list\",",
     "title: \"Fictional local authority code list\", url: 'https://codes.example/{x}',",
     "cites 'mini-codes': field 'url'",
     "expected an http(s) URL (not a valid IRI: Invalid IRI code point '{'), got "
     "'https://codes.example/{x}'"),
    ("sha256: 8da6", "url: 'https://', sha256: 8da6", "source 'mini-news': field 'url'",
     "expected an http(s) URL (no host name after http(s)://), got 'https://'"),
    ("    start: \"2022-05\"\n",
     "    start: \"2022-05\"\n    report_url: 'http://reports.example:99x/1'\n",
     "inspections 'northmoor-2022': field 'report_url'",
     "expected an http(s) URL (not a valid IRI: Invalid character 'x'), got "
     "'http://reports.example:99x/1'"),
    ("label: Office for Fictional Standards,",
     "label: Office for Fictional Standards, url: 'ftp://ofs.example/',",
     "organisations 'mini-inspectorate': field 'url'",
     "expected an http(s) URL, got 'ftp://ofs.example/'"),
    ("label: Office for Fictional Standards,",
     "label: Office for Fictional Standards, url: 'https://ofs.example/a b',",
     "organisations 'mini-inspectorate': field 'url'",
     "expected an http(s) URL (not a valid IRI: Invalid IRI code point ' '), got "
     "'https://ofs.example/a b'"),
])
def test_every_url_field_of_a_record_is_checked(tmp_path, old, new, field, message):
    path = mini_with(tmp_path, old, new)
    bad = new.split("'")[1]
    one_error(run("validate", "--records", path),
              f"{path}:{line_of(path, bad)}: {field}: {message}")


# --- records: YAML bombs and odd values ------------------------------------------------------

def _alias_bomb(path: Path) -> Path:
    """Nine levels of nine aliases each: about 400 million strings once expanded."""
    lines = ["format: 1", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 1024
    return path


def test_a_yaml_alias_bomb_is_refused_at_once_in_little_memory(tmp_path):
    from graph.sources.records import read_records

    path = _alias_bomb(tmp_path / "bomb.yaml")
    expected = f"{path}:3: YAML aliases (*name) are not allowed in records: write the value out"
    started = time.perf_counter()
    one_error(run("validate", "--records", path), expected)
    assert time.perf_counter() - started < 10
    peak, raised = peak_memory(read_records, path)
    assert isinstance(raised, RecordErrors) and str(raised) == expected
    assert peak < 5 * 2**20, peak


def test_even_one_alias_is_refused(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace(
        "publisher: mini-inspectorate}", "publisher: &p mini-inspectorate}").replace(
        "inspectorate: mini-inspectorate\n    framework: ilacs\n    type: standard\n"
        "    start: \"2022-05\"", "inspectorate: *p\n    framework: ilacs\n    type: standard\n"
        "    start: \"2022-05\""), encoding="utf-8")
    one_error(run("validate", "--records", path),
              f"{path}:{line_of(path, '*p')}: YAML aliases (*name) are not allowed in records: "
              "write the value out")


@pytest.mark.parametrize("nesting", ["[" * 5000 + "]" * 5000,
                                     "{a: " * 3000 + "1" + "}" * 3000])
def test_deep_nesting_is_one_line_not_a_recursion_error(tmp_path, nesting):
    path = tmp_path / "deep.yaml"
    path.write_text(f"format: 1\nsource: {nesting}\n", encoding="utf-8")
    one_error(run("validate", "--records", path),
              f"{path}:2: lists and mappings nested more than 20 deep")


def test_the_records_need_far_less_nesting_than_the_bound():
    import yaml

    from graph.files import BUNDLED_RECORDS
    from graph.sources.records import MAX_DEPTH

    def depth(node) -> int:
        children = ([v for pair in node.value for v in pair]
                    if isinstance(node, yaml.MappingNode) else
                    node.value if isinstance(node, yaml.SequenceNode) else [])
        return 1 + max((depth(c) for c in children), default=0)

    for path in [*BUNDLED_RECORDS.glob("*.yaml"), MINI]:
        text = path.read_text(encoding="utf-8")
        assert not any(isinstance(t, yaml.AliasToken) for t in yaml.scan(text)), path
        assert depth(yaml.compose(text)) <= MAX_DEPTH // 2, path


def test_a_list_as_a_key_is_one_line(tmp_path):
    path = tmp_path / "key.yaml"
    path.write_text("format: 1\n? [a, b]\n: c\nsource: {id: x}\n", encoding="utf-8")
    one_error(run("validate", "--records", path),
              f"{path}:2: malformed YAML: a key must be plain text, not a list or mapping")


@pytest.mark.parametrize("value, shown", [(".inf", "inf"), ("-.inf", "-inf"), (".nan", "nan"),
                                          ("1.0e+999", "inf")])
def test_infinity_and_nan_in_a_record_are_refused(tmp_path, value, shown):
    path = mini_with(tmp_path, "value: 40, unit", f"value: {value}, unit")
    one_error(run("validate", "--records", path),
              f"{path}:{line_of(path, 'mini-same-worker-share')}: statistics "
              f"'mini-same-worker-share': field 'value': expected a finite number, got {shown}")


@pytest.mark.parametrize("value, unit, problem", [
    ("140", "percent", "out of range for a rate (expected 0 to 100)"),
    ("-0.5", "percent", "out of range for a rate (expected 0 to 100)"),
    ("-3", "count", "negative (expected 0 or more)"),
])
def test_statistics_in_a_record_are_range_checked(tmp_path, value, unit, problem):
    path = mini_with(tmp_path, "value: 40, unit: percent", f"value: {value}, unit: {unit}")
    one_error(run("validate", "--records", path),
              f"{path}:{line_of(path, 'mini-same-worker-share')}: statistics "
              f"'mini-same-worker-share': field 'value': {problem} for unit '{unit}', got "
              f"{value}")


def test_a_whole_number_too_long_for_python_is_one_line(tmp_path):
    path = mini_with(tmp_path, "value: 40, unit", f"value: {'9' * 5000}, unit")
    one_error(run("validate", "--records", path),
              f"{path}:{line_of(path, 'mini-same-worker-share')}: malformed YAML: a whole "
              "number with too many digits")


def test_unhashable_sources_and_citations_are_one_line_each(tmp_path):
    path = mini_with(tmp_path, "label: Northmoor Gazette, evidence: [[661, 678]]",
                     "label: Northmoor Gazette, evidence: [{source: [1, 2], span: [661, 678]}]")
    one_error(run("validate", "--records", path),
              f"{path}:{line_of(path, 'source: [1, 2]')}: organisations 'northmoor-gazette': "
              "field 'evidence': expected a source id, got [1, 2]")
    path = mini_with(tmp_path, "gss: {value: E06009999, cited: mini-codes}",
                     "gss: {value: E06009999, cited: [x]}", "cited.yaml")
    one_error(run("validate", "--records", path),
              f"{path}:{line_of(path, 'cited: [x]')}: organisations 'northmoor': field 'gss': "
              "'cited' expects a source id, got ['x']")


def test_a_huge_bad_value_gives_a_short_message(tmp_path):
    path = mini_with(tmp_path, "role: director-of-childrens-services, in: northmoor,",
                     f"role: director-of-childrens-services, in: 'X{'y' * 1_000_000}',")
    result = run("validate", "--records", path)
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("Error")]
    assert line.startswith(f"Error: {path}:{line_of(path, 'northmoor-dcs')}: posts "
                           "'northmoor-dcs': field 'in': expected an id of lower-case letters")
    assert len(line) < 400


# --- ODS workbooks ---------------------------------------------------------------------------

HEADER = ["Local authority area code", "Local authority name", "Inspection date"]
DATA = ["E06009999", "Northmoor", "11/03/2024"]


def _ods(path: Path, rows: list[tuple[dict, list[str]]]) -> Path:
    """An ODS workbook of one sheet ``Data``: each row its attributes and its cells' texts
    (a cell of ``(text, attributes)`` carries attributes of its own)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Data")
    for attributes, values in rows:
        row = TableRow(**attributes)
        for value in values:
            text, cell_attributes = value if isinstance(value, tuple) else (value, {})
            cell = TableCell(valuetype="string", **cell_attributes) if text else \
                TableCell(**cell_attributes)
            if text:
                cell.addElement(P(text=text))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def test_an_empty_row_repeated_40_million_times_is_refused_quickly(tmp_path):
    from graph.sources.tables import read_ods

    path = _ods(tmp_path / "bomb.ods", [({}, HEADER), ({"numberrowsrepeated": 40_000_000}, [""]),
                                        ({}, DATA)])
    expected = (f"{path}, sheet 'Data', row 40000002: data beyond the 1,048,576 rows a sheet "
                "can hold (blank rows repeated above it)")
    started = time.perf_counter()
    store = tmp_path / "store"
    one_error(run("import", "ofsted", path, "--store", f"oxigraph:{store}"), expected)
    assert time.perf_counter() - started < 10
    if store.exists():  # opened for the import, and left empty
        assert not _quads(store)
    peak, raised = peak_memory(read_ods, path)
    assert isinstance(raised, ImportFormatError) and str(raised) == expected
    assert raised.sheet == "Data" and raised.row == 40_000_002
    assert peak < 20 * 2**20, peak


def test_trailing_repeated_empty_rows_and_cells_are_not_materialised(tmp_path):
    from graph.sources.tables import read_ods

    path = _ods(tmp_path / "padded.ods", [
        ({}, HEADER + [("", {"numbercolumnsrepeated": 16_000})]),
        ({}, DATA), ({"numberrowsrepeated": 40_000_000}, [("", {"numbercolumnsrepeated": 50})])])
    peak, raised = peak_memory(read_ods, path)
    assert raised is None
    assert peak < 20 * 2**20, peak
    assert [[c.text for c in row] for row in read_ods(path)["Data"]] == [HEADER, DATA]


@pytest.mark.parametrize("what, value", [("rows", "abc"), ("rows", "-5"), ("rows", "0"),
                                         ("rows", "1.5"), ("columns", "x"), ("columns", "-1")])
def test_a_bad_repeat_attribute_is_one_line_naming_sheet_and_row(tmp_path, what, value):
    if what == "rows":
        rows = [({}, HEADER), ({}, DATA), ({"numberrowsrepeated": value}, DATA)]
    else:
        rows = [({}, HEADER), ({}, DATA), ({}, [("E06009998", {"numbercolumnsrepeated": value})])]
    path = _ods(tmp_path / "bad.ods", rows)
    for kind in ("ofsted", "workforce", "neighbours"):
        one_error(run("import", kind, path),
                  f"{path}, sheet 'Data', row 3: table:number-{what}-repeated='{value}' is not "
                  "a whole number from 1")


def test_a_repeat_of_thousands_of_digits_is_one_line(tmp_path):
    value = "9" * 5000
    path = _ods(tmp_path / "huge.ods", [({}, HEADER), ({"numberrowsrepeated": value}, DATA)])
    one_error(run("import", "ofsted", path),
              f"{path}, sheet 'Data', row 2: table:number-rows-repeated='{'9' * 78}… is too "
              "large")


def test_a_cell_repeated_beyond_the_last_column_is_refused(tmp_path):
    path = _ods(tmp_path / "wide.ods", [
        ({}, HEADER), ({}, DATA + [("", {"numbercolumnsrepeated": 20_000}), "late"])])
    one_error(run("import", "ofsted", path),
              f"{path}, sheet 'Data', row 2: data beyond the 16,384 columns a sheet can hold "
              "(blank cells repeated before it)")


def test_a_data_row_repeated_a_million_times_exceeds_the_cell_budget(tmp_path):
    from graph.sources.tables import read_ods

    path = _ods(tmp_path / "many.ods", [
        ({}, HEADER), ({"numberrowsrepeated": 1_000_000}, DATA + ["x", "y"])])
    expected = (f"{path}, sheet 'Data', row 2: more than 4,000,000 cells to read (repeated rows "
                "or cells)")
    peak, raised = peak_memory(read_ods, path)
    assert str(raised) == expected
    assert peak < 20 * 2**20, peak
    one_error(run("import", "workforce", path), expected)


def test_an_oversized_content_xml_is_refused_before_it_is_parsed(tmp_path):
    from graph.sources.tables import MAX_CONTENT_BYTES

    path = tmp_path / "zipbomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<" + b" " * MAX_CONTENT_BYTES)
    assert path.stat().st_size < 200_000
    one_error(run("import", "ofsted", path),
              f"{path}: content.xml is 33,554,433 bytes uncompressed, more than the 33,554,432 "
              "read")


# --- numbers of the official tables --------------------------------------------------------------

def _csv_with(tmp_path: Path, source: Path, row: int, column: str, value: str) -> Path:
    with open(source, newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    table[row - 1][table[0].index(column)] = value
    path = tmp_path / source.name
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    return path


@pytest.mark.parametrize("column, value, problem", [
    ("turnover_rate_fte", "nan", "'nan' is not a finite number"),
    ("turnover_rate_fte", "NaN", "'NaN' is not a finite number"),
    ("agency_rate_fte", "inf", "'inf' is not a finite number"),
    ("vacancy_rate_fte", "1e999", "'1e999' is not a finite number"),
    ("absence_rate_fte", "-1e999", "'-1e999' is not a finite number"),
    ("turnover_rate_fte", "-3", "'-3' is out of range for a rate (expected 0 to 100)"),
    ("agency_rate_fte", "100.5", "'100.5' is out of range for a rate (expected 0 to 100)"),
    ("caseload_fte", "-15", "'-15' is negative (expected 0 or more)"),
    ("inpost_fte", "1e12", "'1e12' is implausibly large (expected at most 1,000,000,000)"),
    ("caseload_fte", "1_000", "'1_000' is not a number (nor a suppression marker such as x, z, "
                              "c or u)"),
])
def test_workforce_figures_are_range_checked(tmp_path, column, value, problem):
    from graph.sources.workforce import import_workforce
    from graph.store.memory import MemoryStore

    path = _csv_with(tmp_path, CSWW, 5, column, value)
    expected = f"{path}, row 5, column '{column}': {problem}"
    one_error(run("import", "workforce", path), expected)
    store = MemoryStore()
    with pytest.raises(ImportFormatError) as err:
        import_workforce(store, path)
    assert str(err.value) == expected
    assert (err.value.row, err.value.column) == (5, column)
    assert len(store.dataset) == 0


def test_the_workforce_bounds_keep_every_good_figure(tmp_path):
    path = _csv_with(tmp_path, CSWW, 5, "turnover_rate_fte", "100")
    path = _csv_with(tmp_path, path, 4, "agency_rate_fte", "0")
    result = run("import", "workforce", path)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("column, value, problem", [
    ("Web link", "https://reports.example.org/{44}/999",
     "malformed report link 'https://reports.example.org/{44}/999' (not a valid IRI: Invalid "
     "IRI code point '{')"),
    ("Web link", "https://reports.example.org/44|999",
     "malformed report link 'https://reports.example.org/44|999' (not a valid IRI: Invalid IRI "
     "code point '|')"),
    ("Inspection date", "01/01/1900", "date 1900-01-01 out of range (expected 1992 to "),
    ("Publication date", "2999-01-01", "date 2999-01-01 out of range (expected 1992 to "),
])
def test_outcome_links_and_dates_are_checked(tmp_path, column, value, problem):
    import datetime

    from graph.sources.outcomes import import_outcomes
    from graph.store.memory import MemoryStore

    if problem.endswith(" to "):
        problem += f"{datetime.date.today().year + 1})"
    path = _csv_with(tmp_path, HISTORY, 3, column, value)
    expected = f"{path}, row 3, column '{column}': {problem}"
    one_error(run("import", "ofsted", path), expected)
    store = MemoryStore()
    with pytest.raises(ImportFormatError) as err:
        import_outcomes(store, path)
    assert str(err.value) == expected
    assert len(store.dataset) == 0


# --- load_file formats -----------------------------------------------------------------------

@pytest.fixture(params=["memory", "oxigraph"])
def empty_store(request):
    from graph.store.memory import MemoryStore
    from graph.store.oxigraph import OxigraphStore

    return MemoryStore() if request.param == "memory" else OxigraphStore()


def test_load_file_reads_turtle_into_a_named_graph(tmp_path, empty_store):
    path = tmp_path / "people.ttl"
    path.write_text("@prefix ex: <https://example.org/> .\nex:a ex:knows ex:b .\n",
                    encoding="utf-8")
    empty_store.load_file(path, format="turtle")
    assert [str(g) for g in empty_store.graph_names()] == [path.resolve().as_uri()]
    empty_store.load_file(path, format="ttl", graph="https://example.org/graph/people")
    assert sorted(str(g) for g in empty_store.graph_names()) == [
        path.resolve().as_uri(), "https://example.org/graph/people"]
    rows = empty_store.query("SELECT ?o WHERE { <https://example.org/a> ?p ?o }").rows
    assert [str(r[0]) for r in rows] == ["https://example.org/b"]


@pytest.mark.parametrize("fmt", ["rdfxml", "json-ld", "", "TURTLE2"])
def test_load_file_names_the_formats_it_reads(tmp_path, empty_store, fmt):
    path = tmp_path / "x.nq"
    path.write_text("", encoding="utf-8")
    with pytest.raises(StoreError) as err:
        empty_store.load_file(path, format=fmt)
    assert str(err.value) == (f"unknown RDF format {fmt!r}: load_file reads nquads, trig, "
                              "turtle or ntriples")
    assert not empty_store.graph_names()


def test_load_file_refuses_a_graph_name_for_quads(tmp_path, empty_store):
    path = tmp_path / "x.nq"
    path.write_text("<https://e.org/a> <https://e.org/p> <https://e.org/b> <https://e.org/g> .\n",
                    encoding="utf-8")
    with pytest.raises(StoreError, match="a nquads file names its own graphs"):
        empty_store.load_file(path, format="N-Quads", graph="https://e.org/other")
    empty_store.load_file(path, format="N-Quads")
    assert [str(g) for g in empty_store.graph_names()] == ["https://e.org/g"]


# --- the analysis report ---------------------------------------------------------------------

def test_analysis_md_shows_labels_as_text_not_html(tmp_path):
    import graph
    from graph.analysis.report import write_report

    hostile = '<img src=x onerror="alert(1)"> *Hollins* [x](javascript:alert(1))'
    path = mini_with(tmp_path, "name: Priya Hollins,", f"name: '{hostile}',")
    written = write_report(graph.load(path.parent, validate=False), tmp_path / "report",
                           made="2026-01-02")
    md = written["analysis.md"].read_text(encoding="utf-8")
    assert "<" not in md  # every label's HTML shown as text
    assert "[x](" not in md and " *Hollins*" not in md  # no link, no emphasis
    assert ('&lt;img src=x onerror="alert(1)"&gt; \\*Hollins\\* \\[x\\](javascript:alert(1))'
            in md)
    page = written["analysis.html"].read_text(encoding="utf-8")
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
