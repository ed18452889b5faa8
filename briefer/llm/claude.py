"""The Claude backend: passages go out as ``search_result`` blocks, citations come back natively.

The articles only ever travel in the user turn, as ``search_result`` content (untrusted data);
the system prompt is the fixed file ``prompts/answer_system.md``. The answer is streamed:
each ``text_delta`` goes to ``on_text`` and each ``citations_delta`` of type
``search_result_location`` becomes a ``RawCitation`` on the current text block's ``Segment``.

Failures become one-line ``BrieferError``s that never contain the API key: a missing or
rejected key is a ``ConfigError`` (exit 2); an API or network failure is a ``ServiceError``
(exit 3). A stream that breaks after some text arrived returns the partial ``Draft`` with
``incomplete=True`` instead of raising.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from briefer.config.settings import DEFAULT_CLAUDE_MODEL, LLMSettings, Settings
from briefer.core.errors import BrieferError, ConfigError, ServiceError
from briefer.core.resources import load_prompt
from briefer.llm.base import (
    Capabilities,
    Health,
    History,
    deadline,
    http_errors,
    one_line,
    with_cite_rule,
)
from briefer.llm.drafts import ABSTAIN_PHRASE, Draft, Passage, RawCitation, Segment

# What a stream that is not the Messages API's raises in the SDK (JSON errors are ValueErrors), or one
# closed by the deadline (httpx's StreamClosed is a RuntimeError).
_BAD_STREAM = (ValueError, KeyError, TypeError, AttributeError, IndexError, RuntimeError)

KEY_ENV = "ANTHROPIC_API_KEY"
FALLBACK = "use --llm extractive"


def search_result_block(passage: Passage) -> dict:
    """One passage as a ``search_result`` content block: one text block per sentence."""
    h = passage.hit
    sentences = passage.blocks() or [h.text or "(empty passage)"]  # the API rejects empty content
    return {
        "type": "search_result",
        "source": h.url or f"briefer:{h.chunk_id}",
        "title": f"{h.title} ({h.source or 'unknown outlet'}, {h.published or 'undated'})",
        "content": [{"type": "text", "text": s} for s in sentences],
        "citations": {"enabled": True},
    }


CONVERSATION_SOURCE = "briefer:conversation"


def conversation_block(history: History) -> dict:
    """The earlier turns as one more search result: data, like the articles, never instructions
    (an earlier answer may quote an article, and whatever the article says stays inside a result).
    It comes after the passages, so the passages keep their indexes; a citation of it is dropped."""
    lines = [line for q, a in history for line in (f"Question: {q}", f"Answer: {a or '(no answer)'}")]
    return {
        "type": "search_result",
        "source": CONVERSATION_SOURCE,
        "title": "Earlier in this conversation (the user's questions and briefer's answers)",
        "content": [{"type": "text", "text": line} for line in lines],
        "citations": {"enabled": True},
    }


def build_messages(question: str, passages: list[Passage], history: History | None = None) -> list[dict]:
    """One user turn: the passages, the earlier turns as data (``conversation_block``), the question."""
    content = [search_result_block(p) for p in passages]
    if history:
        content.append(conversation_block(history))
    content.append({"type": "text", "text": question})
    return [{"role": "user", "content": content}]


class _Collector:
    """Accumulates streamed content blocks into segments."""

    def __init__(self, on_text: Callable[[str], None] | None):
        self.on_text = on_text
        self.blocks: dict[int, Segment] = {}
        self.model = ""
        self.stop_reason: str | None = None
        self.got_text = False
        self.started = False  # a message_start event came: the server speaks the Messages API

    def feed(self, event: Any) -> None:
        kind = getattr(event, "type", None)
        if kind == "message_start":
            self.started = True
            self.model = getattr(event.message, "model", "") or ""
        elif kind == "content_block_start":
            if getattr(event.content_block, "type", None) == "text":
                self.blocks[event.index] = Segment(getattr(event.content_block, "text", "") or "")
        elif kind == "content_block_delta":
            self._delta(event.index, event.delta)
        elif kind == "message_delta":
            self.stop_reason = getattr(event.delta, "stop_reason", None) or self.stop_reason

    def _delta(self, index: int, delta: Any) -> None:
        kind = getattr(delta, "type", None)
        if kind == "text_delta":
            seg = self.blocks.setdefault(index, Segment(""))
            seg.text += delta.text
            if delta.text:
                self.got_text = True
                if self.on_text is not None:
                    self.on_text(delta.text)
        elif kind == "citations_delta":
            c = delta.citation
            if getattr(c, "type", None) != "search_result_location":
                return  # char_location etc.: not something we sent
            seg = self.blocks.setdefault(index, Segment(""))
            seg.citations.append(
                RawCitation(
                    int(c.search_result_index),
                    int(c.start_block_index),
                    int(c.end_block_index),
                    getattr(c, "cited_text", None),
                )
            )

    def draft(self, model: str, incomplete: bool) -> Draft:
        segments = [s for _, s in sorted(self.blocks.items()) if s.text or s.citations]
        return Draft(segments=segments, incomplete=incomplete, model=self.model or model)


class AnthropicLLM:
    name = "anthropic"
    capabilities = Capabilities(
        citations="native",
        streaming=True,
        rewrites_queries=True,
        uses_history=True,
        briefing="generative",
        offline=False,
        context=200_000,
    )

    def __init__(self, settings: LLMSettings, client: Any = None):
        self.settings = settings
        self.model = settings.model or DEFAULT_CLAUDE_MODEL
        self.retries = settings.llm_retries
        self._key = (os.environ.get(KEY_ENV) or "").strip()
        if client is None and not self._key:
            raise ConfigError(f"{KEY_ENV} is not set; export it or {FALLBACK}")
        self._client = client
        self.system = load_prompt("answer_system.md", abstain_phrase=ABSTAIN_PHRASE)
        self.cite_rule = load_prompt("cite_native.md").strip()

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Any = None) -> AnthropicLLM:
        return cls(settings.llm)

    def __repr__(self) -> str:  # never show the key
        return f"AnthropicLLM(model={self.model!r})"

    def health(self) -> Health:
        """The key is set (no call is made: a check must not spend tokens)."""
        return Health("ok", f"{KEY_ENV} set; model {self.model}")

    @property
    def client(self) -> Any:
        if self._client is None:
            import anthropic  # lazy: the extractive path never pays for the SDK import

            self._client = anthropic.Anthropic(
                api_key=self._key, max_retries=self.retries, timeout=self.settings.llm_timeout
            )
        return self._client

    def generate(
        self,
        question: str,
        passages: list[Passage],
        *,
        on_text: Callable[[str], None] | None = None,
        history: History | None = None,
        system: str | None = None,
    ) -> Draft:
        """``system`` replaces the answer prompt (briefings use their own)."""
        import anthropic

        collector = _Collector(on_text)
        cut_errors: tuple[type[BaseException], ...] = (
            anthropic.APIConnectionError,
            anthropic.APIStatusError,
            *http_errors(),
        )
        late, opened = threading.Event(), threading.Event()
        try:
            with (
                self.client.messages.stream(
                    model=self.model,
                    max_tokens=self.settings.max_tokens,
                    system=with_cite_rule(system or self.system, self.cite_rule),
                    messages=build_messages(question, passages, history),
                    # SDK 2.11 has no temperature parameter; send it only when the user set one
                    **({"extra_body": {"temperature": t}} if (t := self.settings.temperature) is not None else {}),
                ) as stream,
                deadline(self.settings.llm_deadline, stream.close) as late,
            ):
                opened.set()  # from here a connection error is a stream cut, which the SDK does not retry
                for event in stream:
                    collector.feed(event)
        except _BAD_STREAM as exc:  # a stream that is not the Messages API's (or one cut by the deadline)
            if collector.got_text:
                return collector.draft(self.model, incomplete=True)
            raise ServiceError(self._late() if late.is_set() else self._malformed(exc)) from None
        except (anthropic.AuthenticationError, anthropic.PermissionDeniedError) as exc:
            raise ConfigError(
                self._clean(f"{KEY_ENV} was rejected by the API ({exc.status_code}); check the key or {FALLBACK}")
            ) from None
        except anthropic.NotFoundError as exc:
            raise ConfigError(
                self._clean(
                    f"Claude API does not know model '{self.model}' ({exc.status_code} {_err_type(exc)}); "
                    f"set BRIEFER_MODEL to a current model or {FALLBACK}"
                )
            ) from None
        except cut_errors as exc:
            if collector.got_text:
                return collector.draft(self.model, incomplete=True)
            raise ServiceError(self._late() if late.is_set() else self._describe(exc, opened.is_set())) from None
        except anthropic.APIError as exc:  # e.g. a response that failed validation
            raise ServiceError(
                self._clean(f"Claude API failed: {type(exc).__name__}; try again later or {FALLBACK}")
            ) from None
        if late.is_set() and not collector.got_text:
            raise ServiceError(self._late())
        if not collector.started:  # a 200 that was no Messages API stream (an HTML page, a proxy's notice)
            raise ServiceError(self._malformed(None))
        return collector.draft(self.model, incomplete=late.is_set() or collector.stop_reason in (None, "max_tokens"))

    def _late(self) -> str:
        return self._clean(
            f"Claude API sent no answer within llm_deadline ({self.settings.llm_deadline:g}s); try again later, "
            f"raise BRIEFER_LLM_DEADLINE or {FALLBACK}"
        )

    def _malformed(self, exc: BaseException | None) -> str:
        what = f" ({type(exc).__name__})" if exc else ""
        return self._clean(
            f"the server at ANTHROPIC_BASE_URL did not answer as the Claude Messages API{what}; check "
            f"ANTHROPIC_BASE_URL (unset it for api.anthropic.com) or {FALLBACK}"
        )

    def rewrite(self, question: str, history: History) -> str:
        """A standalone search query for a follow-up question (prompt: prompts/rewrite_query.md).

        Falls back to the question itself if the call fails: the answer call that follows reports
        any real API problem.
        """
        content = [conversation_block(history), {"type": "text", "text": f"<follow_up>{question}</follow_up>"}]
        try:
            text = self._complete(load_prompt("rewrite_query.md"), content, max_tokens=100).strip()
        except BrieferError:
            return question
        return text.splitlines()[0].strip() if text else question

    def complete(self, system: str, user: str, *, max_tokens: int = 100) -> str:
        return self._complete(system, user, max_tokens=max_tokens)

    def _complete(self, system: str, user: str | list[dict], *, max_tokens: int) -> str:
        """One non-streamed reply to a user turn (text, or content blocks)."""
        import anthropic

        try:
            msg = self.client.messages.create(
                model=self.model, max_tokens=max_tokens, system=system, messages=[{"role": "user", "content": user}]
            )
        except (anthropic.AuthenticationError, anthropic.PermissionDeniedError) as exc:
            raise ConfigError(self._clean(f"{KEY_ENV} was rejected by the API ({exc.status_code})")) from None
        except anthropic.APIError as exc:
            raise ServiceError(self._describe(exc)) from None
        return " ".join(b.text for b in msg.content if getattr(b, "type", "") == "text")

    def _describe(self, exc: BaseException, opened: bool = False) -> str:
        """The one-line error for a failed call; ``opened``: the stream had begun (SDK 2.17 reports a
        read that fails mid-stream as a connection error too, though it never retries it)."""
        import anthropic

        if opened and isinstance(exc, anthropic.APIConnectionError) and not isinstance(exc, anthropic.APITimeoutError):
            cause = type(exc.__cause__ or exc).__name__
            return self._clean(
                f"Claude API connection broke before any answer ({cause}); check the network or {FALLBACK}"
            )

        if isinstance(exc, anthropic.APIStatusError):
            status, kind = exc.status_code, _err_type(exc)
            if status == 200:  # an SSE error event on a 200 response: the stream is never retried
                return self._clean(f"Claude API failed in the stream: {kind}; try again later or {FALLBACK}")
            n = _retries_taken(exc, self.retries)
            head = f"Claude API failed: {status} {kind} after {n} retries"
            if status in (408, 409, 429) or status >= 500:
                return self._clean(f"{head}; try again later or {FALLBACK}")
            detail = " ".join(str(getattr(exc, "api_message", "") or "").split())[:200]
            return self._clean(f"{head} ({detail}); check the settings or {FALLBACK}")
        if isinstance(exc, anthropic.APITimeoutError):
            what = f"timed out after {self.settings.llm_timeout:g}s and {self.retries} retries"
        elif isinstance(exc, anthropic.APIConnectionError):
            what = f"could not be reached (connection error) after {self.retries} retries"
        else:  # the HTTP client's own error: the stream broke before any text (not retried)
            what = f"connection broke before any answer ({type(exc).__name__})"
        return self._clean(f"Claude API {what}; check the network or {FALLBACK}")

    def _clean(self, message: str) -> str:
        return one_line(message, self._key)


def _err_type(exc: Any) -> str:
    t = getattr(exc, "type", None)
    if not t and isinstance(getattr(exc, "body", None), dict):
        t = (exc.body.get("error") or {}).get("type")
    return str(t or "error")


def _retries_taken(exc: Any, default: int) -> int:
    """The SDK stamps each attempt with ``x-stainless-retry-count``; fall back to the setting."""
    try:
        return int(exc.response.request.headers["x-stainless-retry-count"])
    except (AttributeError, KeyError, TypeError, ValueError):
        return default
