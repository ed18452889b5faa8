"""Live pages: a page its outlet kept updating as the news came in ("A timeline of Sam Altman's firing
from OpenAI — and the fallout", "Shohei Ohtani rumors tracker", "Michigan sign-stealing scandal news:
Latest updates"), its entries under date lines, newest first. The page keeps the date it was first
published, but each entry tells the news of its own date, and its opening is rewritten with the latest
entry ("The Big Ten suspended coach Jim Harbaugh for three games on Friday" on a page published four days
before that Friday).

So a reader of the page's first day must not be told its later entries, nor its opening when that is
newer than the day; and an entry's figures are dated by the entry, not by the page. A page is live when
at least two of its lines are nothing but a date ("November 21", "Friday, Nov. 17", "Date: Saturday,
Dec. 9") giving two dates or more, and they run newest first: a week's calendar ("Monday, October 23:
Microsoft reports") runs the other way and is no live page. A weekday must fit its date ("Tuesday, Oct.
11" is a game page's typo, not an entry).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefer.core.records import Span
from briefer.text.dates import MONTH_NAMES, MONTHS

_HEADER = re.compile(
    rf"^(?:Date:\s*)?(?:(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?\s+)?(?P<month>{MONTH_NAMES})\.?\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\s*[:.]?$",
    re.I,
)
_HEADER_LINE = re.compile(_HEADER.pattern.replace("^", r"^[ \t]*", 1), re.I | re.M)  # ... found in a whole text
_TERMINAL = re.compile(r"[.!?][\"'”’)]*$")
_TITLE = re.compile(r"^[\w‘'\"“]")  # a headline, not an embedded post's signature ("— Pete Thamel (@PeteThamel) ...")
TITLE_WORDS = 20  # an entry's own headline (no full stop) above its date line is part of the entry
MIN_ENTRIES = 2


@dataclass(frozen=True)
class Entry:
    start: int  # index of the entry's first sentence (its headline or its date line)
    date: str  # YYYY-MM-DD


@dataclass(frozen=True)
class LivePage:
    entries: list[Entry]  # in the page's order: newest first

    @property
    def updated(self) -> str:
        """The date of the newest entry: when the page, and its opening, were last written."""
        return max(e.date for e in self.entries)

    def date_of(self, sentence: int) -> str:
        """The date of what the sentence at this index tells: its entry's, or the last update's for the
        page's opening."""
        entry = self.entry_of(sentence)
        return entry.date if entry else self.updated

    def entry_of(self, sentence: int) -> Entry | None:
        """The entry holding the sentence at this index; None for the page's opening."""
        held = [e for e in self.entries if e.start <= sentence]
        return held[-1] if held else None

    def place(self, sentence: int, sentences: list[str]) -> int:
        """How far into its entry (or into the page's opening) the sentence is, counting only sentences
        ended by a full stop since the entry's or a sub-entry's headline, plus one for each sub-entry above
        (an entry's reports run newest first): an entry's first sentence after its headline and date line
        is 0, the first under its second headline ("Altman out, Shear in") 1."""
        return sum(self._reports(sentence, sentences))

    def in_report(self, sentence: int, sentences: list[str]) -> int:
        """How far into its report (the entry, or a sub-entry under its own headline) the sentence is."""
        return self._reports(sentence, sentences)[1]

    def _reports(self, sentence: int, sentences: list[str]) -> tuple[int, int]:
        """(reports of its entry above it, full-stopped sentences of its own report before it)."""
        held = [e.start for e in self.entries if e.start <= sentence]
        count = above = 0
        for line in sentences[held[-1] if held else 0 : sentence]:
            if _TERMINAL.search(line.strip()):
                count += 1
            elif _headline(line) and count:
                above, count = above + 1, 0
        return above, count


def could_be_live(text: str) -> bool:
    """Whether the text has the date lines of a live page (a cheap test before its sentences are read)."""
    return sum(1 for _ in zip(range(MIN_ENTRIES), _HEADER_LINE.finditer(text))) >= MIN_ENTRIES


def live_page(text: str, sentences: list[Span], published: str | None) -> LivePage | None:
    """The page's dated entries when it is a live page (see the module's docstring), else None."""
    if not published or not could_be_live(text):
        return None
    lines = [text[s.start : s.end].strip() for s in sentences]
    entries = []
    for k, line in enumerate(lines):
        m = _HEADER.match(line)
        date = _date(m, published[:10]) if m else None
        if date is None:
            continue
        before = lines[k - 1] if k else ""
        own_title = k > 0 and _headline(before) and not _HEADER.match(before)
        entries.append(Entry(k - 1 if own_title else k, date))
    dates = [e.date for e in entries]
    if len(set(dates)) < MIN_ENTRIES or any(a < b for a, b in zip(dates, dates[1:])):
        return None
    return LivePage(_separate(entries))


def _headline(line: str) -> bool:
    """Whether the line is an entry's headline: short, no full stop, opening with a word or a quote."""
    line = line.strip()
    return bool(_TITLE.match(line)) and not _TERMINAL.search(line) and len(line.split()) <= TITLE_WORDS


def _separate(entries: list[Entry]) -> list[Entry]:
    """Entries whose headline line was taken as the previous entry's last line start after it."""
    out: list[Entry] = []
    for e in entries:
        if out and e.start <= out[-1].start:
            e = Entry(out[-1].start + 1, e.date)
        out.append(e)
    return out


def _date(m: re.Match, published: str) -> str | None:
    """The header's date; a year it does not give is the one that puts it nearest the page's date."""
    month = MONTHS.get(m["month"].lower().rstrip("."))
    if month is None:
        return None
    base = dt.date.fromisoformat(published)
    years = [int(m["year"])] if m["year"] else [base.year - 1, base.year, base.year + 1]
    found = []
    for year in years:
        try:
            found.append(dt.date(year, month, int(m["day"])))
        except ValueError:
            continue
    if not found:
        return None
    best = min(found, key=lambda d: abs((d - base).days))
    weekday = m["weekday"]
    return None if weekday and best.strftime("%A").lower() != weekday.lower() else best.isoformat()
