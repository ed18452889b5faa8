"""Deterministic fakes for every seam, for briefer's tests and for anyone testing code built on it.

- ``HashEmbedder``: a model-free embedder (hashed bag of words); ``BRIEFER_EMBED_BACKEND=hash``.
- ``MemoryStore``: an in-memory vector store with Chroma's semantics; ``BRIEFER_STORE=memory``.
- ``ScriptedLLM``: an LLM backend that returns the drafts it was given and records what it was asked.
- ``briefer.testing.fake_anthropic.FakeAnthropic``: a fake Anthropic Messages API server on 127.0.0.1.

These are fakes, not mocks: real objects with the seams' full behaviour, so tests exercise briefer's
own code around them. Nothing in the library imports this module; the registries name it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from briefer.config import Settings
from briefer.core.records import Filters
from briefer.index.embedders import EmbedderCapabilities
from briefer.index.vectors import StoreCapabilities, StoredArticle, StoredChunk
from briefer.llm.base import Capabilities, Health, History
from briefer.llm.drafts import Draft, Passage

__all__ = ["HashEmbedder", "MemoryStore", "ScriptedLLM"]

_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder:
    """Deterministic fake for tests: a hashed bag of lower-cased words, one token per word.

    Texts sharing words are close, so retrieval behaves sensibly without a model.
    """

    def __init__(self, dim: int = 128, max_tokens: int = 64):
        self.name = f"hash-{dim}"
        self.dim = dim
        self._max = max_tokens
        self.calls = 0

    capabilities = EmbedderCapabilities(precision="hash", needs_model=False)
    backend = "hash"

    @classmethod
    def from_settings(cls, settings: Settings) -> HashEmbedder:
        return cls(max_tokens=settings.ingest.chunk_tokens)

    @property
    def max_tokens(self) -> int:
        return self._max

    @property
    def special_tokens(self) -> int:
        return 2

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(_WORD.findall(t)) for t in texts]

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in _WORD.finditer(text)]

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out


class MemoryStore:
    """Deterministic in-memory fake with the same semantics as ``ChromaStore`` (brute-force cosine)."""

    capabilities = StoreCapabilities(shared=False, where="memory")

    def __init__(self):
        self._chunks: dict[str, tuple[StoredChunk, np.ndarray]] = {}
        self._articles: dict[str, tuple[StoredArticle, np.ndarray]] = {}

    @classmethod
    def capabilities_for(cls, settings: Settings, folder: Path) -> StoreCapabilities:
        return cls.capabilities

    @classmethod
    def from_settings(cls, settings: Settings, folder: Path) -> MemoryStore:
        return cls()

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
            return filters.accepts(meta.get("source_key"), meta.get("published_ord") or 0)

        q = np.asarray(embedding, dtype=np.float32)
        q = q / (np.linalg.norm(q) or 1.0)
        scored = [
            (cid, float(np.dot(e, q) / (np.linalg.norm(e) or 1.0)))
            for cid, (c, e) in self._chunks.items()
            if keep(c.meta)
        ]
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored[:n]

    def embeddings(self, chunk_ids):
        return {c: self._chunks[c][1] for c in chunk_ids if c in self._chunks}

    def article_embeddings(self, article_ids):
        return {a: self._articles[a][1] for a in article_ids if a in self._articles}

    def chunk_ids(self):
        return set(self._chunks)

    def article_ids(self):
        return set(self._articles)

    def get_articles(self, article_ids):
        return [self._articles[a][0] for a in article_ids if a in self._articles]

    def get_chunks(self, article_ids):
        want = set(article_ids)
        return [c for c, _ in self._chunks.values() if c.meta["article_id"] in want]


class ScriptedLLM:
    """An LLM backend for tests: returns the drafts it was given, in order (the last one again when
    they run out), and records what it was asked (question, passages, history, system prompt), as a
    real backend would see them."""

    name = "scripted"
    model = "scripted"

    def __init__(self, *drafts: Draft, rewrites: Callable[[str, History], str] | None = None, **capabilities: Any):
        """``capabilities`` override the defaults (an offline, native-citation backend without history),
        e.g. ``ScriptedLLM(draft, uses_history=True, briefing="generative")``."""
        self.drafts = list(drafts)
        defaults = Capabilities(
            citations="native",
            streaming=True,
            rewrites_queries=rewrites is not None,
            uses_history=False,
            briefing="extractive",
            offline=True,
        )
        self.capabilities = dataclasses.replace(defaults, **capabilities)
        self._rewrite = rewrites
        self.calls: list[tuple[str, list[Passage]]] = []
        self.histories: list[History] = []
        self.systems: list[str | None] = []

    def generate(
        self,
        question: str,
        passages: list[Passage],
        *,
        on_text: Callable[[str], None] | None = None,
        history: History | None = None,
        system: str | None = None,
    ) -> Draft:
        self.calls.append((question, passages))
        self.histories.append(list(history or []))
        self.systems.append(system)
        draft = self.drafts.pop(0) if len(self.drafts) > 1 else self.drafts[0]
        if on_text:
            for seg in draft.segments:
                on_text(seg.text)
        return draft

    def complete(self, system: str, user: str, *, max_tokens: int = 100) -> str:
        """The next draft's text (drafts are consumed as by ``generate``)."""
        self.systems.append(system)
        self.calls.append((user, []))
        draft = self.drafts.pop(0) if len(self.drafts) > 1 else self.drafts[0]
        return draft.text

    def health(self) -> Health:
        return Health("ok", f"scripted: {len(self.drafts)} drafts")

    def rewrite(self, question: str, history: History) -> str:
        return self._rewrite(question, history) if self._rewrite else question
