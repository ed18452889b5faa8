"""Dates in news text: month and weekday names, dates written in running text, and one parser
that normalises every form briefer meets to ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

MONTH_NAMES = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
"""Regex alternatives for the English month names and their abbreviations (no group, no dot)."""
MONTH = rf"(?:{MONTH_NAMES})\.?"
MONTHS = {
    m: i
    for i, name in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
    for m in (name, name[:3])
}
MONTHS["sept"] = 9
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_ORD = r"(?:st|nd|rd|th)?"
TEXT_DATE = re.compile(
    rf"\b(?:{MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}"
    rf"|\d{{1,2}}{_ORD}\s+{MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b"
)
"""A full date inside running text: "December 8, 2016", "Dec. 8, 2016", "8 December 2016", "2016-12-08"."""

_STRPTIME_FORMATS = (
    "%B %d %Y",  # December 8 2016 (commas removed below)
    "%b %d %Y",  # Dec 8 2016
    "%d %B %Y",  # 8 December 2016
    "%d %b %Y",  # 8 Dec 2016
    "%A %B %d %Y",  # Thursday December 8 2016
    "%A %d %B %Y",  # Thursday 8 December 2016
    "%Y/%m/%d",
    "%Y %m %d",  # 2016.12.08 (dots replaced below)
)


def parse_date(value: str | date | None) -> str | None:
    """Normalise a date to 'YYYY-MM-DD', or None when it cannot be read.

    Accepts ISO 8601 (with time and offset), RFC 822 ('Thu, 08 Dec 2016 10:00:00 GMT'),
    'December 8, 2016', 'Dec. 8, 2016', '8 December 2016', and date/datetime objects
    (YAML front matter yields those). The calendar date is kept as written: no time-zone shift.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    if not s:
        return None
    try:
        return datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", s)
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned, flags=re.IGNORECASE)
    cleaned = " ".join(cleaned.replace(",", " ").replace(".", " ").split())
    for fmt in _STRPTIME_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    # ISO-looking prefix that fromisoformat rejects, e.g. nanosecond fractions.
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    return None


def dates_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every full date written in ``text``."""
    return [(m.start(), m.end(), d) for m in TEXT_DATE.finditer(text) if (d := parse_date(m.group()))]


def day_window(iso: str, slack: int = 1) -> tuple[str, str]:
    """The ISO dates ``slack`` days before and after ``iso``."""
    d = dt.date.fromisoformat(iso)
    return (d - dt.timedelta(days=slack)).isoformat(), (d + dt.timedelta(days=slack)).isoformat()


_YEAR = re.compile(r"(?<![\d$£€.,])\b((?:19|20)\d\d)(?:[-–/]((?:19|20)?\d\d))?\b(?!\d|[,.]\d)")


def years_named(text: str) -> set[str]:
    """The years a text names ("2019", "the 2023-24 season" -> 2023 and 2024); not amounts ("$2,023")."""
    out = set()
    for m in _YEAR.finditer(text):
        out.add(m.group(1))
        if m.group(2):
            out.add(m.group(2) if len(m.group(2)) == 4 else m.group(1)[:2] + m.group(2))
    return out


# A year a sentence counts from, not one it is about: "... their second-best month since the exchange went
# public in 2021", "A year after Melbourne walked away with the 2022 premiership, the Lions ..."
_RELATIVE_YEAR = re.compile(r"\b(?:since|after|than)\b(?:\W+[\w’'-]+){0,7}?\W+(?:19|20)\d\d\b", re.I)


def of_another_year(years: set[str], sentence: str) -> bool:
    """Whether the sentence names years, none of them ``years``, leaving out those it only counts from
    ("since the exchange went public in 2021")."""
    named = years_named(_RELATIVE_YEAR.sub(" ", sentence))
    return bool(named) and not named & years


def of_an_earlier_year(published: str | None, sentence: str) -> bool:
    """Whether the sentence names only years before its article's (``published``): history ("When the
    Braves won the World Series in 1914"), not the article's news nor what it looks ahead to ("Copa
    America 2024" in 2023)."""
    named = years_named(_RELATIVE_YEAR.sub(" ", sentence))
    return bool(published and named) and max(named) < (published or "")[:4]
