"""The phrases of time a chat request uses, read into a ``Period`` (``periods.py``): "yesterday",
"this week", "last week", "the past three days", "over the weekend", "this month", "on Friday",
"the week to November 24", "between November 17 and 22", "since December 1", "on Nov. 21, 2023".

``period_of`` finds the first such phrase (in the order of ``_SPANS``, the most specific first) and
returns its period with the request's other words, where its topic is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefer.chat.periods import (
    DAYS,
    Period,
    abbreviated_weekday,
    day_of,
    days_of_month,
    half_of_month,
    month,
    months,
    one_unit,
    part_of_month,
    quarter,
    range_of,
    slashed,
    units,
    week_of,
)
from briefer.text.dates import MONTH, MONTH_NAMES

_ORD = r"(?:st|nd|rd|th)?"


def _date(p: str) -> str:
    """A date as people type it ("November 21", "Nov. 21st, 2023", "21 November", "2023-11-21"), its
    groups named with the prefix ``p``."""
    return (
        rf"(?:(?P<{p}m1>{MONTH})\s+(?P<{p}d1>\d{{1,2}}){_ORD}(?!\d)(?:,?\s+(?P<{p}y1>\d{{4}}))?"
        rf"|(?P<{p}d2>\d{{1,2}}){_ORD}\s+(?P<{p}m2>{MONTH})(?:,?\s+(?P<{p}y2>\d{{4}}))?"
        rf"|(?P<{p}iso>\d{{4}}-\d{{2}}-\d{{2}}))"
    )


_WEEKDAY = r"(?P<weekday>" + "|".join(DAYS) + r")"
_COUNT = r"(?P<n>\d{1,3}|a few|a couple of|couple of|few|several|two|three|four|five|six|seven|eight|nine|ten)"
_LEAD = r"(?:\b(?:in|over|during|for|from|of|on|across|throughout)\s+)?(?:\bthe\s+)?"

_RANGE_END = rf"(?:{_date('b')}|(?:the\s+)?(?P<bday>\d{{1,2}}){_ORD}(?!\d)(?:,?\s+(?P<byear>\d{{4}}))?)"
# "11/2/2023", "12/20": month first, as in the US (day first when the first number is over 12)
_SLASHED = r"(?<![\d/])(?P<{0}>\d{{1,2}}/\d{{1,2}}(?:/\d{{4}})?)(?![\d/])"
_SPANS: tuple[tuple[re.Pattern, Callable[[re.Match], Period | None]], ...] = tuple(
    (re.compile(pattern, re.I), make)
    for pattern, make in (
        (
            rf"\b(?:(?:between|from|(?:on\s+)?(?:the\s+)?weekend\s+of)\s+)?{_date('a')}\s*"
            rf"(?:and|to|through|till|until|-|–)\s*{_RANGE_END}",
            range_of,
        ),
        (
            rf"{_LEAD}week\s+(?:to|ending(?:\s+on)?|through|until|up\s+to|before)\s+{_date('a')}",
            lambda m: Period(days=7, end=day_of(m, "a")),
        ),
        (
            rf"\b(?:(?:on\s+)?(?:the\s+)?weekend\s+of\s+|between\s+|from\s+)?(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}}){_ORD}"
            rf"\s*(?:-|–|to|and|through)\s*(?P<d2>\d{{1,2}}){_ORD}(?!\d)(?:,?\s+(?P<year>\d{{4}}))?",
            lambda m: days_of_month(m, m["m1"]),
        ),
        (
            rf"\b(?:between\s+|from\s+)?(?P<d1>\d{{1,2}}){_ORD}\s*(?:-|–|to|and|through)\s*(?P<d2>\d{{1,2}}){_ORD}"
            rf"\s+(?P<m2>{MONTH})(?:,?\s+(?P<year>\d{{4}}))?",
            lambda m: days_of_month(m, m["m2"]),
        ),
        (
            rf"\b(?:between\s+|from\s+)?{_SLASHED.format('a')}\s*(?:-|–|to|and|through)\s*{_SLASHED.format('b')}",
            lambda m: slashed(m),
        ),
        (
            rf"\b(?:(?:between|from|in|during|over|for|throughout)\s+)?(?P<m1>{MONTH_NAMES})\.?\s*(?:-|–|to|through|and|till|until)\s*"
            rf"(?P<m2>{MONTH_NAMES})\b\.?(?:,?\s+(?P<year>\d{{4}}))?(?!\s*\d)",
            lambda m: months(m),
        ),
        (rf"\bsince\s+the\s+(?P<d>\d{{1,2}}){_ORD}\b", lambda m: Period(since=f"md{int(m['d']):02d}")),
        (  # "since October": from its 1st
            rf"\bsince\s+(?:the\s+start\s+of\s+|early\s+|the\s+beginning\s+of\s+)?(?P<month>{MONTH_NAMES})"
            rf"(?:,?\s+(?P<year>\d{{4}}))?\b(?!\.?\s*\d)",
            lambda m: Period(since=month(m).since),
        ),
        (
            rf"{_LEAD}(?P<part>first|second|last)\s+(?:half|(?P<n>\d{{1,2}}|ten|five|seven|three)\s+days)\s+of\s+"
            rf"(?P<month>{MONTH_NAMES})(?:,?\s+(?P<year>\d{{4}}))?",
            lambda m: half_of_month(m),
        ),
        (rf"{_LEAD}week\s+of\s+{_date('a')}", lambda m: Period(end=day_of(m, "a"), calendar="week of")),
        (rf"\bsince\s+{_date('a')}", lambda m: Period(since=day_of(m, "a"))),
        (rf"\bsince\s+(?:last\s+)?{_WEEKDAY}\b", lambda m: Period(since=f"wd{DAYS.index(m['weekday'].lower())}")),
        (rf"\b(?:on\s+|for\s+)?{_SLASHED.format('a')}", lambda m: slashed(m)),
        (
            r"\b(?:across\s+|in\s+|over\s+)?(?:the\s+)?(?:whole|entire|full)\s+(?:archive|period|collection|corpus)\b|"
            r"\b(?:of\s+)?all\s+time\b",
            lambda m: Period(calendar="all"),
        ),
        (
            r"\b(?:in\s+|for\s+|during\s+)?(?:the\s+)?q(?P<q>[1-4])(?:\s+(?P<year>\d{4}))?(?:\s+so\s+far)?\b",
            lambda m: quarter(m),
        ),
        (r"(?<!the )(?<!past )\blast\s+week(?:'s)?\b", lambda m: Period(calendar="last week")),
        (r"(?<!the )(?<!past )\blast\s+month(?:'s)?\b", lambda m: Period(calendar="last month")),
        (
            rf"{_LEAD}(?P<nth>first|second|third|fourth|last)\s+week\s+of\s+(?P<month>{MONTH})(?:,?\s+(?P<year>\d{{4}}))?",
            lambda m: week_of(m),
        ),
        (
            rf"\b(?:in|during|for|throughout|over|from)\s+(?:the\s+month\s+of\s+)?(?P<month>{MONTH_NAMES})"
            rf"(?:,?\s+(?P<year>\d{{4}}))?\b(?!\.?\s*\d)",
            lambda m: month(m),
        ),
        (
            rf"{_LEAD}(?P<part>early|mid|late)[\s-]+(?P<month>{MONTH_NAMES})(?:,?\s+(?P<year>\d{{4}}))?\b(?!\.?\s*\d)",
            lambda m: part_of_month(m),
        ),
        (rf"{_LEAD}(?:past|last)\s+(?P<n>\d{{1,3}})\s+hours\b", lambda m: Period(days=max(1, -(-int(m["n"]) // 24)))),
        (
            rf"{_LEAD}(?:past|last|previous|latest|recent)\s+{_COUNT}\s+(?P<unit>days?|weeks?|wks?|fortnights?|months?|mos?)\b",
            units,
        ),
        (rf"{_LEAD}(?:past|last|previous)\s+(?P<unit>day|week|fortnight|month)\b", lambda m: one_unit(m)),
        (r"\b(?:in|over|during|for)?\s*(?:the\s+)?day\s+before\s+yesterday\b", lambda m: Period(back=2)),
        (r"\byesterday(?:'s)?\b", lambda m: Period(back=1)),
        (
            r"\b(?:this|the)\s+week(?:'s)?\b|\bthis\s+past\s+week\b|"
            r"\bweekly(?=\s+(?:wrap|recap|round|news|brief|summary|highlights|digest|update))",
            lambda m: Period(days=7),
        ),
        (r"\b(?:the\s+)?whole\s+(?:saga|story|thing|affair)\b", lambda m: Period(calendar="all")),
        (r"\b(?:over\s+|on\s+)?(?:the\s+)?weekend\s+before\s+last\b", lambda m: Period(calendar="weekend", back=7)),
        (
            r"\b(?:this|last|the)\s+weekend(?:'s)?\b(?!\s+before)|\bover\s+the\s+weekend\b(?!\s+before)|"
            r"\bweekend(?=\s+(?:wrap|recap|round|news|brief|summary|highlights|digest|update))",
            lambda m: Period(calendar="weekend"),
        ),
        (r"\b(?:this|the)\s+month(?:'s)?\b", lambda m: Period(calendar="month")),
        (r"\b(?:today|tonight|this\s+morning|this\s+evening)(?:'s)?\b", lambda m: Period()),
        (rf"\b(?:on\s+)?(?:last\s+)?{_WEEKDAY}(?:'s)?\b", lambda m: Period(weekday=DAYS.index(m["weekday"].lower()))),
        (  # "from sat": an abbreviated weekday, after a word that leads to a day
            r"\b(?:on|from|since|last)\s+(?P<abbr>mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?",
            lambda m: abbreviated_weekday(m),
        ),
        (rf"\b(?:on\s+|for\s+)?{_date('a')}", lambda m: Period(end=day_of(m, "a"))),
        (  # "openai news nov": a month alone at the end (not "may" or "march", which are words too)
            r"(?:^|\s)(?P<month>jan|january|feb|february|apr|april|jun|june|jul|july|aug|august|sept?|september|oct|"
            r"october|nov|november|dec|december)\.?(?:\s+(?P<year>\d{4}))?(?:,?\s+please|\s+pls)?\s*[?.!]*$",
            lambda m: month(m),
        ),
    )
)


# Days known by name, read as the dates they fall on
_HOLIDAYS = {
    r"christmas\s+eve": "December 24",
    r"christmas(?:\s+day)?": "December 25",
    r"boxing\s+day": "December 26",
    r"new\s+year'?s\s+eve": "December 31",
    r"new\s+year'?s(?:\s+day)?": "January 1",
    r"halloween": "October 31",
}
_HOLIDAY = re.compile(  # after a word leading to a day: "on Christmas Eve", not "writing about Christmas"
    r"(?:^|\b(?P<lead>(?:on|since|for|from|before|after|over|until|till|through|by|of|to|and)\s+(?:the\s+)?))("
    + "|".join(f"(?:{h})" for h in _HOLIDAYS)
    + r")\b",
    re.I,
)


def _dated(question: str) -> str:
    """``question`` with the days it names by name written as dates ("Christmas Eve": "December 24")."""

    def date_of(m: re.Match) -> str:
        return (m["lead"] or "") + next(d for h, d in _HOLIDAYS.items() if re.fullmatch(h, m.group(2), re.I))

    return _HOLIDAY.sub(date_of, question)


def period_of(question: str) -> tuple[Period | None, str]:
    """The period ``question`` names (None when it names none) and the question without it."""
    question = _dated(question)
    for pattern, make in _SPANS:
        m = pattern.search(question)
        if m and (found := make(m)) is not None:
            rest = (question[: m.start()] + " " + question[m.end() :]).strip()
            return found, " ".join(rest.split())
    return None, question
