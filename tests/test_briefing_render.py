"""How a computed briefing reads: the leading line, links, quotes, updates and the numbered sources,
rendered from hand-made records (no index)."""

import pytest

from briefer.brief.records import Briefing, Bullet, ConflictReport, Headline, Quote, Section, Side, Source
from briefer.brief.render import markdown, md_link, overview, summary_markdown, to_html
from briefer.text.words import in_quotes


def _briefing(sections=(), conflicts=(), sources=(), **more) -> Briefing:
    """A one-day briefing of 2023-11-21 made of the given records."""
    return Briefing("2023-11-21", "2023-11-21", "extractive", "2026-12-04T00:00:00", len(sources) or 1, ["Post"], 0,
                    None, [], list(sections), list(conflicts), list(sources), **more)


@pytest.mark.parametrize("headings, line", [
    (["Sony Music's artists aren't in it. Not unrelated: Google's filing.", "Rain in Paris"],
     "Leading: Sony Music's artists aren't in it. Not unrelated: Google's filing; Rain in Paris."),
    (["Why is Brock Purdy called Mr. Irrelevant?"], "Leading: Why is Brock Purdy called Mr. Irrelevant?"),
    (["EU warns X", "Storm hits Oslo"], "Leading: EU warns X; Storm hits Oslo."),
])
def test_the_leading_line_ends_once(headings, line):
    brief = _briefing(sections=[Section(h, []) for h in headings])
    assert overview(brief) == line  # a headline's own full stop was doubled: "... Copyright Office.."


@pytest.mark.parametrize("render", [markdown, to_html])
def test_one_section_is_not_announced_twice(render):
    """"Leading: Deft is building e-commerce search" right above the section headed the same says nothing."""
    one = render(_briefing(sections=[Section("Deft is building e-commerce search", [])]))
    two = render(_briefing(sections=[Section("Deft is building e-commerce search", []), Section("Rain in Paris", [])]))
    assert "Leading:" not in one and "Deft is building e-commerce search" in one
    assert "Leading: Deft is building e-commerce search; Rain in Paris." in two


def test_a_markdown_link_keeps_its_url_as_it_is():
    """CommonMark reads no backslash escapes inside <...>: 'utm\\_medium' would link to 'utm%5C_medium'."""
    url = "https://www.smh.com.au/business/x.html?ref=rss&utm_medium=rss#utm_source=RSS"
    assert md_link(url) == f" <{url}>"
    assert md_link("https://e.com/a b<c>") == " <https://e.com/a%20b%3Cc%3E>"
    assert md_link("javascript:alert(1)") == ""


def test_a_quoted_sentence_is_not_wrapped_in_a_second_pair_of_quotes():
    assert in_quotes("Aid reached Aleppo.") == "“Aid reached Aleppo.”"
    assert in_quotes("“We will stay,” he said.") == "“We will stay,” he said."  # not ““We will stay,” he said.”
    assert in_quotes('He called it "a disaster".') == 'He called it "a disaster".'


def test_an_update_one_article_tells_names_its_source_once():
    first = Quote(1, "a", 0, 40, "Nearly 500 of the staff published a letter.")
    later = Quote(1, "a", 41, 80, "Later Monday, that number climbed to over 650.")
    update = ConflictReport(
        "The staff letter",
        [Side("nearly 500", "Nearly 500", "TechCrunch, 2023-11-18", first),
         Side("over 650", "over 650", "TechCrunch, 2023-11-18", later)],
        kind="update",
    )
    brief = _briefing(conflicts=[update], sources=[Source(1, "a", "A timeline", "TechCrunch", "2023-11-18", None)])
    line = next(x for x in markdown(brief).splitlines() if x.startswith("- **The staff letter**"))
    assert line == "- **The staff letter**: rose from nearly 500 to over 650 (TechCrunch, 2023-11-18) [1]"


def test_a_short_briefing_keeps_each_source_under_its_citation_number():
    from rich.console import Console
    from rich.markdown import Markdown

    q = [Quote(n, f"a{n}", 0, 9, f"Fact {n}.") for n in (1, 2, 3)]
    update = ConflictReport("A toll", [Side("40", "40", "Post", q[1]), Side("61", "61", "Post", q[1])], kind="update")
    brief = _briefing(
        sections=[Section("Floods in the valley", [Bullet("Fact 1.", [q[0]])])],
        conflicts=[update],
        sources=[Source(n, f"a{n}", f"Title {n}", "Post", "2023-11-21", None) for n in (1, 2, 3)],
        also=[Headline("Title 3", [3], ["Post"])],
    )
    console = Console(record=True, width=100, color_system=None)
    console.print(Markdown(summary_markdown(brief)))  # as the chat shows it: the update, source 2, left out
    shown = console.export_text()
    assert "Title 3 — Post [3]" in shown and "[3] Title 3" in shown and "Title 2" not in shown


@pytest.mark.parametrize("several, says", [(0, True), (1, False), (None, False)])
def test_a_day_no_story_of_which_two_outlets_carry_says_so(several, says):
    """A reader took the lead of a day of single-outlet stories for the day's most important news: the
    header says when every story is one outlet's word (not when it was not counted, as in an old file)."""
    brief = _briefing(stories=9, several_outlets=several)
    assert ("9 stories, no news story carried by two outlets;" in markdown(brief)) is says
    assert "9 stories" in markdown(brief)


def test_the_shopping_left_out_says_which_command_lists_it():
    """"Not shown: 6 shopping, list, review or how-to articles" left a reader unable to check what was dropped."""
    assert "Not shown: 3 shopping, list, review or how-to articles (`briefer stories --date 2023-11-21` lists them)." \
        in markdown(_briefing(service_skipped=3))
    week = Briefing("2023-11-15", "2023-11-21", "extractive", "2026-12-04T00:00:00", 1, ["Post"], 0, None, [], [], [], [],
                    service_skipped=1)
    assert "(`briefer stories --date 2023-11-21 --days 7` lists them)" in markdown(week)


@pytest.mark.parametrize("render", [markdown, to_html])
def test_a_live_pages_entry_of_the_day_is_the_days_news_and_its_source_says_as_of_when(render):
    """A timeline first published on 11-18 whose entry of 11-21 a bullet quotes: no "(2023-11-18)" after
    the bullet (that marks background from before the window), and the source reads "live page as of
    2023-11-21" (it was updated after);
    a bullet quoting an older article keeps its day."""
    entry = Quote(1, "t", 900, 990, "OpenAI said Altman would return as CEO.", date="2023-11-21")
    older = Quote(2, "f", 0, 40, "The board fired Altman on Friday.", date="2023-11-17")
    brief = _briefing(
        sections=[Section("OpenAI timeline", [Bullet(entry.text, [entry]), Bullet(older.text, [older])])],
        sources=[Source(1, "t", "OpenAI timeline", "TechCrunch", "2023-11-18", None, as_of="2023-11-21"),
                 Source(2, "f", "Altman fired", "Fortune", "2023-11-17", None)],
    )
    out = render(brief)
    assert "2023-11-18, live page as of 2023-11-21" in out and out.count("2023-11-18") == 1
    assert "2023-11-17" in out.split("Altman on Friday.")[1].split("Sources")[0]
