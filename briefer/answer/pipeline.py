"""Cited answers: retrieve, send passages to an LLM backend, resolve and number citations, verify.

Every answer, from any backend, goes through the same resolution and verification, so a citation
to a passage that was never sent is dropped and a claim its citations do not carry is flagged.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from briefer.answer.citations import Citation, CitationBook
from briefer.answer.repair import reanchor
from briefer.answer.verify import SUPPORTED, split_answer_sentences, verify_sentence
from briefer.core.errors import EmptyResult
from briefer.core.records import Filters, Hit, Span
from briefer.index import Index
from briefer.index.embedders import Embedder
from briefer.llm import LLM, History
from briefer.llm.drafts import ABSTAIN_PHRASE, Draft, Passage, Segment
from briefer.search import Retriever
from briefer.text.entries import could_be_live, live_page
from briefer.text.outcomes import asks_for_latest, outcome_after

_MARKER = re.compile(r"\s*\[\d+\]")


@dataclass
class AnswerSentence:
    text: str
    citations: list[int]
    verdict: str
    reasons: list[str] = field(default_factory=list)
    repaired: bool = False  # re-anchored to the retrieved sentence that supports it (prompted citations)

    def to_dict(self) -> dict:
        d = {"text": self.text, "citations": self.citations, "verdict": self.verdict, "reasons": self.reasons}
        return d | ({"repaired": True} if self.repaired else {})


@dataclass
class Answer:
    question: str
    llm: str
    model: str
    sentences: list[AnswerSentence]
    citations: list[Citation]
    abstained: bool
    incomplete: bool = False
    dropped: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list, repr=False)
    relevance: float | None = None  # the backend's, when it has the ``relevance`` capability

    @property
    def text(self) -> str:
        """The answer with its ``[n]`` markers after the sentences they support."""
        return " ".join(s.text + "".join(f" [{n}]" for n in s.citations) for s in self.sentences)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "llm": self.llm,
            "model": self.model,
            "abstained": self.abstained,
            "incomplete": self.incomplete,
            "citations": [c.to_dict() for c in self.citations],
            "sentences": [s.to_dict() for s in self.sentences],
            "dropped_citations": self.dropped,
            "timings": {k: round(v, 1) for k, v in self.timings.items()},
        }


def build_passages(index: Index, hits: list[Hit]) -> list[Passage]:
    """One passage per hit; its blocks are the article's sentences inside the chunk."""
    passages = []
    for i, hit in enumerate(hits):
        spans = [s for s in index.catalog.sentences(hit.article_id) if s.start < hit.end and s.end > hit.start]
        clipped = [Span(max(s.start, hit.start), min(s.end, hit.end)) for s in spans] or [Span(hit.start, hit.end)]
        passages.append(Passage(i, hit, clipped))
    return passages


def assemble(
    question: str,
    draft: Draft,
    passages: list[Passage],
    *,
    llm: str,
    embedder: Embedder | None = None,
    threshold: float = 0.5,
    repair: bool = False,
) -> Answer:
    """Turn a backend's draft into a numbered, verified answer; with ``repair``, a sentence its
    citations do not support is re-anchored to the passage sentence that does, when one passes."""
    book = CitationBook(passages)
    text, ranges = "", []
    for seg in draft.segments:
        clean = _MARKER.sub("", seg.text)  # markers typed by the model (or injected) are not citations
        resolved = [n for n in (book.resolve(c) for c in seg.citations) if n is not None]
        ranges.append((len(text), len(text) + len(clean), resolved))
        text += clean
    sentences = []
    for start, end in _at_segment_ends(split_answer_sentences(text), [r[1] for r in ranges], text):
        sent = text[start:end].strip()
        if not sent:
            continue
        nums: list[int] = []
        for s0, s1, seg_nums in ranges:
            if s0 < end and s1 > start and text[max(s0, start) : min(s1, end)].strip():
                nums.extend(n for n in seg_nums if n not in nums)
        verdict = verify_sentence(sent, [book.get(n).quote for n in nums], embedder=embedder, threshold=threshold)
        fixed = None
        if repair and verdict.verdict != SUPPORTED:
            fixed = reanchor(sent, passages, embedder=embedder, threshold=threshold)
        if fixed is not None and (n := book.resolve(fixed)) is not None:
            sentences.append(AnswerSentence(sent, [n], SUPPORTED, [], repaired=True))
        else:
            sentences.append(AnswerSentence(sent, nums, verdict.verdict, verdict.reasons))
    # renumber by first use in the final sentence order
    order: list[int] = []
    for s in sentences:
        order.extend(n for n in s.citations if n not in order)
    remap = {old: new for new, old in enumerate(order, start=1)}
    citations = []
    for old in order:
        c = book.get(old)
        c.n = remap[old]
        citations.append(c)
    for s in sentences:
        s.citations = [remap[n] for n in s.citations]
    abstained = text.strip().startswith(ABSTAIN_PHRASE) and not citations
    return Answer(
        question,
        llm,
        draft.model or llm,
        sentences,
        citations,
        abstained,
        draft.incomplete,
        draft.dropped + [reason for _, reason in book.dropped],
        passages=passages,
        relevance=draft.relevance,
    )


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_SENTENCE_START = re.compile(r"\s*[\"“‘(]?[A-Z0-9]")


def _at_segment_ends(spans: list[tuple[int, int]], ends: list[int], text: str) -> list[tuple[int, int]]:
    """The answer's sentences, also cut where a segment ends a sentence and the next begins one: two
    quotes of two articles ("... move on from Erik ten Hag." and "Imagine what Manchester United could
    do ...") had been read by the splitter as one sentence, which then cited both."""
    out = []
    for start, end in spans:
        for cut in (e for e in ends if start < e < end):
            if _SENTENCE_END.search(text[start:cut].rstrip()) and _SENTENCE_START.match(text, cut):
                out.append((start, cut))
                start = cut
        out.append((start, end))
    return out


def ask(
    index: Index,
    llm: LLM,
    question: str,
    *,
    k: int | None = None,
    filters: Filters = Filters(),
    on_text: Callable[[str], None] | None = None,
    retrieval_query: str | None = None,
    history: History | None = None,
) -> Answer:
    """Answer ``question`` from the index through ``llm``, with per-stage timings in ms."""
    s = index.settings
    t0 = time.perf_counter()
    retriever, query, k = Retriever(index), retrieval_query or question, k or s.answer.answer_k
    hits = retriever.search(query, k, filters)
    if hits and asks_for_latest(question):  # "... in the end?": the story's latest report too
        hits += later_reports(index, retriever.search(query, WIDER * k, filters), hits)
    passages = build_passages(index, hits)
    t1 = time.perf_counter()
    if not passages and filters.describe():
        raise EmptyResult(
            f"no article in the index matches the filter ({filters.describe()}); widen it or drop it "
            "(--since/--until/--source, or /filter off in the chat)"
        )
    late = outcome_after(question, index.catalog.last_published) if passages else None
    if late:  # no backend can know it, however near the passages: "Who won the 2024 election?"
        draft = Draft([Segment(f"{ABSTAIN_PHRASE} {late}")], model=llm.model)
        if on_text:
            on_text(draft.segments[0].text)
    elif passages:
        draft = llm.generate(question, passages, on_text=on_text, history=history)
    else:
        draft = Draft([Segment(ABSTAIN_PHRASE)], model=llm.model)
        if on_text:
            on_text(ABSTAIN_PHRASE)
    t2 = time.perf_counter()
    answer = assemble(
        question,
        draft,
        passages,
        llm=llm.name,
        embedder=index.embedder,
        threshold=s.answer.support_threshold,
        repair=llm.capabilities.citations == "prompted",
    )
    date_entries(index, answer.citations)
    t3 = time.perf_counter()
    answer.timings = {"retrieve_ms": (t1 - t0) * 1e3, "generate_ms": (t2 - t1) * 1e3, "verify_ms": (t3 - t2) * 1e3}
    return answer


WIDER = 3
"""For a question about how a story ended, the passages searched (``WIDER`` times the answer's) for reports
later than those of the answer's passages."""
LATER = 2
"""How many of those later reports join the passages, latest first. "Did Sam Altman return to OpenAI in the
end?" had been answered from his firing, the talks and an explainer's "would not return": the timeline's
entry of November 29 that quotes the agreement on his return came 12th in the search."""


def later_reports(index: Index, wide: list[Hit], hits: list[Hit]) -> list[Hit]:
    """Up to ``LATER`` of ``wide`` that tell a later day than any of ``hits`` (a live page by its entry's date)
    and belong to one of their stories (a later article on something else is no end of this story: "How many
    Palestinians have been killed?" had drawn a piece on Hamas's finance), latest first."""
    days = {h.chunk_id: reported_day(index, h.article_id, h.published, h.start) or "" for h in wide + hits}
    story = {a: index.catalog.story_of(a) or a for a in {h.article_id for h in wide + hits}}
    last = max(days[h.chunk_id] for h in hits)
    have, stories = {h.chunk_id for h in hits}, {story[h.article_id] for h in hits}
    later = [h for h in wide if h.chunk_id not in have and days[h.chunk_id] > last and story[h.article_id] in stories]
    return sorted(later, key=lambda h: days[h.chunk_id], reverse=True)[:LATER]


def reported_day(index: Index, article_id: str, published: str | None, offset: int) -> str | None:
    """The day the text at ``offset`` of an article reports: its live page entry's, when later than the
    page's own date, else the article's."""
    text = index.catalog.article_text(article_id)
    if not published or not could_be_live(text):
        return published
    spans = index.catalog.sentences(article_id)
    page = live_page(text, spans, published)
    at = next((k for k, s in enumerate(spans) if s.start <= offset < s.end), None)
    entry = page.entry_of(at) if page is not None and at is not None else None
    return entry.date if entry is not None and entry.date > published else published


def date_entries(index: Index, citations: list[Citation]) -> None:
    """Give each quote from a live page the date of the entry it is under, when later than the page's
    own: "in talks to return" was the timeline's report of Nov. 21, not of Nov. 18, when it was begun."""
    for c in citations:
        day = reported_day(index, c.article_id, c.published, c.start)
        if day and c.published and day > c.published:
            c.entry_date = day
