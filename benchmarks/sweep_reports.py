#!/usr/bin/env python3
"""Every conflicting report and update the offline briefing makes over MultiHop-RAG, for reading by
hand: the briefing of each day of the corpus, for each window length, each report printed once with
its two quoted sides. Precision is what a reader sees here, on days nobody labelled. Then the recall
of the pairs found by hand searches of the whole corpus (``evals/labels/corpus-*.json``): which of
them any of these briefings reports.

    BRIEFER_INDEX=<dir> .venv/bin/python benchmarks/sweep_reports.py [--days 1 3 7]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.brief.build import build  # noqa: E402
from briefer.config import load_settings  # noqa: E402
from briefer.evals.corpus import build_index  # noqa: E402
from briefer.evals.suites import load_suite  # noqa: E402
from briefer.llm import choose_llm  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, nargs="+", default=[1, 3, 7], help="window lengths")
    args = ap.parse_args()
    settings = load_settings()
    suite = load_suite("multihop", settings.evals, None)
    index, _ = build_index(settings, suite, None)
    llm, _ = choose_llm(index.settings, index.embedder, "extractive")
    corpus = json.loads((settings.evals.eval_data / "corpus.json").read_text())
    dates = sorted({a["published_at"][:10] for a in corpus if a.get("published_at")})
    seen: dict[tuple, list[str]] = {}
    reported: dict[tuple, tuple[str, list[tuple[str, str]]]] = {}
    for days in args.days:
        for date in dates:
            for c in build(index, llm=llm, date=date, days=days, save_history=False).conflicts:
                key = (c.kind, tuple((s.quote.article_id, s.quote.start) for s in c.sides))
                seen.setdefault(key, []).append(f"{date}/{days}d")
                reported.setdefault(key, (c.kind, [(s.quote.article_id, s.quote.text) for s in c.sides]))
                if len(seen[key]) == 1:
                    print(f"{c.kind}: {c.about}: " + " vs ".join(s.figure for s in c.sides))
                    for s in c.sides:
                        print(f"    {s.figure} ({s.who}): {' '.join(s.quote.text.split())[:220]}")
    print(f"\n{len(seen)} distinct reports over {len(dates)} days x windows of {args.days} days:")
    for (kind, _), where in seen.items():
        print(f"  {kind}: {len(where)} briefings, first {where[0]}")
    corpus_recall(index, list(reported.values()), settings.evals.evals_dir / "labels")
    return 0


def corpus_recall(index, reported: list[tuple[str, list[tuple[str, str]]]], labels: Path) -> None:
    """Which pairs of the whole-corpus hand searches some briefing reported, by file and kind."""
    from briefer.evals.briefing import _resolver

    resolve = _resolver(index)
    for path in sorted(labels.glob("corpus-*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for key, kind in (("conflicts", "conflict"), ("updates", "update")):
            pairs = doc.get(key, [])
            found = [p for p in pairs if any(k == kind and _holds(sides, p, resolve) for k, sides in reported)]
            if pairs:
                print(f"{path.name} {key}: {len(found)} of {len(pairs)} reported")
                for p in pairs:
                    print(f"    {'found' if p in found else 'MISSED'}: {p.get('subject', '')[:70]}")


def _holds(sides: list[tuple[str, str]], pair: dict, resolve) -> bool:
    want = [(resolve(pair[k]["url"]), pair[k]["quote"]) for k in ("a", "b")]
    return all(any(aid == w_aid and (w_q in q or q in w_q) for aid, q in sides) for w_aid, w_q in want)


if __name__ == "__main__":
    sys.exit(main())
