"""What goes to an LLM backend and what comes back: passages in, a draft of cited segments out.

A passage is one retrieved chunk split into its sentences ("blocks"); a raw citation names a
passage and a block range, exactly like Claude's ``search_result_location``. ``briefer.answer``
resolves raw citations to exact article spans (``briefer.answer.citations``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefer.core.records import Hit, Span

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
    dropped: list[str] = field(default_factory=list)  # citation markers the backend could not map
    relevance: float | None = None  # backends with the ``relevance`` capability: the score abstention compares

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)
