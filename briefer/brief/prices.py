"""A product's price as a launch lists it: "512GB Steam Deck OLED ($549)", "$529 - 512 GB OLED (up
from 256 GB)", "the 512GB OLED model will cost $550", and a starting price, "The Steam Deck OLED starts
at $549".

Two prices conflict when two articles of a story price the same configuration (the same storage,
and the model words of one within the other's) differently by more than ``PRICE_TOLERANCE`` ($549
and $550 are one price rounded); a starting price conflicts with the lowest price another article
gives a configuration of that product. Sale prices ("down to $399", "on sale for") are not list
prices and are not read.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from briefer.brief.claims import Claim
from briefer.core.records import Span

PRICE_TOLERANCE = Decimal("0.02")  # "$549" against "$550": one price, rounded
_AMOUNT = r"\$(?P<n>\d{1,3}(?:,\d{3})*(?:\.\d\d)?)(?![\d,]*\s*(?:more|less|off|extra|cheaper|discount)\b)"
_LIST_LINE = re.compile(r"^\s*" + _AMOUNT + r"\s*[-–—:]\s*(?P<thing>[^()$]{2,60}?)\s*(?:\(|$)")
_PAREN = re.compile(r"^\s*(?P<thing>[^()$.,]{2,60}?)\s*\(" + _AMOUNT + r"\)\s*\.?\s*$")
_STARTS = ("starts at", "starting at")
_PROSE = re.compile(
    r"(?P<thing>(?:[\w-]+\s+){1,6}?)(?P<verb>starts at|starting at|costs|will cost|is priced at|retails for|"
    r"sells for|will sell for|will retail for)\s+" + _AMOUNT
)
_ARTICLE = re.compile(r"^.*\b(?:the|a|an)\s+", re.I | re.S)
_CAPACITY = re.compile(r"\b(\d+)\s*(gb|tb)\b", re.I)
_FILLER = frozenset("the a an model version new edition and with while of".split())


def price_claims(
    article_id: str, text: str, sentences: list[Span], *, source: str | None, published: str | None
) -> list[Claim]:
    """The list and starting prices of an article's sentences, as claims of kind "price": the head says
    whether it is a starting price, the measured words are the product's model words, the subjects its
    storage ("512gb"), and ``named`` the priced thing as written."""
    out = []
    for k, span in enumerate(sentences):
        sent = text[span.start : span.end]
        found = [m for m in (_LIST_LINE.match(sent), _PAREN.match(sent), *_PROSE.finditer(sent)) if m]
        for m in found:
            thing, value = _thing(m["thing"]), _amount(m["n"])
            if not thing or value is None:
                continue
            entry = (m.groupdict().get("verb") or "") in _STARTS
            out.append(
                Claim(
                    value,
                    "$" + m["n"],
                    "price",
                    article_id,
                    span.start,
                    span.end,
                    " ".join(sent.split()),
                    k,
                    "starting price" if entry else "price",
                    model_words(thing),
                    frozenset(capacity(thing)),
                    "",
                    "",
                    source,
                    published,
                    named=thing,
                )
            )
    return out


def _thing(phrase: str) -> str:
    thing = " ".join(_ARTICLE.sub("", phrase).split())
    return thing if model_words(thing) or capacity(thing) else ""


def _amount(digits: str) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None


def capacity(thing: str) -> set[str]:
    """The storage a configuration names: "512 GB" and "512GB" are one."""
    return {n + unit.lower() for n, unit in _CAPACITY.findall(thing)}


def model_words(thing: str) -> frozenset[str]:
    """The words naming the product, storage aside: "512GB Steam Deck OLED" -> steam, deck, oled."""
    words = _CAPACITY.sub(" ", thing).lower().split()
    return frozenset(w.strip(".,;:") for w in words if w not in _FILLER and not w.isdigit())


def price_conflicts(claims: list[Claim]) -> list[tuple[Claim, Claim]]:
    """Conflicting prices between articles, starting prices first; each price in one pair at most."""
    prices = [c for c in claims if c.kind == "price"]
    found = []
    for a in prices:
        if a.head == "starting price":
            found += _against_lowest(a, prices)
    for i, a in enumerate(prices):
        found += [(a, b) for b in prices[i + 1 :] if _same_configuration(a, b) and _differ(a, b)]
    used: set[tuple[str, int]] = set()
    out = []
    for a, b in found:
        keys = {(a.article_id, a.start), (b.article_id, b.start)}
        if not keys & used:
            used |= keys
            out.append((a, b))
    return out


def _against_lowest(start: Claim, prices: list[Claim]) -> list[tuple[Claim, Claim]]:
    """A starting price against the lowest price each other article gives a configuration of it."""
    out = []
    for article in dict.fromkeys(c.article_id for c in prices if c.article_id != start.article_id):
        mine = [c for c in prices if c.article_id == article and c.subjects and _same_product(start, c)]
        lowest = min(mine, key=lambda c: c.value, default=None)
        if lowest and _differ(start, lowest):
            out.append((start, lowest))
    return out


def _same_product(a: Claim, b: Claim) -> bool:
    return bool(a.measure and b.measure) and (a.measure <= b.measure or b.measure <= a.measure)


def _same_configuration(a: Claim, b: Claim) -> bool:
    return a.article_id != b.article_id and bool(a.subjects) and a.subjects == b.subjects and _same_product(a, b)


def _differ(a: Claim, b: Claim) -> bool:
    hi = max(a.value, b.value)
    return hi > 0 and abs(a.value - b.value) / hi > PRICE_TOLERANCE
