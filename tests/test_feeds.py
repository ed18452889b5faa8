"""News in from the web: sources, `update`, identity across updates, faults, and retention, against
a local server on 127.0.0.1 (briefer.testing.feed_server). Nothing leaves this machine."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from briefer.index import Index
from briefer.ingest.sources import Sources
from briefer.ingest.update import update
from briefer.ingest.web import canonical_url
from briefer.testing import MemoryStore
from briefer.testing.feed_server import (
    Big,
    Drip,
    FeedServer,
    GzipBomb,
    Hang,
    Page,
    Redirect,
    article_html,
    atom,
    item,
    rss1,
    rss2,
)

WORDS = ("council ministers harbour bridge tunnel budget rail airport school hospital river court strike "
         "union election mayor senate tariff museum stadium vaccine drought flood wildfire border treaty summit "
         "pension factory mine bank bond market currency festival orchestra library satellite rocket").split()


def body(topic: str, n: int = 8) -> str:
    """An article of ``n`` sentences about ``topic``, its words drawn from the topic's own seed (so
    that two topics are not near copies), long enough that no page is fetched."""
    import random

    rng = random.Random(topic)
    return " ".join(
        f"The {topic} {' '.join(rng.sample(WORDS, 6))} met on Tuesday and voted {rng.randint(2, 99)} to "
        f"{rng.randint(1, 9)} for plan {i}." for i in range(n)
    )


FAST = dict(read_timeout=1.0, connect_timeout=1.0, fetch_deadline=3.0, max_retry_wait=0.2, fetch_retries=2,
            max_body_mb=5.0, obey_robots=True)


@pytest.fixture
def index(make_settings):
    return Index(make_settings(**FAST), store=MemoryStore())


def _add(index, *urls, names=None):
    sources = Sources(index.folder)
    for i, url in enumerate(urls):
        sources.add(url, (names or [None] * len(urls))[i])
    sources.save()


def _titles(index) -> set[str]:
    return {index.catalog.meta(a).title for a in index.catalog.ids_in_state("complete")}


def test_three_feed_formats_then_an_unchanged_update_costs_one_request_each(index):
    with FeedServer() as web:
        web.route("/rss2", Page(rss2("Wire", [item("g1", "Harbour vote", web.url + "/a1", body("harbour"))]),
                                "application/rss+xml", etag='"r2"'))
        web.route("/rss1", Page(rss1("Daily", [item("g2", "Bridge vote", web.url + "/a2", body("bridge"))]),
                                "application/rdf+xml", etag='"r1"'))
        web.route("/atom", Page(atom("Post", [item("g3", "Tunnel vote", web.url + "/a3", body("tunnel"))]),
                                "application/atom+xml", etag='"at"'))
        _add(index, web.url + "/rss2", web.url + "/rss1", web.url + "/atom")
        first = update(index)
        assert not first.failed and first.ingest.articles_added == 3
        assert _titles(index) == {"Harbour vote", "Bridge vote", "Tunnel vote"}
        metas = [index.catalog.meta(a) for a in index.catalog.ids_in_state("complete")]
        assert {m.source for m in metas} == {"Wire", "Daily", "Post"} and all(m.published == "2023-10-10" for m in metas)
        second = update(index)
        assert second.ingest.articles_added == 0 and all(f.unchanged for f in second.sources)  # 304 each
        assert web.hits["/rss2"] == 2 and web.hits["/a1"] == 0  # no page fetched: the feed had the text
    listed = {s.url.rsplit("/", 1)[-1]: s for s in Sources(index.folder).items}
    assert listed["rss2"].status == "unchanged" and listed["rss2"].articles == 1 and listed["rss2"].etag == '"r2"'


def test_summary_only_feed_fetches_the_page_and_keeps_the_feeds_metadata(index):
    with FeedServer() as web:
        web.route("/robots.txt", Page("User-agent: *\nDisallow: /private/\n", "text/plain"))
        web.route("/rss", Page(rss2("Wire", [
            item("g1", "Harbour vote", web.url + "/a1?utm_source=rss&id=7", "Short summary."),
            item("g2", "Private", web.url + "/private/a2", "Only a summary here.")]), "application/rss+xml"))
        web.route("/a1", Page(article_html("Harbour vote (site title)", body("harbour"))))
        web.route("/private/a2", Page(article_html("Private", body("secret"))))
        _add(index, web.url + "/rss", names=["Wire Service"])
        update(index)
        assert web.hits["/private/a2"] == 0  # robots.txt forbids it: the feed's summary is what we have
    by_title = {index.catalog.meta(a).title: index.catalog.meta(a) for a in index.catalog.ids_in_state("complete")}
    harbour = by_title["Harbour vote"]  # the feed's title and outlet, the page's text
    assert harbour.source == "Wire Service" and harbour.url.endswith("/a1?id=7")  # tracking stripped
    assert index.catalog.article_text(harbour.article_id) == body("harbour")
    assert index.catalog.article_text(by_title["Private"].article_id) == "Only a summary here."


def test_an_updated_entry_replaces_its_text_and_a_vanished_one_stays(index):
    with FeedServer() as web:
        v1 = [item("g1", "Harbour vote", web.url + "/a1", body("harbour")),
              item("g2", "Bridge vote", web.url + "/a2", body("bridge"))]
        web.route("/rss", Page(rss2("Wire", v1), "application/rss+xml"))
        _add(index, web.url + "/rss")
        update(index)
        v2 = [item("g1", "Harbour vote (updated)", web.url + "/a1", body("harbour", 9))]  # g2 left the feed
        web.route("/rss", Page(rss2("Wire", v2), "application/rss+xml"))
        report = update(index)
    assert report.ingest.articles_added == 1 and report.ingest.articles_removed + report.ingest.articles_replaced == 1
    assert _titles(index) == {"Harbour vote (updated)", "Bridge vote"}


def test_the_same_story_in_two_feeds_is_one_article_carried_by_both(index):
    with FeedServer() as web:
        story = body("harbour")
        web.route("/one", Page(rss2("Wire One", [item("w1", "Harbour vote", web.url + "/x", story)]),
                               "application/rss+xml"))
        web.route("/two", Page(rss2("Paper Two", [item("p9", "Harbour vote", web.url + "/y", story)]),
                               "application/rss+xml"))
        _add(index, web.url + "/one", web.url + "/two")
        report = update(index)
    assert index.catalog.stats()["articles"] == 1 and report.ingest.copies == 1


@pytest.mark.parametrize("route, reason", [
    (Page("missing", status=404), "HTTP 404"),
    (Hang(10), "no answer within 1s"),
    (Drip(0.2, 10), "fetch_deadline"),
    (Big(50), "max_body_mb"),
    (GzipBomb(200), "max_body_mb"),
    (Page("<rss><channel><item><title>broken", "application/rss+xml"), "not a readable RSS/Atom feed"),
    (Page(article_html("Subscribe", "Subscribe to read."), status=200), "no article text"),
])
def test_a_failing_source_is_one_line_and_the_others_are_ingested(index, route, reason):
    with FeedServer() as web:
        web.route("/bad", route)
        web.route("/good", Page(rss2("Wire", [item("g1", "Harbour vote", web.url + "/a1", body("harbour"))]),
                                "application/rss+xml"))
        _add(index, web.url + "/bad", web.url + "/good")
        report = update(index)
    (failed,) = report.failed
    assert reason in failed.error and "\n" not in failed.error, failed.error
    assert _titles(index) == {"Harbour vote"}
    assert not any(index.consistency().values())


def test_a_redirect_loop_and_500_then_success(index, make_settings):
    with FeedServer() as web:
        web.route("/loop", Redirect("/loop"))
        web.route("/flaky", Page(rss2("Wire", [item("g1", "Harbour vote", web.url + "/a1", body("harbour"))]),
                                 "application/rss+xml", fail_first=2, retry_after="0"))
        _add(index, web.url + "/loop", web.url + "/flaky")
        report = update(index)
        assert web.hits["/flaky"] == 3  # two 500s, retried, then the feed
    (failed,) = report.failed
    assert "redirects" in failed.error and _titles(index) == {"Harbour vote"}


def test_a_feed_declaring_the_wrong_charset_is_still_read(index):
    text = body("Zürich café")
    with FeedServer() as web:
        doc = rss2("Wire", [item("g1", "Zürich vote", web.url + "/a1", text)], encoding="iso-8859-1")
        web.route("/rss", Page(doc.encode("utf-8"), "application/rss+xml"))  # says latin-1, is UTF-8
        _add(index, web.url + "/rss")
        report = update(index)
    assert not report.failed and index.catalog.stats()["articles"] == 1


def test_canonical_url_strips_tracking_only():
    url = "HTTPS://News.Example/a/b?utm_source=x&id=3&fbclid=y&at_medium=RSS#top"
    assert canonical_url(url) == "https://news.example/a/b?id=3"


def test_prune_removes_old_articles_everywhere(index, tmp_path):
    from briefer.ingest import ingest

    arts = [{"title": f"Day {d}", "source": "Wire", "published_at": f"2023-10-{d:02d}", "body": body(f"day{d}")}
            for d in (1, 2, 3, 4)]
    (tmp_path / "a.json").write_text(json.dumps(arts))
    ingest(index, [tmp_path / "a.json"])
    with index.writing():
        gone = index.prune("2023-10-03")
    assert len(gone) == 2 and _titles(index) == {"Day 3", "Day 4"}
    assert not any(index.consistency().values())
    assert index.catalog.counts()["fts_rows"] == index.catalog.stats()["chunks"]


def test_cli_ingest_url_sources_update_and_daily_twice(tmp_path):
    env = {"BRIEFER_INDEX": str(tmp_path / "i"), "BRIEFER_EMBED_BACKEND": "hash", "BRIEFER_READ_TIMEOUT": "2"}
    with FeedServer() as web:
        web.route("/rss", Page(rss2("Wire", [item("g1", "Harbour vote", web.url + "/a1", body("harbour")),
                                              item("g2", "Bridge vote", web.url + "/a2", body("bridge"))]),
                               "application/rss+xml", etag='"e1"'))
        web.route("/page", Page(article_html("Tunnel vote", body("tunnel"))))
        one = run_cli("ingest", web.url + "/page", env=env)
        assert one.returncode == 0 and "1 article added" in one.stdout, one.stderr
        assert run_cli("sources", "add", web.url + "/rss", "--name", "Wire", env=env).returncode == 0
        assert run_cli("sources", "add", "http://127.0.0.1:9/dead", env=env).returncode == 0
        up = run_cli("update", env=env)
        assert up.returncode == 1 and up.stderr.count("\n") == 1 and "127.0.0.1:9/dead" in up.stderr
        assert "2 articles added" in up.stdout
        listed = json.loads(run_cli("sources", "list", "--json", env=env).stdout)
        assert [s["status"] for s in listed] == ["ok", "failed"] and listed[0]["articles"] == 2
        assert run_cli("sources", "remove", "http://127.0.0.1:9/dead", env=env).returncode == 0
        out = tmp_path / "briefings"
        first = run_cli("daily", "--out", str(out), env=env)
        md_first = (out / "2023-10-10.md").read_text()
        second = run_cli("daily", "--out", str(out), env=env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2023-10-10.html", "2023-10-10.md"]
    md = (out / "2023-10-10.md").read_text()
    assert "Harbour vote" in md and "Tunnel vote" in md
    assert _steady(md) == _steady(md_first)  # the same briefing but for when it was made and what changed
    doctor = run_cli("doctor", env=env)
    assert doctor.returncode == 0 and "FAIL" not in doctor.stdout, doctor.stdout


def _steady(md: str) -> str:
    """A briefing without its generated-at line and its "what changed" section."""
    import re

    md = re.sub(r"## What changed.*?(?=\n## )", "", md, flags=re.S)
    return "\n".join(line for line in md.splitlines() if "generated" not in line and line.strip())
