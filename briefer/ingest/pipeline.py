"""Ingest: files -> articles -> sentences and chunks -> embeddings -> catalog and store.

Idempotent and resumable: unchanged files are skipped by size and mtime, identical articles by
their id, and each batch is staged in the catalog before its vectors are stored (see index.py).
A copy of a stored article (the same text, or a near copy: ``copies.py``) is not stored again: it is
recorded as another outlet carrying the article.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefer.core.records import RawArticle
from briefer.index import Index
from briefer.index.catalog import Carrier
from briefer.index.embedders.auto import LEGACY as LEGACY_BACKEND
from briefer.ingest.chunking import CHUNKER_VERSION
from briefer.ingest.copies import CopyFinder
from briefer.ingest.plan import Flags, Planned, plan
from briefer.ingest.readers import PartlyRead, ReadError, discover, read_file
from briefer.ingest.write import backfill, check_writable, write


@dataclass
class IngestReport:
    files: int = 0
    files_unchanged: int = 0
    articles_added: int = 0
    articles_replaced: int = 0
    articles_removed: int = 0
    articles_unchanged: int = 0
    copies: int = 0  # exact or near copies of stored articles: kept as other outlets carrying them
    chunks_added: int = 0
    undated: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (article id, title, origin) added without a date
    recovered: dict = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def merge(self, other: IngestReport) -> None:
        """Add another run's counts and lists to this one."""
        for name, value in other.__dict__.items():
            if isinstance(value, (int, float)) and name != "seconds":
                setattr(self, name, getattr(self, name) + value)
            elif isinstance(value, list):
                getattr(self, name).extend(value)
        self.seconds += other.seconds

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["failed"] = [{"path": p, "reason": r} for p, r in self.failed]
        d["undated"] = [{"article_id": a, "title": t, "origin": o} for a, t, o in self.undated]
        d["seconds"] = round(self.seconds, 3)
        return d


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def ingest(
    index: Index,
    paths: list[Path],
    *,
    source: str | None = None,
    published: str | None = None,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into ``index``; a file that cannot be read is reported, never fatal.
    ``on_wait`` is called once if another process is writing to the index and this one waits."""
    report = IngestReport()
    t0 = time.perf_counter()
    options = _options(index, source, published)
    run = _Run(index, options, Flags(source, published), report, progress)
    with index.writing(on_wait=on_wait):
        report.recovered = index.recover()
        index.sync_from_server()
        backfill(index)
        run.start()
        files, problems = discover(paths)
        report.failed.extend((str(p), r) for p, r in problems)
        for n, path in enumerate(files):
            report.files += 1
            if progress:
                progress("files", n, len(files))
            try:
                run.file(path)
            except ReadError as exc:
                report.failed.append((str(path), str(exc)))
            except OSError as exc:
                report.failed.append((str(path), exc.strerror or str(exc)))
        if progress:
            progress("files", len(files), len(files))
    report.seconds = time.perf_counter() - t0
    return report


@dataclass
class Entry:
    """Articles fetched from the web under one identity (a feed entry's GUID or a page's canonical
    URL): ``version`` changes when the content does. An entry that a later update no longer sees
    keeps its articles (news archives keep what was published); a changed one replaces them."""

    key: str
    version: int
    articles: list[RawArticle]


def ingest_entries(
    index: Index,
    entries: Iterable[Entry],
    *,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
) -> IngestReport:
    """Ingest entries fetched from the web exactly as files are ingested (plan, copies, chunks,
    embeddings, stories), crash-safe and idempotent: an unchanged entry costs one lookup. ``entries``
    may be a generator still fetching: each is ingested as it comes."""
    report = IngestReport()
    stream = iter(entries)
    first = next(stream, None)
    if first is None:
        return report  # nothing new anywhere: the index is not even locked
    t0 = time.perf_counter()
    run = _Run(index, _options(index, None, None), Flags(None, None), report, progress)
    with index.writing(on_wait=on_wait):
        report.recovered = index.recover()
        index.sync_from_server()
        run.start()
        for n, entry in enumerate(itertools.chain([first], stream)):
            report.files += 1
            if progress:
                progress("entries", n + 1, n + 1)
            try:
                run.store(entry.key, (len(entry.articles), entry.version), entry.articles)
            except ReadError as exc:
                report.failed.append((entry.key, str(exc)))
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
            # vectors of one index come from one backend: another backend re-embeds (the default adds nothing,
            # so indexes built before backends were a choice are not re-ingested)
            **({"backend": b} if (b := index.embedder.backend) != LEGACY_BACKEND else {}),
            "chunk_tokens": s.ingest.chunk_tokens,
            "overlap": s.ingest.chunk_overlap_tokens,
            "chunker": CHUNKER_VERSION,
        },
        sort_keys=True,
    )


@dataclass
class _Run:
    """One ingest run: the catalog's articles and their copy signatures as the run goes."""

    index: Index
    options: str
    flags: Flags
    report: IngestReport
    progress: Progress | None
    known: dict[str, tuple[str, str]] = field(default_factory=dict)
    _finder: CopyFinder | None = None

    def start(self) -> None:
        self.known = self.index.catalog.fingerprints()

    @property
    def finder(self) -> CopyFinder:
        """The near-copy index of the stored articles, built when a new article first needs it (an
        unchanged re-ingest never does, and skips loading datasketch and every signature)."""
        if self._finder is None:
            self._finder = CopyFinder(self.index.catalog.signatures())
        return self._finder

    def file(self, path: Path) -> None:
        """One file: skipped when unchanged; else its new and changed articles stored, its copies
        recorded as carriers of the articles they copy, its gone articles removed."""
        key = str(path.resolve())
        st = path.stat()
        if self._unchanged(key, (st.st_size, st.st_mtime_ns)):
            return
        partly: PartlyRead | None = None
        try:
            raws = read_file(path, max_bytes=int(self.index.settings.ingest.max_file_mb * 1024 * 1024))
        except PartlyRead as exc:
            raws, partly = exc.articles, exc
        self.store(key, (st.st_size, st.st_mtime_ns), raws, partly)

    def _unchanged(self, key: str, version: tuple[int, int]) -> bool:
        if self.index.catalog.file_record(key) != (*version, self.options):
            return False
        self.report.files_unchanged += 1
        self.report.articles_unchanged += len(self.index.catalog.file_articles(key))
        return True

    def store(
        self, key: str, version: tuple[int, int], raws: list[RawArticle], partly: PartlyRead | None = None
    ) -> None:
        """The articles read under ``key`` (a file, or a web entry) at ``version``: skipped when that
        version is stored; else new and changed ones stored, copies recorded, gone ones removed."""
        catalog, report = self.index.catalog, self.report
        if partly is None and self._unchanged(key, version):
            return
        raws, partly = self._within_size(raws, partly)
        planned, repeats = plan(raws, self.flags, self.options, catalog)
        carried = [(p.meta.article_id, p, 1.0) for p in repeats] + self._copies(planned, catalog.file_articles(key))
        new_ids = list(dict.fromkeys([*planned, *(orig for orig, _, _ in carried)]))
        previous = catalog.file_articles(key)
        stale = [a for a in previous - set(new_ids) if not catalog.referenced_elsewhere(a, key)]
        replaced = [a for a, p in planned.items() if a in self.known and self.known[a][0] != p.fingerprint]
        todo = [p for a, p in planned.items() if a not in self.known or a in replaced]
        report.articles_unchanged += len(planned) - len(todo)
        if todo:
            check_writable(self.index)  # a refused setting must not cost the articles replaced
        if todo or stale or carried:
            catalog.forget_file(key)  # stopped half-way, the next ingest reads the file again
        self.index.delete(stale + replaced)
        report.articles_removed += len(stale)
        report.articles_replaced += len(replaced)
        report.articles_added += len(todo) - len(replaced)
        report.chunks_added += write(self.index, todo, self.progress)
        report.undated += [(p.meta.article_id, p.meta.title, p.meta.origin) for p in todo if not p.meta.published]
        for a in stale:
            self.known.pop(a, None)
            if self._finder:
                self._finder.forget(a)
        self.known.update({a: (p.fingerprint, "complete") for a, p in planned.items()})
        self._record_carriers(key, carried)
        catalog.record_file(key, version[0], version[1], self.options, new_ids)
        if partly:
            raise partly  # the good parts are stored; the file is reported as failed, with what failed

    def _within_size(self, raws: list, partly: PartlyRead | None) -> tuple[list, PartlyRead | None]:
        """The articles under ``max_article_chars``; the others are named as what failed."""
        cap = self.index.settings.ingest.max_article_chars
        kept = [r for r in raws if len(r.text) <= cap]
        if len(kept) == len(raws):
            return raws, partly
        why = (
            f"{len(raws) - len(kept)} article(s) longer than {cap:,} characters (max_article_chars) left out; "
            "is it really one article? split it, or raise BRIEFER_MAX_ARTICLE_CHARS"
        )
        if not kept:
            raise ReadError(why)
        return kept, PartlyRead(f"{partly}; {why}" if partly else why, kept)

    def _copies(self, planned: dict[str, Planned], previous: set[str]) -> list[tuple[str, Planned, float]]:
        """Articles of this file that copy one stored from elsewhere (taken out of ``planned``)."""
        found = []
        for aid, p in list(planned.items()):
            if aid in self.known and aid not in previous and self.known[aid][0] != p.fingerprint:
                found.append((aid, p, 1.0))  # the same text, stored from another file with other metadata
            elif aid not in self.known:
                near = self.finder.original_of(p.facets.signature, exclude=aid)
                if near is None or near[0] in previous:  # none, or an edit of this very file's (entry's) article
                    self.finder.add(aid, p.facets.signature)
                    continue
                found.append((near[0], p, near[1]))
            else:
                continue
            del planned[aid]
        return found

    def _record_carriers(self, key: str, carried: list[tuple[str, Planned, float]]) -> None:
        catalog = self.index.catalog
        with catalog.transaction():
            catalog.drop_carriers(key)
            for original, p, sim in carried:
                m = p.meta
                catalog.add_carrier(
                    original, key, m.origin, Carrier(m.source, m.url, m.title, m.published, round(sim, 3))
                )
        self.report.copies += len(carried)
