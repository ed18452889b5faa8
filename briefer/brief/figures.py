"""Figures reported in articles, and conflicts between them.

A *claim* is a number in a sentence (a count or a percentage) with what it counts (the sentence
with the figure masked, plus the previous sentence when this one leans on it: "put the figure at
20,000") and who is quoted. Two claims conflict when they are about the same thing (similar
masked contexts sharing a key word near the figure), come from different articles or different
quoted sources, and their values differ by more than a tolerance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from briefer.brief.records import ConflictReport, Side, SourceBook
from briefer.index import Index
from briefer.text.facts import NUMBER_RE
from briefer.text.words import SEARCH_STOPWORDS as STOPWORDS
from briefer.text.words import terms

_PERCENT = re.compile(r"^\s*(%|per ?cent\b|percent\b)", re.I)
_UNIT_AFTER = re.compile(
    r"^\s*(-?\s*)?(years?|months?|weeks?|days?|hours?|minutes?|seconds?|km|kilomet|miles?|metres?|meters?|"
    r"am|pm|a\.m|p\.m|th\b|st\b|nd\b|rd\b)",
    re.I,
)
_LEANS_BACK = re.compile(r"\b(the|that|this|its|their) (figure|estimate|toll|tally)\b|\b(that|this) number\b", re.I)
_QUALIFIER = re.compile(
    r"(more than|over|at least|about|around|nearly|almost|up to|some|an estimated|estimated|fewer than|less than|under)\s*$",
    re.I,
)
_ATTRIBUTION = [
    re.compile(r"according to (?P<who>[^,.;]{3,80})", re.I),
    re.compile(r"(?<!\d),\s*(?P<who>[^,]{3,80}?)\s+(?:said|says|told|reported)\b"),
    re.compile(r"^(?P<who>[^,]{3,80}?)\s+(?:said|says|told|put|estimated|estimates|reported|confirmed)\b"),
    re.compile(r"\b(?:said|says)\s+(?P<who>[A-Z][^,.]{2,60})"),
]
GENERIC = {
    "people",
    "civilian",
    "person",
    "number",
    "figure",
    "estimate",
    "more",
    "than",
    "about",
    "around",
    "over",
    "least",
    "some",
    "still",
    "also",
    "said",
    "say",
    "told",
    "according",
}


@dataclass
class Claim:
    value: Decimal
    surface: str  # the figure as written, qualifier included ("more than 1,50,000")
    kind: str  # "count" | "percent"
    article_id: str
    start: int  # sentence span in the article text
    end: int
    sentence: str
    context: str  # sentence (and the one it leans on) with the figure masked
    keys: frozenset[str]  # content words near the figure
    head: str | None  # the word the figure counts ("rebels" in "1,200 rebels"), if any
    who: str  # who is quoted, or the outlet
    source: str | None
    title: str
    published: str | None


def attribution(sentence: str, fallback: str) -> str:
    for pattern in _ATTRIBUTION:
        m = pattern.search(sentence)
        if m:
            who = " ".join(m["who"].split()).strip(" -—\"'“”")
            if who and len(who.split()) <= 12:
                return who[0].upper() + who[1:]
    return fallback


def extract_claims(
    article_id: str, text: str, sentences, *, source: str | None, title: str, published: str | None
) -> list[Claim]:
    claims = []
    for k, span in enumerate(sentences):
        sent = text[span.start : span.end]
        for m in NUMBER_RE.finditer(sent):
            digits = re.sub(r"[,\s\u00a0\u202f]", "", m["n"]) + (m["f"] or "")
            try:
                value = Decimal(digits)
            except InvalidOperation:
                continue
            after = sent[m.end() :]
            percent = bool(_PERCENT.match(after))
            if not percent:
                is_year = 1900 <= value <= 2100 and "," not in m["n"]
                if is_year or value < 10 or _UNIT_AFTER.match(after) or m["s"]:
                    continue
            qual = _QUALIFIER.search(sent[: m.start()])
            surface = ((qual.group(1) + " ") if qual else "") + m.group().strip()
            masked = NUMBER_RE.sub(" N ", sent)
            near = sent[max(0, m.start() - 60) : m.end() + 80]
            if k and (len(terms(sent)) < 7 or _LEANS_BACK.search(sent)):
                prev = sentences[k - 1]
                masked = text[prev.start : prev.end] + " " + masked
                near = text[prev.start : prev.end] + " " + near
            keys = frozenset(t for t in terms(near) if t not in GENERIC and not t.isdigit())
            first = re.match(r"\s*([A-Za-z]+)", after)
            head = terms(first.group(1))[0] if first and terms(first.group(1)) else None
            claims.append(
                Claim(
                    value,
                    surface,
                    "percent" if percent else "count",
                    article_id,
                    span.start,
                    span.end,
                    sent,
                    masked,
                    keys,
                    head,
                    attribution(sent, f"{source}, unattributed" if source else "unattributed"),
                    source,
                    title,
                    published,
                )
            )
    return claims


PEOPLE = {"people", "civilian", "resident", "person", "inhabitant", "refugee", "displaced"}


def same_counted(a: str | None, b: str | None) -> bool:
    """Whether two figures can count the same thing, judged by the words they count."""
    if not a or not b or a == b or a in STOPWORDS or b in STOPWORDS:
        return True
    return a in PEOPLE and b in PEOPLE


@dataclass
class Conflict:
    a: Claim
    b: Claim
    similarity: float


def find_conflicts(
    claims: list[Claim], embedder, *, min_similarity: float = 0.55, tolerance: float = 0.15, limit: int = 8
) -> list[Conflict]:
    """Pairs of claims about the same thing whose values disagree, most similar first; each claim
    appears in at most one conflict."""
    if len(claims) < 2:
        return []
    vecs = embedder.embed([c.context for c in claims])
    sims = vecs @ vecs.T
    # words near most figures (the story's place, say) say nothing about *what* is counted
    df: dict[str, int] = {}
    for c in claims:
        for k in c.keys:
            df[k] = df.get(k, 0) + 1
    common = {k for k, n in df.items() if n > max(2, 0.25 * len(claims))}
    pairs = []
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            a, b = claims[i], claims[j]
            if a.kind != b.kind or (a.article_id == b.article_id and a.who == b.who):
                continue
            if a.article_id == b.article_id and a.start == b.start:
                continue
            hi, lo = max(a.value, b.value), min(a.value, b.value)
            if hi == 0 or (hi - lo) / hi <= Decimal(str(tolerance)):
                continue
            shared = (a.keys & b.keys) - common
            if not same_counted(a.head, b.head) or not shared or sims[i, j] < min_similarity:
                continue
            pairs.append((float(sims[i, j]) + 0.05 * len(shared), i, j))
    used: set[int] = set()
    out = []
    for sim, i, j in sorted(pairs, reverse=True):
        if i in used or j in used:
            continue
        used |= {i, j}
        out.append(Conflict(claims[i], claims[j], sim))
        if len(out) >= limit:
            break
    return out


def figure_text(surface: str, value: Decimal) -> str:
    """ "More than 1,50,000" -> "more than 150,000": the qualifier kept, digits grouped in thousands."""
    qual = re.match(r"^(.*?)(\d[\d,\s.]*)$", surface.strip())
    words = (qual.group(1).strip().lower() + " ") if qual and qual.group(1).strip() else ""
    number = f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"
    return (words + number).strip()


def _about(*claims) -> str:
    """What the figures count, from the words after the figure ("people had fled over the weekend")."""
    best = ""
    for claim in claims:
        after = claim.sentence[claim.sentence.find(claim.surface.split()[-1]) + len(claim.surface.split()[-1]) :]
        phrase = re.split(r"[,;:(]| -- | – | — ", after, maxsplit=1)[0].strip(" .")
        words = phrase.split()[:7]
        while words and words[-1].lower() in STOPWORDS:
            words.pop()
        phrase = " ".join(words)
        if len(phrase) > len(best) and claim.head:
            best = phrase
    return best or "the same figure"


def figure_conflicts(index: Index, ids: list[str], book: SourceBook) -> list[ConflictReport]:
    claims = []
    for aid in ids:
        m = index.catalog.meta(aid)
        claims += extract_claims(
            aid,
            index.catalog.article_text(aid),
            index.catalog.sentences(aid),
            source=m.source,
            title=m.title,
            published=m.published,
        )
    reports = []
    for c in find_conflicts(claims, index.embedder):
        sides = []
        for claim in (c.a, c.b):
            fig = figure_text(claim.surface, claim.value) + (" per cent" if claim.kind == "percent" else "")
            sides.append(Side(fig, claim.surface, claim.who, book.quote(claim.article_id, claim.start, claim.end)))
        reports.append(ConflictReport(_about(c.a, c.b), sides))
    return reports
