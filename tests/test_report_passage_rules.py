"""A report passage is whole sentences: running headers and footers left out, a paragraph
broken by a page joined again, a list's items kept with their lead-in.

The report is the fictional Northmoor of ``report_fixtures``, written as a PDF and read
by pdftotext; every sentence is invented. The counts over the shared reports are in
``tests/test_report_passages.py``.
"""

from __future__ import annotations

import re

import pytest
from report_fixtures import LOOKUP, lay_out, report_pages, write_pdf

from graph.sources.reports.reading import read_report, running_lines

FOOTER = "Inspection of Northmoor local authority children's services"


def _page(rows: list, number: int) -> list:
    """A page of ``rows`` with the running footer at its foot: title, dates, page number."""
    return lay_out(rows) + [(56.0, 54.0, FOOTER), (56.0, 41.0, "7 to 18 March 2022"),
                            (520.0, 41.0, str(number))]


PAGES = [
    ["The experiences and progress of children who need help and protection",
     "",
     "1.  Managers meet every week to review the plans of children at risk, and they",
     "    record what they decide. Social workers told inspectors that this helps them"],
    ["    to keep each child's plan moving.",
     "",
     "2.  Northmoor's early help teams work with schools and health visitors, and the",
     "    families they support speak well of the help they receive from"],
    ["    Northmoor Family Centres and the voluntary groups of the area.",
     "",
     "3.  Staff turnover has fallen since the last inspection, and most children now keep",
     "    the same social worker for a year or more.",
     "",
     "The council's own figures show that, over the last year, in Northmoor:",
     "\u2022 forty children went home to their families from care",
     "\u2022 twelve young people moved on to live in homes of their own.",
     "",
     "The safeguarding board meets every month, and its members from the police and"],
    ["health attend well. It has agreed three priorities for this year and checks them.",
     "",
     "Independent reviewing officers see children before each review and write to them",
     "afterwards in words the children understand, which the children value."],
]


def _read_northmoor(folder, rows_of_pages: list):
    """The report of Northmoor's first page followed by ``rows_of_pages``, as PDF, read."""
    (folder / "Provider_data_lookup.csv").write_text(LOOKUP, encoding="utf-8")
    first = report_pages()[0]
    pages = [first] + [_page(rows, n) for n, rows in enumerate(rows_of_pages, start=2)]
    return read_report(write_pdf(folder / "northmoor - 05 may 2022.pdf", pages))


@pytest.fixture(scope="module")
def northmoor(tmp_path_factory):
    return _read_northmoor(tmp_path_factory.mktemp("northmoor"), PAGES)


def _passage(facts, start: str):
    found = [p for p in facts.passages if p.text.startswith(start)]
    assert len(found) == 1, [p.text[:60] for p in facts.passages]
    return found[0]


def test_running_footers_are_in_no_passage(northmoor):
    assert northmoor.passages
    for p in northmoor.passages:
        assert "Inspection of Northmoor" not in p.text
        assert "7 to 18 March" not in p.text
        assert not re.search(r"\s\d$", p.text), p.text  # no page number at the end


def test_a_sentence_cut_by_a_page_break_is_one_passage(northmoor):
    lower = _passage(northmoor, "Managers meet every week")
    assert lower.text.endswith("this helps them to keep each child's plan moving.")
    assert [s.page for s in lower.spans] == [2, 3]
    capital = _passage(northmoor, "Northmoor's early help teams")
    assert capital.text.endswith("receive from Northmoor Family Centres and the voluntary "
                                 "groups of the area.")
    assert [s.page for s in capital.spans] == [3, 4]


def test_a_first_line_at_the_foot_of_a_page_is_not_taken_for_a_heading(northmoor):
    board = _passage(northmoor, "The safeguarding board meets every month")
    assert "from the police and health attend well." in board.text
    assert [s.page for s in board.spans] == [4, 5]


def test_list_items_that_go_on_with_their_lead_in_stay_with_it(northmoor):
    figures = _passage(northmoor, "The council's own figures show")
    assert figures.text.endswith("in Northmoor: forty children went home to their families "
                                 "from care twelve young people moved on to live in homes of "
                                 "their own.")


def test_a_paragraph_that_ends_its_sentence_is_not_joined_to_the_next(northmoor):
    turnover = _passage(northmoor, "Staff turnover has fallen")
    assert turnover.text.endswith("for a year or more.")
    _passage(northmoor, "Independent reviewing officers see children")
    assert not any(p.text[:1].islower() for p in northmoor.passages)


def test_running_lines_are_those_repeated_at_the_edges_of_pages():
    pages = [f"{FOOTER}\n\nLeaders visit team {n} every week.\nPage {n} of 4\n"
             for n in range(1, 5)]
    found = running_lines(pages)
    # the title and "Page n of 4" on every page, the sentence (its numbers aside) too:
    # it is in the same place on every page
    assert {(1, 0), (2, 0), (3, 0), (4, 0)} <= found
    assert (2, pages[1].index("Page")) in found
    # on two pages only: not running
    assert running_lines(pages[:2]) == set()
    # a line in the middle of a long page is never running
    middle = "\n".join(f"Line {k} of the page." for k in range(12))
    assert running_lines([middle] * 5) & {(1, middle.index("Line 6"))} == set()


@pytest.mark.parametrize("text", [
    "© Crown copyright 2019",
    "Ofsted produces this report under section 20",
    "OFFICE  FOR\nSTANDARDS in education, children's services and skills",
    "Read it under the Open   Government Licence",
    "Write to Piccadilly Gate, Store Street",
    "enquiries@ofsted.gov.uk",
    "Textphone 0161 618 8524",
    "See www.gov.uk/ofsted for more",
    "Sign up at eepurl.com/iTrDn",
    "Ofſted produces this report",           # long s: matches 's' under re.I
    "Open Government L\u0130cence",          # dotted capital I: matches 'i' under re.I
    "Crown copyright, \u212aeep this",       # Kelvin sign, not a word of the pattern
    "Children are seen on time and their plans are reviewed.",
    "The office of the director is open to social workers.",
    "Crown Court proceedings were delayed.",
    "",
])
def test_the_boilerplate_prefilter_finds_what_the_pattern_finds(text):
    """The keyword prefilter before the boilerplate pattern changes no answer, odd letters
    that match ASCII letters only under case folding included."""
    from graph.sources.reports.reading import _BOILERPLATE, _Block, _is_boilerplate
    block = _Block(1, 0, len(text), [text], [0])
    assert _is_boilerplate(block) == (_BOILERPLATE.search(block.text) is not None)



HEADINGS = [
    "What needs to improve", "WHAT  DOES THE LSCB NEED TO IMPROVE?", "Recommendations",
    "Recommendatıons", "Areas for improvement", "Priority and immediate actions",
    "The local authority", "Inspection judgements about the local authority",
    "What does the local authority need to improve?", "The local authorıty",
    "Review of the effectiveness of the Local Safeguarding Children Board",
    "Section 2: the LSCB", "Lſcb", "The Anytown Safeguarding Children's Board (ASCB)",
    "© Crown copyright 2019", "Ofſted produces this report",
    "Children are seen alone", "Leaders know their services well", "",
]


@pytest.mark.parametrize("name", ["_LSCB_SECTION", "_LA_SECTION", "_RECS_HEAD",
                                  "_BOILERPLATE"])
def test_a_block_that_a_heading_pattern_matches_mentions_its_words(name):
    """The word prefilters before the heading patterns never skip a block the pattern
    matches, letters that match ASCII letters only under case folding included."""
    from graph.sources.reports import reading as R

    pattern = getattr(R, name)
    words = {"_LSCB_SECTION": R._PART_WORDS, "_LA_SECTION": R._PART_WORDS,
             "_RECS_HEAD": R._RECS_HEAD_WORDS, "_BOILERPLATE": R._BOILERPLATE_WORDS}[name]
    matched = 0
    for text in HEADINGS:
        block = R._Block(1, 0, len(text), [text], [0])
        if pattern.search(text):
            matched += 1
            assert block.mentions(words), text
    assert matched >= 2  # the list holds headings of every pattern
    assert not R._Block(1, 0, 5, ["Children are seen alone"], [0]).mentions(words)


LSCB_PIECES = ["The effectiveness of the ", "the ", "The  effectiveness of\n   ", "THE ", "An ",
               "-", "Local Safeguarding Children Board ", "Local Safeguarding Children Board "
               "(LSCB) ", "LSCB ", "is ", "requires improvement to be good", "good", "good at",
               "inadequate. ", "outstanding", "the effectiveness of ", "Leaders are good. ",
               "\n", "  ", "is good and ", "the the "]


def test_lscb_sentences_are_found_as_the_whole_pattern_finds_them():
    """Finding the LSCB's grade core first and its lead after gives the matches of the
    whole pattern, start, end and grade, on texts pieced together at random."""
    import random

    from graph.sources.reports.reading import _LSCB, _lscb_matches

    rng = random.Random(7)
    found = 0
    for _ in range(6000):
        text = "".join(rng.choice(LSCB_PIECES) for _ in range(rng.randint(1, 12)))
        want = [(m.start(), m.end(), m.group("g")) for m in _LSCB.finditer(text)]
        assert list(_lscb_matches(text)) == want, text
        found += len(want)
    assert found > 200


def test_a_line_ends_a_sentence_as_the_pattern_says():
    """Every line of up to four of the characters that matter: the same answer as the
    pattern ``[.!?]['’”)]?$``."""
    import itertools

    from graph.sources.reports.reading import _ends_sentence

    pattern = re.compile(r"[.!?]['’”)]?$")
    chars = ["a", ".", "!", "?", "'", "’", "”", ")", " ", "(", '"']
    for n in range(5):
        for letters in itertools.product(chars, repeat=n):
            line = "".join(letters)
            assert _ends_sentence(line) == bool(pattern.search(line)), line


# The back of a report: its summary printed with no blank line under its heading, how the
# inspection was carried out, the area's figures and the publishing notices; none but the
# summary's paragraph and the neutral one before the notices are findings.
BACK_PAGES = [
    ["Executive summary",
     "Northmoor's leaders have kept a steady course this year, and most children now get",
     "help that is timely and well planned by social workers who know them.",
     "",
     "Information about this inspection",
     "Inspectors followed the cases of children and families, read their records, watched",
     "social workers and managers at work and talked with children, carers and partner",
     "agencies about the help they had been given and what it had changed for them.",
     "",
     "The inspection was made under the powers the law gives the inspectorate.",
     "",
     "Information about this local authority area",
     "The council runs four children's homes and an adoption team of twelve staff, and it",
     "shares a fostering panel with two neighbouring councils in the same county."],
    ["Northmoor's children's services moved into a new building in the town centre during",
     "the spring, where the early help and social work teams now sit side by side.",
     "",
     "This publication is available at the inspectorate's website for anyone to read.",
     "",
     "Copies may be made for non-commercial educational purposes, with the source named.",
     "",
     "To get regular email alerts about new publications, sign up on the website.",
     "",
     "A copy in another format, such as large print or Braille, can be asked for by phone."],
]


@pytest.fixture(scope="module")
def northmoor_back(tmp_path_factory):
    return _read_northmoor(tmp_path_factory.mktemp("northmoor-back"), BACK_PAGES)


def test_a_heading_printed_on_the_line_above_its_paragraph_is_not_part_of_it(northmoor_back):
    summary = _passage(northmoor_back, "Northmoor's leaders have kept a steady course")
    assert "Executive summary" not in summary.text
    assert summary.polarity == "strength"


def test_how_the_inspection_was_done_and_the_area_figures_are_not_findings(northmoor_back):
    texts = " ".join(p.text for p in northmoor_back.passages)
    for words in ("Inspectors followed the cases", "under the powers the law gives",
                  "four children's homes"):
        assert words not in texts, words


def test_publishing_notices_are_not_findings(northmoor_back):
    texts = " ".join(p.text for p in northmoor_back.passages)
    for words in ("publication is available", "non-commercial", "email alerts", "Braille"):
        assert words not in texts, words


def test_a_passage_whose_wording_leans_neither_way_has_no_polarity(northmoor_back):
    building = _passage(northmoor_back, "Northmoor's children's services moved")
    assert building.polarity is None and building.themes
