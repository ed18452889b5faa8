"""What a search hit shows: the sentence matching the query, not the chunk's first words."""

from briefer.text.snippets import snippet

CHUNK = (
    "ChatGPT-maker OpenAI said Friday it has pushed out its co-founder and CEO Sam Altman after a review. "
    "The board no longer has confidence in his ability to continue leading OpenAI, it said. "
    "Mira Murati, OpenAI's chief technology officer, will take over as interim CEO effective immediately."
)


def test_the_passage_starts_at_the_sentence_sharing_most_words_with_the_query():
    shown = snippet(CHUNK, "Mira Murati interim CEO")
    assert shown == "…Mira Murati, OpenAI's chief technology officer, will take over as interim CEO effective immediately."


def test_without_a_shared_word_the_chunk_is_shown_from_its_start_and_cut_at_the_width():
    shown = snippet(CHUNK, "weather in Lisbon", width=40)
    assert shown == CHUNK[:40] + "…"


def test_ties_go_to_the_earlier_sentence_and_nothing_is_cut_when_it_fits():
    assert snippet(CHUNK, "OpenAI", width=1000) == CHUNK
