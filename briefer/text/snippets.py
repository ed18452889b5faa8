"""The passage of a search hit to show: the sentence that matches the query best, with what follows
it, within a width (instead of the chunk's first words)."""

from __future__ import annotations

from briefer.text.sentences import split_sentences
from briefer.text.words import terms


def snippet(text: str, query: str, width: int = 280) -> str:
    """At most ``width`` characters of ``text`` (whitespace collapsed) starting at the sentence that
    shares the most query words (the first on ties, the text's start when none shares any); "…"
    marks text left out before or after."""
    flat = " ".join(text.split())
    wanted = set(terms(query))
    spans = split_sentences(flat)
    start = 0
    if wanted and spans:
        scores = [len(wanted & set(terms(flat[s.start : s.end]))) for s in spans]
        best = max(range(len(spans)), key=lambda i: (scores[i], -i))
        if scores[best]:
            start = spans[best].start
    shown = flat[start : start + width]
    return ("…" if start else "") + shown + ("…" if start + width < len(flat) else "")
