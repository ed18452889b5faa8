"""Ingest: files -> articles -> sentences and chunks -> embeddings -> catalog and store.

Idempotent and resumable: unchanged files are skipped by size and mtime, identical articles by
their id, and each batch is staged in the catalog before its vectors are stored (see index.py).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefer.core.records import ArticleMeta, RawArticle
from briefer.index import Index
from briefer.ingest.chunking import CHUNKER_VERSION, article_id, chunk_article, make_header
from briefer.ingest.readers import ReadError, discover, read_file
from briefer.text.sentences import split_sentences

BATCH_CHUNKS = 256


@dataclass
class IngestReport:
    files: int = 0
    files_unchanged: int = 0
    articles_added: int = 0
    articles_replaced: int = 0
    articles_removed: int = 0
    articles_unchanged: int = 0
    chunks_added: int = 0
    recovered: dict = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["failed"] = [{"path": p, "reason": r} for p, r in self.failed]
        d["seconds"] = round(self.seconds, 3)
        return d


@dataclass
class _Planned:
    meta: ArticleMeta
    text: str
    fingerprint: str


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def ingest(
    index: Index,
    paths: list[Path],
    *,
    source: str | None = None,
    published: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders into ``index``; a file that cannot be read is reported, never fatal."""
    report = IngestReport()
    t0 = time.perf_counter()
    options = _options(index, source, published)
    with index.writing():
        report.recovered = index.recover()
        index.sync_from_server()
        files, problems = discover(paths)
        report.failed.extend((str(p), r) for p, r in problems)
        known = index.catalog.fingerprints()
        for n, path in enumerate(files):
            report.files += 1
            if progress:
                progress("files", n, len(files))
            try:
                _ingest_file(index, path, options, known, report, progress)
            except ReadError as exc:
                report.failed.append((str(path), str(exc)))
            except OSError as exc:
                report.failed.append((str(path), exc.strerror or str(exc)))
        if progress:
            progress("files", len(files), len(files))
    report.seconds = time.perf_counter() - t0
    return report


def _options(index: Index, source: str | None, published: str | None) -> str:
    """What, beside a file's size and mtime, decides whether it must be ingested again."""
    s = index.settings
    return json.dumps(
        {
            "source": source,
            "published": published,
            "model": s.embedding.embed_model,
            "chunk_tokens": s.ingest.chunk_tokens,
            "overlap": s.ingest.chunk_overlap_tokens,
            "chunker": CHUNKER_VERSION,
        },
        sort_keys=True,
    )


def _ingest_file(
    index: Index,
    path: Path,
    options: str,
    known: dict[str, tuple[str, str]],
    report: IngestReport,
    progress: Progress | None,
) -> None:
    """One file: skipped when unchanged; else its new and changed articles stored, its gone ones removed."""
    key = str(path.resolve())
    st = path.stat()
    if index.catalog.file_record(key) == (st.st_size, st.st_mtime_ns, options):
        report.files_unchanged += 1
        return
    raws = read_file(path, max_bytes=int(index.settings.ingest.max_file_mb * 1024 * 1024))
    flags = json.loads(options)
    planned = _plan(raws, flags["source"], flags["published"], options)
    new_ids = list(planned)
    stale = [
        a for a in index.catalog.file_articles(key) - set(new_ids) if not index.catalog.referenced_elsewhere(a, key)
    ]
    replaced = [a for a, p in planned.items() if a in known and known[a][0] != p.fingerprint]
    todo = [p for a, p in planned.items() if a not in known or a in replaced]
    report.articles_unchanged += len(planned) - len(todo)
    index.delete(stale + replaced)
    report.articles_removed += len(stale)
    report.articles_replaced += len(replaced)
    report.articles_added += len(todo) - len(replaced)
    report.chunks_added += _add(index, todo, progress)
    for a in stale:
        known.pop(a, None)
    known.update({a: (p.fingerprint, "complete") for a, p in planned.items()})
    index.catalog.record_file(key, st.st_size, st.st_mtime_ns, options, new_ids)


def _plan(raws: list[RawArticle], source: str | None, published: str | None, options: str) -> dict[str, _Planned]:
    """Article id -> what to store, with flags overriding what the file said; duplicates collapse."""
    out: dict[str, _Planned] = {}
    for raw in raws:
        aid = article_id(raw.text)
        if aid in out:
            continue
        title = raw.title or raw.text.strip().split("\n", 1)[0][:80]
        meta = ArticleMeta(aid, title, source or raw.source, published or raw.published, raw.url, raw.origin)
        fp = hashlib.sha256(
            json.dumps([meta.title, meta.source, meta.published, meta.url, options]).encode()
        ).hexdigest()[:20]
        out[aid] = _Planned(meta, raw.text, fp)
    return out


def _add(index: Index, todo: list[_Planned], progress: Progress | None) -> int:
    """Chunk, stage, embed and commit articles in batches of about ``BATCH_CHUNKS`` chunks."""
    s = index.settings
    added = 0
    batch: list[str] = []
    batch_chunks = 0
    for i, p in enumerate(todo):
        sentences = split_sentences(p.text)
        header = make_header(p.meta.title, p.meta.source, p.meta.published)
        chunks = chunk_article(
            p.meta.article_id,
            p.text,
            sentences,
            header,
            index.embedder,
            max_tokens=s.ingest.chunk_tokens,
            overlap_tokens=s.ingest.chunk_overlap_tokens,
        )
        index.stage(p.meta, p.fingerprint, p.text, sentences, chunks)
        batch.append(p.meta.article_id)
        batch_chunks += len(chunks)
        added += len(chunks)
        if batch_chunks >= BATCH_CHUNKS or i == len(todo) - 1:
            index.commit(batch)
            batch, batch_chunks = [], 0
            if progress:
                progress("articles", i + 1, len(todo))
    return added
