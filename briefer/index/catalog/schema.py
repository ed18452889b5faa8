"""The catalog's SQLite schema and its version (``PRAGMA user_version``)."""

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


SCHEMA_VERSION = 2  # 2: sentence-level BM25 (sentences_fts)
