"""The LLM seam: every answer backend (anthropic, extractive, fake) implements ``LLM``.

A backend gets the question and the passages it may cite, streams text through ``on_text``
as it arrives, and returns a ``Draft`` whose raw citations index the passages it was given
(``RawCitation.passage`` = position in ``passages``; blocks = ``passage.sentences``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol, runtime_checkable

from briefer.citations import Draft, Passage

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"


@runtime_checkable
class LLM(Protocol):
    name: str  # "anthropic", "extractive", "fake"
    model: str

    def generate(
        self, question: str, passages: list[Passage], *, on_text: Callable[[str], None] | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Draft:
        """``history``: earlier (question, answer) turns of a conversation, oldest first, already bounded."""


def load_prompt(name: str, **values: object) -> str:
    """``prompts/<name>`` with each ``{key}`` replaced by ``values[key]``.

    Plain ``str.replace`` per key, so other braces (JSON examples) in a prompt stay as written.
    """
    text = (PROMPTS / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


class ScriptedLLM:
    """Deterministic fake backend for tests: returns the drafts it was given, in order, and
    records what it was asked (question and passages), like a real backend would see them."""

    name = "fake"
    model = "scripted"

    def __init__(self, *drafts: Draft):
        self.drafts = list(drafts)
        self.calls: list[tuple[str, list[Passage]]] = []
        self.histories: list[list[tuple[str, str]]] = []

    def generate(self, question, passages, *, on_text=None, history=None) -> Draft:
        self.calls.append((question, passages))
        self.histories.append(list(history or []))
        draft = self.drafts.pop(0) if len(self.drafts) > 1 else self.drafts[0]
        if on_text:
            for seg in draft.segments:
                on_text(seg.text)
        return draft
