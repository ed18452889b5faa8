"""The LLM seam: the ``LLM`` protocol every answer backend implements, and its capability record.

A backend gets the question and the passages it may cite, streams text through ``on_text`` as it
arrives, and returns a ``Draft`` whose raw citations index the passages it was given
(``RawCitation.passage`` = position in ``passages``; blocks = ``passage.sentences``). Callers ask a
backend's ``capabilities`` what it can do; they never look at its name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from briefer.llm.drafts import Draft, Passage

History = list[tuple[str, str]]
"""Earlier (question, answer) turns of a conversation, oldest first, already bounded."""


@dataclass(frozen=True)
class Capabilities:
    citations: Literal["native", "prompted", "extractive"]
    """How answers cite: through the API's own citation feature (native), as ``[n]`` markers the
    model is told to write (prompted), or by quoting passage sentences verbatim (extractive)."""
    streaming: bool  # text reaches ``on_text`` as it is generated
    rewrites_queries: bool  # ``rewrite`` turns a follow-up into a standalone search query
    uses_history: bool  # earlier turns are sent with each question
    briefing: Literal["generative", "extractive"]  # which briefing composer writes with it
    offline: bool  # needs no network service
    relevance: bool = False
    """Drafts carry ``relevance`` (how well the passages answer, in [0, 1]) and the backend abstains
    below the ``abstain_threshold`` setting, so an eval can run it at 0 and sweep the threshold."""


@runtime_checkable
class LLM(Protocol):
    name: str
    model: str
    capabilities: Capabilities

    def generate(
        self,
        question: str,
        passages: list[Passage],
        *,
        on_text: Callable[[str], None] | None = None,
        history: History | None = None,
        system: str | None = None,
    ) -> Draft:
        """``system`` replaces the backend's answer prompt (briefings use their own)."""
        ...

    def rewrite(self, question: str, history: History) -> str:
        """A standalone search query for a follow-up (only called when ``capabilities.rewrites_queries``)."""
        ...
