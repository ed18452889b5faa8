"""Undated articles: named at ingest with the way to date them, counted as left out by briefings,
and dated after ingest by `briefer article` (kept when their file is ingested again)."""

import json

import pytest
from conftest import SEEDS, run_cli

pytestmark = pytest.mark.integration


def test_ingest_names_the_undated_article_and_briefer_article_dates_it(tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i")}
    res = run_cli("ingest", str(SEEDS), env=env)
    assert res.returncode == 0
    warning = [line for line in res.stderr.splitlines() if "no date for" in line]
    assert len(warning) == 1 and "001_ac7699849b98daba.txt" in warning[0] and "--published" in warning[0]
    article_id = warning[0].split("briefer article ")[1].split()[0]
    brief = run_cli("brief", "--date", "2016-12-12", "--days", "7", "--format", "json", env=env)
    assert json.loads(brief.stdout)["undated_skipped"] == 1
    fixed = run_cli("article", article_id, "--published", "2016-12-10", "--source", "The Guardian", env=env)
    assert fixed.returncode == 0, fixed.stderr
    assert "Aleppo exodus grows" in fixed.stdout and "2016-12-10" in fixed.stdout
    data = json.loads(run_cli("brief", "--date", "2016-12-12", "--days", "7", "--format", "json", env=env).stdout)
    assert data["undated_skipped"] == 0 and "Aleppo exodus grows as thousands more leave" in {
        s["title"] for s in data["sources"]} | {h["text"] for h in data["also"]} | {s["heading"] for s in data["sections"]}
    again = run_cli("ingest", str(SEEDS), "--json", env=env)  # unchanged files: the date stays
    assert json.loads(again.stdout)["undated"] == []
    stats = json.loads(run_cli("stats", "--json", env=env).stdout)
    assert stats["undated"] == 0 and "The Guardian" in stats["sources"]


def test_a_date_fixed_by_hand_survives_an_edit_of_the_article(tmp_path):
    """Seen by a user: the fix was keyed by the article's text, so editing the file lost it."""
    env = {"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_EMBED_BACKEND": "hash", "BRIEFER_CHUNK_TOKENS": "64"}
    doc = tmp_path / "undated.json"
    entry = {"title": "Harbor strike ends", "url": "https://example.org/harbor", "source": "Valdoria Times",
             "body": "Dock workers in Valdoria ended a two-week strike on Monday. The port agreed to a raise."}
    doc.write_text(json.dumps(entry))
    first = run_cli("ingest", str(doc), "--json", env=env)
    (undated,) = json.loads(first.stdout)["undated"]
    assert run_cli("article", undated["article_id"], "--published", "2023-11-21", env=env).returncode == 0
    doc.write_text(json.dumps({**entry, "body": entry["body"] + " Ships began unloading on Tuesday."}))
    again = json.loads(run_cli("ingest", str(doc), "--json", env=env).stdout)
    assert again["undated"] == [] and again["articles_added"] == 1
    stats = json.loads(run_cli("stats", "--json", env=env).stdout)
    assert stats["articles"] == 1 and stats["undated"] == 0
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**entry, "url": "https://example.org/other", "body": "A ferry strike began today."}))
    hint = run_cli("ingest", str(other), env=env).stderr
    assert "a `published_at` field" in hint and "front-matter" not in hint  # what a JSON file can say


def test_article_errors_are_one_line(tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i")}
    assert run_cli("ingest", str(SEEDS), env=env).returncode == 0
    res = run_cli("article", "no-such-article", "--published", "2016-12-10", env=env)
    assert res.returncode == 2 and "no article" in res.stderr and res.stderr.count("\n") == 1
    res = run_cli("article", "Aleppo exodus grows as thousands more leave", env=env)
    assert res.returncode == 2 and "nothing to change" in res.stderr
    res = run_cli("article", "Aleppo exodus grows as thousands more leave", "--published", "2031-01-01", env=env)
    assert res.returncode == 2 and "in the future" in res.stderr  # a typo would lead every briefing
