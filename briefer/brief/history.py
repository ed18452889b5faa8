"""Past briefings, kept in the index folder, and what changed since the last one."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from briefer.brief.records import Briefing
from briefer.core.files import write_json_atomic
from briefer.text.words import plural

NOTHING_NEW = "Nothing new since the previous briefing."


class History:
    """Past briefings, one JSON file each, in the index folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    def latest(
        self,
        until: str | None = None,
        since: str = "",
        topic: str | None = None,
        source: str | None = None,
        days: int | None = None,
    ) -> dict | None:
        """The briefing saved last, of those whose window ends from ``since`` to ``until`` (a
        briefing of an earlier day is never compared with a later day's, nor with one weeks old),
        narrowed to the same ``topic`` and ``source`` (a briefing on Binance is not compared with
        the whole day's) and, when ``days`` is given, as many days long (a day's briefing is not
        compared with a week's)."""
        for path in sorted(self.folder.glob("brief-*.json"), reverse=True):
            saved = json.loads(path.read_text())
            same = (saved.get("topic"), saved.get("source")) == (topic, source)
            if days is not None and _span(saved) != days:
                continue
            if same and since <= (saved.get("end") or "") <= (until or "9999"):
                return saved
        return None

    def previous(self, brief: Briefing, since: str, days: int) -> dict | None:
        """The briefing ``brief`` is compared with: the same window's last one when the news of the
        window has changed since (later articles, other stories), else the last of an earlier window
        (a briefing made again on unchanged news is not compared with itself: "Nothing new")."""
        same = self.latest(until=brief.end, since=brief.end, topic=brief.topic, source=brief.source, days=days)
        if same and what_changed(same, brief) != [NOTHING_NEW]:
            return same
        before = (dt.date.fromisoformat(brief.end) - dt.timedelta(days=1)).isoformat()
        return self.latest(until=before, since=since, topic=brief.topic, source=brief.source, days=days)

    def save(self, brief: Briefing) -> Path:
        ns = time.time_ns()  # one reading: names sort in the order briefings were saved
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(ns // 10**9)) + f"-{ns % 10**9:09d}"
        path = self.folder / f"brief-{stamp}.json"
        write_json_atomic(path, brief.to_dict(), fix=f"check that {self.folder} is writable")
        return path


def _span(saved: dict) -> int | None:
    """How many days a saved briefing's window covers."""
    try:
        return (dt.date.fromisoformat(saved["end"]) - dt.date.fromisoformat(saved["start"])).days + 1
    except (KeyError, TypeError, ValueError):
        return None


def _some(names: list[str], most: int = 6) -> str:
    more = f"; and {len(names) - most} more" if len(names) > most else ""
    return "; ".join(names[:most]) + more


def what_changed(prev: dict, brief: Briefing) -> list[str]:
    """Plain statements of what is new since ``prev`` (a saved briefing's dict): the articles cited
    that were not (by number), those of this window that are no longer cited, new conflicts and new
    topics; and, when anything is new, the stories told again ("Continuing: ...")."""
    out = []
    before = {s["article_id"] for s in prev.get("sources", [])}
    new = [s for s in brief.sources if s.article_id not in before]
    if new:  # by number: their headlines are above, and a list of them read as the briefing over again
        out.append(f"{plural(len(new), 'new article')} cited: " + " ".join(f"[{s.n}]" for s in new))
    now = {s.article_id for s in brief.sources}
    gone = [  # of this window's articles: yesterday's sources are not "gone" from today's briefing
        f"{s.get('title')} ({s.get('source') or 'unknown outlet'})"
        for s in prev.get("sources", [])
        if s["article_id"] not in now and brief.start <= (s.get("published") or "") <= brief.end
    ]
    if gone:
        cited = "was" if len(gone) == 1 else "were"
        out.append(f"{plural(len(gone), 'article')} cited last time {cited} not cited this time: {_some(gone)}")
    old_reports = {(c["about"], c.get("kind", "conflict")) for c in prev.get("conflicts", [])}
    for c in brief.conflicts:
        if (c.about, c.kind) not in old_reports:
            what, between = ("New update", " then ") if c.kind == "update" else ("New conflicting figures", " vs ")
            out.append(f"{what}: {c.about} — " + between.join(s.figure for s in c.sides))
    # a story told before under another heading (its first bullet's headline) is no new topic
    old_heads = {s["heading"] for s in prev.get("sections", [])}
    old_stories = {s.get("story_id") for s in prev.get("sections", [])} - {None}
    told_before = [s.heading for s in brief.sections if s.heading in old_heads or s.story_id in old_stories]
    fresh = [s.heading for s in brief.sections if s.heading not in old_heads and s.story_id not in old_stories]
    if fresh:
        out.append("New topics: " + "; ".join(fresh))
    if out and told_before:  # what developed, beside what is new (not a change by itself)
        out.append("Continuing: " + "; ".join(told_before))
    return out or [NOTHING_NEW]
