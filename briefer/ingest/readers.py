"""Files to RawArticles, by format: text, Markdown, HTML, JSON/JSONL, RSS/Atom. Heavy parsers load lazily.

Finding files and decoding their bytes is ``files.py``; this module parses what they hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import json
from pathlib import Path
from typing import Any

from briefer.core.records import RawArticle, masthead
from briefer.ingest import metadata
from briefer.ingest.files import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    PartlyRead,
    ReadError,
    decode,
    discover,
    normalise_newlines,
    read_bytes,
    unsupported_reason,
)
from briefer.text.control import strip_controls

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "PartlyRead", "ReadError", "discover", "read_file", "readable"]


TEXT_KEYS = ("body", "text", "content")
TITLE_KEYS = ("title", "headline")
SOURCE_KEYS = ("source", "outlet", "publisher")
PUBLISHED_KEYS = ("published_at", "published", "date", "publishedAt")
URL_KEYS = ("url", "link")
LIST_KEYS = ("articles", "items", "data")


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> list[RawArticle]:
    """Parse one file into articles; raise ReadError with a short actionable reason for: empty file,
    too large (says the limit), binary (NUL bytes / undecodable), broken JSON (with line/col), HTML with
    no extractable text, a JSON object without a text field, a feed with no entries, permission denied."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(unsupported_reason(path))
    data = read_bytes(path, max_bytes)
    if not data.strip():
        raise ReadError("empty file")
    try:
        parsed = _parse(data, suffix, path)
    except PartlyRead as part:
        part.articles = readable(part.articles)
        raise
    except (RecursionError, MemoryError):
        raise ReadError("nested too deeply to read (thousands of levels); is it really an article?") from None
    except (ValueError, OverflowError, UnicodeError) as exc:  # what the parsers below do not name themselves
        first = str(exc).splitlines()[0].split(";")[0] if str(exc) else type(exc).__name__
        raise ReadError(f"cannot be read: {first[:120]}") from None
    if not (articles := readable(parsed)):
        raise ReadError("no article text found")
    return articles


def readable(articles: list[RawArticle | None]) -> list[RawArticle]:
    """Articles with text, lone surrogates (which no file can hold) replaced, and a publication date
    that cannot be one (before 1900, or after tomorrow) dropped: ingest then names the article as undated."""
    return [_plausibly_dated(_no_surrogates(a)) for a in articles if a is not None and a.text.strip()]


def _plausibly_dated(article: RawArticle) -> RawArticle:
    latest = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    if article.published and not "1900-01-01" <= article.published <= latest:
        return dataclasses.replace(article, published=None)
    return article


def _no_surrogates(article: RawArticle) -> RawArticle:
    """The article without lone surrogates (no file can hold them) or terminal control characters."""

    def fix(s: str | None) -> str | None:
        return strip_controls(s.encode("utf-8", "replace").decode("utf-8")) if s is not None else None

    return dataclasses.replace(
        article,
        text=fix(article.text) or "",
        title=fix(article.title),
        source=fix(article.source),
        url=fix(article.url),
    )


def _parse(data: bytes, suffix: str, path: Path) -> list[RawArticle | None]:
    if suffix == ".txt":
        articles = [_read_plain(decode(data), str(path))]
    elif suffix in (".md", ".markdown"):
        front, body = _split_front_matter(decode(data))
        articles = [_read_plain(body, str(path), front)]
    elif suffix in (".html", ".htm"):
        articles = [read_html(data, str(path))]
    elif suffix == ".json":
        articles = _read_json(decode(data), path)
    elif suffix == ".jsonl":
        articles = _read_jsonl(decode(data), path)
    else:
        articles = _read_feed(data, path)
    return list(articles)


def _clean(value) -> str | None:
    """A metadata value as a one-line string, or None. Dicts give their 'name' (NewsAPI's source)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    s = " ".join(str(value).split())
    return s or None


def _fill(text: str, origin: str, title=None, source=None, published=None, url=None, guess=True) -> RawArticle:
    """An article from explicit fields; with guess, missing title/source/date come from the text."""
    text = normalise_newlines(text).strip()
    title, source, url = _clean(title), _clean(source), _clean(url)
    # JSON exports and feeds often carry HTML-escaped titles ("&#039;Massive intel failure&#039;")
    title, source = (html.unescape(v) if v and "&" in v else v for v in (title, source))
    published = metadata.parse_date(published)
    if guess and text and not (title and source and published):
        _, guessed = metadata.extract(text)
        title = title or guessed["title"]
        source = source or guessed["source"]
        published = published or guessed["published"]
    return RawArticle(text=text, origin=origin, title=title, source=source, published=published, url=url)


def _read_plain(text: str, origin: str, front: dict | None = None) -> RawArticle:
    """Text (or a Markdown body) plus optional front matter; without a given title the header
    line becomes the title and leaves the body (metadata.extract)."""
    front = front or {}
    fields = {
        "title": _first(front, ("title",)),
        "source": _first(front, ("source", "outlet")),
        "published": _first(front, ("published", "date", "published_at")),
        "url": _first(front, ("url", "link")),
    }
    if _clean(fields["title"]):
        return _fill(text, origin, **fields)
    text, guessed = metadata.extract(text)
    fields["title"] = guessed["title"]
    fields["source"] = fields["source"] or guessed["source"]
    fields["published"] = metadata.parse_date(fields["published"]) or guessed["published"]
    return _fill(text, origin, guess=False, **fields)


def _split_front_matter(text: str) -> tuple[dict, str]:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text  # an opening rule with no closing one: not front matter
    import yaml

    block = "\n".join(lines[1:end])
    try:
        try:
            front = yaml.safe_load(block)
        except ValueError:  # a value YAML reads as a date but is none ("2016-13-45"): keep every value as written
            front = yaml.load(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +2: 1-based, after the '---'
        raise ReadError(f"broken YAML front matter{where}: {getattr(e, 'problem', None) or 'invalid YAML'}") from None
    if not isinstance(front, dict):
        return {}, text
    return front, "\n".join(lines[end + 1 :])


def read_html(data: bytes, origin: str) -> RawArticle:
    import trafilatura

    doc: Any = trafilatura.bare_extraction(
        decode(data), with_metadata=True, include_comments=False, include_tables=True
    )
    if not (text := (doc.text or "").strip() if doc is not None else ""):
        raise ReadError("no article text found in HTML")
    title = _clean(doc.title)
    lines = text.split("\n", 1)
    if title and len(lines) == 2 and lines[0].strip() == title:  # the <h1> repeats the title
        text = lines[1].strip()
    return _fill(
        text,
        origin,
        title=title,
        source=masthead(doc.sitename) or doc.hostname,
        published=doc.date,
        url=doc.url,
    )


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry): trafilatura, else lxml's text_content()."""
    import trafilatura

    text = trafilatura.extract(fragment, include_comments=False, include_tables=True, favor_recall=True)
    if text and text.strip():
        return text.strip()
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fromstring(fragment)
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    return "\n".join(line.strip() for line in root.text_content().split("\n") if line.strip())


def _first(obj: dict, keys: tuple[str, ...]):
    """The first of keys with a non-empty value."""
    return next((obj[k] for k in keys if obj.get(k) not in (None, "", [], {})), None)


def _article_from_obj(obj: dict, origin: str) -> RawArticle | None:
    text = _first(obj, TEXT_KEYS)
    if isinstance(text, list) and all(isinstance(v, str) for v in text):  # a list of paragraphs
        text = "\n\n".join(text)
    if not isinstance(text, str) or not text.strip():
        return None
    return _fill(
        text,
        origin,
        title=_first(obj, TITLE_KEYS),
        source=_first(obj, SOURCE_KEYS),
        published=_first(obj, PUBLISHED_KEYS),
        url=_first(obj, URL_KEYS),
    )


NO_TEXT_FIELD = f"no article text: expected a non-empty text field ({', '.join(TEXT_KEYS)})"


def _read_json(text: str, path: Path) -> list[RawArticle]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ReadError(f"broken JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    if isinstance(doc, dict):
        items = next((doc[k] for k in LIST_KEYS if isinstance(doc.get(k), list)), None)
        if items is None:
            article = _article_from_obj(doc, str(path))
            if article is None:
                raise ReadError(NO_TEXT_FIELD)
            return [article]
    elif isinstance(doc, list):
        items = doc
    else:
        raise ReadError(
            f"JSON must be an article object, a list of them, or an object with an {'/'.join(LIST_KEYS)} list"
        )
    found = [_article_from_obj(item, f"{path}#{i}") for i, item in enumerate(items) if isinstance(item, dict)]
    articles = [a for a in found if a is not None]
    if not articles:
        raise ReadError(NO_TEXT_FIELD)
    return articles


def _read_jsonl(text: str, path: Path) -> list[RawArticle]:
    articles: list[RawArticle] = []
    rows = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    bad: list[str] = []
    for entry, (lineno, line) in enumerate(rows):
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as e:
            if isinstance(e, json.JSONDecodeError):
                bad.append(f"broken JSON on line {lineno}, column {e.colno}: {e.msg}")
            else:
                bad.append(
                    f"line {lineno} cannot be read: {'nested too deeply' if isinstance(e, RecursionError) else e}"
                )
            continue
        if not isinstance(obj, dict):
            bad.append(f"line {lineno} is not a JSON object")
        elif (article := _article_from_obj(obj, f"{path}#{entry}")) is not None:
            articles.append(article)
    if bad and articles:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise PartlyRead(f"{bad[0]}{more}; its other {len(articles)} lines were ingested", articles)
    if bad:
        raise ReadError(bad[0])
    if not articles:
        raise ReadError(NO_TEXT_FIELD)
    return articles


def _read_feed(data: bytes, path: Path) -> list[RawArticle]:
    import feedparser

    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary file, not text (contains NUL bytes)")
    # A stream, not bytes or str: feedparser would try a str or bytes as a file name or URL first.
    feed = feedparser.parse(io.BytesIO(data))
    if not feed.entries:
        raise_if_bozo(feed)
        raise ReadError("feed has no entries")
    outlet = masthead(feed.feed.get("title"))
    articles: list[RawArticle] = []
    for i, entry in enumerate(feed.entries):
        contents = [c.get("value", "") for c in entry.get("content") or []]
        raw = max(contents, key=len, default="") or entry.get("summary", "")  # summary = RSS description
        text = html_to_text(raw) if raw.strip() else ""
        if not text:
            continue
        # The date as written (feedparser's *_parsed tuples are shifted to UTC), else the tuple.
        published = metadata.parse_date(entry.get("published") or entry.get("updated"))
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if published is None and parsed:
            published = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
        source = entry.get("source", {}).get("title") if isinstance(entry.get("source"), dict) else None
        articles.append(
            _fill(
                text,
                f"{path}#{i}",
                title=entry.get("title"),
                source=source or outlet,
                published=published,
                url=entry.get("link"),
            )
        )
    if not articles:
        raise_if_bozo(feed)
        raise ReadError("feed entries have no text (no content or summary)")
    return articles


def raise_if_bozo(feed) -> None:
    if feed.bozo:
        reason = " ".join(str(feed.get("bozo_exception", "")).split()).removeprefix("<unknown>:")
        raise ReadError(f"not a readable RSS/Atom feed (XML error at {reason or 'unknown position'})")
