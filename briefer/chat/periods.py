"""A period a chat request names (``Period``), read against the archive's latest day ("today"), and
the periods each kind of phrase makes from its match (``period_phrases.py`` finds the phrases).

``Period.window`` turns a period into the briefing's last day and length once the latest day is known.
A date written without its year is the latest such day on or before "today"; a week is Monday to
Sunday; "the last N months" counts back by the calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefer.text.dates import MONTHS, parse_date

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_NUMBERS |= {"a": 1, "few": 3, "a few": 3, "couple of": 2, "a couple of": 2, "several": 4}
_UNIT_DAYS = {"day": 1, "week": 7, "wk": 7, "fortnight": 14, "month": 30, "mo": 30}


@dataclass(frozen=True)
class Period:
    """A stretch of days a question names: absolute (``end``, ``since``) or counted back from the
    latest day (``back``), ``days`` long, or to the start of a week, weekend or month."""

    days: int = 1
    back: int = 0  # the period ends this many days before the latest day
    end: str | None = None  # its last day (written as "--MM-DD" when the year was not given)
    since: str | None = None  # its first day: the period runs from it to ``end`` (or the latest day)
    weekday: int | None = None  # the latest such weekday (0: Monday) on or before the latest day
    calendar: str | None = None  # "month", "last week", "weekend", "all" ...: the latest such span
    months: int = 0  # the last N months: from the day after the same date N months before

    def window(self, latest: str, earliest: str | None = None) -> tuple[str, int]:
        """(last day, days) of the period, ``latest`` being the archive's latest day (and ``earliest`` its
        first, for "the whole archive")."""
        today = dt.date.fromisoformat(latest)
        if self.calendar == "all":
            return latest, (today - dt.date.fromisoformat(earliest or latest)).days + 1
        end = _resolve(self.end, today) if self.end else today - dt.timedelta(days=self.back)
        if self.weekday is not None:
            end = today - dt.timedelta(days=(today.weekday() - self.weekday) % 7)
        if self.calendar:
            start, end = _CALENDAR[self.calendar](self, end, today)
        elif self.since:
            start = _resolve(self.since, end)  # "since Monday": the latest Monday before the end
        elif self.months:
            start = _months_before(end, self.months)
        else:
            start = end - dt.timedelta(days=self.days - 1)
        return end.isoformat(), max((end - start).days + 1, 1)


def _months_before(end: dt.date, months: int) -> dt.date:
    """The day after the same date ``months`` months before ``end`` ("the last 2 months" to Dec 25: from
    Oct 26)."""
    first = dt.date(end.year - (end.month <= months), (end.month - months - 1) % 12 + 1, 1)
    return first.replace(day=min(end.day, 28)) + dt.timedelta(days=1)


def _weekend(period: Period, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """The latest Saturday and Sunday (Saturday alone on a Saturday); ``back`` days before, "the weekend
    before last"."""
    sunday = today - dt.timedelta(days=(today.weekday() - 6) % 7)
    if today.weekday() == 5 and not period.back:
        return today, today
    sunday -= dt.timedelta(days=period.back)
    return sunday - dt.timedelta(days=1), sunday


def _last_week(period: Period, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    sunday = today - dt.timedelta(days=today.weekday() + 1)  # Monday to Sunday before this week
    return sunday - dt.timedelta(days=6), sunday


def _last_month(period: Period, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    last = end.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def _week_of(period: Period, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    monday = end - dt.timedelta(days=end.weekday())  # the Monday-to-Sunday week holding the day
    return monday, min(monday + dt.timedelta(days=6), today)


def _capped(period: Period, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """A month, quarter or week named: its days, to the latest day at most; without a year, of the latest
    year it had begun by the latest day ("Q4" in January is last year's)."""
    if period.since and period.end and period.since.startswith("--"):
        start = _resolve(period.since, today)
        end = dt.date(start.year, int(period.end[2:4]), int(period.end[5:7]))
    start = _resolve(period.since, end) if period.since else end - dt.timedelta(days=period.days - 1)
    return start, min(end, today)


_CALENDAR = {
    "month": lambda period, end, today: (end.replace(day=1), end),
    "quarter": lambda period, end, today: (end.replace(month=3 * ((end.month - 1) // 3) + 1, day=1), end),
    "weekend": _weekend,
    "last week": _last_week,
    "last month": _last_month,
    "week of": _week_of,
    "capped": _capped,
}
"""The span each ``Period.calendar`` names, as (first day, last day), from its end and the latest day."""


def _resolve(day: str, today: dt.date) -> dt.date:
    """A day written "--MM-DD" (no year) as the latest such day on or before ``today``; "wdN" as the
    latest weekday N (0: Monday) before it."""
    if day.startswith("wd"):
        return today - dt.timedelta(days=(today.weekday() - int(day[2:])) % 7 or 7)
    if day.startswith("md"):  # "since the 18th": this month's, or last month's when that is still to come
        mday = int(day[2:])
        this = today.replace(day=min(mday, 28)) if mday > 28 else today.replace(day=mday)
        return this if this <= today else (today.replace(day=1) - dt.timedelta(days=1)).replace(day=min(mday, 28))
    if not day.startswith("--"):
        return dt.date.fromisoformat(day)
    month, mday = int(day[2:4]), int(day[5:7])
    for year in (today.year, today.year - 1):
        try:
            found = dt.date(year, month, mday)
        except ValueError:
            continue
        if found <= today:
            return found
    return dt.date(today.year, month, min(mday, 28))


def day_of(m: re.Match, p: str) -> str | None:
    """The ISO date (or "--MM-DD") a date pattern's match gives (its groups named with prefix ``p``)."""
    g = m.groupdict()
    if g.get(f"{p}iso"):
        return parse_date(g[f"{p}iso"])
    month = g.get(f"{p}m1") or g.get(f"{p}m2")
    mday = g.get(f"{p}d1") or g.get(f"{p}d2")
    year = g.get(f"{p}y1") or g.get(f"{p}y2")
    if not month or not mday:
        return None
    number = MONTHS.get(month.rstrip(".").lower()[:3] if month.lower()[:4] != "sept" else "sept")
    if number is None or not 1 <= int(mday) <= 31:
        return None
    return parse_date(f"{year}-{number:02d}-{int(mday):02d}") if year else f"--{number:02d}-{int(mday):02d}"


def _count(m: re.Match) -> int:
    n = m["n"].lower()
    return int(n) if n.isdigit() else _NUMBERS.get(n, 1)


def range_of(m: re.Match) -> Period | None:
    first, last = day_of(m, "a"), day_of(m, "b")
    if last is None and m["bday"] and first:  # "between November 17 and 22(, 2023)": the first's month
        last = (f"{m['byear']}-{first[-5:-3]}-" if m["byear"] else first[:-2]) + f"{int(m['bday']):02d}"
    if not first or not last:
        return None
    if first.startswith("--") and not last.startswith("--"):
        first = last[:4] + first[1:]  # "November 17 to November 22, 2023": the year of the second
    return Period(end=last, since=first)


def units(m: re.Match) -> Period:
    unit = m["unit"].lower().rstrip("s")
    return Period(months=_count(m)) if unit in ("month", "mo") else Period(days=_count(m) * _UNIT_DAYS[unit])


def month_number(name: str) -> int:
    key = name.rstrip(".").lower()
    return MONTHS["sept"] if key == "sept" else MONTHS[key[:3]]


def month(m: re.Match) -> Period:
    """ "In November": the whole month (to the latest day, when it is this month)."""
    return month_of(month_number(m["month"]), m["year"])


def half_of_month(m: re.Match) -> Period:
    """ "The first half of December": days 1 to 15 ("second": 16 to its end); "the first ten days of
    October": 1 to 10 ("last N days": its last N)."""
    whole = month(m)
    prefix, last = (whole.since or "")[:-2], int((whole.end or "")[-2:])
    n = int(m["n"]) if m["n"] and m["n"].isdigit() else _NUMBERS.get((m["n"] or "").lower(), 0)
    part = m["part"].lower()
    first, final = (
        ((1, n) if part == "first" else (last - n + 1, last)) if n else ((1, 15) if part == "first" else (16, last))
    )
    return Period(end=f"{prefix}{final:02d}", since=f"{prefix}{first:02d}", calendar="capped")


def part_of_month(m: re.Match) -> Period:
    """ "Early October": days 1 to 10; "mid-": 11 to 20; "late": 21 to its end."""
    whole = month(m)
    first, last = {"early": (1, 10), "mid": (11, 20)}.get(m["part"].lower(), (21, int((whole.end or "")[-2:])))
    prefix = (whole.since or "")[:-2]
    return Period(end=f"{prefix}{last:02d}", since=f"{prefix}{first:02d}", calendar="capped")


def month_of(month: int, year: str | None) -> Period:
    last = 31
    while last > 28:
        try:
            dt.date(2000 if month == 2 else 2001, month, last)
            break
        except ValueError:
            last -= 1
    prefix = f"{year}-" if year else "--"
    return Period(end=f"{prefix}{month:02d}-{last:02d}", since=f"{prefix}{month:02d}-01", calendar="capped")


def days_of_month(m: re.Match, month_name: str) -> Period | None:
    """ "November 18-19", "1-10 Dec": days of one month."""
    month, first, last = month_number(month_name), int(m["d1"]), int(m["d2"])
    if not 1 <= first <= last <= 31:
        return None
    prefix = f"{m['year']}-" if m["year"] else "--"
    return Period(end=f"{prefix}{month:02d}-{last:02d}", since=f"{prefix}{month:02d}-{first:02d}")


def slashed(m: re.Match) -> Period | None:
    """ "12/20 to 12/24", "17/11/2023 – 30/11/2023", "11/2/2023": month first, as in the US, unless the
    first number is over 12; without a year, the latest such day."""
    days = []
    for text in (m["a"], m.groupdict().get("b")):
        if text is None:
            continue
        a, b, *year = (int(x) for x in text.split("/"))
        month, day = (b, a) if a > 12 else (a, b)
        try:
            dt.date(year[0] if year else 2000, month, day)
        except ValueError:
            return None
        days.append(f"{year[0]}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}")
    if len(days) == 2 and days[0].startswith("--") and not days[1].startswith("--"):
        days[0] = days[1][:4] + days[0][1:]
    return Period(end=days[-1], since=days[0] if len(days) == 2 else None)


def abbreviated_weekday(m: re.Match) -> Period:
    day = next(i for i, d in enumerate(DAYS) if d.startswith(m["abbr"].lower()[:3]))
    return Period(since=f"wd{day}") if m.group().lower().startswith("since") else Period(weekday=day)


def months(m: re.Match) -> Period:
    """ "Oct–Nov": from the first's 1st to the second's last day."""
    first, last = month_number(m["m1"]), month_number(m["m2"])
    whole = month_of(last, m["year"])
    year = m["year"] and (str(int(m["year"]) - 1) if first > last else m["year"])  # "Dec-Jan 2024"
    return Period(end=whole.end, since=f"{year}-{first:02d}-01" if year else f"--{first:02d}-01", calendar="capped")


def quarter(m: re.Match) -> Period:
    """ "Q4": its three months (to the latest day, when it is this quarter)."""
    first = 3 * int(m["q"]) - 2
    year = m["year"]
    last = 31 if first in (10, 1) else 30
    prefix = f"{year}-" if year else "--"
    return Period(end=f"{prefix}{first + 2:02d}-{last:02d}", since=f"{prefix}{first:02d}-01", calendar="capped")


def week_of(m: re.Match) -> Period:
    """ "The first week of November": its days 1 to 7 (the last: its last seven days)."""
    whole = month(m)
    if m["nth"].lower() == "last":
        return Period(days=7, end=whole.end, calendar="capped")
    first = 1 + 7 * ("first second third fourth".split().index(m["nth"].lower()))
    start = (whole.since or "")[:-2] + f"{first:02d}"
    return Period(end=start[:-2] + f"{first + 6:02d}", since=start, calendar="capped")


def one_unit(m: re.Match) -> Period:
    unit = m["unit"].lower()
    return Period(months=1) if unit == "month" else Period(days=_UNIT_DAYS[unit])
