"""Figures reported in articles: a *claim* is a count, a sum of money or a percentage in a sentence,
with what it measures (the word it counts and the words around it), the period it covers when the
sentence says ("over the weekend", "on Saturday"), and who is quoted; or a named person's age ("the
33-year-old Parker", "Kori Madison, now 20,"). A product's list price is read in ``prices.py``.

A sentence that leans on the one before ("SANA put the figure at around 20,000") measures what that
one measured, and takes its period. Measured words are compared by their Snowball stems ("killed" and
"killing" measure one thing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from briefer.core.records import Span
from briefer.text.dates import MONTHS, WEEKDAYS
from briefer.text.facts import NUMBER_RE, NUMBER_WORDS, REMEASURES, SCALES, key_facts
from briefer.text.words import SEARCH_STOPWORDS, stem, terms

_PERCENT = re.compile(r"^\s*(%|per ?cent\b|percent\b)", re.I)
# "193% higher than the market cap": a comparison of two quantities, not a share or a rate of one.
_RELATIVE = re.compile(
    r"^\s*(?:%|per ?cent\b|percent\b)\s+(?:higher|lower|more|less|fewer|above|below|bigger|smaller|larger|greater|"
    r"cheaper|faster|slower|longer|shorter)\b",
    re.I,
)
_CURRENCY = re.compile(r"[$£€]\s*$")
_UNIT_AFTER = re.compile(
    r"^\s*(-?\s*)?(years?|months?|weeks?|days?|hours?|minutes?|seconds?|km|kilomet|miles?|metres?|meters?|"
    r"am|pm|a\.m|p\.m|th\b|st\b|nd\b|rd\b|gmt\b|bst\b|et\b|-[a-z])",
    re.I,
)
# One end of a range ("30 to 50 percent", "30-50%", "from 20 to 80 percent"): neither end is a figure a
# source gives on its own, so neither is set against another report.
_RANGE_START = re.compile(r"^\s*(?:%|per ?cent\b|percent\b)?\s*(?:to|-|–|—)\s*[$£€]?\d", re.I)
_RANGE_END = re.compile(r"\d\s*(?:%|per ?cent|percent)?\s*(?:to|-|–|—)\s*[$£€]?$", re.I)
_QUALIFIER = re.compile(
    r"(more than|over|at least|about|around|nearly|almost|up to|some|an estimated|estimated|fewer than|less than|under)\s*$",
    re.I,
)
_PERIOD = re.compile(
    r"\b(?:over the (?:weekend|past \w+|last \w+)|(?:on|by|since) (?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)(?: afternoon| morning| evening| night)?|(?:this|last) (?:week|weekend|month|year)|today|"
    r"yesterday|overnight|in the (?:last|past) \d+ \w+|in (?:19|20)\d\d|per (?:day|week|month|year)|"
    r"a (?:day|week|month|year)|in (?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)|in the (?:first|second|third|fourth) quarter|in q[1-4])\b",
    re.I,
)
_ATTRIBUTION = [
    re.compile(r"according to (?P<who>[^,.;]{3,80})", re.I),
    re.compile(r"(?<!\d),\s*(?P<who>[^,]{3,80}?)\s+(?:said|says|told|reported)\b"),
    re.compile(r"^(?P<who>[^,]{3,80}?)\s+(?:said|says|told|put|estimated|estimates|reported|confirmed)\b"),
    re.compile(r"\b(?:said|says)\s+(?P<who>[A-Z][^,.]{2,60})"),
]
GENERIC = frozenset(
    "people civilian person number figure estimate estimated more than about around over least some still also "
    "said say told according reported nearly almost roughly approximately hundred thousand million billion "
    "trillion mn bn lakh crore percent cent per".split()
)
BEFORE_WORDS, AFTER_WORDS = 6, 4
# Calendar dates and clock times are not figures: "March 14", "14 March", "2016-12-12", "23.19 GMT".
_DATES = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|"
    r"Nov(?:ember)?|Dec(?:ember)?)\.?\s+\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec)[a-z]*\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[.:]\d{2}\b"
)
_PREPOSITIONS = frozenset("in of worth for on at from".split())


FIGURE_KINDS = ("count", "money", "percent", "relative")  # "relative": "193% higher than"


@dataclass(frozen=True)
class Claim:
    value: Decimal
    surface: str  # the figure as written, qualifier included ("more than 1,50,000")
    kind: str  # a figure (FIGURE_KINDS) or "age"; "price" (prices.py) and "record" (people.py) reuse the class
    article_id: str
    start: int  # sentence span in the article text
    end: int
    sentence: str
    index: int  # the sentence's position in the article
    head: str | None  # the word the figure counts ("rebels" in "1,200 rebels"), if any
    measure: frozenset[str]  # content words just before and after the figure: what is measured
    subjects: frozenset[str]  # names before the figure in its sentence: whose figure it is
    period: str  # the period the sentence gives ("over the weekend"), "" when none
    who: str  # who is quoted, or the outlet
    source: str | None
    published: str | None
    leans_on: int | None = None  # start of the previous sentence's figure this one re-measures ("that number")
    named: str = ""  # whose age ("Joseph Parker") or which product's price ("512GB Steam Deck OLED") it gives

    @property
    def qualifier(self) -> str:
        m = re.match(r"^\D*?(?=\d)", self.surface)
        return (m.group(0) if m else "").strip(" $£€").lower()


def attribution(sentence: str, fallback: str) -> str:
    for pattern in _ATTRIBUTION:
        m = pattern.search(sentence)
        if m:
            who = " ".join(m["who"].split()).strip(" -—\"'“”")
            if who and len(who.split()) <= 12:
                return who[0].upper() + who[1:]
    return fallback


def extract_claims(
    article_id: str, text: str, sentences: list[Span], *, source: str | None, published: str | None
) -> list[Claim]:
    """Every figure of an article's sentences, in order."""
    claims: list[Claim] = []
    for k, span in enumerate(sentences):
        sent = text[span.start : span.end]
        masked = _DATES.sub(lambda d: " " * len(d.group()), sent)
        found = [
            c for m in NUMBER_RE.finditer(masked) if (c := _claim(m, sent, k, article_id, span, source, published))
        ]
        if found and k and REMEASURES.search(sent):
            earlier = [c for c in claims if c.end == sentences[k - 1].end]
            if earlier:  # measures what the previous sentence measured, over its period
                found = [
                    replace(
                        c,
                        head=c.head or earlier[0].head,
                        measure=c.measure | earlier[0].measure,
                        period=c.period or earlier[0].period,
                        leans_on=earlier[0].start,
                    )
                    for c in found
                ]
        claims += found + _ages(sent, k, article_id, span, source, published)
    return claims


# A person's age: "the 33-year-old Parker", "the 31-year-old New Zealander Joseph Parker" (descriptors
# before the name), "Kaleb Michael, 18," and "Kori Madison, now 20,". A "then-25-year-old" or an age in
# a sentence about another time ("at the time", "in 2007") is not the person's age today.
NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|ten|da|al|bin))*"
_AGE_BEFORE = re.compile(r"(?<![\w-])(?<!then-)(?<!then )(?P<age>\d{1,3})-year-old\s+(?P<tail>[^,.;:()]{1,80})")
_AGE_WORDS = {w: n for w, n in NUMBER_WORDS.items() if n}  # "Peyton, eight."
_AGE_AFTER = re.compile(
    r"(?P<name>" + NAME + r"),\s+(?P<now>now\s+|aged\s+)?"
    r"(?:(?P<age>\d{1,3}),\s+(?=\D)|(?P<word>" + "|".join(_AGE_WORDS) + r")(?=,\s|\.?$))"
)
_ANOTHER_TIME = re.compile(r"\b(?:then|at the time|back in|in (?:19|20)\d\d|when (?:he|she|they) was)\b", re.I)
_PERSON = re.compile(r"^(?P<words>(?:[a-z]+\s+){0,2}?)(?P<name>" + NAME + r")(?P<rest>.*)$", re.S)
_NAMED_BEFORE = re.compile(r"(?P<name>" + NAME + r"),\s+an?\s+$")  # "Wallin, a 33-year-old native of Sweden"
_PLACE_WORDS = frozenset("of from in at for with to on by".split())  # "a native of Sweden": not the person
_NOT_PEOPLE = frozenset(MONTHS) | WEEKDAYS
_ROLE_THEN_NAME = re.compile(r"^\s+[a-z]+\s+(?P<name>" + NAME + r")")


def age_claims(
    article_id: str, text: str, sentences: list[Span], *, source: str | None, published: str | None
) -> list[Claim]:
    """The named people's ages of an article's sentences alone (``extract_claims`` gives them too)."""
    out = []
    for k, span in enumerate(sentences):
        out += _ages(text[span.start : span.end], k, article_id, span, source, published)
    return out


def _ages(sent: str, k: int, article_id: str, span: Span, source: str | None, published: str | None) -> list[Claim]:
    found = []
    for m in _AGE_BEFORE.finditer(sent):
        named = _NAMED_BEFORE.search(sent[max(0, m.start() - 60) : m.start()])
        person = named["name"] if named else _person_after(m["tail"])
        if person:
            found.append((m, person))
    for m in _AGE_AFTER.finditer(sent):
        if m["name"].split()[0].lower() not in GENERIC | _NOT_PEOPLE:
            found.append((m, m["name"]))
    now = min((m.start() for m, _ in found if m.groupdict().get("now")), default=len(sent))
    out = []
    for m, person in found:
        age = int(m["age"]) if m["age"] else _AGE_WORDS[m["word"]]
        # "at the time ... Kori Madison, now 20, and son Kaleb Michael, 18": the list after "now" is today's
        if not 1 <= age <= 110 or (_ANOTHER_TIME.search(sent[: m.start()]) and m.start() < now):
            continue
        person = person.removesuffix("’s").removesuffix("'s")
        surname = person.split()[-1].lower()
        out.append(
            Claim(
                Decimal(age),
                str(age),
                "age",
                article_id,
                span.start,
                span.end,
                " ".join(sent.split()),
                k,
                "age",
                frozenset({"age"}),
                frozenset({surname}),
                "",
                "",  # an age is the outlet's: "according to FanDuel" in its sentence is about another thing
                source,
                published,
                named=person,
            )
        )
    return out


def _person_after(tail: str) -> str | None:
    """The name an age describes: "Parker", or past a role, "Manchester United striker Rasmus Hojlund"."""
    m = _PERSON.match(tail)
    if not m or set(m["words"].split()) & _PLACE_WORDS:
        return None
    role = _ROLE_THEN_NAME.match(m["rest"])
    return role["name"] if role else m["name"]


def _claim(
    m: re.Match, sent: str, k: int, article_id: str, span: Span, source: str | None, published: str | None
) -> Claim | None:
    digits = re.sub(r"[,\s\u00a0\u202f]", "", m["n"]) + (m["f"] or "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    after, before = sent[m.end() :], sent[: m.start()]
    if _RANGE_START.match(after) or _RANGE_END.search(before):
        return None
    kind = "percent" if _PERCENT.match(after) else "money" if _CURRENCY.search(before) else "count"
    if _RELATIVE.match(after):
        kind = "relative"  # compared only with another "... % higher than"
    if kind == "count" and ((1900 <= value <= 2100 and "," not in m["n"]) or value < 10 or _UNIT_AFTER.match(after)):
        return None  # years, small numbers, durations and distances are not the figures sources dispute
    value *= SCALES.get((m["s"] or "").lower(), 1)
    qual = _QUALIFIER.search(_CURRENCY.sub("", before))  # "about $33 million": the hedge before the sign
    surface = ((qual.group(1) + " ") if qual else "") + ("$" if kind == "money" else "") + m.group().strip()
    head = _head(after)
    near = " ".join(before.split()[-BEFORE_WORDS:]) + " " + " ".join(after.split()[:AFTER_WORDS])
    lower = " ".join(w for w in near.split() if not w[:1].isupper())  # what is measured, not who
    period = " ".join(p.lower() for p in _PERIOD.findall(sent))
    unmeasured = GENERIC | set(terms(period))  # "last weekend" and "last year" share a word, not a quantity
    measure = stems(t for t in terms(lower) if t not in unmeasured and not t.isdigit() and t != head)
    of = re.match(r"\s*(?:%|per ?cent|percent)?\s*(?:of|in|at|for)\s+((?:[A-Z][\w’'&-]*\s?){1,4})", after)
    subjects = frozenset(key_facts(before)["names"]) | ({of.group(1).strip().lower()} if of else set())
    who = attribution(sent, "")
    return Claim(
        value,
        surface,
        kind,
        article_id,
        span.start,
        span.end,
        " ".join(sent.split()),
        k,
        head,
        measure,
        subjects,
        period,
        who,
        source,
        published,
    )


def stems(words) -> frozenset[str]:
    """Words by their Snowball stems: "killed", "killing" and "kills" are one measured word."""
    return frozenset(stem(w) for w in words)


def _head(after: str) -> str | None:
    """The word a figure counts: "1,200 rebels" -> rebel; "$2 billion in trading volume" -> volume."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", after[:80])
    if words and words[0].lower() in _PREPOSITIONS:
        phrase = []
        for w in words[1:4]:
            if w.lower() in SEARCH_STOPWORDS:
                break
            phrase.append(w)
        words = phrase[-1:]
    head = next(iter(terms(words[0])), None) if words else None
    return None if head in SEARCH_STOPWORDS else head
