#!/usr/bin/env python3
"""What a reader of an answer sees first: for the questions of a reader set that start with a word
("why", "when"), whether the answer's first quoted sentence is a gold sentence, and whether any is.
Reads the JSON that `briefer eval` wrote for that set.

    briefer eval evals/reader-questions-8.jsonl --llm extractive --json > out.json
    python benchmarks/gold_first.py out.json evals/reader-questions-8.jsonl --start why
"""

from __future__ import annotations

import argparse
import json
import re


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _is_gold(sentence: str, gold: list[str]) -> bool:
    """A quoted sentence is gold when it holds a gold sentence (or a fragment of one) or lies within one."""
    return any(g in sentence or (len(sentence) > 30 and sentence in g) for g in gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", help="the JSON `briefer eval ... --json` wrote")
    parser.add_argument("questions", help="the reader set it was run on (evals/reader-questions-N.jsonl)")
    parser.add_argument("--start", default="why", help="the word the questions start with")
    args = parser.parse_args()
    gold = {}
    with open(args.questions, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            if "id" in item:
                gold[item["id"]] = [_norm(g["sentence"]) for g in item.get("gold", [])]
    with open(args.result, encoding="utf-8") as f:
        result = json.load(f)
    asked = first = quoted = 0
    for q in result["per_question"]:
        if not q["question"].lower().startswith(args.start.lower()) or not gold.get(q["id"]):
            continue
        sentences = [_norm(s) for s in re.split(r"\s*\[\d+\]\s*", q.get("answer") or "") if s.strip()]
        asked += 1
        first += bool(sentences) and _is_gold(sentences[0], gold[q["id"]])
        quoted += any(_is_gold(s, gold[q["id"]]) for s in sentences)
    print(f"{asked} answerable '{args.start}' questions: gold sentence first {first}, gold sentence quoted {quoted}")


if __name__ == "__main__":
    main()
