"""Small PDF files written by the tests: a minimal PDF writer and a fictional report.

Everything here is invented: the council "Northmoor" (GSS E99000001, a code no
real council has), its inspectors and every sentence.
"""

from __future__ import annotations

from pathlib import Path

LOOKUP = ("urn,la_code,la_code_new,local_authority_ons_name,also_known_as\n"
          "99001,999,E99000001,Northmoor,[Northmoor Borough]\n")


def write_pdf(path: Path, pages: list[list[tuple[float, float, str]]], *,
              text_layer: bool = True) -> Path:
    """Write a PDF whose pages hold ``(x, y, text)`` lines in Helvetica 10 pt (A4).

    Without ``text_layer`` the pages hold only a filled rectangle (as a scan would).
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if text_layer:
            ops = []
            for x, y, text in lines:
                s = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(") \
                    .replace(b")", b"\\)")
                ops.append(b"BT /F1 10 Tf 1 0 0 1 %.1f %.1f Tm (" % (x, y) + s + b") Tj ET")
            stream = b"\n".join(ops)
        else:
            stream = b"0.5 g 50 50 400 600 re f"
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                             + b"] /Count %d >>" % len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path


def lay_out(rows: list) -> list[tuple[float, float, str]]:
    """Lines top to bottom: a string (left margin), ``""`` (a blank line) or
    ``(left, right)`` (a table row, the right cell at x = 330)."""
    y, out = 790.0, []
    for row in rows:
        if isinstance(row, tuple):
            left, right = row
            if left:
                out.append((56.0, y, left))
            if right:
                out.append((330.0, y, right))
        elif row:
            indent = 56.0 + 6.0 * (len(row) - len(row.lstrip()))
            out.append((indent, y, row.strip()))
        y -= 13.0
    return out


GRADES = {"leaders": "Good", "help": "Requires improvement to be good", "care": "Good",
          "leavers": "Inadequate", "overall": "Requires improvement to be good"}


def report_pages(dates: str = "7 to 18 March 2022", grades: dict | None = None) -> list:
    """The pages of a fictional ILACS report on Northmoor."""
    g = {**GRADES, **(grades or {})}
    page1 = lay_out([
        "Inspection of Northmoor local authority",
        "children's services",
        f"Inspection dates: {dates}",
        "Lead inspector: Ada Quill, His Majesty's Inspector",
        "",
        ("Judgement", "Grade"),
        "",
        ("The impact of leaders on social work", g["leaders"]),
        ("practice with children and families", ""),
        "",
        ("The experiences and progress of", g["help"]),
        ("children who need help and protection", ""),
        "",
        ("The experiences and progress of", g["care"]),
        ("children in care", ""),
        "",
        ("The experiences and progress of care", g["leavers"]),
        ("leavers", ""),
        "",
        ("Overall effectiveness", g["overall"]),
        "",
        "Leaders in Northmoor have steadied the service since the last visit, and the team of",
        "managers now meets every week to review the cases of children at risk of harm.",
        "",
        "Young people leaving care wait too long for a home of their own, and too few of them",
        "have a personal adviser who knows them well. Pathway plans are often out of date.",
        "",
        "What needs to improve?",
        "\u2022 The timeliness of pathway plans for young people leaving care.",
        "\u2022 The stability of the workforce, so that children keep the same social worker.",
        "\u2022 Supervision of frontline managers by senior leaders.",
    ])
    page2 = lay_out([
        "The experiences and progress of children who need help and",
        "protection: requires improvement to be good",
        "",
        "1.  Families who ask for early help receive a prompt reply, and the multi-agency hub",
        "    shares information quickly with the police and schools.",
        "",
        "2.  Child protection conferences are not always held on time, and some plans drift",
        "    for months without any change for the child.",
        "",
        "The experiences and progress of children in care: good",
        "",
        "3.  Foster carers receive good training and feel well supported by the council, which",
        "    has recruited thirty new carers this year.",
    ])
    return [page1, page2]


def write_report(folder: Path, name: str = "northmoor - 05 may 2022.pdf", *,
                 lookup: bool = True, **kwargs) -> Path:
    """Write the fictional report (and the lookup CSV beside it) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    if lookup:
        (folder / "Provider_data_lookup.csv").write_text(LOOKUP, encoding="utf-8")
    return write_pdf(folder / name, report_pages(**kwargs))
