#!/usr/bin/env python3
"""Train the learned stand-alone model of ``briefer/brief/standalone_model.py`` and write
``briefer/brief/data/standalone_model.json``.

Examples: every bullet judged by hand (``evals/results/briefing-bullets-judged*.jsonl``) and the 400
labelled sentences (``evals/labels/standalone.jsonl``), each once (``standalone_ceiling.examples``).
Features: the sentence's vector from briefer's default embedder (the card names it; the model
applies to no other). A logistic regression; its threshold keeps ``KEEP`` of the judged bullets the
rules pass, in cross-validation. The card records cross-validated precision among those bullets,
grouped by article and, harsher, by outlet (an outlet's style never seen in training).

    .venv/bin/python benchmarks/train_standalone_model.py [--exclude-days FILE.jsonl ...] [-o FILE] [--dry-run]

``--exclude-days`` leaves out every example judged on, or published on, a day of those judged-bullet
files (to score those days with ``BRIEFER_STANDALONE_MODEL=FILE``). Needs scikit-learn (a dev extra).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from standalone_ceiling import examples  # noqa: E402

from briefer.config import load_settings  # noqa: E402
from briefer.index.embedders import make_embedder  # noqa: E402
from briefer.text.standalone import reasons  # noqa: E402

OUT = REPO / "briefer" / "brief" / "data" / "standalone_model.json"
C = 1.0
KEEP = 0.7


def _fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=5000, C=C).fit(x, y)


def cross_validated(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, groups):
        p[test] = _fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    return p


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/evaldata/multihop-rag/corpus.json")
    ap.add_argument("--exclude-days", type=Path, nargs="*", default=[])
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    ap.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = ap.parse_args()
    excluded = {json.loads(line)["day"] for f in args.exclude_days for line in f.read_text().splitlines() if line}
    rows = [r for r in examples(json.loads(args.corpus.read_text())) if not r["days"] & excluded]
    embedder = make_embedder(load_settings())
    x = embedder.embed([r["text"] for r in rows]).astype(np.float64)
    y = np.array([r["y"] for r in rows], dtype=int)
    passing = np.array([r["bullet"] and not reasons(r["text"], r["before"]) for r in rows])
    figures = {}
    threshold = None
    for name, key in (
        ("article", lambda r: r["group"]),
        ("outlet", lambda r: urlparse(r["group"]).netloc or r["group"]),
    ):
        p = cross_validated(x, y, np.array([hash(key(r)) % 10**9 for r in rows]))
        t = float(np.quantile(p[passing], 1 - KEEP)) if threshold is None else threshold
        threshold = t if threshold is None else threshold
        kept = passing & (p >= t)
        figures[f"by_{name}"] = {
            "precision_rules_alone": round(float(y[passing].mean()), 3),
            "precision_kept": round(float(y[kept].mean()), 3),
            "kept": round(float(kept.sum() / passing.sum()), 3),
        }
        print(f"cross-validated by {name}: {figures[f'by_{name}']}")
    assert threshold is not None
    model = _fit(x, y)
    card = {
        "embedder": embedder.name,
        "dimension": int(x.shape[1]),
        "intercept": round(float(model.intercept_[0]), 5),
        "weights": [round(float(w), 5) for w in model.coef_[0]],
        "threshold": round(threshold, 4),
        "cv": figures,
        "trained_on": f"{len(rows)} sentences ({int(passing.sum())} judged bullets the rules pass), "
        f"{int(y.sum())} stand alone; days left out: {sorted(excluded) or 'none'}",
    }
    print(f"threshold {card['threshold']}; {card['trained_on']}")
    if not args.dry_run:
        args.output.write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
