"""How well the index's stories group articles, against hand-labelled pairs of articles (one event
or two; ``evals/labels/story-pairs.jsonl``): of the labelled pairs a story puts together, the share
that are one event (precision), and of the pairs that are one event, the share a story puts together
(recall); over all pairs and over pairs of news articles (neither is service content), which are
the stories a briefing tells.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from briefer.index import Index

LABELS = "story-pairs.jsonl"


def score_story_pairs(index: Index, path: Path, resolve: Callable[[str], str | None]) -> dict | None:
    """Precision and recall of the index's stories on the labelled pairs it holds; None without labels."""
    if not path.is_file():
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs: list[tuple[str, str, bool]] = []
    for r in rows:
        a, b = resolve(r["a"]), resolve(r["b"])
        if a and b:  # pairs of articles this index holds
            pairs.append((a, b, bool(r["same"])))
    if not pairs:
        return None
    story = {aid: index.catalog.story_of(aid) for a, b, _ in pairs for aid in (a, b)}
    news = {aid: index.catalog.genre(aid)[0] < 0.5 for aid in story}
    scored = [(story[a] is not None and story[a] == story[b], same, news[a] and news[b]) for a, b, same in pairs]
    return {"pairs": len(scored), **_figures(scored, ""), **_figures([s for s in scored if s[2]], "news_")}


def _figures(scored: list[tuple[bool, bool, bool]], prefix: str) -> dict:
    together = sum(1 for t, _, _ in scored if t)
    one_event = sum(1 for _, same, _ in scored if same)
    right = sum(1 for t, same, _ in scored if t and same)
    return {
        f"{prefix}pairs_labelled": len(scored),
        f"{prefix}precision": round(right / together, 3) if together else None,
        f"{prefix}recall": round(right / one_event, 3) if one_event else None,
    }
