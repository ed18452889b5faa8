"""BM25 over chunks and over sentences (SQLite FTS5), and the one SQL reading of ``Filters``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from briefer.core.records import Filters, date_ord
from briefer.index.catalog.base import CatalogBase
from briefer.index.catalog.termmatrix import MATRICES, TermMatrix, tokens_of
from briefer.text.aliases import spelled_out
from briefer.text.words import search_terms

PRUNE_SHARE, PRUNE_MIN_DF = 0.10, 500
"""A term found in more than this share of a table's rows (and more than this many rows) is left
out of a sentence-level BM25 query: its IDF is low (under log 9), and its long posting list is most
of the query's cost (a third of it on MultiHop-RAG's clause queries)."""

NO_WEIGHT_SHARE = 0.5
"""A term in more than half a table's rows is left out of a chunk-level BM25 query: FTS5's bm25()
gives it no weight (its IDF, log((N - n + 0.5) / (n + 0.5)), is clamped to 1e-6), so leaving it out
changes no score, yet its posting list (the year in every chunk header, "one", a possessive "s")
was a quarter of the query's cost."""


def fts_query(text: str) -> str:
    """An FTS5 OR-query of the distinct, non-stopword terms of ``text`` (empty when none)."""
    return _any_of(search_terms(text))


def _any_of(terms: list[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


def _json_ids(ranked: list[tuple[int, float]]) -> str:
    return "[" + ",".join(str(rowid) for rowid, _ in ranked) + "]"


def _chunk_joins(where: list[str]) -> str:
    """Chunks of complete articles passing ``where`` (``filter_sql``), joined to a ``top`` of FTS rowids."""
    return (
        "JOIN chunks c ON c.rowid = top.rowid JOIN articles a ON a.article_id = c.article_id "
        f"WHERE {' AND '.join(where)}"
    )


def filter_sql(filters: Filters) -> tuple[list[str], list]:
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


class LexicalSearch(CatalogBase):
    """BM25 queries of the catalog (mixed into ``Catalog``): scored in memory by a ``TermMatrix``
    once this process has one for the table's present contents, else by FTS5; the same scores."""

    _df_version: tuple | None
    _df: dict[tuple[str, str], Any]
    memory_bm25: bool = True  # use (and build) term matrices; False: FTS5 alone

    def bm25(self, query: str, n: int, filters: Filters = Filters(), *, meta: bool = False) -> list[tuple]:
        """Top ``n`` chunk ids by BM25 over header + text, best first, with positive scores.

        The best matches are ranked and cut first, then filtered; only when filtering leaves fewer
        than ``n`` is every match ranked.
        """
        # a query of weightless terms alone keeps them (outlet names count)
        matrix, terms = self._searched("chunks_fts", query, NO_WEIGHT_SHARE, 0)
        if not terms:
            return []
        where, args = filter_sql(filters)
        pool = n if not filters else n * 10
        for limit in (pool, -1):
            if matrix is not None:
                ranked, total = matrix[0].top(matrix[1], limit)
                rows = self._chunks_of(ranked, where, args, n)
            else:
                rows, total = self._fts_chunks(_any_of(terms), limit, where, args, n), None
            if len(rows) < n and limit != -1:
                if total is None:
                    total = self.db.execute(
                        "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (_any_of(terms),)
                    ).fetchone()[0]
                if total > limit:
                    continue  # filtering dropped too many: rank every match
            return [(cid, score, sk, pub) if meta else (cid, score) for cid, score, sk, pub in rows]
        return []

    def _fts_chunks(self, match: str, limit: int, where: list[str], args: list, n: int) -> list[tuple]:
        sql = (
            "WITH top AS (SELECT rowid, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank, rowid LIMIT ?) "
            f"SELECT c.chunk_id, -top.rank, a.source_key, a.published FROM top {_chunk_joins(where)} "
            "ORDER BY top.rank, top.rowid LIMIT ?"
        )
        return self.db.execute(sql, (match, limit, *args, n)).fetchall()

    def _chunks_of(self, ranked: list[tuple[int, float]], where: list[str], args: list, n: int) -> list[tuple]:
        sql = (
            "WITH top AS (SELECT key AS pos, value AS rowid FROM json_each(?)) "
            f"SELECT top.pos, c.chunk_id, a.source_key, a.published FROM top {_chunk_joins(where)} ORDER BY top.pos LIMIT ?"
        )
        found = self.db.execute(sql, (_json_ids(ranked), *args, n)).fetchall()
        return [(cid, ranked[pos][1], sk, pub) for pos, cid, sk, pub in found]

    def sentence_bm25(self, text: str, n: int, filters: Filters = Filters()) -> list[tuple[int, float, str]]:
        """The ``n`` best sentences for ``text`` by BM25, as (sentence rowid, score, chunk id) for
        each chunk holding the sentence (an overlap sentence is in two), best first."""
        matrix, terms = self._searched("sentences_fts", text, PRUNE_SHARE, PRUNE_MIN_DF)
        if not terms:
            return []
        where, args = filter_sql(filters)
        joins = (
            "JOIN sentences s ON s.rowid = top.rowid JOIN articles a ON a.article_id = s.article_id "
            'JOIN chunks c ON c.article_id = s.article_id AND c.start < s."end" AND c."end" > s.start '
            f"WHERE {' AND '.join(where)}"
        )
        limit = n if not filters else n * 10
        if matrix is None:
            sql = (
                "WITH top AS (SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank, rowid LIMIT ?) "
                f"SELECT top.rowid, -top.rank, c.chunk_id FROM top {joins} ORDER BY top.rank, top.rowid, c.idx"
            )
            return self.db.execute(sql, (_any_of(terms), limit, *args)).fetchall()
        ranked, _ = matrix[0].top(matrix[1], limit)
        sql = (
            "WITH top AS (SELECT key AS pos, value AS rowid FROM json_each(?)) "
            f"SELECT top.pos, c.chunk_id FROM top {joins} ORDER BY top.pos, c.idx"
        )
        return [(*ranked[pos], cid) for pos, cid in self.db.execute(sql, (_json_ids(ranked), *args))]

    def sentence_texts(self, rowids: set[int]) -> dict[int, str]:
        """The text of each sentence of ``rowids`` (the rowids ``sentence_bm25`` returns)."""
        rows = self.db.execute(
            "SELECT rowid, body FROM sentences_fts WHERE rowid IN (SELECT value FROM json_each(?))",
            ("[" + ",".join(map(str, sorted(rowids))) + "]",),
        )
        return dict(rows.fetchall())

    def searched_terms(
        self, text: str, table: str, share: float = PRUNE_SHARE, min_df: int = PRUNE_MIN_DF
    ) -> list[str]:
        """The terms of ``text`` a search of ``table`` asks for (see ``_searched``)."""
        return self._searched(table, text, share, min_df)[1]

    def _searched(
        self, table: str, text: str, share: float, min_df: int
    ) -> tuple[tuple[TermMatrix, list[str]] | None, list[str]]:
        """The terms of ``text`` searched in ``table``, without those found in more than ``share`` of
        its rows (and more than ``min_df`` rows; all terms when every one is that common); and, when
        this process has a matrix of the table's present contents and every term is one token, the
        matrix and the terms' tokens (else None: FTS5 answers)."""
        terms = search_terms(text)
        if not terms:
            return None, []
        matrix = MATRICES.get(self.db, self.path, table) if self.memory_bm25 else None
        tokens = tokens_of(terms) if matrix is not None else None
        if matrix is not None and tokens is not None:
            rows, df = len(matrix.rowids), [matrix.df(t) for t in tokens]
        else:
            rows, df = self._rows_holding(table, ""), None
        cap = max(share * rows, min_df)

        def common(i: int) -> bool:
            return rows > cap and (df[i] if df is not None else self._rows_holding(table, terms[i])) > cap

        keep = [i for i in range(len(terms)) if not common(i)] or list(range(len(terms)))
        searched = [terms[i] for i in keep]
        if matrix is None or tokens is None:
            return None, searched
        return (matrix, [tokens[i] for i in keep]), searched

    def written_by_initials(self, name: str, short: str) -> bool:
        """Whether the articles also write ``name`` as ``short`` ("Sam Bankman-Fried" as "SBF"): some
        chunk holds both (the evidence that one stands for the other) and some holds the initials
        alone (passages that only the initials reach)."""
        phrase = f'"{name.replace(chr(34), " ")}"'
        both, alone = f'{phrase} AND "{short}"', f'"{short}" NOT {phrase}'
        sql = "SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT 1"
        return all(self.db.execute(sql, (match,)).fetchone() is not None for match in (both, alone))

    def passages_holding(self, phrase: str, limit: int = 50) -> list[str]:
        """Up to ``limit`` chunks that hold ``phrase`` (a word or words, as FTS5 reads a phrase)."""
        sql = "SELECT body FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?"
        return [row[0] for row in self.db.execute(sql, (f'"{phrase.replace(chr(34), " ")}"', limit))]

    def spelling(self, short: str) -> str | None:
        """The name the passages holding the initials ``short`` spell them out with ("SBF" -> "Sam
        Bankman-Fried", ``text.aliases.spelled_out``), or None; cached until the catalog changes."""
        return self._until_changed(("spelling", short), lambda: spelled_out(short, self.passages_holding(short)))

    def _rows_holding(self, table: str, term: str) -> int:
        """Rows of FTS ``table`` holding ``term`` (all rows for ""), cached until the catalog changes."""
        sql = f"SELECT count(*) FROM {table}" + (f" WHERE {table} MATCH ?" if term else "")
        return self._until_changed(
            (table, term), lambda: self.db.execute(sql, (f'"{term}"',) if term else ()).fetchone()[0]
        )

    def _until_changed(self, key: tuple[str, str], compute: Callable[[], Any]) -> Any:
        """``compute()``'s answer for ``key``, kept until the catalog's contents change."""
        version = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.total_changes)
        if self._df_version != version:
            self._df_version, self._df = version, {}
        if key not in self._df:
            self._df[key] = compute()
        return self._df[key]

    def rebuild_fts(self) -> None:
        """Rebuild the BM25 rows (chunks and sentences) from the chunks and sentences tables."""
        with self.transaction() as db:
            db.execute("DELETE FROM chunks_fts")
            db.execute("DELETE FROM sentences_fts")
            db.execute(
                "INSERT INTO chunks_fts(rowid, header, body) SELECT c.rowid, c.header, "
                'substr(a.text, c.start + 1, c."end" - c.start) FROM chunks c JOIN articles a USING (article_id)'
            )
            db.execute(
                "INSERT INTO sentences_fts(rowid, body) SELECT s.rowid, "
                'substr(a.text, s.start + 1, s."end" - s.start) FROM sentences s JOIN articles a USING (article_id)'
            )

    def outlets_mentioning(self, phrase: str, since: str, until: str, exclude: Iterable[str] = ()) -> int:
        """Distinct outlets whose complete articles published from ``since`` to ``until`` have a
        sentence with ``phrase`` (FTS5 phrase match), leaving out the articles in ``exclude``."""
        words = search_terms(phrase) or phrase.split()
        if not words:
            return 0
        skip = set(exclude)
        rows = self.db.execute(
            "SELECT DISTINCT a.article_id, COALESCE(a.source_key, a.article_id) FROM sentences_fts f "
            "JOIN sentences s ON s.rowid = f.rowid JOIN articles a ON a.article_id = s.article_id "
            "WHERE sentences_fts MATCH ? AND a.state='complete' AND a.published BETWEEN ? AND ?",
            ('"' + " ".join(w.replace('"', "") for w in words) + '"', since, until),
        )
        return len({outlet for aid, outlet in rows if aid not in skip})
