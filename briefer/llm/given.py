"""What a question asks for, and whether the passages near it give it: the sentences that give the figure,
reason or verdict asked for (scored up by the offline answerer, ``extractive``), the kind of answer no
sentence near the question gives (``kind_missing``: the answerer then says so), and the quotes of
articles that name nothing the question names (``about_what_it_names``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from briefer.llm.answer_type import (
    WHY_Q,
    asks_for_result,
    figure_kind,
    gives_figure,
    gives_reason,
    gives_result,
    wanted_figure,
)
from briefer.llm.evidence import FEATURES, Pool
from briefer.text.aliases import written_out
from briefer.text.dates import MONTHS, WEEKDAYS, of_an_earlier_year, of_another_year, years_named
from briefer.text.definitions import defined_name
from briefer.text.facts import content_words, key_facts, prefix_match, word_pool
from briefer.text.outcomes import VERDICT_Q, of_one_game, reports_outcome_of

_MIX_Q = FEATURES.index("mix_q")
FIGURE_NEAR = 0.3
"""A sentence is near the question when its word-and-meaning match is at least FIGURE_NEAR of the best
sentence's (see ``extractive.FIGURE_BONUS``)."""
CALENDAR = frozenset(MONTHS) | WEEKDAYS


def figures_given(question: str, pool: Pool, x: np.ndarray) -> np.ndarray:
    """1 for each candidate near the question (``FIGURE_NEAR``) that gives a figure of the kind the
    question asks for ("How much ... pay": a sum of money), 0 for the others; all 0 when it asks for none."""
    figure = wanted_figure(question)
    if figure is None:
        return np.zeros(len(pool.cands))
    return np.array([float(gives_figure(figure, c.text)) for c in pool.cands]) * near_question(x)


def reasons_given(question: str, pool: Pool, x: np.ndarray) -> np.ndarray:
    """For "Why ...?": 1 for each candidate that gives a reason (``gives_reason``) in an article with
    a sentence near the question (``FIGURE_NEAR``), 0 for the others: the reason seldom repeats the
    question's words ("for breaching the league's rules" for "Why were Everton deducted ten points?").
    All 0 for any other question."""
    if not WHY_Q.search(question):
        return np.zeros(len(pool.cands))
    return _told_near(pool, x, lambda text: gives_reason(question, text))


def verdicts_given(question: str, pool: Pool, x: np.ndarray) -> np.ndarray:
    """For a question about a trial's verdict: 1 for each candidate reporting the verdict on whom it names
    (``reports_outcome_of``) in an article near the question, so that "has been found guilty on seven
    counts" is quoted before "whether the man himself is found guilty"; all 0 for any other question."""
    if not VERDICT_Q.search(question):
        return np.zeros(len(pool.cands))
    articles: dict[str, list[str]] = {}
    for c in pool.cands:
        articles.setdefault(c.article_id, []).append(c.text)
    asked = written_out(question, map(" ".join, articles.values()))  # "SBF": the verdict says "Sam Bankman-Fried"
    return _told_near(pool, x, lambda text: reports_outcome_of(asked, text))


def _told_near(pool: Pool, x: np.ndarray, tells: Callable[[str], bool]) -> np.ndarray:
    """1 for each candidate that ``tells`` in an article with a sentence near the question, else 0."""
    near = near_question(x)
    telling = {c.article_id for c, n in zip(pool.cands, near, strict=True) if n}
    return np.array([float(tells(c.text) and c.article_id in telling) for c in pool.cands])


def near_question(x: np.ndarray) -> np.ndarray:
    """Which candidates are near the question: a word-and-meaning match at least ``FIGURE_NEAR`` of
    the best one's."""
    return x[:, _MIX_Q] >= FIGURE_NEAR * x[:, _MIX_Q].max()


def kind_missing(question: str, pool: Pool, x: np.ndarray, by_title: bool = False) -> str | None:
    """What the question asks for that no sentence near it (``FIGURE_NEAR``) gives about what it
    names, as a sentence for the reader; None when one does, or when the question asks for no figure
    and no outcome, or names nothing. Given: a figure of the wanted kind ("How much ...": a sum of
    money) in a sentence whose text or article title holds one of the question's names; or, for
    "Who won ...?", an outcome ("won", "beat", "was elected") in a sentence that itself names one
    ("The Wildcats have won five straight" under an Arizona headline is no result of Arizona's
    game). "How much revenue did Nvidia report?" over Uber's results, "Who won the Territorial
    Cup game?" over its preview: missing. "Who is X?" and "What is X?": missing when no passage
    names X (its last word: a surname). A result counts when its article's title names what the question
    names, not only the sentence ("The Springboks won the 2023 final" under "Rugby World Cup"), for a question
    that names a year (the results of other years are left out) or ``by_title``."""
    defined = defined_name(question)
    if defined:  # "Who is Javier Milei?" over passages that never name him
        surname = defined.split()[-1].casefold()
        named = any(surname in f"{c.title} {c.text}".casefold() for c in pool.cands)
        return None if named else f"The passages nearest the question do not mention {defined}."
    figure = wanted_figure(question)
    result = asks_for_result(question)
    names = _name_words(_WHEN_CLAUSE.sub("", question) if result else question)
    if (figure is None and not result) or not names:
        return None
    years = years_named(question)
    implied = result and not years  # "Who won the final?" asks about its articles' year
    for c, ok in zip(pool.cands, near_question(x), strict=True):
        if not ok or not (gives_figure(figure, c.text) if figure is not None else gives_result(c.text)):
            continue
        if (
            (
                of_an_earlier_year(c.published, c.text)
                if implied
                else result and bool(years) and of_another_year(years, c.text)
            )
            or result
            and of_one_game(question, c.text, c.title)
        ):
            continue  # the 2019 final's score in a 2023 preview; Game 2's winner for who won the series
        words = word_pool(content_words(c.text if result and not (by_title or years) else f"{c.title} {c.text}"))
        if any(prefix_match(w, *words) for w in names):
            return None
    wanted = "outcome (who won)" if figure is None else figure_kind(figure)
    return f"The passages nearest the question give no {wanted} about {_as_written(question, names)}."


# The clause of an outcome question that says when, not what was won: "Who was elected Speaker after Jim
# Jordan failed?" asks about the Speaker, and "First elected in 2006, Jordan ..." is no answer to it.
_WHEN_CLAUSE = re.compile(r"\s(?:after|before|when|once|since|following)\s.*$", re.I)
_CAPITALISED = re.compile(r"[A-Z][\w'’.&-]*(?:\s+(?:(?:of|at|de|the)\s+)?(?:[A-Z][\w'’.&-]*|\d+\b))*")


def about_what_it_names(question: str, picks: list[int], pool: Pool) -> list[int]:
    """The quotes of a short question, without those from an article that names none of what the
    question names (its title and its sentences in the passages): "How much will Changpeng Zhao pay?"
    had quoted Kraken's settlement and a fund sale in Israel after the fine. The first quote stays. For "Who
    is X?", what names X is its surname: "Who is Connor Stalions?" had quoted "Connor's ability to create
    deception ..." of an article on Connor Bedard."""
    defined = defined_name(question)
    names = content_words(defined.split()[-1]) if defined and " " in defined else _name_words(question)
    if not names:
        return picks
    texts: dict[str, list[str]] = {}
    for c in pool.cands:
        texts.setdefault(c.article_id, [c.title]).append(c.text)
    naming = {
        a for a, t in texts.items() if any(prefix_match(w, *word_pool(content_words(" ".join(t)))) for w in names)
    }
    return [k for i, k in enumerate(picks) if i == 0 or pool.cands[k].article_id in naming]


def _as_written(question: str, names: list[str]) -> str:
    """The question's names as it writes them ("Territorial Cup, Arizona or Arizona State")."""
    found = [m.group() for m in _CAPITALISED.finditer(question, 1) if any(w in names for w in content_words(m.group()))]
    found = list(dict.fromkeys(found))
    if not found:
        return "what it names"
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " or " + found[-1]


def _name_words(question: str) -> list[str]:
    """The content words of the names a question mentions, months and weekdays left out."""
    words = content_words(" ".join(key_facts(question)["names"]))
    return [w for w in words if w not in CALENDAR]
