import json

import numpy as np
import pytest

from briefer.search import ranker as ranker_mod
from briefer.search.features import CLAUSE_POOL, FEATURES, Candidates, features
from briefer.search.query import SubQuery
from briefer.search.ranker import Ranker


def _rows():
    row = lambda aid, idx, src, pub, n: {"article_id": aid, "idx": idx, "source": src, "published": pub, "n_chunks": n}
    return {
        "a-0000": row("a", 0, "TechCrunch", "2023-10-30", 4),
        "a-0001": row("a", 1, "TechCrunch", "2023-10-30", 4),
        "b-0003": row("b", 3, "Wired", "2023-11-02", 5),
        "c-0002": row("c", 2, "TechCrunch", "2023-11-05", 3),
    }


def _named(X):
    return {name: X[:, i] for i, name in enumerate(FEATURES)}


def test_features_reflect_ranks_scores_outlets_and_dates():
    cands = Candidates(
        lists={"dense": [("b-0003", 0.8), ("a-0000", 0.6)], "bm25": [("a-0001", 12.0), ("a-0000", 6.0)],
               "sub0:dense": [("a-0000", 0.6)], "sub0:bm25": [("a-0001", 12.0)]},
        subs=[SubQuery(("TechCrunch",), "2023-10-29", "2023-10-31")],
    )
    ids = cands.ids()
    assert ids == ["b-0003", "a-0000", "a-0001"]
    f = _named(features(cands, ids, _rows()))
    assert list(f["rr_dense"]) == [1.0, 0.5, 0.0]
    assert list(f["bm25_rel"]) == [0.0, 0.5, 1.0]
    assert f["cos_dense"][2] == pytest.approx(0.6)  # absent from the dense list: its floor
    assert list(f["named_outlet"]) == [0.0, 1.0, 1.0] and list(f["named_date"]) == [0.0, 1.0, 1.0]
    assert list(f["lead_chunk"]) == [0.0, 1.0, 0.0] and list(f["names_outlets"]) == [1.0, 1.0, 1.0]
    assert f["in_lists"][1] == pytest.approx(0.75)
    assert list(f["pos"]) == pytest.approx([3 / 5, 0.0, 1 / 4])


def test_article_features_rank_articles_by_their_best_chunk_and_chunks_within_them():
    cands = Candidates(lists={"bm25": [("a-0001", 10.0), ("b-0003", 8.0), ("a-0000", 2.0)]})
    ids = cands.ids()
    f = _named(features(cands, ids, _rows()))
    assert list(f["art_max_bm25"]) == pytest.approx([1.0, 0.8, 1.0])  # a's best chunk scores 10 of 10
    assert list(f["art_rank_bm25"]) == pytest.approx([1.0, 0.5, 1.0])  # a ranks first, b second
    assert list(f["in_art_rank_bm25"]) == pytest.approx([1.0, 1.0, 0.5])  # a-0000 is a's second chunk
    assert list(f["article_hits"]) == pytest.approx([0.4, 0.2, 0.4])


def test_clause_hits_score_chunks_and_bring_in_new_ones():
    # sentence 7 lies in the overlap of a-0000 and a-0001; sentence 9 is in c-0002 only
    cands = Candidates(
        lists={"bm25": [("a-0000", 5.0), ("b-0003", 4.0)]},
        clauses=[[(9, 3.0, "c-0002"), (7, 1.5, "a-0000")], [(7, 6.0, "a-0000"), (7, 6.0, "a-0001")]],
        question="Does TechCrunch report that ...", terms=6,
    )
    ids = cands.ids()
    assert ids == ["a-0000", "b-0003", "c-0002", "a-0001"]  # clause hits join the pool after the lists
    f = _named(features(cands, ids, _rows()))
    assert list(f["cl_best_norm"]) == pytest.approx([1.0, 0.0, 1.0, 1.0])  # each clause's best is 1.0
    assert list(f["cl_best_rr"]) == pytest.approx([1.0, 0.0, 1.0, 1.0])  # c-0002 tops clause 1, a tops clause 2
    assert list(f["cl_n_top10"]) == [2, 0, 1, 1]
    assert list(f["cl_sum_rr"]) == pytest.approx([1.5, 0.0, 1.0, 1.0])
    assert list(f["in_pool_extra"]) == [0.0, 0.0, 1.0, 1.0]
    assert set(f["yesno"]) == {1.0} and set(f["q_terms"]) == {6.0}


def test_clause_pool_is_bounded_per_clause():
    hits = [(i, 10.0 - i * 0.1, f"x{i:02d}-0000") for i in range(CLAUSE_POOL + 5)]
    assert len(Candidates(clauses=[hits]).ids()) == CLAUSE_POOL


def test_outlet_article_rank_compares_articles_of_the_same_outlet():
    cands = Candidates(lists={"bm25": [("b-0003", 9.0), ("c-0002", 6.0), ("a-0000", 3.0)]})
    ids = cands.ids()
    f = _named(features(cands, ids, _rows()))
    # b is Wired's only article; c beats a among TechCrunch's
    assert list(f["outlet_art_rank"]) == pytest.approx([1.0, 1.0, 0.5])


def test_no_candidates_give_an_empty_matrix():
    assert features(Candidates(), [], {}).shape == (0, len(FEATURES))


def _train_tiny(tmp_path, names=FEATURES):
    lightgbm = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    X = rng.random((400, len(FEATURES)))
    y = (X[:, 0] > 0.5).astype(int)  # relevance follows rr_dense
    model = lightgbm.LGBMRanker(n_estimators=20, min_child_samples=5, verbose=-1).fit(X, y, group=[20] * 20)
    model.booster_.save_model(str(tmp_path / "m.txt"))
    (tmp_path / "m.json").write_text(json.dumps({"features": list(names)}))
    return tmp_path / "m.txt", tmp_path / "m.json"


def test_ranker_orders_by_what_it_learned(tmp_path):
    model, card = _train_tiny(tmp_path)
    x = np.zeros((2, len(FEATURES)), dtype=np.float32)
    x[1, 0] = 0.9
    s = Ranker(model, card).score(x)
    assert s[1] > s[0]
    assert Ranker(model, card).score(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_ranker_refuses_a_model_of_other_features(tmp_path):
    model, card = _train_tiny(tmp_path, names=("other",))
    with pytest.raises(ValueError, match="train_ranker"):
        Ranker(model, card)


def test_shipped_ranker_matches_the_features():
    assert Ranker.available(), "briefer/search/data/ranker.txt missing: run benchmarks/train_ranker.py"
    card = json.loads(ranker_mod.CARD.read_text())
    assert tuple(card["features"]) == FEATURES
    assert Ranker().booster.num_feature() == len(FEATURES)
