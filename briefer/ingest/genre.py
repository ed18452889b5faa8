"""What kind of article this is, for news value: service content (deals, listicles, reviews, how-tos,
promotions, gift guides, quizzes, fantasy and betting advice) and soft sections (sports,
entertainment, lifestyle) against hard news; and whether it reports the day's news at all (against
features, explainers, analyses, interviews and columns).

Three small logistic-regression models over the words of the title, the URL path and the opening of
the text, trained by ``benchmarks/train_genre.py`` and shipped in ``briefer/ingest/data/genre.json``
with their cross-validated figures. Scoring is a sum of word weights: no library is loaded for it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from briefer.core import resources

LEAD_CHARS = 600
_TOKEN = re.compile(r"[a-z0-9$%£€]+")
# Titles that say what they are: lists, rankings, reviews, how-tos, deals, gift guides, viewing guides
# ("Carabao Cup fixtures, draws, results, TV channel, and live streams for every round"). A how-to says
# so first or after a colon ("Walks, tech and protein: how to parent your own parents"), not in passing
# ("Republicans still don't know how to talk to young voters online" is news).
_SERVICE_TITLE = re.compile(
    r"^(?!(?:19|20)\d\d\b)\d{1,2}\s+[a-z]|^(?:the )?(?:top|best) \d+\b|^the best\b|"
    r"\b\d+ (?:things|ways|tips|reasons|best|biggest|greatest|mistakes|myths|gifts|places|discoveries|picks)\b|"
    r"\bpower rankings?\b|\bwe ranked\b|\breview:|\breview\s+[-–—|]|(?:^|[:,\-–—]\s+|here[’']s\s+)how to\b|\bhow to bet\b|\bon sale\b|\bideas\b|"
    r"\bbest\b[^.]*\bdeals\b|\bdeals (?:on|for|of)\b|\bdeals$|\bsave \$|\b\d+% off\b|"
    r"\bgift (?:guide|ideas)\b|\blast-minute gifts\b|\bwhat to watch\b|\bquiz\b|"
    r"\b(?:how|where) to (?:watch|stream)\b|\bTV channels?\b",  # a viewing guide
    re.I,
)
# A review's address says so: "/reviews/...", ".../steam-deck-oled-review-valve-handheld" (not "a review into");
# so does a betting section's ("/us/betting/news/spread-betting/...": "Point Spread Betting - What is a Point
# Spread Bet?", an explainer for bettors that no title rule names).
_SERVICE_PATH = re.compile(r"(?:^|/)(?:reviews|betting)/|[a-z0-9]-review(?=$|[-/.])(?!-into)")
# A weekly digest or column opens by naming itself: "welcome to Week in Review (WiR), TechCrunch's
# digest of the past week", "Welcome back to The Interchange" (a sign-up line is not one).
_ROUNDUP = re.compile(
    r"\b(?:digest|recap|roundup|round-up) of the (?:past|last|previous) (?:week|few days)|\brecaps? the past\b|"
    r"\bnewsletter (?:covering|that recaps)\b|\bis (?:a|our) weekly newsletter\b|"
    r"\bfirst appeared in [^.]{0,60}\bnewsletter\b"
)
_WELCOME = re.compile(r"\b[Ww]elcome (?:back )?to (?:the )?(?!our\b|the\b)[A-Z]")
_SERIAL = re.compile(r"\b(?:newsletter|digest|column|weekly|inbox|sign up)\b", re.I)
# An outlet's opinion section says so in the address ("/opinion/2023/11/13/...", "/commentisfree/").
_OPINION_PATH = re.compile(r"/(?:opinions?|commentary|commentisfree|columns?|columnists?|editorials?|op-?eds?)/")
# Advice for players of games (fantasy leagues, betting) is service content, whatever its form.
_PLAYER_ADVICE = re.compile(
    r"\b(?:fantasy (?:football|baseball|basketball|hockey)|dfs|draftkings|fanduel|sports betting|betting (?:odds|sites|tips|"
    r"picks|lines|guide)|sportsbooks?|odds|"
    r"best bets|props?|parlays?|promo codes?|bonus codes?|mock draft|start 'em|sit 'em|waiver wire)\b",
    re.I,
)


@dataclass(frozen=True)
class Genre:
    service: float  # probability the article is service content (not news)
    soft: float  # probability it belongs to a soft section (sports, entertainment, lifestyle)

    @property
    def kind(self) -> str:
        return "service" if self.service >= 0.5 else "soft" if self.soft >= 0.5 else "news"


def tokens(title: str, url: str | None, text: str) -> set[str]:
    """The model's features: words of the title (``t:``), the URL path (``u:``) and the opening (``b:``)."""
    path = urlparse(url).path if url else ""
    return (
        {f"t:{w}" for w in _TOKEN.findall(title.lower())}
        | {f"u:{w}" for w in _TOKEN.findall(path.lower())}
        | {f"b:{w}" for w in _TOKEN.findall(text[:LEAD_CHARS].lower())}
    )


@lru_cache(maxsize=1)
def _models() -> dict:
    return json.loads(resources.read_text("ingest", "data", "genre.json"))


def _probability(model: dict, features: set[str]) -> float:
    z = model["intercept"] + sum(model["weights"].get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def classify(title: str, url: str | None, text: str) -> Genre:
    """The article's genre probabilities (see the module docstring)."""
    models = _models()
    features = tokens(title, url, text)
    service = _probability(models["service"], features)
    path = urlparse(url).path.lower() if url else ""
    if _PLAYER_ADVICE.search(title) or _SERVICE_TITLE.search(title) or _SERVICE_PATH.search(path):
        service = max(service, 0.9)
    return Genre(
        service=round(service, 4),
        soft=round(_probability(models["soft"], features), 4),
    )


def is_roundup(text: str) -> bool:
    """Whether the article is a digest of the week's news or a named column (it opens by saying so):
    it retells stories that lead elsewhere, so it never leads a briefing itself."""
    lead = text[:LEAD_CHARS]
    return bool(_ROUNDUP.search(lead) or (_WELCOME.search(lead) and _SERIAL.search(lead)))


# A startup's round of funding, by its title ("Scalable Capital raises $65M on a flat $1.4B valuation",
# "Spill toasts one year with a 2.7M seed extension"): a sum in millions, not billions.
_FUNDING_ROUND = re.compile(
    r"\b(?:raises?|raised|nabs|lands|secures|closes|bags|snags|gets|grabs)\b[^.]{0,40}?[$€£]?\d[\d.,]*\s?(?:M|million)\b|"
    r"\b(?:pre-seed|seed|Series [A-F])\s+(?:round|extension|funding)\b",
    re.I,
)


def is_funding_round(title: str) -> bool:
    """Whether the article announces a startup's funding round (in millions): trade news, listed in a
    briefing by headline, never told or led with (none of the four in 61 hand-labelled days was a top
    story; one had led its day)."""
    return bool(_FUNDING_ROUND.search(title))


def is_opinion(url: str | None) -> bool:
    """Whether the article's address files it under the outlet's opinion section (columns, editorials,
    op-eds): an argument, not a report, so it is listed in a briefing but never told or led with."""
    return url is not None and bool(_OPINION_PATH.search(urlparse(url).path.lower()))


def news_probability(title: str, url: str | None, text: str) -> float:
    """The probability that an article reports the day's news (the ``news`` model alone)."""
    return round(_probability(_models()["news"], tokens(title, url, text)), 4)
