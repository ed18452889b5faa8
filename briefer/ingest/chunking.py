"""Sentence-aware chunking with exact character offsets, and the article identity hash.

A chunk is a run of whole sentences (``briefer.text.sentences``) whose header + text fit the
embedding model's token cap; a sentence longer than the cap is cut at token boundaries. Offsets
always index the article text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from briefer.core.records import Chunk, Span
from briefer.index.embedders import Embedder

CHUNKER_VERSION = 3  # bump when splitting or packing changes: ingest then re-chunks every article
_SPACE = re.compile(r"\s+")


def article_id(text: str) -> str:
    """Stable id of an article: a hash of its normalised text (case, spacing and Unicode forms folded)."""
    norm = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:20]


def make_header(title: str | None, source: str | None, published: str | None) -> str:
    """The short line indexed with every chunk: title, outlet and date."""
    return " | ".join(p for p in ((title or "")[:200], source, published) if p)


def _cut_long(text: str, span: Span, n_tokens: int, budget: int, embedder: Embedder) -> list[tuple[Span, int]]:
    """Split one over-long sentence into pieces of at most ``budget`` tokens."""
    if n_tokens <= budget:
        return [(span, n_tokens)]
    offsets = embedder.token_spans(text[span.start : span.end])
    starts = [span.start + offsets[i][0] for i in range(0, len(offsets), budget)]
    pieces = []
    for n, start in enumerate(starts):
        # a piece runs to where the next begins, so no character between tokens is lost
        end = starts[n + 1] if n + 1 < len(starts) else span.end
        while end > start and text[end - 1].isspace():
            end -= 1
        pieces.append((Span(start, end), len(offsets[n * budget : (n + 1) * budget])))
    return pieces


def chunk_article(
    art_id: str,
    text: str,
    sentences: list[Span],
    header: str,
    embedder: Embedder,
    *,
    max_tokens: int = 256,
    overlap_tokens: int = 32,
) -> list[Chunk]:
    """Pack sentences into chunks whose ``header + "\\n" + text`` fits ``max_tokens`` model tokens."""
    cap = min(max_tokens, embedder.max_tokens) - embedder.special_tokens
    header_tokens = embedder.count_tokens([header])[0] if header else 0
    if header_tokens > cap // 3:  # an absurdly long title must not crowd out the text
        header = header[: max(20, len(header) * (cap // 3) // max(header_tokens, 1))]
        header_tokens = embedder.count_tokens([header])[0]
    budget = cap - header_tokens - (1 if header else 0)
    counts = embedder.count_tokens([text[s.start : s.end] for s in sentences])
    units: list[tuple[Span, int]] = []
    for span, n in zip(sentences, counts):
        units.extend(_cut_long(text, span, n, budget, embedder))

    groups: list[list[tuple[Span, int]]] = []
    current: list[tuple[Span, int]] = []
    used = 0
    for unit in units:
        if current and used + unit[1] > budget:
            groups.append(current)
            carry: list[tuple[Span, int]] = []
            carried = 0
            for prev in reversed(current):
                if carried + prev[1] > overlap_tokens or carried + prev[1] + unit[1] > budget:
                    break
                carry.insert(0, prev)
                carried += prev[1]
            if len(carry) == len(current):  # never repeat a whole chunk
                carry, carried = [], 0
            current, used = carry, carried
        current.append(unit)
        used += unit[1]
    if current:
        groups.append(current)

    chunks = []
    for i, group in enumerate(groups):
        start, end = group[0][0].start, group[-1][0].end
        chunks.append(Chunk(f"{art_id}-{i:04d}", art_id, i, start, end, text[start:end], header))
    excess = _excess(chunks, embedder, cap)
    if excess and max_tokens - excess > embedder.special_tokens + 16:
        # Token counts of joined sentences can exceed the sum of the parts for some tokenizers:
        # pack again with a smaller cap, so nothing indexed is ever truncated by the model.
        return chunk_article(
            art_id,
            text,
            sentences,
            header,
            embedder,
            max_tokens=min(max_tokens, embedder.max_tokens) - excess,
            overlap_tokens=overlap_tokens,
        )
    return chunks


def _excess(chunks: list[Chunk], embedder: Embedder, cap: int) -> int:
    """How many tokens the largest chunk (header included) runs over ``cap``; 0 when all fit."""
    counts = embedder.count_tokens([c.indexed_text for c in chunks])
    return max([n - cap for n in counts] + [0])
