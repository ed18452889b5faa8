"""The catalog's SQLite schema and its version (``PRAGMA user_version``)."""

TOKENIZE = "porter unicode61 remove_diacritics 2"
"""The tokenizer of the catalog's FTS5 tables (and of query terms scored in memory, ``termmatrix.py``)."""

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
CREATE TABLE IF NOT EXISTS facets (
    article_id TEXT PRIMARY KEY, signature BLOB, service REAL NOT NULL DEFAULT 0, soft REAL NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS article_names (
    article_id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (article_id, name)
);
CREATE TABLE IF NOT EXISTS article_vectors (article_id TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS carriers (
    article_id TEXT NOT NULL, path TEXT NOT NULL, origin TEXT NOT NULL, source TEXT, source_key TEXT,
    url TEXT, title TEXT, published TEXT, similarity REAL NOT NULL, PRIMARY KEY (article_id, origin)
);
CREATE INDEX IF NOT EXISTS carriers_path ON carriers(path);
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY, headline TEXT NOT NULL, first_seen TEXT, last_seen TEXT
);
CREATE TABLE IF NOT EXISTS story_articles (article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);
CREATE TABLE IF NOT EXISTS overrides (article_id TEXT PRIMARY KEY, source TEXT, published TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    header, body, tokenize = '{tokenize}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    body, tokenize = '{tokenize}'
);
"""


SCHEMA = SCHEMA.replace("{tokenize}", TOKENIZE)

SCHEMA_VERSION = 3  # 2: sentence-level BM25 (sentences_fts); 3: copies, facets, stories, overrides
