"""Which passage sentences are the evidence for a question: the candidate pool, its features, and
the learned scorer the offline answerer ranks them with.

Every sentence of every passage is a candidate. Its features are general signals, nothing keyed to
particular questions or articles: embedding similarity and IDF-weighted term overlap with the whole
question and with its best-matching hop (clause or named outlet), its rank by those inside its
article and among all candidates, its article's and passage's retrieval rank, its place in the
article, how many of the question's names it holds, whether it comes from an outlet the question
names, whether it gives the quantity or time the question asks for, and the question's shape.

The scorer is gradient-boosted trees (LightGBM, LambdaRank) trained by
``benchmarks/train_evidence.py`` on half of MultiHop-RAG's dev queries (the other half is held
out), shipped as ``briefer/llm/data/evidence.{txt,json}``; lightgbm is imported and the model read
once per process. Without the model file, the hand-set mix ``HAND_MIX`` ranks instead.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from briefer.core import resources
from briefer.index.embedders import Embedder
from briefer.llm.drafts import Passage
from briefer.llm.hops import Hop, is_yes_no, wants_a_name
from briefer.text.facts import key_facts
from briefer.text.words import terms

MODEL = resources.path("llm", "data", "evidence.txt")
CARD = resources.path("llm", "data", "evidence.json")

NUMBER = re.compile(r"\d")
DATEISH = re.compile(
    r"\b(\d{4}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)\b",
    re.I,
)
QUANTITY_Q = re.compile(r"\b(how (many|much)|what (number|percentage|share|proportion)|figure|toll)\b", re.I)
TIME_Q = re.compile(r"\b(when|what (day|date|year|time))\b", re.I)
_QUOTE = re.compile(r"[\"\u201c\u201d]")
HAND_MIX = (0.55, 0.45)  # cosine, term overlap: the score without a model, and the one ranks use

FEATURES = (
    "cos_q",
    "cos_hop",
    "ovl_q",
    "ovl_hop",
    "mix_q",
    "mix_hop",
    "rank_q",
    "rank_hop",
    "rank_in_article",
    "rank_hop_in_article",
    "article_rank",
    "passage_rank",
    "first_in_article",
    "log_offset",
    "n_words",
    "names_share",
    "named_outlet",
    "qty_match",
    "time_match",
    "has_quote",
    "article_sentences",
    "n_named_outlets",
    "yes_no",
    "wants_name",
    "gap_to_best",
    "passage_score",
    "passage_gap",
    "title_overlap",
    "prev_mix",
    "next_mix",
    "hops_top3",
)


@dataclass
class Candidate:
    passage: int  # position among the passages
    block: int  # sentence position in the passage
    text: str
    article_id: str
    source: str | None
    offset: int  # character offset in the article
    title: str = ""
    passage_score: float = 0.0  # the retriever's score of its passage
    published: str | None = None  # its article's date


@dataclass
class Pool:
    """Every sentence of the passages, embedded once beside the hop texts (hop 0 = the question)."""

    cands: list[Candidate]
    vecs: np.ndarray
    hop_vecs: np.ndarray
    docs: list[set[str]]

    @classmethod
    def of(cls, passages: list[Passage], hop_texts: list[str], embedder: Embedder) -> Pool:
        cands = [
            Candidate(
                p.index,
                i,
                t,
                p.hit.article_id,
                p.hit.source,
                p.sentences[i].start,
                p.hit.title,
                p.hit.score,
                p.hit.published,
            )
            for p in passages
            for i, t in enumerate(p.blocks())
        ]
        if not cands:
            return cls([], np.zeros((0, 1)), np.zeros((len(hop_texts), 1)), [])
        vecs = embedder.embed(hop_texts + [c.text for c in cands])
        return cls(cands, vecs[len(hop_texts) :], vecs[: len(hop_texts)], [set(terms(c.text)) for c in cands])

    def overlap(self, text: str) -> np.ndarray:
        """IDF-weighted share (IDF over the candidates) of ``text``'s terms each candidate holds."""
        words = set(terms(text))
        n = len(self.docs)
        idf = {w: math.log(1 + n / (1 + sum(w in d for d in self.docs))) for w in words}
        total = sum(idf.values()) or 1.0
        return np.array([sum(idf[w] for w in words if w in d) / total for d in self.docs])

    def mix(self, text: str, hop: int) -> np.ndarray:
        """The hand-set relevance of each candidate to a hop: cosine and term overlap mixed."""
        return HAND_MIX[0] * (self.vecs @ self.hop_vecs[hop]) + HAND_MIX[1] * self.overlap(text)


def features(question: str, steps: list[Hop], pool: Pool) -> np.ndarray:
    """One row of ``FEATURES`` per candidate of the pool (``steps[0]`` is the whole question)."""
    n = len(pool.cands)
    if not n:
        return np.zeros((0, len(FEATURES)))
    cos = pool.vecs @ pool.hop_vecs.T  # candidates x hops
    ovl = np.stack([pool.overlap(h.text) for h in steps], axis=1)
    mix = HAND_MIX[0] * cos + HAND_MIX[1] * ovl
    rest = slice(1, None) if len(steps) > 1 else slice(0, 1)
    mix_hop = mix[:, rest].max(axis=1)
    rank_hop = np.stack([_ranks(mix[:, h]) for h in range(len(steps))], axis=1)[:, rest].min(axis=1)
    articles = list(dict.fromkeys(c.article_id for c in pool.cands))
    in_article = {a: [k for k, c in enumerate(pool.cands) if c.article_id == a] for a in articles}
    asked = key_facts(question)["names"]
    named = {o.casefold() for h in steps for o in h.outlets}
    shape = (len(named), float(is_yes_no(question)), float(wants_a_name(question)))
    wants_qty, wants_time = bool(QUANTITY_Q.search(question)), bool(TIME_Q.search(question))
    best = float(mix[:, 0].max())
    top_passage = max(c.passage_score for c in pool.cands)
    title_ovl = _title_overlap(question, pool)
    top3 = (np.stack([_ranks(mix[:, h]) for h in range(len(steps))], axis=1) < 3).sum(axis=1)
    rows = []
    for k, c in enumerate(pool.cands):
        peers = in_article[c.article_id]
        lowered = c.text.casefold()
        rows.append(
            (
                cos[k, 0],
                cos[k, rest].max(),
                ovl[k, 0],
                ovl[k, rest].max(),
                mix[k, 0],
                mix_hop[k],
                _rank_of(mix[:, 0], k),
                rank_hop[k],
                _rank_of(mix[peers, 0], peers.index(k)),
                _rank_of(mix_hop[peers], peers.index(k)),
                articles.index(c.article_id),
                c.passage,
                float(c.offset < 5),
                math.log1p(c.offset),
                len(c.text.split()),
                sum(a in lowered for a in asked) / len(asked) if asked else 1.0,
                float((c.source or "").casefold() in named),
                float(wants_qty and bool(NUMBER.search(c.text))),
                float(wants_time and bool(DATEISH.search(c.text))),
                float(bool(_QUOTE.search(c.text))),
                len(peers),
                *shape,
                best - mix[k, 0],
                c.passage_score,
                top_passage - c.passage_score,
                title_ovl[c.article_id],
                _neighbour(pool, mix[:, 0], k, -1),
                _neighbour(pool, mix[:, 0], k, +1),
                top3[k],
            )
        )
    return np.asarray(rows, dtype=float)


def _title_overlap(question: str, pool: Pool) -> dict[str, float]:
    """Share of the question's terms in each article's title."""
    words = set(terms(question)) or {""}
    return {c.article_id: len(words & set(terms(c.title))) / len(words) for c in pool.cands}


def _neighbour(pool: Pool, mix: np.ndarray, k: int, step: int) -> float:
    """The relevance of the sentence before (-1) or after (+1) in the same passage, 0 at an edge."""
    j = k + step
    if 0 <= j < len(pool.cands) and pool.cands[j].passage == pool.cands[k].passage:
        return float(mix[j])
    return 0.0


def _ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    return ranks


def _rank_of(values: np.ndarray, k: int) -> float:
    return float((values > values[k]).sum())


class EvidenceScorer:
    """Scores candidate sentences: the shipped LightGBM model, or the hand-set mix without it."""

    def __init__(self, booster=None, info: dict | None = None):
        self.booster = booster
        self.info = info or {}

    @classmethod
    def load(cls) -> EvidenceScorer:
        if not (MODEL.is_file() and CARD.is_file()):
            return cls()
        info = json.loads(CARD.read_text())
        if tuple(info["features"]) != FEATURES:
            raise ValueError(f"{MODEL} was trained on other features; run benchmarks/train_evidence.py")
        from briefer.core.lazy import lightgbm

        return cls(lightgbm().Booster(model_file=str(MODEL)), info)

    def score(self, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return np.zeros(0)
        if self.booster is None:
            return 0.5 * x[:, FEATURES.index("mix_q")] + 0.5 * x[:, FEATURES.index("mix_hop")]
        return np.asarray(self.booster.predict(x, num_threads=1))


@lru_cache(maxsize=1)
def shipped() -> EvidenceScorer:
    """The shipped scorer, loaded once per process."""
    return EvidenceScorer.load()
