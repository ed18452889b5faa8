"""BM25 in memory (term matrices) against SQLite FTS5's own bm25(): the same rows, scores and order,
on the seeds and on hand-made rows that exercise repeats, ties, filters and stale matrices."""

from pathlib import Path

import pytest

from briefer.core.records import ArticleMeta, Chunk, Filters, Span
from briefer.index.catalog import Catalog
from briefer.index.catalog import termmatrix as tm


def _add(cat: Catalog, aid: str, source: str, published: str, sentences: list[str]) -> None:
    """An article of ``sentences``, one chunk per two sentences."""
    text, spans = "", []
    for s in sentences:
        start = len(text) + (1 if text else 0)
        text = f"{text} {s}" if text else s
        spans.append(Span(start, start + len(s)))
    chunks = [
        Chunk(f"{aid}-{k:04d}", aid, k, spans[i].start, spans[min(i + 2, len(spans)) - 1].end,
              text[spans[i].start:spans[min(i + 2, len(spans)) - 1].end], f"{aid} | {source}")
        for k, i in enumerate(range(0, len(spans), 2))
    ]
    with cat.transaction():
        cat.add_pending(ArticleMeta(aid, aid, source, published, None, "test"), "fp", text, spans, chunks)
        cat.set_state([aid], "complete")


def _pair(path: Path) -> tuple[Catalog, Catalog]:
    """Two connections to one catalog: FTS5 alone, and term matrices (built now, synchronously)."""
    fts, mem = Catalog(path), Catalog(path)
    fts.memory_bm25 = False
    for table in ("chunks_fts", "sentences_fts"):
        tm.MATRICES._built[(str(path), table)] = tm.build(path, table)
        assert tm.MATRICES.get(mem.db, path, table) is not None  # fresh: the matrix answers, not FTS5
    return fts, mem


def _news(cat: Catalog) -> None:
    _add(cat, "a", "Reuters", "2023-10-01", [
        "Elections were held in Poland on Sunday.", "The election turnout was the highest since 1989.",
        "Polish voters elected a new parliament.", "Markets rallied after the election.",
    ])
    _add(cat, "b", "AP", "2023-10-02", [
        "Elections were held in Poland on Sunday.", "Turnout reached 74 percent, officials said.",
        "The opposition claimed victory in the elections.",
    ])
    _add(cat, "c", "BBC", "2023-10-05", [
        "Apple unveiled a new iPhone.", "The phone costs 999 dollars.", "Analysts expect strong sales.",
    ])


QUERIES = [
    "elections Poland turnout",
    "election elections elected",  # three terms, one token ("elect"): FTS5 counts it three times
    "Polish opposition victory markets",
    "iPhone price dollars",
    "Sunday",  # tied rows: the same sentence in two articles
    "nothing matches this zzzz",
]


@pytest.mark.parametrize("query", QUERIES)
def test_matrix_scores_and_orders_as_fts5(tmp_path, query):
    cat = Catalog(tmp_path / "c.sqlite")
    _news(cat)
    fts, mem = _pair(tmp_path / "c.sqlite")
    for n in (1, 2, 50):
        assert mem.bm25(query, n, meta=True) == fts.bm25(query, n, meta=True)
        assert mem.sentence_bm25(query, n) == fts.sentence_bm25(query, n)
    narrow = Filters(since="2023-10-02", until="2023-10-05")
    assert mem.bm25(query, 2, narrow) == fts.bm25(query, 2, narrow)
    assert mem.sentence_bm25(query, 3, Filters(sources=("AP",))) == fts.sentence_bm25(query, 3, Filters(sources=("AP",)))


def test_repeated_stems_count_as_fts5_counts_them(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite")
    _news(cat)
    fts, mem = _pair(tmp_path / "c.sqlite")
    once, thrice = mem.bm25("election", 5), mem.bm25("election elections elected", 5)
    assert [c for c, _ in once] == [c for c, _ in thrice]
    assert thrice[0][1] == pytest.approx(3 * once[0][1])  # three phrases of one token: three times the score
    assert thrice == fts.bm25("election elections elected", 5)


def test_ties_come_in_rowid_order_both_ways(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite")
    _news(cat)
    fts, mem = _pair(tmp_path / "c.sqlite")
    hits = mem.sentence_bm25("Sunday", 5)
    assert len(hits) == 2 and hits[0][1] == hits[1][1] and hits[0][0] < hits[1][0]
    assert hits == fts.sentence_bm25("Sunday", 5)


def test_a_stale_matrix_is_not_used(tmp_path):
    path = tmp_path / "c.sqlite"
    cat = Catalog(path)
    _news(cat)
    fts, mem = _pair(path)
    assert mem.bm25("Warsaw", 5) == []
    _add(cat, "d", "DW", "2023-10-06", ["Protesters gathered in Warsaw.", "Police watched."])
    assert [c for c, _ in mem.bm25("Warsaw", 5)] == ["d-0000"]  # FTS5 answers until a new matrix is built
    built = tm.MATRICES._built[(str(path), "chunks_fts")]
    assert built.fingerprint != tm.fingerprint(cat.db, "chunks_fts")


def test_a_process_builds_matrices_in_the_background_after_two_searches(tmp_path):
    path = tmp_path / "c.sqlite"
    cat = Catalog(path)
    _news(cat)
    key = (str(path), "sentences_fts")
    cat.sentence_bm25("turnout", 5)
    tm.MATRICES.wait()
    assert key not in tm.MATRICES._built  # one search: no build (a one-off command never pays for it)
    cat.sentence_bm25("turnout", 5)
    tm.MATRICES.wait()
    built = tm.MATRICES._built[key]
    assert built.fingerprint == tm.fingerprint(cat.db, "sentences_fts")
    assert built.df("turnout") == 2 and len(built.rowids) == cat.counts()["sentence_fts_rows"]


def test_terms_the_tokenizer_splits_go_to_fts5(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite")
    _news(cat)
    fts, mem = _pair(tmp_path / "c.sqlite")
    assert tm.tokens_of(["covid_19"]) is None and tm.tokens_of(["Élections"]) == ["elect"]
    assert mem.bm25("iphone_price", 5) == fts.bm25("iphone_price", 5)


def test_seed_questions_score_alike(seeded):
    env, _ = seeded
    fts, mem = _pair(Path(env["BRIEFER_INDEX"]) / "catalog.sqlite")
    for q in ("How many people fled Aleppo over the weekend?", "Kerry Lavrov Geneva talks ceasefire",
              "What did the Russian defence ministry say?", "civilians trapped in eastern Aleppo"):
        assert mem.bm25(q, 20, meta=True) == fts.bm25(q, 20, meta=True) != []
        assert mem.sentence_bm25(q, 30) == fts.sentence_bm25(q, 30) != []
