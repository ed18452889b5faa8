"""`briefer eval briefing`: briefings scored against hand labels, through the real CLI."""

import json

import pytest
from conftest import REPO, run_cli

pytestmark = pytest.mark.integration


def test_seeds_labels_through_the_cli(tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i")}
    res = run_cli("eval", "briefing", "--labels", str(REPO / "evals" / "labels" / "seeds.json"), "--llm", "extractive",
                  "--json", env=env)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    (day,) = report["days"]
    assert day["date"] == "2016-12-12" and day["top_story_coverage"] == 1.0 and day["noise_bullets"] == 0.0
    overall = report["overall"]
    assert overall["conflicts_precision"] == 1.0 and overall["conflicts_recall"] == 1.0
    assert overall["conflicts"] == {"predicted": 2, "labelled": 2, "correct": 2, "found": 2}
    table = run_cli("eval", "briefing", "--labels", str(REPO / "evals" / "labels" / "seeds.json"), env=env)
    assert "seeds" in table.stdout and "P 1.00 R 1.00" in table.stdout


def test_labels_quote_their_articles_exactly():
    import subprocess
    import sys

    corpus = REPO.parent / "shared" / "evaldata" / "multihop-rag" / "corpus.json"
    if not corpus.is_file():
        pytest.skip("MultiHop-RAG corpus not beside the checkout")
    res = subprocess.run([sys.executable, str(REPO / "evals" / "labels" / "check_labels.py")], capture_output=True,
                         text=True)
    assert res.returncode == 0 and res.stdout.strip().endswith("0 problems"), res.stdout


def test_a_day_without_top_stories_has_no_lead_to_score(tmp_path):
    labels = json.loads((REPO / "evals" / "labels" / "seeds.json").read_text())
    day = labels["days"][0]
    day["top_stories"], day["conflicts"] = [], []
    path = tmp_path / "no-top.json"
    path.write_text(json.dumps(labels))
    res = run_cli("eval", "briefing", "--labels", str(path), "--llm", "extractive", "--json",
                  env={"BRIEFER_INDEX": str(tmp_path / "i")})
    assert res.returncode == 0, res.stderr
    (scored,) = json.loads(res.stdout)["days"]
    assert scored["lead_is_top_story"] is None and scored["top_story_coverage"] is None
    assert scored["top_story_bullets"] == 0.0  # every bullet it told is still counted as not a top story


def test_a_pair_labelled_on_another_day_is_a_right_report_but_not_that_day_s_recall(tmp_path):
    labels = json.loads((REPO / "evals" / "labels" / "seeds.json").read_text())
    day = labels["days"][0]
    other = {**day, "date": "2016-12-08", "window_days": 1, "top_stories": [], "noise": []}
    day["conflicts"] = []  # this day's labeller did not list the two disagreements; another day's did
    labels["days"] = [day, other]
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps(labels))
    res = run_cli("eval", "briefing", "--labels", str(path), "--llm", "extractive", "--json",
                  env={"BRIEFER_INDEX": str(tmp_path / "i")})
    assert res.returncode == 0, res.stderr
    scored = json.loads(res.stdout)["days"][0]
    assert scored["conflicts"] == {"predicted": 2, "labelled": 0, "correct": 2, "found": 0}


def test_stand_alone_by_hand_reads_the_blind_judgements_and_counts_what_no_one_read(tmp_path):
    from briefer.evals.briefing import JUDGED, _by_hand, judged_bullets

    first, later = (tmp_path / name for name in JUDGED[:2])
    first.write_text(json.dumps({"bullet": "Acme fired its chief executive  on Friday.", "standalone": True}) + "\n"
                     + json.dumps({"bullet": "Each charge carries a sentence of 15 years.", "standalone": False}) + "\n")
    later.write_text(json.dumps({"bullet": "Acme fired its chief executive on Friday.", "standalone": False}) + "\n")
    judged = judged_bullets(tmp_path)
    assert judged == {"Acme fired its chief executive on Friday.": True,  # the earlier file's verdict wins
                      "Each charge carries a sentence of 15 years.": False}
    scored = _by_hand(["Acme fired its chief executive on Friday.", "Each charge carries a sentence of 15 years.",
                       "A bullet no judge has read."], judged)
    assert scored == {"judged_bullets": 2, "judged_alone": 1, "standalone_by_hand": 0.5}
    assert _by_hand(["A bullet no judge has read."], judged)["standalone_by_hand"] is None
