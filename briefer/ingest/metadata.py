"""Best-effort metadata for plain-text articles, and date normalisation.

Everything here is heuristic and cheap: it only fills fields that a file did not give
explicitly (front matter, JSON fields, feed entries), and CLI flags override it later.
"""

from __future__ import annotations

import re

from briefer.text.dates import TEXT_DATE, parse_date

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
    for m in TEXT_DATE.finditer(first_paragraph):
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
            lines = lines[:i] + [lines[i][: m.start()] + lines[i][m.end() :]] + lines[i + 1 :]
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
        more_follows = any(line.strip() for line in lines[title_idx + 1 :])
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
