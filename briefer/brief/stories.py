"""The day's stories as a reader sees them, ranked by news value (``newsvalue.py``: the probability,
from a model trained on hand-labelled days, that a story is one of the day's top stories).

A story's outlets are independent outlets: copies of one article count once (they show as "also
carried by"). Its kind is hard news, a soft section (sports, entertainment, lifestyle), a weekly
digest, or service content (deals, listicles, reviews, how-tos, promotions), which is never shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace

from briefer.brief.live import live_updates, with_live_pages
from briefer.brief.newsvalue import probability, timely
from briefer.core.records import masthead, outlet_key, source_key
from briefer.index import Index
from briefer.index.stories import central, salient_names
from briefer.ingest.genre import is_funding_round, is_opinion, is_roundup, news_probability
from briefer.text.facts import facts_of

TREND_DAYS = 7  # how far back the news cycle is read
PROMINENCE_DAYS = 60
COMMON_NAME = 0.15  # a name in more than this share of the period's articles says nothing about one story
# A people's or a place's adjective before a common noun ("European neobroker", "British banks"):
# it says where the story happens, not who it is about.
_MODIFIER = re.compile(r"^[A-Z][a-z]+(?:an|ish|ese|ic)$")
# A columnist's byline at the end of a title: "Ten Hag’s Manchester United stand up and die at club stuck in
# the past tense | Barney Ronay" (not "Arteta reveals Pochettino influence on his career | Poch: He is family").
_BYLINE = re.compile(r"\s+\|\s+(?:[A-Z][\w’'.-]+\s+){1,2}[A-Z][\w’'-]+$")


@dataclass
class StoryArticle:
    article_id: str
    title: str
    source: str | None
    published: str | None
    url: str | None
    service: float
    soft: float
    news: float  # probability it reports the day's news (see ``ingest/genre.py``)
    roundup: bool  # a weekly digest or named column, which retells stories told elsewhere, or an opinion piece
    timely: bool  # its opening speaks of its day ("on Tuesday", "yesterday")
    carried_by: list[str] = field(default_factory=list)  # other outlets that ran a copy of it
    opinion: bool = False  # filed under the outlet's opinion section (``roundup`` is then true too)
    funding: bool = False  # announces a startup's funding round: listed, never told
    first_published: str | None = None  # a live page updated in the window (``published``), first published before it

    @property
    def kind(self) -> str:
        if self.service >= 0.5:
            return "service"
        if self.roundup:
            return "opinion" if self.opinion else "roundup"
        if self.funding:
            return "funding"
        return "soft" if self.soft >= 0.5 else "news"


@dataclass
class Story:
    story_id: str
    headline: str
    first_seen: str | None
    last_seen: str | None
    articles: list[StoryArticle]  # in the window, by date
    value: float = 0.0
    trend: int = 0  # other outlets naming the story's people, places or organisations in the days up to it
    prominence: int = 0  # outlets that mentioned the best-known name of its headlines in the weeks before

    def between(self, start: str, end: str) -> list[StoryArticle]:
        """The story's articles published from ``start`` to ``end`` (the window's own, not its past)."""
        return [a for a in self.articles if start <= (a.published or "") <= end]

    @property
    def outlets(self) -> list[str]:
        """Independent outlets: distinct outlets of the story's own articles (copies not counted)."""
        return independent_outlets(a.source for a in self.articles)

    @property
    def carried_by(self) -> list[str]:
        """Outlets that only ran copies of the story's articles."""
        own = {outlet_key(a.source) for a in self.articles}
        return independent_outlets(c for a in self.articles for c in a.carried_by if outlet_key(c) not in own)

    @property
    def kind(self) -> str:
        """The story's kind, by a vote of its articles other than service content (reviews of a launch do
        not make the launch a review); service content only when that is all it is, a digest (or an
        opinion piece) when most of the rest is, a funding round likewise."""
        kinds = [a.kind for a in self.articles if a.kind != "service"]
        if not kinds:
            return "service"
        columns = kinds.count("roundup") + kinds.count("opinion")
        if columns * 2 > len(kinds):
            return "opinion" if kinds.count("opinion") * 2 > columns else "roundup"
        if kinds.count("funding") * 2 > len(kinds):
            return "funding"
        return "news" if kinds.count("news") >= kinds.count("soft") else "soft"

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(
            outlets=self.outlets,
            carried_by=self.carried_by,
            kind=self.kind,
            value=round(self.value, 3),
            trend=self.trend,
        )
        return d


def independent_outlets(sources: Iterable[str | None]) -> list[str]:
    """The distinct outlets of ``sources``, two sections of one outlet ("FOX News - Health", "FOX News -
    Lifestyle") as one, named by its masthead ("FOX News"); a name seen alone is kept as written."""
    names: dict[str, set[str]] = {}
    for source in sources:
        if key := outlet_key(source):
            names.setdefault(key, set()).add(source or "")
    shown = [next(iter(n)) if len(n) == 1 else masthead(min(n)) or min(n) for n in names.values()]
    return sorted(shown, key=str.casefold)


def stories_of_window(
    index: Index, start: str, end: str, lookback: int | None = None, live: dict[str, str] | None = None
) -> list[Story]:
    """Stories with an article published from ``start`` to ``end``, ranked by news value. Each holds
    its articles from ``lookback`` days before ``start`` (default: the story window) to ``end``."""
    days = index.settings.briefing.story_days if lookback is None else lookback
    since = (dt.date.fromisoformat(start) - dt.timedelta(days=days)).isoformat()
    if live is None:  # live pages updated in the window (``live.live_updates``): dated by their latest entry
        live = live_updates(index, start, end)

    def published(article_id: str) -> str:
        return live.get(article_id) or index.catalog.meta(article_id).published or ""

    out = []
    for row in with_live_pages(index, index.catalog.stories_with_articles_between(start, end), live, start, end):
        members = [a for a in row.article_ids if since <= published(a) <= end]
        fresh = [a for a in members if start <= published(a) <= end]
        headline = story_headline(index, fresh) if fresh else row.headline
        articles = [_article(index, a, live.get(a)) for a in members]
        dates = sorted(a.published for a in articles if a.published)  # as seen by the window's end, never later
        first, last = (dates[0], dates[-1]) if dates else (row.first_seen, row.last_seen)
        story = Story(row.story_id, headline, first, last, articles)
        story.trend = trend(index, story, end)
        story.prominence = prominence(index, story.between(start, end), end)
        story.value = probability(story, start, end, index.settings.briefing.story_model)
        out.append(story)
    return sorted(out, key=lambda s: (-s.value, s.headline))


def _article(index: Index, article_id: str, updated: str | None = None) -> StoryArticle:
    """The article as a story holds it; a live page ``updated`` in the window is dated by that update."""
    m = index.catalog.meta(article_id)
    service, soft = index.catalog.genre(article_id)
    carried = [
        c.source
        for c in index.catalog.carriers(article_id)
        if c.source and outlet_key(c.source) != outlet_key(m.source)
    ]
    text = index.catalog.article_text(article_id)
    news = news_probability(m.title, m.url, text)
    opinion = is_opinion(m.url)
    return StoryArticle(
        article_id,
        m.title,
        m.source,
        updated or m.published,
        m.url,
        service,
        soft,
        news,
        opinion or is_roundup(text),
        timely(text),
        sorted(set(carried)),
        opinion,
        is_funding_round(m.title),
        m.published if updated else None,
    )


def trend(index: Index, story: Story, end: str) -> int:
    """How many other outlets named the story's specific people, places or organisations (in their
    titles and openings) in the ``TREND_DAYS`` up to ``end``: the news cycle it belongs to."""
    since = (dt.date.fromisoformat(end) - dt.timedelta(days=TREND_DAYS)).isoformat()
    ids = [a.article_id for a in story.articles]
    names = set().union(*index.catalog.names(ids).values()) if ids else set()
    names = salient_names(names, None)
    if not names:
        return 0
    naming = index.catalog.outlets_naming(names, since, end, ids)
    limit = COMMON_NAME * max(index.catalog.articles_between(since, end), 1)
    own = {outlet_key(a.source) for a in story.articles}
    outlets = {outlet_key(o) for n, named in naming.items() if len(named) <= limit for o in named}
    return len(outlets - own)


def prominence(index: Index, articles: list[StoryArticle], end: str) -> int:
    """How many outlets mentioned the best-known person or organisation its headlines name, in the
    ``PROMINENCE_DAYS`` up to ``end``: Google, Meta or the EU weigh more than a startup's first round.
    Names too common to single anything out (in over ``COMMON_NAME`` of the period's articles) count
    for nothing."""
    since = (dt.date.fromisoformat(end) - dt.timedelta(days=PROMINENCE_DAYS)).isoformat()
    limit = COMMON_NAME * max(index.catalog.articles_between(since, end), 1)
    exclude = [a.article_id for a in articles]
    best = 0
    for art in articles:
        for name in headline_names(art.title, index.catalog.article_text(art.article_id)):
            n = index.catalog.outlets_mentioning(name, since, end, exclude)
            best = max(best, n if n <= limit else 0)
    return best


def headline_names(title: str, text: str) -> set[str]:
    """The names a headline gives that the article's opening also writes as names (so that the Title
    Case of headlines does not turn ordinary words into names); the longest form of each."""
    lead = text[:3000]
    found = set()
    for surface in facts_of(title)["names"].values():
        words = surface.split()
        spans = sorted(
            ((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)), key=lambda s: s[0] - s[1]
        )
        for i, j in spans:
            if not (words[i][:1].isupper() and words[j - 1][:1].isupper()):
                continue  # "and Dig" of "Talon and Dig": a name begins and ends with a capital
            cand = " ".join(words[i:j])
            if len(cand) > 2 and re.search(rf"(?<![\w-]){re.escape(cand)}(?![\w-])", lead):
                if not _place_adjective(cand, title):
                    found.add(cand)
                break
    return found


def _place_adjective(name: str, title: str) -> bool:
    """Whether the headline uses ``name`` as an adjective of place or people before a common noun."""
    return bool(_MODIFIER.match(name)) and bool(re.search(rf"\b{re.escape(name)}\s+[a-z]", title))


def story_headline(index: Index, article_ids: list[str]) -> str:
    """The title of the most central of ``article_ids``, a report's before a column's (a byline in its
    title, an address in an opinion section or a blog), without a columnist's byline: "Manchester United
    out of Europe after defeat to Bayern Munich", not "Ten Hag’s Manchester United stand up and die at
    club stuck in the past tense | Barney Ronay"."""
    metas = {a: index.catalog.meta(a) for a in article_ids}
    reports = [a for a, m in metas.items() if not _column(m.title or "", m.url)]
    return without_byline(metas[central(index.catalog, reports or article_ids)].title or "")


def without_byline(title: str) -> str:
    """``title`` without a columnist's byline at its end (``_BYLINE``)."""
    return _BYLINE.sub("", title)


def _column(title: str, url: str | None) -> bool:
    return bool(_BYLINE.search(title)) or is_opinion(url) or "/blog/" in (url or "")


def of_outlet(index: Index, story: Story, source: str, start: str, end: str) -> Story | None:
    """``story`` narrowed to the articles of ``source`` (None when it has none): its headline is then
    that outlet's own, of its most central article in the window, and its dates are its articles'."""
    mine = [a for a in story.articles if source_key(a.source) == source_key(source)]
    if not mine:
        return None
    fresh = [a.article_id for a in mine if start <= (a.published or "") <= end]
    headline = story_headline(index, fresh) if fresh else story.headline
    dates = sorted(a.published for a in mine if a.published)
    first, last = (dates[0], dates[-1]) if dates else (story.first_seen, story.last_seen)
    return replace(story, headline=headline, first_seen=first, last_seen=last, articles=mine)
