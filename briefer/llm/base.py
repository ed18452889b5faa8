"""The LLM seam: the ``LLM`` protocol every answer backend implements, and its capability record.

A backend gets the question and the passages it may cite, streams text through ``on_text`` as it
arrives, and returns a ``Draft`` whose raw citations index the passages it was given
(``RawCitation.passage`` = position in ``passages``; blocks = ``passage.sentences``). Callers ask a
backend's ``capabilities`` what it can do; they never look at its name.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from briefer.llm.drafts import Draft, Passage

CITE_RULE_SLOT = "{cite_rule}"
"""Where a system prompt says how to cite; each backend fills in its own rule (native or prompted)."""

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
    writes: bool = True  # ``complete`` writes free text (the extractive backend only quotes)
    context: int = 8192
    """Tokens of context assumed when the ``llm_context`` setting is unset (what fits in one request)."""
    relevance: bool = False
    """Drafts carry ``relevance`` (how well the passages answer, in [0, 1]) and the backend abstains
    below the ``abstain_threshold`` setting, so an eval can run it at 0 and sweep the threshold."""


@dataclass(frozen=True)
class Health:
    status: Literal["ok", "warn", "fail"]
    detail: str


def with_cite_rule(system: str, rule: str) -> str:
    """A system prompt with the backend's citation rule in its slot (appended when it has none)."""
    return system.replace(CITE_RULE_SLOT, rule) if CITE_RULE_SLOT in system else f"{system}\n\n{rule}"


def rewrite_request(question: str, history: History) -> str:
    """The user turn of a query rewrite (its system prompt is ``prompts/rewrite_query.md``)."""
    turns = "\n".join(f"Q: {q}\nA: {a}" for q, a in history)
    return f"<conversation>\n{turns}\n</conversation>\n<follow_up>{question}</follow_up>"


def one_line(message: str, secret: str) -> str:
    """An error message on one line that never contains ``secret`` (defence in depth: no message is
    built from a key, but an SDK's message might echo one)."""
    line = " ".join(message.split())
    return line.replace(secret, "***") if len(secret) >= 8 else line


@contextlib.contextmanager
def deadline(seconds: float, close: Callable[[], None]) -> Iterator[threading.Event]:
    """Run the block with an overall deadline: past ``seconds``, ``close()`` is called from a timer
    thread (closing a stream makes its next read fail), and the yielded event is set so that the
    caller can tell a deadline from a broken connection."""
    fired = threading.Event()

    def fire() -> None:
        fired.set()
        with contextlib.suppress(Exception):
            close()

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()


def http_errors() -> tuple[type[BaseException], ...]:
    """The HTTP client's own error classes: the SDKs let a mid-stream cut escape unwrapped."""
    found: list[type[BaseException]] = []
    for mod in ("httpx2", "httpx"):
        try:
            found.append(__import__(mod).HTTPError)
        except (ImportError, AttributeError):
            pass
    return tuple(found)


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

    def complete(self, system: str, user: str, *, max_tokens: int = 100) -> str:
        """Plain text for one prompt, no passages (query rewrites, the eval judge); a ``BrieferError``
        when the backend cannot write free text (``capabilities.writes`` is False) or the call fails."""
        ...

    def health(self) -> Health:
        """Whether the backend can answer (``briefer doctor``); raises a ``BrieferError`` when not."""
        ...

    def rewrite(self, question: str, history: History) -> str:
        """A standalone search query for a follow-up (only called when ``capabilities.rewrites_queries``)."""
        ...
