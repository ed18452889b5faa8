"""The short answer the offline backend leads with (briefer.llm.leads): a name only when two quoted
articles give it."""

from briefer.llm.evidence import Candidate
from briefer.llm.hops import Hop
from briefer.llm.leads import lead


def _quote(text: str, article: str, source: str) -> Candidate:
    return Candidate(passage=0, block=0, text=text, article_id=article, source=source, offset=100)


def test_a_name_one_article_gives_is_no_lead_but_one_two_articles_give_is():
    """ "Who won the Formula 1 Las Vegas Grand Prix?" over quotes about the city had led "Young." (a
    festival, When We Were Young): one article's name is no answer. A surname counts with the full name."""
    question = "Who won the Formula 1 Las Vegas Grand Prix in November?"
    festival = _quote("Events nearby, like the festival When We Were Young, complicated travel in Las Vegas.", "a1", "Desk")
    steps = [Hop(question)]
    assert lead(question, steps, [festival], embedder=None) is None
    verstappen = [_quote("Max Verstappen won the Las Vegas Grand Prix on Saturday night.", "a2", "Race Wire"),
                  _quote("Verstappen took his 18th win of the season in Las Vegas.", "a3", "Motor Daily")]
    got = lead(question, steps, [festival, *verstappen], embedder=None)
    assert got is not None and got.text == "Max Verstappen. " and got.which == [1, 2]


def test_no_yes_on_a_sentence_that_denies_or_doubts_what_was_asked(minilm):
    """ "Did Apple block Beeper Mini?" had led "Yes:" on "Apple, then, may not be able to simply block
    Beeper Mini texts ...": its names were all there, its claim was not."""
    question = "Did Apple block Beeper Mini?"
    steps = [Hop(question)]
    doubt = _quote("Apple, then, may not be able to simply block Beeper Mini texts.", "a1", "Tech Desk")
    assert lead(question, steps, [doubt], embedder=minilm) is None
    said = _quote("Apple blocked Beeper Mini on Friday, cutting off its users.", "a2", "Tech Desk")
    got = lead(question, steps, [doubt, said], embedder=minilm)
    assert got is not None and got.text.startswith("Yes") and got.which == [1]


def test_no_yes_on_a_sentence_that_names_the_person_but_not_what_was_asked_or_only_a_wish(minilm):
    """ "Was Sam Altman reinstated?" had led "Yes:" on "Sam Altman has been fired from OpenAI": every
    name was there, the reinstatement was not. Nor does a push to reinstate him say it happened. (A
    question of MultiHop-RAG's kind is not held to this.)"""
    question = "Was Sam Altman reinstated?"
    steps = [Hop(question), Hop(question.rstrip("?"))]
    fired = _quote("Sam Altman has been fired from OpenAI, the AI startup behind ChatGPT.", "a1", "Tech Desk")
    push = _quote("Executives at OpenAI push to have Sam Altman reinstated as CEO.", "a2", "Tech Desk")
    assert lead(question, steps, [fired, push], embedder=minilm, learned=False) is None
    # a user read "Yes: Altman is said to be ambivalent about coming back": a frame of mind is no return
    come = "Did Sam Altman come back to OpenAI?"
    torn = _quote("Sam Altman is said to be ambivalent about coming back to OpenAI.", "a4", "Tech Desk")
    assert lead(come, [Hop(come), Hop(come.rstrip("?"))], [torn], embedder=minilm, learned=False) is None
    back = _quote("OpenAI reinstated Sam Altman as chief executive on Wednesday.", "a3", "Wire")
    got = lead(question, steps, [fired, push, back], embedder=minilm, learned=False)
    assert got is not None and got.text.startswith("Yes") and got.which == [2]
