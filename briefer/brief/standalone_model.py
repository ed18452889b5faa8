"""A learned second opinion on whether a sentence stands alone as a bullet, for the sentences the
rules of ``text/standalone.py`` pass: a logistic regression over the sentence's embedding, trained
by ``benchmarks/train_standalone_model.py`` on the hand-judged bullets and the labelled sentences of
``evals/`` and shipped in ``brief/data/standalone_model.json`` with its cross-validated figures.

It reads what no rule sees: scene-setting colour ("Hundreds of picnickers are sprawled across a
lawn"), teasers ("People in Britain could benefit from a key medical breakthrough next year"),
narrative that leans on an unnamed match or person. It applies only to vectors of the embedder it
was trained on (the card names it); with any other embedder, bullets are chosen by the rules alone.
Scoring is a dot product: no library beyond numpy is loaded for it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from briefer.core import resources
from briefer.core.errors import ConfigError
from briefer.index.embedders import Embedder

MODEL = ("brief", "data", "standalone_model.json")


@lru_cache(maxsize=4)
def card(path: Path | None = None) -> dict | None:
    """The model card (the shipped one, or the file at ``path``); None when there is none."""
    try:
        text = path.read_text(encoding="utf-8") if path else resources.read_text(*MODEL)
        return json.loads(text)
    except (OSError, ValueError) as exc:
        if path is None:
            return None
        raise ConfigError(f"standalone_model {path}: cannot read it ({exc}); unset BRIEFER_STANDALONE_MODEL") from None


def applies(embedder: Embedder, path: Path | None = None) -> bool:
    """Whether the model was trained on this embedder's vectors."""
    found = card(path)
    return found is not None and found["embedder"] == embedder.name


def probabilities(embedder: Embedder, vectors: np.ndarray, path: Path | None = None) -> list[float] | None:
    """How likely each sentence stands alone (0 to 1), from its ``vectors`` (``embedder``'s); None when
    the model does not apply."""
    if not len(vectors) or not applies(embedder, path):
        return None
    found = card(path)
    assert found is not None
    z = vectors @ np.asarray(found["weights"], dtype=np.float32) + found["intercept"]
    return [float(p) for p in 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))]


def threshold(path: Path | None = None) -> float:
    """The probability below which a sentence is told only when its story has nothing better."""
    found = card(path)
    return float(found["threshold"]) if found else 0.0
