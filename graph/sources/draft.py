"""A first draft of a record from an article's text, by rules (no model, nothing downloaded).

:func:`draft_record` reads a news article about an inspection of a council's children's
services and drafts what a person would record from it: the councils named (the reference
council names, spelled as the article spells them), the people named with the post the
sentence gives them, the grades stated (overall and per judgement area, of the inspection
reported and of earlier ones), dates, statistics (percentages, fractions such as "a quarter"
or "one in five", counts, caseloads) with their sentence as the span, and the boards, panels
and hubs. Every fact carries ``draft: true`` until a person has checked it; the drafted
record validates as it stands.

Examples
--------
>>> text = ("Ofsted rated Torbay Council’s children’s services “inadequate” in March 2018. "
...         "The council’s director of children’s services, Ann Example, said a quarter of "
...         "social workers were agency staff.")
>>> found = draft_record(text, url="https://example.org/a")
>>> found.councils, [(p.name, p.role) for p in found.people]
(['E06000027'], [('Ann Example', 'director-of-childrens-services')])
>>> [(g.which, g.area, g.grade) for g in found.grades], found.dates
([('current', 'overall-effectiveness', 'inadequate')], ['2018-03'])
>>> [(s.value, s.unit, s.as_written) for s in found.statistics]
[(25, 'percent', 'a quarter')]
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from graph.errors import InspectionGraphError

__all__ = ["Draft", "DraftPerson", "DraftGrade", "DraftStatistic", "DraftBoard", "Known",
           "draft_record", "known_entities", "known_ids", "publisher_of"]

Q = "['’]"  # an apostrophe, straight or curly
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|" \
        r"December)"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20}


# --- what a draft holds ---------------------------------------------------------------------
@dataclass
class DraftPerson:
    name: str
    role: str | None  # a word of the role scheme, or None for a person with no such post
    org: str | None   # the organisation the post is in (a reference or drafted id)
    span: list[int]   # the name
    role_span: list[int] | None = None
    status: str = "current"


@dataclass
class DraftGrade:
    which: str        # "current" or "previous"
    area: str
    grade: str
    span: list[int]
    year: str | None = None
    #: every span that states it (the first is ``span``)
    spans: list[list[int]] = field(default_factory=list)


@dataclass
class DraftStatistic:
    value: float
    unit: str
    as_written: str
    measure: str
    span: list[int]   # the sentence


@dataclass
class DraftBoard:
    type: str
    key: str
    council: str      # GSS code
    spans: list[list[int]] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """The drafted facts of one article and the record that holds them (:attr:`yaml`)."""

    source_id: str
    council: str                      # GSS code of the council inspected
    councils: list[str]               # GSS codes of every council named, main one first
    council_spans: dict[str, list[list[int]]]
    people: list[DraftPerson]
    grades: list[DraftGrade]
    statistics: list[DraftStatistic]
    dates: list[str]
    boards: list[DraftBoard]
    yaml: str = ""
    #: the ids the drafted record defines (its source's included)
    ids: set[str] = field(default_factory=set)
    #: what it defines, for the drafts that will be built with it (:meth:`Known.add`)
    defines: Known | None = None

    @property
    def fact_count(self) -> int:
        """How many items and judgements of the record carry ``draft: true``."""
        return self.yaml.count("draft: true")

    def summary(self) -> str:
        """One line: how many facts of each kind were drafted."""
        def n(count, one, many=None):
            return f"{count} {one if count == 1 else (many or one + 's')}"

        posts = sum(1 for p in self.people if p.role)
        return ", ".join([n(len(self.councils), "council"),
                          n(len({p.name for p in self.people}), "person", "people")
                          + f" ({n(posts, 'post')})", n(len(self.grades), "grade"),
                          n(len(self.statistics), "statistic"), n(len(self.dates), "date"),
                          n(len(self.boards), "board, panel or hub", "boards, panels and hubs")])


# --- sentences ------------------------------------------------------------------------------
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Cllr|Prof|No|Rev)|\b[A-Z])\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence (lines and sentence ends split; spaces trimmed)."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in re.finditer(r"[.!?][”\"’']?(?=\s+[“\"‘'A-Z0-9£])|[.!?][”\"’']?\s*$",
                               line.group()):
            stop = line.start() + end.end()
            if _ABBREV.search(text[start:line.start() + end.start() + 1]):
                continue
            out.append((start, stop))
            start = stop
        if start < line.end():
            out.append((start, line.end()))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


# --- councils -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _CouncilName:
    gss: str
    pattern: re.Pattern


def _name_pattern(name: str) -> str:
    words = re.split(r"[\s-]+", name.replace(".", ""))
    parts = []
    for w in words:
        if w.lower() in ("and", "&"):
            parts.append(r"(?:and|&)")
        else:
            parts.append(re.escape(w).replace(r"\ ", " ") + r"\.?")
    return r"[\s-]+".join(parts)


@lru_cache(maxsize=1)
def _council_matcher() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern of every council name (longest first) and the GSS code of each name."""
    from graph.sources.reference import reference_entities

    names: dict[str, str] = {}
    for entity in reference_entities().by_id.values():
        if entity.type != "council" or not entity.gss:
            continue
        forms = [entity.label, *entity.alt_labels]
        for form in list(forms):
            first = re.match(r"^([A-Z][a-z]+)-(?:on|upon)-", form)
            if first:
                forms.append(first.group(1))  # Southend, Stoke
        if entity.label == "Bath and North East Somerset":
            forms += ["B&NES", "BANES", "Banes"]
        for form in forms:
            if ", " in form:
                continue
            names.setdefault(_fold(form), entity.gss)
    ordered = sorted(names, key=len, reverse=True)
    alternatives = "|".join(f"(?:{_name_pattern(n)})" for n in ordered)
    pattern = re.compile(rf"(?<![\w&-])(?:{alternatives})(?![\w&]|-\w)", re.I)
    return pattern, names


def _fold(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name.replace(".", "").replace("&", "and")).lower().strip()


_COMMON_WORD_COUNCILS = {"reading", "bury", "halton"}


def find_councils(text: str) -> list[tuple[str, list[int]]]:
    """``(GSS, [start, end])`` of every council name in the text, in order.

    Names match whatever their hyphens, full stops and ``&``; a capitalised name before
    "Council" that is not a council name but close to one (difflib) counts as that council.
    """
    pattern, names = _council_matcher()
    found = []
    for m in pattern.finditer(text):
        written = m.group()
        if not written[0].isupper():
            continue
        key = _fold(written)
        gss = names.get(key)
        if gss is None:
            continue
        if key in _COMMON_WORD_COUNCILS and not re.match(r"\s+(?:Borough\s+)?Council",
                                                         text[m.end():]):
            continue
        found.append((gss, [m.start(), m.end()]))
    taken = [s for _, s in found]
    for m in re.finditer(r"\b((?:[A-Z][\w’'-]+ ){0,3}[A-Z][\w’'-]+) (?:(?:County|City|Borough|"
                         r"Metropolitan Borough|District) )?Council\b", text):
        if any(s[0] <= m.start(1) < s[1] for s in taken):
            continue
        close = difflib.get_close_matches(_fold(m.group(1)), list(names), n=1, cutoff=0.88)
        if close:
            found.append((names[close[0]], [m.start(1), m.end(1)]))
    return sorted(found, key=lambda f: f[1][0])


# --- people ---------------------------------------------------------------------------------
_ROLES: list[tuple[str | None, str]] = [
    ("director-of-childrens-services",
     rf"in\s+charge\s+of\s+children{Q}s\s+services|(?:(?:interim|acting|strategic|executive|"
     rf"corporate|new)\s+)*director\s+(?:of|for)\s+"
     rf"children(?:{Q}s)?(?:\s*(?:services|and\s+(?:families|young\s+people|public\s+health|"
     rf"adult\s+services|education)|,\s*young\s+people\s+and\s+\w+))?|\bDCS\b|"
     rf"(?:interim|acting)\s+director\b|director\s+(?:of|for)\s+people(?:{Q}s)?"
     rf"(?:\s+services)?"),
    (None, r"(?:regional|national|deputy|assistant|service|finance)\s+director\b|"
           r"\bminister\b|secretary\s+of\s+state|\bMP\b|chief\s+inspector|\bheadteacher\b|"
           r"\bspokes(?:man|woman|person)\b|\bsocial\s+worker\b"),
    ("chief-executive", r"chief\s+executive(?:\s+officer)?|\bchief\s+exec\b"),
    ("lead-member",
     r"(?:cabinet|lead|executive)\s+member\s+for\s+[\w'’, ]*?(?:children|young\s+people|"
     r"families|schools|education)|portfolio\s+holder\s+for\s+[\w'’, ]*?(?:children|young\s+"
     r"people|families)|\bholds?\s+the\s+portfolio\s+for\s+[\w'’, ]*?(?:children|young\s+"
     r"people|families)|\blead\s+member\b|\bcabinet\s+member\b"),
    ("council-leader", r"(?<!team )(?<!group )(?<!opposition )\bleader\b(?! of the opposition)"
                       r"|\bmayor\b"),
    ("board-chair", r"\b(?:independent\s+)?chair(?:man|woman|person)?\b|\bchaired\s+by\b"),
    ("commissioner", r"\bcommissioner\b"),
    ("lead-inspector", r"\blead\s+inspector\b|(?<!chief )\binspector\b|\bHMI\b|"
                       r"\binspection(?:\s+team)?\s+was\s+led\s+by\b"),
]
_ROLE_RE = re.compile("|".join(f"(?P<r{i}>{p})" for i, (_, p) in enumerate(_ROLES)), re.I)
HONORIFIC = r"(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Professor|Prof|Lord|Lady|Baroness)"
_TOKEN = re.compile(r"(?:[A-Z][’'])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)*")
_NOT_NAMES = set("""
The A An This That These Those It Its In On At For But And Or He She They We Our Their His Her
Ofsted Council Councils County City Borough District Metropolitan Children Child Services Service
Department Education Board Safeguarding Local Trust Partnership Inspectors Inspector Inspection
Inspections Lead Chief Executive Director Councillor Cllr Mr Mrs Ms Miss Dr Sir Dame Professor
Prof Lord Lady Baroness Government Minister Secretary State England English Britain British
Wales Police Health Social Care Work Good Outstanding Inadequate Requires Require Improvement
Mayor Leader Labour Conservative Conservatives Liberal Democrat Democrats Green Party Reform
Independent Commissioner Panel Hub Covid January February March April May June July August
September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Report Year Amid After Since When While Some According Around About Almost Nearly Just Only
Today Yesterday Last Next New Former Interim Acting Cabinet Member Portfolio Holder Agency
Office Ministry Commission Standards Court Family Families Young People Adoption Fostering
Strategic Corporate Deputy Assistant Regional National Early Help Protection Leadership
Management Governance Action Plan Framework Single Joint Targeted Area Visit Focused
Monitoring Short Standard Hospital Academy School Schools University College Press
Association News Guardian Times Post Echo Mail Evening Gazette Chronicle Argus Herald Star
Telegraph Express Mirror Advertiser Observer Journal Reporter Live Community Now Bbc Nhs
Multi Hubs Boards Panels Partnerships Parenting Progress Experiences Impact Overall
Effectiveness Judgement Verdict Watchdog Inspectorate Councils Authority Authorities
North South East West Northern Southern Eastern Western Midlands Yorkshire Humber London
""".split())
_SPEECH = re.compile(r"\b(?:said|says|say|added|adds|told|tells|wrote|writes|explained|"
                     r"commented|warned|stated|according\s+to|thanked|praised)\b", re.I)


def _name_groups(text: str, blocked: list[list[int]]) -> list[tuple[str, list[int], bool]]:
    """Runs of two or three capitalised name words: ``(name, span, after_honorific)``."""
    def is_blocked(s: int, e: int) -> bool:
        return any(b[0] < e and s < b[1] for b in blocked)

    groups, run = [], []

    def close():
        if len(run) >= 1:
            groups.append(list(run))
        run.clear()

    tokens = list(_TOKEN.finditer(text))
    for tok in tokens:
        word = tok.group()
        bad = word in _NOT_NAMES or is_blocked(tok.start(), tok.end())
        if run and text[run[-1].end():tok.start()] != " ":
            close()
        if bad:
            close()
            continue
        run.append(tok)
        if len(run) == 3:
            close()
    close()
    out = []
    for g in groups:
        span = [g[0].start(), g[-1].end()]
        before = text[max(0, span[0] - 12):span[0]]
        honoured = bool(re.search(rf"\b{HONORIFIC}\.?\s$", before))
        out.append((text[span[0]:span[1]], span, honoured))
    return out


def _roles_in(text: str, start: int, end: int) -> list[tuple[str | None, list[int]]]:
    found = []
    for m in _ROLE_RE.finditer(text, start, end):
        index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        role = _ROLES[index][0]
        found.append((role, [m.start(), m.end()]))
    return found


# --- grades ---------------------------------------------------------------------------------
_GRADE_RE = re.compile(r"\b(outstanding|good|requir(?:es|ed|e|ing)\s+improvement(?:\s+to\s+be"
                       r"\s+good)?|inadequate)\b", re.I)
_AREAS: list[tuple[str, str]] = [
    ("leadership-management-governance", r"leadership,?\s+management\s+and\s+governance"),
    ("impact-of-leaders", r"impact\s+of\s+(?:the\s+|its\s+)?leaders"),
    ("children-in-care-and-care-leavers",
     r"children\s+in\s+care\s+and\s+(?:for\s+)?care\s+leavers"),
    ("looked-after-and-permanence",
     r"(?:children\s+)?looked\s+after\s+(?:children\s+)?and\s+achieving\s+permanence|"
     r"children\s+looked\s+after"),
    ("help-and-protection", r"help\s+and\s+protection|need\s+help\s+and\s+protection"),
    ("care-leavers", r"care\s+leavers"),
    ("children-in-care", r"children\s+in\s+care"),
    ("adoption", r"adoption(?:\s+performance|\s+services)?"),
    ("lscb-review", r"safeguarding\s+children\s+board|\bLSCB\b"),
    ("overall-effectiveness", r"overall(?:\s+effectiveness)?"),
]
_AREA_RE = re.compile("|".join(f"(?P<a{i}>{p})" for i, (_, p) in enumerate(_AREAS)), re.I)
_SAME = re.compile(r"\bas\s+(?:was|were|did|is|are)\b|\bso\s+(?:was|were)\b|the\s+same\s+"
                   r"(?:grade|judgement|rating)|\balso\s+(?:the\s+case\s+for)\b", re.I)
_EVERY = re.compile(r"\b(?:in\s+)?(?:every|each|all)\s+(?:of\s+the\s+)?(?:(?:four|five|six|"
                    r"seven)\s+)?(?:judgement\s+)?areas?\b", re.I)
_SIF_EVERY = ["overall-effectiveness", "help-and-protection", "looked-after-and-permanence",
              "adoption", "care-leavers", "leadership-management-governance"]
_ILACS_EVERY = ["overall-effectiveness", "impact-of-leaders", "help-and-protection",
                "children-in-care-and-care-leavers"]
_ILACS_2023_EVERY = ["overall-effectiveness", "impact-of-leaders", "help-and-protection",
                     "children-in-care", "care-leavers"]
_AS_BEFORE = re.compile(r"[\s,]*(?:(?:just\s+)?as\s+(?:it|they|the\s+\w+)\s+(?:was|were|had\s+"
                        r"been)|unchanged\s+(?:from|since)|the\s+same\s+as)\s+(?:\w+\s+){0,4}?in"
                        r"\s+((?:19|20)\d\d)\b", re.I)
_CLAUSE = re.compile(r"\bwhile\b|\bbut\b|;|\bwhereas\b|\balthough\b", re.I)
_CONTRAST = re.compile(r"\b(?:while|but|whereas|although)\b", re.I)  # a list's ';' is none
_JUDGING = re.compile(r"\b(?:was|were|is|are|been|judged|rated|graded|found|requires?|"
                      r"required)\b", re.I)
_PREVIOUS = re.compile(r"previous|previously|\blast\s+(?:full\s+|standard\s+)?inspect|"
                       r"\bat\s+its\s+last\b|no\s+longer|\bup\s+from\b|\bdown\s+from\b|"
                       r"improved\s+from|\bwhen\s+it\s+was\b|\bformerly\b|\bthen\b|"
                       r"years?\s+ago|\bearlier\b|\bin\s+(?:19|20)\d\d\b|\byears?\s+after\b|"
                       r"\bafter\s+(?:being\s+)?(?:rated|judged|graded)\b", re.I)
_FUNCTION_WORDS = set("""for overall in at by after as and or to on since but while with
following when from than under across the this its their last of six five four three two
seven eight nine ten years year again ago rating grade grades judgement judgements verdict
ratings following because since previously before too also again either""".split())
_ADJECTIVE_OK = re.compile(r"(?::|\b(?:grade|rating|as|remain|remains|remained|be|was|were|is|"
                           r"are|been|now|from|kept|keeps|retain|retains|retained|to|also|"
                           r"both|each|all|still)|\b(?:rated|judged|graded|found|considered|"
                           r"deemed)(?:\s+[\w’'-]+){0,4}?)\W*$", re.I)

_SIF_MAP = {"impact-of-leaders": "leadership-management-governance",
            "children-in-care-and-care-leavers": "looked-after-and-permanence",
            "children-in-care": "looked-after-and-permanence"}
_ILACS_MAP = {"leadership-management-governance": "impact-of-leaders",
              "looked-after-and-permanence": "children-in-care-and-care-leavers",
              "adoption": None, "lscb-review": None}


def _grade_word(word: str) -> str:
    word = word.lower()
    if word.startswith("requir"):
        return "requires-improvement"
    return word


def _is_grade(text: str, m: re.Match) -> bool:
    """Whether a grade word is a grade, not an adjective ("good progress")."""
    before, after = text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 30]
    if re.search(r"[‘“'\"]\s*$", before) and re.match(r"\s*[’”'\"]", after):
        return True
    nxt = re.match(r"[ \t’”'\"]*([A-Za-z]+)", after)
    following_ok = (not nxt or not re.match(r"[ \t]*[’”'\"]?[ \t]*[A-Za-z]", after)
                    or nxt.group(1).lower() in _FUNCTION_WORDS)
    if re.match(r"\s+(?:in\s+(?:places|parts|some)|at\s+times)\b", after):
        return False
    if m.group().lower().startswith("requir"):
        return True
    if m.group().lower() in ("good", "outstanding"):
        if re.match(r"\s+for\s+(?:the\s+)?(?:overall|impact|help|children|care|adoption|"
                    r"leadership|experiences?)\b", after, re.I):
            return True
        return following_ok and bool(_ADJECTIVE_OK.search(before))
    return following_ok


# --- dates ----------------------------------------------------------------------------------
_DAY_RANGE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+{MONTH})?\s+(?:to|and|-|–|until)"
                        rf"\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH},?\s+((?:19|20)\d\d)\b")
_DAY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH},?\s+((?:19|20)\d\d)\b")
_MONTH_PAIR = re.compile(rf"\b{MONTH}\s+(?:and|to|or|-|–)\s+{MONTH},?\s+((?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b{MONTH},?\s+((?:19|20)\d\d)\b")
_YEAR = re.compile(r"(?<![£$\d,./-])\b((?:19|20)\d\d)\b(?!\d|,\d|/\d|\s*(?:%|per\s*cent|children|"
                   r"cases|people|staff|social|referrals|contacts))")


def find_dates(text: str) -> list[tuple[str, list[int]]]:
    """Every date stated with its year, at the precision stated: ``(date, span)`` in order."""
    found, taken = [], []

    def free(s, e):
        return not any(t[0] < e and s < t[1] for t in taken)

    def month(name):
        return f"{MONTHS.index(name.lower()) + 1:02d}"

    for m in _DAY_RANGE.finditer(text):
        first_month = m.group(2) or m.group(4)
        found.append((f"{m.group(5)}-{month(first_month)}-{int(m.group(1)):02d}",
                      [m.start(), m.end()]))
        found.append((f"{m.group(5)}-{month(m.group(4))}-{int(m.group(3)):02d}",
                      [m.start(), m.end()]))
        taken.append([m.start(), m.end()])
    for m in _DAY.finditer(text):
        if free(m.start(), m.end()):
            found.append((f"{m.group(3)}-{month(m.group(2))}-{int(m.group(1)):02d}",
                          [m.start(), m.end()]))
            taken.append([m.start(), m.end()])
    for m in _MONTH_PAIR.finditer(text):
        if free(m.start(), m.end()):
            found.append((f"{m.group(3)}-{month(m.group(1))}", [m.start(), m.end()]))
            found.append((f"{m.group(3)}-{month(m.group(2))}", [m.start(), m.end()]))
            taken.append([m.start(), m.end()])
    for m in _MONTH_YEAR.finditer(text):
        if free(m.start(), m.end()):
            found.append((f"{m.group(2)}-{month(m.group(1))}", [m.start(), m.end()]))
            taken.append([m.start(), m.end()])
    for m in _YEAR.finditer(text):
        if free(m.start(), m.end()) and 1990 <= int(m.group(1)) <= 2040:
            found.append((m.group(1), [m.start(), m.end()]))
    return sorted(found, key=lambda f: (f[1][0], f[0]))


# --- statistics -----------------------------------------------------------------------------
QUALIFIER = (r"(?:(?:about|around|almost|nearly|some|just|only|roughly|approximately|more\s+"
             r"than|fewer\s+than|less\s+than|over|under|up\s+to|at\s+least|just\s+over|just\s+"
             r"under|well\s+over)\s+)?")
_FRACTIONS = {"half": 50, "third": 33.3, "thirds": 66.7, "quarter": 25, "quarters": 75,
              "fifth": 20, "fifths": 40, "tenth": 10}
NUM = r"(\d{1,3}(?:,\d{3}){1,3}|\d{1,9})"  # a whole number as written: 12, 1,150
_PERCENT = re.compile(rf"\b{QUALIFIER}(\d{{1,3}}(?:\.\d{{1,2}})?)(?![\d.])\s*(?:%|per\s*cent\b|"
                      r"percent\b)", re.I)
_IN_N = re.compile(rf"\b{QUALIFIER}(one|two|three|four|five|six|seven|eight|nine|\d{{1,4}})\s+"
                   r"(?:in|out\s+of)\s+(two|three|four|five|six|seven|eight|nine|ten|twenty|"
                   r"\d{1,4})\b(?!\s*(?:years|months|weeks|days|am|pm))", re.I)
_FRACTION = re.compile(rf"\b{QUALIFIER}(?:(a|one|two|three|four)[\s-]+(half|thirds?|quarters?|"
                       r"fifths?|tenth)|(half)(?=\s+(?:of|the|their|all|were|had|was)\b))\b",
                       re.I)
_COUNT_NOUNS = (r"children|child|young\s+people|cases|referrals|contacts|families|social\s+"
                r"workers|staff|workers|posts|vacancies|care\s+leavers|placements|assessments|"
                r"recommendations|foster\s+carers|babies|visits|plans|councils|teams|"
                r"practitioners|managers|complaints|allegations|investigations|adoptions")
_COUNT = re.compile(rf"\b{QUALIFIER}(?<![£$]){NUM}\s+(?:[a-z-]+\s+){{0,2}}?(?:{_COUNT_NOUNS})\b"
                    rf"|\bout\s+of\s+{NUM}\b(?!\s*(?:%|per))", re.I)
_WORD_COUNT = re.compile(rf"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                         rf"twenty)\s+(?:agency\s+|new\s+|permanent\s+|more\s+)?"
                         rf"(?:{_COUNT_NOUNS})\b", re.I)
_NUMBER_OF = re.compile(rf"\bnumber\s+of\s+([a-z ]{{3,40}}?)\s+(?:had\s+been\s+|has\s+been\s+|"
                        rf"was\s+|is\s+|stood\s+|had\s+|has\s+)?(?:\w+\s+)?(?:at|to|of|by)\s+"
                        rf"{QUALIFIER}{NUM}\b(?!\s*(?:%|per\s*cent))", re.I)
_FROM_N = re.compile(r"(?:\s+(?:children\s+|cases\s+)?per\s+(?:social\s+)?worker)?,?\s+"
                     r"(?:down\s+|up\s+)?from\s+(?:about\s+|around\s+)?(\d{1,4})\b"
                     r"(?!\s*(?:%|per\s*cent))", re.I)
_OF_WHOM = re.compile(rf"\b{NUM}\s+of\s+(?:whom|them)\b", re.I)
_PER_WORKER = re.compile(rf"\b{QUALIFIER}(\d{{1,4}})\s+(?:children|cases|families)?\s*per\s+"
                         r"(?:social\s+)?worker\b|\bcaseloads?\b[^.;:]{0,40}?\b" + QUALIFIER
                         + r"(\d{1,4})\b(?!\s*(?:%|per\s*cent))", re.I)
_MEASURE_STOP = set("""a an the of in on at to for and or were was are is had have has
been who which that with by from not their its our lived living""".split())


def _measure(text: str, end: int) -> str:
    from graph.vocab import slug

    words = []
    for w in re.finditer(r"[A-Za-z’'-]+|[^\sA-Za-z]", text[end:end + 80]):
        word = w.group().lower()
        if not word[0].isalpha():
            if words:
                break
            continue
        if word in ("per", "cent", "percent"):
            continue
        if word in _MEASURE_STOP:
            if words and word in ("were", "was", "are", "is", "had", "have", "has", "who",
                                  "which", "that", "lived", "living"):
                break
            continue
        if word in ("years", "year", "months", "month", "weeks", "days") and words:
            words.pop()
            break
        words.append(word)
        if len(words) == 4:
            break
    return slug(" ".join(words)) or "figure"


def find_statistics(text: str, spans: list[tuple[int, int]]) -> list[DraftStatistic]:
    """Percentages, fractions, "one in five", caseloads and counts, each with its sentence."""
    found: list[tuple[list[int], DraftStatistic]] = []
    taken: list[list[int]] = []

    def sentence_of(pos):
        return next(([s, e] for s, e in spans if s <= pos < e), [pos, pos + 1])

    def add(m, value, unit, measure_from=None, measure=None):
        span = [m.start(), m.end()]
        if not (0 <= value <= (100 if unit == "percent" else 1_000_000_000)):
            return  # not a figure a record accepts (a record checks the same bounds)
        if any(t[0] < span[1] and span[0] < t[1] for t in taken):
            return
        taken.append(span)
        as_written = " ".join(m.group().split())
        if unit == "count":
            as_written = re.sub(rf"\s+(?:[a-z-]+\s+){{0,2}}?(?:{_COUNT_NOUNS})$", "", as_written,
                                flags=re.I)
            as_written = re.sub(r"^out\s+of\s+", "", as_written, flags=re.I)
        if measure is None:
            measure = _measure(text, measure_from if measure_from is not None else m.end())
        value = round(value, 1) if isinstance(value, float) else value
        found.append((span, DraftStatistic(value, unit, as_written, measure,
                                           sentence_of(m.start()))))

    def num(word):
        word = word.lower().replace(",", "")
        return NUMBER_WORDS.get(word) or float(word) if not word.isdigit() else int(word)

    for m in _IN_N.finditer(text):
        a, b = num(m.group(1)), num(m.group(2))
        if b and 0 < a <= b and not 1900 <= b <= 2100:
            add(m, round(100 * a / b, 1) if (100 * a) % b else 100 * a // b, "percent")
    for m in _PERCENT.finditer(text):
        value = float(m.group(1))
        add(m, int(value) if value.is_integer() else value, "percent")
    for m in _FRACTION.finditer(text):
        if m.group(3):
            add(m, 50, "percent")
            continue
        count, part = m.group(1).lower(), m.group(2).lower()
        base = _FRACTIONS.get(part.rstrip("s") if part.endswith("s") and count in ("a", "one")
                              else part, 0)
        if count in ("two", "three", "four") and not part.endswith("s"):
            continue
        if count == "three" and part == "quarters":
            base = 75
        elif count == "two" and part == "fifths":
            base = 40
        elif count == "three" and part == "fifths":
            base = 60
        elif count == "four" and part == "fifths":
            base = 80
        add(m, base, "percent")
    for m in _PER_WORKER.finditer(text):
        digits = m.group(1) or m.group(2)
        group = 1 if m.group(1) else 2
        inner = re.search(rf"{QUALIFIER}{digits}\b", m.group()[m.start(group) - m.start() - 20
                                                              if m.start(group) - m.start() > 20
                                                              else 0:])
        start = m.start(group) - (len(inner.group()) - len(digits)) if inner else m.start(group)
        sub = re.compile(re.escape(text[start:m.end(group)])).search(text, start)
        add(sub or m, int(digits), "cases-per-worker", measure="caseload")
        earlier = _FROM_N.match(text, m.end())
        if earlier:  # "17 per social worker, from 25 in 2017"
            add(re.compile(re.escape(text[earlier.start(1):earlier.end(1)])).search(
                text, earlier.start(1)), int(earlier.group(1)), "cases-per-worker",
                measure="caseload")
    for m in _WORD_COUNT.finditer(text):
        if re.search(r"\b(?:at\s+least|or|than|of\s+the|every|each|one\s+of)\s+$",
                     text[max(0, m.start() - 12):m.start()], re.I):
            continue
        add(m, NUMBER_WORDS[m.group(1).lower()], "count", m.end(1))
    for m in _OF_WHOM.finditer(text):
        add(m, int(m.group(1).replace(",", "")), "count", measure=_measure(text, m.end()))
    for m in _NUMBER_OF.finditer(text):
        add(m, int(m.group(2).replace(",", "")), "count", measure=_measure(text, m.start(1)))
    for m in _COUNT.finditer(text):
        digits = m.group(1) or m.group(2)
        value = int(digits.replace(",", ""))
        if 1990 <= value <= 2040 and "," not in digits:
            continue
        add(m, value, "count", m.end(1) if m.group(1) else m.end(2))
    return [s for _, s in sorted(found, key=lambda f: f[0][0])]


# --- boards, panels, hubs -------------------------------------------------------------------
_BOARDS = re.compile(
    r"\b(multi-agency\s+safeguarding\s+hub|safeguarding\s+hub|(?:local\s+)?safeguarding\s+"
    r"children\s+(?:board|partnership)|(?:local\s+)?safeguarding\s+(?:partnership|board)|"
    r"(?:children(?:’s|'s)?\s+(?:services\s+)?)?improvement\s+(?:board|panel)|corporate\s+"
    r"parenting\s+(?:panel|board|committee)|scrutiny\s+(?:panel|committee)|(?:adoption|"
    r"fostering)\s+panel)\b|\b(MASH|LSCB|LSCP)\b", re.I)


def _board_type(key: str) -> str:
    if key.endswith("hub") or key == "mash":
        return "hub"
    if "safeguarding" in key or key in ("lscb", "lscp"):
        return "safeguarding-children-board"
    if "improvement board" in key:
        return "improvement-board"
    return "panel"


def _board_key(phrase: str) -> str:
    key = " ".join(phrase.lower().replace("’", "'").split())
    return {"mash": "multi-agency safeguarding hub", "lscb": "local safeguarding children board",
            "lscp": "local safeguarding children partnership"}.get(key, key)


# --- the draft ------------------------------------------------------------------------------
def publisher_of(url: str | None) -> str | None:
    """The reference publisher of a news address, if its host is one we know."""
    if not url:
        return None
    host = re.sub(r"^https?://(?:www\.)?", "", url).split("/")[0].lower()
    hosts = {"bbc.co.uk": "bbc-news", "bbc.com": "bbc-news", "communitycare.co.uk":
             "community-care", "theguardian.com": "the-guardian", "cypnow.co.uk":
             "children-and-young-people-now", "theargus.co.uk": "the-argus",
             "manchestereveningnews.co.uk": "manchester-evening-news", "birminghammail.co.uk":
             "birmingham-mail", "yorkshirepost.co.uk": "yorkshire-post"}
    return next((v for k, v in hosts.items() if host == k or host.endswith("." + k)), None)


@dataclass
class Known:
    """What records already written define, so that a draft refers to it instead of defining
    it again: their ids, and their people, posts and inspections by what makes them one entity
    in the graph (a person's name, a post's organisation and role, an inspection's council and
    start)."""

    ids: set[str] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)            # slug of name -> id
    posts: dict[tuple[str, str], str] = field(default_factory=dict)  # (org key, role) -> id
    inspections: dict[tuple[str, str], str] = field(default_factory=dict)  # (GSS, start) -> id

    def add(self, other: Known | Draft) -> None:
        """Add what another draft (or set of records) defines."""
        if isinstance(other, Draft):
            self.ids |= other.ids
            other = other.defines or Known()
        self.ids |= other.ids
        self.people.update(other.people)
        self.posts.update(other.posts)
        self.inspections.update(other.inspections)

    def copy(self) -> Known:
        return Known(set(self.ids), dict(self.people), dict(self.posts), dict(self.inspections))


def known_entities(records) -> Known:
    """What ``records`` (as :func:`graph.sources.records.read_records` returns them) define."""
    from graph.vocab import slug

    known = Known()
    orgs = {}
    for record in records:
        for item in record.sections.get("organisations", []):
            orgs[item.id] = item.get("gss") if item.get("type") == "council" else item.id
    for record in records:
        known.ids.add(record.source.id)
        known.ids.update(c.id for c in record.cites)
        for item in record.items():
            known.ids.add(item.id)
            if item.section == "people" and item.get("name"):
                known.people[slug(item.get("name"))] = item.id
            elif item.section == "posts":
                key = orgs.get(item.get("in"), item.get("in"))
                known.posts[(key, item.get("role"))] = item.id
            elif item.section == "inspections":
                key = orgs.get(item.get("subject"), item.get("subject"))
                known.inspections[(key, item.get("start"))] = item.id
    return known


def known_ids(records) -> set[str]:
    """The item and source ids of records already written (a draft must not reuse them)."""
    return known_entities(records).ids


def _council_gss(council: str) -> str:
    from graph.sources.reference import reference_entities
    from graph.vocab import slug

    ref = reference_entities()
    for key in (council, f"council:{council}", f"council:{slug(council)}",
                f"council:{council.upper()}"):
        entity = ref.lookup(key)
        if entity is not None and entity.gss:
            return entity.gss
    raise InspectionGraphError(f"--council: no council has the GSS code or name {council!r} "
                               "(see graph/data/council-names.csv)")


def draft_record(text: str, *, url: str, council: str | None = None,
                 text_file: str = "article.txt", title: str | None = None,
                 publisher: str | None = None, published: str | None = None,
                 existing: Known | Iterable[str] | None = None,
                 source_id: str | None = None) -> Draft:
    """Draft the record of an article: every fact found, each marked ``draft: true``.

    Parameters
    ----------
    text : str
        The article's text, as saved (offsets are code points into it).
    url : str
        Where the article is published.
    council : str, optional
        GSS code (or name) of the council inspected; else the council named most often.
    text_file, title, publisher, published, source_id
        For the ``source:`` block (title: the first line; publisher: from the address; id:
        the publisher, the month and the title's first words).
    existing : Known or ids, optional
        What the other records of the build define (:func:`known_entities`; the bundled
        records by default): the draft refers to those people, posts, inspections and boards
        instead of defining them again, and gives its own items other ids.

    Raises
    ------
    InspectionGraphError
        An empty text, an address a record would refuse, an unknown ``council``, or no
        council named and none given.
    """
    from graph.sources.authoring import check_url_and_date
    from graph.sources.reference import reference_entities
    from graph.vocab import slug

    if not text.strip():
        raise InspectionGraphError("the text is empty: save the article's text first")
    if url is None:
        raise InspectionGraphError("--url: a draft needs the address the article is published at")
    check_url_and_date(url, published)
    if existing is None:
        from graph.sources.records import read_records

        existing = known_entities(read_records())
    known_before = existing.copy() if isinstance(existing, Known) else Known(set(existing))
    existing = set(known_before.ids)
    ref = reference_entities()
    spans = sentences(text)

    # councils
    council_hits = find_councils(text)
    council_spans: dict[str, list[list[int]]] = {}
    for gss, span in council_hits:
        council_spans.setdefault(gss, []).append(span)
    if council is not None:
        main = _council_gss(council)
    elif council_spans:
        main = max(council_spans, key=lambda g: (len(council_spans[g]),
                                                 -council_spans[g][0][0]))
    else:
        raise InspectionGraphError("no council is named in the text: give the council "
                                   "inspected with --council GSS-CODE")
    councils = [main] + [g for g in council_spans if g != main]

    def council_label(gss):
        return ref.lookup(f"council:{gss}").label

    def council_slug(gss):
        return slug(council_label(gss))

    # dates, and the inspection reported
    dates = find_dates(text)
    date_list = list(dict.fromkeys(d for d, _ in dates))
    precise = [d for d, _ in dates if len(d) >= 7]
    current_year = (published or (precise[0] if precise else None)
                    or (max(date_list) if date_list else None))
    current_year = current_year[:4] if current_year else None

    def sentence_at(pos):
        return next(((s, e) for s, e in spans if s <= pos < e), (pos, pos + 1))

    start = end = report_published = None
    for d, span in dates:
        s, e = sentence_at(span[0])
        sentence = text[s:e].lower()
        if len(d) < 7:
            continue
        if "publish" in sentence and report_published is None and (
                "inspect" not in text[max(s, span[0] - 60):span[0]].lower()):
            report_published = d
        elif re.search(r"inspect|visit", sentence) and start is None:
            start = d
            same = [x for x, sp in dates if sp == span and x != d]
            end = same[0] if same else None
    guessed = False
    if start is None:
        import datetime

        guessed = not (report_published or published or current_year)
        start = report_published[:7] if report_published else (
            published or current_year or str(datetime.date.today().year))[:7]
    if report_published and start and report_published < start:
        report_published = None

    # boards
    boards: list[DraftBoard] = []
    for m in _BOARDS.finditer(text):
        key = _board_key(m.group())
        btype = _board_type(key)
        before = [c for c in council_hits if 0 <= m.start() - c[1][1] <= 25
                  and re.fullmatch(r"(?:[’']s)?\s+(?:(?:and|&)\s+[A-Z][\w ,&-]*\s+)?",
                                   text[c[1][1]:m.start()])]
        gss = before[-1][0] if before else main
        span = [m.start(), m.end()]
        if before and re.fullmatch(r"[\s,]*(?:(?:and|&)\s+[A-Z][\w ,&-]*)?\s*",
                                   text[before[-1][1][1]:m.start()]) is not None:
            span = [before[-1][1][0], m.end()]
        prior = next((b for b in boards if b.type == btype and (
            b.key == key or difflib.SequenceMatcher(None, b.key, key).ratio() > 0.8
            or key in ("multi-agency safeguarding hub", "local safeguarding children board")
            and b.key.endswith(key.split()[-1]) and len(m.group()) <= 4)), None)
        if prior is None and len(m.group()) <= 4:  # MASH, LSCB after the full name
            prior = next((b for b in boards if b.type == btype), None)
        if prior is not None:
            prior.spans.append(span)
            if len(m.group()) <= 4 and m.group() not in prior.alt_labels:
                prior.alt_labels.append(m.group())
            continue
        boards.append(DraftBoard(btype, key, gss, [span]))

    # people
    blocked = [s for _, s in council_hits] + [
        [m.start(), m.end()] for m in re.finditer(r"\b(?:Ofsted|Department\s+for\s+Education|"
                                                  r"DfE|NHS)\b", text)]
    groups = _name_groups(text, blocked)
    people: list[DraftPerson] = []
    by_name: dict[str, list[DraftPerson]] = {}
    for s, e in spans:
        in_sentence = [g for g in groups if s <= g[1][0] and g[1][1] <= e]
        full = [g for g in in_sentence if len(g[0].split()) >= 2]
        roles = _roles_in(text, s, e)
        attached: dict[str, list[tuple[str | None, list[int]]]] = {g[0]: [] for g in full}
        for role, rspan in roles:
            best, gap = None, 10 ** 6
            for g in full:
                if g[1][1] <= rspan[0]:
                    between = text[g[1][1]:rspan[0]]
                    d = len(between)
                    if _SPEECH.search(between):
                        continue
                    if any(o is not g and g[1][1] <= o[1][0] < rspan[0] for o in full):
                        continue
                elif rspan[1] <= g[1][0]:
                    between = text[rspan[1]:g[1][0]]
                    d = len(between)
                    if any(o is not g and rspan[1] <= o[1][0] < g[1][0] for o in full):
                        continue
                else:
                    continue
                limit = 100 if re.match(r"chaired\s+by", text[rspan[0]:rspan[1]], re.I) else 60
                if re.search(r"[.;:“”\"]", between) or d > limit:
                    continue
                if d < gap:
                    best, gap = g, d
            if best is not None:
                attached[best[0]].append((role, rspan))
        for name, nspan, honoured in full:
            said = _SPEECH.search(text[max(s, nspan[0] - 25):min(e, nspan[1] + 25)])
            if not attached[name] and not honoured and not said:
                continue
            posts = [(r, sp) for r, sp in attached[name] if r is not None] or [(None, None)]
            posts = [(r, sp, org) for r, sp in posts
                     for org in _post_orgs(role=r, rspan=sp, text=text, s=s, e=e,
                                           council_hits=council_hits, boards=boards, main=main)]
            for role, rspan, org in posts:
                status = "current"
                if rspan is not None and re.search(
                        r"\b(?:former|previous|previously|ex-|outgoing|then)\s*$",
                        text[max(s, rspan[0] - 25):rspan[0]], re.I):
                    status = "former"
                if rspan is not None and re.search(r"\bhas\s+left\b|\bleft\s+the\s+council\b",
                                                   text[s:e]):
                    status = "former"
                known = by_name.get(name, [])
                if any(p.role == role and p.org == org for p in known):
                    continue
                if role is None and known:
                    continue
                person = DraftPerson(name, role, org, nspan, rspan, status)
                if role is not None:
                    for p in known:
                        if p.role is None:
                            people.remove(p)
                            known.remove(p)
                people.append(person)
                by_name.setdefault(name, []).append(person)

    # grades
    grades = _find_grades(text, spans, current_year, council_hits, main)
    framework = "sif" if current_year and int(current_year) < 2018 else "ilacs"
    if any(g.area in ("leadership-management-governance", "adoption",
                      "looked-after-and-permanence", "lscb-review")
           for g in grades if g.which == "current"):
        framework = "sif"
    for g in grades:
        year = g.year if g.which == "previous" else current_year
        fw = framework if g.which == "current" else (
            "sif" if year and 2013 <= int(year) < 2018 else "ilacs")
        mapping = _SIF_MAP if fw == "sif" else _ILACS_MAP
        if g.area in mapping:
            g.area = mapping[g.area]
    grades = [g for g in grades if g.area]
    unique = []
    for g in grades:
        same = next((u for u in unique if (u.which, u.area, u.grade, u.year)
                     == (g.which, g.area, g.grade, g.year)), None)
        if same is None:
            g.spans = [g.span]
            unique.append(g)
        elif g.span not in same.spans:
            same.spans.append(g.span)
    for g in list(unique):  # an earlier grade stated once with its year, once without
        dated = next((u for u in unique if u is not g and g.which == "previous" == u.which
                      and g.year is None and u.year and (u.area, u.grade) == (g.area, g.grade)),
                     None)
        if dated is not None:
            dated.spans += [s for s in g.spans if s not in dated.spans]
            unique.remove(g)
    grades = unique

    statistics = find_statistics(text, spans)

    title = title or _title(text)
    publisher = publisher or publisher_of(url)
    from graph.sources.records import ID_RE

    if source_id is not None and not ID_RE.match(source_id):
        raise InspectionGraphError(f"--id: expected lower-case letters, digits and '-', got "
                                   f"{source_id!r}")
    source_id = source_id or _unique(slug("-".join(filter(None, [publisher or "article",
                                                   (published or start or "")[:7],
                                                   "-".join(slug(title).split("-")[:6])]))),
                        set(existing))
    found = Draft(source_id, main, councils, council_spans, people, grades, statistics,
                  date_list, boards)
    found.yaml, taken, defines = _to_yaml(found, text, url=url, title=title, publisher=publisher,
                          published=published, text_file=text_file, start=start, end=end,
                          report_published=report_published, framework=framework,
                          existing=existing, known=known_before, council_label=council_label,
                          council_slug=council_slug, dates=dates, guessed=guessed)
    found.ids = (taken - existing) | {source_id}
    found.defines = defines
    return found


def _post_orgs(*, role, rspan, text, s, e, council_hits, boards, main) -> list[str]:
    """The organisations a post named at ``rspan`` is in: the council named just before or
    after it ("Bradford's director", "director ... in Leeds and Bristol"), a board for a
    chair, Ofsted for an inspector, the DfE for a commissioner; the main council else."""
    if role is None or role == "lead-inspector":
        return ["ofsted"]
    if role == "commissioner":
        return ["department-for-education"]
    first = _post_org(role, rspan, text, s, e, council_hits, boards, main)
    out = [first]
    after = [c for c in council_hits if s <= c[1][0] < e and c[1][0] >= rspan[1]]
    for prev, nxt in zip(after, after[1:], strict=False):
        if f"council:{prev[0]}" not in out:
            break
        if re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+&)\s+", text[prev[1][1]:nxt[1][0]]):
            out.append(f"council:{nxt[0]}")
        else:
            break
    return out


def _post_org(role, rspan, text, s, e, council_hits, boards, main) -> str:
    if role == "board-chair":
        near = [b for b in boards for sp in b.spans if s <= sp[0] < e]
        earlier = [b for b in boards for sp in b.spans if sp[0] < s]
        pick = near[0] if near else (earlier[-1] if earlier else None)
        return f"board:{boards.index(pick)}" if pick else f"council:{main}"
    candidates = []
    for gss, span in council_hits:
        if s <= span[0] < e:
            if span[1] <= rspan[0] and rspan[0] - span[1] <= 40:
                candidates.append((rspan[0] - span[1], gss))
            elif span[0] >= rspan[1] and span[0] - rspan[1] <= 25:
                candidates.append((span[0] - rspan[1], gss))
    return f"council:{min(candidates)[1] if candidates else main}"


def _find_grades(text, spans, current_year, council_hits, main) -> list[DraftGrade]:
    """Grades stated, sentence by sentence, each paired with the areas it is given to."""
    out: list[DraftGrade] = []
    for s, e in spans:
        grades = [m for m in _GRADE_RE.finditer(text, s, e) if _is_grade(text, m)]
        if not grades:
            continue
        other = [c for c in council_hits if s <= c[1][0] < e and c[0] != main]
        if other and not any(c[0] == main for c in council_hits if s <= c[1][0] < e):
            if not re.search(r"\b(?:the|its)\s+(?:council|county|city|authority)\b",
                             text[s:e], re.I):
                continue  # another council's grade
        events = [("g", m.start(), m.end(), m) for m in grades]
        for m in _AREA_RE.finditer(text, s, e):
            index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
            if any(g[1] <= m.start() < g[2] for g in events if g[0] == "g"):
                continue
            events.append(("a", m.start(), m.end(), _AREAS[index][0]))
        for m in _SAME.finditer(text, s, e):
            events.append(("same", m.start(), m.end(), None))
        events.sort(key=lambda ev: ev[1])
        pending: list[tuple] = []
        forward = last = None
        last_end = s
        assigned: dict[int, list[tuple]] = {}
        for ev in events:
            kind = ev[0]
            if kind == "a":
                between = text[last_end:ev[1]]
                if _CLAUSE.search(between):
                    forward = None
                if forward is not None and not _JUDGING.search(between):
                    assigned.setdefault(id(forward), []).append(ev)
                else:
                    forward = None
                    pending.append(ev)
            elif kind == "same":
                if last is not None:
                    forward = last
                    pending = []
            else:
                m = ev[3]
                if pending:
                    assigned.setdefault(id(m), []).extend(pending)
                    pending = []
                    forward = None
                else:
                    forward = m
                last = m
            last_end = ev[2]
        trailing = text[last.end():pending[0][1]] if pending and last is not None else ""
        if trailing and not _JUDGING.search(trailing) and not _CONTRAST.search(trailing):
            # "rated good, but said help and protection must improve": no grade for it
            assigned.setdefault(id(last), []).extend(pending)
        every = _EVERY.search(text, s, e)
        for m in grades:
            areas = assigned.get(id(m))
            if not areas and every:
                year = int(current_year) if current_year else 2018
                names = (_SIF_EVERY if year < 2018 else _ILACS_EVERY if year < 2023
                         else _ILACS_2023_EVERY)
                areas = [("a", every.start(), every.end(), a) for a in names]
            areas = areas or [("a", m.start(), m.end(), "overall-effectiveness")]
            which, year = _which(text, s, e, m, current_year)
            again = _AS_BEFORE.match(text, m.end(), e)
            if again:  # "graded good, as it was in 2019": this grade, and the earlier one
                which, year = "current", None
                out.append(DraftGrade("previous", "overall-effectiveness",
                                      _grade_word(m.group()), [m.start(), again.end()],
                                      again.group(1)))
            for area in areas:
                span = [min(area[1], m.start()), max(area[2], m.end())]
                out.append(DraftGrade(which, area[3], _grade_word(m.group()), span, year))
    return out


def _which(text, s, e, m, current_year) -> tuple[str, str | None]:
    """Whether a grade is the inspection reported or an earlier one (and its year)."""
    clause_start = s
    for sep in re.finditer(r"[;]|,\s+(?:while|but|and\s+then|then)\b|\bup\s+from\b|\bdown\s+"
                           r"from\b", text[s:m.start()]):
        clause_start = s + sep.start()
    clause_end = e
    stop = re.search(r"[;]|,\s+(?:while|but|and)\b|\bup\s+from\b|\bdown\s+from\b",
                     text[m.end():e])
    if stop:
        clause_end = m.end() + stop.start()
    before = text[clause_start:m.start()]
    after = text[m.end():clause_end]
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", after[:30] + " " + before[-40:])]
    ago = re.search(r"\b(\w+)\s+years?\s+ago\b", after[:40])
    cy = int(current_year) if current_year else None
    previous = bool(_PREVIOUS.search(before[-60:]) or re.search(
        r"^\W*(?:\w+\W+){0,6}?(?:at\s+its\s+last|previous|years?\s+ago|in\s+(?:19|20)\d\d)",
        after, re.I))
    if years and cy and all(y < cy for y in years):
        previous = True
    if years and cy and any(y >= cy for y in years) and not re.search(
            r"previous|last\s+(?:full\s+)?inspect|no\s+longer|up\s+from|down\s+from|then|"
            r"years?\s+ago", before[-60:] + after[:30], re.I):
        previous = False
    if re.search(r"\b(?:now|kept|keeps|retain\w*|remain\w*)\b", before[-30:], re.I) and not (
            re.search(r"no\s+longer", before[-30:], re.I)):
        previous = False
    if not previous:
        return "current", None
    year = None
    after_years = re.findall(r"\b((?:19|20)\d\d)\b", after[:30])
    before_years = re.findall(r"\b((?:19|20)\d\d)\b", before[-60:])
    if after_years:
        year = after_years[0]
    elif before_years:
        year = before_years[-1]
    elif ago and cy:
        n = NUMBER_WORDS.get(ago.group(1).lower()) or (int(ago.group(1))
                                                       if ago.group(1).isdigit() else None)
        year = str(cy - n) if n else None
    if year is None:
        nearby = re.findall(r"\b((?:19|20)\d\d)\b", text[s:e])
        earlier = [y for y in nearby if cy is None or int(y) < cy]
        year = earlier[0] if earlier else None
    return "previous", year


def _inspection_kind(text: str, framework: str, graded: bool) -> tuple[str, str]:
    """The framework and inspection type of the inspection reported: a visit, JTAI or area
    SEND inspection when the text names one and states no grade."""
    def count(pattern):
        return len(re.findall(pattern, text, re.I))

    if not graded:
        kinds = [(count(r"joint\s+targeted\s+area\s+inspection|\bJTAI\b"), ("jtai", "jtai")),
                 (count(r"\barea\s+SEND\b|\bSEND\s+inspection"),
                  ("area-send", "area-send-inspection")),
                 (count(r"\bmonitoring\s+visit"), ("ilacs", "monitoring-visit")),
                 (count(r"\bfocused\s+visit"), ("ilacs", "focused-visit"))]
        best = max(kinds, key=lambda k: k[0])
        if best[0]:
            return best[1]
    if framework == "ilacs" and count(r"\bshort\s+inspection"):
        return "ilacs", "short"
    return framework, "sif-inspection" if framework == "sif" else "standard"


def _title(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "Article")
    words = first.split()
    return " ".join(words[:16]) + (" ..." if len(words) > 16 else "")


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _spans(spans: Iterable[list[int]]) -> str:
    unique = sorted({tuple(s) for s in spans})
    return "[" + ", ".join(f"[{a}, {b}]" for a, b in unique) + "]"


def _to_yaml(found: Draft, text: str, *, url, title, publisher, published, text_file, start,
             end, report_published, framework, existing, known, council_label, council_slug,
             dates, guessed=False) -> tuple[str, set[str], Known]:
    from graph.vocab import slug

    taken = set(existing)
    defines = Known()
    lines = ["# Drafted by `inspection-graph draft`: every fact below carries a draft mark.",
             "# Check each against the text, correct it, then remove its mark (the draft key).",
             "format: 1", "source:", f"  id: {found.source_id}", "  kind: news-article",
             f"  title: {_q(title)}"]
    if publisher:
        lines.append(f"  publisher: {publisher}")
    if published:
        lines.append(f"  published: {_q(published)}")
    lines += [f"  url: {url}", f"  text_file: {text_file}",
              f"  sha256: {hashlib.sha256(text.encode('utf-8')).hexdigest()}",
              f"  length: {len(text)}"]
    if found.dates:
        lines.append(f"# dates stated: {', '.join(found.dates)}")

    main = found.council
    mentions = []
    for gss in found.councils:
        mentions.append((f"council:{gss}", found.council_spans.get(gss, [])))
    ofsted = [[m.start(), m.end()] for m in re.finditer(r"\bOfsted\b", text)]
    if ofsted:
        mentions.append(("ofsted", ofsted))
    dfe = [[m.start(), m.end()] for m in re.finditer(r"\bDepartment\s+for\s+Education\b|\bDfE\b",
                                                     text)]
    if dfe:
        mentions.append(("department-for-education", dfe))

    # organisations: boards, panels, hubs
    board_ids = {}
    orgs = []
    for n, board in enumerate(found.boards):
        words = [w for w in board.key.split() if w not in ("local",)] if board.type != (
            "safeguarding-children-board") else board.key.split()
        bid = f"{council_slug(board.council)}-{slug(' '.join(words))}"
        if bid in existing:
            board_ids[f"board:{n}"] = bid
            mentions.append((bid, board.spans))
            continue
        bid = _unique(bid, taken)
        board_ids[f"board:{n}"] = bid
        label = f"{council_label(board.council)} {board.key}"
        orgs += [f"  - id: {bid}", f"    type: {board.type}", f"    label: {_q(label)}"]
        if board.alt_labels:
            orgs.append(f"    alt_labels: [{', '.join(_q(a) for a in board.alt_labels)}]")
        orgs += [f"    part_of: council:{board.council}", f"    evidence: {_spans(board.spans)}",
                 "    draft: true"]

    # people, posts, tenures
    people, posts, tenures = [], [], []
    person_ids: dict[str, str] = {}
    post_ids: dict[tuple, str] = {}
    short = {"director-of-childrens-services": "dcs", "chief-executive": "chief-executive",
             "council-leader": "leader", "lead-member": "lead-member",
             "board-chair": "chair", "commissioner": "commissioner",
             "lead-inspector": "lead-inspector"}
    for person in found.people:
        pid = person_ids.get(person.name)
        if pid is None:
            pid = known.people.get(slug(person.name))
            if pid is not None:
                mentions.append((pid, [person.span]))
            else:
                pid = _unique(slug(person.name), taken)
                defines.people[slug(person.name)] = pid
                people += [f"  - id: {pid}", f"    name: {_q(person.name)}",
                           f"    evidence: {_spans([person.span])}", "    draft: true"]
            person_ids[person.name] = pid
        if person.role is None:
            continue
        org = board_ids.get(person.org, person.org)
        key = (person.role, org)
        org_key = org[8:] if org.startswith("council:") else org
        post = post_ids.get(key) or known.posts.get((org_key, person.role))
        if post is None:
            if org.startswith("council:"):
                where = council_slug(org[8:])
            elif org == "department-for-education":
                where = "dfe"
            else:
                where = org
            post = _unique(f"{where}-{short[person.role]}", taken)
            defines.posts[(org_key, person.role)] = post
            posts += [f"  - id: {post}", f"    role: {person.role}", f"    in: {org}",
                      f"    evidence: {_spans([person.role_span])}", "    draft: true"]
            post_ids[key] = post
        tid = _unique(f"{pid}-{post}", taken)
        both = [min(person.span[0], person.role_span[0]), max(person.span[1],
                                                              person.role_span[1])]
        tenures += [f"  - id: {tid}", f"    holder: {pid}", f"    post: {post}",
                    f"    status: {person.status}", f"    evidence: {_spans([both])}",
                    "    draft: true"]

    # inspections
    inspections = []
    current = [g for g in found.grades if g.which == "current"]
    main_slug = council_slug(main)
    year = start[:4]
    defined_elsewhere = known.inspections.get((main, start))
    insp_id = defined_elsewhere or _unique(f"{main_slug}-{year}", taken)
    defines.inspections[(main, start)] = insp_id
    evidence = [sp for g in current for sp in (g.spans or [g.span])]
    if not evidence:
        named = re.search(r"\b(?:inspection|inspected|visit|Ofsted)\b", text, re.I)
        evidence = [list(sentences(text)[0])] if not named else [list(next(
            (s, e) for s, e in sentences(text) if s <= named.start() < e))]
    start_span = next((sp for d, sp in dates if d == start), None)
    if start_span:
        evidence.append(start_span)
    framework, kind = _inspection_kind(text, framework, bool(current))
    inspections += [f"  - id: {insp_id}", f"    subject: council:{main}",
                    "    inspectorate: ofsted", f"    framework: {framework}",
                    f"    type: {kind}", f"    start: {_q(start)}"]
    if guessed:
        inspections.append("    # the text dates nothing: start is this year, to be corrected")
    if end and end >= start:
        inspections.append(f"    end: {_q(end)}")
    if report_published:
        inspections.append(f"    published: {_q(report_published)}")
    previous_years = sorted({g.year for g in found.grades if g.which == "previous" and g.year
                             and g.year < year}, reverse=True)
    previous_years = [y for y in previous_years if int(y) >= 2013]  # SIF or ILACS
    prev_elsewhere = {y: known.inspections[(main, y)] for y in previous_years
                      if (main, y) in known.inspections}
    prev_ids = {y: prev_elsewhere.get(y) or _unique(f"{main_slug}-{y}", taken)
                for y in previous_years}
    defines.inspections.update({(main, y): i for y, i in prev_ids.items()})
    if previous_years:
        inspections.append(f"    previous: {prev_ids[previous_years[0]]}")
    inspections += [f"    evidence: {_spans(evidence)}", "    draft: true"]
    if current and framework in ("ilacs", "sif"):
        inspections.append("    judgements:")
        for g in current:
            inspections.append(f"      - {{area: {g.area}, grade: {g.grade}, evidence: "
                               f"{_spans(g.spans or [g.span])}, draft: true}}")
    for y in previous_years:
        grades = [g for g in found.grades if g.which == "previous" and g.year == y]
        fw = "sif" if 2013 <= int(y) < 2018 else "ilacs"
        if int(y) < 2013:
            fw = None
        lines_prev = [f"  - id: {prev_ids[y]}", f"    subject: council:{main}",
                      "    inspectorate: ofsted", f"    framework: {fw or 'sif'}",
                      f"    type: {'sif-inspection' if (fw or 'sif') == 'sif' else 'standard'}",
                      f"    start: {_q(y)}", f"    evidence: {_spans([g.span for g in grades])}",
                      "    draft: true"]
        areas = _SIF_AREAS if (fw or "sif") == "sif" else _ILACS_AREAS
        kept = [g for g in grades if g.area in areas and fw is not None]
        if kept:
            lines_prev.append("    judgements:")
            for g in kept:
                lines_prev.append(f"      - {{area: {g.area}, grade: {g.grade}, evidence: "
                                  f"{_spans(g.spans or [g.span])}, draft: true}}")
        inspections += lines_prev
    if defined_elsewhere:  # the inspection is another record's: the grades become notes
        stop = next((n for n in range(1, len(inspections))
                     if inspections[n].startswith("  - id: ")), len(inspections))
        inspections[:stop] = [f"  # {insp_id} (council:{main}, {start}) is defined by another "
                              "record; the grades stated here:"] + [
            f"  # {g.area} {g.grade} at {_spans(g.spans or [g.span])}" for g in current]
    for y in list(prev_elsewhere):
        at = inspections.index(f"  - id: {prev_ids[y]}") if (
            f"  - id: {prev_ids[y]}" in inspections) else None
        if at is not None:
            stop = next((n for n in range(at + 1, len(inspections))
                         if inspections[n].startswith("  - id: ")), len(inspections))
            inspections[at:stop] = [f"  # {prev_ids[y]} (council:{main}, {y}) is defined by "
                                    "another record"]
    undated = [g for g in found.grades if g.which == "previous" and not g.year]
    for g in undated:
        inspections.append(f"  # an earlier grade without a year: {g.area} {g.grade} at "
                           f"[{g.span[0]}, {g.span[1]}]")

    # statistics
    stats = []
    for st in found.statistics:
        sid = _unique(f"{main_slug}-{year}-{st.measure}"[:80].rstrip("-"), taken)
        value = int(st.value) if float(st.value).is_integer() else st.value
        stats += [f"  - id: {sid}", f"    inspection: {insp_id}", f"    measure: {st.measure}",
                  f"    value: {value}", f"    unit: {st.unit}",
                  f"    as_written: {_q(st.as_written)}", f"    area: council:{main}",
                  f"    evidence: {_spans([st.span])}", "    draft: true"]

    out = lines
    if mentions:
        out.append("mentions:")
        for entity, spans in mentions:
            if spans:
                out += [f"  - entity: {entity}", f"    evidence: {_spans(spans)}",
                        "    draft: true"]
    for name, body in (("organisations", orgs), ("people", people), ("posts", posts),
                       ("tenures", tenures), ("inspections", inspections),
                       ("statistics", stats)):
        if body:
            out.append(f"{name}:")
            out += body
    return "\n".join(out) + "\n", taken, defines


_SIF_AREAS = {"adoption", "care-leavers", "help-and-protection",
              "leadership-management-governance", "looked-after-and-permanence", "lscb-review",
              "overall-effectiveness"}
_ILACS_AREAS = {"care-leavers", "children-in-care", "children-in-care-and-care-leavers",
                "help-and-protection", "impact-of-leaders", "overall-effectiveness"}
