"""Whether the passages found are on a question's subject: the checks the offline answerer makes
before it quotes anything (``briefer.llm.extractive``)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from briefer.llm.drafts import Passage
from briefer.llm.evidence import FEATURES
from briefer.text.facts import content_words, key_facts, missing_facts, prefix_match, word_pool

NAMES_COVERED, NAME_PENALTY = 0.8, 0.02
"""When the passages lack a good share of the names the question asks about ("What did the European
Union decide ...?" over passages that never name it), relevance drops by NAME_PENALTY. Chosen on the
tune half of MultiHop-RAG dev with the 0.3 threshold: answered .962 -> .937, null abstention .737 ->
.811 (holdout .954 -> .921, .708 -> .802)."""
ON_TOPIC = 0.5  # the relevance of passages one of which holds every content word of the question
GENERIC_VERBS = frozenset("happen happened happening say said says".split())
_COS_Q, _OVL_Q = FEATURES.index("cos_q"), FEATURES.index("ovl_q")
CALIBRATED_EMBEDDER = "bundled:all-MiniLM-L6-v2"  # the embedder whose cosines ``off_topic_cosine`` was set on
MOST_WORDS = 0.9
"""A sentence holding this IDF-weighted share of the question's words is on its subject, however far
in meaning: "What is Locus Biosciences?" over the one article that names it (cosine 0.40)."""
OFF_TOPIC_NOTE = "Nothing in the passages found is about it."


def off_topic(x: np.ndarray, cosine: float) -> bool:
    """Whether no sentence is near the question in meaning (``cosine``) or holds most of its words
    (``MOST_WORDS``): "How tall is Mount Everest?" over a ski resort's pistes (0.44). For a reader's
    short question only: a long multi-hop one is near no single sentence (three of MultiHop-RAG's
    holdout questions, answerable, fell under 0.45)."""
    return bool(x[:, _COS_Q].max() < cosine and x[:, _OVL_Q].max() < MOST_WORDS)


def covers_question(question: str, passages: list[Passage]) -> bool:
    """Whether one passage holds every content word of the question ("What happened to the ASX on
    October 10?" over the ASX report of that day): short questions are on the subject then, however
    low their similarity. Never the case for a long multi-hop question (none of MultiHop-RAG dev's)."""
    words = [w for w in content_words(question) if w not in GENERIC_VERBS]
    return bool(words) and any(all(prefix_match(w, *_pool(p)) for w in words) for p in passages)


def _pool(p: Passage):
    """The words a reader sees of a passage: its text, its article's title and month."""
    month = dt.date.fromisoformat(p.hit.published).strftime("%B") if p.hit.published else ""
    return word_pool(content_words(f"{p.hit.title} {month} {p.hit.text}"))


def name_coverage(question: str, texts: list[str]) -> float:
    """1.0 when every name the question mentions occurs in the passages; 0.5 less per share absent."""
    names = key_facts(question)["names"]
    if not names:
        return 1.0
    missing = [r for r in missing_facts(question, texts) if r.startswith("name ")]
    return 1.0 - 0.5 * len(missing) / len(names)
