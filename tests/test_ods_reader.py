"""The streaming ODS reader: shown text, dates, links and repeats as a spreadsheet holds them."""

from __future__ import annotations

import zipfile

import pytest

from graph.errors import ImportFormatError
from graph.sources.tables import Cell, read_ods

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink"')


MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>")


def workbook(path, tables: str):
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    return path


LINKED = ('<table:table-cell><text:p>see <text:a xlink:href="https://example.org/r/2">the '
          "<text:span>report</text:span></text:a></text:p></table:table-cell>")


def test_cells_read_as_shown(tmp_path):
    path = workbook(tmp_path / "w.ods", f"""
      <table:table table:name="Data">
        <table:table-column table:number-columns-repeated="3"/>
        <table:table-header-rows><table:table-row>
          <table:table-cell office:value-type="string"><text:p>Area<text:s text:c="2"/>code</text:p>
          </table:table-cell>
          <table:table-cell><text:p>Line<text:line-break/>two<text:tab/>end</text:p><text:p>more</text:p>
          </table:table-cell>
        </table:table-row></table:table-header-rows>
        <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
        <table:table-row>
          <table:table-cell office:value-type="date" office:date-value="2019-02-25T00:00:00">
            <text:p>25/02/2019</text:p></table:table-cell>
          <table:table-cell table:number-columns-repeated="2"/>
          <table:table-cell office:value-type="string" office:string-value="Page"
              table:formula='of:=HYPERLINK("https://example.org/r/1";"Page")'><text:p>Page</text:p>
          </table:table-cell>
          {LINKED}
          <table:table-cell office:value-type="float" office:value="3.5"/>
          <table:table-cell table:number-columns-repeated="1000"/>
        </table:table-row>
        <table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>
      </table:table>
      <table:table table:name="Empty"/>""")
    sheets = read_ods(path)
    assert list(sheets) == ["Data", "Empty"]
    rows = sheets["Data"]
    assert [c.text for c in rows[0]] == ["Area  code", "Line\ntwo\tend\nmore"]
    assert rows[1] == [] and rows[2] == []  # blank rows keep the positions of those below
    assert rows[3] == [Cell("25/02/2019", "2019-02-25"), Cell(), Cell(),
                       Cell("Page", None, "https://example.org/r/1"),
                       Cell("see the report", None, "https://example.org/r/2"), Cell("3.5")]
    assert len(rows) == 4 and sheets["Empty"] == []


def test_a_bad_repeat_names_sheet_and_row(tmp_path):
    path = workbook(tmp_path / "bad.ods", """
      <table:table table:name="Data"><table:table-row><table:table-cell><text:p>x</text:p>
      </table:table-cell></table:table-row><table:table-row>
      <table:table-cell table:number-columns-repeated="-3"><text:p>y</text:p></table:table-cell>
      </table:table-row></table:table>""")
    with pytest.raises(ImportFormatError, match=r"bad\.ods, sheet 'Data', row 2: "
                       r"table:number-columns-repeated='-3' is not a whole number from 1"):
        read_ods(path)


def test_broken_xml_is_not_a_workbook(tmp_path):
    path = workbook(tmp_path / "broken.ods", "<table:table table:name='Data'><table:table-row>")
    with pytest.raises(ImportFormatError, match="not an ODS workbook"):
        read_ods(path)
