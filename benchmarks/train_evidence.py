"""Train the offline answerer's evidence scorer (briefer/llm/evidence.py) on half of MultiHop-RAG's
dev queries and measure it on the other half, then write briefer/llm/data/evidence.{txt,json}.

    .venv/bin/python benchmarks/train_evidence.py [--data DIR] [--eval-index DIR] [--cache FILE] [--policy-cv]
        [--dry-run] [--trees 300]

The split is fixed by a hash of each query id (``briefer.evals.suites.half_of``): "tune" trains,
"holdout" is never seen by the model and gives every figure quoted. The shipped retrieval ranker
was trained on all of dev, so passages come from rankers trained on one half each
(``train_ranker.py --half``): with ``--rankers TUNE,HOLDOUT`` each half's passages are retrieved
by the ranker trained on the other half, as for questions nobody has seen. A candidate sentence is labelled evidence when it
contains a gold fact (whitespace removed, the paper's rule) or, for a fact longer than a sentence,
when the fact contains it. Passages are the ones ``briefer ask`` would send (answer_k, the shipped
retriever).
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

from briefer.answer.pipeline import build_passages  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals import metrics as M  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import half_of, load_suite  # noqa: E402
from briefer.index import Index  # noqa: E402
from briefer.llm.evidence import CARD, FEATURES, MODEL, Pool, features  # noqa: E402
from briefer.llm.hops import hops  # noqa: E402
from briefer.search import Retriever  # noqa: E402

PARAMS = dict(objective="binary", learning_rate=0.05, num_leaves=31, min_child_samples=20, subsample=0.8,
              subsample_freq=1, colsample_bytree=0.8, verbose=-1, n_jobs=2)


def labels(pool: Pool, gold: list[str]) -> np.ndarray:
    facts = [M.squash(g) for g in gold]
    out = []
    for c in pool.cands:
        s = M.squash(c.text)
        out.append(any(f in s or (len(s) >= 30 and s in f) for f in facts))
    return np.array(out, dtype=int)


def collect(index, questions, k: int) -> list[dict]:
    retriever = Retriever(index)
    rows, t0 = [], time.perf_counter()
    for n, q in enumerate(questions):
        passages = build_passages(index, retriever.search(q.question, k))
        steps = hops(q.question, passages)
        pool = Pool.of(passages, [h.text for h in steps], index.embedder)
        x = features(q.question, steps, pool)
        y = labels(pool, q.gold) if q.gold else np.zeros(len(pool.cands), dtype=int)
        rows.append(dict(id=q.id, half=half_of(q.id), type=q.type, null=q.should_abstain, x=x, y=y,
                         articles=[c.article_id for c in pool.cands], gold=q.gold,
                         texts=[c.text for c in pool.cands]))
        if n % 200 == 0:
            print(f"  {n}/{len(questions)} ({time.perf_counter() - t0:.0f} s)", flush=True)
    return rows


def fit(rows, trees: int):
    """A binary classifier (its probability is the evidence score) on the questions with evidence."""

    train = [r for r in rows if r["y"].any()]
    model = lightgbm.LGBMClassifier(n_estimators=trees, **PARAMS)
    model.fit(np.vstack([r["x"] for r in train]), np.concatenate([r["y"] for r in train]))
    return model


def probability(model):
    return lambda x: model.predict_proba(x)[:, 1]


def pick(scores, articles, n: int, per_article: int) -> list[int]:
    """The selection ``ExtractiveLLM`` makes, without hops: best first, at most per_article each."""
    out, used = [], {}
    for k in np.argsort(-scores, kind="stable"):
        if used.get(articles[k], 0) >= per_article:
            continue
        used[articles[k]] = used.get(articles[k], 0) + 1
        out.append(int(k))
        if len(out) >= n:
            break
    return out


def evaluate(rows, score) -> dict:
    """Top-1 precision, and evidence recall of the best n sentences (at most 2 per article)."""
    out: dict = {}
    answerable = [r for r in rows if not r["null"] and r["gold"] and len(r["y"])]
    top1 = [r["y"][int(np.argmax(score(r["x"])))] for r in answerable]
    out["top1 is evidence"] = float(np.mean(top1))
    for n in (3, 4, 5, 6):
        rec = []
        for r in answerable:
            ks = pick(score(r["x"]), r["articles"], n, 2)
            rec.append(M.evidence_recall([(r["articles"][k], r["texts"][k]) for k in ks], r["gold"]))
        out[f"evidence recall, {n} sentences"] = float(np.mean(rec))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=None, help="MultiHop-RAG directory (default: the evals setting)")
    ap.add_argument("--eval-index", default=None)
    ap.add_argument("--cache", default=None, help="pickle of collected features, reused when present")
    ap.add_argument("--rankers", help="TUNE,HOLDOUT ranker files: each half retrieved by the other half's ranker")
    ap.add_argument("--trees", type=int, default=600)
    ap.add_argument("--dry-run", action="store_true", help="measure only; write no model")
    ap.add_argument("--policy-cv", action="store_true",
                    help="choose min_evidence: 2-fold cross-fitted scores on the tune half, evidence recall and "
                    "answer length per cut-off (writes no model)")
    args = ap.parse_args(argv)
    settings = load_settings()
    suite = load_suite("multihop", settings.evals, args.data)
    if args.cache and Path(args.cache).is_file():
        rows = pickle.loads(Path(args.cache).read_bytes())
    else:
        index = Index(settings.updated(index=args.eval_index, chroma_url=None)) if args.eval_index else None
        index = index or build_index(settings, suite)[0]
        rows = []
        for half, other in (("tune", 1), ("holdout", 0)):
            questions = [q for q in suite.questions if half_of(q.id) == half]
            if args.rankers:
                ranker = Path(args.rankers.split(",")[other])
                index = Index(index.settings.updated(ranker_model=ranker))
            rows += collect(index, questions, settings.answer.answer_k)
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps(rows))
    tune = [r for r in rows if r["half"] == "tune"]
    hold = [r for r in rows if r["half"] == "holdout"]
    if args.policy_cv:
        return policy_cv(tune, args.trees)
    print(f"{len(tune)} tune, {len(hold)} held-out queries; {sum(len(r['y']) for r in rows)} candidate sentences")
    hand = FEATURES.index("mix_q"), FEATURES.index("mix_hop")
    print("hand mix, held out:", _fmt(evaluate(hold, lambda x: x[:, hand[0]] + x[:, hand[1]])))
    model = fit(tune, args.trees)
    figures = {"tune (in-sample)": evaluate(tune, probability(model)), "holdout": evaluate(hold, probability(model))}
    for name, fig in figures.items():
        print(f"model, {name}:", _fmt(fig))
    if args.dry_run:
        return 0
    model.booster_.save_model(str(MODEL))
    card = dict(features=list(FEATURES), trained_on="MultiHop-RAG dev, tune half (benchmarks/train_evidence.py)",
                params=PARAMS, trees=args.trees, figures=figures)
    CARD.write_text(json.dumps(card, indent=1) + "\n")
    print(f"wrote {MODEL} and {CARD}")
    return 0


def policy_cv(tune, trees: int, cuts=(0.0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1)) -> int:
    """Out-of-fold evidence scores on the tune half (a model trained in-sample is overconfident,
    so a cut-off chosen on its probabilities drops good evidence), then per cut-off: evidence recall
    and sentences of the 5-sentence, 2-per-article selection."""
    import hashlib

    fold = lambda r: int(hashlib.md5(r["id"].encode()).hexdigest(), 16) % 2
    scores = {}
    for f in (0, 1):
        p = probability(fit([r for r in tune if fold(r) != f], trees))
        scores.update({r["id"]: p(r["x"]) for r in tune if fold(r) == f and len(r["y"])})
    answerable = [r for r in tune if not r["null"] and r["gold"] and len(r["y"])]
    for cut in cuts:
        rec, n = [], []
        for r in answerable:
            ks = [k for i, k in enumerate(pick(scores[r["id"]], r["articles"], 5, 2)) if i == 0 or scores[r["id"]][k] >= cut]
            rec.append(M.evidence_recall([(r["articles"][k], r["texts"][k]) for k in ks], r["gold"]))
            n.append(len(ks))
        print(f"min_evidence {cut:<6} evidence recall {np.mean(rec):.3f}, {np.mean(n):.2f} sentences")
    return 0


def _fmt(fig: dict) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in fig.items())


if __name__ == "__main__":
    sys.exit(main())
