"""Files on disk to RawArticles: text, Markdown, HTML, JSON/JSONL, RSS/Atom. Heavy parsers load lazily."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
from pathlib import Path

from . import metadata
from .models import RawArticle

__all__ = ["ReadError", "SUPPORTED_SUFFIXES", "MAX_FILE_BYTES", "discover", "read_file"]


class ReadError(Exception):
    """A file that cannot be ingested; str(e) is a one-line reason (no path; the caller adds it)."""


SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom"}
MAX_FILE_BYTES = 50 * 1024 * 1024  # default; parameter overrides

TEXT_KEYS = ("body", "text", "content")
TITLE_KEYS = ("title", "headline")
SOURCE_KEYS = ("source", "outlet", "publisher")
PUBLISHED_KEYS = ("published_at", "published", "date", "publishedAt")
URL_KEYS = ("url", "link")
LIST_KEYS = ("articles", "items", "data")

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files/folders (recursive, sorted, deterministic) into supported files.

    Returns (files, problems): problems are (path, reason) for missing paths, symlink loops,
    unreadable folders, and files given explicitly with an unsupported suffix. Inside folders,
    unsupported files and hidden files/dirs (names starting with '.') are silently skipped.
    Arguments keep their order; each folder's entries are visited in name order. A file reached
    twice (given twice, or through links) is listed once.
    """
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    seen_files: set[str] = set()  # real paths: links and repeated arguments add nothing new
    seen_dirs: set[str] = set()

    def add_file(p: Path) -> None:
        real = os.path.realpath(p)
        if real not in seen_files:
            seen_files.add(real)
            files.append(p)

    def walk(folder: Path, ancestors: tuple[str, ...]) -> None:
        real = os.path.realpath(folder)
        if real in ancestors:
            problems.append((folder, "symbolic link loop: leads back to a folder above it; skipped"))
            return
        if real in seen_dirs:  # reached again through another link or argument: nothing new
            return
        seen_dirs.add(real)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:  # permission denied, vanished, ...
            problems.append((folder, f"cannot read folder: {(e.strerror or str(e)).lower()}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                walk(child, ancestors + (real,))
            elif is_file:
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    add_file(child)
            elif entry.is_symlink() and _stat_errno(child) == errno.ELOOP:
                problems.append((child, "symbolic link loop; skipped"))
            # broken links, sockets, fifos inside folders: silently skipped

    for p in paths:
        p = Path(p)
        if not os.path.lexists(p):
            problems.append((p, "no such file or folder"))
        elif p.is_dir():
            walk(p, ())
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED_SUFFIXES:
                add_file(p)
            else:
                problems.append((p, _unsupported_reason(p)))
        elif _stat_errno(p) == errno.ELOOP:
            problems.append((p, "symbolic link loop"))
        elif p.is_symlink():
            problems.append((p, "broken symbolic link (its target does not exist)"))
        else:
            problems.append((p, "not a regular file or folder"))
    return files, problems


def _stat_errno(p: Path) -> int | None:
    try:
        os.stat(p)
    except OSError as e:
        return e.errno
    return None


def _unsupported_reason(p: Path) -> str:
    supported = " ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type {p.suffix.lower() or '(no extension)'}; supported: {supported}"


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> list[RawArticle]:
    """Parse one file into articles; raise ReadError with a short actionable reason for: empty file,
    too large (says the limit), binary (NUL bytes / undecodable), broken JSON (with line/col), HTML with
    no extractable text, a JSON object without a text field, a feed with no entries, permission denied."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(_unsupported_reason(path))
    data = _read_bytes(path, max_bytes)
    if not data.strip():
        raise ReadError("empty file")
    if suffix == ".txt":
        articles = [_read_plain(_decode(data), str(path))]
    elif suffix in (".md", ".markdown"):
        front, body = _split_front_matter(_decode(data))
        articles = [_read_plain(body, str(path), front)]
    elif suffix in (".html", ".htm"):
        articles = [_read_html(data, str(path))]
    elif suffix == ".json":
        articles = _read_json(_decode(data), path)
    elif suffix == ".jsonl":
        articles = _read_jsonl(_decode(data), path)
    else:
        articles = _read_feed(data, path)
    articles = [a for a in articles if a is not None and a.text.strip()]
    if not articles:
        raise ReadError("no article text found")
    return articles


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a fifo would block the read
            raise ReadError("is a folder, not a file" if stat.S_ISDIR(st.st_mode) else "not a regular file")
        if st.st_size > max_bytes:
            raise ReadError(f"file too large ({st.st_size:,} bytes; the limit is {max_bytes:,} bytes)")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # +1: a file that grew since stat() is caught too
    except PermissionError:
        raise ReadError("permission denied (check the file's read permissions)") from None
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise ReadError(f"file too large (over {max_bytes:,} bytes, the limit)")
    return data


def _decode(data: bytes) -> str:
    """Bytes to text: a BOM wins, then UTF-8, then charset_normalizer; binary is rejected.
    Detection leans to cp1252 when it is a near-best guess (short Western text often reads as cp437)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise_newlines(data[len(bom):].decode(enc))
            except UnicodeDecodeError:
                raise ReadError(f"cannot decode text: invalid {enc} after its byte-order mark") from None
    if b"\x00" not in data:
        try:
            return _normalise_newlines(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = matches[0] if matches else None
    if best is None:
        raise ReadError("binary file, not text (no text encoding fits)")
    if b"\x00" in data and not best.encoding.startswith(("utf_16", "utf_32")):
        raise ReadError("binary file, not text (contains NUL bytes)")
    text = str(best)
    if not best.encoding.startswith(("utf", "ascii")):
        near = [m for m in matches if m.chaos <= best.chaos + 0.1]
        if any("cp1252" in m.could_be_from_charset for m in near):
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
    if "\x00" in text:
        raise ReadError("binary file, not text (contains NUL characters)")
    return _normalise_newlines(text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    text = _normalise_newlines(text).strip()
    title, source, url = _clean(title), _clean(source), _clean(url)
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
    fields = {"title": _first(front, ("title",)), "source": _first(front, ("source", "outlet")),
              "published": _first(front, ("published", "date", "published_at")),
              "url": _first(front, ("url", "link"))}
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

    try:
        front = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +2: 1-based, after the '---'
        raise ReadError(f"broken YAML front matter{where}: {getattr(e, 'problem', None) or 'invalid YAML'}") from None
    if not isinstance(front, dict):
        return {}, text
    return front, "\n".join(lines[end + 1:])


def _read_html(data: bytes, origin: str) -> RawArticle:
    import trafilatura

    doc = trafilatura.bare_extraction(_decode(data), with_metadata=True, include_comments=False, include_tables=True)
    if not (text := (doc.text or "").strip() if doc is not None else ""):
        raise ReadError("no article text found in HTML")
    title = _clean(doc.title)
    lines = text.split("\n", 1)
    if title and len(lines) == 2 and lines[0].strip() == title:  # the <h1> repeats the title
        text = lines[1].strip()
    return _fill(text, origin, title=title, source=doc.sitename or doc.hostname,
                 published=doc.date, url=doc.url)


def _html_to_text(fragment: str) -> str:
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
    return _fill(text, origin, title=_first(obj, TITLE_KEYS), source=_first(obj, SOURCE_KEYS),
                 published=_first(obj, PUBLISHED_KEYS), url=_first(obj, URL_KEYS))


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
        raise ReadError("JSON must be an article object, a list of them, or an object with an "
                        f"{'/'.join(LIST_KEYS)} list")
    articles = [_article_from_obj(item, f"{path}#{i}") for i, item in enumerate(items) if isinstance(item, dict)]
    if not any(articles):
        raise ReadError(NO_TEXT_FIELD)
    return articles


def _read_jsonl(text: str, path: Path) -> list[RawArticle]:
    articles = []
    rows = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    for entry, (lineno, line) in enumerate(rows):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise ReadError(f"broken JSON on line {lineno}, column {e.colno}: {e.msg}") from None
        if not isinstance(obj, dict):
            raise ReadError(f"line {lineno} is not a JSON object")
        articles.append(_article_from_obj(obj, f"{path}#{entry}"))
    if not any(articles):
        raise ReadError(NO_TEXT_FIELD)
    return articles


def _read_feed(data: bytes, path: Path) -> list[RawArticle]:
    import feedparser

    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary file, not text (contains NUL bytes)")
    # A stream, not bytes or str: feedparser would try a str or bytes as a file name or URL first.
    feed = feedparser.parse(io.BytesIO(data))
    if not feed.entries:
        _raise_if_bozo(feed)
        raise ReadError("feed has no entries")
    outlet = feed.feed.get("title")
    articles = []
    for i, entry in enumerate(feed.entries):
        contents = [c.get("value", "") for c in entry.get("content") or []]
        raw = max(contents, key=len, default="") or entry.get("summary", "")  # summary = RSS description
        text = _html_to_text(raw) if raw.strip() else ""
        if not text:
            articles.append(None)
            continue
        # The date as written (feedparser's *_parsed tuples are shifted to UTC), else the tuple.
        published = metadata.parse_date(entry.get("published") or entry.get("updated"))
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if published is None and parsed:
            published = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
        source = entry.get("source", {}).get("title") if isinstance(entry.get("source"), dict) else None
        articles.append(_fill(text, f"{path}#{i}", title=entry.get("title"), source=source or outlet,
                              published=published, url=entry.get("link")))
    if not any(articles):
        _raise_if_bozo(feed)
        raise ReadError("feed entries have no text (no content or summary)")
    return articles


def _raise_if_bozo(feed) -> None:
    if feed.bozo:
        reason = " ".join(str(feed.get("bozo_exception", "")).split()).removeprefix("<unknown>:")
        raise ReadError(f"not a readable RSS/Atom feed (XML error at {reason or 'unknown position'})")
