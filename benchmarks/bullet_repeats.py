#!/usr/bin/env python3
"""How often a briefing tells one fact twice under one heading: every pair of bullets of a section,
over the briefings of the labelled MultiHop-RAG days and thirteen weekly windows, looked up in the
hand labels of ``evals/labels/bullet-repeats.jsonl`` ('same': the second bullet tells a reader
nothing the heading and the first had not). Pairs no one has labelled yet are counted and listed,
to be labelled blind before their figure is quoted.

    BRIEFER_INDEX=<dir> BRIEFER_EVAL_DATA=<MultiHop-RAG> .venv/bin/python benchmarks/bullet_repeats.py
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.brief.build import build  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.llm.extractive import ExtractiveLLM  # noqa: E402

LABELS = REPO / "evals" / "labels" / "bullet-repeats.jsonl"
WEEKS = 13  # weekly windows ending on the Sundays from 2023-10-01


def windows() -> list[tuple[str, int]]:
    """The labelled days' windows and the weekly ones."""
    found = set()
    labels = REPO / "evals" / "labels"
    for path in sorted([*labels.glob("days-*.json"), *labels.glob("weeks-*.json")]):  # MultiHop-RAG's, not the seeds'
        doc = json.loads(path.read_text(encoding="utf-8"))
        found |= {(d["date"], int(d.get("window_days", 1))) for d in doc["days"]}
    first = dt.date(2023, 10, 1)
    found |= {((first + dt.timedelta(weeks=w)).isoformat(), 7) for w in range(WEEKS)}
    return sorted(found)


def main() -> int:
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    llm = ExtractiveLLM.from_settings(settings, index.embedder)
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    labels = {(r["heading"], r["first"], r["second"]): r["label"] for r in rows}
    seen, same, unlabelled = 0, [], []
    for date, days in windows():
        brief = build(index, llm=llm, date=date, days=days, save_history=False)
        for sec in brief.sections:
            for first, second in combinations([b.text for b in sec.bullets], 2):
                seen += 1
                label = labels.get((sec.heading, first, second))
                if label is None:
                    unlabelled.append((date, days, sec.heading, second))
                elif label == "same":
                    same.append((date, days, second))
    labelled = seen - len(unlabelled)
    print(
        f"bullet pairs under one heading: {seen}; labelled {labelled}; the second repeats the first: "
        f"{len(same)} ({len(same) / max(labelled, 1):.3f} of the labelled)"
    )
    for date, days, text in same:
        print(f"  same  {date}/{days}  {text[:100]}")
    for date, days, heading, text in unlabelled:
        print(f"  unlabelled  {date}/{days}  {heading[:50]} | {text[:80]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
