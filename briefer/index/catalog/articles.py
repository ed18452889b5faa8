"""The article manifest and its states, chunks, sentences, file records, and reads of them."""

from __future__ import annotations

import time
from collections.abc import Iterable

from briefer.core.errors import ConfigError, StoreError
from briefer.core.records import ArticleMeta, Chunk, Filters, Span, date_ord, source_key
from briefer.index.catalog.base import CatalogBase
from briefer.index.catalog.lexical import filter_sql


class Articles(CatalogBase):
    """Articles and what hangs off them (mixed into ``Catalog``)."""

    # -- manifest -------------------------------------------------------------------------
    def fingerprints(self) -> dict[str, tuple[str, str]]:
        """article_id -> (fingerprint, state) for every catalogued article."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT article_id, fingerprint, state FROM articles")}

    def fingerprint(self, article_id: str) -> str:
        row = self.db.execute("SELECT fingerprint FROM articles WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else ""

    def ids_in_state(self, state: str) -> list[str]:
        return [
            r[0] for r in self.db.execute("SELECT article_id FROM articles WHERE state=? ORDER BY article_id", (state,))
        ]

    def published_before(self, day: str) -> list[str]:
        """Articles (in any state) published before ``day`` (undated ones are never selected)."""
        rows = self.db.execute(
            "SELECT article_id FROM articles WHERE published IS NOT NULL AND published < ? ORDER BY article_id", (day,)
        )
        return [r[0] for r in rows]

    def add_pending(
        self, meta: ArticleMeta, fingerprint: str, text: str, sentences: list[Span], chunks: list[Chunk]
    ) -> None:
        """Catalogue one article as pending, with its sentences, chunks and BM25 rows (call inside a transaction)."""
        db = self.db
        db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                meta.article_id,
                fingerprint,
                "pending",
                meta.title,
                meta.source,
                source_key(meta.source),
                meta.published,
                date_ord(meta.published),
                meta.url,
                meta.origin,
                text,
                time.time(),
            ),
        )
        for i, s in enumerate(sentences):
            cur = db.execute("INSERT INTO sentences VALUES (?,?,?,?)", (meta.article_id, i, s.start, s.end))
            db.execute("INSERT INTO sentences_fts(rowid, body) VALUES (?,?)", (cur.lastrowid, text[s.start : s.end]))
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
            for table in (
                "chunks",
                "sentences",
                "file_articles",
                "facets",
                "article_names",
                "article_vectors",
                "carriers",
                "story_articles",
                "articles",
            ):
                self.db.execute(f"DELETE FROM {table} WHERE article_id=?", (aid,))

    # -- files ----------------------------------------------------------------------------
    def file_record(self, path: str) -> tuple[int, int, str] | None:
        row = self.db.execute("SELECT size, mtime_ns, options FROM files WHERE path=?", (path,)).fetchone()
        return tuple(row) if row else None

    def forget_file(self, path: str) -> None:
        """Forget the version of ``path`` last stored (its articles stay linked), so it is read again."""
        with self.transaction() as db:
            db.execute("DELETE FROM files WHERE path=?", (path,))

    def file_articles(self, path: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT article_id FROM file_articles WHERE path=?", (path,))}

    def files_of(self, article_id: str) -> list[str]:
        """The ingested files that hold an article."""
        return [r[0] for r in self.db.execute("SELECT path FROM file_articles WHERE article_id=?", (article_id,))]

    def link_files(self, article_id: str, paths: list[str]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO file_articles VALUES (?,?)", [(p, article_id) for p in paths])

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
        return [
            Span(s, e)
            for s, e in self.db.execute(
                'SELECT start, "end" FROM sentences WHERE article_id=? ORDER BY idx', (article_id,)
            )
        ]

    def chunk_rows(self, chunk_ids: list[str]) -> dict[str, dict]:
        """Chunk and article fields for complete articles, keyed by chunk id (with the chunk's ``idx`` in its
        article and the article's ``n_chunks``)."""
        out: dict[str, dict] = {}
        for i in range(0, len(chunk_ids), 500):
            part = chunk_ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for row in self.db.execute(
                f'SELECT c.chunk_id, c.article_id, c.start, c."end", a.title, a.source, a.published, a.url, '
                f'substr(a.text, c.start + 1, c."end" - c.start), c.idx, '
                f"(SELECT count(*) FROM chunks n WHERE n.article_id = c.article_id) FROM chunks c JOIN articles a USING (article_id) "
                f"WHERE a.state='complete' AND c.chunk_id IN ({marks})",
                part,
            ):
                keys = (
                    "chunk_id",
                    "article_id",
                    "start",
                    "end",
                    "title",
                    "source",
                    "published",
                    "url",
                    "text",
                    "idx",
                    "n_chunks",
                )
                out[row[0]] = dict(zip(keys, row))
        return out

    def complete_chunk_ids(self) -> set[str]:
        return {
            r[0]
            for r in self.db.execute(
                "SELECT c.chunk_id FROM chunks c JOIN articles a USING (article_id) WHERE a.state='complete'"
            )
        }

    def published_between(self, start: str, end: str, source: str | None = None) -> list[str]:
        """Complete articles published from ``start`` to ``end`` (ISO dates, inclusive), optionally of one
        outlet, in order of date then id."""
        where, args = filter_sql(Filters(since=start, until=end, source=source))
        sql = f"SELECT a.article_id FROM articles a WHERE {' AND '.join(where)} ORDER BY a.published, a.article_id"
        return [r[0] for r in self.db.execute(sql, args)]

    def article_count(self) -> int:
        """Articles catalogued, in any state (changes whenever an ingest adds or removes one)."""
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def outlets(self) -> list[str]:
        """Distinct outlet names of complete articles."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT source FROM articles WHERE state='complete' AND source IS NOT NULL ORDER BY source"
            )
        ]

    def outlet_named(self, given: str) -> str:
        """The outlet ``given`` names: the one it spells (in any case), else the only one whose name
        holds it ("cnbc" -> "Cnbc | World Business News Leader"); a ConfigError naming the choices if not one."""
        outlets = self.outlets()
        want = " ".join(given.split()).casefold()
        exact = [o for o in outlets if o.casefold() == want]
        found = exact or [o for o in outlets if want in o.casefold()]
        if len(found) == 1:
            return found[0]
        if found:
            raise ConfigError(
                f"--source '{given}' names {len(found)} outlets ({'; '.join(found[:5])}"
                f"{'; ...' if len(found) > 5 else ''}); give more of it"
            )
        shown = "; ".join(outlets[:8]) + ("; ..." if len(outlets) > 8 else "")
        raise ConfigError(f"no outlet '{given}' in the index (outlets: {shown or 'none'}); see `briefer stats`")

    def last_published(self, source: str | None = None, news: bool = False) -> str | None:
        """The latest date of a complete article (of ``source``; with ``news``, one that is not service
        content, its facets' service probability under one half); None when none is dated."""
        where, args = filter_sql(Filters(source=source))
        if news:
            where.append("COALESCE((SELECT f.service FROM facets f WHERE f.article_id = a.article_id), 0) < 0.5")
        sql = f"SELECT max(a.published) FROM articles a WHERE {' AND '.join(where)}"
        return self.db.execute(sql, args).fetchone()[0]

    def first_published(self) -> str | None:
        """The earliest date of a complete article (None when none is dated)."""
        return self.db.execute("SELECT min(published) FROM articles WHERE state='complete'").fetchone()[0]

    def stats(self) -> dict:
        q = self.db.execute
        articles, first, last = q(
            "SELECT count(*), min(published), max(published) FROM articles WHERE state='complete'"
        ).fetchone()
        chunks = q(
            "SELECT count(*) FROM chunks c JOIN articles a USING (article_id) WHERE a.state='complete'"
        ).fetchone()[0]
        sources = self.outlets()
        undated = q("SELECT count(*) FROM articles WHERE state='complete' AND published IS NULL").fetchone()[0]
        return {
            "articles": articles,
            "chunks": chunks,
            "sources": sources,
            "undated": undated,
            "first_published": first,
            "last_published": last,
        }

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
