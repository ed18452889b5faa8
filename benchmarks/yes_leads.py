#!/usr/bin/env python3
"""How often the offline answer's "Yes:" lead is right, on a reader set of yes/no questions with
their answers (default ``evals/reader-questions-10.jsonl``: 14 whose answer is yes, 10 no, 12 traps
the articles only say were planned, sought or rumoured). A "Yes:" is right only on a yes question;
"No" is never said (``briefer.llm.leads``). Also counts the answers that decline.

    BRIEFER_INDEX=<dir> .venv/bin/python benchmarks/yes_leads.py [SET.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.answer import ask  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.llm.extractive import ExtractiveLLM  # noqa: E402
from briefer.llm.leads import YES  # noqa: E402

DEFAULT = REPO / "evals" / "reader-questions-10.jsonl"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    settings = load_settings()
    index, _ = build_index(settings, load_suite("multihop", settings.evals, None), None)
    llm = ExtractiveLLM.from_settings(settings, index.embedder)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    asked, led, declined = Counter(), Counter(), Counter()
    for row in rows:
        kind = row["answer"] or "not stated"
        answer = ask(index, llm, row["question"])
        asked[kind] += 1
        led[kind] += answer.text.startswith(YES.strip())
        declined[kind] += answer.abstained
    for kind in sorted(asked):
        print(f"{kind:10} {asked[kind]:3} questions: 'Yes:' {led[kind]:3}, declined {declined[kind]:3}")
    total = sum(led.values())
    print(f"'Yes:' leads {total}, right {led['yes']} (precision {led['yes'] / max(total, 1):.2f}, "
          f"recall {led['yes'] / max(asked['yes'], 1):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
