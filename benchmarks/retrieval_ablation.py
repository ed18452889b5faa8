"""Retrieval ablations on MultiHop-RAG with the paper's scorer: one row per configuration.

    .venv/bin/python benchmarks/retrieval_ablation.py [--data DIR] [--limit N] [--only NAME] [-o evals/RESULTS.md]

Uses the same eval index as `briefer eval multihop` (built on first use). Each row changes
retrieval settings only (no re-ingest); the four metrics overall and per question type, and
per-query search latency p50/p95 (query embedding included), are printed and written as Markdown.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.config import load_settings  # noqa: E402
from briefer.evals import metrics as M  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.search import Retriever  # noqa: E402

BASE = dict(query_outlets=False, query_dates=False, mmr_lambda=1.0, fusion="rrf", query_clauses=False)
SUBS = dict(BASE, query_outlets=True, query_dates=True)
RANKER = dict(SUBS, fusion="learned", query_clauses=True)
ABLATIONS: list[tuple[str, dict]] = [
    ("dense only (MiniLM, header + chunk)", {**BASE, "bm25_weight": 0.0}),
    ("BM25 only (FTS5, header + chunk)", {**BASE, "dense_weight": 0.0}),
    ("dense + BM25, RRF", BASE),
    ("dense + BM25, RRF, MMR 0.75", {**BASE, "mmr_lambda": 0.75}),
    ("+ outlet sub-queries", {**BASE, "query_outlets": True}),
    ("+ outlet and date sub-queries", SUBS),
    ("+ outlet and date sub-queries, MMR 0.75", {**SUBS, "mmr_lambda": 0.75}),
    ("+ clause sentence BM25, learned ranker (shipped model, default)", RANKER),
    ("+ clause sentence BM25, learned ranker, MMR 0.75", {**RANKER, "mmr_lambda": 0.75}),
]
TYPES = ("inference_query", "comparison_query", "temporal_query")


def run(index, base_settings, overrides: dict, questions) -> dict:
    index.settings = base_settings.updated(**overrides)
    retriever = Retriever(index)
    retriever.search(questions[0].question, 10)  # warm-up
    rows, times = [], []
    for q in questions:
        t0 = time.perf_counter()
        hits = retriever.search(q.question, 10)
        times.append((time.perf_counter() - t0) * 1e3)
        rows.append((q.type, M.retrieval_scores([h.text for h in hits], q.gold)))
    out = {"all": _mean([r for _, r in rows])}
    for t in TYPES:
        out[t] = _mean([r for ty, r in rows if ty == t])
    times.sort()
    out["p50"] = statistics.median(times)
    out["p95"] = times[int(0.95 * (len(times) - 1))]
    return out


def _mean(rows: list[dict]) -> dict:
    return {k: sum(r[k] for r in rows) / len(rows) for k in ("hits@4", "hits@10", "mrr@10", "map@10")} if rows else {}


def table(results: list[tuple[str, dict]], n: int) -> str:
    lines = [f"Non-null MultiHop-RAG dev queries: {n}. Metrics: Hits@4 / Hits@10 / MRR@10 / MAP@10.", "",
             "| configuration | Hits@4 | Hits@10 | MRR@10 | MAP@10 | inference | comparison | temporal | p50 ms | p95 ms |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results:
        a = r["all"]
        per = [" / ".join(f"{r[t][k]:.2f}" for k in ("hits@4", "hits@10", "mrr@10", "map@10")) if r[t] else "-" for t in TYPES]
        lines.append(f"| {name} | {a['hits@4']:.3f} | {a['hits@10']:.3f} | {a['mrr@10']:.3f} | {a['map@10']:.3f} | "
                     + " | ".join(per) + f" | {r['p50']:.1f} | {r['p95']:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--only", help="run only the ablations whose name contains this")
    ap.add_argument("-o", "--output", type=Path)
    ap.add_argument("--eval-index", type=Path, help="use this already-built eval index folder as it is")
    args = ap.parse_args()
    settings = load_settings()
    suite = load_suite("multihop", settings.evals, args.data)
    if args.eval_index:
        from briefer.index import Index

        index = Index(settings.updated(index=args.eval_index, chroma_url=None))
    else:
        index, _ = build_index(settings, suite)
    questions = [q for q in suite.questions if q.gold][: args.limit]
    results = []
    base_settings = index.settings
    for name, overrides in ABLATIONS:
        if args.only and args.only not in name:
            continue
        results.append((name, run(index, base_settings, overrides, questions)))
        print(table(results[-1:], len(questions)).splitlines()[-1], flush=True)
    text = table(results, len(questions))
    print(text)
    if args.output:
        args.output.write_text("# Retrieval results on MultiHop-RAG\n\n" + text)


if __name__ == "__main__":
    main()
