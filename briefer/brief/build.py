"""Daily briefings: the window's articles grouped by topic, every bullet cited and verified,
conflicting figures side by side, corroboration counts, and what changed since the last briefing.

This module selects the window and orchestrates; the composer that writes the briefing is the one
the backend's ``capabilities.briefing`` names (``COMPOSERS``: extractive.py offline, generative.py
with a language model); render.py turns a ``Briefing`` into Markdown, HTML or JSON.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from briefer.brief import extractive, generative
from briefer.brief.history import History, what_changed
from briefer.brief.records import Briefing, SourceBook
from briefer.core.errors import EmptyResult
from briefer.core.records import Filters
from briefer.index import Index
from briefer.llm import LLM
from briefer.search import Retriever

COMPOSERS = {"extractive": extractive.compose, "generative": generative.compose}
"""Briefing composers by the ``capabilities.briefing`` a backend declares."""


def window(index: Index, date: str | None, days: int) -> tuple[str, str]:
    """(start, end) ISO dates: ``days`` days ending on ``date`` (default: latest published date)."""
    end = date or index.catalog.stats()["last_published"]
    if not end:
        raise EmptyResult(f"no dated articles in {index.folder}; ingest some, or give dates with --published")
    start = (dt.date.fromisoformat(end) - dt.timedelta(days=days - 1)).isoformat()
    return start, end


def narrow_to_topic(
    index: Index, article_ids: list[str], topic: str, start: str, end: str, source: str | None
) -> list[str]:
    """Articles of the window that search for ``topic`` finds (in the order of the window)."""
    hits = Retriever(index).search(topic, 40, Filters(start, end, source))
    relevant = {h.article_id for h in hits if h.signals.get("bm25", 0) > 0 or h.signals.get("dense", 0) >= 0.35}
    return [a for a in article_ids if a in relevant]


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
    t0 = time.perf_counter()
    start, end = window(index, date, days)
    ids = index.catalog.published_between(start, end, source)
    if topic:
        ids = narrow_to_topic(index, ids, topic, start, end, source)
    if not ids:
        latest = index.catalog.stats()["last_published"]
        what = f" about '{topic}'" if topic else ""
        raise EmptyResult(
            f"no articles{what} published {start} to {end} (latest in the index: {latest}); "
            "try another --date or more --days"
        )
    undated = index.catalog.stats()["undated"]
    book = SourceBook(index)
    compose = COMPOSERS[llm.capabilities.briefing]
    summary, sections, conflicts = compose(index, ids, book, llm=llm, topic=topic)
    outlets = sorted({index.catalog.meta(a).source or "unknown outlet" for a in ids})
    brief = Briefing(
        start,
        end,
        llm.name,
        dt.datetime.now().isoformat(timespec="seconds"),
        len(ids),
        outlets,
        undated,
        topic,
        summary,
        sections,
        conflicts,
        book.sources,
    )
    history = History(Path(index.folder) / "briefings")
    previous = history.latest()
    if previous:
        brief.previous = f"{previous['start']} to {previous['end']} (generated {previous['generated_at']})"
        brief.changes = what_changed(previous, brief)
    brief.seconds = time.perf_counter() - t0
    if save_history:
        history.save(brief)
    return brief
