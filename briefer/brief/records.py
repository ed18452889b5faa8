"""What a briefing is made of: numbered sources, quotes, bullets, sections, conflicting reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from briefer.index import Index


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
            m = self.index.catalog.meta(article_id)
            self.sources.append(Source(len(self.sources) + 1, article_id, m.title, m.source, m.published, m.url))
            self._n[article_id] = len(self.sources)
        text = self.index.catalog.article_text(article_id)[start:end]
        return Quote(self._n[article_id], article_id, start, end, text)
