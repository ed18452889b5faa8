"""The reader question sets (evals/reader-questions*.jsonl) are well formed, and every gold sentence is
quoted exactly from the article it names: a set that drifted from the corpus would score nothing."""

import json

import pytest
from conftest import REPO

SETS = sorted((REPO / "evals").glob("reader-questions*.jsonl"))
CORPUS = REPO.parent / "shared" / "evaldata" / "multihop-rag" / "corpus.json"


def _lines(path):
    header, *rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return header, rows


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_a_reader_set_is_well_formed(path):
    header, rows = _lines(path)
    assert header["name"] == path.stem and header["corpus"].endswith("corpus.json")
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["question"].endswith("?"), r["id"]
        assert bool(r.get("gold")) is (r["type"] != "unanswerable"), r["id"]  # unanswerable: none, or []


@pytest.mark.parametrize("path", sorted((REPO / "evals").glob("offtopic-*.jsonl")), ids=lambda p: p.stem)
def test_an_off_topic_set_is_well_formed(path):
    """The off-topic sets: every question unanswerable, none with a gold sentence, ids unique."""
    header, rows = _lines(path)
    assert header["name"] == path.stem and header["corpus"].endswith("corpus.json") and len(rows) == 30
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(r["type"] == "unanswerable" and r["gold"] == [] and r["answer"] is None for r in rows)


@pytest.mark.skipif(not CORPUS.exists(), reason="MultiHop-RAG's corpus is not beside the repository (../shared)")
def test_every_gold_sentence_is_quoted_exactly_from_its_article():
    bodies = {a["url"]: a["body"] for a in json.loads(CORPUS.read_text(encoding="utf-8"))}
    for path in SETS:
        for r in _lines(path)[1]:
            for g in r.get("gold", []):
                assert g["sentence"] in bodies[g["url"]], f"{path.stem} {r['id']}"


def test_the_chat_flows_are_well_formed_and_quote_their_articles():
    """evals/chat-follow-ups.jsonl: 24 flows over at least 15 days, each a follow-up question with the
    exact text of one article that answers it (checked against the corpus when it is beside the repo)."""
    header, rows = _lines(REPO / "evals" / "chat-follow-ups.jsonl")
    assert "about" in header and len(rows) == 24 and len({r["id"] for r in rows}) == 24
    assert len({r["date"] for r in rows}) >= 15 and all(r["question"].endswith("?") for r in rows)
    if CORPUS.exists():
        bodies = {a["url"]: a["body"] for a in json.loads(CORPUS.read_text(encoding="utf-8"))}
        assert all(r["gold"] in bodies[r["url"]] for r in rows)
