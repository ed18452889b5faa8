"""The abstention threshold's trade-off, for backends that report a relevance (capability
``relevance``): the suite runs once at threshold 0, and each threshold's abstentions are applied
afterwards, so every point of the curve comes from the same answers.

A question whose relevance is under the threshold counts as abstained: no prediction, no evidence,
no citations; right when it should abstain.
"""

from __future__ import annotations

from briefer.evals import metrics as M
from briefer.evals.suites import NULL_ANSWER
from briefer.llm.drafts import ABSTAIN_PHRASE

GRID = (0.0, 0.1, 0.2, 0.25, 0.28, 0.3, 0.32, 0.35, 0.4, 0.5)
ANSWER_ONLY = ("citation_recall", "citation_precision", "n_sentences", "n_citations", "verdicts", "judge")


def at_threshold(rec: dict, threshold: float) -> dict:
    """The record as it would be had the backend abstained under ``threshold``."""
    if rec.get("relevance") is None or rec["relevance"] >= threshold or rec.get("abstained"):
        return rec
    out = {k: v for k, v in rec.items() if k not in ANSWER_ONLY}
    out.update(prediction="", answer=ABSTAIN_PHRASE, abstained=True, abstention_correct=float(rec["should_abstain"]))
    for key in ("answer_em", "answer_f1", "answer_lenient", "answer_contains", "evidence_recall"):
        if key in out:
            out[key] = 0.0
    gold = NULL_ANSWER if rec["should_abstain"] else rec.get("gold_answer") or ""
    out["answer_lenient_paper"] = M.paper_lenient_match(NULL_ANSWER, gold)
    return out


def curve(records: list[dict], grid: tuple[float, ...] = GRID) -> list[dict]:
    """Per threshold: answered rate, evidence recall, lenient accuracy and citation precision on the
    answerable questions, and abstention on the null ones."""
    rows = []
    for t in grid:
        recs = [at_threshold(r, t) for r in records]
        answerable = [r for r in recs if not r["should_abstain"]]
        null = [r for r in recs if r["should_abstain"]]
        rows.append(
            {
                "threshold": t,
                "answered_rate": M.mean(float(not r["abstained"]) for r in answerable),
                "evidence_recall": M.mean(r.get("evidence_recall") for r in answerable),
                "answer_lenient": M.mean(r.get("answer_lenient") for r in answerable),
                "citation_precision": M.mean(r.get("citation_precision") for r in recs),
                "null_abstained": M.mean(float(r["abstained"]) for r in null),
            }
        )
    return [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()} for row in rows]
