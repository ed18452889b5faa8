"""The learned stand-alone model: asked only about vectors of the embedder it was trained on, and a
sentence it doubts is told only when its story has nothing better."""

import json

import numpy as np
import pytest

from briefer.brief import standalone_model
from briefer.brief.build import build
from briefer.index import Index
from briefer.ingest import ingest
from briefer.llm.extractive import ExtractiveLLM
from briefer.testing import HashEmbedder

COLOUR = "Hundreds of picnickers are sprawled across a lawn speckled with colorful blankets in Central Park."
NEWS = [
    "The New York City council approved a budget of 120 million dollars for road repairs on Tuesday.",
    "Work on the repairs will start in April across all five boroughs of the city, officials said.",
]


def _card(tmp_path, embedder):
    """A model that doubts sentences about picnics on lawns, and trusts the rest."""
    doubt = embedder.embed(["picnickers sprawled lawn speckled colorful blankets"])[0]
    card = {"embedder": embedder.name, "intercept": 2.0, "weights": (-20.0 * doubt).tolist(), "threshold": 0.5}
    path = tmp_path / "standalone.json"
    path.write_text(json.dumps(card))
    return path


def test_the_model_is_asked_only_about_vectors_of_the_embedder_it_was_trained_on(tmp_path):
    embedder = HashEmbedder()
    assert standalone_model.probabilities(embedder, embedder.embed([COLOUR])) is None  # the shipped card's is another
    p = standalone_model.probabilities(embedder, embedder.embed([COLOUR, *NEWS]), path=_card(tmp_path, embedder))
    assert p is not None and p[0] < 0.5 < min(p[1:])


@pytest.mark.parametrize("learned, colour_told", [(True, False), (False, True)])
def test_a_doubted_sentence_is_told_only_when_the_story_has_nothing_better(
    make_settings, tmp_path, learned, colour_told
):
    card = _card(tmp_path, Index(make_settings()).embedder)
    index = Index(make_settings(brief_bullets=2, learned_standalone=learned, standalone_model=card))
    embedder = index.embedder
    article = {
        "title": "Council approves road budget",
        "source": "City Desk",
        "published_at": "2024-03-02",
        "body": " ".join([COLOUR, *NEWS]),
    }
    (tmp_path / "a.json").write_text(json.dumps([article]))
    ingest(index, [tmp_path / "a.json"])
    brief = build(index, llm=ExtractiveLLM(embedder), save_history=False)
    told = [b.text for sec in brief.sections for b in sec.bullets]
    assert len(told) == 2 and (COLOUR in told) is colour_told


@pytest.mark.integration
def test_the_shipped_model_doubts_colour_and_teasers_more_than_news(minilm):
    # sentences written for this test, in the styles the judges failed and passed
    doubted = [
        "Guitars blare and children dance across the lawn as the sun sets over the festival grounds.",
        "People across the country could soon benefit from a surprising new discovery.",
    ]
    trusted = [
        "The European Central Bank raised its main interest rate by a quarter point to 4 per cent on Thursday.",
        "Toyota said it would recall 1.2 million cars in the United States over a faulty airbag sensor.",
    ]
    p = standalone_model.probabilities(minilm, minilm.embed(doubted + trusted))
    assert p is not None
    assert max(p[:2]) < min(p[2:]) and np.mean(p[2:]) >= standalone_model.threshold()


COLOUR2 = "Blankets, picnickers and a lawn speckled with colour fill the park as the sun goes down over the city."


@pytest.mark.parametrize("body, told", [
    pytest.param([COLOUR, NEWS[0], COLOUR2], [NEWS[0]], id="one clear sentence: told alone"),
    pytest.param([COLOUR, COLOUR2], [COLOUR], id="nothing clear: the best doubted sentence, once"),
])
def test_a_story_tells_at_most_one_doubted_sentence_and_only_when_it_has_nothing_else(
    make_settings, tmp_path, body, told
):
    card = _card(tmp_path, Index(make_settings()).embedder)
    index = Index(make_settings(brief_bullets=3, standalone_model=card))
    article = {"title": "Council approves road budget", "source": "City Desk", "published_at": "2024-03-02",
               "body": " ".join(body)}
    (tmp_path / "a.json").write_text(json.dumps([article]))
    ingest(index, [tmp_path / "a.json"])
    brief = build(index, llm=ExtractiveLLM(index.embedder), save_history=False)
    assert [b.text for sec in brief.sections for b in sec.bullets] == told
