"""Live pages in a briefing's window (``text/entries.py``): a timeline or tracker first published before
the window whose entries reach into it is news of the window ("Ohtani agrees to 10-year, $700 million
deal with Dodgers", an entry of Dec. 9 on a tracker first published Dec. 1). It is dated by its latest
entry by the window's end, and told with the window's story it links to by the rules articles link by
at ingest (``index/stories.links``: the page's first day was too far from the window's articles for
ingest to link them), else as a story of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from briefer.index import Index
from briefer.index.catalog import Catalog
from briefer.index.catalog.stories import StoryRow
from briefer.index.stories import links, salient_names
from briefer.text.entries import could_be_live, live_page

LIVE_DAYS = 14  # how long before a window a live page may have been first published and still be updated in it


def live_updates(index: Index, start: str, end: str) -> dict[str, str]:
    """The live pages first published in the ``LIVE_DAYS`` before ``start`` with an entry from ``start`` to
    ``end``: article id -> the date of its latest entry by ``end``."""
    first = dt.date.fromisoformat(start)
    since, before = (first - dt.timedelta(days=LIVE_DAYS)).isoformat(), (first - dt.timedelta(days=1)).isoformat()
    out = {}
    for article_id in index.catalog.published_between(since, before):
        text = index.catalog.article_text(article_id)
        if not could_be_live(text):
            continue  # most articles: their sentences are not read
        page = live_page(text, index.catalog.sentences(article_id), index.catalog.meta(article_id).published)
        told = [e.date for e in page.entries if e.date <= end] if page else []
        if told and max(told) >= start:
            out[article_id] = max(told)
    return out


def with_live_pages(index: Index, rows: list[StoryRow], live: dict[str, str], start: str, end: str) -> list[StoryRow]:
    """``rows`` (the window's stories) with each live page of ``live`` in the one it links to (the closest
    of the window's articles it links to), else its own story's row added."""
    cat = index.catalog
    rows = list(rows)
    held = {a for row in rows for a in row.article_ids}
    window = [
        (k, a) for k, row in enumerate(rows) for a in row.article_ids if start <= (cat.meta(a).published or "") <= end
    ]
    vectors = cat.vectors([a for _, a in window] + list(live))
    names = cat.names([a for _, a in window] + list(live))
    attached: dict[str, int] = {}  # page -> the row it is told in
    for page in sorted(set(live) - held):
        if page not in vectors:
            continue
        best = None
        for k, other in window:
            if other not in vectors:
                continue
            similarity = float(vectors[page] @ vectors[other])
            shared = len(_salient(cat, page, names) & _salient(cat, other, names))
            if links(similarity, shared) and (best is None or similarity > best[0]):
                best = (similarity, k)
        if best is not None:
            rows[best[1]] = replace(rows[best[1]], article_ids=(*rows[best[1]].article_ids, page))
            attached[page] = best[1]
        elif (story_id := cat.story_of(page)) is not None and story_id not in {r.story_id for r in rows}:
            rows.append(cat.story(story_id))
    # a page told in the window's story it links to is in no other (its own story may hold another page)
    return [
        replace(r, article_ids=tuple(a for a in r.article_ids if attached.get(a, k) == k)) for k, r in enumerate(rows)
    ]


def _salient(cat: Catalog, article_id: str, names: dict[str, set[str]]) -> set[str]:
    return salient_names(names.get(article_id, set()), cat.meta(article_id).source)
