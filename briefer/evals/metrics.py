"""Evaluation metrics: retrieval (as MultiHop-RAG scores it), answers, abstention, citations, latency.

Pure functions over plain strings and numbers; ``briefer.evals`` feeds them. The definitions are
documented in ``evals/README.md`` and pinned by ``tests/test_metrics.py``.

Retrieval follows the paper's ``retrieval_evaluate.py``: a chunk *hits* when a gold fact, with
whitespace removed, is a substring of the chunk text with whitespace removed (the paper removes
spaces and newlines; MultiHop-RAG's texts hold no other whitespace, so the figures are the same,
and our own seeds' no-break spaces do not break a match); MAP@10 adds ``(facts first found by the chunk at rank r) / r`` for each rank r <= 10 with a
hit and divides by ``min(#gold, 10)`` (``#gold`` counts duplicates, a fact already found never
counts again). Queries without gold facts (null queries) are left out by the caller.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from briefer.text.words import ANSWER_STOPWORDS

# --- retrieval -------------------------------------------------------------------------------


def squash(text: str) -> str:
    """``text`` with all whitespace removed (spaces, newlines, tabs, no-break spaces...)."""
    return "".join(text.split())


def retrieval_scores(retrieved: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    """Hits@4, Hits@10, MRR@10 and MAP@10 of one query: ``retrieved`` chunk texts best first,
    ``gold`` the fact strings (at least one). Also ``first_hit``: rank of the first hit, or 0."""
    if not gold:
        raise ValueError("a query without gold facts has no retrieval score (leave it out)")
    facts = [squash(g) for g in gold]
    found: list[str] = []
    first = 0
    ap_sum = 0.0
    for rank, text in enumerate(retrieved[:10], start=1):
        chunk = squash(text)
        if not any(f in chunk for f in facts):
            continue
        first = first or rank
        new = 0
        for f in facts:
            if f in chunk and f not in found:
                new += 1
                found.append(f)
        ap_sum += new / rank
    return {
        "hits@4": float(0 < first <= 4),
        "hits@10": float(first > 0),
        "mrr@10": 1.0 / first if first else 0.0,
        "map@10": ap_sum / min(len(facts), 10),
        "first_hit": first,
    }


# --- answers ---------------------------------------------------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014")


def normalize_answer(text: str | None) -> str:
    """SQuAD normalisation: lower-case, drop punctuation, drop a/an/the, collapse whitespace."""
    text = (text or "").lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def answer_tokens(text: str | None) -> list[str]:
    return normalize_answer(text).split()


def exact_match(prediction: str | None, gold: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(gold))


def token_f1(prediction: str | None, gold: str) -> float:
    """SQuAD token F1 over normalised tokens (1.0 when both are empty, 0.0 when one is)."""
    pred, ref = answer_tokens(prediction), answer_tokens(gold)
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def lenient_match(prediction: str | None, gold: str) -> float:
    """The paper's word-overlap accuracy, made robust: 1.0 when the normalised prediction contains
    any content token of the normalised gold answer. Content tokens = gold tokens not in
    :data:`ANSWER_STOPWORDS`; when the gold answer has none ("No"), all its tokens count."""
    ref = answer_tokens(gold)
    content = [t for t in ref if t not in ANSWER_STOPWORDS] or ref
    pred = set(answer_tokens(prediction))
    return float(any(t in pred for t in content))


def contains_answer(prediction: str | None, gold: str) -> float:
    """Stricter than :func:`lenient_match`: 1.0 only when the prediction contains every content
    token of the gold answer ("$12.94 billion": both "12.94" and "billion"), so a long quote that
    happens to share one word with it does not count."""
    ref = answer_tokens(gold)
    content = [t for t in ref if t not in ANSWER_STOPWORDS] or ref
    pred = set(answer_tokens(prediction))
    return float(bool(content) and all(t in pred for t in content))


def evidence_recall(cited: Sequence[tuple[str, str]], gold: Sequence[str]) -> float:
    """Share of the gold evidence facts that an answer's cited sentences contain, whitespace removed
    as the paper's scorer removes it. ``cited`` is (article id, quoted text) in the answer's order; a
    fact longer than one sentence counts when one article's quotes, joined in order, contain it."""
    if not gold:
        raise ValueError("a question without gold facts has no evidence recall (leave it out)")
    texts = [squash(q) for _, q in cited]
    by_article: dict[str, str] = {}
    for aid, q in cited:
        by_article[aid] = by_article.get(aid, "") + squash(q)
    pool = texts + list(by_article.values())
    return sum(any(squash(f) in t for t in pool) for f in gold) / len(gold)


def paper_lenient_match(prediction: str | None, gold: str) -> float:
    """Exactly the paper's ``qa_evaluate.py``: lower-case, split on whitespace, any shared word."""
    return float(bool(set((prediction or "").lower().split()) & set(gold.lower().split())))


# --- citations -------------------------------------------------------------------------------

Verifier = Callable[[str, list[str]], bool]
"""``verifier(sentence, cited_texts)`` -> True when the cited texts support the sentence."""


def citation_scores(sentences: Iterable[tuple[str, list[str], bool]], supports: Verifier) -> dict[str, float | int]:
    """ALCE-style citation recall and precision of one answer.

    ``sentences``: (text, quotes of its citations, supported by all of them together). Recall =
    share of sentences that have citations and are supported by them together. Precision = share
    of citations that are precise: a citation of a sentence its citations do not support together
    is not; of a supported sentence it is, unless it alone does not support the sentence and the
    sentence stays supported without it (``supports`` is called only for sentences with several
    citations). Returns ``recall``, ``precision`` (``nan`` when there is nothing to count),
    ``sentences``, ``citations``.
    """
    n_sent = n_supported = n_cites = n_precise = 0
    for text, quotes, supported in sentences:
        n_sent += 1
        supported = bool(supported and quotes)
        n_supported += supported
        n_cites += len(quotes)
        if not supported:
            continue
        if len(quotes) == 1:
            n_precise += 1
            continue
        for i, quote in enumerate(quotes):
            if supports(text, [quote]) or not supports(text, quotes[:i] + quotes[i + 1 :]):
                n_precise += 1
    return {
        "recall": n_supported / n_sent if n_sent else math.nan,
        "precision": n_precise / n_cites if n_cites else math.nan,
        "sentences": n_sent,
        "citations": n_cites,
    }


# --- aggregation -----------------------------------------------------------------------------


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are numbers (None and nan skipped); None when there are none."""
    vals = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return sum(vals) / len(vals) if vals else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100) with linear interpolation between closest ranks; None if empty."""
    vals = sorted(values)
    if not vals:
        return None
    pos = (len(vals) - 1) * p / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)
