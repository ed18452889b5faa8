#!/usr/bin/env python3
"""Whether each section of a briefing opens with the news its heading announces.

Builds the offline briefing of every MultiHop-RAG day (as `briefer brief --date D` does) and looks up
each section's first bullet in the blind labels of ``evals/labels/first-bullets.jsonl`` (the eight
best candidates of each section, labelled 'news' when they tell what the heading announces and
'alone' when a reader understands them with only the heading). Prints the share of first bullets
that tell the news, that stand alone, and both; a first bullet no one has labelled yet is counted
apart and listed, to be labelled blind before its figure is quoted.

    BRIEFER_INDEX=<dir> BRIEFER_EVAL_DATA=<MultiHop-RAG> .venv/bin/python benchmarks/first_bullets.py [--list]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.brief.build import article_days, build  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.llm.extractive import ExtractiveLLM  # noqa: E402

LABELS = REPO / "evals" / "labels" / "first-bullets.jsonl"
FIRST_DAY = "2023-09-20"  # the corpus's few older articles make no day of their own


def labels() -> dict[tuple[str, str], dict]:
    """The labels by (day, sentence): a sentence keeps its verdict under another heading of its day."""
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["day"], r["sentence"]): r for r in rows if "sentence" in r}


def first_bullets() -> list[tuple[str, str, str]]:
    """(day, heading, first bullet) of every section of every day's offline briefing."""
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    llm = ExtractiveLLM(index.embedder)
    out = []
    for day in article_days(index):
        if day >= FIRST_DAY:
            brief = build(index, llm=llm, date=day, save_history=False)
            out += [(day, sec.heading, sec.bullets[0].text) for sec in brief.sections]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="also print each first bullet with its labels")
    args = ap.parse_args()
    known = labels()
    firsts = first_bullets()
    found = [(d, h, b, known.get((d, b))) for d, h, b in firsts]
    labelled = [(d, h, b, lab) for d, h, b, lab in found if lab is not None]
    n = len(labelled)
    news = sum(lab["news"] for *_, lab in labelled)
    alone = sum(lab["alone"] for *_, lab in labelled)
    both = sum(lab["news"] and lab["alone"] for *_, lab in labelled)
    print(f"{len(firsts)} sections; {n} first bullets labelled")
    print(f"tell the news {news}/{n} ({news / max(n, 1):.3f}); stand alone {alone}/{n}; both {both}/{n}")
    for d, h, b, lab in found:
        if lab is None or args.list:
            verdict = "UNLABELLED" if lab is None else f"news={lab['news']} alone={lab['alone']}"
            print(f"  {d} {verdict} | {h[:60]} | {b[:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
