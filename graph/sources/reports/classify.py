"""A transparent rule classifier for report paragraphs: finding themes and strength/weakness.

Each theme of the ``theme`` scheme has a list of cue patterns; a paragraph's
themes are those with the most cue hits (at most three, each with at least
one hit; the report section's own theme when nothing matches). Polarity
counts positive cues ("effective", "strong", "well") against negative ones
("not", "weak", "too", "delay", "lack"); confidence grows with the margin.
Every result is marked machine-classified in the graph, with its confidence.

Examples
--------
>>> classify("Supervision is regular and reflective, and managers provide strong oversight.")
(['supervision', 'management-oversight'], 'strength', 0.88)
>>> classify("Too many children wait too long for permanence; drift and delay are evident.")[1]
'weakness'
"""

from __future__ import annotations

import re

__all__ = ["THEME_CUES", "classify", "classify_items"]

THEME_CUES: dict[str, list[str]] = {
    "workforce-stability": [r"turnover", r"recruit", r"retention", r"retain", r"agency (?:staff|"
                            r"social workers?|workers?)", r"stable workforce", r"workforce "
                            r"stab", r"changes? of social worker", r"vacanc", r"permanent staff",
                            r"\bworkforce\b",
                            r"instability"],
    "leadership": [r"leaders?\b", r"leadership", r"director of children", r"senior manag",
                   r"chief executive", r"\bDCS\b"],
    "corporate-governance": [r"elected members?", r"lead member", r"councillors?", r"scrutiny",
                             r"political", r"corporate (?:leaders|support|priority)", r"cabinet"],
    "quality-assurance": [r"quality assurance", r"audits?", r"performance (?:data|information|"
                          r"management)", r"self-assessment", r"learning from"],
    "management-oversight": [r"management oversight", r"managers?\b.{0,30}oversight",
                             r"oversight", r"managerial"],
    "supervision": [r"supervision", r"reflective"],
    "practice-quality": [r"assessments?", r"social work practice", r"quality of practice",
                         r"direct work", r"intervention", r"practice"],
    "drift-and-delay": [r"drift", r"delay", r"too long", r"timel", r"wait"],
    "neglect": [r"neglect"],
    "pre-birth": [r"unborn", r"pre-birth", r"pre-proceedings", r"babies"],
    "front-door": [r"front door", r"\bMASH\b", r"multi-agency safeguarding hub", r"contacts? and "
                   r"referrals?", r"referrals?", r"early help", r"strategy (?:meetings?|"
                   r"discussions?)", r"out of hours", r"emergency duty"],
    "thresholds": [r"thresholds?", r"step(?:ped)? (?:up|down)"],
    "child-protection-planning": [r"child protection (?:plans?|planning|conferences?|"
                                  r"enquir)", r"core groups?", r"section 47", r"strategy "
                                  r"meetings?"],
    "visits": [r"visit(?:s|ed|ing)?\b", r"seen alone"],
    "children-in-care": [r"children in care", r"looked after", r"placements?", r"permanence",
                         r"adoption", r"special guardianship", r"reunification"],
    "care-planning": [r"care plans?", r"care planning", r"pathway plans?", r"permanence plan",
                      r"plans? (?:are|is) "],
    "health-assessments": [r"health assessments?", r"health needs", r"emotional (?:and mental )?"
                           r"health", r"CAMHS", r"mental health", r"strengths and difficulties"],
    "foster-care": [r"foster", r"carers?\b", r"sufficiency", r"children['’]s homes?"],
    "independent-reviewing": [r"independent reviewing", r"\bIROs?\b", r"reviews? (?:of|are|is)",
                              r"child protection chairs?"],
    "corporate-parenting": [r"corporate parent"],
    "childrens-voice": [r"views", r"wishes and feelings", r"voice", r"participation",
                        r"advocacy", r"children in care council", r"listened", r"life-story",
                        r"life story"],
    "recording": [r"record(?:s|ing|ed)\b", r"case records?", r"chronolog", r"case files?"],
    "partnership": [r"partners?\b", r"partnership", r"multi-agency", r"police", r"health "
                    r"(?:partners|visitors|professionals)", r"schools?", r"LSCB",
                    r"safeguarding (?:children )?(?:board|partnership)"],
    "courts": [r"court", r"care proceedings", r"public law outline", r"\bPLO\b", r"Cafcass",
               r"legal"],
    "care-leavers": [r"care leavers?", r"leaving care", r"personal advis", r"staying put",
                     r"\bNEET\b", r"employment, education or training", r"accommodation"],
    "funding": [r"funding", r"budget", r"invest", r"financial", r"resources"],
    "caseloads": [r"caseloads?", r"workloads?", r"capacity"],
    "morale": [r"morale", r"feel (?:well )?supported", r"enjoy working", r"staff (?:feel|say|"
               r"told)", r"valued"],
    "systems": [r"electronic (?:recording|system)", r"case management system", r"systems?"],
    "accountability": [r"accountab", r"challenge", r"holds? .{0,20} to account"],
    "improvement": [r"improv", r"progress since", r"previous inspection", r"last inspection",
                    r"improvement plan", r"trajectory"],
}
_THEME_NAMES = list(THEME_CUES)
_ORDER = {t: i for i, t in enumerate(_THEME_NAMES)}


def _scan_fast(pattern: str) -> str:
    r"""The same pattern, written so that the regex engine can skip ahead by its first letter.

    A leading ``\b`` keeps Python's engine from scanning for the first character; a
    word start checked just after that character (``d(?<!\wd)cs`` for ``\bdcs``) matches
    the same text, five to ten times faster.

    >>> _scan_fast(r"\bdcs\b")
    'd(?<!\\wd)cs\\b'
    """
    m = re.match(r"\\b([a-z])", pattern)
    return f"{m.group(1)}(?<!\\w{m.group(1)}){pattern[3:]}" if m else pattern


def _alternation(cues: list[str]) -> re.Pattern:
    """One pattern of lower-case cues over lower-cased text (much faster than
    re.IGNORECASE)."""
    return re.compile("|".join(_scan_fast(c.lower()) for c in cues))


_THEME_RES = [_alternation(cues) for cues in THEME_CUES.values()]


def _words_re(words: list[str]) -> re.Pattern:
    """Whole words (each a pattern starting with a letter) as one pattern grouped by first
    letter, so that the engine tries only the words of the letter it is at.

    >>> [m.group() for m in _words_re(["not", "no", "none"]).finditer("no, none, note")]
    ['no', 'none']
    """
    by_letter: dict[str, list[str]] = {}
    for w in words:
        by_letter.setdefault(w[0], []).append(w[1:])
    return re.compile("|".join(f"{c}(?<!\\w{c})(?:{'|'.join(rest)})\\b"
                               for c, rest in by_letter.items()))


_POSITIVE = _words_re([
    r"effective(?:ly)?", r"strong(?:ly)?", "good", "well", "robust", "timely",
    r"consistent(?:ly)?", r"improv(?:ed|ing)", r"appropriate(?:ly)?", "thorough",
    "comprehensive", "strength", "outstanding", r"positive(?:ly)?", r"high[- ]quality",
    "excellent", "impressive", r"sensitive(?:ly)?", "benefit", "skilled", "committed", "clear",
    r"prompt(?:ly)?", "stable", "secure", r"safe(?:r|ly)?", "purposeful", "thoughtful",
    "creative", "proactive", r"swift(?:ly)?", "promptly", "valued", "embedded"])
_NEGATIVE = _words_re([
    "not", "no", "too", r"weak(?:ness|nesses)?", r"poor(?:ly)?", "inadequate",
    r"insufficient(?:ly)?", r"inconsistent(?:ly)?", r"delay(?:s|ed)?", "drift",
    r"lack(?:s|ing)?", r"fail(?:s|ed|ure|ures)?", "limited", "variable", r"shortfalls?",
    r"concerns?", r"deficits?", r"gaps?", "slow", "ineffective", "unclear", "without", "serious",
    "widespread", r"risk(?:s)?", "never", "rarely", "seldom", "few", "none", "unable",
    "vulnerable", r"backlogs?", "high caseloads", "turnover", "instability", "overly", "absence",
    "missed", "late", r"requires? improvement", "not yet", "still", "however", "although",
    "but"])


_SECTION_THEME = {"help-and-protection": "front-door", "children-in-care": "children-in-care",
                  "care-leavers": "care-leavers", "adoption": "children-in-care",
                  "leadership": "leadership", "lscb": "partnership"}


def classify(text: str, section: str | None = None) -> tuple[list[str], str, float]:
    """Themes, polarity and confidence of one paragraph.

    Returns
    -------
    (list of str, str, float)
        Up to three theme concepts (best first), ``strength`` or ``weakness``,
        and a confidence between 0 and 1 (two decimals).
    """
    lower = text.lower()
    ranked = [(s, t) for t, rx in zip(_THEME_NAMES, _THEME_RES, strict=True)
              if (s := len(rx.findall(lower)))]
    ranked.sort(key=lambda st: -st[0])  # stable: ties keep the order of THEME_CUES
    themes = [t for _, t in ranked[:3]]
    total = sum(s for s, _ in ranked) or 1
    theme_conf = (ranked[0][0] / total) if ranked else 0.3
    if not themes:
        themes = [_SECTION_THEME.get(section or "", "practice-quality")]
    pos, neg = len(_POSITIVE.findall(lower)), len(_NEGATIVE.findall(lower))
    polarity = "strength" if pos > neg else "weakness"
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
