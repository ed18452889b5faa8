"""Questions that ask what a name is ("Who is Caroline Ellison?", "What is Beeper Mini?"), and
sentences that say it: an apposition ("Caroline Ellison, the former CEO of Alameda Research, ..."),
a copula ("Beeper Mini is an app that ..."), a role before the name ("FTX founder Sam Bankman-Fried").
Search looks such sentences up for the question; the offline answerer prefers them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefer.text.facts import MARKER

NAME_PARTICLES = "de|da|del|der|di|du|la|le|van|von|ten|ter|bin|ibn|al|el"
"""Lowercase words inside a person's name ("Erik ten Hag", "Ursula von der Leyen")."""
DEFINE_Q = re.compile(
    r"^\s*(?i:who|what)\s+(?i:is|was|are|were)\s+(?:(?i:the)\s+)?"
    r"(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:of|the|and|for|" + NAME_PARTICLES + r"|[A-Z0-9][\w'’.&-]*))*)\s*\?\s*$"
)
""""Who is Caroline Ellison?", "What is Beeper Mini?", "Who is Erik ten Hag?": a question asking what a
name is."""
_ROLE = (
    r"(?:founder|co-founder|chief executive|chief|CEO|boss|president|chair\w*|minister|leader|head|director|"
    r"spokes\w+|owner|star|singer|rapper|actor|actress|coach|player|manager|executive|senator|secretary|"
    r"commissioner|ex-girlfriend|girlfriend|partner|CFO|CTO|maker|developer|startup|company|firm|app|service)"
)


def defined_name(question: str) -> str | None:
    """The name a "Who is ...?" or "What is ...?" question asks about, or None."""
    m = DEFINE_Q.search(question)
    return m["name"] if m else None


def gives_definition(question: str, sentence: str) -> bool:
    """For "Who is X?" and "What is X?": whether the sentence says what X is: an apposition ("Caroline
    Ellison, the former CEO of Alameda Research, ..."), a copula ("Beeper Mini is an app that ...") or
    a role before the name ("FTX founder Sam Bankman-Fried")."""
    name = defined_name(question)
    return bool(name) and _definition(name).search(MARKER.sub(" ", sentence)) is not None


@lru_cache(maxsize=64)
def _definition(name: str) -> re.Pattern:
    """The three shapes of a definition of ``name`` (or of its last word, a surname), compiled once
    for all the sentences looked at."""
    forms = [re.escape(name)] + ([re.escape(name.split()[-1])] if len(name.split()) > 1 else [])
    return re.compile(
        "|".join(
            rf"\b{form}(?:['’]s)?,\s+(?:the|a|an|who|which|whose|now|then|former|once|co-)\b"
            rf"|\b{form}\s+(?:is|was|are|were)\s+(?:a|an|the|one)\b"
            rf"|\b{_ROLE}\s+(?:[A-Z][\w'’.-]*\s+){{0,2}}{form}\b"
            for form in forms
        )
    )
