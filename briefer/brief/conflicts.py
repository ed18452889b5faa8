"""Conflicting reports, compared within a story only, precision first.

Two figures conflict when they measure the same quantity (same kind of figure, the same counted word
or none, a measured word in common), over the same period (both name the same one, or neither names
one), from different reports (another article, or another source quoted in the same one; never a
sentence against itself or its copy), and differ by more than ``TOLERANCE`` in a way their
qualifiers cannot reconcile ("more than 1,200" is not contradicted by 1,300). A count of something
that only grows (a death toll, tickets sold) reported higher by a later article is an update, not a
conflict (and grows by less than ``MAX_RATIO``); so is a figure an article itself says changed ("Nearly
500 ... signed. Later Monday, that number climbed to over 650"). A move ("slipped 0.3 per cent") is an event of the
day it is reported: moves reported on different days are two moves unless both name one period. Each
pair is reported once; each figure joins one report at most, and only when a sentence says what the
figures count. One end of a range ("30 to 50 percent") is not a figure (``claims.py``).

Figures are compared within the news stories a briefing tells. Three more kinds are compared where
they can be told apart from everything else: what articles say of a named person anywhere in the
window, an age given two ways (a conflict) or a win-loss record a bout or two on (an update;
``people.py``), and a product's list price (``prices.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from briefer.brief.claims import FIGURE_KINDS, Claim, age_claims, extract_claims, stems
from briefer.brief.people import PERSON_KINDS, about_people, record_claims
from briefer.brief.prices import price_claims, price_conflicts
from briefer.brief.records import ConflictReport, Side, SourceBook
from briefer.brief.stories import Story
from briefer.index import Index
from briefer.text.entries import live_page
from briefer.text.words import SEARCH_STOPWORDS, terms

TOLERANCE = Decimal("0.15")  # "about 1,300" against 1,200: hedged figures agree within this
EXACT_TOLERANCE = Decimal("0.05")  # "$30 million" against "$35 million": two figures stated outright
MAX_RATIO = 3  # figures further apart than this measure different things ($1 a coin, $3 billion)
PEOPLE = frozenset("people civilian resident person inhabitant refugee displaced".split())
CUMULATIVE = stems(
    "killed dead death died toll wounded injured arrested case sold raised signature signed total presale "
    "ticket download user subscriber".split()
)
# A move on a market or a count that changed: an event of the day it is reported, not a standing figure.
CHANGE = stems(
    "rose rise risen fell fall fallen slipped slip dropped drop down up gained gain lost jumped jump climbed climb "
    "sank sink shed added surged surge slumped slump declined decline increased decreased grew grown swelled".split()
)
_LOWER_BOUND = ("more than", "over", "at least")
_UPPER_BOUND = ("up to", "fewer than", "less than", "under")


@dataclass(frozen=True)
class Pair:
    a: Claim  # the earlier report
    b: Claim
    score: float
    kind: str  # conflict | update


def same_counted(a: str | None, b: str | None) -> bool:
    """Whether two figures can count the same thing, judged by the words they count."""
    if not a or not b or a == b:
        return True
    return a in PEOPLE and b in PEOPLE


def _comparable(a: Claim, b: Claim) -> bool:
    """The same quantity about the same subject (periods are compared later: an update spans two)."""
    if a.kind != b.kind or not same_counted(a.head, b.head):
        return False
    if a.sentence == b.sentence or a.start == b.start and a.article_id == b.article_id:
        return False  # a sentence against itself or its copy
    if _restated(a, b):
        return True  # "that number climbed to over 650": the article itself re-measures the figure before
    if a.article_id == b.article_id and (not a.who or not b.who or a.who == b.who or abs(a.index - b.index) > 2):
        return False  # an article disagrees with itself only through two sources quoted side by side
    if a.subjects and b.subjects and not a.subjects & b.subjects:
        return False  # whose figure: Wang's share is not Bankman-Fried's
    if a.kind == "money":  # sums of money in one story are many: only the same priced thing compares
        return bool(a.head and a.head == b.head) and not (a.measure | b.measure) & CHANGE
    if (a.measure | b.measure) & CHANGE and a.published != b.published and not (a.period and a.period == b.period):
        return False  # "slipped 0.3 per cent" on Sunday and "down 0.7 per cent" on Wednesday: two days' moves
    return bool(a.measure & b.measure)


def _differ(a: Claim, b: Claim) -> bool:
    if _states(a.sentence, b) or _states(b.sentence, a):
        return False  # each side also gives the other's figure: two quantities, not two reports of one
    lo, hi = sorted((a, b), key=lambda c: c.value)
    tolerance = EXACT_TOLERANCE if not (a.qualifier or b.qualifier) else TOLERANCE
    if hi.value == 0 or (hi.value - lo.value) / hi.value <= tolerance or hi.value > MAX_RATIO * lo.value:
        return False
    return not (lo.qualifier in _LOWER_BOUND or hi.qualifier in _UPPER_BOUND)  # bounds that both can meet


def _states(sentence: str, c: Claim) -> bool:
    """Whether ``sentence`` gives ``c``'s figure too."""
    return any(other.value == c.value for other in _figures(sentence))


def _figures(sentence: str) -> list[Claim]:
    from briefer.core.records import Span

    return extract_claims("", sentence, [Span(0, len(sentence))], source=None, published=None)


def _restated(a: Claim, b: Claim) -> bool:
    """Whether one claim re-measures the other's figure in the next sentence of one article, saying it
    grew ("Later Monday, that number climbed to over 650"); a fall is left alone, as briefings word
    updates as rises."""
    first, then = (a, b) if b.leans_on == a.start else (b, a) if a.leans_on == b.start else (None, None)
    if not (first and then and first.article_id == then.article_id and first.value < then.value):
        return False
    return bool(stems(terms(then.sentence)) & CHANGE)


def _update(a: Claim, b: Claim) -> bool:
    """A later, higher count of something that only grows; or a figure its article says changed."""
    if _restated(a, b):
        return True
    if not (a.published and b.published and a.published < b.published and a.value < b.value <= MAX_RATIO * a.value):
        return False  # a toll does not grow fiftyfold between two reports: that is another quantity
    return bool(({a.head, b.head} | a.measure | b.measure) & CUMULATIVE)


def pairs(claims: list[Claim]) -> list[Pair]:
    """Conflicts and updates among one story's claims, best first (most measured words in common, then
    the same counted word); each claim in one pair at most."""
    found = []
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if not _comparable(a, b):
                continue
            early, late = sorted((a, b), key=lambda c: (c.published or "", c.article_id, c.start))
            kind = "update" if _update(early, late) else "conflict" if a.period == b.period and _differ(a, b) else ""
            if kind:
                score = len(a.measure & b.measure) + (0.5 if a.head and a.head == b.head else 0.0)
                found.append(Pair(early, late, score, kind))
    used: set[tuple[str, int, str]] = set()
    out: list[Pair] = []
    for p in sorted(found, key=lambda p: -p.score):
        keys = {(p.a.article_id, p.a.start, p.a.surface), (p.b.article_id, p.b.start, p.b.surface)}
        if keys & used or any(_same_pair(p, q) for q in out):
            continue
        used |= keys
        out.append(p)
    return out


def _same_pair(p: Pair, q: Pair) -> bool:
    """The same two figures from the same two sentences (a copy of a copy), either way round."""
    return {(p.a.sentence, p.a.value), (p.b.sentence, p.b.value)} == {
        (q.a.sentence, q.a.value),
        (q.b.sentence, q.b.value),
    }


def window_conflicts(
    index: Index, told: list[Story], window: list[Story], book: SourceBook, since: str = "", until: str = "9999"
) -> list[ConflictReport]:
    """The conflicting reports and updates a briefing sets side by side, each attributed and quoted: the
    figures within each news story it tells, products' list prices, and what is said of a named person
    (an age, a win-loss record) anywhere in its window (``people.py``). Each article is read once. A pair
    needs a side published on or after ``since``: a week's briefing does not set two reports of the
    days before its week side by side, though their story runs on into it; nor a figure a live page gives
    after ``until``."""
    news = [s for s in told if s.kind == "news"]
    claims = {s.story_id: _read(index, s, (age_claims, record_claims), until) for s in window}
    claims |= {s.story_id: _read(index, s, (extract_claims, price_claims, record_claims), until) for s in news}
    found = [(p, s) for s in news for p in pairs([c for c in claims[s.story_id] if c.kind in FIGURE_KINDS])]
    found += [(p, s) for s in news for p in _prices([c for c in claims[s.story_id] if c.kind == "price"])]
    people = [(s, [c for c in claims[s.story_id] if c.kind in PERSON_KINDS]) for s in window]
    found += [(Pair(a, b, 1.0, kind), story) for a, b, kind, story in about_people(people, index.catalog.article_text)]
    found = [(p, s) for p, s in found if max(p.a.published or "", p.b.published or "") >= since]
    return [_report(p, story, book) for p, story in found if about(p.a, p.b)]  # a quantity a reader can name


def _read(index: Index, story: Story, extractors: tuple[Callable[..., list[Claim]], ...], until: str) -> list[Claim]:
    """What the extractors find in a story's articles (figures and ages, list prices, win-loss records),
    each article read once; a live page's figures dated by their entries, and none told after ``until``."""
    claims = []
    for art in story.articles:
        text, sentences = index.catalog.article_text(art.article_id), index.catalog.sentences(art.article_id)
        page = live_page(text, sentences, art.published)
        for extract in extractors:
            found = extract(art.article_id, text, sentences, source=art.source, published=art.published)
            if page is not None:
                found = [replace(c, published=page.date_of(c.index)) for c in found if page.date_of(c.index) <= until]
            claims += found
    return claims


def _prices(prices: list[Claim]) -> list[Pair]:
    ordered = (sorted(p, key=lambda c: (c.published or "", c.article_id)) for p in price_conflicts(prices))
    return [Pair(a, b, 1.0, "conflict") for a, b in ordered]


def _report(p: Pair, story: Story, book: SourceBook) -> ConflictReport:
    sides = [Side(figure_text(c), c.surface, _who(c), book.quote(c.article_id, c.start, c.end)) for c in (p.a, p.b)]
    return ConflictReport(about(p.a, p.b), sides, kind=p.kind, story=story.headline)


def _who(c: Claim) -> str:
    """Who gives the figure: the quoted source, and the outlet and date reporting it; the outlet and date
    alone when the article quotes no one for it ("TechCrunch, 2023-11-18"); "SANA, via CNN, 2016-12-12"
    when it does (in the report's brackets, no brackets within)."""
    where = ", ".join(x for x in (c.source or "unknown outlet", c.published) if x)
    if not c.who:
        return where
    return c.who if c.source and c.who == c.source else f"{c.who}, via {where}"


_SCALE_WORDS = ((Decimal(10**12), "trillion"), (Decimal(10**9), "billion"), (Decimal(10**6), "million"))


def figure_text(c: Claim) -> str:
    """ "More than 1,50,000" -> "more than 150,000": the qualifier kept, digits grouped in thousands;
    sums of a million or more in words ("$30 million", "$1.25 billion")."""
    if c.kind in ("age", "price", "record"):
        return c.surface  # "33", "$549", "34-3-0": as written
    number = f"{c.value:,.0f}" if c.value == c.value.to_integral() else f"{c.value:,}"
    scaled = next(((c.value / size, word) for size, word in _SCALE_WORDS if c.value >= size), None)
    if scaled and scaled[0] == round(scaled[0], 2):
        number = f"{scaled[0].normalize():f} {scaled[1]}"
    if c.kind == "money":
        number = "$" + number
    words = c.qualifier + " " if c.qualifier else ""
    return (words + number + (" per cent" if c.kind in ("percent", "relative") else "")).strip()


# What a figure measures ends at punctuation, a dash, another figure or a second clause.
_PHRASE_END = re.compile(r"[,;:(]| -- | – | — |\s(?=[$£€]?\d)|\s(?:and|but|while|as|after|before)\s")
_SPEECH = frozenset("saying says said telling told according".split())  # "publish a letter saying"
_ASIDE = re.compile(r"\s[—–]\s[^—–]{1,80}\s[—–]\s")
# "Hamas attacks have killed more than 1,300 people in Israel": a toll's verb before its figure, so the
# quantity reads "people in Israel killed", not as a population
_TOLL = re.compile(
    r"\b(kill|injur|wound|displac|evacuat|arrest|detain|rescu|hospitali[sz])(?:ed|ing|e|s)?\s+"
    r"(?:(?:more than|over|about|around|nearly|almost|at least|some|roughly|an estimated|a further)\s+)?$",
    re.I,
)
_PARTITIVE = re.compile(r"^\s*of\s+(\S+)\s+(?:(?:roughly|about|some|around|nearly)\s+)?[\d.,]+\s+(\w+)")


def about(*claims: Claim) -> str:
    """What the figures measure, from the words after the figure ("people had fled over the weekend")."""
    if claims[0].kind in PERSON_KINDS:
        return max((c.named for c in claims), key=len) + "'s " + claims[0].kind
    if any(c.kind == "price" for c in claims):
        priced = next((c for c in claims if c.head == "starting price"), None)
        named = priced.named if priced else max((c.named for c in claims), key=len)
        return f"{named}: {'starting price' if priced else 'price'}"
    best = ""
    for claim in claims:
        last = claim.surface.split()[-1].lstrip("$")
        after = claim.sentence[claim.sentence.find(last) + len(last) :]
        after = _ASIDE.sub(" ", after)  # "— including, remarkably, Sutskever —" is an aside
        after = _PARTITIVE.sub(r"\1 \2", after)  # "500 of OpenAI's roughly 770 employees": OpenAI's employees
        phrase = _PHRASE_END.split(after, maxsplit=1)[0].strip(" .")
        words = phrase.split()[:7]
        while words and (words[-1].lower() in SEARCH_STOPWORDS or words[-1].lower() in _SPEECH):
            words.pop()
        toll = _TOLL.search(claim.sentence[: claim.sentence.find(claim.surface)])
        if toll and words:
            words.append(toll[1].lower() + "ed")
        if len(" ".join(words)) > len(best) and claim.head:
            best = " ".join(words)
    return best  # empty when neither sentence says what its figure counts: such a pair is not reported
