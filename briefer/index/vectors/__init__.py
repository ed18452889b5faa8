"""Vector stores: the ``VectorStore`` protocol, its records and capabilities, and the registry.

The store holds two collections: chunks (our embeddings, the chunk text and its metadata) and
articles (the full text and metadata; its embedding is the mean of the article's chunks). An
article record is written last, so its presence marks the article complete: with a shared store
(a Chroma server) that record is the source of truth from which a local catalog re-syncs.

A backend is one module plus one ``STORES.register`` line below; the ``store`` setting names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from briefer.core.records import Filters
from briefer.core.registry import Registry


@dataclass(frozen=True)
class StoreCapabilities:
    shared: bool  # other machines may write to it: the local catalog is a cache to re-sync
    where: str  # a folder or URL, for messages


@dataclass
class StoredArticle:
    article_id: str
    text: str
    meta: dict  # title, source, published, url, origin, fingerprint


@dataclass
class StoredChunk:
    chunk_id: str
    text: str
    meta: dict  # article_id, idx, start, end, header, published_ord, source_key


class VectorStore(Protocol):
    capabilities: StoreCapabilities

    def upsert_chunks(self, chunks: list[StoredChunk], embeddings: np.ndarray) -> None: ...
    def upsert_articles(self, articles: list[StoredArticle], embeddings: np.ndarray) -> None: ...
    def delete_articles(self, article_ids: list[str]) -> None: ...
    def query(self, embedding: np.ndarray, n: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        """Nearest chunk ids with cosine similarity, best first."""

    def embeddings(self, chunk_ids: list[str]) -> dict[str, np.ndarray]: ...
    def article_embeddings(self, article_ids: list[str]) -> dict[str, np.ndarray]:
        """The stored mean embedding of each article (what stories compare)."""

    def chunk_ids(self) -> set[str]: ...
    def article_ids(self) -> set[str]: ...
    def get_articles(self, article_ids: list[str]) -> list[StoredArticle]: ...
    def get_chunks(self, article_ids: list[str]) -> list[StoredChunk]: ...


STORES: Registry = Registry("vector store", "BRIEFER_STORE")
STORES.register(
    "chroma",
    "briefer.index.vectors.chroma:ChromaStore",
    "Chroma, embedded in the index folder, or a Chroma server when chroma_url is set",
)
STORES.register("memory", "briefer.testing:MemoryStore", "an in-memory fake with Chroma's semantics (tests only)")
