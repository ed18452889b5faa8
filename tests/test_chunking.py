from conftest import SEEDS

from briefer.ingest.chunking import article_id, chunk_article, make_header
from briefer.testing import HashEmbedder
from briefer.text.sentences import split_sentences


def _seed(name_prefix: str) -> str:
    return next(SEEDS.glob(f"{name_prefix}*")).read_text()


def test_sentences_are_exact_trimmed_spans_in_order():
    text = _seed("001")
    spans = split_sentences(text)
    assert len(spans) > 15
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    for s in spans:
        piece = text[s.start : s.end]
        assert piece == piece.strip() and piece
    quoted = [text[s.start : s.end] for s in spans]
    assert any(q.startswith("More than 20,000 civilians left eastern Aleppo and over 1,200 rebels") for q in quoted)
    assert "Plea for safe passage" in quoted  # a headline line is a unit of its own


def test_chunks_fit_cap_with_header_and_cover_every_sentence(minilm):
    text = _seed("001") * 3  # long enough for several chunks
    spans = split_sentences(text)
    header = make_header("Aleppo exodus grows as thousands more leave", "CBC", "2016-12-10")
    chunks = chunk_article("a1", text, spans, header, minilm, max_tokens=128, overlap_tokens=24)
    assert len(chunks) > 3
    cap = 128 - minilm.special_tokens
    for c in chunks:
        assert minilm.count_tokens([c.indexed_text])[0] <= cap
        assert c.text == text[c.start : c.end]
        assert c.indexed_text.startswith(header + "\n")
    covered = [s for s in spans if any(c.start <= s.start and s.end <= c.end for c in chunks)]
    assert covered == spans
    overlaps = [(a, b) for a, b in zip(chunks, chunks[1:]) if b.start < a.end]
    assert len(overlaps) >= 3  # short trailing sentences are repeated at the next chunk's start
    starts = {s.start for s in spans}
    assert all(b.start in starts for _, b in overlaps)  # overlap is made of whole sentences


def test_over_long_sentence_is_cut_at_token_boundaries():
    emb = HashEmbedder(max_tokens=20)
    text = " ".join(f"w{i}" for i in range(100)) + "."
    chunks = chunk_article("x", text, split_sentences(text), "", emb, max_tokens=20, overlap_tokens=0)
    assert len(chunks) >= 6
    assert all(emb.count_tokens([c.text])[0] <= 18 for c in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(text)  # every token covered, none dropped


def test_no_overlap_when_disabled():
    emb = HashEmbedder(max_tokens=24)
    text = " ".join(f"Sentence number {i} is here." for i in range(30))
    chunks = chunk_article("x", text, split_sentences(text), "", emb, max_tokens=24, overlap_tokens=0)
    assert all(b.start > a.end - 1 for a, b in zip(chunks, chunks[1:]))


def test_article_id_ignores_spacing_case_and_unicode_form():
    assert article_id("Hello  World\n") == article_id("hello world")
    assert article_id("ﬁne") == article_id("fine")
    assert article_id("Hello world") != article_id("Hello world!")


def test_a_case_name_does_not_end_a_sentence():
    text = "The trial, US v. Google, began on Tuesday. Apple testified.\nCase: Epic Games v.\nGoogle"
    got = [text[s.start : s.end] for s in split_sentences(text)]
    assert got == ["The trial, US v. Google, began on Tuesday.", "Apple testified.", "Case: Epic Games v.", "Google"]
