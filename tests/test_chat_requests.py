"""How the chat reads a request for a briefing: whether it asks for one (the news of a period, what the
sources disagree on) or is a question to search; the period it names, read against the latest day; its
topic and outlet; `/brief`'s options; and the briefing a chat then gives."""

import pytest
from conftest import run_cli

Q1 = "How many civilians left eastern Aleppo on Saturday?"

@pytest.mark.parametrize("question, kind", [
    ("Summarize today's news", "news"), ("What's the news?", "news"), ("What happened today?", "news"),
    ("Give me today's briefing", "news"), ("What do the sources disagree on?", "conflicts"),
    ("Do the reports give conflicting figures?", "conflicts"), (Q1, None), ("What did Kerry say?", None),
    ("Tell me more about the Binance story", "more"), ("More on Binance?", "more"), ("Tell me more", None),
])
def test_questions_the_briefing_answers(question, kind):
    from briefer.chat.intents import intent

    assert intent(question) == kind


OUTLETS = ["TechCrunch", "The Guardian", "The Roar | Sports Writers Blog", "Fortune", "Wired", "The New York Times",
           "The Independent - Sports", "The Independent - Travel", "The Age", "The Sydney Morning Herald"]


@pytest.mark.parametrize("question, window, topic, source", [
    ("What was the news on November 21, 2023?", ("2023-11-21", 1), None, None),
    ("What do the sources disagree on about the SBF trial?", None, "SBF trial", None),
    ("What's the news on OpenAI?", None, "OpenAI", None),
    ("What do the sources disagree on?", None, None, None), ("What's the news today?", ("2023-12-25", 1), None, None),
    ("Give me a quick rundown of yesterday's headlines.", ("2023-12-24", 1), None, None),
    ("Brief me on what happened this week.", ("2023-12-25", 7), None, None),
    ("Summarize last week's news for me.", ("2023-12-24", 7), None, None),  # Monday to Sunday before this week
    ("Catch me up on the past two weeks, please.", ("2023-12-25", 14), None, None),
    ("Anything notable happen over the weekend?", ("2023-12-24", 2), None, None),
    ("What's been going on this month?", ("2023-12-25", 25), None, None),
    ("Summarize last month's news about the SBF/FTX trial.", ("2023-11-30", 30), "SBF/FTX trial", None),
    ("What happened between November 17 and 22?", ("2023-11-22", 6), None, None),
    ("headlines for the week ending 2023-10-28", ("2023-10-28", 7), None, None),
    ("Catch me up on everything since December 1.", ("2023-12-25", 25), None, None),
    ("What did outlets report differently on Friday?", ("2023-12-22", 1), None, None),
    ("What happened on Christmas Eve?", ("2023-12-24", 1), None, None),
    ("Summarize the Rugby World Cup news from October 20 to October 28.", ("2023-10-28", 9), "Rugby World Cup", None),
    ("Premier League roundup for last weekend?", ("2023-12-24", 2), "Premier League", None),
    ("Give me TechCrunch's headlines from yesterday.", ("2023-12-24", 1), None, "TechCrunch"),
    ("Brief me on the Israel-Hamas war as covered by The Guardian over the past 14 days.", ("2023-12-25", 14),
     "Israel-Hamas war", "The Guardian"),
    ("Quick catch-up: Guardian stories from the past 10 days", ("2023-12-25", 10), None, "The Guardian"),
    ("What did The Roar publish in October?", ("2023-10-31", 31), None, "The Roar | Sports Writers Blog"),  # masthead
    ("Do the reports on Binance's settlement agree on the amount?", None, "Binance's settlement", None),
    ("NYT highlights from November 2023", ("2023-11-30", 30), None, "The New York Times"),  # initials, in capitals
    ("What did The Independent run on Boxing Day?", ("2022-12-26", 1), None, "The Independent"),  # two outlets'
    ("Do The Age and The Sydney Morning Herald disagree on anything this month?", ("2023-12-25", 25), None, None),
    ("Nurse here, nights all of last week. Can you do a digest of health stuff from Dec 11 to Dec 17?",
     ("2023-12-17", 7), "health", None),  # the sentence that asks; "stuff" frames it
])
def test_a_news_question_names_its_period_topic_and_outlet(question, window, topic, source):
    """Periods are read against the latest day (here Monday 2023-12-25); a date without its year is the
    latest such day (Boxing Day: 2022's); an outlet is one of the index's, by its name, masthead or
    initials; a masthead two outlets share is left for the briefing to say so; two outlets named
    compare every outlet."""
    from briefer.chat.intents import options_of

    options = options_of(question, OUTLETS)
    assert (options.period.window("2023-12-25") if options.period else None) == window
    assert (options.topic, options.source) == (topic, source)


@pytest.mark.parametrize("question, kind", [
    ("Catch me up on the past two weeks, please.", "news"), ("techcrunch past week", "news"),
    ("Where did the coverage clash over the past 7 days?", "conflicts"),
    ("Do The Age and The Sydney Morning Herald disagree on anything this month?", "conflicts"),
])
def test_more_ways_to_ask_for_a_briefing(question, kind):
    from briefer.chat.intents import intent

    assert intent(question, OUTLETS) == kind


@pytest.mark.parametrize("question", [
    "What happened to Sam Altman?", "Who scored for Liverpool against Arsenal on December 23?",
    "What did The Verge say about the Epic v. Google verdict?", "How much did Binance agree to pay?",
    "Who won the World Series last week?", "And on Saturday?",  # a follow-up, not a briefing of Saturday
])
def test_a_question_about_a_fact_is_searched_even_when_it_names_a_day_or_an_outlet(question):
    from briefer.chat.intents import intent

    assert intent(question, OUTLETS) is None


@pytest.mark.integration
@pytest.mark.parametrize("script, titles", [
    pytest.param("What was the news on December 8, 2016?\nWhat do the sources disagree on about Aleppo?\n"
                 "/filter until=2016-12-08\nWhat's the news?\n",
                 ["Briefing: 2016-12-08", "Briefing — Aleppo: 2016-12-08 to 2016-12-12", "Briefing: 2016-12-08"],
                 id="the day asked, the topic's whole coverage, the filter's last day (the latest is 2016-12-12)"),
    pytest.param("/brief 2016-12-10 --days 3\nWhat's the news?\nWhat do the sources disagree on?\n"
                 "What was the news on December 12, 2016?\n/reset\nWhat's the news?\n",
                 ["Briefing: 2016-12-08 to 2016-12-10"] * 3 + ["Briefing: 2016-12-12"] * 2,
                 id="the briefing /brief showed, then a day the question names, then after /reset the latest day"),
    pytest.param("What was the news this week?\nWhat did the sources disagree on between December 8 and 10, 2016?\n"
                 "What's the news?\n",
                 ["Briefing: 2016-12-06 to 2016-12-12", "Briefing: 2016-12-08 to 2016-12-10", "Briefing: 2016-12-12"],
                 id="periods named in words, counted back from the latest day, then the latest day"),
    # "Summarize today's news" under --until 2023-11-22 (no article that day) had failed with "no articles
    # published 2023-11-22 ... ask for 2023-11-21 or 2023-11-23", the second past the filter
    pytest.param("/filter until=2016-12-10\nWhat's the news?\nSummarize today's news\n",
                 ["Briefing: 2016-12-08", "Briefing: 2016-12-08"],
                 id="the filter's last day without articles: the latest day up to it"),
])
def test_the_briefing_a_chat_gives_keeps_to_its_filters_days_and_topics(seeded, script, titles):
    env, _ = seeded
    out = run_cli("chat", "--llm", "extractive", env={**env, "COLUMNS": "200"}, input=script).stdout
    assert [line[2:] for line in out.splitlines() if line.startswith("# Briefing")] == titles


@pytest.mark.integration
def test_the_first_story_of_no_briefing_is_asked_for_not_searched(seeded):
    """"Tell me more about the first story" before any briefing had quoted sentences about storytellers."""
    env, _ = seeded
    res = run_cli("chat", "--llm", "extractive", env=env, input="Tell me more about the first story\n")
    assert "no briefing has been shown" in res.stderr and "[1]" not in res.stdout, res.stdout


@pytest.mark.integration
def test_a_chat_error_speaks_of_what_to_ask_not_of_flags(seeded):
    """A user in the chat was told "try --date 2023-11-11": a request's error says what to ask instead."""
    env, _ = seeded
    res = run_cli("chat", "--llm", "extractive", env=env, input="What was the news on December 10, 2016?\n")
    assert "ask for 2016-12-08 or 2016-12-12" in res.stderr and "--date" not in res.stderr, res.stderr


def test_brief_takes_a_period_in_words():
    from briefer.chat.intents import parse_brief

    assert parse_brief("last week").period.window("2023-12-25") == ("2023-12-24", 7)
    assert parse_brief("the past 3 days --topic OpenAI").topic == "OpenAI"
    assert parse_brief("2023-11-21 --days 3").period is None  # a date stays a date, with its --days
    with pytest.raises(ValueError, match="usage"):
        parse_brief("last week and more")


def test_brief_options_parse_like_the_command():
    from briefer.chat.intents import BriefOptions, parse_brief

    assert parse_brief("") == BriefOptions()
    assert parse_brief("2016-12-12 --days 7 --topic 'civilians leaving'") == BriefOptions(
        "2016-12-12", 7, "civilians leaving", None)
    assert parse_brief("--date 2016-12-12 --source CNN") == BriefOptions("2016-12-12", 1, None, "CNN")
    for bad in ("someday", "--days 0", "--colour red"):
        with pytest.raises(ValueError, match="usage: /brief"):
            parse_brief(bad)
