"""The offline answerer: picks the passage sentences that best answer the question and cites each.

Deterministic, needs no key. A sentence's score mixes embedding similarity with the question and
the share of the question's terms it contains (IDF-weighted over the candidates), with a bonus when
the question asks for a quantity or a time and the sentence holds one. It abstains with
``ABSTAIN_PHRASE`` when the best score is under the calibrated threshold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from briefer.config import Settings
from briefer.index.embedders import Embedder
from briefer.llm.base import Capabilities, History
from briefer.llm.drafts import ABSTAIN_PHRASE, Draft, Passage, RawCitation, Segment
from briefer.text.facts import key_facts, missing_facts
from briefer.text.words import terms

_NUMBER = re.compile(r"\d")
_DATEISH = re.compile(
    r"\b(\d{4}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)\b",
    re.I,
)
_QUANTITY_Q = re.compile(r"\b(how (many|much)|what (number|percentage|share|proportion)|figure|toll)\b", re.I)
_TIME_Q = re.compile(r"\b(when|what (day|date|year|time))\b", re.I)
_PLACE_Q = re.compile(r"\bwhere\b", re.I)
_PLACE = re.compile(r"\b(?:in|at|from) (?:[A-Z][\w'-]+)(?: [A-Z][\w'-]+)*")
_SPOKE_IN = re.compile(r"\b(?:said|told|spoke|speaking|says|added)\b[^.]{0,60}\b(?:in|at) [A-Z]")


class ExtractiveLLM:
    name = "extractive"
    model = "extractive"
    capabilities = Capabilities(
        citations="extractive",
        streaming=False,
        rewrites_queries=False,
        uses_history=False,
        briefing="extractive",
        offline=True,
    )

    def __init__(self, embedder, *, threshold: float = 0.42, max_sentences: int = 2, redundancy: float = 0.85):
        self.embedder = embedder
        self.threshold = threshold
        self.max_sentences = max_sentences
        self.redundancy = redundancy

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder) -> ExtractiveLLM:
        return cls(embedder, threshold=settings.answer.abstain_threshold)

    def rewrite(self, question: str, history: History) -> str:
        """Not a capability here: chat expands follow-ups offline instead (``briefer.chat``)."""
        return question

    def score(self, question: str, passages: list[Passage]) -> list[tuple[float, int, int, str, np.ndarray]]:
        """(score, passage, block, text, vector) for every sentence of every passage, best first."""
        cands = [(p.index, i, t) for p in passages for i, t in enumerate(p.blocks())]
        if not cands:
            return []
        vecs = self.embedder.embed([question] + [t for _, _, t in cands])
        cos = vecs[1:] @ vecs[0]
        q_terms = set(terms(question))
        docs = [set(terms(t)) for _, _, t in cands]
        idf = {w: math.log(1 + len(docs) / (1 + sum(w in d for d in docs))) for w in q_terms}
        total = sum(idf.values()) or 1.0
        wants_qty, wants_time = bool(_QUANTITY_Q.search(question)), bool(_TIME_Q.search(question))
        wants_place = bool(_PLACE_Q.search(question))
        focus = self.name_coverage(question, [t for _, _, t in cands])
        scored = []
        for (p, i, text), c, d, v in zip(cands, cos, docs, vecs[1:]):
            s = 0.55 * float(c) + 0.45 * sum(idf[w] for w in q_terms if w in d) / total
            if wants_qty and _NUMBER.search(text):
                s += 0.08
            if wants_time and _DATEISH.search(text):
                s += 0.08
            if wants_place and _PLACE.search(text):
                s += 0.05 + (0.15 if _SPOKE_IN.search(text) else 0.0)  # where someone said it
            scored.append((s * focus, p, i, text, v))
        return sorted(scored, key=lambda x: (-x[0], x[1], x[2]))

    @staticmethod
    def name_coverage(question: str, texts: list[str]) -> float:
        """1.0 when every name the question mentions occurs in the passages; less for each one absent.

        A question about "the European Union" over passages that never name it is likely unanswerable.
        """
        names = key_facts(question)["names"]
        if not names:
            return 1.0
        missing = [r for r in missing_facts(question, texts) if r.startswith("name ")]
        return 1.0 - 0.5 * len(missing) / len(names)

    def generate(
        self,
        question: str,
        passages: list[Passage],
        *,
        on_text: Callable[[str], None] | None = None,
        history: History | None = None,
        system: str | None = None,
    ) -> Draft:
        """``history`` and ``system`` are not used: follow-ups reach this backend already expanded
        (``briefer.chat``), and it follows no prompt."""
        ranked = self.score(question, passages)
        if not ranked or ranked[0][0] < self.threshold:
            return self._emit([Segment(ABSTAIN_PHRASE)], on_text)
        floor = max(self.threshold, 0.85 * ranked[0][0])
        picks: list[tuple] = []
        for cand in ranked:
            if cand[0] < floor or len(picks) >= self.max_sentences:
                break
            if all(float(cand[4] @ other[4]) < self.redundancy for other in picks):
                picks.append(cand)
        segments = []
        for n, (_, p, i, text, _) in enumerate(picks):
            sep = "" if n == len(picks) - 1 else " "
            segments.append(Segment(" ".join(text.split()) + sep, [RawCitation(p, i, i + 1, text)]))
        return self._emit(segments, on_text)

    def _emit(self, segments: list[Segment], on_text) -> Draft:
        if on_text:
            for seg in segments:
                on_text(seg.text)
        return Draft(segments, model=self.model)
