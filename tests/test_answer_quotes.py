"""Which sentences an offline answer quotes, first, and beside which: what was asked before what is
near it, no page furniture, no article that names nothing asked, a figure with its update, a quote
with the sentence that says whom its pronoun means, and not another year's news."""

import pytest
from conftest import indexed

from briefer.answer import ask
from briefer.llm.extractive import ExtractiveLLM

pytestmark = pytest.mark.integration


def test_an_offline_answer_quotes_no_page_furniture_and_names_no_third_party_in_a_match(tmp_path, minilm):
    """"Who won the Tottenham v Chelsea match?" had opened with the lead "Recap the Premier League." and
    quoted a page's "MORE: Recap ..." link and a live blog's "45 mins until kickoff: ..." line."""
    from briefer.core.records import Filters
    from briefer.text.furniture import links_out

    report = ("Chelsea won 4-1 at Tottenham on Monday, Nicolas Jackson scoring a hat-trick against nine men. "
              "Cristian Romero and Destiny Udogie were sent off for Tottenham in the first half.")
    var = ("Michael Oliver and VAR were busy in the first half at the Tottenham Hotspur Stadium. "
           "MORE: Recap the Premier League match with commentary, highlights, & more from Tottenham vs Chelsea. "
           "45 mins until kickoff: Tottenham vs Chelsea is the Monday night match of the Premier League weekend. "
           "Son's goal was ruled offside after a long review.")
    index, llm = _answerer(tmp_path, minilm, [
        {"title": "Chelsea beat nine-man Tottenham", "source": "Sports Page", "published_at": "2023-11-06", "body": report},
        {"title": "Every VAR call of Tottenham vs Chelsea", "source": "Match Daily", "published_at": "2023-11-06",
         "body": var}])
    won = ask(index, llm, "Who won the Tottenham v Chelsea match and what was the score?")
    assert any("4-1" in c.quote for c in won.citations)
    assert won.text.startswith("Chelsea won 4-1")  # no lead: not "Nicolas Jackson." nor "Recap the Premier League."
    blog = ask(index, llm, "What happened in the Tottenham v Chelsea match?", filters=Filters(source="Match Daily"))
    assert blog.citations and not any(links_out(c.quote) for c in blog.citations), blog.text


NIKE = ("Nike reported revenue Thursday that fell short of Wall Street's sales expectations for the first time "
        "in two years, but it beat on earnings and gross margin estimates. "
        "Nike's fiscal first quarter was marked by cautious consumers and a wholesale slowdown in North America. "
        "Sales rose to $12.94 billion, up about 2% from $12.69 billion a year earlier. "
        "Chief executive John Donahoe said the company would keep investing in its brand.")
EVERTON = ("Everton have been deducted ten points by the Premier League. "
           "After a hearing in November, Everton were deducted ten points and dropped into the relegation zone. "
           "An independent commission imposed the penalty for breaching the league's profit and sustainability rules. "
           "Manager Sean Dyche said his players would be fired up by the decision.")
DECK = ("The Steam Deck OLED goes on sale as a better handheld, with a bigger and brighter screen than the original. "
        "Valve says the Steam Deck OLED sale includes a larger battery and faster memory. "
        "Valve will sell the Steam Deck OLED from November 16th at 1pm ET, and units ship the same day.")

VERDICT = ("The trial of Sam Bankman-Fried is likely to be more consequential than just whether the man himself is "
           "found guilty of fraud in the Sam Bankman-Fried trial. "
           "Jurors deliberated for about four hours in Manhattan federal court on Thursday. "
           "Sam Bankman-Fried, the founder of FTX, has been found guilty on seven counts including wire fraud.")


@pytest.mark.parametrize("title, body, question, first", [
    # "How much revenue did Nike report ...?" had been answered by "Nike reported revenue Thursday that fell
    # short ..." (close in words, no figure) while "Sales rose to $12.94 billion ..." was not quoted
    ("Nike misses on revenue", NIKE, "How much revenue did Nike report for its fiscal first quarter?", "$12.94 billion"),
    ("Nike misses on revenue", NIKE, "What did Nike's chief executive say about the brand?", "Donahoe"),  # no figure
    # "Why was Sam Altman fired from OpenAI?" had been answered "Sam Altman has been fired from OpenAI.", the
    # event restated, above the sentence giving the board's reason
    ("Everton docked ten points", EVERTON, "Why were Everton deducted ten points?", "for breaching"),
    ("Valve's Steam Deck OLED arrives", DECK, "When does the Steam Deck OLED go on sale?", "November 16th"),  # a date
    # "What was the verdict ...?" had been answered by the trial's prospect ("whether the man himself is
    # found guilty") above the verdict itself
    ("The FTX trial ends", VERDICT, "What was the verdict in the Sam Bankman-Fried trial?", "has been found guilty"),
    # "What was the verdict in Epic v Google?" had opened with "On November 6th, Epic v. Google will finally go
    # to trial": a civil jury's verdict is told as siding with one side
    ("Epic beats Google", "On November 6th, Epic v. Google will finally go to trial before a jury in San Francisco. "
     "On Monday, a federal jury surprised the world by siding with Fortnite maker Epic Games in its fight to break "
     "Google's control over Android apps.", "What was the verdict in Epic v Google?", "siding with Fortnite maker"),
    # "Was SBF found guilty?": the verdict spells the name out, and is still the verdict on SBF
    # "Who won the World Series?" had been answered "When the Braves won the World Series in 1914 ...": a
    # question naming no year asks about its articles' time, not the history they recall
    ("Rangers are champions", "The Boston Braves won the World Series in 1914 in a four-game sweep. The Texas "
     "Rangers beat the Arizona Diamondbacks 5-0 on Wednesday to win the World Series.", "Who won the World Series?",
     "Texas Rangers beat"),
    ("The FTX trial ends", f"{VERDICT} For weeks SBF, as Sam Bankman-Fried is known, had heard jurors asked whether "
     "SBF was guilty and whether SBF would be found guilty.", "Was SBF found guilty?", "has been found guilty"),
])
def test_the_sentence_quoted_first_gives_what_was_asked(tmp_path, minilm, title, body, question, first):
    index, llm = _one_article(tmp_path, minilm, title, "2023-11-17", body)
    answer = ask(index, llm, question)
    assert answer.citations and first in answer.citations[0].quote, answer.text


def test_who_won_a_series_is_not_answered_by_one_of_its_games(tmp_path, minilm):
    """"Who won the World Series?" had opened with "The Arizona Diamondbacks ... have won Game 2 of the 2023
    World Series!" when no article reports the series' end, and "Who won the 2023 World Series?" (a question
    of the learned scorer's kind: it names a year) with Game 2's score: the answer says the passages do not
    give it."""
    body = ("The Arizona Diamondbacks won Game 2 of the 2023 World Series on Saturday, beating the Texas Rangers "
            "9-1. The Rangers took Game 4 on Tuesday and lead the World Series three games to one. When the Braves "
            "won the World Series in 1914, they were still playing in Boston.")
    more = [{"title": "World Series Game 2: Diamondbacks v Rangers - live", "source": "Live Desk",
             "published_at": "2023-10-28", "body": "Diamondbacks 9-1 Rangers, FINAL, in Arlington, Texas."}]
    index, llm = _one_article(tmp_path, minilm, "World Series live", "2023-10-31", body, more)
    for question in ("Who won the World Series?", "Who won the 2023 World Series?"):
        series = ask(index, llm, question)
        assert not series.citations and "no outcome" in series.text, series.text
    game = ask(index, llm, "Who won Game 2 of the World Series?")
    assert game.citations and "Diamondbacks won Game 2" in game.citations[0].quote, game.text


def test_a_who_question_is_answered_by_the_sentence_naming_the_one_asked_about(tmp_path, minilm):
    """ "Who replaced Dean Evason ...?" had been answered by a subhead and sentences repeating the
    question's own names; the sentence naming John Hynes came seventh."""
    body = ("Dean Evason out as Minnesota Wild head coach\n\n"
            "The Wild named John Hynes, formerly of the Devils, to replace Evason on Monday.")
    other = "Evason led the team to the playoffs in each of his three full seasons."
    index, llm = _answerer(tmp_path, minilm, [
        {"title": "Wild fire Evason", "source": "Hockey Daily", "published_at": "2023-11-27", "body": body},
        {"title": "Evason's record", "source": "Rink Report", "published_at": "2023-11-27", "body": other},
    ])
    answer = ask(index, llm, "Who replaced Dean Evason as head coach of the Minnesota Wild?")
    assert answer.citations and "John Hynes" in answer.citations[0].quote, answer.text
    # the heading, quoted before the other article's sentence, is a sentence of its own, not run into it
    heading = [s.text for s in answer.sentences if "Dean Evason out" in s.text]
    assert heading and heading[0].startswith("Dean Evason out") and "playoffs" not in heading[0], answer.text


def _answerer(tmp_path, minilm, articles: list[dict]):
    """An index of ``articles`` (real MiniLM, embedded Chroma) and the offline answerer."""
    index = indexed(tmp_path, minilm, articles)
    return index, ExtractiveLLM(minilm, threshold=index.settings.answer.abstain_threshold)


def _one_article(tmp_path, minilm, title: str, published: str, body: str, more: list[dict] = ()):
    """An index of one article (and ``more``) and the offline answerer."""
    first = {"title": title, "source": "Markets Daily", "published_at": published, "body": body}
    return _answerer(tmp_path, minilm, [first, *more])


def test_a_short_question_quotes_no_article_that_names_none_of_what_it_asks_about(tmp_path, minilm):
    """ "How much will Changpeng Zhao pay?" had quoted, after the fine, Kraken's settlement with the SEC
    and a fund sale in Israel: sums of money from articles that never name him."""
    index, llm = _one_article(tmp_path, minilm, "Binance founder Changpeng Zhao pleads guilty", "2023-11-21",
                              "Changpeng Zhao will pay a $50 million fine under his plea agreement, prosecutors said. "
                              "Binance agreed to pay $4.3 billion to resolve the investigations into the exchange.",
                              more=[{"title": "Kraken settles with the SEC", "source": "Crypto Desk",
                                     "published_at": "2023-11-20",
                                     "body": "Kraken agreed to pay $30 million to settle the SEC's charges over its "
                                             "staking programme. The exchange will end staking for US customers."}])
    answer = ask(index, llm, "How much will Changpeng Zhao pay?")
    assert "$50 million" in answer.citations[0].quote, answer.text
    assert not any("Kraken" in c.quote for c in answer.citations), answer.text


def test_an_embedded_posts_credit_line_is_never_quoted(tmp_path, minilm):
    """ "What happened on November 20, 2023?" had been answered, first, with "pic.twitter.com/T0Mrch9Tf9 —
    The Sporting News (@sportingnews) November 20, 2023": the line names the day, and says nothing."""
    body = ("The Jets traded quarterback Zach Wilson to the Raiders for a fifth-round pick.\n"
            "pic.twitter.com/T0Mrch9Tf9 — The Sporting News (@sportingnews) November 20, 2023\n"
            "The two teams had talked for a week before the deal was agreed.")
    answer = _ask_one(tmp_path, minilm, "Jets trade Wilson", body, "What happened on November 20, 2023?")
    assert answer.citations and not any("pic.twitter" in c.quote for c in answer.citations), answer.text


def test_a_question_an_article_asks_is_never_quoted_as_an_answer(tmp_path, minilm):
    """ "Why was Harbaugh suspended?" had been answered, second, with the article's own "So, why was
    Harbaugh suspended?": the question the user asked, quoted back."""
    body = ("The Big Ten suspended Michigan coach Jim Harbaugh for the rest of the regular season on Friday. "
            "So, why was Harbaugh suspended? "
            "The conference said Michigan had broken its sportsmanship policy through an illegal scouting scheme.")
    answer = _ask_one(tmp_path, minilm, "Harbaugh suspended", body, "Why was Harbaugh suspended?")
    assert answer.citations and not any(c.quote.strip().endswith("?") for c in answer.citations), answer.text


def test_a_figure_asked_for_comes_with_the_next_sentence_that_updates_it(tmp_path, minilm):
    """ "How many OpenAI employees signed the letter?" had been answered "Nearly 500", the sentence
    after it ("Later Monday, that number climbed to over 650") left out for naming nothing asked."""
    body = ("Nearly 500 of Acme's roughly 770 employees published a letter on Monday saying they might quit "
            "unless the board resigns. Later Monday, that number climbed to over 650. "
            "The board's chair, Dana Reyes, has not commented on the demands of the staff.")
    answer = _ask_one(tmp_path, minilm, "Acme staff threaten to quit", body,
                      "How many Acme employees signed the letter threatening to quit?")
    quotes = [c.quote for c in answer.citations]
    assert any("Nearly 500" in q for q in quotes) and any("over 650" in q for q in quotes), answer.text
    assert answer.text.index("Nearly 500") < answer.text.index("over 650")  # in the order they happened


def _ask_one(tmp_path, minilm, title: str, body: str, question: str):
    """The offline answer to ``question`` from an index of one article of 2023-11-20."""
    index, llm = _answerer(tmp_path, minilm, [{"title": title, "source": "Wire", "published_at": "2023-11-20", "body": body}])
    return ask(index, llm, question)


def test_a_quote_that_names_no_one_but_he_comes_after_the_sentence_that_names_him(tmp_path, minilm):
    """ "His conviction landed on Nov. 2 after a monthlong trial." had been quoted in an answer about
    Changpeng Zhao: the sentence before it, which says "his" is Bankman-Fried's, was not. A quote that
    says whom it is about only with a pronoun now follows the sentence of its article that names him."""
    body = ("Crypto exchanges spent the autumn under pressure from regulators in Washington. "
            "Sam Bankman-Fried, the founder of FTX, was found guilty of seven criminal fraud charges. "
            "His conviction landed on Nov. 2 after a monthlong trial in Manhattan. "
            "Exchanges are now cutting staff across the industry.")
    answer = _ask_one(tmp_path, minilm, "Crypto under pressure", body, "When did the conviction land after the trial?")
    quotes = [s.text for s in answer.sentences]
    assert any(q.startswith("His conviction landed") for q in quotes), answer.text
    his = next(i for i, q in enumerate(quotes) if q.startswith("His conviction landed"))
    assert his > 0 and quotes[his - 1].startswith("Sam Bankman-Fried, the founder of FTX"), answer.text
    assert all(s.verdict == "supported" for s in answer.sentences), answer.text
    assert "Crypto exchanges" not in answer.text  # a quote that names whom it means comes alone



def test_a_quote_that_names_whom_it_means_comes_without_the_sentence_before(tmp_path, minilm):
    """The best quote still leads the answer when it names whom it means."""
    body = ("Markets in Tokyo opened the week quietly after a holiday. "
            "Acme Corporation reported record quarterly profits of $5 billion on Monday, beating forecasts. "
            "The weather in Osaka was mild for the season.")
    answer = _ask_one(tmp_path, minilm, "Acme profits", body, "How much profit did Acme Corporation report?")
    assert answer.sentences[0].text.startswith("Acme Corporation reported"), answer.text


def test_a_quote_about_another_year_than_the_question_names_comes_after_one_about_it(tmp_path, minilm):
    """ "Who won the Rugby World Cup final in 2023?" had opened with the 2019 final ("the 32-12 score in
    the Springboks' favour sealed a record-equalling third title"): a sentence that names only other
    years than the question's is about another time."""
    body = ("The 2019 Rugby World Cup final between England and South Africa was one of many firsts, and the "
            "32-12 score in the Springboks' favour sealed a record-equalling third title. "
            "The Springboks won the 2023 final in Paris, edging the All Blacks 12-11 for a fourth title.")
    answer = _ask_one(tmp_path, minilm, "Rugby World Cup", body, "Who won the Rugby World Cup final in 2023?")
    assert answer.sentences and "12-11" in answer.sentences[0].text, answer.text


def test_a_lineup_heading_is_not_quoted_as_the_score(tmp_path, minilm):
    """ "What was the score of the USMNT's friendly against Germany?" had quoted "USA starting lineup (4-3-3,
    right to left): 1.", a list's heading with its first number."""
    body = ("The USMNT blew an early lead and fell 3-1 to Germany in East Hartford on Saturday. "
            "USA starting lineup (4-3-3, right to left): 1. Matt Turner started in goal for the USMNT against Germany.")
    index, llm = _one_article(tmp_path, minilm, "USMNT falls to Germany", "2023-10-14", body)
    answer = ask(index, llm, "What was the score of the USMNT's friendly against Germany?")
    assert answer.citations and not any("starting lineup" in c.quote for c in answer.citations), answer.text


def test_a_question_about_how_a_story_ended_reads_its_latest_report(tmp_path, minilm):
    """"Did Sam Altman return to OpenAI in the end?" had been answered from his firing and the talks: the
    report of the agreement on his return, a week later, came 12th in the search, past the six passages."""
    early = [
        {"title": f"Sam Altman talks {d}", "source": f"Outlet {d}", "published_at": f"2023-11-{d}",
         "body": f"Sam Altman is in talks to return to OpenAI as CEO, according to people familiar with the talks on "
                 f"November {d}. Sam Altman did not return to OpenAI on November {d}, and investors pushed for his return."}
        for d in (17, 18, 19)
    ]
    late = {"title": "OpenAI board", "source": "Tech Wire", "published_at": "2023-11-22",
            "body": "OpenAI reached an agreement in principle for Altman to come back as chief executive with a new "
                    "initial board."}
    other = {"title": "Tesla recall", "source": "Auto Desk", "published_at": "2023-11-25",
             "body": "Tesla will recall two million cars over a software fault, the carmaker said on Saturday."}
    index, llm = _answerer(tmp_path, minilm, [*early, late, other])
    answer = ask(index, llm, "Did Sam Altman return to OpenAI in the end?", k=2)
    assert any("agreement in principle" in c.quote for c in answer.citations), answer.text
    # a later article on something else is no end of this story
    from briefer.answer.pipeline import later_reports
    from briefer.search import Retriever

    question = "Did Sam Altman return to OpenAI in the end?"
    wide = Retriever(index).search(question, 12)
    assert any(h.title == "Tesla recall" for h in wide)
    later = later_reports(index, wide, Retriever(index).search(question, 2))
    assert [h.title for h in later] == ["OpenAI board"]


def test_who_is_someone_quotes_no_article_on_another_of_the_same_first_name(tmp_path, minilm):
    """"Who is Connor Stalions?" had quoted "Connor's ability to create deception ..." from a piece on the
    hockey player Connor Bedard: his first name is not what names him."""
    index, llm = _answerer(tmp_path, minilm, [
        {"title": "Michigan analyst resigns", "source": "College Desk", "published_at": "2023-11-03",
         "body": "Connor Stalions is a Michigan football analyst at the centre of the NCAA's sign-stealing "
                 "investigation. Stalions resigned from Michigan on Friday, the university confirmed."},
        {"title": "Bedard's debut", "source": "Rink Report", "published_at": "2023-10-10",
         "body": "Connor's ability to create deception and change the shot angle at top speed is like very few "
                 "I've ever seen, said the coach of Connor Bedard. Connor Bedard made his NHL debut on Tuesday."},
    ])
    answer = ask(index, llm, "Who is Connor Stalions?")
    assert answer.citations and not any("Bedard" in c.title for c in answer.citations), answer.text
