"""Best-effort metadata for plain-text articles, and date normalisation.

Everything here is heuristic and cheap: it only fills fields that a file did not give
explicitly (front matter, JSON fields, feed entries), and CLI flags override it later.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["parse_date", "extract"]

TITLE_MAX_CHARS = 200
FALLBACK_TITLE_CHARS = 80
DATELINE_PARAGRAPHS = 3
FIRST_PARAGRAPH_CHARS = 500

# Header lines that carry no title of their own ("Story highlights" then bullets, as on CNN).
BOILERPLATE_LINES = {
    "story highlights",
    "highlights",
    "key points",
    "advertisement",
    "breaking news",
    "live updates",
    "read more",
    "share this",
    "share this article",
    "skip to main content",
}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
# "December 8, 2016", "Dec. 8, 2016", "8 December 2016", "2016-12-08" inside running text.
_TEXT_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}"
    rf"|\d{{1,2}}{_ORD}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b"
)
# An explicit "date 2016-12-12" (or "date: 2016-12-12") token in a header line.
_DATE_TOKEN = re.compile(r"(?i)\bdate\s*:?\s*(\d{4}-\d{2}-\d{2})\b")
_BULLET = re.compile(r"^\s*(?:[-*•–—]|\d+[.)])\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
# "(CNN)", "WASHINGTON (Reuters) -", "LONDON, England (CNN) --" at the start of a paragraph.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+)*"  # optional upper-case city
    r"(?:,\s*[A-Z][A-Za-z.'\-]+(?:\s[A-Z][A-Za-z.'\-]+)*)?\s*)?"  # optional ", Region"
    r"\((?P<src>[A-Z][A-Za-z&.'\-]*(?:\s[A-Z][A-Za-z&.'\-]*){0,3})\)"
)
_NOT_OUTLETS = {"photo", "photos", "video", "file", "updated", "update", "getty images", "ap photo"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s")

_STRPTIME_FORMATS = (
    "%B %d %Y",  # December 8 2016 (commas removed below)
    "%b %d %Y",  # Dec 8 2016
    "%d %B %Y",  # 8 December 2016
    "%d %b %Y",  # 8 Dec 2016
    "%A %B %d %Y",  # Thursday December 8 2016
    "%A %d %B %Y",  # Thursday 8 December 2016
    "%Y/%m/%d",
    "%Y %m %d",  # 2016.12.08 (dots replaced below)
)


def parse_date(value: str | date | None) -> str | None:
    """Normalise a date to 'YYYY-MM-DD', or None when it cannot be read.

    Accepts ISO 8601 (with time and offset), RFC 822 ('Thu, 08 Dec 2016 10:00:00 GMT'),
    'December 8, 2016', 'Dec. 8, 2016', '8 December 2016', and date/datetime objects
    (YAML front matter yields those). The calendar date is kept as written: no time-zone shift.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    if not s:
        return None
    try:
        return datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", s)
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned, flags=re.IGNORECASE)
    cleaned = " ".join(cleaned.replace(",", " ").replace(".", " ").split())
    for fmt in _STRPTIME_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    # ISO-looking prefix that fromisoformat rejects, e.g. nanosecond fractions.
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    return None


def _empty_meta() -> dict:
    return {"title": None, "source": None, "published": None}


def _is_boilerplate(line: str) -> bool:
    return line.strip().rstrip(":").strip().lower() in BOILERPLATE_LINES


def _looks_like_lede(line: str) -> bool:
    """A long full sentence is the article's first paragraph, not a headline."""
    return line.rstrip().endswith(".") and len(line.split()) > 15


def _fallback_title(body: str) -> str | None:
    first = next((p for p in body.split("\n") if p.strip()), "")
    first = " ".join(_BULLET.sub("", _HEADING.sub("", first)).split())
    if not first:
        return None
    sentence = _SENTENCE_END.split(first + " ", maxsplit=1)[0].strip()
    if len(sentence) <= FALLBACK_TITLE_CHARS:
        return sentence
    cut = sentence[:FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or sentence[:FALLBACK_TITLE_CHARS]) + "…"


def _find_dateline_source(body: str) -> str | None:
    seen = 0
    for line in body.split("\n"):
        line = line.strip()
        if not line or _BULLET.match(line):
            continue
        m = _DATELINE.match(line)
        if m and m["src"].lower() not in _NOT_OUTLETS:
            return m["src"]
        seen += 1
        if seen >= DATELINE_PARAGRAPHS:
            break
    return None


def _find_text_date(body: str) -> str | None:
    first_paragraph = re.split(r"\n\s*\n", body.strip(), maxsplit=1)[0][:FIRST_PARAGRAPH_CHARS]
    for m in _TEXT_DATE.finditer(first_paragraph):
        parsed = parse_date(m.group(0))
        if parsed:
            return parsed
    return None


def extract(text: str) -> tuple[str, dict]:
    """Best-effort metadata from a plain-text article.

    Returns (body_text, meta) with meta keys title, source, published (any may be None).
    When a header line gives the title, the body is the text after it (so the header is not
    duplicated); bullets under a boilerplate header ("Story highlights") stay in the body.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta = _empty_meta()
    lines = text.split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    if not nonempty:
        return text.strip(), meta

    # Explicit "date YYYY-MM-DD" token in one of the first few lines.
    for i in nonempty[:3]:
        m = _DATE_TOKEN.search(lines[i])
        if m and parse_date(m.group(1)):
            meta["published"] = parse_date(m.group(1))
            lines = lines[:i] + [lines[i][: m.start()] + lines[i][m.end():]] + lines[i + 1:]
            break

    # Skip header lines that are empty (once the date token is gone) or boilerplate.
    body_start = 0  # index of the first line that belongs to the body
    title_idx = None
    highlights = False
    for i in range(len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        if _is_boilerplate(line):
            highlights = True
            body_start = i + 1
            continue
        title_idx = i
        break

    title_line = None
    if title_idx is not None:
        candidate = " ".join(_HEADING.sub("", _BULLET.sub("", lines[title_idx])).split())
        more_follows = any(line.strip() for line in lines[title_idx + 1:])
        if candidate and len(candidate) <= TITLE_MAX_CHARS and more_follows and not _looks_like_lede(candidate):
            title_line = candidate
            # Under "Story highlights" the title is the first bullet, which stays in the body.
            body_start = title_idx if highlights else title_idx + 1

    body = "\n".join(lines[body_start:]).strip()
    if not body:  # only a header: keep whatever text there was
        body = "\n".join(lines).strip()
    meta["title"] = title_line or _fallback_title(body)
    meta["source"] = _find_dateline_source(body)
    if meta["published"] is None:
        meta["published"] = _find_text_date(body)
    return body, meta
