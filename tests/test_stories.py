"""Stories as the index keeps them: copies collapse into one article carried by several outlets,
articles about one event across outlets and days form a story, incrementally, with a real headline."""

import json

import pytest
from conftest import SEEDS, offline_briefing, run_cli

from briefer.brief.stories import stories_of_window
from briefer.config import load_settings
from briefer.index import Index
from briefer.ingest import ingest

pytestmark = pytest.mark.integration

QUAKE = ("A magnitude 6.8 earthquake struck the Atlas mountains of Morocco late on Friday, killing hundreds of "
         "people in villages south of Marrakech. Rescue teams from Rabat and Casablanca reached the worst-hit "
         "villages on Saturday morning. King Mohammed VI declared three days of national mourning.")
QUAKE2 = ("Rescuers dug through rubble in the Atlas mountains of Morocco on Sunday after Friday's magnitude 6.8 "
          "earthquake south of Marrakech. The government said teams from Rabat and Casablanca were working in "
          "remote villages. King Mohammed VI visited the injured in a Marrakech hospital.")
BUDGET = ("The Norwegian parliament approved a budget that raises spending on rail by a third. The finance "
          "minister said the plan would be paid for by the sovereign wealth fund.")


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


def test_the_lead_story_is_told_in_full_even_from_one_outlet(tmp_path, minilm):
    from briefer.brief.build import build
    from briefer.llm import choose_llm

    index = _index(tmp_path, minilm)
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09", "body": QUAKE}])])
    llm, _ = choose_llm(index.settings, index.embedder, "extractive")
    (lead,) = build(index, llm=llm, date="2023-09-09", save_history=False).sections
    assert lead.outlets == ["Wire One"]
    assert len(lead.bullets) == index.settings.briefing.brief_bullets == 3  # all three sentences of the quake
    assert [b.text for b in lead.bullets][0].startswith("A magnitude 6.8 earthquake")


def test_a_story_after_the_lead_is_told_in_bullets_only_when_newsworthy_enough(tmp_path, minilm):
    articles = [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-10", "body": QUAKE},
        {"title": "Rescuers dig through rubble in Morocco", "source": "Wire Two", "published_at": "2023-09-10", "body": QUAKE2},
        {"title": "Norway votes for more rail", "source": "Nordic Post", "published_at": "2023-09-10", "body": BUDGET},
    ]
    brief = offline_briefing(tmp_path / "a", minilm, articles, "2023-09-10")
    assert [s.outlets for s in brief.sections] == [["Wire One", "Wire Two"]]  # two outlets lead
    assert [h.text for h in brief.also] == ["Norway votes for more rail"]  # one outlet, no news cycle: a headline
    assert len(offline_briefing(tmp_path / "b", minilm, articles, "2023-09-10", brief_min_value=0).sections) == 2


def test_a_week_tells_more_stories_than_a_day(tmp_path, minilm):
    from briefer.brief.build import build, stories_told
    from briefer.llm import choose_llm

    assert [stories_told(3, "2023-09-10", end) for end in ("2023-09-10", "2023-09-13", "2023-09-16")] == [3, 6, 9]
    articles = [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-10", "body": QUAKE},
        {"title": "Norway votes for more rail", "source": "Nordic Post", "published_at": "2023-09-10", "body": BUDGET},
    ]
    index = Index(load_settings(index=tmp_path / "i", brief_stories=1, brief_min_value=0), embedder=minilm)
    ingest(index, [_write(tmp_path / "a.json", articles)])
    llm, _ = choose_llm(index.settings, index.embedder, "extractive")
    day = build(index, llm=llm, date="2023-09-10", days=1, save_history=False)
    assert len(day.sections) == 1 and len(day.also) == 1  # one story told a day
    week = build(index, llm=llm, date="2023-09-10", days=4, save_history=False)
    assert len(week.sections) == 2 and not week.also  # twice as many over four days


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


def test_a_briefing_of_one_outlet_heads_each_story_with_that_outlets_own_headline(tmp_path, minilm):
    from briefer.brief.build import build
    from briefer.llm.extractive import ExtractiveLLM

    index = _index(tmp_path, minilm)
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09", "body": QUAKE},
        {"title": "Rescuers dig through rubble after Atlas quake", "source": "Coast Times", "published_at": "2023-09-10",
         "body": QUAKE2}])])
    assert len(stories_of_window(index, "2023-09-09", "2023-09-10")) == 1  # one story of two outlets
    brief = build(index, llm=ExtractiveLLM(minilm), date="2023-09-10", days=2, source="Coast Times",
                  save_history=False)
    assert [s.heading for s in brief.sections] == ["Rescuers dig through rubble after Atlas quake"]
    assert brief.sections[0].outlets == ["Coast Times"] and brief.sections[0].first_seen == "2023-09-10"


FIRED = [  # three outlets' ledes of one event, in other words each, then a fact of their own
    ("Wire One", "Acme Robotics fired its chief executive Jane Doe on Friday after a board review of her conduct.",
     "Shares of Acme Robotics fell 8 per cent in Frankfurt trading after the announcement on Friday."),
    ("Coast Times", "In a surprise move, the board of Acme Robotics has ousted Jane Doe from her role as chief executive.",
     "Jane Doe had led Acme Robotics, the Munich-based maker of warehouse robots, since 2015."),
    ("Daily Two", "Acme Robotics said on Friday it had removed Jane Doe as chief executive following an internal review.",
     "Acme Robotics finance chief Mark Lee will run the company until a successor to Jane Doe is found."),
]


def test_one_fact_told_by_three_outlets_is_one_bullet_not_three(tmp_path, minilm):
    from briefer.brief.build import build
    from briefer.llm.extractive import ExtractiveLLM

    index = _index(tmp_path, minilm)
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": f"Acme Robotics removes chief executive ({src})", "source": src, "published_at": "2023-09-09",
         "body": f"{lede} {fact}"} for src, lede, fact in FIRED])])
    brief = build(index, llm=ExtractiveLLM(minilm), date="2023-09-09", save_history=False)
    told = [b.text for b in brief.sections[0].bullets]
    assert len(brief.sections[0].outlets) == 3 and len(told) == 3
    assert sum(lede in told for _, lede, _ in FIRED) == 1  # the other two outlets' bullets say something else


def test_two_sections_of_one_outlet_are_one_outlet_not_two_that_corroborate(tmp_path, minilm):
    """MultiHop-RAG's sources name an outlet's section ("FOX News - Health"): two sections of one outlet
    telling one event are one outlet, named by its masthead, and neither corroborates the other."""
    from briefer.brief.build import build
    from briefer.llm.extractive import ExtractiveLLM

    index = _index(tmp_path, minilm)
    ledes = {  # one fact in each, in other words
        "Coast Times": "Acme Robotics said on Friday it had removed Jane Doe as chief executive after an internal review.",
        "Daily Two - World": "Acme Robotics removed Jane Doe as chief executive on Friday after an internal review.",
        "Daily Two - Business": "On Friday, Acme Robotics removed Jane Doe as its chief executive after an internal review.",
    }
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": f"Acme Robotics removes chief executive ({src})", "source": src, "published_at": "2023-09-09",
         "body": f"{lede} {fact}"} for (src, lede), (_, _, fact) in zip(ledes.items(), FIRED, strict=True)])])
    (story,) = stories_of_window(index, "2023-09-09", "2023-09-09")
    assert story.outlets == ["Coast Times", "Daily Two"]
    brief = build(index, llm=ExtractiveLLM(minilm), date="2023-09-09", save_history=False)
    assert brief.outlets == ["Coast Times", "Daily Two"] and brief.sections[0].outlets == ["Coast Times", "Daily Two"]
    bullets = brief.sections[0].bullets
    for b in bullets:  # corroborated only by another outlet, never by a section of its own
        own = index.catalog.meta(b.citations[0].article_id).source
        assert all(not own.startswith(o.split(" - ")[0]) for o in b.corroborated_by)
    assert max(b.outlets for b in bullets) == 2  # the three ledes say one fact: in two outlets, not three


def test_a_heading_is_the_headline_of_an_article_its_bullets_come_from(tmp_path, minilm):
    """A user read "SBF reportedly offered $5B to Trump" over three sentences of an older preview of
    his trial: when the day's article gives no bullet, the story is headed by the article that does."""
    from briefer.brief.build import build
    from briefer.llm.extractive import ExtractiveLLM

    index = _index(tmp_path, minilm)
    chatty = ("But he says it was never about the money for him, and they all believed it at the time. "
              "He reportedly offered it to them anyway, and they said no to him on the spot. "
              "It was, he says, the strangest day of the whole Morocco earthquake relief effort.")
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09",
         "body": QUAKE},
        {"title": "Morocco earthquake: tycoon reportedly offered $5B to the King", "source": "Daily Two",
         "published_at": "2023-09-10", "body": "Meanwhile, r" + QUAKE2.split(". ")[0][1:] + ". " + chatty}])])  # no sentence reads alone
    (story,) = stories_of_window(index, "2023-09-10", "2023-09-10")
    assert story.headline == "Morocco earthquake: tycoon reportedly offered $5B to the King" and len(story.articles) == 2
    brief = build(index, llm=ExtractiveLLM(minilm), date="2023-09-10", save_history=False)
    (section,) = brief.sections
    cited = {index.catalog.meta(b.citations[0].article_id).title for b in section.bullets}
    assert section.heading in cited, (section.heading, cited)


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


def test_a_chosen_story_with_nothing_that_stands_alone_gives_way_and_is_still_listed(tmp_path, minilm):
    leaning = ("He said it was over after that. They left the hall soon after, and she called it a long night. "
               "It was the last time they spoke about it.")
    leaning2 = ("They said it had been over for weeks. He left the hall first; she stayed behind with them. "
                "That was the end of it, they said.")
    articles = [
        {"title": "Harbour council walkout", "source": "Wire One", "published_at": "2023-09-10", "body": leaning},
        {"title": "Harbour council members walk out", "source": "Wire Two", "published_at": "2023-09-10",
         "body": leaning2},
        {"title": "Norway votes for more rail", "source": "Nordic Post", "published_at": "2023-09-10", "body": BUDGET},
    ]
    brief = offline_briefing(tmp_path, minilm, articles, "2023-09-10")
    assert [s.heading for s in brief.sections] == ["Norway votes for more rail"]  # told, not "No story to report"
    assert any(h.text.startswith("Harbour council") for h in brief.also)  # the chosen story has not vanished


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


def test_the_reviews_of_a_launch_join_its_story_as_coverage_not_as_bullets(tmp_path, minilm):
    launch = ("Valve announced the Steam Deck OLED on Thursday, a handheld gaming PC with a 7.4-inch HDR OLED screen, "
              "a 50Whr battery and a 6nm processor. The Steam Deck OLED goes on sale on November 16 for $549. "
              "Valve said the original LCD Steam Deck stays on sale at $399.")
    review = ("The Steam Deck OLED, which Valve announced on Thursday, is a handheld gaming PC with a 7.4-inch HDR OLED "
              "screen, a 50Whr battery and a 6nm processor. It goes on sale on November 16 for $549. I think it is "
              "simply the best handheld you can buy.")
    brief = offline_briefing(tmp_path, minilm, [
        {"title": "Valve announces the Steam Deck OLED", "source": "Wire One", "published_at": "2023-11-09",
         "body": launch},
        {"title": "Steam Deck OLED review: it's just better", "source": "Gadget Site", "published_at": "2023-11-09",
         "body": review},
        {"title": "Norway votes for more rail", "source": "Nordic Post", "published_at": "2023-11-09", "body": BUDGET},
    ], "2023-11-09")
    lead = brief.sections[0]
    assert lead.heading == "Valve announces the Steam Deck OLED" and lead.outlets == ["Gadget Site", "Wire One"]
    assert lead.kind == "news" and lead.articles == 2
    titles = {s.article_id: s.title for s in brief.sources}
    cited = {titles[q.article_id] for b in lead.bullets for q in b.citations}
    assert cited == {"Valve announces the Steam Deck OLED"}  # the review's verdict is not a bullet


def test_a_model_s_section_sits_with_the_story_it_cites_and_the_story_it_skipped_is_quoted(tmp_path, minilm):
    """A language model's briefing that writes about the second story only: its section is placed with
    that story, its uncited line is left out, and the lead story is told in its articles' own words."""
    from briefer.brief.build import build
    from briefer.llm.drafts import Draft, RawCitation, Segment
    from briefer.testing import ScriptedLLM

    index = _index(tmp_path, minilm)
    ingest(index, [_write(tmp_path / "a.json", [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09",
         "body": QUAKE},
        {"title": "Morocco quake toll rises", "source": "Daily Two", "published_at": "2023-09-09", "body": QUAKE2},
        {"title": "Norway raises rail spending", "source": "Nordic Post", "published_at": "2023-09-09",
         "body": BUDGET},
        {"title": "Oslo backs a rail budget", "source": "Fjord Times", "published_at": "2023-09-09",
         "body": "Norway's parliament voted for a budget that lifts rail spending by a third. The finance minister "
                 "said the sovereign wealth fund would pay for it."}])])
    probe = ScriptedLLM(Draft([Segment("Nothing to say.")]), briefing="generative")
    build(index, llm=probe, date="2023-09-09", save_history=False)
    (k,) = [p.index for p in probe.calls[0][1] if p.hit.title == "Norway raises rail spending" and p.sentences]
    draft = Draft([Segment("## Rail\n- "), Segment("Norway's parliament approved a budget raising rail spending by a third.",
                                                   [RawCitation(k, 0, 1)]), Segment("\n- The trains will be faster.\n")])
    brief = build(index, llm=ScriptedLLM(draft, briefing="generative"), date="2023-09-09", save_history=False)
    quake, rail = brief.sections
    assert quake.quoted and set(quake.outlets) == {"Wire One", "Daily Two"}  # the lead, told as offline
    assert rail.heading == "Rail" and not rail.quoted and len(rail.bullets) == 1 and rail.bullets[0].citations
    assert brief.uncited_left_out == 1 and not brief.also  # each story told once
    assert brief.summary == [quake.bullets[0], rail.bullets[0]]  # the model wrote none: the stories lead it


def test_stories_are_listed_in_the_briefings_order_and_shopping_last():
    """`briefer stories` had listed a startup's funding round first on 2023-12-07, the day's briefing
    leading with Gemini: the list follows the briefing (told, then listed), shopping lists last."""
    from briefer.brief.build import briefing_order
    from briefer.brief.stories import Story, StoryArticle

    def story(title: str, value: float, service: float = 0.1, outlets: int = 1, funding: bool = False) -> Story:
        arts = [StoryArticle(f"{title}{i}", title, f"Post {i}", "2023-12-07", None, service, 0.1, 0.9, False, True,
                             funding=funding) for i in range(outlets)]
        return Story(title, title, "2023-12-07", "2023-12-07", arts, value=value)

    ranked = [story("Round", 0.9, funding=True), story("Prime Day deals", 0.8, service=0.9),
              story("Gemini", 0.6, outlets=2), story("Swift", 0.3)]
    order = briefing_order(ranked, 3, 0.5, ("2023-12-07", "2023-12-07"))
    assert [s.headline for s in order] == ["Gemini", "Round", "Swift", "Prime Day deals"]
