"""`briefer eval`: suites of questions with reference answers, run through retrieval and answers.

A suite is questions (with gold answers and gold facts) over a corpus. Built in:

* ``seeds``: ``evals/seeds.jsonl`` over ``seeds/`` (the suite file format, see ``evals/README.md``);
* ``multihop``: MultiHop-RAG, ``corpus.json`` + ``dev_queries.json`` in ``--data`` or
  ``BRIEFER_EVAL_DATA`` (default ``<repo>/../shared/evaldata/multihop-rag``);
* ``multihop-mini``: the committed subset in ``evals/multihop-mini/`` (the CI guard).

Any other SUITE is a path: a ``.jsonl`` suite file, or a folder in MultiHop-RAG's format.

The corpus is ingested into its own index, ``<index>/evals/<suite>-<key>``, keyed by the corpus
bytes and the settings that shape the index (model, chunking), never into the user's index;
an unchanged corpus is reused. Then every question is retrieved (top 10, for the retrieval
metrics) and answered through :func:`briefer.answer.ask`; :mod:`briefer.metrics` scores it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

from briefer.answer import ask
from briefer.answer.verify import SUPPORTED, verify_sentence
from briefer.config import Settings
from briefer.evals import metrics as M
from briefer.evals.abstention import at_threshold, curve
from briefer.evals.corpus import Progress, build_index
from briefer.evals.judge import Judge
from briefer.evals.suites import HALVES, NULL_ANSWER, Question, Suite, half_of, load_suite
from briefer.index import Index
from briefer.ingest import IngestReport
from briefer.llm import LLM, choose_llm
from briefer.search import Retriever
from briefer.search.ranker import CARD

REPO = Path(__file__).resolve().parents[2]  # a checkout's root, for the git revision of the code under test

# --- running ---------------------------------------------------------------------------------


def evaluate_question(
    index: Index, llm: LLM | None, q: Question, *, k: int | None = None, judge: Judge | None = None
) -> dict:
    """One question through retrieval (top 10) and, unless ``llm`` is None, the answer pipeline, scored."""
    s = index.settings
    t0 = time.perf_counter()
    hits = Retriever(index).search(q.question, 10)
    search_ms = (time.perf_counter() - t0) * 1e3
    rec: dict = {
        "id": q.id,
        "type": q.type,
        "question": q.question,
        "gold_answer": q.answer,
        "should_abstain": q.should_abstain,
    }
    if q.gold:
        rec.update(M.retrieval_scores([h.text for h in hits], q.gold))
    rec["timings"] = {"search10_ms": round(search_ms, 1)}
    if llm is None:
        return rec
    answer = ask(index, llm, q.question, k=k)
    prediction = "" if answer.abstained else " ".join(x.text for x in answer.sentences)
    rec.update(
        prediction=prediction,
        answer=answer.text,
        abstained=answer.abstained,
        abstention_correct=float(answer.abstained == q.should_abstain),
        relevance=answer.relevance,
    )
    if q.gold and not q.should_abstain:
        cited = [(c.article_id, c.quote) for c in answer.citations]
        rec["evidence_recall"] = 0.0 if answer.abstained else M.evidence_recall(cited, q.gold)
    if q.answer is not None and not q.should_abstain:
        rec.update(
            answer_em=M.exact_match(prediction, q.answer),
            answer_f1=M.token_f1(prediction, q.answer),
            answer_lenient=M.lenient_match(prediction, q.answer),
            answer_contains=M.contains_answer(prediction, q.answer),
        )
    rec["answer_lenient_paper"] = M.paper_lenient_match(
        NULL_ANSWER if answer.abstained else prediction, NULL_ANSWER if q.should_abstain else q.answer or ""
    )
    if not answer.abstained:

        def supports(sentence: str, quotes: list[str]) -> bool:
            v = verify_sentence(sentence, quotes, embedder=index.embedder, threshold=s.answer.support_threshold)
            return v.verdict == SUPPORTED

        cites = M.citation_scores(
            (
                (x.text, [answer.citations[n - 1].quote for n in x.citations], x.verdict == SUPPORTED)
                for x in answer.sentences
            ),
            supports,
        )
        rec.update(
            citation_recall=_num(cites["recall"]),
            citation_precision=_num(cites["precision"]),
            n_sentences=cites["sentences"],
            n_citations=cites["citations"],
            verdicts=[x.verdict for x in answer.sentences],
        )
    if judge is not None:
        rec["judge"] = judge.score(rec, answer)
    rec["timings"].update({k_: round(v, 1) for k_, v in answer.timings.items()})
    rec["timings"]["answer_total_ms"] = round(sum(answer.timings.values()), 1)
    return rec


METRIC_KEYS = (
    "hits@4",
    "hits@10",
    "mrr@10",
    "map@10",
    "answer_em",
    "answer_f1",
    "answer_lenient",
    "answer_contains",
    "answer_lenient_paper",
    "abstention_accuracy",
    "citation_precision",
    "citation_recall",
    "evidence_recall",
)
STAGES = ("retrieve_ms", "generate_ms", "verify_ms", "answer_total_ms", "search10_ms")


def aggregate(records: list[dict]) -> dict:
    """The metrics of a group of per-question records (None where nothing counts)."""
    out = {k: M.mean(r.get(k) for r in records) for k in METRIC_KEYS if k != "abstention_accuracy"}
    out["abstention_accuracy"] = M.mean(r.get("abstention_correct") for r in records)
    should = [r for r in records if r["should_abstain"]]
    answerable = [r for r in records if not r["should_abstain"]]
    answered = [r for r in records if "abstained" in r]
    out["abstain_recall"] = M.mean(float(r["abstained"]) for r in should if "abstained" in r)
    out["answered_rate"] = M.mean(float(not r["abstained"]) for r in answerable if "abstained" in r)
    out["n_questions"] = len(records)
    out["n_retrieval"] = sum("hits@10" in r for r in records)
    out["n_answerable"] = len(answerable)
    out["n_answered"] = sum(not r["abstained"] for r in answered)
    judged = [r["judge"] for r in records if "judge" in r]
    if judged:
        out["judge_correct"] = M.mean(j.get("correct") for j in judged)
        out["judge_citation_support"] = M.mean(j.get("citation_support") for j in judged)
        out["judge_no_verdict"] = sum(j.get("no_verdict", 0) for j in judged)
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def latency(records: list[dict]) -> dict:
    return {
        stage: {
            "p50": _r(M.percentile([r["timings"][stage] for r in records], 50)),
            "p95": _r(M.percentile([r["timings"][stage] for r in records], 95)),
        }
        for stage in STAGES
        if records and stage in records[0]["timings"]
    }


def _num(v: float) -> float | None:
    return None if v != v else v  # nan (nothing to count) is null in JSON


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


def run_suite(
    settings: Settings,
    suite_name: str,
    *,
    data: Path | None = None,
    llm: str | None = None,
    k: int | None = None,
    limit: int | None = None,
    answers: bool = True,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
    split: str | None = None,
    judge: bool = False,
    judge_llm: str | None = None,
) -> dict:
    """Build or reuse the suite's index, run its questions, and return the whole report (JSON-able).

    ``answers=False``: retrieval only (no backend; answer, abstention and citation metrics are None).
    ``split``: only the tune or holdout half (``suites.half_of``). ``judge``: an LLM judge
    (``judge_llm``, else the answering backend) scores correctness and citation support too. A
    backend that reports relevance runs at threshold 0; the report applies the configured threshold
    and gives the whole trade-off curve (``evals.abstention``)."""
    t0 = time.perf_counter()
    revision = _revision()  # of the code that runs, before anyone commits during a long run
    suite = load_suite(suite_name, settings.evals, data)
    questions = [q for q in suite.questions if split is None or half_of(q.id) == split]
    questions = questions[:limit] if limit else questions
    index, ingest_report = build_index(settings, suite, progress)
    t1 = time.perf_counter()
    backend, notice = choose_llm(index.settings, index.embedder, llm) if answers else (None, None)
    threshold = index.settings.answer.abstain_threshold
    if backend is not None and backend.capabilities.relevance:
        backend, _ = choose_llm(index.settings.updated(abstain_threshold=0.0), index.embedder, llm)
    if notice and notify:
        notify(notice)
    grader = _judge(index, backend, judge, judge_llm)
    records = _run_questions(index, backend, questions, k, progress, grader)
    trade_off = curve(records) if backend is not None and backend.capabilities.relevance else None
    records = [at_threshold(r, threshold) for r in records]
    t2 = time.perf_counter()
    types = sorted({r["type"] for r in records})
    card = _ranker_card(index.settings, suite, split)
    return {
        "suite": suite.name,
        "metrics": aggregate(records),
        "by_type": {t: aggregate([r for r in records if r["type"] == t]) for t in types},
        "latency": latency(records),
        "warnings": _warnings(card) + _evidence_warning(suite, backend, split),
        "ranker_cv": _ranker_cv(card),
        "abstention_curve": trade_off,
        "split": split,
        "judge": grader.name if grader else None,
        "settings": _run_settings(
            suite=suite,
            index=index,
            backend=backend,
            answers=answers,
            k=k,
            limit=limit,
            records=records,
            ingest=ingest_report,
            seconds=(t0, t1, t2),
            revision=revision,
        ),
        "per_question": records,
    }


def _run_questions(
    index: Index,
    backend: LLM | None,
    questions: list[Question],
    k: int | None,
    progress: Progress | None,
    judge: Judge | None = None,
) -> list[dict]:
    """Every question scored, after an untimed warm-up (the first model calls pay one-off costs
    that would skew p95)."""
    if questions and backend:
        ask(index, backend, questions[0].question, k=k)
    elif questions:
        Retriever(index).search(questions[0].question, 10)
    records = []
    for i, q in enumerate(questions):
        if progress:
            progress("questions", i, len(questions))
        records.append(evaluate_question(index, backend, q, k=k, judge=judge))
    if progress:
        progress("questions", len(questions), len(questions))
    return records


def _judge(index: Index, backend: LLM | None, wanted: bool, name: str | None) -> Judge | None:
    if not (wanted or name) or backend is None:
        return None
    llm = choose_llm(index.settings, index.embedder, name)[0] if name else backend
    return Judge(llm)


def _run_settings(
    *,
    suite: Suite,
    index: Index,
    backend: LLM | None,
    answers: bool,
    k: int | None,
    limit: int | None,
    records: list[dict],
    ingest: IngestReport,
    seconds: tuple[float, float, float],
    revision: str | None,
) -> dict:
    """What a report must say about how it was made: suite, index, backend, settings, timings, machine."""
    s = index.settings
    t0, t1, t2 = seconds
    return {
        "suite_source": str(suite.source),
        "corpus": [str(p) for p in suite.corpus],
        "corpus_key": index.folder.name.rsplit("-", 1)[-1],
        "eval_index": str(index.folder),
        "llm": backend.name if backend else None,
        "model": backend.model if backend else None,
        "answers": answers,
        "answer_k": k or s.answer.answer_k,
        "retrieval_k": 10,
        "embed_model": s.embedding.embed_model,
        "chunk_tokens": s.ingest.chunk_tokens,
        "chunk_overlap_tokens": s.ingest.chunk_overlap_tokens,
        "candidates": s.search.candidates,
        "rrf_k": s.search.rrf_k,
        "mmr_lambda": s.search.mmr_lambda,
        "support_threshold": s.answer.support_threshold,
        "abstain_threshold": s.answer.abstain_threshold,
        "limit": limit,
        "questions": len(records),
        "corpus_articles": index.catalog.stats().get("articles"),
        "ingest": {
            "articles_added": ingest.articles_added,
            "chunks_added": ingest.chunks_added,
            "seconds": round(ingest.seconds, 1),
        },
        "index_s": round(t1 - t0, 1),
        "questions_s": round(t2 - t1, 1),
        "total_s": round(t2 - t0, 1),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "revision": revision,
        "all": s.flat(),
    }


def _ranker_card(settings: Settings, suite: Suite, split: str | None = None) -> dict | None:
    """The ranker's card (the ``ranker_model`` setting's, else the shipped one) when it was trained on
    MultiHop-RAG queries that this MultiHop-format run scores (its figures are then in-sample), else
    None: a ranker trained on one half scoring the other half is out of sample."""
    if settings.search.fusion == "rrf" or not suite.source.is_dir():
        return None
    model = settings.search.ranker_model
    try:
        meta = json.loads((model.with_suffix(".json") if model else CARD).read_text(encoding="utf-8"))
    except Exception:
        return None
    trained_on = str(meta.get("trained_on", "")).lower()
    if any(f"{half} half" in trained_on and split not in (None, half) for half in HALVES):
        return None
    return meta if "multihop" in trained_on else None


def _evidence_warning(suite: Suite, backend: LLM | None, split: str | None) -> list[str]:
    """Answers of the offline backend on the tune half are scored by an evidence model trained on it."""
    if backend is None or not backend.capabilities.relevance or not suite.source.is_dir() or split == "holdout":
        return []
    return [
        "the offline backend's evidence scorer was trained on the tune half of MultiHop-RAG dev: answer "
        "figures on those questions are in-sample; `--split holdout` gives the held-out figures"
    ]


def _ranker_cv(card: dict | None) -> dict | None:
    """The ranker's cross-validated retrieval figures, when this suite's are in-sample."""
    cv = (card or {}).get("cv") or {}
    return {k: cv[k] for k in ("hits@4", "hits@10", "mrr@10", "map@10") if k in cv} or None


def _warnings(card: dict | None) -> list[str]:
    """Reasons the figures may not mean what they seem, e.g. a ranker trained on these very queries."""
    if not card:
        return []
    cv = {k: round(v, 3) for k, v in (_ranker_cv(card) or {}).items()}
    return [
        f"retrieval used the learned ranker trained on {card['trained_on']}: MultiHop figures are "
        "measured on its training data; its cross-validated figures (evals/RESULTS.md) are the ones "
        "to quote" + (f" ({json.dumps(cv)})" if cv else "") + "; BRIEFER_FUSION=rrf gives an untrained figure"
    ]


def _revision() -> str | None:
    """The git commit of the code under test (``+dirty`` with local changes), None outside git."""
    import subprocess

    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=5
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + ("+dirty" if dirty else "")) or None
