"""One contract suite for every ``Store``: MemoryStore, embedded Chroma and a Chroma server.

Vectors are small hand-made unit vectors (dim 8), so no model is needed. The server is started
once per module; each test gets its own collection prefix on it.
"""

from __future__ import annotations

import time
import uuid

import numpy as np
import pytest

from briefer.core.errors import ServiceError
from briefer.core.records import Filters, source_key
from briefer.index.vectors import StoredArticle, StoredChunk
from briefer.index.vectors.chroma import ChromaStore
from briefer.testing import MemoryStore

try:
    from chroma_server import ChromaServer, free_port
except ImportError:  # run from the repo root as a package
    from tests.chroma_server import ChromaServer, free_port

DIM = 8

# article id -> (source, published); a3 is undated and has no outlet.
ARTICLES = {
    "a1": ("cnn", "2016-12-10"),
    "a2": ("The Age", "2016-12-12"),
    "a3": (None, None),
    "a4": (" CNN", "2016-12-14"),
}
CHUNKS_PER_ARTICLE = 3


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def random_units(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.stack([unit(rng.normal(size=DIM)) for _ in range(n)])


def chunk_meta(aid: str, idx: int, source: str | None, published: str | None, header: str = "Title") -> dict:
    return {
        "article_id": aid, "idx": idx, "start": idx * 10, "end": idx * 10 + 9, "header": header,
        "published_ord": int(published.replace("-", "")) if published else 0, "source_key": source_key(source),
    }


def make_corpus(seed: int = 7):
    """Chunks and articles for ARTICLES, with chunk vectors and article vectors (mean of chunks)."""
    chunks: list[StoredChunk] = []
    for aid, (source, published) in ARTICLES.items():
        for i in range(CHUNKS_PER_ARTICLE):
            chunks.append(StoredChunk(f"{aid}:{i}", f"text of {aid} chunk {i}", chunk_meta(aid, i, source, published)))
    vecs = random_units(len(chunks), seed)
    articles, avecs = [], []
    for aid, (source, published) in ARTICLES.items():
        meta = {"title": f"Title {aid}", "source": source, "published": published, "url": None,
                "origin": f"/data/{aid}.txt", "fingerprint": f"fp-{aid}"}
        articles.append(StoredArticle(aid, f"full text of {aid}", meta))
        avecs.append(vecs[[i for i, c in enumerate(chunks) if c.meta["article_id"] == aid]].mean(axis=0))
    return chunks, vecs, articles, np.stack(avecs).astype(np.float32)


# ---------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    with ChromaServer(tmp_path_factory.mktemp("chroma-server")) as server:
        yield server


@pytest.fixture(params=["memory", "embedded", pytest.param("server", marks=pytest.mark.server)])
def store(request, tmp_path):
    if request.param == "memory":
        yield MemoryStore()
    elif request.param == "embedded":
        yield ChromaStore(path=str(tmp_path / "chroma"))
    else:
        server = request.getfixturevalue("chroma_server")
        prefix = f"t{uuid.uuid4().hex[:12]}"
        s = ChromaStore(url=server.url, prefix=prefix)
        yield s
        for name in (f"{prefix}_chunks", f"{prefix}_articles"):
            try:
                s.client.delete_collection(name)
            except Exception:
                pass


@pytest.fixture
def filled(store):
    chunks, vecs, articles, avecs = make_corpus()
    store.upsert_chunks(chunks, vecs)
    store.upsert_articles(articles, avecs)
    return store, chunks, vecs, articles, avecs


def expected(query: np.ndarray, chunks, vecs, keep=lambda c: True) -> list[tuple[str, float]]:
    scored = [(c.chunk_id, float(np.dot(v, query))) for c, v in zip(chunks, vecs) if keep(c)]
    return sorted(scored, key=lambda x: -x[1])


def assert_hits(got, want, tol=1e-4):
    assert [cid for cid, _ in got] == [cid for cid, _ in want]
    for (_, g), (_, w) in zip(got, want):
        assert g == pytest.approx(w, abs=tol)


# ------------------------------------------------------------------------------------------- tests


class TestStoreContract:
    def test_upsert_then_ids(self, filled):
        store, chunks, _, articles, _ = filled
        assert store.chunk_ids() == {c.chunk_id for c in chunks}
        assert store.article_ids() == set(ARTICLES)

    def test_empty_store(self, store):
        assert store.query(unit(np.ones(DIM)), 5) == []
        assert store.query(unit(np.ones(DIM)), 5, Filters(source="cnn")) == []
        assert store.chunk_ids() == set()
        assert store.article_ids() == set()
        assert store.get_articles(["a1"]) == []
        assert store.get_chunks(["a1"]) == []
        assert store.embeddings(["a1:0"]) == {}

    def test_upsert_is_idempotent_and_updates_win(self, filled):
        store, chunks, vecs, articles, avecs = filled
        store.upsert_chunks(chunks, vecs)
        store.upsert_articles(articles, avecs)
        assert len(store.chunk_ids()) == len(chunks)
        assert len(store.article_ids()) == len(articles)

        new_vec = unit(np.arange(1, DIM + 1))
        changed = StoredChunk("a1:0", "rewritten", {**chunks[0].meta, "header": "New header", "end": 99})
        store.upsert_chunks([changed], new_vec[None, :])
        art = StoredArticle("a1", "new full text", {**articles[0].meta, "title": "New title"})
        store.upsert_articles([art], new_vec[None, :])

        assert len(store.chunk_ids()) == len(chunks)
        assert len(store.article_ids()) == len(articles)
        got = {c.chunk_id: c for c in store.get_chunks(["a1"])}
        assert got["a1:0"].text == "rewritten"
        assert got["a1:0"].meta == changed.meta
        assert np.allclose(store.embeddings(["a1:0"])["a1:0"], new_vec, atol=1e-6)
        (got_art,) = store.get_articles(["a1"])
        assert (got_art.text, got_art.meta["title"]) == ("new full text", "New title")

    def test_query_nearest_first_with_cosine(self, filled):
        store, chunks, vecs, _, _ = filled
        for q in (vecs[4], unit(vecs[0] + vecs[7]), random_units(1, 99)[0]):
            got = store.query(q, 5)
            assert_hits(got, expected(q, chunks, vecs)[:5])
        got = store.query(vecs[4], 1)
        assert got[0][0] == chunks[4].chunk_id and got[0][1] == pytest.approx(1.0, abs=1e-4)

    def test_query_n_larger_than_count(self, filled):
        store, chunks, vecs, _, _ = filled
        q = random_units(1, 5)[0]
        assert_hits(store.query(q, 1000), expected(q, chunks, vecs))

    @pytest.mark.parametrize(
        "filters, keep_articles",
        [
            (Filters(since="2016-12-12"), {"a2", "a4"}),
            (Filters(until="2016-12-12"), {"a1", "a2"}),
            (Filters(since="2016-12-10", until="2016-12-10"), {"a1"}),
            (Filters(since="2016-12-11", until="2016-12-13"), {"a2"}),
            (Filters(since="2000-01-01"), {"a1", "a2", "a4"}),
            (Filters(source="cnn "), {"a1", "a4"}),
            (Filters(source="THE  age"), {"a2"}),
            (Filters(source="nobody"), set()),
            (Filters(since="2016-12-11", source="CNN"), {"a4"}),
            (Filters(until="2016-12-13", source="the age"), {"a2"}),
            (Filters(since="2016-12-15"), set()),
        ],
        ids=lambda v: repr(v) if isinstance(v, Filters) else None,
    )
    def test_query_filters(self, filled, filters, keep_articles):
        store, chunks, vecs, _, _ = filled
        q = random_units(1, 11)[0]
        want = expected(q, chunks, vecs, keep=lambda c: c.meta["article_id"] in keep_articles)
        assert_hits(store.query(q, 100, filters), want)
        assert_hits(store.query(q, 2, filters), want[:2])

    def test_delete_articles(self, filled):
        store, chunks, vecs, _, _ = filled
        store.delete_articles(["a1", "a3"])
        rest = {c.chunk_id for c in chunks if c.meta["article_id"] in ("a2", "a4")}
        assert store.chunk_ids() == rest
        assert store.article_ids() == {"a2", "a4"}
        assert store.get_chunks(["a1", "a3"]) == []
        assert store.get_articles(["a1", "a3"]) == []
        assert {c.chunk_id for c in store.get_chunks(["a2", "a4"])} == rest
        q = vecs[0]
        assert {cid for cid, _ in store.query(q, 100)} == rest
        store.delete_articles([])
        store.delete_articles(["never-stored"])
        assert store.chunk_ids() == rest

    def test_embeddings_round_trip(self, filled):
        store, chunks, vecs, _, _ = filled
        ids = [chunks[i].chunk_id for i in (0, 5, 11)]
        got = store.embeddings(ids + ["missing:0"])
        assert set(got) == set(ids)
        for i in (0, 5, 11):
            e = got[chunks[i].chunk_id]
            assert e.dtype == np.float32 and e.shape == (DIM,)
            assert np.allclose(e, vecs[i], atol=1e-6)
        assert store.embeddings([]) == {}

    def test_get_articles_and_chunks_round_trip(self, filled):
        store, chunks, _, articles, _ = filled
        got = {a.article_id: a for a in store.get_articles(["a3", "a1", "missing"])}
        assert set(got) == {"a1", "a3"}
        for a in articles:
            if a.article_id in got:
                assert got[a.article_id].text == a.text
                assert got[a.article_id].meta == a.meta
        assert got["a3"].meta["source"] is None and got["a3"].meta["published"] is None
        assert got["a1"].meta["url"] is None

        got_chunks = {c.chunk_id: c for c in store.get_chunks(["a3", "a2"])}
        want = {c.chunk_id: c for c in chunks if c.meta["article_id"] in ("a2", "a3")}
        assert set(got_chunks) == set(want)
        for cid, c in want.items():
            assert got_chunks[cid].text == c.text
            assert got_chunks[cid].meta == c.meta
        a3 = got_chunks["a3:0"].meta
        assert a3["source_key"] is None and a3["published_ord"] == 0
        assert isinstance(got_chunks["a2:1"].meta["published_ord"], int)
        assert got_chunks["a2:1"].meta["source_key"] == "the age"
        assert store.get_articles([]) == [] and store.get_chunks([]) == []

    def test_chunk_ids_paginate(self, store):
        store.PAGE = 5
        chunks = [StoredChunk(f"p:{i}", f"chunk {i}", chunk_meta("p", i, "cnn", "2020-01-01")) for i in range(12)]
        store.upsert_chunks(chunks, random_units(12, 3))
        store.upsert_articles(
            [StoredArticle(f"p{i}", "t", {"title": "x"}) for i in range(7)], random_units(7, 4)
        )
        assert store.chunk_ids() == {c.chunk_id for c in chunks}
        assert store.article_ids() == {f"p{i}" for i in range(7)}
        assert len(store.get_chunks(["p"])) == 12


def test_unreachable_server_is_a_service_error():
    url = f"http://127.0.0.1:{free_port()}"
    t0 = time.monotonic()
    with pytest.raises(ServiceError) as info:
        store = ChromaStore(url=url)
        store.chunk_ids()  # if constructing does not fail, the first call must
    msg = str(info.value)
    assert url in msg
    assert "chroma run" in msg and "BRIEFER_CHROMA_URL" in msg
    assert "\n" not in msg
    assert time.monotonic() - t0 < 15
