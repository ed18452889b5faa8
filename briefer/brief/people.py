"""What articles say of a named person (or team), whatever the story: an age and a win-loss record.

A person's age is a fact about the person, not the event, and so is a fighter's record: two stories of
one fight night (a preview, a round-up of results) may give a boxer two ages, or his record before and
after the fight. Claims are compared within a story, and across two stories of the window when both
articles name the person in full alike ("Joseph Parker"); each claim joins one report at most.

- Two ages differ unless a birthday can explain them (the later report a year older, more than
  ``BIRTHDAY_DAYS`` after the first): a conflict.
- A record ("Joseph Parker (33-3, 23 KOs)", "Parker (34-3-0)", a team's "Alabama (11-1)") with up to ``MAX_NEW_BOUTS`` more bouts
  and no fewer wins, losses or draws is an update: the fight was fought in between. Records of fewer
  than ``MIN_BOUTS`` bouts are left alone ("(2-1)" is as often a score).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from briefer.brief.claims import NAME, Claim
from briefer.brief.stories import Story
from briefer.core.records import Span

PERSON_KINDS = ("age", "record")
BIRTHDAY_DAYS = 30  # a person reported a year older over more days than this may have had a birthday
MAX_AGE_GAP = 15  # ages further apart than this are of two people with one surname (a father and son)
MIN_BOUTS = 5
MAX_NEW_BOUTS = 3  # a record that grew by more is of another competition, or another person
# Capitalised words before a surname that are not a first name ("But Parker", "Mr Smith").
_NOT_FIRST_NAMES = frozenset(
    "the a an but and or when while as if so then after before with for of in on at by from to than "
    "mr mrs ms dr sir".split()
)
_RECORD = re.compile(
    r"(?P<name>" + NAME + r")\s+\((?P<w>\d{1,3})-(?P<l>\d{1,3})(?:-(?P<d>\d{1,2}))?(?=\)|,\s*\d+\s*KOs?\b)"
)


def record_claims(
    article_id: str, text: str, sentences: list[Span], *, source: str | None, published: str | None
) -> list[Claim]:
    """The win-loss records an article's sentences give after a name."""
    out = []
    for k, span in enumerate(sentences):
        sent = text[span.start : span.end]
        for m in _RECORD.finditer(sent):
            bouts = sum(int(m[g] or 0) for g in ("w", "l", "d"))
            name = m["name"].split()
            if bouts < MIN_BOUTS:
                continue
            surface = "-".join(m[g] for g in ("w", "l", "d") if m[g] is not None)
            flat = " ".join(sent.split())
            subjects = frozenset({name[-1].lower()})
            out.append(
                Claim(
                    Decimal(bouts),
                    surface,
                    "record",
                    article_id,
                    span.start,
                    span.end,
                    flat,
                    k,
                    "record",
                    frozenset({"record"}),
                    subjects,
                    "",
                    "",
                    source,
                    published,
                    named=" ".join(name),
                )  # fmt: skip
            )
    return out


def is_record(figure: str) -> bool:
    """Whether a report's figure is a win-loss record as this module writes it ("34-3-0")."""
    return bool(re.fullmatch(r"\d+-\d+(?:-\d+)?", figure))


def ages_differ(a: Claim, b: Claim) -> bool:
    """Two ages of one person differ unless a birthday can explain them."""
    early, late = sorted((a, b), key=lambda c: c.published or "")
    if a.value == b.value or abs(a.value - b.value) > MAX_AGE_GAP:
        return False
    days = _days_between(early.published, late.published)
    return not (late.value == early.value + 1 and (days is None or days > BIRTHDAY_DAYS))


def record_grew(before: Claim, after: Claim) -> bool:
    """Whether ``after`` is ``before``'s record a few bouts on (none of its wins, losses or draws fewer)."""
    was, now = _parts(before), _parts(after)
    return all(x <= y for x, y in zip(was, now, strict=True)) and 0 < sum(now) - sum(was) <= MAX_NEW_BOUTS


def _parts(c: Claim) -> tuple[int, int, int]:
    wins, losses, *draws = (int(x) for x in c.surface.split("-"))
    return wins, losses, draws[0] if draws else 0


def about_people(
    told: list[tuple[Story, list[Claim]]], text_of: Callable[[str], str]
) -> list[tuple[Claim, Claim, str, Story]]:
    """(earlier, later, "conflict" | "update", story) for the ages that differ and the records that grew,
    the person named as fully as both articles name them."""
    claims = sorted(((c, s) for s, cs in told for c in cs if c.kind in PERSON_KINDS), key=lambda x: _when(x[0]))
    out: list[tuple[Claim, Claim, str, Story]] = []
    used: set[tuple[str, int, str]] = set()
    for i, (a, story_a) in enumerate(claims):
        for b, story_b in claims[i + 1 :]:
            if a.kind != b.kind or not _same_person(a, b) or a.article_id == b.article_id or {_key(a), _key(b)} & used:
                continue
            full = _full_names(text_of, a) & _full_names(text_of, b)
            kind = _judge(a, b)
            if (story_a is story_b or full) and kind:
                first, then = (a, b) if a.kind == "age" or record_grew(a, b) else (b, a)
                name = max((a.named, b.named, *full), key=len)
                out.append((_named(first, name), _named(then, name), kind, story_a))
                used |= {_key(a), _key(b)}
    return out


def _same_person(a: Claim, b: Claim) -> bool:
    """One name is the other's first or last part: "Parker" and "Joseph Parker", "Jordan" and "Jordan
    Kay" (across stories the full names must also agree)."""
    short, long = sorted((a.named.lower().split(), b.named.lower().split()), key=len)
    return long[: len(short)] == short or long[-len(short) :] == short


def _judge(a: Claim, b: Claim) -> str:
    if a.kind == "age":
        return "conflict" if ages_differ(a, b) else ""
    return "update" if record_grew(a, b) or record_grew(b, a) else ""


def _named(c: Claim, name: str) -> Claim:
    return replace(c, named=name)


def _when(c: Claim) -> tuple[str, str, int]:
    return c.published or "", c.article_id, c.start


def _key(c: Claim) -> tuple[str, int, str]:
    return c.article_id, c.start, c.surface


def _full_names(text_of: Callable[[str], str], c: Claim) -> set[str]:
    """The first and last names an article gives the person a claim is about ("Joseph Parker"); none
    when the claim names only a surname the article gives two people ("Will Smith", "Jada Pinkett
    Smith": whose is "the 55-year-old Smith"?)."""
    words = c.named.split()
    found = re.finditer(r"\b[A-Z][\w'’-]+\s+" + re.escape(words[-1]) + r"\b", text_of(c.article_id))
    names = {m.group() for m in found if m.group().split()[0].lower() not in _NOT_FIRST_NAMES}  # not "But Parker"
    if len(words) > 1:
        return {n for n in names if c.named.endswith(n)}
    return names if len(names) == 1 else set()


def _days_between(first: str | None, last: str | None) -> int | None:
    try:
        return (dt.date.fromisoformat((last or "")[:10]) - dt.date.fromisoformat((first or "")[:10])).days
    except ValueError:
        return None
