"""The hard layouts of SIF-era reports, each read right or flagged, never silently wrong.

Every page here is a small text written for the test in the shape pdftotext's layout mode
gives those layouts (grade words above and below a label, a table broken by a page, wrapped
or reworded overall sentences, two fieldwork periods, odd dashes, inspectors' names with
initials or titles, recommendation lists with sub-bullets, topic sub-headings, footnotes and
an LSCB part). The council is the fictional Northmoor of ``report_fixtures``; no sentence of
a real report is used.
"""

from __future__ import annotations

import pytest
from report_fixtures import lay_out, write_pdf, write_report

from graph.sources.reports.reading import parse_periods, read_report

COL = 55  # where the grade column starts in the table lines below


def row(label: str, grade: str, indent: int = 0) -> str:
    return " " * indent + label.ljust(COL - indent) + grade


TABLE = [
    row("1. Children who need help and protection", "Good"),
    row("2. Children looked after and achieving permanence", "Good"),
    row("2.1 Adoption performance", "Outstanding", 8),
    row("2.2 Experiences and progress of care leavers", "Good", 8),
    row("3. Leadership, management and governance", "Good"),
]


def first_page(table: list[str], overall: str = "Children’s services in Northmoor are good",
               dates: str = "11 January 2016 to 4 February 2016", extra: str = "") -> str:
    return ("Northmoor Borough Council\n"
            "Inspection of services for children in need of help and\n"
            "protection, children looked after and care leavers\n"
            f"Inspection date: {dates}\n"
            "Report published: 29 March 2016\n\n"
            f"{overall}\n" + "\n\n".join(table) + "\n\n" + extra + "\n\n\n" + " " * 70 + "1\n")


@pytest.fixture
def pdf(tmp_path):
    """A report file for the reader to hash; the tests hand it the pages' text."""
    return write_report(tmp_path / "99001_northmoor", "northmoor - 29 march 2016.pdf")


def read(pdf, *pages: str):
    return read_report(pdf, pages=list(pages))


def _table_warnings(facts) -> list[str]:
    return [w for w in facts.warnings if "judgement" in w or "LSCB" in w]


def grades(facts) -> dict[str, str]:
    return {j.area: j.grade for j in facts.judgements}


# --- judgement tables ------------------------------------------------------------------------
def test_a_plain_table_and_overall_sentence(pdf):
    facts = read(pdf, first_page(TABLE))
    assert facts.framework == "sif" and facts.type == "sif-inspection"
    assert grades(facts) == {"overall-effectiveness": "good", "help-and-protection": "good",
                             "looked-after-and-permanence": "good", "adoption": "outstanding",
                             "care-leavers": "good", "leadership-management-governance": "good"}
    assert facts.uncertain == [] and not _table_warnings(facts)


def test_grade_words_above_and_below_a_one_line_label(pdf):
    wrapped = "\n".join([" " * COL + "Requires",
                         row("1. Children who need help and protection", "improvement to be"),
                         " " * COL + "good"])
    # the label wraps too, its second line between the grade's second and third lines
    two_line = "\n".join([" " * COL + "Requires",
                          "2. Children looked after and achieving",
                          " " * COL + "improvement to be",
                          "   permanence",
                          " " * COL + "good"])
    facts = read(pdf, first_page([wrapped, two_line, *TABLE[2:]],
                                 overall="Children’s services in Northmoor require improvement "
                                         "to be\ngood"))
    got = grades(facts)
    assert got["help-and-protection"] == "requires-improvement"
    assert got["looked-after-and-permanence"] == "requires-improvement"
    assert got["overall-effectiveness"] == "requires-improvement"
    assert got["adoption"] == "outstanding" and facts.uncertain == []


def test_grade_words_split_around_a_label_without_columns_are_flagged(pdf):
    # the same row as text without its columns (labels and grades paired by position): the
    # grade cannot be told, so it is an uncertain read, never "good"
    flat = "Requires\n1. Children who need help and protection\nimprovement to be\ngood"
    facts = read(pdf, first_page([flat, *TABLE[1:]]))
    assert facts.judgement("help-and-protection") is None
    assert [u.area for u in facts.uncertain] == ["help-and-protection"]
    assert facts.judgement("adoption") == "outstanding"


def test_labels_in_their_long_form_or_without_commas(pdf):
    table = [row("1. The experiences and progress of children who need", "Good") + "\n"
             "   help and protection",
             row("2. Children looked after and achieving permanence", "Good"),
             row("2.1 Adoption performance", "Outstanding", 8),
             row("2.2 Experiences and progress of care leavers", "Good", 8),
             row("3. Leadership management and governance", "Good")]
    got = grades(read(pdf, first_page(table)))
    assert got["help-and-protection"] == "good"
    assert got["leadership-management-governance"] == "good"


@pytest.mark.parametrize("overall, grade", [
    ("Children’s services in the Borough of Northmoor and\nDistrict are outstanding",
     "outstanding"),
    ("The overall judgement is that children’s services require\nimprovement",
     "requires-improvement"),
    ("The overall judgement is inadequate", "inadequate"),
    ("Children’s services in Northmoor are judged to be good.", "good"),
])
def test_overall_sentences_worded_or_wrapped_in_other_ways(pdf, overall, grade):
    facts = read(pdf, first_page(TABLE, overall=overall))
    assert facts.judgement("overall-effectiveness") == grade
    assert not [u for u in facts.uncertain if u.area == "overall-effectiveness"]


def test_overall_sentences_that_disagree_are_an_uncertain_read(pdf):
    summary = ("Executive summary\nChildren’s services in Northmoor are inadequate. Managers "
               "have much to do\nbefore the service is safe.\n")
    facts = read(pdf, first_page(TABLE), summary)
    assert facts.judgement("overall-effectiveness") is None
    (u,) = [u for u in facts.uncertain if u.area == "overall-effectiveness"]
    assert u.page == 1 and set(u.grades) == {"good", "inadequate"}
    assert facts.judgement("adoption") == "outstanding"  # the rest of the table stands


def test_overall_row_of_the_table_checked_against_the_sentence(pdf):
    agree = read(pdf, first_page(TABLE + [row("Overall effectiveness", "Good")]))
    assert agree.judgement("overall-effectiveness") == "good" and agree.uncertain == []
    disagree = read(pdf, first_page(TABLE + [row("Overall effectiveness", "Inadequate")]))
    assert disagree.judgement("overall-effectiveness") is None
    assert [u.area for u in disagree.uncertain] == ["overall-effectiveness"]


def test_a_judgement_table_broken_by_a_page(pdf):
    page2 = "\n".join(TABLE[3:]) + "\n\n\n\nExecutive summary\n" + (
        "Leaders in Northmoor know their services well and have acted on what they found, "
        "with\nplenty of evidence of change in the quality of work with families.\n")
    facts = read(pdf, first_page(TABLE[:3], extra="1\n  A footnote about the combined "
                                                  "report.\n"), page2)
    got = grades(facts)
    assert got["care-leavers"] == "good" and got["leadership-management-governance"] == "good"
    assert [j.span.page for j in facts.judgements if j.area == "care-leavers"] == [2]
    assert facts.uncertain == [] and not _table_warnings(facts)


def test_a_missing_row_is_an_uncertain_read_naming_page_and_area(pdf):
    facts = read(pdf, first_page([TABLE[0], TABLE[1], TABLE[2], TABLE[4]]))
    assert facts.judgement("care-leavers") is None
    (u,) = facts.uncertain
    assert (u.area, u.page) == ("care-leavers", 1) and "no row" in u.reason
    assert any("incomplete" in w and "care-leavers" in w for w in facts.warnings)


def test_two_grades_competing_for_one_row_are_an_uncertain_read(pdf):
    # the adoption row printed twice with different grades (a broken or repeated table)
    twice = TABLE + [row("2.1 Adoption performance", "Inadequate", 8)]
    facts = read(pdf, first_page(twice))
    assert facts.judgement("adoption") is None
    (u,) = [u for u in facts.uncertain if u.area == "adoption"]
    assert set(u.grades) == {"outstanding", "inadequate"} and u.page == 1
    assert "compete" in u.reason


def test_the_lscb_grade_sentence_and_two_competing_ones(pdf):
    lscb = "The Local Safeguarding Children Board is good\n"
    facts = read(pdf, first_page(TABLE, extra=lscb))
    assert facts.judgement("lscb-review") == "good"
    other = read(pdf, first_page(TABLE, extra=lscb),
                 "The Local Safeguarding Children Board (LSCB)\nThe Local Safeguarding "
                 "Children Board is inadequate\n")
    assert other.judgement("lscb-review") is None
    assert [u.area for u in other.uncertain] == ["lscb-review"]


def test_an_uncertain_read_is_a_warning_of_the_batch_and_not_a_judgement(tmp_path):
    from graph.sources.reports.rdf import import_reports
    from graph.store import MemoryStore
    from graph.vocab import IG

    folder = tmp_path / "99001_northmoor"
    write_report(folder)  # the lookup CSV
    lines = ["Northmoor Borough Council",
             "Inspection of services for children in need of help and",
             "protection, children looked after and care leavers",
             "Inspection date: 11 January 2016 to 4 February 2016",
             "Report published: 29 March 2016", "",
             "Children’s services in Northmoor are good",
             ("1. Children who need help and protection", "Good"), "",
             ("2. Children looked after and achieving permanence", "Good"), "",
             ("   2.1 Adoption performance", "Outstanding"), "",
             ("3. Leadership, management and governance", "Good"), "",
             "Recommendations", "",
             "1. Record every visit to a child on the day it is made.", "",
             "Summary for children and young people", "",
             "Lead inspector: Robin Example HMI"]
    path = write_pdf(folder / "northmoor - 29 march 2016.pdf", [lay_out(lines)])
    store = MemoryStore()
    batch = import_reports(store, [path], workers=1)
    facts = batch.facts[0]
    assert facts.judgement("care-leavers") is None
    assert [(u.area, u.page) for u in facts.uncertain] == [("care-leavers", 1)]
    warnings = [ln for ln in batch.summary().splitlines() if "uncertain read" in ln]
    assert len(warnings) == 1 and "page 1" in warnings[0]
    rows = store.query(f"PREFIX ig: <{IG}>\n" + """
        SELECT ?kind ?area WHERE {
          { ?j a ig:Judgement ; ig:area ?area . BIND("judgement" AS ?kind) }
          UNION { ?j a ig:UncertainRead ; ig:uncertainArea ?area . BIND("uncertain" AS ?kind) }
        }""")
    found = {(str(r[0]), str(r[1]).rsplit("/", 1)[-1]) for r in rows}
    assert ("uncertain", "care-leavers") in found
    assert ("judgement", "care-leavers") not in found
    assert ("judgement", "adoption") in found


# --- dates -----------------------------------------------------------------------------------
def test_two_fieldwork_periods_are_kept_and_the_end_is_the_last_day(pdf):
    facts = read(pdf, first_page(TABLE, dates="8 July 2019 to 12 July 2019 and 7 August 2019 "
                                              "to\n8 August 2019"))
    assert facts.periods == [("2019-07-08", "2019-07-12"), ("2019-08-07", "2019-08-08")]
    assert (facts.start, facts.end) == ("2019-07-08", "2019-08-08")
    assert parse_periods("2 to 6 March and 16 to 18 March 2015") == [
        ("2015-03-02", "2015-03-06"), ("2015-03-16", "2015-03-18")]


@pytest.mark.parametrize("dash", ["\u2500", "\u2212", "\u2011", "\u2010", "\u2015", "\uff0d",
                                  "\u2013", "\u2014"])
def test_unusual_dash_characters_in_dates(pdf, dash):
    facts = read(pdf, first_page(TABLE, dates=f"20 June 2017 {dash} 13 July 2017"))
    assert (facts.start, facts.end) == ("2017-06-20", "2017-07-13")
    facts = read(pdf, first_page(TABLE, dates=f"3{dash}14 July 2017"))
    assert (facts.start, facts.end) == ("2017-07-03", "2017-07-14")


def test_dates_not_understood_are_a_warning_not_a_wrong_end(pdf):
    facts = read(pdf, first_page(TABLE, dates="20 June 2017 \u2248 13 July 2017"))
    assert facts.end is None and facts.start is None
    assert any("not understood" in w for w in facts.warnings)


# --- lead inspectors -------------------------------------------------------------------------
@pytest.mark.parametrize("line, name", [
    ("Lead inspector: Robin K Example", "Robin K Example"),
    ("Lead inspector: Robin K. Example", "Robin K. Example"),
    ("Lead inspector: Robin Example (HMI)", "Robin Example"),
    ("Lead inspector: Robin Example, HMI", "Robin Example"),
    ("Lead inspector on site: Robin Example", "Robin Example"),
    ("Lead inspector: Robin Example-Smith, Her Majesty’s Inspector", "Robin Example-Smith"),
    ("Lead inspector:\nRobin Example", "Robin Example"),
    ("Lead inspector         Robin Example", "Robin Example"),
    ("Lead inspector: Dr Robin Example", "Robin Example"),
])
def test_lead_inspector_written_in_other_ways(pdf, line, name):
    team = ("The inspection team\n\n" + line + "\n\nDeputy lead inspector: Sam Other HMI\n\n"
            "Team inspectors: Lee Third, Kim Fourth\n")
    facts = read(pdf, first_page(TABLE), team)
    assert [n for n, _ in facts.lead_inspectors] == [name]


def test_a_deputy_is_not_taken_for_the_lead(pdf):
    # a page break between the deputy (read first, from the last page back) and the lead
    facts = read(pdf, first_page(TABLE), "The inspection team\n\nLead inspector: Robin "
                 "Example\n", "Deputy lead inspector: Sam Other\n")
    assert [n for n, _ in facts.lead_inspectors] == ["Robin Example"]
    assert facts.lead_inspectors[0][1].page == 2


# --- recommendation lists --------------------------------------------------------------------
def recs(facts, section=None):
    return [r.text for r in facts.recommendations if r.section == section]


LA_LIST = """What does the local authority need to improve?
Priority and immediate action

There are no priority actions.

Areas for improvement

Casework

1.   Record each visit to a child on the day it is made, with what the child
     said and what was agreed.

2.   Review the caseloads of newly qualified social workers, including:
      checking their plans each month
      agreeing actions with their managers

Development of key areas

3.   Strengthen the tracking of plans for permanence.

Review of social work roles

4.   Review the role of the principal social worker.

The local authority’s strengths
5.   Managers know their teams well and staff say they feel supported by them in
     their work with families across every part of the borough.
"""


def test_sub_bullets_stay_inside_their_item_and_sub_headings_are_skipped(pdf):
    facts = read(pdf, first_page(TABLE), LA_LIST)
    got = recs(facts)
    assert len(got) == 4, got
    assert "checking their plans each month" in got[1]
    assert "agreeing actions" in got[1]
    assert got[2].startswith("Strengthen") and got[3].startswith("Review the role")
    assert not any("Development of key areas" in r or "strengths" in r for r in got)


def test_a_list_ends_at_a_real_heading_whatever_its_first_word(pdf):
    for heading in ("Progress since the last inspection", "Summary for children and young "
                    "people", "Inspection findings", "Key strengths and weaknesses",
                    "The experiences and progress of children who need help and protection"):
        text = LA_LIST.replace("The local authority’s strengths", heading)
        assert len(recs(read(pdf, first_page(TABLE), text))) == 4, heading


def test_a_topic_sub_heading_that_the_list_does_not_follow_ends_it(pdf):
    text = ("Recommendations\n\n1.   Record each visit on the day it is made.\n\n"
            "Casework\n\nManagers in Northmoor have worked hard this year and the staff "
            "group is\nsettled, with far fewer agency workers than at the last visit.\n")
    assert len(recs(read(pdf, first_page(TABLE), text))) == 1


def test_numbered_paragraphs_after_the_list_are_not_items(pdf):
    text = ("Recommendations\n\n1.   Record each visit on the day it is made.\n\n"
            "2.   Tell children who their new worker is.\n\n"
            "9.   Managers in Northmoor have worked hard this year and the staff group is\n"
            "     settled, with far fewer agency workers than at the last visit.\n")
    assert len(recs(read(pdf, first_page(TABLE), text))) == 2


def test_an_item_broken_by_a_page_and_a_footnote_at_the_foot_of_it(pdf):
    page2 = ("Recommendations\n\n"
             "1.   Make sure every child looked after has an up-to-date health assessment and\n"
             "     a dentist.\n\n"
             "2.   Ask partners to attend strategy meetings and to share what they know in\n"
             "     good time, so that the decisions made there take account of the\n\n\n"
             "2\n  A footnote: the local name for children looked after is children in care.\n"
             "\n" + " " * 70 + "2\n")
    page3 = ("     Northmoor Child Protection Procedures (paragraph 12).\n\n"
             "3.   Review the role of the principal social worker.\n\n"
             "Summary for children and young people\n")
    got = recs(read(pdf, first_page(TABLE), page2, page3))
    assert len(got) == 3, got
    assert got[1].endswith("Northmoor Child Protection Procedures (paragraph 12).")
    assert not any("footnote" in r for r in got)


LSCB_PART = """The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board is good
The arrangements the board has made to check the work of its partners are good.


Executive summary
The board is well led and its partners hold one another to account, with a clear plan
for the year and good attendance at its meetings from every agency in the area.

Recommendations

20.   Set out in the annual report what the board has learned from its audits.

21.   Ask schools to report each year on how they keep children safe.

Inspection findings – the Local Safeguarding Children Board
22.   The board has an independent chair who has been in post for three years and who
      holds partners to account well, as minutes of the meetings show in detail.
"""


def test_items_in_the_part_about_the_lscb_are_the_lscbs(pdf):
    la = "Recommendations\n\n1.   Record each visit on the day it is made.\n\n" \
         "Summary for children and young people\n"
    facts = read(pdf, first_page(TABLE), la, LSCB_PART)
    assert len(recs(facts)) == 1
    lscb = recs(facts, "lscb")
    assert len(lscb) == 2 and lscb[0].startswith("Set out")
    assert facts.judgement("lscb-review") == "good"


def test_a_heading_that_names_the_lscb_and_a_no_priority_sentence(pdf):
    text = ("What does the LSCB need to improve?\n\nPriority and immediate action\n\n"
            "There are no priority actions.\nAreas for improvement\n"
            "140. Review how the board checks the training partners give.\n\n"
            "141. No areas were identified for immediate improvement.\n\n"
            "Inspection judgement about the LSCB\n"
            "142. The board is well led and knows the area well, as its annual report shows\n"
            "     in some detail for every one of its priorities this year.\n")
    facts = read(pdf, first_page(TABLE), text)
    assert len(recs(facts, "lscb")) == 1 and recs(facts) == []


def test_an_unfamiliar_heading_followed_by_findings_ends_the_list(pdf):
    # the numbering runs on into the findings, as in SIF reports: the paragraph after the
    # heading reads as a finding, so the heading is not a topic sub-heading of the list
    text = ("Recommendations\n\n1.   Record each visit on the day it is made.\n\n"
            "2.   Tell children who their new worker is.\n\n"
            "How well children are helped and protected\n\n"
            "3.   The front door service in Northmoor responds quickly to most contacts, and\n"
            "     managers check decisions on the same day. Thresholds are understood by\n"
            "     partners, who make referrals that hold the information social workers\n"
            "     need. Strategy meetings are held promptly and the police attend them,\n"
            "     so the first decisions about a child's safety are made together.\n")
    assert len(recs(read(pdf, first_page(TABLE), text))) == 2


def test_a_grade_word_that_describes_is_no_lscb_judgement(pdf):
    facts = read(pdf, first_page(TABLE), "The Local Safeguarding Children Board is good at "
                 "holding partners to account.\n")
    assert facts.judgement("lscb-review") is None
    assert read(pdf, first_page(TABLE, extra="The Local Safeguarding Children Board requires "
                                             "improvement to be good\n")).judgement(
        "lscb-review") == "requires-improvement"


def test_a_table_with_two_rows_before_the_page_break(pdf):
    page2 = "\n\n".join(TABLE[2:]) + "\n\n\n\nExecutive summary\n" + (
        "Leaders in Northmoor know their services well and have acted on what they found, "
        "with\nplenty of evidence of change in the quality of work with families.\n")
    facts = read(pdf, first_page(TABLE[:2]), page2)
    assert len([j for j in facts.judgements if j.area != "overall-effectiveness"]) == 5
    assert facts.uncertain == []


def test_a_table_with_too_few_rows_keeps_what_it_read_and_flags_the_rest(pdf):
    facts = read(pdf, first_page(TABLE[:2]))
    assert facts.judgement("help-and-protection") == "good"
    assert {u.area for u in facts.uncertain} == {
        "adoption", "care-leavers", "leadership-management-governance"}


def test_a_sentence_naming_the_lscb_does_not_open_its_part(pdf):
    # a summary page that states the LSCB's grade before the local authority's list
    summary = ("Executive summary\n\nThe Local Safeguarding Children Board is good.\n\n"
               "Recommendations\n\n1.   Record each visit on the day it is made.\n\n"
               "Summary for children and young people\n")
    facts = read(pdf, first_page(TABLE), summary, LSCB_PART)
    assert len(recs(facts)) == 1 and len(recs(facts, "lscb")) == 2


def test_a_paragraph_at_the_margin_after_a_page_break_is_not_the_last_item(pdf):
    page2 = ("What needs to improve?\n\n"
             "◼ The timeliness of assessments for disabled children\n\n"
             "◼ The quality of plans for care leavers\n\n\n" + " " * 70 + "2\n")
    page3 = ("Managers in Northmoor have worked hard this year and the staff group is\n"
             "settled, with far fewer agency workers than at the last visit.\n")
    got = recs(read(pdf, first_page(TABLE), page2, page3))
    assert got == ["The timeliness of assessments for disabled children",
                   "The quality of plans for care leavers"]


def test_a_report_reviewing_the_lscb_without_its_grade_flags_it(pdf):
    page = first_page(TABLE).replace(
        "protection, children looked after and care leavers\n",
        "protection, children looked after and care leavers\nand\nReview of the "
        "effectiveness of the Local Safeguarding Children\nBoard\n")
    definitions = ("What the inspection judgements mean: the LSCB\n\n"
                   "An LSCB requires improvement if it does not yet show that it checks the\n"
                   "work of its partners.\n")
    facts = read(pdf, page, definitions)
    assert facts.judgement("lscb-review") is None
    assert [u.area for u in facts.uncertain] == ["lscb-review"]
    short = read(pdf, page, "The LSCB\nThe effectiveness of the LSCB is inadequate\n",
                 definitions)
    assert short.judgement("lscb-review") == "inadequate" and short.uncertain == []
    # a report without the review: no LSCB grade expected, none flagged
    assert read(pdf, first_page(TABLE)).uncertain == []
