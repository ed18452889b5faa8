"""Repair before flagging, for prompted citations: a sentence its markers do not support (or that has
none) is re-anchored to the retrieved sentence that best supports it, when one passes the verifier.

Small local models often cite nothing or the neighbouring sentence; the claim may still be in the
passages. Only a sentence the verifier accepts is taken, so a repair never makes an unsupported
claim look supported.
"""

from __future__ import annotations

from briefer.answer.verify import SUPPORTED, support_score, verify_sentence
from briefer.llm.drafts import Passage, RawCitation

TRIED = 3  # candidate sentences (best word support first) put to the verifier


def reanchor(sentence: str, passages: list[Passage], *, embedder=None, threshold: float = 0.5) -> RawCitation | None:
    """The passage sentence that best supports ``sentence`` and passes the verifier, or None."""
    blocks = [(p.index, b, p.block_text(b)) for p in passages for b in range(len(p.sentences))]
    ranked = sorted(blocks, key=lambda x: -support_score(sentence, x[2]))[:TRIED]
    best: tuple[float, RawCitation] | None = None
    for passage, block, text in ranked:
        verdict = verify_sentence(sentence, [text], embedder=embedder, threshold=threshold)
        if verdict.verdict == SUPPORTED and (best is None or verdict.score > best[0]):
            best = (verdict.score, RawCitation(passage, block, block + 1, text))
    return best[1] if best else None
