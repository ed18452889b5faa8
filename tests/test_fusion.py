import json

import numpy as np
import pytest

from briefer.fusion import FEATURES, Candidates, LearnedFusion, features
from briefer.query import SubQuery


def _rows():
    return {
        "a-0000": {"article_id": "a", "source": "TechCrunch", "published": "2023-10-30"},
        "a-0001": {"article_id": "a", "source": "TechCrunch", "published": "2023-10-30"},
        "b-0003": {"article_id": "b", "source": "Wired", "published": "2023-11-02"},
    }


def test_features_reflect_ranks_scores_outlets_and_dates():
    cands = Candidates(
        lists={"dense": [("b-0003", 0.8), ("a-0000", 0.6)], "bm25": [("a-0001", 12.0), ("a-0000", 6.0)],
               "sub0:dense": [("a-0000", 0.6)], "sub0:bm25": [("a-0001", 12.0)]},
        subs=[SubQuery(("TechCrunch",), "2023-10-29", "2023-10-31")],
    )
    ids = cands.ids()
    assert ids == ["b-0003", "a-0000", "a-0001"]
    X = features(cands, ids, _rows())
    f = {name: X[:, i] for i, name in enumerate(FEATURES)}
    assert list(f["rr_dense"]) == [1.0, 0.5, 0.0]
    assert list(f["bm25_rel"]) == [0.0, 0.5, 1.0]
    assert f["cos_dense"][2] == pytest.approx(0.6)  # absent from the dense list: its floor
    assert list(f["named_outlet"]) == [0.0, 1.0, 1.0] and list(f["named_date"]) == [0.0, 1.0, 1.0]
    assert list(f["lead_chunk"]) == [0.0, 1.0, 0.0] and list(f["names_outlets"]) == [1.0, 1.0, 1.0]
    assert f["in_lists"][1] == pytest.approx(0.75)


def test_learned_fusion_scores_with_its_weights(tmp_path):
    path = tmp_path / "w.json"
    coef = [0.0] * len(FEATURES)
    coef[0] = 2.0
    path.write_text(json.dumps({"features": FEATURES, "mean": [0.0] * len(FEATURES),
                                "scale": [1.0] * len(FEATURES), "coef": coef, "intercept": -1.0}))
    model = LearnedFusion(path)
    x = np.zeros((2, len(FEATURES)), dtype=np.float32)
    x[0, 0] = 1.0
    assert list(model.score(x)) == [1.0, -1.0]
    path.write_text(json.dumps({"features": ["other"], "mean": [0], "scale": [1], "coef": [1], "intercept": 0}))
    with pytest.raises(ValueError, match="train_fusion"):
        LearnedFusion(path)
