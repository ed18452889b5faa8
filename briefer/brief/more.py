"""One story of a briefing told at more length, for a chat's "tell me more about the Binance story":
the story the briefing showed (as a section or under "Also reported") whose headline and articles'
titles share the most words with what was asked, with up to ``MORE`` bullets chosen as a briefing
chooses them (``extractive.sections``), its conflicting figures and its sources, numbered anew.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefer.brief import extractive
from briefer.brief.records import Briefing, ConflictReport, SourceBook
from briefer.brief.stories import Story, stories_of_window
from briefer.index import Index
from briefer.text.facts import content_words, prefix_match, word_pool

MORE = 6
"""Bullets a story told at more length gets (a briefing's lead story gets three)."""
_FILLER = frozenset("story stories news latest more detail details thing things".split())


_ORDINALS = {
    "first": 0,
    "1st": 0,
    "lead": 0,
    "top": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
    "sixth": 5,
    "6th": 5,
    "last": -1,
}
_PLACE = re.compile(
    r"\b(?P<word>"
    + "|".join(_ORDINALS)
    + r")\s+(?:story|one|section|item|headline)\b|\b(?:story|number|no\.?)\s*(?P<n>\d)\b",
    re.I,
)


def names_a_place(what: str) -> bool:
    """Whether ``what`` names a story by its place in a briefing ("the first story", "story 2")."""
    return _PLACE.search(what) is not None


def story_of(index: Index, brief: Briefing, what: str) -> Story | None:
    """The story of ``brief`` that ``what`` names best (the more newsworthy on a tie), or by its place
    ("the second story": the second section, then the headlines listed); None when no story shown
    shares a word with it."""
    shown_ids = {sec.story_id for sec in brief.sections}
    listed = {h.text for h in brief.also}
    shown = [
        s for s in stories_of_window(index, brief.start, brief.end) if s.story_id in shown_ids or s.headline in listed
    ]
    if place := _PLACE.search(what):
        return _at_place(brief, shown, _ORDINALS[place["word"].lower()] if place["word"] else int(place["n"]) - 1)
    words = [w for w in content_words(what) if w not in _FILLER]
    if not words:
        return None
    asked = word_pool(words)

    def shared(story: Story) -> int:
        titles = " ".join([story.headline, *(a.title for a in story.articles)])
        return sum(prefix_match(w, *asked) for w in set(content_words(titles)))

    best = max(shown, key=shared, default=None)
    return best if best is not None and shared(best) else None


def _at_place(brief: Briefing, shown: list[Story], place: int) -> Story | None:
    """The story at ``place`` (0: the first; -1: the last) in the order the briefing showed them: its
    sections, then its headlines."""
    by_id = {s.story_id: s for s in shown}
    by_headline = {s.headline: s for s in shown}
    order = [by_id.get(sec.story_id or "") for sec in brief.sections] + [by_headline.get(h.text) for h in brief.also]
    told = [s for s in order if s is not None]
    return told[place] if -len(told) <= place < len(told) else None


def more_on(index: Index, brief: Briefing, what: str, bullets: int = MORE) -> Briefing | None:
    """``brief`` narrowed to the story ``what`` names, told in up to ``bullets`` bullets; None when it
    names none of the briefing's stories, or the story has no sentence that reads on its own."""
    story = story_of(index, brief, what)
    if story is None:
        return None
    book = SourceBook(index, brief.end)
    told = extractive.sections(index, [story], book, (brief.start, brief.end), bullets=bullets)
    if not told:
        return None
    reports = [_renumbered(c, book) for c in brief.conflicts if c.story == story.headline]
    return replace(brief, summary=[], sections=told, conflicts=reports, sources=book.sources, also=[], changes=[])


def _renumbered(report: ConflictReport, book: SourceBook) -> ConflictReport:
    sides = [replace(s, quote=book.quote(s.quote.article_id, s.quote.start, s.quote.end)) for s in report.sides]
    return replace(report, sides=sides)
