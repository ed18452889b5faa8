#!/usr/bin/env python3
"""How well chat reads a request for a briefing: its intent (the news of a period, what the sources
disagree on, or an ordinary question), the period, the topic and the outlet, against the readings
of two blind labellers (``evals/labels/chat-questions-tune.jsonl``, 85 requests, which the rules were
written against, and ``chat-questions-heldout.jsonl``, 50 by another labeller, read only to check).

"Today" is the archive's latest day, 2023-12-25, as the labellers were told. A request naming a
topic and no period reads the topic's whole coverage; it matches a label of the whole archive
(ending today, 80 days or more). An outlet matches when both name the same one of the corpus's.

    python benchmarks/chat_questions.py [--list] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.chat.intents import intent, options_of  # noqa: E402

LATEST, EARLIEST = "2023-12-25", "2023-09-26"
SETS = (
    "chat-questions-tune.jsonl",
    "chat-questions-heldout.jsonl",
    "chat-questions-check.jsonl",
    "chat-questions-check2.jsonl",
    "chat-questions-check3.jsonl",
    "chat-questions-check4.jsonl",
    "chat-questions-check5.jsonl",
)


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[\w.]+", (text or "").lower().replace("’s", "").replace("'s", "")) if w != "the"}


ALIASES = {"ft": "financial times", "nyt": "new york times", "smh": "sydney morning herald"}  # labels' initials


def _outlet(name: str | None, outlets: list[str]) -> str | None:
    if not name:
        return None
    want = name.lower().removeprefix("the ")
    want = ALIASES.get(want, want)
    found = [o for o in outlets if want in o.lower()]
    return found[0] if len(found) == 1 else name


def score(row: dict, outlets: list[str]) -> dict:
    """Which parts of one request were read as labelled."""
    got = intent(row["question"], outlets)
    got = got if got in ("news", "conflicts") else None
    out = {"intent": got == row["intent"], "got_intent": got}
    if row["intent"] is None or got is None:
        return out
    opts = options_of(row["question"], outlets)
    if opts.period is not None:
        end, days = opts.period.window(LATEST, EARLIEST)
        out["window"] = (end, days) == (row["end"], row["days"])
    elif opts.topic:  # the topic's whole coverage
        out["window"] = row["end"] == LATEST and row["days"] >= 80
        end, days = "whole coverage", 0
    else:
        out["window"] = (row["end"], row["days"]) == (LATEST, 1)
        end, days = LATEST, 1
    label, mine = _words(row["topic"]), _words(opts.topic)
    out["topic"] = label == mine or (bool(label & mine) and len(label & mine) / len(label | mine) >= 0.5)
    out["source"] = _outlet(row["source"], outlets) == _outlet(opts.source, outlets)
    out["read"] = f"{end} {days}d topic={opts.topic!r} source={opts.source!r}"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/evaldata/multihop-rag/corpus.json")
    ap.add_argument("--list", action="store_true", help="print every request read otherwise than labelled")
    args = ap.parse_args()
    outlets = sorted({a["source"] for a in json.loads(args.corpus.read_text())}) if args.corpus.exists() else []
    for name in SETS:
        rows = [json.loads(line) for line in (REPO / "evals" / "labels" / name).read_text().splitlines() if line]
        scored = [score(r, outlets) for r in rows]
        asks = [s for r, s in zip(rows, scored) if r["intent"] is not None and s["intent"]]
        briefs = sum(1 for r in rows if r["intent"] is not None)
        ok = sum(1 for s in asks if s["window"] and s["topic"] and s["source"])
        print(
            f"{name}: intent {sum(s['intent'] for s in scored)}/{len(rows)}; of the {briefs} asking for a briefing, "
            f"read right {ok} ({ok / briefs:.2f}): period {sum(s['window'] for s in asks)}, "
            f"topic {sum(s['topic'] for s in asks)}, outlet {sum(s['source'] for s in asks)} of {len(asks)} recognised"
        )
        for r, s in zip(rows, scored):
            wrong = not s["intent"] or not all(s.get(k, True) for k in ("window", "topic", "source"))
            if args.list and wrong:
                parts = [k for k in ("intent", "window", "topic", "source") if not s.get(k, True)]
                print(f"  {'/'.join(parts):20s} {r['question']}")
                print(
                    f"  {'':20s} label: {r['intent']} {r['end']} {r['days']}d topic={r['topic']!r} source={r['source']!r}"
                )
                print(f"  {'':20s} read:  {s['got_intent']} {s.get('read', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
