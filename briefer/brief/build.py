"""Daily briefings: the window's articles grouped by topic, every bullet cited and verified,
conflicting figures side by side, corroboration counts, and what changed since the last briefing.

This module selects the window and orchestrates; the composer that writes the briefing is the one
the backend's ``capabilities.briefing`` names (``COMPOSERS``: extractive.py offline, generative.py
with a language model); render.py turns a ``Briefing`` into Markdown, HTML or JSON.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from pathlib import Path
from typing import NamedTuple

from briefer.brief import extractive, generative
from briefer.brief.conflicts import window_conflicts
from briefer.brief.history import History, what_changed
from briefer.brief.live import live_updates
from briefer.brief.records import Briefing, Headline, SourceBook
from briefer.brief.stories import Story, independent_outlets, of_outlet, stories_of_window
from briefer.core.errors import EmptyResult
from briefer.core.records import Filters, source_key
from briefer.index import Index
from briefer.llm import LLM
from briefer.search import Retriever
from briefer.text.aliases import spelled_names, with_name
from briefer.text.facts import facts_of
from briefer.text.words import terms

ALL_TIME = ("0001-01-01", "9999-12-31")
COMPOSERS = {"extractive": extractive.compose, "generative": generative.compose}
"""Briefing composers by the ``capabilities.briefing`` a backend declares."""


def window(
    index: Index, date: str | None, days: int, source: str | None = None, topic: str | None = None
) -> tuple[str, str]:
    """(start, end) ISO dates: ``days`` days ending on ``date`` (default: the latest day an article other
    than service content was published, of ``source``'s articles and of those about ``topic`` when they are
    given; The Verge's latest day in MultiHop-RAG holds one gift guide)."""
    end = date or latest_news_day(index, source, topic)
    if not end:
        raise EmptyResult(f"no dated articles in {index.folder}; ingest some, or give dates with --published")
    start = (dt.date.fromisoformat(end) - dt.timedelta(days=days - 1)).isoformat()
    return start, end


def latest_news_day(index: Index, source: str | None = None, topic: str | None = None) -> str | None:
    """The latest day an article other than shopping, list, review or how-to content was published (of
    ``source``, about ``topic``), else the latest day of any article; None when none is dated."""
    catalog = index.catalog
    if not topic:
        return catalog.last_published(source, news=True) or catalog.last_published(source)
    ids = narrow_to_topic(index, catalog.published_between(*ALL_TIME, source), topic, *ALL_TIME, source)
    days = _days_of(index, [a for a in ids if catalog.genre(a)[0] < 0.5]) or _days_of(index, ids)
    return days[-1] if days else None


def article_days(index: Index, source: str | None = None, topic: str | None = None) -> list[str]:
    """Every day an article was published (of ``source``, about ``topic``), in order, once each."""
    ids = index.catalog.published_between(*ALL_TIME, source)
    if topic:
        ids = narrow_to_topic(index, ids, topic, *ALL_TIME, source)
    return _days_of(index, ids)


def _days_of(index: Index, article_ids: list[str]) -> list[str]:
    return sorted({p for a in article_ids if (p := index.catalog.meta(a).published)})


TOPIC_CLOSE, TOPIC_NEAR = 0.4, 0.3
"""An article is about a topic when a passage of it is this close to the topic in meaning (cosine), or
when a passage names two thirds of the topic's words (all of one or two) and is at least
``TOPIC_NEAR``. Against 500 hand-labelled search hits of 30 topics over 6 weeks (half of them held
out, ``evals/labels/topic-hits.jsonl``), a word anywhere in the article (as before) gave precision
0.21 and 0.16 at recall 1.0: "boxing" brought the box office, "interest rates" fantasy football.
This rule: precision 0.53 and 0.55, recall 1.0 and 0.82 (``benchmarks/topic_precision.py``)."""


def narrow_to_topic(
    index: Index, article_ids: list[str], topic: str, start: str, end: str, source: str | None
) -> list[str]:
    """Articles of the window about ``topic`` (in the order of the window): of those search finds. A topic
    that is a name and more ("SBF trial", "Michigan sign-stealing") is about that name: a passage must say
    it (or the name its initials stand for), however close it reads ("Epic v. Google, explained" had been
    in a month's briefing on the Sam Bankman-Fried trial)."""
    about = set()
    for asked, names in topic_forms(index, topic):
        wanted = terms(asked)
        for h in Retriever(index).search(asked, TOPIC_PASSAGES, Filters(start, end, source)):
            dense, passage = h.signals.get("dense", 0.0), h.title + " " + h.text
            if names and not any(says(passage, n) for n in names):
                continue  # "SBF trial": another trial is not it, however alike the passages read
            if dense >= TOPIC_CLOSE or (dense >= TOPIC_NEAR and names_topic(passage, wanted)):
                about.add(h.article_id)
    return [a for a in article_ids if a in about]


class Name(NamedTuple):
    """A name a topic's passage must say: its words anywhere (``names_topic``), or ``exact``, word for word."""

    text: str
    exact: bool = False


def topic_forms(index: Index, topic: str) -> list[tuple[str, list[Name]]]:
    """``topic``, and each way of writing it with a name for its initials that the articles spell out
    ("SBF trial" and "Sam Bankman-Fried trial": most of the trial's coverage never says SBF); each with
    the names a passage found for it must say (``says``), or none. A topic that is a name and more must
    say a name of it; a spelled-out form must say the name it spells out, bar a first name
    ("Bankman-Fried", "Trade Commission"): "Federal Trade Commission" for "FTC" reads close to every
    regulator's passage."""
    names = [Name(n) for n in facts_of(topic)["names"].values()]
    spelled = [
        (with_name(topic, short, name), [Name(" ".join(name.split()[1:] or name.split()), exact=True)])
        for short, name in spelled_names(topic, index.catalog.spelling)
    ]
    more = len(terms(topic)) > len(terms(" ".join(n.text for n in names)))
    return [(topic, names + [n for _, said in spelled for n in said] if names and more else []), *spelled]


def says(passage: str, name: Name) -> bool:
    """Whether ``passage`` says ``name``: its words as ``names_topic`` reads them, or, when exact, word for
    word ("Trade Commission", not "Trading Commission" nor "trade ... commission")."""
    if not name.exact:
        return names_topic(passage, terms(name.text))
    words = r"[\s-]*".join(map(re.escape, name.text.split()))  # "autoworkers" says "Auto Workers"
    return re.search(rf"\b{words}\b", passage, re.I) is not None


TOPIC_PASSAGES = 40  # passages searched for each form of the topic


def names_topic(passage: str, wanted: list[str]) -> bool:
    """Whether ``passage`` names two thirds of a topic's words (a word of four letters or more also as
    the start of a longer one: "crypto" in "cryptocurrency")."""
    words = set(terms(passage))
    named = sum(w in words or (len(w) >= 4 and any(x.startswith(w) for x in words)) for w in wanted)
    return named * 3 >= 2 * len(wanted)


def topic_span(index: Index, topic: str, source: str | None = None) -> tuple[str, str] | None:
    """The first and last days of the articles about ``topic`` (of ``source``), or None when none is."""
    days = article_days(index, source, topic)
    return (days[0], days[-1]) if days else None


def nothing_in_window(index: Index, start: str, end: str, topic: str | None, source: str | None) -> str:
    """Why the window is empty, and the latest day that would not be: of the topic and outlet asked for."""
    span = start if start == end else f"{start} to {end}"
    what = (f" about '{topic}'" if topic else "") + (f" from {source}" if source else "")
    days = article_days(index, source, topic)
    if not days:
        return f"no articles{what} in the index; try other words or another --source"
    before, after = [d for d in days if d < start], [d for d in days if d > end]
    if before and after:
        hint = f"the nearest are from {before[-1]} and {after[0]}: try --date {before[-1]} or --date {after[0]}"
    elif before:
        hint = f"the latest is from {before[-1]}: try --date {before[-1]} or more --days"
    else:
        hint = f"the earliest is from {after[0]}: try --date {after[0]}"
    return f"no articles{what} published {span}; {hint}"


def stories_told(per_day: int, start: str, end: str) -> int:
    """How many stories a briefing of ``start`` to ``end`` may tell in bullets: ``per_day`` for one
    day, about the square root of the days as many for longer windows (9 for a week of 3 a day), as a
    weekly digest tells more than a day's news but not each day's again."""
    days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
    return per_day * math.ceil(math.sqrt(max(days, 1)))


NEXT_TRIED = 5
"""When the stories chosen to be told yield no bullet, the next ones tried, in order of news value."""


def build(
    index: Index,
    *,
    llm: LLM,
    date: str | None = None,
    days: int = 1,
    topic: str | None = None,
    source: str | None = None,
    save_history: bool = True,
) -> Briefing:
    """The briefing of the ``days`` days ending on ``date``: its most newsworthy stories, their
    conflicts and updates, and what changed since the previous briefing."""
    t0 = time.perf_counter()
    start, end = window(index, date, days, source, topic)
    live = live_updates(index, start, end)  # pages first published before the window, updated in it
    ids = index.catalog.published_between(start, end, source) + [a for a in live if _of(index, a, source)]
    if topic:
        ids = narrow_to_topic(index, ids, topic, start, end, source)
    if not ids:
        raise EmptyResult(nothing_in_window(index, start, end, topic, source))
    ranked = _stories(index, start, end, set(ids), source, live)
    told_n = stories_told(index.settings.briefing.brief_stories, start, end)
    featured, others = _feature(ranked, told_n, index.settings.briefing.brief_min_value, (start, end))
    book = SourceBook(index, end)
    compose = COMPOSERS[llm.capabilities.briefing]
    written, composed = compose(index, featured, book, llm=llm, window=(start, end), topic=topic), featured
    listed = featured + others
    nexts = sorted((s for s in others if s.kind in ("news", "soft")), key=lambda s: s.kind != "news")  # hard first
    for story in nexts[:NEXT_TRIED] if not written.sections else []:
        # nothing the chosen stories said stands alone: the next ones are tried
        written, composed = compose(index, [story], book, llm=llm, window=(start, end), topic=topic), [story]
        if written.sections:
            break
    told = {sec.story_id for sec in written.sections}
    others = [s for s in listed if s.story_id not in told]  # a chosen story with no bullet is still listed
    outlets = independent_outlets(index.catalog.meta(a).source or "unknown outlet" for a in ids)
    brief = Briefing(
        start,
        end,
        llm.name,
        dt.datetime.now().isoformat(timespec="seconds"),
        len(ids),
        outlets,
        len(index.catalog.undated()),
        topic,
        written.summary,
        written.sections,
        written.conflicts
        + window_conflicts(index, composed, ranked, book, _days_before(end, index.settings.briefing.story_days), end),
        book.sources,
        source=source,
        uncited_left_out=written.uncited_left_out,
    )
    brief.stories = len(ranked)
    brief.several_outlets = sum(1 for s in ranked if s.kind != "service" and len(s.outlets) > 1)
    shown = index.settings.briefing.brief_also
    brief.also, brief.also_left = [_headline(s, book, (start, end)) for s in others[:shown]], len(others[shown:])
    brief.service_skipped = sum(1 for s in ranked if s.kind == "service" for a in s.articles if a.article_id in ids)
    history = History(Path(index.folder) / "briefings")
    # "what changed" since the last briefing of a window ending at most story_days before this one begins
    previous = history.previous(brief, since=_days_before(start, index.settings.briefing.story_days), days=days)
    if previous:
        span = previous["end"] if previous["start"] == previous["end"] else f"{previous['start']} to {previous['end']}"
        brief.previous = f"{span} (generated {previous['generated_at']})"
        brief.changes = what_changed(previous, brief)
    brief.seconds = time.perf_counter() - t0
    if save_history:
        history.save(brief)
    return brief


def _days_before(day: str, days: int) -> str:
    """The day ``days`` before ``day``: with the story window, the oldest a report of a briefing ending
    on ``day`` is still news (whatever the briefing's length), or a past briefing still compared."""
    return (dt.date.fromisoformat(day) - dt.timedelta(days=days)).isoformat()


def _feature(ranked: list[Story], n: int, min_value: float, window: tuple[str, str]) -> tuple[list[Story], list[Story]]:
    """The stories told in bullets and the others listed by headline (service content is neither).
    Hard news that several outlets carry comes first (by value), then the rest by value. Told: the
    first, then up to ``n`` in all that several outlets carry or whose news value reaches
    ``min_value``; a soft section only when several outlets carry it; never a digest. (Soft stories
    of several outlets do not jump ahead: a game score would lead over a presidential order.) A
    feature does not lead over the day's own sport or culture news (``_report_over_feature``)."""
    news = sorted((s for s in ranked if s.kind != "service"), key=lambda s: s.kind != "news" or len(s.outlets) < 2)
    told = [s for s in news if s.kind == "news" or (s.kind == "soft" and len(s.outlets) > 1)]
    told = told or [s for s in news if s.kind == "soft"][:1]  # a day of sport alone still has its lead
    told = _report_over_feature(told, news, window)
    featured = [s for i, s in enumerate(told) if i == 0 or len(s.outlets) > 1 or s.value >= min_value][:n]
    return featured, [s for s in news if s not in featured]


def briefing_order(ranked: list[Story], n: int, min_value: float, window: tuple[str, str]) -> list[Story]:
    """``ranked`` (by news value) in the order a briefing of ``window`` takes them: the stories it would
    tell, then those it would list, then shopping lists, reviews and how-tos (what `briefer stories`
    shows, so that its first story is the briefing's lead, not a funding round of higher value)."""
    featured, others = _feature(ranked, n, min_value, window)
    return featured + others + [s for s in ranked if s.kind == "service"]


FEATURE_NEWS = 0.2
"""Below this probability of reporting the day's news (``ingest.genre.news_probability``) an article
that does not speak of its day either reads as a feature: an explainer, an analysis, a profile."""
FEATURE_OVER_REPORT = 2.0
"""How many times the news value of a day's sport or culture report a one-outlet feature needs to lead
over it. At 1 (the value alone), "The fate of US venture capital in China" led over Michigan State hiring
its coach that day, and a Christmas gift-giving piece over a Riyadh boxing card's results; at 2 the report
leads on four more of the 61 labelled days, and two blind readers, each shown both versions (one with the
new version first, one second), preferred the new lead 6 times, the old once, and had no preference once."""


def _report_over_feature(told: list[Story], news: list[Story], window: tuple[str, str]) -> list[Story]:
    """``told`` with a soft story first when the lead would be a feature of one outlet and a soft story
    that speaks of the day is worth more than 1 / ``FEATURE_OVER_REPORT`` of it ("West Indies clinch T20
    series after Shai Hope edges hosts past England total" over "The new American Dream is to get MrBeast
    to pay off your debt")."""
    lead = told[0] if told else None
    if lead is None or lead.kind != "news" or len(lead.outlets) > 1 or not _feature_only(lead, window):
        return told
    of_the_day = [
        s for s in news if s.kind == "soft" and s.value * FEATURE_OVER_REPORT > lead.value and _speaks_of_day(s, window)
    ]
    if not of_the_day:
        return told
    best = max(of_the_day, key=lambda s: s.value)
    return [best, *(s for s in told if s is not best)]


def _feature_only(story: Story, window: tuple[str, str]) -> bool:
    today = story.between(*window)
    return bool(today) and all(a.news < FEATURE_NEWS and not a.timely for a in today)


def _speaks_of_day(story: Story, window: tuple[str, str]) -> bool:
    return any(a.timely for a in story.between(*window))


def _headline(story: Story, book: SourceBook, window: tuple[str, str]) -> Headline:
    fresh = story.between(*window) or story.articles
    return Headline(story.headline, [book.number(a.article_id) for a in fresh], story.outlets, story.kind)


def _of(index: Index, article_id: str, source: str | None) -> bool:
    """Whether the article is of ``source`` (any, when None)."""
    return source is None or source_key(index.catalog.meta(article_id).source) == source_key(source)


def _stories(
    index: Index, start: str, end: str, ids: set[str], source: str | None, live: dict[str, str]
) -> list[Story]:
    """The window's stories holding one of ``ids`` (of ``source`` only, when given), most newsworthy first."""
    out = []
    for story in stories_of_window(index, start, end, live=live):
        narrowed = of_outlet(index, story, source, start, end) if source else story
        if narrowed and any(a.article_id in ids for a in narrowed.articles):
            out.append(narrowed)
    return out
