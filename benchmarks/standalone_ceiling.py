#!/usr/bin/env python3
"""How far surface features can tell a bullet that stands alone from one that leans on its article.

Reads every bullet judged by hand (``evals/results/briefing-bullets-judged*.jsonl``) and the 400
labelled sentences (``evals/labels/standalone.jsonl``), finds each in the MultiHop-RAG corpus (for
its position and the text before it), and prints:

- the share judged to stand alone by the sentence's position in its article and by how it opens;
- a logistic regression over surface features (position, opening, names, figures, attribution,
  pronouns, quotes, length, the rules' verdict), cross-validated by article: the precision among
  the sentences the rules pass, at several thresholds, and the share it keeps.

Usage: python benchmarks/standalone_ceiling.py [--corpus PATH]   (needs scikit-learn, a dev extra)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefer.text.facts import key_facts  # noqa: E402
from briefer.text.sentences import split_sentences  # noqa: E402
from briefer.text.standalone import reasons  # noqa: E402
from briefer.text.words import STOPWORDS  # noqa: E402

PREPOSITIONS = set("in on at for after with as by from during since before while when if despite under over".split())
PRONOUNS = re.compile(r"\b(?:he|she|they|it|his|her|their|its|him|them)\b", re.I)


def _norm(text: str) -> str:
    return " ".join(text.split())


def examples(corpus: list[dict]) -> list[dict]:
    """Judged bullets, then labelled sentences, each once, with position, preceding text and the days
    it was judged on or published."""
    bodies = [(a["url"], a["body"], _norm(a["body"])) for a in corpus]
    rows: list[dict] = []
    seen: dict[str, dict] = {}
    judged = [
        (r["bullet"], r["standalone"], None, r.get("day"))
        for f in sorted((REPO / "evals" / "results").glob("briefing-bullets-judged*.jsonl"))
        for r in map(json.loads, f.read_text().splitlines())
    ]
    labelled = [
        (r["sentence"], r["standalone"], r["url"], None)
        for r in map(json.loads, (REPO / "evals" / "labels" / "standalone.jsonl").read_text().splitlines())
    ]
    published = {a["url"]: (a.get("published_at") or "")[:10] for a in corpus}
    for text, label, url, day in judged + labelled:
        key = _norm(text)
        if key in seen:
            seen[key]["days"] |= {day} - {None}
            continue
        pos, before, where = None, "", url or key
        for u, body, flat in bodies:
            if (url is None or u == url) and key[:70] in flat:
                spans = split_sentences(body)
                hit = next((i for i, s in enumerate(spans) if key[:50] in _norm(body[s.start : s.end])), None)
                pos, before, where = hit, body[: spans[hit].start] if hit is not None else "", u
                break
        days = {day, published.get(where)} - {None, ""}
        seen[key] = {"text": key, "y": label, "pos": pos, "before": before, "group": where, "bullet": url is None}
        seen[key]["days"] = days
        rows.append(seen[key])
    return rows


def opening(text: str) -> str:
    words = text.split()
    first = words[0].strip("“\"‘'(")
    if text[0] in '“"':
        return "a quotation"
    if first == "The":
        return "The + Name" if words[1][:1].isupper() else "The + lowercase"
    if first.lower() in PREPOSITIONS:
        return "a preposition"
    if first.lower() in STOPWORDS:
        return "another function word"
    return "a name or other word"


def features(r: dict) -> list[float]:
    s, pos = r["text"], r["pos"] if r["pos"] is not None else 99
    facts, kind = key_facts(s), opening(s)
    return [
        pos == 0,
        1 <= pos <= 2,
        3 <= pos <= 5,
        pos >= 6,
        kind == "The + lowercase",
        kind == "The + Name",
        kind == "a preposition",
        kind == "another function word",
        kind == "a quotation",
        min(len(facts["names"]), 4) / 4,
        bool(facts["numbers"]),
        bool(facts["dates"]),
        bool(re.search(r"\b(?:said|says|told|according to|announced|reported)\b", s)),
        min(len(PRONOUNS.findall(s)), 3) / 3,
        ";" in s,
        ":" in s,
        "“" in s or '"' in s,
        min(len(s.split()), 60) / 60,
        bool(reasons(s, r["before"])),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/evaldata/multihop-rag/corpus.json")
    args = ap.parse_args()
    rows = examples(json.loads(args.corpus.read_text()))
    bullets = [r for r in rows if r["bullet"]]
    print(f"{len(rows)} sentences ({len(bullets)} judged bullets), {sum(r['y'] for r in rows)} stand alone")
    for title, key in (
        ("position in the article", lambda r: min(r["pos"] if r["pos"] is not None else 9, 6)),
        ("opening", lambda r: opening(r["text"])),
    ):
        counts = Counter((key(r), r["y"]) for r in bullets)
        print(f"judged bullets by {title}:")
        for k in sorted({k for k, _ in counts}, key=str):
            good, bad = counts[(k, True)], counts[(k, False)]
            print(
                f"  {str(k) + ('+' if k == 6 else ''):24s} {good:4d} of {good + bad:4d} stand alone ({good / (good + bad):.2f})"
            )
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    x = np.array([features(r) for r in rows], dtype=float)
    y = np.array([r["y"] for r in rows])
    groups = np.array([hash(r["group"]) % 10**9 for r in rows])
    p = np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, groups):
        p[test] = LogisticRegression(max_iter=2000).fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    passing = (x[:, -1] == 0) & np.array([r["bullet"] for r in rows])
    print(
        f"learned filter, cross-validated by article, on the {passing.sum()} judged bullets the rules pass "
        f"(precision {y[passing].mean():.3f} with no filter):"
    )
    for t in (0.6, 0.7, 0.8, 0.85, 0.9):
        kept = passing & (p >= t)
        print(f"  threshold {t}: keeps {kept.sum() / passing.sum():.2f}, precision {y[kept].mean():.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
