"""Learned fusion: a logistic model over cheap, general features of each candidate chunk.

Candidates come from the main dense and BM25 rankings and from the outlet/date sub-queries
(retrieval.py). Features are rank and score signals from each list, whether the chunk's outlet or
date is one the question names, and the chunk's place in its article; nothing keyed to particular
queries or articles. Weights are trained by ``benchmarks/train_fusion.py`` (scikit-learn, grouped
cross-validation over the MultiHop-RAG dev queries) and shipped as ``briefer/data/fusion.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from briefer.query import SubQuery

WEIGHTS = Path(__file__).resolve().parent / "data" / "fusion.json"
FEATURES = (
    "rr_dense", "rr_bm25", "cos_dense", "bm25_rel", "rr_sub_dense", "rr_sub_bm25", "in_lists",
    "named_outlet", "named_date", "names_outlets", "lead_chunk", "article_hits",
)


@dataclass
class Candidates:
    """Everything the rankers found for one query: list name -> [(chunk id, score)], best first."""

    lists: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    subs: list[SubQuery] = field(default_factory=list)

    def ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for ranking in self.lists.values():
            for cid, _ in ranking:
                seen.setdefault(cid, None)
        return list(seen)


def features(cands: Candidates, ids: list[str], rows: dict[str, dict]) -> np.ndarray:
    """One row of ``FEATURES`` per chunk id (ids missing from ``rows`` must be left out first)."""
    rank = {name: {cid: r for r, (cid, _) in enumerate(lst, start=1)} for name, lst in cands.lists.items()}
    score = {name: dict(lst) for name, lst in cands.lists.items()}
    dense_floor = min(score.get("dense", {}).values(), default=0.0)
    bm25_top = max(score.get("bm25", {}).values(), default=0.0) or 1.0
    subs_d = [n for n in cands.lists if n.startswith("sub") and n.endswith(":dense")]
    subs_b = [n for n in cands.lists if n.startswith("sub") and n.endswith(":bm25")]
    outlets = {o for s in cands.subs for o in s.sources}
    windows = [(s.since, s.until) for s in cands.subs if s.since]
    per_article: dict[str, int] = {}
    for cid in ids:
        per_article[rows[cid]["article_id"]] = per_article.get(rows[cid]["article_id"], 0) + 1
    n_lists = max(len(cands.lists), 1)
    out = np.zeros((len(ids), len(FEATURES)), dtype=np.float32)
    for i, cid in enumerate(ids):
        row = rows[cid]
        rr = lambda name: 1.0 / rank[name][cid] if cid in rank.get(name, {}) else 0.0  # noqa: E731
        pub = row.get("published") or ""
        out[i] = (
            rr("dense"), rr("bm25"),
            score.get("dense", {}).get(cid, dense_floor),
            score.get("bm25", {}).get(cid, 0.0) / bm25_top,
            max((rr(n) for n in subs_d), default=0.0),
            max((rr(n) for n in subs_b), default=0.0),
            sum(cid in rank[n] for n in cands.lists) / n_lists,
            float(row.get("source") in outlets),
            float(any(lo <= pub <= hi for lo, hi in windows)),
            float(bool(outlets)),
            float(cid.endswith("-0000")),
            min(per_article[row["article_id"]], 5) / 5,
        )
    return out


class LearnedFusion:
    def __init__(self, path: Path = WEIGHTS):
        data = json.loads(path.read_text())
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path} was trained on other features; run benchmarks/train_fusion.py")
        self.mean = np.asarray(data["mean"], dtype=np.float32)
        self.scale = np.asarray(data["scale"], dtype=np.float32)
        self.coef = np.asarray(data["coef"], dtype=np.float32)
        self.intercept = float(data["intercept"])

    def score(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    @staticmethod
    def available(path: Path = WEIGHTS) -> bool:
        return path.is_file()
