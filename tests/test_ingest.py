"""Ingest behaviour through real objects: the hash embedder and the in-memory or embedded Chroma store."""

import json
import shutil

import pytest
from conftest import SEEDS, snapshot

from briefer.index import Index
from briefer.ingest import ingest
from briefer.testing import MemoryStore


@pytest.fixture
def index(make_settings):
    return Index(make_settings(), store=MemoryStore())


def _articles(n: int, prefix: str = "Story") -> list[dict]:
    return [
        {"title": f"{prefix} {i}", "source": "Wire", "published_at": f"2023-10-{i + 1:02d}",
         "body": f"{prefix} number {i} says the council voted {i} times. It met on day {i}."}
        for i in range(n)
    ]


def test_seeds_ingest_then_second_ingest_changes_nothing(index):
    first = ingest(index, [SEEDS])
    assert first.articles_added == 3 and first.chunks_added >= 3 and not first.failed
    before = snapshot(index)
    second = ingest(index, [SEEDS])
    assert second.files_unchanged == 3 and second.articles_added == 0 and second.chunks_added == 0
    assert snapshot(index) == before
    assert not any(index.consistency().values())


def test_identical_article_in_two_files_is_stored_once(index, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    body = "Title line\n\nThe same article body, word for word. It has two sentences.\n"
    a.write_text(body)
    b.write_text(body)
    report = ingest(index, [a, b])
    assert report.articles_added == 1 and report.articles_unchanged == 1
    assert index.catalog.stats()["articles"] == 1


def test_changed_file_replaces_its_old_chunks(index, tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Council vote\n\nThe council voted on Monday. Ten members attended.\n")
    ingest(index, [f])
    old_ids = set(index.store.chunk_ids())
    f.write_text("Council vote\n\nThe council voted on Tuesday. Twelve members attended.\n")
    report = ingest(index, [f])
    assert report.articles_added == 1 and report.articles_removed == 1
    new_ids = set(index.store.chunk_ids())
    assert new_ids and not (new_ids & old_ids)
    assert index.catalog.stats()["articles"] == 1
    assert "Tuesday" in index.catalog.chunks_of(index.catalog.ids_in_state("complete"))[0].text


def test_entry_dropped_from_a_jsonl_file_is_removed(index, tmp_path):
    f = tmp_path / "feed.jsonl"
    arts = _articles(4)
    f.write_text("\n".join(json.dumps(a) for a in arts))
    ingest(index, [f])
    f.write_text("\n".join(json.dumps(a) for a in arts[:3]))
    report = ingest(index, [f])
    assert report.articles_removed == 1 and report.articles_unchanged == 3
    assert index.catalog.stats()["articles"] == 3


def test_flags_override_metadata_and_replace_the_article(index, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Some headline\n\nA body sentence about the vote. Another one.\n")
    ingest(index, [f])
    report = ingest(index, [f], source="The Age", published="2023-11-02")
    assert report.articles_replaced == 1
    stats = index.catalog.stats()
    assert stats["sources"] == ["The Age"] and stats["first_published"] == "2023-11-02"
    hdr = index.catalog.chunks_of(index.catalog.ids_in_state("complete"))[0].header
    assert hdr == "Some headline | The Age | 2023-11-02"


def test_broken_files_are_named_and_the_rest_ingested(index, tmp_path):
    good = tmp_path / "corpus"
    good.mkdir()
    shutil.copy(next(SEEDS.glob("001*")), good / "good.txt")
    (good / "empty.txt").write_text("")
    (good / "broken.json").write_text('{"title": "x", "body": ')
    (good / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    (good / "script.html").write_text("<html><body><script>alert(1)</script></body></html>")
    report = ingest(index, [good])
    failed = {p.rsplit("/", 1)[-1]: r for p, r in report.failed}
    assert set(failed) == {"empty.txt", "broken.json", "binary.txt", "script.html"}
    assert all(r and "\n" not in r for r in failed.values())
    assert report.articles_added == 1


def test_multi_article_json_with_chroma_store(make_settings, tmp_path):
    f = tmp_path / "corpus.json"
    f.write_text(json.dumps(_articles(30)))
    index = Index(make_settings())  # real embedded Chroma, hash embedder
    report = ingest(index, [f])
    assert report.articles_added == 30
    assert len(index.store.article_ids()) == 30
    assert len(index.store.chunk_ids()) == index.catalog.stats()["chunks"]
    assert not any(index.consistency().values())


def test_second_writer_waits_then_is_refused_as_busy(index):
    from briefer.core.errors import EXIT_BUSY, BusyError

    waited = []
    with index.writing():
        with pytest.raises(BusyError, match="another briefer process.*BRIEFER_LOCK_WAIT") as caught:
            with index.writing(wait=0.5, on_wait=lambda: waited.append(1)):
                pass
    assert caught.value.exit_code == EXIT_BUSY and waited == [1]
    assert not index.busy()  # free again
    with index.writing(wait=0):
        assert index.busy()  # a writer, even this process's own, is seen


def test_progress_moves_inside_one_big_file_by_article_and_by_chunk(index, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(_articles(30)))
    seen: list[tuple[str, int, int]] = []
    ingest(index, [path], progress=lambda stage, done, total: seen.append((stage, done, total)))
    articles = [d for s, d, _ in seen if s == "articles"]
    chunks = [(d, t) for s, d, t in seen if s == "chunks embedded"]
    assert articles == list(range(1, 31))  # every article, not only at the end of the file
    assert chunks and chunks[-1][0] == chunks[-1][1] == index.catalog.stats()["chunks"]
    assert all(d <= t for d, t in chunks)


def test_a_refused_ingest_changes_nothing_and_the_file_is_read_again(make_settings, tmp_path):
    """Seen by a user: a changed setting that ingest refuses (chunk_tokens over what the embedder
    reads) deleted the article it was about to replace, and the next ingest, taking the file for
    unchanged, never brought it back."""
    from briefer.core.errors import ConfigError
    from briefer.testing import HashEmbedder

    f = tmp_path / "solo.md"
    f.write_text("---\ntitle: Harbor strike ends\npublished: 2023-11-20\n---\n"
                 "Dock workers ended a two-week strike on Monday. The port agreed to a 6 percent raise.\n")
    store = MemoryStore()
    first = Index(make_settings(chunk_tokens=64), store=store, embedder=HashEmbedder(max_tokens=64))
    assert ingest(first, [f]).articles_added == 1
    first.catalog.close()
    refused = Index(make_settings(chunk_tokens=200), store=store, embedder=HashEmbedder(max_tokens=64))
    with pytest.raises(ConfigError, match="BRIEFER_CHUNK_TOKENS"):
        ingest(refused, [f])  # a different chunking would replace the article: refused before any change
    assert refused.catalog.stats()["articles"] == 1 and not any(refused.consistency().values())
    refused.catalog.close()
    again = Index(make_settings(chunk_tokens=64), store=store, embedder=HashEmbedder(max_tokens=64))
    assert ingest(again, [f]).files_unchanged == 1 and again.catalog.stats()["articles"] == 1

