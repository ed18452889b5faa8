"""The index: a catalog (SQLite: manifest, sentences, BM25) beside a vector store (Chroma by default).

Writes go catalog-first: an article is catalogued ``pending``, its vectors and its article record
are upserted into the store (idempotent, deterministic ids), then it is marked ``complete``.
Deletes go the other way round. ``recover()`` finishes whatever a killed run left, so an
interrupted ingest followed by another equals a clean one.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from briefer.config import Settings
from briefer.core.errors import BusyError, ConfigError, StoreError
from briefer.core.records import ArticleMeta, Chunk, Span, date_ord, source_key
from briefer.index import stories
from briefer.index.catalog import Catalog, Facets
from briefer.index.embedders import Embedder, make_embedder
from briefer.index.embedders.auto import choose_backend
from briefer.index.embedders.auto import record as record_backend
from briefer.index.vectors import STORES, StoreCapabilities, StoredArticle, StoredChunk, VectorStore
from briefer.text.sentences import split_sentences

_crash_hits: dict[str, int] = {}
EMBED_SLICE = 64  # chunks embedded at a time, so that progress moves while a large batch is embedded


def crashpoint(name: str) -> None:
    """Failpoint for crash-safety tests: ``BRIEFER_CRASH_AT=name[:n]`` SIGKILLs this process the
    n-th time (default first) execution passes ``name``. Unset, it costs one dict lookup."""
    spec = os.environ.get("BRIEFER_CRASH_AT")
    if not spec:
        return
    want, _, nth = spec.partition(":")
    if want == name:
        _crash_hits[name] = _crash_hits.get(name, 0) + 1
        if _crash_hits[name] >= int(nth or 1):
            os.kill(os.getpid(), signal.SIGKILL)


class Index:
    def __init__(self, settings: Settings, *, embedder: Embedder | None = None, store: VectorStore | None = None):
        self.settings = settings
        self.folder = Path(settings.storage.index)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot create index folder {self.folder} ({exc.strerror}); set BRIEFER_INDEX or --index to a folder"
            ) from None
        store_cls = STORES.load(settings.storage.store)
        self._open_store: Callable[[], VectorStore] = lambda: store_cls.from_settings(settings, self.folder)
        self.store_capabilities: StoreCapabilities = (
            store.capabilities if store is not None else store_cls.capabilities_for(settings, self.folder)
        )
        self.server = self.store_capabilities.shared  # the catalog is a cache of a store others write to
        name = "catalog.sqlite"
        if self.server:
            tag = hashlib.sha256(f"{self.store_capabilities.where}|{settings.storage.collection}".encode()).hexdigest()[
                :10
            ]
            name = f"cache-{tag}.sqlite"
        try:
            self.catalog = Catalog(self.folder / name)
        except Exception as exc:
            raise StoreError(f"cannot open {self.folder / name} ({exc}); move it aside and ingest again") from None
        self._store = store
        self._embedder = embedder
        self._recorded = False  # embedder.json written by this process
        self._readers: list[Catalog] = []

    @property
    def reader(self) -> Catalog:
        """A second connection to the catalog, for lexical search on another thread while the
        query is embedded (SQLite and torch both release the GIL)."""
        return self.readers(1)[0]

    def readers(self, n: int) -> list[Catalog]:
        """``n`` connections of their own to the catalog, one per thread that searches it."""
        while len(self._readers) < n:
            self._readers.append(Catalog(self.catalog.path))
        return self._readers[:n]

    @property
    def store(self) -> VectorStore:
        """The vector store, opened on first use (importing chromadb costs about a second)."""
        if self._store is None:
            self._store = self._open_store()
        return self._store

    @property
    def embedder(self) -> Embedder:
        """The embedder, made on first use; its model loads on the first vector."""
        if self._embedder is None:
            built = self.catalog.article_count() > 0
            self._embedder = make_embedder(self.settings, choose_backend(self.settings, self.folder, built=built))
        return self._embedder

    @contextmanager
    def writing(self, wait: float | None = None, on_wait: Callable[[], None] | None = None):
        """Exclusive write lock on the index folder (one writer at a time; readers are never blocked).
        While another process holds it, wait up to ``wait`` seconds (default: the ``lock_wait``
        setting), calling ``on_wait`` once; then give up with ``BusyError``."""
        fd = os.open(self.folder / ".write.lock", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            self._lock(fd, self.settings.storage.lock_wait if wait is None else wait, on_wait)
            yield self
        finally:
            os.close(fd)

    def _lock(self, fd: int, wait: float, on_wait: Callable[[], None] | None) -> None:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BusyError(
                        f"another briefer process is writing to {self.folder} (waited {wait:g} s); try again "
                        "when it is done, or raise BRIEFER_LOCK_WAIT"
                    ) from None
                if on_wait:
                    on_wait()
                    on_wait = None
                time.sleep(min(0.2, max(deadline - time.monotonic(), 0.0)))

    def busy(self) -> bool:
        """Whether another process is writing to the index now."""
        fd = os.open(self.folder / ".write.lock", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return False
        except BlockingIOError:
            return True
        finally:
            os.close(fd)

    # -- write path -----------------------------------------------------------------------
    def stage(
        self,
        meta: ArticleMeta,
        fingerprint: str,
        text: str,
        sentences: list[Span],
        chunks: list[Chunk],
        facets: Facets | None = None,
    ) -> None:
        with self.catalog.transaction():
            self.catalog.add_pending(meta, fingerprint, text, sentences, chunks)
            if facets is not None:
                self.catalog.put_facets(meta.article_id, facets)
        crashpoint("staged")

    def commit(
        self,
        article_ids: list[str],
        vectors: dict[str, np.ndarray] | None = None,
        on_embedded: Callable[[int], None] | None = None,
    ) -> None:
        """Store vectors and article records of pending articles, then mark them complete.
        ``on_embedded(n)`` is told each time ``n`` more chunks are embedded (a progress bar)."""
        chunks = self.catalog.chunks_of(article_ids)
        if vectors is None:
            vectors = {}
            for i in range(0, len(chunks), EMBED_SLICE):
                part = chunks[i : i + EMBED_SLICE]
                vectors.update(zip([c.chunk_id for c in part], self.embedder.embed([c.indexed_text for c in part])))
                if on_embedded:
                    on_embedded(len(part))
        metas = {a: self.catalog.meta(a) for a in article_ids}
        stored = [_stored_chunk(c, metas[c.article_id]) for c in chunks]
        if stored:
            if not self._recorded:  # once per process: the backend of an index does not change under it
                record_backend(self.folder, self.embedder.backend, self.settings.embedding.embed_model)
                self._recorded = True
            self.store.upsert_chunks(stored, np.stack([vectors[c.chunk_id] for c in chunks]))
        crashpoint("chunks-stored")
        records, means = [], []
        for aid in article_ids:
            mine = [vectors[c.chunk_id] for c in chunks if c.article_id == aid]
            mean = np.mean(mine, axis=0) if mine else np.ones(self._dim(vectors), dtype=np.float32)
            means.append(mean / (np.linalg.norm(mean) or 1.0))
            m = metas[aid]
            records.append(
                StoredArticle(
                    aid,
                    self.catalog.article_text(aid),
                    {
                        "title": m.title,
                        "source": m.source,
                        "published": m.published,
                        "url": m.url,
                        "origin": m.origin,
                        "fingerprint": self.catalog.fingerprint(aid),
                        "n_chunks": len(mine),
                    },
                )
            )
        self.store.upsert_articles(records, np.stack(means).astype(np.float32))
        crashpoint("articles-stored")
        with self.catalog.transaction():
            self.catalog.set_state(article_ids, "complete")
            self.catalog.put_vectors(dict(zip(article_ids, means)))
            stories.assign(self.catalog, article_ids, self.settings.briefing.story_days)

    @staticmethod
    def _dim(vectors: dict) -> int:
        return len(next(iter(vectors.values()))) if vectors else 384

    def delete(self, article_ids: list[str]) -> None:
        if not article_ids:
            return
        with self.catalog.transaction():
            self.catalog.set_state(article_ids, "deleting")
        crashpoint("deleting")
        self.store.delete_articles(article_ids)
        crashpoint("store-deleted")
        with self.catalog.transaction():
            touched = stories.forget(self.catalog, article_ids)
            self.catalog.remove(article_ids)
            for story in dict.fromkeys(touched):
                stories.refresh(self.catalog, story)

    def prune(self, before: str) -> list[str]:
        """Remove every article published before ``before`` (its chunks, vectors, BM25 rows,
        sentences and story membership), crash-safe like any delete; the ids removed."""
        gone = self.catalog.published_before(before)
        for i in range(0, len(gone), 256):
            self.delete(gone[i : i + 256])
        return gone

    def recover(self) -> dict[str, int]:
        """Finish what an interrupted run left: delete ``deleting`` articles, store ``pending`` ones."""
        deleting = self.catalog.ids_in_state("deleting")
        pending = self.catalog.ids_in_state("pending")
        self.delete(deleting)
        for i in range(0, len(pending), 64):
            self.commit(pending[i : i + 64])
        return {"deleted": len(deleting), "completed": len(pending)}

    # -- consistency ----------------------------------------------------------------------
    def consistency(self) -> dict[str, list[str]]:
        """Disagreements between catalog and store (empty lists when consistent)."""
        cat_chunks = self.catalog.complete_chunk_ids()
        cat_articles = set(self.catalog.ids_in_state("complete"))
        st_chunks, st_articles = self.store.chunk_ids(), self.store.article_ids()
        counts = self.catalog.counts()
        return {
            "chunks missing from store": sorted(cat_chunks - st_chunks),
            "chunks only in store": sorted(st_chunks - cat_chunks - self._unfinished_chunk_ids()),
            "articles missing from store": sorted(cat_articles - st_articles),
            "articles only in store": sorted(st_articles - cat_articles),
            "unfinished articles": self.catalog.ids_in_state("pending") + self.catalog.ids_in_state("deleting"),
            "BM25 rows out of step": [
                f"{counts[rows]} BM25 rows for {counts[of]} {of}"
                for rows, of in (("fts_rows", "chunks"), ("sentence_fts_rows", "sentences"))
                if counts[rows] != counts[of]
            ],
        }

    def _unfinished_chunk_ids(self) -> set[str]:
        ids = self.catalog.ids_in_state("pending") + self.catalog.ids_in_state("deleting")
        return {c.chunk_id for c in self.catalog.chunks_of(ids)}

    def reconcile(self) -> dict[str, int]:
        """Make catalog and store agree. The store wins for articles the catalog lacks (another
        machine's ingest into a shared server); articles whose vectors are missing are re-embedded."""
        self.recover()
        report = self.consistency()
        missing = report["articles missing from store"] + sorted(
            {c.rsplit("-", 1)[0] for c in report["chunks missing from store"]}
            - set(report["articles missing from store"])
        )
        if missing:
            with self.catalog.transaction():
                self.catalog.set_state(missing, "pending")
            self.recover()
        imported = self._import(report["articles only in store"])
        orphans = set(report["chunks only in store"]) - {c.chunk_id for c in self.catalog.chunks_of(imported)}
        orphan_articles = sorted({c.rsplit("-", 1)[0] for c in orphans} - set(imported))
        if orphan_articles:
            self.store.delete_articles(orphan_articles)
        if report["BM25 rows out of step"]:
            self.catalog.rebuild_fts()
        return {"re-embedded": len(missing), "imported": len(imported), "orphans removed": len(orphan_articles)}

    def _import(self, article_ids: list[str]) -> list[str]:
        """Catalogue articles that only the store has (their chunks come from the store too)."""
        done = []
        known = self.catalog.fingerprints()
        for rec in self.store.get_articles([a for a in article_ids if a not in known]):
            m = rec.meta
            meta = ArticleMeta(
                rec.article_id,
                m.get("title") or "",
                m.get("source"),
                m.get("published"),
                m.get("url"),
                m.get("origin") or "chroma",
            )
            chunks = sorted(
                (
                    Chunk(
                        c.chunk_id,
                        rec.article_id,
                        int(c.meta["idx"]),
                        int(c.meta["start"]),
                        int(c.meta["end"]),
                        rec.text[int(c.meta["start"]) : int(c.meta["end"])],
                        c.meta.get("header") or "",
                    )
                    for c in self.store.get_chunks([rec.article_id])
                ),
                key=lambda c: c.index,
            )
            with self.catalog.transaction():
                self.catalog.add_pending(meta, m.get("fingerprint") or "", rec.text, split_sentences(rec.text), chunks)
                self.catalog.set_state([rec.article_id], "complete")
            done.append(rec.article_id)
        return done

    def sync_from_server(self) -> None:
        """With a Chroma server, bring the local catalog (a cache) in line with the server's articles."""
        if not self.server:
            return
        store_ids = self.store.article_ids()
        local = set(self.catalog.ids_in_state("complete"))
        if store_ids != local:
            gone = sorted(local - store_ids)
            if gone:
                with self.catalog.transaction():
                    self.catalog.remove(gone)
            self._import(sorted(store_ids - local))


def _stored_chunk(c: Chunk, meta: ArticleMeta) -> StoredChunk:
    return StoredChunk(
        c.chunk_id,
        c.text,
        {
            "article_id": c.article_id,
            "idx": c.index,
            "start": c.start,
            "end": c.end,
            "header": c.header,
            "published_ord": date_ord(meta.published),
            "source_key": source_key(meta.source),
        },
    )
