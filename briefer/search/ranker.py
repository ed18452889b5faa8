"""The learned ranker: gradient-boosted trees (LightGBM, LambdaRank) over ``features.FEATURES``.

Trained by ``benchmarks/train_ranker.py`` on MultiHop-RAG dev queries with grouped
cross-validation; shipped as ``briefer/search/data/ranker.txt`` (LightGBM's text model) beside
``briefer/search/data/ranker.json`` (its feature list and cross-validated figures). At run time it is one
``predict`` over the candidates of a query; lightgbm is imported on first use only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from briefer.core import resources
from briefer.core.errors import ConfigError
from briefer.search.features import FEATURES

MODEL = resources.path("search", "data", "ranker.txt")
CARD = resources.path("search", "data", "ranker.json")
MIN_TERMS = 12
"""The fewest search terms of the MultiHop-RAG dev queries the shipped ranker learned from. A shorter
question that names no outlet or date is outside what it learned: on 45 reader questions
(evals/reader-questions.jsonl) it had Hits@10 0.756 against RRF's 0.978, and on the seeds suite
Hits@4 0.958 against 1.0; fusion ``auto`` ranks those by RRF."""


def of_its_kind(terms: int, names_outlet_or_date: bool) -> bool:
    """Whether a question is of the kind MultiHop-RAG's queries are, which the shipped ranker and the
    offline evidence scorer learned from: it names an outlet or a date, or has ``MIN_TERMS`` search
    terms or more."""
    return names_outlet_or_date or terms >= MIN_TERMS


PREDICT_THREADS = 1  # two cut 2 ms of wall time in isolation but cost 10 ms of CPU spinning, no gain under load


class Ranker:
    def __init__(self, model: Path = MODEL, card: Path = CARD):
        info = json.loads(card.read_text())
        if tuple(info["features"]) != FEATURES:
            raise ValueError(f"{model} was trained on other features; run benchmarks/train_ranker.py")
        from briefer.core.lazy import lightgbm

        self.booster = lightgbm().Booster(model_file=str(model))
        self.info = info

    def score(self, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return np.zeros(0)
        return np.asarray(self.booster.predict(x, num_threads=PREDICT_THREADS))

    @staticmethod
    def available(model: Path = MODEL, card: Path = CARD) -> bool:
        return model.is_file() and card.is_file()


@lru_cache(maxsize=4)
def shipped(model: Path | None = None) -> Ranker | None:
    """The shipped ranker, or the one in ``model`` (the ``ranker_model`` setting; its card is the
    same path with .json), loaded once per process (a retriever is made per question); None if absent."""
    if model is not None:
        card = model.with_suffix(".json")
        if not Ranker.available(model, card):
            raise ConfigError(f"ranker_model {model}: no such model file, or no {card.name} beside it")
        return Ranker(model, card)
    return Ranker() if Ranker.available() else None
