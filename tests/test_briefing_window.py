"""Which days and articles a briefing reads: its window (by default the latest day with news), the
errors of an empty one, an outlet's, and a topic's articles (by meaning, by the names it gives and by
the name its initials stand for)."""

import pytest
from conftest import briefing_of, indexed

from briefer.brief.build import window
from briefer.core.errors import EmptyResult

pytestmark = pytest.mark.integration

_brief = briefing_of

RATES_HELD = {"title": "Reserve Bank holds interest rates", "source": "Daily Wire", "published_at": "2024-03-05",
              "body": "The Reserve Bank held interest rates at 4.35 per cent on Tuesday, and its governor said "
                      "inflation was still too high. Economists expect rates to stay on hold until the middle of "
                      "next year."}


def test_window_defaults_to_latest_date_and_excludes_older(dated_seeds):
    assert window(dated_seeds, None, 1) == ("2016-12-12", "2016-12-12")
    b = _brief(dated_seeds)
    assert b.articles == 1 and "CNN" in {s.source for s in b.sources}
    assert {s.published for s in b.sources} <= {"2016-12-08", "2016-12-10", "2016-12-12"}  # the story's days
    assert _brief(dated_seeds, date="2016-12-10", days=3).articles == 2


def test_empty_window_is_a_clear_error(dated_seeds):
    with pytest.raises(EmptyResult, match="no articles published 2017-01-01; the latest is from 2016-12-12"):
        _brief(dated_seeds, date="2017-01-01")
    with pytest.raises(EmptyResult, match="about 'football transfer window' in the index"):
        _brief(dated_seeds, date="2016-12-12", days=7, topic="football transfer window")
    # a user asked for a topic without --date and got the index's last day: say which day has it
    with pytest.raises(EmptyResult, match=r"about 'Kerry Geneva talks' published 2017-01-01; the latest is from 2016-12-1\d: try --date"):
        _brief(dated_seeds, date="2017-01-01", topic="Kerry Geneva talks")
    # a day between two that have articles: both nearest days; a day before them all: the first
    with pytest.raises(EmptyResult, match="published 2016-12-11; the nearest are from 2016-12-10 and 2016-12-12: "
                                          "try --date 2016-12-10 or --date 2016-12-12"):
        _brief(dated_seeds, date="2016-12-11")
    with pytest.raises(EmptyResult, match="published 2016-11-01; the earliest is from 2016-12-08: try --date 2016-12-08"):
        _brief(dated_seeds, date="2016-11-01")


def test_without_a_date_a_briefing_of_one_outlet_is_of_that_outlets_latest_day(tmp_path):

    arts = [{"title": f"Report {i}", "source": src, "published_at": day,
             "body": f"The council of Leeds approved {i} new bus routes for the city on {day}."}
            for i, (src, day) in enumerate([("Daily Wire", "2024-03-01"), ("Coast Times", "2024-03-05")])]
    index = indexed(tmp_path, None, arts, embed_backend="hash", chunk_tokens=60)
    assert (_brief(index).start, _brief(index, source="Daily Wire").start) == ("2024-03-05", "2024-03-01")


def test_topic_narrows_the_window(dated_seeds):
    b = _brief(dated_seeds, date="2016-12-12", days=7, topic="Kerry Geneva talks with Russia")
    assert 1 <= b.articles < 3  # Kerry is named past the article's opening, with Russia and Geneva


def test_a_topic_briefing_leaves_out_articles_that_only_use_its_words(tmp_path, minilm):
    """A user's `--topic crypto` briefing led with OpenAI's board: a word anywhere (or a loosely near
    passage) had been enough. An article is about a topic when a passage is close to it in meaning,
    or names its words and is near."""
    arts = [
        RATES_HELD,
        {"title": "Arsenal beat Chelsea in the derby", "source": "Coast Times", "published_at": "2024-03-05",
         "body": "Arsenal beat Chelsea 2-1 at the Emirates on Tuesday night with two late goals from Bukayo Saka. "
                 "Interest in the new kit was high, and club shop rates of sale doubled after the final whistle."},
    ]
    index = indexed(tmp_path, minilm, arts)
    brief = _brief(index, date="2024-03-05", topic="interest rates")
    assert brief.articles == 1 and [s.title for s in brief.sources] == ["Reserve Bank holds interest rates"]


def test_a_topic_given_by_initials_reaches_the_articles_that_spell_the_name_out(tmp_path, minilm):
    """A month's `--topic "SBF trial"` briefing read 5 of the trial's 12 articles: most of its coverage
    says "Sam Bankman-Fried", never "SBF". The topic is also searched as the name the articles write for
    its initials."""
    days = {10: "Caroline Ellison told the jury in the fraud trial of Sam Bankman-Fried on Tuesday that he had "
                "directed her to take FTX customers' money to repay Alameda's lenders.",
            17: "Gary Wang, a co-founder of FTX, finished his testimony against Sam Bankman-Fried in Manhattan "
                "federal court, where the fraud trial enters its third week.",
            27: "Sam Bankman-Fried took the stand in his own defence on Friday, telling jurors at his fraud trial "
                "that he never meant to defraud anyone and made mistakes running FTX."}
    arts = [{"title": "FTX founder on trial", "source": "Daily Wire", "published_at": "2023-10-04",
             "body": "The fraud trial of Sam Bankman-Fried, known as SBF, opened in New York on Wednesday. SBF denies "
                     "every charge of fraud and conspiracy."}]
    arts += [{"title": f"Day {n} in court", "source": f"Outlet {n}", "published_at": f"2023-10-{n:02d}", "body": body}
             for n, body in days.items()]
    arts.append({"title": "Arsenal beat Chelsea", "source": "Coast Times", "published_at": "2023-10-21",
                 "body": "Arsenal beat Chelsea 2-1 at the Emirates on Saturday with two late goals from Bukayo Saka."})
    arts.append({"title": "Another founder's fraud trial", "source": "Tech Daily", "published_at": "2023-10-30",
                 "body": "The fraud trial of Tim Sweeney continued on Tuesday as jurors heard testimony from a former "
                         "executive, and the judge said the fraud trial would run for six weeks."})
    arts += [{"title": "FTC sues Amazon", "source": "Daily Wire", "published_at": "2023-10-26",
              "body": "The Federal Trade Commission, known as the FTC, sued Amazon on Tuesday, saying the retailer "
                      "abuses its monopoly power over online sellers."},
             {"title": "Regulator fines a crypto exchange", "source": "Coast Times", "published_at": "2023-10-27",
              "body": "The Commodity Futures Trading Commission fined a crypto exchange on Friday, the federal "
                      "regulator said, for letting American customers trade without registering."}]
    index = indexed(tmp_path, minilm, arts)
    brief = _brief(index, date="2023-10-31", days=31, topic="SBF trial")
    assert brief.articles == 4, [s.title for s in brief.sources]  # another trial is not SBF's
    ftc = _brief(index, date="2023-10-31", days=31, topic="FTC")
    assert [s.title for s in ftc.sources] == ["FTC sues Amazon"]  # "Federal Trade Commission" must be said


def test_the_latest_briefing_is_of_the_latest_day_with_news_and_says_whose(tmp_path, minilm):
    """`briefer brief --source "The Verge"` gave The Verge's latest day, which held one gift guide: "No story
    to report". Without --date, a briefing is of the latest day with something other than service content;
    narrowed to an outlet, its title says which, and it no longer says "no story carried by two outlets"."""
    from briefer.brief.render import markdown

    arts = [
        RATES_HELD,
        {"title": "Port strike ends after nine days", "source": "Daily Wire", "published_at": "2024-03-05",
         "body": "Dock workers at the port of Lyttelton returned to work on Tuesday after a nine-day strike over pay, "
                 "the Maritime Union said, after the port company offered a 6 per cent rise."},
        {"title": "The 30 best Amazon deals for March 2024", "source": "Daily Wire", "published_at": "2024-03-06",
         "body": "These are the best Amazon deals we found this week, from headphones to coffee makers, all on sale."},
    ]
    index = indexed(tmp_path, minilm, arts)
    for source in (None, "daily wire"):
        assert (_brief(index, source=source).start, _brief(index, source=source).end) == ("2024-03-05", "2024-03-05")
    text = markdown(_brief(index, source="daily wire"))
    assert text.startswith("# Briefing — from Daily Wire: 2024-03-05") and "carried by two outlets" not in text
    assert markdown(_brief(index, date="2024-03-06")).startswith("# Briefing: 2024-03-06")  # a date given is kept
