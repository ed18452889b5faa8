"""What changed between two briefings: which past briefing a new one is compared with (never itself,
never one weeks old or of another topic, outlet or length) and what is said to have changed."""

import pytest

from briefer.brief.build import build
from briefer.brief.history import History, what_changed
from briefer.brief.records import Briefing, Section, Source
from briefer.brief.render import markdown
from briefer.llm.extractive import ExtractiveLLM

pytestmark = pytest.mark.integration


def _day(start, end=None, *, sources=(), sections=(), conflicts=(), topic=None, source=None, made="07:00:00"):
    """A briefing record of ``start`` to ``end`` (default: one day) citing ``sources`` (article ids)."""
    end = end or start
    cited = [Source(n, a, f"Story {a}", "Wire", end, None) for n, a in enumerate(sources, 1)]
    return Briefing(start, end, "extractive", f"{end}T{made}", len(cited), [], 0, topic, [], list(sections),
                    list(conflicts), cited, source=source)


def test_what_changed_across_two_briefings(dated_seeds):
    build(dated_seeds, llm=ExtractiveLLM(dated_seeds.embedder), date="2016-12-08")
    second = build(dated_seeds, llm=ExtractiveLLM(dated_seeds.embedder), date="2016-12-12")
    assert second.previous.startswith("2016-12-08 (generated")
    week = build(dated_seeds, llm=ExtractiveLLM(dated_seeds.embedder), date="2016-12-12", days=7)
    assert week.previous is None  # a week's briefing is not compared with a day's
    # by number, not headline: a reader found the list of headlines read as the briefing over again
    (cited,) = [c for c in second.changes if c.startswith("1 new article cited: [")]
    n = int(cited.split("[")[1].rstrip("]"))
    assert second.sources[n - 1].title.startswith("Southeastern Aleppo"), second.changes
    dropped = {"sources": [{"article_id": "gone1", "title": "Ceasefire collapses", "source": "Wire",
                            "published": "2016-12-12"}]}
    assert "1 article cited last time was not cited this time: Ceasefire collapses (Wire)" in what_changed(dropped, second)
    yesterdays = {"sources": [{**dropped["sources"][0], "published": "2016-12-11"}]}
    assert not any("not cited this time" in c for c in what_changed(yesterdays, second))  # not of this window
    assert "## What changed since the briefing of 2016-12-08 (generated" in markdown(second)
    assert f"- 1 new article cited: [{n}]" in markdown(second)  # a citation, not an escaped "\\[{n}\\]"
    # the leading headlines stand on a line of their own: a user read "... brace for impact. Sam Bankman-Fried ..."
    leading = [line for line in markdown(second).splitlines() if line.startswith("Leading:")]
    assert len(leading) == (len(second.sections) > 1)  # one section: its heading is announced once
    assert all(line.endswith(".") and "[" not in line for line in leading)
    earlier = build(dated_seeds, llm=ExtractiveLLM(dated_seeds.embedder), date="2016-12-10")
    assert earlier.previous.startswith("2016-12-08 (generated")  # not the later 12-12 briefing made since


def test_what_changed_calls_a_new_update_an_update_not_a_conflict():
    """A user read "No conflicting figures found" and, below it, "New conflicting figures: ... nearly 500
    vs over 650" for a count that rose over a day: what changed names an update as one."""
    from briefer.brief.records import ConflictReport, Quote, Side

    def side(figure):
        return Side(figure, figure, "TechCrunch", Quote(1, "a1", 0, 10, f"{figure} signed"))

    rose = ConflictReport("OpenAI employees who signed the letter", [side("nearly 500"), side("over 650")], kind="update")
    brief = _day("2023-11-21", conflicts=[rose])
    changes = what_changed({"sources": []}, brief)
    assert "New update: OpenAI employees who signed the letter — nearly 500 then over 650" in changes, changes
    assert not any("conflicting" in c for c in changes)
    known = {"conflicts": [{"about": rose.about, "kind": "update"}]}
    assert what_changed(known, brief) == ["Nothing new since the previous briefing."]


def test_a_story_told_again_under_another_heading_is_no_new_topic():
    """A user read "New topics: A timeline of Sam Altman's firing ..." on 11-18 after the 11-17 briefing
    had led with "Sam Altman ousted as OpenAI's CEO": one story, headed by another of its articles."""
    sections = [Section("A timeline of Sam Altman's firing", [], story_id="s1"), Section("Binance pleads", [], story_id="s2")]
    brief = _day("2023-11-18", sections=sections)
    before = {"sections": [{"heading": "Sam Altman ousted as OpenAI's CEO", "story_id": "s1"}]}
    assert "New topics: Binance pleads" in what_changed(before, brief)


def test_a_story_told_again_is_said_to_continue_when_something_else_is_new():
    sections = [Section("Jordan loses second speaker vote", [], story_id="s1"), Section("Binance pleads", [], story_id="s2")]
    brief = _day("2023-10-18", sections=sections)
    before = {"sections": [{"heading": "Jordan loses first speaker vote", "story_id": "s1"}]}
    changes = what_changed(before, brief)
    assert changes[-2:] == ["New topics: Binance pleads", "Continuing: Jordan loses second speaker vote"], changes
    again = {"sections": [{"heading": s.heading, "story_id": s.story_id} for s in sections]}
    assert what_changed(again, brief) == ["Nothing new since the previous briefing."]  # continuing is no change


def test_what_changed_compares_with_a_recent_briefing_never_one_weeks_old(tmp_path):
    history = History(tmp_path)
    for start, end in (("2023-10-16", "2023-10-22"), ("2023-10-22", "2023-10-22")):
        history.save(_day(start, end))
    assert history.latest(until="2023-11-05", since="2023-11-01") is None  # two weeks old: nothing to compare
    assert history.latest(until="2023-10-25", since="2023-10-21")["start"] == "2023-10-22"  # the last saved
    assert history.latest(until="2023-10-21", since="2023-10-01") is None  # never a later window's
    history.save(_day("2023-10-22", topic="Binance", source="TechCrunch", made="08:00:00"))
    assert history.latest(until="2023-10-25", since="2023-10-21")["topic"] is None  # not the Binance briefing
    assert history.latest(until="2023-10-25", since="2023-10-21", topic="Binance", source="TechCrunch")["topic"]
    assert history.latest(until="2023-10-25", since="2023-10-21", topic="Binance") is None


def test_a_briefing_made_again_on_unchanged_news_is_compared_with_the_day_before_not_itself(tmp_path):
    """A user ran `briefer brief --date 2023-11-17` twice and read "What changed since the briefing of
    2023-11-17 ... Nothing new": the same window counts only when its news changed since."""
    history = History(tmp_path)
    history.save(_day("2023-11-16", sources=["a1"]))
    history.save(_day("2023-11-17", sources=["a2"]))
    assert history.previous(_day("2023-11-17", sources=["a2"]), since="2023-11-10", days=1)["end"] == "2023-11-16"
    changed = _day("2023-11-17", sources=["a2", "a3"])
    assert history.previous(changed, since="2023-11-10", days=1)["end"] == "2023-11-17"
    assert history.previous(_day("2023-11-16", sources=["a1"]), since="2023-11-10", days=1) is None  # none before
