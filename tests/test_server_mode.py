"""A Chroma server as the source of truth: two index folders ("machines") share one server, and
each one's local BM25 catalog is a cache that re-syncs from the server."""

import json

import pytest
from chroma_server import ChromaServer
from conftest import SEEDS, run_cli

from briefer.core.records import Filters
from briefer.index import Index
from briefer.ingest import ingest
from briefer.search import Retriever

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ChromaServer(tmp_path_factory.mktemp("srv")) as srv:
        yield srv


def test_second_machine_sees_first_machines_articles(server, make_settings, tmp_path):
    a = Index(make_settings(index=tmp_path / "a", chroma_url=server.url, collection="share1"))
    ingest(a, [SEEDS])
    b = Index(make_settings(index=tmp_path / "b", chroma_url=server.url, collection="share1"))
    assert b.catalog.stats()["articles"] == 0
    hits = Retriever(b).search("civilians left eastern Aleppo", 5)  # search re-syncs first
    assert any("20,000" in h.text for h in hits)
    assert b.catalog.stats() == a.catalog.stats()
    assert b.catalog.bm25("Konashenkov", 5)  # BM25 rebuilt from the server's chunks
    assert not any(b.consistency().values())


def test_deletion_on_one_machine_reaches_the_other(server, make_settings, tmp_path):
    s = dict(chroma_url=server.url, collection="share2")
    a = Index(make_settings(index=tmp_path / "a", **s))
    ingest(a, [SEEDS])
    b = Index(make_settings(index=tmp_path / "b", **s))
    b.sync_from_server()
    cnn = [x for x in a.catalog.ids_in_state("complete") if a.catalog.article_meta(x).source == "CNN"]
    with a.writing():
        a.delete(cnn)
    assert Retriever(b).search("Aleppo", 10, Filters(source="CNN")) == []
    assert b.catalog.stats()["articles"] == 2


def test_lost_local_cache_is_rebuilt_and_cli_works(server, tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_CHROMA_URL": server.url,
           "BRIEFER_COLLECTION": "share3", "BRIEFER_EMBED_BACKEND": "hash"}
    assert run_cli("ingest", str(SEEDS), env=env).returncode == 0
    for f in (tmp_path / "i").glob("cache-*.sqlite*"):
        f.unlink()
    stats = json.loads(run_cli("stats", "--json", env=env).stdout)
    assert stats["articles"] == 3
    again = json.loads(run_cli("ingest", str(SEEDS), "--json", env=env).stdout)
    assert again["articles_added"] == 0 and again["articles_unchanged"] == 3
    doc = run_cli("doctor", env=env)
    assert doc.returncode == 0 and "agree" in doc.stdout
