"""Each eval metric on hand-computed cases (briefer.metrics; definitions in evals/README.md)."""

import math

import pytest

from briefer.evals import metrics as M
from briefer.evals.runner import aggregate

# --- retrieval: the paper's substring rule -----------------------------------------------------


def test_fact_matches_across_spaces_and_newlines():
    chunk = "The ministry said over 1,200\nrebels laid   down their arms."
    s = M.retrieval_scores([chunk], ["over 1,200 rebels laid down"])
    assert s["hits@4"] == s["hits@10"] == s["mrr@10"] == s["map@10"] == 1.0


def test_whitespace_is_removed_on_both_sides_even_inside_words():
    # the rule compares whitespace-free strings, so "grown to" matches "grownto" and a no-break space
    assert M.retrieval_scores(["has grown\xa0to about 50,000"], ["has grown to about 50,000"])["hits@10"] == 1.0
    assert M.retrieval_scores(["it hasgrownto 5"], ["has grown to"])["hits@10"] == 1.0
    assert M.squash(" a\tb\nc\xa0d ") == "abcd"


def test_a_fact_is_not_split_across_chunks():
    s = M.retrieval_scores(["... over 1,200", "rebels laid down ..."], ["over 1,200 rebels"])
    assert s["hits@10"] == 0.0 and s["mrr@10"] == 0.0 and s["map@10"] == 0.0


def test_hits_at_4_and_10_and_mrr_by_rank():
    miss = "nothing here"
    at5 = M.retrieval_scores([miss] * 4 + ["FACT"] + [miss] * 5, ["FACT"])
    assert (at5["hits@4"], at5["hits@10"], at5["mrr@10"], at5["first_hit"]) == (0.0, 1.0, 0.2, 5)
    at4 = M.retrieval_scores([miss] * 3 + ["FACT"], ["FACT"])
    assert (at4["hits@4"], at4["mrr@10"]) == (1.0, 0.25)
    at11 = M.retrieval_scores([miss] * 10 + ["FACT"], ["FACT"])  # only the top 10 count
    assert at11 == {"hits@4": 0.0, "hits@10": 0.0, "mrr@10": 0.0, "map@10": 0.0, "first_hit": 0}


def test_map_counts_each_fact_once_at_its_first_rank():
    # gold A, B, C. rank 1 has A; rank 2 nothing; rank 3 has A again and B -> only B is new.
    s = M.retrieval_scores(["A-fact", "x", "A-fact B-fact"], ["A-fact", "B-fact", "C-fact"])
    assert s["map@10"] == pytest.approx((1 / 1 + 1 / 3) / 3)
    # two facts first found by the same chunk add 2 / rank
    s = M.retrieval_scores(["x", "A-fact B-fact", "x", "x", "C-fact"], ["A-fact", "B-fact", "C-fact"])
    assert s["map@10"] == pytest.approx((2 / 2 + 1 / 5) / 3)


def test_duplicate_facts_count_once_but_stay_in_the_denominator():
    s = M.retrieval_scores(["A-fact", "A-fact"], ["A-fact", "A-fact"])
    assert s["map@10"] == pytest.approx(0.5)  # (1/1) / min(2, 10); the duplicate never counts
    # a fact contained in another: both strings are found by the chunk holding the longer one
    s = M.retrieval_scores(["x", "long A-fact here"], ["A-fact", "long A-fact"])
    assert s["map@10"] == pytest.approx((2 / 2) / 2)


def test_map_denominator_is_min_of_gold_count_and_10():
    gold = [f"fact-{i:02d}" for i in range(12)]
    s = M.retrieval_scores(["fact-00"], gold)
    assert s["map@10"] == pytest.approx(1 / 10)  # not 1/12
    s = M.retrieval_scores(["fact-00", "fact-01"], gold[:3])
    assert s["map@10"] == pytest.approx((1 / 1 + 1 / 2) / 3)


def test_null_queries_have_no_retrieval_score_and_are_left_out_of_the_mean():
    with pytest.raises(ValueError):
        M.retrieval_scores(["anything"], [])
    answered = {"should_abstain": False, "abstained": False, "abstention_correct": 1.0}
    records = [
        {**answered, "hits@4": 1.0, "hits@10": 1.0, "mrr@10": 1.0, "map@10": 0.5},
        {**answered, "hits@4": 0.0, "hits@10": 1.0, "mrr@10": 0.2, "map@10": 0.1},
        {"should_abstain": True, "abstained": True, "abstention_correct": 1.0},  # a null query
    ]
    agg = aggregate(records)
    assert agg["hits@4"] == 0.5 and agg["hits@10"] == 1.0 and agg["mrr@10"] == 0.6 and agg["map@10"] == 0.3
    assert agg["n_retrieval"] == 2 and agg["n_questions"] == 3


# --- answers ------------------------------------------------------------------------------------


def test_normalisation_is_squad_style():
    assert M.normalize_answer("  The U.S.  and a  Russia! ") == "us and russia"
    assert M.normalize_answer("More than 20,000") == "more than 20000"
    assert M.normalize_answer(None) == ""


def test_exact_match():
    assert M.exact_match("the Paris.", "Paris") == 1.0
    assert M.exact_match("Kerry spoke in Paris.", "Paris") == 0.0
    assert M.exact_match("", "Paris") == 0.0


def test_token_f1_by_hand():
    # pred [about, 50000, people], gold [about, 50000]: common 2, P 2/3, R 1 -> F1 0.8
    assert M.token_f1("about 50,000 people", "about 50,000") == pytest.approx(0.8)
    # repeated tokens count as often as they appear in both
    assert M.token_f1("no no", "no") == pytest.approx(2 * 0.5 * 1 / 1.5)
    assert M.token_f1("Geneva", "Paris") == 0.0
    assert M.token_f1("", "Paris") == 0.0
    assert M.token_f1("", "") == 1.0


def test_lenient_needs_a_shared_content_word():
    assert M.lenient_match("More than 20,000 civilians left", "More than 20,000") == 1.0
    assert M.lenient_match("The talks were held in Geneva.", "the US and Russia") == 0.0  # only 'the'/'and' shared
    assert M.lenient_match("Washington and Moscow should talk", "the US and Russia") == 0.0
    assert M.lenient_match("They urged Russia to act.", "the US and Russia") == 1.0
    # a gold answer made only of stop words keeps them all: "No" matches a prediction saying no
    assert M.lenient_match("No, they did not.", "no") == 1.0
    assert M.lenient_match("Yes.", "no") == 0.0
    assert M.lenient_match("", "Paris") == 0.0


def test_contains_answer_wants_every_content_word_of_the_reference():
    assert M.contains_answer("Sales rose to $12.94 billion, up about 2%.", "$12.94 billion") == 1.0
    assert M.contains_answer("Talon has raised around $143 million.", "around $1 billion") == 0.0
    assert M.lenient_match("Talon has raised around $143 million.", "around $1 billion") == 1.0  # one word is enough there
    assert M.contains_answer("Moungi Bawendi, Louis Brus and Alexei Ekimov won.", "Bawendi, Brus and Ekimov") == 1.0
    assert M.contains_answer("", "Paris") == 0.0


def test_paper_lenient_is_the_papers_script():
    # lower-case, split on whitespace, any shared word (stop words and punctuation included)
    assert M.paper_lenient_match("Sam Bankman-Fried.", "Sam Bankman-Fried") == 1.0
    assert M.paper_lenient_match("it was the US", "the US and Russia") == 1.0
    assert M.paper_lenient_match("Paris.", "Paris") == 0.0  # "paris." != "paris": the script keeps punctuation


# --- citations ----------------------------------------------------------------------------------


def _supports(table):
    return lambda sentence, quotes: table[(sentence, tuple(quotes))]


def test_citation_recall_and_precision_alce_style():
    table = {
        ("S2", ("q2",)): True,   # q2 alone supports S2, so S2 stays supported without q3 -> q3 is not precise
        ("S2", ("q3",)): False,  # q3 alone does not
        ("S4", ("q5",)): False,  # neither alone supports S4, but removing either breaks it -> both precise
        ("S4", ("q6",)): False,
    }
    sentences = [
        ("S1", ["q1"], True),         # supported, one citation: precise
        ("S2", ["q2", "q3"], True),   # q2 precise, q3 redundant
        ("S3", [], False),            # uncited: counts against recall, no citations
        ("S4", ["q5", "q6"], True),   # both needed together
        ("S5", ["q7"], False),        # unsupported: its citation is not precise
    ]
    s = M.citation_scores(sentences, _supports(table))
    assert s["recall"] == pytest.approx(3 / 5)
    assert s["precision"] == pytest.approx(4 / 6)  # q1, q2, q5, q6 of the six citations
    assert (s["sentences"], s["citations"]) == (5, 6)


def test_a_supported_verdict_without_citations_does_not_count_for_recall():
    s = M.citation_scores([("Hello.", [], True)], _supports({}))
    assert s["recall"] == 0.0 and math.isnan(s["precision"])
    empty = M.citation_scores([], _supports({}))
    assert math.isnan(empty["recall"]) and math.isnan(empty["precision"])


# --- aggregation --------------------------------------------------------------------------------


def test_abstention_accuracy_counts_both_directions():
    recs = [
        {"should_abstain": True, "abstained": True, "abstention_correct": 1.0},
        {"should_abstain": True, "abstained": False, "abstention_correct": 0.0},
        {"should_abstain": False, "abstained": False, "abstention_correct": 1.0, "answer_em": 1.0},
        {"should_abstain": False, "abstained": True, "abstention_correct": 0.0, "answer_em": 0.0},
    ]
    agg = aggregate(recs)
    assert agg["abstention_accuracy"] == 0.5 and agg["abstain_recall"] == 0.5 and agg["answered_rate"] == 0.5
    assert agg["answer_em"] == 0.5 and agg["hits@10"] is None and agg["citation_recall"] is None


def test_mean_skips_missing_values_and_percentile_interpolates():
    assert M.mean([1.0, None, float("nan"), 0.0]) == 0.5
    assert M.mean([]) is None
    assert M.percentile([4, 1, 3, 2], 50) == 2.5
    assert M.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert M.percentile([7], 95) == 7 and M.percentile([], 50) is None
