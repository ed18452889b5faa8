"""Feeds and pages from the web, as ingest entries.

A feed (RSS 2.0, RSS 1.0 or Atom, read by feedparser) gives one entry per item, identified by its
GUID, else its link with tracking parameters stripped; when an item carries only a summary (under
``page_min_chars``), its article page is fetched (robots.txt permitting) and its text extracted by
trafilatura. A page is one entry identified by its canonical URL. Metadata come from the feed and
the page: title, outlet, date, canonical URL.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefer.core.records import RawArticle, masthead
from briefer.ingest import metadata
from briefer.ingest.http import Fetcher, FetchError, Response
from briefer.ingest.pipeline import Entry
from briefer.ingest.readers import ReadError, html_to_text, raise_if_bozo, read_html, readable

_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "at_medium", "at_campaign", "ref", "cmpid", "ocid")
_FEED_TYPES = ("rss", "atom", "xml", "rdf")
MIN_PAGE_WORDS = 40  # fewer on an article page: a paywall, a cookie wall or an index page


def canonical_url(url: str) -> str:
    """``url`` without tracking parameters or fragment, scheme and host in lower case."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(_TRACKING)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def is_feed(response: Response) -> bool:
    """Whether a response is a feed: by its content type, else by how its body opens."""
    ctype = response.content_type.split(";")[0].strip().lower()
    if any(t in ctype for t in _FEED_TYPES):
        return True
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


@dataclass
class FeedItem:
    key: str  # GUID, else the canonical link
    link: str | None
    article: RawArticle | None  # None: the feed carries no text for it


def feed_items(data: bytes, feed_url: str, outlet: str | None) -> list[FeedItem]:
    """The items of a feed, each with its text when the feed carries it."""
    import feedparser

    feed = feedparser.parse(io.BytesIO(data))
    if not feed.entries:
        raise_if_bozo_as_fetch(feed)
        raise FetchError("feed has no entries")
    name = outlet or masthead(feed.feed.get("title")) or urlsplit(feed_url).netloc
    items = []
    for entry in feed.entries:
        link = entry.get("link")
        key = entry.get("id") or (canonical_url(link) if link else None)
        if not key:
            continue
        contents = [c.get("value", "") for c in entry.get("content") or []]
        raw = max(contents, key=len, default="") or entry.get("summary", "")
        text = (html_to_text(raw) if "<" in raw else " ".join(raw.split())) if raw.strip() else ""
        published = metadata.parse_date(entry.get("published") or entry.get("updated"))
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if published is None and parsed:
            published = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
        article = RawArticle(
            text=text,
            origin=f"{feed_url}#{key}",
            title=" ".join((entry.get("title") or "").split()) or None,
            source=name,
            published=published,
            url=canonical_url(link) if link else None,
        )
        items.append(FeedItem(key, link, article if text else None))
    if feed.bozo and not any(i.article for i in items):
        raise_if_bozo_as_fetch(feed)  # broken XML that yielded nothing readable
    return items


def raise_if_bozo_as_fetch(feed) -> None:
    try:
        raise_if_bozo(feed)
    except ReadError as exc:
        raise FetchError(str(exc)) from None


def page_article(response: Response, outlet: str | None, origin: str) -> RawArticle:
    """The article of a page: its text and metadata (trafilatura), the canonical URL as its URL."""
    try:
        art = read_html(response.body, origin)
    except ReadError as exc:
        raise FetchError(f"{exc} (a paywall, or a page without an article?)") from None
    if (words := len(art.text.split())) < MIN_PAGE_WORDS:
        raise FetchError(f"no article text on the page, only {words} words (a paywall, or not an article page?)")
    return replace(art, source=outlet or art.source, url=canonical_url(art.url or response.url))


def item_entry(fetcher: Fetcher, item: FeedItem, min_chars: int) -> Entry:
    """A feed item as an entry: its own text, or its page's when the feed has only a summary."""
    art = item.article
    if item.link and (art is None or len(art.text) < min_chars) and fetcher.allowed(item.link):
        try:
            page = page_article(fetcher.get(item.link), art.source if art else None, f"{item.link}")
            art = _merged(art, page)
        except FetchError:
            pass  # keep the feed's summary when there is one
    if art is None or not (clean := readable([art])):
        raise FetchError("no text in the feed and none on its page")
    return Entry(art.origin, version_of(clean[0]), clean)


def _merged(feed: RawArticle | None, page: RawArticle) -> RawArticle:
    """The page's text with the feed's metadata first (the feed knows its own outlet and dates)."""
    if feed is None:
        return page
    return replace(
        page,
        origin=feed.origin,
        title=feed.title or page.title,
        source=feed.source or page.source,
        published=feed.published or page.published,
        url=feed.url or page.url,
    )


def version_of(article: RawArticle) -> int:
    """A number that changes when the article's text or metadata do (fits SQLite's integers)."""
    h = hashlib.blake2b(digest_size=8)
    for part in (article.text, article.title, article.source, article.published, article.url):
        h.update((part or "").encode("utf-8", "replace") + b"\x00")
    return int.from_bytes(h.digest(), "big") >> 2
