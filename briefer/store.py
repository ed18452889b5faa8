"""Vector stores: the ``Store`` protocol, Chroma (embedded or server) and an in-memory fake.

The store holds two collections: chunks (our embeddings, the chunk text and its metadata) and
articles (the full text and metadata; its embedding is the mean of the article's chunks). An
article record is written last, so its presence marks the article complete: with a Chroma server
that record is the source of truth from which a local catalog re-syncs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlparse

import numpy as np

from briefer.errors import ServiceError
from briefer.models import Filters, date_ord


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


class Store(Protocol):
    def upsert_chunks(self, chunks: list[StoredChunk], embeddings: np.ndarray) -> None: ...
    def upsert_articles(self, articles: list[StoredArticle], embeddings: np.ndarray) -> None: ...
    def delete_articles(self, article_ids: list[str]) -> None: ...
    def query(self, embedding: np.ndarray, n: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        """Nearest chunk ids with cosine similarity, best first."""
    def embeddings(self, chunk_ids: list[str]) -> dict[str, np.ndarray]: ...
    def chunk_ids(self) -> set[str]: ...
    def article_ids(self) -> set[str]: ...
    def get_articles(self, article_ids: list[str]) -> list[StoredArticle]: ...
    def get_chunks(self, article_ids: list[str]) -> list[StoredChunk]: ...


def _clean(meta: dict) -> dict:
    """Chroma metadata values cannot be None: missing strings are stored as ''."""
    return {k: ("" if v is None else v) for k, v in meta.items()}


def _restore(meta: dict) -> dict:
    return {k: (None if v == "" else v) for k, v in (meta or {}).items()}


def chroma_where(filters: Filters) -> dict | None:
    conds: list[dict] = []
    if filters.dated_only:
        conds.append({"published_ord": {"$gt": 0}})
    if filters.since:
        conds.append({"published_ord": {"$gte": date_ord(filters.since)}})
    if filters.until:
        conds.append({"published_ord": {"$lte": date_ord(filters.until)}})
    if filters.source:
        conds.append({"source_key": {"$eq": filters.source_key}})
    if filters.sources:
        conds.append({"source_key": {"$in": list(filters.source_keys)}})
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


class ChromaStore:
    """Chroma, embedded in a folder or as a client of a server. Chroma never embeds: we pass vectors."""

    PAGE = 2000

    def __init__(self, *, path: str | None = None, url: str | None = None, prefix: str = "briefer"):
        import os

        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.where = url or path
        cfg = ChromaSettings(anonymized_telemetry=False)
        try:
            if url:
                u = urlparse(url)
                self.client = chromadb.HttpClient(
                    host=u.hostname or "127.0.0.1", port=u.port or (443 if u.scheme == "https" else 8000),
                    ssl=u.scheme == "https", settings=cfg,
                )
            else:
                self.client = chromadb.PersistentClient(path=path, settings=cfg)
            space = {"hnsw:space": "cosine"}
            self.chunks = self.client.get_or_create_collection(f"{prefix}_chunks", metadata=space, embedding_function=None)
            self.articles = self.client.get_or_create_collection(f"{prefix}_articles", metadata=space, embedding_function=None)
        except Exception as exc:  # noqa: BLE001 - connection and storage failures become one line
            raise _service_error(self.where, exc) from None

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            raise _service_error(self.where, exc) from None

    def upsert_chunks(self, chunks: list[StoredChunk], embeddings: np.ndarray) -> None:
        for i in range(0, len(chunks), self.PAGE):
            part = chunks[i : i + self.PAGE]
            self._call(
                self.chunks.upsert, ids=[c.chunk_id for c in part], embeddings=embeddings[i : i + self.PAGE],
                documents=[c.text for c in part], metadatas=[_clean(c.meta) for c in part],
            )

    def upsert_articles(self, articles: list[StoredArticle], embeddings: np.ndarray) -> None:
        if articles:
            self._call(
                self.articles.upsert, ids=[a.article_id for a in articles], embeddings=embeddings,
                documents=[a.text for a in articles], metadatas=[_clean(a.meta) for a in articles],
            )

    def delete_articles(self, article_ids: list[str]) -> None:
        if article_ids:
            self._call(self.chunks.delete, where={"article_id": {"$in": list(article_ids)}})
            self._call(self.articles.delete, ids=list(article_ids))

    def query(self, embedding: np.ndarray, n: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        count = self._call(self.chunks.count)
        if not count or n <= 0:
            return []
        res = self._call(
            self.chunks.query, query_embeddings=[np.asarray(embedding, dtype=np.float32)],
            n_results=min(n, count), where=chroma_where(filters), include=["distances"],
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]

    def embeddings(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        if not chunk_ids:
            return {}
        res = self._call(self.chunks.get, ids=list(chunk_ids), include=["embeddings"])
        return {cid: np.asarray(e, dtype=np.float32) for cid, e in zip(res["ids"], res["embeddings"])}

    def _all_ids(self, coll) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            page = self._call(coll.get, include=[], limit=self.PAGE, offset=offset)["ids"]
            ids.update(page)
            if len(page) < self.PAGE:
                return ids
            offset += self.PAGE

    def chunk_ids(self) -> set[str]:
        return self._all_ids(self.chunks)

    def article_ids(self) -> set[str]:
        return self._all_ids(self.articles)

    def get_articles(self, article_ids: list[str]) -> list[StoredArticle]:
        if not article_ids:
            return []
        res = self._call(self.articles.get, ids=list(article_ids), include=["documents", "metadatas"])
        return [StoredArticle(i, d, _restore(m)) for i, d, m in zip(res["ids"], res["documents"], res["metadatas"])]

    def get_chunks(self, article_ids: list[str]) -> list[StoredChunk]:
        if not article_ids:
            return []
        res = self._call(
            self.chunks.get, where={"article_id": {"$in": list(article_ids)}}, include=["documents", "metadatas"]
        )
        return [StoredChunk(i, d, _restore(m)) for i, d, m in zip(res["ids"], res["documents"], res["metadatas"])]


def _service_error(where: str | None, exc: Exception) -> ServiceError:
    detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    if where and "://" in where:
        return ServiceError(
            f"Chroma server at {where} failed ({detail}); start it with `chroma run --path DIR --port PORT` "
            "or unset BRIEFER_CHROMA_URL to use the embedded store"
        )
    return ServiceError(f"Chroma store in {where} failed ({detail}); run `briefer doctor`")


class MemoryStore:
    """Deterministic in-memory fake with the same semantics as ``ChromaStore`` (brute-force cosine)."""

    def __init__(self):
        self._chunks: dict[str, tuple[StoredChunk, np.ndarray]] = {}
        self._articles: dict[str, tuple[StoredArticle, np.ndarray]] = {}

    def upsert_chunks(self, chunks, embeddings):
        for c, e in zip(chunks, embeddings):
            self._chunks[c.chunk_id] = (c, np.asarray(e, dtype=np.float32))

    def upsert_articles(self, articles, embeddings):
        for a, e in zip(articles, embeddings):
            self._articles[a.article_id] = (a, np.asarray(e, dtype=np.float32))

    def delete_articles(self, article_ids):
        gone = set(article_ids)
        self._chunks = {k: v for k, v in self._chunks.items() if v[0].meta["article_id"] not in gone}
        for a in gone:
            self._articles.pop(a, None)

    def query(self, embedding, n, filters=Filters()):
        def keep(meta):
            ord_ = meta.get("published_ord") or 0
            if filters.dated_only and ord_ <= 0:
                return False
            if filters.since and ord_ < date_ord(filters.since):
                return False
            if filters.until and ord_ > date_ord(filters.until):
                return False
            if filters.sources and meta.get("source_key") not in filters.source_keys:
                return False
            return not filters.source or meta.get("source_key") == filters.source_key

        q = np.asarray(embedding, dtype=np.float32)
        q = q / (np.linalg.norm(q) or 1.0)
        scored = [(cid, float(np.dot(e, q) / (np.linalg.norm(e) or 1.0)))
                  for cid, (c, e) in self._chunks.items() if keep(c.meta)]
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored[:n]

    def embeddings(self, chunk_ids):
        return {c: self._chunks[c][1] for c in chunk_ids if c in self._chunks}

    def chunk_ids(self):
        return set(self._chunks)

    def article_ids(self):
        return set(self._articles)

    def get_articles(self, article_ids):
        return [self._articles[a][0] for a in article_ids if a in self._articles]

    def get_chunks(self, article_ids):
        want = set(article_ids)
        return [c for c, _ in self._chunks.values() if c.meta["article_id"] in want]
