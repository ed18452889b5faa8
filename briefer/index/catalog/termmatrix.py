"""FTS5's BM25, computed in memory from the FTS5 table's own index: the same scores as SQLite's
``bm25()`` (same tokens, same statistics, same formula), at a fraction of the cost once built.

FTS5 scores an OR-query by visiting every matching row and reading its size from disk; a
MultiHop-RAG question matches thousands of sentences, and that was two thirds of a search. Here
each table's postings (term -> rows and their BM25 term weights) are read once, in one pass over
its ``fts5vocab`` instance table, and a query becomes a few numpy additions. Nothing is stored on
disk: a matrix is valid while its table's FTS5 records (``%_data`` blocks 1 and 10, which change
with every write) are unchanged, and a stale one is simply not used.

A process builds a table's matrix on a background thread once it has searched that table twice
(a one-off ``briefer search`` never pays for it); until then, and whenever the table changed, FTS5
answers. A phrase of several tokens (a term the tokenizer splits) also goes to FTS5.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from briefer.index.catalog.schema import TOKENIZE

K1, B = 1.2, 0.75  # FTS5's bm25() constants
MIN_IDF = 1e-6  # FTS5 clamps an IDF at or below zero to this


def fingerprint(db: sqlite3.Connection, table: str) -> bytes:
    """Bytes that change whenever ``table``'s full-text index does (its averages and structure records)."""
    rows = db.execute(f"SELECT block FROM {table}_data WHERE id IN (1, 10) ORDER BY id").fetchall()
    return b"\0".join(bytes(r[0] or b"") for r in rows)


@dataclass
class TermMatrix:
    """One FTS5 table's postings and statistics: enough to score any OR-query of single tokens."""

    table: str
    fingerprint: bytes
    rowids: np.ndarray  # the table's rowids, ascending; positions below index it
    terms: dict[str, int]  # token -> its slot in ``offsets``
    offsets: np.ndarray  # postings of slot t: [offsets[t], offsets[t + 1])
    rows: np.ndarray  # row position of each posting
    weights: np.ndarray  # tf * (k1 + 1) / (tf + k1 * (1 - b + b * D / avgdl)) of each posting
    seconds: float = 0.0  # time the build took

    def df(self, token: str) -> int:
        """Rows holding ``token``."""
        t = self.terms.get(token)
        return 0 if t is None else int(self.offsets[t + 1] - self.offsets[t])

    def top(self, tokens: list[str], n: int) -> tuple[list[tuple[int, float]], int]:
        """The best ``n`` rows (all matching rows when ``n`` < 0) for an OR-query of ``tokens``, one
        phrase each, repeats counted as FTS5 counts them, as (rowid, score), best first, ties by
        rowid; and how many rows match."""
        nrow = len(self.rowids)
        score = np.zeros(nrow)
        hit = np.zeros(nrow, dtype=bool)
        for token in tokens:
            t = self.terms.get(token)
            if t is None:
                continue
            lo, hi = self.offsets[t], self.offsets[t + 1]
            idf = math.log((nrow - (hi - lo) + 0.5) / ((hi - lo) + 0.5))
            rows = self.rows[lo:hi]
            score[rows] += (idf if idf > 0 else MIN_IDF) * self.weights[lo:hi]
            hit[rows] = True
        found = np.flatnonzero(hit)
        total = len(found)
        if 0 <= n < len(found):
            keep = np.argpartition(-score[found], n - 1)[:n]
            cut = score[found[keep]].min()
            found = found[score[found] >= cut]  # every row tied at the cut, then ordered and cut below
        order = np.lexsort((self.rowids[found], -score[found]))
        chosen = found[order] if n < 0 else found[order][:n]
        return [(int(r), float(s)) for r, s in zip(self.rowids[chosen], score[chosen])], total


def build(path: Path, table: str) -> TermMatrix:
    """Read ``table``'s postings from the catalog at ``path`` (a connection of its own, one snapshot)."""
    start = time.perf_counter()
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        db.execute(f"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, '{table}', 'instance')")
        db.execute("BEGIN")  # one snapshot: the fingerprint and the postings agree
        fp = fingerprint(db, table)
        rowids = np.array([r for (r,) in db.execute(f"SELECT rowid FROM {table} ORDER BY rowid")], dtype=np.int64)
        listed = db.execute("SELECT term, count(*), group_concat(doc, ' ') FROM vocab GROUP BY term").fetchall()
        db.execute("COMMIT")
    finally:
        db.close()
    instances = np.array([c for _, c, _ in listed], dtype=np.int64)  # token instances of each term
    docs = _numbers(" ".join(d for _, _, d in listed), int(instances.sum()))
    slot = np.repeat(np.arange(len(listed), dtype=np.int64), instances)
    pairs, tf = np.unique(slot * (len(rowids) + 1) + np.searchsorted(rowids, docs), return_counts=True)
    terms_of, rows = np.divmod(pairs, len(rowids) + 1)  # postings sorted by term slot, then row
    tf = tf.astype(np.float64)
    size = np.bincount(rows, weights=tf, minlength=len(rowids))  # tokens in each row, all columns
    avgdl = float(size.sum()) / float(len(rowids)) if len(rowids) else 1.0
    weights = (tf * (K1 + 1.0)) / (tf + K1 * (1 - B + B * size[rows] / avgdl))
    return TermMatrix(
        table=table,
        fingerprint=fp,
        rowids=rowids,
        terms={term: i for i, (term, _, _) in enumerate(listed)},
        offsets=np.searchsorted(terms_of, np.arange(len(listed) + 1)),
        rows=rows,
        weights=weights,
        seconds=time.perf_counter() - start,
    )


def _numbers(text: str, count: int) -> np.ndarray:
    """``count`` integers written in ``text``, separated by spaces (numpy's text parser: 6x ``split``)."""
    return np.fromstring(text, dtype=np.int64, sep=" ") if count else np.zeros(0, dtype=np.int64)


class Tokenizer:
    """Query terms as FTS5 tokenizes them (an in-memory FTS5 table with the catalog's tokenizer)."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{TOKENIZE}')")
        self._db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        self._cache: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def tokens(self, terms: list[str]) -> list[tuple[str, ...]]:
        with self._lock:
            new = list(dict.fromkeys(t for t in terms if t not in self._cache))
            if new:
                self._db.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", list(enumerate(new)))
                found: dict[int, list[str]] = {}
                for doc, term in self._db.execute('SELECT doc, term FROM v ORDER BY doc, "offset"'):
                    found.setdefault(doc, []).append(term)
                self._db.execute("DELETE FROM t")
                for i, term in enumerate(new):
                    self._cache[term] = tuple(found.get(i, ()))
            return [self._cache[t] for t in terms]


class Matrices:
    """This process's matrices, one per (catalog, table), each built on a background thread the
    second time its table is searched without one, and used while its table is unchanged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: dict[tuple[str, str], TermMatrix] = {}
        self._asked: dict[tuple[str, str], int] = {}
        self._threads: dict[tuple[str, str], threading.Thread] = {}

    def get(self, db: sqlite3.Connection, path: Path, table: str) -> TermMatrix | None:
        """``table``'s matrix if one is built for its present contents, else None (asking for one)."""
        key, fp = (str(path), table), fingerprint(db, table)
        with self._lock:
            built = self._built.get(key)
            if built is not None and built.fingerprint == fp:
                return built
            self._asked[key] = self._asked.get(key, 0) + 1
            if self._asked[key] >= 2 and key not in self._threads:
                thread = threading.Thread(target=self._build, args=(path, table), name=f"briefer-bm25-{table}")
                thread.daemon = True  # a process that ends mid-build just ends
                self._threads[key] = thread
                thread.start()
        return None

    def _build(self, path: Path, table: str) -> None:
        key = (str(path), table)
        try:
            built: TermMatrix | None = build(path, table)
        except Exception:  # a speed-up that fails must not surface: FTS5 goes on answering
            built = None  # and a later search asks again
        with self._lock:
            if built is not None:
                self._built[key] = built
            self._asked[key] = 0
            del self._threads[key]

    def wait(self) -> list[TermMatrix]:
        """Wait for the builds under way; the matrices built so far."""
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join()
        with self._lock:
            return list(self._built.values())


MATRICES = Matrices()
_tokenizer: Tokenizer | None = None


def tokens_of(terms: list[str]) -> list[str] | None:
    """The single FTS5 token of each term, or None when a term is not exactly one token."""
    global _tokenizer
    if _tokenizer is None:
        _tokenizer = Tokenizer()
    found = _tokenizer.tokens(terms)
    return None if any(len(t) != 1 for t in found) else [t[0] for t in found]
