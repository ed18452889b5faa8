#!/usr/bin/env python3
"""Ingest and search benchmark on MultiHop-RAG's corpus. Prints figures; never asserts timings.

Measures, in a fresh temporary index folder (never the project's ``index/``):

1. cold ingest through the real CLI (a subprocess): wall time, chunks, chunks/s, peak RSS;
2. re-ingest of the unchanged corpus (same command): wall time;
3. search latency in-process (``Retriever.search(q, 10)``) over dev queries, and the query
   embedding alone;
4. ``briefer --help`` wall time (start-up cost).

The subprocess figures are taken before this process imports torch or briefer, so its own
memory cannot leak into the child's peak RSS (see ``_run``).

Usage: python benchmarks/bench_ingest_search.py [--data DIR] [--keep DIR] [--queries N]
       [--limit-articles N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from measure import briefer_cmd, check, cpu_model, run_measured, self_rss_mib

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "evaldata" / "multihop-rag"
GIB = 1024**3

# figure key -> (label, target, unit); "<= target" is the goal for every one.
TARGETS = {
    "cold_ingest_s": ("cold ingest wall time", 60.0, "s"),
    "reingest_s": ("re-ingest (unchanged) wall time", 2.0, "s"),
    "search_p50_ms": ("search p50", 40.0, "ms"),
    "ingest_vs_fp32_embed": ("cold ingest / fp32 embedding of its chunks", 0.40, "x"),
    "peak_rss_gib": ("peak RSS of cold ingest", 1.5, "GiB"),
    "help_median_s": ("briefer --help median", 0.3, "s"),
}


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values), q))


def load_queries(path: Path, n: int) -> tuple[list[str], list[str]]:
    """First ``n`` queries with a real question type (``null_query`` and missing excluded),
    and up to 5 others (null queries first) for the warm-up."""
    rows = json.loads(path.read_text())
    typed = [r["query"] for r in rows
             if r.get("query") and r.get("question_type") not in (None, "", "null_query")]
    timed = typed[:n]
    rest = [r["query"] for r in rows if r.get("query") and r.get("question_type") in (None, "", "null_query")]
    warm = (rest + typed[n:] + typed)[:5]
    return timed, warm


def ingest_phase(corpus: Path, index_dir: Path, work: Path) -> dict:
    cmd = [*briefer_cmd(), "--index", str(index_dir), "ingest", str(corpus), "--json"]
    figures: dict = {"parent_rss_mib_at_spawn": self_rss_mib()}

    log("cold ingest (the full corpus takes minutes on a CPU) ...")
    cold = run_measured(cmd, measure_rss=True, work=work)
    check(cold, "cold ingest")
    rep = json.loads(cold["stdout"])
    chunks = rep["chunks_added"]
    figures.update({
        "cold_ingest_s": cold["wall_s"],
        "cold_ingest_inprocess_s": rep["seconds"],
        "cold_startup_overhead_s": cold["wall_s"] - rep["seconds"],
        "articles_added": rep["articles_added"],
        "articles_unchanged_cold": rep["articles_unchanged"],
        "chunks": chunks,
        "chunks_per_s": chunks / cold["wall_s"] if cold["wall_s"] else 0.0,
        "peak_rss_gib": cold["peak_rss_kib"] * 1024 / GIB,
        "peak_rss_method": cold["rss_method"],
        "ingest_failed_files": len(rep.get("failed") or []),
    })

    log("re-ingest of the unchanged corpus ...")
    again = run_measured(cmd, work=work)
    check(again, "re-ingest")
    rep2 = json.loads(again["stdout"])
    figures.update({
        "reingest_s": again["wall_s"],
        "reingest_inprocess_s": rep2["seconds"],
        "reingest_files_unchanged": rep2["files_unchanged"],
        "reingest_chunks_added": rep2["chunks_added"],
    })
    return figures


def help_phase(work: Path, runs: int = 10) -> dict:
    log(f"briefer --help x{runs} ...")
    times = []
    for _ in range(runs):
        res = run_measured([*briefer_cmd(), "--help"], work=work)
        check(res, "briefer --help")
        times.append(res["wall_s"])
    return {"help_best_s": min(times), "help_median_s": statistics.median(times)}


def search_phase(index_dir: Path, queries_file: Path, n: int) -> dict:
    sys.path.insert(0, str(REPO))  # in case briefer is not installed in this interpreter
    from briefer.config import load_settings
    from briefer.core.records import Filters
    from briefer.index import Index
    from briefer.search import Retriever

    settings = load_settings(index=index_dir)
    index = Index(settings)
    retriever = Retriever(index)
    timed, warm = load_queries(queries_file, n)

    log(f"search: warm-up with {len(warm)} queries, then {len(timed)} timed ...")
    t0 = time.perf_counter()
    retriever.search(warm[0], 10)  # loads the model and opens the store
    first_ms = (time.perf_counter() - t0) * 1000
    for q in warm[1:]:
        retriever.search(q, 10)
    from briefer.index.catalog.termmatrix import MATRICES

    built = MATRICES.wait()  # the BM25 term matrices the warm-up asked for (built in the background)
    log("search: BM25 term matrices built in " + ", ".join(f"{m.table} {m.seconds:.2f} s" for m in built))

    search_ms, embed_ms, dense_ms, bm25_ms, hits = [], [], [], [], []
    pool = max(settings.search.candidates, 10)
    for q in timed:
        t = time.perf_counter()
        res = retriever.search(q, 10)
        search_ms.append((time.perf_counter() - t) * 1000)
        hits.append(len(res))
        t = time.perf_counter()
        qvec = index.embedder.embed([q])[0]
        embed_ms.append((time.perf_counter() - t) * 1000)
        # The two first-stage retrievers alone, as Retriever.search calls them.
        t = time.perf_counter()
        index.store.query(qvec, pool, Filters())
        dense_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        index.catalog.bm25(q, pool, Filters())
        bm25_ms.append((time.perf_counter() - t) * 1000)

    facts = {"embed_model": settings.embedding.embed_model, "embed_batch_size": settings.embedding.embed_batch_size,
             "chunk_tokens": settings.ingest.chunk_tokens}
    try:
        import torch

        facts["torch_version"] = torch.__version__
        facts["torch_threads"] = torch.get_num_threads()
    except ImportError:
        facts["torch_version"], facts["torch_threads"] = None, None
    facts["bf16_autocast"] = bool(getattr(index.embedder, "uses_bf16", False))
    return {
        "queries_timed": len(timed),
        "bm25_matrix_build_s": {m.table: round(m.seconds, 2) for m in built},
        "search_first_ms_incl_model_load": first_ms,
        "search_p50_ms": pct(search_ms, 50),
        "search_p95_ms": pct(search_ms, 95),
        "search_mean_ms": statistics.fmean(search_ms),
        "search_max_ms": max(search_ms),
        "embed_p50_ms": pct(embed_ms, 50),
        "dense_query_p50_ms": pct(dense_ms, 50),
        "bm25_p50_ms": pct(bm25_ms, 50),
        "hits_per_query_mean": statistics.fmean(hits) if hits else 0.0,
        "in_process_rss_mib_after_search": self_rss_mib(),
        **facts,
    }


def fp32_phase(index_dir: Path) -> dict:
    """Plain fp32 sentence-transformers embedding the same chunks the cold ingest embedded (the issue's yardstick)."""
    from briefer.config import load_settings
    from briefer.index import Index
    from briefer.index.embedders.pytorch import SentenceTransformerEmbedder

    index = Index(load_settings(index=index_dir))
    texts = [c.indexed_text for c in index.catalog.chunks_of(index.catalog.ids_in_state("complete"))]
    fp32 = SentenceTransformerEmbedder(bf16=False)
    fp32.embed(texts[:2])  # model load outside the timing
    log(f"plain fp32 sentence-transformers on the same {len(texts)} chunks ...")
    t0 = time.perf_counter()
    fp32.embed(texts)
    return {"fp32_embed_s": time.perf_counter() - t0, "embed_backend": index.embedder.backend}


def fmt(v, unit: str = "") -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        v = f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"
    return f"{v} {unit}".rstrip()


def report(fig: dict) -> str:
    lines = []
    w = 36
    lines.append(f"{'figure':<{w}} {'value':>14}   {'target':>10}   within")
    lines.append("-" * (w + 40))

    def row(label, value, unit="", key=None):
        target, within = "", ""
        if key in TARGETS:
            _, t, tu = TARGETS[key]
            target = f"<= {t:g} {tu}"
            within = "yes" if value is not None and value <= t else "NO"
        lines.append(f"{label:<{w}} {fmt(value, unit):>14}   {target:>10}   {within}")

    row("cold ingest wall time", fig["cold_ingest_s"], "s", "cold_ingest_s")
    row("  of which in-process (report)", fig["cold_ingest_inprocess_s"], "s")
    row("  start-up + exit overhead", fig["cold_startup_overhead_s"], "s")
    row("articles added", fig["articles_added"])
    row("chunks", fig["chunks"])
    row("chunks/s (wall)", fig["chunks_per_s"])
    row("peak RSS of cold ingest", fig["peak_rss_gib"], "GiB", "peak_rss_gib")
    row("re-ingest (unchanged) wall time", fig["reingest_s"], "s", "reingest_s")
    row("  of which in-process (report)", fig["reingest_inprocess_s"], "s")
    row("first search incl. model load", fig["search_first_ms_incl_model_load"], "ms")
    row(f"search p50 ({fig['queries_timed']} queries, k=10)", fig["search_p50_ms"], "ms", "search_p50_ms")
    row("search p95", fig["search_p95_ms"], "ms")
    row("search mean", fig["search_mean_ms"], "ms")
    row("search max", fig["search_max_ms"], "ms")
    row("  query embedding p50", fig["embed_p50_ms"], "ms")
    row("  dense store query p50", fig["dense_query_p50_ms"], "ms")
    row("  BM25 (catalog) p50", fig["bm25_p50_ms"], "ms")
    for table, seconds in fig.get("bm25_matrix_build_s", {}).items():
        row(f"  BM25 matrix build, {table}", seconds, "s")
    row("fp32 embedding of the same chunks", fig["fp32_embed_s"], "s")
    row("cold ingest / fp32 embedding", fig["ingest_vs_fp32_embed"], "x", "ingest_vs_fp32_embed")
    row("briefer --help best of 10", fig["help_best_s"], "s")
    row("briefer --help median of 10", fig["help_median_s"], "s", "help_median_s")
    lines.append("")
    lines.append(f"embedder backend of the index: {fig['embed_backend']}")
    lines.append(f"machine: {fig['cpu_model']}; {fig['cores']} cores ({fig['cores_usable']} usable); "
                 f"torch {fig['torch_version']} with {fig['torch_threads']} threads; "
                 f"bf16 autocast: {'yes' if fig['bf16_autocast'] else 'no'}; python {fig['python']}")
    lines.append(f"setup: model {fig['embed_model']}, batch {fig['embed_batch_size']}, "
                 f"chunk {fig['chunk_tokens']} tokens; corpus {fig['corpus']} ({fig['corpus_articles']} articles); "
                 f"peak RSS via {fig['peak_rss_method']} (this process was {fmt(fig['parent_rss_mib_at_spawn'])} MiB at spawn)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("BRIEFER_EVAL_DATA") or DEFAULT_DATA),
                    help="MultiHop-RAG folder with corpus.json and dev_queries.json "
                         "[env BRIEFER_EVAL_DATA; default ../shared/evaldata/multihop-rag]")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="use this index folder and keep it afterwards (default: a temp folder, removed)")
    ap.add_argument("--queries", type=int, default=200, help="timed search queries (default 200)")
    ap.add_argument("--limit-articles", type=int, metavar="N",
                    help="ingest only the first N corpus articles (a smoke run)")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON object")
    args = ap.parse_args(argv)

    corpus, queries = args.data / "corpus.json", args.data / "dev_queries.json"
    for f in (corpus, queries):
        if not f.is_file():
            ap.error(f"{f} not found; pass --data or set BRIEFER_EVAL_DATA")
    if args.queries < 1:
        ap.error("--queries must be at least 1")
    if os.environ.pop("BRIEFER_CHROMA_URL", None):
        log("ignoring BRIEFER_CHROMA_URL: the benchmark measures the embedded store")

    work = Path(tempfile.mkdtemp(prefix="briefer-bench-work-"))
    if args.keep:
        index_dir = args.keep.resolve()
        if index_dir == (REPO / "index").resolve():
            ap.error("--keep must not be the project's index/ folder")
        if index_dir.is_dir() and any(index_dir.iterdir()):
            log(f"{index_dir} is not empty: the 'cold' ingest only adds what is missing")
        index_dir.mkdir(parents=True, exist_ok=True)
    else:
        index_dir = Path(tempfile.mkdtemp(prefix="briefer-bench-index-"))

    try:
        articles = json.loads(corpus.read_text())
        if args.limit_articles is not None:
            articles = articles[: args.limit_articles]
            corpus = work / "corpus.json"
            corpus.write_text(json.dumps(articles, ensure_ascii=False))
        fig: dict = {
            "corpus": str(args.data / "corpus.json"),
            "corpus_articles": len(articles),
            "index_dir": str(index_dir),
            "cpu_model": cpu_model(),
            "cores": os.cpu_count(),
            "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "python": platform.python_version(),
        }
        del articles
        # Subprocess figures first, while this process is small and has not imported torch.
        fig.update(ingest_phase(corpus, index_dir, work))
        fig.update(help_phase(work))
        fig.update(search_phase(index_dir, queries, args.queries))
        fig.update(fp32_phase(index_dir))
        fig["ingest_vs_fp32_embed"] = fig["cold_ingest_s"] / fig["fp32_embed_s"]
        fig["targets"] = {k: {"target": t, "unit": u} for k, (_, t, u) in TARGETS.items()}
        print(report(fig))
        if args.json:
            print(json.dumps(fig, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(index_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
