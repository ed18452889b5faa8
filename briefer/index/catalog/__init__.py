"""The local catalog: article manifest, chunks, sentences, the BM25 index, copies and stories, in one
SQLite file. All of briefer's SQL lives in this package.

Each article moves through states: ``pending`` (catalogued; vectors may be missing), ``complete``
(vectors stored), ``deleting`` (vectors may linger). Only complete articles are searchable;
recovery finishes or undoes the others, which is what makes ingest safe to kill at any moment.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from briefer.index.catalog.articles import Articles
from briefer.index.catalog.lexical import LexicalSearch, filter_sql, fts_query
from briefer.index.catalog.schema import SCHEMA, SCHEMA_VERSION
from briefer.index.catalog.stories import Carrier, Facets, Neighbour, StoryRow, StoryTables

__all__ = ["Carrier", "Catalog", "Facets", "Neighbour", "StoryRow", "filter_sql", "fts_query"]


class Catalog(Articles, LexicalSearch, StoryTables):
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = _connect_wal(path)
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._df_version: tuple | None = None  # the catalog's state when _df was filled
        # (table, term) -> rows holding it, (table, "") -> rows; ("spelling", initials) -> the name
        self._df: dict[tuple[str, str], Any] = {}
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version < 2:
            self.rebuild_fts()  # catalogs from before sentence-level BM25 gain it here, once
        if version < SCHEMA_VERSION:  # version 3's tables are new and empty: Index.recover() fills them
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _connect_wal(path: Path, wait: float = 30.0) -> sqlite3.Connection:
    """A connection in WAL mode. Turning a new catalog to WAL takes an exclusive lock for which
    SQLite does not wait (its busy handler is not called), so two processes opening a new catalog
    at the same moment would see "database is locked": the loser retries for up to ``wait`` s."""
    deadline = time.monotonic() + wait
    while True:
        db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)
