#!/usr/bin/env python3
"""Rebuild ``evals/multihop-mini/`` (the CI regression subset) from the MultiHop-RAG dev split.

Deterministic: picks articles greedily so that typed (non-null) dev queries, balanced over the
query types, have *all* their evidence inside the subset, preferring short articles, under a
byte budget;
then fills the article budget with the shortest other articles as distractors, and adds the
first few null queries (they have no evidence, so any subset holds them).

Usage: python evals/build_multihop_mini.py [--data DIR] [--out DIR] [--articles 40] [--queries 48]
       [--nulls 8] [--max-bytes 300000]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def select(corpus: list[dict], queries: list[dict], *, max_articles: int, max_queries: int, max_bytes: int):
    size = {a["url"]: len(json.dumps(a, ensure_ascii=False).encode()) for a in corpus}
    typed = [(i, q) for i, q in enumerate(queries) if q["question_type"] != "null_query"]
    need = {i: {e["url"] for e in q["evidence_list"]} for i, q in typed}
    kinds = sorted({q["question_type"] for _, q in typed})
    chosen: set[str] = set()
    covered: list[int] = []
    used = 0
    while len(covered) < max_queries:
        best = None
        counts = {t: sum(queries[j]["question_type"] == t for j in covered) for t in kinds}
        for i, urls in need.items():
            if i in covered:
                continue
            new = urls - chosen
            cost = sum(size[u] for u in new)
            if len(chosen | new) > max_articles or used + cost > max_bytes:
                continue
            key = (counts[queries[i]["question_type"]], cost, i)  # balance the query types
            if best is None or key < best[0]:
                best = (key, i, new)
        if best is None:
            break
        _, i, new = best
        chosen |= new
        used += sum(size[u] for u in new)
        covered = [j for j, urls in need.items() if urls <= chosen]
    # distractors: the shortest remaining articles, up to the article and byte budgets
    for url in sorted(size, key=lambda u: (size[u], u)):
        if len(chosen) >= max_articles or used + size[url] > max_bytes:
            break
        if url not in chosen:
            chosen.add(url)
            used += size[url]
    return chosen, covered


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get(
        "BRIEFER_EVAL_DATA", REPO.parent / "shared" / "evaldata" / "multihop-rag")))
    ap.add_argument("--out", type=Path, default=REPO / "evals" / "multihop-mini")
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--queries", type=int, default=48)
    ap.add_argument("--nulls", type=int, default=8)
    ap.add_argument("--max-bytes", type=int, default=300_000)
    args = ap.parse_args()
    corpus = json.loads((args.data / "corpus.json").read_text(encoding="utf-8"))
    queries = json.loads((args.data / "dev_queries.json").read_text(encoding="utf-8"))
    urls, picked = select(corpus, queries, max_articles=args.articles, max_queries=args.queries,
                          max_bytes=args.max_bytes)
    nulls = [i for i, q in enumerate(queries) if q["question_type"] == "null_query"][: args.nulls]
    args.out.mkdir(parents=True, exist_ok=True)
    sub_corpus = [a for a in corpus if a["url"] in urls]
    sub_queries = [queries[i] for i in sorted(picked + nulls)]
    (args.out / "corpus.json").write_text(json.dumps(sub_corpus, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (args.out / "dev_queries.json").write_text(json.dumps(sub_queries, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
    print(f"{len(sub_corpus)} articles, {len(sub_queries)} queries ({len(nulls)} null) -> {args.out}")


if __name__ == "__main__":
    main()
