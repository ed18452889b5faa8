"""Rank fusion without a model: reciprocal rank fusion, and maximal marginal relevance for diversity."""

from __future__ import annotations

import numpy as np


def rrf(rankings: list[list[str]], k: int = 60, weights: list[float] | None = None) -> dict[str, float]:
    """Reciprocal rank fusion: sum over rankings of weight / (k + rank), rank starting at 1."""
    scores: dict[str, float] = {}
    for ranking, w in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + w / (k + rank)
    return scores


def mmr(
    candidates: list[str], relevance: dict[str, float], vectors: dict[str, np.ndarray], k: int, lam: float
) -> list[str]:
    """Maximal marginal relevance over ``candidates`` (relevance scaled to [0, 1])."""
    if lam >= 1.0 or len(candidates) <= 1:
        return candidates[:k]
    top = max(relevance[c] for c in candidates) or 1.0
    chosen: list[str] = []
    pool = list(candidates)
    while pool and len(chosen) < k:

        def gain(c: str) -> float:
            redundancy = max(
                (float(vectors[c] @ vectors[s]) for s in chosen if c in vectors and s in vectors), default=0.0
            )
            return lam * relevance[c] / top - (1 - lam) * redundancy

        best = max(pool, key=gain)
        chosen.append(best)
        pool.remove(best)
    return chosen
