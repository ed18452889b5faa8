"""How a briefing tells its stories: which are told in bullets and which listed, how many bullets
each gets, under which heading, and which other outlets corroborate a bullet."""

import pytest
from conftest import BUDGET, QUAKE, QUAKE2, indexed, offline_briefing

from briefer.brief.stories import stories_of_window

pytestmark = pytest.mark.integration


def test_the_lead_story_is_told_in_full_even_from_one_outlet(tmp_path, minilm):
    from briefer.brief.build import build
    from briefer.llm import choose_llm

    index = indexed(tmp_path, minilm, [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09", "body": QUAKE}])
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
    index = indexed(tmp_path, minilm, articles, brief_stories=1, brief_min_value=0)
    llm, _ = choose_llm(index.settings, index.embedder, "extractive")
    day = build(index, llm=llm, date="2023-09-10", days=1, save_history=False)
    assert len(day.sections) == 1 and len(day.also) == 1  # one story told a day
    week = build(index, llm=llm, date="2023-09-10", days=4, save_history=False)
    assert len(week.sections) == 2 and not week.also  # twice as many over four days


def test_a_briefing_of_one_outlet_heads_each_story_with_that_outlets_own_headline(tmp_path, minilm):
    from briefer.brief.build import build
    from briefer.llm.extractive import ExtractiveLLM

    index = indexed(tmp_path, minilm, [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09", "body": QUAKE},
        {"title": "Rescuers dig through rubble after Atlas quake", "source": "Coast Times", "published_at": "2023-09-10",
         "body": QUAKE2}])
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

    index = indexed(tmp_path, minilm, [
        {"title": f"Acme Robotics removes chief executive ({src})", "source": src, "published_at": "2023-09-09",
         "body": f"{lede} {fact}"} for src, lede, fact in FIRED])
    brief = build(index, llm=ExtractiveLLM(minilm), date="2023-09-09", save_history=False)
    told = [b.text for b in brief.sections[0].bullets]
    assert len(brief.sections[0].outlets) == 3 and len(told) == 3
    assert sum(lede in told for _, lede, _ in FIRED) == 1  # the other two outlets' bullets say something else


def test_two_sections_of_one_outlet_are_one_outlet_not_two_that_corroborate(tmp_path, minilm):
    """MultiHop-RAG's sources name an outlet's section ("FOX News - Health"): two sections of one outlet
    telling one event are one outlet, named by its masthead, and neither corroborates the other."""
    from briefer.brief.build import build
    from briefer.llm.extractive import ExtractiveLLM

    ledes = {  # one fact in each, in other words
        "Coast Times": "Acme Robotics said on Friday it had removed Jane Doe as chief executive after an internal review.",
        "Daily Two - World": "Acme Robotics removed Jane Doe as chief executive on Friday after an internal review.",
        "Daily Two - Business": "On Friday, Acme Robotics removed Jane Doe as its chief executive after an internal review.",
    }
    index = indexed(tmp_path, minilm, [
        {"title": f"Acme Robotics removes chief executive ({src})", "source": src, "published_at": "2023-09-09",
         "body": f"{lede} {fact}"} for (src, lede), (_, _, fact) in zip(ledes.items(), FIRED, strict=True)])
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

    chatty = ("But he says it was never about the money for him, and they all believed it at the time. "
              "He reportedly offered it to them anyway, and they said no to him on the spot. "
              "It was, he says, the strangest day of the whole Morocco earthquake relief effort.")
    index = indexed(tmp_path, minilm, [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09",
         "body": QUAKE},
        {"title": "Morocco earthquake: tycoon reportedly offered $5B to the King", "source": "Daily Two",
         "published_at": "2023-09-10", "body": "Meanwhile, r" + QUAKE2.split(". ")[0][1:] + ". " + chatty}])  # no sentence reads alone
    (story,) = stories_of_window(index, "2023-09-10", "2023-09-10")
    assert story.headline == "Morocco earthquake: tycoon reportedly offered $5B to the King" and len(story.articles) == 2
    brief = build(index, llm=ExtractiveLLM(minilm), date="2023-09-10", save_history=False)
    (section,) = brief.sections
    cited = {index.catalog.meta(b.citations[0].article_id).title for b in section.bullets}
    assert section.heading in cited, (section.heading, cited)


def test_a_section_is_headed_by_the_article_its_first_bullet_quotes(tmp_path, minilm):
    """A user read "Israel's startup ecosystem: down but not out" over a first bullet on the blockade of
    Gaza, because a later bullet came from the startup piece: a story of two articles is headed by the
    one whose sentence opens the section."""
    from briefer.brief.bullets import Candidate
    from briefer.brief.extractive import _heading

    index = indexed(tmp_path, minilm, [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-10",
         "body": QUAKE},
        {"title": "Rescuers dig through rubble after Atlas quake", "source": "Coast Times", "published_at": "2023-09-10",
         "body": QUAKE2}])
    (story,) = stories_of_window(index, "2023-09-10", "2023-09-10")
    headed = next(a for a in story.articles if a.title == story.headline)
    other = next(a for a in story.articles if a is not headed)

    def told(art):
        span = index.catalog.sentences(art.article_id)[0]
        return Candidate(art, span.start, span.end, index.catalog.article_text(art.article_id)[span.start : span.end], 0, True)

    assert _heading(index, story, [told(other), told(headed)]) == other.title
    assert _heading(index, story, [told(headed), told(other)]) == story.headline


def test_a_section_tells_only_articles_close_to_the_one_it_opens_with(tmp_path, minilm):
    """A user read "Israel's blockade of Gaza ..." over a bullet on Israel's tech exports, from another
    article of the story: a sentence of an article far from the first bullet's is not told under it."""
    from collections import Counter

    from briefer.brief.bullets import candidates
    from briefer.brief.extractive import on_first

    index = indexed(tmp_path, minilm, [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-10",
         "body": QUAKE},
        {"title": "Rescuers dig through rubble after Atlas quake", "source": "Coast Times", "published_at": "2023-09-10",
         "body": QUAKE2},
        {"title": "Norway votes for more rail", "source": "Nordic Post", "published_at": "2023-09-10", "body": BUDGET}])
    stories = stories_of_window(index, "2023-09-10", "2023-09-10")
    pooled = [c for story in stories for c in candidates(index, story, ("2023-09-10", "2023-09-10"))]
    assert len({c.article.title for c in pooled}) == 3  # as if one story had joined them
    kept = {c.article.title for c in on_first(index, pooled, Counter(), 3)}
    assert kept == {"Earthquake kills hundreds in Morocco", "Rescuers dig through rubble after Atlas quake"}, kept


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

    index = indexed(tmp_path, minilm, [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09",
         "body": QUAKE},
        {"title": "Morocco quake toll rises", "source": "Daily Two", "published_at": "2023-09-09", "body": QUAKE2},
        {"title": "Norway raises rail spending", "source": "Nordic Post", "published_at": "2023-09-09",
         "body": BUDGET},
        {"title": "Oslo backs a rail budget", "source": "Fjord Times", "published_at": "2023-09-09",
         "body": "Norway's parliament voted for a budget that lifts rail spending by a third. The finance minister "
                 "said the sovereign wealth fund would pay for it."}])
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


def test_a_story_told_at_length_also_tells_its_earlier_days():
    """A user's "Tell me more about the Sam Bankman-Fried story" gave the briefing's one bullet again: the
    day's article had one sentence that reads alone, and the story's three articles of the days before
    were never read. A briefing still tells the day's news alone; a story told at length fills up."""
    from collections import Counter

    from briefer.brief.bullets import Candidate, pick
    from briefer.brief.stories import StoryArticle

    def told(day, fresh, text):
        art = StoryArticle(f"a-{day}", f"Trial day {day}", "Wire", day, None, 0.0, 0.0, 0.9, False, True)
        return Candidate(art, 0, 10, text, 0, fresh)

    cands = [told("2023-10-10", True, "Caroline Ellison testified that Bankman-Fried directed her to commit fraud."),
             told("2023-10-06", False, "Prosecutors rested after calling eighteen witnesses over three weeks."),
             told("2023-10-05", False, "Judge Lewis Kaplan warned the defence about its questions to Gary Wang.")]
    assert [c.article.published for c in pick(cands, 3, Counter(), 3)] == ["2023-10-10"]
    at_length = pick(cands, 3, Counter(), 3, fill=True)
    assert [c.article.published for c in at_length] == ["2023-10-10", "2023-10-06", "2023-10-05"]


def test_a_story_told_at_length_reads_as_deep_as_the_lead_did(tmp_path, minilm):
    """A user's "Tell me more about the Manchester United story" gave one bullet where the briefing's lead
    had three: the lead's later bullets came from deeper in its article, which telling at length never
    read. Here the article's opening gives one sentence a bullet can quote, and the rest comes later."""
    from briefer.brief.build import build
    from briefer.brief.more import more_on
    from briefer.llm import choose_llm

    short = " ".join(["No change yet."] * 14)  # sentences too short to be bullets, filling the opening
    later = ("Sir Jim Ratcliffe will take charge of football operations at Manchester United in January 2024. "
             "The club's board approved the purchase of a 25 percent stake for about 1.3 billion pounds on Sunday. "
             "Erik ten Hag will meet Ratcliffe and Dave Brailsford at Carrington before the next match.")
    body = ("Manchester United confirmed on Sunday that Sir Jim Ratcliffe has agreed to buy a minority stake in the "
            f"club. {short} {later}")
    index = indexed(tmp_path, minilm, [
        {"title": "Ratcliffe buys into Manchester United", "source": "Sports Desk", "published_at": "2023-12-24",
         "body": body}], learned_standalone=False)  # the rules alone decide which sentences read alone
    llm, _ = choose_llm(index.settings, index.embedder, "extractive")
    brief = build(index, llm=llm, date="2023-12-24", save_history=False)
    (lead,) = brief.sections
    told = more_on(index, brief, "the Manchester United story")
    assert told is not None and len(lead.bullets) > 1
    assert len(told.sections[0].bullets) >= len(lead.bullets), [b.text for b in told.sections[0].bullets]


def test_every_outlet_a_section_names_can_be_read_even_when_no_bullet_cites_it(tmp_path, minilm):
    """"2 outlets: Sporting News, The Guardian" with every bullet from Sporting News left the Guardian's
    report nowhere to be found: the outlet no bullet cites gets its article's number, listed in Sources."""
    from briefer.brief.render import markdown, to_html

    brief = offline_briefing(tmp_path, minilm, [
        {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09",
         "body": QUAKE},
        {"title": "Rescuers search Atlas villages after Morocco earthquake", "source": "Daily Two",
         "published_at": "2023-09-09", "body": QUAKE2}], "2023-09-09", brief_bullets=1, per_article=1)
    (sec,) = brief.sections
    (bullet,) = sec.bullets
    quoted = brief.sources[bullet.citations[0].n - 1]
    (other,) = [o for o in sec.outlets if o != quoted.source]
    (n,) = sec.outlet_sources[other]
    assert brief.sources[n - 1].source == other and quoted.source not in sec.outlet_sources
    text = markdown(brief)
    assert f"{other} [{n}]" in text and f"- [{n}] {brief.sources[n - 1].title}" in text
    assert f'{other} <a class="cite" href="#src-{n}">[{n}]</a>' in to_html(brief)


def test_a_story_of_several_days_is_told_day_by_day_to_its_latest_news(tmp_path, minilm):
    """A month's briefing on OpenAI had told Sam Altman's firing three times and never what came after:
    over a window of several days, a story's bullets are its best sentence, then its latest day's news and
    each other day's, in the order of the days."""
    quake = {"title": "Earthquake kills hundreds in Morocco", "source": "Wire One", "published_at": "2023-09-09",
             "body": QUAKE + " Officials in Marrakech said the earthquake had killed at least 820 people in the "
                             "Atlas mountains and injured 672 more, according to the interior ministry in Rabat."}
    rescue = {"title": "Rescuers dig through rubble in Morocco", "source": "Wire Two", "published_at": "2023-09-10",
              "body": QUAKE2}
    rebuild = {"title": "Morocco to rebuild Atlas villages after earthquake", "source": "Daily Three",
               "published_at": "2023-09-13", "body": "Morocco will rebuild the Atlas mountain villages destroyed by "
               "the earthquake south of Marrakech, the government said on Wednesday, with a fund of 120 billion "
               "dirhams over five years for the 50,000 homes lost in the quake."}
    from briefer.brief.build import build
    from briefer.llm import choose_llm

    index = indexed(tmp_path, minilm, [quake, rescue, rebuild])
    llm, _ = choose_llm(index.settings, index.embedder, "extractive")
    brief = build(index, llm=llm, date="2023-09-15", days=7, save_history=False)
    (lead,) = brief.sections
    days = [b.citations[0].date for b in lead.bullets]
    assert "2023-09-13" in days and days == sorted(days), [b.text[:50] for b in lead.bullets]
    assert lead.heading == "Morocco to rebuild Atlas villages after earthquake"  # its best sentence's article
    assert (lead.first_seen, lead.last_seen) == ("2023-09-09", "2023-09-13")
    from briefer.brief.render import markdown

    told = [line for line in markdown(brief).splitlines() if line.startswith("- ") and "[" in line][:3]
    assert [line.endswith(f"_({d})_") for line, d in zip(told, days)] == [True] * 3, told  # each bullet's day


def test_a_storys_bullets_over_several_days_are_in_the_order_of_the_days():
    """A topic briefing's Michigan story read 11-06, 11-16, 11-06: its news of one day came between two
    sentences of an earlier one. Over several days a section's bullets are in the order of the days."""
    from collections import Counter

    from briefer.brief.bullets import Candidate
    from briefer.brief.extractive import by_day
    from briefer.brief.stories import StoryArticle

    def said(article, day, text, fresh):
        art = StoryArticle(article, "A title", "Sports Daily", day, None, 0.0, 0.9, 0.5, False, False)
        return Candidate(art, 0, len(text), text, 0, fresh, day)

    picks = [said("new", "2023-11-16", "The Big Ten suspended Jim Harbaugh for the rest of the season.", True),
             said("old", "2023-11-06", "Michigan's staffer Connor Stalions resigned on Friday.", False),
             said("old", "2023-11-06", "Ohio State coach Ryan Day said the scheme was wrong.", False)]
    told = by_day(picks, picks, 3, ("2023-11-10", "2023-11-16"), Counter(), 3)
    assert [c.day for c in told] == ["2023-11-06", "2023-11-06", "2023-11-16"]
    assert by_day(picks, picks, 3, ("2023-11-16", "2023-11-16"), Counter(), 3) == picks  # one day: as picked
