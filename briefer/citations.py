"""The citation model: passages sent to an LLM, raw citations back, resolved and numbered citations.

A passage is one retrieved chunk split into its sentences ("blocks"); a raw citation names a
passage and a block range, exactly like Claude's ``search_result_location``. Resolving maps it to
the article's character span and numbers citations by first use. A citation to a passage or block
that was never sent is dropped, and the drop is recorded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from briefer.models import Hit, Span

ABSTAIN_PHRASE = "The provided articles do not answer this question."
"""The exact phrase every backend uses to abstain; the prompt tells Claude to use it verbatim."""


@dataclass
class Passage:
    index: int  # search_result_index: position among the passages sent
    hit: Hit
    sentences: list[Span]  # spans into the article text, in order; one block each

    def text_at(self, start: int, end: int) -> str:
        """The article's text between two article offsets inside this passage (hit.text starts at hit.start)."""
        return self.hit.text[start - self.hit.start : end - self.hit.start]

    def block_text(self, i: int) -> str:
        return self.text_at(self.sentences[i].start, self.sentences[i].end)

    def blocks(self) -> list[str]:
        return [self.block_text(i) for i in range(len(self.sentences))]


@dataclass(frozen=True)
class RawCitation:
    passage: int  # search_result_index
    start_block: int
    end_block: int  # exclusive, as in the API
    cited_text: str | None = None


@dataclass
class Segment:
    """A run of answer text and the citations attached to it (one text block of Claude's answer)."""

    text: str
    citations: list[RawCitation] = field(default_factory=list)


@dataclass
class Draft:
    """What an LLM backend returns: segments in order, and whether generation stopped early."""

    segments: list[Segment]
    incomplete: bool = False
    model: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


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
            self.dropped.append((raw, f"cites sentences {raw.start_block}-{raw.end_block} outside passage {raw.passage + 1}"))
            return None
        key = (raw.passage, raw.start_block, raw.end_block)
        if key not in self._by_key:
            first, last = p.sentences[raw.start_block], p.sentences[raw.end_block - 1]
            h = p.hit
            quote = p.text_at(first.start, last.end)
            self.citations.append(Citation(
                len(self.citations) + 1, h.chunk_id, h.article_id, h.title, h.source, h.published, h.url,
                quote, first.start, last.end, raw.passage))
            self._by_key[key] = len(self.citations)
        return self._by_key[key]

    def get(self, n: int) -> Citation:
        return self.citations[n - 1]
