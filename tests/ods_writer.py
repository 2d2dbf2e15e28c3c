"""Write small ODS workbooks with odfpy for tests: title rows, typed dates, hyperlinks."""

from __future__ import annotations

import re
from pathlib import Path

_DMY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def write_ods(path: Path, sheets: dict[str, list[list[str]]], *, link_column: int | None = 0,
              caption: str = "Ofsted Local Authority Webpage") -> Path:
    """Save ``sheets`` (name -> rows of text) as an ODS workbook.

    Cells written ``dd/mm/yyyy`` become date-typed cells; in rows below a
    sheet's header, cells of ``link_column`` that hold a URL become
    ``HYPERLINK`` formulas showing ``caption``, as in Ofsted's workbook.
    """
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for i, value in enumerate(row):
                m = _DMY.match(value)
                if m:
                    day, month, year = m.groups()
                    cell = TableCell(valuetype="date", datevalue=f"{year}-{month}-{day}T00:00:00")
                    cell.addElement(P(text=value))
                elif i == link_column and value.startswith("http"):
                    cell = TableCell(valuetype="string", stringvalue=caption,
                                     formula=f'of:=HYPERLINK("{value}";"{caption}")')
                    cell.addElement(P(text=caption))
                elif value:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=value))
                else:
                    cell = TableCell()
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path
