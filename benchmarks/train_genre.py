"""Train the two genre models of ``briefer/ingest/genre.py`` and write ``briefer/ingest/data/genre.json``.

- service: the hand labels of ``evals/labels/genres.jsonl`` (deals, listicle, review, how_to, promo,
  gift_guide, quiz are service content);
- soft: MultiHop-RAG's own ``category`` field (sports and entertainment are soft sections);
- news: the hand labels again: is it a report of the day's news (``hard_news``), not a feature, an
  explainer, an analysis, an interview or a column? (News value weighs it; see ``brief/stories.py``.)

Articles of the held-out briefing days (``HELD_OUT``: the label sets that check the current work) are
left out of the training data, so the independent briefing figures never score a model on articles it
was trained on; the other labelled days are development data and are trained on. 5-fold
cross-validation figures go into the model file, with the days left out.

    .venv/bin/python benchmarks/train_genre.py [--data ../shared/evaldata/multihop-rag] [--dry-run]
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

from briefer.ingest.genre import tokens  # noqa: E402

LABELS = REPO / "evals" / "labels"
OUT = REPO / "briefer" / "ingest" / "data" / "genre.json"
NOISE = {"deals", "listicle", "review", "how_to", "promo", "gift_guide", "quiz"}


# The labelled sets that check the current work independently: their days are never training data.
# A set leaves this list once it has been scored and looked at (it is then development data).
HELD_OUT = ("days-holdout8.json",)


def labelled_days() -> set[str]:
    """The days of the held-out label sets (those not yet on disk are skipped)."""
    return {d["date"] for name in HELD_OUT if (LABELS / name).is_file()
            for d in json.loads((LABELS / name).read_text())["days"]}


def fit(features: list[set[str]], y: np.ndarray, c: float) -> tuple[dict, dict]:
    """A logistic regression on binary features; its weights and 5-fold CV precision/recall/accuracy."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f in features])
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    from sklearn.metrics import roc_auc_score

    proba = cross_val_predict(model, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba")
    pred = proba[:, 1] >= 0.5
    tp = int((pred & y).sum())
    cv = {"precision": round(tp / max(int(pred.sum()), 1), 3), "recall": round(tp / max(int(y.sum()), 1), 3),
          "accuracy": round(float((pred == y).mean()), 3), "auc": round(float(roc_auc_score(y, proba[:, 1])), 3),
          "n": int(len(y)), "positives": int(y.sum())}
    model.fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])
               if abs(w) >= 0.01}
    return {"intercept": round(float(model.intercept_[0]), 4), "weights": weights}, cv


def with_rules(train: list[dict], feats: list[set[str]], y: np.ndarray) -> dict:
    """Cross-validated precision and recall of the model together with genre.py's title rules."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from briefer.ingest.genre import _PLAYER_ADVICE, _REVIEW_PATH, _SERVICE_TITLE

    x = DictVectorizer().fit_transform([dict.fromkeys(f, 1) for f in feats])
    model = LogisticRegression(C=0.3, max_iter=5000, class_weight="balanced")
    pred = cross_val_predict(model, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    rules = np.array([bool(_SERVICE_TITLE.search(a["title"]) or _PLAYER_ADVICE.search(a["title"])
                           or _REVIEW_PATH.search(urlparse(a["url"]).path.lower())) for a in train])
    both = pred | rules
    tp = int((both & y).sum())
    return {"precision": round(tp / max(int(both.sum()), 1), 3), "recall": round(tp / max(int(y.sum()), 1), 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "evaldata" / "multihop-rag")
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only; write nothing")
    args = ap.parse_args()
    corpus = json.loads((args.data / "corpus.json").read_text())
    genres = {r["url"]: r for r in map(json.loads, (LABELS / "genres.jsonl").read_text().splitlines()) if r}
    skip = labelled_days()
    train = [a for a in corpus if a["published_at"][:10] not in skip]
    feats = [tokens(a["title"], a["url"], a["body"]) for a in train]
    service_y = np.array([genres[a["url"]]["genre"] in NOISE for a in train])
    soft_y = np.array([a["category"] in ("sports", "entertainment") for a in train])
    news_y = np.array([genres[a["url"]]["genre"] == "hard_news" for a in train])
    service, service_cv = fit(feats, service_y, c=0.3)
    soft, soft_cv = fit(feats, soft_y, c=1.0)
    news, news_cv = fit(feats, news_y, c=0.3)
    service_cv["with_title_rules"] = with_rules(train, feats, service_y)
    print(f"service: {service_cv}\nsoft:    {soft_cv}\nnews:    {news_cv}")
    if args.dry_run:
        return 0
    card = {"trained_on": f"MultiHop-RAG corpus, {len(train)} articles (the {len(skip)} held-out briefing days left out)",
            "left_out_days": sorted(skip),
            "features": "binary words of title (t:), URL path (u:) and the first 600 characters (b:)",
            "service": {**service, "cv": service_cv, "labels": "evals/labels/genres.jsonl"},
            "soft": {**soft, "cv": soft_cv, "labels": "MultiHop-RAG category: sports, entertainment"},
            "news": {**news, "cv": news_cv, "labels": "evals/labels/genres.jsonl: hard_news"}}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(card, indent=0, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
