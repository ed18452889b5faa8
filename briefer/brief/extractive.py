"""The offline briefing composer: the day's most newsworthy stories, each with bullets chosen for
information from its articles (``bullets.py``), and the conflicting figures within each story
(``conflicts.py``). Deterministic; no model is asked to write anything.
"""

from __future__ import annotations

from collections import Counter

from briefer.brief.bullets import bullet, candidates, pick
from briefer.brief.conflicts import story_conflicts
from briefer.brief.records import Bullet, ConflictReport, Section, SourceBook
from briefer.brief.stories import Story
from briefer.index import Index
from briefer.llm import LLM

LEADING = 2  # stories told at length; the later featured ones get a bullet each


def compose(
    index: Index, stories: list[Story], book: SourceBook, *, llm: LLM, window: tuple[str, str], topic: str | None = None
) -> tuple[list[Bullet], list[Section], list[ConflictReport]]:
    """Summary bullets, one section per story (most newsworthy first), and the stories' conflicts."""
    s = index.settings.briefing
    used: Counter = Counter()
    sections = []
    for rank, story in enumerate(stories):
        n = _bullets_for(rank, len(story.outlets), s.brief_bullets)
        picks = pick(candidates(index, story, window), n, used, s.per_article)
        if picks:
            sections.append(_section(story, [bullet(index, story, c, book) for c in picks]))
    summary = [sec.bullets[0] for sec in sections[:2]]
    conflicts = [c for story in stories if story.kind == "news" for c in story_conflicts(index, story, book)]
    return summary, sections, conflicts


def _bullets_for(rank: int, outlets: int, most: int) -> int:
    """The lead story gets the most bullets; the second as many when several outlets carry it, one
    fewer otherwise; the rest one."""
    if rank >= LEADING:
        return 1
    return most if rank == 0 or outlets > 1 else max(1, most - 1)


def _section(story: Story, bullets: list[Bullet]) -> Section:
    return Section(
        story.headline,
        bullets,
        story_id=story.story_id,
        kind=story.kind,
        outlets=story.outlets,
        carried_by=story.carried_by,
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        articles=len(story.articles),
    )
