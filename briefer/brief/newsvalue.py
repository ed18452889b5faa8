"""News value: the probability that a story is one of the day's top stories, from a small logistic
model over what a story shows on the day (``benchmarks/train_story_model.py`` trains it on the
hand-labelled days of ``evals/labels`` and writes ``brief/data/story_model.json`` with its
leave-one-day-out figures).

The features: independent outlets (all of the story's days, and the day's own), the news cycle and
prominence of its names, its articles' genre (service content, soft section, a report of the day's
news, a weekly digest), how many articles it has, and whether its openings speak of the day
("on Tuesday", "yesterday"). Scoring is a weighted sum: no library is loaded for it.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefer.core import resources
from briefer.core.errors import ConfigError
from briefer.core.records import outlet_key

if TYPE_CHECKING:
    from briefer.brief.stories import Story

FEATURES = (
    "outlets",
    "outlets_today",
    "trend",
    "prominence",
    "service",
    "soft",
    "news",
    "roundup",
    "articles",
    "timely",
)
MODEL = ("brief", "data", "story_model.json")
_TIMELY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|overnight|"
    r"this week|last week|this morning)\b"
)


def features(story: Story, start: str, end: str) -> dict[str, float]:
    """The model's inputs for ``story`` in the window ``start`` to ``end``."""
    today = story.between(start, end)

    def mean(get, default: float) -> float:
        return sum(get(a) for a in today) / len(today) if today else default

    return {
        "outlets": len(story.outlets) - 1,
        "outlets_today": max(len({k for a in today if (k := outlet_key(a.source))}) - 1, 0),
        "trend": math.log1p(story.trend),
        "prominence": math.log1p(story.prominence),
        "service": mean(lambda a: a.service, 0.0),
        "soft": mean(lambda a: a.soft, 0.0),
        "news": mean(lambda a: a.news, 0.5),
        "roundup": mean(lambda a: float(a.roundup), 0.0),
        "articles": math.log1p(len(story.articles)),
        "timely": mean(lambda a: float(a.timely), 0.0),
    }


@lru_cache(maxsize=4)
def model(path: Path | None = None) -> dict | None:
    """The story model (the shipped one, or the file at ``path``); None when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8") if path else resources.read_text(*MODEL)
        card = json.loads(text)
    except (OSError, ValueError) as exc:
        if path is None:
            return None
        raise ConfigError(f"story_model {path}: cannot read it ({exc}); unset BRIEFER_STORY_MODEL") from None
    if tuple(card["features"]) != FEATURES:
        raise ConfigError(f"story_model {path or '/'.join(MODEL)} was trained on other features; retrain it")
    return card


def probability(story: Story, start: str, end: str, path: Path | None = None) -> float:
    """How likely ``story`` is one of the window's top stories (0 to 1; 0 with no model)."""
    card = model(path)
    if card is None:
        return 0.0
    x = features(story, start, end)
    z = card["intercept"] + sum(card["weights"][k] * x[k] for k in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def timely(text: str) -> bool:
    """Whether an article's opening speaks of its day ("on Tuesday", "yesterday", "this week")."""
    return bool(_TIMELY.search(text[:600]))
