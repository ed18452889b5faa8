#!/usr/bin/env python3
"""Quotes that say whom they mean only with a pronoun, in the offline answers to every reader set
(``evals/reader-questions*.jsonl``): "He introduced a way to put cranberries in a can in 1912.", read
without the sentence before it, leaves the reader to guess who "he" is, and may read as whoever the
question names. Counts the answers' quotes (``only_a_pronoun``) and how many follow, directly, the
sentence of their article that names someone (``briefer.llm.neighbours.with_context``).

    BRIEFER_INDEX=<dir> BRIEFER_EVAL_DATA=<MultiHop-RAG> .venv/bin/python benchmarks/pronoun_quotes.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.answer import ask  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.llm.extractive import ExtractiveLLM  # noqa: E402
from briefer.text.standalone import only_a_pronoun  # noqa: E402


def main() -> int:
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    llm = ExtractiveLLM.from_settings(settings, index.embedder)
    questions = quotes = pronoun = preceded = 0
    for path in sorted((REPO / "evals").glob("reader-questions*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            row = json.loads(line)
            answer = ask(index, llm, row["question"])
            questions += 1
            cited = [(s.text, answer.citations[s.citations[0] - 1]) for s in answer.sentences if s.citations]
            for i, (text, cite) in enumerate(cited):
                quotes += 1
                if not only_a_pronoun(text):
                    continue
                pronoun += 1
                prev = cited[i - 1][1] if i else None
                preceded += prev is not None and prev.article_id == cite.article_id and prev.end <= cite.start
    print(
        f"{questions} questions, {quotes} quotes; {pronoun} say whom they mean only with a pronoun, "
        f"{preceded} of them right after a sentence of their article before them"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
