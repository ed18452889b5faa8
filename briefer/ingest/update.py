"""`briefer update` and `briefer ingest URL`: fetch feeds and pages, then ingest what is new.

Sources are fetched on a few threads (at most ``per_host`` connections to one host); a source that
fails is reported in one line and never stops the others. A feed that answers 304 costs one
request; an item seen before with the same content costs nothing (no page fetch, no embedding).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from briefer.index import Index
from briefer.ingest.http import Fetcher, FetchError, Response
from briefer.ingest.pipeline import Entry, IngestReport, Progress, ingest_entries
from briefer.ingest.readers import readable
from briefer.ingest.sources import Source, Sources
from briefer.ingest.web import feed_items, is_feed, item_entry, page_article, version_of


@dataclass
class Fetched:
    """What one source gave: its entries, or why it failed."""

    source: Source
    entries: list[Entry] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    unchanged: bool = False
    error: str | None = None
    response: Response | None = None


@dataclass
class UpdateReport:
    sources: list[Fetched]
    ingest: IngestReport
    seconds: float = 0.0

    @property
    def failed(self) -> list[Fetched]:
        return [f for f in self.sources if f.error]

    def to_dict(self) -> dict:
        return {
            "sources": [
                {
                    "url": f.source.url,
                    "name": f.source.name,
                    "status": f.source.status,
                    "entries": len(f.entries),
                    "error": f.error,
                }
                for f in self.sources
            ],
            "ingest": self.ingest.to_dict(),
            "seconds": round(self.seconds, 3),
        }


def update(index: Index, *, progress: Progress | None = None, fetcher: Fetcher | None = None) -> UpdateReport:
    """Fetch every source of the index and ingest what is new or changed."""
    t0 = time.perf_counter()
    sources = Sources(index.folder)
    own = fetcher is None
    fetcher = fetcher or Fetcher(index.settings.fetch)
    fetched: list[Fetched] = []

    def arriving(results: Iterator[Fetched]) -> Iterator[Entry]:
        """Each source's entries as soon as it is fetched (ingest embeds while the others download)."""
        for f in results:
            fetched.append(f)
            yield from f.entries

    min_chars = index.settings.fetch.page_min_chars
    try:
        with ThreadPoolExecutor(index.settings.fetch.fetch_workers) as pool:
            results = pool.map(lambda s: fetch_source(fetcher, s, min_chars), sources.items)
            report = ingest_entries(index, arriving(results), progress=progress)
            fetched.extend(results)  # what is left when nothing was new (ingest stopped at the first look)
    finally:
        if own:
            fetcher.close()
    _record(fetched, report)
    sources.save()
    return UpdateReport(fetched, report, time.perf_counter() - t0)


def fetch_source(fetcher: Fetcher, source: Source, min_chars: int) -> Fetched:
    """One source's new and changed entries (never raises: a failure is in ``error``)."""
    out = Fetched(source)
    try:
        got = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
        out.response = got
        if got.status == 304:
            out.unchanged = True
        elif is_feed(got):
            _feed(fetcher, source, got, min_chars, out)
        else:
            art = page_article(got, source.name, got.url)
            out.entries = [Entry(art.url or got.url, version_of(art), readable([art]))]
    except FetchError as exc:
        out.error = str(exc)
    return out


def _feed(fetcher: Fetcher, source: Source, got: Response, min_chars: int, out: Fetched) -> None:
    """The feed's items that are new or changed since the last update, as entries."""
    for item in feed_items(got.body, source.url, source.name):
        feed_version = version_of(item.article) if item.article else 0
        out.seen[item.key] = feed_version
        if source.seen.get(item.key) == feed_version:
            continue  # the same item as last time: nothing to fetch or embed
        try:
            out.entries.append(item_entry(fetcher, item, min_chars))
        except FetchError:
            out.seen.pop(item.key)  # try it again next time


def _record(fetched: list[Fetched], report: IngestReport) -> None:
    """What each source's fetch and ingest said, kept for `briefer sources list` and the next update."""
    failed = {key for key, _ in report.failed}
    now = dt.datetime.now().isoformat(timespec="seconds")
    for f in fetched:
        s = f.source
        s.last_fetch = now
        if f.error:
            s.status, s.error = "failed", f.error
            continue
        s.status, s.error = ("unchanged" if f.unchanged else "ok"), None
        if f.response is not None and not f.unchanged:
            s.etag, s.last_modified = f.response.etag, f.response.last_modified
        not_stored = {e.key.removeprefix(f"{s.url}#") for e in f.entries if e.key in failed}
        s.seen.update({k: v for k, v in f.seen.items() if k not in not_stored})
        s.articles += sum(1 for e in f.entries if e.key not in failed)


def fetch_url(index: Index, url: str, progress: Progress | None = None) -> tuple[Fetched, IngestReport]:
    """`briefer ingest URL`: one feed or page, fetched and ingested now (not kept as a source)."""
    fetcher = Fetcher(index.settings.fetch)
    try:
        fetched = fetch_source(fetcher, Source(url), index.settings.fetch.page_min_chars)
    finally:
        fetcher.close()
    return fetched, ingest_entries(index, fetched.entries, progress=progress)
