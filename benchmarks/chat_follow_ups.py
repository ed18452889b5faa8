#!/usr/bin/env python3
"""Follow-ups in chat after a briefing, offline: for each flow of a set (default
``evals/chat-follow-ups.jsonl``), `/brief DATE`, then "Tell me more about the X story", then a follow-up
in a reader's words ("Who is the judge?"), answered as `briefer chat` answers it. A flow is right
when the answer quotes its gold sentence (the gold text appears in the answer), and on its story when
the answer cites the gold's article.

    BRIEFER_INDEX=<dir> BRIEFER_EVAL_DATA=<MultiHop-RAG> .venv/bin/python benchmarks/chat_follow_ups.py [SET.jsonl]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.chat.intents import BriefOptions  # noqa: E402
from briefer.chat.session import ChatSession  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.llm.extractive import ExtractiveLLM  # noqa: E402

DEFAULT = REPO / "evals" / "chat-follow-ups.jsonl"


def flat(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    llm = ExtractiveLLM.from_settings(settings, index.embedder)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if "question" in r]
    right = on_story = told = 0
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            session = ChatSession(index, llm, path=Path(tmp) / f"{row['id']}.json")
            session.briefing(BriefOptions(row["date"]), shown=True)
            more = f"Tell me more about {row['story']} story"
            story = session.more_on(more.removeprefix("Tell me more about ")) if hasattr(session, "more_on") else None
            if story is not None:
                session.note(more, story.sections[0].heading)
                told += 1
            else:
                session.ask(more)
            answer = session.ask(row["question"])
            hit = flat(row["gold"]) in flat(answer.text)
            cited = any(c.url == row["url"] for c in answer.citations)
            right += hit
            on_story += cited
            print(
                f"{row['id']} {'RIGHT' if hit else 'on story' if cited else 'off':8} {row['date']} "
                f"{row['question'][:50]:50} | {answer.text[:90]}"
            )
    n = len(rows)
    print(
        f"flows {n}: story told from the briefing {told}; answer quotes the gold {right} ({right / n:.3f}); "
        f"cites the gold's article {on_story} ({on_story / n:.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
