"""What an extractive answer needs from a question: its hops (each clause, and each outlet it names,
since a multi-hop question asks one thing per clause and per source) and its shape (a yes/no
question, or one asking for a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefer.llm.drafts import Passage
from briefer.search.query import OutletMatcher, clauses
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


def hops(question: str, passages: list[Passage]) -> list[Hop]:
    """The whole question, each clause of it, and each outlet it names (with the clause naming it)."""
    found = [Hop(question)] + [Hop(c) for c in clauses(question, terms=lambda t: len(search_terms(t)))]
    outlets = sorted({p.hit.source for p in passages if p.hit.source})
    parts = clauses(question, terms=lambda t: len(search_terms(t)))
    for mention in OutletMatcher(outlets).find(question):
        where = next((c for c in parts if question.find(c) <= mention.start < question.find(c) + len(c)), question)
        found.append(Hop(where, mention.outlets))
    unique: dict[tuple, Hop] = {}
    for h in found:
        unique.setdefault((h.text, h.outlets), h)
    return list(unique.values())


def is_yes_no(question: str) -> bool:
    return (question.split() or [""])[0].lower() in YES_NO


def wants_a_name(question: str) -> bool:
    return bool(_WHICH.match(question)) and not _HOW_MUCH.match(question) and not _WHAT_VERB.match(question)
