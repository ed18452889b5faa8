"""Stories: the articles about one event, across outlets and days, grouped as they arrive.

An article joins the story of an earlier or later article published within ``story_days`` of it
when their texts are close (cosine of the articles' mean chunk embeddings) and, below a strong
similarity, when they also name the same people, places or organisations in their titles and
opening sentences. An article that links two stories merges them; one that links none starts its
own. Service content (deals, listicles, reviews...) links only when near-identical: two shopping
lists of one sale are rarely about one thing, but the reviews of a product launched that day are
part of its story. Two pieces of one outlet's series
(live pages of different games, each day's market wrap: one outlet, different days, titles mostly
alike) never link. A story's headline is the title of its most central article (a real headline,
never a keyword bag).

Measured against hand-labelled article pairs (``evals/labels/story-pairs.jsonl``, scored by
``briefer eval briefing``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from briefer.core.records import ArticleMeta
from briefer.index.catalog import Catalog

STRONG, MID, WEAK = 0.85, 0.72, 0.62
"""Link when cosine >= STRONG; or >= MID sharing one salient name; or >= WEAK sharing two (service
content: only >= STRONG)."""
SERIES_TITLES = 0.45
"""Share of title words (Jaccard) above which two pieces of one outlet on different days are a series."""
_WORD = re.compile(r"[a-z0-9]+")
GENERIC_NAMES = frozenset("week day days read watch tv ceo live news update updates video photo report".split())
LEAD_SENTENCES = 3


def salient_names(names: Iterable[str], outlet: str | None) -> set[str]:
    """The names that can tie two articles to one event (generic words and the outlet's own name dropped)."""
    own = (outlet or "").casefold()
    return {n for n in names if len(n) > 2 and n not in GENERIC_NAMES and n != own}


def links(similarity: float, shared: int, service: bool = False) -> bool:
    if service:
        return similarity >= STRONG
    return similarity >= STRONG or (similarity >= MID and shared >= 1) or (similarity >= WEAK and shared >= 2)


def series(a: ArticleMeta, b: ArticleMeta) -> bool:
    """Whether two articles are instalments of one outlet's series ("Jaguars vs. Saints live score, updates"
    and "Dolphins vs. Eagles live score, updates"; each day's "ASX set to open ..."), not one event."""
    if not a.source or a.source != b.source or (a.published or "")[:10] == (b.published or "")[:10]:
        return False
    ta, tb = set(_WORD.findall(a.title.casefold())), set(_WORD.findall(b.title.casefold()))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= SERIES_TITLES


def assign(catalog: Catalog, article_ids: list[str], days: int) -> list[str]:
    """Put each article (complete, with its vector stored) into a story; returns the stories touched.
    Call inside a catalog transaction."""
    touched: list[str] = []
    order = sorted(article_ids, key=lambda a: (catalog.meta(a).published or "", a))
    for aid in order:
        story = _story_for(catalog, aid, days)
        catalog.join_story(aid, story)
        refresh(catalog, story)
        touched.append(story)
    return list(dict.fromkeys(touched))


def _story_for(catalog: Catalog, aid: str, days: int) -> str:
    """The story ``aid`` belongs to, merging the stories it links; its own new story when none."""
    meta = catalog.meta(aid)
    neighbours = [n for n in catalog.neighbours(meta.published, days) if n.article_id != aid and n.story_id]
    if not neighbours:
        return aid
    ids = [n.article_id for n in neighbours]
    vecs = catalog.vectors(ids + [aid])
    names = catalog.names(ids + [aid])
    mine = salient_names(names[aid], meta.source)
    service = catalog.genre(aid)[0] >= 0.5
    linked: set[str] = set()
    for n in neighbours:
        if aid not in vecs or n.article_id not in vecs:
            continue
        other = catalog.meta(n.article_id)
        shared = len(mine & salient_names(names[n.article_id], other.source))
        close = links(float(vecs[aid] @ vecs[n.article_id]), shared, service or n.service >= 0.5)
        if n.story_id and close and not series(meta, other):
            linked.add(n.story_id)
    if not linked:
        return aid
    keep, *others = sorted(linked, key=lambda s: (catalog.story(s).first_seen or "", s))
    for gone in others:
        catalog.merge_stories(keep, gone)
    return keep


def refresh(catalog: Catalog, story_id: str) -> None:
    """Recompute a story's headline and dates from its members (or drop it when it has none)."""
    members = catalog.story_members(story_id)
    if not members:
        catalog.drop_story(story_id)
        return
    metas = [catalog.meta(a) for a in members]
    dates = sorted(m.published for m in metas if m.published)
    catalog.put_story(
        story_id,
        catalog.meta(central(catalog, members)).title,
        dates[0] if dates else None,
        dates[-1] if dates else None,
    )


def central(catalog: Catalog, members: list[str]) -> str:
    """The member closest to the others (news before service content; earliest on ties)."""
    if len(members) == 1:
        return members[0]
    vecs = catalog.vectors(members)
    have = [a for a in members if a in vecs]
    if not have:
        return members[0]
    matrix = np.stack([vecs[a] for a in have])
    closeness = (matrix @ matrix.T).sum(axis=1)
    service = [catalog.genre(a)[0] >= 0.5 for a in have]
    best = min(range(len(have)), key=lambda i: (service[i], -closeness[i], i))
    return have[best]


def forget(catalog: Catalog, article_ids: Iterable[str]) -> list[str]:
    """The stories of articles about to be removed (refresh them after the removal)."""
    return [s for a in article_ids if (s := catalog.story_of(a))]
