"""Plain data records shared by every stage: articles, spans, chunks, search hits and filters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class RawArticle:
    """One article as read from a file, before chunking.

    ``text`` is the article's own text; every offset briefer stores points into it.
    ``origin`` names where it came from (a path, with ``#n`` for the n-th entry of a multi-article file).
    """

    text: str
    origin: str
    title: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    url: str | None = None


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) into an article's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article, indexed for search."""

    chunk_id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str
    header: str

    @property
    def indexed_text(self) -> str:
        """What BM25 and the embedder see: the header, then the chunk's own text."""
        return f"{self.header}\n{self.text}"


@dataclass(frozen=True)
class ArticleMeta:
    article_id: str
    title: str
    source: str | None
    published: str | None
    url: str | None
    origin: str


@dataclass
class Hit:
    """One search result: a chunk with its article's metadata and its fused score."""

    rank: int
    score: float
    chunk_id: str
    article_id: str
    title: str
    source: str | None
    published: str | None
    url: str | None
    text: str
    start: int
    end: int
    signals: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, rank: int, score: float, row: dict) -> Hit:
        """A hit from a catalog chunk row (``Catalog.chunk_rows``; extra keys are ignored)."""
        keys = {f.name for f in fields(cls)} - {"rank", "score", "signals"}
        return cls(rank=rank, score=score, **{k: row[k] for k in keys})

    def to_dict(self) -> dict:
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "chunk_id": self.chunk_id,
            "article_id": self.article_id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "url": self.url,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Filters:
    """Search filters: published date window (ISO dates, inclusive) and outlet.

    A date filter excludes undated articles; the outlet matches case-insensitively.
    """

    since: str | None = None
    until: str | None = None
    source: str | None = None
    sources: tuple[str, ...] = ()  # any of these outlets (exact names), e.g. from query understanding

    @property
    def dated_only(self) -> bool:
        return bool(self.since or self.until)

    def describe(self) -> str:
        """The filter as the user set it ("since 2016-12-10, source CNN"); empty when there is none."""
        parts = [f"{k} {v}" for k, v in (("since", self.since), ("until", self.until), ("source", self.source)) if v]
        return ", ".join(parts)

    @property
    def source_key(self) -> str | None:
        return source_key(self.source)

    @property
    def source_keys(self) -> tuple[str, ...]:
        return tuple(k for s in self.sources if (k := source_key(s)))

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.source or self.sources)

    def accepts(self, source_key_: str | None, published_ord: int) -> bool:
        """Whether an article with this outlet key and ``date_ord`` passes: the one in-Python
        reading of the filters (the catalog's SQL and Chroma's ``where`` are the others)."""
        if self.dated_only and published_ord <= 0:
            return False
        if self.since and published_ord < date_ord(self.since):
            return False
        if self.until and published_ord > date_ord(self.until):
            return False
        if self.source and source_key_ != self.source_key:
            return False
        return not self.sources or source_key_ in self.source_keys

    def narrowed(self, since: str | None = None, until: str | None = None, sources: tuple[str, ...] = ()) -> Filters:
        """These filters and the given ones (the later start, the earlier end)."""
        return Filters(
            max(filter(None, (self.since, since)), default=None),
            min(filter(None, (self.until, until)), default=None),
            self.source,
            sources or self.sources,
        )


def source_key(source: str | None) -> str | None:
    """Outlet name folded for matching: ``"The Age "`` and ``"the age"`` are the same outlet."""
    return " ".join(source.casefold().split()) if source else None


# A feed's title after its outlet's name: "BBC News - World", "Cnbc | World Business News Leader",
# "Live Science: The Most Interesting Articles", "NYT > Top Stories"
_TAGLINE = re.compile(r"\s+[-–—|>»:]\s+|:\s+")
_NOT_MASTHEADS = {"home", "news", "latest", "latest news", "top stories", "all", "rss", "feed", "articles", "blog"}


def masthead(title: str | None) -> str | None:
    """The outlet a feed's or site's title names, without its section or tagline ("BBC News - World"
    -> "BBC News"), so that two sections of one outlet count as one outlet; the title as given when
    its first part is a generic word ("Home - CBS News") or nothing is cut."""
    if not title:
        return title
    parts = [p.strip() for p in _TAGLINE.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    named = [p for p in parts if p.casefold() not in _NOT_MASTHEADS]
    return named[0] if named else title


def outlet_key(source: str | None) -> str | None:
    """The outlet an article's source belongs to, folded, for counting independent outlets: two sections
    of one outlet ("FOX News - Health", "FOX News - Lifestyle") are one outlet, whatever name it was
    given (``source_key`` tells the names apart, for ``--source``)."""
    return source_key(masthead(source))


def date_ord(published: str | None) -> int:
    """``2016-12-12`` -> 20161212; 0 for undated (used by range filters in every store)."""
    return int(published.replace("-", "")) if published else 0
