"""Writing planned articles into the index: chunk, stage, embed and commit in batches; and filling in
what catalogs from before copies and stories lack (facets, vectors, stories)."""

from __future__ import annotations

from collections.abc import Callable

from briefer.core.errors import ConfigError
from briefer.index import Index, stories
from briefer.ingest.chunking import chunk_article, make_header
from briefer.ingest.plan import FACETS_VERSION, Planned, facets_of

BATCH_CHUNKS = 256
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def check_writable(index: Index) -> None:
    """Refuse settings the write would fail on, before anything is deleted or staged."""
    s = index.settings
    if s.ingest.chunk_tokens > index.embedder.max_tokens:
        raise ConfigError(
            f"chunk_tokens {s.ingest.chunk_tokens} is over the {index.embedder.max_tokens} tokens "
            f"{s.embedding.embed_model} reads (the rest would be cut off unseen); set BRIEFER_CHUNK_TOKENS "
            f"to {index.embedder.max_tokens} or less"
        )


def write(index: Index, todo: list[Planned], progress: Progress | None) -> int:
    """Chunk, stage, embed and commit articles in batches of about ``BATCH_CHUNKS`` chunks; the chunks added."""
    s = index.settings
    if todo:
        check_writable(index)
    added = 0
    embedded = 0

    def on_embedded(n: int) -> None:
        nonlocal embedded
        embedded += n
        if progress:
            progress("chunks embedded", embedded, max(added, embedded))

    batch: list[str] = []
    batch_chunks = 0
    for i, p in enumerate(todo):
        header = make_header(p.meta.title, p.meta.source, p.meta.published)
        chunks = chunk_article(
            p.meta.article_id,
            p.text,
            p.sentences,
            header,
            index.embedder,
            max_tokens=s.ingest.chunk_tokens,
            overlap_tokens=s.ingest.chunk_overlap_tokens,
        )
        index.stage(p.meta, p.fingerprint, p.text, p.sentences, chunks, p.facets)
        batch.append(p.meta.article_id)
        batch_chunks += len(chunks)
        added += len(chunks)
        if progress:
            progress("articles", i + 1, len(todo))
        if batch_chunks >= BATCH_CHUNKS or i == len(todo) - 1:
            index.commit(batch, on_embedded=on_embedded)
            batch, batch_chunks = [], 0
    return added


def needs_backfill(index: Index) -> bool:
    catalog = index.catalog
    return bool(catalog.unstoried() or catalog.without_facets(FACETS_VERSION) or catalog.without_vectors())


def backfill(index: Index) -> int:
    """Give articles catalogued before copies and stories their facets, vectors and stories; the
    number of articles that needed it (0, at the cost of three queries, when none did)."""
    catalog = index.catalog
    no_facets, no_vectors = catalog.without_facets(FACETS_VERSION), catalog.without_vectors()
    unstoried = catalog.unstoried()
    if not (no_facets or no_vectors or unstoried):
        return 0
    with catalog.transaction():
        left = []
        for aid in no_facets:  # new facets may change a story (service content joins only its kind)
            meta = catalog.meta(aid)
            catalog.put_facets(aid, facets_of(meta, catalog.article_text(aid), catalog.sentences(aid)))
            left.append(catalog.leave_story(aid))
        for story in dict.fromkeys(s for s in left if s):
            stories.refresh(catalog, story)
        catalog.put_vectors(index.store.article_embeddings(no_vectors))
        stories.assign(catalog, catalog.unstoried(), index.settings.briefing.story_days)
    return len(set(no_facets) | set(no_vectors) | set(unstoried))
