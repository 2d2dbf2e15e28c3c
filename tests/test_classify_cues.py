"""The theme classifier's cue counting: trying each theme's pattern only where one of its
literal prefixes starts (found in one Aho-Corasick pass) counts what ``findall`` counts."""

from __future__ import annotations

import random
import re

from graph.sources.reports import classify as C

# sentences written for the test: overlapping cues of several themes, look-behinds
# ("reviews" is not "views", "work placements" not "placements", "health assessments"
# not "assessments"), cues at the very start and end, repeats next to each other
SENTENCES = [
    "Reviews and interviews show that children's views are heard; their voice matters.",
    "Work placements and placements with foster carers, fostering placements and adoption.",
    "Health assessments are late, but risk assessments and assessments of need are timely.",
    "Agency social workers and agency staff: turnover, retention and vacancies remain high.",
    "Leaders, the leadership team, senior managers and the DCS hold partners to account.",
    "Management oversight, managerial oversight and supervision; reflective supervision.",
    "Children go missing, goes missing and went missing; return home interviews are rare.",
    "Too long, too slow, slow, lengthy, waiting lists and drift and delay and delays.",
    "MASH screening at the front door; contacts and referrals are screened by duty teams.",
    "Care leavers have personal advisers; staying put; NEET; accommodation is suitable.",
    "visits visited visiting visit. seen alone. record records recorded chronology.",
    "The improvement plan, improvements since the last inspection, sustained improvement.",
]


def texts() -> list[str]:
    rng = random.Random(15)
    words = " ".join(SENTENCES).split()
    made = [s.lower() for s in SENTENCES]
    for _ in range(300):  # shuffled words: cues cut, joined and repeated in new ways
        made.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 60))).lower())
    return made


def test_cue_hits_equal_findall_for_every_theme():
    checked = 0
    for lower in texts():
        starts = C._cue_starts(lower)
        for theme, rx in enumerate(C._THEME_RES):
            expected = len(rx.findall(lower))
            if theme not in starts:
                assert expected == 0, (C._THEME_NAMES[theme], lower)
                continue
            assert C._cue_hits(theme, lower, starts[theme]) == expected, \
                (C._THEME_NAMES[theme], lower)
            checked += expected
    assert checked > 1000  # the texts do hit many cues


def test_classify_ranks_by_hits_and_keeps_the_cue_order_on_ties():
    themes, polarity, _ = C.classify("Agency staff and turnover; agency workers leave. "
                                     "Supervision is regular.")
    assert themes == ["workforce-stability"] and polarity in ("strength", "weakness")
    # one hit each: both kept (as many as the first), in the order of THEME_CUES
    assert C._THEME_NAMES.index("drift-and-delay") < C._THEME_NAMES.index("neglect")
    assert C.classify("neglect and drift")[0] == ["drift-and-delay", "neglect"]


POLARITY_TEXTS = [
    "Plans are not yet clear; high-quality work is rare, and well led.",
    "No2 no_ nó none nothing knot not. Well-being is good; goodness is not counted.",
    "Services require improvement; they requires improvement (sic); requirement is not one.",
    "High caseloads and high  caseloads (two spaces), highcaseloads, high quality, high-qualitys.",
    "Delays, delayed and delay-free; risks and riskier; safer, safely, safe-guarding.",
    "However, although, but, butter, still, stillness, late, latest, few, fewer.",
    "Strong, STRONGLY and Strongest; effective_ly, effective-ly; İt is not ſtill weak.",
    "",
]


def _polarity_reference(lower: str) -> tuple[int, int]:
    """Each polarity word and phrase counted on its own where it stands as a whole word."""
    def hits(words, phrases) -> int:
        return sum(len(re.findall(r"(?<!\w)" + re.escape(w) + r"(?!\w)", lower))
                   for w in words) + len(phrases.findall(lower))
    return (hits(C._POSITIVE_WORDS, C._POSITIVE_PHRASES),
            hits(C._NEGATIVE_WORDS, C._NEGATIVE_PHRASES))


def test_polarity_counts_count_whole_words_and_phrases():
    for text in POLARITY_TEXTS + texts():
        lower = text.lower()
        assert C.polarity_counts(lower) == _polarity_reference(lower), text
    # the phrases count as one, their words as none; a word inside a word counts not
    assert C.polarity_counts("high caseloads") == (0, 1)
    assert C.polarity_counts("require improvement") == (0, 1)
    assert C.polarity_counts("high-quality") == (1, 0)
    assert C.polarity_counts("knot goodness butter") == (0, 0)
    assert C.polarity_counts("not yet good") == (1, 1)
