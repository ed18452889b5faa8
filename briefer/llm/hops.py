"""What an extractive answer needs from a question: its hops (each clause, and each outlet it names,
since a multi-hop question asks one thing per clause and per source) and its shape (a yes/no
question, or one asking for a name).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefer.llm.drafts import Passage
from briefer.search.query import OutletMatcher, clauses
from briefer.text.dates import MONTH_NAMES, MONTHS, dates_in, day_window
from briefer.text.words import search_terms

YES_NO = frozenset("does did is was were are has have had do can could would will should".split())
_WHICH = re.compile(r"^\s*(?:which|who|what)\b", re.I)
_WHAT_VERB = re.compile(
    r"^\s*what\s+(?:did|does|do|has|have|had|happen\w*|will|would|can|could|should)\b"
    r"|^\s*what\s+(?:is|are|was|were)\s+(?!the\s+name)",
    re.I,
)
""""What did X say?", "What happened ...?", "What is X?": the answer is the quotes, not a name."""
_HOW_MUCH = re.compile(r"^\s*(?:how|what (?:percentage|number|share|amount|year|date|day))\b", re.I)


@dataclass(frozen=True)
class Hop:
    text: str
    outlets: tuple[str, ...] = ()  # the hop's evidence must come from these outlets (named in the question)
    days: tuple[str, ...] = ()  # ... or from articles of these days (ISO dates, or MM-DD for a date without year)

    def dated(self, published: str | None) -> bool:
        return published is not None and any(published == d or published[5:] == d for d in self.days)


_MONTH_DAY = re.compile(rf"\b({MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})", re.I)


def named_days(question: str) -> tuple[str, ...]:
    """The days a question names: each full date with a day either side (as the retriever's date
    sub-queries), and "October 10" without a year as 10-10 of any year."""
    days: list[str] = []
    for _, _, iso in dates_in(question):
        since, until = day_window(iso)
        d = dt.date.fromisoformat(since)
        while d.isoformat() <= until:
            days.append(d.isoformat())
            d += dt.timedelta(days=1)
    for m in _MONTH_DAY.finditer(question):
        month = MONTHS.get(m.group(1).lower()[:3])
        if month and 1 <= int(m.group(2)) <= 31:
            days.append(f"{month:02d}-{int(m.group(2)):02d}")
    return tuple(dict.fromkeys(days))


def hops(question: str, passages: list[Passage]) -> list[Hop]:
    """The whole question, each clause of it, and each outlet it names (with the clause naming it)."""
    parts = _whole_numbers(question, clauses(question, terms=lambda t: len(search_terms(t))))
    found = [Hop(question)] + [Hop(c) for c in parts]
    outlets = sorted({p.hit.source for p in passages if p.hit.source})
    if days := named_days(question):
        found.append(Hop(question, days=days))
    for mention in OutletMatcher(outlets).find(question):
        where = next((c for c in parts if question.find(c) <= mention.start < question.find(c) + len(c)), question)
        found.append(Hop(where, mention.outlets))
    unique: dict[tuple, Hop] = {}
    for h in found:
        unique.setdefault((h.text, h.outlets, h.days), h)
    return list(unique.values())


def _whole_numbers(question: str, parts: list[str]) -> list[str]:
    """Clauses rejoined where the split fell inside a number ("more than 20" + "000 civilians")."""
    out: list[str] = []
    for part in parts:
        if out and out[-1][-1:].isdigit() and part[:1].isdigit():
            start = question.find(out[-1])
            end = question.find(part, start) + len(part)
            out[-1] = question[start:end] if start >= 0 and end > start else f"{out[-1]},{part}"
        else:
            out.append(part)
    return out


def is_yes_no(question: str) -> bool:
    return (question.split() or [""])[0].lower() in YES_NO


def wants_a_name(question: str) -> bool:
    return bool(_WHICH.match(question)) and not _HOW_MUCH.match(question) and not _WHAT_VERB.match(question)
