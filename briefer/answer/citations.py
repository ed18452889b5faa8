"""Resolved citations: a backend's raw citations mapped to exact article spans and numbered by first use.

A citation to a passage or block that was never sent is dropped, and the drop is recorded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from briefer.llm.drafts import Passage, RawCitation


@dataclass
class Citation:
    n: int
    chunk_id: str
    article_id: str
    title: str
    source: str | None
    published: str | None
    url: str | None
    quote: str
    start: int
    end: int
    passage: int = field(default=0, repr=False)
    entry_date: str | None = None  # a live page's: the date line the quote is under (``text.entries``)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("passage")
        return d


class CitationBook:
    """Resolves raw citations against the passages sent and numbers them by first use."""

    def __init__(self, passages: list[Passage]):
        self.passages = passages
        self.citations: list[Citation] = []
        self._by_key: dict[tuple[int, int, int], int] = {}
        self.dropped: list[tuple[RawCitation, str]] = []

    def resolve(self, raw: RawCitation) -> int | None:
        """The display number of ``raw``, or None (recorded in ``dropped``) if it points nowhere."""
        if not 0 <= raw.passage < len(self.passages):
            self.dropped.append((raw, f"cites passage {raw.passage + 1}, which was never sent"))
            return None
        p = self.passages[raw.passage]
        if not (0 <= raw.start_block < raw.end_block <= len(p.sentences)):
            self.dropped.append(
                (raw, f"cites sentences {raw.start_block}-{raw.end_block} outside passage {raw.passage + 1}")
            )
            return None
        key = (raw.passage, raw.start_block, raw.end_block)
        if key not in self._by_key:
            first, last = p.sentences[raw.start_block], p.sentences[raw.end_block - 1]
            h = p.hit
            quote = p.text_at(first.start, last.end)
            self.citations.append(
                Citation(
                    len(self.citations) + 1,
                    h.chunk_id,
                    h.article_id,
                    h.title,
                    h.source,
                    h.published,
                    h.url,
                    quote,
                    first.start,
                    last.end,
                    raw.passage,
                )
            )
            self._by_key[key] = len(self.citations)
        return self._by_key[key]

    def get(self, n: int) -> Citation:
        return self.citations[n - 1]
