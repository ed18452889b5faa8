"""Chroma as briefer's vector store: embedded in the index folder, or a client of a Chroma server.
Chroma never embeds: briefer passes its own vectors."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from briefer.config import Settings
from briefer.core.errors import ServiceError
from briefer.core.records import Filters, date_ord
from briefer.index.vectors import StoreCapabilities, StoredArticle, StoredChunk


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
        self.capabilities = StoreCapabilities(shared=bool(url), where=str(self.where))
        cfg = ChromaSettings(anonymized_telemetry=False)
        try:
            if url:
                u = urlparse(url)
                self.client = chromadb.HttpClient(
                    host=u.hostname or "127.0.0.1",
                    port=u.port or (443 if u.scheme == "https" else 8000),
                    ssl=u.scheme == "https",
                    settings=cfg,
                )
            else:
                self.client = chromadb.PersistentClient(path=path or ".", settings=cfg)
            space = {"hnsw:space": "cosine"}
            self.chunks = self.client.get_or_create_collection(
                f"{prefix}_chunks", metadata=space, embedding_function=None
            )
            self.articles = self.client.get_or_create_collection(
                f"{prefix}_articles", metadata=space, embedding_function=None
            )
        except Exception as exc:
            raise _service_error(self.where, exc) from None

    @staticmethod
    def capabilities_for(settings: Settings, folder: Path) -> StoreCapabilities:
        url = settings.storage.chroma_url
        return StoreCapabilities(shared=bool(url), where=url or str(folder / "chroma"))

    @classmethod
    def from_settings(cls, settings: Settings, folder: Path) -> ChromaStore:
        s = settings.storage
        return cls(url=s.chroma_url, path=None if s.chroma_url else str(folder / "chroma"), prefix=s.collection)

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise _service_error(self.where, exc) from None

    def upsert_chunks(self, chunks: list[StoredChunk], embeddings: np.ndarray) -> None:
        for i in range(0, len(chunks), self.PAGE):
            part = chunks[i : i + self.PAGE]
            self._call(
                self.chunks.upsert,
                ids=[c.chunk_id for c in part],
                embeddings=embeddings[i : i + self.PAGE],
                documents=[c.text for c in part],
                metadatas=[_clean(c.meta) for c in part],
            )

    def upsert_articles(self, articles: list[StoredArticle], embeddings: np.ndarray) -> None:
        if articles:
            self._call(
                self.articles.upsert,
                ids=[a.article_id for a in articles],
                embeddings=embeddings,
                documents=[a.text for a in articles],
                metadatas=[_clean(a.meta) for a in articles],
            )

    def delete_articles(self, article_ids: list[str]) -> None:
        if article_ids:
            self._call(self.chunks.delete, where={"article_id": {"$in": list(article_ids)}})
            self._call(self.articles.delete, ids=list(article_ids))

    def query(self, embedding: np.ndarray, n: int, filters: Filters = Filters()) -> list[tuple[str, float]]:
        if n <= 0:
            return []
        res = self._call(  # Chroma returns what there is when n is above the count (no count call: 5 ms a query)
            self.chunks.query,
            query_embeddings=[np.asarray(embedding, dtype=np.float32)],
            n_results=n,
            where=chroma_where(filters),
            include=["distances"],
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]

    def embeddings(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        if not chunk_ids:
            return {}
        res = self._call(self.chunks.get, ids=list(chunk_ids), include=["embeddings"])
        return {cid: np.asarray(e, dtype=np.float32) for cid, e in zip(res["ids"], res["embeddings"])}

    def article_embeddings(self, article_ids: list[str]) -> dict[str, np.ndarray]:
        if not article_ids:
            return {}
        res = self._call(self.articles.get, ids=list(article_ids), include=["embeddings"])
        return {aid: np.asarray(e, dtype=np.float32) for aid, e in zip(res["ids"], res["embeddings"])}

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
