"""What a briefing is made of: numbered sources, quotes, bullets, sections, conflicting reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from briefer.index import Index
from briefer.text.entries import LivePage, could_be_live, live_page


@dataclass
class Source:
    n: int
    article_id: str
    title: str
    source: str | None
    published: str | None
    url: str | None
    as_of: str | None = None  # a live page: its latest entry by the briefing's end, when after ``published``


@dataclass
class Quote:
    n: int  # number in the source list
    article_id: str
    start: int
    end: int
    text: str
    date: str | None = None  # of what it tells: its entry's on a live page (``text.entries``), else its article's


@dataclass
class Bullet:
    text: str
    citations: list[Quote]
    verdict: str = "supported"
    reasons: list[str] = field(default_factory=list)
    outlets: int = 1  # independent outlets whose text supports it (verified)
    corroborated_by: list[str] = field(default_factory=list)  # the other outlets among them
    also_carried_by: list[str] = field(default_factory=list)  # outlets that ran a copy of the cited article


@dataclass
class Section:
    """One story (or, from a generative composer, one topic) and its bullets."""

    heading: str
    bullets: list[Bullet]
    story_id: str | None = None
    kind: str = "news"  # news | soft (sports, entertainment, lifestyle)
    outlets: list[str] = field(default_factory=list)  # independent outlets carrying the story
    carried_by: list[str] = field(default_factory=list)  # outlets that only ran copies
    first_seen: str | None = None
    last_seen: str | None = None
    articles: int = 0
    # the source numbers of an outlet named in ``outlets`` that no bullet cites: each outlet can be read
    outlet_sources: dict[str, list[int]] = field(default_factory=dict)
    quoted: bool = False  # in a model's briefing: told in the articles' own sentences (the model cited nothing of it)


@dataclass
class Headline:
    """A story reported only by its headline ("Also reported"), with its articles' numbers."""

    text: str
    sources: list[int]
    outlets: list[str]
    kind: str = "news"


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
    kind: str = "conflict"  # conflict: sources disagree; update: a figure that changed over time
    story: str | None = None  # the headline of the story it belongs to


@dataclass
class Briefing:
    start: str
    end: str
    llm: str
    generated_at: str
    articles: int
    outlets: list[str]
    undated_skipped: int  # articles left out for lack of a date (they belong to no day)
    topic: str | None
    summary: list[Bullet]
    sections: list[Section]
    conflicts: list[ConflictReport]
    sources: list[Source]
    changes: list[str] = field(default_factory=list)
    previous: str | None = None
    seconds: float = 0.0
    stories: int = 0  # stories in the window (sections shows the most newsworthy)
    several_outlets: int | None = None  # of them, those two or more independent outlets carry (None: not counted)
    also: list[Headline] = field(default_factory=list)  # the other stories, by headline
    also_left: int = 0  # stories neither told nor listed (past settings.briefing.brief_also)
    service_skipped: int = 0  # service articles (deals, listicles, reviews, how-tos) not shown
    source: str | None = None  # the outlet the briefing was narrowed to
    uncited_left_out: int = 0  # sentences a model wrote without citing an article: not shown

    def quotes_of(self, n: int) -> list[Quote]:
        """Every span the briefing quotes from source ``n`` (its bullets' and its reports')."""
        bullets = self.summary + [b for sec in self.sections for b in sec.bullets]
        quotes = [q for b in bullets for q in b.citations] + [s.quote for c in self.conflicts for s in c.sides]
        return [q for q in quotes if q.n == n]

    @property
    def updates(self) -> list[ConflictReport]:
        return [c for c in self.conflicts if c.kind == "update"]

    @property
    def disagreements(self) -> list[ConflictReport]:
        return [c for c in self.conflicts if c.kind == "conflict"]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Composed:
    """What a composer writes: the summary, one section per story or topic, the conflicting reports,
    and how many of a model's sentences it left out for citing nothing."""

    summary: list[Bullet]
    sections: list[Section]
    conflicts: list[ConflictReport]
    uncited_left_out: int = 0


class SourceBook:
    """Numbers the window's articles in order of first citation."""

    def __init__(self, index: Index, until: str = "9999"):
        self.index = index
        self.until = until  # the briefing's end: a live page is read as it stood then
        self.sources: list[Source] = []
        self._n: dict[str, int] = {}
        self._pages: dict[str, LivePage | None] = {}

    def number(self, article_id: str) -> int:
        """The article's number in the source list (numbered on first use)."""
        if article_id not in self._n:
            m = self.index.catalog.meta(article_id)
            source = Source(len(self.sources) + 1, article_id, m.title, m.source, m.published, m.url)
            page = self._page(source)
            told = [e.date for e in page.entries if e.date <= self.until] if page else []
            if told and source.published and max(told) > source.published:
                source.as_of = max(told)
            self.sources.append(source)
            self._n[article_id] = len(self.sources)
        return self._n[article_id]

    def quote(self, article_id: str, start: int, end: int) -> Quote:
        n = self.number(article_id)
        text, source = self.index.catalog.article_text(article_id), self.sources[n - 1]
        page, date = self._page(source), source.published
        if page is not None:
            spans = self.index.catalog.sentences(article_id)
            date = page.date_of(max((k for k, s in enumerate(spans) if s.start <= start), default=0))
        return Quote(n, article_id, start, end, text[start:end], date)

    def _page(self, source: Source) -> LivePage | None:
        """The article as a live page (``text.entries``), or None; read once."""
        if source.article_id not in self._pages:
            text = self.index.catalog.article_text(source.article_id)
            page = None
            if could_be_live(text):
                page = live_page(text, self.index.catalog.sentences(source.article_id), source.published)
            self._pages[source.article_id] = page
        return self._pages[source.article_id]
