"""Copies of one article: the same wire story republished by several outlets, a re-post, a copy one
word different. MinHash signatures over word 5-grams and an LSH index (datasketch) find near-duplicate
texts; a pair whose estimated Jaccard similarity reaches ``THRESHOLD`` is one article carried twice.
"""

from __future__ import annotations

import re

import numpy as np

THRESHOLD = 0.7  # estimated Jaccard of word 5-grams: a one-word edit of a short wire story stays above it
PERMUTATIONS = 128
SHINGLE = 5
SCHEME = "affine32"  # datasketch's permutation scheme; stored signatures are only comparable within one
_WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text's word 5-grams (lower-cased), as 128 unsigned 64-bit values."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.mean(a == b))


class CopyFinder:
    """The articles already known (their signatures) and the ones added while ingesting."""

    def __init__(self, known: dict[str, np.ndarray]):
        from datasketch import MinHashLSH

        # candidates from a looser band so that pairs just above THRESHOLD are not missed; confirmed below
        self._lsh = MinHashLSH(threshold=THRESHOLD - 0.2, num_perm=PERMUTATIONS)
        self._sigs: dict[str, np.ndarray] = {}
        for article_id, sig in known.items():
            self.add(article_id, sig)

    def add(self, article_id: str, sig: np.ndarray) -> None:
        from datasketch import MinHash

        if article_id in self._sigs:
            return
        self._sigs[article_id] = sig
        self._lsh.insert(article_id, MinHash(num_perm=PERMUTATIONS, hashvalues=sig, scheme=SCHEME))

    def original_of(self, sig: np.ndarray, exclude: str = "") -> tuple[str, float] | None:
        """The known article this text copies (the most similar one), with the similarity; None if none."""
        from datasketch import MinHash

        found = []
        for other in self._lsh.query(MinHash(num_perm=PERMUTATIONS, hashvalues=sig, scheme=SCHEME)):
            if other != exclude and (sim := similarity(sig, self._sigs[other])) >= THRESHOLD:
                found.append((sim, other))
        if not found:
            return None
        sim, other = max(found)
        return other, sim

    def forget(self, article_id: str) -> None:
        if self._sigs.pop(article_id, None) is not None:
            self._lsh.remove(article_id)
