#!/usr/bin/env python3
"""Feed benchmark: ``briefer update`` of many local feeds whose entries are summaries, so every
article page is fetched and extracted. Prints figures; never asserts timings.

Served by ``briefer.testing.feed_server`` on 127.0.0.1 (nothing leaves the machine). Measures, each
``briefer`` run a subprocess in a fresh temporary index:

1. the first ``update``: wall time, articles/s, and the share of ingest time spent embedding
   (measured in-process on the same pages with the same embedder);
2. an unchanged second ``update`` (every feed answers 304), and ``briefer --help`` for the start-up cost;
3. ingesting the same pages from HTML files (the baseline the first update is compared with);
4. peak RSS of ``briefer ingest URL`` against a 50 MB page and a gzip bomb.

Pages are built from MultiHop-RAG's sentences (12 random sentences each, so no two are copies),
or from generated sentences when the corpus is not beside the checkout.

Usage: python benchmarks/bench_feeds.py [--feeds 50] [--entries 20] [--embed-backend NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "evaldata" / "multihop-rag" / "corpus.json"


def sentences() -> list[str]:
    if CORPUS.is_file():
        import re

        bodies = [a["body"] for a in json.loads(CORPUS.read_text())]
        found = [s.strip() for b in bodies for s in re.split(r"(?<=[.!?])\s+", b) if 60 < len(s.strip()) < 300]
        return found
    rng = random.Random(1)
    words = "council harbour vote budget rail minister court union strike market bank river city".split()
    return [" ".join(rng.choice(words) for _ in range(18)).capitalize() + "." for _ in range(20000)]


def pages(n: int) -> list[tuple[str, str]]:
    pool, rng = sentences(), random.Random(7)
    return [(f"Report {i}: {pool[rng.randrange(len(pool))][:60]}", " ".join(rng.sample(pool, 12))) for i in range(n)]


def run(env: dict, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "briefer", *args], env=env, cwd=REPO, capture_output=True, text=True)
    return time.perf_counter() - t0, res


def peak_rss_mb(env: dict, *args: str) -> tuple[float, str]:
    """Peak RSS of one briefer run (a fresh child, measured by the kernel through wait4)."""
    proc = subprocess.Popen([sys.executable, "-m", "briefer", *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024, proc.stderr.read().strip().splitlines()[-1] if proc.stderr else ""


def embed_share(docs: list[tuple[str, str]], backend: str, tmp: Path) -> float:
    """Share of an in-process ingest of the same pages spent in the embedder."""
    from briefer.config import load_settings
    from briefer.index import Index
    from briefer.index.embedders import make_embedder
    from briefer.ingest import ingest

    settings = load_settings(index=tmp / "share", embed_backend=backend)
    real = make_embedder(settings)
    spent = [0.0]
    embed = real.embed

    def timed(texts):
        t0 = time.perf_counter()
        try:
            return embed(texts)
        finally:
            spent[0] += time.perf_counter() - t0

    real.embed = timed  # type: ignore[method-assign]
    folder = tmp / "share-json"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps([{"title": t, "body": b, "source": "Bench", "published_at": "2023-10-10"}
                                               for t, b in docs]))
    t0 = time.perf_counter()
    ingest(Index(settings, embedder=real), [folder])
    return spent[0] / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--entries", type=int, default=20)
    ap.add_argument("--embed-backend", default=os.environ.get("BRIEFER_EMBED_BACKEND", "sentence-transformers"))
    a = ap.parse_args()
    from briefer.testing.feed_server import Big, FeedServer, GzipBomb, Page, article_html, item, rss2

    docs = pages(a.feeds * a.entries)
    tmp = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    env = {**os.environ, "BRIEFER_EMBED_BACKEND": a.embed_backend, "BRIEFER_CONFIG": "", "BRIEFER_OBEY_ROBOTS": "false"}
    figures: dict[str, float | str] = {}
    with FeedServer() as web:
        for f in range(a.feeds):
            items = []
            for e in range(a.entries):
                i = f * a.entries + e
                title, text = docs[i]
                web.route(f"/p{i}", Page(article_html(title, text)))
                items.append(item(f"f{f}e{e}", title, f"{web.url}/p{i}", text[:120] + "…"))
            web.route(f"/feed{f}.xml", Page(rss2(f"Outlet {f}", items), "application/rss+xml", etag=f'"f{f}"'))
        env_u = {**env, "BRIEFER_INDEX": str(tmp / "update")}
        for f in range(a.feeds):
            run(env_u, "sources", "add", f"{web.url}/feed{f}.xml")
        first_s, first = run(env_u, "update")
        second_s, second = run(env_u, "update")
        help_s, _ = run(env_u, "--help")
        n = len(docs)
        figures.update(first_update_s=round(first_s, 2), articles=n, articles_per_s=round(n / first_s, 1),
                       unchanged_update_s=round(second_s, 2), process_start_s=round(help_s, 2))
        figures["first_update_said"] = first.stdout.strip().splitlines()[-1] if first.stdout.strip() else first.stderr
        figures["second_update_said"] = second.stdout.strip().splitlines()[-1] if second.stdout.strip() else ""
        web.route("/big", Big(50))
        web.route("/bomb", GzipBomb(200))
        env_f = {**env, "BRIEFER_INDEX": str(tmp / "faults")}
        figures["peak_rss_50mb_page_mb"], figures["50mb_said"] = peak_rss_mb(env_f, "ingest", f"{web.url}/big")
        figures["peak_rss_gzip_bomb_mb"], figures["bomb_said"] = peak_rss_mb(env_f, "ingest", f"{web.url}/bomb")
    html = tmp / "html"
    html.mkdir()
    for i, (title, text) in enumerate(docs):
        (html / f"p{i}.html").write_text(article_html(title, text))
    files_s, _ = run({**env, "BRIEFER_INDEX": str(tmp / "files")}, "ingest", str(html))
    figures.update(file_ingest_s=round(files_s, 2), update_over_files=round(first_s / files_s, 2))
    figures["embedding_share_of_ingest"] = round(embed_share(docs, a.embed_backend, tmp), 2)
    for k, v in figures.items():
        print(f"{k:28s} {v}")
    print(f"(index folders in {tmp}; goals: unchanged update <= 1 s + process start, first update <= 1.2x file ingest)")


if __name__ == "__main__":
    main()
