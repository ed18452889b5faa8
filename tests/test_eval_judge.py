"""`briefer eval --judge`: an LLM judge through a real backend (the openai SDK against the fake
server), its verdict words parsed as the prompts define them; the abstention threshold's curve."""

import json

import pytest
from conftest import run_cli

from briefer.evals.abstention import at_threshold, curve
from briefer.evals.judge import CORRECT, INCORRECT, SUPPORTED, UNSUPPORTED, verdict
from briefer.evals.suites import half_of
from briefer.testing.fake_openai import FakeOpenAI, Reply


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("CORRECT", True), ("Incorrect.", False), ("The answer is INCORRECT", False), ("maybe", None), ("", None)],
)
def test_answer_verdicts_are_the_prompts_words(reply, expected):
    assert verdict(reply, CORRECT, INCORRECT) is expected


def test_not_supported_is_not_a_pass():
    assert verdict("NOT SUPPORTED", SUPPORTED, UNSUPPORTED) is False
    assert verdict("unsupported", SUPPORTED, UNSUPPORTED) is False
    assert verdict("Supported.", SUPPORTED, UNSUPPORTED) is True


def _rec(relevance, should_abstain, **extra):
    base = {"relevance": relevance, "should_abstain": should_abstain, "abstained": False, "gold_answer": "Paris",
            "answer_lenient": 1.0, "evidence_recall": 0.5, "citation_precision": 1.0}
    return base | extra


def test_threshold_turns_low_relevance_answers_into_abstentions():
    recs = [_rec(0.9, False), _rec(0.2, False), _rec(0.25, True), _rec(0.6, True)]
    low = at_threshold(recs[1], 0.3)
    assert low["abstained"] and low["answer_lenient"] == 0.0 and low["evidence_recall"] == 0.0
    assert "citation_precision" not in low and at_threshold(recs[0], 0.3) is recs[0]
    rows = {r["threshold"]: r for r in curve(recs, (0.0, 0.3, 0.95))}
    assert rows[0.0]["answered_rate"] == 1.0 and rows[0.0]["null_abstained"] == 0.0
    assert rows[0.3]["answered_rate"] == 0.5 and rows[0.3]["null_abstained"] == 0.5
    assert rows[0.3]["evidence_recall"] == 0.25 and rows[0.95]["answered_rate"] == 0.0


pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def eval_env(tmp_path_factory):
    return {"BRIEFER_INDEX": str(tmp_path_factory.mktemp("judge") / "index")}


@pytest.mark.parametrize(("word", "correct"), [(CORRECT, 1.0), (INCORRECT, 0.0)])
def test_judge_scores_answers_through_the_openai_backend(eval_env, word, correct):
    with FakeOpenAI(default=Reply(word), models=["judge-model"]) as fake:
        res = run_cli("eval", "seeds", "--llm", "extractive", "--judge-llm", "openai", "--limit", "4", "--json",
                      env={**eval_env, **fake.env})
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    m = report["metrics"]
    assert report["judge"] == "openai (judge-model)" and m["judge_correct"] == correct
    judged = [r["judge"] for r in report["per_question"]]
    cited = sum(len(r.get("verdicts", [])) for r in report["per_question"])
    assert m["judge_citation_support"] is None and m["judge_no_verdict"] == cited > 0  # the word answers neither
    assert len(fake.requests) == len(judged) + cited and all(b["model"] == "judge-model" for b in fake.requests)


def test_the_extractive_backend_cannot_judge(eval_env):
    res = run_cli("eval", "seeds", "--llm", "extractive", "--judge", "--limit", "1", env=eval_env)
    assert res.returncode == 2 and "cannot judge" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_split_keeps_one_half_and_the_curve_is_reported(eval_env):
    res = run_cli("eval", "seeds", "--llm", "extractive", "--split", "holdout", "--json", env=eval_env)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    ids = [r["id"] for r in report["per_question"]]
    assert ids and all(half_of(i) == "holdout" for i in ids) and report["split"] == "holdout"
    assert [r["threshold"] for r in report["abstention_curve"]][:2] == [0.0, 0.1]


def test_eval_answers_through_the_openai_backend(eval_env):
    with FakeOpenAI(default=Reply("More than 20,000 civilians left eastern Aleppo. [4]"), models=["m"]) as fake:
        res = run_cli("eval", "seeds", "--llm", "openai", "--judge", "--limit", "2", "--json",
                      env={**eval_env, **fake.env})
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["settings"]["llm"] == "openai" and report["settings"]["model"] == "m"
    assert report["abstention_curve"] is None  # no relevance capability: nothing to sweep
    assert all("verdicts" in r for r in report["per_question"])  # answered, each sentence verified
