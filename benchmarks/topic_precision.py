#!/usr/bin/env python3
"""How well a briefing's ``--topic`` keeps to its topic: of the hand-labelled search hits of
``evals/labels/topic-hits.jsonl`` (30 topics, each over three weeks of MultiHop-RAG; the ``tune``
half was looked at while choosing the rule, the ``heldout`` half checks it), the share of the
articles ``brief.build.narrow_to_topic`` keeps that are about the topic (precision) and the share of
those about it that it keeps (recall).

Then the same over longer windows (``evals/labels/topic-months.jsonl``: 8 topics over a month or more,
two blind labellers, each listing every article of the window about its topic, and near misses): every
article of the window is read, and one the labels do not call about the topic counts as a wrong one.

    BRIEFER_INDEX=<dir> .venv/bin/python benchmarks/topic_precision.py
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.brief.build import narrow_to_topic  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402

LABELS = REPO / "evals" / "labels" / "topic-hits.jsonl"
MONTHS = REPO / "evals" / "labels" / "topic-months.jsonl"


def main() -> int:
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    by_url = {index.catalog.meta(a).url: a for a in index.catalog.published_between("0001-01-01", "9999-12-31", None)}
    groups: dict[tuple[str, str, str], dict[str, bool]] = defaultdict(dict)
    for row in map(json.loads, LABELS.read_text(encoding="utf-8").splitlines()):
        groups[(row["set"], row["topic"], row["week"])][by_url[row["url"]]] = row["about"]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # kept, kept and about, about
    for (name, topic, week), labels in groups.items():
        end = (dt.date.fromisoformat(week) + dt.timedelta(days=6)).isoformat()
        kept = set(narrow_to_topic(index, list(labels), topic, week, end, None))
        c = counts[name]
        c[0] += len(kept)
        c[1] += sum(labels[a] for a in kept)
        c[2] += sum(labels.values())
    for name, (kept, right, about) in sorted(counts.items(), reverse=True):
        print(f"{name:8} kept {kept:3} of {sum(len(v) for k, v in groups.items() if k[0] == name)} labelled hits; "
              f"precision {right / max(kept, 1):.2f}, recall {right / max(about, 1):.2f}")
    months(index, by_url)
    return 0


def months(index, by_url: dict[str, str]) -> None:
    """Precision and recall of ``narrow_to_topic`` over each labelled month, every article of it read."""
    about: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in map(json.loads, MONTHS.read_text(encoding="utf-8").splitlines()):
        if row["about"]:
            about[(row["topic"], row["start"], row["end"])].add(by_url[row["url"]])
    total = [0, 0, 0]
    for (topic, start, end), wanted in about.items():
        kept = set(narrow_to_topic(index, index.catalog.published_between(start, end, None), topic, start, end, None))
        right = len(kept & wanted)
        print(f"  {topic:32} {start} to {end}: kept {len(kept):2}, about {right:2} of {len(wanted):2}")
        total = [total[0] + len(kept), total[1] + right, total[2] + len(wanted)]
    print(f"months   kept {total[0]:3}; precision {total[1] / max(total[0], 1):.2f}, recall {total[1] / max(total[2], 1):.2f}")


if __name__ == "__main__":
    sys.exit(main())
