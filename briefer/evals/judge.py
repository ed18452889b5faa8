"""An LLM judge, through any backend that writes (``capabilities.writes``): does an answer state the
reference answer (MultiHop-RAG's correctness), and does each cited passage support its sentence.
Reported beside the verifier's figures, never instead of them.

The verdict words are constants shared by the prompts (``prompts/judge_*.md``) and the parser; a
reply with neither word counts as no verdict (None), not as a pass.
"""

from __future__ import annotations

import re

from briefer.core.errors import ConfigError
from briefer.core.resources import load_prompt
from briefer.llm import LLM

CORRECT, INCORRECT = "CORRECT", "INCORRECT"
SUPPORTED, UNSUPPORTED = "SUPPORTED", "UNSUPPORTED"


def verdict(reply: str, yes: str, no: str) -> bool | None:
    """True for ``yes``, False for ``no`` (the first of them in the reply), None for neither."""
    reply = reply.upper()
    if re.search(rf"\bNOT\s+{re.escape(yes)}\b", reply):
        return False
    m = re.search(rf"\b({re.escape(no)}|{re.escape(yes)})\b", reply)
    return None if m is None else m.group(1) == yes


class Judge:
    def __init__(self, llm: LLM):
        if not llm.capabilities.writes:
            raise ConfigError(f"the {llm.name} backend cannot judge; use --judge-llm anthropic or openai")
        self.llm = llm
        self.answer_prompt = load_prompt("judge_answer.md", correct=CORRECT, incorrect=INCORRECT)
        self.support_prompt = load_prompt("judge_support.md", supported=SUPPORTED, unsupported=UNSUPPORTED)

    @property
    def name(self) -> str:
        return f"{self.llm.name} ({self.llm.model})"

    def correct(self, question: str, reference: str, answer: str) -> bool | None:
        user = f"<question>{question}</question>\n<reference>{reference}</reference>\n<candidate>{answer}</candidate>"
        return verdict(self.llm.complete(self.answer_prompt, user, max_tokens=8), CORRECT, INCORRECT)

    def supports(self, sentence: str, cited: list[str]) -> bool | None:
        user = f"<sentence>{sentence}</sentence>\n<cited>{' '.join(cited)}</cited>"
        return verdict(self.llm.complete(self.support_prompt, user, max_tokens=8), SUPPORTED, UNSUPPORTED)

    def score(self, rec: dict, answer) -> dict:
        """The judge's figures for one evaluated question (``answer`` is its ``Answer``)."""
        out: dict = {}
        if rec.get("gold_answer") and not rec["should_abstain"]:
            ok = self.correct(rec["question"], rec["gold_answer"], answer.text) if not answer.abstained else False
            out["correct"] = None if ok is None else float(ok)
        cited = [s for s in answer.sentences if s.citations]
        votes = [self.supports(s.text, [answer.citations[n - 1].quote for n in s.citations]) for s in cited]
        known = [v for v in votes if v is not None]
        out["citation_support"] = sum(known) / len(known) if known else None
        out["no_verdict"] = sum(v is None for v in votes) + int("correct" in out and out["correct"] is None)
        return out
