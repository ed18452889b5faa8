"""Names and their initials: "Sam Bankman-Fried" is "SBF" in much of the news about him, "the
International Monetary Fund" the "IMF". A question that gives the full name misses the articles that
use the initials; search looks them up as well (``search.retriever``), when the index shows that the
two are said together somewhere and that some passages use the initials alone. The other way, a
question or topic given by its initials ("Was SBF found guilty?", "SBF trial") reaches the articles
that write the name in full.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from briefer.text.definitions import NAME_PARTICLES
from briefer.text.facts import facts_of

MIN_LETTERS = 3  # two letters ("SA", "JB") stand for too many names
_PART = re.compile(r"[^\W\d_][\w'’.]*")
_CONNECTORS = frozenset(["of", "for", "the", "and", *NAME_PARTICLES.split("|")])


def initials(name: str) -> str | None:
    """The initials of a name of three or more capitalised parts ("Sam Bankman-Fried" -> "SBF",
    "Securities and Exchange Commission" -> "SEC"), or None."""
    if any(word[:1].isdigit() for word in name.split()):
        return None  # a model or an edition ("Apple Watch Series 9"), not a name said by its initials
    parts = [p for p in _PART.findall(name) if p.lower() not in _CONNECTORS]
    if len(parts) < MIN_LETTERS or not all(p[0].isupper() for p in parts):
        return None
    return "".join(p[0] for p in parts)


def initialled_names(question: str) -> list[tuple[str, str]]:
    """(name as written, its initials) for each name of the question that has initials and is not
    already written as them."""
    out = []
    for surface in facts_of(question)["names"].values():
        short = initials(surface)
        if short and not re.search(rf"\b{short}\b", question):
            out.append((surface, short))
    return out


def with_initials(question: str, name: str, short: str) -> str:
    """The question with ``name`` written as its initials."""
    return re.sub(re.escape(name), short, question, flags=re.I)


_INITIALS = re.compile(rf"\b[A-Z]{{{MIN_LETTERS},6}}\b")


def initials_in(text: str) -> list[str]:
    """The words of ``text`` written in capitals that may stand for a name ("SBF", "FTX", "IMF")."""
    return list(dict.fromkeys(_INITIALS.findall(text)))


def spelled_out(short: str, passages: Iterable[str]) -> str | None:
    """The name whose initials are ``short`` that ``passages`` write most often ("SBF" -> "Sam
    Bankman-Fried" in the passages that say SBF), or None when none does."""
    counts = Counter(n for p in passages for n in facts_of(p)["names"].values() if initials(n) == short)
    return counts.most_common(1)[0][0] if counts else None


def spelled_names(question: str, spelling: Callable[[str], str | None]) -> list[tuple[str, str]]:
    """(initials, name) for each word of ``question`` written in initials that ``spelling`` spells out
    ("SBF" -> "Sam Bankman-Fried"; ``Catalog.spelling``, from the passages that hold them)."""
    found = ((short, spelling(short)) for short in initials_in(question))
    return [(short, name) for short, name in found if name]


def with_name(question: str, short: str, name: str) -> str:
    """The question with the initials ``short`` written as ``name``."""
    return re.sub(rf"\b{short}\b", name, question)


def written_out(question: str, texts: Iterable[str]) -> str:
    """The question with its initials written as the names ``texts`` spell them out with ("Was SBF found
    guilty?" -> "Was Sam Bankman-Fried found guilty?" over passages that say both)."""
    texts = list(texts)
    spelling = lambda short: spelled_out(short, (t for t in texts if re.search(rf"\b{short}\b", t)))
    for short, name in spelled_names(question, spelling):
        question = with_name(question, short, name)
    return question
