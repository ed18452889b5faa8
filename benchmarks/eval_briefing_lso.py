#!/usr/bin/env python3
"""Leave-one-label-set-out briefing figures: for each ``evals/labels/days-*.json``, train the story
model without its days (``train_story_model.py --leave-out``), score that set with it (``briefer eval
briefing --labels``), and print each set's figures and the per-day means over all of them.

Usage: BRIEFER_INDEX=<dir> python benchmarks/eval_briefing_lso.py [--keep DIR]
(the MultiHop-RAG eval index is built under ``<dir>/evals`` on first use, as ``briefer eval`` does).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIGURES = ("top_story_coverage", "top_story_bullets", "noise_bullets", "lead_is_top_story", "seconds")


def score_set(labels: Path, work: Path) -> list[dict]:
    model = work / f"story_model-without-{labels.stem}.json"
    train = [sys.executable, str(REPO / "benchmarks" / "train_story_model.py"), "--leave-out", labels.name, "-o", str(model)]
    subprocess.run(train, check=True, capture_output=True)
    briefer = Path(sys.executable).parent / "briefer"
    env = {**os.environ, "BRIEFER_STORY_MODEL": str(model)}
    out = subprocess.run([str(briefer), "eval", "briefing", "--labels", str(labels), "--json"],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)["days"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="keep the per-set models and reports in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefer-lso-"))
    work.mkdir(parents=True, exist_ok=True)
    days: list[dict] = []
    for labels in sorted((REPO / "evals" / "labels").glob("days-*.json")):
        mine = score_set(labels, work)
        days += mine
        print(labels.stem, {k: _mean(mine, k) for k in FIGURES}, flush=True)
    print(f"{len(days)} days, each scored by a story model that never saw its set:")
    print({k: _mean(days, k) for k in FIGURES})
    return 0


def _mean(days: list[dict], key: str) -> float | None:
    values = [d[key] for d in days if d.get(key) is not None]
    return round(sum(values) / len(values), 3) if values else None


if __name__ == "__main__":
    sys.exit(main())
