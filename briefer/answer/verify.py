"""Checks every answer sentence against the sentences it cites.

A cited sentence is SUPPORTED only when (1) every strict fact of the sentence -- number, date,
weekday, proper name -- is also in the cited text (the rules are in ``briefer.text.facts``), and
(2) the support score reaches the threshold (default 0.5). A sentence with no citation is UNCITED,
unless it is the abstention phrase or has no content word at all ("In short:"), which are SUPPORTED.

Support score (:func:`support_score`): ``recall`` is the share of the sentence's content words
(lower-cased, stop words removed, crude suffix stripping, same prefix rule as names) found in the
cited text (1.0 when it has none). Without an embedder the score is ``recall``; with one it is
``0.6 * recall + 0.4 * max(0, cosine(sentence, cited))``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefer.llm.drafts import ABSTAIN_PHRASE
from briefer.text.facts import MARKER, clean, content_words, facts_of, missing_facts, prefix_match, word_pool
from briefer.text.sentences import split_sentences

SUPPORTED, UNSUPPORTED, UNCITED = "supported", "unsupported", "uncited"
RECALL_WEIGHT, COSINE_WEIGHT = 0.6, 0.4


@dataclass
class Verdict:
    verdict: str
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


def support_score(sentence: str, cited: str, embedder=None) -> float:
    """How well ``cited`` supports ``sentence``, in [0, 1].

    ``recall`` = share of the sentence's content words (stop words removed, crude suffix strip, prefix
    rule for variants) present in ``cited``; 1.0 if the sentence has none. Without an embedder the
    score is ``recall``; with one it is ``0.6 * recall + 0.4 * max(0, cos(embed(sentence), embed(cited)))``.
    """
    words = content_words(sentence)
    pool = word_pool(content_words(cited))
    recall = sum(prefix_match(w, *pool) for w in words) / len(words) if words else 1.0
    if embedder is None:
        return float(min(1.0, recall))
    vecs = embedder.embed([clean(sentence).strip(), clean(cited).strip()])
    cosine = float(max(0.0, min(1.0, float(vecs[0] @ vecs[1]))))
    return float(min(1.0, RECALL_WEIGHT * recall + COSINE_WEIGHT * cosine))


def _is_abstention(sentence: str) -> bool:
    norm = lambda s: re.sub(r"[\s.!]+$", "", " ".join(clean(s).split())).lower()
    return norm(sentence) == norm(ABSTAIN_PHRASE)


def verify_sentence(sentence: str, cited_texts: list[str], *, embedder=None, threshold: float = 0.5) -> Verdict:
    """Verdict for one answer sentence given the texts of the sentences it cites.

    No cited text: SUPPORTED (score 1) for the abstention phrase or a sentence with no content word
    and no fact, else UNCITED (score 0). Otherwise the cited texts are combined; UNSUPPORTED if any
    strict fact of the sentence is missing from them or the support score is below ``threshold``.
    """
    cited_texts = [t for t in cited_texts if t and t.strip()]
    if _is_abstention(sentence):
        return Verdict(SUPPORTED, [], 1.0)
    if not cited_texts:
        facts = facts_of(sentence, bare_one=False)
        if not content_words(sentence) and not any(facts.values()):
            return Verdict(SUPPORTED, [], 1.0)
        return Verdict(UNCITED, ["no citation"], 0.0)
    reasons = missing_facts(sentence, cited_texts)
    score = support_score(sentence, "\n".join(cited_texts), embedder)
    if score < threshold:
        reasons.append(f"low support {score:.2f} < {threshold:.2f}")
    return Verdict(UNSUPPORTED if reasons else SUPPORTED, reasons, round(score, 4))


def split_answer_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of an answer, citation markers kept with the sentence they follow.

    Markers are blanked (same length) before splitting, so the splitter
    (:func:`briefer.chunking.split_sentences`, line by line) never sees them; each sentence then
    takes back the marker run that follows it ("X rose.[1][3] Y fell [2]." -> "X rose.[1][3]", "Y fell [2].").
    """
    masked = MARKER.sub(lambda m: " " * len(m.group()), text)
    spans = [[s.start, s.end] for s in split_sentences(masked)]
    trailing = re.compile(r"(?:\s*" + MARKER.pattern + r")+\.?")
    for i, span in enumerate(spans):
        m = trailing.match(text, span[1])
        limit = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if m and m.end() <= limit:
            span[1] = m.end()
    return [(s, e) for s, e in spans]
