"""Copies, article facets (MinHash signature, genre, names, vector), stories and metadata overrides."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from briefer.core.records import date_ord, source_key
from briefer.index.catalog.base import CatalogBase


@dataclass(frozen=True)
class Facets:
    """What ingest learns of an article beyond its text: its MinHash signature (copies), genre
    probabilities (news value) and the names in its title and opening (stories)."""

    signature: np.ndarray
    service: float
    soft: float
    names: frozenset[str]
    version: int  # of the rules that made them: older facets are made again


@dataclass(frozen=True)
class Carrier:
    """Another outlet or URL that carried an article (an exact or near copy of its text)."""

    source: str | None
    url: str | None
    title: str | None
    published: str | None
    similarity: float


@dataclass(frozen=True)
class Neighbour:
    """A complete article near in time, as story linking needs it."""

    article_id: str
    story_id: str | None
    published: str | None
    service: float


@dataclass(frozen=True)
class StoryRow:
    story_id: str
    headline: str
    first_seen: str | None
    last_seen: str | None
    article_ids: tuple[str, ...]


class StoryTables(CatalogBase):
    """The SQL of copies, facets and stories (mixed into ``Catalog``)."""

    # -- facets -----------------------------------------------------------------------------
    def put_facets(self, article_id: str, facets: Facets) -> None:
        """An article's signature, genre and names (call inside a transaction)."""
        self.db.execute(
            "INSERT OR REPLACE INTO facets VALUES (?,?,?,?,?)",
            (article_id, facets.signature.astype(np.uint64).tobytes(), facets.service, facets.soft, facets.version),
        )
        self.db.execute("DELETE FROM article_names WHERE article_id=?", (article_id,))
        self.db.executemany(
            "INSERT OR IGNORE INTO article_names VALUES (?,?)", [(article_id, n) for n in sorted(facets.names)]
        )

    def without_facets(self, version: int) -> list[str]:
        """Complete articles whose facets are missing or were made by older rules than ``version``."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT a.article_id FROM articles a LEFT JOIN facets f USING (article_id) "
                "WHERE a.state='complete' AND (f.article_id IS NULL OR f.version < ?)",
                (version,),
            )
        ]

    def leave_story(self, article_id: str) -> str | None:
        """Take an article out of its story (to be assigned again); the story it left."""
        story = self.story_of(article_id)
        self.db.execute("DELETE FROM story_articles WHERE article_id=?", (article_id,))
        return story

    def without_vectors(self) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT a.article_id FROM articles a LEFT JOIN article_vectors v USING (article_id) "
                "WHERE a.state='complete' AND v.article_id IS NULL"
            )
        ]

    def signatures(self) -> dict[str, np.ndarray]:
        rows = self.db.execute(
            "SELECT f.article_id, f.signature FROM facets f JOIN articles a USING (article_id) "
            "WHERE f.signature IS NOT NULL AND a.state <> 'deleting'"
        )
        return {a: np.frombuffer(b, dtype=np.uint64) for a, b in rows}

    def genre(self, article_id: str) -> tuple[float, float]:
        """(service, soft) probabilities of an article; (0, 0) when unknown."""
        row = self.db.execute("SELECT service, soft FROM facets WHERE article_id=?", (article_id,)).fetchone()
        return (row[0], row[1]) if row else (0.0, 0.0)

    def names(self, article_ids: Iterable[str]) -> dict[str, set[str]]:
        ids = list(article_ids)
        out: dict[str, set[str]] = {a: set() for a in ids}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            sql = f"SELECT article_id, name FROM article_names WHERE article_id IN ({','.join('?' * len(part))})"
            for a, n in self.db.execute(sql, part):
                out[a].add(n)
        return out

    def put_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO article_vectors VALUES (?,?)",
            [(a, np.asarray(v, dtype=np.float32).tobytes()) for a, v in vectors.items()],
        )

    def vectors(self, article_ids: Iterable[str]) -> dict[str, np.ndarray]:
        ids = list(article_ids)
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            sql = f"SELECT article_id, vector FROM article_vectors WHERE article_id IN ({','.join('?' * len(part))})"
            out.update((a, np.frombuffer(b, dtype=np.float32)) for a, b in self.db.execute(sql, part))
        return out

    # -- copies -----------------------------------------------------------------------------
    def add_carrier(self, article_id: str, path: str, origin: str, carrier: Carrier) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO carriers VALUES (?,?,?,?,?,?,?,?,?)",
            (
                article_id,
                path,
                origin,
                carrier.source,
                source_key(carrier.source),
                carrier.url,
                carrier.title,
                carrier.published,
                carrier.similarity,
            ),
        )

    def drop_carriers(self, path: str) -> None:
        self.db.execute("DELETE FROM carriers WHERE path=?", (path,))

    def carriers(self, article_id: str) -> list[Carrier]:
        rows = self.db.execute(
            "SELECT source, url, title, published, similarity FROM carriers WHERE article_id=? ORDER BY origin",
            (article_id,),
        )
        return [Carrier(*r) for r in rows]

    # -- stories ----------------------------------------------------------------------------
    def neighbours(self, published: str | None, days: int) -> list[Neighbour]:
        """Complete, dated articles published within ``days`` of ``published``, with their stories."""
        if not published:
            return []
        lo, hi = _day_range(published, days)
        rows = self.db.execute(
            "SELECT a.article_id, s.story_id, a.published, COALESCE(f.service, 0) FROM articles a "
            "LEFT JOIN story_articles s USING (article_id) LEFT JOIN facets f USING (article_id) "
            "WHERE a.state='complete' AND a.published_ord BETWEEN ? AND ? ORDER BY a.published, a.article_id",
            (lo, hi),
        )
        return [Neighbour(*r) for r in rows]

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_members(self, story_id: str) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT s.article_id FROM story_articles s JOIN articles a USING (article_id) WHERE s.story_id=? "
                "ORDER BY a.published, a.article_id",
                (story_id,),
            )
        ]

    def join_story(self, article_id: str, story_id: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO story_articles VALUES (?,?)", (article_id, story_id))

    def merge_stories(self, keep: str, gone: str) -> None:
        self.db.execute("UPDATE story_articles SET story_id=? WHERE story_id=?", (keep, gone))
        self.db.execute("DELETE FROM stories WHERE story_id=?", (gone,))

    def put_story(self, story_id: str, headline: str, first_seen: str | None, last_seen: str | None) -> None:
        self.db.execute("INSERT OR REPLACE INTO stories VALUES (?,?,?,?)", (story_id, headline, first_seen, last_seen))

    def drop_story(self, story_id: str) -> None:
        self.db.execute("DELETE FROM stories WHERE story_id=?", (story_id,))

    def stories_with_articles_between(self, start: str, end: str) -> list[StoryRow]:
        """Stories with at least one complete article published from ``start`` to ``end`` (ISO, inclusive)."""
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT s.story_id FROM story_articles s JOIN articles a USING (article_id) "
                "WHERE a.state='complete' AND a.published BETWEEN ? AND ?",
                (start, end),
            )
        ]
        return [self.story(i) for i in ids]

    def story(self, story_id: str) -> StoryRow:
        row = self.db.execute(
            "SELECT headline, first_seen, last_seen FROM stories WHERE story_id=?", (story_id,)
        ).fetchone() or ("", None, None)
        return StoryRow(story_id, row[0], row[1], row[2], tuple(self.story_members(story_id)))

    def unstoried(self) -> list[str]:
        """Complete articles without a story (a catalog from before stories, or an interrupted assignment)."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT a.article_id FROM articles a LEFT JOIN story_articles s USING (article_id) "
                "WHERE a.state='complete' AND s.story_id IS NULL ORDER BY a.published, a.article_id"
            )
        ]

    def outlets_naming(
        self, names: Iterable[str], since: str, until: str, exclude: Iterable[str]
    ) -> dict[str, set[str]]:
        """For each name, the outlets (folded) of complete articles published from ``since`` to ``until``
        whose title or opening names it, leaving out the articles in ``exclude``."""
        wanted, skip = list(names), set(exclude)
        out: dict[str, set[str]] = {n: set() for n in wanted}
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            rows = self.db.execute(
                "SELECT n.name, a.article_id, COALESCE(a.source_key, a.article_id) FROM article_names n "
                "JOIN articles a USING (article_id) WHERE a.state='complete' AND a.published BETWEEN ? AND ? "
                f"AND n.name IN ({','.join('?' * len(part))})",
                (since, until, *part),
            )
            for name, aid, outlet in rows:
                if aid not in skip:
                    out[name].add(outlet)
        return out

    def articles_between(self, since: str, until: str) -> int:
        return self.db.execute(
            "SELECT count(*) FROM articles WHERE state='complete' AND published BETWEEN ? AND ?", (since, until)
        ).fetchone()[0]

    # -- overrides --------------------------------------------------------------------------
    def set_override(self, article_id: str, source: str | None, published: str | None) -> None:
        self.db.execute(
            "INSERT INTO overrides VALUES (?,?,?) ON CONFLICT(article_id) DO UPDATE SET "
            "source=COALESCE(excluded.source, source), published=COALESCE(excluded.published, published)",
            (article_id, source, published),
        )

    def override(self, article_id: str) -> tuple[str | None, str | None]:
        """(source, published) set by hand for an article (``briefer article``), or (None, None)."""
        row = self.db.execute("SELECT source, published FROM overrides WHERE article_id=?", (article_id,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def undated(self) -> list[tuple[str, str, str]]:
        """(article_id, title, origin) of complete articles without a date."""
        return [
            tuple(r)
            for r in self.db.execute(
                "SELECT article_id, title, origin FROM articles WHERE state='complete' AND published IS NULL "
                "ORDER BY origin"
            )
        ]


def _day_range(published: str, days: int) -> tuple[int, int]:
    import datetime as dt

    d = dt.date.fromisoformat(published)
    return date_ord((d - dt.timedelta(days=days)).isoformat()), date_ord((d + dt.timedelta(days=days)).isoformat())
