"""Features of each candidate chunk for the learned ranker (briefer/ranker.py).

Candidates come from the main dense and BM25 rankings, the outlet/date sub-queries (BM25 within the
named outlets and dates) and sentence-level BM25 over each clause of the question (retrieval.py).
The features are general signals, nothing keyed to particular queries or articles:

- the chunk's rank and score in each list, and how many lists hold it;
- whether its outlet or date is one the question names;
- its article's standing: the best score of any of its chunks, the article's rank by that score,
  and the chunk's rank inside its article (for each of dense, BM25 and clause BM25);
- its best sentence's BM25 rank and score for each clause of the question (multi-hop questions
  paraphrase one fact per clause);
- its place in its article, and the question's shape (outlets named, yes/no form, terms).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from briefer.search.query import SubQuery

FEATURES = (
    "rr_dense",
    "rr_bm25",
    "cos_dense",
    "bm25_rel",
    "rr_sub_bm25",
    "in_lists",
    "named_outlet",
    "named_date",
    "names_outlets",
    "lead_chunk",
    "article_hits",
    "art_max_bm25",
    "art_max_cos",
    "art_rank_bm25",
    "art_rank_cos",
    "in_art_rank_bm25",
    "in_art_rank_cos",
    "pos",
    "n_art_chunks",
    "cl_best_rr",
    "cl_best_norm",
    "cl_n_top10",
    "cl_sum_rr",
    "cl_art_best_rr",
    "in_pool_extra",
    "n_outlets",
    "yesno",
    "q_terms",
    "outlet_art_rank",
    "outlet_in_art_rank",
    "art_rank_cl",
    "art_rank_mix",
)
YES_NO = frozenset("does did is was were are has have do can could would will".split())
CLAUSE_POOL = 10  # each clause's best sentences whose chunks join the candidates

SentenceHits = list[tuple[int, float, str]]  # (sentence rowid, BM25 score, chunk id), best first


@dataclass
class Candidates:
    """Everything the rankers found for one query."""

    lists: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # name -> [(chunk, score)]
    subs: list[SubQuery] = field(default_factory=list)
    clauses: list[SentenceHits] = field(default_factory=list)  # one per clause of the question
    question: str = ""
    terms: int = 0  # search terms in the question
    learned: bool = False  # ranked by the learned ranker (else by reciprocal rank fusion)

    def ids(self) -> list[str]:
        """Chunks of the chunk-level lists, then those of each clause's best sentences."""
        seen: dict[str, None] = {}
        for ranking in self.lists.values():
            for cid, _ in ranking:
                seen.setdefault(cid, None)
        for hits in self.clauses:
            for _, cid in _ranked_chunks(hits)[:CLAUSE_POOL]:
                seen.setdefault(cid, None)
        return list(seen)


def _ranked_chunks(hits: SentenceHits) -> list[tuple[int, str]]:
    """(sentence rank, chunk) pairs: the sentences' ranks start at 1, a chunk appears once."""
    out, seen, rank, last = [], set(), 0, None
    for rowid, _, cid in hits:
        if rowid != last:
            rank, last = rank + 1, rowid
        if cid not in seen:
            seen.add(cid)
            out.append((rank, cid))
    return out


def _sentence_scores(hits: SentenceHits) -> tuple[dict[str, float], dict[str, int]]:
    """Per chunk: its best sentence's score over the top score, and that sentence's rank."""
    top = hits[0][1] if hits and hits[0][1] else 1.0
    norm: dict[str, float] = {}
    for _, score, cid in hits:
        norm.setdefault(cid, score / top)
    return norm, {cid: r for r, cid in _ranked_chunks(hits)}


def _by_article(values: np.ndarray, groups: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each row: its group's max, 1 / the group's rank by that max, 1 / the row's rank within its group."""
    best: dict[str, float] = {}
    members: dict[str, list[int]] = defaultdict(list)
    for i, (g, v) in enumerate(zip(groups, values)):
        best[g] = max(best.get(g, -np.inf), float(v))
        members[g].append(i)
    group_rank = {g: r for r, g in enumerate(sorted(best, key=lambda g: -best[g]), start=1)}
    within = np.zeros(len(values))
    for rows in members.values():
        for r, i in enumerate(sorted(rows, key=lambda i: -values[i]), start=1):
            within[i] = r
    return (
        np.array([best[g] for g in groups]),
        np.array([1.0 / group_rank[g] for g in groups]),
        1.0 / np.maximum(within, 1),
    )


def features(cands: Candidates, ids: list[str], rows: dict[str, dict]) -> np.ndarray:
    """One row of ``FEATURES`` per chunk id (ids missing from ``rows`` must be left out first)."""
    n = len(ids)
    f: dict[str, Any] = {name: np.zeros(n) for name in FEATURES}  # arrays, or one float for the whole query
    if not n:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    rank = {name: {cid: r for r, (cid, _) in enumerate(lst, start=1)} for name, lst in cands.lists.items()}
    score = {name: dict(lst) for name, lst in cands.lists.items()}

    def rr(name: str) -> np.ndarray:
        return np.array([1.0 / rank[name][c] if c in rank.get(name, {}) else 0.0 for c in ids])

    dense_floor = min(score.get("dense", {}).values(), default=0.0)
    bm25_top = max(score.get("bm25", {}).values(), default=0.0) or 1.0
    subs_b = [k for k in cands.lists if k.startswith("sub") and k.endswith(":bm25")]
    outlets = {o for s in cands.subs for o in s.sources}
    windows = [(s.since, s.until) for s in cands.subs if s.since]
    arts = [rows[c]["article_id"] for c in ids]
    per_article: dict[str, int] = defaultdict(int)
    for a in arts:
        per_article[a] += 1
    f["rr_dense"], f["rr_bm25"] = rr("dense"), rr("bm25")
    f["cos_dense"] = np.array([score.get("dense", {}).get(c, dense_floor) for c in ids])
    f["bm25_rel"] = np.array([score.get("bm25", {}).get(c, 0.0) / bm25_top for c in ids])
    f["rr_sub_bm25"] = np.max([rr(k) for k in subs_b], axis=0) if subs_b else 0.0
    f["in_lists"] = np.array([sum(c in r for r in rank.values()) for c in ids]) / max(len(cands.lists), 1)
    f["named_outlet"] = np.array([float(rows[c].get("source") in outlets) for c in ids])
    f["named_date"] = np.array(
        [float(any((lo or "") <= (rows[c].get("published") or "") <= (hi or "") for lo, hi in windows)) for c in ids]
    )
    f["names_outlets"] = float(bool(outlets))
    f["lead_chunk"] = np.array([float(rows[c].get("idx", 1) == 0) for c in ids])
    f["article_hits"] = np.array([min(per_article[a], 5) / 5 for a in arts])
    f["art_max_bm25"], f["art_rank_bm25"], f["in_art_rank_bm25"] = _by_article(f["bm25_rel"], arts)
    f["art_max_cos"], f["art_rank_cos"], f["in_art_rank_cos"] = _by_article(f["cos_dense"], arts)
    n_chunks = np.array([max(rows[c].get("n_chunks", 1), 1) for c in ids])
    f["pos"] = np.array([rows[c].get("idx", 0) for c in ids]) / n_chunks
    f["n_art_chunks"] = np.minimum(n_chunks, 30) / 30

    index = {c: i for i, c in enumerate(ids)}
    for hits in cands.clauses:
        c_norm, c_rank = _sentence_scores(hits)
        for cid, r in c_rank.items():
            if cid in index:
                i = index[cid]
                f["cl_best_rr"][i] = max(f["cl_best_rr"][i], 1.0 / r)
                f["cl_best_norm"][i] = max(f["cl_best_norm"][i], c_norm[cid])
                f["cl_n_top10"][i] += r <= 10
                f["cl_sum_rr"][i] += 1.0 / r
    f["cl_art_best_rr"], f["art_rank_cl"], _ = _by_article(f["cl_best_rr"], arts)
    in_lists = {c for lst in cands.lists.values() for c, _ in lst}
    f["in_pool_extra"] = np.array([float(c not in in_lists) for c in ids])

    f["n_outlets"] = float(len(outlets))
    f["yesno"] = float((cands.question.split() or [""])[0].lower() in YES_NO)
    f["q_terms"] = float(cands.terms)
    mix = f["bm25_rel"] + f["cl_best_norm"] + f["cl_best_rr"]
    art_best, f["art_rank_mix"], f["outlet_in_art_rank"] = _by_article(mix, arts)
    outlet_of = [f"{rows[c].get('source')}" for c in ids]
    f["outlet_art_rank"] = _rank_within(art_best, arts, outlet_of)
    return np.column_stack([np.broadcast_to(f[name], (n,)) for name in FEATURES]).astype(np.float32)


def _rank_within(article_best: np.ndarray, arts: list[str], outlet_of: list[str]) -> np.ndarray:
    """1 / the rank of each row's article among the articles of the same outlet, by ``article_best``."""
    best = dict(zip(arts, article_best))
    outlet = dict(zip(arts, outlet_of))
    rank: dict[str, int] = {}
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in best:
        by_outlet[outlet[a]].append(a)
    for members in by_outlet.values():
        for r, a in enumerate(sorted(members, key=lambda a: -best[a]), start=1):
            rank[a] = r
    return np.array([1.0 / rank[a] for a in arts])
