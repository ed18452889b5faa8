"""Check the hand labels in evals/labels against the corpus they quote.

Every URL must name a corpus article; every quote must be an exact substring of that article's
title or body; every value must be written inside its quote; a pair of articles (one event or
two) names two different corpus articles by URL, with their own titles; a day's top-story and noise articles
must be published inside the day's window and be disjoint. Exit 1 with one line per problem.

    python evals/labels/check_labels.py [--corpus ../shared/evaldata/multihop-rag/corpus.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[2] / "shared" / "evaldata" / "multihop-rag" / "corpus.json"


def load_corpus(path: Path) -> dict[str, dict]:
    """MultiHop-RAG's articles by URL, and the seeds by their path (``seeds/<file>``)."""
    corpus = {a["url"]: a for a in json.loads(path.read_text(encoding="utf-8"))}
    for seed in sorted((HERE.parents[1] / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        corpus[f"seeds/{seed.name}"] = {"body": text, "title": text.split("\n", 1)[0], "published_at": ""}
    return corpus


def check_quote(side: dict, corpus: dict[str, dict], where: str) -> list[str]:
    problems = []
    art = corpus.get(side.get("url", ""))
    if art is None:
        return [f"{where}: url {side.get('url')!r} is not a corpus article"]
    quote = side.get("quote", "")
    if not quote or (quote not in art["body"] and quote not in art["title"]):
        problems.append(f"{where}: quote not found verbatim in {side['url']}: {quote[:80]!r}")
    value = side.get("value")
    if value is not None and value not in quote:
        problems.append(f"{where}: value {value!r} is not written in its quote")
    return problems


def window(day: dict) -> tuple[str, str]:
    end = dt.date.fromisoformat(day["date"])
    start = end - dt.timedelta(days=int(day.get("window_days", 1)) - 1)
    return start.isoformat(), end.isoformat()


def check_day(day: dict, corpus: dict[str, dict]) -> list[str]:
    problems = []
    start, end = window(day)
    tag = f"day {day['date']}"
    top_urls: set[str] = set()
    for story in day.get("top_stories", []):
        for url in story.get("articles", []):
            top_urls.add(url)
            art = corpus.get(url)
            if art is None:
                problems.append(f"{tag} story {story.get('id')}: url {url!r} is not a corpus article")
            elif art["published_at"] and not start <= art["published_at"][:10] <= end:
                problems.append(f"{tag} story {story.get('id')}: {url} is published {art['published_at'][:10]}, "
                                f"outside {start}..{end}")
        for url in story.get("related_outside_window", []):
            if url not in corpus:
                problems.append(f"{tag} story {story.get('id')}: related url {url!r} is not a corpus article")
        for entry in story.get("live_entries", []):  # a live page first published before, its entry of the day
            art = corpus.get(entry.get("url"))
            if art is None:
                problems.append(f"{tag} story {story.get('id')}: live page {entry.get('url')!r} is not a corpus article")
            elif not art["published_at"][:10] < start <= entry.get("entry_date", "") <= end:
                problems.append(f"{tag} story {story.get('id')}: live page {entry['url']} is no earlier page with an "
                                f"entry in {start}..{end}")
        if not story.get("articles") and not story.get("live_entries"):
            problems.append(f"{tag} story {story.get('id')}: no articles")
    for item in day.get("noise", []):
        url = item.get("url")
        if url not in corpus:
            problems.append(f"{tag} noise: url {url!r} is not a corpus article")
        elif url in top_urls:
            problems.append(f"{tag} noise: {url} is also a top-story article")
    for kind in ("conflicts", "updates", "near_misses"):
        for i, pair in enumerate(day.get(kind, [])):
            for side in ("a", "b"):
                problems += check_quote(pair.get(side, {}), corpus, f"{tag} {kind}[{i}].{side}")
    return problems


def check_jsonl(path: Path, corpus: dict[str, dict]) -> list[str]:
    problems = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        rec = json.loads(line)
        if "first" in rec and "second" in rec:  # two bullets under one heading: one fact or two
            problems += check_bullets(rec, corpus, f"{path.name}:{n}")
        elif "about" in rec and len(rec) == 1:  # the file's header line
            continue
        elif "a" in rec and "b" in rec:  # a pair of articles: one event or two
            problems += check_pair(rec, corpus, f"{path.name}:{n}")
        elif "question" in rec:  # a chat request and its reading
            problems += check_request(rec, f"{path.name}:{n}")
        elif rec.get("url") not in corpus:
            problems.append(f"{path.name}:{n}: url {rec.get('url')!r} is not a corpus article")
        elif "sentence" in rec:
            problems += check_quote({"url": rec["url"], "quote": rec["sentence"]}, corpus, f"{path.name}:{n}")
        elif "topic" in rec and (rec.get("title") != corpus[rec["url"]]["title"] or not isinstance(rec.get("about"), bool)):
            problems.append(f"{path.name}:{n}: a topic hit needs the article's own title and 'about' true or false")
        elif "start" in rec and not rec["start"] <= corpus[rec["url"]]["published_at"][:10] <= rec["end"]:
            problems.append(f"{path.name}:{n}: the article is not of the window {rec['start']} to {rec['end']}")
    return problems


def check_request(rec: dict, where: str) -> list[str]:
    """A chat request's reading: an intent, and for a briefing a period within the corpus's days."""
    if rec.get("intent") not in ("news", "conflicts", None):
        return [f"{where}: intent must be 'news', 'conflicts' or null"]
    if rec["intent"] is None:
        return []
    try:
        end = dt.date.fromisoformat(rec["end"])
    except (KeyError, TypeError, ValueError):
        return [f"{where}: a briefing's 'end' must be an ISO date"]
    if not isinstance(rec.get("days"), int) or not 1 <= rec["days"] <= 366 or end > dt.date(2023, 12, 31):
        return [f"{where}: 'days' must be 1 to 366 and the period end by 2023"]
    return []


def check_bullets(rec: dict, corpus: dict[str, dict], where: str) -> list[str]:
    """Each bullet is its article's own sentence (bullets join a sentence's lines with single spaces)."""
    problems = [] if rec.get("label") in ("same", "adds") else [f"{where}: label must be 'same' or 'adds'"]
    for key in ("first", "second"):
        art = corpus.get(rec.get(f"{key}_url") or "")
        if art is None:
            problems.append(f"{where}: {key}_url {rec.get(f'{key}_url')!r} is not a corpus article")
        elif rec[key] not in " ".join(art["body"].split()):
            problems.append(f"{where}: {key} bullet not found in {rec[f'{key}_url']}: {rec[key][:80]!r}")
    return problems


def check_pair(rec: dict, corpus: dict[str, dict], where: str) -> list[str]:
    problems = [f"{where}: url {rec[k]!r} is not a corpus article" for k in ("a", "b") if rec[k] not in corpus]
    if rec["a"] == rec["b"]:
        problems.append(f"{where}: an article paired with itself")
    if not isinstance(rec.get("same"), bool):
        problems.append(f"{where}: 'same' must be true or false")
    titles = rec.get("titles", [])
    if not problems and titles != [corpus[rec["a"]]["title"], corpus[rec["b"]]["title"]]:
        problems.append(f"{where}: titles are not the articles' own")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    corpus = load_corpus(args.corpus)
    problems: list[str] = []
    counts = []
    for path in sorted([*HERE.glob("days-*.json"), *HERE.glob("weeks-*.json"), HERE / "seeds.json"]):
        days = json.loads(path.read_text(encoding="utf-8"))["days"]
        counts.append(f"{path.name}: {len(days)} days")
        for day in days:
            problems += check_day(day, corpus)
    for path in sorted(HERE.glob("corpus-*.json")):  # pairs found by searching the whole corpus
        doc = json.loads(path.read_text(encoding="utf-8"))
        found = [pair for key in ("conflicts", "updates", "other") for pair in doc.get(key, [])]
        counts.append(f"{path.name}: {len(found)} pairs")
        for k, pair in enumerate(found):
            problems += [p for side in ("a", "b") for p in check_quote(pair[side], corpus, f"{path.name} #{k}")]
    for path in sorted(HERE.glob("*.jsonl")):
        counts.append(f"{path.name}: {sum(1 for line in path.read_text().splitlines() if line.strip())} rows")
        problems += check_jsonl(path, corpus)
    for p in problems:
        print(p)
    print(f"{'; '.join(counts)}; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
