"""Train the learned ranker (briefer/search/features.py features, briefer/search/ranker.py model) on MultiHop-RAG
dev queries, with grouped 5-fold cross-validation, and write briefer/search/data/ranker.{txt,json}.

    .venv/bin/python benchmarks/train_ranker.py [--data DIR] [--eval-index DIR] [--dry-run]
        [--features a,b,c | --drop a,b] [--trees 1200] [--cache FILE]

Labels: a candidate chunk is relevant when it holds a gold evidence fact (the paper's substring
rule). Every figure printed for the folds is measured on queries the model did not see. With
``--features``/``--drop`` it cross-validates a model on those features only (the ablation rows of
evals/RESULTS.md) and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import lightgbm  # first, whole: briefer's own import leaves out its scikit-learn API
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.config import load_settings  # noqa: E402
from briefer.evals import metrics as M  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import HALVES, half_of, load_suite  # noqa: E402
from briefer.search import Retriever  # noqa: E402
from briefer.search.features import FEATURES, features  # noqa: E402
from briefer.search.ranker import MODEL  # noqa: E402

PARAMS = dict(objective="lambdarank", learning_rate=0.05, num_leaves=31, min_child_samples=20, subsample=0.8,
              subsample_freq=1, colsample_bytree=0.8, lambdarank_truncation_level=20, verbose=-1, n_jobs=2)


def collect(index, questions):
    """Per question: (question, candidate ids, their texts, feature matrix, labels)."""
    retriever = Retriever(index)
    data = []
    t0 = time.perf_counter()
    for n, q in enumerate(questions):
        cands, _ = retriever.candidates(q.question, k=10)
        ids = cands.ids()
        rows = index.catalog.chunk_rows(ids)
        ids = [c for c in ids if c in rows]
        X = features(cands, ids, rows)
        facts = [M.squash(g) for g in q.gold]
        texts = [rows[c]["text"] for c in ids]
        y = np.array([any(f in M.squash(t) for f in facts) for t in texts], dtype=int)
        data.append((q.gold, q.type, texts, X, y))
        if n % 250 == 0:
            print(f"  features {n}/{len(questions)} ({time.perf_counter() - t0:.0f} s)", flush=True)
    return data


def fit(data, cols, trees):

    X = np.vstack([d[3][:, cols] for d in data])
    y = np.concatenate([d[4] for d in data])
    model = lightgbm.LGBMRanker(n_estimators=trees, **PARAMS)
    model.fit(X, y, group=[len(d[4]) for d in data])
    return model


def evaluate(data, predict) -> dict:
    scores, by_type = [], {}
    for gold, qtype, texts, X, _ in data:
        s = predict(X) if len(texts) else np.zeros(0)
        order = np.argsort(-s, kind="stable")[:10]
        r = M.retrieval_scores([texts[i] for i in order], gold)
        scores.append(r)
        by_type.setdefault(qtype, []).append(r)
    keys = ("hits@4", "hits@10", "mrr@10", "map@10")
    out = {k: float(np.mean([r[k] for r in scores])) for k in keys}
    out["by_type"] = {t: {k: float(np.mean([r[k] for r in rs])) for k in keys} for t, rs in sorted(by_type.items())}
    return out


def main() -> None:
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--trees", type=int, default=1200)
    ap.add_argument("--lr", type=float, default=PARAMS["learning_rate"], help="learning rate")
    ap.add_argument("--leaves", type=int, default=PARAMS["num_leaves"], help="leaves per tree")
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only; do not write the model")
    ap.add_argument("--eval-index", type=Path, help="use this already-built eval index folder as it is")
    ap.add_argument("--features", help="comma-separated features to use (an ablation; writes nothing)")
    ap.add_argument("--drop", help="comma-separated features to leave out (an ablation; writes nothing)")
    ap.add_argument("--cache", type=Path, help="keep the collected features in this file and reuse them")
    ap.add_argument("--half", choices=HALVES, help="train the written model on this half of the queries only")
    ap.add_argument("-o", "--output", type=Path, default=MODEL, help="model file to write (its .json card beside it)")
    args = ap.parse_args()
    PARAMS.update(learning_rate=args.lr, num_leaves=args.leaves)
    if args.cache and args.cache.is_file():
        data = pickle.loads(args.cache.read_bytes())
    else:
        settings = load_settings(fusion="learned")  # candidates as the ranker sees them; it is not used here
        suite = load_suite("multihop", settings.evals, args.data)
        if args.eval_index:
            from briefer.index import Index

            index = Index(settings.updated(index=args.eval_index, chroma_url=None))
        else:
            index, _ = build_index(settings, suite)
        data = collect(index, [q for q in suite.questions if q.gold])
        if args.cache:
            args.cache.write_bytes(pickle.dumps(data))
    names = list(FEATURES)
    if args.features:
        names = args.features.split(",")
    if args.drop:
        names = [n for n in names if n not in args.drop.split(",")]
    unknown = set(names) - set(FEATURES)
    if unknown:
        sys.exit(f"unknown features: {', '.join(sorted(unknown))} (known: {', '.join(FEATURES)})")
    cols = [FEATURES.index(n) for n in names]
    ablation = len(cols) != len(FEATURES)
    groups = np.arange(len(data))
    folds = []
    for fold, (tr, te) in enumerate(GroupKFold(n_splits=args.folds).split(groups, groups=groups)):
        model = fit([data[i] for i in tr], cols, args.trees)
        res = evaluate([data[i] for i in te], lambda X, model=model: model.predict(X[:, cols]))
        folds.append(res)
        print(f"fold {fold}: " + "  ".join(f"{k} {res[k]:.3f}" for k in ("hits@4", "hits@10", "mrr@10", "map@10")),
              flush=True)
    keys = ("hits@4", "hits@10", "mrr@10", "map@10")
    cv = {k: float(np.mean([f[k] for f in folds])) for k in keys}
    cv["by_type"] = {t: {k: float(np.mean([f["by_type"][t][k] for f in folds])) for k in keys}
                     for t in folds[0]["by_type"]}
    print(f"cross-validated ({len(cols)} features, {args.trees} trees): "
          + "  ".join(f"{k} {cv[k]:.3f}" for k in keys))
    for t, r in cv["by_type"].items():
        print(f"  {t}: " + " / ".join(f"{r[k]:.2f}" for k in keys))
    if args.dry_run or ablation:
        return
    trained_on = f"MultiHop-RAG dev, {len(data)} non-null queries"
    if args.half:
        ids = [q.id for q in load_suite("multihop", load_settings().evals, args.data).questions if q.gold]
        data = [d for d, qid in zip(data, ids, strict=True) if half_of(qid) == args.half]
        trained_on = f"MultiHop-RAG dev, the {args.half} half ({len(data)} non-null queries)"
    model = fit(data, cols, args.trees)
    card = args.output.with_suffix(".json")
    args.output.parent.mkdir(exist_ok=True)
    model.booster_.save_model(str(args.output))
    card.write_text(json.dumps({
        "features": list(FEATURES), "trees": args.trees, "params": PARAMS, "trained_on": trained_on, "cv": cv,
    }, indent=1))
    print(f"wrote {args.output} and {card}")


if __name__ == "__main__":
    main()
