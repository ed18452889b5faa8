#!/usr/bin/env python3
"""Quotes read out of their context, in the offline answers to every reader set
(``evals/reader-questions*.jsonl``):

- quotes that say whom they mean only with a pronoun ("He introduced a way to put cranberries in a can
  in 1912."; ``only_a_pronoun``), which leave the reader to guess who "he" is, and how many follow a
  sentence of their article that names someone (``briefer.llm.neighbours.with_context``);
- for a question that names a year, quotes that name only other years ("The 2019 Rugby World Cup final
  ..." for the 2023 final; ``briefer.llm.extractive.OTHER_YEAR``), and the answers they lead.

    BRIEFER_INDEX=<dir> BRIEFER_EVAL_DATA=<MultiHop-RAG> .venv/bin/python benchmarks/answer_quotes.py [--without-year-rule]
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
from briefer.llm import extractive  # noqa: E402
from briefer.llm.extractive import ExtractiveLLM  # noqa: E402
from briefer.text.dates import of_another_year, years_named  # noqa: E402
from briefer.text.standalone import only_a_pronoun  # noqa: E402


def main() -> int:
    if "--without-year-rule" in sys.argv:  # the figures before OTHER_YEAR
        extractive.OTHER_YEAR = 1.0
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    llm = ExtractiveLLM.from_settings(settings, index.embedder)
    questions = quotes = pronoun = preceded = dated = other_year = led = 0
    for path in sorted((REPO / "evals").glob("reader-questions*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            row = json.loads(line)
            answer = ask(index, llm, row["question"])
            questions += 1
            cited = [(s.text, answer.citations[s.citations[0] - 1]) for s in answer.sentences if s.citations]
            years = years_named(row["question"])
            if years:
                dated += 1
                other = [of_another_year(years, text) for text, _ in cited]
                other_year += sum(other)
                led += bool(other and other[0])
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
    print(f"{dated} questions name a year; {other_year} quotes name only other years, {led} of them first")
    return 0


if __name__ == "__main__":
    sys.exit(main())
