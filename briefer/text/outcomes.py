"""Outcomes: questions that ask who won or what the score was, and sentences that report a result.

"Who won the Davis Cup final?" and "What was the score when Notre Dame beat USC?" ask for an
outcome; "The Packers edged past the Chiefs on Sunday" and "UCLA topped Colorado 28-16" report one,
"Kickoff for Colorado vs. UCLA is at 7:30 p.m." does not. Search looks up the sentences that report
one for such questions (``search.retriever``); the offline answerer checks that its answer gives one
(``llm.answer_type``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from briefer.text.dates import MONTHS, WEEKDAYS
from briefer.text.facts import MARKER, content_words, key_facts

RESULT_Q = re.compile(
    r"^\s*(?:who|which\s+[\w'’ -]+?)\s+(?:won|wins|beat|defeated|claimed|clinched|took|was elected|was crowned)\b", re.I
)
""""Who won the Davis Cup final?", "Which horse won the Melbourne Cup?": a question about an outcome."""
SCORE_Q = re.compile(r"\bwhat (?:was|is|were) the (?:final |full-time |half-time )?score\b|\bby what score\b", re.I)
RESULT = re.compile(
    r"\b(?:won|beat|beaten|defeated|victory|victorious|triumph\w*|clinch\w*|claimed|champions?|winners?|crowned|"
    r"(?<!-)edged|thrashed|routed|secured|elected|president-elect|awarded|sealed)\b",
    re.I,
)
"""Words a sentence reports an outcome with; a preview ("Australia will face Italy") has none; nor has
a compound adjective ("the hard-edged ally of Donald Trump")."""
VERDICT_Q = re.compile(
    r"\b(?:what|which) (?:was|is|were) the (?:jury'?s? )?(?:verdict|ruling|outcome of the trial)\b|"
    r"\bwas (?:he|she|they|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) (?:found guilty|convicted|acquitted)\b|"
    r"\bhow did (?:the|his|her|their) (?:[\w'’-]+ ){0,3}trial end\b|\bwhat did the jury (?:decide|find)\b",
    re.I,
)
""""What was the verdict in the Sam Bankman-Fried trial?", "Was SBF found guilty?": a question about a
trial's outcome."""
# The words a verdict is told in, searched beside a verdict question's own ("Was SBF convicted?": the verdict
# says "has been found guilty")
VERDICT_WORDS = "verdict guilty convicted acquitted jury"
VERDICT = re.compile(
    r"\b(?:was|were|has been|have been|had been) (?:found (?:not )?(?:guilty|liable)|convicted|acquitted)\b|"
    r"\bjury (?:found|finds?|convicted|acquitted|returned|decided|ruled|sided)\b|\bpleaded guilty\b|"
    r"\b(?:guilty|not guilty) verdicts?\b|\bjury\b[^.]{0,40}?\bsid(?:ed|ing) with\b",  # a civil jury's too
    re.I,
)
"""Words a sentence reports a trial's outcome with ("has been found guilty on seven counts"), not its prospect
("whether the man himself is found guilty")."""
SCORE = re.compile(r"\b\d{1,3}\s?[-–—]\s?\d{1,3}\b(?![-–—]\d)")
_RECORD = re.compile(r"\(\s*\d{1,3}\s?[-–—]\s?\d{1,3}(?:\s?[-–—]\s?\d{1,3})?\s*\)")  # a team's record: "(11-1)"


# One game of a series ("won Game 2 of the 2023 World Series", "take Game 4"): no result of the series
_ONE_GAME = re.compile(r"\bgame\s+(?:\d{1,2}|one|two|three|four|five|six|seven)\b", re.I)


def of_one_game(question: str, sentence: str, title: str = "") -> bool:
    """Whether the sentence tells of one game of a series the question asks about as a whole, by its own
    words or its article's ``title``: "The Arizona Diamondbacks have won Game 2 of the 2023 World Series!",
    and "Diamondbacks 9-1 Rangers, FINAL" under "World Series Game 2: ... – live", do not say who won the
    World Series; they do answer "Who won Game 2?"."""
    return bool(_ONE_GAME.search(sentence) or _ONE_GAME.search(title)) and not _ONE_GAME.search(question)


LATEST_Q = re.compile(
    r"\b(?:in the end|eventually|ultimately|at last|after all|what happened (?:next|then|after(?:wards| that)?))\b|"
    r"\bhow did .{3,60}?\bend\b",
    re.I,
)
""""Did Sam Altman return to OpenAI in the end?", "How did the SBF trial end?": a question about how a story
ended, which its latest report tells."""


def asks_for_latest(question: str) -> bool:
    """Whether the question asks how a story ended (``LATEST_Q``)."""
    return bool(LATEST_Q.search(question))


def asks_for_outcome(question: str) -> bool:
    """Whether the question asks who won, what the score was or what a trial's verdict was."""
    return bool(RESULT_Q.search(question) or SCORE_Q.search(question) or VERDICT_Q.search(question))


def scores(text: str) -> set[str]:
    """The scores the text gives ("4-1"), not a team's record in brackets ("the Lions (9-3)")."""
    return {m.group() for m in SCORE.finditer(_RECORD.sub(" ", text))}


def reports_outcome(sentence: str) -> bool:
    """Whether the sentence reports a result: an outcome word, or a score that is not a team's record."""
    bare = MARKER.sub(" ", sentence)
    return bool(RESULT.search(bare) or VERDICT.search(bare) or scores(bare))


def reports_outcome_of(question: str, sentence: str) -> bool:
    """Whether the sentence reports a result and names who the question is about: both sides of a
    match the question names ("between Gold Coast and Sydney"), else two of its names (one when it
    gives one). "Gold Coast ... with a 14-point win over Essendon" is not the result of Gold Coast v Sydney."""
    if not reports_outcome(sentence):
        return False
    both, names = _sides(question)
    low = sentence.casefold()
    if VERDICT_Q.search(question):  # the verdict on whoever the question names
        return bool(VERDICT.search(MARKER.sub(" ", sentence))) and all(_named(n, low) for n in names)
    if both:
        return all(_named(n, low) for n in both)
    if len(names) >= 2:
        return sum(_named(n, low) for n in names) >= 2
    # one name or none ("Who won Argentina's presidential runoff?"): a word of what was contested too
    return all(_named(n, low) for n in names) and bool(_contested(question) & set(content_words(sentence)))


@lru_cache(maxsize=64)
def _sides(question: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the two sides named as "A and B", every name of the question), lowercased."""
    names = sorted(key_facts(question)["names"])
    pairs = [n.split(" and ") for n in names if " and " in n]
    both = tuple(p.strip() for p in pairs[0]) if pairs else ()
    flat = tuple(part.strip() for n in names for part in n.split(" and "))
    return both, flat


@lru_cache(maxsize=64)
def _contested(question: str) -> frozenset[str]:
    """The question's content words other than its names and its outcome words ("presidential",
    "election", "runoff" of "Who won Argentina's presidential election runoff?")."""
    named = set(content_words(" ".join(_sides(question)[1])))
    asked = set(content_words(RESULT.sub(" ", RESULT_Q.sub(" ", SCORE_Q.sub(" ", question)))))
    return frozenset(asked - named - _GENERIC)


_GENERIC = frozenset(
    content_words(" ".join(["who which what won win score final game match year month", *MONTHS, *WEEKDAYS]))
)


def _named(name: str, low: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", low) is not None


# "What was the result of the Paris 2024 Olympics 100m final?", "How did Euro 2024 end?": an outcome asked too
_ENDED = re.compile(rf"\bwhat (?:was|were) the (?:final )?results?\b|{LATEST_Q.pattern}", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b(?![-–/]\d)")


def outcome_after(question: str, last_published: Callable[[], str | None]) -> str | None:
    """For a question about an outcome ("Who won the 2024 US presidential election?", "What was the
    score ...?") that names a year after every article's, the reader's sentence saying the news cannot
    tell it; else None. A question about what is expected ("Who will win ...?") is not one. The last
    day is asked for only of such a question."""
    years = [int(y) for y in _YEAR.findall(question)]
    if not years or not (RESULT_Q.search(question) or SCORE_Q.search(question) or _ENDED.search(question)):
        return None
    last = last_published()
    if not last or min(years) <= int(last[:4]):
        return None
    return f"The articles end on {last}; none can report an outcome of {min(years)}."
