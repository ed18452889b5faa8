"""Hybrid search: dense (store) and BM25 (catalog) fused by reciprocal rank fusion, then MMR."""

from __future__ import annotations

import numpy as np

from briefer.index import Index
from briefer.models import Filters, Hit
from briefer.query import OutletMatcher, SubQuery, analyse


def rrf(rankings: list[list[str]], k: int = 60, weights: list[float] | None = None) -> dict[str, float]:
    """Reciprocal rank fusion: sum over rankings of weight / (k + rank), rank starting at 1."""
    scores: dict[str, float] = {}
    for ranking, w in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + w / (k + rank)
    return scores


def mmr(candidates: list[str], relevance: dict[str, float], vectors: dict[str, np.ndarray], k: int, lam: float) -> list[str]:
    """Maximal marginal relevance over ``candidates`` (relevance scaled to [0, 1])."""
    if lam >= 1.0 or len(candidates) <= 1:
        return candidates[:k]
    top = max(relevance[c] for c in candidates) or 1.0
    chosen: list[str] = []
    pool = list(candidates)
    while pool and len(chosen) < k:
        def gain(c: str) -> float:
            redundancy = max((float(vectors[c] @ vectors[s]) for s in chosen if c in vectors and s in vectors), default=0.0)
            return lam * relevance[c] / top - (1 - lam) * redundancy

        best = max(pool, key=gain)
        chosen.append(best)
        pool.remove(best)
    return chosen


class Retriever:
    def __init__(self, index: Index):
        self.index = index
        self.settings = index.settings
        self._matcher: tuple[int, OutletMatcher] | None = None

    def matcher(self) -> OutletMatcher:
        """Outlet matcher over the index's outlets, rebuilt when the article count changes."""
        n = self.index.catalog.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        if self._matcher is None or self._matcher[0] != n:
            self._matcher = (n, OutletMatcher(self.index.catalog.outlets()))
        return self._matcher[1]

    def sub_queries(self, query: str) -> list[SubQuery]:
        s = self.settings
        if not s.query_outlets and not s.query_dates:
            return []
        subs = analyse(query, self.matcher() if s.query_outlets else OutletMatcher([]), use_dates=s.query_dates)
        return subs

    def search(self, query: str, k: int | None = None, filters: Filters = Filters()) -> list[Hit]:
        s = self.settings
        k = k or s.search_k
        pool = max(s.candidates, k)
        self.index.sync_from_server()
        use_dense, use_bm25 = s.dense_weight > 0, s.bm25_weight > 0
        qvec = self.index.embedder.embed([query])[0] if use_dense else None
        dense = self.index.store.query(qvec, pool, filters) if use_dense else []
        sparse = self.index.catalog.bm25(query, pool, filters) if use_bm25 else []
        rankings, weights = [[c for c, _ in dense], [c for c, _ in sparse]], [s.dense_weight, s.bm25_weight]
        for sub in self.sub_queries(query):
            f = filters.narrowed(sub.since, sub.until, sub.sources)
            if use_dense:
                rankings.append([c for c, _ in self.index.store.query(qvec, s.sub_candidates, f)])
                weights.append(s.sub_weight * s.dense_weight)
            if use_bm25:
                rankings.append([c for c, _ in self.index.catalog.bm25(sub.text, s.sub_candidates, f)])
                weights.append(s.sub_weight * s.bm25_weight)
        fused = rrf(rankings, s.rrf_k, weights)
        ranked = sorted(fused, key=lambda c: (-fused[c], c))[: max(3 * k, 20)]
        rows = self.index.catalog.chunk_rows(ranked)
        ranked = [c for c in ranked if c in rows]  # complete articles only
        vectors = self.index.store.embeddings(ranked) if s.mmr_lambda < 1.0 else {}
        order = mmr(ranked, fused, vectors, k, s.mmr_lambda)
        dense_s, sparse_s = dict(dense), dict(sparse)
        hits = []
        for rank, cid in enumerate(order, start=1):
            row = rows[cid]
            hit = Hit(rank=rank, score=fused[cid], **row)
            hit.signals = {"dense": dense_s.get(cid, 0.0), "bm25": sparse_s.get(cid, 0.0)}
            hits.append(hit)
        return hits
