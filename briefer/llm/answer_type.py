"""The kind of figure a question asks for, and whether a sentence gives one.

"How much did Microsoft pay for Activision Blizzard?" wants a sum of money, "What was the score
...?" a score, "How many counts ...?" or "How old ...?" a number. A sentence that gives no figure
of that kind cannot be the answer however close its words are ("Nike reported revenue Thursday that
fell short ..." against "Sales rose to $12.94 billion ..."): the offline answerer prefers, among
the evidence, the sentences that do (``briefer.llm.extractive``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefer.text.dates import MONTH_NAMES
from briefer.text.definitions import defined_name
from briefer.text.facts import MARKER, key_facts
from briefer.text.outcomes import RESULT, RESULT_Q, SCORE, SCORE_Q

MONEY_Q = re.compile(
    r"\bhow much\b.*\b(?:pay|paid|paying|cost|costs|worth|revenue|profit|sales|make|made|earn\w*|spen[dt]\w*|"
    r"charg\w*|price\w*|rais\w*|fine\w*|sell|sold|buy|bought|lose|lost|loss|owe\w*|invest\w*|fund\w*|valu\w*|"
    r"income|gross\w*|settle\w*)\b|\bwhat (?:price|fee|fine|salary|valuation)\b",
    re.I,
)
NUMBER_Q = re.compile(
    r"\bhow (?:many|much|old|long|far|big|large|high|tall|fast)\b|"
    r"\bwhat (?:number|percentage|share|proportion|age|rate)\b|\bat what age\b",
    re.I,
)
MONEY = re.compile(
    r"[$£€¥₹]\s?\d|\b\d[\d,.]*\s?(?:million|billion|trillion|bn|mn|m|k|crore|cr|lakh)\b|\bRs\.?\s?\d|"
    r"\b\d[\d,.]*\s?(?:dollars|euros|pounds|yen|yuan|rupees)\b|\b(?:USD|EUR|GBP)\s?\d",
    re.I,
)
NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundreds?|thousands?|millions?|billions?|dozens?|half|double|twice|triple)\b",
    re.I,
)


WHEN_Q = re.compile(
    r"^\s*(?:when|until when|since when)\b|\b(?:what|which) (?:date|day|year|month|time)\b|\bin what year\b|"
    r"\bhow soon\b",
    re.I,
)
""""When did Hamas attack Israel?", "What year was it founded?": a date or time. On the 30 "When"
questions of evals/reader-questions-9.jsonl (blind, first run), the date first: the gold sentence
quoted first 12 -> 15, quoted 17 -> 19; none of the 6 unanswerable abstained, before or after."""
DATE = re.compile(
    rf"\b(?:{MONTH_NAMES})\b\.?|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b(?:1[89]|20)\d\d\b|"
    r"\b(?i:today|tonight|yesterday|tomorrow|noon|midnight|weekend|spring|summer|autumn|fall|winter|"
    r"(?:last|next|this|later|earlier) (?:week|month|year|season|decade))\b|"
    r"\b\d{1,2}(?::\d\d)?\s?[ap]\.?m\b|\b\d{1,2}(?:st|nd|rd|th)\b"
)
"""A date or time as news writes it: a month ("Nov. 16", case kept: "may" is no month), a weekday, a
year, "today", "next week", "this spring", "1pm", "the 16th"."""


CHANGE_Q = re.compile(
    r"\b(?:fall|fell|drop\w*|ris[ei]\w*|rose|grow\w*|grew|increas\w*|decreas\w*|declin\w*|"
    r"climb\w*|jump\w*|gain\w*|slump\w*|plung\w*|soar\w*)\b",
    re.I,
)
""""How much did sales fall?" asks for a change, often a share ("15%"), not a sum."""


def wanted_figure(question: str) -> re.Pattern | None:
    """The pattern of the figure the question asks for, or None when it asks for none."""
    if SCORE_Q.search(question):
        return SCORE
    if WHEN_Q.search(question):
        return DATE
    if MONEY_Q.search(question) and not CHANGE_Q.search(question):
        return MONEY
    return NUMBER if NUMBER_Q.search(question) else None


def gives_figure(figure: re.Pattern, sentence: str) -> bool:
    """Whether the sentence gives such a figure (a citation marker, "[7]", is none)."""
    return bool(figure.search(MARKER.sub(" ", sentence)))


def asks_for_result(question: str) -> bool:
    """Whether the question asks who or what won ("Who won the T20 series ...?")."""
    return bool(RESULT_Q.search(question))


def gives_result(sentence: str) -> bool:
    """Whether the sentence reports an outcome (someone won, beat, was elected or awarded)."""
    return bool(RESULT.search(MARKER.sub(" ", sentence)))


def figure_kind(figure: re.Pattern) -> str:
    """How a reader calls the kind of figure: "sum of money", "score", "figure"."""
    return {MONEY.pattern: "sum of money", SCORE.pattern: "score", DATE.pattern: "date"}.get(figure.pattern, "figure")


WHO_Q = re.compile(r"^\s*(?:who|which)\b", re.I)
WHY_Q = re.compile(r"^\s*why\b", re.I)
REASON = re.compile(
    r"\b(?:because|due to|owing to|thanks to|as a result|in response to|in light of|given that|so that|in order to|"
    r"the reason|reasons?|why|citing|cited|concluded|found that|ruled that|alleg\w+|accus\w+|claim\w*|blam\w+|"
    r"argu\w+|saying|explain\w*|concern\w*|fears?|risks?|amid|over (?:concerns?|fears?|allegations?|claims?)|"
    r"for (?:\w+ing|allegedly|breach\w*|violat\w+|infring\w+)|said (?:it|that|they|he|she))\b|"
    r"(?<!^)(?<![.!?] )\b(?:after|since|following)\b",
    re.I,
)
"""Words a sentence gives a reason with ("because", "citing", "concluded that", "alleging")."""


def gives_new_name(question: str, sentence: str) -> bool:
    """For "Who ...?" and "Which ...?": whether the sentence names someone or something the question
    does not ("the Wild will be naming John Hynes" for "Who replaced Dean Evason?"); never for "Who
    is Caroline Ellison?", which asks what she is (``gives_definition``)."""
    if not WHO_Q.search(question) or defined_name(question):
        return False
    asked = _names_asked(question)
    named = [n for n in key_facts(MARKER.sub(" ", sentence))["names"] if not set(n.split()) <= TITLE_WORDS]
    return any(not any(n in a or a in n for a in asked) for n in named)


TITLE_WORDS = frozenset(
    "head assistant coach chief executive officer president vice chairman chairwoman chair director manager "
    "general secretary minister deputy interim acting senior founder co-founder ceo cfo cto coo".split()
)
"""Words of a capitalised title ("Head Coach", "Chief Executive Officer"): a title names no one."""


@lru_cache(maxsize=64)
def _names_asked(question: str) -> frozenset[str]:
    """The names of a question, read once for all the sentences scored against it."""
    return frozenset(key_facts(question)["names"])


def gives_reason(question: str, sentence: str) -> bool:
    """For "Why ...?": whether the sentence gives a reason."""
    return bool(WHY_Q.search(question) and REASON.search(sentence))
