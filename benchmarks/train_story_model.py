"""Train the story model of ``briefer/brief/newsvalue.py`` and write ``briefer/brief/data/story_model.json``.

A logistic regression over ``newsvalue.FEATURES`` of every story of every hand-labelled day
(``evals/labels/days-*.json``): a story is positive when it holds an article the labels call one of
the day's top stories. Service content is left out (it is never shown). Leave-one-day-out figures,
each day scored by a model that never saw it, go into the model file: the share of days whose first
story is a top story (and a multi-outlet one when the day has one), top stories among the first
three, and the share of bullets from top stories under the briefing's rule for telling stories.

    .venv/bin/python benchmarks/train_story_model.py [--leave-out days-holdout8.json] [-o FILE] [--dry-run]

``--leave-out`` trains without those label files' days (to score them with `briefer eval briefing`
and ``BRIEFER_STORY_MODEL=FILE``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.brief.build import _feature  # noqa: E402
from briefer.brief.extractive import _bullets_for  # noqa: E402
from briefer.brief.newsvalue import FEATURES, features  # noqa: E402
from briefer.brief.stories import stories_of_window  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.briefing import _resolver  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.ingest.write import backfill, needs_backfill  # noqa: E402

LABELS = REPO / "evals" / "labels"
OUT = REPO / "briefer" / "brief" / "data" / "story_model.json"
C = 1.0
THRESHOLD = 0.5


def collect(skip: set[str]) -> list[dict]:
    """One row per story of each labelled day: its features, whether it is a top story, its kind."""
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    if needs_backfill(index):
        with index.writing():
            backfill(index)
    resolve = _resolver(index)
    rows = []
    for path in sorted(LABELS.glob("days-*.json")):
        if path.name in skip:
            continue
        for day in json.loads(path.read_text())["days"]:
            top, multi = set(), set()
            for s in day["top_stories"]:
                ids = {resolve(u) for u in s["articles"] + [e["url"] for e in s.get("live_entries", [])]}
                top |= ids
                multi |= ids if s.get("multi_outlet") else set()
            date = day["date"]
            for story in stories_of_window(index, date, date):
                if story.kind == "service":
                    continue
                ids = {a.article_id for a in story.articles if a.published == date}
                rows.append({"day": date, "x": features(story, date, date), "top": bool(ids & top),
                             "multi": bool(ids & multi), "has_multi": bool(multi), "story": story})
    return rows


def fit(rows: list[dict]):
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r["x"][k] for k in FEATURES] for r in rows])
    return LogisticRegression(C=C, max_iter=5000).fit(x, np.array([r["top"] for r in rows]))


def leave_one_day_out(rows: list[dict]) -> dict:
    """Each day ranked by a model trained on the other days."""
    days = sorted({r["day"] for r in rows})
    lead = lead_multi = top3 = 0.0
    shares = []
    for day in days:
        model = fit([r for r in rows if r["day"] != day])
        mine = [r for r in rows if r["day"] == day]
        p = model.predict_proba(np.array([[r["x"][k] for k in FEATURES] for r in mine]))[:, 1]
        for r, q in zip(mine, p, strict=True):
            r["story"].value = float(q)
        ranked = sorted(mine, key=lambda r: -r["story"].value)
        row = {id(r["story"]): r for r in mine}
        tops = sum(r["top"] for r in mine)
        top3 += sum(r["top"] for r in ranked[:3]) / min(3, max(tops, 1))
        told, _ = _feature([r["story"] for r in ranked], 3, THRESHOLD, (day, day))  # the briefing's own rule
        told_rows = [row[id(s)] for s in told]
        bullets = [_bullets_for(i, len(s.outlets), 3) for i, s in enumerate(told)]
        shares.append(sum(b for b, r in zip(bullets, told_rows, strict=True) if r["top"]) / max(sum(bullets), 1))
        if told_rows:
            lead += told_rows[0]["top"]
            lead_multi += told_rows[0]["multi"] if told_rows[0]["has_multi"] else told_rows[0]["top"]
    n = len(days)
    return {"days": n, "lead_is_top_story": round(lead / n, 3), "lead_multi_outlet_first": round(lead_multi / n, 3),
            "top_stories_in_first_three": round(top3 / n, 3), "top_story_bullets_estimate": round(float(np.mean(shares)), 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--leave-out", action="append", default=[], help="a label file whose days are not trained on")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only; write nothing")
    args = ap.parse_args()
    rows = collect(set(args.leave_out))
    cv = leave_one_day_out(rows)
    print(f"{len(rows)} stories, {sum(r['top'] for r in rows)} top; leave-one-day-out: {cv}")
    if args.dry_run:
        return 0
    model = fit(rows)
    card = {"features": list(FEATURES), "intercept": round(float(model.intercept_[0]), 4),
            "weights": {k: round(float(w), 4) for k, w in zip(FEATURES, model.coef_[0], strict=True)},
            "cv": cv, "trained_on": f"{len(rows)} stories of {cv['days']} hand-labelled MultiHop-RAG days",
            "left_out": sorted(args.leave_out), "C": C}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(card, indent=1) + "\n")
    print(f"wrote {args.output}: {card['weights']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
