"""Query understanding for news: outlets and dates named in a question become targeted sub-queries.

"…reported by TechCrunch on October 30, 2023 about Meta's ad-free tier, and The Verge's article on
November 12, 2023…" yields one sub-query per outlet mention, filtered to that outlet and (when a
date follows the mention) to that day (±1), searching the whole question again within that filter. Outlets
are matched against the outlets in the index, by their names and short aliases ("Cnbc | World
Business News Leader" -> "Cnbc"), and only when every word is capitalised as a name is ("The Age",
not "the age").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefer.text.dates import dates_in, day_window


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    outlets: tuple[str, ...]  # the index's outlet names this mention may mean


@dataclass(frozen=True)
class SubQuery:
    """The question searched again within these outlets and/or this date window."""

    sources: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None


def aliases(outlet: str) -> set[str]:
    """Names a question may use for ``outlet``: the name, its part before ' | ' or ' - ', without 'The'."""
    names = {outlet.strip()}
    for sep in (" | ", " - ", ": "):
        if sep in outlet:
            names.add(outlet.split(sep, 1)[0].strip())
    for n in list(names):
        if n.lower().startswith("the ") and len(n) > 8:
            names.add(n[4:])
        if n.endswith(".com"):
            names.add(n[:-4])
    return {n for n in names if len(n) >= 3}


class OutletMatcher:
    def __init__(self, outlets: list[str]):
        table: dict[str, set[str]] = {}
        for o in outlets:
            for a in aliases(o):
                table.setdefault(a.lower(), set()).add(o)
        self.table = table
        names = sorted(table, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.I) if names else None
        )

    def find(self, text: str) -> list[Mention]:
        if not self.pattern:
            return []
        out = []
        for m in self.pattern.finditer(text):
            outlets = self.table[m.group().lower()]
            exact = any(m.group() in aliases(o) for o in outlets)
            words = [w for w in re.findall(r"[^\W_]+", m.group()) if w.lower() not in ("of", "and", "com")]
            if not exact and not all(w[0].isupper() or w[0].isdigit() for w in words):
                continue  # "the age" is not The Age
            out.append(Mention(m.start(), m.end(), tuple(sorted(outlets))))
        return out


def analyse(query: str, matcher: OutletMatcher, *, use_dates: bool = True) -> list[SubQuery]:
    """One sub-query per outlet mention (with the date that follows it in the same clause), plus
    one per date named with no outlet; [] when the question names neither."""
    mentions = matcher.find(query)
    dates = dates_in(query) if use_dates else []
    subs: list[SubQuery] = []
    used_dates: set[int] = set()
    bounds = [m.start for m in mentions] + [len(query)]
    for i, m in enumerate(mentions):
        since = until = None
        for j, (ds, _, iso) in enumerate(dates):
            if m.end <= ds < bounds[i + 1] and ds - m.end < 80:
                since, until = day_window(iso)
                used_dates.add(j)
                break
        subs.append(SubQuery(m.outlets, since, until))
    for j, (_, _, iso) in enumerate(dates):
        if j not in used_dates and not mentions:
            since, until = day_window(iso)
            subs.append(SubQuery((), since, until))
    # the same outlet named twice with no date adds nothing new
    unique: dict[tuple, SubQuery] = {}
    for s in subs:
        unique.setdefault((s.sources, s.since, s.until), s)
    return list(unique.values())


# --- decomposition -----------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(
    r",|;|\?|\.\s|\s(?:and|while|whereas|but|as well as|both|also|after|before|which|who|that)\s", re.I
)
MIN_CLAUSE_TERMS = 3


def clauses(question: str, terms=None) -> list[str]:
    """The question cut into clauses at commas, semicolons and joining words ("and", "while",
    "which"...); a clause with fewer than ``MIN_CLAUSE_TERMS`` search terms joins the one before.

    A multi-hop question paraphrases one fact per clause ("...spent billions to be the default
    search engine, and is accused of harming publishers..."), so each clause searched on its own
    finds its own evidence. ``terms(text)`` counts search terms (default: words of 3+ letters).
    """
    count = terms or (lambda text: len(re.findall(r"\w{3,}", text)))
    out: list[str] = []
    for part in _CLAUSE_BREAK.split(question):
        part = part.strip()
        if not part:
            continue
        if count(part) >= MIN_CLAUSE_TERMS or not out:
            out.append(part)
        else:
            out[-1] = f"{out[-1]} {part}"
    return out
