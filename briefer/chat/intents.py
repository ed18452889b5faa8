"""Questions a chat answers from the briefing rather than by search: "summarize today's news",
"what's the news", "what do the sources disagree on". Options of ``/brief`` parse here too."""

from __future__ import annotations

import argparse
import re
import shlex
from dataclasses import dataclass

_NEWS = re.compile(
    r"^\s*(?:please\s+)?(?:summari[sz]e|sum up|recap|brief me on)\b.*\b(?:today|news|day|headlines|stories)\b|"
    r"\bwhat(?:'s| is| are)\s+(?:the\s+)?(?:news|headlines|top stories)\b|"
    r"\bwhat (?:was|were) (?:the\s+)?(?:news|headlines|top stories)\b|"
    r"\bwhat happened (?:today|yesterday|this week|on\b)|\b(?:today's|the latest|the day's) (?:news|headlines|briefing)\b|"
    r"^\s*(?:brief me|give me (?:the|today's|a) (?:news|briefing|rundown))\b",
    re.I,
)
_DISAGREE = re.compile(
    r"\b(?:disagree|disagreement|contradict|conflicting|conflict(?:s)?|discrepanc\w*|differ(?:ent)? (?:figures|numbers|"
    r"reports|accounts))\b",
    re.I,
)


# "Tell me more about the Binance story", "More on Binance", "What else do we know about the OpenAI saga?"
_MORE = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+)*(?:tell me (?:more|everything|the rest)|(?:tell me |give me |say )?more|"
    r"what else(?: is there| do we know| do you know| happened| did they say)?|expand|elaborate|go deeper|details)"
    r"\s+(?:details\s+)?(?:about|on|regarding|of|with|in)\s+(?P<what>.+?)[\s?.!]*$",
    re.I,
)


def intent(question: str) -> str | None:
    """``"conflicts"``, ``"news"``, ``"more"`` (a story of the briefing at more length) or None (an
    ordinary question, answered by search)."""
    if _DISAGREE.search(question) and re.search(
        r"\b(?:sources|outlets|reports|articles|figures|they)\b", question, re.I
    ):
        return "conflicts"
    if _NEWS.search(question):
        return "news"
    return "more" if _MORE.match(question) else None


def more_about(question: str) -> str:
    """What a "tell me more about ..." question asks about ("the Binance story"); empty for another question."""
    m = _MORE.match(question)
    return m["what"] if m else ""


# "... about the SBF trial?", "... on OpenAI": what a news question is about, after its last such word
_ABOUT = re.compile(r"\b(?:about|regarding|concerning|on|over)\s+", re.I)
_NOT_TOPICS = frozenset("today yesterday it this that them this week".split())


def options_of(question: str) -> BriefOptions:
    """The day and the topic a news question names ("what was the news on November 21, 2023?", "what
    do the sources disagree on about the SBF trial?"); neither when it names none."""
    from briefer.text.dates import dates_in

    found = dates_in(question)
    rest = question
    for start, end, _ in reversed(found):
        rest = rest[:start] + rest[end:]
    cuts = list(_ABOUT.finditer(rest))
    topic = rest[cuts[-1].end() :].strip(" ?.!,") if cuts else ""
    topic = re.sub(r"^the\s+", "", topic, flags=re.I)
    return BriefOptions(
        date=found[-1][2] if found else None, topic=topic if topic and topic.lower() not in _NOT_TOPICS else None
    )


@dataclass(frozen=True)
class BriefOptions:
    date: str | None = None
    days: int = 1
    topic: str | None = None
    source: str | None = None


def parse_brief(args: str) -> BriefOptions:
    """``/brief [DATE] [--days N] [--topic T] [--source S]``, as the command takes them; ValueError
    with a usage line when they do not parse."""
    import datetime as dt

    parser = argparse.ArgumentParser(prog="/brief", add_help=False, exit_on_error=False)
    parser.add_argument("date", nargs="?")
    parser.add_argument("--date", dest="date_opt")
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--topic")
    parser.add_argument("--source")
    try:
        ns, extra = parser.parse_known_args(shlex.split(args))
    except (argparse.ArgumentError, ValueError) as exc:
        raise ValueError(f"{exc}; {BRIEF_USAGE}") from None
    if extra or not 1 <= ns.days <= 366:
        raise ValueError(BRIEF_USAGE)
    date = ns.date_opt or ns.date
    try:
        date = dt.date.fromisoformat(date).isoformat() if date else None
    except ValueError:
        raise ValueError(f"'{date}' is not a date; {BRIEF_USAGE}") from None
    return BriefOptions(date, ns.days, ns.topic, ns.source)


BRIEF_USAGE = "usage: /brief [YYYY-MM-DD] [--days N] [--topic TEXT] [--source OUTLET]"
