"""Live pages: a page its outlet kept updating, entries under date lines, newest first. Each entry tells
the news of its own date: a briefing never tells an entry (or the rewritten opening) from after its days,
and an entry's figures are dated by the entry, not by the page's first publication."""

import pytest
from conftest import indexed

from briefer.core.records import Span
from briefer.text.entries import live_page


def _page(text: str, published: str = "2023-11-18"):
    spans, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(Span(at, at + len(line)))
        at += len(line) + 1
    return live_page(text, spans, published), [text[s.start : s.end] for s in spans]


TIMELINE = "\n".join([  # TechCrunch's form: the date line, then the entry's headline
    "The board fired its chief executive late Friday.",
    "November 21",
    "Chief executive returns",
    "The company said it had agreed that its chief executive would return.",
    "November 20",
    "Staff threaten to quit",
    "Nearly 500 employees signed a letter.",
    "Later Monday, that number climbed to over 650.",
])
TRACKER = "\n".join([  # the Sporting News form: the entry's headline above "Date: ..."
    "All eyes since the start of the offseason have been on the free agent.",
    "Player agrees to a ten-year deal",
    "Date: Saturday, Dec. 9",
    "The player announced Saturday that he has agreed to a contract.",
    "Player not headed to Toronto",
    "Date: Friday, Dec. 8",
    "The player had a change of plans, apparently.",
])


def test_a_timeline_is_read_entry_by_entry_with_the_opening_as_of_its_last_update():
    page, lines = _page(TIMELINE)
    assert [(e.start, e.date) for e in page.entries] == [(1, "2023-11-21"), (4, "2023-11-20")]
    assert page.updated == "2023-11-21" and page.date_of(0) == "2023-11-21"  # the opening: as last written
    assert page.date_of(7) == "2023-11-20" and page.entry_of(0) is None
    assert [page.place(k, lines) for k in (3, 6, 7)] == [0, 0, 1]  # an entry's first sentence opens it


def test_an_entry_of_several_reports_opens_again_under_each_headline():
    """TechCrunch's "November 19" held "Altman to meet at OpenAI HQ", "Board negotiations hit a snag" and
    "Altman out, Shear in": the first sentence under each opens its report, a report lower down (earlier in
    the day) one place later."""
    page, lines = _page("\n".join([
        "The board fired its chief executive late Friday.", "November 19", "Chief executive to meet the board",
        "He is expected at headquarters.", "Staff were invited too.", "Interim chief named",
        "The company named an interim chief executive.", "November 18", "The president resigned.",
    ]))
    assert [page.place(k, lines) for k in (3, 4, 6)] == [0, 1, 1]
    assert [page.in_report(k, lines) for k in (3, 4, 6)] == [0, 1, 0]


def test_an_entrys_headline_above_its_date_line_belongs_to_it():
    page, lines = _page(TRACKER, "2023-12-01")
    assert [(e.start, e.date) for e in page.entries] == [(1, "2023-12-09"), (4, "2023-12-08")]
    assert page.date_of(3) == "2023-12-09" and page.date_of(4) == "2023-12-08"


@pytest.mark.parametrize("text, published", [
    # a week's calendar runs oldest first: no entries of news told after the page
    ("Earnings week ahead.\nMonday, October 23\nMicrosoft reports.\nTuesday, October 24\nMeta reports.", "2023-10-22"),
    # a weekday that does not fit its date is a typo on a game's page, not an entry
    ("The game starts at 8 p.m.\nDate: Tuesday, Oct. 11\nPuck drop is at 8.\nTuesday, Oct. 10\nThe end.", "2023-10-10"),
    # one date written twice (a byline and a caption)
    ("Oct 8th, 2023\nOct 8th, 2023\nThe Wallabies will have to endure a tortuous Sunday.", "2023-10-07"),
    # a page with one date line
    ("The board met on Friday.\nNovember 21\nThe company said its chief executive would return.", "2023-11-18"),
])
def test_what_is_no_live_page(text, published):
    assert _page(text, published)[0] is None


def test_a_date_line_without_a_year_takes_the_year_nearest_the_page():
    page, _ = _page("Transfer news.\nJanuary 2\nA striker signed.\nDecember 30\nA keeper left.", "2023-12-29")
    assert [e.date for e in page.entries] == ["2024-01-02", "2023-12-30"]


BRIDGE_PAGE = "\n\n".join([
    "A railing of the Northvale harbour bridge gave way during the festival parade, and the council closed "
    "the bridge to all traffic while engineers from Hallam Works inspected it.",
    "We will keep this page current as the story develops.",
    "March 14",
    "Council reopens the bridge to buses",
    "The Northvale council reopened the harbour bridge to buses on Thursday after engineers from Hallam "
    "Works repaired the railing that gave way during the festival parade.",
    "March 13",
    "Injury count rises",
    "Police said 65 people were injured when the railing of the Northvale harbour bridge gave way during "
    "the festival parade.",
    "March 11",
    "Railing gives way",
    "A railing of the Northvale harbour bridge gave way during the festival parade on Monday, and the "
    "Northvale council closed the bridge to all traffic.",
])
BRIDGE_REPORT = (
    "Police said 40 people were injured when a railing of the Northvale harbour bridge gave way during the "
    "festival parade on Monday. The Northvale council closed the harbour bridge to all traffic while "
    "engineers from Hallam Works inspected the railing."
)
ARTICLES = [
    {"title": "Northvale harbour bridge collapse: live updates", "source": "Northvale Post",
     "published_at": "2024-03-11", "body": BRIDGE_PAGE},
    {"title": "Railing gives way on Northvale harbour bridge during parade", "source": "Coast Gazette",
     "published_at": "2024-03-11", "body": BRIDGE_REPORT},
]


@pytest.mark.integration
def test_a_briefing_tells_a_live_page_as_it_stood_on_its_days(tmp_path, minilm):
    """On the page's first day, neither its later entries nor its opening (rewritten with them) are told,
    and its later count of the injured is no conflict with another outlet's count of that day; over the
    days to its last entry, the reopening is told and the count is an update, dated by its entry."""
    from briefer.brief.build import build
    from briefer.llm.extractive import ExtractiveLLM

    index = indexed(tmp_path, minilm, ARTICLES, learned_standalone=False)
    first = build(index, llm=ExtractiveLLM(minilm), date="2024-03-11", save_history=False)
    told = " ".join(b.text for s in first.sections for b in s.bullets)
    assert told and "reopened" not in told and "65" not in told and "inspected it" not in told
    assert not first.conflicts

    week = build(index, llm=ExtractiveLLM(minilm), date="2024-03-14", days=4, save_history=False)
    told = " ".join(b.text for s in week.sections for b in s.bullets)
    assert "reopened the harbour bridge to buses" in told
    (reopened,) = [b for s in week.sections for b in s.bullets if "reopened" in b.text]
    assert reopened.citations[0].date == "2024-03-14"  # the entry's date, not the page's first
    (page,) = [s for s in week.sources if s.source == "Northvale Post"]
    assert (page.published, page.as_of) == ("2024-03-11", "2024-03-14")
    (update,) = week.conflicts
    assert update.kind == "update" and [s.figure for s in update.sides] == ["40", "65"]
    assert "2024-03-13" in update.sides[1].who and "2024-03-11" in update.sides[0].who


REOPENING = {
    "title": "Northvale to review every bridge after harbour bridge railing gave way", "source": "Coast Gazette",
    "published_at": "2024-03-14",
    "body": "The Northvale council will pay 2 million pounds for a safety review of every bridge in the city, its "
            "leader Mara Quint said on Thursday, after a railing of the harbour bridge gave way during the festival "
            "parade. Cars will have to wait until the review of the harbour bridge ends next month.",
}


def _reopening_id(index):
    (found,) = [a for a in index.catalog.ids_in_state("complete") if index.catalog.meta(a).source == "Coast Gazette"]
    return found


@pytest.mark.integration
def test_a_live_page_updated_on_a_later_day_is_that_days_news(tmp_path, minilm):
    """A page first published on Monday with an entry of Thursday is news of Thursday: told by that entry
    alone (its opening and Monday's entry were Monday's news), in the story of Thursday's report it links
    to (one section, two outlets), its source line saying as of when it is read."""
    from briefer.brief.build import build
    from briefer.brief.live import live_updates
    from briefer.llm.extractive import ExtractiveLLM

    body = BRIDGE_PAGE.replace("March 13", "March 5").replace("March 11", "March 1")  # first published too long
    old = {**ARTICLES[0], "published_at": "2024-03-01", "body": body}  # before Thursday for ingest to link them
    index = indexed(tmp_path, minilm, [old, REOPENING], learned_standalone=False)
    (page_id,) = [a for a in index.catalog.ids_in_state("complete") if index.catalog.meta(a).source == "Northvale Post"]
    assert index.catalog.story_of(page_id) != index.catalog.story_of(_reopening_id(index))
    assert live_updates(index, "2024-03-14", "2024-03-14") == {page_id: "2024-03-14"}
    assert live_updates(index, "2024-03-04", "2024-03-06") == {page_id: "2024-03-05"}
    assert live_updates(index, "2024-03-06", "2024-03-13") == {}  # no entry in the window

    brief = build(index, llm=ExtractiveLLM(minilm), date="2024-03-14", save_history=False)
    (story,) = brief.sections
    assert sorted(story.outlets) == ["Coast Gazette", "Northvale Post"]
    quoted = {q.article_id: q for b in story.bullets for q in b.citations}
    told = " ".join(b.text for b in story.bullets)
    assert page_id in quoted and quoted[page_id].date == "2024-03-14", told
    assert "festival parade on Monday" not in told and "inspected it" not in told  # Monday's news
    (page,) = [s for s in brief.sources if s.article_id == page_id]
    assert (page.published, page.as_of) == ("2024-03-01", "2024-03-14")
    alone = build(index, llm=ExtractiveLLM(minilm), date="2024-03-05", save_history=False)  # no other article
    assert [b.text[:31] for s in alone.sections for b in s.bullets] == ["Police said 65 people were inju"]


def test_a_pages_latest_entry_is_its_news_and_the_entries_before_it_were_overtaken():
    """Over a week, a tracker's entry of Friday ("The Blue Jays have reportedly won the sweepstakes") was
    overtaken by Saturday's (the Dodgers deal): only the latest entry by the window's end counts as the
    window's news; nothing after the window is quotable."""
    from briefer.brief.bullets import quotable
    from briefer.brief.stories import StoryArticle

    text = TIMELINE
    spans = [Span(text.index(line), text.index(line) + len(line)) for line in text.split("\n")]
    art = StoryArticle("t", "A timeline", "TechCrunch", "2023-11-18", None, 0.0, 0.0, 0.9, False, False)
    fresh = {text[s.start : s.end][:12]: f for s, _, f, _ in quotable(text, spans, art, ("2023-11-18", "2023-11-24"), 0, 14)}
    assert fresh["The company "] is True and fresh["Nearly 500 e"] is False
    told = {text[s.start : s.end][:12]: d for s, _, _, d in quotable(text, spans, art, ("2023-11-18", "2023-11-24"), 0, 14)}
    assert (told["The board fi"], told["Nearly 500 e"], told["The company "]) == ("2023-11-18", "2023-11-20", "2023-11-21")
    before = {text[s.start : s.end][:12] for s, _, _, _ in quotable(text, spans, art, ("2023-11-18", "2023-11-20"), 0, 14)}
    assert "Nearly 500 e" in before and "The company " not in before and "The board fi" not in before


def test_an_entry_not_followed_up_within_two_days_stands_as_its_days_news_over_several_days():
    """A month's briefing on OpenAI had never told Sam Altman's return (November 21): the timeline's entry of
    November 29 (Microsoft's seat on the board) was taken to overtake it. An entry a later one follows within
    two days is overtaken (Friday's Blue Jays rumour by Saturday's Dodgers deal); one left standing longer is
    its day's news in a window of several days, though not in a one-day briefing of the later day."""
    from briefer.brief.bullets import quotable
    from briefer.brief.stories import StoryArticle

    text = TIMELINE.replace("November 21", "November 29").replace("November 20", "November 21")
    spans = [Span(text.index(line), text.index(line) + len(line)) for line in text.split("\n")]
    art = StoryArticle("t", "A timeline", "TechCrunch", "2023-11-18", None, 0.0, 0.0, 0.9, False, False)
    month = {text[s.start : s.end][:12]: f for s, _, f, _ in quotable(text, spans, art, ("2023-11-01", "2023-11-30"), 0, 14)}
    assert month["The company "] is True and month["Nearly 500 e"] is True  # the 21st stands: nothing until the 29th
    day = {text[s.start : s.end][:12]: f for s, _, f, _ in quotable(text, spans, art, ("2023-11-29", "2023-11-29"), 0, 14)}
    assert day["The company "] is True and day["Nearly 500 e"] is False


@pytest.mark.integration
def test_an_answer_quoting_a_live_page_dates_the_quote_by_its_entry(tmp_path, minilm):
    """"Did Sam Altman return?" quoted the OpenAI timeline's "in talks" report as of 2023-11-18, the day
    the page was begun: a quote from a live page is dated by the entry it is under."""
    from briefer.answer import ask
    from briefer.cli.render import sources_text
    from briefer.llm.extractive import ExtractiveLLM

    index = indexed(tmp_path, minilm, ARTICLES)
    answer = ask(index, ExtractiveLLM(minilm), "How many people were injured when the bridge railing gave way?")
    page = [c for c in answer.citations if c.source == "Northvale Post"]
    assert page and all(c.entry_date == "2024-03-13" for c in page if "65 people" in c.quote), page
    assert any("65 people" in c.quote for c in page)
    assert "2024-03-11, entry of 2024-03-13" in sources_text(answer).plain
    report = [c for c in answer.citations if c.source == "Coast Gazette"]
    assert all(c.entry_date is None for c in report)  # an ordinary article has no entries
