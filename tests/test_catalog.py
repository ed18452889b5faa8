"""The catalog's sentence-level BM25: chunks per sentence, filters, deletion, migration, pruning."""

import sqlite3
import threading

from briefer.core.records import ArticleMeta, Chunk, Filters, Span
from briefer.index.catalog import Catalog
from briefer.index.catalog.schema import SCHEMA_VERSION


def _add(cat: Catalog, aid: str, source: str, sentences: list[str], chunk_bounds: list[tuple[int, int]]):
    """An article of ``sentences`` (joined by spaces) with chunks over sentence index ranges [i, j)."""
    text, spans = "", []
    for s in sentences:
        start = len(text) + (1 if text else 0)
        text = f"{text} {s}" if text else s
        spans.append(Span(start, start + len(s)))
    chunks = [Chunk(f"{aid}-{k:04d}", aid, k, spans[i].start, spans[j - 1].end, text[spans[i].start:spans[j - 1].end],
                    f"{aid} | {source}") for k, (i, j) in enumerate(chunk_bounds)]
    with cat.transaction():
        cat.add_pending(ArticleMeta(aid, aid, source, "2023-10-30", None, "test"), "fp", text, spans, chunks)
        cat.set_state([aid], "complete")


def test_sentence_hits_name_every_chunk_holding_the_sentence(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite")
    _add(cat, "a", "TechCrunch", ["Google spent billions on search deals.", "The weather was mild.",
                                  "Publishers sued Google over ad revenue."], [(0, 2), (1, 3)])
    _add(cat, "b", "Wired", ["Publishers praised the new revenue deal."], [(0, 1)])
    hits = cat.sentence_bm25("publishers revenue lawsuit", 10)
    assert {c for _, _, c in hits} == {"a-0001", "b-0000"}  # not a-0000: its sentences lack the terms
    assert [s for _, s, _ in hits] == sorted((s for _, s, _ in hits), reverse=True)
    overlap = cat.sentence_bm25("weather mild", 10)
    assert [c for _, _, c in overlap] == ["a-0000", "a-0001"]  # the overlap sentence is in both chunks
    assert len({r for r, _, _ in overlap}) == 1 and overlap[0][1] > 0
    only_wired = cat.sentence_bm25("publishers revenue", 10, Filters(sources=("Wired",)))
    assert [c for _, _, c in only_wired] == ["b-0000"]


def test_removal_drops_sentence_rows(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite")
    _add(cat, "a", "TechCrunch", ["One sentence here.", "Another sentence there."], [(0, 2)])
    assert cat.counts()["sentence_fts_rows"] == cat.counts()["sentences"] == 2
    with cat.transaction():
        cat.remove(["a"])
    assert cat.counts()["sentence_fts_rows"] == 0 and cat.sentence_bm25("sentence", 5) == []


def test_a_catalog_from_before_sentence_search_gains_it_on_open(tmp_path):
    path = tmp_path / "c.sqlite"
    cat = Catalog(path)
    _add(cat, "a", "TechCrunch", ["Evacuations from Aleppo continued.", "Talks stalled in Geneva."], [(0, 2)])
    cat.close()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE sentences_fts")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    cat = Catalog(path)
    assert [c for _, _, c in cat.sentence_bm25("Geneva talks", 5)] == ["a-0000"]
    assert cat.counts()["sentence_fts_rows"] == 2


def test_too_common_terms_leave_large_queries(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite")
    sentences = [f"Common words fill sentence number {i}." for i in range(1200)] + ["A rare zeppelin sentence."]
    _add(cat, "a", "TechCrunch", sentences, [(0, len(sentences))])
    assert cat.searched_terms("common zeppelin", "sentences_fts") == ["zeppelin"]  # "common": 1,200 of 1,201
    assert cat.searched_terms("common words", "sentences_fts") == ["common", "words"]  # never an empty query
    small = Catalog(tmp_path / "s.sqlite")
    _add(small, "b", "Wired", ["Common words here.", "Common words there."], [(0, 2)])
    assert small.searched_terms("common zeppelin", "sentences_fts") == ["common", "zeppelin"]  # small: all kept


def test_chunk_bm25_leaves_out_only_terms_bm25_gives_no_weight(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite")
    for i in range(6):  # "reported" in five chunks of six (no weight); "ceasefire" in two, "aleppo" in one
        words = ["reported"] if i else []
        words += ["ceasefire"] if i in (1, 2) else []
        words += ["aleppo"] if i == 2 else []
        _add(cat, f"a{i}", "Outlet", [" ".join(["News", *words, "today."])], [(0, 1)])
    assert cat.searched_terms("reported ceasefire aleppo", "chunks_fts", 0.5, 0) == ["ceasefire", "aleppo"]
    full = cat.db.execute(
        "SELECT c.chunk_id, -rank FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid "
        "WHERE chunks_fts MATCH ? ORDER BY rank", ('"reported" OR "ceasefire" OR "aleppo"',)).fetchall()
    hits = cat.bm25("reported ceasefire aleppo", 3)
    assert [c for c, _ in hits] == [c for c, _ in full[:2]] == ["a2-0000", "a1-0000"]
    assert all(abs(s - dict(full)[c]) < 1e-4 for c, s in hits)  # the same scores without the term
    assert [c for c, _ in cat.bm25("reported", 3)] != []  # a query of weightless terms alone keeps them


def test_a_new_catalog_another_connection_is_creating_is_waited_for(tmp_path):
    """Two ingests started together both open a new catalog; turning it to WAL needs a lock SQLite
    does not wait for, so the second used to fail at once with 'database is locked' (seen in CI)."""
    path = tmp_path / "catalog.sqlite"
    other = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE other (x)")
    other.execute("BEGIN IMMEDIATE")  # the other process, mid-way through turning the new file to WAL
    release = threading.Timer(0.5, other.execute, ["COMMIT"])
    release.start()
    catalog = Catalog(path)
    release.join()
    assert catalog.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert catalog.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_outlet_is_named_by_any_case_or_a_part_of_its_name(tmp_path):
    """Seen by a user: --source cnbc found nothing; the outlet is "Cnbc | World Business News Leader"."""
    import pytest

    from briefer.core.errors import ConfigError

    cat = Catalog(tmp_path / "c.sqlite")
    for aid, source in (("a", "Cnbc | World Business News Leader"), ("b", "The New York Times"),
                        ("c", "Financial Times"), ("d", "Wired")):
        _add(cat, aid, source, ["Markets rallied on Monday after the inflation report was released."], [(0, 1)])
    assert cat.outlet_named("cnbc") == "Cnbc | World Business News Leader"
    assert cat.outlet_named("WIRED") == "Wired" and cat.outlet_named("new york") == "The New York Times"
    with pytest.raises(ConfigError, match="names 2 outlets"):
        cat.outlet_named("times")
    with pytest.raises(ConfigError, match="no outlet 'Reuters'"):
        cat.outlet_named("Reuters")
    for k in range(6):  # more outlets than the message lists: it says so
        _add(cat, f"n{k}", f"News Outlet {k}", ["Markets rallied on Monday after the inflation report."], [(0, 1)])
    with pytest.raises(ConfigError, match=r"names 6 outlets \(News Outlet 0; .*; News Outlet 4; \.\.\.\)"):
        cat.outlet_named("news outlet")
