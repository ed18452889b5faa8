"""Which sentences of a story become its bullets: what the briefing opens a section with (the news its
headline tells, a game's score, a market's move), what it refuses to quote, and where the lead story's
bullets come from when its articles' openings give too few."""

import pytest
from conftest import indexed

pytestmark = pytest.mark.integration


MARKET_WRAP = (  # a wrap whose movers, listed in parentheses, score as many names and figures as its news
    "Woodside (down 3.6 per cent), Santos (down 2.7 per cent) and Qantas (down 2 per cent) were among the "
    "biggest large-cap decliners on the Sydney exchange. "
    "The Dow Jones Industrial Average fell 0.6 per cent on Tuesday and the Nasdaq composite lost 0.8 per cent. "
    "Shares in Microsoft climbed 5 per cent in after-hours trading after its sales jumped 13 per cent."
)


def _one_story(tmp_path, minilm, title: str, source: str, day: str, body: str, **settings):
    """The one section of the offline briefing of ``day`` of one article (the stand-alone rules alone, not
    the learned model's doubt, unless ``settings`` say)."""
    from briefer.brief.build import build
    from briefer.llm.extractive import ExtractiveLLM

    settings.setdefault("learned_standalone", False)
    index = indexed(tmp_path, minilm, [{"title": title, "source": source, "published_at": day, "body": body}], **settings)
    (story,) = build(index, llm=ExtractiveLLM(minilm), date=day, save_history=False).sections
    return story


@pytest.mark.parametrize("title, day, body, learned, opening", [
    ("ASX set to fall as Wall Street slides on bond yields", "2023-10-24", MARKET_WRAP, True,
     "The Dow Jones Industrial Average fell 0.6 per cent"),
    # 2023-12-05's wrap opened with "Gold miner Newmont was down 1.25 per cent, Origin Energy fell 0.4 per cent,
    # ...": the rows of a table without their parentheses
    ("ASX set for bright start despite Wall Street slip", "2023-12-05",
     "Gold miner Newmont was down 1.25 per cent, Origin Energy fell 0.4 per cent, Mercury Nz declined 0.3 per "
     "cent and Argo Investments dropped 0.1 per cent on the Sydney exchange. "
     "The Dow Jones Industrial Average slipped 0.2 per cent on Tuesday and the Nasdaq composite rose 0.3 per cent.",
     False, "The Dow Jones Industrial Average slipped 0.2 per cent"),
])
def test_a_market_wrap_opens_with_the_markets_move_not_its_list_of_movers(tmp_path, minilm, title, day, body,
                                                                          learned, opening):
    wrap = _one_story(tmp_path, minilm, title, "Market Herald", day, body, learned_standalone=learned)
    assert wrap.bullets[0].text.startswith(opening)


@pytest.mark.parametrize("title, source, day, body, left_out", [
    # the outlet telling of its own coverage
    ("Manchester United out of Europe after Bayern defeat", "Sporting News", "2023-12-12",
     "Manchester United were knocked out of the Champions League after a 1-0 defeat by Bayern Munich on Tuesday. "
     "The Sporting News has laid out all the options should Manchester United move on from Erik ten Hag this winter. "
     "Harry Kane's header was enough for Bayern Munich, who had already won the group before the game.",
     "Sporting News"),
    # a match report written before the last goals: "a fiery 2-1 defeat" under a 4-1 headline
    ("Tottenham's Unbeaten Run Ends With 4-1 Home Loss to Chelsea", "Sport Grill", "2023-11-06",
     "Nine-men Tottenham suffered their first loss of the Premier League campaign in a fiery 2-1 defeat at "
     "home to Chelsea on Monday. Nicolas Jackson scored a hat-trick for Chelsea after Cristian Romero and "
     "Destiny Udogie were sent off at the Tottenham Hotspur Stadium. Mauricio Pochettino won on his first "
     "return to Tottenham since he was sacked by the club in 2019.",
     "2-1"),
])
def test_a_sentence_the_reader_would_be_misled_by_is_no_bullet(tmp_path, minilm, title, source, day, body, left_out):
    story = _one_story(tmp_path, minilm, title, source, day, body)
    assert len(story.bullets) == 2 and not any(left_out in b.text for b in story.bullets)


def test_a_games_page_opens_with_the_score_not_an_old_season(tmp_path, minilm):
    """"World Series 2023 live score: Rangers vs. Diamondbacks ... Game 4" opened with "The Rangers found
    themselves one strike away from a championship twice in 2011."; the game's score is its news."""
    body = ("The Rangers found themselves one strike away from a championship twice in 2011 against the St. Louis "
            "Cardinals. Texas returned to the World Series this autumn with Bruce Bochy as manager and Corey Seager "
            "at shortstop. The Rangers erupted for five runs in the second inning and five more in the third to "
            "take a 10-0 lead over Arizona in Phoenix on Tuesday night.")
    game = _one_story(tmp_path, minilm, "World Series 2023 live score: Rangers vs. Diamondbacks updates from Game 4",
                      "Sporting News", "2023-10-31", body)
    assert game.bullets[0].text.startswith("The Rangers erupted for five runs")


def test_a_teams_record_in_brackets_is_no_score_of_the_game(tmp_path, minilm):
    """"The Lions (9-3) ..." took the bonus of a sentence that gives the game's score: a record says how
    a season stands, not how the game ended."""
    body = ("The Detroit Lions (9-3) and the New Orleans Saints (5-7) met at the Caesars Superdome in New Orleans on "
            "Sunday afternoon. Detroit beat New Orleans 33-28 on Sunday as Jared Goff threw for 283 yards and "
            "two touchdowns.")
    game = _one_story(tmp_path, minilm, "Lions vs. Saints live score: updates from NFL Week 13", "Sporting News",
                      "2023-12-03", body)
    assert game.bullets[0].text.startswith("Detroit beat New Orleans 33-28")


def test_the_lead_story_takes_a_later_sentence_when_its_opening_gives_too_few(tmp_path, minilm):
    """2023-10-25: the Senate's AI forum opened with two sentences that stand alone among fourteen (the rest
    quote "we", lean on "that" or on "Schumer"), so its third bullet was another story's; the lead story
    is told in three when its article says more further on, and the sentence reads alone."""
    leaning = "He said they would return to it soon, and that it could wait. " * 12
    body = ("Senator Charles Schumer hosted Silicon Valley's AI leaders on Tuesday as the US Senate reconvened its "
            "AI Insight Forum. Senators Brian Schatz and John Kennedy introduced legislation on Tuesday that "
            "would require labels on AI-generated content. " + leaning +
            "The Artificial Intelligence Advancement Act would create a $32 million bug bounty program at the "
            "Pentagon, according to its sponsors in the US Senate.")
    story = _one_story(tmp_path, minilm, "The US Senate reconvenes its AI Insight Forum", "Engadget", "2023-10-25", body)
    assert [b.text[:40] for b in story.bullets] == [
        "Senator Charles Schumer hosted Silicon V", "Senators Brian Schatz and John Kennedy i",
        "The Artificial Intelligence Advancement "]


@pytest.mark.parametrize("title, source, day, body, opening", [
    # 2023-11-25 opened with "This year, Oregon State has controlled the line of scrimmage ..." because the
    # learned model doubted the article's first sentence, which is the hire itself
    ("Michigan State hires Jonathan Smith: Oregon State coach leaves alma mater to take over Spartans job",
     "CBSSports.com", "2023-11-25",
     "Michigan State has hired Jonathan Smith as its next football coach, the school announced on Saturday. "
     "This year, Oregon State has controlled the line of scrimmage on both sides of the ball, ranking among "
     "the nation's leaders in both rushing offense and rushing defense.",
     "Michigan State has hired Jonathan Smith"),
    # 2023-10-08 opened "Cowboys vs. 49ers live score" with "Everything that could go wrong for Dallas ...":
    # the model doubted the sentence giving the score
    ("Cowboys vs. 49ers live score, updates, highlights from NFL 'Sunday Night Football' game", "Sporting News",
     "2023-10-08",
     "Brock Purdy threw four touchdowns in the 42-10 rout, including three to George Kittle. "
     "Everything that could go wrong for Dallas on Sunday did go wrong, in a game that confirmed a 49ers team "
     "that ended the Cowboys' season in each of the last two years is still a level above them.",
     "Brock Purdy threw four touchdowns in the 42-10 rout"),
])
def test_the_headlines_news_is_told_first_whatever_the_model_doubts(tmp_path, minilm, title, source, day, body,
                                                                     opening):
    story = _one_story(tmp_path, minilm, title, source, day, body, learned_standalone=True)
    assert story.bullets[0].text.startswith(opening)
