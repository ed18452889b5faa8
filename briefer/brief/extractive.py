"""The offline briefing composer: topics by clustering sentence embeddings, representative
sentences per topic with redundancy removed, corroboration across outlets, figures compared.

Deterministic: k-means with a fixed, farthest-point initialisation.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from briefer.brief.figures import figure_conflicts
from briefer.brief.records import Bullet, Section, SourceBook
from briefer.index import Index
from briefer.text.words import terms

_CAPTION = re.compile(r"^\(.*\)$|images\)$|/AFP|Getty|Reuters$", re.I)
_FINISHED = re.compile(r"[.!][\"'”’)]*$")
MAX_SENTENCES = 1500


def _candidates(index: Index, ids: list[str]) -> list[tuple[str, int, int, str]]:
    """(article_id, start, end, text) of the sentences worth a bullet."""
    out = []
    for aid in ids:
        text = index.catalog.article_text(aid)
        for s in index.catalog.sentences(aid):
            sent = " ".join(text[s.start : s.end].split())
            words = sent.split()
            if (
                len(words) < 8
                or len(words) > 60
                or _CAPTION.search(sent)
                or not _FINISHED.search(sent)
                or sent.startswith(("-", "*", "•"))
            ):
                continue  # captions, list items, headlines and questions make poor bullets
            out.append((aid, s.start, s.end, sent))
    return out[:MAX_SENTENCES]


def kmeans(vecs: np.ndarray, k: int, iters: int = 25) -> np.ndarray:
    """Cosine k-means on unit vectors, farthest-point initialisation (deterministic)."""
    centres = [int(np.argmax(vecs @ vecs.mean(axis=0)))]
    while len(centres) < k:
        sims = np.max(vecs @ vecs[centres].T, axis=1)
        centres.append(int(np.argmin(sims)))
    c = vecs[centres].copy()
    labels = np.zeros(len(vecs), dtype=int)
    for _ in range(iters):
        new = np.argmax(vecs @ c.T, axis=1)
        if np.array_equal(new, labels) and _ > 0:
            break
        labels = new
        for j in range(k):
            members = vecs[labels == j]
            if len(members):
                m = members.mean(axis=0)
                c[j] = m / (np.linalg.norm(m) or 1.0)
    return labels


def _heading(members: list[str], others: list[str]) -> str:
    """A short heading: the words most particular to this topic (TF-IDF against the other topics)."""
    tf = Counter(t for s in members for t in set(terms(s)))
    df = Counter(t for s in others for t in set(terms(s)))
    n_other = max(len(others), 1)
    score = {t: c * math.log(1 + n_other / (1 + df[t])) for t, c in tf.items() if len(t) > 2 and t.isalpha()}
    top = [t for t, _ in sorted(score.items(), key=lambda x: (-x[1], x[0]))[:3]]
    return " · ".join(t.capitalize() for t in top) or "Other news"


def _outlet(index: Index, aid: str) -> str:
    m = index.catalog.meta(aid)
    return m.source or f"“{m.title}”"


def compose(
    index: Index,
    ids: list[str],
    book: SourceBook,
    *,
    llm,
    topic: str | None = None,
    bullets_per_section: int = 4,
    max_sections: int = 5,
):
    cands = _candidates(index, ids)
    if not cands:
        return [], [], figure_conflicts(index, ids, book)
    vecs = index.embedder.embed([c[3] for c in cands])
    k = max(1, min(max_sections, round(math.sqrt(len(cands) / 12))))
    labels = kmeans(vecs, k) if k > 1 else np.zeros(len(cands), dtype=int)
    outlets = [_outlet(index, c[0]) for c in cands]
    sections = []
    for j in sorted(set(labels.tolist()), key=lambda j: -int(np.sum(labels == j))):
        idx = [i for i in range(len(cands)) if labels[i] == j]
        centre = vecs[idx].mean(axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        picks = _pick(idx, vecs, centre, cands, bullets_per_section)
        bullets = [_bullet(i, cands, vecs, outlets, book) for i in picks]
        heading = _heading([cands[i][3] for i in idx], [cands[i][3] for i in range(len(cands)) if labels[i] != j])
        sections.append(Section(heading, bullets))
    overall = vecs.mean(axis=0)
    lead = _pick(list(range(len(cands))), vecs, overall / (np.linalg.norm(overall) or 1.0), cands, 2)
    summary = [_bullet(i, cands, vecs, outlets, book) for i in lead]
    return summary, sections, figure_conflicts(index, ids, book)


def _pick(idx: list[int], vecs: np.ndarray, centre: np.ndarray, cands, n: int) -> list[int]:
    """Central, informative, non-redundant sentences (MMR), in article order."""

    def info(i: int) -> float:
        s = cands[i][3]
        return 0.05 * bool(re.search(r"\d", s)) + 0.03 * bool(re.search(r"\b[A-Z][a-z]+ [A-Z]", s))

    chosen: list[int] = []
    pool = list(idx)
    while pool and len(chosen) < n:

        def gain(i: int) -> float:
            red = max((float(vecs[i] @ vecs[c]) for c in chosen), default=0.0)
            return float(vecs[i] @ centre) + info(i) - 0.7 * red

        best = max(pool, key=lambda i: (gain(i), -i))
        if chosen and max(float(vecs[best] @ vecs[c]) for c in chosen) > 0.8:
            pool.remove(best)
            continue
        chosen.append(best)
        pool.remove(best)
    return sorted(chosen)


def _bullet(i: int, cands, vecs: np.ndarray, outlets: list[str], book: SourceBook, corroborate: float = 0.72) -> Bullet:
    aid, start, end, sent = cands[i]
    sims = vecs @ vecs[i]
    others = sorted({outlets[j] for j in np.nonzero(sims >= corroborate)[0] if cands[j][0] != aid} - {outlets[i]})
    return Bullet(sent, [book.quote(aid, start, end)], outlets=1 + len(others), corroborated_by=others)
