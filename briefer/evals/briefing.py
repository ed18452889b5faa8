"""`briefer eval briefing`: daily briefings scored against hand labels (``evals/labels``).

For each labelled day the briefing is built as `briefer brief --date D --days N` would build it,
in the labels' corpus index (MultiHop-RAG's, or the seeds'), and scored on what a reader sees:

- top-story coverage: share of the day's top stories the briefing cites an article of (in a bullet or
  an "Also reported" headline); told: share it tells in bullets;
- top-story bullets: share of bullets citing a top-story article; noise bullets: share citing a
  noise article (deals, listicles, reviews, how-tos, promotions);
- lead: the first three bullets all cite top stories (a multi-outlet one first, when the day has one
  that two outlets had published by the briefing's last day); undefined on a day the labels give no
  top story, like coverage;
- conflicts and updates: precision and recall against the labelled pairs (both quoted sentences
  must be the ones the briefing sets side by side); a report is also right when another day's labels
  or the hand searches of the whole corpus (``corpus-*.json``) hold its pair, while recall
  counts only the day's own labels;
- stand-alone bullets: share that pass ``text.standalone``, and by hand: the share a blind judge found
  to stand alone among the bullets judged (``JUDGED``; over all days, pooled), with how many bullets no
  judge has read yet; the seconds each briefing took;
- and once, in MultiHop-RAG's index: how well its stories group articles, against the labelled pairs
  of ``story-pairs.jsonl`` (``story_pairs.py``).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from briefer.brief.build import build
from briefer.brief.records import Briefing, ConflictReport
from briefer.config import Settings
from briefer.core.errors import ConfigError
from briefer.core.records import source_key
from briefer.evals.corpus import Progress, build_index
from briefer.evals.story_pairs import LABELS as STORY_PAIRS
from briefer.evals.story_pairs import score_story_pairs
from briefer.evals.suites import Suite, load_suite
from briefer.index import Index
from briefer.ingest.write import backfill, needs_backfill
from briefer.llm import LLM, choose_llm
from briefer.text.standalone import standalone

CORPUS_PAIRS = ("corpus-conflicts.json", "corpus-records.json")  # found by searching the whole corpus
# The latest blind judgement of every bullet of every MultiHop day's offline briefing, whether it stands
# alone (in ``evals/results``); an earlier file's verdict wins over a later one's for the same bullet.
JUDGED = (
    "briefing-bullets-judged-alldays18.jsonl",
    "briefing-bullets-judged-new18.jsonl",
    "briefing-bullets-judged-weeks18.jsonl",
    "briefing-bullets-judged-new19.jsonl",
    "briefing-bullets-judged-new20.jsonl",
    "briefing-bullets-judged-new21.jsonl",
    "briefing-bullets-judged-new24.jsonl",
    "briefing-bullets-judged-told24.jsonl",
    "briefing-bullets-judged-new25.jsonl",
)
DEFAULT_LABELS = (
    "days-tune.json",
    "days-holdout.json",
    "days-holdout2.json",
    "days-holdout3.json",
    "days-holdout4.json",
    "days-holdout5.json",
    "days-holdout6.json",
    "days-holdout7.json",
    "days-holdout8.json",
    "days-holdout9.json",
    "days-holdout10.json",
    "days-holdout11.json",
    "days-holdout12.json",
    "days-holdout13.json",
    "days-holdout14.json",
    "weeks-holdout1.json",
    "seeds.json",
)


def run_briefing_eval(
    settings: Settings,
    labels: list[Path] | None = None,
    *,
    data: Path | None = None,
    llm: str | None = None,
    progress: Progress | None = None,
) -> dict:
    """Every labelled day's briefing, scored; per label file and overall."""
    files = labels or [settings.evals.evals_dir / "labels" / name for name in DEFAULT_LABELS]
    report: dict = {"files": {}, "days": []}
    docs = {path: _read(path) for path in files}
    judged = judged_bullets(settings.evals.evals_dir / "results")
    for path, doc in docs.items():
        suite = _suite_of(doc, settings, data)
        index, _ = build_index(settings, suite, progress)
        if needs_backfill(index):
            with index.writing():
                backfill(index)
        backend, _ = choose_llm(index.settings, index.embedder, llm)
        resolve = _resolver(index)
        known = _labelled_anywhere([d for d in docs.values() if d.get("corpus") == doc.get("corpus")])
        if doc.get("corpus") != "seeds/":
            for name in CORPUS_PAIRS:
                for key, found in _corpus_pairs(settings.evals.evals_dir / "labels" / name).items():
                    known[key] += found
        days = [score_day(index, backend, day, resolve, known, judged) for day in doc["days"]]
        if "stories" not in report and doc.get("corpus") != "seeds/":
            report["stories"] = score_story_pairs(index, settings.evals.evals_dir / "labels" / STORY_PAIRS, resolve)
        report["days"] += [{"labels": path.name, **d} for d in days]
        report["files"][path.name] = aggregate(days)
    report["overall"] = aggregate(report["days"])
    return report


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read briefing labels {path} ({exc}); see evals/labels/README.md") from None


def _suite_of(doc: dict, settings: Settings, data: Path | None) -> Suite:
    """The corpus the labels quote: the seeds (``"corpus": "seeds/"``) or MultiHop-RAG."""
    return load_suite("seeds" if doc.get("corpus") == "seeds/" else "multihop", settings.evals, data)


def _resolver(index: Index):
    """Label article references (a URL, or ``seeds/<file>``) -> article ids of the index."""
    by_ref: dict[str, str] = {}
    for aid in index.catalog.ids_in_state("complete"):
        m = index.catalog.meta(aid)
        if m.url:
            by_ref[m.url] = aid
        by_ref["seeds/" + Path(m.origin.split("#")[0]).name] = aid
    return lambda ref: by_ref.get(ref)


def _corpus_pairs(path: Path) -> dict[str, list[dict]]:
    """The conflicts and updates a hand search of the whole corpus found, if the file is there."""
    doc = _read(path) if path.exists() else {}
    return {key: doc.get(key, []) for key in ("conflicts", "updates")}


def _labelled_anywhere(docs: list[dict]) -> dict[str, list[dict]]:
    """Every labelled conflict and update of a corpus, by kind: a pair one label set calls a conflict
    is a right report on any day a briefing shows it, though that day's labeller did not list it."""
    return {
        key: [p for doc in docs for day in doc["days"] for p in day.get(key, [])] for key in ("conflicts", "updates")
    }


def score_day(
    index: Index,
    llm: LLM,
    day: dict,
    resolve,
    known: dict[str, list[dict]] | None = None,
    judged: dict[str, bool] | None = None,
) -> dict:
    t0 = time.perf_counter()
    brief = build(index, llm=llm, date=day["date"], days=int(day.get("window_days", 1)), save_history=False)
    seconds = time.perf_counter() - t0
    tops = [{resolve(u) for u in story_urls(s)} - {None} for s in day.get("top_stories", [])]
    multi = [
        t for t, s in zip(tops, day.get("top_stories", [])) if s.get("multi_outlet") and _seen(index, t, brief.end)
    ]
    noise = {resolve(n["url"]) for n in day.get("noise", [])} - {None}
    top_ids = set().union(*tops) if tops else set()
    bullets = [b for sec in brief.sections for b in sec.bullets]
    cited = [{q.article_id for q in b.citations} for b in bullets]
    numbered = {s.n: s.article_id for s in brief.sources}
    listed = {numbered[n] for h in brief.also for n in h.sources}  # "Also reported" headlines cite too
    lead = cited[:3]
    out = {
        "date": day["date"],
        "bullets": len(bullets),
        "seconds": round(seconds, 2),
        "top_stories": len(tops),
        "top_story_coverage": _share(sum(1 for t in tops if t & set().union(listed, *cited)), len(tops)),
        "top_stories_told": _share(sum(1 for t in tops if t & set().union(*cited)), len(tops)),
        "top_story_bullets": _share(sum(1 for c in cited if c & top_ids), len(bullets)),
        "noise_bullets": _share(sum(1 for c in cited if c & noise), len(bullets)),
        "lead_is_top_story": None  # a day the labels give no top story has no lead to get right
        if not tops
        else float(
            bool(lead) and all(c & top_ids for c in lead) and (not multi or bool(lead[0] & set().union(*multi)))
        ),
        "standalone_bullets": _share(sum(1 for b in bullets if standalone(b.text)), len(bullets)),
        **_by_hand([b.text for b in bullets], judged or {}),
    }
    reach = (_days_before(brief.start, index.settings.briefing.story_days), brief.end)
    for kind, key in (("conflict", "conflicts"), ("update", "updates")):
        predicted = [c for c in brief.conflicts if c.kind == kind]
        labelled = [p for p in day.get(key, []) if _within(index, p, reach, resolve)]
        out[key] = _pairs(predicted, labelled, resolve, (known or {}).get(key, []))
    out["briefing"] = _summary(brief)
    return out


def judged_bullets(results: Path) -> dict[str, bool]:
    """Each bullet a blind judge read (``JUDGED``), and whether it stands alone."""
    out: dict[str, bool] = {}
    for name in JUDGED:
        path = results / name
        rows = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        for row in map(json.loads, filter(str.strip, rows)):
            out.setdefault(" ".join(row["bullet"].split()), bool(row["standalone"]))
    return out


def _by_hand(bullets: list[str], judged: dict[str, bool]) -> dict:
    """The bullets a judge has read and those of them that stand alone; the share, when any was read."""
    verdicts = [judged[t] for b in bullets if (t := " ".join(b.split())) in judged]
    return {
        "judged_bullets": len(verdicts),
        "judged_alone": sum(verdicts),
        "standalone_by_hand": _share(sum(verdicts), len(verdicts)),
    }


def story_urls(story: dict) -> list[str]:
    """A labelled top story's articles: the day's own, those outside the window the labeller linked, and
    live pages first published earlier whose entry of the day carries it (``live_entries``)."""
    live = [e["url"] for e in story.get("live_entries", [])]
    return story["articles"] + story.get("related_outside_window", []) + live


def _seen(index: Index, story: set[str], end: str) -> bool:
    """Whether two outlets had published the story by ``end``: a briefing cannot know of the second
    outlet of a story it carries only days later."""
    metas = [index.catalog.meta(a) for a in story]
    return len({source_key(m.source) for m in metas if m.source and (m.published or "9") <= end}) > 1


def _days_before(day: str, days: int) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) - dt.timedelta(days=days)).isoformat()


def _within(index: Index, pair: dict, reach: tuple[str, str], resolve) -> bool:
    """Whether both articles of a labelled pair were published where the briefing can see them (a
    day's briefing cannot report an article of the day after)."""
    for side in ("a", "b"):
        aid = resolve(pair[side]["url"])
        published = index.catalog.meta(aid).published if aid else None
        if not published or not reach[0] <= published <= reach[1]:
            return False
    return True


def _share(n: int, total: int) -> float | None:
    return round(n / total, 4) if total else None


def _pairs(predicted: list[ConflictReport], labelled: list[dict], resolve, known: list[dict] | None = None) -> dict:
    """Matched pairs: a report matches a label when its two quoted sentences hold the labels' quotes;
    a report is right when it matches the day's labels or a pair labelled so on another day."""

    def matches(rep: ConflictReport, lab: dict) -> bool:
        sides = [(s.quote.article_id, s.quote.text) for s in rep.sides]
        want = [(resolve(lab[k]["url"]), lab[k]["quote"]) for k in ("a", "b")]
        return all(any(aid == w_aid and (w_q in q or q in w_q) for aid, q in sides) for w_aid, w_q in want)

    hits = sum(1 for rep in predicted if any(matches(rep, lab) for lab in [*labelled, *(known or [])]))
    found = sum(1 for lab in labelled if any(matches(rep, lab) for rep in predicted))
    return {"predicted": len(predicted), "labelled": len(labelled), "correct": hits, "found": found}


def _summary(brief: Briefing) -> dict:
    return {
        "stories": [s.heading for s in brief.sections],
        "conflicts": [f"{c.about}: " + " vs ".join(s.figure for s in c.sides) for c in brief.conflicts],
    }


def aggregate(days: list[dict]) -> dict:
    """Macro averages over days; conflict and update precision/recall over all pairs."""

    def mean(key: str) -> float | None:
        vals = [d[key] for d in days if d.get(key) is not None]
        return round(sum(vals) / len(vals), 4) if vals else None

    out: dict = {
        k: mean(k)
        for k in (
            "top_story_coverage",
            "top_stories_told",
            "top_story_bullets",
            "noise_bullets",
            "lead_is_top_story",
            "standalone_bullets",
            "seconds",
        )
    }
    for key in ("conflicts", "updates"):
        tot = {f: sum(d[key][f] for d in days) for f in ("predicted", "labelled", "correct", "found")}
        out[f"{key}_precision"] = _share(tot["correct"], tot["predicted"])
        out[f"{key}_recall"] = _share(tot["found"], tot["labelled"])
        out[key] = tot
    out["judged_bullets"] = sum(d.get("judged_bullets", 0) for d in days)
    out["standalone_by_hand"] = _share(sum(d.get("judged_alone", 0) for d in days), out["judged_bullets"])
    out["unjudged_bullets"] = sum(d["bullets"] - d.get("judged_bullets", 0) for d in days)
    out["days"] = len(days)
    return out
