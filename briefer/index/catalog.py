"""The local catalog: article manifest, chunks, sentences and the BM25 index, in one SQLite file.

Each article moves through states: ``pending`` (catalogued; vectors may be missing), ``complete``
(vectors stored), ``deleting`` (vectors may linger). Only complete articles are searchable;
recovery finishes or undoes the others, which is what makes ingest safe to kill at any moment.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefer.core.errors import StoreError
from briefer.core.records import ArticleMeta, Chunk, Filters, Span, date_ord, source_key
from briefer.text.words import search_terms

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
    title TEXT NOT NULL, source TEXT, source_key TEXT, published TEXT, published_ord INTEGER NOT NULL,
    url TEXT, origin TEXT NOT NULL, text TEXT NOT NULL, ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, header TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, options TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS file_articles (
    path TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (path, article_id)
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    header, body, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    body, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""

PRUNE_SHARE, PRUNE_MIN_DF = 0.10, 500
"""A term found in more than this share of a table's rows (and more than this many rows) is left
out of a sentence-level BM25 query: its IDF is low (under log 9), and its long posting list is most
of the query's cost (a third of it on MultiHop-RAG's clause queries)."""
SCHEMA_VERSION = 2  # 2: sentence-level BM25 (sentences_fts)
def fts_query(text: str) -> str:
    """An FTS5 OR-query of the distinct, non-stopword terms of ``text`` (empty when none)."""
    return _any_of(search_terms(text))


def _any_of(terms: list[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


def _filter_sql(filters: Filters) -> tuple[list[str], list]:
    """SQL conditions on ``articles a`` (complete articles passing ``filters``) and their arguments."""
    where: list[str] = ["a.state='complete'"]
    args: list[object] = []
    if filters.dated_only:
        where.append("a.published_ord > 0")
    if filters.since:
        where.append("a.published_ord >= ?")
        args.append(date_ord(filters.since))
    if filters.until:
        where.append("a.published_ord <= ?")
        args.append(date_ord(filters.until))
    if filters.source:
        where.append("a.source_key = ?")
        args.append(filters.source_key)
    if filters.sources:
        where.append(f"a.source_key IN ({','.join('?' * len(filters.sources))})")
        args.extend(filters.source_keys)
    return where, args


class Catalog:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._df_version: tuple | None = None  # the catalog's state when _df was filled
        self._df: dict[tuple[str, str], int] = {}  # (table, term) -> rows holding it; (table, "") -> rows
        if self.db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self.rebuild_fts()  # catalogs from before sentence-level BM25 gain it here, once
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- manifest -------------------------------------------------------------------------
    def fingerprints(self) -> dict[str, tuple[str, str]]:
        """article_id -> (fingerprint, state) for every catalogued article."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT article_id, fingerprint, state FROM articles")}

    def fingerprint(self, article_id: str) -> str:
        row = self.db.execute("SELECT fingerprint FROM articles WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else ""

    def ids_in_state(self, state: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT article_id FROM articles WHERE state=? ORDER BY article_id", (state,))]

    def add_pending(self, meta: ArticleMeta, fingerprint: str, text: str, sentences: list[Span], chunks: list[Chunk]) -> None:
        """Catalogue one article as pending, with its sentences, chunks and BM25 rows (call inside a transaction)."""
        db = self.db
        db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (meta.article_id, fingerprint, "pending", meta.title, meta.source, source_key(meta.source),
             meta.published, date_ord(meta.published), meta.url, meta.origin, text, time.time()),
        )
        for i, s in enumerate(sentences):
            cur = db.execute("INSERT INTO sentences VALUES (?,?,?,?)", (meta.article_id, i, s.start, s.end))
            db.execute("INSERT INTO sentences_fts(rowid, body) VALUES (?,?)", (cur.lastrowid, text[s.start:s.end]))
        for c in chunks:
            cur = db.execute(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?)", (c.chunk_id, c.article_id, c.index, c.start, c.end, c.header)
            )
            db.execute("INSERT INTO chunks_fts(rowid, header, body) VALUES (?,?,?)", (cur.lastrowid, c.header, c.text))

    def set_state(self, article_ids: Iterable[str], state: str) -> None:
        self.db.executemany("UPDATE articles SET state=? WHERE article_id=?", [(state, a) for a in article_ids])

    def remove(self, article_ids: Iterable[str]) -> None:
        """Forget articles entirely (call inside a transaction)."""
        for aid in article_ids:
            rows = [r[0] for r in self.db.execute("SELECT rowid FROM chunks WHERE article_id=?", (aid,))]
            self.db.executemany("DELETE FROM chunks_fts WHERE rowid=?", [(r,) for r in rows])
            rows = [r[0] for r in self.db.execute("SELECT rowid FROM sentences WHERE article_id=?", (aid,))]
            self.db.executemany("DELETE FROM sentences_fts WHERE rowid=?", [(r,) for r in rows])
            for table in ("chunks", "sentences", "file_articles", "articles"):
                self.db.execute(f"DELETE FROM {table} WHERE article_id=?", (aid,))

    # -- files ----------------------------------------------------------------------------
    def file_record(self, path: str) -> tuple[int, int, str] | None:
        row = self.db.execute("SELECT size, mtime_ns, options FROM files WHERE path=?", (path,)).fetchone()
        return tuple(row) if row else None

    def file_articles(self, path: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT article_id FROM file_articles WHERE path=?", (path,))}

    def referenced_elsewhere(self, article_id: str, path: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM file_articles WHERE article_id=? AND path<>? LIMIT 1", (article_id, path)
        ).fetchone()
        return row is not None

    def record_file(self, path: str, size: int, mtime_ns: int, options: str, article_ids: Iterable[str]) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?)", (path, size, mtime_ns, options))
            db.execute("DELETE FROM file_articles WHERE path=?", (path,))
            db.executemany("INSERT OR IGNORE INTO file_articles VALUES (?,?)", [(path, a) for a in article_ids])

    # -- reads ----------------------------------------------------------------------------
    def chunks_of(self, article_ids: Iterable[str]) -> list[Chunk]:
        out = []
        for aid in article_ids:
            text = self.article_text(aid)
            for cid, idx, start, end, header in self.db.execute(
                'SELECT chunk_id, idx, start, "end", header FROM chunks WHERE article_id=? ORDER BY idx', (aid,)
            ):
                out.append(Chunk(cid, aid, idx, start, end, text[start:end], header))
        return out

    def article_text(self, article_id: str) -> str:
        row = self.db.execute("SELECT text FROM articles WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else ""

    def article_meta(self, article_id: str) -> ArticleMeta | None:
        row = self.db.execute(
            "SELECT article_id, title, source, published, url, origin FROM articles WHERE article_id=?", (article_id,)
        ).fetchone()
        return ArticleMeta(*row) if row else None

    def meta(self, article_id: str) -> ArticleMeta:
        """The metadata of a catalogued article (one that a caller got from this catalog)."""
        found = self.article_meta(article_id)
        if found is None:
            raise StoreError(f"article {article_id} is not in the catalog {self.path}; run `briefer doctor --repair`")
        return found

    def sentences(self, article_id: str) -> list[Span]:
        return [Span(s, e) for s, e in self.db.execute(
            'SELECT start, "end" FROM sentences WHERE article_id=? ORDER BY idx', (article_id,))]

    def chunk_rows(self, chunk_ids: list[str]) -> dict[str, dict]:
        """Chunk and article fields for complete articles, keyed by chunk id (with the chunk's ``idx`` in its
        article and the article's ``n_chunks``)."""
        out: dict[str, dict] = {}
        for i in range(0, len(chunk_ids), 500):
            part = chunk_ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for row in self.db.execute(
                f'SELECT c.chunk_id, c.article_id, c.start, c."end", a.title, a.source, a.published, a.url, '
                f"substr(a.text, c.start + 1, c.\"end\" - c.start), c.idx, "
                f"(SELECT count(*) FROM chunks n WHERE n.article_id = c.article_id) FROM chunks c JOIN articles a USING (article_id) "
                f"WHERE a.state='complete' AND c.chunk_id IN ({marks})", part,
            ):
                keys = ("chunk_id", "article_id", "start", "end", "title", "source", "published", "url", "text",
                        "idx", "n_chunks")
                out[row[0]] = dict(zip(keys, row))
        return out

    def complete_chunk_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT c.chunk_id FROM chunks c JOIN articles a USING (article_id) WHERE a.state='complete'")}

    def bm25(self, query: str, n: int, filters: Filters = Filters(), *, meta: bool = False) -> list[tuple]:
        """Top ``n`` chunk ids by BM25 over header + text, best first, with positive scores.

        FTS5 ranks and cuts first (its fast path), then filters; only when filtering leaves fewer
        than ``n`` does it rank every match.
        """
        match = fts_query(query)  # not pruned: chunk headers repeat outlet names, which must count
        if not match:
            return []
        where, args = _filter_sql(filters)
        pool = n if not filters else n * 10
        for limit in (pool, -1):
            sql = (
                "WITH top AS (SELECT rowid, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?) "
                "SELECT c.chunk_id, top.rank, a.source_key, a.published FROM top JOIN chunks c ON c.rowid = top.rowid "
                f"JOIN articles a ON a.article_id = c.article_id WHERE {' AND '.join(where)} ORDER BY top.rank LIMIT ?"
            )
            rows = self.db.execute(sql, (match, limit, *args, n)).fetchall()
            if len(rows) < n and limit != -1:
                total = self.db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (match,)).fetchone()[0]
                if total > limit:
                    continue  # filtering dropped too many: rank every match
            return [(cid, -score, sk, pub) if meta else (cid, -score) for cid, score, sk, pub in rows]
        return []

    def sentence_bm25(self, text: str, n: int, filters: Filters = Filters()) -> list[tuple[int, float, str]]:
        """The ``n`` best sentences for ``text`` by BM25, as (sentence rowid, score, chunk id) for
        each chunk holding the sentence (an overlap sentence is in two), best first."""
        match = self.match(text, "sentences_fts")
        if not match:
            return []
        where, args = _filter_sql(filters)
        cond = " AND ".join(where)
        sql = (
            "WITH top AS (SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank LIMIT ?) "
            "SELECT top.rowid, -top.rank, c.chunk_id FROM top JOIN sentences s ON s.rowid = top.rowid "
            "JOIN articles a ON a.article_id = s.article_id JOIN chunks c ON c.article_id = s.article_id "
            f'AND c.start < s."end" AND c."end" > s.start WHERE {cond} ORDER BY top.rank, c.idx'
        )
        return self.db.execute(sql, (match, n if not filters else n * 10, *args)).fetchall()

    def match(self, text: str, table: str) -> str:
        """The FTS5 query for ``text`` against ``table``, without its too-common terms (see
        ``PRUNE_SHARE``); all terms when every one is common."""
        terms = search_terms(text)
        rows = self._rows_holding(table, "")
        cap = max(PRUNE_SHARE * rows, PRUNE_MIN_DF)
        if rows <= cap:
            return _any_of(terms)
        return _any_of([t for t in terms if self._rows_holding(table, t) <= cap] or terms)

    def _rows_holding(self, table: str, term: str) -> int:
        """Rows of FTS ``table`` holding ``term`` (all rows for ""), cached until the catalog changes."""
        version = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.total_changes)
        if self._df_version != version:
            self._df_version, self._df = version, {}
        if (table, term) not in self._df:
            sql = f"SELECT count(*) FROM {table}" + (f" WHERE {table} MATCH ?" if term else "")
            self._df[table, term] = self.db.execute(sql, (f'"{term}"',) if term else ()).fetchone()[0]
        return self._df[table, term]

    def published_between(self, start: str, end: str, source: str | None = None) -> list[str]:
        """Complete articles published from ``start`` to ``end`` (ISO dates, inclusive), optionally of one
        outlet, in order of date then id."""
        where, args = _filter_sql(Filters(since=start, until=end, source=source))
        sql = f"SELECT a.article_id FROM articles a WHERE {' AND '.join(where)} ORDER BY a.published, a.article_id"
        return [r[0] for r in self.db.execute(sql, args)]

    def article_count(self) -> int:
        """Articles catalogued, in any state (changes whenever an ingest adds or removes one)."""
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def outlets(self) -> list[str]:
        """Distinct outlet names of complete articles."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT source FROM articles WHERE state='complete' AND source IS NOT NULL ORDER BY source")]

    def stats(self) -> dict:
        q = self.db.execute
        articles, first, last = q(
            "SELECT count(*), min(published), max(published) FROM articles WHERE state='complete'").fetchone()
        chunks = q("SELECT count(*) FROM chunks c JOIN articles a USING (article_id) WHERE a.state='complete'").fetchone()[0]
        sources = [r[0] for r in q(
            "SELECT DISTINCT source FROM articles WHERE state='complete' AND source IS NOT NULL ORDER BY source")]
        undated = q("SELECT count(*) FROM articles WHERE state='complete' AND published IS NULL").fetchone()[0]
        return {"articles": articles, "chunks": chunks, "sources": sources, "undated": undated,
                "first_published": first, "last_published": last}

    def counts(self) -> dict[str, int]:
        q = self.db.execute
        return {
            "chunks": q("SELECT count(*) FROM chunks").fetchone()[0],
            "sentences": q("SELECT count(*) FROM sentences").fetchone()[0],
            "fts_rows": q("SELECT count(*) FROM chunks_fts").fetchone()[0],
            "sentence_fts_rows": q("SELECT count(*) FROM sentences_fts").fetchone()[0],
            "pending": len(self.ids_in_state("pending")),
            "deleting": len(self.ids_in_state("deleting")),
        }

    def rebuild_fts(self) -> None:
        """Rebuild the BM25 rows (chunks and sentences) from the chunks and sentences tables."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks_fts")
            db.execute("DELETE FROM sentences_fts")
            db.execute(
                "INSERT INTO chunks_fts(rowid, header, body) SELECT c.rowid, c.header, "
                'substr(a.text, c.start + 1, c."end" - c.start) FROM chunks c JOIN articles a USING (article_id)')
            db.execute(
                "INSERT INTO sentences_fts(rowid, body) SELECT s.rowid, "
                'substr(a.text, s.start + 1, s."end" - s.start) FROM sentences s JOIN articles a USING (article_id)')
