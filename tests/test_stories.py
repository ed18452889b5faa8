"""Stories as the index keeps them: copies collapse into one article carried by several outlets,
articles about one event across outlets and days form a story, incrementally, with a real headline."""

import json

import pytest
from conftest import BUDGET, QUAKE, QUAKE2, SEEDS, run_cli

from briefer.brief.stories import stories_of_window, story_headline, without_byline
from briefer.config import load_settings
from briefer.index import Index
from briefer.ingest import ingest

pytestmark = pytest.mark.integration

def _index(tmp_path, minilm):
    return Index(load_settings(index=tmp_path / "i"), embedder=minilm)


def _write(path, articles):
    path.write_text(json.dumps(articles))
    return path


def test_one_event_across_outlets_and_days_is_one_story(tmp_path, minilm):
    index = _index(tmp_path, minilm)
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09", "body": QUAKE},
        {"title": "Norway raises rail spending", "source": "Nordic Post", "published_at": "2023-09-09", "body": BUDGET}])])
    ingest(index, [_write(tmp_path / "b.json", [  # a later day's article joins the story as it arrives
        {"title": "Morocco earthquake: rescuers search the Atlas villages", "source": "Daily Two",
         "published_at": "2023-09-10", "body": QUAKE2}])])
    stories = stories_of_window(index, "2023-09-10", "2023-09-10")
    assert len(stories) == 1
    quake = stories[0]
    assert quake.outlets == ["Daily Two", "Wire One"] and len(quake.articles) == 2
    assert quake.headline == "Morocco earthquake: rescuers search the Atlas villages"  # a real headline
    assert (quake.first_seen, quake.last_seen) == ("2023-09-09", "2023-09-10")
    day_one = stories_of_window(index, "2023-09-09", "2023-09-09")
    assert {s.headline for s in day_one} == {"Earthquake kills hundreds in Morocco", "Norway raises rail spending"}
    seen = {(s.first_seen, s.last_seen, len(s.articles)) for s in day_one}
    assert seen == {("2023-09-09", "2023-09-09", 1)}  # as of the 9th: not yet the 10th's article, in dates or count


def test_copies_collapse_and_keep_every_outlet(tmp_path, minilm):
    index = _index(tmp_path, minilm)
    original = {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09",
                "url": "https://wire.example/quake", "body": QUAKE}
    ingest(index, [_write(tmp_path / "a.json", [original])])
    report = ingest(index, [_write(tmp_path / "b.json", [  # the wire story run by two more outlets, one edited
        {**original, "source": "Paper Two", "url": "https://two.example/quake"},
        {**original, "source": "Paper Three", "url": "https://three.example/q", "body": QUAKE.replace("late", "early")}])])
    assert (report.articles_added, report.copies) == (0, 2)
    assert index.catalog.stats()["articles"] == 1  # stored once: the first outlet's attribution is kept
    (story,) = stories_of_window(index, "2023-09-09", "2023-09-09")
    assert story.outlets == ["Wire One"] and story.carried_by == ["Paper Three", "Paper Two"]
    assert index.catalog.meta(story.articles[0].article_id).source == "Wire One"


def test_stories_command_lists_the_day(tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i")}
    assert run_cli("ingest", str(SEEDS), env=env).returncode == 0
    res = run_cli("stories", "--json", env=env)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert (data["start"], data["end"]) == ("2016-12-12", "2016-12-12")
    (story,) = data["stories"]
    assert story["headline"] == "Southeastern Aleppo neighborhood now in government hands: reports"
    assert story["first_seen"] == "2016-12-08" and len(story["articles"]) == 2 and story["kind"] == "news"
    text = run_cli("stories", env=env).stdout
    assert "Southeastern Aleppo" in text and "2016-12-08 to 2016-12-12" in text
    empty = run_cli("stories", "--date", "2016-12-25", env=env)  # as `briefer brief` does: exit 1, and where to look
    assert empty.returncode == 1 and "no articles published 2016-12-25" in empty.stderr
    assert "try --date 2016-12-12" in empty.stderr and not empty.stdout


def test_a_catalog_from_before_stories_gains_them(tmp_path, minilm):
    import sqlite3

    index = _index(tmp_path, minilm)
    ingest(index, [SEEDS])
    db = sqlite3.connect(index.catalog.path)
    for table in ("facets", "article_names", "article_vectors", "story_articles", "stories"):
        db.execute(f"DELETE FROM {table}")
    db.commit()
    assert index.catalog.unstoried()
    env = {"BRIEFER_INDEX": str(tmp_path / "i")}
    res = run_cli("stories", "--date", "2016-12-12", "--json", env=env)
    assert res.returncode == 0 and len(json.loads(res.stdout)["stories"]) == 1
    assert not index.catalog.unstoried()


def test_a_place_adjective_is_not_whom_a_headline_is_about():
    from briefer.brief.stories import headline_names

    text = "European neobroker Scalable Capital raised $65 million. European regulators were not involved."
    assert headline_names("European neobroker Scalable Capital raises $65M", text) == {"Scalable Capital"}
    assert headline_names("Europe warns X over disinformation", "Europe warned X on Tuesday.") == {"Europe"}
    opening = "Palo Alto Networks is in talks to buy Talon Cyber Security and Dig Security."
    assert headline_names("Palo Alto in talks to buy Talon and Dig", opening) == {"Palo Alto", "Talon"}  # not "and Dig"


def test_the_shipped_story_model_carries_its_leave_one_day_out_figures():
    from briefer.brief.newsvalue import FEATURES, model

    card = model()
    assert card is not None and tuple(card["features"]) == FEATURES
    assert card["cv"]["days"] >= 61  # every labelled day, each scored by a model that never saw it
    # 0.738 and 0.694 on 61 days (0.768 and 0.727 on 56, before the five thin days of holdout 14)
    assert card["cv"]["lead_is_top_story"] >= 0.72 and card["cv"]["top_story_bullets_estimate"] >= 0.68
    assert card["weights"]["outlets"] > 0 and card["weights"]["soft"] < 0 and card["weights"]["roundup"] < 0


def test_a_story_model_that_cannot_be_read_is_one_line_naming_the_setting(tmp_path):
    from pathlib import Path

    from briefer.brief.newsvalue import model
    from briefer.core.errors import ConfigError

    with pytest.raises(ConfigError, match="story_model .*missing.json.*BRIEFER_STORY_MODEL"):
        model(Path(tmp_path / "missing.json"))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"features": ["outlets"], "weights": {"outlets": 1.0}, "intercept": 0.0}))
    with pytest.raises(ConfigError, match="trained on other features"):
        model(other)


def test_a_newsletters_sign_up_line_and_the_outlets_own_name_are_no_names_of_the_event():
    """Two match reports of one outlet opened with its columnist's newsletter line ("Sign up to Miguel
    Delaney's Reading the Game newsletter"): those names, and "Independent", made Newcastle's exit and
    Manchester United's one story (a user read Newcastle's headline over United's bullets)."""
    from briefer.core.records import ArticleMeta
    from briefer.ingest.plan import facets_of
    from briefer.text.sentences import split_sentences

    text = ("Sign up to Miguel Delaney's Reading the Game newsletter sent straight to your inbox for free. "
            "Newcastle lost 2-1 to AC Milan at St James' Park, and The Independent understands Eddie Howe keeps "
            "the backing of the club's owners. Christian Pulisic equalised before Samuel Chukwueze's winner.")
    meta = ArticleMeta("a1", "Another cruel comeback sees Newcastle perish", "The Independent - Sports", "2023-12-13", None, "")
    names = facets_of(meta, text, split_sentences(text)).names
    assert {"newcastle", "ac milan", "eddie howe"} <= names, names
    assert not names & {"miguel delaney", "reading the game", "independent", "the independent", "sign"}, names


def test_an_outlets_series_on_different_days_is_not_one_story(tmp_path, minilm):
    def live(home, away, day, night):
        return {"title": f"{home} vs. {away} live score, updates, highlights from NFL '{night} Night Football' game",
                "source": "Sports Wire", "published_at": day,
                "body": (f"The {home} host the {away} in a Week 7 NFL game on {night} Night Football. Follow our live "
                         f"score updates, highlights and analysis of {home} vs. {away} below. Kickoff is at 8:15 "
                         "p.m. ET and the game is on NBC and Peacock.")}

    index = _index(tmp_path, minilm)
    ingest(index, [_write(tmp_path / "a.json", [live("Jaguars", "Saints", "2023-10-19", "Thursday"),
                                                 live("Dolphins", "Eagles", "2023-10-22", "Sunday")])])
    stories = stories_of_window(index, "2023-10-19", "2023-10-22")
    assert sorted(len(s.articles) for s in stories) == [1, 1]  # two games, two stories


def test_two_pieces_of_one_series_and_shopping_lists_link_only_as_the_rules_say():
    from briefer.core.records import ArticleMeta
    from briefer.index.stories import links, series

    def meta(title, day, source="Sports Wire"):
        return ArticleMeta(article_id=title, title=title, source=source, published=day, url=None, origin="t")

    wrap1, wrap2 = "ASX set to open lower as Wall Street slumps", "ASX set to open higher as Wall Street rebounds"
    assert series(meta(wrap1, "2023-10-01"), meta(wrap2, "2023-10-04"))  # each day's market wrap
    assert not series(meta(wrap1, "2023-10-01"), meta(wrap2, "2023-10-01"))  # one day: maybe one event
    assert not series(meta(wrap1, "2023-10-01"), meta(wrap2, "2023-10-04", source="Other Paper"))
    assert not series(meta("SBF trial: the jury hears from Caroline Ellison", "2023-10-10"),
                      meta("Sam Bankman-Fried takes the stand", "2023-10-26"))  # one trial, different titles
    assert links(0.80, 3) and not links(0.80, 3, service=True)  # two deals lists need to be near-identical
    assert links(0.90, 0, service=True)


def test_stories_are_scored_against_labelled_pairs_of_articles(tmp_path, minilm):
    from briefer.evals.briefing import _resolver
    from briefer.evals.story_pairs import score_story_pairs

    index = _index(tmp_path, minilm)
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09",
         "url": "https://one.example/quake", "body": QUAKE},
        {"title": "Morocco earthquake: rescuers search the Atlas villages", "source": "Daily Two",
         "published_at": "2023-09-10", "url": "https://two.example/quake", "body": QUAKE2},
        {"title": "Norway raises rail spending", "source": "Nordic Post", "published_at": "2023-09-09",
         "url": "https://nordic.example/rail", "body": BUDGET}])])
    labels = tmp_path / "pairs.jsonl"

    def score(*pairs):
        labels.write_text("".join(json.dumps({"a": a, "b": b, "same": same}) + "\n" for a, b, same in pairs))
        return score_story_pairs(index, labels, _resolver(index))

    quake, quake2, rail = "https://one.example/quake", "https://two.example/quake", "https://nordic.example/rail"
    right = score((quake, quake2, True), (quake, rail, False), ("https://elsewhere.example/x", rail, False))
    assert right["pairs"] == 2 and (right["precision"], right["recall"]) == (1.0, 1.0)  # the unknown URL is left out
    wrong = score((quake, quake2, False), (quake2, rail, True))
    assert (wrong["precision"], wrong["recall"], wrong["news_pairs_labelled"]) == (0.0, 0.0, 2)
    assert score_story_pairs(index, tmp_path / "none.jsonl", _resolver(index)) is None


def test_a_story_is_headed_by_a_report_and_a_column_by_its_words_not_its_byline(tmp_path, minilm):
    """2023-12-12's lead had been headed "Ten Hag’s Manchester United stand up and die at club stuck in the
    past tense | Barney Ronay", a column's title and its writer, over the match report of the night."""
    index = _index(tmp_path, minilm)
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": "The Atlas villages wait for help that never comes | Jane Columnist", "source": "Daily Two",
         "published_at": "2023-09-10", "body": QUAKE2, "url": "https://daily.example/world/blog/2023/sep/10/atlas"},
        {"title": "Morocco earthquake: rescuers search the Atlas villages", "source": "Wire One",
         "published_at": "2023-09-10", "body": QUAKE,
         "url": "https://wire.example/world/2023/09/10/morocco-quake"}])])
    (story,) = stories_of_window(index, "2023-09-10", "2023-09-10")
    assert len(story.articles) == 2
    assert story.headline == "Morocco earthquake: rescuers search the Atlas villages"
    (column,) = [a.article_id for a in story.articles if a.source == "Daily Two"]
    assert story_headline(index, [column]) == "The Atlas villages wait for help that never comes"
    assert without_byline("Arteta reveals Pochettino influence on his career | Poch: He is family").endswith("family")
