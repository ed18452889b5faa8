"""Sentences quoted for their neighbour's sake: an answer's quote is sometimes only understood, or only
complete, with the sentence next to it in its passage."""

from __future__ import annotations

from briefer.llm.answer_type import gives_figure, wanted_figure
from briefer.llm.evidence import Pool
from briefer.text.facts import REMEASURES, key_facts
from briefer.text.furniture import embed_only, page_furniture
from briefer.text.standalone import is_statement, only_a_pronoun

CONTEXT_BACK = 2  # sentences to go back at most for the one that names whom a quote's pronoun means
CONTEXT_WORDS = 6  # a shorter line before a quote ("Lol.") names no one


def with_updates(question: str, picks: list[int], pool: Pool) -> list[int]:
    """The quotes, each giving the figure asked for followed by the next sentence of its passage when
    that one measures it again ("Nearly 500 of OpenAI's roughly 770 employees ... publish a letter"
    then "Later Monday, that number climbed to over 650"): the latest figure is part of the answer."""
    figure = wanted_figure(question)
    if figure is None:
        return picks
    out: list[int] = []
    for k in picks:
        out.append(k)
        nxt = k + 1
        if nxt in picks or nxt >= len(pool.cands) or not gives_figure(figure, pool.cands[k].text):
            continue
        after = pool.cands[nxt]
        if (
            after.passage == pool.cands[k].passage
            and REMEASURES.search(after.text)
            and gives_figure(figure, after.text)
        ):
            out.append(nxt)
    return out


def with_context(picks: list[int], pool: Pool) -> list[int]:
    """The quotes, each that says whom it is about only with a pronoun ("He introduced a way to put
    cranberries in a can in 1912.") preceded by the sentences of its passage before it, back to one
    that names someone ("Urann purchased cranberry farms ..."), so that the reader can tell whom it
    means: "His conviction landed on Nov. 2" had been quoted in an answer about Changpeng Zhao, of Sam
    Bankman-Fried. A sentence quoted later moves up before it; one quoted earlier is not repeated. A line of
    the page, one that is no statement or is shorter than ``CONTEXT_WORDS`` is not added, and then neither
    is any before it; nor are sentences whose first names no one."""
    out: list[int] = []
    for k in picks:
        if k not in out:
            out += [j for j in _context(k, pool) if j not in out] + [k]
    return out


def _context(k: int, pool: Pool) -> list[int]:
    """The sentences before quote ``k`` in its passage that say whom it means, first first."""
    back: list[int] = []
    j = k
    while only_a_pronoun(pool.cands[j].text):
        j -= 1
        if j < 0 or pool.cands[j].passage != pool.cands[k].passage or len(back) >= CONTEXT_BACK:
            return []
        text = pool.cands[j].text
        if len(text.split()) < CONTEXT_WORDS or not is_statement(text) or page_furniture(text) or embed_only(text):
            return []
        back.insert(0, j)
    return back if back and _names_someone(pool.cands[back[0]].text) else []


def _names_someone(sentence: str) -> bool:
    """A proper name other than the sentence's capitalised first word alone ("Correct, read for free, but
    $1/year to write." names no one)."""
    first = sentence.split()[0].strip("“\"‘'(,.:;").lower()
    return any(name != first for name in key_facts(sentence)["names"])
