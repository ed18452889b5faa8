"""Which two figures of a story make a conflict or an update: the rules on real-news shaped sentences
(run through the real claim extraction and pairing)."""

from __future__ import annotations

import pytest

from briefer.brief.claims import extract_claims
from briefer.brief.conflicts import about, pairs
from briefer.core.records import Span

COPY = "More than 10,000 people fled rebel-held areas, said the Syrian Observatory for Human Rights."


def kinds(*reports: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    """(article id, published, sentence) reports -> (kind, earlier figure, later figure) of each pair."""
    claims = []
    for aid, published, sentence in reports:
        claims += extract_claims(aid, sentence, [Span(0, len(sentence))], source=aid, published=published)
    return [(p.kind, p.a.surface, p.b.surface) for p in pairs(claims)]


@pytest.mark.parametrize("reports, expected", [
    pytest.param((("a", "2023-10-10", "Police said 4,000 people were evacuated from the flooded town."),
                  ("b", "2023-10-10", "The mayor said 6,000 people were evacuated from the flooded town.")),
                 [("conflict", "4,000", "6,000")], id="one figure given two ways on one day"),
    pytest.param((("a", "2023-10-08", "The attack killed 1,200 people, officials said."),
                  ("b", "2023-10-10", "The attack killed 1,300 people, officials said.")),
                 [("update", "1,200", "1,300")], id="a toll reported higher later is an update"),
    pytest.param((("a", "2023-10-04", "Shares in the miner slipped 3 per cent on Wednesday."),
                  ("b", "2023-10-04", "Shares in the miner slipped 5 per cent on Wednesday.")),
                 [("conflict", "3", "5")], id="one day's move reported two ways"),
    pytest.param((("a", "2023-10-01", "The S&P 500 slipped 0.3 per cent and the majority of stocks within the index sank."),
                  ("b", "2023-10-04", "Iron ore giants Rio Tinto (down 1.5 per cent) and BHP (down 0.7 per cent) slipped "
                                      "after the iron ore price fell 1.1 per cent.")),
                 [], id="moves on different days are two moves"),
    pytest.param((("a", "2023-10-14", "Hamas kidnapped at least 150 people during brutal attacks on Israel last weekend "
                                      "that killed 1,300 people."),
                  ("b", "2023-10-16", "The spokesperson said that last year’s event attracted about 71,000 people and "
                                      "this year it’s on track to “max out” at 70,000.")),
                 [], id="a death toll and an attendance are not one quantity"),
    pytest.param((("a", "2016-12-08", COPY), ("b", "2016-12-09", COPY)), [], id="a sentence and its copy"),
    # MultiHop-RAG, 2023-10-04 and 10-06 (labelled in days-holdout2.json and days-holdout8.json)
    pytest.param((("a", "2023-10-04", "He was on magazine covers, lived in a $30 million penthouse, and spent time "
                                      "with world politicians."),
                  ("b", "2023-10-06", "In his testimony, he referred to a group Signal thread called \"People of the "
                                      "House,\" referring to Bankman-Fried's $35 million penthouse, where many employees "
                                      "lived.")),
                 [("conflict", "$30 million", "$35 million")], id="one priced thing, two prices stated outright"),
    pytest.param((("a", "2023-10-04", "He lived in a $30 million penthouse in the Bahamas with his colleagues."),
                  ("b", "2023-10-06", "Bankman-Fried's penthouse, worth about $33 million penthouse, housed employees.")),
                 [], id="a hedged price within 15 per cent agrees"),
    pytest.param((("a", "2023-10-04", "The startup paid $30 million for the penthouse in Nassau last year."),
                  ("b", "2023-10-06", "Shares of the penthouse developer rose $35 million in value on the news.")),
                 [], id="sums of money paid for different things"),
    # MultiHop-RAG, TechCrunch (Oct 1) and CNBC (Oct 6), paired in a three-day briefing before
    pytest.param((("a", "2023-10-01", "The balance sheet showed that the $5.82 billion in FTT tokens that Alameda "
                                      "owned was 193% higher than the total FTT market cap."),
                  ("b", "2023-10-06", "Wang owned 10% of Alameda, while his boss owned the other 90%.")),
                 [], id="a comparison is not a share"),
    pytest.param((("a", "2023-10-04", "Alameda's tokens were worth 60% more than the market, the filing said."),
                  ("b", "2023-10-06", "Alameda's tokens were worth 40% more than the market, the witness said.")),
                 [("conflict", "60", "40")], id="two comparisons of one pair of quantities can conflict"),
    # MultiHop-RAG, 2023-11-09: the Steam Deck OLED's launch report and its reviews
    pytest.param((("a", "2023-11-09", "Valve says the new Steam Deck battery will last 30 to 50 percent longer, "
                                      "depending on how you're playing."),
                  ("b", "2023-11-09", "In concert with the more-efficient processor, there's also a 25 percent larger "
                                      "battery with a 50Whr capacity.")),
                 [], id="one end of a range is not a figure"),
    pytest.param((("a", "2023-11-09", "The original device will see some battery life improvement; just don't expect "
                                      "the OLED model's jump of 30-50% in battery life."),
                  ("b", "2023-11-09", "Reviewers measured the OLED model's jump of 25% in battery life.")),
                 [], id="nor is one end of a dashed range"),
    pytest.param((("a", "2023-11-09", "The charger takes the OLED model from 20 to 80 percent in 45 minutes."),
                  ("b", "2023-11-09", "The charger takes the OLED model to 60 percent in 45 minutes.")),
                 [], id="nor either end of 'from X to Y'"),
])
def test_pairs(reports, expected):
    assert kinds(*reports) == expected


def test_a_toll_grows_whatever_form_of_the_verb_each_report_uses():
    # MultiHop-RAG, Fortune (Oct 13) then TechCrunch (Oct 16): "killed" and "killing" measure one toll
    found = kinds(
        ("a", "2023-10-13", "Meanwhile, Hamas attacks have killed more than 1,300 people in Israel, officials said."),
        ("b", "2023-10-16", "Hamas rampaged through villages and a music festival, killing 1,400 people, mostly civilians."),
    )
    assert found == [("update", "more than 1,300", "1,400")]


def _article(*sentences: str) -> list[tuple[str, str, str]]:
    text = " ".join(sentences)
    claims = extract_claims(
        "a", text, [Span(text.index(s), text.index(s) + len(s)) for s in sentences], source="a", published="2023-11-18"
    )
    return [(p.kind, p.a.surface, p.b.surface) for p in pairs(claims)]


def test_a_figure_the_article_says_grew_is_an_update():
    # MultiHop-RAG, TechCrunch's OpenAI timeline (Nov 18)
    first = "Nearly 500 of OpenAI's roughly 770 employees publish a letter saying that they might quit."
    assert _article(first, "Later Monday, that number climbed to over 650.") == [("update", "Nearly 500", "over 650")]


@pytest.mark.parametrize("then", [
    pytest.param("Later Monday, that number fell to 300.", id="a fall is not worded as a rise, nor a conflict"),
    pytest.param("Later Monday, 650 employees of the rival lab signed another letter.", id="a new figure, not that one"),
    pytest.param("By Tuesday, that number was 650.", id="no word says it changed"),
])
def test_an_article_does_not_contradict_itself(then):
    assert _article("Nearly 500 of OpenAI's roughly 770 employees signed a letter.", then) == []


def test_another_outlet_corroborates_a_bullet_only_when_it_says_the_same():
    """Cross-examining about the code is not the damage of the code review (CNBC and The Verge, MultiHop
    2023-10-10, verbatim, once shown as '✓ also reported by'); the trial on seven counts is (shortened)."""
    from briefer.brief.bullets import supports

    assert not supports(
        "Christian Everdell, one of Bankman-Fried’s defense attorneys, couldn’t undo the damage of last week’s "
        "code review.",
        "On cross-examination, Christian Everdell, Bankman-Fried's attorney, focused on how Yedidia was the one "
        "responsible for developing and reviewing the code.",
    )
    assert supports(
        "Sam Bankman-Fried, the founder of failed cryptocurrency exchange FTX, is on trial for seven counts of wire "
        "fraud and conspiracy.",
        "The highly anticipated criminal trial for Sam Bankman-Fried, former CEO of bankrupt crypto exchange FTX, "
        "started Tuesday to determine whether he’s guilty of seven counts of wire fraud and conspiracy.",
    )


@pytest.mark.parametrize("sentence, figure, expected", [
    # a toll's verb comes before its figure: "people in Israel" alone read as a population to a user
    ("Hamas attacks have killed more than 1,300 people in Israel and injured about 3,200.", "1,300",
     "people in Israel killed"),
    ("The rampage through villages and a festival ended up killing 1,400 people, mostly civilians.", "1,400",
     "people killed"),
    ("Nearly 500 of OpenAI's roughly 770 employees — including Sutskever — publish a letter.", "500",
     "OpenAI's employees publish a letter"),
    ("An estimated 10,000 people had fled over the weekend, it said.", "10,000", "people had fled over the weekend"),
    # nothing says what it counts: no report is made of such a figure (window_conflicts)
    ("Officials put the figure at 4,000.", "4,000", ""),
])
def test_what_a_figure_measures_is_read_up_to_the_next_clause(sentence, figure, expected):
    claim = next(c for c in extract_claims("a", sentence, [Span(0, len(sentence))], source="a", published=None)
                 if c.surface.endswith(figure))
    assert about(claim) == expected
