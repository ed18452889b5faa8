"""Train the learned fusion (briefer/fusion.py) on MultiHop-RAG dev queries, with grouped
5-fold cross-validation, and write briefer/data/fusion.json.

    .venv/bin/python benchmarks/train_fusion.py [--data DIR] [--folds 5] [--dry-run]

Labels: a candidate chunk is positive when it holds a gold evidence fact (the paper's substring
rule). Every figure printed for the folds is measured on queries the model did not see.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer import metrics as M  # noqa: E402
from briefer.evals import build_index, load_suite  # noqa: E402
from briefer.fusion import FEATURES, WEIGHTS, features  # noqa: E402
from briefer.retrieval import Retriever  # noqa: E402
from briefer.settings import load_settings  # noqa: E402


def collect(index, questions):
    retriever = Retriever(index)
    data = []
    for n, q in enumerate(questions):
        cands, _ = retriever.candidates(q.question, k=10)
        ids = cands.ids()
        rows = index.catalog.chunk_rows(ids)
        ids = [c for c in ids if c in rows]
        X = features(cands, ids, rows)
        facts = [M.squash(g) for g in q.gold]
        texts = [rows[c]["text"] for c in ids]
        y = np.array([any(f in M.squash(t) for f in facts) for t in texts], dtype=int)
        data.append((q, ids, texts, X, y))
        if n % 200 == 0:
            print(f"  features {n}/{len(questions)}", flush=True)
    return data


def evaluate(data, model, scaler) -> dict:
    scores = []
    for q, ids, texts, X, y in data:
        s = model.decision_function(scaler.transform(X)) if len(ids) else np.zeros(0)
        order = np.argsort(-s, kind="stable")[:10]
        scores.append(M.retrieval_scores([texts[i] for i in order], q.gold))
    return {k: float(np.mean([r[k] for r in scores])) for k in ("hits@4", "hits@10", "mrr@10", "map@10")}


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only; do not write the weights")
    ap.add_argument("--eval-index", type=Path, help="use this already-built eval index folder as it is")
    args = ap.parse_args()
    settings = load_settings(fusion="rrf")
    suite = load_suite("multihop", args.data)
    if args.eval_index:
        from briefer.index import Index

        index = Index(settings.model_copy(update={"index": args.eval_index, "chroma_url": None}))
    else:
        index, _ = build_index(settings, suite)
    questions = [q for q in suite.questions if q.gold]
    data = collect(index, questions)
    groups = np.arange(len(data))
    folds = []
    for fold, (tr, te) in enumerate(GroupKFold(n_splits=args.folds).split(groups, groups=groups)):
        X = np.vstack([data[i][3] for i in tr])
        y = np.concatenate([data[i][4] for i in tr])
        scaler = StandardScaler().fit(X)
        model = LogisticRegression(C=1.0, max_iter=2000).fit(scaler.transform(X), y)
        res = evaluate([data[i] for i in te], model, scaler)
        folds.append(res)
        print(f"fold {fold}: " + "  ".join(f"{k} {v:.3f}" for k, v in res.items()), flush=True)
    cv = {k: float(np.mean([f[k] for f in folds])) for k in folds[0]}
    print("cross-validated: " + "  ".join(f"{k} {v:.3f}" for k, v in cv.items()))
    X = np.vstack([d[3] for d in data])
    y = np.concatenate([d[4] for d in data])
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(scaler.transform(X), y)
    print("weights: " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, model.coef_[0])))
    if not args.dry_run:
        WEIGHTS.parent.mkdir(exist_ok=True)
        WEIGHTS.write_text(json.dumps({
            "features": FEATURES, "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
            "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0]),
            "trained_on": f"MultiHop-RAG dev, {len(data)} non-null queries", "cv": cv,
            "settings": {"candidates": settings.candidates, "sub_candidates": settings.sub_candidates},
        }, indent=1))
        print(f"wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
