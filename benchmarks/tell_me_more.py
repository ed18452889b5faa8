#!/usr/bin/env python3
"""Chat's "tell me more about the X story" on the briefings of the labelled MultiHop-RAG days: for each
story a briefing shows (told, or listed under "Also reported"), the question names it by the first
two names of its heading (or its first four words) and ``brief.more.story_of`` must find that story;
then each told story at more length against the briefing's bullets.

    BRIEFER_INDEX=<dir> BRIEFER_EVAL_DATA=<MultiHop-RAG> .venv/bin/python benchmarks/tell_me_more.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bullet_repeats import windows  # noqa: E402

from briefer.brief.build import build  # noqa: E402
from briefer.brief.more import more_on, story_of  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.llm.extractive import ExtractiveLLM  # noqa: E402
from briefer.text.facts import facts_of  # noqa: E402


def main() -> int:
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    llm = ExtractiveLLM.from_settings(settings, index.embedder)
    asked = found = 0
    told, longer = [], []
    for date, days in windows():
        if days != 1:
            continue
        brief = build(index, llm=llm, date=date, days=days, save_history=False)
        shown = [(s.heading, s.story_id) for s in brief.sections] + [(h.text, None) for h in brief.also]
        for heading, story_id in shown:
            names = list(facts_of(heading)["names"].values())[:2]
            story = story_of(index, brief, f"the {' '.join(names or heading.split()[:4])} story")
            asked += 1
            right = story is not None and (story.story_id == story_id if story_id else story.headline == heading)
            found += right
            if not right:
                print(f"  missed  {date}  {heading[:70]}  ->  {story.headline[:50] if story else None}")
        for sec in brief.sections:
            if more := more_on(index, brief, sec.heading):
                told.append(len(sec.bullets))
                longer.append(len(more.sections[0].bullets))
    print(f"stories named: {asked}; found {found} ({found / max(asked, 1):.3f})")
    print(
        f"told at more length: {len(longer)} stories, {sum(longer) / max(len(longer), 1):.2f} bullets "
        f"(the briefing: {sum(told) / max(len(told), 1):.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
