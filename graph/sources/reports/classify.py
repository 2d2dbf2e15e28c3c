"""A transparent rule classifier for report paragraphs: finding themes and strength/weakness.

Each theme of the ``theme`` scheme has a list of cue patterns; a paragraph's
themes are those with the most cue hits: at most three, the first with at least
one hit, a second or third with two (or as many as the first); the report
section's own theme when nothing matches. Cues name the theme's own matter
("health assessments", not "health needs"; "pre-birth", not "pre-proceedings",
which is the courts'), since one passing word in a long paragraph is not what
the paragraph is about (precision measured against a hand-checked sample:
``python -m benchmarks.reports``). Polarity
counts positive cues ("effective", "strong", "well") against negative ones
("not", "weak", "too", "delay", "lack"); confidence grows with the margin.
Every result is marked machine-classified in the graph, with its confidence.

Examples
--------
>>> classify("Social workers receive regular supervision, and managers provide strong oversight.")
(['management-oversight', 'supervision'], 'strength', 0.82)
>>> classify("Too many children wait too long for permanence; drift and delay are evident.")[1]
'weakness'
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["THEME_CUES", "classify", "classify_items"]

THEME_CUES: dict[str, list[str]] = {
    "workforce-stability": [r"turnover", r"recruit(?:ment|ing)? and retain", r"retention",
                            r"agency (?:staff|social workers?|workers?)", r"stable workforce",
                            r"workforce (?:stab|instab)", r"stability (?:of|in) the workforce",
                            r"changes? (?:of|in) social workers?", r"vacanc",
                            r"permanent (?:staff|social workers|workforce|managers)",
                            r"instability in the workforce", r"staffing (?:stab|instab)"],
    "leadership": [r"leaders?\b", r"leadership", r"director of children", r"senior manag",
                   r"chief executive", r"\bDCS\b"],
    "corporate-governance": [r"elected members?", r"lead member", r"councillors?", r"scrutiny",
                             r"political", r"corporate (?:leaders|support|priority)", r"cabinet"],
    "quality-assurance": [r"quality assurance", r"audits?", r"performance (?:data|information|"
                          r"management)", r"self-assessment", r"learning from"],
    "management-oversight": [r"management oversight", r"managers?\b.{0,30}oversight",
                             r"oversight", r"managerial"],
    "supervision": [r"supervision", r"supervised", r"reflective (?:supervision|case discussions?|"
                    r"discussions?|practice|sessions?)"],
    "assessment": [r"assessments?\b(?<!health assessment)(?<!health assessments)",
                   r"assessed", r"single assessment"],
    "practice-quality": [r"quality of (?:social work )?practice",
                         r"(?:strong|stronger|weak|weaker|poor|good|effective|inconsistent|"
                         r"variable|social work|professional|skilled) practice",
                         r"practice (?:is|was|has|remains|quality|standards)", r"direct work",
                         r"practitioners"],
    "drift-and-delay": [r"drift", r"delay", r"too long", r"wait(?:ed|ing)? (?:too )?long",
                        r"waiting lists?", r"not (?:always |consistently )?(?:timely|prompt)",
                        r"lengthy", r"(?:too )?slow"],
    "risk": [r"risk assessments?", r"assess(?:ing|ment of|es)? (?:the )?risks?",
             r"(?:reduc|manag|recognis|identif|understand)(?:e|es|ed|ing)? (?:the )?risks?",
             r"risks? (?:to|of harm|are|is)", r"at risk of (?:significant )?harm",
             r"risk and protective", r"safety plans?"],
    "neglect": [r"neglect"],
    "pre-birth": [r"unborn", r"pre-birth", r"pre- birth", r"prebirth", r"pre-natal",
                  r"antenatal", r"before (?:they are|the baby is|babies are) born"],
    "front-door": [r"front door", r"\bMASH\b", r"multi-agency safeguarding hub",
                   r"contacts? and referrals?", r"referrals? (?:are|is|were|was) (?:screened|"
                   r"received|triaged|passed)", r"screening", r"duty (?:and assessment )?teams?",
                   r"integrated (?:front door|referral hub)", r"out of hours",
                   r"emergency duty", r"first point of contact"],
    "thresholds": [r"thresholds?", r"step(?:ped)? (?:up|down)"],
    "child-protection": [r"child protection enquir", r"section 47", r"strategy (?:meetings?|"
                         r"discussions?)", r"significant harm", r"child protection "
                         r"(?:investigations?|concerns|processes|work)"],
    "child-protection-planning": [r"child protection (?:plans?|planning|conferences?)",
                                  r"core groups?", r"initial conferences?",
                                  r"subject to a plan"],
    "visits": [r"visit(?:s|ed|ing)?\b", r"seen alone"],
    "children-in-care": [r"children in care", r"looked after", r"(?<!work )placements?",
                         r"permanence", r"adoption", r"special guardianship", r"reunification"],
    "care-planning": [r"care plans?", r"care planning", r"pathway plans?", r"permanence plan",
                      r"plans? for permanence", r"permanence planning"],
    "health-assessments": [r"health assessments?", r"health checks?", r"health passports?",
                           r"dental (?:checks?|assessments?)", r"immunisation"],
    "mental-health": [r"\bmental health", r"CAMHS", r"emotional (?:and mental )?health",
                      r"emotional well-? ?being", r"strengths and difficulties",
                      r"therapeutic", r"psycholog"],
    "foster-care": [r"foster(?:ing| carers?| care| placements?| families| parents)",
                    r"kinship carers?", r"connected (?:persons?|carers?)", r"sufficiency",
                    r"children['’]s homes?", r"residential (?:care|placements?|homes?)"],
    "independent-reviewing": [r"independent reviewing", r"\bIROs?\b", r"reviews? (?:of|are|is)",
                              r"child protection chairs?"],
    "corporate-parenting": [r"corporate parent"],
    "childrens-voice": [r"(?<!re)(?<!inter)views", r"wishes and feelings", r"voice",
                        r"participation", r"advocacy", r"advocates?\b",
                        r"children in care council", r"listened"],
    "exploitation": [r"exploitation", r"exploited", r"county lines", r"\bCSE\b", r"\bCCE\b",
                     r"gangs?\b", r"trafficking", r"radicalis"],
    "missing-children": [r"missing (?:from|episodes?|children|education)", r"go(?:es)? missing",
                         r"went missing", r"return (?:home )?interviews?",
                         r"return (?:home )?conversations?"],
    "recording": [r"record(?:s|ing|ed)\b", r"case records?", r"chronolog", r"case files?"],
    "partnership": [r"partners?\b", r"partnership", r"multi-agency", r"police", r"health "
                    r"(?:partners|visitors|professionals)", r"partner agencies", r"LSCB",
                    r"safeguarding (?:children )?(?:board|partnership)"],
    "courts": [r"court", r"care proceedings", r"public law outline", r"\bPLO\b", r"Cafcass",
               r"legal", r"pre-proceedings", r"pre- proceedings", r"proceedings"],
    "care-leavers": [r"care leavers?", r"leaving care", r"personal advis", r"staying put",
                     r"\bNEET\b", r"employment, education or training", r"accommodation"],
    "funding": [r"funding", r"budget", r"overspend", r"spending", r"invested",
                r"investment", r"financial (?:pressures?|position|challenges?|constraints?)"],
    "caseloads": [r"caseloads?", r"workloads?", r"(?:team|staff|workforce|social work) "
                  r"capacity", r"capacity (?:of|in) (?:the )?(?:teams?|workforce)"],
    "morale": [r"morale", r"(?:staff|social workers|practitioners|workers) (?:feel|say|said|told|"
               r"report|enjoy|are positive)", r"enjoy working", r"(?:proud|happy) to work"],
    "systems": [r"(?:electronic|recording|case management|IT|information|ICT) systems?",
                r"\bICT\b", r"technology", r"electronic (?:records|files)", r"paper files"],
    "accountability": [r"accountab", r"challenge\b", r"challenged", r"holds? .{0,20} to account",
                       r"held to account"],
    "improvement": [r"improvement (?:plan|board|journey|activity|work|programme|partner|"
                    r"priorit)", r"improvements? (?:since|have been|has been|are being)",
                    r"(?:has|have) (?:significantly |considerably |markedly )?improved",
                    r"(?:continues?|continuing|started|begun) to improve", r"progress since",
                    r"previous inspection", r"last inspection", r"trajectory",
                    r"sustained improvement"],
}
_THEME_NAMES = list(THEME_CUES)
_ORDER = {t: i for i, t in enumerate(_THEME_NAMES)}


def _literal_prefix(alternative: str) -> str:
    r"""The letters every match of a pattern starts with (up to its first operator).

    >>> _literal_prefix(r"assessments?\b"), _literal_prefix(r"dcs(?<!\wdcs)")
    ('assessment', 'dcs')
    """
    m = re.match(r"[^.^$*+?{}\[\]\\|()]*", alternative)
    prefix = m.group()
    if alternative[len(prefix):len(prefix) + 1] in ("?", "*", "{"):
        prefix = prefix[:-1]
    return prefix


def _scan_fast(pattern: str) -> list[str]:
    r"""The same pattern as alternatives each starting with a letter, so that the regex
    engine can skip ahead to the letters a cue can start with.

    A leading ``\b`` is checked just after the word instead (``dcs(?<!\wdcs)`` for
    ``\bdcs``), a leading group becomes one alternative per branch, and a leading
    look-behind moves after the word it guards: the same matches, several times faster.

    >>> _scan_fast(r"\bdcs\b")
    ['dcs(?<!\\wdcs)\\b']
    >>> _scan_fast(r"(?:too )?slow")
    ['too slow', 'slow']
    >>> _scan_fast(r"(?<!work )placements?")
    ['placement(?<!work placement)s?']
    """
    if re.match(r"\\b[a-z]", pattern):
        word = _literal_prefix(pattern[2:])
        return [f"{word}(?<!\\w{word}){pattern[2 + len(word):]}"]
    if pattern.startswith("(?:"):
        depth, branches, begin = 0, [], 3
        for i, ch in enumerate(pattern):
            if ch == "\\":
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    branches.append(pattern[begin:i])
                    rest = pattern[i + 1:]
                    break
            elif ch == "|" and depth == 1:
                branches.append(pattern[begin:i])
                begin = i + 1
        else:
            return [pattern]
        optional = rest.startswith("?")
        rest = rest[1:] if optional else rest
        out = [alt for b in branches for alt in _scan_fast(b + rest)]
        return out + (_scan_fast(rest) if optional else [])
    m = re.match(r"((?:\(\?<!\w+ ?\))+)(\w+)", pattern)
    if m:  # (?<!re)views -> views(?<!reviews)
        word, rest = m.group(2), pattern[m.end():]
        if rest[:1] in ("?", "*", "+", "{"):  # the quantifier is the last letter's
            word, rest = word[:-1], word[-1] + rest
        guards = "".join(f"(?<!{g}{word})" for g in re.findall(r"\(\?<!(\w+ ?)\)", m.group(1)))
        return [word + guards + rest]
    return [pattern]


def _alternation(cues: list[str]) -> re.Pattern:
    """One pattern of lower-case cues over lower-cased text (much faster than
    re.IGNORECASE)."""
    return re.compile("|".join(alt for c in cues for alt in _scan_fast(c.lower())))


_THEME_RES = [_alternation(cues) for cues in THEME_CUES.values()]


# a theme's pattern runs only on a text holding one of the words its cues start with
_THEME_PREFIXES = [tuple(sorted({_literal_prefix(alt) for c in cues
                                 for alt in _scan_fast(c.lower())}))
                   for cues in THEME_CUES.values()]
@cache
def _prefix_automaton():
    """Aho-Corasick automaton: each cue prefix -> (its length - 1, the themes it starts)."""
    import ahocorasick

    themes: dict[str, set[int]] = {}
    for i, prefixes in enumerate(_THEME_PREFIXES):
        for prefix in prefixes:
            themes.setdefault(prefix, set()).add(i)
    automaton = ahocorasick.Automaton()
    for prefix, found in themes.items():
        automaton.add_word(prefix, (len(prefix) - 1, tuple(sorted(found))))
    automaton.make_automaton()
    return automaton


def _cue_starts(lower: str) -> dict[int, list[int]]:
    """Where a cue may match in ``lower``: theme index (in :data:`THEME_CUES` order) -> the
    offsets, in order, at which one of its cues' literal prefixes starts, found for every
    theme in one pass over the text (Aho-Corasick).

    >>> starts = _cue_starts("the neglect of babies")
    >>> [(_THEME_NAMES[t], at) for t, at in starts.items()]
    [('neglect', [4])]
    """
    starts: dict[int, set[int]] = {}
    for end, (back, found) in _prefix_automaton().iter(lower):
        for i in found:
            starts.setdefault(i, set()).add(end - back)
    return {i: sorted(at) for i, at in sorted(starts.items())}


def _cue_hits(theme: int, lower: str, starts: list[int]) -> int:
    """How many cues of a theme match in ``lower`` (as ``len(findall)`` counts them: left to
    right, none overlapping), trying the pattern only at ``starts`` (in order), where one of
    its prefixes starts."""
    match = _THEME_RES[theme].match
    hits, free = 0, 0
    for at in starts:
        if at >= free and (m := match(lower, at)) is not None:
            hits, free = hits + 1, m.end()
    return hits


# polarity words: whole words, counted over a text's words (``\w+``); the phrases, whose
# words are not polarity words, counted apart ("not yet" counts as "not")
_POSITIVE_WORDS = frozenset("""
    effective effectively strong strongly good well robust timely consistent consistently
    improved improving appropriate appropriately thorough comprehensive strength outstanding
    positive positively excellent impressive sensitive sensitively benefit skilled committed
    clear prompt promptly stable secure safe safer safely purposeful thoughtful creative
    proactive swift swiftly valued embedded""".split())
_NEGATIVE_WORDS = frozenset("""
    not no too weak weakness weaknesses poor poorly inadequate insufficient insufficiently
    inconsistent inconsistently delay delays delayed drift lack lacks lacking fail fails
    failed failure failures limited variable shortfall shortfalls concern concerns deficit
    deficits gap gaps slow ineffective unclear without serious widespread risk risks never
    rarely seldom few none unable vulnerable backlog backlogs turnover instability overly
    absence missed late still however although but""".split())
_POSITIVE_PHRASES = re.compile(r"(?<!\w)high[- ]quality\b")
_NEGATIVE_PHRASES = re.compile(r"(?<!\w)(?:high caseloads|requires? improvement)\b")
_WORD = re.compile(r"\w+")


def polarity_counts(lower: str) -> tuple[int, int]:
    """How many positive and negative polarity words and phrases a lower-cased text holds.

    >>> polarity_counts("plans are not yet clear; high-quality work is rare, and well led.")
    (3, 1)
    """
    words = _WORD.findall(lower)
    pos = sum(map(_POSITIVE_WORDS.__contains__, words))
    neg = sum(map(_NEGATIVE_WORDS.__contains__, words))
    if "high" in lower:
        pos += len(_POSITIVE_PHRASES.findall(lower))
    if "high" in lower or "improvement" in lower:
        neg += len(_NEGATIVE_PHRASES.findall(lower))
    return pos, neg


_SECTION_THEME = {"help-and-protection": "front-door", "children-in-care": "children-in-care",
                  "care-leavers": "care-leavers", "adoption": "children-in-care",
                  "leadership": "leadership", "lscb": "partnership"}


def classify(text: str, section: str | None = None) -> tuple[list[str], str | None, float]:
    """Themes, polarity and confidence of one paragraph.

    Returns
    -------
    (list of str, str or None, float)
        Up to three theme concepts (best first), ``strength`` or ``weakness`` (None
        when the text has no polarity cue, or as many positive as negative ones), and
        a confidence between 0 and 1 (two decimals).

    >>> classify("Leaders are not yet effective; plans lack detail.")[1]
    'weakness'
    >>> classify("The council runs three children's homes.")[1] is None
    True
    """
    lower = text.lower()
    ranked = [(s, _THEME_NAMES[i]) for i, starts in _cue_starts(lower).items()
              if (s := _cue_hits(i, lower, starts))]
    ranked.sort(key=lambda st: -st[0])  # stable: ties keep the order of THEME_CUES
    # a second or third theme needs two cue hits (or as many as the first): one passing
    # word in a long paragraph is not what it is about
    themes = [t for i, (s, t) in enumerate(ranked[:3]) if i == 0 or s >= 2 or s == ranked[0][0]]
    total = sum(s for s, _ in ranked) or 1
    theme_conf = (ranked[0][0] / total) if ranked else 0.3
    if not themes:
        themes = [_SECTION_THEME.get(section or "", "practice-quality")]
    pos, neg = polarity_counts(lower)
    # marked only where the wording leans one way: no cue, or as many of each, is neither
    polarity = "strength" if pos > neg else "weakness" if neg > pos else None
    margin = abs(pos - neg) / (pos + neg + 1)
    polarity_conf = 0.5 + 0.5 * margin
    confidence = round(0.5 * polarity_conf + 0.5 * min(1.0, 0.4 + theme_conf), 2)
    return themes, polarity, confidence


def classify_items(facts, pages: list[str]) -> None:
    """Classify every passage and recommendation of a :class:`~graph.reports.ReportFacts`."""
    for item in facts.passages:
        text = item.text or " ".join(pages[s.page - 1][s.start:s.end] for s in item.spans)
        item.themes, item.polarity, item.confidence = classify(text, item.section)
        if item.stated_polarity:  # the report's own heading says which it is
            item.polarity = item.stated_polarity
    for item in facts.recommendations:
        text = item.text or " ".join(pages[s.page - 1][s.start:s.end] for s in item.spans)
        item.themes, _, item.confidence = classify(text)
