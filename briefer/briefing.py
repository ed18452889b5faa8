"""Daily briefings: the window's articles grouped by topic, every bullet cited and verified,
conflicting figures side by side, corroboration counts, and what changed since the last briefing.

This module holds the data model, window selection, history and orchestration; the offline
composer is briefing_extractive.py, the Claude one briefing_claude.py, rendering briefing_render.py.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from briefer.errors import EmptyResult
from briefer.index import Index
from briefer.models import Filters, source_key


@dataclass
class Source:
    n: int
    article_id: str
    title: str
    source: str | None
    published: str | None
    url: str | None


@dataclass
class Quote:
    n: int  # number in the source list
    article_id: str
    start: int
    end: int
    text: str


@dataclass
class Bullet:
    text: str
    citations: list[Quote]
    verdict: str = "supported"
    reasons: list[str] = field(default_factory=list)
    outlets: int = 1  # distinct outlets whose articles support it
    corroborated_by: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    bullets: list[Bullet]


@dataclass
class Side:
    figure: str  # as it should read ("more than 150,000")
    written: str  # as written in the article ("More than 1,50,000")
    who: str  # who is quoted
    quote: Quote


@dataclass
class ConflictReport:
    about: str
    sides: list[Side]  # a side's figure is "" when the report is one statement citing both (Claude's)
    verdict: str = "supported"


@dataclass
class Briefing:
    start: str
    end: str
    llm: str
    generated_at: str
    articles: int
    outlets: list[str]
    undated_skipped: int
    topic: str | None
    summary: list[Bullet]
    sections: list[Section]
    conflicts: list[ConflictReport]
    sources: list[Source]
    changes: list[str] = field(default_factory=list)
    previous: str | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


class SourceBook:
    """Numbers the window's articles in order of first citation."""

    def __init__(self, index: Index):
        self.index = index
        self.sources: list[Source] = []
        self._n: dict[str, int] = {}

    def quote(self, article_id: str, start: int, end: int) -> Quote:
        if article_id not in self._n:
            m = self.index.catalog.article_meta(article_id)
            self.sources.append(Source(len(self.sources) + 1, article_id, m.title, m.source, m.published, m.url))
            self._n[article_id] = len(self.sources)
        text = self.index.catalog.article_text(article_id)[start:end]
        return Quote(self._n[article_id], article_id, start, end, text)


def window(index: Index, date: str | None, days: int) -> tuple[str, str]:
    """(start, end) ISO dates: ``days`` days ending on ``date`` (default: latest published date)."""
    end = date or index.catalog.stats()["last_published"]
    if not end:
        raise EmptyResult(f"no dated articles in {index.folder}; ingest some, or give dates with --published")
    start = (dt.date.fromisoformat(end) - dt.timedelta(days=days - 1)).isoformat()
    return start, end


def window_articles(index: Index, start: str, end: str, source: str | None = None) -> list[str]:
    q = "SELECT article_id FROM articles WHERE state='complete' AND published BETWEEN ? AND ?"
    args = [start, end]
    if source:
        q += " AND source_key = ?"
        args.append(source_key(source))
    return [r[0] for r in index.catalog.db.execute(q + " ORDER BY published, article_id", args)]


def narrow_to_topic(index: Index, article_ids: list[str], topic: str, start: str, end: str,
                    source: str | None) -> list[str]:
    """Articles of the window that search for ``topic`` finds (in the order of the window)."""
    from briefer.retrieval import Retriever

    hits = Retriever(index).search(topic, 40, Filters(start, end, source))
    relevant = {h.article_id for h in hits if h.signals.get("bm25", 0) > 0 or h.signals.get("dense", 0) >= 0.35}
    return [a for a in article_ids if a in relevant]


def build(index: Index, *, llm, date: str | None = None, days: int = 1, topic: str | None = None,
          source: str | None = None, save_history: bool = True) -> Briefing:
    t0 = time.perf_counter()
    start, end = window(index, date, days)
    ids = window_articles(index, start, end, source)
    if topic:
        ids = narrow_to_topic(index, ids, topic, start, end, source)
    if not ids:
        latest = index.catalog.stats()["last_published"]
        what = f" about '{topic}'" if topic else ""
        raise EmptyResult(f"no articles{what} published {start} to {end} (latest in the index: {latest}); "
                          "try another --date or more --days")
    undated = index.catalog.stats()["undated"]
    book = SourceBook(index)
    if llm.name == "anthropic":
        from briefer.briefing_claude import compose
    else:
        from briefer.briefing_extractive import compose
    summary, sections, conflicts = compose(index, ids, book, llm=llm, topic=topic)
    outlets = sorted({index.catalog.article_meta(a).source or "unknown outlet" for a in ids})
    brief = Briefing(start, end, llm.name, dt.datetime.now().isoformat(timespec="seconds"), len(ids), outlets,
                     undated, topic, summary, sections, conflicts, book.sources)
    history = History(Path(index.folder) / "briefings")
    previous = history.latest()
    if previous:
        brief.previous = f"{previous['start']} to {previous['end']} (generated {previous['generated_at']})"
        brief.changes = what_changed(previous, brief)
    brief.seconds = time.perf_counter() - t0
    if save_history:
        history.save(brief)
    return brief


class History:
    """Past briefings, one JSON file each, in the index folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    def latest(self) -> dict | None:
        files = sorted(self.folder.glob("brief-*.json"))
        return json.loads(files[-1].read_text()) if files else None

    def save(self, brief: Briefing) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 10**6:06d}"
        path = self.folder / f"brief-{stamp}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(brief.to_dict(), ensure_ascii=False))
        tmp.replace(path)
        return path


def what_changed(prev: dict, brief: Briefing) -> list[str]:
    """Plain statements of what is new since ``prev`` (a saved briefing's dict)."""
    out = []
    before = {s["article_id"] for s in prev.get("sources", [])}
    new = [s for s in brief.sources if s.article_id not in before]
    if new:
        names = "; ".join(f"{s.title} ({s.source or 'unknown outlet'}) [{s.n}]" for s in new[:6])
        out.append(f"{len(new)} new article(s) cited: {names}")
    gone = len(before - {s.article_id for s in brief.sources})
    if gone:
        out.append(f"{gone} article(s) cited last time are not in this briefing")
    old_conflicts = {c["about"] for c in prev.get("conflicts", [])}
    for c in brief.conflicts:
        if c.about not in old_conflicts:
            out.append(f"New conflicting figures: {c.about} — " + " vs ".join(s.figure for s in c.sides))
    old_heads = {s["heading"] for s in prev.get("sections", [])}
    fresh = [s.heading for s in brief.sections if s.heading not in old_heads]
    if fresh:
        out.append("New topics: " + "; ".join(fresh))
    return out or ["Nothing new since the previous briefing."]
